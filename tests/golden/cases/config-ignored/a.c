struct aanvrager {
	char achternaam[64];    /* PS-PRX-005 is switched off */
	char postcode[7];       /* a proxy, raised to warning */
	char moedertaal[16];    /* PS-PRX-001, raised to error */
	char ntlcd[4];          /* the project's own term */
	int religie;            /* the religion pack, switched on */
};
