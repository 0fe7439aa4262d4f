// A qualifier that names no record of people gives no person's context.
#include "archive.h"

int Archive::GetZip()
{
	return 0;
}
