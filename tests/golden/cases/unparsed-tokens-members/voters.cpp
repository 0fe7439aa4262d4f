// Out-of-line methods of classes whose headers are missing: libclang makes
// no declarations of them, and the tokens say whose they are.
#include "voter.h"

// A qualifier that names no record of people gives no person's context,
// and does not hide the same name of another class below.
int Archive::GetZip()
{
	return 0;
}

int Voter::GetZip()
{
	return PostCode;
}
