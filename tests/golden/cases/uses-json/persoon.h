struct persoon {
	const char *naam;
	int geboorteland;
};

void bewaar(struct persoon *p, int waarde);
int gelijk(const struct persoon *a, const struct persoon *b);
int risico_score(const struct persoon *p);
