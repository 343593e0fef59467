#include "PrometheusParser.h"

#include "AsciiChars.h"
#include "Error.h"
#include "FileGlob.h"
#include "Redaction.h"
#include "SourceText.h"
#include "YamlJson.h"

#include <QFileInfo>

#include <algorithm>
#include <set>
#include <string_view>

namespace terrain {

namespace {

bool contains(std::string_view s, std::string_view part) {
    return s.find(part) != std::string_view::npos;
}

struct Target {
    std::string host; ///< lower case
    std::string port; ///< digits or empty
    std::string text() const {
        const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
        return port.empty() ? h : h + ":" + port;
    }
};

/// "api:8080", "[::1]:9090", "10.0.0.5", "https://user:pw@example.org:443/metrics" → host and port.
std::optional<Target> parseTarget(std::string_view raw) {
    std::string v = stripUrlCredentials(raw);
    if (const auto scheme = v.find("://"); scheme != std::string::npos)
        v = v.substr(scheme + 3);
    v = v.substr(0, v.find_first_of("/?#"));
    if (const auto at = v.rfind('@'); at != std::string::npos)
        v = v.substr(at + 1);
    Target t;
    if (!v.empty() && v[0] == '[') {
        const auto close = v.find(']');
        if (close == std::string::npos)
            return std::nullopt;
        t.host = v.substr(1, close - 1);
        if (close + 1 < v.size()) {
            if (v[close + 1] != ':')
                return std::nullopt;
            t.port = v.substr(close + 2);
        }
    } else if (std::count(v.begin(), v.end(), ':') == 1) {
        const auto colon = v.find(':');
        t.host = v.substr(0, colon);
        t.port = v.substr(colon + 1);
    } else {
        t.host = v;
    }
    t.host = asciiLower(t.host);
    while (!t.host.empty() && t.host.back() == '.')
        t.host.pop_back();
    if (t.host.empty() || t.host.size() > 253 || t.port.size() > 5 ||
        !std::all_of(t.port.begin(), t.port.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        !std::all_of(t.host.begin(), t.host.end(), [](char c) {
            return isAsciiAlnum(c) || c == '.' || c == '-' || c == '_' || c == ':' || c == '%';
        }))
        return std::nullopt;
    return t;
}

bool isLocal(const std::string& host) {
    return host == "localhost" || host == "127.0.0.1" || host == "::1" || host == "0.0.0.0" ||
           host.rfind("localhost.", 0) == 0;
}

/// Adds `value` to the ", "-joined list under `field` of `fact` (once; the list stops growing past 1 KiB).
void addToList(json& fact, const std::string& field, const std::string& value) {
    if (value.empty())
        return;
    std::string cur = fact.value(field, std::string());
    std::size_t start = 0;
    while (start <= cur.size()) { // already there?
        const auto end = cur.find(", ", start);
        if (cur.substr(start, end == std::string::npos ? std::string::npos : end - start) == value)
            return;
        if (end == std::string::npos)
            break;
        start = end + 2;
    }
    if (cur.size() > 1024)
        return;
    fact[field] = cur.empty() ? value : cur + ", " + value;
}

class Reader {
public:
    explicit Reader(const SourceText& src)
        : m_src(src) {}

    Discovery run(const json& root);

private:
    [[noreturn]] void fail(const std::string& ptr, const std::string& expected,
                           const json* found = nullptr) const {
        throw Error(m_src.name, ptr.empty() ? std::string("/") : ptr,
                    "expected " + expected + (found ? ", found " + describeJson(*found) : std::string()));
    }
    std::vector<std::string> strings(const json& obj, const std::string& ptr, const char* key,
                                     bool required) const {
        std::vector<std::string> out;
        const auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) {
            if (required)
                fail(jsonPointer(ptr, key), "a list of targets (\"host:port\" strings)");
            return out;
        }
        if (!it->is_array())
            fail(jsonPointer(ptr, key), "a list of strings", &*it);
        for (std::size_t i = 0; i < it->size(); ++i) {
            if (!(*it)[i].is_string())
                fail(jsonPointer(jsonPointer(ptr, key), i), "a string", &(*it)[i]);
            out.push_back((*it)[i].get<std::string>());
        }
        return out;
    }
    const json* optList(const json& obj, const std::string& ptr, const char* key) const {
        const auto it = obj.find(key);
        if (it == obj.end() || it->is_null())
            return nullptr;
        if (!it->is_array())
            fail(jsonPointer(ptr, key), "a list", &*it);
        return &*it;
    }
    const json* optMap(const json& obj, const std::string& ptr, const char* key) const {
        const auto it = obj.find(key);
        if (it == obj.end() || it->is_null())
            return nullptr;
        if (!it->is_object())
            fail(jsonPointer(ptr, key), "a map", &*it);
        return &*it;
    }

    /// Adds "value" to the ", "-joined list under `field` of the fact about `key`.
    void note(const std::string& key, const std::string& field, const std::string& value) {
        json& fact = m_d.facts[key];
        if (!fact.is_object())
            fact = json{{"monitored_by", "prometheus"}};
        addToList(fact, field, value);
    }
    void target(const std::string& raw, const std::string& job, const json* labels, const std::string& ptr,
                const std::string& localKey);
    void config(const json& root);
    void targetList(const json& root, const std::string& defaultJob = {});
    void apiTargets(const json& root);

public:
    /// A target list that a configuration's file_sd names, its targets scraped by `job`.
    Discovery runTargetList(const json& root, const std::string& job) {
        m_d.format = "prometheus";
        m_d.file = m_src.name;
        if (!root.is_array())
            fail("", "a file_sd target list (a list of {targets, labels})", &root);
        targetList(root, job);
        return std::move(m_d);
    }
    /// The file_sd files of the configuration run() read: (file or glob, job).
    const std::vector<std::pair<std::string, std::string>>& fileSd() const { return m_fileSd; }

private:
    const SourceText& m_src;
    Discovery m_d;
    std::vector<std::pair<std::string, std::string>> m_fileSd;
    std::size_t m_localLeftOut = 0, m_unreadable = 0;
};

void Reader::target(const std::string& raw, const std::string& job, const json* labels,
                    const std::string& ptr, const std::string& localKey) {
    const auto t = parseTarget(raw);
    if (!t) {
        if (++m_unreadable <= 10)
            m_d.warnings.push_back(ptr + ": a target that names no host; left out");
        return;
    }
    std::string key = t->host;
    if (isLocal(t->host)) {
        if (localKey.empty()) {
            ++m_localLeftOut;
            return;
        }
        key = localKey;
    }
    note(key, "monitored_by", "");
    note(key, "scrape_job", job);
    note(key, "scrape_targets", t->text());
    if (labels && labels->is_object()) {
        std::size_t kept = 0;
        for (auto it = labels->begin(); it != labels->end() && kept < 16; ++it) {
            if (!it->is_string() || it.key().rfind("__", 0) == 0 || it.key() == "job" ||
                isSecretKey(it.key()))
                continue;
            if (auto v = safeValue(it.key(), it->get<std::string>())) {
                m_d.facts[key]["prometheus_label." + it.key()] = *v;
                ++kept;
            }
        }
    }
}

void Reader::config(const json& root) {
    std::string stem = m_src.name;
    if (const auto dot = stem.rfind('.'); dot != std::string::npos && dot > 0)
        stem.resize(dot);
    DiscoveredSystem s;
    s.key = "prometheus:" + stem;
    s.name = "Prometheus (" + m_src.name + ")";
    s.kind = "monitoring";
    s.address = m_src.name;
    json attrs = json::object();
    if (const json* g = optMap(root, "", "global")) {
        for (const char* k : {"scrape_interval", "scrape_timeout", "evaluation_interval"})
            if (const auto it = g->find(k); it != g->end() && it->is_string())
                attrs[k] = *it;
    }
    json jobs = json::array(), files = json::array(), discovery = json::array();
    std::size_t targets = 0;
    if (const json* scrapes = optList(root, "", "scrape_configs")) {
        for (std::size_t i = 0; i < scrapes->size(); ++i) {
            const std::string p = jsonPointer("/scrape_configs", i);
            const json& sc = (*scrapes)[i];
            if (!sc.is_object())
                fail(p, "a scrape config (a map with job_name)", &sc);
            const auto jn = sc.find("job_name");
            if (jn == sc.end() || !jn->is_string() || jn->get<std::string>().empty())
                fail(jsonPointer(p, "job_name"), "the job's name (a string)",
                     jn == sc.end() ? nullptr : &*jn);
            const std::string job = safeValue("job_name", jn->get<std::string>()).value_or("job");
            if (jobs.size() < 16)
                jobs.push_back(job);
            if (const json* statics = optList(sc, p, "static_configs"))
                for (std::size_t k = 0; k < statics->size(); ++k) {
                    const std::string sp = jsonPointer(jsonPointer(p, "static_configs"), k);
                    const json& st = (*statics)[k];
                    if (!st.is_object())
                        fail(sp, "a static config (a map with targets)", &st);
                    const json* labels = optMap(st, sp, "labels");
                    const auto list = strings(st, sp, "targets", false);
                    for (std::size_t n = 0; n < list.size(); ++n)
                        target(list[n], job, labels, jsonPointer(jsonPointer(sp, "targets"), n), s.key);
                    targets += list.size();
                }
            if (const json* fsd = optList(sc, p, "file_sd_configs"))
                for (std::size_t k = 0; k < fsd->size(); ++k) {
                    const std::string fp = jsonPointer(jsonPointer(p, "file_sd_configs"), k);
                    if (!(*fsd)[k].is_object())
                        fail(fp, "a file_sd config (a map with files)", &(*fsd)[k]);
                    for (const auto& f : strings((*fsd)[k], fp, "files", false)) {
                        m_fileSd.emplace_back(f, job);
                        if (files.size() < 16)
                            if (auto v = safeValue("file", f))
                                files.push_back(*v);
                    }
                }
            for (auto it = sc.begin(); it != sc.end(); ++it) {
                const std::string& k = it.key();
                if (k.size() > 11 && k.compare(k.size() - 11, 11, "_sd_configs") == 0 &&
                    k != "file_sd_configs" && k != "static_configs") {
                    const std::string kind = k.substr(0, k.size() - 11);
                    if (std::find(discovery.begin(), discovery.end(), json(kind)) == discovery.end() &&
                        discovery.size() < 16)
                        discovery.push_back(kind);
                }
            }
        }
    }
    attrs["scrape_jobs"] = jobs;
    attrs["static_targets"] = targets;
    if (!files.empty())
        attrs["file_sd_files"] = files;
    if (!discovery.empty())
        attrs["service_discovery"] = discovery;
    s.attributes = safeAttributes(attrs);
    // Every prometheus.yml makes one key: another's (in another folder, another environment's) takes the key
    // its path makes, with the folders above it (planMerge()).
    if (!m_src.path.empty()) {
        const QFileInfo file(QString::fromStdString(m_src.path));
        const QString canonical = file.canonicalFilePath();
        for (const std::string& above :
             foldersUpward(QFileInfo(canonical.isEmpty() ? file.absoluteFilePath() : canonical)
                               .absolutePath()
                               .toStdString()))
            m_d.pathKeys[s.key].push_back(
                {"prometheus:" + above + stem, "Prometheus (" + above + m_src.name + ")"});
    }
    m_d.systems.push_back(std::move(s));
}

void Reader::targetList(const json& root, const std::string& defaultJob) {
    for (std::size_t i = 0; i < root.size(); ++i) {
        const std::string p = jsonPointer("", i);
        const json& group = root[i];
        if (!group.is_object())
            fail(p, "a target group (a map with targets and labels)", &group);
        const json* labels = optMap(group, p, "labels");
        std::string job = defaultJob;
        if (labels)
            if (const auto j = labels->find("job"); j != labels->end() && j->is_string())
                job = safeValue("job", j->get<std::string>()).value_or("");
        const auto list = strings(group, p, "targets", true);
        for (std::size_t n = 0; n < list.size(); ++n)
            target(list[n], job, labels, jsonPointer(jsonPointer(p, "targets"), n), {});
    }
}

void Reader::apiTargets(const json& root) {
    const json* data = optMap(root, "", "data");
    if (!data)
        fail("/data", "the API's data (a map with activeTargets)");
    const json* active = optList(*data, "/data", "activeTargets");
    if (!active)
        fail("/data/activeTargets", "a list of targets");
    for (std::size_t i = 0; i < active->size(); ++i) {
        const std::string p = jsonPointer("/data/activeTargets", i);
        const json& t = (*active)[i];
        if (!t.is_object())
            fail(p, "a target (a map with labels)", &t);
        const json* labels = optMap(t, p, "labels");
        const json* discovered = optMap(t, p, "discoveredLabels");
        std::string address, job;
        if (labels) {
            if (const auto it = labels->find("instance"); it != labels->end() && it->is_string())
                address = it->get<std::string>();
            if (const auto it = labels->find("job"); it != labels->end() && it->is_string())
                job = it->get<std::string>();
        }
        if (address.empty() && discovered)
            if (const auto it = discovered->find("__address__"); it != discovered->end() && it->is_string())
                address = it->get<std::string>();
        if (address.empty())
            if (const auto it = t.find("scrapeUrl"); it != t.end() && it->is_string())
                address = it->get<std::string>();
        if (job.empty())
            if (const auto it = t.find("scrapePool"); it != t.end() && it->is_string())
                job = it->get<std::string>();
        if (address.empty())
            continue;
        target(address, safeValue("job", job).value_or(""), labels, p, {});
        if (const auto h = t.find("health"); h != t.end() && h->is_string())
            if (const auto parsed = parseTarget(address); parsed && m_d.facts.count(parsed->host))
                m_d.facts[parsed->host]["scrape_health"] =
                    safeValue("health", h->get<std::string>()).value_or("");
    }
}

Discovery Reader::run(const json& root) {
    m_d.format = "prometheus";
    m_d.file = m_src.name;
    m_d.scope = sourceScope("prometheus", m_src.path, m_src.name);
    m_d.legacyScope = "prometheus:" + m_src.name;
    m_d.contentHash = m_src.sha256;
    if (root.is_array()) {
        targetList(root);
    } else if (root.is_object() && root.contains("data") && root.contains("status")) {
        apiTargets(root);
    } else if (root.is_object() && (root.contains("scrape_configs") || root.contains("global") ||
                                    root.contains("rule_files") || root.contains("alerting") ||
                                    root.contains("scrape_config_files") || root.contains("remote_write"))) {
        config(root);
    } else {
        fail("",
             "a Prometheus configuration (a map with scrape_configs), a file_sd target list (a list of "
             "{targets, labels}) or a /api/v1/targets answer",
             &root);
    }
    if (m_localLeftOut > 0)
        m_d.warnings.push_back(
            std::to_string(m_localLeftOut) +
            " target(s) on localhost left out: they name whichever machine runs Prometheus");
    if (m_unreadable > 10)
        m_d.warnings.push_back("... and " + std::to_string(m_unreadable - 10) +
                               " more targets that name no host");
    return std::move(m_d);
}

} // namespace

std::string PrometheusParser::description() const {
    return "Prometheus configuration (prometheus.yml), file_sd target lists or /api/v1/targets: what is "
           "monitored";
}

int PrometheusParser::sniff(const std::string& fileName, const std::string& text) const {
    const std::string head = text.substr(0, 16384);
    const std::string l = asciiLower(fileName);
    const bool k8s = contains(head, "apiVersion") && contains(head, "kind");
    if (contains(head, "activeTargets") && contains(head, "scrapePool"))
        return 90;
    if (contains(head, "scrape_configs"))
        return k8s ? 20 : 90;
    if (!k8s && (l == "prometheus.yml" || l == "prometheus.yaml"))
        return 80;
    // file_sd: a list of {targets, labels}
    const auto first = head.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return 0;
    if (head[first] == '[') {
        const auto next = head.find_first_not_of(" \t\r\n", first + 1);
        if (next != std::string::npos && head[next] == '{') {
            const auto key = head.find_first_not_of(" \t\r\n", next + 1);
            if (key != std::string::npos &&
                (head.compare(key, 9, "\"targets\"") == 0 || head.compare(key, 8, "\"labels\"") == 0))
                return 75;
        }
        return 0;
    }
    // YAML: the first line that is not a comment starts the list with targets or labels.
    std::size_t pos = 0;
    while (pos < head.size()) {
        const auto nl = head.find('\n', pos);
        const std::string line = head.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        const auto b = line.find_first_not_of(" \t\r");
        if (b != std::string::npos && line[b] != '#') {
            if (line.compare(b, 10, "- targets:") == 0 || line.compare(b, 9, "- labels:") == 0)
                return 75;
            return 0;
        }
        if (nl == std::string::npos)
            break;
        pos = nl + 1;
    }
    return 0;
}

namespace {

/// A configuration or a target list: JSON, or one YAML document.
json documentOf(const SourceText& src) {
    json root;
    const auto first = src.text.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && (src.text[first] == '{' || src.text[first] == '[')) {
        root = parseJsonText(src.text, src.name);
    } else {
        YamlOptions opts;
        opts.maxValues =
            1'000'000; // configurations and target lists are small; alias bombs are refused early
        auto docs = loadYamlDocuments(src.text, src.name, opts);
        if (docs.empty())
            throw Error(src.name, "line 1, column 1",
                        "expected a Prometheus configuration or target list, found an empty file");
        if (docs.size() > 1)
            throw Error(src.name, "document 2", "expected one YAML document, found several");
        root = std::move(docs.front());
    }
    return root;
}

} // namespace

Discovery PrometheusParser::parse(const SourceText& src, const ParseOptions&) const {
    Reader r(src);
    Discovery d = r.run(documentOf(src));
    // file_sd files are read as Prometheus reads them: relative to this file, globs too, each once; what
    // they name is monitored as this configuration's static targets are.
    const std::string folder = src.path.empty()
                                   ? std::string()
                                   : QFileInfo(QString::fromStdString(src.path)).absolutePath().toStdString();
    std::set<std::string> read;
    GlobBudget globs;
    for (const auto& [pattern, job] : r.fileSd()) {
        if (folder.empty()) {
            d.warnings.push_back("targets are also read from " + pattern +
                                 "; import it too to see which systems it monitors");
            continue;
        }
        const std::vector<std::string> files = filesMatching(folder, pattern, globs);
        if (files.empty())
            d.warnings.push_back("file_sd " + pattern + " matches no file; its targets are not known");
        for (const std::string& file : files) {
            if (!read.insert(file).second)
                continue;
            const SourceText sub = readFileNamedFrom(file, folder);
            Reader sr(sub);
            Discovery part = sr.runTargetList(documentOf(sub), job);
            d.included.push_back(file);
            for (auto& [key, fact] : part.facts) {
                json& into = d.facts[key];
                if (!into.is_object()) {
                    into = std::move(fact);
                    continue;
                }
                for (auto it = fact.begin(); it != fact.end(); ++it) {
                    if (!into.contains(it.key()) || !it->is_string() || !into[it.key()].is_string()) {
                        into[it.key()] = it.value();
                        continue;
                    }
                    const std::string& items = it->get_ref<const std::string&>();
                    for (std::size_t start = 0; start <= items.size();) { // each item of its list, once
                        const auto end = std::min(items.find(", ", start), items.size());
                        addToList(into, it.key(), items.substr(start, end - start));
                        start = end + 2;
                    }
                }
            }
            for (auto& w : part.warnings)
                d.warnings.push_back(sub.name + ": " + w);
        }
    }
    if (globs.ranOut)
        d.warnings.push_back("the file_sd globs looked at " + std::to_string(GlobBudget::kFiles) +
                             " files and stopped; files past them were left out");
    // What it scrapes, kept with the configuration: a system imported later (the compose project whose
    // services it scrapes by name) is monitored as one imported with it is (planMerge()).
    constexpr std::size_t kMostKept = 1000;
    for (auto& s : d.systems)
        if (s.kind == "monitoring" && s.key.starts_with("prometheus:") && !d.facts.empty()) {
            json scrapes = json::object();
            for (const auto& [name, fact] : d.facts)
                if (fact.is_object() && scrapes.size() < kMostKept)
                    scrapes[name] = fact;
            s.attributes["scrapes"] = std::move(scrapes);
        }
    return d;
}

} // namespace terrain
