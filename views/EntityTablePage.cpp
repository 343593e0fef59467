#include "EntityTablePage.h"

#include "AddDependencyDialog.h"
#include "DecisionRefsLabel.h"
#include "EntityDelegate.h"
#include "EntityTableModel.h"
#include "Icons.h"
#include "Project.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <set>

namespace terrain {

EntityTablePage::EntityTablePage(Project& project, EntityKind kind, QWidget* parent)
    : QWidget(parent)
    , m_project(project)
    , m_kind(kind)
    , m_delegate(new EntityDelegate(this))
    , m_view(new QTableView)
    , m_add(new QToolButton)
    , m_delete(new QToolButton) {
    setObjectName(QStringLiteral("page-%1").arg(QString::fromStdString(kindName(kind))));
    m_view->setObjectName(QStringLiteral("table-%1").arg(QString::fromStdString(kindName(kind))));
    m_view->setAccessibleName(tr("%1 table").arg(entityTitle(kind)));
    const QString singular = entityTitle(kind, false);

    m_add->setText(kind == EntityKind::Dependency ? tr("Add dependency…") : tr("Add %1").arg(singular));
    m_add->setIcon(themedIcon(QStringLiteral("list-add")));
    m_add->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_add->setAutoRaise(true);
    m_delete->setText(tr("Delete"));
    m_delete->setToolTip(tr("Delete the selected %1 (Del)").arg(entityTitle(kind, true).toLower()));
    m_delete->setIcon(themedIcon(QStringLiteral("list-remove")));
    m_delete->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_delete->setAutoRaise(true);

    auto* hint =
        new QLabel(kind == EntityKind::Import
                       ? tr("Every import run, as it happened.")
                       : tr("Double-click or start typing to edit a cell; every edit is saved and can be "
                            "undone."));
    hint->setForegroundRole(QPalette::PlaceholderText);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_add);
    bar->addWidget(m_delete);
    bar->addSpacing(12);
    bar->addWidget(hint, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    if (kind == EntityKind::Initiative || kind == EntityKind::Risk || kind == EntityKind::Area) {
        // The decisions that concern the current row: the other side of a decision record's links.
        auto* row = new QHBoxLayout;
        auto* title = new QLabel(tr("Decisions about the current %1:").arg(singular.toLower()));
        title->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        m_decisionRefs = new DecisionRefsLabel;
        row->addWidget(title);
        row->addWidget(m_decisionRefs, 1);
        layout->addLayout(row);
    }

    if (kind == EntityKind::Import) {
        m_add->hide();
        m_delete->hide();
    }

    m_view->setItemDelegate(m_delegate);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                            QAbstractItemView::AnyKeyPressed | QAbstractItemView::SelectedClicked);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().lineSpacing() + 10);

    auto* del = new QAction(tr("Delete"), m_view);
    del->setShortcut(QKeySequence::Delete);
    del->setShortcutContext(Qt::WidgetShortcut);
    m_view->addAction(del);
    connect(del, &QAction::triggered, this, &EntityTablePage::deleteSelected);
    connect(m_add, &QToolButton::clicked, this, &EntityTablePage::addRow);
    connect(m_delete, &QToolButton::clicked, this, &EntityTablePage::deleteSelected);
    m_delete->setEnabled(false);
}

EntityTablePage::~EntityTablePage() = default;

EntityTableModel* EntityTablePage::model() {
    if (m_model)
        return m_model;
    m_model = new EntityTableModel(m_project, m_kind, this);
    m_view->setModel(m_model);
    fitColumns();
    connect(m_model, &EntityTableModel::errorOccurred, this, &EntityTablePage::errorOccurred);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &EntityTablePage::updateButtons);
    if (m_decisionRefs)
        connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
                [this](const QModelIndex& current) {
                    m_decisionRefs->setTarget(&m_project, m_kind,
                                              current.isValid() ? m_model->idAt(current.row()) : 0);
                });
    connect(m_model, &QAbstractItemModel::modelReset, this, &EntityTablePage::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &EntityTablePage::updateButtons);
    updateButtons();
    return m_model;
}

void EntityTablePage::fitColumns() {
    if (!m_model)
        return;
    // As wide as the first rows need, between the header's width and the column's own maximum.
    auto* header = m_view->horizontalHeader();
    header->setResizeContentsPrecision(200);
    m_view->resizeColumnsToContents();
    const double cw = averageCharWidth(m_view->fontMetrics());
    for (int c = 0; c < m_model->columnCount(); ++c) {
        const int most = static_cast<int>(m_model->column(c).widthChars * cw) + 16;
        const int least = header->sectionSizeHint(c);
        m_view->setColumnWidth(c, std::max(least, std::min(m_view->columnWidth(c), most)));
    }
}

void EntityTablePage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange) {
        m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().lineSpacing() + 10);
        fitColumns();
    }
    QWidget::changeEvent(event);
}

void EntityTablePage::showEvent(QShowEvent* event) {
    model();
    QWidget::showEvent(event);
}

void EntityTablePage::updateButtons() {
    m_delete->setEnabled(m_model && m_view->selectionModel() && m_view->selectionModel()->hasSelection());
}

void EntityTablePage::addRow() {
    EntityTableModel* m = model();
    int row = -1;
    if (m_kind == EntityKind::Dependency) {
        AddDependencyDialog dialog(m_project, m_currentSystem ? m_currentSystem() : 0, this);
        if (dialog.exec() != QDialog::Accepted)
            return;
        auto dep = dialog.dependency();
        if (!dep)
            return;
        row = m->addRow(json(*dep));
    } else {
        row = m->addRow();
    }
    if (row < 0)
        return;
    // Start editing the first editable text cell of the new row.
    int column = 0;
    for (int c = 0; c < m->columnCount(); ++c) {
        if (m->column(c).editable &&
            (m->column(c).type == FieldType::Text || m->column(c).type == FieldType::LongText)) {
            column = c;
            break;
        }
    }
    const QModelIndex index = m->index(row, column);
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    m_view->setFocus();
    if (m_kind != EntityKind::Dependency)
        m_view->edit(index);
    emit message(tr("Added a %1").arg(entityTitle(m_kind, false)));
}

void EntityTablePage::deleteSelected() {
    if (!m_model || m_kind == EntityKind::Import)
        return;
    std::set<int> rows;
    for (const QModelIndex& i : m_view->selectionModel()->selectedIndexes())
        rows.insert(i.row());
    if (rows.empty() && m_view->currentIndex().isValid())
        rows.insert(m_view->currentIndex().row());
    std::vector<Id> ids;
    for (int r : rows)
        ids.push_back(m_model->idAt(r));
    if (ids.empty())
        return;
    const int first = *rows.begin();
    if (m_model->removeIds(ids)) {
        emit message(tr("Deleted %n %1; Undo (Ctrl+Z) restores", "", static_cast<int>(ids.size()))
                         .arg(entityTitle(m_kind, ids.size() > 1).toLower()));
        if (m_model->rowCount() > 0) {
            const int row = std::min(first, m_model->rowCount() - 1);
            m_view->setCurrentIndex(m_model->index(row, std::max(0, m_view->currentIndex().column())));
        }
    }
}

} // namespace terrain
