/*
 * Filters: what narrows a merged result after the scan, a baseline of
 * accepted findings (baseline.c) and the lines a diff adds (changes.c).
 * Their API is public (profilescan/filter.h); this header gathers what their
 * files include.
 */
#ifndef PSI_FILTER_H
#define PSI_FILTER_H

#include "model/model.h"
#include "profilescan/filter.h"

#endif
