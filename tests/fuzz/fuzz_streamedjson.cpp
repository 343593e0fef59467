// libFuzzer target for the streamed JSON reader (importers/StreamedJson.h), differential: for any bytes,
// read from a file in pieces of a size the first byte picks, the reader gives nlohmann's SAX events for
// the same text read whole, or refuses what nlohmann refuses (or leaves to it); anything else aborts.
// Seeds: tests/fuzz/corpus/streamedjson/, replayed by tst_fuzzcorpus on every build.
#include "../importers/JsonEventLog.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const std::size_t piece = data[0] % 64 + 1;
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    const int fd = memfd_create("fuzz.json", 0);
    if (fd < 0 || ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
        std::abort();
    const std::string path = "/proc/self/fd/" + std::to_string(fd);
    if (!terrain::test::streamedJsonAgrees(text, path, piece))
        std::abort();
    ::close(fd);
    return 0;
}
