/* Visa of a customer beside a card number is the card's brand. */
struct customer {
	char name[40];
	char card_number[20];
	int visa;
};

/* A traveller's visa is a residence status; the origin beside the
 * destination is the journey's, but the place of birth still is one. */
struct traveller {
	char name[40];
	char visa[20];
	char origin[20];
	char destination[20];
	char pais_nacimiento[20];
};
