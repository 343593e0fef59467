#pragma once
// The resources of a cloud that a value names, shared by the importers: a Terraform setting, a container's
// environment or a function's holding `sg-0abc1234`, `arn:aws:sqs:eu-west-1:123456789012:jobs`, an SQS
// queue's URL or a database's host names that resource, wherever it is defined (another state, the console,
// an AWS CLI output); so does a Google Cloud self link or id (`projects/p/regions/r/subnetworks/s`). Ids
// and ARNs only; never a value that could be a secret.

#include "Discovery.h"

#include <optional>
#include <string>
#include <string_view>

namespace terrain {

/// A resource of a cloud that is a system (a network, an instance, a database, a bucket, a queue, a
/// function, a secret...), as a value names it.
struct CloudResource {
    std::string id;    ///< what names it: the id, the ARN of the whole resource, or the host (lower case)
    std::string kind;  ///< one of systemKinds()
    std::string name;  ///< its name, for the map: the id of an EC2 thing, the last part of an ARN, a host's
                       ///< first label
    bool host = false; ///< named by its host (a database's, a cache's, a load balancer's, a search domain's)
    std::string provider = "aws"; ///< "aws", "google" or "azurerm"
};

/// The host of an AWS endpoint that a value names, as a host, `host:port` or URL (its credentials left out):
/// "x.rds.amazonaws.com", "https://abc.execute-api.eu-west-1.amazonaws.com/prod", in lower case; "" where
/// the value names no host ending in .amazonaws.com.
std::string awsEndpointHost(std::string_view v);

/// The ARN of the resource an ARN names a part of, or a pattern within: an S3 object's bucket, a table's
/// index's or stream's table, a function's version's or alias's function, an ECS task definition's
/// revision's family, a secret's key's secret, a topic's subscription's topic,
/// a log group's streams' group; the ARN itself where it names a whole resource; "" where `v` is no ARN or
/// still holds a wildcard then (`arn:aws:s3:::logs-*`).
std::string resourceArn(std::string_view v);

/// The resource of AWS a value names, where it is one that is a system (not an image, a managed policy, a
/// service-linked role, an alias or a log group): an id of the EC2 family (`sg-0abc1234`), an ARN
/// (resourceArn()), an SQS queue's URL (named by its ARN), or a URL, `host:port` or host of a database, a
/// cache, a load balancer or a search domain.
std::optional<CloudResource> awsResourceNamed(std::string_view v);

/// The resource of Google Cloud a value names, where it is one that is a system (a network, a subnetwork,
/// an instance or its group, a backend service or forwarding rule, a GKE cluster, a Pub/Sub topic or
/// subscription, a secret; not an image, a zone or a machine type): by its id (`projects/p/regions/r/
/// subnetworks/s`) or its self link (`https://www.googleapis.com/compute/v1/projects/...`), named by the
/// id, as the resource's own state has it.
std::optional<CloudResource> gcpResourceNamed(std::string_view v);

/// The resource of Azure a resource id names (`/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/
/// virtualNetworks/v`, a subnet of it, a database of an SQL server), where it is one that is a system (a
/// network, a subnet, a security group, a load balancer or gateway, a virtual machine, an AKS cluster, a
/// database server, a storage account, a key vault, a Service Bus or Event Hubs namespace, a Redis cache, a
/// web app, a registry), named by the id as written.
std::optional<CloudResource> azureResourceNamed(std::string_view v);

/// awsResourceNamed(), else gcpResourceNamed(), else azureResourceNamed().
std::optional<CloudResource> cloudResourceNamed(std::string_view v);

/// The access an IAM policy statement's actions grant on its resources: "s3:GetObject" reads,
/// "sqs:SendMessage" writes, "dynamodb:*" both ("reads-writes"), "lambda:InvokeFunction" calls; "" where
/// none of its actions says.
std::string policyStatementAccess(const json& statement);

/// What a source that names such a resource without defining it (a Deployment's QUEUE_URL, a compose
/// service's TOPIC_ARN) holds for it: the system `key`, external (flagged on the map), known by the
/// resource's id, which the resource joins where it is imported.
DiscoveredSystem externalAwsSystem(std::string key, const CloudResource& r);

/// A resource of AWS that a setting (an environment variable, a config value) names by its ARN or its SQS
/// queue's URL, and the dependency on it: configured by a secret store, else called; the evidence is
/// "<what> <key> -> <its name>" (`env QUEUE_URL -> jobs`), never the value.
struct SettingReference {
    CloudResource resource;
    std::string kind;
    std::string evidence;
};
std::optional<SettingReference> awsResourceInSetting(std::string_view what, std::string_view key,
                                                     std::string_view value);

/// The kind of an external system a source names by its host: an AWS database's, cache's, load balancer's
/// or search domain's (awsResourceNamed()), else "external".
std::string externalHostKind(std::string_view host);

/// The external system a source names by a host no file of it defines: named and addressed by the host, of
/// its kind (externalHostKind()), flagged `external`, known by the host.
DiscoveredSystem externalHostSystem(std::string key, const std::string& host);

} // namespace terrain
