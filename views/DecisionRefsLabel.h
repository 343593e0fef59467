#pragma once
// "Decisions: ADR-0002 Use PostgreSQL (accepted), ..." for one initiative, risk, area or system: the
// other side of a decision's links, shown where that item is edited (the system inspector). It follows
// the map's decision edits by itself.

#include "Entities.h"

#include <QLabel>

namespace terrain {

class Project;

class DecisionRefsLabel : public QLabel {
    Q_OBJECT
public:
    explicit DecisionRefsLabel(QWidget* parent = nullptr);
    /// The item to show the decisions of (project nullptr or id 0: none).
    void setTarget(Project* project, EntityKind kind, Id id);
    /// The text for `kind`/`id`: the decisions that concern it, or "none".
    static QString textFor(const Project& project, EntityKind kind, Id id);

private:
    void refresh();

    Project* m_project = nullptr;
    EntityKind m_kind = EntityKind::System;
    Id m_id = 0;
    QMetaObject::Connection m_connections[4];
};

} // namespace terrain
