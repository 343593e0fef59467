#include "StreamedJson.h"

#include <charconv>
#include <cmath>

namespace terrain {

namespace {

bool digit(char c) {
    return c >= '0' && c <= '9';
}

bool numberCharacter(char c) {
    return digit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

const char* digits(const char* p) {
    while (digit(*p))
        ++p;
    return p;
}

/// The four hexadecimal digits of a \u escape at raw[at], or -1.
long hex4(std::string_view raw, std::size_t at) {
    if (at + 4 > raw.size())
        return -1;
    long v = 0;
    for (std::size_t k = at; k < at + 4; ++k) {
        const char c = raw[k];
        const int d = digit(c)                 ? c - '0'
                      : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                      : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                               : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

} // namespace

// What nlohmann's lexer takes as a number (JSON's grammar), converted as it converts it: an integer
// without a sign that fits 64 bits unsigned, one with a minus sign that fits 64 bits signed, and
// everything else (a fraction, an exponent, an integer too large) a double, correctly rounded (as
// glibc's strtod, which nlohmann calls). A double out of range (nlohmann: an error for an infinity,
// strtod's nearest value for an underflow) is left to nlohmann: Bad.
StreamedJsonLexer::Number StreamedJsonLexer::readNumber() {
    const char* start = p_;
    const char* p = p_;
    for (;;) { // the characters a number can have, read on where a piece ends inside it
        while (numberCharacter(*p))
            ++p;
        if (*p != '\0' || !refill(start, p))
            break;
    }
    const char* q = start;
    if (*q == '-')
        ++q;
    if (*q == '0')
        ++q;
    else if (digit(*q))
        q = digits(q);
    else
        return Number::Bad;
    bool integral = true;
    if (*q == '.') {
        if (!digit(*++q))
            return Number::Bad;
        q = digits(q);
        integral = false;
    }
    if (*q == 'e' || *q == 'E') {
        if (*++q == '+' || *q == '-')
            ++q;
        if (!digit(*q))
            return Number::Bad;
        q = digits(q);
        integral = false;
    }
    if (q != p) // "1.2.3", "1-2", "01": nlohmann takes a number and then fails on what follows it
        return Number::Bad;
    p_ = p;
    if (integral) {
        if (*start == '-') {
            if (std::from_chars(start, p, integer_).ec == std::errc())
                return Number::Integer;
        } else if (std::from_chars(start, p, unsigned_).ec == std::errc()) {
            return Number::Unsigned;
        }
    }
    const auto [end, ec] = std::from_chars(start, p, float_);
    if (ec != std::errc() || end != p || !std::isfinite(float_))
        return Number::Bad;
    numberText_.assign(start, p);
    return Number::Float;
}

// The escapes JSON has, \uXXXX with UTF-16 surrogate pairs, as nlohmann decodes them (it refuses a
// lone surrogate). `raw` is a string's text between its quotes; a backslash in it is never its last
// character (the reader stepped over the character after each).
bool StreamedJsonLexer::unescape(std::string_view raw, std::string& out) {
    out.clear();
    std::size_t i = 0;
    for (;;) {
        const std::size_t slash = raw.find('\\', i);
        out.append(raw.substr(i, slash - i));
        if (slash == std::string_view::npos)
            return true;
        i = slash + 2;
        switch (raw[slash + 1]) {
        case '"':
            out += '"';
            break;
        case '\\':
            out += '\\';
            break;
        case '/':
            out += '/';
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'n':
            out += '\n';
            break;
        case 'r':
            out += '\r';
            break;
        case 't':
            out += '\t';
            break;
        case 'u': {
            long cp = hex4(raw, i);
            if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
                return false;
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) { // a high surrogate: its low one must follow
                const long low = raw.substr(i, 2) == "\\u" ? hex4(raw, i + 2) : -1;
                if (low < 0xDC00 || low > 0xDFFF)
                    return false;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                i += 6;
            }
            appendUtf8(out, static_cast<char32_t>(cp));
            break;
        }
        default:
            return false;
        }
    }
}

} // namespace terrain
