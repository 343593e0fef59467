// The settings of jemalloc, the allocator every Terrain program links in place of glibc's malloc
// (app/CMakeLists.txt: terrain_allocator). jemalloc reads this string when the program starts; the
// MALLOC_CONF environment variable, read after it, can override each setting.
//
// Why jemalloc: an import makes millions of small allocations (an instance's strings, a system's, the
// rows it becomes), and glibc's malloc spent a fifth of a large import in its own bookkeeping
// (consolidating and unlinking freed chunks). With jemalloc the 100 MB states import in 20 to 31% less
// time (README: "Speed, measured").
//
// Why these settings: pages freed go back to the system at once (no decay) instead of after ten
// seconds. An import frees what one step held (the state's instances, the builder's nodes) just before
// the next step makes as much again, so the peak memory of an import is lower with them than with
// glibc's malloc (4 to 6 MiB less than with jemalloc's default at 10 MB), for about 5% of its time and
// 4% of a Graphviz layout's.
extern "C" {
const char* malloc_conf = "dirty_decay_ms:0,muzzy_decay_ms:0";
}
