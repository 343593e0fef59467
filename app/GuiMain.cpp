#include "GuiMain.h"

#include "MainWindow.h"

#include <QApplication>
#include <QFile>
#include <QIcon>

int runGui(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Terrain"));
    QApplication::setOrganizationName(QStringLiteral("Terrain"));
    QApplication::setApplicationVersion(QStringLiteral(TERRAIN_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/terrain.svg")));

    terrain::MainWindow window;
    window.show();
    if (argc > 1)
        window.openFile(QFile::decodeName(argv[1]));
    return app.exec();
}
