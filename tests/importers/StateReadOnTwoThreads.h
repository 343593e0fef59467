#pragma once
// A Terraform state read streamed on one thread and on two (TfStateParser.cpp: readStreamedState), and
// the discovery as text to compare them: shared by tst_tfstateparser, the fuzz target fuzz_tfstatesplit
// and the replay of its corpus (tst_fuzzcorpus).
#include "DiscoveryDump.h"
#include "Error.h"
#include "SourceText.h"
#include "TfStateParser.h"

#include <cstdio>
#include <limits>
#include <string>

namespace terrain::test {

/// What an import makes of the state at `path`, read streamed on one thread or (where it can) on two:
/// the discovery, its error or "unreadable" (the import then reads the file whole), and the hash in
/// `hash`. Leaves the threshold of reading on two threads at its default.
inline std::string readStateStreamed(const std::string& path, bool twoThreads, std::string& hash) {
    setTwoThreadReadFrom(twoThreads ? 0 : std::numeric_limits<std::size_t>::max());
    std::string out;
    if (const auto text = StreamedText::open(path); !text) {
        out = "not streamed";
    } else {
        try {
            const Discovery d = TfStateParser().parse(*text);
            hash = text->sha256();
            out = dumpDiscovery(d);
        } catch (const Error& e) {
            out = std::string("error: ") + e.what();
        } catch (const StreamedText::Unreadable&) {
            out = "unreadable";
        } catch (const json::exception& e) {
            out = std::string("json: ") + e.what();
        } catch (...) { // nested deeper than kMaxNesting: the import reads the file whole
            out = "too deep";
        }
    }
    setTwoThreadReadFrom(kTwoThreadReadFrom);
    return out;
}

/// Whether the state at `path` reads the same on one thread and on two, hash included.
inline bool readsTheSameOnTwoThreads(const std::string& path) {
    std::string oneHash, twoHash;
    const std::string one = readStateStreamed(path, false, oneHash);
    const std::string two = readStateStreamed(path, true, twoHash);
    if (one == two && oneHash == twoHash)
        return true;
    std::fprintf(stderr, "one thread:\n%.2000s\ntwo threads:\n%.2000s\n", one.c_str(), two.c_str());
    return false;
}

} // namespace terrain::test
