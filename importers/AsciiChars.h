#pragma once
// Character classes of ASCII, inline: what the importers read (keys, ids, host names, addresses) is
// classified the same whatever the process's locale (<cctype>'s isalpha() and tolower() follow it, and are
// a call each, on the hottest paths of a large state's parse). Bytes from 0x80 up belong to none.

#include <cstddef>
#include <string_view>

namespace terrain {

constexpr bool isAsciiSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
constexpr bool isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
}
constexpr bool isAsciiUpper(char c) {
    return c >= 'A' && c <= 'Z';
}
constexpr bool isAsciiLower(char c) {
    return c >= 'a' && c <= 'z';
}
constexpr bool isAsciiAlpha(char c) {
    return isAsciiUpper(c) || isAsciiLower(c);
}
constexpr bool isAsciiAlnum(char c) {
    return isAsciiAlpha(c) || isAsciiDigit(c);
}
/// 0-9 and a-f: the hex digits of AWS ids and IPv6 addresses as their tools write them.
constexpr bool isAsciiLowerHexDigit(char c) {
    return isAsciiDigit(c) || (c >= 'a' && c <= 'f');
}
constexpr char asciiLowerChar(char c) {
    return isAsciiUpper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}
constexpr char asciiUpperChar(char c) {
    return isAsciiLower(c) ? static_cast<char>(c - 'a' + 'A') : c;
}

/// The first position from `i` in `s` that is not an ASCII space (s.size() when there is none).
constexpr std::size_t skipAsciiSpace(std::string_view s, std::size_t i = 0) {
    while (i < s.size() && isAsciiSpace(s[i]))
        ++i;
    return i;
}

} // namespace terrain
