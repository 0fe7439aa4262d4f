int nationaliteit;
int geboorteland;
int nationality_code;
