#include "AnsibleParser.h"

#include "AsciiChars.h"
#include "CloudResources.h"
#include "Error.h"
#include "FileGlob.h"
#include "HostRefs.h"
#include "Redaction.h"
#include "SourceText.h"
#include "YamlJson.h"

#include "GraphAnalysis.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>
#include <set>
#include <string_view>

namespace terrain {

namespace {

constexpr std::size_t kMostHosts = 100'000; ///< hosts of one inventory, ranges expanded
constexpr std::string_view kVaultHeader = "$ANSIBLE_VAULT;";
/// The groups every host is in, which say nothing of it.
bool isImplicitGroup(std::string_view g) {
    return g == "all" || g == "ungrouped";
}

std::string_view trimmed(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string_view::npos)
        return {};
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

bool isVaulted(std::string_view text) {
    return trimmed(text.substr(0, 64)).starts_with(kVaultHeader);
}

/// A group's name as Ansible's INI plugin takes it: no white space, ':' or ']' ("[^:\]\s]+").
bool isGroupName(std::string_view s) {
    return !s.empty() && std::none_of(s.begin(), s.end(), [](char c) {
        return c == ':' || c == ']' || c == '[' || c == ' ' || c == '\t' || c == '=';
    });
}

/// A variable's name: a letter or '_', then letters, digits and '_'.
bool isVariableName(std::string_view s) {
    return !s.empty() && !isAsciiDigit(s.front()) &&
           std::all_of(s.begin(), s.end(), [](char c) { return isAsciiAlnum(c) || c == '_'; });
}

/// A host pattern's characters: a name, an address, ranges in brackets, a port.
bool isHostPattern(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return isAsciiAlnum(c) || c == '.' || c == '-' || c == '_' || c == ':' || c == '[' || c == ']' ||
               c == '%' || static_cast<unsigned char>(c) >= 0x80;
    });
}

/// "[name]" or "[name:children]" / "[name:vars]" (a comment may follow): the name and the type.
std::optional<std::pair<std::string, std::string>> sectionHeader(std::string_view line) {
    if (!line.starts_with('['))
        return std::nullopt;
    const auto close = line.find(']');
    if (close == std::string_view::npos)
        return std::nullopt;
    const std::string_view rest = trimmed(line.substr(close + 1));
    if (!rest.empty() && rest.front() != '#' && rest.front() != ';')
        return std::nullopt;
    std::string_view inside = line.substr(1, close - 1);
    std::string_view type;
    if (const auto colon = inside.find(':'); colon != std::string_view::npos) {
        type = inside.substr(colon + 1);
        inside = inside.substr(0, colon);
        if (type.empty() ||
            !std::all_of(type.begin(), type.end(), [](char c) { return isAsciiAlnum(c) || c == '_'; }))
            return std::nullopt;
    }
    if (!isGroupName(inside))
        return std::nullopt;
    return std::pair{std::string(inside), std::string(type)};
}

/// A value of an INI inventory as Ansible reads it (ast.literal_eval, else the text): integers,
/// True/False/None, a quoted string; anything else (a float, a list) as written.
json pythonLiteral(std::string_view v) {
    if (v == "True")
        return true;
    if (v == "False")
        return false;
    if (v == "None")
        return nullptr;
    if (v.size() >= 2 && (v.front() == '\'' || v.front() == '"') && v.back() == v.front()) {
        std::string out;
        for (std::size_t i = 1; i + 1 < v.size(); ++i) {
            if (v[i] == '\\' && i + 2 < v.size()) {
                const char n = v[++i];
                out += n == 'n' ? '\n' : n == 't' ? '\t' : n;
            } else {
                out += v[i];
            }
        }
        return out;
    }
    std::string_view digits = v;
    if (!digits.empty() && (digits.front() == '-' || digits.front() == '+'))
        digits.remove_prefix(1);
    if (!digits.empty() && std::all_of(digits.begin(), digits.end(), isAsciiDigit) &&
        (digits.size() == 1 || digits.front() != '0')) {
        long long n = 0;
        const char* first = v.data() + (v.front() == '+' ? 1 : 0);
        if (const auto [end, ec] = std::from_chars(first, v.data() + v.size(), n);
            ec == std::errc() && end == v.data() + v.size())
            return n;
    }
    return std::string(v);
}

struct Group {
    std::vector<std::string> hosts; ///< listed in it, in order
    std::vector<std::string> children;
    json vars = json::object();
    bool defined = false;   ///< a section (a key) of its own, or a child of one
    std::string namedWhere; ///< where a file names it without defining it
};

struct Host {
    json vars = json::object();
    std::vector<std::string> groups; ///< that list it, in order
};

struct Inventory {
    std::map<std::string, Group> groups;
    std::map<std::string, Host> hosts;
    std::vector<std::string> order; ///< of the hosts
    std::vector<std::string> warnings;
    std::size_t budget = kMostHosts;

    Host& host(const std::string& name, const std::string& group) {
        auto [it, added] = hosts.try_emplace(name);
        if (added)
            order.push_back(name);
        const std::string& g = group.empty() ? std::string("ungrouped") : group;
        if (std::find(it->second.groups.begin(), it->second.groups.end(), g) == it->second.groups.end()) {
            it->second.groups.push_back(g);
            groups[g].hosts.push_back(name);
        }
        groups[g].defined = true;
        return it->second;
    }
    void child(const std::string& parent, const std::string& child) {
        auto& list = groups[parent].children;
        if (std::find(list.begin(), list.end(), child) == list.end())
            list.push_back(child);
        groups[parent].defined = true;
    }
};

/// "host", "host:2222", "[::1]:22", "www[01:09].x:22": the pattern and its port ("" where none).
std::pair<std::string, std::string> splitPort(const std::string& text) {
    if (text.starts_with('[')) { // an IPv6 address in brackets, or a range
        const auto close = text.find(']');
        if (close != std::string::npos && text.substr(1, close - 1).find(':') != std::string::npos &&
            std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(close), ':') >= 2) {
            const std::string host = text.substr(1, close - 1);
            if (close + 1 == text.size())
                return {host, ""};
            if (text[close + 1] == ':')
                return {host, text.substr(close + 2)};
        }
    }
    // Colons outside brackets: one, with digits after it, is a port; more are an IPv6 address.
    int depth = 0;
    std::vector<std::size_t> colons;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '[')
            ++depth;
        else if (text[i] == ']')
            --depth;
        else if (text[i] == ':' && depth == 0)
            colons.push_back(i);
    }
    if (colons.size() == 1) {
        const std::string port = text.substr(colons[0] + 1);
        if (!port.empty() && std::all_of(port.begin(), port.end(), isAsciiDigit))
            return {text.substr(0, colons[0]), port};
    }
    return {text, ""};
}

/// Which kind a word of a group's or a host's name says ("dbservers", "redis", "lb"): "" where none.
std::string kindOfWord(std::string word) {
    while (!word.empty() && isAsciiDigit(word.back()))
        word.pop_back();
    static const std::map<std::string, std::string, std::less<>> kinds = [] {
        std::map<std::string, std::string, std::less<>> m;
        for (const auto& [kind, words] : std::initializer_list<std::pair<const char*, std::string_view>>{
                 {"database", "db database postgres postgresql pg mysql mariadb mongo mongodb cassandra"},
                 {"cache", "redis memcached cache"},
                 {"queue", "rabbitmq rabbit kafka queue mq nats"},
                 {"load-balancer", "lb loadbalancer balancer haproxy"},
                 {"monitoring", "monitoring prometheus grafana nagios zabbix"},
                 {"ci-cd", "jenkins ci runner"},
                 {"network", "vpn"},
                 {"storage", "nfs minio storage"}})
            for (std::size_t b = 0; b < words.size();) {
                const std::size_t e = std::min(words.find(' ', b), words.size());
                m.emplace(words.substr(b, e - b), kind);
                b = e + 1;
            }
        return m;
    }();
    if (const auto it = kinds.find(word); it != kinds.end())
        return it->second;
    for (std::string_view suffix : {"servers", "server", "hosts", "nodes", "s"}) // dbservers, databases
        if (word.size() > suffix.size() + 1 && word.ends_with(suffix))
            if (const auto it = kinds.find(word.substr(0, word.size() - suffix.size())); it != kinds.end())
                return it->second;
    return {};
}

/// The kind the words of a name say ("db_servers", "prod-redis"): the one kind its words name, else "".
std::string kindOfName(std::string_view name) {
    std::string kind;
    std::string word;
    auto take = [&] {
        if (const std::string k = kindOfWord(asciiLower(word)); !k.empty()) {
            if (!kind.empty() && kind != k)
                kind = "?";
            else
                kind = k;
        }
        word.clear();
    };
    for (char c : name) {
        if (c == '_' || c == '-' || c == '.')
            take();
        else
            word += c;
    }
    take();
    return kind == "?" ? std::string() : kind;
}

/// The environment a group's name names: production for prod and live, staging for stg, development for
/// dev, any other environment word as written; "" for other names.
std::string environmentNamed(std::string_view value) {
    const std::string v = asciiLower(trimmed(value));
    const auto& words = environmentWords();
    return std::find(words.begin(), words.end(), v) != words.end() ? environmentWord(v) : std::string();
}

/// The environment an `env` or `environment` variable's value names: an environment word as a group's
/// name, any other short name as written (eu-prod); "" for a template or a sentence.
std::string environmentOfVariable(std::string_view value) {
    if (std::string named = environmentNamed(value); !named.empty())
        return named;
    const std::string v = asciiLower(trimmed(value));
    const bool slug = !v.empty() && v.size() <= 32 && std::all_of(v.begin(), v.end(), [](char c) {
        return isAsciiAlnum(c) || c == '-' || c == '_';
    });
    return slug ? v : std::string();
}

class Reader {
public:
    explicit Reader(const SourceText& src)
        : m_src(src) {}

    Inventory readIni();
    Inventory readYaml(const json& root);
    Inventory readList(const json& root);

private:
    [[noreturn]] void failAt(std::size_t line, const std::string& message) const {
        throw Error(m_src.name, "line " + std::to_string(line), message);
    }
    [[noreturn]] void fail(const std::string& ptr, const std::string& expected,
                           const json* found = nullptr) const {
        throw Error(m_src.name, ptr.empty() ? std::string("/") : ptr,
                    "expected " + expected + (found ? ", found " + describeJson(*found) : std::string()));
    }
    /// The hosts of a pattern, and its port; `error` throws, placing the message.
    std::pair<std::vector<std::string>, std::string>
    hostsOf(const std::string& pattern, Inventory& inv,
            const std::function<void(const std::string&)>& error) {
        if (!isHostPattern(pattern) || pattern.size() > 1024)
            error("expected a host's name (a name, an address, ranges such as www[01:50]; at most 1024 "
                  "characters), found \"" +
                  pattern.substr(0, 80) + "\"");
        auto [name, port] = splitPort(pattern);
        try {
            return {expandHostRanges(name, inv.budget), port};
        } catch (const Error& e) {
            error(e.what());
        }
        return {};
    }
    void yamlGroup(Inventory& inv, const std::string& name, const json& def, const std::string& ptr,
                   int depth);

    const SourceText& m_src;
};

Inventory Reader::readIni() {
    Inventory inv;
    std::string group = "ungrouped";
    enum class State { Hosts, Children, Vars } state = State::Hosts;
    std::map<std::string, std::size_t> varsOfUndefined; // group → line of its [group:vars]
    std::size_t lineNo = 0;
    const std::string& text = m_src.text;
    for (std::size_t pos = 0; pos < text.size();) {
        const auto nl = text.find('\n', pos);
        const std::string_view line =
            trimmed(std::string_view(text).substr(pos, (nl == std::string::npos ? text.size() : nl) - pos));
        pos = nl == std::string::npos ? text.size() : nl + 1;
        ++lineNo;
        if (line.empty() || line.front() == '#' || line.front() == ';')
            continue;
        if (const auto header = line.front() == '[' ? sectionHeader(line) : std::nullopt) {
            const auto& [name, type] = *header;
            for (std::string_view table : {".hosts", ".vars", ".children"})
                if (name.ends_with(table))
                    failAt(lineNo, "a TOML inventory ([" + name +
                                       "]), which Terrain does not read: import the "
                                       "output of `ansible-inventory -i <file> --list` instead");
            group = name;
            if (type.empty() || type == "hosts") {
                state = State::Hosts;
                inv.groups[name].defined = true;
            } else if (type == "children") {
                state = State::Children;
                inv.groups[name].defined = true;
            } else if (type == "vars") {
                state = State::Vars;
                if (!inv.groups[name].defined && !isImplicitGroup(name))
                    varsOfUndefined.emplace(name, lineNo);
            } else {
                failAt(lineNo, "expected a section [" + name + "], [" + name + ":children] or [" + name +
                                   ":vars], found [" + name + ":" + type + "]");
            }
            continue;
        }
        if (line.front() == '[' && line.back() == ']')
            failAt(lineNo, "expected a section header such as [webservers], [webservers:vars] or "
                           "[webservers:children] (a group's name has no spaces), found " +
                               std::string(line.substr(0, 80)));
        const auto error = [&](const std::string& m) { failAt(lineNo, m); };
        if (state == State::Vars) {
            const auto eq = line.find('=');
            const std::string key(trimmed(line.substr(0, eq == std::string_view::npos ? 0 : eq)));
            if (eq == std::string_view::npos || key.empty())
                error("expected key=value in [" + group + ":vars], found \"" +
                      std::string(line.substr(0, 80)) + "\"");
            inv.groups[group].vars[key] = pythonLiteral(trimmed(line.substr(eq + 1)));
            continue;
        }
        const auto words = shellWords(line);
        if (!words)
            error("a quote that is not closed");
        if (words->empty())
            continue;
        if (state == State::Children) {
            const std::string& child = words->front();
            if (!isGroupName(child) || words->size() > 1)
                error("expected the name of a group in [" + group + ":children], found \"" +
                      std::string(line.substr(0, 80)) + "\"");
            inv.child(group, child);
            if (!inv.groups[child].defined && inv.groups[child].namedWhere.empty())
                inv.groups[child].namedWhere =
                    "line " + std::to_string(lineNo) + " ([" + group + ":children])";
            continue;
        }
        const auto [names, port] = hostsOf(words->front(), inv, error);
        json vars = json::object();
        for (std::size_t i = 1; i < words->size(); ++i) {
            const std::string& w = (*words)[i];
            const auto eq = w.find('=');
            if (eq == std::string::npos || eq == 0)
                error("expected key=value after the host's name, found \"" + w.substr(0, 80) + "\"");
            vars[w.substr(0, eq)] = pythonLiteral(std::string_view(w).substr(eq + 1));
        }
        if (!port.empty())
            vars["ansible_port"] = pythonLiteral(port);
        for (const std::string& name : names) {
            Host& h = inv.host(name, group == "ungrouped" ? std::string() : group);
            for (auto it = vars.begin(); it != vars.end(); ++it)
                h.vars[it.key()] = it.value();
        }
    }
    for (const auto& [name, g] : inv.groups)
        if (!g.defined && !g.namedWhere.empty() && g.hosts.empty() && g.children.empty())
            inv.warnings.push_back(
                g.namedWhere + " names group " + name +
                ", which the file does not define (Ansible refuses the file); it has no hosts");
    for (const auto& [name, line] : varsOfUndefined)
        if (!inv.groups[name].defined)
            inv.warnings.push_back(
                "line " + std::to_string(line) + ": [" + name +
                ":vars] is for a group the file does not define (Ansible refuses the file)");
    return inv;
}

void Reader::yamlGroup(Inventory& inv, const std::string& name, const json& def, const std::string& ptr,
                       int depth) {
    if (depth > 400)
        fail(ptr.substr(0, 120) + "...", "groups nested at most 400 deep");
    inv.groups[name].defined = true;
    if (def.is_null())
        return;
    if (!def.is_object())
        fail(ptr, "a group (a map with hosts, children or vars)", &def);
    for (auto it = def.begin(); it != def.end(); ++it) {
        const std::string p = jsonPointer(ptr, it.key());
        const json& v = it.value();
        // Each of hosts, vars and children a map, or nothing.
        const auto isMap = [&](const char* expected) {
            if (!v.is_null() && !v.is_object())
                fail(p, expected, &v);
            return v.is_object();
        };
        if (it.key() == "hosts") {
            if (!isMap("a map of hosts (each to its variables, or nothing)"))
                continue;
            for (auto h = v.begin(); h != v.end(); ++h) {
                const std::string hp = jsonPointer(p, h.key());
                if (!h->is_null() && !h->is_object())
                    fail(hp, "the host's variables (a map), or nothing", &*h);
                const auto [names, port] =
                    hostsOf(h.key(), inv, [&](const std::string& m) { throw Error(m_src.name, hp, m); });
                for (const std::string& host : names) {
                    Host& hv = inv.host(host, name == "all" ? std::string() : name);
                    if (h->is_object())
                        for (auto kv = h->begin(); kv != h->end(); ++kv)
                            hv.vars[kv.key()] = kv.value();
                    if (!port.empty())
                        hv.vars["ansible_port"] = pythonLiteral(port);
                }
            }
        } else if (it.key() == "vars") {
            if (!isMap("the group's variables (a map)"))
                continue;
            for (auto kv = v.begin(); kv != v.end(); ++kv)
                inv.groups[name].vars[kv.key()] = kv.value();
        } else if (it.key() == "children") {
            if (!isMap("a map of groups"))
                continue;
            for (auto c = v.begin(); c != v.end(); ++c) {
                inv.child(name, c.key());
                yamlGroup(inv, c.key(), c.value(), jsonPointer(p, c.key()), depth + 1);
            }
        } else if (inv.warnings.size() < 20) {
            inv.warnings.push_back(p + ": not hosts, children or vars; left out, as Ansible leaves it");
        }
    }
}

Inventory Reader::readYaml(const json& root) {
    Inventory inv;
    if (root.is_string() && m_src.text.find("\n[") != std::string::npos)
        fail("", "an inventory (a map of groups, such as all: {hosts, children, vars}), found text: an INI "
                 "inventory after a `---` line, which neither Ansible's INI nor its YAML plugin reads");
    if (!root.is_object())
        fail("", "an inventory (a map of groups, such as all: {hosts, children, vars})", &root);
    for (auto it = root.begin(); it != root.end(); ++it)
        yamlGroup(inv, it.key(), it.value(), jsonPointer("", it.key()), 0);
    return inv;
}

Inventory Reader::readList(const json& root) {
    Inventory inv;
    if (!root.is_object())
        fail("", "the output of ansible-inventory --list (a map of groups with _meta.hostvars)", &root);
    const json* hostvars = nullptr;
    if (const auto meta = root.find("_meta"); meta != root.end() && meta->is_object())
        if (const auto hv = meta->find("hostvars"); hv != meta->end() && !hv->is_null()) {
            if (!hv->is_object())
                fail("/_meta/hostvars", "a map of hosts to their variables", &*hv);
            hostvars = &*hv;
        }
    auto hostList = [&](const json& list, const std::string& p, const std::string& group) {
        if (!list.is_array())
            fail(p, "a list of hosts", &list);
        for (std::size_t i = 0; i < list.size(); ++i) {
            if (!list[i].is_string())
                fail(jsonPointer(p, i), "a host's name", &list[i]);
            const auto [names, port] = hostsOf(list[i].get<std::string>(), inv, [&](const std::string& m) {
                throw Error(m_src.name, jsonPointer(p, i), m);
            });
            for (const std::string& h : names)
                inv.host(h, isImplicitGroup(group) ? std::string() : group);
        }
    };
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (it.key() == "_meta")
            continue;
        const std::string p = jsonPointer("", it.key());
        const json& g = it.value();
        inv.groups[it.key()].defined = true;
        if (g.is_array()) {
            hostList(g, p, it.key());
            continue;
        }
        if (!g.is_object())
            fail(p, "a group (hosts, children, vars) or a list of hosts", &g);
        if (const auto h = g.find("hosts"); h != g.end() && !h->is_null())
            hostList(*h, jsonPointer(p, "hosts"), it.key());
        if (const auto c = g.find("children"); c != g.end() && !c->is_null()) {
            if (!c->is_array())
                fail(jsonPointer(p, "children"), "a list of groups", &*c);
            for (const json& child : *c)
                if (child.is_string())
                    inv.child(it.key(), child.get<std::string>());
        }
        if (const auto v = g.find("vars"); v != g.end() && !v->is_null()) {
            if (!v->is_object())
                fail(jsonPointer(p, "vars"), "the group's variables (a map)", &*v);
            inv.groups[it.key()].vars = *v;
        }
    }
    if (hostvars)
        for (auto it = hostvars->begin(); it != hostvars->end(); ++it) {
            if (!it->is_object())
                fail(jsonPointer("/_meta/hostvars", it.key()), "the host's variables (a map)", &*it);
            const auto known = inv.hosts.find(it.key());
            Host& h = known != inv.hosts.end() ? known->second : inv.host(it.key(), {});
            for (auto kv = it->begin(); kv != it->end(); ++kv)
                h.vars[kv.key()] = kv.value();
        }
    return inv;
}

/// A YAML document of variables or of an inventory, `!vault` values dropped, `!unsafe` ones kept.
json yamlDocument(const SourceText& src, bool allowEmpty) {
    YamlOptions opts;
    opts.maxValues = 2'000'000;
    opts.onTag = [](const std::string& tag, json value) -> json {
        if (tag == "!vault" || tag == "!vault-encrypted")
            return nullptr;
        return value;
    };
    auto docs = loadYamlDocuments(src.text, src.name, opts);
    if (docs.empty()) {
        if (allowEmpty)
            return json::object();
        throw Error(src.name, "line 1, column 1", "expected an Ansible inventory, found an empty file");
    }
    if (docs.size() > 1)
        throw Error(src.name, "document 2", "expected one YAML document, found several");
    return std::move(docs.front());
}

/// The group_vars/ and host_vars/ beside the inventory, read into its groups and hosts (over what the
/// inventory says of them, as Ansible orders them); each file read is `d`'s own.
void readVarsFolders(Inventory& inv, const std::string& folder, Discovery& d) {
    for (const bool groups : {true, false}) {
        const QDir dir(QString::fromStdString(folder) +
                       (groups ? QLatin1String("/group_vars") : QLatin1String("/host_vars")));
        if (!dir.exists())
            continue;
        auto varsOf = [&](const std::string& name) -> json* {
            if (groups) {
                if (isImplicitGroup(name)) // every inventory has them
                    return &inv.groups[name].vars;
                const auto it = inv.groups.find(name);
                return it == inv.groups.end() ? nullptr : &it->second.vars;
            }
            const auto it = inv.hosts.find(name);
            return it == inv.hosts.end() ? nullptr : &it->second.vars;
        };
        auto readInto = [&](const QFileInfo& file, json& vars) {
            const std::string path = file.absoluteFilePath().toStdString();
            const SourceText sub = readFileNamedFrom(path, folder);
            d.included.push_back(canonicalPath(path));
            if (isVaulted(sub.text)) {
                d.warnings.push_back(sub.name +
                                     " is encrypted with ansible-vault; its variables are not read");
                return;
            }
            const json doc = yamlDocument(sub, true);
            if (doc.is_null())
                return;
            if (!doc.is_object())
                throw Error(sub.name, "/", "expected a map of variables, found " + describeJson(doc));
            for (auto kv = doc.begin(); kv != doc.end(); ++kv)
                vars[kv.key()] = kv.value();
        };
        // `<name>.yml`, `.yaml`, `.json`, or `<name>` (a host's name may have dots: db01.example.org).
        const auto hasVarsSuffix = [](const QFileInfo& f) {
            const QString s = f.suffix().toLower();
            return s == QLatin1String("yml") || s == QLatin1String("yaml") || s == QLatin1String("json");
        };
        for (const QFileInfo& entry :
             dir.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            if (entry.fileName().startsWith(QLatin1Char('.')))
                continue;
            if (entry.isDir()) {
                json* vars = varsOf(entry.fileName().toStdString());
                if (!vars)
                    continue;
                QDir sub(entry.filePath());
                for (const QFileInfo& f : sub.entryInfoList(QDir::Files, QDir::Name))
                    if (!f.fileName().startsWith(QLatin1Char('.')) &&
                        (hasVarsSuffix(f) || f.suffix().isEmpty()))
                        readInto(f, *vars);
            } else if (json* vars =
                           varsOf((hasVarsSuffix(entry) ? entry.completeBaseName() : entry.fileName())
                                      .toStdString())) {
                readInto(entry, *vars);
            }
        }
    }
}

/// The strings of a variable, each with the innermost name it is under ("host" for {db: {host: x}}).
void scalars(const std::string& key, const json& v, std::vector<std::pair<std::string, std::string>>& out,
             int depth = 0) {
    if (out.size() >= 2000 || depth > 8)
        return;
    if (v.is_string()) {
        out.emplace_back(key, v.get<std::string>());
    } else if (v.is_object()) {
        if (v.contains("__ansible_vault"))
            return;
        for (auto it = v.begin(); it != v.end(); ++it)
            scalars(it.key(), it.value(), out, depth + 1);
    } else if (v.is_array()) {
        for (const json& item : v)
            scalars(key, item, out, depth + 1);
    }
}

/// Whether a variable most likely gives the host's own name or address (`leaf_hostname: leaf-1`,
/// `mgmt_ip: 10.0.0.9`, `fqdn`), which names another machine only where one of the inventory has it.
bool describesTheHost(std::string_view key) {
    const std::string k = asciiLower(key);
    for (std::string_view end :
         {"hostname", "host_name", "fqdn", "_ip", "ip_address", "ipaddr", "ipv4", "ipv6"})
        if (k.ends_with(end))
            return true;
    return k == "ip";
}

/// The host an ssh command line reaches through: `-J bastion`, `-o ProxyJump=user@bastion:22`, or the
/// destination of the ssh a ProxyCommand runs (`ssh -W %h:%p -q admin@bastion`); "" where none.
std::string jumpHost(const std::string& args, int depth = 0) {
    const auto words = shellWords(args);
    if (!words || depth > 2)
        return {};
    auto hostOf = [](std::string v) {
        if (v.starts_with("ssh://"))
            v.erase(0, 6);
        v = v.substr(0, v.find(',')); // the first of several jumps
        if (const auto at = v.rfind('@'); at != std::string::npos)
            v.erase(0, at + 1);
        return asciiLower(splitPort(v).first);
    };
    auto option = [&](std::string_view o) -> std::string {
        // "-o Name=value", "-oName=value", "Name value"
        const std::string s(o);
        const auto eq = s.find_first_of("= ");
        const std::string name = asciiLower(s.substr(0, eq));
        const std::string value =
            eq == std::string::npos ? std::string() : std::string(trimmed(s.substr(eq + 1)));
        if (name == "proxyjump" && value != "none")
            return hostOf(value);
        if (name == "proxycommand")
            return jumpHost(value, depth + 1);
        return {};
    };
    const std::string_view withArgument = "BbcDEeFIiJLlmOoPpQRSWw";
    bool ssh = false;
    for (std::size_t i = 0; i < words->size(); ++i) {
        const std::string& w = (*words)[i];
        if (w == "ssh" || w.ends_with("/ssh")) {
            ssh = true;
            continue;
        }
        if (w.size() >= 2 && w[0] == '-' && w[1] != '-') {
            const char flag = w[1];
            const std::string attached = w.substr(2);
            const std::string value = !attached.empty()       ? attached
                                      : i + 1 < words->size() ? (*words)[i + 1]
                                                              : "";
            if (attached.empty() && withArgument.find(flag) != std::string_view::npos)
                ++i;
            if (flag == 'J' && !value.empty())
                return hostOf(value);
            if (flag == 'o')
                if (std::string h = option(value); !h.empty())
                    return h;
            continue;
        }
        if (ssh) // the destination of an ssh command
            return w.find('%') == std::string::npos ? hostOf(w) : std::string();
    }
    return {};
}

class Builder {
public:
    Builder(const Inventory& inv, Discovery& d)
        : m_inv(inv)
        , m_d(d) {}
    void run();

private:
    int depthOf(const std::string& group, std::set<std::string>& visiting);
    std::vector<std::string> groupsOf(const std::string& host) const;
    json varsOf(const std::string& host, const std::vector<std::string>& groups) const;
    std::string external(const std::string& host) {
        const std::string k = "ansible:external/" + host;
        if (m_externals.insert(k).second)
            m_d.systems.push_back(externalHostSystem(k, host));
        return k;
    }
    /// The external for a resource of AWS that a variable names (by its ARN or its queue's URL): its key.
    std::string awsExternal(const CloudResource& r) {
        const std::string k = "ansible:external/" + r.id;
        if (m_externals.insert(k).second)
            m_d.systems.push_back(externalAwsSystem(k, r));
        return k;
    }
    void edge(const std::string& from, const std::string& to, const std::string& kind, std::string evidence) {
        if (from != to && m_edges.insert({from, to}).second)
            m_d.edges.push_back({from, to, kind, std::move(evidence)});
    }

    const Inventory& m_inv;
    Discovery& m_d;
    std::map<std::string, std::vector<std::string>> m_parents;
    std::map<std::string, int> m_depth;
    std::set<std::string> m_externals;
    std::set<std::pair<std::string, std::string>> m_edges;
};

int Builder::depthOf(const std::string& group, std::set<std::string>& visiting) {
    if (const auto it = m_depth.find(group); it != m_depth.end())
        return it->second;
    if (!visiting.insert(group).second) {
        m_d.warnings.push_back("group " + group +
                               " is its own child (Ansible refuses this); the loop is left out");
        return 0;
    }
    int depth = group == "all" ? 0 : 1;
    for (const std::string& parent : m_parents[group])
        depth = std::max(depth, depthOf(parent, visiting) + 1);
    visiting.erase(group);
    m_depth[group] = depth;
    return depth;
}

/// Every group `host` is in, the groups that list it first, then their parents (not all nor ungrouped).
std::vector<std::string> Builder::groupsOf(const std::string& host) const {
    std::vector<std::string> out;
    std::vector<std::string> toVisit = m_inv.hosts.at(host).groups;
    for (std::size_t i = 0; i < toVisit.size(); ++i) {
        const std::string g = toVisit[i];
        if (std::find(out.begin(), out.end(), g) != out.end())
            continue;
        out.push_back(g);
        if (const auto p = m_parents.find(g); p != m_parents.end())
            for (const std::string& parent : p->second)
                toVisit.push_back(parent);
        if (toVisit.size() > 10'000)
            break;
    }
    std::erase_if(out, [](const std::string& g) { return isImplicitGroup(g); });
    return out;
}

/// The variables a host has, as Ansible orders them: all's, then its groups' by depth and name, then its own.
json Builder::varsOf(const std::string& host, const std::vector<std::string>& groups) const {
    json vars = json::object();
    auto add = [&](const json& from) {
        for (auto it = from.begin(); it != from.end(); ++it)
            vars[it.key()] = it.value();
    };
    if (const auto all = m_inv.groups.find("all"); all != m_inv.groups.end())
        add(all->second.vars);
    std::vector<std::pair<int, std::string>> ordered;
    for (const std::string& g : groups)
        ordered.emplace_back(m_depth.count(g) ? m_depth.at(g) : 1, g);
    std::sort(ordered.begin(), ordered.end());
    for (const auto& [depth, g] : ordered)
        add(m_inv.groups.at(g).vars);
    add(m_inv.hosts.at(host).vars);
    return vars;
}

void Builder::run() {
    for (const auto& [name, g] : m_inv.groups)
        for (const std::string& child : g.children)
            m_parents[child].push_back(name);
    std::set<std::string> visiting;
    for (const auto& [name, g] : m_inv.groups)
        depthOf(name, visiting);

    // The names a host is known by in the inventory: its own and its ansible_host where only it has that.
    std::map<std::string, std::string> byName; // lower-case name → key
    std::map<std::string, std::vector<std::string>> byAddress;
    struct Kept {
        std::string name;
        std::vector<std::string> groups; ///< groupsOf()
        json vars;                       ///< varsOf()
    };
    std::vector<Kept> hosts;
    std::size_t local = 0;
    for (const std::string& name : m_inv.order) {
        std::vector<std::string> groups = groupsOf(name);
        json vars = varsOf(name, groups);
        const std::string lower = asciiLower(name);
        const std::string connection = vars.value("ansible_connection", std::string());
        if (lower == "localhost" || lower.starts_with("127.") || lower == "::1" || connection == "local") {
            ++local;
            continue;
        }
        byName.emplace(lower, "ansible:" + name);
        if (const auto a = vars.find("ansible_host"); a != vars.end() && a->is_string())
            byAddress[asciiLower(a->get<std::string>())].push_back("ansible:" + name);
        hosts.push_back({name, std::move(groups), std::move(vars)});
    }
    if (local > 0)
        m_d.warnings.push_back(
            std::to_string(local) +
            " host(s) on the machine that runs Ansible (localhost, ansible_connection=local) "
            "left out");

    static const std::set<std::string, std::less<>> kConnectionFacts = {"ansible_host", "ansible_port",
                                                                        "ansible_user", "ansible_connection"};
    for (const auto& [name, groups, vars] : hosts) {
        DiscoveredSystem s;
        s.key = "ansible:" + name;
        s.name = name;
        s.address = name;
        const Host& own = m_inv.hosts.at(name);
        for (const std::string& g : own.groups)
            if (!isImplicitGroup(g)) {
                s.group = g;
                break;
            }
        s.tags = groups;
        // Kind: the one its groups' names say, else its name's.
        std::string kind;
        for (const std::string& g : groups)
            if (const std::string k = kindOfName(g); !k.empty()) {
                kind = kind.empty() || kind == k ? k : "?";
            }
        if (kind.empty() || kind == "?")
            kind = kindOfName(name.substr(0, name.find('.')));
        s.kind = kind.empty() || kind == "?" ? "compute" : kind;
        // Owner: its `owner` or `team` variable (its own or its groups'), as a cloud resource's tag says it.
        for (const char* k : {"owner", "team"})
            if (const auto o = vars.find(k); s.owner.empty() && o != vars.end() && o->is_string() &&
                                             o->get_ref<const std::string&>().find("{{") == std::string::npos)
                s.owner = safeValue(k, o->get<std::string>()).value_or("");
        // Environment: its variable's, else its one environment group's.
        for (const char* k : {"env", "environment"})
            if (const auto e = vars.find(k); s.environment.empty() && e != vars.end() && e->is_string())
                s.environment = environmentOfVariable(e->get<std::string>());
        if (s.environment.empty()) {
            std::set<std::string> named;
            for (const std::string& g : groups)
                if (const std::string e = environmentNamed(g); !e.empty())
                    named.insert(e);
            if (named.size() == 1)
                s.environment = *named.begin();
        }
        // Identifiers: the names by which another source knows the machine.
        auto identify = [&](std::string v) {
            v = asciiLower(v);
            if ((isHostname(v) || isIPv4(v)) &&
                std::find(s.identifiers.begin(), s.identifiers.end(), v) == s.identifiers.end())
                s.identifiers.push_back(std::move(v));
        };
        identify(name);
        if (const auto a = vars.find("ansible_host"); a != vars.end() && a->is_string())
            if (byAddress[asciiLower(a->get<std::string>())].size() == 1)
                identify(a->get<std::string>());
        // Facts: how Ansible reaches it, and its own variables that are scalars.
        json attrs = json::object();
        for (const auto& k : kConnectionFacts)
            if (const auto v = vars.find(k); v != vars.end() && (v->is_string() || v->is_number()))
                attrs[k] = *v;
        std::size_t kept = 0;
        for (auto it = own.vars.begin(); it != own.vars.end() && kept < 32; ++it) {
            if (it.key().starts_with("ansible_") || !(it->is_primitive() && !it->is_null()))
                continue;
            if (it->is_string() && it->get<std::string>().find(kVaultHeader) != std::string::npos)
                continue;
            attrs[it.key()] = *it;
            ++kept;
        }
        s.attributes = safeAttributes(attrs);
        m_d.systems.push_back(std::move(s));
    }

    // Dependencies, from the variables.
    for (const auto& [name, groups, vars] : hosts) {
        const std::string self = "ansible:" + name;
        for (const char* k : {"ansible_ssh_common_args", "ansible_ssh_extra_args", "ansible_ssh_args"})
            if (const auto v = vars.find(k); v != vars.end() && v->is_string())
                if (const std::string jump = jumpHost(v->get<std::string>()); !jump.empty()) {
                    std::string to;
                    if (const auto n = byName.find(jump); n != byName.end())
                        to = n->second;
                    else if (const auto a = byAddress.find(jump);
                             a != byAddress.end() && a->second.size() == 1)
                        to = a->second.front();
                    else if (isHostname(jump) || isIPv4(jump) || isLabelValue(jump))
                        to = external(jump);
                    if (!to.empty())
                        edge(self, to, "depends-on", std::string("ssh through ") + jump + " (" + k + ")");
                }
        std::vector<std::pair<std::string, std::string>> values;
        for (auto it = vars.begin(); it != vars.end(); ++it)
            if (!it.key().starts_with("ansible_"))
                scalars(it.key(), it.value(), values);
        for (const auto& [key, value] : values) {
            if (value.find("{{") != std::string::npos || value.find(kVaultHeader) != std::string::npos)
                continue;
            if (const auto ref = awsResourceInSetting("var", key, value)) {
                edge(self, awsExternal(ref->resource), ref->kind, ref->evidence);
                continue;
            }
            for (const HostRef& ref : hostRefs(key, value)) {
                std::string to;
                if (const auto n = byName.find(ref.host); n != byName.end())
                    to = n->second;
                else if (const auto a = byAddress.find(ref.host);
                         a != byAddress.end() && a->second.size() == 1)
                    to = a->second.front();
                else if (ref.definite && !describesTheHost(key) && ref.host != "localhost" &&
                         !ref.host.starts_with("127."))
                    to = external(ref.host);
                if (!to.empty())
                    edge(self, to, "calls", hostEvidence("var", key, value, ref));
            }
        }
    }
}

/// Which of the three an inventory's text is.
enum class Form { Ini, Yaml, Json };

Form formOf(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (first != std::string::npos && text[first] == '{')
        return Form::Json;
    for (std::size_t pos = 0; pos < text.size();) {
        const auto nl = text.find('\n', pos);
        const std::string_view line =
            trimmed(std::string_view(text).substr(pos, (nl == std::string::npos ? text.size() : nl) - pos));
        pos = nl == std::string::npos ? text.size() : nl + 1;
        if (line.empty() || line.front() == '#' || line.front() == ';')
            continue;
        if (line == "---" || line.starts_with("- ") || line.ends_with(':') ||
            line.find(": ") != std::string_view::npos)
            return line.front() == '[' && sectionHeader(line) ? Form::Ini : Form::Yaml;
        return Form::Ini;
    }
    return Form::Ini;
}

/// Whether a JSON inventory is the output of `ansible-inventory --list` or of a dynamic inventory script
/// (`_meta`, groups that are lists of hosts, or whose hosts and children are lists), rather than a YAML
/// inventory written in JSON (maps), which Ansible's YAML plugin reads.
bool isListOutput(const json& root) {
    if (!root.is_object() || root.contains("_meta"))
        return true;
    for (const auto& [name, g] : root.items()) {
        if (g.is_array())
            return true;
        if (g.is_object())
            for (const char* field : {"hosts", "children"})
                if (const auto it = g.find(field); it != g.end() && it->is_array())
                    return true;
    }
    return false;
}

/// The plugin a YAML file configures (`plugin: amazon.aws.aws_ec2`), "" where it names none.
std::string pluginOf(const std::string& text) {
    const auto keys = topLevelKeys(text);
    const auto it = keys.find("plugin");
    if (it == keys.end() || it->second.empty())
        return {};
    std::string v = it->second;
    std::erase(v, '"');
    std::erase(v, '\'');
    return v;
}

std::string pluginAdvice(const std::string& plugin) {
    return "an Ansible inventory plugin's configuration (plugin: " + plugin +
           "), which lists no hosts itself: run `ansible-inventory -i <this file> --list > inventory.json` "
           "where it can reach its source, and import inventory.json";
}

/// How sure the text is an INI inventory: 0, or 55 to 90.
int iniScore(const std::string& text) {
    std::size_t hosts = 0, sections = 0, markers = 0, lines = 0, machines = 0, broken = 0;
    bool vars = false, children = false;
    std::size_t end = text.size();
    if (end == 16384) // a sniff's head: its last line may be cut
        end = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n');
    for (std::size_t pos = 0; pos < end && lines < 400;) {
        const auto nl = text.find('\n', pos);
        const std::string_view line = trimmed(std::string_view(text).substr(pos, std::min(nl, end) - pos));
        pos = nl == std::string::npos ? end : nl + 1;
        if (line.empty() || line.front() == '#' || line.front() == ';')
            continue;
        ++lines;
        if (line.front() == '[' && line.back() == ']') { // (not a host [2001:db8::1]:22)
            const auto header = sectionHeader(line);
            if (!header)
                return 0;
            const std::string& type = header->second;
            if (!type.empty() && type != "vars" && type != "children" && type != "hosts")
                return 0;
            vars = type == "vars";
            children = type == "children";
            markers += vars || children;
            ++sections;
            continue;
        }
        if (vars) {
            const auto eq = line.find('=');
            if (eq == std::string_view::npos || !isVariableName(trimmed(line.substr(0, eq))))
                return 0;
            markers += trimmed(line.substr(0, eq)).starts_with("ansible_");
            continue;
        }
        const auto words = shellWords(line);
        if (!words) { // a quote not closed: the parse says where, if the rest is an inventory
            ++broken;
            continue;
        }
        if (words->empty())
            return 0;
        if (children) {
            if (words->size() != 1 || !isGroupName(words->front()))
                return 0;
            continue;
        }
        if (!isHostPattern(words->front()))
            return 0;
        for (std::size_t i = 1; i < words->size(); ++i) {
            const auto eq = (*words)[i].find('=');
            if (eq == std::string::npos || !isVariableName(std::string_view((*words)[i]).substr(0, eq)))
                return 0;
            markers += (*words)[i].starts_with("ansible_");
        }
        ++hosts;
        machines += words->front().find_first_of(".[") != std::string::npos;
    }
    if ((hosts == 0 && markers == 0) || broken > 1)
        return 0;
    if (markers > 0)
        return 90;
    // Without Ansible's words, sections of hosts that look like machines' names (web1.example.org, 10.0.0.5,
    // web[01:09]), not of words.
    return sections > 0 && machines > 0 ? 55 : 0;
}

/// How sure the text is a YAML inventory: each top-level key a group (a map of hosts, children and vars).
int yamlScore(const std::string& text) {
    const auto keys = topLevelKeys(text);
    if (keys.empty())
        return 0;
    for (const auto& [k, v] : keys)
        if (!v.empty() && v != "~" && v != "null" && v != "{}")
            return 0;
    // The keys one level in: hosts, children and vars only, and one of the first two, each a map (not a
    // list: a Beats or Helm configuration's `hosts: [...]`).
    std::size_t indent = 0;
    bool groupish = false, mapNext = false;
    for (std::size_t pos = 0; pos < text.size();) {
        const auto nl = text.find('\n', pos);
        const std::string_view line =
            std::string_view(text).substr(pos, (nl == std::string::npos ? text.size() : nl) - pos);
        pos = nl == std::string::npos ? text.size() : nl + 1;
        const auto b = line.find_first_not_of(' ');
        if (b == std::string_view::npos || line[b] == '#' || line[b] == '\r' || b == 0)
            continue;
        if (mapNext && line.substr(b).starts_with('-'))
            return 0;
        mapNext = false;
        if (indent == 0)
            indent = b;
        if (b != indent)
            continue;
        const auto colon = line.find(':', b);
        const std::string_view key = trimmed(line.substr(b, colon - b));
        const std::string_view value =
            colon == std::string_view::npos ? std::string_view() : trimmed(line.substr(colon + 1));
        if ((key != "hosts" && key != "children" && key != "vars") ||
            !(value.empty() || value.front() == '#' || value == "{}" || value == "~" || value == "null"))
            return 0;
        groupish = groupish || key != "vars";
        mapNext = value.empty();
    }
    if (!groupish)
        return 0;
    return keys.count("all") ? 90 : 80;
}

} // namespace

std::optional<std::vector<std::string>> shellWords(std::string_view line) {
    std::vector<std::string> out;
    std::string word;
    bool inWord = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            if (inWord)
                out.push_back(std::move(word));
            word.clear();
            inWord = false;
        } else if (c == '#') {
            break;
        } else if (c == '\\') {
            inWord = true;
            if (i + 1 < line.size())
                word += line[++i];
        } else if (c == '\'' || c == '"') {
            inWord = true;
            const auto close = [&] {
                for (std::size_t j = i + 1; j < line.size(); ++j) {
                    if (c == '"' && line[j] == '\\' && j + 1 < line.size() &&
                        (line[j + 1] == '"' || line[j + 1] == '\\')) {
                        word += line[++j];
                        continue;
                    }
                    if (line[j] == c)
                        return j;
                    word += line[j];
                }
                return std::string_view::npos;
            }();
            if (close == std::string_view::npos)
                return std::nullopt;
            i = close;
        } else {
            inWord = true;
            word += c;
        }
    }
    if (inWord)
        out.push_back(std::move(word));
    return out;
}

std::vector<std::string> expandHostRanges(const std::string& pattern, std::size_t& budget) {
    const auto open = pattern.find('[');
    if (open == std::string::npos) {
        if (budget == 0)
            throw Error("more than " + std::to_string(kMostHosts) +
                        " hosts in the inventory, ranges expanded");
        --budget;
        return {pattern};
    }
    const auto close = pattern.find(']', open);
    if (close == std::string::npos)
        throw Error("a host range without its ']': " + pattern.substr(0, 80));
    const std::string head = pattern.substr(0, open), tail = pattern.substr(close + 1);
    std::vector<std::string> bounds;
    for (std::size_t s = open + 1;;) {
        const auto colon = std::min(pattern.find(':', s), close);
        bounds.push_back(pattern.substr(s, colon - s));
        if (colon == close)
            break;
        s = colon + 1;
    }
    if (bounds.size() != 2 && bounds.size() != 3)
        throw Error("a host range must be [begin:end] or [begin:end:step], found [" +
                    pattern.substr(open + 1, close - open - 1) + "]");
    std::string beg = bounds[0].empty() ? "0" : bounds[0];
    const std::string& end = bounds[1];
    if (end.empty())
        throw Error("a host range must name its end: " + pattern.substr(0, 80));
    long long step = 1;
    if (bounds.size() == 3) {
        const auto [p, ec] = std::from_chars(bounds[2].data(), bounds[2].data() + bounds[2].size(), step);
        if (ec != std::errc() || p != bounds[2].data() + bounds[2].size() || step < 1)
            throw Error("a host range's step must be a whole number above 0, found " + bounds[2]);
    }
    std::vector<std::string> items;
    auto room = [&] {
        if (items.size() >= budget)
            throw Error("more than " + std::to_string(kMostHosts) +
                        " hosts in the inventory, ranges expanded");
    };
    const bool letters = beg.size() == 1 && end.size() == 1 && isAsciiAlpha(beg[0]) && isAsciiAlpha(end[0]);
    if (letters) {
        static const std::string_view kLetters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        const auto a = kLetters.find(beg[0]), b = kLetters.find(end[0]);
        if (a > b)
            throw Error("a host range must begin at or before its end: [" + beg + ":" + end + "]");
        for (auto i = a;; i += static_cast<std::size_t>(step)) {
            room();
            items.emplace_back(1, kLetters[i]);
            if (static_cast<std::size_t>(step) > b - i) // the last (a step past the end does not wrap round)
                break;
        }
    } else {
        long long a = 0, b = 0;
        const auto pa = std::from_chars(beg.data(), beg.data() + beg.size(), a);
        const auto pb = std::from_chars(end.data(), end.data() + end.size(), b);
        if (pa.ec != std::errc() || pa.ptr != beg.data() + beg.size() || pb.ec != std::errc() ||
            pb.ptr != end.data() + end.size() || a < 0)
            throw Error("a host range of numbers or of single letters, found [" + beg.substr(0, 24) + ":" +
                        end.substr(0, 24) + "]");
        if (a > b)
            throw Error("a host range must begin at or before its end: [" + beg + ":" + end + "]");
        const std::size_t width = beg.size() > 1 && beg[0] == '0' ? beg.size() : 0;
        if (width && width != end.size())
            throw Error("a host range's begin and end must have the same number of digits, found [" + beg +
                        ":" + end + "]");
        for (long long i = a;; i += step) {
            room();
            std::string n = std::to_string(i);
            if (n.size() < width)
                n.insert(0, width - n.size(), '0');
            items.push_back(std::move(n));
            if (step > b - i) // the last (a step past the end does not overflow)
                break;
        }
    }
    std::vector<std::string> out;
    for (const std::string& item : items) {
        std::vector<std::string> rest = expandHostRanges(head + item + tail, budget);
        for (auto& r : rest)
            out.push_back(std::move(r));
    }
    return out;
}

std::string AnsibleParser::description() const {
    return "Ansible inventory (INI or YAML, with group_vars/ and host_vars/, or ansible-inventory --list): "
           "hosts "
           "and their groups";
}

int AnsibleParser::sniff(const std::string& fileName, const std::string& text) const {
    const std::string head = text.substr(0, 16384);
    if (isVaulted(head))
        return 60; // which notAnInput() and parse() then say
    const auto first = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (first == std::string::npos)
        return 0;
    if (head[first] == '{') {
        if (head.find("\"_meta\"") != std::string::npos && head.find("\"hostvars\"") != std::string::npos)
            return 95;
        // A YAML inventory written in JSON: {"all": {"children": ...}}
        const auto key = head.find_first_not_of(" \t\r\n", first + 1);
        if (key != std::string::npos && head.compare(key, 5, "\"all\"") == 0 &&
            (head.find("\"children\"") != std::string::npos || head.find("\"hosts\"") != std::string::npos))
            return 70;
        return 0;
    }
    if (head[first] == '[' &&
        !sectionHeader(trimmed(std::string_view(head).substr(first, head.find('\n', first) - first))))
        return 0;
    const std::string l = asciiLower(fileName);
    if (!pluginOf(head).empty())
        return l.ends_with(".yml") || l.ends_with(".yaml") ? 60 : 0;
    if (const int y = yamlScore(head); y > 0)
        return y;
    return iniScore(head);
}

std::optional<std::string> AnsibleParser::notAnInput(const std::string&, const std::string& text,
                                                     const ParseOptions&) const {
    if (isVaulted(text))
        return std::string(
            "encrypted with ansible-vault: Terrain reads no secrets; an inventory's group_vars/ "
            "and host_vars/ are read with it");
    if (const std::string plugin = pluginOf(text.substr(0, 16384)); !plugin.empty())
        return pluginAdvice(plugin);
    return std::nullopt;
}

Discovery AnsibleParser::parse(const SourceText& src, const ParseOptions&) const {
    if (isVaulted(src.text))
        throw Error(
            src.name, "line 1",
            "a file encrypted with ansible-vault: Terrain reads no secrets; decrypt the inventory, or "
            "import `ansible-inventory -i <file> --list` (it leaves vaulted values encrypted)");
    Discovery d;
    d.format = "ansible";
    d.file = src.name;
    d.scope = sourceScope("ansible", src.path, src.name);
    d.contentHash = src.sha256;
    Reader r(src);
    Inventory inv;
    const Form form = formOf(src.text);
    bool listed = false; // its host variables are those of its groups and of group_vars/ too
    if (form == Form::Json) {
        const json root = parseJsonText(src.text, src.name);
        listed = isListOutput(root);
        inv = listed ? r.readList(root) : r.readYaml(root);
    } else if (form == Form::Yaml) {
        const json root = yamlDocument(src, false);
        if (root.is_object() && root.contains("plugin") && root["plugin"].is_string())
            throw Error(src.name, "/plugin", pluginAdvice(root["plugin"].get<std::string>()));
        inv = r.readYaml(root);
    } else {
        inv = r.readIni();
    }
    if (!listed && !src.path.empty())
        readVarsFolders(inv, QFileInfo(QString::fromStdString(src.path)).absolutePath().toStdString(), d);
    if (inv.hosts.empty())
        throw Error(src.name, "", "expected an Ansible inventory with at least one host, found none");
    d.warnings.insert(d.warnings.end(), inv.warnings.begin(), inv.warnings.end());
    Builder(inv, d).run();
    return d;
}

} // namespace terrain
