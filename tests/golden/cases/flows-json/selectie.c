struct melding {
	const char *wijk;
	int taalniveau;
};

static int in_aandachtswijk(const struct melding *m)
{
	return m->wijk && m->wijk[0] == 'Z';
}

int selecteer_voor_controle(const struct melding *m)
{
	int selectie = 0;
	if (in_aandachtswijk(m))
		selectie = 1;
	/* profilescan:allow PS-FLW-002 -- taalniveau decides which language the letter is sent in, reviewed 2026-10 */
	int brieftaal = m->taalniveau < 2;
	return selectie + brieftaal;
}
