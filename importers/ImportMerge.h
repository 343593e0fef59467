#pragma once
// Merging what the parsers discovered into the map, for every format at once:
//  - systems that name the same thing join up: same key, or a shared identifier (an AWS id or ARN in
//    a state file and in an AWS CLI output), within one import and with what the map already holds;
//    not two systems the map holds apart, nor, by a private address alone, two AWS resources of one kind
//    (two instances with one private IP, in two VPCs);
//  - a re-import of a scope updates what was discovered, marks what vanished from it as gone (never
//    deleted: annotations stay), and reports new, gone and changed systems;
//  - a field a person edited is never overwritten: a field changes only while it still equals what
//    the importers said last time (System::discovered);
//  - edges may name either end by key or by identifier, so one file can point into another
//    (CloudFormation ImportValue → Export, a security group referenced from another state).
// planMerge() computes everything without writing (for the import dialog's preview); applyMerge()
// writes the plan as one edit.

#include "Discovery.h"

#include <QString>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace terrain {

class Project;

struct MergeOptions {
    std::string environment; ///< for systems whose source names none (`--env`)
    std::string today;       ///< ISO date for first/last seen; empty: the current UTC date
    std::string now;         ///< ISO time for the import runs; empty: the current UTC time
    /// The folders the import reads whole, by their canonical paths: a file of one that the map has systems
    /// from (a scope "<format>:<path>") and that is no longer there is gone from it, and its systems with
    /// it, as a re-import of the file with nothing in it would say (planImport() sets it).
    std::vector<std::string> folders;
    /// The files of those folders that this import's scan skipped as no input of any format, by canonical
    /// path, each with why (a folder left out whole ends in "/"): what the map has from one is gone as from
    /// a file deleted (planImport() sets it).
    std::vector<std::pair<std::string, std::string>> notInputs;
    /// The files of this import left out because they cannot be read (ParseOptions::skipUnreadable): while
    /// there are any, no file of a folder this import replaces is gone, since one of them may be its newer
    /// export (planImport() sets it).
    std::vector<std::string> unreadable;
    /// Whether a file whose path differs from one of the map's sources only by a later date in it is a newer
    /// export of that source, which its import replaces (DatedExports.h); off: a source of its own.
    bool datedExports = true;
    /// Sources of the map that files or folders of this import replace, as the user named them (--replaces):
    /// `path` one file or folder of the import, as given; `earlier` a file or folder the map has sources
    /// from, by its path or, where that is not on the disk, its name.
    struct Replacement {
        std::string path;
        std::string earlier;
    };
    std::vector<Replacement> replaces;
};

struct MergePlan {
    std::vector<System> inserts;                    ///< new systems (id 0)
    std::vector<std::pair<System, System>> updates; ///< (before, after) of changed systems
    std::vector<Dependency> edgeInserts; ///< from/to are ids, or negative: -(1 + index into inserts)
    std::vector<std::pair<Dependency, Dependency>> edgeUpdates;
    std::vector<Id> edgeRemovals;
    std::vector<ImportRun> runs;

    // What the import does, by system key (ImportJob.h turns it into the report); the new systems' keys
    // are those of `inserts` (added()).
    std::vector<std::string> changed;
    std::vector<std::string> gone;
    std::vector<std::string> unchanged;
    std::vector<std::string> warnings;
    int skipped = 0;
    /// The sources that files of this import replace (Discovery::earlier): the file's scope, and the path of
    /// the earlier file it replaced.
    std::map<std::string, std::string> replaced;

    /// The keys of the new systems, sorted (views of `inserts`).
    std::vector<std::string_view> added() const;

    bool empty() const {
        return inserts.empty() && updates.empty() && edgeInserts.empty() && edgeUpdates.empty() &&
               edgeRemovals.empty();
    }
};

/// Renames the systems a discovery's edges and facts name, as `rename` says (it changes a name in place, or
/// leaves it).
void renameInEdgesAndFacts(Discovery& d, const std::function<void(std::string&)>& rename);

/// Takes the discoveries: what the plan keeps (attributes, evidence) is moved out of them, and they are
/// freed once the plan is made.
MergePlan planMerge(const Project& project, std::vector<Discovery> discoveries,
                    const MergeOptions& options = {});
/// What a plan's update changes of a system, in words for the import's preview, one change a line: "name
/// Web1 → Web-1", "gone from its sources", "tags: +pci, −legacy", "instance_type t3.small → t3.large" (a
/// fact), "8 more facts changed". What every import changes (the dates it was seen, what each format said)
/// is left out. Facts are safe values (Redaction.h); long ones are cut.
std::vector<std::string> changesOf(const System& before, const System& after);

/// Writes the plan and its import runs as one edit named `editText`.
void applyMerge(Project& project, const MergePlan& plan, const QString& editText);

} // namespace terrain
