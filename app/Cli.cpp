#include "Cli.h"

#include "Analysis.h"
#include "Catalog.h"
#include "CsvParser.h"
#include "DecisionCli.h"
#include "DocumentExport.h"
#include "Error.h"
#include "GraphAnalysis.h"
#include "GraphExport.h"
#include "ImportJob.h"
#include "Kustomize.h"
#include "MapJson.h"
#include "Project.h"
#include "Ranking.h"
#include "Symptoms.h"
#include "TerraformWorkdir.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string_view>
#include <unistd.h>

namespace terrain {

namespace {

constexpr int kOk = 0;
constexpr int kFailure = 1;
constexpr int kUsage = 2;

const char* const kVerbs[] = {"new", "demo", "import", "export", "rank", "check"};
const std::vector<std::string> kExportFormats = {"json", "dot", "mermaid", "svg", "png", "pdf"};

/// kExportFormats and the document exports (DocumentExport.h: roadmap, report, backstage).
std::vector<std::string> exportFormatNames() {
    std::vector<std::string> names = kExportFormats;
    for (const auto& f : documentFormats())
        names.push_back(f.name);
    return names;
}

/// A mistake in how the command was called (exit 2).
struct UsageError {
    std::string message;
};

void out(const std::string& text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
}

void err(const std::string& text) {
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

std::string join(const std::vector<std::string>& items, const char* sep = ", ") {
    std::string s;
    for (const auto& i : items)
        s += (s.empty() ? "" : sep) + i;
    return s;
}

std::string usageText() {
    std::string importFormats = "auto (the default: each file sniffed), json (a Terrain map)";
    for (const auto& p : formatParsers())
        importFormats += ",\n                  " + p->format() + " (" + p->description() + ")";
    return "Usage:\n"
           "  terrain [FILE]                    open the desktop application, on the map FILE if given\n"
           "  terrain new FILE                  create an empty map (the ten improvement areas and the\n"
           "                                    symptom checklist)\n"
           "  terrain demo FILE                 create the bundled demo map\n"
           "  terrain import FILE SOURCE... [--format F] [--env E] [--csv-map SPEC] [--replaces EARLIER]\n"
           "                [--keep-dated-apart] [--skip-unreadable] [--dry-run] [--json]\n"
           "                                    import files or folders into the map, as one edit;\n"
           "                                    again later to update it (vanished systems are marked\n"
           "                                    gone; what a person wrote is kept); a file whose path\n"
           "                                    differs from one imported before only by a later date\n"
           "                                    (inventory-2024-06.csv, exports/2024-06/ec2.json) is a\n"
           "                                    newer export of it and updates it alike; a Terraform\n"
           "                                    working directory (after terraform init) is read as\n"
           "                                    `terraform state pull` gives each workspace's state\n"
           "  terrain export FILE --format F [-o OUT]\n"
           "                                    write an export of the map; to stdout when -o is omitted\n"
           "  terrain export FILE --format adr -o DIR [--layout adr-tools|madr|log4brains]\n"
           "                                    the decision records as Markdown files in DIR (again:\n"
           "                                    updated in place)\n"
           "  terrain import FILE DIR --format adr [--json]\n"
           "                                    read a folder of decision records (layout detected) into\n"
           "                                    the map: added, or updated by number\n"
           "  terrain rank FILE [--json]        the ranked roadmap: initiatives in an order that respects\n"
           "                                    prerequisites, phases Now/Next/Later against capacity,\n"
           "                                    and the reason for each place\n"
           "  terrain check FILE [--json]       cycles, dangling references, orphans, unowned systems,\n"
           "                                    single points of failure ranked by blast radius, systems\n"
           "                                    only runtime sources know, hosts reached by hand, systems\n"
           "                                    nobody monitors, what no imported source manages,\n"
           "                                    production against other environments,\n"
           "                                    and the symptom checklist's verdict (3 or more signs:\n"
           "                                    the company has outgrown its infrastructure)\n"
           "  terrain --help | --version\n"
           "\n"
           "Options:\n"
           "  --format F    import: " +
           importFormats +
           "\n"
           "                export: json (the whole map, canonical), dot (Graphviz), mermaid (a Mermaid\n"
           "                flowchart), svg, png, pdf (drawn by Graphviz: dot for small maps, sfdp for "
           "large\n"
           "                or cyclic ones); graphs are clustered by environment and group;\n"
           "                roadmap-md (Markdown with a Mermaid diagram), roadmap-html (self-contained,\n"
           "                printable), roadmap-pdf, roadmap-csv, roadmap-json: the ranked roadmap with\n"
           "                reasons, phases and success criteria; report-html, report-pdf: the workshop\n"
           "                report (map, symptom verdict, risk matrix, roadmap, decisions); backstage: a\n"
           "                Backstage catalog (.yaml); PDFs without -o only into a pipe or a file\n"
           "  --env E       import: the environment of systems whose source names none\n"
           "  --csv-map SPEC  import: which CSV column feeds which field, e.g.\n"
           "                \"name=Host,env=Stage,depends_on=Upstream,delimiter=;\" (fields: " +
           join(CsvMapping::fields()) +
           ")\n"
           "  --replaces EARLIER  import: the one SOURCE is a newer export of EARLIER, a file or folder\n"
           "                imported before (by its path, or its name where it is no longer on the disk),\n"
           "                whatever their names: it updates what EARLIER gave, and what it no longer\n"
           "                has is gone\n"
           "  --keep-dated-apart  import: files whose paths differ only by a date are sources of their\n"
           "                own, not newer exports of each other; a folder's older exports are read too\n"
           "  --skip-unreadable  import: leave out a file that cannot be read (broken, cut short, not\n"
           "                what its format expects), saying why, and import the others; what the map\n"
           "                has from it stays as it was (without it, such a file stops the import)\n"
           "  --dry-run     import: write nothing; list what the import would add (+), change (~, with\n"
           "                what changes) and mark gone (-), each system by name, kind and key, and the\n"
           "                dependencies it would add (+) or remove (-)\n"
           "  -o OUT        export: the output file, or a folder to write FILE's name in (.json, .dot,\n"
           "                .mmd, .svg, .png); png without -o only into a pipe or a file\n"
           "  --layout L    export --format adr: adr-tools (DIR/doc/adr, or DIR/.adr-dir; the default),\n"
           "                madr (DIR/docs/decisions, MADR 4) or log4brains (DIR/.log4brains.yml)\n"
           "  --json        import, rank, check: a machine-readable result on stdout (a failure as\n"
           "                {\"error\": ...}, besides its line on stderr)\n"
           "\n"
           "Exit status: 0 success; 1 failure (bad input, or check found an error); 2 usage error.\n"
           "Errors name the file, the place in it (line and column, or a JSON pointer) and what was\n"
           "expected; a failed command changes nothing.\n";
}

struct Args {
    std::string verb;
    std::vector<std::string> positional;
    std::optional<std::string> format;
    std::optional<std::string> env;
    std::optional<std::string> output;
    std::optional<std::string> layout;
    std::optional<std::string> csvMap;
    std::optional<std::string> replaces;
    bool keepDatedApart = false;
    bool skipUnreadable = false;
    bool dryRun = false;
    bool json = false;
    bool help = false;
};

/// Options each verb takes.
bool takes(const std::string& verb, const std::string& option) {
    if (verb == "import")
        return option == "--format" || option == "--env" || option == "--csv-map" || option == "--json" ||
               option == "--replaces" || option == "--keep-dated-apart" || option == "--skip-unreadable" ||
               option == "--dry-run";
    if (verb == "export")
        return option == "--format" || option == "-o" || option == "--layout";
    if (verb == "check" || verb == "rank")
        return option == "--json";
    return false;
}

Args parseArgs(const std::vector<std::string>& argv) {
    Args a;
    if (argv.empty())
        throw UsageError{"no command given"};
    a.verb = argv[0];
    if (a.verb == "--help" || a.verb == "-h") {
        a.help = true;
        return a;
    }
    if (a.verb == "--version" || a.verb == "-v") {
        if (argv.size() > 1)
            throw UsageError{a.verb + " takes no arguments"};
        return a;
    }
    if (std::find(std::begin(kVerbs), std::end(kVerbs), a.verb) == std::end(kVerbs))
        throw UsageError{"unknown command \"" + a.verb + "\"; the commands are " +
                         join({std::begin(kVerbs), std::end(kVerbs)})};
    bool optionsEnded = false;
    for (size_t i = 1; i < argv.size(); ++i) {
        std::string arg = argv[i];
        if (optionsEnded || arg.empty() || arg[0] != '-' || arg == "-") {
            a.positional.push_back(arg);
            continue;
        }
        if (arg == "--") {
            optionsEnded = true;
            continue;
        }
        if (arg == "--help" || arg == "-h") {
            a.help = true;
            continue;
        }
        std::optional<std::string> inlineValue;
        if (auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
            inlineValue = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        } else if (arg.size() > 2 && arg.rfind("-o", 0) == 0) {
            inlineValue = arg.substr(2);
            arg = "-o";
        }
        if (arg == "--output")
            arg = "-o";
        const bool known = arg == "--format" || arg == "--env" || arg == "-o" || arg == "--layout" ||
                           arg == "--csv-map" || arg == "--json" || arg == "--replaces" ||
                           arg == "--keep-dated-apart" || arg == "--skip-unreadable" || arg == "--dry-run";
        if (!known)
            throw UsageError{a.verb + ": unknown option " + arg};
        if (!takes(a.verb, arg))
            throw UsageError{a.verb + " does not take " + arg};
        if (arg == "--json" || arg == "--keep-dated-apart" || arg == "--skip-unreadable" ||
            arg == "--dry-run") {
            if (inlineValue)
                throw UsageError{a.verb + ": " + arg + " takes no value"};
            (arg == "--json"              ? a.json
             : arg == "--dry-run"         ? a.dryRun
             : arg == "--skip-unreadable" ? a.skipUnreadable
                                          : a.keepDatedApart) = true;
            continue;
        }
        std::string value;
        if (inlineValue) {
            value = *inlineValue;
        } else {
            if (i + 1 >= argv.size())
                throw UsageError{a.verb + ": " + arg + " needs a value"};
            value = argv[++i];
        }
        if (value.empty())
            throw UsageError{a.verb + ": " + arg + " needs a value"};
        auto& slot = arg == "--format"     ? a.format
                     : arg == "--env"      ? a.env
                     : arg == "-o"         ? a.output
                     : arg == "--csv-map"  ? a.csvMap
                     : arg == "--replaces" ? a.replaces
                                           : a.layout;
        if (slot)
            throw UsageError{a.verb + ": " + arg + " is given twice"};
        slot = value;
    }
    return a;
}

void expectFiles(const Args& a, size_t min, size_t max, const char* shape) {
    if (a.positional.size() < min || a.positional.size() > max)
        throw UsageError{a.verb + ": expected " + shape + ", got " + std::to_string(a.positional.size()) +
                         (a.positional.size() == 1 ? " argument" : " arguments")};
}

/// Removes a map this command created and could not finish.
void discard(const std::string& path) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        std::filesystem::remove(path + suffix, ec);
}

int cmdNew(const Args& a, bool demo) {
    expectFiles(a, 1, 1, "FILE");
    const std::string& path = a.positional[0];
    auto project = Project::create(path); // refuses an existing file
    try {
        seedCatalog(*project);
        if (demo)
            populateDemo(*project);
    } catch (...) {
        project.reset();
        discard(path);
        throw;
    }
    const auto systems = project->count(EntityKind::System);
    const auto deps = project->count(EntityKind::Dependency);
    const auto areas = project->count(EntityKind::Area);
    const auto symptoms = project->count(EntityKind::Symptom);
    project.reset();
    if (demo)
        out("Created " + path + ": the demo map, " + std::to_string(systems) + " systems and " +
            std::to_string(deps) + " dependencies\n");
    else
        out("Created " + path + ": an empty map with " + std::to_string(areas) + " improvement areas and " +
            std::to_string(symptoms) + " symptoms to check\n");
    return kOk;
}

int cmdImportAdr(const Args& a) {
    if (a.positional.size() != 2)
        throw UsageError{"import: --format adr reads one folder: expected FILE and DIR"};
    if (a.env || a.csvMap || a.replaces || a.keepDatedApart || a.skipUnreadable || a.dryRun)
        throw UsageError{"import: --env, --csv-map, --replaces, --keep-dated-apart, --skip-unreadable and "
                         "--dry-run do not apply to --format adr"};
    const DecisionImportOutput result = importDecisionsCommand(a.positional[0], a.positional[1], a.json);
    for (const auto& w : result.warnings)
        err("terrain: warning: " + w + "\n");
    out(result.text);
    return kOk;
}

/// What an import would do, one system a line, as `terrain import --dry-run` lists it: "+ name (kind)
/// key" for a new one, "~ ... key: what changes" for one it changes (`changes`, the report's, by key),
/// "- ..." for one it marks gone; each list in key order. Then its dependencies, "+ Web -> Database
/// (calls, evidence)", "~" or "-" for those it changes or removes.
std::string dryRunList(const Project& project, const MergePlan& plan, const json& changes) {
    const PlannedSystems planned(plan);
    std::string text;
    auto line = [&](char mark, std::string_view key) {
        text += mark;
        text += ' ';
        if (const System* s = planned.byKey(key))
            text += s->name + (s->kind.empty() ? "" : " (" + s->kind + ")") + " ";
        text += key;
        if (const auto c = changes.find(std::string(key)); c != changes.end() && !c->empty()) {
            text += ": ";
            for (size_t i = 0; i < c->size(); ++i)
                text += (i ? "; " : "") + (*c)[i].get<std::string>();
        }
        text += '\n';
    };
    auto sorted = [](std::vector<std::string> keys) {
        std::sort(keys.begin(), keys.end());
        return keys;
    };
    for (const std::string_view key : plan.added())
        line('+', key);
    for (const std::string& key : sorted(plan.changed))
        line('~', key);
    for (const std::string& key : sorted(plan.gone))
        line('-', key);
    for (const DependencyChange& d : dependencyChanges(project, planned))
        text += std::string(1, d.mark) + " " + d.from + " -> " + d.to + " (" + d.kind +
                (d.evidence.empty() ? "" : ", " + d.evidence) + ")\n";
    return text;
}

int cmdImport(const Args& a) {
    if (a.positional.size() < 2)
        throw UsageError{"import: expected FILE and at least one SOURCE"};
    if (a.format && *a.format == "adr")
        return cmdImportAdr(a);
    ImportRequest request;
    request.format = a.format.value_or("auto");
    const auto formats = importFormats();
    if (std::find(formats.begin(), formats.end(), request.format) == formats.end())
        throw UsageError{"import: unknown format \"" + request.format + "\"; the formats are " +
                         join(formats)};
    if (a.csvMap) {
        try {
            CsvMapping::fromSpec(*a.csvMap);
        } catch (const Error& e) {
            throw UsageError{std::string("import: --csv-map: ") + e.what()};
        }
    }
    request.paths.assign(a.positional.begin() + 1, a.positional.end());
    request.parse.environment = a.env.value_or("");
    request.parse.csvMap = a.csvMap.value_or("");
    request.merge.environment = request.parse.environment;
    request.merge.datedExports = !a.keepDatedApart;
    request.parse.skipUnreadable = a.skipUnreadable;
    request.parse.kustomize = kustomizeCommand();
    request.parse.terraform = terraformCommand();
    if (a.replaces) {
        if (request.paths.size() != 1)
            throw UsageError{"import: --replaces names what one SOURCE replaces; " +
                             std::to_string(request.paths.size()) + " are given"};
        request.merge.replaces.push_back({request.paths.front(), *a.replaces});
    }
    // Every file is read and parsed before the map is opened for writing: bad input changes nothing.
    ParsedImport parsed;
    try {
        parsed = parseImport(request);
    } catch (const UnreadableSources& e) {
        if (a.skipUnreadable && e.readable() == 0)
            throw Error(std::string(e.what()) + "\n(left out, " +
                        (e.errors().size() == 1 ? "it leaves" : "they leave") + " no file to import)");
        if (a.skipUnreadable || e.readable() == 0)
            throw;
        throw Error(std::string(e.what()) + "\n(--skip-unreadable imports the other " +
                    (e.readable() == 1 ? std::string("file") : std::to_string(e.readable()) + " files") +
                    " without " + (e.errors().size() == 1 ? "it" : "them") + ")");
    }
    auto project = Project::open(a.positional[0]);
    const PreparedImport prepared = planImport(*project, std::move(parsed), request.merge);
    json report = a.dryRun ? prepared.report() : commitImport(*project, prepared);
    if (a.json) {
        if (a.dryRun)
            report["dry_run"] = true;
        out(report.dump(2, ' ', false, json::error_handler_t::replace) + "\n");
        return kOk;
    }
    int imported = 0;
    // A repository's folder holds many files no format recognises (its code): the first few are named, the
    // rest counted.
    int unrecognised = 0;
    for (const auto& f : report["files"]) {
        if (countedNotNamed(f, unrecognised))
            continue;
        if (f["status"] == "imported") {
            ++imported;
            if (f.contains("rendered_with"))
                err("terrain: " + f["path"].get<std::string>() + ": read as `" +
                    f["rendered_with"].get<std::string>() + "` renders its folder\n");
            if (f.contains("pulled_with"))
                err("terrain: " + f["path"].get<std::string>() + ": the state of workspace " +
                    f["workspace"].get<std::string>() +
                    (f.contains("environment") ? " (environment " + f["environment"].get<std::string>() + ")"
                                               : std::string()) +
                    ", as `" + f["pulled_with"].get<std::string>() + "` reads it from its backend\n");
            else if (f.contains("environment"))
                err("terrain: " + f["path"].get<std::string>() + ": environment " +
                    f["environment"].get<std::string>() + " (its path says)\n");
        } else if (f["status"] == "unreadable")
            err("terrain: " + f["path"].get<std::string>() +
                ": left out (what the map has from it stays as it was); it cannot be read: " +
                f["error"].get<std::string>() + "\n");
        else
            err("terrain: " + f["path"].get<std::string>() + ": skipped: " + f["reason"].get<std::string>() +
                "\n");
    }
    if (unrecognised > kUnrecognisedNamed)
        err("terrain: … and " + std::to_string(unrecognised - kUnrecognisedNamed) +
            " more files that no import format recognises, skipped (--json lists each)\n");
    for (const auto& w : report["warnings"])
        err("terrain: warning: " + w.get<std::string>() + "\n");
    if (a.dryRun)
        out(dryRunList(*project, prepared.plan, report["systems"]["changes"]));
    auto n = [&](const char* member) { return std::to_string(report[member].get<long>()); };
    std::string line = (a.dryRun ? "Dry run, nothing written: importing " : "Imported ") +
                       std::to_string(imported) + (imported == 1 ? " file" : " files") + " into " +
                       a.positional[0] + (a.dryRun ? " would give: " : ": ") + n("added") + " added, " +
                       n("updated") + " updated, " + n("unchanged") + " unchanged, " + n("gone") + " gone";
    if (prepared.parsed.maps.empty()) {
        const json& d = report["dependencies"];
        line += "; dependencies: " + std::to_string(d["added"].get<long>()) + " added, " +
                std::to_string(d["removed"].get<long>()) + " removed";
        if (report["left_out"].get<long>() > 0)
            line += "; " + n("left_out") + " plumbing entries left out";
    }
    if (report["skipped_files"].get<long>() > 0)
        line += "; " + n("skipped_files") + " skipped";
    if (report["unreadable_files"].get<long>() > 0)
        line += "; " + n("unreadable_files") + " left out (cannot be read)";
    out(line + "\n");
    return kOk;
}

/// The export of `format` (one of kExportFormats) as bytes.
std::string exportText(const Project& project, const std::string& format) {
    if (findDocumentFormat(format))
        return exportDocument(exportInput(project), format);
    if (format == "dot")
        return mapToDot(project);
    if (format == "mermaid")
        return mapToMermaid(project);
    if (format == "svg" || format == "png" || format == "pdf")
        return renderDot(mapToDot(project), format); // the CLI has no GUI thread to block
    return exportMapText(project);
}

std::string exportExtension(const std::string& format) {
    if (const DocumentFormat* f = findDocumentFormat(format))
        return f->fileSuffix; // "demo-roadmap.md": the document formats never share a name
    return format == "mermaid" ? ".mmd" : "." + format;
}

int cmdExportAdr(const Args& a) {
    const std::string layoutName = a.layout.value_or("adr-tools");
    const auto layout = adrLayoutFromName(layoutName);
    if (!layout)
        throw UsageError{"export: unknown --layout \"" + layoutName + "\"; the layouts are " +
                         join(adrLayoutNames())};
    if (!a.output)
        throw UsageError{"export: --format adr writes a folder; give -o DIR"};
    out(exportDecisionsCommand(a.positional[0], *a.output, *layout));
    return kOk;
}

int cmdExport(const Args& a) {
    expectFiles(a, 1, 1, "FILE");
    if (a.format && *a.format == "adr")
        return cmdExportAdr(a);
    if (!a.format)
        throw UsageError{"export: --format is required; the formats are " + join(exportFormatNames())};
    if (std::find(kExportFormats.begin(), kExportFormats.end(), *a.format) == kExportFormats.end() &&
        !findDocumentFormat(*a.format))
        throw UsageError{"export: unknown format \"" + *a.format + "\"; the formats are " +
                         join(exportFormatNames())};
    if (a.layout)
        throw UsageError{"export: --layout applies to --format adr only"};
    const DocumentFormat* document = findDocumentFormat(*a.format);
    if ((*a.format == "png" || *a.format == "pdf" || (document && document->binary)) && !a.output &&
        isatty(fileno(stdout)))
        throw UsageError{"export: " + *a.format +
                         " is binary; give -o OUT, or redirect the output into a file"};
    auto project = Project::open(a.positional[0]);
    const std::string text = exportText(*project, *a.format);
    if (!a.output) {
        out(text);
        return kOk;
    }
    QString target = QString::fromStdString(*a.output);
    if (QFileInfo(target).isDir())
        target = QDir(target).filePath(QFileInfo(QString::fromStdString(a.positional[0])).completeBaseName() +
                                       QString::fromStdString(exportExtension(*a.format)));
    QSaveFile file(target);
    if (!file.open(QIODevice::WriteOnly))
        throw Error(target.toStdString(), "", "cannot be written: " + file.errorString().toStdString());
    file.write(text.data(), static_cast<qint64>(text.size()));
    if (!file.commit())
        throw Error(target.toStdString(), "", "cannot be written: " + file.errorString().toStdString());
    out("Wrote " + target.toStdString() + "\n");
    return kOk;
}

int cmdRank(const Args& a) {
    expectFiles(a, 1, 1, "FILE");
    auto project = Project::open(a.positional[0]);
    const RankResult result = rank(rankInput(*project));
    if (a.json) {
        json j = rankResultJson(result);
        j["file"] = a.positional[0];
        out(j.dump(2, ' ', false, json::error_handler_t::replace) + "\n");
    } else {
        out(rankResultText(result));
    }
    return kOk;
}

int cmdCheck(const Args& a) {
    expectFiles(a, 1, 1, "FILE");
    auto project = Project::open(a.positional[0]);
    const auto findings = checkMap(*project);
    const MapGraph graph = MapGraph::fromProject(*project);
    const GraphReport report = analyseGraph(graph);
    int errors = 0, warnings = 0, infos = 0;
    for (const auto& f : findings)
        (f.level == "error" ? errors : f.level == "warning" ? warnings : infos)++;
    if (a.json) {
        json list = json::array();
        for (const auto& f : findings)
            list.push_back(
                {{"level", f.level}, {"code", f.code}, {"message", f.message}, {"systems", f.systems}});
        json j = {{"file", a.positional[0]},
                  {"errors", errors},
                  {"warnings", warnings},
                  {"infos", infos},
                  {"findings", std::move(list)}};
        json sections = graphReportJson(graph, report);
        for (auto& [section, value] : sections.items())
            j[section] = std::move(value);
        j["symptoms"] = symptomVerdictJson(symptomVerdict(*project));
        out(j.dump(2, ' ', false, json::error_handler_t::replace) + "\n");
    } else {
        std::string text;
        for (const auto& f : findings) {
            std::string level = f.level;
            level.resize(8, ' ');
            std::string code = f.code;
            if (code.size() < 19)
                code.resize(19, ' ');
            text += level + code + f.message + "\n";
        }
        if (const std::string sections = graphReportText(graph, report); !sections.empty())
            text += sections + "\n";
        text += symptomVerdictText(symptomVerdict(*project));
        auto count = [](int n, const char* one) {
            return std::to_string(n) + " " + one + (n == 1 ? "" : "s");
        };
        text += a.positional[0] + ": " + count(errors, "error") + ", " + count(warnings, "warning") + ", " +
                count(infos, "info") + "\n";
        out(text);
    }
    return errors > 0 ? kFailure : kOk;
}

} // namespace

bool isCliArgument(const std::string& arg) {
    for (const char* v : kVerbs)
        if (arg == v)
            return true;
    return arg == "--help" || arg == "-h" || arg == "--version" || arg == "-v";
}

int runCli(const std::vector<std::string>& args) {
    // With --json, a failure is said on stdout too, as {"error": ...}: a script reading the result finds it
    // there, with the exit code.
    const bool asJson = std::find(args.begin(), args.end(), "--json") != args.end();
    auto failed = [&](const std::string& message) {
        if (asJson)
            out(nlohmann::json{{"error", message}}.dump(2, ' ', false,
                                                        nlohmann::json::error_handler_t::replace) +
                "\n");
    };
    try {
        const Args a = parseArgs(args);
        if (a.help) {
            out(usageText());
            return kOk;
        }
        if (a.verb == "--version" || a.verb == "-v") {
            out(std::string("terrain ") + TERRAIN_VERSION + "\n");
            return kOk;
        }
        if (a.verb == "new" || a.verb == "demo")
            return cmdNew(a, a.verb == "demo");
        if (a.verb == "import")
            return cmdImport(a);
        if (a.verb == "export")
            return cmdExport(a);
        if (a.verb == "rank")
            return cmdRank(a);
        if (a.verb == "check")
            return cmdCheck(a);
        throw UsageError{"unknown command \"" + a.verb + "\""};
    } catch (const UsageError& e) { // the command line itself is wrong: said on stderr alone, as always
        err("terrain: " + e.message + "\nTry 'terrain --help' for more information.\n");
        return kUsage;
    } catch (const Error& e) {
        failed(e.what());
        err(std::string("terrain: ") + e.what() + "\n");
        return kFailure;
    } catch (const std::exception& e) {
        failed(std::string("unexpected failure: ") + e.what());
        err(std::string("terrain: unexpected failure: ") + e.what() + "\n");
        return kFailure;
    }
}

} // namespace terrain
