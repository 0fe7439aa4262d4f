// Scanned without its headers: QString and DECLARE_FIELDS are unknown.
#include <QString>

class Patient : public QObject {
public:
    QString surname() const;
    QString preferredLanguage() const;
    DECLARE_FIELDS(Person, Nationality, BirthPlace);
    int age;
};

int score(Patient *p)
{
    return p->birthTown.size() + p->age;
}

// A declaration before a function is no scope of the function's body.
struct passenger *last_passenger;
int main()
{
    return last_passenger->zip.size();
}
