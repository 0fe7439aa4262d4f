/* Calls land_code with no declaration before it, as C before C99 allowed:
 * libclang lists no declaration of the function, only the call. */
int risk_level;

void herbereken(const void *p)
{
	risk_level = land_code(p);
}
