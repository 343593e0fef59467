#pragma once
// Backstage software catalog files (catalog-info.yaml and friends; multi-document YAML or JSON).
//
// Systems: Component, Resource, API and System entities, keyed "backstage:<kind>:<namespace>/<name>"
// (the whole key lower-cased: Backstage compares entity references case-insensitively). Group, User,
// Domain, Location and Template entities are owners, groupings and plumbing, not systems: they are
// counted in Discovery::skipped. A Location's targets are followed as Backstage follows them: files
// relative to the file that names them (globs with `*`, `?` and `**` too), each read once, their entities
// part of this discovery (Discovery::included, so a folder import does not read them again); a URL target
// is named in a warning.
//
// Fields: spec.type → kind (service/website/... → service, database → database, queue, cache, storage,
// function...), spec.owner → owner, spec.system → group (a System entity is its own group),
// spec.lifecycle → lifecycle (production → keep, deprecated → retire, anything else left to people)
// and kept as the attribute "lifecycle_stage", metadata.tags → tags, title/description/domain and
// annotations → attributes (through the redaction).
//
// Edges, from entity references `[kind:][namespace/]name` with Backstage's default kinds per field:
//   dependsOn      A → B   depends-on  (no default kind: a bare name is matched against this file's
//                                        components and resources, else taken as a component)
//   dependencyOf   B → A   depends-on  (the reverse)
//   consumesApis   A → api calls       (default kind API)
//   providesApis   api → A depends-on  (the API is served by the component)
//   subcomponentOf parent → A contains (default kind Component)
// Edges name their ends by key, so entities defined in other catalog files join when imported too.

#include "FormatParser.h"

namespace terrain {

class BackstageParser : public FormatParser {
public:
    std::string format() const override { return "backstage"; }
    std::string description() const override;
    int sniff(const std::string& fileName, const std::string& text) const override;
    Discovery parse(const SourceText& src, const ParseOptions& options) const override;
};

} // namespace terrain
