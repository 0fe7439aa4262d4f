// Scanned without person.h: string and Person are unknown.
#include "person.h"

Person::Person(string n, string nat)
{
    name = n;
    nationality = nat;
}

void Person::setNationality(string inputNat)
{
    nationality = inputNat;
}
