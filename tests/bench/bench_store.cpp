// Benchmark of the .terrain store and the canonical JSON map, run by hand (not a test):
//
//   build/tests/bench/bench_store [SIZES...]      (default: 1000 10000 100000)
//
// For each size: builds a map of that many systems with 1.5 dependencies each in one edit, closes
// it, reopens it and reads what the systems table shows first (the ordered ids and 100 rows),
// exports it as JSON, imports that JSON into a new map, and, as a reference measured in the same
// run, parses the same text with nlohmann::json alone. Peak RSS is the process's high-water mark so
// far (run one size per process for a per-size figure).
#include "BenchClock.h"
#include "Catalog.h"
#include "MapJson.h"
#include "Project.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QTemporaryDir>

#include <chrono>
#include <cstdio>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace terrain;

namespace {

using namespace terrain::bench;

std::string rate(double count, double seconds, const char* unit) {
    if (seconds <= 0)
        return "-";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f %s/s", count / seconds, unit);
    return buf;
}

void row(const char* what, double seconds, const std::string& rateText) {
    std::printf("  %-38s %10.3f s   %s\n", what, seconds, rateText.c_str());
}

void runSize(int n, const QString& dir) {
    const std::string path = QStringLiteral("%1/bench-%2.terrain").arg(dir).arg(n).toStdString();
    const int edges = n * 3 / 2;
    std::printf("\n%d systems, %d dependencies\n", n, edges);

    // ---- build, in one edit ----
    auto t0 = Clock::now();
    {
        auto p = Project::create(path);
        seedCatalog(*p);
        std::mt19937 rng(42);
        const auto& kinds = systemKinds();
        const auto& depKinds = dependencyKinds();
        p->edit(QStringLiteral("benchmark"), [&] {
            std::vector<Id> ids;
            ids.reserve(static_cast<size_t>(n));
            for (int i = 0; i < n; ++i) {
                System s;
                s.key = "bench:" + std::to_string(i);
                s.name = "system-" + std::to_string(rng() % 1000000);
                s.kind = kinds[static_cast<size_t>(i) % kinds.size()];
                s.provider = "aws";
                s.environment = i % 4 ? "production" : "staging";
                s.owner = "team-" + std::to_string(i % 23);
                s.address = "aws_instance.i" + std::to_string(i);
                s.tags = {"t" + std::to_string(i % 5)};
                s.attributes = json{{"region", "eu-west-1"}, {"size", "m5.large"}};
                s.sources = {"tfstate"};
                ids.push_back(p->add(s));
            }
            std::set<std::pair<Id, Id>> seen;
            for (int e = 0; e < edges;) {
                Dependency d;
                d.from = ids[rng() % ids.size()];
                d.to = ids[rng() % ids.size()];
                d.kind = depKinds[rng() % depKinds.size()];
                if (d.from == d.to || !seen.insert({d.from, d.to}).second)
                    continue;
                p->add(d);
                ++e;
            }
        });
        const double build = secondsSince(t0);
        row("build (create + one edit, committed)", build, rate(n + edges, build, "rows"));
        t0 = Clock::now();
    }
    row("close (checkpoint)", secondsSince(t0), "");
    std::printf("  %-38s %10.1f MiB\n", "file size",
                QFileInfo(QString::fromStdString(path)).size() / 1048576.0);

    // ---- reopen and show the first rows of the systems table ----
    t0 = Clock::now();
    auto p = Project::open(path);
    const double openOnly = secondsSince(t0);
    const auto ids = p->systemIds();
    int shown = 0;
    for (size_t i = 0; i < ids.size() && i < 100; ++i)
        shown += p->get<System>(ids[i]) ? 1 : 0;
    const double firstRows = secondsSince(t0);
    row("open", openOnly, "");
    row("open + systemIds() + first 100 rows", firstRows,
        std::to_string(ids.size()) + " ids, " + std::to_string(shown) + " rows read");

    // ---- export ----
    t0 = Clock::now();
    const std::string text = exportMapText(*p);
    const double exportTime = secondsSince(t0);
    row("export json", exportTime, rate(text.size() / 1048576.0, exportTime, "MiB"));
    std::printf("  %-38s %10.1f MiB\n", "json size", text.size() / 1048576.0);
    p.reset();

    // ---- reference: nlohmann alone on the same text ----
    t0 = Clock::now();
    {
        const auto raw = nlohmann::json::parse(text);
        (void)raw;
    }
    const double rawParse = secondsSince(t0);
    row("raw nlohmann::json::parse", rawParse, rate(text.size() / 1048576.0, rawParse, "MiB"));

    // ---- import into a new map ----
    const std::string copy = QStringLiteral("%1/bench-%2-import.terrain").arg(dir).arg(n).toStdString();
    auto q = Project::create(copy);
    seedCatalog(*q);
    t0 = Clock::now();
    const json doc = parseMapText(text, "bench.json");
    const double parseTime = secondsSince(t0);
    const auto report = importMap(*q, doc, "bench.json");
    const double importTime = secondsSince(t0);
    row("  of which parseMapText", parseTime, "");
    row("import json (parse + check + one edit)", importTime, rate(report.added, importTime, "rows"));
    std::printf("  %-38s %10.1f x raw parse\n", "import / raw parse", importTime / rawParse);
    const bool same = exportMapText(*q) == text;
    std::printf("  %-38s %10s\n", "export again: identical bytes", same ? "yes" : "NO");
    std::printf("  %-38s %10ld MiB\n", "peak RSS so far", peakRssMiB());
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    std::vector<int> sizes;
    for (int i = 1; i < argc; ++i)
        sizes.push_back(std::atoi(argv[i]));
    if (sizes.empty())
        sizes = {1000, 10000, 100000};
    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::fprintf(stderr, "bench_store: cannot make a temporary folder\n");
        return 1;
    }
    std::printf("bench_store: Terrain %s, times in seconds (wall clock)\n", TERRAIN_VERSION);
    try {
        for (int n : sizes)
            if (n > 0)
                runSize(n, dir.path());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_store: %s\n", e.what());
        return 1;
    }
    return 0;
}
