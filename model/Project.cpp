#include "Project.h"

#include "Database.h"
#include "EntitySpec.h"
#include "JsonText.h"

#include <QUuid>

#include <algorithm>
#include <array>
#include <deque>
#include <filesystem>
#include <iterator>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>

namespace terrain {

namespace {

// The map settings (Project::setting): not an entity, so not in EntitySpec's schemaSql().
constexpr const char* kSettingsTableSql =
    "CREATE TABLE settings (\n  key TEXT PRIMARY KEY,\n  value TEXT NOT NULL\n) WITHOUT ROWID;\n";

// Where each system is drawn (Project::positions): not an entity, so not in EntitySpec's schemaSql().
constexpr const char* kPositionsTableSql =
    "CREATE TABLE positions (\n  system INTEGER PRIMARY KEY REFERENCES systems(id) ON DELETE CASCADE,\n"
    "  x REAL NOT NULL,\n  y REAL NOT NULL,\n  pinned INTEGER NOT NULL DEFAULT 0\n);\n";

// The attributes that files give systems of other files as facts (ImportMerge.cpp: noteFactKeys()), as an
// SQL list.
const std::string kFactKeysSql =
    "('monitored_by', 'scrape_targets', 'scrape_job', 'min_replicas', 'max_replicas')";

// Upgrades from schema version v (index v - 1) to v + 1. Version 1 is the first schema.
const std::vector<void (*)(Database&)>& migrations() {
    static const std::vector<void (*)(Database&)> steps = {
        // 1 -> 2: re-import support: import scopes, identifiers and the last discovered values of a
        // system, the scopes of a dependency, and the source's grouping of a system.
        [](Database& db) {
            db.exec("ALTER TABLE systems ADD COLUMN \"group\" TEXT NOT NULL DEFAULT '';"
                    "ALTER TABLE systems ADD COLUMN scopes TEXT NOT NULL DEFAULT '[]';"
                    "ALTER TABLE systems ADD COLUMN identifiers TEXT NOT NULL DEFAULT '[]';"
                    "ALTER TABLE systems ADD COLUMN discovered TEXT NOT NULL DEFAULT '{}';"
                    "ALTER TABLE dependencies ADD COLUMN scopes TEXT NOT NULL DEFAULT '[]';");
        },
        // 2 -> 3: map settings (the ranking weights, preset and phase capacities), one JSON per key.
        [](Database& db) { db.exec(kSettingsTableSql); },
        // 3 -> 4: map layout: the position of each system, and whether a person placed it.
        [](Database& db) { db.exec(kPositionsTableSql); },
        // 4 -> 5: decisions that amend other decisions (adr-tools "Amends" links), a link table.
        [](Database& db) {
            db.exec(
                "CREATE TABLE decision_amends (\n  owner INTEGER NOT NULL REFERENCES decisions(id) ON DELETE "
                "CASCADE,\n  target INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,\n  position "
                "INTEGER NOT NULL,\n  PRIMARY KEY(owner, target)\n) WITHOUT ROWID;\n"
                "CREATE INDEX decision_amends_target ON decision_amends(target);\n");
        },
        // 5 -> 6: what each import run replaces and the path it read (a folder's re-import finds the file of
        // a source whose scope names none by them); and which attributes of a system another file gave as
        // facts (System::discovered's "facts", which a re-import of its own sources keeps): those that
        // files give only so (Prometheus' and an autoscaler's of another file) where a system has them.
        [](Database& db) {
            db.exec(
                "ALTER TABLE imports ADD COLUMN scope TEXT NOT NULL DEFAULT '';"
                "ALTER TABLE imports ADD COLUMN path TEXT NOT NULL DEFAULT '';"
                "UPDATE systems SET discovered = json_set(CASE WHEN json_type(discovered) = 'object' THEN "
                "discovered ELSE '{}' END, '$.facts', json((SELECT json_group_array(key) FROM "
                "json_each(systems.attributes) WHERE key IN " +
                kFactKeysSql +
                "))) WHERE json_valid(attributes) AND json_valid(discovered) AND json_type(attributes) = "
                "'object' AND EXISTS (SELECT 1 FROM json_each(systems.attributes) WHERE key IN " +
                kFactKeysSql + ");");
        },
    };
    return steps;
}

constexpr size_t kMaxHistoryRows = 400000; // rows kept across all undo steps, to bound memory
constexpr size_t kResetThreshold = 500;    // more changed rows of one kind than this: kindReset

// SQLite's page cache while an edit (EditPages::Revisited), undo or redo runs, and between them (its
// default, 2 MB). A large edit writes tens of megabytes of table and index pages in one transaction;
// with the default cache, pages are written out to the WAL before the commit, and again when changed
// again. The larger cache only grows as far as the edit needs it and is given back when it ends. An
// import's commit (EditPages::WrittenOnce) writes its rows once, in order, and is as fast with a small
// cache.
constexpr const char* kEditCacheSql = "PRAGMA cache_size = -65536";
constexpr const char* kSmallEditCacheSql = "PRAGMA cache_size = -256";
constexpr const char* kIdleCacheSql = "PRAGMA cache_size = -2000";

// A new map's pages are 8 KiB instead of SQLite's 4 KiB: a system's row (its facts as JSON) is most of a
// kilobyte, and an import writing thousands of them split and wrote twice as many pages. The commit of a
// 10 MB Terraform state took 0.057 s with 4 KiB pages, 0.039 s with 8 KiB and 0.037 s with 16 KiB; an
// empty map is 0.4 MB instead of 0.2 (16 KiB: 0.8). A map made before keeps its pages.
constexpr const char* kPageSizeSql = "PRAGMA page_size = 8192";

/// The page cache for the scope of one edit's transaction.
class EditCache {
public:
    explicit EditCache(Database& db, bool large = true)
        : m_db(db) {
        m_db.prepare(large ? kEditCacheSql : kSmallEditCacheSql).run();
    }
    EditCache(const EditCache&) = delete;
    EditCache& operator=(const EditCache&) = delete;
    ~EditCache() {
        try {
            m_db.prepare(kIdleCacheSql).run();
        } catch (const Error&) {
            // A cache left larger costs memory, not correctness; the next edit sets it again.
        }
    }

private:
    Database& m_db;
};

/// A rollback journal in place of the WAL for the scope of one edit's transaction
/// (EditPages::ManyWrittenOnce).
/// TRUNCATE rather than DELETE: its commit is durable with synchronous=FULL (a deleted journal is durable
/// only once its folder is synced too); going back to WAL removes the empty journal file. Where the
/// WAL cannot be left (another connection has the map open) or not taken back (one opened it since), the
/// edit runs as it is; a map left in rollback mode is put back into WAL mode by configure() when opened.
class RollbackJournal {
public:
    explicit RollbackJournal(Database& db)
        : m_db(db)
        , m_on(db.trySetJournalMode("truncate")) {}
    RollbackJournal(const RollbackJournal&) = delete;
    RollbackJournal& operator=(const RollbackJournal&) = delete;
    ~RollbackJournal() {
        if (m_on)
            m_db.trySetJournalMode("wal");
    }

private:
    Database& m_db;
    bool m_on;
};

// Rows kept in the undo history are packed: MessagePack bytes in a binary JSON value, several times
// smaller than the row as a document (an import's edit holds tens of thousands of rows). Unpacked only
// by undo and redo.
json packRow(const json& row) {
    return json::binary(json::to_msgpack(row));
}
std::optional<json> packRow(const std::optional<json>& row) {
    return row ? std::optional<json>(packRow(*row)) : std::nullopt;
}
json unpackRow(const json& stored) {
    return stored.is_binary() ? json::from_msgpack(stored.get_binary()) : stored;
}

// A row the history does not keep: the file holds it (the `after` of an insert, see RowChange).
bool inFile(const std::optional<json>& after) {
    return after && after->is_null();
}

void appendListText(std::string& out, const std::vector<std::string>& list) {
    out += '[';
    for (size_t i = 0; i < list.size(); ++i) {
        if (i > 0)
            out += ',';
        appendJsonString(out, list[i]);
    }
    out += ']';
}

// The text columns of a typed row are written into a buffer of the column's own and bound without a
// copy: the statement runs before the next row is bound, and the buffer (never freed) is reused. An
// import binds hundreds of thousands of rows; two allocations less per text column and row. A statement
// of many rows (insertMany()) has a buffer for each of its rows: the row of parameter i of T's INSERT.
template <class T> std::string& rowBuffer(std::deque<std::string>& buffers, int i) {
    const auto row = static_cast<std::size_t>(i - 1) / (entitySpec(T::kKind).columns.size() + 1);
    while (buffers.size() <= row)
        buffers.emplace_back(); // (a deque: the buffers bound before stay where they are)
    return buffers[row];
}
template <class Fill> void bindText(Statement& st, int i, std::string& buffer, Fill fill) {
    buffer.clear();
    fill(buffer);
    st.bindStatic(i, buffer);
}
template <class T, std::vector<std::string> T::*Member> void bindList(Statement& st, int i, const T& v) {
    static thread_local std::deque<std::string> buffers; // per column: each is an instance of the template
    bindText(st, i, rowBuffer<T>(buffers, i), [&](std::string& out) { appendListText(out, v.*Member); });
}
template <class T, json T::*Member> void bindJson(Statement& st, int i, const T& v) {
    static thread_local std::deque<std::string> buffers;
    bindText(st, i, rowBuffer<T>(buffers, i), [&](std::string& out) { appendJsonText(out, v.*Member); });
}

// Binds one column of a typed row (index i of the INSERT) straight from its struct.
template <class T> using Binder = void (*)(Statement& st, int i, const T& v);

template <class T> const std::map<std::string_view, Binder<T>>& columnBinders();

template <> const std::map<std::string_view, Binder<System>>& columnBinders<System>() {
    using S = System;
    static const std::map<std::string_view, Binder<System>> b = {
        {"key", [](Statement& st, int i, const S& v) { st.bindStatic(i, v.key); }},
        {"name", [](Statement& st, int i, const S& v) { st.bindStatic(i, v.name); }},
        {"kind", [](Statement& st, int i, const S& v) { st.bindStatic(i, v.kind); }},
        {"provider", [](Statement& st, int i, const S& v) { st.bindStatic(i, v.provider); }},
        {"environment", [](Statement& st, int i, const S& v) { st.bindStatic(i, v.environment); }},
        {"owner", [](Statement& st, int i, const S& v) { st.bindStatic(i, v.owner); }},
        {"lifecycle", [](Statement& st, int i, const S& v) { st.bindStatic(i, v.lifecycle); }},
        {"criticality", [](Statement& st, int i, const S& v) { st.bindStatic(i, v.criticality); }},
        {"address", [](Statement& st, int i, const S& v) { st.bindStatic(i, v.address); }},
        {"group", [](Statement& st, int i, const S& v) { st.bindStatic(i, v.group); }},
        {"notes", [](Statement& st, int i, const S& v) { st.bindStatic(i, v.notes); }},
        {"tags", bindList<S, &S::tags>},
        {"attributes", bindJson<S, &S::attributes>},
        {"sources", bindList<S, &S::sources>},
        {"origin", [](Statement& st, int i, const S& v) { st.bindStatic(i, v.origin); }},
        {"status", [](Statement& st, int i, const S& v) { st.bindStatic(i, v.status); }},
        {"first_seen", [](Statement& st, int i, const S& v) { st.bindStatic(i, v.firstSeen); }},
        {"last_seen", [](Statement& st, int i, const S& v) { st.bindStatic(i, v.lastSeen); }},
        {"scopes", bindList<S, &S::scopes>},
        {"identifiers", bindList<S, &S::identifiers>},
        {"discovered", bindJson<S, &S::discovered>},
    };
    return b;
}

template <> const std::map<std::string_view, Binder<Dependency>>& columnBinders<Dependency>() {
    using D = Dependency;
    static const std::map<std::string_view, Binder<Dependency>> b = {
        {"from", [](Statement& st, int i, const D& v) { st.bind(i, v.from); }},
        {"to", [](Statement& st, int i, const D& v) { st.bind(i, v.to); }},
        {"kind", [](Statement& st, int i, const D& v) { st.bindStatic(i, v.kind); }},
        {"origin", [](Statement& st, int i, const D& v) { st.bindStatic(i, v.origin); }},
        {"evidence", [](Statement& st, int i, const D& v) { st.bindStatic(i, v.evidence); }},
        {"scopes", bindList<D, &D::scopes>},
    };
    return b;
}

/// The entries of `byName` (binders or readers of T's columns) in the order of T's EntitySpec, the
/// order of its INSERT and SELECT. A column with none, or a kind with link tables, is a programming error
/// caught by the first use.
template <class T, class Fn>
std::vector<Fn> inColumnOrder(const std::map<std::string_view, Fn>& byName, const char* what) {
    const auto& spec = entitySpec(T::kKind);
    if (!spec.links.empty())
        throw std::logic_error(std::string(what) + " of " + spec.table + ": it has link tables");
    std::vector<Fn> out;
    for (const auto& c : spec.columns) {
        const auto it = byName.find(c.name);
        if (it == byName.end())
            throw std::logic_error(std::string(what) + " of " + spec.table + ": nothing for column " +
                                   c.name);
        out.push_back(it->second);
    }
    return out;
}

template <class T> const std::vector<Binder<T>>& typedBinders() {
    static const std::vector<Binder<T>> ordered = inColumnOrder<T>(columnBinders<T>(), "typed insert");
    return ordered;
}

// One column of a row being read into its struct (the column after "id" at index `col`).
struct ColumnIn {
    Statement& st;
    int col;
    const std::string& path;
    const EntitySpec& spec;
    const ColumnSpec& column;
    Id id;

    std::string text() const { return st.text(col); }
    bool isNull() const { return st.isNull(col); }
    std::int64_t integer() const { return st.int64(col); }
    /// The JSON a Json column holds; an Error as storedRow gives when it holds none.
    json value() const {
        json v = json::parse(st.text(col), nullptr, false);
        if (v.is_discarded())
            throw Error(path, std::string(spec.table) + " row " + std::to_string(id),
                        std::string("column ") + column.name + " does not hold JSON");
        return v;
    }
};

// A member read from a Json column as from_json reads it from the row: null keeps the default.
template <class M> void fromJsonColumn(const ColumnIn& in, M& member) {
    json v = in.value();
    if (v.is_null())
        return;
    if constexpr (std::is_same_v<M, json>)
        member = std::move(v);
    else
        v.get_to(member);
}

// Reads one column of a typed row into its struct.
template <class T> using Reader = void (*)(const ColumnIn& in, T& v);

template <class T> const std::map<std::string_view, Reader<T>>& columnReaders();

template <> const std::map<std::string_view, Reader<System>>& columnReaders<System>() {
    using S = System;
    using In = const ColumnIn&;
    static const std::map<std::string_view, Reader<System>> r = {
        {"key", [](In in, S& v) { v.key = in.text(); }},
        {"name", [](In in, S& v) { v.name = in.text(); }},
        {"kind", [](In in, S& v) { v.kind = in.text(); }},
        {"provider", [](In in, S& v) { v.provider = in.text(); }},
        {"environment", [](In in, S& v) { v.environment = in.text(); }},
        {"owner", [](In in, S& v) { v.owner = in.text(); }},
        {"lifecycle", [](In in, S& v) { v.lifecycle = in.text(); }},
        {"criticality", [](In in, S& v) { v.criticality = in.text(); }},
        {"address", [](In in, S& v) { v.address = in.text(); }},
        {"group", [](In in, S& v) { v.group = in.text(); }},
        {"notes", [](In in, S& v) { v.notes = in.text(); }},
        {"tags", [](In in, S& v) { fromJsonColumn(in, v.tags); }},
        {"attributes", [](In in, S& v) { fromJsonColumn(in, v.attributes); }},
        {"sources", [](In in, S& v) { fromJsonColumn(in, v.sources); }},
        {"origin", [](In in, S& v) { v.origin = in.text(); }},
        {"status", [](In in, S& v) { v.status = in.text(); }},
        {"first_seen", [](In in, S& v) { v.firstSeen = in.text(); }},
        {"last_seen", [](In in, S& v) { v.lastSeen = in.text(); }},
        {"scopes", [](In in, S& v) { fromJsonColumn(in, v.scopes); }},
        {"identifiers", [](In in, S& v) { fromJsonColumn(in, v.identifiers); }},
        {"discovered", [](In in, S& v) { fromJsonColumn(in, v.discovered); }},
    };
    return r;
}

template <> const std::map<std::string_view, Reader<Dependency>>& columnReaders<Dependency>() {
    using D = Dependency;
    using In = const ColumnIn&;
    static const std::map<std::string_view, Reader<Dependency>> r = {
        {"from", [](In in, D& v) { v.from = in.isNull() ? v.from : in.integer(); }},
        {"to", [](In in, D& v) { v.to = in.isNull() ? v.to : in.integer(); }},
        {"kind", [](In in, D& v) { v.kind = in.text(); }},
        {"origin", [](In in, D& v) { v.origin = in.text(); }},
        {"evidence", [](In in, D& v) { v.evidence = in.text(); }},
        {"scopes", [](In in, D& v) { fromJsonColumn(in, v.scopes); }},
    };
    return r;
}

template <class T> const std::vector<Reader<T>>& typedReaders() {
    static const std::vector<Reader<T>> ordered = inColumnOrder<T>(columnReaders<T>(), "typed read");
    return ordered;
}

std::string quoted(const char* name) {
    return std::string("\"") + name + "\"";
}

bool isSystemColumn(const std::string& column) {
    const auto& cols = entitySpec(EntityKind::System).columns;
    return column == "id" || std::any_of(cols.begin(), cols.end(), [&](const ColumnSpec& c) {
               return column == c.name && c.type == ColumnType::Text;
           });
}

std::string likePattern(const std::string& text) {
    std::string p = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\')
            p += '\\';
        p += c;
    }
    return p + "%";
}

void configure(Database& db) {
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA journal_mode = WAL");
    // FULL: a commit is on disk when it returns, so an edit that returned survives a power cut too.
    db.exec("PRAGMA synchronous = FULL");
}

} // namespace

struct Project::Private {
    std::string path;
    std::unique_ptr<Database> db;

    /// One map setting changed by an edit: null `before` or `after` means absent.
    struct SettingChange {
        std::string key;
        json before;
        json after;
    };
    /// One system's position changed by an edit (absent: no position).
    struct PositionChange {
        Id system;
        std::optional<MapPosition> before;
        std::optional<MapPosition> after;
    };
    struct Edit {
        QString text;
        std::vector<RowChange> changes;
        std::vector<SettingChange> settings;
        std::vector<PositionChange> positions;
    };
    std::vector<Edit> undoStack;
    std::vector<Edit> redoStack;

    int depth = 0;
    std::vector<RowChange> current;
    std::vector<SettingChange> currentSettings;
    std::vector<PositionChange> currentPositions;
    bool outOfHistory = false; ///< the edit in progress is not recorded (setPositions, not undoable)

    std::optional<MapPosition> readPosition(Id system) {
        auto& st = db->prepare("SELECT x, y, pinned FROM positions WHERE system = ?");
        st.bind(1, system);
        std::optional<MapPosition> p;
        if (st.step())
            p = MapPosition{st.real(0), st.real(1), st.int64(2) != 0};
        st.reset();
        return p;
    }

    void writePosition(Id system, const std::optional<MapPosition>& p) {
        if (!p) {
            auto& del = db->prepare("DELETE FROM positions WHERE system = ?");
            del.bind(1, system);
            del.run();
            return;
        }
        auto& st = db->prepare("INSERT INTO positions (system, x, y, pinned) VALUES (?, ?, ?, ?) "
                               "ON CONFLICT(system) DO UPDATE SET x = excluded.x, y = excluded.y, "
                               "pinned = excluded.pinned");
        st.bind(1, system).bind(2, p->x).bind(3, p->y).bind(4, p->pinned ? 1 : 0);
        st.run();
    }

    static std::vector<Id> positionIds(const std::vector<PositionChange>& changes) {
        std::vector<Id> ids;
        ids.reserve(changes.size());
        for (const auto& c : changes)
            ids.push_back(c.system);
        return ids;
    }

    json readSetting(const std::string& key) {
        auto& st = db->prepare("SELECT value FROM settings WHERE key = ?");
        st.bind(1, key);
        json value;
        if (st.step()) {
            value = json::parse(st.text(0), nullptr, false);
            if (value.is_discarded()) {
                st.reset();
                throw Error(path, "settings " + key, "does not hold JSON");
            }
        }
        st.reset();
        return value;
    }

    void writeSetting(const std::string& key, const json& value) {
        if (value.is_null()) {
            auto& del = db->prepare("DELETE FROM settings WHERE key = ?");
            del.bind(1, key);
            del.run();
            return;
        }
        auto& st = db->prepare("INSERT INTO settings (key, value) VALUES (?, ?) "
                               "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        st.bind(1, key).bind(2, value.dump());
        st.run();
    }

    // ---- row I/O through the entity specs ----
    std::string selectSql(const EntitySpec& spec) const {
        std::string sql = "SELECT id";
        for (const auto& c : spec.columns)
            sql += ", " + quoted(c.name);
        return sql + " FROM " + spec.table;
    }

    json rowFromStatement(const EntitySpec& spec, Statement& st) {
        return normalizeRow(spec.kind, storedRow(spec, st));
    }

    /// The row as stored: every column and link, not normalised.
    json storedRow(const EntitySpec& spec, Statement& st) {
        json row = json::object();
        const Id id = st.int64(0);
        row["id"] = id;
        int col = 1;
        for (const auto& c : spec.columns) {
            switch (c.type) {
            case ColumnType::Text:
                row[c.name] = st.text(col);
                break;
            case ColumnType::Int:
                row[c.name] = st.int64(col);
                break;
            case ColumnType::Bool:
                row[c.name] = st.int64(col) != 0;
                break;
            case ColumnType::Json: {
                const std::string t = st.text(col);
                row[c.name] = json::parse(t, nullptr, false);
                if (row[c.name].is_discarded())
                    throw Error(path, std::string(spec.table) + " row " + std::to_string(id),
                                std::string("column ") + c.name + " does not hold JSON");
                break;
            }
            case ColumnType::OptInt:
            case ColumnType::Ref:
            case ColumnType::RefReq:
                row[c.name] = st.isNull(col) ? json(nullptr) : json(st.int64(col));
                break;
            }
            ++col;
        }
        for (const auto& l : spec.links) {
            auto& ls = db->prepare(std::string("SELECT target FROM ") + l.table +
                                   " WHERE owner = ? ORDER BY position");
            ls.bind(1, id);
            json targets = json::array();
            while (ls.step())
                targets.push_back(ls.int64(0));
            ls.reset();
            row[l.member] = std::move(targets);
        }
        return row;
    }

    std::optional<json> readRow(EntityKind kind, Id id) {
        const auto& spec = entitySpec(kind);
        auto& st = db->prepare(selectSql(spec) + " WHERE id = ?");
        st.bind(1, id);
        if (!st.step())
            return std::nullopt;
        json row = rowFromStatement(spec, st);
        st.reset();
        return row;
    }

    bool exists(EntityKind kind, Id id) {
        auto& st = db->prepare(std::string("SELECT 1 FROM ") + entitySpec(kind).table + " WHERE id = ?");
        st.bind(1, id);
        const bool found = st.step();
        st.reset();
        return found;
    }

    void bindColumns(const EntitySpec& spec, Statement& st, const json& row, int first) {
        int i = first;
        for (const auto& c : spec.columns) {
            const json& v = row.at(c.name);
            switch (c.type) {
            case ColumnType::Text:
                st.bind(i, v.get_ref<const std::string&>());
                break;
            case ColumnType::Int:
                st.bind(i, v.get<std::int64_t>());
                break;
            case ColumnType::Bool:
                st.bind(i, static_cast<std::int64_t>(v.get<bool>() ? 1 : 0));
                break;
            case ColumnType::Json:
                st.bind(i, jsonText(v));
                break;
            case ColumnType::OptInt:
            case ColumnType::Ref:
            case ColumnType::RefReq:
                if (v.is_null())
                    st.bindNull(i);
                else
                    st.bind(i, v.get<std::int64_t>());
                break;
            }
            ++i;
        }
    }

    void writeLinks(const EntitySpec& spec, Id id, const json& row, bool clearFirst) {
        for (const auto& l : spec.links) {
            if (clearFirst) {
                auto& del = db->prepare(std::string("DELETE FROM ") + l.table + " WHERE owner = ?");
                del.bind(1, id);
                del.run();
            }
            auto& ins = db->prepare(std::string("INSERT OR IGNORE INTO ") + l.table +
                                    " (owner, target, position) VALUES (?, ?, ?)");
            std::int64_t pos = 0;
            for (const auto& t : row.at(l.member)) {
                ins.bind(1, id).bind(2, t.get<Id>()).bind(3, pos++);
                ins.run();
            }
        }
    }

    /// The INSERT of each kind, prepared once (an import inserts tens of thousands of rows). The
    /// statements live as long as the connection (Database caches them).
    std::array<Statement*, std::size(kAllKinds)> insertStatements{};

    /// The INSERT of `rows` rows of `spec`'s columns, id first.
    static std::string insertStatementSql(const EntitySpec& spec, std::size_t rows = 1) {
        std::string sql = std::string("INSERT INTO ") + spec.table + " (id";
        std::string values = "(?";
        for (const auto& c : spec.columns) {
            sql += ", " + quoted(c.name);
            values += ", ?";
        }
        sql += ") VALUES " + values + ")";
        for (std::size_t r = 1; r < rows; ++r)
            sql += ", " + values + ")";
        return sql;
    }

    Statement& insertStatement(EntityKind kind) {
        Statement*& st = insertStatements[static_cast<size_t>(kind)];
        if (!st)
            st = &db->prepare(insertStatementSql(entitySpec(kind)));
        return *st;
    }

    /// Binds a typed row (System, Dependency) straight from its struct as the row of an INSERT whose
    /// parameters start after `base`: its id (null: SQLite's next), then its columns.
    template <class T> static void bindTyped(Statement& st, int base, const T& v, Id id) {
        if (id > 0)
            st.bind(base + 1, id);
        else
            st.bindNull(base + 1);
        const auto& binders = typedBinders<T>();
        for (size_t c = 0; c < binders.size(); ++c)
            binders[c](st, base + static_cast<int>(c) + 2, v);
    }

    /// Inserts a typed row; keeps its id when > 0.
    template <class T> Id insertTyped(const T& v) {
        Statement& st = insertStatement(T::kKind);
        bindTyped(st, 0, v, v.id);
        st.run();
        return v.id > 0 ? v.id : db->lastInsertId();
    }

    /// Rows to one INSERT in insertMany(): 22 columns each, far from SQLite's 32,766 parameters. SQLite
    /// alone (a test program) inserting the 29,400 rows of a 10 MB import: 72.8 ms a row at a time, 61.6 ms
    /// 64 at a time; the import's commit, 84.9 -> 78.1 ms.
    static constexpr std::size_t kRowsPerInsert = 64;

    /// Inserts typed rows as insertTyped() inserts each (an id given is kept; else the next, as SQLite
    /// gives it: one more than the largest), kRowsPerInsert to a statement and the last few one by one,
    /// and records each as added. Returns their ids, in order.
    template <class T>
    std::vector<Id> insertMany(std::size_t count, const std::function<const T&(std::size_t)>& row) {
        const auto& spec = entitySpec(T::kKind);
        const int columns = static_cast<int>(spec.columns.size()) + 1;
        Id next = db->queryInt(std::string("SELECT coalesce(max(id), 0) + 1 FROM ") + spec.table);
        std::vector<Id> ids;
        ids.reserve(count);
        Statement* many = nullptr;
        for (std::size_t k = 0; k < count;) {
            const std::size_t rows = count - k >= kRowsPerInsert ? kRowsPerInsert : 1;
            if (rows > 1 && !many)
                many = &db->prepare(insertStatementSql(spec, rows));
            Statement& st = rows > 1 ? *many : insertStatement(T::kKind);
            for (std::size_t r = 0; r < rows; ++r, ++k) {
                const T& v = row(k);
                const Id id = v.id > 0 ? v.id : next;
                next = std::max(next, id + 1);
                bindTyped(st, static_cast<int>(r) * columns, v, id);
                ids.push_back(id);
            }
            st.run();
        }
        for (Id id : ids)
            current.push_back({T::kKind, id, std::nullopt, json()});
        return ids;
    }

    /// Inserts `row`; keeps its id when > 0. Returns the id.
    Id insertRow(EntityKind kind, const json& row) {
        const auto& spec = entitySpec(kind);
        auto& st = insertStatement(kind);
        const Id want = row.value("id", Id{0});
        if (want > 0)
            st.bind(1, want);
        else
            st.bindNull(1);
        bindColumns(spec, st, row, 2);
        st.run();
        const Id id = want > 0 ? want : db->lastInsertId();
        writeLinks(spec, id, row, false);
        return id;
    }

    void updateRow(EntityKind kind, const json& row) {
        const auto& spec = entitySpec(kind);
        std::string sql = std::string("UPDATE ") + spec.table + " SET ";
        bool first = true;
        for (const auto& c : spec.columns) {
            sql += (first ? "" : ", ") + quoted(c.name) + " = ?";
            first = false;
        }
        sql += " WHERE id = ?";
        auto& st = db->prepare(sql);
        bindColumns(spec, st, row, 1);
        const Id id = row.at("id").get<Id>();
        st.bind(static_cast<int>(spec.columns.size()) + 1, id);
        st.run();
        writeLinks(spec, id, row, true);
    }

    void deleteRow(EntityKind kind, Id id) {
        auto& st = db->prepare(std::string("DELETE FROM ") + entitySpec(kind).table + " WHERE id = ?");
        st.bind(1, id);
        st.run();
    }

    /// Makes the stored row equal `target` (absent: deleted).
    void applyRow(EntityKind kind, Id id, const std::optional<json>& target) {
        if (!target)
            deleteRow(kind, id);
        else if (exists(kind, id))
            updateRow(kind, unpackRow(*target));
        else
            insertRow(kind, unpackRow(*target));
    }

    /// The rows that refer to (kind, id), excluding itself.
    std::vector<std::pair<EntityKind, Id>> referrers(EntityKind kind, Id id) {
        std::set<std::pair<EntityKind, Id>> out;
        for (const auto& ref : referencesTo(kind)) {
            std::string sql;
            if (ref.column)
                sql = std::string("SELECT id FROM ") + entitySpec(ref.owner).table + " WHERE " +
                      quoted(ref.column->name) + " = ?";
            else
                sql = std::string("SELECT owner FROM ") + ref.link->table + " WHERE target = ?";
            auto& st = db->prepare(sql);
            st.bind(1, id);
            while (st.step())
                if (!(ref.owner == kind && st.int64(0) == id))
                    out.insert({ref.owner, st.int64(0)});
            st.reset();
        }
        return {out.begin(), out.end()};
    }

    std::string nextKey(const EntitySpec& spec) {
        if (spec.kind == EntityKind::System)
            return spec.keyPrefix + QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
        const std::string prefix = spec.keyPrefix;
        auto& st = db->prepare(std::string("SELECT key FROM ") + spec.table + " WHERE substr(key, 1, ?) = ?");
        st.bind(1, static_cast<std::int64_t>(prefix.size())).bind(2, prefix);
        long long maxN = 0;
        while (st.step()) {
            const std::string k = st.text(0).substr(prefix.size());
            if (!k.empty() && std::all_of(k.begin(), k.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
                k.size() < 18)
                maxN = std::max(maxN, std::stoll(k));
        }
        st.reset();
        return prefix + std::to_string(maxN + 1);
    }

    void trimHistory() {
        size_t rows = 0;
        for (const auto& e : undoStack)
            rows += e.changes.size() + e.positions.size();
        size_t drop = 0;
        while (drop + 1 < undoStack.size() && rows > kMaxHistoryRows) {
            rows -= undoStack[drop].changes.size() + undoStack[drop].positions.size();
            ++drop;
        }
        undoStack.erase(undoStack.begin(), undoStack.begin() + static_cast<std::ptrdiff_t>(drop));
    }
};

Project::Project(std::unique_ptr<Private> dd)
    : d(std::move(dd)) {
    qRegisterMetaType<terrain::EntityKind>("terrain::EntityKind");
    qRegisterMetaType<terrain::Id>("terrain::Id");
}

Project::~Project() {
    if (d->db) {
        try {
            d->db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (const Error&) {
            // Another connection holds the file; the WAL is checkpointed by the last one to close.
        }
    }
}

std::unique_ptr<Project> Project::create(const std::string& path) {
    if (std::filesystem::exists(path))
        throw Error(path, "", "already exists; choose a new file name (nothing was changed)");
    auto d = std::make_unique<Private>();
    d->path = path;
    try {
        d->db = std::make_unique<Database>(path, Database::Mode::Create);
        d->db->exec(kPageSizeSql); // before anything is written, which fixes it
        d->db->exec("PRAGMA application_id = " + std::to_string(kApplicationId));
        configure(*d->db);
        Transaction tx(*d->db);
        d->db->exec(schemaSql());
        d->db->exec(kSettingsTableSql);
        d->db->exec(kPositionsTableSql);
        d->db->exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
        tx.commit();
        // The schema's pages (about fifty, one to each table and index) into the file now, not left in the
        // WAL: the file is a whole map from the start (a copy of it alone, taken while it is open, opens),
        // and the first edit's commit does not write them again at its checkpoint (an import of a 1 MB
        // state into a new map: 0.6 ms less; of a few resources: 1.4 of 7.8 ms).
        d->db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (...) {
        d->db.reset();
        std::error_code ec;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            std::filesystem::remove(path + suffix, ec);
        throw;
    }
    return std::unique_ptr<Project>(new Project(std::move(d)));
}

std::unique_ptr<Project> Project::open(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw Error(path, "", "no such file");
    if (std::filesystem::is_directory(path, ec))
        throw Error(path, "", "is a folder, not a Terrain map");

    int version = 0;
    {
        // Validate read-only first: a file that is not ours, damaged or newer is never written to. But a
        // rollback journal left by an import cut short (EditPages::ManyWrittenOnce) must be rolled back
        // before the file can be read, which a read-only connection cannot do: SQLite's own recovery,
        // putting back the file as it was before that import, is the one write made then.
        const bool hotJournal = std::filesystem::file_size(path + "-journal", ec) > 0 && !ec;
        Database ro(path, hotJournal ? Database::Mode::ReadWrite : Database::Mode::ReadOnly);
        const auto appId = ro.queryInt("PRAGMA application_id");
        if (appId != kApplicationId) {
            const auto tables = ro.queryInt("SELECT count(*) FROM sqlite_schema");
            if (appId == 0 && tables == 0)
                throw Error(path, "", "is an empty SQLite database, not a Terrain map; nothing was changed");
            throw Error(path, "",
                        "is an SQLite database of another application (application_id " +
                            std::to_string(appId) + "), not a Terrain map; nothing was changed");
        }
        version = static_cast<int>(ro.queryInt("PRAGMA user_version"));
        if (version > kSchemaVersion)
            throw Error(path, "",
                        "was written by a newer Terrain (schema version " + std::to_string(version) +
                            "); this Terrain reads schema versions up to " + std::to_string(kSchemaVersion) +
                            ". Update Terrain to open it; nothing was changed");
        if (version < 1)
            throw Error(path, "", "has no Terrain schema (user_version 0); nothing was changed");
        auto check = ro.prepareUncached("PRAGMA quick_check");
        std::string problems;
        while (check->step()) {
            const std::string line = check->text(0);
            if (line != "ok")
                problems += (problems.empty() ? "" : "; ") + line;
        }
        if (!problems.empty())
            throw Error(path, "",
                        "the file is damaged (" + problems.substr(0, 300) + "); nothing was written to it");
    }

    auto d = std::make_unique<Private>();
    d->path = path;
    d->db = std::make_unique<Database>(path, Database::Mode::ReadWrite);
    configure(*d->db);
    if (version < kSchemaVersion) {
        Transaction tx(*d->db);
        for (int v = version; v < kSchemaVersion; ++v)
            migrations().at(static_cast<size_t>(v - 1))(*d->db);
        d->db->exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
        d->db->exec("PRAGMA foreign_key_check");
        tx.commit();
    }
    return std::unique_ptr<Project>(new Project(std::move(d)));
}

const std::string& Project::path() const {
    return d->path;
}
Database& Project::database() {
    return *d->db;
}

std::optional<json> Project::get(EntityKind kind, Id id) const {
    return d->readRow(kind, id);
}

std::vector<json> Project::list(EntityKind kind) const {
    std::vector<json> out = storedRows(kind);
    for (auto& row : out)
        row = normalizeRow(kind, row);
    return out;
}

std::vector<json> Project::storedRows(EntityKind kind) const {
    const auto& spec = entitySpec(kind);
    auto st = d->db->prepareUncached(d->selectSql(spec) + " ORDER BY id");
    std::vector<json> out;
    while (st->step())
        out.push_back(d->storedRow(spec, *st));
    return out;
}

namespace {
template <class T>
void readTyped(const std::string& path, Database& db, const std::string& select, std::vector<T>& out) {
    const auto& spec = entitySpec(T::kKind);
    const auto& readers = typedReaders<T>();
    auto st = db.prepareUncached(select + " ORDER BY id");
    while (st->step()) {
        T v;
        v.id = st->int64(0);
        for (size_t c = 0; c < readers.size(); ++c)
            readers[c](ColumnIn{*st, static_cast<int>(c) + 1, path, spec, spec.columns[c], v.id}, v);
        out.push_back(std::move(v));
    }
}
} // namespace

void Project::listTyped(std::vector<System>& out) const {
    out.reserve(static_cast<size_t>(count(EntityKind::System)));
    readTyped(d->path, *d->db, d->selectSql(entitySpec(EntityKind::System)), out);
}

void Project::listTyped(std::vector<Dependency>& out) const {
    out.reserve(static_cast<size_t>(count(EntityKind::Dependency)));
    readTyped(d->path, *d->db, d->selectSql(entitySpec(EntityKind::Dependency)), out);
}

std::int64_t Project::count(EntityKind kind) const {
    auto& st = d->db->prepare(std::string("SELECT count(*) FROM ") + entitySpec(kind).table);
    st.step();
    const auto n = st.int64(0);
    st.reset();
    return n;
}

Id Project::insert(EntityKind kind, const json& row, const QString& editText) {
    json r;
    try {
        r = normalizeRow(kind, row);
    } catch (const json::exception& e) {
        throw Error(d->path, kindName(kind), std::string("invalid row: ") + e.what());
    }
    return insertRow(kind, std::move(r), editText);
}

void Project::editNamed(const QString& editText, const char* verb, EntityKind kind,
                        const std::function<void()>& body) {
    if (d->depth > 0) // part of an edit in progress: no name to build (an import adds rows by the thousand)
        body();
    else
        edit(editText.isEmpty()
                 ? QStringLiteral("%1 %2").arg(QLatin1String(verb), QString::fromStdString(kindName(kind)))
                 : editText,
             body);
}

Id Project::insertRow(EntityKind kind, json r, const QString& editText) {
    const auto& spec = entitySpec(kind);
    Id id = 0;
    editNamed(editText, "Add", kind, [&] {
        if (spec.keyColumn && kind == EntityKind::Decision && r.value("number", 0) <= 0)
            r["number"] = d->db->queryInt("SELECT coalesce(max(number), 0) + 1 FROM decisions");
        else if (spec.keyColumn && kind != EntityKind::Decision && r.value("key", std::string()).empty())
            r["key"] = d->nextKey(spec);
        id = d->insertRow(kind, r);
        d->current.push_back({kind, id, std::nullopt, json()}); // the file holds it (RowChange)
    });
    return id;
}

Id Project::addTyped(const System& v, const QString& editText) {
    Id id = 0;
    editNamed(editText, "Add", EntityKind::System, [&] {
        if (v.key.empty()) {
            System keyed = v;
            keyed.key = d->nextKey(entitySpec(EntityKind::System));
            id = d->insertTyped(keyed);
        } else {
            id = d->insertTyped(v);
        }
        d->current.push_back({EntityKind::System, id, std::nullopt, json()});
    });
    return id;
}

std::vector<Id> Project::addAll(const std::vector<System>& systems, const QString& editText) {
    std::vector<Id> ids;
    editNamed(editText, "Add", EntityKind::System, [&] {
        // A system without a key goes alone through add(), which gives it one (an import's have theirs).
        ids.reserve(systems.size());
        for (std::size_t from = 0; from < systems.size();) {
            std::size_t to = from;
            while (to < systems.size() && !systems[to].key.empty())
                ++to;
            const auto part = d->insertMany<System>(
                to - from, [&](std::size_t k) -> const System& { return systems[from + k]; });
            ids.insert(ids.end(), part.begin(), part.end());
            if (to < systems.size())
                ids.push_back(add(systems[to]));
            from = to + 1;
        }
    });
    return ids;
}

void Project::addAll(const std::vector<Dependency>& dependencies, const std::function<Id(Id)>& endpoint,
                     const QString& editText) {
    editNamed(editText, "Add", EntityKind::Dependency, [&] {
        // The rows of one statement are bound (without a copy) before it runs: each mapped into a place
        // of its own.
        std::vector<Dependency> mapped(endpoint ? Private::kRowsPerInsert : 0);
        d->insertMany<Dependency>(dependencies.size(), [&](std::size_t k) -> const Dependency& {
            if (!endpoint)
                return dependencies[k];
            Dependency& m = mapped[k % Private::kRowsPerInsert];
            m = dependencies[k];
            m.from = endpoint(m.from);
            m.to = endpoint(m.to);
            return m;
        });
    });
}

Id Project::addTyped(const Dependency& v, const QString& editText) {
    Id id = 0;
    editNamed(editText, "Add", EntityKind::Dependency, [&] {
        id = d->insertTyped(v);
        d->current.push_back({EntityKind::Dependency, id, std::nullopt, json()});
    });
    return id;
}

void Project::update(EntityKind kind, const json& row, const QString& editText) {
    const Id id = row.value("id", Id{0});
    auto before = d->readRow(kind, id);
    if (!before)
        throw Error(d->path, kindName(kind) + " " + std::to_string(id), "no such row to update");
    json after = *before;
    for (auto it = row.begin(); it != row.end(); ++it)
        after[it.key()] = it.value();
    try {
        after = normalizeRow(kind, after);
    } catch (const json::exception& e) {
        throw Error(d->path, kindName(kind) + " " + std::to_string(id),
                    std::string("invalid row: ") + e.what());
    }
    updateRow(kind, std::move(after), editText, std::move(before));
}

void Project::updateRow(EntityKind kind, json after, const QString& editText, std::optional<json> before) {
    const Id id = after.value("id", Id{0});
    if (!before)
        before = d->readRow(kind, id);
    if (!before)
        throw Error(d->path, kindName(kind) + " " + std::to_string(id), "no such row to update");
    if (after == *before)
        return;
    editNamed(editText, "Edit", kind, [&] {
        d->updateRow(kind, after);
        d->current.push_back({kind, id, packRow(before), packRow(after)});
    });
}

void Project::remove(EntityKind kind, Id id, const QString& editText) {
    auto before = d->readRow(kind, id);
    if (!before)
        return;
    const QString text = editText.isEmpty()
                             ? QStringLiteral("Delete %1").arg(QString::fromStdString(kindName(kind)))
                             : editText;
    edit(text, [&] {
        const auto refs = d->referrers(kind, id);
        std::vector<std::optional<json>> refBefore;
        refBefore.reserve(refs.size());
        for (const auto& [k, rid] : refs)
            refBefore.push_back(d->readRow(k, rid));
        // a system's position goes with it (ON DELETE CASCADE) and comes back on undo
        if (kind == EntityKind::System)
            if (auto pos = d->readPosition(id))
                d->currentPositions.push_back({id, pos, std::nullopt});
        d->deleteRow(kind, id);
        // Referrers first: undo runs backwards, so the row comes back before what points at it.
        for (size_t i = 0; i < refs.size(); ++i) {
            auto after = d->readRow(refs[i].first, refs[i].second);
            if (after != refBefore[i])
                d->current.push_back({refs[i].first, refs[i].second, packRow(refBefore[i]), packRow(after)});
        }
        d->current.push_back({kind, id, packRow(before), std::nullopt});
    });
}

std::optional<System> Project::systemByKey(const std::string& key) const {
    auto& st = d->db->prepare("SELECT id FROM systems WHERE key = ?");
    st.bind(1, key);
    std::optional<Id> id;
    if (st.step())
        id = st.int64(0);
    st.reset();
    if (!id)
        return std::nullopt;
    return get<System>(*id);
}

std::vector<Id> Project::systemIds(const SystemQuery& q) const {
    std::string sql = "SELECT id FROM systems WHERE 1";
    std::vector<std::string> binds;
    if (!q.text.empty()) {
        binds.push_back(likePattern(q.text));
        const std::string p = "?" + std::to_string(binds.size());
        sql += " AND (";
        bool first = true;
        for (const char* c : {"key", "name", "kind", "provider", "environment", "owner", "address", "tags"}) {
            sql += std::string(first ? "" : " OR ") + quoted(c) + " LIKE " + p + " ESCAPE '\\'";
            first = false;
        }
        sql += ")";
    }
    auto exact = [&](const char* column, const std::string& value) {
        if (value.empty())
            return;
        binds.push_back(value == "-" ? std::string() : value);
        sql += std::string(" AND ") + quoted(column) + " = ?" + std::to_string(binds.size());
    };
    exact("kind", q.kind);
    exact("environment", q.environment);
    exact("owner", q.owner);
    if (!q.includeGone)
        sql += " AND status <> 'gone'";
    const std::string order = isSystemColumn(q.orderBy) ? q.orderBy : "name";
    const char* dir = q.descending ? " DESC" : " ASC";
    sql +=
        " ORDER BY " + quoted(order.c_str()) + (order == "id" ? "" : " COLLATE NOCASE") + dir + ", id" + dir;
    auto& st = d->db->prepare(sql);
    for (size_t i = 0; i < binds.size(); ++i)
        st.bind(static_cast<int>(i + 1), binds[i]);
    std::vector<Id> ids;
    while (st.step())
        ids.push_back(st.int64(0));
    st.reset();
    return ids;
}

std::vector<std::string> Project::distinctSystemValues(const std::string& column) const {
    if (!isSystemColumn(column) || column == "id")
        throw Error("distinctSystemValues: no text column \"" + column + "\" in systems");
    auto& st = d->db->prepare("SELECT DISTINCT " + quoted(column.c_str()) + " FROM systems WHERE " +
                              quoted(column.c_str()) + " <> '' ORDER BY 1 COLLATE NOCASE");
    std::vector<std::string> out;
    while (st.step())
        out.push_back(st.text(0));
    st.reset();
    return out;
}

std::vector<std::string> Project::importScopes() const {
    auto& st =
        d->db->prepare("SELECT DISTINCT s.value FROM systems, json_each(systems.scopes) AS s ORDER BY 1");
    std::vector<std::string> out;
    while (st.step())
        out.push_back(st.text(0));
    st.reset();
    return out;
}

std::vector<Dependency> Project::dependenciesOf(Id system) const {
    auto& st = d->db->prepare("SELECT id FROM dependencies WHERE \"from\" = ?1 OR \"to\" = ?1 ORDER BY id");
    st.bind(1, system);
    std::vector<Id> ids;
    while (st.step())
        ids.push_back(st.int64(0));
    st.reset();
    std::vector<Dependency> out;
    for (Id id : ids)
        if (auto dep = get<Dependency>(id))
            out.push_back(*dep);
    return out;
}

std::optional<json> Project::setting(const std::string& key) const {
    json value = d->readSetting(key);
    if (value.is_null())
        return std::nullopt;
    return value;
}

void Project::setSetting(const std::string& key, const json& value, const QString& editText) {
    const json before = d->readSetting(key);
    if (before == value)
        return;
    edit(editText.isEmpty() ? QStringLiteral("Change settings") : editText, [&] {
        d->writeSetting(key, value);
        d->currentSettings.push_back({key, before, value});
    });
}

std::unordered_map<Id, MapPosition> Project::positions() const {
    std::unordered_map<Id, MapPosition> out;
    auto st = d->db->prepareUncached("SELECT system, x, y, pinned FROM positions");
    while (st->step())
        out.emplace(st->int64(0), MapPosition{st->real(1), st->real(2), st->int64(3) != 0});
    return out;
}

std::optional<MapPosition> Project::position(Id system) const {
    return d->readPosition(system);
}

void Project::setPositions(const std::vector<PositionEdit>& positions, const QString& editText,
                           bool undoable) {
    const QString text = editText.isEmpty() ? QStringLiteral("Move systems") : editText;
    struct Reset {
        bool& flag;
        ~Reset() { flag = false; }
    } reset{d->outOfHistory};
    if (!undoable && d->depth == 0)
        d->outOfHistory = true;
    edit(text, [&] {
        for (const auto& [system, pos] : positions) {
            auto before = d->readPosition(system);
            if (before == pos)
                continue;
            if (pos && !d->exists(EntityKind::System, system))
                throw Error(d->path, "system " + std::to_string(system), "no such system to place");
            d->writePosition(system, pos);
            d->currentPositions.push_back({system, before, pos});
        }
    });
}

void Project::edit(const QString& text, const std::function<void()>& body, EditPages pages) {
    if (d->depth > 0) {
        body();
        return;
    }
    std::vector<RowChange> changes;
    std::vector<Private::SettingChange> settings;
    std::vector<Private::PositionChange> positions;
    {
        EditCache cache(*d->db, pages == EditPages::Revisited);
        std::optional<RollbackJournal> journal;
        if (pages == EditPages::ManyWrittenOnce)
            journal.emplace(*d->db);
        Transaction tx(*d->db);
        d->db->exec("PRAGMA defer_foreign_keys = ON");
        d->depth = 1;
        d->current.clear();
        d->currentSettings.clear();
        d->currentPositions.clear();
        try {
            body();
            tx.commit();
        } catch (...) {
            d->depth = 0;
            d->current.clear();
            d->currentSettings.clear();
            d->currentPositions.clear();
            d->outOfHistory = false;
            throw;
        }
        d->depth = 0;
        changes.swap(d->current);
        settings.swap(d->currentSettings);
        positions.swap(d->currentPositions);
    }
    const bool record = !d->outOfHistory;
    d->outOfHistory = false;
    if (changes.empty() && settings.empty() && positions.empty())
        return;
    Private::Edit done{text, std::move(changes), std::move(settings), std::move(positions)};
    const Private::Edit* e = &done;
    if (record) { // kept without copying: an import's edit can hold a hundred thousand rows
        d->undoStack.push_back(std::move(done));
        d->redoStack.clear();
        d->trimHistory();
        e = &d->undoStack.back();
    }
    emitChanges(e->changes, true);
    for (const auto& s : e->settings)
        emit settingChanged(QString::fromStdString(s.key));
    if (!e->positions.empty())
        emit positionsChanged(Private::positionIds(e->positions));
    emit historyChanged();
}

void Project::emitChanges(const std::vector<RowChange>& changes, bool forward) {
    std::map<EntityKind, size_t> perKind;
    for (const auto& c : changes)
        ++perKind[c.kind];
    std::set<EntityKind> reset;
    for (const auto& [kind, n] : perKind)
        if (n > kResetThreshold)
            reset.insert(kind);
    for (EntityKind k : reset)
        emit kindReset(k);
    if (forward) {
        for (const auto& c : changes) {
            if (reset.count(c.kind))
                continue;
            if (!c.before)
                emit rowInserted(c.kind, c.id);
            else if (!c.after)
                emit rowRemoved(c.kind, c.id);
            else
                emit rowUpdated(c.kind, c.id);
        }
    } else {
        for (auto it = changes.rbegin(); it != changes.rend(); ++it) {
            if (reset.count(it->kind))
                continue;
            if (!it->after)
                emit rowInserted(it->kind, it->id);
            else if (!it->before)
                emit rowRemoved(it->kind, it->id);
            else
                emit rowUpdated(it->kind, it->id);
        }
    }
}

bool Project::canUndo() const {
    return !d->undoStack.empty();
}
bool Project::canRedo() const {
    return !d->redoStack.empty();
}
QString Project::undoText() const {
    return d->undoStack.empty() ? QString() : d->undoStack.back().text;
}
QString Project::redoText() const {
    return d->redoStack.empty() ? QString() : d->redoStack.back().text;
}

void Project::undo() {
    if (d->undoStack.empty())
        return;
    auto& e = d->undoStack.back();
    {
        EditCache cache(*d->db);
        Transaction tx(*d->db);
        d->db->exec("PRAGMA defer_foreign_keys = ON");
        for (auto it = e.changes.rbegin(); it != e.changes.rend(); ++it) {
            // An inserted row the history did not keep is read back before it goes, for redo. Undo runs
            // backwards, so the file holds it as the edit left it. Should this undo fail, a row read
            // back is still that row: the history stays right.
            if (inFile(it->after)) {
                auto row = d->readRow(it->kind, it->id);
                if (!row)
                    throw Error(d->path, kindName(it->kind) + " " + std::to_string(it->id),
                                "is no longer in the file (changed elsewhere?); nothing was undone");
                it->after = packRow(*row);
            }
            d->applyRow(it->kind, it->id, it->before);
        }
        for (auto it = e.settings.rbegin(); it != e.settings.rend(); ++it)
            d->writeSetting(it->key, it->before);
        for (auto it = e.positions.rbegin(); it != e.positions.rend(); ++it)
            d->writePosition(it->system, it->before);
        tx.commit();
    }
    d->redoStack.push_back(std::move(d->undoStack.back()));
    d->undoStack.pop_back();
    emitChanges(d->redoStack.back().changes, false);
    for (const auto& s : d->redoStack.back().settings)
        emit settingChanged(QString::fromStdString(s.key));
    if (!d->redoStack.back().positions.empty())
        emit positionsChanged(Private::positionIds(d->redoStack.back().positions));
    emit historyChanged();
}

void Project::redo() {
    if (d->redoStack.empty())
        return;
    const auto& e = d->redoStack.back();
    {
        EditCache cache(*d->db);
        Transaction tx(*d->db);
        d->db->exec("PRAGMA defer_foreign_keys = ON");
        for (const auto& c : e.changes)
            d->applyRow(c.kind, c.id, c.after);
        for (const auto& s : e.settings)
            d->writeSetting(s.key, s.after);
        for (const auto& p : e.positions)
            d->writePosition(p.system, p.after);
        tx.commit();
    }
    d->undoStack.push_back(std::move(d->redoStack.back()));
    d->redoStack.pop_back();
    emitChanges(d->undoStack.back().changes, true);
    for (const auto& s : d->undoStack.back().settings)
        emit settingChanged(QString::fromStdString(s.key));
    if (!d->undoStack.back().positions.empty())
        emit positionsChanged(Private::positionIds(d->undoStack.back().positions));
    emit historyChanged();
}

void Project::clearHistory() {
    d->undoStack.clear();
    d->redoStack.clear();
    emit historyChanged();
}

} // namespace terrain
