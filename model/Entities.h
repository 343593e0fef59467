#pragma once
// The concepts of a Terrain map (DESIGN section 2) as plain values.
//
// Every entity converts to and from a JSON object whose member names are the column names of its
// table in the .terrain file (see EntitySpec.h). Relations to other entities are lists of row ids
// in memory; the canonical map JSON (MapJson.h) writes them as the other entities' keys.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace terrain {

using Id = std::int64_t;
using json = nlohmann::ordered_json;

enum class EntityKind { System, Dependency, Import, Area, Initiative, Risk, Decision, Symptom, Migration };
inline constexpr EntityKind kAllKinds[] = {
    EntityKind::System,   EntityKind::Dependency, EntityKind::Import,
    EntityKind::Area,     EntityKind::Initiative, EntityKind::Risk,
    EntityKind::Decision, EntityKind::Symptom,    EntityKind::Migration};

/// A node of the map: something that runs, or a person or process the infrastructure relies on.
struct System {
    static constexpr EntityKind kKind = EntityKind::System;
    Id id = 0;
    std::string key; ///< stable identity: "tf:module.db.aws_db_instance.main", "manual:<uuid>", ...
    std::string name;
    std::string kind;        ///< one of systemKinds()
    std::string provider;    ///< aws, gcp, hetzner, kubernetes, self-hosted, saas, person, ...
    std::string environment; ///< production, staging, ...
    std::string owner;       ///< a team or a person
    std::string lifecycle;   ///< one of lifecycles(): keep, modernise, replace, retire, or empty
    std::string criticality; ///< one of criticalities(): low, medium, high, critical, or empty
    std::string address;     ///< native address in its source (Terraform address, Kind/ns/name, CSV id)
    std::string group;       ///< module, namespace, compose project, stack: how its source groups it
    std::string notes;
    std::vector<std::string> tags;
    json attributes = json::object(); ///< safe, non-secret facts from the sources
    std::vector<std::string> sources; ///< formats it was seen in: tfstate, k8s, manual, ...
    std::string origin = "manual";    ///< manual | discovered
    std::string status = "present";   ///< present | gone (vanished from its source on re-import)
    std::string firstSeen;            ///< ISO date of the first import that saw it (empty for manual)
    std::string lastSeen;             ///< ISO date of the last import that saw it
    /// Import scopes that currently see it ("tfstate:<lineage>", "compose:<project>"): re-importing a
    /// scope marks a system gone when no scope sees it any more.
    std::vector<std::string> scopes;
    /// Other names of the same thing (cloud ids, ARNs, DNS names), by which sources join up.
    std::vector<std::string> identifiers;
    /// What each format's importer last said of the fields a person may also edit, per format:
    /// {"tfstate": {"name": ..., "kind": ...}}. A re-import changes a field only while it still equals
    /// the best-ranked format's value, so a person's
    /// edit is never overwritten. Under "facts", the attributes that another file gave as facts about it
    /// (monitored_by): a re-import of its own sources keeps them.
    json discovered = json::object();

    bool operator==(const System&) const = default;
};

/// The tags an import gives a system that stands for something defined elsewhere: a Terraform data source
/// or another catalog's entity ("managed-elsewhere"), a host that no file defines ("external").
bool isPlaceholderTag(const std::string& tag);
/// Whether a system stands for something defined elsewhere (one of its tags isPlaceholderTag()).
bool isPlaceholder(const System& s);

/// A directed edge: `from` depends on `to`.
struct Dependency {
    static constexpr EntityKind kKind = EntityKind::Dependency;
    Id id = 0;
    Id from = 0;
    Id to = 0;
    std::string kind = "calls"; ///< one of dependencyKinds()
    std::string origin = "manual";
    std::string evidence; ///< why we believe it: "depends_on in compose.yaml", "env DATABASE_HOST", ...
    std::vector<std::string> scopes; ///< import scopes that found it (empty for manual edges)

    bool operator==(const Dependency&) const = default;
};

/// One run of an importer.
struct ImportRun {
    static constexpr EntityKind kKind = EntityKind::Import;
    Id id = 0;
    std::string file;
    std::string format;
    /// What a re-import of the file replaces (Discovery::scope), and the file's canonical path: a folder's
    /// re-import finds a source whose scope names no path (a Terraform state's lineage) by the path its
    /// last run read it from. Both "" in a map written before schema version 6, and for a map's import.
    std::string scope;
    std::string path;
    std::string contentHash; ///< sha256 of the imported bytes
    std::string time;        ///< ISO 8601, UTC
    int added = 0;
    int updated = 0;
    int gone = 0;
    int skipped = 0;
    std::vector<std::string> warnings;
};

/// An improvement area (release process, cloud cost, ...).
struct Area {
    static constexpr EntityKind kKind = EntityKind::Area;
    Id id = 0;
    std::string key; ///< "release", "cost", ... or "custom-<slug>"
    std::string title;
    std::string description;
    int maturityNow = 0;         ///< 0 = not assessed, 1..5 on maturityScale()
    int maturityTarget = 0;      ///< 0 = not set
    std::string status = "open"; ///< open | in-progress | done | parked
    std::string owner;
    std::string notes;
    std::vector<Id> systems;
};

/// A measurable success criterion, defined before work starts.
struct SuccessCriterion {
    std::string metric;
    std::string baseline;
    std::string target;
    std::string unit;
    bool operator==(const SuccessCriterion&) const = default;
};

/// A unit of roadmap work inside an area.
struct Initiative {
    static constexpr EntityKind kKind = EntityKind::Initiative;
    Id id = 0;
    std::string key; ///< "I-12"
    std::string title;
    std::optional<Id> area;
    std::string description;
    int value = 0;         ///< 0..10
    int urgency = 0;       ///< 0..10
    int riskReduction = 0; ///< 0..10, or derived from linked risks when riskReductionAuto
    bool riskReductionAuto = true;
    int effort = 0;                  ///< person-weeks
    int confidence = 100;            ///< percent
    int votes = 0;                   ///< dot votes from a workshop
    std::string phase;               ///< now | next | later | empty (ranked)
    std::string status = "proposed"; ///< proposed | planned | in-progress | done | dropped
    std::string owner;
    std::optional<int> manualRank;
    std::string manualRankReason;
    std::vector<SuccessCriterion> criteria;
    std::vector<Id> prerequisites; ///< initiatives that must come first
    std::vector<Id> systems;
    std::vector<Id> risks; ///< risks this initiative mitigates
};

/// An entry of the risk register.
struct Risk {
    static constexpr EntityKind kKind = EntityKind::Risk;
    Id id = 0;
    std::string key; ///< "R-3"
    std::string title;
    std::string description;
    int likelihood = 3; ///< 1..5
    int impact = 3;     ///< 1..5
    std::optional<Id> area;
    std::string mitigation;
    std::string status = "open"; ///< open | mitigating | accepted | closed
    std::string owner;
    std::vector<Id> systems;
};

/// One option considered in a decision.
struct DecisionOption {
    std::string title;
    std::string description;
    std::vector<std::string> pros;
    std::vector<std::string> cons;
    bool operator==(const DecisionOption&) const = default;
};

/// An architecture decision record.
struct Decision {
    static constexpr EntityKind kKind = EntityKind::Decision;
    Id id = 0;
    int number = 0; ///< unique in the map; the key is "ADR-<number>"
    std::string title;
    std::string status = "proposed"; ///< proposed | accepted | rejected | deprecated | superseded
    std::string date;                ///< YYYY-MM-DD
    std::vector<std::string> deciders;
    std::string context;
    std::vector<DecisionOption> options;
    std::string outcome; ///< the decision itself
    std::string consequences;
    std::optional<Id> supersedes; ///< the decision this one replaces
    std::vector<Id> amends;       ///< decisions this one amends (changes without replacing them)
    std::vector<Id> initiatives;
    std::vector<Id> risks;
    std::vector<Id> areas;
    std::vector<Id> systems;
};

/// A sign from the "outgrown your infrastructure" checklist.
struct Symptom {
    static constexpr EntityKind kKind = EntityKind::Symptom;
    Id id = 0;
    std::string key; ///< "slow-deploys", ...
    std::string text;
    bool observed = false;
    std::string evidence;
    std::vector<Id> areas;
};

/// One step of a strangler-fig migration.
struct MigrationStage {
    std::string name;
    int trafficShare = 0; ///< percent of traffic on the replacement
    bool done = false;
    std::string date; ///< planned or actual, YYYY-MM-DD
    bool operator==(const MigrationStage&) const = default;
};

/// A strangler-fig track from a legacy system to its replacement.
struct Migration {
    static constexpr EntityKind kKind = EntityKind::Migration;
    Id id = 0;
    std::string key; ///< "M-1"
    std::string title;
    std::optional<Id> legacy;
    std::optional<Id> replacement;
    std::vector<MigrationStage> stages;
    bool fallbackReady = false;
    std::string decommissionDate;
    std::vector<SuccessCriterion> criteria;
    std::string notes;
};

// JSON conversion: member names are the column names (snake_case). Defined in Entities.cpp.
void to_json(json& j, const System& v);
void from_json(const json& j, System& v);
void to_json(json& j, const Dependency& v);
void from_json(const json& j, Dependency& v);
void to_json(json& j, const ImportRun& v);
void from_json(const json& j, ImportRun& v);
void to_json(json& j, const Area& v);
void from_json(const json& j, Area& v);
void to_json(json& j, const SuccessCriterion& v);
void from_json(const json& j, SuccessCriterion& v);
void to_json(json& j, const Initiative& v);
void from_json(const json& j, Initiative& v);
void to_json(json& j, const Risk& v);
void from_json(const json& j, Risk& v);
void to_json(json& j, const DecisionOption& v);
void from_json(const json& j, DecisionOption& v);
void to_json(json& j, const Decision& v);
void from_json(const json& j, Decision& v);
void to_json(json& j, const Symptom& v);
void from_json(const json& j, Symptom& v);
void to_json(json& j, const MigrationStage& v);
void from_json(const json& j, MigrationStage& v);
void to_json(json& j, const Migration& v);
void from_json(const json& j, Migration& v);

// The closed vocabularies, in display order.
const std::vector<std::string>& systemKinds();
const std::vector<std::string>& dependencyKinds();
const std::vector<std::string>& lifecycles();
const std::vector<std::string>& criticalities();
const std::vector<std::string>& environments(); ///< the usual ones; any other text is allowed too
const std::vector<std::string>& areaStatuses();
const std::vector<std::string>& initiativeStatuses();
const std::vector<std::string>& phases();
const std::vector<std::string>& riskStatuses();
const std::vector<std::string>& decisionStatuses();
/// The maturity scale 1..5: "1 Ad hoc", "2 Repeatable", "3 Defined", "4 Managed", "5 Optimised".
const std::vector<std::string>& maturityScale();

std::string kindName(EntityKind k); ///< "system", "dependency", ...

} // namespace terrain
