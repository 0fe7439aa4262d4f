// risicoscan: score an intake CSV with the batch model and model v3 and
// print the signals for the case-worker queue.
//
//   risicoscan [aanvragers.csv] [--svg rapport.svg]
//
// Fictional example code written for profilescan; not a real system.
#include <cstdio>
#include <cstring>
#include <vector>

#include "toeslagen/risk_model.hpp"

namespace {

// Used when no file is given.
const char* const kVoorbeeld[] = {
    "123456782;Jan;Jansen;NLD;0;NLD;1011AB;0;nld;C2;0;0;31000;750;2;0;"
    "NL91ABNA0417164300;0",
    "234567893;Fatma;Yilmaz;TUR;1;TUR;1102CD;1;tur;A1;1;1;24500;820;5;3;"
    "NL20INGB0001234567;14",
    "345678904;Anna;Nowak;POL;0;POL;3071EF;2;pol;B1;0;0;39000;910;1;0;"
    "NL44RABO0123456789;3",
};

}  // namespace

int main(int argc, char** argv)
{
    const char* input = nullptr;
    const char* svgPath = nullptr;
    for (int i = 1; i < argc; i++) {
        if (std::strcmp(argv[i], "--svg") == 0 && i + 1 < argc)
            svgPath = argv[++i];
        else
            input = argv[i];
    }

    std::vector<aanvrager_t> records(1000);
    size_t count = 0;
    if (input) {
        FILE* fp = std::fopen(input, "r");
        if (!fp || aanvrager_read_file(fp, records.data(), records.size(), &count) != 0) {
            std::fprintf(stderr, "risicoscan: cannot read %s\n", input);
            return 1;
        }
        std::fclose(fp);
    } else {
        for (const char* line : kVoorbeeld)
            if (aanvrager_parse_csv(line, &records[count]) == 0)
                count++;
    }
    records.resize(count);

    char sql[512];
    if (export_select_query(sql, sizeof sql, TOESLAGEN_PEILJAAR) == 0)
        std::fprintf(stderr, "database query: %s\n", sql);

    std::vector<risico_uitkomst> uitkomsten(count);
    for (size_t i = 0; i < count; i++)
        risico_beoordeel(&records[i], static_cast<unsigned>(i + 1), &uitkomsten[i]);

    toeslagen::model::RiskModel model;
    model.setNeighbourhoodWeight("1102", 2.0);
    model.setNeighbourhoodWeight("3071", 1.5);
    for (const auto& rec : records) {
        auto applicant = toeslagen::model::Applicant::fromRecord(rec);
        std::fprintf(stderr, "model v3: %s -> %.2f%s\n", applicant.bsn.c_str(),
                     model.score(applicant),
                     model.needsManualReview(applicant) ? " (controle)" : "");
    }

    export_config cfg = {3, 14, 0, "coordination@example.org"};
    if (export_signalen(stdout, records.data(), uitkomsten.data(), count, &cfg) != 0)
        return 1;

    if (svgPath) {
        FILE* svg = std::fopen(svgPath, "w");
        if (!svg)
            return 1;
        rapport_inkomen_svg(svg, records.data(), count, model.nationalAverageIncome());
        std::fclose(svg);
    }
    return 0;
}
