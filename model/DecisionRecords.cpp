#include "DecisionRecords.h"

#include "Error.h"
#include "Project.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>

namespace terrain {

namespace {

constexpr size_t kMaxSlug = 60;
constexpr qint64 kMaxRecordBytes = 4 * 1024 * 1024;
constexpr const char* kMarker = "<!-- terrain-decision: ";

// ---------------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------------

std::string trim(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t'))
        ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        --e;
    return s.substr(b, e - b);
}

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> lines;
    std::string cur;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\r') {
            if (i + 1 < text.size() && text[i + 1] == '\n')
                continue;
            lines.push_back(cur);
            cur.clear();
        } else if (c == '\n') {
            lines.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty())
        lines.push_back(cur);
    return lines;
}

/// One line: line breaks, tabs and other control characters become spaces; trimmed.
std::string singleLine(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s)
        out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    return trim(out);
}

bool isBlank(const std::string& s) {
    return trim(s).empty();
}

/// Joins lines, dropping blank lines at both ends and trailing spaces of the last line.
std::string joinBlock(const std::vector<std::string>& lines, size_t from, size_t to) {
    while (from < to && isBlank(lines[from]))
        ++from;
    while (to > from && isBlank(lines[to - 1]))
        --to;
    std::string out;
    for (size_t i = from; i < to; ++i) {
        if (i > from)
            out += '\n';
        out += lines[i];
    }
    return out;
}

bool isProConLine(const std::string& line) {
    static const std::regex re(R"(^\\*[*-] (Good|Bad|Neutral), because)");
    return std::regex_search(line, re);
}

bool needsEscape(const std::string& line, bool optionText) {
    size_t i = 0;
    while (i < line.size() && line[i] == '\\')
        ++i;
    if (i < line.size() && line[i] == '#')
        return true;
    if (line.rfind(kMarker, i) == i)
        return true;
    return optionText && isProConLine(line);
}

/// Free text as a Markdown block: blank lines at the ends dropped; a line that would read as a
/// heading (or, in an option, as a pro/con bullet) gets one more leading backslash, which
/// unescapeBlock() takes away again.
std::string escapeBlock(const std::string& text, bool optionText = false) {
    const auto lines = splitLines(text);
    std::vector<std::string> out;
    for (const auto& l : lines) {
        std::string line = l;
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t'))
            line.pop_back();
        for (char& c : line)
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t')
                c = ' ';
        out.push_back(needsEscape(line, optionText) ? "\\" + line : line);
    }
    return joinBlock(out, 0, out.size());
}

std::string unescapeBlock(const std::string& text, bool optionText = false) {
    auto lines = splitLines(text);
    std::string out;
    for (size_t i = 0; i < lines.size(); ++i) {
        std::string& l = lines[i];
        if (!l.empty() && l[0] == '\\' && needsEscape(l.substr(1), optionText))
            l.erase(0, 1);
        if (i)
            out += '\n';
        out += l;
    }
    return out;
}

std::string pad4(int n) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d", n);
    return buf;
}

std::string capitalized(std::string s) {
    if (!s.empty())
        s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

std::string joinDeciders(const std::vector<std::string>& deciders) {
    std::string s;
    for (const auto& d : deciders) {
        const std::string one = singleLine(d);
        if (one.empty())
            continue;
        s += (s.empty() ? "" : ", ") + one;
    }
    return s;
}

std::vector<std::string> splitDeciders(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s + ",") {
        if (c == ',') {
            if (auto t = trim(cur); !t.empty())
                out.push_back(t);
            cur.clear();
        } else {
            cur += c;
        }
    }
    return out;
}

/// A YAML scalar: plain when it is simple, else double-quoted (JSON escapes are YAML escapes).
std::string yamlScalar(const std::string& s) {
    bool plain = !s.empty() && std::isalnum(static_cast<unsigned char>(s[0]));
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == '.' || c == '_' || c == '-' ||
              c == '/' || c == ','))
            plain = false;
    if (plain && s.back() != ' ')
        return s;
    return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string yamlValue(const std::string& raw, const std::string& path, size_t line) {
    std::string v = trim(raw);
    if (v.size() >= 2 && v.front() == '"') {
        try {
            const json j = json::parse(v);
            if (j.is_string())
                return j.get<std::string>();
        } catch (const json::exception&) {
        }
        throw Error(path, "line " + std::to_string(line), "expected a double-quoted YAML string, found " + v);
    }
    if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') {
        std::string out;
        for (size_t i = 1; i + 1 < v.size(); ++i) {
            out += v[i];
            if (v[i] == '\'' && i + 2 < v.size() && v[i + 1] == '\'')
                ++i;
        }
        return out;
    }
    if (auto hash = v.find(" #"); hash != std::string::npos)
        v = trim(v.substr(0, hash));
    return v;
}

bool validUtf8(const std::string& s, size_t& badOffset) {
    size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        int n = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xe ? 2 : (c >> 3) == 0x1e ? 3 : -1;
        if (n < 0 || (n == 1 && c < 0xc2) || i + static_cast<size_t>(n) >= s.size() + (n == 0 ? 1 : 0)) {
            badOffset = i;
            return false;
        }
        for (int k = 1; k <= n; ++k)
            if ((static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) >> 6) != 0x2) {
                badOffset = i;
                return false;
            }
        if (s[i] == '\0') {
            badOffset = i;
            return false;
        }
        i += static_cast<size_t>(n) + 1;
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

struct RenderContext {
    const std::vector<DecisionRecord>& records;
    std::vector<std::string> names;
    std::map<int, size_t> byNumber;
    AdrLayout layout;

    RenderContext(const std::vector<DecisionRecord>& r, AdrLayout l)
        : records(r)
        , names(decisionFileNames(r, l))
        , layout(l) {
        for (size_t i = 0; i < r.size(); ++i)
            byNumber.emplace(r[i].number, i);
    }

    /// "[3. Title](0003-title.md)", "[ADR-0003](0003-title.md)", "[20240501-title](20240501-title.md)".
    std::string link(int number) const {
        auto it = byNumber.find(number);
        if (it == byNumber.end())
            return "[ADR-" + pad4(number) + "](" + pad4(number) + ".md)";
        const std::string& name = names[it->second];
        switch (layout) {
        case AdrLayout::AdrTools:
            return "[" + std::to_string(number) + ". " + singleLine(records[it->second].title) + "](" + name +
                   ")";
        case AdrLayout::Madr:
            return "[ADR-" + pad4(number) + "](" + name + ")";
        case AdrLayout::Log4brains:
            return "[" + name.substr(0, name.size() - 3) + "](" + name + ")";
        }
        return {};
    }

    std::vector<int> supersededBy(int number) const {
        std::vector<int> out;
        for (const auto& r : records)
            if (r.supersedes == number)
                out.push_back(r.number);
        return out;
    }
    std::vector<int> amendedBy(int number) const {
        std::vector<int> out;
        for (const auto& r : records)
            if (std::find(r.amends.begin(), r.amends.end(), number) != r.amends.end())
                out.push_back(r.number);
        return out;
    }
};

std::string linkItem(const DecisionLink& l) {
    std::string s = l.kind + " `" + singleLine(l.key) + "`";
    if (const std::string t = singleLine(l.title); !t.empty())
        s += " — " + t;
    return s;
}

bool optionHasDetails(const DecisionOption& o) {
    return !isBlank(o.description) || !o.pros.empty() || !o.cons.empty();
}

std::string optionsSections(const DecisionRecord& r, const char* bullet) {
    std::string s;
    if (r.options.empty())
        return s;
    s += "## Considered Options\n\n";
    for (const auto& o : r.options)
        s += std::string(bullet) + " " + singleLine(o.title) + "\n";
    s += "\n";
    return s;
}

std::string prosAndCons(const DecisionRecord& r, const char* bullet) {
    if (std::none_of(r.options.begin(), r.options.end(), optionHasDetails))
        return {};
    std::string s = "## Pros and Cons of the Options\n\n";
    for (const auto& o : r.options) {
        s += "### " + singleLine(o.title) + "\n\n";
        if (const std::string d = escapeBlock(o.description, true); !d.empty())
            s += d + "\n\n";
        for (const auto& p : o.pros)
            s += std::string(bullet) + " Good, because " + singleLine(p) + "\n";
        for (const auto& c : o.cons)
            s += std::string(bullet) + " Bad, because " + singleLine(c) + "\n";
        if (!o.pros.empty() || !o.cons.empty())
            s += "\n";
    }
    return s;
}

std::string section(const std::string& heading, const std::string& body) {
    const std::string b = escapeBlock(body);
    return "## " + heading + "\n\n" + (b.empty() ? "" : b + "\n\n");
}

std::string renderAdrTools(const RenderContext& ctx, const DecisionRecord& r) {
    std::string s =
        "# " + std::to_string(r.number) + ". " + singleLine(r.title) + "\n\nDate: " + singleLine(r.date);
    while (!s.empty() && s.back() == ' ')
        s.pop_back();
    s += "\n";
    if (const std::string d = joinDeciders(r.deciders); !d.empty())
        s += "\nDeciders: " + d + "\n"; // a paragraph of its own, as "Date:" is
    s += "\n## Status\n\n";
    const auto by = ctx.supersededBy(r.number);
    std::vector<std::string> lines;
    if (!(r.status == "superseded" && !by.empty()))
        lines.push_back(capitalized(r.status));
    if (r.supersedes)
        lines.push_back("Supersedes " + ctx.link(*r.supersedes));
    for (int n : by)
        lines.push_back("Superseded by " + ctx.link(n));
    for (int n : r.amends)
        lines.push_back("Amends " + ctx.link(n));
    for (int n : ctx.amendedBy(r.number))
        lines.push_back("Amended by " + ctx.link(n));
    for (const auto& l : lines)
        s += l + "\n\n";
    s += section("Context", r.context);
    s += optionsSections(r, "*");
    s += section("Decision", r.outcome);
    s += section("Consequences", r.consequences);
    s += prosAndCons(r, "*");
    if (!r.links.empty()) {
        s += "## Related\n\n";
        for (const auto& l : r.links)
            s += "* " + linkItem(l) + "\n";
        s += "\n";
    }
    s.pop_back(); // one newline at the end
    return s;
}

std::string renderMadrBody(const RenderContext& ctx, const DecisionRecord& r, const char* bullet,
                           const char* linksHeading) {
    std::string s;
    s += section("Context and Problem Statement", r.context);
    s += optionsSections(r, bullet);
    s += "## Decision Outcome\n\n";
    if (const std::string o = escapeBlock(r.outcome); !o.empty())
        s += o + "\n\n";
    if (const std::string c = escapeBlock(r.consequences); !c.empty())
        s += "### Consequences\n\n" + c + "\n\n";
    s += prosAndCons(r, bullet);
    std::vector<std::string> more;
    if (r.supersedes)
        more.push_back("Supersedes " + ctx.link(*r.supersedes));
    if (ctx.layout == AdrLayout::Log4brains) {
        // MADR says "superseded by" in the status; log4brains' status holds one link, the rest go here.
        const auto by = ctx.supersededBy(r.number);
        for (size_t i = 1; i < by.size(); ++i)
            more.push_back("Superseded by " + ctx.link(by[i]));
    }
    for (int n : r.amends)
        more.push_back("Amends " + ctx.link(n));
    for (int n : ctx.amendedBy(r.number))
        more.push_back("Amended by " + ctx.link(n));
    for (const auto& l : r.links)
        more.push_back(linkItem(l));
    if (!more.empty()) {
        s += std::string("## ") + linksHeading + "\n\n";
        for (const auto& m : more)
            s += std::string(bullet) + " " + m + "\n";
        s += "\n";
    }
    return s;
}

std::string madrStatus(const RenderContext& ctx, const DecisionRecord& r) {
    const auto by = ctx.supersededBy(r.number);
    if (r.status == "superseded" && !by.empty())
        return "superseded by " + ctx.link(by.front());
    return r.status;
}

std::string renderMadr(const RenderContext& ctx, const DecisionRecord& r) {
    std::string s = "---\nstatus: " + yamlScalar(madrStatus(ctx, r)) + "\n";
    if (const std::string d = singleLine(r.date); !d.empty())
        s += "date: " + yamlScalar(d) + "\n";
    if (const std::string d = joinDeciders(r.deciders); !d.empty())
        s += "decision-makers: " + yamlScalar(d) + "\n";
    s += "---\n\n# " + singleLine(r.title) + "\n\n";
    s += renderMadrBody(ctx, r, "*", "More Information");
    s.pop_back();
    return s;
}

std::string renderLog4brains(const RenderContext& ctx, const DecisionRecord& r) {
    std::string s = "# " + singleLine(r.title) + "\n\n- Status: " + madrStatus(ctx, r) + "\n";
    if (const std::string d = joinDeciders(r.deciders); !d.empty())
        s += "- Deciders: " + d + "\n";
    if (const std::string d = singleLine(r.date); !d.empty())
        s += "- Date: " + d + "\n";
    s += "\n" + renderMadrBody(ctx, r, "-", "Links");
    s += std::string(kMarker) + std::to_string(r.number) + " -->\n";
    return s;
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

struct Section {
    std::string name; ///< lower case, without trailing comments
    size_t line = 0;  ///< 1-based line of the heading
    size_t begin = 0, end = 0;
};

std::string headingName(const std::string& text) {
    std::string t = text;
    if (auto c = t.find("<!--"); c != std::string::npos)
        t = t.substr(0, c);
    return lower(trim(t));
}

struct Parser {
    const std::string& path;
    AdrLayout layout;
    std::vector<std::string>* warnings;
    std::vector<std::string> lines;
    DecisionRecord r;
    std::map<std::string, std::string> frontMatter;
    std::vector<std::pair<std::string, size_t>> linkLines; ///< (line, line number)

    void warn(size_t line, const std::string& what) {
        if (warnings)
            warnings->push_back(path + ": line " + std::to_string(line) + ": " + what);
    }
    [[noreturn]] void fail(size_t line, const std::string& what) {
        throw Error(path, "line " + std::to_string(line), what);
    }

    std::string block(const Section& s) const { return joinBlock(lines, s.begin, s.end); }

    void setStatus(const std::string& raw, size_t line) {
        const std::string v = lower(trim(raw));
        if (v.rfind("superseded", 0) == 0 || v.rfind("superceded", 0) == 0) {
            r.status = "superseded"; // "superseded by [..](..)": the newer record says what it supersedes
            return;
        }
        const auto& vocab = decisionStatuses();
        if (std::find(vocab.begin(), vocab.end(), v) != vocab.end()) {
            r.status = v;
            return;
        }
        r.status = "proposed";
        warn(line, "status \"" + trim(raw) +
                       "\" is not one of proposed, accepted, rejected, deprecated, "
                       "superseded; read as proposed");
    }

    void parseOptions(const Section* list, const Section* details) {
        if (list)
            for (size_t i = list->begin; i < list->end; ++i) {
                const std::string t = trim(lines[i]);
                if (t.size() > 2 && (t[0] == '*' || t[0] == '-') && t[1] == ' ')
                    r.options.push_back({trim(t.substr(2)), "", {}, {}});
            }
        if (!details)
            return;
        std::vector<bool> filled(r.options.size(), false);
        size_t i = details->begin;
        while (i < details->end) {
            if (lines[i].rfind("### ", 0) != 0) {
                ++i;
                continue;
            }
            const std::string title = trim(lines[i].substr(4));
            size_t j = i + 1;
            while (j < details->end && lines[j].rfind("### ", 0) != 0)
                ++j;
            DecisionOption o{title, "", {}, {}};
            std::vector<std::string> desc;
            static const std::regex pc(R"(^[*-] (Good|Bad|Neutral), because (.*)$)");
            for (size_t k = i + 1; k < j; ++k) {
                std::smatch m;
                if (std::regex_match(lines[k], m, pc) && m[1] != "Neutral")
                    (m[1] == "Good" ? o.pros : o.cons).push_back(trim(m[2]));
                else
                    desc.push_back(lines[k]);
            }
            o.description = unescapeBlock(joinBlock(desc, 0, desc.size()), true);
            bool placed = false;
            for (size_t n = 0; n < r.options.size() && !placed; ++n)
                if (!filled[n] && r.options[n].title == title) {
                    r.options[n] = o;
                    filled[n] = true;
                    placed = true;
                }
            if (!placed) {
                r.options.push_back(o);
                filled.push_back(true);
            }
            i = j;
        }
    }

    /// Link lines and related items of a "Related" / "More Information" / "Links" section.
    void parseLinks(const Section& s, bool itemsAllowed) {
        static const std::regex item(R"(^[*-] (Initiative|Risk|Area|System) `([^`]*)`.*$)");
        static const std::regex linkRe(
            R"(^(?:[*-] )?(Supercedes|Supersedes|Superceded by|Superseded by|Amends|Amended by) \[.*\]\(([^)]*)\)\s*$)");
        for (size_t i = s.begin; i < s.end; ++i) {
            const std::string l = trim(lines[i]);
            if (l.empty())
                continue;
            std::smatch m;
            if (itemsAllowed && std::regex_match(l, m, item)) {
                r.links.push_back({m[1], m[2], ""});
                r.hasLinks = true;
            } else if (std::regex_match(l, m, linkRe)) {
                linkLines.push_back({l, i + 1});
            } else {
                warn(i + 1, "\"" + l.substr(0, 80) +
                                "\" is neither a link to another decision nor a related "
                                "initiative, risk, area or system; left out");
            }
        }
    }

    void parseFrontMatter(size_t& i) {
        // lines[0] == "---"
        size_t j = 1;
        std::string listKey;
        for (; j < lines.size() && trim(lines[j]) != "---"; ++j) {
            const std::string& l = lines[j];
            if (isBlank(l) || trim(l)[0] == '#')
                continue;
            if ((l[0] == ' ' || l[0] == '-') && trim(l).rfind("- ", 0) == 0 && !listKey.empty()) {
                auto& v = frontMatter[listKey];
                v += (v.empty() ? "" : ", ") + yamlValue(trim(l).substr(2), path, j + 1);
                continue;
            }
            const auto colon = l.find(':');
            if (colon == std::string::npos || l[0] == ' ')
                fail(j + 1, "expected \"key: value\" in the front matter, found \"" + l.substr(0, 80) + "\"");
            const std::string key = lower(trim(l.substr(0, colon)));
            std::string value = trim(l.substr(colon + 1));
            if (value.size() >= 2 && value.front() == '[' && value.back() == ']') {
                std::string joined;
                for (const auto& part : splitDeciders(value.substr(1, value.size() - 2)))
                    joined += (joined.empty() ? "" : ", ") + yamlValue(part, path, j + 1);
                frontMatter[key] = joined;
            } else {
                frontMatter[key] = yamlValue(value, path, j + 1);
            }
            listKey = value.empty() ? key : "";
        }
        if (j >= lines.size())
            fail(1, "the front matter that starts here has no closing \"---\" line");
        for (const auto& [key, value] : frontMatter) {
            if (key == "status")
                setStatus(value, 2);
            else if (key == "date")
                r.date = value;
            else if (key == "decision-makers" || key == "deciders")
                r.deciders = splitDeciders(value);
        }
        i = j + 1;
    }

    void parse(const std::string& text, const std::string& fileName) {
        std::string t = text;
        if (t.rfind("\xEF\xBB\xBF", 0) == 0)
            t.erase(0, 3);
        if (size_t bad = 0; !validUtf8(t, bad)) {
            const size_t line =
                static_cast<size_t>(std::count(t.begin(), t.begin() + static_cast<long>(bad), '\n')) + 1;
            fail(line, "expected UTF-8 text, found a byte that is not (or a NUL)");
        }
        lines = splitLines(t);
        // the number
        static const std::regex numbered(R"(^([0-9]+)-.*\.md$)");
        std::smatch m;
        if (layout != AdrLayout::Log4brains) {
            if (!std::regex_match(fileName, m, numbered) || m[1].length() > 8)
                throw Error(path, "", "expected a file name \"NNNN-title.md\" with the decision's number");
            r.number = std::stoi(m[1]);
            if (r.number < 1)
                throw Error(path, "", "expected a decision number from 1, found " + std::string(m[1]));
        }
        size_t i = 0;
        while (i < lines.size() && isBlank(lines[i]))
            ++i;
        if (i < lines.size() && trim(lines[i]) == "---" && layout != AdrLayout::AdrTools) {
            lines.erase(lines.begin(), lines.begin() + static_cast<long>(i));
            parseFrontMatter(i);
        }
        // title
        while (i < lines.size() && isBlank(lines[i]))
            ++i;
        if (i >= lines.size() || lines[i].rfind("# ", 0) != 0)
            fail(i + 1, "expected the title line \"# " +
                            std::string(layout == AdrLayout::AdrTools ? "N. Title" : "Title") + "\"");
        std::string title = trim(lines[i].substr(2));
        if (layout == AdrLayout::AdrTools) {
            static const std::regex numTitle(R"(^([0-9]+)\.(?: (.*))?$)");
            if (std::regex_match(title, m, numTitle)) {
                if (std::stoi(m[1]) != r.number)
                    warn(i + 1, "the title says " + std::string(m[1]) + ", the file name " +
                                    std::to_string(r.number) + "; the file name's number is kept");
                title = trim(m[2]);
            }
        }
        r.title = title;
        ++i;
        // sections
        std::vector<Section> sections;
        const size_t headerBegin = i;
        size_t headerEnd = lines.size();
        for (size_t k = i; k < lines.size(); ++k)
            if (lines[k].rfind("## ", 0) == 0) {
                if (sections.empty())
                    headerEnd = k;
                else
                    sections.back().end = k;
                sections.push_back({headingName(lines[k].substr(3)), k + 1, k + 1, lines.size()});
            }
        // the marker of log4brains files
        static const std::regex marker(R"(^<!-- terrain-decision: ([0-9]{1,8}) -->$)");
        for (size_t k = lines.size(); k-- > 0;) {
            if (isBlank(lines[k]))
                continue;
            if (std::regex_match(lines[k], m, marker)) {
                if (layout == AdrLayout::Log4brains)
                    r.number = std::stoi(m[1]);
                lines[k].clear();
            }
            break;
        }
        // header lines
        static const std::regex header(R"(^(?:[*-] )?([A-Za-z][A-Za-z ]*):\s*(.*)$)");
        for (size_t k = headerBegin; k < headerEnd; ++k) {
            if (isBlank(lines[k]))
                continue;
            if (!std::regex_match(lines[k], m, header)) {
                warn(k + 1, "\"" + trim(lines[k]).substr(0, 80) + "\" before the first section is left out");
                continue;
            }
            const std::string key = lower(m[1]);
            const std::string value = trim(m[2]);
            if (key == "date")
                r.date = value;
            else if (key == "deciders" || key == "decision-makers" || key == "decision makers")
                r.deciders = splitDeciders(value);
            else if (key == "status")
                setStatus(value, k + 1);
            else
                warn(k + 1, "\"" + std::string(m[1]) + ":\" has no place in a Terrain decision; left out");
        }
        const Section* optionsList = nullptr;
        const Section* optionsDetails = nullptr;
        bool sawStatus = false;
        for (const auto& s : sections) {
            if (s.name == "status") {
                sawStatus = true;
                std::string statusText;
                bool supersededBy = false;
                for (size_t k = s.begin; k < s.end; ++k) {
                    const std::string l = trim(lines[k]);
                    if (l.empty())
                        continue;
                    static const std::regex linkRe(
                        R"(^(Supercedes|Supersedes|Superceded by|Superseded by|Amends|Amended by) \[.*\]\(([^)]*)\)\s*$)");
                    if (std::regex_match(l, m, linkRe)) {
                        linkLines.push_back({l, k + 1});
                        const std::string kind = lower(m[1]);
                        if (kind == "superceded by" || kind == "superseded by")
                            supersededBy = true;
                    } else if (statusText.empty()) {
                        statusText = l;
                        setStatus(l, k + 1);
                    } else {
                        warn(k + 1, "a second status line \"" + l.substr(0, 80) + "\" is left out");
                    }
                }
                if (supersededBy) // adr-tools removes only "Accepted" when it supersedes a record
                    r.status = "superseded";
            } else if (s.name == "context" || s.name == "context and problem statement") {
                r.context = unescapeBlock(block(s));
            } else if (s.name == "decision drivers") {
                const std::string drivers = block(s);
                if (!drivers.empty())
                    r.context += (r.context.empty() ? "" : "\n\n") + std::string("Decision drivers:\n\n") +
                                 unescapeBlock(drivers);
            } else if (s.name == "considered options" || s.name == "options") {
                optionsList = &s;
            } else if (s.name == "pros and cons of the options") {
                optionsDetails = &s;
            } else if (s.name == "decision") {
                r.outcome = unescapeBlock(block(s));
            } else if (s.name == "decision outcome") {
                // "### Consequences" (MADR 4), "### Positive/Negative Consequences" (MADR 2/3),
                // "### Confirmation": the consequences; the rest is the outcome.
                std::vector<std::string> outcome, consequences;
                std::vector<std::string>* into = &outcome;
                for (size_t k = s.begin; k < s.end; ++k) {
                    if (lines[k].rfind("### ", 0) == 0) {
                        const std::string sub = headingName(lines[k].substr(4));
                        if (sub == "consequences") {
                            into = &consequences;
                            continue;
                        }
                        if (sub == "positive consequences" || sub == "negative consequences" ||
                            sub == "confirmation") {
                            into = &consequences;
                            while (!consequences.empty() && isBlank(consequences.back()))
                                consequences.pop_back();
                            if (!consequences.empty())
                                consequences.push_back("");
                            consequences.push_back(capitalized(sub) + ":");
                            continue;
                        }
                    }
                    into->push_back(lines[k]);
                }
                r.outcome = unescapeBlock(joinBlock(outcome, 0, outcome.size()));
                const std::string c = unescapeBlock(joinBlock(consequences, 0, consequences.size()));
                if (!c.empty())
                    r.consequences = c;
            } else if (s.name == "consequences") {
                r.consequences = unescapeBlock(block(s));
            } else if (s.name == "related" || s.name == "more information" || s.name == "links") {
                parseLinks(s, true);
            } else if (!block(s).empty()) {
                warn(s.line, "section \"" + lines[s.line - 1].substr(3) +
                                 "\" has no place in a Terrain decision; left out");
            }
        }
        parseOptions(optionsList, optionsDetails);
        if (layout == AdrLayout::AdrTools && !sawStatus)
            warn(1, "no \"## Status\" section; read as proposed");
    }
};

// ---------------------------------------------------------------------------------------------
// Files and folders
// ---------------------------------------------------------------------------------------------

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

std::string readSmallFile(const QString& path) {
    QFile f(path);
    if (f.size() > kMaxRecordBytes)
        throw Error(path.toStdString(), "",
                    "is larger than 4 MB; a decision record is expected to be text of a "
                    "few kilobytes");
    if (!f.open(QIODevice::ReadOnly))
        throw Error(path.toStdString(), "", "cannot be read: " + f.errorString().toStdString());
    const QByteArray bytes = f.read(kMaxRecordBytes + 1);
    return bytes.toStdString();
}

/// A relative folder named by a configuration file, checked to stay inside the project folder.
std::string checkedRelative(const std::string& configFile, const std::string& raw) {
    std::string rel = trim(raw);
    while (rel.rfind("./", 0) == 0)
        rel.erase(0, 2);
    while (!rel.empty() && rel.back() == '/')
        rel.pop_back();
    const QString q = qs(rel);
    if (rel.empty() || rel.find('\0') != std::string::npos || rel[0] == '/' || rel[0] == '\\' ||
        rel.find(':') != std::string::npos || q.split(QLatin1Char('/')).contains(QStringLiteral("..")))
        throw Error(configFile, "",
                    "expected a relative folder inside the project folder, found \"" + raw + "\"");
    return QDir::cleanPath(q).toStdString();
}

std::optional<std::string> log4brainsFolder(const std::string& dir) {
    const QString yml = QDir(qs(dir)).filePath(QStringLiteral(".log4brains.yml"));
    if (!QFileInfo::exists(yml))
        return std::nullopt;
    const std::string text = readSmallFile(yml);
    static const std::regex re(R"(^\s+adrFolder:\s*(.+?)\s*$)");
    for (const auto& l : splitLines(text)) {
        std::smatch m;
        if (std::regex_match(l, m, re))
            return checkedRelative(yml.toStdString(), yamlValue(m[1], yml.toStdString(), 0));
    }
    throw Error(yml.toStdString(), "", "expected a project.adrFolder setting");
}

std::optional<std::string> adrDirFile(const std::string& dir) {
    const QString f = QDir(qs(dir)).filePath(QStringLiteral(".adr-dir"));
    if (!QFileInfo::exists(f))
        return std::nullopt;
    const auto lines = splitLines(readSmallFile(f));
    return checkedRelative(f.toStdString(), lines.empty() ? "" : lines.front());
}

bool isRecordFile(const QString& name, AdrLayout layout) {
    if (!name.endsWith(QStringLiteral(".md")) || name.startsWith(QLatin1Char('.')) ||
        name.startsWith(QLatin1Char('_')))
        return false;
    if (layout != AdrLayout::Log4brains)
        return std::regex_match(name.toStdString(), std::regex(R"(^[0-9]+-.*\.md$)"));
    const QString lower = name.toLower();
    return lower != QStringLiteral("readme.md") && lower != QStringLiteral("index.md") &&
           lower != QStringLiteral("template.md");
}

QStringList recordFiles(const QString& folder, AdrLayout layout) {
    QStringList out;
    for (const QString& n : QDir(folder).entryList(QDir::Files, QDir::Name))
        if (isRecordFile(n, layout))
            out << n;
    return out;
}

std::optional<AdrLayout> sniffLayout(const QString& folder) {
    for (const QString& n : QDir(folder).entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name)) {
        const QString lowerName = n.toLower();
        if (lowerName == QStringLiteral("readme.md") || lowerName == QStringLiteral("index.md") ||
            lowerName == QStringLiteral("template.md"))
            continue;
        const auto lines = splitLines(readSmallFile(QDir(folder).filePath(n)));
        size_t i = 0;
        while (i < lines.size() && isBlank(lines[i]))
            ++i;
        if (i < lines.size() && trim(lines[i]) == "---")
            return AdrLayout::Madr;
        for (const auto& l : lines) {
            if (l.rfind("## Status", 0) == 0)
                return AdrLayout::AdrTools;
            if (l.rfind("- Status:", 0) == 0 || l.rfind("* Status:", 0) == 0)
                return AdrLayout::Log4brains;
        }
        return AdrLayout::Madr;
    }
    return std::nullopt;
}

void checkInside(const QString& dir, const QString& path) {
    const QString base = QFileInfo(dir).canonicalFilePath();
    const QString target = QFileInfo(path).canonicalFilePath();
    if (base.isEmpty() || target.isEmpty() || !(target == base || target.startsWith(base + QLatin1Char('/'))))
        throw Error(path.toStdString(), "",
                    "resolves outside " + dir.toStdString() + "; nothing was written");
}

} // namespace

// ---------------------------------------------------------------------------------------------

std::string adrLayoutName(AdrLayout layout) {
    switch (layout) {
    case AdrLayout::AdrTools:
        return "adr-tools";
    case AdrLayout::Madr:
        return "madr";
    case AdrLayout::Log4brains:
        return "log4brains";
    }
    return {};
}

std::optional<AdrLayout> adrLayoutFromName(const std::string& name) {
    for (AdrLayout l : {AdrLayout::AdrTools, AdrLayout::Madr, AdrLayout::Log4brains})
        if (adrLayoutName(l) == name)
            return l;
    return std::nullopt;
}

const std::vector<std::string>& adrLayoutNames() {
    static const std::vector<std::string> names = {"adr-tools", "madr", "log4brains"};
    return names;
}

std::string adrSlug(const std::string& title) {
    std::string s;
    bool dash = false;
    for (char c : title) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x80 && std::isalnum(u)) {
            if (dash && !s.empty())
                s += '-';
            dash = false;
            s += static_cast<char>(std::tolower(u));
        } else {
            dash = true;
        }
    }
    if (s.size() > kMaxSlug) {
        s.resize(kMaxSlug);
        if (auto d = s.rfind('-'); d != std::string::npos && d > kMaxSlug / 2)
            s.resize(d);
        while (!s.empty() && s.back() == '-')
            s.pop_back();
    }
    return s.empty() ? "decision" : s;
}

DecisionRecord decisionRecord(const Project& project, const Decision& d) {
    DecisionRecord r;
    r.number = d.number;
    r.title = d.title;
    r.status = d.status;
    r.date = d.date;
    r.deciders = d.deciders;
    r.context = d.context;
    r.options = d.options;
    r.outcome = d.outcome;
    r.consequences = d.consequences;
    if (d.supersedes)
        if (auto s = project.get<Decision>(*d.supersedes))
            r.supersedes = s->number;
    for (Id a : d.amends)
        if (auto s = project.get<Decision>(a))
            r.amends.push_back(s->number);
    for (Id i : d.initiatives)
        if (auto v = project.get<Initiative>(i))
            r.links.push_back({"Initiative", v->key, v->title});
    for (Id i : d.risks)
        if (auto v = project.get<Risk>(i))
            r.links.push_back({"Risk", v->key, v->title});
    for (Id i : d.areas)
        if (auto v = project.get<Area>(i))
            r.links.push_back({"Area", v->key, v->title});
    for (Id i : d.systems)
        if (auto v = project.get<System>(i))
            r.links.push_back({"System", v->key, v->name});
    r.hasLinks = !r.links.empty();
    return r;
}

std::vector<DecisionRecord> decisionRecords(const Project& project) {
    std::vector<DecisionRecord> out;
    for (const auto& d : project.list<Decision>())
        out.push_back(decisionRecord(project, d));
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.number < b.number; });
    return out;
}

std::vector<std::string> decisionFileNames(const std::vector<DecisionRecord>& records, AdrLayout layout) {
    std::vector<std::string> names;
    std::set<std::string> used;
    for (const auto& r : records) {
        std::string name;
        if (layout == AdrLayout::Log4brains) {
            static const std::regex iso(R"(^([0-9]{4})-([0-9]{2})-([0-9]{2})$)");
            std::smatch m;
            const std::string date = singleLine(r.date);
            const std::string prefix = std::regex_match(date, m, iso)
                                           ? std::string(m[1]) + std::string(m[2]) + std::string(m[3])
                                           : "undated";
            name = prefix + "-" + adrSlug(r.title);
            if (used.count(name + ".md"))
                name += "-" + std::to_string(r.number);
        } else {
            name = pad4(r.number) + "-" + adrSlug(r.title);
        }
        name += ".md";
        used.insert(name);
        names.push_back(name);
    }
    return names;
}

std::string renderDecision(const std::vector<DecisionRecord>& records, size_t index, AdrLayout layout) {
    const RenderContext ctx(records, layout);
    const DecisionRecord& r = records.at(index);
    switch (layout) {
    case AdrLayout::AdrTools:
        return renderAdrTools(ctx, r);
    case AdrLayout::Madr:
        return renderMadr(ctx, r);
    case AdrLayout::Log4brains:
        return renderLog4brains(ctx, r);
    }
    return {};
}

std::string decisionFolder(const std::string& dir, AdrLayout layout) {
    switch (layout) {
    case AdrLayout::AdrTools:
        return adrDirFile(dir).value_or("doc/adr");
    case AdrLayout::Madr:
        return "docs/decisions";
    case AdrLayout::Log4brains:
        return log4brainsFolder(dir).value_or("docs/adr");
    }
    return {};
}

AdrExportResult exportDecisionRecords(const Project& project, const std::string& dir, AdrLayout layout) {
    const QString root = qs(dir);
    if (QFileInfo(root).exists() && !QFileInfo(root).isDir())
        throw Error(dir, "", "is a file; expected a folder to write the decision records in");
    if (!QDir().mkpath(root))
        throw Error(dir, "", "cannot be created");
    const std::string rel = decisionFolder(dir, layout);
    const QString folder = QDir(root).filePath(qs(rel));
    if (!QDir().mkpath(folder))
        throw Error(folder.toStdString(), "", "cannot be created");
    checkInside(root, folder);

    const auto records = decisionRecords(project);
    const auto names = decisionFileNames(records, layout);
    AdrExportResult result;
    result.folder = QFileInfo(folder).absoluteFilePath().toStdString();
    auto writeFile = [&](const QString& path, const std::string& text) {
        const QFileInfo info(path);
        if (info.isSymLink())
            throw Error(path.toStdString(), "",
                        "is a symbolic link; it is not followed and nothing is written to it");
        if (info.exists()) {
            if (readSmallFile(path) == text) {
                ++result.unchanged;
                return;
            }
        }
        QSaveFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            throw Error(path.toStdString(), "", "cannot be written: " + f.errorString().toStdString());
        f.write(text.data(), static_cast<qint64>(text.size()));
        if (!f.commit())
            throw Error(path.toStdString(), "", "cannot be written: " + f.errorString().toStdString());
        ++result.written;
    };
    if (layout == AdrLayout::Log4brains) {
        const QString yml = QDir(root).filePath(QStringLiteral(".log4brains.yml"));
        if (!QFileInfo::exists(yml)) {
            std::string name = QFileInfo(qs(project.path())).completeBaseName().toStdString();
            if (name.empty())
                name = "Terrain";
            const std::string text = "---\nproject:\n  name: " + yamlScalar(singleLine(name)) +
                                     "\n  tz: Etc/UTC\n  adrFolder: ./" + rel + "\n";
            writeFile(yml, text);
            result.written--; // the settings file is not a record
        }
    }
    std::map<int, std::string> ours;
    for (size_t i = 0; i < records.size(); ++i) {
        writeFile(QDir(folder).filePath(qs(names[i])), renderDecision(records, i, layout) + "");
        result.files.push_back(names[i]);
        ours[records[i].number] = names[i];
    }
    // a record renamed since the last export: its old file goes
    static const std::regex numbered(R"(^([0-9]{1,8})-.*\.md$)");
    static const std::regex marker(R"(<!-- terrain-decision: ([0-9]{1,8}) -->\s*$)");
    for (const QString& n : recordFiles(folder, layout)) {
        const std::string name = n.toStdString();
        if (std::find(names.begin(), names.end(), name) != names.end())
            continue;
        std::smatch m;
        int number = 0;
        if (layout != AdrLayout::Log4brains) {
            if (std::regex_match(name, m, numbered))
                number = std::stoi(m[1]);
        } else {
            const std::string text = readSmallFile(QDir(folder).filePath(n));
            if (std::regex_search(text, m, marker))
                number = std::stoi(m[1]);
        }
        if (number > 0 && ours.count(number)) {
            if (!QFile::remove(QDir(folder).filePath(n)))
                throw Error(QDir(folder).filePath(n).toStdString(), "", "cannot be removed");
            result.removed.push_back(name);
        }
    }
    return result;
}

DecisionRecord parseDecision(const std::string& text, const std::string& fileName, AdrLayout layout,
                             const std::string& path, std::vector<std::string>* warnings) {
    Parser p{path, layout, warnings, {}, {}, {}, {}};
    p.parse(text, fileName);
    p.r.file = fileName;
    // supersedes and amends from the link lines; reverse links are derived, not read
    static const std::regex linkRe(
        R"(^(?:[*-] )?(Supercedes|Supersedes|Superceded by|Superseded by|Amends|Amended by) \[.*\]\(([^)]*)\)\s*$)");
    for (const auto& [line, at] : p.linkLines) {
        std::smatch m;
        if (!std::regex_match(line, m, linkRe))
            continue;
        const std::string kind = lower(m[1]);
        if (kind != "supercedes" && kind != "supersedes" && kind != "amends")
            continue;
        // the target's number: leading digits of its file name, or resolved later by name (log4brains)
        std::string target = m[2];
        if (auto slash = target.rfind('/'); slash != std::string::npos)
            target = target.substr(slash + 1);
        static const std::regex numbered(R"(^([0-9]{1,8})-.*$|^([0-9]{1,8})\.md$)");
        std::smatch t;
        int number = 0;
        if (layout != AdrLayout::Log4brains && std::regex_match(target, t, numbered))
            number = std::stoi(t[1].matched ? t[1] : t[2]);
        if (number <= 0) {
            // log4brains: remember the file name; readDecisionFolder() resolves it
            number = -static_cast<int>(at);
            p.r.file += "\n" + std::to_string(at) + "\t" + kind + "\t" + target;
        }
        if (kind == "amends")
            p.r.amends.push_back(number);
        else if (!p.r.supersedes)
            p.r.supersedes = number;
        else
            p.warn(at,
                   "a second \"Supersedes\" link is left out: a Terrain decision supersedes one decision");
    }
    return p.r;
}

DecisionFolder readDecisionFolder(const std::string& dir) {
    const QString root = qs(dir);
    if (!QFileInfo(root).isDir())
        throw Error(dir, "", "is not a folder; expected a folder of decision records");
    DecisionFolder out;
    std::string rel;
    if (auto l4b = log4brainsFolder(dir)) {
        out.layout = AdrLayout::Log4brains;
        rel = *l4b;
    } else if (auto adrDir = adrDirFile(dir)) {
        out.layout = AdrLayout::AdrTools;
        rel = *adrDir;
    } else if (QFileInfo(QDir(root).filePath(QStringLiteral("doc/adr"))).isDir()) {
        out.layout = AdrLayout::AdrTools;
        rel = "doc/adr";
    } else if (QFileInfo(QDir(root).filePath(QStringLiteral("docs/decisions"))).isDir()) {
        out.layout = AdrLayout::Madr;
        rel = "docs/decisions";
    } else if (QFileInfo(QDir(root).filePath(QStringLiteral("docs/adr"))).isDir()) {
        rel = "docs/adr";
        out.layout = sniffLayout(QDir(root).filePath(qs(rel))).value_or(AdrLayout::Madr);
    } else if (auto sniffed = sniffLayout(root)) {
        rel = ".";
        out.layout = *sniffed;
    } else {
        throw Error(dir, "",
                    "has no decision records: expected .log4brains.yml, .adr-dir, doc/adr, docs/decisions "
                    "or docs/adr, or Markdown records in the folder itself");
    }
    const QString folder = QDir(root).filePath(qs(rel));
    if (!QFileInfo(folder).isDir())
        throw Error(folder.toStdString(), "",
                    "is not a folder; expected the " + adrLayoutName(out.layout) + " decision records there");
    checkInside(root, folder);
    out.folder = QFileInfo(folder).absoluteFilePath().toStdString();

    std::map<int, std::string> numbers;
    std::vector<size_t> unnumbered;
    for (const QString& n : recordFiles(folder, out.layout)) {
        const QString path = QDir(folder).filePath(n);
        if (QFileInfo(path).isSymLink())
            checkInside(root, path);
        DecisionRecord r = parseDecision(readSmallFile(path), n.toStdString(), out.layout, path.toStdString(),
                                         &out.warnings);
        if (r.number == 0) {
            unnumbered.push_back(out.records.size());
        } else if (auto [it, fresh] = numbers.emplace(r.number, path.toStdString()); !fresh) {
            throw Error(path.toStdString(), "",
                        "has number " + std::to_string(r.number) + ", like " + it->second +
                            "; expected each decision number once");
        }
        out.records.push_back(std::move(r));
    }
    // log4brains files without our marker: numbered after the others, in file name (date) order
    int next = numbers.empty() ? 1 : numbers.rbegin()->first + 1;
    for (size_t i : unnumbered)
        out.records[i].number = next++;
    // link targets named by file (log4brains)
    std::map<std::string, int> byName;
    for (const auto& r : out.records) {
        const std::string name = r.file.substr(0, r.file.find('\n'));
        byName[name] = r.number;
        byName[name.substr(0, name.size() - 3)] = r.number;
    }
    for (auto& r : out.records) {
        const auto parts = splitLines(r.file);
        r.file = parts.empty() ? "" : parts.front();
        for (size_t k = 1; k < parts.size(); ++k) {
            const auto tab1 = parts[k].find('\t');
            const auto tab2 = parts[k].find('\t', tab1 + 1);
            const int placeholder = -std::stoi(parts[k].substr(0, tab1));
            const std::string target = parts[k].substr(tab2 + 1);
            auto it = byName.find(target);
            const int number = it == byName.end() ? 0 : it->second;
            if (!number)
                out.warnings.push_back(QDir(folder).filePath(qs(r.file)).toStdString() + ": line " +
                                       std::to_string(-placeholder) + ": the link to \"" + target +
                                       "\" names no record of the folder; left out");
            if (r.supersedes == placeholder)
                r.supersedes = number ? std::optional<int>(number) : std::nullopt;
            for (auto a = r.amends.begin(); a != r.amends.end();)
                if (*a == placeholder && !number)
                    a = r.amends.erase(a);
                else {
                    if (*a == placeholder)
                        *a = number;
                    ++a;
                }
        }
    }
    std::sort(out.records.begin(), out.records.end(),
              [](const auto& a, const auto& b) { return a.number < b.number; });
    return out;
}

AdrImportResult importDecisionRecords(Project& project, const DecisionFolder& folder) {
    AdrImportResult result;
    result.warnings = folder.warnings;
    std::map<std::string, Id> initiatives, risks, areas;
    for (const auto& v : project.list<Initiative>())
        initiatives[v.key] = v.id;
    for (const auto& v : project.list<Risk>())
        risks[v.key] = v.id;
    for (const auto& v : project.list<Area>())
        areas[v.key] = v.id;
    std::map<int, Decision> existing;
    for (auto& d : project.list<Decision>())
        existing[d.number] = d;
    const std::string where = folder.folder;
    project.edit(QStringLiteral("Import %1 decision records").arg(folder.records.size()), [&] {
        std::map<int, Id> ids;
        for (const auto& [n, d] : existing)
            ids[n] = d.id;
        // first the records themselves, so that links can name any of them
        for (const auto& r : folder.records)
            if (!ids.count(r.number)) {
                Decision d;
                d.number = r.number;
                d.title = r.title;
                ids[r.number] = project.add(d);
            }
        for (const auto& r : folder.records) {
            const std::string file = where + "/" + r.file;
            Decision d = *project.get<Decision>(ids.at(r.number));
            const json before = existing.count(r.number) ? json(existing.at(r.number)) : json();
            d.title = r.title;
            d.status = r.status;
            d.date = r.date;
            d.deciders = r.deciders;
            d.context = r.context;
            d.options = r.options;
            d.outcome = r.outcome;
            d.consequences = r.consequences;
            d.supersedes.reset();
            if (r.supersedes) {
                if (auto it = ids.find(*r.supersedes); it != ids.end() && it->second != d.id)
                    d.supersedes = it->second;
                else
                    result.warnings.push_back(file + ": supersedes decision " +
                                              std::to_string(*r.supersedes) +
                                              ", which is neither in the folder nor in the map; left out");
            }
            d.amends.clear();
            for (int a : r.amends) {
                if (auto it = ids.find(a); it != ids.end() && it->second != d.id) {
                    if (std::find(d.amends.begin(), d.amends.end(), it->second) == d.amends.end())
                        d.amends.push_back(it->second);
                } else {
                    result.warnings.push_back(file + ": amends decision " + std::to_string(a) +
                                              ", which is neither in the folder nor in the map; left out");
                }
            }
            if (r.hasLinks) {
                d.initiatives.clear();
                d.risks.clear();
                d.areas.clear();
                d.systems.clear();
                for (const auto& l : r.links) {
                    std::optional<Id> id;
                    std::vector<Id>* into = nullptr;
                    if (l.kind == "Initiative") {
                        into = &d.initiatives;
                        if (auto it = initiatives.find(l.key); it != initiatives.end())
                            id = it->second;
                    } else if (l.kind == "Risk") {
                        into = &d.risks;
                        if (auto it = risks.find(l.key); it != risks.end())
                            id = it->second;
                    } else if (l.kind == "Area") {
                        into = &d.areas;
                        if (auto it = areas.find(l.key); it != areas.end())
                            id = it->second;
                    } else if (l.kind == "System") {
                        into = &d.systems;
                        if (auto s = project.systemByKey(l.key))
                            id = s->id;
                    }
                    if (!id) {
                        result.warnings.push_back(file + ": " + lower(l.kind) + " " + l.key +
                                                  " is not in the map; the link is left out");
                        continue;
                    }
                    if (std::find(into->begin(), into->end(), *id) == into->end())
                        into->push_back(*id);
                }
            }
            project.save(d);
            if (before.is_null())
                ++result.added;
            else if (json(d) == before)
                ++result.unchanged;
            else
                ++result.updated;
        }
    });
    return result;
}

Id captureDecisionQuestion(Project& project, const std::string& question, const std::string& date) {
    const std::string title = singleLine(question);
    if (title.empty())
        throw Error("an open question needs a text");
    Decision d;
    d.title = title;
    d.status = "proposed";
    d.date = date;
    return project.add(d, QStringLiteral("Capture open question"));
}

Id supersedeDecision(Project& project, Id old, const std::string& title, const std::string& date) {
    auto previous = project.get<Decision>(old);
    if (!previous)
        throw Error("the decision to supersede is no longer in the map");
    Id id = 0;
    project.edit(QStringLiteral("Supersede ADR-%1").arg(previous->number, 4, 10, QLatin1Char('0')), [&] {
        Decision d;
        d.title = singleLine(title).empty() ? previous->title : singleLine(title);
        d.status = "proposed";
        d.date = date;
        d.supersedes = old;
        d.initiatives = previous->initiatives;
        d.risks = previous->risks;
        d.areas = previous->areas;
        d.systems = previous->systems;
        id = project.add(d);
        previous->status = "superseded";
        project.save(*previous);
    });
    return id;
}

Id amendDecision(Project& project, Id old, const std::string& title, const std::string& date) {
    auto previous = project.get<Decision>(old);
    if (!previous)
        throw Error("the decision to amend is no longer in the map");
    Decision d;
    d.title = singleLine(title).empty() ? "Amend: " + previous->title : singleLine(title);
    d.status = "proposed";
    d.date = date;
    d.amends = {old};
    d.initiatives = previous->initiatives;
    d.risks = previous->risks;
    d.areas = previous->areas;
    d.systems = previous->systems;
    return project.add(d, QStringLiteral("Amend ADR-%1").arg(previous->number, 4, 10, QLatin1Char('0')));
}

std::vector<Id> supersedeChain(const Project& project, Id id) {
    const auto all = project.list<Decision>();
    std::map<Id, const Decision*> byId;
    std::map<Id, Id> newer; // superseded -> the (first) decision that supersedes it
    for (const auto& d : all) {
        byId[d.id] = &d;
        if (d.supersedes && !newer.count(*d.supersedes))
            newer[*d.supersedes] = d.id;
    }
    if (!byId.count(id))
        return {};
    std::set<Id> seen{id};
    std::vector<Id> older;
    for (auto cur = byId[id]->supersedes; cur && byId.count(*cur) && seen.insert(*cur).second;
         cur = byId[*cur]->supersedes)
        older.push_back(*cur);
    std::vector<Id> chain(older.rbegin(), older.rend());
    chain.push_back(id);
    for (auto it = newer.find(id); it != newer.end() && seen.insert(it->second).second;
         it = newer.find(it->second))
        chain.push_back(it->second);
    return chain;
}

} // namespace terrain
