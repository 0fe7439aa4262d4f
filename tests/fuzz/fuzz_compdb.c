/* compile_commands.json: checked, normalised and loaded as a scan does. */
#include "fuzz.h"
#include "discover/discover.h"

static char directory[] = "/tmp/profilescan-fuzz-compdb-XXXXXX";

/* libFuzzer ends a run with exit(): the folder goes with it, as a scan's
 * temporary files do (it was left in /tmp by every run). */
static void remove_directory(void)
{
	rmdir(directory);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int made;
	if (!made && !(made = mkdtemp(directory) != NULL))
		abort();
	if (made == 1 && atexit(remove_directory) == 0)
		made = 2;
	char path[sizeof directory + 32];
	snprintf(path, sizeof path, "%s/compile_commands.json", directory);
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	ps_scan_options options = PS_SCAN_OPTIONS_INIT;
	psi_unit *units;
	size_t count;
	if (psi_compdb_load(directory, &options, &units, &count, NULL) == PS_OK) {
		for (size_t i = 0; i < count; i++)
			psi_unit_clear(&units[i]);
		free(units);
	}
	unlink(path);
	return 0;
}
