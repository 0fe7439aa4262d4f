/* No word of its own that could be a finding. */
int land_code(const void *p);
