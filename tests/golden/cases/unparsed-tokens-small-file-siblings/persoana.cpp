// Scanned without Persoana.h and Font.h: the members are read from tokens.
#include "Persoana.h"
#include "Font.h"

Persoana::Persoana(const char _nume[], const char _prenume[])
{
    strcpy(nume, _nume);
    strcpy(prenume, _prenume);
}

Font::Font(const char _nom[], int size)
{
    strcpy(nom, _nom);
    points = size;
}
