#include "../vendor/land.h"

int risk_score(const struct land *l)
{
	int risk = 1;
	if (l->geboorteland == 528)
		risk = 0;
	return risk;
}
