#include "persoon.h"

int selectie_gewicht(const struct persoon *p)
{
	int weight = p->geboortejaar > 1990;
	if (p->nationaliteit[1] == 'Y')
		weight += 2;
	return weight;
}
