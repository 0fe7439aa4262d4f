/* A local beside parameters that are about no one, in a file about no one,
 * stays silent. */
int count_lanes(int width, int lanes)
{
	int race = width / lanes;
	return race;
}
