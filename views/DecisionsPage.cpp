#include "DecisionsPage.h"

#include "DecisionExportDialog.h"
#include "DecisionRecords.h"
#include "Error.h"
#include "FollowKinds.h"
#include "Project.h"
#include "QtText.h"
#include "SystemPicker.h"

#include <QComboBox>
#include <QDate>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace terrain {

namespace {

std::string ss(const QString& s) {
    return s.toStdString();
}

QString adrName(int number) {
    return QStringLiteral("ADR-%1").arg(number, 4, 10, QLatin1Char('0'));
}

std::vector<std::string> splitList(const QString& text, QChar sep) {
    std::vector<std::string> out;
    for (const QString& part : text.split(sep)) {
        const QString t = part.simplified();
        if (!t.isEmpty())
            out.push_back(ss(t));
    }
    return out;
}

QString joinList(const std::vector<std::string>& items, const QString& sep) {
    QStringList l;
    for (const auto& i : items)
        l << qs(i);
    return l.join(sep);
}

/// Filter and link targets are "kind:id" (kind as the EntityKind number).
QString targetData(EntityKind kind, Id id) {
    return QStringLiteral("%1:%2").arg(static_cast<int>(kind)).arg(id);
}

std::optional<std::pair<EntityKind, Id>> parseTarget(const QString& data) {
    const auto parts = data.split(QLatin1Char(':'));
    if (parts.size() != 2)
        return std::nullopt;
    return std::make_pair(static_cast<EntityKind>(parts[0].toInt()), static_cast<Id>(parts[1].toLongLong()));
}

std::vector<Id>* linksOf(Decision& d, EntityKind kind) {
    switch (kind) {
    case EntityKind::Initiative:
        return &d.initiatives;
    case EntityKind::Risk:
        return &d.risks;
    case EntityKind::Area:
        return &d.areas;
    case EntityKind::System:
        return &d.systems;
    default:
        return nullptr;
    }
}

} // namespace

DecisionsPage::DecisionsPage(Project& project, QWidget* parent)
    : QWidget(parent)
    , m_project(project)
    , m_filter(new QComboBox)
    , m_list(new QListWidget)
    , m_question(new QLineEdit)
    , m_newButton(new QPushButton(tr("&New Decision")))
    , m_supersede(new QPushButton(tr("&Supersede")))
    , m_amend(new QPushButton(tr("A&mend")))
    , m_delete(new QPushButton(tr("Delete")))
    , m_editor(new QWidget)
    , m_number(new QLabel)
    , m_title(new QLineEdit)
    , m_status(new QComboBox)
    , m_date(new QLineEdit)
    , m_deciders(new QLineEdit)
    , m_context(new QPlainTextEdit)
    , m_options(new QTableWidget(0, 4))
    , m_outcome(new QPlainTextEdit)
    , m_consequences(new QPlainTextEdit)
    , m_chain(new QLabel)
    , m_links(new QListWidget)
    , m_linkKind(new QComboBox)
    , m_linkTarget(new QComboBox)
    , m_systemPicker(new SystemPicker(project))
    , m_preview(new QTextBrowser)
    , m_typingTimer(new QTimer(this))
    , m_reloadTimer(new QTimer(this)) {
    setObjectName(QStringLiteral("decisionsPage"));
    m_list->setObjectName(QStringLiteral("decisionList"));
    m_question->setObjectName(QStringLiteral("openQuestion"));
    m_preview->setObjectName(QStringLiteral("decisionPreview"));
    m_list->setAccessibleName(tr("Decision records"));
    m_filter->setAccessibleName(tr("Show which decision records"));
    m_question->setAccessibleName(tr("Open question to file as a proposed record"));
    m_preview->setAccessibleName(tr("Preview of the record as Markdown"));
    m_status->setAccessibleName(tr("Status"));
    m_options->setAccessibleName(tr("Options considered, with pros and cons"));
    m_links->setAccessibleName(tr("What the decision concerns"));
    m_linkKind->setAccessibleName(tr("Kind of thing to link"));
    m_linkTarget->setAccessibleName(tr("Thing to link"));
    m_question->setPlaceholderText(tr("Open question from the workshop… (Enter adds it to the backlog)"));
    m_question->setClearButtonEnabled(true);

    // ---- the list ----
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_question);
    leftLayout->addWidget(m_filter);
    leftLayout->addWidget(m_list, 1);
    auto* buttons = new QHBoxLayout;
    auto* exportButton = new QPushButton(tr("&Export…"));
    for (auto* b : {m_newButton, m_supersede, m_amend, m_delete, exportButton})
        buttons->addWidget(b);
    leftLayout->addLayout(buttons);
    m_supersede->setToolTip(tr("A new proposed record that replaces this one; this one becomes superseded"));
    m_amend->setToolTip(tr("A new proposed record that amends this one"));

    // ---- the editor ----
    for (const auto& s : decisionStatuses())
        m_status->addItem(qs(s), qs(s));
    m_date->setPlaceholderText(tr("YYYY-MM-DD"));
    m_deciders->setPlaceholderText(tr("names, separated by commas"));
    m_options->setHorizontalHeaderLabels(
        {tr("Option"), tr("Description"), tr("Pros (separated by ;)"), tr("Cons (separated by ;)")});
    m_options->horizontalHeader()->setStretchLastSection(true);
    m_options->verticalHeader()->hide();
    m_options->setMinimumHeight(110);
    for (auto* e : {m_context, m_outcome, m_consequences}) {
        e->setTabChangesFocus(true);
        e->setMinimumHeight(70);
        e->installEventFilter(this);
    }
    m_context->setPlaceholderText(tr("What forces us to decide (Markdown)"));
    m_outcome->setPlaceholderText(tr("What we decided, and why (Markdown)"));
    m_consequences->setPlaceholderText(tr("What becomes easier or harder (Markdown)"));
    m_chain->setWordWrap(true);
    m_chain->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_links->setMaximumHeight(110);
    m_linkKind->addItem(tr("Initiative"), static_cast<int>(EntityKind::Initiative));
    m_linkKind->addItem(tr("Risk"), static_cast<int>(EntityKind::Risk));
    m_linkKind->addItem(tr("Area"), static_cast<int>(EntityKind::Area));
    m_linkKind->addItem(tr("System"), static_cast<int>(EntityKind::System));
    m_systemPicker->setPlaceholderText(tr("system name or key"));
    auto* addOptionButton = new QPushButton(tr("Add Option"));
    auto* removeOptionButton = new QPushButton(tr("Remove Option"));
    auto* linkButton = new QPushButton(tr("&Link"));
    auto* unlinkButton = new QPushButton(tr("Unlink"));

    auto* form = new QFormLayout(m_editor);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Record"), m_number);
    form->addRow(tr("&Title"), m_title);
    form->addRow(tr("St&atus"), m_status);
    form->addRow(tr("&Date"), m_date);
    form->addRow(tr("Dec&iders"), m_deciders);
    form->addRow(tr("&Context"), m_context);
    auto* optionsBox = new QWidget;
    auto* optionsLayout = new QVBoxLayout(optionsBox);
    optionsLayout->setContentsMargins(0, 0, 0, 0);
    optionsLayout->addWidget(m_options);
    auto* optionButtons = new QHBoxLayout;
    optionButtons->addWidget(addOptionButton);
    optionButtons->addWidget(removeOptionButton);
    optionButtons->addStretch();
    optionsLayout->addLayout(optionButtons);
    form->addRow(tr("&Options"), optionsBox);
    form->addRow(tr("Decisio&n"), m_outcome);
    form->addRow(tr("Consequences"), m_consequences);
    form->addRow(tr("Chain"), m_chain);
    auto* linksBox = new QWidget;
    auto* linksLayout = new QVBoxLayout(linksBox);
    linksLayout->setContentsMargins(0, 0, 0, 0);
    linksLayout->addWidget(m_links);
    auto* linkRow = new QHBoxLayout;
    linkRow->addWidget(m_linkKind);
    linkRow->addWidget(m_linkTarget, 1);
    linkRow->addWidget(m_systemPicker, 1);
    linkRow->addWidget(linkButton);
    linkRow->addWidget(unlinkButton);
    linksLayout->addLayout(linkRow);
    form->addRow(tr("Concerns"), linksBox);
    auto* scroll = new QScrollArea;
    scroll->setWidget(m_editor);
    scroll->setWidgetResizable(true);

    auto* splitter = new QSplitter;
    splitter->addWidget(left);
    splitter->addWidget(scroll);
    splitter->addWidget(m_preview);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 4);
    splitter->setStretchFactor(2, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    // ---- wiring ----
    m_typingTimer->setSingleShot(true);
    m_typingTimer->setInterval(800);
    connect(m_typingTimer, &QTimer::timeout, this, [this] { commitPending(); });
    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(0);
    connect(m_reloadTimer, &QTimer::timeout, this, [this] {
        reloadFilter();
        reloadList();
        reloadLinkTargets();
        load();
    });
    followKinds(m_project, this,
                {EntityKind::Decision, EntityKind::Initiative, EntityKind::Risk, EntityKind::Area,
                 EntityKind::System},
                [this] { m_reloadTimer->start(); });
    connect(m_list, &QListWidget::currentRowChanged, this, [this] {
        if (m_loading)
            return;
        commitPending();
        auto* item = m_list->currentItem();
        m_id = item ? item->data(Qt::UserRole).toLongLong() : 0;
        load();
    });
    connect(m_filter, &QComboBox::activated, this, [this] { reloadList(); });
    connect(m_question, &QLineEdit::returnPressed, this, [this] {
        if (captureQuestion(m_question->text()))
            m_question->clear();
    });
    connect(m_newButton, &QPushButton::clicked, this, [this] {
        try {
            Decision d;
            d.title = ss(tr("New decision"));
            d.date = ss(today());
            const Id id = m_project.add(d, tr("Add decision"));
            selectDecision(id);
            m_title->setFocus();
            m_title->selectAll();
        } catch (const std::exception& e) {
            emit errorOccurred(QString::fromUtf8(e.what()));
        }
    });
    connect(m_supersede, &QPushButton::clicked, this, [this] { supersedeCurrent(); });
    connect(m_amend, &QPushButton::clicked, this, [this] { amendCurrent(); });
    connect(m_delete, &QPushButton::clicked, this, [this] { deleteCurrent(); });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        commitPending();
        DecisionExportDialog dialog(m_project, this);
        connect(&dialog, &DecisionExportDialog::message, this, &DecisionsPage::message);
        dialog.exec();
    });
    connect(m_title, &QLineEdit::editingFinished, this, [this] { commitField(tr("title")); });
    connect(m_date, &QLineEdit::editingFinished, this, [this] { commitField(tr("date")); });
    connect(m_deciders, &QLineEdit::editingFinished, this, [this] { commitField(tr("deciders")); });
    connect(m_status, &QComboBox::activated, this, [this] { commitField(tr("status")); });
    for (auto* e : {m_title, m_date, m_deciders})
        connect(e, &QLineEdit::textEdited, this, [this] { updatePreview(); });
    for (auto* e : {m_context, m_outcome, m_consequences})
        connect(e, &QPlainTextEdit::textChanged, this, [this] {
            if (m_loading)
                return;
            updatePreview();
            m_typingTimer->start();
        });
    connect(m_options, &QTableWidget::itemChanged, this, [this] {
        if (m_loading)
            return;
        updatePreview();
        commitField(tr("options"));
    });
    connect(addOptionButton, &QPushButton::clicked, this, [this] { addOption(); });
    connect(removeOptionButton, &QPushButton::clicked, this, [this] { removeOption(); });
    connect(m_linkKind, &QComboBox::currentIndexChanged, this, [this] { reloadLinkTargets(); });
    connect(linkButton, &QPushButton::clicked, this, [this] { linkChosen(); });
    connect(m_systemPicker, &QLineEdit::returnPressed, this, [this] { linkChosen(); });
    connect(unlinkButton, &QPushButton::clicked, this, [this] { unlinkSelected(); });
    connect(m_chain, &QLabel::linkActivated, this, [this](const QString& link) {
        if (link.startsWith(QStringLiteral("decision:")))
            selectDecision(link.mid(9).toLongLong());
    });

    reloadFilter();
    reloadList();
    reloadLinkTargets();
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
    load();
}

QString DecisionsPage::today() const {
    return QDate::currentDate().toString(Qt::ISODate);
}

void DecisionsPage::reloadFilter() {
    const QString current = m_filter->currentData().toString();
    m_filter->clear();
    m_filter->addItem(tr("All decisions"), QString());
    m_filter->addItem(tr("Backlog: proposed records"), QStringLiteral("backlog"));
    for (const auto& i : m_project.list<Initiative>())
        m_filter->addItem(tr("Concerning initiative %1 — %2").arg(qs(i.key), qs(i.title)),
                          targetData(EntityKind::Initiative, i.id));
    for (const auto& r : m_project.list<Risk>())
        m_filter->addItem(tr("Concerning risk %1 — %2").arg(qs(r.key), qs(r.title)),
                          targetData(EntityKind::Risk, r.id));
    for (const auto& a : m_project.list<Area>())
        m_filter->addItem(tr("Concerning area %1").arg(qs(a.title)), targetData(EntityKind::Area, a.id));
    const int at = m_filter->findData(current);
    m_filter->setCurrentIndex(at < 0 ? 0 : at);
}

void DecisionsPage::reloadList() {
    const QString filter = m_filter->currentData().toString();
    const auto target = parseTarget(filter);
    auto decisions = m_project.list<Decision>();
    std::sort(decisions.begin(), decisions.end(),
              [](const auto& a, const auto& b) { return a.number < b.number; });
    m_loading = true;
    m_list->clear();
    int currentRow = -1;
    for (auto& d : decisions) {
        if (filter == QStringLiteral("backlog") && d.status != "proposed")
            continue;
        if (target) {
            auto* links = linksOf(d, target->first);
            if (!links || std::find(links->begin(), links->end(), target->second) == links->end())
                continue;
        }
        auto* item = new QListWidgetItem(
            QStringLiteral("%1  %2  [%3]").arg(adrName(d.number), qs(d.title), qs(d.status)));
        item->setData(Qt::UserRole, static_cast<qlonglong>(d.id));
        if (d.status == "superseded" || d.status == "rejected" || d.status == "deprecated")
            item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
        m_list->addItem(item);
        if (d.id == m_id)
            currentRow = m_list->count() - 1;
    }
    if (currentRow >= 0)
        m_list->setCurrentRow(currentRow);
    m_loading = false;
    if (currentRow < 0 && m_id && !m_project.get<Decision>(m_id))
        m_id = 0;
    updateButtons();
}

void DecisionsPage::reloadLinkTargets() {
    const auto kind = static_cast<EntityKind>(m_linkKind->currentData().toInt());
    m_systemPicker->setVisible(kind == EntityKind::System);
    m_linkTarget->setVisible(kind != EntityKind::System);
    m_linkTarget->clear();
    if (kind == EntityKind::Initiative)
        for (const auto& i : m_project.list<Initiative>())
            m_linkTarget->addItem(QStringLiteral("%1 — %2").arg(qs(i.key), qs(i.title)),
                                  static_cast<qlonglong>(i.id));
    else if (kind == EntityKind::Risk)
        for (const auto& r : m_project.list<Risk>())
            m_linkTarget->addItem(QStringLiteral("%1 — %2").arg(qs(r.key), qs(r.title)),
                                  static_cast<qlonglong>(r.id));
    else if (kind == EntityKind::Area)
        for (const auto& a : m_project.list<Area>())
            m_linkTarget->addItem(qs(a.title), static_cast<qlonglong>(a.id));
}

bool DecisionsPage::selectDecision(Id id) {
    if (!m_project.get<Decision>(id))
        return false;
    for (int pass = 0; pass < 2; ++pass) {
        for (int i = 0; i < m_list->count(); ++i)
            if (m_list->item(i)->data(Qt::UserRole).toLongLong() == id) {
                m_list->setCurrentRow(i);
                if (m_id != id) {
                    m_id = id;
                    load();
                }
                return true;
            }
        m_filter->setCurrentIndex(0);
        reloadList();
    }
    return false;
}

void DecisionsPage::load() {
    m_loading = true;
    const auto d = m_id ? m_project.get<Decision>(m_id) : std::nullopt;
    m_editor->setEnabled(d.has_value());
    // A field the user is typing in (its text differs from what was last shown of this decision)
    // keeps its text; it is saved when left or after a pause.
    const bool sameDecision = d && m_shown && m_shown->id == d->id;
    auto setLine = [&](QLineEdit* e, const QString& text, const QString& shown) {
        if (sameDecision && e->text() != shown)
            return;
        if (e->text() != text)
            e->setText(text);
    };
    auto setText = [&](QPlainTextEdit* e, const QString& text, const std::string& shown) {
        if (sameDecision && e->toPlainText() != qs(shown))
            return;
        if (e->toPlainText() != text)
            e->setPlainText(text);
    };
    if (!d) {
        m_shown.reset();
        m_number->clear();
        for (auto* e : {m_title, m_date, m_deciders})
            e->clear();
        for (auto* e : {m_context, m_outcome, m_consequences})
            e->clear();
        m_options->setRowCount(0);
        m_links->clear();
        m_chain->clear();
        m_preview->setMarkdown(m_project.count(EntityKind::Decision) == 0
                                   ? tr("No decisions yet. Type an open question above and press Enter, or "
                                        "press New Decision.")
                                   : QString());
        m_loading = false;
        updateButtons();
        return;
    }
    m_number->setText(adrName(d->number));
    setLine(m_title, qs(d->title), sameDecision ? qs(m_shown->title) : QString());
    m_status->setCurrentIndex(std::max(0, m_status->findData(qs(d->status))));
    setLine(m_date, qs(d->date), sameDecision ? qs(m_shown->date) : QString());
    setLine(m_deciders, joinList(d->deciders, QStringLiteral(", ")),
            sameDecision ? joinList(m_shown->deciders, QStringLiteral(", ")) : QString());
    setText(m_context, qs(d->context), sameDecision ? m_shown->context : std::string());
    setText(m_outcome, qs(d->outcome), sameDecision ? m_shown->outcome : std::string());
    setText(m_consequences, qs(d->consequences), sameDecision ? m_shown->consequences : std::string());
    m_options->setRowCount(static_cast<int>(d->options.size()));
    for (int r = 0; r < static_cast<int>(d->options.size()); ++r) {
        const auto& o = d->options[static_cast<size_t>(r)];
        const QString cells[] = {qs(o.title), qs(o.description).replace(QLatin1Char('\n'), QLatin1Char(' ')),
                                 joinList(o.pros, QStringLiteral("; ")),
                                 joinList(o.cons, QStringLiteral("; "))};
        for (int c = 0; c < 4; ++c) {
            auto* item = m_options->item(r, c);
            if (!item)
                m_options->setItem(r, c, item = new QTableWidgetItem);
            if (item->text() != cells[c])
                item->setText(cells[c]);
        }
    }
    // links, from this side
    m_links->clear();
    auto addLink = [&](EntityKind kind, Id id, const QString& text) {
        auto* item = new QListWidgetItem(text);
        item->setData(Qt::UserRole, targetData(kind, id));
        m_links->addItem(item);
    };
    for (Id i : d->initiatives)
        if (auto v = m_project.get<Initiative>(i))
            addLink(EntityKind::Initiative, i, tr("Initiative %1 — %2").arg(qs(v->key), qs(v->title)));
    for (Id i : d->risks)
        if (auto v = m_project.get<Risk>(i))
            addLink(EntityKind::Risk, i, tr("Risk %1 — %2").arg(qs(v->key), qs(v->title)));
    for (Id i : d->areas)
        if (auto v = m_project.get<Area>(i))
            addLink(EntityKind::Area, i, tr("Area %1").arg(qs(v->title)));
    for (Id i : d->systems)
        if (auto v = m_project.get<System>(i))
            addLink(EntityKind::System, i, tr("System %1 (%2)").arg(qs(v->name), qs(v->key)));
    // the chains
    QStringList chain;
    auto ref = [&](Id id) {
        const auto other = m_project.get<Decision>(id);
        return other ? QStringLiteral("<a href=\"decision:%1\">%2</a> %3")
                           .arg(id)
                           .arg(adrName(other->number), qs(other->title).toHtmlEscaped())
                     : QString();
    };
    if (d->supersedes)
        chain << tr("Supersedes %1").arg(ref(*d->supersedes));
    for (const auto& other : m_project.list<Decision>()) {
        if (other.supersedes == d->id)
            chain << tr("Superseded by %1").arg(ref(other.id));
        if (std::find(other.amends.begin(), other.amends.end(), d->id) != other.amends.end())
            chain << tr("Amended by %1").arg(ref(other.id));
    }
    for (Id a : d->amends)
        chain << tr("Amends %1").arg(ref(a));
    const auto line = supersedeChain(m_project, d->id);
    if (line.size() > 1) {
        QStringList names;
        for (Id id : line)
            if (auto x = m_project.get<Decision>(id))
                names << (id == d->id ? QStringLiteral("<b>%1</b>") : QStringLiteral("%1"))
                             .arg(adrName(x->number));
        chain << tr("Line: %1").arg(names.join(QStringLiteral(" → ")));
    }
    m_chain->setText(chain.isEmpty() ? tr("Stands alone") : chain.join(QStringLiteral("<br>")));
    m_shown = d;
    m_loading = false;
    updatePreview();
    updateButtons();
}

void DecisionsPage::updateButtons() {
    const bool has = m_id && m_project.get<Decision>(m_id);
    m_supersede->setEnabled(has);
    m_amend->setEnabled(has);
    m_delete->setEnabled(has);
}

Decision DecisionsPage::edited() const {
    Decision d = m_shown ? *m_shown : Decision{};
    d.title = ss(m_title->text().simplified());
    d.status = ss(m_status->currentData().toString());
    d.date = ss(m_date->text().trimmed());
    d.deciders = splitList(m_deciders->text(), QLatin1Char(','));
    d.context = ss(m_context->toPlainText());
    d.outcome = ss(m_outcome->toPlainText());
    d.consequences = ss(m_consequences->toPlainText());
    d.options.clear();
    for (int r = 0; r < m_options->rowCount(); ++r) {
        auto cell = [&](int c) { return m_options->item(r, c) ? m_options->item(r, c)->text() : QString(); };
        DecisionOption o;
        o.title = ss(cell(0).simplified());
        o.description = ss(cell(1).trimmed());
        // the table shows a description on one line: an unchanged cell keeps the stored line breaks
        if (m_shown && r < static_cast<int>(m_shown->options.size())) {
            const std::string& stored = m_shown->options[static_cast<size_t>(r)].description;
            if (qs(stored).replace(QLatin1Char('\n'), QLatin1Char(' ')).trimmed() == cell(1).trimmed())
                o.description = stored;
        }
        o.pros = splitList(cell(2), QLatin1Char(';'));
        o.cons = splitList(cell(3), QLatin1Char(';'));
        if (!o.title.empty() || !o.description.empty() || !o.pros.empty() || !o.cons.empty())
            d.options.push_back(o);
    }
    return d;
}

void DecisionsPage::updatePreview() {
    if (!m_shown)
        return;
    auto records = decisionRecords(m_project);
    const DecisionRecord mine = decisionRecord(m_project, edited());
    for (size_t i = 0; i < records.size(); ++i)
        if (records[i].number == mine.number) {
            records[i] = mine;
            m_preview->setMarkdown(qs(renderDecision(records, i, AdrLayout::AdrTools)));
            return;
        }
}

void DecisionsPage::save(const QString& what, const Decision& d) {
    try {
        m_project.save(d, tr("Edit %1 of %2").arg(what, adrName(d.number)));
        m_shown = d;
        // show what was saved ("a,b " as "a, b"), so that the fields read as untouched again
        if (ss(m_title->text().simplified()) == d.title && m_title->text() != qs(d.title))
            m_title->setText(qs(d.title));
        if (ss(m_date->text().trimmed()) == d.date && m_date->text() != qs(d.date))
            m_date->setText(qs(d.date));
        if (const QString shown = joinList(d.deciders, QStringLiteral(", "));
            splitList(m_deciders->text(), QLatin1Char(',')) == d.deciders && m_deciders->text() != shown)
            m_deciders->setText(shown);
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
        load();
    }
}

void DecisionsPage::commitField(const QString& what) {
    if (m_loading || !m_shown)
        return;
    const Decision d = edited();
    if (json(d) == json(*m_shown))
        return;
    save(what, d);
}

void DecisionsPage::commitPending() {
    m_typingTimer->stop();
    commitField(tr("the record"));
}

bool DecisionsPage::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::FocusOut &&
        (watched == m_context || watched == m_outcome || watched == m_consequences))
        commitPending();
    return QWidget::eventFilter(watched, event);
}

Id DecisionsPage::captureQuestion(const QString& question) {
    try {
        commitPending();
        const Id id = captureDecisionQuestion(m_project, ss(question), ss(today()));
        selectDecision(id);
        emit message(
            tr("%1 added to the decision backlog").arg(adrName(m_project.get<Decision>(id)->number)));
        return id;
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
        return 0;
    }
}

Id DecisionsPage::supersedeCurrent() {
    if (!m_id)
        return 0;
    try {
        commitPending();
        const Id id = supersedeDecision(m_project, m_id, "", ss(today()));
        selectDecision(id);
        m_title->setFocus();
        m_title->selectAll();
        return id;
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
        return 0;
    }
}

Id DecisionsPage::amendCurrent() {
    if (!m_id)
        return 0;
    try {
        commitPending();
        const Id id = amendDecision(m_project, m_id, "", ss(today()));
        selectDecision(id);
        m_title->setFocus();
        m_title->selectAll();
        return id;
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
        return 0;
    }
}

void DecisionsPage::deleteCurrent() {
    if (!m_id)
        return;
    try {
        const auto d = m_project.get<Decision>(m_id);
        if (!d)
            return;
        m_project.erase<Decision>(m_id, tr("Delete %1").arg(adrName(d->number)));
        m_id = 0;
        m_shown.reset();
        m_reloadTimer->start();
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
    }
}

void DecisionsPage::addOption() {
    if (!m_shown)
        return;
    m_loading = true;
    const int r = m_options->rowCount();
    m_options->insertRow(r);
    for (int c = 0; c < 4; ++c)
        m_options->setItem(r, c, new QTableWidgetItem);
    m_loading = false;
    m_options->setCurrentCell(r, 0);
    m_options->editItem(m_options->item(r, 0));
}

void DecisionsPage::removeOption() {
    const int r = m_options->currentRow();
    if (r < 0 || !m_shown)
        return;
    m_options->removeRow(r);
    commitField(tr("options"));
}

void DecisionsPage::linkChosen() {
    if (!m_shown)
        return;
    commitPending();
    const auto kind = static_cast<EntityKind>(m_linkKind->currentData().toInt());
    std::optional<Id> target;
    if (kind == EntityKind::System)
        target = m_systemPicker->systemId();
    else if (m_linkTarget->currentIndex() >= 0)
        target = m_linkTarget->currentData().toLongLong();
    if (!target) {
        emit errorOccurred(kind == EntityKind::System
                               ? tr("No system of the map is named \"%1\"").arg(m_systemPicker->text())
                               : tr("Choose what the decision concerns first"));
        return;
    }
    Decision d = *m_shown;
    auto* links = linksOf(d, kind);
    if (std::find(links->begin(), links->end(), *target) != links->end())
        return;
    links->push_back(*target);
    save(tr("links"), d);
    m_systemPicker->clear();
}

void DecisionsPage::unlinkSelected() {
    auto* item = m_links->currentItem();
    if (!item || !m_shown)
        return;
    const auto target = parseTarget(item->data(Qt::UserRole).toString());
    if (!target)
        return;
    Decision d = *m_shown;
    auto* links = linksOf(d, target->first);
    links->erase(std::remove(links->begin(), links->end(), target->second), links->end());
    save(tr("links"), d);
}

} // namespace terrain
