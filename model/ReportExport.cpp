#include "ReportExport.h"

#include "ExportText.h"
#include "GraphExport.h"
#include "RiskMatrix.h"
#include "RoadmapExport.h"
#include "Symptoms.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace terrain {

namespace {

std::string head(const std::string& title) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
           "style-src 'unsafe-inline'; img-src data:\">\n<title>" +
           htmlEscape(title) + "</title>\n<style>\n" + documentCss() + "</style>\n</head>\n<body>\n";
}

std::string symptomsHtml(const std::vector<Symptom>& symptoms) {
    // The verdict of model/Symptoms, the same as the checklist tab and `terrain check` say.
    std::string h = "<p class=\"verdict\">" + htmlEscape(symptomVerdict(symptoms, {}).summary) + "</p>\n";
    std::string list;
    for (const auto& s : symptoms)
        if (s.observed)
            list += "<li>" + htmlEscape(s.text.empty() ? s.key : s.text) +
                    (s.evidence.empty() ? std::string()
                                        : " <span class=\"muted\">(" + htmlEscape(s.evidence) + ")</span>") +
                    "</li>\n";
    if (!list.empty())
        h += "<ul>\n" + list + "</ul>\n";
    return h;
}

std::string decisionsHtml(const ExportInput& input) {
    if (input.decisions.empty())
        return "<p class=\"muted\">No decisions recorded yet.</p>\n";
    std::map<Id, std::string> initiativeKeys, riskKeys, systemNames, areaTitles;
    std::map<Id, int> numbers;
    for (const auto& i : input.initiatives)
        initiativeKeys[i.id] = i.key;
    for (const auto& r : input.risks)
        riskKeys[r.id] = r.key;
    for (const auto& s : input.systems)
        systemNames[s.id] = s.name;
    for (const auto& a : input.areas)
        areaTitles[a.id] = a.title;
    for (const auto& d : input.decisions)
        numbers[d.id] = d.number;
    auto names = [](const std::vector<Id>& ids, const std::map<Id, std::string>& by) {
        std::string s;
        for (Id id : ids)
            if (const auto it = by.find(id); it != by.end())
                s += (s.empty() ? "" : ", ") + it->second;
        return s;
    };
    std::vector<const Decision*> sorted;
    for (const auto& d : input.decisions)
        sorted.push_back(&d);
    std::sort(sorted.begin(), sorted.end(),
              [](const auto* a, const auto* b) { return a->number < b->number; });
    std::string h = "<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" width=\"100%\">\n<thead><tr>"
                    "<th>Decision</th><th>Status</th><th>Date</th><th>Deciders</th><th>Concerns</th></tr>"
                    "</thead>\n<tbody>\n";
    for (const Decision* d : sorted) {
        char number[32];
        std::snprintf(number, sizeof number, "ADR-%04d", d->number);
        std::string status = d->status;
        if (d->supersedes && numbers.count(*d->supersedes)) {
            char sup[48];
            std::snprintf(sup, sizeof sup, "; supersedes ADR-%04d", numbers[*d->supersedes]);
            status += sup;
        }
        std::string deciders;
        for (const auto& p : d->deciders)
            deciders += (deciders.empty() ? "" : ", ") + p;
        std::string concerns;
        auto add = [&](const char* label, const std::string& list) {
            if (!list.empty())
                concerns += (concerns.empty() ? "" : "<br>") + std::string(label) + htmlEscape(list);
        };
        add("initiatives: ", names(d->initiatives, initiativeKeys));
        add("risks: ", names(d->risks, riskKeys));
        add("areas: ", names(d->areas, areaTitles));
        add("systems: ", names(d->systems, systemNames));
        h += "<tr><td><b>" + std::string(number) + "</b> " + htmlEscape(d->title);
        if (!d->outcome.empty())
            h += "<br><span class=\"muted\">" + htmlEscape(d->outcome) + "</span>";
        h += "</td><td>" + htmlEscape(status) + "</td><td>" + htmlEscape(d->date) + "</td><td>" +
             htmlEscape(deciders) + "</td><td>" + concerns + "</td></tr>\n";
    }
    return h + "</tbody></table>\n";
}

/// Everything but the map picture, which the caller places after the summary.
std::string reportBody(const ExportInput& input, const std::string& mapPicture) {
    int present = 0, openRisks = 0;
    for (const auto& s : input.systems)
        present += s.status != "gone";
    for (const auto& r : input.risks)
        openRisks += r.status != "closed";
    const Roadmap roadmap = buildRoadmap(input);
    std::string h = "<h1>Workshop report: " + htmlEscape(input.mapName) + "</h1>\n";
    h += "<p class=\"muted\">" + std::to_string(present) + " systems, " +
         std::to_string(input.dependencies.size()) + " dependencies, " + std::to_string(openRisks) +
         " open risks, " + std::to_string(roadmap.entries.size()) + " ranked initiatives, " +
         std::to_string(input.decisions.size()) + " decisions.</p>\n";
    h += "<h2>The map</h2>\n" + mapPicture;
    h += "<h2>Symptoms</h2>\n" + symptomsHtml(input.symptoms);
    h += "<h2>Risk matrix</h2>\n" + riskMatrixHtml(input.risks);
    h += "<h2>Roadmap</h2>\n<p class=\"muted\">Ranked with the " +
         htmlEscape(roadmap.result.settings.preset) +
         " settings; an initiative never comes before its prerequisites.</p>\n" + roadmapTableHtml(roadmap);
    h += "<h2>Decisions</h2>\n" + decisionsHtml(input);
    return h;
}

std::string mapDot(const ExportInput& input) {
    GraphExportOptions options;
    options.includeGone = false;
    return graphToDot(input.systems, input.dependencies, options);
}

bool hasPresentSystems(const ExportInput& input) {
    return std::any_of(input.systems.begin(), input.systems.end(),
                       [](const System& s) { return s.status != "gone"; });
}

} // namespace

std::string riskMatrixHtml(const std::vector<Risk>& risks) {
    // The cells, bands and "closed" rule of model/RiskMatrix, the same as the Risk Matrix tab's.
    const std::vector<RiskCell> cells = riskMatrix(risks);
    const auto closed =
        std::count_if(risks.begin(), risks.end(), [](const Risk& r) { return !riskCountsForExposure(r); });
    std::string h =
        "<p class=\"muted\">Rows: impact, 5 (severe) to 1. Columns: likelihood, 1 (rare) to 5 (almost "
        "certain).</p>\n<table class=\"matrix\" border=\"1\" cellspacing=\"0\" cellpadding=\"4\" "
        "width=\"100%\">\n<tr><th width=\"10%\">I \\ L</th>";
    for (int l = 1; l <= 5; ++l)
        h += "<th>" + std::to_string(l) + "</th>";
    h += "</tr>\n";
    for (int i = 5; i >= 1; --i) {
        h += "<tr><th>" + std::to_string(i) + "</th>";
        for (int l = 1; l <= 5; ++l) {
            h += "<td class=\"risk-" + exposureBand(l * i) + "\" width=\"18%\">";
            for (const Risk& r : cells[static_cast<size_t>((l - 1) * 5 + (i - 1))].risks)
                h += "<b>" + htmlEscape(r.key) + "</b> " + htmlEscape(r.title) + "<br>";
            h += "</td>";
        }
        h += "</tr>\n";
    }
    h += "</table>\n";
    if (closed > 0)
        h += "<p class=\"muted\">" + std::to_string(closed) + " closed " + (closed == 1 ? "risk" : "risks") +
             " not shown.</p>\n";
    return h;
}

std::string reportHtml(const ExportInput& input) {
    std::string picture = "<p class=\"muted\">The map has no systems yet.</p>\n";
    if (hasPresentSystems(input)) {
        std::string svg = renderDot(mapDot(input), "svg");
        // Inline: drop the XML declaration, DOCTYPE and comments before the <svg> element.
        if (const size_t at = svg.find("<svg"); at != std::string::npos)
            svg = svg.substr(at);
        picture = "<div class=\"map\">\n" + svg + "</div>\n";
    }
    return head("Workshop report: " + input.mapName) + reportBody(input, picture) + "</body>\n</html>\n";
}

PrintableReport reportPrintable(const ExportInput& input) {
    PrintableReport out;
    std::string picture = "<p class=\"muted\">The map has no systems yet.</p>\n";
    if (hasPresentSystems(input)) {
        out.mapPng = renderDot(mapDot(input), "png");
        picture = std::string("<p><img src=\"") + kReportMapImage + "\"></p>\n";
    }
    out.html = head("Workshop report: " + input.mapName) + reportBody(input, picture) + "</body>\n</html>\n";
    return out;
}

} // namespace terrain
