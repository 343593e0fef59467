// `terraform show -json` of states and plans: the same keys as the state file, planned actions,
// configuration references, moved resources, UTF-16 files, redaction, bad input, sniffing, and
// (when Terraform is installed) a real stack run through every Terraform format.
#include "DiscoveryDump.h"
#include "Error.h"
#include "JsonText.h"
#include "TfGraphParser.h"
#include "TfJsonParser.h"
#include "TfStateParser.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <optional>
#include <set>

using namespace terrain;

namespace {

const std::string kFixtures = TERRAIN_FIXTURES_DIR;
const std::string kData = std::string(TERRAIN_SOURCE_DIR) + "/tests/importers/data/terraform";
const std::string kGenerated = kFixtures + "/generated/";

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
    return withDocuments(TfJsonParser().parse(readSourceText(path), {}));
}

Discovery parseText(const std::string& text, const std::string& name = "inline.json") {
    return withDocuments(TfJsonParser().parse(fromText(name, text), {}));
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

std::string dump(const Discovery& d) {
    return test::dumpDiscovery(d);
}

void checkWellFormed(const Discovery& d) {
    std::set<std::string> keys;
    for (const auto& s : d.systems) {
        QVERIFY2(keys.insert(s.key).second, s.key.c_str());
        QVERIFY2(std::count(systemKinds().begin(), systemKinds().end(), s.kind) == 1, s.kind.c_str());
    }
    for (const auto& e : d.edges) {
        QVERIFY2(keys.count(e.from) && keys.count(e.to), (e.from + " -> " + e.to).c_str());
        QVERIFY2(std::count(dependencyKinds().begin(), dependencyKinds().end(), e.kind) == 1, e.kind.c_str());
    }
}

std::set<std::string> keysOf(const Discovery& d) {
    std::set<std::string> out;
    for (const auto& s : d.systems)
        out.insert(s.key);
    return out;
}

std::set<std::pair<std::string, std::string>> edgesOf(const Discovery& d) {
    std::set<std::pair<std::string, std::string>> out;
    for (const auto& e : d.edges)
        out.insert({e.from, e.to});
    return out;
}

std::string readAll(const std::string& path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

std::vector<std::string> tfjsonFiles() {
    std::vector<std::string> out;
    for (const char* dir : {"/tf-plan-json", "/tf-show-json"}) {
        QDirIterator it(QString::fromStdString(kFixtures + dir), QDir::Files);
        while (it.hasNext())
            out.push_back(it.next().toStdString());
    }
    std::sort(out.begin(), out.end());
    out.push_back(kGenerated + "tf1.11.4_stack_show-state.json");
    out.push_back(kGenerated + "tf1.11.4_stack_plan.json");
    out.push_back(kData + "/ops_plan.json");
    out.push_back(kData + "/ops_plan_utf16.json");
    out.push_back(kData + "/fanout_plan.json");
    return out;
}

} // namespace

class TestTfJsonParser : public QObject {
    Q_OBJECT
private slots:
    void everyFileParses_data();
    void everyFileParses();
    void stateViewMatchesTheStateFile();
    void planOfTheStackMatchesTheState();
    void plannedActionsAreFacts();
    void configurationReferencesAreIntendedDependencies();
    void movedAndDeletedResources();
    void utf16PlanIsTheSamePlan();
    void randomProviderPlan();
    void nestedModules();
    void formatVersions_data();
    void formatVersions();
    void emptyStateIsEmpty();
    void deposedChangesAreFacts();
    void secretsNeverReachTheDiscovery_data();
    void secretsNeverReachTheDiscovery();
    void plantedSecretsNeverReachTheDiscovery();
    void brokenInputThrowsWithAPlace_data();
    void brokenInputThrowsWithAPlace();
    void truncatedFilesThrow_data();
    void truncatedFilesThrow();
    void sniffRecognisesShowJson_data();
    void sniffRecognisesShowJson();
    void sniffRejectsOtherFormats_data();
    void sniffRejectsOtherFormats();
    void realTerraformAgreesWithItself();
};

void TestTfJsonParser::everyFileParses_data() {
    QTest::addColumn<QString>("path");
    for (const auto& p : tfjsonFiles())
        QTest::newRow(QFileInfo(QString::fromStdString(p)).fileName().toUtf8().constData())
            << QString::fromStdString(p);
}

void TestTfJsonParser::everyFileParses() {
    QFETCH(QString, path);
    const Discovery d = parseFile(path.toStdString());
    QCOMPARE(d.format, std::string("tfjson"));
    QCOMPARE(d.scope, "tfjson:" + QFileInfo(path).canonicalFilePath().toStdString());
    QCOMPARE(d.legacyScope, "tfjson:" + QFileInfo(path).fileName().toStdString());
    QCOMPARE(d.contentHash.size(), size_t(64));
    QVERIFY(!d.systems.empty());
    checkWellFormed(d);
    QCOMPARE(dump(parseFile(path.toStdString())), dump(d));
}

void TestTfJsonParser::stateViewMatchesTheStateFile() {
    const Discovery show = parseFile(kGenerated + "tf1.11.4_stack_show-state.json");
    const Discovery state =
        TfStateParser().parse(readSourceText(kGenerated + "tf1.11.4_stack_terraform.tfstate"), {});
    QCOMPARE(keysOf(show), keysOf(state));
    QCOMPARE(edgesOf(show), edgesOf(state));
    for (const auto& s : state.systems) {
        const auto* o = findSystem(show, s.key);
        QCOMPARE(o->identifiers, s.identifiers);
        QCOMPARE(o->group, s.group);
        QCOMPARE(o->kind, s.kind);
        QCOMPARE(o->reference, s.reference);
    }
}

void TestTfJsonParser::planOfTheStackMatchesTheState() {
    const Discovery plan = parseFile(kGenerated + "tf1.11.4_stack_plan.json");
    const Discovery state =
        TfStateParser().parse(readSourceText(kGenerated + "tf1.11.4_stack_terraform.tfstate"), {});
    QCOMPARE(keysOf(plan), keysOf(state));
    // The data source is not in planned_values: it comes from the prior state.
    QVERIFY(findSystem(plan, "tf:data.terraform_remote_state.shared")->reference);
    // Replaced resources keep their current id (the new one is unknown until apply).
    QCOMPARE(findSystem(plan, "tf:module.app[\"api\"].terraform_data.service")->identifiers,
             std::vector<std::string>{"7a8fa8e1-807d-9ca5-a2fc-4e2bad20e648"});
}

void TestTfJsonParser::plannedActionsAreFacts() {
    const Discovery plan = parseFile(kGenerated + "tf1.11.4_stack_plan.json");
    auto action = [&](const char* key) {
        return findSystem(plan, key)->attributes.value("planned_action", "");
    };
    QCOMPARE(action("tf:terraform_data.lb"), std::string("update"));
    QCOMPARE(action("tf:terraform_data.subnet[0]"), std::string("no-op"));
    QCOMPARE(action("tf:module.app[\"worker\"].terraform_data.service"), std::string("replace"));
    QCOMPARE(findSystem(plan, "tf:module.app[\"worker\"].terraform_data.service")
                 ->attributes.value("planned_action_reason", ""),
             std::string("replace_because_cannot_update"));
    const Discovery rover = parseFile(kFixtures + "/tf-plan-json/rover_random-test_plan.json");
    QCOMPARE(findSystem(rover, "tf:random_pet.cow")->attributes.value("planned_action", ""),
             std::string("create"));
    const Discovery drift = parseFile(kFixtures + "/tf-plan-json/terraform_show-json_drift_output.json");
    QCOMPARE(findSystem(drift, "tf:test_instance.should_refresh")->attributes.value("planned_action", ""),
             std::string("update"));
    QCOMPARE(findSystem(drift, "tf:test_instance.should_refresh")->attributes.value("ami", ""),
             std::string("refreshed"));
    // What the refresh found changed outside Terraform (resource_drift): a fact, with the names of the
    // attributes that changed, never their values; a resource deleted outside Terraform says so.
    const auto& refreshed = findSystem(drift, "tf:test_instance.should_refresh")->attributes;
    QCOMPARE(refreshed.value("drift", ""), std::string("changed outside Terraform"));
    QCOMPARE(refreshed["drift_attributes"], json::array({"ami"}));
    QVERIFY(!findSystem(drift, "tf:test_instance.no_refresh")->attributes.contains("drift"));
    json deleted = json::parse(readAll(kFixtures + "/tf-plan-json/terraform_show-json_drift_output.json"));
    deleted["resource_drift"][0]["change"]["actions"] = json::array({"delete"});
    deleted["resource_drift"][0]["change"]["after"] = nullptr;
    const Discovery gone = parseText(deleted.dump(), "deleted.json");
    QCOMPARE(findSystem(gone, "tf:test_instance.should_refresh")->attributes.value("drift", ""),
             std::string("deleted outside Terraform"));
    QVERIFY(!findSystem(gone, "tf:test_instance.should_refresh")->attributes.contains("drift_attributes"));
}

void TestTfJsonParser::configurationReferencesAreIntendedDependencies() {
    const Discovery plan = parseFile(kGenerated + "tf1.11.4_stack_plan.json");
    // module.app's subnet_id = terraform_data.subnet[1].id: followed through var.subnet_id to the one
    // instance it names.
    auto e = findEdge(plan, "tf:module.app[\"api\"].terraform_data.service", "tf:terraform_data.subnet[1]");
    QVERIFY(e);
    QVERIFY(e->evidence.find("input (var.subnet_id)") != std::string::npos);
    QCOMPARE(e->kind, std::string("runs-on"));
    QVERIFY(!findEdge(plan, "tf:module.app[\"api\"].terraform_data.service", "tf:terraform_data.subnet[0]"));
    // db_endpoint = module.db.endpoint: through the module's output to its resource.
    e = findEdge(plan, "tf:module.app[\"worker\"].terraform_data.service",
                 "tf:module.db.terraform_data.instance");
    QVERIFY(e);
    QVERIFY(e->evidence.find("input (module.db.endpoint)") != std::string::npos);
    e = findEdge(plan, "tf:terraform_data.lb", "tf:module.app[\"api\"].terraform_data.service");
    QVERIFY(e);
    QVERIFY(e->evidence.find("module.app.service_id") != std::string::npos);
    e = findEdge(plan, "tf:module.db.terraform_data.instance", "tf:terraform_data.subnet[0]");
    QVERIFY(e);
    QVERIFY(e->evidence.find("var.subnet_id") != std::string::npos);
    QVERIFY(findEdge(plan, "tf:terraform_data.subnet[1]", "tf:data.terraform_remote_state.shared"));
    // The transitive lists of the prior state are reduced as in the state file.
    QVERIFY(!findEdge(plan, "tf:terraform_data.lb", "tf:module.db.terraform_data.instance"));
    QVERIFY(!findEdge(plan, "tf:terraform_data.lb", "tf:data.terraform_remote_state.shared"));

    // A plan that only creates: edges come from the configuration alone.
    const Discovery ops = parseFile(kData + "/ops_plan.json");
    e = findEdge(ops, "tf:module.worker[0].terraform_data.proc", "tf:terraform_data.queue");
    QVERIFY(e);
    QVERIFY(e->evidence.find("input (var.queue_id)") != std::string::npos);
    const std::string v01 = R"({"format_version":"0.1","terraform_version":"0.12.31",
      "planned_values":{"root_module":{"resources":[
        {"address":"aws_instance.web","mode":"managed","type":"aws_instance","name":"web","provider_name":"aws","values":{"instance_type":"t3.micro"}},
        {"address":"aws_subnet.a","mode":"managed","type":"aws_subnet","name":"a","provider_name":"aws","values":{"cidr_block":"10.0.1.0/24"}},
        {"address":"aws_security_group.web","mode":"managed","type":"aws_security_group","name":"web","provider_name":"aws","values":{}},
        {"address":"aws_security_group_rule.in","mode":"managed","type":"aws_security_group_rule","name":"in","provider_name":"aws","values":{"from_port":443}}]}},
      "configuration":{"root_module":{"resources":[
        {"address":"aws_instance.web","mode":"managed","type":"aws_instance","name":"web","provider_config_key":"aws",
         "expressions":{"subnet_id":{"references":["aws_subnet.a"]},"vpc_security_group_ids":{"references":["aws_security_group.web"]},
                        "tags":{"constant_value":{"Name":"web"}},"ebs_block_device":[{"volume_size":{"references":["var.size"]}}]}},
        {"address":"aws_subnet.a","mode":"managed","type":"aws_subnet","name":"a","provider_config_key":"aws","expressions":{}},
        {"address":"aws_security_group.web","mode":"managed","type":"aws_security_group","name":"web","provider_config_key":"aws"},
        {"address":"aws_security_group_rule.in","mode":"managed","type":"aws_security_group_rule","name":"in","provider_config_key":"aws",
         "expressions":{"security_group_id":{"references":["aws_security_group.web.id","aws_security_group.web"]}}}]}}})";
    const Discovery create = parseText(v01);
    checkWellFormed(create);
    e = findEdge(create, "tf:aws_instance.web", "tf:aws_subnet.a");
    QVERIFY(e);
    QCOMPARE(e->kind, std::string("runs-on"));
    QCOMPARE(e->evidence, std::string("subnet_id"));
    QCOMPARE(findEdge(create, "tf:aws_instance.web", "tf:aws_security_group.web")->kind,
             std::string("configured-by"));
    // No ids yet: the rule folds into the one security group it references.
    QCOMPARE(create.systems.size(), size_t(3));
    QCOMPARE(findSystem(create, "tf:aws_security_group.web")->folded, 1);
}

void TestTfJsonParser::movedAndDeletedResources() {
    const Discovery ops = parseFile(kData + "/ops_plan.json");
    checkWellFormed(ops);
    const auto* scheduler = findSystem(ops, "tf:terraform_data.scheduler");
    QVERIFY(scheduler);
    // The previous key joins the system the map knows as terraform_data.cron.
    QVERIFY(std::count(scheduler->identifiers.begin(), scheduler->identifiers.end(),
                       "tf:terraform_data.cron") == 1);
    QVERIFY(!findSystem(ops, "tf:terraform_data.cron"));
    const auto* gone = findSystem(ops, "tf:module.worker[1].terraform_data.proc");
    QVERIFY(gone);
    QCOMPARE(gone->attributes.value("planned_action", ""), std::string("delete"));
    QCOMPARE(gone->attributes.value("planned_action_reason", ""), std::string("delete_because_no_module"));
    const auto* migrate = findSystem(ops, "tf:terraform_data.migrate");
    QCOMPARE(migrate->attributes.value("planned_action", ""), std::string("replace"));
    QCOMPARE(migrate->attributes.value("planned_action_reason", ""), std::string("replace_because_tainted"));
    QCOMPARE(migrate->attributes.value("tf_tainted", false), true);
    QCOMPARE(ops.systems.size(), size_t(7));
}

void TestTfJsonParser::utf16PlanIsTheSamePlan() {
    const Discovery a = parseFile(kData + "/ops_plan.json");
    const Discovery b = parseFile(kData + "/ops_plan_utf16.json");
    QCOMPARE(keysOf(a), keysOf(b));
    QCOMPARE(edgesOf(a), edgesOf(b));
}

void TestTfJsonParser::randomProviderPlan() {
    // Only random_* resources (plumbing): mapped anyway, as the file holds nothing else; the http
    // data source is plumbing and skipped.
    const Discovery d = parseFile(kFixtures + "/tf-plan-json/rover_random-test_plan.json");
    QCOMPARE(d.systems.size(), size_t(12));
    QCOMPARE(d.skipped, 1);
    QVERIFY(!findSystem(d, "tf:data.http.terraform_metadata"));
    QVERIFY(findSystem(d, "tf:random_pet.birds[\"billy\"]"));
    QVERIFY(findSystem(d, "tf:random_pet.dogs[2]"));
    QCOMPARE(findSystem(d, "tf:module.random_cat.random_pet.pet")->group, std::string("module.random_cat"));
    QCOMPARE(findSystem(d, "tf:random_pet.dog")->provider, std::string("random"));
    QVERIFY(findEdge(d, "tf:random_pet.dogs[1]", "tf:random_integer.pet_length"));
    QVERIFY(
        findEdge(d, "tf:module.random_cat.random_pet.pet", "tf:module.random_cat.random_integer.pet_length"));
    QVERIFY(!findEdge(d, "tf:module.random_cat.random_pet.pet", "tf:random_integer.pet_length"));
    // random_* values are opaque: no attributes, no identifiers.
    QCOMPARE(findSystem(d, "tf:random_pet.bird")->identifiers.size(), size_t(0));
    QVERIFY(!findSystem(d, "tf:random_pet.bird")->attributes.contains("id"));
}

void TestTfJsonParser::nestedModules() {
    const Discovery d =
        parseFile(kFixtures + "/tf-plan-json/terraform_show-json_provider-aliasing_output.json");
    QCOMPARE(d.systems.size(), size_t(10));
    QCOMPARE(findSystem(d, "tf:module.sibling.module.grandchild.test_instance.test_main")->group,
             std::string("module.sibling.module.grandchild"));
    const Discovery m = parseFile(kFixtures + "/tf-plan-json/terraform_show-json_modules_output.json");
    QCOMPARE(m.systems.size(), size_t(4));
    QVERIFY(findSystem(m, "tf:module.module_test_foo.test_instance.test[2]"));
    QCOMPARE(findSystem(m, "tf:module.module_test_bar.test_instance.test")->attributes.value("ami", ""),
             std::string("bar-var"));
    const Discovery s = parseFile(kFixtures + "/tf-show-json/terraform_show-json-state_modules_output.json");
    QCOMPARE(keysOf(s), (std::set<std::string>{"tf:module.module_test_bar.test_instance.example",
                                               "tf:module.module_test_foo.test_instance.example[0]"}));
}

void TestTfJsonParser::formatVersions_data() {
    QTest::addColumn<QString>("version");
    QTest::addColumn<bool>("accepted");
    for (const char* v : {"0.1", "0.2", "1.0", "1.1", "1.2", "1.9"})
        QTest::newRow(v) << QString::fromLatin1(v) << true;
    for (const char* v : {"2.0", "banana", ""})
        QTest::newRow(v[0] ? v : "empty") << QString::fromLatin1(v) << false;
}

void TestTfJsonParser::formatVersions() {
    QFETCH(QString, version);
    QFETCH(bool, accepted);
    const std::string text =
        R"({"format_version":")" + version.toStdString() +
        R"(","values":{"root_module":{"resources":[{"address":"aws_s3_bucket.logs","mode":"managed",
        "type":"aws_s3_bucket","name":"logs","provider_name":"registry.terraform.io/hashicorp/aws",
        "values":{"id":"acme-logs-2024","arn":"arn:aws:s3:::acme-logs-2024","bucket":"acme-logs-2024"}}]}}})";
    try {
        const Discovery d = parseText(text);
        QVERIFY(accepted);
        QCOMPARE(d.systems.size(), size_t(1));
        QCOMPARE(d.systems[0].kind, std::string("storage"));
        QCOMPARE(d.systems[0].provider, std::string("aws"));
        QCOMPARE(d.systems[0].identifiers,
                 (std::vector<std::string>{"acme-logs-2024", "arn:aws:s3:::acme-logs-2024"}));
    } catch (const Error& e) {
        QVERIFY2(!accepted, e.what());
        QVERIFY2(std::string(e.what()).find("/format_version") != std::string::npos, e.what());
    }
}

void TestTfJsonParser::emptyStateIsEmpty() {
    const Discovery d = parseText(R"({"format_version":"1.0"})");
    QCOMPARE(d.systems.size(), size_t(0));
    QCOMPARE(d.scope, std::string("tfjson:inline.json"));
}

void TestTfJsonParser::deposedChangesAreFacts() {
    const std::string text = R"({"format_version":"1.2",
      "prior_state":{"format_version":"1.0","values":{"root_module":{"resources":[
        {"address":"aws_instance.web","mode":"managed","type":"aws_instance","name":"web","provider_name":"registry.terraform.io/hashicorp/aws",
         "values":{"id":"i-0123456789abcdef0"},"tainted":true},
        {"address":"aws_instance.web","mode":"managed","type":"aws_instance","name":"web","provider_name":"registry.terraform.io/hashicorp/aws",
         "values":{"id":"i-0fedcba9876543210"},"deposed_key":"00000001"},
        {"address":"data.aws_vpc.main","mode":"data","type":"aws_vpc","name":"main","provider_name":"registry.terraform.io/hashicorp/aws",
         "values":{"id":"vpc-0123456789abcdef0"}}]}}},
      "resource_changes":[
        {"address":"aws_instance.web","mode":"managed","type":"aws_instance","name":"web","change":{"actions":["create","delete"],"before":{},"after":{}}},
        {"address":"aws_instance.web","mode":"managed","type":"aws_instance","name":"web","deposed":"00000001","change":{"actions":["delete"],"before":{},"after":null}},
        {"address":"data.aws_vpc.main","mode":"data","type":"aws_vpc","name":"main","change":{"actions":["read"],"before":null,"after":{}}}]})";
    const Discovery d = parseText(text);
    checkWellFormed(d);
    QCOMPARE(d.systems.size(), size_t(2));
    const auto* web = findSystem(d, "tf:aws_instance.web");
    QCOMPARE(web->attributes.value("planned_action", ""), std::string("replace"));
    // The deposed object of the prior state and its planned deletion are the same object.
    QCOMPARE(web->attributes.value("tf_deposed_objects", 0), 1);
    QCOMPARE(web->attributes.value("tf_tainted", false), true);
    QCOMPARE(web->attributes.value("id", ""), std::string("i-0123456789abcdef0"));
    const auto* vpc = findSystem(d, "tf:data.aws_vpc.main");
    QVERIFY(vpc->reference);
    QCOMPARE(vpc->attributes.value("planned_action", ""), std::string("read"));
}

void TestTfJsonParser::secretsNeverReachTheDiscovery_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("secrets");
    QTest::newRow("generated plan") << QString::fromStdString(kGenerated + "tf1.11.4_stack_plan.json")
                                    << QStringList{QStringLiteral("s3cr3t-demo-only")};
    QTest::newRow("generated show") << QString::fromStdString(kGenerated + "tf1.11.4_stack_show-state.json")
                                    << QStringList{QStringLiteral("s3cr3t-demo-only")};
    QTest::newRow("ops plan") << QString::fromStdString(kData + "/ops_plan.json")
                              << QStringList{QStringLiteral("tok-PLANTED-9f8e7d6c")};
    QTest::newRow("sensitive values")
        << QString::fromStdString(kFixtures +
                                  "/tf-plan-json/terraform_show-json_sensitive-values_output.json")
        << QStringList{QStringLiteral("boop")};
    QTest::newRow("sensitive variables")
        << QString::fromStdString(kFixtures +
                                  "/tf-show-json/terraform_show-json-state_sensitive-variables_output.json")
        << QStringList{QStringLiteral("\"abc\"")};
    QTest::newRow("rover sensitive output")
        << QString::fromStdString(kFixtures + "/tf-plan-json/rover_random-test_plan.json")
        << QStringList{QStringLiteral("giving-snail")};
}

void TestTfJsonParser::secretsNeverReachTheDiscovery() {
    QFETCH(QString, path);
    QFETCH(QStringList, secrets);
    const std::string raw = readAll(path.toStdString());
    const std::string text = dump(parseFile(path.toStdString()));
    for (const auto& s : secrets) {
        QVERIFY2(raw.find(s.toStdString()) != std::string::npos, "the secret is planted in the input");
        QVERIFY2(text.find(s.toStdString()) == std::string::npos, qPrintable(s));
    }
}

void TestTfJsonParser::plantedSecretsNeverReachTheDiscovery() {
    const std::string text = R"({"format_version":"1.2","terraform_version":"1.11.4",
      "variables":{"db_password":{"value":"PLANTED-variable"}},
      "planned_values":{"outputs":{"pw":{"sensitive":true,"value":"PLANTED-output"}},"root_module":{"resources":[
        {"address":"aws_db_instance.main","mode":"managed","type":"aws_db_instance","name":"main","provider_name":"registry.terraform.io/hashicorp/aws",
         "values":{"identifier":"main","username":"PLANTED-user","password":"PLANTED-pw","tags":{"Name":"main","owner":"PLANTED-tag"},
                   "endpoint":"main.x.rds.amazonaws.com:5432"},
         "sensitive_values":{"username":true,"tags":{"owner":true}}},
        {"address":"aws_instance.web","mode":"managed","type":"aws_instance","name":"web","provider_name":"registry.terraform.io/hashicorp/aws",
         "values":{"ami":"PLANTED-whole"},"sensitive_values":true}]}},
      "resource_changes":[
        {"address":"aws_db_instance.main","mode":"managed","type":"aws_db_instance","name":"main",
         "change":{"actions":["update"],"before":{"username":"PLANTED-before"},"after":{"username":"PLANTED-after"},
                   "before_sensitive":{"username":true},"after_sensitive":{"username":true}}},
        {"address":"aws_ssm_parameter.p","mode":"managed","type":"aws_ssm_parameter","name":"p",
         "change":{"actions":["create"],"before":null,"after":{"name":"/app/p","value":"PLANTED-ssm"},"after_sensitive":{"value":true}}}],
      "configuration":{"root_module":{"variables":{"db_password":{"default":"PLANTED-default","sensitive":true}},
        "outputs":{"pw":{"sensitive":true,"expression":{"constant_value":"PLANTED-constant"}}},
        "resources":[{"address":"aws_db_instance.main","mode":"managed","type":"aws_db_instance","name":"main",
                      "expressions":{"password":{"constant_value":"PLANTED-literal"}}}]}}})";
    const Discovery d = parseText(text);
    checkWellFormed(d);
    const std::string out = dump(d);
    QVERIFY2(out.find("PLANTED") == std::string::npos, out.c_str());
    QCOMPARE(findSystem(d, "tf:aws_db_instance.main")->attributes.value("tags.Name", ""),
             std::string("main"));
    QCOMPARE(findSystem(d, "tf:aws_db_instance.main")->attributes.value("planned_action", ""),
             std::string("update"));
    QCOMPARE(findSystem(d, "tf:aws_ssm_parameter.p")->attributes.value("planned_action", ""),
             std::string("create"));
}

void TestTfJsonParser::brokenInputThrowsWithAPlace_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("place");
    const json plan = json::parse(readAll(kGenerated + "tf1.11.4_stack_plan.json"));
    auto variant = [&](const char* name, auto&& change, const char* place) {
        json j = plan;
        change(j);
        QTest::newRow(name) << QByteArray::fromStdString(j.dump()) << QString::fromLatin1(place);
    };
    variant(
        "resource_changes is a string", [](json& j) { j["resource_changes"] = "x"; },
        "/resource_changes: expected an array");
    variant(
        "change missing", [](json& j) { j["resource_changes"][2].erase("change"); },
        "/resource_changes/2/change");
    variant(
        "actions hold a number", [](json& j) { j["resource_changes"][0]["change"]["actions"][0] = 1; },
        "/resource_changes/0/change/actions/0");
    variant(
        "after is a string", [](json& j) { j["resource_changes"][0]["change"]["after"] = "x"; },
        "/resource_changes/0/change/after");
    variant(
        "bad address", [](json& j) { j["resource_changes"][1]["address"] = "var.x"; },
        "/resource_changes/1/address");
    variant(
        "planned_values is an array", [](json& j) { j["planned_values"] = json::array(); },
        "/planned_values: expected an object");
    variant(
        "resources is an object",
        [](json& j) { j["planned_values"]["root_module"]["resources"] = json::object(); },
        "/planned_values/root_module/resources");
    variant(
        "address is a number",
        [](json& j) { j["planned_values"]["root_module"]["resources"][0]["address"] = 3; },
        "/planned_values/root_module/resources/0/address");
    variant(
        "values is a string",
        [](json& j) { j["planned_values"]["root_module"]["resources"][1]["values"] = "x"; },
        "/planned_values/root_module/resources/1/values");
    variant(
        "child_modules is an object",
        [](json& j) { j["planned_values"]["root_module"]["child_modules"] = json::object(); },
        "/planned_values/root_module/child_modules");
    variant(
        "type contradicts the address",
        [](json& j) { j["planned_values"]["root_module"]["resources"][0]["type"] = "aws_instance"; },
        "/planned_values/root_module/resources/0/type");
    variant(
        "depends_on holds an object",
        [](json& j) {
            j["prior_state"]["values"]["root_module"]["resources"][1]["depends_on"][0] = json::object();
        },
        "/prior_state/values/root_module/resources/1/depends_on/0");
    variant(
        "module_calls is an array",
        [](json& j) { j["configuration"]["root_module"]["module_calls"] = json::array(); },
        "/configuration/root_module/module_calls");
    variant(
        "references is a string",
        [](json& j) {
            j["configuration"]["root_module"]["resources"][0]["expressions"]["input"]["references"] = "x";
        },
        "/configuration/root_module/resources/0/expressions/input/references");
    variant(
        "config address with a module",
        [](json& j) { j["configuration"]["root_module"]["resources"][0]["address"] = "module.x.a_b.c"; },
        "/configuration/root_module/resources/0/address");
    variant(
        "format_version is a number", [](json& j) { j["format_version"] = 1; },
        "/format_version: expected a string");
    QTest::newRow("state file") << QByteArray(R"({"version":4,"lineage":"x","resources":[]})")
                                << QStringLiteral("--format tfstate");
    QTest::newRow("not an object") << QByteArray("\"plan\"")
                                   << QStringLiteral("expected a `terraform show -json` object");
    QTest::newRow("deeply nested") << QByteArray::fromStdString(
                                          "{\"format_version\":\"1.0\",\"values\":" + std::string(3000, '[') +
                                          std::string(3000, ']') + "}")
                                   << QStringLiteral("levels deep");
    QTest::newRow("binary") << QByteArray("\x00\x01\x02\x03", 4) << QStringLiteral("inline.json");
}

void TestTfJsonParser::brokenInputThrowsWithAPlace() {
    QFETCH(QByteArray, text);
    QFETCH(QString, place);
    try {
        parseText(text.toStdString());
        QFAIL("no error");
    } catch (const Error& e) {
        const std::string what = e.what();
        QVERIFY2(what.rfind("inline.json: ", 0) == 0, e.what());
        QVERIFY2(what.find(place.toStdString()) != std::string::npos, e.what());
    }
}

void TestTfJsonParser::truncatedFilesThrow_data() {
    everyFileParses_data();
}

void TestTfJsonParser::truncatedFilesThrow() {
    QFETCH(QString, path);
    const std::string text = decodeText(readAll(path.toStdString()), "x");
    const size_t end = text.find_last_not_of(" \t\r\n");
    for (size_t cut : {text.size() / 3, text.size() / 2, end}) {
        try {
            parseText(text.substr(0, cut));
            QFAIL("a truncated file parsed");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("line ") != std::string::npos, e.what());
        }
    }
}

void TestTfJsonParser::sniffRecognisesShowJson_data() {
    everyFileParses_data();
}

void TestTfJsonParser::sniffRecognisesShowJson() {
    QFETCH(QString, path);
    const SourceText src = readSourceText(path.toStdString());
    QVERIFY(TfJsonParser().sniff(src.name, src.text) >= 60);
}

void TestTfJsonParser::sniffRejectsOtherFormats_data() {
    QTest::addColumn<QString>("path");
    QDirIterator it(QString::fromStdString(kFixtures), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString p = it.next();
        if (p.contains(QStringLiteral("/tf-plan-json/")) || p.contains(QStringLiteral("/tf-show-json/")) ||
            p.endsWith(QStringLiteral("_plan.json")) || p.endsWith(QStringLiteral("_show-state.json")) ||
            p.endsWith(QStringLiteral(".md")))
            continue;
        QTest::newRow(QFileInfo(p).fileName().toUtf8().constData()) << p;
    }
    for (const char* f : {"ops.tfstate", "ops_graph-type-plan.dot"})
        QTest::newRow(f) << QString::fromStdString(kData + "/" + f);
}

void TestTfJsonParser::sniffRejectsOtherFormats() {
    QFETCH(QString, path);
    const SourceText src = readSourceText(path.toStdString());
    QVERIFY(TfJsonParser().sniff(src.name, src.text) < 30);
}

void TestTfJsonParser::realTerraformAgreesWithItself() {
    const QString terraform = QStandardPaths::findExecutable(QStringLiteral("terraform"));
    if (terraform.isEmpty())
        QSKIP("terraform is not installed (not on PATH): the run of a real stack through every Terraform "
              "format is skipped");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto write = [&](const QString& name, const char* text) {
        QDir().mkpath(QFileInfo(dir.filePath(name)).path());
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    };
    write(QStringLiteral("main.tf"), R"(
variable "db_password" {
  type      = string
  sensitive = true
  default   = "PLANTED-runtime-secret"
}
resource "terraform_data" "net" {
  count = 2
  input = { cidr = "10.0.${count.index}.0/24" }
}
resource "terraform_data" "db" {
  input = { password = var.db_password, subnet_id = terraform_data.net[0].id }
}
module "svc" {
  source    = "./svc"
  for_each  = toset(["a", "b"])
  subnet_id = terraform_data.net[1].id
  db_id     = terraform_data.db.id
}
resource "terraform_data" "edge" {
  input = [for m in module.svc : m.id]
}
)");
    write(QStringLiteral("svc/main.tf"), R"(
variable "subnet_id" { type = string }
variable "db_id" { type = string }
resource "terraform_data" "app" {
  input = { subnet_id = var.subnet_id, db_id = var.db_id }
}
output "id" { value = terraform_data.app.id }
)");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CHECKPOINT_DISABLE"), QStringLiteral("1"));
    env.insert(QStringLiteral("TF_IN_AUTOMATION"), QStringLiteral("1"));
    env.insert(QStringLiteral("TF_INPUT"), QStringLiteral("0"));
    // Runs terraform; the output, or nothing when it failed.
    auto run = [&](const QStringList& args) -> std::optional<QByteArray> {
        QProcess p;
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(dir.path());
        p.start(terraform, args);
        if (!p.waitForFinished(180000)) {
            p.kill();
            p.waitForFinished();
        }
        const QByteArray out = p.readAllStandardOutput();
        if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            qWarning("terraform %s failed: %s", qPrintable(args.join(QLatin1Char(' '))),
                     p.readAllStandardError().constData());
            return std::nullopt;
        }
        return out;
    };
    QVERIFY(run({QStringLiteral("init"), QStringLiteral("-input=false"), QStringLiteral("-no-color")}));
    QVERIFY(run({QStringLiteral("apply"), QStringLiteral("-auto-approve"), QStringLiteral("-no-color")}));
    const auto showState = run({QStringLiteral("show"), QStringLiteral("-json")});
    QVERIFY(run({QStringLiteral("plan"), QStringLiteral("-replace=terraform_data.db"),
                 QStringLiteral("-out=tfplan"), QStringLiteral("-no-color")}));
    const auto showPlan = run({QStringLiteral("show"), QStringLiteral("-json"), QStringLiteral("tfplan")});
    const auto graph = run({QStringLiteral("graph")});
    const auto graphPlan = run({QStringLiteral("graph"), QStringLiteral("-type=plan")});
    QVERIFY(showState && showPlan && graph && graphPlan);

    const Discovery state = TfStateParser().parse(
        readSourceText(dir.filePath(QStringLiteral("terraform.tfstate")).toStdString()), {});
    const Discovery show = parseText(showState->toStdString(), "show.json");
    const Discovery plan = parseText(showPlan->toStdString(), "plan.json");
    const Discovery dot = TfGraphParser().parse(fromText("graph.dot", graph->toStdString()), {});
    const Discovery dotPlan = TfGraphParser().parse(fromText("graph-plan.dot", graphPlan->toStdString()), {});
    const std::set<std::string> keys = {"tf:terraform_data.net[0]",
                                        "tf:terraform_data.net[1]",
                                        "tf:terraform_data.db",
                                        "tf:module.svc[\"a\"].terraform_data.app",
                                        "tf:module.svc[\"b\"].terraform_data.app",
                                        "tf:terraform_data.edge"};
    QCOMPARE(keysOf(state), keys);
    QCOMPARE(keysOf(show), keys);
    QCOMPARE(keysOf(plan), keys);
    QCOMPARE(edgesOf(show), edgesOf(state));
    QVERIFY(findEdge(state, "tf:module.svc[\"b\"].terraform_data.app", "tf:terraform_data.net[1]"));
    QVERIFY(findEdge(plan, "tf:module.svc[\"b\"].terraform_data.app", "tf:terraform_data.net[1]"));
    QVERIFY(findEdge(plan, "tf:terraform_data.edge", "tf:module.svc[\"a\"].terraform_data.app"));
    QCOMPARE(findSystem(plan, "tf:terraform_data.db")->attributes.value("planned_action", ""),
             std::string("replace"));
    // The graph knows config addresses only; both DOT styles say the same.
    const std::set<std::string> config = {"tf:terraform_data.net", "tf:terraform_data.db",
                                          "tf:module.svc.terraform_data.app", "tf:terraform_data.edge"};
    QCOMPARE(keysOf(dot), config);
    QCOMPARE(keysOf(dotPlan), config);
    QCOMPARE(edgesOf(dot), edgesOf(dotPlan));
    QVERIFY(findEdge(dot, "tf:terraform_data.edge", "tf:module.svc.terraform_data.app"));
    for (const Discovery* d : {&state, &show, &plan, &dot, &dotPlan}) {
        checkWellFormed(*d);
        QVERIFY(dump(*d).find("PLANTED") == std::string::npos);
    }
}

QTEST_GUILESS_MAIN(TestTfJsonParser)
#include "tst_tfjsonparser.moc"
