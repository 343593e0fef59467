#include "Analysis.h"

#include "GraphAnalysis.h"

#include "Project.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace terrain {

std::vector<std::vector<int>> cycles(const std::vector<std::vector<int>>& out) {
    const int n = static_cast<int>(out.size());
    std::vector<int> index(out.size(), -1);
    std::vector<int> low(out.size(), 0);
    std::vector<char> onStack(out.size(), 0);
    std::vector<int> stack;
    std::vector<std::pair<int, size_t>> call; // the DFS path: node, next edge to follow
    std::vector<std::vector<int>> result;
    int counter = 0;

    auto visit = [&](int v) {
        index[static_cast<size_t>(v)] = low[static_cast<size_t>(v)] = counter++;
        stack.push_back(v);
        onStack[static_cast<size_t>(v)] = 1;
        call.emplace_back(v, 0);
    };
    for (int root = 0; root < n; ++root) {
        if (index[static_cast<size_t>(root)] != -1)
            continue;
        visit(root);
        while (!call.empty()) {
            const int v = call.back().first;
            const auto vi = static_cast<size_t>(v);
            const auto& edges = out[vi];
            if (call.back().second < edges.size()) {
                const int w = edges[call.back().second++];
                if (w < 0 || w >= n)
                    continue;
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
            std::vector<int> component;
            int w = -1;
            do {
                w = stack.back();
                stack.pop_back();
                onStack[static_cast<size_t>(w)] = 0;
                component.push_back(w);
            } while (w != v);
            const bool selfLoop =
                component.size() == 1 && std::find(edges.begin(), edges.end(), v) != edges.end();
            if (component.size() > 1 || selfLoop) {
                std::sort(component.begin(), component.end());
                result.push_back(std::move(component));
            }
        }
    }
    std::sort(result.begin(), result.end(),
              [](const std::vector<int>& a, const std::vector<int>& b) { return a.front() < b.front(); });
    return result;
}

std::vector<int> articulationPoints(const std::vector<std::vector<int>>& out) {
    const int n = static_cast<int>(out.size());
    std::vector<std::vector<int>> adj(out.size());
    for (int u = 0; u < n; ++u)
        for (int v : out[static_cast<size_t>(u)])
            if (v >= 0 && v < n && v != u) {
                adj[static_cast<size_t>(u)].push_back(v);
                adj[static_cast<size_t>(v)].push_back(u);
            }
    std::vector<int> disc(out.size(), -1);
    std::vector<int> low(out.size(), 0);
    std::vector<int> parent(out.size(), -1);
    std::vector<char> isCut(out.size(), 0);
    std::vector<std::pair<int, size_t>> call;
    int counter = 0;
    for (int root = 0; root < n; ++root) {
        if (disc[static_cast<size_t>(root)] != -1)
            continue;
        int rootChildren = 0;
        disc[static_cast<size_t>(root)] = low[static_cast<size_t>(root)] = counter++;
        call.emplace_back(root, 0);
        while (!call.empty()) {
            const int u = call.back().first;
            const auto ui = static_cast<size_t>(u);
            if (call.back().second < adj[ui].size()) {
                const int w = adj[ui][call.back().second++];
                const auto wi = static_cast<size_t>(w);
                if (disc[wi] == -1) {
                    parent[wi] = u;
                    disc[wi] = low[wi] = counter++;
                    if (u == root)
                        ++rootChildren;
                    call.emplace_back(w, 0);
                } else if (w != parent[ui]) {
                    low[ui] = std::min(low[ui], disc[wi]);
                }
                continue;
            }
            call.pop_back();
            const int p = parent[ui];
            if (p < 0)
                continue;
            const auto pi = static_cast<size_t>(p);
            low[pi] = std::min(low[pi], low[ui]);
            if (p != root && low[ui] >= disc[pi])
                isCut[pi] = 1;
        }
        if (rootChildren > 1)
            isCut[static_cast<size_t>(root)] = 1;
    }
    std::vector<int> result;
    for (int v = 0; v < n; ++v)
        if (isCut[static_cast<size_t>(v)])
            result.push_back(v);
    return result;
}

namespace {

constexpr size_t kNamesInMessage = 8;

int levelRank(const std::string& level) {
    return level == "error" ? 0 : level == "warning" ? 1 : 2;
}

int codeRank(const std::string& code) {
    static const char* const order[] = {"dangling", "cycle", "prerequisite-cycle", "spof", "fan-in",
                                        "unowned",  "orphan"};
    for (int i = 0; i < static_cast<int>(std::size(order)); ++i)
        if (code == order[i])
            return i;
    return static_cast<int>(std::size(order));
}

std::string label(const System& s) {
    return s.name.empty() || s.name == s.key ? s.key : s.name + " (" + s.key + ")";
}

/// "a, b, c and 12 more"
std::string listNames(const std::vector<std::string>& names) {
    std::string out;
    const size_t shown = std::min(names.size(), kNamesInMessage);
    for (size_t i = 0; i < shown; ++i) {
        if (i > 0)
            out += (i + 1 == shown && names.size() == shown) ? " and " : ", ";
        out += names[i];
    }
    if (names.size() > shown)
        out += " and " + std::to_string(names.size() - shown) + " more";
    return out;
}

std::string plural(size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

std::vector<Finding> checkMap(const Project& project) {
    std::vector<System> systems = project.list<System>();
    // Index systems by key order, so every list below comes out in key order.
    std::sort(systems.begin(), systems.end(), [](const System& a, const System& b) { return a.key < b.key; });
    std::unordered_map<Id, int> indexOf;
    indexOf.reserve(systems.size());
    for (size_t i = 0; i < systems.size(); ++i)
        indexOf.emplace(systems[i].id, static_cast<int>(i));
    auto present = [&](int i) { return systems[static_cast<size_t>(i)].status != "gone"; };
    size_t presentCount = 0;
    for (size_t i = 0; i < systems.size(); ++i)
        presentCount += present(static_cast<int>(i));

    std::vector<Finding> findings;
    auto add = [&](std::string level, std::string code, std::string message, std::vector<std::string> keys) {
        findings.push_back({std::move(level), std::move(code), std::move(message), std::move(keys)});
    };

    // ---- dependencies: the graph of present systems, and what points at nothing or at gone ----
    const std::vector<Dependency> deps = project.list<Dependency>();
    std::vector<std::vector<int>> out(systems.size());
    std::vector<int> degree(systems.size(), 0);
    std::vector<std::pair<std::pair<int, int>, const Dependency*>> toGone;
    for (const auto& d : deps) {
        auto f = indexOf.find(d.from);
        auto t = indexOf.find(d.to);
        if (f == indexOf.end() || t == indexOf.end()) {
            add("error", "dangling",
                "dependency " + std::to_string(d.id) + " (" + d.kind +
                    ") refers to a system that does not exist",
                f == indexOf.end() ? std::vector<std::string>{}
                                   : std::vector<std::string>{systems[static_cast<size_t>(f->second)].key});
            continue;
        }
        ++degree[static_cast<size_t>(f->second)];
        ++degree[static_cast<size_t>(t->second)];
        if (!present(f->second))
            continue; // a gone system's own dependencies went with it
        if (!present(t->second)) {
            toGone.push_back({{f->second, t->second}, &d});
            continue;
        }
        out[static_cast<size_t>(f->second)].push_back(t->second);
    }
    std::sort(toGone.begin(), toGone.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : a.second->kind < b.second->kind;
    });
    for (const auto& [ends, d] : toGone) {
        const System& from = systems[static_cast<size_t>(ends.first)];
        const System& to = systems[static_cast<size_t>(ends.second)];
        add("error", "dangling",
            label(from) + " depends on " + label(to) + " (" + d->kind +
                "), which is gone: it vanished from its source; remove the dependency or the system",
            {from.key, to.key});
    }

    // References from work that is still open to systems that are gone. Decisions are records of
    // the past, finished work is finished, and a migration's legacy system is meant to go.
    {
        struct Ref {
            std::string owner;
            Id system;
        };
        std::vector<Ref> refs;
        for (const auto& a : project.list<Area>())
            for (Id s : a.systems)
                refs.push_back({"area " + a.key + " \"" + a.title + "\"", s});
        for (const auto& i : project.list<Initiative>())
            if (i.status != "done" && i.status != "dropped")
                for (Id s : i.systems)
                    refs.push_back({"initiative " + i.key + " \"" + i.title + "\"", s});
        for (const auto& r : project.list<Risk>())
            if (r.status != "closed")
                for (Id s : r.systems)
                    refs.push_back({"risk " + r.key + " \"" + r.title + "\"", s});
        for (const auto& m : project.list<Migration>())
            if (m.replacement)
                refs.push_back(
                    {"migration " + m.key + " \"" + m.title + "\" (its replacement)", *m.replacement});
        std::vector<std::pair<int, std::string>> bad; // system index (-1: none), owner
        for (const auto& r : refs) {
            auto it = indexOf.find(r.system);
            if (it == indexOf.end())
                add("error", "dangling",
                    r.owner + " refers to system " + std::to_string(r.system) + ", which does not exist", {});
            else if (!present(it->second))
                bad.emplace_back(it->second, r.owner);
        }
        std::sort(bad.begin(), bad.end());
        for (const auto& [i, owner] : bad) {
            const System& s = systems[static_cast<size_t>(i)];
            add("error", "dangling", owner + " refers to " + label(s) + ", which is gone from its source",
                {s.key});
        }
    }

    // ---- cycles ----
    for (const auto& component : cycles(out)) {
        std::vector<std::string> keys, names;
        for (int i : component) {
            keys.push_back(systems[static_cast<size_t>(i)].key);
            names.push_back(label(systems[static_cast<size_t>(i)]));
        }
        const std::string message =
            component.size() == 1
                ? names.front() + " depends on itself"
                : plural(component.size(), "system", "systems") +
                      " depend on each other in a cycle (none can start or be replaced first): " +
                      listNames(names);
        add("warning", "cycle", message, std::move(keys));
    }

    // ---- initiatives whose prerequisites go round in a circle ----
    {
        std::vector<Initiative> initiatives = project.list<Initiative>();
        std::sort(initiatives.begin(), initiatives.end(),
                  [](const Initiative& a, const Initiative& b) { return a.key < b.key; });
        std::unordered_map<Id, int> at;
        for (size_t i = 0; i < initiatives.size(); ++i)
            at.emplace(initiatives[i].id, static_cast<int>(i));
        std::vector<std::vector<int>> prereq(initiatives.size());
        for (size_t i = 0; i < initiatives.size(); ++i)
            for (Id p : initiatives[i].prerequisites)
                if (auto it = at.find(p); it != at.end())
                    prereq[i].push_back(it->second);
        for (const auto& component : cycles(prereq)) {
            std::vector<std::string> names;
            for (int i : component) {
                const auto& ini = initiatives[static_cast<size_t>(i)];
                names.push_back(ini.key + " \"" + ini.title + "\"");
            }
            add("warning", "prerequisite-cycle",
                component.size() == 1 ? "initiative " + names.front() + " is its own prerequisite"
                                      : "initiatives " + listNames(names) +
                                            " are each other's prerequisites: no order can respect them; "
                                            "remove one prerequisite",
                {});
        }
    }

    // ---- single points of failure: cut vertices that others depend on, and high fan-in ----
    std::vector<std::unordered_set<int>> dependents(systems.size());
    for (size_t u = 0; u < out.size(); ++u)
        for (int v : out[u])
            if (static_cast<size_t>(v) != u)
                dependents[static_cast<size_t>(v)].insert(static_cast<int>(u));
    for (int i : articulationPoints(out)) {
        const auto n = dependents[static_cast<size_t>(i)].size();
        if (n == 0)
            continue;
        const System& s = systems[static_cast<size_t>(i)];
        add("warning", "spof",
            label(s) + " is a single point of failure: " + plural(n, "system depends", "systems depend") +
                " on it, and without it the map falls apart into disconnected parts",
            {s.key});
    }
    const size_t fanInThreshold = std::max<size_t>(5, (presentCount + 9) / 10);
    for (size_t i = 0; i < systems.size(); ++i) {
        const auto n = dependents[i].size();
        if (n < fanInThreshold)
            continue;
        add("warning", "fan-in",
            label(systems[i]) + " has a high fan-in: " + std::to_string(n) + " of " +
                std::to_string(presentCount) + " systems depend on it directly",
            {systems[i].key});
    }

    // ---- unowned and orphaned systems ----
    std::vector<std::pair<int, int>> contains; // a system a container (a catalog's component) owns
    for (const auto& d : deps)
        if (d.kind == "contains")
            if (const auto f = indexOf.find(d.from), t = indexOf.find(d.to);
                f != indexOf.end() && t != indexOf.end())
                contains.emplace_back(f->second, t->second);
    const std::vector<std::string> owned = owners(systems, contains);
    for (size_t i = 0; i < systems.size(); ++i) {
        const System& s = systems[i];
        if (!present(static_cast<int>(i)) || !owned[i].empty() || s.kind == "person")
            continue;
        const bool important = s.criticality == "critical" || s.criticality == "high";
        add(important ? "warning" : "info", "unowned",
            important ? label(s) + " is " + s.criticality + " and has no owner" : label(s) + " has no owner",
            {s.key});
    }
    for (size_t i = 0; i < systems.size(); ++i)
        if (present(static_cast<int>(i)) && degree[i] == 0)
            add("info", "orphan",
                label(systems[i]) + " has no dependencies: nothing depends on it and it depends on nothing",
                {systems[i].key});

    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        const int la = levelRank(a.level), lb = levelRank(b.level);
        if (la != lb)
            return la < lb;
        return codeRank(a.code) < codeRank(b.code);
    });
    return findings;
}

} // namespace terrain
