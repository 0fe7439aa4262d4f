#include "persoon.h"

int nationaliteit_bekend;

int risico_score(const struct persoon *p)
{
	int score = 0;
	if (p->nationaliteit[0] == 'X')
		score += 3;
	return score;
}
