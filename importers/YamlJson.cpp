#include "YamlJson.h"

#include "Error.h"
#include "SourceText.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdlib>
#include <regex>
#include <sstream>

namespace terrain {

namespace {

std::string place(const YAML::Mark& m) {
    if (m.is_null())
        return {};
    return "line " + std::to_string(m.line + 1) + ", column " + std::to_string(m.column + 1);
}

class Converter {
public:
    Converter(const std::string& name, const YamlOptions& options)
        : m_name(name)
        , m_options(options) {}

    json convert(const YAML::Node& node, int depth) {
        if (++m_values > m_options.maxValues)
            throw Error(m_name, place(node.Mark()),
                        "at most " + std::to_string(m_options.maxValues) +
                            " values once aliases are expanded (is this an alias bomb?)");
        if (depth > kMaxNesting)
            throw Error(m_name, place(node.Mark()),
                        "nesting at most " + std::to_string(kMaxNesting) + " levels deep");
        json value;
        switch (node.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            value = nullptr;
            break;
        case YAML::NodeType::Scalar:
            value = scalar(node);
            break;
        case YAML::NodeType::Sequence:
            value = json::array();
            for (const auto& item : node)
                value.push_back(convert(item, depth + 1));
            break;
        case YAML::NodeType::Map:
            value = mapping(node, depth);
            break;
        }
        const std::string& tag = node.Tag();
        if (!tag.empty() && tag != "?" && tag != "!" && tag.rfind("tag:yaml.org,2002:", 0) != 0 &&
            m_options.onTag)
            return m_options.onTag(tag, std::move(value));
        return value;
    }

private:
    json mapping(const YAML::Node& node, int depth) {
        json obj = json::object();
        json merged = json::object();
        JsonObjectBuilder members(obj), mergedMembers(merged);
        for (const auto& kv : node) {
            std::string key;
            if (kv.first.IsScalar())
                key = kv.first.Scalar();
            else if (kv.first.IsNull())
                key = "null";
            else
                throw Error(m_name, place(kv.first.Mark()),
                            "a mapping key that is a plain value, not a list or map");
            if (key == "<<" && kv.first.Tag() != "!") {
                // Merge key: a map or a list of maps whose members come in unless set here.
                json base = convert(kv.second, depth + 1);
                auto take = [&](const json& m) {
                    if (!m.is_object())
                        throw Error(m_name, place(kv.second.Mark()),
                                    "a map (or list of maps) after the merge key <<");
                    for (auto it = m.begin(); it != m.end(); ++it)
                        if (!mergedMembers.contains(it.key()))
                            mergedMembers.member(it.key()) = it.value();
                };
                if (base.is_array())
                    for (const auto& b : base)
                        take(b);
                else
                    take(base);
                continue;
            }
            // YAML gives each key of a map once; a file that gives one twice (two services of one name)
            // says two things, and the tools that read it refuse it (docker compose, kubectl's strict
            // decoding, Prometheus).
            if (members.contains(key))
                throw Error(m_name, place(kv.first.Mark()),
                            "a map that gives each key once, but \"" + key.substr(0, 80) +
                                "\" is given a second time");
            members.member(key) = convert(kv.second, depth + 1);
        }
        for (auto it = merged.begin(); it != merged.end(); ++it)
            if (!members.contains(it.key()))
                members.member(it.key()) = it.value();
        return obj;
    }

    json scalar(const YAML::Node& node) const {
        const std::string& s = node.Scalar();
        const std::string& tag = node.Tag();
        if (tag == "!" || tag == "tag:yaml.org,2002:str")
            return s; // quoted or explicitly a string
        if (tag == "?" || tag.empty()) {
            if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL")
                return nullptr;
            if (s == "true" || s == "True" || s == "TRUE")
                return true;
            if (s == "false" || s == "False" || s == "FALSE")
                return false;
            if (m_options.resolveNumbers) {
                static const std::regex integer("[-+]?(0|[1-9][0-9]*)");
                static const std::regex real("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
                if (s.size() < 19 && std::regex_match(s, integer))
                    return std::stoll(s);
                if (s.size() < 40 && std::regex_match(s, real) &&
                    s.find_first_of(".eE") != std::string::npos) {
                    // strtod, not stod: "1e400" is out of range, and stays a string rather than throwing.
                    const double d = std::strtod(s.c_str(), nullptr);
                    if (std::isfinite(d) && d != HUGE_VAL && d != -HUGE_VAL)
                        return d;
                }
            }
        }
        return s;
    }

    const std::string& m_name;
    const YamlOptions& m_options;
    std::size_t m_values = 0;
};

/// Notices a document that starts where the previous one started: the parser made no progress.
class ProgressCheck : public YAML::EventHandler {
public:
    void OnDocumentStart(const YAML::Mark& mark) override {
        stuck = started && mark.pos == last.pos;
        started = true;
        last = mark;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}

    bool started = false;
    bool stuck = false;
    YAML::Mark last = YAML::Mark::null_mark();
};

} // namespace

void refuseEndlessYaml(const std::string& text, const std::string& name) {
    if (tooDeepAt(text, kMaxNesting) != std::string::npos)
        return; // loadYamlDocuments() refuses it before yaml-cpp sees it
    std::istringstream in(text);
    try {
        YAML::Parser parser(in);
        ProgressCheck check;
        while (parser.HandleNextDocument(check))
            if (check.stuck)
                throw Error(
                    name,
                    "line " + std::to_string(check.last.line + 1) + ", column " +
                        std::to_string(check.last.column + 1),
                    "expected valid YAML: after a document's value a new line, a comment, or --- and the "
                    "next document, but found a stray ',' or bracket");
    } catch (const YAML::Exception&) {
        // A syntax error: loadYamlDocuments() reports it with its place.
    }
}

std::vector<json> loadYamlDocuments(const std::string& text, const std::string& name,
                                    const YamlOptions& options) {
    if (const auto deep = tooDeepAt(text, kMaxNesting); deep != std::string::npos)
        throw Error(name, lineColumn(text, deep),
                    "YAML nested at most " + std::to_string(kMaxNesting) + " levels deep");
    refuseEndlessYaml(text, name);
    std::vector<YAML::Node> docs;
    try {
        docs = YAML::LoadAll(text);
    } catch (const YAML::DeepRecursion& e) {
        // Block nesting (indentation), which tooDeepAt() does not count: yaml-cpp stops at its own depth,
        // and says "bad file".
        throw Error(name, place(e.mark),
                    "YAML nested less than " + std::to_string(e.depth()) + " levels deep (by indentation)");
    } catch (const YAML::Exception& e) {
        throw Error(name, place(e.mark), "expected valid YAML: " + e.msg);
    }
    Converter conv(name, options);
    std::vector<json> out;
    for (const auto& d : docs) {
        if (!d.IsDefined() || d.IsNull())
            continue;
        out.push_back(conv.convert(d, 0));
    }
    return out;
}

std::map<std::string, std::string, std::less<>> topLevelKeys(std::string_view text) {
    std::map<std::string, std::string, std::less<>> keys;
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3);
    if (const auto first = text.find_first_not_of(" \t\r\n");
        first != std::string_view::npos && (text[first] == '{' || text[first] == '['))
        return keys; // JSON, or a YAML flow collection: no keys line by line
    auto unquoted = [](std::string_view v) {
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r'))
            v.remove_suffix(1);
        if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
            v = v.substr(1, v.size() - 2);
        return std::string(v);
    };
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t nl = text.find('\n', pos);
        std::string_view line =
            text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        if (line.starts_with("---") || line.starts_with("...")) {
            if (!keys.empty())
                break; // the first document's end
            continue;
        }
        if (line.empty() || line[0] == ' ' || line[0] == '\t' || line[0] == '#' || line[0] == '-' ||
            line[0] == '\r')
            continue;
        std::size_t colon = line.find(": ");
        if (colon == std::string_view::npos && (line.ends_with(":") || line.ends_with(":\r")))
            colon = line.rfind(':');
        if (colon == std::string_view::npos || colon == 0)
            continue;
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
            value.remove_prefix(1);
        if (const auto comment = value.find(" #"); comment != std::string_view::npos)
            value = value.substr(0, comment);
        keys.emplace(unquoted(line.substr(0, colon)), unquoted(value));
    }
    return keys;
}

} // namespace terrain
