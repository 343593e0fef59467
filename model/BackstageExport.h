#pragma once
// The map's systems and dependencies as a Backstage software catalog (issue 6): one multi-document YAML
// file with a System entity for the map, a Component for each service-like system (service, function,
// script) and a Resource for everything else, each with `owner`, `lifecycle` (Components), `system` and
// `dependsOn` entity references. Gone systems are left out, with their dependencies.
//
// Names follow Backstage's rules ([A-Za-z0-9._-], at most 63 characters, alphanumeric at both ends),
// unique across the file regardless of case (Backstage compares references case-insensitively); the
// system's own name is kept as metadata.title and its Terrain key as the annotation `terrain/key`, so
// importing the catalog again (importers/BackstageParser) finds the same systems and edges.
//
// Every scalar is written as a double-quoted string (JSON escapes), so no name can break the YAML.

#include "DocumentExport.h"

#include <string>

namespace terrain {

/// `text` as a valid Backstage entity name: runs of other characters become '-', trimmed to
/// alphanumerics at both ends, at most 63 characters; `fallback` when nothing is left.
std::string backstageName(const std::string& text, const std::string& fallback = "unnamed");

std::string backstageCatalog(const ExportInput& input);

} // namespace terrain
