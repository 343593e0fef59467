// The .terrain store: create/open checks, every entity kind through insert/get/update/remove, keys,
// cascades, undo/redo, atomic compound edits, signals, and the lazy system queries.
#include "Database.h"
#include "EntitySpec.h"
#include "Project.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace terrain;

namespace {

QByteArray fileHash(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

/// Every row of every kind: the whole map, for before/after comparisons.
std::vector<json> snapshot(const Project& p) {
    std::vector<json> all;
    for (EntityKind k : kAllKinds)
        for (auto& row : p.list(k))
            all.push_back(json{{"kind", kindName(k)}, {"row", row}});
    return all;
}

System makeSystem(const std::string& key, const std::string& name) {
    System s;
    s.key = key;
    s.name = name;
    s.kind = "service";
    s.environment = "production";
    return s;
}

Dependency makeDependency(Id from, Id to, const std::string& kind = "calls") {
    Dependency d;
    d.from = from;
    d.to = to;
    d.kind = kind;
    return d;
}

} // namespace

class TestProject : public QObject {
    Q_OBJECT
private slots:
    void init();
    void createWritesIdentityAndSchema();
    void createRefusesExistingFile();
    void createdFileIsWholeWhileOpen();
    void dependencyLookupsUseTheUniqueIndex();
    void openRefusesWhatIsNotOurs_data();
    void openRefusesWhatIsNotOurs();
    void openRefusesNewerSchema();
    void openRefusesDamagedFile();
    void openMigratesPreviousSchema();
    void everyKindRoundTrips();
    void keysAreGenerated();
    void updateMergesAndSkipsNoOps();
    void removeSystemCascadesAndUndoRestores();
    void removeAreaClearsReferencesAndUndoRestores();
    void undoRedo();
    void undoRedoOfInsertsReadsThemBack();
    void typedRowsAreStoredAsJsonRows();
    void manyRowsAddedAsOneByOne();
    void typedListsReadAsJsonRows();
    void compoundEditIsAtomic();
    void editPageCacheIsGivenBack();
    void manyRowsWrittenOnceRunOnARollbackJournal();
    void openRollsBackAnImportCutShort();
    void danglingReferenceIsRefused();
    void duplicateKeyIsRefused();
    void signalsFollowEdits();
    void editsPersistAcrossReopen();
    void systemQueries();

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_n = 0;
};

void TestProject::init() {
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("map%1.terrain").arg(++m_n));
}

void TestProject::createWritesIdentityAndSchema() {
    { auto p = Project::create(m_path.toStdString()); }
    // The WAL is folded back into the file on close: one file to copy or mail.
    QVERIFY(!QFile::exists(m_path + QStringLiteral("-wal")));
    Database db(m_path.toStdString(), Database::Mode::ReadOnly);
    QCOMPARE(db.queryInt("PRAGMA application_id"), static_cast<std::int64_t>(Project::kApplicationId));
    QCOMPARE(db.queryInt("PRAGMA user_version"), static_cast<std::int64_t>(Project::kSchemaVersion));
    QVERIFY(db.queryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'systems'") == 1);
    QCOMPARE(db.queryInt("PRAGMA page_size"), 8192); // a system's row is most of a kilobyte
}

// A dependency's "from" has no index of its own (an import inserts one index entry fewer per dependency):
// UNIQUE("from", "to", kind) starts with it and serves lookups by "from" alone, and "to" keeps its own.
void TestProject::dependencyLookupsUseTheUniqueIndex() {
    { auto p = Project::create(m_path.toStdString()); }
    Database db(m_path.toStdString(), Database::Mode::ReadOnly);
    QCOMPARE(db.queryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'dependencies_from'"), 0);
    QCOMPARE(db.queryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'dependencies_to'"), 1);
    auto plan = [&](const std::string& where) {
        auto q = db.prepareUncached("EXPLAIN QUERY PLAN SELECT id FROM dependencies WHERE " + where);
        std::string out;
        while (q->step())
            out += q->text(3) + "\n";
        return QString::fromStdString(out);
    };
    QVERIFY2(plan("\"from\" = 1").contains(QLatin1String("INDEX sqlite_autoindex_dependencies")),
             qPrintable(plan("\"from\" = 1")));
    QVERIFY2(plan("\"to\" = 1").contains(QLatin1String("INDEX dependencies_to")),
             qPrintable(plan("\"to\" = 1")));
}

// A new map's schema is in its file, not only in its WAL, as soon as it is created: a copy of the file
// alone (a backup, a mail) taken while Terrain has the map open is a map, and its first edit does not
// write the schema's pages again.
void TestProject::createdFileIsWholeWhileOpen() {
    auto p = Project::create(m_path.toStdString());
    QCOMPARE(QFileInfo(m_path + QStringLiteral("-wal")).size(), 0);
    const QString copy = m_dir.filePath(QStringLiteral("copy.terrain"));
    QFile::remove(copy);
    QVERIFY(QFile::copy(m_path, copy));
    auto reopened = Project::open(copy.toStdString());
    QCOMPARE(reopened->count(EntityKind::System), 0);
    Database db(copy.toStdString(), Database::Mode::ReadOnly);
    QCOMPARE(db.queryInt("PRAGMA user_version"), static_cast<std::int64_t>(Project::kSchemaVersion));
    QCOMPARE(db.queryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'systems'"), 1);
}

void TestProject::createRefusesExistingFile() {
    QFile f(m_path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("keep me");
    f.close();
    QVERIFY_THROWS_EXCEPTION(Error, Project::create(m_path.toStdString()));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("keep me"));
}

void TestProject::openRefusesWhatIsNotOurs_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    QTest::newRow("text") << QByteArray("hello, this is not a database\n")
                          << QStringLiteral("not an SQLite database");
    QByteArray binary;
    for (int i = 0; i < 8192; ++i)
        binary.append(static_cast<char>((i * 7919) % 251));
    QTest::newRow("binary") << binary << QStringLiteral("not an SQLite database");
    QTest::newRow("empty sqlite") << QByteArray() << QStringLiteral("empty SQLite database");
    QTest::newRow("other app") << QByteArray("other") << QStringLiteral("another application");
    QTest::newRow("missing") << QByteArray("missing") << QStringLiteral("no such file");
}

void TestProject::openRefusesWhatIsNotOurs() {
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    if (content == "other") {
        Database db(m_path.toStdString(), Database::Mode::Create);
        db.exec("PRAGMA application_id = 1234; CREATE TABLE t(x); INSERT INTO t VALUES (1);");
    } else if (content != "missing") {
        QFile f(m_path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    const QByteArray before = fileHash(m_path);
    try {
        Project::open(m_path.toStdString());
        QFAIL("open should have refused the file");
    } catch (const Error& e) {
        const QString msg = QString::fromUtf8(e.what());
        QVERIFY2(msg.contains(expected), qPrintable(msg));
        QVERIFY2(msg.contains(m_path), qPrintable(msg));
    }
    QCOMPARE(fileHash(m_path), before);
}

void TestProject::openRefusesNewerSchema() {
    { auto p = Project::create(m_path.toStdString()); }
    {
        Database db(m_path.toStdString(), Database::Mode::ReadWrite);
        db.exec("PRAGMA user_version = 99");
    }
    const QByteArray before = fileHash(m_path);
    try {
        Project::open(m_path.toStdString());
        QFAIL("a newer schema must be refused");
    } catch (const Error& e) {
        const QString msg = QString::fromUtf8(e.what());
        QVERIFY2(msg.contains(QStringLiteral("newer Terrain")) && msg.contains(QStringLiteral("99")),
                 qPrintable(msg));
    }
    QCOMPARE(fileHash(m_path), before);
}

void TestProject::openRefusesDamagedFile() {
    {
        auto p = Project::create(m_path.toStdString());
        p->edit(QStringLiteral("many"), [&] {
            for (int i = 0; i < 2000; ++i)
                p->add(makeSystem("k" + std::to_string(i), std::string(200, 'x') + std::to_string(i)));
        });
    }
    QFile f(m_path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.size() > 40000);
    // Scribble over the middle of the file: b-tree pages that quick_check reads.
    f.seek(f.size() / 2 - 4096);
    f.write(QByteArray(8192, '\x5a'));
    f.close();
    const QByteArray before = fileHash(m_path);
    try {
        Project::open(m_path.toStdString());
        QFAIL("a damaged file must be refused");
    } catch (const Error& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("damaged")), e.what());
    }
    QCOMPARE(fileHash(m_path), before);
}

void TestProject::openMigratesPreviousSchema() {
    // A map written by schema version 1 (tests/model/data/schema-v1.terrain, made by the first release).
    QVERIFY(QFile::copy(QStringLiteral(TERRAIN_SOURCE_DIR "/tests/model/data/schema-v1.terrain"), m_path));
    QFile::setPermissions(m_path, QFile::ReadOwner | QFile::WriteOwner);
    {
        auto p = Project::open(m_path.toStdString());
        QCOMPARE(p->count(EntityKind::System), std::int64_t(2));
        auto db = p->systemByKey("tf:aws_db_instance.main");
        QVERIFY(db);
        QCOMPARE(db->name, std::string("Main DB"));
        QCOMPARE(db->attributes, json({{"engine", "postgres"}}));
        QVERIFY(db->scopes.empty() && db->identifiers.empty() && db->group.empty());
        QCOMPARE(p->list<Dependency>().front().evidence, std::string("DATABASE_URL"));
        QCOMPARE(p->list<Initiative>().front().criteria.front().metric, std::string("restore time"));
        QCOMPARE(p->list<Risk>().front().systems, std::vector<Id>{db->id});
        // The new fields are stored like any other.
        db->scopes = {"tfstate:lineage-1"};
        db->identifiers = {"db-ABC"};
        db->group = "module.db";
        p->save(*db);
        ImportRun run; // (schema 6: what a run replaces, and the path it read)
        run.file = "terraform.tfstate";
        run.scope = "tfstate:lineage-1";
        run.path = "/infra/terraform.tfstate";
        p->add(run);
    }
    Database raw(m_path.toStdString(), Database::Mode::ReadOnly);
    QCOMPARE(raw.queryInt("PRAGMA user_version"), std::int64_t(Project::kSchemaVersion));
    auto check = raw.prepareUncached("PRAGMA integrity_check");
    QVERIFY(check->step());
    QCOMPARE(check->text(0), std::string("ok"));
    auto p = Project::open(m_path.toStdString());
    QCOMPARE(p->systemByKey("tf:aws_db_instance.main")->identifiers, std::vector<std::string>{"db-ABC"});
    QCOMPARE(p->list<ImportRun>().back().path, std::string("/infra/terraform.tfstate"));
    QCOMPARE(p->list<ImportRun>().back().scope, std::string("tfstate:lineage-1"));
}

void TestProject::everyKindRoundTrips() {
    auto p = Project::create(m_path.toStdString());
    const Id a = p->add(makeSystem("tf:aws_instance.a", "a"));
    const Id b = p->add(makeSystem("tf:aws_instance.b", "b"));

    System full = *p->get<System>(a);
    full.tags = {"ssh", "legacy"};
    full.group = "module.legacy";
    full.scopes = {"tfstate:abc"};
    full.identifiers = {"i-0abc", "arn:aws:ec2:eu-west-1:1:instance/i-0abc"};
    full.discovered = json{{"name", "a"}, {"kind", "service"}};
    full.attributes = json{{"instance_type", "t3.large"}, {"zone", "eu-west-1a"}};
    full.sources = {"tfstate", "awscli"};
    full.lifecycle = "replace";
    full.criticality = "critical";
    full.notes = "line 1\nline 2 — ünïcödé";
    p->save(full);
    QCOMPARE(json(*p->get<System>(a)), json(full));

    Dependency dep;
    dep.from = a;
    dep.to = b;
    dep.kind = "reads";
    dep.evidence = "env DATABASE_HOST";
    dep.id = p->add(dep);
    QCOMPARE(json(*p->get<Dependency>(dep.id)), json(dep));

    ImportRun run;
    run.file = "state.tfstate";
    run.format = "tfstate";
    run.scope = "tfstate:abc";
    run.path = "/infra/state.tfstate";
    run.warnings = {"w1"};
    run.added = 2;
    run.id = p->add(run);
    QCOMPARE(json(*p->get<ImportRun>(run.id)), json(run));

    Area area;
    area.key = "release";
    area.title = "Release process";
    area.maturityNow = 2;
    area.maturityTarget = 4;
    area.systems = {b, a};
    area.id = p->add(area);
    QCOMPARE(json(*p->get<Area>(area.id)), json(area)); // link order is kept

    Risk risk;
    risk.title = "Single database";
    risk.likelihood = 4;
    risk.impact = 5;
    risk.area = area.id;
    risk.systems = {a};
    risk.id = p->add(risk);
    risk.key = "R-1";
    QCOMPARE(json(*p->get<Risk>(risk.id)), json(risk));

    Initiative first;
    first.title = "Centralised logging";
    first.id = p->add(first);
    Initiative second;
    second.title = "Serverless cron";
    second.area = area.id;
    second.prerequisites = {first.id};
    second.systems = {a, b};
    second.risks = {risk.id};
    second.criteria = {{"deploy time", "4", "0.5", "hours"}};
    second.manualRank = 3;
    second.manualRankReason = "board asked";
    second.id = p->add(second);
    second.key = "I-2";
    QCOMPARE(json(*p->get<Initiative>(second.id)), json(second));

    Decision adr;
    adr.title = "Use Terraform";
    adr.deciders = {"cto", "lead"};
    adr.options = {{"Terraform", "", {"known"}, {"state files"}}, {"Pulumi", "", {}, {"new"}}};
    adr.initiatives = {second.id};
    adr.risks = {risk.id};
    adr.areas = {area.id};
    adr.systems = {a};
    adr.id = p->add(adr);
    adr.number = 1;
    QCOMPARE(json(*p->get<Decision>(adr.id)), json(adr));
    Decision later;
    later.title = "Use OpenTofu";
    later.supersedes = adr.id;
    later.id = p->add(later);
    QCOMPARE(p->get<Decision>(later.id)->number, 2);
    QCOMPARE(p->get<Decision>(later.id)->supersedes, std::optional<Id>(adr.id));

    Symptom sym;
    sym.key = "slow-deploys";
    sym.text = "Deploys take hours";
    sym.observed = true;
    sym.areas = {area.id};
    sym.id = p->add(sym);
    QCOMPARE(json(*p->get<Symptom>(sym.id)), json(sym));

    Migration mig;
    mig.title = "Billing out of the monolith";
    mig.legacy = a;
    mig.replacement = b;
    mig.stages = {{"canary", 5, true, "2026-12-01"}, {"half", 25, false, ""}, {"all", 100, false, ""}};
    mig.fallbackReady = true;
    mig.id = p->add(mig);
    mig.key = "M-1";
    QCOMPARE(json(*p->get<Migration>(mig.id)), json(mig));

    for (EntityKind k : kAllKinds)
        QVERIFY2(p->count(k) >= 1, kindName(k).c_str());
}

void TestProject::keysAreGenerated() {
    auto p = Project::create(m_path.toStdString());
    System s;
    s.name = "deploy script on a laptop";
    const Id id = p->add(s);
    const std::string key = p->get<System>(id)->key;
    QVERIFY2(key.rfind("manual:", 0) == 0 && key.size() == 7 + 36, key.c_str());
    Initiative i;
    i.key = "I-9";
    p->add(i);
    Initiative j;
    QCOMPARE(p->get<Initiative>(p->add(j))->key, std::string("I-10"));
    Area custom;
    custom.title = "Data platform";
    QCOMPARE(p->get<Area>(p->add(custom))->key, std::string("area-1"));
}

void TestProject::updateMergesAndSkipsNoOps() {
    auto p = Project::create(m_path.toStdString());
    const Id id = p->add(makeSystem("k", "before"));
    p->clearHistory();
    p->update(EntityKind::System, json{{"id", id}, {"owner", "platform team"}});
    auto s = p->get<System>(id);
    QCOMPARE(s->owner, std::string("platform team"));
    QCOMPARE(s->name, std::string("before")); // untouched members are kept
    QVERIFY(p->canUndo());
    p->clearHistory();
    p->update(EntityKind::System, json{{"id", id}, {"owner", "platform team"}});
    QVERIFY(!p->canUndo()); // nothing changed, no edit
    QVERIFY_THROWS_EXCEPTION(Error, p->update(EntityKind::System, json{{"id", id}, {"name", 42}}));
    QVERIFY_THROWS_EXCEPTION(Error, p->update(EntityKind::System, json{{"id", 999}, {"name", "x"}}));
}

void TestProject::removeSystemCascadesAndUndoRestores() {
    auto p = Project::create(m_path.toStdString());
    const Id a = p->add(makeSystem("a", "a"));
    const Id b = p->add(makeSystem("b", "b"));
    const Id c = p->add(makeSystem("c", "c"));
    p->add(makeDependency(a, b));
    p->add(makeDependency(b, c, "reads"));
    Area area;
    area.key = "scaling";
    area.systems = {a, b, c};
    p->add(area);
    Initiative ini;
    ini.systems = {b};
    p->add(ini);
    Migration m;
    m.legacy = b;
    m.replacement = c;
    p->add(m);
    const auto before = snapshot(*p);

    p->erase<System>(b);
    QCOMPARE(p->count(EntityKind::Dependency), std::int64_t(0));
    QCOMPARE(p->list<Area>().front().systems, (std::vector<Id>{a, c}));
    QVERIFY(p->list<Initiative>().front().systems.empty());
    QVERIFY(!p->list<Migration>().front().legacy.has_value());
    QCOMPARE(p->undoText(), QStringLiteral("Delete system"));

    p->undo();
    QCOMPARE(snapshot(*p), before);
    p->redo();
    QCOMPARE(p->count(EntityKind::System), std::int64_t(2));
    p->undo();
    QCOMPARE(snapshot(*p), before);
}

void TestProject::removeAreaClearsReferencesAndUndoRestores() {
    auto p = Project::create(m_path.toStdString());
    Area area;
    area.key = "dr";
    const Id aid = p->add(area);
    Risk r;
    r.area = aid;
    p->add(r);
    Symptom s;
    s.key = "no-dr";
    s.areas = {aid};
    p->add(s);
    Decision d;
    d.areas = {aid};
    p->add(d);
    const auto before = snapshot(*p);
    p->erase<Area>(aid);
    QVERIFY(!p->list<Risk>().front().area.has_value());
    QVERIFY(p->list<Symptom>().front().areas.empty());
    QVERIFY(p->list<Decision>().front().areas.empty());
    p->undo();
    QCOMPARE(snapshot(*p), before);
}

void TestProject::undoRedo() {
    auto p = Project::create(m_path.toStdString());
    QVERIFY(!p->canUndo());
    const Id id = p->add(makeSystem("k", "one"), QStringLiteral("Add k"));
    auto s = *p->get<System>(id);
    s.name = "two";
    p->save(s, QStringLiteral("Rename"));
    QCOMPARE(p->undoText(), QStringLiteral("Rename"));
    p->undo();
    QCOMPARE(p->get<System>(id)->name, std::string("one"));
    QCOMPARE(p->redoText(), QStringLiteral("Rename"));
    p->undo();
    QVERIFY(!p->get<System>(id));
    QVERIFY(!p->canUndo());
    p->redo();
    p->redo();
    QCOMPARE(p->get<System>(id)->name, std::string("two"));
    p->undo();
    s.name = "three";
    p->save(s);
    QVERIFY(!p->canRedo()); // a new edit drops the redo branch
    QCOMPARE(p->get<System>(id)->name, std::string("three"));
}

void TestProject::undoRedoOfInsertsReadsThemBack() {
    // The history keeps no copy of an inserted row: undo reads it back before deleting it, for redo.
    // Inserted, then changed, then deleted within one edit, and linked rows: redo gives the same map.
    auto p = Project::create(m_path.toStdString());
    const Id keep = p->add(makeSystem("keep", "keep"));
    const auto before = snapshot(*p);
    Id a = 0, b = 0, gone = 0;
    p->edit(QStringLiteral("Import"), [&] {
        a = p->add(makeSystem("a", "a"));
        b = p->add(makeSystem("b", "b"));
        p->add(makeDependency(a, b));
        p->add(makeDependency(keep, a, "reads"));
        auto changed = *p->get<System>(a);
        changed.name = "a, renamed";
        changed.tags = {"renamed"};
        p->save(changed);
        gone = p->add(makeSystem("gone", "gone"));
        p->add(makeDependency(gone, b));
        p->erase<System>(gone);
        Area area;
        area.key = "area";
        area.systems = {b, a};
        p->add(area);
    });
    const auto after = snapshot(*p);
    QCOMPARE(p->get<System>(a)->name, std::string("a, renamed"));
    QVERIFY(!p->get<System>(gone));
    for (int round = 0; round < 2; ++round) {
        p->undo();
        QCOMPARE(snapshot(*p), before);
        p->redo();
        QCOMPARE(snapshot(*p), after);
    }
    QCOMPARE(p->get<System>(b)->id, b); // same ids after redo
    QCOMPARE(p->list<Area>().front().systems, (std::vector<Id>{b, a}));
}

void TestProject::typedRowsAreStoredAsJsonRows() {
    // Systems and dependencies are bound from their structs (add), other rows from JSON (insert): the
    // stored text of every column is the same either way, escapes and UTF-8 included.
    auto p = Project::create(m_path.toStdString());
    System s = makeSystem("typed", "quote \" and \\ back\tslash");
    s.tags = {"plain", "with \"quote\"", "new\nline", "ctl\x01", "\xc3\xa9t\xc3\xa9", ""};
    s.sources = {"tfstate"};
    s.scopes = {};
    s.identifiers = {"arn:aws:rds:eu-west-1:1:db/x", "\u00e9"};
    s.attributes = json{{"b", 1}, {"a", {{"nested", "v\"al"}}}, {"list", {1, "two", nullptr}}};
    s.discovered = json{{"tfstate", {{"name", "x"}}}};
    s.notes = "multi\nline \xe2\x86\x92 notes";
    s.firstSeen = "2026-01-02";
    const Id typed = p->add(s);
    System viaJson = s;
    viaJson.key = "json";
    const Id other = p->insert(EntityKind::System, json(viaJson));
    Dependency dep = makeDependency(typed, other, "reads");
    dep.evidence = "env \"DB\"\t\xc3\xa9";
    dep.scopes = {"tfstate:a", "k8s:\"b\""};
    const Id typedDep = p->add(dep);
    Dependency depJson = dep;
    depJson.from = other;
    depJson.to = typed;
    const Id otherDep = p->insert(EntityKind::Dependency, json(depJson));

    auto stored = [&](EntityKind kind, Id id) { // every column as its stored text
        const auto& spec = entitySpec(kind);
        std::string sql = "SELECT id";
        for (const auto& c : spec.columns)
            sql += std::string(", \"") + c.name + "\"";
        auto st = p->database().prepareUncached(sql + " FROM " + spec.table + " WHERE id = ?");
        st->bind(1, id);
        std::map<std::string, std::string> columns;
        if (st->step())
            for (size_t c = 0; c < spec.columns.size(); ++c)
                columns[spec.columns[c].name] = st->text(static_cast<int>(c) + 1);
        return columns;
    };
    auto a = stored(EntityKind::System, typed), b = stored(EntityKind::System, other);
    QCOMPARE(a.size(), entitySpec(EntityKind::System).columns.size());
    a.erase("key");
    b.erase("key");
    QCOMPARE(a, b);
    auto da = stored(EntityKind::Dependency, typedDep), db = stored(EntityKind::Dependency, otherDep);
    std::swap(db["from"], db["to"]);
    QCOMPARE(da, db);
    QCOMPARE(da.at("scopes"), json(dep.scopes).dump());
    QCOMPARE(*p->get<System>(typed), [&] {
        System want = s;
        want.id = typed;
        return want;
    }());

    // A string nlohmann refuses to write (not UTF-8) is refused the same way, and nothing is written.
    System bad = makeSystem("bad", "bad");
    bad.tags = {"\xff\xfe"};
    QVERIFY_THROWS_EXCEPTION(json::exception, p->add(bad));
    QVERIFY(!p->systemByKey("bad"));
}

void TestProject::typedListsReadAsJsonRows() {
    // list<System> and list<Dependency> read straight into the structs: the same values as the stored
    // JSON rows converted (a null JSON column keeps the member's default), the same error for a column
    // that holds no JSON.
    auto p = Project::create(m_path.toStdString());
    System s = makeSystem("a", "quote \" \xc3\xa9");
    s.tags = {"t1", "t\"2"};
    s.attributes = json{{"z", 1}, {"a", {{"n", nullptr}}}, {"f", 1.5}};
    s.identifiers = {"i-1"};
    s.discovered = json{{"tfstate", {{"name", "a"}}}};
    const Id a = p->add(s);
    const Id b = p->add(makeSystem("b", "b"));
    const Id c = p->add(makeSystem("c", "c"));
    Dependency dep = makeDependency(a, b);
    dep.scopes = {"tfstate:x"};
    dep.evidence = "env";
    p->add(dep);
    p->add(makeDependency(c, a, "reads"));
    p->database().exec("UPDATE systems SET tags = 'null', attributes = 'null' WHERE key = 'c'");

    auto viaJson = [&](EntityKind kind, auto type) {
        std::vector<decltype(type)> out;
        for (const auto& row : p->list(kind))
            out.push_back(row.get<decltype(type)>());
        return out;
    };
    const auto systems = p->list<System>();
    QCOMPARE(systems, viaJson(EntityKind::System, System{}));
    QCOMPARE(systems.size(), size_t(3));
    QCOMPARE(systems[0].attributes.dump(), s.attributes.dump()); // member order kept
    QVERIFY(systems[2].tags.empty());
    QVERIFY(systems[2].attributes.is_object());
    QCOMPARE(p->list<Dependency>(), viaJson(EntityKind::Dependency, Dependency{}));
    QCOMPARE(p->list<Dependency>().front().scopes, dep.scopes);

    p->database().exec("UPDATE systems SET scopes = 'not json' WHERE key = 'b'");
    QVERIFY_THROWS_EXCEPTION(Error, p->list<System>());
    QVERIFY_THROWS_EXCEPTION(Error, p->list(EntityKind::System));
}

void TestProject::compoundEditIsAtomic() {
    auto p = Project::create(m_path.toStdString());
    p->add(makeSystem("keep", "keep"));
    const auto before = snapshot(*p);
    const QByteArray hashBefore = fileHash(m_path);
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, p->edit(QStringLiteral("half"), [&] {
        p->add(makeSystem("x", "x"));
        p->add(makeSystem("y", "y"));
        throw std::runtime_error("interrupted");
    }));
    QCOMPARE(snapshot(*p), before);
    QCOMPARE(p->undoText(), QStringLiteral("Add system"));
    Q_UNUSED(hashBefore);

    p->edit(QStringLiteral("Import"), [&] {
        for (int i = 0; i < 10; ++i)
            p->add(makeSystem("s" + std::to_string(i), "s"));
    });
    QCOMPARE(p->undoText(), QStringLiteral("Import"));
    p->undo(); // one step undoes the whole compound edit
    QCOMPARE(snapshot(*p), before);
}

void TestProject::editPageCacheIsGivenBack() {
    auto p = Project::create(m_path.toStdString());
    auto cacheSize = [&] { return p->database().queryInt("PRAGMA cache_size"); };
    const auto idle = cacheSize();
    QCOMPARE(idle, -2000); // SQLite's default, 2 MB
    std::int64_t inside = 0;
    p->edit(QStringLiteral("Large"), [&] {
        p->add(makeSystem("a", "a"));
        inside = cacheSize();
    });
    QCOMPARE(inside, -65536);
    QCOMPARE(cacheSize(), idle);
    p->edit(
        QStringLiteral("Small"),
        [&] {
            p->add(makeSystem("b", "b"));
            inside = cacheSize();
            QVERIFY(!QFile::exists(m_path + QStringLiteral("-journal"))); // a few rows keep the WAL
        },
        Project::EditPages::WrittenOnce);
    QCOMPARE(inside, -256);
    QCOMPARE(cacheSize(), idle);
    QCOMPARE(p->undoText(), QStringLiteral("Small")); // an edit like any other
    p->undo();
    QCOMPARE(p->list<System>().size(), std::size_t(1));
}

// An import's edit of many rows (written once, mostly onto new pages) runs on a rollback journal, which
// copies only the pages the file had, and leaves the map in WAL mode with no journal file beside it. Where
// another connection has the map open it keeps the WAL instead of waiting, and either way a failed edit
// leaves nothing.
void TestProject::manyRowsWrittenOnceRunOnARollbackJournal() {
    auto mode = [](Database& db) {
        auto st = db.prepareUncached("PRAGMA journal_mode");
        return st->step() ? st->text(0) : std::string();
    };
    const QString journalFile = m_path + QStringLiteral("-journal");
    auto p = Project::create(m_path.toStdString());
    p->add(makeSystem("a", "a"));
    // An import's edit adding the system `key`: the journal mode inside it.
    auto importing = [&](const std::string& key) {
        std::string inside;
        p->edit(
            QStringLiteral("Import"),
            [&] {
                p->add(makeSystem(key, key));
                inside = mode(p->database());
            },
            Project::EditPages::ManyWrittenOnce);
        return inside;
    };
    QCOMPARE(importing("b"), std::string("truncate"));
    QCOMPARE(mode(p->database()), std::string("wal"));
    QVERIFY(!QFile::exists(journalFile));
    QCOMPARE(p->list<System>().size(), std::size_t(2));

    // A failed edit rolls back from the journal and still ends in WAL mode.
    QVERIFY_THROWS_EXCEPTION(Error, p->edit(
                                        QStringLiteral("Import"),
                                        [&] {
                                            p->add(makeSystem("c", "c"));
                                            p->add(makeSystem("a", "again")); // duplicate key
                                        },
                                        Project::EditPages::ManyWrittenOnce));
    QCOMPARE(mode(p->database()), std::string("wal"));
    QVERIFY(!QFile::exists(journalFile));
    QCOMPARE(p->list<System>().size(), std::size_t(2));

    {
        // Another Terrain reading the map: the edit keeps the WAL at once, without waiting.
        Database other(m_path.toStdString(), Database::Mode::ReadOnly);
        QCOMPARE(other.queryInt("SELECT count(*) FROM systems"), 2);
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(importing("d"), std::string("wal"));
        QVERIFY2(clock.elapsed() < 2000, "the edit waited for the other connection");
        QCOMPARE(other.queryInt("SELECT count(*) FROM systems"), 3);
    }
    p.reset();
    Database reopened(m_path.toStdString(), Database::Mode::ReadOnly);
    QCOMPARE(mode(reopened), std::string("wal"));
    QCOMPARE(reopened.queryInt("SELECT count(*) FROM systems"), 3);
    auto check = reopened.prepareUncached("PRAGMA quick_check");
    QVERIFY(check->step());
    QCOMPARE(check->text(0), std::string("ok"));
}

// A Terrain killed during an import on the rollback journal leaves the journal beside the map. Opening
// the map puts it back as it was before that import (which a read-only first look could not do).
void TestProject::openRollsBackAnImportCutShort() {
    {
        auto p = Project::create(m_path.toStdString());
        p->add(makeSystem("kept", "kept"));
    }
    const QString copy = m_dir.filePath(QStringLiteral("cut-short.terrain"));
    {
        Database db(m_path.toStdString(), Database::Mode::ReadWrite);
        QVERIFY(db.trySetJournalMode("truncate"));
        db.exec("PRAGMA cache_size = -256"); // the transaction spills into the file before its commit
        Transaction tx(db);
        for (int i = 0; i < 3000; ++i)
            db.exec("INSERT INTO systems (key, name, notes) VALUES ('k" + std::to_string(i) + "', 'n', '" +
                    std::string(400, 'x') + "')");
        // The files as a crash at this moment leaves them.
        QVERIFY(QFile::exists(m_path + QStringLiteral("-journal")));
        QVERIFY(QFile::copy(m_path, copy));
        QVERIFY(QFile::copy(m_path + QStringLiteral("-journal"), copy + QStringLiteral("-journal")));
    }
    auto p = Project::open(copy.toStdString());
    const auto systems = p->list<System>();
    QCOMPARE(systems.size(), std::size_t(1));
    QCOMPARE(systems.front().key, std::string("kept"));
    auto check = p->database().prepareUncached("PRAGMA quick_check");
    QVERIFY(check->step());
    QCOMPARE(check->text(0), std::string("ok"));
}

void TestProject::danglingReferenceIsRefused() {
    auto p = Project::create(m_path.toStdString());
    const Id a = p->add(makeSystem("a", "a"));
    const auto before = snapshot(*p);
    QVERIFY_THROWS_EXCEPTION(Error, p->add(makeDependency(a, 4242)));
    Initiative i;
    i.prerequisites = {777};
    QVERIFY_THROWS_EXCEPTION(Error, p->add(i));
    QCOMPARE(snapshot(*p), before);
}

void TestProject::duplicateKeyIsRefused() {
    auto p = Project::create(m_path.toStdString());
    p->add(makeSystem("same", "a"));
    QVERIFY_THROWS_EXCEPTION(Error, p->add(makeSystem("same", "b")));
    QCOMPARE(p->count(EntityKind::System), std::int64_t(1));
}

void TestProject::signalsFollowEdits() {
    auto p = Project::create(m_path.toStdString());
    QSignalSpy inserted(p.get(), &Project::rowInserted);
    QSignalSpy updated(p.get(), &Project::rowUpdated);
    QSignalSpy removed(p.get(), &Project::rowRemoved);
    QSignalSpy reset(p.get(), &Project::kindReset);
    QSignalSpy history(p.get(), &Project::historyChanged);
    const Id a = p->add(makeSystem("a", "a"));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(0).value<EntityKind>(), EntityKind::System);
    QCOMPARE(inserted.at(0).at(1).value<Id>(), a);
    p->update(EntityKind::System, json{{"id", a}, {"name", "b"}});
    QCOMPARE(updated.count(), 1);
    p->undo();
    QCOMPARE(updated.count(), 2);
    p->undo();
    QCOMPARE(removed.count(), 1);
    p->edit(QStringLiteral("bulk"), [&] {
        for (int i = 0; i < 600; ++i)
            p->add(makeSystem("b" + std::to_string(i), "b"));
    });
    QCOMPARE(reset.count(), 1);
    QCOMPARE(inserted.count(), 1); // the bulk edit reset instead of 600 row signals
    QVERIFY(history.count() >= 5);
}

void TestProject::editsPersistAcrossReopen() {
    Id id = 0;
    {
        auto p = Project::create(m_path.toStdString());
        id = p->add(makeSystem("persist", "persisted"));
    }
    auto p = Project::open(m_path.toStdString());
    QCOMPARE(p->get<System>(id)->name, std::string("persisted"));
    QVERIFY(!p->canUndo()); // history does not outlive the session
}

void TestProject::systemQueries() {
    auto p = Project::create(m_path.toStdString());
    auto add = [&](const char* key, const char* name, const char* kind, const char* env, const char* owner) {
        System s = makeSystem(key, name);
        s.kind = kind;
        s.environment = env;
        s.owner = owner;
        return p->add(s);
    };
    const Id web = add("k8s:Deployment/shop/web", "web", "service", "production", "shop team");
    const Id db = add("tf:aws_db_instance.main", "Main DB", "database", "production", "");
    const Id stg = add("tf:aws_db_instance.staging", "staging db", "database", "staging", "platform");
    const Id pct = add("manual:1", "100%_done", "script", "production", "");
    QCOMPARE(p->systemIds(), (std::vector<Id>{pct, db, stg, web})); // by name, case-insensitive
    SystemQuery q;
    q.kind = "database";
    QCOMPARE(p->systemIds(q), (std::vector<Id>{db, stg}));
    q.descending = true;
    QCOMPARE(p->systemIds(q), (std::vector<Id>{stg, db}));
    SystemQuery text;
    text.text = "DB";
    QCOMPARE(p->systemIds(text), (std::vector<Id>{db, stg}));
    text.text = "%"; // wildcards are literal
    QCOMPARE(p->systemIds(text), (std::vector<Id>{pct}));
    SystemQuery unowned;
    unowned.owner = "-";
    QCOMPARE(p->systemIds(unowned), (std::vector<Id>{pct, db}));
    SystemQuery byEnv;
    byEnv.environment = "staging";
    byEnv.orderBy = "key; DROP TABLE systems"; // not a column: falls back to name
    QCOMPARE(p->systemIds(byEnv), (std::vector<Id>{stg}));
    QCOMPARE(p->distinctSystemValues("environment"), (std::vector<std::string>{"production", "staging"}));
    QVERIFY_THROWS_EXCEPTION(Error, p->distinctSystemValues("name; DROP TABLE systems"));
    QCOMPARE(p->systemByKey("tf:aws_db_instance.main")->id, db);
    QVERIFY(!p->systemByKey("nope"));
}

void TestProject::manyRowsAddedAsOneByOne() {
    // addAll() writes many rows to a statement, each with text columns of its own (a buffer per row): the
    // same rows, ids and keys as add() one by one, and one undo step.
    std::vector<System> systems;
    for (int i = 0; i < 150; ++i) { // two statements of 64 rows, and 22 more
        System s = makeSystem("k" + std::to_string(i), "name " + std::to_string(i));
        if (i == 70 || i == 149)
            s.key.clear(); // given a key of its own, between the rows of a statement
        s.tags = {"t" + std::to_string(i), "shared"};
        s.sources = {"src" + std::to_string(i % 7)};
        s.scopes = {"tfstate:" + std::to_string(i)};
        s.identifiers = {"id-" + std::to_string(i)};
        s.attributes = json{{"n", i}, {"text", std::string(static_cast<size_t>(i), 'x')}};
        s.discovered = json{{"tfstate", {{"name", "d" + std::to_string(i)}}}};
        systems.push_back(std::move(s));
    }
    std::vector<Dependency> dependencies;
    for (int i = 0; i + 1 < 150; ++i) {
        Dependency d = makeDependency(-(i + 1), i % 3 == 0 ? 1 : -(i + 2), i % 2 ? "reads" : "calls");
        d.evidence = "evidence " + std::to_string(i);
        d.scopes = {"tfstate:" + std::to_string(i)};
        dependencies.push_back(std::move(d));
    }
    auto rows = [](Project& p, const char* table) {
        std::vector<std::string> out;
        auto st = p.database().prepareUncached(std::string("SELECT * FROM ") + table + " ORDER BY id");
        while (st->step()) {
            std::string row;
            for (int c = 0; c < st->columnCount(); ++c) // a generated key is new each time
                row += (st->text(c).starts_with("manual:") ? "manual:" : st->text(c)) + "|";
            out.push_back(row);
        }
        return out;
    };
    auto fill = [&](Project& p, bool many) {
        p.add(makeSystem("first", "there before")); // the ids go on from it
        p.edit(QStringLiteral("Import"), [&] {
            std::vector<Id> ids;
            if (many) {
                ids = p.addAll(systems);
            } else {
                for (const auto& s : systems)
                    ids.push_back(p.add(s));
            }
            QCOMPARE(ids.size(), systems.size());
            auto real = [&](Id id) { return id < 0 ? ids.at(static_cast<size_t>(-id - 1)) : id; };
            if (many) {
                p.addAll(dependencies, real);
            } else {
                for (Dependency d : dependencies) {
                    d.from = real(d.from);
                    d.to = real(d.to);
                    p.add(d);
                }
            }
        });
    };
    auto one = Project::create(m_path.toStdString());
    fill(*one, false);
    auto all = Project::create((m_path + QStringLiteral("-many")).toStdString());
    fill(*all, true);
    const auto systemRows = rows(*one, "systems"), dependencyRows = rows(*one, "dependencies");
    QCOMPARE(systemRows.size(), size_t(151));
    QCOMPARE(dependencyRows.size(), size_t(149));
    QCOMPARE(rows(*all, "systems"), systemRows);
    QCOMPARE(rows(*all, "dependencies"), dependencyRows);
    QVERIFY(rows(*all, "systems")[100].find("\"t99\"") != std::string::npos); // its own tags
    QCOMPARE(all->list<System>()[71].key.substr(0, 7), std::string("manual:"));
    QVERIFY(all->list<System>()[71].key != all->list<System>()[150].key);
    QCOMPARE(all->undoText(), QStringLiteral("Import"));
    all->undo();
    QCOMPARE(rows(*all, "systems").size(), size_t(1));
    QCOMPARE(rows(*all, "dependencies").size(), size_t(0));
    all->redo();
    QCOMPARE(rows(*all, "systems"), systemRows);
    QCOMPARE(rows(*all, "dependencies"), dependencyRows);
}

QTEST_GUILESS_MAIN(TestProject)
#include "tst_project.moc"
