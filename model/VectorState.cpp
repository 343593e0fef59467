#include "VectorState.h"

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
        if (!hasAvx())
            return false;
        unsigned a = 0, b = 0, c = 0, d = 0;
        __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0), "c"(0));
        if (a < 0xd)
            return false;
        __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0xd), "c"(1));
        return (a & 4u) != 0;
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
