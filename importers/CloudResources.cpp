#include "CloudResources.h"

#include "AsciiChars.h"
#include "SourceText.h"
#include "TerraformCommon.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>
#include <vector>

namespace terrain {

namespace {

/// The ARN of the SQS queue a URL names (`https://sqs.eu-west-1.amazonaws.com/123456789012/jobs`, or the
/// older `https://eu-west-1.queue.amazonaws.com/...`); "" for any other value.
std::string sqsQueueArn(std::string_view url) {
    std::string_view rest = url.substr(std::string_view("https://").size());
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos)
        return {};
    const std::string host = asciiLower(rest.substr(0, slash));
    std::string region;
    if (host.starts_with("sqs.") && host.ends_with(".amazonaws.com"))
        region = host.substr(4, host.size() - 4 - std::string_view(".amazonaws.com").size());
    else if (host.ends_with(".queue.amazonaws.com"))
        region = host.substr(0, host.size() - std::string_view(".queue.amazonaws.com").size());
    else
        return {};
    rest.remove_prefix(slash + 1);
    const auto second = rest.find('/');
    if (region.empty() || region.find('.') != std::string::npos || second == std::string_view::npos ||
        second == 0 || second + 1 >= rest.size())
        return {};
    const std::string_view account = rest.substr(0, second);
    const std::string_view name = rest.substr(second + 1);
    if (!std::all_of(account.begin(), account.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        name.find_first_of("/?#") != std::string_view::npos)
        return {};
    return "arn:aws:sqs:" + region + ":" + std::string(account) + ":" + std::string(name);
}

// The resources that are systems: an id of the EC2 family (its prefix, then 8 or 17 hexadecimal digits),
// an ARN of a service (its resource's prefix), the host of a database, a cache, a load balancer or a
// search domain; each with the Terraform type that would manage it.
constexpr std::pair<std::string_view, std::string_view> kIdPrefixes[] = {
    {"sg-", "aws_security_group"},
    {"subnet-", "aws_subnet"},
    {"vpc-", "aws_vpc"},
    {"i-", "aws_instance"},
    {"nat-", "aws_nat_gateway"},
    {"igw-", "aws_internet_gateway"},
    {"tgw-", "aws_ec2_transit_gateway"},
    {"vpce-", "aws_vpc_endpoint"},
    {"fs-", "aws_efs_file_system"},
    {"vol-", "aws_ebs_volume"},
};

constexpr std::tuple<std::string_view, std::string_view, std::string_view> kServices[] = {
    {"s3", "", "aws_s3_bucket"},
    {"rds", "db:", "aws_db_instance"},
    {"rds", "cluster:", "aws_rds_cluster"},
    {"dynamodb", "table/", "aws_dynamodb_table"},
    {"sqs", "", "aws_sqs_queue"},
    {"sns", "", "aws_sns_topic"},
    {"lambda", "function:", "aws_lambda_function"},
    {"secretsmanager", "secret:", "aws_secretsmanager_secret"},
    {"ssm", "parameter/", "aws_ssm_parameter"},
    {"kms", "key/", "aws_kms_key"},
    {"elasticache", "cluster:", "aws_elasticache_cluster"},
    {"elasticache", "replicationgroup:", "aws_elasticache_replication_group"},
    {"kinesis", "stream/", "aws_kinesis_stream"},
    {"firehose", "deliverystream/", "aws_kinesis_firehose_delivery_stream"},
    {"es", "domain/", "aws_opensearch_domain"},
    {"ecs", "cluster/", "aws_ecs_cluster"},
    {"ecs", "service/", "aws_ecs_service"},
    {"ecs", "task-definition/", "aws_ecs_task_definition"},
    {"eks", "cluster/", "aws_eks_cluster"},
    {"elasticloadbalancing", "loadbalancer/", "aws_lb"},
    {"elasticloadbalancing", "targetgroup/", "aws_lb_target_group"},
    {"iam", "role/", "aws_iam_role"},
    {"ecr", "repository/", "aws_ecr_repository"},
    {"elasticfilesystem", "file-system/", "aws_efs_file_system"},
    {"states", "stateMachine:", "aws_sfn_state_machine"},
    {"events", "event-bus/", "aws_cloudwatch_event_bus"},
    {"cognito-idp", "userpool/", "aws_cognito_user_pool"}};

constexpr std::pair<std::string_view, std::string_view> kHosts[] = {
    {".rds.amazonaws.com", "aws_db_instance"},
    {".cache.amazonaws.com", "aws_elasticache_cluster"},
    {".elb.amazonaws.com", "aws_lb"},
    {".es.amazonaws.com", "aws_opensearch_domain"}};

// Google Cloud: the collections of a compute id or self link
// (`projects/p/<global|regions/r|zones/z>/<collection>/ <name>`), and the ids of other services
// (`projects/p/<collection>/<name>`, GKE's `projects/p/locations/l/ clusters/c`), with the Terraform type
// that would manage each.
constexpr std::pair<std::string_view, std::string_view> kGcpCompute[] = {
    {"networks", "google_compute_network"},
    {"subnetworks", "google_compute_subnetwork"},
    {"instances", "google_compute_instance"},
    {"instanceGroups", "google_compute_instance_group"},
    {"instanceGroupManagers", "google_compute_instance_group_manager"},
    {"backendServices", "google_compute_backend_service"},
    {"forwardingRules", "google_compute_forwarding_rule"},
    {"routers", "google_compute_router"},
};

constexpr std::pair<std::string_view, std::string_view> kGcpOther[] = {
    {"topics", "google_pubsub_topic"},
    {"subscriptions", "google_pubsub_subscription"},
    {"secrets", "google_secret_manager_secret"},
    {"clusters", "google_container_cluster"},
};

// Azure: the type of a resource id (`/subscriptions/s/resourceGroups/g/providers/<namespace>/<type>/<name>`,
// and a child's `.../<type>/<name>/<child type>/<child name>`), compared without case as Azure compares them.
constexpr std::pair<std::string_view, std::string_view> kAzure[] = {
    {"Microsoft.Network/virtualNetworks", "azurerm_virtual_network"},
    {"Microsoft.Network/virtualNetworks/subnets", "azurerm_subnet"},
    {"Microsoft.Network/networkSecurityGroups", "azurerm_network_security_group"},
    {"Microsoft.Network/loadBalancers", "azurerm_lb"},
    {"Microsoft.Network/applicationGateways", "azurerm_application_gateway"},
    {"Microsoft.Compute/virtualMachines", "azurerm_linux_virtual_machine"},
    {"Microsoft.ContainerService/managedClusters", "azurerm_kubernetes_cluster"},
    {"Microsoft.Sql/servers", "azurerm_mssql_server"},
    {"Microsoft.Sql/servers/databases", "azurerm_mssql_database"},
    {"Microsoft.DBforPostgreSQL/flexibleServers", "azurerm_postgresql_flexible_server"},
    {"Microsoft.DBforMySQL/flexibleServers", "azurerm_mysql_flexible_server"},
    {"Microsoft.Storage/storageAccounts", "azurerm_storage_account"},
    {"Microsoft.KeyVault/vaults", "azurerm_key_vault"},
    {"Microsoft.ServiceBus/namespaces", "azurerm_servicebus_namespace"},
    {"Microsoft.EventHub/namespaces", "azurerm_eventhub_namespace"},
    {"Microsoft.Cache/redis", "azurerm_redis_cache"},
    {"Microsoft.Web/sites", "azurerm_linux_web_app"},
    {"Microsoft.ContainerRegistry/registries", "azurerm_container_registry"},
};

/// The steps of a resource path (`projects/p/global/networks/n`), none where one is empty or holds a space
/// or a wildcard (a pattern names no one resource).
std::optional<std::vector<std::string_view>> pathSteps(std::string_view v) {
    std::vector<std::string_view> steps;
    for (std::size_t at = 0; at <= v.size();) {
        const auto slash = std::min(v.find('/', at), v.size());
        const std::string_view step = v.substr(at, slash - at);
        if (step.empty() || step.find_first_of(" \t*?") != std::string_view::npos)
            return std::nullopt;
        steps.push_back(step);
        at = slash + 1;
    }
    return steps;
}

/// kindForType() of a type of the tables above, matched once: the import of a large state asks for
/// thousands of them (on two threads).
const std::string& kindOf(std::string_view type) {
    static const std::map<std::string_view, std::string> kinds = [] {
        std::map<std::string_view, std::string> out;
        for (const auto& [prefix, t] : kIdPrefixes)
            out.emplace(t, tf::kindForType(t));
        for (const auto& [service, prefix, t] : kServices)
            out.emplace(t, tf::kindForType(t));
        for (const auto& [suffix, t] : kHosts)
            out.emplace(t, tf::kindForType(t));
        for (const auto& [collection, t] : kGcpCompute)
            out.emplace(t, tf::kindForType(t));
        for (const auto& [collection, t] : kGcpOther)
            out.emplace(t, tf::kindForType(t));
        for (const auto& [path, t] : kAzure)
            out.emplace(t, tf::kindForType(t));
        return out;
    }();
    return kinds.at(type);
}

} // namespace

std::string awsEndpointHost(std::string_view v) {
    if (const auto scheme = v.find("://"); scheme != std::string_view::npos)
        v.remove_prefix(scheme + 3);
    v = v.substr(0, v.find_first_of("/?# "));
    if (const auto at = v.rfind('@'); at != std::string_view::npos) // credentials: never looked at
        v.remove_prefix(at + 1);
    v = v.substr(0, v.find(':'));
    std::string host = asciiLower(v);
    if (host.size() > 253 || !host.ends_with(".amazonaws.com") ||
        !std::all_of(host.begin(), host.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
        }))
        return {};
    return host;
}

std::string resourceArn(std::string_view v) {
    if (!v.starts_with("arn:") || v.size() > 2048)
        return {};
    std::size_t colons[5];
    std::size_t at = 0;
    for (auto& c : colons) {
        c = v.find(':', at);
        if (c == std::string_view::npos)
            return {};
        at = c + 1;
    }
    const std::string_view service = v.substr(colons[1] + 1, colons[2] - colons[1] - 1);
    std::string_view resource = v.substr(colons[4] + 1);
    // The resource up to its `steps`th separator ("table/orders/index/x", '/', 2: "table/orders").
    auto firstSteps = [](std::string_view r, char sep, int steps) {
        std::size_t end = 0;
        for (int k = 0; k < steps; ++k) {
            end = r.find(sep, k == 0 ? 0 : end + 1);
            if (end == std::string_view::npos)
                return r;
        }
        return r.substr(0, end);
    };
    if (service == "s3")
        resource = firstSteps(resource, '/', 1);
    else if (service == "dynamodb" || service == "kinesis" || service == "es")
        resource = firstSteps(resource, '/', 2);
    else if (service == "lambda" || service == "logs")
        resource = firstSteps(resource, ':', 2);
    else if (service == "sns")
        resource = firstSteps(resource, ':', 1);
    else if (service == "secretsmanager") // "secret:<name>:<json key>:<stage>:<version>", as ECS takes one
        resource = firstSteps(resource, ':', 2);
    else if (service == "ecs" &&
             resource.starts_with("task-definition/")) // "task-definition/<family>:<revision>"
        resource = firstSteps(resource, ':', 1);
    while (resource.ends_with("/*") || resource.ends_with(":*"))
        resource.remove_suffix(2);
    if (resource.empty() || resource.find_first_of("*?") != std::string_view::npos)
        return {};
    return std::string(v.substr(0, colons[4] + 1)) + std::string(resource);
}

std::optional<CloudResource> awsResourceNamed(std::string_view v) {
    // An id of the EC2 family.
    for (const auto& [prefix, type] : kIdPrefixes) {
        const std::string_view hex = v.substr(std::min(prefix.size(), v.size()));
        if (v.starts_with(prefix) && (hex.size() == 8 || hex.size() == 17) &&
            std::all_of(hex.begin(), hex.end(), isAsciiLowerHexDigit))
            return CloudResource{std::string(v), kindOf(type), std::string(v)};
    }
    // An ARN of a service whose resources are systems (not a managed policy, an alias or a log group); an
    // SQS queue's URL names the queue its ARN names.
    std::string queue;
    if (v.starts_with("https://"))
        queue = sqsQueueArn(v);
    if (const std::string arn = resourceArn(queue.empty() ? v : std::string_view(queue)); !arn.empty()) {
        std::size_t colons[5];
        std::size_t at = 0;
        for (auto& c : colons)
            at = (c = arn.find(':', at)) + 1;
        const std::string_view service =
            std::string_view(arn).substr(colons[1] + 1, colons[2] - colons[1] - 1);
        const std::string_view account =
            std::string_view(arn).substr(colons[3] + 1, colons[4] - colons[3] - 1);
        const std::string_view resource = std::string_view(arn).substr(colons[4] + 1);
        if (account == "aws" || resource.empty() || resource.starts_with("role/aws-service-role/"))
            return std::nullopt; // (AWS's own: a managed policy, a service-linked role)
        for (const auto& [svc, prefix, type] : kServices)
            if (service == svc && resource.starts_with(prefix) && resource.size() > prefix.size()) {
                std::string_view name = resource;
                if (service == "elasticloadbalancing") {
                    // loadbalancer/app/<name>/<id>, loadbalancer/<name> (classic), targetgroup/<name>/<id>:
                    // the name, not the id that makes it unique.
                    name.remove_prefix(prefix.size());
                    for (std::string_view kind : {"app/", "net/", "gwy/"})
                        if (prefix == "loadbalancer/" && name.starts_with(kind))
                            name.remove_prefix(kind.size());
                    name = name.substr(0, name.find('/'));
                } else if (const auto last = resource.find_last_of("/:"); last != std::string_view::npos) {
                    name = resource.substr(last + 1);
                }
                // A secret's ARN ends in "-" and six characters of Secrets Manager's own: not of its name.
                if (service == "secretsmanager" && name.size() > 7 && name[name.size() - 7] == '-' &&
                    std::all_of(name.end() - 6, name.end(), isAsciiAlnum))
                    name.remove_suffix(7);
                return CloudResource{arn, kindOf(type), std::string(name)};
            }
        return std::nullopt;
    }
    // The host of a database, a cache, a load balancer or a search domain of AWS.
    if (v.find(".amazonaws.com") == std::string_view::npos)
        return std::nullopt;
    if (const std::string host = awsEndpointHost(v); !host.empty())
        for (const auto& [suffix, type] : kHosts)
            if (host.ends_with(suffix) && host.size() > suffix.size())
                return CloudResource{host, kindOf(type), host.substr(0, host.find('.')), true};
    return std::nullopt;
}

std::optional<CloudResource> gcpResourceNamed(std::string_view v) {
    for (std::string_view prefix :
         {"https://www.googleapis.com/compute/v1/", "https://www.googleapis.com/compute/beta/"})
        if (v.starts_with(prefix)) {
            v.remove_prefix(prefix.size());
            break;
        }
    if (!v.starts_with("projects/") || v.size() > 1024)
        return std::nullopt;
    const auto path = pathSteps(v);
    if (!path)
        return std::nullopt;
    const auto& steps = *path;
    auto found = [&](std::string_view type) {
        return CloudResource{std::string(v), kindOf(type), std::string(steps.back()), false, "google"};
    };
    // projects/p/global/<collection>/<name>, projects/p/<regions|zones>/<where>/<collection>/<name>
    const bool global = steps.size() == 5 && steps[2] == "global";
    const bool located = steps.size() == 6 && (steps[2] == "regions" || steps[2] == "zones");
    if (global || located)
        for (const auto& [collection, type] : kGcpCompute)
            if (steps[steps.size() - 2] == collection)
                return found(type);
    // projects/p/<collection>/<name>, projects/p/locations/l/clusters/<name>
    if (steps.size() == 4 || (steps.size() == 6 && steps[2] == "locations"))
        for (const auto& [collection, type] : kGcpOther)
            if (steps[steps.size() - 2] == collection && (collection == "clusters") == (steps.size() == 6))
                return found(type);
    return std::nullopt;
}

std::optional<CloudResource> azureResourceNamed(std::string_view v) {
    if (!v.starts_with("/subscriptions/") || v.size() > 1024)
        return std::nullopt;
    // subscriptions, s, resourceGroups, g, providers, namespace, type, name[, child type, child name]
    const auto path = pathSteps(v.substr(1));
    if (!path || (path->size() != 8 && path->size() != 10))
        return std::nullopt;
    const auto& steps = *path;
    if (asciiLower(steps[2]) != "resourcegroups" || asciiLower(steps[4]) != "providers")
        return std::nullopt;
    std::string type = asciiLower(steps[5]) + "/" + asciiLower(steps[6]);
    if (steps.size() == 10)
        type += "/" + asciiLower(steps[8]);
    for (const auto& [azureType, t] : kAzure)
        if (asciiLower(azureType) == type)
            return CloudResource{std::string(v), kindOf(t), std::string(steps.back()), false, "azurerm"};
    return std::nullopt;
}

std::optional<CloudResource> cloudResourceNamed(std::string_view v) {
    if (auto aws = awsResourceNamed(v))
        return aws;
    if (auto gcp = gcpResourceNamed(v))
        return gcp;
    return azureResourceNamed(v);
}

std::string policyStatementAccess(const json& statement) {
    bool reads = false, writes = false, calls = false;
    auto verb = [&](std::string_view action) {
        const auto colon = action.find(':');
        const std::string_view v = colon == std::string_view::npos ? action : action.substr(colon + 1);
        auto starts = [&](std::initializer_list<std::string_view> prefixes) {
            return std::any_of(prefixes.begin(), prefixes.end(), [&](std::string_view p) {
                return v.size() >= p.size() && std::equal(p.begin(), p.end(), v.begin(), [](char a, char b) {
                           return asciiLowerChar(a) == asciiLowerChar(b);
                       });
            });
        };
        if (v.empty() || v.front() == '*') {
            reads = writes = true;
        } else if (starts({"Invoke", "StartExecution", "StartSyncExecution"})) {
            calls = true;
        } else if (starts({"Get", "List", "Describe", "Read", "Query", "Scan", "Receive", "BatchGet",
                           "Select", "Decrypt", "Download", "Head", "Lookup", "Search", "Subscribe",
                           "Consume"})) {
            reads = true;
        } else if (starts({"Put", "Write", "Delete", "Update", "Create", "Send", "Publish", "BatchWrite",
                           "Upload", "Encrypt", "GenerateDataKey", "Abort", "Restore", "Modify", "Append",
                           "Copy", "Replicate", "Purge", "Change"})) {
            writes = true;
        }
    };
    if (statement.contains("NotAction")) {
        reads = writes = true;
    } else if (const auto a = statement.find("Action"); a != statement.end()) {
        if (a->is_string())
            verb(a->get_ref<const std::string&>());
        else if (a->is_array())
            for (const auto& x : *a)
                if (x.is_string())
                    verb(x.get_ref<const std::string&>());
    }
    if (reads || writes)
        return reads && writes ? "reads-writes" : reads ? "reads" : "writes";
    return calls ? "calls" : "";
}

DiscoveredSystem externalAwsSystem(std::string key, const CloudResource& r) {
    DiscoveredSystem s;
    s.key = std::move(key);
    s.name = r.name;
    s.kind = r.kind;
    s.provider = r.provider;
    s.address = r.id;
    s.external = true;
    s.tags.push_back("external");
    s.identifiers.push_back(r.id);
    return s;
}

std::optional<SettingReference> awsResourceInSetting(std::string_view what, std::string_view key,
                                                     std::string_view value) {
    auto r = awsResourceNamed(value);
    if (!r || !r->id.starts_with("arn:"))
        return std::nullopt;
    SettingReference ref;
    ref.kind = r->kind == "secret-store" ? "configured-by" : "calls";
    ref.evidence = std::string(what) + " " + std::string(key) + " -> " + r->name;
    ref.resource = std::move(*r);
    return ref;
}

DiscoveredSystem externalHostSystem(std::string key, const std::string& host) {
    DiscoveredSystem s;
    s.key = std::move(key);
    s.name = host;
    s.kind = externalHostKind(host);
    s.address = host;
    s.external = true;
    s.tags.push_back("external");
    s.identifiers.push_back(host);
    return s;
}

std::string externalHostKind(std::string_view host) {
    if (const auto aws = awsResourceNamed(host); aws && aws->host)
        return aws->kind;
    return "external";
}

} // namespace terrain
