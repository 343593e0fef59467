#pragma once
// YAML to JSON for the YAML-based importers (Kubernetes, compose, CloudFormation, Backstage,
// Prometheus): multi-document streams, YAML 1.1/1.2 plain scalars resolved to JSON types, merge keys
// (`<<: *anchor`), custom tags handed to the caller, and limits against hostile input (alias bombs,
// deep nesting). Errors name the file, the line and column, and the expectation.

#include "Entities.h"

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace terrain {

struct YamlOptions {
    /// Called for a node with a non-standard tag ("!Ref", "!GetAtt", ...) with its converted value;
    /// returns the JSON to keep. Without it, tags are dropped and the value kept.
    std::function<json(const std::string& tag, json value)> onTag;
    /// Most JSON values the conversion may produce in all: aliases are expanded, so a small file can
    /// describe billions of nodes ("billion laughs"); past this the file is refused.
    std::size_t maxValues = 5'000'000;
    /// Plain scalars that look like numbers become numbers (false: they stay strings).
    bool resolveNumbers = true;
};

/// Refuses the YAML streams on which yaml-cpp 0.7's LoadAll() never returns and eats all memory: a ','
/// or another stray token after a document's value (`[a],`, `"x",`, `,`; yaml-cpp issue #1040, fixed
/// upstream by pull request #1319). Throws Error with the line and column; other syntax errors are left
/// to loadYamlDocuments(), which calls it first.
void refuseEndlessYaml(const std::string& text, const std::string& name);

/// Every document of `text` (empty documents skipped); refuses what refuseEndlessYaml() refuses.
std::vector<json> loadYamlDocuments(const std::string& text, const std::string& name,
                                    const YamlOptions& options = {});

/// The keys at the top level of the first document of YAML `text`, each with its value as written where that
/// is a scalar on the key's line ("" otherwise), read line by line without parsing: also of a text cut short
/// (what a sniff reads), and of a template that is no YAML yet. What tells one tool's file from another's.
std::map<std::string, std::string, std::less<>> topLevelKeys(std::string_view text);

} // namespace terrain
