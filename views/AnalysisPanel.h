#pragma once
// The Analysis panel: what the map says about risk, as a ranked list a workshop can walk through.
// Single points of failure by blast radius, dependency cycles, systems without an owner, systems only
// runtime sources know, hosts reached by hand, systems nobody monitors, and the blast radius of the
// system asked about. Selecting a row selects its system and lights it (and what fails with it) up
// on the map.
//
// The analysis runs on a worker thread over a snapshot of the map (GraphAnalysis.h), again a moment
// after the map changes while the panel is shown.

#include "Entities.h"
#include "GraphAnalysis.h"

#include <QAbstractItemModel>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QLabel;
class QPushButton;
class QTimer;
class QTreeView;

namespace terrain {

class Project;

/// A two-level tree: one row per section, its findings below. Columns: finding, detail, criticality.
class AnalysisModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Role {
        SystemIdRole = Qt::UserRole + 1, ///< Id of the row's system (0 for a section or a cycle)
        HighlightRole,                   ///< QList<qint64>: the systems to light up for this row
        HighlightLabelRole,              ///< QString: what the map says above the highlight
        SectionRole,                     ///< QString: the section key (spof, cycle, unowned, ...)
        SortRole,                        ///< the rank within the section (0 = first)
    };
    enum Column { FindingColumn, DetailColumn, CriticalityColumn, ColumnCount };

    explicit AnalysisModel(QObject* parent = nullptr);

    /// Replaces everything but the blast radius section (kept when its system is still there).
    void setReport(std::shared_ptr<const MapGraph> graph, GraphReport report);
    /// Shows the blast radius of `system` (an index of the graph) as the first section.
    void setBlastRadius(const BlastRadius& radius);
    void clearBlastRadius();
    std::shared_ptr<const MapGraph> graph() const { return m_graph; }
    const GraphReport& report() const { return m_report; }
    /// The row of the section `key`, -1 if it is not shown.
    int sectionRow(const QString& key) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Item {
        QString text;
        QString detail;
        QString criticality;
        QString tooltip;
        Id system = 0;
        QList<qint64> highlight;
        QString highlightLabel;
    };
    struct Section {
        QString key;
        QString title;
        QString explanation;
        std::vector<Item> items;
        QList<qint64> highlight;
    };
    void rebuild();
    Item systemItem(int index, QString detail) const;

    std::shared_ptr<const MapGraph> m_graph;
    GraphReport m_report;
    std::vector<Section> m_sections;
    std::optional<Section> m_blast;
    Id m_blastSystem = 0;
};

class AnalysisPanel : public QWidget {
    Q_OBJECT
public:
    explicit AnalysisPanel(Project* project = nullptr, QWidget* parent = nullptr);
    ~AnalysisPanel() override;

    AnalysisModel* model() const { return m_model; }
    QTreeView* view() const { return m_view; }
    bool isRunning() const { return m_running; }
    /// Shows the analysis of `project` (nullptr: none); analysed when the panel is shown.
    void setProject(Project* project);
    Project* project() const { return m_project; }

public slots:
    /// Runs the analysis again (off the GUI thread); analysisUpdated() when done.
    void refresh();
    /// Shows the blast radius of `system`: the count and the list, and lights it up on the map.
    void showBlastRadius(terrain::Id system);

signals:
    void systemActivated(terrain::Id id);
    /// Light these systems up on the map (MapView::setHighlight).
    void highlightRequested(const std::vector<terrain::Id>& ids, const QString& label);
    void analysisUpdated();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void mapChanged(EntityKind kind);
    void applyResult(std::shared_ptr<const MapGraph> graph, GraphReport report);
    void rowSelected(const QModelIndex& index);
    void updateSummary();
    void spanSections();

    Project* m_project = nullptr;
    QList<QMetaObject::Connection> m_projectConnections;
    int m_generation = 0; ///< a result of an earlier project or edit is dropped
    AnalysisModel* m_model;
    QTreeView* m_view;
    QLabel* m_summary;
    QPushButton* m_refresh;
    QTimer* m_debounce;
    bool m_running = false;
    bool m_dirty = true;
    bool m_again = false;
    Id m_pendingBlast = 0;
};

} // namespace terrain
