/* Included by two units: its exception is read once and accepts its finding. */
struct aanvrager {
	/* profilescan:allow PS-NAT-001 -- required to check the legal nationality condition of art. 3 */
	char nationaliteit[4];
	int wijk; // profilescan:allow PS-PRX-004 -- the neighbourhood team code, not where people live
	int unused_here; // profilescan:allow PS-ETH-001 -- nothing on this line is about ethnicity
};
