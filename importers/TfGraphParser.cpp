#include "TfGraphParser.h"

#include "AsciiChars.h"
#include "Error.h"
#include "GraphvizLock.h"
#include "TerraformCommon.h"

// cgraph's header defines macros (TRUE, FALSE, NIL, ...): it is included here and nowhere else.
#include <graphviz/cgraph.h>

#include <cstring>
#include <mutex>
#include <set>
#include <unordered_map>

// Not in cgraph.h, but exported by libcgraph (scan.l): discards what the lexer has buffered. agmemread
// leaves the input after the first graph in the lexer's buffer, where the next read would find it.
// Weak, so that a Graphviz without it still links (we then rely on cutting the text after the graph).
extern "C" __attribute__((weak)) void aglexbad(void);

namespace terrain {

using namespace tf;

namespace {

// cgraph keeps global state (its lexer, its error hooks): one caller at a time, under graphvizMutex().
std::string* g_errors = nullptr; // guarded by graphvizMutex()

int captureError(char* message) {
    if (g_errors && message && g_errors->size() < 4096)
        *g_errors += message;
    return 0;
}

struct RawGraph {
    std::vector<std::string> nodes;
    std::vector<std::pair<std::size_t, std::size_t>> edges;
};

std::string trim(const std::string& s) {
    const auto a = s.find_first_not_of(" \t\r\n");
    if (a == std::string::npos)
        return {};
    const auto b = s.find_last_not_of(" \t\r\n");
    return s.substr(a, b - a + 1);
}

// The text from the first line starting with "digraph" / "strict digraph"; earlier lines are blanked
// (kept as empty lines so that cgraph's line numbers stay those of the file). npos: none.
std::size_t digraphStart(const std::string& text) {
    std::size_t line = 0;
    while (line < text.size()) {
        std::size_t i = line;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
            ++i;
        auto startsWith = [&](const char* w) { return text.compare(i, std::strlen(w), w) == 0; };
        if (startsWith("digraph") || startsWith("strict digraph") || startsWith("strict  digraph"))
            return line;
        const auto nl = text.find('\n', line);
        if (nl == std::string::npos)
            break;
        line = nl + 1;
    }
    return std::string::npos;
}

// The end of the first graph (just after its closing brace), skipping quoted and HTML strings and
// comments; npos when it does not close (cgraph then reports where it is cut).
std::size_t graphEnd(const std::string& s, std::size_t from) {
    int depth = 0;
    bool opened = false;
    for (std::size_t i = from; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '"') {
            for (++i; i < s.size() && s[i] != '"'; ++i)
                if (s[i] == '\\')
                    ++i;
        } else if (c == '<' && opened) {
            int html = 1;
            for (++i; i < s.size() && html > 0; ++i)
                html += s[i] == '<' ? 1 : (s[i] == '>' ? -1 : 0);
            --i;
        } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
            const auto end = s.find("*/", i + 2);
            if (end == std::string::npos)
                return std::string::npos;
            i = end + 1;
        } else if ((c == '/' && i + 1 < s.size() && s[i + 1] == '/') ||
                   (c == '#' && (i == 0 || s[i - 1] == '\n'))) {
            const auto end = s.find('\n', i);
            if (end == std::string::npos)
                return std::string::npos;
            i = end;
        } else if (c == '{') {
            ++depth;
            opened = true;
        } else if (c == '}' && --depth == 0 && opened) {
            return i + 1;
        }
    }
    return std::string::npos;
}

RawGraph readDot(const std::string& file, const std::string& text) {
    const std::size_t start = digraphStart(text);
    if (start == std::string::npos) {
        if (text.find("flowchart") != std::string::npos || text.find("graph LR") != std::string::npos)
            throw Error(file, "line 1",
                        "expected `terraform graph` DOT output, found a Mermaid chart; run `terraform graph` "
                        "without -format=mermaid");
        throw Error(file, "line 1", "expected `terraform graph` DOT output: no line starts with \"digraph\"");
    }
    std::string prepared;
    prepared.reserve(text.size());
    for (std::size_t i = 0; i < start; ++i)
        if (text[i] == '\n')
            prepared += '\n';
    const std::size_t end = graphEnd(text, start);
    prepared.append(text, start, end == std::string::npos ? std::string::npos : end - start);
    if (const auto deep = tooDeepAt(prepared, kMaxNesting); deep != std::string::npos)
        throw Error(file, lineColumn(prepared, deep),
                    "DOT nested at most " + std::to_string(kMaxNesting) + " levels deep");

    RawGraph out;
    std::lock_guard<std::mutex> lock(graphvizMutex());
    std::string errors;
    struct Hooks {
        agusererrf previous;
        explicit Hooks(std::string* sink) {
            g_errors = sink;
            previous = agseterrf(captureError);
            agreseterrors();
        }
        ~Hooks() {
            agseterrf(previous);
            g_errors = nullptr;
        }
    } hooks(&errors);
    Agraph_t* g = agmemread(prepared.c_str());
    if (aglexbad)
        aglexbad();
    if (!g) {
        std::string message = trim(errors);
        std::string place = "line 1";
        if (const auto at = message.find("line "); at != std::string::npos) {
            std::size_t j = at + 5;
            while (j < message.size() && isAsciiDigit(message[j]))
                ++j;
            if (j > at + 5)
                place = message.substr(at, j - at);
        }
        if (message.empty())
            message = "not a readable graph";
        throw Error(file, place, "expected a DOT digraph (" + message.substr(0, 300) + ")");
    }
    struct Closer {
        Agraph_t* g;
        ~Closer() { agclose(g); }
    } closer{g};
    if (!agisdirected(g))
        throw Error(file, "line 1", "expected a directed graph (digraph)");
    std::unordered_map<Agnode_t*, std::size_t> index;
    for (Agnode_t* n = agfstnode(g); n; n = agnxtnode(g, n)) {
        const char* name = agnameof(n);
        index.emplace(n, out.nodes.size());
        out.nodes.emplace_back(name ? name : "");
    }
    for (Agnode_t* n = agfstnode(g); n; n = agnxtnode(g, n))
        for (Agedge_t* e = agfstout(g, n); e; e = agnxtout(g, e)) {
            const auto t = index.find(agtail(e));
            const auto h = index.find(aghead(e));
            if (t != index.end() && h != index.end())
                out.edges.emplace_back(t->second, h->second);
        }
    return out;
}

enum class NodeClass { Resource, Dropped, Provider, Ignored };

// "[root] module.app.aws_x.y (expand)" → "module.app.aws_x.y"; `destroy` is set for destroy nodes.
std::string normalise(std::string s, bool& destroy) {
    destroy = false;
    if (s.rfind("[root] ", 0) == 0)
        s.erase(0, 7);
    for (int k = 0; k < 3; ++k) {
        s = trim(s);
        if (s.empty() || s.back() != ')')
            break;
        const auto open = s.rfind(" (");
        if (open == std::string::npos)
            break;
        const std::string suffix = s.substr(open + 2, s.size() - open - 3);
        if (suffix.rfind("destroy", 0) == 0)
            destroy = true;
        s.erase(open);
    }
    return s;
}

NodeClass classify(const std::string& s, std::string& config) {
    if (s.empty() || s == "root" || s.rfind("meta.", 0) == 0)
        return NodeClass::Dropped;
    if (s.find("provider[") != std::string::npos || s.rfind("provider.", 0) == 0 ||
        s.find(".provider.") != std::string::npos || s == "provider")
        return NodeClass::Provider;
    if (const auto a = parseAddress(s)) {
        config = a->config();
        return NodeClass::Resource;
    }
    return NodeClass::Dropped;
}

} // namespace

std::string TfGraphParser::description() const {
    return "Terraform graph (`terraform graph` DOT output, any Terraform version)";
}

int TfGraphParser::sniff(const std::string& fileName, const std::string& text) const {
    const std::string head = text.substr(0, 8192);
    const std::size_t start = digraphStart(head);
    if (start == std::string::npos)
        return 0;
    const std::string body = head.substr(start);
    if (body.find("\"[root] ") != std::string::npos)
        return 95;
    if (body.find("subgraph \"cluster_module.") != std::string::npos ||
        body.find("provider[\\\"") != std::string::npos)
        return 90;
    // A quoted id that looks like a resource address: "aws_instance.web", "data.x_y.z".
    std::size_t q = 0;
    int resources = 0;
    while ((q = body.find('"', q)) != std::string::npos && q < body.size()) {
        const auto end = body.find('"', q + 1);
        if (end == std::string::npos)
            break;
        const std::string id = body.substr(q + 1, end - q - 1);
        if (const auto a = parseAddress(id); a && a->type.find('_') != std::string::npos)
            ++resources;
        q = end + 1;
    }
    const bool named = fileName.size() > 4 && (fileName.rfind(".dot") == fileName.size() - 4 ||
                                               fileName.rfind(".gv") == fileName.size() - 3);
    if (resources > 0)
        return body.find("rankdir = \"RL\"") != std::string::npos ? 85 : 70;
    return named ? 35 : 20;
}

Discovery TfGraphParser::parse(const SourceText& src, const ParseOptions& /*options*/) const {
    const std::string& file = src.name;
    const RawGraph raw = readDot(file, src.text);

    // A destroy graph (`terraform graph -type=plan-destroy`) has each resource as a destroy node alone, and
    // its edges are the order of destruction: what depends on a resource is destroyed before it. Read in
    // reverse, they are the dependencies. In any other graph a destroy node is a replacement's, beside the
    // resource's own node: left out.
    bool destroyGraph = false;
    {
        bool created = false, destroyed = false;
        for (const auto& node : raw.nodes) {
            bool destroy = false;
            std::string cfg;
            if (classify(normalise(node, destroy), cfg) == NodeClass::Resource)
                (destroy ? destroyed : created) = true;
        }
        destroyGraph = destroyed && !created;
    }
    // Normalised nodes: resources merge by config address; every other raw node stays itself.
    std::vector<NodeClass> cls;
    std::vector<std::string> config; // resources: config address
    std::unordered_map<std::string, std::size_t> resourceIndex;
    std::vector<std::size_t> rawToNode(raw.nodes.size());
    std::set<std::string> providers;
    for (std::size_t i = 0; i < raw.nodes.size(); ++i) {
        bool destroy = false;
        const std::string n = normalise(raw.nodes[i], destroy);
        std::string cfg;
        NodeClass c = destroy && !destroyGraph ? NodeClass::Ignored : classify(n, cfg);
        if (c == NodeClass::Provider)
            providers.insert(n);
        if (c == NodeClass::Resource) {
            const auto [it, fresh] = resourceIndex.emplace(cfg, cls.size());
            rawToNode[i] = it->second;
            if (!fresh)
                continue;
        } else {
            rawToNode[i] = cls.size();
        }
        cls.push_back(c);
        config.push_back(cfg);
    }
    std::vector<std::vector<std::size_t>> succ(cls.size());
    {
        std::set<std::pair<std::size_t, std::size_t>> seen;
        for (const auto& [t, h] : raw.edges) {
            const std::size_t a = rawToNode[destroyGraph ? h : t], b = rawToNode[destroyGraph ? t : h];
            if (a != b && cls[a] != NodeClass::Ignored && cls[b] != NodeClass::Ignored &&
                seen.insert({a, b}).second)
                succ[a].push_back(b);
        }
    }

    // Re-link across dropped nodes: a resource depends on the resources reached through them.
    Build b;
    b.format = "tfgraph";
    b.file = file;
    b.scope = sourceScope("tfgraph", src.path, file);
    b.legacyScope = "tfgraph:" + file;
    b.contentHash = src.sha256;
    b.configLevel = true;
    b.skipped = static_cast<int>(providers.size());
    std::size_t budget = std::size_t(20) * 1000 * 1000;
    bool exhausted = false;
    std::vector<char> visited(cls.size(), 0);
    std::vector<std::size_t> touched;
    for (std::size_t k = 0; k < cls.size(); ++k) {
        if (cls[k] != NodeClass::Resource)
            continue;
        const auto a = parseAddress(config[k]);
        if (!a)
            continue;
        Instance in;
        in.module = a->moduleConfig();
        in.data = a->data;
        in.type = a->type;
        in.name = a->name;
        in.provider = providerShortName("", a->type);
        for (std::size_t t : touched)
            visited[t] = 0;
        touched.clear();
        std::vector<std::size_t> stack;
        for (std::size_t n : succ[k]) {
            if (cls[n] == NodeClass::Resource)
                in.refs.push_back({config[n], "", "terraform graph", "depends-on", false});
            else if (!visited[n]) {
                visited[n] = 1;
                touched.push_back(n);
                stack.push_back(n);
            }
        }
        while (!stack.empty() && !exhausted) {
            const std::size_t n = stack.back();
            stack.pop_back();
            for (std::size_t m : succ[n]) {
                if (--budget == 0) {
                    exhausted = true;
                    break;
                }
                if (visited[m] || m == k)
                    continue;
                visited[m] = 1;
                touched.push_back(m);
                if (cls[m] == NodeClass::Resource)
                    in.refs.push_back({config[m], "", "terraform graph", "depends-on", true});
                else
                    stack.push_back(m);
            }
        }
        b.instances.push_back(std::move(in));
    }
    if (destroyGraph)
        b.warnings.push_back(
            "a destroy graph (terraform graph -type=plan-destroy): its edges, the order in which "
            "Terraform would destroy the resources, are read in reverse as their dependencies");
    if (exhausted)
        b.warnings.push_back("the graph is too large to follow every path through variables and outputs; "
                             "some dependencies may be missing");
    return buildDiscovery(std::move(b));
}

} // namespace terrain
