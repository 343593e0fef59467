// libFuzzer target for the Ansible inventory importer: any bytes either parse or throw terrain::Error.
#include "AnsibleParser.h"
#include "ParseOrThrow.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const terrain::AnsibleParser parser;
    terrain::fuzz::parseOrThrow(parser, "hosts", data, size);
    return 0;
}
