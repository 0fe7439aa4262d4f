#include "model/model.h"
#include "util/util.h"
