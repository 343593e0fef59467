#include "ImportJob.h"

#include "Error.h"
#include "Project.h"

#include <QFileInfo>

namespace terrain {

ParsedImport parseImport(const ImportRequest& request, const std::function<bool(size_t, size_t)>& progress) {
    ParsedImport out;
    out.files = scanSources(request.paths, request.format);
    size_t maps = 0;
    size_t others = 0;
    for (const auto& f : out.files) {
        if (f.format == "json")
            ++maps;
        else if (!f.format.empty())
            ++others;
    }
    if (maps > 0 && others > 0)
        throw Error("a Terrain map (format json) is imported on its own, not together with other sources");
    if (maps + others == 0)
        throw Error("nothing to import: no file in " + std::to_string(request.paths.size()) +
                    " source(s) is in a format Terrain reads");
    out.discoveries = parseSources(out.files, request.parse, progress);
    for (const auto& f : out.files)
        if (f.format == "json") {
            const SourceText src = readSourceText(f.path);
            out.maps.emplace_back(src.name, parseMapText(src.text, src.name));
        }
    return out;
}

PreparedImport planImport(const Project& project, ParsedImport parsed, const MergeOptions& options) {
    PreparedImport out;
    out.plan = planMerge(project, parsed.discoveries, options);
    out.parsed = std::move(parsed);
    return out;
}

json PreparedImport::report() const {
    json files = json::array();
    for (const auto& f : parsed.files) {
        json j = {{"path", f.path}};
        if (f.format.empty()) {
            j["status"] = "skipped";
            j["reason"] = f.skipReason;
        } else {
            j["status"] = "imported";
            j["format"] = f.format;
        }
        files.push_back(std::move(j));
    }
    json r = plan.report();
    r["files"] = std::move(files);
    return r;
}

json commitImport(Project& project, const PreparedImport& prepared) {
    json report = prepared.report();
    std::string names;
    for (const auto& f : prepared.parsed.files)
        if (!f.format.empty())
            names += (names.empty() ? "" : ", ") +
                     QFileInfo(QString::fromStdString(f.path)).fileName().toStdString();
    if (names.size() > 60)
        names = names.substr(0, 57) + "...";
    const QString text = QStringLiteral("Import %1").arg(QString::fromStdString(names));
    if (!prepared.parsed.maps.empty()) {
        int added = 0, updated = 0, unchanged = 0;
        json warnings = json::array();
        project.edit(text, [&] {
            for (const auto& [file, doc] : prepared.parsed.maps) {
                const MapImportReport r = importMap(project, doc, file);
                added += r.added;
                updated += r.updated;
                unchanged += r.unchanged;
                for (const auto& w : r.warnings)
                    warnings.push_back(file + ": " + w);
            }
        });
        report["added"] = added;
        report["updated"] = updated;
        report["unchanged"] = unchanged;
        report["warnings"] = warnings;
        return report;
    }
    applyMerge(project, prepared.plan, text);
    return report;
}

} // namespace terrain
