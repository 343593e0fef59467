#pragma once
// Files that another file names by path or by glob, relative to its folder: a Backstage Location's
// targets, a Prometheus configuration's file_sd files, a compose file's include and extends.

#include "SourceText.h"

#include <cstddef>
#include <string>
#include <vector>

namespace terrain {

/// At most this many files are looked at for one glob: a pattern such as /** would walk the whole disk.
inline constexpr std::size_t kMostGlobEntries = 100'000;

/// The files `pattern` names relative to `folder` (an absolute path): the one file, or those a glob
/// matches (`*` and `?` within a name, `**` across folders); canonical paths, in name order, without
/// folders. `walkedAll` is false where a glob stopped after kMostGlobEntries files.
std::vector<std::string> filesMatching(const std::string& folder, const std::string& pattern,
                                       bool& walkedAll);

/// The file at `path`, read as readSourceText() reads it, named (SourceText::name, and so in messages) by
/// its path from `folder` where it is inside it, else by its full path.
SourceText readFileNamedFrom(const std::string& path, const std::string& folder);

} // namespace terrain
