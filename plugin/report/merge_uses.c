/*
 * The uses of a declaration when results merge (merge.c): a header's field
 * is reported by each shard that reads the header, each with the uses its
 * units showed, and an entity declared in one report and defined in
 * another is kept at its definition.  The finding kept lists the uses of
 * all of them, each once, in order, bounded as a scan bounds them.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

/* The finding that `i`'s duplicates went into: keepers chain (a duplicate
 * by place of a declaration kept at its definition). */
static size_t root_of(const size_t *keeper, size_t i)
{
	while (keeper[i] != i)
		i = keeper[i];
	return i;
}

/* Sorted and once each, at most PS_USES_MAX: how many are left. */
static size_t unique_prefix(ps_use *uses, size_t count, size_t *beyond)
{
	psi_sort(uses, count, sizeof *uses, psi_use_compare);
	size_t kept = 0;
	for (size_t i = 0; i < count; i++)
		if (kept == 0 || psi_use_compare(&uses[kept - 1], &uses[i]) != 0)
			uses[kept++] = uses[i];
	*beyond = kept > PS_USES_MAX ? kept - PS_USES_MAX : 0;
	return kept - *beyond;
}

int psi_merge_uses(ps_finding *all, size_t n, const size_t *keeper)
{
	size_t *total = calloc(n + 1, sizeof *total), *omitted = calloc(n + 1, sizeof *omitted);
	ps_use **united = calloc(n + 1, sizeof *united);
	int rc = total && omitted && united ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		size_t k = root_of(keeper, i);
		total[k] += all[i].use_count;
		/* Each input counted its own beyond the bound; the same ones,
		 * perhaps: at least the most any of them omitted. */
		if (all[i].uses_omitted > omitted[k])
			omitted[k] = all[i].uses_omitted;
	}
	for (size_t k = 0; rc == 0 && k < n; k++)
		if (total[k] && !(united[k] = malloc(total[k] * sizeof **united)))
			rc = -1;
	memset(total, 0, rc == 0 ? (n + 1) * sizeof *total : 0);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		size_t k = root_of(keeper, i);
		if (all[i].use_count)
			memcpy(&united[k][total[k]], all[i].uses, all[i].use_count * sizeof **united);
		total[k] += all[i].use_count;
	}
	for (size_t k = 0; rc == 0 && k < n; k++) {
		size_t beyond = 0;
		/* The strings stay the inputs'; only the array is the merge's. */
		size_t count = united[k] ? unique_prefix(united[k], total[k], &beyond) : 0;
		all[k].uses = united[k];
		all[k].use_count = count;
		all[k].uses_omitted = beyond > omitted[k] ? beyond : omitted[k];
	}
	/* Either way no finding of the merge points at an input's array, which
	 * the merged result would free as its own. */
	for (size_t k = 0; rc < 0 && k < n; k++) {
		free(united ? united[k] : NULL);
		all[k].uses = NULL;
		all[k].use_count = all[k].uses_omitted = 0;
	}
	free(united);
	free(total);
	free(omitted);
	return rc;
}
