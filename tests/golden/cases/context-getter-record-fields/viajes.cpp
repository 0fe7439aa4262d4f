#include <string>

class Passenger {
    std::string destino;
    std::string origen;
public:
    std::string getOrigen() const { return origen; }
    std::string getDestino() const { return destino; }
};

class Persona {
    std::string nombre;
    std::string origen;
public:
    std::string getOrigen() const { return origen; }
};
