/* Words inside string literals: SQL column lists, CSV headers, JSON keys,
 * escapes, adjacent literals and literals spelt inside macros. */
#define CSV_HEADER "bsn;naam;achternaam;geboorteland;inkomen\n"
#define LOG(msg) ((void)(msg))

static const char *query =
	"SELECT bsn, nationaliteit, postcode "
	"FROM aanvragers WHERE wijk = ?";

static const char *json = "{\"countryOfBirth\": \"MA\", \"income\": 100}";
static const char *escaped = "naam\tmoedertaal\n";
static const char *prose = "Country of birth is required";
static const char *neutral = "destination account for the national average";

const char *header(void)
{
	LOG("checking residence permit");
	LOG("[n]ationality    show the nationality menu");
	(void)query; (void)json; (void)escaped; (void)prose; (void)neutral;
	return CSV_HEADER;
}
