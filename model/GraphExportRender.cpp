// SVG and PNG through Graphviz. Kept apart from GraphExport.cpp because Graphviz's headers define
// MIN, MAX, TRUE, NIL and friends; nothing else of the model includes them here.
#include "GraphExport.h"

#include "Error.h"
#include "GraphLayout.h"
#include "GraphvizLock.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <unordered_map>

// Exported by libcgraph but not declared: drops what the lexer buffered after the last graph.
extern "C" __attribute__((weak)) void aglexbad(void);

namespace terrain {

namespace {

std::string* g_renderErrors = nullptr; // guarded by graphvizMutex()

int captureRenderError(char* message) {
    if (g_renderErrors && message && g_renderErrors->size() < 4096)
        *g_renderErrors += message;
    return 0;
}

void setGraphAttr(Agraph_t* g, const char* name, const char* value) {
    std::string n = name, v = value, empty;
    agsafeset(g, n.data(), v.data(), empty.data());
}

} // namespace

std::string renderEngineFor(size_t nodes, const std::vector<std::pair<int, int>>& edges) {
    layout::Request request;
    request.nodes.resize(nodes);
    request.edges = edges;
    return layout::engineName(layout::chooseEngine(request));
}

std::string renderDot(const std::string& dot, const std::string& format, const std::string& engine) {
    if (format != "svg" && format != "png" && format != "pdf")
        throw Error("render: unknown image format \"" + format + "\"");
    if (!engine.empty() && engine != "dot" && engine != "sfdp")
        throw Error("render: unknown layout engine \"" + engine + "\"");
    std::lock_guard<std::mutex> lock(graphvizMutex());
    static GVC_t* gvc = gvContext(); // one per process: creating one loads the plugin list and leaks a little
    std::string errors;
    struct Hooks {
        agusererrf previous;
        explicit Hooks(std::string* sink) {
            g_renderErrors = sink;
            previous = agseterrf(captureRenderError);
            agreseterrors();
        }
        ~Hooks() {
            agseterrf(previous);
            g_renderErrors = nullptr;
        }
    } hooks(&errors);

    Agraph_t* g = agmemread(dot.c_str());
    if (aglexbad)
        aglexbad();
    if (!g)
        throw Error("render: Graphviz could not read the graph (" + errors.substr(0, 300) + ")");
    struct Closer {
        Agraph_t* g;
        ~Closer() { agclose(g); }
    } closer{g};

    std::string chosen = engine;
    if (chosen.empty()) {
        std::unordered_map<Agnode_t*, int> index;
        int n = 0;
        for (Agnode_t* v = agfstnode(g); v; v = agnxtnode(g, v))
            index.emplace(v, n++);
        std::vector<std::pair<int, int>> edges;
        for (Agnode_t* v = agfstnode(g); v; v = agnxtnode(g, v))
            for (Agedge_t* e = agfstout(g, v); e; e = agnxtout(g, e))
                edges.emplace_back(index[v], index[aghead(e)]);
        chosen = renderEngineFor(static_cast<size_t>(n), edges);
    }
    if (chosen == "sfdp") {
        // Large or cyclic: no ranks, straight edges, overlaps removed; clusters are ignored by sfdp.
        setGraphAttr(g, "overlap", "prism");
        setGraphAttr(g, "splines", "false");
        setGraphAttr(g, "outputorder", "edgesfirst");
    }
    if (gvLayout(gvc, g, chosen.c_str()) != 0)
        throw Error("render: " + chosen + " layout failed (" + errors.substr(0, 300) + ")");
    struct FreeLayout {
        GVC_t* gvc;
        Agraph_t* g;
        ~FreeLayout() { gvFreeLayout(gvc, g); }
    } freeLayout{gvc, g};
    char* data = nullptr;
    unsigned int length = 0; // 2.42 takes unsigned int*, newer Graphviz size_t*
    if (gvRenderData(gvc, g, format.c_str(), &data, &length) != 0 || !data) {
        if (data)
            gvFreeRenderData(data);
        throw Error("render: Graphviz could not render " + format + " (" + errors.substr(0, 300) + ")");
    }
    std::string out(data, length);
    gvFreeRenderData(data);
    return out;
}

} // namespace terrain
