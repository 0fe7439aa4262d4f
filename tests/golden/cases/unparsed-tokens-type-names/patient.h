// A patient record whose types come from a header that is not found: the
// types' own names are no fields of the patient.
#include "codes.h"

struct Patient {
	code_list<language> interpreters;
	language preferred;
	Nationality held;
	code_list<language> language;
};
