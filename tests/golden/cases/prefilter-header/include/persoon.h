struct persoon {
	char geboorteland[3];
};
