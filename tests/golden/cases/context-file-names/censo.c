/* A census program: no record holds the answers, but the file's functions
 * say whom it is about. */
#include <stdio.h>

int GetHouseholdNumber(int input);

void GetRace(char strRace[])
{
	const char *astrRace[3] = {"A", "B", "C"};
	snprintf(strRace, 8, "%s", astrRace[0]);
}

/* The zip of an archive record in the same file is the archive's. */
struct archive { char zip[8]; int size; };
