/* A school's pupil record in Spanish: apellido paterno and apellido materno,
 * the two surnames, written short. */
struct alumno {
	char nombre[40];
	char a_paterno[40];
	char a_materno[40];
	char fecha_nacimiento[11];
	int grado;
};
