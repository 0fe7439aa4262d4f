/*
 * What libclang 14 does not say directly: a cursor's children as an array,
 * the operator of an expression (read from the tokens), and the expression
 * under parentheses and casts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flows/tracer.h"

static enum CXChildVisitResult collect(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	psi_kids *k = data;
	if (k->count == k->capacity) {
		unsigned capacity = k->capacity ? k->capacity * 2 : 8;
		CXCursor *items = realloc(k->items, capacity * sizeof *items);
		if (!items)
			return CXChildVisit_Break;
		k->items = items;
		k->capacity = capacity;
	}
	k->items[k->count++] = c;
	return CXChildVisit_Continue;
}

psi_kids psi_flow_children(CXCursor c)
{
	psi_kids k = {NULL, 0, 0};
	clang_visitChildren(c, collect, &k);
	return k;
}

/* libclang 14 has no API for an operator, and an operator expression's
 * location is where it begins: read the token that follows the first
 * operand (a binary or postfix operator), or that begins the expression (a
 * prefix one).  The token is lexed from that place by clang_tokenize over
 * an empty range, which always lexes one token, after blanks and comments:
 * looking the place up by file and offset instead (clang_getFileContents,
 * clang_getLocationForOffset) makes libclang search its whole table of
 * source locations, one entry per file and macro expansion, twice per
 * operator, which cost more than parsing a macro-heavy unit.  An '='
 * written inside a macro's body, #define SET(s, v) ((s) = (v)), is not
 * found: libclang 14 gives only the places of the macro's use, never of its
 * body (compound assignments are found all the same, by their cursor kind). */
void psi_flow_operator(psi_tracer *t, CXCursor c, CXCursor operand, int prefix, char *out,
                       size_t size)
{
	out[0] = '\0';
	CXSourceRange range = clang_getCursorExtent(prefix ? c : operand);
	CXSourceLocation at = prefix ? clang_getRangeStart(range) : clang_getRangeEnd(range);
	CXToken *tokens = NULL;
	unsigned count = 0;
	clang_tokenize(t->tu, clang_getRange(at, at), &tokens, &count);
	if (count > 0 && clang_getTokenKind(tokens[0]) == CXToken_Punctuation) {
		CXString spelling = clang_getTokenSpelling(t->tu, tokens[0]);
		snprintf(out, size, "%s", clang_getCString(spelling));
		clang_disposeString(spelling);
	}
	clang_disposeTokens(t->tu, tokens, count);
}

int psi_flow_is_assignment(const char *op)
{
	size_t n = strlen(op);
	return n > 0 && op[n - 1] == '=' && strcmp(op, "==") != 0 && strcmp(op, "!=") != 0 &&
	       strcmp(op, "<=") != 0 && strcmp(op, ">=") != 0;
}

static int is_transparent(enum CXCursorKind k)
{
	return k == CXCursor_UnexposedExpr || k == CXCursor_ParenExpr ||
	       k == CXCursor_CStyleCastExpr || k == CXCursor_CXXStaticCastExpr ||
	       k == CXCursor_CXXFunctionalCastExpr || k == CXCursor_CXXConstCastExpr ||
	       k == CXCursor_CXXReinterpretCastExpr;
}

/* The last child that is an expression, or a null cursor. */
static CXCursor last_expression(CXCursor c)
{
	psi_kids k = psi_flow_children(c);
	CXCursor found = clang_getNullCursor();
	for (unsigned i = 0; i < k.count; i++)
		if (clang_isExpression(clang_getCursorKind(k.items[i])))
			found = k.items[i];
	free(k.items);
	return found;
}

CXCursor psi_flow_strip(CXCursor c)
{
	for (int depth = 0; depth < 16 && is_transparent(clang_getCursorKind(c)); depth++) {
		CXCursor inner = last_expression(c);
		if (clang_Cursor_isNull(inner))
			break;
		c = inner;
	}
	return c;
}
