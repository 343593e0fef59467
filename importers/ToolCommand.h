#pragma once
// Another tool run for an import: `kubectl kustomize` rendering a Kustomization (Kustomize.h), `terraform
// state pull` reading a working directory's state (TerraformWorkdir.h). How it is named in messages, and
// what it says when it cannot run or takes too long, alike for each.

#include "Error.h"

#include <QByteArray>
#include <QProcessEnvironment>
#include <QStringList>

#include <functional>
#include <string>
#include <vector>

namespace terrain {

/// The command a tool is run with: the words of the environment variable `variable` where it is set ("" or
/// "none": none, empty), else the first of `candidates` whose program is on PATH (found there), else
/// `otherwise`, which then cannot run (runCommand() says so).
std::vector<std::string> toolCommand(const char* variable,
                                     const std::vector<std::vector<std::string>>& candidates,
                                     const std::vector<std::string>& otherwise);

/// How a command is named in messages: its program's file name and its arguments ("kubectl kustomize").
std::string commandName(const std::vector<std::string>& command);

/// The import cancelled while a command ran (runCommand()): not an error of the file it ran for.
class ImportCancelled : public Error {
public:
    ImportCancelled()
        : Error("import cancelled; nothing was changed") {}
};

/// What a command printed, and whether it ended well (exit code 0).
struct CommandRun {
    QByteArray out;
    QByteArray err;
    bool ok = false;
    int exitCode = 0;     ///< (the signal's number where it crashed)
    bool crashed = false; ///< stopped by a signal (a crash)

    /// How it ended, for a message where it said nothing: "exit code 1", "it crashed (signal 11, Segmentation
    /// fault)".
    std::string ending() const;
};

/// Makes this process, interrupted or terminated (SIGINT, SIGTERM, SIGHUP, unless ignored), stop the tools it
/// runs (runCommand()) before it ends as the signal would have it end. Each runs in a process group of its
/// own, which a terminal's Ctrl-C does not reach, and would run on, without the limit of its time.
void stopToolsWhenInterrupted();

/// Runs `command` with `arguments` after its own in `folder`, with `environment`. Throws Error naming `path`
/// where the program is not installed ("<cannot>: `kustomize build` is not installed here; <advice>"),
/// cannot start ("cannot run `kustomize build` (…) to <doing>: …"), or runs longer than `minutes`
/// ("`kustomize build` did not <doing> within ten minutes"). Its standard input is closed. While it runs,
/// `wanted` (if any) is asked four times a second whether the import still is: where not, the command is
/// stopped (with what it started) and ImportCancelled thrown. Where it prints more than `maxOutput` bytes (if
/// not 0), it is stopped and Error thrown.
CommandRun runCommand(const std::vector<std::string>& command, const QStringList& arguments,
                      const QString& folder, const QProcessEnvironment& environment, const std::string& path,
                      const std::string& cannot, const std::string& advice, const std::string& doing,
                      int minutes, const std::function<bool()>& wanted = {}, std::size_t maxOutput = 0);

} // namespace terrain
