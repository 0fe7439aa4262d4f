struct persoon {
	int geboorteland;
};
