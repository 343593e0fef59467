#pragma once
// The main window: wires the views to the open map. File (new, open, demo, recent), Edit (undo, redo),
// View (tabs, inspector, text size, theme), Help (guided path, cheat sheet), the workspace of tables in the
// middle and the inspector docked on the right. Every edit is in the file when it returns, so there is no
// Save: the status bar says so after each edit.

#include "Entities.h"

#include <QMainWindow>

#include <memory>

class QAction;
class QLabel;
class QMenu;
class QStackedWidget;

namespace terrain {

class GuidePanel;
class ImportDialog;
class MapWorkspace;
class Project;
class SystemInspector;
class WelcomePage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens an existing map; on failure shows why and keeps the current map. Returns success.
    bool openFile(const QString& path);
    /// Creates a new map at `path` (replacing a file there, which goes to the trash) with the default
    /// improvement areas and symptoms, and opens it.
    bool newFile(const QString& path);
    /// Creates the bundled demo map at `path` and opens it.
    bool createDemo(const QString& path);
    /// Opens the import dialog on the open map with `paths` listed (File ▸ Import). Returns it (it
    /// deletes itself when closed), or nullptr without a map.
    ImportDialog* importSources(const QStringList& paths = {});
    /// Creates a new map at `mapPath` and opens the import dialog on it with `sources` listed: the
    /// welcome page's "Import Files", and files dropped on it. Asks for the sources when there are none
    /// and for the map's file when `mapPath` is empty (offering one named after the sources' folder).
    void importIntoNewMap(QStringList sources = {}, QString mapPath = {});
    /// Shows the guided path beside the workspace (Help ▸ Guided Path).
    void showGuidedPath();
    /// Opens the cheat sheet (Help ▸ Keyboard Shortcuts).
    void showShortcuts();
    GuidePanel* guide() const { return m_guide; }
    WelcomePage* welcomePage() const { return m_welcome; }
    /// Makes `project` the open map (nullptr: none).
    void setProject(std::unique_ptr<Project> project);

    Project* project() const { return m_project.get(); }
    MapWorkspace* workspace() const { return m_workspace; }
    SystemInspector* inspector() const { return m_inspector; }
    QAction* undoAction() const { return m_undo; }
    QAction* redoAction() const { return m_redo; }

    /// Where "Open Demo Map" creates its maps: a folder under the user's application data.
    static QString demoFolder();
    /// The recent maps, most recent first, without files that no longer exist.
    static QStringList recentFiles();

signals:
    /// An error was shown to the user (also for tests, which cannot click the message box away).
    void errorShown(const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createWelcomePage();
    void newMap();
    void openMap();
    void openDemoMap();
    void undo();
    void redo();
    void updateHistoryActions();
    void updateTitle();
    void showSaved();
    void showError(const QString& title, const QString& message);
    void showMessage(const QString& message);
    void addRecentFile(const QString& path);
    void fillRecentMenu();
    void fillWelcomeRecent();
    void changeTextSize(int steps);
    void applyTextSize();
    QString startFolder() const;

    std::unique_ptr<Project> m_project;
    QStackedWidget* m_stack;
    WelcomePage* m_welcome = nullptr;
    GuidePanel* m_guide = nullptr;
    QDockWidget* m_guideDock = nullptr;
    MapWorkspace* m_workspace = nullptr;
    SystemInspector* m_inspector;
    QDockWidget* m_inspectorDock;
    QLabel* m_savedLabel;
    QLabel* m_fileLabel;
    QMenu* m_recentMenu = nullptr;
    QAction* m_undo = nullptr;
    QAction* m_redo = nullptr;
    QList<QAction*> m_mapActions; ///< enabled only while a map is open
    QFont m_baseFont;
    int m_textSteps = 0;
    bool m_sizeDocks = true; ///< no saved layout: size the inspector once it is shown with a map
};

} // namespace terrain
