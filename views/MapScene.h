#pragma once
// The graph scene of a map: one item per system, all edges in one layer item, one item per group.
//
// Built for 10,000 systems: nodes paint by level of detail (a filled box when far, a box with its kind
// icon, then its name and details when near); the edges are one item that paints only what is exposed,
// as one batch of lines when zoomed out (minor edges dropped) and as Graphviz's splines with arrows
// when zoomed in. Groups (environment, module/namespace/compose project, provider, owner, area) are
// clusters that collapse into one box with a count.
//
// The scene reads the Project and follows its signals; every change it makes (moves, placements of
// new systems by a layout) goes through Project, so it is undoable. It never touches SQL.

#include "Entities.h"
#include "GraphLayout.h"

#include <QColor>
#include <QGraphicsScene>
#include <QPainterPath>
#include <QPointF>
#include <QSet>
#include <QString>
#include <QStringList>

#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace terrain {

class Project;
class MapNodeItem;
class MapEdgeLayer;
class MapClusterItem;

/// Which systems are shown: empty members mean "any".
struct MapFilter {
    QString kind;
    QString environment;
    QString owner; ///< "-" means "no owner"
    QString source;
    QString tag;
    QString area; ///< an area title
    bool isEmpty() const {
        return kind.isEmpty() && environment.isEmpty() && owner.isEmpty() && source.isEmpty() &&
               tag.isEmpty() && area.isEmpty();
    }
    bool operator==(const MapFilter&) const = default;
};

class MapScene : public QGraphicsScene {
    Q_OBJECT
public:
    enum class ColorBy { Kind, Environment, Owner, Lifecycle, Criticality, Risk, Area, Iac };
    enum class GroupBy { None, Environment, Group, Provider, Owner, Area };
    static constexpr double kNodeWidth = 180;
    static constexpr double kNodeHeight = 48;

    /// What a system looks like and where it belongs: what the items paint and filters test.
    struct Node {
        Id id = 0;
        System system;
        QString name;
        QString subtitle; ///< "database · production"
        int risk = 0;     ///< highest likelihood × impact of its open risks, 0 if none
        QStringList areas;
        bool iac = false;    ///< seen in an infrastructure-as-code source
        bool placed = false; ///< has a stored position (else placed near its neighbours, not stored)
        bool pinned = false;
        QColor color;
        QString groupKey; ///< under the current grouping, empty if none
        MapNodeItem* item = nullptr;
    };
    struct Edge {
        Id dependency = 0;
        Id from = 0;
        Id to = 0;
        QString kind;
        bool minor = false; ///< plumbing (runs-on, configured-by, ...): dropped first when zoomed out
    };
    /// A layout route of one (from, to) pair, valid while both ends stay where the layout put them.
    struct Route {
        QPainterPath path;
        std::optional<QPointF> tip;
        QPointF fromAt;
        QPointF toAt;
    };
    struct LegendEntry {
        QColor color;
        QString label;
        int count = 0;
    };

    explicit MapScene(Project& project, QObject* parent = nullptr);
    ~MapScene() override;

    Project& project() const { return m_project; }
    /// Reads every system, dependency, position, risk and area again.
    void reload();

    const std::unordered_map<Id, Node>& nodes() const { return m_nodes; }
    const Node* node(Id id) const;
    MapNodeItem* item(Id id) const;
    const std::vector<Edge>& edges() const { return m_edges; }
    /// The systems that have no stored position (placed near their neighbours on screen only).
    std::vector<Id> unplacedSystems() const;

    // ---- appearance ----
    void setColorBy(ColorBy c);
    ColorBy colorBy() const { return m_colorBy; }
    std::vector<LegendEntry> legend() const { return m_legend; }
    QString legendTitle() const;
    static QString colorByName(ColorBy c);
    static QString groupByName(GroupBy g);

    // ---- what is shown ----
    void setGroupBy(GroupBy g);
    GroupBy groupBy() const { return m_groupBy; }
    /// The groups of the current grouping, by key, with their member count (filtered members only).
    std::vector<std::pair<QString, int>> groups() const;
    void setGroupCollapsed(const QString& key, bool collapsed);
    bool isGroupCollapsed(const QString& key) const { return m_collapsed.contains(key); }
    void collapseAllGroups(bool collapsed);
    MapClusterItem* cluster(const QString& key) const;

    void setFilter(const MapFilter& f);
    const MapFilter& filter() const { return m_filter; }
    /// Shows only `center` and what is within `steps` dependencies up- and downstream of it.
    void setFocus(Id center, int steps);
    void clearFocus();
    Id focusCenter() const { return m_focusCenter; }
    int focusSteps() const { return m_focusSteps; }
    /// Passes filter and focus (it may still be inside a collapsed group).
    bool isShown(Id id) const;
    /// Drawn as itself (shown and not in a collapsed group).
    bool isDrawn(Id id) const;
    /// The values of a system field present in the map, for the filter boxes.
    QStringList values(const QString& field) const;

    // ---- overlay ----
    void setHighlight(const std::vector<Id>& ids);
    void clearHighlight();
    bool hasHighlight() const { return m_highlightOn; }
    bool isHighlighted(Id id) const { return m_highlight.count(id) > 0; }

    // ---- layout ----
    /// The layout request for every system (clusters by the current grouping), and the ids in its order.
    layout::Request layoutRequest(std::vector<Id>* order) const;
    /// Stores a layout result as one edit "Lay out map" (out of the undo history unless `undoable`).
    /// Pinned systems keep their place unless `unpin`. Keeps the routes for drawing.
    void applyLayout(const layout::Result& result, const std::vector<Id>& order, bool unpin,
                     bool undoable = true);
    /// Moves systems to these positions as one undoable edit; they become pinned.
    void moveSystems(const std::vector<std::pair<Id, QPointF>>& moves);
    QRectF itemsBoundingRectFast() const;
    /// Some open groups' frames overlap (the layout was not made with these groups).
    bool groupsOverlap() const;

    // for the items
    const Route* routeFor(Id from, Id to) const;
    QPointF endpointFor(Id id, bool* ok, QRectF* box) const;
    void nodeMoved(MapNodeItem* item);
    bool edgeTouchesSelection(const Edge& e) const;

signals:
    /// The set of drawn systems, groups or colours changed (for the legend, counts and combo boxes).
    void contentChanged();
    /// No system of the loaded map has a stored position (the view may lay the map out).
    void needsLayout();
    void errorOccurred(const QString& message);

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;

private:
    void onRowInserted(EntityKind kind, Id id);
    void onRowUpdated(EntityKind kind, Id id);
    void onRowRemoved(EntityKind kind, Id id);
    void onKindReset(EntityKind kind);
    void onPositionsChanged(const std::vector<Id>& ids);

    void readDerived(); ///< risks and areas of every system
    void fillNode(Node& n, const System& s);
    Node& addNode(const System& s);
    void removeNode(Id id);
    void rebuildEdgeIndex();
    void placeUnplaced(); ///< positions on screen for systems without a stored one
    void schedule(int what);
    void runScheduled();

    void recolor();
    QString groupKeyOf(const Node& n) const;
    bool passesFilter(const Node& n) const;
    void updateVisibility();
    void rebuildClusters();
    void updateClusterGeometry();
    void updateBounds(const QRectF& itemsRect);

    Project& m_project;
    std::unordered_map<Id, Node> m_nodes;
    std::vector<Edge> m_edges;
    std::unordered_map<Id, std::vector<size_t>> m_edgesOf; ///< edge indices by system
    std::map<std::pair<Id, Id>, Route> m_routes;
    std::unordered_map<Id, int> m_risk;
    std::unordered_map<Id, QStringList> m_areas;
    MapEdgeLayer* m_edgeLayer = nullptr;
    std::map<QString, MapClusterItem*> m_clusters;

    ColorBy m_colorBy = ColorBy::Kind;
    GroupBy m_groupBy = GroupBy::None;
    QSet<QString> m_collapsed;
    MapFilter m_filter;
    Id m_focusCenter = 0;
    int m_focusSteps = 0;
    std::unordered_set<Id> m_focus;
    bool m_highlightOn = false;
    std::unordered_set<Id> m_highlight;
    std::vector<LegendEntry> m_legend;

    std::unordered_map<MapNodeItem*, QPointF> m_dragStart;
    int m_scheduled = 0;
    bool m_sceneRectSet = false;
};

} // namespace terrain
