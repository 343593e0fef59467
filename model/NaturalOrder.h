#pragma once
// Keys in the order people expect: "I-2" before "I-10", "R-9" before "R-10". One comparison for the
// canonical JSON map, the ranking and the risk matrix, so every list of keys sorts the same way.

#include <string_view>

namespace terrain {

/// Runs of digits compare by value (leading zeros ignored), other bytes as unsigned; keys that are
/// still equal (they differ only in leading zeros) are ordered bytewise, so this is a total order.
bool naturalLess(std::string_view a, std::string_view b);

} // namespace terrain
