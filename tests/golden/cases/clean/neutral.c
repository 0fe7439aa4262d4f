/* Names that look like the vocabulary but are not about people's origin:
 * profilescan must stay silent and exit 0. */
int race_condition_retries;
int data_race_count;
int trace_id;
int grace_period_days;
int terrace_count;
double national_average_income;
int destination_account;
int international_transfer_count;
int coordination_mailbox;
int origin_x, origin_y;
int nationwide_total;
int afkomstig_uit_bestand;
const char *msg = "destination combination coordination";
/* Seen in real code: help text marking a command's abbreviation, and "race"
 * meaning a race condition in prose. */
const char *help = "[t]race              Show a backtrace.";
const char *log_line = "Killing process %ld to avoid any race";
const char *warning = "possible race between the two workers";
/* Seen in /usr/include: race-detector annotations and font or protocol
 * family names. */
#define ANNOTATE_EXPECT_RACE(address, description) ((void)(address))
int AnnotateEnableRaceDetection(int enable);
struct font_face { const char *family_name; };
#define THERMAL_GENL_FAMILY_NAME "thermal"
/* Seen in /usr/include: Unicode blocks and scripts named for peoples. */
enum unicode_block { UBLOCK_UNIFIED_CANADIAN_ABORIGINAL_SYLLABICS, USCRIPT_CANADIAN_ABORIGINAL };
/* Seen in /usr/include (LLVM): a graphics chip, and a language named in the
 * enum's own name. */
enum GPUKind { GK_TURKS, GK_CAICOS };
enum taal { TAAL_TURKS, TAAL_ARABISCH };
