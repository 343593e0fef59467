// The main window on the demo map: View ▸ Risk Matrix (Ctrl+Shift+M), Symptoms Checklist (Ctrl+Shift+K),
// Strangler Tracks (Ctrl+Shift+T) show their tabs, Workshop Mode (F5) opens the presenter window; a
// screenshot of each for a person to look at.
#include "MainWindow.h"
#include "MapView.h"
#include "MapWorkspace.h"
#include "MigrationLinks.h"
#include "MigrationsPage.h"
#include "RiskMatrixView.h"
#include "SymptomsPage.h"
#include "TestMaps.h"
#include "WorkshopMode.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QGraphicsItem>
#include <QPointer>
#include <QSettings>
#include <QStandardPaths>
#include <QtTest>

using namespace terrain;
using namespace terrain::test;

class TestAssessmentWiring : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("TerrainTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_assessmentwiring"));
        QSettings().clear();
        QDir().mkpath(QStringLiteral(TERRAIN_SCREENSHOT_DIR));
    }
    void shortcutsShowThePages();

private:
    QTemporaryDir m_dir;
};

void TestAssessmentWiring::shortcutsShowThePages() {
    const QString path = m_dir.filePath(QStringLiteral("demo.terrain"));
    {
        auto p = Project::create(path.toStdString());
        seedCatalog(*p);
        populateDemo(*p);
    }
    MainWindow w;
    w.resize(1600, 950);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openFile(path));
    MapWorkspace* ws = w.workspace();
    QVERIFY(ws);
    auto action = [&](const QKeySequence& keys) -> QAction* {
        for (QAction* a : w.findChildren<QAction*>())
            if (a->shortcut() == keys)
                return a;
        return nullptr;
    };
    struct Case {
        QKeySequence keys;
        QWidget* page;
        const char* shot;
    };
    const Case cases[] = {
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M), ws->riskMatrixPage(), "wiring-riskmatrix"},
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K), ws->symptomsPage(), "wiring-checklist"},
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T), ws->migrationsPage(), "wiring-migrations"},
    };
    for (const auto& c : cases) {
        QAction* a = action(c.keys);
        QVERIFY2(a, qPrintable(c.keys.toString()));
        QVERIFY(a->isEnabled());
        a->trigger();
        QCOMPARE(ws->currentWidget(), c.page);
        QCoreApplication::processEvents();
        QVERIFY(w.grab().save(QStringLiteral(TERRAIN_SCREENSHOT_DIR "/%1.png").arg(QLatin1String(c.shot))));
    }
    // The map shows the demo's strangler migration (M-1: the monolith's billing module replaced by the
    // billing service, 25 % of the traffic moved) as a dashed link.
    ws->setCurrentWidget(ws->mapView());
    MigrationLinksItem* links = nullptr;
    for (QGraphicsItem* item : ws->mapView()->scene()->items())
        if (auto* l = dynamic_cast<MigrationLinksItem*>(item))
            links = l;
    QVERIFY(links);
    QCOMPARE(links->links().size(), size_t(1)); // M-2 has no replacement yet
    QCOMPARE(links->links()[0].label, QStringLiteral("replaced by · 25 %"));
    QTRY_COMPARE(links->visibleCount(), 1);
    ws->mapView()->fitAll();
    QCoreApplication::processEvents();
    QVERIFY(w.grab().save(QStringLiteral(TERRAIN_SCREENSHOT_DIR "/wiring-map.png")));

    QAction* workshop = action(QKeySequence(Qt::Key_F5));
    QVERIFY(workshop);
    workshop->trigger();
    WorkshopMode* shown = nullptr;
    for (QWidget* top : QApplication::topLevelWidgets())
        if (auto* wm = qobject_cast<WorkshopMode*>(top); wm && wm->isVisible())
            shown = wm;
    QVERIFY(shown);
    QVERIFY(shown->isFullScreen() || shown->windowState() & Qt::WindowFullScreen);
    QCOMPARE(shown->areaCount(), int(w.project()->count(EntityKind::Area)));
    shown->resize(1280, 720);
    QVERIFY(shown->grab().save(QStringLiteral(TERRAIN_SCREENSHOT_DIR "/wiring-workshop.png")));
    QPointer<WorkshopMode> guard(shown);
    QTest::keyClick(shown, Qt::Key_Escape);
    QTRY_VERIFY(guard.isNull() || !guard->isVisible());
}

QTEST_MAIN(TestAssessmentWiring)
#include "tst_assessmentwiring.moc"
