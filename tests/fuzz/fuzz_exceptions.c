/* Exceptions: an input is both a profilescan:allow comment in the code and
 * an exceptions file, applied to a result holding one finding. */
#include "fuzz.h"
#include "exceptions/exceptions.h"
#include "rules/rules.h"

/* Apply the comment, and the exceptions file when `file` is not NULL. */
static void apply(char *comment, const char *file)
{
	ps_result *result = calloc(1, sizeof *result);
	ps_finding *finding = calloc(1, sizeof *finding);
	if (!result || !finding) {
		free(finding);
		ps_result_free(result);
		return;
	}
	finding->rule = ps_builtin_rule(PSI_BUILTIN_PROTECTED_FLOW);
	finding->name = strdup("nationaliteit");
	finding->file = strdup("a.c");
	finding->message = strdup("m");
	finding->line = 2;
	strcpy(finding->fingerprint, "0123456789abcdef");
	result->findings = finding;
	result->finding_count = 1;
	psi_directive directive = {(char *)"/fuzz/a.c", 1, 1, 1, comment};
	ps_scan_options options = PS_SCAN_OPTIONS_INIT;
	options.exceptions_file = file;
	psi_apply_exceptions(result, &directive, 1, "/fuzz", &options, NULL);
	ps_result_free(result);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	int fd = fuzz_file(data, size, path, sizeof path);
	char *text = fuzz_text(data, size);
	char *comment = text ? malloc(size + 32) : NULL;
	if (fd >= 0 && comment) {
		snprintf(comment, size + 32, "// profilescan:allow %s", text);
		/* The comment alone first: a malformed file stops the exceptions
		 * before any comment is read. */
		apply(comment, NULL);
		apply(comment, path);
	}
	free(comment);
	free(text);
	if (fd >= 0)
		close(fd);
	return 0;
}
