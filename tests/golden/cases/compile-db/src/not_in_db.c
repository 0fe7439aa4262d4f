/* On disk but not a database entry: with -p and no paths, not scanned. */
int nationaliteit_buiten_db;
