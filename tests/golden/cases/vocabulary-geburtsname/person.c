/* A German registry's person record: the name a person had at birth is a
 * surname, like nachname and familienname. */
struct person {
	char vorname[32];
	char geburtsname[32];
	char geburtsdatum[11];
	char geschlecht[2];
};
