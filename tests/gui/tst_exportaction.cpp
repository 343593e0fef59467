// File ▸ Export… in the main window: disabled without a map, opens the export dialog on the open map
// (its preview shows that map's roadmap), with a screenshot of the dialog over the window.
#include "ExportDialog.h"
#include "MainWindow.h"
#include "TestMaps.h"

#include <QAction>
#include <QDeadlineTimer>
#include <QDir>
#include <QTextBrowser>
#include <QTimer>
#include <QtTest>

using namespace terrain;

class TestExportAction : public QObject {
    Q_OBJECT
private slots:
    void opensTheDialogOnTheMap() {
        QCoreApplication::setOrganizationName(QStringLiteral("TerrainTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_exportaction"));
        QTemporaryDir dir;
        const std::string path = test::pathIn(dir, "shop.terrain");
        {
            auto project = Project::create(path);
            seedCatalog(*project);
            populateDemo(*project);
        }
        MainWindow w;
        auto* action = w.findChild<QAction*>(QStringLiteral("exportAction"));
        QVERIFY(action);
        QVERIFY(!action->isEnabled()); // no map yet
        QVERIFY(w.openFile(QString::fromStdString(path)));
        QVERIFY(action->isEnabled());
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));

        // Checked from inside the modal dialog's event loop; the dialog is always closed, so a failure
        // never leaves the test waiting.
        bool seen = false;
        QTimer::singleShot(0, this, [&] {
            ExportDialog* dialog = nullptr;
            for (QWidget* top : QApplication::topLevelWidgets())
                if (auto* d = qobject_cast<ExportDialog*>(top); d && d->isVisible())
                    dialog = d;
            if (!dialog)
                return;
            QDeadlineTimer deadline(60000);
            while (!deadline.hasExpired() &&
                   (dialog->isBusy() ||
                    !dialog->previewBrowser()->toPlainText().contains(QStringLiteral("Roadmap: shop"))))
                QTest::qWait(50);
            QDir().mkpath(QStringLiteral(TERRAIN_SCREENSHOT_DIR));
            seen = dialog->previewBrowser()->toPlainText().contains(QStringLiteral("Roadmap: shop")) &&
                   dialog->grab().save(QDir(QStringLiteral(TERRAIN_SCREENSHOT_DIR))
                                           .filePath(QStringLiteral("exportaction-dialog.png")));
            dialog->reject();
        });
        action->trigger(); // modal: returns when the dialog is closed
        QVERIFY(seen);
    }
};

QTEST_MAIN(TestExportAction)
#include "tst_exportaction.moc"
