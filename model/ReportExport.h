#pragma once
// The workshop report (issue 6): one HTML file (and one PDF) holding the map picture, the symptom
// verdict, the risk matrix, the ranked roadmap with reasons and success criteria, and the decision index.
//
// The HTML is self-contained: inline CSS, the map as inline SVG drawn by Graphviz, no scripts, nothing
// fetched (a Content-Security-Policy says so). The PDF is laid out by Qt from the same sections, with
// the map as a PNG.

#include "DocumentExport.h"

#include <string>

namespace terrain {

/// The 5×5 matrix as an HTML table: impact 5 (top) to 1, likelihood 1 to 5 (left to right), every risk
/// that is not closed in its cell, cells coloured by exposure (likelihood × impact).
std::string riskMatrixHtml(const std::vector<Risk>& risks);

std::string reportHtml(const ExportInput& input);

/// The report as Qt lays it out for the PDF: `html` refers to the map picture as `mapImageName`, whose
/// PNG bytes are `mapPng` (empty when the map has no systems).
struct PrintableReport {
    std::string html;
    std::string mapPng;
};
inline constexpr const char* kReportMapImage = "terrain-map.png";
PrintableReport reportPrintable(const ExportInput& input);

} // namespace terrain
