/*
 * The prefilter's files: each real file read and lexed once per scan,
 * whatever path reaches it, its content hashed; and each path an include
 * was found at, since a file's own "..." includes are looked for beside the
 * path libclang opened, not beside its target.
 */
#include <stdlib.h>
#include <string.h>

#include "prefilter/prefilter.h"

static uint64_t text_hash(const void *item)
{
	const psi_pf_text *t = item;
	return psi_hash(0, t->real, strlen(t->real));
}

static int text_matches(const void *item, const void *key)
{
	return strcmp(((const psi_pf_text *)item)->real, key) == 0;
}

static uint64_t file_hash(const void *item)
{
	const psi_pf_file *f = item;
	return psi_hash(0, f->path, strlen(f->path));
}

static int file_matches(const void *item, const void *key)
{
	return strcmp(((const psi_pf_file *)item)->path, key) == 0;
}

void psi_pf_files_init(psi_prefilter *pf)
{
	pf->files = (psi_table){.hash = file_hash, .matches = file_matches};
	pf->texts = (psi_table){.hash = text_hash, .matches = text_matches};
}

int psi_pf_is_header(const char *path)
{
	static const char *const headers[] = {".h", ".hh", ".hpp", ".hxx", ".h++", ".H"};
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	if (!dot)
		return 1;   /* <vector>, <QString> */
	for (size_t i = 0; i < sizeof headers / sizeof *headers; i++)
		if (strcmp(dot, headers[i]) == 0)
			return 1;
	return 0;
}

/* Read and lex the file at `real`.  One that cannot be read (too large, a
 * FIFO, gone) stays unreadable: whatever includes it is a candidate, and
 * its parse reports it as it does without the prefilter. */
static int read_text(psi_prefilter *pf, psi_pf_text *t)
{
	t->in_project = psi_project_contains(pf->project, t->real);
	char *content = NULL;
	size_t length = 0;
	if (psi_read_file(t->real, "source", pf->limit, &content, &length, NULL) != PS_OK)
		return 0;
	t->content_hash = psi_hash(0, content, length);
	pf->bytes_lexed += length;
	int rc = psi_lex(content, length, &pf->memo, t->in_project, &t->lexed);
	free(content);
	t->readable = rc == 0;
	return rc;
}

static psi_pf_text *text_of(psi_prefilter *pf, char *real)
{
	psi_pf_text *t = psi_table_find(&pf->texts, psi_hash(0, real, strlen(real)), real);
	if (t) {
		free(real);
		return t;
	}
	if (!(t = calloc(1, sizeof *t))) {
		free(real);
		return NULL;
	}
	t->real = real;
	if (psi_table_add(&pf->texts, t) < 0) {
		free(real);
		free(t);
		return NULL;
	}
	return read_text(pf, t) < 0 ? NULL : t;
}

psi_pf_file *psi_pf_file_get(psi_prefilter *pf, const char *path)
{
	psi_pf_file *f = psi_table_find(&pf->files, psi_hash(0, path, strlen(path)), path);
	if (f)
		return f;
	if (PSI_PUSH(pf->all, pf->file_count, pf->file_capacity) < 0 ||
	    !(f = calloc(1, sizeof *f)))
		return NULL;
	if (!(f->path = psi_strdup(path)) || psi_table_add(&pf->files, f) < 0) {
		free(f->path);
		free(f);
		return NULL;
	}
	f->id = pf->file_count;
	pf->all[pf->file_count++] = f;
	char *real = realpath(path, NULL);
	if (real && !(f->text = text_of(pf, real)))
		return NULL;
	return f;
}

void psi_pf_files_clear(psi_prefilter *pf)
{
	for (size_t i = 0; i < pf->file_count; i++) {
		free(pf->all[i]->path);
		free(pf->all[i]->known);
		free(pf->all[i]->mask);
		free(pf->all[i]);
	}
	free(pf->all);
	for (size_t i = 0; i < pf->texts.size; i++) {
		psi_pf_text *t = pf->texts.slots[i];
		if (!t)
			continue;
		psi_lexed_clear(&t->lexed);
		free(t->real);
		free(t);
	}
	psi_table_clear(&pf->texts);
	psi_table_clear(&pf->files);
}
