#include "RiskMatrix.h"

#include "Error.h"
#include "Project.h"

#include <algorithm>
#include <cctype>

namespace terrain {

namespace {

int clampRating(int v) {
    return std::clamp(v, kRiskScaleMin, kRiskScaleMax);
}

/// "R-2" before "R-10": compares runs of digits by value.
bool naturalLess(const std::string& a, const std::string& b) {
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const bool da = std::isdigit(static_cast<unsigned char>(a[i])) != 0;
        const bool db = std::isdigit(static_cast<unsigned char>(b[j])) != 0;
        if (da && db) {
            size_t ei = i, ej = j;
            while (ei < a.size() && std::isdigit(static_cast<unsigned char>(a[ei])))
                ++ei;
            while (ej < b.size() && std::isdigit(static_cast<unsigned char>(b[ej])))
                ++ej;
            const std::string na = a.substr(i, ei - i), nb = b.substr(j, ej - j);
            const size_t za = na.find_first_not_of('0'), zb = nb.find_first_not_of('0');
            const std::string ta = za == std::string::npos ? "" : na.substr(za);
            const std::string tb = zb == std::string::npos ? "" : nb.substr(zb);
            if (ta.size() != tb.size())
                return ta.size() < tb.size();
            if (ta != tb)
                return ta < tb;
            i = ei;
            j = ej;
            continue;
        }
        if (a[i] != b[j])
            return a[i] < b[j];
        ++i;
        ++j;
    }
    return a.size() - i < b.size() - j;
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
