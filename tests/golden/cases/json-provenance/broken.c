#include "not_there.h"
int nationaliteit;
int geboorteland = undeclared_value;
