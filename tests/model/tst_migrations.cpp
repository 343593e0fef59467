// Strangler migrations (model/Migrations.h): the share now is that of the last stage done, the progress
// text, the checks (shares 0..100 that never go down, stages done in order, dates, the legacy system not
// its own replacement, criteria with a metric and target, decommission after every stage), and saving as
// one undoable edit that refuses a bad track with an error naming the field and changes nothing.
#include "Error.h"
#include "Migrations.h"
#include "Project.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace terrain;

namespace {

bool mentions(const std::vector<std::string>& problems, const std::string& text) {
    for (const auto& p : problems)
        if (p.find(text) != std::string::npos)
            return true;
    return false;
}

} // namespace

class TestMigrations : public QObject {
    Q_OBJECT
private slots:
    void shareAndProgress();
    void problems();
    void saveChecksFirst();
};

void TestMigrations::shareAndProgress() {
    Migration m;
    QCOMPARE(migrationProgress(m), std::string("no stages yet"));
    m.stages = defaultMigrationStages();
    QCOMPARE(m.stages.size(), size_t(3));
    QCOMPARE(m.stages[0].trafficShare, 5);
    QCOMPARE(m.stages[1].trafficShare, 25);
    QCOMPARE(m.stages[2].trafficShare, 100);
    QCOMPARE(currentTrafficShare(m), 0);
    QCOMPARE(nextStageIndex(m), std::make_optional(size_t(0)));
    QCOMPARE(migrationProgress(m), std::string("not started"));
    m.stages[0].done = true;
    QCOMPARE(currentTrafficShare(m), 5);
    QCOMPARE(migrationProgress(m), std::string("5 % (stage 1 of 3: Canary)"));
    m.stages[1].done = true;
    QCOMPARE(currentTrafficShare(m), 25);
    QCOMPARE(nextStageIndex(m), std::make_optional(size_t(2)));
    m.stages[2].done = true;
    QCOMPARE(currentTrafficShare(m), 100);
    QVERIFY(!nextStageIndex(m));
    QCOMPARE(migrationProgress(m), std::string("complete: 100 %"));
    QVERIFY(migrationProblems(m).empty());
}

void TestMigrations::problems() {
    Migration m;
    m.legacy = 4;
    m.replacement = 4;
    m.stages = {{"a", 25, true, "2025-01-10"}, {"b", 5, false, "2025-02-30x"}, {"c", 120, true, ""}};
    m.decommissionDate = "2025-01-01";
    m.criteria = {{"p99 latency", "800", "", "ms"}};
    const auto p = migrationProblems(m);
    QVERIFY(mentions(p, "replacement: expected a system other than the legacy one"));
    QVERIFY(
        mentions(p, "stages/1 (b): expected a traffic share of at least 25 % (the stage before), found 5"));
    QVERIFY(mentions(p, "stages/1 (b): expected a date as YYYY-MM-DD, found \"2025-02-30x\""));
    QVERIFY(mentions(p, "stages/2 (c): expected a traffic share of 0 to 100 %, found 120"));
    QVERIFY(mentions(p, "stages/2 (c): expected the stages before it to be done first"));
    QVERIFY(mentions(
        p, "decommission_date: expected it after every stage, but stage \"a\" is planned for 2025-01-10"));
    QVERIFY(mentions(p, "criteria/0: expected a metric and a target"));
    Migration bad;
    bad.decommissionDate = "soon";
    QVERIFY(
        mentions(migrationProblems(bad), "decommission_date: expected a date as YYYY-MM-DD, found \"soon\""));
}

void TestMigrations::saveChecksFirst() {
    QTemporaryDir dir;
    auto project = Project::create(dir.filePath(QStringLiteral("m.terrain")).toStdString());
    Migration m;
    m.title = "Queue to SQS";
    m.stages = defaultMigrationStages();
    const Id id = saveMigration(*project, m);
    QVERIFY(id > 0);
    QCOMPARE(project->undoText(), QStringLiteral("Add migration Queue to SQS"));
    auto saved = project->get<Migration>(id);
    QCOMPARE(saved->stages, m.stages);
    saved->stages[0].done = true;
    saveMigration(*project, *saved, "Canary done");
    QCOMPARE(project->undoText(), QStringLiteral("Canary done"));
    QCOMPARE(currentTrafficShare(*project->get<Migration>(id)), 5);

    Migration wrong = *project->get<Migration>(id);
    wrong.stages[1].trafficShare = 2;
    try {
        saveMigration(*project, wrong);
        QFAIL("expected an error");
    } catch (const Error& e) {
        const QString what = QString::fromUtf8(e.what());
        QVERIFY2(what.contains(QStringLiteral("migration M-")), qPrintable(what));
        QVERIFY2(what.contains(QStringLiteral("stages/1 (Ramp up): expected a traffic share of at least 5")),
                 qPrintable(what));
    }
    QCOMPARE(project->get<Migration>(id)->stages[1].trafficShare, 25);
    QCOMPARE(project->undoText(), QStringLiteral("Canary done"));
    project->undo();
    QCOMPARE(currentTrafficShare(*project->get<Migration>(id)), 0);
}

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
