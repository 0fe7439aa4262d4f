struct dossier {
	int nationaliteit;
	int postcode;
};

void run_classifier(double value);

double route(const struct dossier *d)
{
	double uitkomst = d->nationaliteit * 2.0; /* added: a sink here */
	run_classifier(d->postcode);        /* added by exact name */
	double threshold = d->postcode;           /* removed: not a sink here */
	return threshold > 0 ? 0 : 1;
}
