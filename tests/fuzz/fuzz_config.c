/* .profilescan.yaml, read as a scan reads it, then turned into a ruleset. */
#include "fuzz.h"
#include "profilescan/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	int fd = fuzz_file(data, size, path, sizeof path);
	if (fd < 0)
		return 0;
	ps_config *config;
	if (ps_config_load(path, &config, NULL) == PS_OK) {
		ps_rule_source source = {0};
		ps_ruleset *rules;
		if (ps_ruleset_load_configured(&source, config, &rules, NULL) == PS_OK)
			ps_ruleset_free(rules);
		ps_config_free(config);
	}
	close(fd);
	return 0;
}
