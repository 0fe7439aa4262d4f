/* A file whose name is markup. */
int geboorteland;
