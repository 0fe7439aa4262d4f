#include "persoon.h"

int nationaliteit_bekend;

int selectie_score(const struct persoon *p)
{
	int score = 0;
	if (p->nationaliteit[1] == 'Y')
		score += 2;
	return score;
}
