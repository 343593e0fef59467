#pragma once
// Reading an input file as text: size limit, binary detection, BOMs (UTF-8, UTF-16LE/BE) and UTF-8
// validation, with errors that name the file and the place. Also JSON parsing with a depth limit and
// line/column errors, shared by every JSON-based importer.

#include "Entities.h"
#include "Error.h"
#include "JsonText.h" // jsonPointer, tooDeepAt

#include <cstddef>
#include <string>
#include <string_view>

namespace terrain {

struct SourceText {
    std::string path;   ///< as given
    std::string name;   ///< file name, for messages and reports
    std::string text;   ///< UTF-8, BOM removed, line ends as in the file
    std::string sha256; ///< of the file's bytes as read
};

inline constexpr std::size_t kMaxInputBytes = std::size_t(512) << 20; // 512 MiB
inline constexpr int kMaxNesting = 512;                               // JSON/YAML nesting depth

/// Reads and decodes `path`. Throws Error naming the file and the place for: missing or unreadable
/// files, folders, files over `maxBytes`, binary content, invalid UTF-8 or UTF-16.
SourceText readSourceText(const std::string& path, std::size_t maxBytes = kMaxInputBytes);

/// Decodes bytes (any BOM) to UTF-8; `name` is used in errors. UTF-8 input is checked and returned in
/// its own storage (pass a temporary or std::move to avoid a copy of a large file).
std::string decodeText(std::string bytes, const std::string& name);

/// "line L, column C" (both 1-based, columns in characters) of a byte offset in UTF-8 text.
std::string lineColumn(const std::string& text, std::size_t offset);

/// Parses JSON text; throws Error with the file, line and column, and what was expected; refuses
/// nesting deeper than kMaxNesting.
json parseJsonText(const std::string& text, const std::string& name);

/// Throws the Error of parseJsonText() for text nested deeper than kMaxNesting.
void checkJsonNesting(const std::string& text, const std::string& name);
/// Inside a catch of json::exception thrown while parsing `text`: throws the Error of parseJsonText().
[[noreturn]] void rethrowJsonError(const std::string& text, const std::string& name);

/// Streams JSON text through a SAX handler (nlohmann's json::sax_parse interface) instead of building
/// a document, with the same checks and errors as parseJsonText(). The handler's parse_error() must
/// throw the exception it is given.
template <class Sax> void parseJsonSax(const std::string& text, const std::string& name, Sax& sax) {
    checkJsonNesting(text, name);
    try {
        json::sax_parse(text, &sax);
    } catch (const json::exception&) {
        rethrowJsonError(text, name);
    }
}

/// "an object", "a list", "a string", "a boolean", "null", "a number": what was found, for messages.
std::string describeJson(const json& v);
/// ASCII lower case (keys, kinds and host names; never locale-dependent).
std::string asciiLower(std::string_view s);

/// An Error that names a file by `name` (parsers name files by SourceText::name), renamed to `path`,
/// the path as the user gave it: in a folder import, two files may share a name.
Error renameFileInError(const Error& e, const std::string& name, const std::string& path);

/// Runs `parse` and rethrows its Error naming src.path instead of src.name.
template <class F> auto withPathInErrors(const SourceText& src, F&& parse) -> decltype(parse()) {
    try {
        return parse();
    } catch (const Error& e) {
        throw renameFileInError(e, src.name, src.path);
    }
}

} // namespace terrain
