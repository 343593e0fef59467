// The allocator every Terrain program links (app/CMakeLists.txt: terrain_allocator): jemalloc serves
// malloc and operator new, in this test as in the terrain binary, with its own settings (an import asks
// for freed pages back at once only while it runs: importers/FreedPages.h, tst_freedpages).
#include <QProcess>
#include <QTest>

#include <jemalloc/jemalloc.h>

#include <cstdint>
#include <cstdlib>
#include <memory>

class TestAllocator : public QObject {
    Q_OBJECT

    static std::uint64_t allocatedByThisThread() {
        std::uint64_t bytes = 0;
        std::size_t size = sizeof bytes;
        if (mallctl("thread.allocated", &bytes, &size, nullptr, 0) != 0)
            return 0;
        return bytes;
    }

private slots:
    void mallocAndNewAreJemallocs() {
        const std::uint64_t before = allocatedByThisThread();
        void* block = std::malloc(std::size_t(1) << 20);
        QVERIFY(block);
        const std::uint64_t afterMalloc = allocatedByThisThread();
        std::free(block);
        QVERIFY2(afterMalloc - before >= (std::uint64_t(1) << 20), "malloc did not go through jemalloc");
        const auto array = std::make_unique<char[]>(std::size_t(1) << 20);
        QVERIFY2(allocatedByThisThread() - afterMalloc >= (std::uint64_t(1) << 20),
                 "operator new did not go through jemalloc");
    }

    // Freed pages are kept for a while (jemalloc's default), which a ranking re-run on each what-if needs:
    // given back at once, it ran 1.7 times as long.
    void freedPagesAreKeptForAWhile() {
        ssize_t delay = 0;
        std::size_t size = sizeof delay;
        QCOMPARE(mallctl("opt.dirty_decay_ms", &delay, &size, nullptr, 0), 0);
        QVERIFY(delay > 0);
    }

    // The terrain binary itself: jemalloc prints its statistics at exit when asked to.
    void theTerrainBinaryUsesIt() {
        QProcess p;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("MALLOC_CONF"), QStringLiteral("stats_print:true"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(TERRAIN_BINARY), {QStringLiteral("--version")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const QByteArray out = p.readAllStandardOutput() + p.readAllStandardError();
        QVERIFY2(out.contains("jemalloc statistics"), out.left(400).constData());
    }
};

QTEST_GUILESS_MAIN(TestAllocator)
#include "tst_allocator.moc"
