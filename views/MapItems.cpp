#include "MapItems.h"

#include "MapScene.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QPalette>
#include <QStyleOptionGraphicsItem>

#include <cmath>
#include <map>

namespace terrain {

namespace {

constexpr double W = MapScene::kNodeWidth;
constexpr double H = MapScene::kNodeHeight;
constexpr double kBand = 32; // the coloured band with the kind icon

// Below these levels of detail (screen pixels per scene unit) a node drops its text, then its icon.
constexpr double kTextLod = 0.34;
constexpr double kIconLod = 0.2;
constexpr double kArrowLod = 0.3;
constexpr double kMinorEdgeLod = 0.3;

QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - t) + b.redF() * t),
                            static_cast<float>(a.greenF() * (1 - t) + b.greenF() * t),
                            static_cast<float>(a.blueF() * (1 - t) + b.blueF() * t));
}

QColor selectionColor() {
    return QColor(0x1f, 0x6f, 0xeb);
}
QColor highlightColor() {
    return QColor(0x8e, 0x24, 0xaa); // not a colour of any colouring
}

/// The icon of a kind, drawn in a 24 × 24 box centred on the origin (stroked white).
const QPainterPath& kindIcon(const std::string& kind) {
    static std::map<std::string, QPainterPath> cache;
    auto it = cache.find(kind);
    if (it != cache.end())
        return it->second;
    QPainterPath p;
    if (kind == "database" || kind == "cache") {
        p.addEllipse(QRectF(-8, -10, 16, 6));
        p.moveTo(-8, -7);
        p.lineTo(-8, 7);
        p.arcTo(QRectF(-8, 4, 16, 6), 180, 180);
        p.lineTo(8, -7);
        if (kind == "cache") { // a bolt
            p.moveTo(1, -2);
            p.lineTo(-3, 3);
            p.lineTo(1, 3);
            p.lineTo(-2, 8);
        } else {
            p.moveTo(-8, 0);
            p.arcTo(QRectF(-8, -3, 16, 6), 180, 180);
        }
    } else if (kind == "queue") {
        for (int i = 0; i < 3; ++i)
            p.addRoundedRect(QRectF(-10 + i * 7, -6, 5, 12), 1, 1);
        p.moveTo(-11, 9);
        p.lineTo(11, 9);
    } else if (kind == "storage") {
        p.moveTo(-9, -7);
        p.lineTo(-6, 9);
        p.lineTo(6, 9);
        p.lineTo(9, -7);
        p.addEllipse(QRectF(-9, -9, 18, 4));
    } else if (kind == "network") {
        p.addEllipse(QRectF(-3, -11, 6, 6));
        p.addEllipse(QRectF(-11, 5, 6, 6));
        p.addEllipse(QRectF(5, 5, 6, 6));
        p.moveTo(-1.5, -5.5);
        p.lineTo(-6.5, 5.5);
        p.moveTo(1.5, -5.5);
        p.lineTo(6.5, 5.5);
        p.moveTo(-5, 8);
        p.lineTo(5, 8);
    } else if (kind == "compute") {
        p.addRect(QRectF(-7, -7, 14, 14));
        p.addRect(QRectF(-3, -3, 6, 6));
        for (int i = -1; i <= 1; ++i) {
            p.moveTo(i * 4, -7);
            p.lineTo(i * 4, -10);
            p.moveTo(i * 4, 7);
            p.lineTo(i * 4, 10);
            p.moveTo(-7, i * 4);
            p.lineTo(-10, i * 4);
            p.moveTo(7, i * 4);
            p.lineTo(10, i * 4);
        }
    } else if (kind == "load-balancer") {
        p.moveTo(-10, 0);
        p.lineTo(0, -10);
        p.lineTo(10, 0);
        p.lineTo(0, 10);
        p.closeSubpath();
        p.moveTo(-5, 0);
        p.lineTo(5, 0);
        p.moveTo(0, -5);
        p.lineTo(0, 5);
    } else if (kind == "dns") {
        p.addEllipse(QRectF(-10, -10, 20, 20));
        p.addEllipse(QRectF(-4.5, -10, 9, 20));
        p.moveTo(-10, 0);
        p.lineTo(10, 0);
    } else if (kind == "function") {
        p.moveTo(-7, -10);
        p.lineTo(-3, -10);
        p.lineTo(7, 10);
        p.moveTo(1, -1);
        p.lineTo(-6, 10);
    } else if (kind == "secret-store") {
        p.addRoundedRect(QRectF(-8, -2, 16, 12), 2, 2);
        p.moveTo(-5, -2);
        p.lineTo(-5, -5);
        p.arcTo(QRectF(-5, -10, 10, 10), 180, -180);
        p.lineTo(5, -2);
        p.addEllipse(QRectF(-1.5, 2, 3, 3));
    } else if (kind == "monitoring") {
        p.moveTo(-11, 1);
        p.lineTo(-5, 1);
        p.lineTo(-2, -8);
        p.lineTo(2, 9);
        p.lineTo(5, 1);
        p.lineTo(11, 1);
    } else if (kind == "ci-cd") {
        p.addEllipse(QRectF(-10, -10, 20, 20));
        p.moveTo(-3, -5);
        p.lineTo(5, 0);
        p.lineTo(-3, 5);
        p.closeSubpath();
    } else if (kind == "script") {
        p.moveTo(-4, -7);
        p.lineTo(-10, 0);
        p.lineTo(-4, 7);
        p.moveTo(4, -7);
        p.lineTo(10, 0);
        p.lineTo(4, 7);
        p.moveTo(2, -9);
        p.lineTo(-2, 9);
    } else if (kind == "person") {
        p.addEllipse(QRectF(-4.5, -11, 9, 9));
        p.moveTo(-10, 10);
        p.cubicTo(-10, 0, 10, 0, 10, 10);
    } else if (kind == "saas" || kind == "external") {
        p.moveTo(-8, 7);
        p.arcTo(QRectF(-12, -1, 8, 8), 270, -180);
        p.arcTo(QRectF(-7, -9, 12, 12), 180, -150);
        p.arcTo(QRectF(2, -3, 10, 10), 90, -180);
        p.closeSubpath();
    } else if (kind == "service") {
        for (int i = 0; i < 6; ++i) {
            const double a = (60.0 * i - 90) * M_PI / 180;
            const QPointF pt(10 * std::cos(a), 10 * std::sin(a));
            if (i == 0)
                p.moveTo(pt);
            else
                p.lineTo(pt);
        }
        p.closeSubpath();
        p.addEllipse(QRectF(-3.5, -3.5, 7, 7));
    } else {
        p.addEllipse(QRectF(-9, -9, 18, 18));
        p.addEllipse(QRectF(-1.5, -1.5, 3, 3));
    }
    return cache.emplace(kind, p).first->second;
}

QFont fontOfPixelSize(double px, bool bold) {
    QFont f = QApplication::font();
    f.setPixelSize(std::max(1, static_cast<int>(std::lround(px))));
    f.setBold(bold);
    return f;
}

/// Where the segment from `outside` to the centre of `box` crosses the border of `box`.
QPointF clipToBox(const QRectF& box, const QPointF& outside) {
    const QPointF c = box.center();
    const double dx = outside.x() - c.x(), dy = outside.y() - c.y();
    if (dx == 0 && dy == 0)
        return c;
    const double sx = dx == 0 ? 1e9 : (box.width() / 2) / std::abs(dx);
    const double sy = dy == 0 ? 1e9 : (box.height() / 2) / std::abs(dy);
    const double s = std::min({sx, sy, 1.0});
    return QPointF(c.x() + dx * s, c.y() + dy * s);
}

void drawArrow(QPainter* p, const QPointF& from, const QPointF& tip, double size) {
    const double dx = tip.x() - from.x(), dy = tip.y() - from.y();
    const double len = std::hypot(dx, dy);
    if (len < 1e-6)
        return;
    const double ux = dx / len, uy = dy / len;
    const QPointF base(tip.x() - ux * size, tip.y() - uy * size);
    const QPointF n(-uy * size * 0.45, ux * size * 0.45);
    const QPointF tri[3] = {tip, base + n, base - n};
    p->drawPolygon(tri, 3);
}

} // namespace

// ---- systems ----

MapNodeItem::MapNodeItem(MapScene* scene, Id id)
    : m_scene(scene)
    , m_id(id) {
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges);
    setAcceptedMouseButtons(Qt::LeftButton | Qt::RightButton);
}

QRectF MapNodeItem::boundingRect() const {
    return QRectF(-W / 2 - 5, -H / 2 - 5, W + 10, H + 10);
}

QPainterPath MapNodeItem::shape() const {
    QPainterPath p;
    p.addRect(QRectF(-W / 2, -H / 2, W, H));
    return p;
}

std::pair<QString, QString> nodeLabelLines(const QString& name, const QFontMetricsF& fm, double width,
                                           bool twoLines) {
    if (fm.horizontalAdvance(name) <= width)
        return {name, {}};
    if (!twoLines)
        return {fm.elidedText(name, Qt::ElideRight, width), {}};
    int cut = -1;
    for (int i = 1; i < name.size(); ++i)
        if (name.at(i) == QLatin1Char(' ') && fm.horizontalAdvance(name.left(i)) <= width)
            cut = i;
    if (cut > 0) // words: the second line elided at its end
        return {name.left(cut), fm.elidedText(name.mid(cut + 1), Qt::ElideRight, width)};
    // No space to break at (an address: module.svc["billing"].aws_sqs_queue.jobs): where the first line is
    // full, or just after a dot, slash or bracket a few characters before; the rest elided in its middle,
    // since its end names the thing.
    int i = name.size();
    while (i > 1 && fm.horizontalAdvance(name.left(i)) > width)
        --i;
    for (int k = i; k > i - 4 && k > 1; --k)
        if (QStringLiteral("./:[_-").contains(name.at(k - 1))) {
            i = k;
            break;
        }
    return {name.left(i), fm.elidedText(name.mid(i), Qt::ElideMiddle, width)};
}

Qt::PenStyle nodeBorderStyle(const System& s) {
    if (s.status == "gone")
        return Qt::DashLine;
    return isPlaceholder(s) ? Qt::DotLine : Qt::SolidLine;
}

QVariant MapNodeItem::itemChange(GraphicsItemChange change, const QVariant& value) {
    if (change == ItemPositionHasChanged)
        m_scene->nodeMoved(this);
    return QGraphicsItem::itemChange(change, value);
}

void MapNodeItem::paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget*) {
    const MapScene::Node* n = m_scene->node(m_id);
    if (!n)
        return;
    const double lod = option->levelOfDetailFromTransform(p->worldTransform());
    const bool overlay = m_scene->hasHighlight();
    const bool lit = overlay && m_scene->isHighlighted(m_id);
    const bool dim = overlay && !lit;
    const bool gone = n->system.status == "gone";
    const QRectF r(-W / 2, -H / 2, W, H);
    if (dim)
        p->setOpacity(0.16);

    if (lod < kIconLod) {
        // far away: one filled box, no pen, no text
        p->fillRect(r, isSelected() ? selectionColor() : lit ? highlightColor() : n->color);
        return;
    }
    const QColor body = gone ? QColor(0xf4, 0xf4, 0xf4) : mix(n->color, Qt::white, 0.82);
    QPen border(gone ? QColor(0x99, 0x99, 0x99) : n->color.darker(135), 1.4);
    border.setStyle(nodeBorderStyle(n->system));
    p->setPen(border);
    p->setBrush(body);
    p->drawRoundedRect(r, 6, 6);
    // the band with the kind icon
    QPainterPath band;
    band.addRoundedRect(QRectF(r.left(), r.top(), kBand + 8, H), 6, 6);
    QPainterPath notch;
    notch.addRect(QRectF(r.left() + kBand, r.top(), 8, H));
    p->setPen(Qt::NoPen);
    p->setBrush(gone ? QColor(0xaa, 0xaa, 0xaa) : n->color);
    p->drawPath(band.subtracted(notch));
    p->setPen(QPen(Qt::white, 1.7, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p->setBrush(Qt::NoBrush);
    p->drawPath(kindIcon(n->system.kind).translated(r.left() + kBand / 2, 0));

    if (lod >= kTextLod) {
        // The name stays readable when zoomed out: at least ~9 screen pixels, up to a third of the box.
        const double namePx = std::clamp(9.5 / lod, 13.0, 20.0);
        const QRectF textBox(r.left() + kBand + 6, r.top() + 3, W - kBand - 10, H - 6);
        const QFont nameFont = fontOfPixelSize(namePx, true);
        const int sizeKey = static_cast<int>(namePx * 10);
        if (sizeKey != m_elidedSize) {
            const auto [first, second] = nodeLabelLines(n->name, QFontMetricsF(nameFont), textBox.width(),
                                                        namePx * 2.3 <= textBox.height());
            m_elided = first;
            m_second = second;
            m_elidedSize = sizeKey;
        }
        p->setFont(nameFont);
        p->setPen(gone ? QColor(0x77, 0x77, 0x77) : QColor(0x1c, 0x1c, 0x1c));
        const bool details = namePx <= 15.0;
        if (!m_second.isEmpty()) {
            const QRectF top(textBox.left(), textBox.top(), textBox.width(), textBox.height() / 2);
            p->drawText(top, Qt::AlignLeft | Qt::AlignBottom | Qt::TextSingleLine, m_elided);
            p->drawText(top.translated(0, top.height()), Qt::AlignLeft | Qt::AlignTop | Qt::TextSingleLine,
                        m_second);
        } else if (details) {
            const QRectF top(textBox.left(), textBox.top(), textBox.width(), textBox.height() * 0.55);
            p->drawText(top, Qt::AlignLeft | Qt::AlignBottom | Qt::TextSingleLine, m_elided);
            const QFont small = fontOfPixelSize(11, false);
            p->setFont(small);
            p->setPen(QColor(0x55, 0x55, 0x55));
            const QRectF bottom(textBox.left(), top.bottom() + 1, textBox.width(),
                                textBox.height() * 0.45 - 1);
            p->drawText(bottom, Qt::AlignLeft | Qt::AlignTop | Qt::TextSingleLine,
                        QFontMetricsF(small).elidedText(n->subtitle, Qt::ElideRight, bottom.width()));
        } else {
            p->drawText(textBox, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, m_elided);
        }
    }
    if (n->pinned && lod >= 0.6) {
        // placed by hand: a small pin in the corner
        p->setPen(Qt::NoPen);
        p->setBrush(QColor(0x55, 0x55, 0x55));
        p->drawEllipse(QPointF(r.right() - 7, r.top() + 7), 2.5, 2.5);
    }
    if (lit) {
        p->setPen(QPen(highlightColor(), 3.5));
        p->setBrush(Qt::NoBrush);
        p->drawRoundedRect(r.adjusted(-2, -2, 2, 2), 7, 7);
    }
    if (isSelected()) {
        QPen sel(selectionColor(), 3);
        p->setPen(sel);
        p->setBrush(Qt::NoBrush);
        p->drawRoundedRect(r.adjusted(-3, -3, 3, 3), 8, 8);
    }
}

// ---- edges ----

MapEdgeLayer::MapEdgeLayer(MapScene* scene)
    : m_scene(scene) {
    setFlag(ItemUsesExtendedStyleOption); // for exposedRect
    setAcceptedMouseButtons(Qt::NoButton);
    setZValue(-1);
}

void MapEdgeLayer::setBounds(const QRectF& r) {
    if (r == m_bounds)
        return;
    prepareGeometryChange();
    m_bounds = r;
}

void MapEdgeLayer::paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget*) {
    const double lod = option->levelOfDetailFromTransform(p->worldTransform());
    const QRectF exposed = option->exposedRect.adjusted(-12, -12, 12, 12);
    const bool overlay = m_scene->hasHighlight();
    const bool far = lod < kMinorEdgeLod;
    const QColor base(0x6b, 0x72, 0x80);

    if (far) {
        // Zoomed out: major edges only, straight, as a few batches of lines without antialiasing.
        QVector<QLineF> normal, strong, faint;
        normal.reserve(static_cast<qsizetype>(m_scene->edges().size()));
        for (const auto& e : m_scene->edges()) {
            if (e.minor)
                continue;
            bool okA = false, okB = false;
            QRectF boxA, boxB;
            const QPointF a = m_scene->endpointFor(e.from, &okA, &boxA);
            if (!okA)
                continue;
            const QPointF b = m_scene->endpointFor(e.to, &okB, &boxB);
            if (!okB || boxA == boxB)
                continue;
            if (!QRectF(a, b).normalized().adjusted(-1, -1, 1, 1).intersects(exposed))
                continue;
            const QLineF line(a, b);
            if (overlay)
                (m_scene->isHighlighted(e.from) && m_scene->isHighlighted(e.to) ? strong : faint)
                    .append(line);
            else if (m_scene->edgeTouchesSelection(e))
                strong.append(line);
            else
                normal.append(line);
        }
        p->setRenderHint(QPainter::Antialiasing, false);
        QPen pen(QColor(base.red(), base.green(), base.blue(), 150), 0);
        p->setPen(pen);
        p->drawLines(normal);
        pen.setColor(QColor(base.red(), base.green(), base.blue(), 30));
        p->setPen(pen);
        p->drawLines(faint);
        pen.setColor(overlay ? highlightColor() : selectionColor());
        pen.setWidthF(2);
        pen.setCosmetic(true);
        p->setPen(pen);
        p->drawLines(strong);
        return;
    }

    const bool arrows = lod >= kArrowLod;
    const double arrowSize = std::clamp(7.0 / lod, 9.0, 22.0);
    for (const auto& e : m_scene->edges()) {
        bool okA = false, okB = false;
        QRectF boxA, boxB;
        const QPointF a = m_scene->endpointFor(e.from, &okA, &boxA);
        if (!okA)
            continue;
        const QPointF b = m_scene->endpointFor(e.to, &okB, &boxB);
        if (!okB || boxA == boxB)
            continue;
        const MapScene::Route* route = nullptr;
        if (m_scene->isDrawn(e.from) && m_scene->isDrawn(e.to))
            if (const auto* r = m_scene->routeFor(e.from, e.to); r && r->fromAt == a && r->toAt == b)
                route = r;
        QRectF extent = route ? route->path.controlPointRect() : QRectF(a, b).normalized();
        if (!extent.adjusted(-arrowSize, -arrowSize, arrowSize, arrowSize).intersects(exposed))
            continue;

        QColor color = base;
        double width = e.minor ? 1.0 : 1.6;
        if (overlay) {
            if (m_scene->isHighlighted(e.from) && m_scene->isHighlighted(e.to)) {
                color = highlightColor();
                width = 2.6;
            } else {
                color.setAlpha(35);
            }
        } else if (m_scene->edgeTouchesSelection(e)) {
            color = selectionColor();
            width = 2.6;
        } else if (e.minor) {
            color = QColor(0x9a, 0xa0, 0xaa);
        }
        QPen pen(color, width, e.minor ? Qt::DashLine : Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
        pen.setCosmetic(width > 0 && lod < 1.0); // stays visible when zoomed out, grows when zoomed in
        p->setPen(pen);
        p->setBrush(Qt::NoBrush);
        QPointF tip, before;
        if (route) {
            p->drawPath(route->path);
            const int count = route->path.elementCount();
            const QPointF end = route->path.elementAt(count - 1);
            if (route->tip) {
                tip = *route->tip;
                before = end;
                p->drawLine(end,
                            tip - (tip - end) *
                                      (arrows ? arrowSize / std::max(1.0, QLineF(end, tip).length()) : 0.0));
            } else {
                tip = end;
                before = route->path.elementAt(std::max(0, count - 2));
            }
        } else {
            const QPointF start = clipToBox(boxA, b);
            tip = clipToBox(boxB, a);
            before = start;
            const QLineF full(start, tip);
            if (arrows && full.length() > arrowSize) {
                QLineF shaft = full;
                shaft.setLength(full.length() - arrowSize * 0.9);
                p->drawLine(shaft);
            } else {
                p->drawLine(full);
            }
        }
        if (arrows) {
            QPen solid = pen;
            solid.setStyle(Qt::SolidLine);
            solid.setWidthF(1);
            p->setPen(solid);
            p->setBrush(color);
            drawArrow(p, before, tip, arrowSize);
        }
    }
}

// ---- groups ----

MapClusterItem::MapClusterItem(MapScene* scene, const QString& key)
    : m_scene(scene)
    , m_key(key) {
    setZValue(-2);
    setAcceptedMouseButtons(Qt::LeftButton);
}

void MapClusterItem::setFrame(const QRectF& frame, const QPointF& center, int count) {
    if (frame == m_frame && center == m_center && count == m_count)
        return;
    prepareGeometryChange();
    m_frame = frame;
    m_center = center;
    m_count = count;
}

void MapClusterItem::setCollapsed(bool c) {
    if (c == m_collapsed)
        return;
    prepareGeometryChange();
    m_collapsed = c;
    setZValue(c ? 1 : -2);
}

QRectF MapClusterItem::collapsedBox() const {
    return QRectF(m_center.x() - 110, m_center.y() - 36, 220, 72);
}

QRectF MapClusterItem::boundingRect() const {
    return (m_collapsed ? collapsedBox() : m_frame).adjusted(-4, -4, 4, 4);
}

QPainterPath MapClusterItem::shape() const {
    // Expanded, only the title strip takes clicks: the inside belongs to the systems and the rubber band.
    QPainterPath p;
    if (m_collapsed)
        p.addRect(collapsedBox());
    else
        p.addRect(QRectF(m_frame.left(), m_frame.top(), m_frame.width(), 30));
    return p;
}

void MapClusterItem::paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget*) {
    const double lod = option->levelOfDetailFromTransform(p->worldTransform());
    const QString title = m_key;
    if (m_collapsed) {
        const QRectF box = collapsedBox();
        if (m_scene->hasHighlight())
            p->setOpacity(0.3);
        p->setPen(QPen(QColor(0x3b, 0x4a, 0x63), 2));
        p->setBrush(QColor(0xe4, 0xe9, 0xf2));
        p->drawRoundedRect(box, 8, 8);
        p->setPen(QPen(QColor(0x3b, 0x4a, 0x63), 1));
        p->setBrush(Qt::NoBrush);
        p->drawRoundedRect(box.adjusted(4, 4, -4, -4), 5, 5);
        if (lod >= kIconLod) {
            const double px = std::clamp(10.0 / lod, 15.0, 30.0);
            const QFont f = fontOfPixelSize(px, true);
            p->setFont(f);
            p->setPen(QColor(0x1c, 0x1c, 0x1c));
            const QRectF inner = box.adjusted(10, 6, -10, -6);
            if (px <= 18) {
                p->drawText(QRectF(inner.left(), inner.top(), inner.width(), inner.height() / 2),
                            Qt::AlignCenter | Qt::TextSingleLine,
                            QFontMetricsF(f).elidedText(title, Qt::ElideMiddle, inner.width()));
                p->setFont(fontOfPixelSize(13, false));
                p->setPen(QColor(0x44, 0x44, 0x44));
                p->drawText(QRectF(inner.left(), inner.center().y(), inner.width(), inner.height() / 2),
                            Qt::AlignCenter | Qt::TextSingleLine,
                            QObject::tr("%n systems", nullptr, m_count));
            } else {
                p->drawText(inner, Qt::AlignCenter | Qt::TextSingleLine,
                            QFontMetricsF(f).elidedText(QStringLiteral("%1 (%2)").arg(title).arg(m_count),
                                                        Qt::ElideMiddle, inner.width()));
            }
        }
        return;
    }
    QPen pen(QColor(0x5b, 0x6b, 0x85, 170), 1.2, Qt::DashLine);
    pen.setCosmetic(true);
    p->setPen(pen);
    p->setBrush(QColor(0x5b, 0x6b, 0x85, 20));
    p->drawRoundedRect(m_frame, 10, 10);
    const double px = std::clamp(9.0 / lod, 17.0, 60.0);
    const QFont f = fontOfPixelSize(px, true);
    p->setFont(f);
    p->setPen(QColor(0x3b, 0x4a, 0x63));
    const QRectF strip(m_frame.left() + 10, m_frame.top() - (px > 24 ? px - 24 : 0), m_frame.width() - 20,
                       std::max(30.0, px + 6));
    p->drawText(strip, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                QFontMetricsF(f).elidedText(QStringLiteral("%1 · %2").arg(title).arg(m_count), Qt::ElideRight,
                                            strip.width()));
}

void MapClusterItem::mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) {
    event->accept();
    m_scene->setGroupCollapsed(m_key, !m_collapsed);
}

} // namespace terrain
