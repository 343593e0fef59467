#include "TerraformCommon.h"

#include "AsciiChars.h"
#include "AttributeTape.h"
#include "CloudResources.h"

#include "Error.h"
#include "FreedPages.h"
#include "HostRefs.h"
#include "HugePages.h"
#include "JsonText.h"
#include "Redaction.h"

#include <absl/container/flat_hash_map.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace terrain::tf {

// =================================================================================================
// JSON access
// =================================================================================================

void fail(const std::string& file, const std::string& ptr, const std::string& expected, const json* found) {
    throw Error(file, ptr.empty() ? std::string("/") : ptr,
                "expected " + expected + (found ? ", found " + describeJson(*found) : std::string()));
}

namespace {

bool hasType(const json& v, JType t) {
    switch (t) {
    case JType::Object:
        return v.is_object();
    case JType::Array:
        return v.is_array();
    case JType::String:
        return v.is_string();
    case JType::Number:
        return v.is_number();
    case JType::Bool:
        return v.is_boolean();
    case JType::Scalar:
        return v.is_string() || v.is_number() || v.is_boolean();
    }
    return false;
}

const char* typeWord(JType t) {
    switch (t) {
    case JType::Object:
        return "an object";
    case JType::Array:
        return "an array";
    case JType::String:
        return "a string";
    case JType::Number:
        return "a number";
    case JType::Bool:
        return "a boolean";
    case JType::Scalar:
        return "a string, number or boolean";
    }
    return "a value";
}

} // namespace

const json* opt(const std::string& file, const json& obj, const std::string& ptr, std::string_view key,
                JType type) {
    if (!obj.is_object())
        fail(file, ptr, "an object", &obj);
    const auto it = obj.find(std::string(key));
    if (it == obj.end() || it->is_null())
        return nullptr;
    if (!hasType(*it, type))
        fail(file, jsonPointer(ptr, key), typeWord(type), &*it);
    return &*it;
}

const json& req(const std::string& file, const json& obj, const std::string& ptr, std::string_view key,
                JType type) {
    const json* v = opt(file, obj, ptr, key, type);
    if (!v)
        throw Error(file, jsonPointer(ptr, key),
                    std::string("expected ") + typeWord(type) + ", but it is missing");
    return *v;
}

std::string optString(const std::string& file, const json& obj, const std::string& ptr,
                      std::string_view key) {
    const json* v = opt(file, obj, ptr, key, JType::String);
    return v ? v->get<std::string>() : std::string();
}

std::string reqString(const std::string& file, const json& obj, const std::string& ptr,
                      std::string_view key) {
    return req(file, obj, ptr, key, JType::String).get<std::string>();
}

std::vector<std::string> optStrings(const std::string& file, const json& obj, const std::string& ptr,
                                    std::string_view key) {
    std::vector<std::string> out;
    const json* v = opt(file, obj, ptr, key, JType::Array);
    if (!v)
        return out;
    out.reserve(v->size());
    for (std::size_t i = 0; i < v->size(); ++i) {
        const json& e = (*v)[i];
        if (!e.is_string())
            fail(file, jsonPointer(jsonPointer(ptr, key), i), "a string", &e); // the place, only when wrong
        out.push_back(e.get<std::string>());
    }
    return out;
}

namespace {

bool isCtyType(const json& t) {
    if (t.is_string()) {
        const auto& s = t.get_ref<const std::string&>();
        return s == "string" || s == "number" || s == "bool" || s == "dynamic";
    }
    if (t.is_array() && !t.empty() && t[0].is_string()) {
        const auto& s = t[0].get_ref<const std::string&>();
        return s == "object" || s == "tuple" || s == "list" || s == "set" || s == "map";
    }
    return false;
}

} // namespace

json unwrapDynamic(json&& v) {
    if (v.is_object()) {
        if (v.size() == 2 && v.contains("value") && v.contains("type") && isCtyType(v["type"])) {
            json inner = std::move(v["value"]);
            return unwrapDynamic(std::move(inner));
        }
        for (auto it = v.begin(); it != v.end(); ++it)
            it.value() = unwrapDynamic(std::move(it.value()));
    } else if (v.is_array()) {
        for (auto& e : v)
            e = unwrapDynamic(std::move(e));
    }
    return std::move(v);
}

json unwrapDynamic(const json& v) {
    return unwrapDynamic(json(v));
}

// =================================================================================================
// Addresses
// =================================================================================================

std::string hclQuote(std::string_view s) {
    static const char* hex = "0123456789abcdef";
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        switch (c) {
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '$':
        case '%':
            out += c;
            if (i + 1 < s.size() && s[i + 1] == '{')
                out += c;
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                out += "\\u00";
                out += hex[(static_cast<unsigned char>(c) >> 4) & 0xF];
                out += hex[static_cast<unsigned char>(c) & 0xF];
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

std::string indexText(const json& key) {
    // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on "[" + s + "]".
    std::string inner;
    if (key.is_number_integer() || key.is_number_unsigned()) {
        inner = key.dump();
    } else if (key.is_number_float()) {
        const double d = key.get<double>();
        if (d >= -1e15 && d <= 1e15 && d == static_cast<double>(static_cast<long long>(d)))
            inner = std::to_string(static_cast<long long>(d));
        else
            inner = key.dump();
    } else if (key.is_string()) {
        inner = hclQuote(key.get_ref<const std::string&>());
    } else {
        return {};
    }
    std::string out;
    out.reserve(inner.size() + 2);
    out += '[';
    out += inner;
    out += ']';
    return out;
}

namespace {

struct Step {
    std::string name;
    std::vector<std::string> keys; // raw "[...]" texts
};

// "module.a[\"k\"].x.y[0].attr" → steps. nullopt on malformed brackets or empty names.
std::optional<std::vector<Step>> tokenize(std::string_view s) {
    std::vector<Step> steps;
    std::size_t i = 0;
    if (s.empty())
        return std::nullopt;
    while (i < s.size()) {
        Step st;
        while (i < s.size() && s[i] != '.' && s[i] != '[')
            st.name += s[i++];
        if (st.name.empty())
            return std::nullopt;
        while (i < s.size() && s[i] == '[') {
            const std::size_t start = i++;
            if (i < s.size() && s[i] == '"') {
                ++i;
                while (i < s.size() && s[i] != '"') {
                    if (s[i] == '\\')
                        ++i;
                    ++i;
                }
                if (i >= s.size())
                    return std::nullopt;
                ++i; // closing quote
                if (i >= s.size() || s[i] != ']')
                    return std::nullopt;
            } else {
                while (i < s.size() && s[i] != ']' && s[i] != '[' && s[i] != '"')
                    ++i;
                if (i >= s.size() || s[i] != ']')
                    return std::nullopt;
            }
            ++i; // ']'
            st.keys.emplace_back(s.substr(start, i - start));
        }
        steps.push_back(std::move(st));
        if (i < s.size()) {
            if (s[i] != '.')
                return std::nullopt;
            ++i;
            if (i >= s.size())
                return std::nullopt;
        }
    }
    return steps;
}

bool reservedRoot(const std::string& s) {
    static const std::set<std::string> r = {"var",   "local", "output", "module",    "each",
                                            "count", "path",  "self",   "terraform", "provider",
                                            "meta",  "root",  "data",   "resource"};
    return r.count(s) > 0;
}

bool plainName(const std::string& s) {
    if (s.empty() || s.size() > 512)
        return false;
    for (char c : s)
        if (c == ' ' || c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20)
            return false;
    return true;
}

} // namespace

std::string Address::moduleAddress() const {
    std::string out;
    for (const auto& [n, k] : modules) {
        if (!out.empty())
            out += '.';
        out += "module." + n + k;
    }
    return out;
}

std::string Address::moduleConfig() const {
    std::string out;
    for (const auto& m : modules) {
        if (!out.empty())
            out += '.';
        out += "module." + m.first;
    }
    return out;
}

std::string Address::config() const {
    std::string m = moduleConfig();
    return (m.empty() ? m : m + ".") + (data ? "data." : "") + type + "." + name;
}

std::string Address::full() const {
    std::string m = moduleAddress();
    return (m.empty() ? m : m + ".") + (data ? "data." : "") + type + "." + name + index;
}

std::optional<Address> parseAddress(std::string_view text, bool allowRest) {
    const auto steps = tokenize(text);
    if (!steps)
        return std::nullopt;
    const auto& st = *steps;
    Address a;
    std::size_t i = 0;
    while (i < st.size() && st[i].name == "module") {
        if (!st[i].keys.empty() || i + 1 >= st.size() || st[i + 1].keys.size() > 1 ||
            !plainName(st[i + 1].name))
            return std::nullopt;
        a.modules.emplace_back(st[i + 1].name, st[i + 1].keys.empty() ? std::string() : st[i + 1].keys[0]);
        i += 2;
    }
    if (i < st.size() && st[i].name == "data" && st[i].keys.empty()) {
        a.data = true;
        ++i;
    }
    if (i + 1 >= st.size())
        return std::nullopt;
    if (!st[i].keys.empty() || st[i + 1].keys.size() > 1 || (!a.data && reservedRoot(st[i].name)) ||
        !plainName(st[i].name) || !plainName(st[i + 1].name))
        return std::nullopt;
    a.type = st[i].name;
    a.name = st[i + 1].name;
    if (!st[i + 1].keys.empty())
        a.index = st[i + 1].keys[0];
    i += 2;
    if (i < st.size()) {
        if (!allowRest)
            return std::nullopt;
        for (; i < st.size(); ++i) {
            a.rest.push_back(st[i].name);
            for (const auto& k : st[i].keys)
                a.rest.push_back(k);
        }
    }
    return a;
}

std::optional<std::vector<std::pair<std::string, std::string>>> parseModulePath(std::string_view text) {
    std::vector<std::pair<std::string, std::string>> out;
    if (text.empty())
        return out;
    const auto steps = tokenize(text);
    if (!steps || steps->size() % 2 != 0)
        return std::nullopt;
    for (std::size_t i = 0; i < steps->size(); i += 2) {
        const auto& m = (*steps)[i];
        const auto& n = (*steps)[i + 1];
        if (m.name != "module" || !m.keys.empty() || n.keys.size() > 1 || !plainName(n.name))
            return std::nullopt;
        out.emplace_back(n.name, n.keys.empty() ? std::string() : n.keys[0]);
    }
    return out;
}

std::string stripInstanceKeys(std::string_view address) {
    if (const auto steps = tokenize(address)) {
        std::string out;
        for (const auto& s : *steps) {
            if (!out.empty())
                out += '.';
            out += s.name;
        }
        return out;
    }
    // Malformed: drop bracketed parts naively.
    std::string out;
    int depth = 0;
    for (char c : address) {
        if (c == '[')
            ++depth;
        else if (c == ']' && depth > 0)
            --depth;
        else if (depth == 0)
            out += c;
    }
    return out;
}

std::string providerShortName(std::string_view provider, std::string_view type) {
    std::string p(provider);
    auto lastSegment = [](const std::string& fqn) {
        const auto slash = fqn.rfind('/');
        return slash == std::string::npos ? fqn : fqn.substr(slash + 1);
    };
    std::string out;
    if (const auto q = p.find("provider[\""); q != std::string::npos) {
        const auto start = q + 10;
        const auto end = p.find('"', start);
        if (end != std::string::npos)
            out = lastSegment(p.substr(start, end - start));
    } else if (const auto d = p.find("provider."); d != std::string::npos) {
        const auto start = d + 9;
        const auto end = p.find('.', start);
        out = p.substr(start, end == std::string::npos ? std::string::npos : end - start);
    } else if (p.find('/') != std::string::npos) {
        out = lastSegment(p);
    } else if (!p.empty() && p.find('.') == std::string::npos && p.find('[') == std::string::npos) {
        out = p;
    }
    if (out.empty() || out.size() > 64) {
        const std::string t(type);
        const auto u = t.find('_');
        out = u == std::string::npos ? t : t.substr(0, u);
    }
    return out.size() > 64 ? out.substr(0, 64) : out;
}

// =================================================================================================
// Resource types
// =================================================================================================

namespace {

// '*' matches any run of characters, anywhere in the pattern.
bool globMatch(std::string_view pattern, std::string_view s) {
    std::size_t p = 0, i = 0, star = std::string_view::npos, mark = 0;
    while (i < s.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = i;
        } else if (p < pattern.size() && pattern[p] == s[i]) {
            ++p;
            ++i;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            i = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

struct Pattern {
    const char* glob;
    const char* value;
};

// First match wins: specific patterns before generic ones.
const Pattern kKinds[] = {
    {"terraform_data", "other"},
    {"null_resource", "other"},
    {"*subnet_group", "network"},
    {"*health_check*", "monitoring"},
    // databases
    {"aws_db_instance", "database"},
    {"aws_db_proxy*", "database"},
    {"aws_rds_*", "database"},
    {"aws_dynamodb_*", "database"},
    {"aws_docdb_*", "database"},
    {"aws_neptune_*", "database"},
    {"aws_redshift*", "database"},
    {"aws_timestreamwrite_*", "database"},
    {"aws_keyspaces_*", "database"},
    {"aws_opensearch_domain", "database"},
    {"aws_elasticsearch_domain", "database"},
    {"google_sql_*", "database"},
    {"google_spanner_*", "database"},
    {"google_bigtable_*", "database"},
    {"google_firestore_*", "database"},
    {"google_bigquery_*", "database"},
    {"google_alloydb_*", "database"},
    {"azurerm_*sql*", "database"},
    {"azurerm_postgresql*", "database"},
    {"azurerm_mariadb*", "database"},
    {"azurerm_cosmosdb*", "database"},
    {"mongodbatlas_*", "database"},
    {"digitalocean_database_*", "database"},
    {"scaleway_rdb_*", "database"},
    // caches
    {"*elasticache*", "cache"},
    {"aws_memorydb_*", "cache"},
    {"aws_dax_*", "cache"},
    {"*redis*", "cache"},
    {"*memcache*", "cache"},
    // queues and streams
    {"aws_sqs_*", "queue"},
    {"aws_sns_*", "queue"},
    {"aws_kinesis_*", "queue"},
    {"aws_msk_*", "queue"},
    {"aws_mq_*", "queue"},
    {"aws_cloudwatch_event_*", "queue"},
    {"google_pubsub_*", "queue"},
    {"azurerm_servicebus_*", "queue"},
    {"azurerm_eventhub*", "queue"},
    {"azurerm_eventgrid_*", "queue"},
    {"*kafka*", "queue"},
    {"*rabbitmq*", "queue"},
    {"confluent_*", "queue"},
    // secrets and keys
    {"aws_secretsmanager_*", "secret-store"},
    {"aws_kms_*", "secret-store"},
    {"aws_ssm_parameter", "secret-store"},
    {"aws_acm_*", "secret-store"},
    {"google_secret_manager_*", "secret-store"},
    {"google_kms_*", "secret-store"},
    {"azurerm_key_vault*", "secret-store"},
    {"vault_*", "secret-store"},
    {"kubernetes_secret*", "secret-store"},
    {"*_secret", "secret-store"},
    // storage
    {"aws_s3_*", "storage"},
    {"aws_ebs_*", "storage"},
    {"aws_efs_*", "storage"},
    {"aws_fsx_*", "storage"},
    {"aws_glacier_*", "storage"},
    {"aws_backup_*", "storage"},
    {"google_storage_*", "storage"},
    {"google_compute_disk", "storage"},
    {"google_compute_region_disk", "storage"},
    {"google_filestore_*", "storage"},
    {"azurerm_storage_*", "storage"},
    {"azurerm_managed_disk", "storage"},
    {"kubernetes_persistent_volume*", "storage"},
    {"*_bucket", "storage"},
    {"*_volume", "storage"},
    // DNS
    {"aws_route53_*", "dns"},
    {"google_dns_*", "dns"},
    {"azurerm_dns_*", "dns"},
    {"azurerm_private_dns_*", "dns"},
    {"cloudflare_record", "dns"},
    {"cloudflare_zone", "dns"},
    {"digitalocean_domain", "dns"},
    {"digitalocean_record", "dns"},
    {"*_dns_*", "dns"},
    // functions
    {"aws_lambda_*", "function"},
    {"google_cloudfunctions*", "function"},
    {"azurerm_*function_app*", "function"},
    {"cloudflare_worker*", "function"},
    // load balancers and API front doors
    {"aws_lb", "load-balancer"},
    {"aws_alb", "load-balancer"},
    {"aws_elb", "load-balancer"},
    {"aws_lb_*", "load-balancer"},
    {"aws_alb_*", "load-balancer"},
    {"aws_api_gateway_*", "load-balancer"},
    {"aws_apigatewayv2_*", "load-balancer"},
    {"aws_globalaccelerator_*", "load-balancer"},
    {"google_compute_*forwarding_rule", "load-balancer"},
    {"google_compute_backend_*", "load-balancer"},
    {"google_compute_region_backend_*", "load-balancer"},
    {"google_compute_url_map", "load-balancer"},
    {"google_compute_target_*", "load-balancer"},
    {"google_api_gateway_*", "load-balancer"},
    {"azurerm_lb*", "load-balancer"},
    {"azurerm_application_gateway", "load-balancer"},
    {"azurerm_frontdoor*", "load-balancer"},
    {"azurerm_api_management*", "load-balancer"},
    {"digitalocean_loadbalancer", "load-balancer"},
    {"kubernetes_ingress*", "load-balancer"},
    {"*load_balancer*", "load-balancer"},
    {"*loadbalancer*", "load-balancer"},
    // monitoring
    {"aws_cloudwatch_*", "monitoring"},
    {"aws_cloudtrail*", "monitoring"},
    {"aws_xray_*", "monitoring"},
    {"aws_grafana_*", "monitoring"},
    {"aws_prometheus_*", "monitoring"},
    {"google_monitoring_*", "monitoring"},
    {"google_logging_*", "monitoring"},
    {"azurerm_monitor_*", "monitoring"},
    {"azurerm_log_analytics_*", "monitoring"},
    {"azurerm_application_insights*", "monitoring"},
    {"datadog_*", "monitoring"},
    {"newrelic_*", "monitoring"},
    {"grafana_*", "monitoring"},
    {"pagerduty_*", "monitoring"},
    {"opsgenie_*", "monitoring"},
    {"sentry_*", "monitoring"},
    // CI/CD and registries
    {"aws_codebuild_*", "ci-cd"},
    {"aws_codepipeline*", "ci-cd"},
    {"aws_codedeploy_*", "ci-cd"},
    {"aws_codecommit_*", "ci-cd"},
    {"aws_codestar*", "ci-cd"},
    {"aws_ecr_*", "ci-cd"},
    {"google_cloudbuild_*", "ci-cd"},
    {"google_artifact_registry_*", "ci-cd"},
    {"google_container_registry", "ci-cd"},
    {"azurerm_container_registry*", "ci-cd"},
    {"azuredevops_*", "ci-cd"},
    {"github_*", "ci-cd"},
    {"gitlab_*", "ci-cd"},
    {"tfe_*", "ci-cd"},
    {"circleci_*", "ci-cd"},
    // services (things that run application code)
    {"aws_ecs_service", "service"},
    {"aws_ecs_task_definition", "service"},
    {"aws_apprunner_*", "service"},
    {"aws_elastic_beanstalk_*", "service"},
    {"aws_amplify_*", "service"},
    {"aws_sfn_*", "service"},
    {"google_cloud_run_*", "service"},
    {"google_app_engine_*", "service"},
    {"azurerm_app_service*", "service"},
    {"azurerm_*web_app*", "service"},
    {"azurerm_container_app*", "service"},
    {"azurerm_container_group", "service"},
    {"azurerm_spring_cloud_*", "service"},
    {"heroku_app*", "service"},
    {"kubernetes_deployment*", "service"},
    {"kubernetes_stateful_set*", "service"},
    {"kubernetes_daemon*", "service"},
    {"kubernetes_cron_job*", "service"},
    {"kubernetes_job*", "service"},
    {"kubernetes_pod*", "service"},
    {"helm_release", "service"},
    {"digitalocean_app", "service"},
    {"vercel_project", "service"},
    {"netlify_site", "service"},
    // networks
    {"aws_cloudfront_*", "network"},
    {"aws_vpc*", "network"},
    {"aws_subnet", "network"},
    {"aws_default_*", "network"},
    {"aws_internet_gateway*", "network"},
    {"aws_egress_only_internet_gateway", "network"},
    {"aws_nat_gateway", "network"},
    {"aws_route_table*", "network"},
    {"aws_route", "network"},
    {"aws_main_route_table_association", "network"},
    {"aws_security_group*", "network"},
    {"aws_network_*", "network"},
    {"aws_eip*", "network"},
    {"aws_vpn_*", "network"},
    {"aws_customer_gateway", "network"},
    {"aws_ec2_transit_gateway*", "network"},
    {"aws_dx_*", "network"},
    {"google_compute_network*", "network"},
    {"google_compute_subnetwork*", "network"},
    {"google_compute_firewall*", "network"},
    {"google_compute_router*", "network"},
    {"google_compute_route", "network"},
    {"google_compute_address", "network"},
    {"google_compute_global_address", "network"},
    {"google_compute_vpn_*", "network"},
    {"google_vpc_access_*", "network"},
    {"azurerm_virtual_network*", "network"},
    {"azurerm_subnet*", "network"},
    {"azurerm_network_*", "network"},
    {"azurerm_public_ip*", "network"},
    {"azurerm_route_table", "network"},
    {"azurerm_nat_gateway*", "network"},
    {"azurerm_firewall*", "network"},
    {"azurerm_private_endpoint", "network"},
    {"azurerm_cdn_*", "network"},
    {"azurerm_vpn_*", "network"},
    {"kubernetes_service*", "network"},
    {"kubernetes_network_policy*", "network"},
    {"digitalocean_vpc", "network"},
    {"digitalocean_firewall", "network"},
    {"scaleway_vpc*", "network"},
    {"cloudflare_*", "network"},
    {"*_vpc", "network"},
    {"*_subnet", "network"},
    {"*_network", "network"},
    {"*_firewall", "network"},
    {"*security_group*", "network"},
    // compute
    {"aws_instance", "compute"},
    {"aws_spot_instance_request", "compute"},
    {"aws_launch_template", "compute"},
    {"aws_launch_configuration", "compute"},
    {"aws_autoscaling_group", "compute"},
    {"aws_ecs_cluster", "compute"},
    {"aws_ecs_capacity_provider", "compute"},
    {"aws_eks_*", "compute"},
    {"aws_batch_*", "compute"},
    {"aws_emr_*", "compute"},
    {"aws_lightsail_instance", "compute"},
    {"aws_placement_group", "compute"},
    {"google_compute_instance*", "compute"},
    {"google_compute_region_instance_group*", "compute"},
    {"google_container_*", "compute"},
    {"google_dataproc_*", "compute"},
    {"azurerm_*virtual_machine*", "compute"},
    {"azurerm_kubernetes_*", "compute"},
    {"azurerm_batch_*", "compute"},
    {"digitalocean_droplet", "compute"},
    {"digitalocean_kubernetes_*", "compute"},
    {"hcloud_server", "compute"},
    {"linode_instance", "compute"},
    {"vultr_instance", "compute"},
    {"scaleway_instance_*", "compute"},
    {"scaleway_k8s_*", "compute"},
    {"scaleway_baremetal_*", "compute"},
    {"openstack_compute_*", "compute"},
    {"vsphere_virtual_machine", "compute"},
    {"kubernetes_namespace*", "other"},
    {"*_instance", "compute"},
    {"*_server", "compute"},
    {"*_cluster", "compute"},
    {"*_node_pool", "compute"},
};

const char* const kPlumbingManaged[] = {
    "null_resource",
    "random_*",
    "time_*",
    "tls_*",
    "local_file",
    "local_sensitive_file",
    "archive_file",
    "aws_key_pair",
    "azurerm_resource_group",
    "google_project_service",
    "google_project_services",
    "azurerm_resource_provider_registration",
    "google_project_iam_*",
    "google_organization_iam_*",
    "google_folder_iam_*",
    "external",
    "shell_script",
    "template_dir",
    "aws_iam_service_linked_role",
};

const char* const kPlumbingData[] = {
    "null_data_source",
    "random_*",
    "time_*",
    "tls_*",
    "http",
    "external",
    "template_file",
    "template_cloudinit_config",
    "cloudinit_config",
    "local_file",
    "local_sensitive_file",
    "archive_file",
    "aws_iam_policy_document",
    "aws_caller_identity",
    "aws_region",
    "aws_regions",
    "aws_partition",
    "aws_availability_zone",
    "aws_availability_zones",
    "aws_ami",
    "aws_ami_ids",
    "aws_canonical_user_id",
    "aws_billing_service_account",
    "aws_elb_service_account",
    "aws_elb_hosted_zone_id",
    "aws_iam_session_context",
    "aws_default_tags",
    "aws_eks_cluster_auth",
    "aws_ecr_authorization_token",
    "aws_ip_ranges",
    "aws_service",
    "aws_service_principal",
    "aws_arn",
    "aws_ec2_instance_type*",
    "aws_prefix_list",
    "aws_cloudfront_log_delivery_canonical_user_id",
    "aws_iam_roles",
    "google_client_config",
    "google_client_openid_userinfo",
    "google_compute_zones",
    "google_compute_regions",
    "google_compute_image",
    "google_iam_policy",
    "google_iam_role",
    "google_netblock_ip_ranges",
    "google_project",
    "google_projects",
    "google_billing_account",
    "google_compute_default_service_account",
    "google_storage_project_service_account",
    "azurerm_client_config",
    "azurerm_subscription",
    "azurerm_subscriptions",
    "azurerm_platform_image",
    "azurerm_resource_group",
    "azuread_client_config",
    "kubernetes_all_namespaces",
    "kubernetes_server_version",
    "helm_template",
    "*_policy_document",
    "*_caller_identity",
    "*_client_config",
    "*_cluster_auth",
    "*_authorization_token",
    "*_zones",
    "*_regions",
    "*_ami_ids",
    "*_ip_ranges",
};

bool matchesAny(std::string_view type, const char* const* begin, const char* const* end) {
    return std::any_of(begin, end, [&](const char* p) { return globMatch(p, type); });
}

bool has(std::string_view s, std::string_view part) {
    return s.find(part) != std::string_view::npos;
}

} // namespace

std::string kindForType(std::string_view type) {
    const std::string t = asciiLower(type);
    for (const auto& p : kKinds)
        if (globMatch(p.glob, t))
            return p.value;
    return "other";
}

std::string kindForName(std::string_view name) {
    const std::string n = asciiLower(name);
    if (has(n, "subnet") || has(n, "vpc") || has(n, "network") || has(n, "security_group") || has(n, "sg_"))
        return "network";
    if (has(n, "db") || has(n, "database") || has(n, "rds") || has(n, "sql"))
        return "database";
    if (has(n, "redis") || has(n, "cache"))
        return "cache";
    if (has(n, "queue") || has(n, "topic") || has(n, "sqs") || has(n, "sns") || has(n, "stream"))
        return "queue";
    if (has(n, "bucket") || has(n, "s3") || has(n, "storage"))
        return "storage";
    if (has(n, "zone") || has(n, "dns") || has(n, "domain"))
        return "dns";
    if (has(n, "lb") || has(n, "load_balancer") || has(n, "alb") || has(n, "target_group"))
        return "load-balancer";
    if (has(n, "cluster") || has(n, "instance") || has(n, "node"))
        return "compute";
    if (has(n, "function") || has(n, "lambda"))
        return "function";
    if (has(n, "kms") || has(n, "secret") || has(n, "vault"))
        return "secret-store";
    return "other";
}

bool isPlumbing(std::string_view type, bool data) {
    const std::string t = asciiLower(type);
    if (t == "terraform_data" || t == "terraform_remote_state")
        return false;
    if (data)
        return matchesAny(t, std::begin(kPlumbingData), std::end(kPlumbingData));
    return matchesAny(t, std::begin(kPlumbingManaged), std::end(kPlumbingManaged));
}

bool isOpaque(std::string_view type) {
    const std::string t = asciiLower(type);
    return t.rfind("random_", 0) == 0 || t.rfind("tls_", 0) == 0 || has(t, "password") || has(t, "token") ||
           has(t, "access_key") || has(t, "service_account_key") || has(t, "secret_version") ||
           has(t, "private_key") || t.rfind("vault_", 0) == 0 || t == "local_sensitive_file";
}

std::string kindForAttribute(std::string_view path) {
    const std::string p = asciiLower(path);
    const auto dot = p.rfind('.');
    const std::string seg = dot == std::string::npos ? p : p.substr(dot + 1);
    if (has(p, "ingress") || has(p, "egress") || has(seg, "remote") || has(seg, "peer"))
        return "depends-on";
    if (has(seg, "security_group") || has(seg, "role") || has(seg, "profile") || has(seg, "policy") ||
        has(seg, "kms") || has(seg, "key_id") || has(seg, "key_arn") || has(seg, "parameter_group") ||
        has(seg, "option_group") || has(seg, "certificate") || has(seg, "secret") || has(seg, "config") ||
        p.starts_with("secrets.") || has(p, ".secrets."))
        return "configured-by"; // (an ECS container's `secrets`, each named by its variable)
    // A host something runs on (an EC2 dedicated host_id, a host_resource_group_arn), not one it connects
    // to: db_host, redis_host (a function's or a task's settings) name what it calls.
    if (seg.ends_with("_host") || seg.ends_with("_hostname"))
        return "calls";
    if (has(seg, "subnet") || has(seg, "vpc") || has(seg, "network") || has(seg, "cluster") ||
        has(seg, "placement") || has(seg, "node_pool") || has(seg, "host"))
        return "runs-on";
    // A target group is routed to by a listener's action; what registers in it (an ECS service's
    // load_balancer, an autoscaling group's target_group_arns) depends on it, as CloudFormation's does.
    if (has(p, "target_group"))
        return has(p, "action") ? "routes-to" : "depends-on";
    if (has(seg, "target") || has(seg, "backend") || has(seg, "origin") || has(seg, "load_balancer") ||
        has(seg, "listener") || has(seg, "alias"))
        return "routes-to";
    if (has(seg, "log"))
        return "writes";
    // A URL in a service's settings (DATABASE_URL, a webhook's) names what it calls.
    if (seg.ends_with("_url") || seg.ends_with("_uri") || seg == "url" || seg == "uri")
        return "calls";
    // What a service sends its requests to; not a data stream.
    if (has(seg, "upstream"))
        return "calls";
    if (has(seg, "bucket") || has(seg, "queue") || has(seg, "topic") ||
        (has(seg, "stream") && !has(seg, "downstream")) || has(seg, "table"))
        return "reads-writes";
    return "depends-on";
}

namespace {

struct FoldEntry {
    const char* glob;
    FoldRule rule;
};

const std::vector<FoldEntry>& foldTable() {
    // What a Google Cloud resource's IAM member, binding or policy grants access to.
    static const std::vector<std::string> googleIamResource = {
        "bucket",        "service_account_id", "secret_id", "topic",      "subscription",  "dataset_id",
        "instance_name", "cloud_function",     "service",   "repository", "crypto_key_id", "key_ring_id",
        "name"};
    static const std::vector<FoldEntry> t = {
        // AWS networking
        {"aws_security_group_rule",
         {{"security_group_id"}, {"aws_security_group", "aws_default_security_group"}}},
        {"aws_vpc_security_group_ingress_rule",
         {{"security_group_id"}, {"aws_security_group", "aws_default_security_group"}}},
        {"aws_vpc_security_group_egress_rule",
         {{"security_group_id"}, {"aws_security_group", "aws_default_security_group"}}},
        {"aws_network_acl_rule", {{"network_acl_id"}, {"aws_network_acl", "aws_default_network_acl"}}},
        {"aws_network_acl_association", {{"network_acl_id"}, {"aws_network_acl"}}},
        {"aws_route", {{"route_table_id"}, {"aws_route_table", "aws_default_route_table"}}},
        {"aws_route_table_association", {{"route_table_id"}, {"aws_route_table", "aws_default_route_table"}}},
        {"aws_main_route_table_association", {{"route_table_id"}, {"aws_route_table"}}},
        {"aws_vpc_endpoint_route_table_association", {{"vpc_endpoint_id"}, {"aws_vpc_endpoint"}}},
        {"aws_vpc_endpoint_subnet_association", {{"vpc_endpoint_id"}, {"aws_vpc_endpoint"}}},
        {"aws_vpc_ipv4_cidr_block_association", {{"vpc_id"}, {"aws_vpc"}}},
        {"aws_vpc_dhcp_options_association", {{"vpc_id"}, {"aws_vpc"}}},
        {"aws_internet_gateway_attachment", {{"internet_gateway_id"}, {"aws_internet_gateway"}}},
        {"aws_network_interface_sg_attachment", {{"network_interface_id"}, {"aws_network_interface"}}},
        {"aws_network_interface_attachment", {{"network_interface_id"}, {"aws_network_interface"}}},
        {"aws_eip_association", {{"instance_id", "allocation_id"}, {"aws_instance", "aws_eip"}}},
        {"aws_volume_attachment", {{"instance_id"}, {"aws_instance"}}},
        // IAM
        {"aws_iam_role_policy_attachment", {{"role"}, {"aws_iam_role"}}},
        {"aws_iam_role_policy", {{"role"}, {"aws_iam_role"}}},
        {"aws_iam_instance_profile", {{"role"}, {"aws_iam_role"}}},
        {"aws_iam_user_policy_attachment", {{"user"}, {"aws_iam_user"}}},
        {"aws_iam_user_policy", {{"user"}, {"aws_iam_user"}}},
        {"aws_iam_user_group_membership", {{"user"}, {"aws_iam_user"}}},
        {"aws_iam_group_policy_attachment", {{"group"}, {"aws_iam_group"}}},
        {"aws_iam_group_policy", {{"group"}, {"aws_iam_group"}}},
        {"aws_iam_group_membership", {{"group"}, {"aws_iam_group"}}},
        {"aws_iam_policy_attachment",
         {{"roles", "users", "groups"}, {"aws_iam_role", "aws_iam_user", "aws_iam_group"}}},
        // Load balancers
        {"aws_lb_listener", {{"load_balancer_arn"}, {"aws_lb", "aws_alb"}}},
        {"aws_alb_listener", {{"load_balancer_arn"}, {"aws_lb", "aws_alb"}}},
        {"aws_lb_listener_rule", {{"listener_arn"}, {"aws_lb_listener", "aws_alb_listener"}}},
        {"aws_alb_listener_rule", {{"listener_arn"}, {"aws_lb_listener", "aws_alb_listener"}}},
        {"aws_lb_listener_certificate", {{"listener_arn"}, {"aws_lb_listener", "aws_alb_listener"}}},
        {"aws_lb_target_group_attachment",
         {{"target_group_arn"}, {"aws_lb_target_group", "aws_alb_target_group"}}},
        {"aws_alb_target_group_attachment",
         {{"target_group_arn"}, {"aws_lb_target_group", "aws_alb_target_group"}}},
        {"aws_lb_cookie_stickiness_policy", {{"load_balancer"}, {"aws_elb"}}},
        {"aws_elb_attachment", {{"elb"}, {"aws_elb"}}},
        {"aws_autoscaling_attachment", {{"autoscaling_group_name"}, {"aws_autoscaling_group"}}},
        {"aws_autoscaling_policy", {{"autoscaling_group_name"}, {"aws_autoscaling_group"}}},
        {"aws_autoscaling_schedule", {{"autoscaling_group_name"}, {"aws_autoscaling_group"}}},
        {"aws_autoscaling_lifecycle_hook", {{"autoscaling_group_name"}, {"aws_autoscaling_group"}}},
        {"aws_autoscaling_notification", {{"group_names"}, {"aws_autoscaling_group"}}},
        // Storage, queues, functions, secrets, DNS, logs
        {"aws_s3_bucket_*", {{"bucket"}, {"aws_s3_bucket"}}},
        {"aws_s3_object", {{"bucket"}, {"aws_s3_bucket"}}},
        {"aws_s3_object_copy", {{"bucket"}, {"aws_s3_bucket"}}},
        {"aws_lambda_permission", {{"function_name"}, {"aws_lambda_function"}}},
        {"aws_lambda_event_source_mapping", {{"function_name"}, {"aws_lambda_function"}}},
        {"aws_lambda_alias", {{"function_name"}, {"aws_lambda_function"}}},
        {"aws_lambda_function_event_invoke_config", {{"function_name"}, {"aws_lambda_function"}}},
        {"aws_lambda_provisioned_concurrency_config", {{"function_name"}, {"aws_lambda_function"}}},
        {"aws_lambda_function_url", {{"function_name"}, {"aws_lambda_function"}}},
        {"aws_sns_topic_subscription", {{"topic_arn"}, {"aws_sns_topic"}}},
        {"aws_sns_topic_policy", {{"arn"}, {"aws_sns_topic"}}},
        {"aws_sqs_queue_policy", {{"queue_url"}, {"aws_sqs_queue"}}},
        {"aws_sqs_queue_redrive_policy", {{"queue_url"}, {"aws_sqs_queue"}}},
        {"aws_sqs_queue_redrive_allow_policy", {{"queue_url"}, {"aws_sqs_queue"}}},
        {"aws_secretsmanager_secret_version", {{"secret_id"}, {"aws_secretsmanager_secret"}}},
        {"aws_secretsmanager_secret_rotation", {{"secret_id"}, {"aws_secretsmanager_secret"}}},
        {"aws_secretsmanager_secret_policy", {{"secret_arn"}, {"aws_secretsmanager_secret"}}},
        {"aws_kms_alias", {{"target_key_id"}, {"aws_kms_key"}}},
        {"aws_kms_grant", {{"key_id"}, {"aws_kms_key"}}},
        {"aws_route53_record", {{"zone_id"}, {"aws_route53_zone"}}},
        {"aws_route53_zone_association", {{"zone_id"}, {"aws_route53_zone"}}},
        {"aws_cloudwatch_log_stream", {{"log_group_name"}, {"aws_cloudwatch_log_group"}}},
        {"aws_cloudwatch_log_subscription_filter", {{"log_group_name"}, {"aws_cloudwatch_log_group"}}},
        {"aws_cloudwatch_log_metric_filter", {{"log_group_name"}, {"aws_cloudwatch_log_group"}}},
        {"aws_ecr_lifecycle_policy", {{"repository"}, {"aws_ecr_repository"}}},
        {"aws_ecr_repository_policy", {{"repository"}, {"aws_ecr_repository"}}},
        {"aws_api_gateway_resource", {{"rest_api_id"}, {"aws_api_gateway_rest_api"}}},
        {"aws_api_gateway_method*", {{"rest_api_id"}, {"aws_api_gateway_rest_api"}}},
        {"aws_api_gateway_integration*", {{"rest_api_id"}, {"aws_api_gateway_rest_api"}}},
        {"aws_api_gateway_deployment", {{"rest_api_id"}, {"aws_api_gateway_rest_api"}}},
        {"aws_api_gateway_stage", {{"rest_api_id"}, {"aws_api_gateway_rest_api"}}},
        {"aws_apigatewayv2_route", {{"api_id"}, {"aws_apigatewayv2_api"}}},
        {"aws_apigatewayv2_integration", {{"api_id"}, {"aws_apigatewayv2_api"}}},
        {"aws_apigatewayv2_stage", {{"api_id"}, {"aws_apigatewayv2_api"}}},
        {"aws_apigatewayv2_deployment", {{"api_id"}, {"aws_apigatewayv2_api"}}},
        {"aws_ecs_cluster_capacity_providers", {{"cluster_name"}, {"aws_ecs_cluster"}}},
        {"aws_appautoscaling_policy", {{"resource_id"}, {}}},
        {"aws_db_instance_role_association", {{"db_instance_identifier"}, {"aws_db_instance"}}},
        {"aws_rds_cluster_role_association", {{"db_cluster_identifier"}, {"aws_rds_cluster"}}},
        // Google
        {"google_sql_database", {{"instance"}, {"google_sql_database_instance"}}},
        {"google_sql_user", {{"instance"}, {"google_sql_database_instance"}}},
        {"google_compute_router_nat", {{"router"}, {"google_compute_router"}}},
        {"google_compute_route", {{"network"}, {"google_compute_network"}}},
        {"google_*_iam_member", {{}, {}, true, googleIamResource}},
        {"google_*_iam_binding", {{}, {}, true, googleIamResource}},
        {"google_*_iam_policy", {{}, {}, true, googleIamResource}},
        // Azure
        {"azurerm_subnet_network_security_group_association", {{"subnet_id"}, {"azurerm_subnet"}}},
        {"azurerm_subnet_route_table_association", {{"subnet_id"}, {"azurerm_subnet"}}},
        {"azurerm_subnet_nat_gateway_association", {{"subnet_id"}, {"azurerm_subnet"}}},
        {"azurerm_network_interface_security_group_association",
         {{"network_interface_id"}, {"azurerm_network_interface"}}},
        {"azurerm_network_interface_backend_address_pool_association",
         {{"network_interface_id"}, {"azurerm_network_interface"}}},
        {"azurerm_network_security_rule",
         {{"network_security_group_name"}, {"azurerm_network_security_group"}}},
        {"azurerm_virtual_network_peering", {{"virtual_network_name"}, {"azurerm_virtual_network"}}},
        {"azurerm_route", {{"route_table_name"}, {"azurerm_route_table"}}},
        {"azurerm_lb_rule", {{"loadbalancer_id"}, {"azurerm_lb"}}},
        {"azurerm_lb_probe", {{"loadbalancer_id"}, {"azurerm_lb"}}},
        {"azurerm_lb_backend_address_pool", {{"loadbalancer_id"}, {"azurerm_lb"}}},
        {"azurerm_lb_nat_rule", {{"loadbalancer_id"}, {"azurerm_lb"}}},
        {"azurerm_key_vault_access_policy", {{"key_vault_id"}, {"azurerm_key_vault"}}},
        {"azurerm_key_vault_secret", {{"key_vault_id"}, {"azurerm_key_vault"}}},
        {"azurerm_mssql_firewall_rule", {{"server_id"}, {"azurerm_mssql_server"}}},
        {"azurerm_postgresql_flexible_server_configuration",
         {{"server_id"}, {"azurerm_postgresql_flexible_server"}}},
        {"azurerm_postgresql_flexible_server_firewall_rule",
         {{"server_id"}, {"azurerm_postgresql_flexible_server"}}},
        {"azurerm_role_assignment", {{}, {}, true, {"scope", "role_definition_id"}}},
    };
    return t;
}

} // namespace

const FoldRule* foldRule(std::string_view type) {
    const std::string t = asciiLower(type);
    for (const auto& e : foldTable())
        if (globMatch(e.glob, t))
            return &e.rule;
    return nullptr;
}

bool isStructuredId(std::string_view v) {
    if (v.size() > 512 || stripUrlCredentials(v) != v)
        return false;
    for (char c : v)
        if (isAsciiSpace(c) || c == '"' || c == '{' || c == '}' || c == '@')
            return false;
    return (v.rfind("arn:", 0) == 0 && v.size() > 12) ||
           (v.rfind("/subscriptions/", 0) == 0 && v.size() > 20) ||
           v.rfind("https://www.googleapis.com/", 0) == 0 || (v.rfind("projects/", 0) == 0 && v.size() > 12);
}

bool isOutputId(std::string_view v) {
    if (!isDistinctiveId(v) || stripUrlCredentials(v) != v || v.find('?') != std::string_view::npos)
        return false;
    if (isStructuredId(v) || v.rfind("https://", 0) == 0 || v.rfind("http://", 0) == 0)
        return true;
    bool separator = false, allDigits = true;
    for (char c : v) {
        if ((c >= 'A' && c <= 'Z') || !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                                        c == '.' || c == '_' || c == ':' || c == '/'))
            return false;
        separator |= c == '-' || c == '.' || c == ':' || c == '/';
        allDigits &= c >= '0' && c <= '9';
    }
    return separator || allDigits;
}

bool isDistinctiveId(std::string_view v) {
    if (v.size() < 6 || v.size() > 2048)
        return false;
    if (v.rfind("arn:", 0) == 0)
        return v.size() > 12;
    if (v.rfind("/subscriptions/", 0) == 0 || v.rfind("https://", 0) == 0 || v.rfind("http://", 0) == 0 ||
        v.rfind("projects/", 0) == 0 || v.rfind("//", 0) == 0)
        return v.size() > 12;
    bool digit = false, letter = false, allDigits = true;
    for (char c : v) {
        if (isAsciiSpace(c) || c == '"' || c == '{' || c == '}')
            return false;
        if (isAsciiDigit(c))
            digit = true;
        else
            allDigits = false;
        if (isAsciiAlpha(c))
            letter = true;
    }
    if (allDigits)
        return v.size() >= 10;
    return v.size() >= 8 && digit && letter;
}

// =================================================================================================
// The builder
// =================================================================================================

std::string Instance::address() const {
    return (module.empty() ? module : module + ".") + (data ? "data." : "") + type + "." + name + index;
}

std::string Instance::config() const {
    const std::string m = stripInstanceKeys(module);
    return (m.empty() ? m : m + ".") + (data ? "data." : "") + type + "." + name;
}

void Instance::dropAttributes() {
    attributes = json();
    std::string().swap(kept);
}

const json& topAttributes(const Instance& in, json& storage) {
    if (!in.compact)
        return in.attributes;
    AttributeTape::Cursor c(in.kept);
    storage = c.value();
    return storage;
}

void collectSensitiveMirror(const json& mirror, const Path& prefix, std::vector<Path>& out) {
    if (mirror.is_boolean()) {
        if (mirror.get<bool>())
            out.push_back(prefix);
        return;
    }
    if (prefix.size() > 64)
        return;
    if (mirror.is_object()) {
        for (auto it = mirror.begin(); it != mirror.end(); ++it) {
            Path p = prefix;
            p.push_back(it.key());
            collectSensitiveMirror(it.value(), p, out);
        }
    } else if (mirror.is_array()) {
        for (std::size_t i = 0; i < mirror.size(); ++i) {
            Path p = prefix;
            p.push_back(std::to_string(i));
            collectSensitiveMirror(mirror[i], p, out);
        }
    }
}

std::vector<bool> impliedEdges(std::size_t nodeCount,
                               const std::vector<std::pair<std::size_t, std::size_t>>& edges,
                               const std::vector<bool>& reducible, bool& complete, bool* cyclic,
                               std::size_t budget) {
    std::vector<bool> implied(edges.size(), false);
    complete = true;
    if (cyclic)
        *cyclic = false;
    // The successors of each node, each once and in the order of the edges, in one array (`succ` from
    // succStart[n] to succStart[n + 1]): a vector per node and an ordered set of the pairs cost an
    // allocation each, and a large state has tens of thousands.
    auto valid = [&](const std::pair<std::size_t, std::size_t>& e) {
        return e.first != e.second && e.first < nodeCount && e.second < nodeCount;
    };
    std::vector<char> firstOfPair(edges.size(), 0);
    {
        std::unordered_set<std::uint64_t> seenPairs;
        seenPairs.reserve(edges.size());
        for (std::size_t i = 0; i < edges.size(); ++i)
            firstOfPair[i] = valid(edges[i]) &&
                             seenPairs.insert(std::uint64_t(edges[i].first) << 32 | edges[i].second).second;
    }
    // Edges of one node in the order given, by a counting sort: starts[n] to starts[n + 1].
    auto byNode = [&](auto&& take, std::vector<std::size_t>& starts, std::vector<std::size_t>& items) {
        starts.assign(nodeCount + 1, 0);
        for (std::size_t i = 0; i < edges.size(); ++i)
            if (take(i))
                ++starts[edges[i].first + 1];
        for (std::size_t n = 0; n < nodeCount; ++n)
            starts[n + 1] += starts[n];
        items.resize(starts[nodeCount]);
        std::vector<std::size_t> next(starts.begin(), starts.end() - 1);
        for (std::size_t i = 0; i < edges.size(); ++i)
            if (take(i))
                items[next[edges[i].first]++] = i;
    };
    std::vector<std::size_t> succStart, succ;
    byNode([&](std::size_t i) { return firstOfPair[i] != 0; }, succStart, succ);
    for (auto& e : succ)
        e = edges[e].second;
    auto successors = [&](std::size_t n) {
        return std::span<const std::size_t>(succ.data() + succStart[n], succStart[n + 1] - succStart[n]);
    };
    // Cycle check (Kahn): reduction is only well defined on a DAG.
    {
        std::vector<std::size_t> deg(nodeCount, 0);
        for (std::size_t b : succ)
            ++deg[b];
        std::vector<std::size_t> queue;
        for (std::size_t i = 0; i < nodeCount; ++i)
            if (deg[i] == 0)
                queue.push_back(i);
        std::size_t done = 0;
        while (!queue.empty()) {
            const std::size_t n = queue.back();
            queue.pop_back();
            ++done;
            for (std::size_t m : successors(n))
                if (--deg[m] == 0)
                    queue.push_back(m);
        }
        if (done != nodeCount) {
            complete = false;
            if (cyclic)
                *cyclic = true;
            return implied;
        }
    }
    std::vector<std::size_t> reducibleStart, reducibleOut;
    byNode([&](std::size_t i) { return i < reducible.size() && reducible[i] && valid(edges[i]); },
           reducibleStart, reducibleOut);
    std::vector<char> seen(nodeCount, 0), reached(nodeCount, 0);
    std::vector<std::size_t> touched, queue;
    std::size_t work = 0;
    for (std::size_t a = 0; a < nodeCount; ++a) {
        if (reducibleStart[a] == reducibleStart[a + 1])
            continue;
        for (std::size_t t : touched)
            seen[t] = reached[t] = 0;
        touched.clear();
        queue.clear();
        for (std::size_t b : successors(a)) {
            seen[b] = 1;
            touched.push_back(b);
            queue.push_back(b);
        }
        for (std::size_t qi = 0; qi < queue.size(); ++qi) {
            for (std::size_t y : successors(queue[qi])) {
                if (++work > budget) {
                    complete = false;
                    return implied;
                }
                if (!reached[y]) {
                    reached[y] = 1;
                    touched.push_back(y);
                }
                if (!seen[y]) {
                    seen[y] = 1;
                    queue.push_back(y);
                }
            }
        }
        for (std::size_t k = reducibleStart[a]; k < reducibleStart[a + 1]; ++k)
            if (reached[edges[reducibleOut[k]].second])
                implied[reducibleOut[k]] = true;
    }
    return implied;
}

namespace {

enum class Role { System, Reference, Plumbing, Folded, Alias };

// A remote state output made a node of its own.
struct SyntheticOutput {
    std::string name, kind;
};

struct Node {
    Instance inst;
    // (the small members together: a large state holds hundreds of thousands of nodes)
    int deposed = 0;
    int folded = 0;
    Role role = Role::System;
    bool synthetic = false; // remote state output
    bool opaque = false;    // isOpaque() of its type
    long owner = -1;        // synthetic: its terraform_remote_state node
    long host = -1;         // Folded / Alias: the node it belongs to
    const FoldRule* fold = nullptr;
    std::unique_ptr<SyntheticOutput> output; // synthetic: its name and kind
    std::string address;
    std::vector<std::pair<std::string, std::string>> moduleSteps;
    std::string_view kind;        // kindForType() of its type (held by the builder's table of types)
    std::vector<std::string> ids; // id / arn / self_link values
    /// The host names and addresses it is reached by (endpointHosts()): also identifiers of its system,
    /// and what a value naming a host (a function's DB_HOST) depends on.
    std::vector<std::string> hosts;
    std::vector<long> foldedNodes;

    Node() = default;
    explicit Node(Instance&& i)
        : inst(std::move(i)) {}

    /// Its configuration address: most often its address without the instance key, which is then not
    /// held twice (a large state has hundreds of thousands of nodes). Set after `address` and the index.
    void setConfig(std::string c) {
        if (c.size() + inst.index.size() == address.size() && address.starts_with(c) &&
            address.ends_with(inst.index))
            configText.clear();
        else
            configText = std::move(c);
    }
    std::string_view config() const {
        return configText.empty() ? std::string_view(address).substr(0, address.size() - inst.index.size())
                                  : std::string_view(configText);
    }

private:
    std::string configText; // when it is not a prefix of the address
};

/// Nodes by a text they have (an id, a config address), in the order added: one hash entry per text
/// and one link per (text, node). A vector per text cost an allocation each, and a large state has
/// hundreds of thousands of texts. The texts are views: they must outlive the index.
class NodesByText {
public:
    void reserve(std::size_t texts) {
        heads_.reserve(texts);
        links_.reserve(texts);
    }
    void add(std::string_view text, long node) {
        const long link = static_cast<long>(links_.size());
        links_.push_back({node, -1});
        const auto [it, fresh] = heads_.try_emplace(text, Span{link, link});
        if (!fresh) {
            links_[static_cast<std::size_t>(it->second.last)].next = link;
            it->second.last = link;
        }
    }
    bool contains(std::string_view text) const { return heads_.count(text) > 0; }
    /// f(node) for each node that has `text`, in the order added; false when none has it.
    template <class F> bool forEach(std::string_view text, F&& f) const {
        const auto it = heads_.find(text);
        if (it == heads_.end())
            return false;
        for (long l = it->second.first; l >= 0; l = links_[static_cast<std::size_t>(l)].next)
            f(links_[static_cast<std::size_t>(l)].node);
        return true;
    }

private:
    struct Span {
        long first, last;
    };
    struct Link {
        long node, next;
    };
    absl::flat_hash_map<std::string_view, Span> heads_;
    std::vector<Link> links_;
};

struct RawEdge {
    long from, to;
    std::string evidence, kind;
    bool transitive;
    bool listed; // from the file's references (not attribute matching): part of the reduction graph
    // A listed reference that names several instances (a resource with count or for_each, or in a module
    // called with them): which of the node's references it is, from 1; 0 for one that names one.
    std::uint32_t expansion = 0;
};

// Terraform lists a dependency on a resource, not on its instances: an instance that depends on
// `aws_subnet.private` (three instances, by count) or on `module.svc.aws_instance.app` (one in each of the
// module's instances) is listed against all of them, whichever it uses. Where the node's own values name
// some of them (`subnet_id` holding the id of `aws_subnet.private[1]`), those are what it depends on: the
// listed edges to the others go. Where its values name none, all stay: nothing tells which.
void keepNamedInstances(std::deque<RawEdge>& raw) {
    auto pair = [](long from, long to) {
        return std::uint64_t(std::uint32_t(from)) << 32 | std::uint32_t(to);
    };
    std::unordered_set<std::uint64_t> named;    // (from, to) of the edges from attribute values
    std::unordered_set<std::uint64_t> narrowed; // (from, reference) of references with a named instance
    for (const auto& e : raw)
        if (!e.listed)
            named.insert(pair(e.from, e.to));
    if (named.empty())
        return;
    for (const auto& e : raw)
        if (e.expansion != 0 && named.contains(pair(e.from, e.to)))
            narrowed.insert(pair(e.from, long(e.expansion)));
    if (narrowed.empty())
        return;
    std::erase_if(raw, [&](const RawEdge& e) {
        return e.expansion != 0 && narrowed.contains(pair(e.from, long(e.expansion))) &&
               !named.contains(pair(e.from, e.to));
    });
}

bool isPrefixPath(const Path& p, const Path& of) {
    if (p.size() > of.size())
        return false;
    return std::equal(p.begin(), p.end(), of.begin());
}

bool pathSensitive(const Node& n, const Path& path) {
    return std::any_of(n.inst.sensitive.begin(), n.inst.sensitive.end(),
                       [&](const Path& p) { return !p.empty() && isPrefixPath(p, path); });
}

bool topSensitive(const Node& n, const std::string& key) {
    return std::any_of(n.inst.sensitive.begin(), n.inst.sensitive.end(),
                       [&](const Path& p) { return !p.empty() && p[0] == key; });
}

// Top-level string attributes (flatmap: the same keys), or the first string of an array; each empty
// where there is none or the source marks it sensitive. A compacted node's kept tape is read once for
// all of them, in place.
template <std::size_t N>
std::array<std::string, N> topStrings(const Node& n, const std::array<std::string_view, N>& keys) {
    std::array<std::string, N> out;
    if (n.inst.compact) {
        AttributeTape::Cursor c(n.inst.kept);
        c.next();
        std::size_t left = N;
        while (left > 0 && c.peek() != AttributeTape::ObjectEnd) {
            const auto at = std::find(keys.begin(), keys.end(), c.text());
            if (at == keys.end()) {
                c.skipValue();
                continue;
            }
            --left; // a kept tape's keys are unique
            std::string& v = out[static_cast<std::size_t>(at - keys.begin())];
            if (c.peek() == AttributeTape::String) {
                v = c.text();
            } else if (c.peek() == AttributeTape::ArrayStart) {
                c.next();
                while (c.peek() != AttributeTape::ArrayEnd) {
                    if (v.empty() && c.peek() == AttributeTape::String)
                        v = c.text();
                    else
                        c.skipValue();
                }
                c.next();
            } else {
                c.skipValue();
            }
        }
    } else if (const json& a = n.inst.attributes; a.is_object()) {
        for (std::size_t k = 0; k < N; ++k) {
            const std::string key(keys[k]);
            if (const auto it = a.find(key); it != a.end()) {
                if (it->is_string())
                    out[k] = it->get<std::string>();
                else if (it->is_array())
                    for (const auto& e : *it)
                        if (e.is_string()) {
                            out[k] = e.get<std::string>();
                            break;
                        }
            } else if (n.inst.flat) {
                const std::string prefix = key + ".";
                for (auto f = a.begin(); f != a.end(); ++f)
                    if (f.key().rfind(prefix, 0) == 0 && f.value().is_string() && f.key().back() != '#' &&
                        f.key().back() != '%') {
                        out[k] = f.value().get<std::string>();
                        break;
                    }
            }
        }
    }
    for (std::size_t k = 0; k < N; ++k)
        if (!out[k].empty() && topSensitive(n, std::string(keys[k])))
            out[k].clear();
    return out;
}

std::string topString(const Node& n, std::string_view key) {
    return std::move(topStrings<1>(n, {key})[0]);
}

bool isDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// ---- JSON documents held in strings: IAM policies, ECS container definitions, state machines ----

/// The step a walk puts after a value that an IAM policy statement allows access to: the mark, then the
/// access its actions grant ("reads", "writes", "reads-writes", "calls", or "" where they do not say).
/// No key of a document starts with the mark (a control character): it is no part of the evidence.
constexpr char kAccessMark = '\x1f';

bool isAccessStep(std::string_view step) {
    return !step.empty() && step.front() == kAccessMark;
}

/// Whether a string holds a JSON object or array worth walking: at most 1 MiB, nested at most 32 deep
/// (counted before parsing, so that a hostile document costs one pass).
bool holdsJsonDocument(std::string_view s) {
    constexpr std::size_t kMostDocumentBytes = std::size_t(1) << 20;
    const auto first = s.find_first_not_of(" \t\r\n");
    const auto last = s.find_last_not_of(" \t\r\n");
    if (first == std::string_view::npos || s.size() > kMostDocumentBytes ||
        !((s[first] == '{' && s[last] == '}') || (s[first] == '[' && s[last] == ']')))
        return false;
    int depth = 0;
    bool inString = false;
    for (std::size_t i = first; i <= last; ++i) {
        const char c = s[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > 32)
                return false;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return true;
}

/// Visits every value of a document held in a string, depth first, its root first, under `path`, as
/// walkAttributes() walks an attribute's value, calling visit(value, path) until it returns false.
/// A name/value pair (an ECS container's environment and secrets, `{"Key": ..., "Value": ...}` tags)
/// steps by its name; a policy statement that denies is not entered, nor its NotResource, and each
/// resource one allows has the access step (kAccessMark) after it.
template <class Visit> bool walkDocument(const json& v, Path& path, int depth, Visit& visit) {
    if (!visit(static_cast<const json&>(v), static_cast<const Path&>(path)))
        return false;
    if (depth >= 32 || !(v.is_object() || v.is_array()))
        return true;
    auto enter = [&](std::string step, const json& child) {
        path.push_back(std::move(step));
        const bool more = walkDocument(child, path, depth + 1, visit);
        path.pop_back();
        return more;
    };
    if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i)
            if (!enter(std::to_string(i), v[i]))
                return false;
        return true;
    }
    std::optional<std::string> access;
    if (const auto effect = v.find("Effect"); effect != v.end() && effect->is_string() &&
                                              (v.contains("Action") || v.contains("NotAction") ||
                                               v.contains("Resource") || v.contains("NotResource"))) {
        if (effect->get_ref<const std::string&>() != "Allow")
            return true;
        access = policyStatementAccess(v);
    }
    const std::string* name = nullptr;
    for (const char* k : {"name", "Name", "key", "Key"})
        if (const auto n = v.find(k); n != v.end() && n->is_string() &&
                                      !n->get_ref<const std::string&>().empty() &&
                                      n->get_ref<const std::string&>().size() <= 128) {
            name = &n->get_ref<const std::string&>();
            break;
        }
    for (auto it = v.begin(); it != v.end(); ++it) {
        const std::string& k = it.key();
        if (access && k == "NotResource")
            continue;
        if (access && k == "Resource") {
            // Each resource, with the access its statement grants after it.
            const std::string mark = kAccessMark + *access;
            path.push_back(k);
            bool more = true;
            if (it->is_array()) {
                more = visit(static_cast<const json&>(*it), static_cast<const Path&>(path));
                for (std::size_t i = 0; more && i < it->size(); ++i) {
                    path.push_back(std::to_string(i));
                    path.push_back(mark);
                    more = visit(static_cast<const json&>((*it)[i]), static_cast<const Path&>(path));
                    path.resize(path.size() - 2);
                }
            } else {
                path.push_back(mark);
                more = visit(static_cast<const json&>(*it), static_cast<const Path&>(path));
                path.pop_back();
            }
            path.pop_back();
            if (!more)
                return false;
            continue;
        }
        const bool value = name && (k == "value" || k == "Value" || k == "valueFrom" || k == "ValueFrom");
        if (!enter(value ? *name : k, *it))
            return false;
    }
    return true;
}

/// walkDocument() over the document a string holds, where it holds one (holdsJsonDocument()); true where
/// the walk was not ended.
template <class Visit> bool walkEmbedded(std::string_view text, Path& path, Visit&& visit) {
    if (!holdsJsonDocument(text))
        return true;
    const json document = json::parse(text.begin(), text.end(), nullptr, false);
    if (document.is_discarded())
        return true;
    return walkDocument(document, path, 0, visit);
}

// "input.targets", "subnet_mapping.subnet_id": steps without list indexes or set hashes.
std::string evidencePath(const Path& p) {
    std::string out;
    for (const auto& s : p) {
        if (isDigits(s) || s == "#" || s == "%" || isAccessStep(s))
            continue;
        if (!out.empty())
            out += '.';
        out += s;
    }
    return out.empty() ? std::string("value") : out;
}

// The last step of an evidence path ("subnet_mapping.subnet_id" -> "subnet_id") names an id, a list of
// ids or a link. Case is ignored.
bool idLikeLastStep(std::string_view k) {
    auto ends = [&](std::string_view s) {
        return k.size() >= s.size() &&
               std::equal(s.begin(), s.end(), k.end() - static_cast<std::ptrdiff_t>(s.size()),
                          [](char a, char b) { return a == asciiLowerChar(b); });
    };
    return ends("id") || ends("ids") || ends("arn") || ends("arns") || ends("_name") || ends("_names") ||
           ends("link") || ends("url") || ends("groups") || ends("subnets") || ends("targets") ||
           ends("target") || ends("role") || ends("bucket") || ends("cluster") || ends("network") ||
           ends("subnetwork") || ends("instance") || ends("instances");
}

bool idLikeKey(const std::string& evidence) {
    const auto dot = evidence.rfind('.');
    return idLikeLastStep(dot == std::string::npos ? std::string_view(evidence)
                                                   : std::string_view(evidence).substr(dot + 1));
}

/// idLikeKey(evidencePath(p)) without building the path: its last step that is not a list index or
/// a set hash, from its last dot.
bool idLikePath(const Path& p) {
    for (auto it = p.rbegin(); it != p.rend(); ++it) {
        if (isDigits(*it) || *it == "#" || *it == "%" || isAccessStep(*it))
            continue;
        const auto dot = it->rfind('.');
        return idLikeLastStep(dot == std::string::npos ? std::string_view(*it)
                                                       : std::string_view(*it).substr(dot + 1));
    }
    return idLikeLastStep("value");
}

/// Visits every value of an attribute document depth first, members in document order, as the matching
/// walks it: the top-level id, arn and self_link are skipped (they are the resource's own) and nothing
/// deeper than 32 levels is entered. `visit(value, path)` returns false to end the walk.
template <class Visit> bool walkAttributes(const json& v, Path& path, Visit&& visit) {
    if (!visit(v, path))
        return false;
    if (v.is_object()) {
        if (path.size() > 32)
            return true;
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (path.empty() && (it.key() == "id" || it.key() == "arn" || it.key() == "self_link"))
                continue;
            path.push_back(it.key());
            const bool more = walkAttributes(it.value(), path, visit);
            path.pop_back();
            if (!more)
                return false;
        }
    } else if (v.is_array()) {
        if (path.size() > 32)
            return true;
        for (std::size_t i = 0; i < v.size(); ++i) {
            path.push_back(std::to_string(i));
            const bool more = walkAttributes(v[i], path, visit);
            path.pop_back();
            if (!more)
                return false;
        }
    }
    return true;
}

// The strings of a document a string value holds (walkEmbedded()), each value counted against the budget:
// f(path, value) for each; false where the budget ran out.
template <class F> bool walkEmbeddedStrings(std::string_view text, Path& path, std::size_t& budget, F& f) {
    return walkEmbedded(text, path, [&](const json& v, const Path& at) {
        if (budget == 0)
            return false;
        --budget;
        if (v.is_string())
            f(at, v.get_ref<const std::string&>());
        return true;
    });
}

// Walks the string values of a node's attributes (not its own identity), calling f(path, value); those of
// the documents string values hold too (walkEmbedded()).
template <class F> void walkValues(const Node& n, std::size_t& budget, F&& f) {
    if (n.inst.compact) {
        // Walked when the instance was read: the values the full walk would reach within the budget.
        const std::size_t available = budget;
        n.inst.walked.forEach([&](const Path& path, const std::string& value, std::size_t ordinal) {
            if (ordinal >= available)
                return false;
            if (!pathSensitive(n, path))
                f(path, value);
            return true;
        });
        budget -= std::min(available, n.inst.walkCount);
        return;
    }
    const json& a = n.inst.attributes;
    if (!a.is_object())
        return;
    if (n.inst.flat) {
        for (auto it = a.begin(); it != a.end() && budget > 0; ++it) {
            --budget;
            const std::string& k = it.key();
            if (!it.value().is_string() || k == "id" || k == "arn" || k == "self_link" || k.empty() ||
                k.back() == '#' || k.back() == '%')
                continue;
            Path p;
            std::size_t start = 0;
            while (start <= k.size()) {
                const auto dot = k.find('.', start);
                p.push_back(k.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
                if (dot == std::string::npos)
                    break;
                start = dot + 1;
            }
            f(p, it.value().get_ref<const std::string&>());
            if (!walkEmbeddedStrings(it.value().get_ref<const std::string&>(), p, budget, f))
                return;
        }
        return;
    }
    Path path;
    walkAttributes(a, path, [&](const json& v, const Path& at) {
        if (budget == 0)
            return false;
        --budget;
        if (!v.is_string() || pathSensitive(n, at))
            return true;
        f(at, v.get_ref<const std::string&>());
        Path inside = at;
        return walkEmbeddedStrings(v.get_ref<const std::string&>(), inside, budget, f);
    });
}

constexpr std::size_t kMaxKeptString = 4096;

} // namespace

void WalkedValues::add(const Path& path, std::string_view value, std::size_t ordinal) {
    auto text = [&](std::string_view t) {
        appendSize(packed_, t.size());
        packed_.append(t);
    };
    appendSize(packed_, ordinal);
    appendSize(packed_, path.size());
    for (const auto& step : path)
        text(step);
    text(value);
    ++count_;
}

std::size_t WalkedValues::number(std::size_t& at) const {
    return readSize(packed_, at);
}

void WalkedValues::text(std::size_t& at, std::string& out) const {
    const std::size_t n = number(at);
    out.assign(packed_, at, n);
    at += n;
}

namespace {

using Cursor = AttributeTape::Cursor;

bool startsContainer(AttributeTape::Tag t) {
    return t == AttributeTape::ObjectStart || t == AttributeTape::ArrayStart;
}

// prewalk() over a value on a tape (the cursor at its start; consumed): the same values, ordinals and
// paths as the walk of its document.
void prewalkTape(Cursor& c, Path& path, std::size_t& ordinal, WalkedValues& out) {
    const std::size_t k = ordinal++;
    switch (c.peek()) {
    case AttributeTape::String: {
        auto keep = [&](std::string_view s, const Path& at, std::size_t number) {
            if (s.size() >= 3 && s.size() <= 2048 && (isDistinctiveId(s) || idLikePath(at)))
                out.add(at, s, number);
        };
        const std::string_view s = c.text();
        keep(s, path, k);
        walkEmbedded(s, path, [&](const json& v, const Path& at) {
            const std::size_t inside = ordinal++;
            if (v.is_string())
                keep(v.get_ref<const std::string&>(), at, inside);
            return true;
        });
        return;
    }
    case AttributeTape::ObjectStart:
    case AttributeTape::ArrayStart:
        break;
    default:
        c.skipValue();
        return;
    }
    if (path.size() > 32) {
        c.skipValue();
        return;
    }
    const bool object = c.next() == AttributeTape::ObjectStart;
    for (std::size_t i = 0; c.peek() != AttributeTape::ObjectEnd && c.peek() != AttributeTape::ArrayEnd;
         ++i) {
        path.push_back(object ? std::string(c.text()) : std::to_string(i));
        prewalkTape(c, path, ordinal, out);
        path.pop_back();
    }
    c.next();
}

// A string too long to be an id, a name or a fact (the cursor at it; not consumed).
bool overlongString(Cursor c) {
    return c.peek() == AttributeTape::String && c.text().size() > kMaxKeptString;
}

// A list as compactInstance() keeps it (the cursor at its start; consumed), recorded onto `out`: the
// elements `keep` accepts (by their tag), and null in place of each other one.
template <class Keep> void keepList(Cursor& c, AttributeTape& out, Keep&& keep) {
    out.startArray();
    c.next();
    while (c.peek() != AttributeTape::ArrayEnd) {
        if (keep(c.peek())) {
            c.copyScalar(out);
        } else {
            c.skipValue();
            out.null();
        }
    }
    c.next();
    out.end();
}

// A top-level member as compactInstance() keeps it (the cursor at its value; not consumed), recorded onto
// `out` with its key, or nothing when it keeps nothing of it.
constexpr std::size_t kMostOutputBytes = 16 * 1024; // of one output kept whole, as it is on a tape

void keepTopMember(std::string_view key, Cursor c, AttributeTape& out) {
    const AttributeTape::Tag t = c.peek();
    if (!startsContainer(t)) {
        if (!overlongString(c)) {
            out.key(key);
            c.copyScalar(out);
        }
        return;
    }
    if (t == AttributeTape::ArrayStart) { // its scalars; anything else only makes it no fact, as null does
        out.key(key);
        keepList(c, out, [](AttributeTape::Tag e) { return !startsContainer(e); });
        return;
    }
    const bool tags = key == "tags" || key == "labels" || key == "tags_all";
    if (!tags && key != "outputs")
        return;
    out.key(key);
    out.startObject();
    c.next();
    while (c.peek() != AttributeTape::ObjectEnd) {
        const std::string_view k = c.text();
        const AttributeTape::Tag vt = c.peek();
        // tags: their scalars; outputs: their strings, and lists and objects of a few KiB (a module's
        // outputs gathered in one object: `network = { subnet = ..., apps = {...} }`); neither null nor
        // overlong strings
        if (tags ? !startsContainer(vt) : vt == AttributeTape::String) {
            if (vt != AttributeTape::Null && !overlongString(c)) {
                out.key(k);
                c.copyScalar(out);
            } else {
                c.skipValue();
            }
        } else if (!tags && startsContainer(vt)) {
            Cursor end = c;
            end.skipValue();
            if (end.position() - c.position() <= kMostOutputBytes) {
                out.key(k);
                out.record(c.value());
            } else {
                c.skipValue();
            }
        } else {
            c.skipValue();
        }
    }
    out.end();
}

// What factsOf(), topString() and the remote state outputs read of an attributes object without repeated
// keys or dynamic value wrappers, on a tape: the top-level scalars, lists (their scalars; anything else in
// a list only makes it no fact, as null does), the tags maps' scalars and the outputs that are strings or
// short lists (keepTopMember()); and the strings the matching could use (prewalkTape()), in one pass. The
// walk skips the top-level id, arn and self_link, which are kept.
void compactOffTape(Instance& in, const AttributeTape& tape) {
    // One tape per thread, used again: a new one for each instance grew by doubling from nothing.
    thread_local AttributeTape kept;
    kept.clear();
    kept.startObject();
    Cursor c(tape);
    c.next();
    std::size_t ordinal = 1; // the attributes object itself
    Path path;
    while (c.peek() != AttributeTape::ObjectEnd) {
        const std::string_view k = c.text();
        keepTopMember(k, c, kept);
        if (k == "id" || k == "arn" || k == "self_link") {
            c.skipValue();
            continue;
        }
        path.emplace_back(k);
        prewalkTape(c, path, ordinal, in.walked);
        path.pop_back();
    }
    kept.end();
    in.walked.shrink();
    in.walkCount = ordinal;
    in.kept = kept.bytes(); // a copy of its size
    if (kept.bytes().capacity() > (std::size_t(1) << 20))
        kept = AttributeTape(); // not held on to after an instance of a few large lists
    in.attributes = json();
    in.compact = true;
}

} // namespace

void compactInstance(Instance& in) {
    if (in.flat || in.compact || !in.attributes.is_object())
        return;
    AttributeTape tape; // a document has no repeated keys, and its wrappers were unwrapped when read
    tape.record(in.attributes);
    compactOffTape(in, tape);
}

void compactInstance(Instance& in, const AttributeTape& tape) {
    if (in.flat || in.compact)
        return;
    if (!tape.plain()) {
        in.attributes = unwrapDynamic(tape.toJson());
        compactInstance(in);
        return;
    }
    compactOffTape(in, tape);
}

namespace {

/// Whether hostOf() may find a host in `v` that is not `v` itself: a URL, host:port, or a host name with
/// capitals (DNS names are compared without case). Cheap: most values an attribute walk meets are none.
bool mayNameHostOtherwise(std::string_view v) {
    if (const auto colon = v.find(':'); colon != std::string_view::npos) {
        if (v.compare(colon, 3, "://") == 0) // not an ARN's "arn:aws:..."
            return true;
        const auto last = v.rfind(':');
        return last + 1 < v.size() && std::all_of(v.begin() + static_cast<std::ptrdiff_t>(last) + 1, v.end(),
                                                  [](char c) { return c >= '0' && c <= '9'; });
    }
    return v.find('.') != std::string_view::npos &&
           std::any_of(v.begin(), v.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

/// The host a value names: itself, or that of a URL or of host:port, in lower case (as HostRef::host has it);
/// "" where it is no host name or IPv4 address.
std::string hostOf(std::string v) {
    if (const auto scheme = v.find("://"); scheme != std::string::npos) {
        v.erase(0, scheme + 3);
        v.erase(std::min(v.find('/'), v.size()));
        if (const auto at = v.rfind('@'); at != std::string::npos)
            v.erase(0, at + 1);
    }
    if (const auto colon = v.rfind(':'); colon != std::string::npos && isDigits(v.substr(colon + 1)))
        v.erase(colon);
    return isHostname(v) || isIPv4(v) ? asciiLower(v) : std::string();
}

/// The names something else reaches a node by (a Deployment's DATABASE_URL, a compose file's REDIS_HOST,
/// a function's DB_HOST): an RDS instance's address, a cache's or a cluster's endpoint, a load balancer's
/// DNS name; the host of an endpoint given as a URL (an EKS cluster's, a function URL, an API's invoke URL).
std::vector<std::string> endpointHosts(const Node& n) {
    std::vector<std::string> out;
    for (std::string& v : topStrings<18>(
             n, {"dns_name", "fqdn", "address", "endpoint", "hostname", "private_dns", "public_dns",
                 "private_ip", "public_ip", "ip_address", "default_hostname", "reader_endpoint",
                 "primary_endpoint_address", "reader_endpoint_address", "configuration_endpoint_address",
                 "cluster_address", "function_url", "invoke_url"}))
        if (std::string host = hostOf(std::move(v));
            !host.empty() && std::find(out.begin(), out.end(), host) == out.end())
            out.push_back(std::move(host));
    return out;
}

/// Whether a value may be a system's identifier: no credentials in it, and an id's shape or nothing a
/// secret could be.
bool safeIdentifier(const std::string& v) {
    return !v.empty() && !(v.find('@') != std::string::npos && stripUrlCredentials(v) != v) &&
           (isStructuredId(v) || (safeValue("id", v) && !looksLikeSecret(v)));
}

std::string normaliseEnvironment(std::string_view v) {
    const std::string e = asciiLower(v);
    if (e == "prod" || e == "production" || e == "prd" || e == "live")
        return "production";
    if (e == "staging" || e == "stage" || e == "stg" || e == "preprod" || e == "pre-production")
        return "staging";
    if (e == "dev" || e == "development" || e == "test" || e == "qa" || e == "sandbox")
        return "development";
    if (e == "shared" || e == "common" || e == "global")
        return "shared";
    return {};
}

// Keys whose values are documents, scripts or generated content: never facts.
bool droppedKey(std::string_view k) {
    static constexpr std::string_view keys[] = {"body",
                                                "response_body",
                                                "policy",
                                                "assume_role_policy",
                                                "container_definitions",
                                                "template_body",
                                                "rendered",
                                                "content",
                                                "content_base64",
                                                "result",
                                                "keepers",
                                                "triggers",
                                                "triggers_replace",
                                                "environment",
                                                "variables",
                                                "metadata_startup_script",
                                                "startup_script",
                                                "script",
                                                "command",
                                                "inline",
                                                "values",
                                                "input",
                                                "output",
                                                "outputs",
                                                "config",
                                                "private",
                                                "custom_data",
                                                "inline_policy",
                                                "access_policies",
                                                "definition",
                                                "request_headers",
                                                "response_headers"};
    // Compared without case, without making a lower-case copy of every key.
    for (std::string_view d : keys)
        if (d.size() == k.size() &&
            std::equal(d.begin(), d.end(), k.begin(), [](char a, char b) { return a == asciiLowerChar(b); }))
            return true;
    return false;
}

json factsOf(const Node& n, const std::string& kind) {
    json out = json::object();
    const Instance& in = n.inst;
    if (!n.opaque && (in.compact || in.attributes.is_object())) {
        json flatTop = json::object();
        if (in.flat) {
            for (auto it = in.attributes.begin(); it != in.attributes.end(); ++it) {
                const std::string& k = it.key();
                if (k.find('.') == std::string::npos)
                    flatTop[k] = it.value();
                else if (k.rfind("tags.", 0) == 0 && k.size() > 5 && k.find('.', 5) == std::string::npos &&
                         k != "tags.%" && (!flatTop.contains("tags") || flatTop["tags"].is_object()))
                    flatTop["tags"][k.substr(5)] = it.value();
            }
        }
        json kept;
        const json& top = in.flat ? flatTop : topAttributes(in, kept);
        std::size_t members = top.size() + 6; // the facts added after the attributes
        for (const char* k : {"tags", "labels", "tags_all"})
            if (const auto t = top.find(k); t != top.end() && t->is_object())
                members += t->size();
        out.get_ref<json::object_t&>().reserve(members); // each member is moved once, not at every growth
        // Each member is judged where it is and only what is kept is copied: dropped keys (documents),
        // sensitive values (of a map with sensitive entries, the others stay), JSON inside strings, then
        // the redaction of safeAttributes().
        const bool secretStore = kind == "secret-store";
        for (auto it = top.begin(); it != top.end(); ++it) {
            const std::string& k = it.key();
            if (droppedKey(k))
                continue;
            // Of a secret store only its identity is a fact.
            if (secretStore && k != "id" && k != "arn" && k != "name" && k != "self_link")
                continue;
            if (topSensitive(n, k)) {
                // A map with some sensitive entries (tags) keeps the others; anything else goes.
                if (!it.value().is_object())
                    continue;
                json rest = it.value();
                bool whole = false;
                for (const auto& p : n.inst.sensitive)
                    if (!p.empty() && p[0] == k) {
                        if (p.size() < 2)
                            whole = true;
                        else
                            rest.erase(p[1]);
                    }
                if (!whole)
                    addSafeAttribute(out, k, rest);
                continue;
            }
            if (it.value().is_string()) {
                const auto& s = it.value().get_ref<const std::string&>();
                const auto first = s.find_first_not_of(" \t\r\n");
                if (first != std::string::npos && (s[first] == '{' || s[first] == '['))
                    continue; // a JSON document inside a string (policies, container definitions)
            }
            addSafeAttribute(out, k, it.value());
        }
        if (secretStore) {
            // The identity in its usual order: id, arn, name, self_link.
            json ident = json::object();
            for (const char* k : {"id", "arn", "name", "self_link"})
                if (const auto f = out.find(k); f != out.end())
                    ident[k] = std::move(*f);
            out = std::move(ident);
        }
        // Structured resource ids (Azure paths, ARNs, self links) look like random text to the generic
        // secret heuristics, but they are identities, not secrets.
        for (const char* k : {"id", "arn", "self_link"})
            if (const auto f = top.find(k); !out.contains(k) && f != top.end() && f->is_string() &&
                                            isStructuredId(f->get_ref<const std::string&>()) &&
                                            !topSensitive(n, k))
                out[k] = *f;
    }
    out["tf_type"] = in.type;
    if (in.data)
        out["tf_mode"] = "data";
    if (in.tainted)
        out["tf_tainted"] = true;
    if (n.deposed > 0)
        out["tf_deposed_objects"] = n.deposed;
    for (auto it = in.facts.begin(); it != in.facts.end(); ++it)
        out[it.key()] = it.value();
    return out;
}

// The facts a system's name and environment are read from (buildDiscovery()): its Name tag, the attribute
// that is the resource's own name where its type has one (resourceNameFact()), its `name`; then those that
// say its environment, from kFirstEnvironmentFact.
constexpr std::array<std::string_view, 18> kNamingFacts = {
    "tags.Name",   "tags.name",          "name",
    "identifier",  "cluster_identifier", "function_name",
    "bucket",      "cluster_id",         "replication_group_id",
    "domain_name", "tags.Environment",   "tags.environment",
    "tags.Env",    "tags.env",           "tags.Stage",
    "tags.stage",  "labels.environment", "labels.env"};
constexpr std::size_t kFirstEnvironmentFact = 10;

/// Where a type's own name for the resource is not `name` (an RDS instance's `name` was its database's,
/// and its name is `identifier`; a function's is `function_name`, a bucket's `bucket`): that fact's place
/// in kNamingFacts, else 2 (`name`).
std::size_t resourceNameFact(std::string_view type) {
    if (type == "aws_db_instance" || type == "aws_rds_cluster_instance" ||
        type == "aws_docdb_cluster_instance" || type == "aws_neptune_cluster_instance")
        return 3;
    if (type == "aws_rds_cluster" || type == "aws_docdb_cluster" || type == "aws_neptune_cluster" ||
        type == "aws_redshift_cluster")
        return 4;
    if (type == "aws_lambda_function")
        return 5;
    if (type == "aws_s3_bucket")
        return 6;
    if (type == "aws_elasticache_cluster")
        return 7;
    if (type == "aws_elasticache_replication_group")
        return 8;
    if (type == "aws_opensearch_domain" || type == "aws_elasticsearch_domain")
        return 9;
    return 2;
}

/// Runs f(begin, end) over [0, n): in two halves, the second on a thread of its own, when there are `enough`
/// and a second processor; else in one go. An exception from the first half is thrown before one from the
/// second, as it would be in order. Each half must touch only what is its own.
template <class F> void inTwoHalves(std::size_t n, std::size_t enough, F&& f) {
    if (n < enough || !twoProcessors()) {
        f(std::size_t(0), n);
        return;
    }
    const std::size_t half = n / 2;
    std::exception_ptr second;
    std::thread worker;
    try {
        worker = std::thread([&] {
            try {
                f(half, n);
            } catch (...) {
                second = std::current_exception();
            }
        });
    } catch (const std::system_error&) { // no thread to be had: in one go
        f(std::size_t(0), n);
        return;
    }
    try {
        f(std::size_t(0), half);
    } catch (...) {
        worker.join();
        throw;
    }
    worker.join();
    if (second)
        std::rethrow_exception(second);
}
/// From how many systems they are made on two threads (a thread costs about a tenth of a millisecond to
/// start; a system about three microseconds to make). setTwoThreadsFrom() sets it for tests.
std::size_t twoThreadsFrom = 2048;
/// How many attribute values the attribute matching walks in all (setWalkBudget() sets it for tests).
std::size_t walkBudget = std::size_t(20) * 1000 * 1000;

bool factsByDocument = false; // setFactsByDocument()

// A node's facts as their text, exactly as jsonText(factsOf(n, kind)) writes them, written off its kept
// tape without a document (a document per system, then its text, was a tenth of an import's
// instructions); with the strings of the naming facts. Nothing where factsOf() makes them: an instance
// not compacted or a flatmap one, an opaque type, a secret store, sensitive values, or a key given twice
// with two values.
struct FactsText {
    std::string text;
    std::array<std::optional<std::string>, kNamingFacts.size()> naming;
};

std::optional<FactsText> factsText(const Node& n, const std::string& kind) {
    const Instance& in = n.inst;
    if (factsByDocument || n.opaque || in.flat || !in.compact || kind == "secret-store" ||
        !in.sensitive.empty())
        return std::nullopt;
    FactsText r;
    std::string& out = r.text;
    out.reserve(in.kept.size() + 64);
    out += '{';
    // Where each member is in `out` (offsets: `out` grows), to find a key written twice. The attributes'
    // own keys are unique; a tags map's entries ("tags.<key>") may meet another's (tags and tags_all
    // most often) or a key spelled so, and the facts added last may meet any.
    struct Span {
        std::size_t key, value, end; // the key's text from `key`, its value's from `value` to `end`
    };
    std::vector<Span> spans, tagSpans;
    auto text = [&](std::size_t from, std::size_t to) {
        return std::string_view(out).substr(from, to - from);
    };
    enum class Written { Yes, Dropped, Conflict };
    // Appends a member: its key, and its value as `writeValue` writes it (false: nothing to keep, and
    // the member is not written). A key written before with the same value stays as it was (as
    // operator[] would leave it); with another value, it is a conflict.
    auto member = [&](std::string_view key, auto&& writeValue, bool anyKey) {
        const std::size_t start = out.size();
        if (!spans.empty())
            out += ',';
        const std::size_t keyAt = out.size();
        appendJsonString(out, key);
        const std::size_t colon = out.size();
        out += ':';
        if (!writeValue()) {
            out.resize(start);
            return Written::Dropped;
        }
        const Span span{keyAt, colon + 1, out.size()};
        const bool isTag = key.starts_with("tags.");
        if (anyKey || isTag)
            for (const Span& other : anyKey ? spans : tagSpans)
                if (text(other.key, other.value - 1) == text(keyAt, colon)) {
                    const bool same = text(other.value, other.end) == text(span.value, span.end);
                    out.resize(start);
                    return same ? Written::Dropped : Written::Conflict;
                }
        spans.push_back(span);
        if (isTag)
            tagSpans.push_back(span);
        return Written::Yes;
    };
    auto naming = [&](std::string_view key, const std::string& value) {
        for (std::size_t i = 0; i < kNamingFacts.size(); ++i)
            if (kNamingFacts[i] == key)
                r.naming[i] = value;
    };
    // A scalar as addSafeAttribute() keeps it (consumed), written; false for null and unsafe strings.
    std::string safe; // the last string written
    auto scalar = [&](std::string_view key, AttributeTape::Cursor& c) {
        switch (c.peek()) {
        case AttributeTape::String:
            if (safeValueInto(key, c.text(), safe)) {
                appendJsonString(out, safe);
                return true;
            }
            return false;
        case AttributeTape::Null:
            c.next();
            return false;
        case AttributeTape::Integer:
        case AttributeTape::Unsigned:
        case AttributeTape::Float:
        case AttributeTape::True:
        case AttributeTape::False:
            appendJsonText(out, c.scalar());
            return true;
        default: // a kept tape holds no deeper values
            c.skipValue();
            return false;
        }
    };
    constexpr std::array<std::string_view, 3> kIdKeys = {"id", "arn", "self_link"};
    std::array<std::optional<std::string_view>, 3> rawIds; // as the tape has them
    std::array<bool, 3> wroteId{};
    std::string tagKey;
    AttributeTape::Cursor c(in.kept);
    c.next();
    while (c.peek() != AttributeTape::ObjectEnd) {
        const std::string_view k = c.text();
        const AttributeTape::Tag t = c.peek();
        std::size_t id = kIdKeys.size();
        for (std::size_t i = 0; i < kIdKeys.size(); ++i)
            if (k == kIdKeys[i])
                id = i;
        if (id < kIdKeys.size() && t == AttributeTape::String)
            rawIds[id] = AttributeTape::Cursor(c).text();
        if (droppedKey(k) || t == AttributeTape::Null || isSecretKey(k)) {
            c.skipValue();
            continue;
        }
        if (t == AttributeTape::ObjectStart) { // tags maps' scalars as "tags.<key>"; outputs are no facts
            if (k != "tags" && k != "labels" && k != "tags_all") {
                c.skipValue();
                continue;
            }
            c.next();
            while (c.peek() != AttributeTape::ObjectEnd) {
                const std::string_view tk = c.text();
                if (isSecretKey(tk)) {
                    c.skipValue();
                    continue;
                }
                const bool isString = c.peek() == AttributeTape::String;
                tagKey.assign("tags.").append(tk);
                const Written w = member(
                    tagKey, [&] { return scalar(tk, c); }, false);
                if (w == Written::Conflict)
                    return std::nullopt;
                if (w == Written::Yes && isString)
                    naming(tagKey, safe);
            }
            c.next();
            continue;
        }
        if (t == AttributeTape::ArrayStart) { // up to 16 safe scalars, or nothing
            const std::size_t count = c.count();
            if (count == 0 || count > 16) {
                c.skipValue();
                continue;
            }
            member(
                k,
                [&] {
                    bool kept = true;
                    out += '[';
                    c.next();
                    for (bool first = true; c.peek() != AttributeTape::ArrayEnd; first = false) {
                        if (!kept) {
                            c.skipValue();
                            continue;
                        }
                        if (!first)
                            out += ',';
                        kept = scalar(k, c);
                    }
                    c.next();
                    out += ']';
                    return kept;
                },
                false);
            continue;
        }
        if (t == AttributeTape::String) { // a string holding a JSON document (policies) is no fact
            const std::string_view v = AttributeTape::Cursor(c).text();
            const auto first = v.find_first_not_of(" \t\r\n");
            if (first != std::string_view::npos && (v[first] == '{' || v[first] == '[')) {
                c.skipValue();
                continue;
            }
        }
        if (member(
                k, [&] { return scalar(k, c); }, false) != Written::Yes)
            continue;
        if (id < kIdKeys.size())
            wroteId[id] = true;
        if (t == AttributeTape::String)
            naming(k, safe);
    }
    // Structured resource ids look like random text to the secret heuristics; they are identities.
    for (std::size_t i = 0; i < kIdKeys.size(); ++i)
        if (!wroteId[i] && rawIds[i] && isStructuredId(std::string(*rawIds[i])) &&
            member(
                kIdKeys[i],
                [&] {
                    appendJsonString(out, *rawIds[i]);
                    return true;
                },
                true) == Written::Conflict)
            return std::nullopt;
    auto add = [&](std::string_view key, const json& v) {
        return member(
                   key,
                   [&] {
                       appendJsonText(out, v);
                       return true;
                   },
                   true) != Written::Conflict;
    };
    if (!add("tf_type", in.type) || (in.data && !add("tf_mode", "data")) ||
        (in.tainted && !add("tf_tainted", true)) || (n.deposed > 0 && !add("tf_deposed_objects", n.deposed)))
        return std::nullopt;
    for (auto it = in.facts.begin(); it != in.facts.end(); ++it)
        if (!add(it.key(), it.value()))
            return std::nullopt;
    out += '}';
    return r;
}

} // namespace

void setFactsByDocument(bool on) {
    factsByDocument = on;
}

bool twoProcessors() {
    static const bool two = std::thread::hardware_concurrency() >= 2;
    return two;
}

void setTwoThreadsFrom(std::size_t systems) {
    twoThreadsFrom = systems;
}

void setWalkBudget(std::size_t values) {
    walkBudget = values;
}

Discovery buildDiscovery(Build build) {
    Discovery d;
    d.format = build.format;
    d.file = build.file;
    d.scope = build.scope;
    d.legacyScope = build.legacyScope;
    d.contentHash = build.contentHash;
    d.warnings = std::move(build.warnings);
    d.skipped = build.skipped;

    // ---- one node per address; deposed objects fold into the current object ----
    // The indexes below key on views of nodes' strings instead of copies of them, so a node never
    // moves: room is made first for every node there can be, one per instance and, per remote state,
    // one per output value it offers (below: outputs are looked at while fewer than kMostOutputs made
    // nodes, each with up to kMostOutputValues values). In one block, not a deque: a node is larger than
    // a deque's block, so each was an allocation of its own, and their holes stayed in the heap once
    // freed.
    constexpr std::size_t kMostOutputs = 256, kMostOutputValues = 32;
    std::size_t remoteStates = 0;
    for (const auto& inst : build.instances)
        remoteStates += inst.data && inst.type == "terraform_remote_state" ? 1 : 0;
    std::vector<Node> nodes;
    nodes.reserve(build.instances.size() + remoteStates * (kMostOutputs + kMostOutputValues));
    adviseHugePages(nodes);
    // What each instance is known by, made first on two threads when there are many (the nodes are then
    // made in order on one, as the addresses tell which are new).
    struct Names {
        std::string address, config;
        std::vector<std::pair<std::string, std::string>> moduleSteps;
    };
    std::vector<Names> names(build.instances.size());
    inTwoHalves(names.size(), twoThreadsFrom, [&](std::size_t from, std::size_t to) {
        for (std::size_t k = from; k < to; ++k) {
            const Instance& inst = build.instances[k];
            names[k].address = inst.address();
            names[k].config = inst.config();
            if (auto steps = parseModulePath(inst.module))
                names[k].moduleSteps = std::move(*steps);
        }
    });
    absl::flat_hash_map<std::string_view, long> byAddress;
    byAddress.reserve(build.instances.size());
    for (std::size_t k = 0; k < build.instances.size(); ++k) {
        Instance& inst = build.instances[k];
        const std::string& address = names[k].address;
        const auto it = byAddress.find(address);
        if (it == byAddress.end()) {
            Node& n = nodes.emplace_back(std::move(inst));
            n.address = std::move(names[k].address);
            n.moduleSteps = std::move(names[k].moduleSteps);
            n.deposed = n.inst.deposedObject ? 1 : 0;
            n.setConfig(std::move(names[k].config));
            byAddress.emplace(n.address, static_cast<long>(nodes.size()) - 1);
            continue;
        }
        Node& n = nodes[static_cast<std::size_t>(it->second)];
        for (auto& r : inst.refs)
            n.inst.refs.push_back(std::move(r));
        for (auto& v : inst.identifiers)
            n.inst.identifiers.push_back(std::move(v));
        for (auto f = inst.facts.begin(); f != inst.facts.end(); ++f)
            if (!n.inst.facts.contains(f.key()))
                n.inst.facts[f.key()] = f.value();
        if (inst.deposedObject) {
            ++n.deposed;
        } else if (n.inst.deposedObject) {
            // The current object arrives after a deposed one: it wins.
            inst.refs = std::move(n.inst.refs);
            inst.facts = std::move(n.inst.facts);
            inst.identifiers = std::move(n.inst.identifiers);
            n.inst = std::move(inst);
        } else {
            d.warnings.push_back(address + " appears twice; the first one is kept");
        }
    }
    const long count = static_cast<long>(nodes.size());
    // What the instances held is in the nodes now: their shells go, so that the memory is used again
    // for what follows instead of new memory (on a large state the peak of the import is here).
    build.instances.clear();
    build.instances.shrink_to_fit();
    decltype(byAddress)().swap(byAddress);
    std::vector<Names>().swap(names);

    // ---- roles ----
    // What a type says (pattern tables matched once per type, not per node: a state has many
    // resources of few types).
    struct TypeFacts {
        std::string kind;
        const FoldRule* fold;
        bool opaque, plumbingManaged, plumbingData;
    };
    std::unordered_map<std::string_view, TypeFacts> typeFacts;
    bool anyReal = false;
    for (auto& n : nodes) {
        const Instance& in = n.inst;
        auto [known, fresh] = typeFacts.try_emplace(in.type);
        if (fresh)
            known->second = {kindForType(in.type), foldRule(in.type), isOpaque(in.type),
                             isPlumbing(in.type, false), isPlumbing(in.type, true)};
        const TypeFacts& facts = known->second;
        n.kind = facts.kind;
        n.opaque = facts.opaque;
        if (in.data) {
            n.role = facts.plumbingData ? Role::Plumbing : Role::Reference;
            continue;
        }
        n.fold = facts.fold;
        n.role = facts.plumbingManaged ? Role::Plumbing : Role::System;
        if (n.role == Role::System)
            anyReal = true;
    }
    if (!anyReal)
        for (auto& n : nodes)
            if (!n.inst.data && n.role == Role::Plumbing)
                n.role = Role::System;

    // ---- identity index: id / arn / self_link ----
    // Each node's ids, and its type and name for folding below, read off its attributes on two threads when
    // there are many; then indexed in order.
    std::vector<std::string> typeAndName(build.configLevel ? 0 : nodes.size()); // "type\nname", or empty
    if (!build.configLevel)
        inTwoHalves(nodes.size(), twoThreadsFrom, [&](std::size_t from, std::size_t to) {
            for (std::size_t i = from; i < to; ++i) {
                Node& n = nodes[i];
                auto top = topStrings<4>(n, {"id", "arn", "self_link", "name"});
                if (!top[3].empty())
                    typeAndName[i] = n.inst.type + "\n" + top[3];
                if (n.opaque)
                    continue;
                if (!n.synthetic)
                    n.hosts = endpointHosts(n);
                for (std::size_t k = 0; k < 3; ++k) {
                    std::string& v = top[k];
                    if (v.empty() || v.size() > 2048 ||
                        std::find(n.ids.begin(), n.ids.end(), v) != n.ids.end())
                        continue;
                    n.ids.push_back(std::move(v));
                }
            }
        });
    NodesByText byId;
    byId.reserve(nodes.size() * 2);
    for (long i = 0; i < count; ++i) {
        const Node& n = nodes[static_cast<std::size_t>(i)];
        for (const auto& v : n.ids) // views of the node's own strings
            byId.add(v, i);
        for (const auto& v : n.hosts)
            if (std::find(n.ids.begin(), n.ids.end(), v) == n.ids.end())
                byId.add(v, i);
    }
    // The one node a value names: unique, or unique among the nodes that are not low-level.
    auto lookup = [&](std::string_view v, long self) -> long {
        long only = -1, onlyMain = -1;
        int others = 0, mains = 0;
        const bool named = byId.forEach(v, [&](long x) {
            if (x == self)
                return;
            ++others;
            only = x;
            const Node& m = nodes[static_cast<std::size_t>(x)];
            if (!m.fold && m.role != Role::Plumbing) {
                ++mains;
                onlyMain = x;
            }
        });
        if (!named)
            return -1;
        if (others == 1)
            return only;
        return mains == 1 ? onlyMain : -1;
    };

    // ---- references: which nodes a Ref names, from a given node ----
    NodesByText byConfig;
    byConfig.reserve(nodes.size());
    for (long i = 0; i < count; ++i)
        byConfig.add(nodes[static_cast<std::size_t>(i)].config(), i);
    auto compatible = [&](const Node& from, const Node& to) {
        const auto& a = from.moduleSteps;
        const auto& b = to.moduleSteps;
        for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
            if (a[i].first != b[i].first)
                return true;
            if (a[i].second != b[i].second)
                return false;
        }
        return true;
    };
    auto resolve = [&](long from, const Ref& r) {
        std::vector<long> out;
        const Node& src = nodes[static_cast<std::size_t>(from)];
        const std::string target = stripInstanceKeys(r.target);
        // A target in one instance of a module (`module.svc["orders"].aws_instance.app`, as a plan's
        // configuration names it through the module's output): the nodes in that instance alone.
        std::vector<std::pair<std::string, std::string>> keyedSteps;
        if (target.size() != r.target.size()) {
            if (auto a = parseAddress(r.target))
                keyedSteps = std::move(a->modules);
            else if (auto steps = parseModulePath(r.target))
                keyedSteps = std::move(*steps);
        }
        auto inInstance = [&](const Node& x) {
            for (std::size_t i = 0; i < keyedSteps.size() && i < x.moduleSteps.size(); ++i)
                if (!keyedSteps[i].second.empty() && keyedSteps[i].second != x.moduleSteps[i].second)
                    return false;
            return true;
        };
        if (byConfig.forEach(target, [&](long x) {
                if (compatible(src, nodes[static_cast<std::size_t>(x)]) &&
                    inInstance(nodes[static_cast<std::size_t>(x)]))
                    out.push_back(x);
            })) {
            if (!r.index.empty()) {
                std::vector<long> exact;
                for (long x : out)
                    if (nodes[static_cast<std::size_t>(x)].inst.index == r.index)
                        exact.push_back(x);
                if (!exact.empty())
                    out = std::move(exact);
            }
            return out;
        }
        if (target.rfind("module.", 0) == 0 && parseModulePath(target)) {
            const std::string prefix = target + ".";
            for (long i = 0; i < count; ++i) {
                const Node& m = nodes[static_cast<std::size_t>(i)];
                if (!m.synthetic && m.config().starts_with(prefix) && compatible(src, m) && inInstance(m))
                    out.push_back(i);
            }
        }
        return out;
    };

    // ---- folding ----
    std::unordered_map<std::string, std::vector<long>> byName; // "type\nname" → nodes
    for (std::size_t i = 0; i < typeAndName.size(); ++i)
        if (!typeAndName[i].empty())
            byName[std::move(typeAndName[i])].push_back(static_cast<long>(i));
    std::vector<std::string>().swap(typeAndName);
    std::vector<long> directHost(static_cast<std::size_t>(count), -1);
    for (long i = 0; i < count; ++i) {
        Node& n = nodes[static_cast<std::size_t>(i)];
        if (!n.fold || n.role != Role::System)
            continue;
        long host = -1;
        auto typeOk = [&](long h) {
            if (h < 0 || h == i)
                return false;
            const auto& types = n.fold->hostTypes;
            return types.empty() || std::find(types.begin(), types.end(),
                                              nodes[static_cast<std::size_t>(h)].inst.type) != types.end();
        };
        if (!build.configLevel) {
            for (const auto& attr : n.fold->hostAttributes) {
                const std::string v = topString(n, attr);
                if (v.empty())
                    continue;
                long h = lookup(v, i);
                if (!typeOk(h) && !n.fold->hostTypes.empty()) {
                    h = -1;
                    std::vector<long> named;
                    for (const auto& t : n.fold->hostTypes)
                        if (const auto it = byName.find(t + "\n" + v); it != byName.end())
                            named.insert(named.end(), it->second.begin(), it->second.end());
                    if (named.size() == 1)
                        h = named[0];
                }
                if (typeOk(h)) {
                    host = h;
                    break;
                }
            }
        }
        if (host < 0 && !n.fold->grantAttributes.empty()) {
            // Who is granted: the one system its references name besides what it grants access to.
            std::set<long> granted;
            if (!build.configLevel)
                for (const auto& attr : n.fold->grantAttributes)
                    if (const std::string v = topString(n, attr); !v.empty())
                        if (const long g = lookup(v, i); g >= 0)
                            granted.insert(g);
            std::set<long> candidates;
            for (const auto& r : n.inst.refs)
                for (long t : resolve(i, r))
                    if (t != i && !granted.count(t) &&
                        nodes[static_cast<std::size_t>(t)].role != Role::Plumbing)
                        candidates.insert(t);
            if (candidates.size() == 1)
                host = *candidates.begin();
            // Granted to no one the file has (a group's object id, a member by name): the scope's own.
            else if (candidates.empty() && granted.size() == 1 &&
                     nodes[static_cast<std::size_t>(*granted.begin())].role != Role::Plumbing)
                host = *granted.begin();
        }
        if (host < 0 && !n.fold->hostTypes.empty()) {
            std::set<long> candidates;
            for (const auto& r : n.inst.refs)
                for (long t : resolve(i, r))
                    if (typeOk(t))
                        candidates.insert(t);
            if (candidates.size() == 1)
                host = *candidates.begin();
        }
        directHost[static_cast<std::size_t>(i)] = host;
    }
    for (long i = 0; i < count; ++i) {
        Node& n = nodes[static_cast<std::size_t>(i)];
        if (!n.fold || n.role != Role::System)
            continue;
        long h = directHost[static_cast<std::size_t>(i)];
        for (int depth = 0; h >= 0 && depth < 16 && directHost[static_cast<std::size_t>(h)] >= 0; ++depth)
            h = directHost[static_cast<std::size_t>(h)];
        if (h >= 0 && h != i && directHost[static_cast<std::size_t>(h)] < 0 &&
            (nodes[static_cast<std::size_t>(h)].role == Role::System ||
             nodes[static_cast<std::size_t>(h)].role == Role::Reference)) {
            n.role = Role::Folded;
            n.host = h;
        } else if (h < 0 && n.fold->plumbingWithoutHost) {
            n.role = Role::Plumbing;
        }
    }
    // A node's system: itself, its home, or none (plumbing).
    auto rep = [&](long i) -> long {
        for (int depth = 0; i >= 0 && depth < 32; ++depth) {
            const Node& n = nodes[static_cast<std::size_t>(i)];
            if (n.role == Role::System || n.role == Role::Reference)
                return i;
            if (n.role == Role::Plumbing)
                return -1;
            i = n.host;
        }
        return -1;
    };

    // ---- data sources that read a resource of this very file are that resource ----
    for (long i = 0; i < count; ++i) {
        Node& n = nodes[static_cast<std::size_t>(i)];
        if (n.role != Role::Reference)
            continue;
        for (const auto& v : n.ids) {
            const long h = lookup(v, i);
            if (h >= 0 && !nodes[static_cast<std::size_t>(h)].inst.data) {
                const long r = rep(h);
                if (r >= 0 && r != i) {
                    n.role = Role::Alias;
                    n.host = r;
                    break;
                }
            }
        }
    }

    // ---- terraform_remote_state outputs: references carrying the other state's ids ----
    struct Contains {
        long owner, output;
        std::string name;
    };
    std::vector<Contains> containsOutput;
    for (long i = 0; i < count; ++i) { // appends to `nodes`, which has room: `ds` stays valid
        const Node& ds = nodes[static_cast<std::size_t>(i)];
        if (ds.inst.type != "terraform_remote_state" || ds.role != Role::Reference)
            continue;
        json kept;
        const json& attrs = topAttributes(ds.inst, kept);
        if (!attrs.is_object() || !attrs.contains("outputs") || !attrs["outputs"].is_object())
            continue;
        const json& outputs = attrs["outputs"];
        std::set<std::string> seenValues;
        std::size_t made = 0;
        for (auto it = outputs.begin(); it != outputs.end() && made < kMostOutputs; ++it) {
            // The strings of the output, each with its place in it ("", "[1]", ".apps.orders") and the key
            // it is under; none where it holds more than kMostOutputValues (a list of CIDR blocks, say).
            struct Value {
                std::string suffix, key, value;
            };
            std::vector<Value> values;
            bool tooMany = false;
            auto walk = [&](auto& self, const json& v, const std::string& suffix, const std::string& key,
                            int depth) -> void {
                if (tooMany || depth > 4)
                    return;
                if (v.is_string()) {
                    tooMany = values.size() == kMostOutputValues;
                    if (!tooMany)
                        values.push_back({suffix, key, v.get<std::string>()});
                } else if (v.is_array()) {
                    for (std::size_t k = 0; k < v.size(); ++k)
                        self(self, v[k], suffix + "[" + std::to_string(k) + "]", key, depth + 1);
                } else if (v.is_object()) {
                    for (auto m = v.begin(); m != v.end(); ++m)
                        if (!isSecretKey(m.key()))
                            self(self, m.value(), suffix + "." + m.key(), m.key(), depth + 1);
                }
            };
            walk(walk, it.value(), "", it.key(), 0);
            if (tooMany)
                values.clear();
            for (const auto& [suffix, key, v] : values) {
                if (pathSensitive(ds, {"outputs", it.key()}) || isSecretKey(it.key()) || looksLikeSecret(v) ||
                    !isOutputId(v) || !safeValue(key, v) || !seenValues.insert(v).second)
                    continue;
                // The same thing managed in this file: no reference needed.
                if (byId.contains(v))
                    continue;
                assert(nodes.size() < nodes.capacity());
                Node& o = nodes.emplace_back();
                o.synthetic = true;
                o.inst.module = ds.inst.module;
                o.inst.data = true;
                o.inst.type = ds.inst.type;
                o.inst.name = ds.inst.name;
                o.inst.provider = ds.inst.provider;
                o.opaque = ds.opaque;
                o.moduleSteps = ds.moduleSteps;
                o.address = ds.address + ".outputs." + it.key() + suffix;
                o.setConfig(std::string(ds.config()));
                o.output = std::make_unique<SyntheticOutput>(
                    SyntheticOutput{ds.inst.name + "." + it.key() + suffix, kindForName(key)});
                o.owner = i;
                o.role = Role::Reference;
                o.ids.push_back(v);
                const long index = static_cast<long>(nodes.size()) - 1;
                containsOutput.push_back({i, index, it.key() + suffix});
                byId.add(o.ids.back(), index);
                ++made;
            }
        }
    }
    const long total = static_cast<long>(nodes.size());

    // ---- raw edges ----
    // A deque: a large state has tens of thousands, and a vector growing by doubling held its old and its
    // new buffer at once, the import's peak.
    // Those of each node are found from it alone (reading what is built above), so on two threads when
    // there are many, each taking half the nodes into edges of its own, appended in order: the same list.
    // The attribute matching walks at most kWalkBudget values in all and kNodeWalkBudget per node (at most
    // what is left); where the halves together walked so many that a node could have had less than
    // kNodeWalkBudget left, they are made again in one go, as the budget would have had it.
    const std::size_t kWalkBudget = walkBudget;
    constexpr std::size_t kNodeWalkBudget = 50000;
    struct ForeignEdge {
        long from;
        std::string id, evidence, kind; // the CloudResource's id
    };
    // A node naming more resources than this that no resource of the state is (a generated policy, a
    // hostile document) has placeholders for the first ones only, and the import says so.
    constexpr std::size_t kMostForeignPerNode = 256;
    struct RawPart {
        std::deque<RawEdge> refs, attributes;
        std::deque<ForeignEdge> foreign;
        std::vector<std::pair<long, std::size_t>> foreignLeftOut; // node, how many resources
        std::size_t walked = 0;
    };
    auto rawEdgesOf = [&](long from, long to, RawPart& part) {
        for (long i = from; i < to; ++i) {
            const Node& n = nodes[static_cast<std::size_t>(i)];
            std::uint32_t ordinal = 0;
            for (const auto& r : n.inst.refs) {
                const std::vector<long> targets = resolve(i, r);
                ++ordinal;
                for (long t : targets)
                    if (t != i)
                        part.refs.push_back(
                            {i, t, r.evidence, r.kind, r.transitive, true, targets.size() > 1 ? ordinal : 0});
            }
        }
        if (build.configLevel)
            return;
        for (long i = from; i < to; ++i) {
            const Node& n = nodes[static_cast<std::size_t>(i)];
            std::size_t nodeBudget =
                std::min(kWalkBudget - std::min(kWalkBudget, part.walked), kNodeWalkBudget);
            const std::size_t before = nodeBudget;
            std::set<std::pair<long, std::string>> seen;
            std::unordered_set<std::string> foreignIds, leftOut;
            walkValues(n, nodeBudget, [&](const Path& p, const std::string& v) {
                if (v.size() < 3 || v.size() > 2048)
                    return;
                long t = lookup(v, i);
                if (t < 0 && mayNameHostOtherwise(v)) // a URL, host:port, a host in capitals
                    if (const std::string host = hostOf(v); !host.empty() && host != v)
                        t = lookup(host, i);
                // An ARN of a part of a resource, or of a pattern within one (a policy's `bucket/*`).
                if (t < 0 && v.starts_with("arn:"))
                    if (const std::string whole = resourceArn(v); !whole.empty() && whole != v)
                        t = lookup(whole, i);
                // A resource no resource of this state is: a placeholder, which joins it where it is
                // imported.
                std::optional<CloudResource> foreign;
                if (t < 0 && !byId.contains(v) && (foreign = cloudResourceNamed(v)) &&
                    (byId.contains(foreign->id) || !safeIdentifier(foreign->id)))
                    foreign.reset();
                if ((t < 0 && !foreign) || t == i ||
                    (t >= 0 && nodes[static_cast<std::size_t>(t)].owner == i))
                    return;
                const std::string ev = evidencePath(p);
                if (!isDistinctiveId(v) && !idLikeKey(ev))
                    return;
                // What an IAM policy statement allows on a resource, where its actions say.
                std::string kind = !p.empty() && isAccessStep(p.back()) && p.back().size() > 1
                                       ? p.back().substr(1)
                                       : kindForAttribute(ev);
                if (foreign) {
                    if (foreignIds.size() >= kMostForeignPerNode && !foreignIds.count(foreign->id)) {
                        leftOut.insert(foreign->id);
                        return;
                    }
                    foreignIds.insert(foreign->id);
                    part.foreign.push_back({i, std::move(foreign->id), ev, std::move(kind)});
                } else if (seen.insert({t, ev}).second)
                    part.attributes.push_back({i, t, ev, std::move(kind), false, false});
            });
            part.walked += before - nodeBudget;
            if (!leftOut.empty())
                part.foreignLeftOut.emplace_back(i, leftOut.size());
        }
    };
    std::array<RawPart, 2> parts;
    inTwoHalves(static_cast<std::size_t>(count), twoThreadsFrom, [&](std::size_t from, std::size_t to) {
        rawEdgesOf(static_cast<long>(from), static_cast<long>(to), parts[from == 0 ? 0 : 1]);
    });
    // (A second half that walked nothing had nothing to walk: the budget made no difference to it.)
    if (parts[1].walked > 0 && parts[0].walked + parts[1].walked + kNodeWalkBudget > kWalkBudget) {
        parts = {};
        rawEdgesOf(0, count, parts[0]);
    }
    std::deque<RawEdge> raw;
    auto take = [&](std::deque<RawEdge>& from) { // what is taken is freed as it goes
        for (; !from.empty(); from.pop_front())
            raw.push_back(std::move(from.front()));
    };
    take(parts[0].refs);
    take(parts[1].refs);
    for (const auto& c : containsOutput)
        raw.push_back({c.owner, c.output, "output " + c.name, "contains", false, false});
    take(parts[0].attributes);
    take(parts[1].attributes);
    for (const auto& part : parts)
        for (const auto& [i, more] : part.foreignLeftOut)
            d.warnings.push_back(nodes[static_cast<std::size_t>(i)].address + " names " +
                                 std::to_string(kMostForeignPerNode + more) +
                                 " resources that no resource of this state is: the first " +
                                 std::to_string(kMostForeignPerNode) + " are placeholders, the other " +
                                 std::to_string(more) + " left out");
    // Each resource of another configuration that values name once (its id), in the order named.
    std::vector<std::string> foreign;
    std::unordered_map<std::string, std::size_t> foreignIndex; // id -> in `foreign`
    for (const auto& part : parts)
        for (const auto& f : part.foreign)
            if (foreignIndex.try_emplace(f.id, foreign.size()).second)
                foreign.push_back(f.id);

    for (auto& n : nodes) // the attribute matching is done: the walked values are not read again
        n.inst.walked.release();
    keepNamedInstances(raw);
    const bool large = nodes.size() >= twoThreadsFrom; // (a purge costs a few tenths of a millisecond)
    if (large)
        giveBackFreedPagesNow(); // the walked values, freed in the readers' arenas (FreedPages.h)

    // ---- transitive reduction of the dependency lists, at config-address level ----
    {
        absl::flat_hash_map<std::string_view, std::size_t> cfgIndex;
        auto cfg = [&](long i) {
            return cfgIndex.try_emplace(nodes[static_cast<std::size_t>(i)].config(), cfgIndex.size())
                .first->second;
        };
        std::unordered_map<std::uint64_t, std::size_t> pairIndex; // (from << 32 | to) -> index in `pairs`
        pairIndex.reserve(raw.size());
        std::vector<std::pair<std::size_t, std::size_t>> pairs;
        std::vector<bool> onlyTransitive; // has transitive edges
        std::vector<std::size_t> edgePair(raw.size(), std::size_t(-1));
        for (std::size_t e = 0; e < raw.size(); ++e) {
            if (!raw[e].listed)
                continue;
            const auto key = std::make_pair(cfg(raw[e].from), cfg(raw[e].to));
            auto [it, fresh] = pairIndex.emplace(std::uint64_t(key.first) << 32 | key.second, pairs.size());
            if (fresh) {
                pairs.push_back(key);
                onlyTransitive.push_back(false);
            }
            if (raw[e].transitive)
                onlyTransitive[it->second] = true; // this pair has list edges that may be implied
            edgePair[e] = it->second;
        }
        bool complete = true, cyclic = false;
        const auto implied = impliedEdges(cfgIndex.size(), pairs, onlyTransitive, complete, &cyclic);
        if (cyclic)
            d.warnings.push_back("the dependency lists form a cycle, which Terraform never writes; they are "
                                 "kept as listed, without removing implied dependencies");
        else if (!complete)
            d.warnings.push_back("the dependency lists are too large to simplify completely; some implied "
                                 "(transitive) dependencies are kept");
        std::size_t kept = 0; // the edges that stay, moved up in place
        for (std::size_t e = 0; e < raw.size(); ++e) {
            if (edgePair[e] != std::size_t(-1) && raw[e].transitive && implied[edgePair[e]])
                continue;
            if (kept != e)
                raw[kept] = std::move(raw[e]);
            ++kept;
        }
        raw.erase(raw.begin() + static_cast<std::ptrdiff_t>(kept), raw.end());
    }

    // ---- edges between systems: folded → home, re-linked across plumbing ----
    std::vector<std::vector<std::size_t>> outOf(static_cast<std::size_t>(total));
    for (std::size_t e = 0; e < raw.size(); ++e)
        outOf[static_cast<std::size_t>(raw[e].from)].push_back(e);
    struct Out {
        long from, to;
        std::vector<std::string> evidence;
        std::string kind;
    };
    std::vector<Out> outs;
    std::map<std::pair<long, long>, std::size_t> outIndex;
    auto addOut = [&](long f, long t, const std::string& evidence, const std::string& kind) {
        if (f < 0 || t < 0 || f == t)
            return;
        auto [it, fresh] = outIndex.emplace(std::make_pair(f, t), outs.size());
        if (fresh)
            outs.push_back({f, t, {}, kind});
        Out& o = outs[it->second];
        if (o.kind == "depends-on" && kind != "depends-on")
            o.kind = kind;
        if (o.evidence.size() < 4 &&
            std::find(o.evidence.begin(), o.evidence.end(), evidence) == o.evidence.end())
            o.evidence.push_back(evidence);
    };
    // What an edge's evidence adds where its node folded into its system: the node's address.
    auto foldedVia = [&](long from) {
        const Node& src = nodes[static_cast<std::size_t>(from)];
        return src.role == Role::Folded ? " (" + src.address + ")" : std::string();
    };
    std::size_t relinkBudget = std::size_t(5) * 1000 * 1000;
    for (const auto& e : raw) {
        const long f = rep(e.from);
        if (f < 0)
            continue;
        const std::string via = foldedVia(e.from);
        const long t = rep(e.to);
        if (t >= 0) {
            addOut(f, t, e.evidence + via, e.kind);
            continue;
        }
        // Through plumbing: its own edges lead on.
        std::vector<long> queue = {e.to};
        std::unordered_set<long> visited = {e.to};
        for (std::size_t q = 0; q < queue.size() && relinkBudget > 0; ++q) {
            for (std::size_t oe : outOf[static_cast<std::size_t>(queue[q])]) {
                if (--relinkBudget == 0)
                    break;
                const long next = raw[oe].to;
                const long r = rep(next);
                if (r >= 0)
                    addOut(f, r, e.evidence + via + " via " + nodes[static_cast<std::size_t>(e.to)].address,
                           e.kind);
                else if (visited.insert(next).second)
                    queue.push_back(next);
            }
        }
    }

    // Those to resources of other configurations: their placeholders are after the nodes.
    std::vector<char> foreignNamed(foreign.size(), 0);
    for (auto& part : parts) {
        for (const auto& e : part.foreign)
            if (const long f = rep(e.from); f >= 0) {
                const std::size_t k = foreignIndex.at(e.id);
                addOut(f, total + static_cast<long>(k), e.evidence + foldedVia(e.from), e.kind);
                foreignNamed[k] = 1;
            }
        std::deque<ForeignEdge>().swap(part.foreign);
    }

    d.edges.reserve(outs.size());
    for (const auto& o : outs) {
        DiscoveredEdge e;
        e.from = "tf:" + nodes[static_cast<std::size_t>(o.from)].address;
        e.to = "tf:" + (o.to >= total ? foreign[static_cast<std::size_t>(o.to - total)]
                                      : nodes[static_cast<std::size_t>(o.to)].address);
        e.kind = o.kind;
        for (const auto& ev : o.evidence)
            e.evidence += (e.evidence.empty() ? "" : "; ") + ev;
        d.edges.push_back(std::move(e));
    }
    // The edges are made: what led to them goes before the systems' facts are made (on a large state
    // the peak of the import is at the end of those).
    std::deque<RawEdge>().swap(raw);
    std::vector<std::vector<std::size_t>>().swap(outOf);
    std::vector<Out>().swap(outs);
    outIndex.clear();
    for (auto& n : nodes)
        std::vector<Ref>().swap(n.inst.refs);
    if (large)
        giveBackFreedPagesNow();

    // ---- systems ----
    std::vector<long> sysNodes;
    sysNodes.reserve(nodes.size());
    for (long i = 0; i < total; ++i) {
        Node& n = nodes[static_cast<std::size_t>(i)];
        if (n.role == Role::Folded) {
            const long h = rep(i);
            if (h >= 0) {
                nodes[static_cast<std::size_t>(h)].folded += 1;
                nodes[static_cast<std::size_t>(h)].foldedNodes.push_back(i);
            }
            n.inst.dropAttributes(); // of a folded node only its ids are read below
        } else if (n.role == Role::Plumbing || n.role == Role::Alias) {
            ++d.skipped;
            n.inst.dropAttributes();
        } else {
            sysNodes.push_back(i);
        }
    }
    // Each system is made from its node alone (and the ids of what folded into it), so they are made on
    // two threads when there are many: the node's facts written as text, its name and its identifiers.
    std::vector<DiscoveredSystem> systems;
    systems.reserve(sysNodes.size());
    adviseHugePages(systems);
    systems.resize(sysNodes.size());
    auto makeSystem = [&](long i, DiscoveredSystem& s) {
        Node& n = nodes[static_cast<std::size_t>(i)];
        const Instance& in = n.inst;
        s.key = "tf:" + n.address;
        s.address = n.address;
        s.group = in.module;
        s.provider = in.provider.empty() ? providerShortName("", in.type) : in.provider;
        s.reference = n.role == Role::Reference;
        s.folded = n.folded;
        if (n.synthetic) {
            s.name = n.output->name;
            s.kind = n.output->kind;
            s.attributes = json{{"tf_type", in.type}, {"tf_mode", "data"}, {"remote_state_output", true}};
        } else {
            s.kind = n.kind;
            // The facts' text written directly where it can be, else their document made first; the
            // strings of the naming facts (kNamingFacts) from either.
            std::optional<FactsText> direct = factsText(n, s.kind);
            if (!direct) {
                s.attributes = factsOf(n, s.kind);
                direct.emplace();
                for (std::size_t k = 0; k < kNamingFacts.size(); ++k)
                    if (const auto f = s.attributes.find(kNamingFacts[k]);
                        f != s.attributes.end() && f->is_string())
                        direct->naming[k] = f->get<std::string>();
                // Held as text until the commit writes it: a third of a document's memory, and the
                // import holds every system's facts at once (its peak is when the last system is made).
                s.attributes = heldAsText(std::move(s.attributes));
            } else {
                s.attributes = holdText(direct->text);
            }
            const auto& naming = direct->naming; // tags.Name, tags.name, its own name, then the environment's
            std::string name;
            if (!n.opaque && !build.configLevel) {
                for (std::size_t k : {0, 1})
                    if (naming[k])
                        name = *naming[k];
                if (const std::size_t own = resourceNameFact(in.type); name.empty() && naming[own])
                    name = *naming[own];
                if (name.empty() && naming[2])
                    name = *naming[2];
            }
            s.name = !name.empty() && name.size() <= 128 ? name : n.address;
            for (std::size_t k = kFirstEnvironmentFact; k < kNamingFacts.size(); ++k)
                if (s.environment.empty() && naming[k])
                    s.environment = normaliseEnvironment(*naming[k]);
        }
        // Identifiers: distinctive ids of the node and of what folded into it, DNS names and IPs.
        auto addIdent = [&](const std::string& v) {
            if (!safeIdentifier(v))
                return;
            if (std::find(s.identifiers.begin(), s.identifiers.end(), v) == s.identifiers.end())
                s.identifiers.push_back(v);
        };
        if (!n.opaque) {
            for (const auto& v : n.ids)
                if (isDistinctiveId(v))
                    addIdent(v);
            for (long f : n.foldedNodes)
                for (const auto& v : nodes[static_cast<std::size_t>(f)].ids)
                    if (isDistinctiveId(v) && v.rfind("arn:", 0) == 0)
                        addIdent(v);
            if (!n.synthetic && !build.configLevel && s.kind != "secret-store")
                for (const auto& v : n.hosts)
                    addIdent(v);
            std::vector<std::string>().swap(n.hosts); // read for the last time (the attribute walk is done)
        }
        for (const auto& v : in.identifiers)
            addIdent(v);
        n.inst.dropAttributes(); // read for the last time: its memory serves the next systems
    };
    inTwoHalves(sysNodes.size(), twoThreadsFrom, [&](std::size_t from, std::size_t to) {
        for (std::size_t k = from; k < to; ++k)
            makeSystem(sysNodes[k], systems[k]);
    });
    std::unordered_map<std::string_view, int> identifierUse; // views of the systems' identifiers: the
    identifierUse.reserve(2 * sysNodes.size());              // systems are never moved again
    for (const auto& s : systems)
        for (const auto& v : s.identifiers)
            ++identifierUse[v];
    // An identifier two systems of this file share names neither reliably. Decided for all before any
    // is erased (erasing moves the strings that the counts' keys view).
    // A system's key is "tf:" and its address: only an identifier that starts so can be one, and the
    // keys are indexed only when there is such an identifier.
    std::unordered_set<std::string_view> keys;
    auto isKey = [&](std::string_view v) {
        if (!v.starts_with("tf:"))
            return false;
        if (keys.empty())
            for (const auto& s : systems)
                keys.insert(s.key);
        return keys.count(v) > 0;
    };
    std::vector<char> shared;
    for (const auto& s : systems)
        for (const auto& v : s.identifiers)
            shared.push_back(identifierUse.find(v)->second > 1 || isKey(v) ? 1 : 0);
    std::size_t at = 0;
    for (auto& s : systems)
        std::erase_if(s.identifiers, [&](const std::string&) { return shared[at++] != 0; });
    // A placeholder for each resource of another configuration (or made by hand) that a system's values
    // name: managed elsewhere, known by what names it, which the resource joins where it is imported.
    for (std::size_t k = 0; k < foreign.size(); ++k) {
        const std::optional<CloudResource> r = cloudResourceNamed(foreign[k]); // (its id names it again)
        if (!foreignNamed[k] || !r)
            continue;
        DiscoveredSystem s;
        s.key = "tf:" + r->id;
        s.address = r->id;
        s.name = r->name;
        s.kind = r->kind;
        s.provider = r->provider;
        s.reference = true;
        s.identifiers = {r->id};
        systems.push_back(std::move(s));
    }
    d.systems = std::move(systems);

    return d;
}

} // namespace terrain::tf
