/*
 * The fields of a worker's records (run/records.c), both ways: native byte
 * order, since both ends are the same program on the same machine; a
 * string is a u32 length (UINT32_MAX for NULL) and its bytes.  Writing
 * stops at the first failure, reading marks a file that ends inside a
 * record as broken.
 */
#ifndef PSI_RUN_ENCODING_H
#define PSI_RUN_ENCODING_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/worker.h"

/* ---- writing (in the worker) -------------------------------------------- */

/* Once a write has failed the record is cut short: nothing more is
 * written, and `error` keeps the first failure's errno.  An empty run
 * writes nothing: its pointer may be the NULL of a set never allocated,
 * which fwrite must not be given. */
static inline void put_bytes(psi_record_out *o, const void *data, size_t n)
{
	if (n > 0 && !o->error && fwrite(data, 1, n, o->out) != n)
		o->error = errno ? errno : EIO;
}

static inline void put_u32(psi_record_out *o, uint32_t v) { put_bytes(o, &v, sizeof v); }
static inline void put_u64(psi_record_out *o, uint64_t v) { put_bytes(o, &v, sizeof v); }
static inline void put_u8(psi_record_out *o, unsigned v) { unsigned char b = (unsigned char)v; put_bytes(o, &b, 1); }

static inline void put_str(psi_record_out *o, const char *s)
{
	if (!s) {
		put_u32(o, UINT32_MAX);
		return;
	}
	uint32_t n = (uint32_t)strlen(s);
	put_u32(o, n);
	put_bytes(o, s, n);
}

static inline void flush(psi_record_out *o)
{
	if (!o->error && fflush(o->out) != 0)
		o->error = errno ? errno : EIO;
}

static inline int written(psi_record_out *o)
{
	return o->error ? PS_EIO : PS_OK;
}

/* ---- reading (in the caller) -------------------------------------------- */

typedef struct reader {
	FILE *in;
	int broken; /* the file ended inside a record: the worker died writing */
} reader;

static inline int get_bytes(reader *r, void *to, size_t n)
{
	if (r->broken || fread(to, 1, n, r->in) != n) {
		r->broken = 1;
		return -1;
	}
	return 0;
}

static inline uint32_t get_u32(reader *r) { uint32_t v = 0; get_bytes(r, &v, sizeof v); return v; }
static inline uint64_t get_u64(reader *r) { uint64_t v = 0; get_bytes(r, &v, sizeof v); return v; }
static inline unsigned get_u8(reader *r) { unsigned char v = 0; get_bytes(r, &v, 1); return v; }

/* Returns a new string, NULL for a NULL string; sets *bad when memory ran
 * out.  A string the file ends inside leaves the reader broken, not bad:
 * the worker died writing it, and the unit is reported as such. */
static inline char *get_str(reader *r, int *bad)
{
	uint32_t n = get_u32(r);
	if (r->broken || n == UINT32_MAX)
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (!s)
		*bad = 1;
	if (!s || get_bytes(r, s, n) < 0) {
		free(s);
		return NULL;
	}
	s[n] = '\0';
	return s;
}

#endif
