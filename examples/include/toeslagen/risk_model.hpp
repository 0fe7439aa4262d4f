// Risk model v3 (C++), rolled out next to the C batch model.
//
// Fictional example code written for profilescan; not a real system.
#ifndef TOESLAGEN_RISK_MODEL_HPP
#define TOESLAGEN_RISK_MODEL_HPP

#include <map>
#include <set>
#include <string>

#include "toeslagen/risico.h"

namespace toeslagen {
namespace model {

class Applicant {
public:
    std::string bsn;
    std::string surname;
    std::string m_strNationality;   // name kept from the old import module
    int nationalityCount = 1;
    std::string countryOfBirth;
    std::string spokenLanguage;
    std::string languageLevel;      // CEFR
    std::string neighbourhood;      // wijk: first four digits of the postcode
    bool hasResidencePermit = false;
    bool civicIntegrationCompleted = true;
    double annualIncome = 0.0;
    double monthlyRent = 0.0;
    int householdSize = 1;
    std::string destinationAccount;

    static Applicant fromRecord(const aanvrager_t& rec);

    bool isDualNational() const { return nationalityCount > 1; }
    bool meetsLanguageRequirement() const;
};

class RiskModel {
public:
    explicit RiskModel(double threshold = RISICO_DREMPEL);

    void setNeighbourhoodWeight(const std::string& wijk, double weight)
    {
        wijkWeights_[wijk] = weight;
    }
    void addWatchedSurname(const std::string& name) { watchedSurnames_.insert(name); }

    double score(const Applicant& a) const;
    double incomeRisk(const Applicant& a) const;
    bool needsManualReview(const Applicant& a) const { return score(a) >= threshold_; }

    double nationalAverageIncome() const { return national_average_income_; }

private:
    double threshold_;
    double national_average_income_ = 36500.0;
    std::map<std::string, double> wijkWeights_;
    std::set<std::string> watchedSurnames_;
};

}  // namespace model
}  // namespace toeslagen

#endif
