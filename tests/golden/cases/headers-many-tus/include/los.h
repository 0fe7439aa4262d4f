/* Included by no translation unit: parsed on its own. */
struct adres { char postcode[7]; char huisnummer[6]; };
