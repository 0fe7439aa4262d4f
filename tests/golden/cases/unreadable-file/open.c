#include "secret.h"
int geboorteland;
