struct cliente {
	char nombre[40];
	char cp[6];
	char calle[40];
};
