#pragma once
// The open map: a .terrain file (SQLite) and the edits made to it.
//
// Every edit method runs in its own transaction and returns only once the edit is committed to the
// file, so a crash never loses an edit that returned and never leaves a half-applied one. Every edit
// is also one step of the undo history (in memory; undo itself is an edit and is committed too).
// Signals tell views what changed; views never touch SQL.
//
// Nothing is loaded on open beyond the schema checks: queries read what a view asks for.

#include "Entities.h"
#include "Error.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

namespace terrain {

class Database;

/// How the systems table is read: a filter and an order, evaluated by SQLite.
struct SystemQuery {
    std::string text;        ///< matches key, name, kind, provider, environment, owner, address, tags
    std::string kind;        ///< exact, if not empty
    std::string environment; ///< exact, if not empty
    std::string owner;       ///< exact, if not empty; "-" means "no owner"
    bool includeGone = true;
    std::string orderBy = "name"; ///< a column of the systems table
    bool descending = false;
};

/// Where a system is drawn on the map: its centre in points, y pointing down (scene coordinates).
struct MapPosition {
    double x = 0;
    double y = 0;
    bool pinned = false; ///< placed by hand: a re-layout keeps it where it is
    bool operator==(const MapPosition&) const = default;
};
/// A system's new position; none clears it (the view then places the system near its neighbours).
using PositionEdit = std::pair<Id, std::optional<MapPosition>>;

/// One row changed by an edit: `before` is null for an insert, `after` null for a delete. The history
/// keeps them packed (MessagePack), except the `after` of an insert: a JSON null there means "the row
/// as the file holds it once the edit is done", read back (and packed) only when the edit is undone, so
/// an import's tens of thousands of inserted rows cost nothing to record.
struct RowChange {
    EntityKind kind;
    Id id;
    std::optional<json> before;
    std::optional<json> after;
};

class Project : public QObject {
    Q_OBJECT
public:
    static constexpr int kApplicationId = 0x54455252; ///< "TERR"
    static constexpr int kSchemaVersion = 6;

    /// Creates a new, empty map at `path` (which must not exist) with the default improvement areas
    /// and symptom checklist. Throws Error.
    static std::unique_ptr<Project> create(const std::string& path);
    /// Opens an existing map, migrating an older schema forward. Refuses, with an Error that names the
    /// file and the reason, a file that is not a Terrain map, is damaged, or has a newer schema; in
    /// those cases nothing is written to the file.
    static std::unique_ptr<Project> open(const std::string& path);
    ~Project() override;

    const std::string& path() const;
    Database& database(); ///< for the store's own helpers and tests; views never use it

    // ---- generic access: every entity as its JSON row (see EntitySpec.h) ----
    std::optional<json> get(EntityKind kind, Id id) const;
    std::vector<json> list(EntityKind kind) const; ///< ordered by id
    std::int64_t count(EntityKind kind) const;
    /// Inserts a row; an `id` member > 0 is kept (for undo and import), otherwise a new id is given.
    /// A missing key is generated ("manual:<uuid>", "I-<n>", ...). Returns the id.
    Id insert(EntityKind kind, const json& row, const QString& editText = {});
    /// Replaces the row with the same id. Unchanged rows make no edit.
    void update(EntityKind kind, const json& row, const QString& editText = {});
    /// Deletes the row; rows that depend on it (dependencies of a system, links) go with it and come
    /// back on undo.
    void remove(EntityKind kind, Id id, const QString& editText = {});

    // ---- typed access ----
    template <class T> std::optional<T> get(Id id) const {
        auto j = get(T::kKind, id);
        if (!j)
            return std::nullopt;
        return j->template get<T>();
    }
    template <class T> std::vector<T> list() const {
        std::vector<T> out;
        if constexpr (std::is_same_v<T, System> || std::is_same_v<T, Dependency>)
            listTyped(out); // read straight into the structs (a re-import reads every system)
        else
            for (const auto& j : storedRows(T::kKind))
                out.push_back(j.template get<T>());
        return out;
    }
    // A typed value is a whole, normal row already: these skip the normalisation that insert() and
    // update() apply to JSON from elsewhere (an import commits tens of thousands of rows). Systems and
    // dependencies, the kinds an import writes by the thousand, are bound to their INSERT straight from
    // the struct, without a JSON row.
    template <class T> Id add(const T& v, const QString& editText = {}) {
        if constexpr (std::is_same_v<T, System> || std::is_same_v<T, Dependency>)
            return addTyped(v, editText);
        else
            return insertRow(T::kKind, json(v), editText);
    }
    /// Adds systems as add() adds one, in fewer statements (many rows to an INSERT: an import adds them by
    /// the ten thousand); their ids, in order.
    std::vector<Id> addAll(const std::vector<System>& systems, const QString& editText = {});
    /// The same for dependencies, each with its from and to passed through `endpoint` first where one is
    /// given (an import's plan names the systems it adds by negative ids).
    void addAll(const std::vector<Dependency>& dependencies, const std::function<Id(Id)>& endpoint = {},
                const QString& editText = {});
    template <class T> void save(const T& v, const QString& editText = {}) {
        updateRow(T::kKind, json(v), editText);
    }
    template <class T> void erase(Id id, const QString& editText = {}) { remove(T::kKind, id, editText); }

    // ---- map settings ----
    // Settings of the map that are not entities (the ranking weights, presets and phase capacities) live
    // in their own key/value table (schema 3), one JSON document per key. A table rather than a member of
    // an entity row: they belong to the map as a whole, are read and written as one value, and get their
    // own undoable edit without a fake entity kind.
    /// The stored value of `key`, or nothing when it was never set.
    std::optional<json> setting(const std::string& key) const;
    /// Stores `value` under `key` as one undoable edit (inside edit(): part of that edit); a null value
    /// removes the key. An unchanged value makes no edit.
    void setSetting(const std::string& key, const json& value, const QString& editText = {});

    // ---- systems at scale ----
    std::optional<System> systemByKey(const std::string& key) const;
    /// The ids of the systems that match, in order. Cheap even for 100,000 systems.
    std::vector<Id> systemIds(const SystemQuery& q = {}) const;
    /// Distinct non-empty values of a system column (for filter boxes).
    std::vector<std::string> distinctSystemValues(const std::string& column) const;
    /// The import scopes that see a system of the map, each once, in order ("csv:/data/inventory.csv").
    std::vector<std::string> importScopes() const;
    std::vector<Dependency> dependenciesOf(Id system) const; ///< both directions

    // ---- map layout (the positions table; rows of deleted systems go with them) ----
    std::unordered_map<Id, MapPosition> positions() const;
    std::optional<MapPosition> position(Id system) const;
    /// Sets or clears positions as one edit and undo step (part of the enclosing edit() if any).
    /// Positions that do not change make no edit. Not `undoable`: committed like any edit but left out
    /// of the history (the first, automatic layout of a map that had none); inside edit() it is ignored.
    void setPositions(const std::vector<PositionEdit>& positions, const QString& editText = {},
                      bool undoable = true);

    // ---- compound edits ----
    /// Runs `body` as one transaction and one undo step: every insert/update/remove inside it joins
    /// the edit. If `body` throws, nothing of it is kept (the file and the history are unchanged).
    /// How an edit writes its pages, which decides the page cache and the journal it runs with.
    /// - Revisited (most edits): a large page cache (64 MiB at most, given back when the edit ends) keeps
    ///   an edit that writes many rows from writing its pages to the WAL before the commit and again when
    ///   they change again (a map of 10,000 systems built in one edit: 0.16 s instead of 0.19 s).
    /// - WrittenOnce (an import's commit): rows written once, in order, mostly onto pages new to the file.
    ///   A small page cache (256 KiB): such an edit commits as fast with it, and the larger one held up
    ///   to 64 MiB more at a Terraform import's peak.
    /// - ManyWrittenOnce (an import of thousands of rows): as WrittenOnce, on a rollback journal in place
    ///   of the WAL for the edit's transaction. A rollback journal keeps a copy only of the pages the file
    ///   had before; the WAL takes every page, and its checkpoint (at the commit past 1,000 pages, at a
    ///   later edit, or at the close) writes each again into the file. Leaving the WAL and coming back
    ///   costs a few milliseconds, which pays from about 2,000 rows (measured with the map closed after
    ///   the import: 900 rows 6.3 -> 8.1 ms, 2,900 rows alike, 9,000 rows 52 -> 42 ms). The map is back in
    ///   WAL mode when the edit ends. Where another connection has the map open (another Terrain), the
    ///   edit keeps the WAL rather than wait for it.
    enum class EditPages { Revisited, WrittenOnce, ManyWrittenOnce };
    void edit(const QString& text, const std::function<void()>& body, EditPages pages = EditPages::Revisited);

    // ---- history ----
    bool canUndo() const;
    bool canRedo() const;
    QString undoText() const;
    QString redoText() const;
    void undo();
    void redo();
    void clearHistory();

signals:
    /// One row was inserted, updated or removed (also by undo/redo).
    void rowInserted(terrain::EntityKind kind, terrain::Id id);
    void rowUpdated(terrain::EntityKind kind, terrain::Id id);
    void rowRemoved(terrain::EntityKind kind, terrain::Id id);
    /// Many rows of `kind` changed at once (more than a view should follow row by row): re-read all.
    void kindReset(terrain::EntityKind kind);
    /// Positions of these systems were set or cleared (also by undo/redo and by deleting systems).
    void positionsChanged(const std::vector<terrain::Id>& systems);
    /// A map setting changed (also by undo/redo).
    void settingChanged(const QString& key);
    void historyChanged();

private:
    std::vector<json> storedRows(EntityKind kind) const; ///< as stored, not normalised (typed list)
    void listTyped(std::vector<System>& out) const; ///< as storedRows then get<System>, without JSON rows
    void listTyped(std::vector<Dependency>& out) const;
    Id insertRow(EntityKind kind, json row, const QString& editText);
    Id addTyped(const System& v, const QString& editText);
    Id addTyped(const Dependency& v, const QString& editText);
    /// Runs `body` inside the edit in progress, or as a new edit named `editText` (or "<verb> <kind>").
    void editNamed(const QString& editText, const char* verb, EntityKind kind,
                   const std::function<void()>& body);
    /// Replaces the row with `after`; `before` is the stored row when the caller has already read it.
    void updateRow(EntityKind kind, json after, const QString& editText, std::optional<json> before = {});

    struct Private;
    explicit Project(std::unique_ptr<Private> d);
    void emitChanges(const std::vector<RowChange>& changes, bool forward);
    std::unique_ptr<Private> d;
};

} // namespace terrain

Q_DECLARE_METATYPE(terrain::EntityKind)
