// Benchmark of the layout and the map view, run by hand (not a test):
//
//   QT_QPA_PLATFORM=offscreen build/tests/bench/bench_layout [SIZES...]   (default: 100 1000 5000 10000)
//
// For each size: generates an infrastructure-like map (tiers from the edge to the data, a few calls
// back up, so a few cycles; 1.5 dependencies per system) and then measures
//   - the layout through LayoutJob (the terrain-layout child process: DOT out, positions back) next
//     to the Graphviz command-line tool on the same DOT text with the same engine (`-Tplain`), and
//     the layout alone in this process;
//   - storing the positions (one edit);
//   - showing the reopened, laid-out map: open, build the view (read systems, edges, positions), and
//     paint the first frame, 1920 × 1080, offscreen;
//   - placing one new system after a change (an edit that adds it and one dependency, until the view
//     has placed it near its neighbour);
//   - painting the whole map fitted into the view, and a zoomed-in view (labels, splines).
#include "Catalog.h"
#include "GraphLayout.h"
#include "MapItems.h"
#include "MapScene.h"
#include "MapView.h"
#include "Project.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

using namespace terrain;

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

void row(const char* what, double seconds, const std::string& note = {}) {
    std::printf("  %-46s %9.3f s  %s\n", what, seconds, note.c_str());
    std::fflush(stdout);
}

/// An infrastructure-like map: edge → services → data stores and queues → compute/network, with a
/// few service-to-service calls against the flow (cycles), in environments, namespaces and teams.
void generate(Project& p, int n, unsigned seed) {
    std::mt19937 rng(seed);
    const char* envs[] = {"production", "staging", "development"};
    const char* owners[] = {"platform", "payments", "search", "growth", "data", "web", "mobile", "core"};
    struct Tier {
        double share;
        std::vector<const char*> kinds;
    };
    const std::vector<Tier> tiers = {{0.04, {"load-balancer", "dns"}},
                                     {0.46, {"service", "service", "function"}},
                                     {0.30, {"database", "cache", "queue", "storage"}},
                                     {0.20, {"compute", "network", "secret-store"}}};
    std::vector<std::vector<Id>> byTier(tiers.size());
    p.edit(QStringLiteral("generate"), [&] {
        for (int i = 0; i < n; ++i) {
            const double u = std::uniform_real_distribution<double>(0, 1)(rng);
            size_t t = 0;
            double acc = tiers[0].share;
            while (u > acc && t + 1 < tiers.size())
                acc += tiers[++t].share;
            const auto& kinds = tiers[t].kinds;
            System s;
            s.key = "bench:" + std::to_string(i);
            s.name = std::string(kinds[static_cast<size_t>(i) % kinds.size()]) + "-" + std::to_string(i);
            s.kind = kinds[static_cast<size_t>(i) % kinds.size()];
            s.environment = envs[i % 3];
            s.owner = owners[(i / 7) % 8];
            s.group = "ns-" + std::to_string(i / 25);
            s.provider = "aws";
            s.sources = {i % 2 ? "k8s" : "tfstate"};
            byTier[t].push_back(p.add(s));
        }
        const int edges = n * 3 / 2;
        for (int e = 0; e < edges; ++e) {
            size_t t = std::uniform_int_distribution<size_t>(0, tiers.size() - 2)(rng);
            bool back = std::uniform_int_distribution<int>(0, 99)(rng) < 1 && t > 0; // 1 %: a call back up
            auto& from = byTier[back ? t + 1 : t];
            auto& to = byTier[back ? t : t + 1];
            if (from.empty() || to.empty())
                continue;
            const size_t a = std::uniform_int_distribution<size_t>(0, from.size() - 1)(rng);
            // mostly local: neighbours in the next tier are near in index (same team/namespace)
            const size_t span = std::max<size_t>(4, to.size() / 40);
            const size_t centre = a * to.size() / from.size();
            const size_t lo = centre > span ? centre - span : 0;
            const size_t hi = std::min(to.size() - 1, centre + span);
            const size_t b = std::uniform_int_distribution<size_t>(lo, hi)(rng);
            Dependency d;
            d.from = from[a];
            d.to = to[b];
            d.kind = back ? "calls" : t == 2 ? "runs-on" : "calls";
            try {
                p.add(d);
            } catch (const std::exception&) {
                // a duplicate (from, to, kind): skip
            }
        }
    });
}

/// Waits for one of the job's ending signals; returns true when it finished.
bool waitFor(layout::LayoutJob& job, layout::Result* out) {
    QEventLoop loop;
    bool ok = false;
    QObject::connect(&job, &layout::LayoutJob::finished, &loop, [&](const layout::Result& r) {
        *out = r;
        ok = true;
        loop.quit();
    });
    QObject::connect(&job, &layout::LayoutJob::failed, &loop, [&](const QString& e) {
        std::fprintf(stderr, "layout failed: %s\n", qPrintable(e));
        loop.quit();
    });
    loop.exec();
    return ok;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void runSize(int n, const QString& dir) {
    const std::string path = QStringLiteral("%1/layout-%2.terrain").arg(dir).arg(n).toStdString();
    std::printf("\n%d systems\n", n);
    std::vector<std::pair<Id, Id>> pairs;
    layout::Request request;
    std::vector<Id> order;
    {
        auto p = Project::create(path);
        generate(*p, n, 42u + static_cast<unsigned>(n));
        // the request exactly as the view makes it
        MapScene scene(*p);
        request = scene.layoutRequest(&order);
        std::printf("  %zu dependencies, %zu systems on cycles\n", request.edges.size(),
                    layout::nodesOnCycles(request.nodes.size(), request.edges));
    }
    const layout::Engine engine = layout::chooseEngine(request);
    const std::string engineName = layout::engineName(engine);
    request.engine = engine;

    // ---- layout: our child process, the Graphviz CLI, in this process ----
    layout::LayoutJob job;
    if (job.program().isEmpty())
        std::printf("  (no terrain-layout program found: the layout runs on a worker thread)\n");
    layout::Result result;
    auto t0 = Clock::now();
    job.start(request);
    if (!waitFor(job, &result))
        return;
    const double ours = since(t0);

    const QString dotFile = QStringLiteral("%1/layout-%2.dot").arg(dir).arg(n);
    {
        QFile f(dotFile);
        f.open(QIODevice::WriteOnly);
        const std::string dot = layout::toDot(request, engine);
        f.write(dot.data(), static_cast<qint64>(dot.size()));
    }
    double cli = -1;
    const QString tool = QStandardPaths::findExecutable(QString::fromStdString(engineName));
    if (!tool.isEmpty()) {
        QProcess proc;
        t0 = Clock::now();
        proc.start(tool, {QStringLiteral("-Tplain"), dotFile});
        proc.waitForFinished(-1);
        proc.readAllStandardOutput();
        cli = since(t0);
    }
    t0 = Clock::now();
    const auto inProcess = layout::runInProcess(request);
    const double local = since(t0);
    char note[128];
    row(("layout, terrain-layout child (" + engineName + ")").c_str(), ours);
    if (cli >= 0) {
        std::snprintf(note, sizeof note, "ratio ours/CLI %.2f", ours / cli);
        row(("layout, Graphviz CLI " + engineName + " -Tplain").c_str(), cli, note);
    }
    row("layout alone, in this process", local);
    (void)inProcess;

    // ---- store the positions ----
    {
        auto p = Project::open(path);
        MapScene scene(*p);
        t0 = Clock::now();
        scene.applyLayout(result, order, true);
        row("store the positions (one edit)", since(t0));
    }

    // ---- reopen and show ----
    {
        t0 = Clock::now();
        auto p = Project::open(path);
        const double open = since(t0);
        auto t1 = Clock::now();
        MapView view(*p);
        view.resize(1920, 1080);
        view.show();
        const double build = since(t1);
        if (view.isLayoutRunning())
            std::printf("  !! the reopened map started a layout\n");
        auto t2 = Clock::now();
        view.fitAll();
        QApplication::processEvents();
        const QPixmap first = view.grab();
        const double paint = since(t2);
        row("reopen a laid-out map: open the file", open);
        row("  build the view (systems, edges, positions)", build);
        row("  first frame, whole map, 1920x1080", paint);
        row("  on screen, total", since(t0));

        // ---- one new system ----
        const Id neighbour = order[order.size() / 2];
        std::vector<double> place;
        for (int i = 0; i < 3; ++i) {
            t0 = Clock::now();
            Id fresh = 0;
            p->edit(QStringLiteral("add"), [&] {
                System s;
                s.name = "new-" + std::to_string(i);
                s.kind = "service";
                fresh = p->add(s);
                Dependency d;
                d.from = fresh;
                d.to = neighbour;
                p->add(d);
            });
            QApplication::processEvents(); // the view follows and places it
            place.push_back(since(t0));
            if (view.scene()->node(fresh) == nullptr || !view.scene()->item(fresh)->data(0).toBool())
                std::printf("  !! the new system was not placed\n");
        }
        row("place one new system (edit + view placement)", median(place), "median of 3");

        // ---- render ----
        std::vector<double> full, zoomed;
        for (int i = 0; i < 3; ++i) {
            view.fitAll();
            t0 = Clock::now();
            view.canvas()->viewport()->grab();
            full.push_back(since(t0));
            view.canvas()->setTransform(QTransform::fromScale(1.0, 1.0));
            view.canvas()->centerOn(view.scene()->item(neighbour));
            t0 = Clock::now();
            view.canvas()->viewport()->grab();
            zoomed.push_back(since(t0));
        }
        row("render the whole map fitted, 1920x1080", median(full), "median of 3");
        row("render a zoomed view (100 %), 1920x1080", median(zoomed), "median of 3");
        if (n <= 1000)
            view.grab().save(QStringLiteral("%1/bench-layout-%2.png").arg(dir).arg(n));
    }
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("TERRAIN_LAYOUT_PROGRAM"))
        qputenv("TERRAIN_LAYOUT_PROGRAM", TERRAIN_LAYOUT_BIN);
    QApplication app(argc, argv);
    if (argc == 4 && std::string(argv[1]) == "--show") {
        // bench_layout --show MAP.terrain OUT-PREFIX: the whole map and a zoomed view as PNG files
        auto p = Project::open(argv[2]);
        MapView view(*p);
        view.resize(1920, 1080);
        view.show();
        view.fitAll();
        QApplication::processEvents();
        view.grab().save(QStringLiteral("%1-full.png").arg(QString::fromLocal8Bit(argv[3])));
        view.canvas()->setTransform(QTransform::fromScale(1.0, 1.0));
        const auto& nodes = view.scene()->nodes();
        if (!nodes.empty())
            view.canvas()->centerOn(nodes.begin()->second.item);
        view.grab().save(QStringLiteral("%1-zoomed.png").arg(QString::fromLocal8Bit(argv[3])));
        view.canvas()->setTransform(QTransform::fromScale(0.25, 0.25));
        view.grab().save(QStringLiteral("%1-quarter.png").arg(QString::fromLocal8Bit(argv[3])));
        return 0;
    }
    std::vector<int> sizes;
    for (int i = 1; i < argc; ++i)
        sizes.push_back(std::atoi(argv[i]));
    if (sizes.empty())
        sizes = {100, 1000, 5000, 10000};
    QTemporaryDir dir;
    if (!qEnvironmentVariableIsEmpty("BENCH_KEEP"))
        dir.setAutoRemove(false);
    std::printf("bench_layout: layout program %s\n", qPrintable(layout::LayoutJob::defaultProgram()));
    for (int n : sizes)
        runSize(n, dir.path());
    std::printf("\n(files in %s)\n", qPrintable(dir.path()));
    return 0;
}
