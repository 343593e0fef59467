#include "K8sParser.h"

#include "CloudResources.h"
#include "Error.h"
#include "GraphAnalysis.h"
#include "HostRefs.h"
#include "Redaction.h"
#include "SourceText.h"
#include "YamlJson.h"

#include <QFileInfo>

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <set>
#include <string_view>
#include <tuple>

namespace terrain {

namespace {

constexpr const char* kKustomization =
    "a Kustomization: render it with `kubectl kustomize <folder>` and import the output";

/// Whether an apiVersion's group is Flux's (kustomize.toolkit.fluxcd.io: a Flux Kustomization is an object of
/// the cluster, which Flux reconciles, not a file of kustomize).
bool isFluxGroup(std::string_view group) {
    return group.ends_with(".toolkit.fluxcd.io");
}

/// What a file of a tool that works with clusters is, by its apiVersion and kind, and what to import instead;
/// nullopt for an object of a cluster.
std::optional<std::string> toolConfiguration(std::string_view apiVersion, std::string_view kind) {
    const std::string_view group = apiVersion.substr(0, apiVersion.find('/'));
    if (group == "kustomize.config.k8s.io" || (kind == "Kustomization" && !isFluxGroup(group)))
        return kKustomization;
    std::string what;
    if (apiVersion == "v1" && kind == "Config")
        what = "a kubeconfig (how kubectl reaches clusters)";
    else if (group == "kind.x-k8s.io")
        what = "a kind cluster's configuration";
    else if (group == "k3d.io")
        what = "a k3d cluster's configuration";
    else if (group.starts_with("skaffold"))
        what = "a Skaffold configuration";
    else if (group == "kubeadm.k8s.io")
        what = "a kubeadm configuration";
    else if (group.ends_with(".config.k8s.io"))
        what = "the configuration of a Kubernetes component (" + std::string(kind) + ")";
    else
        return std::nullopt;
    return what + "; for a cluster's objects, import its manifests or `kubectl get all -A -o yaml`";
}

// ---------------------------------------------------------------------------------------------------
// Typed access with places: every value the parser reads goes through here, so a wrongly typed field
// becomes an Error naming the document and the JSON pointer instead of a json::exception.

struct At {
    const json* j = nullptr; ///< nullptr: missing
    std::string path;        ///< JSON pointer
    int doc = -1;            ///< YAML document (1-based), -1 for JSON
};

class Reader {
public:
    explicit Reader(const std::string& file)
        : m_file(file) {}

    std::string place(const At& a) const {
        const std::string p = a.path.empty() ? "(top level)" : a.path;
        return a.doc >= 0 ? "document " + std::to_string(a.doc) + ", " + p : p;
    }
    [[noreturn]] void fail(const At& a, const std::string& expected) const {
        throw Error(m_file, place(a), "expected " + expected + (a.j ? ", found " + describeJson(*a.j) : ""));
    }
    static bool missing(const At& a) { return !a.j || a.j->is_null(); }
    static At child(const At& a, std::string_view key) {
        At c{nullptr, jsonPointer(a.path, key), a.doc};
        if (a.j && a.j->is_object())
            if (auto it = a.j->find(std::string(key)); it != a.j->end())
                c.j = &*it;
        return c;
    }
    static At item(const At& a, std::size_t i) {
        return At{&(*a.j)[i], a.path + "/" + std::to_string(i), a.doc};
    }
    /// The member `key` of the map `a`, checked to be a map (missing or null: nullptr).
    At object(const At& a, std::string_view key, const char* what) const {
        At c = child(a, key);
        if (missing(c))
            return At{nullptr, c.path, c.doc};
        if (!c.j->is_object())
            fail(c, what);
        return c;
    }
    At array(const At& a, std::string_view key, const char* what) const {
        At c = child(a, key);
        if (missing(c))
            return At{nullptr, c.path, c.doc};
        if (!c.j->is_array())
            fail(c, what);
        return c;
    }
    std::optional<std::string> string(const At& a, std::string_view key, const char* what) const {
        At c = child(a, key);
        if (missing(c))
            return std::nullopt;
        if (!c.j->is_string())
            fail(c, what);
        return c.j->get<std::string>();
    }
    /// A scalar as text (labels and env values are sometimes numbers or booleans in YAML).
    std::optional<std::string> scalar(const At& c, const char* what) const {
        if (missing(c))
            return std::nullopt;
        if (c.j->is_string())
            return c.j->get<std::string>();
        if (c.j->is_number() || c.j->is_boolean())
            return c.j->dump();
        fail(c, what);
    }
    std::optional<std::string> scalar(const At& a, std::string_view key, const char* what) const {
        return scalar(child(a, key), what);
    }
    /// A map of scalars (labels, selectors).
    std::map<std::string, std::string> stringMap(const At& a, std::string_view key, const char* what) const {
        std::map<std::string, std::string> out;
        const At m = object(a, key, what);
        if (!m.j)
            return out;
        for (auto it = m.j->begin(); it != m.j->end(); ++it)
            out[it.key()] = scalar(child(m, it.key()), what).value_or("");
        return out;
    }
    /// Calls f for each map in the list `key` (missing: no call).
    void eachObject(const At& a, std::string_view key, const char* what,
                    const std::function<void(const At&)>& f) const {
        const At list = array(a, key, what);
        if (!list.j)
            return;
        for (std::size_t i = 0; i < list.j->size(); ++i) {
            const At e = item(list, i);
            if (!e.j->is_object())
                fail(e, what);
            f(e);
        }
    }

private:
    const std::string& m_file;
};

// ---------------------------------------------------------------------------------------------------

const std::set<std::string, std::less<>> kWorkloadKinds = {
    "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",       "ReplicationController",
    "Job",        "CronJob",     "Pod",       "DeploymentConfig", "Rollout"};

/// Gateway API routes (gateway.networking.k8s.io): configuration of the Gateways they attach to.
const std::set<std::string, std::less<>> kRouteKinds = {"HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute",
                                                        "UDPRoute"};

const std::set<std::string, std::less<>> kClusterScoped = {"Namespace",
                                                           "Node",
                                                           "PersistentVolume",
                                                           "StorageClass",
                                                           "ClusterRole",
                                                           "ClusterRoleBinding",
                                                           "CustomResourceDefinition",
                                                           "IngressClass",
                                                           "PriorityClass",
                                                           "RuntimeClass",
                                                           "APIService",
                                                           "MutatingWebhookConfiguration",
                                                           "ValidatingWebhookConfiguration",
                                                           "CSIDriver",
                                                           "CSINode",
                                                           "VolumeAttachment",
                                                           "CertificateSigningRequest",
                                                           "PodSecurityPolicy",
                                                           "ComponentStatus",
                                                           "ClusterIssuer"};

// Kinds that are plumbing: counted as skipped, without a warning.
const std::set<std::string, std::less<>> kPlumbing = {"Namespace",
                                                      "ServiceAccount",
                                                      "Role",
                                                      "RoleBinding",
                                                      "ClusterRole",
                                                      "ClusterRoleBinding",
                                                      "NetworkPolicy",
                                                      "PodDisruptionBudget",
                                                      "Endpoints",
                                                      "EndpointSlice",
                                                      "Event",
                                                      "Node",
                                                      "PersistentVolume",
                                                      "StorageClass",
                                                      "LimitRange",
                                                      "ResourceQuota",
                                                      "PriorityClass",
                                                      "CustomResourceDefinition",
                                                      "MutatingWebhookConfiguration",
                                                      "ValidatingWebhookConfiguration",
                                                      "APIService",
                                                      "IngressClass",
                                                      "Lease",
                                                      "ControllerRevision",
                                                      "PodSecurityPolicy",
                                                      "CSIDriver",
                                                      "CSINode",
                                                      "VolumeAttachment",
                                                      "ComponentStatus",
                                                      "PodTemplate",
                                                      "CertificateSigningRequest",
                                                      "RuntimeClass",
                                                      "ServiceMonitor",
                                                      "PodMonitor",
                                                      "PrometheusRule",
                                                      "VerticalPodAutoscaler",
                                                      "HorizontalPodAutoscaler"};

struct Object {
    At at;
    std::string apiVersion, kind, ns, name, uid;
    std::map<std::string, std::string> labels;
    std::string key;
};

/// Whether a helm.sh/hook annotation ("test", "pre-install,post-upgrade", ...) names a test hook ("test",
/// or Helm 2's "test-success" and "test-failure").
bool isHelmTestHook(std::string_view hooks) {
    while (!hooks.empty()) {
        const std::size_t comma = hooks.find(',');
        std::string_view h = hooks.substr(0, comma);
        while (!h.empty() && h.front() == ' ')
            h.remove_prefix(1);
        while (!h.empty() && h.back() == ' ')
            h.remove_suffix(1);
        if (h == "test" || h == "test-success" || h == "test-failure")
            return true;
        hooks = comma == std::string_view::npos ? std::string_view() : hooks.substr(comma + 1);
    }
    return false;
}

/// A ConfigMap's or Secret's name without the suffix kustomize's generators add: "-" and ten characters of
/// a hash of the content, in the alphabet kustomize writes it with (no vowels, no 0, 1 or 3), as in
/// "api-config-25h67kmf9g". The suffix changes with every change of the content; the object is the same.
std::string_view withoutGeneratorHash(std::string_view name) {
    constexpr std::size_t kHash = 10;
    if (name.size() < kHash + 2 || name[name.size() - kHash - 1] != '-')
        return name;
    const std::string_view hash = name.substr(name.size() - kHash);
    const bool generated = std::all_of(hash.begin(), hash.end(), [](char c) {
        return std::string_view("2456789bcdfghkmt").find(c) != std::string_view::npos;
    });
    return generated ? name.substr(0, name.size() - kHash - 1) : name;
}

/// An object's name as the map shows it: a generated ConfigMap's or Secret's without its hash suffix, which
/// changes with its content (and, of a Secret, would let its values be guessed and checked).
std::string stableName(std::string_view kind, const std::string& name) {
    return kind == "ConfigMap" || kind == "Secret" ? std::string(withoutGeneratorHash(name)) : name;
}

/// The key of an object: its kind, namespace and name; a generated ConfigMap or Secret keeps its key when
/// its content, and so its name, changes.
std::string objectKey(const std::string& kind, const std::string& ns, const std::string& name) {
    return "k8s:" + kind + "/" + (ns.empty() ? "" : ns + "/") + stableName(kind, name);
}

std::string address(const std::string& kind, const std::string& ns, const std::string& name) {
    return kind + "/" + (ns.empty() ? "" : ns + "/") + stableName(kind, name);
}

/// The environment a namespace's name says (shop-prod, staging, uat, dev-eu): its word of the shared
/// environment words (environmentWords()), named as environmentWord() names it (prod is production, stg
/// staging, dev development; uat, qa, preprod as written). "pre-prod" is preprod, its own environment; a
/// word after "non" or "not" (non-prod, not-prod-dev) is what the namespace is not. None where no word, or
/// two of two environments, say one.
std::string environmentOf(const std::string& ns) {
    std::vector<std::string> tokens;
    std::string cur;
    for (char c : asciiLower(ns) + "-") {
        if (c == '-' || c == '_' || c == '.') {
            if (!cur.empty())
                tokens.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    const auto& words = environmentWords();
    auto isWord = [&](const std::string& t) {
        return std::find(words.begin(), words.end(), t) != words.end();
    };
    std::string found;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        std::string t = tokens[i];
        if (t == "non" || t == "not") {
            ++i;
            continue;
        }
        if (t == "pre" && i + 1 < tokens.size() && isWord(tokens[i + 1]) &&
            environmentWord(tokens[i + 1]) == "production") {
            t = "preprod";
            ++i;
        }
        if (!isWord(t))
            continue;
        const std::string environment = environmentWord(t);
        if (!found.empty() && found != environment)
            return {};
        found = environment;
    }
    return found;
}

bool containsHelm(std::string_view s) {
    for (std::string_view w : {".Values", ".Release", ".Chart", "include ", "template ", "{{-", "-}}"})
        if (s.find(w) != std::string_view::npos)
            return true;
    return false;
}

/// The line and column of Helm template syntax outside YAML block scalars, or nothing.
std::optional<std::string> helmTemplateAt(const std::string& text) {
    std::size_t pos = 0;
    int line = 0;
    int blockIndent = -1; // inside a block scalar started at this indentation
    while (pos < text.size()) {
        ++line;
        auto nl = text.find('\n', pos);
        if (nl == std::string::npos)
            nl = text.size();
        std::string_view l(text.data() + pos, nl - pos);
        pos = nl + 1;
        if (!l.empty() && l.back() == '\r')
            l.remove_suffix(1);
        const auto first = l.find_first_not_of(' ');
        if (first == std::string_view::npos)
            continue;
        const int indent = static_cast<int>(first);
        if (blockIndent >= 0) {
            if (indent > blockIndent)
                continue;
            blockIndent = -1;
        }
        std::string_view t = l.substr(first);
        if (t.front() == '#')
            continue;
        auto at = [&](std::size_t col) {
            return "line " + std::to_string(line) + ", column " + std::to_string(first + col + 1);
        };
        if (t.substr(0, 2) == "{{")
            return at(0);
        for (std::string_view lead : {": {{", "- {{"})
            if (auto p = t.find(lead); p != std::string_view::npos)
                return at(p + 2);
        for (std::string_view lead : {": \"{{", ": '{{", "- \"{{", "- '{{"})
            if (auto p = t.find(lead); p != std::string_view::npos && containsHelm(t.substr(p)))
                return at(p + 2);
        // A block scalar starts: `key: |`, `- >-`, `key: |2`.
        std::string_view tail = t;
        if (const auto hash = tail.find(" #"); hash != std::string_view::npos)
            tail = tail.substr(0, hash);
        while (!tail.empty() && tail.back() == ' ')
            tail.remove_suffix(1);
        const auto space = tail.find_last_of(' ');
        const std::string_view last = space == std::string_view::npos ? tail : tail.substr(space + 1);
        if (!last.empty() && (last.front() == '|' || last.front() == '>') &&
            last.find_first_not_of("|>+-0123456789") == std::string_view::npos &&
            (space != std::string_view::npos || tail == last))
            blockIndent = indent;
    }
    return std::nullopt;
}

struct Workload {
    std::string key, kind, ns, name;
    std::map<std::string, std::string> podLabels;
    bool scrape = false; ///< its pods are annotated prometheus.io/scrape: "true"
    At podSpec;          ///< j == nullptr: none known
    std::string root;    ///< key of the workload that owns it in the end (itself when none)
    /// A template that no longer runs: a ReplicaSet scaled to zero (a Deployment's earlier revision), a Pod
    /// that has ended. Folded into its owner, it says nothing of what the owner uses now.
    bool stale = false;
    bool synthetic = false;
    std::size_t firstObject = 0; ///< for synthetic owners: the first object that named them
};

/// Whether `labels` carry every label of `selector` with its value (a Service's selector, a matchLabels).
bool labelsMatch(const std::map<std::string, std::string>& selector,
                 const std::map<std::string, std::string>& labels) {
    return std::all_of(selector.begin(), selector.end(), [&](const auto& kv) {
        const auto l = labels.find(kv.first);
        return l != labels.end() && l->second == kv.second;
    });
}

/// A Service as a ServiceMonitor and a prometheus.io/scrape annotation see it.
struct ServiceLabels {
    std::string key, ns;
    std::map<std::string, std::string> labels, selector;
    bool scrape = false;
};

/// What the other manifests of one import define, as each manifest sees them (K8sParser::parseEach()): a
/// Service selects a Deployment of another file, a workload reads a ConfigMap of another file, an
/// autoscaler scales a workload of another file. Only looked up: each file's own parse reports its objects.
struct Neighbours {
    std::vector<Workload> workloads; ///< the workloads that own themselves, without their pod specs
    std::map<std::string, std::size_t> workloadByKey;
    std::map<std::pair<std::string, std::string>, std::string> services; ///< (ns, name) -> key
    std::set<std::pair<std::string, std::string>> podDomains;            ///< (ns, name): namesItsPods()
    std::vector<ServiceLabels> serviceLabels;
    std::map<std::pair<std::string, std::string>, At> configMaps;              ///< (ns, name) -> data
    std::map<std::string, std::string> ingressHosts;                           ///< host -> Ingress key
    std::map<std::pair<std::string, std::string>, CloudResource> accountRoles; ///< (ns, name) -> AWS role
};

class Parse {
public:
    Parse(const SourceText& src, const ParseOptions& options)
        : m_src(src)
        , m_options(options)
        , m_r(src.name) {}

    Discovery run() {
        prepare();
        return complete(nullptr);
    }

    /// The file's objects and its systems, before any edge.
    void prepare() {
        m_d.format = "k8s";
        m_d.file = m_src.name;
        m_d.scope = sourceScope("k8s", m_src.path, m_src.name);
        m_d.legacyScope = "k8s:" + m_src.name;
        m_d.contentHash = m_src.sha256;
        if (isKustomizeFile(m_src.name, m_src.text) && m_src.renderedWith.empty())
            throw Error(m_src.name, "",
                        std::string("expected Kubernetes objects, but this is ") + kKustomization);
        load();
        collect();
        resolveOwners();
        emitSystems();
    }

    /// Adds what this file defines to `n` (a definition already there is kept).
    void shareWith(Neighbours& n) const {
        for (const Workload& w : m_workloads)
            if (w.root == w.key && n.workloadByKey.emplace(w.key, n.workloads.size()).second) {
                Workload shared = w;
                shared.podSpec = At{};
                n.workloads.push_back(std::move(shared));
            }
        n.services.insert(m_services.begin(), m_services.end());
        n.podDomains.insert(m_podDomains.begin(), m_podDomains.end());
        n.serviceLabels.insert(n.serviceLabels.end(), m_serviceLabels.begin(), m_serviceLabels.end());
        n.configMaps.insert(m_configMaps.begin(), m_configMaps.end());
        n.ingressHosts.insert(m_ingressHosts.begin(), m_ingressHosts.end());
        n.accountRoles.insert(m_accountRoles.begin(), m_accountRoles.end());
    }

    /// The edges, with what the other files of the import define (`neighbours`, null: the file alone).
    Discovery complete(const Neighbours* neighbours) {
        m_neighbours = neighbours;
        serviceEdges();
        ingressEdges();
        routeEdges();
        workloadEdges();
        foldAutoscalers();
        monitoring();
        catalogEdges();
        finish();
        return std::move(m_d);
    }

private:
    // ---- input ----

    void load() {
        const std::string& text = m_src.text;
        const auto first = text.find_first_not_of(" \t\r\n");
        if (first == std::string::npos)
            throw Error(m_src.name, "", "Kubernetes objects (YAML or JSON), but the file is empty");
        if (text.compare(first, 2, "{{") == 0)
            throw Error(m_src.name, lineColumn(text, first),
                        "a rendered Kubernetes manifest, but this is a Helm template ({{ ... }}); render it "
                        "first with `helm template <release> <chart>` and import the output");
        if (text[first] == '{' || text[first] == '[') {
            m_docs.push_back(parseJsonText(text, m_src.name));
            m_json = true;
            return;
        }
        if (auto helm = helmTemplateAt(text))
            throw Error(m_src.name, *helm,
                        "a rendered Kubernetes manifest, but this is a Helm template ({{ ... }}); render it "
                        "first with `helm template <release> <chart>` and import the output");
        try {
            m_docs = loadYamlDocuments(text, m_src.name);
        } catch (const Error& e) {
            if (text.find("{{") != std::string::npos)
                throw Error(std::string(e.what()) +
                            " (this looks like a Helm template: render it first with `helm template`)");
            throw;
        }
    }

    void addObject(const At& at, int depth) {
        if (!at.j->is_object())
            m_r.fail(at, "a Kubernetes object (a map with apiVersion, kind and metadata)");
        const auto kind = m_r.string(at, "kind", "kind as a string (Deployment, Service, ...)");
        if (!kind || kind->empty())
            m_r.fail(Reader::child(at, "kind"), "kind: the object's type (Deployment, Service, ...)");
        const auto apiVersion = m_r.string(at, "apiVersion", "apiVersion as a string (v1, apps/v1, ...)");
        if (!apiVersion || apiVersion->empty())
            m_r.fail(Reader::child(at, "apiVersion"), "apiVersion (v1, apps/v1, ...)");
        if (const auto tool = toolConfiguration(*apiVersion, *kind))
            throw Error(m_src.name, m_r.place(at), "expected Kubernetes objects, but this is " + *tool);
        if (*kind == "List" ||
            (kind->size() > 4 && kind->ends_with("List") && Reader::child(at, "items").j)) {
            if (depth > 4)
                m_r.fail(at, "Lists nested at most 4 levels deep");
            const At items = m_r.array(at, "items", "items: a list of objects");
            if (items.j)
                for (std::size_t i = 0; i < items.j->size(); ++i)
                    addObject(Reader::item(items, i), depth + 1);
            return;
        }
        const At meta = m_r.object(at, "metadata", "metadata: a map with the object's name");
        if (!meta.j)
            m_r.fail(Reader::child(at, "metadata"), "metadata with the object's name");
        Object o;
        o.at = at;
        o.kind = *kind;
        o.apiVersion = *apiVersion;
        auto name = m_r.string(meta, "name", "the name as a string");
        if (!name || name->empty()) {
            if (auto gen = m_r.string(meta, "generateName", "generateName as a string"); gen && !gen->empty())
                name = *gen + "*";
            else
                m_r.fail(Reader::child(meta, "name"), "metadata.name: the object's name");
        }
        o.name = *name;
        if (!kClusterScoped.count(o.kind)) {
            o.ns = m_r.string(meta, "namespace", "the namespace as a string").value_or("");
            if (o.ns.empty())
                o.ns = "default";
        }
        o.uid = m_r.string(meta, "uid", "the uid as a string").value_or("");
        // What a cluster gives (`kubectl get -o json`) has what the API server wrote; a manifest has not.
        if (!o.uid.empty() || Reader::child(meta, "creationTimestamp").j ||
            Reader::child(meta, "resourceVersion").j)
            m_fromCluster = true;
        o.labels = m_r.stringMap(meta, "labels", "labels: a map of names to values");
        o.key = objectKey(o.kind, o.ns, o.name);
        // A Helm test hook (a Pod or Job of a chart's tests, which `helm test` runs and then deletes) is in
        // a chart's rendered manifests, but runs nowhere: left out and named.
        if (const At hook = Reader::child(Reader::child(meta, "annotations"), "helm.sh/hook");
            hook.j && hook.j->is_string() && isHelmTestHook(hook.j->get<std::string>())) {
            ++m_d.skipped;
            m_helmTests.push_back(address(o.kind, o.ns, o.name));
            return;
        }
        m_objects.push_back(std::move(o));
    }

    void collect() {
        for (std::size_t d = 0; d < m_docs.size(); ++d) {
            At root{&m_docs[d], "", m_json ? -1 : static_cast<int>(d + 1)};
            if (m_docs[d].is_array()) {
                for (std::size_t i = 0; i < m_docs[d].size(); ++i)
                    addObject(Reader::item(root, i), 1);
            } else {
                addObject(root, 0);
            }
        }
        for (std::size_t i = 0; i < m_objects.size(); ++i) {
            const Object& o = m_objects[i];
            if (!m_byKey.emplace(o.key, i).second) {
                m_d.warnings.push_back(o.key.substr(4) + " is defined twice; the first definition is kept");
                m_duplicate.insert(i);
                continue;
            }
            if (!o.uid.empty())
                m_byUid.emplace(o.uid, i);
        }
        // Workloads and their pod templates.
        for (std::size_t i = 0; i < m_objects.size(); ++i) {
            if (m_duplicate.count(i))
                continue;
            const Object& o = m_objects[i];
            At spec = m_r.object(o.at, "spec", "spec: a map");
            At podSpec;
            std::map<std::string, std::string> labels;
            bool scrape = false;
            bool workload = kWorkloadKinds.count(o.kind) > 0;
            if (o.kind == "Pod") {
                podSpec = spec;
                labels = o.labels;
                scrape = scrapeAnnotated(Reader::child(o.at, "metadata"));
            } else {
                At tmplParent = spec;
                if (o.kind == "CronJob") {
                    const At jobTemplate = m_r.object(spec, "jobTemplate", "jobTemplate: a map");
                    tmplParent = m_r.object(jobTemplate, "spec", "jobTemplate.spec: a map");
                }
                const At tmpl = m_r.object(tmplParent, "template", "template: a pod template (a map)");
                if (tmpl.j) {
                    const At tmeta = m_r.object(tmpl, "metadata", "the pod template's metadata: a map");
                    labels = m_r.stringMap(tmeta, "labels", "labels: a map of names to values");
                    scrape = scrapeAnnotated(tmeta);
                    podSpec = m_r.object(tmpl, "spec", "the pod spec: a map");
                    // A custom resource with a pod template (Argo Rollout, OpenShift...) is a workload.
                    if (!workload && podSpec.j && Reader::child(podSpec, "containers").j)
                        workload = true;
                }
            }
            if (!workload)
                continue;
            // Its pods' names in the cluster's DNS are <pod>.<serviceName>: that Service is headless.
            if (o.kind == "StatefulSet")
                if (auto service = m_r.string(spec, "serviceName", "serviceName as a string");
                    service && !service->empty())
                    m_podDomains.insert({o.ns, *service});
            Workload w;
            w.key = o.key;
            w.kind = o.kind;
            w.ns = o.ns;
            w.name = o.name;
            w.podLabels = std::move(labels);
            w.scrape = scrape;
            w.podSpec = podSpec;
            w.stale = ended(o);
            w.firstObject = i;
            m_workloadByKey[w.key] = m_workloads.size();
            m_workloadOfObject[i] = m_workloads.size();
            m_workloads.push_back(std::move(w));
        }
    }

    /// Whether a workload object's pods no longer run: a ReplicaSet (or ReplicationController) scaled to
    /// zero, which is what a Deployment keeps of each earlier revision (kubectl get all lists them), or a
    /// Pod that succeeded or failed.
    bool ended(const Object& o) const {
        if (o.kind == "ReplicaSet" || o.kind == "ReplicationController") {
            const At replicas = Reader::child(Reader::child(o.at, "spec"), "replicas");
            return replicas.j && replicas.j->is_number_integer() && replicas.j->get<long long>() == 0;
        }
        if (o.kind == "Pod") {
            const At phase = Reader::child(Reader::child(o.at, "status"), "phase");
            return phase.j && phase.j->is_string() &&
                   (phase.j->get_ref<const std::string&>() == "Succeeded" ||
                    phase.j->get_ref<const std::string&>() == "Failed");
        }
        return false;
    }

    /// Gives a workload made up from its objects' owner reference (`owner`) the pod template of `from`, one
    /// of those objects, without the labels its controller adds.
    static void takeTemplate(Workload& owner, const Workload& from) {
        owner.podLabels = from.podLabels;
        for (const char* generated :
             {"pod-template-hash", "controller-revision-hash", "controller-uid", "job-name",
              "batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name",
              "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index"})
            owner.podLabels.erase(generated);
        owner.podSpec = from.podSpec;
        owner.stale = from.stale;
    }

    // ---- owners: Pods and ReplicaSets fold into the workload that owns them ----

    /// The owner a workload object names, as a workload index (created when the file lacks it).
    std::optional<std::size_t> ownerOf(std::size_t objectIndex) {
        const Object& o = m_objects[objectIndex];
        const At meta = Reader::child(o.at, "metadata");
        const At refs = m_r.array(meta, "ownerReferences", "ownerReferences: a list");
        if (!refs.j || refs.j->empty())
            return std::nullopt;
        At chosen;
        for (std::size_t i = 0; i < refs.j->size(); ++i) {
            const At r = Reader::item(refs, i);
            if (!r.j->is_object())
                m_r.fail(r, "an owner reference (a map with kind and name)");
            const At controller = Reader::child(r, "controller");
            if (!chosen.j || (controller.j && controller.j->is_boolean() && controller.j->get<bool>()))
                chosen = r;
        }
        const auto kind = m_r.string(chosen, "kind", "the owner's kind as a string");
        const auto name = m_r.string(chosen, "name", "the owner's name as a string");
        if (!kind || !name || kind->empty() || name->empty())
            m_r.fail(chosen, "an owner reference with kind and name");
        if (*kind == "Node")
            return std::nullopt; // static pods mirrored by the kubelet stand on their own
        const auto uid = m_r.string(chosen, "uid", "the owner's uid as a string").value_or("");
        std::optional<std::size_t> ownerObject;
        if (auto u = m_byUid.find(uid); !uid.empty() && u != m_byUid.end())
            ownerObject = u->second;
        else if (auto k = m_byKey.find(objectKey(*kind, o.ns, *name)); k != m_byKey.end())
            ownerObject = k->second;
        if (ownerObject) {
            if (auto w = m_workloadOfObject.find(*ownerObject); w != m_workloadOfObject.end())
                return w->second;
            return std::nullopt; // owned by something that is not a workload
        }
        // The owner is not in the file. A ReplicaSet named <deployment>-<pod-template-hash> belongs to
        // that Deployment: fold into it (or into a Deployment made up from the name).
        std::string ownerKind = *kind;
        std::string ownerName = *name;
        if (ownerKind == "ReplicaSet")
            if (auto h = o.labels.find("pod-template-hash");
                h != o.labels.end() && !h->second.empty() && ownerName.ends_with("-" + h->second)) {
                ownerKind = "Deployment";
                ownerName.resize(ownerName.size() - h->second.size() - 1);
            }
        const std::string key = objectKey(ownerKind, o.ns, ownerName);
        const std::size_t self = m_workloadOfObject.at(objectIndex);
        if (auto w = m_workloadByKey.find(key); w != m_workloadByKey.end()) {
            // The template of the objects that run, where the first one met had stopped (an earlier
            // revision's ReplicaSet listed before the current one's).
            Workload& owner = m_workloads[w->second];
            if (owner.synthetic && owner.stale && !m_workloads[self].stale)
                takeTemplate(owner, m_workloads[self]);
            return w->second;
        }
        Workload w;
        w.key = key;
        w.kind = ownerKind;
        w.ns = o.ns;
        w.name = ownerName;
        w.synthetic = true;
        w.firstObject = objectIndex;
        takeTemplate(w, m_workloads[self]);
        m_workloadByKey[key] = m_workloads.size();
        m_workloads.push_back(std::move(w));
        return m_workloads.size() - 1;
    }

    void resolveOwners() {
        const std::size_t real = m_workloads.size();
        std::vector<std::optional<std::size_t>> parent(real);
        for (std::size_t i = 0; i < real; ++i)
            parent[i] = ownerOf(m_workloads[i].firstObject);
        for (auto& w : m_workloads)
            w.root = w.key;
        for (std::size_t i = 0; i < real; ++i) {
            std::size_t cur = i;
            for (int hops = 0; hops < 8; ++hops) {
                if (cur >= real || !parent[cur] || *parent[cur] == cur)
                    break;
                cur = *parent[cur];
            }
            m_workloads[i].root = m_workloads[cur].key;
            if (cur != i)
                ++m_folded[m_workloads[cur].key];
        }
    }

    // ---- systems ----

    /// The names of Service `name` of namespace `ns` in the cluster's DNS, as identifiers of `s`.
    static void addServiceNames(DiscoveredSystem& s, const std::string& name, const std::string& ns) {
        for (const char* suffix : {"", ".svc", ".svc.cluster.local"})
            s.identifiers.push_back(name + "." + ns + suffix);
    }

    DiscoveredSystem& addSystem(DiscoveredSystem s) {
        if (auto it = m_systemIndex.find(s.key); it != m_systemIndex.end())
            return m_d.systems[it->second];
        // An object of a manifest (a file in a repository, rendered or not) is written down, as
        // infrastructure as code is: the runtime-only check leaves it out (runtimeOnlySystems()). What a
        // cluster gives is not.
        if (!m_fromCluster && !s.external && !s.reference)
            s.tags.push_back("manifest");
        m_systemIndex[s.key] = m_d.systems.size();
        m_d.systems.push_back(std::move(s));
        return m_d.systems.back();
    }

    DiscoveredSystem base(const std::string& kind, const std::string& ns, const std::string& name) const {
        DiscoveredSystem s;
        s.key = objectKey(kind, ns, name);
        s.name = stableName(kind, name);
        s.provider = "kubernetes";
        s.address = address(kind, ns, name);
        s.group = ns;
        s.environment = environmentOf(ns);
        return s;
    }

    json images(const At& podSpec) const {
        json out = json::array();
        if (!podSpec.j)
            return out;
        for (const char* list : {"containers", "initContainers"})
            m_r.eachObject(podSpec, list, "a container (a map)", [&](const At& c) {
                if (auto image = m_r.string(c, "image", "the image as a string"))
                    if (auto safe = safeImage(*image);
                        safe && std::find(out.begin(), out.end(), *safe) == out.end())
                        out.push_back(*safe);
            });
        return out;
    }

    json containerPorts(const At& podSpec) const {
        json out = json::array();
        if (!podSpec.j)
            return out;
        m_r.eachObject(podSpec, "containers", "a container (a map)", [&](const At& c) {
            m_r.eachObject(c, "ports", "a container port (a map)", [&](const At& p) {
                const At n = Reader::child(p, "containerPort");
                if (n.j && n.j->is_number_integer() && out.size() < 16)
                    out.push_back(n.j->get<long long>());
            });
        });
        return out;
    }

    void workloadSystem(const Workload& w) {
        DiscoveredSystem s = base(w.kind, w.ns, w.name);
        json attrs = json::object();
        const json imgs = images(w.podSpec);
        std::string kind;
        if (!imgs.empty()) {
            attrs["image"] = imgs.front();
            if (imgs.size() > 1)
                attrs["images"] = imgs;
            kind = imageKind(imgs.front().get<std::string>());
        }
        if (w.kind == "Job" || w.kind == "CronJob")
            kind = "script";
        s.kind = kind.empty() ? "service" : kind;
        if (const json ports = containerPorts(w.podSpec); !ports.empty())
            attrs["ports"] = ports;
        if (!w.synthetic) {
            const Object& o = m_objects[w.firstObject];
            const At spec = Reader::child(o.at, "spec");
            if (const At replicas = Reader::child(spec, "replicas");
                replicas.j && replicas.j->is_number_integer())
                attrs["replicas"] = *replicas.j;
            if (w.kind == "CronJob")
                if (auto schedule = m_r.scalar(spec, "schedule", "the schedule as a string"))
                    attrs["schedule"] = *schedule;
            if (w.kind == "StatefulSet") {
                json claims = json::array();
                m_r.eachObject(spec, "volumeClaimTemplates", "a volume claim template (a map)",
                               [&](const At& t) {
                                   const At meta = m_r.object(t, "metadata", "metadata: a map");
                                   if (auto n = m_r.string(meta, "name", "the name as a string"))
                                       claims.push_back(*n);
                               });
                if (!claims.empty())
                    attrs["volume_claim_templates"] = claims;
            }
            if (!o.labels.empty())
                attrs["labels"] = o.labels;
        } else {
            s.tags.push_back("inferred-owner");
        }
        if (!w.podLabels.empty()) // what a Service's selector meets, in this import or a later one
            attrs["pod_labels"] = w.podLabels;
        s.attributes = safeAttributes(attrs);
        s.folded = m_folded[w.key];
        addSystem(std::move(s));
    }

    void emitSystems() {
        std::map<std::size_t, std::vector<std::size_t>> syntheticAt; // object index -> synthetic workloads
        for (std::size_t i = 0; i < m_workloads.size(); ++i)
            if (m_workloads[i].synthetic && m_workloads[i].root == m_workloads[i].key)
                syntheticAt[m_workloads[i].firstObject].push_back(i);
        std::map<std::string, int> unknownKinds;
        for (std::size_t i = 0; i < m_objects.size(); ++i) {
            if (m_duplicate.count(i))
                continue;
            const Object& o = m_objects[i];
            if (auto w = m_workloadOfObject.find(i); w != m_workloadOfObject.end()) {
                if (auto s = syntheticAt.find(i); s != syntheticAt.end())
                    for (std::size_t k : s->second)
                        workloadSystem(m_workloads[k]);
                const Workload& wl = m_workloads[w->second];
                if (wl.root == wl.key)
                    workloadSystem(wl);
                continue;
            }
            if (o.kind == "Service")
                serviceSystem(o);
            else if (o.kind == "Ingress")
                ingressSystem(o);
            else if (o.kind == "Gateway" && isGatewayApi(o))
                gatewaySystem(o);
            else if (kRouteKinds.count(o.kind) && isGatewayApi(o))
                routeHosts(o); // its rules are its Gateway's edges (routeEdges())
            else if (o.kind == "ConfigMap")
                configSystem(o, "ConfigMap");
            else if (o.kind == "Secret" && plumbingSecret(o))
                ++m_d.skipped;
            else if (o.kind == "Secret")
                configSystem(o, "Secret");
            else if (o.kind == "PersistentVolumeClaim")
                claimSystem(o);
            else if (o.kind == "ServiceAccount")
                serviceAccount(o);
            else if (o.kind != "HorizontalPodAutoscaler") {
                ++m_d.skipped;
                if (!kPlumbing.count(o.kind))
                    ++unknownKinds[o.kind];
            }
        }
        if (!m_helmTests.empty()) {
            std::string list;
            for (std::size_t i = 0; i < m_helmTests.size() && i < 5; ++i)
                list += (i == 0 ? "" : ", ") + m_helmTests[i];
            if (m_helmTests.size() > 5)
                list += " and " + std::to_string(m_helmTests.size() - 5) + " more";
            m_d.warnings.push_back("left out " + std::to_string(m_helmTests.size()) +
                                   (m_helmTests.size() == 1 ? " Helm test hook" : " Helm test hooks") +
                                   (m_helmTests.size() == 1 ? " (helm.sh/hook: test), which runs"
                                                            : " (helm.sh/hook: test), which run") +
                                   " only under `helm test`: " + list);
        }
        if (!unknownKinds.empty()) {
            std::string list;
            for (const auto& [k, n] : unknownKinds)
                list += (list.empty() ? "" : ", ") + k + (n > 1 ? " x" + std::to_string(n) : "");
            m_d.warnings.push_back("left out objects of kinds Terrain does not map to systems: " + list);
        }
    }

    void serviceSystem(const Object& o) {
        DiscoveredSystem s = base(o.kind, o.ns, o.name);
        const At spec = m_r.object(o.at, "spec", "spec: a map");
        const std::string type = m_r.string(spec, "type", "the type as a string").value_or("ClusterIP");
        s.kind = type == "LoadBalancer" ? "load-balancer" : type == "ExternalName" ? "dns" : "network";
        json attrs = json::object();
        attrs["type"] = type;
        if (auto ip = m_r.string(spec, "clusterIP", "clusterIP as a string"); ip && *ip == "None") {
            attrs["headless"] = true;
            m_podDomains.insert({o.ns, o.name});
        }
        json ports = json::array();
        m_r.eachObject(spec, "ports", "a service port (a map)", [&](const At& p) {
            const At port = Reader::child(p, "port");
            if (port.j && port.j->is_number_integer() && ports.size() < 16)
                ports.push_back(port.j->get<long long>());
        });
        if (!ports.empty())
            attrs["ports"] = ports;
        if (type == "ExternalName")
            if (auto ext = m_r.string(spec, "externalName", "externalName as a string"))
                attrs["external_name"] = *ext;
        if (type == "LoadBalancer") {
            // What the cloud made of it (kubectl get -o json, or a manifest saved from the cluster): its load
            // balancer's host name or address, an identifier that joins the load balancer another source
            // lists (an AWS ELB's DNSName).
            json hosts = json::array();
            const At balancer = m_r.object(m_r.object(o.at, "status", "status: a map"), "loadBalancer",
                                           "loadBalancer: a map");
            m_r.eachObject(balancer, "ingress", "a load balancer ingress (a map)", [&](const At& in) {
                for (const char* field : {"hostname", "ip"})
                    if (auto host = m_r.string(in, field, "a host name or address as a string");
                        host && !host->empty() && hosts.size() < 16) {
                        hosts.push_back(asciiLower(*host));
                        s.identifiers.push_back(asciiLower(*host));
                    }
            });
            if (!hosts.empty())
                attrs["load_balancer"] = hosts;
        }
        if (!o.labels.empty())
            attrs["labels"] = o.labels;
        const auto selector = m_r.stringMap(spec, "selector", "selector: a map of labels");
        if (!selector.empty() && type != "ExternalName")
            attrs["selector"] = selector; // the workloads of a later import join it by their pod labels
        s.attributes = safeAttributes(attrs);
        // Its names in the cluster's DNS, each with its namespace: a bare name would join the Services
        // of that name in every namespace and every cluster (staging's and production's) into one.
        addServiceNames(s, o.name, o.ns);
        m_services[{o.ns, o.name}] = s.key;
        m_serviceLabels.push_back(
            {s.key, o.ns, o.labels, selector, scrapeAnnotated(Reader::child(o.at, "metadata"))});
        addSystem(std::move(s));
    }

    /// A host an Ingress or a Gateway serves: listed in `hosts` (up to 16), and, unless a wildcard, an
    /// identifier of `s` and a name workloads may call it by.
    void addHost(DiscoveredSystem& s, json& hosts, const std::string& host) {
        if (host.empty())
            return;
        if (std::find(hosts.begin(), hosts.end(), host) == hosts.end() && hosts.size() < 16)
            hosts.push_back(host);
        if (host.find('*') == std::string::npos) {
            s.identifiers.push_back(host);
            m_ingressHosts.emplace(host, s.key);
        }
    }

    /// The Gateway a Gateway API route attaches to first (parentRefs), by key; nothing where none.
    std::optional<std::string> routeGateway(const Object& route) const {
        const At spec = m_r.object(route.at, "spec", "spec: a map");
        std::optional<std::string> gateway;
        m_r.eachObject(spec, "parentRefs", "a parent reference (a map with name)", [&](const At& p) {
            if (const auto ref = gatewayApiRef(p, "Gateway", route.ns); ref && !gateway)
                gateway = objectKey("Gateway", ref->first, ref->second);
        });
        return gateway;
    }

    /// The host names a route serves (spec.hostnames: shop.example.com), but wildcards, which name no one
    /// host.
    std::vector<std::string> routeHostnames(const Object& route) const {
        std::vector<std::string> out;
        const At hostnames = m_r.array(m_r.object(route.at, "spec", "spec: a map"), "hostnames",
                                       "hostnames: a list of host names");
        for (std::size_t i = 0; hostnames.j && i < hostnames.j->size(); ++i)
            if (auto host = m_r.scalar(Reader::item(hostnames, i), "a host name as a string");
                host && !host->empty() && host->find('*') == std::string::npos)
                out.push_back(*host);
        return out;
    }

    /// A route's host names are names of the Gateway it attaches to, as an Ingress's hosts are its own: a
    /// workload calling https://shop.example.com calls that Gateway (hostEdges()), in this file or another of
    /// the import.
    void routeHosts(const Object& o) {
        if (const auto gateway = routeGateway(o))
            for (const std::string& host : routeHostnames(o))
                m_ingressHosts.emplace(host, *gateway);
    }

    static bool isGatewayApi(const Object& o) {
        return o.apiVersion.starts_with("gateway.networking.k8s.io/");
    }

    /// A Gateway API Gateway: the load balancer its routes configure (routeEdges()); its listeners'
    /// host names are its identifiers, as an Ingress's hosts are.
    void gatewaySystem(const Object& o) {
        DiscoveredSystem s = base(o.kind, o.ns, o.name);
        s.kind = "load-balancer";
        const At spec = m_r.object(o.at, "spec", "spec: a map");
        json attrs = json::object();
        if (auto cls = m_r.string(spec, "gatewayClassName", "gatewayClassName as a string"))
            attrs["gateway_class"] = *cls;
        json hosts = json::array(), ports = json::array();
        m_r.eachObject(spec, "listeners", "a listener (a map)", [&](const At& l) {
            if (auto host = m_r.string(l, "hostname", "the hostname as a string"))
                addHost(s, hosts, *host);
            if (const At port = Reader::child(l, "port");
                port.j && port.j->is_number_integer() && ports.size() < 16)
                ports.push_back(*port.j);
        });
        if (!hosts.empty())
            attrs["hosts"] = hosts;
        if (!ports.empty())
            attrs["ports"] = ports;
        if (!o.labels.empty())
            attrs["labels"] = o.labels;
        s.attributes = safeAttributes(attrs);
        addSystem(std::move(s));
    }

    void ingressSystem(const Object& o) {
        DiscoveredSystem s = base(o.kind, o.ns, o.name);
        s.kind = "load-balancer";
        const At spec = m_r.object(o.at, "spec", "spec: a map");
        json hosts = json::array();
        m_r.eachObject(spec, "rules", "an ingress rule (a map)", [&](const At& rule) {
            if (auto host = m_r.string(rule, "host", "the host as a string"))
                addHost(s, hosts, *host);
        });
        json attrs = json::object();
        if (!hosts.empty())
            attrs["hosts"] = hosts;
        if (auto cls = m_r.string(spec, "ingressClassName", "ingressClassName as a string"))
            attrs["ingress_class"] = *cls;
        if (!o.labels.empty())
            attrs["labels"] = o.labels;
        s.attributes = safeAttributes(attrs);
        addSystem(std::move(s));
    }

    /// Whether a Secret is the cluster's or Helm's bookkeeping, no configuration of anything: a Helm release
    /// record (helm.sh/release.v1, one more at each upgrade: sh.helm.release.v1.myapp.v7) or a service
    /// account's token (kubernetes.io/service-account-token, which pods mount as plumbing too).
    bool plumbingSecret(const Object& o) const {
        const auto type = m_r.string(o.at, "type", "the Secret type as a string");
        return type && (*type == "helm.sh/release.v1" || *type == "kubernetes.io/service-account-token");
    }

    void configSystem(const Object& o, const std::string& kind) {
        DiscoveredSystem s = base(kind, o.ns, o.name);
        json attrs = json::object();
        if (kind == "Secret") {
            // By name only: data, stringData and annotations are never read.
            s.kind = "secret-store";
            if (auto type = m_r.string(o.at, "type", "the Secret type as a string"))
                attrs["type"] = *type;
        } else {
            s.kind = "other";
            const At data = m_r.object(o.at, "data", "data: a map of names to text");
            if (data.j)
                attrs["entries"] = data.j->size();
            m_configMaps[{o.ns, o.name}] = data;
        }
        if (!o.labels.empty())
            attrs["labels"] = o.labels;
        s.attributes = safeAttributes(attrs);
        addSystem(std::move(s));
    }

    void claimSystem(const Object& o) {
        DiscoveredSystem s = base(o.kind, o.ns, o.name);
        s.kind = "storage";
        const At spec = m_r.object(o.at, "spec", "spec: a map");
        json attrs = json::object();
        const At resources = m_r.object(spec, "resources", "resources: a map");
        const At requests = m_r.object(resources, "requests", "requests: a map");
        if (auto storage = m_r.scalar(requests, "storage", "the storage request as a string"))
            attrs["storage"] = *storage;
        if (auto cls = m_r.string(spec, "storageClassName", "storageClassName as a string"))
            attrs["storage_class"] = *cls;
        const At modes = m_r.array(spec, "accessModes", "accessModes: a list");
        if (modes.j) {
            json list = json::array();
            for (std::size_t i = 0; i < modes.j->size(); ++i)
                if (auto m = m_r.scalar(Reader::item(modes, i), "an access mode"))
                    list.push_back(*m);
            attrs["access_modes"] = list;
        }
        if (!o.labels.empty())
            attrs["labels"] = o.labels;
        s.attributes = safeAttributes(attrs);
        addSystem(std::move(s));
    }

    /// A ConfigMap, Secret, Service or PVC the file names but does not define: kept under its key (so
    /// it joins the real one from another file) and marked as defined elsewhere.
    std::string reference(const std::string& kind, const std::string& ns, const std::string& name) {
        const std::string key = objectKey(kind, ns, name);
        if (!m_systemIndex.count(key)) {
            DiscoveredSystem s = base(kind, ns, name);
            s.kind = kind == "Secret"                  ? "secret-store"
                     : kind == "PersistentVolumeClaim" ? "storage"
                     : kind == "Service"               ? "network"
                     : kind == "Gateway"               ? "load-balancer"
                                                       : "other";
            s.reference = true;
            if (kind == "Service")
                addServiceNames(s, name, ns);
            addSystem(std::move(s));
        }
        return key;
    }

    /// Whether a host name is relative to the namespace that names it: a bare name (db, a Service of that
    /// namespace), or a StatefulSet's pod's behind its headless Service (kafka-0.kafka-headless, the pod of a
    /// Service of that namespace). Other dotted names name one host from every namespace: a Service with its
    /// namespace (payments.billing), a name outside the cluster (db.example.com).
    static bool relativeName(std::string_view host) {
        const auto dot = host.find('.');
        if (dot == std::string_view::npos)
            return true;
        if (host.find('.', dot + 1) != std::string_view::npos)
            return false;
        const std::string_view pod = host.substr(0, dot);
        const auto dash = pod.rfind('-');
        return dash != std::string_view::npos && dash > 0 && dash + 1 < pod.size() &&
               std::all_of(pod.begin() + static_cast<std::ptrdiff_t>(dash) + 1, pod.end(),
                           [](char c) { return c >= '0' && c <= '9'; });
    }

    /// A host that no file of the import defines. A name relative to the namespace that names it
    /// (relativeName()) is that namespace's, and known by its names with the namespace (as a Service is):
    /// the same name in staging's and production's namespaces is two hosts.
    std::string external(const std::string& host, const std::string& ns) {
        const bool relative = !ns.empty() && relativeName(host);
        const std::string key = "k8s:external/" + host + (relative ? "." + ns : std::string());
        if (!m_systemIndex.count(key)) {
            DiscoveredSystem s = externalHostSystem(key, host);
            if (relative) {
                s.identifiers.clear();
                addServiceNames(s, host, ns);
            }
            if (host.ends_with(".svc"))
                s.identifiers.push_back(host + ".cluster.local");
            addSystem(std::move(s));
        }
        return key;
    }

    // ---- edges ----

    void edge(const std::string& from, const std::string& to, const std::string& kind,
              const std::string& evidence) {
        if (from == to)
            return;
        if (m_edgeSeen.insert(from + "\n" + to + "\n" + kind).second)
            m_d.edges.push_back({from, to, kind, evidence});
    }

    void serviceEdges() {
        // The workloads carrying each label, per namespace: a selector is matched against the workloads
        // of its rarest label only, not against every workload of the namespace (services times
        // workloads, which made a large manifest slower per service the larger it was).
        std::map<std::tuple<std::string_view, std::string_view, std::string_view>,
                 std::vector<const Workload*>>
            byLabel;
        for (const auto& w : m_workloads)
            for (const auto& [k, v] : w.podLabels)
                byLabel[{w.ns, k, v}].push_back(&w);
        if (m_neighbours) // the workloads of the other files, after the file's own
            for (const auto& w : m_neighbours->workloads)
                if (!m_workloadByKey.count(w.key))
                    for (const auto& [k, v] : w.podLabels)
                        byLabel[{w.ns, k, v}].push_back(&w);
        for (std::size_t i = 0; i < m_objects.size(); ++i) {
            const Object& o = m_objects[i];
            if (o.kind != "Service" || m_duplicate.count(i))
                continue;
            const At spec = Reader::child(o.at, "spec");
            if (auto type = m_r.string(spec, "type", "the type as a string");
                type && *type == "ExternalName") {
                if (auto ext = m_r.string(spec, "externalName", "externalName as a string"))
                    if (auto refs = hostRefs("host", *ext); !refs.empty())
                        edge(o.key, external(refs.front().host, ""), "routes-to",
                             "externalName " + refs.front().host);
                continue;
            }
            const auto selector = m_r.stringMap(spec, "selector", "selector: a map of labels");
            if (selector.empty())
                continue;
            const std::string evidence = selectorEvidence(labelsText(selector));
            const std::vector<const Workload*>* candidates = nullptr; // in the workloads' order
            for (const auto& [k, v] : selector) {
                const auto it = byLabel.find({o.ns, k, v});
                if (it == byLabel.end()) {
                    candidates = nullptr;
                    break;
                }
                if (!candidates || it->second.size() < candidates->size())
                    candidates = &it->second;
            }
            bool met = false;
            if (candidates)
                for (const Workload* w : *candidates)
                    if (labelsMatch(selector, w->podLabels)) {
                        edge(o.key, w->root, "routes-to", evidence);
                        m_routes.insert({o.key, w->root});
                        met = true;
                    }
            if (!met) // the map's workloads, imported before from other files (planMerge())
                edge(o.key, selectorPattern(o.ns, selector), "routes-to", evidence);
        }
    }

    void ingressBackend(const Object& o, const At& backend, const std::string& where) {
        if (!backend.j)
            return;
        std::string service, port;
        const At svc = m_r.object(backend, "service", "service: a map with name and port");
        if (svc.j) {
            service = m_r.string(svc, "name", "the service name as a string").value_or("");
            const At p = m_r.object(svc, "port", "port: a map with number or name");
            if (p.j)
                port = m_r.scalar(p, "number", "the port number")
                           .value_or(m_r.scalar(p, "name", "the port name").value_or(""));
        } else {
            service = m_r.scalar(backend, "serviceName", "serviceName as a string").value_or("");
            port = m_r.scalar(backend, "servicePort", "servicePort").value_or("");
        }
        if (service.empty())
            return;
        const std::string* known = serviceKey(o.ns, service);
        const std::string target = known ? *known : reference("Service", o.ns, service);
        edge(o.key, target, "routes-to",
             "backend " + where + " -> " + service + (port.empty() ? "" : ":" + port));
    }

    /// A Gateway API object reference (a route's parentRefs and backendRefs) to an object of `kind` (the
    /// kind it names by default): its namespace (the route's own by default) and name; nothing for
    /// another kind or a reference without a name.
    std::optional<std::pair<std::string, std::string>> gatewayApiRef(const At& ref, const std::string& kind,
                                                                     const std::string& routeNs) const {
        const auto name = m_r.string(ref, "name", "the referenced object's name as a string");
        if (m_r.string(ref, "kind", "the referenced object's kind as a string").value_or(kind) != kind ||
            !name || name->empty())
            return std::nullopt;
        return std::make_pair(
            m_r.string(ref, "namespace", "the referenced object's namespace as a string").value_or(routeNs),
            *name);
    }

    /// Gateway API routes (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute): each Gateway a route
    /// attaches to (parentRefs) routes to each Service its rules send to (backendRefs), and counts the
    /// route as folded into it. A Gateway or Service of another file is named by key, as Ingress backends.
    void routeEdges() {
        for (std::size_t i = 0; i < m_objects.size(); ++i) {
            const Object& o = m_objects[i];
            if (!kRouteKinds.count(o.kind) || !isGatewayApi(o) || m_duplicate.count(i))
                continue;
            const At spec = m_r.object(o.at, "spec", "spec: a map");
            std::vector<std::string> gateways;
            m_r.eachObject(spec, "parentRefs", "a parent reference (a map with name)", [&](const At& p) {
                if (const auto gateway = gatewayApiRef(p, "Gateway", o.ns))
                    gateways.push_back(target("Gateway", gateway->first, gateway->second));
            });
            // Its host names identify the Gateway it attaches to first (routeHosts()), as an Ingress's hosts
            // identify it.
            if (const auto gateway = routeGateway(o))
                if (auto sys = m_systemIndex.find(*gateway); sys != m_systemIndex.end())
                    for (const std::string& host : routeHostnames(o)) {
                        auto& ids = m_d.systems[sys->second].identifiers;
                        if (std::find(ids.begin(), ids.end(), host) == ids.end())
                            ids.push_back(host);
                    }
            std::set<std::string> counted;
            m_r.eachObject(spec, "rules", "a route rule (a map)", [&](const At& rule) {
                m_r.eachObject(
                    rule, "backendRefs", "a backend reference (a map with name)", [&](const At& b) {
                        const auto ref = gatewayApiRef(b, "Service", o.ns);
                        if (!ref)
                            return;
                        const auto& [ns, name] = *ref;
                        const auto port = m_r.scalar(b, "port", "the backend's port");
                        const std::string* known = serviceKey(ns, name);
                        const std::string service = known ? *known : reference("Service", ns, name);
                        for (const auto& g : gateways) {
                            edge(g, service, "routes-to",
                                 o.kind + " " + o.name + " -> " + name +
                                     (port ? ":" + *port : std::string()));
                            if (counted.insert(g).second)
                                if (auto sys = m_systemIndex.find(g);
                                    sys != m_systemIndex.end() && !m_d.systems[sys->second].reference)
                                    ++m_d.systems[sys->second].folded;
                        }
                    });
            });
        }
    }

    void ingressEdges() {
        for (std::size_t i = 0; i < m_objects.size(); ++i) {
            const Object& o = m_objects[i];
            if (o.kind != "Ingress" || m_duplicate.count(i))
                continue;
            const At spec = Reader::child(o.at, "spec");
            ingressBackend(o, m_r.object(spec, "defaultBackend", "defaultBackend: a map"), "default");
            ingressBackend(o, m_r.object(spec, "backend", "backend: a map"), "default");
            m_r.eachObject(spec, "rules", "an ingress rule (a map)", [&](const At& rule) {
                const std::string host = m_r.string(rule, "host", "the host as a string").value_or("*");
                const At http = m_r.object(rule, "http", "http: a map with paths");
                m_r.eachObject(http, "paths", "an ingress path (a map)", [&](const At& p) {
                    const std::string path = m_r.string(p, "path", "the path as a string").value_or("/");
                    ingressBackend(o, m_r.object(p, "backend", "backend: a map"), host + path);
                });
            });
            m_r.eachObject(spec, "tls", "a TLS entry (a map)", [&](const At& tls) {
                if (auto secret = m_r.string(tls, "secretName", "secretName as a string");
                    secret && !secret->empty())
                    edge(o.key, target("Secret", o.ns, *secret), "configured-by",
                         "tls secretName " + stableName("Secret", *secret));
            });
        }
    }

    /// A ServiceAccount is plumbing; the AWS role its pods take (IAM roles for service accounts, the
    /// eks.amazonaws.com/role-arn annotation) is theirs to use (workloadEdges()).
    void serviceAccount(const Object& o) {
        ++m_d.skipped;
        const At role = Reader::child(Reader::child(Reader::child(o.at, "metadata"), "annotations"),
                                      "eks.amazonaws.com/role-arn");
        if (role.j && role.j->is_string())
            if (const auto aws = awsResourceNamed(role.j->get_ref<const std::string&>());
                aws && aws->id.starts_with("arn:aws:iam:"))
                m_accountRoles[{o.ns, o.name}] = *aws;
    }

    /// The external for a resource of AWS that a value names (by its ARN or its URL): its key.
    std::string awsExternal(const CloudResource& aws) {
        const std::string key = "k8s:external/" + aws.id;
        if (!m_systemIndex.count(key))
            addSystem(externalAwsSystem(key, aws));
        return key;
    }

    std::string target(const std::string& kind, const std::string& ns, const std::string& name) {
        const std::string key = objectKey(kind, ns, name);
        return m_systemIndex.count(key) ? key : reference(kind, ns, name);
    }

    /// Edges for the hosts a value names: to a Service of the file, an Ingress host, or an external; or to
    /// the resource of AWS it names by its ARN or its URL (a QUEUE_URL, a TOPIC_ARN, a secret's ARN).
    void hostEdges(const Workload& w, std::string_view key, std::string_view value, const std::string& what) {
        if (const auto ref = awsResourceInSetting(what, key, value)) {
            edge(w.root, awsExternal(ref->resource), ref->kind, ref->evidence);
            return;
        }
        for (const HostRef& ref : hostRefs(key, value)) {
            std::optional<std::string> to;
            for (const ClusterName& c : clusterNames(ref.host)) {
                const std::string ns = c.ns.empty() ? w.ns : c.ns;
                if (!c.pod.empty() && !namesItsPods(ns, c.service))
                    continue; // kafka-0.kafka-headless: a pod of a headless Service only
                if (const std::string* s = serviceKey(ns, c.service)) {
                    to = *s;
                    break;
                }
            }
            if (!to)
                if (auto in = m_ingressHosts.find(ref.host); in != m_ingressHosts.end())
                    to = in->second;
            if (!to && m_neighbours)
                if (auto in = m_neighbours->ingressHosts.find(ref.host);
                    in != m_neighbours->ingressHosts.end())
                    to = in->second;
            if (!to && ref.definite)
                to = external(ref.host, w.ns);
            if (!to || m_routes.count({*to, w.root}))
                continue; // nothing known, or the workload's own Service
            edge(w.root, *to, "calls", hostEvidence(what, key, value, ref));
        }
    }

    /// The key of the Service (ns, name) of this file or, failing that, of another file of the import.
    const std::string* serviceKey(const std::string& ns, const std::string& name) const {
        if (auto s = m_services.find({ns, name}); s != m_services.end())
            return &s->second;
        if (m_neighbours)
            if (auto s = m_neighbours->services.find({ns, name}); s != m_neighbours->services.end())
                return &s->second;
        return nullptr;
    }

    /// Whether the pods of the Service (ns, name), of this file or another of the import, have names in the
    /// cluster's DNS (<pod>.<service>): a headless Service, or a StatefulSet's serviceName.
    bool namesItsPods(const std::string& ns, const std::string& name) const {
        return m_podDomains.count({ns, name}) || (m_neighbours && m_neighbours->podDomains.count({ns, name}));
    }

    /// The data of the ConfigMap (ns, name) of this file or, failing that, of another file of the import
    /// (`own` false: its values are that file's to check; one that is not text is passed over here).
    std::optional<At> configMapData(const std::string& ns, const std::string& name, bool& own) const {
        own = true;
        if (auto cm = m_configMaps.find({ns, name}); cm != m_configMaps.end())
            return cm->second.j ? std::optional<At>(cm->second) : std::nullopt;
        own = false;
        if (m_neighbours)
            if (auto cm = m_neighbours->configMaps.find({ns, name}); cm != m_neighbours->configMaps.end())
                return cm->second.j ? std::optional<At>(cm->second) : std::nullopt;
        return std::nullopt;
    }

    /// Each text value of a ConfigMap's data (configMapData()), as f(key, value).
    template <class F> void eachConfigValue(const std::string& ns, const std::string& name, F&& f) {
        bool own = true;
        const std::optional<At> data = configMapData(ns, name, own);
        if (!data)
            return;
        for (auto it = data->j->begin(); it != data->j->end(); ++it) {
            if (!it.value().is_string()) {
                if (own)
                    m_r.fail(Reader::child(*data, it.key()), "ConfigMap data as text");
                continue;
            }
            f(it.key(), it.value().get_ref<const std::string&>());
        }
    }

    /// Hosts named by a ConfigMap's data, as seen by a workload that uses it.
    void configMapHosts(const Workload& w, const std::string& ns, const std::string& name,
                        const std::optional<std::string>& onlyKey, const std::string& envName) {
        eachConfigValue(ns, name, [&](const std::string& key, const std::string& value) {
            if (onlyKey && key != *onlyKey)
                return;
            if (!envName.empty())
                hostEdges(w, envName, value, "env");
            else
                hostEdges(w, key, value, "configmap " + name);
        });
    }

    void workloadEdges() {
        for (const auto& w : m_workloads) {
            if (!w.podSpec.j || (w.stale && w.root != w.key))
                continue;
            // Pods folded into a workload share its template; their own references add nothing new but
            // are read (live pods may reference what the template does not show). A folded template that
            // no longer runs (an earlier revision's ReplicaSet, scaled to zero) is not read: what it named
            // (the database before the move) is not what the workload uses.
            const At spec = w.podSpec;
            std::set<std::string> tokenVolumes; // the service account token mount: plumbing
            for (const char* list : {"containers", "initContainers", "ephemeralContainers"})
                m_r.eachObject(spec, list, "a container (a map)", [&](const At& c) {
                    m_r.eachObject(c, "volumeMounts", "a volume mount (a map)", [&](const At& m) {
                        if (m_r.string(m, "mountPath", "mountPath as a string").value_or("") ==
                            "/var/run/secrets/kubernetes.io/serviceaccount")
                            tokenVolumes.insert(m_r.string(m, "name", "the volume name").value_or(""));
                    });
                });
            for (const char* list : {"containers", "initContainers", "ephemeralContainers"})
                m_r.eachObject(spec, list, "a container (a map)", [&](const At& c) { containerEdges(w, c); });
            // The AWS role its service account lets its pods take, of this file or another of the import.
            std::string account =
                m_r.string(spec, "serviceAccountName", "serviceAccountName as a string")
                    .value_or(m_r.string(spec, "serviceAccount", "serviceAccount as a string").value_or(""));
            if (account.empty())
                account = "default";
            const CloudResource* role = nullptr;
            if (auto r = m_accountRoles.find({w.ns, account}); r != m_accountRoles.end())
                role = &r->second;
            else if (m_neighbours)
                if (auto n = m_neighbours->accountRoles.find({w.ns, account});
                    n != m_neighbours->accountRoles.end())
                    role = &n->second;
            if (role)
                edge(w.root, awsExternal(*role), "configured-by",
                     "serviceAccount " + account + " (eks.amazonaws.com/role-arn)");
            m_r.eachObject(spec, "volumes", "a volume (a map)", [&](const At& v) {
                const std::string vname = m_r.string(v, "name", "the volume name as a string").value_or("");
                if (tokenVolumes.count(vname) || vname.starts_with("kube-api-access-"))
                    return;
                const At cm = m_r.object(v, "configMap", "configMap: a map");
                if (auto n = m_r.string(cm, "name", "the ConfigMap name as a string"); n && !n->empty()) {
                    edge(w.root, target("ConfigMap", w.ns, *n), "configured-by",
                         "volume configMap " + stableName("ConfigMap", *n));
                    configMapHosts(w, w.ns, *n, std::nullopt, "");
                }
                const At secret = m_r.object(v, "secret", "secret: a map");
                if (auto n = m_r.string(secret, "secretName", "secretName as a string"); n && !n->empty())
                    edge(w.root, target("Secret", w.ns, *n), "configured-by",
                         "volume secret " + stableName("Secret", *n));
                const At pvc = m_r.object(v, "persistentVolumeClaim", "persistentVolumeClaim: a map");
                if (auto n = m_r.string(pvc, "claimName", "claimName as a string"); n && !n->empty()) {
                    const At ro = Reader::child(pvc, "readOnly");
                    const bool readOnly = ro.j && ro.j->is_boolean() && ro.j->get<bool>();
                    edge(w.root, target("PersistentVolumeClaim", w.ns, *n),
                         readOnly ? "reads" : "reads-writes", "volume persistentVolumeClaim " + *n);
                }
                const At projected = m_r.object(v, "projected", "projected: a map");
                m_r.eachObject(projected, "sources", "a projected source (a map)", [&](const At& src) {
                    const At pcm = m_r.object(src, "configMap", "configMap: a map");
                    if (auto n = m_r.string(pcm, "name", "the ConfigMap name as a string");
                        n && !n->empty() && *n != "kube-root-ca.crt") {
                        edge(w.root, target("ConfigMap", w.ns, *n), "configured-by",
                             "projected configMap " + stableName("ConfigMap", *n));
                        configMapHosts(w, w.ns, *n, std::nullopt, "");
                    }
                    const At ps = m_r.object(src, "secret", "secret: a map");
                    if (auto n = m_r.string(ps, "name", "the Secret name as a string"); n && !n->empty())
                        edge(w.root, target("Secret", w.ns, *n), "configured-by",
                             "projected secret " + stableName("Secret", *n));
                });
            });
            m_r.eachObject(spec, "imagePullSecrets", "an image pull secret (a map)", [&](const At& s) {
                if (auto n = m_r.string(s, "name", "the Secret name as a string"); n && !n->empty())
                    edge(w.root, target("Secret", w.ns, *n), "configured-by",
                         "imagePullSecrets " + stableName("Secret", *n));
            });
        }
    }

    /// The hosts a container's command and arguments name (commandLineValues()): `--db-host=postgres`, a
    /// URL, `nc -z db 5432` in the script of an init container waiting for what the workload needs. Never
    /// kept: only the host and port reach the evidence.
    void argumentEdges(const Workload& w, const At& c) {
        std::vector<std::string_view> parts;
        for (const char* list : {"command", "args"})
            if (const At items = Reader::child(c, list); items.j && items.j->is_array())
                for (const auto& item : *items.j)
                    if (item.is_string())
                        parts.push_back(item.get_ref<const std::string&>());
        for (const auto& [key, value] : commandLineValues(parts))
            hostEdges(w, key, value, "args");
    }

    void containerEdges(const Workload& w, const At& c) {
        argumentEdges(w, c);
        m_r.eachObject(c, "env", "an environment variable (a map with name and value)", [&](const At& e) {
            const std::string name = m_r.scalar(e, "name", "the variable name as a string").value_or("");
            if (auto value = m_r.scalar(e, "value", "the value as a string"))
                hostEdges(w, name, *value, "env");
            const At from = m_r.object(e, "valueFrom", "valueFrom: a map");
            const At cmRef = m_r.object(from, "configMapKeyRef", "configMapKeyRef: a map");
            if (auto n = m_r.string(cmRef, "name", "the ConfigMap name as a string"); n && !n->empty()) {
                edge(w.root, target("ConfigMap", w.ns, *n), "configured-by",
                     "env configMapKeyRef " + stableName("ConfigMap", *n));
                if (auto key = m_r.string(cmRef, "key", "the key as a string"))
                    configMapHosts(w, w.ns, *n, *key, name);
            }
            const At secretRef = m_r.object(from, "secretKeyRef", "secretKeyRef: a map");
            if (auto n = m_r.string(secretRef, "name", "the Secret name as a string"); n && !n->empty())
                edge(w.root, target("Secret", w.ns, *n), "configured-by",
                     "env secretKeyRef " + stableName("Secret", *n));
        });
        m_r.eachObject(c, "envFrom", "an envFrom source (a map)", [&](const At& e) {
            const At cmRef = m_r.object(e, "configMapRef", "configMapRef: a map");
            if (auto n = m_r.string(cmRef, "name", "the ConfigMap name as a string"); n && !n->empty()) {
                edge(w.root, target("ConfigMap", w.ns, *n), "configured-by",
                     "envFrom configMapRef " + stableName("ConfigMap", *n));
                eachConfigValue(w.ns, *n, [&](const std::string& key, const std::string& value) {
                    hostEdges(w, key, value, "envFrom configmap " + *n);
                });
            }
            const At secretRef = m_r.object(e, "secretRef", "secretRef: a map");
            if (auto n = m_r.string(secretRef, "name", "the Secret name as a string"); n && !n->empty())
                edge(w.root, target("Secret", w.ns, *n), "configured-by",
                     "envFrom secretRef " + stableName("Secret", *n));
        });
    }

    void foldAutoscalers() {
        for (std::size_t i = 0; i < m_objects.size(); ++i) {
            const Object& o = m_objects[i];
            if (o.kind != "HorizontalPodAutoscaler" || m_duplicate.count(i))
                continue;
            const At spec = m_r.object(o.at, "spec", "spec: a map");
            const At ref = m_r.object(spec, "scaleTargetRef", "scaleTargetRef: a map with kind and name");
            const auto kind = m_r.string(ref, "kind", "the target kind as a string");
            const auto name = m_r.string(ref, "name", "the target name as a string");
            if (!kind || !name)
                continue;
            json attrs = json::object();
            for (const char* k : {"minReplicas", "maxReplicas"})
                if (const At v = Reader::child(spec, k); v.j && v.j->is_number_integer())
                    attrs[k == std::string("minReplicas") ? "min_replicas" : "max_replicas"] = *v.j;
            const std::string targetKey = objectKey(*kind, o.ns, *name);
            auto w = m_workloadByKey.find(targetKey);
            if (w == m_workloadByKey.end()) {
                // A workload of another file of the import: its system there gets the facts.
                if (m_neighbours && m_neighbours->workloadByKey.count(targetKey) && !attrs.empty())
                    for (auto it = attrs.begin(); it != attrs.end(); ++it)
                        m_d.facts[targetKey][it.key()] = it.value();
                continue;
            }
            auto s = m_systemIndex.find(m_workloads[w->second].root);
            if (s == m_systemIndex.end())
                continue;
            DiscoveredSystem& sys = m_d.systems[s->second];
            ++sys.folded;
            for (auto it = attrs.begin(); it != attrs.end(); ++it)
                sys.attributes[it.key()] = it.value();
        }
    }

    /// Whether metadata's annotations ask Prometheus to scrape (prometheus.io/scrape: "true"), the convention
    /// a Prometheus configured for Kubernetes keeps.
    bool scrapeAnnotated(const At& meta) const {
        const At a = Reader::child(Reader::child(meta, "annotations"), "prometheus.io/scrape");
        return a.j && ((a.j->is_string() && asciiLower(a.j->get<std::string>()) == "true") ||
                       (a.j->is_boolean() && a.j->get<bool>()));
    }

    /// A label selector (matchLabels and matchExpressions with In, NotIn, Exists, DoesNotExist) against
    /// labels; an empty selector selects everything, as the Prometheus Operator reads one.
    bool selects(const At& selector, const std::map<std::string, std::string>& labels) const {
        if (!labelsMatch(m_r.stringMap(selector, "matchLabels", "matchLabels: a map of labels"), labels))
            return false;
        const At exprs = m_r.array(selector, "matchExpressions", "matchExpressions: a list");
        for (std::size_t i = 0; exprs.j && i < exprs.j->size(); ++i) {
            const At e = Reader::item(exprs, i);
            const std::string key = m_r.string(e, "key", "the label as a string").value_or("");
            const std::string op = m_r.string(e, "operator", "the operator as a string").value_or("");
            std::set<std::string> values;
            const At vs = m_r.array(e, "values", "values: a list");
            for (std::size_t k = 0; vs.j && k < vs.j->size(); ++k)
                if (auto v = m_r.scalar(Reader::item(vs, k), "a label value"))
                    values.insert(*v);
            const auto l = labels.find(key);
            const bool has = l != labels.end();
            if ((op == "In" && (!has || !values.count(l->second))) ||
                (op == "NotIn" && has && values.count(l->second)) || (op == "Exists" && !has) ||
                (op == "DoesNotExist" && has))
                return false;
        }
        return true;
    }

    /// What Prometheus scrapes, as the manifests say: a workload whose pods are annotated
    /// prometheus.io/scrape: "true" (or a Service so annotated, and what it routes to), the Services a
    /// ServiceMonitor selects and what they route to, the workloads whose pods a PodMonitor selects, in
    /// this file or another of the import. A monitored_by fact on each, as a Prometheus configuration's
    /// targets give it (the "Nobody monitors" analysis reads it).
    void monitoring() {
        std::map<std::string, std::string> by; // system key -> what scrapes it
        std::vector<const ServiceLabels*> services;
        std::set<std::string> seen;
        for (const auto& sl : m_serviceLabels)
            if (seen.insert(sl.key).second)
                services.push_back(&sl);
        std::vector<const Workload*> workloads;
        for (const auto& w : m_workloads)
            if (w.root == w.key)
                workloads.push_back(&w);
        if (m_neighbours) {
            for (const auto& sl : m_neighbours->serviceLabels)
                if (seen.insert(sl.key).second)
                    services.push_back(&sl);
            for (const auto& w : m_neighbours->workloads)
                if (!m_workloadByKey.count(w.key))
                    workloads.push_back(&w);
        }
        auto service = [&](const ServiceLabels& sl, const std::string& what) {
            by.try_emplace(sl.key, what);
            for (const Workload* w : workloads)
                if (w->ns == sl.ns && !sl.selector.empty() && labelsMatch(sl.selector, w->podLabels))
                    by.try_emplace(w->root, what);
        };
        const std::string annotated = "prometheus (prometheus.io/scrape annotation)";
        for (const auto& w : m_workloads)
            if (w.root == w.key && w.scrape)
                by.try_emplace(w.key, annotated);
        for (const auto& sl : m_serviceLabels)
            if (sl.scrape)
                service(sl, annotated);
        for (std::size_t i = 0; i < m_objects.size(); ++i) {
            const Object& o = m_objects[i];
            if ((o.kind != "ServiceMonitor" && o.kind != "PodMonitor") || m_duplicate.count(i))
                continue;
            const At spec = m_r.object(o.at, "spec", "spec: a map");
            const At selector = m_r.object(spec, "selector", "selector: a label selector (a map)");
            const At nsSel = m_r.object(spec, "namespaceSelector", "namespaceSelector: a map");
            const At any = Reader::child(nsSel, "any");
            const bool anyNs = any.j && any.j->is_boolean() && any.j->get<bool>();
            std::set<std::string> names;
            const At list = m_r.array(nsSel, "matchNames", "matchNames: a list of namespaces");
            for (std::size_t k = 0; list.j && k < list.j->size(); ++k)
                if (auto n = m_r.scalar(Reader::item(list, k), "a namespace"))
                    names.insert(*n);
            if (names.empty())
                names.insert(o.ns);
            auto inNamespace = [&](const std::string& ns) { return anyNs || names.count(ns) > 0; };
            const std::string what = o.kind + " " + o.ns + "/" + o.name;
            if (o.kind == "ServiceMonitor") {
                for (const ServiceLabels* sl : services)
                    if (inNamespace(sl->ns) && selects(selector, sl->labels))
                        service(*sl, what);
            } else {
                for (const Workload* w : workloads)
                    if (inNamespace(w->ns) && selects(selector, w->podLabels))
                        by.try_emplace(w->root, what);
            }
        }
        for (const auto& [key, what] : by) {
            if (auto s = m_systemIndex.find(key); s != m_systemIndex.end()) {
                json& attrs = m_d.systems[s->second].attributes;
                if (attrs.is_object() && !attrs.contains("monitored_by"))
                    attrs["monitored_by"] = what;
            } else {
                m_d.facts[key]["monitored_by"] = what; // a system of another file of the import
            }
        }
    }

    // ---- the catalog entities that objects are part of ----

    /// Backstage's Kubernetes plugin shows an entity annotated `backstage.io/kubernetes-id: <id>` the
    /// objects labelled so: each such object here is part of that entity. The entity is a placeholder until
    /// a Backstage import (which gives it the id as an identifier) fills it in, whichever comes first. Two
    /// Deployments of one entity (staging's and production's) stay two systems, both part of it.
    void catalogEdges() {
        auto partOf = [&](const std::string& key, const std::map<std::string, std::string>& labels) {
            const auto l = labels.find(std::string(kKubernetesIdLabel));
            if (l != labels.end() && isLabelValue(l->second) && m_systemIndex.count(key))
                edge(catalogEntity(l->second), key, "contains",
                     "label " + std::string(kKubernetesIdLabel) + "=" + l->second);
        };
        for (std::size_t i = 0; i < m_objects.size(); ++i) {
            if (m_duplicate.count(i))
                continue;
            const Object& o = m_objects[i];
            if (auto w = m_workloadOfObject.find(i); w != m_workloadOfObject.end()) {
                const Workload& wl = m_workloads[w->second]; // a Pod's labels count for its Deployment
                partOf(wl.root, o.labels);
                partOf(wl.root, wl.podLabels);
            } else {
                partOf(o.key, o.labels);
            }
        }
    }

    /// The placeholder for the catalog entity annotated with Kubernetes id `id`.
    std::string catalogEntity(const std::string& id) {
        const std::string key = "k8s:backstage/" + id;
        if (!m_systemIndex.count(key)) {
            DiscoveredSystem s;
            s.key = key;
            s.name = id;
            s.kind = "service";
            s.address = kubernetesIdIdentifier(id);
            s.reference = true;
            s.identifiers.push_back(kubernetesIdIdentifier(id));
            s.attributes = json{{"kubernetes_id", id}};
            addSystem(std::move(s));
        }
        return key;
    }

    void finish() {
        for (const auto& [key, n] : m_folded)
            if (auto s = m_systemIndex.find(key); s != m_systemIndex.end())
                m_d.systems[s->second].folded = std::max(m_d.systems[s->second].folded, n);
        if (m_objects.empty())
            m_d.warnings.push_back("no Kubernetes objects in the file");
        (void)m_options;
    }

    const SourceText& m_src;
    const ParseOptions& m_options;
    Reader m_r;
    Discovery m_d;
    std::vector<json> m_docs;
    bool m_json = false;
    bool m_fromCluster = false; ///< an object has what the API server writes (uid, creationTimestamp...)
    std::vector<Object> m_objects;
    std::vector<std::string> m_helmTests; ///< the Helm test hooks left out, by address
    std::map<std::string, std::size_t> m_byKey;
    std::map<std::string, std::size_t> m_byUid;
    std::set<std::size_t> m_duplicate;
    std::vector<Workload> m_workloads;
    std::map<std::string, std::size_t> m_workloadByKey;
    std::map<std::size_t, std::size_t> m_workloadOfObject;
    std::map<std::string, int> m_folded;
    std::map<std::string, std::size_t> m_systemIndex;
    std::map<std::pair<std::string, std::string>, std::string> m_services; // (ns, name) -> key
    std::set<std::pair<std::string, std::string>> m_podDomains; // (ns, name) of Services naming their pods
    std::map<std::pair<std::string, std::string>, At> m_configMaps; // (ns, name) -> data
    std::map<std::string, std::string> m_ingressHosts;              // host -> Ingress key
    // (ns, name) of a ServiceAccount -> the AWS role its pods take (eks.amazonaws.com/role-arn)
    std::map<std::pair<std::string, std::string>, CloudResource> m_accountRoles;
    std::set<std::pair<std::string, std::string>> m_routes; // (Service, workload)
    std::vector<ServiceLabels> m_serviceLabels;
    std::set<std::string> m_edgeSeen;
    const Neighbours* m_neighbours = nullptr; // the other files of the import, where parsed with them
};

} // namespace

std::string K8sParser::description() const {
    return "Kubernetes manifests (YAML, multi-document) and kubectl get -o json output";
}

int K8sParser::sniff(const std::string& fileName, const std::string& text) const {
    if (isKustomizationName(fileName))
        return 90; // which notAnInput() and parse() then say
    // apiVersion and kind at the start of a line (YAML) or as JSON members.
    auto valueAfter = [&](std::string_view key) -> std::optional<std::string> {
        std::size_t pos = 0;
        while ((pos = text.find(key, pos)) != std::string::npos) {
            const bool lineStart = pos == 0 || text[pos - 1] == '\n' || text[pos - 1] == ' ' ||
                                   text[pos - 1] == '\t' || text[pos - 1] == '"' || text[pos - 1] == '-';
            std::size_t p = pos + key.size();
            if (p < text.size() && text[p] == '"')
                ++p;
            while (p < text.size() && (text[p] == ' ' || text[p] == '\t'))
                ++p;
            if (lineStart && p < text.size() && text[p] == ':') {
                ++p;
                while (p < text.size() &&
                       (text[p] == ' ' || text[p] == '\t' || text[p] == '"' || text[p] == '\''))
                    ++p;
                std::size_t e = p;
                while (e < text.size() && !std::strchr("\"'\r\n,} #", text[e]))
                    ++e;
                return text.substr(p, e - p);
            }
            pos += key.size();
        }
        return std::nullopt;
    };
    const auto api = valueAfter("apiVersion");
    const auto kind = valueAfter("kind");
    if (!api || !kind || api->empty() || kind->empty())
        return 0;
    if (api->find("backstage.io") != std::string::npos)
        return 0;
    if (text.find("AWSTemplateFormatVersion") != std::string::npos)
        return 0;
    const bool core = *api == "v1" || api->starts_with("apps/") || api->starts_with("batch/") ||
                      api->starts_with("extensions/") || api->starts_with("policy/") ||
                      api->starts_with("autoscaling/") || api->find(".k8s.io/") != std::string::npos;
    static const std::set<std::string, std::less<>> known = {"List",
                                                             "Deployment",
                                                             "Service",
                                                             "Pod",
                                                             "ConfigMap",
                                                             "Secret",
                                                             "Ingress",
                                                             "StatefulSet",
                                                             "DaemonSet",
                                                             "Job",
                                                             "CronJob",
                                                             "ReplicaSet",
                                                             "PersistentVolumeClaim",
                                                             "Namespace",
                                                             "ServiceAccount",
                                                             "Kustomization",
                                                             "HorizontalPodAutoscaler"};
    if (core && known.count(*kind))
        return 95;
    if (core)
        return 85;
    return 60; // a custom resource: apiVersion group/version and a kind
}

bool isKustomizeFile(const std::string& fileName, std::string_view text) {
    if (!isKustomizationName(fileName))
        return false;
    const auto keys = topLevelKeys(text);
    const auto apiVersion = keys.find("apiVersion");
    return apiVersion == keys.end() ||
           !isFluxGroup(std::string_view(apiVersion->second).substr(0, apiVersion->second.find('/')));
}

bool isKustomizationName(const std::string& fileName) {
    const std::string n = QFileInfo(QString::fromStdString(fileName)).fileName().toStdString();
    return n == "kustomization.yaml" || n == "kustomization.yml" || n == "Kustomization";
}

std::optional<std::string> K8sParser::notAnInput(const std::string& fileName, const std::string& text,
                                                 const ParseOptions&) const {
    const auto keys = topLevelKeys(text);
    const auto apiVersion = keys.find("apiVersion"), kind = keys.find("kind");
    std::optional<std::string> tool;
    if (isKustomizeFile(fileName, text))
        tool = kKustomization;
    else if (apiVersion != keys.end() && kind != keys.end())
        tool = toolConfiguration(apiVersion->second, kind->second);
    if (tool && *tool == kKustomization)
        *tool += " (not rendered: the manifests it lists are read as they are)";
    return tool;
}

Discovery K8sParser::parse(const SourceText& src, const ParseOptions& options) const {
    return Parse(src, options).run();
}

std::vector<Discovery> K8sParser::parseEach(const std::vector<SourceText>& srcs,
                                            const ParseOptions& options) const {
    // Every file's objects first, then each file's edges with what the others define. A rendered
    // Kustomization is all its overlay applies, by itself (another overlay's Service selects none of its
    // workloads): it sees, and is seen by, no other file.
    std::vector<std::unique_ptr<Parse>> parses;
    std::vector<std::unique_ptr<Neighbours>> renders; // each rendered file's
    Neighbours files;                                 // the others'
    std::vector<Neighbours*> neighbours;
    for (const SourceText& src : srcs) {
        parses.push_back(std::make_unique<Parse>(src, options));
        withPathInErrors(src, [&] { parses.back()->prepare(); });
        if (!src.renderedWith.empty())
            renders.push_back(std::make_unique<Neighbours>());
        neighbours.push_back(src.renderedWith.empty() ? &files : renders.back().get());
        parses.back()->shareWith(*neighbours.back());
    }
    std::vector<Discovery> out;
    for (std::size_t i = 0; i < srcs.size(); ++i)
        out.push_back(withPathInErrors(srcs[i], [&] { return parses[i]->complete(neighbours[i]); }));
    return out;
}

} // namespace terrain
