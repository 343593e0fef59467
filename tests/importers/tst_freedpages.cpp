// An import gives the pages it frees back within 10 ms (importers/FreedPages.h), and only while it runs:
// otherwise jemalloc keeps them for a while, which is what a program that frees and allocates again and
// again (a ranking re-run on each what-if) needs.
#include "FreedPages.h"
#include "ImportJob.h"
#include "Project.h"

#include <QTemporaryDir>
#include <QTest>

#include <jemalloc/jemalloc.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

using namespace terrain;

namespace {

// The delay after which the arena of the calling thread gives freed pages back (ms; 0: at once).
ssize_t delayHere() {
    unsigned arena = 0;
    std::size_t size = sizeof arena;
    if (mallctl("thread.arena", &arena, &size, nullptr, 0) != 0)
        return -100;
    ssize_t delay = -100;
    size = sizeof delay;
    mallctl(("arena." + std::to_string(arena) + ".dirty_decay_ms").c_str(), &delay, &size, nullptr, 0);
    return delay;
}

ssize_t delayOfNewArenas() {
    ssize_t delay = -100;
    std::size_t size = sizeof delay;
    mallctl("arenas.dirty_decay_ms", &delay, &size, nullptr, 0);
    return delay;
}

} // namespace

class TestFreedPages : public QObject {
    Q_OBJECT

private slots:
    void theAllocatorIsNamed() {
        QVERIFY2(allocatorName().starts_with("jemalloc 5."), allocatorName().c_str());
    }

    void soonOnlyWhileAScopeLives() {
        const ssize_t usual = delayHere();
        QVERIFY(usual > FreedPagesReturnedSoon::kDelayMs);
        QCOMPARE(delayOfNewArenas(), usual);
        {
            const FreedPagesReturnedSoon outer;
            QCOMPARE(delayHere(), ssize_t(FreedPagesReturnedSoon::kDelayMs));
            QCOMPARE(delayOfNewArenas(), ssize_t(FreedPagesReturnedSoon::kDelayMs));
            {
                const FreedPagesReturnedSoon inner;
                QCOMPARE(delayHere(), ssize_t(FreedPagesReturnedSoon::kDelayMs));
            }
            QCOMPARE(delayHere(), ssize_t(FreedPagesReturnedSoon::kDelayMs)); // the outer one still lives
        }
        QCOMPARE(delayHere(), usual);
        QCOMPARE(delayOfNewArenas(), usual);
    }

    // A thread that starts while a scope lives gets an arena of its own, which gives pages back soon
    // too, and keeps them again once the scope ends.
    void aThreadStartedMeanwhile() {
        const ssize_t usual = delayHere();
        ssize_t during = -1, after = -1;
        std::atomic<bool> asked = false, ended = false;
        {
            auto scope = std::make_unique<FreedPagesReturnedSoon>();
            std::thread worker([&] {
                during = delayHere();
                asked = true;
                while (!ended) // the arena is the thread's: it asks again once the scope has ended
                    std::this_thread::yield();
                after = delayHere();
            });
            while (!asked) // the scope ends only after the thread has asked (however busy the machine)
                std::this_thread::yield();
            scope.reset();
            ended = true;
            worker.join();
        }
        QCOMPARE(during, ssize_t(FreedPagesReturnedSoon::kDelayMs));
        QCOMPARE(after, usual);
    }

    // An import: soon while its parse runs (seen from its progress), kept again after its commit.
    void anImport() {
        const ssize_t usual = delayHere();
        QTemporaryDir dir;
        const std::string map = (dir.path() + QStringLiteral("/m.terrain")).toStdString();
        auto project = Project::create(map);
        ImportRequest request;
        request.paths = {std::string(TERRAIN_FIXTURES_DIR) + "/generated/tf1.11.4_stack_terraform.tfstate"};
        ssize_t whileParsing = -1;
        ParsedImport parsed = parseImport(request, [&](size_t, size_t) {
            whileParsing = delayHere();
            return true;
        });
        QCOMPARE(whileParsing, ssize_t(FreedPagesReturnedSoon::kDelayMs));
        QCOMPARE(delayHere(), usual);
        const json report = commitImport(*project, planImport(*project, std::move(parsed), request.merge));
        QVERIFY(report["added"].get<int>() > 0);
        QCOMPARE(delayHere(), usual);
    }
};

QTEST_GUILESS_MAIN(TestFreedPages)
#include "tst_freedpages.moc"
