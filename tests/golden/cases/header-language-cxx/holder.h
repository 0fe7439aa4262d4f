// A C++ header scanned alone: no compile command and no C++ source say its
// language, its own words do.
#include "card/reader.h"

class CardHolder
{
public:
	enum Field : char
	{
		Surname = 1,
		GivenNames = 2,
		Citizen = 3,
		DateOfBirth = 4,
	};
	Value read(Field field) const;
};
