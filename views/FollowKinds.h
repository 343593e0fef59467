#pragma once
// Pages that show some kinds of rows redraw when those rows change: one place that connects the
// Project's row signals for a set of kinds, instead of four connects with the same filter in every page.

#include "Project.h"

#include <QObject>

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <vector>

namespace terrain {

/// Calls `changed` whenever a row of one of `kinds` is inserted, updated or removed in `project`, or the
/// kind is reset (a large edit, an undo of one). The connections end with `receiver`.
inline void followKinds(Project& project, QObject* receiver, std::initializer_list<EntityKind> kinds,
                        const std::function<void()>& changed) {
    const std::vector<EntityKind> watched(kinds);
    auto follows = [watched](EntityKind k) {
        return std::find(watched.begin(), watched.end(), k) != watched.end();
    };
    QObject::connect(&project, &Project::rowInserted, receiver, [follows, changed](EntityKind k, Id) {
        if (follows(k))
            changed();
    });
    QObject::connect(&project, &Project::rowUpdated, receiver, [follows, changed](EntityKind k, Id) {
        if (follows(k))
            changed();
    });
    QObject::connect(&project, &Project::rowRemoved, receiver, [follows, changed](EntityKind k, Id) {
        if (follows(k))
            changed();
    });
    QObject::connect(&project, &Project::kindReset, receiver, [follows, changed](EntityKind k) {
        if (follows(k))
            changed();
    });
}

} // namespace terrain
