#pragma once
// The one exception type of Terrain: a message a person can act on, naming the file, the place in it
// (line and column, or a JSON pointer) and what was expected.

#include <stdexcept>
#include <string>

namespace terrain {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message)
        : std::runtime_error(message) {}
    /// "FILE: PLACE: MESSAGE" (PLACE omitted when empty).
    Error(const std::string& file, const std::string& place, const std::string& message)
        : std::runtime_error(file + (place.empty() ? "" : ": " + place) + ": " + message) {}
};

} // namespace terrain
