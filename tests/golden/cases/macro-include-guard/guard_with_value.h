#if !defined(CITIZENSHIP_RECORD_H)
#define CITIZENSHIP_RECORD_H 1

int citizenship_known;

#endif
