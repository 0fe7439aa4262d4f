struct aanvrager {
	// profilescan:allow PS-NAT-001 -- verifies the legal nationality requirement of the Wet X, art. 3
	char nationaliteit[4];
	char geboorteland[4]; /* profilescan:allow origin until 2020-01-01 -- temporary, migration of the old model */
	char postcode[7]; // profilescan:allow PS-PRX-004
	int x; // profilescan:allow PS-ETH-001 -- there is no ethnicity field anywhere here
	/* profilescan:allow proxy until 2099-12-31 -- a multi-line block comment
	   that accepts the declaration on the line after it ends */
	char buurtcode[8];
	int wijk; // profilescan:alow PS-PRX-004 -- typo in the directive name here
};
