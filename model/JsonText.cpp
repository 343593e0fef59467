#include "JsonText.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <vector>

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

std::string withoutLastRead(std::string message) {
    if (const auto read = message.find("; last read: '"); read != std::string::npos) {
        const auto expected = message.find("'; expected ", read);
        message.erase(read, expected == std::string::npos ? std::string::npos : expected + 1 - read);
    }
    return message;
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

void appendJsonString(std::string& out, std::string_view s) {
    for (const unsigned char c : s)
        if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) {
            out += nlohmann::ordered_json(std::string(s)).dump();
            return;
        }
    out += '"';
    out += s;
    out += '"';
}

void appendJsonText(std::string& out, const nlohmann::ordered_json& v) {
    using value_t = nlohmann::ordered_json::value_t;
    char digits[24];
    switch (v.type()) {
    case value_t::object: {
        out += '{';
        bool first = true;
        for (const auto& [key, value] : v.get_ref<const nlohmann::ordered_json::object_t&>()) {
            if (!first)
                out += ',';
            first = false;
            appendJsonString(out, key);
            out += ':';
            appendJsonText(out, value);
        }
        out += '}';
        return;
    }
    case value_t::array: {
        out += '[';
        bool first = true;
        for (const auto& value : v.get_ref<const nlohmann::ordered_json::array_t&>()) {
            if (!first)
                out += ',';
            first = false;
            appendJsonText(out, value);
        }
        out += ']';
        return;
    }
    case value_t::string:
        appendJsonString(out, v.get_ref<const std::string&>());
        return;
    case value_t::boolean:
        out += v.get<bool>() ? "true" : "false";
        return;
    case value_t::null:
        out += "null";
        return;
    case value_t::number_integer:
        out.append(digits, std::to_chars(digits, digits + sizeof digits, v.get<std::int64_t>()).ptr);
        return;
    case value_t::number_unsigned:
        out.append(digits, std::to_chars(digits, digits + sizeof digits, v.get<std::uint64_t>()).ptr);
        return;
    case value_t::binary:
        if (isHeldAsText(v)) {
            const auto& bytes = v.get_binary();
            out.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
            return;
        }
        out += v.dump();
        return;
    default: // floating point (nlohmann's shortest form that reads back the same), discarded
        out += v.dump();
    }
}

std::string jsonText(const nlohmann::ordered_json& v) {
    std::string out;
    appendJsonText(out, v);
    return out;
}

nlohmann::ordered_json heldAsText(nlohmann::ordered_json v) {
    if (isHeldAsText(v))
        return v;
    return holdText(jsonText(v));
}

nlohmann::ordered_json holdText(std::string_view text) {
    return nlohmann::ordered_json::binary(std::vector<std::uint8_t>(text.begin(), text.end()), kHeldAsText);
}

bool isHeldAsText(const nlohmann::ordered_json& v) {
    if (!v.is_binary())
        return false;
    const auto& b = v.get_binary();
    return b.has_subtype() && b.subtype() == kHeldAsText;
}

nlohmann::ordered_json documentOf(nlohmann::ordered_json v) {
    if (!isHeldAsText(v))
        return v;
    const auto& bytes = v.get_binary();
    return nlohmann::ordered_json::parse(bytes.begin(), bytes.end());
}

void setMember(nlohmann::ordered_json& object, const std::string& key, const nlohmann::ordered_json& value) {
    if (isHeldAsText(object)) {
        auto& bytes = object.get_binary();
        std::string member;
        appendJsonString(member, key);
        member += ':';
        // The text of an object ends with '}'; one that may hold the key already is read as a document.
        const bool mayHold =
            std::search(bytes.begin(), bytes.end(), member.begin(), member.end(), [](std::uint8_t b, char c) {
                return b == static_cast<std::uint8_t>(c);
            }) != bytes.end();
        if (!mayHold && bytes.size() >= 2 && bytes.front() == '{' && bytes.back() == '}') {
            appendJsonText(member, value);
            if (bytes.size() > 2)
                member.insert(member.begin(), ',');
            bytes.insert(bytes.end() - 1, member.begin(), member.end());
            return;
        }
        object = heldAsText([&] {
            auto document = documentOf(std::move(object));
            document[key] = value;
            return document;
        }());
        return;
    }
    object[key] = value;
}

} // namespace terrain
