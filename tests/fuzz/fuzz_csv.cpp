// libFuzzer target for the CSV importer: any bytes either parse or throw terrain::Error. The first line
// is also read as a --csv-map specification, and when it is one, the rest is parsed with it.
#include "CsvParser.h"
#include "Error.h"
#include "SourceText.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const terrain::CsvParser parser;
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    try {
        terrain::SourceText src;
        src.name = "fuzz.csv";
        src.text = terrain::decodeText(bytes, src.name);
        parser.notAnInput(src.name, src.text, {}); // what a folder's scan asks first
        parser.sniff(src.name, src.text);
        parser.parse(src, {});
    } catch (const terrain::Error&) {
    }
    try {
        const auto nl = bytes.find('\n');
        if (nl != std::string::npos && nl < 256) {
            const terrain::CsvParser mapped(terrain::CsvMapping::fromSpec(bytes.substr(0, nl)));
            terrain::SourceText src;
            src.name = "mapped.csv";
            src.text = terrain::decodeText(bytes.substr(nl + 1), src.name);
            mapped.notAnInput(src.name, src.text, {});
            mapped.parse(src, {});
        }
    } catch (const terrain::Error&) {
    }
    return 0;
}
