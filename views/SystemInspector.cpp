#include "SystemInspector.h"

#include "DecisionRefsLabel.h"
#include "EntityColumns.h"
#include "GraphAnalysis.h"
#include "LazyComboBox.h"
#include "Project.h"

#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace terrain {

namespace {

QString joined(const std::vector<std::string>& v) {
    QStringList parts;
    for (const auto& s : v)
        parts << QString::fromStdString(s);
    return parts.join(QStringLiteral(", "));
}

QStringList toStringList(const std::vector<std::string>& v) {
    QStringList out;
    for (const auto& s : v)
        out << QString::fromStdString(s);
    return out;
}

void setTextIfChanged(QLineEdit* edit, const QString& text) {
    if (edit->text() != text) {
        edit->setText(text);
        edit->setCursorPosition(0);
    }
}

QLineEdit* readOnlyField(const QString& objectName) {
    auto* e = new QLineEdit;
    e->setObjectName(objectName);
    e->setReadOnly(true);
    e->setFrame(false);
    // No field of its own: the panel's background shows through, in the light and the dark theme.
    QPalette p = e->palette();
    p.setColor(QPalette::Base, Qt::transparent);
    e->setPalette(p);
    e->setFocusPolicy(Qt::ClickFocus);
    return e;
}

QComboBox* choiceCombo(const QString& objectName, const std::vector<std::string>& values, bool allowEmpty) {
    auto* c = new QComboBox;
    c->setObjectName(objectName);
    if (allowEmpty)
        c->addItem(QStringLiteral("—"), QString());
    for (const auto& v : values)
        c->addItem(QString::fromStdString(v), QString::fromStdString(v));
    return c;
}

void selectValue(QComboBox* combo, const QString& value) {
    const QSignalBlocker block(combo);
    int i = combo->findData(value);
    if (i < 0) {
        combo->addItem(value, value); // a value from a source that is not in the vocabulary
        i = combo->count() - 1;
    }
    combo->setCurrentIndex(i);
}

} // namespace

SystemInspector::SystemInspector(QWidget* parent)
    : QWidget(parent)
    , m_stack(new QStackedWidget)
    , m_heading(new QLabel)
    , m_name(new QLineEdit)
    , m_kind(choiceCombo(QStringLiteral("kindCombo"), systemKinds(), false))
    , m_provider(new LazyComboBox)
    , m_environment(new LazyComboBox)
    , m_owner(new LazyComboBox)
    , m_lifecycle(choiceCombo(QStringLiteral("lifecycleCombo"), lifecycles(), true))
    , m_criticality(choiceCombo(QStringLiteral("criticalityCombo"), criticalities(), true))
    , m_tags(new QLineEdit)
    , m_notes(new QPlainTextEdit)
    , m_key(readOnlyField(QStringLiteral("keyField")))
    , m_address(readOnlyField(QStringLiteral("addressField")))
    , m_group(readOnlyField(QStringLiteral("groupField")))
    , m_sources(readOnlyField(QStringLiteral("sourcesField")))
    , m_origin(readOnlyField(QStringLiteral("originField")))
    , m_firstSeen(readOnlyField(QStringLiteral("firstSeenField")))
    , m_lastSeen(readOnlyField(QStringLiteral("lastSeenField")))
    , m_dependencies(new QListWidget)
    , m_decisionRefs(new DecisionRefsLabel) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_stack);

    auto* empty = new QLabel(tr("Select a system in the table to see and edit it here."));
    empty->setObjectName(QStringLiteral("emptyLabel"));
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setMargin(24);
    m_stack->addWidget(empty);

    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* page = new QWidget;
    scroll->setWidget(page);
    m_stack->addWidget(scroll);
    auto* layout = new QVBoxLayout(page);

    updateHeadingFont();
    m_heading->setObjectName(QStringLiteral("heading"));
    // No word wrap: a label that wraps makes the whole form height-for-width, and the scroll area then
    // sizes it by preferred (not minimum) heights and scrolls at 1080p.
    m_heading->setMinimumWidth(1);
    m_heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_heading);

    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_provider->setObjectName(QStringLiteral("providerCombo"));
    m_environment->setObjectName(QStringLiteral("environmentCombo"));
    m_owner->setObjectName(QStringLiteral("ownerCombo"));
    m_tags->setObjectName(QStringLiteral("tagsEdit"));
    m_tags->setPlaceholderText(tr("comma, separated, tags"));
    m_notes->setObjectName(QStringLiteral("notesEdit"));
    m_notes->setTabChangesFocus(true);
    m_notes->setPlaceholderText(tr("What the sources cannot know: who runs it, why it is like this, …"));
    m_notes->setMinimumHeight(m_notes->fontMetrics().lineSpacing() * 5);
    m_notes->installEventFilter(this);
    m_dependencies->setObjectName(QStringLiteral("dependencyList"));
    m_dependencies->setAccessibleName(tr("Dependencies of the system"));
    m_dependencies->setToolTip(tr("Double-click a system to select it"));
    m_dependencies->setMinimumHeight(m_dependencies->fontMetrics().lineSpacing() * 5);
    m_dependencies->setWordWrap(true);
    m_dependencies->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_dependencies->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);

    for (LazyComboBox* c : {m_provider, m_environment, m_owner}) {
        c->setEditable(true);
        c->setInsertPolicy(QComboBox::NoInsert);
        c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    }
    auto provide = [this](const char* column, const std::vector<std::string>& base) {
        return [this, column, base] {
            QStringList values = toStringList(base);
            if (m_project)
                for (const auto& v : m_project->distinctSystemValues(column))
                    if (!values.contains(QString::fromStdString(v)))
                        values << QString::fromStdString(v);
            return values;
        };
    };
    m_provider->setProvider(provide("provider", {}));
    m_environment->setProvider(provide("environment", environments()));
    m_owner->setProvider(provide("owner", {}));

    auto* edit = new QGroupBox(tr("System"));
    auto* form = new QFormLayout(edit);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Name"), m_name);
    form->addRow(tr("&Kind"), m_kind);
    form->addRow(tr("&Provider"), m_provider);
    form->addRow(tr("&Environment"), m_environment);
    form->addRow(tr("&Owner"), m_owner);
    form->addRow(tr("&Lifecycle"), m_lifecycle);
    form->addRow(tr("&Criticality"), m_criticality);
    form->addRow(tr("&Tags"), m_tags);
    form->addRow(tr("N&otes"), m_notes);
    layout->addWidget(edit);

    auto* source = new QGroupBox(tr("From the sources"));
    auto* sourceForm = new QFormLayout(source);
    sourceForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    sourceForm->addRow(tr("Key"), m_key);
    sourceForm->addRow(tr("Address"), m_address);
    sourceForm->addRow(tr("Group"), m_group);
    sourceForm->addRow(tr("Sources"), m_sources);
    sourceForm->addRow(tr("Origin"), m_origin);
    sourceForm->addRow(tr("First seen"), m_firstSeen);
    sourceForm->addRow(tr("Last seen"), m_lastSeen);
    layout->addWidget(source);

    auto* deps = new QGroupBox(tr("Dependencies"));
    auto* depsLayout = new QVBoxLayout(deps);
    depsLayout->addWidget(m_dependencies);
    layout->addWidget(deps, 1);

    auto* decisions = new QGroupBox(tr("Decisions"));
    auto* decisionsLayout = new QVBoxLayout(decisions);
    decisionsLayout->addWidget(m_decisionRefs);
    layout->addWidget(decisions);

    connect(m_name, &QLineEdit::editingFinished, this, &SystemInspector::commitName);
    connect(m_tags, &QLineEdit::editingFinished, this, &SystemInspector::commitTags);
    connect(m_kind, &QComboBox::activated, this, [this] { commitChoice(m_kind, tr("kind"), &System::kind); });
    connect(m_lifecycle, &QComboBox::activated, this,
            [this] { commitChoice(m_lifecycle, tr("lifecycle"), &System::lifecycle); });
    connect(m_criticality, &QComboBox::activated, this,
            [this] { commitChoice(m_criticality, tr("criticality"), &System::criticality); });
    auto textCombo = [this](LazyComboBox* combo, const QString& what, std::string System::*field) {
        connect(combo->lineEdit(), &QLineEdit::editingFinished, this,
                [this, combo, what, field] { commitText(combo, what, field); });
        connect(combo, &QComboBox::activated, this,
                [this, combo, what, field] { commitText(combo, what, field); });
    };
    textCombo(m_provider, tr("provider"), &System::provider);
    textCombo(m_environment, tr("environment"), &System::environment);
    textCombo(m_owner, tr("owner"), &System::owner);
    connect(m_dependencies, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        if (const Id id = item->data(Qt::UserRole).toLongLong())
            emit systemActivated(id);
    });

    setProject(nullptr);
}

QSize SystemInspector::sizeHint() const {
    return {static_cast<int>(averageCharWidth(fontMetrics()) * 50), 600};
}

QSize SystemInspector::minimumSizeHint() const {
    return {static_cast<int>(averageCharWidth(fontMetrics()) * 36), 200};
}

void SystemInspector::updateHeadingFont() {
    QFont f = font();
    if (f.pointSizeF() > 0)
        f.setPointSizeF(f.pointSizeF() * 1.3);
    f.setBold(true);
    m_heading->setFont(f);
}

void SystemInspector::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange)
        updateHeadingFont();
    QWidget::changeEvent(event);
}

void SystemInspector::setProject(Project* project) {
    if (m_project)
        disconnect(m_project, nullptr, this, nullptr);
    m_project = project;
    m_id = 0;
    if (m_project) {
        connect(m_project, &Project::rowUpdated, this, [this](EntityKind kind, Id id) {
            if (kind == EntityKind::System && id == m_id)
                load();
            else if (m_id && (kind == EntityKind::Dependency || kind == EntityKind::System))
                loadDependencies();
        });
        connect(m_project, &Project::rowInserted, this, [this](EntityKind kind, Id id) {
            if (kind == EntityKind::System && id == m_id)
                load();
            else if (m_id && kind == EntityKind::Dependency)
                loadDependencies();
        });
        connect(m_project, &Project::rowRemoved, this, [this](EntityKind kind, Id id) {
            if (kind == EntityKind::System && id == m_id)
                setSystem(0);
            else if (m_id && kind == EntityKind::Dependency)
                loadDependencies();
        });
        connect(m_project, &Project::kindReset, this, [this](EntityKind kind) {
            if (m_id && (kind == EntityKind::System || kind == EntityKind::Dependency))
                load();
        });
    }
    load();
}

void SystemInspector::setSystem(Id id) {
    if (id == m_id)
        return;
    m_id = id;
    load(true);
}

void SystemInspector::clearFields() {
    m_stack->setCurrentIndex(0);
    m_dependencies->clear();
}

void SystemInspector::load(bool force) {
    m_decisionRefs->setTarget(m_project, EntityKind::System, m_project ? m_id : 0);
    if (!m_project || m_id == 0) {
        m_shown.reset();
        clearFields();
        return;
    }
    std::optional<System> s;
    try {
        s = m_project->get<System>(m_id);
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromStdString(e.what()));
    }
    if (!s) {
        m_id = 0;
        m_shown.reset();
        clearFields();
        return;
    }
    const bool fresh = force || !m_shown || m_shown->id != s->id;
    // A field keeps what the user is typing: only fields still showing the old value are updated.
    auto untouched = [&](const QString& now, const std::string& shown) {
        return fresh || now == QString::fromStdString(shown);
    };
    m_loading = true;
    m_stack->setCurrentIndex(1);
    m_heading->setText(QString::fromStdString(s->name));
    m_heading->setToolTip(m_heading->text());
    if (untouched(m_name->text(), m_shown ? m_shown->name : std::string()))
        setTextIfChanged(m_name, QString::fromStdString(s->name));
    selectValue(m_kind, QString::fromStdString(s->kind));
    if (untouched(m_provider->currentText(), m_shown ? m_shown->provider : std::string()))
        m_provider->setCurrentValue(QString::fromStdString(s->provider));
    if (untouched(m_environment->currentText(), m_shown ? m_shown->environment : std::string()))
        m_environment->setCurrentValue(QString::fromStdString(s->environment));
    if (untouched(m_owner->currentText(), m_shown ? m_shown->owner : std::string()))
        m_owner->setCurrentValue(QString::fromStdString(s->owner));
    // Without an owner of its own: the one it has through what contains it (a catalog component that its
    // Kubernetes objects are part of), greyed.
    if (QLineEdit* edit = m_owner->lineEdit()) {
        QString through;
        if (s->owner.empty())
            if (const auto inherited = inheritedOwner(*m_project, s->id))
                through = tr("%1 (through %2)")
                              .arg(QString::fromStdString(inherited->owner),
                                   entityLabel(*m_project, EntityKind::System, inherited->through));
        edit->setPlaceholderText(through);
    }
    selectValue(m_lifecycle, QString::fromStdString(s->lifecycle));
    selectValue(m_criticality, QString::fromStdString(s->criticality));
    if (fresh || m_tags->text() == joined(m_shown->tags))
        setTextIfChanged(m_tags, joined(s->tags));
    if (untouched(m_notes->toPlainText(), m_shown ? m_shown->notes : std::string()) &&
        m_notes->toPlainText() != QString::fromStdString(s->notes))
        m_notes->setPlainText(QString::fromStdString(s->notes));
    setTextIfChanged(m_key, QString::fromStdString(s->key));
    setTextIfChanged(m_address, QString::fromStdString(s->address));
    setTextIfChanged(m_group, QString::fromStdString(s->group));
    setTextIfChanged(m_sources, joined(s->sources));
    QString origin = QString::fromStdString(s->origin);
    if (s->status == "gone")
        origin += tr(" · gone (no longer seen by its source)");
    if (std::count(s->tags.begin(), s->tags.end(), "managed-elsewhere"))
        origin += tr(" · managed elsewhere (named by its id; no imported source manages it)");
    else if (std::count(s->tags.begin(), s->tags.end(), "external"))
        origin += tr(" · external (named; no imported source defines it)");
    setTextIfChanged(m_origin, origin);
    setTextIfChanged(m_firstSeen, QString::fromStdString(s->firstSeen));
    setTextIfChanged(m_lastSeen, QString::fromStdString(s->lastSeen));
    m_key->setToolTip(m_key->text());
    m_address->setToolTip(m_address->text());
    m_origin->setToolTip(m_origin->text()); // (a placeholder's says more than the field's width)
    m_shown = std::move(s);
    m_loading = false;
    loadDependencies();
}

void SystemInspector::loadDependencies() {
    m_dependencies->clear();
    if (!m_project || m_id == 0)
        return;
    try {
        for (const auto& d : m_project->dependenciesOf(m_id)) {
            const bool outgoing = d.from == m_id;
            const Id other = outgoing ? d.to : d.from;
            const QString name = entityLabel(*m_project, EntityKind::System, other);
            const QString kind = QString::fromStdString(d.kind);
            auto* item = new QListWidgetItem(outgoing ? tr("→ %1 %2").arg(kind, name)
                                                      : tr("← %1 %2 this").arg(name, kind));
            item->setData(Qt::UserRole, QVariant::fromValue<qlonglong>(other));
            if (!d.evidence.empty())
                item->setToolTip(QString::fromStdString(d.evidence));
            m_dependencies->addItem(item);
        }
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromStdString(e.what()));
    }
    if (m_dependencies->count() == 0) {
        auto* item = new QListWidgetItem(tr("No dependencies"));
        item->setFlags(Qt::NoItemFlags);
        m_dependencies->addItem(item);
    }
}

void SystemInspector::commit(const QString& what, const std::function<void(System&)>& change) {
    if (m_loading || !m_project || m_id == 0)
        return;
    try {
        auto before = m_project->get<System>(m_id);
        if (!before)
            return;
        System after = *before;
        change(after);
        if (json(after) == json(*before))
            return;
        m_project->save(after, tr("Edit %1 of “%2”").arg(what, QString::fromStdString(before->name)));
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromStdString(e.what()));
        load(true);
    }
}

void SystemInspector::commitName() {
    const QString name = m_name->text().trimmed();
    if (name.isEmpty()) {
        emit errorOccurred(tr("A system needs a name; the name was not changed"));
        if (m_shown)
            setTextIfChanged(m_name, QString::fromStdString(m_shown->name));
        return;
    }
    commit(tr("name"), [&](System& s) { s.name = name.toStdString(); });
    if (m_shown && m_shown->name == name.toStdString())
        setTextIfChanged(m_name, name);
}

void SystemInspector::commitTags() {
    std::vector<std::string> tags;
    for (const QString& t : splitList(m_tags->text()))
        if (std::find(tags.begin(), tags.end(), t.toStdString()) == tags.end())
            tags.push_back(t.toStdString());
    commit(tr("tags"), [&](System& s) { s.tags = tags; });
    // Show the normalised list ("a,b ," becomes "a, b").
    if (m_shown && m_shown->tags == tags)
        setTextIfChanged(m_tags, joined(tags));
}

void SystemInspector::commitNotes() {
    const std::string notes = m_notes->toPlainText().toStdString();
    commit(tr("notes"), [&](System& s) { s.notes = notes; });
}

void SystemInspector::commitText(LazyComboBox* combo, const QString& what, std::string System::*field) {
    const std::string value = combo->currentText().trimmed().toStdString();
    commit(what, [&](System& s) { s.*field = value; });
    if (m_shown && (*m_shown).*field == value)
        combo->setCurrentValue(QString::fromStdString(value));
}

void SystemInspector::commitChoice(QComboBox* combo, const QString& what, std::string System::*field) {
    const std::string value = combo->currentData().toString().toStdString();
    commit(what, [&](System& s) { s.*field = value; });
}

void SystemInspector::commitPending() {
    if (!m_project || m_id == 0)
        return;
    commitName();
    commitText(m_provider, tr("provider"), &System::provider);
    commitText(m_environment, tr("environment"), &System::environment);
    commitText(m_owner, tr("owner"), &System::owner);
    commitTags();
    commitNotes();
}

bool SystemInspector::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_notes && event->type() == QEvent::FocusOut)
        commitNotes();
    return QWidget::eventFilter(watched, event);
}

} // namespace terrain
