#pragma once
// The processor's vector registers, as code compiled for plain x86-64 finds them.
//
// On a processor with AVX, code that leaves the upper halves of the YMM registers in use (not zeroed
// with VZEROUPPER) makes the SSE instructions after it slower: each then also depends on those halves,
// until something zeroes them. The C library's functions zero them or do not touch them; Qt 6.4's hash
// of a byte string or a string with a seed (aeshash256 in qhash.cpp, taken where the processor has VAES
// and AVX-512) leaves them in use, and QHash is used so from the first QMetaType registration on
// (Project registers two types). Terrain, SQLite and nlohmann::json are compiled for plain x86-64: on
// the development machine their SSE code then ran a sixth slower (a 10 MB state imported end to end:
// about 0.142 against 0.119 s). A thread starts with the registers of the thread that made it.

namespace terrain {

/// Zeroes the upper halves of the vector registers (VZEROUPPER) where the processor has AVX; nothing
/// elsewhere. For the start of long work on a thread (an import's parse, plan and commit): whatever it
/// calls of Qt may leave them in use again.
void clearUpperVectorState() noexcept;

/// Whether the upper halves are in use now (XGETBV with ECX = 1), for tests; `known` tells whether the
/// processor can say (false, and the answer false, where it cannot).
bool upperVectorStateInUse(bool* known = nullptr) noexcept;

} // namespace terrain
