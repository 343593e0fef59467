#include "CsvParser.h"

#include "AsciiChars.h"
#include "CloudResources.h"
#include "Error.h"
#include "HostRefs.h"
#include "Redaction.h"
#include "SourceText.h"

#include <algorithm>
#include <set>
#include <string_view>

namespace terrain {

namespace {

/// Header text compared loosely: "RESOURCE GROUP", "resource_group" and "Resource-Group" are one.
std::string norm(std::string_view s) {
    std::string out;
    for (char c : s)
        if (isAsciiAlnum(c))
            out += asciiLowerChar(c);
    return out;
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos)
        return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

struct FieldSpec {
    const char* field;
    std::vector<const char*> synonyms; // normalised
};

const std::vector<FieldSpec>& fieldSpecs() {
    static const std::vector<FieldSpec> specs = {
        {"id", {"id", "assetid", "identifier", "uid", "resourceid", "instanceid"}},
        {"name",
         {"name", "hostname", "host", "servername", "server", "system", "systemname", "service",
          "servicename", "asset", "assetname", "device", "devicename", "displayname", "title"}},
        {"kind", {"kind", "type", "assettype", "resourcetype", "category", "class", "role"}},
        {"environment", {"environment", "env", "stage", "tier"}},
        {"owner", {"owner", "team", "ownedby", "contact", "responsible", "maintainer"}},
        {"provider", {"provider", "cloud", "platform", "vendor", "hosting"}},
        {"depends_on", {"dependson", "dependencies", "dependency", "upstream", "requires", "uses", "calls"}},
        {"tags", {"tags", "labels"}},
        {"address",
         {"address", "ip", "ipaddr", "ipaddress", "ipv4", "fqdn", "dns", "dnsname", "url", "endpoint",
          "host"}},
        {"lifecycle", {"lifecycle"}},
        {"criticality", {"criticality", "businesscriticality", "importance", "priority"}},
        {"notes", {"notes", "note", "description", "comment", "comments"}},
        {"group", {"group", "resourcegroup", "project", "application", "app", "cluster"}},
    };
    return specs;
}

/// "env" → "environment", "type" → "kind", "ip" → "address": the field a spec word names.
std::string fieldFor(const std::string& word) {
    const std::string n = norm(word);
    for (const auto& f : fieldSpecs())
        if (norm(f.field) == n)
            return f.field;
    for (const auto& f : fieldSpecs())
        for (const char* s : f.synonyms)
            if (n == s)
                return f.field;
    return {};
}

bool isHostHeader(const std::string& normalised) {
    return normalised == "hostname" || normalised == "host" || normalised == "fqdn" ||
           normalised == "server" || normalised == "servername" || normalised == "dnsname" ||
           normalised == "device" || normalised == "devicename";
}

std::string kindFor(const std::string& text) {
    const std::string t = asciiLower(text);
    for (const auto& k : systemKinds())
        if (t == k)
            return k;
    auto any = [&](std::initializer_list<std::string_view> words) {
        return std::any_of(words.begin(), words.end(),
                           [&](std::string_view w) { return t.find(w) != std::string::npos; });
    };
    if (any({"database", "postgres", "mysql", "mariadb", "mongo", "sql", "oracle", "dynamodb", "rds"}) ||
        t == "db")
        return "database";
    if (any({"cache", "redis", "memcache"}))
        return "cache";
    if (any({"queue", "kafka", "rabbit", "sqs", "topic", "broker"}))
        return "queue";
    if (any({"storage", "bucket", "s3", "nas", "san", "disk", "volume", "blob"}))
        return "storage";
    if (any({"load balancer", "load-balancer", "loadbalancer", "proxy", "haproxy", "nginx", "cdn"}) ||
        t == "lb" || t == "alb" || t == "elb")
        return "load-balancer";
    if (any({"dns", "domain"}))
        return "dns";
    if (any({"function", "lambda", "serverless"}))
        return "function";
    if (any({"vault", "secret", "kms"}))
        return "secret-store";
    if (any({"monitor", "prometheus", "grafana", "logging"}))
        return "monitoring";
    if (any({"jenkins", "ci", "pipeline", "build"}))
        return "ci-cd";
    if (any({"network", "switch", "router", "firewall", "vpc", "subnet", "vlan"}))
        return "network";
    if (any({"server", "vm", "virtual machine", "host", "instance", "compute", "node", "machine", "ec2"}))
        return "compute";
    if (any({"service", "app", "api", "web", "microservice"}))
        return "service";
    if (any({"saas"}))
        return "saas";
    if (any({"script", "cron"}))
        return "script";
    return "other";
}

std::string lifecycleFor(const std::string& text) {
    const std::string t = asciiLower(trim(text));
    if (t == "keep" || t == "modernise" || t == "replace" || t == "retire")
        return t;
    if (t == "modernize")
        return "modernise";
    if (t == "deprecated" || t == "decommission" || t == "decommissioned" || t == "sunset")
        return "retire";
    if (t == "legacy")
        return "replace";
    return {};
}

/// One of criticalities() (low, medium, high, critical), as an inventory writes it; "" for other words
/// (P1, tier 2), which stay an attribute only.
std::string criticalityFor(const std::string& text) {
    const std::string t = asciiLower(trim(text));
    for (const auto& c : criticalities())
        if (t == c)
            return c;
    if (t == "med" || t == "moderate")
        return "medium";
    if (t == "crit" || t == "very high" || t == "mission critical" || t == "mission-critical" ||
        t == "business critical" || t == "business-critical")
        return "critical";
    return {};
}

// ---- RFC 4180 reading ----------------------------------------------------------------------------

struct Row {
    std::size_t line = 0; ///< 1-based line where the record starts
    std::vector<std::string> cells;
};

class Reader {
public:
    Reader(const std::string& text, const std::string& name, char delimiter)
        : m_text(text)
        , m_name(name)
        , m_delim(delimiter) {}

    /// Skips the line the reader is at (Excel's `sep=;` line).
    void skipLine() { advanceLine(lineEnd(m_pos)); }

    /// The next record, skipping blank and comment lines; false at the end.
    bool next(Row& row) {
        while (m_pos < m_text.size()) {
            // Blank lines and comment lines are only recognised at the start of a record.
            const std::size_t eol = lineEnd(m_pos);
            const std::string_view line(m_text.data() + m_pos, eol - m_pos);
            if (trim(line).empty() || line[0] == '#') {
                advanceLine(eol);
                continue;
            }
            row.line = m_line;
            row.cells.clear();
            readRecord(row.cells);
            return true;
        }
        return false;
    }

private:
    std::size_t lineEnd(std::size_t from) const {
        const auto nl = m_text.find('\n', from);
        return nl == std::string::npos ? m_text.size() : nl;
    }
    void advanceLine(std::size_t eol) {
        m_pos = eol < m_text.size() ? eol + 1 : eol;
        ++m_line;
    }
    void readRecord(std::vector<std::string>& cells) {
        std::string cell;
        bool quoted = false;    // inside quotes
        bool wasQuoted = false; // this cell started with a quote
        std::size_t cellLine = m_line, cellStart = m_pos;
        while (true) {
            if (m_pos >= m_text.size()) {
                if (quoted)
                    throw Error(m_name, lineColumn(m_text, cellStart),
                                "expected a closing quote for the cell that starts here (line " +
                                    std::to_string(cellLine) + "), found the end of the file");
                cells.push_back(wasQuoted ? cell : trim(cell));
                return;
            }
            const char c = m_text[m_pos];
            if (quoted) {
                if (c == '"') {
                    if (m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '"') {
                        cell += '"';
                        m_pos += 2;
                        continue;
                    }
                    quoted = false;
                    ++m_pos;
                    // After the closing quote: spaces, then a delimiter or the end of the record.
                    while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t') &&
                           m_text[m_pos] != m_delim)
                        ++m_pos;
                    if (m_pos < m_text.size() && m_text[m_pos] != m_delim && m_text[m_pos] != '\n' &&
                        m_text[m_pos] != '\r')
                        throw Error(m_name, lineColumn(m_text, m_pos),
                                    std::string("expected a delimiter '") +
                                        (m_delim == '\t' ? "\\t" : std::string(1, m_delim)) +
                                        "' or the end of the line after a quoted cell");
                    continue;
                }
                if (c == '\n')
                    ++m_line;
                cell += c;
                ++m_pos;
                continue;
            }
            if (c == '"' && trim(cell).empty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
                cell.clear();
                cellLine = m_line;
                cellStart = m_pos;
                ++m_pos;
                continue;
            }
            if (c == m_delim) {
                cells.push_back(wasQuoted ? cell : trim(cell));
                cell.clear();
                wasQuoted = false;
                ++m_pos;
                cellStart = m_pos;
                continue;
            }
            if (c == '\r' && (m_pos + 1 >= m_text.size() || m_text[m_pos + 1] == '\n')) {
                ++m_pos;
                continue;
            }
            if (c == '\n') {
                cells.push_back(wasQuoted ? cell : trim(cell));
                ++m_pos;
                ++m_line;
                return;
            }
            cell += c;
            ++m_pos;
        }
    }

    const std::string& m_text;
    const std::string& m_name;
    char m_delim;
    std::size_t m_pos = 0;
    std::size_t m_line = 1;
};

/// The delimiter Excel's first line `sep=;` names (it writes one, and reads it, to say a file's delimiter;
/// other writers quote it), and the length of that line with its line break; 0 where the text starts
/// otherwise.
std::pair<char, std::size_t> delimiterLine(std::string_view text) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    const std::size_t length = nl == std::string_view::npos ? text.size() : nl + 1;
    if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    if (line.size() == 7 && line.front() == '"' && line.back() == '"')
        line = line.substr(1, 5);
    if (line.size() != 5 || asciiLower(line.substr(0, 4)) != "sep=" || line[4] == '"')
        return {0, 0};
    return {line[4], length};
}

/// The delimiter of the header line: the candidate seen most often outside quotes (',' on a tie).
char sniffDelimiter(const std::string& text) {
    // The first line that is neither blank nor a comment.
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto nl = text.find('\n', pos);
        const std::size_t eol = nl == std::string::npos ? text.size() : nl;
        const std::string_view line(text.data() + pos, eol - pos);
        if (!trim(line).empty() && line[0] != '#') {
            std::size_t counts[4] = {0, 0, 0, 0};
            const char cands[4] = {',', ';', '\t', '|'};
            bool q = false;
            for (char c : line) {
                if (c == '"')
                    q = !q;
                for (int i = 0; i < 4; ++i)
                    if (!q && c == cands[i])
                        ++counts[i];
            }
            int best = 0;
            for (int i = 1; i < 4; ++i)
                if (counts[i] > counts[best])
                    best = i;
            return cands[best];
        }
        pos = eol + 1;
    }
    return ',';
}

std::vector<std::string> splitList(const std::string& cell, const std::string& separators) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : cell) {
        if (separators.find(c) != std::string::npos) {
            if (auto t = trim(cur); !t.empty())
                out.push_back(std::move(t));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (auto t = trim(cur); !t.empty())
        out.push_back(std::move(t));
    return out;
}

std::string fileStem(const std::string& name) {
    const auto dot = name.rfind('.');
    return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

} // namespace

// ---- CsvMapping ------------------------------------------------------------------------------------

const std::vector<std::string>& CsvMapping::fields() {
    static const std::vector<std::string> v = [] {
        std::vector<std::string> out;
        for (const auto& f : fieldSpecs())
            out.emplace_back(f.field);
        return out;
    }();
    return v;
}

CsvMapping CsvMapping::fromSpec(const std::string& spec) {
    CsvMapping m;
    // Split on ',' — but "delimiter=," names the comma itself.
    std::vector<std::string> parts;
    std::string cur;
    for (std::size_t i = 0; i < spec.size(); ++i) {
        const char c = spec[i];
        if (c == ',' && !(asciiLower(trim(cur)) == "delimiter=" || asciiLower(trim(cur)) == "separator=")) {
            parts.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    parts.push_back(cur);
    auto fail = [&](const std::string& part, const std::string& what) {
        std::string fields;
        for (const auto& f : CsvMapping::fields())
            fields += (fields.empty() ? "" : ", ") + f;
        throw Error("--csv-map", "\"" + part + "\"",
                    what + " (fields: " + fields + ", delimiter, separator)");
    };
    for (const auto& raw : parts) {
        const std::string part = trim(raw);
        if (part.empty())
            continue;
        const auto eq = part.find('=');
        if (eq == std::string::npos || eq == 0)
            fail(part, "expected FIELD=COLUMN");
        const std::string key = asciiLower(trim(part.substr(0, eq)));
        const std::string value = part.substr(eq + 1); // not trimmed: "delimiter= " is not useful anyway
        if (key == "delimiter") {
            const std::string v = asciiLower(trim(value));
            if (v == "comma" || value == ",")
                m.delimiter = ',';
            else if (v == "semicolon" || value == ";")
                m.delimiter = ';';
            else if (v == "tab" || v == "\\t" || value == "\t")
                m.delimiter = '\t';
            else if (v == "pipe" || value == "|")
                m.delimiter = '|';
            else if (value.size() == 1 && value[0] != '"' && value[0] != '\n' && value[0] != '\r')
                m.delimiter = value[0];
            else
                fail(part, "expected one delimiter character, or comma, semicolon, tab or pipe");
            continue;
        }
        if (key == "separator" || key == "depends_on_separator" || key == "depends-on-separator") {
            if (value.empty() || value.size() > 8)
                fail(part, "expected the characters that separate names in depends_on cells");
            m.dependsOnSeparators = value == "\\t" ? std::string("\t") : value;
            continue;
        }
        const std::string field = fieldFor(key);
        if (field.empty())
            fail(part, "expected a known field before '='");
        const std::string column = trim(value);
        if (column.empty())
            fail(part, "expected a column name after '='");
        m.columns[field] = column;
    }
    return m;
}

// ---- CsvParser -------------------------------------------------------------------------------------

std::string CsvParser::description() const {
    return "CSV inventory with a header row (id, name, type, environment, owner, depends_on, ...)";
}

namespace {

/// Which column of a header row feeds which field: the mapping's columns, then each field's synonyms.
struct Columns {
    std::vector<std::string> headers;    ///< as written ("column 3" for an empty one)
    std::vector<std::string> normalised; ///< norm() of each
    std::map<std::string, std::size_t> col;
    std::string missingMapped; ///< the error where a column the mapping names is not there

    bool namesRows() const { return col.count("id") || col.count("name"); }
};

/// A reader of `text` at its header row: a UTF-8 BOM left in the text dropped, the delimiter the mapping's,
/// else Excel's `sep=;` line's (which is no row), else sniffed. (Windows PowerShell 5.1's Export-Csv first
/// line, #TYPE System.Management.Automation.PSCustomObject, is a comment line anyway.)
Reader readerAtHeader(std::string& text, const std::string& name, const CsvMapping& mapping) {
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0)
        text.erase(0, 3);
    const char hinted = delimiterLine(text).first;
    Reader reader(text, name, mapping.delimiter ? mapping.delimiter : hinted ? hinted : sniffDelimiter(text));
    if (hinted)
        reader.skipLine();
    return reader;
}

std::string headerList(const std::vector<std::string>& headers) {
    std::string list;
    for (const auto& h : headers)
        list += (list.empty() ? "" : ", ") + h;
    return list;
}

std::string noNameColumn(const std::vector<std::string>& headers) {
    return "expected a column naming each row (id, name, hostname, host...) in the header: " +
           headerList(headers) + " (or map one with --csv-map name=COLUMN)";
}

Columns columnsOf(const Row& header, const CsvMapping& mapping) {
    Columns c;
    c.headers = header.cells;
    for (std::size_t i = 0; i < c.headers.size(); ++i) {
        if (c.headers[i].empty())
            c.headers[i] = "column " + std::to_string(i + 1);
        c.normalised.push_back(norm(c.headers[i]));
    }
    std::set<std::size_t> used;
    for (const auto& [field, column] : mapping.columns) {
        const auto it = std::find(c.normalised.begin(), c.normalised.end(), norm(column));
        if (it == c.normalised.end()) {
            c.missingMapped = "expected a column \"" + column + "\" (mapped to " + field +
                              ") in the header: " + headerList(c.headers);
            return c;
        }
        c.col[field] = static_cast<std::size_t>(it - c.normalised.begin());
        used.insert(c.col[field]);
    }
    for (const auto& spec : fieldSpecs()) {
        if (c.col.count(spec.field))
            continue;
        for (const char* syn : spec.synonyms) {
            const auto it = std::find(c.normalised.begin(), c.normalised.end(), syn);
            if (it == c.normalised.end())
                continue;
            const auto at = static_cast<std::size_t>(it - c.normalised.begin());
            if (used.count(at))
                continue;
            c.col[spec.field] = at;
            used.insert(at);
            break;
        }
    }
    return c;
}

} // namespace

int CsvParser::sniff(const std::string& fileName, const std::string& text) const {
    const std::string l = asciiLower(fileName);
    const bool csvName =
        (l.size() > 4 && (l.substr(l.size() - 4) == ".csv" || l.substr(l.size() - 4) == ".tsv"));
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && (text[first] == '{' || text[first] == '['))
        return csvName ? 20 : 0;
    if (csvName)
        return 80;
    // No .csv name: a header line and rows with the same number of delimiters (after Excel's `sep=;`
    // line, which names the delimiter).
    const auto [hinted, hintLength] = delimiterLine(text);
    std::vector<std::string> lines;
    std::size_t pos = hintLength;
    while (pos < text.size() && lines.size() < 6) {
        const auto nl = text.find('\n', pos);
        const std::size_t eol = nl == std::string::npos ? text.size() : nl;
        std::string line = text.substr(pos, eol - pos);
        if (!trim(line).empty() && line[0] != '#')
            lines.push_back(std::move(line));
        pos = eol + 1;
    }
    if (lines.size() < 2)
        return 0;
    const char d = hinted ? hinted : sniffDelimiter(text);
    const auto count = [&](const std::string& s) { return std::count(s.begin(), s.end(), d); };
    const auto n = count(lines[0]);
    if (n == 0 || lines[0].find(": ") != std::string::npos || lines[0].find('=') != std::string::npos)
        return 0;
    for (const auto& line : lines)
        if (count(line) != n)
            return 0;
    // A header that names an inventory's columns (Excel's "Unicode Text" is a .txt file, tab separated):
    // a name or an id, and another known column.
    std::set<std::string> fields;
    std::string cellText;
    for (char c : lines[0] + d) {
        if (c != d) {
            cellText += c;
            continue;
        }
        std::string header = trim(cellText);
        if (header.size() >= 2 && header.front() == '"' && header.back() == '"')
            header = header.substr(1, header.size() - 2);
        if (const std::string f = fieldFor(header); !f.empty())
            fields.insert(f);
        cellText.clear();
    }
    if (fields.size() >= 2 && (fields.count("name") || fields.count("id")))
        return 70;
    return 25;
}

std::optional<std::string> CsvParser::notAnInput(const std::string& fileName, const std::string& text,
                                                 const ParseOptions& options) const {
    if (text.find('\n') == std::string::npos)
        return std::nullopt; // the header may go on past what was sniffed
    const CsvMapping mapping = options.csvMap.empty() ? m_mapping : CsvMapping::fromSpec(options.csvMap);
    std::string t = text;
    Reader reader = readerAtHeader(t, fileName, mapping);
    Row header;
    try {
        if (!reader.next(header))
            return std::nullopt;
    } catch (const Error&) {
        return std::nullopt; // parse() says what is wrong with it
    }
    const Columns columns = columnsOf(header, mapping);
    if (!columns.missingMapped.empty() || columns.namesRows())
        return std::nullopt;
    return "a table with no column naming each row (id, name, hostname, host...), not an inventory: " +
           headerList(columns.headers) + " (named, with --csv-map name=COLUMN, it is imported)";
}

Discovery CsvParser::parse(const SourceText& src, const ParseOptions& options) const {
    // The mapping of the command line or the import dialog, else the one this parser was made with.
    const CsvMapping mapping = options.csvMap.empty() ? m_mapping : CsvMapping::fromSpec(options.csvMap);
    std::string text = src.text;
    Reader reader = readerAtHeader(text, src.name, mapping);

    Row header;
    if (!reader.next(header))
        throw Error(src.name, "line 1", "expected a header row (id, name, type, ...), found no rows");
    const Columns columns = columnsOf(header, mapping);
    const std::string at = "line " + std::to_string(header.line);
    if (!columns.missingMapped.empty())
        throw Error(src.name, at, columns.missingMapped);
    if (!columns.namesRows())
        throw Error(src.name, at, noNameColumn(columns.headers));
    const std::vector<std::string>& headers = columns.headers;
    const std::vector<std::string>& normalised = columns.normalised;
    std::map<std::string, std::size_t> col = columns.col;
    std::set<std::size_t> used; // the columns fields take; the others are kept as attributes
    for (const auto& [field, column] : col)
        used.insert(column);
    const bool nameIsHost = col.count("name") && isHostHeader(normalised[col["name"]]);

    Discovery d;
    d.format = "csv";
    d.file = src.name;
    d.scope = sourceScope("csv", src.path, src.name);
    d.legacyScope = "csv:" + src.name;
    d.contentHash = src.sha256;
    if (!src.fallbackEncoding.empty())
        d.warnings.push_back("not UTF-8: read as " + src.fallbackEncoding +
                             ", in which Excel saves \"CSV (Comma delimited)\" (save it as \"CSV UTF-8\" "
                             "if its accents look wrong)");
    const std::string stem = fileStem(src.name);
    // (a row's key is "csv:<stem>/<id>", an external system's "csv:external/<host>": fileKeyPrefix())

    // A list in one cell: the delimiter in it too (it can be there only in a quoted cell, where it
    // separates the list's items: "api, cdn" in a comma-separated file), and line breaks (Alt+Enter in a
    // spreadsheet cell).
    const std::string separators =
        mapping.dependsOnSeparators.empty() ? std::string(";|,\r\n") : mapping.dependsOnSeparators;

    struct Pending {
        std::string key;
        std::vector<std::string> names;
        std::string header;
    };
    std::vector<Pending> pending;
    std::map<std::string, std::string> byId, byName; // lower-cased id / name → key
    std::set<std::string> ambiguousNames;

    auto cell = [&](const Row& r, const char* field) -> std::string {
        const auto it = col.find(field);
        return it == col.end() ? std::string() : r.cells[it->second];
    };

    Row row;
    while (reader.next(row)) {
        if (row.cells.size() != headers.size()) {
            // A trailing empty cell from a trailing delimiter is forgiven.
            if (!(row.cells.size() == headers.size() + 1 && row.cells.back().empty()))
                throw Error(src.name, "line " + std::to_string(row.line),
                            "expected " + std::to_string(headers.size()) +
                                " cells (as in the header), found " + std::to_string(row.cells.size()));
            row.cells.pop_back();
        }
        const std::string id = cell(row, "id");
        const std::string name = cell(row, "name");
        if (id.empty() && name.empty()) {
            d.warnings.push_back("line " + std::to_string(row.line) + ": no id or name; row left out");
            ++d.skipped;
            continue;
        }
        const std::string ident = id.empty() ? name : id;
        DiscoveredSystem s;
        s.key = "csv:" + stem + "/" + ident;
        // Each part of the key on its own: an id that is a path (an Azure resource id) is judged by its
        // segments, which "csv:<stem>/" before it would hide.
        if (looksLikeSecret(ident) || looksLikeSecret(stem) || (!name.empty() && looksLikeSecret(name))) {
            d.warnings.push_back("line " + std::to_string(row.line) +
                                 ": the row's id or name looks like a secret; row left out");
            ++d.skipped;
            continue;
        }
        if (byId.count(asciiLower(ident))) {
            d.warnings.push_back("line " + std::to_string(row.line) + ": " + ident +
                                 " is listed again; the first row is kept");
            ++d.skipped;
            continue;
        }
        byId[asciiLower(ident)] = s.key;
        if (!name.empty()) {
            if (byName.count(asciiLower(name)) && byName[asciiLower(name)] != s.key)
                ambiguousNames.insert(asciiLower(name));
            byName[asciiLower(name)] = s.key;
        }
        s.name = name.empty() ? id : name;
        s.address = ident;
        const std::string kindText = cell(row, "kind");
        s.kind = kindText.empty() ? "other" : kindFor(kindText);
        s.environment = safeValue("environment", cell(row, "environment")).value_or("");
        s.owner = safeValue("owner", cell(row, "owner")).value_or("");
        s.provider = asciiLower(safeValue("provider", cell(row, "provider")).value_or(""));
        s.group = safeValue("group", cell(row, "group")).value_or("");
        s.lifecycle = lifecycleFor(cell(row, "lifecycle"));
        // A person's fields, which the inventory's word fills while they are empty (planMerge()); the
        // attributes below keep what it says.
        s.criticality = criticalityFor(cell(row, "criticality"));
        s.notes = safeValue("notes", cell(row, "notes")).value_or("");
        for (const auto& t : splitList(cell(row, "tags"), separators))
            if (auto v = safeValue("tag", t))
                s.tags.push_back(*v);

        json attrs = json::object();
        if (!kindText.empty() && s.kind != asciiLower(kindText))
            attrs["type"] = kindText;
        if (const std::string c = cell(row, "criticality"); !c.empty())
            attrs["criticality"] = asciiLower(c);
        if (const std::string n = cell(row, "notes"); !n.empty())
            attrs["notes"] = n;
        if (const std::string a = cell(row, "address"); !a.empty())
            attrs["address"] = a;
        if (const std::string lc = cell(row, "lifecycle"); !lc.empty() && s.lifecycle.empty())
            attrs["lifecycle_note"] = lc;
        for (std::size_t i = 0; i < headers.size(); ++i)
            if (!used.count(i) && !row.cells[i].empty())
                attrs[headers[i]] = row.cells[i];
        s.attributes = safeAttributes(attrs);

        // Identifiers: the address, a host-like name, a cloud id.
        auto identify = [&](const std::string& v) {
            std::string x = asciiLower(trim(stripUrlCredentials(v)));
            if (const auto scheme = x.find("://"); scheme != std::string::npos) {
                x = x.substr(scheme + 3);
                x = x.substr(0, x.find_first_of("/:?#"));
            }
            if (x.empty() || x.size() > 253 || x.find(' ') != std::string::npos || !safeValue("address", x))
                return;
            if (std::find(s.identifiers.begin(), s.identifiers.end(), x) == s.identifiers.end())
                s.identifiers.push_back(x);
        };
        if (const std::string a = cell(row, "address"); !a.empty())
            for (const auto& part : splitList(a, ";| "))
                identify(part);
        if (nameIsHost && !name.empty())
            identify(name);
        // (An AWS id ends in a letter as often as in a digit: i-0fedcba9876543abc.)
        if (!id.empty() && (id.rfind("arn:", 0) == 0 || id.rfind("/subscriptions/", 0) == 0 || isAwsId(id) ||
                            (id.find('-') != std::string::npos && id.find(' ') == std::string::npos &&
                             isAsciiDigit(id.back()) && id.size() >= 10)))
            if (safeValue("id", id) &&
                std::find(s.identifiers.begin(), s.identifiers.end(), id) == s.identifiers.end())
                s.identifiers.push_back(id);

        if (const std::string deps = cell(row, "depends_on"); !deps.empty())
            pending.push_back({s.key, splitList(deps, separators), headers[col["depends_on"]]});
        d.systems.push_back(std::move(s));
    }

    // A name no row has that is a host name or a URL (stripe.com, https://api.partner.io/v2) is a system
    // outside the inventory: an external one, flagged, which another source's system with that host joins.
    std::set<std::string> externals;
    auto external = [&](const std::string& name) -> std::string {
        const auto refs = hostRefs("", name);
        if (refs.size() != 1 ||
            (refs[0].form != HostRef::Form::Dotted && refs[0].form != HostRef::Form::Url) ||
            refs[0].host.find('.') == std::string::npos || !safeValue("host", refs[0].host))
            return {};
        const std::string& host = refs[0].host;
        const std::string key = "csv:external/" + host;
        if (externals.insert(key).second)
            d.systems.push_back(externalHostSystem(key, host));
        return key;
    };
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& p : pending)
        for (const auto& n : p.names) {
            const std::string l = asciiLower(n);
            std::string to;
            if (const auto it = byId.find(l); it != byId.end())
                to = it->second;
            else if (const auto nt = byName.find(l); nt != byName.end()) {
                to = nt->second;
                if (ambiguousNames.count(l))
                    d.warnings.push_back(p.key + ": " + n + " names several rows; the last one is used");
            }
            const auto said = safeValue("depends_on", n); // the name as written, where it is safe to keep
            if (to.empty())
                to = external(n);
            if (to.empty() && said)
                to = *said; // another source's system, by identifier
            if (to.empty() || to == p.key || !seen.emplace(p.key, to).second)
                continue;
            // The name, or the host alone where the name holds more than is safe to keep.
            d.edges.push_back(
                {p.key, to, "depends-on", p.header + ": " + (said ? *said : to.substr(to.find('/') + 1))});
        }
    return d;
}

std::string CsvParser::fileKeyPrefix(const std::string& key) const {
    if (!key.starts_with("csv:") || key.starts_with("csv:external/"))
        return {};
    const auto slash = key.find('/', 4);
    return slash == std::string::npos ? std::string() : key.substr(0, slash + 1);
}

} // namespace terrain
