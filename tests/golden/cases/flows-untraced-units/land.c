#include "land.h"
#include "persoon.h"

int land_code(const void *p)
{
	return ((const struct persoon *)p)->geboorteland;
}
