// libFuzzer target for the CloudFormation importer: any bytes either parse or throw terrain::Error.
#include "CfnParser.h"
#include "ParseOrThrow.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const terrain::CfnParser parser;
    terrain::fuzz::parseOrThrow(parser, "fuzz.template", data, size);
    return 0;
}
