/* Baselines: JSON a pull request can change. */
#include "fuzz.h"
#include "profilescan/filter.h"
#include "profilescan/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	int fd = fuzz_file(data, size, path, sizeof path);
	if (fd < 0)
		return 0;
	ps_baseline *baseline;
	if (ps_baseline_load(path, &baseline, NULL) == PS_OK) {
		ps_result *result = calloc(1, sizeof *result);
		if (result)
			ps_result_apply_baseline(result, baseline, NULL, NULL);
		ps_result_free(result);
		ps_baseline_free(baseline);
	}
	close(fd);
	return 0;
}
