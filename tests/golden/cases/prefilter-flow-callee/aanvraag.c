struct aanvraag {
	int nationaliteit;
};

void add_points(int points);

void beoordeel(const struct aanvraag *a)
{
	add_points(a->nationaliteit);
}
