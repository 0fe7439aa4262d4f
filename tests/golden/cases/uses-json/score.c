#include "persoon.h"

int risico_score(const struct persoon *p)
{
	int score = 0;
	if (p->geboorteland != 528)
		score += 10;
	return score;
}
