// libFuzzer target for the compose importer: any bytes either parse or throw terrain::Error.
#include "ComposeParser.h"
#include "Error.h"
#include "SourceText.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const terrain::ComposeParser parser;
    try {
        terrain::SourceText src;
        src.name = "compose.yaml";
        src.text = terrain::decodeText(std::string(reinterpret_cast<const char*>(data), size), src.name);
        parser.parse(src, {});
        parser.sniff(src.name, src.text);
    } catch (const terrain::Error&) {
    }
    return 0;
}
