int geboorteland;
int postcode;
