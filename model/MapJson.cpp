#include "MapJson.h"

#include "EntitySpec.h"
#include "Error.h"
#include "JsonText.h"
#include "NaturalOrder.h"
#include "Project.h"
#include "Ranking.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

namespace terrain {

namespace {

// ---------------------------------------------------------------------------------------------
// The document's shape: one table of members per kind, in the order the document writes them
// (the order of the entity's to_json, without "id"). Validation, export and import all read it.
// ---------------------------------------------------------------------------------------------

enum class T {
    Key,     ///< the row's key: a non-empty string
    Number,  ///< the row's key for decisions: an integer >= 1
    Str,     ///< a string
    Int,     ///< an integer in [min, max]
    OptInt,  ///< an integer in [min, max], or null
    Bool,    ///< true or false
    StrList, ///< an array of strings
    Object,  ///< any JSON object (written with sorted members)
    Ref,     ///< the key of a `target` row, or null
    RefReq,  ///< the key of a `target` row
    RefList, ///< an array of keys of `target` rows
    ObjList, ///< an array of objects described by `sub`
};

using Vocabulary = const std::vector<std::string>& (*)();

struct Field {
    const char* name;
    T type;
    EntityKind target = EntityKind::System;
    Vocabulary vocab = nullptr; ///< closed vocabulary; the empty string is allowed when emptyOk
    bool emptyOk = true;
    std::int64_t min = INT_MIN;
    std::int64_t max = INT_MAX;
    const std::vector<Field>* sub = nullptr;
};

struct KindSpec {
    EntityKind kind;
    const char* member; ///< the document's array
    std::vector<Field> fields;
    const Field* key() const {
        for (const auto& f : fields)
            if (f.type == T::Key || f.type == T::Number)
                return &f;
        return nullptr;
    }
};

const std::vector<std::string>& origins() {
    static const std::vector<std::string> v = {"manual", "discovered"};
    return v;
}

const std::vector<std::string>& systemStatuses() {
    static const std::vector<std::string> v = {"present", "gone"};
    return v;
}

const std::vector<Field>& criterionFields() {
    static const std::vector<Field> v = {
        {.name = "metric", .type = T::Str},
        {.name = "baseline", .type = T::Str},
        {.name = "target", .type = T::Str},
        {.name = "unit", .type = T::Str},
    };
    return v;
}

const std::vector<Field>& optionFields() {
    static const std::vector<Field> v = {
        {.name = "title", .type = T::Str},
        {.name = "description", .type = T::Str},
        {.name = "pros", .type = T::StrList},
        {.name = "cons", .type = T::StrList},
    };
    return v;
}

const std::vector<Field>& stageFields() {
    static const std::vector<Field> v = {
        {.name = "name", .type = T::Str},
        {.name = "traffic_share", .type = T::Int, .min = 0, .max = 100},
        {.name = "done", .type = T::Bool},
        {.name = "date", .type = T::Str},
    };
    return v;
}

using K = EntityKind;

/// In the order of the document's members (and of the import: what is referred to comes first).
const std::vector<KindSpec>& kindSpecs() {
    static const std::vector<KindSpec> specs = {
        {K::System,
         "systems",
         {
             {.name = "key", .type = T::Key},
             {.name = "name", .type = T::Str},
             {.name = "kind", .type = T::Str, .vocab = &systemKinds},
             {.name = "provider", .type = T::Str},
             {.name = "environment", .type = T::Str},
             {.name = "owner", .type = T::Str},
             {.name = "lifecycle", .type = T::Str, .vocab = &lifecycles},
             {.name = "criticality", .type = T::Str, .vocab = &criticalities},
             {.name = "address", .type = T::Str},
             {.name = "group", .type = T::Str},
             {.name = "notes", .type = T::Str},
             {.name = "tags", .type = T::StrList},
             {.name = "attributes", .type = T::Object},
             {.name = "sources", .type = T::StrList},
             {.name = "origin", .type = T::Str, .vocab = &origins, .emptyOk = false},
             {.name = "status", .type = T::Str, .vocab = &systemStatuses, .emptyOk = false},
             {.name = "first_seen", .type = T::Str},
             {.name = "last_seen", .type = T::Str},
             {.name = "scopes", .type = T::StrList},
             {.name = "identifiers", .type = T::StrList},
             {.name = "discovered", .type = T::Object},
         }},
        {K::Dependency,
         "dependencies",
         {
             {.name = "from", .type = T::RefReq, .target = K::System},
             {.name = "to", .type = T::RefReq, .target = K::System},
             {.name = "kind", .type = T::Str, .vocab = &dependencyKinds, .emptyOk = false},
             {.name = "origin", .type = T::Str, .vocab = &origins, .emptyOk = false},
             {.name = "evidence", .type = T::Str},
             {.name = "scopes", .type = T::StrList},
         }},
        {K::Area,
         "areas",
         {
             {.name = "key", .type = T::Key},
             {.name = "title", .type = T::Str},
             {.name = "description", .type = T::Str},
             {.name = "maturity_now", .type = T::Int, .min = 0, .max = 5},
             {.name = "maturity_target", .type = T::Int, .min = 0, .max = 5},
             {.name = "status", .type = T::Str, .vocab = &areaStatuses, .emptyOk = false},
             {.name = "owner", .type = T::Str},
             {.name = "notes", .type = T::Str},
             {.name = "systems", .type = T::RefList, .target = K::System},
         }},
        {K::Initiative,
         "initiatives",
         {
             {.name = "key", .type = T::Key},
             {.name = "title", .type = T::Str},
             {.name = "area", .type = T::Ref, .target = K::Area},
             {.name = "description", .type = T::Str},
             {.name = "value", .type = T::Int, .min = 0, .max = 10},
             {.name = "urgency", .type = T::Int, .min = 0, .max = 10},
             {.name = "risk_reduction", .type = T::Int, .min = 0, .max = 10},
             {.name = "risk_reduction_auto", .type = T::Bool},
             {.name = "effort", .type = T::Int, .min = 0},
             {.name = "confidence", .type = T::Int, .min = 0, .max = 100},
             {.name = "votes", .type = T::Int, .min = 0},
             {.name = "phase", .type = T::Str, .vocab = &phases},
             {.name = "status", .type = T::Str, .vocab = &initiativeStatuses, .emptyOk = false},
             {.name = "owner", .type = T::Str},
             {.name = "manual_rank", .type = T::OptInt, .min = 0},
             {.name = "manual_rank_reason", .type = T::Str},
             {.name = "criteria", .type = T::ObjList, .sub = &criterionFields()},
             {.name = "prerequisites", .type = T::RefList, .target = K::Initiative},
             {.name = "systems", .type = T::RefList, .target = K::System},
             {.name = "risks", .type = T::RefList, .target = K::Risk},
         }},
        {K::Risk,
         "risks",
         {
             {.name = "key", .type = T::Key},
             {.name = "title", .type = T::Str},
             {.name = "description", .type = T::Str},
             {.name = "likelihood", .type = T::Int, .min = 1, .max = 5},
             {.name = "impact", .type = T::Int, .min = 1, .max = 5},
             {.name = "area", .type = T::Ref, .target = K::Area},
             {.name = "mitigation", .type = T::Str},
             {.name = "status", .type = T::Str, .vocab = &riskStatuses, .emptyOk = false},
             {.name = "owner", .type = T::Str},
             {.name = "systems", .type = T::RefList, .target = K::System},
         }},
        {K::Decision,
         "decisions",
         {
             {.name = "number", .type = T::Number},
             {.name = "title", .type = T::Str},
             {.name = "status", .type = T::Str, .vocab = &decisionStatuses, .emptyOk = false},
             {.name = "date", .type = T::Str},
             {.name = "deciders", .type = T::StrList},
             {.name = "context", .type = T::Str},
             {.name = "options", .type = T::ObjList, .sub = &optionFields()},
             {.name = "outcome", .type = T::Str},
             {.name = "consequences", .type = T::Str},
             {.name = "supersedes", .type = T::Ref, .target = K::Decision},
             {.name = "amends", .type = T::RefList, .target = K::Decision},
             {.name = "initiatives", .type = T::RefList, .target = K::Initiative},
             {.name = "risks", .type = T::RefList, .target = K::Risk},
             {.name = "areas", .type = T::RefList, .target = K::Area},
             {.name = "systems", .type = T::RefList, .target = K::System},
         }},
        {K::Symptom,
         "symptoms",
         {
             {.name = "key", .type = T::Key},
             {.name = "text", .type = T::Str},
             {.name = "observed", .type = T::Bool},
             {.name = "evidence", .type = T::Str},
             {.name = "areas", .type = T::RefList, .target = K::Area},
         }},
        {K::Migration,
         "migrations",
         {
             {.name = "key", .type = T::Key},
             {.name = "title", .type = T::Str},
             {.name = "legacy", .type = T::Ref, .target = K::System},
             {.name = "replacement", .type = T::Ref, .target = K::System},
             {.name = "stages", .type = T::ObjList, .sub = &stageFields()},
             {.name = "fallback_ready", .type = T::Bool},
             {.name = "decommission_date", .type = T::Str},
             {.name = "criteria", .type = T::ObjList, .sub = &criterionFields()},
             {.name = "notes", .type = T::Str},
         }},
        {K::Import,
         "imports",
         {
             {.name = "file", .type = T::Str},
             {.name = "format", .type = T::Str},
             {.name = "scope", .type = T::Str},
             {.name = "path", .type = T::Str},
             {.name = "content_hash", .type = T::Str},
             {.name = "time", .type = T::Str},
             {.name = "added", .type = T::Int, .min = 0},
             {.name = "updated", .type = T::Int, .min = 0},
             {.name = "gone", .type = T::Int, .min = 0},
             {.name = "skipped", .type = T::Int, .min = 0},
             {.name = "warnings", .type = T::StrList},
         }},
    };
    return specs;
}

/// The document's top-level members, in order.
constexpr std::array<const char*, 9> kArrays = {"systems",     "dependencies", "areas",
                                                "initiatives", "risks",        "decisions",
                                                "symptoms",    "migrations",   "imports"};

constexpr size_t kMaxNestingDepth = 512;
constexpr size_t kMaxWarnings = 50;

size_t kindIndex(EntityKind k) {
    return static_cast<size_t>(k);
}

/// Runs of an import of a Terrain map itself: they record moving the map between files, not a fact
/// about the infrastructure, so the canonical document leaves them out (otherwise every export →
/// import → export would grow the document by one run).
bool isMapTransfer(const json& importRow) {
    auto it = importRow.find("format");
    return it != importRow.end() && it->is_string() && it->get_ref<const std::string&>() == "json";
}

/// Appends a member without the linear duplicate search of ordered_json (names are unique here).
void put(json& object, std::string name, json value) {
    object.get_ref<json::object_t&>().Container::emplace_back(std::move(name), std::move(value));
}

/// A copy with every object's members sorted by name, recursively.
json sortedCopy(const json& v) {
    if (v.is_object()) {
        std::vector<std::pair<const std::string*, const json*>> items;
        items.reserve(v.size());
        for (auto it = v.begin(); it != v.end(); ++it)
            items.emplace_back(&it.key(), &it.value());
        std::sort(items.begin(), items.end(),
                  [](const auto& a, const auto& b) { return *a.first < *b.first; });
        json out = json::object();
        out.get_ref<json::object_t&>().reserve(items.size());
        for (const auto& [k, val] : items)
            put(out, *k, sortedCopy(*val));
        return out;
    }
    if (v.is_array()) {
        json out = json::array();
        out.get_ref<json::array_t&>().reserve(v.size());
        for (const auto& e : v)
            out.push_back(sortedCopy(e));
        return out;
    }
    return v;
}

/// "a string \"abc\"", "an integer 7", "an array", ... for messages.
std::string describe(const json& v) {
    switch (v.type()) {
    case json::value_t::null:
        return "null";
    case json::value_t::boolean:
        return v.get<bool>() ? "true" : "false";
    case json::value_t::string: {
        std::string s = v.get_ref<const std::string&>();
        if (s.size() > 60)
            s = s.substr(0, 57) + "...";
        return "\"" + s + "\"";
    }
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
        return "the integer " + v.dump();
    case json::value_t::number_float:
        return "the number " + v.dump();
    case json::value_t::object:
        return "an object";
    case json::value_t::array:
        return "an array";
    default:
        return "a " + std::string(v.type_name());
    }
}

std::string joinVocabulary(const std::vector<std::string>& vocab, bool emptyOk) {
    std::string out;
    for (const auto& w : vocab)
        out += (out.empty() ? "" : ", ") + w;
    return out + (emptyOk ? " (or empty)" : "");
}

/// "line L, column C", 1-based, columns counted in characters (UTF-8 continuation bytes skipped).
std::string lineColumn(const std::string& text, size_t offset) {
    offset = std::min(offset, text.size());
    size_t line = 1, column = 1;
    for (size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

/// How each row is named in the document: id -> key (a string, or the decision's number).
using RefNames = std::array<std::unordered_map<Id, json>, std::size(kAllKinds)>;

json refName(const RefNames& names, EntityKind target, const json& id, const std::string& where) {
    const auto& m = names[kindIndex(target)];
    auto it = m.find(id.get<Id>());
    if (it == m.end())
        throw Error(where, "", "refers to " + kindName(target) + " " + id.dump() + ", which does not exist");
    return it->second;
}

/// A stored row (ids) as the document writes it (keys), members in the spec's order. Takes the row's
/// values (moves them).
json exportRow(const KindSpec& spec, json& row, const RefNames& names, const std::string& file) {
    json out = json::object();
    out.get_ref<json::object_t&>().reserve(spec.fields.size());
    auto it = row.begin();
    for (const auto& f : spec.fields) {
        if (it == row.end() || it.key() != f.name)
            it = row.find(f.name);
        if (it == row.end())
            throw Error(file, kindName(spec.kind), std::string("a stored row has no ") + f.name);
        json& v = it.value();
        switch (f.type) {
        case T::Ref:
        case T::RefReq:
            put(out, f.name, v.is_null() ? json(nullptr) : refName(names, f.target, v, file));
            break;
        case T::RefList: {
            json list = json::array();
            list.get_ref<json::array_t&>().reserve(v.size());
            for (const auto& id : v)
                list.push_back(refName(names, f.target, id, file));
            put(out, f.name, std::move(list));
            break;
        }
        case T::Object:
            put(out, f.name, sortedCopy(v));
            break;
        default:
            put(out, f.name, std::move(v));
            break;
        }
        ++it;
    }
    return out;
}

const std::string& str(const json& row, const char* member) {
    return row.at(member).get_ref<const std::string&>();
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

class MapReader {
public:
    MapReader(Project& project, const json& doc, const std::string& file, MapImportReport& report)
        : m_project(project)
        , m_doc(doc)
        , m_file(file)
        , m_report(report) {}

    void run() {
        checkHeader();
        loadMap();
        collectKeys();
        allocateIds();
        std::vector<Pending> pending;
        for (const auto& spec : kindSpecs())
            convertKind(spec, pending);
        write(pending);
        if (m_droppedWarnings > 0)
            m_report.warnings.push_back("... and " + std::to_string(m_droppedWarnings) + " more warnings");
    }

private:
    struct KindState {
        const json* rows = nullptr;          ///< the document's array, or null
        std::vector<json> existing;          ///< the map's rows
        std::unordered_map<Id, size_t> byId; ///< id -> index in existing
        /// Key (decision numbers as text) -> id, for the map's rows and the document's.
        std::unordered_map<std::string, Id> idByKey;
        std::unordered_map<std::string, size_t> docIndexByKey;
        std::vector<std::string> docKeys; ///< per document row
        Id nextId = 1;
    };

    struct Pending {
        EntityKind kind;
        json row;                     ///< complete stored row (ids), id set for known rows
        const json* before = nullptr; ///< the map's row it replaces, or null (insert)
    };

    [[noreturn]] void fail(const std::string& pointer, const std::string& message) const {
        throw Error(m_file, pointer, message);
    }

    void warn(const std::string& pointer, const std::string& message) {
        if (m_report.warnings.size() >= kMaxWarnings) {
            ++m_droppedWarnings;
            return;
        }
        m_report.warnings.push_back(pointer + ": " + message);
    }

    static std::string pointer(const char* array, size_t index) {
        return std::string("/") + array + "/" + std::to_string(index);
    }

    void checkHeader() {
        if (!m_doc.is_object())
            fail("", "expected a Terrain map: a JSON object with \"format\": \"terrain-map\", found " +
                         describe(m_doc));
        auto format = m_doc.find("format");
        if (format == m_doc.end())
            fail("/format", "expected \"terrain-map\" (a Terrain map exported with `terrain export --format "
                            "json`), but the member is missing");
        if (!format->is_string() || format->get_ref<const std::string&>() != "terrain-map")
            fail("/format", "expected \"terrain-map\", found " + describe(*format));
        auto version = m_doc.find("version");
        if (version == m_doc.end() || !version->is_number_integer())
            fail("/version", "expected an integer map version, found " +
                                 (version == m_doc.end() ? std::string("nothing") : describe(*version)));
        if (version->get<std::int64_t>() > kMapJsonVersion || version->get<std::int64_t>() < 1)
            fail("/version", "expected map version 1 to " + std::to_string(kMapJsonVersion) + ", found " +
                                 version->dump() +
                                 (version->get<std::int64_t>() > kMapJsonVersion
                                      ? " (written by a newer Terrain; update Terrain to import it)"
                                      : ""));
        for (auto it = m_doc.begin(); it != m_doc.end(); ++it) {
            const std::string& k = it.key();
            if (k == "format" || k == "version")
                continue;
            if (k == "settings") { // the map's settings: {"ranking": {...}}, read after the rows
                if (!it->is_object())
                    fail("/settings", "expected an object of map settings, found " + describe(*it));
                continue;
            }
            if (std::find_if(kArrays.begin(), kArrays.end(), [&](const char* a) { return k == a; }) ==
                kArrays.end()) {
                warn(jsonPointer("", k), "unknown member, ignored");
                continue;
            }
            if (!it->is_array())
                fail("/" + k, "expected an array, found " + describe(*it));
        }
        for (const auto& spec : kindSpecs())
            if (auto it = m_doc.find(spec.member); it != m_doc.end())
                m_state[kindIndex(spec.kind)].rows = &*it;
    }

    static std::string keyText(const json& key) {
        return key.is_string() ? key.get_ref<const std::string&>() : key.dump();
    }

    void loadMap() {
        for (const auto& spec : kindSpecs()) {
            auto& st = m_state[kindIndex(spec.kind)];
            // Rows without keys are only needed to match the document's own rows of that kind.
            if (!spec.key() && !st.rows)
                continue;
            st.existing = m_project.list(spec.kind);
            st.byId.reserve(st.existing.size());
            for (size_t i = 0; i < st.existing.size(); ++i) {
                const Id id = st.existing[i].at("id").get<Id>();
                st.byId.emplace(id, i);
                st.nextId = std::max(st.nextId, id + 1);
                if (const Field* key = spec.key()) {
                    st.idByKey.emplace(keyText(st.existing[i].at(key->name)), id);
                    m_names[kindIndex(spec.kind)].emplace(id, st.existing[i].at(key->name));
                }
            }
        }
    }

    /// Every keyed row of the document: an object with a valid, unique key.
    void collectKeys() {
        for (const auto& spec : kindSpecs()) {
            auto& st = m_state[kindIndex(spec.kind)];
            if (!st.rows)
                continue;
            const Field* key = spec.key();
            st.docKeys.resize(st.rows->size());
            for (size_t i = 0; i < st.rows->size(); ++i) {
                const json& row = (*st.rows)[i];
                const std::string at = pointer(spec.member, i);
                if (!row.is_object())
                    fail(at, "expected an object (one " + kindName(spec.kind) + "), found " + describe(row));
                if (!key)
                    continue;
                auto k = row.find(key->name);
                const std::string kat = at + "/" + key->name;
                if (k == row.end())
                    fail(kat, std::string("expected the ") + kindName(spec.kind) + "'s " + key->name +
                                  ", but the member is missing");
                if (key->type == T::Key && (!k->is_string() || k->get_ref<const std::string&>().empty()))
                    fail(kat, "expected a non-empty string, found " + describe(*k));
                if (key->type == T::Number && (!k->is_number_integer() || k->get<std::int64_t>() < 1 ||
                                               k->get<std::int64_t>() > INT_MAX))
                    fail(kat, "expected a decision number (an integer from 1), found " + describe(*k));
                std::string text = keyText(*k);
                auto [pos, inserted] = st.docIndexByKey.emplace(text, i);
                if (!inserted)
                    fail(kat, "expected a unique " + std::string(key->name) + ", but " + describe(*k) +
                                  " is also at " + pointer(spec.member, pos->second));
                st.docKeys[i] = std::move(text);
            }
        }
    }

    /// New keyed rows get their ids now, so references between new rows are written in one pass.
    void allocateIds() {
        for (const auto& spec : kindSpecs()) {
            auto& st = m_state[kindIndex(spec.kind)];
            if (!st.rows || !spec.key())
                continue;
            for (size_t i = 0; i < st.rows->size(); ++i) {
                auto [it, inserted] = st.idByKey.emplace(st.docKeys[i], st.nextId);
                if (inserted) {
                    m_names[kindIndex(spec.kind)].emplace(st.nextId, (*st.rows)[i].at(spec.key()->name));
                    ++st.nextId;
                }
            }
        }
    }

    Id resolve(const Field& f, const json& v, const std::string& at) {
        const auto& st = m_state[kindIndex(f.target)];
        const std::string what = kindName(f.target);
        if (f.target == EntityKind::Decision) {
            if (!v.is_number_integer())
                fail(at, "expected a decision number, found " + describe(v));
            auto it = st.idByKey.find(keyText(v));
            if (it == st.idByKey.end())
                fail(at, "expected the number of a decision in this document or in the map, but there is no "
                         "decision " +
                             v.dump());
            return it->second;
        }
        if (!v.is_string())
            fail(at, "expected the key of a " + what + ", found " + describe(v));
        auto it = st.idByKey.find(v.get_ref<const std::string&>());
        if (it == st.idByKey.end())
            fail(at, "expected the key of a " + what + " in this document or in the map, but there is no " +
                         what + " " + describe(v));
        return it->second;
    }

    std::int64_t integer(const Field& f, const json& v, const std::string& at) {
        auto range = [&] {
            std::string r;
            if (f.min != INT_MIN && f.max != INT_MAX)
                r = " from " + std::to_string(f.min) + " to " + std::to_string(f.max);
            else if (f.min != INT_MIN)
                r = " of at least " + std::to_string(f.min);
            return r;
        };
        if (!v.is_number_integer())
            fail(at, "expected an integer" + range() + ", found " + describe(v));
        if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(f.max))
            fail(at, "expected an integer" + range() + ", found " + v.dump());
        const auto n = v.get<std::int64_t>();
        if (n < f.min || n > f.max)
            fail(at, "expected an integer" + range() + ", found " + v.dump());
        return n;
    }

    void checkString(const Field& f, const json& v, const std::string& at) {
        if (!v.is_string())
            fail(at, "expected a string, found " + describe(v));
        if (!f.vocab)
            return;
        const auto& s = v.get_ref<const std::string&>();
        if (s.empty() && f.emptyOk)
            return;
        const auto& vocab = f.vocab();
        if (std::find(vocab.begin(), vocab.end(), s) == vocab.end())
            fail(at, "expected one of " + joinVocabulary(vocab, f.emptyOk) + ", found " + describe(v));
    }

    void checkStringList(const json& v, const std::string& at) {
        if (!v.is_array())
            fail(at, "expected an array of strings, found " + describe(v));
        for (size_t i = 0; i < v.size(); ++i)
            if (!v[i].is_string())
                fail(at + "/" + std::to_string(i), "expected a string, found " + describe(v[i]));
    }

    /// Checks an object against `fields`, returning it with its known members only.
    json subObject(const std::vector<Field>& fields, const json& v, const std::string& at) {
        if (!v.is_object())
            fail(at, "expected an object, found " + describe(v));
        json out = json::object();
        for (auto it = v.begin(); it != v.end(); ++it) {
            const std::string mat = jsonPointer(at, it.key());
            auto f = std::find_if(fields.begin(), fields.end(),
                                  [&](const Field& x) { return it.key() == x.name; });
            if (f == fields.end()) {
                warn(mat, "unknown member, ignored");
                continue;
            }
            out[f->name] = value(*f, *it, mat);
        }
        return out;
    }

    /// A document value checked and converted to its stored form (keys to ids).
    json value(const Field& f, const json& v, const std::string& at) {
        switch (f.type) {
        case T::Key:
        case T::Number:
            return v; // checked by collectKeys()
        case T::Str:
            checkString(f, v, at);
            return v;
        case T::Int:
            return integer(f, v, at);
        case T::OptInt:
            return v.is_null() ? json(nullptr) : json(integer(f, v, at));
        case T::Bool:
            if (!v.is_boolean())
                fail(at, "expected true or false, found " + describe(v));
            return v;
        case T::StrList:
            checkStringList(v, at);
            return v;
        case T::Object:
            if (!v.is_object())
                fail(at, "expected an object, found " + describe(v));
            return sortedCopy(v);
        case T::Ref:
            return v.is_null() ? json(nullptr) : json(resolve(f, v, at));
        case T::RefReq:
            return resolve(f, v, at);
        case T::RefList: {
            if (!v.is_array())
                fail(at, "expected an array of " + kindName(f.target) + " " +
                             (f.target == EntityKind::Decision ? "numbers" : "keys") + ", found " +
                             describe(v));
            json ids = json::array();
            std::unordered_set<Id> seen;
            for (size_t i = 0; i < v.size(); ++i) {
                const std::string iat = at + "/" + std::to_string(i);
                const Id id = resolve(f, v[i], iat);
                if (seen.insert(id).second)
                    ids.push_back(id);
                else
                    warn(iat, "a repeated reference, ignored");
            }
            return ids;
        }
        case T::ObjList: {
            if (!v.is_array())
                fail(at, "expected an array of objects, found " + describe(v));
            json out = json::array();
            for (size_t i = 0; i < v.size(); ++i)
                out.push_back(subObject(*f.sub, v[i], at + "/" + std::to_string(i)));
            return out;
        }
        }
        return v;
    }

    /// The document row's members, checked and in their stored form (ids for keys).
    json members(const KindSpec& spec, const json& row, const std::string& at) {
        json out = json::object();
        for (auto it = row.begin(); it != row.end(); ++it) {
            auto f = std::find_if(spec.fields.begin(), spec.fields.end(),
                                  [&](const Field& x) { return it.key() == x.name; });
            if (f == spec.fields.end()) {
                warn(jsonPointer(at, it.key()), "unknown member, ignored");
                continue;
            }
            put(out, f->name, value(*f, *it, at + "/" + f->name));
        }
        return out;
    }

    /// `base` (the map's row, or the defaults) with `members` on top, as the store writes it. A new
    /// row need not be normalized here (Project::insert does it); a row compared with the map's must.
    json storedRow(const KindSpec& spec, json base, const json& members, const std::string& at,
                   bool normalize = true) {
        for (auto it = members.begin(); it != members.end(); ++it)
            base[it.key()] = it.value();
        if (!normalize)
            return base;
        try {
            return canonical(spec, normalizeRow(spec.kind, base));
        } catch (const json::exception& e) {
            fail(at, std::string("expected a valid ") + kindName(spec.kind) + ": " + e.what());
        }
    }

    const json& defaults(EntityKind kind) {
        auto& d = m_defaults[kindIndex(kind)];
        if (d.is_null())
            d = normalizeRow(kind, json::object());
        return d;
    }

    void convertKind(const KindSpec& spec, std::vector<Pending>& pending) {
        auto& st = m_state[kindIndex(spec.kind)];
        if (!st.rows)
            return;
        const Field* key = spec.key();
        // Rows without a key are matched by content: dependencies by (from, to, kind), import runs
        // by (file, content_hash, time).
        std::unordered_map<std::string, size_t> existingByMatch;
        std::unordered_map<std::string, size_t> docByMatch;
        auto matchText = [&](const json& stored) {
            if (spec.kind == EntityKind::Dependency)
                return std::to_string(stored.at("from").get<Id>()) + '\n' +
                       std::to_string(stored.at("to").get<Id>()) + '\n' + str(stored, "kind");
            return str(stored, "file") + '\n' + str(stored, "content_hash") + '\n' + str(stored, "time");
        };
        if (!key)
            for (size_t i = 0; i < st.existing.size(); ++i)
                existingByMatch.emplace(matchText(st.existing[i]), i);

        pending.reserve(pending.size() + st.rows->size());
        for (size_t i = 0; i < st.rows->size(); ++i) {
            const json& row = (*st.rows)[i];
            const std::string at = pointer(spec.member, i);
            if (key) {
                const Id id = st.idByKey.at(st.docKeys[i]);
                auto ex = st.byId.find(id);
                const json* before = ex == st.byId.end() ? nullptr : &st.existing[ex->second];
                json stored = before
                                  ? storedRow(spec, *before, members(spec, row, at), at)
                                  : storedRow(spec, defaults(spec.kind), members(spec, row, at), at, false);
                stored["id"] = id;
                pending.push_back({spec.kind, std::move(stored), before});
                continue;
            }
            // Unkeyed: check against the defaults first, then match.
            const json given = members(spec, row, at);
            json stored = storedRow(spec, defaults(spec.kind), given, at, false);
            const std::string match = matchText(stored);
            if (auto [pos, inserted] = docByMatch.emplace(match, i); !inserted)
                fail(at, "expected each " + kindName(spec.kind) + " once, but " + at + " repeats " +
                             pointer(spec.member, pos->second));
            auto ex = existingByMatch.find(match);
            const json* before = nullptr;
            if (ex != existingByMatch.end()) {
                before = &st.existing[ex->second];
                // Members the document leaves out keep the map's values.
                stored = storedRow(spec, *before, given, at);
                stored["id"] = before->at("id");
            } else {
                stored.erase("id");
            }
            pending.push_back({spec.kind, std::move(stored), before});
        }
    }

    /// True when the map's row `before` equals `stored` (whose objects are sorted already).
    static bool sameRow(const KindSpec& spec, const json& before, const json& stored) {
        if (before.size() != stored.size() || before.at("id") != stored.at("id"))
            return false;
        for (const auto& f : spec.fields) {
            const json& a = before.at(f.name);
            const json& b = stored.at(f.name);
            if (f.type == T::Object ? sortedCopy(a) != b : a != b)
                return false;
        }
        return true;
    }

    static json canonical(const KindSpec& spec, json row) {
        for (const auto& f : spec.fields)
            if (f.type == T::Object)
                row[f.name] = sortedCopy(row[f.name]);
        return row;
    }

    void write(const std::vector<Pending>& pending) {
        for (const auto& p : pending) {
            const auto& spec = *std::find_if(kindSpecs().begin(), kindSpecs().end(),
                                             [&](const KindSpec& s) { return s.kind == p.kind; });
            if (!p.before) {
                m_project.insert(p.kind, p.row);
                ++m_report.added;
            } else if (sameRow(spec, *p.before, p.row)) {
                ++m_report.unchanged;
            } else {
                m_project.update(p.kind, p.row);
                ++m_report.updated;
            }
        }
    }

    Project& m_project;
    const json& m_doc;
    const std::string& m_file;
    MapImportReport& m_report;
    std::array<KindState, std::size(kAllKinds)> m_state;
    RefNames m_names;
    std::array<json, std::size(kAllKinds)> m_defaults;
    size_t m_droppedWarnings = 0;
};

} // namespace

json exportMap(const Project& project) {
    const std::string& file = project.path();
    std::array<std::vector<json>, std::size(kAllKinds)> rows;
    RefNames names;
    for (const auto& spec : kindSpecs()) {
        auto& r = rows[kindIndex(spec.kind)];
        r = project.list(spec.kind);
        if (const Field* key = spec.key()) {
            auto& n = names[kindIndex(spec.kind)];
            n.reserve(r.size());
            for (const auto& row : r)
                n.emplace(row.at("id").get<Id>(), row.at(key->name));
        }
    }

    json doc = json::object();
    put(doc, "format", "terrain-map");
    put(doc, "version", kMapJsonVersion);
    for (const auto& spec : kindSpecs()) {
        auto& r = rows[kindIndex(spec.kind)];
        std::vector<json> out;
        out.reserve(r.size());
        for (auto& row : r)
            if (spec.kind != EntityKind::Import || !isMapTransfer(row))
                out.push_back(exportRow(spec, row, names, file));
        r = std::vector<json>();

        std::vector<size_t> order(out.size());
        std::iota(order.begin(), order.end(), size_t{0});
        auto sortBy = [&](auto less) { std::stable_sort(order.begin(), order.end(), less); };
        switch (spec.kind) {
        case EntityKind::System:
            sortBy([&](size_t a, size_t b) { return str(out[a], "key") < str(out[b], "key"); });
            break;
        case EntityKind::Dependency:
            sortBy([&](size_t a, size_t b) {
                const json &x = out[a], &y = out[b];
                if (int c = str(x, "from").compare(str(y, "from")); c != 0)
                    return c < 0;
                if (int c = str(x, "to").compare(str(y, "to")); c != 0)
                    return c < 0;
                return str(x, "kind") < str(y, "kind");
            });
            break;
        case EntityKind::Initiative:
        case EntityKind::Risk:
        case EntityKind::Migration:
            sortBy([&](size_t a, size_t b) { return naturalLess(str(out[a], "key"), str(out[b], "key")); });
            break;
        case EntityKind::Decision:
            sortBy([&](size_t a, size_t b) {
                return out[a].at("number").get<std::int64_t>() < out[b].at("number").get<std::int64_t>();
            });
            break;
        case EntityKind::Import: {
            // Time, then file; the rest only breaks ties, so the order never depends on row ids.
            std::vector<std::string> dumps(out.size());
            for (size_t i = 0; i < out.size(); ++i)
                dumps[i] = out[i].dump();
            sortBy([&](size_t a, size_t b) {
                if (int c = str(out[a], "time").compare(str(out[b], "time")); c != 0)
                    return c < 0;
                if (int c = str(out[a], "file").compare(str(out[b], "file")); c != 0)
                    return c < 0;
                return dumps[a] < dumps[b];
            });
            break;
        }
        case EntityKind::Area:
        case EntityKind::Symptom:
            break; // the map's order
        }
        json array = json::array();
        auto& vec = array.get_ref<json::array_t&>();
        vec.reserve(out.size());
        for (size_t i : order)
            vec.push_back(std::move(out[i]));
        put(doc, spec.member, std::move(array));
    }
    // Members in the documented order (kindSpecs() lists imports last, as the document does).
    // Then the map's settings that a review should see: the ranking weights, preset and capacities, as
    // the ranking reads them (so a stored value always exports in one canonical form).
    if (project.setting(kRankSettingsKey)) {
        json settings = json::object();
        put(settings, "ranking", json(loadRankSettings(project)));
        put(doc, "settings", std::move(settings));
    }
    return doc;
}

std::string exportMapText(const Project& project) {
    std::string text = exportMap(project).dump(2, ' ', false, json::error_handler_t::replace);
    text += '\n';
    return text;
}

json parseMapText(const std::string& text, const std::string& fileName) {
    if (const size_t deep = tooDeepAt(text, static_cast<int>(kMaxNestingDepth)); deep != std::string::npos)
        throw Error(fileName, lineColumn(text, deep),
                    "expected JSON nested at most " + std::to_string(kMaxNestingDepth) + " levels deep");
    try {
        return json::parse(text);
    } catch (const json::parse_error& e) {
        // e.byte is 1-based: the position of the character that could not be read.
        const size_t at = e.byte > 0 ? e.byte - 1 : 0;
        std::string what = e.what();
        if (auto p = what.find("syntax error while parsing value - "); p != std::string::npos)
            what = what.substr(p + 35);
        else if (auto q = what.find(": "); q != std::string::npos)
            what = what.substr(q + 2);
        throw Error(fileName, lineColumn(text, at), "expected JSON (" + withoutLastRead(what) + ")");
    }
}

MapImportReport importMap(Project& project, const json& document, const std::string& fileName) {
    MapImportReport report;
    project.edit(QStringLiteral("Import %1").arg(QString::fromStdString(fileName)), [&] {
        MapReader reader(project, document, fileName, report);
        reader.run();
        // The ranking settings, checked like the rows: a bad value fails the whole import.
        if (auto settings = document.find("settings"); settings != document.end() && settings->is_object()) {
            for (auto it = settings->begin(); it != settings->end(); ++it) {
                if (it.key() != kRankSettingsKey) {
                    report.warnings.push_back("/settings/" + it.key() + ": unknown setting, ignored");
                    continue;
                }
                RankSettings ranking;
                try {
                    from_json(*it, ranking);
                } catch (const Error& e) {
                    throw Error(fileName, "/settings/ranking", e.what());
                } catch (const json::exception& e) {
                    throw Error(fileName, "/settings/ranking",
                                std::string("expected ranking settings: ") + e.what());
                }
                project.setSetting(kRankSettingsKey, json(ranking));
            }
        }
    });
    return report;
}

} // namespace terrain
