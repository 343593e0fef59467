#pragma once
// The ranked roadmap for the places the team reads (issue 6): Markdown with a Mermaid diagram of phases
// and prerequisites (GitHub renders it), self-contained printable HTML, CSV and JSON. Every place carries
// its reasons (the ranking engine's explanation), phase, prerequisites and success criteria.

#include "DocumentExport.h"

#include <string>
#include <string_view>
#include <vector>

namespace terrain {

/// One ranked initiative with what the documents say about it.
struct RoadmapEntry {
    RankedInitiative ranked;
    Initiative initiative;
    std::string area;                       ///< the area's title, or ""
    std::vector<std::string> prerequisites; ///< keys, in rank order
    std::vector<std::string> unlocks;       ///< keys, in rank order
    std::vector<std::string> reasons;       ///< the explanation in its parts: score, manual rank, phase...
};

struct Roadmap {
    RankResult result;
    std::vector<RoadmapEntry> entries; ///< rank order
};
Roadmap buildRoadmap(const ExportInput& input);

/// "Now", "Next", "Later", "Unscheduled".
std::string phaseTitle(std::string_view phase);
/// "p95 deploy time: 3 h → 15 min", "" parts left out.
std::string criterionText(const SuccessCriterion& c);

/// The Mermaid flowchart of the roadmap: one subgraph per phase, initiatives in rank order, an edge
/// from each prerequisite to what needs it. Labels are quoted and entity-escaped (mermaidText).
std::string roadmapMermaid(const Roadmap& roadmap);
std::string roadmapMarkdown(const ExportInput& input);
/// Self-contained HTML (inline CSS, no scripts, nothing fetched), printable.
std::string roadmapHtml(const ExportInput& input);
/// The roadmap as an HTML table (rank, initiative, area, phase, score, reasons, success criteria, after),
/// shared by the roadmap page and the workshop report; laid out the same by browsers and Qt's rich text.
std::string roadmapTableHtml(const Roadmap& roadmap);
/// The style sheet of the HTML documents (screen and print).
std::string documentCss();
/// One CRLF-ended row per initiative; cells never start a formula.
std::string roadmapCsv(const ExportInput& input);
/// {"format": "terrain-roadmap", "version": 1, "map", "settings", "phases", "roadmap": [...], ...}.
json roadmapJson(const ExportInput& input);

} // namespace terrain
