#pragma once
// What a format parser finds in its input, before it meets the map: systems with stable keys,
// the identifiers by which other sources may name them, and edges between keys. Parsers are pure
// (text in, Discovery out) and never see the Project; merging a Discovery into the map is
// ImportMerge's job, which is where re-import, gone systems and annotations are handled once for all
// formats.

#include "AsciiChars.h"
#include "Entities.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace terrain {

struct DiscoveredSystem {
    std::string key; ///< stable, format-prefixed: "tf:module.db.aws_db_instance.main"
    std::string name;
    std::string kind; ///< one of systemKinds()
    std::string provider;
    std::string environment; ///< when the source says (the user's --env fills the rest)
    std::string owner;
    std::string lifecycle;
    /// Fields a person writes that a source may say too (an inventory's criticality and notes columns): they
    /// fill the system's field while it is empty, and never change one that is not (planMerge()).
    std::string criticality; ///< one of criticalities(), or empty
    std::string notes;
    std::string address; ///< native address in the source
    std::string group;   ///< module, namespace, compose project, CloudFormation stack...
    std::vector<std::string> tags;
    json attributes = json::object(); ///< safe facts only (Redaction.h); perhaps held as text (JsonText.h)
    /// Other names of the same thing: cloud ids, ARNs, self links, DNS names. Two systems from
    /// different sources that share one are the same system.
    std::vector<std::string> identifiers;
    bool external = false;  ///< named by the source but defined nowhere in it (flagged on the map)
    bool reference = false; ///< a data source: managed elsewhere; joins with the real one by identifier
    int folded = 0;         ///< low-level resources folded into this one
};

struct DiscoveredEdge {
    std::string from; ///< key (or identifier) of the dependent system
    std::string to;   ///< key (or identifier) of what it depends on
    std::string kind = "depends-on";
    std::string evidence;
};

struct Discovery {
    std::string format; ///< tfstate, k8s, compose, ...
    std::string file;   ///< the file it came from (for reports)
    /// Its canonical path (parseSources(); "" for a text that is no file): its import run keeps it, by which
    /// a folder's re-import finds the file of a scope that names none (ImportRun::path).
    std::string path;
    std::string scope; ///< what a re-import replaces: "tfstate:<lineage>", "compose:<project>", ...
    /// The scope a map written before file scopes had paths holds for this source ("k8s:app.yaml"), which
    /// planMerge() takes for `scope`; "" where it is `scope` (sourceScope()).
    std::string legacyScope;
    /// The sources of the map (their scopes) that this file is a newer export of, newest first: the one the
    /// user named (MergeOptions::replaces, then `earlierNamed`), or those whose paths differ from this one's
    /// only by an earlier date (inventory-2024-05.csv for inventory-2024-06.csv: DatedExports.h). planMerge()
    /// takes each for `scope`, as a legacy scope, where this file defines a system of it (always, where the
    /// user named it).
    std::vector<std::string> earlier;
    bool earlierNamed = false;
    std::string contentHash;
    /// The environment its path says (a Terraform workspace's folder, a state saved as shop-prod.tfstate),
    /// which its systems without one of their own take; "" where it says none.
    std::string environment;
    /// The name of the Terraform configuration its path says (the folder of a `terraform.tfstate`, the stem
    /// of `shop.tfstate`), or of a rendered Kustomization's folder (an overlay's: eu): the mark of its
    /// systems where another configuration's (another overlay's) have the same addresses in the same
    /// environment; "" where the path says none (planMerge() then takes the lineage's start).
    std::string configuration;
    std::vector<DiscoveredSystem> systems;
    /// A key this file's name makes ("prometheus:<file stem>", the same for every prometheus.yml), and what
    /// its path makes instead, shortest first: the key and the name ("prometheus:prod/prometheus",
    /// "Prometheus (prod/prometheus.yml)"). Where a system of another file holds the key, this one's takes
    /// the first of those no other file's holds, so that two such files are two systems (planMerge()). By
    /// key.
    struct PathKey {
        std::string key;
        std::string name;
    };
    std::map<std::string, std::vector<PathKey>> pathKeys;
    std::vector<DiscoveredEdge> edges;
    /// Facts about systems that are not systems or edges themselves (Prometheus: "monitored"),
    /// keyed by identifier or key, merged into attributes.
    std::map<std::string, json> facts;
    std::vector<std::string> warnings;
    /// Other files whose content this discovery holds as its own (a compose file's `include`), canonical
    /// paths: a folder import does not import them again on their own (parseSources()).
    std::vector<std::string> included;
    int skipped = 0; ///< resources that were not systems (providers, plumbing) and were left out
};

/// An identifier that is a pattern, not a name: a CloudFormation export whose name has a part known only
/// when the stack is deployed ("cfn-export:*-VPC", from `${AWS::StackName}-VPC`), which every stack made
/// from the template exports. It joins no systems; a dependency on it is on the one system that has it.
inline bool isExportPattern(std::string_view identifier) {
    return identifier.starts_with("cfn-export:") && identifier.find('*') != std::string_view::npos;
}

/// A Kubernetes Service's selector that no workload of its import meets, as the target of its edge:
/// "k8s-selector:<namespace>/<key>=<value>,..." (keys in order). planMerge() makes it a dependency on each
/// workload of the map in that namespace and environment whose pod labels (its "pod_labels.<key>" facts)
/// carry every one, and a workload imported later joins the map's Services whose selectors
/// ("selector.<key>" facts) it meets: a Service and its workloads imported from different files, or one of
/// them imported again alone, keep their dependency.
inline constexpr std::string_view kSelectorPrefix = "k8s-selector:";
inline bool isSelectorPattern(std::string_view target) {
    return target.starts_with(kSelectorPrefix);
}
/// "app=api,tier=web": labels (pairs of key and value, a map or a list) as a selector's pattern and its
/// dependency's evidence write them.
template <class Labels> std::string labelsText(const Labels& labels) {
    std::string out;
    for (const auto& [k, v] : labels)
        out += (out.empty() ? "" : ",") + k + "=" + v;
    return out;
}
inline std::string selectorPattern(const std::string& ns,
                                   const std::map<std::string, std::string>& selector) {
    return std::string(kSelectorPrefix) + ns + "/" + labelsText(selector);
}
/// The evidence of a Service's dependency on a workload it selects, "selector app=api", wherever it is
/// found (the parser, or the merge across imports); planMerge() knows such a dependency by it.
inline std::string selectorEvidence(const std::string& labels) {
    return "selector " + labels;
}
inline bool isSelectorEvidence(std::string_view evidence) {
    return evidence.starts_with("selector ");
}

/// Whether `id` is an AWS resource id as the AWS CLI and Terraform's state write it: lower-case words joined
/// by '-' (the kind: i, sg, subnet, tgw-attach...), a '-', then 8 or 17 lower-case hex digits
/// (i-0fedcba9876543abc, sg-0b0384b66d7d692f9, vpc-1a2b3c4d), whatever its last character.
inline bool isAwsId(std::string_view id) {
    const auto dash = id.rfind('-');
    if (dash == std::string_view::npos || dash == 0 || dash > 24)
        return false;
    const std::string_view hex = id.substr(dash + 1), kind = id.substr(0, dash);
    if (hex.size() != 8 && hex.size() != 17)
        return false;
    for (char c : hex)
        if (!isAsciiLowerHexDigit(c))
            return false;
    for (char c : kind)
        if (!((c >= 'a' && c <= 'z') || c == '-'))
            return false;
    return kind.front() != '-' && kind.back() != '-';
}

/// The label by which Backstage's Kubernetes plugin finds the objects of a catalog entity annotated with
/// the same key: `backstage.io/kubernetes-id: <id>` on both.
inline constexpr std::string_view kKubernetesIdLabel = "backstage.io/kubernetes-id";

/// The identifier that joins a catalog entity annotated with Kubernetes id `id` (BackstageParser) and the
/// placeholder for it that the objects labelled with it are part of (K8sParser), whichever is imported
/// first.
inline std::string kubernetesIdIdentifier(std::string_view id) {
    return std::string(kKubernetesIdLabel) + "=" + std::string(id);
}

/// Whether `v` can be a Kubernetes label's value: at most 63 characters of letters, digits, '-', '_' and
/// '.', beginning and ending with a letter or a digit (an empty value, valid for a label, names nothing).
inline bool isLabelValue(std::string_view v) {
    auto alnum = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    };
    if (v.empty() || v.size() > 63 || !alnum(v.front()) || !alnum(v.back()))
        return false;
    for (char c : v)
        if (!alnum(c) && c != '-' && c != '_' && c != '.')
            return false;
    return true;
}

} // namespace terrain
