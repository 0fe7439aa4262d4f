// A setter reads its record's fields as its context, as a getter does.

// A passenger's origin beside a destination is where the flight starts.
class Pasajero {
	const char *nombre;
	const char *destino;
	const char *origen;
public:
	void setOrigen(const char *origen);
	const char *getOrigen() const;
};

// A patient's origin beside a date of birth and a gender is the patient's.
class Paciente {
	const char *fecha_nacimiento;
	const char *sexo;
	const char *origen;
public:
	void setOrigen(const char *o);
};

// An HTTP rule's max_age_ and its accessor max_age() are one field, not two
// of a person's ages: the origin is the request's.
struct CorsRules {
	CorsRules &origin(const char *origin);
	CorsRules &max_age(int age);
	int max_age_;
};
