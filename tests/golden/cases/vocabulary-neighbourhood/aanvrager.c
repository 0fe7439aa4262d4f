/* Where an applicant lives. */
struct aanvrager {
	char naam[40];
	char neighbourhood[40];
};
