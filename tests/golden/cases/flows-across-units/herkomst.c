#include "persoon.h"

int lookup_factor(const struct persoon *p)
{
	return p->geboorteland == 528 ? 1 : 3;
}

int plain_factor(const struct persoon *p)
{
	return p->inkomen > 1000 ? 1 : 2;
}

/* A parameter into a sink: its callers' arguments reach it. */
void add_to(struct totaal *t, double value)
{
	t->risk += value;
}
