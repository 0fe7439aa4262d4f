#include "model.h"
#if MODEL_VERSION >= 3
/* Exists only with the database's -DMODEL_VERSION=3. */
int taaleis_weging = 2;
#else
int zonder_taaleis = 1;
#endif
int score(const struct aanvrager *a) { return a->nationaliteit[0]; }
