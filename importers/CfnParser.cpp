#include "CfnParser.h"

#include "AsciiChars.h"
#include "CloudResources.h"
#include "Error.h"
#include "Redaction.h"
#include "SourceText.h"
#include "YamlJson.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <cctype>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string_view>

namespace terrain {

namespace {

// ---- JSON access ---------------------------------------------------------------------------------

[[noreturn]] void fail(const std::string& file, const std::string& ptr, const std::string& expected,
                       const json* found = nullptr) {
    throw Error(file, ptr.empty() ? std::string("/") : ptr,
                "expected " + expected + (found ? ", found " + describeJson(*found) : std::string()));
}

bool startsWith(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

bool contains(std::string_view s, std::string_view part) {
    return s.find(part) != std::string_view::npos;
}

std::string scalarText(const json& v) {
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_boolean())
        return v.get<bool>() ? "true" : "false";
    if (v.is_number_integer())
        return std::to_string(v.get<long long>());
    if (v.is_number())
        return v.dump();
    return {};
}

// ---- Resource types ------------------------------------------------------------------------------

std::string kindForType(const std::string& type) {
    static const std::vector<std::pair<std::string_view, std::string_view>> exact = {
        {"AWS::EC2::Instance", "compute"},
        {"AWS::EC2::Volume", "storage"},
        {"AWS::EC2::LaunchTemplate", "compute"},
        {"AWS::ECS::Cluster", "compute"},
        {"AWS::ECS::Service", "service"},
        {"AWS::ECS::TaskDefinition", "service"},
        {"AWS::SSM::Parameter", "secret-store"},
        {"AWS::Serverless::Function", "function"},
        {"AWS::Serverless::StateMachine", "function"},
        {"AWS::Serverless::Api", "load-balancer"},
        {"AWS::Serverless::HttpApi", "load-balancer"},
        {"AWS::Serverless::SimpleTable", "database"},
        {"AWS::Serverless::Application", "other"},
        {"AWS::Serverless::LayerVersion", "other"},
        {"AWS::Lambda::LayerVersion", "other"},
        {"AWS::CloudFormation::Stack", "other"},
        {"AWS::Events::Rule", "queue"},
    };
    for (const auto& [t, k] : exact)
        if (type == t)
            return std::string(k);
    static const std::vector<std::pair<std::string_view, std::string_view>> prefixes = {
        {"AWS::RDS::", "database"},
        {"AWS::DynamoDB::", "database"},
        {"AWS::Redshift", "database"},
        {"AWS::Neptune::", "database"},
        {"AWS::DocDB", "database"},
        {"AWS::Timestream::", "database"},
        {"AWS::OpenSearchService::", "database"},
        {"AWS::Elasticsearch::", "database"},
        {"AWS::ElastiCache::", "cache"},
        {"AWS::MemoryDB::", "cache"},
        {"AWS::DAX::", "cache"},
        {"AWS::SQS::", "queue"},
        {"AWS::SNS::", "queue"},
        {"AWS::Kinesis", "queue"},
        {"AWS::MSK::", "queue"},
        {"AWS::AmazonMQ::", "queue"},
        {"AWS::Events::", "queue"},
        {"AWS::S3::", "storage"},
        {"AWS::EFS::", "storage"},
        {"AWS::FSx::", "storage"},
        {"AWS::ECR::", "storage"},
        {"AWS::Backup::", "storage"},
        {"AWS::EC2::", "network"},
        {"AWS::ElasticLoadBalancing", "load-balancer"},
        {"AWS::ApiGateway", "load-balancer"},
        {"AWS::CloudFront::", "load-balancer"},
        {"AWS::GlobalAccelerator::", "load-balancer"},
        {"AWS::Route53", "dns"},
        {"AWS::ServiceDiscovery::", "dns"},
        {"AWS::Lambda::", "function"},
        {"AWS::StepFunctions::", "function"},
        {"AWS::ECS::", "compute"},
        {"AWS::EKS::", "compute"},
        {"AWS::AutoScaling::", "compute"},
        {"AWS::Batch::", "compute"},
        {"AWS::EMR::", "compute"},
        {"AWS::ElasticBeanstalk::", "service"},
        {"AWS::AppRunner::", "service"},
        {"AWS::AppSync::", "service"},
        {"AWS::Cognito::", "service"},
        {"AWS::SecretsManager::", "secret-store"},
        {"AWS::KMS::", "secret-store"},
        {"AWS::CloudWatch::", "monitoring"},
        {"AWS::Logs::", "monitoring"},
        {"AWS::XRay::", "monitoring"},
        {"AWS::CodePipeline::", "ci-cd"},
        {"AWS::CodeBuild::", "ci-cd"},
        {"AWS::CodeDeploy::", "ci-cd"},
        {"AWS::CodeCommit::", "ci-cd"},
    };
    for (const auto& [p, k] : prefixes)
        if (startsWith(type, p))
            return std::string(k);
    return "other";
}

/// Not a system at all: counted in Discovery::skipped.
bool isPlumbing(const std::string& type) {
    static const std::set<std::string, std::less<>> types = {
        "AWS::CloudFormation::WaitCondition",
        "AWS::CloudFormation::WaitConditionHandle",
        "AWS::CloudFormation::CustomResource",
        "AWS::CloudFormation::Macro",
        "AWS::CDK::Metadata",
        "AWS::EC2::KeyPair",
        "AWS::IAM::ServiceLinkedRole",
        "AWS::ApplicationAutoScaling::ScalableTarget",
    };
    return types.count(type) > 0 || startsWith(type, "Custom::");
}

/// Low-level types that fold into the resource one of their properties names (first match wins).
const std::vector<std::string>* foldProperties(const std::string& type) {
    static const std::map<std::string, std::vector<std::string>, std::less<>> rules = {
        {"AWS::EC2::SecurityGroupIngress", {"GroupId", "GroupName"}},
        {"AWS::EC2::SecurityGroupEgress", {"GroupId"}},
        {"AWS::EC2::SecurityGroupVpcAssociation", {"GroupId"}},
        {"AWS::IAM::Policy", {"Roles", "Users", "Groups"}},
        {"AWS::IAM::ManagedPolicy", {"Roles", "Users", "Groups"}},
        {"AWS::IAM::RolePolicy", {"RoleName"}},
        {"AWS::IAM::InstanceProfile", {"Roles"}},
        {"AWS::EC2::SubnetRouteTableAssociation", {"RouteTableId"}},
        {"AWS::EC2::Route", {"RouteTableId"}},
        {"AWS::EC2::VPCGatewayAttachment", {"InternetGatewayId", "VpnGatewayId", "VpcId"}},
        {"AWS::EC2::SubnetNetworkAclAssociation", {"NetworkAclId"}},
        {"AWS::EC2::NetworkAclEntry", {"NetworkAclId"}},
        {"AWS::EC2::EIPAssociation", {"InstanceId", "NetworkInterfaceId"}},
        {"AWS::EC2::VolumeAttachment", {"InstanceId"}},
        {"AWS::EC2::NetworkInterfaceAttachment", {"InstanceId"}},
        {"AWS::EC2::VPCCidrBlock", {"VpcId"}},
        {"AWS::ElasticLoadBalancingV2::Listener", {"LoadBalancerArn"}},
        {"AWS::ElasticLoadBalancingV2::ListenerRule", {"ListenerArn"}},
        {"AWS::ElasticLoadBalancingV2::ListenerCertificate", {"ListenerArn"}},
        {"AWS::Lambda::Permission", {"FunctionName"}},
        {"AWS::Lambda::EventSourceMapping", {"FunctionName"}},
        {"AWS::Lambda::EventInvokeConfig", {"FunctionName"}},
        {"AWS::Lambda::Alias", {"FunctionName"}},
        {"AWS::Lambda::Version", {"FunctionName"}},
        {"AWS::Lambda::Url", {"TargetFunctionArn"}},
        {"AWS::SNS::TopicPolicy", {"Topics"}},
        {"AWS::SNS::Subscription", {"TopicArn"}},
        {"AWS::SQS::QueuePolicy", {"Queues"}},
        {"AWS::S3::BucketPolicy", {"Bucket"}},
        {"AWS::ApiGateway::Resource", {"RestApiId"}},
        {"AWS::ApiGateway::Method", {"RestApiId"}},
        {"AWS::ApiGateway::Deployment", {"RestApiId"}},
        {"AWS::ApiGateway::Stage", {"RestApiId"}},
        {"AWS::ApiGateway::Authorizer", {"RestApiId"}},
        {"AWS::ApiGateway::Model", {"RestApiId"}},
        {"AWS::ApiGateway::RequestValidator", {"RestApiId"}},
        {"AWS::ApiGateway::GatewayResponse", {"RestApiId"}},
        {"AWS::ApiGateway::BasePathMapping", {"RestApiId"}},
        {"AWS::ApiGatewayV2::Route", {"ApiId"}},
        {"AWS::ApiGatewayV2::Integration", {"ApiId"}},
        {"AWS::ApiGatewayV2::Stage", {"ApiId"}},
        {"AWS::ApiGatewayV2::Deployment", {"ApiId"}},
        {"AWS::ApiGatewayV2::Authorizer", {"ApiId"}},
        {"AWS::Route53::RecordSet", {"HostedZoneId"}},
        {"AWS::Route53::RecordSetGroup", {"HostedZoneId"}},
        {"AWS::Logs::MetricFilter", {"LogGroupName"}},
        {"AWS::Logs::SubscriptionFilter", {"LogGroupName"}},
        {"AWS::KMS::Alias", {"TargetKeyId"}},
        {"AWS::ApplicationAutoScaling::ScalingPolicy", {"ScalingTargetId"}},
        {"AWS::AutoScaling::ScalingPolicy", {"AutoScalingGroupName"}},
        {"AWS::AutoScaling::LifecycleHook", {"AutoScalingGroupName"}},
        {"AWS::AutoScaling::ScheduledAction", {"AutoScalingGroupName"}},
        {"AWS::SecretsManager::SecretTargetAttachment", {"SecretId"}},
        {"AWS::SecretsManager::RotationSchedule", {"SecretId"}},
        {"AWS::SecretsManager::ResourcePolicy", {"SecretId"}},
        {"AWS::EFS::MountTarget", {"FileSystemId"}},
        {"AWS::EFS::AccessPoint", {"FileSystemId"}},
    };
    const auto it = rules.find(type);
    return it == rules.end() ? nullptr : &it->second;
}

/// Types that fold into the one resource that uses them (a task definition into its service).
bool foldsIntoUser(const std::string& type) {
    static const std::set<std::string, std::less<>> types = {
        "AWS::ECS::TaskDefinition",
        "AWS::EC2::LaunchTemplate",
        "AWS::AutoScaling::LaunchConfiguration",
        "AWS::RDS::DBSubnetGroup",
        "AWS::RDS::DBParameterGroup",
        "AWS::RDS::DBClusterParameterGroup",
        "AWS::RDS::OptionGroup",
        "AWS::ElastiCache::SubnetGroup",
        "AWS::ElastiCache::ParameterGroup",
        "AWS::Redshift::ClusterSubnetGroup",
        "AWS::Redshift::ClusterParameterGroup",
        "AWS::DocDB::DBSubnetGroup",
        "AWS::Neptune::DBSubnetGroup",
        "AWS::MSK::Configuration",
        "AWS::DAX::SubnetGroup",
        "AWS::MemoryDB::SubnetGroup",
    };
    return types.count(type) > 0;
}

/// Properties whose literal values are never kept, in addition to Redaction's secret key names.
bool isCfnSensitive(const std::string& key) {
    static const std::set<std::string, std::less<>> keys = {
        "value",        "keymaterial",  "inlinecode",
        "zipfile",      "content",      "definitionstring",
        "body",         "templatebody", "script",
        "command",      "parameters",   "userdata",
        "secretstring", "password",     "masteruserpassword"};
    return keys.count(asciiLower(key)) > 0;
}

/// A SAM function's event source (Properties.Events.<name>.Properties.<key>): the kind of the edge, and
/// whether it runs from the source to the function (an API or a bucket invokes it; the function reads a
/// queue, a stream or a topic). Nothing for other places.
std::optional<std::pair<std::string, bool>> eventSourceKind(const std::vector<std::string>& keys) {
    if (keys.size() < 4 || keys[0] != "Events" || keys[2] != "Properties")
        return std::nullopt;
    const std::string k = asciiLower(keys[3]);
    if (k == "restapiid" || k == "apiid")
        return std::make_pair(std::string("routes-to"), true);
    if (k == "bucket")
        return std::make_pair(std::string("calls"), true);
    if (k == "queue" || k == "stream" || k == "topic" || k == "eventbusname" || k == "broker" ||
        k == "cluster")
        return std::make_pair(std::string("reads"), false);
    return std::nullopt;
}

/// A dependency kind from where a reference sits (the keys from Properties down to it), and the access of
/// the IAM policy statement it is in, if any (policyStatementAccess()).
std::string kindForPath(const std::vector<std::string>& keys, const std::optional<std::string>& access = {}) {
    if (access && !access->empty() && !keys.empty() && keys.back() == "Resource")
        return *access;
    for (const auto& k : keys) {
        const std::string l = asciiLower(k);
        if (l == "environment" || l == "variables" || l == "secrets")
            return "calls";
    }
    if (keys.empty())
        return "depends-on";
    const std::string k = asciiLower(keys.back());
    bool inActions = false;
    for (const auto& key : keys)
        inActions = inActions || contains(asciiLower(key), "actions") || asciiLower(key) == "aliastarget";
    if (contains(k, "subnet") || k == "vpcid" || k == "vpc" || k == "cluster" || k == "instanceid")
        return "runs-on";
    if (contains(k, "securitygroup") && !contains(k, "source") && !contains(k, "destination"))
        return "configured-by";
    if (contains(k, "role") || contains(k, "instanceprofile") || k == "taskdefinition" ||
        contains(k, "launchtemplate") || contains(k, "launchconfiguration") ||
        contains(k, "parametergroup") || contains(k, "kmskey"))
        return "configured-by";
    if (inActions && (k == "targetgrouparn" || k == "dnsname" || k == "functionarn" || k == "arn"))
        return "routes-to";
    if (k == "eventsourcearn")
        return "reads";
    for (const auto& key : keys) // an API method's integration: the API routes to what it integrates
        if (asciiLower(key) == "integration")
            return "routes-to";
    if (k == "gatewayid" || k == "natgatewayid" || k == "transitgatewayid" || k == "vpcpeeringconnectionid" ||
        k == "egressonlyinternetgatewayid" || k == "vpcendpointid")
        return "routes-to";
    return "depends-on";
}

/// The name the CDK gives an export it makes for a reference across its stacks:
/// "NetworkStack:ExportsOutputRefVpcPrivateSubnet1Subnet536B997A", "…:ExportsOutputFnGetAtt<id><attr><hash>".
/// A name the CDK writes from the stack's and the resource's names, never a value: its long run of letters
/// and digits is what a key looks like to looksLikeSecret(), which every other export name goes through.
bool isCdkExportName(std::string_view name) {
    if (const auto colon = name.find(':'); colon != std::string_view::npos) {
        if (!safeValue("stack", name.substr(0, colon))) // the stack's name: as any name
            return false;
        name.remove_prefix(colon + 1);
    }
    for (const std::string_view prefix : {"ExportsOutputRef", "ExportsOutputFnGetAtt"})
        if (name.starts_with(prefix) && name.size() > prefix.size())
            return std::all_of(name.begin(), name.end(), isAsciiAlnum);
    return false;
}

/// Whether an export's or an import's name, worked out perhaps from parameters, may be kept.
bool safeExportName(const std::string& name) {
    return isCdkExportName(name) || safeValue("export", name).has_value();
}

bool isStackLikeParameter(const std::string& name) {
    return contains(asciiLower(name), "stack");
}

// ---- The template --------------------------------------------------------------------------------

struct Param {
    bool noEcho = false;
    const json* defaultValue = nullptr;
};

/// One reference found in a resource.
struct Use {
    std::string target; ///< logical id, or the evaluated export name of an ImportValue
    bool import = false;
    bool dependsOn = false;
    std::string property; ///< top-level property ("" for DependsOn)
    std::string kind;
    std::string evidence;
    bool reversed = false; ///< the target depends on the resource (an event source that invokes it)
    std::string attribute; ///< of Fn::GetAtt ("Outputs.SubnetId" of a nested stack)
    std::string param;     ///< a parameter of a nested stack's template, which its parent gives (target "")
};

/// A resource of AWS that a property names as written (`VpcId: vpc-0abc1234`, a policy's ARN): made by
/// another stack, another tool or by hand (CloudResources.h).
struct AwsUse {
    std::string id; ///< the CloudResource's
    std::string kind;
    std::string evidence;
};

struct Resource {
    std::string id;
    std::string type;
    std::string pointer;
    const json* node = nullptr;
    const json* properties = nullptr;
    std::vector<Use> uses;
    std::vector<AwsUse> awsUses;
    bool plumbing = false;
    bool implicit = false; ///< made by the SAM transform (ServerlessRestApi, a function's role)
    bool nested = false;   ///< a nested stack whose template is read with this one: a group, not a system
    std::string parent;    ///< the resource it folds into (directly), or ""
};

/// Whether a value is an intrinsic function ({"Ref": ...}, {"Fn::GetAtt": ...}): one value to SAM's Globals.
bool isIntrinsic(const json& v) {
    return v.is_object() && v.size() == 1 &&
           (v.begin().key() == "Ref" || v.begin().key() == "Condition" ||
            startsWith(v.begin().key(), "Fn::"));
}

/// A resource's properties merged with its Globals section as the SAM transform merges them: maps key by
/// key (the resource's value wins, maps within merged again), lists appended to the global ones, any other
/// value (intrinsic functions too) the resource's.
json samMerge(const json& global, const json& local) {
    if (global.is_object() && local.is_object() && !isIntrinsic(global) && !isIntrinsic(local)) {
        json out = global;
        for (auto it = local.begin(); it != local.end(); ++it) {
            const auto g = out.find(it.key());
            out[it.key()] = g == out.end() ? it.value() : samMerge(*g, it.value());
        }
        return out;
    }
    if (global.is_array() && local.is_array()) {
        json out = global;
        out.insert(out.end(), local.begin(), local.end());
        return out;
    }
    return local;
}

/// Whether the template is a SAM template (Transform: AWS::Serverless-2016-10-31, alone or in a list).
bool isSam(const json& root) {
    const auto t = root.find("Transform");
    if (t == root.end())
        return false;
    auto sam = [](const json& v) {
        return v.is_string() && v.get<std::string>() == "AWS::Serverless-2016-10-31";
    };
    return sam(*t) || (t->is_array() && std::any_of(t->begin(), t->end(), sam));
}

constexpr std::size_t kMaxNameLength = 512;
constexpr std::size_t kMaxYamlValues = 1'000'000;
constexpr std::size_t kMaxWarnings = 40;
constexpr int kMaxNesting = 8; ///< nested stacks within nested stacks, as deep as are read

std::string unknownTagWarning(const std::string& tag) {
    return tag +
           " is no CloudFormation function (CloudFormation refuses the template): the value it tags is read "
           "as written, and what it would name is no dependency";
}

/// The template in `text`; a YAML tag that is no CloudFormation function (`!GetAttr`) is read as the value it
/// tags, and named in `unknownTags`.
json loadTemplate(const std::string& text, const std::string& name, int depth,
                  std::set<std::string>* unknownTags);

class Template {
public:
    Template(const std::string& file, const json& root)
        : m_file(file)
        , m_root(root) {}

    Discovery run(const SourceText& src);

private:
    /// A nested stack's template (AWS::CloudFormation::Stack with a TemplateURL, AWS::Serverless::Application
    /// with a Location, that is a file beside this one), read with it.
    struct Child {
        SourceText src;
        json root;
        std::unique_ptr<Template> t;
    };

    void prepare(const SourceText& src);
    void prepareResources(const SourceText& src);
    void write(Discovery& d);
    void readNested(Resource& r, const SourceText& src);
    /// The keys of the systems a use names: its target's, or, through a nested stack's output or a
    /// parameter the parent gives, those of the systems there.
    std::vector<std::string> keysOf(const Use& u, int depth);
    std::vector<std::string> valueKeys(const json& v, const std::string& ptr, int depth);
    std::vector<std::string> outputKeys(const std::string& output, int depth);
    std::vector<std::string> parameterKeys(const std::string& nestedId, const std::string& param, int depth);
    std::vector<std::string> topKeys(int depth);
    bool nestedTarget(const Use& u) const {
        return u.param.empty() && !u.import && m_resources[m_index.at(u.target)].nested;
    }

    void warn(const std::string& w) {
        if (std::find(m_warnings.begin(), m_warnings.end(), w) != m_warnings.end())
            return; // a Globals value is read for each resource of its type
        if (m_warnings.size() < kMaxWarnings)
            m_warnings.push_back(w);
        else
            ++m_moreWarnings;
    }

    void readParameters();
    void readResources();
    void expandSam();
    void collect(Resource& r, const json& v, const std::string& ptr, std::vector<std::string>& keys,
                 const std::string& condition);
    void collectSub(Resource& r, const json& v, const std::string& ptr, std::vector<std::string>& keys,
                    const std::string& condition);
    void addUse(Resource& r, const std::string& target, const std::string& how,
                const std::vector<std::string>& keys, const std::string& condition);
    void addParamUse(Resource& r, const std::string& param, const std::string& how,
                     const std::vector<std::string>& keys, const std::string& condition) {
        addUse(r, "", how, keys, condition);
        r.uses.back().param = param;
    }
    std::optional<std::string> evaluate(const json& v, bool concreteStack, int depth) const;
    std::optional<std::string> substitute(const std::string& text, const json* vars, bool concreteStack,
                                          int depth) const;
    std::string home(const std::string& id) const;
    void fold();

    const std::string& m_file;
    const json& m_root;
    // Nesting: the template of the stack this one is nested in, this one's logical id there, the part of
    // its systems' keys after the stack's name ("Network/"), their group, and how deep it is.
    Template* m_parent = nullptr;
    std::string m_nestedId, m_keyPrefix, m_group;
    int m_depth = 0;
    /// While collect() is in an IAM policy statement that allows: the access its actions grant (reads,
    /// writes, ...; policyStatementAccess()), which the statement's resources are used with.
    std::optional<std::string> m_access;
    std::vector<std::string> m_including;      ///< canonical paths of this template and those it is nested in
    std::map<std::string, Child> m_children;   ///< by the nested stack's logical id
    std::map<std::string, std::string> m_keys; ///< logical id of a system -> its key
    // References followed through nested stacks, for the whole tree (hostile parameters and outputs that
    // name each other many times over stop here).
    std::size_t m_budgetStore = 200000;
    std::size_t* m_budget = &m_budgetStore;
    std::string m_stack;
    bool m_stackDeclared = false;
    /// The stack is named by a file name every project of its kind gives its template (SAM's template.yaml):
    /// its scope is its file's, and another such file's systems of the same keys take keys its path makes.
    bool m_stackNamedAlike = false;
    std::map<std::string, Param> m_params;
    std::vector<Resource> m_resources;
    std::map<std::string, std::size_t> m_index; // logical id -> m_resources index
    std::deque<json> m_merged; ///< SAM resources' properties merged with Globals (Resource::properties)
    std::vector<std::string> m_warnings;
    std::size_t m_moreWarnings = 0;
};

void Template::readParameters() {
    const auto it = m_root.find("Parameters");
    if (it == m_root.end() || it->is_null())
        return;
    if (!it->is_object())
        fail(m_file, "/Parameters", "a map of parameters", &*it);
    for (auto p = it->begin(); p != it->end(); ++p) {
        const std::string ptr = jsonPointer("/Parameters", p.key());
        if (!p->is_object())
            fail(m_file, ptr, "a parameter (a map with Type)", &*p);
        Param param;
        if (const auto ne = p->find("NoEcho"); ne != p->end())
            param.noEcho = (ne->is_boolean() && ne->get<bool>()) ||
                           (ne->is_string() && asciiLower(ne->get<std::string>()) == "true");
        if (const auto d = p->find("Default"); d != p->end() && !d->is_null())
            param.defaultValue = &*d;
        m_params[p.key()] = param;
    }
}

void Template::readResources() {
    const auto it = m_root.find("Resources");
    if (it == m_root.end())
        fail(m_file, "/Resources", "a CloudFormation template with a Resources map");
    if (!it->is_object())
        fail(m_file, "/Resources", "a map of resources by logical id", &*it);
    for (auto r = it->begin(); r != it->end(); ++r) {
        if (startsWith(r.key(), "Fn::ForEach")) {
            warn(jsonPointer("/Resources", r.key()) +
                 ": Fn::ForEach loops (AWS::LanguageExtensions) are not expanded");
            continue;
        }
        Resource res;
        res.id = r.key();
        res.pointer = jsonPointer("/Resources", r.key());
        if (!r->is_object())
            fail(m_file, res.pointer, "a resource (a map with Type)", &*r);
        res.node = &*r;
        const auto type = r->find("Type");
        if (type == r->end() || !type->is_string())
            fail(m_file, jsonPointer(res.pointer, "Type"), "a resource type such as AWS::EC2::Instance",
                 type == r->end() ? nullptr : &*type);
        res.type = type->get<std::string>();
        if (const auto props = r->find("Properties"); props != r->end() && !props->is_null()) {
            if (!props->is_object())
                fail(m_file, jsonPointer(res.pointer, "Properties"), "a map of properties", &*props);
            res.properties = &*props;
        }
        res.plumbing = isPlumbing(res.type);
        m_index[res.id] = m_resources.size();
        m_resources.push_back(std::move(res));
    }
}

/// The SAM transform's part that matters to the map: a resource of AWS::Serverless::<Section> takes the
/// properties of Globals.<Section>; a function's Api and HttpApi events without an API of their own are
/// routes of the API the transform makes (ServerlessRestApi, ServerlessHttpApi), a system; a function
/// without a Role gets one (<Function>Role), which folds into it. Outputs name them, as `sam init` writes.
void Template::expandSam() {
    const json* globals = nullptr;
    if (const auto g = m_root.find("Globals"); g != m_root.end() && !g->is_null()) {
        if (!g->is_object())
            fail(m_file, "/Globals", "a map of global properties by resource type (Function, Api, ...)", &*g);
        globals = &*g;
    }
    static const json kNoNode = json::object();
    std::vector<Resource> implicit;
    auto addImplicit = [&](const std::string& id, const std::string& type, const std::string& parent,
                           const std::string& pointer) {
        if (m_index.count(id) ||
            std::any_of(implicit.begin(), implicit.end(), [&](const Resource& r) { return r.id == id; }))
            return;
        Resource r;
        r.id = id;
        r.type = type;
        r.pointer = pointer;
        r.node = &kNoNode;
        r.implicit = true;
        r.parent = parent;
        implicit.push_back(std::move(r));
    };
    constexpr std::string_view kSam = "AWS::Serverless::";
    for (auto& r : m_resources) {
        if (!startsWith(r.type, std::string(kSam)))
            continue;
        const std::string section = r.type.substr(kSam.size());
        if (globals)
            if (const auto g = globals->find(section); g != globals->end() && !g->is_null()) {
                if (!g->is_object())
                    fail(m_file, jsonPointer("/Globals", section), "a map of properties", &*g);
                m_merged.push_back(samMerge(*g, r.properties ? *r.properties : json::object()));
                r.properties = &m_merged.back();
            }
        if (r.type == "AWS::Serverless::Function" && (!r.properties || !r.properties->contains("Role")))
            addImplicit(r.id + "Role", "AWS::IAM::Role", r.id, r.pointer);
        if (!r.properties)
            continue;
        const auto events = r.properties->find("Events");
        if (events == r.properties->end() || !events->is_object())
            continue;
        for (auto e = events->begin(); e != events->end(); ++e) {
            if (!e->is_object() || !e->contains("Type") || !(*e)["Type"].is_string())
                continue;
            const std::string& type = (*e)["Type"].get_ref<const std::string&>();
            const json props = e->contains("Properties") && (*e)["Properties"].is_object()
                                   ? (*e)["Properties"]
                                   : json::object();
            std::string api;
            if (type == "Api" && !props.contains("RestApiId"))
                api = "ServerlessRestApi";
            else if (type == "HttpApi" && !props.contains("ApiId"))
                api = "ServerlessHttpApi";
            if (api.empty())
                continue;
            addImplicit(api, "AWS::Serverless::" + type, "", "/Resources/" + api);
            std::string route;
            for (const char* k : {"Method", "Path"})
                if (const auto v = props.find(k); v != props.end() && v->is_string())
                    route += (route.empty() ? "" : " ") + v->get<std::string>();
            Use u;
            u.target = api;
            u.property = "Events";
            u.kind = "routes-to";
            u.reversed = true;
            u.evidence = "Events " + e.key() + ": " + type + (route.empty() ? "" : " " + route);
            r.uses.push_back(std::move(u));
        }
    }
    for (auto& r : implicit) {
        m_index[r.id] = m_resources.size();
        m_resources.push_back(std::move(r));
    }
}

void Template::addUse(Resource& r, const std::string& target, const std::string& how,
                      const std::vector<std::string>& keys, const std::string& condition) {
    Use u;
    u.target = target;
    u.property = keys.empty() ? std::string() : keys.front();
    u.kind = kindForPath(keys, m_access);
    if (const auto event = eventSourceKind(keys)) {
        u.kind = event->first;
        u.reversed = event->second;
    }
    u.evidence = how;
    if (!keys.empty())
        u.evidence += " (" + keys.back() + ")";
    if (!condition.empty())
        u.evidence += " " + condition;
    r.uses.push_back(std::move(u));
}

void Template::collectSub(Resource& r, const json& v, const std::string& ptr, std::vector<std::string>& keys,
                          const std::string& condition) {
    const json* text = nullptr;
    const json* vars = nullptr;
    if (v.is_string()) {
        text = &v;
    } else if (v.is_array() && !v.empty() && v.size() <= 2 && v[0].is_string() &&
               (v.size() == 1 || v[1].is_object() || v[1].is_null())) {
        text = &v[0];
        if (v.size() == 2 && v[1].is_object()) {
            vars = &v[1];
            for (auto it = vars->begin(); it != vars->end(); ++it)
                collect(r, it.value(), jsonPointer(jsonPointer(ptr, 1), it.key()), keys, condition);
        }
    } else {
        fail(m_file, ptr, "Fn::Sub as a string or [string, {variables}]", &v);
    }
    const std::string& s = text->get_ref<const std::string&>();
    std::set<std::string> seen;
    for (std::size_t at = s.find("${"); at != std::string::npos; at = s.find("${", at + 2)) {
        if (at + 2 < s.size() && s[at + 2] == '!')
            continue; // ${!Literal}
        const std::size_t end = s.find('}', at + 2);
        if (end == std::string::npos)
            break;
        std::string name = s.substr(at + 2, end - at - 2);
        const std::string whole = name;
        if (const auto dot = name.find('.'); dot != std::string::npos)
            name.resize(dot);
        if (name.empty() || startsWith(name, "AWS::") || (vars && vars->contains(name)))
            continue;
        if (m_index.count(name)) {
            if (seen.insert(name).second) {
                addUse(r, name, "Sub ${" + whole + "}", keys, condition);
                if (whole.size() > name.size())
                    r.uses.back().attribute = whole.substr(name.size() + 1);
            }
        } else if (m_params.count(name) && m_parent) {
            if (seen.insert(name).second)
                addParamUse(r, name, "Sub ${" + whole + "}", keys, condition);
        } else if (!m_params.count(name)) {
            warn(ptr + ": Fn::Sub names ${" + whole + "}, which is no resource or parameter");
        }
    }
}

void Template::collect(Resource& r, const json& v, const std::string& ptr, std::vector<std::string>& keys,
                       const std::string& condition) {
    if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i)
            collect(r, v[i], jsonPointer(ptr, i), keys, condition);
        return;
    }
    if (v.is_string()) {
        // A resource of AWS named as written: another stack's, another tool's, or made by hand.
        if (const auto aws = awsResourceNamed(v.get_ref<const std::string&>()); aws && !keys.empty())
            r.awsUses.push_back({aws->id, kindForPath(keys, m_access),
                                 keys.back() + " " + aws->name + (condition.empty() ? "" : " " + condition)});
        return;
    }
    if (!v.is_object())
        return;
    // An IAM policy statement: what it denies is no dependency, what it allows one of the access its
    // actions grant.
    if (const auto effect = v.find("Effect"); effect != v.end() && effect->is_string() &&
                                              (v.contains("Action") || v.contains("NotAction") ||
                                               v.contains("Resource") || v.contains("NotResource"))) {
        if (effect->get_ref<const std::string&>() != "Allow")
            return;
        const auto outer = std::exchange(m_access, policyStatementAccess(v));
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (it.key() == "NotResource")
                continue;
            keys.push_back(it.key());
            collect(r, it.value(), jsonPointer(ptr, it.key()), keys, condition);
            keys.pop_back();
        }
        m_access = outer;
        return;
    }
    if (v.size() == 1) {
        const std::string& fn = v.begin().key();
        const json& arg = v.begin().value();
        const std::string argPtr = jsonPointer(ptr, fn);
        if (fn == "Ref") {
            if (!arg.is_string())
                fail(m_file, argPtr, "a logical id or parameter name after Ref", &arg);
            const std::string& name = arg.get_ref<const std::string&>();
            if (m_index.count(name))
                addUse(r, name, "Ref " + name, keys, condition);
            else if (m_params.count(name) && m_parent)
                addParamUse(r, name, "Ref " + name, keys, condition);
            else if (!m_params.count(name) && !startsWith(name, "AWS::"))
                warn(argPtr + ": Ref " + name + " names no resource or parameter");
            return;
        }
        if (fn == "Fn::GetAtt") {
            std::string target;
            std::string attr;
            if (arg.is_string()) {
                const std::string& s = arg.get_ref<const std::string&>();
                const auto dot = s.find('.');
                if (dot == std::string::npos || dot == 0 || dot + 1 == s.size())
                    fail(m_file, argPtr, "Fn::GetAtt as \"Resource.Attribute\" or [Resource, Attribute]",
                         &arg);
                target = s.substr(0, dot);
                attr = s.substr(dot + 1);
            } else if (arg.is_array() && arg.size() >= 2 && arg[0].is_string()) {
                target = arg[0].get<std::string>();
                attr = arg[1].is_string() ? arg[1].get<std::string>() : std::string("...");
                collect(r, arg[1], jsonPointer(argPtr, 1), keys, condition);
            } else {
                fail(m_file, argPtr, "Fn::GetAtt as \"Resource.Attribute\" or [Resource, Attribute]", &arg);
            }
            if (m_index.count(target)) {
                addUse(r, target, "GetAtt " + target + "." + attr, keys, condition);
                r.uses.back().attribute = attr;
            } else
                warn(argPtr + ": Fn::GetAtt names " + target + ", which is no resource");
            return;
        }
        if (fn == "Fn::Sub") {
            collectSub(r, arg, argPtr, keys, condition);
            return;
        }
        if (fn == "Fn::ImportValue") {
            const auto name = evaluate(arg, false, 0);
            if (!name) {
                warn(argPtr + ": the name of this Fn::ImportValue could not be worked out; left out");
                return;
            }
            Use u;
            u.target = *name;
            u.import = true;
            u.property = keys.empty() ? std::string() : keys.front();
            u.kind = kindForPath(keys, m_access);
            u.evidence = "ImportValue " + *name;
            if (!keys.empty())
                u.evidence += " (" + keys.back() + ")";
            if (!condition.empty())
                u.evidence += " " + condition;
            r.uses.push_back(std::move(u));
            return;
        }
        if (fn == "Fn::If" && arg.is_array() && arg.size() == 3 && arg[0].is_string()) {
            const std::string& c = arg[0].get_ref<const std::string&>();
            collect(r, arg[1], jsonPointer(argPtr, 1), keys, "if " + c);
            collect(r, arg[2], jsonPointer(argPtr, 2), keys, "unless " + c);
            return;
        }
        if (fn == "Condition")
            return;
    }
    for (auto it = v.begin(); it != v.end(); ++it) {
        keys.push_back(it.key());
        collect(r, it.value(), jsonPointer(ptr, it.key()), keys, condition);
        keys.pop_back();
    }
}

/// The value of an export or import name: strings, Fn::Join, Fn::Sub, Fn::Select, Fn::FindInMap and
/// Ref of parameters and pseudo parameters. AWS::StackName and "stack" parameters are "*" (unknown
/// until deploy time), unless `concreteStack` and the template declares its name. NoEcho parameters
/// are never evaluated.
std::optional<std::string> Template::evaluate(const json& v, bool concreteStack, int depth) const {
    if (depth > 64)
        return std::nullopt;
    if (v.is_string() || v.is_number() || v.is_boolean()) {
        std::string s = scalarText(v);
        if (s.size() > kMaxNameLength)
            return std::nullopt;
        return s;
    }
    if (!v.is_object() || v.size() != 1)
        return std::nullopt;
    const std::string& fn = v.begin().key();
    const json& arg = v.begin().value();
    if (fn == "Ref") {
        if (!arg.is_string())
            return std::nullopt;
        const std::string& name = arg.get_ref<const std::string&>();
        if (name == "AWS::StackName")
            return concreteStack && m_stackDeclared ? m_stack : std::string("*");
        if (startsWith(name, "AWS::"))
            return name == "AWS::NoValue" ? std::nullopt : std::optional<std::string>("*");
        const auto p = m_params.find(name);
        if (p == m_params.end() || p->second.noEcho)
            return std::nullopt;
        if (isStackLikeParameter(name) || !p->second.defaultValue)
            return std::string("*");
        return evaluate(*p->second.defaultValue, concreteStack, depth + 1);
    }
    if (fn == "Fn::Join") {
        if (!arg.is_array() || arg.size() != 2 || !arg[0].is_string() || !arg[1].is_array())
            return std::nullopt;
        const std::string& sep = arg[0].get_ref<const std::string&>();
        std::string out;
        for (std::size_t i = 0; i < arg[1].size(); ++i) {
            const auto part = evaluate(arg[1][i], concreteStack, depth + 1);
            if (!part)
                return std::nullopt;
            if (i > 0)
                out += sep;
            out += *part;
            if (out.size() > kMaxNameLength)
                return std::nullopt;
        }
        return out;
    }
    if (fn == "Fn::Sub") {
        if (arg.is_string())
            return substitute(arg.get_ref<const std::string&>(), nullptr, concreteStack, depth + 1);
        if (arg.is_array() && arg.size() == 2 && arg[0].is_string() && arg[1].is_object())
            return substitute(arg[0].get_ref<const std::string&>(), &arg[1], concreteStack, depth + 1);
        return std::nullopt;
    }
    if (fn == "Fn::Select") {
        if (!arg.is_array() || arg.size() != 2 || !arg[1].is_array())
            return std::nullopt;
        const auto index = evaluate(arg[0], concreteStack, depth + 1);
        if (!index || index->empty() || index->size() > 6 ||
            !std::all_of(index->begin(), index->end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::nullopt;
        const std::size_t i = std::stoul(*index);
        if (i >= arg[1].size())
            return std::nullopt;
        return evaluate(arg[1][i], concreteStack, depth + 1);
    }
    if (fn == "Fn::FindInMap") {
        if (!arg.is_array() || arg.size() != 3)
            return std::nullopt;
        const auto mappings = m_root.find("Mappings");
        if (mappings == m_root.end() || !mappings->is_object())
            return std::nullopt;
        const json* at = &*mappings;
        for (const auto& k : arg) {
            const auto key = evaluate(k, concreteStack, depth + 1);
            if (!key || key->find('*') != std::string::npos || !at->is_object() || !at->contains(*key))
                return std::nullopt;
            at = &(*at)[*key];
        }
        return evaluate(*at, concreteStack, depth + 1);
    }
    return std::nullopt;
}

std::optional<std::string> Template::substitute(const std::string& text, const json* vars, bool concreteStack,
                                                int depth) const {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t at = text.find("${", i);
        if (at == std::string::npos) {
            out.append(text, i, std::string::npos);
            break;
        }
        out.append(text, i, at - i);
        const std::size_t end = text.find('}', at + 2);
        if (end == std::string::npos) {
            out.append(text, at, std::string::npos);
            break;
        }
        const std::string name = text.substr(at + 2, end - at - 2);
        if (!name.empty() && name[0] == '!') {
            out += "${" + name.substr(1) + "}";
        } else if (vars && vars->contains(name)) {
            const auto value = evaluate((*vars)[name], concreteStack, depth + 1);
            if (!value)
                return std::nullopt;
            out += *value;
        } else if (name.find('.') != std::string::npos || m_index.count(name)) {
            return std::nullopt; // a resource's attribute: not known before deploy time
        } else {
            const auto value = evaluate(json{{"Ref", name}}, concreteStack, depth + 1);
            if (!value)
                return std::nullopt;
            out += *value;
        }
        if (out.size() > kMaxNameLength)
            return std::nullopt;
        i = end + 1;
    }
    return out;
}

std::string Template::home(const std::string& id) const {
    std::string at = id;
    for (std::size_t steps = 0; steps <= m_resources.size(); ++steps) {
        const auto it = m_index.find(at);
        if (it == m_index.end() || m_resources[it->second].parent.empty())
            return at;
        at = m_resources[it->second].parent;
    }
    return id; // a folding cycle: keep it where it is
}

void Template::fold() {
    // Low-level resources into the resource a property names.
    for (auto& r : m_resources) {
        if (r.plumbing)
            continue;
        const auto* props = foldProperties(r.type);
        if (!props)
            continue;
        for (const auto& p : *props) {
            const auto use = std::find_if(r.uses.begin(), r.uses.end(), [&](const Use& u) {
                return !u.import && !u.dependsOn && u.param.empty() && u.property == p && u.target != r.id &&
                       !m_resources[m_index.at(u.target)].plumbing &&
                       !m_resources[m_index.at(u.target)].nested;
            });
            if (use != r.uses.end()) {
                r.parent = use->target;
                break;
            }
        }
    }
    // Break folding cycles.
    for (auto& r : m_resources)
        if (!r.parent.empty() && home(r.id) == r.id)
            r.parent.clear();
    // Configuration resources into the one resource that uses them.
    std::map<std::string, std::set<std::string>> users;
    for (const auto& r : m_resources) {
        if (r.plumbing)
            continue;
        for (const auto& u : r.uses)
            if (!u.import && !u.dependsOn && u.param.empty() && u.target != r.id)
                users[u.target].insert(r.id);
    }
    for (auto& r : m_resources) {
        if (r.plumbing || r.nested || !r.parent.empty() || !foldsIntoUser(r.type))
            continue;
        std::set<std::string> homes;
        for (const auto& user : users[r.id])
            homes.insert(home(user));
        homes.erase(r.id);
        if (homes.size() == 1)
            r.parent = *homes.begin();
    }
    for (auto& r : m_resources)
        if (!r.parent.empty() && home(r.id) == r.id)
            r.parent.clear();
}

Discovery Template::run(const SourceText& src) {
    prepare(src);
    Discovery d;
    d.format = "cfn";
    d.file = src.name;
    d.scope = "cfn:" + m_stack;
    d.contentHash = src.sha256;
    write(d);
    if (m_stackNamedAlike && !src.path.empty()) {
        // Each project's template.yaml is a stack of its own: its file is its scope (a map written before
        // held "cfn:template", which is taken for it), and where another file's system holds one of its keys,
        // its system takes the key its folders make ("cfn:payments/template/Function"; planMerge()).
        d.legacyScope = d.scope;
        d.scope = sourceScope("cfn", src.path, src.name);
        addFolderKeys(d, "cfn", m_stack,
                      QFileInfo(QString::fromStdString(src.path)).absolutePath().toStdString(), 0, false);
    }
    if (*m_budget == 0)
        d.warnings.push_back("too many references through nested stacks' parameters and outputs to follow; "
                             "some dependencies are left out");
    return d;
}

void Template::readNested(Resource& r, const SourceText& src) {
    const char* field = r.type == "AWS::CloudFormation::Stack"     ? "TemplateURL"
                        : r.type == "AWS::Serverless::Application" ? "Location"
                                                                   : nullptr;
    if (!field || !r.properties || src.path.empty())
        return;
    const auto url = r.properties->find(field);
    if (url == r.properties->end() || !url->is_string())
        return; // an application of the Serverless Application Repository, or a URL made by a function
    const std::string& location = url->get_ref<const std::string&>();
    if (location.empty() || contains(location, "://") || startsWith(location, "s3:"))
        return; // deployed (`aws cloudformation package` put it in S3): nothing here to read
    const std::string ptr = jsonPointer(jsonPointer(r.pointer, "Properties"), field);
    const QFileInfo info(QFileInfo(QString::fromStdString(src.path)).dir(), QString::fromStdString(location));
    if (!info.isFile()) {
        warn(ptr + ": the nested stack's template " + location + " is not there; " + r.id +
             " is a system of its own");
        return;
    }
    const std::string path = info.canonicalFilePath().toStdString();
    if (m_depth >= kMaxNesting ||
        std::find(m_including.begin(), m_including.end(), path) != m_including.end()) {
        warn(ptr + ": " + location +
             (m_depth >= kMaxNesting ? " is nested too deep"
                                     : " leads back to a template being read (a cycle)") +
             "; " + r.id + " is a system of its own");
        return;
    }
    SourceText text = readSourceText(path);
    if (CfnParser().sniff(text.name, text.text) < 50) {
        warn(ptr + ": " + location + " is not a CloudFormation template; " + r.id +
             " is a system of its own");
        return;
    }
    Child& c = m_children[r.id];
    c.src = std::move(text);
    std::set<std::string> unknownTags;
    c.root = loadTemplate(c.src.text, c.src.name, 0, &unknownTags);
    for (const auto& tag : unknownTags)
        warn(c.src.name + ": " + unknownTagWarning(tag));
    c.t = std::make_unique<Template>(c.src.name, c.root);
    Template& t = *c.t;
    t.m_parent = this;
    t.m_nestedId = r.id;
    t.m_keyPrefix = m_keyPrefix + r.id + "/";
    t.m_group = m_group + "/" + r.id;
    t.m_depth = m_depth + 1;
    t.m_including = m_including;
    t.m_including.push_back(path);
    t.m_stack = m_stack;
    t.m_stackDeclared = m_stackDeclared;
    t.m_budget = m_budget;
    r.nested = true;
}

std::vector<std::string> Template::keysOf(const Use& u, int depth) {
    if (depth > 64 || *m_budget == 0 || u.import)
        return {};
    --*m_budget;
    if (!u.param.empty())
        return m_parent ? m_parent->parameterKeys(m_nestedId, u.param, depth + 1)
                        : std::vector<std::string>{};
    const Resource& target = m_resources[m_index.at(u.target)];
    if (target.nested) {
        Template& child = *m_children.at(u.target).t;
        if (startsWith(u.attribute, "Outputs."))
            return child.outputKeys(u.attribute.substr(8), depth + 1);
        return u.attribute.empty() ? child.topKeys(depth + 1) : std::vector<std::string>{};
    }
    if (target.plumbing)
        return {};
    if (const auto k = m_keys.find(home(u.target)); k != m_keys.end())
        return {k->second};
    return {};
}

// The keys of what a value names, read as a resource's property would be.
std::vector<std::string> Template::valueKeys(const json& v, const std::string& ptr, int depth) {
    Resource probe;
    std::vector<std::string> keys;
    collect(probe, v, ptr, keys, {});
    std::vector<std::string> out;
    for (const auto& u : probe.uses)
        for (auto& k : keysOf(u, depth + 1))
            if (std::find(out.begin(), out.end(), k) == out.end())
                out.push_back(std::move(k));
    return out;
}

std::vector<std::string> Template::outputKeys(const std::string& output, int depth) {
    const auto outputs = m_root.find("Outputs");
    if (outputs == m_root.end() || !outputs->is_object())
        return {};
    const auto o = outputs->find(output);
    if (o == outputs->end() || !o->is_object() || !o->contains("Value"))
        return {};
    return valueKeys((*o)["Value"], jsonPointer(jsonPointer(jsonPointer("/Outputs", output), "Value"), ""),
                     depth);
}

// What depending on the whole stack (DependsOn a nested stack, its Ref) depends on: its systems that none
// of its others depends on, which depend on the rest (the stack's, and those of its nested stacks that
// none of its systems uses, in turn).
std::vector<std::string> Template::topKeys(int depth) {
    if (depth > 64 || *m_budget == 0)
        return {};
    --*m_budget;
    std::set<std::string> used; // logical ids of this template (homes, and nested stacks) a system uses
    for (const auto& r : m_resources) {
        if (r.plumbing)
            continue;
        const std::string from = home(r.id);
        for (const auto& u : r.uses) {
            if (u.import || !u.param.empty() || !m_index.count(u.target))
                continue;
            const std::string to = m_resources[m_index.at(u.target)].nested ? u.target : home(u.target);
            if (to != from)
                used.insert(u.reversed ? from : to);
        }
    }
    std::vector<std::string> out;
    for (const auto& [id, key] : m_keys)
        if (!used.count(id))
            out.push_back(key);
    for (auto& [id, c] : m_children)
        if (!used.count(id))
            for (auto& key : c.t->topKeys(depth + 1))
                out.push_back(std::move(key));
    return out;
}

std::vector<std::string> Template::parameterKeys(const std::string& nestedId, const std::string& param,
                                                 int depth) {
    const Resource& r = m_resources[m_index.at(nestedId)];
    const auto params = r.properties->find("Parameters");
    if (params == r.properties->end() || !params->is_object() || !params->contains(param))
        return {};
    return valueKeys((*params)[param],
                     jsonPointer(jsonPointer(jsonPointer(r.pointer, "Properties"), "Parameters"), param),
                     depth);
}

void Template::prepare(const SourceText& src) {
    if (m_parent) {
        readParameters();
        readResources();
        prepareResources(src);
        return;
    }
    // The stack's name: declared in Metadata, else the file's name.
    if (const auto md = m_root.find("Metadata"); md != m_root.end() && md->is_object())
        if (const auto sn = md->find("StackName");
            sn != md->end() && sn->is_string() && !sn->get<std::string>().empty()) {
            m_stack = sn->get<std::string>();
            m_stackDeclared = true;
        }
    if (m_stack.empty()) {
        m_stack = src.name;
        for (const char* ext : {".json", ".yaml", ".yml", ".template", ".txt", ".cfn"}) {
            const std::string e(ext);
            if (m_stack.size() > e.size() && asciiLower(m_stack.substr(m_stack.size() - e.size())) == e)
                m_stack.resize(m_stack.size() - e.size());
        }
        const std::string stem = asciiLower(m_stack);
        for (const char* alike : {"template", "packaged", "packaged-template", "cloudformation", "cfn",
                                  "stack", "main", "infra", "infrastructure", "sam"})
            m_stackNamedAlike |= stem == alike;
    }
    m_group = m_stack;
    if (m_stackNamedAlike && !src.path.empty()) // its project's folder says which stack it is
        if (const QString folder = QFileInfo(QString::fromStdString(src.path)).absoluteDir().dirName();
            !folder.isEmpty())
            m_group = folder.toStdString();
    if (!src.path.empty())
        m_including.push_back(QFileInfo(QString::fromStdString(src.path)).canonicalFilePath().toStdString());
    readParameters();
    readResources();
    prepareResources(src);
}

void Template::prepareResources(const SourceText& src) {
    if (isSam(m_root))
        expandSam();
    if (const auto c = m_root.find("Conditions"); c != m_root.end() && !c->is_null() && !c->is_object())
        fail(m_file, "/Conditions", "a map of conditions", &*c);
    for (auto& r : m_resources)
        readNested(r, src);

    for (auto& r : m_resources) {
        if (const auto dep = r.node->find("DependsOn"); dep != r.node->end() && !dep->is_null()) {
            const std::string ptr = jsonPointer(r.pointer, "DependsOn");
            std::vector<std::string> names;
            if (dep->is_string()) {
                names.push_back(dep->get<std::string>());
            } else if (dep->is_array()) {
                for (std::size_t i = 0; i < dep->size(); ++i) {
                    if (!(*dep)[i].is_string())
                        fail(m_file, jsonPointer(ptr, i), "a logical id", &(*dep)[i]);
                    names.push_back((*dep)[i].get<std::string>());
                }
            } else {
                fail(m_file, ptr, "a logical id or a list of them", &*dep);
            }
            for (const auto& n : names) {
                if (!m_index.count(n)) {
                    warn(ptr + ": DependsOn names " + n + ", which is no resource");
                    continue;
                }
                Use u;
                u.target = n;
                u.dependsOn = true;
                u.kind = "depends-on";
                u.evidence = "DependsOn " + n;
                r.uses.push_back(std::move(u));
            }
        }
        if (r.properties) {
            std::vector<std::string> keys;
            collect(r, *r.properties, jsonPointer(r.pointer, "Properties"), keys, {});
        }
        // cfn-init's configuration (files it writes, commands it runs) names what the instance uses, as
        // its UserData does: `content: !Sub "DB_HOST=${DB.Endpoint.Address}"`.
        if (const auto md = r.node ? r.node->find("Metadata") : json::const_iterator();
            r.node && md != r.node->end() && md->is_object())
            if (const auto init = md->find("AWS::CloudFormation::Init"); init != md->end()) {
                std::vector<std::string> keys{"Init"};
                collect(r, *init,
                        jsonPointer(jsonPointer(r.pointer, "Metadata"), "AWS::CloudFormation::Init"), keys,
                        {});
            }
    }
    fold();
    for (const auto& r : m_resources)
        if (!r.plumbing && !r.nested && r.parent.empty())
            m_keys[r.id] = "cfn:" + m_stack + "/" + m_keyPrefix + r.id;
    for (auto& [id, c] : m_children)
        c.t->prepare(c.src);
}

void Template::write(Discovery& d) {
    std::map<std::string, std::size_t> systemOf; // logical id of a system -> d.systems index
    for (const auto& r : m_resources) {
        if (r.plumbing || r.nested || !r.parent.empty()) {
            if (r.plumbing)
                ++d.skipped;
            continue;
        }
        DiscoveredSystem s;
        s.key = m_keys.at(r.id);
        s.name = r.id;
        s.kind = kindForType(r.type);
        s.provider = "aws";
        s.address = m_keyPrefix + r.id;
        s.group = m_group;
        json attrs = json::object();
        if (r.properties) {
            json props = *r.properties;
            // Tags as a map, so that safeAttributes keeps the literal ones as tags.<key>.
            if (const auto tags = props.find("Tags"); tags != props.end() && tags->is_array()) {
                json t = json::object();
                for (const auto& tag : *tags)
                    if (tag.is_object() && tag.contains("Key") && tag["Key"].is_string() &&
                        tag.contains("Value") && (tag["Value"].is_string() || tag["Value"].is_number()))
                        t[tag["Key"].get<std::string>()] = tag["Value"];
                props.erase("Tags");
                props["tags"] = t;
            }
            attrs = safeAttributes(props, isCfnSensitive);
        }
        attrs["type"] = r.type;
        if (r.implicit)
            attrs["made_by"] = "the SAM transform";
        if (const auto c = r.node->find("Condition"); c != r.node->end() && c->is_string())
            attrs["condition"] = *c;
        for (auto it = attrs.begin(); it != attrs.end(); ++it) {
            const std::string k = asciiLower(it.key());
            if ((k == "tags.environment" || k == "tags.env" || k == "tags.stage") && it.value().is_string())
                s.environment = it.value().get<std::string>();
            if ((k == "tags.owner" || k == "tags.team") && it.value().is_string())
                s.owner = it.value().get<std::string>();
        }
        if (r.type == "AWS::S3::Bucket")
            if (const auto b = attrs.find("BucketName"); b != attrs.end() && b->is_string())
                s.identifiers.push_back("arn:aws:s3:::" + b->get<std::string>());
        s.attributes = std::move(attrs);
        systemOf[r.id] = d.systems.size();
        d.systems.push_back(std::move(s));
    }
    for (const auto& r : m_resources)
        if (!r.plumbing && !r.parent.empty())
            if (const auto it = systemOf.find(home(r.id)); it != systemOf.end())
                d.systems[it->second].folded++;

    // Edges: from the system each resource folds into, to the system its target folds into.
    std::map<std::pair<std::string, std::string>, std::size_t> edgeAt;
    auto addEdge = [&](const std::string& from, const std::string& to, const std::string& kind,
                       const std::string& evidence) {
        const auto [it, fresh] = edgeAt.emplace(std::make_pair(from, to), d.edges.size());
        if (fresh) {
            d.edges.push_back({from, to, kind, evidence});
            return;
        }
        DiscoveredEdge& e = d.edges[it->second];
        if (e.kind == "depends-on" && kind != "depends-on")
            e.kind = kind;
        if (e.evidence.size() < 200 && !contains(e.evidence, evidence))
            e.evidence += "; " + evidence;
    };
    for (const auto& r : m_resources) {
        if (r.plumbing)
            continue;
        const std::string owner = home(r.id);
        const auto from = systemOf.find(owner);
        if (from == systemOf.end())
            continue;
        const std::string prefix = owner == r.id ? std::string() : r.id + ": ";
        for (const auto& u : r.uses) {
            if (u.import) {
                addEdge(d.systems[from->second].key, "cfn-export:" + u.target, u.kind, prefix + u.evidence);
                continue;
            }
            // A parameter its parent gives, a nested stack's output: what they name in the other template.
            if (!u.param.empty() || nestedTarget(u)) {
                const std::string via = u.param.empty() ? std::string() : ", a parameter of " + m_nestedId;
                for (const auto& key : keysOf(u, 0))
                    if (key != d.systems[from->second].key)
                        u.reversed
                            ? addEdge(key, d.systems[from->second].key, u.kind, prefix + u.evidence + via)
                            : addEdge(d.systems[from->second].key, key, u.kind, prefix + u.evidence + via);
                continue;
            }
            const auto& target = m_resources[m_index.at(u.target)];
            if (target.plumbing)
                continue;
            const auto to = systemOf.find(home(u.target));
            if (to == systemOf.end() || to->second == from->second)
                continue;
            // A subnet's association with a route table or network ACL: the subnet is configured by it.
            if ((r.type == "AWS::EC2::SubnetRouteTableAssociation" ||
                 r.type == "AWS::EC2::SubnetNetworkAclAssociation") &&
                u.property == "SubnetId") {
                addEdge(d.systems[to->second].key, d.systems[from->second].key, "configured-by",
                        prefix + u.evidence);
                continue;
            }
            if (u.reversed)
                addEdge(d.systems[to->second].key, d.systems[from->second].key, u.kind, prefix + u.evidence);
            else
                addEdge(d.systems[from->second].key, d.systems[to->second].key, u.kind, prefix + u.evidence);
        }
    }
    // Resources of AWS that properties name as written: a system of this template that is known so (a
    // bucket by its name), else an external, which the resource joins where it is imported.
    std::map<std::string, std::string> known; // identifier -> key
    for (const auto& s : d.systems)
        for (const auto& id : s.identifiers)
            known.emplace(id, s.key);
    for (const auto& r : m_resources) {
        const auto from = r.plumbing || r.awsUses.empty() ? systemOf.end() : systemOf.find(home(r.id));
        if (from == systemOf.end())
            continue;
        const std::string prefix = home(r.id) == r.id ? std::string() : r.id + ": ";
        for (const auto& u : r.awsUses) {
            auto to = known.find(u.id);
            if (to == known.end()) {
                const auto aws = awsResourceNamed(u.id); // (its id names it again)
                to = known.emplace(u.id, "cfn:external/" + u.id).first;
                d.systems.push_back(externalAwsSystem(to->second, *aws));
            }
            if (to->second != d.systems[from->second].key)
                addEdge(d.systems[from->second].key, to->second, u.kind, prefix + u.evidence);
        }
    }

    // Exports: the resource an output's value names carries "cfn-export:<name>".
    if (const auto outputs = m_root.find("Outputs"); outputs != m_root.end() && !outputs->is_null()) {
        if (!outputs->is_object())
            fail(m_file, "/Outputs", "a map of outputs", &*outputs);
        for (auto o = outputs->begin(); o != outputs->end(); ++o) {
            const std::string ptr = jsonPointer("/Outputs", o.key());
            if (!o->is_object())
                fail(m_file, ptr, "an output (a map with Value)", &*o);
            const auto exp = o->find("Export");
            if (exp == o->end() || exp->is_null())
                continue;
            if (!exp->is_object() || !exp->contains("Name"))
                fail(m_file, jsonPointer(ptr, "Export"), "a map with Name", &*exp);
            const auto value = o->find("Value");
            if (value == o->end())
                fail(m_file, jsonPointer(ptr, "Value"), "the output's value");
            Resource probe;
            std::vector<std::string> keys;
            collect(probe, *value, jsonPointer(ptr, "Value"), keys, {});
            const auto first = std::find_if(probe.uses.begin(), probe.uses.end(), [&](const Use& u) {
                return !u.import && systemOf.count(home(u.target));
            });
            if (first == probe.uses.end())
                continue;
            DiscoveredSystem& s = d.systems[systemOf.at(home(first->target))];
            std::vector<std::string> names;
            if (const auto n = evaluate((*exp)["Name"], false, 0))
                names.push_back(*n);
            if (m_stackDeclared)
                if (const auto n = evaluate((*exp)["Name"], true, 0))
                    names.push_back(*n);
            if (names.empty())
                warn(jsonPointer(ptr, "Export") + ": the export's name could not be worked out; left out");
            for (const auto& n : names) {
                const std::string ident = "cfn-export:" + n;
                if (safeExportName(n) &&
                    std::find(s.identifiers.begin(), s.identifiers.end(), ident) == s.identifiers.end())
                    s.identifiers.push_back(ident);
            }
        }
    }
    // Import names evaluated from parameters must be as safe as any value.
    std::erase_if(d.edges, [](const DiscoveredEdge& e) {
        return startsWith(e.to, "cfn-export:") && !safeExportName(e.to.substr(11));
    });

    // The nested stacks' systems and edges, after this one's.
    for (auto& [id, c] : m_children) {
        d.included.push_back(c.t->m_including.back());
        c.t->write(d);
    }
    const std::string from = m_parent ? m_file + ": " : std::string();
    for (auto& w : m_warnings)
        d.warnings.push_back(from + w);
    if (m_moreWarnings > 0)
        d.warnings.push_back(from + "... and " + std::to_string(m_moreWarnings) + " more warnings");
}

json cfnTag(const std::string& tag, json value, std::set<std::string>* unknownTags) {
    static const std::set<std::string, std::less<>> functions = {
        "Base64", "Cidr",  "FindInMap", "GetAtt",       "GetAZs", "ImportValue", "Join",
        "Select", "Split", "Sub",       "Transform",    "If",     "Equals",      "Not",
        "And",    "Or",    "Length",    "ToJsonString", "ForEach"};
    if (tag == "!Ref")
        return json{{"Ref", std::move(value)}};
    if (tag == "!Condition")
        return json{{"Condition", std::move(value)}};
    if (tag.size() > 1 && tag[0] == '!' && functions.count(std::string_view(tag).substr(1)))
        return json{{"Fn::" + tag.substr(1), std::move(value)}};
    if (unknownTags && unknownTags->size() < 16)
        unknownTags->insert(tag.substr(0, 64));
    return value;
}

json loadTemplate(const std::string& text, const std::string& name, int depth,
                  std::set<std::string>* unknownTags) {
    const auto first = text.find_first_not_of(" \t\r\n");
    json root;
    if (first != std::string::npos && (text[first] == '{' || text[first] == '[')) {
        root = parseJsonText(text, name);
    } else {
        YamlOptions opts;
        opts.onTag = [&](const std::string& tag, json value) {
            return cfnTag(tag, std::move(value), unknownTags);
        };
        // AWS refuses templates over 1 MB; a million values is far more than one can hold, and
        // refusing alias bombs early keeps a hostile file cheap.
        opts.maxValues = kMaxYamlValues;
        auto docs = loadYamlDocuments(text, name, opts);
        if (docs.empty())
            throw Error(name, "line 1, column 1", "expected a CloudFormation template, found an empty file");
        if (docs.size() > 1)
            throw Error(name, "document 2",
                        "expected one CloudFormation template, found several YAML documents");
        root = std::move(docs.front());
    }
    if (!root.is_object())
        fail(name, "/", "a CloudFormation template (a map with Resources)", &root);
    // `aws cloudformation get-template` wraps the template in TemplateBody (a map or a string).
    if (!root.contains("Resources") && root.contains("TemplateBody") && depth == 0) {
        json& body = root["TemplateBody"];
        if (body.is_string())
            return loadTemplate(body.get<std::string>(), name + " (TemplateBody)", depth + 1, unknownTags);
        if (body.is_object())
            return json(std::move(body));
        fail(name, "/TemplateBody", "a template (a map or a string)", &body);
    }
    return root;
}

} // namespace

std::string CfnParser::description() const {
    return "AWS CloudFormation template (JSON or YAML): resources, references, cross-stack exports";
}

int CfnParser::sniff(const std::string& fileName, const std::string& text) const {
    const std::string head = text.substr(0, 16384);
    if (contains(head, "AWSTemplateFormatVersion"))
        return 95;
    if (contains(head, "AWS::Serverless-2016-10-31"))
        return 90;
    const bool resources = contains(head, "Resources");
    const bool awsType = contains(head, "Type: AWS::") || contains(head, "Type: 'AWS::") ||
                         contains(head, "Type: \"AWS::") || contains(head, "\"Type\": \"AWS::") ||
                         contains(head, "\"Type\":\"AWS::");
    if (resources && awsType)
        return 80;
    if (contains(head, "\"TemplateBody\"") && contains(head, "AWS::"))
        return 70;
    const std::string l = asciiLower(fileName);
    if (awsType && (contains(l, ".template") || contains(l, "cfn") || contains(l, "cloudformation")))
        return 60;
    return 0;
}

namespace {

const char* const kServerlessService =
    "a Serverless Framework service: `serverless package` writes its CloudFormation "
    "template into .serverless/; import that";

/// A Serverless Framework service's top level: `service` and `provider`, CloudFormation's resources under
/// `resources`.
template <class Keys> bool isServerlessService(const Keys& keys) {
    return keys.count("service") && keys.count("provider") && !keys.count("Resources");
}

} // namespace

std::optional<std::string> CfnParser::notAnInput(const std::string& /*fileName*/, const std::string& text,
                                                 const ParseOptions&) const {
    if (isServerlessService(topLevelKeys(text)))
        return std::string(kServerlessService);
    return std::nullopt;
}

Discovery CfnParser::parse(const SourceText& src, const ParseOptions&) const {
    std::set<std::string> unknownTags;
    const json root = loadTemplate(src.text, src.name, 0, &unknownTags);
    if (root.is_object() && isServerlessService(root))
        throw Error(src.name, "",
                    std::string("expected a CloudFormation template, but this is ") + kServerlessService);
    Template t(src.name, root);
    Discovery d = t.run(src);
    for (const auto& tag : unknownTags)
        d.warnings.push_back(unknownTagWarning(tag));
    return d;
}

} // namespace terrain
