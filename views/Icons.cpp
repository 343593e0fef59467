#include "Icons.h"

namespace terrain {

QIcon themedIcon(const QString& name) {
    const QIcon own(QStringLiteral(":/icons/%1.svg").arg(name));
    return QIcon::fromTheme(name, own);
}

} // namespace terrain
