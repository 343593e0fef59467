#include "Migrations.h"

#include "Error.h"
#include "Project.h"

#include <cctype>

namespace terrain {

namespace {

bool isIsoDate(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (!std::isdigit(static_cast<unsigned char>(s[i])))
            return false;
    const int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

} // namespace

std::vector<MigrationStage> defaultMigrationStages() {
    return {{"Canary", 5, false, ""}, {"Ramp up", 25, false, ""}, {"All traffic", 100, false, ""}};
}

int currentTrafficShare(const Migration& m) {
    int share = 0;
    for (const auto& s : m.stages)
        if (s.done)
            share = s.trafficShare;
    return share;
}

std::optional<size_t> nextStageIndex(const Migration& m) {
    for (size_t i = 0; i < m.stages.size(); ++i)
        if (!m.stages[i].done)
            return i;
    return std::nullopt;
}

std::string migrationProgress(const Migration& m) {
    if (m.stages.empty())
        return "no stages yet";
    size_t done = 0;
    for (const auto& s : m.stages)
        if (s.done)
            ++done;
    const int share = currentTrafficShare(m);
    if (done == 0)
        return "not started";
    if (done == m.stages.size())
        return "complete: " + std::to_string(share) + " %";
    size_t last = 0;
    for (size_t i = 0; i < m.stages.size(); ++i)
        if (m.stages[i].done)
            last = i;
    std::string text = std::to_string(share) + " % (stage " + std::to_string(last + 1) + " of " +
                       std::to_string(m.stages.size());
    if (!m.stages[last].name.empty())
        text += ": " + m.stages[last].name;
    return text + ")";
}

std::vector<std::string> migrationProblems(const Migration& m) {
    std::vector<std::string> out;
    if (m.legacy && m.replacement && *m.legacy == *m.replacement)
        out.push_back("replacement: expected a system other than the legacy one");
    int previous = 0;
    bool notDoneSeen = false;
    for (size_t i = 0; i < m.stages.size(); ++i) {
        const auto& s = m.stages[i];
        const std::string where =
            "stages/" + std::to_string(i) + " (" + (s.name.empty() ? "unnamed" : s.name) + ")";
        if (s.trafficShare < 0 || s.trafficShare > 100)
            out.push_back(where + ": expected a traffic share of 0 to 100 %, found " +
                          std::to_string(s.trafficShare));
        else if (s.trafficShare < previous)
            out.push_back(where + ": expected a traffic share of at least " + std::to_string(previous) +
                          " % (the stage before), found " + std::to_string(s.trafficShare));
        previous = std::max(previous, s.trafficShare);
        if (!s.date.empty() && !isIsoDate(s.date))
            out.push_back(where + ": expected a date as YYYY-MM-DD, found \"" + s.date + "\"");
        if (s.done && notDoneSeen)
            out.push_back(where + ": expected the stages before it to be done first");
        if (!s.done)
            notDoneSeen = true;
    }
    if (!m.decommissionDate.empty()) {
        if (!isIsoDate(m.decommissionDate))
            out.push_back("decommission_date: expected a date as YYYY-MM-DD, found \"" + m.decommissionDate +
                          "\"");
        else
            for (const auto& s : m.stages)
                if (isIsoDate(s.date) && s.date > m.decommissionDate)
                    out.push_back("decommission_date: expected it after every stage, but stage \"" + s.name +
                                  "\" is planned for " + s.date);
    }
    for (size_t i = 0; i < m.criteria.size(); ++i) {
        const auto& c = m.criteria[i];
        if (c.metric.empty() || c.target.empty())
            out.push_back("criteria/" + std::to_string(i) + ": expected a metric and a target");
    }
    return out;
}

Id saveMigration(Project& project, const Migration& m, const std::string& editText) {
    const auto problems = migrationProblems(m);
    const std::string name =
        m.key.empty() ? (m.title.empty() ? std::string("new migration") : m.title) : m.key;
    if (!problems.empty()) {
        std::string all;
        for (const auto& p : problems)
            all += (all.empty() ? "" : "; ") + p;
        throw Error(project.path(), "migration " + name, all);
    }
    if (m.id == 0)
        return project.add(m, QString::fromStdString(editText.empty() ? "Add migration " + name : editText));
    if (!project.get<Migration>(m.id))
        throw Error(project.path(), "migration #" + std::to_string(m.id),
                    "expected an existing migration, found none");
    project.save(m, QString::fromStdString(editText.empty() ? "Edit migration " + name : editText));
    return m.id;
}

} // namespace terrain
