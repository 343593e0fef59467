#include "RoadmapExport.h"

#include "ExportText.h"
#include "GraphExport.h"

#include <cmath>
#include <cstdio>
#include <map>

namespace terrain {

namespace {

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", std::round(v * 100) / 100);
    return buf;
}

const std::vector<std::string> kPhaseOrder = {"now", "next", "later", ""};

std::vector<std::string> splitReasons(const std::string& explanation) {
    // "#2 I-4: score 6.00 = ...; after #1 I-3; Now (fits its capacity)": the parts after the "#2 I-4: ".
    std::string rest = explanation;
    if (!rest.empty() && rest[0] == '#')
        if (const size_t colon = rest.find(": "); colon != std::string::npos)
            rest = rest.substr(colon + 2);
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= rest.size()) {
        const size_t end = rest.find("; ", start);
        const std::string part =
            rest.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!part.empty())
            parts.push_back(part);
        if (end == std::string::npos)
            break;
        start = end + 2;
    }
    return parts;
}

std::string joined(const std::vector<std::string>& items, const char* sep) {
    std::string s;
    for (const auto& i : items)
        s += (s.empty() ? "" : sep) + i;
    return s;
}

} // namespace

std::string phaseTitle(std::string_view phase) {
    if (phase == "now")
        return "Now";
    if (phase == "next")
        return "Next";
    if (phase == "later")
        return "Later";
    return "Unscheduled";
}

std::string criterionText(const SuccessCriterion& c) {
    std::string s = c.metric.empty() ? std::string("criterion") : c.metric;
    const std::string unit = c.unit.empty() ? "" : " " + c.unit;
    if (!c.baseline.empty() && !c.target.empty())
        s += ": " + c.baseline + unit + " \u2192 " + c.target + unit;
    else if (!c.target.empty())
        s += ": target " + c.target + unit;
    else if (!c.baseline.empty())
        s += ": baseline " + c.baseline + unit;
    return s;
}

Roadmap buildRoadmap(const ExportInput& input) {
    Roadmap roadmap;
    roadmap.result = rank(RankInput{input.initiatives, input.risks, input.rankSettings});
    std::map<Id, const Initiative*> initiatives;
    for (const auto& i : input.initiatives)
        initiatives[i.id] = &i;
    std::map<Id, std::string> areas;
    for (const auto& a : input.areas)
        areas[a.id] = a.title;
    auto keys = [&](std::span<const Id> ids) {
        std::vector<const RankedInitiative*> found;
        for (Id id : ids)
            if (const auto* r = roadmap.result.find(id))
                found.push_back(r);
        std::stable_sort(found.begin(), found.end(),
                         [](const auto* a, const auto* b) { return a->rank < b->rank; });
        std::vector<std::string> out;
        for (const auto* r : found)
            out.emplace_back(r->key);
        return out;
    };
    for (const auto& r : roadmap.result.ranked) {
        RoadmapEntry e;
        e.ranked = r;
        if (const auto it = initiatives.find(r.id); it != initiatives.end())
            e.initiative = *it->second;
        if (e.initiative.area)
            if (const auto a = areas.find(*e.initiative.area); a != areas.end())
                e.area = a->second;
        e.prerequisites = keys(roadmap.result.prerequisitesOf(r));
        e.unlocks = keys(roadmap.result.unlocksOf(r));
        e.reasons = splitReasons(explanation(roadmap.result, r));
        roadmap.entries.push_back(std::move(e));
    }
    return roadmap;
}

// ---------------------------------------------------------------------------------------------
// Mermaid and Markdown

std::string roadmapMermaid(const Roadmap& roadmap) {
    std::map<std::string, std::string> nodeOf; // key -> node id
    for (size_t i = 0; i < roadmap.entries.size(); ++i)
        nodeOf[std::string(roadmap.entries[i].ranked.key)] = "i" + std::to_string(i);
    std::string out = "flowchart LR\n";
    for (size_t p = 0; p < kPhaseOrder.size(); ++p) {
        std::string body;
        for (size_t i = 0; i < roadmap.entries.size(); ++i) {
            const auto& r = roadmap.entries[i].ranked;
            if (r.phase != kPhaseOrder[p] &&
                !(kPhaseOrder[p].empty() && r.phase != "now" && r.phase != "next" && r.phase != "later"))
                continue;
            body +=
                "    i" + std::to_string(i) + "[\"" +
                mermaidText(std::to_string(r.rank) + ". " + std::string(r.key) + " " + std::string(r.title)) +
                "\"]\n";
        }
        if (body.empty())
            continue;
        const std::string id = kPhaseOrder[p].empty() ? "unscheduled" : kPhaseOrder[p];
        out += "  subgraph phase_" + id + "[\"" + mermaidText(phaseTitle(kPhaseOrder[p])) + "\"]\n" + body +
               "  end\n";
    }
    for (size_t i = 0; i < roadmap.entries.size(); ++i)
        for (const auto& pre : roadmap.entries[i].prerequisites)
            if (const auto it = nodeOf.find(pre); it != nodeOf.end())
                out += "  " + it->second + " --> i" + std::to_string(i) + "\n";
    return out;
}

std::string roadmapMarkdown(const ExportInput& input) {
    const Roadmap roadmap = buildRoadmap(input);
    std::string md = "# Roadmap: " + markdownText(input.mapName) + "\n\n";
    md += "Ranked with the " + markdownText(roadmap.result.settings.preset) +
          " settings. An initiative never comes before its prerequisites; arrows run from a prerequisite "
          "to the work that needs it.\n\n";
    if (roadmap.entries.empty()) {
        md += "No initiatives to rank.\n";
    } else {
        md += "```mermaid\n" + roadmapMermaid(roadmap) + "```\n\n";
        md += "| # | Initiative | Area | Phase | Score | Effort (pw) | After |\n";
        md += "|---:|---|---|---|---:|---:|---|\n";
        for (const auto& e : roadmap.entries)
            md += "| " + std::to_string(e.ranked.rank) + " | " + markdownText(std::string(e.ranked.key)) +
                  " " + markdownText(std::string(e.ranked.title)) + " | " + markdownText(e.area) + " | " +
                  phaseTitle(e.ranked.phase) + " | " + num(e.ranked.score) + " | " +
                  std::to_string(e.ranked.effort) + " | " + markdownText(joined(e.prerequisites, ", ")) +
                  " |\n";
        for (const auto& phase : kPhaseOrder) {
            bool heading = false;
            for (const auto& e : roadmap.entries) {
                const bool in =
                    phase.empty() ? phaseTitle(e.ranked.phase) == "Unscheduled" : e.ranked.phase == phase;
                if (!in)
                    continue;
                if (!heading) {
                    md += "\n## " + phaseTitle(phase) + "\n";
                    heading = true;
                }
                md += "\n### " + std::to_string(e.ranked.rank) + "\\. " +
                      markdownText(std::string(e.ranked.key)) + " " +
                      markdownText(std::string(e.ranked.title)) + "\n\n";
                if (!e.area.empty())
                    md += "- Area: " + markdownText(e.area) + "\n";
                md += "- Score " + num(e.ranked.score) + ", effort " + std::to_string(e.ranked.effort) +
                      " person-weeks, status " + markdownText(std::string(e.ranked.status)) + "\n";
                if (!e.initiative.owner.empty())
                    md += "- Owner: " + markdownText(e.initiative.owner) + "\n";
                if (!e.prerequisites.empty())
                    md += "- After: " + markdownText(joined(e.prerequisites, ", ")) + "\n";
                if (!e.unlocks.empty())
                    md += "- Unlocks: " + markdownText(joined(e.unlocks, ", ")) + "\n";
                md += "- Why here:\n";
                for (const auto& r : e.reasons)
                    md += "  - " + markdownText(r) + "\n";
                md += "- Success criteria:";
                if (e.initiative.criteria.empty())
                    md += " none defined yet\n";
                else {
                    md += "\n";
                    for (const auto& c : e.initiative.criteria)
                        md += "  - " + markdownText(criterionText(c)) + "\n";
                }
            }
        }
    }
    if (!roadmap.result.cycles.empty()) {
        md += "\n## Prerequisite cycles\n\n";
        for (const auto& c : roadmap.result.cycles)
            md += "- " + markdownText(c.message) + "\n";
    }
    if (!roadmap.result.excluded.empty()) {
        md += "\n## Not ranked\n\n";
        for (const auto& r : roadmap.result.excluded)
            md += "- " + markdownText(std::string(r.key)) + " " + markdownText(std::string(r.title)) + ": " +
                  markdownText(std::string(r.status)) + "\n";
    }
    if (!roadmap.result.warnings.empty()) {
        md += "\n## Warnings\n\n";
        for (const auto& w : roadmap.result.warnings)
            md += "- " + markdownText(w) + "\n";
    }
    return md;
}

// ---------------------------------------------------------------------------------------------
// HTML

std::string documentCss() {
    return "body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10pt;color:#1d232a;margin:2em;}\n"
           "h1{font-size:18pt;margin-bottom:0.2em;}\n"
           "h2{font-size:14pt;margin-top:1.4em;border-bottom:1px solid #c8ced6;}\n"
           "table{border-collapse:collapse;margin:0.5em 0;}\n"
           "th,td{border:1px solid #b8c0ca;padding:3px 6px;vertical-align:top;text-align:left;}\n"
           "th{background-color:#e9edf2;}\n"
           "td.num{text-align:right;white-space:nowrap;}\n"
           "ul{margin:0;padding-left:1.2em;}\n"
           ".muted{color:#5b6673;}\n"
           ".phase-now{background-color:#dff3e4;}\n"
           ".phase-next{background-color:#fff4d6;}\n"
           ".phase-later{background-color:#e4ecfa;}\n"
           ".phase-none{background-color:#eeeeee;}\n"
           ".risk-low{background-color:#dff3e4;}\n"
           ".risk-medium{background-color:#fff4d6;}\n"
           ".risk-high{background-color:#ffe0c2;}\n"
           ".risk-critical{background-color:#f9c9c9;}\n"
           ".verdict{font-size:12pt;font-weight:bold;}\n"
           ".map svg{max-width:100%;height:auto;}\n"
           "@media print{body{margin:0;font-size:9pt;} h2{page-break-after:avoid;} "
           "tr{page-break-inside:avoid;} .map{page-break-inside:avoid;}}\n";
}

std::string roadmapTableHtml(const Roadmap& roadmap) {
    if (roadmap.entries.empty())
        return "<p class=\"muted\">No initiatives to rank.</p>\n";
    std::string h =
        "<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" width=\"100%\">\n"
        "<thead><tr><th width=\"4%\">#</th><th width=\"25%\">Initiative</th><th width=\"6%\">Phase</th>"
        "<th width=\"6%\">Score</th><th width=\"28%\">Why here</th><th width=\"24%\">Success criteria</th>"
        "<th width=\"7%\">After</th></tr></thead>\n<tbody>\n";
    for (const auto& e : roadmap.entries) {
        const std::string phaseClass(
            e.ranked.phase == "now" || e.ranked.phase == "next" || e.ranked.phase == "later" ? e.ranked.phase
                                                                                             : "none");
        h += "<tr><td class=\"num\">" + std::to_string(e.ranked.rank) + "</td><td><b>" +
             htmlEscape(std::string(e.ranked.key)) + "</b> " + htmlEscape(std::string(e.ranked.title));
        if (!e.area.empty())
            h += "<br><span class=\"muted\">" + htmlEscape(e.area) + "</span>";
        if (!e.initiative.owner.empty())
            h += "<br><span class=\"muted\">owner: " + htmlEscape(e.initiative.owner) + "</span>";
        h += "</td><td class=\"phase-" + phaseClass + "\">" + phaseTitle(e.ranked.phase) +
             "</td><td class=\"num\">" + num(e.ranked.score) + "<br><span class=\"muted\">" +
             std::to_string(e.ranked.effort) + " pw</span></td><td><ul>";
        for (const auto& r : e.reasons)
            h += "<li>" + htmlEscape(r) + "</li>";
        h += "</ul></td><td>";
        if (e.initiative.criteria.empty())
            h += "<span class=\"muted\">none defined yet</span>";
        else {
            h += "<ul>";
            for (const auto& c : e.initiative.criteria)
                h += "<li>" + htmlEscape(criterionText(c)) + "</li>";
            h += "</ul>";
        }
        h += "</td><td>" + htmlEscape(joined(e.prerequisites, ", ")) + "</td></tr>\n";
    }
    h += "</tbody></table>\n";
    return h;
}

std::string roadmapHtml(const ExportInput& input) {
    const Roadmap roadmap = buildRoadmap(input);
    std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                    "style-src 'unsafe-inline'\">\n<title>Roadmap: " +
                    htmlEscape(input.mapName) + "</title>\n<style>\n" + documentCss() +
                    "</style>\n</head>\n<body>\n<h1>Roadmap: " + htmlEscape(input.mapName) + "</h1>\n";
    h += "<p class=\"muted\">Ranked with the " + htmlEscape(roadmap.result.settings.preset) +
         " settings. An initiative never comes before its prerequisites.</p>\n";
    h += "<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\"><tr><th>Phase</th><th>Initiatives</th>"
         "<th>Effort / capacity (pw)</th></tr>\n";
    for (const auto& p : roadmap.result.phases)
        h += "<tr><td class=\"phase-" + htmlEscape(p.phase) + "\">" + phaseTitle(p.phase) +
             "</td><td class=\"num\">" + std::to_string(p.count) + "</td><td class=\"num\">" + num(p.used) +
             " / " + (p.capacity > 0 ? num(p.capacity) : std::string("unlimited")) + "</td></tr>\n";
    h += "</table>\n<h2>Ranked initiatives</h2>\n" + roadmapTableHtml(roadmap);
    if (!roadmap.result.cycles.empty()) {
        h += "<h2>Prerequisite cycles</h2>\n<ul>";
        for (const auto& c : roadmap.result.cycles)
            h += "<li>" + htmlEscape(c.message) + "</li>";
        h += "</ul>\n";
    }
    if (!roadmap.result.excluded.empty()) {
        h += "<h2>Not ranked</h2>\n<ul>";
        for (const auto& r : roadmap.result.excluded)
            h += "<li>" + htmlEscape(std::string(r.key)) + " " + htmlEscape(std::string(r.title)) + ": " +
                 htmlEscape(std::string(r.status)) + "</li>";
        h += "</ul>\n";
    }
    if (!roadmap.result.warnings.empty()) {
        h += "<h2>Warnings</h2>\n<ul>";
        for (const auto& w : roadmap.result.warnings)
            h += "<li>" + htmlEscape(w) + "</li>";
        h += "</ul>\n";
    }
    return h + "</body>\n</html>\n";
}

// ---------------------------------------------------------------------------------------------
// CSV and JSON

std::string roadmapCsv(const ExportInput& input) {
    const Roadmap roadmap = buildRoadmap(input);
    std::string out = csvRow({"rank", "key", "title", "area", "phase", "score", "effort_pw", "status",
                              "owner", "prerequisites", "unlocks", "success_criteria", "reasons"});
    for (const auto& e : roadmap.entries) {
        std::vector<std::string> criteria;
        for (const auto& c : e.initiative.criteria)
            criteria.push_back(criterionText(c));
        out += csvRow({std::to_string(e.ranked.rank), std::string(e.ranked.key), std::string(e.ranked.title),
                       e.area, std::string(e.ranked.phase.empty() ? "unscheduled" : e.ranked.phase),
                       num(e.ranked.score), std::to_string(e.ranked.effort), std::string(e.ranked.status),
                       e.initiative.owner, joined(e.prerequisites, " "), joined(e.unlocks, " "),
                       joined(criteria, "; "), joined(e.reasons, "; ")});
    }
    return out;
}

json roadmapJson(const ExportInput& input) {
    const Roadmap roadmap = buildRoadmap(input);
    json items = json::array();
    for (const auto& e : roadmap.entries) {
        json criteria = json::array();
        for (const auto& c : e.initiative.criteria)
            criteria.push_back(c);
        items.push_back({{"rank", e.ranked.rank},
                         {"key", e.ranked.key},
                         {"title", e.ranked.title},
                         {"area", e.area},
                         {"phase", e.ranked.phase.empty() ? "unscheduled" : e.ranked.phase},
                         {"phase_planned", e.ranked.phasePlanned},
                         {"score", std::round(e.ranked.score * 100) / 100},
                         {"effective_score", std::round(e.ranked.effectiveScore * 100) / 100},
                         {"effort", e.ranked.effort},
                         {"status", e.ranked.status},
                         {"owner", e.initiative.owner},
                         {"prerequisites", e.prerequisites},
                         {"unlocks", e.unlocks},
                         {"success_criteria", std::move(criteria)},
                         {"reasons", e.reasons},
                         {"explanation", explanation(roadmap.result, e.ranked)}});
    }
    const json ranking = rankResultJson(roadmap.result);
    return json{{"format", "terrain-roadmap"},
                {"version", 1},
                {"map", input.mapName},
                {"settings", ranking["settings"]},
                {"phases", ranking["phases"]},
                {"roadmap", std::move(items)},
                {"excluded", ranking["excluded"]},
                {"cycles", ranking["cycles"]},
                {"warnings", ranking["warnings"]}};
}

} // namespace terrain
