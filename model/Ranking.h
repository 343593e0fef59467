#pragma once
// The ranking engine: initiatives in to a roadmap out (DESIGN section 1, step 4; issue 5).
//
// rank() is a pure function of a RankInput (plain copies of initiatives, risks and the settings), so
// the GUI can rank a modified copy for a what-if and diff the two results with compareRankings().
// It is deterministic: the same input (in any order) gives the same ranks, ties broken by key.
//
// 1. Score. One formula with switches, so every preset is a setting of the same knobs:
//
//        benefit = value×w_value + urgency×w_urgency + riskReduction×w_risk + votes'×w_votes
//        score   = benefit × reach [if useReach] × confidence/100 [if useConfidence]
//                          / max(effort, 1) [if divideByEffort]
//
//    value, urgency and riskReduction are 0..10; votes' scales the workshop dot votes onto 0..10
//    against the most-voted initiative of the input; reach is the number of linked systems, 1..10.
//
//    Risk reduction, when riskReductionAuto and the initiative mitigates risks that are not closed,
//    comes from their exposure (likelihood × impact, 1..25): 10 × Σ exposure / 25, at most 10, so
//    mitigating one worst-case risk (5×5) is worth a full 10. Without linked open risks the hand-set
//    value is used.
//
//    Presets (rankPresets()):
//    - wsjf (the default): Weighted Shortest Job First. Cost of delay = user/business value (value)
//      + time criticality (urgency) + risk reduction/opportunity enablement (riskReduction), all
//      weight 1; job size = effort in person-weeks.
//    - rice: Reach × Impact × Confidence / Effort. Reach = linked systems (how much of the estate it
//      touches, 1..10), Impact = (value + riskReduction) / 2, Confidence = confidence %, Effort =
//      effort in person-weeks. Urgency is not part of RICE (weight 0; set it to add time criticality).
//    - weighted: a plain weighted sum (value 0.35, urgency 0.3, risk reduction 0.25, votes 0.1) times
//      confidence, effort left to the capacity of the phases.
//    Changing any weight or switch makes the settings "custom".
//
// 2. Order. Prerequisites among the active initiatives form a graph. Its strongly connected components
//    (Tarjan, iterative) of more than one member (or a self-prerequisite) are cycles: each is reported
//    with its members and ranked as one block (its members together, by score then key), so the rest
//    is still ranked. Every initiative's effective score is the maximum of its own score and the
//    effective scores of everything it transitively unlocks: a prerequisite of something urgent
//    inherits that urgency and is pulled forward. The order is then a topological order of the
//    condensed graph, always taking the available block with the highest (effective score, own
//    score), ties by key: nothing is ever placed before its prerequisites.
//
//    Manual overrides: an initiative with a manual rank N is held back until place N and then placed
//    (its unplaced prerequisites first, pulled forward as needed). Its reason and the place its score
//    alone would give it are kept in its explanation.
//
// 3. Phases Now / Next / Later. An initiative whose phase was set by hand (or that is in progress) is
//    planned: it stays in its phase (when respectPlannedPhases) and uses that phase's capacity. The
//    others fill Now, then Next, then Later in rank order against the remaining capacity (person-weeks
//    of effort; capacity 0 means unlimited; an initiative larger than a whole empty phase still starts
//    in it). Beyond Later's capacity an initiative is left unscheduled (phase ""). Phases then respect
//    prerequisites too: a prerequisite of a planned initiative is pulled into its phase, and an
//    initiative is never in an earlier phase than its prerequisites. The final ranks run phase by phase
//    in the order above.
//
// Done and dropped initiatives are not ranked; they are listed in RankResult::excluded. A prerequisite
// that is done is satisfied; one that is dropped or missing is ignored, with a warning.

#include "Entities.h"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace terrain {

class Project;

struct RankWeights {
    double value = 1;
    double urgency = 1;
    double riskReduction = 1;
    double votes = 0;
    bool operator==(const RankWeights&) const = default;
};

struct RankSettings {
    std::string preset = "wsjf"; ///< a name of rankPresets(), or "custom"
    RankWeights weights;
    bool divideByEffort = true;
    bool useConfidence = false;
    bool useReach = false;
    /// Capacity of each phase in person-weeks; 0 = unlimited.
    double capacityNow = 30;
    double capacityNext = 30;
    double capacityLater = 0;
    /// Keep the phase set by hand on an initiative (and Now for one in progress).
    bool respectPlannedPhases = true;

    /// The settings of a preset (capacities and the planned-phase switch are defaults). Throws Error for
    /// an unknown name.
    static RankSettings fromPreset(const std::string& name);
    /// Takes the formula (weights and switches) of a preset, keeping capacities.
    void applyPreset(const std::string& name);
    /// The name of the preset whose formula equals this one's, or "custom".
    std::string matchingPreset() const;

    bool operator==(const RankSettings&) const = default;
};

void to_json(json& j, const RankSettings& s);
/// Reads what it knows and keeps defaults for the rest; throws Error naming the member on a wrong type
/// or a negative weight or capacity.
void from_json(const json& j, RankSettings& s);

struct RankPreset {
    std::string name; ///< "wsjf", "rice", "weighted"
    std::string title;
    std::string description;
};
const std::vector<RankPreset>& rankPresets();

/// Everything rank() looks at, as plain copies: change any of it for a what-if.
struct RankInput {
    std::vector<Initiative> initiatives;
    std::vector<Risk> risks; ///< the risks initiatives mitigate (others are ignored)
    RankSettings settings;
};

/// One factor of a score as it was computed: "value 8×1".
struct ScoreTerm {
    const char* name = ""; ///< "value", "urgency", "risk reduction", "votes" (static strings)
    double amount = 0;
    double weight = 0;
    std::string note; ///< "from R-1 2×5, ×10/25", "7 of 9" ...
};

/// Why an initiative is in its phase (section 3 of the comment above).
enum class PhaseReason {
    Planned,    ///< set by hand on the initiative
    InProgress, ///< in progress, so Now
    Fits,       ///< fits the remaining capacity of Now
    Full,       ///< the phase before it is full
    Oversize,   ///< larger than the whole (empty) phase: it starts there anyway
    Unlimited,  ///< the phase has no capacity limit
    PulledIn,   ///< a prerequisite of phaseBy, which is in this phase
    PushedBack, ///< after its prerequisite phaseBy, which is in this phase
    Beyond,     ///< beyond the capacity of Later: unscheduled
};

/// An open risk an initiative mitigates, as its risk reduction counted it.
struct RiskExposure {
    Id risk = 0;
    std::string_view key; ///< viewed in the result's text, like a RankedInitiative's
    int likelihood = 0;   ///< 1..5
    int impact = 0;       ///< 1..5
};

/// One initiative's place with its structured reasons. The reasons in words are built on demand from
/// them by explanation(), so ranking stays cheap however many initiatives there are.
///
/// Its text (key, title, phase, manual rank reason, status) is viewed, not owned: the RankResult it came
/// from keeps the words (RankResult::text, shared by copies of the result), so an entry is valid as long
/// as that result or a copy of it lives. Copy the text (std::string(r.key)) to keep it longer.
struct RankedInitiative {
    RankedInitiative() {} ///< each member as below (rank() makes 10,000s: not zeroed first)

    Id id = 0;
    std::string_view key;
    std::string_view title;
    int rank = 0;     ///< 1-based place; 0 when excluded
    int autoRank = 0; ///< the place by score and prerequisites alone (without manual ranks or phases)
    double score = 0; ///< its own score
    double effectiveScore = 0;         ///< max of its score and what it transitively unlocks
    std::optional<Id> pulledForwardBy; ///< the initiative whose higher score it inherited
    double value = 0;                  ///< the factors as scored: value and urgency 0..10,
    double urgency = 0;                ///< votes scaled to 0..10 against the most voted (see scoreTerms())
    double votes = 0;
    int votesCast = 0;
    int reach = 1;            ///< linked systems, 1..10 (a factor when the settings use reach)
    int confidence = 100;     ///< percent, 0..100 (a factor when the settings use confidence)
    double riskReduction = 0; ///< as used (derived or set by hand)
    bool riskReductionDerived = false;
    int risksBegin = 0; ///< the open risks it was derived from: RankResult::risksOf()
    int risksEnd = 0;
    int effort = 0;
    std::string_view phase;    ///< now | next | later | "" (beyond capacity, or excluded)
    bool phasePlanned = false; ///< kept from the initiative (set by hand or in progress)
    PhaseReason phaseReason = PhaseReason::Beyond;
    std::optional<Id> phaseBy; ///< the initiative it was pulled in by or pushed back after
    std::optional<int> manualRank;
    std::string_view manualRankReason;
    std::string_view status;
    /// Its active prerequisites (ranked before it) and the active initiatives that list it as one, as
    /// ranges of RankResult::links: read them with RankResult::prerequisitesOf() and unlocksOf().
    int prerequisitesBegin = 0;
    int prerequisitesEnd = 0;
    int unlocksBegin = 0;
    int unlocksEnd = 0;
    int cycle = -1; ///< index of its prerequisite cycle in RankResult::cycles, or -1
};

struct RankCycle {
    std::vector<Id> members;       ///< sorted by key
    std::vector<std::string> keys; ///< the same, as keys
    std::string message; ///< "prerequisite cycle: I-3 → I-7 → I-3" (a long one shortened with "...")
};

struct PhaseLoad {
    std::string phase;
    double capacity = 0; ///< 0 = unlimited
    double used = 0;     ///< person-weeks of the initiatives in it
    int count = 0;
};

/// Initiative ids to their places in a RankResult (ranked, then excluded): a table indexed by id when the
/// ids are dense (as a map's are), an open-addressing hash table otherwise.
class RankIndex {
public:
    RankIndex() = default;
    /// Room for n ids from lowest to highest (others can be added, more slowly).
    RankIndex(size_t n, Id lowest, Id highest);
    /// Adds id at position (the first one added wins).
    void insert(Id id, int position);
    /// The position of id, or -1.
    int find(Id id) const;
    /// Replaces each position p by map[p].
    void remap(const std::vector<int>& map);
    bool empty() const { return m_count == 0; }

private:
    void rehash(size_t n);

    std::vector<Id> m_ids;        ///< hashed: the id of each slot; by id: empty
    std::vector<int> m_positions; ///< -1: free
    Id m_lowest = 0;              ///< by id: the id of m_positions[0]
    size_t m_mask = 0;
    size_t m_count = 0;
    bool m_byId = false;
};

struct RankResult {
    std::vector<RankedInitiative> ranked;   ///< in rank order
    std::vector<RankedInitiative> excluded; ///< done and dropped, by key
    std::vector<RankCycle> cycles;
    std::vector<PhaseLoad> phases; ///< now, next, later
    std::vector<std::string> warnings;
    std::vector<Id> links;           ///< the prerequisites and unlocks of each place (see prerequisitesOf())
    std::vector<RiskExposure> risks; ///< the risks of each derived risk reduction (see risksOf())
    RankSettings settings;
    int maxVotes = 0; ///< the most votes an initiative has (votes scale against it)
    /// Where each id is in `ranked` and `excluded` (built by rank(); find() scans when it is empty).
    RankIndex index;
    /// The keys, titles, manual rank reasons and unusual statuses the entries view (phases and the usual
    /// statuses are static strings), and the keys of `risks`. Copies of the result share it, so their
    /// entries stay valid too.
    std::shared_ptr<const std::string> text;

    const RankedInitiative* find(Id id) const; ///< ranked or excluded
    const RankedInitiative* findKey(std::string_view key) const;
    /// r's active prerequisites (by key): they are ranked before it.
    std::span<const Id> prerequisitesOf(const RankedInitiative& r) const;
    /// The active initiatives that list r as a prerequisite (by key).
    std::span<const Id> unlocksOf(const RankedInitiative& r) const;
    /// The open risks r's risk reduction was derived from, in the initiative's order.
    std::span<const RiskExposure> risksOf(const RankedInitiative& r) const;
};

RankResult rank(const RankInput& input);

/// The reasons of r's place in words, built from its structured reasons in result:
/// "#2 I-4: score 6 = (value 8×1 + ...) / effort 4 pw; unlocks #3 I-5; Now (fits its capacity)", or
/// "I-1: done, not ranked" for an excluded one.
std::string explanation(const RankResult& result, const RankedInitiative& r);

/// The terms of an initiative's score (those with a weight), as the formula used them.
std::vector<ScoreTerm> scoreTerms(const RankResult& result, const RankedInitiative& r);

/// How one initiative moved between two rankings (0 = not ranked there).
struct RankMove {
    Id id = 0;
    std::string key;
    std::string title;
    int before = 0;
    int after = 0;
    std::string phaseBefore;
    std::string phaseAfter;
    int delta() const { return before && after ? before - after : 0; } ///< > 0: moved up
};
/// The initiatives whose rank or phase differ, by their new rank (then key for those gone).
std::vector<RankMove> compareRankings(const RankResult& before, const RankResult& after);

// ---- the map ----
inline constexpr const char* kRankSettingsKey = "ranking";
/// The map's ranking settings (defaults when none were saved).
RankSettings loadRankSettings(const Project& project);
/// Saves them as one undoable edit.
void saveRankSettings(Project& project, const RankSettings& settings);
/// The initiatives, risks and settings of the map.
RankInput rankInput(const Project& project);

/// The result as JSON (what `terrain rank --json` prints).
json rankResultJson(const RankResult& result);
/// The result as a text table with a reason per place (what `terrain rank` prints).
std::string rankResultText(const RankResult& result);

} // namespace terrain
