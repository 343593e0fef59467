#pragma once
// The 5×5 risk matrix (issue 5): where each risk of the register sits by likelihood and impact, the
// exposure of a risk (likelihood × impact, 1..25) and of a system (the worst open risk linked to it),
// and re-rating a risk by moving it to another cell as one undoable edit.
//
// A risk counts towards exposure until it is closed: open, mitigating and accepted risks still threaten
// the systems they name. The map's "Risk" colouring (views/MapScene) reads the same rule.

#include "Entities.h"

#include <map>
#include <string>
#include <vector>

namespace terrain {

class Project;

inline constexpr int kRiskScaleMin = 1;
inline constexpr int kRiskScaleMax = 5;

/// likelihood × impact, 1..25 (values outside 1..5 are clamped first).
int riskExposure(const Risk& risk);
/// True while a risk still threatens its systems (every status but "closed").
bool riskCountsForExposure(const Risk& risk);
/// "low" (1–5), "medium" (6–11), "high" (12–19), "critical" (20–25); "none" for 0.
std::string exposureBand(int exposure);

/// One cell of the matrix: the risks rated (likelihood, impact), by key in natural order.
struct RiskCell {
    int likelihood = 0;
    int impact = 0;
    std::vector<Risk> risks;
};

/// The 25 cells, likelihood-major: cell(l, i) is at index (l-1)*5 + (i-1). Closed risks are left out
/// unless `includeClosed`.
std::vector<RiskCell> riskMatrix(const std::vector<Risk>& risks, bool includeClosed = false);

/// Per system id, the highest exposure of the risks that count (riskCountsForExposure) and name it.
std::map<Id, int> systemExposure(const std::vector<Risk>& risks);

/// Moves a risk to (likelihood, impact) as one undoable edit ("Re-rate R-3: likelihood 2→4, impact 3→5").
/// Throws Error when a value is outside 1..5 or the risk does not exist; the map is then unchanged.
/// Returns false (and makes no edit) when the risk already has those ratings.
bool rerateRisk(Project& project, Id risk, int likelihood, int impact);

} // namespace terrain
