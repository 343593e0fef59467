#pragma once
// The symptom checklist (DESIGN section 1, step 2; issue 5): which signs are observed, the evidence they
// give the improvement areas they point to, and the verdict: how many signs are present and, at three or
// more, that the company has outgrown its infrastructure.
//
// Evidence is not copied into the areas: an area's evidence is the observed signs that point to it, so
// unticking a sign takes its evidence away again and the two can never disagree.

#include "Entities.h"

#include <string>
#include <vector>

namespace terrain {

class Project;

/// Three or more signs together mean the company has outgrown its infrastructure.
inline constexpr int kOutgrownThreshold = 3;

/// The evidence on one area: the observed signs that point to it.
struct AreaEvidence {
    Id area = 0;
    std::string key;
    std::string title;
    std::vector<Id> symptoms;              ///< observed, in checklist order
    std::vector<std::string> symptomTexts; ///< their texts
    std::vector<std::string> notes;        ///< their evidence notes, where written
};

struct SymptomVerdict {
    int observed = 0;
    int total = 0;
    bool outgrown = false;
    std::vector<Symptom> present;    ///< the observed signs, in checklist order
    std::vector<AreaEvidence> areas; ///< areas with at least one observed sign, most evidence first
    std::string summary; ///< "4 of 12 signs present: the company has outgrown its infrastructure."
};

/// The verdict of a checklist (symptoms in checklist order) against the map's areas.
SymptomVerdict symptomVerdict(const std::vector<Symptom>& symptoms, const std::vector<Area>& areas);
SymptomVerdict symptomVerdict(const Project& project);
/// The evidence on one area (empty symptoms when none points to it).
AreaEvidence areaEvidence(const Project& project, Id area);

/// Ticks or unticks a sign, with an optional evidence note (kept when `evidence` is null), as one
/// undoable edit. Throws Error when the symptom does not exist; returns false when nothing changes.
bool setSymptomObserved(Project& project, Id symptom, bool observed, const std::string* evidence = nullptr);

/// For `terrain check --json`: {"observed", "total", "outgrown", "summary", "present": [{key, text,
/// evidence, areas: [keys]}], "areas": [{key, title, signs: [keys]}]}.
json symptomVerdictJson(const SymptomVerdict& verdict);
/// For `terrain check`: the summary line, then one line per present sign with the areas it points to;
/// empty when no sign is observed.
std::string symptomVerdictText(const SymptomVerdict& verdict);

} // namespace terrain
