#include "AwsCliParser.h"

#include "AsciiChars.h"
#include "CloudResources.h"
#include "Error.h"
#include "Redaction.h"
#include "SourceText.h"
#include "YamlJson.h"

#include <QByteArray>

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

namespace terrain {

namespace {

bool startsWith(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

/// "us-east-1", "eu-central-2", "us-gov-west-1", "cn-north-1", "ap-southeast-3".
bool isRegion(std::string_view s) {
    const auto dash = s.rfind('-');
    if (dash == std::string_view::npos || dash + 1 >= s.size() || s.size() > 20)
        return false;
    if (!std::all_of(s.begin() + static_cast<std::ptrdiff_t>(dash) + 1, s.end(),
                     [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    const std::string_view head = s.substr(0, dash); // "us-east", "us-gov-west"
    const auto first = head.find('-');
    if (first != 2 || head.size() < 5)
        return false;
    return std::all_of(head.begin(), head.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; });
}

struct ArnParts {
    std::string partition, service, region, account, resource;
};

std::optional<ArnParts> parseArn(std::string_view arn) {
    if (!startsWith(arn, "arn:"))
        return std::nullopt;
    std::vector<std::string> parts;
    std::size_t at = 0;
    for (int i = 0; i < 5; ++i) {
        const auto colon = arn.find(':', at);
        if (colon == std::string_view::npos)
            return std::nullopt;
        parts.emplace_back(arn.substr(at, colon - at));
        at = colon + 1;
    }
    return ArnParts{parts[1], parts[2], parts[3], parts[4], std::string(arn.substr(at))};
}

/// The system a whole resource's ARN names (not AWS's own, of account "aws"), where it is of `service` and
/// its resource starts with `prefix` ("loadbalancer/" of "elasticloadbalancing").
std::optional<CloudResource> resourceOf(std::string_view arn, std::string_view service,
                                        std::string_view prefix) {
    const auto a = parseArn(arn);
    if (!a || a->service != service || !startsWith(a->resource, prefix))
        return std::nullopt;
    auto named = awsResourceNamed(arn);
    return named && named->id == arn ? named : std::nullopt;
}

/// Whether `arn` is a target group's:
/// arn:<partition>:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>.
bool isTargetGroupArn(std::string_view arn) {
    if (!resourceOf(arn, "elasticloadbalancing", "targetgroup/"))
        return false;
    const std::string_view rest = arn.substr(arn.find(":targetgroup/") + 13);
    const auto slash = rest.find('/');
    return slash != std::string_view::npos && slash > 0 && slash + 1 < rest.size() &&
           std::all_of(rest.begin(), rest.end(),
                       [](char c) { return isAsciiAlnum(c) || c == '-' || c == '/'; });
}

/// The target group a file of describe-target-health's output is of, as its path names it: CloudMapper
/// keeps each in elbv2-describe-target-health/<the group's ARN, URL-encoded>, and a script may name it
/// health-<ARN>.json; "" where the path holds no target group's ARN.
std::string targetGroupInPath(std::string_view path) {
    const std::string decoded =
        QByteArray::fromPercentEncoding(QByteArray(path.data(), static_cast<qsizetype>(path.size())))
            .toStdString();
    for (auto at = decoded.rfind("arn:"); at != std::string::npos;
         at = at ? decoded.rfind("arn:", at - 1) : std::string::npos) {
        // To the end of the group's id: the ARN's characters, then what the file's name adds (".json").
        auto end = decoded.find("targetgroup/", at);
        if (end == std::string::npos)
            continue;
        end = decoded.find('/', end + 12); // after the name
        if (end == std::string::npos)
            continue;
        end = decoded.find_first_not_of("0123456789abcdef", end + 1);
        const std::string arn = decoded.substr(at, end == std::string::npos ? std::string::npos : end - at);
        if (isTargetGroupArn(arn))
            return arn;
    }
    return {};
}

/// The ARN of the family of the task definition `arn` names, without its revision, which every
/// deployment changes (resourceArn()): arn:aws:ecs:<region>:<account>:task-definition/<family>; "" where
/// `arn` is none.
std::string taskDefinitionFamily(std::string_view arn) {
    const auto named = awsResourceNamed(arn);
    return named && named->id.find(":task-definition/") != std::string::npos ? named->id : std::string();
}

/// "10.0.2.15", "fd00::5": a target of a target group of type ip.
bool isIpAddress(std::string_view s) {
    if (s.find(':') != std::string_view::npos)
        return std::all_of(s.begin(), s.end(), [](char c) {
            return isAsciiLowerHexDigit(asciiLowerChar(c)) || c == ':' || c == '.';
        });
    return !s.empty() && std::count(s.begin(), s.end(), '.') == 3 &&
           std::all_of(s.begin(), s.end(), [](char c) { return isAsciiDigit(c) || c == '.'; });
}

using Tags = std::vector<std::pair<std::string, std::string>>;

/// A resource of the output and its place in the file.
struct Item {
    const json* value;
    std::string ptr;
};
using Items = std::vector<Item>;

/// The calls read, in the order their resources are read.
enum class Call {
    Reservation,
    Instance,
    SecurityGroup,
    Subnet,
    Vpc,
    LoadBalancer,
    ClassicLoadBalancer,
    Listener,
    TargetGroup,
    TargetHealth,
    DbInstance,
    DbCluster,
    Function,
    TaggedResource,
    EcsService,
    TaskDefinition,
    None
};

/// Which call's resource an object is, by the API's names of its members. `--query` may keep only some
/// (Reservations[].Instances[].{InstanceId: InstanceId, Tags: Tags}), so the identifying member is enough
/// unless `strict` (sniffing a file of unknown format), which asks for another one each resource has.
template <class Has> Call callOf(const Has& has, bool strict) {
    const auto any = [&](std::initializer_list<const char*> keys) {
        return !strict || std::any_of(keys.begin(), keys.end(), [&](const char* k) { return has(k); });
    };
    if (has("InstanceId") && any({"ImageId", "InstanceType", "State", "LaunchTime", "Placement"}))
        return Call::Instance;
    // (Before a load balancer: a listener names its balancer too.)
    if (has("ListenerArn") && any({"LoadBalancerArn", "Port", "Protocol", "DefaultActions"}))
        return Call::Listener;
    if (has("LoadBalancerArn") && any({"DNSName", "LoadBalancerName", "Type"}))
        return Call::LoadBalancer;
    if (has("LoadBalancerName") && any({"DNSName", "ListenerDescriptions", "Instances"}))
        return Call::ClassicLoadBalancer;
    // (Not the output of describe-target-health that names its target group beside its targets.)
    if (has("TargetGroupArn") && !has("TargetHealthDescriptions") &&
        any({"TargetGroupName", "TargetType", "HealthCheckProtocol", "LoadBalancerArns"}))
        return Call::TargetGroup;
    if (has("Target") && any({"TargetHealth", "HealthCheckPort"}))
        return Call::TargetHealth;
    if (has("DBInstanceIdentifier") && any({"Engine", "DBInstanceClass", "Endpoint", "DBInstanceArn"}))
        return Call::DbInstance;
    if (has("DBClusterIdentifier") && any({"DBClusterArn", "Engine", "Endpoint", "DBClusterMembers"}))
        return Call::DbCluster; // (after an instance, which names its cluster too)
    if (has("FunctionName") && any({"FunctionArn", "Runtime", "Handler", "PackageType"}))
        return Call::Function;
    if (has("ResourceARN") && any({"Tags", "ComplianceDetails"}))
        return Call::TaggedResource;
    if (has("serviceArn") &&
        any({"serviceName", "clusterArn", "taskDefinition", "launchType", "desiredCount"}))
        return Call::EcsService;
    if (has("taskDefinitionArn") && any({"containerDefinitions", "family", "revision"}))
        return Call::TaskDefinition;
    if (has("Instances") && !has("LoadBalancerName") && any({"ReservationId", "OwnerId"}))
        return Call::Reservation;
    if (has("GroupId") && any({"IpPermissions", "GroupName"}))
        return Call::SecurityGroup;
    if (has("SubnetId") && any({"CidrBlock", "AvailabilityZone", "SubnetArn"}))
        return Call::Subnet;
    if (has("VpcId") && !has("SubnetId") && !has("GroupId") &&
        any({"CidrBlock", "CidrBlockAssociationSet", "IsDefault", "InstanceTenancy"}))
        return Call::Vpc;
    return Call::None;
}

Call callOf(const json& obj, bool strict) {
    return callOf([&](const char* key) { return obj.contains(key); }, strict);
}

using Members = std::set<std::string, std::less<>>;

Call callOf(const Members& members, bool strict) {
    return callOf([&](const char* key) { return members.contains(key); }, strict);
}

/// The list each call's own output names, and the member that tells its resources.
struct NamedList {
    const char* key;
    Call call;
    const char* member;
};
constexpr NamedList kNamedLists[] = {
    {"Reservations", Call::Reservation, "InstanceId"},
    {"SecurityGroups", Call::SecurityGroup, "GroupId"},
    {"Subnets", Call::Subnet, "SubnetId"},
    {"Vpcs", Call::Vpc, "VpcId"},
    {"LoadBalancers", Call::LoadBalancer, "LoadBalancerArn"},
    {"LoadBalancerDescriptions", Call::ClassicLoadBalancer, "LoadBalancerName"},
    {"Listeners", Call::Listener, "ListenerArn"},
    {"TargetGroups", Call::TargetGroup, "TargetGroupArn"},
    {"TargetHealthDescriptions", Call::TargetHealth, "Target"},
    {"DBInstances", Call::DbInstance, "DBInstanceIdentifier"},
    {"DBClusters", Call::DbCluster, "DBClusterIdentifier"},
    {"Functions", Call::Function, "FunctionName"},
    {"ResourceTagMappingList", Call::TaggedResource, "ResourceARN"},
    {"services", Call::EcsService, "serviceArn"},
};

/// Whether a call's list says the output is that call's even with none of its resources in it ({"Vpcs": []}):
/// not a list of "services", which a compose file has too.
bool keyAloneTells(const char* key) {
    return std::string_view(key) != "services";
}

/// ecs describe-task-definition's output: one task definition, not a list of them.
const json* outputTaskDefinition(const json& v) {
    const auto it = v.find("taskDefinition");
    return it != v.end() && it->is_object() ? &*it : nullptr;
}

/// A call's own output (or a page of it), and not one resource, which may have such a list too (an
/// instance's SecurityGroups).
bool isCallOutput(const json& v) {
    return v.is_object() && callOf(v, false) == Call::None &&
           (outputTaskDefinition(v) || std::any_of(std::begin(kNamedLists), std::end(kNamedLists),
                                                   [&](const NamedList& l) { return v.contains(l.key); }));
}

class Output {
public:
    explicit Output(const SourceText& src)
        : m_src(src) {}

    Discovery run(const json& root);

private:
    [[noreturn]] void fail(const std::string& ptr, const std::string& expected,
                           const json* found = nullptr) const {
        throw Error(m_src.name, ptr.empty() ? std::string("/") : ptr,
                    "expected " + expected + (found ? ", found " + describeJson(*found) : std::string()));
    }
    const json& object(const json& v, const std::string& ptr, const char* what) const {
        if (!v.is_object())
            fail(ptr, what, &v);
        return v;
    }
    const json* optArray(const json& obj, const std::string& ptr, const char* key) const {
        const auto it = obj.find(key);
        if (it == obj.end() || it->is_null())
            return nullptr;
        if (!it->is_array())
            fail(jsonPointer(ptr, key), "a list", &*it);
        return &*it;
    }
    const json& reqArray(const json& obj, const std::string& ptr, const char* key) const {
        const json* a = optArray(obj, ptr, key);
        if (!a)
            fail(jsonPointer(ptr, key), "a list");
        return *a;
    }
    const json* optObject(const json& obj, const std::string& ptr, const char* key) const {
        const auto it = obj.find(key);
        if (it == obj.end() || it->is_null())
            return nullptr;
        if (!it->is_object())
            fail(jsonPointer(ptr, key), "an object", &*it);
        return &*it;
    }
    std::string optString(const json& obj, const std::string& ptr, const char* key) const {
        const auto it = obj.find(key);
        if (it == obj.end() || it->is_null())
            return {};
        if (!it->is_string())
            fail(jsonPointer(ptr, key), "a string", &*it);
        return it->get<std::string>();
    }
    std::string reqString(const json& obj, const std::string& ptr, const char* key) const {
        std::string s = optString(obj, ptr, key);
        if (s.empty())
            fail(jsonPointer(ptr, key), "a non-empty string", obj.contains(key) ? &obj[key] : nullptr);
        return s;
    }
    /// Strings of a list, or of a member of each object of a list ("SecurityGroups[].GroupId").
    std::vector<std::string> strings(const json& obj, const std::string& ptr, const char* key,
                                     const char* member = nullptr) const {
        std::vector<std::string> out;
        const json* a = optArray(obj, ptr, key);
        if (!a)
            return out;
        for (std::size_t i = 0; i < a->size(); ++i) {
            const std::string p = jsonPointer(jsonPointer(ptr, key), i);
            const json& e = (*a)[i];
            std::string s;
            if (member)
                s = optString(object(e, p, "an object"), p, member);
            else if (e.is_string())
                s = e.get<std::string>();
            else
                fail(p, "a string", &e);
            if (!s.empty())
                out.push_back(std::move(s));
        }
        return out;
    }
    /// The target group's ARN a member (at `ptr`) names, checked; "" where there is none.
    std::string targetGroupArn(const std::string& arn, const std::string& ptr) const {
        if (!arn.empty() && !isTargetGroupArn(arn)) {
            const json found = arn;
            fail(ptr,
                 "a target group's ARN "
                 "(arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>)",
                 &found);
        }
        return arn;
    }
    /// Tags as most of AWS's APIs give them ({Key, Value}), or as ECS's do ({key, value}).
    Tags tags(const json& obj, const std::string& ptr, const char* key, bool lowerCase = false) const {
        Tags out;
        const json* a = optArray(obj, ptr, key);
        if (!a)
            return out;
        for (std::size_t i = 0; i < a->size(); ++i) {
            const std::string p = jsonPointer(jsonPointer(ptr, key), i);
            const json& t = object((*a)[i], p, lowerCase ? "a tag {key, value}" : "a tag {Key, Value}");
            const std::string k = optString(t, p, lowerCase ? "key" : "Key");
            const auto v = t.find(lowerCase ? "value" : "Value");
            if (!k.empty() && v != t.end() && v->is_string())
                out.emplace_back(k, v->get<std::string>());
        }
        return out;
    }

    void noteArn(const std::string& arn) {
        if (const auto a = parseArn(arn)) {
            if (m_partition.empty())
                m_partition = a->partition;
            if (m_region.empty() && isRegion(a->region))
                m_region = a->region;
            if (m_account.empty() && !a->account.empty())
                m_account = a->account;
        }
    }
    void noteAccount(const std::string& account) {
        if (m_account.empty() && account.size() == 12 &&
            std::all_of(account.begin(), account.end(), [](char c) { return c >= '0' && c <= '9'; }))
            m_account = account;
    }
    void noteZone(const std::string& zone) {
        // "us-east-1a" → "us-east-1"
        if (m_region.empty() && !zone.empty() && isAsciiAlpha(zone.back()) &&
            isRegion(std::string_view(zone).substr(0, zone.size() - 1)))
            m_region = zone.substr(0, zone.size() - 1);
    }
    std::string partition() const {
        if (!m_partition.empty())
            return m_partition;
        if (startsWith(m_region, "cn-"))
            return "aws-cn";
        if (startsWith(m_region, "us-gov-"))
            return "aws-us-gov";
        return "aws";
    }
    /// What names an RDS instance ("db") or cluster ("cluster") by its identifier: its ARN when account and
    /// region are known, else the key its output gives it without one.
    std::string rdsRef(const std::string& type, const std::string& ident) const {
        if (!m_account.empty() && !m_region.empty())
            return "arn:" + partition() + ":rds:" + m_region + ":" + m_account + ":" + type + ":" + ident;
        return (type == "db" ? "aws:rds:" : "aws:rds-cluster:") + ident;
    }
    /// "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc", when account and region are known.
    std::string ec2Arn(const std::string& type, const std::string& id) const {
        if (m_account.empty() || m_region.empty())
            return {};
        return "arn:" + partition() + ":ec2:" + m_region + ":" + m_account + ":" + type + "/" + id;
    }

    DiscoveredSystem& add(const std::string& key, const std::string& name, const std::string& kind,
                          const Tags& tagList, json facts) {
        DiscoveredSystem s;
        s.key = "aws:" + key;
        s.name = name;
        s.kind = kind;
        s.provider = "aws";
        s.address = key;
        json t = json::object();
        for (const auto& [k, v] : tagList) {
            t[k] = v;
            const std::string l = asciiLower(k);
            if (l == "name" && !v.empty() && safeValue(k, v))
                s.name = *safeValue(k, v);
            if ((l == "environment" || l == "env" || l == "stage") && safeValue(k, v))
                s.environment = *safeValue(k, v);
            if ((l == "owner" || l == "team") && safeValue(k, v))
                s.owner = *safeValue(k, v);
        }
        facts["tags"] = std::move(t);
        s.attributes = safeAttributes(facts);
        m_d.systems.push_back(std::move(s));
        return m_d.systems.back();
    }
    /// The system of the resource an output describes a part of (a target group's targets, a load balancer's
    /// listeners): the one this file describes, or one added, named and kinded by its ARN, which joins the
    /// resource's own output.
    DiscoveredSystem& partsOf(const std::string& arn) {
        const std::string key = "aws:" + arn;
        const auto it = std::find_if(m_d.systems.begin(), m_d.systems.end(),
                                     [&](const DiscoveredSystem& s) { return s.key == key; });
        if (it != m_d.systems.end())
            return *it;
        const auto named = awsResourceNamed(arn);
        DiscoveredSystem& s = add(arn, named->name, named->kind, {}, json::object());
        identify(s, arn);
        return s;
    }
    void identify(DiscoveredSystem& s, const std::string& ident) {
        if (!ident.empty() && ident != s.key &&
            std::find(s.identifiers.begin(), s.identifiers.end(), ident) == s.identifiers.end())
            s.identifiers.push_back(ident);
    }
    void edge(const std::string& from, const std::string& to, const std::string& kind,
              const std::string& evidence) {
        if (to.empty() || from == to || from == "aws:" + to)
            return;
        if (!m_edgeSeen.emplace(from, to, kind).second)
            return;
        m_d.edges.push_back({from, to, kind, evidence});
    }

    /// The instances of reservations, each with its place in the file; the reservations' owner is the
    /// account.
    void addReservation(const json& res, const std::string& ptr, Items& instances);
    /// The resources of an output, by the call each is of: the call's own output, pages of it
    /// (--output yaml-stream), or what a --query leaves (a list, lists of lists, or one resource).
    std::map<Call, Items> resourcesOf(const json& root);

    void instances(const Items& items);
    void securityGroups(const Items& items);
    void subnets(const Items& items);
    void vpcs(const Items& items);
    void loadBalancers(const Items& items);
    void classicLoadBalancers(const Items& items);
    void listeners(const Items& items);
    /// The target groups a listener's action forwards to (TargetGroupArn, and ForwardConfig's weighted
    /// ones), checked, each once.
    std::vector<std::string> forwardedTo(const json& action, const std::string& ap) const;
    /// What a listener's action does, in words ("forward to web, api", "redirect to HTTPS:443", "answer
    /// 404"); a forward's target groups are routed to from the load balancer `lb`.
    std::string listenerAction(const json& action, const std::string& ap, const std::string& lb,
                               const std::string& listener);
    void targetGroups(const Items& items);
    void targetHealth(const Items& items);
    void dbInstances(const Items& items);
    void dbClusters(const Items& items);
    void functions(const Items& items);
    void taggedResources(const Items& items);
    void ecsServices(const Items& items);
    void taskDefinitions(const Items& items);
    void finish();

    const SourceText& m_src;
    Discovery m_d;
    std::string m_partition, m_region, m_account;
    std::set<std::tuple<std::string, std::string, std::string>> m_edgeSeen;
    /// Systems whose ARN could only be built once account and region were known.
    std::vector<std::pair<std::size_t, std::pair<std::string, std::string>>> m_pendingArns;
    /// The target group an output of describe-target-health names beside its targets, by target.
    std::map<const json*, std::string> m_targetGroupOf;
};

/// What a variable of an environment (a function's, a container's) names, by which an edge may join it: an
/// ARN (of the whole resource where it is one that is a system), an SQS queue's URL as its ARN, the host of
/// an AWS endpoint; "" where it names none, or the variable holds a secret. The value itself is never kept.
std::string namedInEnvironment(const std::string& name, const std::string& v) {
    if (isSecretKey(name))
        return {};
    if (const auto r = awsResourceNamed(v); r && !r->host) // an ARN, an SQS queue's URL
        return r->id;
    if (startsWith(v, "arn:") && v.size() < 512 && safeValue(name, v) && v.find(' ') == std::string::npos)
        return v;
    return awsEndpointHost(v);
}

json pick(const json& obj, std::initializer_list<const char*> keys) {
    json out = json::object();
    for (const char* k : keys)
        if (const auto it = obj.find(k); it != obj.end() && (it->is_primitive() && !it->is_null()))
            out[k] = *it;
    return out;
}

void Output::addReservation(const json& res, const std::string& ptr, Items& instances) {
    object(res, ptr, "a reservation (an object with Instances)");
    noteAccount(optString(res, ptr, "OwnerId"));
    const json& list = reqArray(res, ptr, "Instances");
    for (std::size_t i = 0; i < list.size(); ++i)
        instances.push_back({&list[i], jsonPointer(jsonPointer(ptr, "Instances"), i)});
}

std::map<Call, Items> Output::resourcesOf(const json& root) {
    static constexpr const char* kExpected =
        "the output of a supported AWS CLI call: an object with Reservations, SecurityGroups, Subnets, Vpcs, "
        "LoadBalancers, LoadBalancerDescriptions, Listeners, TargetGroups, TargetHealthDescriptions, "
        "DBInstances, DBClusters, Functions, ResourceTagMappingList, services or taskDefinition (ECS), "
        "or, as a --query leaves it, a list of their resources";
    static constexpr const char* kResource =
        "a resource of a supported AWS CLI call, with the API's names for its members: an object with "
        "InstanceId, GroupId, SubnetId, VpcId, LoadBalancerArn, LoadBalancerName, ListenerArn, "
        "TargetGroupArn, Target, DBInstanceIdentifier, DBClusterIdentifier, FunctionName, ResourceARN, "
        "serviceArn or taskDefinitionArn (a --query that picks single values or renames them leaves too "
        "little to map)";
    constexpr int kMaxLists = 4; // Reservations[*].Instances[*] is two.
    std::map<Call, Items> out;
    const auto visit = [&](const auto& self, const json& v, const std::string& ptr, int lists) -> void {
        if (v.is_array()) {
            if (lists == kMaxLists)
                fail(ptr, kResource, &v);
            for (std::size_t i = 0; i < v.size(); ++i)
                self(self, v[i], jsonPointer(ptr, i), lists + 1);
            return;
        }
        if (isCallOutput(v)) { // the call's own output, or a page of it
            // describe-target-health's does not name its target group; a script that keeps several may.
            const std::string group =
                v.contains("TargetHealthDescriptions")
                    ? targetGroupArn(optString(v, ptr, "TargetGroupArn"), jsonPointer(ptr, "TargetGroupArn"))
                    : std::string();
            for (const auto& [key, call, member] : kNamedLists)
                if (v.contains(key)) {
                    const json& list = reqArray(v, ptr, key);
                    Items& items = out[call];
                    for (std::size_t i = 0; i < list.size(); ++i) {
                        items.push_back({&list[i], jsonPointer(jsonPointer(ptr, key), i)});
                        if (!group.empty())
                            m_targetGroupOf[&list[i]] = group;
                    }
                }
            if (const json* td = outputTaskDefinition(v))
                out[Call::TaskDefinition].push_back({td, jsonPointer(ptr, "taskDefinition")});
            return;
        }
        const Call call = v.is_object() ? callOf(v, false) : Call::None;
        if (call == Call::None)
            fail(ptr, ptr.empty() ? kExpected : kResource, &v);
        out[call].push_back({&v, ptr});
    };
    visit(visit, root, "", 0);
    return out;
}

void Output::instances(const Items& items) {
    for (const auto& [value, p] : items) {
        const json& inst = object(*value, p, "an instance (an object with InstanceId)");
        const std::string id = reqString(inst, p, "InstanceId");
        std::string state;
        if (const json* st = optObject(inst, p, "State"))
            state = optString(*st, jsonPointer(p, "State"), "Name");
        if (state == "terminated") {
            ++m_d.skipped;
            continue;
        }
        const std::string vpc = optString(inst, p, "VpcId");
        const std::string subnet = optString(inst, p, "SubnetId");
        std::string zone;
        if (const json* pl = optObject(inst, p, "Placement"))
            zone = optString(*pl, jsonPointer(p, "Placement"), "AvailabilityZone");
        noteZone(zone);
        json facts = pick(inst, {"InstanceType", "ImageId", "Platform", "PlatformDetails", "Architecture",
                                 "PrivateIpAddress", "PublicIpAddress", "PrivateDnsName", "PublicDnsName",
                                 "LaunchTime", "VpcId", "SubnetId"});
        if (!state.empty())
            facts["state"] = state;
        if (!zone.empty())
            facts["availability_zone"] = zone;
        if (const json* prof = optObject(inst, p, "IamInstanceProfile")) {
            // Its ARN names the account, which an instance a --query took out of its reservation has not.
            const std::string profile = optString(*prof, jsonPointer(p, "IamInstanceProfile"), "Arn");
            noteArn(profile);
            facts["iam_instance_profile"] = profile;
        }
        DiscoveredSystem& s = add(id, id, "compute", tags(inst, p, "Tags"), std::move(facts));
        s.group = vpc;
        identify(s, id);
        identify(s, optString(inst, p, "PublicDnsName"));
        identify(s, optString(inst, p, "PublicIpAddress"));
        // Its private addresses, by which an inventory or a Prometheus target in its network names it
        // (10.0.2.5:9187). Another VPC or account may use the same: planMerge() keeps two instances
        // apart that each have one (and finish() drops one that two instances of this output have).
        identify(s, asciiLower(optString(inst, p, "PrivateDnsName")));
        identify(s, optString(inst, p, "PrivateIpAddress"));
        m_pendingArns.push_back({m_d.systems.size() - 1, {"instance", id}});
        const std::string key = s.key;
        if (!subnet.empty())
            edge(key, subnet, "runs-on", "SubnetId");
        else if (!vpc.empty())
            edge(key, vpc, "runs-on", "VpcId");
        std::vector<std::string> groups = strings(inst, p, "SecurityGroups", "GroupId");
        if (const json* nics = optArray(inst, p, "NetworkInterfaces"))
            for (std::size_t n = 0; n < nics->size(); ++n) {
                const std::string np = jsonPointer(jsonPointer(p, "NetworkInterfaces"), n);
                const json& nic = object((*nics)[n], np, "a network interface");
                noteAccount(optString(nic, np, "OwnerId"));
                for (auto& g : strings(nic, np, "Groups", "GroupId"))
                    groups.push_back(std::move(g));
                identify(s, asciiLower(optString(nic, np, "PrivateDnsName")));
                identify(s, optString(nic, np, "PrivateIpAddress"));
                for (const auto& ip : strings(nic, np, "PrivateIpAddresses", "PrivateIpAddress"))
                    identify(s, ip);
                for (const auto& dns : strings(nic, np, "PrivateIpAddresses", "PrivateDnsName"))
                    identify(s, asciiLower(dns));
            }
        for (const auto& g : groups)
            edge(key, g, "configured-by", "SecurityGroups " + g);
    }
}

std::string portRange(const json& perm) {
    const std::string proto = perm.contains("IpProtocol") && perm["IpProtocol"].is_string()
                                  ? perm["IpProtocol"].get<std::string>()
                                  : std::string("?");
    if (proto == "-1")
        return "all traffic";
    std::string out = proto;
    const auto from = perm.find("FromPort");
    const auto to = perm.find("ToPort");
    if (from != perm.end() && from->is_number_integer()) {
        out += "/" + std::to_string(from->get<long long>());
        if (to != perm.end() && to->is_number_integer() && *to != *from)
            out += "-" + std::to_string(to->get<long long>());
    }
    return out;
}

void Output::securityGroups(const Items& items) {
    for (const auto& [value, p] : items) {
        const json& sg = object(*value, p, "a security group (an object with GroupId)");
        const std::string id = reqString(sg, p, "GroupId");
        noteAccount(optString(sg, p, "OwnerId"));
        noteArn(optString(sg, p, "SecurityGroupArn"));
        const std::string vpc = optString(sg, p, "VpcId");
        const std::string groupName = optString(sg, p, "GroupName");
        json facts = pick(sg, {"GroupName", "Description", "VpcId"});
        std::vector<std::string> open;
        struct Peer {
            std::string group, ports;
        };
        std::vector<Peer> peers;
        if (const json* perms = optArray(sg, p, "IpPermissions"))
            for (std::size_t k = 0; k < perms->size(); ++k) {
                const std::string pp = jsonPointer(jsonPointer(p, "IpPermissions"), k);
                const json& perm = object((*perms)[k], pp, "a permission");
                const std::string ports = portRange(perm);
                for (const auto& cidr : strings(perm, pp, "IpRanges", "CidrIp"))
                    if (cidr == "0.0.0.0/0" && std::find(open.begin(), open.end(), ports) == open.end())
                        open.push_back(ports);
                for (const auto& cidr : strings(perm, pp, "Ipv6Ranges", "CidrIpv6"))
                    if (cidr == "::/0" && std::find(open.begin(), open.end(), ports) == open.end())
                        open.push_back(ports);
                for (const auto& g : strings(perm, pp, "UserIdGroupPairs", "GroupId"))
                    peers.push_back({g, ports});
            }
        if (!open.empty()) {
            json o = json::array();
            for (const auto& x : open)
                o.push_back(x);
            facts["open_to_internet"] = o;
        }
        DiscoveredSystem& s =
            add(id, groupName.empty() ? id : groupName, "network", tags(sg, p, "Tags"), std::move(facts));
        s.group = vpc;
        identify(s, id);
        identify(s, optString(sg, p, "SecurityGroupArn"));
        m_pendingArns.push_back({m_d.systems.size() - 1, {"security-group", id}});
        const std::string key = s.key;
        if (!vpc.empty())
            edge(key, vpc, "depends-on", "VpcId");
        for (const auto& peer : peers)
            edge(key, peer.group, "depends-on", "ingress " + peer.ports + " from " + peer.group);
    }
}

void Output::subnets(const Items& items) {
    for (const auto& [value, p] : items) {
        const json& sn = object(*value, p, "a subnet (an object with SubnetId)");
        const std::string id = reqString(sn, p, "SubnetId");
        noteAccount(optString(sn, p, "OwnerId"));
        noteArn(optString(sn, p, "SubnetArn"));
        noteZone(optString(sn, p, "AvailabilityZone"));
        const std::string vpc = optString(sn, p, "VpcId");
        DiscoveredSystem& s = add(id, id, "network", tags(sn, p, "Tags"),
                                  pick(sn, {"CidrBlock", "AvailabilityZone", "MapPublicIpOnLaunch",
                                            "DefaultForAz", "State", "VpcId"}));
        s.group = vpc;
        identify(s, id);
        identify(s, optString(sn, p, "SubnetArn"));
        m_pendingArns.push_back({m_d.systems.size() - 1, {"subnet", id}});
        if (!vpc.empty())
            edge(s.key, vpc, "depends-on", "VpcId");
    }
}

void Output::vpcs(const Items& items) {
    for (const auto& [value, p] : items) {
        const json& v = object(*value, p, "a VPC (an object with VpcId)");
        const std::string id = reqString(v, p, "VpcId");
        noteAccount(optString(v, p, "OwnerId"));
        DiscoveredSystem& s = add(id, id, "network", tags(v, p, "Tags"),
                                  pick(v, {"CidrBlock", "IsDefault", "State", "InstanceTenancy"}));
        s.group = id;
        identify(s, id);
        m_pendingArns.push_back({m_d.systems.size() - 1, {"vpc", id}});
    }
}

void Output::loadBalancers(const Items& items) {
    for (const auto& [value, p] : items) {
        const json& lb = object(*value, p, "a load balancer (an object with LoadBalancerArn)");
        const std::string arn = reqString(lb, p, "LoadBalancerArn");
        noteArn(arn);
        const std::string name = optString(lb, p, "LoadBalancerName");
        const std::string vpc = optString(lb, p, "VpcId");
        json facts = pick(
            lb, {"LoadBalancerName", "DNSName", "Scheme", "Type", "IpAddressType", "VpcId", "CreatedTime"});
        if (const json* st = optObject(lb, p, "State"))
            facts["state"] = optString(*st, jsonPointer(p, "State"), "Code");
        DiscoveredSystem& s = add(arn, name.empty() ? arn : name, "load-balancer", {}, std::move(facts));
        s.group = vpc;
        identify(s, arn);
        identify(s, asciiLower(optString(lb, p, "DNSName")));
        const std::string key = s.key;
        std::vector<std::string> subnetIds;
        if (const json* zones = optArray(lb, p, "AvailabilityZones"))
            for (std::size_t z = 0; z < zones->size(); ++z) {
                const std::string zp = jsonPointer(jsonPointer(p, "AvailabilityZones"), z);
                const json& zone = object((*zones)[z], zp, "an availability zone");
                noteZone(optString(zone, zp, "ZoneName"));
                if (std::string sn = optString(zone, zp, "SubnetId"); !sn.empty())
                    subnetIds.push_back(std::move(sn));
            }
        for (const auto& sn : subnetIds)
            edge(key, sn, "runs-on", "AvailabilityZones SubnetId");
        if (subnetIds.empty() && !vpc.empty())
            edge(key, vpc, "runs-on", "VpcId");
        for (const auto& g : strings(lb, p, "SecurityGroups"))
            edge(key, g, "configured-by", "SecurityGroups " + g);
    }
}

void Output::classicLoadBalancers(const Items& items) {
    for (const auto& [value, p] : items) {
        const json& lb = object(*value, p, "a load balancer (an object with LoadBalancerName)");
        const std::string name = reqString(lb, p, "LoadBalancerName");
        const std::string vpc = optString(lb, p, "VPCId");
        for (const auto& z : strings(lb, p, "AvailabilityZones"))
            noteZone(z);
        DiscoveredSystem& s =
            add("elb/" + name, name, "load-balancer", {},
                pick(lb, {"LoadBalancerName", "DNSName", "Scheme", "VPCId", "CreatedTime"}));
        s.group = vpc;
        identify(s, asciiLower(optString(lb, p, "DNSName")));
        const std::string key = s.key;
        const std::vector<std::string> subnetIds = strings(lb, p, "Subnets");
        for (const auto& sn : subnetIds)
            edge(key, sn, "runs-on", "Subnets");
        if (subnetIds.empty() && !vpc.empty())
            edge(key, vpc, "runs-on", "VPCId");
        for (const auto& g : strings(lb, p, "SecurityGroups"))
            edge(key, g, "configured-by", "SecurityGroups " + g);
        for (const auto& inst : strings(lb, p, "Instances", "InstanceId"))
            edge(key, inst, "routes-to", "Instances " + inst);
    }
}

void Output::targetGroups(const Items& items) {
    for (const auto& [value, p] : items) {
        const json& tg = object(*value, p, "a target group (an object with TargetGroupArn)");
        const std::string arn =
            targetGroupArn(reqString(tg, p, "TargetGroupArn"), jsonPointer(p, "TargetGroupArn"));
        noteArn(arn);
        const auto named = awsResourceNamed(arn);
        const std::string name = optString(tg, p, "TargetGroupName");
        const std::string vpc = optString(tg, p, "VpcId");
        DiscoveredSystem& s = add(
            arn, name.empty() ? named->name : name, named->kind, {},
            pick(tg, {"TargetGroupName", "Protocol", "ProtocolVersion", "Port", "TargetType", "IpAddressType",
                      "VpcId", "HealthCheckProtocol", "HealthCheckPort", "HealthCheckPath"}));
        s.group = vpc;
        identify(s, arn);
        const std::string key = s.key;
        if (!vpc.empty())
            edge(key, vpc, "runs-on", "VpcId");
        // Each load balancer that forwards to it (by a listener's rule): it routes to the group, as the
        // listener folded into it does in a Terraform state.
        for (const auto& lb : strings(tg, p, "LoadBalancerArns"))
            edge(lb, key, "routes-to", "LoadBalancerArns");
    }
}

void Output::targetHealth(const Items& items) {
    const std::string fromPath = targetGroupInPath(m_src.path);
    std::map<std::string, json> targetsOf; // target group's ARN -> "i-0abc:80 healthy", ...
    for (const auto& [value, p] : items) {
        const json& th = object(*value, p, "a target's health (an object with Target)");
        const auto named = m_targetGroupOf.find(value);
        const std::string group = named == m_targetGroupOf.end() ? fromPath : named->second;
        if (group.empty())
            fail(p,
                 "the target group of this output of describe-target-health, which names only the targets: "
                 "the file's path holding the group's ARN (URL-encoded, as CloudMapper keeps it in "
                 "elbv2-describe-target-health/<ARN>), or a TargetGroupArn member beside "
                 "TargetHealthDescriptions");
        noteArn(group);
        const std::string tp = jsonPointer(p, "Target");
        const json* target = optObject(th, p, "Target");
        if (!target)
            fail(tp, "the target, an object with Id and Port");
        const std::string id = reqString(*target, tp, "Id");
        std::string where = id;
        if (const auto port = target->find("Port"); port != target->end() && port->is_number_integer())
            where += ":" + std::to_string(port->get<long long>());
        std::string health = where;
        if (const json* h = optObject(th, p, "TargetHealth")) {
            const std::string hp = jsonPointer(p, "TargetHealth");
            if (const std::string state = optString(*h, hp, "State"); !state.empty())
                health += " " + state;
            if (const std::string reason = optString(*h, hp, "Reason"); !reason.empty())
                health += " (" + reason + ")";
        }
        targetsOf[group].push_back(health); // (a null becomes a list)
        // An instance by its id, a function or an application load balancer by its ARN. An IP address is
        // a fact of the group only: such targets are mostly containers (an ECS task's, a pod's), whose
        // addresses change with each deployment and name nothing on the map.
        if (!isIpAddress(id))
            edge("aws:" + group, id, "routes-to", "Target " + where);
    }
    for (auto& [group, targets] : targetsOf)
        partsOf(group).attributes["targets"] = std::move(targets);
}

std::vector<std::string> Output::forwardedTo(const json& action, const std::string& ap) const {
    std::vector<std::string> groups;
    if (std::string tg =
            targetGroupArn(optString(action, ap, "TargetGroupArn"), jsonPointer(ap, "TargetGroupArn"));
        !tg.empty())
        groups.push_back(std::move(tg));
    const json* fc = optObject(action, ap, "ForwardConfig");
    const std::string fp = jsonPointer(ap, "ForwardConfig");
    const json* weighted = fc ? optArray(*fc, fp, "TargetGroups") : nullptr;
    for (std::size_t g = 0; weighted && g < weighted->size(); ++g) {
        const std::string gp = jsonPointer(jsonPointer(fp, "TargetGroups"), g);
        const json& entry = object((*weighted)[g], gp, "a target group {TargetGroupArn, Weight}");
        const std::string tg =
            targetGroupArn(optString(entry, gp, "TargetGroupArn"), jsonPointer(gp, "TargetGroupArn"));
        if (!tg.empty() && std::find(groups.begin(), groups.end(), tg) == groups.end())
            groups.push_back(tg);
    }
    return groups;
}

std::string Output::listenerAction(const json& action, const std::string& ap, const std::string& lb,
                                   const std::string& listener) {
    const std::string type = optString(action, ap, "Type");
    const std::vector<std::string> groups = forwardedTo(action, ap); // checked whatever the type
    if (type == "forward") {
        std::string what = "forward to";
        for (const auto& tg : groups) {
            what += (tg == groups.front() ? " " : ", ") + awsResourceNamed(tg)->name;
            edge("aws:" + lb, tg, "routes-to", "listener " + listener);
        }
        return what;
    }
    if (const json* rc = optObject(action, ap, "RedirectConfig")) {
        const std::string rp = jsonPointer(ap, "RedirectConfig");
        std::string what = "redirect to " + optString(*rc, rp, "Protocol");
        if (const std::string port = optString(*rc, rp, "Port"); !port.empty())
            what += ":" + port;
        return what;
    }
    if (const json* fr = optObject(action, ap, "FixedResponseConfig"))
        return "answer " + optString(*fr, jsonPointer(ap, "FixedResponseConfig"), "StatusCode");
    return type;
}

void Output::listeners(const Items& items) {
    std::map<std::string, json> listenersOf; // load balancer's ARN -> "HTTPS:443 forward to web", ...
    for (const auto& [value, p] : items) {
        const json& l = object(*value, p, "a listener (an object with ListenerArn and LoadBalancerArn)");
        const std::string lb = reqString(l, p, "LoadBalancerArn");
        if (!resourceOf(lb, "elasticloadbalancing", "loadbalancer/")) {
            const json found = lb;
            fail(jsonPointer(p, "LoadBalancerArn"),
                 "a load balancer's ARN (arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/...)",
                 &found);
        }
        noteArn(lb);
        std::string listener = optString(l, p, "Protocol");
        if (const auto port = l.find("Port"); port != l.end() && port->is_number_integer())
            listener += ":" + std::to_string(port->get<long long>());
        std::string fact = listener;
        if (const std::string policy = optString(l, p, "SslPolicy"); !policy.empty())
            fact += " (" + policy + ")"; // (which TLS versions and ciphers it accepts)
        // What it does with a request, action by action: forward (to target groups, each an edge),
        // redirect, answer, authenticate.
        const json* actions = optArray(l, p, "DefaultActions");
        bool first = true;
        for (std::size_t a = 0; actions && a < actions->size(); ++a) {
            const std::string ap = jsonPointer(jsonPointer(p, "DefaultActions"), a);
            const std::string does = listenerAction(
                object((*actions)[a], ap, "an action (an object with Type)"), ap, lb, listener);
            if (!does.empty()) {
                fact += (first ? " " : ", then ") + does;
                first = false;
            }
        }
        listenersOf[lb].push_back(fact);
    }
    for (auto& [lb, list] : listenersOf)
        partsOf(lb).attributes["listeners"] = std::move(list);
}

void Output::dbInstances(const Items& items) {
    std::map<std::string, std::string> byIdentifier; // DBInstanceIdentifier -> key
    struct Replica {
        std::string key, source;
    };
    std::vector<Replica> replicas;
    std::vector<std::pair<std::string, std::string>> clusters; // instance's key, cluster's identifier
    for (const auto& [value, p] : items) {
        const json& db = object(*value, p, "a DB instance (an object with DBInstanceIdentifier)");
        const std::string ident = reqString(db, p, "DBInstanceIdentifier");
        const std::string arn = optString(db, p, "DBInstanceArn");
        noteArn(arn);
        noteZone(optString(db, p, "AvailabilityZone"));
        json facts =
            pick(db, {"DBInstanceIdentifier", "Engine", "EngineVersion", "DBInstanceClass", "MultiAZ",
                      "AvailabilityZone", "StorageType", "AllocatedStorage", "StorageEncrypted",
                      "PubliclyAccessible", "DBInstanceStatus", "DBClusterIdentifier", "DBName"});
        std::string endpoint;
        if (const json* ep = optObject(db, p, "Endpoint")) {
            endpoint = asciiLower(optString(*ep, jsonPointer(p, "Endpoint"), "Address"));
            if (!endpoint.empty())
                facts["endpoint"] = endpoint;
            if (const auto port = ep->find("Port"); port != ep->end() && port->is_number_integer())
                facts["port"] = *port;
        }
        std::string vpc;
        std::vector<std::string> subnetIds;
        if (const json* sg = optObject(db, p, "DBSubnetGroup")) {
            const std::string gp = jsonPointer(p, "DBSubnetGroup");
            vpc = optString(*sg, gp, "VpcId");
            if (!optString(*sg, gp, "DBSubnetGroupName").empty())
                facts["db_subnet_group"] = optString(*sg, gp, "DBSubnetGroupName");
            subnetIds = strings(*sg, gp, "Subnets", "SubnetIdentifier");
        }
        DiscoveredSystem& s = add(arn.empty() ? "rds:" + ident : arn, ident, "database",
                                  tags(db, p, "TagList"), std::move(facts));
        s.group = vpc;
        identify(s, arn);
        identify(s, optString(db, p, "DbiResourceId"));
        identify(s, endpoint);
        const std::string key = s.key;
        byIdentifier[ident] = key;
        for (const auto& sn : subnetIds)
            edge(key, sn, "runs-on", "DBSubnetGroup " + sn);
        if (subnetIds.empty() && !vpc.empty())
            edge(key, vpc, "runs-on", "DBSubnetGroup VpcId");
        for (const auto& g : strings(db, p, "VpcSecurityGroups", "VpcSecurityGroupId"))
            edge(key, g, "configured-by", "VpcSecurityGroups " + g);
        if (const std::string src = optString(db, p, "ReadReplicaSourceDBInstanceIdentifier"); !src.empty())
            replicas.push_back({key, src});
        if (const std::string cluster = optString(db, p, "DBClusterIdentifier"); !cluster.empty())
            clusters.emplace_back(key, cluster);
    }
    for (const auto& r : replicas) {
        std::string to;
        if (startsWith(r.source, "arn:"))
            to = r.source;
        else if (const auto it = byIdentifier.find(r.source); it != byIdentifier.end())
            to = it->second;
        else
            to = rdsRef("db", r.source);
        edge(r.key, to, "depends-on", "ReadReplicaSourceDBInstanceIdentifier " + r.source);
    }
    // An Aurora cluster's instance runs on its cluster, as a state's aws_rds_cluster_instance does.
    for (const auto& [key, cluster] : clusters)
        edge(key, rdsRef("cluster", cluster), "runs-on", "DBClusterIdentifier");
}

void Output::dbClusters(const Items& items) {
    std::vector<std::pair<std::string, std::string>> members; // cluster's key, instance's identifier
    for (const auto& [value, p] : items) {
        const json& c = object(*value, p, "a DB cluster (an object with DBClusterIdentifier)");
        const std::string ident = reqString(c, p, "DBClusterIdentifier");
        const std::string arn = optString(c, p, "DBClusterArn");
        noteArn(arn);
        json facts = pick(c, {"DBClusterIdentifier", "Engine", "EngineVersion", "EngineMode", "Status",
                              "MultiAZ", "Port", "DatabaseName", "StorageEncrypted", "DeletionProtection",
                              "BackupRetentionPeriod", "DBSubnetGroup"});
        const std::string endpoint = asciiLower(optString(c, p, "Endpoint"));
        const std::string reader = asciiLower(optString(c, p, "ReaderEndpoint"));
        if (!endpoint.empty())
            facts["endpoint"] = endpoint;
        if (!reader.empty())
            facts["reader_endpoint"] = reader;
        std::vector<std::string> writers;
        std::vector<std::string> memberIds;
        if (const json* list = optArray(c, p, "DBClusterMembers"))
            for (std::size_t m = 0; m < list->size(); ++m) {
                const std::string mp = jsonPointer(jsonPointer(p, "DBClusterMembers"), m);
                const json& member =
                    object((*list)[m], mp, "a member {DBInstanceIdentifier, IsClusterWriter}");
                const std::string id = optString(member, mp, "DBInstanceIdentifier");
                if (id.empty())
                    continue;
                memberIds.push_back(id);
                if (const auto w = member.find("IsClusterWriter"); w != member.end() && w->is_boolean() && *w)
                    writers.push_back(id);
            }
        if (!writers.empty())
            facts["writer"] = writers.front();
        DiscoveredSystem& s = add(arn.empty() ? "rds-cluster:" + ident : arn, ident, "database",
                                  tags(c, p, "TagList"), std::move(facts));
        identify(s, arn);
        identify(s, endpoint);
        identify(s, reader);
        identify(s, optString(c, p, "DbClusterResourceId"));
        const std::string key = s.key;
        for (const auto& g : strings(c, p, "VpcSecurityGroups", "VpcSecurityGroupId"))
            edge(key, g, "configured-by", "VpcSecurityGroups " + g);
        for (auto& id : memberIds)
            members.emplace_back(key, std::move(id));
    }
    for (const auto& [key, instance] : members)
        edge(rdsRef("db", instance), key, "runs-on", "DBClusterMembers");
}

void Output::functions(const Items& items) {
    for (const auto& [value, p] : items) {
        const json& fn = object(*value, p, "a function (an object with FunctionName)");
        const std::string name = reqString(fn, p, "FunctionName");
        const std::string arn = optString(fn, p, "FunctionArn");
        noteArn(arn);
        json facts = pick(fn, {"Runtime", "Handler", "MemorySize", "Timeout", "CodeSize", "LastModified",
                               "PackageType", "Version", "Role", "State"});
        if (const json* archs = optArray(fn, p, "Architectures"))
            facts["Architectures"] = *archs;
        std::vector<std::string> subnetIds, groups;
        std::string vpc;
        if (const json* vc = optObject(fn, p, "VpcConfig")) {
            const std::string vp = jsonPointer(p, "VpcConfig");
            subnetIds = strings(*vc, vp, "SubnetIds");
            groups = strings(*vc, vp, "SecurityGroupIds");
            vpc = optString(*vc, vp, "VpcId");
        }
        // Environment variables: never kept. Only the AWS endpoints and ARNs they name become edges,
        // and the evidence names the variable, not its value.
        std::vector<std::pair<std::string, std::string>> envRefs;
        if (const json* env = optObject(fn, p, "Environment"))
            if (const json* vars = optObject(*env, jsonPointer(p, "Environment"), "Variables"))
                for (auto it = vars->begin(); it != vars->end(); ++it)
                    if (it->is_string())
                        if (std::string to = namedInEnvironment(it.key(), it->get_ref<const std::string&>());
                            !to.empty())
                            envRefs.emplace_back(it.key(), std::move(to));
        DiscoveredSystem& s =
            add(arn.empty() ? "lambda:" + name : arn, name, "function", {}, std::move(facts));
        s.group = vpc;
        identify(s, arn);
        const std::string key = s.key;
        for (const auto& sn : subnetIds)
            edge(key, sn, "runs-on", "VpcConfig SubnetIds");
        if (subnetIds.empty() && !vpc.empty())
            edge(key, vpc, "runs-on", "VpcConfig VpcId");
        for (const auto& g : groups)
            edge(key, g, "configured-by", "VpcConfig SecurityGroupIds " + g);
        for (const auto& [var, target] : envRefs)
            edge(key, target, "calls", "env " + var);
    }
}

void Output::taggedResources(const Items& items) {
    for (const auto& [value, p] : items) {
        const json& r = object(*value, p, "a tagged resource (an object with ResourceARN)");
        const std::string arn = reqString(r, p, "ResourceARN");
        const auto parts = parseArn(arn);
        if (!parts)
            fail(jsonPointer(p, "ResourceARN"),
                 "an ARN (arn:<partition>:<service>:<region>:<account>:<resource>)", &r["ResourceARN"]);
        // A thing of EC2 by its id (instance/i-0abc, security-group/sg-0abc), as the other calls' outputs
        // and a Terraform state name it; anything else by its ARN. What is no system (a log group, a
        // policy, a snapshot, an image) or a part of one (a function's version) is left out.
        const std::string_view resource = parts->resource;
        const auto slash = resource.find('/');
        std::optional<CloudResource> named;
        if (parts->service == "ec2" && slash != std::string_view::npos)
            named = awsResourceNamed(resource.substr(slash + 1));
        else if (const auto whole = awsResourceNamed(arn); whole && !whole->host && whole->id == arn)
            named = whole;
        if (!named) {
            ++m_d.skipped;
            continue;
        }
        noteArn(arn);
        json facts = json::object();
        facts["service"] = parts->service;
        DiscoveredSystem& s = add(named->id, named->name, named->kind, tags(r, p, "Tags"), std::move(facts));
        identify(s, named->id);
        identify(s, arn);
    }
}

void Output::ecsServices(const Items& items) {
    for (const auto& [value, p] : items) {
        const json& svc = object(*value, p, "an ECS service (an object with serviceArn)");
        const std::string arn = reqString(svc, p, "serviceArn");
        const auto named = resourceOf(arn, "ecs", "service/");
        if (!named) {
            const json found = arn;
            fail(jsonPointer(p, "serviceArn"),
                 "an ECS service's ARN (arn:aws:ecs:<region>:<account>:service/...)", &found);
        }
        noteArn(arn);
        const std::string name = optString(svc, p, "serviceName");
        const std::string cluster = optString(svc, p, "clusterArn");
        json facts = pick(svc, {"status", "launchType", "platformVersion", "schedulingStrategy",
                                "desiredCount", "runningCount", "pendingCount", "taskDefinition"});
        std::vector<std::string> subnetIds, groups;
        if (const json* net = optObject(svc, p, "networkConfiguration")) {
            const std::string np = jsonPointer(p, "networkConfiguration");
            if (const json* vpc = optObject(*net, np, "awsvpcConfiguration")) {
                const std::string vp = jsonPointer(np, "awsvpcConfiguration");
                subnetIds = strings(*vpc, vp, "subnets");
                groups = strings(*vpc, vp, "securityGroups");
                if (const std::string ip = optString(*vpc, vp, "assignPublicIp"); !ip.empty())
                    facts["assignPublicIp"] = ip;
            }
        }
        DiscoveredSystem& s = add(arn, name.empty() ? named->name : name, named->kind,
                                  tags(svc, p, "tags", true), std::move(facts));
        if (const auto c = awsResourceNamed(cluster))
            s.group = c->name;
        identify(s, arn);
        const std::string key = s.key;
        if (!cluster.empty())
            edge(key, cluster, "runs-on", "clusterArn");
        if (const std::string td = optString(svc, p, "taskDefinition"); !td.empty())
            edge(key, taskDefinitionFamily(td), "configured-by", "taskDefinition");
        for (const auto& sn : subnetIds)
            edge(key, sn, "runs-on", "awsvpcConfiguration subnets");
        for (const auto& g : groups)
            edge(key, g, "configured-by", "awsvpcConfiguration securityGroups " + g);
        // The target groups its tasks register in: it depends on each, as a Terraform state's
        // aws_ecs_service does; the load balancer routes to the group.
        if (const json* lbs = optArray(svc, p, "loadBalancers"))
            for (std::size_t i = 0; i < lbs->size(); ++i) {
                const std::string lp = jsonPointer(jsonPointer(p, "loadBalancers"), i);
                const json& lb =
                    object((*lbs)[i], lp, "a load balancer {targetGroupArn, containerName, containerPort}");
                const std::string tg =
                    targetGroupArn(optString(lb, lp, "targetGroupArn"), jsonPointer(lp, "targetGroupArn"));
                if (!tg.empty())
                    edge(key, tg, "depends-on", "loadBalancers targetGroupArn");
            }
    }
}

void Output::taskDefinitions(const Items& items) {
    for (const auto& [value, p] : items) {
        const json& td = object(*value, p, "a task definition (an object with taskDefinitionArn)");
        const std::string arn = reqString(td, p, "taskDefinitionArn");
        const std::string family = taskDefinitionFamily(arn);
        if (family.empty()) {
            const json found = arn;
            fail(jsonPointer(p, "taskDefinitionArn"),
                 "a task definition's ARN "
                 "(arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>)",
                 &found);
        }
        noteArn(arn);
        json facts = pick(td, {"family", "revision", "status", "networkMode", "cpu", "memory", "taskRoleArn",
                               "executionRoleArn"});
        if (const json* compat = optArray(td, p, "requiresCompatibilities"))
            facts["requiresCompatibilities"] = *compat;
        // Its containers' images, and what their settings name: an environment's values are never kept (only
        // the AWS resources they name, as a function's), a secret's valueFrom is the ARN of where it is kept.
        json images = json::array();
        std::vector<std::tuple<std::string, std::string, std::string>> refs; // to, kind, evidence
        if (const json* containers = optArray(td, p, "containerDefinitions"))
            for (std::size_t c = 0; c < containers->size(); ++c) {
                const std::string cp = jsonPointer(jsonPointer(p, "containerDefinitions"), c);
                const json& container = object((*containers)[c], cp, "a container definition");
                const std::string name = optString(container, cp, "name");
                if (const std::string image = optString(container, cp, "image"); !image.empty())
                    images.push_back(name.empty() ? image : name + ": " + image);
                const std::string of = containers->size() > 1 && !name.empty() ? " (" + name + ")" : "";
                for (const char* list : {"environment", "secrets"}) {
                    const bool secrets = std::string_view(list) == "secrets";
                    const json* vars = optArray(container, cp, list);
                    for (std::size_t v = 0; vars && v < vars->size(); ++v) {
                        const std::string vp = jsonPointer(jsonPointer(cp, list), v);
                        const json& var = object((*vars)[v], vp, "a variable {name, value}");
                        const std::string varName = optString(var, vp, "name");
                        std::string to;
                        if (secrets) { // where it is kept
                            if (const auto r = awsResourceNamed(optString(var, vp, "valueFrom"));
                                r && !r->host)
                                to = r->id;
                        } else if (const auto it = var.find("value"); it != var.end() && it->is_string()) {
                            to = namedInEnvironment(varName, it->get<std::string>());
                        }
                        if (!to.empty())
                            refs.emplace_back(std::move(to), secrets ? "configured-by" : "calls",
                                              (secrets ? "secret " : "env ") + varName + of);
                    }
                }
            }
        if (!images.empty())
            facts["images"] = std::move(images);
        const std::string name = optString(td, p, "family");
        DiscoveredSystem& s = add(family, name.empty() ? family.substr(family.rfind('/') + 1) : name,
                                  "service", {}, std::move(facts));
        identify(s, family);
        identify(s, arn);
        const std::string key = s.key;
        for (const auto& [to, kind, evidence] : refs)
            edge(key, to, kind, evidence);
    }
}

void Output::finish() {
    // What the file names but does not describe (the subnet, VPC or security group of an instance, in the
    // output of another call): a placeholder, described elsewhere, so that the edge stays and joins that
    // system when its output (or a Terraform state managing it) is imported, before or after.
    // So is a resource a function's settings name by its ARN, its URL or its host (CloudResources.h).
    struct Missing {
        std::string id, name, kind;
    };
    std::vector<Missing> missing;
    {
        std::set<std::string_view> defined;
        for (const auto& s : m_d.systems) {
            defined.insert(s.key);
            defined.insert(s.identifiers.begin(), s.identifiers.end());
        }
        for (const auto& e : m_d.edges)
            for (const std::string* end : {&e.from, &e.to}) { // (a target group's load balancer is its from)
                const std::string& id = *end;
                if (defined.contains(id) ||
                    std::any_of(missing.begin(), missing.end(), [&](const Missing& m) { return m.id == id; }))
                    continue;
                if (startsWith(id, "vpc-") || startsWith(id, "subnet-") || startsWith(id, "sg-"))
                    missing.push_back({id, id, "network"});
                else if (startsWith(id, "i-"))
                    missing.push_back({id, id, "compute"});
                else if (const auto r = awsResourceNamed(id); r && r->id == id)
                    missing.push_back({id, r->name, r->kind});
            }
    }
    for (const auto& m : missing) {
        DiscoveredSystem& s = add(m.id, m.name, m.kind, {}, json::object());
        s.reference = true;
        identify(s, m.id);
    }
    // ARNs of EC2 things, now that the whole file has told the account and region.
    for (const auto& [index, what] : m_pendingArns) {
        const std::string arn = ec2Arn(what.first, what.second);
        if (!arn.empty())
            identify(m_d.systems[index], arn);
    }
    for (auto& s : m_d.systems) {
        if (!m_account.empty())
            s.attributes["account"] = m_account;
        if (!m_region.empty())
            s.attributes["region"] = m_region;
    }
    // A name two systems of the output have (one private IP in two VPCs of the region) tells neither from
    // the other: it is left out of both, as a Terraform state leaves out what two of its resources share.
    std::map<std::string_view, std::set<std::string_view>> holders; // identifier -> keys
    for (const auto& s : m_d.systems)
        for (const auto& ident : s.identifiers)
            holders[ident].insert(s.key);
    std::set<std::string> shared;
    for (const auto& [ident, keys] : holders)
        if (keys.size() > 1)
            shared.emplace(ident);
    if (!shared.empty())
        for (auto& s : m_d.systems)
            std::erase_if(s.identifiers, [&](const std::string& ident) { return shared.count(ident) > 0; });
}

Discovery Output::run(const json& root) {
    m_d.format = "awscli";
    m_d.file = m_src.name;
    m_d.contentHash = m_src.sha256;
    if (!root.is_object() && !root.is_array())
        fail("", "the JSON object an AWS CLI describe/list call prints, or the list its --query leaves",
             &root);

    // CloudMapper layout: .../account-data/<account>/<region>/<service>-<api>.json
    std::string pathPrefix;
    {
        const std::string path = m_src.path;
        const auto at = path.find("account-data/");
        if (at != std::string::npos) {
            const std::string rest = path.substr(at + 13);
            const auto s1 = rest.find('/');
            const auto s2 = s1 == std::string::npos ? std::string::npos : rest.find('/', s1 + 1);
            if (s2 != std::string::npos) {
                const std::string account = rest.substr(0, s1);
                const std::string region = rest.substr(s1 + 1, s2 - s1 - 1);
                if (isRegion(region) && !account.empty() && account.size() < 64) {
                    m_region = region;
                    noteAccount(account);
                    pathPrefix = account + "/" + region + "/";
                }
            }
        }
        if (m_region.empty()) {
            // A region in the file's name: "demo_us-east-1_ec2-describe-instances.json".
            std::string token;
            for (char c : m_src.name + "_") {
                if (c == '_' || c == '/' || c == '.' || c == ' ') {
                    if (isRegion(token)) {
                        m_region = token;
                        break;
                    }
                    token.clear();
                } else {
                    token += c;
                }
            }
        }
    }
    m_d.scope = sourceScope("awscli", m_src.path, m_src.name);
    m_d.legacyScope = "awscli:" + pathPrefix + m_src.name;

    std::map<Call, Items> byCall = resourcesOf(root);
    if (byCall.empty())
        m_d.warnings.push_back("an empty list: no resources to import");
    if (const auto r = byCall.find(Call::Reservation); r != byCall.end())
        for (const auto& [value, ptr] : r->second)
            addReservation(*value, ptr, byCall[Call::Instance]);
    const std::pair<Call, void (Output::*)(const Items&)> readers[] = {
        {Call::Instance, &Output::instances},
        {Call::SecurityGroup, &Output::securityGroups},
        {Call::Subnet, &Output::subnets},
        {Call::Vpc, &Output::vpcs},
        {Call::LoadBalancer, &Output::loadBalancers},
        {Call::ClassicLoadBalancer, &Output::classicLoadBalancers},
        {Call::Listener, &Output::listeners},
        {Call::TargetGroup, &Output::targetGroups},
        {Call::TargetHealth, &Output::targetHealth},
        {Call::DbInstance, &Output::dbInstances},
        {Call::DbCluster, &Output::dbClusters},
        {Call::Function, &Output::functions},
        {Call::TaggedResource, &Output::taggedResources},
        {Call::EcsService, &Output::ecsServices},
        {Call::TaskDefinition, &Output::taskDefinitions},
    };
    for (const auto& [call, read] : readers)
        if (const auto it = byCall.find(call); it != byCall.end())
            (this->*read)(it->second);
    // Of pages (--output yaml-stream), the last says whether more were left.
    const json& last = root.is_array() && !root.empty() && isCallOutput(root.back()) ? root.back() : root;
    for (const char* token : {"NextToken", "Marker", "NextMarker", "PaginationToken"})
        if (const auto it = last.find(token);
            it != last.end() && it->is_string() && !it->get<std::string>().empty())
            m_d.warnings.push_back(std::string("partial output: ") + token +
                                   " is set, so the call had more results that this file does not hold");
    finish();
    return std::move(m_d);
}

} // namespace

std::string AwsCliParser::description() const {
    return "AWS CLI JSON or YAML output (describe-instances, -security-groups, -subnets, -vpcs, "
           "-load-balancers, -listeners, -target-groups, -target-health, -db-instances, -db-clusters, "
           "lambda list-functions, ecs describe-services, -task-definition, "
           "resourcegroupstaggingapi get-resources), whole or as a --query leaves it";
}

namespace {

/// "InstanceId" of a YAML line "InstanceId: i-0abc", "- InstanceId: i-0abc" or "Tags:" (empty if none).
std::string_view yamlKey(std::string_view line) {
    const auto colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos || (colon + 1 < line.size() && line[colon + 1] != ' '))
        return {};
    const std::string_view key = line.substr(0, colon);
    return std::all_of(key.begin(), key.end(), [](char c) { return isAsciiAlnum(c) || c == '_'; }) ? key : "";
}

struct YamlLine {
    std::string_view text;
    std::size_t number;
};

/// The first `most` lines of YAML text that hold something: no blank lines, comments nor document markers.
std::vector<YamlLine> yamlLines(std::string_view text, std::size_t most) {
    std::vector<YamlLine> out;
    std::size_t number = 0;
    for (std::size_t at = 0; at < text.size() && out.size() < most;) {
        const auto nl = std::min(text.find('\n', at), text.size());
        std::string_view line = text.substr(at, nl - at);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        at = nl + 1;
        ++number;
        const auto indent = line.find_first_not_of(' ');
        if (indent != std::string_view::npos && line[indent] != '#' && line != "---" &&
            !line.starts_with("--- ") && !line.starts_with('%'))
            out.push_back({line, number});
    }
    return out;
}

/// How surely YAML text (--output yaml or yaml-stream) is an output of a supported call.
/// A line without the "- " that makes it a list item's first.
std::string_view withoutItemMark(std::string_view line) {
    return line.starts_with("- ") ? line.substr(2) : line;
}

int sniffYaml(std::string_view text) {
    const std::vector<YamlLine> lines = yamlLines(text, 2000);
    if (lines.empty())
        return 0;
    // The members at the top of the first value: the document's, or its first list item's.
    const bool list = lines[0].text.starts_with("- ");
    Members members;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (list && i > 0 && !lines[i].text.starts_with("  "))
            break;
        const std::string_view line = list ? lines[i].text.substr(2) : lines[i].text;
        if (!line.empty() && line[0] != ' ')
            if (const auto key = yamlKey(line); !key.empty())
                members.emplace(key);
    }
    // One resource first: an instance has SecurityGroups too.
    if (callOf(members, true) != Call::None)
        return list ? 80 : 75;
    if (members.contains("taskDefinition") && text.find("containerDefinitions:") != std::string_view::npos)
        return 90;
    for (const auto& [key, call, member] : kNamedLists)
        if (members.contains(key)) {
            if (text.find(std::string(member) + ":") != std::string_view::npos)
                return 90;
            if (keyAloneTells(key))
                return 70;
        }
    return 0;
}

/// The names of the members of the JSON object that starts at `at`, as far as `text` holds it.
Members membersOf(std::string_view text, std::size_t at) {
    Members out;
    int depth = 0;
    for (std::size_t i = at; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            const std::size_t from = i + 1;
            for (++i; i < text.size() && text[i] != '"'; ++i)
                if (text[i] == '\\')
                    ++i;
            if (depth == 1) {
                const auto next = text.find_first_not_of(" \t\r\n", i + 1);
                if (next != std::string_view::npos && text[next] == ':')
                    out.emplace(text.substr(from, i - from));
            }
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            break;
        }
    }
    return out;
}

/// Whether the JSON object at `at` is a resource of a supported call, such as a --query leaves it.
bool isResourceAt(std::string_view text, std::size_t at) {
    return callOf(membersOf(text, at), true) != Call::None;
}

bool isJsonText(const std::string& text) {
    const auto at = text.find_first_not_of(" \t\r\n");
    return at != std::string::npos && (text[at] == '{' || text[at] == '[');
}

} // namespace

int AwsCliParser::sniff(const std::string&, const std::string& text) const {
    if (!isJsonText(text))
        return sniffYaml(std::string_view(text).substr(0, 65536));
    std::size_t at = text.find_first_not_of(" \t\r\n");
    if (text[at] == '[') {
        // The resources a --query leaves: a list of them, or lists of lists (Reservations[*].Instances[*]).
        at = text.find_first_not_of(" \t\r\n[", at);
        return at != std::string::npos && text[at] == '{' && isResourceAt(text, at) ? 80 : 0;
    }
    // One resource, as a --query that picks one leaves it (Reservations[0].Instances[0]).
    if (isResourceAt(text, at))
        return 75;
    // The first key of the top-level object names the call, after the token of a page that some calls print
    // first (get-resources' PaginationToken).
    std::string key;
    std::size_t end = 0;
    for (bool first = true;; first = false) {
        at = text.find_first_not_of(" \t\r\n", at + 1);
        if (at == std::string::npos || text[at] != '"')
            return 0;
        end = text.find('"', at + 1);
        if (end == std::string::npos || end - at > 64)
            return 0;
        key = text.substr(at + 1, end - at - 1);
        if (!first || (key != "PaginationToken" && key != "NextToken"))
            break;
        // Its value, a string or null, and the comma after it.
        const auto value = text.find_first_not_of(" \t\r\n:", end + 1);
        if (value == std::string::npos)
            return 0;
        const auto valueEnd = text[value] == '"'                    ? text.find('"', value + 1)
                              : text.compare(value, 4, "null") == 0 ? value + 3
                                                                    : std::string::npos;
        if (valueEnd == std::string::npos)
            return 0;
        at = text.find_first_not_of(" \t\r\n", valueEnd + 1);
        if (at == std::string::npos || text[at] != ',')
            return 0;
    }
    const std::string head = text.substr(0, 65536);
    if (key == "taskDefinition") // ecs describe-task-definition
        return head.find("\"containerDefinitions\"") != std::string::npos ? 90 : 0;
    for (const auto& [k, call, member] : kNamedLists)
        if (key == k) {
            if (head.find("\"" + std::string(member) + "\"") != std::string::npos)
                return 90;
            // An empty list ({"Vpcs": []}) is still that call's output.
            const auto colon = text.find_first_not_of(" \t\r\n", end + 1);
            if (colon != std::string::npos && text[colon] == ':' && keyAloneTells(k))
                return 70;
            return 0;
        }
    return 0;
}

Discovery AwsCliParser::parse(const SourceText& src, const ParseOptions&) const {
    json root;
    if (isJsonText(src.text)) {
        root = parseJsonText(src.text, src.name);
    } else { // --output yaml, or yaml-stream: its pages as documents or as a list
        const auto lines = yamlLines(src.text, 1);
        if (lines.empty() || yamlKey(withoutItemMark(lines[0].text)).empty())
            throw Error(src.name, "line " + std::to_string(lines.empty() ? 1 : lines[0].number),
                        "expected the JSON or YAML output of an AWS CLI call (--output json or yaml); "
                        "--output text and table cannot be read");
        std::vector<json> docs = loadYamlDocuments(src.text, src.name);
        root = docs.size() == 1 ? std::move(docs[0]) : json(std::move(docs));
    }
    Output out(src);
    return out.run(root);
}

} // namespace terrain
