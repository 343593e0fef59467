#include "SymptomsPage.h"

#include "EntityColumns.h"
#include "EntityTableModel.h"
#include "EntityTablePage.h"
#include "Error.h"
#include "FollowKinds.h"
#include "Project.h"
#include "QtText.h"
#include "Symptoms.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <map>

namespace terrain {

namespace {

QString maturityName(int level) {
    const auto& scale = maturityScale();
    if (level < 1 || level > static_cast<int>(scale.size()))
        return QObject::tr("not assessed");
    return qs(scale[static_cast<size_t>(level - 1)]);
}

} // namespace

SymptomsPage::SymptomsPage(Project& project, QWidget* parent)
    : QWidget(parent)
    , m_project(project) {
    setObjectName(QStringLiteral("symptomsPage"));

    m_verdict = new QLabel;
    m_verdict->setObjectName(QStringLiteral("verdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setMargin(10);
    QFont big = m_verdict->font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    big.setBold(true);
    m_verdict->setFont(big);
    m_verdict->setAutoFillBackground(true);

    m_checklist = new QTreeWidget;
    m_checklist->setObjectName(QStringLiteral("symptomChecklist"));
    m_checklist->setAccessibleName(tr("Symptom checklist"));
    m_checklist->setColumnCount(1);
    m_checklist->setHeaderLabels({tr("Sign (tick what you see) → the areas it points to")});
    m_checklist->setRootIsDecorated(false);
    m_checklist->setWordWrap(true);
    m_checklist->setUniformRowHeights(false);
    m_checklist->setAlternatingRowColors(true);
    m_checklist->header()->setStretchLastSection(true);

    m_evidenceTitle = new QLabel;
    m_evidenceTitle->setWordWrap(true);
    m_evidence = new QLineEdit;
    m_evidence->setObjectName(QStringLiteral("symptomEvidence"));
    m_evidence->setAccessibleName(tr("Evidence for the selected sign"));
    m_evidence->setPlaceholderText(
        tr("What you saw: \"the last deploy took 3 hours\", \"only Ana can restore the DB\""));
    m_evidence->setClearButtonEnabled(true);

    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_checklist, 1);
    leftLayout->addWidget(m_evidenceTitle);
    leftLayout->addWidget(m_evidence);

    m_areas = new EntityTablePage(project, EntityKind::Area);
    m_areas->setObjectName(QStringLiteral("symptomAreas"));
    m_areaEvidence = new QLabel;
    m_areaEvidence->setObjectName(QStringLiteral("areaEvidence"));
    m_areaEvidence->setWordWrap(true);
    m_areaEvidence->setTextFormat(Qt::RichText);
    m_areaEvidence->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_areaEvidence->setMinimumHeight(90);

    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto* areasTitle = new QLabel(tr("Improvement areas: maturity now and target, status, owner, systems"));
    QFont bold = areasTitle->font();
    bold.setBold(true);
    areasTitle->setFont(bold);
    rightLayout->addWidget(areasTitle);
    rightLayout->addWidget(m_areas, 1);
    rightLayout->addWidget(m_areaEvidence);

    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({560, 840});

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_verdict);
    layout->addWidget(split, 1);

    connect(m_checklist, &QTreeWidget::itemChanged, this, &SymptomsPage::itemChanged);
    connect(m_checklist, &QTreeWidget::currentItemChanged, this, &SymptomsPage::currentSignChanged);
    connect(m_evidence, &QLineEdit::editingFinished, this, &SymptomsPage::saveEvidence);
    connect(m_areas, &EntityTablePage::errorOccurred, this, &SymptomsPage::errorOccurred);
    connect(m_areas, &EntityTablePage::message, this, &SymptomsPage::message);

    followKinds(m_project, this, {EntityKind::Symptom, EntityKind::Area, EntityKind::System},
                [this] { scheduleRefresh(); });
}

void SymptomsPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
    if (auto* sel = m_areas->view()->selectionModel(); sel && !property("areasWired").toBool()) {
        setProperty("areasWired", true);
        connect(sel, &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
            if (current.isValid())
                showArea(m_areas->model()->idAt(current.row()));
        });
    }
}

void SymptomsPage::scheduleRefresh() {
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

QTreeWidgetItem* SymptomsPage::itemOf(Id symptom) const {
    for (int i = 0; i < m_checklist->topLevelItemCount(); ++i)
        if (m_checklist->topLevelItem(i)->data(0, Qt::UserRole).toLongLong() == symptom)
            return m_checklist->topLevelItem(i);
    return nullptr;
}

void SymptomsPage::refresh() {
    m_stale = false;
    const auto symptoms = m_project.list<Symptom>();
    const auto areas = m_project.list<Area>();
    std::map<Id, QString> areaTitles;
    for (const auto& a : areas)
        areaTitles[a.id] = qs(a.title);
    fillVerdict();

    const Id current =
        m_checklist->currentItem() ? m_checklist->currentItem()->data(0, Qt::UserRole).toLongLong() : 0;
    m_updating = true;
    m_checklist->clear();
    for (const auto& s : symptoms) {
        auto* item = new QTreeWidgetItem(m_checklist);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setData(0, Qt::UserRole, QVariant::fromValue<qlonglong>(s.id));
        item->setCheckState(0, s.observed ? Qt::Checked : Qt::Unchecked);
        QStringList to;
        for (Id a : s.areas)
            if (auto it = areaTitles.find(a); it != areaTitles.end())
                to << it->second;
        item->setText(0, to.isEmpty() ? qs(s.text)
                                      : qs(s.text) + QStringLiteral("\n→ ") + to.join(QStringLiteral(", ")));
        QString tip = qs(s.text);
        if (!s.evidence.empty())
            tip += QStringLiteral("\n") + tr("Evidence: %1").arg(qs(s.evidence));
        item->setToolTip(0, tip);
        if (s.observed) {
            QFont f = item->font(0);
            f.setBold(true);
            item->setFont(0, f);
        }
        if (s.id == current)
            m_checklist->setCurrentItem(item);
    }
    m_updating = false;
    currentSignChanged();
    if (m_shownArea)
        showArea(m_shownArea);
    else
        m_areaEvidence->setText(tr("Select an area to see the signs that point to it and its systems."));
}

void SymptomsPage::fillVerdict() {
    const SymptomVerdict v = symptomVerdict(m_project);
    m_verdict->setText(qs(v.summary));
    QPalette pal = m_verdict->palette();
    const QColor bg = v.outgrown       ? QColor(0xf6, 0xd5, 0xd1)
                      : v.observed > 0 ? QColor(0xfb, 0xf0, 0xc8)
                                       : QColor(0xdd, 0xee, 0xd3);
    pal.setColor(QPalette::Window, bg);
    pal.setColor(QPalette::WindowText, QColor(0x20, 0x20, 0x20));
    m_verdict->setPalette(pal);
}

void SymptomsPage::itemChanged(QTreeWidgetItem* item, int column) {
    if (m_updating || !item || column != 0)
        return;
    const Id id = item->data(0, Qt::UserRole).toLongLong();
    const bool on = item->checkState(0) == Qt::Checked;
    try {
        if (setSymptomObserved(m_project, id, on)) {
            // The verdict follows the tick at once; the list itself is rebuilt on the next turn of the
            // event loop (the view is still inside the click that changed this item).
            fillVerdict();
            m_updating = true;
            QFont f = item->font(0);
            f.setBold(on);
            item->setFont(0, f);
            m_checklist->setCurrentItem(item);
            m_updating = false;
            emit message(qs(symptomVerdict(m_project).summary));
        }
    } catch (const Error& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
        scheduleRefresh();
    }
}

void SymptomsPage::currentSignChanged() {
    QTreeWidgetItem* item = m_checklist->currentItem();
    const Id id = item ? item->data(0, Qt::UserRole).toLongLong() : 0;
    auto s = id ? m_project.get<Symptom>(id) : std::nullopt;
    m_evidence->setEnabled(s.has_value());
    if (!s) {
        m_evidenceTitle->setText(tr("Select a sign to write down what you saw."));
        m_evidence->clear();
        return;
    }
    m_evidenceTitle->setText(tr("Evidence for \"%1\":").arg(qs(s->text)));
    if (m_evidence->text() != qs(s->evidence))
        m_evidence->setText(qs(s->evidence));
}

void SymptomsPage::saveEvidence() {
    QTreeWidgetItem* item = m_checklist->currentItem();
    if (!item)
        return;
    const Id id = item->data(0, Qt::UserRole).toLongLong();
    auto s = m_project.get<Symptom>(id);
    if (!s)
        return;
    const std::string text = m_evidence->text().trimmed().toStdString();
    if (text == s->evidence)
        return;
    try {
        // Writing evidence means the sign was seen: tick it too.
        setSymptomObserved(m_project, id, s->observed || !text.empty(), &text);
        refresh();
    } catch (const Error& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
    }
}

void SymptomsPage::showArea(Id id) {
    auto area = m_project.get<Area>(id);
    if (!area) {
        m_shownArea = 0;
        m_areaEvidence->setText(tr("Select an area to see the signs that point to it and its systems."));
        return;
    }
    m_shownArea = id;
    if (m_areas->hasModel()) {
        const int row = m_areas->model()->rowOf(id);
        if (row >= 0 && m_areas->view()->currentIndex().row() != row)
            m_areas->view()->setCurrentIndex(m_areas->model()->index(row, 1));
    }
    const AreaEvidence e = areaEvidence(m_project, id);
    QString html =
        QStringLiteral("<b>%1</b> — %2 → %3, %4")
            .arg(qs(area->title).toHtmlEscaped(), maturityName(area->maturityNow).toHtmlEscaped(),
                 maturityName(area->maturityTarget).toHtmlEscaped(), qs(area->status).toHtmlEscaped());
    if (!area->owner.empty())
        html += tr(", owner %1").arg(qs(area->owner).toHtmlEscaped());
    html += QStringLiteral("<br>");
    if (e.symptoms.empty()) {
        html += tr("No observed sign points to it.");
    } else {
        html += (e.symptoms.size() == 1 ? tr("Evidence: 1 sign observed")
                                        : tr("Evidence: %1 signs observed").arg(e.symptoms.size()));
        html += QStringLiteral("<ul style=\"margin:0\">");
        for (const auto& t : e.symptomTexts)
            html += QStringLiteral("<li>%1</li>").arg(qs(t).toHtmlEscaped());
        html += QStringLiteral("</ul>");
        for (const auto& n : e.notes)
            html += QStringLiteral("<i>%1</i><br>").arg(qs(n).toHtmlEscaped());
    }
    QStringList systems;
    for (Id s : area->systems)
        systems << entityLabel(m_project, EntityKind::System, s).toHtmlEscaped();
    html += systems.isEmpty() ? tr("No systems linked yet.")
                              : tr("Systems: %1").arg(systems.join(QStringLiteral(", ")));
    m_areaEvidence->setText(html);
}

} // namespace terrain
