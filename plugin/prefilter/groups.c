/*
 * Where a combination that asks for a context can match (ORIGIN in PERSON,
 * ZIP beside an ADDRESS): a declaration's context is its scope, its type
 * and the names declared beside it (a record's fields, a function's
 * parameters, for its locals too) and the names at the top of its file
 * (extract/context.c), all spelt in its own file.  So a pair of name and
 * context counts only where brackets hold both: the names directly inside
 * a group of (), [] or {} (a record's fields and their types), with what
 * stands before it and before each group around it (the record's or
 * function's name and type, the scopes), and the file's names at the top,
 * a namespace's and an extern "C" block's among them.  A file whose brackets do not balance (two #if branches that
 * each open one) is read as one group.  What a #define holds is the
 * lexer's (lex.c): it counts alone.
 */
#include <stdlib.h>
#include <string.h>

#include "prefilter/prefilter.h"

void psi_groups_init(psi_groups *g, const psi_vocabulary *vocabulary)
{
	memset(g, 0, sizeof *g);
	g->vocabulary = vocabulary;
}

/* Are the names directly in the innermost group the file's own, as in a
 * namespace or an extern "C" block? */
static int at_top(const psi_groups *g)
{
	return g->depth == 0 || g->stack[g->depth - 1].transparent;
}

void psi_groups_name(psi_groups *g, uint64_t mask)
{
	mask &= ~PSI_VOCABULARY_ALONE;
	if (!mask)
		return;
	g->all |= mask;
	g->statement |= mask;
	if (at_top(g))
		g->file_names |= mask;
	else
		g->stack[g->depth - 1].direct |= mask;
}

void psi_groups_keyword(psi_groups *g, int namespace_like)
{
	if (namespace_like)
		g->transparent_next = 1;
	else
		g->extern_next = 1;
}

void psi_groups_literal(psi_groups *g)
{
	if (g->extern_next)
		g->transparent_next = 1;
}

void psi_groups_open(psi_groups *g, int brace)
{
	if (PSI_PUSH(g->stack, g->depth, g->capacity) < 0) {
		g->status = -1;
		return;
	}
	const struct psi_group *parent = g->depth ? &g->stack[g->depth - 1] : NULL;
	g->stack[g->depth++] = (struct psi_group){0, g->statement,
	                                          parent ? parent->outer | parent->scope : 0,
	                                          g->statement, brace && g->transparent_next};
	g->statement = 0;
	g->transparent_next = g->extern_next = 0;
}

void psi_groups_close(psi_groups *g)
{
	if (g->depth == 0) {
		g->unbalanced = 1;
		return;
	}
	struct psi_group closed = g->stack[--g->depth];
	uint64_t context = closed.transparent ? 0 : closed.direct | closed.scope | closed.outer;
	size_t i = 0;
	while (context && i < g->closed_count && g->closed[i] != context)
		i++;
	if (context && i == g->closed_count) {
		if (PSI_PUSH(g->closed, g->closed_count, g->closed_capacity) < 0)
			g->status = -1;
		else
			g->closed[g->closed_count++] = context;
	}
	/* What the group held is part of the statement around it: a
	 * function's parameters are its body's context. */
	g->statement = closed.statement | closed.direct;
}

void psi_groups_end_statement(psi_groups *g)
{
	g->statement = 0;
	g->transparent_next = g->extern_next = 0;
}

int psi_groups_decide(psi_groups *g)
{
	if (g->status < 0)
		return -1;
	if (g->unbalanced || g->depth > 0)
		return psi_vocabulary_decides(g->vocabulary, g->all);
	if (psi_vocabulary_decides(g->vocabulary, g->file_names))
		return 1;
	for (size_t i = 0; i < g->closed_count; i++)
		if (psi_vocabulary_decides(g->vocabulary, g->closed[i] | g->file_names))
			return 1;
	return 0;
}

void psi_groups_clear(psi_groups *g)
{
	free(g->stack);
	free(g->closed);
	memset(g, 0, sizeof *g);
}
