/*
 * Extraction: walking a libclang AST and handing every declaration, macro
 * and string-literal word located in a project file to a callback.
 *
 * Subtrees that start outside the project (system headers, third-party
 * headers outside the roots) are skipped whole: that is where most of an
 * AST is, and nothing in them is ours to report.
 */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"

typedef struct extractor {
	CXTranslationUnit tu;
	psi_decl_fn fn;
	void *context;
	psi_file_cache files;
	psi_context_builder contexts;
	struct pending_macro *macros; /* classified once all are known */
	size_t macro_count, macro_capacity;
	psi_hashes *calls;            /* or NULL */
	int status;
	ps_error *err;
} extractor;

/* A macro definition waiting for its siblings: the macros of its file that
 * start with the same word (RACE_ELF beside RACE_ORC), as an enum's
 * constants are. */
typedef struct pending_macro {
	char *name, *usr, *group;  /* group: its first word, lower case */
	const char *file;          /* owned by the file cache */
	unsigned line, column;
	int is_definition;
} pending_macro;

/* The entry of the file a location is in, or NULL for no file. */
static const psi_file_entry *file_of(extractor *x, CXSourceLocation location,
				     unsigned *line, unsigned *column)
{
	int oom = 0;
	const psi_file_entry *e = psi_file_cache_lookup(&x->files, location, line, column, &oom);
	if (oom)
		x->status = psi_fail(x->err, PS_ENOMEM, "out of memory");
	return e;
}

/* ---- declarations ------------------------------------------------------- */

static int kind_of(enum CXCursorKind kind)
{
	switch (kind) {
	case CXCursor_VarDecl:
		return PS_KIND_VARIABLE;
	case CXCursor_FieldDecl:
	case CXCursor_ObjCIvarDecl:
	case CXCursor_ObjCPropertyDecl:
		return PS_KIND_FIELD;
	case CXCursor_ParmDecl:
	case CXCursor_NonTypeTemplateParameter:
		return PS_KIND_PARAMETER;
	case CXCursor_FunctionDecl:
	case CXCursor_CXXMethod:
	case CXCursor_FunctionTemplate:
	case CXCursor_ObjCInstanceMethodDecl:
	case CXCursor_ObjCClassMethodDecl:
		return PS_KIND_FUNCTION;
	case CXCursor_StructDecl:
	case CXCursor_UnionDecl:
	case CXCursor_ClassDecl:
	case CXCursor_EnumDecl:
	case CXCursor_TypedefDecl:
	case CXCursor_TypeAliasDecl:
	case CXCursor_TypeAliasTemplateDecl:
	case CXCursor_ClassTemplate:
	case CXCursor_ObjCInterfaceDecl:
	case CXCursor_ObjCProtocolDecl:
	case CXCursor_TemplateTypeParameter:
	case CXCursor_TemplateTemplateParameter:
		return PS_KIND_TYPE;
	case CXCursor_EnumConstantDecl:
		return PS_KIND_ENUM_CONSTANT;
	case CXCursor_Namespace:
	case CXCursor_NamespaceAlias:
		return PS_KIND_NAMESPACE;
	default:
		return -1;
	}
}

/* Cursors whose children are named relative to them. */
static int opens_scope(enum CXCursorKind kind)
{
	switch (kind) {
	case CXCursor_FunctionDecl: case CXCursor_CXXMethod:
	case CXCursor_FunctionTemplate: case CXCursor_Constructor:
	case CXCursor_Destructor: case CXCursor_ConversionFunction:
	case CXCursor_ObjCInstanceMethodDecl: case CXCursor_ObjCClassMethodDecl:
	case CXCursor_StructDecl: case CXCursor_UnionDecl: case CXCursor_ClassDecl:
	case CXCursor_ClassTemplate: case CXCursor_ClassTemplatePartialSpecialization:
	case CXCursor_EnumDecl: case CXCursor_Namespace:
	case CXCursor_ObjCInterfaceDecl: case CXCursor_ObjCImplementationDecl:
	case CXCursor_ObjCCategoryDecl: case CXCursor_ObjCProtocolDecl:
		return 1;
	default:
		return 0;
	}
}

int psi_is_unnamed(const char *name)
{
	return !name || !*name || name[0] == '(' || strstr(name, "(anonymous") ||
	       strstr(name, "(unnamed");
}

/* A lambda's body is the call operator of an unnamed class, which libclang
 * 14 has no other way to tell; it belongs to the function the lambda is
 * written in, as the tracer interprets it there. */
static int is_lambda_body(CXCursor cursor, CXCursor parent)
{
	if (clang_getCursorKind(cursor) != CXCursor_CXXMethod ||
	    clang_getCursorKind(parent) != CXCursor_ClassDecl)
		return 0;
	CXString name = clang_getCursorSpelling(cursor), record = clang_getCursorSpelling(parent);
	int lambda = strcmp(clang_getCString(name), "operator()") == 0 &&
	             psi_is_unnamed(clang_getCString(record));
	clang_disposeString(name);
	clang_disposeString(record);
	return lambda;
}

static int is_record(enum CXCursorKind kind)
{
	return kind == CXCursor_StructDecl || kind == CXCursor_UnionDecl ||
	       kind == CXCursor_ClassDecl || kind == CXCursor_EnumDecl ||
	       kind == CXCursor_ClassTemplate ||
	       kind == CXCursor_ClassTemplatePartialSpecialization;
}

/* In C, a record or enum declared inside a record belongs to the file
 * (struct A { struct B { int x; } b; }), yet it is read as a part of A, and
 * an unnamed one (struct A { struct { int x; } s; }) has no other name to
 * give x's scope: it is named inside the record written around it, as in
 * C++. */
CXCursor psi_enclosing_scope(CXCursor c)
{
	CXCursor semantic = clang_getCursorSemanticParent(c);
	if (!is_record(clang_getCursorKind(c)) || is_record(clang_getCursorKind(semantic)))
		return semantic;
	CXCursor lexical = clang_getCursorLexicalParent(c);
	return is_record(clang_getCursorKind(lexical)) ? lexical : semantic;
}

int psi_scope_of(CXCursor scope, char **name)
{
	*name = NULL;
	CXCursor parent;
	for (CXCursor c = scope; !clang_Cursor_isNull(c) &&
	                         clang_getCursorKind(c) != CXCursor_TranslationUnit; c = parent) {
		parent = psi_enclosing_scope(c);
		if (!opens_scope(clang_getCursorKind(c)) || is_lambda_body(c, parent))
			continue;
		CXString spelling = clang_getCursorSpelling(c);
		const char *text = clang_getCString(spelling);
		int named = !psi_is_unnamed(text);
		char *outer = !named ? NULL
		              : *name ? psi_sprintf("%s::%s", text, *name) : psi_strdup(text);
		clang_disposeString(spelling);
		if (!named)
			continue;
		free(*name);
		*name = outer;
		if (!outer)
			return PS_ENOMEM;
	}
	return PS_OK;
}

static uint64_t identity_of(const psi_decl *d)
{
	uint64_t h = psi_hash(0, d->file, strlen(d->file) + 1);
	unsigned place[3] = {d->line, d->column, (unsigned)d->kind};
	h = psi_hash(h, place, sizeof place);
	return psi_hash(h, d->name, strlen(d->name));
}

static void emit(extractor *x, psi_decl *d)
{
	if (x->status != PS_OK)
		return;
	d->identity = identity_of(d);
	int rc = x->fn(x->context, d);
	if (rc != PS_OK)
		x->status = rc;
}

/* ---- string literals ---------------------------------------------------- */

static int is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Help texts mark a command's abbreviation in brackets: "[t]race" is the
 * word trace, not "t" and "race".  Close the brackets up and put the two
 * freed bytes after the word, so that no other word moves. */
static void join_abbreviation_marks(char *text, size_t length)
{
	for (size_t i = 0; i + 3 < length; i++) {
		if (text[i] != '[' || (i > 0 && (is_letter(text[i - 1]) || text[i - 1] == '_')))
			continue;
		size_t close = i + 1;
		while (close < length && close - i <= 3 && is_letter(text[close]))
			close++;
		if (close == i + 1 || close >= length || text[close] != ']' ||
		    close + 1 >= length || !is_letter(text[close + 1]))
			continue;
		size_t end = close + 1;
		while (end < length && (is_letter(text[end]) || text[end] == '_'))
			end++;
		memmove(text + i, text + i + 1, close - i - 1);
		memmove(text + close - 1, text + close + 1, end - close - 1);
		text[end - 2] = ' ';
		text[end - 1] = ' ';
		i = end - 1;
	}
}

/* Blank out escape sequences so that "\tnationaliteit" yields the word
 * nationaliteit, keeping every byte where it was for column arithmetic. */
static void blank_escapes(char *text, size_t length)
{
	for (size_t i = 0; i < length; i++) {
		if (text[i] != '\\' || i + 1 >= length)
			continue;
		size_t end = i + 2, max = i + 2;
		char e = text[i + 1];
		if (e == 'x')
			max = length;
		else if (e == 'u')
			max = i + 6;
		else if (e == 'U')
			max = i + 10;
		else if (e >= '0' && e <= '7')
			max = i + 4, end = i + 1;
		while (end < max && end < length &&
		       (e == 'x' || e == 'u' || e == 'U'
		            ? strchr("0123456789abcdefABCDEF", text[end]) != NULL
		            : text[end] >= '0' && text[end] <= '7'))
			end++;
		memset(text + i, ' ', end - i);
		i = end - 1;
	}
}

void psi_literal_normalize(char *text, size_t length)
{
	blank_escapes(text, length);
	join_abbreviation_marks(text, length);
}

/* Hand one string-literal token to the callback. */
static void literal_words(extractor *x, CXToken token, const psi_file_entry *file,
                          const char *scope)
{
	CXString spelling = clang_getTokenSpelling(x->tu, token);
	const char *text = clang_getCString(spelling);
	const char *quote = text ? strchr(text, '"') : NULL;
	if (!quote || quote[1] == '\0') {
		clang_disposeString(spelling);
		return;
	}
	/* Prefixes: L, u, U, u8, and R for raw strings: R"delim( ... )delim". */
	int raw = quote > text && quote[-1] == 'R';
	const char *begin = quote + 1, *end = text + strlen(text) - 1;
	if (raw) {
		const char *paren = strchr(begin, '(');
		const char *close = strrchr(text, ')');
		if (!paren || !close || close < paren) {
			clang_disposeString(spelling);
			return;
		}
		begin = paren + 1;
		end = close;
	}
	size_t length = end > begin ? (size_t)(end - begin) : 0;
	char *content = psi_strndup(begin, length);
	if (!content) {
		x->status = PS_ENOMEM;
		clang_disposeString(spelling);
		return;
	}
	if (!raw)
		psi_literal_normalize(content, length);
	else
		join_abbreviation_marks(content, length);
	/* The whole literal is one name, so that a phrase such as "country of
	 * birth" sees its words together; the report narrows each finding to
	 * the words that matched. */
	unsigned line, column;
	clang_getFileLocation(clang_getTokenLocation(x->tu, token), NULL, &line, &column, NULL);
	psi_decl d = {PS_KIND_STRING_LITERAL, content, file->path, line,
	             column + (unsigned)(begin - text), scope, NULL, "", 0, 0, NULL};
	emit(x, &d);
	free(content);
	clang_disposeString(spelling);
}

static void literals_in(extractor *x, CXCursor cursor, const char *scope)
{
	CXToken *tokens = NULL;
	unsigned count = 0;
	clang_tokenize(x->tu, clang_getCursorExtent(cursor), &tokens, &count);
	for (unsigned i = 0; i < count && x->status == PS_OK; i++) {
		if (clang_getTokenKind(tokens[i]) != CXToken_Literal)
			continue;
		unsigned line, column;
		const psi_file_entry *file = file_of(x, clang_getTokenLocation(x->tu, tokens[i]),
		                                 &line, &column);
		if (file && file->in_project)
			literal_words(x, tokens[i], file, scope);
	}
	clang_disposeTokens(x->tu, tokens, count);
}

/* ---- the walk ----------------------------------------------------------- */

typedef struct scope_frame {
	extractor *x;
	CXCursor opener;   /* the function, type or namespace the walk is in */
	const char *scope; /* its qualified name (psi_scope_of) */
} scope_frame;

static enum CXChildVisitResult visit(CXCursor cursor, CXCursor parent, CXClientData data);

/* A C file-scope `int x;` is a tentative definition: it defines x unless
 * the unit says more, and two programs' globals of one name are told apart
 * by their definitions; libclang calls only `int x = 0;` a definition. */
static int defines(CXCursor cursor)
{
	if (clang_isCursorDefinition(cursor))
		return 1;
	return clang_getCursorKind(cursor) == CXCursor_VarDecl &&
	       clang_Cursor_getStorageClass(cursor) == CX_SC_None &&
	       clang_getCursorKind(clang_getCursorSemanticParent(cursor)) == CXCursor_TranslationUnit;
}

static void declaration(extractor *x, CXCursor cursor, int kind, const psi_file_entry *file,
                        unsigned line, unsigned column, const char *scope)
{
	CXString spelling = clang_getCursorSpelling(cursor);
	const char *name = clang_getCString(spelling);
	if (!psi_is_unnamed(name)) {
		CXString usr = clang_getCursorUSR(cursor);
		/* The context says what an ambiguous name means: `race` of type
		 * RuleAlienRace is a species, `language` in record Patient a
		 * person's. */
		ps_context context = {scope, NULL, NULL, NULL, NULL, 0, NULL, NULL, 0, NULL, 0};
		if (psi_context_build(&x->contexts, cursor, scope,
		                                              &context) != PS_OK)
			x->status = PS_ENOMEM;
		psi_decl d = {(ps_kind)kind, name, file->path, line, column, scope, context.type,
		             clang_getCString(usr), defines(cursor), 0, &context};
		emit(x, &d);
		clang_disposeString(usr);
	}
	clang_disposeString(spelling);
}

/* Is the macro of `cursor`, at `line` of `file`, the file's include guard:
 * empty or 1, and tested on the line before by `#ifndef NAME` or `#if
 * !defined(NAME)`?  A guard repeats the file's name (PATIENT_NATIONALITY_H)
 * and holds no value, so it is no finding of its own. */
static int is_include_guard(extractor *x, CXCursor cursor, const psi_file_entry *file,
                            unsigned line, const char *name)
{
	if (line < 2 || !file->file || clang_Cursor_isMacroFunctionLike(cursor))
		return 0;
	/* Most macros have a body longer than " 1": no lexing for them. */
	CXSourceRange extent = clang_getCursorExtent(cursor);
	unsigned start, end;
	clang_getFileLocation(clang_getRangeStart(extent), NULL, NULL, NULL, &start);
	clang_getFileLocation(clang_getRangeEnd(extent), NULL, NULL, NULL, &end);
	if (end > start + strlen(name) + 2)
		return 0;
	CXToken *tokens;
	unsigned count;
	clang_tokenize(x->tu, extent, &tokens, &count);
	int empty = count == 1 || (count == 2 && clang_getTokenKind(tokens[1]) == CXToken_Literal);
	if (empty && count == 2) {
		CXString value = clang_getTokenSpelling(x->tu, tokens[1]);
		empty = strcmp(clang_getCString(value), "1") == 0;
		clang_disposeString(value);
	}
	clang_disposeTokens(x->tu, tokens, count);
	if (!empty)
		return 0;
	CXSourceRange before = clang_getRange(clang_getLocation(x->tu, file->file, line - 1, 1),
	                                      clang_getLocation(x->tu, file->file, line, 1));
	clang_tokenize(x->tu, before, &tokens, &count);
	int negated = 0, tested = 0;
	for (unsigned i = 0; i < count && !tested; i++) {
		CXString spelling = clang_getTokenSpelling(x->tu, tokens[i]);
		const char *text = clang_getCString(spelling);
		if (strcmp(text, "ifndef") == 0 || strcmp(text, "!") == 0)
			negated = 1;
		else if (negated && strcmp(text, name) == 0)
			tested = 1;
		clang_disposeString(spelling);
	}
	clang_disposeTokens(x->tu, tokens, count);
	return tested;
}

static void defer_macro(extractor *x, CXCursor cursor, const psi_file_entry *file,
                        unsigned line, unsigned column)
{
	CXString spelling = clang_getCursorSpelling(cursor);
	if (is_include_guard(x, cursor, file, line, clang_getCString(spelling))) {
		clang_disposeString(spelling);
		return;
	}
	CXString usr = clang_getCursorUSR(cursor);
	ps_words words;
	pending_macro m = {psi_strdup(clang_getCString(spelling)), psi_strdup(clang_getCString(usr)),
	                   NULL, file->path, line, column, clang_isCursorDefinition(cursor)};
	if (m.name && ps_words_split(m.name, &words, NULL) == PS_OK) {
		m.group = psi_strdup(words.count ? words.word[0] : "");
		ps_words_clear(&words);
	}
	clang_disposeString(spelling);
	clang_disposeString(usr);
	if (!m.name || !m.usr || !m.group || PSI_PUSH(x->macros, x->macro_count, x->macro_capacity) < 0) {
		free(m.name);
		free(m.usr);
		free(m.group);
		x->status = PS_ENOMEM;
		return;
	}
	x->macros[x->macro_count++] = m;
}

static int by_file_and_group(const void *a, const void *b)
{
	const pending_macro *p = a, *q = b;
	int c = strcmp(p->file, q->file);
	return c ? c : strcmp(p->group, q->group);
}

/* Classify the deferred macros, each group with its members as siblings. */
static void emit_macros(extractor *x)
{
	psi_sort(x->macros, x->macro_count, sizeof *x->macros, by_file_and_group);
	const char **names = calloc(x->macro_count + 1, sizeof *names);
	ps_siblings_summary *summary = ps_siblings_summary_new();
	if (!names || !summary)
		x->status = PS_ENOMEM;
	for (size_t start = 0, end; names && summary && start < x->macro_count; start = end) {
		for (end = start; end < x->macro_count &&
		                  by_file_and_group(&x->macros[start], &x->macros[end]) == 0; end++)
			names[end - start] = x->macros[end].name;
		ps_siblings_summary_reset(summary);
		ps_context context = {NULL, NULL, NULL, NULL, names, end - start, summary, NULL, 0, NULL, 0};
		for (size_t i = start; i < end; i++) {
			pending_macro *m = &x->macros[i];
			psi_decl d = {PS_KIND_MACRO, m->name, m->file, m->line, m->column, NULL, NULL,
			             m->usr, m->is_definition, 0, &context};
			emit(x, &d);
		}
	}
	for (size_t i = 0; i < x->macro_count; i++) {
		free(x->macros[i].name);
		free(x->macros[i].usr);
		free(x->macros[i].group);
	}
	free(x->macros);
	free(names);
	ps_siblings_summary_free(summary);
}

/* An Objective-C @property brings an implicit getter, setter and setter
 * parameter at its own location; libclang 14 cannot say a cursor is
 * implicit, but a method written in the source starts with '-' or '+'. */
static int implicit_objc_method(extractor *x, CXCursor cursor)
{
	CXSourceLocation start = clang_getRangeStart(clang_getCursorExtent(cursor));
	CXToken *token = clang_getToken(x->tu, start);
	if (!token)
		return 1;
	CXString spelling = clang_getTokenSpelling(x->tu, *token);
	const char *text = clang_getCString(spelling);
	int implicit = !text || (strcmp(text, "-") != 0 && strcmp(text, "+") != 0);
	clang_disposeString(spelling);
	clang_disposeTokens(x->tu, token, 1);
	return implicit;
}

/* A declaration's scope is named after its semantic parent, which is mostly
 * the scope the walk is in, but not always: the locals of void A::f() {}
 * defined outside A are in A::f, and A::f itself is in A, as the tracer
 * names them. */
static void declaration_in(scope_frame *frame, CXCursor cursor, int kind,
                           const psi_file_entry *file, unsigned line, unsigned column)
{
	extractor *x = frame->x;
	CXCursor parent = psi_enclosing_scope(cursor);
	if (clang_equalCursors(parent, frame->opener)) {
		declaration(x, cursor, kind, file, line, column, frame->scope);
		return;
	}
	char *scope;
	if (psi_scope_of(parent, &scope) != PS_OK) {
		x->status = PS_ENOMEM;
		return;
	}
	declaration(x, cursor, kind, file, line, column, scope);
	free(scope);
}

/* A call's spelling is its callee's name (a constructor's is its class's);
 * a call through a pointer spells none, and none is traced. */
static void note_call(extractor *x, CXCursor call)
{
	CXString spelling = clang_getCursorSpelling(call);
	const char *name = clang_getCString(spelling);
	uint64_t hash = name ? psi_plain_name_hash(name, strlen(name)) : 0;
	if (hash && psi_hashes_add(x->calls, hash) < 0)
		x->status = PS_ENOMEM;
	clang_disposeString(spelling);
}

static enum CXChildVisitResult visit(CXCursor cursor, CXCursor parent, CXClientData data)
{
	scope_frame *frame = data;
	extractor *x = frame->x;
	if (x->status != PS_OK)
		return CXChildVisit_Break;
	enum CXCursorKind ck = clang_getCursorKind(cursor);
	if (ck == CXCursor_MacroExpansion || ck == CXCursor_InclusionDirective)
		return CXChildVisit_Continue;
	unsigned line, column;
	const psi_file_entry *file = file_of(x, clang_getCursorLocation(cursor), &line, &column);
	if (x->status != PS_OK)
		return CXChildVisit_Break;
	if (file && !file->in_project && clang_isDeclaration(ck))
		return CXChildVisit_Continue; /* a whole subtree outside the project */
	if (ck == CXCursor_MacroDefinition) {
		if (file && file->in_project && !clang_Cursor_isMacroBuiltin(cursor)) {
			defer_macro(x, cursor, file, line, column);
			literals_in(x, cursor, NULL);
		}
		return CXChildVisit_Continue;
	}
	if (ck == CXCursor_StringLiteral) {
		literals_in(x, cursor, frame->scope);
		return CXChildVisit_Continue;
	}
	if (ck == CXCursor_CallExpr && x->calls)
		note_call(x, cursor);
	if ((ck == CXCursor_ObjCInstanceMethodDecl || ck == CXCursor_ObjCClassMethodDecl) &&
	    implicit_objc_method(x, cursor))
		return CXChildVisit_Continue;
	int kind = kind_of(ck);
	x->contexts.statement = ck == CXCursor_VarDecl &&
	                        clang_getCursorKind(parent) == CXCursor_DeclStmt
	                        ? parent : clang_getNullCursor();
	if (kind >= 0 && file && file->in_project)
		declaration_in(frame, cursor, kind, file, line, column);
	if (!opens_scope(ck))
		return CXChildVisit_Recurse;
	char *inner;
	if (psi_scope_of(cursor, &inner) != PS_OK) {
		x->status = PS_ENOMEM;
		return CXChildVisit_Break;
	}
	scope_frame child = {x, cursor, inner};
	clang_visitChildren(cursor, visit, &child);
	free(inner);
	return x->status == PS_OK ? CXChildVisit_Continue : CXChildVisit_Break;
}

int psi_extract(CXTranslationUnit tu, const psi_unit *unit, const psi_project *project,
		psi_decl_fn fn, void *context, psi_strings *seen_files, psi_hashes *calls,
		ps_error *err)
{
	extractor x = {tu, fn, context, {unit->directory, project, seen_files, NULL, 0, 0},
	               {.has_owner = 0}, NULL, 0, 0, calls, PS_OK, err};
	x.contexts.statement = x.contexts.listed_statement = clang_getNullCursor();
	CXCursor unit_cursor = clang_getTranslationUnitCursor(tu);
	scope_frame top = {&x, unit_cursor, NULL};
	clang_visitChildren(unit_cursor, visit, &top);
	emit_macros(&x);
	psi_file_cache_clear(&x.files);
	psi_context_builder_clear(&x.contexts);
	if (x.status == PS_ENOMEM)
		return psi_fail(err, PS_ENOMEM, "out of memory");
	return x.status;
}

/* A directive is a comment that starts with it, after the comment's own
 * markers (slashes, asterisks, "!") and white space: a comment that explains
 * the syntax ("write a profilescan:allow comment") or quotes an example
 * inside documentation accepts nothing. */
static int starts_with_directive(const char *comment)
{
	while (*comment == '/' || *comment == '*' || *comment == '!' ||
	       isspace((unsigned char)*comment))
		comment++;
	return strncmp(comment, "profilescan:", 12) == 0;
}

int psi_extract_directives(CXTranslationUnit tu, const char *path, psi_directive_fn fn,
			   void *context)
{
	CXFile file = clang_getFile(tu, path);
	size_t size = 0;
	const char *contents = file ? clang_getFileContents(tu, file, &size) : NULL;
	/* Most files hold no directive: look before lexing. */
	if (!contents || !memmem(contents, size, "profilescan:", 12))
		return PS_OK;
	CXSourceRange range = clang_getRange(clang_getLocationForOffset(tu, file, 0),
	                                     clang_getLocationForOffset(tu, file, (unsigned)size));
	CXToken *tokens = NULL;
	unsigned count = 0;
	clang_tokenize(tu, range, &tokens, &count);
	int rc = PS_OK;
	for (unsigned i = 0; rc == PS_OK && i < count; i++) {
		if (clang_getTokenKind(tokens[i]) != CXToken_Comment)
			continue;
		CXString spelling = clang_getTokenSpelling(tu, tokens[i]);
		const char *text = clang_getCString(spelling);
		if (text && starts_with_directive(text)) {
			CXSourceRange extent = clang_getTokenExtent(tu, tokens[i]);
			unsigned line, column, end_line;
			clang_getFileLocation(clang_getRangeStart(extent), NULL, &line, &column, NULL);
			clang_getFileLocation(clang_getRangeEnd(extent), NULL, &end_line, NULL, NULL);
			rc = fn(context, path, line, column, end_line, text);
		}
		clang_disposeString(spelling);
	}
	clang_disposeTokens(tu, tokens, count);
	return rc;
}
