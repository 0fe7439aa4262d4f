#include "cli.h"
#include "scan/scan.h"
