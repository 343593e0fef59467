#pragma once
// The map as the user sees it (filters, focus, closed groups, colours, highlight), written as a picture:
// SVG and PDF as vectors, PNG as pixels; with a title, the legend and what is filtered. The whole
// graph without those view settings is the command line's `terrain export --format dot|svg|png`, drawn
// by Graphviz instead.

#include <QString>

namespace terrain {

class MapScene;

enum class MapImageFormat { Svg, Png, Pdf };

/// The format named by `path`'s extension (.svg, .png, .pdf), if it is one of them.
bool mapImageFormatFor(const QString& path, MapImageFormat* format);

struct MapImageResult {
    bool ok = false;
    QString error;    ///< names the file and what went wrong
    int systems = 0;  ///< systems drawn
    double scale = 1; ///< drawing units per scene unit (below 1 when a huge map was shrunk to fit)
};

/// Draws what `scene` shows into `path`. `title` heads the picture; `filterText` (may be empty) says
/// which filter or focus is applied. Nothing is written when it fails.
MapImageResult exportMapImage(MapScene& scene, const QString& path, MapImageFormat format,
                              const QString& title, const QString& filterText);

} // namespace terrain
