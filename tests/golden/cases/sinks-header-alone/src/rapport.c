#include <stdio.h>

void rapport(const char *naam)
{
	printf("%s\n", naam);
}
