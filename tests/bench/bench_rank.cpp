// Ranking speed (issue 5): rank N initiatives with E prerequisites (a random DAG, fixed seed) and compare
// with a plain Kahn topological sort of the same graph, from the same input, in the same run.
//
//   build/tests/bench/bench_rank [INITIATIVES [PREREQUISITES [REPEATS]]]     (default 10000 30000 15)
//
// Both sides start from the same RankInput (initiatives with their prerequisite id lists) and build
// their own index of ids. Kahn does only that and the sort. rank() also scores every initiative (risk
// reduction from 2,000 risks), finds the strongly connected components, hands effective scores down to
// prerequisites, orders by a priority queue, honours manual ranks, fills the phases and builds the
// structured reasons. The reasons in words are built on demand (explanation()): what the roadmap page
// waits for is the ranking plus the words of the rows on screen (the first 50); `terrain rank` and the
// exports put every place into words, timed as a separate line. Medians of REPEATS runs, of the wall clock
// and of the CPU time (the fairer ratio on a busy machine), each with its ratio to the plain sort.
#include "Ranking.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <random>
#include <string>
#include <unordered_map>

using namespace terrain;

namespace {

using Clock = std::chrono::steady_clock;

RankInput makeInput(int n, int e, std::uint32_t seed) {
    std::mt19937 rng(seed);
    RankInput in;
    const int risks = 2000;
    for (int k = 1; k <= risks; ++k) {
        Risk r;
        r.id = k;
        r.key = "R-" + std::to_string(k);
        r.likelihood = 1 + static_cast<int>(rng() % 5);
        r.impact = 1 + static_cast<int>(rng() % 5);
        in.risks.push_back(std::move(r));
    }
    // Ids in a random order of the topological position, so that id order says nothing of the graph.
    std::vector<Id> idAt(static_cast<size_t>(n));
    for (int k = 0; k < n; ++k)
        idAt[static_cast<size_t>(k)] = 100 + k;
    std::shuffle(idAt.begin(), idAt.end(), rng);
    in.initiatives.resize(static_cast<size_t>(n));
    for (int k = 0; k < n; ++k) {
        Initiative& i = in.initiatives[static_cast<size_t>(k)];
        i.id = idAt[static_cast<size_t>(k)];
        i.key = "I-" + std::to_string(i.id);
        i.title = "Initiative " + std::to_string(i.id);
        i.value = static_cast<int>(rng() % 11);
        i.urgency = static_cast<int>(rng() % 11);
        i.riskReduction = static_cast<int>(rng() % 11);
        i.riskReductionAuto = rng() % 2 == 0;
        i.effort = 1 + static_cast<int>(rng() % 12);
        i.confidence = 50 + static_cast<int>(rng() % 51);
        i.votes = static_cast<int>(rng() % 8);
        for (unsigned r = rng() % 3; r > 0; --r)
            i.risks.push_back(1 + static_cast<Id>(rng() % risks));
        if (rng() % 500 == 0) {
            i.manualRank = 1 + static_cast<int>(rng() % static_cast<unsigned>(n));
            i.manualRankReason = "board";
        }
        if (rng() % 20 == 0)
            i.phase = phases()[rng() % 3];
    }
    // E distinct edges: position b needs position a < b (a DAG).
    std::vector<std::vector<int>> pre(static_cast<size_t>(n));
    int made = 0;
    while (made < e) {
        int a = static_cast<int>(rng() % static_cast<unsigned>(n));
        int b = static_cast<int>(rng() % static_cast<unsigned>(n));
        if (a == b)
            continue;
        if (a > b)
            std::swap(a, b);
        auto& list = pre[static_cast<size_t>(b)];
        if (std::find(list.begin(), list.end(), a) != list.end())
            continue;
        list.push_back(a);
        ++made;
    }
    for (int b = 0; b < n; ++b)
        for (int a : pre[static_cast<size_t>(b)])
            in.initiatives[static_cast<size_t>(b)].prerequisites.push_back(idAt[static_cast<size_t>(a)]);
    std::shuffle(in.initiatives.begin(), in.initiatives.end(), rng);
    in.settings.capacityNow = 300;
    in.settings.capacityNext = 600;
    in.settings.capacityLater = 1200;
    return in;
}

/// The baseline: a plain Kahn topological sort (FIFO), prerequisites first.
std::vector<Id> kahn(const RankInput& in) {
    const size_t n = in.initiatives.size();
    std::unordered_map<Id, int> index;
    index.reserve(n);
    for (size_t k = 0; k < n; ++k)
        index.emplace(in.initiatives[k].id, static_cast<int>(k));
    std::vector<int> start(n + 1, 0), indegree(n, 0);
    for (size_t k = 0; k < n; ++k)
        for (Id p : in.initiatives[k].prerequisites)
            if (auto f = index.find(p); f != index.end()) {
                ++start[static_cast<size_t>(f->second) + 1];
                ++indegree[k];
            }
    for (size_t k = 0; k < n; ++k)
        start[k + 1] += start[k];
    std::vector<int> next(static_cast<size_t>(start[n])), fill(start.begin(), start.end() - 1);
    for (size_t k = 0; k < n; ++k)
        for (Id p : in.initiatives[k].prerequisites)
            if (auto f = index.find(p); f != index.end())
                next[static_cast<size_t>(fill[static_cast<size_t>(f->second)]++)] = static_cast<int>(k);
    std::vector<int> queue;
    queue.reserve(n);
    for (size_t k = 0; k < n; ++k)
        if (indegree[k] == 0)
            queue.push_back(static_cast<int>(k));
    for (size_t q = 0; q < queue.size(); ++q) {
        const auto u = static_cast<size_t>(queue[q]);
        for (int e = start[u]; e < start[u + 1]; ++e)
            if (--indegree[static_cast<size_t>(next[static_cast<size_t>(e)])] == 0)
                queue.push_back(next[static_cast<size_t>(e)]);
    }
    std::vector<Id> order;
    order.reserve(n);
    for (int k : queue)
        order.push_back(in.initiatives[static_cast<size_t>(k)].id);
    return order;
}

double threadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

/// Medians of the wall-clock time and of the thread's CPU time. On a shared machine the wall clock of a
/// longer run takes more turns of other processes than a short one's; the CPU time does not.
struct Times {
    double wall = 0;
    double cpu = 0;
};

template <class F> Times median(int repeats, F&& f) {
    std::vector<double> wall, cpu;
    for (int r = 0; r < repeats; ++r) {
        const auto a = Clock::now();
        const double c = threadCpuMs();
        f();
        cpu.push_back(threadCpuMs() - c);
        wall.push_back(std::chrono::duration<double, std::milli>(Clock::now() - a).count());
    }
    std::sort(wall.begin(), wall.end());
    std::sort(cpu.begin(), cpu.end());
    return {wall[wall.size() / 2], cpu[cpu.size() / 2]};
}

} // namespace

int main(int argc, char** argv) {
    const int n = argc > 1 ? std::atoi(argv[1]) : 10000;
    const int e = argc > 2 ? std::atoi(argv[2]) : 30000;
    const int repeats = argc > 3 ? std::atoi(argv[3]) : 15;
    if (n < 2 || e < 0 || static_cast<double>(e) > static_cast<double>(n) * (n - 1) / 2 || repeats < 1) {
        std::fprintf(stderr, "usage: bench_rank [INITIATIVES [PREREQUISITES [REPEATS]]]\n");
        return 2;
    }
    const RankInput in = makeInput(n, e, 20240611);

    // Check once that both orders are complete and the ranking respects every prerequisite.
    const auto plain = kahn(in);
    const auto result = rank(in);
    if (plain.size() != in.initiatives.size() || result.ranked.size() != in.initiatives.size() ||
        !result.cycles.empty()) {
        std::fprintf(stderr, "bench_rank: incomplete order\n");
        return 1;
    }
    std::unordered_map<Id, int> place;
    for (const auto& r : result.ranked)
        place[r.id] = r.rank;
    for (const auto& i : in.initiatives)
        for (Id p : i.prerequisites)
            if (place[p] > place[i.id]) {
                std::fprintf(stderr, "bench_rank: %s ranked before its prerequisite\n", i.key.c_str());
                return 1;
            }
    int pulled = 0;
    for (const auto& r : result.ranked)
        pulled += r.pulledForwardBy.has_value();

    constexpr size_t kVisible = 50; // rows of the roadmap table on screen
    size_t sink = 0;
    const Times tKahn = median(repeats, [&] { sink += kahn(in).size(); });
    const Times tRank = median(repeats, [&] { sink += rank(in).ranked.size(); });
    const Times tVisible = median(repeats, [&] {
        const RankResult r = rank(in);
        for (size_t k = 0; k < kVisible && k < r.ranked.size(); ++k)
            sink += explanation(r, r.ranked[k]).size();
    });
    const Times tAll = median(repeats, [&] {
        const RankResult r = rank(in);
        for (const auto& x : r.ranked)
            sink += explanation(r, x).size();
    });

    std::printf("bench_rank: %d initiatives, %d prerequisites, median of %d runs (%zu)\n", n, e, repeats,
                sink % 10);
    std::printf("  %-40s %9s %7s %9s %7s\n", "", "wall", "ratio", "CPU", "ratio");
    auto line = [&](const std::string& what, const Times& t) {
        std::printf("  %-40s %6.2f ms %6.2fx %6.2f ms %6.2fx\n", what.c_str(), t.wall, t.wall / tKahn.wall,
                    t.cpu, t.cpu / tKahn.cpu);
    };
    line("plain Kahn topological sort", tKahn);
    line("rank(), structured reasons", tRank);
    line("rank() + words of the first " + std::to_string(kVisible) + " rows", tVisible);
    line("rank() + words of all " + std::to_string(result.ranked.size()) + " places", tAll);
    std::printf("  %d prerequisites pulled forward; phases: now %d, next %d, later %d\n", pulled,
                result.phases[0].count, result.phases[1].count, result.phases[2].count);
    return 0;
}
