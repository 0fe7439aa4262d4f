// C++ declarations: namespaces, classes, methods, aliases, templates,
// lambdas, range-for and map look-ups.
#include <map>
#include <string>
#include <vector>

namespace toeslagen::herkomst {
enum class Origin { Autochtoon, NietWesters };
}

namespace model {

using NationalityCode = std::string;

class Applicant {
public:
	bool isDualNational() const { return m_nationalityCount > 1; }
	const std::string &neighbourhood() const { return m_neighbourhood; }
	double monthlyRent = 0;

private:
	int m_nationalityCount = 1;
	std::string m_neighbourhood;
	std::string m_strSurname;
};

template <typename CountryOfBirth>
struct Lookup {
	CountryOfBirth key;
};

class RiskModel {
public:
	double score(const Applicant &a, const std::vector<int> &retryCounts) const
	{
		double risk = 0;
		auto wijkWeight = [this](const std::string &wijk) {
			auto it = weights_.find(wijk);
			return it == weights_.end() ? 0.0 : it->second;
		};
		for (int verblijfsvergunningType : retryCounts)
			risk += verblijfsvergunningType;
		risk += wijkWeight(a.neighbourhood());
		return a.isDualNational() ? risk + 2 : risk;
	}

private:
	std::map<std::string, double> weights_;
};

} // namespace model
