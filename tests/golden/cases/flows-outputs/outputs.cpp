// Functions without a body in the scan write what they are given into their
// output parameters and, for a method that is not const, into their object.
#include <cstdio>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

struct Person {
	const char *nationaliteit;
	std::string surname;
	int postcode;
};

double lookup_weight(const char *key);
void compute_model(double *out, int zip);

double into_a_buffer(const Person *p)
{
	char key[16];
	strcpy(key, p->nationaliteit);           // strcpy's destination
	double score = lookup_weight(key);
	return score;
}

double into_a_stream(const Person &p)
{
	std::ostringstream name;
	name << p.surname << ".png";             // operator<<'s stream
	double weight = name.str().size();
	return weight;
}

double into_a_container(const Person &p)
{
	std::vector<std::string> names;
	names.push_back(p.surname);              // a method that is not const
	double risk = names.size();
	return risk;
}

void into_an_out_parameter(const Person &p)
{
	char risk_code[8];
	snprintf(risk_code, sizeof risk_code, "%d", p.postcode); // the library writes the sink
}

void project_function_elsewhere(const Person &p)
{
	double risk_score = 0;
	compute_model(&risk_score, p.postcode);  // the project's own: defined in another unit
}

double formatted(const Person &p)
{
	char buf[8];
	snprintf(buf, sizeof buf, "%d", p.postcode);
	double priority = buf[0];
	return priority;
}

double only_read(const Person &p)
{
	std::vector<std::string> names;
	size_t n = strlen(p.nationaliteit);      // strlen writes nothing
	double risk = names.size();
	return risk + 0 * (double)sizeof n;
}

// A method of the project's own, defined in another unit, writes one field:
// the rest of its object is not marked.
class Base {
public:
	void setOwnerSurname(const std::string &name);
	double longitude() const;
};

double project_setter(const Person &p)
{
	Base base;
	base.setOwnerSurname(p.surname);
	double weight = base.longitude();
	return weight;
}

// The object of a method named for a sink is not one of its arguments: what
// the method returns from it goes on to the next sink.
struct Table {
	double weightFor(int group) const;
};

double object_of_a_sink_method(const Person &p, const Table *tables)
{
	const Table *table = &tables[p.postcode % 4];
	double priority = table->weightFor(1);
	return priority;
}
