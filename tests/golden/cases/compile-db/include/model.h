/* Found only through the database's -I../include, relative to its directory. */
struct aanvrager { char nationaliteit[4]; };
