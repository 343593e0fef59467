#include "AnalysisPanel.h"

#include "Project.h"
#include "QtText.h"

#include <QAction>
#include <QFont>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QThread>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace terrain {

namespace {

constexpr int kMaxSectionHighlight = 5000; ///< a whole section lit up at once, at most

QString displayName(const System& s) {
    return qs(s.name.empty() ? s.key : s.name);
}

QString joined(const std::vector<std::string>& parts, const char* sep = "; ") {
    QStringList l;
    for (const auto& p : parts)
        l << qs(p);
    return l.join(QLatin1String(sep));
}

QString count(size_t n, const QString& one, const QString& many) {
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
}

} // namespace

// ---------------------------------------------------------------------------------------------
// AnalysisModel

AnalysisModel::AnalysisModel(QObject* parent)
    : QAbstractItemModel(parent) {}

AnalysisModel::Item AnalysisModel::systemItem(int index, QString detail) const {
    const System& s = m_graph->at(index);
    Item item;
    item.text = displayName(s);
    item.detail = std::move(detail);
    item.criticality = qs(s.criticality);
    item.tooltip = QStringLiteral("%1\n%2").arg(qs(s.key), item.detail);
    item.system = s.id;
    item.highlight = {s.id};
    item.highlightLabel = item.text;
    return item;
}

void AnalysisModel::setReport(std::shared_ptr<const MapGraph> graph, GraphReport report) {
    beginResetModel();
    m_graph = std::move(graph);
    m_report = std::move(report);
    rebuild();
    if (m_blast) { // the blast radius of a system that is still there, recomputed on the new map
        const int i = m_graph ? m_graph->indexOf(m_blastSystem) : -1;
        if (i < 0) {
            m_blast.reset();
            m_blastSystem = 0;
        }
    }
    endResetModel();
    if (m_blast)
        setBlastRadius(blastRadius(*m_graph, m_graph->indexOf(m_blastSystem)));
}

void AnalysisModel::rebuild() {
    m_sections.clear();
    if (!m_graph)
        return;
    const MapGraph& g = *m_graph;
    auto addSection = [&](QString key, QString title, QString explanation) -> Section& {
        m_sections.push_back({std::move(key), std::move(title), std::move(explanation), {}, {}});
        return m_sections.back();
    };
    auto finish = [](Section& s) {
        for (const auto& item : s.items)
            for (qint64 id : item.highlight)
                if (s.highlight.size() < kMaxSectionHighlight && !s.highlight.contains(id))
                    s.highlight << id;
    };

    Section& spof = addSection(QStringLiteral("spof"), tr("Single points of failure"),
                               tr("Systems others depend on with no way around them (cut vertices) or with a "
                                  "high fan-in, ranked by blast radius: how many systems fail with them."));
    for (const auto& s : m_report.spofs) {
        QStringList why;
        why << tr("blast radius %1").arg(s.blastRadius) << tr("%1 direct").arg(s.directDependents);
        if (s.articulationPoint)
            why << tr("cut vertex");
        if (s.highFanIn)
            why << tr("high fan-in");
        Item item = systemItem(s.system, why.join(QStringLiteral(" · ")));
        item.highlight.clear(); // computed when asked for: the system and its blast radius
        item.highlightLabel = tr("%1: %2 systems fail with it").arg(item.text).arg(s.blastRadius);
        spof.items.push_back(std::move(item));
    }
    for (const auto& s : m_report.spofs)
        if (spof.highlight.size() < kMaxSectionHighlight)
            spof.highlight << g.at(s.system).id;

    Section& cyc =
        addSection(QStringLiteral("cycle"), tr("Dependency cycles"),
                   tr("Systems that depend on each other: none of them can start, or be replaced, first."));
    for (const auto& c : m_report.cycles) {
        Item item;
        QStringList names;
        for (int i : c) {
            names << displayName(g.at(i));
            item.highlight << g.at(i).id;
        }
        item.text = names.size() > 4 ? names.mid(0, 4).join(QStringLiteral(" ⇄ ")) + QStringLiteral(" …")
                                     : names.join(QStringLiteral(" ⇄ "));
        item.detail = tr("%1 depend on each other").arg(count(c.size(), tr("system"), tr("systems")));
        item.tooltip = names.join(QLatin1Char('\n'));
        item.system = g.at(c.front()).id;
        item.highlightLabel = tr("Cycle of %1").arg(count(c.size(), tr("system"), tr("systems")));
        cyc.items.push_back(std::move(item));
    }
    finish(cyc);

    Section& unowned = addSection(QStringLiteral("unowned"), tr("No owner"),
                                  tr("Nobody to call when it breaks, nobody to ask before changing it."));
    for (int i : m_report.unowned)
        unowned.items.push_back(systemItem(i, tr("no owner")));
    finish(unowned);

    auto flagged = [&](const QString& key, const QString& title, const QString& explanation,
                       const std::vector<FlaggedSystem>& list) {
        Section& s = addSection(key, title, explanation);
        for (const auto& f : list)
            s.items.push_back(systemItem(f.system, joined(f.reasons)));
        finish(s);
    };
    flagged(QStringLiteral("runtime"), tr("Runtime only, no infrastructure as code"),
            tr("Seen by Kubernetes, compose, the AWS CLI or a CSV inventory, and by no Terraform or "
               "CloudFormation source: made by hand or by a tool nobody reviews."),
            m_report.runtimeOnly);
    flagged(QStringLiteral("hand"), tr("Reached by hand"),
            tr("SSH bastions and hosts, scripts run from a laptop, and what they deploy to."),
            m_report.handReached);
    flagged(QStringLiteral("unmonitored"), tr("Nobody monitors"),
            tr("No monitored_by fact from Prometheus and no \"monitors\" dependency onto it."),
            m_report.unmonitored);
    if (!m_report.unrouted.empty()) // Kubernetes only: no section where it cannot apply
        flagged(QStringLiteral("unrouted"), tr("Services that route nowhere"),
                tr("Kubernetes Services whose selector meets no workload of the map: a label mistyped, a "
                   "workload renamed, or one only an operator makes."),
                m_report.unrouted);
    if (!m_report.elsewhere.empty())
        flagged(QStringLiteral("elsewhere"), tr("Managed elsewhere"),
                tr("What the map depends on and no imported source manages: a resource of another Terraform "
                   "configuration or stack, or made by hand, named by its id. Import what manages it."),
                m_report.elsewhere);
}

void AnalysisModel::setBlastRadius(const BlastRadius& radius) {
    if (!m_graph || radius.system < 0 || radius.system >= m_graph->size())
        return;
    const bool had = m_blast.has_value();
    if (had) {
        beginRemoveRows({}, 0, 0);
        m_blast.reset();
        endRemoveRows();
    }
    const System& s = m_graph->at(radius.system);
    Section sec;
    sec.key = QStringLiteral("blast");
    sec.title = tr("Blast radius of %1: %2 (%3 direct)")
                    .arg(displayName(s), count(radius.transitive.size(), tr("system"), tr("systems")))
                    .arg(radius.direct.size());
    sec.explanation =
        tr("Everything that depends on %1, directly or through others: what fails when it fails.")
            .arg(displayName(s));
    sec.highlight << s.id;
    for (size_t k = 0; k < radius.transitive.size(); ++k) {
        const int d = radius.depth[k];
        Item item = systemItem(radius.transitive[k],
                               d == 1 ? tr("depends on it directly") : tr("%1 steps away").arg(d));
        sec.items.push_back(std::move(item));
        if (sec.highlight.size() < kMaxSectionHighlight)
            sec.highlight << sec.items.back().system;
    }
    beginInsertRows({}, 0, 0);
    m_blast = std::move(sec);
    m_blastSystem = s.id;
    endInsertRows();
}

void AnalysisModel::clearBlastRadius() {
    if (!m_blast)
        return;
    beginRemoveRows({}, 0, 0);
    m_blast.reset();
    m_blastSystem = 0;
    endRemoveRows();
}

int AnalysisModel::sectionRow(const QString& key) const {
    const int offset = m_blast ? 1 : 0;
    if (m_blast && key == m_blast->key)
        return 0;
    for (size_t i = 0; i < m_sections.size(); ++i)
        if (m_sections[i].key == key)
            return static_cast<int>(i) + offset;
    return -1;
}

QModelIndex AnalysisModel::index(int row, int column, const QModelIndex& parent) const {
    if (row < 0 || column < 0 || column >= ColumnCount || row >= rowCount(parent))
        return {};
    // Sections have internal id 0; a finding has its section's row + 1.
    return createIndex(row, column, parent.isValid() ? quintptr(parent.row() + 1) : quintptr(0));
}

QModelIndex AnalysisModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, quintptr(0));
}

int AnalysisModel::rowCount(const QModelIndex& parent) const {
    const int sections = static_cast<int>(m_sections.size()) + (m_blast ? 1 : 0);
    if (!parent.isValid())
        return sections;
    if (parent.internalId() != 0 || parent.column() != 0 || parent.row() >= sections)
        return 0;
    const Section& s =
        m_blast ? (parent.row() == 0 ? *m_blast : m_sections[static_cast<size_t>(parent.row() - 1)])
                : m_sections[static_cast<size_t>(parent.row())];
    return static_cast<int>(s.items.size());
}

int AnalysisModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

QVariant AnalysisModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const bool isSection = index.internalId() == 0;
    const int sectionRowIndex = isSection ? index.row() : static_cast<int>(index.internalId() - 1);
    const Section& sec =
        m_blast ? (sectionRowIndex == 0 ? *m_blast : m_sections[static_cast<size_t>(sectionRowIndex - 1)])
                : m_sections[static_cast<size_t>(sectionRowIndex)];
    if (role == SectionRole)
        return sec.key;
    if (isSection) {
        switch (role) {
        case Qt::DisplayRole:
            if (index.column() == FindingColumn)
                return sec.key == QLatin1String("blast")
                           ? sec.title
                           : QStringLiteral("%1 (%2)").arg(sec.title).arg(sec.items.size());
            return {};
        case Qt::ToolTipRole:
            return sec.explanation;
        case Qt::FontRole: {
            QFont f;
            f.setBold(true);
            return f;
        }
        case HighlightRole:
            return QVariant::fromValue(sec.highlight);
        case HighlightLabelRole:
            return sec.key == QLatin1String("blast")
                       ? sec.title
                       : QStringLiteral("%1 (%2)").arg(sec.title).arg(sec.items.size());
        case SystemIdRole:
            return sec.key == QLatin1String("blast") ? QVariant::fromValue<qint64>(m_blastSystem)
                                                     : QVariant::fromValue<qint64>(0);
        case SortRole:
            return index.row();
        default:
            return {};
        }
    }
    const Item& item = sec.items[static_cast<size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == FindingColumn  ? item.text
               : index.column() == DetailColumn ? item.detail
                                                : item.criticality;
    case Qt::ToolTipRole:
        return item.tooltip;
    case SystemIdRole:
        return QVariant::fromValue<qint64>(item.system);
    case HighlightRole: {
        if (sec.key == QLatin1String("spof") && item.highlight.isEmpty() && m_graph) {
            QList<qint64> ids{item.system};
            const auto r = blastRadius(*m_graph, m_graph->indexOf(item.system));
            for (int i : r.transitive)
                ids << m_graph->at(i).id;
            return QVariant::fromValue(ids);
        }
        return QVariant::fromValue(item.highlight);
    }
    case HighlightLabelRole:
        return item.highlightLabel;
    case SortRole:
        return index.row();
    default:
        return {};
    }
}

QVariant AnalysisModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case FindingColumn:
        return tr("Finding");
    case DetailColumn:
        return tr("Why");
    case CriticalityColumn:
        return tr("Criticality");
    default:
        return {};
    }
}

// ---------------------------------------------------------------------------------------------
// AnalysisPanel

AnalysisPanel::AnalysisPanel(Project* project, QWidget* parent)
    : QWidget(parent)
    , m_model(new AnalysisModel(this))
    , m_view(new QTreeView(this))
    , m_summary(new QLabel(this))
    , m_refresh(new QPushButton(tr("Refresh"), this))
    , m_debounce(new QTimer(this)) {
    setObjectName(QStringLiteral("analysisPanel"));
    m_summary->setWordWrap(true);
    m_summary->setText(tr("Analysing the map…"));
    m_view->setModel(m_model);
    m_view->setAccessibleName(tr("Findings"));
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(AnalysisModel::FindingColumn, QHeaderView::Interactive);
    m_view->header()->setSectionResizeMode(AnalysisModel::DetailColumn, QHeaderView::Stretch);
    m_view->header()->setSectionResizeMode(AnalysisModel::CriticalityColumn, QHeaderView::ResizeToContents);
    m_view->setColumnWidth(AnalysisModel::FindingColumn, 280);

    auto* top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_refresh, 0, Qt::AlignTop);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(500);
    connect(m_debounce, &QTimer::timeout, this, [this] {
        if (isVisible())
            refresh();
    });
    connect(m_refresh, &QPushButton::clicked, this, &AnalysisPanel::refresh);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { rowSelected(current); });
    connect(m_view, &QTreeView::customContextMenuRequested, this, [this](const QPoint& pos) {
        const QModelIndex index = m_view->indexAt(pos);
        const Id id = index.data(AnalysisModel::SystemIdRole).value<qint64>();
        if (!id || !index.parent().isValid())
            return;
        QMenu menu(this);
        menu.addAction(tr("Blast Radius of %1").arg(index.siblingAtColumn(0).data().toString()), this,
                       [this, id] { showBlastRadius(id); });
        menu.exec(m_view->viewport()->mapToGlobal(pos));
    });
    setProject(project);
}

AnalysisPanel::~AnalysisPanel() = default;

void AnalysisPanel::setProject(Project* project) {
    for (const auto& c : m_projectConnections)
        disconnect(c);
    m_projectConnections.clear();
    m_project = project;
    ++m_generation;
    m_pendingBlast = 0;
    m_again = false;
    m_dirty = true;
    m_model->clearBlastRadius();
    m_model->setReport(nullptr, {});
    m_summary->setText(project ? tr("Analysing the map…") : tr("No map is open."));
    m_refresh->setEnabled(project != nullptr && !m_running);
    if (!project)
        return;
    for (auto signal : {&Project::rowInserted, &Project::rowUpdated, &Project::rowRemoved})
        m_projectConnections << connect(project, signal, this,
                                        [this](EntityKind kind, Id) { mapChanged(kind); });
    m_projectConnections << connect(project, &Project::kindReset, this, &AnalysisPanel::mapChanged);
    if (isVisible())
        refresh();
}

void AnalysisPanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (m_dirty && !m_running)
        refresh();
}

void AnalysisPanel::mapChanged(EntityKind kind) {
    if (kind != EntityKind::System && kind != EntityKind::Dependency)
        return;
    m_dirty = true;
    m_debounce->start();
}

void AnalysisPanel::refresh() {
    if (!m_project)
        return;
    if (m_running) {
        m_again = true;
        return;
    }
    m_running = true;
    m_dirty = false;
    m_refresh->setEnabled(false);
    // The snapshot is read here (SQLite belongs to this thread); the analysis runs on a worker.
    struct Job {
        std::vector<System> systems;
        std::vector<Dependency> deps;
        std::shared_ptr<const MapGraph> graph;
        GraphReport report;
        QString error;
    };
    auto job = std::make_shared<Job>();
    try {
        job->systems = m_project->list<System>();
        job->deps = m_project->list<Dependency>();
    } catch (const std::exception& e) {
        job->error = QString::fromUtf8(e.what());
    }
    QThread* thread = QThread::create([job] {
        if (!job->error.isEmpty())
            return;
        try {
            auto graph = std::make_shared<MapGraph>(MapGraph::fromLists(std::move(job->systems), job->deps));
            job->report = analyseGraph(*graph);
            job->graph = std::move(graph);
        } catch (const std::exception& e) {
            job->error = QString::fromUtf8(e.what());
        }
    });
    connect(thread, &QThread::finished, this, [this, job, generation = m_generation] {
        m_running = false;
        m_refresh->setEnabled(m_project != nullptr);
        if (generation != m_generation) { // another map since: analyse that one instead
            if (m_project && (isVisible() || m_pendingBlast))
                refresh();
            return;
        }
        if (!job->error.isEmpty() || !job->graph) {
            m_summary->setText(tr("The analysis failed: %1").arg(job->error));
        } else {
            applyResult(job->graph, std::move(job->report));
        }
        if (m_again) {
            m_again = false;
            refresh();
            return;
        }
        emit analysisUpdated();
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start(QThread::LowPriority);
}

void AnalysisPanel::applyResult(std::shared_ptr<const MapGraph> graph, GraphReport report) {
    m_model->setReport(std::move(graph), std::move(report));
    spanSections();
    for (const char* key : {"spof", "cycle", "hand"})
        if (const int row = m_model->sectionRow(QLatin1String(key)); row >= 0)
            m_view->expand(m_model->index(row, 0));
    if (const int row = m_model->sectionRow(QStringLiteral("blast")); row >= 0)
        m_view->expand(m_model->index(row, 0));
    updateSummary();
    if (m_pendingBlast) {
        const Id id = m_pendingBlast;
        m_pendingBlast = 0;
        showBlastRadius(id);
    }
}

void AnalysisPanel::spanSections() {
    // Section titles ("Runtime only, no infrastructure as code (19)") take the whole row.
    for (int row = 0; row < m_model->rowCount(); ++row)
        m_view->setFirstColumnSpanned(row, {}, true);
}

void AnalysisPanel::updateSummary() {
    const GraphReport& r = m_model->report();
    const auto graph = m_model->graph();
    if (!graph)
        return;
    QStringList parts;
    parts << count(r.spofs.size(), tr("single point of failure"), tr("single points of failure"))
          << count(r.cycles.size(), tr("cycle"), tr("cycles")) << tr("%1 without owner").arg(r.unowned.size())
          << tr("%1 runtime only").arg(r.runtimeOnly.size())
          << tr("%1 reached by hand").arg(r.handReached.size())
          << tr("%1 unmonitored").arg(r.unmonitored.size());
    if (!r.unrouted.empty())
        parts << tr("%1 routing nowhere").arg(r.unrouted.size());
    if (!r.elsewhere.empty())
        parts << tr("%1 managed elsewhere").arg(r.elsewhere.size());
    m_summary->setText(tr("%1 systems: %2.").arg(graph->size()).arg(parts.join(QStringLiteral(", "))));
}

void AnalysisPanel::showBlastRadius(Id system) {
    if (!m_project)
        return;
    const auto graph = m_model->graph();
    const int index = graph ? graph->indexOf(system) : -1;
    if (index < 0 || m_dirty || m_running) {
        // Not analysed yet, or the map changed since: analyse first, then show it.
        m_pendingBlast = system;
        if (!m_running)
            refresh();
        return;
    }
    const BlastRadius r = blastRadius(*graph, index);
    m_model->setBlastRadius(r);
    spanSections();
    const QModelIndex section = m_model->index(0, 0);
    m_view->expand(section);
    m_view->scrollTo(section, QAbstractItemView::PositionAtTop);
    std::vector<Id> ids{system};
    for (int i : r.transitive)
        ids.push_back(graph->at(i).id);
    emit highlightRequested(ids, section.data().toString());
}

void AnalysisPanel::rowSelected(const QModelIndex& index) {
    if (!index.isValid())
        return;
    const QModelIndex first = index.siblingAtColumn(0);
    const Id id = first.data(AnalysisModel::SystemIdRole).value<qint64>();
    if (id && first.parent().isValid())
        emit systemActivated(id);
    const auto list = first.data(AnalysisModel::HighlightRole).value<QList<qint64>>();
    std::vector<Id> ids(list.begin(), list.end());
    if (!ids.empty())
        emit highlightRequested(ids, first.data(AnalysisModel::HighlightLabelRole).toString());
}

} // namespace terrain
