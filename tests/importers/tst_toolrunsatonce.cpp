// Other tools' runs several at once (ToolRunsAtOnce.h): each result given to the import as it reads the
// file, whatever order they end in; an error given with its own job only; no more running than asked, nor
// more done than a few ahead of what is taken, nor more bytes waiting than a budget; cancelling stops what
// runs; with one at a time, nothing runs but where it is taken, and so a job marked to.
#include "Error.h"
#include "ToolRunsAtOnce.h"

#include <QtTest>

#include <atomic>
#include <chrono>
#include <thread>

using namespace terrain;
using Runs = ToolRunsAtOnce<int>;

namespace {

/// What the jobs saw: how many ran at once at most, and how many began.
struct Seen {
    std::atomic<int> running = 0, most = 0, begun = 0;

    /// A job that runs for `ms` (or until it is no longer wanted) and gives `value`.
    Runs::Job job(int value, int ms) {
        return [this, value, ms](const std::function<bool()>& wanted) {
            ++begun;
            const int now = ++running;
            int was = most;
            while (now > was && !most.compare_exchange_weak(was, now)) {
            }
            const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
            while (std::chrono::steady_clock::now() < until) {
                if (!wanted()) {
                    --running;
                    throw ImportCancelled();
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            --running;
            return value;
        };
    }
};

} // namespace

class TestToolRunsAtOnce : public QObject {
    Q_OBJECT
private slots:
    void resultsComeInTheirPlaces();
    void anErrorIsItsJobsAlone();
    void noMoreRunThanAskedNorMoreAhead();
    void noMoreWaitsThanTheBudget();
    void cancellingStopsWhatRuns();
    void oneAtATimeRunsWhereTaken();
    void theNumberIsTheEnvironments();
};

void TestToolRunsAtOnce::resultsComeInTheirPlaces() {
    Seen seen;
    std::vector<Runs::Job> jobs;
    // (the later ones end first)
    for (int i = 0; i < 6; ++i)
        jobs.push_back(seen.job(i * 10, 120 - i * 20));
    Runs runs(std::move(jobs), 3);
    for (int i = 0; i < 6; ++i)
        QCOMPARE(runs.take(static_cast<std::size_t>(i), {}), i * 10);
    QCOMPARE(seen.begun.load(), 6);
    QCOMPARE(seen.most.load(), 3); // (each runs long enough for three to meet)
}

void TestToolRunsAtOnce::anErrorIsItsJobsAlone() {
    std::vector<Runs::Job> jobs;
    jobs.push_back([](const std::function<bool()>&) { return 1; });
    jobs.push_back(
        [](const std::function<bool()>&) -> int { throw Error("b.tfstate", "", "cannot be read"); });
    jobs.push_back([](const std::function<bool()>&) { return 3; });
    Runs runs(std::move(jobs), 4);
    QCOMPARE(runs.take(0, {}), 1);
    try {
        runs.take(1, {});
        QFAIL("the job's error was not given");
    } catch (const Error& e) {
        QCOMPARE(std::string(e.what()), std::string("b.tfstate: cannot be read"));
    }
    QCOMPARE(runs.take(2, {}), 3);
}

void TestToolRunsAtOnce::noMoreRunThanAskedNorMoreAhead() {
    Seen seen;
    std::vector<Runs::Job> jobs;
    for (int i = 0; i < 12; ++i)
        jobs.push_back(seen.job(i, 20));
    Runs runs(std::move(jobs), 2);
    // Nothing taken: four done or running at most (two at once, twice that ahead of the first not taken).
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    QCOMPARE(seen.begun.load(), 4);
    QCOMPARE(seen.most.load(), 2);
    // Taken out of order, the window moves from the first not taken.
    QCOMPARE(runs.take(1, {}), 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    QCOMPARE(seen.begun.load(), 4);
    QCOMPARE(runs.take(0, {}), 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    QCOMPARE(seen.begun.load(), 6);
    // One taken before it began runs where it is taken.
    QCOMPARE(runs.take(9, {}), 9);
    QCOMPARE(seen.begun.load(), 7);
    for (std::size_t i = 2; i < 12; ++i)
        if (i != 9)
            QCOMPARE(runs.take(i, {}), static_cast<int>(i));
    QCOMPARE(seen.begun.load(), 12);
    QCOMPARE(seen.most.load(), 2);
}

void TestToolRunsAtOnce::noMoreWaitsThanTheBudget() {
    // Results of 10 bytes each, and a budget of 1: once one is known, no other begins beside it but the first
    // one not taken.
    Seen seen;
    std::vector<Runs::Job> jobs;
    for (int i = 0; i < 6; ++i)
        jobs.push_back(seen.job(i, 200));
    Runs runs(
        std::move(jobs), 2, {}, [](const int&) { return std::size_t(10); }, 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    QCOMPARE(seen.begun.load(), 2); // (both began before either was done)
    QCOMPARE(runs.take(0, {}), 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    QCOMPARE(seen.begun.load(), 2); // (the second waits still)
    QCOMPARE(runs.take(1, {}), 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    QCOMPARE(seen.begun.load(), 3); // (nothing waits: the first one not taken, alone, as one runs over it)
    // Taken out of order, one that no thread would begin runs where it is taken.
    QCOMPARE(runs.take(5, {}), 5);
    QCOMPARE(seen.begun.load(), 4);
    for (std::size_t i = 2; i < 5; ++i)
        QCOMPARE(runs.take(i, {}), static_cast<int>(i));
    QCOMPARE(seen.begun.load(), 6);
}

void TestToolRunsAtOnce::cancellingStopsWhatRuns() {
    Seen seen;
    {
        std::vector<Runs::Job> jobs;
        for (int i = 0; i < 8; ++i)
            jobs.push_back(seen.job(i, 60'000));
        Runs runs(std::move(jobs), 3);
        int asked = 0;
        const auto start = std::chrono::steady_clock::now();
        try {
            runs.take(0, [&] { return ++asked < 3; });
            QFAIL("a cancelled import went on");
        } catch (const ImportCancelled&) {
        }
        QCOMPARE(asked, 3); // (four times a second)
        QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(30));
        QCOMPARE(seen.running.load(), 0); // all stopped before it was said
        QCOMPARE(seen.begun.load(), 3);
    }
    // And what is not taken when the import ends for another reason is stopped as it ends.
    Seen other;
    {
        std::vector<Runs::Job> jobs;
        for (int i = 0; i < 4; ++i)
            jobs.push_back(other.job(i, 60'000));
        Runs runs(std::move(jobs), 2);
        while (other.begun.load() < 2)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    QCOMPARE(other.running.load(), 0);
    QCOMPARE(other.begun.load(), 2);
}

void TestToolRunsAtOnce::oneAtATimeRunsWhereTaken() {
    const auto here = std::this_thread::get_id();
    std::vector<Runs::Job> jobs;
    std::vector<std::thread::id> ranOn(3);
    for (int i = 0; i < 3; ++i)
        jobs.push_back([&ranOn, i](const std::function<bool()>& wanted) {
            ranOn[static_cast<std::size_t>(i)] = std::this_thread::get_id();
            return wanted() ? i : -1;
        });
    Runs runs(std::move(jobs), 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    QCOMPARE(ranOn[0], std::thread::id()); // nothing begun before it is taken
    for (int i = 0; i < 3; ++i)
        QCOMPARE(runs.take(static_cast<std::size_t>(i), [] { return true; }), i);
    for (const auto& id : ranOn)
        QCOMPARE(id, here);
    // A job marked to run where it is taken does, while the others run on threads of their own.
    std::vector<Runs::Job> marked;
    for (int i = 0; i < 3; ++i)
        marked.push_back([&ranOn, i](const std::function<bool()>&) {
            ranOn[static_cast<std::size_t>(i)] = std::this_thread::get_id();
            return i;
        });
    std::fill(ranOn.begin(), ranOn.end(), std::thread::id());
    Runs some(std::move(marked), 4, {false, true, false});
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    QCOMPARE(ranOn[1], std::thread::id());
    for (int i = 0; i < 3; ++i)
        QCOMPARE(some.take(static_cast<std::size_t>(i), {}), i);
    QVERIFY(ranOn[0] != here && ranOn[0] != std::thread::id());
    QCOMPARE(ranOn[1], here);
    QVERIFY(ranOn[2] != here && ranOn[2] != std::thread::id());
}

void TestToolRunsAtOnce::theNumberIsTheEnvironments() {
    qunsetenv("TERRAIN_TOOL_JOBS");
    QCOMPARE(toolRunsAtOnce(), 4);
    qputenv("TERRAIN_TOOL_JOBS", "1");
    QCOMPARE(toolRunsAtOnce(), 1);
    qputenv("TERRAIN_TOOL_JOBS", "0");
    QCOMPARE(toolRunsAtOnce(), 1);
    qputenv("TERRAIN_TOOL_JOBS", "100");
    QCOMPARE(toolRunsAtOnce(), 16);
    qputenv("TERRAIN_TOOL_JOBS", "010");
    QCOMPARE(toolRunsAtOnce(), 10);
    qputenv("TERRAIN_TOOL_JOBS", "many");
    QCOMPARE(toolRunsAtOnce(), 4);
    qunsetenv("TERRAIN_TOOL_JOBS");
}

QTEST_GUILESS_MAIN(TestToolRunsAtOnce)
#include "tst_toolrunsatonce.moc"
