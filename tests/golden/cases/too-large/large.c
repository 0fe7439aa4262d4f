/* padding to pass the limit of 100 bytes set in args */
int nationality_in_a_large_file;
/* ............................................. */
