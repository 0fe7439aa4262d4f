/*
 * The command's own helpers: printing rules and explanations.
 */
#ifndef PS_CLI_H
#define PS_CLI_H

#include <stdio.h>

#include "profilescan/profilescan.h"

/* --list-rules: a table, or (markdown) the document docs/rules.md. */
void ps_cli_list_rules(const ps_ruleset *rules, int markdown, FILE *out);

/* --explain: a rule id prints the rule; anything else is explained as a name. */
int ps_cli_explain(const ps_ruleset *rules, const char *what, FILE *out, ps_error *err);

#endif
