#include "ParityDialog.h"

#include "Project.h"
#include "QtText.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFont>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTreeView>
#include <QVBoxLayout>

namespace terrain {

namespace {

QString nameOf(const System& s) {
    return qs(s.name.empty() ? s.key : s.name);
}

QString orNone(const std::string& s) {
    return s.empty() ? QStringLiteral("—") : qs(s);
}

QString fieldName(const std::string& field) {
    static const std::string prefix = "attributes.";
    return field.rfind(prefix, 0) == 0 ? qs(field.substr(prefix.size())) : qs(field);
}

} // namespace

// ---------------------------------------------------------------------------------------------
// ParityModel

ParityModel::ParityModel(QObject* parent)
    : QAbstractItemModel(parent) {}

int ParityModel::add(int parent, QStringList texts, Id system, QString tooltip) {
    Node n;
    for (int c = 0; c < ColumnCount && c < texts.size(); ++c)
        n.text[c] = texts[c];
    n.system = system;
    n.parent = parent;
    n.tooltip = std::move(tooltip);
    n.bold = parent < 0;
    n.row =
        static_cast<int>(parent < 0 ? m_roots.size() : m_nodes[static_cast<size_t>(parent)].children.size());
    m_nodes.push_back(std::move(n));
    const int id = static_cast<int>(m_nodes.size()) - 1;
    if (parent < 0)
        m_roots.push_back(id);
    else
        m_nodes[static_cast<size_t>(parent)].children.push_back(id);
    return id;
}

void ParityModel::setReport(std::shared_ptr<const MapGraph> graph, ParityReport report) {
    beginResetModel();
    m_graph = std::move(graph);
    m_report = std::move(report);
    m_nodes.clear();
    m_roots.clear();
    if (m_graph) {
        const MapGraph& g = *m_graph;
        const QString a = qs(m_report.a), b = qs(m_report.b);
        auto only = [&](const std::vector<int>& list, const QString& env, bool inA) {
            const int sec = add(-1, {tr("Only in %1 (%2)").arg(env).arg(list.size())});
            for (int i : list) {
                const System& s = g.at(i);
                const QString kind = qs(s.kind);
                add(sec, {nameOf(s), inA ? kind : QString(), inA ? QString() : kind}, s.id, qs(s.key));
            }
        };
        only(m_report.onlyInA, a, true);
        only(m_report.onlyInB, b, false);
        const int differ = add(-1, {tr("Different (%1)").arg(m_report.differing())});
        const int same = add(
            -1,
            {tr("The same (%1)").arg(m_report.matched.size() - static_cast<size_t>(m_report.differing()))});
        for (const auto& m : m_report.matched) {
            const System& sa = g.at(m.a);
            const System& sb = g.at(m.b);
            const QString tip = tr("%1\n%2\nmatched by %3").arg(qs(sa.key), qs(sb.key), qs(m.matchedBy));
            const int row =
                add(m.differences.empty() ? same : differ, {nameOf(sa), nameOf(sa), nameOf(sb)}, sa.id, tip);
            for (const auto& d : m.differences)
                add(row, {fieldName(d.field), orNone(d.a), orNone(d.b)}, sa.id, qs(d.field));
        }
    }
    endResetModel();
}

const ParityModel::Node* ParityModel::node(const QModelIndex& index) const {
    if (!index.isValid() || index.internalId() == 0 || index.internalId() > m_nodes.size())
        return nullptr;
    return &m_nodes[index.internalId() - 1];
}

QModelIndex ParityModel::index(int row, int column, const QModelIndex& parent) const {
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    const std::vector<int>* list = &m_roots;
    if (parent.isValid()) {
        const Node* p = node(parent);
        if (!p || parent.column() != 0)
            return {};
        list = &p->children;
    }
    if (row >= static_cast<int>(list->size()))
        return {};
    return createIndex(row, column, quintptr((*list)[static_cast<size_t>(row)] + 1));
}

QModelIndex ParityModel::parent(const QModelIndex& child) const {
    const Node* n = node(child);
    if (!n || n->parent < 0)
        return {};
    return createIndex(m_nodes[static_cast<size_t>(n->parent)].row, 0, quintptr(n->parent + 1));
}

int ParityModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid())
        return static_cast<int>(m_roots.size());
    const Node* n = node(parent);
    return n && parent.column() == 0 ? static_cast<int>(n->children.size()) : 0;
}

int ParityModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

QVariant ParityModel::data(const QModelIndex& index, int role) const {
    const Node* n = node(index);
    if (!n || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return n->text[index.column()];
    case Qt::ToolTipRole:
        return n->tooltip.isEmpty() ? QVariant() : QVariant(n->tooltip);
    case Qt::FontRole:
        if (n->bold) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case SystemIdRole:
        return QVariant::fromValue<qint64>(n->system);
    default:
        return {};
    }
}

QVariant ParityModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case WhatColumn:
        return tr("System or attribute");
    case AColumn:
        return m_report.a.empty() ? tr("First") : qs(m_report.a);
    case BColumn:
        return m_report.b.empty() ? tr("Second") : qs(m_report.b);
    default:
        return {};
    }
}

// ---------------------------------------------------------------------------------------------
// ParityDialog

ParityDialog::ParityDialog(Project& project, QWidget* parent)
    : QDialog(parent)
    , m_project(project)
    , m_a(new QComboBox(this))
    , m_b(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_model(new ParityModel(this))
    , m_view(new QTreeView(this)) {
    setObjectName(QStringLiteral("parityDialog"));
    setWindowTitle(tr("Environment Parity"));
    m_a->setObjectName(QStringLiteral("environmentA"));
    m_b->setObjectName(QStringLiteral("environmentB"));
    m_summary->setWordWrap(true);
    m_view->setModel(m_model);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->header()->setStretchLastSection(true);

    auto* pick = new QHBoxLayout;
    pick->addWidget(new QLabel(tr("Compare"), this));
    pick->addWidget(m_a, 1);
    pick->addWidget(new QLabel(tr("with"), this));
    pick->addWidget(m_b, 1);
    auto* swap = new QPushButton(tr("Swap"), this);
    pick->addWidget(swap);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* reloadButton = buttons->addButton(tr("Reload"), QDialogButtonBox::ActionRole);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(pick);
    layout->addWidget(m_summary);
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(reloadButton, &QPushButton::clicked, this, &ParityDialog::reload);
    connect(swap, &QPushButton::clicked, this, [this] {
        const QString a = m_a->currentText(), b = m_b->currentText();
        compare(b, a);
    });
    connect(m_a, &QComboBox::currentIndexChanged, this, &ParityDialog::compareSelected);
    connect(m_b, &QComboBox::currentIndexChanged, this, &ParityDialog::compareSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& i) {
                if (const Id id = i.siblingAtColumn(0).data(ParityModel::SystemIdRole).value<qint64>())
                    emit systemActivated(id);
            });
    resize(860, 560);
    reload();
}

void ParityDialog::reload() {
    m_graph = std::make_shared<MapGraph>(MapGraph::fromProject(m_project));
    const QString a = m_a->currentText(), b = m_b->currentText();
    QStringList envs;
    for (const auto& [name, n] : environments(*m_graph))
        envs << qs(name);
    {
        const QSignalBlocker blockA(m_a), blockB(m_b);
        m_a->clear();
        m_b->clear();
        m_a->addItems(envs);
        m_b->addItems(envs);
    }
    if (envs.contains(a) && envs.contains(b)) {
        compare(a, b);
        return;
    }
    const auto pairs = defaultParityPairs(*m_graph);
    if (!pairs.empty())
        compare(qs(pairs.front().first), qs(pairs.front().second));
    else if (envs.size() >= 2)
        compare(envs[0], envs[1]);
    else
        compare(envs.value(0), envs.value(0));
}

void ParityDialog::compare(const QString& a, const QString& b) {
    {
        const QSignalBlocker blockA(m_a), blockB(m_b);
        m_a->setCurrentIndex(m_a->findText(a));
        m_b->setCurrentIndex(m_b->findText(b));
    }
    compareSelected();
}

void ParityDialog::compareSelected() {
    const QString a = m_a->currentText(), b = m_b->currentText();
    if (!m_graph || a.isEmpty() || b.isEmpty()) {
        m_model->setReport(m_graph, {});
        m_summary->setText(tr("The map needs systems in at least two environments to compare."));
        return;
    }
    ParityReport r = environmentParity(*m_graph, a.toStdString(), b.toStdString());
    if (a == b)
        m_summary->setText(tr("Choose two different environments."));
    else
        m_summary->setText(
            tr("%1 only in %2, %3 only in %4; of the %5 in both, %6 differ in kind, provider, size "
               "or version.")
                .arg(r.onlyInA.size())
                .arg(a)
                .arg(r.onlyInB.size())
                .arg(b)
                .arg(r.matched.size())
                .arg(r.differing()));
    m_model->setReport(m_graph, std::move(r));
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex section = m_model->index(row, 0);
        m_view->expand(section);
        m_view->setFirstColumnSpanned(row, {}, true);
        if (row == 2 &&
            m_model->rowCount(section) <= 200) // the differences themselves, unless there are many
            for (int pair = 0; pair < m_model->rowCount(section); ++pair)
                m_view->expand(m_model->index(pair, 0, section));
    }
    for (int c = 0; c < ParityModel::ColumnCount - 1; ++c) {
        m_view->resizeColumnToContents(c);
        m_view->setColumnWidth(c, std::min(m_view->columnWidth(c), 320));
    }
}

} // namespace terrain
