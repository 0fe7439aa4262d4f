struct person {
	int nationality;
};
