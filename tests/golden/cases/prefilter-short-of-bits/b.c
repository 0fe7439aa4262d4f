/* No watch list: still skipped. */
int unrelated;
