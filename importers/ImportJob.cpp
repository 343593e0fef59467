#include "ImportJob.h"

#include "Error.h"
#include "FreedPages.h"
#include "Project.h"
#include "VectorState.h"

#include <QDateTime>
#include <QFileInfo>

#include <algorithm>
#include <string_view>
#include <tuple>
#include <unordered_set>

namespace terrain {

ParsedImport parseImport(const ImportRequest& request, const std::function<bool(size_t, size_t)>& progress) {
    const FreedPagesReturnedSoon pages;
    ParsedImport out;
    out.files = scanSources(request.paths, request.format, request.merge.datedExports, request.parse);
    clearUpperVectorState(); // for this thread and those the parsers start (VectorState.h)
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
    if (maps + others == 0) {
        // Each file skipped for a reason of its own (a Kustomization not rendered, a kubeconfig), said: what
        // to do about it is there; those no format recognises are counted.
        std::string why;
        int unrecognised = 0, named = 0;
        for (const auto& f : out.files)
            if (f.skipReason == kNoFormatRecognisesIt)
                ++unrecognised;
            else if (++named <= 5)
                why += "\n  " + f.path + ": " + f.skipReason;
        if (named > 5)
            why += "\n  … and " + std::to_string(named - 5) + " more skipped";
        if (unrecognised > 0)
            why += "\n  " + std::to_string(unrecognised) + (unrecognised == 1 ? " file" : " files") +
                   " that no import format recognises";
        throw Error("nothing to import: no file in " + std::to_string(request.paths.size()) +
                    " source(s) is in a format Terrain reads" + (why.empty() ? "" : ":" + why));
    }
    out.discoveries = parseSources(out.files, request.parse, progress);
    for (const auto& path : request.paths)
        if (const QFileInfo info(QString::fromStdString(path)); info.isDir())
            out.folders.push_back(info.canonicalFilePath().toStdString());
    std::vector<std::string> errors(out.files.size()); // of the maps that cannot be read
    for (std::size_t i = 0; i < out.files.size(); ++i)
        if (out.files[i].format == "json") {
            try {
                const SourceText src = readSourceText(out.files[i].path);
                out.maps.push_back({src.name, src.path, src.sha256,
                                    withPathInErrors(src, [&] { return parseMapText(src.text, src.name); })});
            } catch (const Error& e) {
                errors[i] = e.what();
            }
        }
    leaveOutUnreadable(out.files, errors, request.parse.skipUnreadable, out.maps.size());
    return out;
}

PreparedImport planImport(const Project& project, ParsedImport parsed, const MergeOptions& options) {
    const FreedPagesReturnedSoon pages;
    clearUpperVectorState();
    PreparedImport out;
    MergeOptions withFolders = options;
    withFolders.folders = parsed.folders;
    for (const auto& f : parsed.files)
        if (f.unreadable)
            withFolders.unreadable.push_back(f.path);
        else if (f.format.empty() && !f.olderExport && !parsed.folders.empty())
            withFolders.notInputs.emplace_back(canonicalPath(f.path) + (f.path.ends_with('/') ? "/" : ""),
                                               f.skipReason);
    out.plan = planMerge(project, std::move(parsed.discoveries), withFolders); // freed once planned
    out.parsed = std::move(parsed);
    return out;
}

PlannedSystems::PlannedSystems(const MergePlan& plan)
    : m_plan(plan) {
    for (const System& s : plan.inserts)
        m_byKey.emplace(s.key, &s);
    for (const auto& [before, after] : plan.updates) {
        m_byKey.emplace(before.key, &after);
        m_changedById.emplace(after.id, &after);
    }
}

const System* PlannedSystems::byKey(std::string_view key) const {
    const auto s = m_byKey.find(key);
    return s == m_byKey.end() ? nullptr : s->second;
}

const System* PlannedSystems::byId(Id id) const {
    if (id < 0)
        return static_cast<std::size_t>(-id - 1) < m_plan.inserts.size()
                   ? &m_plan.inserts[static_cast<std::size_t>(-id - 1)]
                   : nullptr;
    const auto s = m_changedById.find(id);
    return s == m_changedById.end() ? nullptr : s->second;
}

std::vector<DependencyChange> dependencyChanges(const Project& project, const PlannedSystems& planned) {
    const MergePlan& plan = planned.plan();
    std::unordered_map<Id, std::string> read; // the map's systems the plan leaves as they are, read once
    auto nameOf = [&](Id id) -> std::string {
        if (const System* s = planned.byId(id))
            return s->name;
        const auto [at, fresh] = read.try_emplace(id);
        if (fresh) {
            const auto s = project.get<System>(id);
            at->second = s ? s->name : "#" + std::to_string(id);
        }
        return at->second;
    };
    std::vector<DependencyChange> out;
    auto add = [&](char mark, const Dependency& d) {
        out.push_back({mark, nameOf(d.from), nameOf(d.to), d.kind, d.evidence});
    };
    for (const Dependency& d : plan.edgeInserts)
        add('+', d);
    for (const auto& [before, after] : plan.edgeUpdates)
        if (before.kind != after.kind || before.evidence != after.evidence)
            add('~', after);
    for (const Id id : plan.edgeRemovals)
        if (const auto d = project.get<Dependency>(id))
            add('-', *d);
    std::sort(out.begin(), out.end(), [](const DependencyChange& a, const DependencyChange& b) {
        return std::tie(a.from, a.to, a.mark, a.kind) < std::tie(b.from, b.to, b.mark, b.kind);
    });
    return out;
}

json PreparedImport::report() const {
    json files = json::array();
    int skippedFiles = 0, unreadableFiles = 0;
    for (const auto& f : parsed.files) {
        json j = {{"path", f.path}};
        if (!f.workspace.empty()) // (a Terraform working directory's: its path is the directory's)
            j["workspace"] = f.workspace;
        if (f.unreadable) {
            j["status"] = "unreadable";
            j["error"] = f.skipReason;
            ++unreadableFiles;
        } else if (f.format.empty()) {
            j["status"] = "skipped";
            j["reason"] = f.skipReason;
            ++skippedFiles;
        } else {
            j["status"] = "imported";
            j["format"] = f.format;
            if (f.format == "tfstate" && !f.renderedWith.empty())
                j["pulled_with"] = f.renderedWith;
            else if (!f.renderedWith.empty())
                j["rendered_with"] = f.renderedWith;
            if (!f.environment.empty())
                j["environment"] = f.environment;
            if (!plan.replaced.empty())
                if (const auto r = plan.replaced.find(
                        sourceScope(f.format, f.path,
                                    QFileInfo(QString::fromStdString(f.path)).fileName().toStdString()));
                    r != plan.replaced.end())
                    j["replaces"] = r->second;
        }
        files.push_back(std::move(j));
    }
    // Member by member rather than from an initializer list, which would copy the key lists (tens of
    // thousands of keys for a large state) once more; each object sized first: an ordered_json object is
    // a vector of pairs with a const key, which copies (not moves) its members when it grows.
    json report = json::object();
    report.get_ref<json::object_t&>().reserve(11);
    report["files"] = std::move(files);
    report["added"] = plan.inserts.size();
    report["updated"] = plan.changed.size();
    report["unchanged"] = plan.unchanged.size();
    report["gone"] = plan.gone.size();
    report["skipped_files"] = skippedFiles;
    report["unreadable_files"] = unreadableFiles;
    report["left_out"] = plan.skipped;
    json systems = json::object();
    systems.get_ref<json::object_t&>().reserve(4);
    json added = json::array();
    for (const std::string_view key : plan.added())
        added.push_back(std::string(key));
    systems["added"] = std::move(added);
    systems["updated"] = plan.changed;
    systems["gone"] = plan.gone;
    // What changes of each updated system, in words (changesOf()).
    json changes = json::object();
    if (!plan.changed.empty()) {
        const std::unordered_set<std::string_view> changed(plan.changed.begin(), plan.changed.end());
        for (const auto& [before, after] : plan.updates)
            if (changed.count(before.key))
                changes[before.key] = changesOf(before, after);
    }
    systems["changes"] = std::move(changes);
    report["systems"] = std::move(systems);
    report["dependencies"] = {{"added", plan.edgeInserts.size()},
                              {"updated", plan.edgeUpdates.size()},
                              {"removed", plan.edgeRemovals.size()}};
    report["warnings"] = plan.warnings;
    return report;
}

json commitImport(Project& project, const PreparedImport& prepared) {
    const FreedPagesReturnedSoon pages;
    json report = prepared.report();
    std::string names;
    for (const auto& f : prepared.parsed.files)
        if (!f.format.empty())
            names += (names.empty() ? "" : ", ") +
                     QFileInfo(QString::fromStdString(f.path)).fileName().toStdString();
    if (names.size() > 60)
        names = names.substr(0, 57) + "...";
    const QString text = QStringLiteral("Import %1").arg(QString::fromStdString(names));
    const std::string time = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    clearUpperVectorState(); // after the Qt calls above, before SQLite's work
    if (!prepared.parsed.maps.empty()) {
        int added = 0, updated = 0, unchanged = 0;
        json warnings = json::array();
        project.edit(text, [&] {
            for (const auto& map : prepared.parsed.maps) {
                MapImportReport r;
                try {
                    r = importMap(project, map.document, map.name);
                } catch (const Error& e) {
                    throw renameFileInError(e, map.name, map.path);
                }
                ImportRun run;
                run.file = map.name;
                run.format = "json";
                run.contentHash = map.sha256;
                run.time = time;
                run.added = r.added;
                run.updated = r.updated;
                run.warnings = r.warnings;
                project.add(run);
                added += r.added;
                updated += r.updated;
                unchanged += r.unchanged;
                for (const auto& w : r.warnings)
                    warnings.push_back(map.name + ": " + w);
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
