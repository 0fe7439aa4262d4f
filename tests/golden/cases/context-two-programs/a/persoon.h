#ifndef PERSOON_H
#define PERSOON_H
struct persoon {
	char naam[40];
	char nationaliteit[4];
};
#endif
