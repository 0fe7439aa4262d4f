#include "flows/flows.h"
#include "util.h"
#include "profilescan/scan.h"
#include "util/util.h"
