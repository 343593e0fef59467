#pragma once
// Structural checks of the dependency graph, as `terrain check` reports them: cycles, dangling
// references, orphans, unowned systems and single points of failure. Linear in the size of the map.

#include "Entities.h"

#include <string>
#include <vector>

namespace terrain {

class Project;

struct Finding {
    std::string level;   ///< error | warning | info
    std::string code;    ///< cycle | dangling | orphan | unowned | spof | fan-in | prerequisite-cycle
    std::string message; ///< one line a person can act on
    std::vector<std::string> systems; ///< keys of the systems concerned, in a stable order
};

/// All findings, errors first, then warnings, then infos; stable order within each level.
std::vector<Finding> checkMap(const Project& project);

/// Strongly connected components of more than one node (or with a self loop) of a directed graph
/// given as adjacency lists over 0..n-1. Iterative: safe on 100,000 nodes.
std::vector<std::vector<int>> cycles(const std::vector<std::vector<int>>& out);
/// Articulation points of the graph taken as undirected. Iterative.
std::vector<int> articulationPoints(const std::vector<std::vector<int>>& out);

} // namespace terrain
