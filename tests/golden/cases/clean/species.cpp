// Names that a type explains: in a strategy game, `race` of type
// RuleAlienRace is a species, not a person's race.
class RuleAlienRace;

struct Mission {
	const RuleAlienRace *race;
};

double retaliation_odds(const RuleAlienRace *race, int months)
{
	double odds = months * 0.1;
	if (race)
		odds += 1;
	return odds;
}
