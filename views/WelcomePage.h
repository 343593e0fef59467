#pragma once
// What Terrain shows with no map open: start a new map, open one, open the demo, or import files right
// away (a new map is made for them); the guided path on the demo map; the recent maps. Files dropped
// on it are opened (a map) or imported (anything else) by the main window.

#include <QWidget>

class QListWidget;

namespace terrain {

class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);

    /// The recent maps, most recent first.
    void setRecentFiles(const QStringList& paths);
    QListWidget* recentList() const { return m_recent; }

signals:
    void newRequested();
    void openRequested();
    void demoRequested();
    void importRequested();
    void guidedTourRequested();
    void recentActivated(const QString& path);

private:
    QListWidget* m_recent;
};

} // namespace terrain
