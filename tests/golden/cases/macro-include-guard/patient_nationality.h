/* The include guard names the file, not a value: it is no finding.  The
 * empty macro after it is a build switch named for nationality, and is. */
#ifndef PATIENT_NATIONALITY_H
#define PATIENT_NATIONALITY_H

#define WITH_NATIONALITY

struct patient {
	char nationality[3];
};

#endif
