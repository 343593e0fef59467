#include "MapImageExport.h"

#include "MapItems.h"
#include "MapScene.h"

#include <QFileInfo>
#include <QFontMetricsF>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

namespace terrain {

namespace {

constexpr double kMargin = 24;
constexpr double kLegendWidth = 280;
constexpr double kSwatch = 14;
constexpr double kLegendLine = 22;
constexpr double kMaxPdfSide = 14400; // points: 200 inches, the largest page PDF readers open
constexpr double kMaxPngSide = 16000; // pixels
constexpr double kMaxPngPixels = 64e6;

QFont pixelFont(int px, bool bold = false) {
    QFont f;
    f.setPixelSize(px);
    f.setBold(bold);
    return f;
}

/// The scene area that shows something: visible systems and groups (hidden ones are filtered out).
QRectF shownArea(MapScene& scene, int* systems) {
    QRectF area;
    *systems = 0;
    for (QGraphicsItem* item : scene.items()) {
        if (!item->isVisible())
            continue;
        const bool node = dynamic_cast<MapNodeItem*>(item) != nullptr;
        if (!node && dynamic_cast<MapClusterItem*>(item) == nullptr)
            continue;
        *systems += node ? 1 : 0;
        area = area.united(item->sceneBoundingRect());
    }
    return area.adjusted(-kMargin, -kMargin, kMargin, kMargin);
}

/// The picture in drawing units (before scaling): header, map, legend.
struct Layout {
    QRectF header, map, legend;
    QSizeF size;
};

Layout layoutFor(const QRectF& area, const MapScene& scene, bool hasFilter) {
    Layout l;
    const double headerHeight = hasFilter ? 64 : 44;
    const double legendHeight = 40 + kLegendLine * static_cast<double>(scene.legend().size());
    l.header = QRectF(kMargin, kMargin, area.width() + kLegendWidth, headerHeight);
    l.map = QRectF(kMargin, kMargin + headerHeight, area.width(), area.height());
    l.legend = QRectF(l.map.right() + kMargin, l.map.top(), kLegendWidth - kMargin, legendHeight);
    l.size = QSizeF(l.map.width() + kLegendWidth + 2 * kMargin,
                    headerHeight + std::max(area.height(), legendHeight) + 2 * kMargin);
    return l;
}

void paint(QPainter& p, MapScene& scene, const QRectF& area, const Layout& l, const QString& title,
           const QString& filterText) {
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.fillRect(QRectF(QPointF(0, 0), l.size), Qt::white);

    p.setPen(QColor(0x20, 0x20, 0x20));
    p.setFont(pixelFont(22, true));
    p.drawText(QRectF(l.header.left(), l.header.top(), l.header.width(), 30),
               Qt::AlignLeft | Qt::AlignVCenter, title);
    if (!filterText.isEmpty()) {
        p.setFont(pixelFont(14));
        p.setPen(QColor(0x50, 0x50, 0x50));
        p.drawText(QRectF(l.header.left(), l.header.top() + 32, l.header.width(), 22),
                   Qt::AlignLeft | Qt::AlignVCenter, filterText);
    }

    scene.render(&p, l.map, area, Qt::KeepAspectRatio);

    p.setPen(QColor(0x20, 0x20, 0x20));
    p.setFont(pixelFont(15, true));
    p.drawText(QRectF(l.legend.left(), l.legend.top(), l.legend.width(), 28),
               Qt::AlignLeft | Qt::AlignVCenter, scene.legendTitle());
    p.setFont(pixelFont(13));
    const QFontMetricsF fm(p.font());
    double y = l.legend.top() + 36;
    for (const auto& e : scene.legend()) {
        p.setPen(QPen(e.color.darker(130), 1));
        p.setBrush(e.color);
        p.drawRect(QRectF(l.legend.left(), y + (kLegendLine - kSwatch) / 2 - 2, kSwatch, kSwatch));
        p.setPen(QColor(0x20, 0x20, 0x20));
        const QString text = QStringLiteral("%1 (%2)").arg(e.label).arg(e.count);
        p.drawText(QRectF(l.legend.left() + kSwatch + 8, y - 2, l.legend.width() - kSwatch - 8, kLegendLine),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   fm.elidedText(text, Qt::ElideRight, l.legend.width() - 30));
        y += kLegendLine;
    }
}

} // namespace

bool mapImageFormatFor(const QString& path, MapImageFormat* format) {
    const QString ext = QFileInfo(path).suffix().toLower();
    if (ext == QLatin1String("svg"))
        *format = MapImageFormat::Svg;
    else if (ext == QLatin1String("png"))
        *format = MapImageFormat::Png;
    else if (ext == QLatin1String("pdf"))
        *format = MapImageFormat::Pdf;
    else
        return false;
    return true;
}

MapImageResult exportMapImage(MapScene& scene, const QString& path, MapImageFormat format,
                              const QString& title, const QString& filterText) {
    MapImageResult r;
    const QRectF area = shownArea(scene, &r.systems);
    const Layout l = layoutFor(area, scene, !filterText.isEmpty());

    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly)) {
        r.error = QStringLiteral("%1: cannot be written: %2").arg(path, out.errorString());
        return r;
    }
    switch (format) {
    case MapImageFormat::Svg: {
        QSvgGenerator svg;
        svg.setOutputDevice(&out);
        svg.setSize(l.size.toSize());
        svg.setViewBox(QRectF(QPointF(0, 0), l.size));
        svg.setResolution(96);
        svg.setTitle(title);
        svg.setDescription(filterText.isEmpty() ? QStringLiteral("Terrain map") : filterText);
        QPainter p;
        if (!p.begin(&svg)) {
            r.error = QStringLiteral("%1: the SVG writer could not start").arg(path);
            return r;
        }
        paint(p, scene, area, l, title, filterText);
        p.end();
        break;
    }
    case MapImageFormat::Png: {
        // Twice the screen's detail when it fits; a huge map is shrunk (labels then give way, as on screen).
        const double w = l.size.width(), h = l.size.height();
        r.scale = std::min({2.0, kMaxPngSide / w, kMaxPngSide / h, std::sqrt(kMaxPngPixels / (w * h))});
        QImage image(
            QSize(static_cast<int>(std::ceil(w * r.scale)), static_cast<int>(std::ceil(h * r.scale))),
            QImage::Format_ARGB32_Premultiplied);
        if (image.isNull()) {
            r.error = QStringLiteral("%1: not enough memory for a %2 × %3 picture")
                          .arg(path)
                          .arg(std::ceil(w * r.scale))
                          .arg(std::ceil(h * r.scale));
            return r;
        }
        image.fill(Qt::white);
        QPainter p(&image);
        p.scale(r.scale, r.scale);
        paint(p, scene, area, l, title, filterText);
        p.end();
        if (!image.save(&out, "PNG")) {
            r.error = QStringLiteral("%1: the PNG could not be written").arg(path);
            return r;
        }
        break;
    }
    case MapImageFormat::Pdf: {
        r.scale = std::min({1.0, kMaxPdfSide / l.size.width(), kMaxPdfSide / l.size.height()});
        QPdfWriter pdf(&out);
        pdf.setResolution(72); // one drawing unit is one point
        pdf.setTitle(title);
        pdf.setCreator(QStringLiteral("Terrain"));
        pdf.setPageSize(QPageSize(l.size * r.scale, QPageSize::Point, QString(), QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter p;
        if (!p.begin(&pdf)) {
            r.error = QStringLiteral("%1: the PDF writer could not start").arg(path);
            return r;
        }
        p.scale(r.scale, r.scale);
        paint(p, scene, area, l, title, filterText);
        p.end();
        break;
    }
    }
    if (!out.commit()) {
        r.error = QStringLiteral("%1: cannot be written: %2").arg(path, out.errorString());
        return r;
    }
    r.ok = true;
    return r;
}

} // namespace terrain
