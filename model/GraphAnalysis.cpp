#include "GraphAnalysis.h"

#include "Analysis.h"
#include "Project.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdint>
#include <map>
#include <set>
#include <string_view>
#include <unordered_set>

namespace terrain {

// ---------------------------------------------------------------------------------------------
// The graph snapshot

MapGraph MapGraph::fromProject(const Project& project) {
    return fromLists(project.list<System>(), project.list<Dependency>());
}

MapGraph MapGraph::fromLists(std::vector<System> systems, const std::vector<Dependency>& dependencies) {
    MapGraph g;
    systems.erase(
        std::remove_if(systems.begin(), systems.end(), [](const System& s) { return s.status == "gone"; }),
        systems.end());
    std::sort(systems.begin(), systems.end(), [](const System& a, const System& b) { return a.key < b.key; });
    g.systems = std::move(systems);
    g.m_byId.reserve(g.systems.size());
    for (size_t i = 0; i < g.systems.size(); ++i)
        g.m_byId.emplace(g.systems[i].id, static_cast<int>(i));
    g.edges.reserve(dependencies.size());
    for (const auto& d : dependencies) {
        const int f = g.indexOf(d.from), t = g.indexOf(d.to);
        if (f >= 0 && t >= 0)
            g.edges.push_back({f, t, d.kind});
    }
    std::sort(g.edges.begin(), g.edges.end(), [](const Edge& a, const Edge& b) {
        return a.from != b.from ? a.from < b.from : a.to != b.to ? a.to < b.to : a.kind < b.kind;
    });
    g.out.assign(g.systems.size(), {});
    g.in.assign(g.systems.size(), {});
    for (const auto& e : g.edges)
        if (failurePropagates(e.kind)) {
            g.out[static_cast<size_t>(e.from)].push_back(e.to);
            g.in[static_cast<size_t>(e.to)].push_back(e.from);
        }
    for (auto* lists : {&g.out, &g.in})
        for (auto& l : *lists) {
            std::sort(l.begin(), l.end());
            l.erase(std::unique(l.begin(), l.end()), l.end());
        }
    return g;
}

int MapGraph::indexOf(Id id) const {
    auto it = m_byId.find(id);
    return it == m_byId.end() ? -1 : it->second;
}

int MapGraph::indexOfKey(const std::string& key) const {
    auto it = std::lower_bound(systems.begin(), systems.end(), key,
                               [](const System& s, const std::string& k) { return s.key < k; });
    return it != systems.end() && it->key == key ? static_cast<int>(it - systems.begin()) : -1;
}

bool failurePropagates(const std::string& dependencyKind) {
    return dependencyKind != "monitors";
}

namespace {

int criticalityRank(const std::string& c) {
    return c == "critical" ? 4 : c == "high" ? 3 : c == "medium" ? 2 : c == "low" ? 1 : 0;
}

std::string lower(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return s;
}

/// Lower-case words of letters and digits (bytes >= 0x80 count as letters, so UTF-8 survives).
std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::string w;
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
            w += ch;
        } else if (c >= 'A' && c <= 'Z') {
            w += static_cast<char>(c - 'A' + 'a');
        } else if (!w.empty()) {
            out.push_back(std::move(w));
            w.clear();
        }
    }
    if (!w.empty())
        out.push_back(std::move(w));
    return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

std::string valueText(const json& v) {
    if (v.is_null())
        return {};
    if (v.is_string())
        return v.get<std::string>();
    return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

/// Most critical first, then most direct dependents, then key.
void sortByImportance(const MapGraph& g, std::vector<FlaggedSystem>& list) {
    struct Key {
        int criticality;
        size_t dependents;
        int system;
    };
    std::vector<std::pair<Key, size_t>> order;
    order.reserve(list.size());
    for (size_t i = 0; i < list.size(); ++i) {
        const int s = list[i].system;
        order.push_back({{criticalityRank(g.at(s).criticality), g.in[static_cast<size_t>(s)].size(), s}, i});
    }
    std::sort(order.begin(), order.end(), [](const auto& x, const auto& y) {
        if (x.first.criticality != y.first.criticality)
            return x.first.criticality > y.first.criticality;
        if (x.first.dependents != y.first.dependents)
            return x.first.dependents > y.first.dependents;
        return x.first.system < y.first.system;
    });
    std::vector<FlaggedSystem> sorted;
    sorted.reserve(list.size());
    for (const auto& [key, i] : order)
        sorted.push_back(std::move(list[i]));
    list = std::move(sorted);
}

/// Strongly connected components, numbered so that every component reaches only lower numbers
/// (Tarjan finishes sinks first). Iterative.
std::vector<int> components(const std::vector<std::vector<int>>& out, int& count) {
    const auto n = out.size();
    std::vector<int> index(n, -1), low(n, 0), comp(n, -1), stack;
    std::vector<char> onStack(n, 0);
    std::vector<std::pair<int, size_t>> call;
    int counter = 0;
    count = 0;
    for (size_t root = 0; root < n; ++root) {
        if (index[root] != -1)
            continue;
        auto visit = [&](int v) {
            const auto vi = static_cast<size_t>(v);
            index[vi] = low[vi] = counter++;
            stack.push_back(v);
            onStack[vi] = 1;
            call.emplace_back(v, 0);
        };
        visit(static_cast<int>(root));
        while (!call.empty()) {
            const int v = call.back().first;
            const auto vi = static_cast<size_t>(v);
            if (call.back().second < out[vi].size()) {
                const int w = out[vi][call.back().second++];
                const auto wi = static_cast<size_t>(w);
                if (index[wi] == -1)
                    visit(w);
                else if (onStack[wi])
                    low[vi] = std::min(low[vi], index[wi]);
                continue;
            }
            call.pop_back();
            if (!call.empty()) {
                const auto p = static_cast<size_t>(call.back().first);
                low[p] = std::min(low[p], low[vi]);
            }
            if (low[vi] != index[vi])
                continue;
            int w = -1;
            do {
                w = stack.back();
                stack.pop_back();
                onStack[static_cast<size_t>(w)] = 0;
                comp[static_cast<size_t>(w)] = count;
            } while (w != v);
            ++count;
        }
    }
    return comp;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Blast radius

BlastRadius blastRadius(const MapGraph& graph, int system) {
    BlastRadius r;
    r.system = system;
    if (system < 0 || system >= graph.size())
        return r;
    std::vector<int> seen(graph.systems.size(), 0);
    seen[static_cast<size_t>(system)] = 1;
    std::vector<int> frontier{system};
    for (int level = 1; !frontier.empty(); ++level) {
        std::vector<int> next;
        for (int v : frontier)
            for (int u : graph.in[static_cast<size_t>(v)])
                if (!seen[static_cast<size_t>(u)]) {
                    seen[static_cast<size_t>(u)] = 1;
                    next.push_back(u);
                }
        std::sort(next.begin(), next.end());
        for (int u : next) {
            r.transitive.push_back(u);
            r.depth.push_back(level);
        }
        if (level == 1)
            r.direct = next;
        frontier = std::move(next);
    }
    return r;
}

std::vector<int> blastRadiusCounts(const MapGraph& graph, const std::vector<int>& systems) {
    std::vector<int> result(systems.size(), 0);
    if (systems.empty())
        return result;
    int nComp = 0;
    const std::vector<int> comp = components(graph.out, nComp);
    const auto nc = static_cast<size_t>(nComp);
    std::vector<int> size(nc, 0);
    for (int c : comp)
        ++size[static_cast<size_t>(c)];
    std::vector<std::vector<int>> compOut(nc);
    for (size_t u = 0; u < graph.out.size(); ++u)
        for (int v : graph.out[u])
            if (comp[u] != comp[static_cast<size_t>(v)])
                compOut[static_cast<size_t>(comp[u])].push_back(comp[static_cast<size_t>(v)]);
    for (auto& l : compOut) {
        std::sort(l.begin(), l.end());
        l.erase(std::unique(l.begin(), l.end()), l.end());
    }
    // 64 systems per pass: mask[X] holds the bits of the chosen systems that component X reaches.
    std::vector<std::uint64_t> own(nc), mask(nc);
    for (size_t start = 0; start < systems.size(); start += 64) {
        const size_t end = std::min(systems.size(), start + 64);
        std::fill(own.begin(), own.end(), 0);
        for (size_t i = start; i < end; ++i)
            own[static_cast<size_t>(comp[static_cast<size_t>(systems[i])])] |= std::uint64_t{1}
                                                                               << (i - start);
        std::uint64_t counts[64] = {};
        for (size_t x = 0; x < nc; ++x) { // components reach only lower numbers: those are done
            std::uint64_t m = 0;
            for (int y : compOut[x])
                m |= mask[static_cast<size_t>(y)] | own[static_cast<size_t>(y)];
            mask[x] = m;
            while (m) {
                counts[std::countr_zero(m)] += static_cast<std::uint64_t>(size[x]);
                m &= m - 1;
            }
        }
        for (size_t i = start; i < end; ++i)
            result[i] = static_cast<int>(counts[i - start]) +
                        size[static_cast<size_t>(comp[static_cast<size_t>(systems[i])])] - 1;
    }
    return result;
}

int highFanInThreshold(const MapGraph& graph) {
    return std::max(5, (graph.size() + 9) / 10);
}

int knownCopies(const System& s) {
    if (!s.attributes.is_object())
        return 1;
    auto number = [&](const char* key) -> int {
        const auto it = s.attributes.find(key);
        if (it == s.attributes.end())
            return 0;
        if (it->is_number_integer())
            return static_cast<int>(
                std::clamp<json::number_integer_t>(it->get<json::number_integer_t>(), 0, 1 << 20));
        if (it->is_string()) { // as some sources write numbers
            int n = 0;
            const std::string& t = it->get_ref<const std::string&>();
            const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
            return ec == std::errc() && end == t.data() + t.size() ? std::clamp(n, 0, 1 << 20) : 0;
        }
        return 0;
    };
    // A Deployment's or a compose service's replicas (an autoscaler's floor, where it has one, is what it
    // keeps), an autoscaling group's minimum, a Multi-AZ database's standby.
    const int replicas = number("min_replicas") > 0 ? number("min_replicas") : number("replicas");
    int copies = std::max({1, replicas, number("min_size")});
    if (const auto az = s.attributes.find("multi_az");
        az != s.attributes.end() && az->is_boolean() && az->get<bool>())
        copies = std::max(copies, 2);
    return copies;
}

std::vector<SinglePointOfFailure> singlePointsOfFailure(const MapGraph& graph) {
    constexpr size_t kMaxScored = 4096; // 64 bit-parallel passes
    std::vector<SinglePointOfFailure> list;
    std::vector<char> isCut(graph.systems.size(), 0);
    for (int v : articulationPoints(graph.out))
        isCut[static_cast<size_t>(v)] = 1;
    const auto threshold = static_cast<size_t>(highFanInThreshold(graph));
    for (int i = 0; i < graph.size(); ++i) {
        const auto& in = graph.in[static_cast<size_t>(i)];
        const size_t direct = in.size() - static_cast<size_t>(std::binary_search(in.begin(), in.end(), i));
        if (direct == 0)
            continue;
        const bool fanIn = direct >= threshold;
        if ((!isCut[static_cast<size_t>(i)] && !fanIn) || knownCopies(graph.at(i)) > 1)
            continue; // where it runs in more than one copy, one failing copy stops nothing
        list.push_back({i, 0, static_cast<int>(direct), isCut[static_cast<size_t>(i)] != 0, fanIn});
    }
    if (list.size() > kMaxScored) {
        // Pathological maps (a chain of 100,000): score the candidates with the most direct dependents.
        std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
            return a.directDependents > b.directDependents;
        });
        list.resize(kMaxScored);
    }
    std::vector<int> ids;
    ids.reserve(list.size());
    for (const auto& s : list)
        ids.push_back(s.system);
    const auto counts = blastRadiusCounts(graph, ids);
    for (size_t i = 0; i < list.size(); ++i)
        list[i].blastRadius = counts[i];
    std::sort(list.begin(), list.end(), [](const SinglePointOfFailure& a, const SinglePointOfFailure& b) {
        if (a.blastRadius != b.blastRadius)
            return a.blastRadius > b.blastRadius;
        if (a.directDependents != b.directDependents)
            return a.directDependents > b.directDependents;
        return a.system < b.system;
    });
    return list;
}

// ---------------------------------------------------------------------------------------------
// Flags

const std::vector<std::string>& runtimeSources() {
    static const std::vector<std::string> v = {"k8s", "compose", "awscli", "csv"};
    return v;
}

const std::vector<std::string>& iacSources() {
    static const std::vector<std::string> v = {"tfstate", "tfjson", "tfgraph", "cfn"};
    return v;
}

std::vector<FlaggedSystem> runtimeOnlySystems(const MapGraph& graph) {
    std::vector<FlaggedSystem> list;
    for (int i = 0; i < graph.size(); ++i) {
        const auto& s = graph.at(i);
        std::vector<std::string> seen;
        bool iac = false;
        // Kubernetes objects read from manifests (tagged "manifest" by the importer) are written down.
        const bool manifest = contains(s.tags, std::string("manifest"));
        for (const auto& src : s.sources) {
            iac = iac || contains(iacSources(), src) || (manifest && src == "k8s");
            if (contains(runtimeSources(), src) && !contains(seen, src))
                seen.push_back(src);
        }
        if (iac || seen.empty())
            continue;
        std::string by;
        for (const auto& src : seen)
            by += (by.empty() ? "" : ", ") + src;
        list.push_back({i, {"seen by " + by + " and in no infrastructure-as-code source"}});
    }
    sortByImportance(graph, list);
    return list;
}

std::vector<FlaggedSystem> handReachedSystems(const MapGraph& graph) {
    static const std::vector<std::string> kTags = {"ssh",     "bastion",      "jump-host",     "jumphost",
                                                   "jumpbox", "laptop",       "manual-deploy", "hand-run",
                                                   "by-hand", "manual-access"};
    static const std::vector<std::string> kWords = {"bastion", "jumphost", "jumpbox",    "laptop",
                                                    "macbook", "ssh",      "workstation"};
    static const std::vector<std::string> kHandValues = {"laptop",   "macbook", "ssh",         "manual",
                                                         "manually", "hand",    "workstation", "desktop"};
    static const std::vector<std::string> kPlaceKeys = {
        "runs_from", "run_from", "access", "access_method", "deploy_method", "deployed_by", "deployed_from"};
    std::vector<std::vector<std::string>> reasons(graph.systems.size());
    for (int i = 0; i < graph.size(); ++i) {
        const auto& s = graph.at(i);
        auto& r = reasons[static_cast<size_t>(i)];
        for (const auto& t : s.tags)
            if (contains(kTags, lower(t)))
                r.push_back("tagged \"" + t + "\"");
        const auto nameWords = words(s.name);
        for (size_t w = 0; w < nameWords.size(); ++w) {
            const bool jumpHost = nameWords[w] == "jump" && w + 1 < nameWords.size() &&
                                  (nameWords[w + 1] == "host" || nameWords[w + 1] == "box");
            if (contains(kWords, nameWords[w]) || jumpHost) {
                r.push_back("its name says \"" +
                            (jumpHost ? nameWords[w] + " " + nameWords[w + 1] : nameWords[w]) + "\"");
                break;
            }
        }
        if (s.attributes.is_object())
            for (auto it = s.attributes.begin(); it != s.attributes.end(); ++it) {
                const std::string key = lower(it.key());
                const std::string value = valueText(it.value());
                const auto keyWords = words(key);
                bool hand = contains(keyWords, "ssh");
                if (!hand && contains(kPlaceKeys, key))
                    for (const auto& w : words(value))
                        hand = hand || contains(kHandValues, w);
                if (!hand && key.find("port") != std::string::npos)
                    hand = contains(words(value), "22");
                if (hand)
                    r.push_back("attribute " + it.key() + " = \"" + value + "\"");
            }
    }
    // What a hand-run script or a bastion deploys to or runs on is reached by hand too.
    std::vector<std::vector<std::string>> derived(graph.systems.size());
    for (const auto& e : graph.edges) {
        // "deploys-to": whatever a hand-run thing deploys to; "runs-on": the host a hand-run script
        // runs on; "configured-by": what a hand-run thing configures.
        const bool configured = e.kind == "configured-by";
        const int hand = configured ? e.to : e.from;
        const int host = configured ? e.from : e.to;
        if (e.from == e.to || reasons[static_cast<size_t>(hand)].empty())
            continue;
        std::string what;
        if (e.kind == "deploys-to")
            what = "deployed to by ";
        else if (e.kind == "runs-on" && graph.at(hand).kind == "script")
            what = "runs ";
        else if (configured)
            what = "configured by ";
        else
            continue;
        derived[static_cast<size_t>(host)].push_back(what + systemLabel(graph.at(hand)) +
                                                     ", which is run by hand");
    }
    std::vector<FlaggedSystem> list;
    for (int i = 0; i < graph.size(); ++i) {
        auto r = reasons[static_cast<size_t>(i)];
        for (auto& d : derived[static_cast<size_t>(i)])
            if (!contains(r, d))
                r.push_back(std::move(d));
        if (!r.empty())
            list.push_back({i, std::move(r)});
    }
    sortByImportance(graph, list);
    return list;
}

namespace {
/// For each system, whether a dependency of `kind` onto another system leaves it (`leaves`) or reaches it.
std::vector<char> endsOf(const MapGraph& graph, std::string_view kind, bool leaves) {
    std::vector<char> out(graph.systems.size(), 0);
    for (const auto& e : graph.edges)
        if (e.kind == kind && e.from != e.to)
            out[static_cast<size_t>(leaves ? e.from : e.to)] = 1;
    return out;
}
} // namespace

std::vector<FlaggedSystem> unmonitoredSystems(const MapGraph& graph) {
    const std::vector<char> monitored = endsOf(graph, "monitors", false);
    std::vector<FlaggedSystem> list;
    for (int i = 0; i < graph.size(); ++i) {
        const auto& s = graph.at(i);
        if (s.kind == "person" || monitored[static_cast<size_t>(i)])
            continue;
        if (s.attributes.is_object() && !valueText(s.attributes.value("monitored_by", json())).empty())
            continue;
        list.push_back({i, {"no monitored_by fact and nothing monitors it"}});
    }
    sortByImportance(graph, list);
    return list;
}

std::vector<FlaggedSystem> unroutedServices(const MapGraph& graph) {
    const std::vector<char> routes = endsOf(graph, "routes-to", true);
    std::vector<FlaggedSystem> list;
    for (int i = 0; i < graph.size(); ++i) {
        const auto& s = graph.at(i);
        if (routes[static_cast<size_t>(i)] || s.provider != "kubernetes" || !s.attributes.is_object())
            continue;
        std::string selector;
        for (const auto& [k, v] : s.attributes.items())
            if (k.starts_with("selector.") && v.is_string())
                selector += (selector.empty() ? "" : ",") + k.substr(9) + "=" + v.get<std::string>();
        if (!selector.empty())
            list.push_back({i, {"selector " + selector + " meets no workload of the map"}});
    }
    sortByImportance(graph, list);
    return list;
}

std::vector<FlaggedSystem> managedElsewhereSystems(const MapGraph& graph) {
    std::vector<FlaggedSystem> list;
    for (int i = 0; i < graph.size(); ++i) {
        const auto& s = graph.at(i);
        const auto& by = graph.in[static_cast<size_t>(i)];
        if (by.empty() || !contains(s.tags, std::string("managed-elsewhere")))
            continue;
        std::string names;
        for (size_t k = 0; k < std::min<size_t>(3, by.size()); ++k)
            names += (k == 0 ? "" : ", ") + graph.at(by[k]).name;
        if (by.size() > 3)
            names += " and " + std::to_string(by.size() - 3) + " more";
        list.push_back({i,
                        {"no imported source manages it; " + names + " depend" + (by.size() == 1 ? "s" : "") +
                         " on it"}});
    }
    sortByImportance(graph, list);
    return list;
}

std::vector<std::string> owners(const std::vector<System>& systems,
                                const std::vector<std::pair<int, int>>& contains) {
    std::vector<std::string> out(systems.size());
    std::vector<std::vector<int>> containers(systems.size());
    for (const auto& [container, contained] : contains)
        containers[static_cast<size_t>(contained)].push_back(container);
    // Breadth first up from each system without an owner, nearest container first.
    for (size_t i = 0; i < systems.size(); ++i) {
        if (!systems[i].owner.empty()) {
            out[i] = systems[i].owner;
            continue;
        }
        std::vector<int> queue = containers[i];
        std::unordered_set<int> seen(queue.begin(), queue.end());
        for (size_t q = 0; q < queue.size() && out[i].empty(); ++q) {
            const auto c = static_cast<size_t>(queue[q]);
            if (!systems[c].owner.empty()) {
                out[i] = systems[c].owner;
                break;
            }
            for (int up : containers[c])
                if (seen.insert(up).second)
                    queue.push_back(up);
        }
    }
    return out;
}

std::optional<InheritedOwner> inheritedOwner(const Project& project, Id system) {
    std::vector<Id> queue = {system};
    std::unordered_set<Id> seen = {system};
    for (size_t q = 0; q < queue.size() && q < 1000; ++q) {
        for (const auto& d : project.dependenciesOf(queue[q])) {
            if (d.kind != "contains" || d.to != queue[q] || !seen.insert(d.from).second)
                continue;
            const auto container = project.get<System>(d.from);
            if (!container)
                continue;
            if (!container->owner.empty())
                return InheritedOwner{container->owner, container->id};
            queue.push_back(d.from);
        }
    }
    return std::nullopt;
}

std::vector<int> unownedSystems(const MapGraph& graph) {
    std::vector<std::pair<int, int>> contains;
    for (const auto& e : graph.edges)
        if (e.kind == "contains")
            contains.emplace_back(e.from, e.to);
    const std::vector<std::string> owned = owners(graph.systems, contains);
    std::vector<FlaggedSystem> list;
    for (int i = 0; i < graph.size(); ++i)
        if (owned[static_cast<size_t>(i)].empty() && graph.at(i).kind != "person")
            list.push_back({i, {}});
    sortByImportance(graph, list);
    std::vector<int> out;
    for (const auto& f : list)
        out.push_back(f.system);
    return out;
}

std::vector<std::vector<int>> dependencyCycles(const MapGraph& graph) {
    return cycles(graph.out);
}

// ---------------------------------------------------------------------------------------------
// Environment parity

std::vector<std::pair<std::string, int>> environments(const MapGraph& graph) {
    std::map<std::string, int> counts;
    for (const auto& s : graph.systems)
        if (!s.environment.empty())
            ++counts[s.environment];
    return {counts.begin(), counts.end()};
}

bool isSharedEnvironment(const std::string& environment) {
    static const std::vector<std::string> kShared = {"", "shared", "global", "common", "all", "none", "-"};
    return contains(kShared, lower(environment));
}

const std::vector<std::string>& environmentWords() {
    static const std::vector<std::string> v = {
        "prod",        "production", "prd",     "live", "staging", "stage",   "stg",     "dev", "develop",
        "development", "test",       "testing", "qa",   "uat",     "preprod", "sandbox", "sbx"};
    return v;
}

std::string environmentWord(const std::string& environment) {
    const std::string e = lower(environment);
    if (e == "prod" || e == "prd" || e == "live")
        return "production";
    if (e == "stage" || e == "stg")
        return "staging";
    if (e == "dev")
        return "development";
    return e;
}

std::string environmentOfPathName(const std::string& name) {
    const std::string word = environmentWord(name);
    return word == "production" || word == "staging" ? word : name;
}

bool otherEnvironments(const std::string& a, const std::string& b) {
    return !isSharedEnvironment(a) && !isSharedEnvironment(b) && environmentWord(a) != environmentWord(b);
}

namespace {

bool isProductionName(const std::string& env) {
    return environmentWord(env) == "production";
}

} // namespace

std::vector<std::pair<std::string, std::string>> defaultParityPairs(const MapGraph& graph) {
    std::vector<std::pair<std::string, int>> envs;
    for (const auto& e : environments(graph))
        if (!isSharedEnvironment(e.first))
            envs.push_back(e);
    if (envs.size() < 2)
        return {};
    auto prod =
        std::find_if(envs.begin(), envs.end(), [](const auto& e) { return isProductionName(e.first); });
    if (prod == envs.end()) // no production by name: the biggest environment is the reference
        prod = std::max_element(envs.begin(), envs.end(),
                                [](const auto& a, const auto& b) { return a.second < b.second; });
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& e : envs)
        if (e.first != prod->first)
            pairs.emplace_back(prod->first, e.first);
    return pairs;
}

std::string parityName(const std::string& text, const std::vector<std::string>& extra) {
    std::vector<std::string> drop;
    for (const auto& e : extra)
        for (auto& w : words(e))
            drop.push_back(std::move(w));
    std::string out;
    for (const auto& w : words(text)) {
        if (contains(environmentWords(), w) || contains(drop, w))
            continue;
        out += (out.empty() ? "" : "-") + w;
    }
    return out;
}

int ParityReport::differing() const {
    return static_cast<int>(std::count_if(matched.begin(), matched.end(),
                                          [](const ParityMatch& m) { return !m.differences.empty(); }));
}

namespace {

/// Attributes that tell size or version apart: instance_type, engine_version, replicas, image_tag, ...
bool isSizeOrVersion(const std::string& key) {
    static const std::vector<std::string> kWords = {
        "version", "type",     "class",   "size", "replicas",  "count", "nodes", "cpu",   "cpus",
        "memory",  "mem",      "storage", "tier", "engine",    "image", "tag",   "multi", "sku",
        "plan",    "capacity", "gb",      "mb",   "instances", "disk",  "ram"};
    for (const auto& w : words(key))
        if (contains(kWords, w))
            return true;
    return false;
}

std::vector<ParityDifference> differences(const System& a, const System& b) {
    std::vector<ParityDifference> d;
    if (a.kind != b.kind)
        d.push_back({"kind", a.kind, b.kind});
    if (a.provider != b.provider)
        d.push_back({"provider", a.provider, b.provider});
    std::set<std::string> keys;
    for (const auto* s : {&a, &b})
        if (s->attributes.is_object())
            for (auto it = s->attributes.begin(); it != s->attributes.end(); ++it)
                if (isSizeOrVersion(it.key()))
                    keys.insert(it.key());
    for (const auto& k : keys) {
        const std::string va = a.attributes.is_object() ? valueText(a.attributes.value(k, json())) : "";
        const std::string vb = b.attributes.is_object() ? valueText(b.attributes.value(k, json())) : "";
        if (va != vb)
            d.push_back({"attributes." + k, va, vb});
    }
    return d;
}

} // namespace

ParityReport environmentParity(const MapGraph& graph, const std::string& a, const std::string& b) {
    ParityReport r;
    r.a = a;
    r.b = b;
    std::vector<int> inA, inB;
    for (int i = 0; i < graph.size(); ++i) {
        if (graph.at(i).environment == a)
            inA.push_back(i);
        else if (graph.at(i).environment == b)
            inB.push_back(i);
    }
    if (a == b)
        return r; // nothing to compare
    const std::vector<std::string> envNames = {a, b};
    std::vector<char> used(graph.systems.size(), 0);
    auto pass = [&](const std::string& by, auto&& nameOf, bool uniqueOnly) {
        std::map<std::string, std::pair<std::vector<int>, std::vector<int>>> buckets;
        for (int i : inA)
            if (!used[static_cast<size_t>(i)])
                if (auto n = nameOf(graph.at(i)); !n.empty())
                    buckets[n].first.push_back(i);
        for (int i : inB)
            if (!used[static_cast<size_t>(i)])
                if (auto n = nameOf(graph.at(i)); !n.empty())
                    buckets[n].second.push_back(i);
        for (auto& [name, sides] : buckets) {
            auto& [xs, ys] = sides;
            if (uniqueOnly && (xs.size() != 1 || ys.size() != 1))
                continue;
            for (size_t k = 0; k < std::min(xs.size(), ys.size()); ++k) {
                used[static_cast<size_t>(xs[k])] = used[static_cast<size_t>(ys[k])] = 1;
                r.matched.push_back({xs[k], ys[k], by, differences(graph.at(xs[k]), graph.at(ys[k]))});
            }
        }
    };
    pass(
        "key", [&](const System& s) { return parityName(s.key, envNames); }, false);
    pass(
        "name", [&](const System& s) { return parityName(s.name, envNames); }, false);
    pass(
        "kind and name",
        [&](const System& s) {
            const std::string n = parityName(s.name, envNames);
            return n.empty() ? n : s.kind + "/" + n.substr(0, n.find('-'));
        },
        true);
    for (int i : inA)
        if (!used[static_cast<size_t>(i)])
            r.onlyInA.push_back(i);
    for (int i : inB)
        if (!used[static_cast<size_t>(i)])
            r.onlyInB.push_back(i);
    std::sort(r.matched.begin(), r.matched.end(),
              [](const ParityMatch& x, const ParityMatch& y) { return x.a < y.a; });
    return r;
}

// ---------------------------------------------------------------------------------------------
// The whole report

GraphReport analyseGraph(const MapGraph& graph) {
    GraphReport r;
    r.spofs = singlePointsOfFailure(graph);
    r.cycles = dependencyCycles(graph);
    r.unowned = unownedSystems(graph);
    r.runtimeOnly = runtimeOnlySystems(graph);
    r.handReached = handReachedSystems(graph);
    r.unmonitored = unmonitoredSystems(graph);
    r.unrouted = unroutedServices(graph);
    r.elsewhere = managedElsewhereSystems(graph);
    for (const auto& [a, b] : defaultParityPairs(graph))
        r.parity.push_back(environmentParity(graph, a, b));
    return r;
}

std::string systemLabel(const System& s) {
    return s.name.empty() || s.name == s.key ? s.key : s.name + " (" + s.key + ")";
}

namespace {

json systemRef(const System& s) {
    return {{"key", s.key}, {"name", s.name}, {"kind", s.kind}, {"criticality", s.criticality}};
}

json flaggedJson(const MapGraph& g, const std::vector<FlaggedSystem>& list, bool withSources) {
    json a = json::array();
    for (const auto& f : list) {
        json o = systemRef(g.at(f.system));
        if (withSources)
            o["sources"] = g.at(f.system).sources;
        o["reasons"] = f.reasons;
        a.push_back(std::move(o));
    }
    return a;
}

} // namespace

json graphReportJson(const MapGraph& g, const GraphReport& r) {
    json j = json::object();
    json spofs = json::array();
    for (const auto& s : r.spofs) {
        json o = systemRef(g.at(s.system));
        o["blast_radius"] = s.blastRadius;
        o["direct_dependents"] = s.directDependents;
        o["articulation_point"] = s.articulationPoint;
        o["high_fan_in"] = s.highFanIn;
        spofs.push_back(std::move(o));
    }
    j["single_points_of_failure"] = std::move(spofs);
    json cyc = json::array();
    for (const auto& c : r.cycles) {
        json keys = json::array();
        for (int i : c)
            keys.push_back(g.at(i).key);
        cyc.push_back({{"systems", std::move(keys)}});
    }
    j["cycles"] = std::move(cyc);
    json unowned = json::array();
    for (int i : r.unowned)
        unowned.push_back(systemRef(g.at(i)));
    j["unowned"] = std::move(unowned);
    j["runtime_only"] = flaggedJson(g, r.runtimeOnly, true);
    j["hand_reached"] = flaggedJson(g, r.handReached, false);
    j["unmonitored"] = flaggedJson(g, r.unmonitored, false);
    j["unrouted"] = flaggedJson(g, r.unrouted, false);
    j["managed_elsewhere"] = flaggedJson(g, r.elsewhere, false);
    json parity = json::array();
    for (const auto& p : r.parity) {
        json onlyA = json::array(), onlyB = json::array(), differ = json::array();
        for (int i : p.onlyInA)
            onlyA.push_back(systemRef(g.at(i)));
        for (int i : p.onlyInB)
            onlyB.push_back(systemRef(g.at(i)));
        for (const auto& m : p.matched) {
            if (m.differences.empty())
                continue;
            json diffs = json::array();
            for (const auto& d : m.differences)
                diffs.push_back({{"field", d.field}, {"a", d.a}, {"b", d.b}});
            differ.push_back({{"a", g.at(m.a).key},
                              {"b", g.at(m.b).key},
                              {"matched_by", m.matchedBy},
                              {"differences", std::move(diffs)}});
        }
        parity.push_back({{"a", p.a},
                          {"b", p.b},
                          {"matched", p.matched.size()},
                          {"only_in_a", std::move(onlyA)},
                          {"only_in_b", std::move(onlyB)},
                          {"differ", std::move(differ)}});
    }
    j["parity"] = std::move(parity);
    return j;
}

std::string graphReportText(const MapGraph& g, const GraphReport& r, size_t maxRows) {
    std::string text;
    auto more = [&](size_t total) {
        if (total > maxRows)
            text += "  ... and " + std::to_string(total - maxRows) + " more (--json lists them all)\n";
    };
    if (!r.spofs.empty()) {
        text += "\nSingle points of failure, by blast radius (systems that fail with them):\n";
        for (size_t i = 0; i < std::min(maxRows, r.spofs.size()); ++i) {
            const auto& s = r.spofs[i];
            std::string n = std::to_string(s.blastRadius);
            if (n.size() < 6)
                n.insert(0, 6 - n.size(), ' ');
            std::string why = std::to_string(s.directDependents) + " directly";
            if (s.articulationPoint)
                why += "; cut vertex";
            if (s.highFanIn)
                why += "; high fan-in";
            text += n + "  " + systemLabel(g.at(s.system)) + ": " + why + "\n";
        }
        more(r.spofs.size());
    }
    auto flagged = [&](const char* title, const std::vector<FlaggedSystem>& list) {
        if (list.empty())
            return;
        text += std::string("\n") + title + " (" + std::to_string(list.size()) + "):\n";
        for (size_t i = 0; i < std::min(maxRows, list.size()); ++i) {
            const auto& f = list[i];
            const auto& s = g.at(f.system);
            std::string why;
            for (const auto& x : f.reasons)
                why += (why.empty() ? "" : "; ") + x;
            text += "  " + systemLabel(s) + (s.criticality.empty() ? "" : " [" + s.criticality + "]") +
                    (why.empty() ? "" : ": " + why) + "\n";
        }
        more(list.size());
    };
    flagged("Seen only by runtime sources, in no infrastructure as code", r.runtimeOnly);
    flagged("Reached by hand (SSH, laptop scripts)", r.handReached);
    flagged("Kubernetes Services that route nowhere", r.unrouted);
    flagged("Managed elsewhere: in no imported source (import what manages them, or they were made by hand)",
            r.elsewhere);
    {
        // One line per system is too much for "nobody monitors": the reason is always the same.
        std::vector<FlaggedSystem> bare = r.unmonitored;
        for (auto& f : bare)
            f.reasons.clear();
        flagged("Nobody monitors", bare);
    }
    for (const auto& p : r.parity) {
        text += "\nEnvironment parity, " + p.a + " / " + p.b + ": " + std::to_string(p.onlyInA.size()) +
                " only in " + p.a + ", " + std::to_string(p.onlyInB.size()) + " only in " + p.b + ", " +
                std::to_string(p.differing()) + " of " + std::to_string(p.matched.size()) +
                " in both differ\n";
        auto only = [&](const std::vector<int>& list, const std::string& env) {
            for (size_t i = 0; i < std::min(maxRows, list.size()); ++i)
                text += "  only in " + env + ": " + systemLabel(g.at(list[i])) + "\n";
            more(list.size());
        };
        only(p.onlyInA, p.a);
        only(p.onlyInB, p.b);
        size_t shown = 0;
        for (const auto& m : p.matched) {
            if (m.differences.empty())
                continue;
            if (shown++ == maxRows)
                break;
            std::string diffs;
            for (const auto& d : m.differences)
                diffs += (diffs.empty() ? "" : ", ") + d.field + " " + (d.a.empty() ? "(none)" : d.a) +
                         " / " + (d.b.empty() ? "(none)" : d.b);
            text += "  differs: " + g.at(m.a).name + " / " + g.at(m.b).name + ": " + diffs + "\n";
        }
        more(static_cast<size_t>(p.differing()));
    }
    return text;
}

} // namespace terrain
