#include "SystemTablePage.h"

#include "EntityColumns.h"
#include "Icons.h"
#include "LazyComboBox.h"
#include "Project.h"
#include "SystemTableModel.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSignalBlocker>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace terrain {

namespace {

QStringList values(Project& project, const char* column) {
    QStringList out;
    for (const auto& v : project.distinctSystemValues(column))
        out << QString::fromStdString(v);
    return out;
}

} // namespace

SystemTablePage::SystemTablePage(Project& project, QWidget* parent)
    : QWidget(parent)
    , m_project(project)
    , m_model(new SystemTableModel(project, this))
    , m_filter(new QLineEdit)
    , m_kind(new LazyComboBox)
    , m_environment(new LazyComboBox)
    , m_owner(new LazyComboBox)
    , m_count(new QLabel)
    , m_add(new QToolButton)
    , m_delete(new QToolButton)
    , m_view(new QTableView)
    , m_filterTimer(new QTimer(this)) {
    setObjectName(QStringLiteral("page-system"));
    m_view->setObjectName(QStringLiteral("table-system"));
    m_filter->setObjectName(QStringLiteral("systemFilter"));
    m_kind->setObjectName(QStringLiteral("kindFilter"));
    m_environment->setObjectName(QStringLiteral("environmentFilter"));
    m_owner->setObjectName(QStringLiteral("ownerFilter"));
    m_view->setAccessibleName(tr("Systems table"));
    m_filter->setAccessibleName(tr("Filter systems by text"));
    m_kind->setAccessibleName(tr("Filter by kind"));
    m_environment->setAccessibleName(tr("Filter by environment"));
    m_owner->setAccessibleName(tr("Filter by owner"));
    m_count->setObjectName(QStringLiteral("systemCount"));

    m_filter->setPlaceholderText(tr("Filter by name, key, kind, provider, owner, address or tag"));
    m_filter->setClearButtonEnabled(true);
    m_kind->setLeadingItems({{tr("All kinds"), QString()}});
    m_kind->setProvider([this] { return values(m_project, "kind"); });
    m_environment->setLeadingItems({{tr("All environments"), QString()}});
    m_environment->setProvider([this] { return values(m_project, "environment"); });
    m_owner->setLeadingItems({{tr("All owners"), QString()}, {tr("(no owner)"), QStringLiteral("-")}});
    m_owner->setProvider([this] { return values(m_project, "owner"); });
    for (LazyComboBox* c : {m_kind, m_environment, m_owner})
        c->setMinimumContentsLength(12);

    m_add->setText(tr("Add system"));
    m_add->setIcon(themedIcon(QStringLiteral("list-add")));
    m_add->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_add->setAutoRaise(true);
    m_delete->setText(tr("Delete"));
    m_delete->setToolTip(tr("Delete the selected systems and their dependencies (Del)"));
    m_delete->setIcon(themedIcon(QStringLiteral("list-remove")));
    m_delete->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_delete->setAutoRaise(true);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_filter, 3);
    bar->addWidget(m_kind, 1);
    bar->addWidget(m_environment, 1);
    bar->addWidget(m_owner, 1);
    bar->addSpacing(8);
    bar->addWidget(m_count);
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_add);
    actions->addWidget(m_delete);
    actions->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(bar);
    layout->addLayout(actions);
    layout->addWidget(m_view, 1);

    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().lineSpacing() + 10);
    auto* header = m_view->horizontalHeader();
    header->setStretchLastSection(true);
    header->setHighlightSections(false);
    header->setSortIndicator(SystemTableModel::Name, Qt::AscendingOrder);
    m_view->setSortingEnabled(true);
    fitColumns();

    auto* del = new QAction(tr("Delete"), m_view);
    del->setShortcut(QKeySequence::Delete);
    del->setShortcutContext(Qt::WidgetShortcut);
    m_view->addAction(del);
    connect(del, &QAction::triggered, this, &SystemTablePage::deleteSelected);
    connect(m_add, &QToolButton::clicked, this, &SystemTablePage::addSystem);
    connect(m_delete, &QToolButton::clicked, this, &SystemTablePage::deleteSelected);

    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(200);
    connect(m_filterTimer, &QTimer::timeout, this, &SystemTablePage::applyFilter);
    connect(m_filter, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));
    for (LazyComboBox* c : {m_kind, m_environment, m_owner})
        connect(c, &QComboBox::currentIndexChanged, this, &SystemTablePage::applyFilter);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                const Id id = current.isValid() ? m_model->idAt(current.row()) : 0;
                if (id == m_current)
                    return;
                m_current = id;
                emit currentSystemChanged(id);
            });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SystemTablePage::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        // A reset (a new filter) forgets the selection: keep the current system when it is still shown.
        const int row = m_current ? m_model->rowOf(m_current) : -1;
        if (row >= 0) {
            m_view->selectionModel()->setCurrentIndex(
                m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_view->scrollTo(m_model->index(row, 0));
        } else if (m_current) {
            m_current = 0;
            emit currentSystemChanged(0);
        }
        updateButtons();
    });
    connect(m_model, &SystemTableModel::shownCountChanged, this, &SystemTablePage::updateCount);
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        if (const Id id = m_model->idAt(index.row()))
            emit editRequested(id);
    });
    updateCount();
    updateButtons();
    // Start on the first system, so the inspector has something to show and the arrow keys work.
    if (m_model->rowCount() > 0) {
        m_view->selectionModel()->setCurrentIndex(m_model->index(0, 0), QItemSelectionModel::ClearAndSelect |
                                                                            QItemSelectionModel::Rows);
    }
}

void SystemTablePage::fitColumns() {
    // Fixed widths from the font, not from the contents: measuring contents would read rows.
    const double cw = averageCharWidth(m_view->fontMetrics());
    const int widths[] = {32, 12, 12, 11, 14, 10, 10, 24};
    for (int c = 0; c < SystemTableModel::ColumnCount; ++c)
        m_view->setColumnWidth(c, std::max(static_cast<int>(widths[c] * cw) + 16,
                                           m_view->horizontalHeader()->sectionSizeHint(c)));
}

void SystemTablePage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange) {
        m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().lineSpacing() + 10);
        fitColumns();
    }
    QWidget::changeEvent(event);
}

Id SystemTablePage::currentSystemId() const {
    return m_current;
}

void SystemTablePage::updateCount() {
    const QLocale locale;
    const qint64 total = m_model->totalCount();
    const qint64 shown = m_model->rowCount();
    if (shown == total)
        m_count->setText(tr("%1 systems").arg(locale.toString(total)));
    else
        m_count->setText(tr("%1 of %2 systems").arg(locale.toString(shown), locale.toString(total)));
}

void SystemTablePage::updateButtons() {
    m_delete->setEnabled(m_view->selectionModel()->hasSelection());
}

void SystemTablePage::applyFilter() {
    m_filterTimer->stop();
    SystemQuery q;
    q.text = m_filter->text().trimmed().toStdString();
    q.kind = m_kind->currentValue().toStdString();
    q.environment = m_environment->currentValue().toStdString();
    q.owner = m_owner->currentValue().toStdString();
    const SystemQuery& now = m_model->query();
    if (q.text == now.text && q.kind == now.kind && q.environment == now.environment && q.owner == now.owner)
        return;
    m_model->setFilter(q);
}

void SystemTablePage::clearFilter() {
    m_filter->clear();
    for (LazyComboBox* c : {m_kind, m_environment, m_owner}) {
        const QSignalBlocker block(c);
        c->setCurrentIndex(0);
    }
    applyFilter();
}

bool SystemTablePage::selectSystem(Id id) {
    int row = m_model->rowOf(id);
    if (row < 0) {
        if (!m_project.get(EntityKind::System, id))
            return false;
        clearFilter();
        row = m_model->rowOf(id);
        if (row < 0)
            return false;
    }
    const QModelIndex index = m_model->index(row, 0);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                         QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    return true;
}

void SystemTablePage::addSystem() {
    Id id = 0;
    try {
        id = m_project.insert(EntityKind::System, newEntityRow(EntityKind::System), tr("Add system"));
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromStdString(e.what()));
        return;
    }
    selectSystem(id);
    emit message(tr("Added a system: name it in the inspector"));
    emit editRequested(id);
}

void SystemTablePage::deleteSelected() {
    std::vector<Id> ids;
    for (const QModelIndex& i : m_view->selectionModel()->selectedRows())
        if (const Id id = m_model->idAt(i.row()))
            ids.push_back(id);
    if (ids.empty() && m_current)
        ids.push_back(m_current);
    if (ids.empty())
        return;
    QString text;
    if (ids.size() == 1)
        text = tr("Delete system “%1”").arg(entityLabel(m_project, EntityKind::System, ids.front()));
    else
        text = tr("Delete %1 systems").arg(ids.size());
    try {
        m_project.edit(text, [&] {
            for (Id id : ids)
                m_project.remove(EntityKind::System, id);
        });
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromStdString(e.what()));
        return;
    }
    emit message(tr("Deleted %n system(s) and their dependencies; Undo (Ctrl+Z) restores them", "",
                    static_cast<int>(ids.size())));
}

} // namespace terrain
