// The Roadmap tab: the model under QAbstractItemModelTester, the demo map ranked in the table and on the
// board, a what-if on a weight that shows the moves before Apply (and nothing saved until then), Apply
// as one undoable edit, the prerequisite checklist, and an offscreen screenshot.
#include "Catalog.h"
#include "Project.h"
#include "Ranking.h"
#include "RoadmapModel.h"
#include "RoadmapPage.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace terrain;

class TestRoadmap : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void modelPassesTheTester();
    void pageShowsTheDemoRanking();
    void whatIfShowsMovesBeforeApply();
    void prerequisiteChecklistEditsTheMap();

private:
    Id idOf(const std::string& key) const {
        for (const auto& i : m_project->list<Initiative>())
            if (i.key == key)
                return i.id;
        return 0;
    }
    QTemporaryDir m_dir;
    std::unique_ptr<Project> m_project;
};

void TestRoadmap::init() {
    QFile::remove(m_dir.filePath(QStringLiteral("demo.terrain")));
    m_project = Project::create(m_dir.filePath(QStringLiteral("demo.terrain")).toStdString());
    seedCatalog(*m_project);
    populateDemo(*m_project);
}

void TestRoadmap::cleanup() {
    m_project.reset();
    for (const char* suffix : {"", "-wal", "-shm"})
        QFile::remove(m_dir.filePath(QStringLiteral("demo.terrain")) + QLatin1String(suffix));
}

void TestRoadmap::modelPassesTheTester() {
    RoadmapModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const RankResult saved = rank(rankInput(*m_project));
    model.setResult(saved);
    QCOMPARE(model.rowCount(), 15);
    QCOMPARE(model.columnCount(), int(RoadmapModel::ColumnCount));
    QCOMPARE(model.index(0, RoadmapModel::Key).data().toString(), QStringLiteral("I-8"));
    QCOMPARE(model.index(0, RoadmapModel::Rank).data().toInt(), 1);
    QVERIFY(
        model.index(0, RoadmapModel::Reason).data().toString().startsWith(QStringLiteral("score 12.5 = ")));
    QVERIFY(model.index(0, RoadmapModel::Key)
                .data(Qt::ToolTipRole)
                .toString()
                .startsWith(QStringLiteral("#1 I-8")));
    // A what-if result with moves, then an empty one.
    RankInput in = rankInput(*m_project);
    in.settings.weights.urgency = 5;
    const RankResult tried = rank(in);
    const auto moves = compareRankings(saved, tried);
    QVERIFY(!moves.empty());
    model.setResult(tried, moves);
    const int row = model.rowOf(moves.front().id);
    QVERIFY(row >= 0);
    QVERIFY(!model.index(row, RoadmapModel::Move).data().toString().isEmpty());
    model.setResult(RankResult{});
    QCOMPARE(model.rowCount(), 0);
}

void TestRoadmap::pageShowsTheDemoRanking() {
    RoadmapPage page(*m_project);
    page.resize(1500, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QCOMPARE(page.model()->rowCount(), 15);
    QVERIFY(!page.whatIfOpen());
    // The board holds every ranked initiative in its phase; prerequisites are on the cards.
    int cards = 0;
    for (int p = 0; p < 4; ++p)
        cards += page.board(p)->count();
    QCOMPARE(cards, 15);
    QVERIFY(page.board(0)->item(0)->text().startsWith(QStringLiteral("#1 I-8")));
    bool sawNeeds = false;
    for (int p = 0; p < 3; ++p)
        for (int i = 0; i < page.board(p)->count(); ++i)
            sawNeeds = sawNeeds || page.board(p)->item(i)->text().contains(QStringLiteral("needs I-1"));
    QVERIFY(sawNeeds);
    QVERIFY(page.selectInitiative(idOf("I-2")));
    QVERIFY(page.findChild<QLabel*>(QStringLiteral("reason"))->text().contains(QStringLiteral("after #")));
    QDir().mkpath(QStringLiteral(TERRAIN_SCREENSHOT_DIR));
    QVERIFY(page.grab().save(QStringLiteral(TERRAIN_SCREENSHOT_DIR "/roadmap.png")));
}

void TestRoadmap::whatIfShowsMovesBeforeApply() {
    RoadmapPage page(*m_project);
    page.resize(1500, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    const QString firstBefore = page.model()->index(1, RoadmapModel::Key).data().toString();
    // Urgency counts five times: ranks move, shown in the table, nothing saved yet.
    auto* urgency = page.findChild<QDoubleSpinBox*>(QStringLiteral("weightUrgency"));
    QVERIFY(urgency);
    urgency->setValue(5);
    QVERIFY(page.whatIfOpen());
    QVERIFY(!page.moves().empty());
    QVERIFY(
        page.findChild<QLabel*>(QStringLiteral("whatIf"))->text().startsWith(QStringLiteral("What-if: ")));
    int marked = 0;
    for (int r = 0; r < page.model()->rowCount(); ++r)
        marked += !page.model()->index(r, RoadmapModel::Move).data().toString().isEmpty();
    QCOMPARE(marked, int(page.moves().size()));
    QCOMPARE(loadRankSettings(*m_project), RankSettings{});
    QVERIFY(!m_project->canUndo());
    QDir().mkpath(QStringLiteral(TERRAIN_SCREENSHOT_DIR));
    QVERIFY(page.grab().save(QStringLiteral(TERRAIN_SCREENSHOT_DIR "/roadmap-what-if.png")));

    // Revert drops it; trying again and applying saves it as one undoable edit.
    page.findChild<QPushButton*>(QStringLiteral("revert"))->click();
    QVERIFY(!page.whatIfOpen());
    QCOMPARE(page.model()->index(1, RoadmapModel::Key).data().toString(), firstBefore);
    urgency->setValue(5);
    page.findChild<QPushButton*>(QStringLiteral("apply"))->click();
    QVERIFY(!page.whatIfOpen());
    QCOMPARE(loadRankSettings(*m_project).weights.urgency, 5.0);
    QCOMPARE(m_project->undoText(), QStringLiteral("Change ranking settings"));
    QVERIFY(page.moves().empty());
    m_project->undo();
    QTRY_COMPARE(urgency->value(), 1.0);
    QCOMPARE(page.model()->index(1, RoadmapModel::Key).data().toString(), firstBefore);

    // A preset replaces the formula.
    page.setDraft(RankSettings::fromPreset("rice"));
    QVERIFY(page.whatIfOpen());
    QVERIFY(page.findChild<QDoubleSpinBox*>(QStringLiteral("weightUrgency"))->value() == 0.0);
}

void TestRoadmap::prerequisiteChecklistEditsTheMap() {
    RoadmapPage page(*m_project);
    page.resize(1500, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    const Id cost = idOf("I-12"), runbooks = idOf("I-13");
    QVERIFY(page.selectInitiative(cost));
    QListWidget* list = page.prerequisiteList();
    QCOMPARE(list->count(), 14);
    QListWidgetItem* item = nullptr;
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->data(Qt::UserRole).toLongLong() == runbooks)
            item = list->item(i);
    QVERIFY(item);
    QCOMPARE(item->checkState(), Qt::Unchecked);
    item->setCheckState(Qt::Checked); // one click, no dialog
    QCOMPARE(m_project->get<Initiative>(cost)->prerequisites, std::vector<Id>{runbooks});
    QCOMPARE(m_project->undoText(), QStringLiteral("Make I-13 a prerequisite of I-12"));
    QCOMPARE(page.currentInitiative(), cost);
    const RankedInitiative* r = page.model()->result().find(cost);
    const auto pre = page.model()->result().prerequisitesOf(*r);
    QCOMPARE(std::vector<Id>(pre.begin(), pre.end()), std::vector<Id>{runbooks});
    QVERIFY(page.model()->result().find(runbooks)->rank < r->rank);
    m_project->undo();
    QTRY_VERIFY(page.model()->result().prerequisitesOf(*page.model()->result().find(cost)).empty());
}

QTEST_MAIN(TestRoadmap)
#include "tst_roadmap.moc"
