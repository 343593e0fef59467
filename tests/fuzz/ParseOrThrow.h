#pragma once
// What a format's fuzzer does with its input: reads the bytes as the file `name` (its path in a folder of a
// CloudMapper account, which some formats read their file's path from), asks what a folder's scan asks
// (notAnInput(), sniff()), and parses it. Any bytes either parse or throw terrain::Error.
#include "Error.h"
#include "FormatParser.h"
#include "SourceText.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace terrain::fuzz {

inline void parseOrThrow(const FormatParser& parser, const std::string& name, const std::uint8_t* data,
                         std::size_t size) {
    try {
        SourceText src;
        src.name = name;
        src.path = "fuzz/account-data/123456789012/us-east-1/" + name;
        src.text = decodeText(std::string(reinterpret_cast<const char*>(data), size), src.name);
        parser.notAnInput(src.name, src.text, {});
        parser.sniff(src.name, src.text);
        parser.parse(src, {});
    } catch (const Error&) {
    }
}

} // namespace terrain::fuzz
