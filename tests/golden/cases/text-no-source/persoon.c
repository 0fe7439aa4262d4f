/* Ünïcödé before a name, and a tab. */
struct persoon { int leeftijd; /* é */ char nationaliteit[3];
	char postcode[7]; };
