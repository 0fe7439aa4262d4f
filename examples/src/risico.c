/*
 * Batch risk model for toeslagen applications.  Every application gets a
 * score; above RISICO_DREMPEL it goes to a case worker for manual review.
 *
 * Fictional example code written for profilescan; not a real system.
 */
#include <stdio.h>
#include <string.h>

#include "toeslagen/risico.h"

/* Weight for not meeting the language requirement (taaleis). */
double g_taaleisWeight = 2.5;

/* Neighbourhoods (wijken) by four-digit postcode, with the weight the
 * analytics team derived from last year's recoveries. */
static const struct {
	const char *pc4;
	double gewicht;
} wijk_risico[] = {
	{ "1102", 2.0 }, { "1103", 2.0 }, { "1104", 1.5 },
	{ "3071", 1.5 }, { "3081", 1.0 }, { "2525", 1.5 },
	{ "5622", 1.0 }, { "6832", 0.5 },
};

double postcode_risk(const char *postcode)
{
	for (size_t i = 0; i < sizeof wijk_risico / sizeof *wijk_risico; i++)
		if (strncmp(postcode, wijk_risico[i].pc4, 4) == 0)
			return wijk_risico[i].gewicht;
	return 0.0;
}

int voldoet_aan_taaleis(const aanvrager_t *a)
{
	if (strcmp(a->moedertaal, "nld") == 0)
		return 1;
	/* A2 or better counts as meeting the requirement. */
	return a->taalniveau[0] > 'A' ||
	       (a->taalniveau[0] == 'A' && a->taalniveau[1] >= '2');
}

static double inkomen_risico(const aanvrager_t *a)
{
	double risk = 0.0;
	if (a->inkomen > MAX_INKOMEN)
		risk += WEIGHT_INKOMEN;
	if (a->huur > MAX_HUUR)
		risk += 1.0;
	if (a->huishouden_grootte > 6)
		risk += 0.5;
	if (a->international_transfer_count > 12)
		risk += 1.0;
	return risk;
}

risico_score_t bereken_risico(const aanvrager_t *a)
{
	risico_score_t score = inkomen_risico(a);

	if (strcmp(a->nationaliteit, "NLD") != 0)
		score += WEIGHT_NATIONALITY;
#if RISK_MODEL_VERSION >= 2
	if (a->dubbele_nationaliteit)
		score += WEIGHT_DUBBELE_NATIONALITEIT;
	if (a->herkomst == HERKOMST_NIET_WESTERS)
		score += 1.0;
#endif
	score += postcode_risk(a->postcode);

	if (a->verblijfsvergunning == VERBLIJF_REGULIER_BEPAALD ||
	    a->verblijfsvergunning == VERBLIJF_ASIEL_BEPAALD)
		score += WEIGHT_VERBLIJF;

#if RISK_MODEL_VERSION >= 3
	if (!voldoet_aan_taaleis(a))
		score += g_taaleisWeight;
	if (a->inburgeringsplicht && a->inburgering != INBURGERING_VOLDAAN)
		score += WEIGHT_INBURGERING;
#endif
	return score;
}

int risico_beoordeel(const aanvrager_t *a, unsigned volgnummer,
                     struct risico_uitkomst *out)
{
	out->score = bereken_risico(a);
	out->handmatige_controle = out->score >= RISICO_DREMPEL;
	snprintf(out->trace_id, sizeof out->trace_id, "R%d-%u-%u",
	         TOESLAGEN_PEILJAAR, (unsigned)RISK_MODEL_VERSION, volgnummer);
	return out->handmatige_controle;
}
