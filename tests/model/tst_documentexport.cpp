// The document exports (issue 6) on a map full of hostile names: HTML escapes every string and loads
// nothing, CSV cells never start a formula and read back to the same text, Markdown and Mermaid labels
// cannot break the table or the diagram (Mermaid's own parser, when installed), the report places risks
// in the right cells and says the verdict, PDFs are PDFs, and the Backstage catalog is valid (Backstage's
// own catalog model, when installed) and reads back through our importer.
#include "BackstageExport.h"
#include "BackstageParser.h"
#include "Catalog.h"
#include "DocumentExport.h"
#include "ExportText.h"
#include "GraphExport.h"
#include "Project.h"
#include "ReportExport.h"
#include "RoadmapExport.h"
#include "SourceText.h"
#include "Symptoms.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace terrain;

namespace {

const std::vector<std::string> kHostile = {"<script>alert('x')</script>",
                                           "\"quoted\" & <b>bold</b>",
                                           "=cmd|' /C calc'!A0",
                                           "+1+1",
                                           "-2+3",
                                           "@SUM(A1:A2)",
                                           "\tTabbed",
                                           "line\nbreak\r\nagain",
                                           "../../etc/passwd",
                                           "```\n# heading | pipe ]] --> x;end"};

/// A map in which every text a person can type is hostile.
ExportInput hostileInput() {
    ExportInput in;
    in.mapName = "shop <script>\"&";
    for (size_t i = 0; i < kHostile.size(); ++i) {
        System s;
        s.id = Id(i + 1);
        s.key = "manual:" + std::to_string(i);
        s.name = kHostile[i];
        s.kind = i % 3 == 0 ? "service" : i % 3 == 1 ? "database" : "queue";
        s.owner = kHostile[(i + 1) % kHostile.size()];
        s.environment = "production";
        s.tags = {kHostile[i], "Team Blue"};
        s.lifecycle = i == 3 ? "retire" : "keep";
        in.systems.push_back(s);
    }
    System gone;
    gone.id = 99;
    gone.key = "manual:gone";
    gone.name = "vanished";
    gone.status = "gone";
    in.systems.push_back(gone);
    for (Id i = 1; i < Id(kHostile.size()); ++i) {
        Dependency d;
        d.id = i;
        d.from = i;
        d.to = i + 1;
        in.dependencies.push_back(d);
    }
    in.dependencies.push_back(Dependency{100, 1, 99, "calls", "manual", "", {}});
    Area a;
    a.id = 1;
    a.key = "release";
    a.title = kHostile[0];
    in.areas.push_back(a);
    for (size_t i = 0; i < kHostile.size(); ++i) {
        Initiative n;
        n.id = Id(i + 1);
        n.key = "I-" + std::to_string(i + 1);
        n.title = kHostile[i];
        n.area = 1;
        n.value = int(i % 10);
        n.urgency = int((i * 3) % 10);
        n.effort = int(1 + i % 4);
        n.owner = kHostile[(i + 2) % kHostile.size()];
        n.criteria = {SuccessCriterion{kHostile[i], "-1", "=2", "@"}};
        if (i > 0)
            n.prerequisites = {Id(i)}; // a chain: I-1 before I-2 before ...
        in.initiatives.push_back(n);
    }
    for (size_t i = 0; i < 5; ++i) {
        Risk r;
        r.id = Id(i + 1);
        r.key = "R-" + std::to_string(i + 1);
        r.title = kHostile[i];
        r.likelihood = int(i + 1);
        r.impact = int(5 - i);
        in.risks.push_back(r);
    }
    in.risks[4].status = "closed";
    Decision d;
    d.id = 1;
    d.number = 1;
    d.title = kHostile[0];
    d.status = "accepted";
    d.date = "2026-11-29";
    d.deciders = {kHostile[1], kHostile[2]};
    d.outcome = kHostile[3];
    d.initiatives = {1, 2};
    d.risks = {1};
    in.decisions.push_back(d);
    for (size_t i = 0; i < 5; ++i) {
        Symptom s;
        s.id = Id(i + 1);
        s.key = "sign-" + std::to_string(i);
        s.text = kHostile[i];
        s.observed = i < 3;
        s.evidence = kHostile[i + 4];
        in.symptoms.push_back(s);
    }
    return in;
}

/// The tag names of an HTML document (lower case, without '/').
std::set<QString> tagNames(const QString& html) {
    std::set<QString> names;
    static const QRegularExpression tag(QStringLiteral("<\\s*/?\\s*([A-Za-z!][A-Za-z0-9:-]*)"));
    for (auto it = tag.globalMatch(html); it.hasNext();)
        names.insert(it.next().captured(1).toLower());
    return names;
}

/// RFC 4180 records.
std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1);
    std::string cell;
    bool quoted = false, wasQuoted = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cell += c;
            }
        } else if (c == '"' && cell.empty() && !wasQuoted) {
            quoted = wasQuoted = true;
        } else if (c == ',') {
            rows.back().push_back(cell);
            cell.clear();
            wasQuoted = false;
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            rows.back().push_back(cell);
            cell.clear();
            wasQuoted = false;
            rows.emplace_back();
            ++i;
        } else {
            cell += c;
        }
    }
    if (rows.back().empty())
        rows.pop_back();
    return rows;
}

QString outputDir() {
    QDir().mkpath(QStringLiteral(TERRAIN_EXPORT_OUTPUT_DIR));
    return QStringLiteral(TERRAIN_EXPORT_OUTPUT_DIR);
}

void save(const QString& name, const std::string& bytes) {
    QFile f(QDir(outputDir()).filePath(name));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes.data(), qint64(bytes.size()));
}

/// Runs a node script of tests/model/node on a file: its exit code (3: modules missing), its output.
std::pair<int, QString> runNode(const QString& script, const QString& file) {
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty())
        return {3, QStringLiteral("node is not installed")};
    QProcess p;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NODE_PATH"),
               env.value(QStringLiteral("NODE_PATH"), QStringLiteral(TERRAIN_NODE_MODULES)));
    p.setProcessEnvironment(env);
    p.start(node, {QDir(QStringLiteral(TERRAIN_NODE_SCRIPTS)).filePath(script), file});
    if (!p.waitForFinished(120000))
        return {1, QStringLiteral("node did not finish")};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError())};
}

} // namespace

class TestDocumentExport : public QObject {
    Q_OBJECT
private slots:
    void escaping();
    void backstageNames();
    void markdownAndMermaid();
    void mermaidParses();
    void roadmapHtml();
    void roadmapCsv();
    void roadmapJson();
    void report();
    void riskMatrixCells();
    void verdict();
    void pdfs();
    void backstageReadsBack();
    void backstageValidates();
    void demoMapEveryFormat();
    void unknownFormat();
};

void TestDocumentExport::escaping() {
    QCOMPARE(htmlEscape("<a href=\"x\">&'</a>"),
             std::string("&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"));
    QCOMPARE(htmlEscape(std::string("a\x01\x7f"
                                    "b\xff")),
             std::string("ab\xEF\xBF\xBD"));
    QCOMPARE(csvCell("plain"), std::string("plain"));
    QCOMPARE(csvCell("=1+2"), std::string("'=1+2"));
    QCOMPARE(csvCell("  +1"), std::string("'  +1"));
    QCOMPARE(csvCell("-2"), std::string("'-2"));
    QCOMPARE(csvCell("@x"), std::string("'@x"));
    QCOMPARE(csvCell("\tx"), std::string("'\tx"));
    QCOMPARE(csvCell("a,\"b\""), std::string("\"a,\"\"b\"\"\""));
    QCOMPARE(csvCell("=a,b"), std::string("\"'=a,b\""));
    QCOMPARE(csvCell("x\ny"), std::string("\"x\ny\""));
    QCOMPARE(csvRow({"a", "b"}), std::string("a,b\r\n"));
    QCOMPARE(markdownText("a|b*c_d<e>&`f`"), std::string("a\\|b\\*c\\_d&lt;e&gt;&amp;\\`f\\`"));
    QCOMPARE(markdownText("- item"), std::string("\\- item"));
    QCOMPARE(markdownText("12. x"), std::string("12\\. x"));
    QCOMPARE(markdownText("a\nb\tc"), std::string("a b c"));
    QCOMPARE(markdownText("I-4 ok."), std::string("I-4 ok."));
}

void TestDocumentExport::backstageNames() {
    static const QRegularExpression valid(QStringLiteral("^([A-Za-z0-9]+[-_.])*[A-Za-z0-9]+$"));
    for (const auto& h : kHostile) {
        const QString name = QString::fromStdString(backstageName(h));
        QVERIFY2(valid.match(name).hasMatch() && name.size() <= 63, qPrintable(name));
    }
    QCOMPARE(backstageName("Web API (prod)"), std::string("Web-API-prod"));
    QCOMPARE(backstageName("a._-b"), std::string("a.b"));
    QCOMPARE(backstageName("db.main_1"), std::string("db.main_1"));
    QCOMPARE(backstageName("***"), std::string("unnamed"));
    QCOMPARE(backstageName(std::string(100, 'x')).size(), size_t(63));
    QCOMPARE(backstageName(std::string(62, 'x') + "-yz"), std::string(62, 'x'));
}

void TestDocumentExport::markdownAndMermaid() {
    const ExportInput in = hostileInput();
    const std::string md = roadmapMarkdown(in);
    save(QStringLiteral("hostile-roadmap.md"), md);
    const QString text = QString::fromStdString(md);
    QVERIFY(!text.contains(QStringLiteral("<script")));
    QVERIFY(!text.contains(QStringLiteral("<b>")));
    // One mermaid block: every node line is id["label"] with no quote, bracket or break inside the label.
    const qsizetype start = text.indexOf(QStringLiteral("```mermaid\n"));
    QVERIFY(start >= 0);
    const qsizetype end = text.indexOf(QStringLiteral("\n```\n"), start + 11);
    QVERIFY(end > start);
    QCOMPARE(text.count(QStringLiteral("```")), 2);
    const QStringList lines = text.mid(start + 11, end - start - 11).split(u'\n');
    QCOMPARE(lines.first(), QStringLiteral("flowchart LR"));
    static const QRegularExpression node(QStringLiteral("^    i\\d+\\[\"[^\"\\[\\]<>|`]*\"\\]$"));
    static const QRegularExpression sub(QStringLiteral("^  subgraph phase_[a-z]+\\[\"[A-Za-z]+\"\\]$"));
    static const QRegularExpression edge(QStringLiteral("^  i\\d+ --> i\\d+$"));
    int nodes = 0, edges = 0;
    for (const QString& l : lines.mid(1)) {
        if (node.match(l).hasMatch())
            ++nodes;
        else if (edge.match(l).hasMatch())
            ++edges;
        else
            QVERIFY2(sub.match(l).hasMatch() || l == QStringLiteral("  end"), qPrintable(l));
    }
    QCOMPARE(nodes, int(kHostile.size()));
    QCOMPARE(edges, int(kHostile.size()) - 1);
    // The summary table: a header, a rule and one row per initiative, each with exactly 8 unescaped pipes.
    int rows = 0;
    static const QRegularExpression pipe(QStringLiteral("(?<!\\\\)\\|"));
    for (const QString& l : text.split(u'\n'))
        if (l.startsWith(QStringLiteral("| "))) {
            QCOMPARE(int(l.count(pipe)), 8);
            ++rows;
        }
    QCOMPARE(rows, int(kHostile.size()) + 1);
    // Every initiative has its reasons and success criteria.
    QCOMPARE(int(text.count(QStringLiteral("- Why here:"))), int(kHostile.size()));
    QCOMPARE(int(text.count(QStringLiteral("- Success criteria:\n"))), int(kHostile.size()));
    // No hostile line break reached a line of its own: every line is a known kind of line.
    for (const QString& l : text.split(u'\n'))
        QVERIFY2(!l.startsWith(u'#') || l.startsWith(QStringLiteral("# Roadmap")) ||
                     l.startsWith(QStringLiteral("## ")) || l.startsWith(QStringLiteral("### ")),
                 qPrintable(l));
}

void TestDocumentExport::mermaidParses() {
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("roadmap.md"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray::fromStdString(roadmapMarkdown(hostileInput())));
    f.close();
    const auto [code, output] = runNode(QStringLiteral("mermaid_parse.mjs"), file);
    if (code == 3)
        QSKIP(qPrintable(QStringLiteral("Mermaid's parser is not installed: ") + output));
    QVERIFY2(code == 0, qPrintable(output));
    QVERIFY(output.contains(QStringLiteral("1 diagram(s) parsed")));
}

void TestDocumentExport::roadmapHtml() {
    const std::string html = terrain::roadmapHtml(hostileInput());
    save(QStringLiteral("hostile-roadmap.html"), html);
    const QString text = QString::fromStdString(html);
    const std::set<QString> allowed = {
        QStringLiteral("!doctype"), QStringLiteral("html"),  QStringLiteral("head"),  QStringLiteral("meta"),
        QStringLiteral("title"),    QStringLiteral("style"), QStringLiteral("body"),  QStringLiteral("h1"),
        QStringLiteral("h2"),       QStringLiteral("p"),     QStringLiteral("table"), QStringLiteral("thead"),
        QStringLiteral("tbody"),    QStringLiteral("tr"),    QStringLiteral("th"),    QStringLiteral("td"),
        QStringLiteral("ul"),       QStringLiteral("li"),    QStringLiteral("b"),     QStringLiteral("br"),
        QStringLiteral("span")};
    for (const QString& t : tagNames(text))
        QVERIFY2(allowed.count(t), qPrintable(t));
    QVERIFY(text.contains(QStringLiteral("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")));
    QVERIFY(text.contains(QStringLiteral("&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;")));
    // Self-contained: nothing is fetched (no src or href anywhere) and a CSP forbids it anyway.
    QVERIFY(!text.contains(QStringLiteral("src=")));
    QVERIFY(!text.contains(QStringLiteral("href=")));
    QVERIFY(text.contains(QStringLiteral("default-src 'none'")));
    QVERIFY(text.contains(QStringLiteral("@media print")));
    // Every place with its reasons, phase and criteria.
    QCOMPARE(int(text.count(QStringLiteral("<td class=\"phase-"))),
             int(kHostile.size()) + 3); // + the summary
    QVERIFY(text.contains(QStringLiteral("fits its capacity")) || text.contains(QStringLiteral("is full")));
    QVERIFY(text.contains(QStringLiteral("-1 @ \u2192 =2 @")));
}

void TestDocumentExport::roadmapCsv() {
    const ExportInput in = hostileInput();
    const std::string csv = terrain::roadmapCsv(in);
    save(QStringLiteral("hostile-roadmap.csv"), csv);
    const auto rows = parseCsv(csv);
    QCOMPARE(rows.size(), kHostile.size() + 1);
    QCOMPARE(rows[0].front(), std::string("rank"));
    std::set<std::string> titles;
    for (size_t r = 0; r < rows.size(); ++r) {
        QCOMPARE(rows[r].size(), size_t(13));
        for (const auto& cell : rows[r]) {
            const size_t first = cell.find_first_not_of(' ');
            QVERIFY2(cell.empty() || (cell[0] != '\t' && cell[0] != '\r' &&
                                      std::string("=+-@").find(
                                          cell[first == std::string::npos ? 0 : first]) == std::string::npos),
                     cell.c_str());
        }
        if (r > 0) {
            QCOMPARE(rows[r][0], std::to_string(r)); // rank order
            std::string title = rows[r][2];
            if (!title.empty() && title[0] == '\'')
                title.erase(0, 1);
            titles.insert(title);
        }
    }
    // The titles read back as typed (after the formula guard is taken off).
    QCOMPARE(titles, std::set<std::string>(kHostile.begin(), kHostile.end()));
}

void TestDocumentExport::roadmapJson() {
    const json j = terrain::roadmapJson(hostileInput());
    QCOMPARE(j["format"].get<std::string>(), std::string("terrain-roadmap"));
    const json& items = j["roadmap"];
    QCOMPARE(items.size(), kHostile.size());
    std::set<std::string> placed;
    for (size_t i = 0; i < items.size(); ++i) {
        QCOMPARE(items[i]["rank"].get<int>(), int(i + 1));
        for (const auto& pre : items[i]["prerequisites"])
            QVERIFY(placed.count(pre.get<std::string>())); // never before its prerequisites
        placed.insert(items[i]["key"].get<std::string>());
        QVERIFY(!items[i]["reasons"].empty());
        QVERIFY(items[i]["reasons"][0].get<std::string>().rfind("score ", 0) == 0);
        QCOMPARE(items[i]["success_criteria"].size(), size_t(1));
        QVERIFY(!items[i]["phase"].get<std::string>().empty());
    }
    // Round trip through the text.
    const std::string text = exportDocument(hostileInput(), "roadmap-json");
    QCOMPARE(json::parse(text)["roadmap"].size(), kHostile.size());
}

void TestDocumentExport::report() {
    const std::string html = reportHtml(hostileInput());
    save(QStringLiteral("hostile-report.html"), html);
    const QString text = QString::fromStdString(html);
    QVERIFY(!text.contains(QStringLiteral("<script"), Qt::CaseInsensitive));
    QVERIFY(!text.contains(QStringLiteral("<b>bold")));
    QVERIFY(!text.contains(QStringLiteral("<?xml")));
    QVERIFY(!text.contains(QStringLiteral("href=")));
    const std::set<QString> allowed = {
        QStringLiteral("!doctype"), QStringLiteral("html"),     QStringLiteral("head"),
        QStringLiteral("meta"),     QStringLiteral("title"),    QStringLiteral("style"),
        QStringLiteral("body"),     QStringLiteral("h1"),       QStringLiteral("h2"),
        QStringLiteral("p"),        QStringLiteral("table"),    QStringLiteral("thead"),
        QStringLiteral("tbody"),    QStringLiteral("tr"),       QStringLiteral("th"),
        QStringLiteral("td"),       QStringLiteral("ul"),       QStringLiteral("li"),
        QStringLiteral("b"),        QStringLiteral("br"),       QStringLiteral("span"),
        QStringLiteral("div"),      QStringLiteral("svg"),      QStringLiteral("g"),
        QStringLiteral("polygon"),  QStringLiteral("path"),     QStringLiteral("ellipse"),
        QStringLiteral("text"),     QStringLiteral("polyline"), QStringLiteral("!--"),
        QStringLiteral("a") /* <a xlink:title>, no href */};
    for (const QString& t : tagNames(text))
        QVERIFY2(allowed.count(t), qPrintable(t));
    // The sections, in order.
    qsizetype at = 0;
    for (const char* heading : {"<h2>The map</h2>", "<svg", "<h2>Symptoms</h2>", "<h2>Risk matrix</h2>",
                                "<h2>Roadmap</h2>", "<h2>Decisions</h2>"}) {
        const qsizetype next = text.indexOf(QLatin1String(heading), at);
        QVERIFY2(next >= at, heading);
        at = next;
    }
    QVERIFY(
        text.contains(QStringLiteral("3 of 5 signs present: the company has outgrown its infrastructure.")));
    QVERIFY(text.contains(QStringLiteral("<b>ADR-0001</b> &lt;script&gt;")));
    QVERIFY(text.contains(QStringLiteral("initiatives: I-1, I-2")));
    QVERIFY(text.contains(QStringLiteral("1 closed risk not shown.")));
    // The map picture names the systems (escaped by Graphviz), not the gone one.
    QVERIFY(text.contains(QStringLiteral("../../etc/passwd")));
    QVERIFY(!text.contains(QStringLiteral("vanished")));
}

void TestDocumentExport::riskMatrixCells() {
    const ExportInput in = hostileInput();
    const QString html = QString::fromStdString(riskMatrixHtml(in.risks));
    QStringList rows = html.split(QStringLiteral("<tr>"));
    rows.removeFirst();       // before the first row
    QCOMPARE(rows.size(), 6); // the likelihood header and impact 5..1
    for (int impact = 5; impact >= 1; --impact) {
        QStringList cells = rows[6 - impact].split(QStringLiteral("<td "));
        cells.removeFirst(); // the row header
        QCOMPARE(cells.size(), 5);
        for (int likelihood = 1; likelihood <= 5; ++likelihood) {
            const QString& cell = cells[likelihood - 1];
            for (const auto& r : in.risks) {
                const bool here = r.status != "closed" && r.likelihood == likelihood && r.impact == impact;
                QCOMPARE(cell.contains(QStringLiteral("<b>%1</b>").arg(QString::fromStdString(r.key))), here);
            }
            const int exposure = likelihood * impact;
            const char* band = exposure >= 20   ? "critical"
                               : exposure >= 12 ? "high"
                               : exposure >= 6  ? "medium"
                                                : "low";
            QVERIFY(cell.startsWith(QStringLiteral("class=\"risk-%1\"").arg(QLatin1String(band))));
        }
    }
}

void TestDocumentExport::verdict() {
    // The report's verdict is the checklist's (model/Symptoms), in HTML.
    ExportInput in = hostileInput();
    in.symptoms.assign(12, Symptom{});
    auto verdictOf = [&] {
        const QString html = QString::fromStdString(exportDocument(in, "report-html"));
        const auto at = html.indexOf(QStringLiteral("<p class=\"verdict\">"));
        return html.mid(at, html.indexOf(QStringLiteral("</p>"), at) - at);
    };
    QVERIFY(verdictOf().contains(QStringLiteral("0 of 12 signs present: no sign of having outgrown")));
    in.symptoms[0].observed = in.symptoms[5].observed = true;
    QVERIFY(verdictOf().contains(QStringLiteral("2 of 12 signs present: not yet outgrown")));
    in.symptoms[11].observed = true;
    QVERIFY(verdictOf().contains(
        QStringLiteral("3 of 12 signs present: the company has outgrown its infrastructure.")));
    QCOMPARE(verdictOf().toStdString(), "<p class=\"verdict\">" + symptomVerdict(in.symptoms, {}).summary);
}

void TestDocumentExport::pdfs() {
    for (const char* format : {"roadmap-pdf", "report-pdf"}) {
        const std::string pdf = exportDocument(hostileInput(), format);
        QVERIFY2(pdf.rfind("%PDF-", 0) == 0, format);
        QVERIFY(pdf.find("%%EOF") != std::string::npos);
        QVERIFY(pdf.size() > 2000);
        save(QStringLiteral("hostile-%1.pdf").arg(QLatin1String(format)), pdf);
    }
}

void TestDocumentExport::backstageReadsBack() {
    const ExportInput in = hostileInput();
    const std::string yaml = backstageCatalog(in);
    save(QStringLiteral("hostile-catalog-info.yaml"), yaml);
    SourceText src;
    src.path = src.name = "catalog-info.yaml";
    src.text = yaml;
    const Discovery d = BackstageParser().parse(src, {});
    // Every present system (the System entity is the map: neither a system nor a group), each known by the
    // key it was written from, which joins it to that system on the map.
    QCOMPARE(d.systems.size(), kHostile.size());
    std::set<std::string> names;
    std::map<std::string, std::string> keyOfName;
    std::set<std::string> writtenFrom;
    for (const auto& s : d.systems) {
        names.insert(s.name);
        keyOfName[s.name] = s.key;
        QCOMPARE(s.identifiers.size(), size_t(1));
        QVERIFY(s.group.empty());
        writtenFrom.insert(s.identifiers[0]);
    }
    std::set<std::string> keys;
    for (const auto& s : in.systems)
        if (s.status != "gone")
            keys.insert(s.key);
    QCOMPARE(writtenFrom, keys);
    for (const auto& h : kHostile)
        QVERIFY2(names.count(validUtf8(h)), h.c_str()); // titles read back exactly
    QVERIFY(!names.count("vanished"));
    // Every dependency between present systems, and only those (the gone system's edge is left out).
    std::set<std::pair<std::string, std::string>> edges;
    for (const auto& e : d.edges)
        if (e.kind == "depends-on")
            edges.insert({e.from, e.to});
    for (size_t i = 0; i + 1 < kHostile.size(); ++i)
        QVERIFY(edges.count({keyOfName[kHostile[i]], keyOfName[kHostile[i + 1]]}));
    QCOMPARE(edges.size(), kHostile.size() - 1);
    // Components for services, Resources for the rest, and the owner as a group reference.
    QVERIFY(yaml.find("kind: Component") != std::string::npos);
    QVERIFY(yaml.find("kind: Resource") != std::string::npos);
    QVERIFY(yaml.find("lifecycle: \"deprecated\"") != std::string::npos);
    QVERIFY(yaml.find("owner: \"group:default/") != std::string::npos);
}

void TestDocumentExport::backstageValidates() {
    QTemporaryDir dir;
    for (const auto& [name, input] : {std::pair{QStringLiteral("hostile.yaml"), hostileInput()}}) {
        const QString file = dir.filePath(name);
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(backstageCatalog(input)));
        f.close();
        const auto [code, output] = runNode(QStringLiteral("backstage_validate.cjs"), file);
        if (code == 3)
            QSKIP(qPrintable(QStringLiteral("Backstage's catalog model is not installed: ") + output));
        QVERIFY2(code == 0, qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("\"System\":1")), qPrintable(output));
    }
}

void TestDocumentExport::demoMapEveryFormat() {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("demo.terrain")).toStdString();
    {
        auto project = Project::create(path);
        seedCatalog(*project);
        populateDemo(*project);
    }
    auto project = Project::open(path);
    const ExportInput in = exportInput(*project);
    QCOMPARE(in.mapName, std::string("demo"));
    QVERIFY(!in.systems.empty());
    for (const auto& f : documentFormats()) {
        const std::string bytes = exportDocument(in, f.name);
        QVERIFY2(!bytes.empty(), f.name.c_str());
        save(QStringLiteral("demo-") + QString::fromStdString(f.name) + QString::fromStdString(f.extension),
             bytes);
        if (!f.binary) {
            // Deterministic; Graphviz may emit the clusters of the map picture in another order.
            auto withoutPicture = [](std::string text) {
                const size_t from = text.find("<div class=\"map\">");
                return from == std::string::npos ? text : text.erase(from, text.find("</div>", from) - from);
            };
            QVERIFY2(withoutPicture(exportDocument(in, f.name)) == withoutPicture(bytes), f.name.c_str());
        }
    }
    QTemporaryDir nodeDir;
    const QString catalog = nodeDir.filePath(QStringLiteral("catalog-info.yaml"));
    QFile c(catalog);
    QVERIFY(c.open(QIODevice::WriteOnly));
    c.write(QByteArray::fromStdString(exportDocument(in, "backstage")));
    c.close();
    const auto [code, output] = runNode(QStringLiteral("backstage_validate.cjs"), catalog);
    if (code != 3)
        QVERIFY2(code == 0, qPrintable(output));
}

void TestDocumentExport::unknownFormat() {
    QVERIFY(findDocumentFormat("roadmap-md"));
    QVERIFY(!findDocumentFormat("adr"));
    QVERIFY_THROWS_EXCEPTION(Error, exportDocument(hostileInput(), "nonsense"));
}

QTEST_MAIN(TestDocumentExport)
#include "tst_documentexport.moc"
