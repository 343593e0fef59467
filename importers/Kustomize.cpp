#include "Kustomize.h"

#include "Error.h"
#include "K8sParser.h"
#include "ToolCommand.h"
#include "YamlJson.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <functional>
#include <set>

namespace terrain {

std::vector<std::string> kustomizeCommand() {
    // Neither found: a Kustomization cannot be read here, which renderKustomization() says, rather than be
    // read as something else than what it applies (and what the map has of it go, where another machine
    // rendered it).
    return toolCommand("TERRAIN_KUSTOMIZE", {{"kustomize", "build"}, {"kubectl", "kustomize"}},
                       {"kubectl", "kustomize"});
}

namespace {

/// What one Kustomization reads, its entries resolved against its folder.
struct Reads {
    std::vector<QString> files;          ///< resources, components' files, generators' files, patches...
    std::vector<QString> patches;        ///< of those, its patches
    std::vector<QString> kustomizations; ///< the Kustomizations of the folders it names (bases, components)
    std::string remote;                  ///< a remote base it names (a URL), if any
    std::string helmChart;               ///< a Helm chart it inflates (helmCharts), if any
    bool component = false;              ///< a Component (kind: Component), part of those that name it
    bool overlay = false; ///< it reads a Kustomization of another folder (not below its own) as a resource
    bool flux = false;    ///< no file of kustomize, but a Flux Kustomization saved under its name (an object)
    std::vector<std::string> literals; ///< its generators' literal values (kept out of what a message says)
};

/// The Kustomization file of a folder, or "".
QString kustomizationIn(const QString& folder) {
    for (const char* name : {"kustomization.yaml", "kustomization.yml", "Kustomization"})
        if (const QFileInfo file{QDir(folder), QLatin1String(name)}; file.isFile())
            return file.absoluteFilePath();
    return {};
}

/// Whether a resource entry names something kustomize fetches (a Git repository, a URL) rather than a path.
bool isRemote(const std::string& entry) {
    return entry.find("://") != std::string::npos || entry.starts_with("git@") ||
           entry.starts_with("github.com/") || entry.starts_with("gitlab.com/") ||
           entry.starts_with("bitbucket.org/") || entry.find("?ref=") != std::string::npos ||
           entry.find("?version=") != std::string::npos;
}

Reads readsOf(const QString& path) {
    Reads out;
    std::vector<json> docs;
    try {
        docs = loadYamlDocuments(readSourceText(path.toStdString(), std::size_t(1) << 20).text,
                                 path.toStdString());
    } catch (const Error&) {
        docs.clear(); // said when it is rendered, or parsed
    }
    if (docs.empty() || !docs.front().is_object()) {
        // What it reads cannot be known: the files beside it are taken for its own, not read as they are.
        for (const QFileInfo& file : QFileInfo(path).absoluteDir().entryInfoList(QDir::Files))
            if (file.absoluteFilePath() != path)
                out.files.push_back(file.absoluteFilePath());
        return out;
    }
    const json& k = docs.front();
    const QDir dir = QFileInfo(path).absoluteDir();
    out.component = k.value("kind", json()) == "Component";
    if (const auto api = k.find("apiVersion"); api != k.end() && api->is_string())
        out.flux = api->get<std::string>().starts_with("kustomize.toolkit.fluxcd.io/");
    if (const auto charts = k.find("helmCharts"); charts != k.end() && charts->is_array() && !charts->empty())
        out.helmChart = charts->front().is_object() ? charts->front().value("name", "") : std::string();
    // A path as written in the Kustomization; an inline patch or transformer (YAML text) is none.
    enum class As { Resource, Patch, File, GeneratorFile };
    bool base = false; // whether an entry being added is a resource (a base), not a component
    auto add = [&](const json& entry, As as) {
        if (!entry.is_string())
            return;
        std::string written = entry.get<std::string>();
        if (written.empty() || written.find('\n') != std::string::npos)
            return;
        if (as == As::Resource && isRemote(written)) {
            if (out.remote.empty())
                out.remote = written;
            return;
        }
        if (const auto eq = written.find('='); as == As::GeneratorFile && eq != std::string::npos)
            written = written.substr(eq + 1); // key=file
        const QString absolute = QDir::cleanPath(dir.absoluteFilePath(QString::fromStdString(written)));
        if (as == As::Resource && QFileInfo(absolute).isDir()) {
            if (const QString kustomization = kustomizationIn(absolute); !kustomization.isEmpty()) {
                out.kustomizations.push_back(kustomization);
                // (a base of its own folder's, ./base, makes it no overlay: it is what the folder applies)
                out.overlay =
                    out.overlay || (base && !absolute.startsWith(dir.absolutePath() + QLatin1Char('/')));
            }
            return;
        }
        out.files.push_back(absolute);
        if (as == As::Patch)
            out.patches.push_back(absolute);
    };
    auto each = [&](const char* key, const std::function<void(const json&)>& f) {
        if (const auto list = k.find(key); list != k.end() && list->is_array())
            for (const json& entry : *list)
                f(entry);
    };
    for (const char* key : {"resources", "bases", "components"}) {
        base = std::string_view(key) != "components";
        each(key, [&](const json& e) { add(e, As::Resource); });
    }
    each("patchesStrategicMerge", [&](const json& e) { add(e, As::Patch); });
    for (const char* key : {"patches", "patchesJson6902"})
        each(key, [&](const json& e) {
            if (e.is_object() && e.contains("path"))
                add(e["path"], As::Patch);
            else if (e.is_string()) // the old form of patchesStrategicMerge, in `patches`
                add(e, As::Patch);
        });
    each("replacements", [&](const json& e) {
        if (e.is_object() && e.contains("path"))
            add(e["path"], As::File);
    });
    for (const char* key : {"crds", "configurations", "transformers", "generators", "validators"})
        each(key, [&](const json& e) { add(e, As::File); });
    for (const char* key : {"configMapGenerator", "secretGenerator"})
        each(key, [&](const json& g) {
            if (!g.is_object())
                return;
            if (const auto l = g.find("literals"); l != g.end() && l->is_array())
                for (const json& e : *l)
                    if (e.is_string()) {
                        const std::string literal = e.get<std::string>();
                        out.literals.push_back(literal.substr(literal.find('=') + 1));
                    }
            for (const char* list : {"files", "envs"})
                if (const auto l = g.find(list); l != g.end() && l->is_array())
                    for (const json& e : *l)
                        add(e, As::GeneratorFile);
            if (const auto env = g.find("env"); env != g.end())
                add(*env, As::GeneratorFile);
        });
    if (const auto openapi = k.find("openapi"); openapi != k.end() && openapi->is_object())
        if (const auto p = openapi->find("path"); p != openapi->end())
            add(*p, As::File);
    return out;
}

} // namespace

bool inflatesHelmCharts(const std::vector<std::string>& command) {
    return std::any_of(command.begin(), command.end(), [](const std::string& w) {
        return w == "--enable-helm" || (w.starts_with("--enable-helm=") && w != "--enable-helm=false");
    });
}

Kustomizations readKustomizations(const std::vector<std::string>& files,
                                  const std::vector<std::string>& command) {
    Kustomizations out;
    const bool render = !command.empty();
    const bool helm = inflatesHelmCharts(command);
    std::map<QString, Reads> reads; // by absolute path, each Kustomization read once
    auto readsOfPath = [&](const QString& path) -> const Reads& {
        if (const auto r = reads.find(path); r != reads.end())
            return r->second;
        return reads.emplace(path, readsOf(path)).first->second;
    };
    std::vector<std::pair<std::string, QString>> own; // the files' Kustomizations: as given, absolute
    for (const std::string& file : files)
        if (isKustomizationName(file))
            if (const QString path =
                    QDir::cleanPath(QFileInfo(QString::fromStdString(file)).absoluteFilePath());
                !readsOfPath(path).flux)
                own.emplace_back(file, path);
    // Each one with what it reads, its bases' and components' too (a cycle is kustomize's to say).
    auto walk = [&](const QString& root, const std::function<void(const QString&, const Reads&)>& f) {
        std::set<QString> seen;
        std::function<void(const QString&)> visit = [&](const QString& path) {
            if (!seen.insert(path).second)
                return;
            const Reads& r = readsOfPath(path);
            f(path, r);
            for (const QString& k : r.kustomizations)
                visit(k);
        };
        visit(root);
    };
    // Why one is not rendered on its own: it is a Component, or it (or a base of it) would fetch something.
    auto notRendered = [&](const QString& path) -> std::string {
        if (readsOfPath(path).component)
            return "it is a Component, rendered only as part of a Kustomization that names it, and none "
                   "of this import does";
        std::string remote, chart;
        walk(path, [&](const QString&, const Reads& r) {
            if (remote.empty())
                remote = r.remote;
            if (chart.empty() && !helm)
                chart = r.helmChart;
        });
        if (!remote.empty())
            return "it names a remote base (" + remote +
                   "), which Terrain does not fetch: render it with `kubectl kustomize <folder>` and "
                   "import the output";
        if (!chart.empty())
            return "it inflates a Helm chart (" + chart +
                   "), which takes `--enable-helm` (TERRAIN_KUSTOMIZE can give it): render it with `kubectl "
                   "kustomize --enable-helm <folder>` and import the output";
        return {};
    };
    // A Kustomization that another one of the files reads, one that is rendered (a base of an overlay, a
    // Component it uses), is rendered as part of that one; a base only overlays that are not rendered read
    // (of a remote base too) is rendered on its own.
    if (!render) { // none is: a patch of one is part of an object defined elsewhere
        for (const auto& [file, path] : own)
            for (const QString& patch : readsOfPath(path).patches)
                out.patches.emplace(patch, file);
        return out;
    }
    std::map<QString, std::string> why; // of each one of the files: why it is not rendered, if it is not
    for (const auto& [file, path] : own)
        why[path] = notRendered(path);
    std::set<QString> named;
    for (const auto& [file, path] : own)
        if (why[path].empty())
            for (const QString& k : readsOfPath(path).kustomizations)
                named.insert(k);
    auto readBy = [](std::map<QString, std::vector<std::string>>& by, const QString& read,
                     const std::string& file) {
        auto& list = by[read];
        if (list.empty() || list.back() != file)
            list.push_back(file);
    };
    std::vector<std::pair<std::string, QString>> skipped; // the roots not rendered
    std::set<QString> rendered;
    auto renderOne = [&](const std::string& file, const QString& path) {
        rendered.insert(path);
        out.rendered.push_back(file);
        if (readsOfPath(path).overlay)
            out.overlays.insert(file);
        walk(path, [&](const QString& k, const Reads& r) {
            if (k != path)
                readBy(out.renderedBy, k, file);
            for (const QString& f : r.files)
                readBy(out.renderedBy, f, file);
        });
    };
    // An overlay that another one reads (overlays/production, which production-eu adds to) is applied too,
    // where it is: rendered on its own as well.
    for (const auto& [file, path] : own) {
        if (named.count(path) && !readsOfPath(path).overlay)
            continue;
        if (!why[path].empty()) {
            out.notRendered.emplace(file, why[path]);
            skipped.emplace_back(file, path);
            continue;
        }
        renderOne(file, path);
    }
    // One that only reads and is read by others that no rendered one reaches (a cycle of bases) is rendered
    // all the same, for kustomize to say what is wrong with it.
    for (const auto& [file, path] : own)
        if (why[path].empty() && !rendered.count(path) && !out.renderedBy.count(path))
            renderOne(file, path);
    // What only those not rendered read (an unused Component's manifests, an overlay's own patches and files
    // beside its remote base) is part of them, not read as it is.
    for (const auto& entry : skipped) { // (not a structured binding: clang 14 cannot capture one)
        const std::string& reader = entry.first;
        const QString& root = entry.second;
        walk(root, [&](const QString& k, const Reads& r) {
            if (k != root && !out.renderedBy.count(k) && !why.count(k))
                readBy(out.notRenderedBy, k, reader);
            for (const QString& f : r.files)
                if (!out.renderedBy.count(f))
                    readBy(out.notRenderedBy, f, reader);
        });
    }
    return out;
}

SourceText renderKustomization(const std::vector<std::string>& command, const std::string& kustomizationPath,
                               const std::function<bool()>& wanted) {
    const std::string name = commandName(command);
    if (command.empty())
        throw Error(kustomizationPath, "", "no command to render a Kustomization with");
    const QString folder = QFileInfo(QString::fromStdString(kustomizationPath)).absolutePath();
    const CommandRun run = runCommand(
        command, {folder}, folder, QProcessEnvironment::systemEnvironment(), kustomizationPath,
        "cannot be rendered",
        "install kubectl or kustomize, leave the Kustomization out (--skip-unreadable), or read the "
        "manifests it lists as they are (TERRAIN_KUSTOMIZE=none)",
        // (kubectl takes most of a minute for a base of a thousand manifests on a slow machine)
        "render it", 10, wanted, kMaxInputBytes);
    if (!run.ok) {
        // What it says, on a few lines (kustomize's errors name the file and what it expected), without the
        // warnings it gives first ("# Warning: 'patchesStrategicMerge' is deprecated...")...
        QString said;
        for (const QString& line : QString::fromUtf8(run.err).split(QLatin1Char('\n')))
            if (!line.startsWith(QLatin1String("# Warning:")) && !line.startsWith(QLatin1String("Warning:")))
                said += line + QLatin1Char('\n');
        said = said.trimmed();
        // ...and without the header kubectl's log gives it: E1207 14:34:10.636012 27660 run.go:72] "command
        // failed" err="…" (or err=<, its lines indented, up to a closing >).
        static const QRegularExpression logged(
            QStringLiteral(R"(^[EWIF]\d{4} [\d:.]+\s+\d+ \S+\] (?:"command failed" err=(["<]))?)"));
        if (const auto m = logged.match(said); m.hasMatch()) {
            said.remove(0, m.capturedLength());
            if (m.captured(1) == QLatin1String("\"") && said.endsWith(QLatin1Char('"')))
                said.chop(1);
            if (m.captured(1) == QLatin1String("<") && said.endsWith(QLatin1Char('>')))
                said = said.chopped(1).trimmed();
        }
        static const QRegularExpression indent(QStringLiteral("\n\\s*"));
        said.replace(indent, QStringLiteral("\n"));
        said.replace(QLatin1String("\\\""), QLatin1String("\"")); // (quotes escaped in the log's err="…")
        said.remove(QRegularExpression(QStringLiteral("^Error: ")));
        // Nothing of what a generator holds: the configuration kustomize quotes between backticks ("with
        // config: `…`"), and each literal of the Kustomization's generators and its bases'.
        static const QRegularExpression quoted(QStringLiteral("`[^`]*`"));
        said.replace(quoted, QStringLiteral("(its configuration)"));
        std::set<QString> seen;
        std::function<void(const QString&)> redact = [&](const QString& path) {
            if (!seen.insert(path).second)
                return;
            const Reads r = readsOf(path);
            for (const std::string& literal : r.literals)
                if (literal.size() >= 3)
                    said.replace(QString::fromStdString(literal), QStringLiteral("…"));
            for (const QString& k : r.kustomizations)
                redact(k);
        };
        redact(QDir::cleanPath(QFileInfo(QString::fromStdString(kustomizationPath)).absoluteFilePath()));
        if (said.isEmpty())
            said = QString::fromStdString(run.ending());
        said.replace(QLatin1Char('\n'), QLatin1String("; "));
        if (said.size() > 1000)
            said = said.left(1000) + QStringLiteral("…");
        throw Error(kustomizationPath, "", "`" + name + "` cannot render it: " + said.toStdString());
    }
    const QByteArray& output = run.out;
    if (static_cast<std::size_t>(output.size()) > kMaxInputBytes)
        throw Error(kustomizationPath, "",
                    "`" + name + "` renders " + std::to_string(output.size() >> 20) +
                        " MiB of it; the limit for one input is " + std::to_string(kMaxInputBytes >> 20) +
                        " MiB");
    SourceText src = sourceTextOf(std::string(output.constData(), static_cast<std::size_t>(output.size())),
                                  kustomizationPath, name);
    // Named with its folder and the one above, which tell one overlay's from another's in messages
    // (overlays/prod/kustomization.yaml, apps/production/kustomization.yaml, clusters/production/...).
    const QDir dir(folder);
    const QString above = QFileInfo(dir.absolutePath()).dir().dirName();
    src.name = (above.isEmpty() ? std::string() : above.toStdString() + "/") + dir.dirName().toStdString() +
               "/" + src.name;
    // No digest is kept of it: nobody holds these bytes to check one against, and they hold what its
    // generators read (a password from an env file, which the repository leaves out), which a digest of all
    // the rest would let be guessed and checked.
    src.sha256.clear();
    return src;
}

} // namespace terrain
