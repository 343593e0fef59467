// Terraform state files: versions 3 and 4, modules and instance keys, folding, plumbing, data
// sources, remote state, redaction, bad input, sniffing, and the merge of a whole stack.
#include "Error.h"
#include "ImportJob.h"
#include "ImportMerge.h"
#include "JsonText.h"
#include "K8sParser.h"
#include "Project.h"
#include "StateReadOnTwoThreads.h"
#include "TerraformCommon.h"
#include "TfGraphParser.h"
#include "TfJsonParser.h"
#include "TfStateParser.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <limits>
#include <random>
#include <set>
#include <thread>

using namespace terrain;

namespace {

const std::string kFixtures = TERRAIN_FIXTURES_DIR;
const std::string kData = std::string(TERRAIN_SOURCE_DIR) + "/tests/importers/data/terraform";
const std::string kGenerated = kFixtures + "/generated/tf1.11.4_stack_terraform.tfstate";

SourceText fromText(const std::string& name, const std::string& text) {
    SourceText src;
    src.path = name;
    src.name = name;
    src.text = decodeText(text, name);
    return src;
}

// The discovery with its systems' facts as documents (a parser may hold them as text: JsonText.h).
Discovery withDocuments(Discovery d) {
    for (auto& s : d.systems)
        s.attributes = documentOf(std::move(s.attributes));
    return d;
}

Discovery parseFile(const std::string& path) {
    return withDocuments(TfStateParser().parse(readSourceText(path), {}));
}

Discovery parseText(const std::string& text, const std::string& name = "inline.tfstate") {
    return withDocuments(TfStateParser().parse(fromText(name, text), {}));
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

// The whole discovery as text, to look for secrets anywhere in it.
std::string dump(const Discovery& d) {
    return test::dumpDiscovery(d);
}

// Keys unique, kinds from the vocabularies, every edge between systems of the discovery.
void checkWellFormed(const Discovery& d) {
    std::set<std::string> keys;
    for (const auto& s : d.systems) {
        QVERIFY2(keys.insert(s.key).second, s.key.c_str());
        QVERIFY2(s.key.rfind("tf:", 0) == 0, s.key.c_str());
        QVERIFY2(std::count(systemKinds().begin(), systemKinds().end(), s.kind) == 1, s.kind.c_str());
        QVERIFY(!s.name.empty());
        QVERIFY(!s.provider.empty());
    }
    for (const auto& e : d.edges) {
        QVERIFY2(keys.count(e.from) && keys.count(e.to), (e.from + " -> " + e.to).c_str());
        QVERIFY2(e.from != e.to, e.from.c_str());
        QVERIFY2(std::count(dependencyKinds().begin(), dependencyKinds().end(), e.kind) == 1, e.kind.c_str());
        QVERIFY(!e.evidence.empty());
    }
}

std::string readAll(const std::string& path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

std::vector<std::string> tfstateFixtures() {
    std::vector<std::string> out;
    QDirIterator it(QString::fromStdString(kFixtures + "/tfstate"), QDir::Files);
    while (it.hasNext())
        out.push_back(it.next().toStdString());
    std::sort(out.begin(), out.end());
    out.push_back(kGenerated);
    out.push_back(kData + "/ops.tfstate");
    out.push_back(kData + "/ops.tfstate.backup");
    return out;
}

// One row per state fixture, its path in the column "path" (the data of the tests run on each).
void fixtureRows() {
    QTest::addColumn<QString>("path");
    for (const auto& p : tfstateFixtures())
        QTest::newRow(QFileInfo(QString::fromStdString(p)).fileName().toUtf8().constData())
            << QString::fromStdString(p);
}

// A v4 state around the given resources.
std::string state4(const json& resources,
                   const std::string& lineage = "11111111-2222-3333-4444-555555555555") {
    return json{{"version", 4},       {"terraform_version", "1.11.4"}, {"serial", 3},
                {"lineage", lineage}, {"outputs", json::object()},     {"resources", resources}}
        .dump(2);
}

json resource(const std::string& type, const std::string& name, const json& attributes,
              const std::vector<std::string>& deps = {}, const std::string& mode = "managed") {
    json inst = {{"schema_version", 0}, {"attributes", attributes}};
    if (!deps.empty())
        inst["dependencies"] = deps;
    return {{"mode", mode},
            {"type", type},
            {"name", name},
            {"provider", "provider[\"registry.terraform.io/hashicorp/aws\"]"},
            {"instances", json::array({inst})}};
}

// Security groups with rules that fold into groups elsewhere in the state, databases and instances that
// name them, instances sharing an address (so it names neither), a data source, secrets: four resources
// per group, and the data source.
json manyResources(int groups) {
    json rs = json::array();
    for (int i = 0; i < groups; ++i) {
        const std::string n = std::to_string(i);
        const std::string group = "sg-0a" + n;
        rs.push_back(resource("aws_security_group", "g" + n,
                              {{"id", group},
                               {"arn", "arn:aws:ec2:eu-west-1:123456789012:security-group/" + group},
                               {"name", "g" + n},
                               {"tags", {{"Name", "group " + n}}}},
                              {}));
        rs.push_back(resource(
            "aws_security_group_rule", "r" + n,
            {{"id", "sgrule-" + n}, {"security_group_id", "sg-0a" + std::to_string(i * 7 % groups)}}, {}));
        rs.push_back(resource("aws_db_instance", "db" + n,
                              {{"id", "db-" + n},
                               {"password", "hunter2-" + n},
                               {"endpoint", "db" + n + ".example.com:5432"},
                               {"vpc_security_group_ids", {group}}},
                              {"aws_security_group.g" + n}));
        rs.push_back(
            resource("aws_instance", "i" + n,
                     {{"id", "i-0" + n},
                      {"private_ip", "10.0.1." + std::to_string(i % (groups / 2))},
                      {"tags", {{"Name", "app " + n}, {"Environment", i % 2 == 0 ? "staging" : "prod"}}}},
                     {"aws_db_instance.db" + n}));
    }
    rs.push_back(resource("aws_vpc", "shared", {{"id", "vpc-0shared"}}, {}, "data"));
    return rs;
}

} // namespace

class TestTfStateParser : public QObject {
    Q_OBJECT
private slots:
    void everyFixtureParses_data();
    void everyFixtureParses();
    void generatedStack();
    void transitiveModuleDependenciesAreReduced();
    void impliedEdgesAreThoseOfLongerPaths();
    void listedResourceNarrowsToTheInstancesNamed();
    void dependencyKindsFromAttributeNames();
    void hostsInSettingsAreDependencies();
    void documentsInSettingsNameWhatTheyReach();
    void resourcesOfOtherConfigurationsArePlaceholders();
    void remoteStateOutputsJoinOtherStates();
    void manyRemoteStateOutputs();
    void version3Flatmap();
    void repeatedModulesAndFolding();
    void azureIdsAndPeering();
    void legacyVersion4Forms();
    void foldingRules();
    void grantsFoldIntoWhoIsGranted();
    void topLevelStringsAmongOtherValues();
    void endpointsJoinWhatNamesThem();
    void factsWrittenDirectlyAreTheDocumentsText();
    void twoThreadsMakeTheSameSystems();
    void readOnTwoThreadsIsTheSame();
    void plumbingIsSkippedAndRelinked();
    void onlyPlumbingStillMaps();
    void dataSourcesAreReferences();
    void systemsAreNamedAsTheirResourcesAre();
    void taintedAndDeposedAreFacts();
    void backupIsTheSameScope();
    void secretsNeverReachTheDiscovery_data();
    void secretsNeverReachTheDiscovery();
    void plantedSecretsNeverReachTheDiscovery();
    void unsupportedVersionsSayWhatToDo_data();
    void unsupportedVersionsSayWhatToDo();
    void brokenInputThrowsWithAPlace_data();
    void brokenInputThrowsWithAPlace();
    void streamedIsTheSameAsWhole_data();
    void streamedIsTheSameAsWhole();
    void truncatedFixturesThrow_data();
    void truncatedFixturesThrow();
    void sniffRecognisesStates_data();
    void sniffRecognisesStates();
    void sniffRejectsOtherFormats_data();
    void sniffRejectsOtherFormats();
    void wholeStackMergesAcrossFormats();
    void fanOutStackDependsOnTheInstancesItUses();
};

void TestTfStateParser::everyFixtureParses_data() {
    fixtureRows();
}

void TestTfStateParser::everyFixtureParses() {
    QFETCH(QString, path);
    const Discovery d = parseFile(path.toStdString());
    QCOMPARE(d.format, std::string("tfstate"));
    QCOMPARE(d.file, QFileInfo(path).fileName().toStdString());
    QVERIFY(d.scope.rfind("tfstate:", 0) == 0);
    QCOMPARE(d.contentHash.size(), size_t(64));
    QVERIFY(!d.systems.empty());
    checkWellFormed(d);
    // Parsing is deterministic.
    QCOMPARE(dump(parseFile(path.toStdString())), dump(d));
}

void TestTfStateParser::generatedStack() {
    const Discovery d = parseFile(kGenerated);
    QCOMPARE(d.scope, std::string("tfstate:0bca1537-dfee-95c1-7dcd-3fcf87a48b35"));
    QCOMPARE(d.skipped, 0);
    QCOMPARE(d.systems.size(), size_t(8));
    for (const char* key :
         {"tf:data.terraform_remote_state.shared", "tf:terraform_data.lb", "tf:terraform_data.subnet[0]",
          "tf:terraform_data.subnet[1]", "tf:module.app[\"api\"].terraform_data.service",
          "tf:module.app[\"worker\"].terraform_data.service", "tf:module.db.terraform_data.instance",
          "tf:data.terraform_remote_state.shared.outputs.vpc_id"})
        QVERIFY2(findSystem(d, key), key);
    // terraform_data is a system of kind "other" (the stack has nothing else).
    const auto* lb = findSystem(d, "tf:terraform_data.lb");
    QCOMPARE(lb->kind, std::string("other"));
    QCOMPARE(lb->provider, std::string("terraform"));
    QCOMPARE(lb->address, std::string("terraform_data.lb"));
    QVERIFY(!lb->reference);
    QCOMPARE(lb->identifiers, std::vector<std::string>{"8e509f9c-86ef-3d65-e2b5-4abc367837b8"});
    QCOMPARE(lb->attributes.value("tf_type", ""), std::string("terraform_data"));
    const auto* api = findSystem(d, "tf:module.app[\"api\"].terraform_data.service");
    QCOMPARE(api->group, std::string("module.app[\"api\"]"));
    QCOMPARE(findSystem(d, "tf:module.db.terraform_data.instance")->group, std::string("module.db"));
    QVERIFY(findSystem(d, "tf:data.terraform_remote_state.shared")->reference);

    // Attribute matching: ids in values become edges with the attribute as evidence.
    const auto* e = findEdge(d, "tf:terraform_data.lb", "tf:module.app[\"api\"].terraform_data.service");
    QVERIFY(e);
    QCOMPARE(e->kind, std::string("routes-to"));
    QVERIFY(e->evidence.find("input.targets") != std::string::npos);
    QVERIFY(findEdge(d, "tf:terraform_data.lb", "tf:module.app[\"worker\"].terraform_data.service"));
    e = findEdge(d, "tf:module.app[\"api\"].terraform_data.service", "tf:terraform_data.subnet[1]");
    QVERIFY(e);
    QCOMPARE(e->kind, std::string("runs-on"));
    QVERIFY(e->evidence.find("input.subnet_id") != std::string::npos);
    // The dependency list names every instance of terraform_data.subnet; the db's subnet_id names the one
    // it depends on.
    QVERIFY(findEdge(d, "tf:module.db.terraform_data.instance", "tf:terraform_data.subnet[0]"));
    QVERIFY(!findEdge(d, "tf:module.db.terraform_data.instance", "tf:terraform_data.subnet[1]"));
    QVERIFY(findEdge(d, "tf:terraform_data.subnet[0]", "tf:data.terraform_remote_state.shared"));
    QVERIFY(findEdge(d, "tf:module.app[\"worker\"].terraform_data.service",
                     "tf:module.db.terraform_data.instance"));
    QCOMPARE(d.edges.size(), size_t(12));
}

void TestTfStateParser::transitiveModuleDependenciesAreReduced() {
    // terraform_data.lb lists the remote state, the db and the subnets only because it depends on
    // module.app, which depends on them: those edges are implied and dropped.
    const Discovery d = parseFile(kGenerated);
    QVERIFY(!findEdge(d, "tf:terraform_data.lb", "tf:module.db.terraform_data.instance"));
    QVERIFY(!findEdge(d, "tf:terraform_data.lb", "tf:terraform_data.subnet[0]"));
    QVERIFY(!findEdge(d, "tf:terraform_data.lb", "tf:data.terraform_remote_state.shared"));
    QVERIFY(!findEdge(d, "tf:module.db.terraform_data.instance", "tf:data.terraform_remote_state.shared"));
    QVERIFY(!findEdge(d, "tf:module.app[\"api\"].terraform_data.service",
                      "tf:data.terraform_remote_state.shared"));
    // ... but a list edge also backed by an attribute is kept (service -> subnet[1] by subnet_id),
    // while the same list's edge to subnet[0] is implied (via the db) and dropped.
    QVERIFY(findEdge(d, "tf:module.app[\"api\"].terraform_data.service", "tf:terraform_data.subnet[1]"));
    QVERIFY(!findEdge(d, "tf:module.app[\"api\"].terraform_data.service", "tf:terraform_data.subnet[0]"));

    // A hand-made chain: a -> b -> c, and a lists c too.
    const json rs = json::array(
        {resource("aws_instance", "a", {{"id", "i-0aaaaaaaaaaaaaaaa"}}, {"aws_instance.b", "aws_instance.c"}),
         resource("aws_instance", "b", {{"id", "i-0bbbbbbbbbbbbbbbb"}}, {"aws_instance.c"}),
         resource("aws_instance", "c", {{"id", "i-0cccccccccccccccc"}})});
    const Discovery chain = parseText(state4(rs));
    QVERIFY(findEdge(chain, "tf:aws_instance.a", "tf:aws_instance.b"));
    QVERIFY(findEdge(chain, "tf:aws_instance.b", "tf:aws_instance.c"));
    QVERIFY(!findEdge(chain, "tf:aws_instance.a", "tf:aws_instance.c"));
    // With an attribute naming c, a -> c is kept: it is not only transitive.
    json rs2 = rs;
    rs2[0]["instances"][0]["attributes"]["peer_instance_id"] = "i-0cccccccccccccccc";
    const Discovery direct = parseText(state4(rs2));
    QVERIFY(findEdge(direct, "tf:aws_instance.a", "tf:aws_instance.c"));
    // A cycle in the lists (hostile input): nothing is reduced, a warning says so.
    json cyc = json::array({resource("aws_instance", "a", {{"id", "i-01"}}, {"aws_instance.b"}),
                            resource("aws_instance", "b", {{"id", "i-02"}}, {"aws_instance.a"})});
    const Discovery cycle = parseText(state4(cyc));
    QVERIFY(findEdge(cycle, "tf:aws_instance.a", "tf:aws_instance.b"));
    QVERIFY(findEdge(cycle, "tf:aws_instance.b", "tf:aws_instance.a"));
    QCOMPARE(cycle.warnings.size(), size_t(1));
}

// Terraform lists `aws_subnet.private`, not the one of its instances a resource uses: where the resource's
// values name some instances, it depends on those; where they name none, on all. The same for a resource
// in each instance of a module (`module.svc.aws_instance.app`).
void TestTfStateParser::listedResourceNarrowsToTheInstancesNamed() {
    auto instance = [](const json& indexKey, const json& attributes,
                       const std::vector<std::string>& deps = {}) {
        json in = {{"schema_version", 0}, {"attributes", attributes}};
        if (!indexKey.is_null())
            in["index_key"] = indexKey;
        if (!deps.empty())
            in["dependencies"] = deps;
        return in;
    };
    auto several = [](const std::string& type, const std::string& name, const json& instances,
                      const std::string& module = {}) {
        json r = resource(type, name, json::object());
        r["instances"] = instances.is_array() ? instances : json::array({instances});
        if (!module.empty())
            r["module"] = module;
        return r;
    };
    const std::vector<std::string> subnets = {"aws_subnet.private"};
    const std::vector<std::string> apps = {"module.svc.aws_instance.app"};
    const json rs = json::array(
        {several("aws_subnet", "private",
                 {instance(0, {{"id", "subnet-0aaaaaaaaaaaaaaa0"}}),
                  instance(1, {{"id", "subnet-0aaaaaaaaaaaaaaa1"}}),
                  instance(2, {{"id", "subnet-0aaaaaaaaaaaaaaa2"}})}),
         // web[0] runs in private[1]; web[1]'s values name no subnet.
         several("aws_instance", "web",
                 {instance(0, {{"id", "i-0aaaaaaaaaaaaaaa0"}, {"subnet_id", "subnet-0aaaaaaaaaaaaaaa1"}},
                           subnets),
                  instance(1, {{"id", "i-0aaaaaaaaaaaaaaa1"}}, subnets)}),
         several("aws_instance", "app", {instance(nullptr, {{"id", "i-0bbbbbbbbbbbbbbb0"}})},
                 "module.svc[\"orders\"]"),
         several("aws_instance", "app", {instance(nullptr, {{"id", "i-0bbbbbbbbbbbbbbb1"}})},
                 "module.svc[\"billing\"]"),
         // The worker's values name the orders app alone.
         several("aws_lambda_function", "worker",
                 {instance(nullptr,
                           {{"arn", "arn:aws:lambda:eu-west-1:123456789012:function:worker"},
                            {"environment",
                             json::array({{{"variables", {{"ORDERS_HOST", "i-0bbbbbbbbbbbbbbb0"}}}}})}},
                           apps)}),
         // The report's name none of the apps.
         several(
             "aws_lambda_function", "report",
             {instance(nullptr, {{"arn", "arn:aws:lambda:eu-west-1:123456789012:function:report"}}, apps)})});
    const Discovery d = parseText(state4(rs));
    QVERIFY(findEdge(d, "tf:aws_instance.web[0]", "tf:aws_subnet.private[1]"));
    QVERIFY(!findEdge(d, "tf:aws_instance.web[0]", "tf:aws_subnet.private[0]"));
    QVERIFY(!findEdge(d, "tf:aws_instance.web[0]", "tf:aws_subnet.private[2]"));
    for (const char* subnet :
         {"tf:aws_subnet.private[0]", "tf:aws_subnet.private[1]", "tf:aws_subnet.private[2]"})
        QVERIFY2(findEdge(d, "tf:aws_instance.web[1]", subnet), subnet);
    QVERIFY(findEdge(d, "tf:aws_lambda_function.worker", "tf:module.svc[\"orders\"].aws_instance.app"));
    QVERIFY(!findEdge(d, "tf:aws_lambda_function.worker", "tf:module.svc[\"billing\"].aws_instance.app"));
    QVERIFY(findEdge(d, "tf:aws_lambda_function.report", "tf:module.svc[\"orders\"].aws_instance.app"));
    QVERIFY(findEdge(d, "tf:aws_lambda_function.report", "tf:module.svc[\"billing\"].aws_instance.app"));
}

// impliedEdges() on random graphs against reachability worked out the slow way: a reducible edge a -> b
// is implied when b can be reached from another successor of a, or from a by two edges or more. With
// repeated edges, self-loops and nodes out of range among them; a graph with a cycle marks nothing.
void TestTfStateParser::impliedEdgesAreThoseOfLongerPaths() {
    std::mt19937 random(20261205);
    int impliedSeen = 0;
    for (int round = 0; round < 400; ++round) {
        const std::size_t n = 1 + random() % 24;
        const bool acyclic = round % 4 != 0;
        std::vector<std::pair<std::size_t, std::size_t>> edges;
        std::vector<bool> reducible;
        const std::size_t count = random() % (3 * n + 1);
        for (std::size_t i = 0; i < count; ++i) {
            std::size_t a = random() % (n + 1), b = random() % (n + 1); // n itself is out of range
            if (acyclic && a > b && b < n)
                std::swap(a, b);
            edges.emplace_back(a, b);
            reducible.push_back(random() % 3 != 0);
            if (random() % 5 == 0) { // the same pair again
                edges.push_back(edges.back());
                reducible.push_back(random() % 2 == 0);
            }
        }
        // reach[a][b]: a path of one edge or more from a to b.
        std::vector<std::vector<char>> reach(n, std::vector<char>(n, 0));
        for (const auto& [a, b] : edges)
            if (a < n && b < n && a != b)
                reach[a][b] = 1;
        for (std::size_t k = 0; k < n; ++k)
            for (std::size_t a = 0; a < n; ++a)
                for (std::size_t b = 0; b < n; ++b)
                    if (reach[a][k] && reach[k][b])
                        reach[a][b] = 1;
        bool cycle = false;
        for (std::size_t a = 0; a < n; ++a)
            cycle = cycle || reach[a][a];
        bool complete = false, cyclic = false;
        const std::vector<bool> implied = tf::impliedEdges(n, edges, reducible, complete, &cyclic);
        QCOMPARE(implied.size(), edges.size());
        QCOMPARE(cyclic, cycle);
        QCOMPARE(complete, !cycle);
        for (std::size_t e = 0; e < edges.size(); ++e) {
            const auto [a, b] = edges[e];
            bool expected = false;
            if (!cycle && reducible[e] && a < n && b < n && a != b)
                for (std::size_t c = 0; c < n; ++c)
                    expected = expected || (c != b && reach[a][c] && reach[c][b]);
            QVERIFY2(implied[e] == expected,
                     qPrintable(QStringLiteral("round %1, edge %2 -> %3").arg(round).arg(a).arg(b)));
            impliedSeen += expected ? 1 : 0;
        }
    }
    QVERIFY(impliedSeen > 200);
    // Out of work: not complete, and what was found so far is marked.
    std::vector<std::pair<std::size_t, std::size_t>> chain;
    for (std::size_t i = 0; i + 1 < 50; ++i)
        for (std::size_t j = i + 1; j < 50; ++j)
            chain.emplace_back(i, j);
    bool complete = true;
    tf::impliedEdges(50, chain, std::vector<bool>(chain.size(), true), complete, nullptr, 100);
    QVERIFY(!complete);
}

// A system's name is its Name tag, else the resource's own name, which for some types is not `name` (the
// audit's tf1: an RDS instance's `name` was its database's, its name is `identifier`), else its address.
void TestTfStateParser::systemsAreNamedAsTheirResourcesAre() {
    auto resource = [](const char* type, const char* name, const json& attributes) {
        return json{{"mode", "managed"},
                    {"type", type},
                    {"name", name},
                    {"provider", "provider[\"registry.terraform.io/hashicorp/aws\"]"},
                    {"instances", json::array({{{"schema_version", 0}, {"attributes", attributes}}})}};
    };
    const json state = {
        {"version", 4},
        {"serial", 1},
        {"lineage", "names"},
        {"resources",
         json::array(
             {resource("aws_db_instance", "main",
                       {{"id", "db-ABCDEFGHIJKL"}, {"identifier", "prod-pg"}, {"name", "orders"}}),
              resource("aws_rds_cluster", "aurora", {{"id", "c"}, {"cluster_identifier", "prod-aurora"}}),
              resource("aws_lambda_function", "orders", {{"id", "x"}, {"function_name", "order-processor"}}),
              resource("aws_s3_bucket", "assets", {{"id", "acme-assets"}, {"bucket", "acme-assets"}}),
              resource("aws_elasticache_replication_group", "cache",
                       {{"id", "r"}, {"replication_group_id", "prod-redis"}}),
              resource("aws_sqs_queue", "jobs", {{"id", "q"}, {"name", "jobs"}}),
              resource("aws_db_instance", "tagged",
                       {{"id", "db-MNOPQRSTUVWX"},
                        {"identifier", "prod-pg-2"},
                        {"tags", {{"Name", "Orders database"}}}}),
              resource("aws_instance", "bare", {{"id", "i-0123456789abcdef0"}})})}};
    const Discovery d = parseText(state.dump());
    const std::map<std::string, std::string> expected = {
        {"tf:aws_db_instance.main", "prod-pg"},
        {"tf:aws_rds_cluster.aurora", "prod-aurora"},
        {"tf:aws_lambda_function.orders", "order-processor"},
        {"tf:aws_s3_bucket.assets", "acme-assets"},
        {"tf:aws_elasticache_replication_group.cache", "prod-redis"},
        {"tf:aws_sqs_queue.jobs", "jobs"},
        {"tf:aws_db_instance.tagged", "Orders database"},
        {"tf:aws_instance.bare", "aws_instance.bare"}};
    for (const auto& [key, name] : expected) {
        const DiscoveredSystem* s = findSystem(d, key);
        QVERIFY2(s, key.c_str());
        QCOMPARE(s->name, name);
    }
}

void TestTfStateParser::dependencyKindsFromAttributeNames() {
    QCOMPARE(tf::kindForAttribute("subnet_id"), std::string("runs-on"));
    QCOMPARE(tf::kindForAttribute("host_id"), std::string("runs-on"));
    QCOMPARE(tf::kindForAttribute("placement.host_resource_group_arn"), std::string("runs-on"));
    // What a function's settings connect to is what it calls, not where it runs.
    QCOMPARE(tf::kindForAttribute("environment.variables.DB_HOST"), std::string("calls"));
    QCOMPARE(tf::kindForAttribute("input.redis_hostname"), std::string("calls"));
    QCOMPARE(tf::kindForAttribute("environment.variables.DATABASE_URL"), std::string("calls"));
    QCOMPARE(tf::kindForAttribute("access_log_url"), std::string("writes"));
    // A listener's action routes to a target group; an ECS service or an autoscaling group registers in one.
    QCOMPARE(tf::kindForAttribute("default_action.target_group_arn"), std::string("routes-to"));
    QCOMPARE(tf::kindForAttribute("default_action.forward.target_group.arn"), std::string("routes-to"));
    QCOMPARE(tf::kindForAttribute("load_balancer.target_group_arn"), std::string("depends-on"));
    QCOMPARE(tf::kindForAttribute("target_group_arns"), std::string("depends-on"));
    QCOMPARE(tf::kindForAttribute("target_id"), std::string("routes-to"));
    QCOMPARE(tf::kindForAttribute("vpc_security_group_ids"), std::string("configured-by"));
}

// A function's settings naming a database by its host name (written by hand, so the state lists no
// dependency), as a host, in a URL, with a port: it calls the database. A host no resource has, and the
// database naming its own endpoint, make nothing.
void TestTfStateParser::hostsInSettingsAreDependencies() {
    const std::string host = "shop.c9akciq32.eu-west-1.rds.amazonaws.com";
    const json rs = json::array(
        {resource("aws_db_instance", "main",
                  {{"id", "db-ABCDEFGHIJKLMNOP"},
                   {"arn", "arn:aws:rds:eu-west-1:123456789012:db:shop"},
                   {"address", host},
                   {"endpoint", host + ":5432"}}),
         resource("aws_lambda_function", "api",
                  {{"id", "shop-api"},
                   {"arn", "arn:aws:lambda:eu-west-1:123456789012:function:shop-api"},
                   {"environment", json::array({{{"variables",
                                                  {{"DB_HOST", "SHOP.c9akciq32.eu-west-1.rds.amazonaws.com"},
                                                   {"PAYMENTS_HOST", "api.payments.example.com"}}}}})}}),
         resource(
             "aws_lambda_function", "worker",
             {{"id", "shop-worker"},
              {"arn", "arn:aws:lambda:eu-west-1:123456789012:function:shop-worker"},
              {"environment",
               json::array({{{"variables", {{"DATABASE_URL", "postgres://app@" + host + ":5432/shop"}}}}})}}),
         resource("aws_lambda_function", "report",
                  {{"id", "shop-report"},
                   {"arn", "arn:aws:lambda:eu-west-1:123456789012:function:shop-report"},
                   {"environment", json::array({{{"variables", {{"PG", host + ":5432"}}}}})}})});
    const Discovery d = parseText(state4(rs));
    checkWellFormed(d);
    const auto* api = findEdge(d, "tf:aws_lambda_function.api", "tf:aws_db_instance.main");
    QVERIFY(api);
    QCOMPARE(api->kind, std::string("calls"));
    QCOMPARE(api->evidence, std::string("environment.variables.DB_HOST"));
    const auto* worker = findEdge(d, "tf:aws_lambda_function.worker", "tf:aws_db_instance.main");
    QVERIFY(worker);
    QCOMPARE(worker->kind, std::string("calls"));
    QVERIFY(findEdge(d, "tf:aws_lambda_function.report", "tf:aws_db_instance.main"));
    QCOMPARE(d.edges.size(), size_t(3));
    const auto* db = findSystem(d, "tf:aws_db_instance.main");
    QVERIFY(std::find(db->identifiers.begin(), db->identifiers.end(), host) != db->identifiers.end());
}

// The documents that settings hold as JSON text, written by hand so that the state lists no dependency: an
// IAM policy names what a role reaches, and how (its actions); an ECS task's container definitions name
// the database and the secrets its containers use, by name/value pairs. Read alike from a state and from
// `terraform show -json`.
void TestTfStateParser::documentsInSettingsNameWhatTheyReach() {
    const std::string account = "arn:aws:dynamodb:eu-west-1:123456789012:";
    const json policy = {
        {"Version", "2012-10-17"},
        {"Statement",
         json::array(
             {{{"Effect", "Allow"},
               {"Action", json::array({"dynamodb:GetItem", "dynamodb:Query"})},
               {"Resource", json::array({account + "table/orders", account + "table/orders/index/*"})}},
              {{"Effect", "Allow"},
               {"Action", "sqs:SendMessage"},
               {"Resource", "arn:aws:sqs:eu-west-1:123456789012:jobs"}},
              {{"Effect", "Allow"},
               {"Action", "lambda:InvokeFunction"},
               {"Resource", "arn:aws:lambda:eu-west-1:123456789012:function:resize:live"}},
              {{"Effect", "Allow"}, {"Action", "s3:*"}, {"Resource", "arn:aws:s3:::media/uploads/*"}},
              {{"Effect", "Deny"}, {"Action", "s3:*"}, {"Resource", "arn:aws:s3:::audit"}},
              {{"Effect", "Allow"}, {"Action", "s3:GetObject"}, {"Resource", "arn:aws:s3:::audit-*"}}})}};
    const std::string host = "shop.c9akciq32.eu-west-1.rds.amazonaws.com";
    const std::string secretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/api-key-AbCdEf";
    const json containers = json::array(
        {{{"name", "api"},
          {"image", "nginx:1.27"},
          {"environment", json::array({{{"name", "DB_HOST"}, {"value", host}},
                                       {{"name", "DB_PASSWORD"}, {"value", "hunter2-in-plain-sight"}}})},
          {"secrets", json::array({{{"name", "API_KEY"}, {"valueFrom", secretArn}}})}}});
    auto bucket = [](const std::string& name) {
        return resource("aws_s3_bucket", name,
                        {{"id", name}, {"arn", "arn:aws:s3:::" + name}, {"bucket", name}});
    };
    const json rs = json::array(
        {resource(
             "aws_iam_role", "task",
             {{"id", "api-task"}, {"arn", "arn:aws:iam::123456789012:role/api-task"}, {"name", "api-task"}}),
         resource("aws_iam_role_policy", "data",
                  {{"id", "api-task:data"}, {"role", "api-task"}, {"policy", policy.dump()}}),
         resource("aws_dynamodb_table", "orders",
                  {{"id", "orders"}, {"arn", account + "table/orders"}, {"name", "orders"}}),
         resource("aws_sqs_queue", "jobs",
                  {{"id", "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs"},
                   {"arn", "arn:aws:sqs:eu-west-1:123456789012:jobs"}}),
         resource("aws_lambda_function", "resize",
                  {{"id", "resize"}, {"arn", "arn:aws:lambda:eu-west-1:123456789012:function:resize"}}),
         bucket("media"), bucket("audit"), bucket("audit-2024"),
         resource(
             "aws_db_instance", "shop",
             {{"id", "db-shop"}, {"arn", "arn:aws:rds:eu-west-1:123456789012:db:shop"}, {"address", host}}),
         resource("aws_secretsmanager_secret", "api_key", {{"id", secretArn}, {"arn", secretArn}}),
         resource("aws_ecs_task_definition", "api",
                  {{"id", "api"},
                   {"arn", "arn:aws:ecs:eu-west-1:123456789012:task-definition/api:7"},
                   {"container_definitions", containers.dump()}})});
    // The same resources as `terraform show -json` gives them (its attributes are walked as documents).
    json shown = json::array();
    for (const auto& r : rs)
        shown.push_back({{"address", r["type"].get<std::string>() + "." + r["name"].get<std::string>()},
                         {"mode", "managed"},
                         {"type", r["type"]},
                         {"name", r["name"]},
                         {"provider_name", "registry.terraform.io/hashicorp/aws"},
                         {"values", r["instances"][0]["attributes"]}});
    const json show = {{"format_version", "1.0"},
                       {"terraform_version", "1.11.4"},
                       {"values", {{"root_module", {{"resources", shown}}}}}};
    for (const Discovery& d : {parseText(state4(rs)),
                               withDocuments(TfJsonParser().parse(fromText("show.json", show.dump()), {}))}) {
        checkWellFormed(d);
        auto kindOf = [&](const std::string& from, const std::string& to) {
            const auto* e = findEdge(d, from, to);
            return e ? e->kind : "none";
        };
        // What the policy allows, by what its actions do; an index's and a pattern's ARN, their table's
        // and bucket's; an alias's, its function's. What it denies, and a pattern no one resource is,
        // nothing.
        QCOMPARE(kindOf("tf:aws_iam_role.task", "tf:aws_dynamodb_table.orders"), std::string("reads"));
        QCOMPARE(findEdge(d, "tf:aws_iam_role.task", "tf:aws_dynamodb_table.orders")->evidence,
                 std::string("policy.Statement.Resource (aws_iam_role_policy.data)"));
        QCOMPARE(kindOf("tf:aws_iam_role.task", "tf:aws_sqs_queue.jobs"), std::string("writes"));
        QCOMPARE(kindOf("tf:aws_iam_role.task", "tf:aws_lambda_function.resize"), std::string("calls"));
        QCOMPARE(kindOf("tf:aws_iam_role.task", "tf:aws_s3_bucket.media"), std::string("reads-writes"));
        QCOMPARE(kindOf("tf:aws_iam_role.task", "tf:aws_s3_bucket.audit"), std::string("none"));
        QCOMPARE(kindOf("tf:aws_iam_role.task", "tf:aws_s3_bucket.audit-2024"), std::string("none"));
        // The containers' settings, each named by its variable.
        QCOMPARE(kindOf("tf:aws_ecs_task_definition.api", "tf:aws_db_instance.shop"), std::string("calls"));
        QCOMPARE(findEdge(d, "tf:aws_ecs_task_definition.api", "tf:aws_db_instance.shop")->evidence,
                 std::string("container_definitions.environment.DB_HOST"));
        QCOMPARE(kindOf("tf:aws_ecs_task_definition.api", "tf:aws_secretsmanager_secret.api_key"),
                 std::string("configured-by"));
        QCOMPARE(d.edges.size(), size_t(6));
        QVERIFY(dump(d).find("hunter2") == std::string::npos);
    }
}

// A value naming a resource that no resource of the state is (a subnet, a role, a queue of another
// configuration, or made by hand) makes a placeholder, managed elsewhere, which that resource joins where it
// is imported, before or after. An image, a zone, a managed policy or a pattern makes none.
void TestTfStateParser::resourcesOfOtherConfigurationsArePlaceholders() {
    const std::string queue = "arn:aws:sqs:eu-west-1:123456789012:jobs";
    const json app = json::array(
        {resource("aws_instance", "app",
                  {{"id", "i-0123456789abcdef0"},
                   {"ami", "ami-0abcdef1234567890"},
                   {"availability_zone", "eu-west-1a"},
                   {"subnet_id", "subnet-0a1b2c3d4e5f60718"},
                   {"vpc_security_group_ids", json::array({"sg-0abc1234def567890"})},
                   {"iam_instance_profile", "app"},
                   {"tags", {{"QUEUE_ARN", queue + ":*"}}},
                   {"managed_policy_arns", json::array({"arn:aws:iam::aws:policy/ReadOnlyAccess"})},
                   {"role_arn",
                    "arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"},
                   {"bucket_arn", "arn:aws:s3:::logs-*"}})});
    const Discovery d = parseText(state4(app), "app.tfstate");
    checkWellFormed(d);
    // The placeholders of a discovery, sorted, as "key kind name provider".
    auto placeholdersOf = [](const Discovery& of) {
        std::vector<std::string> out;
        for (const auto& s : of.systems)
            if (s.reference)
                out.push_back(s.key + " " + s.kind + " " + s.name + " " + s.provider);
        std::sort(out.begin(), out.end());
        return out;
    };
    QCOMPARE(placeholdersOf(d),
             (std::vector<std::string>{"tf:" + queue + " queue jobs aws",
                                       "tf:sg-0abc1234def567890 network sg-0abc1234def567890 aws",
                                       "tf:subnet-0a1b2c3d4e5f60718 network subnet-0a1b2c3d4e5f60718 aws"}));
    QCOMPARE(findEdge(d, "tf:aws_instance.app", "tf:subnet-0a1b2c3d4e5f60718")->kind, std::string("runs-on"));
    QCOMPARE(findEdge(d, "tf:aws_instance.app", "tf:sg-0abc1234def567890")->kind,
             std::string("configured-by"));
    QCOMPARE(d.edges.size(), size_t(3));

    // The network's own state, imported after the application's and before it: one security group, one
    // subnet, each the application's dependency.
    const json network = json::array(
        {resource("aws_security_group", "app", {{"id", "sg-0abc1234def567890"}, {"name", "app"}}),
         resource("aws_subnet", "a", {{"id", "subnet-0a1b2c3d4e5f60718"}, {"cidr_block", "10.0.1.0/24"}})});
    const Discovery net =
        parseText(state4(network, "99999999-2222-3333-4444-555555555555"), "network.tfstate");
    for (const bool appFirst : {true, false}) {
        QTemporaryDir dir;
        auto project = Project::create((dir.path() + QStringLiteral("/m.terrain")).toStdString());
        for (const Discovery* one : appFirst ? std::vector{&d, &net} : std::vector{&net, &d})
            applyMerge(*project, planMerge(*project, {*one}), QStringLiteral("Import"));
        std::map<std::string, std::string> keyOf; // id -> key
        for (const auto& s : project->list<System>())
            keyOf[std::to_string(s.id)] = s.key;
        std::set<std::string> edges;
        for (const auto& e : project->list<Dependency>())
            edges.insert(keyOf[std::to_string(e.from)] + " -> " + keyOf[std::to_string(e.to)]);
        const auto systems = project->list<System>();
        QCOMPARE(systems.size(), size_t(4)); // the instance, the group, the subnet, the queue
        auto present = [&](const std::string& key) {
            const auto s = std::find_if(systems.begin(), systems.end(), [&](const System& x) {
                return x.key == key || std::count(x.identifiers.begin(), x.identifiers.end(), key) > 0;
            });
            return s == systems.end() ? std::string("missing")
                                      : s->status + (isPlaceholder(*s) ? " elsewhere" : "");
        };
        QCOMPARE(present("tf:aws_security_group.app"), std::string("present"));
        QCOMPARE(present("tf:aws_subnet.a"), std::string("present"));
        QCOMPARE(present("tf:" + queue), std::string("present elsewhere"));
        QCOMPARE(edges.size(), size_t(3));
        const auto group = std::find_if(systems.begin(), systems.end(), [](const System& s) {
            return std::count(s.identifiers.begin(), s.identifiers.end(), "sg-0abc1234def567890") > 0 ||
                   s.key == "tf:sg-0abc1234def567890";
        });
        QVERIFY(edges.count("tf:aws_instance.app -> " + group->key));
    }

    // Google Cloud: a GKE cluster in the network another configuration made, named by self links; a
    // subscription to another project's topic, by its id. Its node image and zone make none.
    const std::string vpc = "projects/shop-net/global/networks/main";
    const std::string subnet = "projects/shop-net/regions/europe-west1/subnetworks/gke";
    json gke =
        resource("google_container_cluster", "main",
                 {{"id", "projects/shop-app/locations/europe-west1/clusters/main"},
                  {"self_link", "https://container.googleapis.com/v1/projects/shop-app/locations/"
                                "europe-west1/clusters/main"},
                  {"network", "https://www.googleapis.com/compute/v1/" + vpc},
                  {"subnetwork", "https://www.googleapis.com/compute/v1/" + subnet},
                  {"node_config",
                   json::array({{{"image_type", "COS_CONTAINERD"}, {"machine_type", "e2-standard-4"}}})},
                  {"node_locations", json::array({"europe-west1-b"})}});
    gke["provider"] = "provider[\"registry.terraform.io/hashicorp/google\"]";
    json sub = resource("google_pubsub_subscription", "orders",
                        {{"id", "projects/shop-app/subscriptions/orders"},
                         {"name", "orders"},
                         {"topic", "projects/shop-events/topics/orders"}});
    sub["provider"] = gke["provider"];
    const Discovery gcp = parseText(state4(json::array({gke, sub}), "77777777-2222-3333-4444-555555555555"));
    checkWellFormed(gcp);
    QCOMPARE(placeholdersOf(gcp),
             (std::vector<std::string>{"tf:projects/shop-events/topics/orders queue orders google",
                                       "tf:" + vpc + " network main google",
                                       "tf:" + subnet + " network gke google"}));
    QCOMPARE(findEdge(gcp, "tf:google_container_cluster.main", "tf:" + subnet)->kind, std::string("runs-on"));
    QVERIFY(findEdge(gcp, "tf:google_pubsub_subscription.orders", "tf:projects/shop-events/topics/orders"));
    QCOMPARE(gcp.edges.size(), size_t(3));

    // Azure: an AKS cluster in a subnet of another configuration's network, reading its key vault; the
    // resource group and an image make none.
    const std::string rg = "/subscriptions/508f906f-0000-4000-8000-000000000001/resourceGroups/core";
    const std::string aksSubnet = rg + "/providers/Microsoft.Network/virtualNetworks/core/subnets/aks";
    const std::string vault = rg + "/providers/Microsoft.KeyVault/vaults/core-kv";
    json aks = resource("azurerm_kubernetes_cluster", "main",
                        {{"id", rg + "/providers/Microsoft.ContainerService/managedClusters/main"},
                         {"resource_group_id", rg},
                         {"default_node_pool", json::array({{{"vnet_subnet_id", aksSubnet}}})},
                         {"key_vault_id", vault},
                         {"source_image_id", rg + "/providers/Microsoft.Compute/images/ubuntu"}});
    aks["provider"] = "provider[\"registry.terraform.io/hashicorp/azurerm\"]";
    const Discovery azure = parseText(state4(json::array({aks}), "66666666-2222-3333-4444-555555555555"));
    checkWellFormed(azure);
    QCOMPARE(placeholdersOf(azure), (std::vector<std::string>{"tf:" + vault + " secret-store core-kv azurerm",
                                                              "tf:" + aksSubnet + " network aks azurerm"}));
    QCOMPARE(findEdge(azure, "tf:azurerm_kubernetes_cluster.main", "tf:" + aksSubnet)->kind,
             std::string("runs-on"));
    QCOMPARE(azure.edges.size(), size_t(2));

    // A document naming hundreds of such resources (generated, or hostile): the first 256 are placeholders,
    // and the import says how many more it left out.
    json variables = json::array();
    for (int k = 0; k < 300; ++k) {
        char id[16];
        std::snprintf(id, sizeof id, "sg-%08x", k);
        variables.push_back({{"name", "GROUP_" + std::to_string(k)}, {"value", id}});
    }
    const Discovery many = parseText(state4(json::array({resource(
        "aws_ecs_task_definition", "many",
        {{"id", "many"},
         {"container_definitions", json::array({{{"name", "app"}, {"environment", variables}}}).dump()}})})));
    checkWellFormed(many);
    QCOMPARE(many.systems.size(), size_t(1 + 256));
    QCOMPARE(many.edges.size(), size_t(256));
    QCOMPARE(many.warnings,
             std::vector<std::string>{"aws_ecs_task_definition.many names 300 resources that no "
                                      "resource of this state is: the first 256 are placeholders, "
                                      "the other 44 left out"});
}

void TestTfStateParser::remoteStateOutputsJoinOtherStates() {
    const Discovery d = parseFile(kGenerated);
    const auto* vpc = findSystem(d, "tf:data.terraform_remote_state.shared.outputs.vpc_id");
    QVERIFY(vpc);
    QVERIFY(vpc->reference);
    QCOMPARE(vpc->kind, std::string("network"));
    QCOMPARE(vpc->identifiers, std::vector<std::string>{"vpc-0a1b2c3d"});
    const auto* e =
        findEdge(d, "tf:terraform_data.subnet[0]", "tf:data.terraform_remote_state.shared.outputs.vpc_id");
    QVERIFY(e);
    QVERIFY(e->evidence.find("input.vpc_id") != std::string::npos);
    QCOMPARE(findEdge(d, "tf:data.terraform_remote_state.shared",
                      "tf:data.terraform_remote_state.shared.outputs.vpc_id")
                 ->kind,
             std::string("contains"));
    // The other state defines the VPC: importing both joins them by that identifier.
    const Discovery shared =
        parseText(state4(json::array({resource("aws_vpc", "main",
                                               {{"id", "vpc-0a1b2c3d"}, {"cidr_block", "10.0.0.0/16"}})}),
                         "99999999-2222-3333-4444-555555555555"),
                  "shared.tfstate");
    QCOMPARE(shared.systems.at(0).identifiers, std::vector<std::string>{"vpc-0a1b2c3d"});
    QTemporaryDir dir;
    auto project = Project::create((dir.path() + QStringLiteral("/m.terrain")).toStdString());
    const MergePlan plan = planMerge(*project, {d, shared});
    QCOMPARE(plan.inserts.size(), size_t(8)); // the output reference joined the real VPC
    const auto vpcSystem = std::find_if(plan.inserts.begin(), plan.inserts.end(),
                                        [](const System& s) { return s.key == "tf:aws_vpc.main"; });
    QVERIFY(vpcSystem != plan.inserts.end());
    QCOMPARE(vpcSystem->kind, std::string("network"));

    // Outputs gathered in objects, as a module's often are (`network = { subnet = ..., apps = { orders =
    // ... } }`): each string in them is a reference too, named by its place, so that the state reading them
    // (Terraform 1.11, tests/importers/data/terraform/fanout_consumer) depends on what they name in the
    // state that offers them.
    const Discovery consumer = parseFile(kData + "/fanout_consumer.tfstate");
    const std::string outputs = "tf:data.terraform_remote_state.fan.outputs.";
    QCOMPARE(findSystem(consumer, outputs + "network.subnet")->kind, std::string("network"));
    QVERIFY(findSystem(consumer, outputs + "network.apps.orders"));
    QVERIFY(findSystem(consumer, outputs + "workers[1]"));
    QCOMPARE(findEdge(consumer, "tf:terraform_data.uses_net", outputs + "network.subnet")->kind,
             std::string("runs-on"));
    QVERIFY(findEdge(consumer, "tf:terraform_data.uses_net", outputs + "network.apps.orders"));
    QVERIFY(!findEdge(consumer, "tf:terraform_data.uses_net", outputs + "network.apps.billing"));
    const MergePlan both =
        planMerge(*Project::create((dir.path() + QStringLiteral("/f.terrain")).toStdString()),
                  {parseFile(kData + "/fanout.tfstate"), consumer});
    std::map<Id, std::string> keys;
    for (std::size_t i = 0; i < both.inserts.size(); ++i)
        keys[-Id(i) - 1] = both.inserts[i].key;
    std::set<std::string> used;
    for (const auto& edge : both.edgeInserts)
        if (keys[edge.from] == "tf:terraform_data.uses_net")
            used.insert(keys[edge.to]);
    QCOMPARE(used, (std::set<std::string>{"tf:data.terraform_remote_state.fan",
                                          "tf:module.net.terraform_data.subnet[0]",
                                          "tf:module.svc[\"orders\"].terraform_data.app",
                                          "tf:module.worker[1].terraform_data.app"}));
}

// Remote states offering more outputs than are made systems (256 looked at, each up to 32 values),
// among many resources: the builder makes room for all of them before it makes the first.
void TestTfStateParser::manyRemoteStateOutputs() {
    json rs = json::array();
    for (int r = 0; r < 3; ++r) {
        json outputs = json::object();
        for (int k = 0; k < 400; ++k) {
            const auto id = [&](int v) {
                char text[32];
                std::snprintf(text, sizeof text, "vpc-%d%04d%02d0a1b2c", r, k, v);
                return std::string(text);
            };
            if (k % 3 == 0) {
                json list = json::array();
                for (int v = 0; v < 16; ++v)
                    list.push_back(id(v));
                outputs["subnets_" + std::to_string(k)] = list;
            } else {
                outputs["vpc_" + std::to_string(k)] = id(0);
            }
        }
        rs.push_back(
            resource("terraform_remote_state", "shared" + std::to_string(r),
                     {{"backend", "local"},
                      {"outputs", {{"value", outputs}, {"type", json::array({"object", json::object()})}}}},
                     {}, "data"));
    }
    for (int i = 0; i < 50; ++i)
        rs.push_back(resource(
            "aws_instance", "app" + std::to_string(i),
            {{"id", "i-0aaaaaaaaaaaa" + std::to_string(1000 + i)}, {"vpc_id", "vpc-00001000a1b2c"}}));
    const Discovery d = parseText(state4(rs));
    checkWellFormed(d);
    for (int r = 0; r < 3; ++r) {
        const std::string prefix = "tf:data.terraform_remote_state.shared" + std::to_string(r) + ".outputs.";
        const auto made = std::count_if(d.systems.begin(), d.systems.end(),
                                        [&](const DiscoveredSystem& s) { return s.key.starts_with(prefix); });
        QVERIFY2(made >= 256 && made < 256 + 32, qPrintable(QString::number(made)));
    }
    QVERIFY(findEdge(d, "tf:aws_instance.app7", "tf:data.terraform_remote_state.shared0.outputs.vpc_1"));
}

void TestTfStateParser::version3Flatmap() {
    const Discovery d = parseFile(kFixtures + "/tfstate/inframap_version_3_state.json");
    QCOMPARE(d.scope, std::string("tfstate:3fd5eb87-d6b9-8b47-6c2d-7209f7f884ee"));
    // 12 resources, and 6 placeholders: the module runs in a VPC, subnets and security groups that
    // another configuration made (their ids are its variables), each joining it where that is imported.
    QCOMPARE(d.systems.size(), size_t(18));
    const auto* vpc = findSystem(d, "tf:vpc-5972c43f");
    QVERIFY(vpc);
    QVERIFY(vpc->reference);
    QCOMPARE(vpc->kind, std::string("network"));
    QCOMPARE(vpc->identifiers, std::vector<std::string>{"vpc-5972c43f"});
    QCOMPARE(findEdge(d, "tf:module.cycloid.aws_alb.front", "tf:vpc-5972c43f")->kind, std::string("runs-on"));
    QCOMPARE(findEdge(d, "tf:module.cycloid.aws_instance.batch", "tf:sg-95691cef")->kind,
             std::string("configured-by"));
    const auto* alb = findSystem(d, "tf:module.cycloid.aws_alb.front");
    QVERIFY(alb);
    QCOMPARE(alb->kind, std::string("load-balancer"));
    QCOMPARE(alb->group, std::string("module.cycloid"));
    QCOMPARE(alb->provider, std::string("aws"));
    QCOMPARE(alb->attributes.value("load_balancer_type", ""), std::string("application"));
    QCOMPARE(findSystem(d, "tf:module.cycloid.aws_db_instance.website")->kind, std::string("database"));
    QCOMPARE(findSystem(d, "tf:module.cycloid.aws_elasticache_cluster.redis")->kind, std::string("cache"));
    QCOMPARE(findSystem(d, "tf:module.cycloid.aws_s3_bucket.medias")->kind, std::string("storage"));
    // depends_on (module-relative names) and attribute matching over flatmap keys.
    const auto* e =
        findEdge(d, "tf:module.cycloid.aws_alb.front", "tf:module.cycloid.aws_security_group.alb-front");
    QVERIFY(e);
    QCOMPARE(e->kind, std::string("configured-by"));
    QVERIFY(e->evidence.find("security_groups") != std::string::npos);
    e = findEdge(d, "tf:module.cycloid.aws_security_group.rds-website",
                 "tf:module.cycloid.aws_security_group.batch");
    QVERIFY(e);
    QVERIFY(e->evidence.find("ingress.security_groups") != std::string::npos);
    e = findEdge(d, "tf:module.cycloid.aws_instance.batch", "tf:module.cycloid.aws_security_group.batch");
    QVERIFY(e);
    QCOMPARE(e->kind, std::string("configured-by"));
    QVERIFY(findEdge(d, "tf:module.cycloid.aws_cloudfront_distribution.cdn",
                     "tf:module.cycloid.aws_s3_bucket.medias"));
    QVERIFY(findEdge(d, "tf:module.cycloid.aws_ebs_volume.flux", "tf:module.cycloid.aws_instance.batch"));
    QCOMPARE(findSystem(d, "tf:module.cycloid.aws_instance.batch")->identifiers,
             std::vector<std::string>{"i-0c53df6c1e4dc1f89"});

    const Discovery grab = parseFile(kFixtures + "/tfstate/terraform_roundtrip_v3-grabbag.in.tfstate");
    QCOMPARE(grab.systems.size(), size_t(4));
    QVERIFY(findSystem(grab, "tf:null_resource.bar[0]"));
    QVERIFY(findSystem(grab, "tf:null_resource.bar[1]"));
    QVERIFY(findSystem(grab, "tf:module.child.null_resource.foo"));
    QVERIFY(findEdge(grab, "tf:null_resource.bar[1]", "tf:null_resource.baz"));
}

void TestTfStateParser::repeatedModulesAndFolding() {
    const Discovery d = parseFile(kFixtures + "/tfstate/inframap_repeated_modules.json");
    QCOMPARE(d.scope, std::string("tfstate:d170e278-4de7-37d9-5083-fd901247cebd"));
    // 16 resources: 4 security group rules fold into their 2 security groups.
    QCOMPARE(d.systems.size(), size_t(12));
    const auto* sg = findSystem(d, "tf:module.all_sg.aws_security_group.this_name_prefix[0]");
    QVERIFY(sg);
    QCOMPARE(sg->folded, 2);
    QCOMPARE(sg->kind, std::string("network"));
    QCOMPARE(findSystem(d, "tf:module.ec2_openvpn.module.bastion_sg.aws_security_group.this_name_prefix[0]")
                 ->folded,
             2);
    QCOMPARE(findSystem(d, "tf:module.ec2_openvpn.module.bastion_sg.aws_security_group.this_name_prefix[0]")
                 ->group,
             std::string("module.ec2_openvpn.module.bastion_sg"));
    const auto* ubuntu = findSystem(d, "tf:module.ec2_ubuntu_a[1].aws_instance.this[0]");
    QVERIFY(ubuntu);
    QCOMPARE(ubuntu->group, std::string("module.ec2_ubuntu_a[1]"));
    QCOMPARE(ubuntu->kind, std::string("compute"));
    QVERIFY(findEdge(d, "tf:module.ec2_ubuntu_a[1].aws_instance.this[0]",
                     "tf:module.all_sg.aws_security_group.this_name_prefix[0]"));
    QVERIFY(findEdge(d, "tf:module.vpc.aws_nat_gateway.this[0]", "tf:module.vpc.aws_eip.nat[0]"));
    for (const auto& s : d.systems)
        QVERIFY2(s.attributes.value("tf_type", "") != "aws_security_group_rule", s.key.c_str());
}

void TestTfStateParser::azureIdsAndPeering() {
    const Discovery d = parseFile(kFixtures + "/tfstate/inframap_azure.tfstate");
    QCOMPARE(d.systems.size(), size_t(4));
    const auto* vm = findSystem(d, "tf:azurerm_linux_virtual_machine.myterraformvm");
    QVERIFY(vm);
    QCOMPARE(vm->name, std::string("myVM"));
    QCOMPARE(vm->kind, std::string("compute"));
    QCOMPARE(vm->provider, std::string("azurerm"));
    QCOMPARE(vm->identifiers.size(), size_t(1));
    QVERIFY(vm->identifiers[0].rfind("/subscriptions/508f906f", 0) == 0);
    // The peering folds into the network it belongs to (by virtual_network_name), and its remote
    // network becomes that network's edge.
    const auto* vnet = findSystem(d, "tf:azurerm_virtual_network.myterraformnetwork");
    QCOMPARE(vnet->folded, 1);
    const auto* e = findEdge(d, "tf:azurerm_virtual_network.myterraformnetwork",
                             "tf:azurerm_virtual_network.myterraformnetwork2");
    QVERIFY(e);
    QVERIFY(e->evidence.find("remote_virtual_network_id") != std::string::npos);
    QVERIFY(e->evidence.find("azurerm_virtual_network_peering.example-1") != std::string::npos);
    // Dependencies on resources the state does not hold (random_id, tls_private_key) are left out.
    QVERIFY(findEdge(d, "tf:azurerm_linux_virtual_machine.myterraformvm2",
                     "tf:azurerm_virtual_network.myterraformnetwork2"));
}

void TestTfStateParser::legacyVersion4Forms() {
    // Terraform 0.12.0: legacy depends_on (with var.input), each = "map", string index keys.
    const Discovery m = parseFile(kFixtures + "/tfstate/terraform_roundtrip_v4-modules.in.tfstate");
    QCOMPARE(m.systems.size(), size_t(4));
    QVERIFY(findSystem(m, "tf:module.modB.null_resource.bar[\"a\"]"));
    QVERIFY(findSystem(m, "tf:module.modB.null_resource.bar[\"b\"]"));
    QVERIFY(findEdge(m, "tf:module.modB.null_resource.bar[\"b\"]", "tf:module.modA.null_resource.resource"));
    QVERIFY(findEdge(m, "tf:module.modA.null_resource.resource", "tf:null_resource.bar"));
    // attributes_flat, each = "list".
    const Discovery f = parseFile(kFixtures + "/tfstate/terraform_roundtrip_v4-future.in.tfstate");
    QCOMPARE(f.systems.size(), size_t(3));
    QCOMPARE(findSystem(f, "tf:null_resource.foo[1]")->attributes.value("id", ""),
             std::string("1523897709610803586"));
    QVERIFY(findEdge(f, "tf:null_resource.bar", "tf:null_resource.foo[0]"));
    QVERIFY(findEdge(f, "tf:null_resource.bar", "tf:null_resource.foo[1]"));
    // Provider short names from 0.12 and 0.13+ forms, and from module-scoped providers.
    const Discovery g = parseFile(kFixtures + "/tfstate/inframap_google_state.json");
    QCOMPARE(g.systems.at(0).provider, std::string("google"));
    const Discovery s = parseFile(kFixtures + "/tfstate/inframap_multi_module_state.json");
    QCOMPARE(s.systems.at(0).provider, std::string("scaleway"));
    QVERIFY(findEdge(s, "tf:module.node_pool.scaleway_k8s_pool_beta.nodes",
                     "tf:module.kapsule.scaleway_k8s_cluster_beta.cluster"));
    // Index keys quoted the way Terraform quotes them.
    json r = resource("aws_instance", "web", {{"id", "i-0123456789abcdef0"}});
    r["instances"][0]["index_key"] = "a\"b";
    r["module"] = "module.app[\"x\"]";
    r["provider"] = "module.app[\"x\"].provider[\"registry.terraform.io/hashicorp/aws\"].east";
    const Discovery q = parseText(state4(json::array({r})));
    QCOMPARE(q.systems.at(0).key, std::string("tf:module.app[\"x\"].aws_instance.web[\"a\\\"b\"]"));
    QCOMPARE(q.systems.at(0).provider, std::string("aws"));
}

void TestTfStateParser::foldingRules() {
    const std::string lbArn =
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";
    const std::string tgArn =
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067";
    const std::string listenerArn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/"
                                    "50dc6c495c0c9188/f2f7dc8efc522ab2";
    const json rs = json::array({
        resource("aws_lb", "web",
                 {{"id", lbArn}, {"arn", lbArn}, {"dns_name", "web-1234.eu-west-1.elb.amazonaws.com"}}),
        resource("aws_lb_listener", "https",
                 {{"id", listenerArn},
                  {"arn", listenerArn},
                  {"load_balancer_arn", lbArn},
                  {"default_action", json::array({{{"target_group_arn", tgArn}, {"type", "forward"}}})}}),
        resource("aws_lb_target_group", "web", {{"id", tgArn}, {"arn", tgArn}, {"name", "web"}}),
        resource("aws_lb_target_group_attachment", "web",
                 {{"id", "web-20240101"}, {"target_group_arn", tgArn}, {"target_id", "i-0123456789abcdef0"}}),
        resource("aws_instance", "web",
                 {{"id", "i-0123456789abcdef0"},
                  {"private_ip", "10.0.1.15"},
                  {"subnet_id", "subnet-0a1b2c3d4e"},
                  {"tags", {{"Name", "web-1"}, {"Environment", "prod"}}}}),
        resource("aws_subnet", "a", {{"id", "subnet-0a1b2c3d4e"}}),
        resource("aws_route_table", "main", {{"id", "rtb-0123456789"}}),
        resource("aws_route_table_association", "a",
                 {{"id", "rtbassoc-0123456"},
                  {"route_table_id", "rtb-0123456789"},
                  {"subnet_id", "subnet-0a1b2c3d4e"}}),
        resource(
            "aws_iam_role", "app",
            {{"id", "app-role"}, {"name", "app-role"}, {"arn", "arn:aws:iam::123456789012:role/app-role"}}),
        resource("aws_iam_role_policy_attachment", "app",
                 {{"id", "app-role-2024"},
                  {"role", "app-role"},
                  {"policy_arn", "arn:aws:iam::aws:policy/ReadOnlyAccess"}}),
        resource("aws_security_group", "web", {{"id", "sg-0aaaaaaaaaa"}}),
        resource("aws_security_group", "lb", {{"id", "sg-0bbbbbbbbbb"}}),
        resource("aws_security_group_rule", "web_from_lb",
                 {{"id", "sgrule-1"},
                  {"security_group_id", "sg-0aaaaaaaaaa"},
                  {"source_security_group_id", "sg-0bbbbbbbbbb"}}),
        resource("aws_security_group_rule", "orphan",
                 {{"id", "sgrule-2"}, {"security_group_id", "sg-0ffffffffff"}}),
    });
    const Discovery d = parseText(state4(rs));
    checkWellFormed(d);
    QCOMPARE(findSystem(d, "tf:aws_lb.web")->folded, 1);
    QCOMPARE(findSystem(d, "tf:aws_lb_target_group.web")->folded, 1);
    QCOMPARE(findSystem(d, "tf:aws_route_table.main")->folded, 1);
    QCOMPARE(findSystem(d, "tf:aws_iam_role.app")->folded, 1);
    QCOMPARE(findSystem(d, "tf:aws_security_group.web")->folded, 1);
    QVERIFY(!findSystem(d, "tf:aws_lb_listener.https"));
    QVERIFY(!findSystem(d, "tf:aws_lb_target_group_attachment.web"));
    QVERIFY(!findSystem(d, "tf:aws_security_group_rule.web_from_lb"));
    // A rule whose security group is not in the file stays a system.
    QVERIFY(findSystem(d, "tf:aws_security_group_rule.orphan"));
    // Folded resources' edges are their home's.
    auto e = findEdge(d, "tf:aws_lb.web", "tf:aws_lb_target_group.web");
    QVERIFY(e);
    QCOMPARE(e->kind, std::string("routes-to"));
    QVERIFY(e->evidence.find("default_action.target_group_arn (aws_lb_listener.https)") != std::string::npos);
    e = findEdge(d, "tf:aws_lb_target_group.web", "tf:aws_instance.web");
    QVERIFY(e);
    QCOMPARE(e->kind, std::string("routes-to"));
    QVERIFY(findEdge(d, "tf:aws_route_table.main", "tf:aws_subnet.a"));
    QVERIFY(findEdge(d, "tf:aws_security_group.web", "tf:aws_security_group.lb"));
    e = findEdge(d, "tf:aws_instance.web", "tf:aws_subnet.a");
    QVERIFY(e);
    QCOMPARE(e->kind, std::string("runs-on"));
    // Identifiers: ARNs, ids, DNS names, IPs; the listener's ARN joins its load balancer.
    const auto* lb = findSystem(d, "tf:aws_lb.web");
    for (const auto& id : {lbArn, listenerArn, std::string("web-1234.eu-west-1.elb.amazonaws.com")})
        QVERIFY2(std::count(lb->identifiers.begin(), lb->identifiers.end(), id) == 1, id.c_str());
    const auto* web = findSystem(d, "tf:aws_instance.web");
    QCOMPARE(web->name, std::string("web-1"));
    QCOMPARE(web->environment, std::string("production"));
    QVERIFY(std::count(web->identifiers.begin(), web->identifiers.end(), "10.0.1.15") == 1);
    QCOMPARE(findSystem(d, "tf:aws_lb.web")->kind, std::string("load-balancer"));
}

void TestTfStateParser::grantsFoldIntoWhoIsGranted() {
    // A role assignment gives a principal a role on a scope: it is the granted resource's access, found by
    // the one other resource its dependencies name, and its edge to the scope is that resource's.
    const std::string rg = "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/shop";
    const std::string sa = rg + "/providers/Microsoft.Storage/storageAccounts/shopdata";
    const std::string kv = rg + "/providers/Microsoft.KeyVault/vaults/shop-kv";
    const std::string fn = rg + "/providers/Microsoft.Web/sites/shop-fn";
    const std::string uai = rg + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/worker";
    const std::string blobRole =
        "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/providers/"
        "Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    auto assignment = [&](const std::string& name, const std::string& scope, const std::string& principal,
                          const std::vector<std::string>& deps) {
        return resource("azurerm_role_assignment", name,
                        {{"id", scope + "/providers/Microsoft.Authorization/roleAssignments/" + name},
                         {"scope", scope},
                         {"role_definition_id", blobRole},
                         {"role_definition_name", "Storage Blob Data Contributor"},
                         {"principal_id", principal},
                         {"principal_type", "ServicePrincipal"}},
                        deps);
    };
    const json rs = json::array({
        resource("azurerm_resource_group", "shop", {{"id", rg}, {"name", "shop"}}),
        resource("azurerm_storage_account", "data", {{"id", sa}, {"name", "shopdata"}},
                 {"azurerm_resource_group.shop"}),
        resource("azurerm_key_vault", "shop", {{"id", kv}, {"name", "shop-kv"}},
                 {"azurerm_resource_group.shop"}),
        resource("azurerm_linux_function_app", "shop",
                 {{"id", fn},
                  {"name", "shop-fn"},
                  {"identity", json::array({{{"type", "SystemAssigned"},
                                             {"principal_id", "6f1c2a3b-0000-4000-8000-00000000f001"}}})}},
                 {"azurerm_resource_group.shop"}),
        resource("azurerm_user_assigned_identity", "worker",
                 {{"id", uai}, {"name", "worker"}, {"principal_id", "6f1c2a3b-0000-4000-8000-00000000a002"}},
                 {"azurerm_resource_group.shop"}),
        assignment("fn_blob", sa, "6f1c2a3b-0000-4000-8000-00000000f001",
                   {"azurerm_linux_function_app.shop", "azurerm_storage_account.data"}),
        assignment("fn_group", rg, "6f1c2a3b-0000-4000-8000-00000000f001",
                   {"azurerm_linux_function_app.shop", "azurerm_resource_group.shop"}),
        assignment("worker_kv", kv, "6f1c2a3b-0000-4000-8000-00000000a002",
                   {"azurerm_key_vault.shop", "azurerm_user_assigned_identity.worker"}),
        // A principal this state does not manage (a group's object id from a variable): the scope's own.
        assignment("readers", sa, "6f1c2a3b-0000-4000-8000-00000000c003", {"azurerm_storage_account.data"}),
        // Google Cloud alike: a bucket's IAM member is the access of the service account it names.
        resource("google_storage_bucket", "media",
                 {{"id", "shop-media"},
                  {"name", "shop-media"},
                  {"self_link", "https://www.googleapis.com/storage/v1/b/shop-media"}}),
        resource("google_service_account", "api",
                 {{"id", "projects/shop/serviceAccounts/api@shop.iam.gserviceaccount.com"},
                  {"email", "api@shop.iam.gserviceaccount.com"},
                  {"name", "projects/shop/serviceAccounts/api@shop.iam.gserviceaccount.com"}}),
        resource(
            "google_storage_bucket_iam_member", "api_writes",
            {{"id", "b/shop-media/roles/storage.objectAdmin/serviceAccount:api@shop.iam.gserviceaccount.com"},
             {"bucket", "shop-media"},
             {"role", "roles/storage.objectAdmin"},
             {"member", "serviceAccount:api@shop.iam.gserviceaccount.com"}},
            {"google_service_account.api", "google_storage_bucket.media"}),
        resource("google_storage_bucket_iam_member", "public",
                 {{"id", "b/shop-media/roles/storage.objectViewer/allUsers"},
                  {"bucket", "shop-media"},
                  {"role", "roles/storage.objectViewer"},
                  {"member", "allUsers"}},
                 {"google_storage_bucket.media"}),
    });
    const Discovery d = parseText(state4(rs));
    checkWellFormed(d);
    for (const auto& s : d.systems)
        QVERIFY2(s.key.find("azurerm_role_assignment") == std::string::npos, s.key.c_str());
    QCOMPARE(findSystem(d, "tf:azurerm_linux_function_app.shop")->folded, 2);
    QCOMPARE(findSystem(d, "tf:azurerm_user_assigned_identity.worker")->folded, 1);
    QCOMPARE(findSystem(d, "tf:azurerm_storage_account.data")->folded, 1);
    const auto* e = findEdge(d, "tf:azurerm_linux_function_app.shop", "tf:azurerm_storage_account.data");
    QVERIFY(e);
    QVERIFY2(e->evidence.find("(azurerm_role_assignment.fn_blob)") != std::string::npos, e->evidence.c_str());
    QVERIFY(findEdge(d, "tf:azurerm_user_assigned_identity.worker", "tf:azurerm_key_vault.shop"));
    // Never the other way: the storage account does not depend on who may read it.
    QVERIFY(!findEdge(d, "tf:azurerm_storage_account.data", "tf:azurerm_linux_function_app.shop"));
    QVERIFY(!findEdge(d, "tf:azurerm_key_vault.shop", "tf:azurerm_user_assigned_identity.worker"));

    QCOMPARE(findSystem(d, "tf:google_service_account.api")->folded, 1);
    QCOMPARE(findSystem(d, "tf:google_storage_bucket.media")->folded, 1);
    QVERIFY(findEdge(d, "tf:google_service_account.api", "tf:google_storage_bucket.media"));
    QVERIFY(!findEdge(d, "tf:google_storage_bucket.media", "tf:google_service_account.api"));
    for (const auto& s : d.systems)
        QVERIFY2(s.key.find("iam_member") == std::string::npos, s.key.c_str());
}

void TestTfStateParser::topLevelStringsAmongOtherValues() {
    // Ids and host names are read from the top-level attributes in one pass: a list gives its first
    // string, other values (objects, numbers, empty lists) give none and are stepped over, and a value
    // the state marks sensitive is never an identifier.
    json r = resource("aws_db_instance", "lists",
                      {{"arn", "arn:aws:rds:eu-west-1:123456789012:db:lists"},
                       {"endpoint", {{"address", "inner.example.com"}, {"port", 5432}}},
                       {"fqdn", json::array({7, "db.lists.example.com", "second.example.com"})},
                       {"hostname", 7},
                       {"id", "db-lists-0001"},
                       {"private_ip", "10.9.8.7"},
                       {"public_dns", json::array()},
                       {"public_ip", "10.1.1.1"}});
    r["instances"][0]["sensitive_attributes"] =
        json::array({json::array({{{"type", "get_attr"}, {"value", "public_ip"}}})});
    const Discovery d = parseText(state4(json::array({r})));
    const auto* db = findSystem(d, "tf:aws_db_instance.lists");
    QVERIFY(db);
    auto has = [&](const std::string& v) {
        return std::count(db->identifiers.begin(), db->identifiers.end(), v) == 1;
    };
    QVERIFY(has("arn:aws:rds:eu-west-1:123456789012:db:lists"));
    QVERIFY(has("db.lists.example.com"));
    QVERIFY(has("10.9.8.7"));
    QVERIFY(!has("second.example.com"));
    QVERIFY(!has("inner.example.com"));
    QVERIFY(!has("10.1.1.1"));
    QVERIFY(dump(d).find("10.1.1.1") == std::string::npos);
}

// A system's facts are written as text directly off the kept attributes; where that cannot be (sensitive
// values, a secret store, a key given twice with two values...) they are made as a document first, as
// they always were. On random states, both ways give the same text, byte for byte, and the same names,
// environments and everything else.
// The names other sources reach a resource by are its identifiers: an RDS instance's address, a Redis
// replication group's endpoints, the host of an EKS cluster's endpoint URL (in lower case, as a host is
// named). A Deployment whose DATABASE_URL and REDIS_HOST name them, imported with the state, depends on
// the resources themselves, not on externals.
void TestTfStateParser::endpointsJoinWhatNamesThem() {
    const json rs = json::array(
        {resource("aws_db_instance", "orders",
                  {{"id", "db-ABCDEF"},
                   {"arn", "arn:aws:rds:eu-west-1:123456789012:db:orders"},
                   {"address", "orders.c1abcdefgh.eu-west-1.rds.amazonaws.com"},
                   {"endpoint", "orders.c1abcdefgh.eu-west-1.rds.amazonaws.com:5432"}}),
         resource("aws_elasticache_replication_group", "sessions",
                  {{"id", "sessions"},
                   {"arn", "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:sessions"},
                   {"primary_endpoint_address", "master.sessions.abc123.euw1.cache.amazonaws.com"},
                   {"reader_endpoint_address", "replica.sessions.abc123.euw1.cache.amazonaws.com"}}),
         resource("aws_eks_cluster", "main",
                  {{"id", "main"},
                   {"arn", "arn:aws:eks:eu-west-1:123456789012:cluster/main"},
                   {"endpoint", "https://ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com"}})});
    const Discovery state = parseText(state4(rs));
    auto has = [&](const char* key, const char* ident) {
        const auto& ids = findSystem(state, key)->identifiers;
        return std::find(ids.begin(), ids.end(), ident) != ids.end();
    };
    QVERIFY(has("tf:aws_db_instance.orders", "orders.c1abcdefgh.eu-west-1.rds.amazonaws.com"));
    QVERIFY(has("tf:aws_elasticache_replication_group.sessions",
                "master.sessions.abc123.euw1.cache.amazonaws.com"));
    QVERIFY(has("tf:aws_elasticache_replication_group.sessions",
                "replica.sessions.abc123.euw1.cache.amazonaws.com"));
    QVERIFY(has("tf:aws_eks_cluster.main", "abcdef0123456789.gr7.eu-west-1.eks.amazonaws.com"));

    SourceText manifest;
    manifest.name = manifest.path = "orders.yaml";
    manifest.text =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: orders, namespace: shop}\nspec:\n"
        "  selector: {matchLabels: {app: orders}}\n  template:\n    metadata: {labels: {app: orders}}\n"
        "    spec:\n      containers:\n      - name: orders\n        image: shop/orders:3\n        env:\n"
        "        - {name: DATABASE_URL, value: "
        "'postgres://app@orders.c1abcdefgh.eu-west-1.rds.amazonaws.com:5432/o'}\n"
        "        - {name: REDIS_HOST, value: master.sessions.abc123.euw1.cache.amazonaws.com}\n";
    const Discovery k8s = K8sParser().parse(manifest, {});
    QTemporaryDir dir;
    auto project = Project::create((dir.path() + QStringLiteral("/m.terrain")).toStdString());
    const MergePlan p = planMerge(*project, {state, k8s});
    QCOMPARE(p.inserts.size(), size_t(4)); // the two externals are the resources
    std::map<Id, const System*> byId;
    for (std::size_t i = 0; i < p.inserts.size(); ++i) {
        byId[-Id(i) - 1] = &p.inserts[i];
        const auto& tags = p.inserts[i].tags; // none "external" (the Deployment is a manifest's)
        QVERIFY2(tags.empty() || tags == std::vector<std::string>{"manifest"}, p.inserts[i].key.c_str());
    }
    std::set<std::string> called;
    for (const auto& e : p.edgeInserts)
        called.insert(byId[e.to]->key);
    QCOMPARE(called, (std::set<std::string>{"tf:aws_db_instance.orders",
                                            "tf:aws_elasticache_replication_group.sessions"}));

    // A queue that one workload names by its URL and another by its ARN: both the state's queue.
    const Discovery queues = parseText(
        state4(json::array({resource("aws_sqs_queue", "jobs",
                                     {{"id", "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs"},
                                      {"arn", "arn:aws:sqs:eu-west-1:123456789012:jobs"}})})));
    SourceText workers;
    workers.name = "workers.yaml";
    workers.text =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  template:\n    spec:\n"
        "      containers:\n      - name: a\n        image: a:1\n        env:\n"
        "        - {name: QUEUE_URL, value: 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs'}\n"
        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b}\nspec:\n  template:\n"
        "    spec:\n      containers:\n      - name: b\n        image: b:1\n        env:\n"
        "        - {name: JOBS_QUEUE_ARN, value: 'arn:aws:sqs:eu-west-1:123456789012:jobs'}\n";
    auto other = Project::create((dir.path() + QStringLiteral("/q.terrain")).toStdString());
    const MergePlan q = planMerge(*other, {queues, K8sParser().parse(workers, {})});
    QCOMPARE(q.inserts.size(), size_t(3)); // the queue and the two Deployments: no external
    QCOMPARE(q.edgeInserts.size(), size_t(2));
    for (const auto& e : q.edgeInserts)
        QCOMPARE(q.inserts[static_cast<std::size_t>(-e.to - 1)].key, std::string("tf:aws_sqs_queue.jobs"));
}

void TestTfStateParser::factsWrittenDirectlyAreTheDocumentsText() {
    std::mt19937 random(5122026);
    auto pick = [&](const std::vector<json>& from) { return from[random() % from.size()]; };
    const std::vector<json> keys = {
        "name",          "id",          "arn",         "self_link",     "password",
        "api_token",     "private_key", "policy",      "body",          "user_data",
        "tags.Name",     "tf_type",     "tf_mode",     "instance_type", "engine",
        "port",          "enabled",     "endpoint",    "url",           "connection_string",
        "cidr_blocks",   "zones",       "description", "caf\u00e9",     "quote\"key",
        "ctrl\u0001key", "environment", "Name",        "outputs"};
    const std::vector<json> strings = {"web-1",
                                       "prod",
                                       "Production",
                                       "staging",
                                       "i-0123456789abcdef0",
                                       "arn:aws:iam::123456789012:role/app",
                                       "/subscriptions/0000/resourceGroups/rg/providers/x/y/z",
                                       "https://user:hunter2@db.example.com:5432/app",
                                       "postgres://db.internal:5432",
                                       "AKIAIOSFODNN7EXAMPLE",
                                       "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                       "{\"Version\": \"2012-10-17\"}",
                                       "  [1, 2]",
                                       "",
                                       " ",
                                       "caf\u00e9 \u2603",
                                       "tab\there",
                                       "line\nbreak",
                                       "quote\"d",
                                       "back\\slash",
                                       "admin:pw@host",
                                       std::string(300, 'x'),
                                       "10.0.0.1",
                                       "db.example.com"};
    auto scalar = [&]() -> json {
        switch (random() % 8) {
        case 0:
            return static_cast<std::int64_t>(random() % 2000) - 1000;
        case 1:
            return std::uint64_t(18000000000000000000ull);
        case 2:
            return 0.5 + static_cast<double>(random() % 100) / 7.0;
        case 3:
            return random() % 2 == 0;
        case 4:
            return nullptr;
        default:
            return pick(strings);
        }
    };
    auto tags = [&]() {
        json t = json::object();
        const std::vector<json> tagKeys = {"Name",  "name",     "Environment", "env",      "Stage",
                                           "Owner", "password", "team",        "caf\u00e9"};
        for (std::size_t k = random() % 6; k > 0; --k)
            t[pick(tagKeys).get<std::string>()] = random() % 5 == 0 ? json(nullptr) : scalar();
        return t;
    };
    int compared = 0;
    for (int round = 0; round < 250; ++round) {
        json rs = json::array();
        for (int i = 0; i < 8; ++i) {
            json attrs = json::object();
            for (std::size_t k = random() % 12; k > 0; --k) {
                const std::string key = pick(keys).get<std::string>();
                switch (random() % 5) {
                case 0: {
                    json list = json::array();
                    for (std::size_t e = random() % 19; e > 0; --e)
                        list.push_back(random() % 9 == 0 ? json::object({{"a", 1}}) : scalar());
                    attrs[key] = list;
                    break;
                }
                case 1:
                    attrs[key] = json::object({{"nested", scalar()}});
                    break;
                default:
                    attrs[key] = scalar();
                }
            }
            if (random() % 3 == 0) { // safe lists about as long as a fact's may be (16)
                json list = json::array();
                for (std::size_t e = 15 + random() % 4; e > 0; --e)
                    list.push_back(random() % 2 == 0 ? json(e) : json("zone-" + std::to_string(e)));
                attrs["availability_zones"] = list;
            }
            if (random() % 2 == 0)
                attrs["tags"] = tags();
            if (random() % 2 == 0) // often the same as tags, sometimes not
                attrs["tags_all"] = random() % 2 == 0 && attrs.contains("tags") ? attrs["tags"] : tags();
            if (random() % 4 == 0)
                attrs["labels"] = tags();
            static const char* types[] = {"aws_instance",
                                          "aws_db_instance",
                                          "aws_s3_bucket",
                                          "aws_secretsmanager_secret",
                                          "google_compute_instance",
                                          "aws_lb"};
            json r = resource(types[random() % std::size(types)], "r" + std::to_string(i), attrs, {},
                              random() % 6 == 0 ? "data" : "managed");
            if (random() % 5 == 0)
                r["instances"][0]["status"] = "tainted";
            if (random() % 6 == 0 && !attrs.empty())
                r["instances"][0]["sensitive_attributes"] =
                    json::array({json::array({{{"type", "get_attr"}, {"value", attrs.begin().key()}}})});
            rs.push_back(r);
        }
        const std::string state = state4(rs);
        tf::setFactsByDocument(true);
        const Discovery byDocument = TfStateParser().parse(fromText("a.tfstate", state), {});
        tf::setFactsByDocument(false);
        const Discovery direct = TfStateParser().parse(fromText("a.tfstate", state), {});
        QCOMPARE(direct.systems.size(), byDocument.systems.size());
        for (std::size_t i = 0; i < direct.systems.size(); ++i) {
            const auto& a = direct.systems[i];
            const auto& b = byDocument.systems[i];
            QCOMPARE(QString::fromStdString(jsonText(a.attributes)),
                     QString::fromStdString(jsonText(b.attributes)));
            QCOMPARE(a.name, b.name);
            QCOMPARE(a.environment, b.environment);
            ++compared;
        }
        QCOMPARE(dump(direct), dump(byDocument));
    }
    QVERIFY(compared > 1500);
}

void TestTfStateParser::twoThreadsMakeTheSameSystems() {
    // A state of many systems: security groups with rules that fold into groups of the other half,
    // databases and instances that name them, instances sharing an address (so it names neither), a data
    // source, secrets; in the second half, module instances with keys, a deposed object and an address
    // given twice. Made on one thread and on two (the nodes' names, ids and raw edges, and the systems), the
    // discoveries are the same, with the attribute matching's budget spent or not; so are every fixture's.
    json rs = manyResources(700);
    for (const char* key : {"blue", "green"}) {
        json r =
            resource("aws_instance", "web", {{"id", std::string("i-0") + key}}, {"aws_security_group.g650"});
        r["module"] = std::string("module.app[\"") + key + "\"]";
        r["instances"][0]["index_key"] = 0;
        rs.push_back(r);
    }
    json deposed = resource("aws_db_instance", "db690", {{"id", "db-690-old"}});
    deposed["instances"][0]["deposed"] = "00000001";
    rs.push_back(deposed);
    rs.push_back(resource("aws_instance", "i695", {{"id", "i-0695-again"}}));
    const std::string state = state4(rs);
    const auto restore = qScopeGuard([] { tf::setTwoThreadsFrom(2048); });
    auto parse = [](const SourceText& src, std::size_t twoThreadsFrom) {
        tf::setTwoThreadsFrom(twoThreadsFrom);
        return dump(TfStateParser().parse(src, {}));
    };
    const std::size_t never = std::numeric_limits<std::size_t>::max();
    const SourceText many = fromText("many.tfstate", state);
    tf::setTwoThreadsFrom(never);
    const Discovery one = TfStateParser().parse(many, {});
    QVERIFY(one.systems.size() > 2048);
    QVERIFY(std::any_of(one.warnings.begin(), one.warnings.end(), [](const std::string& w) {
        return w == "aws_instance.i695 appears twice; the first one is kept";
    }));
    QVERIFY(std::any_of(one.systems.begin(), one.systems.end(), [](const DiscoveredSystem& s) {
        return s.key == "tf:module.app[\"green\"].aws_instance.web[0]";
    }));
    QVERIFY(std::none_of(one.systems.begin(), one.systems.end(), [](const DiscoveredSystem& s) {
        return s.key.find("aws_security_group_rule") != std::string::npos;
    }));
    QCOMPARE(parse(many, 1), dump(one));
    QCOMPARE(parse(many, 2048), dump(one));
    // The attribute matching's budget spent within the first half: the second half walks nothing.
    const auto restoreBudget = qScopeGuard([] { tf::setWalkBudget(std::size_t(20) * 1000 * 1000); });
    tf::setWalkBudget(1500);
    const std::string short1 = parse(many, never);
    QVERIFY(short1 != dump(one)); // fewer edges
    QCOMPARE(parse(many, 1), short1);
    tf::setWalkBudget(std::size_t(20) * 1000 * 1000);
    for (const auto& path : tfstateFixtures()) {
        const SourceText src = readSourceText(path);
        QCOMPARE(parse(src, 1), parse(src, never));
    }
}

void TestTfStateParser::readOnTwoThreadsIsTheSame() {
    // A large state is read on two threads, the second from a resource about halfway. Whatever the text,
    // the import gets what one reader gets: the discovery, its error or its refusal, and the hash. The
    // second reader's part is taken where its guess of a resource is right and nothing is wrong.
    const bool twoProcessors = std::thread::hardware_concurrency() >= 2;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const json rs = manyResources(150);
    json inModules = json::array(); // "module" first, as Terraform writes a module's resources
    for (std::size_t i = 0; i < rs.size(); ++i) {
        json r = json::object();
        if (i % 2 == 1)
            r["module"] = "module.m" + std::to_string(i % 7);
        r.update(rs[i]);
        inModules.push_back(std::move(r));
    }
    const nlohmann::json sorted = nlohmann::json::parse(state4(rs)); // as `jq -S` writes it
    json rootAfter = json::object();                                 // the root's members after the resources
    rootAfter["resources"] = rs;
    rootAfter["version"] = 4;
    rootAfter["lineage"] = "99999999-2222-3333-4444-555555555555";
    // Lists of objects that start with "mode" in a resource's attributes, about 100 bytes each: with the
    // next resource within reach of the middle, it is the one taken (indented least), else none is.
    auto lookAlikes = [](int n) {
        json files = json::array();
        for (int i = 0; i < n; ++i)
            files.push_back({{"mode", "0644"}, {"path", "/etc/f" + std::to_string(i)}});
        return state4(json::array({resource("aws_instance", "files", {{"id", "i-1"}, {"files", files}}),
                                   resource("aws_instance", "other", {{"id", "i-2"}})}));
    };
    json noType = rs; // a resource of the second half without its type
    noType[rs.size() * 3 / 4].erase("type");
    json listInstance = rs; // an instance of the second half that is a list
    listInstance[rs.size() * 5 / 6]["instances"][0] = json::array();
    std::string badSyntax = state4(rs);
    badSyntax.replace(badSyntax.rfind("\"aws_instance\""), 14, "\"aws_instance\" \"");

    struct Case {
        const char* name;
        std::string text;
        bool taken; // the second reader's part
    };
    const std::vector<Case> cases = {
        {"as Terraform writes it", state4(rs), true},
        {"modules", state4(inModules), true},
        {"keys sorted", sorted.dump(2), true},
        {"keys sorted, on one line", sorted.dump(), true},
        {"on one line", json::parse(state4(rs)).dump(), true},
        {"the root's members after the resources", rootAfter.dump(1), true},
        {"look-alikes, and a resource within reach", lookAlikes(4000), true},
        {"look-alikes only", lookAlikes(20000), false},
        {"a resource without its type", state4(noType), false},
        {"an instance that is a list", state4(listInstance), false},
        {"a syntax error", badSyntax, false},
    };
    for (const Case& c : cases) {
        const QString path = dir.filePath(QStringLiteral("state.tfstate"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(c.text.data(), static_cast<qint64>(c.text.size()));
        f.close();
        std::string oneHash, twoHash;
        const std::size_t before = statesReadOnTwoThreads();
        const std::string one = test::readStateStreamed(path.toStdString(), false, oneHash);
        QCOMPARE(statesReadOnTwoThreads(), before);
        const std::string two = test::readStateStreamed(path.toStdString(), true, twoHash);
        QVERIFY2(two == one, c.name);
        QVERIFY2(twoHash == oneHash, c.name);
        QVERIFY2(statesReadOnTwoThreads() - before == (c.taken && twoProcessors ? 1u : 0u), c.name);
        if (c.taken)
            QCOMPARE(twoHash, readSourceText(path.toStdString()).sha256);
        if (c.name == std::string("a resource without its type"))
            QVERIFY2(one.find("/resources/" + std::to_string(rs.size() * 3 / 4) + "/type") !=
                         std::string::npos,
                     one.c_str());
        if (c.name == std::string("a syntax error"))
            QCOMPARE(one, std::string("unreadable"));
    }
    for (const auto& path : tfstateFixtures())
        QVERIFY2(test::readsTheSameOnTwoThreads(path), path.c_str());
}

void TestTfStateParser::plumbingIsSkippedAndRelinked() {
    const json rs = json::array({
        resource("aws_instance", "app", {{"id", "i-0123456789abcdef0"}}, {"null_resource.migrate"}),
        resource("null_resource", "migrate", {{"id", "1234567890123456789"}}, {"aws_db_instance.main"}),
        resource("aws_db_instance", "main", {{"id", "db-main-0001"}, {"engine", "postgres"}},
                 {"random_password.db"}),
        resource("random_password", "db", {{"id", "none"}, {"result", "x"}}),
        resource("time_sleep", "wait", {{"id", "2024-01-01T00:00:00Z"}}),
        resource("aws_iam_policy_document", "p", {{"id", "123"}, {"json", "{}"}}, {}, "data"),
    });
    const Discovery d = parseText(state4(rs));
    checkWellFormed(d);
    QCOMPARE(d.systems.size(), size_t(2));
    QCOMPARE(d.skipped, 4);
    const auto* e = findEdge(d, "tf:aws_instance.app", "tf:aws_db_instance.main");
    QVERIFY(e);
    QVERIFY(e->evidence.find("via null_resource.migrate") != std::string::npos);
    QCOMPARE(findSystem(d, "tf:aws_db_instance.main")->kind, std::string("database"));
}

void TestTfStateParser::onlyPlumbingStillMaps() {
    // Rule: when a file holds nothing but plumbing, its managed plumbing is mapped (kind "other").
    const Discovery d = parseFile(kFixtures + "/tfstate/terraform_roundtrip_v4-foreach.in.tfstate");
    QCOMPARE(d.systems.size(), size_t(1));
    QCOMPARE(d.systems[0].key, std::string("tf:module.modA.null_resource.resource"));
    QCOMPARE(d.systems[0].kind, std::string("other"));
    QCOMPARE(d.skipped, 0);
}

void TestTfStateParser::dataSourcesAreReferences() {
    const json rs = json::array({
        resource("aws_vpc", "main", {{"id", "vpc-0123456789abcdef0"}}),
        resource("aws_vpc", "same", {{"id", "vpc-0123456789abcdef0"}}, {}, "data"),
        resource("aws_db_instance", "legacy",
                 {{"id", "legacy-db-01"}, {"arn", "arn:aws:rds:eu-west-1:123456789012:db:legacy-db-01"}}, {},
                 "data"),
        resource("aws_instance", "app", {{"id", "i-0123456789abcdef0"}, {"vpc_id", "vpc-0123456789abcdef0"}},
                 {"data.aws_vpc.same", "data.aws_db_instance.legacy"}),
    });
    const Discovery d = parseText(state4(rs));
    checkWellFormed(d);
    // The data source reading the VPC managed in this very file is that VPC.
    QVERIFY(!findSystem(d, "tf:data.aws_vpc.same"));
    QCOMPARE(d.skipped, 1);
    QVERIFY(findEdge(d, "tf:aws_instance.app", "tf:aws_vpc.main"));
    // One managed elsewhere is a reference, joinable by its ARN.
    const auto* legacy = findSystem(d, "tf:data.aws_db_instance.legacy");
    QVERIFY(legacy);
    QVERIFY(legacy->reference);
    QCOMPARE(legacy->kind, std::string("database"));
    QVERIFY(std::count(legacy->identifiers.begin(), legacy->identifiers.end(),
                       "arn:aws:rds:eu-west-1:123456789012:db:legacy-db-01") == 1);
    QVERIFY(findEdge(d, "tf:aws_instance.app", "tf:data.aws_db_instance.legacy"));
}

void TestTfStateParser::taintedAndDeposedAreFacts() {
    const Discovery d = parseFile(kData + "/ops.tfstate");
    const auto* migrate = findSystem(d, "tf:terraform_data.migrate");
    QVERIFY(migrate);
    QCOMPARE(migrate->attributes.value("tf_tainted", false), true);
    QVERIFY(findSystem(d, "tf:module.worker[1].terraform_data.proc"));
    QCOMPARE(d.systems.size(), size_t(7));
    // A deposed object (create_before_destroy whose old object could not be destroyed) is a fact on
    // the same system, not another system.
    json state = json::parse(readAll(kData + "/ops.tfstate"));
    for (auto& r : state["resources"])
        if (r["name"] == "web") {
            json old = r["instances"][0];
            old["deposed"] = "7ed766a8";
            old["attributes"]["id"] = "fe92bd9f-6437-56f3-616a-1706b4fa77d7";
            r["instances"].insert(r["instances"].begin(), old);
        }
    const Discovery withDeposed = parseText(state.dump());
    QCOMPARE(withDeposed.systems.size(), size_t(7));
    const auto* web = findSystem(withDeposed, "tf:terraform_data.web");
    QCOMPARE(web->attributes.value("tf_deposed_objects", 0), 1);
    QCOMPARE(web->attributes.value("id", ""), std::string("5aecc690-a4aa-6bc3-027f-1154a775974b"));
    // Version 3: "deposed" objects and primary.tainted.
    json v3 = json::parse(readAll(kFixtures + "/tfstate/terraform_roundtrip_v3-grabbag.in.tfstate"));
    v3["modules"][0]["resources"]["null_resource.baz"]["deposed"] =
        json::array({{{"id", "42"}, {"attributes", {{"id", "42"}}}}});
    v3["modules"][0]["resources"]["null_resource.baz"]["primary"]["tainted"] = true;
    const Discovery old = parseText(v3.dump());
    QCOMPARE(old.systems.size(), size_t(4));
    QCOMPARE(findSystem(old, "tf:null_resource.baz")->attributes.value("tf_deposed_objects", 0), 1);
    QCOMPARE(findSystem(old, "tf:null_resource.baz")->attributes.value("tf_tainted", false), true);
}

void TestTfStateParser::backupIsTheSameScope() {
    const Discovery now = parseFile(kData + "/ops.tfstate");
    const Discovery backup = parseFile(kData + "/ops.tfstate.backup");
    QCOMPARE(now.scope, backup.scope);
    QCOMPARE(now.scope, std::string("tfstate:a964edcc-0bc6-2f0c-86d0-9caaa8c8c460"));
    for (const auto& s : backup.systems)
        QVERIFY2(findSystem(now, s.key), s.key.c_str()); // keys are stable across serials
    const auto a = TfStateParser::identity(readAll(kData + "/ops.tfstate"));
    const auto b = TfStateParser::identity(readAll(kData + "/ops.tfstate.backup"));
    QVERIFY(a && b);
    QCOMPARE(a->lineage, b->lineage);
    QCOMPARE(a->serial, std::int64_t(12));
    QCOMPARE(b->serial, std::int64_t(10));
    QVERIFY(!TfStateParser::identity("{\"format_version\":\"1.0\"}"));
}

void TestTfStateParser::secretsNeverReachTheDiscovery_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("secrets");
    QTest::newRow("generated") << QString::fromStdString(kGenerated)
                               << QStringList{QStringLiteral("s3cr3t-demo-only")};
    QTest::newRow("ops") << QString::fromStdString(kData + "/ops.tfstate")
                         << QStringList{QStringLiteral("tok-PLANTED-9f8e7d6c")};
    QTest::newRow("ops backup") << QString::fromStdString(kData + "/ops.tfstate.backup")
                                << QStringList{QStringLiteral("tok-PLANTED-9f8e7d6c")};
}

void TestTfStateParser::secretsNeverReachTheDiscovery() {
    QFETCH(QString, path);
    QFETCH(QStringList, secrets);
    const std::string raw = readAll(path.toStdString());
    const std::string text = dump(parseFile(path.toStdString()));
    for (const auto& s : secrets) {
        QVERIFY2(raw.find(s.toStdString()) != std::string::npos, "the secret is planted in the input");
        QVERIFY2(text.find(s.toStdString()) == std::string::npos, qPrintable(s));
    }
}

void TestTfStateParser::plantedSecretsNeverReachTheDiscovery() {
    // Every planted value contains "PLANTED"; nothing else in the input does.
    json db = resource("aws_db_instance", "main",
                       {{"id", "main-db-0001"},
                        {"password", "Hunter2-PLANTED-pw"},
                        {"master_username", "PLANTED-sensitive-user"},
                        {"endpoint", "main.abc.eu-west-1.rds.amazonaws.com:5432"},
                        {"connection_url", "postgres://admin:PLANTED-urlpass@db.example.com/app"},
                        {"user_data", "PLANTED-userdata"},
                        {"note", "-----BEGIN RSA PRIVATE KEY-----PLANTED"},
                        {"tags", {{"Name", "main"}, {"api_token", "PLANTED-tag-token"}}}});
    db["instances"][0]["sensitive_attributes"] =
        json::array({json::array({{{"type", "get_attr"}, {"value", "master_username"}}})});
    json flat = resource("aws_lambda_function", "fn", json::object());
    flat["instances"][0].erase("attributes");
    flat["instances"][0]["attributes_flat"] = {{"id", "fn-0001"},
                                               {"environment.#", "1"},
                                               {"environment.0.variables.DB_PASSWORD", "PLANTED-flat-env"},
                                               {"description", "{\"password\":\"PLANTED-json-in-string\"}"}};
    const json remote = {
        {"mode", "data"},
        {"type", "terraform_remote_state"},
        {"name", "net"},
        {"provider", "provider[\"terraform.io/builtin/terraform\"]"},
        {"instances",
         json::array({{{"schema_version", 0},
                       {"attributes",
                        {{"backend", "s3"},
                         {"outputs",
                          {{"value",
                            {{"vpc_id", "vpc-0123abcd99"},
                             {"db_password", "PLANTED-remote-password1"},
                             // Outputs the other state marks sensitive, which a remote state does not say
                             // (Terraform 1.11): a generated token, a password, a URL with credentials.
                             {"signing", "kX9pQ2PLANTEDvL7mN4"},
                             {"admin", "Tr0ub4dor-PLANTED-3"},
                             {"database_url", "mysql://root:PLANTEDpw2024@10.0.3.7:3306/shop"},
                             {"secret_arn", "arn:aws:secretsmanager:eu-west-1:1:secret:PLANTED"},
                             {"private_subnet_ids", json::array({"subnet-0aa11bb22", "subnet-0cc33dd44"})}}},
                           {"type", json::array({"object", json::object()})}}}}},
                       {"sensitive_attributes",
                        json::array({json::array({{{"type", "get_attr"}, {"value", "outputs"}},
                                                  {{"type", "get_attr"}, {"value", "secret_arn"}}})})}}})}};
    const json rs = json::array({
        db,
        flat,
        remote,
        resource(
            "aws_ecs_task_definition", "app",
            {{"id", "app-task"},
             {"container_definitions", "[{\"environment\":[{\"name\":\"X\",\"value\":\"PLANTED-ctr\"}]}]"}}),
        resource("aws_ssm_parameter", "db_url",
                 {{"id", "/app/db"}, {"value", "PLANTED-ssm-value"}, {"type", "SecureString"}}),
        resource("aws_secretsmanager_secret_version", "v",
                 {{"id", "sv-1"}, {"secret_string", "PLANTED-secret-string"}}, {}, "data"),
        resource("random_string", "suffix",
                 {{"id", "PLANTEDrandomsuffix1"}, {"result", "PLANTEDrandomsuffix1"}}),
        resource("tls_private_key", "k", {{"id", "abc"}, {"private_key_pem", "PLANTED-pem"}}),
        resource("kubernetes_secret", "s", {{"id", "default/s"}, {"data", {{"password", "PLANTED-k8s"}}}}),
        resource("aws_iam_access_key", "ci",
                 {{"id", "AKIAPLANTEDAAAAAAAAA"}, {"secret", "PLANTED-secret-key"}}),
    });
    json st = json::parse(state4(rs));
    st["outputs"] = {{"db_password", {{"value", "PLANTED-output"}, {"type", "string"}, {"sensitive", true}}}};
    const std::string text = st.dump();
    const Discovery d = parseText(text);
    checkWellFormed(d);
    const std::string out = dump(d);
    QVERIFY2(out.find("PLANTED") == std::string::npos, out.c_str());
    // Safe facts are still there.
    const auto* main = findSystem(d, "tf:aws_db_instance.main");
    QCOMPARE(main->name, std::string("main"));
    QVERIFY(std::count(main->identifiers.begin(), main->identifiers.end(),
                       "main.abc.eu-west-1.rds.amazonaws.com") == 1);
    QVERIFY(findSystem(d, "tf:data.terraform_remote_state.net.outputs.vpc_id"));
    QVERIFY(findSystem(d, "tf:data.terraform_remote_state.net.outputs.private_subnet_ids[1]"));
    QVERIFY(!findSystem(d, "tf:data.terraform_remote_state.net.outputs.secret_arn"));
    QVERIFY(!findSystem(d, "tf:data.terraform_remote_state.net.outputs.signing"));
    QCOMPARE(findSystem(d, "tf:aws_ssm_parameter.db_url")->kind, std::string("secret-store"));
}

void TestTfStateParser::unsupportedVersionsSayWhatToDo_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("v1") << QStringLiteral(R"({"version": 1, "serial": 1, "modules": []})")
                        << QStringLiteral("terraform state pull");
    QTest::newRow("v2") << QStringLiteral(R"({"version": 2, "serial": 1, "lineage": "x", "modules": []})")
                        << QStringLiteral("before 0.7");
    QTest::newRow("v5") << QStringLiteral(R"({"version": 5, "lineage": "x", "resources": []})")
                        << QStringLiteral("version 3 or 4");
    QTest::newRow("encrypted")
        << QStringLiteral(
               R"({"encryption_version": "v0", "encrypted_data": "c2VjcmV0", "meta": {"key_provider.pbkdf2.x": "e30="}})")
        << QStringLiteral("tofu state pull");
    QTest::newRow("show json") << QStringLiteral(R"({"format_version": "1.0", "values": {}})")
                               << QStringLiteral("--format tfjson");
    QTest::newRow("no version") << QStringLiteral(R"({"lineage": "x", "resources": []})")
                                << QStringLiteral("/version");
    // What `terraform init` writes into .terraform/terraform.tfstate for a remote backend, as Terraform 0.9
    // to 0.14 wrote it and as 1.x does; its credentials are not said.
    QTest::newRow("backend, modules")
        << QStringLiteral(
               R"({"version": 3, "serial": 1, "lineage": "x", "backend": {"type": "s3", "config": {"bucket": "b",)"
               R"( "secret_key": "PLANTED-key"}, "hash": 1}, "modules": [{"path": ["root"], "outputs": {},)"
               R"( "resources": {}, "depends_on": []}]})")
        << QStringLiteral(
               "/backend: this is the backend configuration `terraform init` writes into .terraform/, "
               "not a state: `terraform state pull > prod.tfstate`");
    QTest::newRow("backend")
        << QStringLiteral(R"({"version": 3, "terraform_version": "1.11.4", "backend": {"type": "remote", )"
                          R"("config": {"token": "PLANTED-token"}, "hash": 2}})")
        << QStringLiteral("/backend: this is the backend configuration");
}

void TestTfStateParser::unsupportedVersionsSayWhatToDo() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    try {
        parseText(text.toStdString(), "old.tfstate");
        QFAIL("no error");
    } catch (const Error& e) {
        const std::string what = e.what();
        QVERIFY2(what.rfind("old.tfstate: ", 0) == 0, e.what());
        QVERIFY2(what.find(expected.toStdString()) != std::string::npos, e.what());
        QVERIFY2(what.find("PLANTED") == std::string::npos, e.what());
    }
    // Streamed, as an import reads it, alike.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("old.tfstate"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(text.toUtf8()) == text.toUtf8().size());
    f.close();
    ImportRequest request;
    request.paths = {file.toStdString()};
    request.format = "tfstate";
    try {
        parseImport(request);
        QFAIL("no error");
    } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).find(expected.toStdString()) != std::string::npos, e.what());
    }
}

void TestTfStateParser::brokenInputThrowsWithAPlace_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("place");
    const json good = json::parse(readAll(kGenerated));
    auto variant = [&](const char* name, auto&& change, const char* place) {
        json j = good;
        change(j);
        QTest::newRow(name) << QByteArray::fromStdString(j.dump()) << QString::fromLatin1(place);
    };
    variant(
        "resources is a string", [](json& j) { j["resources"] = "oops"; }, "/resources: expected an array");
    variant(
        "resource is a number", [](json& j) { j["resources"][2] = 7; },
        "/resources/2: expected a resource object");
    variant(
        "instances is an object", [](json& j) { j["resources"][3]["instances"] = json::object(); },
        "/resources/3/instances: expected an array");
    variant(
        "instances missing", [](json& j) { j["resources"][1].erase("instances"); }, "/resources/1/instances");
    variant(
        "type missing", [](json& j) { j["resources"][1].erase("type"); }, "/resources/1/type");
    variant(
        "name with a dot", [](json& j) { j["resources"][1]["name"] = "a.b"; }, "/resources/1/name");
    variant(
        "mode unknown", [](json& j) { j["resources"][1]["mode"] = "imaginary"; }, "/resources/1/mode");
    variant(
        "module malformed", [](json& j) { j["resources"][3]["module"] = "module.app[\"api"; },
        "/resources/3/module");
    variant(
        "attributes is a string", [](json& j) { j["resources"][1]["instances"][0]["attributes"] = "x"; },
        "/resources/1/instances/0/attributes");
    variant(
        "index_key is a boolean", [](json& j) { j["resources"][2]["instances"][0]["index_key"] = true; },
        "/resources/2/instances/0/index_key");
    variant(
        "dependencies hold a number",
        [](json& j) { j["resources"][1]["instances"][0]["dependencies"][1] = 3; },
        "/resources/1/instances/0/dependencies/1");
    variant(
        "sensitive_attributes is an object",
        [](json& j) { j["resources"][5]["instances"][0]["sensitive_attributes"] = json::object(); },
        "/resources/5/instances/0/sensitive_attributes");
    variant(
        "sensitive path step is a string",
        [](json& j) { j["resources"][5]["instances"][0]["sensitive_attributes"][0][0] = "input"; },
        "/resources/5/instances/0/sensitive_attributes/0/0");
    variant(
        "version is a string", [](json& j) { j["version"] = "4"; }, "/version: expected a number");
    variant(
        "lineage is a number", [](json& j) { j["lineage"] = 4; }, "/lineage: expected a string");
    QTest::newRow("flat value is a number")
        << QByteArray(
               R"({"version":4,"lineage":"x","resources":[{"mode":"managed","type":"a_b","name":"c","instances":[{"attributes_flat":{"id":3}}]}]})")
        << QStringLiteral("/resources/0/instances/0/attributes_flat/id");
    const json v3 = json::parse(readAll(kFixtures + "/tfstate/inframap_version_3_state.json"));
    auto variant3 = [&](const char* name, auto&& change, const char* place) {
        json j = v3;
        change(j);
        QTest::newRow(name) << QByteArray::fromStdString(j.dump()) << QString::fromLatin1(place);
    };
    variant3(
        "v3 modules is a string", [](json& j) { j["modules"] = "x"; }, "/modules: expected an array");
    variant3(
        "v3 resources is an array", [](json& j) { j["modules"][0]["resources"] = json::array(); },
        "/modules/0/resources: expected an object");
    variant3(
        "v3 bad resource key", [](json& j) { j["modules"][0]["resources"]["no dots here"] = json::object(); },
        "/modules/0/resources/no dots here");
    variant3(
        "v3 attribute is a number",
        [](json& j) {
            j["modules"][0]["resources"]["aws_s3_bucket.medias"]["primary"]["attributes"]["id"] = 1;
        },
        "/modules/0/resources/aws_s3_bucket.medias/primary/attributes/id");
    variant3(
        "v3 path is not a list", [](json& j) { j["modules"][0]["path"] = "root"; }, "/modules/0/path");
    QTest::newRow("not an object") << QByteArray("[1, 2, 3]")
                                   << QStringLiteral("expected a Terraform state object");
    QTest::newRow("deeply nested") << QByteArray(std::string(5000, '[').c_str()) << QStringLiteral("line 1");
    QTest::newRow("empty") << QByteArray("") << QStringLiteral("line 1");
    QTest::newRow("binary") << QByteArray("\x7f"
                                          "ELF\x02\x01\x01\x00\x00",
                                          9)
                            << QStringLiteral("inline.tfstate");
    QTest::newRow("latin-1") << QByteArray("{\"version\": 4, \"lineage\": \"caf\xe9\"}")
                             << QStringLiteral("UTF-8");
}

void TestTfStateParser::brokenInputThrowsWithAPlace() {
    QFETCH(QByteArray, text);
    QFETCH(QString, place);
    try {
        parseText(text.toStdString());
        QFAIL("no error");
    } catch (const Error& e) {
        const std::string what = e.what();
        QVERIFY2(what.rfind("inline.tfstate: ", 0) == 0, e.what());
        QVERIFY2(what.find(place.toStdString()) != std::string::npos, e.what());
    }
    // Streamed from a file, it gives nothing, and the import reads the file whole, which reports it so.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("inline.tfstate"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
    f.close();
    QVERIFY(!TfStateParser().parseStreamed(path.toStdString(), {}));
}

void TestTfStateParser::streamedIsTheSameAsWhole_data() {
    fixtureRows();
}

// A state read a piece at a time (as an import reads it) gives what the text read whole gives, hash
// included, whatever the size of the pieces.
void TestTfStateParser::streamedIsTheSameAsWhole() {
    QFETCH(QString, path);
    const SourceText whole = readSourceText(path.toStdString());
    const Discovery expected = TfStateParser().parse(whole, {});
    const std::optional<Discovery> streamed = TfStateParser().parseStreamed(path.toStdString(), {});
    QVERIFY(streamed);
    QCOMPARE(dump(*streamed), dump(expected));
    QCOMPARE(streamed->contentHash, whole.sha256);
    QCOMPARE(streamed->file, whole.name);
    for (std::size_t piece : {1, 7, 4096}) {
        const auto text = StreamedText::open(path.toStdString(), kMaxInputBytes, piece);
        QVERIFY(text);
        QCOMPARE(dump(TfStateParser().parse(*text)), dump(expected));
        QCOMPARE(text->sha256(), whole.sha256);
    }
}

void TestTfStateParser::truncatedFixturesThrow_data() {
    fixtureRows();
}

void TestTfStateParser::truncatedFixturesThrow() {
    QFETCH(QString, path);
    const std::string text = readAll(path.toStdString());
    const size_t end = text.find_last_not_of(" \t\r\n");
    for (size_t cut : {text.size() / 3, text.size() / 2, end}) {
        try {
            parseText(text.substr(0, cut));
            QFAIL("a truncated state parsed");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("line ") != std::string::npos, e.what());
        }
    }
}

void TestTfStateParser::sniffRecognisesStates_data() {
    fixtureRows();
}

void TestTfStateParser::sniffRecognisesStates() {
    QFETCH(QString, path);
    const SourceText src = readSourceText(path.toStdString());
    QVERIFY(TfStateParser().sniff(src.name, src.text) >= 60);
    // Also under a neutral name (`terraform state pull > state.json`).
    QVERIFY(TfStateParser().sniff("state.json", src.text) >= 60);
}

void TestTfStateParser::sniffRejectsOtherFormats_data() {
    QTest::addColumn<QString>("path");
    QDirIterator it(QString::fromStdString(kFixtures), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString p = it.next();
        if (p.contains(QStringLiteral("/tfstate/")) || p.endsWith(QStringLiteral(".tfstate")) ||
            p.endsWith(QStringLiteral(".md")))
            continue;
        QTest::newRow(QFileInfo(p).fileName().toUtf8().constData()) << p;
    }
    for (const char* f : {"ops_plan.json", "ops_plan_utf16.json", "ops_graph-type-plan.dot"})
        QTest::newRow(f) << QString::fromStdString(kData + "/" + f);
}

void TestTfStateParser::sniffRejectsOtherFormats() {
    QFETCH(QString, path);
    const SourceText src = readSourceText(path.toStdString());
    QVERIFY(TfStateParser().sniff(src.name, src.text) < 30);
}

void TestTfStateParser::wholeStackMergesAcrossFormats() {
    // The state, the plan and the graph of one stack: state and plan join by key, the graph's
    // config-level nodes join where there is no instance key, and give their edges to the instances where
    // there are (planMerge()); no edge is left dangling.
    const Discovery state = parseFile(kGenerated);
    const Discovery plan =
        TfJsonParser().parse(readSourceText(kFixtures + "/generated/tf1.11.4_stack_plan.json"), {});
    const Discovery graph =
        TfGraphParser().parse(readSourceText(kFixtures + "/generated/tf1.11.4_stack_graph-default.dot"), {});
    QTemporaryDir dir;
    auto project = Project::create((dir.path() + QStringLiteral("/m.terrain")).toStdString());
    const MergePlan p = planMerge(*project, {state, plan, graph});
    QVERIFY2(p.warnings.empty(), p.warnings.empty() ? "" : p.warnings.front().c_str());
    // 8 from the state; the plan adds nothing new, and neither does the graph: its counted config nodes
    // terraform_data.subnet and module.app.terraform_data.service are their instances.
    QCOMPARE(p.inserts.size(), size_t(8));
    for (const auto& s : p.inserts)
        QVERIFY2(s.key != "tf:terraform_data.subnet" && s.key != "tf:module.app.terraform_data.service",
                 s.key.c_str());
    const auto lb = std::find_if(p.inserts.begin(), p.inserts.end(),
                                 [](const System& s) { return s.key == "tf:terraform_data.lb"; });
    QVERIFY(lb != p.inserts.end());
    QCOMPARE(lb->sources.size(), size_t(3));
    QCOMPARE(documentOf(lb->attributes).value("planned_action", ""), std::string("update"));
}

// A stack Terraform 1.11 made (tests/importers/data/terraform/fanout): a module called with for_each
// (svc: orders, billing, search) and one with count (worker), each with a queue per key; the workers'
// `upstream` is `module.svc["orders"].endpoint`; every app is in `module.net`'s subnet[0] of two. Terraform
// lists the workers as depending on every svc app and every app on both subnets.
void TestTfStateParser::fanOutStackDependsOnTheInstancesItUses() {
    const std::string worker = "tf:module.worker[0].terraform_data.app";
    const std::string orders = "tf:module.svc[\"orders\"].terraform_data.app";
    const std::string billing = "tf:module.svc[\"billing\"].terraform_data.app";
    const std::string subnet0 = "tf:module.net.terraform_data.subnet[0]";
    const std::string subnet1 = "tf:module.net.terraform_data.subnet[1]";
    const Discovery state = parseFile(kData + "/fanout.tfstate");
    const Discovery plan = TfJsonParser().parse(readSourceText(kData + "/fanout_plan.json"), {});
    const Discovery graph = TfGraphParser().parse(readSourceText(kData + "/fanout_graph.dot"), {});
    // The gateway's db_password, a value planted in the configuration, is in none of them.
    for (const Discovery* d : {&state, &plan, &graph})
        QVERIFY(dump(*d).find("SEED-gw-password") == std::string::npos);
    // The state's values say which instances: the orders app, what the worker calls (its upstream).
    QCOMPARE(findEdge(state, worker, orders)->kind, std::string("calls"));
    QVERIFY(!findEdge(state, worker, billing));
    QCOMPARE(findEdge(state, billing, subnet0)->kind, std::string("runs-on"));
    QVERIFY(!findEdge(state, billing, subnet1));
    // The plan's configuration names the module instance: `module.svc["orders"]`, through its output.
    QVERIFY(findEdge(plan, worker, orders));
    QVERIFY(!findEdge(plan, worker, billing));
    QVERIFY(findEdge(plan, billing, subnet0));
    QVERIFY(!findEdge(plan, billing, subnet1));
    // All three in one map: one dependency per pair, of the kind the state knows; the graph's resources
    // are the instances, joined where the state says which.
    QTemporaryDir dir;
    auto project = Project::create((dir.path() + QStringLiteral("/m.terrain")).toStdString());
    const MergePlan p = planMerge(*project, {state, plan, graph});
    QVERIFY2(p.warnings.empty(), p.warnings.empty() ? "" : p.warnings.front().c_str());
    QCOMPARE(p.inserts.size(), size_t(19));
    std::map<Id, std::string> keys;
    for (std::size_t i = 0; i < p.inserts.size(); ++i)
        keys[-Id(i) - 1] = p.inserts[i].key;
    std::set<std::pair<std::string, std::string>> pairs;
    for (const auto& e : p.edgeInserts) {
        QVERIFY2(pairs.insert({keys[e.from], keys[e.to]}).second,
                 (keys[e.from] + " -> " + keys[e.to]).c_str());
        QVERIFY2(!(keys[e.from] == worker && keys[e.to] == billing), e.evidence.c_str());
        QVERIFY2(!(keys[e.from] == billing && keys[e.to] == subnet1), e.evidence.c_str());
        if (keys[e.from] == worker && keys[e.to] == orders) {
            QCOMPARE(e.kind, std::string("calls"));
            QCOMPARE(e.scopes.size(), size_t(3));
        }
    }
    QVERIFY(pairs.count({worker, orders}));
}

QTEST_GUILESS_MAIN(TestTfStateParser)
#include "tst_tfstateparser.moc"
