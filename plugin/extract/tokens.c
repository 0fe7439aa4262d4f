/*
 * Names in code that libclang could not parse into declarations.
 *
 * A file scanned without its headers (a pre-commit run, a folder without a
 * compile DB) has errors, and clang's recovery drops what it cannot type: a
 * method returning an unknown QString, the fields of an unknown macro
 * DECLARE_FIELDS(Person, Nationality, BirthPlace), a member of a struct it
 * never saw.  For each project file with a compiler error, the lexer's
 * identifier tokens are read and annotated with the cursors libclang made;
 * a token without a cursor of its own (swallowed by an enclosing
 * declaration, or an expression that resolves to nothing) is handed on as an
 * identifier, once per name and file, so that nothing is lost silently.
 *
 * Tokens in preprocessor-skipped blocks, directives and macro bodies are not
 * code libclang failed on, and are left alone.  A member used after `.` or
 * `->` whose declaration the unit lacks (ui->inputSurname of a header not
 * found) is handed on too: it is the only trace of that declaration here.
 * A name after `X::` is read in X's scope: Voter::GetZip defined in a file
 * without its class's header is a voter's; an unknown type a field is
 * declared with (`vector<language> spoken;`) is read in no record's, since
 * it is not the record's member.  What surrounds such a name
 * was not parsed either, so the names beside it are all the identifiers of
 * its file: a file of creatures and minions is a game's.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"

/* The project files of `tu` with an error diagnostic, as real paths. */
static int files_with_errors(CXTranslationUnit tu, const psi_unit *unit,
                             const psi_project *project, psi_strings *out)
{
	unsigned count = clang_getNumDiagnostics(tu);
	for (unsigned i = 0; i < count; i++) {
		CXDiagnostic diagnostic = clang_getDiagnostic(tu, i);
		CXFile file = NULL;
		if (clang_getDiagnosticSeverity(diagnostic) >= CXDiagnostic_Error)
			clang_getSpellingLocation(clang_getDiagnosticLocation(diagnostic), &file,
			                          NULL, NULL, NULL);
		clang_disposeDiagnostic(diagnostic);
		char *path = file ? psi_file_path(file, unit->directory) : NULL;
		int known = 0;
		for (size_t k = 0; path && k < out->count && !known; k++)
			known = strcmp(out->items[k], path) == 0;
		if (path && !known && psi_project_contains(project, path)) {
			if (psi_strings_take(out, path) < 0)
				return PS_ENOMEM;
		} else {
			free(path);
		}
	}
	return PS_OK;
}

/* Was the token turned into something libclang understood: the name of its
 * own declaration, a reference that resolves, or not code at all? */
static int understood(CXCursor cursor, const char *token)
{
	enum CXCursorKind kind = clang_getCursorKind(cursor);
	if (kind == CXCursor_MacroDefinition || kind == CXCursor_MacroExpansion ||
	    kind == CXCursor_InclusionDirective || clang_isPreprocessing(kind))
		return 1;
	if (clang_isDeclaration(kind)) {
		CXString spelling = clang_getCursorSpelling(cursor);
		int own = strcmp(clang_getCString(spelling), token) == 0;
		clang_disposeString(spelling);
		return own;
	}
	if (clang_isAttribute(kind))
		return 1;
	/* A statement or the unit itself holds a token only when nothing finer
	 * was made of it. */
	if (clang_isReference(kind) || clang_isExpression(kind))
		return !clang_Cursor_isNull(clang_getCursorReferenced(cursor));
	return 0;
}

static int skipped(const CXSourceRangeList *ranges, unsigned offset)
{
	for (unsigned i = 0; ranges && i < ranges->count; i++) {
		unsigned from, to;
		clang_getFileLocation(clang_getRangeStart(ranges->ranges[i]), NULL, NULL, NULL, &from);
		clang_getFileLocation(clang_getRangeEnd(ranges->ranges[i]), NULL, NULL, NULL, &to);
		if (offset >= from && offset <= to)
			return 1;
	}
	return 0;
}

/* The records, enums and namespaces open at a token, read from the tokens
 * themselves: where libclang made no declaration, `class X {` still says
 * whose member a name is. */
#define MAX_OPEN_SCOPES 32

typedef struct open_scope {
	char *name;            /* NULL for a brace that opens no named scope */
	const char *noun;
} open_scope;

/* Where a member function defined outside its class stands: `X::f` read,
 * then its parameters, then what comes before its body. */
typedef enum method_state { NO_METHOD, METHOD_NAMED, METHOD_PARAMETERS, METHOD_DECLARED } method_state;

typedef struct lexical_scopes {
	open_scope open[MAX_OPEN_SCOPES];
	size_t depth, ignored;  /* braces past the bound are only counted */
	const char *pending_noun; /* after `struct`, `class`, `enum`, `namespace` */
	char *pending_name;
	/* Persoana::Persoana(const char _nume[]) { ... }: the parameters and the
	 * body of a member function defined outside its class are the class's,
	 * whose members the body uses by their bare names. */
	char *owner;                /* X of `X::f` at namespace level */
	method_state method;
	open_scope parameters;      /* named while METHOD_PARAMETERS */
	unsigned parameter_parens;
} lexical_scopes;

static const char *scope_keyword(const char *word)
{
	if (strcmp(word, "struct") == 0 || strcmp(word, "class") == 0 ||
	    strcmp(word, "union") == 0)
		return "record";
	if (strcmp(word, "enum") == 0)
		return "enum";
	return strcmp(word, "namespace") == 0 ? "namespace" : NULL;
}

static void forget_pending(lexical_scopes *l)
{
	l->pending_noun = NULL;
	free(l->pending_name);
	l->pending_name = NULL;
}

/* Only namespaces open: where a member function is defined, not called. */
static int at_namespace_level(const lexical_scopes *l)
{
	if (l->ignored)
		return 0;
	for (size_t i = 0; i < l->depth; i++)
		if (!l->open[i].noun || strcmp(l->open[i].noun, "namespace") != 0)
			return 0;
	return 1;
}

static void forget_method(lexical_scopes *l)
{
	l->method = NO_METHOD;
	l->parameters.name = NULL;
	free(l->owner);
	l->owner = NULL;
}

/* Follow `X::f ( ... ) ... {` token by token, `qualifier` the X of an `X::`
 * just before the token (recent_tokens): sets `body_owner` to the owner's
 * name when the body's brace opens (the caller owns it). */
static int follow_method(lexical_scopes *l, CXTokenKind kind, const char *text,
                         const char *qualifier, char **body_owner)
{
	int identifier = kind == CXToken_Identifier, punctuation = kind == CXToken_Punctuation;
	if (identifier && qualifier && at_namespace_level(l)) {
		free(l->owner);
		if (!(l->owner = psi_strdup(qualifier))) /* B of A::B::f */
			return PS_ENOMEM;
		l->method = METHOD_NAMED;
	} else if (l->method == METHOD_NAMED && !(punctuation && strcmp(text, "(") == 0)) {
		forget_method(l);
	} else if (l->method == METHOD_NAMED) {
		l->method = METHOD_PARAMETERS;
		l->parameter_parens = 1;
		l->parameters = (open_scope){l->owner, "record"};
	} else if (l->method == METHOD_PARAMETERS && punctuation && strcmp(text, "(") == 0) {
		l->parameter_parens++;
	} else if (l->method == METHOD_PARAMETERS && punctuation && strcmp(text, ")") == 0 &&
	           --l->parameter_parens == 0) {
		l->method = METHOD_DECLARED;
		l->parameters.name = NULL;
	} else if (l->method == METHOD_DECLARED && punctuation && strcmp(text, "{") == 0) {
		*body_owner = l->owner;
		l->owner = NULL;
		forget_method(l);
	} else if (l->method == METHOD_DECLARED && punctuation && strcmp(text, ";") == 0) {
		forget_method(l);
	}
	return PS_OK;
}

/* Follow one token: keywords and names announce a scope, braces open and
 * close one; a ';', '(', ')', ',' or '=' before the brace makes `struct X`
 * a type in a declaration, not a scope (struct person *p; int main() {). */
static int follow(lexical_scopes *l, CXTokenKind kind, const char *text, const char *qualifier)
{
	char *body_owner = NULL;
	if (follow_method(l, kind, text, qualifier, &body_owner) != PS_OK)
		return PS_ENOMEM;
	if (body_owner) {
		/* The body of X::f: a scope of record X, like the class's own. */
		forget_pending(l);
		l->pending_noun = "record";
		l->pending_name = body_owner;
	}
	/* `class` is an identifier to a C parser: a header parsed as C. */
	if ((kind == CXToken_Keyword || kind == CXToken_Identifier) && scope_keyword(text)) {
		l->pending_noun = scope_keyword(text);
		free(l->pending_name);
		l->pending_name = NULL;
	} else if (kind == CXToken_Identifier && l->pending_noun && !l->pending_name) {
		/* The first name after the keyword: not a base class after ':'. */
		if (!(l->pending_name = psi_strdup(text)))
			return PS_ENOMEM;
	} else if (kind == CXToken_Punctuation && strcmp(text, "{") == 0) {
		if (l->depth < MAX_OPEN_SCOPES) {
			l->open[l->depth++] = (open_scope){l->pending_noun ? l->pending_name : NULL,
			                                   l->pending_noun};
			if (l->pending_noun)
				l->pending_name = NULL;
		} else {
			l->ignored++;
		}
		forget_pending(l);
	} else if (kind == CXToken_Punctuation && strcmp(text, "}") == 0) {
		if (l->ignored)
			l->ignored--;
		else if (l->depth)
			free(l->open[--l->depth].name);
	} else if (kind == CXToken_Punctuation && strchr(";(),=", text[0]) && text[1] == '\0') {
		forget_pending(l);
	}
	return PS_OK;
}

/* The innermost named scope open, or NULL. */
static const open_scope *innermost(const lexical_scopes *l)
{
	if (l->parameters.name)
		return &l->parameters;
	for (size_t i = l->depth; i > 0; i--)
		if (l->open[i - 1].name)
			return &l->open[i - 1];
	return NULL;
}

static void lexical_scopes_clear(lexical_scopes *l)
{
	while (l->depth)
		free(l->open[--l->depth].name);
	free(l->pending_name);
	forget_method(l);
	memset(l, 0, sizeof *l);
}

/* What the tokens just before the current one say about it. */
typedef struct recent_tokens {
	char *last_identifier;  /* the identifier just before, if any */
	char *qualifier;        /* X of `X::` just before, if any */
} recent_tokens;

/* The brackets a token stands in.  All the identifiers of a file are too
 * loose a context to make a name mean something (they only veto it), but
 * the names inside the same braces or parentheses are a declaration's
 * siblings, in a file of any size: the arguments of
 * defineEnumType(SelfAuthData, GivenNames, FamilyNames, DateOfBirth) or of
 * DECLARE_FIELDS(Person, ...) are one record's fields, the parameters of
 * Persoana::Persoana(nume, prenume) one constructor's. */
typedef struct bracket_groups {
	unsigned *opener;  /* per token: index of its innermost open bracket + 1, or 0 */
	unsigned *closer;  /* per open bracket: index of its closing one */
	unsigned listed;   /* the group `names` holds (opener + 1), or 0 */
	psi_strings names; /* its identifiers, sorted, once each */
	ps_siblings_summary *summary;
} bracket_groups;

#define MAX_BRACKET_DEPTH 256

/* The bracket the token is, or 0. */
static char bracket_of(CXTranslationUnit tu, CXToken token)
{
	if (clang_getTokenKind(token) != CXToken_Punctuation)
		return 0;
	CXString spelling = clang_getTokenSpelling(tu, token);
	const char *text = clang_getCString(spelling);
	char bracket = text && text[0] && !text[1] && strchr("(){}", text[0]) ? text[0] : 0;
	clang_disposeString(spelling);
	return bracket;
}

static int find_groups(bracket_groups *g, CXTranslationUnit tu, const CXToken *tokens,
                       unsigned count)
{
	g->opener = calloc(count ? count : 1, sizeof *g->opener);
	g->closer = calloc(count ? count : 1, sizeof *g->closer);
	if (!g->opener || !g->closer)
		return PS_ENOMEM;
	unsigned open[MAX_BRACKET_DEPTH];
	size_t depth = 0, beyond = 0;
	for (unsigned i = 0; i < count; i++) {
		g->opener[i] = depth ? open[depth - 1] + 1 : 0;
		char bracket = bracket_of(tu, tokens[i]);
		if (bracket == '(' || bracket == '{') {
			if (depth < MAX_BRACKET_DEPTH)
				g->closer[open[depth++] = i] = count;
			else
				beyond++;
		} else if (bracket == ')' || bracket == '}') {
			if (beyond)
				beyond--;
			else if (depth)
				g->closer[open[--depth]] = i;
		}
	}
	return PS_OK;
}

static void bracket_groups_clear(bracket_groups *g)
{
	free(g->opener);
	free(g->closer);
	psi_strings_clear(&g->names);
	ps_siblings_summary_free(g->summary);
	memset(g, 0, sizeof *g);
}

#define HANDED_AS_TYPE 1
#define HANDED_AS_NAME 2

typedef struct token_pass {
	CXTranslationUnit tu;
	const char *path;
	const psi_strings *declared;
	psi_decl_fn fn;
	void *context;
	psi_strings file_names; /* every identifier of the file, sorted, once */
	unsigned char *handed; /* per file name: HANDED_AS_* bits */
	ps_siblings_summary *summary; /* what they hold, worked out once */
	lexical_scopes scopes;
	recent_tokens recent;
	bracket_groups groups;
	const CXToken *tokens; /* the file's, and the index of the one visited */
	unsigned at;
} token_pass;

/* The scope a swallowed token is read in: the declaration that swallowed
 * it when that opens a scope (a record, a function), else its parent. */
static CXCursor scope_of(CXCursor cursor)
{
	if (!clang_isDeclaration(clang_getCursorKind(cursor)))
		return clang_getNullCursor();
	if (psi_scope_noun(clang_getCursorKind(cursor)))
		return cursor;
	CXCursor parent = clang_getCursorSemanticParent(cursor);
	return psi_scope_noun(clang_getCursorKind(parent)) ? parent : clang_getNullCursor();
}

/* Is the token in the type something is declared with: `vector<language>
 * spoken;` or `language preferred;` of an unknown `language` type?  Such a
 * token names a type declared elsewhere, which is not a member of the
 * record around the declaration.  libclang says so when it made the
 * declaration (the token lies before the declared name); where it dropped
 * it, the next token does: a declarator's name or the end of a template's
 * arguments. */
static int in_declared_type(CXTranslationUnit tu, CXToken token, CXCursor cursor,
                            const CXToken *next)
{
	enum CXCursorKind kind = clang_getCursorKind(cursor);
	if (kind == CXCursor_FieldDecl || kind == CXCursor_VarDecl || kind == CXCursor_ParmDecl) {
		unsigned token_offset, name_offset;
		clang_getFileLocation(clang_getTokenLocation(tu, token), NULL, NULL, NULL,
		                      &token_offset);
		clang_getFileLocation(clang_getCursorLocation(cursor), NULL, NULL, NULL, &name_offset);
		if (token_offset < name_offset)
			return 1;
	}
	if (!next)
		return 0;
	CXTokenKind next_kind = clang_getTokenKind(*next);
	if (next_kind == CXToken_Identifier)
		return 1;
	if (next_kind != CXToken_Punctuation)
		return 0;
	CXString spelling = clang_getTokenSpelling(tu, *next);
	const char *text = clang_getCString(spelling);
	int closes_arguments = text && (strcmp(text, ">") == 0 || strcmp(text, ">>") == 0);
	clang_disposeString(spelling);
	return closes_arguments;
}

/* The group whose names are the visited token's siblings: the innermost
 * braces around it (a record's body, a function's, an initializer's), for
 * the parentheses of a call inside a body hold only its arguments
 * (`strcpy(nume, _nume)`, while `prenume` is copied on the next line);
 * outside braces, the innermost parentheses (a function's parameters, the
 * arguments of DECLARE_FIELDS(Person, ...) at file scope).  0: none. */
static unsigned enclosing_group(const token_pass *pass)
{
	const bracket_groups *g = &pass->groups;
	unsigned innermost = g->opener[pass->at];
	for (unsigned group = innermost; group; group = g->opener[group - 1])
		if (bracket_of(pass->tu, pass->tokens[group - 1]) == '{')
			return group;
	return innermost;
}

/* The distinct identifiers of the group the visited token stands in, when
 * there are at most PS_MAX_CONTEXT_SIBLINGS of them; else NULL.  A repeated
 * name does not count twice, so the list is made unique whenever it grows
 * past the bound, and reading stops only once its distinct names do. */
static const psi_strings *group_names(token_pass *pass, int *oom)
{
	bracket_groups *g = &pass->groups;
	unsigned group = enclosing_group(pass);
	if (!group)
		return NULL;
	if (g->listed != group) {
		psi_strings_clear(&g->names);
		ps_siblings_summary_reset(g->summary);
		g->listed = 0;
		for (unsigned i = group;
		     i < g->closer[group - 1] && g->names.count <= PS_MAX_CONTEXT_SIBLINGS; i++) {
			if (clang_getTokenKind(pass->tokens[i]) != CXToken_Identifier)
				continue;
			CXString spelling = clang_getTokenSpelling(pass->tu, pass->tokens[i]);
			int rc = psi_strings_add(&g->names, clang_getCString(spelling));
			clang_disposeString(spelling);
			if (rc < 0) {
				*oom = 1;
				return NULL;
			}
			if (g->names.count > PS_MAX_CONTEXT_SIBLINGS)
				psi_strings_sort_unique(&g->names);
		}
		psi_strings_sort_unique(&g->names);
		g->listed = group;
	}
	return g->names.count <= PS_MAX_CONTEXT_SIBLINGS ? &g->names : NULL;
}

static int hand_on(token_pass *pass, CXToken token, CXCursor cursor, const char *name,
                   int type_name)
{
	if (psi_search(&name, pass->declared->items, pass->declared->count,
		       sizeof *pass->declared->items, psi_compare_strings))
		return PS_OK;
	char **found = psi_search(&name, pass->file_names.items, pass->file_names.count,
				  sizeof *pass->file_names.items, psi_compare_strings);
	size_t at = found ? (size_t)(found - pass->file_names.items) : 0;
	/* A name is handed on once as a type and once otherwise: the type
	 * `language` of one field does not hide a field named `language`. */
	unsigned char as = type_name ? HANDED_AS_TYPE : HANDED_AS_NAME;
	if (!found || (pass->handed[at] & as) || (type_name && pass->handed[at]))
		return PS_OK;
	pass->handed[at] |= as;
	unsigned line, column;
	clang_getFileLocation(clang_getTokenLocation(pass->tu, token), NULL, &line, &column, NULL);
	ps_context context = {NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, 0, NULL, 0};
	CXCursor scope = type_name ? clang_getNullCursor() : scope_of(cursor);
	CXString scope_name = clang_getCursorSpelling(scope);
	const char *scope_text = clang_Cursor_isNull(scope) ? NULL : clang_getCString(scope_name);
	if (type_name) {
		scope_text = NULL;
	} else if (scope_text && !psi_is_unnamed(scope_text)) {
		context.scope = context.scope_name = scope_text;
		context.scope_noun = psi_scope_noun(clang_getCursorKind(scope));
	} else if (pass->recent.qualifier) {
		scope_text = context.scope = context.scope_name = pass->recent.qualifier;
		context.scope_noun = "record";
	} else if (innermost(&pass->scopes)) {
		scope_text = innermost(&pass->scopes)->name;
		context.scope = context.scope_name = scope_text;
		context.scope_noun = innermost(&pass->scopes)->noun;
	} else {
		scope_text = NULL;
	}
	context.siblings = (const char *const *)pass->file_names.items;
	context.sibling_count = pass->file_names.count;
	context.summary = pass->summary;
	int oom = 0;
	const psi_strings *group = !type_name ? group_names(pass, &oom) : NULL;
	if (oom) {
		clang_disposeString(scope_name);
		return PS_ENOMEM;
	}
	if (group) {
		/* The file's names still veto (a city game's immigrants), as the
		 * names at the top of a file do. */
		context.file_names = context.siblings;
		context.file_name_count = context.sibling_count;
		context.file_summary = context.summary;
		context.siblings = (const char *const *)group->items;
		context.sibling_count = group->count;
		context.summary = pass->groups.summary;
		context.siblings_bracketed = 1;
	}
	psi_decl d = {PS_KIND_IDENTIFIER, name, pass->path, line, column, scope_text, NULL, "",
	             0, 0, &context};
	d.identity = psi_hash(psi_hash(0, pass->path, strlen(pass->path) + 1), name, strlen(name));
	int rc = pass->fn(pass->context, &d);
	clang_disposeString(scope_name);
	return rc;
}

static int collect_names(token_pass *pass, CXToken *tokens, unsigned count)
{
	psi_strings *all = &pass->file_names;
	for (unsigned i = 0; i < count; i++) {
		if (clang_getTokenKind(tokens[i]) != CXToken_Identifier)
			continue;
		CXString spelling = clang_getTokenSpelling(pass->tu, tokens[i]);
		int rc = psi_strings_add(all, clang_getCString(spelling));
		clang_disposeString(spelling);
		if (rc < 0)
			return PS_ENOMEM;
	}
	psi_strings_sort_unique(all);
	pass->handed = calloc(all->count ? all->count : 1, 1);
	return pass->handed ? PS_OK : PS_ENOMEM;
}

/* Remember what the token says about the next one: an identifier that
 * `::` may make a qualifier. */
static int remember(recent_tokens *r, CXTokenKind kind, const char *text)
{
	int scope_operator = kind == CXToken_Punctuation && strcmp(text, "::") == 0;
	free(r->qualifier);
	r->qualifier = scope_operator ? r->last_identifier : NULL;
	if (scope_operator)
		r->last_identifier = NULL;
	if (kind == CXToken_Identifier) {
		free(r->last_identifier);
		if (!(r->last_identifier = psi_strdup(text)))
			return PS_ENOMEM;
	} else if (!scope_operator) {
		free(r->last_identifier);
		r->last_identifier = NULL;
	}
	return PS_OK;
}

static void recent_tokens_clear(recent_tokens *r)
{
	free(r->qualifier);
	free(r->last_identifier);
	memset(r, 0, sizeof *r);
}

/* Hand on an identifier libclang did not understand, then follow the
 * token for the scopes it opens or closes. */
static int visit_token(token_pass *pass, CXToken token, CXCursor cursor, const CXToken *next,
                       const CXSourceRangeList *ranges)
{
	CXTokenKind kind = clang_getTokenKind(token);
	if (kind == CXToken_Comment || kind == CXToken_Literal)
		return PS_OK;
	CXString spelling = clang_getTokenSpelling(pass->tu, token);
	const char *text = clang_getCString(spelling);
	int rc = PS_OK;
	if (text && kind == CXToken_Identifier && !understood(cursor, text)) {
		unsigned offset;
		clang_getFileLocation(clang_getTokenLocation(pass->tu, token), NULL, NULL, NULL,
		                      &offset);
		if (!skipped(ranges, offset))
			rc = hand_on(pass, token, cursor, text,
			             in_declared_type(pass->tu, token, cursor, next));
	}
	if (rc == PS_OK && text)
		rc = follow(&pass->scopes, kind, text, pass->recent.qualifier);
	if (rc == PS_OK && text)
		rc = remember(&pass->recent, kind, text);
	clang_disposeString(spelling);
	return rc;
}

static int read_file_tokens(token_pass *pass)
{
	CXFile file = clang_getFile(pass->tu, pass->path);
	size_t size = 0;
	if (!file || !clang_getFileContents(pass->tu, file, &size))
		return PS_OK;
	CXSourceRange range = clang_getRange(clang_getLocationForOffset(pass->tu, file, 0),
	                                     clang_getLocationForOffset(pass->tu, file, (unsigned)size));
	CXToken *tokens = NULL;
	unsigned count = 0;
	clang_tokenize(pass->tu, range, &tokens, &count);
	CXCursor *cursors = count ? calloc(count, sizeof *cursors) : NULL;
	if (count && !cursors) {
		clang_disposeTokens(pass->tu, tokens, count);
		return PS_ENOMEM;
	}
	clang_annotateTokens(pass->tu, tokens, count, cursors);
	CXSourceRangeList *ranges = clang_getSkippedRanges(pass->tu, file);
	int rc = collect_names(pass, tokens, count);
	if (rc == PS_OK)
		rc = find_groups(&pass->groups, pass->tu, tokens, count);
	pass->tokens = tokens;
	for (unsigned i = 0; rc == PS_OK && i < count; i++, pass->at = i)
		rc = visit_token(pass, tokens[i], cursors[i], i + 1 < count ? &tokens[i + 1] : NULL,
		                 ranges);
	lexical_scopes_clear(&pass->scopes);
	recent_tokens_clear(&pass->recent);
	clang_disposeSourceRangeList(ranges);
	free(cursors);
	clang_disposeTokens(pass->tu, tokens, count);
	return rc;
}

int psi_extract_unparsed(CXTranslationUnit tu, const psi_unit *unit, const psi_project *project,
			 psi_strings *declared, psi_decl_fn fn, void *context, ps_error *err)
{
	psi_strings files = {0};
	psi_sort(declared->items, declared->count, sizeof *declared->items, psi_compare_strings);
	int rc = files_with_errors(tu, unit, project, &files);
	for (size_t i = 0; rc == PS_OK && i < files.count; i++) {
		token_pass pass = {tu, files.items[i], declared, fn, context, {0}, NULL,
		                   ps_siblings_summary_new(), {.depth = 0}, {0},
		                   {.summary = ps_siblings_summary_new()}, NULL, 0};
		rc = pass.summary && pass.groups.summary ? read_file_tokens(&pass) : PS_ENOMEM;
		psi_strings_clear(&pass.file_names);
		free(pass.handed);
		ps_siblings_summary_free(pass.summary);
		bracket_groups_clear(&pass.groups);
	}
	psi_strings_clear(&files);
	if (rc == PS_ENOMEM)
		return psi_fail(err, PS_ENOMEM, "out of memory");
	return rc;
}
