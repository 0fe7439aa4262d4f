/*
 * Aanvrager (applicant) records as delivered by the nightly intake export.
 *
 * Fictional example code written for profilescan; not a real system.
 */
#ifndef TOESLAGEN_AANVRAGER_H
#define TOESLAGEN_AANVRAGER_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BSN_LEN 10
#define MAX_NAAM 64
#define IBAN_LEN 35

/* Origin classes, as in the old statistics export. */
enum herkomst {
	HERKOMST_AUTOCHTOON = 0,
	HERKOMST_WESTERS,
	HERKOMST_NIET_WESTERS
};

enum verblijfsvergunning_soort {
	VERBLIJF_NVT = 0,            /* no permit needed */
	VERBLIJF_REGULIER_ONBEPAALD,
	VERBLIJF_REGULIER_BEPAALD,
	VERBLIJF_ASIEL_BEPAALD
};

enum inburgering_status {
	INBURGERING_NVT = 0,
	INBURGERING_LOPEND,
	INBURGERING_VOLDAAN,
	INBURGERING_ONTHEFFING
};

struct aanvrager {
	char bsn[BSN_LEN];
	char voornaam[MAX_NAAM];
	char achternaam[MAX_NAAM];
	char nationaliteit[4];        /* ISO 3166-1 alpha-3 */
	int dubbele_nationaliteit;
	char geboorteland[4];
	enum herkomst herkomst;
	char postcode[7];             /* 1234AB, no space */
	enum verblijfsvergunning_soort verblijfsvergunning;
	char moedertaal[4];           /* ISO 639-2 */
	char taalniveau[3];           /* CEFR: A1 .. C2 */
	int inburgeringsplicht;
	enum inburgering_status inburgering;
	double inkomen;               /* toetsingsinkomen, euro per year */
	double huur;                  /* kale huur, euro per month */
	int huishouden_grootte;
	int aantal_kinderen;
	char destination_account[IBAN_LEN];
	int international_transfer_count;
};

typedef struct aanvrager aanvrager_t;
typedef enum herkomst herkomst_t;

/* Column order of the intake CSV. */
extern const char *const AANVRAGER_CSV_HEADER;

/* Parse one CSV line (';' separated, no quoting).  Returns 0 on success,
 * -1 on a malformed line. */
int aanvrager_parse_csv(const char *line, aanvrager_t *out);

/* Read up to `max` records after the header line; `*count` gets how many. */
int aanvrager_read_file(FILE *fp, aanvrager_t *out, size_t max, size_t *count);

herkomst_t herkomst_van_geboorteland(const char *geboorteland);

#ifdef __cplusplus
}
#endif

#endif
