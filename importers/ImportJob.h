#pragma once
// One import as the command line and the import dialog run it: scan the sources, parse every file
// (off the GUI thread if need be: parsing never touches the map), plan the merge (a preview of what
// will be added, updated and gone), then commit it as one edit. Any error before the commit leaves
// the map exactly as it was.

#include "ImportMerge.h"
#include "MapJson.h"
#include "SourceScan.h"

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace terrain {

class Project;

struct ImportRequest {
    std::vector<std::string> paths;
    std::string format = "auto";
    ParseOptions parse;
    MergeOptions merge;
};

struct ParsedImport {
    std::vector<ScannedFile> files;
    std::vector<Discovery> discoveries; ///< taken by planImport (the plan keeps what it needs of them)
    struct Map {
        std::string name;   ///< the file's name, recorded on the import run
        std::string path;   ///< as the user gave it, for messages
        std::string sha256; ///< of its bytes, recorded on the import run
        json document;
    };
    std::vector<Map> maps;            ///< Terrain map documents (format json)
    std::vector<std::string> folders; ///< the folders read whole, canonical (MergeOptions::folders)
};

struct PreparedImport {
    ParsedImport parsed;
    MergePlan plan;
    /// The report of what the commit will do (and did):
    /// {"files": [{"path", "status": "imported"|"skipped"|"unreadable", "format"|"reason"|"error",
    ///  imported: "environment" (its path gives), "rendered_with" (ScannedFile::renderedWith), "replaces"}],
    ///  "added", "updated", "unchanged", "gone": system counts, "skipped_files", "unreadable_files" (left
    ///  out: ParseOptions::skipUnreadable), "left_out" (source
    ///  entries that are not systems: providers, plumbing), "systems": {"added", "updated", "gone":
    ///  [keys], "changes": {key of an updated one: [what changes of it, in words: changesOf()]}},
    ///  "dependencies": {"added", "updated", "removed"}, "warnings": [...]}
    /// For Terrain maps (format json) the counts are rows of every kind, and "systems" is empty.
    json report() const;
};

/// The systems of a plan as the import leaves them, for its preview: the new ones, and those of the map it
/// changes (or marks gone). Views of the plan, valid while it lives.
class PlannedSystems {
public:
    explicit PlannedSystems(const MergePlan& plan);
    /// The system of `key`, or null where the plan neither adds nor changes it.
    const System* byKey(std::string_view key) const;
    /// The system of `id` (negative: a new one, as the plan's dependencies name it), or null.
    const System* byId(Id id) const;
    const MergePlan& plan() const { return m_plan; }

private:
    const MergePlan& m_plan;
    std::unordered_map<std::string_view, const System*> m_byKey;
    std::unordered_map<Id, const System*> m_changedById;
};

/// A dependency an import adds (+), changes (~: its kind or evidence) or removes (-), by the names its ends
/// will have.
struct DependencyChange {
    char mark = '+';
    std::string from;
    std::string to;
    std::string kind;
    std::string evidence;
};
/// The dependencies the plan adds, changes and removes, by their ends' names, then their mark.
std::vector<DependencyChange> dependencyChanges(const Project& project, const PlannedSystems& planned);

/// Scans and parses; touches no map (safe on a worker thread). Throws Error.
ParsedImport parseImport(const ImportRequest& request,
                         const std::function<bool(size_t, size_t)>& progress = {});
/// Plans the merge against the map (reads only). The discoveries go into the plan: the result's
/// parsed.discoveries is empty.
PreparedImport planImport(const Project& project, ParsedImport parsed, const MergeOptions& options);
/// Writes the import as one edit. Returns the report (for maps: their import counts).
json commitImport(Project& project, const PreparedImport& prepared);

} // namespace terrain
