#include "DecisionRefsLabel.h"

#include "Project.h"

#include <algorithm>

namespace terrain {

DecisionRefsLabel::DecisionRefsLabel(QWidget* parent)
    : QLabel(parent) {
    setObjectName(QStringLiteral("decisionRefs"));
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
}

QString DecisionRefsLabel::textFor(const Project& project, EntityKind kind, Id id) {
    auto decisions = project.list<Decision>();
    std::sort(decisions.begin(), decisions.end(),
              [](const auto& a, const auto& b) { return a.number < b.number; });
    QStringList items;
    for (const auto& d : decisions) {
        const std::vector<Id>* links = kind == EntityKind::Initiative ? &d.initiatives
                                       : kind == EntityKind::Risk     ? &d.risks
                                       : kind == EntityKind::Area     ? &d.areas
                                                                      : &d.systems;
        if (std::find(links->begin(), links->end(), id) != links->end())
            items << tr("ADR-%1 %2 (%3)")
                         .arg(d.number, 4, 10, QLatin1Char('0'))
                         .arg(QString::fromStdString(d.title), QString::fromStdString(d.status));
    }
    return items.isEmpty() ? tr("none") : items.join(QLatin1Char('\n'));
}

void DecisionRefsLabel::setTarget(Project* project, EntityKind kind, Id id) {
    if (project != m_project) {
        for (auto& c : m_connections)
            disconnect(c);
        m_project = project;
        if (m_project) {
            auto follow = [this](EntityKind k) {
                if (k == EntityKind::Decision)
                    refresh();
            };
            m_connections[0] =
                connect(m_project, &Project::rowInserted, this, [follow](EntityKind k, Id) { follow(k); });
            m_connections[1] =
                connect(m_project, &Project::rowUpdated, this, [follow](EntityKind k, Id) { follow(k); });
            m_connections[2] =
                connect(m_project, &Project::rowRemoved, this, [follow](EntityKind k, Id) { follow(k); });
            m_connections[3] = connect(m_project, &Project::kindReset, this, follow);
        }
    }
    m_kind = kind;
    m_id = id;
    refresh();
}

void DecisionRefsLabel::refresh() {
    setText(m_project && m_id ? textFor(*m_project, m_kind, m_id) : QString());
}

} // namespace terrain
