#pragma once
// The systems tab: a filter bar (text, kind, environment, owner), Add and Delete, and the table.
// Filtering and sorting are SQLite's (SystemTableModel); nothing here holds rows.

#include "Entities.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QTableView;
class QTimer;
class QToolButton;

namespace terrain {

class LazyComboBox;
class Project;
class SystemTableModel;

class SystemTablePage : public QWidget {
    Q_OBJECT
public:
    explicit SystemTablePage(Project& project, QWidget* parent = nullptr);

    SystemTableModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QLineEdit* filterEdit() const { return m_filter; }

    /// The system of the current row (0 when none).
    Id currentSystemId() const;
    /// Makes `id` the current row, clearing the filters when they hide it. False if it does not exist.
    bool selectSystem(Id id);

    /// Adds a system and makes it current.
    void addSystem();
    /// Deletes the selected systems (and their dependencies) as one edit.
    void deleteSelected();
    /// Applies the filter box and combos now (they are otherwise applied after a short pause).
    void applyFilter();
    void clearFilter();

signals:
    void currentSystemChanged(terrain::Id id);
    /// A system was added, double-clicked or Enter was pressed on it: the inspector takes the focus.
    void editRequested(terrain::Id id);
    void errorOccurred(const QString& message);
    void message(const QString& message);

protected:
    void changeEvent(QEvent* event) override;

private:
    void fitColumns();
    void updateCount();
    void updateButtons();

    Project& m_project;
    SystemTableModel* m_model;
    QLineEdit* m_filter;
    LazyComboBox* m_kind;
    LazyComboBox* m_environment;
    LazyComboBox* m_owner;
    QLabel* m_count;
    QToolButton* m_add;
    QToolButton* m_delete;
    QTableView* m_view;
    QTimer* m_filterTimer;
    Id m_current = 0;
};

} // namespace terrain
