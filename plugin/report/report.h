/*
 * Reports: one file per format; report.c chooses between them.
 */
#ifndef PSI_REPORT_H
#define PSI_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "model/model.h"
#include "profilescan/report.h"
#include "rules/rules.h"

int psi_report_text(const ps_result *result, int color, FILE *out, ps_error *err);
int psi_report_json(const ps_result *result, FILE *out, ps_error *err);
int psi_report_sarif(const ps_result *result, const ps_ruleset *rules, FILE *out, ps_error *err);
int psi_report_gitlab(const ps_result *result, FILE *out, ps_error *err);

/* Write a jansson value, indented, with a final newline; `failed` (a part
 * could not be built, see psi_json_push) or a NULL root fail instead. */
int psi_report_dump(json_t *root, int failed, FILE *out, ps_error *err);

#endif
