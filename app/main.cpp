// One binary for the desktop application and the command line: a verb or --help/--version as the
// first argument runs the CLI (no display needed); anything else opens the GUI.
#include "Cli.h"
#include "GuiMain.h"

#include <QCoreApplication>

#include <string>
#include <vector>

int main(int argc, char** argv) {
    if (argc > 1 && terrain::isCliArgument(argv[1])) {
        const std::vector<std::string> args(argv + 1, argv + argc);
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("terrain"));
        QCoreApplication::setApplicationVersion(QStringLiteral(TERRAIN_VERSION));
        return terrain::runCli(args);
    }
    return runGui(argc, argv);
}
