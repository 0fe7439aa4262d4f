/* A census tabulation: one answer per respondent, kept in global arrays, as
 * older statistics programs do.  Nothing is a record; the name beside
 * astrRace at file scope says whose race it is. */
int anAge[512];
char astrRace[512][24];
int nRespondents;

int count_answered(void)
{
	int n = 0;
	for (int i = 0; i < nRespondents; i++)
		if (astrRace[i][0] != '\0')
			n++;
	return n;
}
