int nationaliteit;
int geboorteland;
int postcode;
