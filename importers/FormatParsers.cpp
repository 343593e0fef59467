#include "FormatParser.h"

#include "AnsibleParser.h"
#include "AwsCliParser.h"
#include "BackstageParser.h"
#include "CfnParser.h"
#include "ComposeParser.h"
#include "CsvParser.h"
#include "K8sParser.h"
#include "PrometheusParser.h"
#include "TfGraphParser.h"
#include "TfJsonParser.h"
#include "TfStateParser.h"

namespace terrain {

const std::vector<std::unique_ptr<FormatParser>>& formatParsers() {
    // The order is the order of `terrain import --help` and of the GUI's format list; sniffing asks every
    // parser and takes the highest score, so it does not depend on this order.
    static const std::vector<std::unique_ptr<FormatParser>> parsers = [] {
        std::vector<std::unique_ptr<FormatParser>> v;
        v.push_back(std::make_unique<TfStateParser>());
        v.push_back(std::make_unique<TfJsonParser>());
        v.push_back(std::make_unique<TfGraphParser>());
        v.push_back(std::make_unique<K8sParser>());
        v.push_back(std::make_unique<ComposeParser>());
        v.push_back(std::make_unique<CfnParser>());
        v.push_back(std::make_unique<BackstageParser>());
        v.push_back(std::make_unique<AwsCliParser>());
        v.push_back(std::make_unique<CsvParser>());
        v.push_back(std::make_unique<PrometheusParser>());
        v.push_back(std::make_unique<AnsibleParser>());
        return v;
    }();
    return parsers;
}

std::vector<Discovery> FormatParser::parseEach(const std::vector<SourceText>& srcs,
                                               const ParseOptions& options) const {
    std::vector<Discovery> out;
    out.reserve(srcs.size());
    for (const SourceText& src : srcs)
        out.push_back(withPathInErrors(src, [&] { return parse(src, options); }));
    return out;
}

const FormatParser* formatParser(const std::string& format) {
    for (const auto& p : formatParsers())
        if (p->format() == format)
            return p.get();
    return nullptr;
}

} // namespace terrain
