#include "model.h"
int b;
