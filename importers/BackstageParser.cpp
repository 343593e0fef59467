#include "BackstageParser.h"

#include "Discovery.h"

#include "Error.h"
#include "FileGlob.h"
#include "Redaction.h"
#include "SourceText.h"
#include "YamlJson.h"

#include <QFileInfo>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>
#include <tuple>

namespace terrain {

namespace {

bool contains(std::string_view s, std::string_view part) {
    return s.find(part) != std::string_view::npos;
}

struct Ref {
    std::string kind; ///< lower case
    std::string ns;   ///< as written ("default" when absent)
    std::string name;
    std::string key() const { return "backstage:" + kind + ":" + asciiLower(ns) + "/" + asciiLower(name); }
    /// "name", or "ns/name" outside the default namespace (for owners and groups).
    std::string shortName() const { return asciiLower(ns) == "default" ? name : ns + "/" + name; }
};

/// `[kind:][namespace/]name`; an empty kind when the text has none and no default is given.
Ref parseRef(const std::string& text, const std::string& defaultKind, const std::string& defaultNs) {
    Ref r;
    std::string rest = text;
    const auto colon = rest.find(':');
    const auto slash = rest.find('/');
    if (colon != std::string::npos && (slash == std::string::npos || colon < slash)) {
        r.kind = asciiLower(rest.substr(0, colon));
        rest = rest.substr(colon + 1);
    } else {
        r.kind = defaultKind;
    }
    if (const auto s = rest.find('/'); s != std::string::npos) {
        r.ns = rest.substr(0, s);
        r.name = rest.substr(s + 1);
    } else {
        r.ns = defaultNs;
        r.name = rest;
    }
    return r;
}

bool isSystemKind(const std::string& kind) {
    return kind == "component" || kind == "resource" || kind == "api" || kind == "system";
}

/// A reference an edge may point at: a system kind and a name.
bool isSystemRef(const Ref& r) {
    return isSystemKind(r.kind) && !r.name.empty() && !r.ns.empty();
}

std::string kindForType(const std::string& entityKind, const std::string& type) {
    const std::string t = asciiLower(type);
    auto any = [&](std::initializer_list<std::string_view> words) {
        return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return contains(t, w); });
    };
    if (entityKind == "api" || entityKind == "system")
        return "other";
    if (any({"database", "postgres", "mysql", "mariadb", "mongo", "dynamodb", "rds", "sql", "cassandra"}) ||
        t == "db")
        return "database";
    if (any({"cache", "redis", "memcache"}))
        return "cache";
    if (any({"queue", "topic", "kafka", "sqs", "sns", "pubsub", "stream", "rabbit"}))
        return "queue";
    if (any({"bucket", "storage", "s3", "filesystem", "blob", "volume"}))
        return "storage";
    if (any({"function", "lambda", "serverless"}))
        return "function";
    if (any({"load-balancer", "loadbalancer", "cdn", "gateway", "ingress"}) || t == "lb")
        return "load-balancer";
    if (any({"dns", "domain"}))
        return "dns";
    if (any({"secret", "vault", "kms"}))
        return "secret-store";
    if (any({"vpc", "subnet", "network"}))
        return "network";
    if (any({"monitor", "dashboard", "observability", "alert"}))
        return "monitoring";
    if (any({"pipeline", "ci", "build"}) && entityKind != "component")
        return "ci-cd";
    if (any({"cluster", "kubernetes", "vm", "server", "host", "compute", "node", "job", "batch"}))
        return "compute";
    if (any({"library", "lib", "sdk", "package", "documentation"}))
        return "other";
    if (entityKind == "component")
        return "service"; // service, website, backend, frontend, app...
    return "other";
}

struct Entity {
    std::size_t doc = 0;
    std::string pointer; ///< "" (the document's root)
    std::string kind;    ///< lower case
    std::string ns, name;
    const json* node = nullptr;
    const json* spec = nullptr;
};

class Catalog {
public:
    Catalog(const SourceText& src, std::size_t docCount)
        : m_src(src)
        , m_docCount(docCount) {}

    [[noreturn]] void fail(std::size_t doc, const std::string& ptr, const std::string& expected,
                           const json* found = nullptr) const {
        std::string place = m_docCount > 1 ? "document " + std::to_string(doc + 1) + ", " : std::string();
        place += ptr.empty() ? std::string("/") : ptr;
        throw Error(m_src.name, place,
                    "expected " + expected + (found ? ", found " + describeJson(*found) : std::string()));
    }

    std::string optString(const Entity& e, const json& obj, const std::string& ptr, const char* key) const {
        const auto it = obj.find(key);
        if (it == obj.end() || it->is_null())
            return {};
        if (!it->is_string())
            fail(e.doc, jsonPointer(ptr, key), "a string", &*it);
        return it->get<std::string>();
    }

    std::vector<std::string> optStrings(const Entity& e, const json& obj, const std::string& ptr,
                                        const char* key) const {
        std::vector<std::string> out;
        const auto it = obj.find(key);
        if (it == obj.end() || it->is_null())
            return out;
        if (it->is_string()) // lenient: one reference instead of a list of one
            return {it->get<std::string>()};
        if (!it->is_array())
            fail(e.doc, jsonPointer(ptr, key), "a list of entity references", &*it);
        for (std::size_t i = 0; i < it->size(); ++i) {
            if (!(*it)[i].is_string())
                fail(e.doc, jsonPointer(jsonPointer(ptr, key), i), "an entity reference (a string)",
                     &(*it)[i]);
            out.push_back((*it)[i].get<std::string>());
        }
        return out;
    }

    /// The discovery of `docs`; the targets of its Location entities go to `locations` as (name, target).
    Discovery run(const std::vector<json>& docs, std::vector<std::pair<std::string, std::string>>& locations);

    /// The entities its relations name with their kind (written, or the one the relation implies: an API
    /// for consumesApis and providesApis, a component for subcomponentOf), by key, as first written.
    std::map<std::string, Ref> named;

private:
    const SourceText& m_src;
    std::size_t m_docCount;
};

Discovery Catalog::run(const std::vector<json>& docs,
                       std::vector<std::pair<std::string, std::string>>& locations) {
    Discovery d;
    d.format = "backstage";
    d.file = m_src.name;
    d.scope = sourceScope("backstage", m_src.path, m_src.name);
    d.legacyScope = "backstage:" + m_src.name;
    d.contentHash = m_src.sha256;

    std::vector<Entity> entities;
    for (std::size_t i = 0; i < docs.size(); ++i) {
        const json& doc = docs[i];
        Entity e;
        e.doc = i;
        if (!doc.is_object())
            fail(i, "", "a Backstage entity (a map with apiVersion, kind and metadata)", &doc);
        const auto api = doc.find("apiVersion");
        if (api == doc.end() || !api->is_string())
            fail(i, "/apiVersion", "an apiVersion such as backstage.io/v1alpha1",
                 api == doc.end() ? nullptr : &*api);
        const auto kind = doc.find("kind");
        if (kind == doc.end() || !kind->is_string() || kind->get<std::string>().empty())
            fail(i, "/kind", "an entity kind such as Component", kind == doc.end() ? nullptr : &*kind);
        const auto md = doc.find("metadata");
        if (md == doc.end() || !md->is_object())
            fail(i, "/metadata", "a map with the entity's name", md == doc.end() ? nullptr : &*md);
        const auto name = md->find("name");
        if (name == md->end() || !name->is_string() || name->get<std::string>().empty())
            fail(i, "/metadata/name", "the entity's name (a string)", name == md->end() ? nullptr : &*name);
        if (const auto spec = doc.find("spec"); spec != doc.end() && !spec->is_null()) {
            if (!spec->is_object())
                fail(i, "/spec", "a map", &*spec);
            e.spec = &*spec;
        }
        e.node = &doc;
        e.kind = asciiLower(kind->get<std::string>());
        e.name = name->get<std::string>();
        e.ns = optString(e, *md, "/metadata", "namespace");
        if (e.ns.empty())
            e.ns = "default";
        if (!contains(api->get<std::string>(), "backstage.io")) {
            d.warnings.push_back(
                (docs.size() > 1 ? "document " + std::to_string(i + 1) + ": " : std::string()) +
                "apiVersion " + api->get<std::string>() + " is not a Backstage entity; left out");
            ++d.skipped;
            continue;
        }
        entities.push_back(e);
    }

    // Bare names in dependsOn: a component or resource of this file with that name.
    std::map<std::string, std::set<std::string>> kindsByName;
    for (const auto& e : entities)
        if (e.kind == "component" || e.kind == "resource")
            kindsByName[asciiLower(e.ns) + "/" + asciiLower(e.name)].insert(e.kind);

    std::set<std::string> keys;
    std::set<std::tuple<std::string, std::string, std::string>> edgeSeen;
    auto addEdge = [&](const std::string& from, const std::string& to, const std::string& kind,
                       const std::string& evidence) {
        if (from == to || !edgeSeen.emplace(from, to, kind).second)
            return;
        d.edges.push_back({from, to, kind, evidence});
    };

    // What Terrain's own export says (a catalog written from a map, imported back): the map's System
    // entity (annotated terrain/map) is the map itself, neither a system nor a group; an entity's
    // `terrain/key` is the system it was written from, which it joins; its owner "unowned" is the
    // export's word for none.
    auto terrainSays = [](const json& md, const char* key) {
        const auto ann = md.find("annotations");
        if (ann == md.end() || !ann->is_object())
            return std::string();
        const auto it = ann->find(key);
        return it != ann->end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    // Backstage compares references without case (`system: Checkout` is the System checkout): an owner, a
    // system (the group) or a domain is spelled as its entity is, else as it is first named.
    std::map<std::string, std::string> spelling; // Ref::key() -> shortName()
    for (const auto& e : entities) {
        const Ref r{e.kind, e.ns, e.name};
        spelling.emplace(r.key(), r.shortName());
    }
    auto spelled = [&](const Ref& r) -> const std::string& {
        return spelling.emplace(r.key(), r.shortName()).first->second;
    };
    std::set<std::string> maps; // the keys of the map System entities
    for (const auto& e : entities)
        if (e.kind == "system" && e.node->contains("metadata") &&
            terrainSays((*e.node)["metadata"], "terrain/map") == "true")
            maps.insert(Ref{e.kind, e.ns, e.name}.key());

    for (const auto& e : entities) {
        const json empty = json::object();
        const json& spec = e.spec ? *e.spec : empty;
        const json& md = (*e.node)["metadata"];
        if (!isSystemKind(e.kind)) {
            ++d.skipped;
            if (e.kind == "location") {
                for (const auto& target : optStrings(e, spec, "/spec", "targets"))
                    locations.emplace_back(e.name, target);
                if (const std::string target = optString(e, spec, "/spec", "target"); !target.empty())
                    locations.emplace_back(e.name, target);
            } else if (e.kind != "group" && e.kind != "user" && e.kind != "domain" && e.kind != "template") {
                d.warnings.push_back("entity kind " + e.kind + " (" + e.name + ") is not a system; left out");
            }
            continue;
        }
        Ref self{e.kind, e.ns, e.name};
        if (maps.count(self.key())) {
            ++d.skipped;
            continue;
        }
        const std::string writtenFrom = terrainSays(md, "terrain/key");
        DiscoveredSystem s;
        s.key = self.key();
        if (!keys.insert(s.key).second) {
            d.warnings.push_back(s.key + " is defined twice; the first definition is kept");
            continue;
        }
        const std::string title = optString(e, md, "/metadata", "title");
        s.name = title.empty() ? e.name : title;
        const std::string type = optString(e, spec, "/spec", "type");
        s.kind = kindForType(e.kind, type);
        s.address = e.kind + ":" + (asciiLower(e.ns) == "default" ? std::string() : e.ns + "/") + e.name;
        if (const std::string owner = optString(e, spec, "/spec", "owner"); !owner.empty())
            s.owner =
                spelled(parseRef(owner, "group", e.ns)); // in the entity's namespace unless it names one
        if (!writtenFrom.empty() && s.owner == "unowned")
            s.owner.clear();
        if (auto environment = safeValue("environment", terrainSays(md, "terrain/environment")))
            s.environment = *environment;
        if (auto from = safeValue("system", writtenFrom); from && !from->empty() && *from == writtenFrom)
            s.identifiers.push_back(*from);
        if (e.kind == "system")
            s.group = spelled(Ref{"system", e.ns, e.name});
        else if (const std::string sys = optString(e, spec, "/spec", "system");
                 !sys.empty() && !maps.count(parseRef(sys, "system", e.ns).key()))
            s.group = spelled(parseRef(sys, "system", e.ns));
        const std::string lifecycle = optString(e, spec, "/spec", "lifecycle");
        if (asciiLower(lifecycle) == "production")
            s.lifecycle = "keep";
        else if (asciiLower(lifecycle) == "deprecated")
            s.lifecycle = "retire";
        for (const auto& t : optStrings(e, md, "/metadata", "tags"))
            if (auto v = safeValue("tag", t))
                s.tags.push_back(*v);

        json attrs = json::object();
        attrs["entity_kind"] = e.kind;
        if (asciiLower(e.ns) != "default")
            attrs["namespace"] = e.ns;
        if (const std::string desc = optString(e, md, "/metadata", "description"); !desc.empty())
            if (auto v = safeValue("description", desc))
                attrs["description"] = *v;
        if (!type.empty())
            if (auto v = safeValue("type", type))
                attrs["type"] = *v;
        if (!lifecycle.empty())
            if (auto v = safeValue("lifecycle", lifecycle))
                attrs["lifecycle_stage"] = *v;
        if (e.kind == "system")
            if (const std::string dom = optString(e, spec, "/spec", "domain"); !dom.empty())
                attrs["domain"] = spelled(parseRef(dom, "domain", e.ns));
        if (const auto labels = md.find("labels"); labels != md.end() && labels->is_object()) {
            const json l = safeAttributes(json{{"labels", *labels}});
            for (auto it = l.begin(); it != l.end(); ++it)
                attrs[it.key()] = it.value();
        }
        if (const auto ann = md.find("annotations"); ann != md.end() && ann->is_object()) {
            std::size_t kept = 0;
            for (auto it = ann->begin(); it != ann->end() && kept < 16; ++it)
                if (it->is_string() && !isSecretKey(it.key()))
                    if (auto v = safeValue(it.key(), it->get<std::string>())) {
                        attrs["annotation." + it.key()] = *v;
                        ++kept;
                    }
        }
        s.attributes = std::move(attrs);
        // The Kubernetes objects labelled with its id are its own (K8sParser's catalogEdges()).
        if (const auto ann = md.find("annotations"); ann != md.end() && ann->is_object())
            if (const auto id = ann->find(std::string(kKubernetesIdLabel));
                id != ann->end() && id->is_string()) {
                const std::string text = id->get<std::string>();
                if (isLabelValue(text))
                    s.identifiers.push_back(kubernetesIdIdentifier(text));
                else if (auto shown = safeValue(std::string(kKubernetesIdLabel), text))
                    d.warnings.push_back(s.address + ": " + std::string(kKubernetesIdLabel) + " '" + *shown +
                                         "' is not a Kubernetes label value; no object is joined to it");
            }

        // Relations.
        const std::string me = s.key;
        auto name = [&](const Ref& r) {
            if (isSystemRef(r))
                named.emplace(r.key(), r);
        };
        // The target of dependsOn or dependencyOf: with its kind as written, an entity it names; a bare name
        // is this file's component or resource of that name, else a component (a guess, which names none).
        auto dependency = [&](const std::string& text) {
            Ref r = parseRef(text, "", e.ns);
            if (!r.kind.empty()) {
                name(r);
                return r;
            }
            const auto k = kindsByName.find(asciiLower(r.ns) + "/" + asciiLower(r.name));
            r.kind = k != kindsByName.end() && k->second.size() == 1 ? *k->second.begin() : "component";
            return r;
        };
        for (const auto& text : optStrings(e, spec, "/spec", "dependsOn")) {
            const Ref r = dependency(text);
            if (isSystemRef(r))
                addEdge(me, r.key(), "depends-on", "dependsOn " + text);
        }
        for (const auto& text : optStrings(e, spec, "/spec", "dependencyOf")) {
            const Ref r = dependency(text);
            if (isSystemRef(r))
                addEdge(r.key(), me, "depends-on", "dependencyOf " + text + " (on " + e.name + ")");
        }
        for (const auto& text : optStrings(e, spec, "/spec", "consumesApis")) {
            const Ref r = parseRef(text, "api", e.ns);
            name(r);
            if (isSystemRef(r))
                addEdge(me, r.key(), "calls", "consumesApis " + text);
        }
        for (const auto& text : optStrings(e, spec, "/spec", "providesApis")) {
            const Ref r = parseRef(text, "api", e.ns);
            name(r);
            if (isSystemRef(r))
                addEdge(r.key(), me, "depends-on", "providesApis (" + e.name + " provides " + text + ")");
        }
        if (const std::string parent = optString(e, spec, "/spec", "subcomponentOf"); !parent.empty()) {
            const Ref r = parseRef(parent, "component", e.ns);
            name(r);
            if (isSystemRef(r))
                addEdge(r.key(), me, "contains", "subcomponentOf (" + e.name + " is part of " + parent + ")");
        }
        d.systems.push_back(std::move(s));
    }
    return d;
}

} // namespace

std::string BackstageParser::description() const {
    return "Backstage catalog (catalog-info.yaml): components, resources, APIs and their relations";
}

int BackstageParser::sniff(const std::string& fileName, const std::string& text) const {
    const std::string head = text.substr(0, 16384);
    // "apiVersion: backstage.io/v1alpha1" (or scaffolder.backstage.io), YAML or JSON: the apiVersion
    // key on the same line as backstage.io/, so that a Kubernetes annotation does not count.
    for (std::size_t at = head.find("backstage.io/"); at != std::string::npos;
         at = head.find("backstage.io/", at + 1)) {
        const std::size_t lineStart = head.rfind('\n', at);
        const std::string line = head.substr(lineStart == std::string::npos ? 0 : lineStart + 1,
                                             at - (lineStart == std::string::npos ? 0 : lineStart + 1));
        if (contains(line, "apiVersion") && !contains(line, "annotations"))
            return 95;
    }
    const std::string l = asciiLower(fileName);
    if ((contains(l, "catalog-info") || contains(l, "catalog_info")) && contains(head, "kind:"))
        return 60;
    return 0;
}

namespace {

/// The discovery of one catalog file, and its Locations' targets; the entities its relations name go to
/// `named`.
Discovery catalogOf(const SourceText& src, std::vector<std::pair<std::string, std::string>>& locations,
                    std::map<std::string, Ref>& named) {
    YamlOptions opts;
    opts.maxValues = 1'000'000; // a catalog file is small; refusing alias bombs early keeps them cheap
    const auto docs = loadYamlDocuments(src.text, src.name, opts);
    if (docs.empty())
        throw Error(src.name, "line 1, column 1",
                    "expected at least one Backstage entity, found an empty file");
    Catalog c(src, docs.size());
    Discovery d = c.run(docs, locations);
    named.merge(c.named);
    return d;
}

} // namespace

Discovery BackstageParser::parse(const SourceText& src, const ParseOptions&) const {
    std::vector<std::pair<std::string, std::string>> locations;
    std::map<std::string, Ref> named;
    Discovery d = catalogOf(src, locations, named);
    // A Location's targets are read as Backstage reads them: files beside this one (globs too), each
    // once, their entities this discovery's own; a URL cannot be, and is named in a warning.
    const QString folder =
        src.path.empty() ? QString() : QFileInfo(QString::fromStdString(src.path)).absolutePath();
    std::set<std::string> read = {
        src.path.empty() ? std::string()
                         : QFileInfo(QString::fromStdString(src.path)).canonicalFilePath().toStdString()};
    std::set<std::string> keys;
    for (const auto& s : d.systems)
        keys.insert(s.key);
    // (folder, the file as named in warnings ("" for this one), location, target)
    std::vector<std::tuple<QString, std::string, std::string, std::string>> pending;
    for (const auto& [name, target] : locations)
        pending.emplace_back(folder, std::string(), name, target);
    constexpr std::size_t kMostFiles = 1000;
    GlobBudget globs;
    for (std::size_t i = 0; i < pending.size(); ++i) {
        const auto [from, in, location, target] = pending[i];
        const std::string where = in.empty() ? std::string() : in + ": ";
        const bool url = target.find("://") != std::string::npos;
        if (url || from.isEmpty()) {
            d.warnings.push_back(where + "Location " + location + " points to " + target +
                                 (url ? ", which Terrain does not fetch: import a copy of it too"
                                      : "; import that file too to see its entities"));
            continue;
        }
        const std::vector<std::string> files = filesMatching(from.toStdString(), target, globs);
        if (files.empty())
            d.warnings.push_back(where + "Location " + location + " points to " + target +
                                 ", which matches no file; left out");
        for (const std::string& file : files) {
            if (!read.insert(file).second)
                continue;
            if (read.size() > kMostFiles)
                throw Error(src.name, "",
                            "expected Locations that lead to at most " + std::to_string(kMostFiles) +
                                " catalog files, but these lead to more");
            const SourceText sub = readFileNamedFrom(file, folder.toStdString());
            std::vector<std::pair<std::string, std::string>> more;
            Discovery part = catalogOf(sub, more, named);
            d.included.push_back(file);
            for (auto& s : part.systems)
                if (keys.insert(s.key).second)
                    d.systems.push_back(std::move(s));
                else
                    d.warnings.push_back(s.key + " is defined twice (again in " + sub.name +
                                         "); the first definition is kept");
            for (auto& e : part.edges)
                d.edges.push_back(std::move(e));
            for (auto& w : part.warnings)
                d.warnings.push_back(sub.name + ": " + w);
            d.skipped += part.skipped;
            const QString subFolder = QFileInfo(QString::fromStdString(file)).absolutePath();
            for (const auto& [name, next] : more)
                pending.emplace_back(subFolder, sub.name, name, next);
        }
    }
    if (globs.ranOut)
        d.warnings.push_back("the Locations' globs looked at " + std::to_string(GlobBudget::kFiles) +
                             " files and stopped; files past them were left out");
    // A Kubernetes id that two entities claim is neither's: the objects labelled with it would join both,
    // and the two would be one system.
    {
        std::map<std::string, std::vector<DiscoveredSystem*>> claimed;
        for (auto& s : d.systems)
            for (const auto& ident : s.identifiers)
                if (ident.starts_with(kKubernetesIdLabel))
                    claimed[ident].push_back(&s);
        for (const auto& [ident, entities] : claimed) {
            if (entities.size() < 2)
                continue;
            std::string names;
            for (DiscoveredSystem* s : entities) {
                names += (names.empty() ? "" : ", ") + s->address;
                std::erase(s->identifiers, ident);
            }
            d.warnings.push_back(ident.substr(kKubernetesIdLabel.size() + 1) + " is the " +
                                 std::string(kKubernetesIdLabel) + " of " + names +
                                 ": the objects labelled with it are joined to none of them");
        }
    }
    // An entity a relation names that these files do not define (an API another team's catalog
    // describes): a placeholder, managed elsewhere, which that catalog's import fills in, whichever comes
    // first. A bare name in dependsOn, whose kind is only guessed, names none.
    for (const auto& [key, r] : named) {
        if (keys.count(key))
            continue;
        DiscoveredSystem s;
        s.key = key;
        s.name = r.name;
        s.kind = kindForType(r.kind, "");
        s.address = r.kind + ":" + (asciiLower(r.ns) == "default" ? std::string() : r.ns + "/") + r.name;
        s.reference = true;
        s.attributes = json{{"entity_kind", r.kind}};
        if (asciiLower(r.ns) != "default")
            s.attributes["namespace"] = r.ns;
        d.systems.push_back(std::move(s));
    }
    return d;
}

} // namespace terrain
