// Without <string> and <iostream> libclang cannot parse these locals: their
// names are read from its tokens, with the names of the same statement.
void lerPaciente()
{
	string nome, cpf, logradouro, bairro, municipio, cep;
	cin >> cep;
}

void lerKtp()
{
	string nama, alamat, tanggal_lahir, rt, rw, kecamatan;
	cin >> rt >> rw;
}

void copiar()
{
	string src, dst, cp;
	cp = src;
}
