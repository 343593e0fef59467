#include "RiskMatrix.h"

#include "Error.h"
#include "NaturalOrder.h"
#include "Project.h"

#include <algorithm>
#include <cctype>

namespace terrain {

namespace {

int clampRating(int v) {
    return std::clamp(v, kRiskScaleMin, kRiskScaleMax);
}

} // namespace

int riskExposure(const Risk& risk) {
    return clampRating(risk.likelihood) * clampRating(risk.impact);
}

bool riskCountsForExposure(const Risk& risk) {
    return risk.status != "closed";
}

std::string exposureBand(int exposure) {
    if (exposure <= 0)
        return "none";
    if (exposure <= 5)
        return "low";
    if (exposure <= 11)
        return "medium";
    if (exposure <= 19)
        return "high";
    return "critical";
}

std::vector<RiskCell> riskMatrix(const std::vector<Risk>& risks, bool includeClosed) {
    std::vector<RiskCell> cells;
    cells.reserve(25);
    for (int l = kRiskScaleMin; l <= kRiskScaleMax; ++l)
        for (int i = kRiskScaleMin; i <= kRiskScaleMax; ++i)
            cells.push_back({l, i, {}});
    for (const auto& r : risks) {
        if (!includeClosed && !riskCountsForExposure(r))
            continue;
        const int l = clampRating(r.likelihood), i = clampRating(r.impact);
        cells[static_cast<size_t>((l - 1) * 5 + (i - 1))].risks.push_back(r);
    }
    for (auto& c : cells)
        std::sort(c.risks.begin(), c.risks.end(), [](const Risk& a, const Risk& b) {
            if (a.key != b.key)
                return naturalLess(a.key, b.key);
            return a.id < b.id;
        });
    return cells;
}

std::map<Id, int> systemExposure(const std::vector<Risk>& risks) {
    std::map<Id, int> out;
    for (const auto& r : risks) {
        if (!riskCountsForExposure(r))
            continue;
        const int e = riskExposure(r);
        for (Id s : r.systems) {
            int& v = out[s];
            v = std::max(v, e);
        }
    }
    return out;
}

bool rerateRisk(Project& project, Id id, int likelihood, int impact) {
    auto risk = project.get<Risk>(id);
    if (!risk)
        throw Error(project.path(), "risk #" + std::to_string(id), "expected an existing risk, found none");
    auto check = [&](const char* what, int v) {
        if (v < kRiskScaleMin || v > kRiskScaleMax)
            throw Error(project.path(), "risk " + risk->key + " " + what,
                        "expected 1 to 5, found " + std::to_string(v));
    };
    check("likelihood", likelihood);
    check("impact", impact);
    if (risk->likelihood == likelihood && risk->impact == impact)
        return false;
    const std::string text = "Re-rate " + risk->key + ": likelihood " + std::to_string(risk->likelihood) +
                             "→" + std::to_string(likelihood) + ", impact " + std::to_string(risk->impact) +
                             "→" + std::to_string(impact);
    risk->likelihood = likelihood;
    risk->impact = impact;
    project.save(*risk, QString::fromStdString(text));
    return true;
}

} // namespace terrain
