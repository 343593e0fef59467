// terrain-layout ENGINE NODES: the layout child process. Reads a graph as DOT on stdin (as written by
// terrain::layout::toDot), lays it out with Graphviz and writes the positions on stdout
// (terrain::layout::encodeResult). Reports its phases on stderr ("phase <text>"). Run by LayoutJob, so
// that a layout never blocks the GUI, can be killed at any moment, and Graphviz (not thread-safe, and
// leaking a little per layout of a cyclic graph) stays out of the GUI process.
#include "Error.h"
#include "GraphLayout.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <string>

int main(int argc, char** argv) {
    using namespace terrain::layout;
    if (argc != 3) {
        std::fprintf(stderr, "usage: terrain-layout dot|sfdp NODES < graph.dot\n");
        return 2;
    }
    const auto engine = engineFromName(argv[1]);
    char* end = nullptr;
    const long long nodes = std::strtoll(argv[2], &end, 10);
    if (!engine || *engine == Engine::Auto || !end || *end || nodes < 0) {
        std::fprintf(stderr, "usage: terrain-layout dot|sfdp NODES < graph.dot\n");
        return 2;
    }
    std::fprintf(stderr, "phase Reading the graph\n");
    std::string dot((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    try {
        std::fprintf(stderr, "phase Laying out %lld systems with %s\n", nodes, argv[1]);
        const Result r = runDot(dot, *engine, static_cast<std::size_t>(nodes));
        std::fprintf(stderr, "phase Reading the positions\n");
        const std::string out = encodeResult(r);
        if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
            std::fprintf(stderr, "error: could not write the positions\n");
            return 1;
        }
    } catch (const terrain::Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    return 0;
}
