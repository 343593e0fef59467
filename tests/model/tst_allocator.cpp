// The allocator every Terrain program links (CMakeLists.txt: terrain_allocator, app/AllocatorSettings.cpp):
// jemalloc serves malloc and operator new, with Terrain's settings, in this test as in the terrain binary.
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

    void terrainsSettingsAreRead() {
        ssize_t dirty = -1, muzzy = -1;
        std::size_t size = sizeof dirty;
        QCOMPARE(mallctl("opt.dirty_decay_ms", &dirty, &size, nullptr, 0), 0);
        QCOMPARE(mallctl("opt.muzzy_decay_ms", &muzzy, &size, nullptr, 0), 0);
        QCOMPARE(dirty, ssize_t(0));
        QCOMPARE(muzzy, ssize_t(0));
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
        QVERIFY2(out.contains("opt.dirty_decay_ms: 0"), "Terrain's settings are not in the binary");
    }
};

QTEST_GUILESS_MAIN(TestAllocator)
#include "tst_allocator.moc"
