/* Rule packs: YAML from anyone who can commit a .profilescan.yaml's pack. */
#include "fuzz.h"
#include "profilescan/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ps_ruleset *rules;
	if (ps_ruleset_new(&rules, NULL) != PS_OK)
		return 0;
	/* With the bundled references, so that packs citing them get further. */
	if (ps_ruleset_load_bundled(rules, 1, NULL, NULL) == PS_OK &&
	    ps_ruleset_load_buffer(rules, "fuzz.yaml", (const char *)data, size, NULL) == PS_OK)
		ps_ruleset_finish(rules, NULL);
	ps_ruleset_free(rules);
	return 0;
}
