#pragma once
// The canonical JSON map (DESIGN section 5): the whole map as one deterministic document, for review
// in git, for scripts, and to move a map between files. `export` then `import` into a new map then
// `export` again gives the same bytes.
//
// Layout: {"format": "terrain-map", "version": 1, "systems": [...], "dependencies": [...], "areas",
// "initiatives", "risks", "decisions", "symptoms", "migrations", "imports"}, then, when the map has them,
// "settings": {"ranking": ...} (the ranking weights, preset and capacities). Row ids never appear:
// references are written as keys (systems, areas, initiatives, risks, symptoms, migrations) or numbers
// (decisions). Systems are sorted by key, dependencies by (from, to, kind), initiatives, risks and
// migrations by their key in natural order, decisions by number, imports by time then file; areas and
// symptoms keep the map's order. Object members keep a fixed order; attribute objects are sorted.
// Two-space indent, UTF-8, a final newline.

#include "Entities.h"

#include <string>
#include <vector>

namespace terrain {

class Project;

inline constexpr int kMapJsonVersion = 1;

/// The whole map as a canonical document.
json exportMap(const Project& project);
/// exportMap() as text, exactly as `terrain export --format json` writes it.
std::string exportMapText(const Project& project);

struct MapImportReport {
    int added = 0;     ///< rows that did not exist (matched by key)
    int updated = 0;   ///< rows that existed and changed
    int unchanged = 0; ///< rows that existed and were equal
    std::vector<std::string> warnings;
};

/// Reads a map document. Throws Error naming `fileName`, line and column, if it is not JSON.
json parseMapText(const std::string& text, const std::string& fileName);
/// Merges a map document into `project` as one edit: rows are matched by key (dependencies by their
/// ends and kind) and added or updated. Validates the whole document first; on any error it throws
/// Error naming `fileName`, a JSON pointer and the expectation, and the map is unchanged.
MapImportReport importMap(Project& project, const json& document, const std::string& fileName);

} // namespace terrain
