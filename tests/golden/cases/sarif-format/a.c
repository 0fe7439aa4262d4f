/* Non-ASCII before a finding: SARIF columns count UTF-16 code units. */
const char *kop = "café – 😀 geboorteland";
struct aanvrager { char nationaliteit[4]; };
