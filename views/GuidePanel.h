#pragma once
// Help ▸ Guided Path: the six steps of a workshop (DESIGN section 1) beside the workspace: map →
// symptoms → risks → rank → decide → export. Each step says in two sentences what to do and why, shows
// where this map stands on it ("4 of 12 signs present"), and has a "Show me" button that opens the
// view (the same action as in the menus, whose shortcut it names). A step is ticked once its view has
// been opened, from the guide or the menus; the ticks are kept in the settings until "Start over".

#include <QWidget>

#include <vector>

class QAction;
class QLabel;
class QPushButton;

namespace terrain {

class Project;

class GuidePanel : public QWidget {
    Q_OBJECT
public:
    /// The steps, in order.
    static const QStringList& stepKeys(); ///< "map", "symptoms", "risks", "rank", "decide", "export"

    explicit GuidePanel(QWidget* parent = nullptr);

    /// The map whose state the steps describe (nullptr: none open).
    void setProject(Project* project);
    /// The action that opens step `key`'s view; its triggering (from anywhere) ticks the step.
    void setAction(const QString& key, QAction* action);

    bool visited(const QString& key) const;
    int visitedCount() const;
    /// The first step not yet visited ("" when all are).
    QString nextStep() const;
    /// Forgets the ticks.
    void startOver();
    /// Re-reads the map's facts and the ticks (when shown; hidden, on being shown).
    void refresh();

    /// The fact line of a step for `project` (what the panel shows under the step).
    static QString fact(const QString& key, const Project& project);

protected:
    void showEvent(QShowEvent* event) override;

private:
    /// The ticked steps, as stored in the settings.
    static QStringList visitedKeys();
    struct Step {
        QString key;
        QLabel* title = nullptr;
        QLabel* fact = nullptr;
        QPushButton* go = nullptr;
        QAction* action = nullptr;
    };
    void markVisited(const QString& key);
    Step* step(const QString& key);

    Project* m_project = nullptr;
    std::vector<Step> m_steps;
    QLabel* m_progress;
    bool m_stale = true; ///< something changed while it was hidden
    QMetaObject::Connection m_historyConnection;
};

} // namespace terrain
