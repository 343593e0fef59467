#pragma once
// Graph layout: Graphviz behind one private file (GraphLayout.cpp), plus what needs no Graphviz.
//
// Graphviz is not thread-safe and a layout cannot be interrupted, so the GUI never calls it directly:
// LayoutJob runs the `terrain-layout` child process (app/LayoutMain.cpp) that reads the graph as DOT
// on stdin and writes the positions on stdout; cancelling kills it. Without that program, LayoutJob
// runs the layout on a worker thread under the one process-wide Graphviz lock (cancel then only drops
// the result). Coordinates are points, y down, node centres: the Qt scene's own.
//
// Engine choice: `dot` (layered, left to right) for small, mostly acyclic maps; `sfdp` (scalable force
// directed) for large or cyclic ones, where dot can take minutes.

#include "Entities.h"

#include <QObject>
#include <QString>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace terrain::layout {

enum class Engine { Auto, Dot, Sfdp };
std::string engineName(Engine e); ///< "auto", "dot", "sfdp"
std::optional<Engine> engineFromName(const std::string& name);

struct Point {
    double x = 0;
    double y = 0;
    bool operator==(const Point&) const = default;
};

/// The graph to lay out. Nodes are numbered by their index; edges are pairs of indices (duplicates and
/// self-loops are allowed and ignored).
struct Request {
    struct Node {
        double width = 180;  ///< points
        double height = 48;  ///< points
        std::string cluster; ///< nodes with the same non-empty cluster are kept together by dot
    };
    std::vector<Node> nodes;
    std::vector<std::pair<int, int>> edges;
    Engine engine = Engine::Auto;
};

/// An edge route: cubic Bézier control points (1 + 3k), from the tail node to the head node, and the
/// tip of the arrow at the head when Graphviz drew one (the route then stops short of the node).
struct Route {
    int from = 0;
    int to = 0;
    std::vector<Point> points;
    std::optional<Point> arrowTip;
};

struct Result {
    Engine engine = Engine::Dot; ///< the engine that ran
    double width = 0;            ///< bounding box of the drawing, from (0, 0)
    double height = 0;
    std::vector<Point> centres; ///< one per request node
    std::vector<Route> routes;  ///< one per distinct edge (from != to)
};

/// The engine Auto means for this graph: dot when it has at most `kDotMaxNodes` nodes, at most four
/// edges per node and few nodes on cycles (at most max(20, 5 %) in strongly connected components).
Engine chooseEngine(const Request& request);
inline constexpr std::size_t kDotMaxNodes = 1500;
/// The number of nodes that lie on a directed cycle (members of non-trivial strongly connected
/// components, or with a self-loop).
std::size_t nodesOnCycles(std::size_t nodeCount, const std::vector<std::pair<int, int>>& edges);

/// The graph as DOT with the attributes of `engine` (not Auto): what the child process reads, and what
/// the Graphviz command-line tools get in the benchmark. Nodes are "n<index>", edges carry id=<index>
/// of the distinct edge.
std::string toDot(const Request& request, Engine engine);

/// Lays the graph out in this process under the process-wide Graphviz lock. Blocks (seconds to
/// minutes for large graphs with dot); never call it on the GUI thread. Throws terrain::Error.
Result runInProcess(const Request& request);
/// Lays out DOT text (as written by toDot) in this process: what `terrain-layout` does.
Result runDot(const std::string& dot, Engine engine, std::size_t nodeCount);

/// The result as the text the child process writes, and back. decodeResult throws terrain::Error.
std::string encodeResult(const Result& result);
Result decodeResult(const std::string& text, std::size_t nodeCount);

/// Incremental placement: positions for `newNodes` near the placed nodes they are connected to
/// (directly, or through other new nodes placed before them), on free spots of a grid so that nothing
/// already placed moves or is covered. A node with no placed neighbour goes to a free spot below the
/// drawing. `edges` may mention any node; `placed` is not changed. Deterministic for the same input.
std::unordered_map<Id, Point> placeNear(const std::unordered_map<Id, Point>& placed,
                                        const std::vector<Id>& newNodes,
                                        const std::vector<std::pair<Id, Id>>& edges, double nodeWidth = 180,
                                        double nodeHeight = 48);

/// Runs one layout at a time off the calling thread: the child process when there is one (see
/// defaultProgram), otherwise a worker thread. Emits exactly one of finished, failed or canceled per
/// start(), on the thread the job lives in.
class LayoutJob : public QObject {
    Q_OBJECT
public:
    explicit LayoutJob(QObject* parent = nullptr);
    ~LayoutJob() override;

    /// The layout program: $TERRAIN_LAYOUT_PROGRAM, else `terrain-layout` beside the running
    /// executable (the build tree) or in ../libexec/terrain from it (installed), else empty (no child
    /// process: the worker thread is used).
    static QString defaultProgram();
    void setProgram(const QString& program) { m_program = program; }
    QString program() const { return m_program; }

    /// Starts laying out `request` (a running layout is cancelled first). The engine Auto is resolved
    /// here, so engine() tells which one runs.
    void start(Request request);
    void cancel();
    bool isRunning() const;
    Engine engine() const { return m_engine; }

signals:
    /// What the layout is doing: "Writing the graph", "Laying out 1,000 systems with dot", ...
    void progress(const QString& phase);
    void finished(const terrain::layout::Result& result);
    void failed(const QString& message);
    void canceled();

private:
    struct Private;
    std::unique_ptr<Private> d;
    QString m_program;
    Engine m_engine = Engine::Dot;
};

} // namespace terrain::layout

Q_DECLARE_METATYPE(terrain::layout::Result)
