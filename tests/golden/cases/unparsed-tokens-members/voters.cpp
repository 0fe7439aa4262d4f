// Out-of-line methods of a class whose header is missing: libclang makes no
// declarations of them, and the tokens say whose they are.
#include "voter.h"

int Voter::GetZip()
{
	return PostCode;
}
