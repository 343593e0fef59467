// One binary for the desktop application and the command line: a verb or --help/--version as the
// first argument runs the CLI (no display needed); anything else opens the GUI.
#include "Cli.h"
#include "GuiMain.h"
#include "ToolCommand.h"

#include <QCoreApplication>
#include <QGuiApplication>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    // (Ctrl-C during an import stops the Terraform and Kustomize runs it has going)
    terrain::stopToolsWhenInterrupted();
    if (argc > 1 && terrain::isCliArgument(argv[1])) {
        const std::vector<std::string> args(argv + 1, argv + argc);
        // A PDF document export (roadmap-pdf, report-pdf) is laid out with fonts, which need a
        // QGuiApplication: on the offscreen platform, as the command line never shows a window and may
        // run without a display.
        const bool pdf =
            args.front() == "export" && std::any_of(args.begin(), args.end(), [](const std::string& a) {
                return a.size() >= 4 && a.compare(a.size() - 4, 4, "-pdf") == 0;
            });
        std::unique_ptr<QCoreApplication> app;
        if (pdf) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
            app = std::make_unique<QGuiApplication>(argc, argv);
        } else {
            app = std::make_unique<QCoreApplication>(argc, argv);
        }
        QCoreApplication::setApplicationName(QStringLiteral("terrain"));
        QCoreApplication::setApplicationVersion(QStringLiteral(TERRAIN_VERSION));
        return terrain::runCli(args);
    }
    return runGui(argc, argv);
}
