// The command line as scripts use it: the built binary (TERRAIN_BINARY) run with QProcess. Every
// verb, exit codes 0/1/2, stdout and stderr, byte-identical export → import → export, and broken
// inputs that fail clearly without touching the map.
#include "Database.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include "CliRun.h"

#include <csignal>

using namespace terrain::test;

namespace {

QByteArray fileHash(const QString& path) {
    return QCryptographicHash::hash(readAll(path), QCryptographicHash::Sha256).toHex();
}

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void version();
    void help();
    void usageErrors_data();
    void usageErrors();
    void newCreatesAnEmptyMapAndRefusesToOverwrite();
    void demoAndCheck();
    void exportToStdoutFileAndFolder();
    void roundTripThroughTheCommandLine();
    void importJsonReport();
    void importSkipsFolderEntriesAndRefusesNamedUnknownFiles();
    void brokenSourcesChangeNothing_data();
    void brokenSourcesChangeNothing();
    void brokenMapFilesAreRefused_data();
    void brokenMapFilesAreRefused();
    void checkFailsOnErrorFindings();
    void checkReportsTheAnalysis();
    void exportGraphs();
    void rankTheDemo();
    void rankReportsCyclesAndRanksTheRest();
    void exportToUnwritablePlace();
    void importEveryFormatAndReimport();
    void brokenInfrastructureFilesChangeNothing_data();
    void brokenInfrastructureFilesChangeNothing();
    void csvMapping();
    void aRepositorysOtherFilesAreCounted();
    void dryRunListsWhatWouldChange();
    void unreadableFilesAreNamedTogetherOrLeftOut();
    void interruptedImportStopsItsTools();

private:
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
    QString m_demo;     ///< a demo map made once
    QString m_demoJson; ///< its export
};

void TestCli::importEveryFormatAndReimport() {
    // The shared fixtures, one folder per format, all at once: one graph.
    const QString map = path(QStringLiteral("fixtures.terrain"));
    EXPECT_RUN(run({QStringLiteral("new"), map}), 0);
    const QString f = QStringLiteral(TERRAIN_FIXTURES_DIR);
    const QStringList sources = {f + QStringLiteral("/generated"), f + QStringLiteral("/kubernetes"),
                                 f + QStringLiteral("/compose"),   f + QStringLiteral("/cloudformation"),
                                 f + QStringLiteral("/backstage"), f + QStringLiteral("/aws-cli"),
                                 f + QStringLiteral("/csv"),       f + QStringLiteral("/prometheus")};
    auto r =
        run(QStringList{QStringLiteral("import"), map} + sources +
            QStringList{QStringLiteral("--json"), QStringLiteral("--env"), QStringLiteral("production")});
    EXPECT_RUN(r, 0);
    auto report = QJsonDocument::fromJson(r.out).object();
    const int added = report.value(QStringLiteral("added")).toInt();
    QVERIFY2(added >= 90, r.out.constData());
    QVERIFY(report.value(QStringLiteral("dependencies")).toObject().value(QStringLiteral("added")).toInt() >
            50);
    QSet<QString> formats;
    for (const auto& file : report.value(QStringLiteral("files")).toArray())
        formats.insert(file.toObject().value(QStringLiteral("format")).toString());
    for (const char* fmt : {"tfstate", "tfjson", "tfgraph", "k8s", "compose", "cfn", "backstage", "awscli",
                            "csv", "prometheus"})
        QVERIFY2(formats.contains(QLatin1String(fmt)), fmt);

    // A person's annotation on an imported system.
    const auto exported =
        run({QStringLiteral("export"), map, QStringLiteral("--format"), QStringLiteral("json")});
    EXPECT_RUN(exported, 0);
    QVERIFY(exported.out.contains("\"production\""));

    // The same sources again: nothing added, nothing gone, nothing changed.
    r = run(QStringList{QStringLiteral("import"), map} + sources +
            QStringList{QStringLiteral("--json"), QStringLiteral("--env"), QStringLiteral("production")});
    EXPECT_RUN(r, 0);
    report = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(report.value(QStringLiteral("added")).toInt(-1), 0);
    QCOMPARE(report.value(QStringLiteral("gone")).toInt(-1), 0);
    QCOMPARE(report.value(QStringLiteral("updated")).toInt(-1), 0);
    QCOMPARE(report.value(QStringLiteral("unchanged")).toInt(), added);

    // Text output: one summary line on stdout.
    r = run({QStringLiteral("import"), map, f + QStringLiteral("/compose")});
    EXPECT_RUN(r, 0);
    QVERIFY2(r.out.startsWith("Imported 6 files into " + map.toUtf8() + ": 0 added, 0 updated, "),
             r.out.constData());
}

void TestCli::brokenInfrastructureFilesChangeNothing_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("expected");
    QTest::newRow("state cut short") << QStringLiteral("s.tfstate")
                                     << QByteArray("{\"version\": 4, \"resources\": [{\"mode\": ")
                                     << QStringLiteral("auto") << QStringLiteral(": line 1, column ");
    QTest::newRow("state version 2") << QStringLiteral("old.tfstate")
                                     << QByteArray("{\"version\": 2, \"serial\": 1, \"modules\": []}")
                                     << QStringLiteral("tfstate") << QStringLiteral(": ");
    QTest::newRow("YAML with a tab") << QStringLiteral("k.yaml")
                                     << QByteArray("apiVersion: v1\nkind: Service\nmetadata:\n\tname: x\n")
                                     << QStringLiteral("k8s") << QStringLiteral(": line ");
    QTest::newRow("compose services a list")
        << QStringLiteral("compose.yaml") << QByteArray("services:\n  - web\n") << QStringLiteral("compose")
        << QStringLiteral(": ");
    QTest::newRow("CSV row too long")
        << QStringLiteral("i.csv") << QByteArray("name,kind\nweb,service,extra\n") << QStringLiteral("csv")
        << QStringLiteral(": line 2");
    QTest::newRow("DOT not a graph") << QStringLiteral("g.dot") << QByteArray("digraph { a -> ; }")
                                     << QStringLiteral("tfgraph") << QStringLiteral(": ");
}

void TestCli::brokenInfrastructureFilesChangeNothing() {
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, format);
    QFETCH(QString, expected);
    const QString dir = path(
        QStringLiteral("broken-%1")
            .arg(QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'))));
    QVERIFY(QDir().mkpath(dir));
    const QString source = dir + QLatin1Char('/') + name;
    writeFile(source, content);
    const QString good = dir + QStringLiteral("/good-compose.yaml");
    writeFile(good, "services:\n  web:\n    image: nginx\n");
    const QString target = dir + QStringLiteral("/map.terrain");
    QVERIFY(QFile::copy(m_demo, target));
    const QByteArray hash = fileHash(target);
    // Under auto a good file goes first, so the failure must also undo what it would have added.
    const QStringList sources =
        format == QStringLiteral("auto") ? QStringList{good, source} : QStringList{source};
    const auto r = run(QStringList{QStringLiteral("import"), target} + sources +
                       QStringList{QStringLiteral("--format"), format});
    EXPECT_RUN(r, 1);
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.startsWith(QStringLiteral("terrain: %1%2").arg(source, expected)), qPrintable(err));
    // Where another file could be read, how to import it without this one.
    if (sources.size() > 1)
        QVERIFY2(err.endsWith(QStringLiteral("\n(--skip-unreadable imports the other file without it)\n")),
                 qPrintable(err));
    QCOMPARE(err.count(QLatin1Char('\n')), sources.size());
    QCOMPARE(fileHash(target), hash);
    QVERIFY(r.out.isEmpty());
    // With --json, the error is on stdout too, for a script reading the result.
    const auto asJson = run(QStringList{QStringLiteral("import"), target} + sources +
                            QStringList{QStringLiteral("--format"), format, QStringLiteral("--json")});
    EXPECT_RUN(asJson, 1);
    const QString error =
        QJsonDocument::fromJson(asJson.out).object().value(QStringLiteral("error")).toString();
    QVERIFY2(QStringLiteral("terrain: ") + error + QLatin1Char('\n') == err, asJson.out.constData());
    QCOMPARE(fileHash(target), hash);
}

void TestCli::csvMapping() {
    const QString csv = path(QStringLiteral("hosts.csv"));
    writeFile(csv, "Host;Stage;Upstream\nweb-1;prod;db-1\ndb-1;prod;\n");
    const QString map = path(QStringLiteral("csv.terrain"));
    EXPECT_RUN(run({QStringLiteral("new"), map}), 0);
    auto r =
        run({QStringLiteral("import"), map, csv, QStringLiteral("--csv-map"), QStringLiteral("colour=Host")});
    EXPECT_RUN(r, 2);
    QVERIFY2(r.err.contains("--csv-map") && r.err.contains("colour"), r.err.constData());
    r = run({QStringLiteral("import"), map, csv, QStringLiteral("--csv-map"),
             QStringLiteral("name=Host,env=Stage,depends_on=Upstream"), QStringLiteral("--json")});
    EXPECT_RUN(r, 0);
    const auto report = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(report.value(QStringLiteral("added")).toInt(), 2);
    QCOMPARE(report.value(QStringLiteral("dependencies")).toObject().value(QStringLiteral("added")).toInt(),
             1);
    const auto exported =
        run({QStringLiteral("export"), map, QStringLiteral("--format"), QStringLiteral("json")});
    QVERIFY(exported.out.contains("\"environment\": \"prod\""));
}

void TestCli::unreadableFilesAreNamedTogetherOrLeftOut() {
    // A folder with a good compose file and two that cannot be read: both named at once, a line each, with
    // how to import the other; nothing written. With --skip-unreadable the compose file is imported and each
    // one left out is named with its error.
    const QString folder = path(QStringLiteral("unreadable"));
    QVERIFY(QDir().mkpath(folder));
    writeFile(folder + QStringLiteral("/compose.yaml"), "services:\n  web:\n    image: nginx\n");
    writeFile(folder + QStringLiteral("/hosts.csv"), "id,name\nweb-1,\"Web one\n");
    writeFile(folder + QStringLiteral("/prod.tfstate"), "{\"version\": 4, \"resources\": [");
    const QString map = path(QStringLiteral("unreadable.terrain"));
    EXPECT_RUN(run({QStringLiteral("new"), map}), 0);
    const QByteArray before = fileHash(map);
    auto r = run({QStringLiteral("import"), map, folder});
    EXPECT_RUN(r, 1);
    const QStringList lines = QString::fromUtf8(r.err).split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 5); // and the empty one after the last line's end
    QCOMPARE(lines[0], QStringLiteral("terrain: 2 files cannot be read:"));
    QVERIFY2(lines[1].startsWith(QStringLiteral("  %1/hosts.csv: line 2, column 7: expected ").arg(folder)),
             qPrintable(lines[1]));
    QVERIFY2(lines[2].startsWith(QStringLiteral("  %1/prod.tfstate: line 1, column ").arg(folder)),
             qPrintable(lines[2]));
    QCOMPARE(lines[3], QStringLiteral("(--skip-unreadable imports the other file without them)"));
    QCOMPARE(fileHash(map), before);

    r = run({QStringLiteral("import"), map, folder, QStringLiteral("--skip-unreadable")});
    EXPECT_RUN(r, 0);
    QVERIFY2(
        r.err.contains(QStringLiteral("terrain: %1/hosts.csv: left out (what the map has from it stays as it "
                                      "was); it cannot be read: line 2, column 7: expected ")
                           .arg(folder)
                           .toUtf8()),
        r.err.constData());
    QVERIFY2(r.out.startsWith("Imported 1 file into ") && r.out.endsWith("; 2 left out (cannot be read)\n"),
             r.out.constData());
    r = run({QStringLiteral("import"), map, folder, QStringLiteral("--skip-unreadable"),
             QStringLiteral("--json")});
    EXPECT_RUN(r, 0);
    const QJsonObject report = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(report.value(QStringLiteral("unreadable_files")).toInt(), 2);
    QCOMPARE(report.value(QStringLiteral("unchanged")).toInt(), 1);

    // Where leaving them out leaves nothing, the import is refused, saying so.
    QVERIFY(QFile::remove(folder + QStringLiteral("/compose.yaml")));
    const QByteArray imported = fileHash(map);
    r = run({QStringLiteral("import"), map, folder, QStringLiteral("--skip-unreadable")});
    EXPECT_RUN(r, 1);
    QVERIFY2(r.err.startsWith("terrain: 2 files cannot be read:") &&
                 r.err.endsWith("\n(left out, they leave no file to import)\n"),
             r.err.constData());
    QCOMPARE(fileHash(map), imported);
}

void TestCli::aRepositorysOtherFilesAreCounted() {
    // A repository's folder: its code is skipped, the first ten files by name and the rest counted, and its
    // installed packages once, as a folder; --json lists every file.
    const QString repo = path(QStringLiteral("repository"));
    for (const QString& folder : {QStringLiteral("/src"), QStringLiteral("/node_modules")})
        QVERIFY(QDir().mkpath(repo + folder));
    writeFile(repo + QStringLiteral("/compose.yaml"), "services:\n  web:\n    image: nginx\n");
    for (int i = 0; i < 25; ++i)
        writeFile(repo + QStringLiteral("/src/module%1.js").arg(i, 2, 10, QLatin1Char('0')), "export {}\n");
    for (int i = 0; i < 40; ++i)
        writeFile(repo + QStringLiteral("/node_modules/pkg%1-docker-compose.yml").arg(i),
                  "services:\n  postgres:\n    image: postgres\n");
    const QString map = path(QStringLiteral("repository.terrain"));
    EXPECT_RUN(run({QStringLiteral("new"), map}), 0);
    auto r = run({QStringLiteral("import"), map, repo, QStringLiteral("--dry-run")});
    EXPECT_RUN(r, 0);
    const QString err = QString::fromUtf8(r.err);
    QCOMPARE(err.count(QStringLiteral(": skipped: no import format recognises it")), 10);
    QVERIFY2(err.contains(QStringLiteral("terrain: %1/src/module09.js: skipped: ").arg(repo)),
             qPrintable(err));
    QVERIFY2(
        err.contains(QStringLiteral("terrain: … and 15 more files that no import format recognises, skipped "
                                    "(--json lists each)\n")),
        qPrintable(err));
    QVERIFY2(
        err.contains(QStringLiteral("terrain: %1/node_modules/: skipped: installed packages (node_modules), "
                                    "not this repository's infrastructure: the folder is left out\n")
                         .arg(repo)),
        qPrintable(err));
    QVERIFY2(r.out.contains("+ web (load-balancer) compose:repository/web") && !r.out.contains("postgres"),
             r.out.constData());
    r = run({QStringLiteral("import"), map, repo, QStringLiteral("--dry-run"), QStringLiteral("--json")});
    EXPECT_RUN(r, 0);
    QCOMPARE(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("files")).toArray().size(),
             1 + 25 + 1);
}

void TestCli::dryRunListsWhatWouldChange() {
    // An inventory imported, then edited: --dry-run lists each system the import would add, change (with
    // what) and mark gone, by name, kind and key, and each dependency it would add or remove, and writes
    // nothing.
    const QString csv = path(QStringLiteral("dry.csv"));
    writeFile(csv, "id,name,kind,owner,os,depends_on\nweb-1,Web,server,team-a,debian 11,old-1\nold-1,Old "
                   "box,server,team-a,centos 7,\n");
    const QString map = path(QStringLiteral("dry.terrain"));
    EXPECT_RUN(run({QStringLiteral("new"), map}), 0);
    EXPECT_RUN(run({QStringLiteral("import"), map, csv}), 0);
    writeFile(csv, "id,name,kind,owner,os,depends_on\nweb-1,Web front end,server,team-b,debian "
                   "12,cache-1\ncache-1,Cache,cache,team-a,,\n");
    const QByteArray before = fileHash(map);
    auto r = run({QStringLiteral("import"), map, csv, QStringLiteral("--dry-run")});
    EXPECT_RUN(r, 0);
    QCOMPARE(
        r.out,
        QByteArray("+ Cache (cache) csv:dry/cache-1\n"
                   "~ Web front end (compute) csv:dry/web-1: name Web \u2192 Web front end; owner team-a "
                   "\u2192 team-b; os debian 11 \u2192 debian 12\n"
                   "- Old box (compute) csv:dry/old-1\n"
                   "+ Web front end -> Cache (depends-on, depends_on: cache-1)\n"
                   "- Web front end -> Old box (depends-on, depends_on: old-1)\n"
                   "Dry run, nothing written: importing 1 file into ") +
            map.toUtf8() +
            " would give: 1 added, 1 updated, 0 unchanged, 1 gone; dependencies: 1 added, 1 removed\n");
    QCOMPARE(fileHash(map), before);
    r = run({QStringLiteral("import"), map, csv, QStringLiteral("--dry-run"), QStringLiteral("--json")});
    EXPECT_RUN(r, 0);
    const auto report = QJsonDocument::fromJson(r.out).object();
    QVERIFY(report.value(QStringLiteral("dry_run")).toBool());
    const auto changes =
        report.value(QStringLiteral("systems")).toObject().value(QStringLiteral("changes")).toObject();
    QCOMPARE(changes.value(QStringLiteral("csv:dry/web-1")).toArray().size(), 3);
    QCOMPARE(fileHash(map), before);
    EXPECT_RUN(run({QStringLiteral("import"), map, csv}), 0); // and without it, the import is done
    QVERIFY(fileHash(map) != before);
    r = run({QStringLiteral("import"), map, path(QStringLiteral("adr")), QStringLiteral("--format"),
             QStringLiteral("adr"), QStringLiteral("--dry-run")});
    EXPECT_RUN(r, 2);
}

void TestCli::initTestCase() {
    QVERIFY(QFile::exists(QStringLiteral(TERRAIN_BINARY)));
    m_demo = path(QStringLiteral("demo.terrain"));
    const auto r = run({QStringLiteral("demo"), m_demo});
    EXPECT_RUN(r, 0);
    m_demoJson = path(QStringLiteral("demo.json"));
    EXPECT_RUN(run({QStringLiteral("export"), m_demo, QStringLiteral("--format"), QStringLiteral("json"),
                    QStringLiteral("-o"), m_demoJson}),
               0);
}

void TestCli::version() {
    for (const char* flag : {"--version", "-v"}) {
        const auto r = run({QString::fromLatin1(flag)});
        EXPECT_RUN(r, 0);
        QCOMPARE(r.out, QByteArray("terrain 0.1.0\n"));
        QVERIFY(r.err.isEmpty());
    }
}

void TestCli::help() {
    for (const char* flag : {"--help", "-h"}) {
        const auto r = run({QString::fromLatin1(flag)});
        EXPECT_RUN(r, 0);
        QVERIFY(r.err.isEmpty());
        for (const char* line :
             {"terrain new FILE", "terrain demo FILE",
              "terrain import FILE SOURCE... [--format F] [--env E] [--csv-map SPEC] [--replaces EARLIER]",
              "terrain export FILE --format F [-o OUT]", "terrain rank FILE [--json]",
              "terrain check FILE [--json]", "terrain --help | --version", "Exit status: 0 success"})
            QVERIFY2(r.out.contains(line), line);
    }
    // --help after a verb shows the same text.
    const auto r = run({QStringLiteral("import"), QStringLiteral("--help")});
    EXPECT_RUN(r, 0);
    QVERIFY(r.out.contains("terrain import FILE"));
}

void TestCli::usageErrors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString f = QStringLiteral("whatever.terrain");
    QTest::newRow("rank without FILE") << QStringList{QStringLiteral("rank")}
                                       << QStringLiteral("terrain: rank: expected FILE, got 0 arguments");
    QTest::newRow("rank with two files") << QStringList{QStringLiteral("rank"), f, f}
                                         << QStringLiteral("terrain: rank: expected FILE, got 2 arguments");
    QTest::newRow("rank, --format") << QStringList{QStringLiteral("rank"), f, QStringLiteral("--format=json")}
                                    << QStringLiteral("terrain: rank does not take --format");
    QTest::newRow("rank, --json=yes") << QStringList{QStringLiteral("rank"), f, QStringLiteral("--json=yes")}
                                      << QStringLiteral("terrain: rank: --json takes no value");
    QTest::newRow("new without FILE") << QStringList{QStringLiteral("new")}
                                      << QStringLiteral("terrain: new: expected FILE, got 0 arguments");
    QTest::newRow("new with two files") << QStringList{QStringLiteral("new"), f, f}
                                        << QStringLiteral("terrain: new: expected FILE, got 2 arguments");
    QTest::newRow("new takes no options") << QStringList{QStringLiteral("new"), f, QStringLiteral("--json")}
                                          << QStringLiteral("terrain: new does not take --json");
    QTest::newRow("import without SOURCE")
        << QStringList{QStringLiteral("import"), f}
        << QStringLiteral("terrain: import: expected FILE and at least one SOURCE");
    QTest::newRow("import, unknown format")
        << QStringList{QStringLiteral("import"), f, QStringLiteral("x.xml"), QStringLiteral("--format"),
                       QStringLiteral("xml")}
        << QStringLiteral("terrain: import: unknown format \"xml\"; the formats are auto, json");
    QTest::newRow("import, --format=")
        << QStringList{QStringLiteral("import"), f, QStringLiteral("x"), QStringLiteral("--format=")}
        << QStringLiteral("terrain: import: --format needs a value");
    QTest::newRow("import, -o") << QStringList{QStringLiteral("import"), f, QStringLiteral("x"),
                                               QStringLiteral("-o"), QStringLiteral("y")}
                                << QStringLiteral("terrain: import does not take -o");
    QTest::newRow("export without --format") << QStringList{QStringLiteral("export"), f}
                                             << QStringLiteral("terrain: export: --format is required");
    QTest::newRow("export, unknown format")
        << QStringList{QStringLiteral("export"), f, QStringLiteral("--format"), QStringLiteral("gif")}
        << QStringLiteral(
               "terrain: export: unknown format \"gif\"; the formats are json, dot, mermaid, svg, png");
    QTest::newRow("export, --format without value")
        << QStringList{QStringLiteral("export"), f, QStringLiteral("--format")}
        << QStringLiteral("terrain: export: --format needs a value");
    QTest::newRow("export, format twice")
        << QStringList{QStringLiteral("export"), f, QStringLiteral("--format=json"),
                       QStringLiteral("--format"), QStringLiteral("json")}
        << QStringLiteral("terrain: export: --format is given twice");
    QTest::newRow("check, unknown option")
        << QStringList{QStringLiteral("check"), f, QStringLiteral("--bogus")}
        << QStringLiteral("terrain: check: unknown option --bogus");
    QTest::newRow("version with arguments") << QStringList{QStringLiteral("--version"), f}
                                            << QStringLiteral("terrain: --version takes no arguments");
}

void TestCli::usageErrors() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const auto r = run(args);
    EXPECT_RUN(r, 2);
    QVERIFY(r.out.isEmpty());
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.startsWith(message), qPrintable(err));
    QVERIFY2(err.endsWith(QStringLiteral("Try 'terrain --help' for more information.\n")), qPrintable(err));
    QVERIFY(!QFile::exists(QStringLiteral("whatever.terrain")));
}

void TestCli::newCreatesAnEmptyMapAndRefusesToOverwrite() {
    const QString file = path(QStringLiteral("new.terrain"));
    auto r = run({QStringLiteral("new"), file});
    EXPECT_RUN(r, 0);
    QCOMPARE(r.out,
             (QStringLiteral("Created %1: an empty map with 10 improvement areas and 12 symptoms to check\n")
                  .arg(file)
                  .toUtf8()));
    r = run({QStringLiteral("check"), file});
    EXPECT_RUN(r, 0);
    QCOMPARE(r.out, (file + QStringLiteral(": 0 errors, 0 warnings, 0 infos\n")).toUtf8());

    const QByteArray hash = fileHash(file);
    for (const char* verb : {"new", "demo"}) {
        r = run({QString::fromLatin1(verb), file});
        EXPECT_RUN(r, 1);
        QCOMPARE(QString::fromUtf8(r.err),
                 QStringLiteral("terrain: %1: already exists; choose a new file name (nothing was changed)\n")
                     .arg(file));
        QCOMPARE(fileHash(file), hash);
    }
    // A folder that does not exist: a failure, and nothing left behind.
    r = run({QStringLiteral("new"), path(QStringLiteral("no/such/folder/x.terrain"))});
    EXPECT_RUN(r, 1);
    QVERIFY(r.err.startsWith("terrain: "));
}

void TestCli::demoAndCheck() {
    auto r = run({QStringLiteral("check"), m_demo});
    EXPECT_RUN(r, 0);
    QVERIFY(r.out.endsWith(" infos\n") || r.out.endsWith(" info\n"));
    QVERIFY(r.out.contains(": 0 errors, "));

    r = run({QStringLiteral("check"), m_demo, QStringLiteral("--json")});
    EXPECT_RUN(r, 0);
    const auto doc = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(doc.value(QStringLiteral("errors")).toInt(-1), 0);
    QVERIFY(doc.value(QStringLiteral("findings")).isArray());
    QCOMPARE(doc.value(QStringLiteral("file")).toString(), m_demo);
}

void TestCli::exportToStdoutFileAndFolder() {
    const auto r =
        run({QStringLiteral("export"), m_demo, QStringLiteral("--format"), QStringLiteral("json")});
    EXPECT_RUN(r, 0);
    QVERIFY(r.err.isEmpty());
    QCOMPARE(r.out, readAll(m_demoJson));
    QVERIFY(r.out.startsWith("{\n  \"format\": \"terrain-map\",\n  \"version\": 1,\n"));

    const QString folder = path(QStringLiteral("exports"));
    QVERIFY(QDir().mkpath(folder));
    const auto f = run(
        {QStringLiteral("export"), m_demo, QStringLiteral("--format=json"), QStringLiteral("-o"), folder});
    EXPECT_RUN(f, 0);
    QCOMPARE(readAll(folder + QStringLiteral("/demo.json")), r.out);
}

void TestCli::roundTripThroughTheCommandLine() {
    const QString b = path(QStringLiteral("roundtrip.terrain"));
    EXPECT_RUN(run({QStringLiteral("new"), b}), 0);
    auto r = run({QStringLiteral("import"), b, m_demoJson});
    EXPECT_RUN(r, 0);
    QVERIFY2(r.out.startsWith("Imported 1 file into " + b.toUtf8() + ": "), r.out.constData());
    const QString again = path(QStringLiteral("roundtrip.json"));
    EXPECT_RUN(run({QStringLiteral("export"), b, QStringLiteral("--format"), QStringLiteral("json"),
                    QStringLiteral("-o"), again}),
               0);
    QCOMPARE(readAll(again), readAll(m_demoJson));

    // A second import of the same map finds nothing to change, and still exports the same bytes.
    r = run({QStringLiteral("import"), b, again, QStringLiteral("--json")});
    EXPECT_RUN(r, 0);
    const auto report = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(report.value(QStringLiteral("added")).toInt(-1), 0);
    QCOMPARE(report.value(QStringLiteral("updated")).toInt(-1), 0);
    r = run({QStringLiteral("export"), b, QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(r.out, readAll(m_demoJson));
}

void TestCli::importJsonReport() {
    const QString b = path(QStringLiteral("report.terrain"));
    EXPECT_RUN(run({QStringLiteral("new"), b}), 0);
    const auto r = run({QStringLiteral("import"), b, m_demoJson, QStringLiteral("--format"),
                        QStringLiteral("json"), QStringLiteral("--json")});
    EXPECT_RUN(r, 0);
    QVERIFY(r.err.isEmpty());
    QJsonParseError error;
    const auto doc = QJsonDocument::fromJson(r.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, r.out.constData());
    const auto o = doc.object();
    QVERIFY(o.value(QStringLiteral("added")).toInt() > 40);
    for (const char* member : {"updated", "unchanged", "gone", "skipped_files"})
        QVERIFY2(o.value(QLatin1String(member)).isDouble(), member);
    QVERIFY(o.value(QStringLiteral("warnings")).isArray());
    const auto files = o.value(QStringLiteral("files")).toArray();
    QCOMPARE(files.size(), 1);
    QCOMPARE(files[0].toObject().value(QStringLiteral("format")).toString(), QStringLiteral("json"));
    QCOMPARE(files[0].toObject().value(QStringLiteral("status")).toString(), QStringLiteral("imported"));
}

void TestCli::importSkipsFolderEntriesAndRefusesNamedUnknownFiles() {
    const QString folder = path(QStringLiteral("sources"));
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(QFile::copy(m_demoJson, folder + QStringLiteral("/map.json")));
    writeFile(folder + QStringLiteral("/notes.txt"), "not a map\n");
    const QString b = path(QStringLiteral("folder.terrain"));
    EXPECT_RUN(run({QStringLiteral("new"), b}), 0);
    auto r = run({QStringLiteral("import"), b, folder});
    EXPECT_RUN(r, 0);
    QCOMPARE(QString::fromUtf8(r.err),
             QStringLiteral("terrain: %1/notes.txt: skipped: no import format recognises it\n").arg(folder));
    QVERIFY(r.out.contains(" 1 skipped\n"));

    const QByteArray hash = fileHash(b);
    r = run({QStringLiteral("import"), b, folder + QStringLiteral("/notes.txt")});
    EXPECT_RUN(r, 1);
    QVERIFY2(
        r.err.startsWith("terrain: " + folder.toUtf8() + "/notes.txt: no import format recognises this file"),
        r.err.constData());
    QCOMPARE(fileHash(b), hash);
    r = run({QStringLiteral("import"), b, path(QStringLiteral("missing.json"))});
    EXPECT_RUN(r, 1);
    QCOMPARE(
        QString::fromUtf8(r.err),
        QStringLiteral("terrain: %1: no such file or folder\n").arg(path(QStringLiteral("missing.json"))));
    QCOMPARE(fileHash(b), hash);

    // A workspace's state: the environment its path gives it is said.
    const std::string staging = TERRAIN_SOURCE_DIR
        "/tests/importers/data/terraform/workspaces/terraform.tfstate.d/staging/terraform.tfstate";
    r = run({QStringLiteral("import"), b, QString::fromStdString(staging)});
    EXPECT_RUN(r, 0);
    QCOMPARE(QString::fromUtf8(r.err), QStringLiteral("terrain: %1: environment staging (its path says)\n")
                                           .arg(QString::fromStdString(staging)));
}

void TestCli::brokenSourcesChangeNothing_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("expected"); ///< stderr after "terrain: SOURCE: "
    const QByteArray demo = readAll(m_demoJson);
    QTest::newRow("truncated JSON") << demo.left(demo.size() / 2) << QStringLiteral("auto")
                                    << QStringLiteral("line ");
    QTest::newRow("not JSON") << QByteArray("this is not json\n") << QStringLiteral("json")
                              << QStringLiteral("line 1, column 2: expected JSON (invalid literal");
    QByteArray badKind = demo;
    badKind.replace("\"kind\": \"compute\"", "\"kind\": \"mainframe\"");
    QTest::newRow("bad enum") << badKind << QStringLiteral("auto")
                              << QStringLiteral("/systems/0/kind: expected one of");
    QByteArray badType = demo;
    badType.replace("\"likelihood\": ", "\"likelihood\": \"high\", \"x\": ");
    QTest::newRow("wrong type") << badType << QStringLiteral("auto")
                                << QStringLiteral("/risks/0/likelihood: expected an integer");
    QByteArray dangling = demo;
    dangling.replace("\"to\": \"", "\"to\": \"nowhere:");
    QTest::newRow("unknown reference") << dangling << QStringLiteral("auto")
                                       << QStringLiteral("/dependencies/0/to: expected the key of a system");
    QTest::newRow("other JSON") << QByteArray("{\"format\": \"something-else\"}") << QStringLiteral("json")
                                << QStringLiteral("/format: expected \"terrain-map\"");
    QByteArray binary(4096, '\0');
    for (auto& c : binary)
        c = static_cast<char>(QRandomGenerator::global()->bounded(256));
    binary[0] = '{';
    binary[1] = '\0';
    QTest::newRow("binary") << binary << QStringLiteral("json")
                            << QStringLiteral("line 1, column 2: text, but found a NUL byte");
}

void TestCli::brokenSourcesChangeNothing() {
    QFETCH(QByteArray, content);
    QFETCH(QString, format);
    QFETCH(QString, expected);
    const QString tag =
        QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'));
    const QString source = path(QStringLiteral("broken-%1.json").arg(tag));
    writeFile(source, content);
    const QString target = path(QStringLiteral("target-%1.terrain").arg(tag));
    QFile::remove(target);
    QVERIFY(QFile::copy(m_demo, target));
    const QByteArray hash = fileHash(target);

    const auto r = run({QStringLiteral("import"), target, source, QStringLiteral("--format"), format});
    EXPECT_RUN(r, 1);
    QVERIFY(r.out.isEmpty());
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.startsWith(QStringLiteral("terrain: %1: %2").arg(source, expected)), qPrintable(err));
    QVERIFY(err.endsWith(QLatin1Char('\n')) && err.count(QLatin1Char('\n')) == 1);
    QCOMPARE(fileHash(target), hash);
    QVERIFY(!QFile::exists(target + QStringLiteral("-wal")) ||
            QFileInfo(target + QStringLiteral("-wal")).size() == 0);
}

void TestCli::brokenMapFilesAreRefused_data() {
    QTest::addColumn<QByteArray>("content"); ///< empty: made by the test from the demo map
    QTest::addColumn<QString>("expected");
    QByteArray random(64 * 1024, '\0');
    for (auto& c : random)
        c = static_cast<char>(QRandomGenerator::global()->bounded(256));
    QTest::newRow("random bytes") << random << QStringLiteral("");
    QTest::newRow("a text file") << QByteArray("hello\n") << QStringLiteral("");
    QTest::newRow("empty file") << QByteArray() << QStringLiteral("not a Terrain map");
    QTest::newRow("newer schema") << QByteArray()
                                  << QStringLiteral("was written by a newer Terrain (schema version 99)");
    QTest::newRow("truncated map") << QByteArray() << QStringLiteral("");
}

void TestCli::brokenMapFilesAreRefused() {
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    const QString tag =
        QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'));
    const QString file = path(QStringLiteral("broken-map-%1.terrain").arg(tag));
    QFile::remove(file);
    if (tag == QStringLiteral("newer-schema")) {
        QVERIFY(QFile::copy(m_demo, file));
        QFile(file).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
        terrain::Database db(file.toStdString(), terrain::Database::Mode::ReadWrite);
        db.exec("PRAGMA user_version = 99");
    } else if (tag == QStringLiteral("truncated-map")) {
        const QByteArray whole = readAll(m_demo);
        writeFile(file, whole.left(whole.size() / 3));
    } else {
        writeFile(file, content);
    }
    const QByteArray hash = fileHash(file);
    const QList<QStringList> commands = {
        {QStringLiteral("check"), file},
        {QStringLiteral("export"), file, QStringLiteral("--format"), QStringLiteral("json")},
        {QStringLiteral("import"), file, m_demoJson},
    };
    for (const auto& args : commands) {
        const auto r = run(args);
        EXPECT_RUN(r, 1);
        QVERIFY(r.out.isEmpty());
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.startsWith(QStringLiteral("terrain: %1: ").arg(file)), qPrintable(err));
        QVERIFY2(err.contains(expected), qPrintable(err));
        QVERIFY2(err.count(QLatin1Char('\n')) == 1, qPrintable(err));
        QCOMPARE(fileHash(file), hash);
    }
}

void TestCli::checkFailsOnErrorFindings() {
    const QByteArray doc = R"({"format": "terrain-map", "version": 1,
        "systems": [{"key": "web", "name": "Web", "owner": "shop"},
                    {"key": "old", "name": "Old DB", "owner": "shop", "status": "gone"}],
        "dependencies": [{"from": "web", "to": "old", "kind": "reads"}]})";
    const QString source = path(QStringLiteral("gone.json"));
    writeFile(source, doc);
    const QString map = path(QStringLiteral("gone.terrain"));
    EXPECT_RUN(run({QStringLiteral("new"), map}), 0);
    EXPECT_RUN(run({QStringLiteral("import"), map, source}), 0);
    auto r = run({QStringLiteral("check"), map});
    EXPECT_RUN(r, 1);
    QVERIFY2(r.out.startsWith(
                 "error   dangling           Web (web) depends on Old DB (old) (reads), which is gone"),
             r.out.constData());
    QVERIFY(r.out.endsWith(": 1 error, 0 warnings, 0 infos\n"));
    r = run({QStringLiteral("check"), map, QStringLiteral("--json")});
    EXPECT_RUN(r, 1);
    const auto o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QStringLiteral("errors")).toInt(), 1);
    const auto f = o.value(QStringLiteral("findings")).toArray().at(0).toObject();
    QCOMPARE(f.value(QStringLiteral("code")).toString(), QStringLiteral("dangling"));
    QCOMPARE(f.value(QStringLiteral("systems")).toArray().size(), 2);
}

void TestCli::rankTheDemo() {
    const QByteArray before = fileHash(m_demo);
    auto r = run({QStringLiteral("rank"), m_demo});
    EXPECT_RUN(r, 0);
    QVERIFY(r.err.isEmpty());
    QVERIFY2(r.out.startsWith("Ranking (wsjf): score = (value×1 + urgency×1 + risk reduction×1) / effort\n"),
             r.out.constData());
    // The tested restore is first by hand, with its reason; every place has its reason under it.
    QVERIFY2(r.out.contains(
                 "\n    1  I-8      12.5  now*            2  Tested restore of the production database\n"
                 "       #1 I-8: score 12.5 = (value 9×1 + urgency 8×1 + risk reduction 8×1) / effort 2 "
                 "pw; manual rank 1 (The board wants a tested restore before the Series B data room "
                 "opens.); by score alone #1;"),
             r.out.constData());
    QVERIFY(r.out.contains("pulled forward to score 9.7: #"));
    QVERIFY(r.out.contains("\nPhases:\n  Now   "));
    // Ranking reads the map and never writes it.
    QCOMPARE(fileHash(m_demo), before);

    r = run({QStringLiteral("rank"), m_demo, QStringLiteral("--json")});
    EXPECT_RUN(r, 0);
    QJsonParseError pe;
    const auto o = QJsonDocument::fromJson(r.out, &pe).object();
    QCOMPARE(pe.error, QJsonParseError::NoError);
    QCOMPARE(o.value(QStringLiteral("format")).toString(), QStringLiteral("terrain-ranking"));
    QCOMPARE(o.value(QStringLiteral("file")).toString(), m_demo);
    QCOMPARE(o.value(QStringLiteral("settings")).toObject().value(QStringLiteral("preset")).toString(),
             QStringLiteral("wsjf"));
    const auto ranking = o.value(QStringLiteral("ranking")).toArray();
    QCOMPARE(ranking.size(), 15);
    QMap<QString, int> rankOf;
    for (const auto& v : ranking)
        rankOf[v.toObject().value(QStringLiteral("key")).toString()] =
            v.toObject().value(QStringLiteral("rank")).toInt();
    for (int i = 0; i < ranking.size(); ++i) {
        const auto e = ranking.at(i).toObject();
        QCOMPARE(e.value(QStringLiteral("rank")).toInt(), i + 1);
        QVERIFY(
            e.value(QStringLiteral("explanation")).toString().startsWith(QStringLiteral("#%1 ").arg(i + 1)));
        for (const auto& p : e.value(QStringLiteral("prerequisites")).toArray())
            QVERIFY(rankOf.value(p.toString()) < i + 1);
    }
    QCOMPARE(ranking.at(0).toObject().value(QStringLiteral("key")).toString(), QStringLiteral("I-8"));
    QCOMPARE(ranking.at(0).toObject().value(QStringLiteral("manual_rank")).toInt(), 1);
    QCOMPARE(o.value(QStringLiteral("phases")).toArray().size(), 3);
    QVERIFY(o.value(QStringLiteral("cycles")).toArray().isEmpty());

    // A map that is not there is a failure, not a usage error.
    r = run({QStringLiteral("rank"), path(QStringLiteral("missing.terrain"))});
    EXPECT_RUN(r, 1);
    QVERIFY(r.out.isEmpty());
    QVERIFY2(r.err.contains("missing.terrain: no such file"), r.err.constData());
}

void TestCli::rankReportsCyclesAndRanksTheRest() {
    const QString map = path(QStringLiteral("rank-cycle.terrain"));
    EXPECT_RUN(run({QStringLiteral("new"), map}), 0);
    auto r = run({QStringLiteral("rank"), map});
    EXPECT_RUN(r, 0);
    QVERIFY(r.out.contains("(no initiatives to rank)"));

    const QByteArray doc = R"({"format": "terrain-map", "version": 1, "initiatives": [
        {"key": "I-1", "title": "Alpha", "value": 5, "urgency": 5, "effort": 1, "prerequisites": ["I-2"]},
        {"key": "I-2", "title": "Beta", "value": 4, "urgency": 4, "effort": 1, "prerequisites": ["I-1"]},
        {"key": "I-3", "title": "Gamma", "value": 9, "urgency": 9, "effort": 1, "prerequisites": ["I-2"]},
        {"key": "I-4", "title": "Delta", "value": 1, "urgency": 1, "effort": 1},
        {"key": "I-5", "title": "Done", "value": 9, "urgency": 9, "effort": 1, "status": "done"}]})";
    const QString source = path(QStringLiteral("cycle.json"));
    writeFile(source, doc);
    EXPECT_RUN(run({QStringLiteral("import"), map, source}), 0);
    r = run({QStringLiteral("rank"), map});
    EXPECT_RUN(r, 0);
    QVERIFY2(r.out.contains("\nCycles:\n  prerequisite cycle: I-1 → I-2 → I-1\n"), r.out.constData());
    QVERIFY(r.out.contains("\nNot ranked:\n  I-5  done    Done\n"));
    r = run({QStringLiteral("rank"), map, QStringLiteral("--json")});
    EXPECT_RUN(r, 0);
    const auto o = QJsonDocument::fromJson(r.out).object();
    QStringList order;
    for (const auto& v : o.value(QStringLiteral("ranking")).toArray())
        order << v.toObject().value(QStringLiteral("key")).toString();
    // The cycle is ranked as one block, pulled forward by Gamma which needs it; the rest is still ranked.
    QCOMPARE(order, (QStringList{QStringLiteral("I-1"), QStringLiteral("I-2"), QStringLiteral("I-3"),
                                 QStringLiteral("I-4")}));
    const auto cycles = o.value(QStringLiteral("cycles")).toArray();
    QCOMPARE(cycles.size(), 1);
    QCOMPARE(cycles.at(0).toObject().value(QStringLiteral("members")).toArray(),
             (QJsonArray{QStringLiteral("I-1"), QStringLiteral("I-2")}));
    QCOMPARE(o.value(QStringLiteral("excluded")).toArray().size(), 1);
}

void TestCli::checkReportsTheAnalysis() {
    auto r = run({QStringLiteral("check"), m_demo, QStringLiteral("--json")});
    EXPECT_RUN(r, 0);
    const auto o = QJsonDocument::fromJson(r.out).object();
    // The findings stay as they were; the analysis comes in sections of its own.
    for (const char* field : {"file", "errors", "warnings", "infos", "findings"})
        QVERIFY2(o.contains(QLatin1String(field)), field);
    const auto spofs = o.value(QStringLiteral("single_points_of_failure")).toArray();
    QVERIFY(spofs.size() >= 3);
    const auto top = spofs.at(0).toObject();
    QCOMPARE(top.value(QStringLiteral("key")).toString(),
             QStringLiteral("tf:module.db.aws_db_instance.main"));
    QVERIFY(top.value(QStringLiteral("blast_radius")).toInt() >=
            top.value(QStringLiteral("direct_dependents")).toInt());
    QCOMPARE(o.value(QStringLiteral("cycles")).toArray().size(), 1);
    QVERIFY(o.value(QStringLiteral("unowned")).toArray().size() > 3);
    QVERIFY(o.value(QStringLiteral("runtime_only")).toArray().size() > 3);
    QVERIFY(o.value(QStringLiteral("hand_reached")).toArray().size() >= 5);
    QVERIFY(o.value(QStringLiteral("unmonitored")).toArray().size() > 10);
    const auto parity = o.value(QStringLiteral("parity")).toArray();
    QCOMPARE(parity.size(), 1);
    QCOMPARE(parity.at(0).toObject().value(QStringLiteral("a")).toString(), QStringLiteral("production"));
    QCOMPARE(parity.at(0).toObject().value(QStringLiteral("b")).toString(), QStringLiteral("staging"));

    r = run({QStringLiteral("check"), m_demo});
    EXPECT_RUN(r, 0);
    const QString text = QString::fromUtf8(r.out);
    for (const char* heading :
         {"\nSingle points of failure, by blast radius", "\nSeen only by runtime sources",
          "\nReached by hand", "\nNobody monitors (", "\nEnvironment parity, production / staging: "})
        QVERIFY2(text.contains(QLatin1String(heading)), heading);
    QVERIFY(text.contains(QStringLiteral("  ... and ")));
    QVERIFY(text.endsWith(QStringLiteral(" infos\n")));
}

void TestCli::exportGraphs() {
    // Text formats to stdout, the same bytes every time.
    auto dot = run({QStringLiteral("export"), m_demo, QStringLiteral("--format"), QStringLiteral("dot")});
    EXPECT_RUN(dot, 0);
    QVERIFY(dot.err.isEmpty());
    QVERIFY(dot.out.startsWith("digraph terrain {\n"));
    QVERIFY(dot.out.endsWith("}\n"));
    QVERIFY(dot.out.contains("subgraph cluster_"));
    QCOMPARE(run({QStringLiteral("export"), m_demo, QStringLiteral("--format=dot")}).out, dot.out);
    const auto mermaid =
        run({QStringLiteral("export"), m_demo, QStringLiteral("--format"), QStringLiteral("mermaid")});
    EXPECT_RUN(mermaid, 0);
    QVERIFY(mermaid.out.startsWith("flowchart LR\n"));
    QCOMPARE(mermaid.out.count("\n  subgraph "), mermaid.out.count("\n  end\n"));

    // SVG to stdout and to a file: well-formed XML with one node group per system.
    const auto svg =
        run({QStringLiteral("export"), m_demo, QStringLiteral("--format"), QStringLiteral("svg")});
    EXPECT_RUN(svg, 0);
    auto checkSvg = [](const QByteArray& bytes) {
        QXmlStreamReader xml(bytes);
        int nodes = 0;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() &&
                xml.attributes().value(QLatin1String("class")) == QLatin1String("node"))
                ++nodes;
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(nodes > 30);
    };
    checkSvg(svg.out);
    const QString svgFile = path(QStringLiteral("graph.svg"));
    auto r = run({QStringLiteral("export"), m_demo, QStringLiteral("--format"), QStringLiteral("svg"),
                  QStringLiteral("-o"), svgFile});
    EXPECT_RUN(r, 0);
    QCOMPARE(r.out, (QStringLiteral("Wrote ") + svgFile + QStringLiteral("\n")).toUtf8());
    checkSvg(readAll(svgFile));

    // PNG into a folder (FILE's name with .png), and into a pipe.
    const QString folder = path(QStringLiteral("images"));
    QVERIFY(QDir().mkpath(folder));
    r = run({QStringLiteral("export"), m_demo, QStringLiteral("--format"), QStringLiteral("png"),
             QStringLiteral("-o"), folder});
    EXPECT_RUN(r, 0);
    const QByteArray png = readAll(folder + QStringLiteral("/demo.png"));
    QVERIFY(png.startsWith("\x89PNG\r\n\x1a\n"));
    QVERIFY(png.size() > 10000);
    r = run({QStringLiteral("export"), m_demo, QStringLiteral("--format"), QStringLiteral("png")});
    EXPECT_RUN(r, 0);
    QVERIFY(r.out.startsWith("\x89PNG"));
    // PDF, drawn by Graphviz's cairo renderer: a document of one page.
    r = run({QStringLiteral("export"), m_demo, QStringLiteral("--format"), QStringLiteral("pdf"),
             QStringLiteral("-o"), folder});
    EXPECT_RUN(r, 0);
    const QByteArray pdf = readAll(folder + QStringLiteral("/demo.pdf"));
    QVERIFY(pdf.startsWith("%PDF-"));
    QVERIFY(pdf.contains("/Type /Page"));
    QVERIFY(pdf.size() > 5000);
    r = run({QStringLiteral("export"), m_demo, QStringLiteral("--format"), QStringLiteral("mermaid"),
             QStringLiteral("-o"), folder});
    EXPECT_RUN(r, 0);
    QCOMPARE(readAll(folder + QStringLiteral("/demo.mmd")), mermaid.out);
}

void TestCli::exportToUnwritablePlace() {
    const QString out = path(QStringLiteral("no/such/folder/map.json"));
    const auto r = run({QStringLiteral("export"), m_demo, QStringLiteral("--format"), QStringLiteral("json"),
                        QStringLiteral("-o"), out});
    EXPECT_RUN(r, 1);
    QVERIFY2(r.err.startsWith("terrain: " + out.toUtf8() + ": cannot be written"), r.err.constData());
    QVERIFY(!QFile::exists(out));
    const auto missing = run({QStringLiteral("export"), path(QStringLiteral("missing.terrain")),
                              QStringLiteral("--format"), QStringLiteral("json")});
    EXPECT_RUN(missing, 1);
    QCOMPARE(QString::fromUtf8(missing.err),
             QStringLiteral("terrain: %1: no such file\n").arg(path(QStringLiteral("missing.terrain"))));
}

// Interrupted (Ctrl-C, which a terminal sends to the process group) or terminated while Terraform pulls
// states from a backend that does not answer, `terrain import` stops each pull it runs, though each runs in a
// process group of its own, before it ends as the signal would.
void TestCli::interruptedImportStopsItsTools() {
    const QString repo = path(QStringLiteral("interrupted"));
    QVERIFY(QDir().mkpath(repo + QStringLiteral("/envs/shop/.terraform")));
    writeFile(repo + QStringLiteral("/envs/shop/main.tf"), "terraform {\n  backend \"s3\" {}\n}\n");
    writeFile(repo + QStringLiteral("/envs/shop/.terraform/terraform.tfstate"),
              "{\"version\": 3, \"backend\": {\"type\": \"s3\", \"config\": {\"bucket\": \"b\"}, "
              "\"hash\": 1}}\n");
    const QString map = path(QStringLiteral("interrupted.terrain"));
    EXPECT_RUN(run({QStringLiteral("new"), map}), 0);
    const QString log = path(QStringLiteral("interrupted.log"));
    for (const int signal : {SIGINT, SIGTERM}) {
        QFile::remove(log + QStringLiteral(".pids"));
        QProcess terrain;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TERRAIN_TERRAFORM"),
                   QStringLiteral("sh " TERRAIN_SOURCE_DIR "/tests/importers/data/terraform/fake-terraform"));
        env.insert(QStringLiteral("FAKE_TERRAFORM_SLOW"), QStringLiteral("1")); // (each pull sleeps a minute)
        env.insert(QStringLiteral("FAKE_TERRAFORM_LOG"), log);
        terrain.setProcessEnvironment(env);
        terrain.start(QStringLiteral(TERRAIN_BINARY), {QStringLiteral("import"), map, repo});
        QVERIFY(terrain.waitForStarted());
        // (the three workspaces' pulls begun)
        QStringList pids;
        for (int waited = 0; pids.size() < 3 && waited < 300; ++waited) {
            QTest::qWait(100);
            pids = QString::fromUtf8(readAll(log + QStringLiteral(".pids")))
                       .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        }
        QCOMPARE(pids.size(), 3);
        ::kill(static_cast<pid_t>(terrain.processId()), signal);
        QVERIFY(terrain.waitForFinished(10'000));
        QCOMPARE(terrain.exitStatus(), QProcess::CrashExit);
        QCOMPARE(terrain.exitCode(), signal);
        // Each pull ended (its process gone, or a zombie until it is reaped), not sleeping on.
        for (const QString& pid : pids) {
            QFile status(QStringLiteral("/proc/%1/status").arg(pid));
            const QByteArray said = status.open(QIODevice::ReadOnly) ? status.readAll() : QByteArray();
            QVERIFY2(said.isEmpty() || said.contains("State:\tZ"),
                     qPrintable(pid + QLatin1Char(' ') + QString::fromUtf8(said)));
        }
    }
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
