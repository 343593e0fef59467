#pragma once
// Architecture decision records as Markdown files in the layouts teams already use, and back.
//
// Three layouts (`terrain export FILE --format adr -o DIR --layout L`, `terrain import FILE DIR
// --format adr`):
//  - adr-tools (Nygard): DIR/doc/adr (or the folder named by DIR/.adr-dir), `NNNN-slug.md`, a
//    "# N. Title" line, "Date:", a "## Status" section with its link lines ("Supersedes [..](..)",
//    "Superseded by", "Amends", "Amended by"; the older spelling "Supercedes" is read too) so that `adr
//    list`, `adr generate toc` and `adr generate graph` read it.
//  - MADR 4: DIR/docs/decisions, `NNNN-slug.md`, YAML front matter (status, date, decision-makers)
//    and the MADR sections.
//  - log4brains: DIR/.log4brains.yml (kept when present) and its adrFolder (./docs/adr by default),
//    `YYYYMMDD-slug.md`, MADR 2 with the log4brains header list ("- Status:", "- Date:", ...);
//    superseded links name the slug. Log4brains files carry no number, so each file ends with an
//    HTML comment `<!-- terrain-decision: N -->` that renderers hide.
//
// File names come from titles through adrSlug(): ASCII letters and digits and single dashes only,
// at most 60 characters, so no title can name a path outside the folder. Exporting again rewrites
// the files in place (only those whose bytes change) and removes the file a record had under its old
// title. Reading detects the layout, parses every file before anything is written to the map, and
// names the file and line of anything it cannot read. Export, import and export again gives the same
// bytes.

#include "Entities.h"

#include <optional>
#include <string>
#include <vector>

namespace terrain {

class Project;

enum class AdrLayout { AdrTools, Madr, Log4brains };

/// "adr-tools", "madr", "log4brains".
std::string adrLayoutName(AdrLayout layout);
std::optional<AdrLayout> adrLayoutFromName(const std::string& name);
const std::vector<std::string>& adrLayoutNames();

/// An item of the map a decision concerns, named by its key.
struct DecisionLink {
    std::string kind;  ///< "Initiative", "Risk", "Area", "System"
    std::string key;   ///< "I-3", "R-2", "release", "tf:aws_db_instance.main"
    std::string title; ///< for readers only; not read back
    bool operator==(const DecisionLink& o) const { return kind == o.kind && key == o.key; }
};

/// A decision as a file holds it: references by number and key instead of row ids.
struct DecisionRecord {
    int number = 0;
    std::string title;
    std::string status = "proposed";
    std::string date;
    std::vector<std::string> deciders;
    std::string context;
    std::vector<DecisionOption> options;
    std::string outcome;
    std::string consequences;
    std::optional<int> supersedes;
    std::vector<int> amends;
    std::vector<DecisionLink> links;
    bool hasLinks = false; ///< read: the file had a list of related items (else the map's are kept)
    std::string file;      ///< read: the file it came from (relative to the folder)
    bool operator==(const DecisionRecord& o) const {
        return number == o.number && title == o.title && status == o.status && date == o.date &&
               deciders == o.deciders && context == o.context && options == o.options &&
               outcome == o.outcome && consequences == o.consequences && supersedes == o.supersedes &&
               amends == o.amends && links == o.links;
    }
};

/// adr-tools' slug: runs of anything but ASCII letters and digits become one '-', lower case, no
/// dash at either end, at most 60 characters (cut at a dash when there is one); "decision" when
/// nothing is left.
std::string adrSlug(const std::string& title);

/// Every decision of the map as a record, ordered by number.
std::vector<DecisionRecord> decisionRecords(const Project& project);
/// One decision of the map as a record.
DecisionRecord decisionRecord(const Project& project, const Decision& decision);

/// The file name of each record in `layout` (same order as `records`): "0003-use-x.md",
/// "20240501-use-x.md" (with "-N" added when two log4brains records would share a name).
std::vector<std::string> decisionFileNames(const std::vector<DecisionRecord>& records, AdrLayout layout);
/// The Markdown of `records[index]` in `layout`; the others give its link targets and the reverse links
/// ("Superseded by", "Amended by").
std::string renderDecision(const std::vector<DecisionRecord>& records, size_t index, AdrLayout layout);

/// Where the records go inside `dir` for `layout` (relative), honouring DIR/.adr-dir and the adrFolder
/// of DIR/.log4brains.yml. Throws Error when that path would leave `dir`.
std::string decisionFolder(const std::string& dir, AdrLayout layout);

struct AdrExportResult {
    std::string folder;             ///< absolute path of the folder the records are in
    std::vector<std::string> files; ///< written or unchanged, relative to the folder, in number order
    int written = 0;
    int unchanged = 0;
    std::vector<std::string> removed; ///< old names of renamed records
};
/// Writes every decision of the map into `dir` in `layout`. Creates the folders it needs; refuses
/// (Error) a target that leaves `dir` or is a symbolic link.
AdrExportResult exportDecisionRecords(const Project& project, const std::string& dir, AdrLayout layout);

/// Reads one file's text as a record of `layout`. `fileName` gives the number (adr-tools, MADR);
/// `path` names the file in errors and warnings.
DecisionRecord parseDecision(const std::string& text, const std::string& fileName, AdrLayout layout,
                             const std::string& path, std::vector<std::string>* warnings = nullptr);

struct DecisionFolder {
    AdrLayout layout = AdrLayout::AdrTools;
    std::string folder; ///< absolute path of the folder holding the records
    std::vector<DecisionRecord> records;
    std::vector<std::string> warnings;
};
/// Detects the layout of `dir` (a project folder with .log4brains.yml, .adr-dir, doc/adr,
/// docs/decisions or docs/adr, or the records folder itself) and reads every record. Throws Error
/// naming the file and line of the first thing it cannot read.
DecisionFolder readDecisionFolder(const std::string& dir);

struct AdrImportResult {
    int added = 0;
    int updated = 0;
    int unchanged = 0;
    std::vector<std::string> warnings;
};
/// Adds or updates (by number) the folder's records in the map as one edit.
AdrImportResult importDecisionRecords(Project& project, const DecisionFolder& folder);

// ---- editing helpers (each one edit, one undo step) ----
/// A proposed decision titled `question`, dated `date`: an open question of the workshop, in one step.
Id captureDecisionQuestion(Project& project, const std::string& question, const std::string& date);
/// A new proposed decision that supersedes `old`; `old` becomes superseded.
Id supersedeDecision(Project& project, Id old, const std::string& title, const std::string& date);
/// A new proposed decision that amends `old`.
Id amendDecision(Project& project, Id old, const std::string& title, const std::string& date);
/// The supersede chain through `id`, oldest first (stops at a repeated decision).
std::vector<Id> supersedeChain(const Project& project, Id id);

} // namespace terrain
