// Risk model v3: per-applicant score for the case-worker queue.  Weights for
// neighbourhoods and watched surnames come from the analytics team's
// configuration.
//
// Fictional example code written for profilescan; not a real system.
#include "toeslagen/risk_model.hpp"

namespace toeslagen {
namespace model {

Applicant Applicant::fromRecord(const aanvrager_t& rec)
{
    Applicant a;
    a.bsn = rec.bsn;
    a.surname = rec.achternaam;
    a.m_strNationality = rec.nationaliteit;
    a.nationalityCount = rec.dubbele_nationaliteit ? 2 : 1;
    a.countryOfBirth = rec.geboorteland;
    a.spokenLanguage = rec.moedertaal;
    a.languageLevel = rec.taalniveau;
    a.neighbourhood = std::string(rec.postcode).substr(0, 4);
    a.hasResidencePermit = rec.verblijfsvergunning != VERBLIJF_NVT;
    a.civicIntegrationCompleted =
        !rec.inburgeringsplicht || rec.inburgering == INBURGERING_VOLDAAN;
    a.annualIncome = rec.inkomen;
    a.monthlyRent = rec.huur;
    a.householdSize = rec.huishouden_grootte;
    a.destinationAccount = rec.destination_account;
    return a;
}

bool Applicant::meetsLanguageRequirement() const
{
    if (spokenLanguage == "nld")
        return true;
    return languageLevel >= "A2";
}

RiskModel::RiskModel(double threshold) : threshold_(threshold) {}

double RiskModel::incomeRisk(const Applicant& a) const
{
    double risk = 0.0;
    if (a.annualIncome > MAX_INKOMEN)
        risk += WEIGHT_INKOMEN;
    if (a.annualIncome > 2.0 * national_average_income_)
        risk += 1.0;
    if (a.monthlyRent > MAX_HUUR)
        risk += 1.0;
    if (a.householdSize > 6)
        risk += 0.5;
    return risk;
}

double RiskModel::score(const Applicant& a) const
{
    double risk = incomeRisk(a);

    if (a.m_strNationality != "NLD")
        risk += WEIGHT_NATIONALITY;
    if (a.isDualNational())
        risk += WEIGHT_DUBBELE_NATIONALITEIT;
    if (a.countryOfBirth != "NLD" && !a.hasResidencePermit)
        risk += WEIGHT_VERBLIJF;

    auto wijk = wijkWeights_.find(a.neighbourhood);
    if (wijk != wijkWeights_.end())
        risk += wijk->second;

    if (watchedSurnames_.count(a.surname) != 0)
        risk += 1.0;

#if RISK_MODEL_VERSION >= 3
    if (!a.meetsLanguageRequirement())
        risk += g_taaleisWeight;
    if (!a.civicIntegrationCompleted)
        risk += WEIGHT_INBURGERING;
#endif
    return risk;
}

}  // namespace model
}  // namespace toeslagen
