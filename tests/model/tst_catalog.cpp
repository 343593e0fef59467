// The catalog every map starts with, and the bundled demo map.
#include "Analysis.h"
#include "Catalog.h"
#include "MapJson.h"
#include "Project.h"

#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace terrain;

class TestCatalog : public QObject {
    Q_OBJECT
private slots:
    void defaultsAreComplete();
    void seedIsIdempotent();
    void demoMapIsBelievable();

private:
    QTemporaryDir m_dir;
};

void TestCatalog::defaultsAreComplete() {
    QCOMPARE(defaultAreas().size(), size_t(10));
    QCOMPARE(defaultSymptoms().size(), size_t(12));
    std::set<std::string> keys;
    for (const auto& a : defaultAreas())
        keys.insert(a.key);
    QCOMPARE(keys.size(), size_t(10));
    for (const auto& s : defaultSymptoms()) {
        QVERIFY(!s.areas.empty());
        for (const auto& k : s.areas)
            QVERIFY2(keys.count(k), k.c_str());
    }
}

void TestCatalog::seedIsIdempotent() {
    auto p = Project::create(m_dir.filePath(QStringLiteral("seed.terrain")).toStdString());
    seedCatalog(*p);
    QCOMPARE(p->count(EntityKind::Area), std::int64_t(10));
    QCOMPARE(p->count(EntityKind::Symptom), std::int64_t(12));
    QVERIFY(!p->canUndo()); // the catalog is not an edit the user can undo
    auto release = p->list<Area>().front();
    release.notes = "kept";
    p->save(release);
    seedCatalog(*p);
    QCOMPARE(p->count(EntityKind::Area), std::int64_t(10));
    QCOMPARE(p->list<Area>().front().notes, std::string("kept"));
    for (const auto& s : p->list<Symptom>())
        QVERIFY(!s.areas.empty());
}

void TestCatalog::demoMapIsBelievable() {
    auto p = Project::create(m_dir.filePath(QStringLiteral("demo.terrain")).toStdString());
    seedCatalog(*p);
    populateDemo(*p);
    QVERIFY(!p->canUndo());
    const auto systems = p->list<System>();
    QVERIFY2(systems.size() >= 35 && systems.size() <= 60, qPrintable(QString::number(systems.size())));
    std::set<std::string> envs, kinds;
    for (const auto& s : systems) {
        envs.insert(s.environment);
        kinds.insert(s.kind);
    }
    QVERIFY(envs.count("production") && envs.count("staging"));
    for (const char* k : {"service", "database", "queue", "cache", "script", "monitoring", "person"})
        QVERIFY2(kinds.count(k), k);
    QVERIFY(p->count(EntityKind::Dependency) >= 40);
    QCOMPARE(p->count(EntityKind::Area), std::int64_t(10));
    QCOMPARE(p->count(EntityKind::Symptom), std::int64_t(12));
    QVERIFY(p->count(EntityKind::Initiative) >= 10);
    QVERIFY(p->count(EntityKind::Risk) >= 5);
    QVERIFY(p->count(EntityKind::Decision) >= 3);
    QVERIFY(p->count(EntityKind::Migration) >= 1);
    int observed = 0;
    for (const auto& s : p->list<Symptom>())
        observed += s.observed;
    QVERIFY(observed >= 3); // the demo company has outgrown its infrastructure
    for (const auto& f : checkMap(*p))
        QVERIFY2(f.level != "error", f.message.c_str());
}

QTEST_GUILESS_MAIN(TestCatalog)
#include "tst_catalog.moc"
