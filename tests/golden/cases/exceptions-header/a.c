#include "model.h"
int a;
