#pragma once
// The command-line verbs of DESIGN section 5: new, demo, import, export, check, --help, --version.
// Exit codes: 0 success, 1 failure (bad input, `check` found an error), 2 usage. Errors go to stderr
// as "terrain: FILE: PLACE: expectation"; a failed command changes nothing.

#include <string>
#include <vector>

namespace terrain {

/// True when `arg` (argv[1]) asks for the command line rather than the GUI: a verb or one of
/// --help, -h, --version, -v.
bool isCliArgument(const std::string& arg);

/// Runs one command; `args` excludes the program name. Needs a QCoreApplication. Returns the exit code.
int runCli(const std::vector<std::string>& args);

} // namespace terrain
