/* The escaping of the HTML report (report/html.c): whatever the scanned code
 * holds must come out as text, in an element or in a quoted attribute. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leakcheck.h"
#include "report/report.h"

TestSuite(html, .fini = ps_test_check_leaks);

static void expect_escaped(const char *text, const char *expected)
{
	char *escaped = psi_html_escaped(text);
	cr_assert_not_null(escaped);
	cr_expect_str_eq(escaped, expected);
	free(escaped);
}

Test(html, markup_becomes_text)
{
	expect_escaped("</script><img src=x onerror=alert(1)>",
	               "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
}

Test(html, every_special_character)
{
	/* " and ' as well, so that a value is safe inside either kind of quotes. */
	expect_escaped("a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	expect_escaped("&amp;", "&amp;amp;");
	expect_escaped("&&&&", "&amp;&amp;&amp;&amp;");
}

Test(html, plain_and_empty_text)
{
	expect_escaped("nationaliteit", "nationaliteit");
	expect_escaped("", "");
	expect_escaped(NULL, "");
	expect_escaped("geboorteland \xC3\xA9\xE2\x82\xAC", "geboorteland \xC3\xA9\xE2\x82\xAC");
}

Test(html, bytes_that_are_not_utf8)
{
	/* As in JSON: a stray byte is shown, and cannot make a browser guess
	 * another encoding.  The backslash is not special in HTML. */
	expect_escaped("a\xFF<", "a\\xff&lt;");
	expect_escaped("\xC3", "\\xc3");
}

Test(html, controls_and_bidirectional_overrides_are_shown)
{
	/* A right-to-left override in a literal would reorder what an auditor
	 * reads (the Trojan Source trick), a control character is no text:
	 * both are shown as the terminal shows them.  Line breaks and tabs of
	 * source lines stay. */
	expect_escaped("a\x1b[2J\x07" "b", "a\\x1b[2J\\x07b");
	expect_escaped("if (\xE2\x80\xAE admin \xE2\x81\xA6)", "if (\\u202e admin \\u2066)");
	expect_escaped("zero\xE2\x80\x8Bwidth", "zero\\u200bwidth");
	expect_escaped("one\n\ttwo", "one\n\ttwo");
}

Test(html, put_writes_the_escaped_text)
{
	char *buffer = NULL;
	size_t length = 0;
	FILE *out = open_memstream(&buffer, &length);
	cr_assert_not_null(out);
	cr_expect_eq(psi_html_put(out, "<b id='x'>"), 0);
	fclose(out);
	cr_expect_str_eq(buffer, "&lt;b id=&#39;x&#39;&gt;");
	free(buffer);
}
