// The Migrations tab: the editor sets the replacement, the usual 5/25/100 % stages, a stage done (the
// traffic share follows), refuses a share lower than the stage before and a bad date (an error, and the
// map unchanged), each change one undoable edit; the map draws a dashed "replaced by" link with the
// share; the roadmap lists the migration; offscreen screenshots.
#include "MapItems.h"
#include "MapScene.h"
#include "MigrationLinks.h"
#include "Migrations.h"
#include "MigrationsPage.h"
#include "Project.h"
#include "RoadmapPage.h"
#include "SystemPicker.h"
#include "TestMaps.h"

#include <QCheckBox>
#include <QDir>
#include <QGraphicsView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>

using namespace terrain;
using namespace terrain::test;

class TestMigrationsPage : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QDir().mkpath(QStringLiteral(TERRAIN_SCREENSHOT_DIR)); }
    void editorSavesEachChange();
    void mapAndRoadmapShowTheMigration();

private:
    QTemporaryDir m_dir;
};

void TestMigrationsPage::editorSavesEachChange() {
    SmallMap map(pathIn(m_dir, "edit.terrain"));
    Project& p = *map.project;
    MigrationsPage page(p);
    QSignalSpy errors(&page, &MigrationsPage::errorOccurred);
    page.resize(1200, 760);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QCOMPARE(page.list()->count(), 1);
    QCOMPARE(page.currentMigration(), map.migration);
    QVERIFY(page.legacyPicker()->text().contains(QStringLiteral("Queue")));

    // The replacement, typed as a person would.
    page.replacementPicker()->setFocus();
    page.replacementPicker()->setText(QStringLiteral("Cache"));
    QTest::keyClick(page.replacementPicker(), Qt::Key_Return);
    QCOMPARE(p.get<Migration>(map.migration)->replacement, std::make_optional(map.cache));
    QCOMPARE(p.undoText(), QStringLiteral("Set replacement"));

    // The usual stages, one click.
    QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("defaultStages")), Qt::LeftButton);
    QCOMPARE(p.get<Migration>(map.migration)->stages.size(), size_t(3));
    QTRY_COMPARE(page.stagesTable()->rowCount(), 3);
    QCOMPARE(page.stagesTable()->item(1, 1)->text(), QStringLiteral("25"));

    // First stage done: 5 % of the traffic on the replacement.
    page.stagesTable()->item(0, 2)->setCheckState(Qt::Checked);
    QTRY_COMPARE(currentTrafficShare(*p.get<Migration>(map.migration)), 5);
    QTRY_COMPARE(page.findChild<QProgressBar*>(QStringLiteral("trafficShare"))->value(), 5);

    // A share lower than the stage before is refused and the editor shows the map's value again.
    const int editsBefore = errors.count();
    page.stagesTable()->item(1, 1)->setText(QStringLiteral("3"));
    QCOMPARE(errors.count(), editsBefore + 1);
    QVERIFY2(
        errors.last().at(0).toString().contains(QStringLiteral("expected a traffic share of at least 5")),
        qPrintable(errors.last().at(0).toString()));
    QCOMPARE(p.get<Migration>(map.migration)->stages[1].trafficShare, 25);
    QTRY_COMPARE(page.stagesTable()->item(1, 1)->text(), QStringLiteral("25"));

    // A bad date too; a good one is kept.
    page.decommissionEdit()->setFocus();
    page.decommissionEdit()->setText(QStringLiteral("2026-13-01"));
    QTest::keyClick(page.decommissionEdit(), Qt::Key_Return);
    QVERIFY(errors.last().at(0).toString().contains(
        QStringLiteral("decommission_date: expected a date as YYYY-MM-DD")));
    QVERIFY(p.get<Migration>(map.migration)->decommissionDate.empty());
    QTRY_COMPARE(page.decommissionEdit()->text(), QString());
    page.decommissionEdit()->setText(QStringLiteral("2026-06-30"));
    QTest::keyClick(page.decommissionEdit(), Qt::Key_Return);
    QCOMPARE(p.get<Migration>(map.migration)->decommissionDate, std::string("2026-06-30"));

    page.fallbackBox()->setChecked(true);
    QVERIFY(p.get<Migration>(map.migration)->fallbackReady);
    QCOMPARE(p.undoText(), QStringLiteral("Fallback ready"));
    QTRY_VERIFY(page.statusLabel()->text().contains(QStringLiteral("fallback ready")));
    QVERIFY(page.grab().save(QStringLiteral(TERRAIN_SCREENSHOT_DIR "/migrations.png")));

    // Undo walks back one change at a time.
    p.undo();
    QVERIFY(!p.get<Migration>(map.migration)->fallbackReady);
    p.undo();
    QVERIFY(p.get<Migration>(map.migration)->decommissionDate.empty());

    // A new migration comes with the usual stages.
    const Id added = page.addMigration(map.api);
    QVERIFY(added);
    QCOMPARE(p.get<Migration>(added)->stages.size(), size_t(3));
    QCOMPARE(p.get<Migration>(added)->legacy, std::make_optional(map.api));
    QCOMPARE(page.list()->count(), 2);
    page.deleteCurrent();
    QVERIFY(!p.get<Migration>(added));
}

void TestMigrationsPage::mapAndRoadmapShowTheMigration() {
    SmallMap map(pathIn(m_dir, "map.terrain"));
    Project& p = *map.project;
    auto m = p.get<Migration>(map.migration);
    m->replacement = map.cache;
    m->stages = defaultMigrationStages();
    m->stages[0].done = true;
    m->stages[1].done = true;
    saveMigration(p, *m);

    MapScene scene(p);
    MigrationLinksItem* links = nullptr;
    for (QGraphicsItem* item : scene.items())
        if (auto* l = dynamic_cast<MigrationLinksItem*>(item))
            links = l;
    QVERIFY(links);
    QCOMPARE(links->links().size(), size_t(1));
    QCOMPARE(links->links()[0].legacy, map.queue);
    QCOMPARE(links->links()[0].replacement, map.cache);
    QCOMPARE(links->links()[0].label, QStringLiteral("replaced by · 25 %"));
    QCOMPARE(links->visibleCount(), 1);
    QGraphicsView view(&scene);
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QRectF nodes;
    for (const auto& [id, n] : scene.nodes())
        nodes |= n.item->sceneBoundingRect();
    view.fitInView(nodes.adjusted(-40, -40, 40, 40), Qt::KeepAspectRatio);
    QVERIFY(view.grab().save(QStringLiteral(TERRAIN_SCREENSHOT_DIR "/migrations-map.png")));
    // The share follows an edit.
    m = p.get<Migration>(map.migration);
    m->stages[2].done = true;
    saveMigration(p, *m);
    QCOMPARE(links->links()[0].label, QStringLiteral("replaced by · 100 %"));
    p.erase<Migration>(map.migration);
    QCOMPARE(links->links().size(), size_t(0));
    p.undo();
    QCOMPARE(links->links().size(), size_t(1));

    RoadmapPage roadmap(p);
    roadmap.resize(1400, 800);
    roadmap.show();
    QVERIFY(QTest::qWaitForWindowExposed(&roadmap));
    auto* list = roadmap.findChild<QListWidget*>(QStringLiteral("roadmapMigrations"));
    QVERIFY(list);
    QTRY_COMPARE(list->count(), 1);
    QVERIFY2(list->item(0)->text().contains(QStringLiteral("Queue → Cache")),
             qPrintable(list->item(0)->text()));
    QVERIFY2(list->item(0)->text().contains(QStringLiteral("complete: 100 %")),
             qPrintable(list->item(0)->text()));
}

QTEST_MAIN(TestMigrationsPage)
#include "tst_migrationspage.moc"
