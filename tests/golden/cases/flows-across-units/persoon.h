/* A chain of calls through three translation units: the flagged field is
 * read in herkomst.c, passed on in tussen.c and scored in score.c. */
struct persoon {
	int geboorteland;
	double inkomen;
};

struct totaal {
	double risk;
};

int lookup_factor(const struct persoon *p);
void add_to(struct totaal *t, double value);
int adjusted_factor(const struct persoon *p);
int plain_factor(const struct persoon *p);
