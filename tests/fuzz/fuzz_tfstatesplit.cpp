// libFuzzer target for a Terraform state read on two threads (readStreamedState, TfStateParser.cpp),
// differential: for any bytes, the streamed read on one thread and on two (the second reader starting
// wherever a resource seems to start, about halfway) give the same discovery, error or refusal, and
// hash; anything else aborts. Seeds: tests/fuzz/corpus/tfstatesplit/, replayed by tst_fuzzcorpus.
#include "../importers/StateReadOnTwoThreads.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const int fd = memfd_create("fuzz.tfstate", 0);
    if (fd < 0 || ::write(fd, data, size) != static_cast<ssize_t>(size))
        std::abort();
    if (!terrain::test::readsTheSameOnTwoThreads("/proc/self/fd/" + std::to_string(fd)))
        std::abort();
    ::close(fd);
    return 0;
}
