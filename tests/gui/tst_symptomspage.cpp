// The Symptoms tab: ticking signs in the checklist is one undoable edit each, the verdict follows (three
// or more: outgrown), the ticked sign becomes evidence on its areas (shown for the selected area), typed
// evidence is saved and ticks the sign; offscreen screenshots.
#include "EntityTableModel.h"
#include "EntityTablePage.h"
#include "Project.h"
#include "Symptoms.h"
#include "SymptomsPage.h"
#include "TestMaps.h"

#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTreeWidget>
#include <QtTest>

using namespace terrain;
using namespace terrain::test;

class TestSymptomsPage : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QDir().mkpath(QStringLiteral(TERRAIN_SCREENSHOT_DIR)); }
    void tickingSignsGivesTheVerdict();
    void evidenceIsSavedAndShownOnTheArea();

private:
    static Id symptomId(Project& p, const std::string& key) {
        for (const auto& s : p.list<Symptom>())
            if (s.key == key)
                return s.id;
        return 0;
    }
    static Id areaId(Project& p, const std::string& key) {
        for (const auto& a : p.list<Area>())
            if (a.key == key)
                return a.id;
        return 0;
    }
    /// Clicks the check box of a checklist row, as a person would.
    static void tick(SymptomsPage& page, Id symptom) {
        QTreeWidgetItem* item = page.itemOf(symptom);
        QVERIFY(item);
        QTreeWidget* tree = page.checklist();
        tree->scrollToItem(item);
        const QRect r = tree->visualItemRect(item);
        // the check box sits at the left of the first column
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, QPoint(r.left() + 12, r.center().y()));
    }
    QTemporaryDir m_dir;
};

void TestSymptomsPage::tickingSignsGivesTheVerdict() {
    SmallMap map(pathIn(m_dir, "ticks.terrain"));
    Project& p = *map.project;
    SymptomsPage page(p);
    page.resize(1400, 760);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QCOMPARE(page.checklist()->topLevelItemCount(), 12);
    QVERIFY(page.verdictLabel()->text().startsWith(QStringLiteral("0 of 12 signs present")));

    tick(page, symptomId(p, "slow-deploys"));
    QCOMPARE(p.get<Symptom>(symptomId(p, "slow-deploys"))->observed, true);
    QVERIFY(p.undoText().startsWith(QStringLiteral("Observe sign: ")));
    tick(page, symptomId(p, "single-expert"));
    QVERIFY(
        page.verdictLabel()->text().startsWith(QStringLiteral("2 of 12 signs present: not yet outgrown")));
    tick(page, symptomId(p, "ssh-config"));
    QTRY_COMPARE(page.verdictLabel()->text(),
                 QStringLiteral("3 of 12 signs present: the company has outgrown its infrastructure."));
    QCOMPARE(page.itemOf(symptomId(p, "ssh-config"))->checkState(0), Qt::Checked);
    QVERIFY(page.grab().save(QStringLiteral(TERRAIN_SCREENSHOT_DIR "/symptoms-outgrown.png")));

    // Unticking (and undo) bring the verdict back.
    tick(page, symptomId(p, "ssh-config"));
    QTRY_VERIFY(page.verdictLabel()->text().startsWith(QStringLiteral("2 of 12")));
    p.undo();
    QTRY_VERIFY(page.verdictLabel()->text().startsWith(QStringLiteral("3 of 12")));
    QCOMPARE(page.itemOf(symptomId(p, "ssh-config"))->checkState(0), Qt::Checked);
}

void TestSymptomsPage::evidenceIsSavedAndShownOnTheArea() {
    SmallMap map(pathIn(m_dir, "evidence.terrain"));
    Project& p = *map.project;
    // Link the database to the DR area so the area lists a system.
    auto dr = p.get<Area>(areaId(p, "dr"));
    dr->systems = {map.db};
    dr->maturityNow = 1;
    dr->maturityTarget = 3;
    p.save(*dr);
    SymptomsPage page(p);
    page.resize(1400, 760);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));

    const Id noDr = symptomId(p, "no-dr");
    page.checklist()->setCurrentItem(page.itemOf(noDr));
    QVERIFY(page.evidenceEdit()->isEnabled());
    page.evidenceEdit()->setFocus();
    QTest::keyClicks(page.evidenceEdit(), QStringLiteral("restore never tried <b>"));
    QTest::keyClick(page.evidenceEdit(), Qt::Key_Return);
    auto s = p.get<Symptom>(noDr);
    QCOMPARE(s->evidence, std::string("restore never tried <b>"));
    QVERIFY(s->observed); // writing evidence ticks it

    page.showArea(areaId(p, "dr"));
    const QString html = page.areaEvidenceLabel()->text();
    QVERIFY2(html.contains(QStringLiteral("1 sign observed")), qPrintable(html));
    QVERIFY2(html.contains(QStringLiteral("restore never tried &lt;b&gt;")), qPrintable(html)); // escaped
    QVERIFY2(html.contains(QStringLiteral("Orders DB")), qPrintable(html));
    QVERIFY2(html.contains(QStringLiteral("1 Ad hoc")), qPrintable(html));
    QVERIFY(page.areasTable()->hasModel());
    QVERIFY(page.grab().save(QStringLiteral(TERRAIN_SCREENSHOT_DIR "/symptoms-evidence.png")));
    page.showArea(areaId(p, "release"));
    QVERIFY(page.areaEvidenceLabel()->text().contains(QStringLiteral("No observed sign points to it.")));
}

QTEST_MAIN(TestSymptomsPage)
#include "tst_symptomspage.moc"
