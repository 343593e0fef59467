#pragma once
// The systems of a map as a table, for maps of up to 100,000 systems.
//
// SQLite filters and sorts (Project::systemIds); the model holds only the ordered id vector and reads
// the rows a view asks for, keeping a small cache. It follows the project's signals: a changed system
// is re-read, and the id vector is re-queried and applied as row removals, insertions and a layout
// change, so selections survive edits, undo and re-sorting.

#include "Entities.h"
#include "Project.h"

#include <QAbstractTableModel>
#include <QCache>

#include <vector>

namespace terrain {

class SystemTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Kind, Environment, Provider, Owner, Lifecycle, Criticality, Address, ColumnCount };
    enum Role {
        RawValueRole = Qt::UserRole, ///< the stored value of the cell (for sorting and tests)
        IdRole,                      ///< the system's row id (qlonglong)
    };

    explicit SystemTableModel(Project& project, QObject* parent = nullptr);

    Project& project() const { return m_project; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    /// Asks SQLite for the new order; the view keeps its selection.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    /// The filter part of the query (text, kind, environment, owner); the order is set by sort().
    void setFilter(const SystemQuery& filter);
    const SystemQuery& query() const { return m_query; }
    /// The number of systems in the map, whether shown or not.
    qint64 totalCount() const;

    Id idAt(int row) const;
    int rowOf(Id id) const; ///< -1 when not shown
    /// The database column a table column sorts by.
    static const char* columnName(int column);

    /// Rows read from the store so far (a test hook: opening must not read rows nobody shows).
    qint64 rowsFetched() const { return m_fetched; }

signals:
    /// The shown rows changed (filter, edits): the count label follows it.
    void shownCountChanged();

private:
    const System* fetch(int row) const;
    void onRowChanged(EntityKind kind, Id id);
    void onReset(EntityKind kind);
    void scheduleRefresh();
    void refresh();
    /// Moves from the current id vector to `ids` with removals, insertions and a layout change.
    void applyIds(std::vector<Id> ids);

    Project& m_project;
    SystemQuery m_query;
    std::vector<Id> m_ids;
    mutable QCache<Id, System> m_cache{1024};
    mutable qint64 m_fetched = 0;
    bool m_refreshPending = false;
};

} // namespace terrain
