#pragma once
// Small helpers for JSON text shared by the canonical map (MapJson), the project file and the importers:
// JSON pointers for messages, a nesting check run before parsing so hostile input cannot exhaust the
// stack, and compact JSON text written faster than nlohmann's serialiser, byte for byte the same.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace terrain {

/// "/resources/3" + "instances" → "/resources/3/instances" (RFC 6901: '~' → "~0", '/' → "~1").
std::string jsonPointer(const std::string& parent, std::string_view key);
std::string jsonPointer(const std::string& parent, std::size_t index);

/// Byte offset where bracket nesting first exceeds maxDepth (strings skipped), or npos.
std::size_t tooDeepAt(const std::string& text, int maxDepth);

/// Appends JSON text exactly as v.dump() writes it (compact), with the same errors (a string that is not
/// UTF-8 throws nlohmann's type_error): plain ASCII strings and integers are written directly; strings to
/// escape or check, and floating point numbers, by nlohmann's serialiser.
void appendJsonText(std::string& out, const nlohmann::ordered_json& v);
/// appendJsonText() for a string alone: as nlohmann::ordered_json(s).dump().
void appendJsonString(std::string& out, const std::string& s);
/// JSON text exactly as v.dump() writes it (see appendJsonText()).
std::string jsonText(const nlohmann::ordered_json& v);

} // namespace terrain
