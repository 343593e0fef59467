// libFuzzer target for the Ansible inventory importer: any bytes either parse or throw terrain::Error.
#include "AnsibleParser.h"
#include "Error.h"
#include "SourceText.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const terrain::AnsibleParser parser;
    try {
        terrain::SourceText src;
        src.name = "hosts";
        src.path = "fuzz/account-data/123456789012/us-east-1/" + src.name;
        src.text = terrain::decodeText(std::string(reinterpret_cast<const char*>(data), size), src.name);
        parser.sniff(src.name, src.text);
        parser.parse(src, {});
    } catch (const terrain::Error&) {
    }
    return 0;
}
