// The analysis on the map: blast radius (checked against a plain search on random graphs with
// cycles), single points of failure ranked by it, runtime-only, hand-reached and unmonitored systems,
// environment parity, on hand-built maps and on the demo map, and 100,000 systems without recursion.
#include "Catalog.h"
#include "GraphAnalysis.h"
#include "Project.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace terrain;

namespace {

/// Builds maps by key without a project file.
struct Builder {
    std::vector<System> systems;
    std::vector<Dependency> deps;

    Builder& add(const std::string& key, const std::string& kind = "service", const std::string& env = {},
                 const std::string& name = {}) {
        System s;
        s.id = static_cast<Id>(systems.size() + 1);
        s.key = key;
        s.name = name.empty() ? key : name;
        s.kind = kind;
        s.environment = env;
        s.owner = "team";
        systems.push_back(std::move(s));
        return *this;
    }
    System& last() { return systems.back(); }
    System& operator[](const std::string& key) {
        for (auto& s : systems)
            if (s.key == key)
                return s;
        qFatal("no system %s", key.c_str());
    }
    Builder& dep(const std::string& from, const std::string& to, const std::string& kind = "calls") {
        Dependency d;
        d.id = static_cast<Id>(deps.size() + 1);
        d.from = (*this)[from].id;
        d.to = (*this)[to].id;
        d.kind = kind;
        deps.push_back(d);
        return *this;
    }
    MapGraph graph() const { return MapGraph::fromLists(systems, deps); }
};

std::vector<std::string> keys(const MapGraph& g, const std::vector<int>& list) {
    std::vector<std::string> out;
    for (int i : list)
        out.push_back(g.at(i).key);
    return out;
}

std::vector<std::string> keys(const MapGraph& g, const std::vector<FlaggedSystem>& list) {
    std::vector<std::string> out;
    for (const auto& f : list)
        out.push_back(g.at(f.system).key);
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

const FlaggedSystem* find(const MapGraph& g, const std::vector<FlaggedSystem>& list, const std::string& key) {
    for (const auto& f : list)
        if (g.at(f.system).key == key)
            return &f;
    return nullptr;
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v)
        s += (s.empty() ? "" : " | ") + x;
    return s;
}

} // namespace

class TestGraphAnalysis : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void snapshotLeavesGoneSystemsOut();
    void blastRadiusDirectAndTransitive();
    void monitorsDoNotCarryFailure();
    void blastRadiusCountsMatchSearch_data();
    void blastRadiusCountsMatchSearch();
    void singlePointsOfFailureRankedByBlastRadius();
    void hundredThousandSystems();
    void runtimeOnly();
    void handReached();
    void unmonitored();
    void unroutedServices();
    void managedElsewhere();
    void unownedMostCriticalFirst();
    void parityNames_data();
    void parityNames();
    void parityOfHandBuiltEnvironments();
    void defaultPairs();
    void demoMap();
    void reportSections();

private:
    QTemporaryDir m_dir;
    MapGraph m_demo;
};

void TestGraphAnalysis::initTestCase() {
    auto project = Project::create(m_dir.filePath(QStringLiteral("demo.terrain")).toStdString());
    populateDemo(*project);
    m_demo = MapGraph::fromProject(*project);
    QVERIFY(m_demo.size() > 30);
}

void TestGraphAnalysis::snapshotLeavesGoneSystemsOut() {
    Builder b;
    b.add("a").add("b").add("old").dep("a", "b").dep("a", "old").dep("old", "b");
    b["old"].status = "gone";
    const MapGraph g = b.graph();
    QCOMPARE(g.size(), 2);
    QCOMPARE(g.edges.size(), size_t(1));
    QCOMPARE(g.indexOfKey("old"), -1);
    QCOMPARE(g.indexOfKey("b"), 1);
    QCOMPARE(g.indexOf(b["b"].id), 1);
    QCOMPARE(g.out[0], std::vector<int>{1});
    QCOMPARE(g.in[1], std::vector<int>{0});
}

void TestGraphAnalysis::blastRadiusDirectAndTransitive() {
    // a -> b -> c -> e, d -> c, plus a duplicate edge and a cycle x <-> y hanging off b.
    Builder b;
    b.add("a").add("b").add("c").add("d").add("e").add("x").add("y").add("z");
    b.dep("a", "b").dep("b", "c").dep("b", "c", "reads").dep("d", "c").dep("c", "e");
    b.dep("x", "b").dep("x", "y").dep("y", "x");
    const MapGraph g = b.graph();
    const auto r = blastRadius(g, g.indexOfKey("e"));
    QCOMPARE(keys(g, r.direct), (std::vector<std::string>{"c"}));
    QCOMPARE(keys(g, r.transitive), (std::vector<std::string>{"c", "b", "d", "a", "x", "y"}));
    QCOMPARE(r.depth, (std::vector<int>{1, 2, 2, 3, 3, 4}));
    QVERIFY(blastRadius(g, g.indexOfKey("z")).transitive.empty());
    QVERIFY(blastRadius(g, g.indexOfKey("a")).transitive.empty());
    // Inside a cycle each member is in the other's blast radius, never in its own.
    QCOMPARE(keys(g, blastRadius(g, g.indexOfKey("x")).transitive), std::vector<std::string>{"y"});
    QCOMPARE(blastRadiusCounts(g, {g.indexOfKey("e"), g.indexOfKey("x"), g.indexOfKey("z")}),
             (std::vector<int>{6, 1, 0}));
    QVERIFY(blastRadius(g, -1).transitive.empty());
    QVERIFY(blastRadius(g, 99).transitive.empty());
}

void TestGraphAnalysis::monitorsDoNotCarryFailure() {
    Builder b;
    b.add("uptime", "monitoring").add("lb", "load-balancer").add("app");
    b.dep("uptime", "lb", "monitors").dep("app", "lb", "routes-to");
    const MapGraph g = b.graph();
    QCOMPARE(keys(g, blastRadius(g, g.indexOfKey("lb")).transitive), std::vector<std::string>{"app"});
    QVERIFY(!failurePropagates("monitors"));
    QVERIFY(failurePropagates("runs-on"));
}

void TestGraphAnalysis::blastRadiusCountsMatchSearch_data() {
    QTest::addColumn<int>("nodes");
    QTest::addColumn<int>("edges");
    QTest::addColumn<quint32>("seed");
    QTest::newRow("sparse forest") << 300 << 200 << 1u;
    QTest::newRow("sparse") << 500 << 600 << 2u;
    QTest::newRow("dense, cyclic") << 200 << 1200 << 3u;
    QTest::newRow("more than 64 candidates per pass, cyclic") << 1000 << 1500 << 4u;
}

void TestGraphAnalysis::blastRadiusCountsMatchSearch() {
    QFETCH(int, nodes);
    QFETCH(int, edges);
    QFETCH(quint32, seed);
    QRandomGenerator rng(seed);
    Builder b;
    for (int i = 0; i < nodes; ++i)
        b.add("s" + std::to_string(100000 + i));
    for (int i = 0; i < edges; ++i)
        b.dep("s" + std::to_string(100000 + rng.bounded(nodes)),
              "s" + std::to_string(100000 + rng.bounded(nodes)));
    const MapGraph g = b.graph();
    std::vector<int> all(static_cast<size_t>(g.size()));
    for (int i = 0; i < g.size(); ++i)
        all[static_cast<size_t>(i)] = i;
    const auto counts = blastRadiusCounts(g, all);
    for (int i = 0; i < g.size(); ++i)
        QCOMPARE(counts[static_cast<size_t>(i)], static_cast<int>(blastRadius(g, i).transitive.size()));
}

void TestGraphAnalysis::singlePointsOfFailureRankedByBlastRadius() {
    // A star around "db" (6 dependents: high fan-in), and a chain web -> api -> cache -> vpc where
    // api, cache and vpc are cut vertices; vpc carries everything.
    Builder b;
    b.add("vpc", "network").add("cache", "cache").add("api").add("web").add("db", "database");
    for (int i = 0; i < 6; ++i)
        b.add("job" + std::to_string(i)).dep("job" + std::to_string(i), "db");
    b.dep("web", "api").dep("api", "cache").dep("cache", "vpc").dep("db", "vpc");
    b.add("lonely");
    const MapGraph g = b.graph();
    QCOMPARE(highFanInThreshold(g), 5);
    const auto spofs = singlePointsOfFailure(g);
    std::vector<std::string> order;
    for (const auto& s : spofs)
        order.push_back(g.at(s.system).key);
    QCOMPARE(order, (std::vector<std::string>{"vpc", "db", "cache", "api"}));
    QCOMPARE(spofs[0].blastRadius, 10);
    QCOMPARE(spofs[0].directDependents, 2);
    QVERIFY(spofs[0].articulationPoint);
    QCOMPARE(spofs[1].blastRadius, 6);
    QVERIFY(spofs[1].highFanIn);
    QCOMPARE(spofs[3].blastRadius, 1);
    for (const auto& s : spofs)
        QCOMPARE(s.blastRadius, static_cast<int>(blastRadius(g, s.system).transitive.size()));

    // What runs in more than one copy is none: the api's three replicas, the cache's autoscaler floor of
    // two (over one replica), a Multi-AZ database; one replica, or a floor of one, is one copy.
    Builder r = b;
    for (auto& s : r.systems) {
        if (s.key == "api")
            s.attributes = {{"replicas", 3}};
        if (s.key == "cache")
            s.attributes = {{"replicas", 1}, {"min_replicas", "2"}};
        if (s.key == "db")
            s.attributes = {{"multi_az", true}};
        if (s.key == "vpc")
            s.attributes = {{"replicas", 4}, {"min_replicas", 1}};
    }
    const MapGraph replicated = r.graph();
    std::vector<std::string> left;
    for (const auto& s : singlePointsOfFailure(replicated))
        left.push_back(replicated.at(s.system).key);
    QCOMPARE(left, std::vector<std::string>{"vpc"});
    QCOMPARE(knownCopies(replicated.at(replicated.indexOfKey("api"))), 3);
    QCOMPARE(knownCopies(replicated.at(replicated.indexOfKey("web"))), 1);
}

void TestGraphAnalysis::hundredThousandSystems() {
    // A chain of 100,000 (the deepest search there is): nothing recursive may overflow the stack, and
    // the capped scoring (every inner link is a cut vertex) still finds the link nearest the foot
    // (the foot itself is an end of the chain, not a cut vertex).
    constexpr int n = 100000;
    std::vector<System> systems(n);
    std::vector<Dependency> deps;
    for (int i = 0; i < n; ++i) {
        systems[static_cast<size_t>(i)].id = i + 1;
        systems[static_cast<size_t>(i)].key = "s" + std::to_string(1000000 + i);
        systems[static_cast<size_t>(i)].kind = "service";
        if (i > 0) {
            Dependency d;
            d.from = i + 1;
            d.to = i;
            deps.push_back(d);
        }
    }
    const MapGraph g = MapGraph::fromLists(std::move(systems), deps);
    QElapsedTimer t;
    t.start();
    QCOMPARE(static_cast<int>(blastRadius(g, 0).transitive.size()), n - 1);
    QCOMPARE(blastRadiusCounts(g, {0, n / 2, n - 1}), (std::vector<int>{n - 1, n / 2 - 1, 0}));
    const auto spofs = singlePointsOfFailure(g);
    QVERIFY(!spofs.empty());
    QCOMPARE(g.at(spofs.front().system).key, std::string("s1000001"));
    QCOMPARE(spofs.front().blastRadius, n - 2);
    const auto report = analyseGraph(g);
    QCOMPARE(report.unmonitored.size(), size_t(n));
    qInfo("100,000-system chain: %lld ms", static_cast<long long>(t.elapsed()));

    // A layered map of 100,000 systems and 250,000 dependencies (what an estate looks like): the whole
    // report, timed for information only (speed is the benchmark's business).
    std::vector<System> layered(n);
    std::vector<Dependency> edges;
    QRandomGenerator rng(7);
    for (int i = 0; i < n; ++i) {
        auto& s = layered[static_cast<size_t>(i)];
        s.id = i + 1;
        s.key = "l" + std::to_string(1000000 + i);
        s.kind = "service";
        s.environment = i % 3 ? "production" : "staging";
        s.sources = {i % 2 ? "k8s" : "tfstate"};
        const int layer = i / (n / 6);
        if (layer == 5)
            continue;
        for (int k = 0; k < (i % 5 == 0 ? 1 : 3); ++k) {
            Dependency d;
            d.from = i + 1;
            d.to = (layer + 1) * (n / 6) + static_cast<int>(rng.bounded(n / 6)) + 1;
            edges.push_back(d);
        }
    }
    t.restart();
    const MapGraph big = MapGraph::fromLists(std::move(layered), edges);
    const auto bigReport = analyseGraph(big);
    qInfo("100,000 layered systems, %zu dependencies: %zu single points of failure, full report in %lld ms",
          edges.size(), bigReport.spofs.size(), static_cast<long long>(t.elapsed()));
    QCOMPARE(bigReport.parity.size(), size_t(1));
}

void TestGraphAnalysis::runtimeOnly() {
    Builder b;
    b.add("k").last().sources = {"k8s"};
    b.add("mixed").last().sources = {"awscli", "tfstate"};
    b.add("both").last().sources = {"compose", "csv", "compose"};
    b.add("hand").last().sources = {"manual"};
    b.add("cfn").last().sources = {"cfn", "k8s"};
    b.add("prom").last().sources = {"prometheus", "awscli"};
    b.add("manifest").last().sources = {"k8s"}; // a manifest's object is written down
    b.last().tags = {"manifest"};
    b.add("manifest-and-csv").last().sources = {"k8s", "csv"};
    b.last().tags = {"manifest"};
    b.add("tagged-compose").last().sources = {"compose"}; // the tag says something of k8s alone
    b.last().tags = {"manifest"};
    b["both"].criticality = "critical";
    const MapGraph g = b.graph();
    const auto list = runtimeOnlySystems(g);
    QCOMPARE(keys(g, list), (std::vector<std::string>{"both", "k", "prom", "tagged-compose"}));
    QCOMPARE(joined(list[0].reasons),
             std::string("seen by compose, csv and in no infrastructure-as-code source"));
}

void TestGraphAnalysis::handReached() {
    Builder b;
    b.add("bastion", "compute", "production", "Jump host eu");
    b.add("script", "script", "production", "deploy.sh").last().attributes = {{"runs_from", "Leo's MacBook"}};
    b.add("box", "compute").last().tags = {"SSH", "legacy"};
    b.add("app", "compute");
    b.add("web", "service").last().attributes = {{"ports", "22,443"}};
    b.add("cron", "script").last().tags = {"ssh"};
    b.add("host2", "compute");
    b.add("vpc", "network");
    b.add("plain", "compute").last().attributes = {{"runs_from", "github actions"}, {"port", 443}};
    b.dep("script", "app", "deploys-to")
        .dep("script", "bastion", "depends-on")
        .dep("cron", "host2", "runs-on");
    b.dep("bastion", "vpc", "runs-on").dep("plain", "vpc", "runs-on");
    const MapGraph g = b.graph();
    const auto list = handReachedSystems(g);
    const auto k = keys(g, list);
    for (const char* key : {"bastion", "script", "box", "app", "web", "cron", "host2"})
        QVERIFY2(has(k, key), key);
    QVERIFY(!has(k, "vpc"));   // a bastion running in a VPC does not make the VPC hand-run
    QVERIFY(!has(k, "plain")); // CI is not a hand
    QCOMPARE(joined(find(g, list, "bastion")->reasons), std::string("its name says \"jump host\""));
    QCOMPARE(joined(find(g, list, "script")->reasons),
             std::string("attribute runs_from = \"Leo's MacBook\""));
    QCOMPARE(joined(find(g, list, "box")->reasons), std::string("tagged \"SSH\""));
    QCOMPARE(joined(find(g, list, "app")->reasons),
             std::string("deployed to by deploy.sh (script), which is run by hand"));
    QCOMPARE(joined(find(g, list, "web")->reasons), std::string("attribute ports = \"22,443\""));
    QVERIFY(joined(find(g, list, "host2")->reasons).find("runs cron") == 0);
}

void TestGraphAnalysis::unmonitored() {
    Builder b;
    b.add("watched").last().attributes = {{"monitored_by", "prometheus"}};
    b.add("pinged", "load-balancer");
    b.add("uptime", "monitoring");
    b.add("sam", "person");
    b.add("db", "database").last().criticality = "critical";
    b.add("blank").last().attributes = {{"monitored_by", ""}};
    b.dep("uptime", "pinged", "monitors");
    const MapGraph g = b.graph();
    QCOMPARE(keys(g, unmonitoredSystems(g)), (std::vector<std::string>{"db", "blank", "uptime"}));
}

// A Kubernetes Service whose selector meets no workload of the map routes nowhere; one that routes to a
// present workload does not, nor does it once that workload is gone from the graph. Selector facts of
// anything else mean nothing.
void TestGraphAnalysis::unroutedServices() {
    Builder b;
    b.add("k8s:Service/shop/api", "network").last().provider = "kubernetes";
    b.last().attributes = {{"type", "ClusterIP"}, {"selector.app", "api"}, {"selector.tier", "web"}};
    b.add("k8s:Service/shop/db", "network").last().provider = "kubernetes";
    b.last().attributes = {{"selector.app", "db"}};
    b.last().criticality = "critical";
    b.add("k8s:StatefulSet/shop/db", "database").last().provider = "kubernetes";
    b.add("k8s:Service/shop/web", "network").last().provider = "kubernetes";
    b.last().attributes = {{"selector.app", "web"}};
    b.add("k8s:Deployment/shop/web").last().provider = "kubernetes";
    b.add("compose:shop/api").last().attributes = {{"selector.app", "api"}};
    b.dep("k8s:Service/shop/web", "k8s:Deployment/shop/web", "routes-to");
    b.dep("k8s:Service/shop/db", "k8s:StatefulSet/shop/db", "routes-to");
    b["k8s:StatefulSet/shop/db"].status = "gone";
    const MapGraph g = b.graph();
    const auto flagged = terrain::unroutedServices(g);
    QCOMPARE(keys(g, flagged), (std::vector<std::string>{"k8s:Service/shop/db", "k8s:Service/shop/api"}));
    QCOMPARE(flagged[1].reasons,
             std::vector<std::string>{"selector app=api,tier=web meets no workload of the map"});
    const auto report = analyseGraph(g);
    QVERIFY(graphReportText(g, report).find("Kubernetes Services that route nowhere (2):") !=
            std::string::npos);
    QCOMPARE(graphReportJson(g, report)["unrouted"].size(), size_t(2));
}

// What something depends on and no imported source manages (a placeholder for a resource another
// configuration made, a data source), with what depends on it; not once nothing depends on it, nor what is
// only external (an Internet host).
void TestGraphAnalysis::managedElsewhere() {
    Builder b;
    b.add("tf:subnet-0a1b2c3d").last().tags = {"managed-elsewhere"};
    b.add("tf:arn:aws:sqs:eu-west-1:1:jobs").last().tags = {"managed-elsewhere"};
    b.last().criticality = "high";
    b.add("tf:data.aws_vpc.unused").last().tags = {"managed-elsewhere"};
    b.add("k8s:external/api.stripe.com").last().tags = {"external"};
    for (const char* app : {"a", "b", "c", "d", "e"}) {
        b.add(std::string("tf:aws_instance.") + app);
        b.dep(std::string("tf:aws_instance.") + app, "tf:subnet-0a1b2c3d", "runs-on");
    }
    b.dep("tf:aws_instance.a", "tf:arn:aws:sqs:eu-west-1:1:jobs", "calls");
    b.dep("tf:aws_instance.a", "k8s:external/api.stripe.com", "calls");
    const MapGraph g = b.graph();
    const auto flagged = terrain::managedElsewhereSystems(g);
    QCOMPARE(keys(g, flagged),
             (std::vector<std::string>{"tf:arn:aws:sqs:eu-west-1:1:jobs", "tf:subnet-0a1b2c3d"}));
    QCOMPARE(flagged[0].reasons,
             std::vector<std::string>{"no imported source manages it; tf:aws_instance.a depends on it"});
    QCOMPARE(flagged[1].reasons, std::vector<std::string>{"no imported source manages it; tf:aws_instance.a, "
                                                          "tf:aws_instance.b, tf:aws_instance.c and 2 more "
                                                          "depend on it"});
    const auto report = analyseGraph(g);
    QVERIFY(graphReportText(g, report).find("Managed elsewhere: in no imported source") != std::string::npos);
    QCOMPARE(graphReportJson(g, report)["managed_elsewhere"].size(), size_t(2));
}

void TestGraphAnalysis::unownedMostCriticalFirst() {
    Builder b;
    b.add("a").last().owner = "";
    b.add("b").last().owner = "";
    b["b"].criticality = "high";
    b.add("c");
    b.add("p", "person").last().owner = "";
    const MapGraph g = b.graph();
    QCOMPARE(keys(g, unownedSystems(g)), (std::vector<std::string>{"b", "a"}));

    // What a system with an owner contains, directly or through a container without one, is owned (a
    // catalog component's Kubernetes objects, a subcomponent's); depending on it is not containing it.
    Builder c;
    c.add("component");
    c.add("part").last().owner = "";
    c.add("deployment").last().owner = "";
    c.add("caller").last().owner = "";
    c.add("orphan").last().owner = "";
    c.add("loop-a").last().owner = "";
    c.add("loop-b").last().owner = "";
    c.dep("component", "part", "contains").dep("part", "deployment", "contains");
    c.dep("caller", "component", "calls")
        .dep("loop-a", "loop-b", "contains")
        .dep("loop-b", "loop-a", "contains");
    const MapGraph h = c.graph();
    std::vector<std::string> unowned = keys(h, unownedSystems(h));
    std::sort(unowned.begin(), unowned.end());
    QCOMPARE(unowned, (std::vector<std::string>{"caller", "loop-a", "loop-b", "orphan"}));
    std::vector<std::pair<int, int>> contains;
    for (const auto& e : h.edges)
        if (e.kind == "contains")
            contains.emplace_back(e.from, e.to);
    const auto owned = owners(h.systems, contains);
    QCOMPARE(owned[static_cast<size_t>(h.indexOfKey("deployment"))], std::string("team"));
    QCOMPARE(owned[static_cast<size_t>(h.indexOfKey("caller"))], std::string());
}

void TestGraphAnalysis::parityNames_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("prod-db") << "prod-db"
                             << "db";
    QTest::newRow("staging_db") << "staging_db"
                                << "db";
    QTest::newRow("suffix in brackets") << "Auth service (staging)"
                                        << "auth-service";
    QTest::newRow("terraform module") << "tf:module.staging_db.aws_db_instance.main"
                                      << "tf-module-db-aws-db-instance-main";
    QTest::newRow("k8s namespace") << "k8s:Deployment/prod/web"
                                   << "k8s-deployment-web";
    QTest::newRow("only an environment") << "Production"
                                         << "";
    QTest::newRow("custom environment") << "eu-west-web"
                                        << "web";
}

void TestGraphAnalysis::parityNames() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(parityName(text.toStdString(), {"eu-west"})), expected);
}

void TestGraphAnalysis::parityOfHandBuiltEnvironments() {
    Builder b;
    b.add("prod-db", "database", "prod").last().attributes = {{"engine_version", "14.10"}, {"region", "eu"}};
    b.add("staging-db", "database", "staging").last().attributes = {{"engine_version", "13.7"},
                                                                    {"region", "us"}};
    b.add("prod-api", "service", "prod");
    b.add("staging-api", "function", "staging");
    b.add("prod-cache", "cache", "prod");
    b.add("staging-mailhog", "service", "staging");
    b.add("prod-web", "service", "prod").last().attributes = {{"replicas", 3}};
    b.add("web-staging", "service", "staging").last().attributes = {{"replicas", 1}};
    b.add("shared-dns", "dns", "shared");
    b.add("prod-same", "queue", "prod");
    b.add("staging-same", "queue", "staging");
    const MapGraph g = b.graph();
    const auto p = environmentParity(g, "prod", "staging");
    QCOMPARE(p.a, std::string("prod"));
    QCOMPARE(keys(g, p.onlyInA), std::vector<std::string>{"prod-cache"});
    QCOMPARE(keys(g, p.onlyInB), std::vector<std::string>{"staging-mailhog"});
    QCOMPARE(p.matched.size(), size_t(4));
    QCOMPARE(p.differing(), 3);
    auto match = [&](const std::string& a) -> const ParityMatch& {
        for (const auto& m : p.matched)
            if (g.at(m.a).key == a)
                return m;
        qFatal("no match for %s", a.c_str());
    };
    const auto& db = match("prod-db");
    QCOMPARE(g.at(db.b).key, std::string("staging-db"));
    QCOMPARE(db.differences.size(), size_t(1)); // region is not size or version
    QCOMPARE(db.differences[0].field, std::string("attributes.engine_version"));
    QCOMPARE(db.differences[0].a, std::string("14.10"));
    QCOMPARE(db.differences[0].b, std::string("13.7"));
    const auto& api = match("prod-api");
    QCOMPARE(api.differences.size(), size_t(1));
    QCOMPARE(api.differences[0].field, std::string("kind"));
    QCOMPARE(api.differences[0].b, std::string("function"));
    const auto& web = match("prod-web");
    QCOMPARE(g.at(web.b).key, std::string("web-staging"));
    QCOMPARE(web.differences[0].field, std::string("attributes.replicas"));
    QCOMPARE(web.differences[0].a, std::string("3"));
    QVERIFY(match("prod-same").differences.empty());
    // The same environment twice: nothing matches, nothing is invented.
    QCOMPARE(environmentParity(g, "prod", "prod").matched.size(), size_t(0));
    QVERIFY(environmentParity(g, "prod", "prod").onlyInA.empty());
    QVERIFY(environmentParity(g, "nowhere", "staging").onlyInA.empty());
}

void TestGraphAnalysis::defaultPairs() {
    Builder b;
    b.add("a", "service", "dev")
        .add("b", "service", "prod")
        .add("c", "service", "shared")
        .add("d", "service", "qa");
    auto pairs = defaultParityPairs(b.graph());
    QCOMPARE(pairs, (std::vector<std::pair<std::string, std::string>>{{"prod", "dev"}, {"prod", "qa"}}));
    Builder none;
    none.add("a", "service", "eu").add("b", "service", "us").add("c", "service", "us");
    QCOMPARE(defaultParityPairs(none.graph()),
             (std::vector<std::pair<std::string, std::string>>{{"us", "eu"}}));
    Builder one;
    one.add("a", "service", "prod").add("c", "service", "shared");
    QVERIFY(defaultParityPairs(one.graph()).empty());
}

void TestGraphAnalysis::demoMap() {
    const MapGraph& g = m_demo;
    const std::string db = "tf:module.db.aws_db_instance.main";
    // The Postgres primary carries the most: everything that serves a customer goes through it.
    const auto spofs = singlePointsOfFailure(g);
    QVERIFY(spofs.size() >= 3);
    QCOMPARE(g.at(spofs.front().system).key, db);
    QVERIFY(spofs.front().highFanIn);
    const auto dbRadius = blastRadius(g, g.indexOfKey(db));
    QCOMPARE(spofs.front().blastRadius, static_cast<int>(dbRadius.transitive.size()));
    const auto radiusKeys = keys(g, dbRadius.transitive);
    for (const char* k : {"k8s:Deployment/prod/web", "tf:aws_lb.public", "tf:aws_route53_zone.main",
                          "tf:module.db.aws_db_instance.replica", "compose:legacy/monolith"})
        QVERIFY2(has(radiusKeys, k), k);
    QVERIFY(!has(radiusKeys, "k8s:Deployment/staging/web"));
    QVERIFY(!has(radiusKeys, "manual:9d0b3e6f-2a8c-4f1d-8e47-c6a1b5f3d092")); // UptimeRobot only monitors
    QVERIFY(!has(radiusKeys, db));
    for (size_t i = 1; i < spofs.size(); ++i)
        QVERIFY(spofs[i - 1].blastRadius >= spofs[i].blastRadius);

    const auto runtime = keys(g, runtimeOnlySystems(g));
    for (const char* k : {"aws:i-0a3f9c2e71b4d5e68", "compose:legacy/monolith", "k8s:Deployment/prod/web",
                          "aws:vpc-0c4e1a7b9d2f38a65"})
        QVERIFY2(has(runtime, k), k);
    QVERIFY(!has(runtime, "tf:aws_instance.bastion")); // also in tfstate
    QVERIFY(!has(runtime, db));
    QVERIFY(!has(runtime, "manual:b7e2d4f0-1c9a-4e63-8f57-2a6d0c3e9b14"));

    const auto handList = handReachedSystems(g);
    const auto hand = keys(g, handList);
    const std::string laptop = "manual:b7e2d4f0-1c9a-4e63-8f57-2a6d0c3e9b14";
    for (const std::string& k :
         {std::string("tf:aws_instance.bastion"), laptop, std::string("aws:i-07b2d4e6f8a1c3e59"),
          std::string("manual:3f9a6c21-7e4b-4d8a-b2c5-91e0f7a4d623"), std::string("aws:i-0a3f9c2e71b4d5e68")})
        QVERIFY2(has(hand, k), k.c_str());
    QVERIFY(!has(hand, "aws:vpc-0c4e1a7b9d2f38a65"));
    QVERIFY(!has(hand, db));
    QVERIFY(joined(find(g, handList, "aws:i-0a3f9c2e71b4d5e68")->reasons).find("deploy.sh on Leo's laptop") !=
            std::string::npos);
    QVERIFY(joined(find(g, handList, laptop)->reasons).find("runs_from") != std::string::npos);

    const auto unmon = keys(g, unmonitoredSystems(g));
    QVERIFY(!has(unmon, "tf:aws_lb.public"));                            // UptimeRobot monitors it
    QVERIFY(!has(unmon, "manual:e1a4b7c2-6d3f-4a98-9b0e-7f2c5d8a1e36")); // Sam watches #alerts
    QVERIFY(!has(unmon, "manual:0a7f2c9e-4b1d-4e85-a3c6-8d9e1f4b7a20")); // a person
    QVERIFY(has(unmon, db));
    QCOMPARE(g.at(unmonitoredSystems(g).front().system).criticality, std::string("critical"));

    // Billing and the public API call each other.
    const auto cyc = dependencyCycles(g);
    QCOMPARE(cyc.size(), size_t(1));
    QCOMPARE(keys(g, cyc[0]),
             (std::vector<std::string>{"k8s:Deployment/prod/billing", "k8s:Deployment/prod/public-api"}));

    // production against staging: the staging namespace mirrors prod without admin, notifications
    // and the Terraform-managed production data stores; RabbitMQ runs only in staging.
    const auto pairs = defaultParityPairs(g);
    QCOMPARE(pairs, (std::vector<std::pair<std::string, std::string>>{{"production", "staging"}}));
    const auto p = environmentParity(g, "production", "staging");
    const auto onlyProd = keys(g, p.onlyInA), onlyStaging = keys(g, p.onlyInB);
    QVERIFY(has(onlyProd, "k8s:Deployment/prod/admin"));
    QVERIFY(has(onlyProd, "k8s:Deployment/prod/notifications"));
    QVERIFY(!has(onlyProd, "k8s:Deployment/prod/auth"));
    QCOMPARE(onlyStaging, std::vector<std::string>{"k8s:StatefulSet/staging/rabbitmq"});
    bool dbCompared = false, redisCompared = false;
    for (const auto& m : p.matched) {
        if (g.at(m.a).key == db) {
            dbCompared = true;
            QCOMPARE(g.at(m.b).key, std::string("tf:module.staging_db.aws_db_instance.main"));
            QCOMPARE(m.matchedBy, std::string("key"));
            std::vector<std::string> fields;
            for (const auto& d : m.differences)
                fields.push_back(d.field);
            QVERIFY2(has(fields, "attributes.engine_version"), joined(fields).c_str());
            QVERIFY(has(fields, "attributes.instance_class"));
        }
        if (g.at(m.a).key == "tf:aws_elasticache_replication_group.cache") {
            redisCompared = true;
            QCOMPARE(g.at(m.b).key, std::string("k8s:StatefulSet/staging/redis"));
            QCOMPARE(m.matchedBy, std::string("kind and name"));
            QCOMPARE(m.differences.front().field, std::string("provider"));
        }
    }
    QVERIFY(dbCompared);
    QVERIFY(redisCompared);
}

void TestGraphAnalysis::reportSections() {
    const MapGraph empty = Builder().graph();
    const auto none = analyseGraph(empty);
    QVERIFY(graphReportText(empty, none).empty());
    const json ej = graphReportJson(empty, none);
    for (const char* section : {"single_points_of_failure", "cycles", "unowned", "runtime_only",
                                "hand_reached", "unmonitored", "unrouted", "managed_elsewhere", "parity"})
        QVERIFY2(ej.at(section).is_array() && ej.at(section).empty(), section);

    const auto report = analyseGraph(m_demo);
    const json j = graphReportJson(m_demo, report);
    QCOMPARE(j["single_points_of_failure"][0]["key"], json("tf:module.db.aws_db_instance.main"));
    QVERIFY(j["single_points_of_failure"][0]["blast_radius"].get<int>() > 10);
    QCOMPARE(j["parity"][0]["a"], json("production"));
    QCOMPARE(j["parity"][0]["only_in_b"][0]["key"], json("k8s:StatefulSet/staging/rabbitmq"));
    QVERIFY(j["hand_reached"].size() >= 5);
    QVERIFY(!j["runtime_only"][0]["sources"].empty());
    const std::string text = graphReportText(m_demo, report, 3);
    QVERIFY(text.find("\nSingle points of failure, by blast radius") == 0);
    QVERIFY(text.find("Postgres primary (acme-prod-main)") != std::string::npos);
    QVERIFY(text.find("Reached by hand") != std::string::npos);
    QVERIFY(text.find("Environment parity, production / staging:") != std::string::npos);
    QVERIFY(text.find("more (--json lists them all)") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestGraphAnalysis)
#include "tst_graphanalysis.moc"
