#pragma once
// The items of the map scene (MapScene.h): systems, the edge layer, groups. Each paints by level of
// detail (QStyleOptionGraphicsItem::levelOfDetailFromTransform) and without shadows or effects.

#include "Entities.h"

#include <QFontMetricsF>
#include <QGraphicsItem>
#include <QString>

#include <utility>

namespace terrain {

class MapScene;

/// The border of a system's box: dashed when it is gone from its sources, dotted when it stands for
/// something defined elsewhere (a data source, an entity another catalog describes, a host that no file
/// defines: tagged managed-elsewhere or external), solid otherwise.
Qt::PenStyle nodeBorderStyle(const System& s);

/// A system's name on its box: one line if it fits; else, where there is room for two, the first broken
/// at a space (the second elided at its end), or, for a name without spaces such as a Terraform address,
/// where the first is full or just after a dot, slash or bracket (the second elided in its middle, keeping
/// the end that names the thing);
/// else one line elided at its end.
std::pair<QString, QString> nodeLabelLines(const QString& name, const QFontMetricsF& fm, double width,
                                           bool twoLines);

/// One system: a box with its kind icon, name and details, coloured by the chosen property.
class MapNodeItem : public QGraphicsItem {
public:
    enum { Type = UserType + 1 };
    MapNodeItem(MapScene* scene, Id id);

    Id id() const { return m_id; }
    int type() const override { return Type; }
    void invalidateText() { m_elidedSize = 0; } ///< the name changed
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant& value) override;

private:
    MapScene* m_scene;
    Id m_id;
    // the elided name, for the font size it was elided for
    mutable QString m_elided;
    mutable QString m_second;
    mutable int m_elidedSize = 0;
};

/// Every edge of the map in one item: culled to what is exposed, batched when zoomed out.
class MapEdgeLayer : public QGraphicsItem {
public:
    explicit MapEdgeLayer(MapScene* scene);
    QRectF boundingRect() const override { return m_bounds; }
    void setBounds(const QRectF& r);
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    MapScene* m_scene;
    QRectF m_bounds;
};

/// A group: a frame around its members with a title and count, or, collapsed, one box in their place.
class MapClusterItem : public QGraphicsItem {
public:
    enum { Type = UserType + 2 };
    MapClusterItem(MapScene* scene, const QString& key);

    const QString& key() const { return m_key; }
    int type() const override { return Type; }
    void setFrame(const QRectF& frame, const QPointF& center, int count);
    bool isCollapsed() const { return m_collapsed; }
    void setCollapsed(bool c);
    QPointF center() const { return m_center; }
    QRectF collapsedBox() const;
    int count() const { return m_count; }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

protected:
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) override;

private:
    MapScene* m_scene;
    QString m_key;
    QRectF m_frame;
    QPointF m_center;
    int m_count = 0;
    bool m_collapsed = false;
};

} // namespace terrain
