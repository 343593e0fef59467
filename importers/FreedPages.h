#pragma once
// Pages an import frees go back to the system within 10 ms, not after the allocator's usual delay.
//
// Terrain's programs run on jemalloc (app/CMakeLists.txt: terrain_allocator), which keeps freed pages
// for ten seconds so that a program freeing and allocating again and again (a ranking re-run on each
// what-if, a view repainted) does not give them back and fault them in each time. An import is the
// other case: each step frees what it held (the state's instances, the builder's nodes, the parsed
// discoveries) just before the next step makes as much again, and pages kept then are memory held
// twice. While a scope lives, freed pages are returned within kDelayMs: at 10 MB the import holds 18.8
// instead of 19.7 MiB (full state) and 40.8 instead of 46.7 MiB (dense). Not at once: each return is
// a system call that, with the import on two threads, interrupts the other processor to flush its
// address cache; returned at once, the pages cost the import 8% of its time (10 MB, full and dense),
// for 2.5 MiB (full) and 1.3 MiB (dense) less.
//
// Where the program does not run on jemalloc, a scope does nothing.

#include <string>

namespace terrain {

/// The allocator the program runs on: "jemalloc" and its version where it is linked in, else the C
/// library's malloc (benchmarks print it beside their figures).
std::string allocatorName();

/// Gives back now the pages that every arena holds freed (jemalloc's arena.<all>.purge); nothing where the
/// program does not run on jemalloc. For a moment when one thread runs and much was just freed: an arena's
/// pages serve only the threads of that arena, so what the reading threads freed is no use to the builder
/// on its own thread; held for those 10 ms, it raised the peak of a 10 MB import by 2 MiB (the full state,
/// 15 alternate runs: 21.0 against 19.0 MiB; the builder's two calls take under a millisecond).
void giveBackFreedPagesNow();

class FreedPagesReturnedSoon {
public:
    static constexpr long kDelayMs = 10;
    /// The first of nested or concurrent scopes (any thread) sets it; the last one restores what was.
    FreedPagesReturnedSoon();
    ~FreedPagesReturnedSoon();
    FreedPagesReturnedSoon(const FreedPagesReturnedSoon&) = delete;
    FreedPagesReturnedSoon& operator=(const FreedPagesReturnedSoon&) = delete;
};

} // namespace terrain
