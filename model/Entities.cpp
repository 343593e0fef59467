#include "Entities.h"

#include <algorithm>

namespace terrain {

namespace {

// Reads `name` into `out` when present and not null; absent members keep their defaults.
template <class T> void opt(const json& j, const char* name, T& out) {
    if (auto it = j.find(name); it != j.end() && !it->is_null())
        it->get_to(out);
}

template <class T> void opt(const json& j, const char* name, std::optional<T>& out) {
    if (auto it = j.find(name); it != j.end() && !it->is_null())
        out = it->get<T>();
    else
        out.reset();
}

template <class T> json nullable(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}

} // namespace

void to_json(json& j, const System& v) {
    j = json{{"id", v.id},
             {"key", v.key},
             {"name", v.name},
             {"kind", v.kind},
             {"provider", v.provider},
             {"environment", v.environment},
             {"owner", v.owner},
             {"lifecycle", v.lifecycle},
             {"criticality", v.criticality},
             {"address", v.address},
             {"group", v.group},
             {"notes", v.notes},
             {"tags", v.tags},
             {"attributes", v.attributes},
             {"sources", v.sources},
             {"origin", v.origin},
             {"status", v.status},
             {"first_seen", v.firstSeen},
             {"last_seen", v.lastSeen},
             {"scopes", v.scopes},
             {"identifiers", v.identifiers},
             {"discovered", v.discovered}};
}

void from_json(const json& j, System& v) {
    opt(j, "id", v.id);
    opt(j, "key", v.key);
    opt(j, "name", v.name);
    opt(j, "kind", v.kind);
    opt(j, "provider", v.provider);
    opt(j, "environment", v.environment);
    opt(j, "owner", v.owner);
    opt(j, "lifecycle", v.lifecycle);
    opt(j, "criticality", v.criticality);
    opt(j, "address", v.address);
    opt(j, "group", v.group);
    opt(j, "notes", v.notes);
    opt(j, "tags", v.tags);
    opt(j, "attributes", v.attributes);
    opt(j, "sources", v.sources);
    opt(j, "origin", v.origin);
    opt(j, "status", v.status);
    opt(j, "first_seen", v.firstSeen);
    opt(j, "last_seen", v.lastSeen);
    opt(j, "scopes", v.scopes);
    opt(j, "identifiers", v.identifiers);
    opt(j, "discovered", v.discovered);
}

void to_json(json& j, const Dependency& v) {
    j = json{{"id", v.id},         {"from", v.from},         {"to", v.to},        {"kind", v.kind},
             {"origin", v.origin}, {"evidence", v.evidence}, {"scopes", v.scopes}};
}

void from_json(const json& j, Dependency& v) {
    opt(j, "id", v.id);
    opt(j, "from", v.from);
    opt(j, "to", v.to);
    opt(j, "kind", v.kind);
    opt(j, "origin", v.origin);
    opt(j, "evidence", v.evidence);
    opt(j, "scopes", v.scopes);
}

void to_json(json& j, const ImportRun& v) {
    j = json{{"id", v.id},       {"file", v.file},       {"format", v.format},
             {"scope", v.scope}, {"path", v.path},       {"content_hash", v.contentHash},
             {"time", v.time},   {"added", v.added},     {"updated", v.updated},
             {"gone", v.gone},   {"skipped", v.skipped}, {"warnings", v.warnings}};
}

void from_json(const json& j, ImportRun& v) {
    opt(j, "id", v.id);
    opt(j, "file", v.file);
    opt(j, "format", v.format);
    opt(j, "scope", v.scope);
    opt(j, "path", v.path);
    opt(j, "content_hash", v.contentHash);
    opt(j, "time", v.time);
    opt(j, "added", v.added);
    opt(j, "updated", v.updated);
    opt(j, "gone", v.gone);
    opt(j, "skipped", v.skipped);
    opt(j, "warnings", v.warnings);
}

void to_json(json& j, const Area& v) {
    j = json{{"id", v.id},
             {"key", v.key},
             {"title", v.title},
             {"description", v.description},
             {"maturity_now", v.maturityNow},
             {"maturity_target", v.maturityTarget},
             {"status", v.status},
             {"owner", v.owner},
             {"notes", v.notes},
             {"systems", v.systems}};
}

void from_json(const json& j, Area& v) {
    opt(j, "id", v.id);
    opt(j, "key", v.key);
    opt(j, "title", v.title);
    opt(j, "description", v.description);
    opt(j, "maturity_now", v.maturityNow);
    opt(j, "maturity_target", v.maturityTarget);
    opt(j, "status", v.status);
    opt(j, "owner", v.owner);
    opt(j, "notes", v.notes);
    opt(j, "systems", v.systems);
}

void to_json(json& j, const SuccessCriterion& v) {
    j = json{{"metric", v.metric}, {"baseline", v.baseline}, {"target", v.target}, {"unit", v.unit}};
}

void from_json(const json& j, SuccessCriterion& v) {
    opt(j, "metric", v.metric);
    opt(j, "baseline", v.baseline);
    opt(j, "target", v.target);
    opt(j, "unit", v.unit);
}

void to_json(json& j, const Initiative& v) {
    j = json{{"id", v.id},
             {"key", v.key},
             {"title", v.title},
             {"area", nullable(v.area)},
             {"description", v.description},
             {"value", v.value},
             {"urgency", v.urgency},
             {"risk_reduction", v.riskReduction},
             {"risk_reduction_auto", v.riskReductionAuto},
             {"effort", v.effort},
             {"confidence", v.confidence},
             {"votes", v.votes},
             {"phase", v.phase},
             {"status", v.status},
             {"owner", v.owner},
             {"manual_rank", nullable(v.manualRank)},
             {"manual_rank_reason", v.manualRankReason},
             {"criteria", v.criteria},
             {"prerequisites", v.prerequisites},
             {"systems", v.systems},
             {"risks", v.risks}};
}

void from_json(const json& j, Initiative& v) {
    opt(j, "id", v.id);
    opt(j, "key", v.key);
    opt(j, "title", v.title);
    opt(j, "area", v.area);
    opt(j, "description", v.description);
    opt(j, "value", v.value);
    opt(j, "urgency", v.urgency);
    opt(j, "risk_reduction", v.riskReduction);
    opt(j, "risk_reduction_auto", v.riskReductionAuto);
    opt(j, "effort", v.effort);
    opt(j, "confidence", v.confidence);
    opt(j, "votes", v.votes);
    opt(j, "phase", v.phase);
    opt(j, "status", v.status);
    opt(j, "owner", v.owner);
    opt(j, "manual_rank", v.manualRank);
    opt(j, "manual_rank_reason", v.manualRankReason);
    opt(j, "criteria", v.criteria);
    opt(j, "prerequisites", v.prerequisites);
    opt(j, "systems", v.systems);
    opt(j, "risks", v.risks);
}

void to_json(json& j, const Risk& v) {
    j = json{{"id", v.id},
             {"key", v.key},
             {"title", v.title},
             {"description", v.description},
             {"likelihood", v.likelihood},
             {"impact", v.impact},
             {"area", nullable(v.area)},
             {"mitigation", v.mitigation},
             {"status", v.status},
             {"owner", v.owner},
             {"systems", v.systems}};
}

void from_json(const json& j, Risk& v) {
    opt(j, "id", v.id);
    opt(j, "key", v.key);
    opt(j, "title", v.title);
    opt(j, "description", v.description);
    opt(j, "likelihood", v.likelihood);
    opt(j, "impact", v.impact);
    opt(j, "area", v.area);
    opt(j, "mitigation", v.mitigation);
    opt(j, "status", v.status);
    opt(j, "owner", v.owner);
    opt(j, "systems", v.systems);
}

void to_json(json& j, const DecisionOption& v) {
    j = json{{"title", v.title}, {"description", v.description}, {"pros", v.pros}, {"cons", v.cons}};
}

void from_json(const json& j, DecisionOption& v) {
    opt(j, "title", v.title);
    opt(j, "description", v.description);
    opt(j, "pros", v.pros);
    opt(j, "cons", v.cons);
}

void to_json(json& j, const Decision& v) {
    j = json{{"id", v.id},
             {"number", v.number},
             {"title", v.title},
             {"status", v.status},
             {"date", v.date},
             {"deciders", v.deciders},
             {"context", v.context},
             {"options", v.options},
             {"outcome", v.outcome},
             {"consequences", v.consequences},
             {"supersedes", nullable(v.supersedes)},
             {"amends", v.amends},
             {"initiatives", v.initiatives},
             {"risks", v.risks},
             {"areas", v.areas},
             {"systems", v.systems}};
}

void from_json(const json& j, Decision& v) {
    opt(j, "id", v.id);
    opt(j, "number", v.number);
    opt(j, "title", v.title);
    opt(j, "status", v.status);
    opt(j, "date", v.date);
    opt(j, "deciders", v.deciders);
    opt(j, "context", v.context);
    opt(j, "options", v.options);
    opt(j, "outcome", v.outcome);
    opt(j, "consequences", v.consequences);
    opt(j, "supersedes", v.supersedes);
    opt(j, "amends", v.amends);
    opt(j, "initiatives", v.initiatives);
    opt(j, "risks", v.risks);
    opt(j, "areas", v.areas);
    opt(j, "systems", v.systems);
}

void to_json(json& j, const Symptom& v) {
    j = json{{"id", v.id},
             {"key", v.key},
             {"text", v.text},
             {"observed", v.observed},
             {"evidence", v.evidence},
             {"areas", v.areas}};
}

void from_json(const json& j, Symptom& v) {
    opt(j, "id", v.id);
    opt(j, "key", v.key);
    opt(j, "text", v.text);
    opt(j, "observed", v.observed);
    opt(j, "evidence", v.evidence);
    opt(j, "areas", v.areas);
}

void to_json(json& j, const MigrationStage& v) {
    j = json{{"name", v.name}, {"traffic_share", v.trafficShare}, {"done", v.done}, {"date", v.date}};
}

void from_json(const json& j, MigrationStage& v) {
    opt(j, "name", v.name);
    opt(j, "traffic_share", v.trafficShare);
    opt(j, "done", v.done);
    opt(j, "date", v.date);
}

void to_json(json& j, const Migration& v) {
    j = json{{"id", v.id},
             {"key", v.key},
             {"title", v.title},
             {"legacy", nullable(v.legacy)},
             {"replacement", nullable(v.replacement)},
             {"stages", v.stages},
             {"fallback_ready", v.fallbackReady},
             {"decommission_date", v.decommissionDate},
             {"criteria", v.criteria},
             {"notes", v.notes}};
}

void from_json(const json& j, Migration& v) {
    opt(j, "id", v.id);
    opt(j, "key", v.key);
    opt(j, "title", v.title);
    opt(j, "legacy", v.legacy);
    opt(j, "replacement", v.replacement);
    opt(j, "stages", v.stages);
    opt(j, "fallback_ready", v.fallbackReady);
    opt(j, "decommission_date", v.decommissionDate);
    opt(j, "criteria", v.criteria);
    opt(j, "notes", v.notes);
}

const std::vector<std::string>& systemKinds() {
    static const std::vector<std::string> v = {
        "service", "database",      "cache",  "queue",    "storage",      "network",
        "compute", "load-balancer", "dns",    "function", "secret-store", "monitoring",
        "ci-cd",   "script",        "person", "saas",     "external",     "other"};
    return v;
}

const std::vector<std::string>& dependencyKinds() {
    static const std::vector<std::string> v = {"calls",    "reads",         "writes",     "reads-writes",
                                               "runs-on",  "configured-by", "deploys-to", "monitors",
                                               "contains", "routes-to",     "depends-on"};
    return v;
}

const std::vector<std::string>& lifecycles() {
    static const std::vector<std::string> v = {"keep", "modernise", "replace", "retire"};
    return v;
}

const std::vector<std::string>& criticalities() {
    static const std::vector<std::string> v = {"low", "medium", "high", "critical"};
    return v;
}

const std::vector<std::string>& environments() {
    static const std::vector<std::string> v = {"production", "staging", "development", "shared"};
    return v;
}

const std::vector<std::string>& areaStatuses() {
    static const std::vector<std::string> v = {"open", "in-progress", "done", "parked"};
    return v;
}

const std::vector<std::string>& initiativeStatuses() {
    static const std::vector<std::string> v = {"proposed", "planned", "in-progress", "done", "dropped"};
    return v;
}

const std::vector<std::string>& phases() {
    static const std::vector<std::string> v = {"now", "next", "later"};
    return v;
}

const std::vector<std::string>& riskStatuses() {
    static const std::vector<std::string> v = {"open", "mitigating", "accepted", "closed"};
    return v;
}

const std::vector<std::string>& decisionStatuses() {
    static const std::vector<std::string> v = {"proposed", "accepted", "rejected", "deprecated",
                                               "superseded"};
    return v;
}

const std::vector<std::string>& maturityScale() {
    static const std::vector<std::string> v = {"1 Ad hoc", "2 Repeatable", "3 Defined", "4 Managed",
                                               "5 Optimised"};
    return v;
}

bool isPlaceholderTag(const std::string& tag) {
    return tag == "managed-elsewhere" || tag == "external";
}

bool isPlaceholder(const System& s) {
    return std::any_of(s.tags.begin(), s.tags.end(), isPlaceholderTag);
}

std::string kindName(EntityKind k) {
    switch (k) {
    case EntityKind::System:
        return "system";
    case EntityKind::Dependency:
        return "dependency";
    case EntityKind::Import:
        return "import";
    case EntityKind::Area:
        return "area";
    case EntityKind::Initiative:
        return "initiative";
    case EntityKind::Risk:
        return "risk";
    case EntityKind::Decision:
        return "decision";
    case EntityKind::Symptom:
        return "symptom";
    case EntityKind::Migration:
        return "migration";
    }
    return "unknown";
}

} // namespace terrain
