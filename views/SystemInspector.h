#pragma once
// The inspector: every field of the selected system, editable where a person owns the value.
//
// An edit is committed when the field is left (editingFinished, focus-out, a choice picked) as one
// Project::save<System>, so one edit is one undo step and is in the file when it returns. What the
// sources say (key, address, sources, origin, first and last seen) is shown read-only.

#include "Entities.h"

#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QComboBox;
class QStackedWidget;

namespace terrain {

class DecisionRefsLabel;
class LazyComboBox;
class Project;

class SystemInspector : public QWidget {
    Q_OBJECT
public:
    explicit SystemInspector(QWidget* parent = nullptr);

    /// The map to edit (nullptr: none). The inspector does not own it.
    void setProject(Project* project);
    /// The system to show (0: none).
    void setSystem(Id id);
    Id systemId() const { return m_id; }

    /// Commits every field whose text differs from the stored value (before undo, close, ...).
    void commitPending();

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    /// An edit was refused or failed: show `message`.
    void errorOccurred(const QString& message);
    /// A system in the dependency list was double-clicked.
    void systemActivated(terrain::Id id);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void updateHeadingFont();
    /// Shows the stored system. Fields the user is still typing in (their text differs from what was
    /// last shown) keep their text unless `force`.
    void load(bool force = false);
    void loadDependencies();
    void clearFields();
    /// Applies `change` to the stored system and saves it as one edit named "Edit `what` of NAME".
    void commit(const QString& what, const std::function<void(System&)>& change);
    void commitName();
    void commitTags();
    void commitNotes();
    void commitText(LazyComboBox* combo, const QString& what, std::string System::*field);
    void commitChoice(QComboBox* combo, const QString& what, std::string System::*field);

    Project* m_project = nullptr;
    Id m_id = 0;
    std::optional<System> m_shown; ///< the system as last shown
    bool m_loading = false;

    QStackedWidget* m_stack;
    QLabel* m_heading;
    QLineEdit* m_name;
    QComboBox* m_kind;
    LazyComboBox* m_provider;
    LazyComboBox* m_environment;
    LazyComboBox* m_owner;
    QComboBox* m_lifecycle;
    QComboBox* m_criticality;
    QLineEdit* m_tags;
    QPlainTextEdit* m_notes;
    QLineEdit* m_key;
    QLineEdit* m_address;
    QLineEdit* m_group;
    QLineEdit* m_sources;
    QLineEdit* m_origin;
    QLineEdit* m_firstSeen;
    QLineEdit* m_lastSeen;
    QListWidget* m_dependencies;
    DecisionRefsLabel* m_decisionRefs; ///< the decisions that concern the system
};

} // namespace terrain
