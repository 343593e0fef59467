#pragma once
// The decision-record verbs of the command line (called from Cli.cpp):
//   terrain export FILE --format adr -o DIR [--layout adr-tools|madr|log4brains]
//   terrain import FILE DIR --format adr [--json]

#include "DecisionRecords.h"

#include <string>

namespace terrain {

/// Writes the map's decisions into `dir`; returns the summary line. Throws Error.
std::string exportDecisionsCommand(const std::string& file, const std::string& dir, AdrLayout layout);

struct DecisionImportOutput {
    std::string text;                  ///< the summary line, or the JSON report when asked
    std::vector<std::string> warnings; ///< for stderr (also in the JSON report)
};
/// Reads the decision folder `dir` (every file before the map is opened) and adds or updates its
/// records in the map as one edit. Throws Error; a failure changes nothing.
DecisionImportOutput importDecisionsCommand(const std::string& file, const std::string& dir, bool asJson);

} // namespace terrain
