int nationaliteit;
int score;

void bereken(void)
{
	if (nationaliteit)
		score += 1;
}

const char *kop = "naam,\"nationaliteit\"";
