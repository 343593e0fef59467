#pragma once
// One tab of the workspace: a plain editable table of one entity kind with Add and Delete buttons
// (and the Del key). The model is created the first time the page is shown, so opening a map reads
// no rows of tables nobody looks at.

#include "Entities.h"

#include <QWidget>

#include <functional>
#include <memory>

class QTableView;
class QToolButton;
class QLabel;

namespace terrain {

class DecisionRefsLabel;
class EntityTableModel;
class EntityDelegate;
class Project;

class EntityTablePage : public QWidget {
    Q_OBJECT
public:
    EntityTablePage(Project& project, EntityKind kind, QWidget* parent = nullptr);
    ~EntityTablePage() override;

    EntityKind kind() const { return m_kind; }
    /// The model, created on first use.
    EntityTableModel* model();
    bool hasModel() const { return m_model != nullptr; }
    QTableView* view() const { return m_view; }
    /// For initiatives, risks and areas: the decisions that concern the current row (else nullptr).
    DecisionRefsLabel* decisionRefs() const { return m_decisionRefs; }

    /// Where "Add dependency" takes its first end from (the system selected in the systems table).
    void setCurrentSystemProvider(std::function<Id()> provider) { m_currentSystem = std::move(provider); }

    /// Adds a row (for dependencies: asks for its ends) and starts editing it.
    void addRow();
    /// Deletes the selected rows as one edit.
    void deleteSelected();

signals:
    void errorOccurred(const QString& message);
    void message(const QString& message);

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void fitColumns();
    void updateButtons();

    Project& m_project;
    EntityKind m_kind;
    EntityTableModel* m_model = nullptr;
    EntityDelegate* m_delegate;
    QTableView* m_view;
    DecisionRefsLabel* m_decisionRefs = nullptr; ///< the other side of the decisions' links
    QToolButton* m_add;
    QToolButton* m_delete;
    std::function<Id()> m_currentSystem;
};

} // namespace terrain
