#include "model.h"
int a(void) { return 0; }
