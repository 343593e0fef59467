#pragma once
// The SAX events of a JSON parse as text, to compare the streamed reader (StreamedJson.h) with
// nlohmann's json::sax_parse: shared by tst_streamedjson, the fuzz target fuzz_streamedjson and the
// replay of its corpus (tst_fuzzcorpus).
#include "StreamedJson.h"

#include <cstdio>
#include <string>

namespace terrain::test {

/// The events of a parse as lines of text (doubles by their bits).
struct EventLog {
    std::string log;
    bool invalidUtf8 = false; ///< a string or key that is not UTF-8 was handed over (and the parse stopped)
    bool valid(const std::string& v) {
        try {
            (void)json(v).dump();
            return true;
        } catch (const json::type_error&) {
            invalidUtf8 = true;
            return false;
        }
    }
    /// A string's bytes, each one outside printable ASCII (and the backslash) as \xHH: never throws, even
    /// for bytes that are not UTF-8.
    static std::string bytes(const std::string& v) {
        std::string out;
        for (const char c : v) {
            const auto b = static_cast<unsigned char>(c);
            if (b < 0x20 || b >= 0x7F || c == '\\') {
                char hex[8];
                std::snprintf(hex, sizeof hex, "\\x%02x", b);
                out += hex;
            } else {
                out += c;
            }
        }
        return out;
    }
    bool null() { return log += "null\n", true; }
    bool boolean(bool v) { return log += v ? "true\n" : "false\n", true; }
    bool number_integer(json::number_integer_t v) { return log += "int " + std::to_string(v) + "\n", true; }
    bool number_unsigned(json::number_unsigned_t v) {
        return log += "uint " + std::to_string(v) + "\n", true;
    }
    bool number_float(json::number_float_t v, const std::string&) {
        char text[64];
        std::snprintf(text, sizeof text, "float %a\n", v);
        return log += text, true;
    }
    bool string(std::string& v) { return log += "string " + bytes(v) + "\n", valid(v); }
    bool binary(json::binary_t&) { return false; }
    bool start_object(std::size_t n) { return log += "{ " + std::to_string(n) + "\n", true; }
    bool start_array(std::size_t n) { return log += "[ " + std::to_string(n) + "\n", true; }
    bool end_object() { return log += "}\n", true; }
    bool end_array() { return log += "]\n", true; }
    bool key(std::string& k) { return log += "key " + bytes(k) + "\n", valid(k); }
    bool parse_error(std::size_t, const std::string&, const json::exception&) { return false; }
};

/// nlohmann's events for `text` read whole, or "refused".
inline std::string wholeEvents(const std::string& text) {
    if (text.find('\0') != std::string::npos)
        return "refused"; // nlohmann ends the text at a NUL byte; a file with one is refused as binary
    EventLog events;
    try {
        if (!json::sax_parse(text, &events))
            return "refused";
    } catch (const json::exception&) {
        return "refused";
    }
    return events.log;
}

/// The streamed reader's events for the file at `path` read in pieces of `piece` bytes, or "refused".
inline std::string streamedEvents(const std::string& path, std::size_t piece) {
    const auto text = StreamedText::open(path, kMaxInputBytes, piece);
    if (!text)
        return "not streamed";
    EventLog events;
    try {
        if (!readStreamedJson(*text, events))
            return events.invalidUtf8 ? "handed over a string that is not UTF-8" : "refused";
    } catch (const StreamedText::Unreadable&) {
        return "refused";
    }
    return events.log;
}

/// Whether the streamed reader may refuse a text nlohmann takes, whose events nlohmann gave as
/// `expected`: nesting deeper than kMaxNesting, or a double that underflows (to zero or a subnormal,
/// which the reader leaves to nlohmann's strtod).
inline bool mayBeLeftToNlohmann(const std::string& text, const std::string& expected) {
    return tooDeepAt(text, kMaxNesting) != std::string::npos ||
           expected.find("float 0x0") != std::string::npos ||
           expected.find("float -0x0") != std::string::npos;
}

/// Whether the streamed reader, reading the file at `path` (which holds `text`) in pieces of `piece`
/// bytes, agrees with nlohmann reading `text` whole. A text that is not streamed (UTF-16 or UTF-32) is
/// read whole by its caller: nothing to compare. `expected`: wholeEvents(text).
inline bool streamedJsonAgrees(const std::string& text, const std::string& path, std::size_t piece,
                               const std::string& expected) {
    const std::string got = streamedEvents(path, piece);
    return got == expected || got == "not streamed" ||
           (got == "refused" && mayBeLeftToNlohmann(text, expected));
}

inline bool streamedJsonAgrees(const std::string& text, const std::string& path, std::size_t piece) {
    return streamedJsonAgrees(text, path, piece, wholeEvents(text));
}

} // namespace terrain::test
