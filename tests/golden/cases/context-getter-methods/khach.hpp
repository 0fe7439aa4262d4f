// A passenger class whose fields are in another record: its getters are
// read beside each other.
struct Info {
	char cmnd[13];
	char ho[32];
	char ten[16];
	bool phai;
};

class HanhKhach {
	Info data;
	HanhKhach *left = nullptr, *right = nullptr;

public:
	const char *getCmnd() const { return data.cmnd; }
	const char *getHo() const { return data.ho; }
	const char *getTen() const { return data.ten; }
	bool getPhai() const { return data.phai; }
};

// A tree's cursor: ho here is no family name, having no given name beside it.
class Cursor {
	int depth;

public:
	int getHo() const { return depth; }
	int getLevel() const { return depth; }
};
