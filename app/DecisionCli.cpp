#include "DecisionCli.h"

#include "Project.h"

namespace terrain {

std::string exportDecisionsCommand(const std::string& file, const std::string& dir, AdrLayout layout) {
    auto project = Project::open(file);
    const AdrExportResult r = exportDecisionRecords(*project, dir, layout);
    std::string line = "Wrote " + std::to_string(r.files.size()) + " decision record" +
                       (r.files.size() == 1 ? "" : "s") + " (" + adrLayoutName(layout) + ") to " + r.folder +
                       ": " + std::to_string(r.written) + " written, " + std::to_string(r.unchanged) +
                       " unchanged";
    if (!r.removed.empty()) {
        line += ", " + std::to_string(r.removed.size()) + " renamed (removed";
        for (const auto& n : r.removed)
            line += " " + n;
        line += ")";
    }
    return line + "\n";
}

DecisionImportOutput importDecisionsCommand(const std::string& file, const std::string& dir, bool asJson) {
    const DecisionFolder folder = readDecisionFolder(dir); // every file parsed before the map is touched
    auto project = Project::open(file);
    const AdrImportResult r = importDecisionRecords(*project, folder);
    DecisionImportOutput out;
    out.warnings = r.warnings;
    if (asJson) {
        json records = json::array();
        for (const auto& rec : folder.records)
            records.push_back({{"number", rec.number}, {"title", rec.title}, {"file", rec.file}});
        const json report = {{"file", file},
                             {"source", dir},
                             {"format", "adr"},
                             {"layout", adrLayoutName(folder.layout)},
                             {"folder", folder.folder},
                             {"added", r.added},
                             {"updated", r.updated},
                             {"unchanged", r.unchanged},
                             {"records", records},
                             {"warnings", r.warnings}};
        out.text = report.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
    } else {
        out.text = "Imported " + std::to_string(folder.records.size()) + " decision record" +
                   (folder.records.size() == 1 ? "" : "s") + " (" + adrLayoutName(folder.layout) + ") from " +
                   folder.folder + " into " + file + ": " + std::to_string(r.added) + " added, " +
                   std::to_string(r.updated) + " updated, " + std::to_string(r.unchanged) + " unchanged\n";
    }
    return out;
}

} // namespace terrain
