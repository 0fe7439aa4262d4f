int nationaliteit;
int geboorteland;
int postcode;
/* profilescan:allow PS-PRX-001 until 2099-06-30 -- Language level is a legal requirement of this permit, checked by law. */
int taalniveau;
