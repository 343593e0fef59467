#pragma once
// The large buffers of an import (its instances, nodes, systems) on huge pages where the kernel gives
// them only when asked (transparent huge pages in `madvise` mode, as on the development machine).
// Memory is time for an import: each fresh 4 KiB page costs a fault (about 12 µs on that virtual
// machine), and a 2 MiB huge page is one fault for 512 of them. A buffer of several megabytes asks;
// the rest of the heap does not (glibc asks for all of it only when told at start, by
// GLIBC_TUNABLES=glibc.malloc.hugetlb=1).

#include <cstddef>
#include <vector>

namespace terrain {

/// Asks the kernel to back the 2 MiB-aligned part of [data, data + bytes) with huge pages when it is
/// first touched; does nothing for less than two of them, or where the kernel has none.
void adviseHugePages(const void* data, std::size_t bytes);

/// adviseHugePages() on the room a vector has reserved and not used yet.
template <class T> void adviseHugePages(const std::vector<T>& v) {
    adviseHugePages(v.data() + v.size(), (v.capacity() - v.size()) * sizeof(T));
}

} // namespace terrain
