#pragma once
// Escaping for the document exports (roadmap, report, Backstage catalog): every string from the map goes
// through one of these before it reaches HTML, CSV, Markdown or YAML, so a hostile name (`<script>`,
// `=cmd|' /C calc'!A0`, quotes, line breaks) stays text.

#include <string>
#include <vector>

namespace terrain {

/// `text` for HTML element content and double-quoted attribute values: & < > " ' as entities, control
/// characters other than line breaks and tabs dropped, invalid UTF-8 replaced.
std::string htmlEscape(const std::string& text);

/// One CSV cell (RFC 4180): quoted when it holds a comma, quote, CR or LF (quotes doubled); a cell whose
/// first non-blank character is = + - @ or that starts with a tab or CR is prefixed with ' so that no
/// spreadsheet reads it as a formula (OWASP "CSV injection"). Invalid UTF-8 replaced.
std::string csvCell(const std::string& text);
/// A CSV record of csvCell()s, ended by CRLF.
std::string csvRow(const std::vector<std::string>& cells);

/// `text` as inline Markdown that renders as exactly that text: Markdown punctuation backslash-escaped,
/// & < > as entities, line breaks and tabs as spaces (so it can sit in a table cell or a list item).
std::string markdownText(const std::string& text);

} // namespace terrain
