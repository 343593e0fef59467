// CloudFormation templates: the ECS fixture pair (systems, folding, edges, the cross-stack join at
// merge time), short-form tags, the export/import evaluator, secrets, broken and hostile input, sniffing.
#include "CfnParser.h"
#include "DiscoveryDump.h"
#include "Error.h"
#include "ImportMerge.h"
#include "Project.h"
#include "WriteFile.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <set>

using namespace terrain;

namespace {

const std::string kDir = TERRAIN_FIXTURES_DIR "/cloudformation/";
const std::string kVpc = kDir + "aws-cfn-templates_ECS_Fargate_clusters_public-vpc.yaml";
const std::string kService = kDir + "aws-cfn-templates_ECS_Fargate_services_public-service.json";
const std::string kVpcStack = "aws-cfn-templates_ECS_Fargate_clusters_public-vpc";
const std::string kServiceStack = "aws-cfn-templates_ECS_Fargate_services_public-service";

Discovery parseFile(const std::string& path) {
    return CfnParser().parse(readSourceText(path), {});
}

Discovery parseText(const std::string& text, const std::string& name = "t.yaml") {
    SourceText src;
    src.name = name;
    src.path = name;
    src.text = decodeText(text, name);
    return CfnParser().parse(src, {});
}

template <class F> std::optional<std::string> errorOf(F f) {
    try {
        f();
    } catch (const Error& e) {
        return std::string(e.what());
    }
    return std::nullopt;
}

/// Everything a Discovery holds, as text, to search for secrets.
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

/// The kind of the edge from -> to, or "(none)".
std::string edgeKind(const Discovery& d, const std::string& from, const std::string& to) {
    const auto* e = findEdge(d, from, to);
    return e ? e->kind : std::string("(none)");
}

/// The same, between two resources of an inline template (stack "t").
std::string kindIn(const Discovery& d, const std::string& from, const std::string& to) {
    return edgeKind(d, "cfn:t/" + from, "cfn:t/" + to);
}

bool hasIdentifier(const DiscoveredSystem* s, const std::string& ident) {
    return s && std::find(s->identifiers.begin(), s->identifiers.end(), ident) != s->identifiers.end();
}

std::string readAll(const std::string& path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

} // namespace

class TestCfnParser : public QObject {
    Q_OBJECT
private slots:
    void vpcStack();
    void serviceStack();
    void stacksJoinAtMerge();
    void shortFormTagsAndReferences();
    void policiesAndResourcesNamedAsWritten();
    void exportAndImportNames();
    void cdkExportsJoinTheirImports();
    void samEventSources();
    void samGlobalsAndImplicitResources();
    void nestedStacksAreReadWithTheirParent();
    void foldingAndPlumbing();
    void secretsNeverKept();
    void brokenInputs_data();
    void brokenInputs();
    void truncatedAndMutatedFixtures();
    void hostileInputs();
    void sniffing();
};

void TestCfnParser::vpcStack() {
    const Discovery d = parseFile(kVpc);
    QCOMPARE(d.format, std::string("cfn"));
    QCOMPARE(d.file, std::string(kVpcStack + ".yaml"));
    QCOMPARE(d.scope, "cfn:" + kVpcStack);
    QCOMPARE(d.contentHash.size(), size_t(64));
    QVERIFY(d.warnings.empty());
    // 19 resources: 12 systems, 7 folded (2 SG ingress rules, route + 2 associations, the gateway
    // attachment, the listener).
    QCOMPARE(d.systems.size(), size_t(12));
    int folded = 0;
    for (const auto& s : d.systems) {
        folded += s.folded;
        QCOMPARE(s.group, kVpcStack);
        QCOMPARE(s.provider, std::string("aws"));
        QVERIFY2(std::find(systemKinds().begin(), systemKinds().end(), s.kind) != systemKinds().end(),
                 s.kind.c_str());
    }
    QCOMPARE(folded, 7);
    const std::string p = "cfn:" + kVpcStack + "/";
    const auto* vpc = findSystem(d, p + "VPC");
    QVERIFY(vpc);
    QCOMPARE(vpc->kind, std::string("network"));
    QCOMPARE(vpc->address, std::string("VPC"));
    QCOMPARE(vpc->attributes.value("type", ""), std::string("AWS::EC2::VPC"));
    QCOMPARE(findSystem(d, p + "PublicLoadBalancer")->kind, std::string("load-balancer"));
    QCOMPARE(findSystem(d, p + "PublicLoadBalancer")->folded, 1);
    QCOMPARE(findSystem(d, p + "ECSCluster")->kind, std::string("compute"));
    QCOMPARE(findSystem(d, p + "FargateContainerSecurityGroup")->folded, 2);
    QCOMPARE(findSystem(d, p + "PublicRouteTable")->folded, 3);
    QCOMPARE(findSystem(d, p + "InternetGateway")->folded, 1);
    QVERIFY(!findSystem(d, p + "EcsSecurityGroupIngressFromSelf"));
    QVERIFY(!findSystem(d, p + "PublicLoadBalancerListener"));

    // Edges: Ref, folded rules, DependsOn through a folded route.
    const auto* e = findEdge(d, p + "PublicSubnetOne", p + "VPC");
    QVERIFY(e);
    QCOMPARE(e->kind, std::string("runs-on"));
    QVERIFY(e->evidence.find("Ref VPC") != std::string::npos);
    e = findEdge(d, p + "FargateContainerSecurityGroup", p + "PublicLoadBalancerSG");
    QVERIFY(e);
    QVERIFY(e->evidence.find("EcsSecurityGroupIngressFromPublicALB") != std::string::npos);
    QCOMPARE(findEdge(d, p + "PublicLoadBalancer", p + "PublicLoadBalancerSG")->kind,
             std::string("configured-by"));
    QCOMPARE(findEdge(d, p + "PublicLoadBalancer", p + "DummyTargetGroupPublic")->kind,
             std::string("routes-to"));
    QVERIFY(findEdge(d, p + "PublicLoadBalancer", p + "PublicSubnetTwo"));
    e = findEdge(d, p + "PublicRouteTable", p + "InternetGateway");
    QVERIFY(e);
    QVERIFY(e->evidence.find("DependsOn GatewayAttachement") != std::string::npos);
    QCOMPARE(findEdge(d, p + "PublicSubnetOne", p + "PublicRouteTable")->kind, std::string("configured-by"));
    QVERIFY(!findEdge(d, p + "FargateContainerSecurityGroup", p + "FargateContainerSecurityGroup"));
    QCOMPARE(d.edges.size(), size_t(15));

    // Exports: the resource an output's value names carries the evaluated export name.
    QVERIFY(hasIdentifier(findSystem(d, p + "ECSCluster"), "cfn-export:*:ClusterName"));
    QVERIFY(hasIdentifier(findSystem(d, p + "PublicLoadBalancer"), "cfn-export:*:ExternalUrl"));
    QVERIFY(hasIdentifier(findSystem(d, p + "PublicLoadBalancer"), "cfn-export:*:PublicListener"));
    QVERIFY(hasIdentifier(findSystem(d, p + "VPC"), "cfn-export:*:VPCId"));
    QVERIFY(hasIdentifier(findSystem(d, p + "ECSTaskExecutionRole"), "cfn-export:*:ECSTaskExecutionRole"));
}

void TestCfnParser::serviceStack() {
    const Discovery d = parseFile(kService);
    QCOMPARE(d.scope, "cfn:" + kServiceStack);
    QVERIFY(d.warnings.empty());
    const std::string p = "cfn:" + kServiceStack + "/";
    QCOMPARE(d.systems.size(), size_t(3)); // TaskDefinition folds into the Service that uses it
    const auto* service = findSystem(d, p + "Service");
    QVERIFY(service);
    QCOMPARE(service->kind, std::string("service"));
    QCOMPARE(service->folded, 1);
    QCOMPARE(findSystem(d, p + "TargetGroup")->kind, std::string("load-balancer"));
    QVERIFY(findSystem(d, p + "LoadBalancerRule"));
    QVERIFY(!findSystem(d, p + "TaskDefinition"));

    QCOMPARE(findEdge(d, p + "Service", p + "LoadBalancerRule")->evidence,
             std::string("DependsOn LoadBalancerRule"));
    QCOMPARE(findEdge(d, p + "Service", "cfn-export:*:ClusterName")->kind, std::string("runs-on"));
    QCOMPARE(findEdge(d, p + "Service", "cfn-export:*:PublicSubnetOne")->kind, std::string("runs-on"));
    QCOMPARE(findEdge(d, p + "Service", "cfn-export:*:FargateContainerSecurityGroup")->kind,
             std::string("configured-by"));
    const auto* role = findEdge(d, p + "Service", "cfn-export:*:ECSTaskExecutionRole");
    QVERIFY(role);
    QVERIFY(role->evidence.find("TaskDefinition:") == 0); // from the folded task definition
    QVERIFY(findEdge(d, p + "TargetGroup", "cfn-export:*:VPCId"));
    QCOMPARE(findEdge(d, p + "LoadBalancerRule", p + "TargetGroup")->kind, std::string("routes-to"));
    QVERIFY(findEdge(d, p + "LoadBalancerRule", "cfn-export:*:PublicListener"));
    QVERIFY(findEdge(d, p + "Service", p + "TargetGroup"));
    // Parameters (Role, AWS::NoValue) are never edges.
    for (const auto& e : d.edges)
        QVERIFY2(e.to.find("Role") == std::string::npos ||
                     e.to.find("ECSTaskExecutionRole") != std::string::npos,
                 e.to.c_str());
    QCOMPARE(d.edges.size(), size_t(10));
}

void TestCfnParser::stacksJoinAtMerge() {
    QTemporaryDir dir;
    auto project = Project::create(dir.filePath(QStringLiteral("m.terrain")).toStdString());
    const Discovery vpc = parseFile(kVpc);
    const Discovery service = parseFile(kService);
    const MergePlan plan = planMerge(*project, {vpc, service});
    for (const auto& w : plan.warnings)
        QVERIFY2(w.find("no source defines") == std::string::npos, w.c_str());
    QCOMPARE(plan.inserts.size(), size_t(15));
    // Service → ECSCluster across the two stacks.
    auto indexOf = [&](const std::string& key) -> Id {
        for (size_t i = 0; i < plan.inserts.size(); ++i)
            if (plan.inserts[i].key == key)
                return -static_cast<Id>(i + 1);
        return 0;
    };
    const Id svc = indexOf("cfn:" + kServiceStack + "/Service");
    const Id cluster = indexOf("cfn:" + kVpcStack + "/ECSCluster");
    const Id listenerHome = indexOf("cfn:" + kVpcStack + "/PublicLoadBalancer");
    const Id rule = indexOf("cfn:" + kServiceStack + "/LoadBalancerRule");
    QVERIFY(svc && cluster && listenerHome && rule);
    bool serviceOnCluster = false, ruleOnLoadBalancer = false;
    for (const auto& e : plan.edgeInserts) {
        serviceOnCluster = serviceOnCluster || (e.from == svc && e.to == cluster && e.kind == "runs-on");
        ruleOnLoadBalancer = ruleOnLoadBalancer || (e.from == rule && e.to == listenerHome);
    }
    QVERIFY(serviceOnCluster);
    QVERIFY(ruleOnLoadBalancer);
    QCOMPARE(plan.edgeInserts.size(), size_t(15 + 10));

    // The same template deployed twice (its exports named after the stack, `${AWS::StackName}:VPCId`):
    // two stacks of their own, imported together or one after the other, and the service's imports of
    // those names, which either could be, are left out with a warning instead of joining both.
    std::ifstream in(kVpc);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const Discovery staging = parseText(text, "staging-vpc.yaml");
    const MergePlan two = planMerge(*project, {vpc, staging});
    QCOMPARE(two.inserts.size(), 2 * vpc.systems.size());
    QCOMPARE(two.edgeInserts.size(), 2 * vpc.edges.size());
    const MergePlan three = planMerge(*project, {vpc, staging, service});
    QCOMPARE(three.inserts.size(), size_t(15) + vpc.systems.size());
    const auto ambiguous =
        std::count_if(three.warnings.begin(), three.warnings.end(), [](const std::string& w) {
            return w.find("cfn-export:*:ClusterName, an export of 2 stacks") != std::string::npos;
        });
    QCOMPARE(ambiguous, 1);
    applyMerge(*project, planMerge(*project, {vpc}), QStringLiteral("first stack"));
    const MergePlan later = planMerge(*project, {staging});
    QCOMPARE(later.inserts.size(), staging.systems.size());
    QVERIFY(later.updates.empty());
}

void TestCfnParser::shortFormTagsAndReferences() {
    const Discovery d = parseText(R"(AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    Default: staging
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t3.micro
  Cache:
    Type: AWS::ElastiCache::CacheCluster
    Properties:
      Engine: redis
  Queue:
    Type: AWS::SQS::Queue
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: my-assets
  Fn:
    Type: AWS::Lambda::Function
    DependsOn: [Queue, Bucket]
    Properties:
      Runtime: python3.12
      Environment:
        Variables:
          DB_HOST: !GetAtt Db.Endpoint.Address
          CACHE: !GetAtt [Cache, RedisEndpoint.Address]
          URL: !Sub "https://${Bucket}.s3.${AWS::Region}.amazonaws.com/${!NotARef}/${Region}"
          LOCAL: !Sub
            - "${Name}-${Queue.Arn}"
            - Name: !Ref Env
          REGION: !Ref AWS::Region
          ENV: !Ref Env
          MAYBE: !If [IsProd, !Ref Cache, !Ref AWS::NoValue]
      Code:
        ZipFile: !Join ["", ["print 1"]]
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
  Alarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Dimensions:
        - Name: FunctionName
          Value: !Select [0, !Split [",", !Ref Fn]]
)");
    const std::string p = "cfn:t/";
    QCOMPARE(d.systems.size(), size_t(7));
    QCOMPARE(findSystem(d, p + "Db")->kind, std::string("database"));
    QCOMPARE(findSystem(d, p + "Db")->attributes.value("Engine", ""), std::string("postgres"));
    QCOMPARE(findSystem(d, p + "Cache")->kind, std::string("cache"));
    QCOMPARE(findSystem(d, p + "Queue")->kind, std::string("queue"));
    QCOMPARE(findSystem(d, p + "Bucket")->kind, std::string("storage"));
    QVERIFY(hasIdentifier(findSystem(d, p + "Bucket"), "arn:aws:s3:::my-assets"));
    QCOMPARE(findSystem(d, p + "Fn")->kind, std::string("function"));
    QCOMPARE(findSystem(d, p + "Api")->kind, std::string("function"));
    QCOMPARE(findSystem(d, p + "Alarm")->kind, std::string("monitoring"));

    const auto* db = findEdge(d, p + "Fn", p + "Db");
    QVERIFY(db);
    QCOMPARE(db->kind, std::string("calls")); // from the environment
    QVERIFY(db->evidence.find("GetAtt Db.Endpoint.Address") != std::string::npos);
    const auto* cache = findEdge(d, p + "Fn", p + "Cache");
    QVERIFY(cache);
    QVERIFY(cache->evidence.find("GetAtt Cache.RedisEndpoint.Address") != std::string::npos);
    QVERIFY(cache->evidence.find("if IsProd") != std::string::npos);
    const auto* bucket = findEdge(d, p + "Fn", p + "Bucket");
    QVERIFY(bucket);
    QVERIFY(bucket->evidence.find("DependsOn Bucket") != std::string::npos);
    QVERIFY(bucket->evidence.find("Sub ${Bucket}") != std::string::npos);
    const auto* queue = findEdge(d, p + "Fn", p + "Queue");
    QVERIFY(queue);
    QVERIFY(queue->evidence.find("Sub ${Queue.Arn}") != std::string::npos);
    QVERIFY(findEdge(d, p + "Alarm", p + "Fn"));
    QCOMPARE(d.edges.size(), size_t(5));
    // ${Region} names nothing: a warning, not an edge; ${!NotARef} and ${AWS::Region} are skipped.
    QCOMPARE(d.warnings.size(), size_t(1));
    QVERIFY(d.warnings[0].find("${Region}") != std::string::npos);

    // JSON long forms: GetAtt as "X.Attr" and [X, Attr], Ref, Fn::Sub [string, vars].
    const Discovery j = parseText(R"({"Resources": {
        "A": {"Type": "AWS::EC2::Instance", "Properties": {"SubnetId": {"Ref": "S"},
              "UserData": {"Fn::Base64": {"Fn::Sub": ["x ${V}", {"V": {"Fn::GetAtt": "B.Arn"}}]}}}},
        "S": {"Type": "AWS::EC2::Subnet"},
        "B": {"Type": "AWS::SNS::Topic"}}})",
                                  "j.json");
    QCOMPARE(findEdge(j, "cfn:j/A", "cfn:j/S")->kind, std::string("runs-on"));
    QVERIFY(findEdge(j, "cfn:j/A", "cfn:j/B"));
    QCOMPARE(findSystem(j, "cfn:j/A")->kind, std::string("compute"));

    // A tag that is no function (the audit's `!GetAttr` typo): said, once, not passed over in silence.
    const Discovery typo = parseText("Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n"
                                     "    Properties: {Role: !GetAttr Role.Arn, Layers: [!GetAttr L.Arn]}\n"
                                     "  Role: {Type: AWS::IAM::Role}\n",
                                     "typo.yaml");
    QCOMPARE(typo.warnings.size(), size_t(1));
    QVERIFY2(typo.warnings[0].starts_with("!GetAttr is no CloudFormation function"),
             typo.warnings[0].c_str());
    QVERIFY(
        parseText(
            "Resources:\n  A: {Type: AWS::SNS::Topic, Properties: {TopicName: !Sub 'x-${AWS::Region}'}}\n",
            "fine.yaml")
            .warnings.empty());
}

// An IAM policy's statements use their resources as their actions say (a denial not at all); a resource
// of AWS a property names as written (a subnet of another stack, a queue by its URL, a bucket by its
// ARN) is this template's system known so, or an external, which the resource joins where it is imported.
void TestCfnParser::policiesAndResourcesNamedAsWritten() {
    const Discovery d = parseText(R"(Resources:
  Orders:
    Type: AWS::DynamoDB::Table
  Media:
    Type: AWS::S3::Bucket
    Properties: {BucketName: shop-media}
  Audit:
    Type: AWS::S3::Bucket
  Role:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: data
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [dynamodb:GetItem, dynamodb:Query]
                Resource: !GetAtt Orders.Arn
              - Effect: Allow
                Action: s3:PutObject
                Resource: arn:aws:s3:::shop-media/uploads/*
              - Effect: Deny
                Action: s3:*
                Resource: !GetAtt Audit.Arn
              - Effect: Allow
                Action: sqs:SendMessage
                Resource: arn:aws:sqs:eu-west-1:123456789012:jobs
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt Role.Arn
      VpcConfig:
        SubnetIds: [subnet-0a1b2c3d4e5f60718]
      Environment:
        Variables:
          EVENTS_URL: https://sqs.eu-west-1.amazonaws.com/123456789012/events
          AMI: ami-0abcdef1234567890
)");
    QCOMPARE(kindIn(d, "Role", "Orders"), std::string("reads"));
    QCOMPARE(kindIn(d, "Role", "Media"), std::string("writes"));
    QCOMPARE(kindIn(d, "Role", "Audit"), std::string("(none)"));
    const std::string jobs = "cfn:external/arn:aws:sqs:eu-west-1:123456789012:jobs";
    QCOMPARE(edgeKind(d, "cfn:t/Role", jobs), std::string("writes"));
    QCOMPARE(findSystem(d, jobs)->kind, std::string("queue"));
    QVERIFY(findSystem(d, jobs)->external);
    QVERIFY(hasIdentifier(findSystem(d, jobs), "arn:aws:sqs:eu-west-1:123456789012:jobs"));
    const std::string subnet = "cfn:external/subnet-0a1b2c3d4e5f60718";
    QCOMPARE(edgeKind(d, "cfn:t/Fn", subnet), std::string("runs-on"));
    QCOMPARE(findSystem(d, subnet)->kind, std::string("network"));
    QCOMPARE(edgeKind(d, "cfn:t/Fn", "cfn:external/arn:aws:sqs:eu-west-1:123456789012:events"),
             std::string("calls"));
    QCOMPARE(findEdge(d, "cfn:t/Fn", "cfn:external/arn:aws:sqs:eu-west-1:123456789012:events")->evidence,
             std::string("EVENTS_URL events"));
    QCOMPARE(d.edges.size(), size_t(6)); // and no image
}

void TestCfnParser::exportAndImportNames() {
    const Discovery exporter = parseText(R"(Metadata:
  StackName: prod-network
Parameters:
  EnvironmentName: {Type: String, Default: prod}
Resources:
  Vpc: {Type: "AWS::EC2::VPC"}
  Sg: {Type: "AWS::EC2::SecurityGroup", Properties: {VpcId: !Ref Vpc}}
  Topic: {Type: "AWS::SNS::Topic"}
Outputs:
  VpcId:
    Value: !Ref Vpc
    Export: {Name: !Sub "${AWS::StackName}-VpcId"}
  Sg:
    Value: !GetAtt Sg.GroupId
    Export: {Name: !Sub "${EnvironmentName}-sg"}
  TopicArn:
    Value: !Ref Topic
    Export: {Name: shared-topic}
  NotExported:
    Value: !Ref Topic
)",
                                         "network.yaml");
    QCOMPARE(exporter.scope, std::string("cfn:prod-network"));
    const auto* vpc = findSystem(exporter, "cfn:prod-network/Vpc");
    QVERIFY(vpc);
    QCOMPARE(vpc->group, std::string("prod-network"));
    QVERIFY(hasIdentifier(vpc, "cfn-export:*-VpcId"));
    QVERIFY(hasIdentifier(vpc, "cfn-export:prod-network-VpcId"));
    QVERIFY(hasIdentifier(findSystem(exporter, "cfn:prod-network/Sg"), "cfn-export:prod-sg"));
    QVERIFY(hasIdentifier(findSystem(exporter, "cfn:prod-network/Topic"), "cfn-export:shared-topic"));

    const Discovery importer = parseText(R"({
      "Parameters": {"NetworkStackName": {"Type": "String"}, "Env": {"Type": "String", "Default": "prod"}},
      "Resources": {
        "Instance": {"Type": "AWS::EC2::Instance", "Properties": {
          "SubnetId": {"Fn::ImportValue": {"Fn::Sub": "${NetworkStackName}-VpcId"}},
          "SecurityGroupIds": [{"Fn::ImportValue": {"Fn::Join": ["-", [{"Ref": "Env"}, "sg"]]}}],
          "Tags": [{"Key": "Topic", "Value": {"Fn::ImportValue": "shared-topic"}}],
          "Other": {"Fn::ImportValue": {"Fn::GetAtt": ["X", "Y"]}}}}}})",
                                         "app.json");
    const std::string i = "cfn:app/Instance";
    QCOMPARE(findEdge(importer, i, "cfn-export:*-VpcId")->kind, std::string("runs-on"));
    QCOMPARE(findEdge(importer, i, "cfn-export:prod-sg")->kind, std::string("configured-by"));
    QVERIFY(findEdge(importer, i, "cfn-export:shared-topic"));
    QCOMPARE(importer.edges.size(), size_t(3));
    QCOMPARE(importer.warnings.size(), size_t(1)); // the GetAtt import name cannot be worked out

    QTemporaryDir dir;
    auto project = Project::create(dir.filePath(QStringLiteral("m.terrain")).toStdString());
    const MergePlan plan = planMerge(*project, {exporter, importer});
    for (const auto& w : plan.warnings)
        QVERIFY2(w.find("no source defines") == std::string::npos, w.c_str());
    QCOMPARE(plan.edgeInserts.size(), size_t(1 + 3));
}

// The CDK's own exports across its stacks (cdk.out/*.template.json): names of 32 letters and digits and more,
// which as values would be taken for keys, join their importers; a secret in an export's name still does not.
void TestCfnParser::cdkExportsJoinTheirImports() {
    const Discovery network = parseText(R"({
      "Resources": {
        "VpcPrivateSubnet1Subnet536B997A": {"Type": "AWS::EC2::Subnet"},
        "DatabaseB269D8BB": {"Type": "AWS::RDS::DBInstance"}},
      "Outputs": {
        "ExportsOutputRefVpcPrivateSubnet1Subnet536B997A": {
          "Value": {"Ref": "VpcPrivateSubnet1Subnet536B997A"},
          "Export": {"Name": "NetworkStack:ExportsOutputRefVpcPrivateSubnet1Subnet536B997A"}},
        "ExportsOutputFnGetAttDatabaseB269D8BBEndpointAddress1A2B3C4D": {
          "Value": {"Fn::GetAtt": ["DatabaseB269D8BB", "Endpoint.Address"]},
          "Export": {"Name": "NetworkStack:ExportsOutputFnGetAttDatabaseB269D8BBEndpointAddress1A2B3C4D"}},
        "Leak": {"Value": {"Ref": "DatabaseB269D8BB"},
                 "Export": {"Name": "kR7vQ2xZ9mW4pL8nT3bY6cF1hJ5dG0sA"}}}})",
                                        "NetworkStack.template.json");
    QVERIFY(hasIdentifier(findSystem(network, "cfn:NetworkStack/VpcPrivateSubnet1Subnet536B997A"),
                          "cfn-export:NetworkStack:ExportsOutputRefVpcPrivateSubnet1Subnet536B997A"));
    const auto* db = findSystem(network, "cfn:NetworkStack/DatabaseB269D8BB");
    QVERIFY(hasIdentifier(
        db, "cfn-export:NetworkStack:ExportsOutputFnGetAttDatabaseB269D8BBEndpointAddress1A2B3C4D"));
    QCOMPARE(db->identifiers.size(), size_t(1)); // the key-like name is not kept

    const Discovery app = parseText(R"({
      "Resources": {
        "Fn9270CBC0": {"Type": "AWS::Lambda::Function", "Properties": {
          "VpcConfig": {"SubnetIds": [{"Fn::ImportValue": "NetworkStack:ExportsOutputRefVpcPrivateSubnet1Subnet536B997A"}]},
          "Environment": {"Variables": {
            "DB_HOST": {"Fn::ImportValue": "NetworkStack:ExportsOutputFnGetAttDatabaseB269D8BBEndpointAddress1A2B3C4D"},
            "OTHER": {"Fn::ImportValue": "kR7vQ2xZ9mW4pL8nT3bY6cF1hJ5dG0sA"},
            "SPOOF": {"Fn::ImportValue": "kR7vQ2xZ9mW4pL8nT3bY6cF1hJ5dG0sAkR7vQ2:ExportsOutputRefX"}}}}}}})",
                                    "AppStack.template.json");
    const std::string fn = "cfn:AppStack/Fn9270CBC0";
    QCOMPARE(
        findEdge(app, fn, "cfn-export:NetworkStack:ExportsOutputRefVpcPrivateSubnet1Subnet536B997A")->kind,
        std::string("runs-on"));
    QVERIFY(findEdge(app, fn,
                     "cfn-export:NetworkStack:ExportsOutputFnGetAttDatabaseB269D8BBEndpointAddress1A2B3C4D"));
    QCOMPARE(app.edges.size(), size_t(2)); // neither import by a key-like name

    QTemporaryDir dir;
    auto project = Project::create(dir.filePath(QStringLiteral("m.terrain")).toStdString());
    const MergePlan plan = planMerge(*project, {network, app});
    QCOMPARE(plan.edgeInserts.size(), size_t(2));
    for (const auto& w : plan.warnings)
        QVERIFY2(w.find("no source defines") == std::string::npos, w.c_str());
}

void TestCfnParser::samEventSources() {
    // A SAM function's events: the API and the bucket invoke it, it reads the queue, the stream and the
    // topic; an API method's integration routes to its function.
    const Discovery d = parseText(R"(AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties: {StageName: prod}
  Uploads:
    Type: AWS::S3::Bucket
  Jobs:
    Type: AWS::SQS::Queue
  Changes:
    Type: AWS::Kinesis::Stream
  Alerts:
    Type: AWS::SNS::Topic
  Handler:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Events:
        Post: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /orders, Method: post}}
        Upload: {Type: S3, Properties: {Bucket: !Ref Uploads, Events: "s3:ObjectCreated:*"}}
        Work: {Type: SQS, Properties: {Queue: !GetAtt Jobs.Arn}}
        Stream: {Type: Kinesis, Properties: {Stream: !GetAtt Changes.Arn, StartingPosition: LATEST}}
        Alert: {Type: SNS, Properties: {Topic: !Ref Alerts}}
  Rest:
    Type: AWS::ApiGateway::RestApi
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Rest
      HttpMethod: GET
      Integration:
        Type: AWS_PROXY
        Uri: !Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Handler.Arn}/invocations"
)");
    const std::string p = "cfn:t/";
    QCOMPARE(kindIn(d, "Api", "Handler"), std::string("routes-to"));
    QCOMPARE(kindIn(d, "Uploads", "Handler"), std::string("calls"));
    QCOMPARE(kindIn(d, "Handler", "Jobs"), std::string("reads"));
    QCOMPARE(kindIn(d, "Handler", "Changes"), std::string("reads"));
    QCOMPARE(kindIn(d, "Handler", "Alerts"), std::string("reads"));
    QCOMPARE(kindIn(d, "Rest", "Handler"), std::string("routes-to"));
    QCOMPARE(kindIn(d, "Handler", "Api"), std::string("(none)"));
    QCOMPARE(kindIn(d, "Handler", "Uploads"), std::string("(none)"));
    QCOMPARE(d.edges.size(), size_t(6));
}

void TestCfnParser::samGlobalsAndImplicitResources() {
    // As `sam init` writes a template: Globals for every function, Api and HttpApi events without an API of
    // their own, outputs naming what the transform makes (ServerlessRestApi, <Function>Role).
    const Discovery d = parseText(R"(AWSTemplateFormatVersion: "2010-09-09"
Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
Globals:
  Function:
    Runtime: python3.12
    Layers: [!Ref Shared]
    Environment:
      Variables:
        TABLE: !Ref Orders
        QUEUE_URL: !Ref Jobs
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
  Archive:
    Type: AWS::DynamoDB::Table
  Jobs:
    Type: AWS::SQS::Queue
  Shared:
    Type: AWS::Serverless::LayerVersion
    Properties: {ContentUri: layer/}
  HelloWorldFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.lambda_handler
      Events:
        HelloWorld: {Type: Api, Properties: {Path: /hello, Method: get}}
  ArchiveFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Role: arn:aws:iam::123456789012:role/archive
      Environment:
        Variables:
          TABLE: !Ref Archive
      Events:
        Http: {Type: HttpApi, Properties: {Path: /archive, Method: post}}
Outputs:
  HelloWorldApi:
    Value: !Sub "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod/hello/"
  HelloWorldFunctionIamRole:
    Value: !GetAtt HelloWorldFunctionRole.Arn
  ArchiveApi:
    Value: !Sub "https://${ServerlessHttpApi}.execute-api.${AWS::Region}.amazonaws.com/"
)");
    const std::string p = "cfn:t/";
    // Globals: both functions read the queue and use the layer; the archive's own TABLE wins over the global.
    QCOMPARE(kindIn(d, "HelloWorldFunction", "Orders"), std::string("calls"));
    QCOMPARE(kindIn(d, "HelloWorldFunction", "Jobs"), std::string("calls"));
    QCOMPARE(kindIn(d, "ArchiveFunction", "Jobs"), std::string("calls"));
    QCOMPARE(kindIn(d, "ArchiveFunction", "Archive"), std::string("calls"));
    QCOMPARE(kindIn(d, "ArchiveFunction", "Orders"), std::string("(none)"));
    QVERIFY(findEdge(d, p + "HelloWorldFunction", p + "Shared") &&
            findEdge(d, p + "ArchiveFunction", p + "Shared"));
    const auto* hello = findSystem(d, p + "HelloWorldFunction");
    QVERIFY(hello);
    QCOMPARE(hello->attributes.value("Runtime", ""), std::string("python3.12"));
    QCOMPARE(findSystem(d, p + "ArchiveFunction")->attributes.value("Runtime", ""),
             std::string("nodejs20.x"));
    // The APIs the transform makes route to the functions; the role it makes folds into its function.
    const auto* rest = findSystem(d, p + "ServerlessRestApi");
    QVERIFY(rest && findSystem(d, p + "ServerlessHttpApi"));
    QCOMPARE(rest->kind, std::string("load-balancer"));
    QCOMPARE(rest->attributes.value("made_by", ""), std::string("the SAM transform"));
    QCOMPARE(kindIn(d, "ServerlessRestApi", "HelloWorldFunction"), std::string("routes-to"));
    QCOMPARE(findEdge(d, p + "ServerlessRestApi", p + "HelloWorldFunction")->evidence,
             std::string("Events HelloWorld: Api get /hello"));
    QCOMPARE(kindIn(d, "ServerlessHttpApi", "ArchiveFunction"), std::string("routes-to"));
    QVERIFY(!findSystem(d, p + "HelloWorldFunctionRole"));
    QCOMPARE(hello->folded, 1);
    QVERIFY2(d.warnings.empty(), d.warnings.empty() ? "" : d.warnings.front().c_str());

    // Without the transform, Globals is no CloudFormation section: nothing is merged or made.
    const Discovery plain = parseText(R"(Globals:
  Function: {Environment: {Variables: {TABLE: !Ref Orders}}}
Resources:
  Orders: {Type: AWS::DynamoDB::Table}
  F:
    Type: AWS::Serverless::Function
    Properties:
      Events: {Get: {Type: Api, Properties: {Path: /, Method: get}}}
)");
    QVERIFY(plain.edges.empty());
    QCOMPARE(plain.systems.size(), size_t(2));
    // A Globals section that is not a map, or a section of it that is not one: refused with its place.
    const auto bad = errorOf([] {
        parseText("Transform: AWS::Serverless-2016-10-31\nGlobals: [1]\nResources:\n  F: {Type: "
                  "AWS::SQS::Queue}\n");
    });
    QVERIFY(bad && bad->find("/Globals") != std::string::npos);
    const auto badSection = errorOf([] {
        parseText("Transform: AWS::Serverless-2016-10-31\nGlobals: {Function: 3}\nResources:\n"
                  "  F: {Type: AWS::Serverless::Function}\n");
    });
    QVERIFY2(badSection && badSection->find("/Globals/Function") != std::string::npos,
             badSection ? badSection->c_str() : "no error");
}

// A root stack whose nested stacks' templates are beside it (as before `aws cloudformation package`): their
// resources are systems of the root stack, grouped by nested stack, and a value passed from one nested
// stack's output through another's parameter is an edge between the resources they name.
void TestCfnParser::nestedStacksAreReadWithTheirParent() {
    QTemporaryDir dir;
    const QString root = dir.filePath(QStringLiteral("root.yaml"));
    test::writeFile(
        root,
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n"
        "  Network:\n    Type: AWS::CloudFormation::Stack\n"
        "    Properties: {TemplateURL: ./stacks/network.yaml, Parameters: {Cidr: 10.0.0.0/16}}\n"
        "  App:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n"
        "      TemplateURL: stacks/app.yaml\n      Parameters:\n"
        "        SubnetId: !GetAtt Network.Outputs.SubnetId\n        Logs: !Ref Logs\n"
        "  Logs: {Type: AWS::S3::Bucket}\n"
        "  Queue: {Type: AWS::SQS::Queue, DependsOn: Network}\n"
        "  Deployed:\n    Type: AWS::CloudFormation::Stack\n"
        "    Properties: {TemplateURL: 'https://s3.amazonaws.com/b/deployed.template'}\n"
        "  Missing:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: ./gone.yaml}\n"
        "  Readme:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: ./README.md}\n");
    test::writeFile(dir.filePath(QStringLiteral("README.md")), "# Stacks\n\nSee root.yaml.\n");
    test::writeFile(
        dir.filePath(QStringLiteral("stacks/network.yaml")),
        "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  Cidr: {Type: String}\nResources:\n"
        "  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: !Ref Cidr}}\n"
        "  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc}}\n"
        "Outputs:\n  SubnetId: {Value: !Ref Subnet}\n");
    test::writeFile(
        dir.filePath(QStringLiteral("stacks/app.yaml")),
        "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  SubnetId: {Type: String}\n"
        "  Logs: {Type: String}\nResources:\n"
        "  Server:\n    Type: AWS::EC2::Instance\n"
        "    Properties: {SubnetId: !Ref SubnetId, UserData: !Sub 'aws s3 cp s3://${Logs}/x .'}\n"
        "  Again:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: ../root.yaml}\n");
    const Discovery d = parseFile(root.toStdString());
    std::set<std::string> keys;
    for (const auto& sys : d.systems)
        keys.insert(sys.key);
    // The nested stacks read are groups, not systems; the deployed one, the missing one, the one that is
    // no template and the one that leads back to the root stay systems, each with a warning.
    QCOMPARE(keys,
             (std::set<std::string>{"cfn:root/Logs", "cfn:root/Queue", "cfn:root/Deployed",
                                    "cfn:root/Missing", "cfn:root/Readme", "cfn:root/Network/Vpc",
                                    "cfn:root/Network/Subnet", "cfn:root/App/Server", "cfn:root/App/Again"}));
    QCOMPARE(findSystem(d, "cfn:root/Network/Subnet")->group, std::string("root/Network"));
    QCOMPARE(findSystem(d, "cfn:root/Network/Subnet")->address, std::string("Network/Subnet"));
    QCOMPARE(findSystem(d, "cfn:root/Logs")->group, std::string("root"));
    const auto* runsOn = findEdge(d, "cfn:root/App/Server", "cfn:root/Network/Subnet");
    QVERIFY(runsOn);
    QCOMPARE(runsOn->kind, std::string("runs-on"));
    QCOMPARE(runsOn->evidence, std::string("Ref SubnetId (SubnetId), a parameter of App"));
    QVERIFY(findEdge(d, "cfn:root/App/Server", "cfn:root/Logs"));
    QVERIFY(findEdge(d, "cfn:root/Network/Subnet", "cfn:root/Network/Vpc"));
    // DependsOn a nested stack: on what none of that stack's resources depends on (the Subnet, which
    // depends on the Vpc).
    const auto* waits = findEdge(d, "cfn:root/Queue", "cfn:root/Network/Subnet");
    QVERIFY(waits);
    QCOMPARE(waits->kind, std::string("depends-on"));
    QCOMPARE(waits->evidence, std::string("DependsOn Network"));
    QVERIFY(!findEdge(d, "cfn:root/Queue", "cfn:root/Network/Vpc"));
    QCOMPARE(d.edges.size(), size_t(4));
    std::string warnings;
    for (const auto& w : d.warnings)
        warnings += w + "\n";
    QVERIFY2(warnings.find("./gone.yaml is not there; Missing is a system of its own") != std::string::npos,
             warnings.c_str());
    QVERIFY2(warnings.find("./README.md is not a CloudFormation template") != std::string::npos,
             warnings.c_str());
    QVERIFY2(warnings.find("app.yaml: /Resources/Again/Properties/TemplateURL: ../root.yaml leads back") !=
                 std::string::npos,
             warnings.c_str());
    QCOMPARE(d.included.size(), size_t(2)); // a folder import does not read them again on their own
    // A broken nested template is an error that names it and its place.
    test::writeFile(dir.filePath(QStringLiteral("stacks/network.yaml")),
                    "AWSTemplateFormatVersion: '2010-09-09'\nResources: [1, 2]\n");
    const auto e = errorOf([&] { parseFile(root.toStdString()); });
    QVERIFY(e);
    QVERIFY2(e->starts_with("network.yaml: /Resources") || e->find("network.yaml") != std::string::npos,
             e->c_str());
}

void TestCfnParser::foldingAndPlumbing() {
    const Discovery d = parseText(R"(Resources:
  Role: {Type: "AWS::IAM::Role"}
  Policy: {Type: "AWS::IAM::Policy", Properties: {Roles: [!Ref Role], PolicyDocument: {Statement: [{Resource: !GetAtt Queue.Arn}]}}}
  Queue: {Type: "AWS::SQS::Queue"}
  Wait: {Type: "AWS::CloudFormation::WaitConditionHandle"}
  Custom: {Type: "Custom::Thing", Properties: {ServiceToken: !GetAtt Fn.Arn}}
  Fn: {Type: "AWS::Lambda::Function", Properties: {Role: !GetAtt Role.Arn}}
  Perm: {Type: "AWS::Lambda::Permission", Properties: {FunctionName: !Ref Fn, SourceArn: !GetAtt Queue.Arn}}
  Mapping: {Type: "AWS::Lambda::EventSourceMapping", Properties: {FunctionName: !Ref Fn, EventSourceArn: !GetAtt Queue.Arn}}
  DbSubnets: {Type: "AWS::RDS::DBSubnetGroup"}
  Db: {Type: "AWS::RDS::DBInstance", DependsOn: Wait, Properties: {DBSubnetGroupName: !Ref DbSubnets}}
  Shared: {Type: "AWS::RDS::DBParameterGroup"}
  DbA: {Type: "AWS::RDS::DBInstance", Properties: {DBParameterGroupName: !Ref Shared}}
  DbB: {Type: "AWS::RDS::DBInstance", Properties: {DBParameterGroupName: !Ref Shared}}
  LoopA: {Type: "AWS::EC2::SecurityGroupIngress", Properties: {GroupId: !Ref LoopB}}
  LoopB: {Type: "AWS::EC2::SecurityGroupIngress", Properties: {GroupId: !Ref LoopA}}
)");
    const std::string p = "cfn:t/";
    QCOMPARE(d.skipped, 2); // the wait condition handle and the custom resource
    QVERIFY(!findSystem(d, p + "Wait"));
    QVERIFY(!findSystem(d, p + "Policy"));
    QCOMPARE(findSystem(d, p + "Role")->folded, 1);
    QVERIFY(findEdge(d, p + "Role", p + "Queue")); // the folded policy's reference
    QCOMPARE(findSystem(d, p + "Fn")->folded, 2);
    QCOMPARE(findEdge(d, p + "Fn", p + "Queue")->kind, std::string("reads"));
    QCOMPARE(findEdge(d, p + "Fn", p + "Role")->kind, std::string("configured-by"));
    QCOMPARE(findSystem(d, p + "Db")->folded, 1); // its subnet group
    QVERIFY(findSystem(d, p + "Shared"));         // used by two: stays
    // A folding cycle is broken: one of the two stays a system.
    QCOMPARE(int(bool(findSystem(d, p + "LoopA"))) + int(bool(findSystem(d, p + "LoopB"))), 1);
    for (const auto& e : d.edges)
        QVERIFY(e.to != p + "Wait" && e.to != p + "Custom" && e.from != p + "Custom");
}

void TestCfnParser::secretsNeverKept() {
    const std::vector<std::string> secrets = {
        "Sup3rS3cretDefault!",  "hunter2-literal-pw",   "userdata-secret-9981", "envsecret-value-123",
        "ssm-plaintext-secret", "AKIAIOSFODNN7EXAMPLE", "inline-code-secret",   "noecho-export-secret"};
    const std::string text = R"(AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  DbPassword:
    Type: String
    NoEcho: true
    Default: Sup3rS3cretDefault!
  ExportSecret:
    Type: String
    NoEcho: "true"
    Default: noecho-export-secret
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUsername: admin
      MasterUserPassword: hunter2-literal-pw
      Description: !Ref DbPassword
      Other: "{{resolve:secretsmanager:MyDbSecret:SecretString:password}}"
  Web:
    Type: AWS::EC2::Instance
    Properties:
      UserData: userdata-secret-9981
      Note: AKIAIOSFODNN7EXAMPLE
      LaunchNote: !Sub "${DbPassword}"
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          DB_PASSWORD: envsecret-value-123
      InlineCode: inline-code-secret
  Param:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Value: ssm-plaintext-secret
Outputs:
  X:
    Value: !Ref Db
    Export:
      Name: !Sub "${ExportSecret}-db"
  Y:
    Value: !Ref Web
    Export:
      Name: !Join ["-", [!Ref DbPassword, web]]
)";
    const Discovery d = parseText(text, "secrets.yaml");
    QCOMPARE(d.systems.size(), size_t(4));
    const std::string all = dumpAll(d);
    for (const auto& s : secrets)
        QVERIFY2(all.find(s) == std::string::npos, s.c_str());
    // References to secrets are not secrets and may be shown; the user name is a fact.
    QCOMPARE(findSystem(d, "cfn:secrets/Db")->attributes.value("Other", ""),
             std::string("{{resolve:secretsmanager:MyDbSecret:SecretString:password}}"));
    QCOMPARE(findSystem(d, "cfn:secrets/Db")->attributes.value("MasterUsername", ""), std::string("admin"));

    // The same template as JSON, and importing from a NoEcho parameter.
    const std::string importer =
        R"({"Parameters": {"P": {"Type": "String", "NoEcho": true, "Default": "Sup3rS3cretDefault!"}},
      "Resources": {"A": {"Type": "AWS::SNS::Topic", "Properties": {
        "TopicName": {"Fn::ImportValue": {"Ref": "P"}}, "KmsMasterKeyId": "hunter2-literal-pw"}}}})";
    const Discovery j = parseText(importer, "imp.json");
    const std::string jall = dumpAll(j);
    for (const auto& s : secrets)
        QVERIFY2(jall.find(s) == std::string::npos, s.c_str());

    // cfn-init's files and commands name what the instance uses, as its UserData does (the audit's
    // cfn3): an edge, and never the password beside it.
    const Discovery init = parseText("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n"
                                     "  DB: {Type: AWS::RDS::DBInstance, Properties: {Engine: mysql}}\n"
                                     "  Web:\n    Type: AWS::EC2::Instance\n    Metadata:\n"
                                     "      AWS::CloudFormation::Init:\n        config:\n          files:\n"
                                     "            /etc/app.env:\n              content: !Sub |\n"
                                     "                DB_HOST=${DB.Endpoint.Address}\n"
                                     "                DB_PASSWORD=InitFilePw-4471\n"
                                     "    Properties: {ImageId: ami-123}\n",
                                     "init.yaml");
    const auto* usesDb = findEdge(init, "cfn:init/Web", "cfn:init/DB");
    QVERIFY(usesDb);
    QCOMPARE(usesDb->evidence, std::string("Sub ${DB.Endpoint.Address} (content)"));
    QVERIFY(dumpAll(init).find("InitFilePw") == std::string::npos);
}

void TestCfnParser::brokenInputs_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("place");
    QTest::newRow("resources is a string")
        << QStringLiteral(R"({"Resources": "x"})") << QStringLiteral("/Resources");
    QTest::newRow("no resources") << QStringLiteral(R"({"AWSTemplateFormatVersion": "2010-09-09"})")
                                  << QStringLiteral("/Resources");
    QTest::newRow("resource is a list")
        << QStringLiteral(R"({"Resources": {"A": []}})") << QStringLiteral("/Resources/A");
    QTest::newRow("type missing") << QStringLiteral(R"({"Resources": {"A": {}}})")
                                  << QStringLiteral("/Resources/A/Type");
    QTest::newRow("type is a number")
        << QStringLiteral(R"({"Resources": {"A": {"Type": 3}}})") << QStringLiteral("/Resources/A/Type");
    QTest::newRow("properties is a list")
        << QStringLiteral(R"({"Resources": {"A": {"Type": "AWS::SQS::Queue", "Properties": [1]}}})")
        << QStringLiteral("/Resources/A/Properties");
    QTest::newRow("depends on a number")
        << QStringLiteral(R"({"Resources": {"A": {"Type": "AWS::SQS::Queue", "DependsOn": 5}}})")
        << QStringLiteral("/Resources/A/DependsOn");
    QTest::newRow("depends on list of maps")
        << QStringLiteral(R"({"Resources": {"A": {"Type": "AWS::SQS::Queue", "DependsOn": [{}]}}})")
        << QStringLiteral("/Resources/A/DependsOn/0");
    QTest::newRow("ref of a number")
        << QStringLiteral(
               R"({"Resources": {"A": {"Type": "AWS::SQS::Queue", "Properties": {"X": {"Ref": 1}}}}})")
        << QStringLiteral("/Resources/A/Properties/X/Ref");
    QTest::newRow("getatt without attribute")
        << QStringLiteral(
               R"({"Resources": {"A": {"Type": "AWS::SQS::Queue", "Properties": {"X": {"Fn::GetAtt": "A"}}}}})")
        << QStringLiteral("/Resources/A/Properties/X/Fn::GetAtt");
    QTest::newRow("sub of a number")
        << QStringLiteral(
               R"({"Resources": {"A": {"Type": "AWS::SQS::Queue", "Properties": {"X": {"Fn::Sub": 4}}}}})")
        << QStringLiteral("/Resources/A/Properties/X/Fn::Sub");
    QTest::newRow("parameters is a list")
        << QStringLiteral(R"({"Parameters": [], "Resources": {}})") << QStringLiteral("/Parameters");
    QTest::newRow("outputs is a string")
        << QStringLiteral(R"({"Resources": {}, "Outputs": "x"})") << QStringLiteral("/Outputs");
    QTest::newRow("export without name")
        << QStringLiteral(R"({"Resources": {}, "Outputs": {"O": {"Value": "x", "Export": {}}}})")
        << QStringLiteral("/Outputs/O/Export");
    QTest::newRow("root is a list") << QStringLiteral("[1, 2]") << QStringLiteral(": /: expected");
    QTest::newRow("truncated json") << QStringLiteral(R"({"Resources": {"A": {"Type": "AWS::S)")
                                    << QStringLiteral("line 1, column");
    QTest::newRow("bad yaml") << QStringLiteral("Resources:\n  A:\n    Type: [unclosed\n")
                              << QStringLiteral("line ");
    QTest::newRow("two documents") << QStringLiteral("Resources: {}\n---\nResources: {}\n")
                                   << QStringLiteral("document 2");
    QTest::newRow("empty") << QStringLiteral("") << QStringLiteral("line 1");
    QTest::newRow("yaml scalar") << QStringLiteral("just text\n") << QStringLiteral("/");
}

void TestCfnParser::brokenInputs() {
    QFETCH(QString, text);
    QFETCH(QString, place);
    const auto err = errorOf([&] { parseText(text.toStdString(), "bad.template"); });
    QVERIFY2(err, "no error");
    QVERIFY2(err->find("bad.template") == 0, err->c_str());
    QVERIFY2(err->find(place.toStdString()) != std::string::npos, err->c_str());
}

void TestCfnParser::truncatedAndMutatedFixtures() {
    for (const auto& path : {kVpc, kService}) {
        const std::string text = readAll(path);
        QVERIFY(!text.empty());
        const bool isJson = path.size() > 5 && path.substr(path.size() - 5) == ".json";
        for (int i = 1; i < 40; ++i) {
            const std::string cut = text.substr(0, text.size() * static_cast<size_t>(i) / 40);
            const auto err = errorOf([&] { parseText(cut, "cut.template"); });
            if (isJson)
                QVERIFY2(err && err->find("cut.template: line ") == 0, cut.c_str());
        }
        // Every line removed in turn (YAML) — parses or fails cleanly.
        if (!isJson) {
            size_t start = 0;
            int lines = 0;
            while (start < text.size() && lines < 400) {
                const size_t nl = text.find('\n', start);
                const size_t end = nl == std::string::npos ? text.size() : nl + 1;
                const std::string variant = text.substr(0, start) + text.substr(end);
                if (lines % 3 == 0)
                    errorOf([&] { parseText(variant, "line.yaml"); });
                start = end;
                ++lines;
            }
        }
    }
    // Wrongly typed values at every place of the JSON fixture: parse, or an Error with a place.
    const json doc = json::parse(readAll(kService));
    const json flat = doc.flatten();
    int errors = 0, tried = 0;
    std::set<std::string> pointers;
    for (auto it = flat.begin(); it != flat.end(); ++it) {
        std::string p = it.key();
        while (!p.empty()) {
            pointers.insert(p);
            p = p.substr(0, p.rfind('/'));
        }
    }
    for (const auto& p : pointers) {
        for (const json& replacement :
             {json("x"), json(7), json::array({1}), json::object(), json(nullptr)}) {
            json variant = doc;
            variant[json::json_pointer(p)] = replacement;
            ++tried;
            if (const auto err = errorOf([&] { parseText(variant.dump(), "typed.json"); })) {
                ++errors;
                QVERIFY2(err->find("typed.json: /") == 0, err->c_str());
            }
        }
    }
    QVERIFY(tried > 500);
    QVERIFY(errors > 10);
}

void TestCfnParser::hostileInputs() {
    // Deep nesting.
    const auto deep =
        errorOf([&] { parseText(std::string(100000, '[') + std::string(100000, ']'), "deep.json"); });
    QVERIFY(deep && deep->find("deep.json") == 0);
    const auto deepYaml =
        errorOf([&] { parseText("Resources: " + std::string(5000, '[') + std::string(5000, ']')); });
    QVERIFY(deepYaml);
    // Alias bomb: 10^10 values once expanded; refused after a million.
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'j'; ++c) {
        const std::string prev(1, static_cast<char>(c - 1));
        bomb += std::string(1, c) + ": &" + c + " [";
        for (int i = 0; i < 10; ++i)
            bomb += (i ? ", *" : "*") + prev;
        bomb += "]\n";
    }
    bomb += "Resources: {}\n";
    const auto aliases = errorOf([&] { parseText(bomb, "bomb.yaml"); });
    QVERIFY(aliases && aliases->find("alias") != std::string::npos);
    // An export name that would grow without bound: evaluation gives up, the parse finishes.
    std::string big =
        R"({"Parameters": {"P": {"Type": "String", "Default": ")" + std::string(100000, 'x') +
        R"("}}, "Resources": {"A": {"Type": "AWS::SQS::Queue"}}, "Outputs": {"O": {"Value": {"Ref": "A"},
                      "Export": {"Name": {"Fn::Join": ["", [)";
    for (int i = 0; i < 2000; ++i)
        big += std::string(i ? "," : "") + R"({"Ref": "P"})";
    big += "]]}}}}}";
    const Discovery d = parseText(big, "big.json");
    QCOMPARE(d.systems.size(), size_t(1));
    QVERIFY(d.systems[0].identifiers.empty());
    // Binary input is refused when decoded.
    QVERIFY(errorOf([&] {
        parseText(std::string("\x7f"
                              "ELF\x02\x01\x01\0\0\0",
                              10),
                  "bin");
    }));
}

void TestCfnParser::sniffing() {
    const CfnParser parser;
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
        if (path.contains(QLatin1String("/cloudformation/"))) {
            QVERIFY2(score >= 60, qPrintable(path));
            ++own;
        } else {
            QVERIFY2(score < 30, qPrintable(path));
            ++others;
        }
    }
    QCOMPARE(own, 2);
    QVERIFY(others > 20);
}

QTEST_GUILESS_MAIN(TestCfnParser)
#include "tst_cfnparser.moc"
