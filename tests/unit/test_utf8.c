/* Text made valid UTF-8 for JSON (util/utf8.c): RFC 3629's rules, and every
 * byte that breaks them written as \xNN. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "leakcheck.h"
#include "util/util.h"

TestSuite(utf8, .fini = ps_test_check_leaks);

static void expect_escaped(const char *text, const char *expected, int valid)
{
	cr_expect_eq(psi_utf8_valid(text), valid, "validity of \"%s\"", expected);
	char *escaped = psi_utf8_escaped(text);
	cr_assert_not_null(escaped);
	cr_expect_str_eq(escaped, expected);
	cr_expect(psi_utf8_valid(escaped));
	free(escaped);
}

Test(utf8, valid_text_is_kept)
{
	expect_escaped("", "", 1);
	expect_escaped("nationaliteit", "nationaliteit", 1);
	expect_escaped("nationalit\xc3\xa9", "nationalit\xc3\xa9", 1);           /* é */
	expect_escaped("\xe5\x9b\xbd\xe7\xb1\x8d", "\xe5\x9b\xbd\xe7\xb1\x8d", 1); /* 国籍 */
	expect_escaped("\xf0\x9f\x8f\xb3", "\xf0\x9f\x8f\xb3", 1);               /* U+1F3F3 */
	expect_escaped("\xe2\x80\xae", "\xe2\x80\xae", 1);                       /* U+202E */
}

Test(utf8, latin1_bytes_are_escaped)
{
	expect_escaped("nationalit\xe9", "nationalit\\xe9", 0);
	expect_escaped("\xe9\xe9n", "\\xe9\\xe9n", 0);
}

Test(utf8, broken_sequences_are_escaped_byte_by_byte)
{
	expect_escaped("\xc3", "\\xc3", 0);                     /* cut at the end */
	expect_escaped("a\xe5\x9b" "b", "a\\xe5\\x9bb", 0);     /* cut in the middle */
	expect_escaped("\xc0\xaf", "\\xc0\\xaf", 0);            /* overlong '/' */
	expect_escaped("\xe0\x80\xaf", "\\xe0\\x80\\xaf", 0);   /* overlong, three bytes */
	expect_escaped("\xed\xa0\x80", "\\xed\\xa0\\x80", 0);   /* a surrogate */
	expect_escaped("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80", 0); /* past U+10FFFF */
	expect_escaped("\xff\xfe", "\\xff\\xfe", 0);
	expect_escaped("\x80", "\\x80", 0);                     /* a lone continuation */
}

static void expect_visible(const char *text, const char *expected)
{
	char *shown = psi_utf8_visible(text);
	cr_assert_not_null(shown);
	cr_expect_str_eq(shown, expected);
	free(shown);
}

Test(utf8, terminal_controls_are_shown_not_sent)
{
	expect_visible("a\x1b]0;title\x07.c", "a\\x1b]0;title\\x07.c");   /* OSC: retitle */
	expect_visible("\x1b[2J\x1b[H", "\\x1b[2J\\x1b[H");               /* clear the screen */
	expect_visible("x\ry", "x\\x0dy");                                 /* hide the line start */
	expect_visible("del\x7f", "del\\x7f");
	expect_visible("csi\xc2\x9b" "31m", "csi\\u009b31m");              /* C1 CSI */
	expect_visible("raw\nphrase\tend", "raw\\nphrase\tend");
}

Test(utf8, reading_order_and_invisible_characters_are_shown)
{
	expect_visible("admin\xe2\x80\xae\xe2\x81\xa6", "admin\\u202e\\u2066");  /* RLO, LRI */
	expect_visible("zero\xe2\x80\x8bwidth", "zero\\u200bwidth");
	expect_visible("\xef\xbb\xbf" "bom", "\\ufeffbom");
	expect_visible("nationalit\xc3\xa9 \xe5\x9b\xbd\xe7\xb1\x8d", "nationalit\xc3\xa9 \xe5\x9b\xbd\xe7\xb1\x8d");
	expect_visible("latin\xe9", "latin\\xe9");
}
