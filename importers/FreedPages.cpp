#include "FreedPages.h"

#include <sys/types.h>

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

// jemalloc's control interface, when the program links it (a weak reference: null otherwise).
extern "C" int mallctl(const char* name, void* oldp, std::size_t* oldlenp, void* newp, std::size_t newlen)
    __attribute__((weak));

namespace terrain {

namespace {

std::mutex guard;
int scopes = 0;
// What was set before the first scope: each arena's delay (by its index) and the one new arenas get.
std::vector<std::pair<unsigned, ssize_t>> arenaDelays;
ssize_t newArenaDelay = 0;
bool set = false; // whether the first scope could set it (jemalloc answered)

unsigned arenaCount() {
    unsigned n = 0;
    std::size_t size = sizeof n;
    return mallctl("arenas.narenas", &n, &size, nullptr, 0) == 0 ? n : 0;
}

std::string delayOf(unsigned arena) {
    return "arena." + std::to_string(arena) + ".dirty_decay_ms";
}

} // namespace

std::string allocatorName() {
    const char* version = nullptr;
    std::size_t size = sizeof version;
    if (mallctl && mallctl("version", &version, &size, nullptr, 0) == 0 && version)
        return std::string("jemalloc ") + version;
    return "the C library's malloc";
}

void giveBackFreedPagesNow() {
    if (mallctl)
        mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0); // 4096: MALLCTL_ARENAS_ALL
}

FreedPagesReturnedSoon::FreedPagesReturnedSoon() {
    if (!mallctl)
        return;
    const std::lock_guard<std::mutex> lock(guard);
    if (scopes++ > 0)
        return;
    ssize_t soon = kDelayMs;
    std::size_t size = sizeof newArenaDelay;
    set = mallctl("arenas.dirty_decay_ms", &newArenaDelay, &size, &soon, sizeof soon) == 0;
    arenaDelays.clear();
    if (!set)
        return;
    for (unsigned a = 0, n = arenaCount(); a < n; ++a) {
        ssize_t before = 0;
        size = sizeof before;
        // An arena no thread has used yet is not there (EFAULT); it gets the new arenas' delay.
        if (mallctl(delayOf(a).c_str(), &before, &size, &soon, sizeof soon) == 0)
            arenaDelays.emplace_back(a, before);
    }
}

FreedPagesReturnedSoon::~FreedPagesReturnedSoon() {
    if (!mallctl)
        return;
    const std::lock_guard<std::mutex> lock(guard);
    if (--scopes > 0 || !set)
        return;
    mallctl("arenas.dirty_decay_ms", nullptr, nullptr, &newArenaDelay, sizeof newArenaDelay);
    std::size_t next = 0;
    for (unsigned a = 0, n = arenaCount(); a < n; ++a) {
        ssize_t delay = newArenaDelay; // an arena made while the scope lived
        if (next < arenaDelays.size() && arenaDelays[next].first == a)
            delay = arenaDelays[next++].second;
        mallctl(delayOf(a).c_str(), nullptr, nullptr, &delay, sizeof delay);
    }
}

} // namespace terrain
