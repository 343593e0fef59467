#pragma once
// The model's text (UTF-8 strings and views of them) as Qt's, for the views.

#include <QString>

#include <string_view>

namespace terrain {

inline QString qs(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace terrain
