#include "BackstageExport.h"

#include "GraphExport.h"

#include <algorithm>
#include <map>
#include <set>

namespace terrain {

namespace {

bool alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return s;
}

std::string trimmed(std::string s, size_t max) {
    if (s.size() > max)
        s.resize(max);
    while (!s.empty() && !alnum(s.back()))
        s.pop_back();
    size_t start = 0;
    while (start < s.size() && !alnum(s[start]))
        ++start;
    return s.substr(start);
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
std::string q(const std::string& text) {
    return json(validUtf8(text)).dump(-1, ' ', false, json::error_handler_t::replace);
}

bool isComponent(const System& s) {
    return s.kind == "service" || s.kind == "function" || s.kind == "script";
}

std::string lifecycleOf(const System& s) {
    if (s.lifecycle == "replace" || s.lifecycle == "retire")
        return "deprecated";
    return "production";
}

/// A tag as Backstage accepts it: [a-z0-9:+#] words joined by single '-', at most 63 characters.
std::string tagOf(const std::string& text) {
    std::string out;
    bool dash = false;
    for (char c : lower(text)) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ':' || c == '+' || c == '#';
        if (ok) {
            if (dash && !out.empty())
                out += '-';
            out += c;
            dash = false;
        } else {
            dash = true;
        }
        if (out.size() >= 63)
            break;
    }
    if (out.size() > 63)
        out.resize(63);
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    return out;
}

} // namespace

std::string backstageName(const std::string& text, const std::string& fallback) {
    // Backstage: sequences of [a-zA-Z0-9] separated by one of - _ . (never two in a row).
    std::string out;
    char separator = 0;
    for (char c : text) {
        if (alnum(c)) {
            if (separator && !out.empty())
                out += separator;
            out += c;
            separator = 0;
        } else if (!separator) {
            separator = c == '.' || c == '_' ? c : '-'; // spaces, slashes, quotes, non-ASCII...
        }
    }
    out = trimmed(out, 63);
    return out.empty() ? fallback : out;
}

std::string backstageCatalog(const ExportInput& input) {
    std::vector<const System*> systems;
    for (const auto& s : input.systems)
        if (s.status != "gone")
            systems.push_back(&s);
    std::sort(systems.begin(), systems.end(),
              [](const System* a, const System* b) { return a->key < b->key; });

    // Unique names, case-insensitively, across the whole file (the System entity's name included).
    std::set<std::string> taken;
    auto unique = [&](const std::string& base) {
        std::string name = base;
        for (int n = 2; !taken.insert(lower(name)).second; ++n) {
            const std::string suffix = "-" + std::to_string(n);
            name = trimmed(base, 63 - suffix.size()) + suffix;
        }
        return name;
    };
    const std::string systemName = unique(backstageName(input.mapName, "terrain-map"));
    std::map<Id, std::string> refOf; // id -> "component:default/name"
    std::map<Id, std::string> nameOf;
    for (const System* s : systems) {
        nameOf[s->id] = unique(backstageName(s->name.empty() ? s->key : s->name, "system"));
        refOf[s->id] = std::string(isComponent(*s) ? "component" : "resource") + ":default/" + nameOf[s->id];
    }
    std::map<Id, std::set<std::string>> dependsOn;
    for (const auto& d : input.dependencies)
        if (refOf.count(d.from) && refOf.count(d.to) && d.from != d.to)
            dependsOn[d.from].insert(refOf[d.to]);

    // The System's owner: the most common owner of its systems.
    std::map<std::string, int> owners;
    for (const System* s : systems)
        if (!s->owner.empty())
            ++owners[s->owner];
    std::string mapOwner;
    int best = 0;
    for (const auto& [o, n] : owners)
        if (n > best) {
            best = n;
            mapOwner = o;
        }
    auto ownerRef = [](const std::string& owner) {
        return "group:default/" + backstageName(owner, "unowned");
    };

    std::string comment = validUtf8(input.mapName);
    for (char& c : comment)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
            c = ' ';
    std::string y = "# Backstage catalog written by Terrain from the map " + comment + "\n";
    y += "apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: " + q(systemName) +
         "\n  title: " + q(input.mapName) + "\n  annotations:\n    terrain/map: \"true\"\n  description: " +
         q("Systems and dependencies mapped with Terrain (" + std::to_string(systems.size()) + " systems)") +
         "\nspec:\n  owner: " + q(ownerRef(mapOwner)) + "\n";
    for (const System* s : systems) {
        const bool component = isComponent(*s);
        y += "---\napiVersion: backstage.io/v1alpha1\nkind: " +
             std::string(component ? "Component" : "Resource") + "\nmetadata:\n  name: " + q(nameOf[s->id]) +
             "\n  title: " + q(s->name.empty() ? s->key : s->name) +
             "\n  annotations:\n    terrain/key: " + q(s->key) + "\n";
        if (!s->environment.empty())
            y += "    terrain/environment: " + q(s->environment) + "\n";
        if (!s->lifecycle.empty())
            y += "    terrain/lifecycle: " + q(s->lifecycle) + "\n";
        std::set<std::string> tags;
        for (const auto& t : s->tags)
            if (const std::string tag = tagOf(t); !tag.empty())
                tags.insert(tag);
        if (!tags.empty()) {
            y += "  tags:\n";
            for (const auto& t : tags)
                y += "    - " + q(t) + "\n";
        }
        y += "spec:\n  type: " + q(s->kind.empty() ? std::string("other") : s->kind) + "\n";
        if (component)
            y += "  lifecycle: " + q(lifecycleOf(*s)) + "\n";
        y += "  owner: " + q(ownerRef(s->owner)) + "\n  system: " + q("system:default/" + systemName) + "\n";
        if (const auto it = dependsOn.find(s->id); it != dependsOn.end()) {
            y += "  dependsOn:\n";
            for (const auto& ref : it->second)
                y += "    - " + q(ref) + "\n";
        }
    }
    return y;
}

} // namespace terrain
