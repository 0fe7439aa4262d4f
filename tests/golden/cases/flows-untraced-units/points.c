/* Nothing flagged: traced once a flagged value is passed to verwerk. */
int risk_weight;

void verwerk(int waarde)
{
	risk_weight = waarde * 2;
}
