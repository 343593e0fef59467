#include "VectorState.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace terrain {

#if defined(__x86_64__) || defined(__i386__)

namespace {

bool hasAvx() {
    // libgcc's answer includes whether the system saves the YMM registers (OSXSAVE, XCR0).
    static const bool avx = __builtin_cpu_supports("avx");
    return avx;
}

// XGETBV with ECX = 1 (the components in use) exists where CPUID leaf 0Dh, sub-leaf 1, sets EAX bit 2.
bool hasXinuse() {
    static const bool has = [] {
        unsigned a = 0, b = 0, c = 0, d = 0;
        return hasAvx() && __get_cpuid_count(0xd, 1, &a, &b, &c, &d) != 0 && (a & 4u) != 0;
    }();
    return has;
}

} // namespace

void clearUpperVectorState() noexcept {
    if (hasAvx())
        __asm__ volatile("vzeroupper" ::: "memory");
}

bool upperVectorStateInUse(bool* known) noexcept {
    if (known)
        *known = hasXinuse();
    if (!hasXinuse())
        return false;
    unsigned lo = 0, hi = 0;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(1));
    return (lo & 4u) != 0; // bit 2: the upper halves of YMM0-15
}

#else

void clearUpperVectorState() noexcept {}

bool upperVectorStateInUse(bool* known) noexcept {
    if (known)
        *known = false;
    return false;
}

#endif

} // namespace terrain
