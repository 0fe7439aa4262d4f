/* A birth register, an identity card, a baptism and an event: which places
 * are places of birth. */

struct nascimento {
	int id;
	char *cidadeMae;  /* where the mother lives */
	char *cidadeBebe; /* where the baby was born */
	char sexoBebe;
};

struct kartu {
	char nik[20];
	char nama[50];
	char tempat[30]; /* beside the date (tanggal): the place of birth */
	short tahun;
	int bulan;
	int tanggal;
	char alamat[60];
};

struct baptism {
	char first_name[40];
	char surname[40];
	char gender;
	char place[40]; /* the baptism's place, beside its date */
	char baptism_date[12];
};

struct evenement {
	char titre[40];
	char date[12];
	char lieu[40]; /* an event's place: no person */
};

int contarPessoasNaoNascidasNaCidade(const char *cep);
