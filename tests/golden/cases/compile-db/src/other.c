#if MODEL_VERSION == 2
int verblijfsvergunning_weging = 1;
#endif
