#include "ComposeParser.h"

#include "AsciiChars.h"
#include "CloudResources.h"
#include "Error.h"
#include "FileGlob.h"
#include "GraphAnalysis.h"
#include "HostRefs.h"
#include "Redaction.h"
#include "SourceText.h"
#include "YamlJson.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

namespace terrain {

namespace {

struct At {
    const json* j = nullptr; ///< nullptr: missing
    std::string path;        ///< JSON pointer
};

class Reader {
public:
    explicit Reader(const std::string& file)
        : m_file(file) {}

    static std::string place(const At& a) { return a.path.empty() ? "(top level)" : a.path; }
    [[noreturn]] void fail(const At& a, const std::string& expected) const {
        throw Error(m_file, place(a), "expected " + expected + (a.j ? ", found " + describeJson(*a.j) : ""));
    }
    static bool missing(const At& a) { return !a.j || a.j->is_null(); }
    static At child(const At& a, std::string_view key) {
        At c{nullptr, jsonPointer(a.path, key)};
        if (a.j && a.j->is_object())
            if (auto it = a.j->find(std::string(key)); it != a.j->end())
                c.j = &*it;
        return c;
    }
    static At item(const At& a, std::size_t i) { return At{&(*a.j)[i], a.path + "/" + std::to_string(i)}; }
    At object(const At& a, std::string_view key, const char* what) const {
        At c = child(a, key);
        if (missing(c))
            return At{nullptr, c.path};
        if (!c.j->is_object())
            fail(c, what);
        return c;
    }
    std::optional<std::string> scalar(const At& c, const char* what) const {
        if (missing(c))
            return std::nullopt;
        if (c.j->is_string())
            return c.j->get<std::string>();
        if (c.j->is_number() || c.j->is_boolean())
            return c.j->dump();
        fail(c, what);
    }
    std::optional<std::string> scalar(const At& a, std::string_view key, const char* what) const {
        return scalar(child(a, key), what);
    }
    /// A list of scalars; a single scalar counts as a list of one (dns: 8.8.8.8).
    std::vector<std::string> scalarList(const At& a, std::string_view key, const char* what) const {
        std::vector<std::string> out;
        const At c = child(a, key);
        if (missing(c))
            return out;
        if (!c.j->is_array()) {
            if (c.j->is_object())
                fail(c, what);
            out.push_back(*scalar(c, what));
            return out;
        }
        for (std::size_t i = 0; i < c.j->size(); ++i)
            out.push_back(scalar(item(c, i), what).value_or(""));
        return out;
    }

private:
    const std::string& m_file;
};

/// Variables for interpolation: the `.env` file beside the compose file, as docker compose reads it for
/// its project (KEY=value lines; `export `, quotes and comments allowed), and a service's env_file. Their
/// values are used to find hosts in environment values and never kept.
using Variables = std::map<std::string, std::string, std::less<>>;

/// The KEY=value lines of an environment file (a `.env`, an `env_file`); nothing where there is no such
/// file or it cannot be read (docker compose would refuse it only when it runs; the map is made without).
Variables readEnvFile(const QString& path) {
    Variables vars;
    if (!QFileInfo(path).isFile())
        return vars;
    std::string text;
    try {
        text = readSourceText(path.toStdString(), std::size_t(1) << 20).text;
    } catch (const Error&) {
        return vars;
    }
    std::size_t at = 0;
    while (at < text.size()) {
        auto end = text.find('\n', at);
        if (end == std::string::npos)
            end = text.size();
        std::string_view line(text.data() + at, end - at);
        at = end + 1;
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
            line.remove_prefix(1);
        if (line.starts_with("export "))
            line.remove_prefix(7);
        const auto eq = line.find('=');
        if (line.empty() || line.front() == '#' || eq == std::string_view::npos || eq == 0)
            continue;
        std::string_view name = line.substr(0, eq), value = line.substr(eq + 1);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t'))
            name.remove_suffix(1);
        while (!value.empty() && (value.back() == '\r' || value.back() == ' ' || value.back() == '\t'))
            value.remove_suffix(1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
            value.remove_prefix(1);
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
            value.back() == value.front())
            value = value.substr(1, value.size() - 2);
        else if (const auto hash = value.find(" #"); hash != std::string_view::npos)
            value = value.substr(0, hash);
        vars.insert_or_assign(std::string(name), std::string(value));
    }
    return vars;
}

Variables readDotEnv(const std::string& folder) {
    return readEnvFile(QDir(QString::fromStdString(folder)).filePath(QStringLiteral(".env")));
}

/// Compose's interpolation of `v` with `vars`: ${VAR} and $VAR, ${VAR:-default} (default when unset or
/// empty), ${VAR-default} (when unset), ${VAR:+other} and ${VAR+other}, ${VAR:?error} and ${VAR?error}
/// (the value, or empty); $$ is $. An unset variable is empty. The variables whose values it looked at go
/// to `used`, if given.
std::string interpolate(std::string_view v, const Variables& vars = {},
                        std::vector<const Variables::value_type*>* used = nullptr) {
    auto lookup = [&](std::string_view name) -> const std::string* {
        const auto it = vars.find(name);
        if (it == vars.end())
            return nullptr;
        if (used)
            used->push_back(&*it);
        return &it->second;
    };
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] != '$') {
            out += v[i];
            continue;
        }
        if (i + 1 < v.size() && v[i + 1] == '$') {
            out += '$';
            ++i;
            continue;
        }
        if (i + 1 < v.size() && v[i + 1] == '{') {
            const auto close = v.find('}', i + 2);
            if (close == std::string_view::npos) {
                out += v.substr(i);
                break;
            }
            const std::string_view inner = v.substr(i + 2, close - i - 2);
            const auto op = inner.find_first_of(":-+?");
            const std::string* value = lookup(inner.substr(0, op));
            if (op == std::string_view::npos) {
                out += value ? *value : "";
            } else {
                const bool colon = inner[op] == ':' && op + 1 < inner.size();
                const char kind = colon ? inner[op + 1] : inner[op];
                const std::string_view word = inner.substr(op + (colon ? 2 : 1));
                const bool set = value && (!colon || !value->empty());
                if (kind == '-')
                    out += set ? std::string_view(*value) : word;
                else if (kind == '+')
                    out += set ? word : std::string_view();
                else if (value)
                    out += *value;
            }
            i = close;
            continue;
        }
        std::size_t j = i + 1;
        while (j < v.size() && (isAsciiAlnum(v[j]) || v[j] == '_'))
            ++j;
        if (const std::string* value = lookup(v.substr(i + 1, j - i - 1)))
            out += *value;
        i = j - 1;
    }
    return out;
}

/// A value as `docker compose config` shows it, interpolated, to be kept (a service's image, whose tag
/// `.env` sets: `shop-app:${APP_TAG:-1.4.2}`): as written where a variable it takes a value from is a
/// secret, by its name or by its value (`${REGISTRY_TOKEN}`), which the map then never holds.
std::string interpolatedToKeep(std::string_view v, const Variables& vars) {
    std::vector<const Variables::value_type*> used;
    std::string out = interpolate(v, vars, &used);
    for (const auto* var : used)
        if (!safeValue(var->first, var->second))
            return std::string(v);
    return out;
}

/// docker compose's project name rules: lower case letters, digits, dashes and underscores.
std::string normalizeProject(std::string_view name) {
    std::string out;
    for (char c : name) {
        const char l = asciiLowerChar(c);
        if (isAsciiAlnum(l) || ((l == '-' || l == '_') && !out.empty()))
            out += l;
    }
    return out;
}

/// A list of KEY=value (or KEY) entries as a map (KEY alone: null); a map as it is.
json asMap(const json& v) {
    if (!v.is_array())
        return v;
    json out = json::object();
    for (const json& e : v)
        if (e.is_string()) {
            const std::string& entry = e.get_ref<const std::string&>();
            const auto eq = entry.find('=');
            out[entry.substr(0, eq)] = eq == std::string::npos ? json() : json(entry.substr(eq + 1));
        }
    return out;
}

/// How many values `v` holds, itself included.
std::size_t valuesIn(const json& v) {
    std::size_t n = 1;
    if (v.is_structured())
        for (const json& e : v)
            n += valuesIn(e);
    return n;
}

// Compose's merge tags, in an override file or a service that extends another: `!reset` takes the attribute
// out of what is merged, `!override` replaces it whole instead of merging (`ports: !reset []`,
// `depends_on: !override [api]`). Read, a tagged value is held as a one-member map under a key no YAML
// text can have (a NUL byte is refused before), until the merges are done (settleMergeTags()).
const std::string kResetTag = std::string(1, '\0') + "!reset";
const std::string kOverrideTag = std::string(1, '\0') + "!override";

YamlOptions composeYamlOptions() {
    YamlOptions options;
    options.onTag = [](const std::string& tag, json value) -> json {
        if (tag == "!reset")
            return json{{kResetTag, nullptr}};
        if (tag == "!override")
            return json{{kOverrideTag, std::move(value)}};
        return value;
    };
    return options;
}

bool isMergeTag(const json& v, const std::string& tag) {
    return v.is_object() && v.size() == 1 && v.begin().key() == tag;
}

/// The merge tags taken out once the merges are done: an attribute `!reset` left (nothing under it to
/// reset) is taken out, one `!override` left is its value.
void settleMergeTags(json& v) {
    if (v.is_object()) {
        if (isMergeTag(v, kOverrideTag)) {
            json inner = std::move(v.begin().value());
            v = std::move(inner);
            settleMergeTags(v);
            return;
        }
        std::vector<std::string> reset;
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (isMergeTag(it.value(), kResetTag))
                reset.push_back(it.key());
            else
                settleMergeTags(it.value());
        }
        for (const auto& k : reset)
            v.erase(k);
    } else if (v.is_array()) {
        for (auto& e : v)
            settleMergeTags(e);
        v.erase(std::remove_if(v.begin(), v.end(), [](const json& e) { return isMergeTag(e, kResetTag); }),
                v.end());
    }
}

/// `over` merged onto `base`, as docker compose merges a service onto the one it extends (compose-go's
/// override.ExtendService, the rules of merging files): maps merged key by key, lists appended (an entry
/// already there kept once), other values replaced. environment, labels, annotations and sysctls, a list
/// of KEY=value or a map, are merged as maps; depends_on as a map where the two differ in form; command,
/// entrypoint and a healthcheck's test are replaced. In time linear in the sizes (an ordered_json object
/// finds a key by walking its members).
json mergeService(const json& base, const json& over, std::string_view parent = {}) {
    if (!base.is_object() || !over.is_object())
        return over;
    json out = base;
    // The members as the vector they are: ordered_map's own emplace and [] walk it to find a key.
    auto& members = static_cast<json::object_t::Container&>(out.get_ref<json::object_t&>());
    std::unordered_map<std::string, std::size_t> at; // key -> its place in `members`
    at.reserve(members.size());
    for (std::size_t i = 0; i < members.size(); ++i)
        at.emplace(members[i].first, i);
    std::vector<std::string> reset; // the members `!reset` takes out
    for (auto it = over.begin(); it != over.end(); ++it) {
        const std::string& k = it.key();
        const json& v = it.value();
        const auto found = at.find(k);
        if (found != at.end() && isMergeTag(v, kResetTag)) {
            reset.push_back(k);
            continue;
        }
        if (found != at.end() && isMergeTag(v, kOverrideTag)) {
            members[found->second].second = v.begin().value();
            continue;
        }
        if (found == at.end()) {
            at.emplace(k, members.size());
            members.emplace_back(k, v);
            continue;
        }
        json& b = members[found->second].second;
        if (b.is_null() || v.is_null() || k == "command" || k == "entrypoint" ||
            (parent == "healthcheck" && k == "test")) {
            b = v;
        } else if (parent.empty() &&
                   (k == "environment" || k == "labels" || k == "annotations" || k == "sysctls" ||
                    (k == "depends_on" && b.is_array() != v.is_array()))) {
            const json add = asMap(v);
            b = asMap(b);
            if (b.is_object() && add.is_object())
                b = mergeService(b, add, k); // their values are scalars (or condition maps: replaced)
            else
                b = add;
        } else if (b.is_object() && v.is_object()) {
            b = mergeService(b, v, k);
        } else if (b.is_array() && v.is_array()) {
            std::set<json> seen(b.begin(), b.end());
            for (const json& e : v)
                if (seen.insert(e).second)
                    b.push_back(e);
        } else {
            b = v;
        }
    }
    for (const auto& k : reset)
        out.erase(k);
    return out;
}

int strength(const std::string& kind) {
    static const std::vector<std::string> order = {"depends-on", "runs-on", "reads", "reads-writes", "calls"};
    const auto it = std::find(order.begin(), order.end(), kind);
    return it == order.end() ? 0 : static_cast<int>(it - order.begin());
}

class Parse {
public:
    Parse(const SourceText& src, const ParseOptions& options)
        : m_src(src)
        , m_options(options)
        , m_r(src.name) {}

    Discovery run() {
        m_d.format = "compose";
        m_d.file = m_src.name;
        m_d.contentHash = m_src.sha256;
        load();
        const At root{&m_doc, ""};
        if (!m_doc.is_object())
            m_r.fail(root, "a compose file (a map with services)");
        m_project = projectName(root);
        m_d.scope = "compose:" + m_project;
        if (!m_variant.empty()) {
            // Another scope than the project's own, which a re-import of the base file alone replaces. In an
            // environment (docker-compose.prod.yml), systems of their own: the base file's services as they
            // run there.
            m_d.scope += "+" + m_variant;
            const std::string word = asciiLower(m_variant);
            if (std::find(environmentWords().begin(), environmentWords().end(), word) !=
                environmentWords().end()) {
                m_d.environment = environmentOfPathName(word);
                m_keySuffix = "@" + m_d.environment;
            }
        }
        findServices(root);
        collectNames();
        for (const auto& name : m_order)
            service(name);
        for (const char* top : {"networks", "volumes", "secrets", "configs"}) {
            const At section = m_r.object(root, top, "a map of names to definitions");
            if (section.j)
                m_d.skipped += static_cast<int>(section.j->size());
        }
        for (auto& sys : m_d.systems) // a variant's in an environment, as its file's name says
            if (sys.environment.empty())
                sys.environment = m_d.environment;
        if (m_projectOfFolder)
            keepFoldersOfOneNameApart();
        (void)m_options;
        return std::move(m_d);
    }

private:
    void load() {
        m_doc = composeDocument(m_src.text, m_src.name, &m_d.warnings);
        if (!m_doc.is_object())
            return; // run() says what was expected
        if (!m_src.path.empty()) {
            m_folder = QFileInfo(QString::fromStdString(m_src.path)).absolutePath().toStdString();
            m_vars = readDotEnv(m_folder);
            if (!readAsVariant())
                applyOverride();
        }
        m_including = {m_src.path.empty() ? "" : canonical(m_src.path)};
        include(m_doc, m_src.path, m_src.name);
        extendAll(m_doc, m_src.path, m_src.name);
        settleMergeTags(m_doc);
    }

    /// A compose file's text as a document: JSON, or the first YAML document. `warnings`: where more
    /// documents are said to be ignored.
    static json composeDocument(const std::string& text, const std::string& name,
                                std::vector<std::string>* warnings) {
        const auto first = text.find_first_not_of(" \t\r\n");
        if (first == std::string::npos)
            throw Error(name, "", "a compose file with services, but the file is empty");
        if (text[first] == '{' || text[first] == '[')
            return parseJsonText(text, name);
        auto docs = loadYamlDocuments(text, name, composeYamlOptions());
        if (docs.empty())
            throw Error(name, "", "a compose file with services, but the file has no content");
        if (docs.size() > 1 && warnings)
            warnings->push_back(name + " holds " + std::to_string(docs.size()) +
                                " YAML documents; only the first is a compose file");
        return std::move(docs.front());
    }

    static std::string canonical(const std::string& path) {
        return QFileInfo(QString::fromStdString(path)).canonicalFilePath().toStdString();
    }

    /// Another compose file that `fromName` (at `fromPath`) names at `place` (include, extends.file),
    /// relative to its folder: read once, as written. Named in messages by its path from the source's
    /// folder.
    struct Other {
        std::string path; // canonical
        std::string name; // for messages
        json doc;
    };
    const Other& other(const std::string& fromPath, const std::string& fromName, const std::string& place,
                       const std::string& ref) {
        if (fromPath.empty() && m_folder.empty())
            throw Error(fromName, place,
                        "expected a compose file read from a folder, to find \"" + ref + "\" in");
        const QString folder = fromPath.empty() ? QString::fromStdString(m_folder)
                                                : QFileInfo(QString::fromStdString(fromPath)).absolutePath();
        const QFileInfo info(QDir(folder).absoluteFilePath(QString::fromStdString(ref)));
        if (ref.empty() || !info.isFile())
            throw Error(fromName, place,
                        "expected a compose file at \"" + ref +
                            "\" (relative to this file's folder), but there is none");
        const std::string path = info.canonicalFilePath().toStdString();
        if (const auto it = m_others.find(path); it != m_others.end())
            return it->second;
        const SourceText src = readFileNamedFrom(path, m_folder);
        Other o{path, src.name, {}};
        o.doc = composeDocument(src.text, o.name, &m_d.warnings);
        if (!o.doc.is_object())
            Reader(o.name).fail(At{&o.doc, ""}, "a compose file (a map with services)");
        return m_others.emplace(path, std::move(o)).first->second;
    }

    /// A file named as a variant of the project's compose file beside it (docker-compose.prod.yml beside
    /// docker-compose.yml, compose.monitoring.yaml beside compose.yaml) is what `docker compose -f
    /// docker-compose.yml -f docker-compose.prod.yml` runs: read as that, the base file merged with it (and
    /// without the override file, which docker compose reads only when no file is named). Returns whether
    /// this file is one; m_variant is then its word ("prod").
    bool readAsVariant() {
        const QFileInfo self(QString::fromStdString(m_src.path));
        const QStringList parts = self.fileName().split(QLatin1Char('.'));
        if (parts.size() != 3 ||
            (parts[0] != QLatin1String("compose") && parts[0] != QLatin1String("docker-compose")) ||
            (parts[2] != QLatin1String("yml") && parts[2] != QLatin1String("yaml")) ||
            parts[1].compare(QLatin1String("override"), Qt::CaseInsensitive) == 0 || parts[1].isEmpty())
            return false;
        for (const char* ext : {"yml", "yaml"}) {
            const QString base = parts[0] + QStringLiteral(".") + QLatin1String(ext);
            if (!QFileInfo(self.dir(), base).isFile())
                continue;
            const Other& o = other(m_src.path, m_src.name, "", base.toStdString());
            if (!o.doc.is_object())
                Reader(o.name).fail(At{&o.doc, ""}, "a compose file (a map with services)");
            json overlay = std::exchange(m_doc, o.doc);
            mergeDocument(overlay);
            m_variant = parts[1].toStdString();
            return true;
        }
        return false;
    }

    /// `overlay`, a compose file named after the one read, merged onto it as docker compose merges a second
    /// -f file: services by name, service by service (mergeService()), other sections whole.
    void mergeDocument(const json& overlay) {
        for (auto it = overlay.begin(); it != overlay.end(); ++it) {
            json& mine = m_doc[it.key()];
            if (it.key() == "services" && mine.is_object() && it->is_object()) {
                for (auto svc = it->begin(); svc != it->end(); ++svc)
                    if (isMergeTag(svc.value(), kResetTag)) // `db: !reset`: no such service here
                        mine.erase(svc.key());
                    else
                        mine[svc.key()] = mine.contains(svc.key()) && !isMergeTag(svc.value(), kOverrideTag)
                                              ? mergeService(mine[svc.key()], svc.value())
                                              : svc.value();
            } else {
                mine = mergeService(mine, it.value(), it.key());
            }
        }
    }

    /// docker compose, run beside a project's compose.yaml (or docker-compose.yml), reads the override
    /// file beside it too (compose.override.yml, docker-compose.override.yml...), merged onto it as a
    /// second -f file is: so does the import of that file, and a folder import does not read the override
    /// again on its own.
    void applyOverride() {
        static const std::set<QString> defaults = {
            QStringLiteral("compose.yaml"), QStringLiteral("compose.yml"),
            QStringLiteral("docker-compose.yaml"), QStringLiteral("docker-compose.yml")};
        const QFileInfo self(QString::fromStdString(m_src.path));
        if (!defaults.count(self.fileName()))
            return;
        for (const char* name : {"compose.override.yml", "compose.override.yaml",
                                 "docker-compose.override.yml", "docker-compose.override.yaml"}) {
            if (!QFileInfo(self.dir(), QString::fromLatin1(name)).isFile())
                continue;
            const Other& o = other(m_src.path, m_src.name, "", name);
            m_d.included.push_back(o.path);
            mergeDocument(o.doc);
            return;
        }
    }

    /// The services of the files `doc`'s top-level `include` names, added to its own (as docker compose
    /// makes them part of the project), each extended in its own file first; a service defined twice is an
    /// error, as it is for docker compose.
    void include(json& doc, const std::string& path, const std::string& name) {
        const Reader r(name);
        const At list = Reader::child(At{&doc, ""}, "include");
        if (Reader::missing(list))
            return;
        if (!list.j->is_array())
            r.fail(list, "include: a list of compose files");
        json added = json::object();
        for (std::size_t i = 0; i < list.j->size(); ++i) {
            const At entry = Reader::item(list, i);
            std::vector<std::pair<std::string, std::string>> files; // file, place
            if (entry.j->is_string()) {
                files.emplace_back(entry.j->get<std::string>(), entry.path);
            } else if (entry.j->is_object()) {
                const At p = Reader::child(entry, "path");
                if (p.j && p.j->is_string())
                    files.emplace_back(p.j->get<std::string>(), p.path);
                else if (p.j && p.j->is_array())
                    for (std::size_t k = 0; k < p.j->size(); ++k)
                        files.emplace_back(*r.scalar(Reader::item(p, k), "a file path"),
                                           p.path + "/" + std::to_string(k));
                else
                    r.fail(p, "path: a compose file, or a list of them merged in order");
            } else {
                r.fail(entry, "a compose file's path, or a map with path");
            }
            // Several paths are one model, each merged onto the ones before (as -f a -f b).
            json merged = json::object();
            for (const auto& [file, place] : files) {
                const Other& o = other(path, name, place, interpolate(file, m_vars));
                if (std::find(m_including.begin(), m_including.end(), o.path) != m_including.end())
                    throw Error(name, place,
                                "expected a compose file that does not include this one again, but \"" +
                                    file + "\" leads back to a file already being read (a cycle)");
                m_d.included.push_back(o.path);
                json own = o.doc;
                m_including.push_back(o.path);
                include(own, o.path, o.name);
                extendAll(own, o.path, o.name);
                m_including.pop_back();
                const At services = Reader::child(At{&own, ""}, "services");
                if (Reader::missing(services))
                    continue;
                if (!services.j->is_object())
                    Reader(o.name).fail(services, "services: a map of service names to their definitions");
                for (auto it = services.j->begin(); it != services.j->end(); ++it)
                    merged[it.key()] =
                        merged.contains(it.key()) ? mergeService(merged[it.key()], it.value()) : it.value();
            }
            for (auto it = merged.begin(); it != merged.end(); ++it) {
                if (added.contains(it.key()))
                    throw Error(name, entry.path,
                                "expected included files that define each service once, but service \"" +
                                    it.key() + "\" is defined by two of them");
                added[it.key()] = it.value();
            }
        }
        json& services = doc["services"];
        if (services.is_null())
            services = json::object();
        if (!services.is_object())
            r.fail(At{&services, "/services"}, "services: a map of service names to their definitions");
        for (auto it = added.begin(); it != added.end(); ++it) {
            if (services.contains(it.key()))
                throw Error(
                    name, jsonPointer("/services", it.key()),
                    "expected a service that no included file defines too, but an included file defines \"" +
                        it.key() + "\"");
            services[it.key()] = it.value();
        }
        doc.erase("include");
    }

    /// Every service of `doc` with its `extends` applied.
    void extendAll(json& doc, const std::string& path, const std::string& name) {
        json* services = doc.contains("services") ? &doc["services"] : nullptr;
        if (!services || !services->is_object())
            return;
        std::vector<std::string> names;
        for (auto it = services->begin(); it != services->end(); ++it)
            names.push_back(it.key());
        Extended done;
        for (const auto& service : names) {
            std::vector<std::string> chain;
            (*services)[service] = extended(*services, service, path, name, chain, done);
        }
    }

    /// The service `service` of `services` (of the file `name` at `path`) with its `extends` applied, as
    /// docker compose applies it: the base service (of this file, or of the file `extends.file` names),
    /// itself extended first, with this one merged onto it (mergeService()).
    /// Services extended so far, by their map of services and name: each is extended once, however many
    /// extend it (a long chain of services would otherwise be walked again for each of them).
    using Extended = std::map<std::pair<const json*, std::string>, json>;

    json extended(const json& services, const std::string& service, const std::string& path,
                  const std::string& name, std::vector<std::string>& chain, Extended& done) {
        if (const auto it = done.find({&services, service}); it != done.end())
            return it->second;
        const Reader r(name);
        const json& def = services.at(service);
        const At at{&def, jsonPointer("/services", service)};
        const At ext = Reader::child(at, "extends");
        if (!def.is_object() || Reader::missing(ext))
            return def;
        std::string base;
        std::optional<std::string> file;
        if (ext.j->is_string()) {
            base = ext.j->get<std::string>();
        } else if (ext.j->is_object()) {
            const auto s = r.scalar(ext, "service", "the service to extend, as a string");
            if (!s)
                r.fail(Reader::child(ext, "service"), "service: the name of the service to extend");
            base = *s;
            file = r.scalar(ext, "file", "the file of the service to extend, as a string");
        } else {
            r.fail(ext, "extends: a service name, or a map with service and file");
        }
        // Other files' paths are canonical already; the source's was made so once (m_including's first).
        const std::string& source = path.empty() ? name : path == m_src.path ? m_including.front() : path;
        const std::string link = source + "\n" + service;
        if (std::find(chain.begin(), chain.end(), link) != chain.end())
            throw Error(name, ext.path,
                        "expected a service to extend that does not lead back to \"" + service +
                            "\", but it does (a cycle)");
        chain.push_back(link);
        json merged;
        if (file) {
            // The base's file as written (as docker compose reads it for extends: without its includes).
            const Other& o = other(path, name, ext.path + "/file", interpolate(*file, m_vars));
            const auto it = o.doc.find("services");
            if (it == o.doc.end() || !it->is_object() || !it->contains(base))
                throw Error(name, ext.path + "/service",
                            "expected a service that " + o.name + " defines, but it has none named \"" +
                                base + "\"");
            merged = mergeService(extended(*it, base, o.path, o.name, chain, done), def);
        } else {
            if (!services.contains(base))
                throw Error(name, ext.path,
                            "expected a service of this file to extend, but it has none named \"" + base +
                                "\"");
            merged = mergeService(extended(services, base, path, name, chain, done), def);
        }
        chain.pop_back();
        merged.erase("extends");
        // What extends make counts as what YAML aliases make: a chain of services each adding to the
        // last can describe far more than the file holds.
        m_extendedValues += valuesIn(merged);
        if (m_extendedValues > YamlOptions{}.maxValues)
            throw Error(name, ext.path,
                        "expected extends that make at most " + std::to_string(YamlOptions{}.maxValues) +
                            " values in all, as YAML aliases may, but these make more");
        return done[{&services, service}] = std::move(merged);
    }

    std::string projectName(const At& root) {
        if (auto name = m_r.scalar(root, "name", "the project name as a string"))
            if (name->find('$') == std::string::npos)
                if (auto n = normalizeProject(*name); !n.empty())
                    return n;
        if (!m_src.path.empty()) {
            const QFileInfo info(QString::fromStdString(m_src.path));
            if (auto n = normalizeProject(info.absoluteDir().dirName().toStdString()); !n.empty()) {
                m_projectOfFolder = true;
                return n;
            }
        }
        std::string stem = m_src.name;
        if (const auto slash = stem.find_last_of("/\\"); slash != std::string::npos)
            stem.erase(0, slash + 1);
        if (const auto dot = stem.find('.'); dot != std::string::npos && dot > 0)
            stem.erase(dot);
        if (auto n = normalizeProject(stem); !n.empty())
            return n;
        return "default";
    }

    /// A project named by its folder is that folder's: two `deploy/` folders of a monorepo are two projects,
    /// as docker compose would run them on two hosts. Its scope is the folder's (a map written before held
    /// "compose:deploy", which is taken for it), and where another folder's system holds one of its keys, its
    /// system takes the key its folders make ("compose:web/deploy/db"; planMerge()).
    void keepFoldersOfOneNameApart() {
        if (m_folder.empty())
            return;
        const std::string variant = m_d.scope.substr(("compose:" + m_project).size()); // "+prod", or ""
        m_d.legacyScope = m_d.scope;
        m_d.scope = sourceScope("compose", m_folder, m_project) + variant;
        if (!variant.empty() && m_keySuffix.empty())
            return; // its services are the base file's, with the base file's keys
        addFolderKeys(m_d, "compose", m_project, m_folder, 1, true); // the folders above the project's own
    }

    void findServices(const At& root) {
        At services = Reader::child(root, "services");
        if (Reader::missing(services)) {
            // Version 1 files: services at the top level, each with an image or a build.
            bool legacy = !root.j->empty() && !root.j->contains("version");
            for (auto it = root.j->begin(); legacy && it != root.j->end(); ++it)
                legacy =
                    it.value().is_object() && (it.value().contains("image") || it.value().contains("build"));
            if (!legacy) {
                if (services.j) // services: (empty)
                    return;
                m_r.fail(services, "services: a map of service names to their definitions");
            }
            services = root;
            services.path = "";
        }
        if (!services.j->is_object())
            m_r.fail(services, "services: a map of service names to their definitions");
        m_services = services;
        for (auto it = services.j->begin(); it != services.j->end(); ++it) {
            const At def = Reader::child(services, it.key());
            if (!def.j->is_object())
                m_r.fail(def, "a service definition (a map with image, build, ports...)");
            m_order.push_back(it.key());
        }
    }

    std::string key(const std::string& service) const {
        return "compose:" + m_project + "/" + service + m_keySuffix;
    }

    /// Names by which other services reach one: service name, container_name, hostname, network aliases.
    void collectNames() {
        for (const auto& name : m_order)
            m_names.emplace(asciiLower(name), key(name));
        for (const auto& name : m_order) {
            const At def = Reader::child(m_services, name);
            for (const char* field : {"container_name", "hostname"})
                if (auto v = m_r.scalar(def, field, "a name as a string"); v && !v->empty())
                    m_names.emplace(asciiLower(interpolatedToKeep(*v, m_vars)), key(name));
            const At networks = Reader::child(def, "networks");
            if (networks.j && networks.j->is_object())
                for (auto it = networks.j->begin(); it != networks.j->end(); ++it) {
                    const At net = Reader::child(networks, it.key());
                    if (Reader::missing(net))
                        continue;
                    if (!net.j->is_object())
                        m_r.fail(net, "a network attachment (a map with aliases, ipv4_address...)");
                    for (const auto& alias : m_r.scalarList(net, "aliases", "aliases: a list of names"))
                        if (!alias.empty())
                            m_names.emplace(asciiLower(interpolatedToKeep(alias, m_vars)), key(name));
                }
            else if (networks.j && !networks.j->is_array() && !networks.j->is_null())
                m_r.fail(networks, "networks: a list of network names or a map");
        }
    }

    void addEdge(const std::string& from, const std::string& to, const std::string& kind,
                 const std::string& evidence) {
        if (from == to)
            return;
        const std::string pair = from + "\n" + to;
        if (auto it = m_edgeIndex.find(pair); it != m_edgeIndex.end()) {
            DiscoveredEdge& e = m_d.edges[it->second];
            if (strength(kind) > strength(e.kind))
                e.kind = kind;
            if (e.evidence.find(evidence) == std::string::npos)
                e.evidence += "; " + evidence;
            return;
        }
        m_edgeIndex[pair] = m_d.edges.size();
        m_d.edges.push_back({from, to, kind, evidence});
    }

    std::string external(const std::string& host) {
        const std::string k = "compose:external/" + host;
        if (m_externals.insert(k).second)
            m_d.systems.push_back(externalHostSystem(k, host));
        return k;
    }

    /// `service:X` in network_mode, ipc, pid...: the service X.
    std::optional<std::string> serviceMode(const At& def, const char* field) const {
        if (auto v = m_r.scalar(def, field, "a mode as a string"); v && v->starts_with("service:"))
            return v->substr(8);
        return std::nullopt;
    }

    json ports(const At& def) const {
        json out = json::array();
        for (const char* field : {"ports"}) {
            const At list = Reader::child(def, field);
            if (Reader::missing(list))
                continue;
            if (!list.j->is_array())
                m_r.fail(list, "ports: a list of port mappings");
            for (std::size_t i = 0; i < list.j->size() && out.size() < 16; ++i) {
                const At p = Reader::item(list, i);
                if (p.j->is_object()) {
                    const auto target = m_r.scalar(p, "target", "the target port");
                    const auto published = m_r.scalar(p, "published", "the published port");
                    const auto protocol = m_r.scalar(p, "protocol", "the protocol as a string");
                    std::string s = published && !published->empty() ? *published + ":" : "";
                    s += target.value_or("");
                    if (protocol && *protocol != "tcp")
                        s += "/" + *protocol;
                    if (!s.empty())
                        out.push_back(interpolatedToKeep(s, m_vars));
                } else if (auto s = m_r.scalar(p, "a port mapping such as \"8080:80\"")) {
                    out.push_back(interpolatedToKeep(*s, m_vars));
                }
            }
        }
        return out;
    }

    std::vector<std::pair<std::string, std::string>> environment(const At& def) const {
        std::vector<std::pair<std::string, std::string>> out;
        const At env = Reader::child(def, "environment");
        if (Reader::missing(env))
            return out;
        if (env.j->is_array()) {
            for (std::size_t i = 0; i < env.j->size(); ++i) {
                const auto entry = m_r.scalar(Reader::item(env, i), "an environment entry KEY=value");
                if (!entry)
                    continue;
                const auto eq = entry->find('=');
                if (eq != std::string::npos)
                    out.emplace_back(entry->substr(0, eq), entry->substr(eq + 1));
            }
        } else if (env.j->is_object()) {
            for (auto it = env.j->begin(); it != env.j->end(); ++it)
                if (auto v = m_r.scalar(Reader::child(env, it.key()), "an environment value (text)"))
                    out.emplace_back(it.key(), *v);
        } else {
            m_r.fail(env, "environment: a list of KEY=value entries or a map");
        }
        return out;
    }

    /// The entries of the service's env_file files (a path, a list of paths, or of {path, required}),
    /// relative to the compose file; one that is missing is named in a warning.
    std::vector<std::pair<std::string, std::string>> envFileEntries(const At& def) {
        std::vector<std::pair<std::string, std::string>> out;
        const At files = Reader::child(def, "env_file");
        if (Reader::missing(files))
            return out;
        std::vector<std::pair<std::string, bool>> paths; // path, required
        auto entry = [&](const At& e) {
            if (e.j->is_object()) {
                const auto path = m_r.scalar(e, "path", "the env file's path");
                const At required = Reader::child(e, "required");
                if (path)
                    paths.emplace_back(*path,
                                       !(required.j && required.j->is_boolean() && !required.j->get<bool>()));
            } else if (auto path = m_r.scalar(e, "an env file's path, or a map with path")) {
                paths.emplace_back(*path, true);
            }
        };
        if (files.j->is_array())
            for (std::size_t i = 0; i < files.j->size(); ++i)
                entry(Reader::item(files, i));
        else
            entry(files);
        for (const auto& [path, required] : paths) {
            if (m_folder.empty())
                continue; // text without a folder: nothing to read it from
            const QString file =
                QDir(QString::fromStdString(m_folder)).absoluteFilePath(QString::fromStdString(path));
            if (!QFileInfo(file).isFile()) {
                if (required)
                    m_d.warnings.push_back("env_file " + path +
                                           " is not there; the hosts it names are not known");
                continue;
            }
            for (auto& [k, v] : readEnvFile(file))
                out.emplace_back(k, v);
        }
        return out;
    }

    void service(const std::string& name) {
        const At def = Reader::child(m_services, name);
        const std::string self = key(name);
        DiscoveredSystem s;
        s.key = self;
        s.name = name;
        s.provider = "docker";
        s.address = name;
        s.group = m_project;
        json attrs = json::object();
        const auto image = m_r.scalar(def, "image", "the image as a string");
        if (image)
            if (auto safe = safeImage(interpolatedToKeep(*image, m_vars)))
                attrs["image"] = *safe;
        const std::string kind = image ? imageKind(interpolate(*image, m_vars)) : "";
        s.kind = kind.empty() ? "service" : kind;
        const At build = Reader::child(def, "build");
        if (!Reader::missing(build)) {
            // The context only: build args can hold secrets.
            if (build.j->is_object()) {
                if (auto context = m_r.scalar(build, "context", "the build context as a string"))
                    attrs["build"] = *context;
            } else if (auto context = m_r.scalar(build, "build: a context path or a map")) {
                attrs["build"] = *context;
            }
        }
        if (const json p = ports(def); !p.empty())
            attrs["ports"] = p;
        const At deploy = m_r.object(def, "deploy", "deploy: a map");
        if (const At replicas = Reader::child(deploy, "replicas");
            replicas.j && replicas.j->is_number_integer())
            attrs["replicas"] = *replicas.j;
        else if (const At scale = Reader::child(def, "scale"); scale.j && scale.j->is_number_integer())
            attrs["replicas"] = *scale.j;
        if (auto container = m_r.scalar(def, "container_name", "container_name as a string");
            container && !container->empty()) {
            const std::string named = interpolatedToKeep(*container, m_vars);
            attrs["container_name"] = named;
            s.identifiers.push_back(named);
        }
        if (const auto profiles = m_r.scalarList(def, "profiles", "profiles: a list of names");
            !profiles.empty())
            attrs["profiles"] = profiles;
        const At labels = Reader::child(def, "labels");
        if (labels.j && labels.j->is_object()) {
            json l = json::object();
            for (auto it = labels.j->begin(); it != labels.j->end() && l.size() < 32; ++it)
                l[it.key()] = m_r.scalar(Reader::child(labels, it.key()), "a label value").value_or("");
            attrs["labels"] = l;
        } else if (labels.j && labels.j->is_array()) {
            json l = json::object();
            for (const auto& entry : m_r.scalarList(def, "labels", "a label KEY=value"))
                if (l.size() < 32) {
                    const auto eq = entry.find('=');
                    l[entry.substr(0, eq)] = eq == std::string::npos ? "" : entry.substr(eq + 1);
                }
            attrs["labels"] = l;
        } else if (!Reader::missing(labels)) {
            m_r.fail(labels, "labels: a map or a list of KEY=value");
        }
        s.attributes = safeAttributes(attrs);
        m_d.systems.push_back(std::move(s));

        // depends_on: a list, or a map of service → {condition, required, restart}.
        const At depends = Reader::child(def, "depends_on");
        if (!Reader::missing(depends)) {
            if (depends.j->is_array()) {
                for (std::size_t i = 0; i < depends.j->size(); ++i)
                    if (auto t = m_r.scalar(Reader::item(depends, i), "a service name"); t && !t->empty())
                        addEdge(self, key(*t), "depends-on", "depends_on");
            } else if (depends.j->is_object()) {
                for (auto it = depends.j->begin(); it != depends.j->end(); ++it) {
                    const At cond = Reader::child(depends, it.key());
                    std::string evidence = "depends_on";
                    if (!Reader::missing(cond)) {
                        if (!cond.j->is_object())
                            m_r.fail(cond, "a map with condition, required and restart");
                        if (auto c = m_r.scalar(cond, "condition", "the condition as a string"))
                            evidence += " (" + *c + ")";
                    }
                    addEdge(self, key(it.key()), "depends-on", evidence);
                }
            } else {
                m_r.fail(depends, "depends_on: a list of service names or a map");
            }
        }
        // links: "db" or "db:alias"; the alias is a host name for this service only.
        std::map<std::string, std::string> ownNames;
        for (const auto& link : m_r.scalarList(def, "links", "links: a list of service[:alias]")) {
            const auto colon = link.find(':');
            const std::string target = link.substr(0, colon);
            if (target.empty())
                continue;
            addEdge(self, key(target), "calls", "links " + link);
            if (colon != std::string::npos)
                ownNames[asciiLower(link.substr(colon + 1))] = key(target);
        }
        for (const auto& link :
             m_r.scalarList(def, "external_links", "external_links: a list of container[:alias]")) {
            const auto colon = link.find(':');
            const std::string container = link.substr(0, colon);
            if (container.empty())
                continue;
            const std::string ext = external(container);
            addEdge(self, ext, "calls", "external_links " + link);
            ownNames[asciiLower(container)] = ext;
            if (colon != std::string::npos)
                ownNames[asciiLower(link.substr(colon + 1))] = ext;
        }
        if (auto target = serviceMode(def, "network_mode"))
            addEdge(self, key(*target), "runs-on", "network_mode service:" + *target);
        for (const char* field : {"ipc", "pid", "uts", "cgroup"})
            if (auto target = serviceMode(def, field))
                addEdge(self, key(*target), "depends-on", std::string(field) + " service:" + *target);
        for (const auto& entry :
             m_r.scalarList(def, "volumes_from", "volumes_from: a list of service[:ro]")) {
            if (entry.starts_with("container:") || entry.empty())
                continue;
            std::string target = entry.starts_with("service:") ? entry.substr(8) : entry;
            bool readOnly = false;
            if (const auto colon = target.find(':'); colon != std::string::npos) {
                readOnly = target.substr(colon + 1) == "ro";
                target.erase(colon);
            }
            addEdge(self, key(target), readOnly ? "reads" : "reads-writes", "volumes_from " + entry);
        }
        // Hosts named in environment values (never kept: only the host and the variable's name): the
        // service's env_file entries, then its environment, which wins for a name in both.
        std::vector<std::tuple<std::string, std::string, const char*>> env;
        const auto listed = environment(def);
        for (auto& entry : envFileEntries(def)) // not a structured binding: clang 14 cannot capture one
            if (std::none_of(listed.begin(), listed.end(),
                             [&](const auto& o) { return o.first == entry.first; }))
                env.emplace_back(entry.first, std::move(entry.second), "env_file");
        for (const auto& [k, v] : listed)
            env.emplace_back(k, v, "env");
        // And in its command and entrypoint: `./wait-for-it.sh db:5432 -- npm start`, `--redis-host=cache`.
        std::vector<std::string_view> commandLine;
        for (const char* field : {"entrypoint", "command"})
            if (const At c = Reader::child(def, field); c.j && c.j->is_string())
                commandLine.push_back(c.j->get_ref<const std::string&>());
            else if (c.j && c.j->is_array())
                for (const auto& part : *c.j)
                    if (part.is_string())
                        commandLine.push_back(part.get_ref<const std::string&>());
        for (auto& [k, v] : commandLineValues(commandLine))
            env.emplace_back(std::move(k), std::move(v), "command");
        for (const auto& [k, v, what] : env) {
            const std::string value = interpolate(v, m_vars);
            // A resource of AWS named by its ARN or its URL (a QUEUE_URL, a TOPIC_ARN, a secret's ARN).
            if (const auto ref = awsResourceInSetting(what, k, value)) {
                const std::string to = "compose:external/" + ref->resource.id;
                if (m_externals.insert(to).second)
                    m_d.systems.push_back(externalAwsSystem(to, ref->resource));
                addEdge(self, to, ref->kind, ref->evidence);
                continue;
            }
            for (const HostRef& ref : hostRefs(k, value)) {
                std::optional<std::string> to;
                if (auto own = ownNames.find(ref.host); own != ownNames.end())
                    to = own->second;
                else if (auto n = m_names.find(ref.host); n != m_names.end())
                    to = n->second;
                else if (ref.definite)
                    to = external(ref.host);
                if (to && *to != self)
                    addEdge(self, *to, "calls", hostEvidence(what, k, value, ref));
            }
        }
    }

    const SourceText& m_src;
    const ParseOptions& m_options;
    Reader m_r;
    Discovery m_d;
    json m_doc;
    std::string m_folder; // the source's folder, absolute (empty without a path): other files and `.env` are
                          // found from it
    Variables m_vars;     // from `.env`: interpolation only, never kept
    std::map<std::string, Other> m_others; // files read for include and extends, by canonical path
    std::vector<std::string> m_including;  // the files whose includes are being applied, outermost first
    std::size_t m_extendedValues = 0;      // values the services extended so far hold
    std::string m_project;
    std::string m_variant;          ///< "prod" for docker-compose.prod.yml (readAsVariant())
    std::string m_keySuffix;        ///< "@production" for a variant in an environment
    bool m_projectOfFolder = false; ///< the project is named by its folder (no `name:`)
    At m_services;
    std::vector<std::string> m_order;
    std::map<std::string, std::string> m_names; // host name -> service key
    std::set<std::string> m_externals;
    std::map<std::string, std::size_t> m_edgeIndex;
};

bool composeFileName(const std::string& fileName) {
    std::string n = asciiLower(fileName);
    if (const auto slash = n.find_last_of("/\\"); slash != std::string::npos)
        n.erase(0, slash + 1);
    const bool yaml = n.ends_with(".yml") || n.ends_with(".yaml");
    return yaml && (n.starts_with("docker-compose") || n.starts_with("compose") ||
                    n.find("compose.") != std::string::npos);
}

} // namespace

std::string ComposeParser::description() const {
    return "docker compose files (v2, v3, Compose Specification) and docker compose config --format json";
}

int ComposeParser::sniff(const std::string& fileName, const std::string& text) const {
    if (text.find("AWSTemplateFormatVersion") != std::string::npos)
        return 0;
    const bool byName = composeFileName(fileName);
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return byName ? 40 : 0;
    bool services = false;
    bool apiVersion = false;
    if (text[first] == '{') {
        // "services": { at any depth is enough for the JSON of docker compose config.
        for (std::size_t pos = text.find("\"services\""); pos != std::string::npos;
             pos = text.find("\"services\"", pos + 1)) {
            const auto colon = text.find_first_not_of(" \t\r\n", pos + 10);
            if (colon == std::string::npos || text[colon] != ':')
                continue;
            const auto brace = text.find_first_not_of(" \t\r\n", colon + 1);
            if (brace != std::string::npos && text[brace] == '{')
                services = true;
        }
        apiVersion = text.find("\"apiVersion\"") != std::string::npos;
    } else {
        services = text.starts_with("services:") || text.find("\nservices:") != std::string::npos;
        apiVersion = text.starts_with("apiVersion:") || text.find("\napiVersion:") != std::string::npos;
    }
    if (apiVersion)
        return 0;
    const bool serviceFields = text.find("image:") != std::string::npos ||
                               text.find("build:") != std::string::npos ||
                               text.find("\"image\"") != std::string::npos;
    if (services && byName)
        return 95;
    if (services && serviceFields)
        return 85;
    if (services)
        return 60;
    if (byName && serviceFields)
        return 70; // a version 1 file: services at the top level
    return byName ? 40 : 0;
}

Discovery ComposeParser::parse(const SourceText& src, const ParseOptions& options) const {
    return Parse(src, options).run();
}

} // namespace terrain
