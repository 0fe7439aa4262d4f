struct applicant {
	char nationality[3];
};

int risk_score(const struct applicant *a)
{
	int unused;
	int score = 0;
	if (a->nationality[0] == 'X')
		score += WEIGHT;
	return score;
}
