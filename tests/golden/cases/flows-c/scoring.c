/* Every form of flow profilescan traces in C, one function each. */
#include <stdio.h>
#include <string.h>

struct aanvrager {
	const char *nationaliteit;
	int postcode;
	int herkomst;
	double inkomen;
	double risicoscore;
};

#define NATIONALITEIT(a) ((a)->nationaliteit)

static const double gewichten_per_groep[4] = {0.0, 1.5, 2.0, 3.5};

/* Direct data flow, every assignment operator. */
void direct(struct aanvrager *a, double *uit)
{
	double score = a->herkomst * 2.0;       /* initializer */
	score = a->postcode / 1000;             /* = */
	score += a->herkomst;                   /* += */
	score -= a->herkomst;                   /* -= */
	score *= a->herkomst;                   /* *= */
	score /= a->herkomst;                   /* /= */
	a->risicoscore = score;                 /* a field sink, not a new flow */
	*uit = score;
}

/* The value returned by a function named for a risk. */
double risico_herkomst(const struct aanvrager *a)
{
	return gewichten_per_groep[a->herkomst & 3]; /* a look-up table keyed by it */
}

/* Through locals, a loop and compound assignments. */
double through_locals(const struct aanvrager *a, int jaren)
{
	int som = 0;
	for (int i = 0; i < jaren; i++)
		som += a->postcode % 7;
	int tussen = som;
	double risk = 0;
	risk = tussen;
	return risk;
}

/* Control dependence: if, ?:, switch, while. */
double control(const struct aanvrager *a)
{
	double fraude_kans = 0;
	if (strcmp(NATIONALITEIT(a), "NLD") != 0) /* a macro that expands to a member */
		fraude_kans += 0.3;
	int hoog = a->postcode > 3000 ? 1 : 0;
	switch (a->herkomst) {
	case 1:
		fraude_kans += 0.1;
		break;
	default:
		break;
	}
	while (hoog--)
		fraude_kans *= 1.1;
	return fraude_kans;
}

/* An argument of a function named for a score. */
void update_score(struct aanvrager *a, double delta);

void arguments(struct aanvrager *a)
{
	update_score(a, a->herkomst == 2 ? 1.0 : 0.0);
}

/* A strcmp wrapper and a helper: their results carry the taint. */
static int is_buitenlands(const struct aanvrager *a)
{
	return strcmp(a->nationaliteit, "NLD") != 0;
}

static int scaled(int value)
{
	return value * 10;
}

double through_calls(const struct aanvrager *a)
{
	double priority = 0;
	if (is_buitenlands(a))
		priority = 1;
	priority += scaled(a->postcode);
	return priority;
}

/* An early return decides what follows. */
double early_return(const struct aanvrager *a)
{
	double risk_level = 1.0;
	if (a->herkomst == 0)
		return 0;
	risk_level = 2.0;
	return risk_level;
}

/* ---- not flows ---------------------------------------------------------- */

double only_logged(const struct aanvrager *a)
{
	printf("%s\n", a->nationaliteit);        /* printed, not scored */
	const char *kopie = a->nationaliteit;    /* a local never used in a sink */
	(void)kopie;
	double score = a->inkomen * 0.01;
	return score;
}

double shadowed(const struct aanvrager *a)
{
	int waarde = a->herkomst;
	double score = 0;
	{
		int waarde = 3;                      /* another variable of the same name */
		score += waarde;
	}
	(void)waarde;
	return score;
}

double overwritten_local(const struct aanvrager *a)
{
	int tussen = a->postcode;
	tussen = 0;                              /* the flagged value is gone */
	double score = tussen;
	return score;
}

/* A sink overwritten after the flagged write is still reported: the flagged
 * value was used to compute it, whatever comes later. */
double overwritten_sink(const struct aanvrager *a)
{
	double score = a->herkomst;
	score = 0;
	return score;
}

double early_return_before_use(const struct aanvrager *a)
{
	if (!a)
		return 0;
	printf("%s\n", a->nationaliteit);
	return a->inkomen * 0.5;
}

/* ---- a flow a macro writes ---------------------------------------------- */

/* A compound assignment in a macro's body is found by its kind; a plain '='
 * there is not (docs/flows.md). */
#define ADD_RISK(total, value) ((total) += (value))

double from_macro(const struct aanvrager *a)
{
	double risk = 0;
	ADD_RISK(risk, a->herkomst);
	return risk;
}

/* ---- not flows: null checks, variables of a branch ---------------------- */

/* A test that a pointer is null asks whether there is a value, not what it
 * is: it decides nothing, even before an early return. */
double null_checks(const struct aanvrager *a)
{
	double score = 1;
	if (!a->nationaliteit)
		return 0;
	if (a->nationaliteit == NULL || a->inkomen < 0)
		score = 0;
	return score;
}

/* A variable declared inside a branch exists only there: the condition
 * decides that it exists, not what it holds. */
double declared_in_branch(const struct aanvrager *a, int gelezen)
{
	double totaal = 0;
	if (a->herkomst != 0) {
		int rank = gelezen;
		rank = rank + 1;
		totaal = rank;
	}
	return totaal;
}

/* ---- a parameter into a sink -------------------------------------------- */

struct totaal {
	double score;
};

/* Neither name says score: the field it writes does. */
static void tel_op(struct totaal *t, double waarde)
{
	t->score += waarde;
}

static void dubbel(struct totaal *t, double waarde)
{
	tel_op(t, waarde * 2);
}

void parameters(struct totaal *t, const struct aanvrager *a)
{
	tel_op(t, a->herkomst);     /* into the sink inside tel_op */
	dubbel(t, a->postcode);     /* two calls deep */
	tel_op(t, a->inkomen);      /* not flagged */
	if (strcmp(a->nationaliteit, "NLD") != 0)
		tel_op(t, 3.5);         /* the condition the call is made under */
}

/* An early return before a call is not carried into the callee's sinks. */
void after_an_early_return(struct totaal *t, const struct aanvrager *a)
{
	if (a->herkomst == 0)
		return;
	tel_op(t, a->inkomen);
}

/* A sink function with a body: what is passed to it is one flow, into its
 * argument, not a second one into its return value. */
static double risk_weight(int groep)
{
	return groep * 1.5;
}

double via_sink_function(const struct aanvrager *a)
{
	double totaal = risk_weight(a->herkomst);
	return totaal;
}
