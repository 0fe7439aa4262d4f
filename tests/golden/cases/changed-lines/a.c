int nationaliteit;
int geboorteland;
int neutraal;
int postcode;
