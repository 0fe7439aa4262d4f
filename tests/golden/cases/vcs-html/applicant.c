struct applicant {
	int nationality;
};
