#include "persoon.h"

/* Uses that feed no score: a write and two reads in a comparison. */
void bewaar(struct persoon *p, int waarde)
{
	p->geboorteland = waarde;
}

int gelijk(const struct persoon *a, const struct persoon *b)
{
	return a->geboorteland == b->geboorteland;
}
