#include "DocumentExport.h"

#include "BackstageExport.h"
#include "Error.h"
#include "PdfExport.h"
#include "Project.h"
#include "ReportExport.h"
#include "RoadmapExport.h"

#include <QFileInfo>

namespace terrain {

ExportInput exportInput(const Project& project) {
    ExportInput in;
    in.mapName = QFileInfo(QString::fromStdString(project.path())).completeBaseName().toStdString();
    in.systems = project.list<System>();
    in.dependencies = project.list<Dependency>();
    in.areas = project.list<Area>();
    in.initiatives = project.list<Initiative>();
    in.risks = project.list<Risk>();
    in.decisions = project.list<Decision>();
    in.symptoms = project.list<Symptom>();
    in.rankSettings = loadRankSettings(project);
    return in;
}

const std::vector<DocumentFormat>& documentFormats() {
    static const std::vector<DocumentFormat> formats = {
        {"roadmap-md", "Roadmap as Markdown", "the ranked roadmap as Markdown with a Mermaid diagram", ".md",
         "-roadmap.md", false, "markdown"},
        {"roadmap-html", "Roadmap as HTML", "the ranked roadmap as one self-contained, printable HTML page",
         ".html", "-roadmap.html", false, "html"},
        {"roadmap-pdf", "Roadmap as PDF", "the ranked roadmap as a PDF (A4)", ".pdf", "-roadmap.pdf", true,
         "pdf"},
        {"roadmap-csv", "Roadmap as CSV", "the ranked roadmap, one row per initiative (spreadsheet-safe)",
         ".csv", "-roadmap.csv", false, "text"},
        {"roadmap-json", "Roadmap as JSON", "the ranked roadmap with reasons and success criteria", ".json",
         "-roadmap.json", false, "text"},
        {"report-html", "Workshop report as HTML",
         "map picture, symptom verdict, risk matrix, roadmap and decision index in one HTML file", ".html",
         "-report.html", false, "html"},
        {"report-pdf", "Workshop report as PDF", "the workshop report as a PDF (A4)", ".pdf", "-report.pdf",
         true, "pdf"},
        {"backstage", "Backstage catalog", "systems and dependencies as a Backstage catalog (YAML)", ".yaml",
         "-catalog-info.yaml", false, "text"},
    };
    return formats;
}

const DocumentFormat* findDocumentFormat(const std::string& name) {
    for (const auto& f : documentFormats())
        if (f.name == name)
            return &f;
    return nullptr;
}

std::string exportDocument(const ExportInput& input, const std::string& format) {
    if (format == "roadmap-md")
        return roadmapMarkdown(input);
    if (format == "roadmap-html")
        return roadmapHtml(input);
    if (format == "roadmap-pdf")
        return htmlToPdf(roadmapHtml(input), "Roadmap: " + input.mapName);
    if (format == "roadmap-csv")
        return roadmapCsv(input);
    if (format == "roadmap-json")
        return roadmapJson(input).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
    if (format == "report-html")
        return reportHtml(input);
    if (format == "report-pdf") {
        const PrintableReport report = reportPrintable(input);
        std::vector<PdfImage> images;
        if (!report.mapPng.empty())
            images.push_back({kReportMapImage, report.mapPng});
        return htmlToPdf(report.html, "Workshop report: " + input.mapName, images);
    }
    if (format == "backstage")
        return backstageCatalog(input);
    throw Error("unknown document export format \"" + format + "\"");
}

} // namespace terrain
