struct applicant {
	char countryOfBirth[4];
	char zip_code[8];
};
const char *columns = "nationality,surname";
