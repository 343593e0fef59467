#pragma once
// The document exports of a map (issue 6): the ranked roadmap (Markdown with a Mermaid diagram,
// self-contained HTML, PDF, CSV, JSON), the workshop report (HTML, PDF) and the Backstage catalog.
//
// An export is a pure function of an ExportInput, a plain copy of the map taken on the thread that owns
// the Project, so the GUI can write it on a worker (Graphviz and PDF layout take their time) and tests
// can build inputs by hand. `terrain export --format F` and File ▸ Export… both go through
// exportDocument().

#include "Entities.h"
#include "Ranking.h"

#include <string>
#include <vector>

namespace terrain {

class Project;

/// Everything a document export reads, copied out of the map.
struct ExportInput {
    std::string mapName; ///< the map file's base name ("shop" for shop.terrain)
    std::vector<System> systems;
    std::vector<Dependency> dependencies;
    std::vector<Area> areas;
    std::vector<Initiative> initiatives;
    std::vector<Risk> risks;
    std::vector<Decision> decisions;
    std::vector<Symptom> symptoms;
    RankSettings rankSettings;
};
ExportInput exportInput(const Project& project);

struct DocumentFormat {
    std::string name;        ///< "roadmap-md", ...
    std::string title;       ///< "Roadmap as Markdown"
    std::string description; ///< for --help
    std::string extension;   ///< ".md"
    std::string fileSuffix;  ///< after the map's name in a folder: "-roadmap.md" (formats never share one)
    bool binary = false;     ///< PDF
    std::string preview;     ///< how a preview shows it: "markdown", "html", "text" or "pdf"
};
/// roadmap-md, roadmap-html, roadmap-pdf, roadmap-csv, roadmap-json, report-html, report-pdf, backstage.
const std::vector<DocumentFormat>& documentFormats();
/// The format of that name, or null.
const DocumentFormat* findDocumentFormat(const std::string& name);

/// The export as bytes. PDF formats need a QGuiApplication (fonts); they throw Error without one. Throws
/// Error for an unknown format or when Graphviz fails on the map picture.
std::string exportDocument(const ExportInput& input, const std::string& format);

} // namespace terrain
