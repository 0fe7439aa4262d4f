#include "persoon.h"
int score_a(const struct persoon *p) { return p->leeftijd; }
int g_herkomst_weging = 2;
int heeft_migratieachtergrond(const struct persoon *p) { return niet_westers(p); }
