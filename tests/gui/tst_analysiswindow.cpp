// The analysis wired into the main window: Analysis ▸ Blast Radius of Selected System shows the dock
// with the count and the list and lights the systems up on the map; a finding selects its system in
// the inspector; Analysis ▸ Environment Parity opens the dialog on the open map. Screenshots.
#include "AnalysisPanel.h"
#include "MainWindow.h"
#include "MapView.h"
#include "MapWorkspace.h"
#include "ParityDialog.h"
#include "SystemInspector.h"
#include "TestMaps.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTreeView>
#include <QtTest>

using namespace terrain;
using namespace terrain::test;

namespace {

QAction* action(QWidget& w, const QString& text) {
    for (QAction* a : w.findChildren<QAction*>())
        if (a->text() == text)
            return a;
    return nullptr;
}

void screenshot(QWidget& w, const char* name) {
    QCoreApplication::processEvents();
    QDir().mkpath(QStringLiteral(TERRAIN_SCREENSHOT_DIR));
    const QString file = QStringLiteral(TERRAIN_SCREENSHOT_DIR "/%1.png").arg(QString::fromLatin1(name));
    if (!w.grab().save(file))
        qWarning("could not save %s", qPrintable(file));
}

} // namespace

class TestAnalysisWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        qputenv("TERRAIN_LAYOUT_PROGRAM", TERRAIN_LAYOUT_BIN);
        QCoreApplication::setOrganizationName(QStringLiteral("terrain-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_analysiswindow"));
        QSettings().clear();
    }

    void blastRadiusFromTheMenu() {
        QTemporaryDir dir;
        MainWindow w;
        w.resize(1600, 1000);
        w.show();
        QVERIFY(w.createDemo(dir.filePath(QStringLiteral("demo.terrain"))));
        MapView* map = w.workspace()->mapView();
        QVERIFY(map);
        if (map->isLayoutRunning())
            QVERIFY(QSignalSpy(map, &MapView::layoutEnded).wait(60000));
        w.workspace()->setCurrentWidget(map);

        auto* dock = w.findChild<QDockWidget*>(QStringLiteral("analysisDock"));
        auto* panel = w.findChild<AnalysisPanel*>();
        QVERIFY(dock && panel);
        QVERIFY(!dock->isVisible());
        QAction* blast = action(w, QStringLiteral("&Blast Radius of Selected System"));
        QAction* parity = action(w, QStringLiteral("Environment &Parity…"));
        QVERIFY(blast && parity);
        QVERIFY(blast->isEnabled());

        const Id db = w.project()->systemByKey("tf:module.db.aws_db_instance.main")->id;
        QVERIFY(map->selectSystem(db));
        QTRY_COMPARE(w.inspector()->systemId(), db);
        QSignalSpy updated(panel, &AnalysisPanel::analysisUpdated);
        blast->trigger();
        QVERIFY(dock->isVisible());
        if (panel->model()->sectionRow(QStringLiteral("blast")) < 0)
            QVERIFY(updated.wait(20000));
        QCOMPARE(panel->model()->sectionRow(QStringLiteral("blast")), 0);
        QVERIFY(panel->model()->index(0, 0).data().toString().startsWith(
            QStringLiteral("Blast radius of Postgres primary (acme-prod-main): 12 systems")));
        map->fitAll();
        QTest::qWait(100);
        screenshot(w, "analysis-blast-radius-on-map");

        // A finding selects its system (on the map, which is shown) and the inspector follows.
        const int hand = panel->model()->sectionRow(QStringLiteral("hand"));
        const QModelIndex first = panel->model()->index(0, 0, panel->model()->index(hand, 0));
        const Id id = first.data(AnalysisModel::SystemIdRole).value<qint64>();
        panel->view()->setCurrentIndex(first);
        QCOMPARE(w.inspector()->systemId(), id);
        QCOMPARE(map->currentSystem(), id);

        parity->trigger();
        auto* dialog = w.findChild<ParityDialog*>();
        QVERIFY(dialog && dialog->isVisible());
        QCOMPARE(dialog->environmentA()->currentText(), QStringLiteral("production"));
        // Opening another map closes the dialog of the old one and analyses the new one.
        QVERIFY(w.createDemo(dir.filePath(QStringLiteral("demo2.terrain"))));
        QVERIFY(!w.findChild<ParityDialog*>());
        QCOMPARE(panel->project(), w.project());
    }
};

QTEST_MAIN(TestAnalysisWindow)
#include "tst_analysiswindow.moc"
