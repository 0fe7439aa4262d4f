/* Lines moved down: the accepted findings keep their fingerprints. */

struct aanvrager {
	char nationaliteit[4];
	char postcode[7];
	char moedertaal[16];    /* new: the only finding reported */
};
