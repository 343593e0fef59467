#include "GraphPacking.h"

#include <algorithm>
#include <cstdint>
#include <numeric>

namespace terrain::layout {

void Box::add(double x, double y) {
    x0 = std::min(x0, x);
    y0 = std::min(y0, y);
    x1 = std::max(x1, x);
    y1 = std::max(y1, y);
}

void Box::add(const Box& b) {
    if (!b.empty()) {
        add(b.x0, b.y0);
        add(b.x1, b.y1);
    }
}

Pieces piecesOf(std::size_t nodeCount, const std::vector<std::pair<int, int>>& edges,
                const std::vector<std::vector<int>>& groups) {
    std::vector<std::size_t> parent(nodeCount);
    std::iota(parent.begin(), parent.end(), std::size_t(0));
    auto find = [&](std::size_t i) {
        while (parent[i] != i)
            i = parent[i] = parent[parent[i]];
        return i;
    };
    auto join = [&](int a, int b) {
        if (a >= 0 && b >= 0 && static_cast<std::size_t>(a) < nodeCount &&
            static_cast<std::size_t>(b) < nodeCount)
            parent[find(static_cast<std::size_t>(a))] = find(static_cast<std::size_t>(b));
    };
    for (const auto& [a, b] : edges)
        join(a, b);
    for (const auto& members : groups)
        for (int m : members)
            join(m, members.front());
    Pieces pieces;
    pieces.of.resize(nodeCount);
    std::vector<std::size_t> pieceOfRoot(nodeCount, SIZE_MAX);
    for (std::size_t i = 0; i < nodeCount; ++i) {
        std::size_t& p = pieceOfRoot[find(i)];
        if (p == SIZE_MAX)
            p = pieces.count++;
        pieces.of[i] = p;
    }
    return pieces;
}

Packing packed(const std::vector<Box>& pieces) {
    constexpr double kGap = 36; // points; dot leaves 0.3 inches between the nodes of a layer
    double area = 0, widest = 0;
    for (const Box& b : pieces)
        if (!b.empty()) {
            area += (b.x1 - b.x0 + kGap) * (b.y1 - b.y0 + kGap);
            widest = std::max(widest, b.x1 - b.x0 + kGap);
        }
    const double width = std::max(widest, std::sqrt(area * 1.6)); // a screen's proportions
    std::vector<std::size_t> order(pieces.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return pieces[a].y1 - pieces[a].y0 > pieces[b].y1 - pieces[b].y0;
    });
    // The skyline: how high the area is filled along its width, as steps (from x on, filled down to y).
    struct Step {
        double x, y;
    };
    std::vector<Step> skyline{{0, 0}};
    Packing out;
    out.shift.resize(pieces.size());
    for (std::size_t p : order) {
        if (pieces[p].empty())
            continue;
        const double w = pieces[p].x1 - pieces[p].x0 + kGap, h = pieces[p].y1 - pieces[p].y0 + kGap;
        std::size_t best = 0;
        double bestY = HUGE_VAL;
        for (std::size_t s = 0; s < skyline.size(); ++s) {
            const double x = skyline[s].x;
            if (x > 0 && x + w > width)
                break;
            double y = 0;
            for (std::size_t t = s; t < skyline.size() && skyline[t].x < x + w; ++t)
                y = std::max(y, skyline[t].y);
            if (y < bestY) {
                bestY = y;
                best = s;
            }
        }
        const double x = skyline[best].x;
        out.shift[p] = {x - pieces[p].x0, bestY - pieces[p].y0};
        out.width = std::max(out.width, x + w - kGap);
        out.height = std::max(out.height, bestY + h - kGap);
        // The steps under the piece become one at its foot; the step its right edge cuts continues after it.
        std::size_t end = best;
        double after = 0;
        while (end < skyline.size() && skyline[end].x < x + w)
            after = skyline[end++].y;
        skyline.erase(skyline.begin() + static_cast<std::ptrdiff_t>(best),
                      skyline.begin() + static_cast<std::ptrdiff_t>(end));
        skyline.insert(skyline.begin() + static_cast<std::ptrdiff_t>(best), Step{x, bestY + h});
        if (best + 1 >= skyline.size() || skyline[best + 1].x > x + w)
            skyline.insert(skyline.begin() + static_cast<std::ptrdiff_t>(best) + 1, Step{x + w, after});
    }
    return out;
}

} // namespace terrain::layout
