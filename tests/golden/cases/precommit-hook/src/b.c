/* Not in the database (added in this commit): it borrows src/a.c's flags,
 * so MODEL_VERSION is 3 and model.h is found through -I../include. */
#include "model.h"
#if MODEL_VERSION >= 3
int taaleis_weging = 2;
#endif
