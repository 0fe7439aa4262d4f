/* As dladdr(3) reports a symbol: the file's name, the symbol's name. */
typedef struct {
	const char *dli_fname;
	void *dli_fbase;
	const char *dli_sname;
	void *dli_saddr;
} symbol_info;

/* A person's full name in three parts: given name, surname, patronymic. */
struct fio {
	char fname[32];
	char sname[32];
	char otchestvo[32];
	int group;
};
