// The one file that includes Graphviz (its headers define MIN, MAX, ROUND, TRUE, NIL, ND_*, ...).
#include "GraphLayout.h"

#include "GraphPacking.h"

#include "GraphvizLock.h"

#include "Error.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QMetaObject>
#include <QProcess>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <thread>

// Not in cgraph.h, but exported by libcgraph (scan.l): discards what the lexer has buffered (see
// importers/TfGraphParser.cpp). Weak, so that a Graphviz without it still links.
extern "C" __attribute__((weak)) void aglexbad(void);

namespace terrain::layout {

namespace {

std::string* g_errors = nullptr; // guarded by terrain::graphvizMutex()

int captureError(char* message) {
    if (g_errors && message && g_errors->size() < 4096)
        *g_errors += message;
    return 0;
}

void appendNumber(std::string& out, double v) {
    char buf[32];
    // Two decimals are plenty for points; to_chars ignores the C locale (a GUI sets it from the user's).
    const double r = std::round(v * 100.0) / 100.0;
    auto res = std::to_chars(buf, buf + sizeof buf, r == 0 ? 0.0 : r);
    out.append(buf, res.ptr);
}

std::string inches(double points) {
    std::string s;
    appendNumber(s, points / 72.0);
    return s;
}

/// Distinct edges without self-loops, in first-seen order.
std::vector<std::pair<int, int>> distinctEdges(const Request& r) {
    std::set<std::pair<int, int>> seen;
    std::vector<std::pair<int, int>> out;
    const int n = static_cast<int>(r.nodes.size());
    for (const auto& e : r.edges) {
        if (e.first == e.second || e.first < 0 || e.second < 0 || e.first >= n || e.second >= n)
            continue;
        if (seen.insert(e).second)
            out.push_back(e);
    }
    return out;
}

int nodeIndex(const char* name) {
    if (!name || name[0] != 'n')
        return -1;
    int v = -1;
    const char* end = name + std::strlen(name);
    auto res = std::from_chars(name + 1, end, v);
    return res.ec == std::errc() && res.ptr == end ? v : -1;
}

/// Moves each piece of the drawing that nothing joins to its place beside the others (GraphPacking.h).
/// `nodeBoxes` are the nodes' rectangles; `groups` the members of each group (a dot cluster), which stays
/// whole, with its rectangle as dot drew it.
void packPieces(Result& r, const std::vector<Box>& nodeBoxes, const std::vector<std::vector<int>>& groups,
                const std::vector<Box>& groupBoxes) {
    std::vector<std::pair<int, int>> edges;
    edges.reserve(r.routes.size());
    for (const Route& route : r.routes)
        edges.emplace_back(route.from, route.to);
    const Pieces pieces = piecesOf(r.centres.size(), edges, groups);
    if (pieces.count < 2)
        return;
    std::vector<Box> boxes(pieces.count);
    for (std::size_t i = 0; i < r.centres.size(); ++i)
        boxes[pieces.of[i]].add(nodeBoxes[i]);
    for (const Route& route : r.routes) {
        Box& b = boxes[pieces.of[static_cast<std::size_t>(route.from)]];
        for (const Point& q : route.points)
            b.add(q);
        if (route.arrowTip)
            b.add(*route.arrowTip);
    }
    for (std::size_t g = 0; g < groups.size(); ++g)
        boxes[pieces.of[static_cast<std::size_t>(groups[g].front())]].add(groupBoxes[g]);
    const Packing packing = packed(boxes);
    auto move = [](Point& q, const Point& d) {
        q.x += d.x;
        q.y += d.y;
    };
    for (std::size_t i = 0; i < r.centres.size(); ++i)
        move(r.centres[i], packing.shift[pieces.of[i]]);
    for (Route& route : r.routes) {
        const Point& d = packing.shift[pieces.of[static_cast<std::size_t>(route.from)]];
        for (Point& q : route.points)
            move(q, d);
        if (route.arrowTip)
            move(*route.arrowTip, d);
    }
    r.width = packing.width;
    r.height = packing.height;
}

} // namespace

std::string engineName(Engine e) {
    switch (e) {
    case Engine::Auto:
        return "auto";
    case Engine::Dot:
        return "dot";
    case Engine::Sfdp:
        return "sfdp";
    }
    return "auto";
}

std::optional<Engine> engineFromName(const std::string& name) {
    for (Engine e : {Engine::Auto, Engine::Dot, Engine::Sfdp})
        if (engineName(e) == name)
            return e;
    return std::nullopt;
}

std::size_t nodesOnCycles(std::size_t nodeCount, const std::vector<std::pair<int, int>>& edges) {
    // Iterative Tarjan: a component of two or more nodes, or a node with a self-loop, is on a cycle.
    const int n = static_cast<int>(nodeCount);
    std::vector<std::vector<int>> out(nodeCount);
    std::vector<char> selfLoop(nodeCount, 0);
    for (const auto& [a, b] : edges) {
        if (a < 0 || b < 0 || a >= n || b >= n)
            continue;
        if (a == b)
            selfLoop[static_cast<size_t>(a)] = 1;
        else
            out[static_cast<size_t>(a)].push_back(b);
    }
    std::vector<int> index(nodeCount, -1), low(nodeCount, 0);
    std::vector<char> onStack(nodeCount, 0);
    std::vector<int> stack;
    std::vector<std::pair<int, size_t>> call; // node, next edge
    int counter = 0;
    std::size_t cyclic = 0;
    for (int root = 0; root < n; ++root) {
        if (index[static_cast<size_t>(root)] >= 0)
            continue;
        call.push_back({root, 0});
        while (!call.empty()) {
            auto& [v, next] = call.back();
            const auto sv = static_cast<size_t>(v);
            if (next == 0 && index[sv] < 0) {
                index[sv] = low[sv] = counter++;
                stack.push_back(v);
                onStack[sv] = 1;
            }
            if (next < out[sv].size()) {
                const int w = out[sv][next++];
                const auto sw = static_cast<size_t>(w);
                if (index[sw] < 0)
                    call.push_back({w, 0});
                else if (onStack[sw])
                    low[sv] = std::min(low[sv], index[sw]);
                continue;
            }
            if (low[sv] == index[sv]) {
                std::size_t size = 0;
                int w = -1;
                do {
                    w = stack.back();
                    stack.pop_back();
                    onStack[static_cast<size_t>(w)] = 0;
                    ++size;
                } while (w != v);
                if (size > 1)
                    cyclic += size;
                else if (selfLoop[sv])
                    ++cyclic;
            }
            const int done = v;
            call.pop_back();
            if (!call.empty()) {
                const auto sp = static_cast<size_t>(call.back().first);
                low[sp] = std::min(low[sp], low[static_cast<size_t>(done)]);
            }
        }
    }
    return std::min(cyclic, nodeCount);
}

Engine chooseEngine(const Request& request) {
    if (request.engine != Engine::Auto)
        return request.engine;
    const std::size_t n = request.nodes.size();
    if (n > kDotMaxNodes || request.edges.size() > 4 * std::max<std::size_t>(n, 1))
        return Engine::Sfdp;
    const std::size_t cyclic = nodesOnCycles(n, request.edges);
    return cyclic <= std::max<std::size_t>(20, n / 20) ? Engine::Dot : Engine::Sfdp;
}

std::string toDot(const Request& request, Engine engine) {
    if (engine == Engine::Auto)
        engine = chooseEngine(request);
    std::string dot;
    dot.reserve(64 + request.nodes.size() * 40 + request.edges.size() * 16);
    dot += "digraph terrain {\n";
    double w = 180, h = 48;
    if (!request.nodes.empty()) {
        w = request.nodes.front().width;
        h = request.nodes.front().height;
    }
    if (engine == Engine::Dot)
        // Layers left to right (a projector is wide); fixed-size nodes without labels, so no font is
        // measured and the layout does not depend on the installed fonts.
        dot += "graph [rankdir=LR, nodesep=0.3, ranksep=1.2, splines=true, newrank=true, mclimit=0.5];\n";
    else
        dot += "graph [overlap=prism, overlap_scaling=-4, sep=\"+10\", splines=false, "
               "outputorder=edgesfirst];\n";
    dot +=
        "node [shape=box, fixedsize=true, label=\"\", width=" + inches(w) + ", height=" + inches(h) + "];\n";
    std::map<std::string, std::vector<int>> clusters;
    for (size_t i = 0; i < request.nodes.size(); ++i) {
        const auto& node = request.nodes[i];
        const std::string name = "n" + std::to_string(i);
        if (node.width != w || node.height != h)
            dot += name + " [width=" + inches(node.width) + ", height=" + inches(node.height) + "];\n";
        else
            dot += name + ";\n";
        if (engine == Engine::Dot && !node.cluster.empty())
            clusters[node.cluster].push_back(static_cast<int>(i));
    }
    int c = 0;
    for (const auto& [name, members] : clusters) {
        if (members.size() < 2)
            continue;
        // room around the members for the group's frame and title (MapClusterItem)
        dot += "subgraph cluster_" + std::to_string(c++) + " { margin=40;";
        for (int m : members)
            dot += " n" + std::to_string(m) + ";";
        dot += " }\n";
    }
    for (const auto& [a, b] : distinctEdges(request))
        dot += "n" + std::to_string(a) + " -> n" + std::to_string(b) + ";\n";
    dot += "}\n";
    return dot;
}

Result runDot(const std::string& dot, Engine engine, std::size_t nodeCount) {
    if (engine == Engine::Auto)
        throw Error("layout: no engine chosen");
    std::lock_guard<std::mutex> lock(terrain::graphvizMutex());
    // One context per process (creating one leaks a little and loads the plugin list again).
    static GVC_t* gvc = gvContext();
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

    Agraph_t* g = agmemread(dot.c_str());
    if (aglexbad)
        aglexbad();
    if (!g)
        throw Error("layout: Graphviz could not read the graph (" + errors.substr(0, 300) + ")");
    struct Closer {
        Agraph_t* g;
        ~Closer() { agclose(g); }
    } closer{g};
    const std::string name = engineName(engine);
    if (gvLayout(gvc, g, name.c_str()) != 0)
        throw Error("layout: " + name + " failed (" + errors.substr(0, 300) + ")");
    struct FreeLayout {
        GVC_t* gvc;
        Agraph_t* g;
        ~FreeLayout() { gvFreeLayout(gvc, g); }
    } freeLayout{gvc, g};

    // The one place where Graphviz coordinates (points, y up, origin at the bounding box's lower
    // left) become scene coordinates (points, y down, origin at the top left).
    const boxf bb = GD_bb(g);
    auto toScene = [&](pointf p) { return Point{p.x - bb.LL.x, bb.UR.y - p.y}; };

    Result r;
    r.engine = engine;
    r.width = bb.UR.x - bb.LL.x;
    r.height = bb.UR.y - bb.LL.y;
    r.centres.assign(nodeCount, Point{});
    for (Agnode_t* n = agfstnode(g); n; n = agnxtnode(g, n)) {
        const int i = nodeIndex(agnameof(n));
        if (i < 0 || static_cast<std::size_t>(i) >= nodeCount)
            continue;
        r.centres[static_cast<size_t>(i)] = toScene(ND_coord(n));
        for (Agedge_t* e = agfstout(g, n); e; e = agnxtout(g, e)) {
            Route route;
            route.from = i;
            route.to = nodeIndex(agnameof(aghead(e)));
            if (route.to < 0 || static_cast<std::size_t>(route.to) >= nodeCount || route.to == i)
                continue;
            if (const splines* spl = ED_spl(e)) {
                for (int b = 0; b < spl->size; ++b) {
                    const bezier& bz = spl->list[b];
                    for (int k = 0; k < bz.size; ++k)
                        if (b == 0 || k > 0) // consecutive pieces share their joint
                            route.points.push_back(toScene(bz.list[k]));
                    if (bz.eflag)
                        route.arrowTip = toScene(bz.ep);
                }
            }
            r.routes.push_back(std::move(route));
        }
    }
    std::sort(r.routes.begin(), r.routes.end(), [](const Route& a, const Route& b) {
        return std::pair(a.from, a.to) < std::pair(b.from, b.to);
    });
    if (engine == Engine::Dot) { // sfdp keeps the pieces of a graph apart, each where its forces put it
        std::vector<Box> nodeBoxes(nodeCount);
        for (Agnode_t* n = agfstnode(g); n; n = agnxtnode(g, n))
            if (const int i = nodeIndex(agnameof(n)); i >= 0 && static_cast<std::size_t>(i) < nodeCount) {
                const Point c = r.centres[static_cast<std::size_t>(i)];
                const double hw = ND_width(n) * 36, hh = ND_height(n) * 36; // inches, halved, in points
                nodeBoxes[static_cast<std::size_t>(i)] = {c.x - hw, c.y - hh, c.x + hw, c.y + hh};
            }
        std::vector<std::vector<int>> groups;
        std::vector<Box> groupBoxes;
        for (Agraph_t* sub = agfstsubg(g); sub; sub = agnxtsubg(sub)) {
            std::vector<int> members;
            for (Agnode_t* n = agfstnode(sub); n; n = agnxtnode(sub, n))
                if (const int i = nodeIndex(agnameof(n)); i >= 0 && static_cast<std::size_t>(i) < nodeCount)
                    members.push_back(i);
            if (members.empty())
                continue;
            Box b;
            b.add(toScene(GD_bb(sub).LL));
            b.add(toScene(GD_bb(sub).UR));
            groups.push_back(std::move(members));
            groupBoxes.push_back(b);
        }
        packPieces(r, nodeBoxes, groups, groupBoxes);
    }
    return r;
}

Result runInProcess(const Request& request) {
    const Engine engine = chooseEngine(request);
    if (request.nodes.empty()) {
        Result r;
        r.engine = engine;
        return r;
    }
    return runDot(toDot(request, engine), engine, request.nodes.size());
}

std::string encodeResult(const Result& r) {
    std::string out;
    out.reserve(64 + r.centres.size() * 20 + r.routes.size() * 80);
    out += "terrain-layout 1 " + engineName(r.engine) + " ";
    appendNumber(out, r.width);
    out += ' ';
    appendNumber(out, r.height);
    out += ' ' + std::to_string(r.centres.size()) + ' ' + std::to_string(r.routes.size()) + '\n';
    for (const auto& p : r.centres) {
        appendNumber(out, p.x);
        out += ' ';
        appendNumber(out, p.y);
        out += '\n';
    }
    for (const auto& route : r.routes) {
        out += std::to_string(route.from) + ' ' + std::to_string(route.to) + ' ' +
               std::to_string(route.points.size());
        for (const auto& p : route.points) {
            out += ' ';
            appendNumber(out, p.x);
            out += ' ';
            appendNumber(out, p.y);
        }
        if (route.arrowTip) {
            out += " a ";
            appendNumber(out, route.arrowTip->x);
            out += ' ';
            appendNumber(out, route.arrowTip->y);
        }
        out += '\n';
    }
    out += "end\n";
    return out;
}

Result decodeResult(const std::string& text, std::size_t nodeCount) {
    const char* p = text.data();
    const char* end = p + text.size();
    auto fail = [&](const char* what) -> Error {
        return Error("layout: unexpected output of the layout program (" + std::string(what) + " at byte " +
                     std::to_string(p - text.data()) + ")");
    };
    auto skipSpace = [&] {
        while (p < end && (*p == ' ' || *p == '\n' || *p == '\r'))
            ++p;
    };
    auto word = [&]() {
        skipSpace();
        const char* s = p;
        while (p < end && *p != ' ' && *p != '\n' && *p != '\r')
            ++p;
        return std::string(s, p);
    };
    auto number = [&]() {
        skipSpace();
        double v = 0;
        auto res = std::from_chars(p, end, v);
        if (res.ec != std::errc() || !std::isfinite(v))
            throw fail("a number expected");
        p = res.ptr;
        return v;
    };
    auto integer = [&](long long maxValue) {
        skipSpace();
        long long v = 0;
        auto res = std::from_chars(p, end, v);
        if (res.ec != std::errc() || v < 0 || v > maxValue)
            throw fail("a count expected");
        p = res.ptr;
        return v;
    };
    if (word() != "terrain-layout" || word() != "1")
        throw fail("header expected");
    Result r;
    const auto engine = engineFromName(word());
    if (!engine || *engine == Engine::Auto)
        throw fail("engine expected");
    r.engine = *engine;
    r.width = number();
    r.height = number();
    const auto nodes = static_cast<std::size_t>(integer(10'000'000));
    const auto routes = static_cast<std::size_t>(integer(100'000'000));
    if (nodes != nodeCount)
        throw fail("wrong number of nodes");
    r.centres.resize(nodes);
    for (auto& c : r.centres) {
        c.x = number();
        c.y = number();
    }
    r.routes.resize(routes);
    for (auto& route : r.routes) {
        route.from = static_cast<int>(integer(static_cast<long long>(nodes) - 1));
        route.to = static_cast<int>(integer(static_cast<long long>(nodes) - 1));
        const auto k = static_cast<std::size_t>(integer(100'000));
        route.points.resize(k);
        for (auto& pt : route.points) {
            pt.x = number();
            pt.y = number();
        }
        skipSpace();
        if (p < end && *p == 'a') {
            ++p;
            Point tip;
            tip.x = number();
            tip.y = number();
            route.arrowTip = tip;
        }
    }
    if (word() != "end")
        throw fail("end expected");
    return r;
}

// ---- incremental placement ----

std::unordered_map<Id, Point> placeNear(const std::unordered_map<Id, Point>& placed,
                                        const std::vector<Id>& newNodes,
                                        const std::vector<std::pair<Id, Id>>& edges, double nodeWidth,
                                        double nodeHeight) {
    std::unordered_map<Id, Point> out;
    if (newNodes.empty())
        return out;
    const double cw = nodeWidth + 40; // cell: a node and the gap around it
    const double ch = nodeHeight + 24;
    auto cellOf = [&](double x, double y) {
        return std::pair<long long, long long>(static_cast<long long>(std::floor(x / cw)),
                                               static_cast<long long>(std::floor(y / ch)));
    };
    std::set<std::pair<long long, long long>> taken;
    auto occupy = [&](const Point& c) {
        // every cell the node's rectangle (with half a gap around it) touches
        const auto lo = cellOf(c.x - nodeWidth / 2 - 10, c.y - nodeHeight / 2 - 6);
        const auto hi = cellOf(c.x + nodeWidth / 2 + 10, c.y + nodeHeight / 2 + 6);
        for (long long gx = lo.first; gx <= hi.first; ++gx)
            for (long long gy = lo.second; gy <= hi.second; ++gy)
                taken.insert({gx, gy});
    };
    double maxY = 0, minX = 0;
    bool any = false;
    for (const auto& [id, c] : placed) {
        occupy(c);
        maxY = any ? std::max(maxY, c.y) : c.y;
        minX = any ? std::min(minX, c.x) : c.x;
        any = true;
    }

    // Neighbours in both directions; where a new node goes relative to them: a node that depends on
    // its neighbours goes to their left (layers run left to right), one they depend on to their right.
    std::unordered_map<Id, std::vector<std::pair<Id, int>>> adj; // neighbour, +1: we depend on it
    const std::set<Id> fresh(newNodes.begin(), newNodes.end());
    for (const auto& [a, b] : edges) {
        if (a == b)
            continue;
        if (fresh.count(a))
            adj[a].push_back({b, +1});
        if (fresh.count(b))
            adj[b].push_back({a, -1});
    }
    auto where = [&](Id id) -> const Point* {
        if (auto it = placed.find(id); it != placed.end())
            return &it->second;
        if (auto it = out.find(id); it != out.end())
            return &it->second;
        return nullptr;
    };

    // Breadth first from the placed drawing: new nodes next to placed ones first, then their new
    // neighbours; a new node with no way to the drawing seeds its own group on a free spot below.
    std::vector<Id> order;
    order.reserve(newNodes.size());
    std::set<Id> visited;
    std::vector<Id> queue;
    auto drain = [&] {
        for (size_t q = 0; q < queue.size(); ++q) {
            const Id id = queue[q];
            order.push_back(id);
            for (const auto& [nb, dir] : adj[id])
                if (fresh.count(nb) && visited.insert(nb).second)
                    queue.push_back(nb);
        }
        queue.clear();
    };
    for (Id id : newNodes)
        for (const auto& [nb, dir] : adj[id])
            if (placed.count(nb) && visited.insert(id).second) {
                queue.push_back(id);
                break;
            }
    drain();
    for (Id id : newNodes)
        if (visited.insert(id).second) {
            queue.push_back(id);
            drain();
        }

    // Loose nodes fill rows below the drawing, as wide as the drawing or a square, whichever is wider.
    double maxX = minX;
    for (const auto& [id, c] : placed)
        maxX = std::max(maxX, c.x);
    const long long rowCells = std::max<long long>(
        static_cast<long long>(std::ceil(std::sqrt(static_cast<double>(newNodes.size())))),
        static_cast<long long>((maxX - minX) / cw) + 1);
    const long long firstCol = cellOf(minX, 0).first;
    auto nextLoose = [&](long long& col, long long& row) {
        while (taken.count({col, row})) {
            if (++col >= firstCol + rowCells) {
                col = firstCol;
                ++row;
            }
        }
        return Point{(static_cast<double>(col) + 0.5) * cw, (static_cast<double>(row) + 0.5) * ch};
    };
    long long looseRow = cellOf(0, maxY).second + (any ? 2 : 0);
    long long looseCol = firstCol;

    for (Id id : order) {
        double sx = 0, sy = 0;
        int count = 0, direction = 0;
        for (const auto& [nb, dir] : adj[id])
            if (const Point* p = where(nb)) {
                sx += p->x;
                sy += p->y;
                direction += dir;
                ++count;
            }
        Point spot;
        if (count == 0) {
            spot = nextLoose(looseCol, looseRow);
        } else {
            const Point ideal{sx / count + (direction > 0   ? -cw * 1.3
                                            : direction < 0 ? cw * 1.3
                                                            : 0),
                              sy / count};
            const auto centre = cellOf(ideal.x, ideal.y);
            bool found = false;
            for (long long ring = 0; ring < 400 && !found; ++ring) {
                double best = 0;
                std::pair<long long, long long> bestCell;
                for (long long dx = -ring; dx <= ring; ++dx)
                    for (long long dy = -ring; dy <= ring; ++dy) {
                        if (std::max(std::llabs(dx), std::llabs(dy)) != ring)
                            continue;
                        const std::pair<long long, long long> cell{centre.first + dx, centre.second + dy};
                        if (taken.count(cell))
                            continue;
                        const double px = (static_cast<double>(cell.first) + 0.5) * cw - ideal.x;
                        const double py = (static_cast<double>(cell.second) + 0.5) * ch - ideal.y;
                        const double d = px * px + py * py;
                        if (!found || d < best) {
                            best = d;
                            bestCell = cell;
                            found = true;
                        }
                    }
                if (found)
                    spot = Point{(static_cast<double>(bestCell.first) + 0.5) * cw,
                                 (static_cast<double>(bestCell.second) + 0.5) * ch};
            }
            if (!found)
                spot = nextLoose(looseCol, looseRow);
        }
        out[id] = spot;
        occupy(spot);
    }
    return out;
}

// ---- the job ----

namespace {

/// What a worker thread shares with its job: the job pointer is cleared when the job goes away.
struct Shared {
    std::mutex mutex;
    LayoutJob* job = nullptr;
};

} // namespace

struct LayoutJob::Private {
    QProcess* process = nullptr;
    std::shared_ptr<Shared> shared;
    quint64 generation = 0;
    bool running = false;
    std::size_t nodeCount = 0;
};

LayoutJob::LayoutJob(QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
    , m_program(defaultProgram()) {
    qRegisterMetaType<terrain::layout::Result>("terrain::layout::Result");
    d->shared = std::make_shared<Shared>();
    d->shared->job = this;
}

LayoutJob::~LayoutJob() {
    {
        std::lock_guard<std::mutex> lock(d->shared->mutex);
        d->shared->job = nullptr;
    }
    if (d->process) {
        d->process->disconnect(this);
        d->process->kill();
        d->process->waitForFinished(2000);
        delete d->process;
    }
}

QString LayoutJob::defaultProgram() {
    const QString env = qEnvironmentVariable("TERRAIN_LAYOUT_PROGRAM");
    if (!env.isEmpty())
        return env;
    if (QCoreApplication::instance()) {
        // Beside the executable in the build tree; in the private program folder once installed.
        const QDir bin(QCoreApplication::applicationDirPath());
        for (const QString& candidate :
             {bin.filePath(QStringLiteral("terrain-layout")),
              bin.filePath(QString::fromUtf8(TERRAIN_LIBEXEC_FROM_BIN "/terrain-layout"))})
            if (QFileInfo(candidate).isExecutable())
                return QFileInfo(candidate).canonicalFilePath();
    }
    return {};
}

bool LayoutJob::isRunning() const {
    return d->running;
}

void LayoutJob::cancel() {
    if (!d->running)
        return;
    d->running = false;
    ++d->generation; // a worker thread's result is dropped
    if (d->process) {
        QProcess* p = d->process;
        d->process = nullptr;
        p->disconnect(this);
        QObject::connect(p, &QProcess::finished, p, &QObject::deleteLater);
        p->kill();
    }
    emit canceled();
}

void LayoutJob::start(Request request) {
    cancel();
    m_engine = chooseEngine(request);
    request.engine = m_engine;
    d->running = true;
    d->nodeCount = request.nodes.size();
    const quint64 generation = ++d->generation;
    const QString what = tr("Laying out %1 systems with %2")
                             .arg(QLocale().toString(static_cast<qlonglong>(request.nodes.size())),
                                  QString::fromStdString(engineName(m_engine)));
    if (request.nodes.empty()) {
        d->running = false;
        Result r;
        r.engine = m_engine;
        QMetaObject::invokeMethod(
            this,
            [this, r, generation] {
                if (generation == d->generation)
                    emit finished(r);
            },
            Qt::QueuedConnection);
        return;
    }

    if (!m_program.isEmpty()) {
        auto* p = new QProcess(this);
        d->process = p;
        p->setProgram(m_program);
        p->setArguments(
            {QString::fromStdString(engineName(m_engine)), QString::number(request.nodes.size())});
        connect(p, &QProcess::readyReadStandardError, this, [this, p] {
            // The child reports its phases on stderr, one "phase <text>" line each; the rest is kept
            // for the error message.
            while (p->canReadLine()) {
                const QString line = QString::fromUtf8(p->readLine()).trimmed();
                if (line.startsWith(QLatin1String("phase ")))
                    emit progress(line.mid(6));
                else if (!line.isEmpty())
                    p->setProperty("errors", p->property("errors").toString() + line + QLatin1Char('\n'));
            }
        });
        p->setReadChannel(QProcess::StandardError);
        connect(p, &QProcess::errorOccurred, this, [this, p](QProcess::ProcessError e) {
            if (e != QProcess::FailedToStart || d->process != p)
                return;
            d->process = nullptr;
            d->running = false;
            p->deleteLater();
            emit failed(
                tr("The layout program %1 could not be started: %2").arg(m_program, p->errorString()));
        });
        connect(p, &QProcess::finished, this, [this, p](int code, QProcess::ExitStatus status) {
            if (d->process != p)
                return;
            d->process = nullptr;
            d->running = false;
            p->deleteLater();
            const QByteArray out = p->readAllStandardOutput();
            QString errors = p->property("errors").toString() + QString::fromUtf8(p->readAllStandardError());
            if (status != QProcess::NormalExit || code != 0) {
                emit failed(errors.trimmed().isEmpty()
                                ? tr("The layout program stopped (exit code %1)").arg(code)
                                : errors.trimmed());
                return;
            }
            try {
                emit finished(decodeResult(out.toStdString(), d->nodeCount));
            } catch (const Error& e) {
                emit failed(QString::fromUtf8(e.what()));
            }
        });
        emit progress(tr("Writing the graph"));
        const std::string dot = toDot(request, m_engine);
        p->start();
        p->write(dot.data(), static_cast<qint64>(dot.size()));
        p->closeWriteChannel();
        emit progress(what);
        return;
    }

    // No layout program: a worker thread, serialised with every other Graphviz call by the lock.
    emit progress(what);
    std::thread([shared = d->shared, request = std::move(request), generation] {
        std::optional<Result> result;
        QString error;
        try {
            result = runInProcess(request);
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        std::lock_guard<std::mutex> lock(shared->mutex);
        if (LayoutJob* job = shared->job)
            QMetaObject::invokeMethod(
                job,
                [job, result = std::move(result), error, generation] {
                    if (generation != job->d->generation || !job->d->running)
                        return;
                    job->d->running = false;
                    if (result)
                        emit job->finished(*result);
                    else
                        emit job->failed(error);
                },
                Qt::QueuedConnection);
    }).detach();
}

} // namespace terrain::layout
