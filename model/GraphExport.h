#pragma once
// The map as a graph for other tools: Graphviz DOT and Mermaid flowcharts (text, deterministic,
// every name escaped so that hostile names cannot break out of a label), and SVG or PNG drawn by
// Graphviz from the DOT (`terrain export --format dot|mermaid|svg|png`).
//
// Systems are grouped into clusters by environment and, inside it, by group (module, namespace,
// compose project, stack). Gone systems are drawn dashed. Nodes are named n0, n1, ... in key order,
// clusters c0, c1, ... in name order, so the same map always gives the same bytes.

#include "Entities.h"

#include <string>
#include <vector>

namespace terrain {

class Project;

struct GraphExportOptions {
    bool includeGone = true; ///< gone systems, dashed, with their dependencies
    bool clusters = true;    ///< environment and group clusters
    bool edgeLabels = true;  ///< the dependency kind on each edge
};

/// DOT for Graphviz: `digraph terrain { ... }`.
std::string graphToDot(const std::vector<System>& systems, const std::vector<Dependency>& dependencies,
                       const GraphExportOptions& options = {});
std::string mapToDot(const Project& project, const GraphExportOptions& options = {});
/// A Mermaid flowchart: `flowchart LR ...`.
std::string graphToMermaid(const std::vector<System>& systems, const std::vector<Dependency>& dependencies,
                           const GraphExportOptions& options = {});
std::string mapToMermaid(const Project& project, const GraphExportOptions& options = {});

/// `text` as a DOT double-quoted string: quotes and backslashes escaped, line breaks as \n, other
/// control characters as spaces, '&' as "&amp;" (Graphviz reads entities in labels), invalid UTF-8
/// replaced.
std::string dotQuoted(const std::string& text);
/// `text` for a Mermaid label: everything but letters, digits, spaces and a few harmless marks
/// written as Mermaid entity codes (#35; ...), line breaks as spaces, invalid UTF-8 replaced.
std::string mermaidText(const std::string& text);
/// `text` with invalid UTF-8 sequences replaced by U+FFFD.
std::string validUtf8(const std::string& text);

/// Lays out DOT with Graphviz (gvLayout) and renders it (gvRenderData) as "svg", "png" or "pdf", in this
/// process under graphvizMutex() (GraphvizLock.h). `engine` is "dot", "sfdp" or empty for the layout engine's
/// own choice (dot for small, mostly acyclic graphs; sfdp for large or cyclic ones). Blocks for as
/// long as Graphviz takes: never call it on the GUI thread. Throws Error with Graphviz's message.
std::string renderDot(const std::string& dot, const std::string& format, const std::string& engine = {});
/// The engine renderDot picks for a graph of `nodes` nodes and these edges (index pairs).
std::string renderEngineFor(size_t nodes, const std::vector<std::pair<int, int>>& edges);

} // namespace terrain
