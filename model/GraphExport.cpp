#include "GraphExport.h"

#include "Project.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace terrain {

// ---------------------------------------------------------------------------------------------
// Escaping

std::string validUtf8(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    for (size_t i = 0; i < n;) {
        const unsigned char c = s[i];
        size_t len = 0;
        unsigned cp = 0;
        if (c < 0x80) {
            len = 1;
            cp = c;
        } else if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1Fu;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0Fu;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07u;
        }
        bool ok = len > 0 && i + len <= n;
        for (size_t k = 1; ok && k < len; ++k) {
            ok = (s[i + k] & 0xC0) == 0x80;
            cp = (cp << 6) | (s[i + k] & 0x3Fu);
        }
        // No overlong forms, no surrogates, nothing past U+10FFFF.
        ok = ok && !(len == 3 && cp < 0x800) && !(len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) &&
             !(cp >= 0xD800 && cp <= 0xDFFF);
        if (!ok) {
            out += "\xEF\xBF\xBD";
            ++i;
            continue;
        }
        out.append(text, i, len);
        i += len;
    }
    return out;
}

std::string dotQuoted(const std::string& text) {
    const std::string s = validUtf8(text);
    std::string out = "\"";
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (ch == '"')
            out += "\\\"";
        else if (ch == '\\')
            out += "\\\\";
        else if (ch == '\n')
            out += "\\n";
        else if (ch == '&')
            out += "&amp;";
        else if (c < 0x20 || c == 0x7F)
            out += ' ';
        else
            out += ch;
    }
    return out + "\"";
}

std::string mermaidText(const std::string& text) {
    const std::string s = validUtf8(text);
    std::string out;
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                           c == ' ' || c == '.' || c == ',' || c == '_' || c == '/' || c == ':' ||
                           c == '\'' || c == '+' || c == '@' || c == '*' || c == '!' || c == '?' ||
                           c == '=' || c == '%' || c == '$' || c >= 0x80;
        if (plain)
            out += ch;
        else if (c < 0x20 || c == 0x7F)
            out += ' ';
        else
            out += "#" + std::to_string(c) + ";";
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// The graph both writers draw

namespace {

struct Cluster {
    std::string label;
    std::vector<int> nodes;               ///< systems directly in it
    std::map<std::string, Cluster> inner; ///< by group name
};

struct Drawing {
    std::vector<System> systems; ///< key order
    struct Edge {
        int from, to;
        std::string kind;
    };
    std::vector<Edge> edges;            ///< (from, to, kind) order
    std::vector<int> loose;             ///< systems in no cluster
    std::map<std::string, Cluster> top; ///< by environment (or by group when there is none)
};

Drawing prepare(std::vector<System> systems, const std::vector<Dependency>& deps,
                const GraphExportOptions& o) {
    Drawing d;
    if (!o.includeGone)
        systems.erase(std::remove_if(systems.begin(), systems.end(),
                                     [](const System& s) { return s.status == "gone"; }),
                      systems.end());
    std::sort(systems.begin(), systems.end(), [](const System& a, const System& b) { return a.key < b.key; });
    d.systems = std::move(systems);
    std::unordered_map<Id, int> at;
    for (size_t i = 0; i < d.systems.size(); ++i)
        at.emplace(d.systems[i].id, static_cast<int>(i));
    for (const auto& dep : deps) {
        auto f = at.find(dep.from), t = at.find(dep.to);
        if (f != at.end() && t != at.end())
            d.edges.push_back({f->second, t->second, dep.kind});
    }
    std::sort(d.edges.begin(), d.edges.end(), [](const Drawing::Edge& a, const Drawing::Edge& b) {
        return a.from != b.from ? a.from < b.from : a.to != b.to ? a.to < b.to : a.kind < b.kind;
    });
    d.edges.erase(std::unique(d.edges.begin(), d.edges.end(),
                              [](const Drawing::Edge& a, const Drawing::Edge& b) {
                                  return a.from == b.from && a.to == b.to && a.kind == b.kind;
                              }),
                  d.edges.end());
    for (int i = 0; i < static_cast<int>(d.systems.size()); ++i) {
        const System& s = d.systems[static_cast<size_t>(i)];
        if (!o.clusters || (s.environment.empty() && s.group.empty())) {
            d.loose.push_back(i);
            continue;
        }
        // Environment clusters are keyed "e:<env>", group-only clusters "g:<group>", so they never merge.
        Cluster& top = s.environment.empty() ? d.top["g:" + s.group] : d.top["e:" + s.environment];
        top.label = s.environment.empty() ? s.group : s.environment;
        if (s.environment.empty() || s.group.empty()) {
            top.nodes.push_back(i);
        } else {
            Cluster& inner = top.inner[s.group];
            inner.label = s.group;
            inner.nodes.push_back(i);
        }
    }
    return d;
}

std::string nodeId(int i) {
    return "n" + std::to_string(i);
}

std::string displayName(const System& s) {
    return s.name.empty() ? s.key : s.name;
}

const char* dotShape(const std::string& kind) {
    if (kind == "database" || kind == "storage")
        return "cylinder";
    if (kind == "person")
        return "ellipse";
    if (kind == "queue")
        return "box3d";
    return "box";
}

const char* dotFill(const std::string& kind) {
    static const std::map<std::string, const char*> fills = {
        {"service", "#e3eefb"},  {"function", "#e3eefb"},      {"database", "#fde9d9"},
        {"cache", "#fde9d9"},    {"storage", "#fde9d9"},       {"queue", "#fff3cd"},
        {"network", "#e8f5e9"},  {"load-balancer", "#e8f5e9"}, {"dns", "#e8f5e9"},
        {"compute", "#ede7f6"},  {"script", "#fce4ec"},        {"person", "#fce4ec"},
        {"ci-cd", "#f3f4f6"},    {"monitoring", "#f3f4f6"},    {"saas", "#f3f4f6"},
        {"external", "#f3f4f6"}, {"secret-store", "#fff3cd"}};
    auto it = fills.find(kind);
    return it == fills.end() ? "#ffffff" : it->second;
}

void dotCluster(std::string& out, const Drawing& d, const Cluster& c, const std::string& id, int depth) {
    const std::string pad(static_cast<size_t>(depth) * 2, ' ');
    out += pad + "subgraph cluster_" + id + " {\n";
    out += pad + "  label=" + dotQuoted(c.label) + ";\n";
    out += pad + (depth == 1 ? "  style=\"rounded\"; color=\"#8a96a3\";\n"
                             : "  style=\"rounded,dashed\"; color=\"#b0b8c1\";\n");
    int k = 0;
    for (const auto& [name, inner] : c.inner)
        dotCluster(out, d, inner, id + "_" + std::to_string(k++), depth + 1);
    for (int i : c.nodes)
        out += pad + "  " + nodeId(i) + ";\n";
    out += pad + "}\n";
}

} // namespace

std::string graphToDot(const std::vector<System>& systems, const std::vector<Dependency>& dependencies,
                       const GraphExportOptions& options) {
    const Drawing d = prepare(systems, dependencies, options);
    std::string out = "digraph terrain {\n";
    out +=
        "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=11, outputorder=edgesfirst, newrank=true];\n";
    out += "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#5b6b7f\", "
           "fontname=\"Helvetica\", fontsize=10];\n";
    out += "  edge [color=\"#7a8899\", fontname=\"Helvetica\", fontsize=8, arrowsize=0.6];\n";
    for (size_t i = 0; i < d.systems.size(); ++i) {
        const System& s = d.systems[i];
        const bool gone = s.status == "gone";
        const std::string label =
            displayName(s) + (gone ? " (gone)" : "") + (s.kind.empty() ? "" : "\n" + s.kind);
        out += "  " + nodeId(static_cast<int>(i)) + " [label=" + dotQuoted(label) +
               ", tooltip=" + dotQuoted(s.key);
        if (const char* shape = dotShape(s.kind); std::string(shape) != "box")
            out += std::string(", shape=") + shape;
        out += std::string(", fillcolor=\"") + dotFill(s.kind) + "\"";
        if (gone)
            out += ", style=\"rounded,dashed\", fontcolor=\"#888888\", color=\"#aaaaaa\"";
        out += "];\n";
    }
    int k = 0;
    for (const auto& [key, c] : d.top)
        dotCluster(out, d, c, std::to_string(k++), 1);
    for (const auto& e : d.edges) {
        out += "  " + nodeId(e.from) + " -> " + nodeId(e.to);
        std::string attrs;
        if (options.edgeLabels && !e.kind.empty())
            attrs += "label=" + dotQuoted(e.kind);
        if (e.kind == "monitors")
            attrs += std::string(attrs.empty() ? "" : ", ") + "style=dotted";
        out += attrs.empty() ? ";\n" : " [" + attrs + "];\n";
    }
    out += "}\n";
    return out;
}

std::string mapToDot(const Project& project, const GraphExportOptions& options) {
    return graphToDot(project.list<System>(), project.list<Dependency>(), options);
}

namespace {

void mermaidCluster(std::string& out, const Cluster& c, const std::string& id, int depth) {
    const std::string pad(static_cast<size_t>(depth) * 2, ' ');
    out += pad + "subgraph c" + id + "[\"" + mermaidText(c.label) + "\"]\n";
    int k = 0;
    for (const auto& [name, inner] : c.inner)
        mermaidCluster(out, inner, id + "_" + std::to_string(k++), depth + 1);
    for (int i : c.nodes)
        out += pad + "  " + nodeId(i) + "\n";
    out += pad + "end\n";
}

} // namespace

std::string graphToMermaid(const std::vector<System>& systems, const std::vector<Dependency>& dependencies,
                           const GraphExportOptions& options) {
    const Drawing d = prepare(systems, dependencies, options);
    std::string out = "flowchart LR\n";
    std::string gone;
    for (size_t i = 0; i < d.systems.size(); ++i) {
        const System& s = d.systems[i];
        std::string label = mermaidText(displayName(s));
        if (s.status == "gone") {
            label += mermaidText(" (gone)");
            gone += (gone.empty() ? "" : ",") + nodeId(static_cast<int>(i));
        }
        if (!s.kind.empty())
            label += "<br/>" + mermaidText(s.kind);
        const bool round = s.kind == "database" || s.kind == "storage";
        out += "  " + nodeId(static_cast<int>(i)) + (round ? "[(\"" : "[\"") + label +
               (round ? "\")]\n" : "\"]\n");
    }
    int k = 0;
    for (const auto& [key, c] : d.top)
        mermaidCluster(out, c, std::to_string(k++), 1);
    for (const auto& e : d.edges) {
        const std::string arrow = e.kind == "monitors" ? " -.->" : " -->";
        out += "  " + nodeId(e.from) + arrow;
        if (options.edgeLabels && !e.kind.empty()) {
            std::string label = mermaidText(e.kind);
            // '-' is harmless in text, but "--" or "->" inside an edge label would read as an arrow.
            std::string safe;
            for (char c : label)
                safe += c == '-' ? std::string("#45;") : std::string(1, c);
            out += "|" + safe + "|";
        }
        out += " " + nodeId(e.to) + "\n";
    }
    if (!gone.empty()) {
        out += "  classDef gone stroke-dasharray: 4 3,color:#888888\n";
        out += "  class " + gone + " gone\n";
    }
    return out;
}

std::string mapToMermaid(const Project& project, const GraphExportOptions& options) {
    return graphToMermaid(project.list<System>(), project.list<Dependency>(), options);
}

} // namespace terrain
