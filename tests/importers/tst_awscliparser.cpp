// AWS CLI outputs: the CloudMapper fixtures (instances, security groups, subnets, VPC) and how they join
// at merge time and with a Terraform state's ids, the other supported calls, secrets in Lambda
// environments, broken and hostile input, sniffing.
#include "AwsCliParser.h"
#include "CsvParser.h"
#include "DiscoveryDump.h"
#include "Error.h"
#include "ImportMerge.h"
#include "JsonText.h"
#include "Project.h"
#include "PrometheusParser.h"
#include "SourceScan.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace terrain;

namespace {

const std::string kDir = TERRAIN_FIXTURES_DIR "/aws-cli/";
const std::string kInstances = "cloudmapper-demo_us-east-1_ec2-describe-instances.json";
const std::string kGroups = "cloudmapper-demo_us-east-1_ec2-describe-security-groups.json";
const std::string kSubnets = "cloudmapper-demo_us-east-1_ec2-describe-subnets.json";
const std::string kVpcs = "cloudmapper-demo_us-east-1_ec2-describe-vpcs.json";

Discovery parseFile(const std::string& name) {
    return AwsCliParser().parse(readSourceText(kDir + name), {});
}

Discovery parseText(const std::string& text, const std::string& name = "out.json",
                    const std::string& path = {}) {
    SourceText src;
    src.name = name;
    src.path = path.empty() ? name : path;
    src.text = decodeText(text, name);
    return AwsCliParser().parse(src, {});
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

bool hasIdentifier(const DiscoveredSystem* s, const std::string& ident) {
    return s && std::find(s->identifiers.begin(), s->identifiers.end(), ident) != s->identifiers.end();
}

/// The systems the file describes (not the placeholders of what it only names).
std::size_t described(const Discovery& d) {
    return static_cast<std::size_t>(std::count_if(d.systems.begin(), d.systems.end(),
                                                  [](const DiscoveredSystem& s) { return !s.reference; }));
}

std::string readAll(const std::string& path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

/// A describe-instances output of instances (id, private IP, Environment tag or none).
std::string instancesJson(const std::vector<std::tuple<std::string, std::string, std::string>>& instances) {
    json list = json::array();
    for (const auto& [id, ip, environment] : instances) {
        std::string dns = "ip-" + ip + ".us-east-2.compute.internal";
        std::replace(dns.begin(), dns.begin() + static_cast<std::ptrdiff_t>(3 + ip.size()), '.', '-');
        json inst = {{"InstanceId", id},
                     {"PrivateIpAddress", ip},
                     {"PrivateDnsName", dns},
                     {"State", {{"Name", "running"}}}};
        if (!environment.empty())
            inst["Tags"] = json::array({{{"Key", "Environment"}, {"Value", environment}}});
        list.push_back(inst);
    }
    return json{{"Reservations", json::array({{{"Instances", list}}})}}.dump();
}

} // namespace

class TestAwsCliParser : public QObject {
    Q_OBJECT
private slots:
    void instances();
    void securityGroups();
    void subnetsAndVpcs();
    void fixturesJoinAtMerge();
    void privateAddressesJoinInventoriesAndTargets();
    void privateAddressesKeepInstancesApart();
    void otherCalls();
    void targetGroupsAndTheirTargets();
    void taggedResourcesOfEveryService();
    void ecsServices();
    void auroraClusters();
    void queryShapedOutputs();
    void yamlOutputs();
    void accountAndRegionFromPath();
    void secretsNeverKept();
    void brokenInputs_data();
    void brokenInputs();
    void truncatedAndMutatedFixtures();
    void sniffing();
};

void TestAwsCliParser::instances() {
    const Discovery d = parseFile(kInstances);
    QCOMPARE(d.format, std::string("awscli"));
    QVERIFY2(d.scope.starts_with("awscli:/") && d.scope.ends_with("/" + kInstances), d.scope.c_str());
    QCOMPARE(d.legacyScope, "awscli:" + kInstances);
    QCOMPARE(d.contentHash.size(), size_t(64));
    QVERIFY(d.warnings.empty());
    QCOMPARE(described(d), size_t(3));
    const auto* bastion = findSystem(d, "aws:i-00000000000000000");
    QVERIFY(bastion);
    QCOMPARE(bastion->name, std::string("Bastion"));
    QCOMPARE(bastion->kind, std::string("compute"));
    QCOMPARE(bastion->provider, std::string("aws"));
    QCOMPARE(bastion->group, std::string("vpc-12345678"));
    QCOMPARE(bastion->address, std::string("i-00000000000000000"));
    QVERIFY(hasIdentifier(bastion, "i-00000000000000000"));
    QVERIFY(hasIdentifier(bastion, "arn:aws:ec2:us-east-1:123456789012:instance/i-00000000000000000"));
    QVERIFY(hasIdentifier(bastion, "ec2-1-2-3-4.compute-1.amazonaws.com"));
    QVERIFY(hasIdentifier(bastion, "1.2.3.4"));
    QCOMPARE(bastion->attributes.value("InstanceType", ""), std::string("t2.micro"));
    QCOMPARE(bastion->attributes.value("account", ""), std::string("123456789012"));
    QCOMPARE(bastion->attributes.value("region", ""), std::string("us-east-1"));
    QCOMPARE(bastion->attributes.value("state", ""), std::string("running"));
    QVERIFY(!bastion->attributes.contains("ClientToken"));
    QCOMPARE(findSystem(d, "aws:i-00000000000000001")->name, std::string("Web1"));
    QCOMPARE(findSystem(d, "aws:i-00000000000000002")->name, std::string("Web2"));
    // Network interfaces carry the same (synthetic) id on every instance: never an identifier.
    for (const auto& s : d.systems)
        QVERIFY(!hasIdentifier(&s, "eni-00000000"));

    // The subnets, VPC and security groups it names but does not describe: placeholders, described
    // elsewhere (another call's output, a state), which the edges reach and those outputs join.
    std::set<std::string> placeholders;
    for (const auto& s : d.systems)
        if (s.reference) {
            placeholders.insert(s.key);
            QVERIFY(hasIdentifier(&s, s.address));
            QCOMPARE(s.kind, std::string("network"));
        }
    QCOMPARE(placeholders.size(), d.systems.size() - 3);
    QVERIFY(placeholders.count("aws:subnet-00000001") && placeholders.count("aws:sg-00000002"));
    QCOMPARE(d.edges.size(), size_t(6));
    QCOMPARE(findEdge(d, "aws:i-00000000000000000", "subnet-00000001")->kind, std::string("runs-on"));
    QCOMPARE(findEdge(d, "aws:i-00000000000000000", "sg-00000002")->kind, std::string("configured-by"));
    QVERIFY(findEdge(d, "aws:i-00000000000000001", "subnet-00000003"));
    QVERIFY(findEdge(d, "aws:i-00000000000000002", "sg-00000004"));
    QVERIFY(!findEdge(d, "aws:i-00000000000000002", "vpc-12345678")); // the subnet says it already
}

void TestAwsCliParser::securityGroups() {
    const Discovery d = parseFile(kGroups);
    QCOMPARE(described(d), size_t(8));
    const auto* db = findSystem(d, "aws:sg-00000005");
    QVERIFY(db);
    QCOMPARE(db->name, std::string("Database"));
    QCOMPARE(db->kind, std::string("network"));
    QCOMPARE(db->attributes.value("Description", ""), std::string("Database"));
    QVERIFY(hasIdentifier(db, "arn:aws:ec2:us-east-1:123456789012:security-group/sg-00000005"));
    const auto* rule = findEdge(d, "aws:sg-00000005", "sg-00000004");
    QVERIFY(rule);
    QCOMPARE(rule->kind, std::string("depends-on"));
    QCOMPARE(rule->evidence, std::string("ingress tcp/5432 from sg-00000004"));
    QCOMPARE(findEdge(d, "aws:sg-00000004", "sg-00000003")->evidence,
             std::string("ingress tcp/8000 from sg-00000003"));
    QVERIFY(findEdge(d, "aws:sg-00000004", "sg-00000002"));
    QVERIFY(!findEdge(d, "aws:sg-00000001", "sg-00000001")); // the default group allows itself
    QCOMPARE(findSystem(d, "aws:sg-00000008")->attributes["open_to_internet"], json::array({"tcp/443"}));
    QCOMPARE(findSystem(d, "aws:sg-00000003")->attributes["open_to_internet"], json::array({"tcp/443"}));
    QVERIFY(!findSystem(d, "aws:sg-00000002")->attributes.contains("open_to_internet")); // office CIDRs only
    QCOMPARE(d.edges.size(), size_t(8 + 6)); // each to the VPC, 6 rules between groups
}

void TestAwsCliParser::subnetsAndVpcs() {
    const Discovery s = parseFile(kSubnets);
    QCOMPARE(described(s), size_t(4));
    const auto* pub = findSystem(s, "aws:subnet-00000001");
    QCOMPARE(pub->name, std::string("Public 1a"));
    QCOMPARE(pub->attributes.value("CidrBlock", ""), std::string("10.0.0.0/24"));
    QCOMPARE(pub->attributes.value("region", ""), std::string("us-east-1"));
    QCOMPARE(s.edges.size(), size_t(4));
    QCOMPARE(findEdge(s, "aws:subnet-00000004", "vpc-12345678")->evidence, std::string("VpcId"));
    const Discovery v = parseFile(kVpcs);
    QCOMPARE(v.systems.size(), size_t(1));
    QCOMPARE(v.systems[0].key, std::string("aws:vpc-12345678"));
    QCOMPARE(v.systems[0].name, std::string("Prod"));
    QCOMPARE(v.systems[0].group, std::string("vpc-12345678"));
    QVERIFY(v.edges.empty());
}

void TestAwsCliParser::fixturesJoinAtMerge() {
    QTemporaryDir dir;
    auto project = Project::create(dir.filePath(QStringLiteral("m.terrain")).toStdString());
    // A Terraform state naming one instance by its id: the same system.
    Discovery tf;
    tf.format = "tfstate";
    tf.file = "prod.tfstate";
    tf.scope = "tfstate:x";
    DiscoveredSystem web;
    web.key = "tf:aws_instance.web1";
    web.name = "web1";
    web.kind = "compute";
    web.identifiers = {"i-00000000000000001"};
    tf.systems.push_back(web);
    const MergePlan plan = planMerge(
        *project, {parseFile(kInstances), parseFile(kGroups), parseFile(kSubnets), parseFile(kVpcs), tf});
    for (const auto& w : plan.warnings)
        QVERIFY2(w.find("no source defines") == std::string::npos, w.c_str());
    QCOMPARE(plan.inserts.size(), size_t(3 + 8 + 4 + 1));
    QCOMPARE(plan.edgeInserts.size(), size_t(6 + 14 + 4));
    bool joined = false;
    for (const auto& s : plan.inserts)
        if (s.key == "tf:aws_instance.web1")
            joined = std::find(s.sources.begin(), s.sources.end(), "awscli") != s.sources.end();
    QVERIFY(joined);
    // The instances first, the subnets, VPCs and groups in a later import: the same map, the placeholders
    // taken over by what they stood for.
    auto later = Project::create(dir.filePath(QStringLiteral("later.terrain")).toStdString());
    applyMerge(*later, planMerge(*later, {parseFile(kInstances), tf}), QStringLiteral("instances"));
    applyMerge(*later, planMerge(*later, {parseFile(kGroups), parseFile(kSubnets), parseFile(kVpcs)}),
               QStringLiteral("network"));
    QCOMPARE(later->list<System>().size(), plan.inserts.size());
    QCOMPARE(later->list<Dependency>().size(), plan.edgeInserts.size());
    for (const auto& s : later->list<System>())
        QVERIFY2(std::find(s.tags.begin(), s.tags.end(), "managed-elsewhere") == s.tags.end(), s.key.c_str());
}

void TestAwsCliParser::privateAddressesJoinInventoriesAndTargets() {
    // The audit's output: an instance's private IP and DNS name (its network interfaces' too) are names an
    // inventory row or a Prometheus target in its network gives it.
    const std::string ec2 = R"({"Reservations": [{"OwnerId": "123456789012", "Instances": [
        {"InstanceId": "i-0fedcba9876543abc", "PrivateDnsName": "ip-10-0-1-11.us-east-2.compute.internal",
         "PrivateIpAddress": "10.0.1.11", "PublicIpAddress": "3.137.12.34", "VpcId": "vpc-1234567890abcdef0",
         "State": {"Name": "running"}, "Tags": [{"Key": "Name", "Value": "worker"}],
         "NetworkInterfaces": [{"NetworkInterfaceId": "eni-0c0a29997760baee7", "PrivateIpAddresses": [
             {"PrivateIpAddress": "10.0.1.11"}, {"PrivateIpAddress": "10.0.1.12",
              "PrivateDnsName": "ip-10-0-1-12.us-east-2.compute.internal"}]}]},
        {"InstanceId": "i-0aaaabbbbccccdddd", "PrivateIpAddress": "10.0.2.5", "VpcId": "vpc-1234567890abcdef0",
         "State": {"Name": "running"}, "Tags": [{"Key": "Name", "Value": "postgres"}]}]}]})";
    const Discovery d = parseText(ec2, "ec2-describe-instances.json");
    const auto* worker = findSystem(d, "aws:i-0fedcba9876543abc");
    QVERIFY(hasIdentifier(worker, "10.0.1.11"));
    QVERIFY(hasIdentifier(worker, "ip-10-0-1-11.us-east-2.compute.internal"));
    QVERIFY(hasIdentifier(worker, "10.0.1.12"));
    QVERIFY(hasIdentifier(worker, "ip-10-0-1-12.us-east-2.compute.internal"));
    QVERIFY(hasIdentifier(worker, "3.137.12.34"));
    QVERIFY(hasIdentifier(findSystem(d, "aws:i-0aaaabbbbccccdddd"), "10.0.2.5"));

    // An inventory that names the hosts by address alone, and a target list with an exporter on one.
    SourceText csv;
    csv.name = "hosts.csv";
    csv.text = "name,ip,owner\nworker,10.0.1.11,team-web\npostgres,10.0.2.5,dba\n";
    SourceText targets;
    targets.name = "targets.json";
    targets.text = R"([{"targets": ["10.0.2.5:9187", "ip-10-0-1-12.us-east-2.compute.internal:9100"]}])";
    QTemporaryDir dir;
    auto project = Project::create(dir.filePath(QStringLiteral("m.terrain")).toStdString());
    const MergePlan plan =
        planMerge(*project, {d, CsvParser().parse(csv, {}), PrometheusParser().parse(targets, {})});
    QCOMPARE(plan.inserts.size(), size_t(3)); // the two instances, and the VPC they name
    for (const auto& s : plan.inserts) {
        if (!s.key.starts_with("aws:i-"))
            continue;
        QVERIFY2(std::find(s.sources.begin(), s.sources.end(), "csv") != s.sources.end(), s.key.c_str());
        QCOMPARE(documentOf(s.attributes).value("monitored_by", ""), std::string("prometheus"));
    }
    const auto postgres = std::find_if(plan.inserts.begin(), plan.inserts.end(),
                                       [](const System& s) { return s.key == "aws:i-0aaaabbbbccccdddd"; });
    QVERIFY(postgres != plan.inserts.end());
    QCOMPARE(postgres->owner, std::string("dba"));
    QCOMPARE(documentOf(postgres->attributes).value("scrape_targets", ""), std::string("10.0.2.5:9187"));
}

void TestAwsCliParser::privateAddressesKeepInstancesApart() {
    // A private IP names a host only within its network: two instances with one, in two environments or
    // in two VPCs or accounts nobody says the environment of, are two systems, imported together or one
    // after the other.
    const Discovery prod =
        parseText(instancesJson({{"i-0aaaaaaaaaaaaaaaa", "10.0.1.10", "production"}}), "a.json");
    const Discovery staging =
        parseText(instancesJson({{"i-0bbbbbbbbbbbbbbbb", "10.0.1.10", "staging"}}), "b.json");
    const Discovery other = parseText(instancesJson({{"i-0cccccccccccccccc", "10.0.1.10", ""}}), "c.json");
    const Discovery third = parseText(instancesJson({{"i-0dddddddddddddddd", "10.0.1.10", ""}}), "d.json");
    QVERIFY(hasIdentifier(&other.systems[0], "10.0.1.10"));
    SourceText row;
    row.name = "hosts.csv";
    row.text = "name,ip\nlegacy,10.0.1.10\n";
    const Discovery inventory = CsvParser().parse(row, {});
    QTemporaryDir dir;
    auto project = Project::create(dir.filePath(QStringLiteral("m.terrain")).toStdString());
    QCOMPARE(planMerge(*project, {prod, staging}).inserts.size(), size_t(2));
    QCOMPARE(planMerge(*project, {other, third}).inserts.size(), size_t(2));
    // An inventory row naming the host by that address alone joins the first instance, and only it.
    QCOMPARE(planMerge(*project, {inventory, other, third}).inserts.size(), size_t(2));
    QCOMPARE(planMerge(*project, {other, third, inventory}).inserts.size(), size_t(2));
    applyMerge(*project, planMerge(*project, {other, inventory}), QStringLiteral("first account"));
    QCOMPARE(project->list<System>().size(), size_t(1));
    const MergePlan later = planMerge(*project, {third, inventory});
    QCOMPARE(later.inserts.size(), size_t(1));
    QCOMPARE(later.inserts[0].key, std::string("aws:i-0dddddddddddddddd"));
    // Two instances of one output with one private IP (two VPCs of a region): the address names neither.
    const Discovery both = parseText(
        instancesJson({{"i-0eeeeeeeeeeeeeeee", "10.0.1.10", ""}, {"i-0ffffffffffffffff", "10.0.1.10", ""}}),
        "e.json");
    for (const auto& s : both.systems) {
        QVERIFY(!hasIdentifier(&s, "10.0.1.10"));
        QVERIFY(!hasIdentifier(&s, "ip-10-0-1-10.us-east-2.compute.internal"));
        QVERIFY(hasIdentifier(&s, s.address));
    }
}

void TestAwsCliParser::otherCalls() {
    const Discovery lb = parseText(R"({"LoadBalancers": [{
        "LoadBalancerArn": "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188",
        "DNSName": "web-123.eu-west-1.elb.amazonaws.com", "LoadBalancerName": "web", "Scheme": "internet-facing",
        "VpcId": "vpc-1", "State": {"Code": "active"}, "Type": "application",
        "AvailabilityZones": [{"ZoneName": "eu-west-1a", "SubnetId": "subnet-a"}, {"ZoneName": "eu-west-1b", "SubnetId": "subnet-b"}],
        "SecurityGroups": ["sg-lb"]}], "NextMarker": "abc"})",
                                   "elbv2.json");
    const std::string lbKey =
        "aws:arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188";
    QCOMPARE(described(lb), size_t(1));
    QCOMPARE(lb.systems[0].key, lbKey);
    QCOMPARE(lb.systems[0].kind, std::string("load-balancer"));
    QCOMPARE(lb.systems[0].name, std::string("web"));
    QVERIFY(hasIdentifier(&lb.systems[0], "web-123.eu-west-1.elb.amazonaws.com"));
    QCOMPARE(lb.systems[0].attributes.value("account", ""), std::string("111122223333"));
    QCOMPARE(lb.systems[0].attributes.value("region", ""), std::string("eu-west-1"));
    QCOMPARE(findEdge(lb, lbKey, "subnet-a")->kind, std::string("runs-on"));
    QCOMPARE(findEdge(lb, lbKey, "sg-lb")->kind, std::string("configured-by"));
    QCOMPARE(lb.warnings.size(), size_t(1));
    QVERIFY(lb.warnings[0].find("partial output") == 0);

    const Discovery elb = parseText(R"({"LoadBalancerDescriptions": [{"LoadBalancerName": "legacy",
        "DNSName": "legacy-1.us-east-1.elb.amazonaws.com", "VPCId": "vpc-1", "Subnets": ["subnet-a"],
        "SecurityGroups": ["sg-1"], "Instances": [{"InstanceId": "i-1"}], "AvailabilityZones": ["us-east-1a"]}]})",
                                    "elb.json");
    QCOMPARE(elb.systems[0].key, std::string("aws:elb/legacy"));
    QCOMPARE(findEdge(elb, "aws:elb/legacy", "i-1")->kind, std::string("routes-to"));

    const Discovery rds = parseText(R"({"DBInstances": [
      {"DBInstanceIdentifier": "main", "DBInstanceArn": "arn:aws:rds:us-east-1:123456789012:db:main",
       "DbiResourceId": "db-ABCDEFGHIJKLMNOP", "Engine": "postgres", "DBInstanceClass": "db.t3.micro",
       "MasterUsername": "admin", "Endpoint": {"Address": "main.abc.us-east-1.rds.amazonaws.com", "Port": 5432},
       "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-db", "Status": "active"}],
       "DBSubnetGroup": {"DBSubnetGroupName": "db", "VpcId": "vpc-1", "Subnets": [{"SubnetIdentifier": "subnet-a"}]},
       "TagList": [{"Key": "Environment", "Value": "production"}, {"Key": "Team", "Value": "data"}]},
      {"DBInstanceIdentifier": "main-replica", "DBInstanceArn": "arn:aws:rds:us-east-1:123456789012:db:main-replica",
       "Engine": "postgres", "ReadReplicaSourceDBInstanceIdentifier": "main"},
      {"DBInstanceIdentifier": "other-replica", "DBInstanceArn": "arn:aws:rds:us-east-1:123456789012:db:other-replica",
       "ReadReplicaSourceDBInstanceIdentifier": "elsewhere"}], "Marker": null})",
                                    "rds.json");
    const std::string main = "aws:arn:aws:rds:us-east-1:123456789012:db:main";
    QCOMPARE(described(rds), size_t(3));
    const auto* m = findSystem(rds, main);
    QCOMPARE(m->kind, std::string("database"));
    QCOMPARE(m->environment, std::string("production"));
    QCOMPARE(m->owner, std::string("data"));
    QCOMPARE(m->attributes.value("Engine", ""), std::string("postgres"));
    QVERIFY(!m->attributes.contains("MasterUsername"));
    QVERIFY(hasIdentifier(m, "db-ABCDEFGHIJKLMNOP"));
    QVERIFY(hasIdentifier(m, "main.abc.us-east-1.rds.amazonaws.com"));
    QCOMPARE(findEdge(rds, main, "subnet-a")->kind, std::string("runs-on"));
    QCOMPARE(findEdge(rds, main, "sg-db")->kind, std::string("configured-by"));
    QVERIFY(findEdge(rds, "aws:arn:aws:rds:us-east-1:123456789012:db:main-replica", main));
    QVERIFY(findEdge(rds, "aws:arn:aws:rds:us-east-1:123456789012:db:other-replica",
                     "arn:aws:rds:us-east-1:123456789012:db:elsewhere"));
    QVERIFY(rds.warnings.empty()); // a null Marker is the end of the list

    const Discovery fn = parseText(R"({"Functions": [{"FunctionName": "resize",
        "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:resize", "Runtime": "python3.12",
        "Role": "arn:aws:iam::123456789012:role/resize", "MemorySize": 256,
        "VpcConfig": {"SubnetIds": ["subnet-a"], "SecurityGroupIds": ["sg-fn"], "VpcId": "vpc-1"},
        "Environment": {"Variables": {"DB_HOST": "main.abc.us-east-1.rds.amazonaws.com",
                                      "QUEUE": "arn:aws:sqs:us-east-1:123456789012:jobs",
                                      "EVENTS_URL": "https://sqs.us-east-1.amazonaws.com/123456789012/events",
                                      "MODE": "fast"}}}], "NextMarker": "more"})",
                                   "lambda.json");
    const std::string f = "aws:arn:aws:lambda:us-east-1:123456789012:function:resize";
    QCOMPARE(fn.systems[0].key, f);
    QCOMPARE(fn.systems[0].kind, std::string("function"));
    QCOMPARE(fn.systems[0].attributes.value("Runtime", ""), std::string("python3.12"));
    QCOMPARE(findEdge(fn, f, "subnet-a")->kind, std::string("runs-on"));
    QCOMPARE(findEdge(fn, f, "sg-fn")->kind, std::string("configured-by"));
    QCOMPARE(findEdge(fn, f, "main.abc.us-east-1.rds.amazonaws.com")->evidence, std::string("env DB_HOST"));
    QCOMPARE(findEdge(fn, f, "arn:aws:sqs:us-east-1:123456789012:jobs")->kind, std::string("calls"));
    const auto* events = findEdge(fn, f, "arn:aws:sqs:us-east-1:123456789012:events"); // named by its URL
    QVERIFY(events);
    QCOMPARE(events->evidence, std::string("env EVENTS_URL"));
    QCOMPARE(fn.edges.size(), size_t(5));
    // What the function names and the file does not describe: placeholders, described elsewhere.
    const auto* queue = findSystem(fn, "aws:arn:aws:sqs:us-east-1:123456789012:events");
    QVERIFY(queue && queue->reference);
    QCOMPARE(queue->kind, std::string("queue"));
    QCOMPARE(queue->name, std::string("events"));
    QCOMPARE(findSystem(fn, "aws:main.abc.us-east-1.rds.amazonaws.com")->kind, std::string("database"));
    QCOMPARE(fn.warnings.size(), size_t(1));
    QVERIFY(dumpAll(fn).find("fast") == std::string::npos);

    // The function's environment names the database of the other file: they join.
    QTemporaryDir dir;
    auto project = Project::create(dir.filePath(QStringLiteral("m.terrain")).toStdString());
    const MergePlan plan = planMerge(*project, {rds, fn});
    bool calls = false;
    for (const auto& e : plan.edgeInserts)
        calls = calls || e.kind == "calls";
    QVERIFY(calls);

    // Terminated instances are gone.
    const Discovery gone = parseText(R"({"Reservations": [{"Instances": [
        {"InstanceId": "i-1", "State": {"Name": "terminated"}}, {"InstanceId": "i-2", "State": {"Name": "stopped"}}]}]})");
    QCOMPARE(gone.systems.size(), size_t(1));
    QCOMPARE(gone.skipped, 1);
}

void TestAwsCliParser::targetGroupsAndTheirTargets() {
    // A CloudMapper collection of the demo account's load balancer: its target groups, and the health of
    // each group's targets in a file named by the group's ARN, URL-encoded.
    const std::string dir = TERRAIN_SOURCE_DIR "/tests/importers/data/awscli/account-data/demo/us-east-1/";
    const std::string web =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067";
    const std::string api =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/2453ed029918f21f";
    const std::string lb =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";
    const auto health = [&](const std::string& arn) {
        QString encoded = QString::fromUtf8(QUrl::toPercentEncoding(QString::fromStdString(arn)));
        return dir + "elbv2-describe-target-health/" + encoded.toStdString();
    };
    const auto parse = [](const std::string& path) { return AwsCliParser().parse(readSourceText(path), {}); };

    const Discovery groups = parse(dir + "elbv2-describe-target-groups.json");
    QCOMPARE(described(groups), size_t(2));
    const auto* g = findSystem(groups, "aws:" + web);
    QVERIFY(g);
    QCOMPARE(g->name, std::string("web"));
    QCOMPARE(g->kind, std::string("load-balancer"));
    QCOMPARE(g->group, std::string("vpc-12345678"));
    QCOMPARE(g->attributes.value("HealthCheckPath", ""), std::string("/health"));
    QCOMPARE(g->attributes.value("TargetType", ""), std::string("instance"));
    QVERIFY(hasIdentifier(g, web));
    // The load balancer routes to each group that names it; not described here, it is a placeholder named
    // by its name (not its id) until its own output is imported.
    QCOMPARE(findEdge(groups, lb, "aws:" + web)->kind, std::string("routes-to"));
    QVERIFY(findEdge(groups, lb, "aws:" + api));
    QCOMPARE(findEdge(groups, "aws:" + web, "vpc-12345678")->kind, std::string("runs-on"));
    const auto* lbHere = findSystem(groups, "aws:" + lb);
    QVERIFY(lbHere && lbHere->reference);
    QCOMPARE(lbHere->name, std::string("web"));
    QCOMPARE(lbHere->kind, std::string("load-balancer"));

    // The targets and their health, the group named by the file's path.
    const Discovery webTargets = parse(health(web));
    QVERIFY2(webTargets.warnings.empty(), webTargets.warnings.empty() ? "" : webTargets.warnings[0].c_str());
    const auto* h = findSystem(webTargets, "aws:" + web);
    QVERIFY(h && !h->reference);
    QCOMPARE(h->name, std::string("web"));
    QCOMPARE(h->attributes["targets"],
             json::array({"i-00000000000000001:80 healthy",
                          "i-00000000000000002:80 unhealthy (Target.ResponseCodeMismatch)"}));
    QCOMPARE(h->attributes.value("account", ""), std::string("123456789012"));
    const auto* toWeb2 = findEdge(webTargets, "aws:" + web, "i-00000000000000002");
    QVERIFY(toWeb2);
    QCOMPARE(toWeb2->kind, std::string("routes-to"));
    QCOMPARE(toWeb2->evidence, std::string("Target i-00000000000000002:80")); // not its health, which changes
    QVERIFY(findSystem(webTargets, "aws:i-00000000000000002")->reference);

    // A script's outputs of several groups, each with the group beside its targets: the same targets.
    json pages = json::array();
    for (const auto& arn : {web, api}) {
        json page = json::parse(readAll(health(arn)));
        page["TargetGroupArn"] = arn;
        pages.push_back(page);
    }
    const Discovery both = parseText(pages.dump(), "health.json");
    QCOMPARE(findSystem(both, "aws:" + web)->attributes["targets"], h->attributes["targets"]);
    QCOMPARE(findSystem(both, "aws:" + api)->attributes["targets"].size(), size_t(2));
    // Addresses (an ECS task's, mostly, that change with each deployment) are facts of the group only.
    QVERIFY(both.edges.size() == 2 && !findEdge(both, "aws:" + api, "10.0.2.1"));

    // With the demo account's instances: the load balancer routes through its groups to Web1 and Web2; the
    // group of addresses routes to none, and says nothing of them.
    QTemporaryDir tmp;
    auto project = Project::create(tmp.filePath(QStringLiteral("m.terrain")).toStdString());
    const MergePlan plan =
        planMerge(*project, {parseFile(kInstances), parse(dir + "elbv2-describe-load-balancers.json"), groups,
                             parse(health(web)), parse(health(api))});
    std::map<std::string, std::string> names;
    for (const auto& s : plan.inserts)
        names[s.key] = s.name;
    // The instances, the load balancer and its groups, and what they name: 3 subnets, 3 security groups, the
    // VPC.
    QCOMPARE(names.size(), size_t(3 + 1 + 2 + 3 + 3 + 1));
    std::set<std::string> routes;
    for (const auto& e : plan.edgeInserts)
        if (e.kind == "routes-to") {
            const auto key = [&](Id id) { return plan.inserts[static_cast<size_t>(-id - 1)].key; };
            routes.insert(names[key(e.from)] + " -> " + names[key(e.to)] + " (" + e.evidence + ")");
        }
    const std::set<std::string> expected = {"web -> web (LoadBalancerArns)", "web -> api (LoadBalancerArns)",
                                            "web -> Web1 (Target i-00000000000000001:80)",
                                            "web -> Web2 (Target i-00000000000000002:80)"};
    QCOMPARE(routes, expected);
    for (const auto& w : plan.warnings)
        QVERIFY2(w.find("no source defines") == std::string::npos, w.c_str());

    // Its listeners (CloudMapper keeps them by the balancer's ARN, which each names too): facts of the
    // balancer, which routes to the group its HTTPS listener forwards to.
    const Discovery listeners = parse(dir + "elbv2-describe-listeners/" +
                                      QUrl::toPercentEncoding(QString::fromStdString(lb)).toStdString());
    QCOMPARE(described(listeners), size_t(1));
    QCOMPARE(findSystem(listeners, "aws:" + lb)->name, std::string("web"));
    QCOMPARE(findSystem(listeners, "aws:" + lb)->attributes["listeners"],
             json::array(
                 {"HTTPS:443 (ELBSecurityPolicy-2016-08) forward to web", "HTTP:80 redirect to HTTPS:443"}));
    QCOMPARE(listeners.edges.size(), size_t(1));
    QCOMPARE(findEdge(listeners, "aws:" + lb, web)->evidence, std::string("listener HTTPS:443"));
    QCOMPARE(findEdge(listeners, "aws:" + lb, web)->kind, std::string("routes-to"));

    // The group as the output names it, checked; and no group at all.
    const auto err = errorOf([&] { parseText(readAll(health(web)), "health.json"); });
    QVERIFY(err);
    QVERIFY2(err->starts_with("health.json: /TargetHealthDescriptions/0: expected the target group"),
             err->c_str());
    QVERIFY(err->find("elbv2-describe-target-health/<ARN>") != std::string::npos);
    json wrong = json::parse(readAll(health(web)));
    wrong["TargetGroupArn"] = lb;
    const auto notGroup = errorOf([&] { parseText(wrong.dump(), "health.json"); });
    QVERIFY(notGroup && notGroup->starts_with("health.json: /TargetGroupArn: expected a target group's ARN"));
    // A script's file named after the group (health-<ARN>.json), the ARN's slashes as folders.
    QCOMPARE(findSystem(parseText(readAll(health(api)), "7.json", "tg/health-" + api + ".json"), "aws:" + api)
                 ->attributes["targets"]
                 .size(),
             size_t(2));

    const AwsCliParser parser;
    QCOMPARE(parser.sniff("x.json", readAll(dir + "elbv2-describe-target-groups.json")), 90);
    QCOMPARE(parser.sniff("x", readAll(health(web))), 90);
    QCOMPARE(parser.sniff("x.json", pages.dump()), 0); // (a list of whole outputs: not what a --query leaves)
}

void TestAwsCliParser::taggedResourcesOfEveryService() {
    // resourcegroupstaggingapi get-resources: every tagged thing of the account, by its ARN and tags.
    const std::string file =
        TERRAIN_SOURCE_DIR "/tests/importers/data/awscli/resourcegroupstaggingapi-get-resources.json";
    const std::string text = readAll(file);
    const Discovery d = AwsCliParser().parse(readSourceText(file), {});
    QVERIFY(d.warnings.empty()); // an empty PaginationToken: the last page
    QCOMPARE(described(d), size_t(7));
    QCOMPARE(d.skipped, 3); // a function's version, a log group, a snapshot: no systems
    // A thing of EC2 by its id, as describe-instances and a Terraform state name it.
    const auto* web1 = findSystem(d, "aws:i-00000000000000001");
    QVERIFY(web1);
    QCOMPARE(web1->name, std::string("Web1"));
    QCOMPARE(web1->kind, std::string("compute"));
    QCOMPARE(web1->environment, std::string("production"));
    QCOMPARE(web1->owner, std::string("storefront"));
    QVERIFY(hasIdentifier(web1, "arn:aws:ec2:us-east-1:123456789012:instance/i-00000000000000001"));
    QCOMPARE(findSystem(d, "aws:sg-00000005")->name, std::string("Database"));
    // Anything else by its ARN, named by it, of the kind its service makes.
    const auto* bucket = findSystem(d, "aws:arn:aws:s3:::demo-invoices");
    QVERIFY(bucket);
    QCOMPARE(bucket->name, std::string("demo-invoices"));
    QCOMPARE(bucket->kind, std::string("storage"));
    QCOMPARE(bucket->owner, std::string("finance-platform"));
    QCOMPARE(bucket->attributes.value("service", ""), std::string("s3"));
    QCOMPARE(findSystem(d, "aws:arn:aws:sqs:us-east-1:123456789012:invoice-jobs")->kind,
             std::string("queue"));
    QCOMPARE(findSystem(d, "aws:arn:aws:rds:us-east-1:123456789012:db:main")->owner, std::string("data"));
    QCOMPARE(findSystem(d, "aws:arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/"
                           "50dc6c495c0c9188")
                 ->name,
             std::string("web"));
    QVERIFY(d.edges.empty()); // tags say what there is, not what depends on what

    // With the instances' own output: one Web1, with its tags' environment and owner and the instance's
    // facts.
    QTemporaryDir tmp;
    auto project = Project::create(tmp.filePath(QStringLiteral("m.terrain")).toStdString());
    applyMerge(*project, planMerge(*project, {parseFile(kInstances), d}), QStringLiteral("import"));
    int web1s = 0;
    for (const auto& s : project->list<System>())
        if (s.name == "Web1") {
            ++web1s;
            QCOMPARE(s.environment, std::string("production"));
            QCOMPARE(s.owner, std::string("storefront"));
            QCOMPARE(s.attributes.value("InstanceType", ""), std::string("t2.micro"));
        }
    QCOMPARE(web1s, 1);

    const AwsCliParser parser;
    QCOMPARE(parser.sniff("x.json", text), 90); // its PaginationToken comes first
    QCOMPARE(sniffFormat("x.json", text).first, std::string("awscli"));
    QCOMPARE(parser.sniff("x.json", R"({"NextToken": null, "Vpcs": []})"), 70);
    QCOMPARE(parser.sniff("x.json", R"({"PaginationToken": "a", "Items": []})"), 0);
    json more = json::parse(text);
    more["PaginationToken"] = "eyJ0b2tlbiI6IDJ9";
    const Discovery partial = parseText(more.dump(), "tags.json");
    QCOMPARE(partial.warnings.size(), size_t(1));
    QVERIFY(partial.warnings[0].starts_with("partial output: PaginationToken"));
    const auto err =
        errorOf([] { parseText(R"({"ResourceTagMappingList": [{"ResourceARN": "web", "Tags": []}]})"); });
    QVERIFY(err);
    QVERIFY2(err->find("/ResourceTagMappingList/0/ResourceARN: expected an ARN") != std::string::npos,
             err->c_str());
}

void TestAwsCliParser::ecsServices() {
    // ecs describe-services (camelCase, unlike the others): a Fargate service in the private subnets, its
    // tasks registered in the api target group.
    const std::string data = TERRAIN_SOURCE_DIR "/tests/importers/data/awscli/";
    const std::string text = readAll(data + "ecs-describe-services.json");
    const Discovery d = parseText(text, "ecs-describe-services.json");
    const std::string key = "aws:arn:aws:ecs:us-east-1:123456789012:service/prod/api";
    const std::string group =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/2453ed029918f21f";
    QCOMPARE(described(d), size_t(1));
    const auto* api = findSystem(d, key);
    QVERIFY(api);
    QCOMPARE(api->name, std::string("api"));
    QCOMPARE(api->kind, std::string("service"));
    QCOMPARE(api->group, std::string("prod")); // its cluster
    QCOMPARE(api->owner, std::string("storefront"));
    QCOMPARE(api->environment, std::string("production"));
    QCOMPARE(api->attributes.value("launchType", ""), std::string("FARGATE"));
    QCOMPARE(api->attributes.value("desiredCount", 0), 2);
    QCOMPARE(findEdge(d, key, "arn:aws:ecs:us-east-1:123456789012:cluster/prod")->kind,
             std::string("runs-on"));
    QCOMPARE(findEdge(d, key, "subnet-00000003")->kind, std::string("runs-on"));
    QCOMPARE(findEdge(d, key, "sg-00000004")->kind, std::string("configured-by"));
    // It depends on the group its tasks register in, as a Terraform state's aws_ecs_service does.
    QCOMPARE(findEdge(d, key, group)->kind, std::string("depends-on"));
    QCOMPARE(findSystem(d, "aws:" + group)->name, std::string("api"));
    QCOMPARE(findSystem(d, "aws:arn:aws:ecs:us-east-1:123456789012:cluster/prod")->kind,
             std::string("compute"));
    QVERIFY(dumpAll(d).find("steady state") == std::string::npos); // (its events are not facts)

    // With the load balancer's outputs: one target group, between the balancer and the service.
    const std::string region = data + "account-data/demo/us-east-1/";
    QTemporaryDir tmp;
    auto project = Project::create(tmp.filePath(QStringLiteral("m.terrain")).toStdString());
    applyMerge(
        *project,
        planMerge(*project, {d, AwsCliParser().parse(
                                    readSourceText(region + "elbv2-describe-target-groups.json"), {})}),
        QStringLiteral("import"));
    std::map<Id, std::string> keys;
    for (const auto& s : project->list<System>())
        keys[s.id] = s.key;
    std::set<std::string> onGroup;
    for (const auto& e : project->list<Dependency>())
        if (keys[e.to] == "aws:" + group)
            onGroup.insert(keys[e.from] + " " + e.kind);
    const std::set<std::string> expected = {key + " depends-on",
                                            "aws:arn:aws:elasticloadbalancing:us-east-1:123456789012:"
                                            "loadbalancer/app/web/50dc6c495c0c9188 routes-to"};
    QCOMPARE(onGroup, expected);

    // Its task definition (describe-task-definition): one system for all revisions, which the service's
    // configuration names; what its containers' settings name, never their values.
    const std::string tdText = readAll(data + "ecs-describe-task-definition.json");
    const Discovery td = parseText(tdText, "ecs-describe-task-definition.json");
    const std::string family = "arn:aws:ecs:us-east-1:123456789012:task-definition/api";
    QCOMPARE(findEdge(d, key, family)->kind, std::string("configured-by"));
    QVERIFY(findSystem(d, "aws:" + family)->reference); // (its own output not here)
    QCOMPARE(described(td), size_t(1));
    const auto* def = findSystem(td, "aws:" + family);
    QVERIFY(def);
    QCOMPARE(def->name, std::string("api"));
    QVERIFY(hasIdentifier(def, family + ":42"));
    QCOMPARE(def->attributes.value("revision", 0), 42);
    QCOMPARE(def->attributes["images"],
             json::array({"api: 123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.14.2"}));
    QCOMPARE(findEdge(td, "aws:" + family, "main.abc.us-east-1.rds.amazonaws.com")->evidence,
             std::string("env DB_HOST"));
    QCOMPARE(findEdge(td, "aws:" + family, "arn:aws:sqs:us-east-1:123456789012:invoice-jobs")->kind,
             std::string("calls"));
    const std::string secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api/stripe-AbCdEf";
    QCOMPARE(findEdge(td, "aws:" + family, secret)->evidence, std::string("secret STRIPE_KEY"));
    QCOMPARE(findSystem(td, "aws:" + secret)->name, std::string("stripe")); // not Secrets Manager's suffix
    QCOMPARE(td.edges.size(), size_t(3));
    QVERIFY(dumpAll(td).find("planted-task-definition-secret") == std::string::npos);
    // A secret's key within the secret (ECS's valueFrom "<ARN>:<json key>::"): the secret; a parameter.
    json keyed = json::parse(tdText);
    keyed["taskDefinition"]["containerDefinitions"][0]["secrets"] = json::array(
        {{{"name", "DB_PASSWORD"}, {"valueFrom", secret + ":password::"}},
         {{"name", "API_KEY"}, {"valueFrom", "arn:aws:ssm:us-east-1:123456789012:parameter/prod/api/key"}}});
    const Discovery keyedTd = parseText(keyed.dump(), "td.json");
    QCOMPARE(findEdge(keyedTd, "aws:" + family, secret)->evidence, std::string("secret DB_PASSWORD"));
    QCOMPARE(findSystem(keyedTd, "aws:arn:aws:ssm:us-east-1:123456789012:parameter/prod/api/key")->kind,
             std::string("secret-store"));
    QVERIFY(dumpAll(td).find("info") == std::string::npos); // (LOG_LEVEL's value)

    const AwsCliParser parser;
    QCOMPARE(parser.sniff("x.json", text), 90);
    QCOMPARE(sniffFormat("x.json", text).first, std::string("awscli"));
    QCOMPARE(parser.sniff("x.json", tdText), 90);
    QCOMPARE(parser.sniff("x.json", R"({"taskDefinition": {"family": "x"}})"), 0);
    // A list of services says nothing alone: a compose file has one too.
    QCOMPARE(parser.sniff("x.json", R"({"services": [], "failures": []})"), 0);
    QCOMPARE(parser.sniff("x.json", R"({"services": {"web": {"image": "nginx"}}})"), 0);
    QCOMPARE(parser.sniff("compose.yaml", "services:\n  web:\n    image: nginx\n"), 0);
    QCOMPARE(parser.sniff("compose.yaml", "services:\n- name: web\n"), 0);
    json bad = json::parse(text);
    bad["services"][0]["loadBalancers"][0]["targetGroupArn"] = "api";
    const auto err = errorOf([&] { parseText(bad.dump(), "ecs.json"); });
    QVERIFY(err);
    QVERIFY2(err->starts_with(
                 "ecs.json: /services/0/loadBalancers/0/targetGroupArn: expected a target group's ARN"),
             err->c_str());
    json badDef = json::parse(tdText);
    badDef["taskDefinition"]["taskDefinitionArn"] = "api:42";
    const auto defErr = errorOf([&] { parseText(badDef.dump(), "td.json"); });
    QVERIFY(defErr && defErr->starts_with(
                          "td.json: /taskDefinition/taskDefinitionArn: expected a task definition's ARN"));
    badDef = json::parse(tdText);
    badDef["taskDefinition"]["containerDefinitions"][0]["environment"][1] = "JOBS_QUEUE_URL=x";
    const auto varErr = errorOf([&] { parseText(badDef.dump(), "td.json"); });
    QVERIFY(varErr &&
            varErr->starts_with(
                "td.json: /taskDefinition/containerDefinitions/0/environment/1: expected a variable"));
}

void TestAwsCliParser::auroraClusters() {
    // rds describe-db-clusters: an Aurora cluster, which applications reach by its endpoints, and its two
    // instances, which describe-db-instances lists with their cluster's identifier.
    const Discovery clusters = parseText(R"({"DBClusters": [{"DBClusterIdentifier": "shop",
        "DBClusterArn": "arn:aws:rds:eu-west-1:123456789012:cluster:shop", "Engine": "aurora-postgresql",
        "EngineVersion": "15.4", "Status": "available", "Port": 5432, "MasterUsername": "admin",
        "Endpoint": "shop.cluster-c9akciq32.eu-west-1.rds.amazonaws.com",
        "ReaderEndpoint": "shop.cluster-ro-c9akciq32.eu-west-1.rds.amazonaws.com",
        "DBSubnetGroup": "shop-db", "DbClusterResourceId": "cluster-ABCDEFGHIJKLMNOPQRSTUVWXY",
        "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-0db", "Status": "active"}],
        "DBClusterMembers": [{"DBInstanceIdentifier": "shop-1", "IsClusterWriter": true, "PromotionTier": 1},
                             {"DBInstanceIdentifier": "shop-2", "IsClusterWriter": false, "PromotionTier": 1}],
        "TagList": [{"Key": "team", "Value": "checkout"}]}]})",
                                         "rds-describe-db-clusters.json");
    const std::string cluster = "arn:aws:rds:eu-west-1:123456789012:cluster:shop";
    const auto* shop = findSystem(clusters, "aws:" + cluster);
    QVERIFY(shop);
    QCOMPARE(shop->kind, std::string("database"));
    QCOMPARE(shop->owner, std::string("checkout"));
    QCOMPARE(shop->attributes.value("writer", ""), std::string("shop-1"));
    QVERIFY(!shop->attributes.contains("MasterUsername"));
    QVERIFY(hasIdentifier(shop, "shop.cluster-c9akciq32.eu-west-1.rds.amazonaws.com"));
    QVERIFY(hasIdentifier(shop, "shop.cluster-ro-c9akciq32.eu-west-1.rds.amazonaws.com"));
    QCOMPARE(findEdge(clusters, "aws:" + cluster, "sg-0db")->kind, std::string("configured-by"));
    const std::string one = "arn:aws:rds:eu-west-1:123456789012:db:shop-1";
    QCOMPARE(findEdge(clusters, one, "aws:" + cluster)->kind, std::string("runs-on"));
    QVERIFY(findSystem(clusters, "aws:" + one)->reference); // (described by describe-db-instances)

    const Discovery instances = parseText(R"({"DBInstances": [
      {"DBInstanceIdentifier": "shop-1", "DBInstanceArn": "arn:aws:rds:eu-west-1:123456789012:db:shop-1",
       "Engine": "aurora-postgresql", "DBClusterIdentifier": "shop",
       "Endpoint": {"Address": "shop-1.c9akciq32.eu-west-1.rds.amazonaws.com", "Port": 5432}},
      {"DBInstanceIdentifier": "shop-2", "DBInstanceArn": "arn:aws:rds:eu-west-1:123456789012:db:shop-2",
       "Engine": "aurora-postgresql", "DBClusterIdentifier": "shop"}]})",
                                          "rds-describe-db-instances.json");
    QCOMPARE(findEdge(instances, "aws:arn:aws:rds:eu-west-1:123456789012:db:shop-2", cluster)->evidence,
             std::string("DBClusterIdentifier"));
    QVERIFY(findSystem(instances, "aws:" + cluster)->reference);

    // A function that reaches the cluster by its endpoint: it calls the cluster, on which both instances run.
    const Discovery fn = parseText(R"({"Functions": [{"FunctionName": "orders",
        "FunctionArn": "arn:aws:lambda:eu-west-1:123456789012:function:orders", "Runtime": "nodejs20.x",
        "Environment": {"Variables": {"PGHOST": "shop.cluster-c9akciq32.eu-west-1.rds.amazonaws.com"}}}]})",
                                   "lambda.json");
    QTemporaryDir tmp;
    auto project = Project::create(tmp.filePath(QStringLiteral("m.terrain")).toStdString());
    applyMerge(*project, planMerge(*project, {clusters, instances, fn}), QStringLiteral("import"));
    std::map<Id, std::string> names;
    for (const auto& s : project->list<System>())
        names[s.id] = s.name;
    QCOMPARE(names.size(), size_t(5)); // the cluster, its instances, the function, the security group
    std::set<std::string> edges;
    for (const auto& e : project->list<Dependency>())
        edges.insert(names[e.from] + " " + e.kind + " " + names[e.to]);
    const std::set<std::string> expected = {"orders calls shop", "shop-1 runs-on shop", "shop-2 runs-on shop",
                                            "shop configured-by sg-0db"};
    QCOMPARE(edges, expected);
    QCOMPARE(AwsCliParser().sniff("x.json", R"({"DBClusters": [{"DBClusterIdentifier": "shop"}]})"), 90);
}

void TestAwsCliParser::queryShapedOutputs() {
    // What `--query` leaves of a call's output: the resources alone, in a list (Reservations[].Instances[]),
    // in lists of lists (Reservations[*].Instances[*]), as the reservations (Reservations[]) or one resource
    // (Reservations[0].Instances[0]). They map as the call's own output does.
    const json instances = json::parse(readAll(kDir + kInstances));
    const json groups = json::parse(readAll(kDir + kGroups));
    json flat = json::array(), nested = json::array();
    for (const auto& r : instances["Reservations"]) {
        nested.push_back(r["Instances"]);
        for (const auto& i : r["Instances"])
            flat.push_back(i);
    }
    const std::string whole = dumpAll(parseText(instances.dump()));
    QVERIFY(whole.find("arn:aws:ec2:us-east-1:123456789012:instance/") != std::string::npos);
    QCOMPARE(dumpAll(parseText(flat.dump(4))), whole);
    QCOMPARE(dumpAll(parseText(nested.dump())), whole);
    QCOMPARE(dumpAll(parseText(instances["Reservations"].dump())), whole);
    QCOMPARE(dumpAll(parseText(groups["SecurityGroups"].dump())), dumpAll(parseText(groups.dump())));

    // Without their reservation the instances still know the account, from their network interfaces and
    // instance profile, and with it their ARNs.
    json orphan = flat[0];
    orphan.erase("NetworkInterfaces");
    orphan["IamInstanceProfile"] = {{"Arn", "arn:aws:iam::210987654321:instance-profile/bastion"}};
    const Discovery one = parseText(orphan.dump(2));
    // One instance alone: its SecurityGroups member is its own, not a describe-security-groups list.
    QCOMPARE(described(one), size_t(1));
    const auto* bastion = findSystem(one, "aws:i-00000000000000000");
    QVERIFY(bastion && !bastion->reference);
    QCOMPARE(bastion->name, std::string("Bastion"));
    QVERIFY(hasIdentifier(bastion, "arn:aws:ec2:us-east-1:210987654321:instance/i-00000000000000000"));
    QCOMPARE(findEdge(one, bastion->key, "sg-00000002")->kind, std::string("configured-by"));
    QVERIFY(findSystem(one, "aws:sg-00000002")->reference);

    // A projection that keeps the API's names keeps what it kept.
    const Discovery kept = parseText(
        R"([{"InstanceId": "i-9", "Tags": [{"Key": "Name", "Value": "api"}]}, {"GroupId": "sg-9", "VpcId": "vpc-9"},
            {"FunctionName": "resize"}, {"DBInstanceIdentifier": "orders"}])");
    QCOMPARE(described(kept), size_t(4));
    QCOMPARE(findSystem(kept, "aws:i-9")->name, std::string("api"));
    QCOMPARE(findSystem(kept, "aws:sg-9")->kind, std::string("network"));
    QVERIFY(findEdge(kept, "aws:sg-9", "vpc-9"));
    QCOMPARE(findSystem(kept, "aws:lambda:resize")->kind, std::string("function"));
    QCOMPARE(findSystem(kept, "aws:rds:orders")->kind, std::string("database"));

    // Nothing found: an empty list, said.
    const Discovery none = parseText("[]");
    QVERIFY(none.systems.empty());
    QCOMPARE(none.warnings, std::vector<std::string>{"an empty list: no resources to import"});

    // Sniffed as what they are; a list of other things is not.
    const AwsCliParser parser;
    QCOMPARE(parser.sniff("x.json", flat.dump(4)), 80);
    QCOMPARE(parser.sniff("x.json", nested.dump()), 80);
    QCOMPARE(parser.sniff("x.json", instances["Reservations"].dump()), 80);
    QCOMPARE(parser.sniff("x.json", groups["SecurityGroups"].dump(2)), 80);
    QCOMPARE(parser.sniff("x.json", orphan.dump(2)), 75);
    QCOMPARE(sniffFormat("x.json", flat.dump(4)).first, std::string("awscli"));
    QCOMPARE(sniffFormat("x.json", orphan.dump()).first, std::string("awscli"));
    QCOMPARE(parser.sniff("x.json", R"([{"InstanceId": "i-1"}])"), 0); // one member could be anything's
    QCOMPARE(parser.sniff("x.json", R"([{"ID": "i-1", "Type": "t3.micro"}])"), 0);
    QCOMPARE(parser.sniff("x.json", R"(["i-1"])"), 0);
    QCOMPARE(parser.sniff("x.json", "[]"), 0);
    QCOMPARE(parser.sniff("x.json", R"({"name": "x", "Instances": [{"InstanceId": "i-1"}]})"), 0);
}

void TestAwsCliParser::yamlOutputs() {
    // --output yaml prints the same output as YAML, --output yaml-stream each page as an item of a list.
    const std::string data = TERRAIN_SOURCE_DIR "/tests/importers/data/awscli/";
    const std::string instancesYaml = readAll(data + "ec2-describe-instances.yaml");
    const std::string pagesYaml = readAll(data + "ec2-describe-security-groups.yaml-stream.yaml");
    const std::string queryYaml = readAll(data + "ec2-describe-instances-query.yaml");
    QVERIFY(!instancesYaml.empty() && !pagesYaml.empty() && !queryYaml.empty());
    const std::string instances = readAll(kDir + kInstances);
    const std::string groups = readAll(kDir + kGroups);
    QCOMPARE(dumpAll(parseText(instancesYaml, "out")), dumpAll(parseText(instances, "out")));
    QCOMPARE(dumpAll(parseText(queryYaml, "out")), dumpAll(parseText(instances, "out")));
    const Discovery pages = parseText(pagesYaml, "out");
    QCOMPARE(dumpAll(pages), dumpAll(parseText(groups, "out")));
    QVERIFY(pages.warnings.empty()); // the first page's NextToken led to the second
    // The pages as YAML documents, the last one cut short: said.
    Discovery partial =
        parseText(readAll(data + "ec2-describe-security-groups.partial-documents.yaml"), "out");
    QCOMPARE(partial.warnings.size(), size_t(1));
    QVERIFY(partial.warnings[0].starts_with("partial output: NextToken"));
    partial.warnings.clear();
    QCOMPARE(dumpAll(partial), dumpAll(pages));

    const AwsCliParser parser;
    QCOMPARE(parser.sniff("x.yaml", instancesYaml), 90);
    QCOMPARE(parser.sniff("x.yaml", pagesYaml), 90);
    QCOMPARE(parser.sniff("x.yaml", queryYaml), 80);
    QCOMPARE(parser.sniff("x.yaml", "Vpcs: []\n"), 70);
    for (const auto* text : {&instancesYaml, &pagesYaml, &queryYaml})
        QCOMPARE(sniffFormat("out.yaml", *text).first, std::string("awscli"));
    QCOMPARE(parser.sniff("x.yaml", "services:\n  web:\n    image: nginx\n"), 0);
    QCOMPARE(parser.sniff("x.yaml", "- InstanceId: i-1\n"), 0); // one member could be anything's
}

void TestAwsCliParser::accountAndRegionFromPath() {
    const Discovery d = parseText(R"({"Vpcs": [{"VpcId": "vpc-9"}]})", "ec2-describe-vpcs.json",
                                  "/data/account-data/prod/eu-central-1/ec2-describe-vpcs.json");
    QCOMPARE(d.scope, std::string("awscli:/data/account-data/prod/eu-central-1/ec2-describe-vpcs.json"));
    QCOMPARE(d.legacyScope, std::string("awscli:prod/eu-central-1/ec2-describe-vpcs.json"));
    QCOMPARE(d.systems[0].attributes.value("region", ""), std::string("eu-central-1"));
    const Discovery n =
        parseText(R"({"Vpcs": [{"VpcId": "vpc-9", "OwnerId": "210987654321"}]})", "ec2-describe-vpcs.json",
                  "/data/account-data/210987654321/ap-south-1/ec2-describe-vpcs.json");
    QVERIFY(hasIdentifier(&n.systems[0], "arn:aws:ec2:ap-south-1:210987654321:vpc/vpc-9"));
    QCOMPARE(n.systems[0].attributes.value("account", ""), std::string("210987654321"));
}

void TestAwsCliParser::secretsNeverKept() {
    const std::vector<std::string> secrets = {"lambda-env-secret-1",  "AKIAIOSFODNN7EXAMPLE",
                                              "pw-in-url-secret",     "tag-secret-value",
                                              "plain-value-of-a-var", "client-token-xyz"};
    const Discovery d = parseText(R"({"Functions": [{"FunctionName": "api",
        "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:api",
        "Environment": {"Variables": {
            "DB_PASSWORD": "lambda-env-secret-1",
            "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
            "DATABASE_URL": "postgres://app:pw-in-url-secret@main.abc.us-east-1.rds.amazonaws.com:5432/app",
            "GREETING": "plain-value-of-a-var",
            "SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:x"}}}]})",
                                  "lambda.json");
    const Discovery i = parseText(R"({"Reservations": [{"Instances": [{"InstanceId": "i-9",
        "ClientToken": "client-token-xyz", "Tags": [{"Key": "db_password", "Value": "tag-secret-value"},
                                                     {"Key": "Name", "Value": "box"}]}]}]})");
    for (const Discovery* x : {&d, &i}) {
        const std::string all = dumpAll(*x);
        for (const auto& s : secrets)
            QVERIFY2(all.find(s) == std::string::npos, s.c_str());
    }
    // Only the endpoint's host: an edge named by the variable.
    QCOMPARE(findEdge(d, d.systems[0].key, "main.abc.us-east-1.rds.amazonaws.com")->evidence,
             std::string("env DATABASE_URL"));
    QCOMPARE(i.systems[0].name, std::string("box"));
}

void TestAwsCliParser::brokenInputs_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("place");
    QTest::newRow("a number") << QStringLiteral("7") << QStringLiteral(": line 1: expected the JSON or YAML");
    QTest::newRow("a list of numbers")
        << QStringLiteral("[3]") << QStringLiteral(": /0: expected a resource");
    QTest::newRow("ids a --query picked")
        << QStringLiteral(R"(["i-1", "i-2"])") << QStringLiteral(": /0: expected a resource");
    QTest::newRow("fields a --query renamed")
        << QStringLiteral(
               R"([[{"InstanceId": "i-1", "ImageId": "ami-1"}], [{"ID": "i-2", "Type": "t3.micro"}]])")
        << QStringLiteral(": /1/0: expected a resource");
    QTest::newRow("lists too deep") << QStringLiteral(R"([[[[[{"InstanceId": "i-1"}]]]]])")
                                    << QStringLiteral(": /0/0/0/0: expected a resource");
    QTest::newRow("queried instance without id")
        << QStringLiteral(R"([{"InstanceId": null, "ImageId": "ami-1"}])")
        << QStringLiteral(": /0/InstanceId: expected a non-empty string");
    QTest::newRow("queried instance id a number")
        << QStringLiteral(R"([{"InstanceId": "i-1"}, [{"InstanceId": 5}]])")
        << QStringLiteral(": /1/0/InstanceId: expected a string, found a number");
    QTest::newRow("queried reservation without instances")
        << QStringLiteral(R"([{"ReservationId": "r-1", "OwnerId": "123456789012", "Instances": "x"}])")
        << QStringLiteral(": /0/Instances: expected a list");
    QTest::newRow("unknown call") << QStringLiteral(R"({"Buckets": []})")
                                  << QStringLiteral(": /: expected the output");
    QTest::newRow("reservations a string")
        << QStringLiteral(R"({"Reservations": "x"})") << QStringLiteral("/Reservations");
    QTest::newRow("no instances") << QStringLiteral(R"({"Reservations": [{}]})")
                                  << QStringLiteral("/Reservations/0/Instances");
    QTest::newRow("instance id a number")
        << QStringLiteral(R"({"Reservations": [{"Instances": [{"InstanceId": 5}]}]})")
        << QStringLiteral("/Reservations/0/Instances/0/InstanceId");
    QTest::newRow("instance a string") << QStringLiteral(R"({"Reservations": [{"Instances": ["i-1"]}]})")
                                       << QStringLiteral("/Reservations/0/Instances/0");
    QTest::newRow("tags a map")
        << QStringLiteral(
               R"({"Reservations": [{"Instances": [{"InstanceId": "i-1", "Tags": {"Name": "x"}}]}]})")
        << QStringLiteral("/Reservations/0/Instances/0/Tags");
    QTest::newRow("group ids numbers")
        << QStringLiteral(
               R"({"Reservations": [{"Instances": [{"InstanceId": "i-1", "SecurityGroups": [{"GroupId": 1}]}]}]})")
        << QStringLiteral("/Reservations/0/Instances/0/SecurityGroups/0/GroupId");
    QTest::newRow("permissions a string")
        << QStringLiteral(R"({"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": "x"}]})")
        << QStringLiteral("/SecurityGroups/0/IpPermissions");
    QTest::newRow("pairs not objects")
        << QStringLiteral(
               R"({"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"UserIdGroupPairs": [3]}]}]})")
        << QStringLiteral("/SecurityGroups/0/IpPermissions/0/UserIdGroupPairs/0");
    QTest::newRow("subnet without id")
        << QStringLiteral(R"({"Subnets": [{"VpcId": "vpc-1"}]})") << QStringLiteral("/Subnets/0/SubnetId");
    QTest::newRow("lb without arn") << QStringLiteral(R"({"LoadBalancers": [{"DNSName": "x"}]})")
                                    << QStringLiteral("/LoadBalancers/0/LoadBalancerArn");
    QTest::newRow("target group arn a name")
        << QStringLiteral(R"({"TargetGroups": [{"TargetGroupArn": "web", "TargetGroupName": "web"}]})")
        << QStringLiteral(": /TargetGroups/0/TargetGroupArn: expected a target group's ARN");
    QTest::newRow("target group of no account")
        << QStringLiteral(
               R"({"TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:aws:targetgroup/w/1", "TargetHealthDescriptions": [{"Target": {"Id": "i-1"}, "TargetHealth": {}}]})")
        << QStringLiteral(": /TargetGroupArn: expected a target group's ARN");
    QTest::newRow("target group's balancers a string")
        << QStringLiteral(
               R"({"TargetGroups": [{"TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/w/1", "LoadBalancerArns": "x"}]})")
        << QStringLiteral(": /TargetGroups/0/LoadBalancerArns: expected a list");
    QTest::newRow("listener of no load balancer")
        << QStringLiteral(
               R"({"Listeners": [{"ListenerArn": "arn:aws:elasticloadbalancing:us-east-1:1:listener/app/w/1/2", "LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/w/1", "Port": 80}]})")
        << QStringLiteral(": /Listeners/0/LoadBalancerArn: expected a load balancer's ARN");
    QTest::newRow("listener forwarding to a name")
        << QStringLiteral(
               R"({"Listeners": [{"ListenerArn": "x", "LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/w/1", "DefaultActions": [{"Type": "forward", "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": "web"}]}}]}]})")
        << QStringLiteral(": /Listeners/0/DefaultActions/0/ForwardConfig/TargetGroups/0/TargetGroupArn: "
                          "expected a target group's ARN");
    QTest::newRow("target without id")
        << QStringLiteral(
               R"({"TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/w/1", "TargetHealthDescriptions": [{"Target": {"Port": 80}}]})")
        << QStringLiteral(": /TargetHealthDescriptions/0/Target/Id: expected a non-empty string");
    QTest::newRow("target health a string")
        << QStringLiteral(
               R"({"TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/w/1", "TargetHealthDescriptions": [{"Target": {"Id": "i-1"}, "TargetHealth": "ok"}]})")
        << QStringLiteral(": /TargetHealthDescriptions/0/TargetHealth: expected an object");
    QTest::newRow("vpc config a list")
        << QStringLiteral(R"({"Functions": [{"FunctionName": "f", "VpcConfig": []}]})")
        << QStringLiteral("/Functions/0/VpcConfig");
    QTest::newRow("db subnets a map")
        << QStringLiteral(
               R"({"DBInstances": [{"DBInstanceIdentifier": "d", "DBSubnetGroup": {"Subnets": {}}}]})")
        << QStringLiteral("/DBInstances/0/DBSubnetGroup/Subnets");
    QTest::newRow("truncated") << QStringLiteral(R"({"Vpcs": [{"VpcId": "vpc-)")
                               << QStringLiteral("line 1, column");
    QTest::newRow("yaml broken") << QStringLiteral("Vpcs:\n- VpcId: [vpc-1\n")
                                 << QStringLiteral("line 3, column 1");
    QTest::newRow("yaml list a number")
        << QStringLiteral("Vpcs: 3\n") << QStringLiteral(": /Vpcs: expected a list");
    QTest::newRow("yaml of something else") << QStringLiteral("# a note\nhello world\n")
                                            << QStringLiteral(": line 2: expected the JSON or YAML output");
    QTest::newRow("text output") << QStringLiteral("RESERVATIONS\t123456789012\tr-0abc\n")
                                 << QStringLiteral(": line 1: expected the JSON or YAML output");
    QTest::newRow("table output") << QStringLiteral("-------------\n|DescribeVpcs|\n")
                                  << QStringLiteral("line 1");
}

void TestAwsCliParser::brokenInputs() {
    QFETCH(QString, text);
    QFETCH(QString, place);
    const auto err = errorOf([&] { parseText(text.toStdString(), "bad.json"); });
    QVERIFY2(err, "no error");
    QVERIFY2(err->find("bad.json") == 0, err->c_str());
    QVERIFY2(err->find(place.toStdString()) != std::string::npos, err->c_str());
}

void TestAwsCliParser::truncatedAndMutatedFixtures() {
    int tried = 0, errors = 0;
    // The fixtures, and the target groups' outputs (the health's path names its group).
    const std::string data = TERRAIN_SOURCE_DIR "/tests/importers/data/awscli/account-data/demo/us-east-1/";
    const std::string health =
        "elbv2-describe-target-health/"
        "arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%3A123456789012%3Atargetgroup%2Fweb%2F73e2d6bc24d8a067";
    const std::string listeners = "elbv2-describe-listeners/"
                                  "arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%3A123456789012%"
                                  "3Aloadbalancer%2Fapp%2Fweb%2F50dc6c495c0c9188";
    const std::pair<std::string, std::string> files[] = {{kDir + kInstances, ""},
                                                         {kDir + kGroups, ""},
                                                         {kDir + kSubnets, ""},
                                                         {kDir + kVpcs, ""},
                                                         {data + "elbv2-describe-target-groups.json", ""},
                                                         {data + health, health},
                                                         {data + listeners, ""}};
    for (const auto& [file, path] : files) {
        const std::string text = readAll(file);
        QVERIFY(!text.empty());
        const auto parseAs = [&, &at = path](const std::string& t, const std::string& name) {
            parseText(t, name, at);
        };
        parseAs(text, "whole.json");
        for (int i = 1; i < 30; ++i) {
            const std::string cut = text.substr(0, text.size() * static_cast<size_t>(i) / 30);
            const auto err = errorOf([&] { parseAs(cut, "cut.json"); });
            QVERIFY2(err && err->find("cut.json: line ") == 0, cut.c_str());
        }
        const json doc = json::parse(text);
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
                if (const auto err = errorOf([&] { parseAs(variant.dump(), "typed.json"); })) {
                    ++errors;
                    QVERIFY2(err->find("typed.json: /") == 0, err->c_str());
                }
            }
    }
    QVERIFY(tried > 1000);
    QVERIFY(errors > 100);
}

void TestAwsCliParser::sniffing() {
    const AwsCliParser parser;
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
        if (path.contains(QLatin1String("/aws-cli/"))) {
            QVERIFY2(score >= 60, qPrintable(path));
            ++own;
        } else {
            QVERIFY2(score < 30, qPrintable(path));
            ++others;
        }
    }
    QCOMPARE(own, 4);
    QVERIFY(others > 20);
    QCOMPARE(parser.sniff("x.json", R"({"Vpcs": []})"), 70);
    QCOMPARE(parser.sniff("x.json", R"({"Buckets": [], "Owner": {}})"), 0);
}

QTEST_GUILESS_MAIN(TestAwsCliParser)
#include "tst_awscliparser.moc"
