#include "persoon.h"

double risk_of(const struct persoon *p)
{
	double weight = adjusted_factor(p) * 0.5; /* two units away */
	weight += plain_factor(p);                /* defined elsewhere, not flagged */
	return weight;
}

void accumulate(struct totaal *t, const struct persoon *p)
{
	add_to(t, p->geboorteland); /* the sink is in herkomst.c */
}
