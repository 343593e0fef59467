// libFuzzer target for the tfgraph importer: any input must parse or throw terrain::Error; any other
// exception, crash, leak or undefined behaviour is a bug. Seeds: tests/fuzz/corpus/tfgraph/.
#include "Error.h"
#include "SourceText.h"
#include "TfGraphParser.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        terrain::SourceText src;
        src.name = "graph.dot";
        src.path = src.name;
        src.text = terrain::decodeText(std::string(reinterpret_cast<const char*>(data), size), src.name);
        const terrain::TfGraphParser parser;
        parser.sniff(src.name, src.text);
        parser.parse(src, {});
    } catch (const terrain::Error&) {
    }
    return 0;
}
