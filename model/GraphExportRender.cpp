// SVG and PNG through Graphviz. Kept apart from GraphExport.cpp because Graphviz's headers define
// MIN, MAX, TRUE, NIL and friends; nothing else of the model includes them here.
#include "GraphExport.h"

#include "Error.h"
#include "GraphLayout.h"
#include "GraphPacking.h"
#include "GraphvizLock.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <functional>
#include <unordered_map>
#include <vector>

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

/// Dot's drawing of a graph in pieces that nothing joins, the pieces moved side by side (GraphPacking.h):
/// nodes, the routes and labels of their edges, and the groups (clusters) with their titles.
void packDrawing(Agraph_t* g) {
    using layout::Box;
    using layout::Point;
    if (GD_label(g))
        return; // a title dot placed over the whole drawing (the export writes none)
    std::unordered_map<Agnode_t*, int> index;
    std::vector<Agnode_t*> nodes;
    for (Agnode_t* v = agfstnode(g); v; v = agnxtnode(g, v)) {
        index.emplace(v, static_cast<int>(nodes.size()));
        nodes.push_back(v);
    }
    std::vector<std::pair<int, int>> edges;
    for (Agnode_t* v : nodes)
        for (Agedge_t* e = agfstout(g, v); e; e = agnxtout(g, e))
            edges.emplace_back(index[v], index[aghead(e)]);
    std::vector<Agraph_t*> clusters; // the outermost; the clusters inside them move with them
    std::vector<std::vector<int>> groups;
    for (int c = 1; c <= GD_n_cluster(g); ++c) {
        std::vector<int> members;
        for (Agnode_t* v = agfstnode(GD_clust(g)[c]); v; v = agnxtnode(GD_clust(g)[c], v))
            members.push_back(index[agidnode(g, AGID(v), 0)]);
        if (!members.empty()) {
            clusters.push_back(GD_clust(g)[c]);
            groups.push_back(std::move(members));
        }
    }
    const layout::Pieces pieces = layout::piecesOf(nodes.size(), edges, groups);
    if (pieces.count < 2)
        return;

    // Measured with y down, as on a screen, so that the tallest piece comes first at the top left.
    auto addPoint = [](Box& b, pointf p) { b.add(p.x, -p.y); };
    auto addLabel = [](Box& b, const textlabel_t* l) {
        if (l && l->set) { // placed by the layout (a node's is placed where it is drawn)
            b.add(l->pos.x - l->dimen.x / 2, -l->pos.y - l->dimen.y / 2);
            b.add(l->pos.x + l->dimen.x / 2, -l->pos.y + l->dimen.y / 2);
        }
    };
    auto addRoute = [&](Box& b, Agedge_t* e) {
        if (const splines* spl = ED_spl(e))
            for (int k = 0; k < spl->size; ++k) {
                const bezier& bz = spl->list[k];
                for (int i = 0; i < bz.size; ++i)
                    addPoint(b, bz.list[i]);
                if (bz.sflag)
                    addPoint(b, bz.sp);
                if (bz.eflag)
                    addPoint(b, bz.ep);
            }
        for (const textlabel_t* l : {ED_label(e), ED_xlabel(e), ED_head_label(e), ED_tail_label(e)})
            addLabel(b, l);
    };
    std::vector<Box> boxes(pieces.count);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        Box& b = boxes[pieces.of[i]];
        const pointf c = ND_coord(nodes[i]);
        const double hw = ND_width(nodes[i]) * 36, hh = ND_height(nodes[i]) * 36; // inches, halved, in points
        b.add(c.x - hw, -c.y - hh);
        b.add(c.x + hw, -c.y + hh);
        addLabel(b, ND_xlabel(nodes[i]));
        for (Agedge_t* e = agfstout(g, nodes[i]); e; e = agnxtout(g, e))
            addRoute(b, e);
    }
    for (std::size_t c = 0; c < clusters.size(); ++c) {
        Box& b = boxes[pieces.of[static_cast<std::size_t>(groups[c].front())]];
        addPoint(b, GD_bb(clusters[c]).LL);
        addPoint(b, GD_bb(clusters[c]).UR);
        addLabel(b, GD_label(clusters[c]));
    }
    const layout::Packing packing = layout::packed(boxes);

    // Moved in Graphviz's coordinates (y up, from the foot of the drawing).
    auto move = [&](pointf& p, const Point& d) {
        p.x += d.x;
        p.y += packing.height - d.y;
    };
    auto moveLabel = [&](textlabel_t* l, const Point& d) {
        if (l && l->set)
            move(l->pos, d);
    };
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const Point& d = packing.shift[pieces.of[i]];
        move(ND_coord(nodes[i]), d);
        moveLabel(ND_xlabel(nodes[i]), d);
        for (Agedge_t* e = agfstout(g, nodes[i]); e; e = agnxtout(g, e)) {
            if (splines* spl = ED_spl(e))
                for (int k = 0; k < spl->size; ++k) {
                    bezier& bz = spl->list[k];
                    for (int p = 0; p < bz.size; ++p)
                        move(bz.list[p], d);
                    if (bz.sflag)
                        move(bz.sp, d);
                    if (bz.eflag)
                        move(bz.ep, d);
                }
            for (textlabel_t* l : {ED_label(e), ED_xlabel(e), ED_head_label(e), ED_tail_label(e)})
                moveLabel(l, d);
        }
    }
    std::function<void(Agraph_t*, const Point&)> moveCluster = [&](Agraph_t* sg, const Point& d) {
        move(GD_bb(sg).LL, d);
        move(GD_bb(sg).UR, d);
        moveLabel(GD_label(sg), d);
        for (int c = 1; c <= GD_n_cluster(sg); ++c)
            moveCluster(GD_clust(sg)[c], d);
    };
    for (std::size_t c = 0; c < clusters.size(); ++c)
        moveCluster(clusters[c], packing.shift[pieces.of[static_cast<std::size_t>(groups[c].front())]]);
    GD_bb(g).LL = pointf{0, 0};
    GD_bb(g).UR = pointf{packing.width, packing.height};
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
    if (chosen == "dot")
        packDrawing(g);
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
