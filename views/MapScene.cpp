#include "MapScene.h"

#include "MapItems.h"
#include "MigrationLinks.h"
#include "Project.h"
#include "RiskMatrix.h"

#include <QGraphicsSceneMouseEvent>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <deque>
#include <set>

namespace terrain {

namespace {

enum Scheduled {
    kVisibility = 1,
    kGeometry = 2,
    kPlacement = 4,
    kColors = 8,
    kEdgeIndex = 16,
    kDerived = 32,
    kReload = 64
};

const QColor kOther(0xba, 0xb0, 0xac);
const QColor kNone(0xc9, 0xc9, 0xc9);

// Distinguishable on a projector, and in order of decreasing contrast against each other.
const QColor kCategorical[] = {QColor(0x4e, 0x79, 0xa7), QColor(0xf2, 0x8e, 0x2b), QColor(0x59, 0xa1, 0x4f),
                               QColor(0xe1, 0x57, 0x59), QColor(0x76, 0xb7, 0xb2), QColor(0xed, 0xc9, 0x48),
                               QColor(0xb0, 0x7a, 0xa1), QColor(0xff, 0x9d, 0xa7), QColor(0x9c, 0x75, 0x5f),
                               QColor(0x49, 0x98, 0x94)};
constexpr int kCategoricalCount = static_cast<int>(std::size(kCategorical));

QColor kindColor(const std::string& kind) {
    static const std::map<std::string, QColor> colors = {
        {"service", QColor(0x4e, 0x79, 0xa7)},      {"database", QColor(0x59, 0xa1, 0x4f)},
        {"cache", QColor(0x8c, 0xb8, 0x4f)},        {"queue", QColor(0xf2, 0x8e, 0x2b)},
        {"storage", QColor(0xb6, 0x99, 0x2d)},      {"network", QColor(0x76, 0xb7, 0xb2)},
        {"compute", QColor(0x9c, 0x75, 0x5f)},      {"load-balancer", QColor(0x49, 0x98, 0x94)},
        {"dns", QColor(0x86, 0xbc, 0xb6)},          {"function", QColor(0xd4, 0xa6, 0x1a)},
        {"secret-store", QColor(0xe1, 0x57, 0x59)}, {"monitoring", QColor(0xb0, 0x7a, 0xa1)},
        {"ci-cd", QColor(0xd3, 0x72, 0x95)},        {"script", QColor(0xc7, 0x6b, 0x9a)},
        {"person", QColor(0xff, 0x7f, 0x7f)},       {"saas", QColor(0x7a, 0xa6, 0xd6)},
        {"external", QColor(0x8f, 0x86, 0x82)},     {"other", QColor(0x79, 0x70, 0x6e)}};
    auto it = colors.find(kind);
    return it == colors.end() ? kOther : it->second;
}

bool isMinorKind(const std::string& kind) {
    return kind == "runs-on" || kind == "configured-by" || kind == "deploys-to" || kind == "monitors" ||
           kind == "contains";
}

bool isIacSource(const std::string& s) {
    return s == "tfstate" || s == "tfjson" || s == "tfgraph" || s == "cfn";
}

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

int riskBucket(int score) {
    return score <= 0 ? 0 : score <= 5 ? 1 : score <= 11 ? 2 : score <= 19 ? 3 : 4;
}

} // namespace

MapScene::MapScene(Project& project, QObject* parent)
    : QGraphicsScene(parent)
    , m_project(project) {
    setItemIndexMethod(QGraphicsScene::BspTreeIndex);
    m_edgeLayer = new MapEdgeLayer(this);
    addItem(m_edgeLayer);
    addItem(new MigrationLinksItem(this)); // strangler migrations: dashed "replaced by" links
    connect(&m_project, &Project::rowInserted, this, &MapScene::onRowInserted);
    connect(&m_project, &Project::rowUpdated, this, &MapScene::onRowUpdated);
    connect(&m_project, &Project::rowRemoved, this, &MapScene::onRowRemoved);
    connect(&m_project, &Project::kindReset, this, &MapScene::onKindReset);
    connect(&m_project, &Project::positionsChanged, this, &MapScene::onPositionsChanged);
    reload();
}

MapScene::~MapScene() = default;

const MapScene::Node* MapScene::node(Id id) const {
    auto it = m_nodes.find(id);
    return it == m_nodes.end() ? nullptr : &it->second;
}

MapNodeItem* MapScene::item(Id id) const {
    const Node* n = node(id);
    return n ? n->item : nullptr;
}

std::vector<Id> MapScene::unplacedSystems() const {
    std::vector<Id> out;
    for (const auto& [id, n] : m_nodes)
        if (!n.placed)
            out.push_back(id);
    std::sort(out.begin(), out.end());
    return out;
}

// ---- loading ----

void MapScene::reload() {
    m_scheduled &= ~kReload;
    for (auto& [id, n] : m_nodes)
        delete n.item;
    m_nodes.clear();
    m_edges.clear();
    m_routes.clear();
    for (auto& [key, c] : m_clusters)
        delete c;
    m_clusters.clear();
    m_dragStart.clear();

    readDerived();
    const auto positions = m_project.positions();
    auto systems = m_project.list<System>();
    m_nodes.reserve(systems.size());
    for (auto& s : systems) {
        Node& n = addNode(s);
        if (auto it = positions.find(n.id); it != positions.end()) {
            n.item->setPos(it->second.x, it->second.y);
            n.placed = true;
            n.pinned = it->second.pinned;
        }
    }
    for (const auto& d : m_project.list<Dependency>())
        m_edges.push_back({d.id, d.from, d.to, q(d.kind), isMinorKind(d.kind)});
    rebuildEdgeIndex();
    recolor();
    rebuildClusters();
    placeUnplaced();
    updateVisibility();
    if (!m_nodes.empty() && positions.empty())
        emit needsLayout();
}

void MapScene::readDerived() {
    m_risk.clear();
    m_areas.clear();
    // The worst exposure (likelihood × impact) of the risks that still count (not closed): the rule
    // of the risk matrix (model/RiskMatrix).
    for (const auto& [system, exposure] : systemExposure(m_project.list<Risk>()))
        m_risk[system] = exposure;
    for (const auto& a : m_project.list<Area>())
        for (Id s : a.systems)
            m_areas[s].append(q(a.title));
    for (auto& [id, n] : m_nodes) {
        auto r = m_risk.find(id);
        n.risk = r == m_risk.end() ? 0 : r->second;
        auto a = m_areas.find(id);
        n.areas = a == m_areas.end() ? QStringList() : a->second;
    }
}

void MapScene::fillNode(Node& n, const System& s) {
    n.id = s.id;
    n.system = s;
    n.name = q(s.name.empty() ? s.key : s.name);
    QString sub = q(s.kind);
    if (!s.environment.empty())
        sub += QStringLiteral(" · ") + q(s.environment);
    if (!s.owner.empty())
        sub += QStringLiteral(" · ") + q(s.owner);
    n.subtitle = sub;
    n.iac = std::any_of(s.sources.begin(), s.sources.end(), isIacSource);
    auto r = m_risk.find(s.id);
    n.risk = r == m_risk.end() ? 0 : r->second;
    auto a = m_areas.find(s.id);
    n.areas = a == m_areas.end() ? QStringList() : a->second;
    n.groupKey = groupKeyOf(n);
}

MapScene::Node& MapScene::addNode(const System& s) {
    Node& n = m_nodes[s.id];
    fillNode(n, s);
    if (!n.item) {
        n.item = new MapNodeItem(this, s.id);
        addItem(n.item);
    }
    return n;
}

void MapScene::removeNode(Id id) {
    auto it = m_nodes.find(id);
    if (it == m_nodes.end())
        return;
    m_dragStart.erase(it->second.item);
    delete it->second.item;
    m_nodes.erase(it);
    m_focus.erase(id);
    m_highlight.erase(id);
}

void MapScene::rebuildEdgeIndex() {
    m_scheduled &= ~kEdgeIndex;
    m_edgesOf.clear();
    for (size_t i = 0; i < m_edges.size(); ++i) {
        m_edgesOf[m_edges[i].from].push_back(i);
        m_edgesOf[m_edges[i].to].push_back(i);
    }
    m_edgeLayer->update();
}

void MapScene::placeUnplaced() {
    m_scheduled &= ~kPlacement;
    std::unordered_map<Id, layout::Point> placed;
    std::vector<Id> fresh;
    for (const auto& [id, n] : m_nodes) {
        if (n.item->data(0).toBool() || n.placed)
            placed[id] = layout::Point{n.item->pos().x(), n.item->pos().y()};
        else
            fresh.push_back(id);
    }
    if (fresh.empty())
        return;
    std::sort(fresh.begin(), fresh.end());
    std::vector<std::pair<Id, Id>> pairs;
    pairs.reserve(m_edges.size());
    for (const auto& e : m_edges)
        pairs.push_back({e.from, e.to});
    const auto spots = layout::placeNear(placed, fresh, pairs, kNodeWidth, kNodeHeight);
    for (const auto& [id, p] : spots) {
        Node& n = m_nodes.at(id);
        n.item->setPos(p.x, p.y);
        n.item->setData(0, true); // on screen, not stored
    }
    updateBounds(itemsBoundingRectFast());
    schedule(kGeometry);
}

// ---- project signals ----

void MapScene::onRowInserted(EntityKind kind, Id id) {
    if (kind == EntityKind::System) {
        if (auto s = m_project.get<System>(id)) {
            Node& n = addNode(*s);
            if (auto p = m_project.position(id)) {
                n.item->setPos(p->x, p->y);
                n.placed = true;
                n.pinned = p->pinned;
            }
            schedule(kPlacement | kVisibility | kColors);
        }
    } else if (kind == EntityKind::Dependency) {
        if (auto d = m_project.get<Dependency>(id)) {
            m_edges.push_back({d->id, d->from, d->to, q(d->kind), isMinorKind(d->kind)});
            schedule(kEdgeIndex | kVisibility);
        }
    } else if (kind == EntityKind::Risk || kind == EntityKind::Area) {
        schedule(kDerived | kColors);
    }
}

void MapScene::onRowUpdated(EntityKind kind, Id id) {
    if (kind == EntityKind::System) {
        auto it = m_nodes.find(id);
        auto s = m_project.get<System>(id);
        if (it == m_nodes.end() || !s)
            return;
        const QString oldGroup = it->second.groupKey;
        fillNode(it->second, *s);
        it->second.item->invalidateText();
        it->second.item->update();
        schedule(kColors | kVisibility | (oldGroup != it->second.groupKey ? kGeometry : 0));
    } else if (kind == EntityKind::Dependency) {
        auto d = m_project.get<Dependency>(id);
        for (auto& e : m_edges)
            if (e.dependency == id && d)
                e = Edge{d->id, d->from, d->to, q(d->kind), isMinorKind(d->kind)};
        schedule(kEdgeIndex);
    } else if (kind == EntityKind::Risk || kind == EntityKind::Area) {
        schedule(kDerived | kColors);
    }
}

void MapScene::onRowRemoved(EntityKind kind, Id id) {
    if (kind == EntityKind::System) {
        removeNode(id);
        std::erase_if(m_edges, [id](const Edge& e) { return e.from == id || e.to == id; });
        schedule(kEdgeIndex | kVisibility | kColors);
    } else if (kind == EntityKind::Dependency) {
        std::erase_if(m_edges, [id](const Edge& e) { return e.dependency == id; });
        schedule(kEdgeIndex);
    } else if (kind == EntityKind::Risk || kind == EntityKind::Area) {
        schedule(kDerived | kColors);
    }
}

void MapScene::onKindReset(EntityKind kind) {
    if (kind == EntityKind::System || kind == EntityKind::Dependency)
        schedule(kReload);
    else if (kind == EntityKind::Risk || kind == EntityKind::Area)
        schedule(kDerived | kColors);
}

void MapScene::onPositionsChanged(const std::vector<Id>& ids) {
    std::unordered_map<Id, MapPosition> all;
    const bool bulk = ids.size() > 500;
    if (bulk)
        all = m_project.positions();
    bool unplaced = false;
    for (Id id : ids) {
        auto it = m_nodes.find(id);
        if (it == m_nodes.end())
            continue;
        Node& n = it->second;
        std::optional<MapPosition> p;
        if (bulk) {
            if (auto a = all.find(id); a != all.end())
                p = a->second;
        } else {
            p = m_project.position(id);
        }
        if (p) {
            n.placed = true;
            n.pinned = p->pinned;
            if (n.item->pos() != QPointF(p->x, p->y))
                n.item->setPos(p->x, p->y);
        } else {
            n.placed = false;
            n.pinned = false;
            n.item->setData(0, false);
            unplaced = true;
        }
    }
    if (unplaced)
        placeUnplaced();
    updateBounds(itemsBoundingRectFast());
    schedule(kGeometry);
}

void MapScene::schedule(int what) {
    const bool first = m_scheduled == 0;
    m_scheduled |= what;
    if (first)
        QTimer::singleShot(0, this, &MapScene::runScheduled);
}

void MapScene::runScheduled() {
    const int what = m_scheduled;
    if (what & kReload) {
        reload();
        m_scheduled = 0;
        return;
    }
    if (what & kDerived)
        readDerived();
    if (what & kEdgeIndex)
        rebuildEdgeIndex();
    if (what & kPlacement)
        placeUnplaced();
    if (what & kColors)
        recolor();
    if (what & (kVisibility | kGeometry | kColors))
        updateVisibility(); // also rebuilds groups and their frames
    m_scheduled = 0;
}

// ---- colours ----

QString MapScene::colorByName(ColorBy c) {
    switch (c) {
    case ColorBy::Kind:
        return tr("Kind");
    case ColorBy::Environment:
        return tr("Environment");
    case ColorBy::Owner:
        return tr("Owner");
    case ColorBy::Lifecycle:
        return tr("Lifecycle");
    case ColorBy::Criticality:
        return tr("Criticality");
    case ColorBy::Risk:
        return tr("Risk");
    case ColorBy::Area:
        return tr("Improvement area");
    case ColorBy::Iac:
        return tr("Managed by IaC");
    }
    return {};
}

QString MapScene::groupByName(GroupBy g) {
    switch (g) {
    case GroupBy::None:
        return tr("No groups");
    case GroupBy::Environment:
        return tr("Environment");
    case GroupBy::Group:
        return tr("Module / namespace / project");
    case GroupBy::Provider:
        return tr("Provider");
    case GroupBy::Owner:
        return tr("Owner");
    case GroupBy::Area:
        return tr("Improvement area");
    }
    return {};
}

QString MapScene::legendTitle() const {
    return tr("Colour: %1").arg(colorByName(m_colorBy));
}

void MapScene::setColorBy(ColorBy c) {
    if (c == m_colorBy)
        return;
    m_colorBy = c;
    recolor();
    emit contentChanged();
}

void MapScene::recolor() {
    m_scheduled &= ~kColors;
    m_legend.clear();
    auto fixed = [&](const std::vector<std::pair<QString, QColor>>& scale, auto valueOf) {
        std::map<QString, int> counts;
        for (auto& [id, n] : m_nodes) {
            const QString v = valueOf(n);
            QColor c = kNone;
            for (const auto& [label, color] : scale)
                if (label == v)
                    c = color;
            n.color = c;
            ++counts[v];
        }
        for (const auto& [label, color] : scale)
            if (counts[label] > 0)
                m_legend.push_back({color, label, counts[label]});
    };
    auto categorical = [&](auto valueOf, const QString& noneLabel) {
        std::map<QString, int> counts;
        for (const auto& [id, n] : m_nodes)
            ++counts[valueOf(n)];
        std::vector<std::pair<QString, int>> ranked(counts.begin(), counts.end());
        std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
            if (a.first.isEmpty() != b.first.isEmpty())
                return !a.first.isEmpty();
            return a.second > b.second;
        });
        std::map<QString, QColor> colors;
        int next = 0, other = 0;
        for (const auto& [value, count] : ranked) {
            if (value.isEmpty())
                continue;
            if (next < kCategoricalCount - 1 ||
                (next == kCategoricalCount - 1 && ranked.size() <= size_t(kCategoricalCount))) {
                colors[value] = kCategorical[next++];
                m_legend.push_back({colors[value], value, count});
            } else {
                other += count;
            }
        }
        if (other > 0)
            m_legend.push_back({kOther, tr("others"), other});
        if (counts.count(QString()))
            m_legend.push_back({kNone, noneLabel, counts[QString()]});
        for (auto& [id, n] : m_nodes) {
            const QString v = valueOf(n);
            auto it = colors.find(v);
            n.color = v.isEmpty() ? kNone : it == colors.end() ? kOther : it->second;
        }
    };
    switch (m_colorBy) {
    case ColorBy::Kind: {
        std::map<std::string, int> counts;
        for (auto& [id, n] : m_nodes) {
            n.color = kindColor(n.system.kind);
            ++counts[n.system.kind];
        }
        for (const auto& k : systemKinds())
            if (counts[k] > 0)
                m_legend.push_back({kindColor(k), q(k), counts[k]});
        int unknown = 0;
        for (const auto& [k, c] : counts)
            if (std::find(systemKinds().begin(), systemKinds().end(), k) == systemKinds().end())
                unknown += c;
        if (unknown > 0)
            m_legend.push_back({kOther, tr("other kinds"), unknown});
        break;
    }
    case ColorBy::Environment:
        categorical([](const Node& n) { return q(n.system.environment); }, tr("no environment"));
        break;
    case ColorBy::Owner:
        categorical([](const Node& n) { return q(n.system.owner); }, tr("no owner"));
        break;
    case ColorBy::Area:
        categorical([](const Node& n) { return n.areas.isEmpty() ? QString() : n.areas.front(); },
                    tr("no area"));
        break;
    case ColorBy::Lifecycle:
        fixed({{QStringLiteral("keep"), QColor(0x59, 0xa1, 0x4f)},
               {QStringLiteral("modernise"), QColor(0x4e, 0x79, 0xa7)},
               {QStringLiteral("replace"), QColor(0xf2, 0x8e, 0x2b)},
               {QStringLiteral("retire"), QColor(0xe1, 0x57, 0x59)},
               {QString(), kNone}},
              [](const Node& n) { return q(n.system.lifecycle); });
        if (!m_legend.empty() && m_legend.back().label.isEmpty())
            m_legend.back().label = tr("not set");
        break;
    case ColorBy::Criticality:
        fixed({{QStringLiteral("critical"), QColor(0xc0, 0x39, 0x2b)},
               {QStringLiteral("high"), QColor(0xf2, 0x8e, 0x2b)},
               {QStringLiteral("medium"), QColor(0xed, 0xc9, 0x48)},
               {QStringLiteral("low"), QColor(0x8c, 0xb8, 0x4f)},
               {QString(), kNone}},
              [](const Node& n) { return q(n.system.criticality); });
        if (!m_legend.empty() && m_legend.back().label.isEmpty())
            m_legend.back().label = tr("not set");
        break;
    case ColorBy::Risk: {
        const QString labels[] = {tr("no open risk"), tr("low (1–5)"), tr("medium (6–11)"),
                                  tr("high (12–19)"), tr("critical (20–25)")};
        const QColor colors[] = {kNone, QColor(0x8c, 0xb8, 0x4f), QColor(0xed, 0xc9, 0x48),
                                 QColor(0xf2, 0x8e, 0x2b), QColor(0xc0, 0x39, 0x2b)};
        int counts[5] = {};
        for (auto& [id, n] : m_nodes) {
            const int b = riskBucket(n.risk);
            n.color = colors[b];
            ++counts[b];
        }
        for (int b = 4; b >= 0; --b)
            if (counts[b] > 0)
                m_legend.push_back({colors[b], labels[b], counts[b]});
        break;
    }
    case ColorBy::Iac: {
        int counts[3] = {};
        const QColor colors[] = {QColor(0x59, 0xa1, 0x4f), QColor(0xf2, 0x8e, 0x2b),
                                 QColor(0xb0, 0x7a, 0xa1)};
        const QString labels[] = {tr("in IaC (Terraform, CloudFormation)"), tr("runtime only, not in IaC"),
                                  tr("added by hand")};
        for (auto& [id, n] : m_nodes) {
            const bool manual =
                n.system.sources.empty() || std::all_of(n.system.sources.begin(), n.system.sources.end(),
                                                        [](const std::string& s) { return s == "manual"; });
            const int b = n.iac ? 0 : manual ? 2 : 1;
            n.color = colors[b];
            ++counts[b];
        }
        for (int b = 0; b < 3; ++b)
            if (counts[b] > 0)
                m_legend.push_back({colors[b], labels[b], counts[b]});
        break;
    }
    }
    for (auto& [id, n] : m_nodes)
        n.item->update();
}

// ---- groups, filters, focus ----

QString MapScene::groupKeyOf(const Node& n) const {
    switch (m_groupBy) {
    case GroupBy::None:
        return {};
    case GroupBy::Environment:
        return q(n.system.environment);
    case GroupBy::Group:
        return q(n.system.group);
    case GroupBy::Provider:
        return q(n.system.provider);
    case GroupBy::Owner:
        return q(n.system.owner);
    case GroupBy::Area:
        return n.areas.isEmpty() ? QString() : n.areas.front();
    }
    return {};
}

void MapScene::setGroupBy(GroupBy g) {
    if (g == m_groupBy)
        return;
    m_groupBy = g;
    m_collapsed.clear();
    for (auto& [id, n] : m_nodes)
        n.groupKey = groupKeyOf(n);
    rebuildClusters();
    updateVisibility();
}

std::vector<std::pair<QString, int>> MapScene::groups() const {
    std::vector<std::pair<QString, int>> out;
    for (const auto& [key, c] : m_clusters)
        out.push_back({key, c->count()});
    return out;
}

MapClusterItem* MapScene::cluster(const QString& key) const {
    auto it = m_clusters.find(key);
    return it == m_clusters.end() ? nullptr : it->second;
}

void MapScene::setGroupCollapsed(const QString& key, bool collapsed) {
    if (collapsed == m_collapsed.contains(key) || !m_clusters.count(key))
        return;
    if (collapsed)
        m_collapsed.insert(key);
    else
        m_collapsed.remove(key);
    if (collapsed) // what is hidden cannot stay selected
        for (auto& [id, n] : m_nodes)
            if (n.groupKey == key && n.item->isSelected())
                n.item->setSelected(false);
    updateVisibility();
}

void MapScene::collapseAllGroups(bool collapsed) {
    m_collapsed.clear();
    if (collapsed)
        for (const auto& [key, c] : m_clusters)
            m_collapsed.insert(key);
    if (collapsed)
        clearSelection();
    updateVisibility();
}

void MapScene::rebuildClusters() {
    std::set<QString> keys;
    for (const auto& [id, n] : m_nodes)
        if (!n.groupKey.isEmpty())
            keys.insert(n.groupKey);
    for (auto it = m_clusters.begin(); it != m_clusters.end();) {
        if (!keys.count(it->first)) {
            m_collapsed.remove(it->first);
            delete it->second;
            it = m_clusters.erase(it);
        } else {
            ++it;
        }
    }
    for (const QString& k : keys)
        if (!m_clusters.count(k)) {
            auto* c = new MapClusterItem(this, k);
            addItem(c);
            m_clusters[k] = c;
        }
}

bool MapScene::passesFilter(const Node& n) const {
    const System& s = n.system;
    if (!m_filter.kind.isEmpty() && q(s.kind) != m_filter.kind)
        return false;
    if (!m_filter.environment.isEmpty() && q(s.environment) != m_filter.environment)
        return false;
    if (!m_filter.owner.isEmpty() &&
        (m_filter.owner == QLatin1String("-") ? !s.owner.empty() : q(s.owner) != m_filter.owner))
        return false;
    if (!m_filter.source.isEmpty() &&
        std::find(s.sources.begin(), s.sources.end(), m_filter.source.toStdString()) == s.sources.end())
        return false;
    if (!m_filter.tag.isEmpty() &&
        std::find(s.tags.begin(), s.tags.end(), m_filter.tag.toStdString()) == s.tags.end())
        return false;
    if (!m_filter.area.isEmpty() && !n.areas.contains(m_filter.area))
        return false;
    return true;
}

void MapScene::setFilter(const MapFilter& f) {
    if (f == m_filter)
        return;
    m_filter = f;
    updateVisibility();
}

void MapScene::setFocus(Id center, int steps) {
    if (!m_nodes.count(center))
        return;
    m_focusCenter = center;
    m_focusSteps = std::max(0, steps);
    m_focus.clear();
    m_focus.insert(center);
    // downstream (what it depends on) and upstream (what depends on it), each up to `steps`
    for (int dir = 0; dir < 2; ++dir) {
        std::unordered_map<Id, int> depth{{center, 0}};
        std::deque<Id> queue{center};
        while (!queue.empty()) {
            const Id v = queue.front();
            queue.pop_front();
            const int dv = depth[v];
            if (dv >= m_focusSteps)
                continue;
            auto it = m_edgesOf.find(v);
            if (it == m_edgesOf.end())
                continue;
            for (size_t ei : it->second) {
                const Edge& e = m_edges[ei];
                const Id next = dir == 0 ? (e.from == v ? e.to : 0) : (e.to == v ? e.from : 0);
                if (next && !depth.count(next)) {
                    depth[next] = dv + 1;
                    m_focus.insert(next);
                    queue.push_back(next);
                }
            }
        }
    }
    updateVisibility();
}

void MapScene::clearFocus() {
    m_focusCenter = 0;
    m_focusSteps = 0;
    m_focus.clear();
    updateVisibility();
}

bool MapScene::isShown(Id id) const {
    const Node* n = node(id);
    return n && passesFilter(*n) && (m_focus.empty() || m_focus.count(id));
}

bool MapScene::isDrawn(Id id) const {
    const Node* n = node(id);
    return n && n->item->isVisible();
}

QStringList MapScene::values(const QString& field) const {
    std::set<QString> out;
    for (const auto& [id, n] : m_nodes) {
        const System& s = n.system;
        if (field == QLatin1String("kind"))
            out.insert(q(s.kind));
        else if (field == QLatin1String("environment"))
            out.insert(q(s.environment));
        else if (field == QLatin1String("owner"))
            out.insert(q(s.owner));
        else if (field == QLatin1String("source"))
            for (const auto& v : s.sources)
                out.insert(q(v));
        else if (field == QLatin1String("tag"))
            for (const auto& v : s.tags)
                out.insert(q(v));
        else if (field == QLatin1String("area"))
            for (const auto& v : n.areas)
                out.insert(v);
    }
    out.erase(QString());
    QStringList list(out.begin(), out.end());
    list.sort(Qt::CaseInsensitive);
    return list;
}

void MapScene::updateVisibility() {
    m_scheduled &= ~(kVisibility | kGeometry);
    rebuildClusters();
    for (auto& [id, n] : m_nodes) {
        const bool shown = passesFilter(n) && (m_focus.empty() || m_focus.count(id));
        const bool collapsed = !n.groupKey.isEmpty() && m_collapsed.contains(n.groupKey);
        const bool visible = shown && !collapsed;
        if (n.item->isVisible() != visible) {
            if (!visible && n.item->isSelected())
                n.item->setSelected(false);
            n.item->setVisible(visible);
        }
    }
    updateClusterGeometry();
    updateBounds(itemsBoundingRectFast());
    m_edgeLayer->update();
    emit contentChanged();
}

void MapScene::updateClusterGeometry() {
    struct Acc {
        QRectF frame;
        double sx = 0, sy = 0;
        int count = 0;
    };
    std::map<QString, Acc> acc;
    for (const auto& [id, n] : m_nodes) {
        if (n.groupKey.isEmpty() || !(passesFilter(n) && (m_focus.empty() || m_focus.count(id))))
            continue;
        Acc& a = acc[n.groupKey];
        const QPointF p = n.item->pos();
        const QRectF r(p.x() - kNodeWidth / 2, p.y() - kNodeHeight / 2, kNodeWidth, kNodeHeight);
        a.frame = a.count ? a.frame.united(r) : r;
        a.sx += p.x();
        a.sy += p.y();
        ++a.count;
    }
    for (auto& [key, c] : m_clusters) {
        auto it = acc.find(key);
        if (it == acc.end()) {
            c->setFrame(QRectF(), QPointF(), 0);
            c->setVisible(false);
            continue;
        }
        const Acc& a = it->second;
        c->setFrame(a.frame.adjusted(-16, -36, 16, 16), QPointF(a.sx / a.count, a.sy / a.count), a.count);
        c->setCollapsed(m_collapsed.contains(key));
        c->setVisible(true);
    }
}

// ---- overlay ----

void MapScene::setHighlight(const std::vector<Id>& ids) {
    m_highlightOn = true;
    m_highlight = std::unordered_set<Id>(ids.begin(), ids.end());
    for (auto& [id, n] : m_nodes)
        n.item->update();
    m_edgeLayer->update();
}

void MapScene::clearHighlight() {
    m_highlightOn = false;
    m_highlight.clear();
    for (auto& [id, n] : m_nodes)
        n.item->update();
    m_edgeLayer->update();
}

// ---- layout ----

layout::Request MapScene::layoutRequest(std::vector<Id>* order) const {
    std::vector<Id> ids;
    ids.reserve(m_nodes.size());
    for (const auto& [id, n] : m_nodes)
        ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    std::unordered_map<Id, int> index;
    layout::Request r;
    r.nodes.reserve(ids.size());
    for (Id id : ids) {
        index[id] = static_cast<int>(r.nodes.size());
        layout::Request::Node node;
        node.width = kNodeWidth;
        node.height = kNodeHeight;
        node.cluster = m_nodes.at(id).groupKey.toStdString();
        r.nodes.push_back(std::move(node));
    }
    r.edges.reserve(m_edges.size());
    for (const auto& e : m_edges) {
        auto a = index.find(e.from), b = index.find(e.to);
        if (a != index.end() && b != index.end())
            r.edges.push_back({a->second, b->second});
    }
    if (order)
        *order = std::move(ids);
    return r;
}

void MapScene::applyLayout(const layout::Result& result, const std::vector<Id>& order, bool unpin,
                           bool undoable) {
    if (result.centres.size() != order.size())
        return;
    std::vector<PositionEdit> edits;
    edits.reserve(order.size());
    std::unordered_map<Id, QPointF> at;
    for (size_t i = 0; i < order.size(); ++i) {
        auto it = m_nodes.find(order[i]);
        if (it == m_nodes.end())
            continue;
        const Node& n = it->second;
        QPointF p(result.centres[i].x, result.centres[i].y);
        if (n.pinned && n.placed && !unpin)
            p = n.item->pos();
        else
            edits.push_back({order[i], MapPosition{p.x(), p.y(), false}});
        at[order[i]] = p;
    }
    // the routes, for as long as both ends stay where the layout put them
    m_routes.clear();
    for (const auto& r : result.routes) {
        if (r.from < 0 || r.to < 0 || size_t(r.from) >= order.size() || size_t(r.to) >= order.size() ||
            r.points.size() < 4)
            continue;
        const Id a = order[size_t(r.from)], b = order[size_t(r.to)];
        const QPointF pa(result.centres[size_t(r.from)].x, result.centres[size_t(r.from)].y);
        const QPointF pb(result.centres[size_t(r.to)].x, result.centres[size_t(r.to)].y);
        if (at.count(a) && at.count(b) && (at[a] != pa || at[b] != pb))
            continue; // a pinned end: the route does not fit
        Route route;
        route.path.moveTo(r.points[0].x, r.points[0].y);
        for (size_t k = 1; k + 2 < r.points.size(); k += 3)
            route.path.cubicTo(r.points[k].x, r.points[k].y, r.points[k + 1].x, r.points[k + 1].y,
                               r.points[k + 2].x, r.points[k + 2].y);
        if (r.arrowTip)
            route.tip = QPointF(r.arrowTip->x, r.arrowTip->y);
        route.fromAt = pa;
        route.toAt = pb;
        m_routes[{a, b}] = std::move(route);
    }
    try {
        m_project.setPositions(edits, tr("Lay out map"), undoable);
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
    }
    for (auto& [id, n] : m_nodes)
        n.item->setData(0, false);
    updateBounds(itemsBoundingRectFast());
    m_edgeLayer->update();
    updateVisibility();
}

void MapScene::moveSystems(const std::vector<std::pair<Id, QPointF>>& moves) {
    std::vector<PositionEdit> edits;
    for (const auto& [id, p] : moves)
        if (m_nodes.count(id))
            edits.push_back({id, MapPosition{p.x(), p.y(), true}});
    if (edits.empty())
        return;
    QString text = edits.size() == 1 ? tr("Move %1").arg(m_nodes.at(edits.front().first).name)
                                     : tr("Move %n systems", nullptr, static_cast<int>(edits.size()));
    try {
        m_project.setPositions(edits, text);
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
        // put them back where the map has them
        std::vector<Id> ids;
        for (const auto& [id, p] : moves)
            ids.push_back(id);
        onPositionsChanged(ids);
    }
}

QRectF MapScene::itemsBoundingRectFast() const {
    bool any = false;
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    for (const auto& [id, n] : m_nodes) {
        const QPointF p = n.item->pos();
        if (!any) {
            x0 = x1 = p.x();
            y0 = y1 = p.y();
            any = true;
        } else {
            x0 = std::min(x0, p.x());
            x1 = std::max(x1, p.x());
            y0 = std::min(y0, p.y());
            y1 = std::max(y1, p.y());
        }
    }
    if (!any)
        return QRectF(-kNodeWidth, -kNodeHeight, 2 * kNodeWidth, 2 * kNodeHeight);
    return QRectF(QPointF(x0, y0), QPointF(x1, y1))
        .adjusted(-kNodeWidth, -kNodeHeight - 40, kNodeWidth, kNodeHeight);
}

void MapScene::updateBounds(const QRectF& r) {
    m_edgeLayer->setBounds(r);
    // An explicit scene rect, with room to pan around the map: the default one grows only later, which
    // would stop a fit or a centring made right after a change at the old border.
    const double margin = std::max(r.width(), r.height()) * 0.5 + 400;
    const QRectF wanted = r.adjusted(-margin, -margin, margin, margin);
    if (!m_sceneRectSet || !sceneRect().contains(r) || sceneRect().width() > wanted.width() * 1.5 ||
        sceneRect().height() > wanted.height() * 1.5) {
        setSceneRect(wanted);
        m_sceneRectSet = true;
    }
}

bool MapScene::groupsOverlap() const {
    std::vector<QRectF> frames;
    for (const auto& [key, c] : m_clusters)
        if (c->isVisible() && !c->isCollapsed())
            frames.push_back(c->boundingRect().adjusted(8, 8, -8, -8));
    for (size_t i = 0; i < frames.size(); ++i)
        for (size_t j = i + 1; j < frames.size(); ++j)
            if (frames[i].intersects(frames[j]))
                return true;
    return false;
}

const MapScene::Route* MapScene::routeFor(Id from, Id to) const {
    auto it = m_routes.find({from, to});
    return it == m_routes.end() ? nullptr : &it->second;
}

QPointF MapScene::endpointFor(Id id, bool* ok, QRectF* box) const {
    *ok = false;
    auto it = m_nodes.find(id);
    if (it == m_nodes.end())
        return {};
    const Node& n = it->second;
    if (n.item->isVisible()) {
        *ok = true;
        const QPointF p = n.item->pos();
        *box = QRectF(p.x() - kNodeWidth / 2, p.y() - kNodeHeight / 2, kNodeWidth, kNodeHeight);
        return p;
    }
    if (n.groupKey.isEmpty() || !m_collapsed.contains(n.groupKey))
        return {};
    if (!(passesFilter(n) && (m_focus.empty() || m_focus.count(id))))
        return {};
    auto c = m_clusters.find(n.groupKey);
    if (c == m_clusters.end())
        return {};
    *ok = true;
    *box = c->second->collapsedBox();
    return c->second->center();
}

void MapScene::nodeMoved(MapNodeItem* item) {
    const QPointF p = item->pos();
    const QRectF r(p.x() - kNodeWidth, p.y() - kNodeHeight - 40, 2 * kNodeWidth, 2 * kNodeHeight + 40);
    const QRectF b = m_edgeLayer->boundingRect();
    if (!b.contains(r))
        updateBounds(b.united(r));
    m_edgeLayer->update();
    if (m_groupBy != GroupBy::None)
        schedule(kGeometry);
}

bool MapScene::edgeTouchesSelection(const Edge& e) const {
    const Node* a = node(e.from);
    const Node* b = node(e.to);
    return (a && a->item->isSelected()) || (b && b->item->isSelected());
}

// ---- moving by hand ----

void MapScene::mousePressEvent(QGraphicsSceneMouseEvent* event) {
    QGraphicsScene::mousePressEvent(event);
    m_dragStart.clear();
    if (event->button() != Qt::LeftButton)
        return;
    for (QGraphicsItem* i : selectedItems())
        if (i->type() == MapNodeItem::Type)
            m_dragStart[static_cast<MapNodeItem*>(i)] = i->pos();
}

void MapScene::mouseReleaseEvent(QGraphicsSceneMouseEvent* event) {
    QGraphicsScene::mouseReleaseEvent(event);
    if (event->button() != Qt::LeftButton)
        return;
    std::vector<std::pair<Id, QPointF>> moves;
    for (const auto& [item, start] : m_dragStart)
        if (item->pos() != start)
            moves.push_back({item->id(), item->pos()});
    m_dragStart.clear();
    std::sort(moves.begin(), moves.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    moveSystems(moves);
}

} // namespace terrain
