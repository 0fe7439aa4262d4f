/*
 * profilescan - project configuration: .profilescan.yaml files and the rule
 * packs a scan starts from.
 *
 * A .profilescan.yaml applies to the files of its directory and below; for
 * each scanned file the nearest one wins, found by walking up from the file
 * (stopping after a directory that holds .git).  The format is in
 * docs/configuration.md.
 */
#ifndef PROFILESCAN_CONFIG_H
#define PROFILESCAN_CONFIG_H

#include "common.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PS_CONFIG_FILE_NAME ".profilescan.yaml"

/* Where a scan's rule packs come from. */
typedef struct ps_rule_source {
	const char *const *replace_paths; /* --rules: instead of the bundled packs */
	size_t replace_path_count;
	const char *const *add_paths;     /* --add-rules: besides them */
	size_t add_path_count;
} ps_rule_source;

typedef struct ps_config ps_config;

/* Read one .profilescan.yaml; a malformed one fails with file:line:column. */
PS_EXTERN int ps_config_load(const char *path, ps_config **out, ps_error *err);
PS_EXTERN void ps_config_free(ps_config *config);

/* The directory a configuration applies to (the one holding its file). */
PS_EXTERN const char *ps_config_directory(const ps_config *config);

/* Does the configuration exclude `path` (absolute)? */
PS_EXTERN int ps_config_excludes(const ps_config *config, const char *path);

/* Build a finished ruleset: the source's packs, then, when `config` is not
 * NULL, its packs, terms, switches and severities. */
PS_EXTERN int ps_ruleset_load_configured(const ps_rule_source *source, const ps_config *config,
                                         ps_ruleset **out, ps_error *err);

#ifdef __cplusplus
}
#endif

#endif
