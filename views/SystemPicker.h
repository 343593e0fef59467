#pragma once
// A line edit that picks one system of the map by name or key, completing from SQLite as you type
// (it never lists all systems: maps have up to 100,000 of them).

#include "Entities.h"

#include <QLineEdit>

#include <optional>

class QCompleter;
class QStringListModel;
class QTimer;

namespace terrain {

class Project;

class SystemPicker : public QLineEdit {
    Q_OBJECT
public:
    explicit SystemPicker(Project& project, QWidget* parent = nullptr);

    /// The system the text names (its key, its name, or "name (key)" as completed), if any.
    std::optional<Id> systemId() const;
    /// Shows the system as "name (key)".
    void setSystemId(Id id);
    /// How a completion names a system: "name (key)".
    static QString completionText(const System& s);

private:
    void updateCompletions();

    Project& m_project;
    QCompleter* m_completer;
    QStringListModel* m_completions;
    QTimer* m_timer;
};

} // namespace terrain
