// Dot voting (model/Voting.h): each participant places at most their dots, several on one initiative if
// they like; totals across participants; changing the numbers keeps what still fits; the totals are added
// to the initiatives' votes as one undoable edit, and the "weighted" ranking then counts them.
#include "Catalog.h"
#include "Error.h"
#include "Project.h"
#include "Ranking.h"
#include "Voting.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace terrain;

class TestVoting : public QObject {
    Q_OBJECT
private slots:
    void dotsPerParticipant();
    void resizeKeepsWhatFits();
    void badNumbersAreRefused();
    void recordIsOneUndoableEditAndFeedsTheRanking();
};

void TestVoting::dotsPerParticipant() {
    DotVote v(3, 2);
    QCOMPARE(v.budget(), 6);
    QCOMPARE(v.current(), 0);
    QVERIFY(v.add(10));
    QVERIFY(v.add(10));  // both dots on one initiative
    QVERIFY(!v.add(11)); // none left
    QCOMPARE(v.left(0), 0);
    QCOMPARE(v.mine(0, 10), 2);
    QCOMPARE(v.next(), 1);
    QVERIFY(v.add(11));
    QVERIFY(!v.remove(10)); // participant 2 put none there
    QVERIFY(v.remove(11));
    QVERIFY(v.add(10));
    QVERIFY(v.add(12));
    QCOMPARE(v.total(10), 3);
    QCOMPARE(v.total(12), 1);
    QCOMPARE(v.cast(), 4);
    QCOMPARE(v.totals(), (std::map<Id, int>{{10, 3}, {12, 1}}));
    QCOMPARE(v.next(), 2);
    QCOMPARE(v.next(), 0); // wraps around
    v.clear();
    QVERIFY(v.empty());
    QCOMPARE(v.left(2), 2);
}

void TestVoting::resizeKeepsWhatFits() {
    DotVote v(2, 3);
    v.add(1);
    v.add(2);
    v.add(2);
    v.next();
    v.add(3);
    v.resize(1, 2); // participant 2 goes; participant 1 keeps two of three dots
    QCOMPARE(v.participants(), 1);
    QCOMPARE(v.current(), 0);
    QCOMPARE(v.cast(), 2);
    QCOMPARE(v.total(3), 0);
    QCOMPARE(v.left(0), 0);
    v.resize(4, 5);
    QCOMPARE(v.budget(), 20);
    QCOMPARE(v.cast(), 2);
}

void TestVoting::badNumbersAreRefused() {
    QVERIFY_THROWS_EXCEPTION(Error, DotVote(0, 3));
    QVERIFY_THROWS_EXCEPTION(Error, DotVote(3, 0));
    QVERIFY_THROWS_EXCEPTION(Error, DotVote(201, 3));
    DotVote v(2, 2);
    v.add(7);
    try {
        v.resize(2, 51);
        QFAIL("expected an error");
    } catch (const Error& e) {
        QVERIFY(QString::fromUtf8(e.what()).contains(
            QStringLiteral("votes per participant: expected 1 to 50, found 51")));
    }
    QCOMPARE(v.votesEach(), 2); // unchanged
    QCOMPARE(v.total(7), 1);
}

void TestVoting::recordIsOneUndoableEditAndFeedsTheRanking() {
    QTemporaryDir dir;
    auto project = Project::create(dir.filePath(QStringLiteral("v.terrain")).toStdString());
    Id a = 0, b = 0;
    project->edit(QStringLiteral("setup"), [&] {
        Initiative x;
        x.title = "Observability first";
        x.value = 5;
        x.urgency = 5;
        x.effort = 2;
        a = project->add(x);
        Initiative y;
        y.title = "IAM clean-up";
        y.value = 5;
        y.urgency = 5;
        y.effort = 2;
        y.votes = 1;
        b = project->add(y);
    });
    project->clearHistory();
    RankInput in = rankInput(*project);
    in.settings = RankSettings::fromPreset("weighted");
    QCOMPARE(rank(in).ranked.front().id, b); // one old vote puts b first

    DotVote v(3, 2);
    for (int p = 0; p < 3; ++p) {
        v.add(a);
        v.add(a);
        v.next();
    }
    QCOMPARE(recordVotes(*project, v.totals()), 6);
    QCOMPARE(project->get<Initiative>(a)->votes, 6);
    QCOMPARE(project->get<Initiative>(b)->votes, 1);
    QCOMPARE(project->undoText(), QStringLiteral("Record 6 dot votes"));
    in = rankInput(*project);
    in.settings = RankSettings::fromPreset("weighted");
    QCOMPARE(rank(in).ranked.front().id, a); // the room's votes moved it up
    project->undo();
    QCOMPARE(project->get<Initiative>(a)->votes, 0);
    QVERIFY(!project->canUndo());
    QCOMPARE(recordVotes(*project, {}), 0);           // nothing: no edit
    QCOMPARE(recordVotes(*project, {{99999, 3}}), 0); // a deleted initiative is skipped
    QVERIFY(!project->canUndo());
}

QTEST_GUILESS_MAIN(TestVoting)
#include "tst_voting.moc"
