/* JSON reports: what profilescan merge reads, from other machines' scans. */
#include "fuzz.h"
#include "profilescan/report.h"
#include "profilescan/scan.h"

static void write_all(const ps_result *result, FILE *out)
{
	static const ps_format formats[] = {PS_FORMAT_JSON, PS_FORMAT_TEXT, PS_FORMAT_CSV,
	                                    PS_FORMAT_CSV_FLOWS, PS_FORMAT_GITLAB};
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
		ps_report_options options = PS_REPORT_OPTIONS_INIT;
		options.format = formats[i];
		ps_report_write(result, &options, out, NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	int fd = fuzz_file(data, size, path, sizeof path);
	if (fd < 0)
		return 0;
	ps_result *read[2] = {NULL, NULL}, *merged = NULL;
	FILE *out = fopen("/dev/null", "w");
	/* The same report twice: every finding is then a duplicate to merge. */
	if (out && ps_report_read(path, NULL, &read[0], NULL) == PS_OK &&
	    ps_report_read(path, NULL, &read[1], NULL) == PS_OK) {
		write_all(read[0], out);
		if (ps_result_merge(read, 2, &merged, NULL) == PS_OK)
			write_all(merged, out);
	}
	ps_result_free(read[0]);
	ps_result_free(read[1]);
	ps_result_free(merged);
	if (out)
		fclose(out);
	close(fd);
	return 0;
}
