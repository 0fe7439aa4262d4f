/*
 * Risk score for toeslagen applications (batch model, C).
 *
 * Fictional example code written for profilescan; not a real system.
 */
#ifndef TOESLAGEN_RISICO_H
#define TOESLAGEN_RISICO_H

#include "toeslagen/aanvrager.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef RISK_MODEL_VERSION
#define RISK_MODEL_VERSION 1
#endif

#ifndef TOESLAGEN_PEILJAAR
#define TOESLAGEN_PEILJAAR 2023
#endif

#define WEIGHT_NATIONALITY 3.5
#define WEIGHT_DUBBELE_NATIONALITEIT 1.5
#define WEIGHT_INBURGERING 2.0
#define WEIGHT_VERBLIJF 1.0
#define WEIGHT_INKOMEN 2.0
#define MAX_INKOMEN 37000.0
#define MAX_HUUR 879.66
#define RISICO_DREMPEL 6.0

typedef double risico_score_t;

struct risico_uitkomst {
	risico_score_t score;
	int handmatige_controle;      /* 1: send to a case worker */
	char trace_id[40];
};

/* Tunable from the config file; see risico.c. */
extern double g_taaleisWeight;

risico_score_t bereken_risico(const aanvrager_t *a);
double postcode_risk(const char *postcode);
int voldoet_aan_taaleis(const aanvrager_t *a);
int risico_beoordeel(const aanvrager_t *a, unsigned volgnummer,
                     struct risico_uitkomst *out);

/* export.c: exchange with the case-management database. */
typedef struct export_config {
	int max_retries;
	int grace_period_days;        /* before a recovery letter is sent */
	int only_manual_review;
	const char *coordination_mailbox;
} export_config;

int export_select_query(char *buf, size_t size, int peiljaar);
int export_signalen(FILE *fp, const aanvrager_t *aanvragers,
                    const struct risico_uitkomst *uitkomsten, size_t count,
                    const export_config *cfg);

/* rapport.c: SVG histogram of incomes with the national average marked. */
int rapport_inkomen_svg(FILE *fp, const aanvrager_t *aanvragers, size_t count,
                        double national_average_income);

#ifdef __cplusplus
}
#endif

#endif
