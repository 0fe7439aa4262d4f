/*
 * Exchange with the case-management database: the query that selects the
 * applicants for a batch run, and the CSV of signals written back.
 *
 * Fictional example code written for profilescan; not a real system.
 */
#include <stdio.h>
#include <string.h>

#include "toeslagen/risico.h"

static const char *const SELECT_AANVRAGERS =
	"SELECT bsn, nationaliteit, geboorteland, postcode FROM aanvragers "
	"WHERE peiljaar = %d AND status = 'INGEDIEND' ORDER BY bsn";

static const char *const SIGNALEN_CSV_HEADER =
	"bsn;score;handmatige_controle;trace_id;grace_period_days";

int export_select_query(char *buf, size_t size, int peiljaar)
{
	int n = snprintf(buf, size, SELECT_AANVRAGERS, peiljaar);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* Writes can fail on the network share; retry a few times before giving up. */
static int write_with_retry(FILE *fp, const char *line, const export_config *cfg)
{
	for (int retry_count = 0; retry_count <= cfg->max_retries; retry_count++) {
		if (fputs(line, fp) >= 0)
			return 0;
		clearerr(fp);
	}
	return -1;
}

int export_signalen(FILE *fp, const aanvrager_t *aanvragers,
                    const struct risico_uitkomst *uitkomsten, size_t count,
                    const export_config *cfg)
{
	char line[256];
	if (write_with_retry(fp, SIGNALEN_CSV_HEADER, cfg) != 0 ||
	    write_with_retry(fp, "\n", cfg) != 0)
		return -1;
	for (size_t i = 0; i < count; i++) {
		if (cfg->only_manual_review && !uitkomsten[i].handmatige_controle)
			continue;
		snprintf(line, sizeof line, "%s;%.2f;%d;%s;%d\n", aanvragers[i].bsn,
		         uitkomsten[i].score, uitkomsten[i].handmatige_controle,
		         uitkomsten[i].trace_id, cfg->grace_period_days);
		if (write_with_retry(fp, line, cfg) != 0)
			return -1;
	}
	return 0;
}
