/*
 * Finding the rule packs: $PROFILESCAN_PATTERNS, the installed ones, the
 * source tree's when run from the build folder, else those compiled in.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules/loader.h"

static int is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory of the running executable, for finding installed data. */
static char *executable_directory(void)
{
	char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
	if (n <= 0)
		return NULL;
	path[n] = '\0';
	char *slash = strrchr(path, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return psi_strdup(path);
}

int ps_ruleset_load_bundled(ps_ruleset *rules, int references_only,
                            const char **origin_out, ps_error *err)
{
	const char *from_env = getenv("PROFILESCAN_PATTERNS");
	if (from_env && *from_env) {
		if (origin_out)
			*origin_out = "$PROFILESCAN_PATTERNS";
		return psi_load_path(rules, from_env, references_only, err);
	}
	char *exe_dir = executable_directory();
	if (exe_dir) {
		char *installed = psi_sprintf("%s/../%s", exe_dir, PS_INSTALL_PATTERNS_DIR);
		int found = installed && is_directory(installed);
		int rc = PS_OK;
		if (found) {
			if (origin_out)
				*origin_out = "installed patterns";
			rc = psi_load_path(rules, installed, references_only, err);
		}
		free(installed);
		/* Run from the build folder: use the source tree, so edits to
		 * patterns/ take effect without a rebuild. */
		size_t build_len = strlen(PS_BUILD_DIR);
		if (!found && strncmp(exe_dir, PS_BUILD_DIR, build_len) == 0 &&
		    (exe_dir[build_len] == '/' || exe_dir[build_len] == '\0') &&
		    is_directory(PS_SOURCE_PATTERNS_DIR)) {
			found = 1;
			if (origin_out)
				*origin_out = "source tree patterns";
			rc = psi_load_path(rules, PS_SOURCE_PATTERNS_DIR, references_only, err);
		}
		free(exe_dir);
		if (found)
			return rc;
	}
	if (origin_out)
		*origin_out = "built-in patterns";
	for (size_t i = 0; i < psi_bundled_pattern_count; i++) {
		const psi_bundled_pattern *p = &psi_bundled_patterns[i];
		int rc = psi_load_text(rules, p->name, p->text, p->length, references_only, err);
		if (rc != PS_OK)
			return rc;
	}
	return PS_OK;
}
