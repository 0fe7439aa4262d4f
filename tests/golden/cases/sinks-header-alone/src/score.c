#include "persoon.h"

int risico_score(const struct persoon *p)
{
	int score = 0;
	if (p->nationaliteit[0] == 'X')
		score += 3;
	return score + selectie_gewicht(p);
}
