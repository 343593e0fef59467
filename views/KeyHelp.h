#pragma once
// Keys a view handles itself (in keyPressEvent, not through a QAction): listed by the view beside its
// key handling, shown in its on-screen hints and in the cheat sheet (ShortcutsDialog).

#include <QList>
#include <QString>

namespace terrain {

struct KeyHelp {
    QString keys; ///< as shown: "←/→", "Shift+↑/↓"
    QString what; ///< "previous or next area"
};

} // namespace terrain
