#pragma once
// Icons: the desktop theme's when it has one, else Terrain's own SVGs (resources/icons).

#include <QIcon>

namespace terrain {

/// `name` is a freedesktop icon name ("document-open", "list-add", ...) or "terrain" / "demo".
QIcon themedIcon(const QString& name);

} // namespace terrain
