#include "SystemPicker.h"

#include "EntityColumns.h"
#include "Project.h"

#include <QCompleter>
#include <QStringListModel>
#include <QTimer>

namespace terrain {

namespace {
constexpr size_t kMaxCompletions = 50;
}

SystemPicker::SystemPicker(Project& project, QWidget* parent)
    : QLineEdit(parent)
    , m_project(project)
    , m_completer(new QCompleter(this))
    , m_completions(new QStringListModel(this))
    , m_timer(new QTimer(this)) {
    setPlaceholderText(tr("Type a system's name or key"));
    setClearButtonEnabled(true);
    m_completer->setModel(m_completions);
    m_completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    setCompleter(m_completer);
    m_timer->setSingleShot(true);
    m_timer->setInterval(150);
    connect(m_timer, &QTimer::timeout, this, &SystemPicker::updateCompletions);
    connect(this, &QLineEdit::textEdited, m_timer, qOverload<>(&QTimer::start));
}

QString SystemPicker::completionText(const System& s) {
    return QStringLiteral("%1 (%2)").arg(QString::fromStdString(s.name), QString::fromStdString(s.key));
}

void SystemPicker::updateCompletions() {
    const QString t = text().trimmed();
    QStringList items;
    if (!t.isEmpty()) {
        SystemQuery q;
        q.text = t.toStdString();
        const auto ids = m_project.systemIds(q);
        for (size_t i = 0; i < ids.size() && i < kMaxCompletions; ++i)
            if (auto s = m_project.get<System>(ids[i]))
                items << completionText(*s);
    }
    m_completions->setStringList(items);
    if (!items.isEmpty() && hasFocus())
        m_completer->complete();
}

std::optional<Id> SystemPicker::systemId() const {
    return resolveEntity(m_project, EntityKind::System, text());
}

void SystemPicker::setSystemId(Id id) {
    if (auto s = m_project.get<System>(id))
        setText(completionText(*s));
    else
        clear();
}

} // namespace terrain
