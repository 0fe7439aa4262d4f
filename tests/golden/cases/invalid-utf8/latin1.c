/* Latin-1: de aanvrager, één per regel */
const char *kolom = "geboorteland (één)";
int nationaliteit_é;
int postcode;
