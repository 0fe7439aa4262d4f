int risk_weight;

void bewaar(int waarde)
{
	risk_weight = waarde * 2;
}
