#include "persoon.h"

int adjusted_factor(const struct persoon *p)
{
	int factor = lookup_factor(p);
	return factor + 1;
}
