#pragma once
// Small helpers for JSON text shared by the canonical map (MapJson), the project file and the importers:
// JSON pointers for messages, a nesting check run before parsing so hostile input cannot exhaust the
// stack, and compact JSON text written faster than nlohmann's serialiser, byte for byte the same.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace terrain {

/// "/resources/3" + "instances" → "/resources/3/instances" (RFC 6901: '~' → "~0", '/' → "~1").
std::string jsonPointer(const std::string& parent, std::string_view key);
std::string jsonPointer(const std::string& parent, std::size_t index);

/// nlohmann's message of a parse error without what it read last ("; last read: '\"s3cr3t'"), which of a
/// file cut short may be the start of a secret; what it expected after it stays.
std::string withoutLastRead(std::string message);

/// Byte offset where bracket nesting first exceeds maxDepth (strings skipped), or npos.
std::size_t tooDeepAt(const std::string& text, int maxDepth);

/// Appends JSON text exactly as v.dump() writes it (compact), with the same errors (a string that is not
/// UTF-8 throws nlohmann's type_error): plain ASCII strings and integers are written directly; strings to
/// escape or check, and floating point numbers, by nlohmann's serialiser.
void appendJsonText(std::string& out, const nlohmann::ordered_json& v);
/// appendJsonText() for a string alone: as nlohmann::ordered_json(s).dump().
void appendJsonString(std::string& out, std::string_view s);
/// JSON text exactly as v.dump() writes it (see appendJsonText()).
std::string jsonText(const nlohmann::ordered_json& v);

// ---- a value held as its text ----
// A document takes several times the memory of its compact text (each member a slot, each string an
// allocation of its own), and an import holds every system's facts from its reader to its commit. Such
// a value can be held as its text instead: a binary JSON value of the subtype kHeldAsText, which
// appendJsonText() and jsonText() write as the text it holds (so it is stored as the document would be)
// and documentOf() reads back. Only the importers' discoveries and merge plans hold such values; what a
// Project reads from its file is always a document.
constexpr std::uint8_t kHeldAsText = 0x74;
/// v held as jsonText(v); v itself, moved, when it already is.
nlohmann::ordered_json heldAsText(nlohmann::ordered_json v);
/// A value held as `text`, which must be what jsonText() writes of the document it stands for.
nlohmann::ordered_json holdText(std::string_view text);
bool isHeldAsText(const nlohmann::ordered_json& v);
/// The document of a value held as text; any other value as it is.
nlohmann::ordered_json documentOf(nlohmann::ordered_json v);
/// Sets `key` of an object as operator[] does (a new key goes last), also of one held as text: a new key
/// is then appended to the text, which is what the document's text would become.
void setMember(nlohmann::ordered_json& object, const std::string& key, const nlohmann::ordered_json& value);

} // namespace terrain
