struct adres { char postcode[7]; };
