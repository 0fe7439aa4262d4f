#ifndef PERSOON_H
#define PERSOON_H
/* Another program's record of the same name: the same USR, not the same field. */
struct persoon {
	int leeftijd;
	char nationaliteit[4];
};
#endif
