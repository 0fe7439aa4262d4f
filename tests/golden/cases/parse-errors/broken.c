/* A file that does not compile: what parsed is still reported. */
#include "missing_header.h"

struct aanvrager {
	char nationaliteit[4];
	undeclared_type_t postcode;
};

int score(struct aanvrager *a) {
	return a->nationaliteit[0] +   /* missing operand */ ;
}

int geboorteland_weging = 3;
