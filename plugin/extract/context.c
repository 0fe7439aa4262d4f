/*
 * The context of a declaration, as classification reads it (ps_context):
 * what its innermost scope is, its type, and the names declared beside it.
 * Extraction and flows both build it here, so that a declaration is
 * classified the same way wherever it is met.
 *
 * Members are listed once per record, enum or function: a record's fields
 * come one after another, and each asks for the same list.
 */
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

/* Whose members are a declaration's siblings: its record's, enum's or
 * function's; a record's or enum's own for the type itself, a function's
 * parameters for the function and for its locals (contador_argentinos in
 * buscar_argentinos(vt_empleados empleados, int ml) is about employees).
 * A null cursor when it has none. */
static CXCursor owner_of(CXCursor cursor)
{
	CXCursor parent = clang_getCursorSemanticParent(cursor);
	switch (clang_getCursorKind(cursor)) {
	case CXCursor_FieldDecl: case CXCursor_EnumConstantDecl: case CXCursor_ParmDecl:
	case CXCursor_ObjCIvarDecl: case CXCursor_ObjCPropertyDecl: case CXCursor_VarDecl:
		/* The parameters of a function pointer's type have the unit as
		 * their parent: its every declaration would be their siblings. */
		return is_scope(parent, NULL) ? parent : clang_getNullCursor();
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
	int oom;
} member_list;

static enum CXChildVisitResult add_member(CXCursor cursor, CXCursor parent, CXClientData data)
{
	(void)parent;
	member_list *list = data;
	if (!is_member(clang_getCursorKind(cursor)))
		return CXChildVisit_Continue;
	CXString spelling = clang_getCursorSpelling(cursor);
	const char *name = clang_getCString(spelling);
	if (!psi_is_unnamed(name) && psi_strings_add(list->names, name) < 0)
		list->oom = 1;
	clang_disposeString(spelling);
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

static int list_members(psi_context_builder *b, CXCursor owner)
{
	if (b->has_owner && clang_equalCursors(b->owner, owner))
		return PS_OK;
	psi_strings_clear(&b->members);
	ps_siblings_summary_reset(b->summary);
	b->has_owner = 0;
	member_list list = {&b->members, 0};
	/* A function's members are its parameters, which libclang lists
	 * without a walk over the function's children. */
	int arguments = clang_Cursor_getNumArguments(owner);
	for (int i = 0; i < arguments && !list.oom; i++)
		add_member(clang_Cursor_getArgument(owner, (unsigned)i), owner, &list);
	if (arguments < 0)
		clang_visitChildren(owner, add_member, &list);
	if (list.oom)
		return PS_ENOMEM;
	b->owner = owner; /* a list cut short by memory is not kept */
	b->has_owner = 1;
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
	                    NULL};
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
	CXCursor owner = owner_of(cursor);
	if (clang_Cursor_isNull(owner))
		return PS_OK;
	if (!b->summary && !(b->summary = ps_siblings_summary_new()))
		return PS_ENOMEM;
	int rc = list_members(b, owner);
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
	memset(b, 0, sizeof *b);
}
