/*
 * The context of a declaration, as classification reads it (ps_context):
 * what its innermost scope is, its type, and the names declared beside it.
 * Extraction and flows both build it here, so that a declaration is
 * classified the same way wherever it is met.
 *
 * Members are listed once per record, enum or function: a record's fields
 * come one after another, and each asks for the same list.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"

const char *psi_scope_noun(enum CXCursorKind kind)
{
	switch (kind) {
	case CXCursor_StructDecl: case CXCursor_UnionDecl: case CXCursor_ClassDecl:
	case CXCursor_ClassTemplate: case CXCursor_ClassTemplatePartialSpecialization:
		return "record";
	case CXCursor_ObjCInterfaceDecl: case CXCursor_ObjCImplementationDecl:
	case CXCursor_ObjCCategoryDecl: case CXCursor_ObjCProtocolDecl:
		return "class";
	case CXCursor_EnumDecl:
		return "enum";
	case CXCursor_FunctionDecl: case CXCursor_CXXMethod: case CXCursor_FunctionTemplate:
	case CXCursor_Constructor: case CXCursor_Destructor: case CXCursor_ConversionFunction:
	case CXCursor_ObjCInstanceMethodDecl: case CXCursor_ObjCClassMethodDecl:
		return "function";
	case CXCursor_Namespace:
		return "namespace";
	default:
		return NULL;
	}
}

/* Is a cursor of this kind a scope of that noun ("record"), or with `noun`
 * NULL one that has members (any scope but a namespace)? */
static int is_scope(CXCursor cursor, const char *noun)
{
	const char *its = psi_scope_noun(clang_getCursorKind(cursor));
	return its && (noun ? strcmp(its, noun) == 0 : strcmp(its, "namespace") != 0);
}

/* A getter's or a setter's siblings are its record's fields, having no
 * more than one parameter to tell whom it is about: Passenger::getOrigen()
 * and setOrigen(origen), beside the destino the record also holds, are the
 * flight's origin. */
static int is_accessor(CXCursor method)
{
	return clang_getCursorKind(method) == CXCursor_CXXMethod &&
	       clang_Cursor_getNumArguments(method) <= 1 &&
	       is_scope(clang_getCursorSemanticParent(method), "record");
}

/* Whose members are a declaration's siblings: its record's, enum's or
 * function's; a record's or enum's own for the type itself, a function's
 * parameters for the function and for its locals (contador_argentinos in
 * buscar_argentinos(vt_empleados empleados, int ml) is about employees).
 * A null cursor when it has none. */
static CXCursor owner_of(CXCursor cursor)
{
	CXCursor parent = clang_getCursorSemanticParent(cursor);
	switch (clang_getCursorKind(cursor)) {
	case CXCursor_ParmDecl:
		/* A setter's value is its record's field: see below. */
		if (is_accessor(parent))
			return clang_getCursorSemanticParent(parent);
		/* fall through */
	case CXCursor_FieldDecl: case CXCursor_EnumConstantDecl:
	case CXCursor_ObjCIvarDecl: case CXCursor_ObjCPropertyDecl: case CXCursor_VarDecl:
		/* The parameters of a function pointer's type have the unit as
		 * their parent: its every declaration would be their siblings. */
		return is_scope(parent, NULL) ? parent : clang_getNullCursor();
	case CXCursor_CXXMethod:
		return is_accessor(cursor) ? parent : cursor;
	default:
		return is_scope(cursor, NULL) ? cursor : clang_getNullCursor();
	}
}

static int is_member(enum CXCursorKind kind)
{
	return kind == CXCursor_FieldDecl || kind == CXCursor_EnumConstantDecl ||
	       kind == CXCursor_ParmDecl || kind == CXCursor_VarDecl ||
	       kind == CXCursor_ObjCIvarDecl || kind == CXCursor_ObjCPropertyDecl;
}

typedef struct member_list {
	psi_strings *names;
	size_t fields;      /* while methods are added: the names before them */
	int oom;
} member_list;

/* List the cursor's name, unless it has none. */
static void add_name(member_list *list, CXCursor cursor)
{
	CXString spelling = clang_getCursorSpelling(cursor);
	const char *name = clang_getCString(spelling);
	if (!psi_is_unnamed(name) && psi_strings_add(list->names, name) < 0)
		list->oom = 1;
	clang_disposeString(spelling);
}

static enum CXChildVisitResult add_member(CXCursor cursor, CXCursor parent, CXClientData data)
{
	(void)parent;
	member_list *list = data;
	if (!is_member(clang_getCursorKind(cursor)))
		return CXChildVisit_Continue;
	add_name(list, cursor);
	/* A parameter's type says whom a function is about when its name does
	 * not: is_black(const struct person *p). */
	if (!list->oom && clang_getCursorKind(cursor) == CXCursor_ParmDecl) {
		CXString type = clang_getTypeSpelling(clang_getCursorType(cursor));
		if (psi_strings_add(list->names, clang_getCString(type)) < 0)
			list->oom = 1;
		clang_disposeString(type);
	}
	return list->oom ? CXChildVisit_Break : CXChildVisit_Continue;
}

/* `name` in lower case without underscores and without a getter's or a
 * setter's verb: max_age_, max_age() and getMaxAge() are all "maxage". */
static void member_key(const char *name, char *key, size_t size)
{
	size_t n = 0, verb = psi_accessor_verb(name);
	if (verb && ((name[verb] >= 'A' && name[verb] <= 'Z') || name[verb] == '_'))
		name += verb;
	for (; *name && n + 1 < size; name++)
		if (*name != '_')
			key[n++] = (char)tolower((unsigned char)*name);
	key[n] = '\0';
}

/* Is `method` the accessor of a field already listed?  It would count the
 * field's words twice: an HTTP rule's max_age_ and max_age() are one age,
 * not two of a person's fields. */
static int accesses_listed_field(const member_list *list, const char *method)
{
	char key[128], field[128];
	member_key(method, key, sizeof key);
	for (size_t i = 0; i < list->fields; i++) {
		member_key(list->names->items[i], field, sizeof field);
		if (strcmp(key, field) == 0)
			return 1;
	}
	return 0;
}

/* A getter's record's other member functions are its siblings too, when
 * its fields are in another record: HanhKhach::getHo() beside getTen()
 * returns the family name of an Info the class holds. */
static enum CXChildVisitResult add_method(CXCursor cursor, CXCursor parent, CXClientData data)
{
	(void)parent;
	member_list *list = data;
	if (clang_getCursorKind(cursor) != CXCursor_CXXMethod)
		return CXChildVisit_Continue;
	CXString spelling = clang_getCursorSpelling(cursor);
	if (!accesses_listed_field(list, clang_getCString(spelling)))
		add_name(list, cursor);
	clang_disposeString(spelling);
	return list->oom ? CXChildVisit_Break : CXChildVisit_Continue;
}

/* Add the methods of `record` to the members already listed, unless that
 * makes more than classification reads: then the fields stay alone. */
static void add_methods(member_list *list, CXCursor record)
{
	psi_strings *members = list->names;
	size_t fields = members->count;
	list->fields = fields;
	clang_visitChildren(record, add_method, list);
	if (list->oom || members->count <= PS_MAX_CONTEXT_SIBLINGS)
		return;
	for (size_t i = fields; i < members->count; i++)
		free(members->items[i]);
	members->count = fields;
}

/* The variables declared together in one statement are siblings too:
 * `string nama, alamat, rt, rw;` in main() is one person's record. */
static enum CXChildVisitResult add_declared_together(CXCursor cursor, CXCursor parent,
                                                     CXClientData data)
{
	return clang_getCursorKind(cursor) == CXCursor_VarDecl ? add_member(cursor, parent, data)
	                                                       : CXChildVisit_Continue;
}

static int list_members(psi_context_builder *b, CXCursor owner, int with_methods)
{
	if (b->has_owner && clang_equalCursors(b->owner, owner) &&
	    clang_equalCursors(b->listed_statement, b->statement) &&
	    b->listed_methods == with_methods)
		return PS_OK;
	psi_strings_clear(&b->members);
	ps_siblings_summary_reset(b->summary);
	b->has_owner = 0;
	member_list list = {&b->members, 0, 0};
	/* A function's members are its parameters, which libclang lists
	 * without a walk over the function's children. */
	int arguments = clang_Cursor_getNumArguments(owner);
	for (int i = 0; i < arguments && !list.oom; i++)
		add_member(clang_Cursor_getArgument(owner, (unsigned)i), owner, &list);
	if (arguments < 0)
		clang_visitChildren(owner, add_member, &list);
	if (!clang_Cursor_isNull(b->statement) && !list.oom)
		clang_visitChildren(b->statement, add_declared_together, &list);
	if (with_methods && !list.oom)
		add_methods(&list, owner);
	if (list.oom)
		return PS_ENOMEM;
	b->owner = owner; /* a list cut short by memory is not kept */
	b->listed_statement = b->statement;
	b->listed_methods = with_methods;
	b->has_owner = 1;
	return PS_OK;
}

/* ---- the names at the top of a file -------------------------------------- */

static int top_level_kind(enum CXCursorKind kind)
{
	switch (kind) {
	case CXCursor_StructDecl: case CXCursor_UnionDecl: case CXCursor_ClassDecl:
	case CXCursor_EnumDecl: case CXCursor_TypedefDecl: case CXCursor_FunctionDecl:
	case CXCursor_CXXMethod: case CXCursor_Constructor: case CXCursor_VarDecl:
	case CXCursor_ClassTemplate: case CXCursor_FunctionTemplate: case CXCursor_TypeAliasDecl:
	/* What a file includes says what it is about: "game/tutorial.h",
	 * "player.h" are a game's, "patient.h" a person's. */
	case CXCursor_InclusionDirective:
		return 1;
	default:
		return 0;
	}
}

static psi_file_names *names_of_file(psi_context_builder *b, CXFile file, int create)
{
	for (size_t i = 0; i < b->file_count; i++)
		if (clang_File_isEqual(b->files[i].file, file))
			return &b->files[i];
	if (!create || PSI_PUSH(b->files, b->file_count, b->file_capacity) < 0)
		return NULL;
	psi_file_names *f = &b->files[b->file_count++];
	memset(f, 0, sizeof *f);
	f->file = file;
	return f;
}

typedef struct file_walk {
	psi_context_builder *b;
	int oom;
} file_walk;

static enum CXChildVisitResult add_top_level(CXCursor cursor, CXCursor parent, CXClientData data)
{
	(void)parent;
	file_walk *w = data;
	CXSourceLocation at = clang_getCursorLocation(cursor);
	if (clang_Location_isInSystemHeader(at))
		return CXChildVisit_Continue;
	enum CXCursorKind kind = clang_getCursorKind(cursor);
	/* namespace n { ... } and extern "C" { ... } hold top-level names too. */
	if (kind == CXCursor_Namespace || kind == CXCursor_LinkageSpec)
		return CXChildVisit_Recurse;
	CXFile file = NULL;
	clang_getFileLocation(at, &file, NULL, NULL, NULL);
	if (!file || !top_level_kind(kind))
		return CXChildVisit_Continue;
	CXString spelling = clang_getCursorSpelling(cursor);
	const char *name = clang_getCString(spelling);
	psi_file_names *f = psi_is_unnamed(name) ? NULL : names_of_file(w->b, file, 1);
	if (!psi_is_unnamed(name) && (!f || psi_strings_add(&f->names, name) < 0))
		w->oom = 1;
	clang_disposeString(spelling);
	return w->oom ? CXChildVisit_Break : CXChildVisit_Continue;
}

static int read_file_names(psi_context_builder *b, CXCursor any)
{
	b->files_read = 1;
	file_walk w = {b, 0};
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(any);
	clang_visitChildren(clang_getTranslationUnitCursor(tu), add_top_level, &w);
	for (size_t i = 0; i < b->file_count && !w.oom; i++) {
		psi_strings_sort_unique(&b->files[i].names);
		if (!(b->files[i].summary = ps_siblings_summary_new()))
			w.oom = 1;
	}
	return w.oom ? PS_ENOMEM : PS_OK;
}

/* A declaration that no record, class or enum holds reads the names at the
 * top of its file: GetRace in a file of GetHouseholdNumber.  A field's
 * record says what it is about, and a file of customers says nothing of
 * the zip of an archive record in it. */
static int add_file_names(psi_context_builder *b, CXCursor cursor, ps_context *out)
{
	for (CXCursor up = clang_getCursorSemanticParent(cursor);
	     !clang_Cursor_isNull(up) && clang_getCursorKind(up) != CXCursor_TranslationUnit;
	     up = clang_getCursorSemanticParent(up)) {
		const char *noun = psi_scope_noun(clang_getCursorKind(up));
		if (noun && strcmp(noun, "function") != 0 && strcmp(noun, "namespace") != 0)
			return PS_OK;
	}
	if (!b->files_read && read_file_names(b, cursor) != PS_OK)
		return PS_ENOMEM;
	CXFile file = NULL;
	clang_getFileLocation(clang_getCursorLocation(cursor), &file, NULL, NULL, NULL);
	const psi_file_names *f = file ? names_of_file(b, file, 0) : NULL;
	if (f) {
		out->file_names = (const char *const *)f->names.items;
		out->file_name_count = f->names.count;
		out->file_summary = f->summary;
	}
	return PS_OK;
}

static int typed(enum CXCursorKind kind)
{
	return kind == CXCursor_VarDecl || kind == CXCursor_FieldDecl ||
	       kind == CXCursor_ParmDecl || kind == CXCursor_ObjCIvarDecl ||
	       kind == CXCursor_ObjCPropertyDecl || kind == CXCursor_FunctionDecl ||
	       kind == CXCursor_CXXMethod || kind == CXCursor_FunctionTemplate;
}

int psi_context_build(psi_context_builder *b, CXCursor cursor, const char *scope,
		      ps_context *out)
{
	free(b->type);
	free(b->scope_name);
	b->type = b->scope_name = NULL;
	CXCursor parent = clang_getCursorSemanticParent(cursor);
	enum CXCursorKind kind = clang_getCursorKind(cursor);
	*out = (ps_context){scope, psi_scope_noun(clang_getCursorKind(parent)), NULL, NULL, NULL, 0,
	                    NULL, NULL, 0, NULL, 0};
	CXString name = clang_getCursorSpelling(parent);
	int named = out->scope_noun && !psi_is_unnamed(clang_getCString(name));
	if (named)
		b->scope_name = psi_strdup(clang_getCString(name));
	clang_disposeString(name);
	if (named && !b->scope_name)
		return PS_ENOMEM;
	if (typed(kind)) {
		CXString type = clang_getTypeSpelling(clang_getCursorType(cursor));
		b->type = psi_strdup(clang_getCString(type));
		clang_disposeString(type);
		if (!b->type)
			return PS_ENOMEM;
	}
	out->scope_name = b->scope_name;
	out->type = b->type;
	if (add_file_names(b, cursor, out) != PS_OK)
		return PS_ENOMEM;
	CXCursor owner = owner_of(cursor);
	if (clang_Cursor_isNull(owner))
		return PS_OK;
	if (!b->summary && !(b->summary = ps_siblings_summary_new()))
		return PS_ENOMEM;
	int getter = kind == CXCursor_CXXMethod && !clang_equalCursors(owner, cursor);
	int rc = list_members(b, owner, getter);
	out->siblings = (const char *const *)b->members.items;
	out->sibling_count = b->members.count;
	out->summary = b->summary;
	return rc;
}

void psi_context_builder_clear(psi_context_builder *b)
{
	psi_strings_clear(&b->members);
	ps_siblings_summary_free(b->summary);
	free(b->type);
	free(b->scope_name);
	for (size_t i = 0; i < b->file_count; i++) {
		psi_strings_clear(&b->files[i].names);
		ps_siblings_summary_free(b->files[i].summary);
	}
	free(b->files);
	memset(b, 0, sizeof *b);
}
