#include <string>

namespace toeslagen {
class Aanvrager {
public:
	std::string nationaliteit;
	auto score() const -> int { return nationaliteit.empty() ? 0 : 1; }
};
}
