#include "persoon.h"

double risk_of(const struct persoon *p)
{
	double weight = adjusted_factor(p) * 0.5; /* two units away */
	weight += plain_factor(p);                /* defined elsewhere, not flagged */
	return weight;
}
