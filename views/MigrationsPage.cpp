#include "MigrationsPage.h"

#include "EntityColumns.h"
#include "Error.h"
#include "FollowKinds.h"
#include "Migrations.h"
#include "Project.h"
#include "QtText.h"
#include "SystemPicker.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace terrain {

namespace {

enum StageColumn { StageName, StageShare, StageDone, StageDate, StageColumns };
enum CriterionColumn { Metric, Baseline, Target, Unit, CriterionColumns };

QTableWidget* table(const QStringList& headers) {
    auto* t = new QTableWidget(0, static_cast<int>(headers.size()));
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setMaximumHeight(190);
    return t;
}

QString systemName(const Project& project, const std::optional<Id>& id) {
    return id ? entityLabel(project, EntityKind::System, *id) : QObject::tr("(not set)");
}

} // namespace

void fillMigrationSummary(QListWidget* list, const Project& project) {
    list->clear();
    const auto migrations = project.list<Migration>();
    for (const auto& m : migrations) {
        QString text = QStringLiteral("%1  %2\n%3 → %4: %5")
                           .arg(qs(m.key), qs(m.title), systemName(project, m.legacy),
                                systemName(project, m.replacement), qs(migrationProgress(m)));
        text += m.fallbackReady ? QObject::tr(", fallback ready") : QObject::tr(", fallback NOT ready");
        if (!m.decommissionDate.empty())
            text += QObject::tr(", decommission %1").arg(qs(m.decommissionDate));
        if (auto next = nextStageIndex(m))
            text += QObject::tr("\nnext: %1 at %2 %")
                        .arg(qs(m.stages[*next].name))
                        .arg(m.stages[*next].trafficShare);
        auto* item = new QListWidgetItem(text, list);
        item->setData(Qt::UserRole, QVariant::fromValue<qlonglong>(m.id));
    }
    if (migrations.empty())
        new QListWidgetItem(QObject::tr("No strangler migrations yet (Migrations tab)."), list);
}

MigrationsPage::MigrationsPage(Project& project, QWidget* parent)
    : QWidget(parent)
    , m_project(project) {
    setObjectName(QStringLiteral("migrationsPage"));

    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("migrationList"));
    m_list->setAccessibleName(tr("Strangler migrations"));
    m_list->setWordWrap(true);
    m_add = new QPushButton(tr("Add Migration"));
    m_add->setObjectName(QStringLiteral("addMigration"));
    m_delete = new QPushButton(tr("Delete"));
    m_delete->setObjectName(QStringLiteral("deleteMigration"));
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto* listTitle = new QLabel(tr("Strangler-fig migrations"));
    QFont bold = listTitle->font();
    bold.setBold(true);
    listTitle->setFont(bold);
    leftLayout->addWidget(listTitle);
    leftLayout->addWidget(m_list, 1);
    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(m_add);
    listButtons->addWidget(m_delete);
    leftLayout->addLayout(listButtons);

    // ---- the editor ----
    m_editor = new QWidget;
    m_title = new QLineEdit;
    m_title->setObjectName(QStringLiteral("migrationTitle"));
    m_legacy = new SystemPicker(project);
    m_legacy->setObjectName(QStringLiteral("legacy"));
    m_legacy->setAccessibleName(tr("Legacy system"));
    m_legacy->setPlaceholderText(tr("the system being replaced"));
    m_replacement = new SystemPicker(project);
    m_replacement->setObjectName(QStringLiteral("replacement"));
    m_replacement->setAccessibleName(tr("Replacement system"));
    m_replacement->setPlaceholderText(tr("the new path beside it"));
    auto* pair = new QHBoxLayout;
    pair->addWidget(m_legacy, 1);
    auto* arrow = new QLabel(tr("replaced by →"));
    pair->addWidget(arrow);
    pair->addWidget(m_replacement, 1);

    m_share = new QProgressBar;
    m_share->setObjectName(QStringLiteral("trafficShare"));
    m_share->setRange(0, 100);
    m_share->setFormat(tr("%p % of traffic on the replacement"));

    m_stages = table({tr("Stage"), tr("Traffic %"), tr("Done"), tr("Date (YYYY-MM-DD)")});
    m_stages->setObjectName(QStringLiteral("stages"));
    m_stages->setAccessibleName(tr("Stages: traffic share, date, fallback"));
    auto* addStage = new QPushButton(tr("Add Stage"));
    auto* removeStage = new QPushButton(tr("Remove Stage"));
    auto* defaults = new QPushButton(tr("5 % → 25 % → 100 %"));
    defaults->setObjectName(QStringLiteral("defaultStages"));
    defaults->setToolTip(tr("Replace the stages with the usual canary, ramp-up and full traffic"));
    auto* stageButtons = new QHBoxLayout;
    stageButtons->addWidget(addStage);
    stageButtons->addWidget(removeStage);
    stageButtons->addWidget(defaults);
    stageButtons->addStretch(1);

    m_fallback = new QCheckBox(tr("Fallback ready (traffic can go back to the legacy system)"));
    m_fallback->setObjectName(QStringLiteral("fallbackReady"));
    m_decommission = new QLineEdit;
    m_decommission->setObjectName(QStringLiteral("decommissionDate"));
    m_decommission->setPlaceholderText(tr("YYYY-MM-DD"));
    m_decommission->setMaximumWidth(160);

    m_criteria = table({tr("Metric"), tr("Baseline"), tr("Target"), tr("Unit")});
    m_criteria->setObjectName(QStringLiteral("criteria"));
    m_criteria->setAccessibleName(tr("Success criteria"));
    auto* addCriterion = new QPushButton(tr("Add Criterion"));
    auto* removeCriterion = new QPushButton(tr("Remove Criterion"));
    auto* criterionButtons = new QHBoxLayout;
    criterionButtons->addWidget(addCriterion);
    criterionButtons->addWidget(removeCriterion);
    criterionButtons->addStretch(1);

    m_notes = new QLineEdit;
    m_notes->setObjectName(QStringLiteral("migrationNotes"));
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("migrationStatus"));
    m_status->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Title"), m_title);
    form->addRow(tr("Legacy → replacement"), pair);
    form->addRow(tr("Now"), m_share);
    auto* stagesBox = new QVBoxLayout;
    stagesBox->addWidget(m_stages);
    stagesBox->addLayout(stageButtons);
    form->addRow(tr("Stages"), stagesBox);
    form->addRow(QString(), m_fallback);
    form->addRow(tr("Decommission"), m_decommission);
    auto* criteriaBox = new QVBoxLayout;
    criteriaBox->addWidget(m_criteria);
    criteriaBox->addLayout(criterionButtons);
    form->addRow(tr("Success criteria\n(before work starts)"), criteriaBox);
    form->addRow(tr("Notes"), m_notes);
    auto* editorLayout = new QVBoxLayout(m_editor);
    editorLayout->addLayout(form, 1);
    editorLayout->addWidget(m_status);

    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(left);
    split->addWidget(m_editor);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    split->setSizes({320, 960});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split);

    // ---- wiring ----
    connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        if (m_updating)
            return;
        m_current = item ? item->data(Qt::UserRole).toLongLong() : 0;
        fillEditor();
    });
    connect(m_add, &QPushButton::clicked, this, [this] { addMigration(); });
    connect(m_delete, &QPushButton::clicked, this, &MigrationsPage::deleteCurrent);
    connect(m_title, &QLineEdit::editingFinished, this, [this] { saveForm(tr("Rename migration")); });
    connect(m_legacy, &QLineEdit::editingFinished, this, [this] { saveForm(tr("Set legacy system")); });
    connect(m_replacement, &QLineEdit::editingFinished, this, [this] { saveForm(tr("Set replacement")); });
    connect(m_fallback, &QCheckBox::toggled, this,
            [this](bool on) { saveForm(on ? tr("Fallback ready") : tr("Fallback not ready")); });
    connect(m_decommission, &QLineEdit::editingFinished, this,
            [this] { saveForm(tr("Set decommission date")); });
    connect(m_notes, &QLineEdit::editingFinished, this, [this] { saveForm(tr("Edit migration notes")); });
    connect(m_stages, &QTableWidget::itemChanged, this, [this] { saveForm(tr("Edit migration stage")); });
    connect(m_criteria, &QTableWidget::itemChanged, this, [this] { saveForm(tr("Edit success criterion")); });
    connect(addStage, &QPushButton::clicked, this, [this] {
        if (!m_current)
            return;
        auto m = m_project.get<Migration>(m_current);
        if (!m)
            return;
        MigrationStage s;
        s.name = tr("Stage %1").arg(m->stages.size() + 1).toStdString();
        s.trafficShare = m->stages.empty() ? 5 : m->stages.back().trafficShare;
        m->stages.push_back(s);
        try {
            saveMigration(m_project, *m, tr("Add migration stage").toStdString());
        } catch (const Error& e) {
            emit errorOccurred(QString::fromUtf8(e.what()));
        }
        refresh();
    });
    connect(removeStage, &QPushButton::clicked, this, [this] {
        auto m = m_current ? m_project.get<Migration>(m_current) : std::nullopt;
        const int row = m_stages->currentRow() >= 0 ? m_stages->currentRow() : m_stages->rowCount() - 1;
        if (!m || row < 0 || row >= static_cast<int>(m->stages.size()))
            return;
        m->stages.erase(m->stages.begin() + row);
        try {
            saveMigration(m_project, *m, tr("Remove migration stage").toStdString());
        } catch (const Error& e) {
            emit errorOccurred(QString::fromUtf8(e.what()));
        }
        refresh();
    });
    connect(defaults, &QPushButton::clicked, this, &MigrationsPage::useDefaultStages);
    connect(addCriterion, &QPushButton::clicked, this, [this] {
        auto m = m_current ? m_project.get<Migration>(m_current) : std::nullopt;
        if (!m)
            return;
        m->criteria.push_back(
            {tr("error rate").toStdString(), "", tr("no higher than before").toStdString(), ""});
        try {
            saveMigration(m_project, *m, tr("Add success criterion").toStdString());
        } catch (const Error& e) {
            emit errorOccurred(QString::fromUtf8(e.what()));
        }
        refresh();
    });
    connect(removeCriterion, &QPushButton::clicked, this, [this] {
        auto m = m_current ? m_project.get<Migration>(m_current) : std::nullopt;
        const int row = m_criteria->currentRow() >= 0 ? m_criteria->currentRow() : m_criteria->rowCount() - 1;
        if (!m || row < 0 || row >= static_cast<int>(m->criteria.size()))
            return;
        m->criteria.erase(m->criteria.begin() + row);
        try {
            saveMigration(m_project, *m, tr("Remove success criterion").toStdString());
        } catch (const Error& e) {
            emit errorOccurred(QString::fromUtf8(e.what()));
        }
        refresh();
    });

    followKinds(m_project, this, {EntityKind::Migration, EntityKind::System}, [this] { scheduleRefresh(); });
}

void MigrationsPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void MigrationsPage::scheduleRefresh() {
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

void MigrationsPage::refresh() {
    m_stale = false;
    fillList();
    fillEditor();
}

void MigrationsPage::fillList() {
    m_updating = true;
    m_list->clear();
    const auto migrations = m_project.list<Migration>();
    bool found = false;
    for (const auto& m : migrations) {
        const QString text = QStringLiteral("%1  %2\n%3 → %4: %5")
                                 .arg(qs(m.key), qs(m.title), systemName(m_project, m.legacy),
                                      systemName(m_project, m.replacement), qs(migrationProgress(m)));
        auto* item = new QListWidgetItem(text, m_list);
        item->setData(Qt::UserRole, QVariant::fromValue<qlonglong>(m.id));
        if (m.id == m_current) {
            m_list->setCurrentItem(item);
            found = true;
        }
    }
    if (!found) {
        m_current = migrations.empty() ? 0 : migrations.front().id;
        if (m_list->count() > 0)
            m_list->setCurrentRow(0);
    }
    m_delete->setEnabled(m_current != 0);
    m_updating = false;
}

void MigrationsPage::fillEditor() {
    m_updating = true;
    auto m = m_current ? m_project.get<Migration>(m_current) : std::nullopt;
    m_editor->setEnabled(m.has_value());
    m_delete->setEnabled(m.has_value());
    if (!m) {
        m_title->clear();
        m_legacy->clear();
        m_replacement->clear();
        m_stages->setRowCount(0);
        m_criteria->setRowCount(0);
        m_fallback->setChecked(false);
        m_decommission->clear();
        m_notes->clear();
        m_share->setValue(0);
        m_status->setText(
            tr("Add a migration for a system being replaced: the new path beside the old, the "
               "traffic stepping up, the fallback, the decommission and the success criteria."));
        m_updating = false;
        return;
    }
    m_title->setText(qs(m->title));
    if (m->legacy)
        m_legacy->setSystemId(*m->legacy);
    else
        m_legacy->clear();
    if (m->replacement)
        m_replacement->setSystemId(*m->replacement);
    else
        m_replacement->clear();
    m_legacy->setCursorPosition(0); // the name first, then the key
    m_replacement->setCursorPosition(0);
    m_stages->setRowCount(static_cast<int>(m->stages.size()));
    for (int r = 0; r < static_cast<int>(m->stages.size()); ++r) {
        const auto& s = m->stages[static_cast<size_t>(r)];
        m_stages->setItem(r, StageName, new QTableWidgetItem(qs(s.name)));
        auto* share = new QTableWidgetItem;
        share->setData(Qt::EditRole, s.trafficShare);
        m_stages->setItem(r, StageShare, share);
        auto* done = new QTableWidgetItem;
        done->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        done->setCheckState(s.done ? Qt::Checked : Qt::Unchecked);
        m_stages->setItem(r, StageDone, done);
        m_stages->setItem(r, StageDate, new QTableWidgetItem(qs(s.date)));
    }
    m_stages->resizeColumnsToContents();
    m_criteria->setRowCount(static_cast<int>(m->criteria.size()));
    for (int r = 0; r < static_cast<int>(m->criteria.size()); ++r) {
        const auto& c = m->criteria[static_cast<size_t>(r)];
        m_criteria->setItem(r, Metric, new QTableWidgetItem(qs(c.metric)));
        m_criteria->setItem(r, Baseline, new QTableWidgetItem(qs(c.baseline)));
        m_criteria->setItem(r, Target, new QTableWidgetItem(qs(c.target)));
        m_criteria->setItem(r, Unit, new QTableWidgetItem(qs(c.unit)));
    }
    m_criteria->resizeColumnsToContents();
    m_fallback->setChecked(m->fallbackReady);
    m_decommission->setText(qs(m->decommissionDate));
    m_notes->setText(qs(m->notes));
    m_notes->setCursorPosition(0);
    m_share->setValue(currentTrafficShare(*m));
    QString status =
        tr("%1: %2 → %3, %4; fallback %5")
            .arg(qs(m->key), systemName(m_project, m->legacy), systemName(m_project, m->replacement),
                 qs(migrationProgress(*m)), m->fallbackReady ? tr("ready") : tr("NOT ready"));
    if (!m->decommissionDate.empty())
        status += tr("; decommission %1").arg(qs(m->decommissionDate));
    if (m->criteria.empty())
        status += QLatin1Char('\n') + tr("Define the success criteria before the work starts.");
    m_status->setText(status);
    m_updating = false;
}

Migration MigrationsPage::formToMigration() const {
    Migration m = m_project.get<Migration>(m_current).value_or(Migration{});
    m.title = m_title->text().trimmed().toStdString();
    auto pick = [this](SystemPicker* p, const char* what) -> std::optional<Id> {
        if (p->text().trimmed().isEmpty())
            return std::nullopt;
        if (auto id = p->systemId())
            return id;
        throw Error(m_project.path(), std::string("migration ") + what,
                    "expected the name or key of a system of the map, found \"" + p->text().toStdString() +
                        "\"");
    };
    m.legacy = pick(m_legacy, "legacy");
    m.replacement = pick(m_replacement, "replacement");
    m.stages.clear();
    for (int r = 0; r < m_stages->rowCount(); ++r) {
        MigrationStage s;
        auto text = [&](int c) {
            return m_stages->item(r, c) ? m_stages->item(r, c)->text().trimmed() : QString();
        };
        s.name = text(StageName).toStdString();
        bool ok = false;
        const QString shareText = text(StageShare).remove(QLatin1Char('%')).trimmed();
        s.trafficShare = shareText.toInt(&ok);
        if (!ok)
            throw Error(m_project.path(), "migration stages/" + std::to_string(r) + " traffic share",
                        "expected a whole number of percent, found \"" + shareText.toStdString() + "\"");
        s.done = m_stages->item(r, StageDone) && m_stages->item(r, StageDone)->checkState() == Qt::Checked;
        s.date = text(StageDate).toStdString();
        m.stages.push_back(s);
    }
    m.criteria.clear();
    for (int r = 0; r < m_criteria->rowCount(); ++r) {
        auto text = [&](int c) {
            return m_criteria->item(r, c) ? m_criteria->item(r, c)->text().trimmed().toStdString()
                                          : std::string();
        };
        m.criteria.push_back({text(Metric), text(Baseline), text(Target), text(Unit)});
    }
    m.fallbackReady = m_fallback->isChecked();
    m.decommissionDate = m_decommission->text().trimmed().toStdString();
    m.notes = m_notes->text().trimmed().toStdString();
    return m;
}

void MigrationsPage::saveForm(const QString& editText) {
    if (m_updating || !m_current)
        return;
    try {
        const Migration m = formToMigration();
        if (auto old = m_project.get<Migration>(m_current); old && json(*old) == json(m))
            return;
        saveMigration(m_project, m, editText.toStdString());
        emit message(tr("Migration saved"));
    } catch (const Error& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
    }
    // Show what the map holds (the saved values, or the old ones after a refused change); later, so a
    // table is not refilled inside its own itemChanged.
    QTimer::singleShot(0, this, [this] {
        if (!m_updating)
            refresh();
    });
}

bool MigrationsPage::selectMigration(Id id) {
    if (!m_project.get<Migration>(id))
        return false;
    m_current = id;
    refresh();
    return true;
}

Id MigrationsPage::addMigration(Id legacy) {
    Migration m;
    m.title = tr("New migration").toStdString();
    if (legacy) {
        m.legacy = legacy;
        m.title = tr("Replace %1").arg(entityLabel(m_project, EntityKind::System, legacy)).toStdString();
    }
    m.stages = defaultMigrationStages();
    try {
        const Id id = saveMigration(m_project, m, tr("Add migration").toStdString());
        selectMigration(id);
        m_title->setFocus();
        m_title->selectAll();
        return id;
    } catch (const Error& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
        return 0;
    }
}

void MigrationsPage::deleteCurrent() {
    auto m = m_current ? m_project.get<Migration>(m_current) : std::nullopt;
    if (!m)
        return;
    try {
        m_project.erase<Migration>(m->id, tr("Delete migration %1").arg(qs(m->key)));
        m_current = 0;
        refresh();
    } catch (const Error& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
    }
}

void MigrationsPage::useDefaultStages() {
    auto m = m_current ? m_project.get<Migration>(m_current) : std::nullopt;
    if (!m)
        return;
    m->stages = defaultMigrationStages();
    try {
        saveMigration(m_project, *m, tr("Stages 5 % → 25 % → 100 %").toStdString());
    } catch (const Error& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
    }
    refresh();
}

} // namespace terrain
