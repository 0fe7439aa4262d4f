/*
 * profilescan - public API.
 *
 * Finds the declarations, macros and string literals in C, C++ and
 * Objective-C code that are named for nationality, ethnicity, origin or their
 * proxies.  The pipeline: discover files, parse them with libclang, extract
 * declarations and literals, classify their names against rule packs, report.
 * See docs/architecture.md.  Conventions are in common.h.
 */
#ifndef PROFILESCAN_H
#define PROFILESCAN_H

#include "common.h"
#include "rules.h"
#include "config.h"
#include "classify.h"
#include "scan.h"
#include "filter.h"
#include "report.h"

#endif
