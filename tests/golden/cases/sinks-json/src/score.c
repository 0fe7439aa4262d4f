#include "../include/model.h"

static int selectie_gewicht;

int bereken_score(struct aanvraag *a)
{
	int score = 0;
	if (a->nationaliteit[0] == 'X')
		a->risicoscore += 2;
	score = selectie_gewicht;
	return score;
}
