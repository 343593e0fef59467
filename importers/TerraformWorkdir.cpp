#include "TerraformWorkdir.h"

#include "Error.h"
#include "Redaction.h"
#include "ToolCommand.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <nlohmann/json.hpp>

namespace terrain {

std::vector<std::string> terraformCommand() {
    return toolCommand("TERRAIN_TERRAFORM", {{"terraform"}, {"tofu"}}, {"terraform"});
}

std::optional<TerraformWorkdir> terraformWorkdir(const QString& folder) {
    // (a regular file only, of at most a mebibyte: a repository may hold a link to /dev/zero or a pipe there)
    const QString path = QDir(folder).filePath(QStringLiteral(".terraform/terraform.tfstate"));
    QFile file(path);
    if (!QFileInfo(path).isFile() || file.size() > (1 << 20) || !file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const nlohmann::json settings = nlohmann::json::parse(file.readAll().toStdString(), nullptr, false);
    if (!settings.is_object())
        return std::nullopt;
    const auto backend = settings.find("backend");
    if (backend == settings.end() || !backend->is_object() || !backend->contains("type") ||
        !(*backend)["type"].is_string() || (*backend)["type"].get<std::string>().empty())
        return std::nullopt;
    TerraformWorkdir w;
    w.folder = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    w.backend = (*backend)["type"].get<std::string>();
    if (const auto config = backend->find("config"); config != backend->end() && config->is_object())
        for (const auto& [key, value] : config->items())
            if (value.is_string() && value.get_ref<const std::string&>().size() >= 4 &&
                (isSecretKey(key) || looksLikeSecret(value.get_ref<const std::string&>())))
                w.secrets.push_back(value.get<std::string>());
    if (w.backend == "local") {
        // Only its paths are read of its settings: relative to the working directory, as Terraform takes
        // them.
        const QDir dir(w.folder);
        auto setting = [&](const char* name, const char* otherwise) {
            const auto config = backend->find("config");
            if (config != backend->end() && config->is_object())
                if (const auto v = config->find(name); v != config->end() && v->is_string() && !v->empty())
                    return QString::fromStdString(v->get<std::string>());
            return QString::fromLatin1(otherwise);
        };
        w.localState = QDir::cleanPath(dir.absoluteFilePath(setting("path", "terraform.tfstate")));
        w.localWorkspaces =
            QDir::cleanPath(dir.absoluteFilePath(setting("workspace_dir", "terraform.tfstate.d")));
    }
    return w;
}

std::string declaredBackend(const std::string& text) {
    // A top-level `terraform {` block's `backend "s3" {` or `cloud {` (as written in HCL; a .tf.json file
    // says "backend": {"s3": …}).
    static const QRegularExpression backend(
        QStringLiteral(R"re((?:^|\n)[ \t]*(?:backend[ \t]+"([A-Za-z0-9_-]+)"[ \t]*\{|(cloud)[ \t]*\{))re"));
    static const QRegularExpression jsonBackend(
        QStringLiteral(R"re("backend"\s*:\s*\{\s*"([A-Za-z0-9_-]+)")re"));
    const QString t = QString::fromStdString(text);
    if (const auto m = backend.match(t); m.hasMatch())
        return (m.captured(1).isEmpty() ? m.captured(2) : m.captured(1)).toStdString();
    if (const auto m = jsonBackend.match(t); m.hasMatch())
        return m.captured(1).toStdString();
    return {};
}

namespace {

/// The environment Terraform is run in: the user's (their credentials, their profile), never asking for
/// input, with no colours and no call home.
QProcessEnvironment terraformEnvironment(const std::string& workspace) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TF_INPUT"), QStringLiteral("0"));
    env.insert(QStringLiteral("TF_IN_AUTOMATION"), QStringLiteral("1"));
    env.insert(QStringLiteral("CHECKPOINT_DISABLE"), QStringLiteral("1"));
    env.insert(QStringLiteral("NO_COLOR"), QStringLiteral("1"));
    // Nothing that would change what it says or where it reads: its logs (which it writes among its
    // messages), another data folder than the working directory's own, arguments added to every command.
    for (const QString& name : env.keys())
        if (name.startsWith(QLatin1String("TF_LOG")) || name == QLatin1String("TF_DATA_DIR") ||
            name.startsWith(QLatin1String("TF_CLI_ARGS")))
            env.remove(name);
    if (workspace.empty())
        env.remove(QStringLiteral("TF_WORKSPACE"));
    else
        env.insert(QStringLiteral("TF_WORKSPACE"), QString::fromStdString(workspace));
    return env;
}

/// What Terraform said of its failure, on one line: its error blocks without their frames and colours, and
/// without the warnings it gives first (a missing CLI configuration file), each a block of its own.
std::string whatTerraformSaid(const CommandRun& run, const TerraformWorkdir& w) {
    static const QRegularExpression colour(QStringLiteral("\x1b\\[[0-9;]*m"));
    QString text = QString::fromUtf8(run.err) + QLatin1Char('\n') + QString::fromUtf8(run.out);
    text.remove(colour);
    // Its paragraphs (lines wrapped at 78 columns, a blank line between two), each on one line.
    QStringList paragraphs{QString()};
    bool inBlock = false, warning = false;
    for (QString line : text.split(QLatin1Char('\n'))) {
        line = line.trimmed();
        const bool opens = line.startsWith(QChar(0x2577)), closes = line.startsWith(QChar(0x2575)); // ╷ ╵
        if (opens || closes) {
            inBlock = opens;
            warning = false;
            if (!paragraphs.back().isEmpty())
                paragraphs.push_back(QString());
            continue;
        }
        if (inBlock && line.startsWith(QChar(0x2502))) // │
            line = line.mid(1).trimmed();
        if (inBlock && line.startsWith(QLatin1String("Warning:")))
            warning = true;
        if ((inBlock && warning) ||
            line.startsWith(QLatin1String("There are some problems with the CLI configuration")))
            continue;
        if (line.isEmpty()) {
            if (!paragraphs.back().isEmpty())
                paragraphs.push_back(QString());
            continue;
        }
        if (line.startsWith(QLatin1String("Error: ")))
            line.remove(0, 7);
        paragraphs.back() += (paragraphs.back().isEmpty() ? QString() : QStringLiteral(" ")) + line;
    }
    // (its summary, then its detail: sentences)
    QString said;
    for (const QString& p : paragraphs) {
        if (p.isEmpty())
            continue;
        const bool ended = said.isEmpty() || said.back() == QLatin1Char('.') ||
                           said.back() == QLatin1Char(':') || said.back() == QLatin1Char('!') ||
                           said.back() == QLatin1Char('?');
        said += (said.isEmpty() ? QString() : ended ? QStringLiteral(" ") : QStringLiteral(". ")) + p;
    }
    // Nothing secret of what it quotes: its settings' secrets, a setting that names a secret (`password:
    // x`, `"token": "x"`, `key=x`), an authorisation header, credentials in a URL, a token.
    for (const std::string& secret : w.secrets)
        said.replace(QString::fromStdString(secret), QStringLiteral("…"));
    static const QRegularExpression authorisation(QStringLiteral(R"re(\b(Bearer|Basic|Token)\s+\S+)re"),
                                                  QRegularExpression::CaseInsensitiveOption);
    said.replace(authorisation, QStringLiteral("\\1 …"));
    static const QRegularExpression setting(
        QStringLiteral(R"re((["']?)([A-Za-z_][A-Za-z0-9_.-]*)\1(\s*[:=]\s*)(["']?)([^\s"',;}]+))re"));
    QString redacted;
    qsizetype from = 0;
    for (auto it = setting.globalMatch(said); it.hasNext();) {
        const auto m = it.next();
        if (!isSecretKey(m.captured(2).toStdString()) ||
            authorisation.match(m.captured(5) + QStringLiteral(" …")).hasMatch())
            continue;
        redacted += said.mid(from, m.capturedStart(5) - from) + QStringLiteral("…");
        from = m.capturedEnd(5);
    }
    said = redacted + said.mid(from);
    QStringList words = said.split(QLatin1Char(' '));
    for (QString& word : words) {
        const std::string plain = word.toStdString();
        if (looksLikeSecret(plain) || assignsSecret(plain))
            word = QStringLiteral("…");
        else if (const std::string stripped = stripUrlCredentials(plain); stripped != plain)
            word = QString::fromStdString(stripped);
    }
    said = words.join(QLatin1Char(' '));
    if (said.isEmpty())
        said = QString::fromStdString(run.ending());
    if (said.size() > 1000)
        said = said.left(1000) + QStringLiteral("…");
    return said.toStdString();
}

constexpr const char* kAdvice =
    "install Terraform (or OpenTofu), save the state with `terraform state pull > NAME.tfstate` "
    "where it is, and import that, or leave it out (--skip-unreadable)";

} // namespace

std::vector<std::string> terraformWorkspaces(const std::vector<std::string>& command,
                                             const TerraformWorkdir& w, const std::string& path,
                                             const std::function<bool()>& wanted) {
    if (command.empty())
        throw Error(path, "", "no command to read a Terraform working directory's state with");
    const CommandRun run = runCommand(command, {QStringLiteral("workspace"), QStringLiteral("list")},
                                      w.folder, terraformEnvironment({}), path, "its state cannot be read",
                                      kAdvice, "list its workspaces", 5, wanted);
    if (!run.ok) {
        const std::string said = whatTerraformSaid(run, w);
        // A backend with one state only (http, and others) has the default workspace alone.
        if (said == "workspaces not supported")
            return {"default"};
        throw Error(path, "",
                    "`" + commandName(command) + " workspace list` cannot list its workspaces: " + said);
    }
    std::vector<std::string> out;
    for (QString line : QString::fromUtf8(run.out).split(QLatin1Char('\n'))) {
        line = line.trimmed();
        if (line.startsWith(QLatin1Char('*')))
            line = line.mid(1).trimmed();
        // (a workspace's name is one word: Terraform takes `a+b` or `.x`, but no space)
        static const QRegularExpression name(QStringLiteral("^\\S+$"));
        if (name.match(line).hasMatch() && std::find(out.begin(), out.end(), line.toStdString()) == out.end())
            out.push_back(line.toStdString());
    }
    if (out.empty())
        throw Error(path, "", "`" + commandName(command) + " workspace list` names no workspace");
    return out;
}

QString localStateOf(const TerraformWorkdir& w, const std::string& workspace) {
    if (w.localState.isEmpty())
        return {};
    if (workspace == "default")
        return w.localState;
    // (whatever its `path` is: Terraform's local backend keeps another workspace's state under that name)
    return QDir(w.localWorkspaces)
        .filePath(QString::fromStdString(workspace) + QStringLiteral("/terraform.tfstate"));
}

SourceText pullTerraformState(const std::vector<std::string>& command, const TerraformWorkdir& w,
                              const std::string& workspace, const std::string& path,
                              const std::function<bool()>& wanted) {
    if (command.empty())
        throw Error(path, "", "no command to read a Terraform working directory's state with");
    const std::string pull = commandName(command) + " state pull";
    const CommandRun run =
        runCommand(command, {QStringLiteral("state"), QStringLiteral("pull")}, w.folder,
                   terraformEnvironment(workspace), path, "its state cannot be read", kAdvice,
                   "read the state of workspace " + workspace, 10, wanted, kMaxInputBytes);
    // (nothing, with an error said, is a failure all the same)
    if (!run.ok || (run.out.trimmed().isEmpty() && run.err.contains("Error")))
        throw Error(path, "",
                    "`" + pull + "` cannot read the state of workspace " + workspace + ": " +
                        whatTerraformSaid(run, w));
    SourceText src =
        sourceTextOf(std::string(run.out.constData(), static_cast<std::size_t>(run.out.size())), path, pull);
    src.path = w.folder.toStdString();
    return src;
}

bool hasNoState(const std::string& text) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
        return true;
    // What a backend that keeps no state for the workspace gives (http: a state of serial 0, no lineage and
    // no resources). A state with resources is never read twice for this.
    if (text.size() > 4096)
        return false;
    const nlohmann::json state = nlohmann::json::parse(text, nullptr, false);
    auto none = [&](const char* member) {
        const auto m = state.find(member);
        return m == state.end() || m->is_null() ||
               (m->is_string() && m->get_ref<const std::string&>().empty()) ||
               (m->is_array() && m->empty()) || (m->is_object() && m->empty());
    };
    return state.is_object() && none("lineage") && none("resources") && none("modules");
}

std::string pulledStateName(const std::string& folderPath, const std::string& workspace, bool onlyWorkspace) {
    std::string name = folderPath;
    if (!name.ends_with('/'))
        name += '/';
    return onlyWorkspace && workspace == "default" ? name : name + " (workspace " + workspace + ")";
}

} // namespace terrain
