#include "ImportMerge.h"

#include "Project.h"

#include <QDateTime>

#include <algorithm>
#include <array>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>
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
    const DiscoveredSystem* sys;
    const Discovery* from;
};

// System::discovered holds, per format, what that format's last import said of each field. The
// value that counts is the best-ranked format's.
json effective(const json& perFormat) {
    std::vector<std::pair<int, std::string>> formats;
    for (auto it = perFormat.begin(); it != perFormat.end(); ++it)
        if (it.value().is_object())
            formats.emplace_back(formatRank(it.key()), it.key());
    std::sort(formats.begin(), formats.end());
    json out = json::object();
    for (const auto& f : kFields)
        for (const auto& [rank, format] : formats) {
            const std::string v = perFormat[format].value(f.name, std::string());
            if (!v.empty()) {
                out[f.name] = v;
                break;
            }
        }
    return out;
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

} // namespace

MergePlan planMerge(const Project& project, const std::vector<Discovery>& discoveries,
                    const MergeOptions& options) {
    MergePlan plan;
    const QDateTime nowUtc = QDateTime::currentDateTimeUtc();
    const std::string today =
        options.today.empty() ? nowUtc.date().toString(Qt::ISODate).toStdString() : options.today;
    const std::string runTime =
        options.now.empty() ? nowUtc.toString(Qt::ISODate).toStdString() : options.now;

    // ---- what the map holds ----
    const std::vector<System> existing = project.list<System>();
    std::unordered_map<std::string, size_t> existingByName; // key or identifier -> index
    for (size_t i = 0; i < existing.size(); ++i)
        existingByName.emplace(existing[i].key, i);
    for (size_t i = 0; i < existing.size(); ++i)
        for (const auto& ident : existing[i].identifiers)
            existingByName.emplace(ident, i);

    // ---- what the sources found, joined by key and identifier ----
    std::vector<Item> items;
    std::set<std::string> scopes;
    for (const auto& d : discoveries) {
        scopes.insert(d.scope);
        plan.skipped += d.skipped;
        for (const auto& w : d.warnings)
            plan.warnings.push_back(d.file + ": " + w);
        for (const auto& s : d.systems)
            items.push_back({&s, &d});
    }
    UnionFind uf(items.size());
    {
        std::unordered_map<std::string, size_t> first;
        for (size_t i = 0; i < items.size(); ++i) {
            for (const std::string* name : {&items[i].sys->key}) {
                auto [it, fresh] = first.emplace(*name, i);
                if (!fresh)
                    uf.unite(it->second, i);
            }
            for (const auto& ident : items[i].sys->identifiers) {
                auto [it, fresh] = first.emplace(ident, i);
                if (!fresh)
                    uf.unite(it->second, i);
            }
        }
        // Two items that match the same system of the map are the same too.
        std::unordered_map<size_t, size_t> byExisting;
        for (size_t i = 0; i < items.size(); ++i) {
            std::vector<std::string> names = items[i].sys->identifiers;
            names.insert(names.begin(), items[i].sys->key);
            for (const auto& n : names)
                if (auto e = existingByName.find(n); e != existingByName.end()) {
                    auto [it, fresh] = byExisting.emplace(e->second, i);
                    if (!fresh)
                        uf.unite(it->second, i);
                    break;
                }
        }
    }
    std::map<size_t, std::vector<size_t>> groups; // root -> items, in input order
    for (size_t i = 0; i < items.size(); ++i)
        groups[uf.find(i)].push_back(i);

    // ---- one system per group ----
    std::unordered_map<std::string, Id> resolve; // key or identifier -> id (negative: -(1 + insert index))
    std::set<size_t> matchedExisting;
    std::map<const Discovery*, std::array<int, 2>> perRun; // added, updated
    for (auto& [root, members] : groups) {
        std::stable_sort(members.begin(), members.end(), [&](size_t a, size_t b) {
            const auto rank = [&](size_t i) {
                const auto* s = items[i].sys;
                return std::make_tuple(s->reference || s->external, formatRank(items[i].from->format));
            };
            return rank(a) < rank(b);
        });
        // The map's system, when one matches (by key first, then by identifier).
        std::optional<size_t> match;
        for (size_t i : members)
            if (auto e = existingByName.find(items[i].sys->key); e != existingByName.end()) {
                match = e->second;
                break;
            }
        if (!match)
            for (size_t i : members)
                for (const auto& ident : items[i].sys->identifiers)
                    if (auto e = existingByName.find(ident); !match && e != existingByName.end())
                        match = e->second;
        if (match && matchedExisting.count(*match)) {
            plan.warnings.push_back(items[members.front()].sys->key +
                                    " and another import group both match " + existing[*match].key +
                                    "; kept together");
        }

        // What each format says now, and what counts (the best-ranked format's word).
        json perFormat = match ? existing[*match].discovered : json::object();
        if (!perFormat.is_object())
            perFormat = json::object();
        std::set<std::string> refreshed;
        std::vector<std::string> tags, identifiers, sources, groupScopes;
        json attributes = json::object();
        bool allReferences = true;
        for (auto it = members.rbegin(); it != members.rend(); ++it) // best source last, so it wins
            for (auto a = items[*it].sys->attributes.begin(); a != items[*it].sys->attributes.end(); ++a)
                attributes[a.key()] = a.value();
        int folded = 0;
        for (size_t i : members) {
            const auto& s = *items[i].sys;
            const std::string& format = items[i].from->format;
            if (refreshed.insert(format).second)
                perFormat[format] = json::object();
            json& said = perFormat[format];
            for (const auto& f : kFields) {
                std::string v = s.*(f.source);
                if (v.empty() && std::string(f.name) == "environment")
                    v = options.environment;
                if (!v.empty() && !said.contains(f.name))
                    said[f.name] = v;
            }
            for (const auto& t : s.tags)
                addUnique(tags, t);
            addUnique(identifiers, s.key);
            for (const auto& ident : s.identifiers)
                addUnique(identifiers, ident);
            addUnique(sources, format);
            addUnique(groupScopes, items[i].from->scope);
            allReferences = allReferences && s.reference;
            folded += s.folded;
        }
        if (allReferences)
            addUnique(tags, std::string("managed-elsewhere"));
        if (folded > 0)
            attributes["folded_resources"] = folded;
        const json now = effective(perFormat);

        Id id = 0;
        std::string key;
        if (!match) {
            System s;
            s.key = items[members.front()].sys->key;
            for (const auto& f : kFields)
                s.*(f.member) = now.value(f.name, std::string());
            if (s.name.empty())
                s.name = s.key;
            s.tags = tags;
            s.attributes = attributes;
            s.sources = sources;
            s.scopes = groupScopes;
            s.origin = "discovered";
            s.status = "present";
            s.firstSeen = today;
            s.lastSeen = today;
            std::erase(identifiers, s.key);
            s.identifiers = identifiers;
            s.discovered = perFormat;
            key = s.key;
            plan.inserts.push_back(std::move(s));
            id = -static_cast<Id>(plan.inserts.size());
            plan.added.push_back(key);
            for (size_t i : members)
                perRun[items[i].from][0]++;
        } else {
            matchedExisting.insert(*match);
            const System& before = existing[*match];
            System after = before;
            const json last = effective(before.discovered.is_object() ? before.discovered : json::object());
            for (const auto& f : kFields) {
                const std::string value = now.value(f.name, std::string());
                std::string& current = after.*(f.member);
                if (!value.empty() && (current.empty() || current == last.value(f.name, std::string())))
                    current = value;
            }
            after.discovered = perFormat;
            for (const auto& t : tags)
                addUnique(after.tags, t);
            for (auto a = attributes.begin(); a != attributes.end(); ++a)
                after.attributes[a.key()] = a.value();
            for (const auto& s : sources)
                addUnique(after.sources, s);
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
            key = before.key;
            id = before.id;
            const bool changed = changedBeyondSeen(after, before);
            (changed ? plan.changed : plan.unchanged).push_back(key);
            if (changed)
                for (size_t i : members)
                    perRun[items[i].from][1]++;
            if (changed || after != before)
                plan.updates.emplace_back(before, std::move(after));
        }
        for (size_t i : members) {
            resolve[items[i].sys->key] = id;
            for (const auto& ident : items[i].sys->identifiers)
                resolve.emplace(ident, id);
        }
        resolve[key] = id;
    }

    // ---- facts about systems (Prometheus: who watches what) ----
    for (const auto& d : discoveries) {
        for (const auto& [name, fact] : d.facts) {
            if (!fact.is_object())
                continue;
            std::optional<Id> id;
            if (auto r = resolve.find(name); r != resolve.end())
                id = r->second;
            else if (auto e = existingByName.find(name); e != existingByName.end())
                id = existing[e->second].id;
            if (!id) {
                plan.warnings.push_back(d.file + ": " + name + " is named (" + fact.dump() +
                                        ") but is not on the map");
                continue;
            }
            auto merge = [&](System& s) {
                for (auto it = fact.begin(); it != fact.end(); ++it)
                    s.attributes[it.key()] = it.value();
            };
            if (*id < 0) {
                merge(plan.inserts[static_cast<size_t>(-*id - 1)]);
                continue;
            }
            auto u = std::find_if(plan.updates.begin(), plan.updates.end(),
                                  [&](const auto& p) { return p.first.id == *id; });
            if (u == plan.updates.end()) {
                const auto e = std::find_if(existing.begin(), existing.end(),
                                            [&](const System& s) { return s.id == *id; });
                plan.updates.emplace_back(*e, *e);
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
    }

    // ---- what vanished from a re-imported scope ----
    std::map<std::string, int> gonePerScope;
    for (size_t i = 0; i < existing.size(); ++i) {
        const System& before = existing[i];
        if (matchedExisting.count(i))
            continue;
        bool touched = false;
        System after = before;
        std::erase_if(after.scopes, [&](const std::string& s) {
            const bool drop = scopes.count(s) > 0;
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
        plan.updates.emplace_back(before, std::move(after));
    }

    // ---- edges ----
    auto endpoint = [&](const std::string& name) -> std::optional<Id> {
        if (auto r = resolve.find(name); r != resolve.end())
            return r->second;
        if (auto e = existingByName.find(name); e != existingByName.end())
            return existing[e->second].id;
        return std::nullopt;
    };
    struct EdgeKey {
        Id from, to;
        std::string kind;
        bool operator<(const EdgeKey& o) const {
            return std::tie(from, to, kind) < std::tie(o.from, o.to, o.kind);
        }
    };
    std::map<EdgeKey, Dependency> found;
    std::vector<EdgeKey> foundOrder;
    for (const auto& d : discoveries) {
        for (const auto& e : d.edges) {
            const auto from = endpoint(e.from);
            const auto to = endpoint(e.to);
            if (!from || !to) {
                plan.warnings.push_back(d.file + ": dependency " + e.from + " -> " + e.to + " names " +
                                        (!from ? e.from : e.to) + ", which no source defines; left out");
                continue;
            }
            if (*from == *to)
                continue;
            EdgeKey k{*from, *to, e.kind};
            auto [it, fresh] = found.try_emplace(k);
            if (fresh) {
                it->second.from = *from;
                it->second.to = *to;
                it->second.kind = e.kind;
                it->second.origin = "discovered";
                it->second.evidence = e.evidence;
                foundOrder.push_back(k);
            }
            addUnique(it->second.scopes, d.scope);
        }
    }
    std::set<EdgeKey> seen;
    for (const auto& dep : project.list<Dependency>()) {
        EdgeKey k{dep.from, dep.to, dep.kind};
        if (auto f = found.find(k); f != found.end()) {
            seen.insert(k);
            Dependency after = dep;
            for (const auto& s : f->second.scopes)
                addUnique(after.scopes, s);
            if (after.evidence.empty())
                after.evidence = f->second.evidence;
            if (after != dep)
                plan.edgeUpdates.emplace_back(dep, std::move(after));
            continue;
        }
        Dependency after = dep;
        const auto n = std::erase_if(after.scopes, [&](const std::string& s) { return scopes.count(s) > 0; });
        if (n == 0)
            continue;
        if (after.scopes.empty() && dep.origin == "discovered")
            plan.edgeRemovals.push_back(dep.id);
        else
            plan.edgeUpdates.emplace_back(dep, std::move(after));
    }
    for (const auto& k : foundOrder)
        if (!seen.count(k))
            plan.edgeInserts.push_back(found.at(k));

    // ---- one import run per file ----
    for (const auto& d : discoveries) {
        ImportRun run;
        run.file = d.file;
        run.format = d.format;
        run.contentHash = d.contentHash;
        run.time = runTime;
        run.added = perRun[&d][0];
        run.updated = perRun[&d][1];
        run.gone = gonePerScope[d.scope];
        run.skipped = d.skipped;
        run.warnings = d.warnings;
        plan.runs.push_back(std::move(run));
    }
    std::sort(plan.added.begin(), plan.added.end());
    std::sort(plan.changed.begin(), plan.changed.end());
    std::sort(plan.gone.begin(), plan.gone.end());
    std::sort(plan.unchanged.begin(), plan.unchanged.end());
    return plan;
}

void applyMerge(Project& project, const MergePlan& plan, const QString& editText) {
    project.edit(editText, [&] {
        std::vector<Id> newIds;
        newIds.reserve(plan.inserts.size());
        for (const auto& s : plan.inserts)
            newIds.push_back(project.add(s));
        for (const auto& [before, after] : plan.updates)
            project.save(after);
        auto real = [&](Id id) { return id < 0 ? newIds.at(static_cast<size_t>(-id - 1)) : id; };
        for (Dependency d : plan.edgeInserts) {
            d.from = real(d.from);
            d.to = real(d.to);
            project.add(d);
        }
        for (const auto& [before, after] : plan.edgeUpdates)
            project.save(after);
        for (Id id : plan.edgeRemovals)
            project.erase<Dependency>(id);
        for (const auto& run : plan.runs)
            project.add(run);
    });
}

} // namespace terrain
