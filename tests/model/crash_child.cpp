// Child process of tst_crashsafety: applies a deterministic stream of edits to a map and prints the
// number of each edit once it has returned, until it is killed.
//   terrain_crash_child MAP START
#include "CrashOps.h"
#include "Project.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: terrain_crash_child MAP START\n";
        return 2;
    }
    try {
        auto project = terrain::Project::open(argv[1]);
        const long start = std::atol(argv[2]);
        for (long i = start; i < start + 1000000; ++i) {
            project->edit(
                QStringLiteral("step"), [&] { crashops::apply(*project, i); },
                crashops::isBulk(i) ? terrain::Project::EditPages::ManyWrittenOnce
                                    : terrain::Project::EditPages::Revisited);
            std::printf("%ld\n", i);
            std::fflush(stdout);
        }
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
    return 0;
}
