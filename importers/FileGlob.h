#pragma once
// Files that another file names by path or by glob, relative to its folder: a Backstage Location's
// targets, a Prometheus configuration's file_sd files, a compose file's include and extends.

#include "SourceText.h"

#include <cstddef>
#include <string>
#include <vector>

namespace terrain {

/// How many files the globs of one parse may look at, in all: a pattern such as /** (or a thousand of
/// them) would walk the whole disk.
struct GlobBudget {
    static constexpr std::size_t kFiles = 100'000;
    std::size_t left = kFiles;
    bool ranOut = false; ///< a glob stopped because nothing was left
};

/// The files `pattern` names relative to `folder` (an absolute path): the one file, or those a glob
/// matches (`*` and `?` within a name, `**` across folders); canonical paths, in name order, without
/// folders. Each file a glob looks at is taken from `budget`.
std::vector<std::string> filesMatching(const std::string& folder, const std::string& pattern,
                                       GlobBudget& budget);

/// The file at `path`, read as readSourceText() reads it, named (SourceText::name, and so in messages) by
/// its path from `folder` where it is inside it, else by its full path.
SourceText readFileNamedFrom(const std::string& path, const std::string& folder);

} // namespace terrain
