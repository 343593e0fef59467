#pragma once
// Placing the pieces of a drawing that nothing joins side by side. Dot lays them out one below the other in
// its layers: a map of 186 systems from unrelated files (the states of unrelated configurations, systems no
// dependency reaches yet) was a column 25 inches wide and 105 high, tiny when fitted on a screen or a page.
// The map's layout (GraphLayout.cpp) and the export's drawing (GraphExportRender.cpp) move each piece
// whole, as dot drew it, into an area of a screen's proportions: the tallest first, each to the highest
// place where it fits (a skyline packing). Graphviz's own packing (`pack`) takes 10 s for 1,500 loose
// nodes where dot alone takes 0.07 s, and Graphviz 2.42's dot crashes packing with `newrank`.
// No Graphviz here: each caller moves its own drawing.

#include "GraphLayout.h"

#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

namespace terrain::layout {

/// A rectangle (x0, y0 the top left; y down or up alike), empty until something is added.
struct Box {
    double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL;
    bool empty() const { return x0 > x1; }
    void add(double x, double y);
    void add(const Point& p) { add(p.x, p.y); }
    void add(const Box& b);
};

/// The pieces of a graph of `nodeCount` nodes: nodes joined by an edge or by a group (a dot cluster, by its
/// members) are one piece. Pieces are numbered in the order of their first node.
struct Pieces {
    std::vector<std::size_t> of; ///< each node's piece
    std::size_t count = 0;
};
Pieces piecesOf(std::size_t nodeCount, const std::vector<std::pair<int, int>>& edges,
                const std::vector<std::vector<int>>& groups);

/// Where the pieces go: how far to move each, given the rectangle each covers (an empty one stays), so that
/// they lie side by side from (0, 0), apart by a gap wider than dot leaves between the nodes of a layer; and
/// the size of the rectangle they then cover together.
struct Packing {
    std::vector<Point> shift;
    double width = 0;
    double height = 0;
};
Packing packed(const std::vector<Box>& pieces);

} // namespace terrain::layout
