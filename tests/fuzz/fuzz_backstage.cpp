// libFuzzer target for the Backstage importer: any bytes either parse or throw terrain::Error.
#include "BackstageParser.h"
#include "ParseOrThrow.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const terrain::BackstageParser parser;
    terrain::fuzz::parseOrThrow(parser, "catalog-info.yaml", data, size);
    return 0;
}
