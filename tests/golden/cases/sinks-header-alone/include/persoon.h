#ifndef PERSOON_H
#define PERSOON_H
struct persoon {
	char naam[40];
	char nationaliteit[4];
	int geboortejaar;
};
int risico_score(const struct persoon *p);
int selectie_gewicht(const struct persoon *p);
#endif
