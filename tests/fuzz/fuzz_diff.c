/* Unified diffs for --changed-lines. */
#include "fuzz.h"
#include "profilescan/filter.h"
#include "profilescan/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	int fd = fuzz_file(data, size, path, sizeof path);
	if (fd < 0)
		return 0;
	ps_changes *changes;
	if (ps_changes_load(path, &changes, NULL) == PS_OK) {
		ps_result *result = calloc(1, sizeof *result);
		if (result)
			ps_result_keep_changed(result, changes, NULL);
		ps_result_free(result);
		ps_changes_free(changes);
	}
	close(fd);
	return 0;
}
