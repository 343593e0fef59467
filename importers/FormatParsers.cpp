#include "FormatParser.h"

namespace terrain {

const std::vector<std::unique_ptr<FormatParser>>& formatParsers() {
    static const std::vector<std::unique_ptr<FormatParser>> parsers = [] {
        std::vector<std::unique_ptr<FormatParser>> v;
        return v;
    }();
    return parsers;
}

const FormatParser* formatParser(const std::string& format) {
    for (const auto& p : formatParsers())
        if (p->format() == format)
            return p.get();
    return nullptr;
}

} // namespace terrain
