#pragma once
// Reading an input file as text: size limit, binary detection, BOMs (UTF-8, UTF-16LE/BE) and UTF-8
// validation, with errors that name the file and the place. Also JSON parsing with a depth limit and
// line/column errors, shared by every JSON-based importer.

#include "Entities.h"
#include "Error.h"
#include "JsonText.h" // jsonPointer, tooDeepAt

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace terrain {

struct Discovery;

/// How a file that is neither UTF-8 nor UTF-16 with a byte order mark is read: refused (the formats that
/// tools write, always in UTF-8), or as Windows-1252, the code page in which spreadsheets on Windows in
/// western Europe and the Americas save "CSV (Comma delimited)" (Latin-1 reads the same, but for its C1
/// controls). A file with a NUL byte is refused either way.
enum class TextFallback { None, Windows1252 };

struct SourceText {
    std::string path;   ///< as given
    std::string name;   ///< file name, for messages and reports
    std::string text;   ///< UTF-8, BOM removed, line ends as in the file
    std::string sha256; ///< of the file's bytes as read; "" for a command's output (renderedWith)
    /// "Windows-1252" where the file is not UTF-8 and was read as that (TextFallback); "" otherwise.
    std::string fallbackEncoding;
    /// The command whose output `text` is, where it is not the file's own text (a Kustomization as
    /// `kubectl kustomize` renders its folder: Kustomize.h); "" otherwise.
    std::string renderedWith;
};

inline constexpr std::size_t kMaxInputBytes = std::size_t(512) << 20; // 512 MiB
inline constexpr int kMaxNesting = 512;                               // JSON/YAML nesting depth

/// The scope of what a file describes (Discovery::scope), by which a re-import tells what vanished from it:
/// `format`, a colon and the file's canonical path, so that two files of one name in two folders (every
/// repository's catalog-info.yaml, an application's deployment.yaml) are two sources; `name` where there is
/// no path, the path as given where it is no file (a text given inline). A map written before scopes had
/// paths holds "format:name" (planMerge() takes that for the one file of this name an import reads, when it
/// describes what that scope held).
std::string sourceScope(std::string_view format, const std::string& path, const std::string& name);

/// A file's canonical path (links resolved), or `path` as given where it names no file.
std::string canonicalPath(const std::string& path);

/// The folders above `folder` (an absolute path), innermost first, each with those above it: "c/", "b/c/",
/// "a/b/c/" for /a/b/c, at most eight, after leaving out the `skip` innermost. What keeps two files of one
/// name apart where their name makes one key (Discovery::pathKeys: "prometheus:prod/prometheus").
std::vector<std::string> foldersUpward(const std::string& folder, int skip = 0);

/// For each system of `d` whose key is "<format>:<name>/..." (a project or stack named alike in many
/// repositories: SAM's template, a compose project named by its deploy/ folder), the keys the folders above
/// `folder` make of it ("<format>:payments/<name>/...", foldersUpward()), shortest first, as
/// Discovery::pathKeys; of the systems the file defines only, where `definedOnly`.
void addFolderKeys(Discovery& d, std::string_view format, const std::string& name, const std::string& folder,
                   int skip, bool definedOnly);

/// Reads and decodes `path`. Throws Error naming the file and the place for: missing or unreadable
/// files, folders, files over `maxBytes`, binary content, invalid UTF-8 (unless `fallback` reads it) or
/// UTF-16.
SourceText readSourceText(const std::string& path, std::size_t maxBytes = kMaxInputBytes,
                          TextFallback fallback = TextFallback::None);

/// `bytes`, which `renderedWith` gave for the file `path`, as its text: decoded and hashed as
/// readSourceText() does a file's bytes.
SourceText sourceTextOf(std::string bytes, const std::string& path, std::string renderedWith);

/// A file read a piece at a time instead of whole, for a parser that streams it (a Terraform state of
/// hundreds of megabytes is parsed without holding its text). Each piece is checked as readSourceText()
/// checks the whole (no NUL byte, valid UTF-8, a sequence may straddle two pieces) and hashed before the
/// parser sees it. Only a plain UTF-8 regular file is streamed: open() gives nullptr for anything else
/// (a UTF-16 BOM, a pipe, a file over the limit or unreadable), and anything wrong on the way throws
/// StreamedText::Unreadable: the caller then reads the file whole with readSourceText(), which reports
/// the problem with its place, as it always did.
class StreamedText {
public:
    struct Unreadable {};
    static std::unique_ptr<StreamedText> open(const std::string& path, std::size_t maxBytes = kMaxInputBytes,
                                              std::size_t pieceBytes = std::size_t(64) << 10);
    /// The same file from byte `from` on, for a second reader of a text read on two threads: checked as
    /// open() checks it (`from` must be where no UTF-8 sequence straddles: an ASCII byte), not hashed.
    /// nullptr where open() would give it, or where the file is shorter.
    static std::unique_ptr<StreamedText> openPart(const std::string& path, std::size_t from,
                                                  std::size_t pieceBytes = std::size_t(64) << 10);
    ~StreamedText();
    StreamedText(const StreamedText&) = delete;
    StreamedText& operator=(const StreamedText&) = delete;

    const std::string& path() const { return path_; }
    const std::string& name() const { return name_; } ///< the file name, as SourceText::name
    std::size_t size() const { return size_; }        ///< the file's size in bytes when it was opened
    /// SHA-256 of the file's bytes, as SourceText::sha256; once the text was read to its end (after
    /// hashRest(), once that is done: throws Unreadable if it found the file changed).
    std::string sha256();

    /// Bytes readable past the end of every window: its NUL byte, then at least this many more.
    static constexpr std::size_t kPadding = 64;

    /// The text (UTF-8, its BOM left out) as a window that moves forward: more(keep) keeps the last
    /// `keep` bytes of the window (what a reader is in the middle of), reads, checks and hashes the next
    /// piece after them and gives the new window. In memory a window is followed by a NUL byte (the text
    /// has none, so a reader can stop on it instead of counting) and kPadding readable bytes. The first
    /// call (keep 0) gives the first piece. At the end of the text the window is the kept bytes alone
    /// and ended() is true.
    std::string_view more(std::size_t keep);
    bool ended() const { return ended_; }

    /// The place in the file of `p`, a pointer into the current window.
    std::size_t offsetOf(const char* p) const {
        return bufferOffset_ + static_cast<std::size_t>(p - buffer_.data());
    }
    /// The place in the file after the last byte read (the file's size once ended()).
    std::size_t readEnd() const { return readEnd_; }
    /// Ends a text whose rest another reader read and checked (an openPart() of it, which ended at
    /// `partEnd`): reads the rest only to hash it, on a thread of its own while the caller goes on.
    /// sha256() waits for it, and throws Unreadable if the file changed since it was opened or the other
    /// reader ended elsewhere.
    void hashRest(std::size_t partEnd);

private:
    StreamedText() = default;
    std::size_t read(char* into, std::size_t want); ///< reads up to `want` bytes and hashes them
    void finish();                                  ///< at the end of the file: the hash, the last check
    void check(const char* data, std::size_t n);
    int fd_ = -1;
    std::string path_, name_;
    std::vector<char> buffer_; ///< the window, its NUL byte and padding
    std::size_t pieceBytes_ = 0;
    std::size_t size_ = 0;
    std::size_t windowStart_ = 0, windowEnd_ = 0; ///< in buffer_
    std::size_t bufferOffset_ = 0;                ///< the place in the file of buffer_[0]
    std::size_t readEnd_ = 0;                     ///< the place in the file after the last byte read
    std::int64_t modified_ = 0; ///< when the file was last written, as it was opened (nanoseconds)
    bool started_ = false, ended_ = false;
    char carry_[4] = {}; ///< the start of a UTF-8 sequence the last piece ended in
    std::size_t carried_ = 0;
    struct Hash;
    std::unique_ptr<Hash> hash_; ///< null for an openPart()
    std::thread restHashing_;    ///< hashRest()'s
    bool restChanged_ = false;   ///< what hashRest() found
    void hashRestNow(std::size_t partEnd);
    static std::unique_ptr<StreamedText> opened(const std::string& path, std::size_t maxBytes,
                                                std::size_t pieceBytes, std::size_t from);
};

/// Decodes bytes (any BOM) to UTF-8; `name` is used in errors. UTF-8 input is checked and returned in
/// its own storage (pass a temporary or std::move to avoid a copy of a large file). Text that is not
/// UTF-8 is an error, or read as `fallback` says, and then `fellBack` (if given) is set.
std::string decodeText(std::string bytes, const std::string& name, TextFallback fallback = TextFallback::None,
                       bool* fellBack = nullptr);

/// Appends the UTF-8 encoding of the code point `cp` (at most U+10FFFF, not a surrogate).
void appendUtf8(std::string& out, char32_t cp);

/// "line L, column C" (both 1-based, columns in characters) of a byte offset in UTF-8 text.
std::string lineColumn(const std::string& text, std::size_t offset);

/// Parses JSON text; throws Error with the file, line and column, and what was expected; refuses
/// nesting deeper than kMaxNesting. An object's members are set through JsonObjectBuilder: the same
/// document as json::parse() gives, in time linear in the members of each object.
json parseJsonText(const std::string& text, const std::string& name);

/// Sets the members of a JSON object one by one, as a parser meets them: a key met again replaces its
/// value in the place it had, as json's operator[] does. A json object keeps its members in order in one
/// list, and operator[] compares the key with each: building an object of n members that way took n²/2
/// comparisons (a ConfigMap of 600,000 keys, more than five minutes). Past a few members, this finds
/// them through an index instead.
class JsonObjectBuilder {
public:
    /// `object` must be a json object, and outlive the builder.
    explicit JsonObjectBuilder(json& object);
    /// The value of `key`, a new null member at the end when the object has none.
    json& member(const std::string& key);
    bool contains(const std::string& key) const { return find(key) != kNone; }

private:
    static constexpr std::size_t kNone = std::size_t(-1);
    std::size_t find(const std::string& key) const;
    json::object_t::Container& m_members; ///< the object's members, as the list they are kept in
    std::unordered_map<std::string, std::size_t> m_index; ///< empty until the object has many members
};

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
