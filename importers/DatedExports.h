#pragma once
// One source exported again and again under dated names: inventory-2024-05.csv, then
// inventory-2024-06.csv; aws/2024-05/ec2.json, then aws/2024-06/ec2.json. Each file is a source of its own
// by its path (sourceScope()), so without this the second export would add its rows beside the first's, and
// what vanished between the two would never be marked gone. Here a file whose path differs from a source of
// the map only by a later date in it is a newer export of that source: its import replaces that source's
// as a re-import of one file does (what it no longer has is gone, annotations kept). The user may name the
// source a file replaces instead (--replaces, MergeOptions::replaces), for names without a date. In a folder
// that holds several exports of one series, only the newest is read (scanSources()).

#include "Discovery.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace terrain {

struct MergeOptions;

/// A path with dates in it, which tell one export of a series from another.
struct DatedPath {
    std::string undated; ///< the path with each date replaced by '\x01': the series
    std::string when; ///< each date's digits padded to 14 (YYYYMMDDhhmmss), in order: later compares greater
};

/// The dates in `path`: a year (1990 to 2099) alone, or with its month, day and time, each part perhaps
/// after '-', '_' or '.' (2024-05, 2024-05-01, 20240501, 2024_05_01T10-15-00Z, 20240501T101500Z), not
/// within a longer run of digits. nullopt where there is none.
std::optional<DatedPath> datedPath(std::string_view path);

/// Finds the sources of the map each discovery is a newer export of (Discovery::earlier), and gives a file
/// whose format's keys name their file (CSV) the keys of the one it replaces, so that each row meets its
/// system again (FormatParser::fileKeyPrefix()). Dated series unless `options.datedExports` is off, and the
/// sources `options.replaces` names. `warnings` gets a line for an export older than one the map has. Returns
/// the folders of the map's sources that a folder of this import replaces (exports/2024-05 where it reads
/// exports/2024-06, or the folder --replaces names), whose files this import has no newer export of are gone
/// (planMerge()). Throws Error for a source --replaces names that the map has not.
std::vector<std::string> findEarlierExports(std::vector<Discovery>& discoveries,
                                            const std::vector<System>& existing, const MergeOptions& options,
                                            std::vector<std::string>& warnings);

/// Whether `path` is inside `folder` (both absolute, without a trailing '/').
bool isUnder(std::string_view path, std::string_view folder);

/// For each item (a kind, such as a format, and a path), the index of the newest item of its series (the same
/// kind and the same path but for its dates); nullopt for an item without a date or a kind.
std::vector<std::optional<size_t>>
newestOfEachSeries(const std::vector<std::pair<std::string_view, std::string_view>>& items);

/// Once planMerge() has taken the sources each discovery replaces (`renamed`: legacyScopes(), earlier scope
/// -> this one), says in each discovery's warnings what it replaced, or that it shares nothing with what its
/// name says it replaces; `replaced` gets the path of each replaced file by the replacing scope.
void sayWhatEachReplaces(std::vector<Discovery>& discoveries,
                         const std::map<std::string, std::string>& renamed,
                         std::map<std::string, std::string>& replaced);

/// The path of a scope that names a file by its path ("csv:/data/inventory.csv" → "/data/inventory.csv");
/// empty for any other scope ("tfstate:<lineage>", "compose:<project>").
std::string_view scopePath(std::string_view scope);

} // namespace terrain
