/*
 * Configuration: one .profilescan.yaml (config.c, public API in
 * profilescan/config.h) and the set of them that applies to a scan (configs.c).
 */
#ifndef PSI_CONFIG_H
#define PSI_CONFIG_H

#include "profilescan/config.h"
#include "rules/rules.h"
#include "util/util.h"

/* The .profilescan.yaml files that apply to a scan, each with the ruleset it
 * asks for. */
typedef struct psi_config_entry {
	ps_config *config;
	ps_ruleset *rules;       /* built from the configuration */
} psi_config_entry;

typedef struct psi_config_set {
	psi_config_entry *entries;
	size_t count, capacity;
} psi_config_set;

/* Find and load the configurations that apply to `files` (absolute, sorted):
 * those in their directories and above, up to the directory holding .git. */
int psi_config_set_find(psi_config_set *set, const psi_strings *files,
			const ps_rule_source *source, ps_error *err);

/* The configuration nearest to `path` (absolute), or -1. */
int psi_config_set_nearest(const psi_config_set *set, const char *path);

/* Free the configurations; the rulesets too unless `keep_rulesets`. */
void psi_config_set_clear(psi_config_set *set, int keep_rulesets);

#endif
