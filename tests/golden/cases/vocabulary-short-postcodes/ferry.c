/* A game's ferry: its capacity beside a function that moves passengers. */
struct unit;
void activate_passengers(struct unit *ferry);

int free_places(struct unit *ferry, int cap)
{
	int used = 0;
	return cap - used;
}
