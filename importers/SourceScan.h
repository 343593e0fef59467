#pragma once
// From what the user named (files and folders) to what will be parsed: folders are walked, every file
// is given a format (the one asked for, or the one that sniffs best), and what no format recognises is
// listed as skipped with the reason. Then each file is parsed on its own; nothing touches the map
// until every file has parsed (ImportMerge).

#include "Error.h"
#include "FormatParser.h"
#include "TerraformWorkdir.h"

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace terrain {

struct ScannedFile {
    std::string path;
    std::string format;     ///< empty: skipped
    int confidence = 0;     ///< the sniff score (100 when the format was asked for)
    std::string skipReason; ///< why it is skipped
    /// Skipped because it cannot be read (ParseOptions::skipUnreadable): `skipReason` is its error, without
    /// its path.
    bool unreadable = false;
    /// Skipped as an older export of a source than another file of its folder (DatedExports.h): what the map
    /// has from it is that newer file's to replace, where it can be read.
    bool olderExport = false;
    /// The environment its path gives its systems (a Terraform workspace, shop-prod.tfstate, a Kustomize
    /// overlay's folder), once parsed.
    std::string environment;
    /// The command whose output is read for it, named: a Kustomization rendered (ParseOptions::kustomize), or
    /// the state of a Terraform working directory whose backend holds it (`terraform state pull`:
    /// ParseOptions::terraform), whose path is its folder's, with a '/' after it.
    std::string renderedWith;
    /// Of a working directory's state, its workspace: one file each, once parseSources() has listed them
    /// ("" before), or as the local backend keeps them; and whether the directory has others than the default
    /// one.
    std::string workspace;
    bool otherWorkspaces = false;
    /// Of a working directory's state pulled, the directory, as the scan read its settings.
    std::optional<TerraformWorkdir> workdir;
    /// Rendered, a Kustomization that reads another one (an overlay of a base: Kustomizations::overlays).
    bool overlay = false;
    /// Skipped as read by rendered Kustomizations, their paths: left out with them where none can be
    /// rendered.
    std::vector<std::string> readBy;
};

/// The files of an import that cannot be read, each one's error (naming the file, the place and what was
/// expected), in the order of the files: the import is refused. The message is the one error, or all of
/// them, a line each.
class UnreadableSources : public Error {
public:
    UnreadableSources(std::vector<std::string> errors, std::size_t readable);
    const std::vector<std::string>& errors() const { return m_errors; }
    /// How many files of the import could be read: what leaving these out would import.
    std::size_t readable() const { return m_readable; }

private:
    std::vector<std::string> m_errors;
    std::size_t m_readable;
};

/// Where files of an import cannot be read (`errors`, by file; empty where it could be): without
/// `skipUnreadable`, or where no file could be read, throws UnreadableSources; else marks each one skipped
/// (ScannedFile::unreadable). `readable` counts the files that could be read.
void leaveOutUnreadable(std::vector<ScannedFile>& files, const std::vector<std::string>& errors,
                        bool skipUnreadable, std::size_t readable);

/// Why a file of a folder that no format recognises is skipped.
inline constexpr const char* kNoFormatRecognisesIt = "no import format recognises it";
/// How many of those a report names (a repository's code is thousands of them) before it counts the rest.
inline constexpr int kUnrecognisedNamed = 10;
/// Whether a file of a report (PreparedImport::report()'s "files") is one of those past the first
/// kUnrecognisedNamed, which the command line and the import dialog count instead of naming; `seen` counts
/// those files, the ones named too.
bool countedNotNamed(const json& file, int& seen);

/// Formats the scan can give: every parser's, plus "json" (a map exported by Terrain) and "auto".
std::vector<std::string> importFormats();

/// Expands folders (recursively, in name order) and assigns formats. `format` is "auto" or a format name;
/// throws Error for an unknown format (the message lists the known ones) and for a path that does not exist.
/// A file named explicitly that no format recognises is an Error under "auto"; inside a folder it is
/// skipped, and so is what a folder holds that is no input, each with why: hidden files and folders, folders
/// of installed packages (node_modules: listed once, with a "/" after their path), documentation, map
/// files, Terraform's backups of a state, Helm chart templates, Kustomize patches, template skeletons, and
/// what a format's parser finds is something else (FormatParser::notAnInput(), judged with `options`).
/// With a command to render Kustomizations (ParseOptions::kustomize), a Kustomization that no other one of a
/// folder reads, or one named, is read as what it renders (format k8s, ScannedFile::renderedWith), and the
/// files it reads are skipped as part of it.
/// Where a folder holds several exports of one source that differ by the dates in their paths
/// (inventory-2024-05.csv, inventory-2024-06.csv: DatedExports.h), the older ones are skipped, unless
/// `datedExports` is off.
std::vector<ScannedFile> scanSources(const std::vector<std::string>& paths, const std::string& format,
                                     bool datedExports = true, const ParseOptions& options = {});

/// Sniffs one text: the best format and its score (0 when nothing fits). "json" maps included.
std::pair<std::string, int> sniffFormat(const std::string& fileName, const std::string& text);

/// Parses every scanned file that has a parser (not "json", not skipped). Every file is read, even after
/// one that cannot be: their errors are said together (leaveOutUnreadable()). `progress(done, total)` is
/// called after each file and may return false to cancel (then Error "cancelled" is thrown). A file that
/// another one reads as part of itself (Discovery::included) is then marked skipped, with the reason, and
/// its own discovery left out. The files of a format that reads its files together (readsFilesTogether())
/// are parsed at once, where the first of them comes.
std::vector<Discovery> parseSources(std::vector<ScannedFile>& files, const ParseOptions& options,
                                    const std::function<bool(size_t, size_t)>& progress = {});

} // namespace terrain
