/*
 * The language of a `.h` file that no compile command and no C++ source
 * around it decides.
 *
 * A header scanned alone (a folder of headers, a pre-commit run of one
 * changed header) was parsed as C, and a C++ class header then fails at its
 * first `class`: every member is lost to the token reader, and an enum such
 * as `enum PersonalDataType : char { SurName, Citizen }` is never seen as an
 * enum.  Before anything is parsed there is no AST to ask, so the header's
 * own words decide, as an editor decides which mode to open it in: outside
 * comments, strings and character literals, `::`, or a keyword that only
 * C++ has followed by what C++ puts after it (`class Name`, `namespace`,
 * `template <`, `public:`), make it C++.  C code may use `class` as a name
 * (`int class;`), which is why a keyword alone is not enough.
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discover/discover.h"

/* Enough for the opening of any header: its includes, its first class. */
#define SNIFF_BYTES ((size_t)256 << 10)

/* The bytes of `path` from the start, at most SNIFF_BYTES, NUL-terminated;
 * NULL when it is not a regular file that can be read.  Opened without
 * blocking: a FIFO named `.h` never holds the scan. */
static char *read_opening(const char *path, size_t *length)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	char *text = NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (text = malloc(SNIFF_BYTES + 1))) {
		size_t got = 0;
		ssize_t n;
		while (got < SNIFF_BYTES && (n = read(fd, text + got, SNIFF_BYTES - got)) > 0)
			got += (size_t)n;
		text[got] = '\0';
		*length = got;
	}
	close(fd);
	return text;
}

/* Blank out comments, string and character literals, and preprocessor
 * lines other than #include, so that only code is read. */
static void keep_code(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '/' && i + 1 < n && s[i + 1] == '/') {
			while (i < n && s[i] != '\n')
				s[i++] = ' ';
		} else if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
			s[i++] = ' ';
			while (i + 1 < n && !(s[i] == '*' && s[i + 1] == '/'))
				s[i++] = ' ';
			if (i + 1 < n)
				s[i] = s[i + 1] = ' ', i++;
		} else if (s[i] == '"' || s[i] == '\'') {
			char quote = s[i];
			s[i++] = ' ';
			while (i < n && s[i] != quote && s[i] != '\n') {
				if (s[i] == '\\' && i + 1 < n)
					s[i++] = ' ';
				s[i++] = ' ';
			}
			if (i < n && s[i] == quote)
				s[i] = ' ';
		}
	}
}

static size_t skip_blanks(const char *s, size_t i)
{
	while (s[i] && isspace((unsigned char)s[i]))
		i++;
	return i;
}

static int word_at(const char *s, size_t i, const char *word)
{
	size_t n = strlen(word);
	return strncmp(s + i, word, n) == 0 && !(isalnum((unsigned char)s[i + n]) || s[i + n] == '_');
}

/* Does the C++ keyword at `i` stand where C++ puts it? */
static int cxx_construct_at(const char *s, size_t i)
{
	static const char *const access[] = {"public", "private", "protected"};
	for (size_t k = 0; k < sizeof access / sizeof *access; k++)
		if (word_at(s, i, access[k])) {
			size_t after = skip_blanks(s, i + strlen(access[k]));
			return s[after] == ':' && s[after + 1] != ':';
		}
	if (word_at(s, i, "template"))
		return s[skip_blanks(s, i + 8)] == '<';
	if (word_at(s, i, "namespace")) {
		size_t after = skip_blanks(s, i + 9);
		return isalpha((unsigned char)s[after]) || s[after] == '_' || s[after] == '{';
	}
	if (word_at(s, i, "class")) {
		size_t after = skip_blanks(s, i + 5);
		return isalpha((unsigned char)s[after]) || s[after] == '_';
	}
	return 0;
}

int psi_header_looks_cxx(const char *path)
{
	size_t length = 0;
	char *text = read_opening(path, &length);
	if (!text)
		return 0;
	keep_code(text, length);
	int cxx = 0;
	for (size_t i = 0; i < length && !cxx; i++) {
		int starts_word = i == 0 || !(isalnum((unsigned char)text[i - 1]) || text[i - 1] == '_');
		cxx = (text[i] == ':' && text[i + 1] == ':') ||
		      (starts_word && isalpha((unsigned char)text[i]) && cxx_construct_at(text, i));
	}
	free(text);
	return cxx;
}
