#include "persoon.h"
int score_b(const struct persoon *p) { return p->leeftijd; }
