#include "TfStateParser.h"

#include "Error.h"
#include "TerraformCommon.h"

#include <cctype>

namespace terrain {

using namespace tf;

namespace {

bool plainResourceName(const std::string& s) {
    if (s.empty() || s.size() > 512)
        return false;
    for (char c : s)
        if (c == '.' || c == '[' || c == ']' || c == '"' || c == '\\' ||
            std::isspace(static_cast<unsigned char>(c)))
            return false;
    return true;
}

std::string checkedName(const std::string& file, const json& obj, const std::string& ptr, const char* key) {
    std::string v = reqString(file, obj, ptr, key);
    if (!plainResourceName(v))
        throw Error(file, jsonPointer(ptr, key),
                    std::string("expected a resource ") + key + " (letters, digits, '_' and '-'), found \"" +
                        v.substr(0, 64) + "\"");
    return v;
}

// A cty path step list:
// [{"type":"get_attr","value":"password"},{"type":"index","value":{"value":0,"type":"number"}}]
Path sensitivePath(const std::string& file, const json& steps, const std::string& ptr) {
    if (!steps.is_array())
        fail(file, ptr, "an array of path steps", &steps);
    Path p;
    for (std::size_t k = 0; k < steps.size(); ++k) {
        const json& st = steps[k];
        const std::string sp = jsonPointer(ptr, k);
        if (!st.is_object())
            fail(file, sp, "a path step object", &st);
        const std::string type = optString(file, st, sp, "type");
        const auto v = st.find("value");
        if (type == "get_attr" && v != st.end() && v->is_string()) {
            p.push_back(v->get<std::string>());
            continue;
        }
        if (type == "index" && v != st.end()) {
            const json& key = v->is_object() && v->contains("value") ? (*v)["value"] : *v;
            if (key.is_string()) {
                p.push_back(key.get<std::string>());
                continue;
            }
            if (key.is_number_integer() || key.is_number_unsigned()) {
                p.push_back(key.dump());
                continue;
            }
        }
        break; // an unknown step: everything below what we understood counts as sensitive
    }
    return p;
}

std::string moduleOf(const std::string& file, const json& r, const std::string& ptr) {
    std::string module = optString(file, r, ptr, "module");
    if (!module.empty() && !parseModulePath(module))
        throw Error(file, jsonPointer(ptr, "module"),
                    "expected a module address such as module.app or module.app[\"api\"], found \"" +
                        module.substr(0, 80) + "\"");
    return module;
}

void parseV4(const std::string& file, const json& root, Build& b) {
    const json* resources = opt(file, root, "", "resources", JType::Array);
    if (!resources)
        return;
    for (std::size_t i = 0; i < resources->size(); ++i) {
        const json& r = (*resources)[i];
        const std::string ptr = jsonPointer("/resources", i);
        if (!r.is_object())
            fail(file, ptr, "a resource object", &r);
        const std::string module = moduleOf(file, r, ptr);
        const std::string mode = optString(file, r, ptr, "mode");
        if (!mode.empty() && mode != "managed" && mode != "data")
            throw Error(file, jsonPointer(ptr, "mode"),
                        "expected \"managed\" or \"data\", found \"" + mode.substr(0, 40) + "\"");
        const std::string type = checkedName(file, r, ptr, "type");
        const std::string name = checkedName(file, r, ptr, "name");
        const std::string provider = providerShortName(optString(file, r, ptr, "provider"), type);
        const json& instances = req(file, r, ptr, "instances", JType::Array);
        const std::string iptrBase = jsonPointer(ptr, "instances");
        for (std::size_t j = 0; j < instances.size(); ++j) {
            const json& o = instances[j];
            const std::string iptr = jsonPointer(iptrBase, j);
            if (!o.is_object())
                fail(file, iptr, "an instance object", &o);
            Instance in;
            in.module = module;
            in.data = mode == "data";
            in.type = type;
            in.name = name;
            in.provider = provider;
            if (const json* key = opt(file, o, iptr, "index_key", JType::Scalar)) {
                if (key->is_boolean())
                    fail(file, jsonPointer(iptr, "index_key"), "a number or a string", key);
                in.index = indexText(*key);
            }
            in.tainted = optString(file, o, iptr, "status") == "tainted";
            in.deposedObject = !optString(file, o, iptr, "deposed").empty();
            if (const json* a = opt(file, o, iptr, "attributes", JType::Object)) {
                // The document is ours (parse() holds it non-const): move the values instead of copying
                // them, as states can be hundreds of megabytes.
                in.attributes = unwrapDynamic(std::move(const_cast<json&>(*a)));
            } else if (const json* flat = opt(file, o, iptr, "attributes_flat", JType::Object)) {
                in.flat = true;
                for (auto it = flat->begin(); it != flat->end(); ++it) {
                    if (!it.value().is_string())
                        fail(file, jsonPointer(jsonPointer(iptr, "attributes_flat"), it.key()),
                             "a string (flatmap value)", &it.value());
                    in.attributes[it.key()] = it.value();
                }
            }
            if (const json* sens = opt(file, o, iptr, "sensitive_attributes", JType::Array)) {
                const std::string sptr = jsonPointer(iptr, "sensitive_attributes");
                for (std::size_t k = 0; k < sens->size(); ++k)
                    in.sensitive.push_back(sensitivePath(file, (*sens)[k], jsonPointer(sptr, k)));
            }
            for (const auto& dep : optStrings(file, o, iptr, "dependencies"))
                in.refs.push_back({dep, "", "dependencies", "depends-on", true});
            for (const auto& dep : optStrings(file, o, iptr, "depends_on"))
                in.refs.push_back({dep, "", "depends_on", "depends-on", true});
            b.instances.push_back(std::move(in));
        }
    }
}

// "aws_instance.web", "aws_instance.web.0", "data.aws_ami.x" (v3 resource keys and depends_on entries)
struct V3Key {
    bool data = false;
    std::string type, name, index;
};
std::optional<V3Key> parseV3Key(const std::string& key) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto dot = key.find('.', start);
        parts.push_back(key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos)
            break;
        start = dot + 1;
    }
    V3Key k;
    std::size_t i = 0;
    if (parts.size() > 2 && parts[0] == "data") {
        k.data = true;
        i = 1;
    }
    if (parts.size() - i < 2 || parts.size() - i > 3)
        return std::nullopt;
    k.type = parts[i];
    k.name = parts[i + 1];
    if (!plainResourceName(k.type) || !plainResourceName(k.name) || k.type == "module")
        return std::nullopt;
    if (parts.size() - i == 3) {
        const std::string& idx = parts[i + 2];
        if (idx.empty() || idx.size() > 9 ||
            !std::all_of(idx.begin(), idx.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::nullopt;
        k.index = "[" + std::to_string(std::stol(idx)) + "]";
    }
    return k;
}

void parseV3(const std::string& file, const json& root, Build& b) {
    const json* modules = opt(file, root, "", "modules", JType::Array);
    if (!modules)
        return;
    for (std::size_t i = 0; i < modules->size(); ++i) {
        const json& m = (*modules)[i];
        const std::string mptr = jsonPointer("/modules", i);
        if (!m.is_object())
            fail(file, mptr, "a module object", &m);
        const auto path = optStrings(file, m, mptr, "path");
        std::string module;
        for (std::size_t k = 1; k < path.size(); ++k) {
            if (!plainResourceName(path[k]))
                throw Error(file, jsonPointer(jsonPointer(mptr, "path"), k),
                            "expected a module name, found \"" + path[k].substr(0, 64) + "\"");
            module += (module.empty() ? "" : ".") + std::string("module.") + path[k];
        }
        if (!path.empty() && path[0] != "root")
            throw Error(file, jsonPointer(jsonPointer(mptr, "path"), std::size_t(0)),
                        "expected \"root\" as the first step of a module path");
        const json* resources = opt(file, m, mptr, "resources", JType::Object);
        if (!resources)
            continue;
        const std::string rbase = jsonPointer(mptr, "resources");
        for (auto it = resources->begin(); it != resources->end(); ++it) {
            const std::string rptr = jsonPointer(rbase, it.key());
            const json& r = it.value();
            if (!r.is_object())
                fail(file, rptr, "a resource object", &r);
            const auto key = parseV3Key(it.key());
            if (!key)
                throw Error(
                    file, rptr,
                    "expected a resource key such as aws_instance.web or aws_instance.web.0, found \"" +
                        it.key().substr(0, 80) + "\"");
            const std::string type = optString(file, r, rptr, "type");
            if (!type.empty() && type != key->type)
                throw Error(file, jsonPointer(rptr, "type"),
                            "expected \"" + key->type + "\" (the type in the resource key)");
            const std::string provider = providerShortName(optString(file, r, rptr, "provider"), key->type);
            std::vector<Ref> refs;
            for (const auto& dep : optStrings(file, r, rptr, "depends_on")) {
                std::string d = dep;
                if (d.size() > 2 && d.compare(d.size() - 2, 2, ".*") == 0)
                    d.resize(d.size() - 2);
                std::string target;
                if (const auto dk = parseV3Key(d))
                    target = std::string(dk->data ? "data." : "") + dk->type + "." + dk->name;
                else if (d.rfind("module.", 0) == 0)
                    target = d;
                else
                    continue;
                refs.push_back(
                    {(module.empty() ? "" : module + ".") + target, "", "depends_on", "depends-on", true});
            }
            auto makeInstance = [&](const json& obj, const std::string& optr, bool deposed) {
                Instance in;
                in.module = module;
                in.data = key->data;
                in.type = key->type;
                in.name = key->name;
                in.index = key->index;
                in.provider = provider;
                in.flat = true;
                in.deposedObject = deposed;
                in.refs = refs;
                if (const json* attrs = opt(file, obj, optr, "attributes", JType::Object)) {
                    for (auto a = attrs->begin(); a != attrs->end(); ++a) {
                        if (!a.value().is_string())
                            fail(file, jsonPointer(jsonPointer(optr, "attributes"), a.key()),
                                 "a string (flatmap value)", &a.value());
                        in.attributes[a.key()] = a.value();
                    }
                }
                const std::string id = optString(file, obj, optr, "id");
                if (!id.empty() && !in.attributes.contains("id"))
                    in.attributes["id"] = id;
                if (const json* t = opt(file, obj, optr, "tainted", JType::Bool))
                    in.tainted = t->get<bool>();
                return in;
            };
            const json* primary = opt(file, r, rptr, "primary", JType::Object);
            if (primary)
                b.instances.push_back(makeInstance(*primary, jsonPointer(rptr, "primary"), false));
            if (const json* deposed = opt(file, r, rptr, "deposed", JType::Array)) {
                const std::string dptr = jsonPointer(rptr, "deposed");
                for (std::size_t k = 0; k < deposed->size(); ++k) {
                    const json& o = (*deposed)[k];
                    if (!o.is_object())
                        fail(file, jsonPointer(dptr, k), "a deposed object", &o);
                    b.instances.push_back(makeInstance(o, jsonPointer(dptr, k), true));
                }
            }
        }
    }
}

std::size_t skipSpace(const std::string& s, std::size_t i) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
        ++i;
    return i;
}

// The value of "key": <string or integer> in the text, found by scanning (for sniffing only).
std::optional<std::string> scanValue(const std::string& text, const std::string& key) {
    const std::string needle = "\"" + key + "\"";
    std::size_t at = text.find(needle);
    if (at == std::string::npos)
        return std::nullopt;
    std::size_t i = skipSpace(text, at + needle.size());
    if (i >= text.size() || text[i] != ':')
        return std::nullopt;
    i = skipSpace(text, i + 1);
    if (i < text.size() && text[i] == '"') {
        const auto end = text.find('"', i + 1);
        if (end == std::string::npos)
            return std::nullopt;
        return text.substr(i + 1, end - i - 1);
    }
    std::size_t j = i;
    while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '-'))
        ++j;
    if (j == i)
        return std::nullopt;
    return text.substr(i, j - i);
}

} // namespace

std::string TfStateParser::description() const {
    return "Terraform state (terraform.tfstate, `terraform state pull`; format versions 3 and 4)";
}

int TfStateParser::sniff(const std::string& fileName, const std::string& text) const {
    const std::string head = text.substr(0, 8192);
    const std::size_t first = skipSpace(head, 0);
    const bool jsonObject = first < head.size() && head[first] == '{';
    const bool named = fileName.size() >= 8 && (fileName.find(".tfstate") != std::string::npos);
    if (!jsonObject)
        return named ? 40 : 0;
    if (head.find("\"format_version\"") != std::string::npos)
        return 5; // terraform show -json output: tfjson
    if (head.find("\"encrypted_data\"") != std::string::npos &&
        head.find("\"encryption_version\"") != std::string::npos)
        return 85; // OpenTofu encrypted state: parse() says what to do
    const bool lineage = head.find("\"lineage\"") != std::string::npos;
    const bool tfVersion = head.find("\"terraform_version\"") != std::string::npos;
    const auto version = scanValue(head, "version");
    const bool stateVersion =
        version && (*version == "1" || *version == "2" || *version == "3" || *version == "4");
    const bool body =
        head.find("\"resources\"") != std::string::npos || head.find("\"modules\"") != std::string::npos;
    int score = 0;
    if (stateVersion && lineage && (tfVersion || body))
        score = 95;
    else if (stateVersion && (lineage || tfVersion))
        score = 85;
    else if (lineage && body)
        score = 70;
    if (named)
        score = std::max(score, 60);
    return score;
}

std::optional<TfStateParser::Identity> TfStateParser::identity(const std::string& text) {
    const std::string head = text.substr(0, 65536);
    const auto lineage = scanValue(head, "lineage");
    if (!lineage || lineage->empty())
        return std::nullopt;
    Identity id;
    id.lineage = *lineage;
    if (const auto serial = scanValue(head, "serial"); serial && serial->size() < 19)
        try {
            id.serial = std::stoll(*serial);
        } catch (const std::exception&) {
            id.serial = 0;
        }
    return id;
}

Discovery TfStateParser::parse(const SourceText& src, const ParseOptions& /*options*/) const {
    const std::string& file = src.name;
    try {
        json root = parseJsonText(src.text, file);
        if (!root.is_object())
            fail(file, "", "a Terraform state object", &root);
        if (root.contains("encrypted_data") || root.contains("encryption_version"))
            throw Error(
                file, "/encrypted_data",
                "this is an OpenTofu encrypted state, which cannot be read without its key; run `tofu "
                "state pull > decrypted.tfstate` (with the encryption configured) to export decrypted "
                "state, and import that file");
        const json* version = opt(file, root, "", "version", JType::Number);
        if (!version) {
            if (root.contains("format_version"))
                throw Error(file, "/format_version",
                            "this is `terraform show -json` output, not a state file: import it with "
                            "--format tfjson");
            throw Error(file, "/version", "expected the state format version (a number), but it is missing");
        }
        const double v = version->get<double>();
        if (v == 1 || v == 2)
            throw Error(
                file, "/version",
                "state format version " + std::to_string(static_cast<int>(v)) +
                    " (Terraform before 0.7) is not supported; upgrade it with a newer Terraform "
                    "(`terraform state pull > upgraded.tfstate` with Terraform 0.12 or later writes version "
                    "4) and import that file");
        if (v != 3 && v != 4)
            throw Error(file, "/version",
                        "expected state format version 3 or 4, found " + version->dump() +
                            " (a newer Terraform? `terraform show -json` output can be imported as tfjson)");
        Build b;
        b.format = "tfstate";
        b.file = file;
        b.contentHash = src.sha256;
        const std::string lineage = optString(file, root, "", "lineage");
        opt(file, root, "", "serial", JType::Number);
        opt(file, root, "", "terraform_version", JType::String);
        if (lineage.empty()) {
            b.scope = "tfstate:" + file;
            b.warnings.push_back("the state has no lineage; re-imports are matched by file name");
        } else {
            b.scope = "tfstate:" + lineage;
        }
        if (v == 4)
            parseV4(file, root, b);
        else
            parseV3(file, root, b);
        return buildDiscovery(std::move(b));
    } catch (const json::exception& e) {
        throw Error(file, "", std::string("unexpected JSON structure (") + e.what() + ")");
    }
}

} // namespace terrain
