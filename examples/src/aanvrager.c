/*
 * Reading applicant records from the intake CSV.
 *
 * Fictional example code written for profilescan; not a real system.
 */
#include <stdlib.h>
#include <string.h>

#include "toeslagen/aanvrager.h"

const char *const AANVRAGER_CSV_HEADER =
	"bsn;voornaam;achternaam;nationaliteit;dubbele_nationaliteit;"
	"geboorteland;postcode;verblijfsvergunning;moedertaal;taalniveau;"
	"inburgeringsplicht;inburgering;inkomen;huur;huishouden;kinderen;"
	"rekeningnummer;buitenland_overboekingen";

enum { N_FIELDS = 18, MAX_LINE = 1024 };

struct field {
	const char *start;
	size_t len;
};

/* Copy a field into a fixed buffer, truncating and always terminating. */
static void copy_field(char *dst, size_t size, const struct field *f)
{
	size_t n = f->len < size - 1 ? f->len : size - 1;
	memcpy(dst, f->start, n);
	dst[n] = '\0';
}

static long field_long(const struct field *f)
{
	char buf[32];
	copy_field(buf, sizeof buf, f);
	return strtol(buf, NULL, 10);
}

static double field_double(const struct field *f)
{
	char buf[32];
	copy_field(buf, sizeof buf, f);
	for (char *p = buf; *p; p++)
		if (*p == ',')
			*p = '.';         /* Dutch decimal comma */
	return strtod(buf, NULL);
}

static int split_line(const char *line, struct field *fields)
{
	int n = 0;
	const char *start = line;
	for (const char *p = line;; p++) {
		if (*p == ';' || *p == '\0' || *p == '\n' || *p == '\r') {
			if (n == N_FIELDS)
				return -1;
			fields[n].start = start;
			fields[n].len = (size_t)(p - start);
			n++;
			if (*p != ';')
				break;
			start = p + 1;
		}
	}
	return n;
}

static const char *const westerse_landen[] = {
	"BEL", "DEU", "FRA", "GBR", "IRL", "LUX", "AUT", "CHE", "DNK", "SWE",
	"NOR", "FIN", "ISL", "ITA", "ESP", "PRT", "USA", "CAN", "AUS", "NZL",
};

herkomst_t herkomst_van_geboorteland(const char *geboorteland)
{
	if (strcmp(geboorteland, "NLD") == 0)
		return HERKOMST_AUTOCHTOON;
	for (size_t i = 0; i < sizeof westerse_landen / sizeof *westerse_landen; i++)
		if (strcmp(geboorteland, westerse_landen[i]) == 0)
			return HERKOMST_WESTERS;
	return HERKOMST_NIET_WESTERS;
}

int aanvrager_parse_csv(const char *line, aanvrager_t *out)
{
	struct field f[N_FIELDS];
	if (split_line(line, f) != N_FIELDS)
		return -1;

	memset(out, 0, sizeof *out);
	copy_field(out->bsn, sizeof out->bsn, &f[0]);
	copy_field(out->voornaam, sizeof out->voornaam, &f[1]);
	copy_field(out->achternaam, sizeof out->achternaam, &f[2]);
	copy_field(out->nationaliteit, sizeof out->nationaliteit, &f[3]);
	out->dubbele_nationaliteit = field_long(&f[4]) != 0;
	copy_field(out->geboorteland, sizeof out->geboorteland, &f[5]);
	out->herkomst = herkomst_van_geboorteland(out->geboorteland);
	copy_field(out->postcode, sizeof out->postcode, &f[6]);
	out->verblijfsvergunning = (enum verblijfsvergunning_soort)field_long(&f[7]);
	copy_field(out->moedertaal, sizeof out->moedertaal, &f[8]);
	copy_field(out->taalniveau, sizeof out->taalniveau, &f[9]);
	out->inburgeringsplicht = field_long(&f[10]) != 0;
	out->inburgering = (enum inburgering_status)field_long(&f[11]);
	out->inkomen = field_double(&f[12]);
	out->huur = field_double(&f[13]);
	out->huishouden_grootte = (int)field_long(&f[14]);
	out->aantal_kinderen = (int)field_long(&f[15]);
	copy_field(out->destination_account, sizeof out->destination_account, &f[16]);
	out->international_transfer_count = (int)field_long(&f[17]);

	if (strlen(out->bsn) != 9 || out->huishouden_grootte < 1)
		return -1;
	return 0;
}

int aanvrager_read_file(FILE *fp, aanvrager_t *out, size_t max, size_t *count)
{
	char line[MAX_LINE];
	size_t line_no = 0;
	*count = 0;
	while (*count < max && fgets(line, sizeof line, fp)) {
		int is_header = line_no++ == 0 &&
			strncmp(line, AANVRAGER_CSV_HEADER, strlen(AANVRAGER_CSV_HEADER)) == 0;
		if (is_header || line[0] == '\n' || line[0] == '#')
			continue;
		if (aanvrager_parse_csv(line, &out[*count]) == 0)
			(*count)++;
		else
			fprintf(stderr, "aanvragers: line %zu skipped\n", line_no);
	}
	return ferror(fp) ? -1 : 0;
}
