#pragma once
// A JSON reader for a streamed file (StreamedText) that gives nlohmann's SAX events (the interface of
// json::sax_parse) without nlohmann's lexer, which reads a character at a time through an input adapter
// and was most of the time of a plain parse. It works on the file's window in place, stopping on the
// NUL byte after it instead of counting: the end of a string is found sixteen bytes at a time, and a
// string without escapes is copied once, into the string the event hands over.
//
// It is a fast path, not a second parser with its own messages: it gives false, having told the
// handler nothing about why, at the first thing it does not take (a syntax error, a number nlohmann
// would not hold either or would round through strtod, nesting deeper than kMaxNesting), and its
// caller then reads the file whole with nlohmann's parser, which reports the problem with its place.
// What it takes, it gives as json::sax_parse gives it: the same events with the same values in the
// same order (tst_streamedjson compares both on random and broken texts, in pieces of every size).

#include "SourceText.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace terrain {

class StreamedJsonLexer {
public:
    explicit StreamedJsonLexer(StreamedText& text)
        : text_(text) {
        const std::string_view w = text.more(0);
        p_ = w.data();
        end_ = p_ + w.size();
    }

    enum class Number { Unsigned, Integer, Float, Bad };

protected:
    StreamedText& text_;
    const char* p_ = nullptr;
    const char* end_ = nullptr; ///< the window's NUL byte
    std::string string_;        ///< the last string or key, handed to the handler
    std::string numberText_;    ///< the last floating point number as written
    std::uint64_t unsigned_ = 0;
    std::int64_t integer_ = 0;
    double float_ = 0;

    /// On the NUL byte at `p`: the next piece, keeping the text from `from` (moved with it, as `p`).
    /// False at the end of the text (or on a NUL byte inside the window, which the text cannot have).
    bool refill(const char*& from, const char*& p) {
        if (p != end_ || text_.ended())
            return false;
        const std::size_t keep = static_cast<std::size_t>(end_ - from),
                          at = static_cast<std::size_t>(p - from);
        const std::string_view w = text_.more(keep);
        from = w.data(); // the kept bytes moved to the front of the window, even at the end of the text
        p = from + at;
        end_ = w.data() + w.size();
        return w.size() > keep;
    }

    /// The first character that is not white space (the NUL byte at the end of the text).
    char skipSpace() {
        for (;;) {
            while (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')
                ++p_;
            if (*p_ != '\0' || !refill(p_, p_))
                return *p_;
        }
    }

    /// The first '"', '\\' or control character (the NUL byte included) at or after `p`.
    static const char* plainEnd(const char* p) {
#if defined(__SSE2__)
        const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'),
                      control = _mm_set1_epi8(0x1F);
        for (;; p += 16) {
            const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
            const __m128i hit =
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)),
                             _mm_cmpeq_epi8(_mm_max_epu8(x, control), control));
            if (const int mask = _mm_movemask_epi8(hit))
                return p + __builtin_ctz(static_cast<unsigned>(mask));
        }
#else
        while (*p != '"' && *p != '\\' && static_cast<unsigned char>(*p) >= 0x20)
            ++p;
        return p;
#endif
    }

    /// Reads a string whose opening quote is at p_ into string_; false if it is not a valid one.
    bool readString() {
        const char* start = ++p_;
        bool escaped = false;
        for (;;) {
            p_ = plainEnd(p_);
            if (*p_ == '"')
                break;
            if (*p_ == '\\') {
                if (p_[1] != '\0') { // an escape: the character after the backslash is never the end
                    escaped = true;
                    p_ += 2;
                    continue;
                }
                const char* at = p_ + 1; // the window ends after the backslash: read on, keeping both
                if (!refill(start, at))
                    return false;
                p_ = at - 1;
                continue;
            }
            if (*p_ != '\0' || !refill(start, p_)) // a control character, or the end of the text
                return false;
        }
        const std::string_view raw(start, static_cast<std::size_t>(p_ - start));
        ++p_;
        if (!escaped) {
            string_.assign(raw);
            return true;
        }
        return unescape(raw, string_);
    }

    /// Whether the literal `word` is at p_ (and steps over it).
    bool literal(std::string_view word) {
        if (end_ - p_ < static_cast<std::ptrdiff_t>(word.size())) {
            const char* at = end_;
            refill(p_, at); // at the end of the text, the NUL byte differs from any letter
        }
        if (std::string_view(p_, word.size()) != word) // the padding after the window is readable
            return false;
        p_ += word.size();
        return true;
    }

    Number readNumber();

    static bool unescape(std::string_view raw, std::string& out);
};

/// Streams the JSON text of `text` through `sax` (nlohmann's SAX interface). True when the whole text
/// was one JSON value and every event was taken; false otherwise (see above), and the text has then
/// been read in part.
template <class Sax> class StreamedJsonReader : StreamedJsonLexer {
public:
    StreamedJsonReader(StreamedText& text, Sax& sax)
        : StreamedJsonLexer(text)
        , sax_(sax) {}

    bool read() { return run(0); }

    /// Reads the text as the rest of a document from inside an array that is a member of its root object,
    /// from one of that array's values on (the text starts with the value, after the comma before it):
    /// the second part of a text read on two threads (see splitAt).
    bool readInArrayOfRoot() {
        int depth = 0;
        open(depth, true);
        open(depth, false);
        return run(depth);
    }

    /// Has read() call `split(exact)` at the first comma between two values of an array that is a member
    /// of the root object at or after place `offset` in the file (exact: at it), once. When it returns
    /// true, read() stops there as if the text had ended: another reader read the rest (from after that
    /// comma, with readInArrayOfRoot()).
    void splitAt(std::size_t offset, std::function<bool(bool exact)> split) {
        splitOffset_ = offset;
        split_ = std::move(split);
    }

private:
    bool run(int depth) {
        for (;;) {
            // A value.
            switch (skipSpace()) {
            case '{':
            case '[': {
                const bool object = *p_++ == '{';
                if (depth == kMaxNesting || !start(object))
                    return false;
                if (skipSpace() == (object ? '}' : ']')) { // empty
                    ++p_;
                    if (!end(object))
                        return false;
                    break;
                }
                open(depth, object);
                if (object && !readKey())
                    return false;
                continue;
            }
            case '"':
                if (!readString() || !sax_.string(string_))
                    return false;
                break;
            case 't':
                if (!literal("true") || !sax_.boolean(true))
                    return false;
                break;
            case 'f':
                if (!literal("false") || !sax_.boolean(false))
                    return false;
                break;
            case 'n':
                if (!literal("null") || !sax_.null())
                    return false;
                break;
            default:
                switch (readNumber()) {
                case Number::Unsigned:
                    if (!sax_.number_unsigned(unsigned_))
                        return false;
                    break;
                case Number::Integer:
                    if (!sax_.number_integer(integer_))
                        return false;
                    break;
                case Number::Float:
                    if (!sax_.number_float(float_, numberText_))
                        return false;
                    break;
                case Number::Bad:
                    return false;
                }
            }
            // After a value: the next member or element, or the ends of containers.
            for (;;) {
                if (depth == 0)
                    return skipSpace() == '\0';
                const char c = skipSpace();
                const bool object = inObject(depth);
                if (c == ',') {
                    if (depth == 2 && !object && inObject(1) && splitOffset_ != kNoSplit &&
                        text_.offsetOf(p_) >= splitOffset_) {
                        const bool exact = text_.offsetOf(p_) == splitOffset_;
                        splitOffset_ = kNoSplit;
                        if (split_(exact))
                            return true;
                    }
                    ++p_;
                    if (object && !readKey())
                        return false;
                    break;
                }
                if (c != (object ? '}' : ']'))
                    return false;
                ++p_;
                --depth;
                if (!end(object))
                    return false;
            }
        }
    }

    static constexpr std::size_t kNoSplit = std::size_t(-1);
    Sax& sax_;
    std::size_t splitOffset_ = kNoSplit;
    std::function<bool(bool)> split_;
    std::uint64_t objects_[(kMaxNesting + 63) / 64] = {}; ///< per open container: an object (1) or a list

    bool start(bool object) {
        return object ? sax_.start_object(std::size_t(-1)) : sax_.start_array(std::size_t(-1));
    }
    bool end(bool object) { return object ? sax_.end_object() : sax_.end_array(); }
    bool inObject(int depth) const {
        const unsigned d = static_cast<unsigned>(depth - 1);
        return (objects_[d / 64] >> (d % 64)) & 1u;
    }
    void open(int& depth, bool object) {
        const unsigned d = static_cast<unsigned>(depth++);
        const std::uint64_t bit = std::uint64_t(1) << (d % 64);
        objects_[d / 64] = object ? objects_[d / 64] | bit : objects_[d / 64] & ~bit;
    }
    /// A member's key and its colon.
    bool readKey() {
        if (skipSpace() != '"' || !readString() || !sax_.key(string_) || skipSpace() != ':')
            return false;
        ++p_;
        return true;
    }
};

template <class Sax> bool readStreamedJson(StreamedText& text, Sax& sax) {
    return StreamedJsonReader<Sax>(text, sax).read();
}

} // namespace terrain
