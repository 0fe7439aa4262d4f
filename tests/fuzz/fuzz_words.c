/* Identifiers: split into words and classified with the bundled rules,
 * whatever bytes they hold (long, not UTF-8, mixed scripts). */
#include "fuzz.h"
#include "profilescan/classify.h"

static ps_ruleset *rules;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!rules && (ps_ruleset_new(&rules, NULL) != PS_OK ||
	               ps_ruleset_load_bundled(rules, 0, NULL, NULL) != PS_OK ||
	               ps_ruleset_finish(rules, NULL) != PS_OK))
		abort();
	char *name = fuzz_text(data, size);
	if (!name)
		return 0;
	ps_words words;
	if (ps_words_split(name, &words, NULL) == PS_OK)
		ps_words_clear(&words);
	/* The first line names the scope, the rest the declaration. */
	char *newline = strchr(name, '\n');
	if (newline)
		*newline = '\0';
	ps_match matches[16];
	size_t count;
	const char *siblings[] = {"geboortedatum", "bsn", name};
	ps_context context = {name, "record", name, "struct persoon", siblings, 3, NULL, NULL, 0, NULL, 0};
	ps_classify_in(rules, newline ? newline + 1 : name, &context, PS_KIND_FIELD, matches, 16,
	               &count, NULL);
	ps_classify(rules, name, NULL, PS_KIND_STRING_LITERAL, matches, 16, &count, NULL);
	free(name);
	return 0;
}
