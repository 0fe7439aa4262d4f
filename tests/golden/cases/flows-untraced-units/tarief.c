/* Nothing flagged here: the value comes from a function that returns
 * one, which only its declaration in land.h says is called. */
#include "land.h"

int risk_score;

void bereken(const void *p)
{
	risk_score = land_code(p);
}
