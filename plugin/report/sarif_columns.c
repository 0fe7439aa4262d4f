/*
 * UTF-16 columns for SARIF.  libclang counts columns in bytes, SARIF (as
 * GitHub reads it) in UTF-16 code units; they differ only on lines with a
 * byte over 0x7f.  Each file is read once per report, whatever order its
 * findings and their flows' steps come in, and only its non-ASCII lines
 * are kept: a report of 40,000 findings neither rereads a file per finding
 * nor scans it from the top for each.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

typedef struct wide_line {
	unsigned number;
	char *text;            /* the line, without its newline */
	size_t length;
} wide_line;

typedef struct column_file {
	char *name;
	wide_line *lines;      /* in order of number */
	size_t count, capacity;
} column_file;

struct psi_columns {
	psi_table files;
	int failed;
};

static uint64_t name_hash(const char *name)
{
	return psi_hash(0, name, strlen(name));
}

static uint64_t file_hash(const void *item)
{
	return name_hash(((const column_file *)item)->name);
}

static int file_matches(const void *item, const void *key)
{
	return strcmp(((const column_file *)item)->name, key) == 0;
}

psi_columns *psi_columns_new(void)
{
	psi_columns *c = calloc(1, sizeof *c);
	if (c)
		c->files = (psi_table){NULL, 0, 0, file_hash, file_matches};
	return c;
}

static void free_file(column_file *f)
{
	for (size_t i = 0; i < f->count; i++)
		free(f->lines[i].text);
	free(f->lines);
	free(f->name);
	free(f);
}

void psi_columns_free(psi_columns *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->files.size; i++)
		if (c->files.slots[i])
			free_file(c->files.slots[i]);
	psi_table_clear(&c->files);
	free(c);
}

/* Keep the lines of `text` that hold a byte over 0x7f. */
static int keep_wide_lines(column_file *f, const char *text, size_t length)
{
	unsigned number = 1;
	for (size_t start = 0; start < length; number++) {
		const char *end = memchr(text + start, '\n', length - start);
		size_t n = end ? (size_t)(end - (text + start)) : length - start;
		int wide = 0;
		for (size_t i = 0; i < n && !wide; i++)
			wide = (unsigned char)text[start + i] >= 0x80;
		if (wide) {
			if (PSI_PUSH(f->lines, f->count, f->capacity) < 0)
				return -1;
			char *copy = psi_strndup(text + start, n);
			if (!copy)
				return -1;
			f->lines[f->count++] = (wide_line){number, copy, n};
		}
		start += n + 1;
	}
	return 0;
}

/* The file's entry, read now if it was not yet.  A file that cannot be
 * read, is not a regular file (a report read back may name a FIFO) or is
 * too large keeps libclang's byte columns: it has no wide lines. */
static const column_file *file_of(psi_columns *c, const char *name)
{
	column_file *f = psi_table_find(&c->files, name_hash(name), name);
	if (f)
		return f;
	f = calloc(1, sizeof *f);
	if (!f || !(f->name = psi_strdup(name))) {
		free(f);
		c->failed = 1;
		return NULL;
	}
	char *text;
	size_t length;
	ps_error ignored;
	if (psi_read_file(name, "source file", PSI_TEXT_FILE_LIMIT, &text, &length, &ignored) ==
	    PS_OK) {
		c->failed |= keep_wide_lines(f, text, length) < 0;
		free(text);
	}
	if (psi_table_add(&c->files, f) < 0) {
		free_file(f);
		c->failed = 1;
		return NULL;
	}
	return f;
}

static int by_number(const void *key, const void *item)
{
	unsigned number = *(const unsigned *)key, other = ((const wide_line *)item)->number;
	return (number > other) - (number < other);
}

unsigned psi_columns_utf16(psi_columns *c, const char *file, unsigned line,
                           unsigned byte_column)
{
	const column_file *f = file ? file_of(c, file) : NULL;
	const wide_line *wide = f ? psi_search(&line, f->lines, f->count, sizeof *f->lines,
	                                       by_number)
	                          : NULL;
	if (!wide)
		return byte_column;
	unsigned units = 1;
	for (size_t i = 0; i + 1 < byte_column && i < wide->length; i++) {
		unsigned char b = (unsigned char)wide->text[i];
		if ((b & 0xC0) == 0x80)
			continue;              /* a continuation byte */
		units += b >= 0xF0 ? 2 : 1; /* four-byte sequences need a surrogate pair */
	}
	/* A column past the line's end (the end of a name at its end) counts
	 * on in bytes, as on an ASCII line. */
	if (byte_column > wide->length + 1)
		units += byte_column - 1 - (unsigned)wide->length;
	return units;
}

int psi_columns_failed(const psi_columns *c)
{
	return c->failed;
}
