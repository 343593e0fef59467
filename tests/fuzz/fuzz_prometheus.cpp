// libFuzzer target for the Prometheus importer: any bytes either parse or throw terrain::Error.
#include "ParseOrThrow.h"
#include "PrometheusParser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const terrain::PrometheusParser parser;
    terrain::fuzz::parseOrThrow(parser, "prometheus.yml", data, size);
    return 0;
}
