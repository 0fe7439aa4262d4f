int nationaliteit_oud;
int geboorteland_oud;
int achternaam_oud;
int religie_oud;
