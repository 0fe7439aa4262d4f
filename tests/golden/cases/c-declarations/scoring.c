/* Every kind of C declaration, named for the protected grounds and their
 * proxies, among neutral names that must stay silent. */
#include <stddef.h>
#include <string.h>

#define WEIGHT_NATIONALITY 3.5
#define MAX_INKOMEN 40000

struct aanvrager {
	char nationaliteit[4];
	char geboorteland[4];
	char postcode[7];
	int dubbele_nationaliteit;
	double inkomen;
	int trace_id;
};

union kenmerk {
	int etniciteit_code;
	int huishouden_grootte;
};

enum herkomst_klasse { KLASSE_AUTOCHTOON, KLASSE_NIET_WESTERS, KLASSE_ONBEKEND };

typedef int nationality_t;
typedef struct { char spokenLanguage[8]; int race_condition_retries; } taalprofiel;

static double g_taaleisWeight = 1.5;
double national_average_income;

static int is_foreigner(const struct aanvrager *a)
{
	return strcmp(a->nationaliteit, "NLD") != 0;
}

double bereken_risico(const struct aanvrager *a, int inburgeringsplicht, size_t destination_account)
{
	double score = 0.0;
	int countryOfBirthKnown = a->geboorteland[0] != '\0';
	if (is_foreigner(a))
		score += WEIGHT_NATIONALITY;
	if (inburgeringsplicht && countryOfBirthKnown)
		score += g_taaleisWeight;
	(void)destination_account;
	return score;
}

/* Groups spelt as values, and in a string literal. */
enum herkomstgroep { GROEP_MAROKKAANS, GROEP_TURKS, GROEP_OVERIG };
static const char *verhoogd_risico = "Antilliaans";
