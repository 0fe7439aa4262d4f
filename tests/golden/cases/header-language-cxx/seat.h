/* A C header that uses `class` as a name: still read as C. */
struct seat {
	int class;
	char nationality[4];
};
