#include "persoon.h"
int score_c(const struct persoon *p) { return p->leeftijd; }
