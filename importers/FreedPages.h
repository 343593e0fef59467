#pragma once
// Pages an import frees go back to the system at once, not after the allocator's usual delay.
//
// Terrain's programs run on jemalloc (app/CMakeLists.txt: terrain_allocator), which keeps freed pages
// for ten seconds so that a program freeing and allocating again and again (a ranking re-run on each
// what-if, a view repainted) does not give them back and fault them in each time. An import is the
// other case: each step frees what it held (the state's instances, the builder's nodes, the parsed
// discoveries) just before the next step makes as much again, and pages kept then are memory held
// twice. While a scope lives, freed pages are returned at once: at 10 MB the import holds 15.7 instead
// of 19.7 MiB (full state) and 40.6 instead of 46.7 MiB (dense), for about 5% of its time.
//
// Where the program does not run on jemalloc, a scope does nothing.

#include <string>

namespace terrain {

/// The allocator the program runs on: "jemalloc" and its version where it is linked in, else the C
/// library's malloc (benchmarks print it beside their figures).
std::string allocatorName();

class FreedPagesReturnedAtOnce {
public:
    /// The first of nested or concurrent scopes (any thread) sets it; the last one restores what was.
    FreedPagesReturnedAtOnce();
    ~FreedPagesReturnedAtOnce();
    FreedPagesReturnedAtOnce(const FreedPagesReturnedAtOnce&) = delete;
    FreedPagesReturnedAtOnce& operator=(const FreedPagesReturnedAtOnce&) = delete;
};

} // namespace terrain
