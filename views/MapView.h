#pragma once
// The map tab: the graph of the systems (MapScene) with its tools: colour by a property with a legend,
// groups that collapse, filters, search (Ctrl+F), focus on a neighbourhood, add/connect/delete/group by
// hand, and the layout, run off the GUI thread with progress and cancel. Every edit goes through the
// Project and is undoable. An analysis can light up a set of systems over the map (setHighlight).

#include "Entities.h"
#include "MapScene.h"

#include <QElapsedTimer>
#include <QGraphicsView>
#include <QPointer>
#include <QWidget>

#include <vector>

class QAction;
class QComboBox;
class QFrame;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTimer;
class QToolBar;
class QVBoxLayout;

namespace terrain {

class Project;
namespace layout {
class LayoutJob;
struct Result;
} // namespace layout

/// The graphics view of the map: wheel zooms around the cursor, the middle button pans, a left drag on
/// empty space draws a rubber band.
class MapCanvas : public QGraphicsView {
    Q_OBJECT
public:
    explicit MapCanvas(QGraphicsScene* scene, QWidget* parent = nullptr);
    double zoom() const { return transform().m11(); }
    void zoomBy(double factor, const QPoint& anchor = QPoint(-1, -1));

signals:
    void systemDoubleClicked(terrain::Id id);
    void resized();

protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    bool m_panning = false;
    QPoint m_panFrom;
};

class MapView : public QWidget {
    Q_OBJECT
public:
    explicit MapView(Project& project, QWidget* parent = nullptr);
    ~MapView() override;

    MapScene* scene() const { return m_scene; }
    MapCanvas* canvas() const { return m_canvas; }
    layout::LayoutJob* layoutJob() const { return m_job; }

    // ---- selection and navigation ----
    std::vector<Id> selectedSystems() const; ///< in the order they were selected
    Id currentSystem() const;
    /// Selects only `id` (opening its group if collapsed) and centres the view on it.
    bool selectSystem(Id id);
    /// Selects and centres on the next shown system whose name or key contains `text`. False: none.
    bool findNext(const QString& text);
    void fitAll();
    /// Puts the cursor in the search field of the toolbar (Ctrl+F on the map).
    void focusSearch();
    /// Its own Ctrl+F (for the map on its own); the main window's Find covers the map instead.
    QAction* findAction() const { return m_findAction; }
    /// Writes what the view shows (filters, focus, closed groups, colours) as SVG, PNG or PDF, chosen by
    /// the file's extension, with a title, the legend and the filter. Reports the outcome by message()
    /// or errorOccurred() and returns whether it was written.
    bool exportView(const QString& path);
    /// The filter and focus in words ("kind: database · focus: api, 2 steps"); empty when all is shown.
    QString viewDescription() const;

    // ---- what is shown ----
    void setFilter(const MapFilter& filter);
    /// Shows only the current system and what is within `steps` dependencies of it.
    bool focusOnCurrent(int steps);
    void showAll(); ///< ends the focus

    // ---- edits by hand (through Project, undoable) ----
    Id addSystem(const QPointF& at);
    bool connectSelected(); ///< the first selected depends on the second
    void deleteSelected();
    void groupSelected(const QString& group);

    // ---- layout ----
    /// Lays the map out again off the GUI thread; pinned systems stay unless `unpin`. The result is one
    /// undoable edit, or, not `undoable`, stored out of the history (the automatic first layout).
    void relayout(bool unpin = false, bool undoable = true);
    void cancelLayout();
    bool isLayoutRunning() const;

public slots:
    /// Lights up `ids` and dims everything else, with `label` above the map ("Blast radius of X: 12").
    void setHighlight(const std::vector<terrain::Id>& ids, const QString& label);
    void clearHighlight();

signals:
    void currentSystemChanged(terrain::Id id);
    void editSystemRequested(terrain::Id id);
    void errorOccurred(const QString& message);
    void message(const QString& message);
    /// A layout ended: stored (true) or cancelled or failed (false).
    void layoutEnded(bool applied);

private:
    void buildToolBar();
    void buildFilterBar();
    void buildOverlays();
    void placeOverlays();
    void updateProgressLabel();
    void refreshLegend();
    void refreshFilterBoxes();
    void refreshStatus();
    void onSelectionChanged();
    void onLayoutFinished(const layout::Result& result);
    void applyFilterBoxes();
    void contextMenu(const QPoint& pos);
    QRectF drawnRect() const;

    Project& m_project;
    MapScene* m_scene;
    MapCanvas* m_canvas;
    layout::LayoutJob* m_job;
    std::vector<Id> m_layoutOrder;
    bool m_layoutUnpin = false;
    bool m_layoutUndoable = true;
    bool m_fitAfterLayout = false;

    QToolBar* m_toolBar = nullptr;
    QComboBox* m_colorBy = nullptr;
    QComboBox* m_groupBy = nullptr;
    QAction* m_filterToggle = nullptr;
    QLineEdit* m_search = nullptr;
    QAction* m_findAction = nullptr;
    QSpinBox* m_focusSteps = nullptr;
    QAction* m_showAll = nullptr;
    QAction* m_connect = nullptr;
    QAction* m_delete = nullptr;
    QAction* m_group = nullptr;
    QAction* m_relayout = nullptr;
    QLabel* m_status = nullptr;

    QWidget* m_filterBar = nullptr;
    QComboBox* m_filterKind = nullptr;
    QComboBox* m_filterEnv = nullptr;
    QComboBox* m_filterOwner = nullptr;
    QComboBox* m_filterSource = nullptr;
    QComboBox* m_filterTag = nullptr;
    QComboBox* m_filterArea = nullptr;

    QFrame* m_legend = nullptr;
    QVBoxLayout* m_legendLayout = nullptr;
    QFrame* m_progress = nullptr;
    QLabel* m_progressLabel = nullptr;
    QElapsedTimer m_layoutClock;
    QTimer* m_progressTimer = nullptr;
    QString m_progressPhase;
    QFrame* m_groupHint = nullptr;
    QFrame* m_banner = nullptr;
    QLabel* m_bannerLabel = nullptr;

    std::vector<Id> m_selectionOrder;
    Id m_current = 0;
    QString m_lastSearch;
    Id m_lastMatch = 0;
};

} // namespace terrain
