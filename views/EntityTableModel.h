#pragma once
// One editable table model for every entity kind, driven by column descriptors (EntityColumns.h).
//
// It holds the rows of one kind as JSON (Project::list, ordered by id), writes every edit through
// Project::update/insert/remove (one undo step each) and follows the project's row signals, so undo,
// redo and edits made elsewhere show up at once. References are shown as the labels of the rows they
// point at, read on demand and cached until those rows change.

#include "EntityColumns.h"

#include <QAbstractTableModel>
#include <QHash>

#include <vector>

namespace terrain {

class Project;

class EntityTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        RawValueRole = Qt::UserRole, ///< the JSON member as a QVariant (ids as qlonglong, lists as lists)
        IdRole,                      ///< the row id (qlonglong)
    };

    EntityTableModel(Project& project, EntityKind kind, QObject* parent = nullptr);

    EntityKind kind() const { return m_kind; }
    Project& project() const { return m_project; }
    const EntityColumn& column(int section) const { return m_columns.at(static_cast<size_t>(section)); }
    const std::vector<EntityColumn>& columns() const { return m_columns; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    /// Deletes the rows as one edit (dependencies of a deleted system go with it; undo restores them).
    bool removeRows(int row, int count, const QModelIndex& parent = {}) override;

    Id idAt(int row) const;
    int rowOf(Id id) const; ///< -1 when absent
    const json* rowJson(int row) const;

    /// Inserts `row` (newEntityRow() when null) as one edit and returns its table row (-1 on error).
    int addRow(const json& row = nullptr);
    /// Deletes the rows with these ids as one edit.
    bool removeIds(const std::vector<Id>& ids);

signals:
    /// An edit was refused (invalid value, unknown reference, a store error): show `message`.
    void errorOccurred(const QString& message);

private:
    void reload();
    void onInserted(EntityKind kind, Id id);
    void onUpdated(EntityKind kind, Id id);
    void onRemoved(EntityKind kind, Id id);
    void onReset(EntityKind kind);
    void referencedChanged(EntityKind kind, Id id);
    bool refersTo(EntityKind kind) const;
    QString label(EntityKind kind, Id id) const;
    QString displayText(const EntityColumn& c, const json& v) const;
    QVariant editValue(const EntityColumn& c, const json& v) const;
    /// Converts an edited value to JSON for column `c` of `row`; false (and a message) if invalid.
    bool toJson(const EntityColumn& c, const json& row, const QVariant& value, json& out,
                QString& error) const;

    Project& m_project;
    EntityKind m_kind;
    const std::vector<EntityColumn>& m_columns;
    std::vector<json> m_rows;
    mutable QHash<QPair<int, Id>, QString> m_labels;
};

} // namespace terrain
