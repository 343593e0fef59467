#include "SourceScan.h"

#include "DatedExports.h"
#include "Error.h"
#include "GraphAnalysis.h"
#include "K8sParser.h"
#include "Kustomize.h"
#include "TerraformWorkdir.h"
#include "ToolRunsAtOnce.h"
#include "VectorState.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <unordered_map>
#include <utility>

namespace terrain {

namespace {

constexpr qint64 kSniffBytes = 64 * 1024;
constexpr int kMinConfidence = 50;

/// The first 64 KiB of the file as text, and whether it is not UTF-8 but read as Windows-1252 (which only a
/// format whose parser reads such text may take: TextFallback).
std::pair<std::string, bool> sniffText(const std::string& path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        throw Error(path, "", "cannot be read: " + f.errorString().toStdString());
    const QByteArray head = f.read(kSniffBytes);
    auto decoded = [&](const QByteArray& bytes, TextFallback fallback) {
        bool fellBack = false;
        std::string text = decodeText(std::string(bytes.constData(), static_cast<size_t>(bytes.size())), path,
                                      fallback, &fellBack);
        return std::make_pair(std::move(text), fellBack);
    };
    try {
        return decoded(head, TextFallback::None);
    } catch (const Error&) {
        // A cut in the middle of a UTF-8 sequence or a surrogate pair at the 64 KiB mark is not an
        // error of the file; a real encoding problem is reported when the file is parsed.
        if (head.size() == kSniffBytes) {
            try {
                return decoded(head.left(kSniffBytes - 4), TextFallback::None);
            } catch (const Error&) {
            }
        }
        try {
            return decoded(head, TextFallback::Windows1252);
        } catch (const Error&) {
        }
        return {std::string(), true};
    }
}

// Documentation beside the inputs (a README that describes the stack, the provenance of files): it names
// what the inputs hold (AWSTemplateFormatVersion, apiVersion, scrape_configs) without being one, so in a
// folder it is skipped by its extension instead of sniffed. Named on its own, it is sniffed as any file.
std::optional<std::string> documentationExtension(const std::string& fileName) {
    const auto dot = fileName.rfind('.');
    if (dot == std::string::npos)
        return std::nullopt;
    const std::string ext = asciiLower(fileName.substr(dot));
    for (const char* doc : {".md", ".markdown", ".rst", ".adoc", ".html", ".htm"})
        if (ext == doc)
            return ext;
    return std::nullopt;
}

/// A Terrain map file (SQLite) or one of SQLite's files beside it: kept next to the inputs often, and never
/// an input itself (another map comes in as its JSON export).
bool isMapFile(const std::string& fileName) {
    const std::string n = asciiLower(fileName);
    for (const char* ext : {".terrain", ".terrain-wal", ".terrain-shm", ".terrain-journal"})
        if (n.ends_with(ext))
            return true;
    return false;
}

/// A file of a Helm chart's templates (in `templates/` beside the chart's `Chart.yaml`, at any depth): not a
/// manifest until `helm template` renders it.
bool inHelmChartTemplates(const std::string& path) {
    const QString folder = QFileInfo(QString::fromStdString(path)).absolutePath();
    for (qsizetype at = folder.indexOf(QLatin1String("/templates")); at >= 0;
         at = folder.indexOf(QLatin1String("/templates"), at + 1)) {
        const qsizetype end = at + 10; // the folder's name ends here: at the end, or at a '/'
        if ((end == folder.size() || folder[end] == QLatin1Char('/')) &&
            QFileInfo::exists(folder.left(at) + QStringLiteral("/Chart.yaml")))
            return true;
    }
    return false;
}

/// A copy Terraform keeps of a state before changing it: `terraform.tfstate.backup` beside the state at each
/// apply, `terraform.tfstate.1700000000.backup` at each `terraform state` command. An older snapshot of
/// the state beside it: read in a folder with it, what was destroyed since would stay present.
bool isStateBackup(const std::string& fileName) {
    const std::string n = asciiLower(fileName);
    if (!n.ends_with(".backup"))
        return false;
    std::string_view stem(n.data(), n.size() - 7);
    if (const auto dot = stem.rfind('.'); dot != std::string_view::npos && dot + 1 < stem.size() &&
                                          std::all_of(stem.begin() + dot + 1, stem.end(), isAsciiDigit))
        stem = stem.substr(0, dot); // the time stamp of a `terraform state` command
    return stem.ends_with(".tfstate");
}

int sniffMapJson(const std::string& text) {
    const auto start = text.find_first_not_of(" \t\r\n", text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0);
    if (start == std::string::npos || text[start] != '{')
        return 0;
    return text.find("\"terrain-map\"") != std::string::npos ? 100 : 0;
}

/// Nothing but white space, after a UTF-8 byte order mark if any ("empty"), or, in a YAML file, nothing but
/// comments and document markers as well ("empty (only comments)"); "" for a file with something in it.
/// `text` is what the sniff read of it (sniffText()), all of a file that small.
std::string emptiness(const std::string& path, std::string_view text) {
    if (QFileInfo(QString::fromStdString(path)).size() > kSniffBytes)
        return {};
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3);
    const std::string n = asciiLower(path);
    const bool yaml = n.ends_with(".yaml") || n.ends_with(".yml");
    bool comments = false;
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        std::string_view line = text.substr(at, end - at);
        at = end + 1;
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t' || line.front() == '\r'))
            line.remove_prefix(1);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
            line.remove_suffix(1);
        if (line.empty())
            continue;
        if (!yaml || !(line.starts_with('#') || line == "---" || line == "..."))
            return {};
        comments |= line.starts_with('#');
    }
    return comments ? "empty (only comments)" : "empty";
}

/// A file of a template that makes a repository (a Backstage software template's skeleton, with its
/// `${{ values.name }}`; a cookiecutter template, with its `{{cookiecutter.name}}`): not an input until the
/// template is run. Why, or "".
std::string templateSkeleton(const std::string& path, const std::string& text) {
    if (text.find("${{ values.") != std::string::npos || text.find("${{values.") != std::string::npos)
        return "a Backstage software template's skeleton (${{ values… }}): not an input until the template "
               "makes a repository of it";
    if (path.find("{{cookiecutter.") != std::string::npos ||
        text.find("{{cookiecutter.") != std::string::npos ||
        text.find("{{ cookiecutter.") != std::string::npos)
        return "a cookiecutter template ({{cookiecutter…}}): not an input until cookiecutter makes a "
               "repository of it";
    return {};
}

/// A folder of packages installed from elsewhere, with their own examples and tests (a package's
/// docker-compose.yml, a client library's test manifests), or of copies a build made: none of it is this
/// repository's infrastructure. What it is, or "".
std::string installedPackages(const QFileInfo& folder) {
    const QString name = folder.fileName();
    for (const char* packages :
         {"node_modules", "bower_components", "site-packages", "dist-packages", "__pycache__"})
        if (name == QLatin1String(packages))
            return "installed packages (" + name.toStdString() + ")";
    const QDir in(folder.absoluteFilePath());
    if (name == QLatin1String("vendor") &&
        (in.exists(QStringLiteral("modules.txt")) || in.exists(QStringLiteral("autoload.php"))))
        return "vendored packages (vendor)";
    if (name.startsWith(QLatin1String("asset.")) && folder.dir().dirName() == QLatin1String("cdk.out"))
        return "a copy of files the CDK bundles (cdk.out/asset.…)";
    return {};
}

} // namespace

bool countedNotNamed(const json& file, int& seen) {
    return file["status"] == "skipped" && file["reason"] == kNoFormatRecognisesIt &&
           ++seen > kUnrecognisedNamed;
}

std::vector<std::string> importFormats() {
    std::vector<std::string> out = {"auto", "json"};
    for (const auto& p : formatParsers())
        out.push_back(p->format());
    return out;
}

std::pair<std::string, int> sniffFormat(const std::string& fileName, const std::string& text) {
    std::pair<std::string, int> best{"", 0};
    if (const int s = sniffMapJson(text); s > best.second)
        best = {"json", s};
    for (const auto& p : formatParsers())
        if (const int s = p->sniff(fileName, text); s > best.second)
            best = {p->format(), s};
    return best;
}

namespace {

/// Of the files of one folder that are exports of one source at several dates (one format, the same path
/// but for its dates), all but the newest are skipped.
void skipOlderExports(std::span<ScannedFile> files) {
    std::vector<std::pair<std::string_view, std::string_view>> series;
    for (const auto& f : files)
        series.emplace_back(f.format, f.path);
    const auto newest = newestOfEachSeries(series);
    const auto name = [](const std::string& path) {
        return QFileInfo(QString::fromStdString(path)).fileName().toStdString();
    };
    for (size_t i = 0; i < files.size(); ++i)
        if (newest[i] && *newest[i] != i) {
            const std::string& latest = files[*newest[i]].path;
            // (by its path where the dates are in the folders' names: exports/2024-06/ec2.json)
            files[i].skipReason = "an older export than " +
                                  (name(latest) == name(files[i].path) ? latest : name(latest)) +
                                  ", which this import reads";
            files[i].format.clear();
            files[i].olderExport = true;
        }
}

} // namespace

/// Why a file that rendered Kustomizations read is skipped: `by`, the first of them one that is imported.
std::string readByRendered(const std::vector<std::string>& by, const std::string& renderer) {
    return "read by " + by.front() +
           (by.size() == 1 ? ", which is imported as `" + renderer + "` renders it"
                           : " and " + std::to_string(by.size() - 1) +
                                 (by.size() == 2 ? " other Kustomization" : " other Kustomizations") +
                                 ", which are imported as `" + renderer + "` renders them");
}

namespace {

/// Whether a file is a Terraform configuration's code (main.tf, backend.tf.json).
bool isTerraformCode(const std::string& name) {
    return name.ends_with(".tf") || name.ends_with(".tf.json");
}

/// Whether a file is a Terragrunt configuration (a unit's, or the one its units include).
bool isTerragrunt(const std::string& name) {
    return name == "terragrunt.hcl" || name == "terragrunt.hcl.json";
}

/// How the state of a Terragrunt repository's units is read.
constexpr const char* kTerragruntStates =
    "save each unit's state in its folder with `terragrunt state pull > NAME.tfstate`, named with its "
    "environment (prod-vpc.tfstate), and import those";

/// Why a Terraform configuration's file of a folder is skipped: as any code is, unless it declares a backend
/// that holds the state and its folder is not initialised (`workdirs`), which says how to read the state (as
/// Terragrunt's where the folder read has Terragrunt units: `terragrunt`).
std::string terraformCodeSkipped(const std::string& path, const std::string& text,
                                 const std::map<QString, TerraformWorkdir>& workdirs, bool terragrunt) {
    const QString folder = QDir::cleanPath(QFileInfo(QString::fromStdString(path)).absolutePath());
    const std::string backend = workdirs.count(folder) ? std::string() : declaredBackend(text);
    if (backend.empty() || backend == "local")
        return kNoFormatRecognisesIt;
    if (terragrunt)
        return "the Terraform module " + QFileInfo(QString::fromStdString(path)).path().toStdString() +
               "/ keeps its state in a backend (" + backend +
               ") that Terragrunt sets for each unit: " + kTerragruntStates;
    const bool broken = QFileInfo::exists(folder + QStringLiteral("/.terraform/terraform.tfstate"));
    return "the Terraform configuration " + QFileInfo(QString::fromStdString(path)).path().toStdString() +
           "/ keeps its state in its backend (" + backend + "), and " +
           (broken
                ? "its .terraform/terraform.tfstate is not what `terraform init` writes (a regular file of "
                  "JSON naming the backend)"
                : "`terraform init` has not been run there") +
           ": run it, and import the folder again for Terrain to read the state with `terraform state pull`, "
           "or "
           "import a state saved with `terraform state pull > NAME.tfstate`";
}

/// What a folder's scan lists of a Terraform working directory whose backend holds its state: its state,
/// pulled (format tfstate, its workspaces listed when it is parsed), or why not (no command to pull with).
ScannedFile scannedWorkdir(const TerraformWorkdir& w, const QFileInfo& named, const std::string& terraform) {
    ScannedFile f;
    // (below the folder named, as the folder's files are shown)
    f.path = QDir::cleanPath(
                 QDir(named.filePath()).filePath(QDir(named.absoluteFilePath()).relativeFilePath(w.folder)))
                 .toStdString() +
             "/";
    if (terraform.empty()) {
        f.skipReason = "a Terraform working directory whose state is in its backend (" + w.backend +
                       "), not read: TERRAIN_TERRAFORM names no command to read it with (none, or empty)";
    } else {
        f.format = "tfstate";
        f.confidence = 100;
        f.renderedWith = terraform + " state pull";
        f.workdir = w;
    }
    return f;
}

/// The state files of a working directory with the local backend that the folder's walk did not meet
/// (`walked`, absolute): a `path` setting outside the folder or in a hidden one, and the workspaces' states
/// kept there. Each is read as a state (never as what it may look like: it is one, or cannot be read),
/// with its workspace, as Terraform reads it.
std::vector<ScannedFile> localStatesNotWalked(const TerraformWorkdir& w, const std::set<QString>& walked) {
    std::vector<std::string> workspaces = {"default"};
    for (const QString& ws : QDir(w.localWorkspaces).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        if (QFileInfo(localStateOf(w, ws.toStdString())).isFile())
            workspaces.push_back(ws.toStdString());
    std::vector<ScannedFile> out;
    for (const std::string& ws : workspaces) {
        const QString state = localStateOf(w, ws);
        if (!QFileInfo(state).isFile() || walked.count(state))
            continue;
        ScannedFile f;
        f.path = state.toStdString();
        f.format = "tfstate";
        f.confidence = 100;
        f.workspace = ws;
        f.otherWorkspaces = workspaces.size() > 1;
        out.push_back(std::move(f));
    }
    return out;
}

} // namespace

std::vector<ScannedFile> scanSources(const std::vector<std::string>& paths, const std::string& format,
                                     bool datedExports, const ParseOptions& options) {
    const auto formats = importFormats();
    if (std::find(formats.begin(), formats.end(), format) == formats.end()) {
        std::string list;
        for (const auto& f : formats)
            list += (list.empty() ? "" : ", ") + f;
        throw Error("unknown import format \"" + format + "\"; expected one of: " + list);
    }
    std::vector<ScannedFile> out;
    Kustomizations kustomizations; // of the folder being scanned
    // The Terraform working directories of the folder being scanned (TerraformWorkdir.h), by folder.
    std::map<QString, TerraformWorkdir> workdirs;
    const std::string terraform = commandName(options.terraform);
    const std::string renderer = commandName(options.kustomize);
    const bool render = !renderer.empty() && (format == "auto" || format == "k8s");
    bool terragrunt = false; // (whether the folder being scanned has a Terragrunt configuration)
    auto assign = [&](const std::string& path, bool named) {
        ScannedFile f;
        f.path = path;
        const std::string name = QFileInfo(QString::fromStdString(path)).fileName().toStdString();
        const QString absolute = QDir::cleanPath(QFileInfo(QString::fromStdString(path)).absoluteFilePath());
        // A Kustomization rendered: what it renders is read, in place of the files it reads.
        if (std::find(kustomizations.rendered.begin(), kustomizations.rendered.end(), path) !=
            kustomizations.rendered.end()) {
            f.format = "k8s";
            f.confidence = 100;
            f.renderedWith = renderer;
            f.overlay = kustomizations.overlays.count(path) > 0;
            out.push_back(std::move(f));
            return;
        }
        std::string skip; // why a file of a folder is skipped
        if (const auto by =
                named ? kustomizations.renderedBy.end() : kustomizations.renderedBy.find(absolute);
            by != kustomizations.renderedBy.end()) {
            f.readBy = by->second;
            skip = readByRendered(f.readBy, renderer);
        } else if (const auto part = named ? kustomizations.notRenderedBy.end()
                                           : kustomizations.notRenderedBy.find(absolute);
                   part != kustomizations.notRenderedBy.end()) {
            skip = "read by " + part->second.front() +
                   ", which is not rendered: " + kustomizations.notRendered.at(part->second.front());
        } else if (const auto unrendered = kustomizations.notRendered.find(path);
                   unrendered != kustomizations.notRendered.end()) {
            if (named)
                throw Error(path, "", "a Kustomization not rendered: " + unrendered->second);
            skip = "a Kustomization not rendered: " + unrendered->second;
        } else if (const auto doc = documentationExtension(name); doc && !named) {
            skip = "documentation (" + *doc + "), not an input";
        } else if (isMapFile(name) && !named) {
            skip = "a Terrain map file, not an input";
        } else if (isTerragrunt(name)) {
            const std::string why =
                std::string("a Terragrunt configuration, not what it made: ") + kTerragruntStates;
            if (named)
                throw Error(path, "", why);
            skip = why;
        } else if (!named && isStateBackup(name)) {
            skip = "a backup Terraform keeps of the state before it last changed it, not the state itself; "
                   "name the file to import it";
        } else if (!named && inHelmChartTemplates(path)) {
            skip = "a Helm chart's template: render it with `helm template <release> <chart>` and import the "
                   "output";
        } else if (const auto patch =
                       named ? kustomizations.patches.end() : kustomizations.patches.find(absolute);
                   patch != kustomizations.patches.end()) {
            skip = "a Kustomize patch (" + patch->second +
                   " patches an object with it): render the folder with `kubectl kustomize` and import the "
                   "output";
        } else if (isMapFile(name)) {
            throw Error(
                path, "",
                "a Terrain map file, not an input; to bring another map in, export it as JSON (File ▸ "
                "Export…, or terrain export FILE --format json) and import that");
        }
        if (!skip.empty()) {
            f.skipReason = std::move(skip);
            out.push_back(std::move(f));
            return;
        }
        // Text that is not UTF-8 is seen as text only by a format whose parser reads it (TextFallback);
        // the others judge by the name alone, and their parser reports the bytes it cannot read.
        std::string text;
        bool notUtf8 = false;
        if (format == "auto" || !named)
            std::tie(text, notUtf8) = sniffText(path);
        if (!named)
            skip = templateSkeleton(path, text);
        if (!skip.empty()) {
            f.skipReason = std::move(skip);
        } else if (format != "auto") {
            f.format = format;
            f.confidence = 100;
        } else {
            std::pair<std::string, int> best = sniffFormat(name, notUtf8 ? std::string() : text);
            for (const auto& p : formatParsers())
                if (notUtf8 && p->textFallback() != TextFallback::None)
                    if (const int s = p->sniff(name, text); s > best.second)
                        best = {p->format(), s};
            const auto& [fmt, score] = best;
            const std::string empty = score < kMinConfidence && !notUtf8
                                          ? emptiness(path, text)
                                          : std::string(); // (not UTF-8: bytes)
            if (score >= kMinConfidence) {
                f.format = fmt;
                f.confidence = score;
            } else if (!empty.empty() && named) {
                throw Error(path, "", "the file is " + empty + ": there is nothing to import");
            } else if (!empty.empty()) {
                f.skipReason = empty;
            } else if (named && isTerraformCode(name)) {
                throw Error(
                    path, "",
                    "a Terraform configuration's code, not what it made: import its folder (Terrain reads "
                    "the state in its terraform.tfstate, or, where `terraform init` has been run, as "
                    "`terraform state pull` gives it), or a state saved with `terraform state pull > "
                    "NAME.tfstate`");
            } else if (named) {
                throw Error(
                    path, "", "no import format recognises this file; name one with --format (" + [&] {
                        std::string l;
                        for (size_t i = 1; i < formats.size(); ++i)
                            l += (i > 1 ? ", " : "") + formats[i];
                        return l;
                    }() + ")");
            } else {
                f.skipReason = kNoFormatRecognisesIt;
                if (isTerraformCode(name))
                    f.skipReason = terraformCodeSkipped(path, text, workdirs, terragrunt);
            }
        }
        // Found in a folder, a file its format would take that is recognisably something else.
        if (!named && !f.format.empty() && f.format != "json")
            if (const auto why =
                    formatParser(f.format)->notAnInput(name, notUtf8 ? std::string() : text, options)) {
                f.format.clear();
                f.confidence = 0;
                f.skipReason = *why;
            }
        out.push_back(std::move(f));
    };
    for (const auto& p : paths) {
        const QFileInfo info(QString::fromStdString(p));
        if (!info.exists())
            throw Error(p, "", "no such file or folder");
        if (!info.isDir()) {
            if (render && isKustomizationName(p))
                kustomizations = readKustomizations({p}, options.kustomize);
            assign(p, true);
            kustomizations = {};
            continue;
        }
        std::vector<std::string> files;
        std::vector<std::pair<std::string, std::string>> leftOut; // folders of installed packages, and why
        // Hidden files and folders (.git, .terraform) below the folder named are left out (the folder's own
        // path may have any: ../infra, ./.deploy), and so are folders of installed packages, each said once.
        // Folders linked to are not followed.
        std::function<void(const QDir&)> walk = [&](const QDir& dir) {
            if (auto w = terraformWorkdir(dir.path()))
                workdirs.emplace(w->folder, std::move(*w));
            for (const QFileInfo& entry :
                 dir.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot)) {
                if (entry.fileName().startsWith(QLatin1Char('.')))
                    continue;
                if (!entry.isDir()) {
                    files.push_back(entry.filePath().toStdString());
                } else if (!entry.isSymLink()) {
                    if (const std::string what = installedPackages(entry); !what.empty())
                        leftOut.emplace_back(entry.filePath().toStdString() + "/", what);
                    else
                        walk(QDir(entry.filePath()));
                }
            }
        };
        walk(QDir(info.filePath()));
        std::sort(files.begin(), files.end());
        const size_t first = out.size();
        kustomizations = readKustomizations(files, render ? options.kustomize : std::vector<std::string>());
        terragrunt = std::any_of(files.begin(), files.end(), [](const std::string& f) {
            return isTerragrunt(QFileInfo(QString::fromStdString(f)).fileName().toStdString());
        });
        for (const auto& f : files)
            assign(f, false);
        kustomizations = {};
        terragrunt = false;
        std::set<QString> walked; // the folder's files, absolute, where a local backend's states are sought
        if (format == "auto" || format == "tfstate")
            for (const auto& [folder, workdir] : workdirs) { // (in the order of their folders)
                if (workdir.backend != "local")
                    out.push_back(scannedWorkdir(workdir, info, terraform));
                else {
                    if (walked.empty()) // (once for the folder, where it has a local backend)
                        for (const auto& f : files)
                            walked.insert(
                                QDir::cleanPath(QFileInfo(QString::fromStdString(f)).absoluteFilePath()));
                    for (ScannedFile& f : localStatesNotWalked(workdir, walked))
                        out.push_back(std::move(f));
                }
            }
        workdirs.clear();
        for (auto& [folder, what] : leftOut) {
            ScannedFile f;
            f.path = folder;
            f.skipReason = what + ", not this repository's infrastructure: the folder is left out";
            out.push_back(std::move(f));
        }
        if (datedExports)
            skipOlderExports(std::span(out).subspan(first));
    }
    return out;
}

namespace {

/// The workspace of a state Terraform keeps in `terraform.tfstate.d/<workspace>/`, or "default" for the
/// `terraform.tfstate` beside that folder; "" for any other path.
std::string workspaceOf(const std::string& path) {
    const QFileInfo file(QString::fromStdString(path));
    const QStringList parts = QDir::cleanPath(file.absoluteFilePath()).split(QLatin1Char('/'));
    for (qsizetype i = 0; i + 2 < parts.size(); ++i)
        if (parts[i] == QLatin1String("terraform.tfstate.d"))
            return parts[i + 1].toStdString();
    if (file.fileName() == QLatin1String("terraform.tfstate") &&
        QFileInfo(file.dir(), QStringLiteral("terraform.tfstate.d")).isDir())
        return "default";
    return {};
}

/// The environment a state's file name says: one word of it, split at '-', '_' and '.', that names one
/// (environmentWords(): prod.tfstate, network-staging.tfstate, eu_qa.tfstate, as `terraform state pull >`
/// saves them); "" where none or two do.
std::string environmentInName(const std::string& path) {
    const QString stem = QFileInfo(QString::fromStdString(path)).completeBaseName().toLower();
    std::string found;
    for (const QString& w : stem.split(QRegularExpression(QStringLiteral("[-_.]")), Qt::SkipEmptyParts)) {
        const std::string word = w.toStdString();
        if (std::find(environmentWords().begin(), environmentWords().end(), word) == environmentWords().end())
            continue;
        if (!found.empty() && found != word)
            return {};
        found = word;
    }
    return found;
}

/// `environment`, which a file's path names, as `d`'s and that of its systems that name none.
void giveEnvironment(Discovery& d, const std::string& environment) {
    d.environment = environment;
    for (auto& s : d.systems)
        if (s.environment.empty())
            s.environment = environment;
}

/// A state's environment (or a plan's, a graph's), where its resources (their tags) name none: a named
/// workspace's (a state in `terraform.tfstate.d/<workspace>/`); else the import's (--env); else the default
/// workspace's ("default", the `terraform.tfstate` beside that folder) or the one its file name says. The
/// workspaces, or saved states, of one configuration have the same addresses, and stay apart on the map by
/// their environments (planMerge()). Production's and staging's synonyms (prod, stg...) are those; any other
/// name (dev, qa, preprod, eu-prod) is its own, so that two workspaces stay two environments.
/// `workspace`: the state's workspace, as its path says (workspaceOf()) or as it was pulled.
void takeStateEnvironment(Discovery& d, const std::string& path, const ParseOptions& options,
                          std::string workspace) {
    if (d.format != "tfstate" && d.format != "tfjson" && d.format != "tfgraph")
        return;
    std::string named = std::move(workspace);
    if (named == "default" || named.empty()) {
        if (!options.environment.empty())
            return;
        if (named.empty())
            named = environmentInName(path);
    }
    if (named.empty())
        return;
    giveEnvironment(d, environmentOfPathName(named));
}

/// An Ansible inventory's environment, where its hosts (their variables, their groups) name none and the
/// import names none (--env): the environment word of its file's name (the `production` and `staging` files
/// of Ansible's own layout, hosts-prod.ini), else of its folder's (inventories/staging/hosts.yml).
void takeInventoryEnvironment(Discovery& d, const std::string& path, const ParseOptions& options) {
    if (d.format != "ansible" || !options.environment.empty())
        return;
    std::string named = environmentInName(path);
    if (named.empty())
        named = environmentInName(QFileInfo(QString::fromStdString(path)).absolutePath().toStdString());
    if (!named.empty())
        giveEnvironment(d, environmentOfPathName(named));
}

/// The environment a rendered Kustomization's folder names, given to its systems whose namespace names none:
/// an overlay of a base is where it is applied, its folder's name (overlays/prod is production, overlays/dev
/// development, as a namespace's word is named, overlays/eu-west eu-west), even where the
/// import names another (--env), so that two overlays of the same objects stay apart; a Kustomization of no
/// base, the environment word its folder's name has (deploy-staging), where the import names none. "" where
/// none. The folder's name is `d`'s configuration too: the mark of its keys where another render holds them.
std::string takeOverlayFolder(Discovery& d, const ScannedFile& f, const ParseOptions& options) {
    const QString folder = QFileInfo(QString::fromStdString(f.path)).absolutePath();
    d.configuration = QFileInfo(folder).fileName().toLower().toStdString();
    std::string named;
    if (f.overlay)
        named = d.configuration;
    else if (options.environment.empty())
        named = environmentInName(folder.toStdString());
    if (named.empty())
        return {};
    // An environment word as a namespace's is named (dev is development), any other name as written.
    const auto& words = environmentWords();
    giveEnvironment(d, std::find(words.begin(), words.end(), named) != words.end() ? environmentWord(named)
                                                                                   : named);
    return d.environment;
}

/// The configuration a Terraform file's path names: the folder of a file with a default name
/// (`svc-a/terraform.tfstate`, `svc-a/plan.json`), else the file's stem (`svc-a.tfstate`), in letters,
/// digits, '-', '_' and '.'; "" for other formats and where the path says nothing useful.
std::string configurationOf(const Discovery& d, const std::string& path) {
    if (d.format != "tfstate" && d.format != "tfjson")
        return {};
    const QFileInfo file(QString::fromStdString(path));
    QString name = file.completeBaseName();
    static const QStringList kDefaults = {QStringLiteral("terraform"), QStringLiteral("state"),
                                          QStringLiteral("plan"),      QStringLiteral("tfplan"),
                                          QStringLiteral("show"),      QStringLiteral("default")};
    const std::string workspace = workspaceOf(path);
    if (kDefaults.contains(name.toLower()) || !workspace.empty()) {
        QDir dir = file.absoluteDir();
        if (!workspace.empty() && workspace != "default") { // <configuration>/terraform.tfstate.d/<ws>/
            dir.cdUp();
            dir.cdUp();
        }
        name = dir.dirName();
    }
    std::string out;
    for (const QChar c : name)
        if (c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_') || c == QLatin1Char('.'))
            out += c.toLower().toLatin1() ? c.toLower().toLatin1() : '_';
    return out.size() > 48 || out == "." ? std::string() : out;
}

/// Whether a file of the import is the state of a Terraform working directory, read as `terraform state pull`
/// gives it.
bool isPulled(const ScannedFile& f) {
    return f.format == "tfstate" && !f.renderedWith.empty();
}

/// A working directory's state's workspace, as a state file's path would say it (workspaceOf()): "" for the
/// default one where there is no other.
std::string workspaceNamed(const ScannedFile& f) {
    return f.workspace == "default" && !f.otherWorkspaces ? std::string() : f.workspace;
}

/// Lists the workspaces of each Terraform working directory among `files` whose state is pulled (isPulled(),
/// no workspace yet), which becomes one file for each; returns, by file, the error of one whose workspaces
/// cannot be listed ("" for the others).
std::vector<std::string> listWorkspaces(std::vector<ScannedFile>& files, const ParseOptions& options,
                                        const std::function<bool()>& wanted) {
    auto unlisted = [](const ScannedFile& f) { return isPulled(f) && f.workspace.empty(); };
    if (std::none_of(files.begin(), files.end(), unlisted))
        return std::vector<std::string>(files.size());
    // (listed several at once: each waits for its backend)
    std::vector<ToolRunsAtOnce<std::vector<std::string>>::Job> jobs;
    for (const ScannedFile& f : files)
        if (unlisted(f))
            jobs.push_back([&options, &f](const std::function<bool()>& stillWanted) {
                return terraformWorkspaces(options.terraform, *f.workdir, f.path, stillWanted);
            });
    ToolRunsAtOnce<std::vector<std::string>> lists(std::move(jobs), toolRunsAtOnce());
    std::size_t job = 0;
    std::vector<std::string> errors;
    std::vector<ScannedFile> out;
    for (ScannedFile& f : files) {
        if (!unlisted(f)) {
            out.push_back(std::move(f));
            errors.emplace_back();
            continue;
        }
        std::vector<std::string> workspaces;
        std::string error;
        try {
            workspaces = lists.take(job++, wanted);
        } catch (const ImportCancelled&) {
            throw;
        } catch (const Error& e) {
            error = e.what();
        }
        if (workspaces.empty()) {
            out.push_back(std::move(f));
            errors.push_back(std::move(error));
            continue;
        }
        for (const std::string& workspace : workspaces) {
            ScannedFile one = f;
            one.workspace = workspace;
            one.otherWorkspaces = workspaces.size() > 1;
            out.push_back(std::move(one));
            errors.emplace_back();
        }
    }
    files = std::move(out);
    return errors;
}

/// The state of a working directory's workspace (`f`), as `terraform state pull` gives it (`src`), parsed:
/// named by its folder and workspace, in the environment its workspace is (a named one's; the default one's
/// where the directory has others, unless the import names one; else that of the folder's name, where the
/// import names none, as of a state's file name), of the configuration its folder's name is. nullopt where
/// the workspace has no state yet: `f` is then skipped, saying so.
std::optional<Discovery> pulledState(ScannedFile& f, SourceText src, const FormatParser& parser,
                                     const ParseOptions& options) {
    const auto& w = f.workdir;
    src.name = pulledStateName(f.path, f.workspace, !f.otherWorkspaces);
    if (hasNoState(src.text)) {
        f.format.clear();
        f.confidence = 0;
        f.skipReason = "workspace " + f.workspace + " has no state yet: nothing applied there";
        return std::nullopt;
    }
    Discovery d = parser.parse(src, options); // (its errors name the folder and the workspace)
    d.format = parser.format();
    d.file = src.name;
    d.path = canonicalPath(src.path);
    d.contentHash = src.sha256;
    // (as a state file's: the default workspace's terraform.tfstate beside terraform.tfstate.d/, or alone)
    takeStateEnvironment(d, w->folder.toStdString(), options, workspaceNamed(f));
    d.configuration = configurationOf(d, w->folder.toStdString());
    f.environment = d.environment;
    return d;
}

} // namespace

UnreadableSources::UnreadableSources(std::vector<std::string> errors, std::size_t readable)
    : Error([&] {
        if (errors.size() == 1)
            return errors.front();
        std::string text = std::to_string(errors.size()) + " files cannot be read:";
        for (const auto& e : errors)
            text += "\n  " + e;
        return text;
    }())
    , m_errors(std::move(errors))
    , m_readable(readable) {}

void leaveOutUnreadable(std::vector<ScannedFile>& files, const std::vector<std::string>& errors,
                        bool skipUnreadable, std::size_t readable) {
    std::vector<std::string> said;
    for (const auto& e : errors)
        if (!e.empty())
            said.push_back(e);
    if (said.empty())
        return;
    if (!skipUnreadable || readable == 0)
        throw UnreadableSources(std::move(said), readable);
    for (std::size_t i = 0; i < files.size() && i < errors.size(); ++i)
        if (!errors[i].empty()) {
            ScannedFile& f = files[i];
            // The error names the file (by its path, or its name), which the report lists beside it.
            std::string_view why = errors[i];
            const std::string name = QFileInfo(QString::fromStdString(f.path)).fileName().toStdString();
            for (const std::string& prefix : {f.path + ": ", name + ": "})
                if (why.starts_with(prefix)) {
                    why.remove_prefix(prefix.size());
                    break;
                }
            f.format.clear();
            f.confidence = 0;
            f.unreadable = true;
            f.skipReason = why;
        }
}

std::vector<Discovery> parseSources(std::vector<ScannedFile>& files, const ParseOptions& options,
                                    const std::function<bool(size_t, size_t)>& progress) {
    // A Terraform working directory's state is one file of the import for each of its workspaces.
    std::vector<std::string> unlisted =
        listWorkspaces(files, options, [&] { return !progress || progress(0, files.size()); });
    // Each file in order; the files of a format that reads its files together (Kubernetes manifests
    // split by object) all at once, where the first of them comes.
    std::vector<std::optional<Discovery>> parsed(files.size());
    std::vector<std::string> errors(files.size()); // of each file that cannot be read
    std::set<std::string> together;                // formats already read together
    size_t done = 0;
    auto step = [&] {
        ++done;
        if (progress && !progress(done, files.size()))
            throw Error("import cancelled; nothing was changed");
        clearUpperVectorState(); // what the caller's progress ran of Qt may have left them in use
    };
    // While another tool runs for a file (a Kustomization rendered, a state pulled): whether the import
    // still is, asked as between files.
    const auto wanted = [&] { return !progress || progress(done, files.size()); };
    // The states pulled and the Kustomizations rendered, several at once (ToolRunsAtOnce.h), in the order the
    // files are read below; a file's job, by file.
    std::vector<ToolRunsAtOnce<SourceText>::Job> jobs;
    std::vector<bool> here; // (Kustomize inflating Helm charts writes them into a base that overlays share)
    std::vector<std::optional<std::size_t>> jobOf(files.size());
    {
        const bool helm = inflatesHelmCharts(options.kustomize);
        std::set<std::string> formats; // read together, their files' jobs where the first comes
        for (std::size_t i = 0; i < files.size(); ++i) {
            const ScannedFile& f = files[i];
            const FormatParser* parser = f.format.empty() ? nullptr : formatParser(f.format);
            if (!parser)
                continue;
            if (parser->readsFilesTogether() && formats.insert(f.format).second) {
                for (std::size_t j = i; j < files.size(); ++j)
                    if (files[j].format == f.format && !files[j].renderedWith.empty()) {
                        jobOf[j] = jobs.size();
                        here.push_back(helm);
                        jobs.push_back([&options, &path = files[j].path](const std::function<bool()>& w) {
                            return renderKustomization(options.kustomize, path, w);
                        });
                    }
            } else if (!parser->readsFilesTogether() && isPulled(f) && unlisted[i].empty()) {
                jobOf[i] = jobs.size();
                here.push_back(false);
                jobs.push_back([&options, &f](const std::function<bool()>& w) {
                    return pullTerraformState(options.terraform, *f.workdir, f.workspace, f.path, w);
                });
            }
        }
    }
    ToolRunsAtOnce<SourceText> runs(std::move(jobs), toolRunsAtOnce(), std::move(here),
                                    [](const SourceText& src) { return src.text.size(); });
    auto finish = [](Discovery& d, const FormatParser& parser, const SourceText& src) {
        d.format = parser.format();
        d.file = src.name;
        d.path = canonicalPath(src.path);
        d.contentHash = src.sha256;
    };
    for (std::size_t i = 0; i < files.size(); ++i) {
        const ScannedFile& f = files[i];
        if (f.format.empty() || f.format == "json") {
            step();
            continue;
        }
        const FormatParser* parser = formatParser(f.format);
        if (!parser)
            throw Error(f.path, "", "no parser for format " + f.format);
        if (parser->readsFilesTogether()) {
            if (!together.insert(f.format).second)
                continue; // read with the first file of its format
            std::vector<std::size_t> group;
            std::vector<SourceText> srcs;
            std::size_t members = 0;
            for (std::size_t j = i; j < files.size(); ++j)
                if (files[j].format == f.format) {
                    ++members;
                    try {
                        srcs.push_back(
                            jobOf[j] ? runs.take(*jobOf[j], wanted)
                                     : readSourceText(files[j].path, kMaxInputBytes, parser->textFallback()));
                        group.push_back(j);
                    } catch (const ImportCancelled&) {
                        throw;
                    } catch (const Error& e) {
                        errors[j] = e.what();
                    }
                }
            // A file that cannot be read is named by its error (by its path: parseEach()); the others are
            // read together again without it, as if it were not there.
            std::vector<Discovery> ds;
            while (!group.empty()) {
                try {
                    ds = parser->parseEach(srcs, options);
                    break;
                } catch (const Error& e) {
                    const std::string_view what = e.what();
                    std::size_t k = 0;
                    while (k < srcs.size() && !what.starts_with(srcs[k].path + ": ") &&
                           !what.starts_with(srcs[k].name + ": "))
                        ++k;
                    if (k == srcs.size()) { // named none of them: none is read
                        for (std::size_t j : group)
                            errors[j] = what;
                        group.clear();
                        srcs.clear();
                        break;
                    }
                    errors[group[k]] = what;
                    group.erase(group.begin() + static_cast<std::ptrdiff_t>(k));
                    srcs.erase(srcs.begin() + static_cast<std::ptrdiff_t>(k));
                }
            }
            for (std::size_t k = 0; k < group.size(); ++k) {
                finish(ds[k], *parser, srcs[k]);
                if (!srcs[k].renderedWith.empty())
                    files[group[k]].environment = takeOverlayFolder(ds[k], files[group[k]], options);
                parsed[group[k]] = std::move(ds[k]);
            }
            for (std::size_t j = 0; j < members; ++j)
                step();
            continue;
        }
        if (isPulled(f)) { // a working directory's state
            try {
                if (!unlisted[i].empty())
                    throw Error(unlisted[i]);
                parsed[i] = pulledState(files[i], runs.take(*jobOf[i], wanted), *parser, options);
            } catch (const ImportCancelled&) {
                throw;
            } catch (const Error& e) {
                parsed[i].reset();
                errors[i] = e.what();
            }
            step();
            continue;
        }
        try {
            // Streamed where the parser can (a large state is never held whole), else read whole.
            if (std::optional<Discovery> streamed = parser->parseStreamed(f.path, options)) {
                streamed->format = parser->format();
                streamed->path = canonicalPath(f.path);
                parsed[i] = std::move(streamed);
            } else {
                const SourceText src = readSourceText(f.path, kMaxInputBytes, parser->textFallback());
                Discovery d = withPathInErrors(src, [&] { return parser->parse(src, options); });
                finish(d, *parser, src);
                parsed[i] = std::move(d);
            }
            takeStateEnvironment(*parsed[i], f.path, options,
                                 f.workspace.empty() ? workspaceOf(f.path) : workspaceNamed(f));
            takeInventoryEnvironment(*parsed[i], f.path, options);
            parsed[i]->configuration = configurationOf(*parsed[i], f.path);
            files[i].environment = parsed[i]->environment;
        } catch (const Error& e) {
            parsed[i].reset();
            errors[i] = e.what();
        }
        step();
    }
    std::size_t readable = 0;
    for (const auto& p : parsed)
        readable += p ? 1 : 0;
    leaveOutUnreadable(files, errors, options.skipUnreadable, readable);
    // What a Kustomization that cannot be rendered reads is left out with it (what the map has from it
    // stays), where no other one that reads it could be.
    std::set<std::string_view> unrendered;
    for (const ScannedFile& f : files)
        if (f.unreadable && !f.renderedWith.empty())
            unrendered.insert(f.path);
    for (ScannedFile& f : files) {
        if (f.readBy.empty() || unrendered.empty())
            continue;
        // (those that could be rendered named first)
        const auto failed = std::stable_partition(
            f.readBy.begin(), f.readBy.end(), [&](const std::string& by) { return !unrendered.count(by); });
        if (failed == f.readBy.begin()) {
            f.unreadable = true;
            f.skipReason = "read by " + f.readBy.front() + ", which cannot be rendered: left out with it";
        } else if (failed != f.readBy.end()) {
            f.skipReason = readByRendered({f.readBy.begin(), failed}, commandName(options.kustomize));
        }
    }
    std::vector<Discovery> out;
    std::vector<std::size_t> fileOf; // out[i] was parsed from files[fileOf[i]]
    for (std::size_t i = 0; i < parsed.size(); ++i)
        if (parsed[i]) {
            out.push_back(std::move(*parsed[i]));
            fileOf.push_back(i);
        }
    // A file another one reads as part of itself (Discovery::included: a compose file's include, a
    // Backstage Location's targets, a Prometheus configuration's file_sd files) is not imported again on
    // its own: what it holds would be there twice.
    std::vector<bool> drop(out.size(), false);
    std::unordered_map<std::string, std::size_t> byPath; // canonical path -> index in `out`
    for (std::size_t i = 0; i < out.size(); ++i)
        if (!out[i].included.empty()) {
            for (std::size_t j = 0; j < out.size(); ++j)
                byPath.emplace(QFileInfo(QString::fromStdString(files[fileOf[j]].path))
                                   .canonicalFilePath()
                                   .toStdString(),
                               j);
            break;
        }
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (drop[i])
            continue;
        for (const std::string& included : out[i].included)
            if (const auto j = byPath.find(included);
                j != byPath.end() && j->second != i && !drop[j->second]) {
                drop[j->second] = true;
                ScannedFile& f = files[fileOf[j->second]];
                f.format.clear();
                f.confidence = 0;
                f.skipReason =
                    "imported as part of " + files[fileOf[i]].path + ", which includes it or points to it";
            }
    }
    // And one no format reads on its own (an Ansible inventory's group_vars/ files) says which file read it.
    std::unordered_map<std::string, std::size_t> includedBy; // canonical path -> index in `out`
    for (std::size_t i = 0; i < out.size(); ++i)
        if (!drop[i])
            for (const std::string& included : out[i].included)
                includedBy.emplace(included, i);
    if (!includedBy.empty())
        for (ScannedFile& f : files)
            if (f.format.empty() && !f.unreadable && !f.skipReason.empty() &&
                !f.skipReason.starts_with("imported as part of "))
                if (const auto by = includedBy.find(
                        QFileInfo(QString::fromStdString(f.path)).canonicalFilePath().toStdString());
                    by != includedBy.end())
                    f.skipReason =
                        "imported as part of " + files[fileOf[by->second]].path + ", which reads it";
    std::size_t kept = 0;
    for (std::size_t i = 0; i < out.size(); ++i)
        if (!drop[i]) {
            if (kept != i)
                out[kept] = std::move(out[i]);
            ++kept;
        }
    out.resize(kept);
    return out;
}

} // namespace terrain
