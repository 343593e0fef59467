// The positions stored in the map (Project::positions, schema 4): undoable, kept on reopen, going
// with a deleted system and coming back with it, and the migration of a schema 2 map.
#include "Database.h"
#include "GraphLayout.h"
#include "Project.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace terrain;
using namespace terrain::layout;

namespace {

System sys(const std::string& name) {
    System s;
    s.name = name;
    s.kind = "service";
    return s;
}

} // namespace

class TestPositions : public QObject {
    Q_OBJECT
private slots:
    void init() { QVERIFY(m_dir.isValid()); }

    void positionsAreStoredAndUndoable() {
        const std::string path = m_dir.filePath(QStringLiteral("pos.terrain")).toStdString();
        Id a = 0, b = 0;
        {
            auto p = Project::create(path);
            a = p->add(sys("a"));
            b = p->add(sys("b"));
            QVERIFY(p->positions().empty());
            QSignalSpy moved(p.get(), &Project::positionsChanged);
            p->setPositions({{a, MapPosition{10, 20, false}}, {b, MapPosition{300, 20.5, false}}},
                            QStringLiteral("Lay out map"));
            QCOMPARE(moved.count(), 1);
            QCOMPARE(moved.at(0).at(0).value<std::vector<Id>>().size(), size_t(2));
            QCOMPARE(p->undoText(), QStringLiteral("Lay out map"));
            QCOMPARE(p->positions().size(), size_t(2));
            // an unchanged position makes no edit
            p->setPositions({{a, MapPosition{10, 20, false}}});
            QCOMPARE(p->undoText(), QStringLiteral("Lay out map"));
            // a move by hand pins
            p->setPositions({{a, MapPosition{50, 60, true}}}, QStringLiteral("Move a"));
            QCOMPARE(*p->position(a), (MapPosition{50, 60, true}));
            p->undo();
            QCOMPARE(*p->position(a), (MapPosition{10, 20, false}));
            QCOMPARE(moved.count(), 3);
            p->redo();
            QCOMPARE(*p->position(a), (MapPosition{50, 60, true}));
            // deleting a system takes its position; undo brings both back
            p->erase<System>(a);
            QVERIFY(!p->position(a));
            p->undo();
            QVERIFY(p->get<System>(a));
            QCOMPARE(*p->position(a), (MapPosition{50, 60, true}));
            p->redo();
            QVERIFY(!p->position(a));
            p->undo();
            // a position of a missing system is refused and nothing is written
            bool threw = false;
            try {
                p->setPositions({{b, MapPosition{1, 1, true}}, {999, MapPosition{1, 1, true}}});
            } catch (const Error&) {
                threw = true;
            }
            QVERIFY(threw);
            QCOMPARE(p->position(b)->x, 300.0);
            // inside a compound edit, positions join the edit
            p->edit(QStringLiteral("Add c"), [&] {
                const Id c = p->add(sys("c"));
                p->setPositions({{c, MapPosition{600, 20, true}}});
            });
            QCOMPARE(p->positions().size(), size_t(3));
            p->undo();
            QCOMPARE(p->positions().size(), size_t(2));
            QCOMPARE(p->count(EntityKind::System), std::int64_t(2));
            // stored out of the history: no undo step, and the redo stack is kept
            QVERIFY(p->canRedo());
            const QString undoBefore = p->undoText();
            p->setPositions({{b, MapPosition{7, 8, false}}}, QStringLiteral("Lay out map"), false);
            QCOMPARE(p->position(b)->x, 7.0);
            QCOMPARE(p->undoText(), undoBefore);
            QVERIFY(p->canRedo());
            p->setPositions({{b, MapPosition{300, 20.5, false}}}, {}, false);
            // clearing a position
            p->setPositions({{b, std::nullopt}});
            QVERIFY(!p->position(b));
            p->undo();
        }
        // reopened: the positions are there
        auto p = Project::open(path);
        const auto pos = p->positions();
        QCOMPARE(pos.size(), size_t(2));
        QCOMPARE(pos.at(a), (MapPosition{50, 60, true}));
        QCOMPARE(pos.at(b), (MapPosition{300, 20.5, false}));
    }

    void openMigratesSchemaTwo() {
        // A map written by schema version 2 (the demo map), before positions were stored.
        const QString path = m_dir.filePath(QStringLiteral("v2.terrain"));
        QVERIFY(
            QFile::copy(QStringLiteral(TERRAIN_SOURCE_DIR "/tests/model/data/schema-v2-demo.terrain"), path));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        {
            Database raw(path.toStdString(), Database::Mode::ReadOnly);
            QCOMPARE(raw.queryInt("PRAGMA user_version"), std::int64_t(2));
        }
        std::unordered_map<Id, MapPosition> laid;
        {
            auto p = Project::open(path.toStdString());
            QCOMPARE(p->count(EntityKind::System), std::int64_t(43));
            QVERIFY(p->positions().empty());
            // lay the demo map out and store it
            Request q;
            std::map<Id, int> index;
            const auto systems = p->list<System>();
            for (const auto& s : systems) {
                index[s.id] = static_cast<int>(q.nodes.size());
                q.nodes.push_back({});
            }
            for (const auto& d : p->list<Dependency>())
                q.edges.push_back({index.at(d.from), index.at(d.to)});
            const Result r = runInProcess(q);
            QCOMPARE(r.engine, Engine::Dot);
            std::vector<PositionEdit> edits;
            for (const auto& s : systems) {
                const auto c = r.centres[static_cast<size_t>(index.at(s.id))];
                edits.push_back({s.id, MapPosition{c.x, c.y, false}});
                laid[s.id] = MapPosition{c.x, c.y, false};
            }
            p->setPositions(edits, QStringLiteral("Lay out map"));
        }
        Database raw(path.toStdString(), Database::Mode::ReadOnly);
        QCOMPARE(raw.queryInt("PRAGMA user_version"), std::int64_t(Project::kSchemaVersion));
        auto check = raw.prepareUncached("PRAGMA integrity_check");
        QVERIFY(check->step());
        QCOMPARE(check->text(0), std::string("ok"));
        auto p = Project::open(path.toStdString());
        QCOMPARE(p->positions(), laid);
        // the schema is the one of a new map
        const std::string fresh = m_dir.filePath(QStringLiteral("fresh.terrain")).toStdString();
        Project::create(fresh);
        Database created(fresh, Database::Mode::ReadOnly);
        auto sqlOf = [](Database& db) {
            auto st = db.prepareUncached("SELECT sql FROM sqlite_schema WHERE name = 'positions'");
            return st->step() ? st->text(0) : std::string();
        };
        QVERIFY(!sqlOf(created).empty());
        QCOMPARE(sqlOf(raw), sqlOf(created));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestPositions)
#include "tst_positions.moc"
