#pragma once
// Small helpers for JSON text shared by the canonical map (MapJson) and the importers: JSON pointers
// for messages, and a nesting check run before parsing so hostile input cannot exhaust the stack.

#include <cstddef>
#include <string>
#include <string_view>

namespace terrain {

/// "/resources/3" + "instances" → "/resources/3/instances" (RFC 6901: '~' → "~0", '/' → "~1").
std::string jsonPointer(const std::string& parent, std::string_view key);
std::string jsonPointer(const std::string& parent, std::size_t index);

/// Byte offset where bracket nesting first exceeds maxDepth (strings skipped), or npos.
std::size_t tooDeepAt(const std::string& text, int maxDepth);

} // namespace terrain
