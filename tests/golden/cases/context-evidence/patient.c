/* Names that are ambiguous alone, read in their context. */
struct patient {
	char first_name[32];
	char language[8];      /* a patient's language: a proxy, from the record */
	char race[16];         /* a person's race: ethnicity, a warning */
	char zip[6];           /* a person's zip code */
};

struct monster {
	int hit_points;
	int mana;
	char race[16];         /* a monster's race: a species, nothing */
};

struct archive_entry {
	int compression_level;
	char zip[6];           /* an archive's zip: nothing */
};

char town_of_birth[32];    /* BIRTH + PLACE: name evidence */
