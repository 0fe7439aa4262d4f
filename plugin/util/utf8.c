/*
 * Text from the scanned tree is bytes: a Latin-1 source, a file name with a
 * byte over 0x7f, a message cut in the middle of a character.  Every format
 * that must be UTF-8 (JSON, SARIF, GitLab, baselines) gets it through here,
 * so that no finding is ever dropped for its spelling.  Text for a terminal
 * (psi_utf8_visible) must also not act on it: an escape sequence in a
 * string literal or a file name could retitle the window, clear the screen
 * or hide the line, and bidirectional overrides or zero-width characters
 * make code read other than it is (CVE-2021-42574, "Trojan Source").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* The length of the valid UTF-8 sequence at `p` (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF), or 0 when there is none. */
static size_t sequence_length(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	size_t n;
	unsigned long code;
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 2;
		code = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		n = 3;
		code = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4;
		code = p[0] & 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80) /* also stops at the terminating NUL */
			return 0;
		code = (code << 6) | (p[i] & 0x3f);
	}
	static const unsigned long smallest[5] = {0, 0, 0x80, 0x800, 0x10000};
	if (code < smallest[n] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
		return 0;
	return n;
}

int psi_utf8_valid(const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p;) {
		size_t n = sequence_length(p);
		if (!n)
			return 0;
		p += n;
	}
	return 1;
}

char *psi_utf8_escaped(const char *text)
{
	size_t invalid = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p;) {
		size_t n = sequence_length(p);
		invalid += n == 0;
		p += n ? n : 1;
	}
	size_t size = strlen(text) + 3 * invalid + 1;
	char *copy = malloc(size), *out = copy;
	if (!copy)
		return NULL;
	static const char hex[] = "0123456789abcdef";
	for (const unsigned char *p = (const unsigned char *)text; *p;) {
		size_t n = sequence_length(p);
		if (n) {
			memcpy(out, p, n);
			out += n;
			p += n;
		} else {
			*out++ = '\\';
			*out++ = 'x';
			*out++ = hex[*p >> 4];
			*out++ = hex[*p & 0xf];
			p++;
		}
	}
	*out = '\0';
	return copy;
}

static unsigned long code_point(const unsigned char *p, size_t n)
{
	static const unsigned char lead_mask[5] = {0, 0x7f, 0x1f, 0x0f, 0x07};
	unsigned long code = p[0] & lead_mask[n];
	for (size_t i = 1; i < n; i++)
		code = (code << 6) | (p[i] & 0x3f);
	return code;
}

/* Characters a terminal acts on or that change how a line reads: C0 and C1
 * controls and DEL, bidirectional marks, embeddings, overrides and
 * isolates, zero-width characters, line and paragraph separators. */
static int invisible(unsigned long c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c ||
	       (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) ||
	       (c >= 0x2060 && c <= 0x2069) || c == 0xfeff;
}

static char *visible_copy(const char *text, int keep_line_breaks)
{
	/* At most six bytes ("\u202e") for each byte of the text. */
	char *copy = malloc(strlen(text) * 6 + 1), *out = copy;
	if (!copy)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)text; *p;) {
		size_t n = sequence_length(p);
		unsigned long c = n ? code_point(p, n) : 0;
		if (!n)
			out += sprintf(out, "\\x%02x", *p);
		else if (c == '\n' && keep_line_breaks)
			*out++ = '\n';
		else if (c == '\n')
			out += sprintf(out, "\\n");
		else if (c == '\t')
			*out++ = '\t';
		else if (c < 0x80 && invisible(c))
			out += sprintf(out, "\\x%02lx", c);
		else if (invisible(c))
			out += sprintf(out, "\\u%04lx", c);
		else
			out = (char *)memcpy(out, p, n) + n;
		p += n ? n : 1;
	}
	*out = '\0';
	return copy;
}

char *psi_utf8_visible(const char *text)
{
	return visible_copy(text, 0);
}

char *psi_utf8_visible_lines(const char *text)
{
	return visible_copy(text, 1);
}
