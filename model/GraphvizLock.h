#pragma once
// Graphviz (cgraph, gvc) keeps process-wide state: plugins, the DOT lexer, error hooks. Every call
// into it, from the DOT importer, the layout fallback or the SVG/PNG renderer, holds this one lock.
// Never take it on the GUI thread: layouts can run for seconds.

#include <mutex>

namespace terrain {

std::mutex& graphvizMutex();

} // namespace terrain
