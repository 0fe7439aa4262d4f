// Flows in C++: members through . and ->, references, methods, lambdas,
// range-for and map look-ups keyed by a flagged value.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

struct Person {
	std::string nationality;
	std::vector<std::string> nationalities;
	std::string zipCode;
	double income = 0;

	bool isForeigner() const { return nationality != "NL"; }
};

class FraudModel {
public:
	double riskScore(const Person &p) const;
	double fromPointer(const Person *p) const;
	void accumulate(const Person &p, double &selectionWeight) const;
	double dualNationals(const std::vector<Person> &people) const;
	double byZipCode(const Person &p) const;

private:
	std::map<std::string, double> zipWeights_;
	double threshold_ = 0.5;
};

double FraudModel::riskScore(const Person &p) const
{
	double score = 0;
	if (p.isForeigner())                  // a getter: its summary carries the flow
		score += 2;
	for (const auto &n : p.nationalities) // range-for over a flagged container
		if (n != "NL")
			score += 1;
	return score;
}

double FraudModel::fromPointer(const Person *p) const
{
	const std::string &ref = p->nationality; // a reference
	double probability = ref.empty() ? 0.1 : 0.2;
	return probability;
}

void FraudModel::accumulate(const Person &p, double &selectionWeight) const
{
	selectionWeight += p.income > 1000 ? 0 : 1; // not flagged: no flow
	selectionWeight += p.nationality.size();    // through a reference parameter
}

double FraudModel::dualNationals(const std::vector<Person> &people) const
{
	auto count = std::count_if(people.begin(), people.end(), [](const Person &x) {
		return x.nationalities.size() > 1;
	});
	double fraud_likelihood = static_cast<double>(count) * 0.1;
	return fraud_likelihood;
}

double FraudModel::byZipCode(const Person &p) const
{
	auto it = zipWeights_.find(p.zipCode); // a look-up keyed by a proxy
	double priority = it == zipWeights_.end() ? 0.0 : it->second;
	return priority > threshold_ ? priority : 0.0;
}
