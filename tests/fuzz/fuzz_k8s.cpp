// libFuzzer target for the Kubernetes importer: any bytes either parse or throw terrain::Error.
#include "Error.h"
#include "K8sParser.h"
#include "SourceText.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const terrain::K8sParser parser;
    try {
        terrain::SourceText src;
        src.name = "fuzz.yaml";
        src.text = terrain::decodeText(std::string(reinterpret_cast<const char*>(data), size), src.name);
        parser.notAnInput(src.name, src.text, {}); // what a folder's scan asks first
        parser.parse(src, {});
        parser.sniff(src.name, src.text);
    } catch (const terrain::Error&) {
    }
    return 0;
}
