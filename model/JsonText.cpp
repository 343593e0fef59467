#include "JsonText.h"

#include <cstring>

namespace terrain {

std::string jsonPointer(const std::string& parent, std::string_view key) {
    std::string out = parent + "/";
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

std::string jsonPointer(const std::string& parent, std::size_t index) {
    return parent + "/" + std::to_string(index);
}

std::size_t tooDeepAt(const std::string& text, int maxDepth) {
    int depth = 0;
    const char* const begin = text.data();
    const char* const end = begin + text.size();
    const char* p = begin;
    while (p < end) {
        const char c = *p++;
        if (c == '"') {
            // Most of a JSON text is inside strings: jump from quote to quote (memchr) and skip the
            // quotes that an odd number of backslashes escapes.
            for (;;) {
                const auto* q =
                    static_cast<const char*>(std::memchr(p, '"', static_cast<std::size_t>(end - p)));
                if (!q)
                    return std::string::npos; // unterminated: the parser reports it
                const char* b = q;
                while (b > p && b[-1] == '\\')
                    --b;
                p = q + 1;
                if (((q - b) & 1) == 0)
                    break;
            }
        } else if (c == '[' || c == '{') {
            if (++depth > maxDepth)
                return static_cast<std::size_t>(p - 1 - begin);
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::string::npos;
}

} // namespace terrain
