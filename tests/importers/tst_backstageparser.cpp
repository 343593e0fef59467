// Backstage catalogs: the five fixtures (one entity each) and how they join at merge time, entity
// references and their default kinds, non-system kinds, secrets, broken and hostile input, sniffing.
#include "BackstageParser.h"
#include "DiscoveryDump.h"
#include "Error.h"
#include "ImportMerge.h"
#include "Project.h"
#include "WriteFile.h"
#include "YamlJson.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace terrain;

namespace {

const std::string kDir = TERRAIN_FIXTURES_DIR "/backstage/";

Discovery parseFile(const std::string& name) {
    return BackstageParser().parse(readSourceText(kDir + name), {});
}

Discovery parseText(const std::string& text, const std::string& name = "catalog-info.yaml") {
    SourceText src;
    src.name = name;
    src.path = name;
    src.text = decodeText(text, name);
    return BackstageParser().parse(src, {});
}

template <class F> std::optional<std::string> errorOf(F f) {
    try {
        f();
    } catch (const Error& e) {
        return std::string(e.what());
    }
    return std::nullopt;
}

std::string dumpAll(const Discovery& d) {
    return test::dumpDiscovery(d);
}

const DiscoveredSystem* findSystem(const Discovery& d, const std::string& key) {
    for (const auto& s : d.systems)
        if (s.key == key)
            return &s;
    return nullptr;
}

const DiscoveredEdge* findEdge(const Discovery& d, const std::string& from, const std::string& to) {
    for (const auto& e : d.edges)
        if (e.from == from && e.to == to)
            return &e;
    return nullptr;
}

std::string readAll(const std::string& path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

const std::vector<std::string> kFixtures = {
    "artist-engagement-portal-system.yaml", "artist-lookup-component.yaml", "artists-db-resource.yaml",
    "wayback-archive-component.yaml", "wayback-archive-ingestion-component.yaml"};

} // namespace

class TestBackstageParser : public QObject {
    Q_OBJECT
private slots:
    void fixtures();
    void fixturesJoinAtMerge();
    void referencesAndKinds();
    void locationsAreFollowed();
    void secretsNeverKept();
    void kubernetesIds();
    void brokenInputs_data();
    void brokenInputs();
    void truncatedAndMutatedFixtures();
    void hostileInputs();
    void sniffing();
};

void TestBackstageParser::fixtures() {
    const Discovery system = parseFile("artist-engagement-portal-system.yaml");
    QCOMPARE(system.format, std::string("backstage"));
    QVERIFY2(system.scope.starts_with("backstage:/") &&
                 system.scope.ends_with("/backstage/artist-engagement-portal-system.yaml"),
             system.scope.c_str()); // the file's canonical path (sourceScope())
    QCOMPARE(system.legacyScope, std::string("backstage:artist-engagement-portal-system.yaml"));
    QCOMPARE(system.contentHash.size(), size_t(64));
    QCOMPARE(system.systems.size(), size_t(1));
    const auto& portal = system.systems[0];
    QCOMPARE(portal.key, std::string("backstage:system:default/artist-engagement-portal"));
    QCOMPARE(portal.name, std::string("Artist Engagement Portal")); // the title
    QCOMPARE(portal.group, std::string("artist-engagement-portal"));
    QCOMPARE(portal.owner, std::string("team-a"));
    QCOMPARE(portal.attributes.value("domain", ""), std::string("artists"));
    QCOMPARE(portal.tags, std::vector<std::string>{"portal"});

    const Discovery lookup = parseFile("artist-lookup-component.yaml");
    QCOMPARE(lookup.systems.size(), size_t(2)); // the component, and the database it names (elsewhere)
    const auto& c = lookup.systems[0];
    const auto& named = lookup.systems[1];
    QCOMPARE(named.key, std::string("backstage:resource:default/artists-db"));
    QVERIFY(named.reference);
    QCOMPARE(named.name, std::string("artists-db"));
    QCOMPARE(named.attributes.value("entity_kind", ""), std::string("resource"));
    QCOMPARE(c.key, std::string("backstage:component:default/artist-lookup"));
    QCOMPARE(c.address, std::string("component:artist-lookup"));
    QCOMPARE(c.kind, std::string("service"));
    QCOMPARE(c.owner, std::string("team-a"));
    QCOMPARE(c.group, std::string("artist-engagement-portal"));
    QCOMPARE(c.lifecycle, std::string()); // experimental: left to people
    QCOMPARE(c.attributes.value("lifecycle_stage", ""), std::string("experimental"));
    QCOMPARE(c.attributes.value("description", ""), std::string("Artist Lookup"));
    QCOMPARE(c.attributes.value("annotation.buildkite.com/project-slug", ""),
             std::string("nutrien/digital-k8s"));
    QCOMPARE(c.tags, (std::vector<std::string>{"java", "data"}));
    QCOMPARE(lookup.edges.size(), size_t(1));
    const auto* dep = findEdge(lookup, c.key, "backstage:resource:default/artists-db");
    QVERIFY(dep);
    QCOMPARE(dep->kind, std::string("depends-on"));
    QCOMPARE(dep->evidence, std::string("dependsOn resource:artists-db"));

    const Discovery db = parseFile("artists-db-resource.yaml");
    QCOMPARE(db.systems[0].key, std::string("backstage:resource:default/artists-db"));
    QCOMPARE(db.systems[0].kind, std::string("database"));
    QCOMPARE(db.systems[0].group, std::string("artist-engagement-portal"));

    const Discovery wayback = parseFile("wayback-archive-component.yaml");
    QCOMPARE(wayback.systems[0].lifecycle, std::string("keep")); // production
    QVERIFY(findEdge(wayback, "backstage:api:default/wayback-archive",
                     "backstage:component:default/wayback-archive"));

    const Discovery ingestion = parseFile("wayback-archive-ingestion-component.yaml");
    QCOMPARE(ingestion.systems[0].owner, std::string("team-d"));
    const auto* part = findEdge(ingestion, "backstage:component:default/wayback-archive",
                                "backstage:component:default/wayback-archive-ingestion");
    QVERIFY(part);
    QCOMPARE(part->kind, std::string("contains"));
    for (const auto& f : kFixtures)
        QVERIFY(parseFile(f).warnings.empty());
}

void TestBackstageParser::fixturesJoinAtMerge() {
    QTemporaryDir dir;
    auto project = Project::create(dir.filePath(QStringLiteral("m.terrain")).toStdString());
    std::vector<Discovery> all;
    for (const auto& f : kFixtures)
        all.push_back(parseFile(f));
    const MergePlan plan = planMerge(*project, all);
    // The API wayback-archive is defined in no file: a placeholder managed elsewhere, which the catalog
    // that defines it fills in when imported (before or after this one), with its edge.
    QCOMPARE(plan.inserts.size(), size_t(6));
    QCOMPARE(plan.edgeInserts.size(), size_t(3)); // dependsOn, subcomponentOf and providesApis
    const auto api = std::find_if(plan.inserts.begin(), plan.inserts.end(), [](const System& s) {
        return s.key == "backstage:api:default/wayback-archive";
    });
    QVERIFY(api != plan.inserts.end());
    QCOMPARE(api->tags, std::vector<std::string>{"managed-elsewhere"});
    for (const auto& w : plan.warnings)
        QVERIFY2(w.find("no source defines") == std::string::npos, w.c_str());
}

void TestBackstageParser::referencesAndKinds() {
    const Discovery d = parseText(R"(apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: payments}
spec: {type: team, children: []}
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: {name: jdoe}
spec: {memberOf: [payments]}
---
apiVersion: backstage.io/v1alpha1
kind: Domain
metadata: {name: money}
---
apiVersion: backstage.io/v1alpha1
kind: Location
metadata: {name: more}
spec: {targets: [./a.yaml, ./b.yaml]}
---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: {name: new-service}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: Checkout
  namespace: shop
  title: Checkout service
spec:
  type: website
  lifecycle: deprecated
  owner: group:shop/payments
  system: shop/commerce
  dependsOn: [ledger-db, "component:default/auth", "resource:shop/events", "group:payments"]
  consumesApis: [payments-api, "api:default/fx-rates"]
  providesApis: [checkout-api]
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: {name: ledger-db, namespace: shop}
spec: {type: postgres-database, owner: payments, dependencyOf: [component:reporting]}
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: {name: events, namespace: shop}
spec: {type: kafka-topic, owner: user:jdoe}
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: {name: payments-api, namespace: shop}
spec: {type: openapi, lifecycle: production, owner: payments, system: commerce, definition: "openapi: 3.0.0"}
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata: {name: commerce, namespace: shop}
spec: {owner: payments, domain: money}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: not-backstage}
)",
                                  "shop.yaml");
    // Five entities, and four that relations name with their kind but this file does not define
    // (placeholders, managed elsewhere): the API fx-rates and the component auth as written, the API
    // checkout-api that Checkout provides, the component reporting (of ledger-db's namespace) that ledger-db
    // is a dependency of.
    QCOMPARE(d.systems.size(), size_t(9));
    std::vector<std::string> placeholders;
    for (const auto& s : d.systems)
        if (s.reference)
            placeholders.push_back(s.key);
    QCOMPARE(placeholders, (std::vector<std::string>{
                               "backstage:api:default/fx-rates", "backstage:api:shop/checkout-api",
                               "backstage:component:default/auth", "backstage:component:shop/reporting"}));
    QCOMPARE(d.skipped, 6);                 // Group, User, Domain, Location, Template, the ConfigMap
    QCOMPARE(d.warnings.size(), size_t(3)); // the ConfigMap, each of the Location's targets (no such file)
    QCOMPARE(QString::fromStdString(d.warnings[1]),
             QStringLiteral("Location more points to ./a.yaml, which matches no file; left out"));
    const std::string checkout = "backstage:component:shop/checkout";
    const auto* c = findSystem(d, checkout);
    QVERIFY(c);
    QCOMPARE(c->name, std::string("Checkout service"));
    QCOMPARE(c->kind, std::string("service"));
    QCOMPARE(c->lifecycle, std::string("retire"));
    QCOMPARE(c->owner, std::string("shop/payments"));
    QCOMPARE(c->group, std::string("shop/commerce"));
    QCOMPARE(c->address, std::string("component:shop/Checkout"));
    QCOMPARE(c->attributes.value("namespace", ""), std::string("shop"));
    QCOMPARE(findSystem(d, "backstage:resource:shop/ledger-db")->kind, std::string("database"));
    QCOMPARE(findSystem(d, "backstage:resource:shop/events")->kind, std::string("queue"));
    // An owner is in the entity's namespace unless it names one, as Backstage reads spec.owner: the same
    // team whether written group:shop/payments or payments in shop.
    QCOMPARE(findSystem(d, "backstage:resource:shop/events")->owner, std::string("shop/jdoe"));
    QCOMPARE(findSystem(d, "backstage:resource:shop/ledger-db")->owner, std::string("shop/payments"));
    QCOMPARE(findSystem(d, "backstage:system:shop/commerce")->owner, std::string("shop/payments"));
    QCOMPARE(findSystem(d, "backstage:api:shop/payments-api")->kind, std::string("other"));
    QCOMPARE(findSystem(d, "backstage:api:shop/payments-api")->group, std::string("shop/commerce"));
    QCOMPARE(findSystem(d, "backstage:system:shop/commerce")->group, std::string("shop/commerce"));
    QCOMPARE(findSystem(d, "backstage:system:shop/commerce")->attributes.value("domain", ""),
             std::string("shop/money"));

    // A bare name in dependsOn is this file's resource of that name; kinds and namespaces as written.
    QVERIFY(findEdge(d, checkout, "backstage:resource:shop/ledger-db"));
    QVERIFY(findEdge(d, checkout, "backstage:component:default/auth"));
    QVERIFY(findEdge(d, checkout, "backstage:resource:shop/events"));
    for (const auto& e : d.edges)
        QVERIFY2(e.to.find("group") == std::string::npos && e.from.find("group") == std::string::npos,
                 e.to.c_str());
    QCOMPARE(findEdge(d, checkout, "backstage:api:shop/payments-api")->kind, std::string("calls"));
    QCOMPARE(findEdge(d, checkout, "backstage:api:default/fx-rates")->kind, std::string("calls"));
    QVERIFY(findEdge(d, "backstage:api:shop/checkout-api", checkout));
    // dependencyOf is the reverse edge; a reference without namespace takes the entity's own.
    QVERIFY(findEdge(d, "backstage:component:shop/reporting", "backstage:resource:shop/ledger-db"));
    QCOMPARE(d.edges.size(), size_t(7));

    // References are compared without case, as Backstage compares them (the audit's bs2): one group, one
    // owner, spelled as the entity is, else as first named.
    const Discovery cased =
        parseText("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: web}\n"
                  "spec: {type: website, owner: Team-Checkout, system: Checkout}\n---\n"
                  "apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata: {name: checkout}\n"
                  "spec: {owner: team-checkout, domain: Commerce}\n---\n"
                  "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: api}\n"
                  "spec: {type: service, owner: TEAM-checkout, system: CHECKOUT}\n---\n"
                  "apiVersion: backstage.io/v1alpha1\nkind: Domain\nmetadata: {name: commerce}\n");
    for (const char* key : {"backstage:component:default/web", "backstage:component:default/api",
                            "backstage:system:default/checkout"}) {
        QCOMPARE(findSystem(cased, key)->group, std::string("checkout"));
        QCOMPARE(findSystem(cased, key)->owner, std::string("Team-Checkout"));
    }
    QCOMPARE(findSystem(cased, "backstage:system:default/checkout")->attributes.value("domain", ""),
             std::string("commerce"));
}

void TestBackstageParser::locationsAreFollowed() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto write = [&](const QString& name, const std::string& text) {
        test::writeFile(dir.filePath(name), text);
    };
    const std::string head = "apiVersion: backstage.io/v1alpha1\n";
    write(
        QStringLiteral("catalog-info.yaml"),
        head +
            "kind: Location\nmetadata: {name: root}\nspec:\n  targets: [./teams/**/catalog-info.yaml, "
            "https://github.com/acme/infra/blob/main/catalog-info.yaml, ./gone.yaml]\n---\n" +
            head +
            "kind: Component\nmetadata: {name: web}\nspec: {type: website, owner: web, dependsOn: [api]}\n");
    write(QStringLiteral("teams/api/catalog-info.yaml"),
          head +
              "kind: Component\nmetadata: {name: api}\nspec: {type: service, owner: core, dependsOn: "
              "[resource:db]}\n---\n" +
              head + "kind: Location\nmetadata: {name: data}\nspec: {target: ../../data/db.yaml}\n");
    write(QStringLiteral("teams/web/nested/catalog-info.yaml"), // back to the root: read once
          head + "kind: Location\nmetadata: {name: up}\nspec: {target: ../../../catalog-info.yaml}\n");
    write(QStringLiteral("data/db.yaml"),
          head + "kind: Resource\nmetadata: {name: db}\nspec: {type: database}\n");
    write(QStringLiteral("teams/api/notes.yaml"), "not: a catalog\n"); // the glob does not match it

    const std::string root = dir.filePath(QStringLiteral("catalog-info.yaml")).toStdString();
    const Discovery d = BackstageParser().parse(readSourceText(root), {});
    std::vector<std::string> keys;
    for (const auto& s : d.systems)
        keys.push_back(s.key);
    QCOMPARE(keys,
             (std::vector<std::string>{"backstage:component:default/web", "backstage:component:default/api",
                                       "backstage:resource:default/db"}));
    QVERIFY(findEdge(d, "backstage:component:default/web", "backstage:component:default/api"));
    QVERIFY(findEdge(d, "backstage:component:default/api", "backstage:resource:default/db"));
    QCOMPARE(d.warnings, (std::vector<std::string>{
                             "Location root points to "
                             "https://github.com/acme/infra/blob/main/catalog-info.yaml, which Terrain "
                             "does not fetch: import a copy of it too",
                             "Location root points to ./gone.yaml, which matches no file; left out"}));
    std::vector<std::string> included = d.included;
    std::sort(included.begin(), included.end());
    std::vector<std::string> expected;
    for (const char* f :
         {"data/db.yaml", "teams/api/catalog-info.yaml", "teams/web/nested/catalog-info.yaml"})
        expected.push_back(QFileInfo(dir.filePath(QLatin1String(f))).canonicalFilePath().toStdString());
    std::sort(expected.begin(), expected.end());
    QCOMPARE(included, expected);

    // A broken file a Location leads to is an error naming it.
    write(QStringLiteral("data/db.yaml"), head + "kind: Resource\nmetadata: [db\n");
    try {
        BackstageParser().parse(readSourceText(root), {});
        QFAIL("no error");
    } catch (const Error& e) {
        QVERIFY2(QString::fromUtf8(e.what()).startsWith(QStringLiteral("data/db.yaml: line ")), e.what());
    }
}

void TestBackstageParser::kubernetesIds() {
    // backstage.io/kubernetes-id names the objects labelled with it (K8sParser): an identifier of its
    // entity, unless another entity claims it too (both would be one system) or it is no label value.
    auto component = [](const std::string& name, const std::string& id) {
        return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name +
               "\n  annotations: {backstage.io/kubernetes-id: " + id +
               "}\nspec: {type: service, owner: shop}\n";
    };
    const Discovery d =
        parseText(component("web", "shop-web") + "---\n" + component("worker", "shop-jobs") + "---\n" +
                  component("cron", "shop-jobs") + "---\n" + component("odd", "\"not a label!\""));
    QCOMPARE(d.systems.size(), size_t(4));
    QCOMPARE(d.systems[0].identifiers, std::vector<std::string>{"backstage.io/kubernetes-id=shop-web"});
    for (std::size_t i : {1, 2, 3})
        QVERIFY(d.systems[i].identifiers.empty());
    QCOMPARE(d.warnings.size(), size_t(2));
    const std::string all = d.warnings[0] + "\n" + d.warnings[1];
    QVERIFY2(all.find("'not a label!' is not a Kubernetes label value") != std::string::npos, all.c_str());
    QVERIFY2(all.find("shop-jobs is the backstage.io/kubernetes-id of component:worker, component:cron") !=
                 std::string::npos,
             all.c_str());
}

void TestBackstageParser::secretsNeverKept() {
    const std::vector<std::string> secrets = {"s3cr3t-sonar-token-value", "Pa55w0rd-in-url",
                                              "vault-password-xyz", "AKIAIOSFODNN7EXAMPLE",
                                              "-----BEGIN RSA PRIVATE KEY-----"};
    const Discovery d = parseText(R"(apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: billing
  description: "talks to postgres://billing:Pa55w0rd-in-url@db.internal:5432/billing"
  annotations:
    sonarqube.org/token: s3cr3t-sonar-token-value
    vault.example.com/password: vault-password-xyz
    example.com/note: AKIAIOSFODNN7EXAMPLE
    example.com/key-material: "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----"
    backstage.io/techdocs-ref: dir:.
  labels:
    api-token: s3cr3t-sonar-token-value
    tier: gold
  tags: [AKIAIOSFODNN7EXAMPLE, billing]
spec:
  type: service
  owner: finance
)");
    QCOMPARE(d.systems.size(), size_t(1));
    const std::string all = dumpAll(d);
    for (const auto& s : secrets)
        QVERIFY2(all.find(s) == std::string::npos, s.c_str());
    QCOMPARE(d.systems[0].attributes.value("annotation.backstage.io/techdocs-ref", ""), std::string("dir:."));
    QCOMPARE(d.systems[0].attributes.value("tags.tier", ""), std::string("gold"));
    QVERIFY(d.systems[0].attributes.value("description", "").find("db.internal") != std::string::npos);
}

void TestBackstageParser::brokenInputs_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("place");
    const QString head = QStringLiteral("apiVersion: backstage.io/v1alpha1\nkind: Component\n");
    QTest::newRow("a list") << QStringLiteral("- a\n- b\n")
                            << QStringLiteral(": /: expected a Backstage entity");
    QTest::newRow("no kind") << QStringLiteral("apiVersion: backstage.io/v1alpha1\nmetadata: {name: x}\n")
                             << QStringLiteral("/kind");
    QTest::newRow("no apiVersion") << QStringLiteral("kind: Component\nmetadata: {name: x}\n")
                                   << QStringLiteral("/apiVersion");
    QTest::newRow("metadata a string")
        << head + QStringLiteral("metadata: x\n") << QStringLiteral("/metadata");
    QTest::newRow("name a number") << head + QStringLiteral("metadata: {name: 5}\n")
                                   << QStringLiteral("/metadata/name");
    QTest::newRow("spec a list") << head + QStringLiteral("metadata: {name: x}\nspec: [1]\n")
                                 << QStringLiteral("/spec");
    QTest::newRow("dependsOn a map") << head +
                                            QStringLiteral("metadata: {name: x}\nspec: {dependsOn: {a: 1}}\n")
                                     << QStringLiteral("/spec/dependsOn");
    QTest::newRow("dependsOn numbers")
        << head + QStringLiteral("metadata: {name: x}\nspec: {dependsOn: [1]}\n")
        << QStringLiteral("/spec/dependsOn/0");
    QTest::newRow("owner a list") << head + QStringLiteral("metadata: {name: x}\nspec: {owner: [a]}\n")
                                  << QStringLiteral("/spec/owner");
    QTest::newRow("tags a map") << head + QStringLiteral("metadata: {name: x, tags: {a: b}}\n")
                                << QStringLiteral("/metadata/tags");
    QTest::newRow("second document") << head + QStringLiteral("metadata: {name: x}\n---\n") + head +
                                            QStringLiteral("metadata: {name: [y]}\n")
                                     << QStringLiteral("document 2, /metadata/name");
    QTest::newRow("bad yaml") << head + QStringLiteral("metadata: {name: x\n") << QStringLiteral("line ");
    QTest::newRow("empty") << QString() << QStringLiteral("line 1");
}

void TestBackstageParser::brokenInputs() {
    QFETCH(QString, text);
    QFETCH(QString, place);
    const auto err = errorOf([&] { parseText(text.toStdString(), "bad.yaml"); });
    QVERIFY2(err, "no error");
    QVERIFY2(err->find("bad.yaml") == 0, err->c_str());
    QVERIFY2(err->find(place.toStdString()) != std::string::npos, err->c_str());
}

void TestBackstageParser::truncatedAndMutatedFixtures() {
    int tried = 0, errors = 0;
    for (const auto& f : kFixtures) {
        const std::string text = readAll(kDir + f);
        QVERIFY(!text.empty());
        for (size_t n = 0; n < text.size(); n += 7)
            errorOf([&] { parseText(text.substr(0, n), "cut.yaml"); });
        // Wrongly typed values at every place: parse, or an Error naming the place.
        const json doc = loadYamlDocuments(text, f).at(0);
        const json flat = doc.flatten();
        std::set<std::string> pointers;
        for (auto it = flat.begin(); it != flat.end(); ++it)
            for (std::string p = it.key(); !p.empty(); p = p.substr(0, p.rfind('/')))
                pointers.insert(p);
        for (const auto& p : pointers)
            for (const json& replacement :
                 {json("x"), json(7), json::array({1}), json::object(), json(nullptr)}) {
                json variant = doc;
                variant[json::json_pointer(p)] = replacement;
                ++tried;
                if (const auto err = errorOf([&] { parseText(variant.dump(), "typed.yaml"); })) {
                    ++errors;
                    QVERIFY2(err->find("typed.yaml: /") == 0, err->c_str());
                }
            }
    }
    QVERIFY(tried > 300);
    QVERIFY(errors > 30);
}

void TestBackstageParser::hostileInputs() {
    QVERIFY(errorOf([&] { parseText(std::string(100000, '[') + std::string(100000, ']')); }));
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'j'; ++c) {
        const std::string prev(1, static_cast<char>(c - 1));
        bomb += std::string(1, c) + ": &" + c + " [";
        for (int i = 0; i < 10; ++i)
            bomb += (i ? ", *" : "*") + prev;
        bomb += "]\n";
    }
    const auto err = errorOf([&] { parseText(bomb, "bomb.yaml"); });
    QVERIFY(err && err->find("alias") != std::string::npos);
    // Many entities referring to each other: linear work.
    std::string many;
    for (int i = 0; i < 3000; ++i)
        many += "---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: c" +
                std::to_string(i) + "}\nspec: {dependsOn: [component:c" + std::to_string((i + 1) % 3000) +
                "]}\n";
    const Discovery d = parseText(many, "many.yaml");
    QCOMPARE(d.systems.size(), size_t(3000));
    QCOMPARE(d.edges.size(), size_t(3000));
}

void TestBackstageParser::sniffing() {
    const BackstageParser parser;
    QDirIterator it(QStringLiteral(TERRAIN_FIXTURES_DIR), QDir::Files, QDirIterator::Subdirectories);
    int own = 0, others = 0;
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.endsWith(QLatin1String(".md")))
            continue;
        SourceText src;
        try {
            src = readSourceText(path.toStdString());
        } catch (const Error&) {
            continue;
        }
        const int score = parser.sniff(src.name, src.text);
        if (path.contains(QLatin1String("/backstage/"))) {
            QVERIFY2(score >= 60, qPrintable(path));
            ++own;
        } else {
            QVERIFY2(score < 30, qPrintable(path));
            ++others;
        }
    }
    QCOMPARE(own, 5);
    QVERIFY(others > 20);
    // A Kubernetes manifest that only carries a Backstage annotation is not a catalog.
    QCOMPARE(parser.sniff("deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n"
                                         "    backstage.io/kubernetes-id: web\n"),
             0);
}

QTEST_GUILESS_MAIN(TestBackstageParser)
#include "tst_backstageparser.moc"
