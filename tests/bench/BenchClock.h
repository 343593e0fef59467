#pragma once
// Wall-clock time and peak memory for the benchmark programs.

#include <sys/resource.h>

#include <chrono>

namespace terrain::bench {

using Clock = std::chrono::steady_clock;

inline double secondsSince(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// The process's peak resident set so far, in MiB (ru_maxrss is KiB on Linux).
inline long peakRssMiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;
}

} // namespace terrain::bench
