#include "Ranking.h"

#include "Error.h"
#include "NaturalOrder.h"
#include "Project.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <queue>
#include <set>
#include <string_view>
#include <type_traits>

namespace terrain {

namespace {

// Phase indexes: the unscheduled "phase" sorts after Later.
constexpr int kNow = 0;
constexpr int kLater = 2;
constexpr int kUnscheduled = 3;
constexpr int kInProgress = 4; // no phase set, in progress (Now)
const char* const kPhaseNames[] = {"now", "next", "later", ""};
const char* const kPhaseTitles[] = {"Now", "Next", "Later", "unscheduled"};

int phaseIndex(std::string_view p) {
    for (int i = 0; i <= kLater; ++i)
        if (p == kPhaseNames[i])
            return i;
    return -1;
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

/// A key split for fast natural comparison: "I-12" is ("I-", 12). Keys of another shape (no digits at
/// the end, or more than 18 of them) compare with naturalLess.
struct SortKey {
    std::string_view key;
    std::string_view prefix;
    std::uint64_t number = 0;
    bool simple = false;
    Id id = 0;
    int index = 0;

    SortKey(std::string_view k, Id i, int idx)
        : key(k)
        , id(i)
        , index(idx) {
        size_t d = k.size();
        while (d > 0 && isDigit(k[d - 1]))
            --d;
        const size_t digits = k.size() - d;
        if (digits == 0 || digits > 18)
            return;
        for (size_t j = 0; j < d; ++j)
            if (isDigit(k[j]))
                return; // digits inside the prefix: naturalLess
        prefix = k.substr(0, d);
        for (size_t j = d; j < k.size(); ++j)
            number = number * 10 + static_cast<std::uint64_t>(k[j] - '0');
        simple = true;
    }

    bool operator<(const SortKey& o) const {
        if (simple && o.simple) {
            if (prefix != o.prefix)
                return naturalLess(prefix, o.prefix);
            if (number != o.number)
                return number < o.number;
            if (key.size() != o.key.size()) // "I-07" after "I-7"
                return key.size() < o.key.size();
        } else if (key != o.key) {
            return naturalLess(key, o.key);
        }
        return id < o.id;
    }
};

/// An integer that sorts in the opposite order of the number: larger numbers first (0 and -0 are equal).
std::uint64_t descending(double v) {
    const auto bits = std::bit_cast<std::uint64_t>(v + 0.0);
    const std::uint64_t ascending = (bits >> 63) ? ~bits : bits | (std::uint64_t(1) << 63);
    return ~ascending;
}

/// A set of the integers 0..n-1 that finds its smallest member in a few steps: a bit per member, and
/// above it a bit per non-empty word, up to one word, all levels in one array. It serves as the
/// priority queue of the ordering, whose priorities are the places 0..n-1 of one total order.
class MinSet {
public:
    explicit MinSet(size_t n) {
        size_t words = n, total = 0;
        do {
            words = std::max<size_t>((words + 63) / 64, 1);
            m_start[m_levels++] = total;
            total += words;
        } while (words > 1);
        m_bits.assign(total, 0);
    }
    bool empty() const { return m_bits.back() == 0; }
    void insert(size_t i) { insertIf(i, true); }
    /// Inserts i when `yes`, without a branch on it (whether a node becomes available is a coin toss for
    /// the branch predictor).
    void insertIf(size_t i, bool yes) {
        const std::uint64_t bit = yes;
        for (int l = 0; l < m_levels; ++l) {
            m_bits[m_start[l] + i / 64] |= bit << (i % 64);
            i /= 64;
        }
    }
    void erase(size_t i) {
        std::uint64_t clear = 1; // whether the level below became empty
        for (int l = 0; l < m_levels; ++l) {
            std::uint64_t& w = m_bits[m_start[l] + i / 64];
            w &= ~(clear << (i % 64));
            clear = w == 0;
            i /= 64;
        }
    }
    /// The smallest member (the set is not empty).
    size_t min() const {
        size_t i = 0;
        for (int l = m_levels - 1; l >= 0; --l)
            i = i * 64 + static_cast<size_t>(std::countr_zero(m_bits[m_start[l] + i]));
        return i;
    }
    /// Takes the smallest member out (the set is not empty) and returns it.
    size_t popMin() {
        const size_t m = min();
        erase(m);
        return m;
    }
    void clear() { std::fill(m_bits.begin(), m_bits.end(), 0); }

private:
    std::vector<std::uint64_t> m_bits; // level 0 (a bit per member) first, the single top word last
    size_t m_start[12] = {};           // where each level starts in m_bits
    int m_levels = 0;
};

/// A set of the integers 0..n-1 whose smallest member is found by scanning forward from a cursor that
/// is never above it: a bit per member and nothing above. It serves as the priority queue of the
/// orderings, where a node that becomes available mostly comes after the one just taken (its effective
/// score is at most that of each of its prerequisites), so the cursor mostly moves forward, a word at a
/// time, and taking the smallest member reads one word instead of every level of a MinSet.
class ScanSet {
public:
    explicit ScanSet(size_t n)
        : m_bits((n + 63) / 64 + 1, 0)
        , m_cursor(n) {}
    bool empty() const { return m_count == 0; }
    void insert(size_t i) { insertIf(i, true); }
    /// Inserts i when `yes`, without a branch on it.
    void insertIf(size_t i, bool yes) {
        m_bits[i / 64] |= static_cast<std::uint64_t>(yes) << (i % 64);
        m_count += yes;
        m_cursor = std::min(m_cursor, yes ? i : m_cursor);
    }
    void erase(size_t i) {
        std::uint64_t& w = m_bits[i / 64];
        const std::uint64_t bit = std::uint64_t(1) << (i % 64);
        m_count -= (w & bit) != 0;
        w &= ~bit;
    }
    /// Takes the smallest member out (the set is not empty) and returns it.
    size_t popMin() {
        size_t word = m_cursor / 64; // no member below the cursor: no need to mask the word
        std::uint64_t w = m_bits[word];
        while (w == 0)
            w = m_bits[++word];
        const size_t m = word * 64 + static_cast<size_t>(std::countr_zero(w));
        m_bits[word] = w & (w - 1);
        --m_count;
        m_cursor = m + 1;
        return m;
    }

private:
    std::vector<std::uint64_t> m_bits;
    size_t m_cursor; // at most the smallest member
    size_t m_count = 0;
};

using KeyedIndex = std::pair<std::uint64_t, int>;

/// Orders the n elements at a stably by the bits of key(element) from `low` up: a radix sort, one byte at
/// a time from the lowest, of only the bytes in which the keys differ. `scratch` has room for n. Returns
/// where the sorted elements are: a or scratch.
template <class T, class Key> T* radixSortBytes(T* a, T* scratch, size_t n, int low, Key key) {
    if (n < 2)
        return a;
    std::uint64_t differ = 0;
    const std::uint64_t first = key(a[0]);
    for (size_t i = 0; i < n; ++i)
        differ |= key(a[i]) ^ first;
    differ >>= low;
    int shifts[8];
    int digits = 0;
    for (int d = 0; d < 8 && low + 8 * d < 64; ++d)
        if ((differ >> (8 * d)) & 255)
            shifts[digits++] = low + 8 * d;
    std::uint32_t counts[8][256] = {};
    for (size_t i = 0; i < n; ++i)
        for (int d = 0; d < digits; ++d)
            ++counts[d][(key(a[i]) >> shifts[d]) & 255];
    for (int d = 0; d < digits; ++d) {
        std::uint32_t* c = counts[d];
        std::uint32_t sum = 0;
        for (int v = 0; v < 256; ++v) {
            const std::uint32_t t = c[v];
            c[v] = sum;
            sum += t;
        }
        const int shift = shifts[d];
        for (size_t i = 0; i < n; ++i)
            scratch[c[(key(a[i]) >> shift) & 255]++] = a[i];
        std::swap(a, scratch);
    }
    return a;
}

/// Orders a stably by its 64-bit keys (radixSortBytes()). `scratch` is working space.
void radixSort(std::vector<KeyedIndex>& a, std::vector<KeyedIndex>& scratch) {
    scratch.resize(a.size());
    if (radixSortBytes(a.data(), scratch.data(), a.size(), 0, [](const KeyedIndex& e) { return e.first; }) !=
        a.data())
        a.swap(scratch);
}

/// Orders the n integers at a by their bits from `low` up (radixSortBytes()); `scratch` has room for n.
/// Returns where the sorted integers are: a or scratch.
std::uint64_t* radixSortAbove(std::uint64_t* a, std::uint64_t* scratch, size_t n, int low) {
    return radixSortBytes(a, scratch, n, low, [](std::uint64_t v) { return v; });
}

/// Orders `order` stably by keyOf(i) of its members, an unsigned 64-bit key (radixSort).
template <class KeyOf> void radixSortBy(std::vector<int>& order, KeyOf keyOf) {
    std::vector<KeyedIndex> a(order.size()), scratch;
    for (size_t i = 0; i < order.size(); ++i)
        a[i] = {keyOf(order[i]), order[i]};
    radixSort(a, scratch);
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = a[i].second;
}

/// Orders `seq` stably by bucketOf(i) of its members, each in 0..buckets-1 (a counting sort).
template <class BucketOf> void countingSortBy(std::vector<int>& seq, size_t buckets, BucketOf bucketOf) {
    std::vector<int> start(buckets + 1, 0), sorted(seq.size());
    for (int i : seq)
        ++start[static_cast<size_t>(bucketOf(i)) + 1];
    for (size_t b = 0; b < buckets; ++b)
        start[b + 1] += start[b];
    for (int i : seq)
        sorted[static_cast<size_t>(start[static_cast<size_t>(bucketOf(i))]++)] = i;
    seq.swap(sorted);
}

/// A number for people: at most two decimals, no trailing zeros ("6", "6.4", "4.67").
std::string num(double v) {
    if (!std::isfinite(v))
        return "0";
    char buf[48];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 2);
    std::string s(buf, r.ptr);
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0')
            s.pop_back();
        if (s.back() == '.')
            s.pop_back();
    }
    if (s == "-0")
        s = "0";
    return s;
}

/// Rounded for JSON output, so that 2.3333333333333335 does not leak into scripts' diffs.
double rounded(double v) {
    return std::round(v * 1000.0) / 1000.0;
}

struct Presets {
    RankPreset info;
    RankSettings formula;
};

const std::vector<Presets>& presetTable() {
    static const std::vector<Presets> table = [] {
        std::vector<Presets> t;
        RankSettings wsjf;
        wsjf.preset = "wsjf";
        wsjf.weights = {1, 1, 1, 0};
        wsjf.divideByEffort = true;
        wsjf.useConfidence = false;
        wsjf.useReach = false;
        t.push_back(
            {{"wsjf", "WSJF",
              "Weighted Shortest Job First: cost of delay (value + urgency + risk reduction) divided by "
              "the effort in person-weeks."},
             wsjf});
        RankSettings rice;
        rice.preset = "rice";
        rice.weights = {0.5, 0, 0.5, 0};
        rice.divideByEffort = true;
        rice.useConfidence = true;
        rice.useReach = true;
        t.push_back(
            {{"rice", "RICE",
              "Reach (linked systems, 1 to 10) × Impact ((value + risk reduction) / 2) × Confidence / "
              "Effort in person-weeks."},
             rice});
        RankSettings weighted;
        weighted.preset = "weighted";
        weighted.weights = {0.35, 0.3, 0.25, 0.1};
        weighted.divideByEffort = false;
        weighted.useConfidence = true;
        weighted.useReach = false;
        t.push_back(
            {{"weighted", "Weighted sum",
              "value ×0.35 + urgency ×0.3 + risk reduction ×0.25 + votes ×0.1, times confidence; effort "
              "only counts against the capacity of the phases."},
             weighted});
        return t;
    }();
    return table;
}

bool sameFormula(const RankSettings& a, const RankSettings& b) {
    return a.weights == b.weights && a.divideByEffort == b.divideByEffort &&
           a.useConfidence == b.useConfidence && a.useReach == b.useReach;
}

double numberMember(const json& j, const char* name, double fallback, const std::string& where) {
    if (!j.contains(name))
        return fallback;
    const json& v = j.at(name);
    if (!v.is_number())
        throw Error("ranking settings", where + "/" + name, "expected a number");
    const double d = v.get<double>();
    if (!std::isfinite(d) || d < 0 || d > 1e9)
        throw Error("ranking settings", where + "/" + name, "expected a number from 0 to 1e9");
    return d;
}

bool boolMember(const json& j, const char* name, bool fallback) {
    if (!j.contains(name))
        return fallback;
    if (!j.at(name).is_boolean())
        throw Error("ranking settings", std::string("/") + name, "expected true or false");
    return j.at(name).get<bool>();
}

} // namespace

// ---- settings ----

RankSettings RankSettings::fromPreset(const std::string& name) {
    RankSettings s;
    s.applyPreset(name);
    return s;
}

void RankSettings::applyPreset(const std::string& name) {
    for (const auto& p : presetTable()) {
        if (p.info.name == name) {
            weights = p.formula.weights;
            divideByEffort = p.formula.divideByEffort;
            useConfidence = p.formula.useConfidence;
            useReach = p.formula.useReach;
            preset = name;
            return;
        }
    }
    std::string names;
    for (const auto& p : presetTable())
        names += (names.empty() ? "" : ", ") + p.info.name;
    throw Error("unknown ranking preset \"" + name + "\"; the presets are " + names);
}

std::string RankSettings::matchingPreset() const {
    for (const auto& p : presetTable())
        if (sameFormula(*this, p.formula))
            return p.info.name;
    return "custom";
}

const std::vector<RankPreset>& rankPresets() {
    static const std::vector<RankPreset> list = [] {
        std::vector<RankPreset> l;
        for (const auto& p : presetTable())
            l.push_back(p.info);
        return l;
    }();
    return list;
}

void to_json(json& j, const RankSettings& s) {
    j = json{{"preset", s.matchingPreset()},
             {"weights",
              {{"value", s.weights.value},
               {"urgency", s.weights.urgency},
               {"risk_reduction", s.weights.riskReduction},
               {"votes", s.weights.votes}}},
             {"divide_by_effort", s.divideByEffort},
             {"use_confidence", s.useConfidence},
             {"use_reach", s.useReach},
             {"capacity", {{"now", s.capacityNow}, {"next", s.capacityNext}, {"later", s.capacityLater}}},
             {"respect_planned_phases", s.respectPlannedPhases}};
}

void from_json(const json& j, RankSettings& s) {
    if (!j.is_object())
        throw Error("ranking settings", "", "expected an object");
    RankSettings r;
    if (j.contains("preset")) {
        if (!j.at("preset").is_string())
            throw Error("ranking settings", "/preset", "expected a preset name");
        const std::string name = j.at("preset").get<std::string>();
        if (name != "custom")
            r.applyPreset(name); // throws for an unknown name
    }
    if (j.contains("weights")) {
        const json& w = j.at("weights");
        if (!w.is_object())
            throw Error("ranking settings", "/weights", "expected an object");
        r.weights.value = numberMember(w, "value", r.weights.value, "/weights");
        r.weights.urgency = numberMember(w, "urgency", r.weights.urgency, "/weights");
        r.weights.riskReduction = numberMember(w, "risk_reduction", r.weights.riskReduction, "/weights");
        r.weights.votes = numberMember(w, "votes", r.weights.votes, "/weights");
    }
    r.divideByEffort = boolMember(j, "divide_by_effort", r.divideByEffort);
    r.useConfidence = boolMember(j, "use_confidence", r.useConfidence);
    r.useReach = boolMember(j, "use_reach", r.useReach);
    if (j.contains("capacity")) {
        const json& c = j.at("capacity");
        if (!c.is_object())
            throw Error("ranking settings", "/capacity", "expected an object");
        r.capacityNow = numberMember(c, "now", r.capacityNow, "/capacity");
        r.capacityNext = numberMember(c, "next", r.capacityNext, "/capacity");
        r.capacityLater = numberMember(c, "later", r.capacityLater, "/capacity");
    }
    r.respectPlannedPhases = boolMember(j, "respect_planned_phases", r.respectPlannedPhases);
    r.preset = r.matchingPreset();
    s = r;
}

// ---- the engine ----

namespace {
size_t slotOf(Id id, size_t mask) {
    const std::uint64_t h = static_cast<std::uint64_t>(id) * 0x9E3779B97F4A7C15ull;
    return static_cast<size_t>(h ^ (h >> 29)) & mask;
}
} // namespace

RankIndex::RankIndex(size_t n, Id lowest, Id highest) {
    const std::uint64_t span = static_cast<std::uint64_t>(highest) - static_cast<std::uint64_t>(lowest);
    if (highest >= lowest && span < 4 * static_cast<std::uint64_t>(n) + 64) {
        m_byId = true;
        m_lowest = lowest;
        m_positions.assign(static_cast<size_t>(span) + 1, -1);
    } else {
        rehash(n);
    }
}

void RankIndex::rehash(size_t n) {
    std::vector<Id> ids;
    std::vector<int> positions;
    if (m_byId) {
        for (size_t k = 0; k < m_positions.size(); ++k)
            if (m_positions[k] >= 0) {
                ids.push_back(static_cast<Id>(static_cast<std::uint64_t>(m_lowest) + k));
                positions.push_back(m_positions[k]);
            }
    } else {
        for (size_t k = 0; k < m_ids.size(); ++k)
            if (m_positions[k] >= 0) {
                ids.push_back(m_ids[k]);
                positions.push_back(m_positions[k]);
            }
    }
    size_t size = 16;
    while (size < 2 * std::max(n, ids.size())) // at most half full
        size *= 2;
    m_byId = false;
    m_ids.assign(size, 0);
    m_positions.assign(size, -1);
    m_mask = size - 1;
    m_count = 0;
    for (size_t k = 0; k < ids.size(); ++k)
        insert(ids[k], positions[k]);
}

void RankIndex::insert(Id id, int position) {
    if (m_byId) {
        const std::uint64_t k = static_cast<std::uint64_t>(id) - static_cast<std::uint64_t>(m_lowest);
        if (k < m_positions.size()) {
            if (m_positions[k] < 0) {
                m_positions[k] = position;
                ++m_count;
            }
            return;
        }
        rehash(2 * (m_count + 1));
    } else if (2 * (m_count + 1) > m_ids.size()) {
        rehash(2 * (m_count + 1));
    }
    for (size_t k = slotOf(id, m_mask);; k = (k + 1) & m_mask) {
        if (m_positions[k] < 0) {
            m_ids[k] = id;
            m_positions[k] = position;
            ++m_count;
            return;
        }
        if (m_ids[k] == id)
            return;
    }
}

int RankIndex::find(Id id) const {
    if (m_byId) {
        const std::uint64_t k = static_cast<std::uint64_t>(id) - static_cast<std::uint64_t>(m_lowest);
        return k < m_positions.size() ? m_positions[k] : -1;
    }
    if (m_count == 0)
        return -1;
    for (size_t k = slotOf(id, m_mask);; k = (k + 1) & m_mask) {
        if (m_positions[k] < 0)
            return -1;
        if (m_ids[k] == id)
            return m_positions[k];
    }
}

void RankIndex::remap(const std::vector<int>& map) {
    for (int& p : m_positions)
        if (p >= 0)
            p = map[static_cast<size_t>(p)];
}

const RankedInitiative* RankResult::find(Id id) const {
    if (!index.empty()) {
        const int p = index.find(id);
        if (p < 0)
            return nullptr;
        const auto pos = static_cast<size_t>(p);
        const RankedInitiative* r = pos < ranked.size()                     ? &ranked[pos]
                                    : pos - ranked.size() < excluded.size() ? &excluded[pos - ranked.size()]
                                                                            : nullptr;
        if (r && r->id == id)
            return r;
        // the lists were changed after rank(): look for it
    }
    for (const auto* list : {&ranked, &excluded})
        for (const auto& r : *list)
            if (r.id == id)
                return &r;
    return nullptr;
}

const RankedInitiative* RankResult::findKey(std::string_view key) const {
    for (const auto* list : {&ranked, &excluded})
        for (const auto& r : *list)
            if (r.key == key)
                return &r;
    return nullptr;
}

namespace {
template <class T> std::span<const T> part(const std::vector<T>& all, int begin, int end) {
    if (begin < 0 || end <= begin || static_cast<size_t>(end) > all.size())
        return {};
    return {all.data() + begin, static_cast<size_t>(end - begin)};
}
} // namespace

std::span<const Id> RankResult::prerequisitesOf(const RankedInitiative& r) const {
    return part(links, r.prerequisitesBegin, r.prerequisitesEnd);
}

std::span<const Id> RankResult::unlocksOf(const RankedInitiative& r) const {
    return part(links, r.unlocksBegin, r.unlocksEnd);
}

std::span<const RiskExposure> RankResult::risksOf(const RankedInitiative& r) const {
    return part(risks, r.risksBegin, r.risksEnd);
}

namespace {

constexpr int kNoManual = std::numeric_limits<int>::max();

/// The statuses an initiative usually has: the result views them here instead of keeping each
/// initiative's string.
constexpr std::string_view kStatuses[] = {"proposed", "planned", "in-progress", "done", "dropped"};
constexpr int kInProgressStatus = 2;
constexpr int kDone = 3;
constexpr int kDropped = 4;

/// Whether the characters at s are word (s has as many): a comparison of a known length, which the
/// compiler makes in place instead of calling memcmp.
template <size_t N> bool isWord(const char* s, const char (&word)[N]) {
    return std::memcmp(s, word, N - 1) == 0;
}

/// The index of a status in kStatuses, kDone, kDropped, or -1 for any other.
int statusCode(std::string_view s) {
    switch (s.size()) {
    case 4:
        return isWord(s.data(), "done") ? kDone : -1;
    case 7:
        return isWord(s.data(), "planned") ? 1 : isWord(s.data(), "dropped") ? kDropped : -1;
    case 8:
        return isWord(s.data(), "proposed") ? 0 : -1;
    case 11:
        return isWord(s.data(), "in-progress") ? kInProgressStatus : -1;
    default:
        return -1;
    }
}

/// a == b for short strings (key prefixes): a loop in place instead of a call to memcmp.
bool sameShort(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i])
            return false;
    return true;
}

/// What the later passes read of an active initiative, copied in the one pass over the input, so that
/// they do not walk the large Initiative structs again; and what the ordering and the phases decided
/// about it. Two cache lines: the result reads them in rank order, one initiative here and one there.
struct alignas(32) Facts {
    // user-provided, so that emplace_back() sets each member once instead of zeroing the record first
    // (a `rep stos`, slow to start for 96 bytes)
    Facts() {}

    const Initiative* item = nullptr;
    double score = 0;
    double riskReduction = 0; ///< as used (derived or set by hand)
    double effectiveScore = 0;
    Id pulledForwardBy = 0; ///< when pulled
    Id phaseBy = 0;         ///< when hasPhaseBy: the initiative it was pulled in by or pushed back after
    int effort = 0;         ///< as given
    int votes = 0;          ///< as given
    int risksBegin = 0;     ///< into RankResult::risks
    int risksEnd = 0;
    int autoRank = 0;
    int linksBegin = 0; ///< its prerequisites, then what it unlocks, in RankResult::links
    int prerequisites = 0;
    int unlocks = 0;
    signed char value = 0; ///< clamped to 0..10
    signed char urgency = 0;
    signed char reach = 1;        ///< 1..10
    signed char confidence = 100; ///< 0..100
    signed char status = -1;      ///< index into kStatuses, or -1: kept in the result's text
    signed char phase = kUnscheduled;
    std::uint8_t phaseReason = static_cast<std::uint8_t>(PhaseReason::Beyond);
    bool hasManual = false;
    bool riskDerived = false;
    bool pulled = false;
    bool hasPhaseBy = false;
    bool phasePlanned = false;
};

static_assert(sizeof(Facts) == 96, "three facts in two cache lines: the result reads two lines per item");

/// A key's parts for the key order (see SortKey): the index of its prefix among those seen, its number,
/// its length.
struct KeyParts {
    std::uint64_t number;
    std::uint32_t prefix;
    std::uint32_t length;
};

/// The working state of one rank() call. Items are the active initiatives, by index into `items`, in
/// the order of the input. Nodes are what the ordering places: the strongly connected components of the
/// prerequisite graph, which are the items themselves when it has no cycle.
struct Engine {
    const RankInput& in;
    const RankSettings& set;
    RankResult out;

    // ---- read once from the input (collect) ----
    std::vector<const Initiative*> items;      // active
    std::vector<const Initiative*> excludedIn; // done, dropped
    std::vector<Facts> facts;
    std::vector<Id> ids;
    std::vector<int> effort;               // at least 0: what the phases count
    std::vector<int> manualOf;             // its manual rank (at least 1), or kNoManual
    std::vector<signed char> plannedPhase; // the phase set on it, kInProgress, or -1
    std::vector<int> givenStart;           // its prerequisite ids as given: given[givenStart[k]..]
    std::vector<Id> given;
    struct Exposure {
        int risk; // index into in.risks
        signed char likelihood, impact;
    };
    std::vector<Exposure> exposures; // of each derived risk reduction, becoming RankResult::risks
    std::vector<KeyParts> keyParts;  // when every key is simple (SortKey) and the prefixes are few
    std::vector<std::string_view> prefixes;
    bool simpleKeys = true;
    Id lowestId = 0, highestId = 0;
    double maxVotes = 0;
    bool anyManual = false;
    size_t textSize = 0; // of what the result keeps in its text (RankResult::text)

    std::vector<double> score;
    std::vector<int> keyRank; // position of each item by (natural key, id)
    std::vector<int> byKey;   // the items in that order
    RankIndex idIndex;        // id -> item, or n + its index in excludedIn

    // ---- prerequisite graph, u -> p (p must come first), as compressed rows by key; and the reverse
    std::vector<int> preStart, pre, postStart, post;
    std::vector<char> selfLoop;
    bool anySelfLoop = false;

    // ---- nodes ----
    bool acyclic = false;
    int compCount = 0;
    std::vector<int> comp, compStart, compMembers; // when there are cycles
    std::vector<double> compOwn, compEff;
    std::vector<int> compOrigin, compBest, compRep;
    std::vector<int> compManual;        // smallest manual rank of its members, or kNoManual
    std::vector<int> compCycle;         // index into out.cycles, or -1
    std::vector<int> cpostStart, cpost; // the condensed graph: the components that need each one, a
    std::vector<int> cpreCount;         // link per initiative link; and how many links each one needs
    std::span<const int> nodePostStart, nodePost; // cpost, or post when acyclic
    std::vector<int> scoreLevel;                  // of each item: 0 for the highest score, 1 for the next ...
    std::vector<int> compPrio;                    // place of each node by (effective score, own score, key)
    std::vector<int> prioComp;                    // the nodes in that order
    std::vector<int> autoRankOf; // of each item: its place by score and prerequisites alone (from 1), put
                                 // in its facts in item order instead of one here and one there

    std::vector<KeyedIndex> sortA, sortB; // radix sort space

    explicit Engine(const RankInput& input)
        : in(input)
        , set(input.settings) {}

    /// Gives a working array's memory back once it is done with, so that the result can use it.
    template <class T> static void release(std::vector<T>& v) { std::vector<T>().swap(v); }

    /// Once the phases are known: everything but the facts, the index and what the result is built from.
    void releaseWorkingArrays() {
        release(ids);
        release(effort);
        release(manualOf);
        release(plannedPhase);
        release(score);
        release(keyRank);
        release(byKey);
        release(preStart);
        release(pre);
        release(postStart);
        release(post);
        release(selfLoop);
        release(compStart);
        release(compMembers);
        release(compOwn);
        release(compEff);
        release(compOrigin);
        release(compBest);
        release(compRep);
        release(compManual);
        release(cpostStart);
        release(cpost);
        release(cpreCount);
        release(compPrio);
        release(prioComp);
        release(autoRankOf);
    }

    size_t nodeOf(size_t k) const { return acyclic ? k : static_cast<size_t>(comp[k]); }

    /// The one pass over the input: which initiatives are active, their facts, risk reductions,
    /// prerequisite ids and key parts.
    void collect() {
        // the risks by id (the first of a duplicated id counts), clamped, and whether they are open
        Id lowest = 0, highest = 0;
        for (size_t r = 0; r < in.risks.size(); ++r) {
            lowest = r ? std::min(lowest, in.risks[r].id) : in.risks[r].id;
            highest = r ? std::max(highest, in.risks[r].id) : in.risks[r].id;
        }
        RankIndex riskIndex(in.risks.size(), lowest, highest);
        for (size_t r = 0; r < in.risks.size(); ++r)
            riskIndex.insert(in.risks[r].id, static_cast<int>(r));
        std::vector<signed char> riskLikelihood(in.risks.size()), riskImpact(in.risks.size());
        std::vector<size_t> riskKeySize(in.risks.size()); // kept in the result's text when it is counted
        for (size_t r = 0; r < in.risks.size(); ++r) {
            const Risk& risk = in.risks[r];
            riskKeySize[r] = risk.key.size();
            riskLikelihood[r] =
                static_cast<signed char>(risk.status.size() == 6 && isWord(risk.status.data(), "closed")
                                             ? 0
                                             : std::clamp(risk.likelihood, 1, 5));
            riskImpact[r] = static_cast<signed char>(std::clamp(risk.impact, 1, 5));
        }

        const size_t total = in.initiatives.size();
        items.reserve(total);
        facts.reserve(total);
        ids.reserve(total);
        effort.reserve(total);
        manualOf.reserve(total);
        plannedPhase.reserve(total);
        keyParts.reserve(total);
        givenStart.reserve(total + 1);
        givenStart.push_back(0);
        given.reserve(4 * total);
        exposures.reserve(total);
        size_t lastPrefix = 0;
        for (size_t j = 0; j < total; ++j) {
            if (j + 8 < total) { // the whole initiative eight ahead: each of its lines is read below
                const char* ahead = reinterpret_cast<const char*>(&in.initiatives[j + 8]);
                for (size_t b = 0; b < sizeof(Initiative); b += 64)
                    __builtin_prefetch(ahead + b);
                __builtin_prefetch(ahead + sizeof(Initiative) - 1);
            }
            if (j + 4 < total) { // the lists are somewhere else on the heap
                __builtin_prefetch(in.initiatives[j + 4].prerequisites.data());
                __builtin_prefetch(in.initiatives[j + 4].risks.data());
            }
            const Initiative& it = in.initiatives[j];
            lowestId = j ? std::min(lowestId, it.id) : it.id;
            highestId = j ? std::max(highestId, it.id) : it.id;
            const int status = statusCode(it.status);
            textSize += it.key.size() + it.title.size() + (status < 0 ? it.status.size() : 0);
            if (status == kDone || status == kDropped) {
                textSize += it.manualRankReason.size();
                excludedIn.push_back(&it);
                continue;
            }
            if (it.manualRank)
                textSize += it.manualRankReason.size();
            items.push_back(&it);
            ids.push_back(it.id);
            effort.push_back(std::max(it.effort, 0));
            manualOf.push_back(it.manualRank ? std::max(*it.manualRank, 1) : kNoManual);
            anyManual = anyManual || it.manualRank.has_value();
            const int p = it.phase.empty() ? -1 : phaseIndex(it.phase);
            plannedPhase.push_back(static_cast<signed char>(p >= 0                        ? p
                                                            : status == kInProgressStatus ? kInProgress
                                                                                          : -1));
            given.insert(given.end(), it.prerequisites.begin(), it.prerequisites.end());
            givenStart.push_back(static_cast<int>(given.size()));

            Facts& f = facts.emplace_back();
            f.item = &it;
            f.effort = it.effort;
            f.votes = it.votes;
            f.hasManual = it.manualRank.has_value();
            f.value = static_cast<signed char>(std::clamp(it.value, 0, 10));
            f.urgency = static_cast<signed char>(std::clamp(it.urgency, 0, 10));
            f.reach = static_cast<signed char>(std::clamp(static_cast<int>(it.systems.size()), 1, 10));
            f.confidence = static_cast<signed char>(std::clamp(it.confidence, 0, 100));
            f.status = static_cast<signed char>(status);
            maxVotes = std::max(maxVotes, static_cast<double>(std::max(it.votes, 0)));
            double rr = std::clamp(it.riskReduction, 0, 10);
            if (it.riskReductionAuto && !it.risks.empty()) {
                int exposure = 0;
                const size_t first = exposures.size();
                for (Id rid : it.risks) {
                    const int found = riskIndex.find(rid);
                    if (found < 0 || riskLikelihood[static_cast<size_t>(found)] == 0) // missing or closed
                        continue;
                    const int l = riskLikelihood[static_cast<size_t>(found)],
                              im = riskImpact[static_cast<size_t>(found)];
                    exposure += l * im;
                    exposures.push_back({found, static_cast<signed char>(l), static_cast<signed char>(im)});
                    textSize += riskKeySize[static_cast<size_t>(found)];
                }
                if (exposures.size() > first) {
                    rr = std::min(10.0, exposure * 10.0 / 25.0);
                    f.riskDerived = true;
                    f.risksBegin = static_cast<int>(first);
                    f.risksEnd = static_cast<int>(exposures.size());
                }
            }
            f.riskReduction = rr;

            if (simpleKeys) {
                const SortKey key(it.key, it.id, 0);
                if (!key.simple) {
                    simpleKeys = false;
                    continue;
                }
                if (lastPrefix >= prefixes.size() || !sameShort(prefixes[lastPrefix], key.prefix)) {
                    lastPrefix = static_cast<size_t>(std::find(prefixes.begin(), prefixes.end(), key.prefix) -
                                                     prefixes.begin());
                    if (lastPrefix == prefixes.size()) {
                        constexpr size_t kMaxPrefixes = 32;
                        if (prefixes.size() == kMaxPrefixes) {
                            simpleKeys = false;
                            continue;
                        }
                        prefixes.push_back(key.prefix);
                    }
                }
                keyParts.push_back({key.number, static_cast<std::uint32_t>(lastPrefix),
                                    static_cast<std::uint32_t>(key.key.size())});
            }
        }
    }

    /// Scores (the votes scale against the most voted, known once every initiative was read).
    void scoreAll() {
        const size_t n = items.size();
        score.resize(n);
        const auto& w = set.weights;
        for (size_t k = 0; k < n; ++k) {
            const Facts& f = facts[k];
            const double votes = maxVotes > 0 ? 10.0 * std::max(f.votes, 0) / maxVotes : 0;
            double s = f.value * w.value + f.urgency * w.urgency + f.riskReduction * w.riskReduction +
                       votes * w.votes;
            if (set.useReach)
                s *= f.reach;
            if (set.useConfidence)
                s *= f.confidence / 100.0;
            if (set.divideByEffort)
                s /= std::max(f.effort, 1);
            score[k] = facts[k].score = s;
        }
    }

    /// byKey and keyRank: the items by (natural key, id).
    void sortKeys() {
        const size_t n = items.size();
        byKey.resize(n);
        if (!(simpleKeys && sortSimpleKeys())) {
            std::vector<SortKey> sorted;
            sorted.reserve(n);
            for (size_t i = 0; i < n; ++i)
                sorted.emplace_back(items[i]->key, items[i]->id, static_cast<int>(i));
            std::sort(sorted.begin(), sorted.end());
            for (size_t i = 0; i < n; ++i)
                byKey[i] = sorted[i].index;
        }
        keyRank.resize(n);
        for (size_t r = 0; r < n; ++r)
            keyRank[static_cast<size_t>(byKey[r])] = static_cast<int>(r);
        release(keyParts);
    }

    /// The order of SortKey when every key is a prefix without digits and a number (the usual "I-12"):
    /// (prefix, number, length) packed into one integer when they fit, the few distinct prefixes ranked
    /// once; equal keys by id. False (nothing done) when they do not fit.
    bool sortSimpleKeys() {
        const size_t n = items.size();
        // rank the prefixes (no digits in them: naturalLess is bytewise there, a total order)
        std::vector<std::uint32_t> order(prefixes.size()), prefixRank(prefixes.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = static_cast<std::uint32_t>(i);
        std::sort(order.begin(), order.end(),
                  [&](std::uint32_t a, std::uint32_t b) { return naturalLess(prefixes[a], prefixes[b]); });
        for (size_t r = 0; r < order.size(); ++r)
            prefixRank[order[r]] = static_cast<std::uint32_t>(r);
        std::uint64_t lowNumber = std::numeric_limits<std::uint64_t>::max(), highNumber = 0;
        std::uint32_t lowLength = std::numeric_limits<std::uint32_t>::max(), highLength = 0;
        for (const KeyParts& p : keyParts) {
            lowNumber = std::min(lowNumber, p.number);
            highNumber = std::max(highNumber, p.number);
            lowLength = std::min(lowLength, p.length);
            highLength = std::max(highLength, p.length);
        }
        const int lengthBits = n ? std::bit_width(highLength - lowLength) : 0;
        const int numberBits = n ? std::bit_width(highNumber - lowNumber) : 0;
        const int prefixBits =
            std::bit_width(prefixes.empty() ? 0u : static_cast<unsigned>(prefixes.size() - 1));
        if (lengthBits + numberBits + prefixBits > 64)
            return false;
        auto packedKey = [&](size_t i) {
            const KeyParts& p = keyParts[i];
            return (static_cast<std::uint64_t>(prefixRank[p.prefix]) << numberBits << lengthBits) |
                   ((p.number - lowNumber) << lengthBits) | (p.length - lowLength);
        };
        const int indexBits = std::bit_width(n);
        if (lengthBits + numberBits + prefixBits + indexBits <= 64) {
            // The key above the item's index in one integer (8 bytes to move instead of a pair's 16),
            // sorted by the key's bits alone: the indexes of equal keys stay in input order.
            const std::uint64_t indexMask = (std::uint64_t(1) << indexBits) - 1;
            auto a = std::make_unique_for_overwrite<std::uint64_t[]>(n);
            auto scratch = std::make_unique_for_overwrite<std::uint64_t[]>(n);
            for (size_t i = 0; i < n; ++i)
                a[i] = packedKey(i) << indexBits | i;
            std::uint64_t* sorted = radixSortAbove(a.get(), scratch.get(), n, indexBits);
            auto indexOf = [&](std::uint64_t v) { return static_cast<int>(v & indexMask); };
            for (size_t i = 0; i < n;) { // equal keys: by id (then input order, as the sort is stable)
                size_t j = i + 1;
                while (j < n && (sorted[j] >> indexBits) == (sorted[i] >> indexBits))
                    ++j;
                if (j - i > 1)
                    std::stable_sort(sorted + i, sorted + j, [&](std::uint64_t x, std::uint64_t y) {
                        return ids[static_cast<size_t>(indexOf(x))] < ids[static_cast<size_t>(indexOf(y))];
                    });
                i = j;
            }
            for (size_t i = 0; i < n; ++i)
                byKey[i] = indexOf(sorted[i]);
            return true;
        }
        sortA.resize(n);
        for (size_t i = 0; i < n; ++i) {
            sortA[i] = {packedKey(i), static_cast<int>(i)};
        }
        radixSort(sortA, sortB);
        for (size_t i = 0; i < n;) { // equal keys: by id (then input order, as the sort is stable)
            size_t j = i + 1;
            while (j < n && sortA[j].first == sortA[i].first)
                ++j;
            if (j - i > 1)
                std::stable_sort(sortA.begin() + static_cast<std::ptrdiff_t>(i),
                                 sortA.begin() + static_cast<std::ptrdiff_t>(j),
                                 [&](const KeyedIndex& a, const KeyedIndex& b) {
                                     return ids[static_cast<size_t>(a.second)] <
                                            ids[static_cast<size_t>(b.second)];
                                 });
            i = j;
        }
        for (size_t i = 0; i < n; ++i)
            byKey[i] = sortA[i].second;
        release(sortA);
        release(sortB);
        return true;
    }

    void buildGraph() {
        const size_t n = items.size();
        // id -> index, for the active items and for the others (to tell done from dropped from missing)
        // (active: its index; excluded: n + its index in excludedIn). It becomes the result's index.
        idIndex = RankIndex(n + excludedIn.size(), lowestId, highestId);
        for (size_t k = 0; k < n; ++k)
            idIndex.insert(ids[k], static_cast<int>(k));
        for (size_t k = 0; k < excludedIn.size(); ++k)
            idIndex.insert(excludedIn[k]->id, static_cast<int>(n + k));

        // The prerequisites found among the active items, each once: `given` rewritten in place to
        // their indexes (-1 for the others), counted per item and per prerequisite.
        std::vector<int> found(given.size());
        std::vector<int> seen(n, -1); // the last item that listed it
        preStart.assign(n + 1, 0);
        postStart.assign(n + 1, 0);
        selfLoop.assign(n, 0);
        for (size_t k = 0; k < n; ++k) {
            int listed = 0; // counted here, not in preStart item after item (each waiting on the one before)
            for (int g = givenStart[k]; g < givenStart[k + 1]; ++g) {
                const Id pid = given[static_cast<size_t>(g)];
                const int f = idIndex.find(pid);
                found[static_cast<size_t>(g)] = -1;
                if (f >= 0 && static_cast<size_t>(f) < n) {
                    if (f == static_cast<int>(k)) {
                        selfLoop[k] = 1;
                        anySelfLoop = true;
                    } else if (seen[static_cast<size_t>(f)] != static_cast<int>(k)) {
                        seen[static_cast<size_t>(f)] = static_cast<int>(k);
                        found[static_cast<size_t>(g)] = f;
                        ++listed;
                        ++postStart[static_cast<size_t>(f) + 1];
                    }
                    continue;
                }
                if (f >= 0) {
                    const Initiative* o = excludedIn[static_cast<size_t>(f) - n];
                    if (statusCode(o->status) == kDropped)
                        out.warnings.push_back(items[k]->key + " needs " + o->key +
                                               ", which is dropped: that prerequisite is ignored");
                    continue; // a done prerequisite is satisfied
                }
                out.warnings.push_back(items[k]->key + " needs initiative id " + std::to_string(pid) +
                                       ", which is not in the map: that prerequisite is ignored");
            }
            preStart[k + 1] = listed;
        }
        for (size_t k = 0; k < n; ++k) {
            preStart[k + 1] += preStart[k];
            postStart[k + 1] += postStart[k];
        }
        // Rows by key, so that everything that walks the graph is deterministic: who needs p, filled by
        // the key of who needs it; then what u needs, filled by the key of what it needs.
        // The result's links are filled at the same time, item by item: its prerequisites, then what
        // it unlocks (from preStart[k] + postStart[k]). Both in the second pass, where what p unlocks is
        // its row of `post` in order (written one after the other instead of one here and one there).
        post.resize(static_cast<size_t>(postStart[n]));
        pre.resize(static_cast<size_t>(preStart[n]));
        out.links.resize(pre.size() + post.size());
        Id* links = out.links.data();
        std::vector<int> fill(postStart.begin(), postStart.end() - 1);
        for (int uk : byKey) {
            const auto u = static_cast<size_t>(uk);
            for (int g = givenStart[u]; g < givenStart[u + 1]; ++g)
                if (const int p = found[static_cast<size_t>(g)]; p >= 0)
                    post[static_cast<size_t>(fill[static_cast<size_t>(p)]++)] = uk;
        }
        fill.assign(preStart.begin(), preStart.end() - 1);
        for (int pk : byKey) {
            const auto p = static_cast<size_t>(pk);
            const Id id = ids[p];
            Id* unlocks = links + preStart[p + 1] + postStart[p]; // what p unlocks: its row, in order
            for (int e = postStart[p]; e < postStart[p + 1]; ++e) {
                const auto u = static_cast<size_t>(post[static_cast<size_t>(e)]);
                links[postStart[u] + fill[u]] = id;
                pre[static_cast<size_t>(fill[u]++)] = pk;
                *unlocks++ = ids[u];
            }
        }
        std::sort(out.warnings.begin(), out.warnings.end(),
                  [](const std::string& a, const std::string& b) { return naturalLess(a, b); });
        release(given);
        release(givenStart);
    }

    /// Effective scores when the graph has no cycle: every item is a node of its own, and a topological
    /// sort from the end (what nothing needs first) hands each one's effective score down to its
    /// prerequisites once all that need it have handed theirs. False when there is a cycle.
    bool acyclicEffectiveScores() {
        const size_t n = items.size();
        if (anySelfLoop)
            return false;
        compEff = score;
        // The origins as places in the key order while they are handed down, so that a tie compares them
        // without looking their keys up (a load the choice waited for); items again at the end.
        compOrigin.resize(n);
        int* originKey = compOrigin.data();
        // Whether a score is handed down and whether a prerequisite becomes ready are coin tosses for the
        // branch predictor: both are computed as values instead (an item is always written after the
        // queue's end, which only moves on when it is ready).
        std::vector<int> needed(n), queue(n + 1);
        size_t queued = 0;
        for (size_t u = 0; u < n; ++u) {
            originKey[u] = keyRank[u];
            needed[u] = postStart[u + 1] - postStart[u];
            queue[queued] = static_cast<int>(u);
            queued += needed[u] == 0;
        }
        for (size_t q = 0; q < queued; ++q) {
            const auto u = static_cast<size_t>(queue[q]);
            const double eff = compEff[u];
            const int origin = originKey[u];
            for (int e = preStart[u]; e < preStart[u + 1]; ++e) {
                const auto p = static_cast<size_t>(pre[static_cast<size_t>(e)]);
                const double pe = compEff[p];
                const int po = originKey[p];
                const bool better = (eff > pe) | ((eff == pe) & (pe > score[p]) & (origin < po));
                // selected by a mask: the compiler would make a branch of `better ? eff : pe`
                const std::uint64_t take = 0 - static_cast<std::uint64_t>(better);
                compEff[p] = std::bit_cast<double>((std::bit_cast<std::uint64_t>(eff) & take) |
                                                   (std::bit_cast<std::uint64_t>(pe) & ~take));
                originKey[p] = po ^ ((origin ^ po) & static_cast<int>(take));
                queue[queued] = static_cast<int>(p);
                queued += --needed[p] == 0;
            }
        }
        for (size_t u = 0; u < n; ++u)
            compOrigin[u] = byKey[static_cast<size_t>(originKey[u])];
        if (queued != n)
            return false;
        acyclic = true;
        compCount = static_cast<int>(n);
        compBest.resize(n);
        for (size_t u = 0; u < n; ++u)
            compBest[u] = static_cast<int>(u);
        cpreCount.resize(n);
        for (size_t u = 0; u < n; ++u)
            cpreCount[u] = preStart[u + 1] - preStart[u];
        nodePostStart = postStart;
        nodePost = post;
        return true;
    }

    /// Tarjan's algorithm without recursion. Components come out prerequisites first.
    void components() {
        const size_t n = items.size();
        comp.assign(n, -1);
        std::vector<int> index(n, -1), low(n, 0), stack;
        std::vector<char> onStack(n, 0);
        std::vector<std::pair<int, int>> call; // (node, next edge)
        compMembers.reserve(n);
        compStart.reserve(n + 1);
        compStart.push_back(0);
        int counter = 0;
        for (size_t s = 0; s < n; ++s) {
            if (index[s] != -1)
                continue;
            auto visit = [&](int v) {
                index[static_cast<size_t>(v)] = low[static_cast<size_t>(v)] = counter++;
                stack.push_back(v);
                onStack[static_cast<size_t>(v)] = 1;
                call.push_back({v, preStart[static_cast<size_t>(v)]});
            };
            visit(static_cast<int>(s));
            while (!call.empty()) {
                const int v = call.back().first;
                const auto vi = static_cast<size_t>(v);
                if (call.back().second < preStart[vi + 1]) {
                    const int w = pre[static_cast<size_t>(call.back().second++)];
                    const auto wi = static_cast<size_t>(w);
                    if (index[wi] == -1)
                        visit(w);
                    else if (onStack[wi])
                        low[vi] = std::min(low[vi], index[wi]);
                    continue;
                }
                if (low[vi] == index[vi]) {
                    int w;
                    do {
                        w = stack.back();
                        stack.pop_back();
                        onStack[static_cast<size_t>(w)] = 0;
                        comp[static_cast<size_t>(w)] = compCount;
                        compMembers.push_back(w);
                    } while (w != v);
                    compStart.push_back(static_cast<int>(compMembers.size()));
                    ++compCount;
                }
                call.pop_back();
                if (!call.empty()) {
                    const auto ui = static_cast<size_t>(call.back().first);
                    low[ui] = std::min(low[ui], low[vi]);
                }
            }
        }
    }

    void condense() {
        const auto C = static_cast<size_t>(compCount);
        cpostStart.assign(C + 1, 0);
        cpreCount.assign(C, 0);
        for (size_t u = 0; u < items.size(); ++u)
            for (int e = preStart[u]; e < preStart[u + 1]; ++e) {
                const int cp = comp[static_cast<size_t>(pre[static_cast<size_t>(e)])];
                if (cp != comp[u]) {
                    ++cpostStart[static_cast<size_t>(cp) + 1];
                    ++cpreCount[static_cast<size_t>(comp[u])];
                }
            }
        for (size_t c = 0; c < C; ++c)
            cpostStart[c + 1] += cpostStart[c];
        cpost.resize(static_cast<size_t>(cpostStart[C]));
        std::vector<int> fill(cpostStart.begin(), cpostStart.end() - 1);
        for (size_t u = 0; u < items.size(); ++u)
            for (int e = preStart[u]; e < preStart[u + 1]; ++e) {
                const int cp = comp[static_cast<size_t>(pre[static_cast<size_t>(e)])];
                if (cp != comp[u])
                    cpost[static_cast<size_t>(fill[static_cast<size_t>(cp)]++)] = comp[u];
            }
        nodePostStart = cpostStart;
        nodePost = cpost;
    }

    void summariseComponents() {
        const auto C = static_cast<size_t>(compCount);
        compOwn.assign(C, 0);
        compEff.assign(C, 0);
        compOrigin.assign(C, 0);
        compBest.assign(C, 0);
        compRep.assign(C, 0);
        compManual.assign(C, kNoManual);
        compCycle.assign(C, -1);
        std::vector<std::pair<RankCycle, size_t>> cycles;
        for (size_t c = 0; c < C; ++c) {
            auto b = compMembers.begin() + compStart[c], e = compMembers.begin() + compStart[c + 1];
            if (e - b > 1)
                std::sort(b, e, [&](int x, int y) {
                    const auto xi = static_cast<size_t>(x), yi = static_cast<size_t>(y);
                    if (score[xi] != score[yi])
                        return score[xi] > score[yi];
                    return keyRank[xi] < keyRank[yi];
                });
            compOrigin[c] = compBest[c] = *b; // the best-scored member
            compOwn[c] = compEff[c] = score[static_cast<size_t>(*b)];
            int rep = *b;
            for (auto it = b; it != e; ++it) {
                if (keyRank[static_cast<size_t>(*it)] < keyRank[static_cast<size_t>(rep)])
                    rep = *it;
                compManual[c] = std::min(compManual[c], manualOf[static_cast<size_t>(*it)]);
            }
            compRep[c] = rep;
            if (e - b > 1 || selfLoop[static_cast<size_t>(*b)]) {
                RankCycle cyc;
                std::vector<int> m(b, e);
                std::sort(m.begin(), m.end(), [&](int x, int y) {
                    return keyRank[static_cast<size_t>(x)] < keyRank[static_cast<size_t>(y)];
                });
                for (int x : m) {
                    cyc.members.push_back(items[static_cast<size_t>(x)]->id);
                    cyc.keys.push_back(items[static_cast<size_t>(x)]->key);
                }
                cyc.message = "prerequisite cycle: " + cycleText(m);
                cycles.push_back({std::move(cyc), c});
            }
        }
        std::sort(cycles.begin(), cycles.end(), [](const auto& a, const auto& b) {
            return naturalLess(a.first.keys.front(), b.first.keys.front());
        });
        for (auto& [cyc, c] : cycles) {
            compCycle[c] = static_cast<int>(out.cycles.size());
            out.cycles.push_back(std::move(cyc));
        }
        // Effective scores: dependents (higher component numbers) hand theirs down to their prerequisites.
        for (size_t c = C; c-- > 0;) {
            for (int m = compStart[c]; m < compStart[c + 1]; ++m) {
                const auto u = static_cast<size_t>(compMembers[static_cast<size_t>(m)]);
                for (int e = preStart[u]; e < preStart[u + 1]; ++e) {
                    const auto cp =
                        static_cast<size_t>(comp[static_cast<size_t>(pre[static_cast<size_t>(e)])]);
                    if (cp == c)
                        continue;
                    const bool higher = compEff[c] > compEff[cp];
                    const bool tieBetterOrigin = compEff[c] == compEff[cp] && compEff[cp] > compOwn[cp] &&
                                                 keyRank[static_cast<size_t>(compOrigin[c])] <
                                                     keyRank[static_cast<size_t>(compOrigin[cp])];
                    if (higher || tieBetterOrigin) {
                        compEff[cp] = compEff[c];
                        compOrigin[cp] = compOrigin[c];
                    }
                }
            }
        }
    }

    /// One total order of the nodes, so that the queue compares integers: by (effective score, own
    /// score) descending, then key. Scores are ranked once (an effective score is the own score of the
    /// item it came from), and the nodes sorted by counting on those ranks.
    void prioritise() {
        const size_t n = items.size();
        const auto C = static_cast<size_t>(compCount);
        // Scores take few distinct values: each item's is found in a table of them by its bits, and the
        // distinct ones are sorted (by descending(), as the queue wants larger scores first).
        size_t tableSize = 16;
        while (tableSize < 2 * n)
            tableSize *= 2;
        std::vector<std::uint64_t> slotKey(tableSize);
        std::vector<int> slotLevel(tableSize, -1);
        std::vector<std::uint64_t> levelKey;
        scoreLevel.resize(n);
        const int shift = 64 - std::countr_zero(tableSize);
        for (size_t k = 0; k < n; ++k) {
            const std::uint64_t key = descending(score[k]);
            size_t h = static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> shift);
            while (slotLevel[h] >= 0 && slotKey[h] != key)
                h = (h + 1) & (tableSize - 1);
            if (slotLevel[h] < 0) {
                slotKey[h] = key;
                slotLevel[h] = static_cast<int>(levelKey.size());
                levelKey.push_back(key);
            }
            scoreLevel[k] = slotLevel[h];
        }
        const size_t levels = levelKey.size();
        std::vector<int> byLevel(levels), levelRank(levels);
        for (size_t l = 0; l < levels; ++l)
            byLevel[l] = static_cast<int>(l);
        std::sort(byLevel.begin(), byLevel.end(), [&](int x, int y) {
            return levelKey[static_cast<size_t>(x)] < levelKey[static_cast<size_t>(y)];
        });
        for (size_t r = 0; r < levels; ++r)
            levelRank[static_cast<size_t>(byLevel[r])] = static_cast<int>(r);
        for (int& l : scoreLevel)
            l = levelRank[static_cast<size_t>(l)]; // now 0 for the highest score
        // The nodes by (effective score, own score) descending, then key: sorted by counting from the
        // last of these, starting from the key order. An effective score is the own score of the item it
        // came from; a node's own score is its best member's.
        auto levelOf = [&](int item) { return scoreLevel[static_cast<size_t>(item)]; };
        if (acyclic) {
            prioComp = byKey;
        } else {
            std::vector<int> atKey(n, -1);
            for (size_t c = 0; c < C; ++c)
                atKey[static_cast<size_t>(keyRank[static_cast<size_t>(compRep[c])])] = static_cast<int>(c);
            prioComp.clear();
            prioComp.reserve(C);
            for (int c : atKey)
                if (c >= 0)
                    prioComp.push_back(c);
        }
        countingSortBy(prioComp, levels, [&](int c) { return levelOf(compBest[static_cast<size_t>(c)]); });
        countingSortBy(prioComp, levels, [&](int c) { return levelOf(compOrigin[static_cast<size_t>(c)]); });
        compPrio.resize(C);
        for (size_t r = 0; r < C; ++r)
            compPrio[static_cast<size_t>(prioComp[r])] = static_cast<int>(r);
        release(scoreLevel);
    }

    /// "I-4 is planned for Now but needs I-2, which is in Next: it is placed in Next too", made in one
    /// string instead of a temporary per part (a map can have many).
    static std::string plannedTooEarly(const Initiative& planned, int plannedPhase, const Initiative& needed,
                                       int neededPhase) {
        const std::string_view parts[] = {planned.key,
                                          " is planned for ",
                                          kPhaseTitles[plannedPhase],
                                          " but needs ",
                                          needed.key,
                                          ", which is in ",
                                          kPhaseTitles[neededPhase],
                                          ": it is placed in ",
                                          kPhaseTitles[neededPhase],
                                          " too"};
        size_t size = 0;
        for (std::string_view part : parts)
            size += part.size();
        std::string s;
        s.reserve(size);
        for (std::string_view part : parts)
            s += part;
        return s;
    }

    /// "I-3 → I-7 → I-3": a walk around the cycle through prerequisite links, from its first key.
    std::string cycleText(const std::vector<int>& members) const {
        const int start = members.front();
        if (members.size() == 1)
            return items[static_cast<size_t>(start)]->key + " → " + items[static_cast<size_t>(start)]->key;
        const int c = comp[static_cast<size_t>(start)];
        // Breadth-first search inside the component for the shortest way back to start.
        std::vector<int> from(items.size(), -2);
        std::vector<int> queue{start};
        from[static_cast<size_t>(start)] = -1;
        int last = -1;
        for (size_t q = 0; q < queue.size() && last < 0; ++q) {
            const auto u = static_cast<size_t>(queue[q]);
            for (int e = preStart[u]; e < preStart[u + 1]; ++e) {
                const int w = pre[static_cast<size_t>(e)];
                if (comp[static_cast<size_t>(w)] != c)
                    continue;
                if (w == start) {
                    last = static_cast<int>(u);
                    break;
                }
                if (from[static_cast<size_t>(w)] == -2) {
                    from[static_cast<size_t>(w)] = static_cast<int>(u);
                    queue.push_back(w);
                }
            }
        }
        std::vector<int> path;
        for (int v = last; v >= 0; v = from[static_cast<size_t>(v)])
            path.push_back(v);
        std::reverse(path.begin(), path.end());
        std::string s;
        constexpr size_t kShown = 8; // a long cycle is named by its first steps and its size
        for (size_t i = 0; i < path.size() && i < kShown; ++i)
            s += items[static_cast<size_t>(path[i])]->key + " → ";
        if (path.size() > kShown)
            s += "... → ";
        s += items[static_cast<size_t>(start)]->key;
        if (path.size() > kShown)
            s += " (" + std::to_string(path.size()) + " initiatives)";
        return s;
    }

    /// The nodes renumbered by priority for the orderings: the dependents of each node as priorities, in
    /// one row per priority, and its count of prerequisite links. The orderings take the nodes in about
    /// the order of their priorities, so they read the rows almost in order, and no node's priority is
    /// looked up on the way (each was a load that the next choice waited for).
    struct PriorityGraph {
        std::vector<int> rowStart;          // by priority: its row of dependents, rows[rowStart[m]..]
        std::unique_ptr<int[]> rows;        // the dependents, as priorities
        std::vector<int> prerequisiteLinks; // by priority: how many links it needs
    };

    PriorityGraph byPriority() const {
        const auto C = static_cast<size_t>(compCount);
        PriorityGraph g;
        g.rowStart.assign(C + 1, 0);
        g.prerequisiteLinks.resize(C);
        g.rows = std::make_unique_for_overwrite<int[]>(nodePost.size());
        const int* postStarts = nodePostStart.data();
        const int* posts = nodePost.data();
        const int* prio = compPrio.data();
        int* rowStart = g.rowStart.data();
        for (size_t c = 0; c < C; ++c)
            rowStart[prio[c] + 1] = postStarts[c + 1] - postStarts[c];
        for (size_t m = 0; m < C; ++m)
            rowStart[m + 1] += rowStart[m];
        for (size_t c = 0; c < C; ++c) {
            const auto m = static_cast<size_t>(prio[c]);
            g.prerequisiteLinks[m] = cpreCount[c];
            int* row = g.rows.get() + rowStart[m];
            for (int e = postStarts[c]; e < postStarts[c + 1]; ++e)
                *row++ = prio[posts[e]];
        }
        return g;
    }

    /// A topological order of the nodes, best available first.
    std::vector<int> placeByPriority(const PriorityGraph& g) const {
        const auto C = static_cast<size_t>(compCount);
        std::vector<int> remaining = g.prerequisiteLinks; // by priority: links to unplaced prerequisites
        ScanSet available(C);                             // the priorities of the available nodes
        for (size_t m = 0; m < C; ++m)
            if (remaining[m] == 0)
                available.insert(m);
        std::vector<int> order(C);
        size_t placed = 0;
        const int* rowStart = g.rowStart.data();
        const int* rows = g.rows.get();
        int* left = remaining.data();
        while (!available.empty()) {
            const size_t m = available.popMin();
            order[placed++] = prioComp[m];
            for (int e = rowStart[m]; e < rowStart[m + 1]; ++e) {
                const auto q = static_cast<size_t>(rows[e]);
                available.insertIf(q, --left[q] == 0);
            }
        }
        order.resize(placed);
        return order;
    }

    /// A topological order of the nodes, best available first, with manual ranks honoured.
    std::vector<int> placeWithManualRanks(const PriorityGraph& g) const {
        const auto C = static_cast<size_t>(compCount);
        std::vector<int> remaining = g.prerequisiteLinks; // by priority: links to unplaced prerequisites
        ScanSet available(C);           // the priorities of the available nodes that are not manual
        std::vector<char> placed(C, 0); // by priority
        // manual nodes: all of them by (rank, key), and the available ones
        std::vector<int> manual;
        std::vector<char> manualAt(C, 0); // by priority
        std::set<std::pair<std::pair<int, int>, int>> manualReady;
        auto manualKey = [this](int c) {
            return std::pair<int, int>{compManual[static_cast<size_t>(c)],
                                       keyRank[static_cast<size_t>(repOf(c))]};
        };
        auto isManual = [&](int c) { return compManual[static_cast<size_t>(c)] != kNoManual; };
        for (size_t m = 0; m < C; ++m) {
            const int c = prioComp[m];
            if (isManual(c)) {
                manual.push_back(c);
                manualAt[m] = 1;
                if (remaining[m] == 0)
                    manualReady.insert({manualKey(c), c});
            } else if (remaining[m] == 0) {
                available.insert(m);
            }
        }
        std::sort(manual.begin(), manual.end(), [&](int a, int b) { return manualKey(a) < manualKey(b); });

        std::vector<int> order;
        order.reserve(C);
        const int* rowStart = g.rowStart.data();
        const int* rows = g.rows.get();
        int* left = remaining.data();
        // A manual node that is due but waits for prerequisites: the best available of its unplaced
        // prerequisites (transitively) goes first. They are found once when it falls due (marked in
        // `pending`, by priority), and those that become available later join `pendingReady` as they do.
        std::vector<char> pending(C, 0);
        std::vector<int> pendingList;       // nodes
        std::optional<MinSet> pendingReady; // the priorities of the available ones
        int due = -1;
        size_t nextManual = 0;
        int position = 1; // the place the next node's first member gets
        // The node of priority m goes next (placed already): it takes its places, and each node after it
        // whose prerequisites are now all placed becomes available (or ready, for a manual one) and, with
        // `Pending` while a manual rank is due, one of those the due node waits for.
        auto follow = [&]<class Pending>(size_t m, Pending) {
            const int c = prioComp[m];
            order.push_back(c);
            position +=
                acyclic ? 1 : compStart[static_cast<size_t>(c) + 1] - compStart[static_cast<size_t>(c)];
            for (int e = rowStart[m]; e < rowStart[m + 1]; ++e) {
                const auto q = static_cast<size_t>(rows[e]);
                const bool nowReady = --left[q] == 0; // a coin toss: no branch on it
                if (manualAt[q]) {
                    if (nowReady)
                        manualReady.insert({manualKey(prioComp[q]), prioComp[q]});
                } else {
                    available.insertIf(q, nowReady);
                }
                if constexpr (Pending::value)
                    if (pending[q] && nowReady)
                        pendingReady->insert(q);
            }
        };
        while (order.size() < C) {
            while (nextManual < manual.size() &&
                   placed[static_cast<size_t>(compPrio[static_cast<size_t>(manual[nextManual])])])
                ++nextManual;
            // Until the next manual node falls due, the best available node that is not manual goes next
            // (what `pending` holds matters only while one is due: it is found again for the next one).
            const int dueAt = nextManual < manual.size() ? compManual[static_cast<size_t>(manual[nextManual])]
                                                         : std::numeric_limits<int>::max();
            while (position < dueAt && !available.empty()) {
                const size_t m = available.popMin();
                placed[m] = 1;
                follow(m, std::false_type{});
            }
            if (order.size() == C)
                break;
            int chosen = -1;
            if (nextManual < manual.size() &&
                compManual[static_cast<size_t>(manual[nextManual])] <= position) {
                const int mn = manual[nextManual];
                const auto mp = static_cast<size_t>(compPrio[static_cast<size_t>(mn)]);
                if (remaining[mp] == 0) {
                    chosen = mn;
                } else {
                    if (due != mn) {
                        due = mn;
                        for (int c : pendingList)
                            pending[static_cast<size_t>(compPrio[static_cast<size_t>(c)])] = 0;
                        pendingList.assign(1, mn);
                        pending[mp] = 1;
                        if (pendingReady)
                            pendingReady->clear();
                        else
                            pendingReady.emplace(C);
                        for (size_t t = 0; t < pendingList.size(); ++t) {
                            const auto c = static_cast<size_t>(pendingList[t]);
                            forEachPrerequisiteNode(c, [&](size_t cpi) {
                                const auto q = static_cast<size_t>(compPrio[cpi]);
                                if (placed[q] || pending[q])
                                    return;
                                pending[q] = 1;
                                pendingList.push_back(static_cast<int>(cpi));
                                if (remaining[q] == 0)
                                    pendingReady->insert(q);
                            });
                        }
                    }
                    if (!pendingReady->empty())
                        chosen = prioComp[pendingReady->min()];
                }
            }
            bool taken = false; // out of `available` already
            if (chosen < 0 && !available.empty()) {
                chosen = prioComp[available.popMin()];
                taken = true;
            }
            if (chosen < 0 && !manualReady.empty())
                chosen = manualReady.begin()->second;
            if (chosen < 0)
                break; // cannot happen: the condensed graph has no cycle
            const auto mc = static_cast<size_t>(compPrio[static_cast<size_t>(chosen)]);
            placed[mc] = 1;
            if (isManual(chosen))
                manualReady.erase({manualKey(chosen), chosen});
            else if (!taken)
                available.erase(mc);
            if (pending[mc])
                pendingReady->erase(mc);
            follow(mc, std::true_type{});
        }
        return order;
    }

    int repOf(int c) const { return acyclic ? c : compRep[static_cast<size_t>(c)]; }

    /// Calls f(node) for every prerequisite link of node c's members to another node.
    template <class F> void forEachPrerequisiteNode(size_t c, F&& f) const {
        if (acyclic) {
            for (int e = preStart[c]; e < preStart[c + 1]; ++e)
                f(static_cast<size_t>(pre[static_cast<size_t>(e)]));
            return;
        }
        for (int k = compStart[c]; k < compStart[c + 1]; ++k) {
            const auto u = static_cast<size_t>(compMembers[static_cast<size_t>(k)]);
            for (int e = preStart[u]; e < preStart[u + 1]; ++e) {
                const auto cp = static_cast<size_t>(comp[static_cast<size_t>(pre[static_cast<size_t>(e)])]);
                if (cp != c)
                    f(cp);
            }
        }
    }

    /// The items in the order of the nodes.
    std::vector<int> expand(std::vector<int> nodeOrder) const {
        if (acyclic)
            return nodeOrder;
        std::vector<int> o;
        o.reserve(items.size());
        for (int c : nodeOrder)
            o.insert(o.end(), compMembers.begin() + compStart[static_cast<size_t>(c)],
                     compMembers.begin() + compStart[static_cast<size_t>(c) + 1]);
        return o;
    }

    void run() {
        // The rows first, at the bottom of the heap: the working arrays, released before the rows are
        // built, then leave no hole the rows do not fit in (the heap stays smaller, and malloc keeps it).
        out.ranked.reserve(in.initiatives.size());
        collect();
        scoreAll();
        sortKeys();
        buildGraph();
        if (!acyclicEffectiveScores()) {
            components();
            condense();
            summariseComponents();
        } else {
            compManual = manualOf; // read by the manual placing only
        }
        prioritise();

        const PriorityGraph graph = byPriority();
        const std::vector<int> order =
            expand(anyManual ? placeWithManualRanks(graph) : placeByPriority(graph));
        {
            const std::vector<int> autoOrder =
                anyManual ? expand(placeByPriority(graph)) : std::vector<int>();
            const std::vector<int>& o = anyManual ? autoOrder : order;
            autoRankOf.resize(items.size());
            for (size_t r = 0; r < o.size(); ++r)
                autoRankOf[static_cast<size_t>(o[r])] = static_cast<int>(r + 1);
        }
        placePhasesAndResult(order);
    }

    /// Phases Now / Next / Later against the capacity, then the final ranks and the structured result.
    void placePhasesAndResult(const std::vector<int>& order) {
        const size_t n = items.size();
        const double cap[3] = {set.capacityNow, set.capacityNext, set.capacityLater};
        std::vector<signed char> phase(n, kUnscheduled);
        std::vector<char> pinned(n, 0);
        std::vector<PhaseReason> why(n, PhaseReason::Beyond);
        std::vector<int> phaseBy(n, -1);
        double used[4] = {0, 0, 0, 0};
        int count[4] = {0, 0, 0, 0};
        bool anyPinned = false;
        if (set.respectPlannedPhases) {
            for (size_t k = 0; k < n; ++k) {
                const int p = plannedPhase[k];
                if (p >= 0) {
                    pinned[k] = 1;
                    anyPinned = true;
                    phase[k] = static_cast<signed char>(p == kInProgress ? kNow : p);
                    why[k] = p == kInProgress ? PhaseReason::InProgress : PhaseReason::Planned;
                    used[phase[k]] += effort[k];
                    ++count[phase[k]];
                }
            }
        }
        // The current phase's load is kept in locals (not read back from the arrays item after item).
        int cur = kNow;
        double curUsed = used[kNow], curCap = cap[kNow];
        int curCount = count[kNow];
        for (int u : order) {
            const auto k = static_cast<size_t>(u);
            if (pinned[k])
                continue;
            const double e = effort[k];
            bool movedOn = false;
            while (cur <= kLater && curCap > 0 && curUsed + e > curCap && curCount > 0) {
                used[cur] = curUsed;
                count[cur] = curCount;
                ++cur;
                movedOn = true;
                curUsed = used[cur]; // kUnscheduled after Later
                curCount = count[cur];
                curCap = cur <= kLater ? cap[cur] : 0;
            }
            phase[k] = static_cast<signed char>(cur);
            why[k] = cur > kLater              ? PhaseReason::Beyond
                     : curCap <= 0             ? PhaseReason::Unlimited
                     : curUsed + e > curCap    ? PhaseReason::Oversize
                     : (movedOn || cur > kNow) ? PhaseReason::Full
                                               : PhaseReason::Fits;
            curUsed += e;
            ++curCount;
        }
        used[cur] = curUsed;
        count[cur] = curCount;
        // Prerequisites of a planned initiative come into its phase; nothing is in an earlier phase than
        // what it needs. Without planned phases the order already is so: the phases are filled in it,
        // and a cycle's members are placed together.
        if (anyPinned) {
            // The phases were filled in the order, so an item's prerequisites are in its phase or an
            // earlier one unless a planned initiative is involved: only planned initiatives and those
            // pulled in pull their prerequisites in (in reverse order); then only planned initiatives and
            // those after a planned or pushed-back one can be pushed back (in order).
            auto sameNode = [&](size_t a, size_t b) { return acyclic ? a == b : comp[a] == comp[b]; };
            for (auto it = order.rbegin(); it != order.rend(); ++it) {
                const auto u = static_cast<size_t>(*it);
                if (!pinned[u] && why[u] != PhaseReason::PulledIn)
                    continue;
                // Whether a prerequisite is pulled in is a coin toss: it is selected through masks.
                const int to = phase[u];
                for (int e = preStart[u]; e < preStart[u + 1]; ++e) {
                    const auto p = static_cast<size_t>(pre[static_cast<size_t>(e)]);
                    const int from = phase[p];
                    const int pull = -(static_cast<int>(from > to) & static_cast<int>(!pinned[p]) &
                                       static_cast<int>(!sameNode(p, u)));
                    phase[p] = static_cast<signed char>(from ^ ((from ^ to) & pull));
                    const int reason = static_cast<int>(why[p]);
                    why[p] = static_cast<PhaseReason>(
                        reason ^ ((reason ^ static_cast<int>(PhaseReason::PulledIn)) & pull));
                    phaseBy[p] ^= (phaseBy[p] ^ static_cast<int>(u)) & pull;
                }
            }
            std::vector<char> after(n, 0); // after a planned or pushed-back item in a later phase
            auto markDependents = [&](size_t p) {
                for (int e = postStart[p]; e < postStart[p + 1]; ++e) {
                    const auto u = static_cast<size_t>(post[static_cast<size_t>(e)]);
                    after[u] |= phase[u] < phase[p];
                }
            };
            for (size_t k = 0; k < n; ++k)
                if (pinned[k])
                    markDependents(k);
            // An item pulled in has every prerequisite in its phase or an earlier one, but for a planned
            // one, which marked it as after: only planned items and those after one can be pushed back.
            // Only those in an earlier phase than that one are marked: phases only grow in this pass, and
            // an item whose phase grows marks its dependents again.
            for (int uu : order) {
                const auto u = static_cast<size_t>(uu);
                if (!after[u] && !pinned[u])
                    continue;
                const signed char before = phase[u];
                for (int e = preStart[u]; e < preStart[u + 1]; ++e) {
                    const auto p = static_cast<size_t>(pre[static_cast<size_t>(e)]);
                    if (phase[p] <= phase[u] || sameNode(p, u))
                        continue;
                    if (pinned[u])
                        out.warnings.push_back(plannedTooEarly(*items[u], phase[u], *items[p], phase[p]));
                    phase[u] = phase[p];
                    why[u] = PhaseReason::PushedBack;
                    phaseBy[u] = static_cast<int>(p);
                }
                if (phase[u] != before)
                    markDependents(u);
            }
            std::fill(std::begin(used), std::end(used), 0.0);
            std::fill(std::begin(count), std::end(count), 0);
            for (size_t k = 0; k < n; ++k) {
                used[phase[k]] += effort[k];
                ++count[phase[k]];
            }
        }
        for (int p = kNow; p <= kLater; ++p) {
            out.phases.push_back({kPhaseNames[p], cap[p], used[p], count[p]});
            if (cap[p] > 0 && used[p] > cap[p])
                out.warnings.push_back(std::string(kPhaseTitles[p]) + " holds " + num(used[p]) +
                                       " person-weeks, over its capacity of " + num(cap[p]));
        }
        if (count[kUnscheduled] > 0)
            out.warnings.push_back(std::to_string(count[kUnscheduled]) +
                                   (count[kUnscheduled] == 1 ? " initiative does" : " initiatives do") +
                                   " not fit in the capacity of Later: unscheduled");

        // ---- final ranks: phase by phase, in order ----
        std::vector<int> final(n);
        {
            int next[4] = {0, count[0], count[0] + count[1], count[0] + count[1] + count[2]};
            for (int u : order)
                final[static_cast<size_t>(next[phase[static_cast<size_t>(u)]]++)] = u;
        }

        // What the result reads of each item, next to its facts.
        for (size_t k = 0; k < n; ++k) {
            Facts& f = facts[k];
            const size_t c = nodeOf(k);
            const double own = acyclic ? f.score : compOwn[c];
            f.effectiveScore = std::max(f.score, compEff[c]);
            // whether it was pulled forward, and whether it has a phaseBy, are coin tosses: the ids are
            // written either way (read only when they are)
            f.pulled = compEff[c] > own;
            f.pulledForwardBy = ids[static_cast<size_t>(compOrigin[c])];
            f.phase = phase[k];
            f.phaseReason = static_cast<std::uint8_t>(why[k]);
            f.phasePlanned = pinned[k] && phaseBy[k] < 0;
            f.hasPhaseBy = phaseBy[k] >= 0;
            f.phaseBy = ids[static_cast<size_t>(std::max(phaseBy[k], 0))];
            f.autoRank = autoRankOf[k];
            f.linksBegin = preStart[k] + postStart[k];
            f.prerequisites = preStart[k + 1] - preStart[k];
            f.unlocks = postStart[k + 1] - postStart[k];
        }
        releaseWorkingArrays();
        release(phase);
        release(pinned);
        release(why);
        release(phaseBy);

        out.settings = set;
        out.settings.preset = set.matchingPreset();
        out.maxVotes = static_cast<int>(maxVotes);
        std::vector<int> position(n + excludedIn.size(), 0); // of each item and excluded one in the result
        // The words of the rows, in one block that the result keeps (they view it).
        auto text = std::make_shared<std::string>(textSize, '\0');
        char* textEnd = text->data();
        auto keep = [&textEnd](const std::string& s) {
            std::memcpy(textEnd, s.data(), s.size());
            const std::string_view kept(textEnd, s.size());
            textEnd += s.size();
            return kept;
        };
        // The items are read in rank order, one here and one there: their facts are asked for a few
        // rows ahead, and the initiative's names once its facts are there. The rows' own lines are asked
        // for writing a few rows ahead too (within what run() reserved), so that the stores do not wait
        // for them in turn.
        constexpr size_t kAhead = 8;
        constexpr size_t kRowsAhead = 8;
        auto prefetchFacts = [&](size_t k) {
            __builtin_prefetch(&facts[k]);
            __builtin_prefetch(reinterpret_cast<const char*>(&facts[k] + 1) - 1);
        };
        auto prefetchNames = [&](size_t k) {
            const Initiative* it = facts[k].item;
            __builtin_prefetch(&it->key);
            __builtin_prefetch(reinterpret_cast<const char*>(&it->title + 1) - 1);
        };
        for (size_t r = 0; r < n && r < 2 * kAhead; ++r)
            prefetchFacts(static_cast<size_t>(final[r]));
        for (size_t r = 0; r < n && r < kAhead; ++r)
            prefetchNames(static_cast<size_t>(final[r]));
        for (size_t r = 0; r < n; ++r) {
            const auto k = static_cast<size_t>(final[r]);
            if (r + 2 * kAhead < n)
                prefetchFacts(static_cast<size_t>(final[r + 2 * kAhead]));
            if (r + kAhead < n)
                prefetchNames(static_cast<size_t>(final[r + kAhead]));
            if (r + kRowsAhead < n) {
                const char* row = reinterpret_cast<const char*>(out.ranked.data() + r + kRowsAhead);
                for (size_t b = 0; b < sizeof(RankedInitiative); b += 64)
                    __builtin_prefetch(row + b, 1);
            }
            position[k] = static_cast<int>(r);
            const Facts& f = facts[k];
            const Initiative& it = *f.item;
            RankedInitiative& ri = out.ranked.emplace_back();
            ri.id = it.id;
            ri.key = keep(it.key);
            ri.title = keep(it.title);
            ri.rank = static_cast<int>(r + 1);
            ri.autoRank = f.autoRank;
            ri.score = f.score;
            ri.effectiveScore = f.effectiveScore;
            const std::optional<Id> pulledChoice[2] = {std::nullopt, f.pulledForwardBy}; // not a branch
            ri.pulledForwardBy = pulledChoice[f.pulled];
            ri.value = f.value;
            ri.urgency = f.urgency;
            ri.votes = maxVotes > 0 ? 10.0 * std::max(f.votes, 0) / maxVotes : 0;
            ri.votesCast = f.votes;
            ri.reach = f.reach;
            ri.confidence = f.confidence;
            ri.riskReduction = f.riskReduction;
            ri.riskReductionDerived = f.riskDerived;
            ri.risksBegin = f.risksBegin;
            ri.risksEnd = f.risksEnd;
            ri.effort = f.effort;
            ri.phase = kPhaseNames[f.phase];
            ri.phasePlanned = f.phasePlanned;
            ri.phaseReason = static_cast<PhaseReason>(f.phaseReason);
            const std::optional<Id> phaseByChoice[2] = {std::nullopt, f.phaseBy};
            ri.phaseBy = phaseByChoice[f.hasPhaseBy];
            if (f.hasManual) {
                ri.manualRank = it.manualRank;
                ri.manualRankReason = keep(it.manualRankReason);
            }
            if (f.status >= 0)
                ri.status = kStatuses[f.status];
            else
                ri.status = keep(it.status);
            ri.prerequisitesBegin = f.linksBegin;
            ri.prerequisitesEnd = ri.unlocksBegin = f.linksBegin + f.prerequisites;
            ri.unlocksEnd = ri.unlocksBegin + f.unlocks;
            ri.cycle = acyclic ? -1 : compCycle[static_cast<size_t>(comp[k])];
        }

        out.risks.reserve(exposures.size());
        for (size_t x = 0; x < exposures.size(); ++x) {
            if (x + kAhead < exposures.size())
                __builtin_prefetch(&in.risks[static_cast<size_t>(exposures[x + kAhead].risk)].key);
            const Risk& risk = in.risks[static_cast<size_t>(exposures[x].risk)];
            out.risks.push_back({risk.id, keep(risk.key), exposures[x].likelihood, exposures[x].impact});
        }

        // ---- excluded ----
        std::vector<int> ex(excludedIn.size());
        for (size_t j = 0; j < ex.size(); ++j)
            ex[j] = static_cast<int>(j);
        std::sort(ex.begin(), ex.end(), [&](int a, int b) {
            const Initiative* x = excludedIn[static_cast<size_t>(a)];
            const Initiative* y = excludedIn[static_cast<size_t>(b)];
            if (x->key != y->key)
                return naturalLess(x->key, y->key);
            return x->id < y->id;
        });
        out.excluded.reserve(ex.size());
        for (int j : ex) {
            const Initiative* i = excludedIn[static_cast<size_t>(j)];
            position[n + static_cast<size_t>(j)] = static_cast<int>(n + out.excluded.size());
            RankedInitiative& ri = out.excluded.emplace_back();
            ri.id = i->id;
            ri.key = keep(i->key);
            ri.title = keep(i->title);
            ri.effort = i->effort;
            const int status = statusCode(i->status);
            ri.status = status >= 0 ? kStatuses[status] : keep(i->status);
            ri.manualRank = i->manualRank;
            ri.manualRankReason = keep(i->manualRankReason);
        }
        idIndex.remap(position);
        out.index = std::move(idIndex);
        out.text = std::move(text);
    }
};

} // namespace

RankResult rank(const RankInput& input) {
    Engine e(input);
    e.run();
    return std::move(e.out);
}

namespace {

void append(std::string& s, int v) {
    char buf[16];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    s.append(buf, r.ptr);
}

void appendSize(std::string& s, size_t v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    s.append(buf, r.ptr);
}

/// num() without a temporary.
void appendNum(std::string& s, double v) {
    if (!std::isfinite(v)) {
        s += '0';
        return;
    }
    char buf[48];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 2);
    char* end = r.ptr;
    if (std::find(buf, end, '.') != end) {
        while (end[-1] == '0')
            --end;
        if (end[-1] == '.')
            --end;
    }
    if (end - buf == 2 && buf[0] == '-' && buf[1] == '0') {
        s += '0';
        return;
    }
    s.append(buf, static_cast<size_t>(end - buf));
}

/// "#3 I-5" for an initiative of the result (by id).
void appendRef(std::string& s, const RankResult& result, Id id) {
    const RankedInitiative* r = result.find(id);
    s += '#';
    append(s, r ? r->rank : 0);
    s += ' ';
    if (r)
        s += r->key;
    else
        s += std::to_string(id);
}

/// "from R-1 2×5, R-3 4×4 = exposure 26, ×10/25": the risks a risk reduction was derived from.
std::string riskReductionNote(const RankResult& result, const RankedInitiative& r) {
    const auto risks = result.risksOf(r);
    std::string note;
    if (risks.empty())
        return note;
    int exposure = 0;
    for (size_t i = 0; i < risks.size(); ++i) {
        const RiskExposure& x = risks[i];
        exposure += x.likelihood * x.impact;
        if (i < 3) {
            note += i == 0 ? "from " : ", ";
            note += x.key;
            note += ' ';
            append(note, x.likelihood);
            note += "×";
            append(note, x.impact);
        } else if (i == 3) {
            note += ", ...";
        }
    }
    if (risks.size() > 1) {
        note += " = exposure ";
        appendNum(note, exposure);
    }
    note += ", ×10/25";
    return note;
}

} // namespace

std::string explanation(const RankResult& result, const RankedInitiative& r) {
    if (r.rank == 0) {
        std::string s(r.key);
        s += ": ";
        s += r.status;
        s += ", not ranked";
        return s;
    }
    const RankSettings& set = result.settings;
    std::string s;
    s.reserve(256);
    s += '#';
    append(s, r.rank);
    s += ' ';
    s += r.key;
    s += ": score ";
    appendNum(s, r.score);
    s += " = ";

    // the formula
    const auto terms = scoreTerms(result, r);
    const bool factors = set.useReach || set.useConfidence || set.divideByEffort;
    const bool parenthesised = factors && terms.size() > 1;
    if (parenthesised)
        s += '(';
    for (size_t i = 0; i < terms.size(); ++i) {
        const ScoreTerm& t = terms[i];
        if (i)
            s += " + ";
        s += t.name;
        s += ' ';
        appendNum(s, t.amount);
        s += "×";
        appendNum(s, t.weight);
        if (!t.note.empty()) {
            s += " (";
            s += t.note;
            s += ')';
        }
    }
    if (terms.empty())
        s += "0 (every weight is 0)";
    if (parenthesised)
        s += ')';
    if (set.useReach) {
        s += " × reach ";
        append(s, r.reach);
        s += r.reach == 1 ? " system" : " systems";
    }
    if (set.useConfidence) {
        s += " × confidence ";
        append(s, r.confidence);
        s += '%';
    }
    if (set.divideByEffort) {
        s += " / effort ";
        append(s, std::max(r.effort, 1));
        s += " pw";
    }

    if (r.manualRank) {
        s += "; manual rank ";
        append(s, *r.manualRank);
        s += " (";
        s += r.manualRankReason.empty() ? std::string_view("no reason given")
                                        : std::string_view(r.manualRankReason);
        s += "); by score alone #";
        append(s, r.autoRank);
        if (r.rank != *r.manualRank) {
            s += "; placed #";
            append(s, r.rank);
            s += ": prerequisites, phases and other manual ranks first";
        }
    }
    if (r.pulledForwardBy) {
        s += "; pulled forward to score ";
        appendNum(s, r.effectiveScore);
        s += ": ";
        appendRef(s, result, *r.pulledForwardBy);
        s += " (score ";
        const RankedInitiative* o = result.find(*r.pulledForwardBy);
        appendNum(s, o ? o->score : 0);
        s += ") needs it";
    }
    if (r.cycle >= 0 && static_cast<size_t>(r.cycle) < result.cycles.size()) {
        const std::string& msg = result.cycles[static_cast<size_t>(r.cycle)].message;
        constexpr std::string_view prefix = "prerequisite cycle: ";
        s += "; in a prerequisite cycle (";
        s += std::string_view(msg).substr(std::min(prefix.size(), msg.size()));
        s += "), ranked together: break the cycle";
    }
    auto list = [&](const char* what, std::span<const Id> ids) {
        if (ids.empty())
            return;
        std::vector<std::pair<int, Id>> t; // (rank, id)
        t.reserve(ids.size());
        for (Id id : ids) {
            const RankedInitiative* x = result.find(id);
            t.emplace_back(x ? x->rank : 0, id);
        }
        std::sort(t.begin(), t.end());
        s += what;
        for (size_t i = 0; i < t.size() && i < 5; ++i) {
            if (i)
                s += ", ";
            appendRef(s, result, t[i].second);
        }
        if (t.size() > 5) {
            s += " and ";
            appendSize(s, t.size() - 5);
            s += " more";
        }
    };
    list("; after ", result.prerequisitesOf(r));
    list("; unlocks ", result.unlocksOf(r));

    const int ph = phaseIndex(r.phase) < 0 ? kUnscheduled : phaseIndex(r.phase);
    s += "; ";
    switch (r.phaseReason) {
    case PhaseReason::Planned:
        s += kPhaseTitles[ph];
        s += " (planned)";
        break;
    case PhaseReason::InProgress:
        s += kPhaseTitles[ph];
        s += " (in progress)";
        break;
    case PhaseReason::Fits:
        s += kPhaseTitles[ph];
        s += " (fits its capacity)";
        break;
    case PhaseReason::Full:
        s += kPhaseTitles[ph];
        s += " (";
        s += kPhaseTitles[std::max(ph - 1, 0)];
        s += " is full)";
        break;
    case PhaseReason::Oversize:
        s += kPhaseTitles[ph];
        s += " (larger than the whole phase)";
        break;
    case PhaseReason::Unlimited:
        s += kPhaseTitles[ph];
        break;
    case PhaseReason::PulledIn:
        s += kPhaseTitles[ph];
        s += " (pulled in: ";
        appendRef(s, result, r.phaseBy.value_or(0));
        s += " there needs it)";
        break;
    case PhaseReason::PushedBack:
        s += kPhaseTitles[ph];
        s += " (after its prerequisite ";
        appendRef(s, result, r.phaseBy.value_or(0));
        s += ')';
        break;
    case PhaseReason::Beyond:
        s += "unscheduled (beyond the capacity of Later)";
        break;
    }
    return s;
}

std::vector<ScoreTerm> scoreTerms(const RankResult& result, const RankedInitiative& r) {
    const RankWeights& w = result.settings.weights;
    std::vector<ScoreTerm> t;
    if (w.value != 0)
        t.push_back({"value", r.value, w.value, {}});
    if (w.urgency != 0)
        t.push_back({"urgency", r.urgency, w.urgency, {}});
    if (w.riskReduction != 0)
        t.push_back({"risk reduction", r.riskReduction, w.riskReduction, riskReductionNote(result, r)});
    if (w.votes != 0)
        t.push_back({"votes", r.votes, w.votes,
                     std::to_string(r.votesCast) + " of " + std::to_string(result.maxVotes)});
    return t;
}

std::vector<RankMove> compareRankings(const RankResult& before, const RankResult& after) {
    struct Place {
        int rank = 0;
        std::string_view phase;
        const RankedInitiative* r = nullptr;
    };
    std::map<Id, std::pair<Place, Place>> places;
    for (const auto& r : before.ranked)
        places[r.id].first = {r.rank, r.phase, &r};
    for (const auto& r : after.ranked)
        places[r.id].second = {r.rank, r.phase, &r};
    std::vector<RankMove> moves;
    for (const auto& [id, p] : places) {
        if (p.first.rank == p.second.rank && p.first.phase == p.second.phase)
            continue;
        const RankedInitiative* r = p.second.r ? p.second.r : p.first.r;
        moves.push_back({id, std::string(r->key), std::string(r->title), p.first.rank, p.second.rank,
                         std::string(p.first.phase), std::string(p.second.phase)});
    }
    std::sort(moves.begin(), moves.end(), [](const RankMove& a, const RankMove& b) {
        if ((a.after == 0) != (b.after == 0))
            return a.after != 0;
        if (a.after != b.after)
            return a.after < b.after;
        return naturalLess(a.key, b.key);
    });
    return moves;
}

// ---- the map ----

RankSettings loadRankSettings(const Project& project) {
    const auto stored = project.setting(kRankSettingsKey);
    if (!stored)
        return {};
    try {
        return stored->get<RankSettings>();
    } catch (const Error& e) {
        throw Error(project.path(), "settings", e.what());
    }
}

void saveRankSettings(Project& project, const RankSettings& settings) {
    project.setSetting(kRankSettingsKey, json(settings), QStringLiteral("Change ranking settings"));
}

RankInput rankInput(const Project& project) {
    RankInput in;
    in.initiatives = project.list<Initiative>();
    in.risks = project.list<Risk>();
    in.settings = loadRankSettings(project);
    return in;
}

json rankResultJson(const RankResult& result) {
    auto keyOf = [&](Id id) {
        const RankedInitiative* r = result.find(id);
        return r ? json(r->key) : json(id);
    };
    auto keysOf = [&](std::span<const Id> ids) {
        json a = json::array();
        for (Id id : ids)
            a.push_back(keyOf(id));
        return a;
    };
    json ranking = json::array();
    for (const auto& r : result.ranked) {
        json terms = json::array();
        for (const auto& t : scoreTerms(result, r)) {
            json tj = {{"name", t.name}, {"amount", rounded(t.amount)}, {"weight", t.weight}};
            if (!t.note.empty())
                tj["note"] = t.note;
            terms.push_back(std::move(tj));
        }
        ranking.push_back(
            {{"rank", r.rank},
             {"key", r.key},
             {"title", r.title},
             {"score", rounded(r.score)},
             {"effective_score", rounded(r.effectiveScore)},
             {"pulled_forward_by", r.pulledForwardBy ? keyOf(*r.pulledForwardBy) : json(nullptr)},
             {"phase", r.phase},
             {"phase_planned", r.phasePlanned},
             {"effort", r.effort},
             {"risk_reduction", rounded(r.riskReduction)},
             {"risk_reduction_derived", r.riskReductionDerived},
             {"manual_rank", r.manualRank ? json(*r.manualRank) : json(nullptr)},
             {"manual_rank_reason", r.manualRankReason},
             {"rank_by_score", r.autoRank},
             {"status", r.status},
             {"prerequisites", keysOf(result.prerequisitesOf(r))},
             {"unlocks", keysOf(result.unlocksOf(r))},
             {"cycle", r.cycle >= 0 ? json(r.cycle) : json(nullptr)},
             {"terms", std::move(terms)},
             {"explanation", explanation(result, r)}});
    }
    json excluded = json::array();
    for (const auto& r : result.excluded)
        excluded.push_back({{"key", r.key},
                            {"title", r.title},
                            {"status", r.status},
                            {"explanation", explanation(result, r)}});
    json cycles = json::array();
    for (const auto& c : result.cycles)
        cycles.push_back({{"members", c.keys}, {"message", c.message}});
    json phases = json::array();
    for (const auto& p : result.phases)
        phases.push_back(
            {{"phase", p.phase}, {"capacity", p.capacity}, {"used", p.used}, {"count", p.count}});
    return json{{"format", "terrain-ranking"},       {"version", 1},
                {"settings", json(result.settings)}, {"ranking", std::move(ranking)},
                {"excluded", std::move(excluded)},   {"cycles", std::move(cycles)},
                {"phases", std::move(phases)},       {"warnings", result.warnings}};
}

namespace {

/// Pads to a width counted in code points (titles and arrows are UTF-8).
std::string pad(std::string_view s, size_t width, bool right = false) {
    size_t cps = 0;
    for (unsigned char ch : s)
        cps += (ch & 0xC0) != 0x80;
    std::string padded;
    padded.reserve(s.size() + (cps < width ? width - cps : 0));
    if (right && cps < width)
        padded.append(width - cps, ' ');
    padded += s;
    if (!right && cps < width)
        padded.append(width - cps, ' ');
    return padded;
}

std::string formulaText(const RankSettings& s) {
    std::string sum;
    const std::pair<const char*, double> ws[] = {{"value", s.weights.value},
                                                 {"urgency", s.weights.urgency},
                                                 {"risk reduction", s.weights.riskReduction},
                                                 {"votes", s.weights.votes}};
    for (const auto& [name, w] : ws)
        if (w != 0)
            sum += (sum.empty() ? "" : " + ") + std::string(name) + "×" + num(w);
    if (sum.empty())
        sum = "0";
    std::string f = (s.useReach || s.useConfidence || s.divideByEffort) ? "(" + sum + ")" : sum;
    if (s.useReach)
        f += " × reach";
    if (s.useConfidence)
        f += " × confidence";
    if (s.divideByEffort)
        f += " / effort";
    return f;
}

} // namespace

std::string rankResultText(const RankResult& result) {
    std::string t = "Ranking (" + result.settings.matchingPreset() +
                    "): score = " + formulaText(result.settings) + "\n\n";
    size_t keyW = 3;
    for (const auto& r : result.ranked)
        keyW = std::max(keyW, r.key.size());
    t += pad("#", 5, true) + "  " + pad("key", keyW) + "  " + pad("score", 7, true) + "  " +
         pad("phase", 11) + pad("effort", 6, true) + "  title\n";
    for (const auto& r : result.ranked) {
        std::string ph(r.phase.empty() ? "-" : r.phase);
        if (r.phasePlanned)
            ph += "*";
        t += pad(std::to_string(r.rank), 5, true) + "  " + pad(r.key, keyW) + "  " +
             pad(num(r.score), 7, true) + "  " + pad(ph, 11) + pad(std::to_string(r.effort), 6, true) + "  ";
        t += r.title;
        t += '\n';
        t += "       " + explanation(result, r) + "\n";
    }
    if (result.ranked.empty())
        t += "  (no initiatives to rank)\n";
    t += "\n* phase planned by hand or in progress\n\nPhases:\n";
    for (const auto& p : result.phases) {
        const int i = phaseIndex(p.phase);
        t += "  " + pad(kPhaseTitles[i < 0 ? kUnscheduled : i], 6) + std::to_string(p.count) +
             (p.count == 1 ? " initiative, " : " initiatives, ") + num(p.used) + " person-weeks" +
             (p.capacity > 0 ? " of " + num(p.capacity) : " (no capacity limit)") +
             (p.capacity > 0 && p.used > p.capacity ? " (over capacity)" : "") + "\n";
    }
    if (!result.cycles.empty()) {
        t += "\nCycles:\n";
        for (const auto& c : result.cycles)
            t += "  " + c.message + "\n";
    }
    if (!result.excluded.empty()) {
        t += "\nNot ranked:\n";
        for (const auto& r : result.excluded) {
            t += "  " + pad(r.key, keyW) + "  " + pad(r.status, 8);
            t += r.title;
            t += '\n';
        }
    }
    if (!result.warnings.empty()) {
        t += "\nWarnings:\n";
        for (const auto& w : result.warnings)
            t += "  " + w + "\n";
    }
    return t;
}

} // namespace terrain
