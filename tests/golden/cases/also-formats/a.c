int geboorteland;
