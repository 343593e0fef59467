// `terrain check` prints the symptom checklist's verdict: on the demo map (7 of 12 signs observed) the
// text ends its report with "symptoms: 7 of 12 signs present: the company has outgrown its
// infrastructure." and the --json result carries a "symptoms" object with the same count, the present
// signs and the areas they point to; a new map has no sign: no line in the text, 0 in the JSON.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "CliRun.h"

using namespace terrain::test;

class TestCliCheck : public QObject {
    Q_OBJECT
private slots:
    void demoMapIsOutgrown();
    void newMapHasNoSign();
    void helpMentionsTheVerdict();

private:
    QTemporaryDir m_dir;
};

void TestCliCheck::demoMapIsOutgrown() {
    const QString map = m_dir.filePath(QStringLiteral("demo.terrain"));
    QCOMPARE(run({QStringLiteral("demo"), map}).code, 0);
    const Result text = run({QStringLiteral("check"), map});
    QVERIFY2(text.code == 0 || text.code == 1, text.err.constData());
    QVERIFY2(
        text.out.contains("symptoms: 7 of 12 signs present: the company has outgrown its infrastructure.\n"),
        text.out.constData());
    QVERIFY2(text.out.contains(
                 "  [x] Deploys take hours, or need a particular person to run them. -> Release process"),
             text.out.constData());

    const Result j = run({QStringLiteral("check"), map, QStringLiteral("--json")});
    QCOMPARE(j.code, text.code);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(j.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonObject s = doc.object().value(QStringLiteral("symptoms")).toObject();
    QCOMPARE(s.value(QStringLiteral("observed")).toInt(), 7);
    QCOMPARE(s.value(QStringLiteral("total")).toInt(), 12);
    QCOMPARE(s.value(QStringLiteral("outgrown")).toBool(), true);
    QCOMPARE(s.value(QStringLiteral("threshold")).toInt(), 3);
    const QJsonArray present = s.value(QStringLiteral("present")).toArray();
    QCOMPARE(present.size(), 7);
    QCOMPARE(present.first().toObject().value(QStringLiteral("key")).toString(),
             QStringLiteral("slow-deploys"));
    QVERIFY(!s.value(QStringLiteral("areas")).toArray().isEmpty());
}

void TestCliCheck::newMapHasNoSign() {
    const QString map = m_dir.filePath(QStringLiteral("new.terrain"));
    QCOMPARE(run({QStringLiteral("new"), map}).code, 0);
    const Result text = run({QStringLiteral("check"), map});
    QCOMPARE(text.out,
             (map + QStringLiteral(": 0 errors, 0 warnings, 0 infos\n")).toUtf8()); // nothing ticked
    const QJsonObject s =
        QJsonDocument::fromJson(run({QStringLiteral("check"), map, QStringLiteral("--json")}).out)
            .object()
            .value(QStringLiteral("symptoms"))
            .toObject();
    QCOMPARE(s.value(QStringLiteral("outgrown")).toBool(true), false);
    QCOMPARE(s.value(QStringLiteral("present")).toArray().size(), 0);
}

void TestCliCheck::helpMentionsTheVerdict() {
    const Result r = run({QStringLiteral("--help")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains("symptom checklist's verdict"));
}

QTEST_GUILESS_MAIN(TestCliCheck)
#include "tst_clicheck.moc"
