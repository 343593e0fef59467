#include "SourceText.h"

#include "AsciiChars.h"
#include "Discovery.h"
#include "Error.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <nettle/sha2.h>
#include <sys/stat.h>
#include <unistd.h>

namespace terrain {

void appendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

namespace {

std::string fromUtf16(const std::string& bytes, size_t start, bool littleEndian, const std::string& name) {
    if ((bytes.size() - start) % 2 != 0)
        throw Error(name, "byte " + std::to_string(bytes.size()),
                    "UTF-16 text with an odd number of bytes (truncated?)");
    std::string out;
    out.reserve(bytes.size() / 2);
    auto unit = [&](size_t i) -> char16_t {
        const auto a = static_cast<unsigned char>(bytes[i]);
        const auto b = static_cast<unsigned char>(bytes[i + 1]);
        return static_cast<char16_t>(littleEndian ? (a | (b << 8)) : ((a << 8) | b));
    };
    for (size_t i = start; i < bytes.size(); i += 2) {
        char32_t u = unit(i);
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 3 >= bytes.size())
                throw Error(name, "byte " + std::to_string(i), "a UTF-16 surrogate pair cut off at the end");
            const char32_t lo = unit(i + 2);
            if (lo < 0xDC00 || lo > 0xDFFF)
                throw Error(name, "byte " + std::to_string(i), "a valid UTF-16 surrogate pair");
            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            i += 2;
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            throw Error(name, "byte " + std::to_string(i), "a valid UTF-16 surrogate pair");
        }
        if (u == 0)
            throw Error(name, "byte " + std::to_string(i), "text, but found a NUL character (binary file?)");
        appendUtf8(out, u);
    }
    return out;
}

/// Offset of the first invalid UTF-8 sequence, or npos.
size_t invalidUtf8(std::string_view s) {
    size_t i = 0;
    const size_t n = s.size();
    while (i < n) {
        // Eight ASCII bytes at a time: most of a source file is ASCII.
        std::uint64_t eight;
        while (i + 8 <= n && (std::memcpy(&eight, s.data() + i, 8), (eight & 0x8080808080808080ULL) == 0))
            i += 8;
        if (i >= n)
            break;
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len = 0;
        char32_t cp = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + static_cast<size_t>(len) > n)
            return i;
        for (int k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
            if ((cc & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += static_cast<size_t>(len);
    }
    return std::string::npos;
}

/// The digest of what `context` was given, in lower-case hex.
std::string hexDigest(sha256_ctx& context) {
    unsigned char digest[SHA256_DIGEST_SIZE];
    sha256_digest(&context, SHA256_DIGEST_SIZE, digest);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(2 * SHA256_DIGEST_SIZE, '0');
    for (std::size_t i = 0; i < SHA256_DIGEST_SIZE; ++i) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 15];
    }
    return out;
}

/// SHA-256 through Nettle, which uses the processor's SHA instructions where it has them (1.36 GB/s
/// here, against 0.2 GB/s for QCryptographicHash, whose own code took a third of the time of a plain
/// JSON parse of the same state). OpenSSL's libcrypto is a little faster (1.66 GB/s), but its first
/// digest in a process loads its providers: 2.5 ms and 2.1 MiB of pages, more than a 1 MB state's
/// whole hash; Nettle's first costs 0.07 ms and 0.2 MiB.
std::string sha256Hex(const std::string& bytes) {
    sha256_ctx context;
    sha256_init(&context);
    sha256_update(&context, bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
    return hexDigest(context);
}

/// The length of the UTF-8 sequence a byte starts (1 for ASCII and for bytes that start none).
std::size_t sequenceLength(char c) {
    const auto b = static_cast<unsigned char>(c);
    return (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
}

} // namespace

std::string lineColumn(const std::string& text, size_t offset) {
    offset = std::min(offset, text.size());
    size_t line = 1;
    size_t column = 1;
    for (size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

namespace {

/// Windows-1252 text as UTF-8: 0x80-0x9F are its own (the euro sign, typographic quotes and dashes...; the
/// five it leaves undefined as the C1 controls of the same numbers, as browsers read them), the rest Latin-1.
std::string fromWindows1252(std::string_view bytes) {
    static constexpr char16_t k80[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                         0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                         0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                         0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x80)
            out += c;
        else
            appendUtf8(out, b < 0xA0 ? k80[b - 0x80] : b);
    }
    return out;
}

} // namespace

std::string decodeText(std::string bytes, const std::string& name, TextFallback fallback, bool* fellBack) {
    auto starts = [&](std::initializer_list<unsigned char> bom) {
        if (bytes.size() < bom.size())
            return false;
        size_t i = 0;
        for (unsigned char b : bom)
            if (static_cast<unsigned char>(bytes[i++]) != b)
                return false;
        return true;
    };
    if (starts({0xFF, 0xFE, 0x00, 0x00}) || starts({0x00, 0x00, 0xFE, 0xFF}))
        throw Error(name, "", "text in UTF-8 or UTF-16, but the file is UTF-32; convert it to UTF-8");
    if (starts({0xFF, 0xFE}))
        return fromUtf16(bytes, 2, true, name);
    if (starts({0xFE, 0xFF}))
        return fromUtf16(bytes, 2, false, name);
    const bool utf8Bom = starts({0xEF, 0xBB, 0xBF});
    std::string text = std::move(bytes);
    if (utf8Bom)
        text.erase(0, 3);
    if (const auto nul = text.find('\0'); nul != std::string::npos)
        throw Error(name, lineColumn(text, nul), "text, but found a NUL byte: this looks like a binary file");
    if (const auto bad = invalidUtf8(text); bad != std::string::npos) {
        if (fallback == TextFallback::Windows1252 && !utf8Bom) { // (a BOM says UTF-8: the file is damaged)
            if (fellBack)
                *fellBack = true;
            return fromWindows1252(text);
        }
        throw Error(name, lineColumn(text, bad),
                    "UTF-8 text (or UTF-16 with a byte order mark), but found an invalid byte sequence");
    }
    return text;
}

std::vector<std::string> foldersUpward(const std::string& folder, int skip) {
    const QStringList folders = QString::fromStdString(folder).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    std::vector<std::string> out;
    std::string above;
    for (qsizetype n = folders.size() - 1 - skip; n >= 0 && out.size() < 8; --n) {
        above = folders[n].toStdString() + "/" + above;
        out.push_back(above);
    }
    return out;
}

void addFolderKeys(Discovery& d, std::string_view format, const std::string& name, const std::string& folder,
                   int skip, bool definedOnly) {
    const std::vector<std::string> folders = foldersUpward(folder, skip);
    const std::string prefix = std::string(format) + ":" + name + "/";
    for (const DiscoveredSystem& sys : d.systems)
        if (sys.key.starts_with(prefix) && (!definedOnly || (!sys.reference && !sys.external)))
            for (const std::string& above : folders)
                d.pathKeys[sys.key].push_back(
                    {std::string(format) + ":" + above + sys.key.substr(format.size() + 1), sys.name});
}

std::string sourceScope(std::string_view format, const std::string& path, const std::string& name) {
    std::string scope(format);
    scope += ':';
    return scope + (path.empty() ? name : canonicalPath(path));
}

std::string canonicalPath(const std::string& path) {
    if (path.empty())
        return path;
    std::error_code ec;
    const std::filesystem::path p = std::filesystem::canonical(path, ec);
    return ec || p.empty() ? path : p.string(); // as given where it is no file (a text inline)
}

SourceText readSourceText(const std::string& path, size_t maxBytes, TextFallback fallback) {
    const QString qpath = QString::fromStdString(path);
    const QFileInfo info(qpath);
    if (!info.exists())
        throw Error(path, "", "no such file");
    if (info.isDir())
        throw Error(path, "", "is a folder; expected a file");
    if (static_cast<size_t>(info.size()) > maxBytes)
        throw Error(path, "",
                    "is " + std::to_string(info.size() >> 20) + " MiB; the limit for one input file is " +
                        std::to_string(maxBytes >> 20) + " MiB");
    QFile f(qpath);
    if (!f.open(QIODevice::ReadOnly))
        throw Error(path, "", "cannot be read: " + f.errorString().toStdString());
    // Read into the string that becomes the text: a large state is held once, not three times.
    std::string bytes(static_cast<size_t>(info.size()), '\0');
    const qint64 got = bytes.empty() ? 0 : f.read(bytes.data(), info.size());
    if (got < 0)
        throw Error(path, "", "cannot be read: " + f.errorString().toStdString());
    bytes.resize(static_cast<size_t>(got));
    const QByteArray rest = f.readAll(); // what a pipe or a growing file has beyond its size
    bytes.append(rest.constData(), static_cast<size_t>(rest.size()));
    SourceText src;
    src.path = path;
    src.name = info.fileName().toStdString();
    src.sha256 = sha256Hex(bytes);
    bool fellBack = false;
    src.text = decodeText(std::move(bytes), path, fallback, &fellBack);
    if (fellBack)
        src.fallbackEncoding = "Windows-1252";
    return src;
}

SourceText sourceTextOf(std::string bytes, const std::string& path, std::string renderedWith) {
    SourceText src;
    src.path = path;
    src.name = QFileInfo(QString::fromStdString(path)).fileName().toStdString();
    src.sha256 = sha256Hex(bytes);
    src.text = decodeText(std::move(bytes), path);
    src.renderedWith = std::move(renderedWith);
    return src;
}

// ---- StreamedText ----

struct StreamedText::Hash {
    sha256_ctx context;
    std::string hex;
    Hash() { sha256_init(&context); }
};

std::unique_ptr<StreamedText> StreamedText::open(const std::string& path, std::size_t maxBytes,
                                                 std::size_t pieceBytes) {
    return opened(path, maxBytes, pieceBytes, 0);
}

std::unique_ptr<StreamedText> StreamedText::openPart(const std::string& path, std::size_t from,
                                                     std::size_t pieceBytes) {
    return opened(path, kMaxInputBytes, pieceBytes, from);
}

namespace {
std::int64_t modifiedNs(const struct stat& st) {
    return std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}
} // namespace

std::unique_ptr<StreamedText> StreamedText::opened(const std::string& path, std::size_t maxBytes,
                                                   std::size_t pieceBytes, std::size_t from) {
    // Looked at before it is opened: opening a pipe would wait for its writer, and closing it again
    // could lose what was written.
    struct stat before {};
    if (::stat(path.c_str(), &before) != 0 || !S_ISREG(before.st_mode))
        return nullptr;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return nullptr;
    std::unique_ptr<StreamedText> t(new StreamedText);
    t->fd_ = fd;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || static_cast<std::size_t>(st.st_size) > maxBytes ||
        static_cast<std::size_t>(st.st_size) < from)
        return nullptr;
    t->size_ = static_cast<std::size_t>(st.st_size);
    t->modified_ = modifiedNs(st);
    t->path_ = path;
    t->name_ = QFileInfo(QString::fromStdString(path)).fileName().toStdString();
    if (from == 0)
        t->hash_ = std::make_unique<Hash>();
    else if (::lseek(fd, static_cast<off_t>(from), SEEK_SET) != static_cast<off_t>(from))
        return nullptr;
    t->bufferOffset_ = t->readEnd_ = from;
    // The first piece is read now, to look at its BOM; it is checked when the reader asks for it.
    t->pieceBytes_ = std::max<std::size_t>(pieceBytes, 4);
    t->buffer_.resize(t->pieceBytes_ + 1 + kPadding);
    std::size_t first = 0;
    try {
        first = t->read(t->buffer_.data(), t->pieceBytes_);
    } catch (const Unreadable&) {
        return nullptr;
    }
    const std::string_view head(t->buffer_.data(), first);
    if (from == 0) {
        // UTF-16 and UTF-32 are decoded by readSourceText(), which holds the text.
        if (head.starts_with("\xFF\xFE") || head.starts_with(std::string_view("\x00\x00\xFE\xFF", 4)) ||
            head.starts_with("\xFE\xFF"))
            return nullptr;
        t->windowStart_ = head.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    }
    t->windowEnd_ = first;
    return t;
}

StreamedText::~StreamedText() {
    if (restHashing_.joinable())
        restHashing_.join();
    if (fd_ >= 0)
        ::close(fd_);
}

std::size_t StreamedText::read(char* into, std::size_t want) {
    std::size_t n = 0;
    while (n < want) {
        const ssize_t got = ::read(fd_, into + n, want - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            throw Unreadable{};
        if (got == 0)
            break;
        n += static_cast<std::size_t>(got);
    }
    readEnd_ += n;
    if (hash_)
        sha256_update(&hash_->context, n, reinterpret_cast<const std::uint8_t*>(into));
    return n;
}

std::string StreamedText::sha256() {
    if (restHashing_.joinable())
        restHashing_.join();
    if (restChanged_)
        throw Unreadable{};
    return hash_->hex;
}

std::string_view StreamedText::more(std::size_t keep) {
    if (!started_) { // the first piece, read by open()
        started_ = true;
        check(buffer_.data() + windowStart_, windowEnd_ - windowStart_);
        buffer_[windowEnd_] = '\0';
        return {buffer_.data() + windowStart_, windowEnd_ - windowStart_};
    }
    keep = std::min(keep, windowEnd_ - windowStart_);
    if (!ended_) {
        std::memmove(buffer_.data(), buffer_.data() + windowEnd_ - keep, keep);
        bufferOffset_ = readEnd_ - keep;
        windowStart_ = 0;
        windowEnd_ = keep;
        if (buffer_.size() < keep + pieceBytes_ + 1 + kPadding)
            buffer_.resize(keep + pieceBytes_ + 1 + kPadding);
        const std::size_t n = read(buffer_.data() + keep, pieceBytes_);
        if (n == 0)
            finish();
        else
            check(buffer_.data() + keep, n);
        windowEnd_ = keep + n;
        buffer_[windowEnd_] = '\0';
    } else {
        windowStart_ = windowEnd_ - keep;
    }
    return {buffer_.data() + windowStart_, windowEnd_ - windowStart_};
}

void StreamedText::finish() {
    ended_ = true;
    if (carried_ > 0)
        throw Unreadable{}; // the text ends inside a UTF-8 sequence
    if (hash_)
        hash_->hex = hexDigest(hash_->context);
}

void StreamedText::hashRest(std::size_t partEnd) {
    ended_ = true;
    windowStart_ = windowEnd_ = 0;
    try {
        restHashing_ = std::thread([this, partEnd] { hashRestNow(partEnd); });
    } catch (const std::system_error&) { // no thread to be had
        hashRestNow(partEnd);
    }
}

void StreamedText::hashRestNow(std::size_t partEnd) {
    try {
        while (read(buffer_.data(), pieceBytes_) > 0) {
        }
    } catch (const Unreadable&) {
        restChanged_ = true;
        return;
    }
    buffer_[0] = '\0';
    struct stat st {};
    if (readEnd_ != partEnd || readEnd_ != size_ || ::fstat(fd_, &st) != 0 ||
        static_cast<std::size_t>(st.st_size) != size_ || modifiedNs(st) != modified_)
        restChanged_ = true;
    else
        hash_->hex = hexDigest(hash_->context);
}

void StreamedText::check(const char* d, std::size_t n) {
    if (std::memchr(d, 0, n))
        throw Unreadable{};
    std::size_t i = 0;
    if (carried_ > 0) { // complete the sequence the last piece ended in
        const std::size_t length = sequenceLength(carry_[0]);
        while (carried_ < length && i < n) {
            if ((static_cast<unsigned char>(d[i]) & 0xC0) != 0x80)
                throw Unreadable{}; // not a continuation byte: refused before a reader sees the text after it
            carry_[carried_++] = d[i++];
        }
        if (carried_ < length)
            return;
        if (invalidUtf8(std::string_view(carry_, carried_)) != std::string::npos)
            throw Unreadable{};
        carried_ = 0;
    }
    // A sequence that starts in the last three bytes and ends in the next piece is checked with it.
    std::size_t end = n;
    for (std::size_t k = n; k > i && n - k < 3;) {
        const auto b = static_cast<unsigned char>(d[--k]);
        if (b < 0x80)
            break;
        if ((b & 0xC0) == 0xC0) {
            if (k + sequenceLength(d[k]) > n)
                end = k;
            break;
        }
    }
    if (invalidUtf8(std::string_view(d + i, end - i)) != std::string::npos)
        throw Unreadable{};
    std::memcpy(carry_, d + end, n - end);
    carried_ = n - end;
}

void checkJsonNesting(const std::string& text, const std::string& name) {
    if (const auto deep = tooDeepAt(text, kMaxNesting); deep != std::string::npos)
        throw Error(name, lineColumn(text, deep),
                    "JSON nested at most " + std::to_string(kMaxNesting) + " levels deep");
}

void rethrowJsonError(const std::string& text, const std::string& name) {
    try {
        throw;
    } catch (const json::parse_error& e) {
        const size_t at = e.byte > 0 ? e.byte - 1 : 0;
        std::string what = e.what();
        // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error while parsing
        // value - unexpected end of input; expected '[', '{', or a literal": keep from "syntax error".
        if (auto p = what.find("syntax error"); p != std::string::npos)
            what = what.substr(p);
        throw Error(name, lineColumn(text, at), "expected valid JSON: " + withoutLastRead(what));
    } catch (const json::exception& e) {
        // Not a syntax error but a value nlohmann cannot hold (a number too large for a double, "1e400").
        std::string what = e.what();
        if (const auto p = what.find("] "); p != std::string::npos)
            what.erase(0, p + 2);
        throw Error(name, "", "expected valid JSON: " + what);
    }
}

JsonObjectBuilder::JsonObjectBuilder(json& object)
    : m_members(object.get_ref<json::object_t&>()) {}

std::size_t JsonObjectBuilder::find(const std::string& key) const {
    if (m_index.empty()) {
        for (std::size_t i = 0; i < m_members.size(); ++i)
            if (m_members[i].first == key)
                return i;
        return kNone;
    }
    const auto it = m_index.find(key);
    return it == m_index.end() ? kNone : it->second;
}

json& JsonObjectBuilder::member(const std::string& key) {
    // Up to this many members a look at each costs less than hashing the key.
    constexpr std::size_t kLookedAtEach = 16;
    if (const std::size_t i = find(key); i != kNone)
        return m_members[i].second;
    m_members.emplace_back(key, nullptr);
    if (!m_index.empty()) {
        m_index.emplace(key, m_members.size() - 1);
    } else if (m_members.size() > kLookedAtEach) {
        m_index.reserve(m_members.size() * 2);
        for (std::size_t i = 0; i < m_members.size(); ++i)
            m_index.emplace(m_members[i].first, i);
    }
    return m_members.back().second;
}

namespace {

/// json::parse()'s document builder (nlohmann's json_sax_dom_parser), but for the members of an object,
/// which it sets with operator[] (JsonObjectBuilder).
class JsonDocumentBuilder {
public:
    explicit JsonDocumentBuilder(json& root)
        : m_root(root) {}

    bool null() { return put(nullptr) != nullptr; }
    bool boolean(bool v) { return put(v) != nullptr; }
    bool number_integer(json::number_integer_t v) { return put(v) != nullptr; }
    bool number_unsigned(json::number_unsigned_t v) { return put(v) != nullptr; }
    bool number_float(json::number_float_t v, const json::string_t&) { return put(v) != nullptr; }
    bool string(json::string_t& v) { return put(std::move(v)) != nullptr; }
    bool binary(json::binary_t& v) { return put(json(std::move(v))) != nullptr; }
    bool start_object(std::size_t) {
        json* object = put(json::object());
        m_open.emplace_back().value = object;
        m_open.back().members.emplace(*object);
        return true;
    }
    bool key(json::string_t& k) {
        m_member = &m_open.back().members->member(k);
        return true;
    }
    bool end_object() {
        m_open.pop_back();
        return true;
    }
    bool start_array(std::size_t) {
        m_open.emplace_back().value = put(json::array());
        return true;
    }
    bool end_array() {
        m_open.pop_back();
        return true;
    }
    template <class Exception> bool parse_error(std::size_t, const std::string&, const Exception& e) {
        throw e;
    }

private:
    struct Open {
        json* value = nullptr;
        std::optional<JsonObjectBuilder> members; ///< none for an array (held here: no allocation of its own)
    };

    /// Places `v` where the document is at: its root, the end of the open array, or the member whose key
    /// came last.
    json* put(json v) {
        if (m_open.empty()) {
            m_root = std::move(v);
            return &m_root;
        }
        if (!m_open.back().members) {
            json::array_t& items = m_open.back().value->get_ref<json::array_t&>();
            items.push_back(std::move(v));
            return &items.back();
        }
        *m_member = std::move(v);
        return m_member;
    }

    json& m_root;
    std::vector<Open> m_open;
    json* m_member = nullptr;
};

} // namespace

json parseJsonText(const std::string& text, const std::string& name) {
    checkJsonNesting(text, name);
    json root;
    JsonDocumentBuilder builder(root);
    try {
        json::sax_parse(text, &builder);
    } catch (const json::exception&) {
        rethrowJsonError(text, name);
    }
    return root;
}

Error renameFileInError(const Error& e, const std::string& name, const std::string& path) {
    const std::string what = e.what();
    if (path.empty() || path == name || what.compare(0, name.size() + 2, name + ": ") != 0)
        return e;
    return Error(path + what.substr(name.size()));
}

std::string describeJson(const json& v) {
    switch (v.type()) {
    case json::value_t::object:
        return "an object";
    case json::value_t::array:
        return "a list";
    case json::value_t::string:
        return "a string";
    case json::value_t::boolean:
        return "a boolean";
    case json::value_t::null:
        return "null";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
        return "a number";
    default:
        return "something else";
    }
}

std::string asciiLower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = asciiLowerChar(c);
    return out;
}

} // namespace terrain
