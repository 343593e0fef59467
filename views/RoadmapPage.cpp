#include "RoadmapPage.h"

#include "Error.h"
#include "FollowKinds.h"
#include "MigrationsPage.h"
#include "Project.h"
#include "QtText.h"
#include "RoadmapModel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <map>
#include <string_view>

namespace terrain {

namespace {

constexpr int kPhaseCount = 4; // Now, Next, Later, unscheduled

int phaseNumber(std::string_view phase) {
    return phase == "now" ? 0 : phase == "next" ? 1 : phase == "later" ? 2 : 3;
}

QDoubleSpinBox* spin(double max, double step, int decimals, const QString& suffix = {}) {
    auto* s = new QDoubleSpinBox;
    s->setRange(0, max);
    s->setSingleStep(step);
    s->setDecimals(decimals);
    s->setSuffix(suffix);
    s->setKeyboardTracking(false);
    return s;
}

/// A card of the board. Its tooltip, the reasons for its place, is put into words when it is shown:
/// a board of thousands of cards does not build thousands of explanations nobody reads.
class BoardCard : public QListWidgetItem {
public:
    BoardCard(const QString& text, QListWidget* list, const RankResult& result, Id id)
        : QListWidgetItem(text, list)
        , m_result(result)
        , m_id(id) {}

    QVariant data(int role) const override {
        if (role == Qt::ToolTipRole) {
            const RankedInitiative* r = m_result.find(m_id);
            return r ? qs(explanation(m_result, *r)) : QVariant();
        }
        return QListWidgetItem::data(role);
    }

private:
    const RankResult& m_result; // the page's shown ranking, which the board is refilled from
    Id m_id;
};

} // namespace

RoadmapPage::RoadmapPage(Project& project, QWidget* parent)
    : QWidget(parent)
    , m_project(project)
    , m_model(new RoadmapModel(this))
    , m_view(new QTableView) {
    setObjectName(QStringLiteral("roadmapPage"));

    // ---- settings: the what-if ----
    auto* settings = new QGroupBox(tr("Ranking"));
    auto* form = new QHBoxLayout(settings);
    m_preset = new QComboBox;
    m_preset->setObjectName(QStringLiteral("preset"));
    for (const auto& p : rankPresets())
        m_preset->addItem(qs(p.title), qs(p.name));
    m_preset->addItem(tr("Custom"), QStringLiteral("custom"));
    for (int i = 0; i < m_preset->count() - 1; ++i)
        m_preset->setItemData(i, qs(rankPresets()[static_cast<size_t>(i)].description), Qt::ToolTipRole);
    auto* presetForm = new QFormLayout;
    presetForm->addRow(tr("Preset"), m_preset);
    form->addLayout(presetForm);

    const QString weightNames[4] = {tr("Value ×"), tr("Urgency ×"), tr("Risk reduction ×"), tr("Votes ×")};
    const char* weightIds[4] = {"weightValue", "weightUrgency", "weightRisk", "weightVotes"};
    for (int i = 0; i < 4; ++i) {
        m_weight[i] = spin(100, 0.05, 2);
        m_weight[i]->setObjectName(QLatin1String(weightIds[i]));
    }
    auto* weightRow1 = new QFormLayout;
    weightRow1->addRow(weightNames[0], m_weight[0]);
    weightRow1->addRow(weightNames[1], m_weight[1]);
    auto* weightRow2 = new QFormLayout;
    weightRow2->addRow(weightNames[2], m_weight[2]);
    weightRow2->addRow(weightNames[3], m_weight[3]);
    form->addLayout(weightRow1);
    form->addLayout(weightRow2);

    auto* switches = new QVBoxLayout;
    m_byEffort = new QCheckBox(tr("÷ effort"));
    m_byConfidence = new QCheckBox(tr("× confidence"));
    m_byReach = new QCheckBox(tr("× reach (linked systems)"));
    m_planned = new QCheckBox(tr("Keep planned phases"));
    m_planned->setToolTip(
        tr("An initiative whose phase was set by hand, or that is in progress, stays there."));
    switches->addWidget(m_byEffort);
    switches->addWidget(m_byConfidence);
    switches->addWidget(m_byReach);
    form->addLayout(switches);

    auto* capacity = new QFormLayout;
    const QString phaseNames[3] = {tr("Now"), tr("Next"), tr("Later")};
    const char* capacityIds[3] = {"capacityNow", "capacityNext", "capacityLater"};
    for (int i = 0; i < 3; ++i) {
        m_capacity[i] = spin(100000, 1, 0, tr(" pw"));
        m_capacity[i]->setObjectName(QLatin1String(capacityIds[i]));
        m_capacity[i]->setSpecialValueText(tr("unlimited"));
        capacity->addRow(tr("%1 capacity").arg(phaseNames[i]), m_capacity[i]);
    }
    form->addLayout(capacity);

    auto* actions = new QVBoxLayout;
    m_whatIf = new QLabel;
    m_whatIf->setObjectName(QStringLiteral("whatIf"));
    m_whatIf->setWordWrap(true);
    m_apply = new QPushButton(tr("Apply"));
    m_apply->setObjectName(QStringLiteral("apply"));
    m_apply->setToolTip(tr("Save these settings in the map (one step to undo)"));
    m_revert = new QPushButton(tr("Revert"));
    m_revert->setObjectName(QStringLiteral("revert"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_apply);
    buttons->addWidget(m_revert);
    actions->addWidget(m_planned);
    actions->addWidget(m_whatIf);
    actions->addLayout(buttons);
    form->addLayout(actions, 1);

    // ---- the table ----
    m_view->setObjectName(QStringLiteral("roadmapTable"));
    m_view->setAccessibleName(tr("Ranked initiatives"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->setWordWrap(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setAlternatingRowColors(true);

    // ---- the side: board and prerequisites ----
    auto* side = new QTabWidget;
    side->setObjectName(QStringLiteral("roadmapSide"));
    auto* boardPage = new QWidget;
    auto* boardLayout = new QHBoxLayout(boardPage);
    boardLayout->setContentsMargins(4, 4, 4, 4);
    const QString boardNames[kPhaseCount] = {tr("Now"), tr("Next"), tr("Later"), tr("Unscheduled")};
    for (int i = 0; i < kPhaseCount; ++i) {
        auto* column = new QVBoxLayout;
        m_boardTitle[i] = new QLabel(boardNames[i]);
        QFont f = m_boardTitle[i]->font();
        f.setBold(true);
        m_boardTitle[i]->setFont(f);
        m_board[i] = new QListWidget;
        m_board[i]->setObjectName(QStringLiteral("board%1").arg(i));
        m_board[i]->setAccessibleName(tr("%1: initiatives in this phase").arg(boardNames[i]));
        m_board[i]->setWordWrap(true);
        column->addWidget(m_boardTitle[i]);
        column->addWidget(m_board[i]);
        boardLayout->addLayout(column);
        connect(m_board[i], &QListWidget::itemClicked, this,
                [this](QListWidgetItem* item) { selectInitiative(item->data(Qt::UserRole).toLongLong()); });
    }
    side->addTab(boardPage, tr("Board"));
    auto* prereqPage = new QWidget;
    auto* prereqLayout = new QVBoxLayout(prereqPage);
    prereqLayout->setContentsMargins(4, 4, 4, 4);
    m_prereqTitle = new QLabel;
    m_prereqTitle->setWordWrap(true);
    m_prereqs = new QListWidget;
    m_prereqs->setObjectName(QStringLiteral("prerequisites"));
    prereqLayout->addWidget(m_prereqTitle);
    prereqLayout->addWidget(m_prereqs);
    side->addTab(prereqPage, tr("Prerequisites"));
    m_migrations = new QListWidget;
    m_migrations->setObjectName(QStringLiteral("roadmapMigrations"));
    m_migrations->setWordWrap(true);
    side->addTab(m_migrations, tr("Migrations"));

    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(m_view);
    split->addWidget(side);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    m_reason = new QLabel;
    m_reason->setObjectName(QStringLiteral("reason"));
    m_reason->setWordWrap(true);
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_findings = new QLabel;
    m_findings->setObjectName(QStringLiteral("findings"));
    m_findings->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(settings);
    layout->addWidget(split, 1);
    layout->addWidget(m_reason);
    layout->addWidget(m_findings);

    // ---- wiring ----
    connect(m_preset, &QComboBox::activated, this, [this](int index) {
        if (m_updating)
            return;
        const QString name = m_preset->itemData(index).toString();
        if (name == QLatin1String("custom"))
            return;
        RankSettings s = m_draft;
        s.applyPreset(name.toStdString());
        setDraft(s);
    });
    for (auto* w : m_weight)
        connect(w, &QDoubleSpinBox::valueChanged, this, [this] { editorsToDraft(); });
    for (auto* c : m_capacity)
        connect(c, &QDoubleSpinBox::valueChanged, this, [this] { editorsToDraft(); });
    for (auto* c : {m_byEffort, m_byConfidence, m_byReach, m_planned})
        connect(c, &QCheckBox::toggled, this, [this] { editorsToDraft(); });
    connect(m_apply, &QPushButton::clicked, this, &RoadmapPage::applyDraft);
    connect(m_revert, &QPushButton::clicked, this, &RoadmapPage::revertDraft);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        fillPrerequisites();
        showReason();
    });
    connect(m_prereqs, &QListWidget::itemChanged, this, &RoadmapPage::prerequisiteToggled);

    followKinds(m_project, this, {EntityKind::Initiative, EntityKind::Risk, EntityKind::Migration},
                [this] { scheduleRefresh(); });
    connect(&m_project, &Project::settingChanged, this, [this](const QString& key) {
        if (key == QLatin1String(kRankSettingsKey))
            scheduleRefresh();
    });
}

void RoadmapPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void RoadmapPage::scheduleRefresh() {
    m_stale = true;
    if (m_refreshQueued || !isVisible())
        return;
    m_refreshQueued = true;
    QTimer::singleShot(0, this, [this] {
        m_refreshQueued = false;
        if (m_stale)
            refresh();
    });
}

void RoadmapPage::refresh() {
    m_stale = false;
    const bool hadWhatIf = whatIfOpen();
    try {
        m_input = rankInput(m_project);
        m_saved = m_input.settings;
    } catch (const Error& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
        m_input.settings = m_saved = RankSettings{};
    }
    if (!hadWhatIf)
        m_draft = m_saved;
    settingsToEditors();
    rerank();
    fillMigrationSummary(m_migrations, m_project);
}

void RoadmapPage::setDraft(const RankSettings& settings) {
    if (m_stale)
        refresh();
    m_draft = settings;
    m_draft.preset = m_draft.matchingPreset();
    settingsToEditors();
    rerank();
}

void RoadmapPage::applyDraft() {
    if (!whatIfOpen())
        return;
    try {
        saveRankSettings(m_project, m_draft); // settingChanged refreshes
        m_saved = m_draft;
        refresh();
        emit message(tr("Ranking settings saved"));
    } catch (const Error& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
    }
}

void RoadmapPage::revertDraft() {
    setDraft(m_saved);
}

void RoadmapPage::settingsToEditors() {
    m_updating = true;
    const RankSettings& s = m_draft;
    const int preset = m_preset->findData(qs(s.matchingPreset()));
    m_preset->setCurrentIndex(preset < 0 ? m_preset->count() - 1 : preset);
    const double w[4] = {s.weights.value, s.weights.urgency, s.weights.riskReduction, s.weights.votes};
    for (int i = 0; i < 4; ++i)
        m_weight[i]->setValue(w[i]);
    m_byEffort->setChecked(s.divideByEffort);
    m_byConfidence->setChecked(s.useConfidence);
    m_byReach->setChecked(s.useReach);
    const double c[3] = {s.capacityNow, s.capacityNext, s.capacityLater};
    for (int i = 0; i < 3; ++i)
        m_capacity[i]->setValue(c[i]);
    m_planned->setChecked(s.respectPlannedPhases);
    m_updating = false;
}

void RoadmapPage::editorsToDraft() {
    if (m_updating)
        return;
    RankSettings s = m_draft;
    s.weights = {m_weight[0]->value(), m_weight[1]->value(), m_weight[2]->value(), m_weight[3]->value()};
    s.divideByEffort = m_byEffort->isChecked();
    s.useConfidence = m_byConfidence->isChecked();
    s.useReach = m_byReach->isChecked();
    s.capacityNow = m_capacity[0]->value();
    s.capacityNext = m_capacity[1]->value();
    s.capacityLater = m_capacity[2]->value();
    s.respectPlannedPhases = m_planned->isChecked();
    setDraft(s);
}

void RoadmapPage::rerank() {
    const Id current = currentInitiative();
    RankInput in = m_input;
    in.settings = m_saved;
    const RankResult saved = rank(in);
    m_moves.clear();
    if (whatIfOpen()) {
        in.settings = m_draft;
        RankResult tried = rank(in);
        m_moves = compareRankings(saved, tried);
        m_shown = std::move(tried);
    } else {
        m_shown = saved;
    }
    m_model->setResult(m_shown, m_moves);

    // what-if summary
    if (!whatIfOpen()) {
        m_whatIf->setText(
            tr("Showing the saved ranking. Change a weight, a preset or a capacity to try it."));
    } else if (m_moves.empty()) {
        m_whatIf->setText(tr("What-if: no initiative changes place or phase."));
    } else {
        QStringList top;
        for (size_t i = 0; i < m_moves.size() && i < 4; ++i)
            top << QStringLiteral("%1 %2").arg(qs(m_moves[i].key), RoadmapModel::moveText(m_moves[i]));
        const QString what =
            m_moves.size() == 1 ? tr("1 initiative moves") : tr("%1 initiatives move").arg(m_moves.size());
        m_whatIf->setText(tr("What-if: %1 (%2%3). Apply to keep.")
                              .arg(what, top.join(QStringLiteral(", ")),
                                   m_moves.size() > 4 ? QStringLiteral(", …") : QString()));
    }
    m_apply->setEnabled(whatIfOpen());
    m_revert->setEnabled(whatIfOpen());

    // findings
    QStringList findings;
    for (const auto& c : m_shown.cycles)
        findings << qs(c.message);
    for (const auto& w : m_shown.warnings)
        findings << qs(w);
    if (!m_shown.excluded.empty()) {
        QStringList ex;
        for (const auto& r : m_shown.excluded)
            ex << QStringLiteral("%1 (%2)").arg(qs(r.key), qs(r.status));
        findings << tr("Not ranked: %1").arg(ex.join(QStringLiteral(", ")));
    }
    m_findings->setText(findings.join(QLatin1Char('\n')));
    m_findings->setVisible(!findings.isEmpty());

    m_view->resizeColumnsToContents();
    m_view->setColumnWidth(RoadmapModel::Title, std::min(m_view->columnWidth(RoadmapModel::Title), 320));
    m_view->setColumnWidth(RoadmapModel::Reason, std::min(m_view->columnWidth(RoadmapModel::Reason), 600));
    fillBoard();
    if (!current || !selectInitiative(current)) {
        fillPrerequisites();
        showReason();
    }
}

void RoadmapPage::fillBoard() {
    double used[kPhaseCount] = {0, 0, 0, 0};
    for (auto* b : m_board)
        b->clear();
    std::map<Id, std::string> keys;
    for (const auto& r : m_shown.ranked)
        keys[r.id] = r.key;
    std::map<Id, RankMove> moves;
    for (const auto& m : m_moves)
        moves[m.id] = m;
    for (const auto& r : m_shown.ranked) {
        const int p = phaseNumber(r.phase);
        QString text = QStringLiteral("#%1 %2  %3").arg(r.rank).arg(qs(r.key), qs(r.title));
        if (const auto pre = m_shown.prerequisitesOf(r); !pre.empty()) {
            QStringList needs;
            for (Id id : pre)
                needs << qs(keys[id]);
            text += QLatin1Char('\n') + tr("needs %1").arg(needs.join(QStringLiteral(", ")));
        }
        if (auto m = moves.find(r.id); m != moves.end())
            text += QStringLiteral("  [%1]").arg(RoadmapModel::moveText(m->second));
        auto* item = new BoardCard(text, m_board[p], m_shown, r.id);
        item->setData(Qt::UserRole, QVariant::fromValue<qlonglong>(r.id));
        used[p] += r.effort;
    }
    const QString names[kPhaseCount] = {tr("Now"), tr("Next"), tr("Later"), tr("Unscheduled")};
    for (int i = 0; i < kPhaseCount; ++i) {
        const double cap = i < 3 ? m_shown.phases.size() > static_cast<size_t>(i)
                                       ? m_shown.phases[static_cast<size_t>(i)].capacity
                                       : 0
                                 : 0;
        m_boardTitle[i]->setText(cap > 0 ? tr("%1 — %2 of %3 pw").arg(names[i]).arg(used[i]).arg(cap)
                                         : tr("%1 — %2 pw").arg(names[i]).arg(used[i]));
    }
    m_board[3]->setVisible(m_board[3]->count() > 0);
    m_boardTitle[3]->setVisible(m_board[3]->count() > 0);
}

bool RoadmapPage::selectInitiative(Id id) {
    const int row = m_model->rowOf(id);
    if (row < 0)
        return false;
    m_view->setCurrentIndex(m_model->index(row, RoadmapModel::Key));
    m_view->scrollTo(m_model->index(row, RoadmapModel::Key));
    fillPrerequisites();
    showReason();
    return true;
}

Id RoadmapPage::currentInitiative() const {
    const QModelIndex i = m_view->currentIndex();
    return i.isValid() ? m_model->idAt(i.row()) : 0;
}

void RoadmapPage::showReason() {
    const Id id = currentInitiative();
    const RankedInitiative* r = id ? m_shown.find(id) : nullptr;
    m_reason->setText(r ? qs(explanation(m_shown, *r))
                        : tr("Select an initiative to see why it has its place."));
}

void RoadmapPage::fillPrerequisites() {
    m_updating = true;
    m_prereqs->clear();
    const Id id = currentInitiative();
    const Initiative* self = nullptr;
    for (const auto& i : m_input.initiatives)
        if (i.id == id)
            self = &i;
    if (!self) {
        m_prereqTitle->setText(tr("Select an initiative to edit what must come before it."));
        m_updating = false;
        return;
    }
    m_prereqTitle->setText(
        tr("%1 %2 needs (tick what must come first):").arg(qs(self->key), qs(self->title)));
    std::vector<const Initiative*> others;
    for (const auto& i : m_input.initiatives)
        if (i.id != id)
            others.push_back(&i);
    std::sort(others.begin(), others.end(), [this](const Initiative* a, const Initiative* b) {
        const auto* ra = m_shown.find(a->id);
        const auto* rb = m_shown.find(b->id);
        const int pa = ra && ra->rank ? ra->rank : 1 << 30, pb = rb && rb->rank ? rb->rank : 1 << 30;
        if (pa != pb)
            return pa < pb;
        return a->id < b->id;
    });
    for (const auto* o : others) {
        const auto* r = m_shown.find(o->id);
        QString text = QStringLiteral("%1  %2").arg(qs(o->key), qs(o->title));
        if (r && r->rank)
            text = QStringLiteral("#%1  ").arg(r->rank) + text;
        else if (!o->status.empty())
            text += QStringLiteral("  (%1)").arg(qs(o->status));
        auto* item = new QListWidgetItem(text, m_prereqs);
        item->setData(Qt::UserRole, QVariant::fromValue<qlonglong>(o->id));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        const bool on = std::find(self->prerequisites.begin(), self->prerequisites.end(), o->id) !=
                        self->prerequisites.end();
        item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
    m_updating = false;
}

void RoadmapPage::prerequisiteToggled(QListWidgetItem* item) {
    if (m_updating || !item)
        return;
    const Id id = currentInitiative();
    const Id other = item->data(Qt::UserRole).toLongLong();
    try {
        auto initiative = m_project.get<Initiative>(id);
        auto prerequisite = m_project.get<Initiative>(other);
        if (!initiative || !prerequisite)
            return;
        auto& list = initiative->prerequisites;
        const bool on = item->checkState() == Qt::Checked;
        const bool has = std::find(list.begin(), list.end(), other) != list.end();
        if (on == has)
            return;
        if (on)
            list.push_back(other);
        else
            list.erase(std::remove(list.begin(), list.end(), other), list.end());
        m_project.save(
            *initiative,
            on ? tr("Make %1 a prerequisite of %2").arg(qs(prerequisite->key), qs(initiative->key))
               : tr("Remove prerequisite %1 of %2").arg(qs(prerequisite->key), qs(initiative->key)));
        refresh(); // at once, so the next click sees the new list
        selectInitiative(id);
    } catch (const Error& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
    }
}

} // namespace terrain
