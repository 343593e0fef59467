// The risk matrix tab: risks in their cells, a chip dragged with the mouse to another cell re-rates the
// risk as one undoable edit (and the map's risk colouring follows), a drop outside the grid changes
// nothing, a crowded cell shows "+N more" and lists every risk beside the grid, Shift+arrow re-rates the
// selected risk; offscreen screenshots.
#include "MapScene.h"
#include "Project.h"
#include "RiskMatrix.h"
#include "RiskMatrixView.h"
#include "TestMaps.h"

#include <QApplication>
#include <QDir>
#include <QListWidget>
#include <QMouseEvent>
#include <QtTest>

using namespace terrain;
using namespace terrain::test;

namespace {

void sendMouse(QWidget* w, QEvent::Type type, QPointF pos, Qt::MouseButtons buttons) {
    QMouseEvent e(type, pos, w->mapToGlobal(pos), Qt::LeftButton, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

/// Drags from `from` to `to` in steps, as a hand would.
void drag(QWidget* w, QPointF from, QPointF to) {
    sendMouse(w, QEvent::MouseButtonPress, from, Qt::LeftButton);
    for (int i = 1; i <= 8; ++i)
        sendMouse(w, QEvent::MouseMove, from + (to - from) * (i / 8.0), Qt::LeftButton);
    sendMouse(w, QEvent::MouseButtonRelease, to, Qt::NoButton);
}

} // namespace

class TestRiskMatrixView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QDir().mkpath(QStringLiteral(TERRAIN_SCREENSHOT_DIR)); }
    void dragReratesOneUndoableEdit();
    void dropOutsideChangesNothing();
    void crowdedCellShowsCountAndList();
    void keyboardRerate();

private:
    QTemporaryDir m_dir;
};

void TestRiskMatrixView::dragReratesOneUndoableEdit() {
    SmallMap map(pathIn(m_dir, "drag.terrain"));
    Project& p = *map.project;
    MapScene scene(p);
    scene.setColorBy(MapScene::ColorBy::Risk);
    const QColor before = scene.node(map.db)->color;

    RiskMatrixPage page(p);
    page.resize(1100, 640);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    RiskMatrixView* m = page.matrix();
    QVERIFY(page.grab().save(QStringLiteral(TERRAIN_SCREENSHOT_DIR "/riskmatrix.png")));

    auto chip = m->chipRect(map.dbRisk);
    QVERIFY(chip);
    QVERIFY(m->cellRect(3, 5).contains(chip->center()));
    QCOMPARE(m->cellAt(chip->center()), std::make_optional(std::make_pair(3, 5)));

    drag(m, chip->center(), m->cellRect(5, 5).center());
    auto r = p.get<Risk>(map.dbRisk);
    QCOMPARE(r->likelihood, 5);
    QCOMPARE(r->impact, 5);
    QVERIFY(p.undoText().startsWith(QStringLiteral("Re-rate ")));
    QVERIFY(m->chipRect(map.dbRisk));
    QVERIFY(m->cellRect(5, 5).contains(m->chipRect(map.dbRisk)->center()));
    // The map: the Orders DB is now critical (25) instead of high (15).
    QTRY_VERIFY(scene.node(map.db)->color != before); // recoloured on the next turn of the event loop
    QCOMPARE(page.cellList()->count(), 1);
    QVERIFY(page.cellList()->item(0)->text().contains(QStringLiteral("Orders DB")));
    QVERIFY(page.grab().save(QStringLiteral(TERRAIN_SCREENSHOT_DIR "/riskmatrix-dragged.png")));

    p.undo(); // one step back to where it was
    QCOMPARE(p.get<Risk>(map.dbRisk)->likelihood, 3);
    QCOMPARE(p.get<Risk>(map.dbRisk)->impact, 5);
    QVERIFY(m->cellRect(3, 5).contains(m->chipRect(map.dbRisk)->center()));
    QTRY_COMPARE(scene.node(map.db)->color, before);
    QVERIFY(!p.canUndo());
}

void TestRiskMatrixView::dropOutsideChangesNothing() {
    SmallMap map(pathIn(m_dir, "outside.terrain"));
    Project& p = *map.project;
    RiskMatrixPage page(p);
    page.resize(1000, 600);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    RiskMatrixView* m = page.matrix();
    auto chip = m->chipRect(map.busRisk);
    QVERIFY(chip);
    drag(m, chip->center(), QPointF(2, m->height() - 2)); // the axis corner, no cell
    QVERIFY(!p.canUndo());
    drag(m, chip->center(), chip->center() + QPointF(1, 1)); // a click, not a drag
    QVERIFY(!p.canUndo());
    QCOMPARE(m->selectedRisk(), map.busRisk);
    drag(m, chip->center(), m->cellRect(3, 3).center() + QPointF(5, 5)); // the same cell
    QVERIFY(!p.canUndo());
}

void TestRiskMatrixView::crowdedCellShowsCountAndList() {
    SmallMap map(pathIn(m_dir, "crowded.terrain"));
    Project& p = *map.project;
    p.edit(QStringLiteral("many risks"), [&] {
        for (int i = 0; i < 12; ++i) {
            Risk r;
            r.title = "Crowded risk " + std::to_string(i + 1);
            r.likelihood = 4;
            r.impact = 4;
            p.add(r);
        }
    });
    RiskMatrixPage page(p);
    page.resize(1000, 600);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    RiskMatrixView* m = page.matrix();
    const int shown = static_cast<int>(m->visibleRisks(4, 4).size());
    QVERIFY(m->hiddenCount(4, 4) > 0);
    QCOMPARE(shown + m->hiddenCount(4, 4), 12);
    QVERIFY(page.grab().save(QStringLiteral(TERRAIN_SCREENSHOT_DIR "/riskmatrix-crowded.png")));

    // Clicking the cell lists all twelve beside the grid.
    const QPointF inCell = m->cellRect(4, 4).bottomRight() - QPointF(3, 3);
    drag(m, inCell, inCell);
    QCOMPARE(m->selectedCell(), std::make_optional(std::make_pair(4, 4)));
    QCOMPARE(page.cellList()->count(), 12);

    // A tiny matrix shows only the count.
    m->setMinimumSize(0, 0);
    page.resize(420, 280);
    m->resize(300, 200);
    QApplication::processEvents();
    QCOMPARE(m->visibleRisks(4, 4).size(), size_t(0));
    QCOMPARE(m->hiddenCount(4, 4), 12);
}

void TestRiskMatrixView::keyboardRerate() {
    SmallMap map(pathIn(m_dir, "keys.terrain"));
    Project& p = *map.project;
    RiskMatrixPage page(p);
    page.resize(1000, 600);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    RiskMatrixView* m = page.matrix();
    m->setSelectedRisk(map.busRisk);
    QTest::keyClick(m, Qt::Key_Up, Qt::ShiftModifier);
    QCOMPARE(p.get<Risk>(map.busRisk)->likelihood, 4);
    QTest::keyClick(m, Qt::Key_Left, Qt::ShiftModifier);
    QCOMPARE(p.get<Risk>(map.busRisk)->impact, 2);
    QTest::keyClick(m, Qt::Key_Up, Qt::ShiftModifier);
    QTest::keyClick(m, Qt::Key_Up, Qt::ShiftModifier); // already 5: stays
    QCOMPARE(p.get<Risk>(map.busRisk)->likelihood, 5);
    p.undo();
    QCOMPARE(p.get<Risk>(map.busRisk)->likelihood, 4);
}

QTEST_MAIN(TestRiskMatrixView)
#include "tst_riskmatrixview.moc"
