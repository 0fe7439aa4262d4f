struct land {
	char code[3];
	int geboorteland;
};
