#include "ComposeParser.h"

#include "Error.h"
#include "HostRefs.h"
#include "Redaction.h"
#include "SourceText.h"
#include "YamlJson.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>

namespace terrain {

namespace {

struct At {
    const json* j = nullptr; ///< nullptr: missing
    std::string path;        ///< JSON pointer
};

class Reader {
public:
    explicit Reader(const std::string& file)
        : m_file(file) {}

    static std::string place(const At& a) { return a.path.empty() ? "(top level)" : a.path; }
    [[noreturn]] void fail(const At& a, const std::string& expected) const {
        throw Error(m_file, place(a), "expected " + expected + (a.j ? ", found " + describeJson(*a.j) : ""));
    }
    static bool missing(const At& a) { return !a.j || a.j->is_null(); }
    static At child(const At& a, std::string_view key) {
        At c{nullptr, jsonPointer(a.path, key)};
        if (a.j && a.j->is_object())
            if (auto it = a.j->find(std::string(key)); it != a.j->end())
                c.j = &*it;
        return c;
    }
    static At item(const At& a, std::size_t i) { return At{&(*a.j)[i], a.path + "/" + std::to_string(i)}; }
    At object(const At& a, std::string_view key, const char* what) const {
        At c = child(a, key);
        if (missing(c))
            return At{nullptr, c.path};
        if (!c.j->is_object())
            fail(c, what);
        return c;
    }
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
    /// A list of scalars; a single scalar counts as a list of one (dns: 8.8.8.8).
    std::vector<std::string> scalarList(const At& a, std::string_view key, const char* what) const {
        std::vector<std::string> out;
        const At c = child(a, key);
        if (missing(c))
            return out;
        if (!c.j->is_array()) {
            if (c.j->is_object())
                fail(c, what);
            out.push_back(*scalar(c, what));
            return out;
        }
        for (std::size_t i = 0; i < c.j->size(); ++i)
            out.push_back(scalar(item(c, i), what).value_or(""));
        return out;
    }

private:
    const std::string& m_file;
};

/// ${VAR:-default} and ${VAR-default} → default; ${VAR}, $VAR, ${VAR:?err} → "" (unknown here); $$ → $.
std::string interpolate(std::string_view v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] != '$') {
            out += v[i];
            continue;
        }
        if (i + 1 < v.size() && v[i + 1] == '$') {
            out += '$';
            ++i;
            continue;
        }
        if (i + 1 < v.size() && v[i + 1] == '{') {
            const auto close = v.find('}', i + 2);
            if (close == std::string_view::npos) {
                out += v.substr(i);
                break;
            }
            const std::string_view inner = v.substr(i + 2, close - i - 2);
            if (const auto dash = inner.find(":-"); dash != std::string_view::npos)
                out += inner.substr(dash + 2);
            else if (const auto d = inner.find('-');
                     d != std::string_view::npos && inner.find_first_of("?+:") > d)
                out += inner.substr(d + 1);
            i = close;
            continue;
        }
        std::size_t j = i + 1;
        while (j < v.size() && (std::isalnum(static_cast<unsigned char>(v[j])) || v[j] == '_'))
            ++j;
        i = j - 1;
    }
    return out;
}

/// docker compose's project name rules: lower case letters, digits, dashes and underscores.
std::string normalizeProject(std::string_view name) {
    std::string out;
    for (char c : name) {
        const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (std::isalnum(static_cast<unsigned char>(l)) || ((l == '-' || l == '_') && !out.empty()))
            out += l;
    }
    return out;
}

int strength(const std::string& kind) {
    static const std::vector<std::string> order = {"depends-on", "runs-on", "reads", "reads-writes", "calls"};
    const auto it = std::find(order.begin(), order.end(), kind);
    return it == order.end() ? 0 : static_cast<int>(it - order.begin());
}

class Parse {
public:
    Parse(const SourceText& src, const ParseOptions& options)
        : m_src(src)
        , m_options(options)
        , m_r(src.name) {}

    Discovery run() {
        m_d.format = "compose";
        m_d.file = m_src.name;
        m_d.contentHash = m_src.sha256;
        load();
        const At root{&m_doc, ""};
        if (!m_doc.is_object())
            m_r.fail(root, "a compose file (a map with services)");
        m_project = projectName(root);
        m_d.scope = "compose:" + m_project;
        findServices(root);
        collectNames();
        for (const auto& name : m_order)
            service(name);
        for (const char* top : {"networks", "volumes", "secrets", "configs"}) {
            const At section = m_r.object(root, top, "a map of names to definitions");
            if (section.j)
                m_d.skipped += static_cast<int>(section.j->size());
        }
        (void)m_options;
        return std::move(m_d);
    }

private:
    void load() {
        const std::string& text = m_src.text;
        const auto first = text.find_first_not_of(" \t\r\n");
        if (first == std::string::npos)
            throw Error(m_src.name, "", "a compose file with services, but the file is empty");
        if (text[first] == '{' || text[first] == '[') {
            m_doc = parseJsonText(text, m_src.name);
            return;
        }
        auto docs = loadYamlDocuments(text, m_src.name);
        if (docs.empty())
            throw Error(m_src.name, "", "a compose file with services, but the file has no content");
        if (docs.size() > 1)
            m_d.warnings.push_back("the file holds " + std::to_string(docs.size()) +
                                   " YAML documents; only the first is a compose file");
        m_doc = std::move(docs.front());
    }

    std::string projectName(const At& root) const {
        if (auto name = m_r.scalar(root, "name", "the project name as a string"))
            if (name->find('$') == std::string::npos)
                if (auto n = normalizeProject(*name); !n.empty())
                    return n;
        if (!m_src.path.empty()) {
            const QFileInfo info(QString::fromStdString(m_src.path));
            if (auto n = normalizeProject(info.absoluteDir().dirName().toStdString()); !n.empty())
                return n;
        }
        std::string stem = m_src.name;
        if (const auto slash = stem.find_last_of("/\\"); slash != std::string::npos)
            stem.erase(0, slash + 1);
        if (const auto dot = stem.find('.'); dot != std::string::npos && dot > 0)
            stem.erase(dot);
        if (auto n = normalizeProject(stem); !n.empty())
            return n;
        return "default";
    }

    void findServices(const At& root) {
        At services = Reader::child(root, "services");
        if (Reader::missing(services)) {
            // Version 1 files: services at the top level, each with an image or a build.
            bool legacy = !root.j->empty() && !root.j->contains("version");
            for (auto it = root.j->begin(); legacy && it != root.j->end(); ++it)
                legacy =
                    it.value().is_object() && (it.value().contains("image") || it.value().contains("build"));
            if (!legacy) {
                if (services.j) // services: (empty)
                    return;
                m_r.fail(services, "services: a map of service names to their definitions");
            }
            services = root;
            services.path = "";
        }
        if (!services.j->is_object())
            m_r.fail(services, "services: a map of service names to their definitions");
        m_services = services;
        for (auto it = services.j->begin(); it != services.j->end(); ++it) {
            const At def = Reader::child(services, it.key());
            if (!def.j->is_object())
                m_r.fail(def, "a service definition (a map with image, build, ports...)");
            m_order.push_back(it.key());
        }
    }

    std::string key(const std::string& service) const { return "compose:" + m_project + "/" + service; }

    /// Names by which other services reach one: service name, container_name, hostname, network aliases.
    void collectNames() {
        for (const auto& name : m_order)
            m_names.emplace(asciiLower(name), key(name));
        for (const auto& name : m_order) {
            const At def = Reader::child(m_services, name);
            for (const char* field : {"container_name", "hostname"})
                if (auto v = m_r.scalar(def, field, "a name as a string"); v && !v->empty())
                    m_names.emplace(asciiLower(*v), key(name));
            const At networks = Reader::child(def, "networks");
            if (networks.j && networks.j->is_object())
                for (auto it = networks.j->begin(); it != networks.j->end(); ++it) {
                    const At net = Reader::child(networks, it.key());
                    if (Reader::missing(net))
                        continue;
                    if (!net.j->is_object())
                        m_r.fail(net, "a network attachment (a map with aliases, ipv4_address...)");
                    for (const auto& alias : m_r.scalarList(net, "aliases", "aliases: a list of names"))
                        if (!alias.empty())
                            m_names.emplace(asciiLower(alias), key(name));
                }
            else if (networks.j && !networks.j->is_array() && !networks.j->is_null())
                m_r.fail(networks, "networks: a list of network names or a map");
        }
    }

    void addEdge(const std::string& from, const std::string& to, const std::string& kind,
                 const std::string& evidence) {
        if (from == to)
            return;
        const std::string pair = from + "\n" + to;
        if (auto it = m_edgeIndex.find(pair); it != m_edgeIndex.end()) {
            DiscoveredEdge& e = m_d.edges[it->second];
            if (strength(kind) > strength(e.kind))
                e.kind = kind;
            if (e.evidence.find(evidence) == std::string::npos)
                e.evidence += "; " + evidence;
            return;
        }
        m_edgeIndex[pair] = m_d.edges.size();
        m_d.edges.push_back({from, to, kind, evidence});
    }

    std::string external(const std::string& host) {
        const std::string k = "compose:external/" + host;
        if (m_externals.insert(k).second) {
            DiscoveredSystem s;
            s.key = k;
            s.name = host;
            s.kind = "external";
            s.address = host;
            s.external = true;
            s.tags.push_back("external");
            s.identifiers.push_back(host);
            m_d.systems.push_back(std::move(s));
        }
        return k;
    }

    /// `service:X` in network_mode, ipc, pid...: the service X.
    std::optional<std::string> serviceMode(const At& def, const char* field) const {
        if (auto v = m_r.scalar(def, field, "a mode as a string"); v && v->starts_with("service:"))
            return v->substr(8);
        return std::nullopt;
    }

    json ports(const At& def) const {
        json out = json::array();
        for (const char* field : {"ports"}) {
            const At list = Reader::child(def, field);
            if (Reader::missing(list))
                continue;
            if (!list.j->is_array())
                m_r.fail(list, "ports: a list of port mappings");
            for (std::size_t i = 0; i < list.j->size() && out.size() < 16; ++i) {
                const At p = Reader::item(list, i);
                if (p.j->is_object()) {
                    const auto target = m_r.scalar(p, "target", "the target port");
                    const auto published = m_r.scalar(p, "published", "the published port");
                    const auto protocol = m_r.scalar(p, "protocol", "the protocol as a string");
                    std::string s = published && !published->empty() ? *published + ":" : "";
                    s += target.value_or("");
                    if (protocol && *protocol != "tcp")
                        s += "/" + *protocol;
                    if (!s.empty())
                        out.push_back(s);
                } else if (auto s = m_r.scalar(p, "a port mapping such as \"8080:80\"")) {
                    out.push_back(*s);
                }
            }
        }
        return out;
    }

    std::vector<std::pair<std::string, std::string>> environment(const At& def) const {
        std::vector<std::pair<std::string, std::string>> out;
        const At env = Reader::child(def, "environment");
        if (Reader::missing(env))
            return out;
        if (env.j->is_array()) {
            for (std::size_t i = 0; i < env.j->size(); ++i) {
                const auto entry = m_r.scalar(Reader::item(env, i), "an environment entry KEY=value");
                if (!entry)
                    continue;
                const auto eq = entry->find('=');
                if (eq != std::string::npos)
                    out.emplace_back(entry->substr(0, eq), entry->substr(eq + 1));
            }
        } else if (env.j->is_object()) {
            for (auto it = env.j->begin(); it != env.j->end(); ++it)
                if (auto v = m_r.scalar(Reader::child(env, it.key()), "an environment value (text)"))
                    out.emplace_back(it.key(), *v);
        } else {
            m_r.fail(env, "environment: a list of KEY=value entries or a map");
        }
        return out;
    }

    void service(const std::string& name) {
        const At def = Reader::child(m_services, name);
        const std::string self = key(name);
        DiscoveredSystem s;
        s.key = self;
        s.name = name;
        s.provider = "docker";
        s.address = name;
        s.group = m_project;
        json attrs = json::object();
        const auto image = m_r.scalar(def, "image", "the image as a string");
        if (image)
            if (auto safe = safeImage(*image))
                attrs["image"] = *safe;
        const std::string kind = image ? imageKind(interpolate(*image)) : "";
        s.kind = kind.empty() ? "service" : kind;
        const At build = Reader::child(def, "build");
        if (!Reader::missing(build)) {
            // The context only: build args can hold secrets.
            if (build.j->is_object()) {
                if (auto context = m_r.scalar(build, "context", "the build context as a string"))
                    attrs["build"] = *context;
            } else if (auto context = m_r.scalar(build, "build: a context path or a map")) {
                attrs["build"] = *context;
            }
        }
        if (const json p = ports(def); !p.empty())
            attrs["ports"] = p;
        const At deploy = m_r.object(def, "deploy", "deploy: a map");
        if (const At replicas = Reader::child(deploy, "replicas");
            replicas.j && replicas.j->is_number_integer())
            attrs["replicas"] = *replicas.j;
        else if (const At scale = Reader::child(def, "scale"); scale.j && scale.j->is_number_integer())
            attrs["replicas"] = *scale.j;
        if (auto container = m_r.scalar(def, "container_name", "container_name as a string");
            container && !container->empty()) {
            attrs["container_name"] = *container;
            s.identifiers.push_back(*container);
        }
        if (const auto profiles = m_r.scalarList(def, "profiles", "profiles: a list of names");
            !profiles.empty())
            attrs["profiles"] = profiles;
        const At labels = Reader::child(def, "labels");
        if (labels.j && labels.j->is_object()) {
            json l = json::object();
            for (auto it = labels.j->begin(); it != labels.j->end() && l.size() < 32; ++it)
                l[it.key()] = m_r.scalar(Reader::child(labels, it.key()), "a label value").value_or("");
            attrs["labels"] = l;
        } else if (labels.j && labels.j->is_array()) {
            json l = json::object();
            for (const auto& entry : m_r.scalarList(def, "labels", "a label KEY=value"))
                if (l.size() < 32) {
                    const auto eq = entry.find('=');
                    l[entry.substr(0, eq)] = eq == std::string::npos ? "" : entry.substr(eq + 1);
                }
            attrs["labels"] = l;
        } else if (!Reader::missing(labels)) {
            m_r.fail(labels, "labels: a map or a list of KEY=value");
        }
        s.attributes = safeAttributes(attrs);
        m_d.systems.push_back(std::move(s));

        // depends_on: a list, or a map of service → {condition, required, restart}.
        const At depends = Reader::child(def, "depends_on");
        if (!Reader::missing(depends)) {
            if (depends.j->is_array()) {
                for (std::size_t i = 0; i < depends.j->size(); ++i)
                    if (auto t = m_r.scalar(Reader::item(depends, i), "a service name"); t && !t->empty())
                        addEdge(self, key(*t), "depends-on", "depends_on");
            } else if (depends.j->is_object()) {
                for (auto it = depends.j->begin(); it != depends.j->end(); ++it) {
                    const At cond = Reader::child(depends, it.key());
                    std::string evidence = "depends_on";
                    if (!Reader::missing(cond)) {
                        if (!cond.j->is_object())
                            m_r.fail(cond, "a map with condition, required and restart");
                        if (auto c = m_r.scalar(cond, "condition", "the condition as a string"))
                            evidence += " (" + *c + ")";
                    }
                    addEdge(self, key(it.key()), "depends-on", evidence);
                }
            } else {
                m_r.fail(depends, "depends_on: a list of service names or a map");
            }
        }
        // links: "db" or "db:alias"; the alias is a host name for this service only.
        std::map<std::string, std::string> ownNames;
        for (const auto& link : m_r.scalarList(def, "links", "links: a list of service[:alias]")) {
            const auto colon = link.find(':');
            const std::string target = link.substr(0, colon);
            if (target.empty())
                continue;
            addEdge(self, key(target), "calls", "links " + link);
            if (colon != std::string::npos)
                ownNames[asciiLower(link.substr(colon + 1))] = key(target);
        }
        for (const auto& link :
             m_r.scalarList(def, "external_links", "external_links: a list of container[:alias]")) {
            const auto colon = link.find(':');
            const std::string container = link.substr(0, colon);
            if (container.empty())
                continue;
            const std::string ext = external(container);
            addEdge(self, ext, "calls", "external_links " + link);
            ownNames[asciiLower(container)] = ext;
            if (colon != std::string::npos)
                ownNames[asciiLower(link.substr(colon + 1))] = ext;
        }
        if (auto target = serviceMode(def, "network_mode"))
            addEdge(self, key(*target), "runs-on", "network_mode service:" + *target);
        for (const char* field : {"ipc", "pid", "uts", "cgroup"})
            if (auto target = serviceMode(def, field))
                addEdge(self, key(*target), "depends-on", std::string(field) + " service:" + *target);
        for (const auto& entry :
             m_r.scalarList(def, "volumes_from", "volumes_from: a list of service[:ro]")) {
            if (entry.starts_with("container:") || entry.empty())
                continue;
            std::string target = entry.starts_with("service:") ? entry.substr(8) : entry;
            bool readOnly = false;
            if (const auto colon = target.find(':'); colon != std::string::npos) {
                readOnly = target.substr(colon + 1) == "ro";
                target.erase(colon);
            }
            addEdge(self, key(target), readOnly ? "reads" : "reads-writes", "volumes_from " + entry);
        }
        // Hosts named in environment values (never kept: only the host and the variable's name).
        for (const auto& [k, v] : environment(def)) {
            const std::string value = interpolate(v);
            for (const HostRef& ref : hostRefs(k, value)) {
                std::optional<std::string> to;
                if (auto own = ownNames.find(ref.host); own != ownNames.end())
                    to = own->second;
                else if (auto n = m_names.find(ref.host); n != m_names.end())
                    to = n->second;
                else if (ref.definite)
                    to = external(ref.host);
                if (to && *to != self)
                    addEdge(self, *to, "calls", hostEvidence("env", k, value, ref));
            }
        }
    }

    const SourceText& m_src;
    const ParseOptions& m_options;
    Reader m_r;
    Discovery m_d;
    json m_doc;
    std::string m_project;
    At m_services;
    std::vector<std::string> m_order;
    std::map<std::string, std::string> m_names; // host name -> service key
    std::set<std::string> m_externals;
    std::map<std::string, std::size_t> m_edgeIndex;
};

bool composeFileName(const std::string& fileName) {
    std::string n = asciiLower(fileName);
    if (const auto slash = n.find_last_of("/\\"); slash != std::string::npos)
        n.erase(0, slash + 1);
    const bool yaml = n.ends_with(".yml") || n.ends_with(".yaml");
    return yaml && (n.starts_with("docker-compose") || n.starts_with("compose") ||
                    n.find("compose.") != std::string::npos);
}

} // namespace

std::string ComposeParser::description() const {
    return "docker compose files (v2, v3, Compose Specification) and docker compose config --format json";
}

int ComposeParser::sniff(const std::string& fileName, const std::string& text) const {
    if (text.find("AWSTemplateFormatVersion") != std::string::npos)
        return 0;
    const bool byName = composeFileName(fileName);
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return byName ? 40 : 0;
    bool services = false;
    bool apiVersion = false;
    if (text[first] == '{') {
        // "services": { at any depth is enough for the JSON of docker compose config.
        for (std::size_t pos = text.find("\"services\""); pos != std::string::npos;
             pos = text.find("\"services\"", pos + 1)) {
            const auto colon = text.find_first_not_of(" \t\r\n", pos + 10);
            if (colon == std::string::npos || text[colon] != ':')
                continue;
            const auto brace = text.find_first_not_of(" \t\r\n", colon + 1);
            if (brace != std::string::npos && text[brace] == '{')
                services = true;
        }
        apiVersion = text.find("\"apiVersion\"") != std::string::npos;
    } else {
        services = text.starts_with("services:") || text.find("\nservices:") != std::string::npos;
        apiVersion = text.starts_with("apiVersion:") || text.find("\napiVersion:") != std::string::npos;
    }
    if (apiVersion)
        return 0;
    const bool serviceFields = text.find("image:") != std::string::npos ||
                               text.find("build:") != std::string::npos ||
                               text.find("\"image\"") != std::string::npos;
    if (services && byName)
        return 95;
    if (services && serviceFields)
        return 85;
    if (services)
        return 60;
    if (byName && serviceFields)
        return 70; // a version 1 file: services at the top level
    return byName ? 40 : 0;
}

Discovery ComposeParser::parse(const SourceText& src, const ParseOptions& options) const {
    return Parse(src, options).run();
}

} // namespace terrain
