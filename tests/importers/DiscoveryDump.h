#pragma once
// A discovery as text, every field of it: what the importers' tests compare (the same input read two
// ways) and search (no secret anywhere in it).
#include "Discovery.h"
#include "JsonText.h"

#include <string>

namespace terrain::test {

/// The whole discovery as text (every field a test or a secret search looks at).
inline std::string dumpDiscovery(const Discovery& d) {
    json j = {{"format", d.format},
              {"file", d.file},
              {"scope", d.scope},
              {"warnings", d.warnings},
              {"skipped", d.skipped}};
    for (const auto& s : d.systems)
        j["systems"].push_back({{"key", s.key},
                                {"name", s.name},
                                {"kind", s.kind},
                                {"provider", s.provider},
                                {"environment", s.environment},
                                {"owner", s.owner},
                                {"address", s.address},
                                {"group", s.group},
                                {"tags", s.tags},
                                {"attributes", documentOf(s.attributes)},
                                {"identifiers", s.identifiers},
                                {"lifecycle", s.lifecycle},
                                {"external", s.external},
                                {"reference", s.reference},
                                {"folded", s.folded}});
    for (const auto& e : d.edges)
        j["edges"].push_back({{"from", e.from}, {"to", e.to}, {"kind", e.kind}, {"evidence", e.evidence}});
    for (const auto& [k, v] : d.facts)
        j["facts"][k] = v;
    return j.dump();
}

} // namespace terrain::test
