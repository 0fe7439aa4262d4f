/* Locals and functions read in the context of the parameters they work on:
 * whom the function is about is in its parameters' names and types. */
struct persona { char nombre[40]; int edad; };
typedef struct persona vt_empleados[100];

int buscar(vt_empleados empleados, int ml)
{
	int contador_argentinos = 0;
	for (int i = 0; i < ml; i++)
		contador_argentinos += empleados[i].edad > 30;
	return contador_argentinos;
}

int is_black(const struct persona *p) { return p->edad < 0; }
