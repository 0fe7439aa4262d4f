/* Passes its parameter on to bewaar, defined in gewicht.c: only once
 * bewaar's summary is known does verwerk's say its parameter reaches a
 * sink. */
void bewaar(int waarde);

void verwerk(int waarde)
{
	bewaar(waarde + 1);
}
