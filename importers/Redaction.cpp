#include "Redaction.h"

#include "AsciiChars.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>

namespace terrain {

namespace {

/// A key's letters and digits in lower case, in `buffer` when the key fits (keys are short: no
/// allocation), else in `spill`.
std::string_view normalizedKey(std::string_view key, std::array<char, 64>& buffer, std::string& spill) {
    char* out = buffer.data();
    if (key.size() > buffer.size()) {
        spill.resize(key.size());
        out = spill.data();
    }
    std::size_t n = 0;
    for (char c : key)
        if (isAsciiAlnum(c))
            out[n++] = asciiLowerChar(c);
    return {out, n};
}

bool contains(std::string_view s, std::string_view part) {
    return s.find(part) != std::string_view::npos;
}

bool endsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool secretKeyUncached(std::string_view key) {
    std::array<char, 64> buffer;
    std::string spill;
    const std::string_view k = normalizedKey(key, buffer, spill);
    // A key that ends by naming where something is (AUTH_SERVICE_HOST, TOKEN_URL, CREDENTIALS_ENDPOINT)
    // holds a place, not a secret, whatever words come before; its value is still judged as every value
    // is (a URL's credentials stripped, a value that looks like a secret or assigns one dropped). But a
    // signed URL (an Azure SAS URL, a presigned one), a DSN and a webhook's URL (Slack's, Teams') carry
    // their credentials: secrets.
    for (const std::string_view place :
         {"host", "hostname", "addr", "address", "url", "uri", "endpoint", "server", "servers"})
        if (k.size() > place.size() && endsWith(k, place))
            return contains(k, "sas") || contains(k, "signed") || contains(k, "dsn") ||
                   contains(k, "webhook");
    static constexpr std::array<std::string_view, 35> parts = {
        "password",    "passwd",        "passphrase",
        "secret",      "token",         "privatekey",
        "pem",         "keydata",       "connectionstring",
        "connstr",     "kubeconfig",    "userdata",
        "certificate", "credential",    "apikey",
        "accesskey",   "secretkey",     "sessionkey",
        "signingkey",  "encryptionkey", "masterkey",
        "sshkey",      "authkey",       "clientkey",
        "sharedkey",   "sas",           "cookie",
        "bearer",      "authorization", "dsn",
        "salt",        "otp",           "pwd",
        "pass",        "webhook"};
    for (auto p : parts) {
        if (p == "pass" || p == "pwd" || p == "sas" || p == "otp" || p == "dsn" || p == "salt") {
            // Short words: only as a whole key or a suffix (DB_PASS, admin_pwd), never inside words
            // such as "passenger", "compass" or "saslogs".
            if (k == p || (k.size() > p.size() && endsWith(k, p)))
                return true;
            continue;
        }
        if (contains(k, p))
            return true;
    }
    // "key" alone or as a suffix names a secret ("key", "client_key", "tls.key"); but "key_name",
    // "public_key"... and "key_id", "keyring" do not.
    if (k == "key" ||
        ((k.size() > 3 && endsWith(k, "key")) && !contains(k, "public") && !contains(k, "sshkeyname") &&
         k != "primarykey" && k != "sortkey" && k != "hashkey" && k != "partitionkey" && k != "rangekey"))
        return true;
    if (contains(k, "auth") && !contains(k, "author"))
        return true;
    return false;
}

} // namespace

bool isSecretKey(std::string_view key) {
    // Imports ask about the same few hundred attribute names again and again: remember the answers
    // (per thread; bounded, emptied when full).
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    thread_local std::unordered_map<std::string, bool, Hash, std::equal_to<>> known;
    if (const auto it = known.find(key); it != known.end())
        return it->second;
    if (known.size() >= 4096)
        known.clear();
    const bool secret = secretKeyUncached(key);
    known.emplace(key, secret);
    return secret;
}

bool looksLikeSecret(std::string_view s) {
    // One pass over the value (every fact of every import is asked): its runs of base64 or hex characters,
    // and whether it has the characters the markers below need. ASCII classes, whatever the locale.
    // Long unbroken base64 or hex runs (no dashes, which separate the words of names and ids) that mix
    // digits and letters or upper and lower case are keys, digests or encoded blobs, never useful facts.
    // A value that starts with '/' is a path (an Azure resource id: ".../Microsoft.ContainerService/
    // managedClusters/aks-prod"), whose segments are judged each on its own.
    const bool path = s.starts_with('/');
    bool dash = false, space = false, dollar = false;
    std::size_t runStart = 0;
    bool digit = false, upper = false, lower = false; // in the run
    for (std::size_t i = 0; i <= s.size(); ++i) {
        const char c = i < s.size() ? s[i] : '\0';
        const bool d = c >= '0' && c <= '9', u = c >= 'A' && c <= 'Z', l = c >= 'a' && c <= 'z';
        if (d || u || l || c == '+' || (c == '/' && !path) || c == '=' || c == '_') {
            digit |= d;
            upper |= u;
            lower |= l;
            continue;
        }
        if (i - runStart >= 32 && digit + upper + lower >= 2)
            return true;
        dash |= c == '-';
        space |= c == ' ';
        dollar |= c == '$';
        runStart = i + 1;
        digit = upper = lower = false;
    }
    if ((dash && contains(s, "-----BEGIN")) ||
        (space &&
         (contains(s, "PRIVATE KEY") || contains(s, "ssh-rsa AAAA") || contains(s, "ssh-ed25519 AAAA"))) ||
        (dollar && contains(s, "$ANSIBLE_VAULT")))
        return true;
    // AWS access key ids
    if (s.size() == 20 && (s.starts_with("AKIA") || s.starts_with("ASIA")) &&
        std::all_of(s.begin(), s.end(),
                    [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }))
        return true;
    // JWTs: three base64url parts, the first starting with {"
    return s.starts_with("eyJ") && std::count(s.begin(), s.end(), '.') == 2;
}

bool assignsSecret(std::string_view s) {
    for (std::size_t at = s.find_first_of("=:"); at != std::string_view::npos;
         at = s.find_first_of("=:", at + 1)) {
        if (s[at] == ':' && (at + 1 >= s.size() || s[at + 1] != ' '))
            continue; // ids and URLs (arn:aws:..., host:port, https://) name no secret
        std::size_t from = at;
        while (from > 0 &&
               (isAsciiAlnum(s[from - 1]) || s[from - 1] == '_' || s[from - 1] == '-' || s[from - 1] == '.'))
            --from;
        std::size_t value = at + 1;
        while (value < s.size() && (s[value] == ' ' || s[value] == '"' || s[value] == '\''))
            ++value;
        if (from < at && value < s.size() && s[value] != ';' && s[value] != '&' && s[value] != ',' &&
            isSecretKey(s.substr(from, at - from)))
            return true;
    }
    return false;
}

namespace {

/// stripUrlCredentials(value) appended to `out`.
void appendWithoutUrlCredentials(std::string& out, std::string_view value) {
    size_t i = 0;
    while (i < value.size()) {
        const size_t scheme = value.find("://", i);
        if (scheme == std::string_view::npos) {
            out.append(value.substr(i));
            break;
        }
        const size_t authority = scheme + 3;
        out.append(value.substr(i, authority - i));
        // The authority ends at the first '/', '?', '#', whitespace or quote.
        size_t end = authority;
        while (end < value.size() && !std::strchr("/?# \t\r\n\"'", value[end]))
            ++end;
        const std::string_view auth = value.substr(authority, end - authority);
        const size_t at = auth.rfind('@');
        out.append(at == std::string_view::npos ? auth : auth.substr(at + 1));
        i = end;
    }
}

} // namespace

std::string stripUrlCredentials(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    appendWithoutUrlCredentials(out, value);
    return out;
}

bool safeValueInto(std::string_view key, std::string_view value, std::string& v) {
    if (isSecretKey(key) || looksLikeSecret(value) || assignsSecret(value))
        return false;
    v.clear();
    appendWithoutUrlCredentials(v, value);
    if (v.size() > 256)
        return false;
    // "user:password@host" without a scheme (JDBC-style and DSNs)
    if (const auto at = v.find('@'); at != std::string::npos && v.find(':') < at &&
                                     v.find(' ') == std::string::npos && v.find("://") == std::string::npos)
        return false;
    return true;
}

std::optional<std::string> safeValue(std::string_view key, std::string_view value) {
    std::string v;
    if (!safeValueInto(key, value, v))
        return std::nullopt;
    return v;
}

void addSafeAttribute(json& out, const std::string& k, const json& v,
                      const std::function<bool(const std::string&)>& isSensitive) {
    auto sensitive = [&](const std::string& key) {
        return isSecretKey(key) || (isSensitive && isSensitive(key));
    };
    auto scalar = [](const std::string& key, const json& x) -> std::optional<json> {
        if (x.is_boolean() || x.is_number())
            return x;
        if (x.is_string())
            if (auto s = safeValue(key, x.get_ref<const std::string&>()))
                return json(std::move(*s));
        return std::nullopt;
    };
    if (v.is_null() || sensitive(k))
        return;
    if (v.is_object()) {
        // Maps of labels, flattened: "tags.<key>"; a Kubernetes workload's pod labels and a Service's
        // selector keep their own names ("pod_labels.<key>", "selector.<key>"), which planMerge() matches.
        const bool tags = k == "tags" || k == "labels" || k == "tags_all";
        if (tags || k == "pod_labels" || k == "selector") {
            const std::string prefix = tags ? "tags." : k + ".";
            for (auto t = v.begin(); t != v.end(); ++t)
                if (!sensitive(t.key()))
                    if (auto s = scalar(t.key(), t.value()))
                        out[prefix + t.key()] = std::move(*s);
        }
        return;
    }
    if (v.is_array()) {
        if (v.empty() || v.size() > 16)
            return;
        json arr = json::array();
        for (const auto& e : v) {
            auto s = scalar(k, e);
            if (!s)
                return;
            arr.push_back(std::move(*s));
        }
        out[k] = std::move(arr);
        return;
    }
    if (auto s = scalar(k, v))
        out[k] = std::move(*s);
}

json safeAttributes(const json& attributes, const std::function<bool(const std::string&)>& isSensitive) {
    json out = json::object();
    if (!attributes.is_object())
        return out;
    for (auto it = attributes.begin(); it != attributes.end(); ++it)
        addSafeAttribute(out, it.key(), it.value(), isSensitive);
    return out;
}

} // namespace terrain
