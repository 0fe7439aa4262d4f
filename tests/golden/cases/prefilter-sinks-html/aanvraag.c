struct aanvraag {
	char nationaliteit[4];
};
