/* Passes a flagged field to verwerk, defined in schakel.c. */
#include "persoon.h"

void verwerk(int waarde);

void beoordeel(const struct persoon *a)
{
	verwerk(a->geboorteland);
}
