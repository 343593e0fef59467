#include "HostRefs.h"

#include "AsciiChars.h"
#include "Error.h"
#include "Redaction.h"
#include "SourceText.h"

#include <algorithm>
#include <array>

namespace terrain {

bool isIPv4(std::string_view s) {
    int parts = 0;
    std::size_t i = 0;
    while (i <= s.size()) {
        std::size_t j = i;
        while (j < s.size() && isAsciiDigit(s[j]))
            ++j;
        if (j == i || j - i > 3 || std::stoi(std::string(s.substr(i, j - i))) > 255)
            return false;
        ++parts;
        if (j == s.size())
            break;
        if (s[j] != '.')
            return false;
        i = j + 1;
    }
    return parts == 4 && s != "0.0.0.0" && s.rfind("127.", 0) != 0;
}

bool isHostname(std::string_view s) {
    if (s.size() < 4 || s.size() > 253 || s.front() == '.' || s.back() == '.' ||
        s.find('.') == std::string_view::npos)
        return false;
    bool letter = false;
    for (char c : s) {
        if (!(isAsciiAlnum(c) || c == '-' || c == '.'))
            return false;
        letter = letter || isAsciiAlpha(c);
    }
    return letter && s != "localhost";
}

namespace {

constexpr std::size_t kMaxScan = std::size_t(256) << 10;
constexpr int kMaxLines = 5000;

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = asciiUpperChar(c);
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && isAsciiSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isAsciiSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

bool endsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool startsWith(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

template <std::size_t N> bool oneOf(std::string_view s, const std::array<std::string_view, N>& set) {
    return std::find(set.begin(), set.end(), s) != set.end();
}

/// DB_HOST → DB HOST; dbHost → DB HOST; spring.redis.host → SPRING REDIS HOST; DBHost → DB HOST.
std::vector<std::string> keyTokens(std::string_view key) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        if (!cur.empty())
            out.push_back(upper(cur));
        cur.clear();
    };
    for (std::size_t i = 0; i < key.size(); ++i) {
        const char c = key[i];
        if (!isAsciiAlnum(c)) {
            flush();
            continue;
        }
        if (isAsciiUpper(c) && !cur.empty()) {
            const bool prevLower = isAsciiLower(cur.back()) || isAsciiDigit(cur.back());
            const bool nextLower = i + 1 < key.size() && isAsciiLower(key[i + 1]);
            if (prevLower || (isAsciiUpper(cur.back()) && nextLower))
                flush();
        }
        cur += c;
    }
    flush();
    return out;
}

// Tokens that make a key name a host.
constexpr std::array<std::string_view, 42> kHostTokens = {
    "HOST",       "HOSTS",    "HOSTNAME",  "HOSTNAMES", "ADDR",      "ADDRS",    "ADDRESS",
    "ADDRESSES",  "SERVER",   "SERVERS",   "ENDPOINT",  "ENDPOINTS", "URL",      "URLS",
    "URI",        "URIS",     "BROKER",    "BROKERS",   "BOOTSTRAP", "UPSTREAM", "UPSTREAMS",
    "BACKEND",    "BACKENDS", "SERVICE",   "SERVICES",  "SVC",       "NODES",    "PEERS",
    "SEEDS",      "REMOTE",   "TARGET",    "TARGETS",   "GATEWAY",   "PROXY",    "DSN",
    "CONNECTION", "CONN",     "SENTINELS", "MASTERS",   "CLUSTER",   "MEMBERS",  "QUORUM"};
// Suffixes that do the same inside one token (DBHOST, REDISURL).
constexpr std::array<std::string_view, 6> kHostSuffixes = {"HOST", "HOSTNAME", "ADDR",
                                                           "URL",  "URI",      "ENDPOINT"};
// Last tokens that make a key name something else than a host (DB_HOST_PORT, SERVICE_NAME).
constexpr std::array<std::string_view, 47> kNotHostLast = {
    "PORT",     "PORTS",   "PATH",    "DIR",      "FILE",    "USER",     "USERNAME", "NAME",
    "NAMES",    "ID",      "TIMEOUT", "PROTOCOL", "SCHEME",  "TYPE",     "MODE",     "PREFIX",
    "SUFFIX",   "ENABLED", "ENABLE",  "DISABLED", "DISABLE", "VERSION",  "TLS",      "SSL",
    "VERIFY",   "RETRIES", "KIND",    "COUNT",    "SIZE",    "INTERVAL", "LABEL",    "TAG",
    "DATABASE", "SCHEMA",  "TOPIC",   "QUEUE",    "BUCKET",  "REGION",   "ZONE",     "EMAIL",
    "FROM",     "ROOT",    "FORMAT",  "POLICY",   "LEVEL",   "WEIGHT",   "CERT"};
// Tokens that make a key name the service's own address, never a dependency.
constexpr std::array<std::string_view, 20> kSelfTokens = {
    "LISTEN",   "LISTENER", "LISTENERS", "BIND",    "ADVERTISED", "ADVERTISE", "PUBLIC",
    "EXTERNAL", "CALLBACK", "REDIRECT",  "SELF",    "OWN",        "HOMEPAGE",  "ALLOWED",
    "CORS",     "ORIGIN",   "ORIGINS",   "TRUSTED", "WEBHOOK",    "CANONICAL"};

bool hostToken(const std::string& t) {
    if (oneOf(t, kHostTokens))
        return true;
    for (auto s : kHostSuffixes)
        if (t.size() > s.size() && endsWith(t, s))
            return true;
    return false;
}

struct KeyInfo {
    bool self = false;     ///< names the service's own address: read nothing
    bool host = false;     ///< isHostKey()
    bool hostLast = false; ///< the last token names a host: DB_HOST, REDIS_ADDR
};

KeyInfo keyInfo(std::string_view key) {
    KeyInfo k;
    const auto tokens = keyTokens(key);
    if (tokens.empty())
        return k;
    for (const auto& t : tokens)
        if (oneOf(t, kSelfTokens))
            k.self = true;
    if (k.self)
        return k;
    const bool notHost = oneOf(tokens.back(), kNotHostLast);
    k.host = !notHost && std::any_of(tokens.begin(), tokens.end(), hostToken);
    k.hostLast = !notHost && hostToken(tokens.back());
    return k;
}

constexpr std::array<std::string_view, 44> kStopWords = {
    "localhost", "true",          "false",   "yes",      "no",       "on",     "off",    "none",
    "null",      "nil",           "default", "enabled",  "disabled", "dns",    "env",    "auto",
    "all",       "any",           "local",   "internal", "unix",     "tcp",    "udp",    "http",
    "https",     "debug",         "info",    "warn",     "warning",  "error",  "latest", "production",
    "staging",   "development",   "test",    "dev",      "prod",     "memory", "disk",   "file",
    "direct",    "ip6-localhost", "host",    "unset"};

constexpr std::array<std::string_view, 46> kFileExtensions = {
    "yaml", "yml",  "json", "conf",  "cfg",  "ini", "txt", "log", "pem", "crt",   "key",        "cer",
    "sh",   "py",   "js",   "ts",    "html", "htm", "xml", "sql", "jar", "war",   "so",         "lock",
    "pid",  "sock", "toml", "env",   "md",   "csv", "tar", "gz",  "zip", "tgz",   "properties", "rb",
    "php",  "go",   "java", "class", "png",  "jpg", "svg", "css", "db",  "sqlite"};

bool isIpv4(std::string_view h) {
    int parts = 0;
    std::size_t i = 0;
    while (i <= h.size()) {
        std::size_t j = i;
        while (j < h.size() && isAsciiDigit(h[j]))
            ++j;
        if (j == i || j - i > 3)
            return false;
        if (std::stoi(std::string(h.substr(i, j - i))) > 255)
            return false;
        ++parts;
        if (j == h.size())
            break;
        if (h[j] != '.')
            return false;
        i = j + 1;
    }
    return parts == 4;
}

/// A host name as written in a value: DNS labels (underscores allowed: compose service names), or an
/// IPv4 address that is not a loopback or unspecified one. `lowercaseOnly`: refuse upper case (outside
/// URLs, a dotted name with capitals is a class or a sentence, not a host).
std::optional<std::string> validHost(std::string_view h, bool lowercaseOnly) {
    if (!h.empty() && h.back() == '.')
        h.remove_suffix(1);
    if (h.empty() || h.size() > 253)
        return std::nullopt;
    bool letter = false;
    std::size_t labelStart = 0;
    for (std::size_t i = 0; i <= h.size(); ++i) {
        if (i == h.size() || h[i] == '.') {
            const std::size_t len = i - labelStart;
            if (len == 0 || len > 63 || h[labelStart] == '-' || h[i - 1] == '-')
                return std::nullopt;
            labelStart = i + 1;
            continue;
        }
        const char c = h[i];
        if (isAsciiUpper(c)) {
            if (lowercaseOnly)
                return std::nullopt;
            letter = true;
        } else if (isAsciiLower(c)) {
            letter = true;
        } else if (!isAsciiDigit(c) && c != '-' && c != '_') {
            return std::nullopt;
        }
    }
    std::string out = asciiLower(h);
    if (!letter) {
        if (!isIpv4(out) || startsWith(out, "127.") || out == "0.0.0.0")
            return std::nullopt;
        return out;
    }
    if (oneOf(out, kStopWords) || endsWith(out, ".localhost") ||
        (endsWith(out, ".local") && out.find(".svc.") == std::string::npos))
        return std::nullopt;
    // The last label of a dotted name is a top-level domain or a cluster word, never digits only
    // ("v1.2") or a file extension ("config.yaml").
    if (const auto dot = out.rfind('.'); dot != std::string::npos) {
        const std::string_view last(out.data() + dot + 1, out.size() - dot - 1);
        if (std::all_of(last.begin(), last.end(), isAsciiDigit) || oneOf(last, kFileExtensions))
            return std::nullopt;
    }
    return out;
}

bool validPort(std::string_view p) {
    if (p.empty() || p.size() > 5 || !std::all_of(p.begin(), p.end(), isAsciiDigit))
        return false;
    const int n = std::stoi(std::string(p));
    return n > 0 && n <= 65535;
}

std::string_view stripPunctuation(std::string_view t) {
    constexpr std::string_view edge = "\"'`()[]{}<>;,";
    while (!t.empty() && edge.find(t.front()) != std::string_view::npos)
        t.remove_prefix(1);
    while (!t.empty() && (edge.find(t.back()) != std::string_view::npos || t.back() == '.'))
        t.remove_suffix(1);
    return t;
}

/// `scheme://[user[:pass]@]host[:port][/...]`, and each host of `scheme://host1[:port],host2[:port]/...`
/// (a MongoDB replica set, Redis sentinels).
std::vector<HostRef> urlRefs(std::string_view token) {
    std::vector<HostRef> out;
    const std::string clean = stripUrlCredentials(token);
    const auto sep = clean.find("://");
    if (sep == std::string::npos || sep == 0)
        return out;
    const std::string scheme = asciiLower(std::string_view(clean).substr(0, sep));
    if (scheme == "file" || scheme == "unix" || endsWith(scheme, "+unix"))
        return out;
    std::string_view rest = std::string_view(clean).substr(sep + 3);
    const auto end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, end);
    if (const auto at = authority.rfind('@'); at != std::string_view::npos)
        authority.remove_prefix(at + 1);
    while (!authority.empty()) {
        const auto comma = authority.find(',');
        const std::string_view one = authority.substr(0, comma);
        authority = comma == std::string_view::npos ? std::string_view() : authority.substr(comma + 1);
        if (one.empty() || one.front() == '[')
            continue;
        std::string_view host = one;
        std::string_view port;
        if (const auto colon = one.rfind(':'); colon != std::string_view::npos) {
            host = one.substr(0, colon);
            port = one.substr(colon + 1);
            if (!port.empty() && !validPort(port))
                continue;
        }
        const auto h = validHost(host, false);
        if (!h)
            continue;
        HostRef r;
        r.host = *h;
        r.port = std::string(port);
        r.form = HostRef::Form::Url;
        out.push_back(std::move(r));
    }
    return out;
}

/// `host`, `host:port`, `user:pass@host:port`.
std::optional<HostRef> plainRef(std::string_view token) {
    if (const auto at = token.rfind('@'); at != std::string_view::npos) {
        // user:pass@host is a credential-carrying address; user@host is an e-mail address.
        if (token.substr(0, at).find(':') == std::string_view::npos)
            return std::nullopt;
        token.remove_prefix(at + 1);
    }
    if (token.empty() || token.front() == '/' || token.front() == '.' || token.front() == '~' ||
        token.front() == '-' || token.front() == '$' || token.front() == '%')
        return std::nullopt;
    HostRef r;
    std::string_view host = token;
    if (const auto colon = token.find(':'); colon != std::string_view::npos) {
        if (token.find(':', colon + 1) != std::string_view::npos)
            return std::nullopt; // 02:42:ac:11:65:43, urn:a:b, ipv6
        host = token.substr(0, colon);
        const auto port = token.substr(colon + 1);
        if (!validPort(port))
            return std::nullopt;
        // The host of host:port starts with a letter (never "01:00", "22:22") or is an IP address.
        if (host.empty() || (!isAsciiAlpha(host.front()) && !isIpv4(host)))
            return std::nullopt;
        r.port = std::string(port);
        r.form = HostRef::Form::HostPort;
    }
    const auto h = validHost(host, true);
    if (!h)
        return std::nullopt;
    r.host = *h;
    if (r.form != HostRef::Form::HostPort)
        r.form = r.host.find('.') != std::string::npos ? HostRef::Form::Dotted : HostRef::Form::Bare;
    return r;
}

bool clusterDnsName(const std::string& host) {
    return endsWith(host, ".svc") || host.find(".svc.cluster.") != std::string::npos;
}

/// One `key = value` (a value without line breaks).
void singleValue(std::string_view key, std::string_view value, std::vector<HostRef>& out) {
    const KeyInfo k = keyInfo(key);
    if (k.self)
        return;
    const bool secret = !key.empty() && isSecretKey(key);
    value = trim(value);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
        value = value.substr(1, value.size() - 2);
    if (value.empty())
        return;
    const bool sentence = std::any_of(value.begin(), value.end(), isAsciiSpace);
    std::size_t i = 0;
    while (i < value.size()) {
        while (i < value.size() && (isAsciiSpace(value[i]) || value[i] == ',' || value[i] == ';'))
            ++i;
        auto wordEnd = [&](std::size_t from) {
            while (from < value.size() && !isAsciiSpace(value[from]) && value[from] != ',' &&
                   value[from] != ';')
                ++from;
            return from;
        };
        std::size_t j = wordEnd(i);
        // The commas of a URL's authority part separate its hosts, not values
        // (mongodb://mongo-0.mongo,mongo-1.mongo:27017/app): the URL is one word up to its path.
        if (const auto scheme = value.substr(i, j - i).find("://"); scheme != std::string_view::npos) {
            const std::size_t authority = i + scheme + 3;
            while (j < value.size() && value[j] == ',' &&
                   value.substr(authority, j - authority).find_first_of("/?#") == std::string_view::npos) {
                const std::size_t next = wordEnd(j + 1);
                if (next == j + 1 || value.substr(j + 1, next - j - 1).find("://") != std::string_view::npos)
                    break; // a list of URLs
                j = next;
            }
        }
        std::string_view token = stripPunctuation(value.substr(i, j - i));
        i = j;
        if (token.empty())
            continue;
        if (token.find("://") != std::string_view::npos) {
            for (HostRef& r : urlRefs(token)) {
                r.definite = key.empty() || k.host || clusterDnsName(r.host);
                out.push_back(std::move(r));
            }
            continue;
        }
        if (secret || looksLikeSecret(token))
            continue;
        auto r = plainRef(token);
        if (!r)
            continue;
        switch (r->form) {
        case HostRef::Form::HostPort:
            r->definite = k.host || clusterDnsName(r->host);
            break;
        case HostRef::Form::Dotted:
            if (sentence)
                continue;
            r->definite = k.host || clusterDnsName(r->host);
            break;
        case HostRef::Form::Bare:
            if (sentence || !k.host)
                continue;
            r->definite = k.hostLast;
            break;
        case HostRef::Form::Url:
            break;
        }
        out.push_back(std::move(*r));
    }
}

/// A config file: `key: value` / `key = value` lines, and URLs and host:port anywhere.
void configText(std::string_view text, std::vector<HostRef>& out) {
    int lines = 0;
    std::size_t pos = 0;
    while (pos < text.size() && lines++ < kMaxLines) {
        auto nl = text.find('\n', pos);
        if (nl == std::string_view::npos)
            nl = text.size();
        std::string_view line = trim(text.substr(pos, nl - pos));
        pos = nl + 1;
        if (line.empty() || line.front() == '#' || line.front() == ';' || startsWith(line, "//"))
            continue;
        if (startsWith(line, "- "))
            line = trim(line.substr(2));
        // key: value, key = value, key value; (nginx)
        std::size_t k = 0;
        while (k < line.size() &&
               (isAsciiAlnum(line[k]) || line[k] == '_' || line[k] == '-' || line[k] == '.'))
            ++k;
        std::string_view key = line.substr(0, k);
        std::string_view rest = trim(line.substr(k));
        const bool quotedKey = !line.empty() && line.front() == '"';
        if (quotedKey) { // "key": "value" (JSON)
            const auto close = line.find('"', 1);
            if (close != std::string_view::npos) {
                key = line.substr(1, close - 1);
                rest = trim(line.substr(close + 1));
            }
        }
        if (!key.empty() && !rest.empty() && (rest.front() == ':' || rest.front() == '=')) {
            std::string_view v = trim(rest.substr(1));
            if (!v.empty() && v.back() == ',')
                v.remove_suffix(1);
            singleValue(key, v, out);
            continue;
        }
        // Anything else: URLs (definite) and host:port (candidates) in the line's words.
        std::size_t i = 0;
        while (i < line.size()) {
            while (i < line.size() && isAsciiSpace(line[i]))
                ++i;
            std::size_t j = i;
            while (j < line.size() && !isAsciiSpace(line[j]))
                ++j;
            const std::string_view token = stripPunctuation(line.substr(i, j - i));
            i = j;
            if (token.find("://") != std::string_view::npos) {
                for (HostRef& r : urlRefs(token)) {
                    r.definite = true;
                    out.push_back(std::move(r));
                }
            } else if (!looksLikeSecret(token)) {
                if (auto r = plainRef(token); r && r->form == HostRef::Form::HostPort)
                    out.push_back(std::move(*r));
            }
        }
    }
}

} // namespace

bool isHostKey(std::string_view key) {
    return keyInfo(key).host;
}

std::vector<HostRef> hostRefs(std::string_view key, std::string_view value) {
    std::vector<HostRef> found;
    if (value.size() > kMaxScan)
        value = value.substr(0, kMaxScan);
    if (value.find('\n') != std::string_view::npos) {
        if (!keyInfo(key).self)
            configText(value, found);
    } else {
        singleValue(key, value, found);
    }
    // One entry per host; a definite sighting wins.
    std::vector<HostRef> out;
    for (auto& r : found) {
        auto same = std::find_if(out.begin(), out.end(), [&](const HostRef& o) { return o.host == r.host; });
        if (same == out.end()) {
            out.push_back(std::move(r));
        } else if (r.definite && !same->definite) {
            *same = std::move(r);
        }
    }
    return out;
}

std::vector<std::pair<std::string, std::string>>
commandLineValues(const std::vector<std::string_view>& parts) {
    constexpr std::string_view kBreaks = " \t\r\n;&|()'\"`";
    std::vector<std::string_view> words;
    for (const std::string_view text : parts)
        for (std::size_t i = 0; i < text.size() && words.size() < 4096;) {
            const std::size_t start = text.find_first_not_of(kBreaks, i);
            if (start == std::string_view::npos)
                break;
            const std::size_t end = std::min(text.find_first_of(kBreaks, start), text.size());
            words.push_back(text.substr(start, end - start));
            i = end;
        }
    auto isPort = [](std::string_view w) {
        return !w.empty() && w.size() <= 5 &&
               std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    // Database and cache clients, whose -h is the host they connect to (`pg_isready -h db`, `redis-cli -h
    // cache ping`), not help.
    auto client = [](std::string_view w) {
        if (const auto slash = w.rfind('/'); slash != std::string_view::npos)
            w.remove_prefix(slash + 1);
        for (std::string_view c : {"pg_isready", "psql", "pg_dump", "mysql", "mysqladmin", "mysqldump",
                                   "redis-cli", "mongo", "mongosh", "clickhouse-client", "cqlsh"})
            if (w == c)
                return true;
        return false;
    };
    // Shells, whose -c (-ec, -xc...) takes the script that comes next (`sh -c "pg_dump -h pg shop"`), a
    // command line of its own: its first word is no value of that flag.
    auto shell = [](std::string_view w) {
        if (const auto slash = w.rfind('/'); slash != std::string_view::npos)
            w.remove_prefix(slash + 1);
        for (std::string_view s : {"sh", "bash", "ash", "dash", "zsh", "ksh"})
            if (w == s)
                return true;
        return false;
    };
    bool afterClient = false; // a client's name came before, in the command line
    bool afterShell = false;  // a shell's name came before
    std::vector<std::pair<std::string, std::string>> out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string_view w = words[i];
        const bool next = i + 1 < words.size();
        afterClient = afterClient || client(w);
        afterShell = afterShell || shell(w);
        if (w.starts_with('-')) {
            const std::size_t dashes = w.starts_with("--") ? 2 : 1;
            const std::size_t eq = w.find('=');
            std::string_view flag = w.substr(dashes, eq == std::string_view::npos ? eq : eq - dashes);
            if (afterShell && dashes == 1 && eq == std::string_view::npos &&
                flag.find('c') != std::string_view::npos &&
                std::all_of(flag.begin(), flag.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
                continue; // the script: read as the words of a command line
            if (flag == "h" && dashes == 1 && afterClient)
                flag = "host";
            if (eq != std::string_view::npos) {
                out.emplace_back(flag, w.substr(eq + 1));
            } else if (next && !words[i + 1].starts_with('-') &&
                       !(i + 2 < words.size() && isPort(words[i + 2]))) { // `-z db 5432`: db:5432
                out.emplace_back(flag, words[i + 1]);
                ++i;
            }
        } else if (next && isPort(words[i + 1]) && !isPort(w)) {
            out.emplace_back("", std::string(w) + ":" + std::string(words[i + 1]));
            ++i;
        } else {
            out.emplace_back("", w);
        }
    }
    return out;
}

std::string hostEvidence(std::string_view what, std::string_view key, std::string_view value,
                         const HostRef& ref) {
    std::string out(what);
    if (!out.empty())
        out += ' ';
    out += key;
    const std::string shown = ref.port.empty() ? ref.host : ref.host + ":" + ref.port;
    const std::string v = asciiLower(trim(value));
    if (!key.empty() && !isSecretKey(key) && (v == ref.host || v == shown))
        return out + "=" + shown;
    return out + (key.empty() ? "" : " ") + "-> " + shown;
}

std::vector<ClusterName> clusterNames(std::string_view host) {
    std::vector<std::string> labels;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= host.size(); ++i)
        if (i == host.size() || host[i] == '.') {
            labels.emplace_back(host.substr(start, i - start));
            start = i + 1;
        }
    if (labels.empty() || labels.front().empty())
        return {};
    if (labels.size() == 1)
        return {ClusterName{labels[0], {}, {}}};
    for (std::size_t i = 2; i < labels.size(); ++i)
        if (labels[i] == "svc")
            return {ClusterName{labels[i - 2], labels[i - 1], {}}};
    if (labels.size() == 2)
        return {ClusterName{labels[0], labels[1], {}}, ClusterName{labels[1], {}, labels[0]}};
    if (labels.size() == 3)
        return {ClusterName{labels[1], labels[2], labels[0]}};
    return {};
}

std::string imageKind(std::string_view image) {
    std::string name = asciiLower(image);
    if (const auto at = name.find('@'); at != std::string::npos)
        name.erase(at);
    if (const auto slash = name.rfind('/'); slash != std::string::npos)
        name.erase(0, slash + 1);
    if (const auto colon = name.find(':'); colon != std::string::npos)
        name.erase(colon);
    std::vector<std::string> tokens;
    std::string cur;
    for (char c : name + "-") {
        if (c == '-' || c == '_' || c == '.') {
            if (!cur.empty())
                tokens.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    auto any = [&](std::initializer_list<std::string_view> words, bool prefix) {
        for (const auto& t : tokens)
            for (auto w : words)
                if (prefix ? startsWith(t, w) : t == w)
                    return true;
        return false;
    };
    if (any({"exporter", "fluentd", "fluentbit", "promtail", "filebeat", "cadvisor", "otel", "collector"},
            false))
        return "monitoring";
    if (any({"express", "admin", "ui", "commander", "insight", "web", "console", "client", "cli"}, false))
        return "";
    if (any({"postgres", "postgis", "mysql", "mariadb", "mongo", "cassandra", "cockroach", "couchdb",
             "couchbase", "neo4j", "influxdb", "timescale", "clickhouse", "elasticsearch", "opensearch",
             "mssql", "scylla", "percona"},
            true))
        return "database";
    if (any({"redis", "memcached", "valkey", "keydb", "varnish", "dragonfly"}, true))
        return "cache";
    if (any({"rabbitmq", "kafka", "nats", "activemq", "artemis", "pulsar", "mosquitto", "emqx", "redpanda"},
            true))
        return "queue";
    if (any({"nginx", "traefik", "haproxy", "envoy", "caddy"}, true))
        return "load-balancer";
    if (any({"prometheus", "grafana", "alertmanager", "loki", "jaeger", "zipkin", "tempo", "kibana"}, true))
        return "monitoring";
    if (any({"minio", "seaweedfs"}, true))
        return "storage";
    if (any({"jenkins", "runner", "drone", "argocd", "tekton"}, true))
        return "ci-cd";
    return "";
}

std::optional<std::string> safeImage(std::string_view image) {
    std::string s(trim(image));
    if (const auto at = s.find("@sha256:"); at != std::string::npos)
        s.erase(at);
    if (s.empty())
        return std::nullopt;
    return safeValue("image", s);
}

} // namespace terrain
