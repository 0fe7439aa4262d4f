/*
 * Configuration: one .profilescan.yaml (config.c, public API in
 * profilescan/config.h) and the set of them that applies to a scan (configs.c).
 */
#ifndef PS_CONFIG_H
#define PS_CONFIG_H

#include "profilescan/config.h"
#include "rules/rules.h"
#include "util/util.h"

/* The .profilescan.yaml files that apply to a scan, each with the ruleset it
 * asks for. */
typedef struct ps_config_entry {
	ps_config *config;
	ps_ruleset *rules;       /* built from the configuration */
} ps_config_entry;

typedef struct ps_config_set {
	ps_config_entry *entries;
	size_t count, capacity;
} ps_config_set;

/* Find and load the configurations that apply to `files` (absolute, sorted):
 * those in their directories and above, up to the directory holding .git. */
int ps_config_set_find(ps_config_set *set, const ps_strings *files,
                       const ps_rule_source *source, ps_error *err);

/* The configuration nearest to `path` (absolute), or -1. */
int ps_config_set_nearest(const ps_config_set *set, const char *path);

/* Free the configurations; the rulesets too unless `keep_rulesets`. */
void ps_config_set_clear(ps_config_set *set, int keep_rulesets);

#endif
