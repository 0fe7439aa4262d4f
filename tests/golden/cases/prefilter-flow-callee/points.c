/* No word of its own that could be a finding: skipped at first, parsed
 * once a flagged value is passed to the function it defines. */
int risk_score;

void add_points(int points)
{
	risk_score += points;
}
