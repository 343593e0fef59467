#pragma once
// The edit stream of the crash-safety test, applied to a real map (child) and to a plain model
// (parent), so that the parent knows what the map must hold after each acknowledged step.
#include "Project.h"

#include <map>
#include <set>
#include <string>
#include <utility>

namespace crashops {

struct State {
    std::map<std::string, std::string> names;           // key -> name
    std::set<std::pair<std::string, std::string>> deps; // (from key, to key)
    bool operator==(const State&) const = default;
};

inline std::string key(long i) {
    return "k" + std::to_string(i);
}

// Every kBulkEvery-th step is also an import's commit: kBulkRows systems of a kilobyte each, written
// once on the rollback journal (Project::EditPages::ManyWrittenOnce), more than its page cache holds,
// so pages reach the file before the commit; it removes the rows of the bulk step before it.
constexpr long kBulkEvery = 20;
constexpr int kBulkRows = 300;
inline bool isBulk(long i) {
    return i % kBulkEvery == 0;
}
inline std::string bulkKey(long i, int j) {
    return "b" + std::to_string(i) + "-" + std::to_string(j);
}

/// Step i on the plain model.
inline void simulate(State& s, long i) {
    if (isBulk(i)) {
        for (int j = 0; j < kBulkRows; ++j) {
            s.names.erase(bulkKey(i - kBulkEvery, j));
            s.names[bulkKey(i, j)] = "bulk";
        }
    }
    s.names[key(i)] = "n" + std::to_string(i);
    if (i % 3 == 0 && s.names.count(key(i - 1)))
        s.names[key(i - 1)] = "u" + std::to_string(i - 1);
    if (i % 5 == 0 && s.names.count(key(i - 1)))
        s.deps.insert({key(i), key(i - 1)});
    if (i % 7 == 0 && s.names.count(key(i - 2))) {
        s.names.erase(key(i - 2));
        for (auto it = s.deps.begin(); it != s.deps.end();)
            it = (it->first == key(i - 2) || it->second == key(i - 2)) ? s.deps.erase(it) : std::next(it);
    }
}

/// Step i on a map, inside one edit.
inline void apply(terrain::Project& p, long i) {
    if (isBulk(i)) {
        for (int j = 0; j < kBulkRows; ++j) {
            if (auto before = p.systemByKey(bulkKey(i - kBulkEvery, j)))
                p.erase<terrain::System>(before->id);
            terrain::System row;
            row.key = bulkKey(i, j);
            row.name = "bulk";
            row.kind = "service";
            row.notes = std::string(1000, 'x');
            p.add(row);
        }
    }
    terrain::System sys;
    sys.key = key(i);
    sys.name = "n" + std::to_string(i);
    sys.kind = "service";
    const terrain::Id id = p.add(sys);
    if (i % 3 == 0)
        if (auto prev = p.systemByKey(key(i - 1))) {
            prev->name = "u" + std::to_string(i - 1);
            p.save(*prev);
        }
    if (i % 5 == 0)
        if (auto prev = p.systemByKey(key(i - 1))) {
            terrain::Dependency d;
            d.from = id;
            d.to = prev->id;
            p.add(d);
        }
    if (i % 7 == 0)
        if (auto old = p.systemByKey(key(i - 2)))
            p.erase<terrain::System>(old->id);
}

/// What the map holds now.
inline State read(const terrain::Project& p) {
    State s;
    std::map<terrain::Id, std::string> keys;
    for (const auto& sys : p.list<terrain::System>()) {
        s.names[sys.key] = sys.name;
        keys[sys.id] = sys.key;
    }
    for (const auto& d : p.list<terrain::Dependency>())
        s.deps.insert({keys.at(d.from), keys.at(d.to)});
    return s;
}

} // namespace crashops
