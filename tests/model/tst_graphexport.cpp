// The graph exports: DOT read back by Graphviz's own parser (cgraph) with the right nodes, edges,
// clusters and labels, hostile names that must not break DOT or Mermaid, deterministic bytes, and
// SVG (well-formed XML) and PNG (an image Qt loads) rendered by Graphviz.
#include "Catalog.h"
#include "GraphExport.h"
#include "Project.h"

#include <QImage>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <graphviz/cgraph.h>

#include <cmath>
#include <map>
#include <set>

using namespace terrain;

namespace {

System sys(Id id, const std::string& key, const std::string& name, const std::string& env = {},
           const std::string& group = {}, const std::string& kind = "service") {
    System s;
    s.id = id;
    s.key = key;
    s.name = name;
    s.environment = env;
    s.group = group;
    s.kind = kind;
    return s;
}

Dependency dep(Id from, Id to, const std::string& kind = "calls") {
    Dependency d;
    d.from = from;
    d.to = to;
    d.kind = kind;
    return d;
}

/// Names that have broken graph exports elsewhere.
const std::vector<std::string>& hostileNames() {
    static const std::vector<std::string> v = {
        "say \"hi\"",
        "two\nlines\r\n",
        "back\\slash \\N \\G \\\"",
        "[brackets] {braces} (parens) <angles>",
        "a --> b -.-> c ==> d",
        "<script>alert(1)</script>",
        "end",
        "subgraph x",
        "semi; colon: pipe | hash # amp & entity &amp; &lt; &#60;",
        "%% comment",
        "}\n digraph evil { x }",
        "tab\there \x01 control",
        "caf\xc3\xa9 \xe2\x80\x93 ok",
        "bad utf8 \xff\xfe \xc3",
        "",
    };
    return v;
}

struct Hostile {
    std::vector<System> systems;
    std::vector<Dependency> deps;
};

Hostile hostileMap() {
    Hostile h;
    Id id = 0;
    for (const auto& name : hostileNames()) {
        ++id;
        h.systems.push_back(sys(id, "k" + std::to_string(id) + ":" + name, name,
                                id % 3 ? "prod \"x\"\n<b>" : "", id % 2 ? "grp [1] -->" : "",
                                id % 4 ? "service" : "database"));
    }
    h.systems[3].status = "gone";
    for (Id i = 1; i < id; ++i)
        h.deps.push_back(dep(i, i + 1, i % 2 ? "calls" : "reads-writes"));
    h.deps.push_back(dep(1, 1, "depends-on"));
    h.deps.push_back(dep(2, 5, "monitors"));
    h.deps.push_back(dep(2, 999, "calls")); // to nothing: left out
    return h;
}

struct CGraph {
    int nodes = -1;
    int edges = -1;
    int clusters = 0;
    std::vector<std::string> labels; ///< node labels as cgraph read them, by node name order n0, n1, ...
    std::string error;
};

int countClusters(Agraph_t* g) {
    int n = 0;
    for (Agraph_t* sub = agfstsubg(g); sub; sub = agnxtsubg(sub))
        n += (std::string(agnameof(sub)).rfind("cluster", 0) == 0) + countClusters(sub);
    return n;
}

CGraph parseDot(const std::string& dot) {
    CGraph r;
    Agraph_t* g = agmemread(dot.c_str());
    if (!g) {
        r.error = aglasterr() ? aglasterr() : "no graph";
        return r;
    }
    r.nodes = agnnodes(g);
    r.edges = agnedges(g);
    r.clusters = countClusters(g);
    for (int i = 0; i < r.nodes; ++i) {
        std::string name = "n" + std::to_string(i);
        Agnode_t* n = agnode(g, name.data(), 0);
        char attr[] = "label";
        r.labels.push_back(n ? agget(n, attr) : "(missing)");
    }
    agclose(g);
    return r;
}

} // namespace

class TestGraphExport : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void escaping_data();
    void escaping();
    void validUtf8Replaces();
    void dotOfTheDemoReadsBack();
    void dotWithHostileNamesReadsBack();
    void mermaidWithHostileNames();
    void mermaidOfTheDemo();
    void exportsAreDeterministic();
    void optionsLeaveOut();
    void svgIsWellFormed();
    void pngLoads();
    void piecesLieSideBySide();
    void largeGraphUsesSfdp();
    void badDotIsAnError();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Project> m_demo;
};

void TestGraphExport::initTestCase() {
    m_demo = Project::create(m_dir.filePath(QStringLiteral("demo.terrain")).toStdString());
    populateDemo(*m_demo);
}

void TestGraphExport::escaping_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("dot");
    QTest::addColumn<QByteArray>("mermaid");
    QTest::newRow("plain") << QByteArray("Web app") << QByteArray("\"Web app\"") << QByteArray("Web app");
    QTest::newRow("quote") << QByteArray("a\"b") << QByteArray("\"a\\\"b\"") << QByteArray("a#34;b");
    QTest::newRow("backslash") << QByteArray("a\\b") << QByteArray("\"a\\\\b\"") << QByteArray("a#92;b");
    QTest::newRow("newline") << QByteArray("a\nb") << QByteArray("\"a\\nb\"") << QByteArray("a b");
    QTest::newRow("ampersand") << QByteArray("a&b") << QByteArray("\"a&amp;b\"") << QByteArray("a#38;b");
    QTest::newRow("arrow") << QByteArray("a-->b") << QByteArray("\"a-->b\"") << QByteArray("a#45;#45;#62;b");
    QTest::newRow("script") << QByteArray("<script>") << QByteArray("\"<script>\"")
                            << QByteArray("#60;script#62;");
    QTest::newRow("brackets") << QByteArray("[x](y){z}") << QByteArray("\"[x](y){z}\"")
                              << QByteArray("#91;x#93;#40;y#41;#123;z#125;");
    QTest::newRow("hash and semicolon")
        << QByteArray("#1;") << QByteArray("\"#1;\"") << QByteArray("#35;1#59;");
    QTest::newRow("utf-8") << QByteArray("caf\xc3\xa9") << QByteArray("\"caf\xc3\xa9\"")
                           << QByteArray("caf\xc3\xa9");
}

void TestGraphExport::escaping() {
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, dot);
    QFETCH(QByteArray, mermaid);
    QCOMPARE(QByteArray::fromStdString(dotQuoted(text.toStdString())), dot);
    QCOMPARE(QByteArray::fromStdString(mermaidText(text.toStdString())), mermaid);
}

void TestGraphExport::validUtf8Replaces() {
    QCOMPARE(validUtf8("ok \xc3\xa9"), std::string("ok \xc3\xa9"));
    QCOMPARE(validUtf8("\xff"), std::string("\xEF\xBF\xBD"));
    QCOMPARE(validUtf8("a\xc3"), std::string("a\xEF\xBF\xBD"));
    QCOMPARE(validUtf8("\xc0\xaf"), std::string("\xEF\xBF\xBD\xEF\xBF\xBD"));                 // overlong '/'
    QCOMPARE(validUtf8("\xed\xa0\x80"), std::string("\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD")); // surrogate
    QCOMPARE(validUtf8("\xf0\x9f\x98\x80"), std::string("\xf0\x9f\x98\x80"));
}

void TestGraphExport::dotOfTheDemoReadsBack() {
    const std::string dot = mapToDot(*m_demo);
    const auto g = parseDot(dot);
    QVERIFY2(g.error.empty(), g.error.c_str());
    QCOMPARE(g.nodes, static_cast<int>(m_demo->count(EntityKind::System)));
    QCOMPARE(g.edges, static_cast<int>(m_demo->count(EntityKind::Dependency)));
    // production, staging, shared; module.db, module.staging_db, ... inside them.
    QVERIFY2(g.clusters >= 5, qPrintable(QString::number(g.clusters)));
    QVERIFY(dot.find("label=\"production\"") != std::string::npos);
    QVERIFY(dot.find("label=\"module.db\"") != std::string::npos);
    QVERIFY(std::find(g.labels.begin(), g.labels.end(),
                      std::string("Postgres primary (acme-prod-main)\\ndatabase")) != g.labels.end());
}

void TestGraphExport::dotWithHostileNamesReadsBack() {
    const Hostile h = hostileMap();
    const std::string dot = graphToDot(h.systems, h.deps);
    const auto g = parseDot(dot);
    QVERIFY2(g.error.empty(), (g.error + "\n" + dot).c_str());
    QCOMPARE(g.nodes, static_cast<int>(h.systems.size()));
    QCOMPARE(g.edges, static_cast<int>(h.deps.size()) - 1);
    QCOMPARE(g.clusters, 3); // the environment, its group, and the group of systems without one
    // Every label came through as one string: the quote and the fake closing brace stayed inside.
    std::set<std::string> labels(g.labels.begin(), g.labels.end());
    QVERIFY(labels.count("say \"hi\"\\nservice"));
    QVERIFY(labels.count("}\\n digraph evil { x }\\nservice"));
    // cgraph takes the backslash off an escaped quote only; the doubled ones stay doubled.
    QVERIFY(labels.count("back\\\\slash \\\\N \\\\G \\\\\"\\nservice"));
    QVERIFY(
        labels.count("semi; colon: pipe | hash # amp &amp; entity &amp;amp; &amp;lt; &amp;#60;\\nservice"));
    for (const auto& l : g.labels)
        for (char c : l)
            QVERIFY(static_cast<unsigned char>(c) >= 0x20);
    // Keys are tooltips, not node names: node names are n0, n1, ... only.
    QRegularExpression nodeLine(QStringLiteral("^  (n\\d+) \\["));
    int nodeLines = 0;
    for (const auto& line : QString::fromStdString(dot).split(QLatin1Char('\n')))
        nodeLines += nodeLine.match(line).hasMatch();
    QCOMPARE(nodeLines, static_cast<int>(h.systems.size()));
}

void TestGraphExport::mermaidWithHostileNames() {
    const Hostile h = hostileMap();
    const std::string text = graphToMermaid(h.systems, h.deps);
    const QStringList lines = QString::fromStdString(text).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.first(), QStringLiteral("flowchart LR"));
    // Each line is one of the shapes the writer makes; labels hold no quote, bracket, angle, pipe,
    // semicolon outside an entity code, or line break.
    const QString label = QStringLiteral("(?:[^\"\\[\\]{}()<>|;#\\n]|#\\d+;|<br/>)*");
    const QRegularExpression node(QStringLiteral("^  n\\d+(?:\\[\"%1\"\\]|\\[\\(\"%1\"\\)\\])$").arg(label));
    const QRegularExpression open(QStringLiteral("^ +subgraph c[\\d_]+\\[\"%1\"\\]$").arg(label));
    const QRegularExpression close(QStringLiteral("^ +end$"));
    const QRegularExpression member(QStringLiteral("^ +n\\d+$"));
    const QRegularExpression edge(QStringLiteral("^  n\\d+ (?:-->|-\\.->)(?:\\|[A-Za-z0-9 #;]*\\|)? n\\d+$"));
    const QRegularExpression style(QStringLiteral("^  (?:classDef gone .*|class (?:n\\d+,?)+ gone)$"));
    int nodes = 0, edges = 0, depth = 0;
    for (int i = 1; i < lines.size(); ++i) {
        const QString& l = lines[i];
        if (node.match(l).hasMatch())
            ++nodes;
        else if (edge.match(l).hasMatch())
            ++edges;
        else if (open.match(l).hasMatch())
            ++depth;
        else if (close.match(l).hasMatch())
            QVERIFY(--depth >= 0);
        else
            QVERIFY2(member.match(l).hasMatch() || style.match(l).hasMatch(), qPrintable(l));
    }
    QCOMPARE(depth, 0);
    QCOMPARE(nodes, static_cast<int>(h.systems.size()));
    QCOMPARE(edges, static_cast<int>(h.deps.size()) - 1);
    QVERIFY(text.find("#60;script#62;alert#40;1#41;#60;/script#62;") != std::string::npos);
    QVERIFY(text.find("<script") == std::string::npos);
    QVERIFY(QRegularExpression(QStringLiteral("\n  class n\\d+ gone\n"))
                .match(QString::fromStdString(text))
                .hasMatch());
    QVERIFY(text.find("#40;gone#41;") != std::string::npos);
}

void TestGraphExport::mermaidOfTheDemo() {
    const std::string text = mapToMermaid(*m_demo);
    QVERIFY(text.rfind("flowchart LR\n", 0) == 0);
    QVERIFY(text.find("subgraph c") != std::string::npos);
    QVERIFY(text.find("[(\"Postgres primary #40;acme#45;prod#45;main#41;<br/>database\")]") !=
            std::string::npos);
    QVERIFY(text.find("-->|reads#45;writes|") != std::string::npos);
    QVERIFY(text.find(" -.->|monitors| ") != std::string::npos);
}

void TestGraphExport::exportsAreDeterministic() {
    auto systems = m_demo->list<System>();
    auto deps = m_demo->list<Dependency>();
    const std::string dot = graphToDot(systems, deps), mermaid = graphToMermaid(systems, deps);
    std::reverse(systems.begin(), systems.end());
    std::reverse(deps.begin(), deps.end());
    QCOMPARE(graphToDot(systems, deps), dot);
    QCOMPARE(graphToMermaid(systems, deps), mermaid);
    QCOMPARE(mapToDot(*m_demo), dot);
}

void TestGraphExport::optionsLeaveOut() {
    const Hostile h = hostileMap();
    GraphExportOptions o;
    o.includeGone = false;
    o.clusters = false;
    o.edgeLabels = false;
    const auto g = parseDot(graphToDot(h.systems, h.deps, o));
    QCOMPARE(g.nodes, static_cast<int>(h.systems.size()) - 1);
    QCOMPARE(g.clusters, 0);
    QVERIFY(graphToDot(h.systems, h.deps, o).find("label=\"calls\"") == std::string::npos);
    QVERIFY(graphToMermaid(h.systems, h.deps, o).find("\n  subgraph ") == std::string::npos);
}

void TestGraphExport::svgIsWellFormed() {
    for (const bool hostile : {false, true}) {
        std::string dot;
        int expectedNodes = 0;
        if (hostile) {
            const Hostile h = hostileMap();
            dot = graphToDot(h.systems, h.deps);
            expectedNodes = static_cast<int>(h.systems.size());
        } else {
            dot = mapToDot(*m_demo);
            expectedNodes = static_cast<int>(m_demo->count(EntityKind::System));
        }
        const std::string svg = renderDot(dot, "svg");
        QXmlStreamReader xml(QByteArray::fromStdString(svg));
        int nodes = 0;
        bool sawSvg = false;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QLatin1String("svg"))
                sawSvg = true;
            if (xml.isStartElement() && xml.name() == QLatin1String("g") &&
                xml.attributes().value(QLatin1String("class")) == QLatin1String("node"))
                ++nodes;
            QVERIFY(!xml.isEntityReference());
        }
        QVERIFY2(!xml.hasError(),
                 qPrintable(xml.errorString() + QStringLiteral(" at line %1").arg(xml.lineNumber())));
        QVERIFY(sawSvg);
        QCOMPARE(nodes, expectedNodes);
        if (hostile)
            QVERIFY(svg.find("<script") == std::string::npos);
    }
}

void TestGraphExport::pngLoads() {
    const std::string png = renderDot(mapToDot(*m_demo), "png");
    QVERIFY(png.rfind("\x89PNG", 0) == 0);
    QImage image;
    QVERIFY(image.loadFromData(QByteArray::fromStdString(png), "PNG"));
    QVERIFY(image.width() > 200);
    QVERIFY(image.height() > 100);
}

void TestGraphExport::piecesLieSideBySide() {
    // Unrelated files: five chains of four systems (one in a group of production) and forty that nothing
    // connects. Dot alone stacks them in one column; the drawing puts them side by side, each whole.
    std::vector<System> systems;
    std::vector<Dependency> deps;
    for (int i = 0; i < 60; ++i) {
        const std::string n = std::to_string(100 + i);
        systems.push_back(sys(i + 1, "s" + n, "system " + n, i < 4 ? "production" : "", i < 4 ? "shop" : ""));
    }
    for (int c = 0; c < 5; ++c)
        for (int i = 1; i < 4; ++i)
            deps.push_back(dep(c * 4 + i, c * 4 + i + 1, "depends-on"));
    const std::string svg = renderDot(graphToDot(systems, deps), "svg");
    QXmlStreamReader xml(QByteArray::fromStdString(svg));
    double width = 0, height = 0;
    std::map<std::string, QPointF> labelOf; // each node's first line, where it is written
    std::string title;
    bool inNode = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto a = xml.attributes();
        if (xml.name() == QLatin1String("svg")) {
            width = a.value(QLatin1String("width")).toString().remove(QLatin1String("pt")).toDouble();
            height = a.value(QLatin1String("height")).toString().remove(QLatin1String("pt")).toDouble();
        } else if (xml.name() == QLatin1String("g") &&
                   a.value(QLatin1String("class")) == QLatin1String("node")) {
            inNode = true;
        } else if (inNode && xml.name() == QLatin1String("text")) {
            const QPointF at(a.value(QLatin1String("x")).toDouble(), a.value(QLatin1String("y")).toDouble());
            labelOf.try_emplace(xml.readElementText().toStdString(), at);
            inNode = false;
        }
    }
    QVERIFY(!xml.hasError());
    QCOMPARE(labelOf.size(), size_t(60));
    QVERIFY2(width / height > 0.5 && width / height < 3,
             qPrintable(QStringLiteral("%1 x %2").arg(width).arg(height)));
    for (const auto& [label, at] : labelOf) { // inside the drawing (y up from its foot), never on another
        QVERIFY2(at.x() > 0 && at.x() < width && at.y() < 0 && at.y() > -height, label.c_str());
        for (const auto& [other, there] : labelOf)
            QVERIFY(other == label || std::abs(at.x() - there.x()) > 20 || std::abs(at.y() - there.y()) > 10);
    }
    for (int c = 0; c < 5; ++c) // each chain still runs left to right
        for (int i = 0; i < 3; ++i)
            QVERIFY(labelOf.at("system " + std::to_string(100 + c * 4 + i)).x() <
                    labelOf.at("system " + std::to_string(100 + c * 4 + i + 1)).x());
}

void TestGraphExport::largeGraphUsesSfdp() {
    // A cyclic graph of 2,000 nodes: dot could take minutes; sfdp takes about a second.
    std::vector<std::pair<int, int>> edges;
    for (int i = 0; i < 2000; ++i)
        edges.emplace_back(i, (i * 7 + 3) % 2000);
    QCOMPARE(renderEngineFor(2000, edges), std::string("sfdp"));
    QCOMPARE(renderEngineFor(3, {{0, 1}, {1, 2}}), std::string("dot"));
    std::vector<System> systems;
    std::vector<Dependency> deps;
    for (int i = 0; i < 2000; ++i)
        systems.push_back(sys(i + 1, "s" + std::to_string(10000 + i), "system " + std::to_string(i)));
    for (const auto& [a, b] : edges)
        deps.push_back(dep(a + 1, b + 1));
    GraphExportOptions o;
    o.edgeLabels = false;
    QElapsedTimer t;
    t.start();
    const std::string svg = renderDot(graphToDot(systems, deps, o), "svg");
    qInfo("2,000 cyclic systems to SVG: %lld ms", static_cast<long long>(t.elapsed()));
    QXmlStreamReader xml(QByteArray::fromStdString(svg));
    while (!xml.atEnd())
        xml.readNext();
    QVERIFY(!xml.hasError());
}

void TestGraphExport::badDotIsAnError() {
    QVERIFY_THROWS_EXCEPTION(Error, renderDot("digraph { a -> ", "svg"));
    QVERIFY_THROWS_EXCEPTION(Error, renderDot("digraph { a }", "gif"));
    QVERIFY_THROWS_EXCEPTION(Error, renderDot("digraph { a }", "svg", "neato; rm -rf"));
    // The renderer still works after an error.
    QVERIFY(renderDot("digraph { a -> b }", "svg").find("</svg>") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestGraphExport)
#include "tst_graphexport.moc"
