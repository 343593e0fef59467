// libFuzzer target for the AWS CLI importer: any bytes either parse or throw terrain::Error.
#include "AwsCliParser.h"
#include "ParseOrThrow.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const terrain::AwsCliParser parser;
    terrain::fuzz::parseOrThrow(parser, "ec2-describe-instances.json", data, size);
    return 0;
}
