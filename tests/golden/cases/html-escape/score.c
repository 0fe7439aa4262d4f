/* The HTML report must show what the scanned code holds as text. */
int risicoscore;

void beoordeel(int nationaliteit)
{
	const char *toelichting = "</script><img src=x onerror=alert(1)>";
	if (nationaliteit && toelichting[0])
		risicoscore += 10;
}

struct aanvrager {
	// profilescan:allow PS-PRX-004 -- checked by hand </script><img src=x onerror=alert(1)> & "quoted" 'too'
	char postcode[7];
};
