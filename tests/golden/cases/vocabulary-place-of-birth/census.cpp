// Uses of a header that is not scanned with it: the nationality's values
// are read from tokens, in the scope they are named in.
#include "ciudadano.h"

void asignar(Ciudadano &c, int n)
{
	c.nacionalidad = n == 0 ? Nacionalidad::Peruano : Nacionalidad::Extranjero;
}
