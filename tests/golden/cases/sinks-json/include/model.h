#ifndef MODEL_H
#define MODEL_H
struct aanvraag {
	char nationaliteit[4];
	int risicoscore;
};
#endif
