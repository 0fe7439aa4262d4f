/* Included by three translation units: each finding here is reported once. */
#ifndef PERSOON_H
#define PERSOON_H

struct persoon {
	char geboorteland[4];
	int leeftijd;
};

/* Declared here, defined in src/a.c: reported once, at the definition. */
int heeft_migratieachtergrond(const struct persoon *p);

extern int g_herkomst_weging;

static inline int niet_westers(const struct persoon *p) { return p->geboorteland[0] == 'M'; }

#endif
