#include "DatedExports.h"

#include "AsciiChars.h"
#include "Error.h"
#include "FormatParser.h"
#include "ImportMerge.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <map>
#include <set>

namespace terrain {

namespace {

/// The two digits at `i` as a number within [low, high], or -1.
int twoDigits(std::string_view s, size_t i, int low, int high) {
    if (i + 1 >= s.size() || !isAsciiDigit(s[i]) || !isAsciiDigit(s[i + 1]))
        return -1;
    const int v = (s[i] - '0') * 10 + (s[i + 1] - '0');
    return v >= low && v <= high ? v : -1;
}

/// The end of the date that starts at `i` (a run of digits begins there), or 0 where none does; its digits
/// go to `digits`.
size_t dateAt(std::string_view s, size_t i, std::string& digits) {
    if (i + 4 > s.size())
        return 0;
    for (size_t k = i; k < i + 4; ++k)
        if (!isAsciiDigit(s[k]))
            return 0;
    const int century = twoDigits(s, i, 19, 20);
    if (century < 0 || (century == 19 && twoDigits(s, i + 2, 90, 99) < 0))
        return 0;
    digits.assign(s.substr(i, 4));
    size_t end = i + 4;
    // month, day, hour, minute, second: the separators each may have before it ("" for none)
    struct Part {
        std::string_view separators;
        int low, high;
    };
    static constexpr Part parts[] = {
        {"-_.", 1, 12}, {"-_.", 1, 31}, {"Tt_- ", 0, 23}, {":-.", 0, 59}, {":-.", 0, 59}};
    for (const Part& part : parts) {
        size_t at = end;
        if (at < s.size() && part.separators.find(s[at]) != std::string_view::npos)
            ++at;
        const int v = twoDigits(s, at, part.low, part.high);
        if (v < 0)
            break;
        digits += s.substr(at, 2);
        end = at + 2;
    }
    if (end < s.size() && (s[end] == 'Z' || s[end] == 'z') && digits.size() > 8)
        ++end;
    if (end < s.size() && isAsciiDigit(s[end]))
        return 0; // within a longer run of digits: a number, not a date
    return end;
}

std::string canonicalOrAbsolute(const std::string& path) {
    const QFileInfo info(QString::fromStdString(path));
    const QString canonical = info.canonicalFilePath();
    return (canonical.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : canonical).toStdString();
}

std::string_view formatOf(std::string_view scope) {
    return scope.substr(0, scope.find(':'));
}

std::string fileName(std::string_view path) {
    return std::string(path.substr(path.rfind('/') + 1));
}

/// Every string of `d` that names one of its systems by a key beginning with `from` begins with `to`.
void rekey(Discovery& d, const std::string& from, const std::string& to) {
    auto moved = [&](std::string& key) {
        if (key.starts_with(from))
            key.replace(0, from.size(), to);
    };
    for (auto& s : d.systems)
        moved(s.key);
    renameInEdgesAndFacts(d, moved);
    std::map<std::string, std::vector<Discovery::PathKey>> pathKeys;
    for (auto& [key, byPath] : d.pathKeys) {
        std::string k = key;
        moved(k);
        pathKeys.emplace(std::move(k), std::move(byPath));
    }
    d.pathKeys = std::move(pathKeys);
}

/// Where `d`'s format names the file in its keys, its keys take the prefix that the map's systems of its
/// source have (most of them): of the source it replaces, or of its own where an earlier export's keys
/// became its own (inventory-2024-06.csv imported again keeps "csv:inventory-2024-05/"), so that a row of
/// both files is one system.
void takeKeysOfSource(Discovery& d, const std::vector<System>& existing) {
    const FormatParser* parser = formatParser(d.format);
    if (!parser)
        return;
    // (a format that names the file in its keys names it in its first system's: a CSV's rows come first)
    const std::string ours = d.systems.empty() ? std::string() : parser->fileKeyPrefix(d.systems.front().key);
    if (ours.empty())
        return;
    std::map<std::string, int> own, earlier; // key prefix -> systems of the map
    for (const auto& s : existing) {
        const bool isOwn = std::find(s.scopes.begin(), s.scopes.end(), d.scope) != s.scopes.end();
        if (!isOwn && (d.earlier.empty() ||
                       std::find(s.scopes.begin(), s.scopes.end(), d.earlier.front()) == s.scopes.end()))
            continue;
        if (std::string p = parser->fileKeyPrefix(s.key); !p.empty())
            ++(isOwn ? own : earlier)[p];
    }
    const auto& theirs = own.empty() ? earlier : own;
    const auto most = std::max_element(theirs.begin(), theirs.end(),
                                       [](const auto& a, const auto& b) { return a.second < b.second; });
    if (most != theirs.end() && most->first != ours)
        rekey(d, ours, most->first);
}

} // namespace

std::optional<DatedPath> datedPath(std::string_view path) {
    DatedPath out;
    bool any = false;
    std::string digits;
    for (size_t i = 0; i < path.size();) {
        if (isAsciiDigit(path[i]) && (i == 0 || !isAsciiDigit(path[i - 1])))
            if (const size_t end = dateAt(path, i, digits); end > 0) {
                out.undated += '\x01';
                digits.resize(14, '0');
                out.when += digits;
                any = true;
                i = end;
                continue;
            }
        out.undated += path[i++];
    }
    if (!any)
        return std::nullopt;
    return out;
}

std::string_view scopePath(std::string_view scope) {
    const auto colon = scope.find(':');
    if (colon == std::string_view::npos || colon + 1 >= scope.size() || scope[colon + 1] != '/')
        return {};
    return scope.substr(colon + 1);
}

bool isUnder(std::string_view path, std::string_view folder) {
    return folder.size() > 1 && path.size() > folder.size() + 1 && path.starts_with(folder) &&
           path[folder.size()] == '/';
}

std::vector<std::optional<size_t>>
newestOfEachSeries(const std::vector<std::pair<std::string_view, std::string_view>>& items) {
    std::vector<std::optional<size_t>> out(items.size());
    std::vector<std::optional<DatedPath>> dated(items.size());
    std::map<std::pair<std::string_view, std::string>, size_t> newest; // series -> index
    for (size_t i = 0; i < items.size(); ++i) {
        if (items[i].first.empty() || !(dated[i] = datedPath(items[i].second)))
            continue;
        auto [it, fresh] = newest.try_emplace({items[i].first, dated[i]->undated}, i);
        if (!fresh && dated[i]->when > dated[it->second]->when)
            it->second = i;
    }
    for (size_t i = 0; i < items.size(); ++i)
        if (dated[i])
            out[i] = newest.at({items[i].first, dated[i]->undated});
    return out;
}

namespace {

/// The map's sources that are files, and this import's.
struct Sources {
    std::set<std::string_view> map;  ///< scopes
    std::set<std::string_view> ours; ///< scopes
    bool fromThisImport(std::string_view scope) const { return ours.count(scope) > 0; }
};

/// The file or folder the map has sources from that --replaces names: by its path, else by its name (the file
/// may be gone from the disk: "inventory-2024-05.csv", "exports/2024-05").
std::string earlierRoot(const std::string& named, const Sources& sources) {
    const std::string earlier = canonicalOrAbsolute(named);
    if (std::any_of(sources.map.begin(), sources.map.end(), [&](std::string_view s) {
            return scopePath(s) == earlier || isUnder(scopePath(s), earlier);
        }))
        return earlier;
    const std::string name = QDir::cleanPath(QString::fromStdString(named)).toStdString();
    std::set<std::string> roots;
    for (const std::string_view s : sources.map) {
        const std::string_view p = scopePath(s);
        for (size_t at = p.find("/" + name); at != std::string_view::npos; at = p.find("/" + name, at + 1))
            if (const size_t end = at + 1 + name.size(); end == p.size() || p[end] == '/')
                roots.insert(std::string(p.substr(0, end)));
    }
    if (roots.empty())
        throw Error("--replaces " + named + ": the map has no source of that path or name");
    if (roots.size() > 1) {
        std::string list;
        for (const auto& root : roots)
            list += (list.empty() ? "" : ", ") + root;
        throw Error("--replaces " + named + ": the map has several sources of that name (" + list +
                    "); name one by its path");
    }
    return *roots.begin();
}

/// The map's sources that `d` replaces where the user named `earlier` for `path` (a file, or a folder whose
/// files replace the files at the same places in it, or of the same series there); nullopt where `d` is not
/// `path` nor in it.
std::optional<std::vector<std::string>> namedEarlier(const Discovery& d, const std::string& path,
                                                     const std::string& earlier, const Sources& sources) {
    const std::string_view p = scopePath(d.scope);
    if (p.empty() || (p != path && !isUnder(p, path)))
        return std::nullopt;
    std::vector<std::string> found;
    if (p == path) {
        for (const std::string_view s : sources.map)
            if (scopePath(s) == earlier && !sources.fromThisImport(s))
                found.emplace_back(s);
        return found;
    }
    const std::string_view rel = p.substr(path.size());
    const std::string same = std::string(formatOf(d.scope)) + ":" + earlier + std::string(rel);
    const auto dated = datedPath(rel);
    for (const std::string_view s : sources.map) {
        if (sources.fromThisImport(s) || formatOf(s) != formatOf(d.scope) || !isUnder(scopePath(s), earlier))
            continue;
        if (s == same)
            found.insert(found.begin(), std::string(s));
        else if (const auto other = datedPath(scopePath(s).substr(earlier.size()));
                 dated && other && other->undated == dated->undated)
            found.emplace_back(s);
    }
    return found;
}

/// Each discovery that is the newest export of its series in this import takes the map's earlier exports of
/// it, newest first; an older one, or one older than the map's, is a source of its own, said in `warnings`.
void claimDatedEarlier(std::vector<Discovery>& discoveries, const Sources& sources,
                       std::vector<std::string>& warnings) {
    std::vector<std::pair<std::string_view, std::string_view>> series;
    for (const auto& d : discoveries)
        series.emplace_back(d.format, scopePath(d.scope));
    const auto newest = newestOfEachSeries(series);
    for (size_t i = 0; i < discoveries.size(); ++i) {
        Discovery& d = discoveries[i];
        if (!d.earlier.empty() || !newest[i])
            continue;
        if (*newest[i] != i) {
            warnings.push_back(d.file + ": an older export than " + discoveries[*newest[i]].file +
                               ", which this import reads too: imported as a source of its own");
            continue;
        }
        const DatedPath dated = *datedPath(series[i].second);
        std::vector<std::pair<std::string, std::string_view>> older; // when, scope
        std::string_view newer;
        for (const std::string_view s : sources.map) {
            if (formatOf(s) != d.format || sources.fromThisImport(s))
                continue;
            const auto other = datedPath(scopePath(s));
            if (!other || other->undated != dated.undated)
                continue;
            if (other->when < dated.when)
                older.emplace_back(other->when, s);
            else if (other->when > dated.when)
                newer = s;
        }
        std::sort(older.rbegin(), older.rend());
        for (const auto& o : older)
            d.earlier.emplace_back(o.second);
        if (!newer.empty())
            warnings.push_back(d.file + ": an older export than " + fileName(scopePath(newer)) +
                               ", which the map has: imported as a source of its own");
    }
}

/// The folders of the map's sources of a dated series that `folder` (exports/2024-06) is a later one of
/// (exports/2024-05).
std::vector<std::string> earlierDatedFolders(const std::string& folder, const Sources& sources) {
    std::vector<std::string> out;
    const auto dated = datedPath(folder);
    if (!dated)
        return out;
    std::set<std::string> seen;
    for (const std::string_view s : sources.map) {
        const std::string_view p = scopePath(s);
        for (size_t slash = p.find('/', 1); slash != std::string_view::npos; slash = p.find('/', slash + 1))
            if (std::string prefix(p.substr(0, slash)); seen.insert(prefix).second)
                if (const auto other = datedPath(prefix);
                    other && other->undated == dated->undated && other->when < dated->when)
                    out.push_back(std::move(prefix));
    }
    return out;
}

} // namespace

std::vector<std::string> findEarlierExports(std::vector<Discovery>& discoveries,
                                            const std::vector<System>& existing, const MergeOptions& options,
                                            std::vector<std::string>& warnings) {
    std::vector<std::string> earlierFolders;
    if (existing.empty())
        return earlierFolders;
    const bool anyDated =
        options.datedExports &&
        (std::any_of(discoveries.begin(), discoveries.end(),
                     [](const Discovery& d) { return datedPath(scopePath(d.scope)).has_value(); }) ||
         std::any_of(options.folders.begin(), options.folders.end(),
                     [](const std::string& f) { return datedPath(f).has_value(); }));
    if (anyDated || !options.replaces.empty()) {
        Sources sources;
        for (const auto& s : existing)
            for (const auto& scope : s.scopes)
                if (!scopePath(scope).empty())
                    sources.map.insert(scope);
        for (const auto& d : discoveries)
            sources.ours.insert(d.scope);
        for (const auto& r : options.replaces) {
            const std::string path = canonicalOrAbsolute(r.path);
            const std::string earlier = earlierRoot(r.earlier, sources);
            bool any = false;
            for (auto& d : discoveries)
                if (auto found = namedEarlier(d, path, earlier, sources)) {
                    any = true;
                    if (!found->empty()) {
                        d.earlier = std::move(*found);
                        d.earlierNamed = true;
                    }
                }
            if (!any)
                throw Error(
                    "--replaces " + r.earlier + ": " + r.path +
                    " holds no source known by its path (a Terraform state is known by its lineage, a "
                    "compose project and a CloudFormation stack by their names, whatever their files are "
                    "called)");
            if (QFileInfo(QString::fromStdString(path)).isDir())
                earlierFolders.push_back(earlier);
        }
        if (anyDated) {
            claimDatedEarlier(discoveries, sources, warnings);
            for (const auto& folder : options.folders)
                for (auto& f : earlierDatedFolders(folder, sources))
                    earlierFolders.push_back(std::move(f));
        }
    }
    for (auto& d : discoveries)
        takeKeysOfSource(d, existing);
    return earlierFolders;
}

void sayWhatEachReplaces(std::vector<Discovery>& discoveries,
                         const std::map<std::string, std::string>& renamed,
                         std::map<std::string, std::string>& replaced) {
    for (auto& d : discoveries) {
        if (d.earlier.empty())
            continue;
        const auto taken = std::find_if(d.earlier.begin(), d.earlier.end(), [&](const std::string& e) {
            const auto r = renamed.find(e);
            return r != renamed.end() && r->second == d.scope;
        });
        const std::string earlierFile(scopePath(taken == d.earlier.end() ? d.earlier.front() : *taken));
        if (taken == d.earlier.end()) {
            d.warnings.push_back("its name says it is a newer export of " + fileName(earlierFile) +
                                 ", but it has nothing that file had: imported as a source of its own");
            continue;
        }
        d.warnings.push_back("a newer export of " + fileName(earlierFile) +
                             ", which it replaces: what is no longer in it is gone");
        replaced.emplace(d.scope, earlierFile);
    }
}

} // namespace terrain
