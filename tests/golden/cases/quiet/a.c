int nationaliteit;
int broken = ;
