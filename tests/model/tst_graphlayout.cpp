// The layout engine (Graphviz in this process, in the terrain-layout child, on a worker thread),
// engine choice, cancel and incremental placement.
#include "Error.h"
#include "GraphLayout.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <map>
#include <random>
#include <set>

using namespace terrain;
using namespace terrain::layout;

namespace {

/// A layered DAG: `layers` of `width` nodes, each node depending on two nodes of the next layer.
Request layered(int layers, int width) {
    Request r;
    r.nodes.resize(static_cast<size_t>(layers * width));
    for (int l = 0; l + 1 < layers; ++l)
        for (int i = 0; i < width; ++i) {
            r.edges.push_back({l * width + i, (l + 1) * width + i});
            r.edges.push_back({l * width + i, (l + 1) * width + (i * 7 + 3) % width});
        }
    return r;
}

Request randomCyclic(int n, int m, unsigned seed = 7) {
    Request r;
    r.nodes.resize(static_cast<size_t>(n));
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> pick(0, n - 1);
    for (int i = 0; i < m; ++i)
        r.edges.push_back({pick(rng), pick(rng)});
    return r;
}

void checkInside(const Result& r, const Request& q) {
    QCOMPARE(r.centres.size(), q.nodes.size());
    for (size_t i = 0; i < r.centres.size(); ++i) {
        const auto& c = r.centres[i];
        const double hw = q.nodes[i].width / 2, hh = q.nodes[i].height / 2;
        QVERIFY2(c.x - hw >= -1 && c.x + hw <= r.width + 1 && c.y - hh >= -1 && c.y + hh <= r.height + 1,
                 qPrintable(QStringLiteral("node %1 at %2,%3 outside %4x%5")
                                .arg(i)
                                .arg(c.x)
                                .arg(c.y)
                                .arg(r.width)
                                .arg(r.height)));
    }
}

bool overlaps(const Point& a, const Point& b, double w, double h) {
    return std::abs(a.x - b.x) < w - 0.5 && std::abs(a.y - b.y) < h - 0.5;
}

} // namespace

class TestGraphLayout : public QObject {
    Q_OBJECT
private slots:
    void init() { QVERIFY(m_dir.isValid()); }

    void cyclesAreCounted() {
        QCOMPARE(nodesOnCycles(4, {{0, 1}, {1, 2}, {2, 3}}), size_t(0));
        QCOMPARE(nodesOnCycles(4, {{0, 1}, {1, 2}, {2, 0}, {2, 3}}), size_t(3));
        QCOMPARE(nodesOnCycles(3, {{0, 0}, {1, 2}}), size_t(1));
        QCOMPARE(nodesOnCycles(5, {{0, 1}, {1, 0}, {3, 4}, {4, 3}, {1, 1}}), size_t(4));
        QCOMPARE(nodesOnCycles(0, {}), size_t(0));
        // deep chains do not overflow a stack
        std::vector<std::pair<int, int>> chain;
        for (int i = 0; i + 1 < 200000; ++i)
            chain.push_back({i, i + 1});
        chain.push_back({199999, 0});
        QCOMPARE(nodesOnCycles(200000, chain), size_t(200000));
    }

    void engineSuitsTheGraph() {
        QCOMPARE(chooseEngine(layered(5, 20)), Engine::Dot);
        QCOMPARE(chooseEngine(layered(5, 400)), Engine::Sfdp); // 2,000 nodes: too many for dot
        QCOMPARE(chooseEngine(randomCyclic(300, 450)), Engine::Sfdp);
        auto small = layered(4, 10);
        small.edges.push_back({39, 0}); // one cycle through the whole graph: still mostly layered?
        QCOMPARE(chooseEngine(small), nodesOnCycles(40, small.edges) <= 20 ? Engine::Dot : Engine::Sfdp);
        Request forced = randomCyclic(300, 450);
        forced.engine = Engine::Dot;
        QCOMPARE(chooseEngine(forced), Engine::Dot);
    }

    void dotLaysOutLayersLeftToRight() {
        const Request q = layered(4, 6);
        const Result r = runInProcess(q);
        QCOMPARE(r.engine, Engine::Dot);
        checkInside(r, q);
        QVERIFY(r.width > 0 && r.height > 0);
        // every edge points to the right: layers run left to right
        for (const auto& [a, b] : q.edges)
            QVERIFY(r.centres[static_cast<size_t>(a)].x < r.centres[static_cast<size_t>(b)].x);
        std::set<std::pair<int, int>> distinct(q.edges.begin(), q.edges.end());
        QCOMPARE(r.routes.size(), distinct.size());
        for (const auto& route : r.routes) {
            QVERIFY(distinct.count({route.from, route.to}));
            QVERIFY(route.points.size() >= 4);
            QCOMPARE((route.points.size() - 1) % 3, size_t(0));
            QVERIFY(route.arrowTip);
            // the route starts at its tail node and the arrow ends at its head node
            const auto& tail = r.centres[static_cast<size_t>(route.from)];
            const auto& head = r.centres[static_cast<size_t>(route.to)];
            QVERIFY(std::abs(route.points.front().x - tail.x) <= 91 &&
                    std::abs(route.points.front().y - tail.y) <= 25);
            QVERIFY(std::abs(route.arrowTip->x - head.x) <= 91 && std::abs(route.arrowTip->y - head.y) <= 25);
        }
        // no two nodes overlap
        for (size_t i = 0; i < r.centres.size(); ++i)
            for (size_t j = i + 1; j < r.centres.size(); ++j)
                QVERIFY(!overlaps(r.centres[i], r.centres[j], 180, 48));
    }

    void sfdpLaysOutCyclicGraphsWithoutOverlap() {
        const Request q = randomCyclic(400, 600);
        const Result r = runInProcess(q);
        QCOMPARE(r.engine, Engine::Sfdp);
        checkInside(r, q);
        int overlapping = 0;
        for (size_t i = 0; i < r.centres.size(); ++i)
            for (size_t j = i + 1; j < r.centres.size(); ++j)
                overlapping += overlaps(r.centres[i], r.centres[j], 180, 48);
        QCOMPARE(overlapping, 0);
    }

    void degenerateGraphs() {
        Request empty;
        QVERIFY(runInProcess(empty).centres.empty());
        Request one;
        one.nodes.resize(1);
        one.edges = {{0, 0}, {0, 0}, {0, 5}, {-1, 0}}; // self-loops and bad indices are ignored
        const Result r = runInProcess(one);
        QCOMPARE(r.centres.size(), size_t(1));
        QVERIFY(r.routes.empty());
        Request dup = layered(2, 2);
        dup.edges.push_back(dup.edges.front());
        QCOMPARE(runInProcess(dup).routes.size(), size_t(4));
        // clusters: members of a cluster are kept together by dot
        Request clustered = layered(3, 4);
        for (size_t i = 0; i < clustered.nodes.size(); ++i)
            clustered.nodes[i].cluster = i % 2 ? "odd" : "even";
        QVERIFY(toDot(clustered, Engine::Dot).find("subgraph cluster_") != std::string::npos);
        checkInside(runInProcess(clustered), clustered);
    }

    void piecesArePackedSideBySide() {
        // What a map of unrelated files looks like: five small chains and forty systems nothing connects.
        // Laid out whole, dot stacks every piece in its first layers: a column 7 times as high as wide.
        Request q;
        q.nodes.resize(60);
        for (int c = 0; c < 5; ++c)
            for (int i = 0; i < 3; ++i)
                q.edges.push_back({c * 4 + i, c * 4 + i + 1});
        const Result r = runInProcess(q);
        QCOMPARE(r.engine, Engine::Dot);
        checkInside(r, q);
        QVERIFY2(r.width / r.height > 0.5 && r.width / r.height < 3,
                 qPrintable(QStringLiteral("%1 x %2").arg(r.width).arg(r.height)));
        for (const auto& [a, b] : q.edges) // each piece still runs left to right
            QVERIFY(r.centres[static_cast<size_t>(a)].x < r.centres[static_cast<size_t>(b)].x);
        for (size_t i = 0; i < r.centres.size(); ++i)
            for (size_t j = i + 1; j < r.centres.size(); ++j)
                QVERIFY(!overlaps(r.centres[i], r.centres[j], 180, 48));
        // the largest piece first, at the top left
        QVERIFY(r.centres[0].x < 200 && r.centres[0].y < 100);

        // Pieces with groups (clusters), of different sizes, with cycles: every one is laid out, nothing
        // overlaps, and each group stays whole: no node of another group or of none inside its members'
        // rectangle.
        std::mt19937 rng(11);
        for (int round = 0; round < 40; ++round) {
            Request g;
            const int n = 2 + static_cast<int>(rng() % 40);
            g.nodes.resize(static_cast<size_t>(n));
            for (auto& node : g.nodes) {
                if (rng() % 3 == 0)
                    node.cluster = "group " + std::to_string(rng() % 4);
                if (rng() % 5 == 0)
                    node.width = 240;
            }
            const int m = static_cast<int>(rng() % static_cast<unsigned>(n));
            for (int e = 0; e < m; ++e)
                g.edges.push_back({static_cast<int>(rng() % static_cast<unsigned>(n)),
                                   static_cast<int>(rng() % static_cast<unsigned>(n))});
            g.engine = Engine::Dot;
            const Result laid = runInProcess(g);
            checkInside(laid, g);
            for (size_t i = 0; i < laid.centres.size(); ++i)
                for (size_t j = i + 1; j < laid.centres.size(); ++j)
                    QVERIFY(!overlaps(laid.centres[i], laid.centres[j],
                                      (g.nodes[i].width + g.nodes[j].width) / 2,
                                      (g.nodes[i].height + g.nodes[j].height) / 2));
            std::map<std::string, std::array<double, 4>> groups; // left, top, right, bottom of the centres
            for (size_t i = 0; i < g.nodes.size(); ++i)
                if (!g.nodes[i].cluster.empty()) {
                    const Point c = laid.centres[i];
                    auto [at, fresh] = groups.try_emplace(g.nodes[i].cluster, std::array{c.x, c.y, c.x, c.y});
                    at->second = {std::min(at->second[0], c.x), std::min(at->second[1], c.y),
                                  std::max(at->second[2], c.x), std::max(at->second[3], c.y)};
                }
            for (const auto& [name, b] : groups)
                for (size_t i = 0; i < g.nodes.size(); ++i) {
                    const Point c = laid.centres[i];
                    QVERIFY(g.nodes[i].cluster == name || c.x < b[0] || c.x > b[2] || c.y < b[1] ||
                            c.y > b[3]);
                }
        }
    }

    void resultTextRoundTrips() {
        const Request q = layered(3, 3);
        const Result r = runInProcess(q);
        const std::string text = encodeResult(r);
        const Result back = decodeResult(text, q.nodes.size());
        QCOMPARE(encodeResult(back), text);
        QCOMPARE(back.routes.size(), r.routes.size());
        for (const char* bad :
             {"", "terrain-layout 1 dot 1 2 3", "terrain-layout 2 dot 0 0 0 0\nend\n",
              "terrain-layout 1 dot 10 10 9 0\nend\n", "terrain-layout 1 neato 0 0 9 0\nend"}) {
            bool threw = false;
            try {
                decodeResult(bad, 9);
            } catch (const Error&) {
                threw = true;
            }
            QVERIFY2(threw, bad);
        }
    }

    void childProcessLaysOut() {
        LayoutJob job;
        job.setProgram(QStringLiteral(TERRAIN_LAYOUT_BIN));
        QSignalSpy done(&job, &LayoutJob::finished);
        QSignalSpy failed(&job, &LayoutJob::failed);
        QSignalSpy progress(&job, &LayoutJob::progress);
        const Request q = layered(5, 8);
        job.start(q);
        QVERIFY(job.isRunning());
        QCOMPARE(job.engine(), Engine::Dot);
        QVERIFY(done.wait(60000));
        QCOMPARE(failed.count(), 0);
        QVERIFY(!job.isRunning());
        const auto r = done.at(0).at(0).value<Result>();
        checkInside(r, q);
        // the child's result is the in-process one
        QCOMPARE(encodeResult(r), encodeResult(runInProcess(q)));
        QVERIFY(progress.count() >= 2);
    }

    void workerThreadLaysOutWithoutTheProgram() {
        LayoutJob job;
        job.setProgram(QString());
        QSignalSpy done(&job, &LayoutJob::finished);
        const Request q = randomCyclic(200, 300);
        job.start(q);
        QCOMPARE(job.engine(), Engine::Sfdp);
        QVERIFY(done.wait(60000));
        checkInside(done.at(0).at(0).value<Result>(), q);
    }

    void cancelKillsTheLayout() {
        // dot on a 1,000-node cyclic graph takes minutes: cancel must end it at once.
        LayoutJob job;
        job.setProgram(QStringLiteral(TERRAIN_LAYOUT_BIN));
        QSignalSpy done(&job, &LayoutJob::finished);
        QSignalSpy failed(&job, &LayoutJob::failed);
        QSignalSpy canceled(&job, &LayoutJob::canceled);
        Request q = randomCyclic(1000, 1500);
        q.engine = Engine::Dot;
        job.start(q);
        QTest::qWait(500);
        QVERIFY(job.isRunning());
        QElapsedTimer t;
        t.start();
        job.cancel();
        QCOMPARE(canceled.count(), 1);
        QVERIFY(!job.isRunning());
        QVERIFY(t.elapsed() < 1000);
        // the child is gone: nothing arrives later
        QTest::qWait(1500);
        QCOMPARE(done.count(), 0);
        QCOMPARE(failed.count(), 0);
        QProcess pgrep;
        pgrep.start(QStringLiteral("pgrep"),
                    {QStringLiteral("-P"), QString::number(QCoreApplication::applicationPid())});
        pgrep.waitForFinished();
        QVERIFY2(pgrep.readAllStandardOutput().trimmed().isEmpty(), "the layout child is still running");

        // a new start after cancel works, and a start while running cancels the running one
        job.start(layered(3, 3));
        job.start(layered(3, 4));
        QCOMPARE(canceled.count(), 2);
        QVERIFY(done.wait(60000));
        QCOMPARE(done.at(0).at(0).value<Result>().centres.size(), size_t(12));
    }

    void badProgramFails() {
        LayoutJob job;
        job.setProgram(m_dir.filePath(QStringLiteral("no-such-program")));
        QSignalSpy failed(&job, &LayoutJob::failed);
        job.start(layered(2, 2));
        QVERIFY(failed.wait(10000));
        QVERIFY(!job.isRunning());
    }

    void newNodesArePlacedNearTheirNeighbours() {
        // a laid-out drawing of 40 nodes, then three new ones
        const Request q = layered(4, 10);
        const Result r = runInProcess(q);
        std::unordered_map<Id, Point> placed;
        for (size_t i = 0; i < r.centres.size(); ++i)
            placed[static_cast<Id>(i + 1)] = r.centres[i];
        std::vector<std::pair<Id, Id>> edges;
        for (const auto& [a, b] : q.edges)
            edges.push_back({a + 1, b + 1});
        const Id calls = 100, called = 101, loose = 102, chained = 103;
        edges.push_back({calls, 5});   // a new node that depends on node 5
        edges.push_back({35, called}); // a new node that node 35 depends on
        edges.push_back({chained, calls});
        const auto before = placed;
        const auto out = placeNear(placed, {calls, called, loose, chained}, edges);
        QCOMPARE(out.size(), size_t(4));
        QCOMPARE(placed, before);
        auto dist = [](Point a, Point b) { return std::hypot(a.x - b.x, a.y - b.y); };
        QVERIFY(dist(out.at(calls), placed.at(5)) < 600);
        QVERIFY(out.at(calls).x < placed.at(5).x); // left of what it depends on
        QVERIFY(dist(out.at(called), placed.at(35)) < 600);
        QVERIFY(out.at(called).x > placed.at(35).x);
        QVERIFY(dist(out.at(chained), out.at(calls)) < 600);
        // nothing overlaps, old or new
        std::vector<Point> all;
        for (const auto& [id, p] : placed)
            all.push_back(p);
        for (const auto& [id, p] : out)
            all.push_back(p);
        for (size_t i = 0; i < all.size(); ++i)
            for (size_t j = i + 1; j < all.size(); ++j)
                QVERIFY(!overlaps(all[i], all[j], 180, 48));
        // the loose node goes below the drawing
        QVERIFY(out.at(loose).y > r.height);
        // deterministic
        const auto again = placeNear(placed, {calls, called, loose, chained}, edges);
        for (const auto& [id, p] : out)
            QCOMPARE(again.at(id), p);
        // an empty drawing
        const auto fresh = placeNear({}, {1, 2, 3}, {{1, 2}});
        QCOMPARE(fresh.size(), size_t(3));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestGraphLayout)
#include "tst_graphlayout.moc"
