#include "ImportMerge.h"

#include "AsciiChars.h"
#include "DatedExports.h"
#include "GraphAnalysis.h"
#include "HugePages.h"
#include "JsonText.h"
#include "K8sParser.h"
#include "Project.h"
#include "TerraformCommon.h"

#include <QDateTime>
#include <QFileInfo>

#include <absl/container/flat_hash_map.h>

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <span>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace terrain {

namespace {

// Which source's word counts most when several name the same system: infrastructure as code first,
// then runtime sources, then inventories; data sources and external placeholders last.
int formatRank(const std::string& format) {
    static const std::vector<std::string> order = {"tfstate", "tfjson",    "cfn",    "tfgraph", "k8s",
                                                   "compose", "backstage", "awscli", "csv",     "prometheus"};
    const auto it = std::find(order.begin(), order.end(), format);
    return it == order.end() ? static_cast<int>(order.size()) : static_cast<int>(it - order.begin());
}

// The fields a source and a person may both set. A re-import changes one only while it still equals
// what the sources said last time.
struct Field {
    const char* name;
    std::string System::*member;
    std::string DiscoveredSystem::*source;
};
const Field kFields[] = {
    {"name", &System::name, &DiscoveredSystem::name},
    {"kind", &System::kind, &DiscoveredSystem::kind},
    {"provider", &System::provider, &DiscoveredSystem::provider},
    {"environment", &System::environment, &DiscoveredSystem::environment},
    {"owner", &System::owner, &DiscoveredSystem::owner},
    {"lifecycle", &System::lifecycle, &DiscoveredSystem::lifecycle},
    {"address", &System::address, &DiscoveredSystem::address},
    {"group", &System::group, &DiscoveredSystem::group},
};

template <class T> void addUnique(std::vector<T>& v, const T& x) {
    if (std::find(v.begin(), v.end(), x) == v.end())
        v.push_back(x);
}

struct UnionFind {
    std::vector<size_t> parent;
    explicit UnionFind(size_t n)
        : parent(n) {
        std::iota(parent.begin(), parent.end(), size_t{0});
    }
    size_t find(size_t x) {
        while (parent[x] != x)
            x = parent[x] = parent[parent[x]];
        return x;
    }
    void unite(size_t a, size_t b) {
        a = find(a);
        b = find(b);
        if (a != b)
            parent[std::max(a, b)] = std::min(a, b);
    }
};

struct Item {
    DiscoveredSystem* sys; ///< owned by the plan's discoveries: what the plan keeps is moved out of it
    const Discovery* from;
};

// What the sources say of each field of kFields, by its index there.
using FieldValues = std::array<std::string, std::size(kFields)>;

/// The text of System::discovered when one format alone says `values`: as jsonText() writes the
/// document {format: {name: value, ...}} with the fields in kFields' order, empty ones left out.
std::string oneFormatText(const std::string& format, const FieldValues& values) {
    std::string out = "{";
    appendJsonString(out, format);
    out += ":{";
    bool first = true;
    for (size_t f = 0; f < std::size(kFields); ++f) {
        if (values[f].empty())
            continue;
        if (!first)
            out += ',';
        first = false;
        appendJsonString(out, kFields[f].name);
        out += ':';
        appendJsonString(out, values[f]);
    }
    out += "}}";
    return out;
}

// System::discovered holds, per format, what that format's last import said of each field. The
// value that counts is the best-ranked format's.
FieldValues effective(const json& perFormat) {
    std::vector<std::tuple<int, const std::string*, const json*>> formats;
    for (auto it = perFormat.begin(); it != perFormat.end(); ++it)
        if (it.value().is_object())
            formats.emplace_back(formatRank(it.key()), &it.key(), &it.value());
    std::sort(formats.begin(), formats.end(), [](const auto& a, const auto& b) {
        return std::get<0>(a) != std::get<0>(b) ? std::get<0>(a) < std::get<0>(b)
                                                : *std::get<1>(a) < *std::get<1>(b);
    });
    FieldValues out;
    for (size_t f = 0; f < std::size(kFields); ++f)
        for (const auto& [rank, format, said] : formats) {
            const auto v = said->find(kFields[f].name);
            if (v == said->end())
                continue;
            std::string value = v->template get<std::string>();
            if (!value.empty()) {
                out[f] = std::move(value);
                break;
            }
        }
    return out;
}

/// A map written before file scopes had paths (sourceScope()) holds "k8s:app.yaml" where an import now
/// says "k8s:/home/cto/shop/app.yaml". Such a scope is the scope of the one source of this import that had
/// it and describes some of what it held (a system of that scope shares a key or an identifier with one the
/// source defines, not one it only names): another file of the same name (the next repository's
/// catalog-info.yaml, naming the first one's API) describes other things and is a source of its own. None
/// when two sources of one name are read: which one it was is unknown. By legacy scope.
/// The sources a file is a newer export of (Discovery::earlier) are taken alike, but without the test where
/// the user named them.
std::map<std::string, std::string> legacyScopes(const std::vector<Discovery>& discoveries,
                                                const std::vector<System>& existing) {
    std::map<std::string, const Discovery*> by;
    std::set<std::string> ambiguous, named;
    auto claim = [&](const std::string& scope, const Discovery& d) {
        if (scope.empty() || scope == d.scope)
            return;
        if (const auto [it, fresh] = by.emplace(scope, &d); !fresh && it->second->scope != d.scope)
            ambiguous.insert(scope);
        if (d.earlierNamed)
            named.insert(scope);
    };
    for (const auto& d : discoveries) {
        claim(d.legacyScope, d);
        for (const auto& e : d.earlier)
            claim(e, d);
    }
    for (const auto& a : ambiguous)
        by.erase(a);
    std::map<std::string, std::set<std::string_view>> held; // legacy scope -> keys and identifiers
    for (const auto& s : existing)
        for (const auto& scope : s.scopes)
            if (by.count(scope)) {
                auto& names = held[scope];
                names.insert(s.key);
                names.insert(s.identifiers.begin(), s.identifiers.end());
            }
    std::map<std::string, std::string> now;
    for (const auto& [legacy, d] : by) {
        const auto h = held.find(legacy);
        if (h == held.end())
            continue;
        const bool same = std::any_of(d->systems.begin(), d->systems.end(), [&](const DiscoveredSystem& sys) {
            // (a placeholder is named by the file, described by another)
            return !sys.reference && !sys.external &&
                   (h->second.count(sys.key) > 0 ||
                    std::any_of(sys.identifiers.begin(), sys.identifiers.end(),
                                [&](const std::string& i) { return h->second.count(i) > 0; }));
        });
        if (same || named.count(legacy))
            now.emplace(legacy, d->scope);
    }
    return now;
}

bool hasLegacyScope(const std::vector<std::string>& scopes,
                    const std::map<std::string, std::string>& legacy) {
    return !legacy.empty() && std::any_of(scopes.begin(), scopes.end(),
                                          [&](const std::string& s) { return legacy.count(s) > 0; });
}

/// `scopes` with each legacy scope renamed (legacyScopes()).
void renameLegacyScopes(std::vector<std::string>& scopes, const std::map<std::string, std::string>& legacy) {
    if (!hasLegacyScope(scopes, legacy))
        return;
    std::vector<std::string> renamed;
    for (const auto& s : scopes) {
        const auto n = legacy.find(s);
        addUnique(renamed, n == legacy.end() ? s : n->second);
    }
    scopes = std::move(renamed);
}

// Whether `after` differs from `before` in more than the fields a re-import always refreshes (when it
// was last seen, what each format said).
bool changedBeyondSeen(System& after, const System& before) {
    std::string seen = std::exchange(after.lastSeen, before.lastSeen);
    json said = std::exchange(after.discovered, before.discovered);
    const bool changed = after != before;
    after.lastSeen = std::move(seen);
    after.discovered = std::move(said);
    return changed;
}

// An edge found by the sources: its ends (ids, negative for new systems) and kind. The kind is a view
// of the discoveries' text, which the plan keeps alive while it runs.
struct EdgeKey {
    Id from, to;
    std::string_view kind;
    bool operator==(const EdgeKey&) const = default;
};
struct EdgeKeyHash {
    size_t operator()(const EdgeKey& k) const {
        size_t h = std::hash<Id>()(k.from);
        h = h * 1000003u ^ std::hash<Id>()(k.to);
        return h * 1000003u ^ std::hash<std::string_view>()(k.kind);
    }
};

constexpr std::string_view kPlainKind = "depends-on";

/// The kind as dependencyKinds() holds it (a string that stays put, for an EdgeKey), or nullptr.
const std::string* knownKind(std::string_view kind) {
    const auto& kinds = dependencyKinds();
    const auto it = std::find(kinds.begin(), kinds.end(), kind);
    return it == kinds.end() ? nullptr : &*it;
}

/// A name that names a host only within its network: a private IPv4 address (10/8, 172.16/12, 192.168/16,
/// 100.64/10, 169.254/16), a unique local or link-local IPv6 address (fc00::/7, fe80::/10), a name under
/// .internal (an EC2 instance's ip-10-0-2-5.ec2.internal). Another VPC, account or data centre has the same.
bool isPrivateAddress(std::string_view name) {
    if (name.ends_with(".internal"))
        return true;
    int octets[4] = {0, 0, 0, 0}, n = 0, digits = 0;
    for (char c : name) {
        if (c == '.' && digits > 0 && n < 3) {
            ++n;
            digits = 0;
        } else if (c >= '0' && c <= '9' && digits < 3) {
            octets[n] = octets[n] * 10 + (c - '0');
            ++digits;
        } else {
            n = -1;
            break;
        }
    }
    if (n == 3 && digits > 0) {
        const int a = octets[0], b = octets[1];
        return a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168) ||
               (a == 100 && b >= 64 && b <= 127) || (a == 169 && b == 254);
    }
    const auto colon = name.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 4)
        return false;
    unsigned first = 0;
    for (char c : name.substr(0, colon)) {
        const char l = asciiLowerChar(c);
        if (!isAsciiLowerHexDigit(l))
            return false;
        first = first * 16 + static_cast<unsigned>(l <= '9' ? l - '0' : l - 'a' + 10);
    }
    return (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80;
}

/// The AWS ids (isAwsId()) among `names`, added to `out`.
void addAwsIds(const std::vector<std::string>& names, std::vector<std::string_view>& out) {
    for (const auto& name : names)
        if (isAwsId(name))
            out.push_back(name);
}

/// Whether two systems with these AWS ids are two resources: for one kind of id (i-, eni-...) each has some
/// and they share none (two instances, whatever address both have).
bool otherCloudResources(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
    if (a.empty() || b.empty())
        return false;
    auto kind = [](std::string_view id) { return id.substr(0, id.rfind('-')); };
    for (const auto x : a) {
        bool sameKind = false, same = false;
        for (const auto y : b)
            if (kind(y) == kind(x)) {
                sameKind = true;
                same = same || std::find(a.begin(), a.end(), y) != a.end();
            }
        if (sameKind && !same)
            return true;
    }
    return false;
}

/// The facts `more` says of a system added to those `into` holds: a field both give as different text (two
/// targets' "scrape_targets", "scrape_job") becomes the ", "-joined list of their items, each once; past
/// 1 KiB, as a parser's lists stop (PrometheusParser), it ends with "..." instead of growing.
void joinFact(json& into, const json& more) {
    constexpr size_t kMost = 1024;
    for (auto it = more.begin(); it != more.end(); ++it) {
        const auto at = into.find(it.key());
        if (at == into.end() || !at->is_string() || !it->is_string()) {
            into[it.key()] = it.value();
            continue;
        }
        std::string list = at->get<std::string>();
        const std::string& items = it->get_ref<const std::string&>();
        auto has = [&](std::string_view item) {
            for (size_t start = 0; start <= list.size();) {
                const size_t end = std::min(list.find(", ", start), list.size());
                if (std::string_view(list).substr(start, end - start) == item)
                    return true;
                start = end + 2;
            }
            return false;
        };
        for (size_t start = 0; start <= items.size();) {
            const size_t end = std::min(items.find(", ", start), items.size());
            const std::string_view item = std::string_view(items).substr(start, end - start);
            start = end + 2;
            if (item.empty() || has(item))
                continue;
            if (list.size() + item.size() > kMost) {
                if (!list.ends_with(", ..."))
                    list += ", ...";
                break;
            }
            list += list.empty() ? "" : ", ";
            list += item;
        }
        *at = std::move(list);
    }
}

/// One dependency per pair of systems where a source that knows only that one depends on the other (a
/// plan's configuration, `terraform graph`: "depends-on") meets one that knows how ("runs-on", from the
/// state's subnet_id): the dependency of that kind, with the scopes of both, so that neither the order of
/// the imports nor importing a source again makes it two. Among several kinds for the pair, the first of
/// dependencyKinds(). The map's dependencies count as a source, and a plain one found for a pair a person
/// drew joins theirs; what a person wrote stays as it is. A plain dependency found here goes into the other
/// (`seen`: not inserted); one the map holds is returned, to be removed, its scopes given to the other.
std::set<Id> foldPlainDependencies(std::unordered_map<EdgeKey, size_t, EdgeKeyHash>& found,
                                   std::vector<Dependency>& foundEdges, std::vector<bool>& seen,
                                   const std::vector<Dependency>& existingEdges, size_t sources,
                                   const std::map<std::string, std::string>& legacy) {
    std::set<Id> folded;
    if (sources < 2 && existingEdges.empty())
        return folded; // one source gives one kind per pair
    auto pairKey = [](Id from, Id to) { return std::make_pair(from, to); };
    // The kind the map's dependencies give each pair (other than plain), discovered or drawn by a person
    // (a catalog's plain dependsOn for a pair a person drew as "routes-to" is that one): the first of
    // dependencyKinds() (they are in its order, so the lowest address).
    std::map<std::pair<Id, Id>, const std::string*> known;
    for (const auto& dep : existingEdges)
        if (const std::string* kind = knownKind(dep.kind); kind && dep.kind != kPlainKind) {
            auto [it, fresh] = known.try_emplace(pairKey(dep.from, dep.to), kind);
            if (!fresh && kind < it->second)
                it->second = kind;
        }
    // The kinds other than plain this import found, in the order of dependencyKinds().
    std::vector<const std::string*> otherKinds;
    for (const auto& kind : dependencyKinds())
        if (kind != kPlainKind && std::any_of(foundEdges.begin(), foundEdges.end(),
                                              [&](const Dependency& d) { return d.kind == kind; }))
            otherKinds.push_back(&kind);
    // The found dependency of another kind for a pair, if any.
    auto foundOther = [&](Id from, Id to) -> std::optional<size_t> {
        for (const std::string* kind : otherKinds)
            if (const auto it = found.find(EdgeKey{from, to, *kind}); it != found.end())
                return it->second;
        return std::nullopt;
    };
    for (size_t i = 0; i < foundEdges.size(); ++i) {
        Dependency& plain = foundEdges[i];
        if (plain.kind != kPlainKind)
            continue;
        if (const auto other = foundOther(plain.from, plain.to)) {
            for (const auto& scope : plain.scopes)
                addUnique(foundEdges[*other].scopes, scope);
            found.erase(EdgeKey{plain.from, plain.to, kPlainKind});
            seen[i] = true;
        } else if (const auto k = known.find(pairKey(plain.from, plain.to)); k != known.end()) {
            // The map's kind for the pair: found as that, it joins the map's dependency.
            found.erase(EdgeKey{plain.from, plain.to, kPlainKind});
            plain.kind = *k->second;
            found.emplace(EdgeKey{plain.from, plain.to, *k->second}, i);
        }
    }
    // A plain dependency in the map where this import found another kind: folded into that one.
    for (const auto& dep : existingEdges)
        if (dep.origin == "discovered" && dep.kind == kPlainKind)
            if (const auto other = foundOther(dep.from, dep.to)) {
                std::vector<std::string> scopes = dep.scopes;
                renameLegacyScopes(scopes, legacy); // as this import names the sources
                for (const auto& scope : scopes)
                    addUnique(foundEdges[*other].scopes, scope);
                folded.insert(dep.id);
            }
    return folded;
}

/// The items, joined by ", ".
std::string commaList(const std::set<std::string>& items) {
    std::string list;
    for (const auto& item : items)
        list += (list.empty() ? "" : ", ") + item;
    return list;
}

/// An identifier that says what a thing is (an id, an ARN, a DNS name), not where a source has it (a
/// Terraform address, "tf:...", which a moved resource keeps) nor a pattern.
bool isIdentity(const std::string& ident) {
    return !ident.starts_with("tf:") && !isExportPattern(ident);
}

/// Whether two systems share an identifier that says what a thing is (isIdentity()).
bool shareIdentity(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    return std::any_of(a.begin(), a.end(), [&](const std::string& ident) {
        return isIdentity(ident) && std::find(b.begin(), b.end(), ident) != b.end();
    });
}

/// Whether two systems' identifiers say they are two things: both have ids, and they share none.
bool otherIds(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    return std::any_of(a.begin(), a.end(), isIdentity) && std::any_of(b.begin(), b.end(), isIdentity) &&
           !shareIdentity(a, b);
}

/// A resource moved in its configuration (a `moved` block) keeps its key on the map, and is known by its
/// new address and its ids. A new resource at its old address has that key too: where one discovery has
/// both, the one with the map system's ids is that system, and the other is another one, keyed
/// "<key>@new-<the end of its first id>" (the same at every import), in its discovery's systems, edges and
/// facts.
void keepMovedApart(std::vector<Discovery>& discoveries, const std::vector<System>& existing,
                    const std::function<std::optional<size_t>(std::string_view)>& findExisting) {
    if (existing.empty())
        return;
    for (auto& d : discoveries) {
        std::optional<std::unordered_set<std::string_view>> ids; // the identities of d's systems, when needed
        std::unordered_map<std::string, std::string> renamed;
        for (auto& sys : d.systems) {
            const auto e = findExisting(sys.key);
            if (!e || !otherIds(sys.identifiers, existing[*e].identifiers))
                continue;
            if (!ids) {
                ids.emplace();
                for (const auto& other : d.systems)
                    for (const auto& ident : other.identifiers)
                        if (isIdentity(ident))
                            ids->insert(ident);
            }
            const auto& held = existing[*e].identifiers;
            if (std::none_of(held.begin(), held.end(),
                             [&](const std::string& ident) { return ids->contains(ident); }))
                continue; // no other system of this source is the map's: this one is, replaced (new ids)
            const std::string& id = *std::find_if(sys.identifiers.begin(), sys.identifiers.end(), isIdentity);
            std::string end;
            for (auto c = id.rbegin(); c != id.rend() && end.size() < 8; ++c)
                if (isAsciiAlnum(*c))
                    end.insert(end.begin(), *c);
            std::string key = sys.key + "@new-" + end;
            renamed.emplace(sys.key, key);
            sys.key = std::move(key);
        }
        if (renamed.empty())
            continue;
        renameInEdgesAndFacts(d, [&](std::string& name) {
            if (const auto r = renamed.find(name); r != renamed.end())
                name = r->second;
        });
    }
}

/// Every prometheus.yml makes one key ("prometheus:prometheus"). Where a system of another file holds the
/// key of one of this import's (Discovery::pathKeys), it takes the first key its path makes that no other
/// file's system holds ("prometheus:staging/prometheus"), with its name, in its discovery's systems, edges
/// and facts, and in what the configuration says it scrapes. Who holds a key: the map's system, by the first
/// of its scopes (the file that made it, even where another file's joined it since); else the first file of
/// this import that has it. So a file imported again keeps the key it had, alone or with the others, and
/// the first or only file of a name keeps the key its name makes. Files of one scope (the compose files of
/// one folder, a project's variants, "compose:<folder>+prod") share their keys: the same project's.
/// Template files every project names alike (SAM's template.yaml) and compose projects named by their
/// folders are kept apart so too.
void keepFilesOfOneNameApart(std::vector<Discovery>& discoveries, const std::vector<System>& existing,
                             const std::function<std::optional<size_t>(std::string_view)>& findExisting) {
    if (std::all_of(discoveries.begin(), discoveries.end(),
                    [](const Discovery& d) { return d.pathKeys.empty(); }))
        return;
    // (a variant of a file, "compose:<project>+prod", is of that file)
    auto base = [](std::string_view scope) {
        const auto plus = scope.rfind('+');
        return plus == std::string_view::npos || scope.find('/', plus) != std::string_view::npos
                   ? scope
                   : scope.substr(0, plus);
    };
    auto own = [&](const Discovery& d, const std::string& scope) {
        return base(scope) == base(d.scope) ||
               (!d.legacyScope.empty() && base(scope) == base(d.legacyScope)) ||
               std::find(d.earlier.begin(), d.earlier.end(), scope) != d.earlier.end();
    };
    std::map<std::string, const Discovery*> claimed; // key -> the file of this import that holds it
    // Whether `d` may have `key`: the map's system of that key, if any, is its own, and no other file of
    // this import claimed it before (two files of one name, which a scope written before scopes had paths
    // names alike).
    auto mayHave = [&](const Discovery& d, const std::string& key) {
        if (const auto e = findExisting(key); e && existing[*e].key == key && !existing[*e].scopes.empty())
            if (!own(d, existing[*e].scopes.front()))
                return false;
        const auto c = claimed.find(key);
        return c == claimed.end() || c->second == &d || base(c->second->scope) == base(d.scope);
    };
    for (auto& d : discoveries)
        for (const auto& entry : d.pathKeys) {
            const std::string& key = entry.first; // not a structured binding: clang 14 cannot capture one
            const auto& byPath = entry.second;
            const Discovery::PathKey* to = nullptr;
            if (!mayHave(d, key))
                for (const auto& candidate : byPath)
                    if (mayHave(d, candidate.key)) {
                        to = &candidate;
                        break;
                    }
            claimed.emplace(to ? to->key : key, &d);
            if (!to)
                continue;
            auto rename = [&](std::string& name) {
                if (name == key)
                    name = to->key;
            };
            for (auto& sys : d.systems)
                if (sys.key == key) {
                    sys.key = to->key;
                    sys.name = to->name;
                    if (sys.attributes.is_object())
                        if (const auto scrapes = sys.attributes.find("scrapes");
                            scrapes != sys.attributes.end() && scrapes->is_object() &&
                            scrapes->contains(key)) {
                            json itself = std::move((*scrapes)[key]);
                            scrapes->erase(key);
                            (*scrapes)[to->key] = std::move(itself);
                        }
                }
            renameInEdgesAndFacts(d, rename);
        }
}

/// Whether a scope is a rendered Kustomization's ("k8s:<path of its kustomization.yaml>"): what a file of
/// that name holds is imported only as kustomize renders it.
bool renderedScope(const std::string& scope) {
    return scope.starts_with("k8s:") && isKustomizationName(scope.substr(4));
}

/// Two environments of one configuration (a Terraform configuration's staging and production workspaces,
/// one manifest applied to two clusters) give their systems the same keys. A system whose key a system of
/// another source holds, in another environment (both known: the system's own, else the import's), is
/// another system: its key becomes "<key>@<environment>", in its discovery's systems, edges and facts,
/// which the next import of that source finds again, and in the edges and facts of the other discoveries
/// of that environment (a graph's edge to the state's instance). The first to hold a key keeps it. A
/// re-import of the same source (a scope the holder has) changes its environment instead. In one
/// environment (or where one is not known), two Terraform systems with the same address whose ids differ
/// are two configurations' (two services' `aws_db_instance.main`): the later one's key becomes
/// "<key>@<configuration>" (Discovery::configuration, else the lineage's start), found again by its scope
/// or its ids. So are two states' (two lineages') resources at the same address where one of them has no
/// ids (a `terraform_data`, a `helm_release`), unless the two states have a resource with the same id at
/// the same address elsewhere: two states that share resources are copies of one (a state pushed under
/// another lineage), whose systems are one set; two that share none are two configurations, as Terraform
/// takes two lineages to be. Placeholders (a data source, an id that no file defines) are what they name
/// and never kept apart so. Where an environment is not known, the import says either, once per state. Two
/// rendered Kustomizations' objects at one address in one environment are two objects (each overlay is
/// applied where it is): the later one's key becomes "<key>@<its folder>", found again by its scope.
void keepEnvironmentsApart(std::vector<Discovery>& discoveries, const std::vector<System>& existing,
                           const std::function<std::optional<size_t>(std::string_view)>& findExisting,
                           const MergeOptions& options, std::vector<std::string>& warnings) {
    if (existing.empty() && discoveries.size() < 2)
        return;
    // The keys that another source holds too (the map's system of another scope, a discovery of another
    // scope): most imports have none, and end here.
    std::unordered_set<std::string> contested;
    {
        std::unordered_map<std::string_view, const std::string*> firstScope; // key -> the first one's scope
        firstScope.reserve(existing.empty() ? 0 : existing.size());
        for (const auto& d : discoveries)
            for (const auto& s : d.systems) {
                const auto [it, fresh] = firstScope.emplace(s.key, &d.scope);
                if (!fresh) {
                    if (*it->second != d.scope)
                        contested.insert(s.key);
                } else if (const auto e = findExisting(s.key);
                           e && std::find(existing[*e].scopes.begin(), existing[*e].scopes.end(), d.scope) ==
                                    existing[*e].scopes.end()) {
                    contested.insert(s.key);
                }
            }
    }
    // A key made another environment's before: an edge of this import, of that environment, to the first
    // holder's key names it instead (staging's graph, imported after staging's state).
    const bool renamedBefore = std::any_of(existing.begin(), existing.end(), [](const System& s) {
        return s.key.find('@') != std::string::npos;
    });
    if (contested.empty() && !renamedBefore)
        return;
    struct Holder {
        std::string environment;
        std::vector<std::string> scopes;
        bool state = false;                                    // a Terraform state's
        const std::vector<std::string>* identifiers = nullptr; // its ids, ARNs...
        bool terraform = false;                                // a Terraform state's or show/plan JSON's
        bool placeholder = false;                              // a data source, an id no file defines
        bool rendered = false;                                 // a rendered Kustomization's
    };
    std::unordered_map<std::string, Holder> held; // key -> who holds it: the map's system, or this import's
    auto holderOf = [&](const std::string& key) -> Holder* {
        if (const auto h = held.find(key); h != held.end())
            return &h->second;
        const auto e = findExisting(key);
        if (!e)
            return nullptr;
        const System& s = existing[*e];
        const bool state = std::find(s.sources.begin(), s.sources.end(), "tfstate") != s.sources.end();
        const bool terraform =
            state || std::find(s.sources.begin(), s.sources.end(), "tfjson") != s.sources.end();
        const bool rendered = std::any_of(s.scopes.begin(), s.scopes.end(), renderedScope);
        return &held.emplace(key, Holder{s.environment, s.scopes, state, &s.identifiers, terraform,
                                         isPlaceholder(s), rendered})
                    .first->second;
    };
    // Two Terraform systems with the same address in one environment are two where each has ids and they
    // share none: two configurations (two services' `aws_db_instance.main`), or two workspaces imported
    // without their environments. One that shares an id with the other is the same resource (a copy of the
    // state under another lineage, the plan or `show -json` of that state).
    auto apart = [](const std::vector<std::string>& a, const std::vector<std::string>* b) {
        return b && otherIds(a, *b);
    };
    // The pairs of states (by scope, "tfstate:<lineage>") that have a managed resource with the same id at
    // the same address: copies of one state.
    std::set<std::pair<std::string, std::string>> copies;
    {
        auto notePair = [&](const std::string& a, const std::string& b) {
            if (a != b)
                copies.emplace(std::min(a, b), std::max(a, b));
        };
        std::unordered_map<std::string_view, std::pair<const std::string*, const DiscoveredSystem*>> first;
        for (const auto& d : discoveries) {
            if (d.format != "tfstate")
                continue;
            for (const auto& s : d.systems) {
                if (s.external || s.reference || !contested.count(s.key))
                    continue;
                if (const auto [it, fresh] = first.emplace(s.key, std::make_pair(&d.scope, &s)); !fresh) {
                    if (shareIdentity(s.identifiers, it->second.second->identifiers))
                        notePair(d.scope, *it->second.first);
                    continue;
                }
                if (const auto e = findExisting(s.key);
                    e && !isPlaceholder(existing[*e]) &&
                    shareIdentity(s.identifiers, existing[*e].identifiers))
                    for (const auto& scope : existing[*e].scopes)
                        if (scope.starts_with("tfstate:"))
                            notePair(d.scope, scope);
            }
        }
    }
    // Two states' managed resources at one address, neither with an id of the other's, of states that are
    // no copies of each other.
    auto otherStates = [&](const Discovery& d, const DiscoveredSystem& s, const Holder& holder) {
        if (d.format != "tfstate" || !holder.state || s.external || s.reference || holder.placeholder ||
            (holder.identifiers && shareIdentity(s.identifiers, *holder.identifiers)))
            return false;
        return std::none_of(holder.scopes.begin(), holder.scopes.end(), [&](const std::string& scope) {
            return scope.starts_with("tfstate:") &&
                   copies.count({std::min(scope, d.scope), std::max(scope, d.scope)});
        });
    };
    // The keys made another configuration's before ("<key>@<configuration>"), by the key they were made from.
    std::unordered_map<std::string_view, std::vector<std::string_view>> marked;
    auto noteMarked = [&](std::string_view key) {
        if (const auto at = key.rfind('@'); at != std::string_view::npos)
            marked[key.substr(0, at)].push_back(key);
    };
    for (const auto& sys : existing)
        noteMarked(sys.key);
    std::vector<std::unique_ptr<std::string>> markedNow; // the keys marked by this import (stay put)
    std::vector<std::unordered_map<std::string, std::string>> renamed(discoveries.size()); // key -> key@env
    std::map<std::string, std::unordered_map<std::string, std::string>> renamedIn;         // the same, by env
    for (size_t i = 0; i < discoveries.size(); ++i) {
        Discovery& d = discoveries[i];
        std::set<std::string> unknownWith; // the other states whose addresses these are
        std::set<std::string> apartFrom;   // the same, where the resources are others
        std::string mark;                  // "@<configuration>" of the first kept apart
        for (auto& s : d.systems) {
            if (!contested.count(s.key))
                continue;
            const std::string& environment = s.environment.empty() ? options.environment : s.environment;
            Holder* holder = holderOf(s.key);
            const bool terraform = d.format == "tfstate" || d.format == "tfjson";
            const bool placeholder = s.external || s.reference;
            const bool rendered = renderedScope(d.scope);
            if (!holder) {
                held.emplace(s.key, Holder{environment,
                                           {d.scope},
                                           d.format == "tfstate",
                                           &s.identifiers,
                                           terraform,
                                           placeholder,
                                           rendered});
                continue;
            }
            if (std::find(holder->scopes.begin(), holder->scopes.end(), d.scope) != holder->scopes.end())
                continue;
            if (rendered && holder->rendered && !placeholder && !holder->placeholder &&
                !otherEnvironments(environment, holder->environment)) {
                // Two Kustomizations render the same object in one environment (two overlays of one base in
                // one namespace, applied to two clusters; an overlay and the folder's own Kustomization):
                // each is applied where it is, another object. The key this one had before, else one marked
                // with its folder's name.
                std::string key;
                if (const auto m = marked.find(s.key); m != marked.end())
                    for (const std::string_view k : m->second)
                        if (const Holder* h = holderOf(std::string(k));
                            h && std::find(h->scopes.begin(), h->scopes.end(), d.scope) != h->scopes.end()) {
                            key = k;
                            break;
                        }
                if (key.empty()) {
                    const std::string withFolder =
                        s.key + "@" + (d.configuration.empty() ? "2" : d.configuration);
                    key = withFolder;
                    for (int n = 2; holderOf(key); ++n)
                        key = withFolder + "-" + std::to_string(n);
                    markedNow.push_back(std::make_unique<std::string>(key));
                    noteMarked(*markedNow.back());
                }
                renamed[i].emplace(s.key, key);
                s.key = key;
                if (Holder* again = holderOf(key))
                    addUnique(again->scopes, d.scope);
                else
                    held.emplace(key,
                                 Holder{environment, {d.scope}, false, &s.identifiers, false, false, true});
                continue;
            }
            if (terraform && holder->terraform && !otherEnvironments(environment, holder->environment) &&
                (apart(s.identifiers, holder->identifiers) || otherStates(d, s, *holder))) {
                // Another configuration's: the key this source's system had before, or that of a system of
                // this import it shares an id with, else a new one marked with its configuration's name.
                std::string key;
                if (const auto m = marked.find(s.key); m != marked.end())
                    for (const std::string_view k : m->second) {
                        const Holder* h = holderOf(std::string(k));
                        if (h && (std::find(h->scopes.begin(), h->scopes.end(), d.scope) != h->scopes.end() ||
                                  !(apart(s.identifiers, h->identifiers) || otherStates(d, s, *h)))) {
                            key = k;
                            break;
                        }
                    }
                if (key.empty()) {
                    const std::string lineage = d.scope.starts_with("tfstate:") ? d.scope.substr(8, 8) : "";
                    key = s.key + "@" +
                          (!d.configuration.empty() ? d.configuration
                           : !lineage.empty()       ? lineage
                                                    : "2");
                    if (holderOf(key) && !lineage.empty())
                        key += "-" + lineage;
                    markedNow.push_back(std::make_unique<std::string>(key));
                    noteMarked(*markedNow.back());
                }
                if (d.format == "tfstate" && holder->state &&
                    (environment.empty() || holder->environment.empty())) {
                    for (const auto& scope : holder->scopes)
                        if (scope.starts_with("tfstate:"))
                            apartFrom.insert(scope.substr(8));
                    if (mark.empty())
                        mark = key.substr(s.key.size());
                }
                renamed[i].emplace(s.key, key);
                s.key = key;
                if (Holder* again = holderOf(key))
                    addUnique(again->scopes, d.scope);
                else
                    held.emplace(key, Holder{environment,
                                             {d.scope},
                                             d.format == "tfstate",
                                             &s.identifiers,
                                             terraform,
                                             placeholder,
                                             rendered});
                continue;
            }
            if (!otherEnvironments(environment, holder->environment)) {
                const bool sameKnown = !environment.empty() && !holder->environment.empty();
                // Held by a source of no environment (a graph), the key is now the first environment's that
                // joins it: another environment's system at the same address is kept apart from it, whatever
                // the order of the files.
                if (holder->environment.empty() && !environment.empty())
                    holder->environment = environment;
                if (d.format == "tfstate" && holder->state && !sameKnown && !placeholder &&
                    !holder->placeholder)
                    for (const auto& scope : holder->scopes)
                        if (scope.starts_with("tfstate:"))
                            unknownWith.insert(scope.substr(8));
                addUnique(holder->scopes, d.scope);
                continue;
            }
            const std::string key = s.key + "@" + environment;
            renamed[i].emplace(s.key, key);
            renamedIn[environment].emplace(s.key, key);
            s.key = key;
            if (Holder* again = holderOf(key))
                addUnique(again->scopes, d.scope);
            else
                held.emplace(key, Holder{environment,
                                         {d.scope},
                                         d.format == "tfstate",
                                         &s.identifiers,
                                         d.format == "tfstate" || d.format == "tfjson",
                                         placeholder,
                                         rendered});
        }
        if (!apartFrom.empty()) {
            warnings.push_back(
                d.file + " (lineage " + d.scope.substr(8) +
                "): its addresses are those of another state (lineage " + commaList(apartFrom) +
                "), but its resources are others (no resource of one has an id of the other's), and "
                "they are kept apart (keys "
                "ending " +
                mark +
                "); if the two are environments of one configuration (its workspaces), import "
                "each state with its environment (--env, or the environment in the import "
                "dialog) to show them so");
        }
        if (!unknownWith.empty()) {
            warnings.push_back(
                d.file + " (lineage " + d.scope.substr(8) +
                "): its addresses are those of another state (lineage " + commaList(unknownWith) +
                "), and it is taken as the same systems; if it is another environment's (another "
                "workspace of the same configuration), import each state with its environment "
                "(--env, or the environment in the import dialog) to keep them apart");
        }
    }
    if (renamedIn.empty() && !renamedBefore && markedNow.empty())
        return;
    // A discovery's edges and facts name what it renamed by the new keys, what another discovery of its
    // environment renamed (a graph's edge, joined to the state's instances), and what an earlier import
    // renamed, too.
    for (size_t i = 0; i < discoveries.size(); ++i) {
        Discovery& d = discoveries[i];
        std::string environment = !d.environment.empty() ? d.environment : options.environment;
        for (size_t k = 0; k < d.systems.size() && environment.empty(); ++k)
            environment = d.systems[k].environment;
        const auto inEnvironment = renamedIn.find(environment);
        auto rename = [&](std::string& name) {
            if (const auto r = renamed[i].find(name); r != renamed[i].end()) {
                name = r->second;
                return;
            }
            if (inEnvironment != renamedIn.end())
                if (const auto r = inEnvironment->second.find(name); r != inEnvironment->second.end()) {
                    name = r->second;
                    return;
                }
            if (renamedBefore && !environment.empty())
                if (const auto first = findExisting(name);
                    first && otherEnvironments(existing[*first].environment, environment) &&
                    findExisting(name + "@" + environment))
                    name += "@" + environment;
        };
        renameInEdgesAndFacts(d, rename);
    }
}

/// `terraform graph` knows resources, not their instances: its "tf:aws_instance.web" is the state's
/// "tf:aws_instance.web[0]" and "[1]", its "tf:module.svc.x.y" the state's "tf:module.svc[\"a\"].x.y".
/// Where this import or the map has the instances of a resource the graph names (by a key that differs
/// from the resource's only in instance keys), the graph's system is left out and its edges join every
/// instance at each end, except where the other sources or the map say which of them an instance uses
/// (the state's `aws_instance.web[0]` -> `aws_subnet.private[1]`: the graph's `aws_instance.web` ->
/// `aws_subnet.private` joins web[0] to private[1] alone); a resource without instances anywhere stays as
/// the graph has it. A graph imported before the instances were known left such a resource in the map as a
/// system of its own: the import that brings its instances does the same with it (resolvedInMap()).
class GraphInstances {
public:
    GraphInstances(const std::vector<Discovery>& discoveries, const std::vector<System>& existing,
                   const std::function<const std::vector<Dependency>&()>& mapEdges) {
        const bool graphNow = std::any_of(discoveries.begin(), discoveries.end(),
                                          [](const Discovery& d) { return d.format == "tfgraph"; });
        const bool graphBefore =
            std::any_of(existing.begin(), existing.end(), [](const System& s) { return onlyFromGraphs(s); });
        if (!graphNow && !graphBefore)
            return;
        // By key, and by an identifier that is another address of the instance: a resource moved in the
        // configuration (a `moved` block) keeps its key and is known by its new address too, which the graph
        // of that configuration names.
        std::set<std::string> seen;
        auto noteSystem = [&](const std::string& key, const std::vector<std::string>& identifiers, bool now) {
            if (seen.insert(key).second)
                note(key, now);
            for (const auto& ident : identifiers)
                if (ident.starts_with("tf:") && seen.insert(ident).second)
                    note(ident, now);
        };
        for (const auto& d : discoveries)
            if (d.format != "tfgraph")
                for (const auto& sys : d.systems)
                    noteSystem(sys.key, sys.identifiers, true);
        for (const auto& sys : existing)
            noteSystem(sys.key, sys.identifiers, false);
        if (m_instances.empty())
            return;
        // What each system has an edge to, in the other sources and in the map.
        for (const auto& d : discoveries)
            if (d.format != "tfgraph")
                for (const auto& e : d.edges)
                    m_uses[e.from].insert(e.to);
        // The map's say so where a source that is not in this import gave them (one that is says it again
        // above; what it said before may be what a build that did not narrow dependencies made), and not a
        // graph (whose own expansion of an edge says nothing of which instance is used).
        std::set<std::string_view> again;
        for (const auto& d : discoveries) {
            again.insert(d.scope);
            if (!d.legacyScope.empty())
                again.insert(d.legacyScope);
            again.insert(d.earlier.begin(), d.earlier.end());
        }
        auto says = [&](const Dependency& dep) {
            return std::any_of(dep.scopes.begin(), dep.scopes.end(), [&](const std::string& scope) {
                return !scope.starts_with("tfgraph:") && !again.contains(scope);
            });
        };
        if (!existing.empty()) {
            std::unordered_map<Id, std::string_view> keyOf;
            for (const auto& sys : existing)
                keyOf.emplace(sys.id, instanceName(sys));
            for (const auto& dep : mapEdges())
                if (keyOf.contains(dep.from) && keyOf.contains(dep.to) && says(dep))
                    m_uses[keyOf[dep.from]].insert(keyOf[dep.to]);
        }
    }

    /// The graph's systems that are instances here left out, and its edges joined to the instances.
    void apply(std::vector<Discovery>& discoveries) const {
        if (m_instances.empty())
            return;
        for (auto& d : discoveries) {
            if (d.format != "tfgraph")
                continue;
            std::vector<DiscoveredEdge> edges;
            for (const auto& e : d.edges)
                for (auto& [from, to] : join(e.from, e.to))
                    edges.push_back({std::move(from), std::move(to), e.kind, e.evidence});
            d.edges = std::move(edges);
            std::erase_if(d.systems,
                          [&](const DiscoveredSystem& sys) { return m_instances.count(sys.key) > 0; });
        }
    }

    /// A system of the map that only graphs gave, a resource whose instances this import brings.
    bool resolvedInMap(const System& s) const { return onlyFromGraphs(s) && m_broughtNow.count(s.key) > 0; }

    /// The first instance of resource `key` (the map's or this import's), or "" where it has none.
    std::string_view firstInstance(const std::string& key) const {
        const auto it = m_instances.find(key);
        return it == m_instances.end() || it->second.empty() ? std::string_view() : it->second.front();
    }

    /// The ends an edge between `from` and `to` joins: the instances of each where they are resources.
    std::vector<std::pair<std::string, std::string>> join(const std::string& from,
                                                          const std::string& to) const {
        std::vector<std::pair<std::string, std::string>> out;
        const std::vector<std::string> tos = ends(to);
        for (const auto& f : ends(from)) {
            std::vector<std::string_view> used;
            if (const auto u = m_uses.find(f); u != m_uses.end())
                for (const auto& t : tos)
                    if (u->second.contains(t))
                        used.push_back(t);
            if (used.empty())
                used.assign(tos.begin(), tos.end());
            for (const auto t : used)
                out.emplace_back(f, std::string(t));
        }
        return out;
    }

private:
    /// The instance a system of the map is: its key, or, for a resource a graph gave before its instances
    /// were known (now its first instance), that instance's key among its identifiers.
    static std::string_view instanceName(const System& s) {
        if (s.key.starts_with("tf:") && s.key.find('[') == std::string::npos)
            for (const auto& ident : s.identifiers)
                if (ident.size() > s.key.size() && ident.starts_with(s.key) && ident[s.key.size()] == '[')
                    return ident;
        return s.key;
    }

    static bool onlyFromGraphs(const System& s) {
        return s.origin == "discovered" && !s.scopes.empty() &&
               std::all_of(s.scopes.begin(), s.scopes.end(),
                           [](const std::string& scope) { return scope.starts_with("tfgraph:"); });
    }

    void note(const std::string& key, bool now) {
        if (!key.starts_with("tf:") || key.find('[') == std::string::npos)
            return;
        std::string resource = "tf:" + tf::stripInstanceKeys(std::string_view(key).substr(3));
        if (resource == key)
            return;
        if (now)
            m_broughtNow.insert(resource);
        m_instances[std::move(resource)].push_back(key);
    }

    std::vector<std::string> ends(const std::string& key) const {
        const auto it = m_instances.find(key);
        return it == m_instances.end() ? std::vector<std::string>{key} : it->second;
    }

    std::unordered_map<std::string, std::vector<std::string>> m_instances; // resource key -> instance keys
    std::set<std::string> m_broughtNow; // resources whose instances this import's sources have
    std::unordered_map<std::string_view, std::set<std::string_view>> m_uses;
};

using Labels = std::vector<std::pair<std::string, std::string>>;

/// The labels a system's facts hold under `prefix` ("pod_labels.", "selector.": safeAttributes()).
Labels labelFacts(const json& attributes, std::string_view prefix) {
    if (isHeldAsText(attributes)) // a discovery's facts, held as their text (JsonText.h)
        return labelFacts(documentOf(attributes), prefix);
    Labels out;
    if (attributes.is_object())
        for (const auto& [k, v] : attributes.items())
            if (std::string_view(k).starts_with(prefix) && v.is_string())
                out.emplace_back(k.substr(prefix.size()), v.get<std::string>());
    return out;
}

/// A Kubernetes workload of this import, with its pod labels and its source's scope.
struct ImportedWorkload {
    std::string key, group, environment;
    Labels podLabels;
    std::string scope;
};

/// Kubernetes selectors across imports (isSelectorPattern()): the map's workloads by their pod labels and
/// its Services by their selectors, per namespace, of the systems that stay and are not in this import.
class SelectorJoin {
public:
    SelectorJoin(const std::vector<System>& existing, const std::function<bool(size_t)>& staysApart)
        : m_existing(existing) {
        for (size_t k = 0; k < existing.size(); ++k) {
            const System& e = existing[k];
            if (e.provider != "kubernetes")
                continue;
            Labels pod = labelFacts(e.attributes, "pod_labels.");
            Labels selector = labelFacts(e.attributes, "selector.");
            if ((pod.empty() && selector.empty()) || !staysApart(k))
                continue;
            for (const auto& label : pod)
                m_workloadsByLabel[indexKey(e.group, label)].push_back(k);
            if (!pod.empty())
                m_podLabels.emplace(k, std::move(pod));
            if (!selector.empty()) { // by its first label: a workload that it selects carries that one
                m_servicesByLabel[indexKey(e.group, selector.front())].push_back(k);
                m_selectors.emplace(k, std::move(selector));
            }
        }
    }

    /// The map's workloads that a Service's selector pattern ("k8s-selector:<namespace>/<k=v,...>") meets.
    /// Those of another environment are another cluster's. The workloads of its rarest label are looked at,
    /// not every workload of the namespace (services times workloads where many services are imported).
    std::vector<size_t> workloadsSelected(std::string_view pattern, const std::string& environment) const {
        pattern.remove_prefix(kSelectorPrefix.size());
        const auto slash = pattern.find('/');
        if (slash == std::string_view::npos)
            return {};
        const std::string ns(pattern.substr(0, slash));
        Labels selector;
        for (std::string_view rest = pattern.substr(slash + 1); !rest.empty();) {
            const auto comma = rest.find(',');
            const std::string_view pair = rest.substr(0, comma);
            const auto eq = pair.find('=');
            if (eq == std::string_view::npos)
                return {};
            selector.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        }
        const std::vector<size_t>* rarest = nullptr;
        for (const auto& label : selector) {
            const auto it = m_workloadsByLabel.find(indexKey(ns, label));
            if (it == m_workloadsByLabel.end())
                return {};
            if (!rarest || it->second.size() < rarest->size())
                rarest = &it->second;
        }
        std::vector<size_t> out;
        if (rarest)
            for (size_t k : *rarest)
                if (!otherEnvironments(m_existing[k].environment, environment) &&
                    carriesAll(m_podLabels.at(k), selector))
                    out.push_back(k);
        return out;
    }

    /// The map's Services whose selectors a workload of this import meets with its pod labels, each with its
    /// selector.
    std::vector<std::pair<size_t, Labels>> servicesSelecting(const ImportedWorkload& w) const {
        std::vector<std::pair<size_t, Labels>> out;
        if (m_selectors.empty())
            return out;
        for (const auto& label : w.podLabels)
            if (const auto it = m_servicesByLabel.find(indexKey(w.group, label));
                it != m_servicesByLabel.end())
                for (size_t k : it->second)
                    if (const Labels& selector = m_selectors.at(k);
                        !otherEnvironments(m_existing[k].environment, w.environment) &&
                        carriesAll(w.podLabels, selector))
                        out.emplace_back(k, selector);
        return out;
    }

private:
    static std::string indexKey(const std::string& ns, const std::pair<std::string, std::string>& label) {
        return ns + '\n' + label.first + '=' + label.second;
    }
    static bool carriesAll(const Labels& labels, const Labels& selector) {
        return std::all_of(selector.begin(), selector.end(), [&](const auto& label) {
            return std::find(labels.begin(), labels.end(), label) != labels.end();
        });
    }

    const std::vector<System>& m_existing;
    std::unordered_map<std::string, std::vector<size_t>> m_workloadsByLabel, m_servicesByLabel;
    std::unordered_map<size_t, Labels> m_podLabels, m_selectors; // by index into `existing`
};

/// A source of the map whose files are no longer inputs of this import is gone: an empty discovery of its
/// scope stands for it, so that its systems are marked gone as a re-import of the file with nothing in it
/// would, and its import run says so. No longer an input: a file of a folder this import reads whole that is
/// deleted, or that its scan skipped as no input of any format (`notInputs`: a Kustomize patch, a file under
/// node_modules/, where an earlier Terrain read it). A source's files are those its last import run read
/// (`runs`), or where the map has none recorded, the path its scope names; a source of several files (a
/// compose file and its override) is gone when all of them are. So is a file of a folder that one of this
/// import replaces (`earlierFolders`: exports/2024-05 where it reads exports/2024-06) where no file of the
/// import is a newer export of it.
/// A file of such a folder that this import reads as another source than its last import did (a state of a
/// new lineage where the old one was, as after `terraform init` on an emptied backend; a compose project
/// renamed), in the same environment, holds it no more: the new one replaces it, as a newer export would
/// (returned, by the old scope: its systems are the new one's where it has them too, and gone where it has
/// not).
std::map<std::string, std::string> addFilesGoneFromFolders(std::vector<Discovery>& discoveries,
                                                           const std::vector<System>& existing,
                                                           const std::vector<ImportRun>& runs,
                                                           const MergeOptions& options,
                                                           const std::vector<std::string>& earlierFolders) {
    std::map<std::string, std::string> replaced;
    const std::vector<std::string>& folders = options.folders;
    if ((folders.empty() && earlierFolders.empty()) || existing.empty())
        return replaced;
    std::set<std::string_view> now;
    // path -> the discoveries that read it (several: a Terraform working directory's workspaces)
    std::map<std::string_view, std::vector<size_t>> readAs;
    for (size_t i = 0; i < discoveries.size(); ++i) {
        const Discovery& d = discoveries[i];
        now.insert(d.scope);
        now.insert(d.earlier.begin(), d.earlier.end());
        if (!d.legacyScope.empty())
            now.insert(d.legacyScope);
        if (!d.path.empty())
            readAs[d.path].push_back(i);
    }
    // The files of each source, as its last import read them.
    std::map<std::string_view, std::pair<std::string_view, std::vector<std::string_view>>> filesOf;
    for (const ImportRun& run : runs)
        if (!run.scope.empty() && !run.path.empty()) {
            auto& [time, files] = filesOf[run.scope];
            if (run.time > time)
                files.clear();
            if (run.time >= time) {
                time = run.time;
                files.push_back(run.path);
            }
        }
    auto inOneOf = [](std::string_view path, const std::vector<std::string>& in) {
        return std::any_of(in.begin(), in.end(),
                           [&](const std::string& folder) { return isUnder(path, folder); });
    };
    // Why a file of a folder is no input now; nullopt where it still is one, or is no file of a folder.
    auto noInput = [&](std::string_view path) -> std::optional<std::string> {
        if (!inOneOf(path, folders))
            return std::nullopt;
        if (!QFileInfo::exists(QString::fromUtf8(path.data(), static_cast<qsizetype>(path.size()))))
            return "no longer in the folder";
        for (const auto& [skipped, why] : options.notInputs)
            if (path == skipped || (skipped.ends_with('/') && path.starts_with(skipped)))
                return "no input of this import (" + why + ")";
        return std::nullopt;
    };
    // Whether a source of the map and the discovery that reads its file now are of one environment, or
    // either's is not known (the environments of the map's systems of that scope; the discovery's path's,
    // else the import's); where `known`, the discovery's must be.
    std::optional<std::map<std::string_view, std::set<std::string_view>>> environmentsOf;
    auto sameEnvironment = [&](const std::string& scope, const Discovery& d, bool known = false) {
        if (!environmentsOf) {
            environmentsOf.emplace();
            for (const auto& sys : existing)
                if (!sys.environment.empty())
                    for (const auto& sc : sys.scopes)
                        (*environmentsOf)[sc].insert(sys.environment);
        }
        const std::string& environment = d.environment.empty() ? options.environment : d.environment;
        const auto e = environmentsOf->find(scope);
        if (e == environmentsOf->end())
            return true;
        return environment.empty() ? !known : e->second.count(environment) > 0;
    };
    struct Gone {
        std::string file; // the path, or where several, the first
        std::string why;
    };
    std::map<std::string, Gone> gone;
    for (const auto& sys : existing)
        for (const auto& scope : sys.scopes) {
            if (now.count(scope) || gone.count(scope) || replaced.count(scope))
                continue;
            std::vector<std::string_view> files;
            if (const auto f = filesOf.find(scope); f != filesOf.end())
                files = f->second.second;
            else if (const std::string_view path = scopePath(scope); !path.empty())
                files.push_back(path);
            if (files.empty())
                continue;
            if (std::any_of(files.begin(), files.end(),
                            [&](std::string_view f) { return inOneOf(f, earlierFolders); })) {
                gone.emplace(scope, Gone{std::string(files.front()),
                                         "no newer export of it in the folder that replaces its own"});
                continue;
            }
            // Whether each of its files is no input now; the first one's why, and a file's reader where one
            // holds another source now. (A file named on its own, into which one workspace's state was
            // pulled and then another's, holds two sources, as before.)
            std::string why;
            Discovery* reader = nullptr;
            const bool noneInput = std::all_of(files.begin(), files.end(), [&](std::string_view f) {
                if (const auto r = readAs.find(f); r != readAs.end()) {
                    // (a working directory's workspace by the environment it is in, where both are known)
                    const bool workdir =
                        QFileInfo(QString::fromUtf8(f.data(), static_cast<qsizetype>(f.size()))).isDir();
                    reader = &discoveries[r->second.front()];
                    for (size_t i : r->second)
                        if (sameEnvironment(scope, discoveries[i], workdir)) {
                            reader = &discoveries[i];
                            return inOneOf(f, folders);
                        }
                    // A working directory's states (its path a folder), read now for each workspace its
                    // backend lists: one of another workspace before is no longer there.
                    if (inOneOf(f, folders) && workdir) {
                        reader = nullptr;
                        if (why.empty())
                            why = "its workspace is no longer in the backend of " + std::string(f);
                        return true;
                    }
                    return false;
                }
                const auto no = noInput(f);
                if (no && why.empty())
                    why = *no;
                return no.has_value();
            });
            if (!noneInput)
                continue;
            if (reader) {
                replaced.emplace(scope, reader->scope);
                reader->warnings.push_back("holds another source than when it was last imported (" + scope +
                                           ", now " + reader->scope +
                                           "), which it replaces: what is no longer in it is gone");
            } else {
                gone.emplace(scope, Gone{std::string(files.front()), std::move(why)});
            }
        }
    for (auto& [scope, g] : gone) {
        Discovery d;
        d.format = scope.substr(0, scope.find(':'));
        d.file = g.file;
        d.path = g.file;
        d.scope = scope;
        d.warnings.push_back(g.why + ": what the map had of it is gone");
        discoveries.push_back(std::move(d));
    }
    return replaced;
}

} // namespace

void renameInEdgesAndFacts(Discovery& d, const std::function<void(std::string&)>& rename) {
    for (auto& e : d.edges) {
        rename(e.from);
        rename(e.to);
    }
    std::map<std::string, json> facts;
    for (auto& [name, fact] : d.facts) {
        std::string n = name;
        rename(n);
        facts.emplace(std::move(n), std::move(fact));
    }
    d.facts = std::move(facts);
}

namespace {

/// Why a fact a file gives about a system that no system of the map or the import is (a target Prometheus
/// scrapes, an autoscaler's bounds for a workload) is not kept, in words: what it names, what it says, and
/// what to do. `services`: how many services of the import's environment have the name (a bare name that
/// two have is neither's).
std::string factNotKept(const Discovery& from, const std::string& name, const json& fact,
                        std::size_t services) {
    auto text = [&](const char* key) {
        const auto it = fact.find(key);
        return it != fact.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    const std::string targets = text("scrape_targets"), job = text("scrape_job"), by = text("monitored_by");
    const std::string several =
        " names " + std::to_string(services) + " services of the map (of different projects)";
    const std::string none = services == 2 ? "neither" : "none of them";
    if (by.empty()) {
        std::string said;
        for (auto it = fact.begin(); it != fact.end(); ++it)
            said += (said.empty() ? "" : ", ") + it.key();
        return services > 1
                   ? name + several + ", so what this file says of it (" + said + ") is kept on " + none
                   : name + " is on no system of the map, so what this file says of it (" + said +
                         ") is not kept";
    }
    std::string what = name;
    if (!targets.empty() && targets != name)
        what += " (scraped at " + targets + (job.empty() ? ")" : ", job " + job + ")");
    else if (!job.empty())
        what += " (scraped by job " + job + ")";
    if (services > 1)
        return what + several + ", so " + none + " is marked monitored by " + by;
    // A Prometheus configuration keeps what it scrapes (PrometheusParser), and a system imported later
    // that it names is marked as monitored then. (Its system's other fields are moved into the plan by now.)
    if (std::any_of(from.systems.begin(), from.systems.end(),
                    [](const DiscoveredSystem& s) { return s.key.starts_with("prometheus:"); }))
        return what + " is on no system of the map yet: the configuration keeps it, and marks the system " +
               "monitored by " + by + " when it is imported";
    return what + " is on no system of the map, so that " + by +
           " monitors it is not kept: import what runs there, then this file again";
}

} // namespace

namespace {

/// Where a system's `discovered` lists the attributes another file gave it as facts (a Prometheus
/// configuration's monitored_by, an autoscaler's bounds for a workload of another file).
constexpr const char* kFactKeys = "facts";

/// Notes in `s.discovered` that the keys of `fact` are another file's facts about it.
void noteFactKeys(System& s, const json& fact) {
    json said = documentOf(std::move(s.discovered));
    if (!said.is_object())
        said = json::object();
    json& keys = said[kFactKeys];
    if (!keys.is_array())
        keys = json::array();
    for (auto it = fact.begin(); it != fact.end(); ++it)
        if (std::find(keys.begin(), keys.end(), it.key()) == keys.end())
            keys.push_back(it.key());
    s.discovered = std::move(said);
}

/// Of a system that no source sees but those this import reads again, the attributes they no longer give
/// (`given`: what they give now), which are dropped: a compose service's ports taken out, a Deployment's
/// replicas left to its autoscaler. Not another file's facts (noteFactKeys()), which that file says again
/// when it is read.
void dropAttributesNoLongerGiven(System& after, const json& given) {
    if (!after.attributes.is_object())
        return;
    const auto facts =
        after.discovered.is_object() ? after.discovered.find(kFactKeys) : after.discovered.end();
    const bool haveFacts =
        after.discovered.is_object() && facts != after.discovered.end() && facts->is_array();
    for (auto it = after.attributes.begin(); it != after.attributes.end();)
        if (!given.contains(it.key()) &&
            !(haveFacts && std::find(facts->begin(), facts->end(), it.key()) != facts->end()))
            it = after.attributes.erase(it);
        else
            ++it;
}

} // namespace

MergePlan planMerge(const Project& project, std::vector<Discovery> discoveries, const MergeOptions& options) {
    MergePlan plan;
    const QDateTime nowUtc = QDateTime::currentDateTimeUtc();
    const std::string today =
        options.today.empty() ? nowUtc.date().toString(Qt::ISODate).toStdString() : options.today;
    const std::string runTime =
        options.now.empty() ? nowUtc.toString(Qt::ISODate).toStdString() : options.now;

    // Names (keys, identifiers) are looked up as views of the text of `existing` and `discoveries`,
    // which stay put until the plan is made (only attributes and evidence are moved out of them).

    // ---- what the map holds ----
    std::vector<System> existing = project.list<System>();
    std::vector<std::string> earlierFolders =
        findEarlierExports(discoveries, existing, options, plan.warnings);
    if (!earlierFolders.empty() && !options.unreadable.empty()) {
        for (const auto& folder : earlierFolders)
            plan.warnings.push_back(
                "nothing of " + folder + " is marked gone, since " +
                (options.unreadable.size() == 1
                     ? std::string("a file of this import (a newer export of one of its files, perhaps) "
                                   "cannot be read; import again once it can")
                     : std::to_string(options.unreadable.size()) +
                           " files of this import (newer exports of its files, perhaps) cannot be read; "
                           "import again once they can"));
        earlierFolders.clear();
    }
    const std::map<std::string, std::string> heldNoMore = addFilesGoneFromFolders(
        discoveries, existing,
        existing.empty() || options.folders.empty() ? std::vector<ImportRun>() : project.list<ImportRun>(),
        options, earlierFolders);
    // The systems whose scopes a map written before file scopes had paths named by file name alone, as
    // they are stored (their scopes are this import's now, and each is written back); so are those of a
    // source whose file holds another one now.
    std::map<std::string, std::string> legacy = legacyScopes(discoveries, existing);
    sayWhatEachReplaces(discoveries, legacy, plan.replaced);
    legacy.insert(heldNoMore.begin(), heldNoMore.end());
    std::map<size_t, System> rescoped;
    for (size_t i = 0; i < existing.size() && !legacy.empty(); ++i)
        if (hasLegacyScope(existing[i].scopes, legacy)) {
            rescoped.emplace(i, existing[i]);
            renameLegacyScopes(existing[i].scopes, legacy);
        }
    auto stored = [&](size_t i) -> const System& {
        const auto r = rescoped.find(i);
        return r == rescoped.end() ? existing[i] : r->second;
    };
    // The map's dependencies, read once, when first needed: a graph's edges may need them early.
    std::optional<std::vector<Dependency>> existingEdgesRead;
    auto mapEdges = [&]() -> const std::vector<Dependency>& {
        if (!existingEdgesRead)
            existingEdgesRead = project.list<Dependency>();
        return *existingEdgesRead;
    };
    const GraphInstances graphInstances(discoveries, existing, mapEdges);
    graphInstances.apply(discoveries);
    std::set<size_t> resolvedGraphSystems; // the map's resources of a graph whose instances are here now
    for (size_t i = 0; i < existing.size(); ++i)
        if (graphInstances.resolvedInMap(existing[i]))
            resolvedGraphSystems.insert(i);
    absl::flat_hash_map<std::string_view, size_t> existingByName; // key or identifier -> index
    existingByName.reserve(existing.size());
    for (size_t i = 0; i < existing.size(); ++i)
        existingByName.emplace(existing[i].key, i);
    // An identifier that several systems of the map have (a Service's DNS names in two clusters): the others
    std::unordered_map<std::string_view, std::vector<size_t>> alsoNamed;
    for (size_t i = 0; i < existing.size(); ++i)
        for (const auto& ident : existing[i].identifiers)
            if (const auto [at, fresh] = existingByName.emplace(ident, i); !fresh && at->second != i)
                alsoNamed[ident].push_back(i);
    // A resource a graph imported before gave the map, whose instances this import brings, is its first
    // instance (what a person wrote of it goes on with that one; the others are new), not a system gone.
    for (size_t i : resolvedGraphSystems)
        if (const std::string_view first = graphInstances.firstInstance(existing[i].key); !first.empty())
            existingByName.emplace(first, i);
    auto findExisting = [&](std::string_view name) -> std::optional<size_t> {
        if (existingByName.empty())
            return std::nullopt;
        const auto e = existingByName.find(name);
        return e == existingByName.end() ? std::nullopt : std::optional<size_t>(e->second);
    };

    keepFilesOfOneNameApart(discoveries, existing, findExisting);
    keepEnvironmentsApart(discoveries, existing, findExisting, options, plan.warnings);
    keepMovedApart(discoveries, existing, findExisting);

    // ---- what the sources found, joined by key and identifier ----
    std::vector<Item> items;
    size_t names = 0;
    {
        size_t n = 0;
        for (const auto& d : discoveries)
            n += d.systems.size();
        items.reserve(n);
    }
    std::set<std::string> scopes;
    // This import's Kubernetes workloads with their pod labels, which a Service of the map may select
    // (read here: the systems' facts move into the plan below).
    std::vector<ImportedWorkload> workloads;
    std::unordered_map<std::string, std::string> k8sEnvironments; // of this import's, by key
    std::vector<std::string> k8sDefined; // the Kubernetes objects this import defines, not only names
    for (auto& d : discoveries) {
        scopes.insert(d.scope);
        plan.skipped += d.skipped;
        for (const auto& sys : d.systems) {
            if (sys.provider != "kubernetes")
                continue;
            const std::string& environment = sys.environment.empty() ? options.environment : sys.environment;
            k8sEnvironments.emplace(sys.key, environment);
            if (!sys.reference && !sys.external)
                k8sDefined.push_back(sys.key);
            if (Labels labels = labelFacts(sys.attributes, "pod_labels."); !labels.empty())
                workloads.push_back({sys.key, sys.group, environment, std::move(labels), d.scope});
        }
        for (const auto& w : d.warnings)
            plan.warnings.push_back(d.file + ": " + w);
        for (auto& s : d.systems) {
            items.push_back({&s, &d});
            names += 1 + s.identifiers.size();
        }
    }
    // Two systems that something manages, in two environments, are two systems even where they share an
    // identifier: a Service's names in its cluster's DNS are the same in staging's and production's
    // clusters. A placeholder joins whatever it names, in any environment (a shared VPC, another stage's
    // database).
    auto environmentOf = [&](size_t i) -> const std::string& {
        return items[i].sys->environment.empty() ? options.environment : items[i].sys->environment;
    };
    auto managed = [&](size_t i) { return !items[i].sys->reference && !items[i].sys->external; };
    // Nor do two rendered Kustomizations' objects join by a name they share (keepEnvironmentsApart() kept
    // their keys apart): each overlay is applied where it is.
    auto renderedApart = [&](size_t i, std::span<const std::string> theirScopes) {
        const std::string& scope = items[i].from->scope;
        return renderedScope(scope) && !theirScopes.empty() &&
               std::all_of(theirScopes.begin(), theirScopes.end(),
                           [&](const std::string& other) { return other != scope && renderedScope(other); });
    };
    auto itemsApart = [&](size_t a, size_t b) {
        return managed(a) && managed(b) &&
               (otherEnvironments(environmentOf(a), environmentOf(b)) ||
                renderedApart(a, std::span(&items[b].from->scope, 1)));
    };
    UnionFind uf(items.size());
    // What the map holds as two systems stays two: items whose keys name two systems of the map (an
    // inventory row and an instance that a map made before a name joined them holds apart) are not joined by
    // a name they share, which would leave one of the two gone. The map's system each group's keys name, by
    // the group's root (one at most: kept by unite()).
    std::vector<long> ownerOf;
    if (!existingByName.empty()) {
        ownerOf.assign(items.size(), -1);
        for (size_t i = 0; i < items.size(); ++i)
            if (const auto e = findExisting(items[i].sys->key))
                ownerOf[i] = static_cast<long>(*e);
    }
    auto ownedApart = [&](size_t a, size_t b) {
        if (ownerOf.empty())
            return false;
        const long x = ownerOf[uf.find(a)], y = ownerOf[uf.find(b)];
        return x >= 0 && y >= 0 && x != y;
    };
    // A private address (isPrivateAddress()) names a host only within its network: two systems that are two
    // AWS resources of one kind (two instances, each with its id) are two although each has one, as in two
    // VPCs or accounts whose environments nobody gave. The AWS ids of each group of items, by its root, for
    // such joins: theirs and those of the map's systems their keys name (an inventory row the map joined to
    // an instance is that instance); gathered when first needed (after the joins by key and by other names)
    // and kept by unite().
    std::optional<std::unordered_map<size_t, std::vector<std::string_view>>> groupAwsIds;
    const std::vector<std::string_view> noIds;
    auto awsIdsOf = [&](size_t i) -> const std::vector<std::string_view>& {
        if (!groupAwsIds) {
            groupAwsIds.emplace();
            for (size_t k = 0; k < items.size(); ++k) {
                std::vector<std::string_view> ids;
                addAwsIds(items[k].sys->identifiers, ids);
                if (const auto e = findExisting(items[k].sys->key))
                    addAwsIds(existing[*e].identifiers, ids);
                if (!ids.empty()) {
                    auto& group = (*groupAwsIds)[uf.find(k)];
                    group.insert(group.end(), ids.begin(), ids.end());
                }
            }
        }
        const auto ids = groupAwsIds->find(uf.find(i));
        return ids == groupAwsIds->end() ? noIds : ids->second;
    };
    auto unite = [&](size_t a, size_t b) {
        a = uf.find(a);
        b = uf.find(b);
        if (a == b)
            return;
        uf.unite(a, b);
        const size_t into = uf.find(a), other = into == a ? b : a;
        if (!ownerOf.empty() && ownerOf[into] < 0)
            ownerOf[into] = ownerOf[other];
        if (!groupAwsIds)
            return;
        if (const auto o = groupAwsIds->find(other); o != groupAwsIds->end()) {
            std::vector<std::string_view> ids = std::move(o->second);
            groupAwsIds->erase(o);
            auto& to = (*groupAwsIds)[into];
            to.insert(to.end(), ids.begin(), ids.end());
        }
    };
    // Of the map's systems an identifier names, the first in the item's environment (and, for a private
    // address, not another AWS resource than the item's group), else (for a placeholder) the first. (A key
    // is matched as it is: keepEnvironmentsApart() made it another environment's where it had to be.)
    std::vector<std::string_view> theirIds;
    auto existingFor = [&](size_t i, std::string_view name) -> std::optional<size_t> {
        const auto e = findExisting(name);
        if (!e)
            return e;
        const bool privateAddress = isPrivateAddress(name);
        auto otherResource = [&](size_t k) {
            if (!privateAddress)
                return false;
            theirIds.clear();
            addAwsIds(existing[k].identifiers, theirIds);
            return otherCloudResources(awsIdsOf(i), theirIds);
        };
        auto apart = [&](size_t k) {
            return otherEnvironments(environmentOf(i), existing[k].environment) || otherResource(k) ||
                   (managed(i) && renderedApart(i, existing[k].scopes) && !isPlaceholder(existing[k]));
        };
        if (!apart(*e))
            return e;
        if (const auto more = alsoNamed.find(name); more != alsoNamed.end())
            for (size_t k : more->second)
                if (!apart(k))
                    return k;
        if ((managed(i) && !isPlaceholder(existing[*e])) || otherResource(*e))
            return std::nullopt;
        return e;
    };
    absl::flat_hash_map<std::string_view, size_t> first; // key or identifier -> the first item it names
    std::unordered_map<std::string_view, std::vector<size_t>> patternHolders; // -> the items that have it
    std::vector<std::pair<size_t, size_t>> privateJoins; // (the first item with a private address, another)
    first.reserve(names);
    {
        for (size_t i = 0; i < items.size(); ++i) {
            auto [it, fresh] = first.emplace(items[i].sys->key, i);
            if (!fresh)
                unite(it->second, i);
            for (const auto& ident : items[i].sys->identifiers) {
                if (isExportPattern(ident)) {
                    patternHolders[ident].push_back(i);
                    continue;
                }
                auto [at, isNew] = first.emplace(ident, i);
                if (!isNew && !itemsApart(at->second, i) && !ownedApart(at->second, i)) {
                    if (isPrivateAddress(ident))
                        privateJoins.emplace_back(at->second, i);
                    else
                        unite(at->second, i);
                }
            }
        }
        for (const auto& [a, b] : privateJoins)
            if (uf.find(a) != uf.find(b) && !ownedApart(a, b) &&
                !otherCloudResources(awsIdsOf(a), awsIdsOf(b)))
                unite(a, b);
        // Two items that match the same system of the map are the same too (by key, else by the first
        // identifier that matches).
        if (!existingByName.empty()) {
            std::unordered_map<size_t, size_t> byExisting;
            for (size_t i = 0; i < items.size(); ++i) {
                std::optional<size_t> e = findExisting(items[i].sys->key);
                for (size_t k = 0; !e && k < items[i].sys->identifiers.size(); ++k)
                    if (!isExportPattern(items[i].sys->identifiers[k]))
                        e = existingFor(i, items[i].sys->identifiers[k]);
                if (e) {
                    auto [it, fresh] = byExisting.emplace(*e, i);
                    if (!fresh && !ownedApart(it->second, i))
                        unite(it->second, i);
                }
            }
        }
    }
    // The groups in the order of their first item (a group's root is its first item), each with its
    // items in input order: `order` holds them group after group, group r from start[r] to start[r + 1].
    std::vector<size_t> order(items.size());
    std::vector<size_t> start(items.size() + 1, 0);
    std::vector<size_t> root(items.size());
    {
        for (size_t i = 0; i < items.size(); ++i) {
            root[i] = uf.find(i);
            ++start[root[i] + 1];
        }
        for (size_t r = 0; r < items.size(); ++r)
            start[r + 1] += start[r];
        std::vector<size_t> next(start.begin(), start.end() - 1);
        for (size_t i = 0; i < items.size(); ++i)
            order[next[root[i]]++] = i;
    }

    // ---- one system per group ----
    // The id of each group's system, by the group's root (negative: -(1 + insert index)). A name the
    // sources gave resolves to the id of the group of the first item it names (all items that share a
    // name are in one group); the key of a matched system of the map resolves through the map.
    std::vector<Id> groupId(items.size(), 0);
    auto resolve = [&](std::string_view name) -> std::optional<Id> {
        const auto f = first.find(name);
        return f == first.end() ? std::nullopt : std::optional<Id>(groupId[root[f->second]]);
    };
    std::set<size_t> matchedExisting;
    std::map<const Discovery*, std::array<int, 2>> perRun; // added, updated
    plan.inserts.reserve(items.size());
    adviseHugePages(plan.inserts);
    for (size_t r = 0; r < items.size(); ++r) {
        if (start[r + 1] == start[r])
            continue;
        const auto membersBegin = order.begin() + static_cast<std::ptrdiff_t>(start[r]);
        const auto membersEnd = order.begin() + static_cast<std::ptrdiff_t>(start[r + 1]);
        const std::span<const size_t> members(&*membersBegin, start[r + 1] - start[r]);
        if (members.size() > 1)
            std::stable_sort(membersBegin, membersEnd, [&](size_t a, size_t b) {
                const auto rank = [&](size_t i) {
                    const auto* s = items[i].sys;
                    return std::make_tuple(s->reference || s->external, formatRank(items[i].from->format));
                };
                return rank(a) < rank(b);
            });
        // The map's system, when one matches (by key first, then by identifier).
        std::optional<size_t> match;
        if (!existingByName.empty()) {
            for (size_t i : members)
                if ((match = findExisting(items[i].sys->key)))
                    break;
            if (!match)
                for (size_t i : members)
                    for (const auto& ident : items[i].sys->identifiers)
                        if (!match && !isExportPattern(ident))
                            match = existingFor(i, ident);
        }
        if (match && matchedExisting.count(*match)) {
            plan.warnings.push_back(items[members.front()].sys->key +
                                    " and another import group both match " + existing[*match].key +
                                    "; kept together");
        }

        // What each format says now, and what counts (the best-ranked format's word).
        // A system that one source alone names and the map does not hold yet (most of an import): what
        // its format says is written as text directly (oneFormatText()), without a document.
        const bool alone = !match && members.size() == 1;
        // A placeholder (a data source, a host no file defines) among members that something manages says
        // only that its source uses the system: its sources, scopes and identifiers count, not its guesses
        // of the rest (the host as a name, "external"), as when it meets the system in a later import.
        auto placeholder = [&](size_t i) { return items[i].sys->reference || items[i].sys->external; };
        const bool someManaged = !std::all_of(members.begin(), members.end(), placeholder);
        auto says = [&](size_t i) { return !someManaged || !placeholder(i); };
        FieldValues now;
        // What the formats said before, unless only placeholders said it and something manages it now: their
        // guesses, of a format ranked above the managing one's (a manifest's placeholder for a catalog
        // entity), would outrank its word.
        json perFormat = match && !(someManaged && isPlaceholder(existing[*match]))
                             ? existing[*match].discovered
                         : alone ? json()
                                 : json::object();
        if (!alone && !perFormat.is_object())
            perFormat = json::object();
        std::vector<const std::string*> refreshed;
        std::vector<std::string> tags, identifiers, sources, groupScopes;
        json attributes = json::object();
        bool allReferences = true, allPlaceholders = true;
        if (members.size() == 1) { // the attributes as the source gave them (perhaps as text), moved
            attributes = std::move(items[members.front()].sys->attributes);
        } else {
            for (auto it = members.rbegin(); it != members.rend(); ++it) { // best source last, so it wins
                if (!says(*it))
                    continue;
                json given = documentOf(std::move(items[*it].sys->attributes));
                for (auto a = given.begin(); a != given.end(); ++a)
                    attributes[a.key()] = std::move(a.value());
            }
        }
        int folded = 0;
        // A person's fields that a source says too (an inventory's criticality): the best-ranked source's
        // word, which fills the field while it is empty and never changes it.
        const std::string* criticality = nullptr;
        const std::string* notes = nullptr;
        for (size_t i : members) {
            const auto& s = *items[i].sys;
            if (says(i)) {
                if (!criticality && !s.criticality.empty())
                    criticality = &s.criticality;
                if (!notes && !s.notes.empty())
                    notes = &s.notes;
            }
            const std::string& format = items[i].from->format;
            auto said = [&](const Field& f) -> const std::string& {
                const std::string& given = s.*(f.source);
                return given.empty() && f.member == &System::environment ? options.environment : given;
            };
            if (alone) { // its fields are read no more (its key and identifiers are): moved
                for (size_t f = 0; f < std::size(kFields); ++f) {
                    std::string& given = items[i].sys->*(kFields[f].source);
                    now[f] = given.empty() ? said(kFields[f]) : std::move(given);
                }
            } else if (says(i)) {
                if (std::none_of(refreshed.begin(), refreshed.end(),
                                 [&](const std::string* f) { return *f == format; })) {
                    refreshed.push_back(&format);
                    perFormat[format] = json::object();
                }
                json& saidBefore = perFormat[format];
                for (const auto& f : kFields)
                    if (const std::string& v = said(f); !v.empty() && !saidBefore.contains(f.name))
                        saidBefore[f.name] = v;
            }
            if (says(i))
                for (const auto& t : s.tags)
                    addUnique(tags, t);
            addUnique(identifiers, s.key);
            for (const auto& ident : s.identifiers)
                addUnique(identifiers, ident);
            addUnique(sources, format);
            addUnique(groupScopes, items[i].from->scope);
            allReferences = allReferences && s.reference;
            allPlaceholders = allPlaceholders && (s.reference || s.external);
            folded += s.folded;
        }
        if (allReferences)
            addUnique(tags, std::string("managed-elsewhere"));
        if (folded > 0)
            setMember(attributes, "folded_resources", folded);
        if (!alone)
            now = effective(perFormat);

        Id id = 0;
        if (!match) {
            json discovered = alone ? holdText(oneFormatText(items[members.front()].from->format, now))
                                    : heldAsText(perFormat); // before `now` is moved into the system
            System s;
            s.key = items[members.front()].sys->key;
            for (size_t f = 0; f < std::size(kFields); ++f)
                s.*(kFields[f].member) = std::move(now[f]);
            if (s.name.empty())
                s.name = s.key;
            if (criticality)
                s.criticality = *criticality;
            if (notes)
                s.notes = *notes;
            s.tags = std::move(tags);
            // The plan holds what it inserts as text until the commit writes it (JsonText.h): most of an
            // import's memory otherwise.
            s.attributes = heldAsText(std::move(attributes));
            s.sources = std::move(sources);
            s.scopes = std::move(groupScopes);
            s.origin = "discovered";
            s.status = "present";
            s.firstSeen = today;
            s.lastSeen = today;
            std::erase(identifiers, s.key);
            s.identifiers = std::move(identifiers);
            s.discovered = std::move(discovered);
            plan.inserts.push_back(std::move(s));
            id = -static_cast<Id>(plan.inserts.size());
            for (size_t i : members)
                perRun[items[i].from][0]++;
        } else {
            matchedExisting.insert(*match);
            const System& before = existing[*match];
            System after = before;
            // A placeholder (a data source, a host that no file defines) that names a system something
            // manages says nothing of it but that this source uses it too: its guesses (the data source's
            // name, "managed elsewhere") stay out. A managed system that arrives where a placeholder was
            // takes its place, marks and all.
            const bool wasPlaceholder = isPlaceholder(before);
            const bool placeholderOnly = allPlaceholders && !wasPlaceholder;
            if (!placeholderOnly) {
                const FieldValues last =
                    effective(before.discovered.is_object() ? before.discovered : json::object());
                for (size_t f = 0; f < std::size(kFields); ++f) {
                    std::string& current = after.*(kFields[f].member);
                    if (!now[f].empty() && (current.empty() || current == last[f]))
                        current = std::move(now[f]);
                }
                after.discovered = std::move(perFormat);
                if (criticality && after.criticality.empty())
                    after.criticality = *criticality;
                if (notes && after.notes.empty())
                    after.notes = *notes;
                if (!allPlaceholders)
                    std::erase_if(after.tags, isPlaceholderTag);
                for (const auto& t : tags)
                    addUnique(after.tags, t);
                attributes = documentOf(std::move(attributes));
                if (wasPlaceholder && !allPlaceholders && !attributes.contains("tf_mode"))
                    after.attributes.erase("tf_mode"); // "data": what the data source was
                if (before.origin == "discovered" && !before.scopes.empty() &&
                    std::all_of(before.scopes.begin(), before.scopes.end(),
                                [&](const std::string& sc) { return scopes.count(sc) > 0; }))
                    dropAttributesNoLongerGiven(after, attributes);
                for (auto a = attributes.begin(); a != attributes.end(); ++a)
                    after.attributes[a.key()] = std::move(a.value());
            }
            for (const auto& s : sources)
                addUnique(after.sources, s);
            // A source read again that no longer has it (its file re-imported, or gone from its folder) sees
            // it no more, though another one does.
            std::erase_if(after.scopes, [&](const std::string& s) {
                return scopes.count(s) > 0 &&
                       std::find(groupScopes.begin(), groupScopes.end(), s) == groupScopes.end();
            });
            for (const auto& s : groupScopes)
                addUnique(after.scopes, s);
            for (const auto& ident : identifiers)
                if (ident != after.key)
                    addUnique(after.identifiers, ident);
            after.status = "present";
            after.lastSeen = today;
            if (after.firstSeen.empty())
                after.firstSeen = today;
            if (after.origin != "discovered" && after.origin != "manual")
                after.origin = "discovered";
            id = before.id;
            const bool changed = changedBeyondSeen(after, before);
            (changed ? plan.changed : plan.unchanged).push_back(before.key);
            if (changed)
                for (size_t i : members)
                    perRun[items[i].from][1]++;
            if (changed || after != before || rescoped.count(*match))
                plan.updates.emplace_back(stored(*match), std::move(after));
        }
        groupId[r] = id;
    }

    // ---- facts about systems (Prometheus: who watches what) ----
    // A bare host that names no system (a Prometheus target "api:8080" in a compose project's network or a
    // cluster's namespace): the one compose service or Kubernetes Service of that name, of the import or
    // the map, in the import's environment where it has one.
    struct Named {
        Id id;
        std::string environment;
        bool now; // a system of this import's
    };
    std::optional<std::unordered_map<std::string, std::vector<Named>>> services;
    // The compose services and Kubernetes Services a bare name may be, in the import's environment.
    auto servicesNamed = [&](const std::string& name) {
        std::vector<const Named*> candidates;
        if (name.empty() || name.find_first_of(".:/@") != std::string::npos)
            return candidates;
        if (!services) {
            services.emplace();
            auto note = [&](const std::string& key, Id id, const std::string& environment, bool now) {
                if ((!key.starts_with("compose:") || key.starts_with("compose:external/")) &&
                    !key.starts_with("k8s:Service/"))
                    return; // a host no compose file defines is no service of a project
                std::string last = key.substr(key.rfind('/') + 1);
                last = last.substr(0, last.find('@'));
                auto& list = (*services)[last];
                const auto same =
                    std::find_if(list.begin(), list.end(), [&](const Named& c) { return c.id == id; });
                if (same == list.end())
                    list.push_back({id, environment, now});
                else
                    same->now = same->now || now;
            };
            for (size_t i = 0; i < items.size(); ++i)
                note(items[i].sys->key, groupId[root[i]], environmentOf(i), true);
            for (const auto& e : existing)
                note(e.key, e.id, e.environment, false);
        }
        if (const auto f = services->find(name); f != services->end())
            for (const Named& c : f->second)
                if (!otherEnvironments(c.environment, options.environment))
                    candidates.push_back(&c);
        return candidates;
    };
    auto serviceNamed = [&](const std::string& name, bool onlyNow) -> std::optional<Id> {
        const auto candidates = servicesNamed(name);
        if (candidates.size() != 1 || (onlyNow && !candidates.front()->now))
            return std::nullopt;
        return candidates.front()->id;
    };
    // What the map's Prometheus configurations scrape (their "scrapes", by name), not imported again now:
    // for the systems this import brings (a compose project imported after its Prometheus configuration).
    struct Fact {
        const std::string* name;
        const json* fact;
        const Discovery* from; // null: a configuration of the map's
    };
    std::vector<Fact> facts;
    for (const auto& d : discoveries)
        for (const auto& [name, fact] : d.facts)
            facts.push_back({&name, &fact, &d});
    for (const auto& e : existing)
        if (const auto scrapes = e.attributes.find("scrapes");
            e.status != "gone" && scrapes != e.attributes.end() && scrapes->is_object() &&
            std::none_of(e.scopes.begin(), e.scopes.end(),
                         [&](const std::string& s) { return scopes.count(s); }))
            for (auto it = scrapes->begin(); it != scrapes->end(); ++it)
                facts.push_back({&it.key(), &it.value(), nullptr});
    // The facts of one system, joined: two targets that name it (postgres:5432 and 10.0.2.5:9187, its
    // exporter) are both kept (joinFact()), where the last one alone was.
    std::vector<std::pair<Id, json>> factsOf;
    std::unordered_map<Id, size_t> factIndex;
    for (const auto& [namePtr, factPtr, from] : facts) {
        const std::string& name = *namePtr;
        const json& fact = *factPtr;
        if (!fact.is_object())
            continue;
        std::optional<Id> id;
        if (auto r = resolve(name))
            id = r;
        else if (!from)
            id = serviceNamed(name, true);
        else if (const auto e = findExisting(name); e && !isPlaceholder(existing[*e]))
            id = existing[*e].id;
        else if (const auto named = serviceNamed(name, false)) // before a host no file defines
            id = named;
        else if (e)
            id = existing[*e].id;
        if (!id) {
            if (from)
                plan.warnings.push_back(from->file + ": " +
                                        factNotKept(*from, name, fact, servicesNamed(name).size()));
            continue;
        }
        const auto [at, fresh] = factIndex.try_emplace(*id, factsOf.size());
        if (fresh)
            factsOf.emplace_back(*id, fact);
        else
            joinFact(factsOf[at->second].second, fact);
    }
    for (const auto& [id, fact] : factsOf) {
        auto merge = [&, &fact = fact](System& s) { // a binding is captured by name (clang 14)
            const bool held = isHeldAsText(s.attributes);
            json merged = documentOf(std::move(s.attributes));
            for (auto it = fact.begin(); it != fact.end(); ++it)
                merged[it.key()] = it.value();
            s.attributes = held ? heldAsText(merged) : std::move(merged);
            noteFactKeys(s, fact);
        };
        if (id < 0) {
            merge(plan.inserts[static_cast<size_t>(-id - 1)]);
            continue;
        }
        auto u = std::find_if(plan.updates.begin(), plan.updates.end(),
                              [&, id = id](const auto& p) { return p.first.id == id; });
        if (u == plan.updates.end()) {
            const auto e = std::find_if(existing.begin(), existing.end(),
                                        [&, id = id](const System& s) { return s.id == id; });
            plan.updates.emplace_back(stored(static_cast<size_t>(e - existing.begin())), *e);
            u = plan.updates.end() - 1;
        }
        const json before = u->second.attributes;
        merge(u->second);
        if (u->second.attributes != before &&
            std::find(plan.changed.begin(), plan.changed.end(), u->second.key) == plan.changed.end()) {
            plan.changed.push_back(u->second.key);
            std::erase(plan.unchanged, u->second.key);
        }
    }

    // ---- what vanished from a re-imported scope ----
    std::map<std::string, int> gonePerScope;
    for (size_t i = 0; i < existing.size(); ++i) {
        const System& before = existing[i];
        if (matchedExisting.count(i))
            continue;
        bool touched = false;
        System after = before;
        const bool resolvedGraph = resolvedGraphSystems.count(i) > 0; // its graph scopes are its instances'
        std::erase_if(after.scopes, [&](const std::string& s) {
            const bool drop = scopes.count(s) > 0 || resolvedGraph;
            if (drop)
                ++gonePerScope[s];
            touched = touched || drop;
            return drop;
        });
        if (!touched)
            continue;
        if (after.scopes.empty() && after.origin == "discovered" && after.status != "gone") {
            after.status = "gone";
            plan.gone.push_back(after.key);
        }
        plan.updates.emplace_back(stored(i), std::move(after));
    }

    // ---- edges ----
    // Whether a system of the map stays after this import: not gone, and found again or of other sources too.
    auto stays = [&](size_t k) {
        const System& e = existing[k];
        return e.status != "gone" &&
               (matchedExisting.count(k) ||
                !std::all_of(e.scopes.begin(), e.scopes.end(),
                             [&](const std::string& sc) { return scopes.count(sc) > 0; }));
    };
    // The systems an export pattern names: this import's that have it, and the map's that have it and stay.
    auto patternSystems = [&](const std::string& name) {
        std::set<Id> ids;
        if (const auto h = patternHolders.find(name); h != patternHolders.end())
            for (size_t i : h->second)
                ids.insert(groupId[root[i]]);
        auto held = [&](size_t k) {
            if (stays(k))
                ids.insert(existing[k].id);
        };
        if (const auto e = findExisting(name))
            held(*e);
        if (const auto more = alsoNamed.find(name); more != alsoNamed.end())
            for (size_t k : more->second)
                held(k);
        return ids;
    };
    // The map's systems that stay and are not in this import: what a Kubernetes selector meets across
    // imports (an import's own systems are met by its parser, with their labels of now).
    const SelectorJoin selectors(existing, [&](size_t k) { return !matchedExisting.count(k) && stays(k); });
    auto endpoint = [&](const std::string& name) -> std::optional<Id> {
        if (isExportPattern(name)) {
            const std::set<Id> ids = patternSystems(name);
            return ids.size() == 1 ? std::optional<Id>(*ids.begin()) : std::nullopt;
        }
        if (auto r = resolve(name))
            return r;
        if (auto e = findExisting(name))
            return existing[*e].id;
        return std::nullopt;
    };
    // The map's edges of a graph's resources whose instances are here now: joined to the instances as the
    // graph imported again would join them, with the scopes they had (read before the sources' names are
    // freed below: the joining looks at the sources' edges).
    std::vector<Dependency> joinedGraphEdges;
    std::set<Id> graphEdgesJoined;
    if (!resolvedGraphSystems.empty()) {
        std::unordered_map<Id, std::string_view> keyOf;
        for (const auto& sys : existing)
            keyOf.emplace(sys.id, sys.key);
        std::set<Id> resolvedIds;
        for (size_t i : resolvedGraphSystems)
            resolvedIds.insert(existing[i].id);
        for (const auto& dep : mapEdges()) {
            if (dep.origin != "discovered" ||
                (!resolvedIds.contains(dep.from) && !resolvedIds.contains(dep.to)))
                continue;
            graphEdgesJoined.insert(dep.id);
            for (const auto& [f, t] :
                 graphInstances.join(std::string(keyOf[dep.from]), std::string(keyOf[dep.to]))) {
                const auto from = endpoint(f);
                const auto to = endpoint(t);
                if (!from || !to || *from == *to)
                    continue;
                Dependency joined = dep;
                joined.id = 0;
                joined.from = *from;
                joined.to = *to;
                renameLegacyScopes(joined.scopes, legacy);
                joinedGraphEdges.push_back(std::move(joined));
            }
        }
    }
    std::unordered_map<EdgeKey, size_t, EdgeKeyHash> found; // -> index into foundEdges
    std::vector<Dependency> foundEdges;                     // in the order found
    {
        size_t n = joinedGraphEdges.size();
        for (const auto& d : discoveries)
            n += d.edges.size();
        found.reserve(n);
        foundEdges.reserve(n);
    }
    // (`kind` stays put while `found` lives: a discovery's, or dependencyKinds()'s.)
    auto addFound = [&](Id from, Id to, const std::string& kind, std::string evidence,
                        const std::string& scope) {
        auto [it, fresh] = found.try_emplace(EdgeKey{from, to, kind}, foundEdges.size());
        if (fresh) {
            Dependency dep;
            dep.from = from;
            dep.to = to;
            dep.kind = kind;
            dep.origin = "discovered";
            dep.evidence = std::move(evidence);
            foundEdges.push_back(std::move(dep));
        }
        addUnique(foundEdges[it->second].scopes, scope);
    };
    // A workload of this import that a Service of the map selects (imported before from another file).
    for (const auto& w : workloads)
        for (const auto& [k, selector] : selectors.servicesSelecting(w))
            if (const auto to = resolve(w.key); to && *to != existing[k].id)
                addFound(existing[k].id, *to, *knownKind("routes-to"), selectorEvidence(labelsText(selector)),
                         w.scope);
    for (auto& d : discoveries) {
        for (auto& e : d.edges) {
            if (isSelectorPattern(e.to)) { // a Service's selector that no workload of its import meets
                const auto env = k8sEnvironments.find(e.from);
                if (const auto from = endpoint(e.from); from && env != k8sEnvironments.end())
                    for (size_t k : selectors.workloadsSelected(e.to, env->second))
                        if (existing[k].id != *from)
                            addFound(*from, existing[k].id, e.kind, e.evidence, d.scope);
                continue;
            }
            const auto from = endpoint(e.from);
            const auto to = endpoint(e.to);
            if (!from || !to) {
                const std::string& name = !from ? e.from : e.to;
                const std::set<Id> holders = isExportPattern(name) ? patternSystems(name) : std::set<Id>();
                std::string why = ", which no source defines; left out";
                if (holders.size() > 1) {
                    why = ", an export of " + std::to_string(holders.size()) + " stacks (";
                    for (Id id : holders) {
                        const auto at = std::find_if(existing.begin(), existing.end(),
                                                     [&](const System& s) { return s.id == id; });
                        why += (id == *holders.begin() ? "" : ", ") +
                               (id < 0 ? plan.inserts[static_cast<size_t>(-id - 1)].key : at->key);
                    }
                    why += ") whose names are known only when deployed; left out";
                }
                plan.warnings.push_back(d.file + ": dependency " + e.from + " -> " + e.to + " names " + name +
                                        why);
                continue;
            }
            // The names are read no more: their memory serves the dependencies made from here on (the
            // plan's peak is at the end of this loop).
            std::string().swap(e.from);
            std::string().swap(e.to);
            if (*from == *to)
                continue;
            addFound(*from, *to, e.kind, std::move(e.evidence), d.scope);
        }
    }
    for (auto& joined : joinedGraphEdges) {
        const std::string* kind = knownKind(joined.kind);
        if (!kind)
            continue;
        auto [it, fresh] = found.try_emplace(EdgeKey{joined.from, joined.to, *kind}, foundEdges.size());
        if (fresh) {
            foundEdges.push_back(std::move(joined));
            continue;
        }
        for (const auto& scope : joined.scopes)
            addUnique(foundEdges[it->second].scopes, scope);
    }
    // A Service's dependency on a workload by its selector is found from either end (each may be of
    // another file): one of them defined in this import, it is found here as it is now, or is no more.
    std::unordered_set<Id> definedHere;
    for (const auto& key : k8sDefined)
        if (const auto id = resolve(key); id && *id > 0)
            definedHere.insert(*id);
    auto selectedHere = [&](const Dependency& dep) {
        return !definedHere.empty() && dep.origin == "discovered" && dep.kind == "routes-to" &&
               isSelectorEvidence(dep.evidence) &&
               (definedHere.contains(dep.from) || definedHere.contains(dep.to));
    };
    const std::vector<Dependency>& existingEdges = mapEdges();
    std::vector<bool> seen(foundEdges.size(), false); // found edges the map already holds
    const std::set<Id> folded =
        foldPlainDependencies(found, foundEdges, seen, existingEdges, discoveries.size(), legacy);
    for (const auto& dep : existingEdges) {
        // (A graph's edge of a resource that is its first instance now may be found again as it is.)
        if (folded.contains(dep.id) ||
            (graphEdgesJoined.contains(dep.id) && !found.contains(EdgeKey{dep.from, dep.to, dep.kind}))) {
            plan.edgeRemovals.push_back(dep.id);
            continue;
        }
        Dependency rescopedDep = dep; // its legacy scopes renamed
        renameLegacyScopes(rescopedDep.scopes, legacy);
        if (auto f = found.find(EdgeKey{dep.from, dep.to, dep.kind}); f != found.end()) {
            seen[f->second] = true;
            const Dependency& now = foundEdges[f->second];
            Dependency after = std::move(rescopedDep);
            for (const auto& s : now.scopes)
                addUnique(after.scopes, s);
            if (after.evidence.empty())
                after.evidence = now.evidence;
            if (after != dep)
                plan.edgeUpdates.emplace_back(dep, std::move(after));
            continue;
        }
        if (selectedHere(dep)) { // not found again where either end is known as it is now
            plan.edgeRemovals.push_back(dep.id);
            continue;
        }
        Dependency after = std::move(rescopedDep);
        const auto n = std::erase_if(after.scopes, [&](const std::string& s) { return scopes.count(s) > 0; });
        if (n == 0)
            continue;
        if (after.scopes.empty() && dep.origin == "discovered")
            plan.edgeRemovals.push_back(dep.id);
        else
            plan.edgeUpdates.emplace_back(dep, std::move(after));
    }
    // The new ones, in the order found, moved within their vector (not into a second one as large).
    size_t kept = 0;
    for (size_t i = 0; i < foundEdges.size(); ++i) {
        if (seen[i])
            continue;
        if (kept != i)
            foundEdges[kept] = std::move(foundEdges[i]);
        ++kept;
    }
    foundEdges.erase(foundEdges.begin() + static_cast<std::ptrdiff_t>(kept), foundEdges.end());
    plan.edgeInserts = std::move(foundEdges);

    // ---- one import run per file ----
    for (auto& d : discoveries) {
        ImportRun run;
        run.file = d.file;
        run.format = d.format;
        run.scope = d.scope;
        run.path = d.path;
        run.contentHash = d.contentHash;
        run.time = runTime;
        run.added = perRun[&d][0];
        run.updated = perRun[&d][1];
        run.gone = gonePerScope[d.scope];
        run.skipped = d.skipped;
        run.warnings = std::move(d.warnings);
        plan.runs.push_back(std::move(run));
    }
    std::sort(plan.changed.begin(), plan.changed.end());
    std::sort(plan.gone.begin(), plan.gone.end());
    std::sort(plan.unchanged.begin(), plan.unchanged.end());
    return plan;
}

std::vector<std::string_view> MergePlan::added() const {
    std::vector<std::string_view> keys;
    keys.reserve(inserts.size());
    for (const auto& s : inserts)
        keys.emplace_back(s.key);
    std::sort(keys.begin(), keys.end());
    return keys;
}

namespace {
/// Rows an import writes from which its edit runs on a rollback journal (Project::EditPages).
constexpr std::size_t kRollbackJournalFromRows = 2000;
} // namespace

std::vector<std::string> changesOf(const System& before, const System& after) {
    std::vector<std::string> out;
    auto shown = [](std::string v) {
        if (v.size() > 60) { // whole UTF-8 characters
            std::size_t cut = 57;
            while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80)
                --cut;
            v = v.substr(0, cut) + "...";
        }
        return v.empty() ? std::string("(none)") : v;
    };
    if (before.status != after.status)
        out.push_back(after.status == "gone" ? "gone from its sources" : "back in its sources");
    const std::pair<const char*, std::string System::*> fields[] = {{"name", &System::name},
                                                                    {"kind", &System::kind},
                                                                    {"provider", &System::provider},
                                                                    {"environment", &System::environment},
                                                                    {"owner", &System::owner},
                                                                    {"lifecycle", &System::lifecycle},
                                                                    {"criticality", &System::criticality},
                                                                    {"address", &System::address},
                                                                    {"group", &System::group}};
    for (const auto& [name, member] : fields)
        if (before.*member != after.*member)
            out.push_back(std::string(name) + " " + shown(before.*member) + " → " + shown(after.*member));
    if (before.notes != after.notes)
        out.push_back("notes filled in from the source");
    auto listChange = [&](const char* name, const std::vector<std::string>& was,
                          const std::vector<std::string>& now) {
        std::string words;
        for (const auto& v : now)
            if (std::find(was.begin(), was.end(), v) == was.end())
                words += (words.empty() ? "" : ", ") + ("+" + v);
        for (const auto& v : was)
            if (std::find(now.begin(), now.end(), v) == now.end())
                words += (words.empty() ? "" : ", ") + ("−" + v);
        if (!words.empty())
            out.push_back(std::string(name) + ": " + shown(words));
    };
    listChange("tags", before.tags, after.tags);
    listChange("sources", before.sources, after.sources);
    listChange("identifiers", before.identifiers, after.identifiers);

    const json was = documentOf(before.attributes), now = documentOf(after.attributes);
    if (was == now || !was.is_object() || !now.is_object())
        return out;
    auto text = [](const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
    constexpr std::size_t kMostFacts = 8;
    std::size_t facts = 0;
    auto fact = [&](std::string line) {
        if (facts++ < kMostFacts)
            out.push_back(std::move(line));
    };
    for (auto it = now.begin(); it != now.end(); ++it) {
        const auto old = was.find(it.key());
        if (old == was.end())
            fact(it.key() + " " + shown(text(it.value())) + " (new)");
        else if (*old != it.value())
            fact(it.key() + " " + shown(text(*old)) + " → " + shown(text(it.value())));
    }
    for (auto it = was.begin(); it != was.end(); ++it)
        if (!now.contains(it.key()))
            fact(it.key() + " no longer said");
    if (facts > kMostFacts)
        out.push_back(std::to_string(facts - kMostFacts) + " more facts changed");
    return out;
}

void applyMerge(Project& project, const MergePlan& plan, const QString& editText) {
    // Its rows are written once (Project::EditPages): a small page cache (the larger one was most of
    // what its commit added to its peak memory, 7 of 34 MiB at 10 MB, 48 MiB at 100 MB), and from
    // kRollbackJournalFromRows rows a rollback journal (a 100 MB state's commit: 0.48 -> 0.38 s).
    const std::size_t rows = plan.inserts.size() + plan.updates.size() + plan.edgeInserts.size() +
                             plan.edgeUpdates.size() + plan.edgeRemovals.size();
    project.edit(
        editText,
        [&] {
            const std::vector<Id> newIds = project.addAll(plan.inserts);
            for (const auto& [before, after] : plan.updates)
                project.save(after);
            project.addAll(plan.edgeInserts,
                           [&](Id id) { return id < 0 ? newIds.at(static_cast<size_t>(-id - 1)) : id; });
            for (const auto& [before, after] : plan.edgeUpdates)
                project.save(after);
            for (Id id : plan.edgeRemovals)
                project.erase<Dependency>(id);
            for (const auto& run : plan.runs)
                project.add(run);
        },
        rows >= kRollbackJournalFromRows ? Project::EditPages::ManyWrittenOnce
                                         : Project::EditPages::WrittenOnce);
}

} // namespace terrain
