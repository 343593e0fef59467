// Graph analysis: strongly connected components and articulation points on small graphs whose answer
// is known, 100,000-node graphs without recursion, and every finding of `terrain check`.
#include "Analysis.h"
#include "Catalog.h"
#include "Project.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace terrain;

using Graph = std::vector<std::vector<int>>;
using Components = std::vector<std::vector<int>>;
Q_DECLARE_METATYPE(Graph)
Q_DECLARE_METATYPE(std::vector<int>)

namespace {

System makeSystem(const std::string& key, const std::string& owner = "team",
                  const std::string& status = "present") {
    System s;
    s.key = key;
    s.name = key;
    s.kind = "service";
    s.owner = owner;
    s.status = status;
    return s;
}

Dependency dep(Id from, Id to, const std::string& kind = "calls") {
    Dependency d;
    d.from = from;
    d.to = to;
    d.kind = kind;
    return d;
}

std::vector<const Finding*> withCode(const std::vector<Finding>& all, const std::string& code) {
    std::vector<const Finding*> out;
    for (const auto& f : all)
        if (f.code == code)
            out.push_back(&f);
    return out;
}
std::vector<const Finding*> withCode(std::vector<Finding>&&, const std::string&) = delete; // would dangle

} // namespace

class TestAnalysis : public QObject {
    Q_OBJECT
private slots:
    void cyclesOfSmallGraphs_data();
    void cyclesOfSmallGraphs();
    void articulationPointsOfSmallGraphs_data();
    void articulationPointsOfSmallGraphs();
    void hundredThousandNodesWithoutRecursion();
    void emptyMapHasNoFindings();
    void cycleFindingNamesItsMembers();
    void danglingReferencesAreErrors();
    void orphansAndUnowned();
    void singlePointsOfFailure();
    void fanIn();
    void prerequisiteCycle();
    void findingsAreOrderedAndStable();

private:
    std::unique_ptr<Project> newMap() {
        return Project::create(m_dir.filePath(QStringLiteral("a%1.terrain").arg(++m_n)).toStdString());
    }
    QTemporaryDir m_dir;
    int m_n = 0;
};

void TestAnalysis::cyclesOfSmallGraphs_data() {
    QTest::addColumn<Graph>("graph");
    QTest::addColumn<Components>("expected");
    QTest::newRow("empty") << Graph{} << Components{};
    QTest::newRow("one node") << Graph{{}} << Components{};
    QTest::newRow("chain") << Graph{{1}, {2}, {}} << Components{};
    QTest::newRow("self loop") << Graph{{0}, {}} << Components{{0}};
    QTest::newRow("two-cycle") << Graph{{1}, {0}} << Components{{0, 1}};
    QTest::newRow("triangle with a tail") << Graph{{1}, {2}, {0, 3}, {}} << Components{{0, 1, 2}};
    QTest::newRow("two separate cycles") << Graph{{1}, {0}, {3}, {4}, {2}} << Components{{0, 1}, {2, 3, 4}};
    QTest::newRow("figure eight") << Graph{{1}, {0, 2}, {1}} << Components{{0, 1, 2}};
    QTest::newRow("diamond, no cycle") << Graph{{1, 2}, {3}, {3}, {}} << Components{};
    QTest::newRow("cycle reached late") << Graph{{}, {}, {}, {4}, {3}} << Components{{3, 4}};
    QTest::newRow("out-of-range edges ignored") << Graph{{-1, 7}, {0}} << Components{};
    QTest::newRow("parallel edges") << Graph{{1, 1}, {0, 0}} << Components{{0, 1}};
}

void TestAnalysis::cyclesOfSmallGraphs() {
    QFETCH(Graph, graph);
    QFETCH(Components, expected);
    QCOMPARE(cycles(graph), expected);
}

void TestAnalysis::articulationPointsOfSmallGraphs_data() {
    QTest::addColumn<Graph>("graph");
    QTest::addColumn<std::vector<int>>("expected");
    QTest::newRow("empty") << Graph{} << std::vector<int>{};
    QTest::newRow("single edge") << Graph{{1}, {}} << std::vector<int>{};
    QTest::newRow("path") << Graph{{1}, {2}, {}} << std::vector<int>{1};
    QTest::newRow("path, edges reversed") << Graph{{}, {0}, {1}} << std::vector<int>{1};
    QTest::newRow("triangle") << Graph{{1}, {2}, {0}} << std::vector<int>{};
    QTest::newRow("star") << Graph{{}, {0}, {0}, {0}} << std::vector<int>{0};
    QTest::newRow("two triangles sharing a node") << Graph{{1}, {2}, {0, 3}, {4}, {2}} << std::vector<int>{2};
    QTest::newRow("square") << Graph{{1}, {2}, {3}, {0}} << std::vector<int>{};
    QTest::newRow("bridge between triangles")
        << Graph{{1}, {2}, {0, 3}, {4}, {5}, {3}} << std::vector<int>{2, 3};
    QTest::newRow("two components") << Graph{{1}, {2}, {}, {4}, {5}, {}} << std::vector<int>{1, 4};
    QTest::newRow("self loop ignored") << Graph{{0, 1}, {}} << std::vector<int>{};
    QTest::newRow("both directions") << Graph{{1}, {0, 2}, {1}} << std::vector<int>{1};
}

void TestAnalysis::articulationPointsOfSmallGraphs() {
    QFETCH(Graph, graph);
    QFETCH(std::vector<int>, expected);
    QCOMPARE(articulationPoints(graph), expected);
}

void TestAnalysis::hundredThousandNodesWithoutRecursion() {
    const int n = 100000;
    Graph chain(n);
    for (int i = 0; i + 1 < n; ++i)
        chain[static_cast<size_t>(i)].push_back(i + 1);
    QVERIFY(cycles(chain).empty());
    const auto cuts = articulationPoints(chain);
    QCOMPARE(cuts.size(), size_t(n - 2));
    QCOMPARE(cuts.front(), 1);
    QCOMPARE(cuts.back(), n - 2);

    Graph ring = chain;
    ring.back().push_back(0);
    const auto comps = cycles(ring);
    QCOMPARE(comps.size(), size_t(1));
    QCOMPARE(comps.front().size(), size_t(n));
    QVERIFY(articulationPoints(ring).empty());
}

void TestAnalysis::emptyMapHasNoFindings() {
    auto p = newMap();
    seedCatalog(*p);
    QVERIFY(checkMap(*p).empty());
}

void TestAnalysis::cycleFindingNamesItsMembers() {
    auto p = newMap();
    const Id a = p->add(makeSystem("a"));
    const Id b = p->add(makeSystem("b"));
    const Id c = p->add(makeSystem("c"));
    p->add(makeSystem("d"));
    p->add(dep(a, b));
    p->add(dep(b, c));
    p->add(dep(c, a));
    const auto all = checkMap(*p);
    const auto findings = withCode(all, "cycle");
    QCOMPARE(findings.size(), size_t(1));
    QCOMPARE(findings[0]->level, std::string("warning"));
    QCOMPARE(findings[0]->systems, (std::vector<std::string>{"a", "b", "c"}));
    QVERIFY2(findings[0]->message.find("3 systems") != std::string::npos, findings[0]->message.c_str());
    QVERIFY(findings[0]->message.find("a, b and c") != std::string::npos);
}

void TestAnalysis::danglingReferencesAreErrors() {
    auto p = newMap();
    System web = makeSystem("web");
    web.name = "Web shop";
    const Id w = p->add(web);
    System old = makeSystem("tf:old-db", "team", "gone");
    old.name = "old db";
    const Id o = p->add(old);
    p->add(dep(w, o, "reads"));
    Initiative open;
    open.key = "I-1";
    open.title = "Move off the old db";
    open.systems = {o};
    p->add(open);
    Initiative done = open;
    done.key = "I-2";
    done.status = "done";
    p->add(done);
    Migration m;
    m.key = "M-1";
    m.legacy = o; // a migration's legacy system is meant to go: not a finding
    m.replacement = w;
    p->add(m);

    const auto all = checkMap(*p);
    const auto dangling = withCode(all, "dangling");
    QCOMPARE(dangling.size(), size_t(2));
    QCOMPARE(dangling[0]->level, std::string("error"));
    QCOMPARE(
        dangling[0]->message,
        std::string("Web shop (web) depends on old db (tf:old-db) (reads), which is gone: it vanished from "
                    "its source; remove the dependency or the system"));
    QCOMPARE(dangling[0]->systems, (std::vector<std::string>{"web", "tf:old-db"}));
    QVERIFY2(dangling[1]->message.find("initiative I-1") == 0, dangling[1]->message.c_str());
    // A gone system is neither orphan nor unowned.
    for (const auto& f : all)
        QVERIFY(f.systems.empty() || f.code == "dangling" || f.systems.front() != "tf:old-db");
}

void TestAnalysis::orphansAndUnowned() {
    auto p = newMap();
    p->add(makeSystem("lonely"));
    System critical = makeSystem("payments", "");
    critical.criticality = "critical";
    const Id c = p->add(critical);
    const Id x = p->add(makeSystem("x", ""));
    System person = makeSystem("person:alice", "");
    person.kind = "person";
    const Id a = p->add(person);
    p->add(dep(x, c));
    p->add(dep(c, a));

    const auto all = checkMap(*p);
    const auto orphans = withCode(all, "orphan");
    QCOMPARE(orphans.size(), size_t(1));
    QCOMPARE(orphans[0]->level, std::string("info"));
    QCOMPARE(orphans[0]->systems, std::vector<std::string>{"lonely"});
    const auto unowned = withCode(all, "unowned");
    QCOMPARE(unowned.size(), size_t(2)); // people are not owned
    QCOMPARE(unowned[0]->level, std::string("warning"));
    QCOMPARE(unowned[0]->systems, std::vector<std::string>{"payments"});
    QCOMPARE(unowned[0]->message, std::string("payments is critical and has no owner"));
    QCOMPARE(unowned[1]->level, std::string("info"));
    QCOMPARE(unowned[1]->systems, std::vector<std::string>{"x"});

    // x contained by payments, once payments has an owner, has one too.
    critical = *p->get<System>(c);
    critical.owner = "finance";
    p->save(critical);
    p->add(dep(c, x, "contains"));
    const auto after = checkMap(*p);
    QVERIFY(withCode(after, "unowned").empty());
}

void TestAnalysis::singlePointsOfFailure() {
    // web -> api -> db, worker -> db: api and db are cut vertices; db has dependents, api too.
    // A leaf that depends on something but nothing depends on is never a spof.
    auto p = newMap();
    const Id web = p->add(makeSystem("web"));
    const Id api = p->add(makeSystem("api"));
    const Id db = p->add(makeSystem("db"));
    const Id worker = p->add(makeSystem("worker"));
    const Id cache = p->add(makeSystem("cache"));
    p->add(dep(web, api));
    p->add(dep(api, db));
    p->add(dep(worker, db));
    p->add(dep(db, cache)); // db is a cut vertex; cache is a leaf
    const auto all = checkMap(*p);
    const auto spof = withCode(all, "spof");
    QCOMPARE(spof.size(), size_t(2));
    QCOMPARE(spof[0]->systems, std::vector<std::string>{"api"});
    QCOMPARE(spof[1]->systems, std::vector<std::string>{"db"});
    QCOMPARE(spof[1]->level, std::string("warning"));
    QVERIFY2(spof[1]->message.find("2 systems depend on it") != std::string::npos, spof[1]->message.c_str());
}

void TestAnalysis::fanIn() {
    auto p = newMap();
    const Id hub = p->add(makeSystem("hub"));
    std::vector<Id> ids;
    for (int i = 0; i < 6; ++i)
        ids.push_back(p->add(makeSystem("client-" + std::to_string(i))));
    for (int i = 0; i < 5; ++i)
        p->add(dep(ids[static_cast<size_t>(i)], hub));
    p->add(dep(ids[5], ids[0])); // client-0: one dependent
    auto all = checkMap(*p);
    auto fan = withCode(all, "fan-in");
    QCOMPARE(fan.size(), size_t(1));
    QCOMPARE(fan[0]->systems, std::vector<std::string>{"hub"});
    QCOMPARE(fan[0]->message, std::string("hub has a high fan-in: 5 of 7 systems depend on it directly"));
    // Two kinds of edge between the same pair count one dependent.
    p->add(dep(ids[0], hub, "reads"));
    all = checkMap(*p);
    fan = withCode(all, "fan-in");
    QVERIFY(fan[0]->message.find(": 5 of 7") != std::string::npos);
}

void TestAnalysis::prerequisiteCycle() {
    auto p = newMap();
    Initiative a;
    a.key = "I-1";
    a.title = "Observability";
    const Id ia = p->add(a);
    Initiative b;
    b.key = "I-2";
    b.title = "Serverless";
    b.prerequisites = {ia};
    const Id ib = p->add(b);
    auto first = p->get<Initiative>(ia);
    first->prerequisites = {ib};
    p->save(*first);
    const auto all = checkMap(*p);
    const auto found = withCode(all, "prerequisite-cycle");
    QCOMPARE(found.size(), size_t(1));
    QCOMPARE(found[0]->level, std::string("warning"));
    QVERIFY2(found[0]->message.find("I-1 \"Observability\" and I-2 \"Serverless\"") != std::string::npos,
             found[0]->message.c_str());
}

void TestAnalysis::findingsAreOrderedAndStable() {
    auto p = newMap();
    const Id a = p->add(makeSystem("a", ""));
    const Id b = p->add(makeSystem("b"));
    const Id gone = p->add(makeSystem("gone", "team", "gone"));
    p->add(makeSystem("orphan"));
    p->add(dep(a, b));
    p->add(dep(b, a));
    p->add(dep(b, gone));
    const auto first = checkMap(*p);
    QVERIFY(first.size() >= 4);
    auto rank = [](const std::string& level) { return level == "error" ? 0 : level == "warning" ? 1 : 2; };
    for (size_t i = 1; i < first.size(); ++i)
        QVERIFY(rank(first[i - 1].level) <= rank(first[i].level));
    QCOMPARE(first.front().code, std::string("dangling"));
    const auto second = checkMap(*p);
    QCOMPARE(second.size(), first.size());
    for (size_t i = 0; i < first.size(); ++i)
        QCOMPARE(second[i].message, first[i].message);
}

QTEST_GUILESS_MAIN(TestAnalysis)
#include "tst_analysis.moc"
