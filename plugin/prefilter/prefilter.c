/*
 * The prefilter of a scan: its vocabulary (every ruleset's: the command
 * line's and each configuration's), and for each unit the answer, from its
 * search path and the closure of its file and its -include files.
 */
#include <stdlib.h>
#include <string.h>

#include "prefilter/prefilter.h"

int psi_prefilter_init(psi_prefilter *pf, const ps_ruleset *rules,
                       const psi_config_set *configs, const psi_project *project,
                       const char *resource_dir, size_t max_file_size, ps_error *err)
{
	memset(pf, 0, sizeof *pf);
	if (!(pf->vocabulary = calloc(1, sizeof *pf->vocabulary)))
		return psi_fail(err, PS_ENOMEM, "out of memory");
	int rc = psi_vocabulary_add(pf->vocabulary, rules, err);
	for (size_t i = 0; rc == PS_OK && configs && i < configs->count; i++)
		rc = psi_vocabulary_add(pf->vocabulary, configs->entries[i].rules, err);
	psi_word_memo_init(&pf->memo, pf->vocabulary);
	pf->defaults.resource_dir = resource_dir;
	pf->project = project;
	/* libclang reads a header of any size; the largest file the prefilter
	 * reads is at least as large as the largest it parses. */
	pf->limit = max_file_size > PSI_TEXT_FILE_LIMIT ? max_file_size : PSI_TEXT_FILE_LIMIT;
	psi_pf_files_init(pf);
	psi_pf_closure_init(pf);
	return rc;
}

int psi_prefilter_useful(const psi_prefilter *pf)
{
	return !pf->vocabulary->any_word;
}

/* The file -include or -imacros names: as written (beside the working
 * directory), then on the search path.  NULL when memory ran out;
 * `*missing` when it is nowhere, which libclang reports as an error. */
static psi_pf_file *forced_file(psi_prefilter *pf, const psi_unit *unit,
                                const psi_search_path *sp, const char *name, int *missing)
{
	const psi_strings *lists[] = {&sp->quote, &sp->angled};
	char *path = name[0] == '/' ? psi_strdup(name)
	                            : psi_sprintf("%s/%s", unit->directory, name);
	psi_pf_file *f = path ? psi_pf_file_get(pf, path) : NULL;
	free(path);
	for (size_t l = 0; f && !f->text && name[0] != '/' && l < 2; l++)
		for (size_t i = 0; f && !f->text && i < lists[l]->count; i++) {
			char *there = psi_sprintf("%s/%s", lists[l]->items[i], name);
			f = there ? psi_pf_file_get(pf, there) : NULL;
			free(there);
		}
	if (f && !f->text)
		*missing = 1;
	return f;
}

static int compare_words(const void *a, const void *b);
static int spells_one(const psi_pf_file *f, const uint64_t *hashes, size_t count);

/* Does a project file of the closure spell a macro that a file outside the
 * project defines with a word that may be a finding (OpenSSL's
 * `#define LN_surname "surname"`)?  Its expansion is found where it is
 * expanded. */
static int expands_flagged_macro(psi_prefilter *pf, size_t id, const psi_search_path *sp,
                                 psi_pf_file **roots, size_t count)
{
	psi_pf_file **files = NULL;
	size_t n = 0, macro_count = 0, capacity = 0;
	uint64_t *macros = NULL;
	int rc = 0;
	for (size_t r = 0; rc == 0 && r < count; r++) {
		free(files);
		rc = psi_pf_closure_files(pf, id, sp, roots[r], &files, &n);
		for (size_t i = 0; rc == 0 && i < n; i++) {
			const psi_lexed *lexed = &files[i]->text->lexed;
			for (size_t m = 0; rc == 0 && !files[i]->text->in_project &&
			                   m < lexed->flagged_count; m++)
				if (PSI_PUSH(macros, macro_count, capacity) < 0)
					rc = -1;
				else
					macros[macro_count++] = lexed->flagged_macros[m];
		}
		if (rc == 0)
			psi_sort(macros, macro_count, sizeof *macros, compare_words);
		for (size_t i = 0; rc == 0 && i < n; i++)
			if (files[i]->text->in_project && spells_one(files[i], macros, macro_count))
				rc = 1;
	}
	free(files);
	free(macros);
	return rc;
}

int psi_prefilter_candidate(psi_prefilter *pf, const psi_unit *unit)
{
	pf->units_decided++;
	if (pf->vocabulary->any_word)
		return 1;
	psi_search_path sp;
	int rc = psi_search_path_of(unit, &pf->defaults, &pf->memo, &sp);
	size_t id = 0, count = 0;
	uint64_t mask = sp.defines_mask, closure = 0;
	psi_pf_file **roots = calloc(sp.forced.count + 1, sizeof *roots);
	if (rc < 0 || !roots || psi_pf_intern(pf, &sp, &id) < 0) {
		rc = -1;
	} else if (sp.unsure) {
		rc = 1;
	} else if (!(roots[count++] = psi_pf_file_get(pf, unit->file))) {
		rc = -1;
	} else {
		int missing = 0;
		for (size_t i = 0; rc == 0 && i < sp.forced.count; i++)
			if (!(roots[count++] = forced_file(pf, unit, &sp, sp.forced.items[i], &missing)))
				rc = -1;
		if (rc == 0 && psi_pf_closure_mask(pf, id, &sp, roots, count, &closure) < 0)
			rc = -1;
		else if (rc == 0)
			rc = missing || psi_vocabulary_decides(pf->vocabulary, mask | closure);
		if (rc == 0 && (closure & PSI_PREFILTER_MACRO))
			rc = expands_flagged_macro(pf, id, &sp, roots, count);
	}
	free(roots);
	psi_search_path_clear(&sp);
	return rc;
}

static int compare_words(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static int spells_one(const psi_pf_file *f, const uint64_t *hashes, size_t count)
{
	if (!f->text)
		return 0;
	const psi_lexed *lexed = &f->text->lexed;
	for (size_t i = 0; i < count; i++)
		if (psi_search(&hashes[i], lexed->words, lexed->word_count, sizeof *lexed->words,
		               compare_words))
			return 1;
	return 0;
}

int psi_prefilter_spells(psi_prefilter *pf, const psi_unit *unit, const uint64_t *hashes,
                         size_t count)
{
	psi_pf_file *main = psi_pf_file_get(pf, unit->file);
	if (!main)
		return -1;
	if (!main->text || !main->text->readable || spells_one(main, hashes, count))
		return 1;
	/* A function may be defined in a source the unit includes (a .c or
	 * .inc file), not in a header, which all its includers share. */
	psi_search_path sp;
	size_t id = 0, n = 0;
	psi_pf_file **files = NULL;
	int rc = psi_search_path_of(unit, &pf->defaults, &pf->memo, &sp);
	if (rc == 0 && !sp.unsure && psi_pf_intern(pf, &sp, &id) == 0)
		rc = psi_pf_closure_files(pf, id, &sp, main, &files, &n);
	else if (rc == 0)
		rc = sp.unsure ? 1 : -1;
	for (size_t i = 1; rc == 0 && i < n; i++)
		if (files[i]->text->in_project && !psi_pf_is_header(files[i]->path) &&
		    spells_one(files[i], hashes, count))
			rc = 1;
	free(files);
	psi_search_path_clear(&sp);
	return rc;
}

void psi_prefilter_clear(psi_prefilter *pf)
{
	psi_pf_closure_clear(pf);
	psi_pf_files_clear(pf);
	psi_defaults_clear(&pf->defaults);
	psi_word_memo_clear(&pf->memo);
	if (pf->vocabulary)
		psi_vocabulary_clear(pf->vocabulary);
	free(pf->vocabulary);
	memset(pf, 0, sizeof *pf);
}

int psi_prefilter_closure(psi_prefilter *pf, const psi_unit *unit, psi_strings *files)
{
	psi_pf_file *main = psi_pf_file_get(pf, unit->file);
	if (!main)
		return -1;
	psi_search_path sp;
	size_t id = 0, n = 0;
	psi_pf_file **found = NULL;
	int rc = psi_search_path_of(unit, &pf->defaults, &pf->memo, &sp);
	if (rc == 0 && !sp.unsure)
		rc = psi_pf_intern(pf, &sp, &id) < 0 ? -1
		     : psi_pf_closure_files(pf, id, &sp, main, &found, &n);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (found[i]->text->in_project)
			rc = psi_strings_add(files, found[i]->text->real);
	free(found);
	psi_search_path_clear(&sp);
	return rc;
}
