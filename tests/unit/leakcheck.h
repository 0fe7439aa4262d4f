/*
 * Leak checking for Criterion tests.
 *
 * Criterion runs each test in a child process and does not look at what
 * LeakSanitizer prints when that child exits, so a leak would pass silently.
 * Every suite therefore names ps_test_check_leaks as its .fini: in a
 * sanitizer build it asks LeakSanitizer for a report while the test is still
 * running and fails the test when anything leaked.  In other builds it does
 * nothing.
 */
#ifndef PS_TEST_LEAKCHECK_H
#define PS_TEST_LEAKCHECK_H

#include <criterion/criterion.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
static void ps_test_check_leaks(void)
{
	cr_assert_eq(__lsan_do_recoverable_leak_check(), 0,
	             "LeakSanitizer found leaks (see the report above)");
}
#else
static void ps_test_check_leaks(void) {}
#endif

#endif
