#include "nowhere/x.h"
