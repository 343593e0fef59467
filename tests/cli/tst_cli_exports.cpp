// `terrain export` with the document formats (roadmap, report, Backstage catalog), run as scripts run it:
// every format to a file, to a folder (one name per format, nothing else written) and to stdout; a map
// with hostile names whose HTML, CSV and YAML stay safe; bad calls that exit 1 or 2 and write nothing.
#include "Entities.h"
#include "Project.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "CliRun.h"

using namespace terrain::test;

using namespace terrain;

namespace {

QStringList entries(const QString& dir) {
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

const QStringList kFormats = {QStringLiteral("roadmap-md"),   QStringLiteral("roadmap-html"),
                              QStringLiteral("roadmap-pdf"),  QStringLiteral("roadmap-csv"),
                              QStringLiteral("roadmap-json"), QStringLiteral("report-html"),
                              QStringLiteral("report-pdf"),   QStringLiteral("backstage")};

} // namespace

class TestCliExports : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void everyFormatToAFile();
    void intoAFolder();
    void textToStdout();
    void hostileNames();
    void badCalls();

private:
    QTemporaryDir m_dir;
    QString m_demo;
};

void TestCliExports::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_demo = m_dir.filePath(QStringLiteral("demo.terrain"));
    const Result r = run({QStringLiteral("demo"), m_demo});
    QVERIFY2(r.code == 0, r.err.constData());
}

void TestCliExports::everyFormatToAFile() {
    QTemporaryDir out;
    for (const QString& format : kFormats) {
        const QString target = out.filePath(QStringLiteral("out-") + format);
        const Result r = run({QStringLiteral("export"), m_demo, QStringLiteral("--format"), format,
                              QStringLiteral("-o"), target});
        QVERIFY2(r.code == 0, qPrintable(format + QLatin1Char(' ') + QString::fromUtf8(r.err)));
        QCOMPARE(r.out, QByteArray("Wrote " + target.toUtf8() + "\n"));
        QVERIFY2(!r.err.contains("terrain:"), r.err.constData()); // no error nor warning of ours
        const QByteArray bytes = readAll(target);
        if (format.endsWith(QStringLiteral("-pdf")))
            QVERIFY(bytes.startsWith("%PDF-") && bytes.contains("%%EOF"));
        else if (format == QStringLiteral("roadmap-md"))
            QVERIFY(bytes.startsWith("# Roadmap: demo\n") && bytes.contains("```mermaid\nflowchart LR\n"));
        else if (format.endsWith(QStringLiteral("-html")))
            QVERIFY(bytes.startsWith("<!DOCTYPE html>") && !bytes.contains("<script"));
        else if (format == QStringLiteral("roadmap-csv"))
            QVERIFY(
                bytes.startsWith("rank,key,title,area,phase,score,effort_pw,status,owner,prerequisites,"));
        else if (format == QStringLiteral("roadmap-json"))
            QVERIFY(bytes.contains("\"format\": \"terrain-roadmap\""));
        else
            QVERIFY(bytes.contains("apiVersion: backstage.io/v1alpha1\nkind: System\n"));
    }
    const QByteArray report = readAll(out.filePath(QStringLiteral("out-report-html")));
    QVERIFY(report.contains("<svg"));
    QVERIFY(report.contains("signs present: the company has outgrown its infrastructure."));
    QVERIFY(report.contains("<h2>Risk matrix</h2>"));
    QVERIFY(report.contains("<h2>Decisions</h2>"));
}

void TestCliExports::intoAFolder() {
    QTemporaryDir parent;
    const QString folder = parent.filePath(QStringLiteral("out"));
    QVERIFY(QDir().mkpath(folder));
    for (const QString& format : kFormats) {
        const Result r = run({QStringLiteral("export"), m_demo, QStringLiteral("--format=") + format,
                              QStringLiteral("-o"), folder});
        QVERIFY2(r.code == 0, r.err.constData());
    }
    // One file per format, named after the map, inside the folder; nothing beside it.
    QCOMPARE(entries(folder),
             QStringList({QStringLiteral("demo-catalog-info.yaml"), QStringLiteral("demo-report.html"),
                          QStringLiteral("demo-report.pdf"), QStringLiteral("demo-roadmap.csv"),
                          QStringLiteral("demo-roadmap.html"), QStringLiteral("demo-roadmap.json"),
                          QStringLiteral("demo-roadmap.md"), QStringLiteral("demo-roadmap.pdf")}));
    QCOMPARE(entries(parent.path()), QStringList({QStringLiteral("out")}));
}

void TestCliExports::textToStdout() {
    QTemporaryDir out;
    for (const QString& format : {QStringLiteral("roadmap-csv"), QStringLiteral("roadmap-md"),
                                  QStringLiteral("backstage"), QStringLiteral("roadmap-pdf")}) {
        const QString target = out.filePath(format);
        const Result toFile = run({QStringLiteral("export"), m_demo, QStringLiteral("--format"), format,
                                   QStringLiteral("-o"), target});
        const Result toStdout = run({QStringLiteral("export"), m_demo, QStringLiteral("--format"), format});
        QCOMPARE(toFile.code, 0);
        QCOMPARE(toStdout.code, 0); // a pipe, not a terminal: PDFs too
        if (format.endsWith(QStringLiteral("-pdf")))
            QVERIFY(toStdout.out.startsWith("%PDF-"));
        else
            QCOMPARE(toStdout.out, readAll(target));
    }
}

void TestCliExports::hostileNames() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hostile.terrain"));
    {
        auto project = Project::create(path.toStdString());
        System a;
        a.name = "<script>alert(1)</script>";
        a.kind = "service";
        a.owner = "=cmd|' /C calc'!A0";
        const Id ida = project->add(a);
        System b;
        b.name = "../../etc/passwd\n\"&";
        b.kind = "database";
        const Id idb = project->add(b);
        Dependency d;
        d.from = ida;
        d.to = idb;
        project->add(d);
        Initiative i;
        i.title = "=HYPERLINK(\"http://x\")";
        i.owner = "@evil";
        i.criteria = {SuccessCriterion{"+1", "-1", "=2", "\t"}};
        i.systems = {ida};
        project->add(i);
        Risk k;
        k.title = "<img src=x onerror=alert(1)>";
        project->add(k);
    }
    QTemporaryDir out;
    const Result html =
        run({QStringLiteral("export"), path, QStringLiteral("--format"), QStringLiteral("report-html")});
    QCOMPARE(html.code, 0);
    QVERIFY(!html.out.contains("<script"));
    QVERIFY(!html.out.contains("<img"));
    QVERIFY(html.out.contains("&lt;img src=x onerror=alert(1)&gt;"));
    const Result csv =
        run({QStringLiteral("export"), path, QStringLiteral("--format"), QStringLiteral("roadmap-csv")});
    QCOMPARE(csv.code, 0);
    QVERIFY(csv.out.contains("\"'=HYPERLINK(\"\"http://x\"\")\""));
    QVERIFY(csv.out.contains(",'@evil,"));
    for (const QByteArray& line : csv.out.split('\n'))
        for (const QByteArray& cell : line.split(','))
            QVERIFY2(!cell.startsWith('=') && !cell.startsWith('+') && !cell.startsWith('-') &&
                         !cell.startsWith('@') && !cell.startsWith('\t'),
                     cell.constData());
    const Result yaml =
        run({QStringLiteral("export"), path, QStringLiteral("--format"), QStringLiteral("backstage")});
    QCOMPARE(yaml.code, 0);
    QVERIFY(yaml.out.contains("name: \"script-alert-1-script\""));
    QVERIFY(yaml.out.contains("title: \"../../etc/passwd\\n\\\"&\""));
    // The folder export of this map writes its files in the folder only.
    const Result folder = run({QStringLiteral("export"), path, QStringLiteral("--format"),
                               QStringLiteral("roadmap-md"), QStringLiteral("-o"), out.path()});
    QCOMPARE(folder.code, 0);
    QCOMPARE(entries(out.path()), QStringList({QStringLiteral("hostile-roadmap.md")}));
}

void TestCliExports::badCalls() {
    QTemporaryDir out;
    Result r =
        run({QStringLiteral("export"), m_demo, QStringLiteral("--format"), QStringLiteral("roadmap-docx")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("unknown format \"roadmap-docx\""));
    QVERIFY(r.err.contains("roadmap-md, roadmap-html, roadmap-pdf, roadmap-csv, roadmap-json, report-html, "
                           "report-pdf, backstage"));
    r = run({QStringLiteral("export"), m_demo, QStringLiteral("--format"), QStringLiteral("report-pdf"),
             QStringLiteral("--layout"), QStringLiteral("madr")});
    QCOMPARE(r.code, 2);
    const QString missing = out.filePath(QStringLiteral("missing.terrain"));
    r = run({QStringLiteral("export"), missing, QStringLiteral("--format"), QStringLiteral("roadmap-md"),
             QStringLiteral("-o"), out.filePath(QStringLiteral("x.md"))});
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.contains(missing.toUtf8()));
    const QString noFolder = out.filePath(QStringLiteral("no/such/folder/report.html"));
    r = run({QStringLiteral("export"), m_demo, QStringLiteral("--format"), QStringLiteral("report-html"),
             QStringLiteral("-o"), noFolder});
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.contains("cannot be written"));
    QVERIFY(entries(out.path()).isEmpty());
    // --help lists them.
    r = run({QStringLiteral("--help")});
    QVERIFY(r.out.contains("roadmap-md (Markdown with a Mermaid diagram)"));
    QVERIFY(r.out.contains("report-html, report-pdf: the workshop"));
    QVERIFY(r.out.contains("backstage: a"));
}

QTEST_GUILESS_MAIN(TestCliExports)
#include "tst_cli_exports.moc"
