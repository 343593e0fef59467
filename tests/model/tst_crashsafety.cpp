// Crash safety of the .terrain file: a child process applies a long stream of edits (some of them an
// import's bulk commit, on the rollback journal) and is killed with SIGKILL at random moments. After every
// kill the file must pass PRAGMA integrity_check and hold exactly the edits that had returned (plus, at most,
// the one in flight, whole or not at all).
#include "CrashOps.h"
#include "Database.h"
#include "Project.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace terrain;

class TestCrashSafety : public QObject {
    Q_OBJECT
private slots:
    void killedChildLosesNothingThatReturned();
};

void TestCrashSafety::killedChildLosesNothingThatReturned() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath(QStringLiteral("crash.terrain")).toStdString();
    Project::create(path);

    QRandomGenerator rng(20261124); // fixed seed: the same kill moments on every run
    crashops::State state;
    long next = 1;
    long acknowledgedTotal = 0;
    int inFlightKept = 0;
    int killedInBulk = 0; // kills while a bulk step was in flight
    const int rounds = 25;
    for (int round = 0; round < rounds; ++round) {
        QProcess child;
        child.start(QStringLiteral(CRASH_CHILD), {QString::fromStdString(path), QString::number(next)});
        QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));
        // Let it run a random while, then kill it without warning.
        const int ms = 20 + static_cast<int>(rng.bounded(380));
        QThread::msleep(static_cast<unsigned long>(ms));
        child.kill(); // SIGKILL
        QVERIFY(child.waitForFinished(10000));
        const QByteArray err = child.readAllStandardError();
        QVERIFY2(err.isEmpty(), err.constData());

        // The last complete line is the last edit that returned; a partial line was never acknowledged.
        long acked = next - 1;
        const QByteArray out = child.readAllStandardOutput();
        if (const auto cut = out.lastIndexOf('\n'); cut >= 0) {
            const QByteArray complete = out.left(cut);
            bool ok = false;
            const long n = complete.mid(complete.lastIndexOf('\n') + 1).toLong(&ok);
            QVERIFY(ok);
            acked = n;
        }
        acknowledgedTotal += acked - (next - 1);
        if (crashops::isBulk(acked + 1))
            ++killedInBulk;

        // Opening rolls back the rollback journal of a bulk step cut short (a read-only look could not).
        auto project = Project::open(path);
        {
            auto check = project->database().prepareUncached("PRAGMA integrity_check");
            QVERIFY(check->step());
            QCOMPARE(QString::fromStdString(check->text(0)), QStringLiteral("ok"));
        }
        const crashops::State actual = crashops::read(*project);

        crashops::State expected = state;
        for (long i = next; i <= acked; ++i)
            crashops::simulate(expected, i);
        crashops::State withInFlight = expected;
        crashops::simulate(withInFlight, acked + 1);

        if (actual == withInFlight) {
            ++inFlightKept;
            next = acked + 2;
        } else {
            QVERIFY2(actual == expected,
                     qPrintable(QStringLiteral("round %1: map differs from the %2 acknowledged edits")
                                    .arg(round)
                                    .arg(acked)));
            next = acked + 1;
        }
        state = actual;
    }
    qInfo("%ld edits acknowledged over %d kills; %d in-flight edits had committed; %d kills during a bulk "
          "step",
          acknowledgedTotal, rounds, inFlightKept, killedInBulk);
    QVERIFY2(acknowledgedTotal > 100, "the child made too few edits for the test to mean anything");
    QVERIFY2(killedInBulk > 0, "no kill fell in a bulk step");
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
