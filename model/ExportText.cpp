#include "ExportText.h"

#include "GraphExport.h"

#include <string_view>

namespace terrain {

std::string htmlEscape(const std::string& text) {
    const std::string s = validUtf8(text);
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (ch) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            if ((c < 0x20 && ch != '\n' && ch != '\t') || c == 0x7F)
                break;
            out += ch;
        }
    }
    return out;
}

std::string csvCell(const std::string& text) {
    std::string s = validUtf8(text);
    const size_t first = s.find_first_not_of(' ');
    if (!s.empty() &&
        (s[0] == '\t' || s[0] == '\r' ||
         (first != std::string::npos && std::string_view("=+-@").find(s[first]) != std::string::npos)))
        s.insert(0, 1, '\'');
    if (s.find_first_of(",\"\r\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char ch : s)
        out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return out + "\"";
}

std::string csvRow(const std::vector<std::string>& cells) {
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i)
        out += (i ? "," : "") + csvCell(cells[i]);
    return out + "\r\n";
}

std::string markdownText(const std::string& text) {
    const std::string s = validUtf8(text);
    // A list marker, heading or ordered-list number at the very start ("- x", "1. x", "= x").
    size_t digits = 0;
    while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9')
        ++digits;
    const size_t markerAt = digits > 0 && digits < s.size() && (s[digits] == '.' || s[digits] == ')')
                                ? digits
                                : (!s.empty() && std::string_view("-+=").find(s[0]) != std::string_view::npos
                                       ? 0
                                       : std::string::npos);
    std::string out;
    out.reserve(s.size() + s.size() / 4);
    for (size_t i = 0; i < s.size(); ++i) {
        const char ch = s[i];
        const auto c = static_cast<unsigned char>(ch);
        if (ch == '&')
            out += "&amp;";
        else if (ch == '<')
            out += "&lt;";
        else if (ch == '>')
            out += "&gt;";
        else if (c < 0x20 || c == 0x7F)
            out += ' ';
        else if (i == markerAt || std::string_view("\\`*_{}[]()#!|~").find(ch) != std::string_view::npos)
            out += std::string("\\") + ch;
        else
            out += ch;
    }
    return out;
}

} // namespace terrain
