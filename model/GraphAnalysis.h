#pragma once
// What the map says about risk, beyond the structural checks of Analysis.h: blast radius (everything
// that depends on a system, directly and transitively), single points of failure ranked by blast
// radius, systems only runtime sources know of, hosts reached by hand, systems nobody monitors, and
// the parity of two environments. Shown by the Analysis panel and by `terrain check`.
//
// Everything works on a MapGraph, a snapshot of the present systems and their dependencies taken
// once, so the analysis can run off the GUI thread. Every algorithm is iterative and linear (or a
// small multiple of linear) in the size of the map: fine at 100,000 systems.

#include "Entities.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace terrain {

class Project;

/// The present systems (gone ones left out) in key order, and the dependencies between them.
struct MapGraph {
    struct Edge {
        int from = 0; ///< depends on `to`
        int to = 0;
        std::string kind;
    };
    std::vector<System> systems;
    std::vector<Edge> edges;           ///< in (from, to, kind) order; no edge to or from a gone system
    std::vector<std::vector<int>> out; ///< what each system depends on (sorted, no duplicates)
    std::vector<std::vector<int>> in;  ///< what depends on each system (sorted, no duplicates)

    static MapGraph fromProject(const Project& project);
    static MapGraph fromLists(std::vector<System> systems, const std::vector<Dependency>& dependencies);

    int size() const { return static_cast<int>(systems.size()); }
    int indexOf(Id id) const;                     ///< -1 if absent (or gone)
    int indexOfKey(const std::string& key) const; ///< -1 if absent (or gone)
    const System& at(int i) const { return systems[static_cast<size_t>(i)]; }

private:
    std::unordered_map<Id, int> m_byId;
};

/// Dependency kinds along which a failure does not travel: a monitor does not break when what it
/// watches breaks, it reports it.
bool failurePropagates(const std::string& dependencyKind);

/// Everything that depends on one system.
struct BlastRadius {
    int system = -1;
    std::vector<int> direct; ///< systems that depend on it directly, in key order
    std::vector<int>
        transitive;         ///< every system that depends on it, directly or not: nearest first, then key
    std::vector<int> depth; ///< for each of `transitive`, how many steps away (1 = direct)
};
BlastRadius blastRadius(const MapGraph& graph, int system);

/// A single point of failure: a cut vertex that others depend on, or a system with high fan-in.
struct SinglePointOfFailure {
    int system = -1;
    int blastRadius = 0;      ///< every system that depends on it, directly or transitively
    int directDependents = 0; ///< those that depend on it directly
    bool articulationPoint = false;
    bool highFanIn = false;
};
/// How many copies of a system its facts say run at least: replicas (an autoscaler's minimum), an
/// autoscaling group's min_size, a Multi-AZ database's two; 1 where they say nothing.
int knownCopies(const System& s);
/// Ranked: largest blast radius first, then most direct dependents, then key. A system known to run in
/// more than one copy (knownCopies()) is none.
std::vector<SinglePointOfFailure> singlePointsOfFailure(const MapGraph& graph);
/// The fan-in from which a system counts as a single point of failure on its own: max(5, 10 %).
int highFanInThreshold(const MapGraph& graph);
/// Blast radius counts of many systems at once (exact; bit-parallel over the graph's strongly
/// connected components, 64 systems per pass).
std::vector<int> blastRadiusCounts(const MapGraph& graph, const std::vector<int>& systems);

/// A system flagged by one of the checks below, with the reasons a person can verify.
struct FlaggedSystem {
    int system = -1;
    std::vector<std::string> reasons;
};

/// Formats of runtime sources and of infrastructure-as-code sources.
const std::vector<std::string>& runtimeSources();
const std::vector<std::string>& iacSources();
/// Systems seen by a runtime source (k8s, compose, awscli, csv) and by no IaC source (tfstate, tfjson,
/// tfgraph, cfn): they were made by hand or by a tool nobody reviews. Most critical first.
std::vector<FlaggedSystem> runtimeOnlySystems(const MapGraph& graph);
/// Systems reached by hand: SSH bastions and hosts, scripts run from a laptop, and the hosts those
/// scripts and bastions reach. Reasons name the tag, attribute, name or dependency that says so.
std::vector<FlaggedSystem> handReachedSystems(const MapGraph& graph);
/// Systems nobody monitors: no `monitored_by` fact (Prometheus) and no "monitors" dependency onto
/// them. People are left out. Most critical first.
std::vector<FlaggedSystem> unmonitoredSystems(const MapGraph& graph);
/// Kubernetes Services that route nowhere: a selector (the "selector.<label>" facts an import keeps) that
/// no present workload of the map meets, so no "routes-to" dependency leaves them. A label mistyped, a
/// workload renamed, or one only an operator makes, which no imported file defines. Most critical first.
std::vector<FlaggedSystem> unroutedServices(const MapGraph& graph);
/// Systems that something depends on and that no imported source manages (tagged "managed-elsewhere": a
/// resource another Terraform configuration, stack or person made, which a value names by its id or ARN, a
/// data source, another state's output): import the source that manages it, or it was made by hand.
/// Reasons name up to three of what depends on it. Most critical first.
std::vector<FlaggedSystem> managedElsewhereSystems(const MapGraph& graph);
/// The owner of each of `systems`: its own, else the nearest owner up the "contains" dependencies
/// (`contains`: container, contained, as indexes into `systems`): a Backstage component's owner owns the
/// Kubernetes objects labelled with its id, and its subcomponents; else "".
std::vector<std::string> owners(const std::vector<System>& systems,
                                const std::vector<std::pair<int, int>>& contains);

/// The owner a system without one of its own has through the nearest system that contains it (owners()),
/// and that system: for the inspector, which shows it.
struct InheritedOwner {
    std::string owner;
    Id through = 0;
};
std::optional<InheritedOwner> inheritedOwner(const Project& project, Id system);

/// Present systems without an owner, of their own or of a system that contains them (people left out),
/// most critical first.
std::vector<int> unownedSystems(const MapGraph& graph);
/// Groups of systems that depend on each other in a cycle, each in key order.
std::vector<std::vector<int>> dependencyCycles(const MapGraph& graph);

// ---- environment parity ----

/// The environments of the present systems with how many systems each has, by name.
std::vector<std::pair<std::string, int>> environments(const MapGraph& graph);
/// Environments holding what every other environment uses ("shared", "global", none): not compared.
bool isSharedEnvironment(const std::string& environment);
/// The words that name an environment: prod, staging, dev, qa, uat, sandbox... (lower case).
const std::vector<std::string>& environmentWords();
/// An environment as compared: production for prod, prd and live, staging for stage and stg, development
/// for dev; any other name as written, in lower case.
std::string environmentWord(const std::string& environment);
/// The environment a name in a path gives its systems (a Terraform workspace, a word of a file's name:
/// shop-prod.tfstate, docker-compose.prod.yml): production and staging for their synonyms (prod, stg...), any
/// other name as written (dev, qa, preprod, eu-prod), so that two workspaces stay two environments.
std::string environmentOfPathName(const std::string& name);
/// Whether systems in environments `a` and `b` are in two environments: both known, neither shared
/// (isSharedEnvironment()), and not two words for one (environmentWord()).
bool otherEnvironments(const std::string& a, const std::string& b);
/// Which two environments to compare when nobody says: production (or prod, live) against each other
/// environment that is not shared, in name order.
std::vector<std::pair<std::string, std::string>> defaultParityPairs(const MapGraph& graph);
/// A name or key with environment words (prod, staging, dev, ..., and `extra`) and punctuation taken
/// out: "prod-db" and "staging_db" both give "db".
std::string parityName(const std::string& text, const std::vector<std::string>& extra = {});

struct ParityDifference {
    std::string field; ///< "kind", "provider" or "attributes.<name>"
    std::string a;
    std::string b;
};
struct ParityMatch {
    int a = -1;
    int b = -1;
    std::string matchedBy; ///< "key", "name" or "kind and name"
    std::vector<ParityDifference> differences;
};
struct ParityReport {
    std::string a;
    std::string b;
    std::vector<int> onlyInA; ///< key order
    std::vector<int> onlyInB;
    std::vector<ParityMatch> matched; ///< in A's key order; those with differences are what differs
    int differing() const;
};
/// What exists in environment `a` and not in `b`, and the other way round, matched by key and then
/// by name with the environment taken out, then by kind and the first word of the name; and for the
/// systems that exist in both, how kind, provider and size and version attributes differ. The same
/// environment twice gives an empty report.
ParityReport environmentParity(const MapGraph& graph, const std::string& a, const std::string& b);

// ---- everything at once ----

struct GraphReport {
    std::vector<SinglePointOfFailure> spofs;
    std::vector<std::vector<int>> cycles;
    std::vector<int> unowned;
    std::vector<FlaggedSystem> runtimeOnly;
    std::vector<FlaggedSystem> handReached;
    std::vector<FlaggedSystem> unmonitored;
    std::vector<FlaggedSystem> unrouted;
    std::vector<FlaggedSystem> elsewhere; ///< managedElsewhereSystems()
    std::vector<ParityReport> parity;     ///< defaultParityPairs()
};
GraphReport analyseGraph(const MapGraph& graph);

/// "Name (key)", or the key alone when the name is empty or the key.
std::string systemLabel(const System& system);
/// The report as JSON sections for `terrain check --json`: single_points_of_failure, cycles, unowned,
/// runtime_only, hand_reached, unmonitored, unrouted, managed_elsewhere, parity. Systems are named by key and
/// name.
json graphReportJson(const MapGraph& graph, const GraphReport& report);
/// The report as readable text sections (each list cut after `maxRows` rows, with a count of the rest);
/// empty when there is nothing to say. Cycles and unowned systems are left to the findings.
std::string graphReportText(const MapGraph& graph, const GraphReport& report, size_t maxRows = 15);

} // namespace terrain
