#pragma once
// Strangler migrations on the map (issue 5): for every migration whose legacy system and replacement are
// both on the map, a dashed "replaced by" arrow from the legacy system to its replacement, labelled with
// the traffic share now on the replacement ("replaced by · 25 %"). One item for all of them, drawn above
// the dependencies and the systems (an overlay: the label stays readable when a system sits between the
// two), taking no clicks; it follows the migrations through Project's signals and the systems through
// the scene.

#include "Entities.h"

#include <QGraphicsItem>
#include <QObject>
#include <QPainterPath>

#include <vector>

namespace terrain {

class MapScene;

class MigrationLinksItem : public QObject, public QGraphicsItem {
    Q_OBJECT
    Q_INTERFACES(QGraphicsItem)
public:
    explicit MigrationLinksItem(MapScene* scene);

    struct Link {
        Id migration = 0;
        Id legacy = 0;
        Id replacement = 0;
        int share = 0;
        QString label; ///< "replaced by · 25 %"
        QString toolTip;
    };
    /// The migrations drawn (both ends on the map), by key.
    const std::vector<Link>& links() const { return m_links; }
    /// Links whose two ends are visible now.
    int visibleCount() const;

    /// Re-reads the migrations.
    void reload();

    QRectF boundingRect() const override;
    /// Empty: the links never take a click or a hover from the systems under them.
    QPainterPath shape() const override { return {}; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    MapScene* m_scene;
    std::vector<Link> m_links;
    QRectF m_bounds;
};

} // namespace terrain
