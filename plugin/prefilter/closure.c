/*
 * Include closures, and what their words can make.  An include is looked
 * for in every directory of its search path, not only until the first that
 * holds it: the union is a superset of what libclang opens, so the order of
 * the directories, #include_next and a directory both -I and system cannot
 * make a closure smaller than libclang's.  An include that no directory
 * holds brings libclang no text either (an #include of <windows.h> under
 * #ifdef _WIN32); one whose name a macro computes makes its unit a
 * candidate.
 *
 * The mask of a closure (its files' vocabulary masks together) is computed
 * once per file and search path, for all units: Tarjan's walk finds the
 * files that include each other (a cycle of include guards) as one
 * component, whose mask is theirs and that of everything they reach; a
 * file already known is not walked again.  So /usr/include, where every
 * header is a unit of its own, costs each header once, not once per
 * includer.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "prefilter/prefilter.h"

enum { UNKNOWN = 0, CLEAN = 1, CANDIDATE = 2 };

typedef struct keyed {
	char *key;
	size_t id;                 /* of an interned search path */
	psi_pf_file **files;       /* of a resolution */
	size_t count;
} keyed;

static uint64_t keyed_hash(const void *item)
{
	const keyed *k = item;
	return psi_hash(0, k->key, strlen(k->key));
}

static int keyed_matches(const void *item, const void *key)
{
	return strcmp(((const keyed *)item)->key, key) == 0;
}

void psi_pf_closure_init(psi_prefilter *pf)
{
	pf->resolutions = (psi_table){.hash = keyed_hash, .matches = keyed_matches};
	pf->paths = (psi_table){.hash = keyed_hash, .matches = keyed_matches};
}

/* The same directories, in the same roles, are one search path. */
static int intern(psi_prefilter *pf, const psi_search_path *sp, size_t *id)
{
	char *key = psi_strdup("");
	for (size_t i = 0; key && i < sp->quote.count + sp->angled.count; i++) {
		int quote = i < sp->quote.count;
		const char *dir = quote ? sp->quote.items[i] : sp->angled.items[i - sp->quote.count];
		char *longer = psi_sprintf("%s%c%s", key, quote ? '\x1e' : '\x1f', dir);
		free(key);
		key = longer;
	}
	if (!key)
		return -1;
	keyed *k = psi_table_find(&pf->paths, psi_hash(0, key, strlen(key)), key);
	if (k) {
		free(key);
		*id = k->id;
		return 0;
	}
	if (!(k = calloc(1, sizeof *k))) {
		free(key);
		return -1;
	}
	*k = (keyed){key, pf->path_count++, NULL, 0};
	if (psi_table_add(&pf->paths, k) < 0) {
		free(key);
		free(k);
		return -1;
	}
	*id = k->id;
	return 0;
}

static int add_found(psi_prefilter *pf, keyed *k, const char *dir, const char *name)
{
	char *path = psi_sprintf("%s/%s", dir, name);
	if (!path)
		return -1;
	int rc = 0;
	struct stat st;
	/* A directory of that name is passed over, as libclang passes it. */
	if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
		psi_pf_file *f = psi_pf_file_get(pf, path);
		size_t i = 0;
		while (f && i < k->count && k->files[i] != f)
			i++;
		if (!f) {
			rc = -1;
		} else if (f->text && i == k->count) {
			psi_pf_file **grown = realloc(k->files, (k->count + 1) * sizeof *grown);
			if (!grown)
				rc = -1;
			else
				(k->files = grown)[k->count++] = f;
		}
	}
	free(path);
	return rc;
}

static char *directory_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? psi_strndup(path, slash == path ? 1 : (size_t)(slash - path))
	             : psi_strdup(".");
}

/* The files `inc` of `from` can be, under search path `id`. */
static keyed *resolve(psi_prefilter *pf, size_t id, const psi_search_path *sp,
                      const psi_pf_file *from, const psi_include *inc)
{
	char *dir = directory_of(from->path);
	char *key = dir ? psi_sprintf("%zu%c%s\x1f%s", id, inc->angled ? '<' : '"', dir, inc->name)
	                : NULL;
	keyed *k = key ? psi_table_find(&pf->resolutions, psi_hash(0, key, strlen(key)), key)
	               : NULL;
	if (k || !key || !(k = calloc(1, sizeof *k))) {
		free(key);
		free(dir);
		return k;
	}
	k->key = key;
	int rc = psi_table_add(&pf->resolutions, k);
	if (rc < 0) {
		free(key);
		free(k);
		k = NULL;
	} else if (inc->name[0] == '/') {
		rc = add_found(pf, k, "", inc->name + 1);
	} else {
		/* "...": beside the includer (the path libclang opened, and where
		 * it leads), then -iquote; both: the rest. */
		char *real_dir = from->text ? directory_of(from->text->real) : NULL;
		if (!inc->angled) {
			rc = add_found(pf, k, dir, inc->name);
			if (rc == 0 && real_dir && strcmp(real_dir, dir) != 0)
				rc = add_found(pf, k, real_dir, inc->name);
			for (size_t i = 0; rc == 0 && i < sp->quote.count; i++)
				rc = add_found(pf, k, sp->quote.items[i], inc->name);
		}
		for (size_t i = 0; rc == 0 && i < sp->angled.count; i++)
			rc = add_found(pf, k, sp->angled.items[i], inc->name);
		free(real_dir);
	}
	free(dir);
	return rc < 0 ? NULL : k;
}

/* What a file itself brings to a closure's mask: everything, when it
 * cannot be read or hides what it includes; outside the project, only its
 * macros can put names into the project's declarations (whether the
 * project expands them is asked only when it matters, by
 * psi_prefilter_candidate), but any of its names can be a declaration's
 * context (a type, a file's names). */
static int own_mask(psi_prefilter *pf, const psi_pf_file *f, uint64_t *mask)
{
	const psi_pf_text *t = f->text;
	*mask = PSI_VOCABULARY_ALONE;
	if (!t || !t->readable || t->lexed.computed_include)
		return 0;
	if (!t->in_project) {
		*mask = t->lexed.flagged_count ? PSI_PREFILTER_MACRO : 0;
		return 0;
	}
	*mask = t->lexed.mask;
	uint64_t path = 0;
	/* __FILE__ makes the path a string literal of the file. */
	if (t->lexed.spells_file && psi_word_memo_mask(&pf->memo, t->real, strlen(t->real), &path) < 0)
		return -1;
	*mask |= path;
	return 0;
}

static int room_for(psi_pf_file *f, size_t id)
{
	if (id < f->slot_count)
		return 0;
	size_t count = id + 8;
	unsigned char *known = realloc(f->known, count);
	if (!known)
		return -1;
	f->known = known;
	uint64_t *mask = realloc(f->mask, count * sizeof *mask);
	if (!mask)
		return -1;
	f->mask = mask;
	memset(f->known + f->slot_count, 0, count - f->slot_count);
	f->slot_count = count;
	return 0;
}

typedef struct frame {
	psi_pf_file *file;
	size_t include;            /* the next of its includes */
	keyed *resolved;           /* that include's files */
	size_t next;               /* the next of those */
} frame;

typedef struct walk {
	psi_prefilter *pf;
	size_t id;
	const psi_search_path *sp;
	unsigned counter;
	frame *frames;             /* the depth-first path */
	size_t depth, frame_capacity;
	psi_pf_file **stack;       /* Tarjan's: files of unfinished components */
	size_t stacked, stack_capacity;
} walk;

/* Begin the walk of `f`: its own mask, its place on both stacks. */
static int open_file(walk *w, psi_pf_file *f)
{
	f->walk = w->pf->generation;
	f->index = f->low = w->counter++;
	f->on_stack = 1;
	if (own_mask(w->pf, f, &f->acc) < 0 ||
	    PSI_PUSH(w->stack, w->stacked, w->stack_capacity) < 0 ||
	    PSI_PUSH(w->frames, w->depth, w->frame_capacity) < 0)
		return -1;
	w->stack[w->stacked++] = f;
	w->frames[w->depth++] = (frame){f, 0, NULL, 0};
	return 0;
}

/* `f` has seen all it includes: when it roots a component, the component's
 * mask is known, for every file of it. */
static void close_file(walk *w, psi_pf_file *f)
{
	if (f->low != f->index)
		return;
	uint64_t mask = 0;
	size_t from = w->stacked;
	do
		mask |= w->stack[--from]->acc;
	while (w->stack[from] != f);
	for (size_t i = from; i < w->stacked; i++) {
		w->stack[i]->on_stack = 0;
		w->stack[i]->known[w->id] = 1;
		w->stack[i]->mask[w->id] = mask;
	}
	w->stacked = from;
}

/* An edge from `from` to `to`, whose walk may just have ended. */
static int follow(walk *w, psi_pf_file *from, psi_pf_file *to)
{
	if (room_for(to, w->id) < 0)
		return -1;
	if (to->known[w->id])
		from->acc |= to->mask[w->id];
	else if (to->walk != w->pf->generation)
		return open_file(w, to);
	else if (to->on_stack && to->index < from->low)
		from->low = to->index;
	return 0;
}

static int walk_from(walk *w, psi_pf_file *root)
{
	if (room_for(root, w->id) < 0)
		return -1;
	if (root->known[w->id])
		return 0;
	if (open_file(w, root) < 0)
		return -1;
	while (w->depth > 0) {
		frame *top = &w->frames[w->depth - 1];
		psi_pf_file *f = top->file;
		if (top->resolved && top->next < top->resolved->count) {
			if (follow(w, f, top->resolved->files[top->next++]) < 0)
				return -1;
			continue;
		}
		const psi_lexed *lexed = f->text && f->text->readable ? &f->text->lexed : NULL;
		if (lexed && top->include < lexed->include_count) {
			top->resolved = resolve(w->pf, w->id, w->sp, f, &lexed->includes[top->include++]);
			top->next = 0;
			if (!top->resolved)
				return -1;
			continue;
		}
		w->depth--;
		close_file(w, f);
		if (w->depth > 0) {
			psi_pf_file *parent = w->frames[w->depth - 1].file;
			if (f->known[w->id])
				parent->acc |= f->mask[w->id];
			else if (f->low < parent->low)
				parent->low = f->low;
		}
	}
	return 0;
}

int psi_pf_closure_mask(psi_prefilter *pf, size_t id, const psi_search_path *sp,
                        psi_pf_file **roots, size_t count, uint64_t *mask)
{
	walk w = {pf, id, sp, 0, NULL, 0, 0, NULL, 0, 0};
	pf->generation++;
	*mask = 0;
	int rc = 0;
	for (size_t r = 0; rc == 0 && r < count; r++) {
		rc = walk_from(&w, roots[r]);
		if (rc == 0)
			*mask |= roots[r]->mask[id];
	}
	free(w.frames);
	free(w.stack);
	return rc;
}

/* Every file of the closure, walked again without the masks: for the
 * words of the sources a unit includes. */
int psi_pf_closure_files(psi_prefilter *pf, size_t id, const psi_search_path *sp,
                         psi_pf_file *root, psi_pf_file ***files, size_t *count)
{
	frame *frames = NULL;
	size_t depth = 0, capacity = 0, seen_capacity = 0;
	*files = NULL;
	*count = 0;
	pf->generation++;
	int rc = 0;
	psi_pf_file *next = root;
	while (rc == 0) {
		if (next && next->walk != pf->generation && next->text && next->text->readable) {
			next->walk = pf->generation;
			if (PSI_PUSH(*files, *count, seen_capacity) < 0 ||
			    PSI_PUSH(frames, depth, capacity) < 0) {
				rc = -1;
				break;
			}
			(*files)[(*count)++] = next;
			frames[depth++] = (frame){next, 0, NULL, 0};
		}
		next = NULL;
		if (depth == 0)
			break;
		frame *top = &frames[depth - 1];
		const psi_lexed *lexed = &top->file->text->lexed;
		if (top->resolved && top->next < top->resolved->count)
			next = top->resolved->files[top->next++];
		else if (top->include < lexed->include_count)
			rc = (top->resolved = resolve(pf, id, sp, top->file,
			                              &lexed->includes[top->include++]))
			     ? (top->next = 0, 0) : -1;
		else
			depth--;
	}
	free(frames);
	if (rc < 0) {
		free(*files);
		*files = NULL;
		*count = 0;
	}
	return rc;
}

void psi_pf_closure_clear(psi_prefilter *pf)
{
	psi_table *tables[] = {&pf->resolutions, &pf->paths};
	for (size_t t = 0; t < 2; t++) {
		for (size_t i = 0; i < tables[t]->size; i++) {
			keyed *k = tables[t]->slots[i];
			if (!k)
				continue;
			free(k->key);
			free(k->files);
			free(k);
		}
		psi_table_clear(tables[t]);
	}
}

int psi_pf_intern(psi_prefilter *pf, const psi_search_path *sp, size_t *id)
{
	return intern(pf, sp, id);
}
