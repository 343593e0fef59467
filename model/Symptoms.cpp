#include "Symptoms.h"

#include "Error.h"
#include "Project.h"

#include <algorithm>
#include <map>

namespace terrain {

SymptomVerdict symptomVerdict(const std::vector<Symptom>& symptoms, const std::vector<Area>& areas) {
    SymptomVerdict v;
    v.total = static_cast<int>(symptoms.size());
    std::map<Id, size_t> areaIndex;
    for (const auto& a : areas) {
        areaIndex[a.id] = v.areas.size();
        v.areas.push_back({a.id, a.key, a.title, {}, {}, {}});
    }
    for (const auto& s : symptoms) {
        if (!s.observed)
            continue;
        ++v.observed;
        v.present.push_back(s);
        for (Id a : s.areas) {
            auto it = areaIndex.find(a);
            if (it == areaIndex.end())
                continue;
            AreaEvidence& e = v.areas[it->second];
            if (std::find(e.symptoms.begin(), e.symptoms.end(), s.id) != e.symptoms.end())
                continue;
            e.symptoms.push_back(s.id);
            e.symptomTexts.push_back(s.text);
            if (!s.evidence.empty())
                e.notes.push_back(s.evidence);
        }
    }
    v.areas.erase(std::remove_if(v.areas.begin(), v.areas.end(),
                                 [](const AreaEvidence& e) { return e.symptoms.empty(); }),
                  v.areas.end());
    std::stable_sort(v.areas.begin(), v.areas.end(), [](const AreaEvidence& a, const AreaEvidence& b) {
        return a.symptoms.size() > b.symptoms.size();
    });
    v.outgrown = v.observed >= kOutgrownThreshold;
    const std::string count = std::to_string(v.observed) + " of " + std::to_string(v.total) +
                              (v.total == 1 ? " sign" : " signs") + " present";
    if (v.outgrown)
        v.summary = count + ": the company has outgrown its infrastructure.";
    else if (v.observed == 0)
        v.summary = count + ": no sign of having outgrown the infrastructure yet.";
    else
        v.summary = count + ": not yet outgrown (" + std::to_string(kOutgrownThreshold) +
                    " or more together would mean the company has outgrown its infrastructure).";
    return v;
}

SymptomVerdict symptomVerdict(const Project& project) {
    return symptomVerdict(project.list<Symptom>(), project.list<Area>());
}

AreaEvidence areaEvidence(const Project& project, Id area) {
    const SymptomVerdict v = symptomVerdict(project);
    for (const auto& e : v.areas)
        if (e.area == area)
            return e;
    AreaEvidence none;
    none.area = area;
    if (auto a = project.get<Area>(area)) {
        none.key = a->key;
        none.title = a->title;
    }
    return none;
}

bool setSymptomObserved(Project& project, Id id, bool observed, const std::string* evidence) {
    auto s = project.get<Symptom>(id);
    if (!s)
        throw Error(project.path(), "symptom #" + std::to_string(id),
                    "expected an existing symptom, found none");
    const bool evidenceChanges = evidence && *evidence != s->evidence;
    if (s->observed == observed && !evidenceChanges)
        return false;
    std::string text;
    if (s->observed != observed)
        text = (observed ? "Observe sign: " : "Clear sign: ") + s->text;
    else
        text = "Evidence for sign: " + s->text;
    s->observed = observed;
    if (evidence)
        s->evidence = *evidence;
    project.save(*s, QString::fromStdString(text));
    return true;
}

json symptomVerdictJson(const SymptomVerdict& v) {
    json present = json::array();
    std::map<Id, std::string> areaKeys;
    for (const auto& e : v.areas)
        areaKeys[e.area] = e.key;
    for (const auto& s : v.present) {
        json areas = json::array();
        for (Id a : s.areas)
            if (auto it = areaKeys.find(a); it != areaKeys.end())
                areas.push_back(it->second);
        present.push_back({{"key", s.key}, {"text", s.text}, {"evidence", s.evidence}, {"areas", areas}});
    }
    std::map<Id, std::string> symptomKeys;
    for (const auto& s : v.present)
        symptomKeys[s.id] = s.key;
    json areas = json::array();
    for (const auto& e : v.areas) {
        json signs = json::array();
        for (Id s : e.symptoms)
            signs.push_back(symptomKeys[s]);
        areas.push_back({{"key", e.key}, {"title", e.title}, {"signs", signs}});
    }
    return {{"observed", v.observed}, {"total", v.total},
            {"outgrown", v.outgrown}, {"threshold", kOutgrownThreshold},
            {"summary", v.summary},   {"present", present},
            {"areas", areas}};
}

std::string symptomVerdictText(const SymptomVerdict& v) {
    if (v.observed == 0)
        return {}; // nothing ticked: nothing to report (the JSON still says 0 of N)
    std::string text = "symptoms: " + v.summary + "\n";
    std::map<Id, std::string> areaTitles;
    for (const auto& e : v.areas)
        areaTitles[e.area] = e.title;
    for (const auto& s : v.present) {
        text += "  [x] " + s.text;
        std::string areas;
        for (Id a : s.areas)
            if (auto it = areaTitles.find(a); it != areaTitles.end())
                areas += (areas.empty() ? "" : ", ") + it->second;
        if (!areas.empty())
            text += " -> " + areas;
        if (!s.evidence.empty())
            text += " (evidence: " + s.evidence + ")";
        text += "\n";
    }
    return text;
}

} // namespace terrain
