/*
 * Finding the .profilescan.yaml files of a scan, from the directories of the
 * files it plans to parse up to the repository's root, and choosing, for a
 * file, the nearest one.
 *
 * All of them are found and loaded, and their rulesets built, before anything
 * is parsed: a malformed one stops the scan instead of leaving part of the
 * code scanned with a vocabulary it did not ask for.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"

static int has_entry(const char *directory, const char *name)
{
	char *path = psi_sprintf("%s/%s", strcmp(directory, "/") ? directory : "", name);
	int found = path && access(path, F_OK) == 0;
	free(path);
	return found;
}

/* `directory` and its parents, up to and including the one holding .git: a
 * configuration above the repository is another project's. */
static int walk_up(const char *directory, psi_strings *found)
{
	char *at = psi_strdup(directory);
	if (!at)
		return -1;
	int rc = 0;
	for (;;) {
		if (has_entry(at, PS_CONFIG_FILE_NAME))
			rc = psi_strings_add(found, at);
		char *slash = strrchr(at, '/');
		if (rc != 0 || has_entry(at, ".git") || !slash || strcmp(at, "/") == 0)
			break;
		if (slash == at)
			slash[1] = '\0'; /* the file system root */
		else
			*slash = '\0';
	}
	free(at);
	return rc;
}

static int compare_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int psi_config_set_find(psi_config_set *set, const psi_strings *files,
			const ps_rule_source *source, ps_error *err)
{
	memset(set, 0, sizeof *set);
	psi_strings found = {0};
	int rc = 0;
	/* Files come sorted, so a directory repeats in a row. */
	char *previous = NULL;
	for (size_t i = 0; rc == 0 && i < files->count; i++) {
		const char *slash = strrchr(files->items[i], '/');
		char *directory = slash ? psi_strndup(files->items[i], slash == files->items[i]
		                                                          ? 1 : (size_t)(slash - files->items[i]))
		                        : NULL;
		if (!directory) {
			rc = slash ? -1 : 0;
			continue;
		}
		if (!previous || strcmp(previous, directory) != 0)
			rc = walk_up(directory, &found);
		free(previous);
		previous = directory;
	}
	free(previous);
	if (rc != 0) {
		psi_strings_clear(&found);
		return psi_fail(err, PS_ENOMEM, "out of memory looking for configuration files");
	}
	psi_sort(found.items, found.count, sizeof *found.items, compare_text);
	char *cwd = realpath(".", NULL);
	int status = PS_OK;
	for (size_t i = 0; status == PS_OK && i < found.count; i++) {
		if (i > 0 && strcmp(found.items[i], found.items[i - 1]) == 0)
			continue;
		if (PSI_PUSH(set->entries, set->count, set->capacity) < 0) {
			status = psi_fail(err, PS_ENOMEM, "out of memory");
			break;
		}
		/* Named relative to the working directory when below it, as
		 * everything else profilescan reports. */
		const char *directory = found.items[i];
		size_t cwd_length = cwd ? strlen(cwd) : 0;
		char *path = cwd && strncmp(directory, cwd, cwd_length) == 0 &&
		                     directory[cwd_length] == '/'
		                 ? psi_sprintf("%s/%s", directory + cwd_length + 1, PS_CONFIG_FILE_NAME)
		             : cwd && strcmp(directory, cwd) == 0
		                 ? psi_strdup(PS_CONFIG_FILE_NAME)
		                 : psi_sprintf("%s/%s", strcmp(directory, "/") ? directory : "",
					       PS_CONFIG_FILE_NAME);
		ps_config *config = NULL;
		ps_ruleset *rules = NULL;
		status = path ? ps_config_load(path, &config, err) : psi_fail(err, PS_ENOMEM, "out of memory");
		if (status == PS_OK)
			status = ps_ruleset_load_configured(source, config, &rules, err);
		free(path);
		if (status != PS_OK) {
			ps_config_free(config);
			break;
		}
		set->entries[set->count++] = (psi_config_entry){config, rules};
	}
	psi_strings_clear(&found);
	free(cwd);
	if (status != PS_OK)
		psi_config_set_clear(set, 0);
	return status;
}

int psi_config_set_nearest(const psi_config_set *set, const char *path)
{
	int best = -1;
	size_t best_length = 0;
	for (size_t i = 0; i < set->count; i++) {
		const char *directory = ps_config_directory(set->entries[i].config);
		size_t n = strlen(directory);
		int applies = strncmp(path, directory, n) == 0 &&
		              (path[n] == '/' || (n == 1 && directory[0] == '/'));
		if (applies && n >= best_length) {
			best = (int)i;
			best_length = n;
		}
	}
	return best;
}

void psi_config_set_clear(psi_config_set *set, int keep_rulesets)
{
	for (size_t i = 0; i < set->count; i++) {
		ps_config_free(set->entries[i].config);
		if (!keep_rulesets)
			ps_ruleset_free(set->entries[i].rules);
	}
	free(set->entries);
	memset(set, 0, sizeof *set);
}
