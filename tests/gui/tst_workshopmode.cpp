// Workshop mode: one area at a time in large type, arrows move between areas, the countdown starts,
// pauses and resets from the keyboard, digits and +/- place dots for one participant after another,
// S records them as one undoable edit into the initiatives' votes (closing records what is left);
// offscreen screenshots at projector size.
#include "Project.h"
#include "TestMaps.h"
#include "WorkshopMode.h"

#include <QDir>
#include <QLabel>
#include <QtTest>

using namespace terrain;
using namespace terrain::test;

class TestWorkshopMode : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QDir().mkpath(QStringLiteral(TERRAIN_SCREENSHOT_DIR)); }
    void presentsOneAreaAtATime();
    void timerFromTheKeyboard();
    void dotVotingFromTheKeyboard();

private:
    /// A map whose DR area holds the two initiatives of the small map.
    static Id prepare(SmallMap& map) {
        Project& p = *map.project;
        Id dr = 0;
        for (const auto& a : p.list<Area>())
            if (a.key == "dr")
                dr = a.id;
        p.edit(QStringLiteral("areas"), [&] {
            for (Id id : {map.backupInitiative, map.ciInitiative}) {
                auto i = p.get<Initiative>(id);
                i->area = dr;
                p.save(*i);
            }
            auto a = p.get<Area>(dr);
            a->maturityNow = 1;
            a->maturityTarget = 4;
            a->owner = "platform";
            p.save(*a);
            for (const auto& s : p.list<Symptom>())
                if (s.key == "no-dr") {
                    Symptom t = s;
                    t.observed = true;
                    p.save(t);
                }
        });
        p.clearHistory();
        return dr;
    }
    QTemporaryDir m_dir;
};

void TestWorkshopMode::presentsOneAreaAtATime() {
    SmallMap map(pathIn(m_dir, "areas.terrain"));
    prepare(map);
    WorkshopMode w(*map.project);
    w.resize(1280, 720); // a projector
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QCOMPARE(w.areaCount(), 10);
    QCOMPARE(w.titleLabel()->text(), QStringLiteral("Release process"));
    QVERIFY(w.titleLabel()->font().pixelSize() >= 50); // readable from the back of the room
    QTest::keyClick(&w, Qt::Key_Right);
    QTest::keyClick(&w, Qt::Key_Right);
    QCOMPARE(w.areaIndex(), 2);
    QCOMPARE(w.titleLabel()->text(), QStringLiteral("Disaster recovery"));
    QCOMPARE(w.initiatives().size(), size_t(2));
    QVERIFY(w.initiativesLabel()->text().contains(QStringLiteral("Restore the DB backup monthly")));
    QVERIFY(w.findChild<QLabel*>(QStringLiteral("workshopSigns"))
                ->text()
                .contains(QStringLiteral("backups have never been restored")));
    QVERIFY(w.findChild<QLabel*>(QStringLiteral("workshopMaturity"))
                ->text()
                .contains(QStringLiteral("1 Ad hoc")));
    QCoreApplication::processEvents(); // the layout follows the new area
    QVERIFY(w.grab().save(QStringLiteral(TERRAIN_SCREENSHOT_DIR "/workshop.png")));
    QTest::keyClick(&w, Qt::Key_End);
    QCOMPARE(w.areaIndex(), 9);
    QTest::keyClick(&w, Qt::Key_Right); // stays on the last
    QCOMPARE(w.areaIndex(), 9);
    QTest::keyClick(&w, Qt::Key_Home);
    QCOMPARE(w.areaIndex(), 0);
    QCOMPARE(w.initiatives().size(), size_t(0));
    QVERIFY(w.initiativesLabel()->text().contains(QStringLiteral("No open initiatives")));
}

void TestWorkshopMode::timerFromTheKeyboard() {
    SmallMap map(pathIn(m_dir, "timer.terrain"));
    WorkshopMode w(*map.project);
    w.resize(1024, 768);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QCOMPARE(w.timerMinutes(), 10);
    QCOMPARE(w.secondsLeft(), 600);
    QVERIFY(w.timerLabel()->text().contains(QStringLiteral("10:00")));
    QTest::keyClicks(&w, QStringLiteral("[[[")); // 7 minutes
    QCOMPARE(w.timerMinutes(), 7);
    QVERIFY(w.timerLabel()->text().contains(QStringLiteral("07:00")));
    QTest::keyClick(&w, Qt::Key_Space);
    QVERIFY(w.timerRunning());
    QTRY_VERIFY_WITH_TIMEOUT(w.secondsLeft() <= 419, 3000);
    QTRY_VERIFY_WITH_TIMEOUT(w.timerLabel()->text().contains(QStringLiteral("06:5")), 3000);
    QTest::keyClick(&w, Qt::Key_Space);
    QVERIFY(!w.timerRunning());
    const int paused = w.secondsLeft();
    QTest::qWait(1200);
    QCOMPARE(w.secondsLeft(), paused); // paused means paused
    QTest::keyClick(&w, Qt::Key_R);
    QCOMPARE(w.secondsLeft(), 420);
}

void TestWorkshopMode::dotVotingFromTheKeyboard() {
    SmallMap map(pathIn(m_dir, "votes.terrain"));
    Project& p = *map.project;
    const Id dr = prepare(map);
    auto w = std::make_unique<WorkshopMode>(p);
    w->resize(1280, 720);
    w->show();
    QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    w->setAreaIndex(2);
    QCOMPARE(w->currentArea(), dr);
    // Two participants with two dots each.
    for (int i = 0; i < 4; ++i)
        QTest::keyClick(w.get(), Qt::Key_P, Qt::ShiftModifier);
    QTest::keyClick(w.get(), Qt::Key_V, Qt::ShiftModifier);
    QCOMPARE(w->vote().participants(), 2);
    QCOMPARE(w->vote().votesEach(), 2);
    const Id first = w->initiatives()[0].id, second = w->initiatives()[1].id;

    QTest::keyClicks(w.get(), QStringLiteral("11")); // participant 1: both dots on initiative 1
    QCOMPARE(w->vote().current(), 1);                // then participant 2 by itself
    QTest::keyClicks(w.get(), QStringLiteral("2"));
    QTest::keyClick(w.get(), Qt::Key_Plus); // + on the selected one (2)
    QTest::keyClick(w.get(), Qt::Key_Minus);
    QCOMPARE(w->vote().total(second), 1);
    QTest::keyClick(w.get(), Qt::Key_Up); // select initiative 1
    QTest::keyClick(w.get(), Qt::Key_Plus);
    QCOMPARE(w->vote().total(first), 3);
    QCOMPARE(w->vote().cast(), 4);
    QCOMPARE(w->pendingVotes(), 4);
    QVERIFY(w->votingLabel()->text().contains(QStringLiteral("4 not recorded")));
    QVERIFY(w->initiativesLabel()->text().contains(QString(3, QChar(0x25CF))));
    QCoreApplication::processEvents();
    QVERIFY(w->grab().save(QStringLiteral(TERRAIN_SCREENSHOT_DIR "/workshop-voting.png")));
    QVERIFY(!p.canUndo()); // nothing written yet

    QTest::keyClick(w.get(), Qt::Key_S);
    QCOMPARE(p.get<Initiative>(first)->votes, 3);
    QCOMPARE(p.get<Initiative>(second)->votes, 1);
    QCOMPARE(p.undoText(), QStringLiteral("Record 4 dot votes"));
    QCOMPARE(w->pendingVotes(), 0);
    QVERIFY(w->initiativesLabel()->text().contains(QStringLiteral("3 votes")));

    // Dots placed and the workshop left with Esc: recorded on the way out.
    QTest::keyClick(w.get(), Qt::Key_Tab);
    QTest::keyClicks(w.get(), QStringLiteral("2"));
    QCOMPARE(w->pendingVotes(), 1);
    QTest::keyClick(w.get(), Qt::Key_Escape);
    QCOMPARE(p.get<Initiative>(second)->votes, 2);
    p.undo();
    QCOMPARE(p.get<Initiative>(second)->votes, 1);
    p.undo();
    QCOMPARE(p.get<Initiative>(first)->votes, 0);
}

QTEST_MAIN(TestWorkshopMode)
#include "tst_workshopmode.moc"
