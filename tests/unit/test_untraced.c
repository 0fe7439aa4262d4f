/*
 * The record of a unit whose flows the first round did not trace: what it
 * defines and calls reaches the caller whole, or not at all.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "run/worker.h"

static psi_hashes hashes_of(const char *const *names, size_t count)
{
	psi_hashes set = {0};
	for (size_t i = 0; i < count; i++)
		cr_assert_eq(psi_hashes_add(&set, psi_plain_name_hash(names[i], strlen(names[i]))), 0);
	psi_hashes_sort_unique(&set);
	return set;
}

/* A results file with unit 0 begun and one untraced record; `cut` bytes
 * taken off its end. */
static FILE *untraced_records(const psi_hashes *defined, const psi_hashes *called, long cut)
{
	FILE *f = tmpfile();
	psi_record_out out = {f, 0};
	cr_assert_eq(psi_record_begin(&out, 0), PS_OK);
	cr_assert_eq(psi_record_untraced(&out, defined, called), PS_OK);
	fflush(f);
	cr_assert_eq(ftruncate(fileno(f), ftell(f) - cut), 0);
	rewind(f);
	return f;
}

Test(untraced, a_unit_says_what_it_defines_and_calls)
{
	const char *defined_names[] = {"verwerk", "operator+"};
	const char *called_names[] = {"land_code", "verwerk", "land_code"};
	psi_hashes defined = hashes_of(defined_names, 2), called = hashes_of(called_names, 3);
	psi_unit unit = {.file = "/t/points.c"};
	psi_work work = {.units = &unit, .count = 1};
	psi_harvest h = {0};
	size_t open_unit;
	ps_error err = {0};
	FILE *f = untraced_records(&defined, &called, 0);
	cr_assert_eq(psi_read_worker(f, &work, &h, &open_unit, &err), PS_OK, "%s", err.message);
	fclose(f);
	cr_assert_eq(h.untraced_count, 1);
	cr_expect_eq(h.untraced[0].unit, &unit);
	cr_assert_eq(h.untraced[0].defined.count, 2);
	cr_assert_eq(h.untraced[0].called.count, 2, "repeated calls are one");
	cr_expect(psi_hashes_contain(&h.untraced[0].defined,
	                             psi_plain_name_hash("operator", 8)),
	          "an operator is known by the word its tokens spell first");
	cr_expect(psi_hashes_contain(&h.untraced[0].called, psi_plain_name_hash("land_code", 9)));
	cr_expect(!psi_hashes_contain(&h.untraced[0].called, psi_plain_name_hash("bereken", 7)));
	psi_harvest_clear(&h);
	psi_hashes_clear(&defined);
	psi_hashes_clear(&called);
}

/* A unit that defines and calls nothing has sets that never allocated:
 * writing them must not hand their NULL arrays to the C library (UBSan
 * stopped the worker on every such unit). */
Test(untraced, a_unit_of_nothing_has_an_empty_record)
{
	psi_hashes none = {0};
	psi_unit unit = {.file = "/t/leeg.c"};
	psi_work work = {.units = &unit, .count = 1};
	psi_harvest h = {0};
	size_t open_unit;
	ps_error err = {0};
	FILE *f = untraced_records(&none, &none, 0);
	cr_assert_eq(psi_read_worker(f, &work, &h, &open_unit, &err), PS_OK, "%s", err.message);
	fclose(f);
	cr_assert_eq(h.untraced_count, 1);
	cr_expect_eq(h.untraced[0].defined.count, 0);
	cr_expect_eq(h.untraced[0].called.count, 0);
	psi_harvest_clear(&h);
}

Test(untraced, a_record_cut_short_or_of_no_unit_is_not_kept)
{
	const char *names[] = {"verwerk", "bewaar", "land_code"};
	psi_hashes set = hashes_of(names, 3);
	psi_unit unit = {.file = "/t/points.c"};
	psi_work work = {.units = &unit, .count = 1};
	psi_harvest h = {0};
	size_t open_unit;
	ps_error err = {0};
	FILE *f = untraced_records(&set, &set, 5);
	cr_expect_eq(psi_read_worker(f, &work, &h, &open_unit, &err), PS_OK, "%s", err.message);
	fclose(f);
	cr_expect_eq(h.untraced_count, 0, "the worker died writing it");
	cr_expect_eq(open_unit, 0, "the unit it began is reported as not finished");
	psi_harvest_clear(&h);

	work.count = 0;
	f = untraced_records(&set, &set, 0);
	cr_expect_eq(psi_read_worker(f, &work, &h, &open_unit, &err), PS_EIO);
	fclose(f);
	cr_expect_eq(h.untraced_count, 0);
	psi_harvest_clear(&h);
	psi_hashes_clear(&set);
}

Test(untraced, a_corrupt_count_ends_with_the_file_not_in_a_huge_allocation)
{
	FILE *f = tmpfile();
	psi_record_out out = {f, 0};
	cr_assert_eq(psi_record_begin(&out, 0), PS_OK);
	unsigned char type = 'N';
	uint64_t count = UINT64_MAX / 2, one = 42;
	fwrite(&type, 1, 1, f);
	fwrite(&count, sizeof count, 1, f);
	fwrite(&one, sizeof one, 1, f);
	rewind(f);
	psi_unit unit = {.file = "/t/points.c"};
	psi_work work = {.units = &unit, .count = 1};
	psi_harvest h = {0};
	size_t open_unit;
	ps_error err = {0};
	cr_expect_eq(psi_read_worker(f, &work, &h, &open_unit, &err), PS_OK, "%s", err.message);
	fclose(f);
	cr_expect_eq(h.untraced_count, 0);
	psi_harvest_clear(&h);
}
