// The canonical JSON map: byte-identical round trips (the demo map and a generated 20,000-system
// map), a deterministic order that does not depend on row ids, merge by key, and bad documents that
// are refused with a JSON pointer and leave the map exactly as it was.
#include "Catalog.h"
#include "Error.h"
#include "MapJson.h"
#include "Project.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <random>
#include <set>
#include <tuple>

using namespace terrain;

using Mutation = std::function<void(json&)>;
Q_DECLARE_METATYPE(Mutation)

namespace {

QByteArray fileHash(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

System makeSystem(const std::string& key, const std::string& name, const std::string& kind = "service") {
    System s;
    s.key = key;
    s.name = name;
    s.kind = kind;
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

/// A small map with every kind of row and every kind of reference. `reversed` inserts the same
/// content in the opposite order (so the row ids differ).
void fillSmallMap(Project& p, bool reversed = false) {
    p.edit(QStringLiteral("fill"), [&] {
        std::vector<System> systems = {makeSystem("k8s:Deployment/shop/web", "web"),
                                       makeSystem("tf:aws_db_instance.main", "orders-db", "database"),
                                       makeSystem("manual:cron", "cron box", "compute")};
        systems[0].attributes = json{{"zeta", 1}, {"alpha", json{{"y", 2}, {"b", 3}}}};
        systems[0].tags = {"public", "edge"};
        systems[0].owner = "team-shop";
        systems[1].criticality = "critical";
        systems[1].sources = {"tfstate"};
        systems[1].origin = "discovered";
        systems[1].discovered = json{{"tfstate", {{"name", "orders-db"}, {"kind", "database"}}}};
        systems[2].status = "gone";
        if (reversed)
            std::reverse(systems.begin(), systems.end());
        std::map<std::string, Id> ids;
        for (const auto& s : systems)
            ids[s.key] = p.add(s);
        std::vector<Dependency> deps = {
            makeDependency(ids["k8s:Deployment/shop/web"], ids["tf:aws_db_instance.main"], "reads-writes"),
            makeDependency(ids["manual:cron"], ids["tf:aws_db_instance.main"], "writes"),
            makeDependency(ids["k8s:Deployment/shop/web"], ids["tf:aws_db_instance.main"], "calls")};
        deps[0].evidence = "env DATABASE_URL";
        if (reversed)
            std::reverse(deps.begin(), deps.end());
        for (const auto& d : deps)
            p.add(d);

        Area area;
        area.key = "custom-data";
        area.title = "Data";
        area.maturityNow = 2;
        area.systems = {ids["tf:aws_db_instance.main"]};
        const Id areaId = p.add(area);

        Risk risk;
        risk.key = "R-1";
        risk.title = "Database has no tested backup";
        risk.likelihood = 4;
        risk.impact = 5;
        risk.area = areaId;
        risk.systems = {ids["tf:aws_db_instance.main"]};
        const Id riskId = p.add(risk);

        // Initiatives with keys whose natural order differs from byte order.
        std::vector<std::string> keys = {"I-10", "I-2", "I-1"};
        if (reversed)
            std::reverse(keys.begin(), keys.end());
        std::map<std::string, Id> ini;
        for (const auto& k : keys) {
            Initiative i;
            i.key = k;
            i.title = "Initiative " + k;
            i.area = areaId;
            i.value = 5;
            i.criteria = {{"restore time", "unknown", "1 h", "h"}};
            i.systems = {ids["tf:aws_db_instance.main"]};
            i.risks = {riskId};
            ini[k] = p.add(i);
        }
        auto second = p.get<Initiative>(ini["I-2"]);
        second->prerequisites = {ini["I-1"]};
        p.save(*second);

        Decision d1;
        d1.number = 1;
        d1.title = "Use Postgres";
        d1.status = "superseded";
        d1.options = {{"Postgres", "", {"known"}, {"ops"}}};
        const Id d1Id = p.add(d1);
        Decision d2;
        d2.number = 2;
        d2.title = "Use managed Postgres";
        d2.status = "accepted";
        d2.supersedes = d1Id;
        d2.initiatives = {ini["I-1"]};
        d2.risks = {riskId};
        d2.areas = {areaId};
        d2.systems = {ids["tf:aws_db_instance.main"]};
        p.add(d2);

        Symptom s;
        s.key = "custom-symptom";
        s.text = "Backups are never restored";
        s.observed = true;
        s.areas = {areaId};
        p.add(s);

        Migration m;
        m.key = "M-1";
        m.title = "Cron box to scheduled jobs";
        m.legacy = ids["manual:cron"];
        m.replacement = ids["k8s:Deployment/shop/web"];
        m.stages = {{"shadow", 0, true, "2026-01-10"}, {"half", 50, false, ""}};
        p.add(m);

        ImportRun run;
        run.file = "terraform.tfstate";
        run.format = "tfstate";
        run.contentHash = "abc";
        run.time = "2026-01-01T10:00:00Z";
        run.added = 2;
        p.add(run);
    });
}

/// A large map: `n` systems with attributes and tags, 1.5 dependencies each, and a few annotations.
void fillLargeMap(Project& p, int n) {
    std::mt19937 rng(12345);
    p.edit(QStringLiteral("generate"), [&] {
        std::vector<Id> ids;
        ids.reserve(static_cast<size_t>(n));
        const auto& kinds = systemKinds();
        for (int i = 0; i < n; ++i) {
            System s;
            s.key = "gen:" + std::to_string(rng()) + ":" + std::to_string(i);
            s.name = "system " + std::to_string(i);
            s.kind = kinds[static_cast<size_t>(i) % kinds.size()];
            s.provider = i % 3 ? "aws" : "kubernetes";
            s.environment = i % 4 ? "production" : "staging";
            s.owner = i % 5 ? "team-" + std::to_string(i % 17) : "";
            s.tags = {"t" + std::to_string(i % 7)};
            s.attributes = json{{"region", "eu-west-1"}, {"index", i}, {"arn", "arn:aws:x:" + std::to_string(i)}};
            ids.push_back(p.add(s));
        }
        const auto& depKinds = dependencyKinds();
        std::set<std::tuple<Id, Id, std::string>> seen;
        for (int e = 0; e < n * 3 / 2;) {
            const Id from = ids[rng() % ids.size()];
            const Id to = ids[rng() % ids.size()];
            const std::string kind = depKinds[rng() % depKinds.size()];
            if (from == to || !seen.insert({from, to, kind}).second)
                continue;
            p.add(makeDependency(from, to, kind));
            ++e;
        }
        for (int i = 1; i <= 50; ++i) {
            Initiative ini;
            ini.key = "I-" + std::to_string(i);
            ini.title = "work " + std::to_string(i);
            ini.systems = {ids[static_cast<size_t>(i)], ids[static_cast<size_t>(i * 7)]};
            p.add(ini);
        }
    });
}

} // namespace

class TestMapJson : public QObject {
    Q_OBJECT
private slots:
    void roundTripDemoMap();
    void roundTripSmallMap();
    void roundTripLargeMap();
    void orderDoesNotDependOnIds();
    void documentLayout();
    void reimportChangesNothing();
    void mergeKeepsWhatTheDocumentLeavesOut();
    void mapTransfersAreNotExported();
    void parseErrorsNameLineAndColumn_data();
    void parseErrorsNameLineAndColumn();
    void badDocumentsChangeNothing_data();
    void badDocumentsChangeNothing();
    void unknownMembersWarn();

private:
    std::unique_ptr<Project> newMap(bool seeded = true) {
        auto p = Project::create(m_dir.filePath(QStringLiteral("m%1.terrain").arg(++m_n)).toStdString());
        if (seeded)
            seedCatalog(*p);
        return p;
    }
    QTemporaryDir m_dir;
    int m_n = 0;
};

void TestMapJson::roundTripDemoMap() {
    auto a = newMap();
    populateDemo(*a);
    const std::string text = exportMapText(*a);
    QVERIFY(text.size() > 10000);
    QCOMPARE(exportMapText(*a), text); // deterministic

    for (bool seeded : {true, false}) {
        auto b = newMap(seeded);
        const auto report = importMap(*b, parseMapText(text, "demo.json"), "demo.json");
        QVERIFY(report.added > 0);
        QVERIFY(report.warnings.empty());
        QCOMPARE(exportMapText(*b), text);
    }
}

void TestMapJson::roundTripSmallMap() {
    auto a = newMap();
    fillSmallMap(*a);
    const std::string text = exportMapText(*a);
    auto b = newMap(false);
    importMap(*b, parseMapText(text, "small.json"), "small.json");
    QCOMPARE(exportMapText(*b), text);
    // References came back as references between the new rows.
    const auto i2 = b->list<Initiative>();
    const auto it = std::find_if(i2.begin(), i2.end(), [](const Initiative& i) { return i.key == "I-2"; });
    QVERIFY(it != i2.end());
    QCOMPARE(it->prerequisites.size(), size_t(1));
    QCOMPARE(b->get<Initiative>(it->prerequisites.front())->key, std::string("I-1"));
}

void TestMapJson::roundTripLargeMap() {
    auto a = newMap();
    fillLargeMap(*a, 20000);
    QCOMPARE(a->count(EntityKind::System), std::int64_t(20000));
    QCOMPARE(a->count(EntityKind::Dependency), std::int64_t(30000));
    const std::string text = exportMapText(*a);
    QCOMPARE(exportMapText(*a), text);

    auto b = newMap();
    const auto report = importMap(*b, parseMapText(text, "large.json"), "large.json");
    QCOMPARE(report.added, 20000 + 30000 + 50);
    QCOMPARE(exportMapText(*b), text);

    // Importing it again finds everything equal.
    const auto again = importMap(*b, parseMapText(text, "large.json"), "large.json");
    QCOMPARE(again.added, 0);
    QCOMPARE(again.updated, 0);
    QCOMPARE(exportMapText(*b), text);
}

void TestMapJson::orderDoesNotDependOnIds() {
    auto a = newMap();
    fillSmallMap(*a, false);
    auto b = newMap();
    fillSmallMap(*b, true);
    QCOMPARE(exportMapText(*b), exportMapText(*a));
}

void TestMapJson::documentLayout() {
    auto p = newMap();
    fillSmallMap(*p);
    const std::string text = exportMapText(*p);
    QVERIFY(text.back() == '\n');
    QVERIFY(text.rfind("{\n  \"format\": \"terrain-map\",\n  \"version\": 1,\n  \"systems\": [", 0) == 0);
    const json doc = json::parse(text);
    std::vector<std::string> members;
    for (auto it = doc.begin(); it != doc.end(); ++it)
        members.push_back(it.key());
    QCOMPARE(members, (std::vector<std::string>{"format", "version", "systems", "dependencies", "areas",
                                                "initiatives", "risks", "decisions", "symptoms", "migrations",
                                                "imports"}));
    QVERIFY(text.find("\"id\"") == std::string::npos); // row ids never appear

    // Systems by key; dependencies by (from, to, kind); initiatives in natural key order.
    QCOMPARE(doc["systems"][0]["key"], json("k8s:Deployment/shop/web"));
    QCOMPARE(doc["systems"][2]["key"], json("tf:aws_db_instance.main"));
    QCOMPARE(doc["dependencies"][0]["kind"], json("calls"));
    QCOMPARE(doc["dependencies"][1]["kind"], json("reads-writes"));
    QCOMPARE(doc["dependencies"][0]["to"], json("tf:aws_db_instance.main"));
    QCOMPARE(doc["initiatives"][0]["key"], json("I-1"));
    QCOMPARE(doc["initiatives"][1]["key"], json("I-2"));
    QCOMPARE(doc["initiatives"][2]["key"], json("I-10"));
    QCOMPARE(doc["initiatives"][1]["prerequisites"], json::array({"I-1"}));
    QCOMPARE(doc["decisions"][1]["supersedes"], json(1));
    QCOMPARE(doc["migrations"][0]["legacy"], json("manual:cron"));
    // Attribute objects sorted, recursively; lists keep their order.
    QCOMPARE(doc["systems"][0]["attributes"].dump(), std::string(R"({"alpha":{"b":3,"y":2},"zeta":1})"));
    QCOMPARE(doc["systems"][0]["tags"], json::array({"public", "edge"}));
    // Every system has the members the contract names.
    for (const char* m : {"key", "name", "kind", "provider", "environment", "owner", "address", "sources"})
        QVERIFY2(doc["systems"][0].contains(m), m);
}

void TestMapJson::reimportChangesNothing() {
    auto p = newMap();
    fillSmallMap(*p);
    const std::string text = exportMapText(*p);
    p->clearHistory();
    const auto report = importMap(*p, parseMapText(text, "same.json"), "same.json");
    QCOMPARE(report.added, 0);
    QCOMPARE(report.updated, 0);
    QVERIFY(report.unchanged > 0);
    QVERIFY(!p->canUndo()); // no edit at all
    QCOMPARE(exportMapText(*p), text);
}

void TestMapJson::mergeKeepsWhatTheDocumentLeavesOut() {
    auto p = newMap();
    fillSmallMap(*p);
    const json doc = {{"format", "terrain-map"},
                      {"version", 1},
                      {"systems",
                       json::array({{{"key", "tf:aws_db_instance.main"}, {"owner", "team-data"}},
                                    {{"key", "new:queue"}, {"name", "jobs"}, {"kind", "queue"}}})},
                      {"dependencies", json::array({{{"from", "new:queue"}, {"to", "tf:aws_db_instance.main"}}})}};
    const auto report = importMap(*p, doc, "partial.json");
    QCOMPARE(report.added, 2);
    QCOMPARE(report.updated, 1);
    const auto db = p->systemByKey("tf:aws_db_instance.main");
    QCOMPARE(db->owner, std::string("team-data"));
    QCOMPARE(db->criticality, std::string("critical")); // not in the document: kept
    QCOMPARE(db->name, std::string("orders-db"));
    const auto queue = p->systemByKey("new:queue");
    QCOMPARE(queue->status, std::string("present")); // defaults for new rows
    const auto deps = p->dependenciesOf(queue->id);
    QCOMPARE(deps.size(), size_t(1));
    QCOMPARE(deps.front().kind, std::string("calls"));
    // Undo takes the whole import back.
    p->undo();
    QVERIFY(!p->systemByKey("new:queue"));
    QCOMPARE(p->systemByKey("tf:aws_db_instance.main")->owner, std::string());
}

void TestMapJson::mapTransfersAreNotExported() {
    auto p = newMap();
    fillSmallMap(*p);
    const std::string before = exportMapText(*p);
    ImportRun run;
    run.file = "map.json";
    run.format = "json";
    run.contentHash = "def";
    run.time = "2026-02-01T00:00:00Z";
    p->add(run);
    QCOMPARE(exportMapText(*p), before);
    QVERIFY(before.find("\"terraform.tfstate\"") != std::string::npos);
}

void TestMapJson::parseErrorsNameLineAndColumn_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("place");
    QTest::newRow("empty") << QByteArray("") << QStringLiteral("line 1, column 1");
    QTest::newRow("not JSON") << QByteArray("hello") << QStringLiteral("line 1, column 1");
    QTest::newRow("truncated") << QByteArray("{\n  \"format\": \"terrain-map\",\n  \"sys")
                               << QStringLiteral("line 3, column 7");
    QTest::newRow("bad token on line 2") << QByteArray("{\n  \"a\": tru }") << QStringLiteral("line 2, column");
    QTest::newRow("columns count characters")
        << QByteArray("{\"é\": x}") << QStringLiteral("line 1, column 7");
    QTest::newRow("too deep") << QByteArray(600, '[') << QStringLiteral("line 1, column 513");
}

void TestMapJson::parseErrorsNameLineAndColumn() {
    QFETCH(QByteArray, text);
    QFETCH(QString, place);
    try {
        parseMapText(text.toStdString(), "map.json");
        QFAIL("no error");
    } catch (const Error& e) {
        const QString what = QString::fromUtf8(e.what());
        QVERIFY2(what.startsWith(QStringLiteral("map.json: ") + place), qPrintable(what));
        QVERIFY2(what.contains(QStringLiteral("expected")), qPrintable(what));
    }
}

void TestMapJson::badDocumentsChangeNothing_data() {
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("expectation");
    QTest::addColumn<Mutation>("mutate");
    auto row = [](const char* name, const char* pointer, const char* expectation, Mutation m) {
        QTest::newRow(name) << QString::fromUtf8(pointer) << QString::fromUtf8(expectation) << m;
    };
    row("not an object", "", "JSON object", [](json& d) { d = json::array(); });
    row("no format", "/format", "terrain-map", [](json& d) { d.erase("format"); });
    row("other format", "/format", "terrain-map", [](json& d) { d["format"] = "backstage"; });
    row("newer version", "/version", "newer Terrain", [](json& d) { d["version"] = 2; });
    row("systems not an array", "/systems", "expected an array", [](json& d) { d["systems"] = json::object(); });
    row("row not an object", "/systems/1", "expected an object", [](json& d) { d["systems"][1] = 3; });
    row("missing key", "/systems/0/key", "missing", [](json& d) { d["systems"][0].erase("key"); });
    row("empty key", "/systems/0/key", "non-empty string", [](json& d) { d["systems"][0]["key"] = ""; });
    row("duplicate key", "/systems/2/key", "also at /systems/0",
        [](json& d) { d["systems"][2]["key"] = d["systems"][0]["key"]; });
    row("wrong type", "/systems/1/name", "expected a string", [](json& d) { d["systems"][1]["name"] = 5; });
    row("bad system kind", "/systems/2/kind", "expected one of service, database",
        [](json& d) { d["systems"][2]["kind"] = "servce"; });
    row("bad criticality", "/systems/0/criticality", "expected one of low, medium, high, critical",
        [](json& d) { d["systems"][0]["criticality"] = "urgent"; });
    row("tag not a string", "/systems/0/tags/1", "expected a string",
        [](json& d) { d["systems"][0]["tags"][1] = nullptr; });
    row("attributes not an object", "/systems/0/attributes", "expected an object",
        [](json& d) { d["systems"][0]["attributes"] = "x"; });
    row("unknown dependency end", "/dependencies/1/to", "no system \"tf:nope\"",
        [](json& d) { d["dependencies"][1]["to"] = "tf:nope"; });
    row("bad dependency kind", "/dependencies/0/kind", "expected one of calls",
        [](json& d) { d["dependencies"][0]["kind"] = "likes"; });
    row("duplicate dependency", "/dependencies/1", "repeats /dependencies/0",
        [](json& d) { d["dependencies"][1] = d["dependencies"][0]; });
    row("unknown area", "/initiatives/0/area", "no area \"nowhere\"",
        [](json& d) { d["initiatives"][0]["area"] = "nowhere"; });
    row("unknown prerequisite", "/initiatives/1/prerequisites/0", "no initiative \"I-99\"",
        [](json& d) { d["initiatives"][1]["prerequisites"][0] = "I-99"; });
    row("float for an integer", "/initiatives/0/value", "expected an integer from 0 to 10",
        [](json& d) { d["initiatives"][0]["value"] = 2.5; });
    row("score out of range", "/initiatives/0/urgency", "from 0 to 10, found 11",
        [](json& d) { d["initiatives"][0]["urgency"] = 11; });
    row("bad phase", "/initiatives/0/phase", "expected one of now, next, later (or empty)",
        [](json& d) { d["initiatives"][0]["phase"] = "soon"; });
    row("nested criterion", "/initiatives/0/criteria/0/metric", "expected a string",
        [](json& d) { d["initiatives"][0]["criteria"][0]["metric"] = false; });
    row("likelihood out of range", "/risks/0/likelihood", "from 1 to 5",
        [](json& d) { d["risks"][0]["likelihood"] = 9; });
    row("unknown superseded decision", "/decisions/1/supersedes", "no decision 99",
        [](json& d) { d["decisions"][1]["supersedes"] = 99; });
    row("decision number not a number", "/decisions/0/number", "decision number",
        [](json& d) { d["decisions"][0]["number"] = "ADR-1"; });
    row("bad decision status", "/decisions/0/status", "expected one of proposed, accepted",
        [](json& d) { d["decisions"][0]["status"] = "maybe"; });
    row("unknown symptom area", "/symptoms/0/areas/0", "no area",
        [](json& d) { d["symptoms"].back()["areas"][0] = "zzz"; });
    row("traffic share out of range", "/migrations/0/stages/1/traffic_share", "from 0 to 100",
        [](json& d) { d["migrations"][0]["stages"][1]["traffic_share"] = 150; });
    row("unknown legacy system", "/migrations/0/legacy", "no system",
        [](json& d) { d["migrations"][0]["legacy"] = "x:y"; });
    row("import count negative", "/imports/0/added", "at least 0",
        [](json& d) { d["imports"][0]["added"] = -1; });
    row("huge integer", "/imports/0/added", "expected an integer",
        [](json& d) { d["imports"][0]["added"] = std::uint64_t(1) << 63; });
}

void TestMapJson::badDocumentsChangeNothing() {
    QFETCH(QString, pointer);
    QFETCH(QString, expectation);
    QFETCH(Mutation, mutate);

    // The document: a full map, plus one row that is new to the target (so a half-applied import
    // would show).
    std::string source;
    {
        auto a = newMap();
        fillSmallMap(*a);
        a->add(makeSystem("new:only-in-document", "fresh"));
        source = exportMapText(*a);
    }
    json doc = json::parse(source);
    // Symptoms keep the map's order: the custom one is last; point the row at it for the test.
    if (pointer.startsWith(QStringLiteral("/symptoms/0")))
        pointer.replace(QStringLiteral("/symptoms/0"),
                        QStringLiteral("/symptoms/%1").arg(doc["symptoms"].size() - 1));
    mutate(doc);

    const QString path = m_dir.filePath(QStringLiteral("target%1.terrain").arg(++m_n));
    std::string before;
    {
        auto t = Project::create(path.toStdString());
        seedCatalog(*t);
        fillSmallMap(*t);
        before = exportMapText(*t);
    }
    const QByteArray hash = fileHash(path);
    {
        auto t = Project::open(path.toStdString());
        try {
            importMap(*t, doc, "bad.json");
            QFAIL("no error");
        } catch (const Error& e) {
            const QString what = QString::fromUtf8(e.what());
            const QString prefix = pointer.isEmpty() ? QStringLiteral("bad.json: ")
                                                     : QStringLiteral("bad.json: ") + pointer + QStringLiteral(": ");
            QVERIFY2(what.startsWith(prefix), qPrintable(what));
            QVERIFY2(what.contains(expectation), qPrintable(what));
        }
        QVERIFY(!t->canUndo());
        QCOMPARE(exportMapText(*t), before);
        QVERIFY(!t->systemByKey("new:only-in-document"));
    }
    QCOMPARE(fileHash(path), hash);
}

void TestMapJson::unknownMembersWarn() {
    auto p = newMap();
    json doc = {{"format", "terrain-map"},
                {"version", 1},
                {"comment", "hand-written"},
                {"systems", json::array({{{"key", "a"}, {"colour", "red"}}})}};
    const auto report = importMap(*p, doc, "hand.json");
    QCOMPARE(report.added, 1);
    QCOMPARE(report.warnings.size(), size_t(2));
    QCOMPARE(report.warnings[0], std::string("/comment: unknown member, ignored"));
    QCOMPARE(report.warnings[1], std::string("/systems/0/colour: unknown member, ignored"));
}

QTEST_GUILESS_MAIN(TestMapJson)
#include "tst_mapjson.moc"
