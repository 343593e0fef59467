// `terrain export FILE --format adr -o DIR --layout L` and `terrain import FILE DIR --format adr` as
// scripts use them: every layout on the demo map, export again in place, export → import → export
// byte for byte, hostile titles kept inside DIR, bad folders refused without touching the map, and the
// tools themselves on the result: adr-tools' `adr list`, `adr generate toc` and `adr generate graph`,
// and log4brains' `build` (each skipped when the tool is not installed).
#include "Project.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <map>

#include "CliRun.h"

using namespace terrain::test;

using namespace terrain;

namespace {

std::map<QString, QByteArray> tree(const QString& dir) {
    std::map<QString, QByteArray> out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString p = it.next();
        out[QDir(dir).relativeFilePath(p)] = readAll(p);
    }
    return out;
}

QByteArray hashOf(const QString& path) {
    return QCryptographicHash::hash(readAll(path), QCryptographicHash::Sha256).toHex();
}

} // namespace

class TestCliAdr : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_demo = m_dir.filePath(QStringLiteral("demo.terrain"));
        EXPECT_RUN(run({QStringLiteral("demo"), m_demo}), 0);
    }

    void helpNamesTheVerbs() {
        const Result r = run({QStringLiteral("--help")});
        EXPECT_RUN(r, 0);
        QVERIFY(r.out.contains("--format adr -o DIR [--layout adr-tools|madr|log4brains]"));
        QVERIFY(r.out.contains("terrain import FILE DIR --format adr"));
    }

    void usageErrors() {
        const QString out = m_dir.filePath(QStringLiteral("usage"));
        Result r = run({QStringLiteral("export"), m_demo, QStringLiteral("--format"), QStringLiteral("adr"),
                        QStringLiteral("-o"), out, QStringLiteral("--layout"), QStringLiteral("nygard")});
        EXPECT_RUN(r, 2);
        QVERIFY(r.err.contains("unknown --layout \"nygard\"; the layouts are adr-tools, madr, log4brains"));
        r = run({QStringLiteral("export"), m_demo, QStringLiteral("--format"), QStringLiteral("adr")});
        EXPECT_RUN(r, 2);
        QVERIFY(r.err.contains("give -o DIR"));
        r = run(
            {QStringLiteral("import"), m_demo, out, out, QStringLiteral("--format"), QStringLiteral("adr")});
        EXPECT_RUN(r, 2);
        QVERIFY(!QFileInfo::exists(out));
    }

    void everyLayoutOnTheDemoMap_data() {
        QTest::addColumn<QString>("layout");
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("firstFile");
        QTest::newRow("adr-tools") << "adr-tools"
                                   << "doc/adr"
                                   << "0001-strangle-the-monolith-s-billing-module-behind-the-alb.md";
        QTest::newRow("madr") << "madr"
                              << "docs/decisions"
                              << "0001-strangle-the-monolith-s-billing-module-behind-the-alb.md";
        QTest::newRow("log4brains") << "log4brains"
                                    << "docs/adr" << QString();
    }
    void everyLayoutOnTheDemoMap() {
        QFETCH(QString, layout);
        QFETCH(QString, folder);
        QFETCH(QString, firstFile);
        const QString out = m_dir.filePath(QStringLiteral("demo-") + layout);
        Result r = run({QStringLiteral("export"), m_demo, QStringLiteral("--format"), QStringLiteral("adr"),
                        QStringLiteral("-o"), out, QStringLiteral("--layout"), layout});
        EXPECT_RUN(r, 0);
        QVERIFY2(r.out.contains("Wrote 5 decision records (" + layout.toUtf8() + ")"), r.out.constData());
        QVERIFY(r.out.contains("5 written, 0 unchanged"));
        const QString records = QDir(out).filePath(folder);
        QCOMPARE(QDir(records).entryList(QDir::Files).size(), 5);
        if (!firstFile.isEmpty())
            QVERIFY(QFileInfo::exists(QDir(records).filePath(firstFile)));
        if (layout == QStringLiteral("log4brains"))
            QVERIFY(readAll(QDir(out).filePath(QStringLiteral(".log4brains.yml")))
                        .contains("adrFolder: ./docs/adr"));
        const auto first = tree(out);

        // again: nothing rewritten, nothing added
        r = run({QStringLiteral("export"), m_demo, QStringLiteral("--format=adr"), QStringLiteral("-o"), out,
                 QStringLiteral("--layout=") + layout});
        EXPECT_RUN(r, 0);
        QVERIFY(r.out.contains("0 written, 5 unchanged"));
        QCOMPARE(tree(out), first);

        // import into a copy of the demo map without its decisions, export: the same bytes
        const QString copy = m_dir.filePath(QStringLiteral("copy-") + layout + QStringLiteral(".terrain"));
        EXPECT_RUN(run({QStringLiteral("demo"), copy}), 0);
        {
            auto p = Project::open(copy.toStdString());
            for (const auto& d : p->list<Decision>())
                p->erase<Decision>(d.id);
        }
        r = run({QStringLiteral("import"), copy, out, QStringLiteral("--format"), QStringLiteral("adr"),
                 QStringLiteral("--json")});
        EXPECT_RUN(r, 0);
        const QJsonObject report = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(report.value(QStringLiteral("layout")).toString(), layout);
        QCOMPARE(report.value(QStringLiteral("added")).toInt(), 5);
        QCOMPARE(r.err, QByteArray());
        const QString again = m_dir.filePath(QStringLiteral("again-") + layout);
        EXPECT_RUN(run({QStringLiteral("export"), copy, QStringLiteral("--format"), QStringLiteral("adr"),
                        QStringLiteral("-o"), again, QStringLiteral("--layout"), layout}),
                   0);
        auto expected = first;
        if (layout == QStringLiteral("log4brains")) // the project is named after the map file
            expected.erase(QStringLiteral(".log4brains.yml"));
        auto got = tree(again);
        got.erase(QStringLiteral(".log4brains.yml"));
        QCOMPARE(got, expected);

        // importing into the demo map itself: all unchanged
        r = run({QStringLiteral("import"), m_demo, out, QStringLiteral("--format"), QStringLiteral("adr")});
        EXPECT_RUN(r, 0);
        QVERIFY2(r.out.contains("0 added, 0 updated, 5 unchanged"), r.out.constData());
    }

    void hostileTitlesStayInDir() {
        const QString map = m_dir.filePath(QStringLiteral("hostile.terrain"));
        {
            auto p = Project::create(map.toStdString());
            for (const std::string t : {"../../etc/passwd", "/tmp/evil", "..", "\x01\x02", "a\\..\\..\\b"}) {
                Decision d;
                d.title = t;
                p->add(d);
            }
            Decision longOne;
            longOne.title = std::string(10000, 'z');
            p->add(longOne);
        }
        for (const QString& layout :
             {QStringLiteral("adr-tools"), QStringLiteral("madr"), QStringLiteral("log4brains")}) {
            QTemporaryDir outer;
            const QString out = QDir(outer.path()).filePath(QStringLiteral("out"));
            EXPECT_RUN(run({QStringLiteral("export"), map, QStringLiteral("--format"), QStringLiteral("adr"),
                            QStringLiteral("-o"), out, QStringLiteral("--layout"), layout}),
                       0);
            QCOMPARE(QDir(outer.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                     QStringList{QStringLiteral("out")});
            int records = 0;
            for (const auto& [name, bytes] : tree(out)) {
                QVERIFY2(!name.contains(QStringLiteral("..")), qPrintable(name));
                QVERIFY2(QFileInfo(name).fileName().size() <= 80, qPrintable(name));
                records += name.endsWith(QStringLiteral(".md")) ? 1 : 0;
            }
            QCOMPARE(records, 6);
        }
    }

    void badFolderChangesNothing() {
        const QString map = m_dir.filePath(QStringLiteral("bad.terrain"));
        EXPECT_RUN(run({QStringLiteral("demo"), map}), 0);
        const QByteArray before = hashOf(map);
        const QString dir = m_dir.filePath(QStringLiteral("bad-adr"));
        QDir().mkpath(QDir(dir).filePath(QStringLiteral("doc/adr")));
        QFile good(QDir(dir).filePath(QStringLiteral("doc/adr/0001-good.md")));
        QVERIFY(good.open(QIODevice::WriteOnly));
        good.write("# 1. Good\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n");
        good.close();
        QFile bad(QDir(dir).filePath(QStringLiteral("doc/adr/0002-bad.md")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("no title here\n");
        bad.close();
        Result r =
            run({QStringLiteral("import"), map, dir, QStringLiteral("--format"), QStringLiteral("adr")});
        EXPECT_RUN(r, 1);
        QVERIFY2(r.err.contains("0002-bad.md: line 1: expected the title line \"# N. Title\""),
                 r.err.constData());
        QCOMPARE(hashOf(map), before);
        r = run({QStringLiteral("import"), map, m_dir.filePath(QStringLiteral("nowhere")),
                 QStringLiteral("--format"), QStringLiteral("adr")});
        EXPECT_RUN(r, 1);
        QVERIFY(r.err.contains("nowhere: is not a folder"));
        QCOMPARE(hashOf(map), before);
    }

    void adrToolsReadsTheExport() {
        const QString adr = QStandardPaths::findExecutable(QStringLiteral("adr"));
        if (adr.isEmpty())
            QSKIP("adr-tools is not installed (apt-get install adr-tools)");
        const QString out = m_dir.filePath(QStringLiteral("tools"));
        EXPECT_RUN(run({QStringLiteral("export"), m_demo, QStringLiteral("--format"), QStringLiteral("adr"),
                        QStringLiteral("-o"), out}),
                   0);
        Result r = runIn(adr, {QStringLiteral("list")}, out);
        EXPECT_RUN(r, 0);
        const QStringList listed = QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(listed.size(), 5);
        QCOMPARE(listed.first(),
                 QStringLiteral("doc/adr/0001-strangle-the-monolith-s-billing-module-behind-the-alb.md"));
        r = runIn(adr, {QStringLiteral("generate"), QStringLiteral("toc")}, out);
        EXPECT_RUN(r, 0);
        QVERIFY2(r.out.startsWith("# Architecture Decision Records\n\n"), r.out.constData());
        QVERIFY2(r.out.contains("* [4. Use Grafana Cloud for logs and "
                                "metrics](0004-use-grafana-cloud-for-logs-and-metrics.md)\n"),
                 r.out.constData());
        QCOMPARE(r.out.count("\n* ["), 5);
        r = runIn(adr, {QStringLiteral("generate"), QStringLiteral("graph")}, out);
        EXPECT_RUN(r, 0);
        // the supersede link, as adr-tools reads it from the Status section
        QVERIFY2(r.out.contains("_4 -> _2 [label=\"Supersedes\", weight=0]"), r.out.constData());
        // a record adr-tools itself adds next is numbered after ours, and Terrain reads it back
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        QProcess p;
        env.insert(QStringLiteral("EDITOR"), QStringLiteral("true"));
        env.insert(QStringLiteral("VISUAL"), QStringLiteral("true"));
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(out);
        p.start(adr, {QStringLiteral("new"), QStringLiteral("-s"), QStringLiteral("5"), QStringLiteral("Use"),
                      QStringLiteral("Terragrunt")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(QFileInfo::exists(QDir(out).filePath(QStringLiteral("doc/adr/0006-use-terragrunt.md"))));
        const QString map = m_dir.filePath(QStringLiteral("tools.terrain"));
        EXPECT_RUN(run({QStringLiteral("demo"), map}), 0);
        r = run({QStringLiteral("import"), map, out, QStringLiteral("--format"), QStringLiteral("adr")});
        EXPECT_RUN(r, 0);
        QVERIFY2(r.out.contains("1 added, 1 updated, 4 unchanged"), r.out.constData());
        auto project = Project::open(map.toStdString());
        std::optional<Decision> added, five;
        for (const auto& d : project->list<Decision>()) {
            if (d.number == 6)
                added = d;
            if (d.number == 5)
                five = d;
        }
        QVERIFY(added && five);
        QCOMPARE(added->title, std::string("Use Terragrunt"));
        QCOMPARE(added->status, std::string("accepted"));
        QCOMPARE(added->supersedes, std::optional<Id>(five->id));
        QCOMPARE(five->status, std::string("superseded"));
    }

    void log4brainsBuildsTheExport() {
        QString l4b = QStandardPaths::findExecutable(QStringLiteral("log4brains"));
        if (l4b.isEmpty())
            l4b = qEnvironmentVariable("TERRAIN_LOG4BRAINS");
        if (l4b.isEmpty() || !QFileInfo(l4b).isExecutable())
            QSKIP("log4brains is not installed (npm install -g log4brains, or set TERRAIN_LOG4BRAINS)");
        const QString out = m_dir.filePath(QStringLiteral("l4b"));
        EXPECT_RUN(run({QStringLiteral("export"), m_demo, QStringLiteral("--format"), QStringLiteral("adr"),
                        QStringLiteral("-o"), out, QStringLiteral("--layout"), QStringLiteral("log4brains")}),
                   0);
        const Result r = runIn(
            l4b, {QStringLiteral("build"), QStringLiteral("--out"), QStringLiteral("site")}, out, 600000);
        EXPECT_RUN(r, 0);
        QVERIFY(QFileInfo::exists(QDir(out).filePath(QStringLiteral("site/index.html"))));
        // log4brains read every record under its file name, with its status ("superseded by" included);
        // the pages themselves are rendered from this data (some only when first opened)
        const auto site = tree(QDir(out).filePath(QStringLiteral("site")));
        QByteArray adrs;
        for (const auto& [name, bytes] : site)
            if (name.endsWith(QStringLiteral("adrs.json")))
                adrs = bytes;
        QCOMPARE(adrs.count("\"slug\":\""), 5);
        QVERIFY(adrs.contains("\"slug\":\"20260211-use-grafana-cloud-for-logs-and-metrics\""));
        QCOMPARE(adrs.count("\"status\":\"superseded\""), 1);
        QCOMPARE(adrs.count("\"status\":\"accepted\""), 2);
        QCOMPARE(adrs.count("\"status\":\"proposed\""), 2);
    }

private:
    QTemporaryDir m_dir;
    QString m_demo;
};

QTEST_GUILESS_MAIN(TestCliAdr)
#include "tst_cli_adr.moc"
