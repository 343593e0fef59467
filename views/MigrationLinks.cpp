#include "MigrationLinks.h"

#include "EntityColumns.h"
#include "MapItems.h"
#include "MapScene.h"
#include "Migrations.h"
#include "Project.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <cmath>

namespace terrain {

namespace {

const QColor kLinkColor(0x8e, 0x44, 0xad);

/// Where the segment from the centre of a node box towards `towards` leaves the box.
QPointF boxExit(const QPointF& center, const QPointF& towards) {
    const double hw = MapScene::kNodeWidth / 2 + 4, hh = MapScene::kNodeHeight / 2 + 4;
    const QPointF d = towards - center;
    if (std::abs(d.x()) < 1e-9 && std::abs(d.y()) < 1e-9)
        return center;
    const double tx = std::abs(d.x()) > 1e-9 ? hw / std::abs(d.x()) : 1e18;
    const double ty = std::abs(d.y()) > 1e-9 ? hh / std::abs(d.y()) : 1e18;
    const double t = std::min({tx, ty, 1.0});
    return center + d * t;
}

} // namespace

MigrationLinksItem::MigrationLinksItem(MapScene* scene)
    : m_scene(scene) {
    setZValue(0.5); // above the dependencies (-1) and the systems (0), below a collapsed group (1)
    setAcceptedMouseButtons(Qt::NoButton);
    m_bounds = scene->sceneRect();
    connect(scene, &QGraphicsScene::sceneRectChanged, this, [this](const QRectF& r) {
        prepareGeometryChange();
        m_bounds = r;
    });
    Project& p = scene->project();
    auto follow = [this](EntityKind k) {
        if (k == EntityKind::Migration || k == EntityKind::System)
            reload();
    };
    connect(&p, &Project::rowInserted, this, [follow](EntityKind k, Id) { follow(k); });
    connect(&p, &Project::rowUpdated, this, [follow](EntityKind k, Id) {
        if (k == EntityKind::Migration)
            follow(k);
    });
    connect(&p, &Project::rowRemoved, this, [follow](EntityKind k, Id) { follow(k); });
    connect(&p, &Project::kindReset, this, follow);
    reload();
}

void MigrationLinksItem::reload() {
    m_links.clear();
    Project& p = m_scene->project();
    for (const auto& m : p.list<Migration>()) {
        if (!m.legacy || !m.replacement || *m.legacy == *m.replacement)
            continue;
        Link l;
        l.migration = m.id;
        l.legacy = *m.legacy;
        l.replacement = *m.replacement;
        l.share = currentTrafficShare(m);
        l.label = QObject::tr("replaced by · %1 %").arg(l.share);
        l.toolTip = QObject::tr("%1 %2: %3 replaced by %4, %5; fallback %6")
                        .arg(QString::fromStdString(m.key), QString::fromStdString(m.title),
                             entityLabel(p, EntityKind::System, l.legacy),
                             entityLabel(p, EntityKind::System, l.replacement),
                             QString::fromStdString(migrationProgress(m)),
                             m.fallbackReady ? QObject::tr("ready") : QObject::tr("not ready"));
        m_links.push_back(l);
    }
    update();
}

int MigrationLinksItem::visibleCount() const {
    int n = 0;
    for (const auto& l : m_links) {
        auto* a = m_scene->item(l.legacy);
        auto* b = m_scene->item(l.replacement);
        if (a && b && a->isVisible() && b->isVisible())
            ++n;
    }
    return n;
}

QRectF MigrationLinksItem::boundingRect() const {
    return m_bounds;
}

void MigrationLinksItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
    if (m_links.empty())
        return;
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    painter->setRenderHint(QPainter::Antialiasing);
    QFont font = painter->font();
    font.setPointSizeF(9);
    font.setBold(true);
    painter->setFont(font);
    const QFontMetricsF fm(font);
    for (const auto& l : m_links) {
        auto* a = m_scene->item(l.legacy);
        auto* b = m_scene->item(l.replacement);
        if (!a || !b || !a->isVisible() || !b->isVisible())
            continue;
        const QPointF from = boxExit(a->pos(), b->pos());
        const QPointF to = boxExit(b->pos(), a->pos());
        if (!option->exposedRect.intersects(QRectF(from, to).normalized().adjusted(-80, -20, 80, 20)))
            continue;
        QPen pen(kLinkColor, 2.5, Qt::DashLine);
        pen.setCosmetic(lod < 0.5);
        painter->setPen(pen);
        painter->drawLine(from, to);
        // the arrow head at the replacement
        const QPointF d = to - from;
        const double len = std::hypot(d.x(), d.y());
        if (len > 1) {
            const QPointF u = d / len, n(-u.y(), u.x());
            const QPointF tip = to, base = to - u * 12;
            painter->setPen(Qt::NoPen);
            painter->setBrush(kLinkColor);
            painter->drawPolygon(QPolygonF({tip, base + n * 6, base - n * 6}));
        }
        if (lod >= 0.35) {
            const QPointF mid = (from + to) / 2;
            const QRectF box(mid.x() - fm.horizontalAdvance(l.label) / 2 - 5, mid.y() - fm.height() / 2 - 2,
                             fm.horizontalAdvance(l.label) + 10, fm.height() + 4);
            painter->setPen(QPen(kLinkColor, 1));
            painter->setBrush(QColor(255, 255, 255, 230));
            painter->drawRoundedRect(box, 4, 4);
            painter->setPen(kLinkColor.darker(130));
            painter->drawText(box, Qt::AlignCenter, l.label);
        }
    }
}

} // namespace terrain
