#include "GuidePanel.h"

#include "Project.h"
#include "Ranking.h"
#include "RiskMatrix.h"
#include "Symptoms.h"

#include <QAction>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QVBoxLayout>

#include <algorithm>
#include <map>

namespace terrain {

namespace {

const QString kVisitedKey = QStringLiteral("guide/visited");

struct StepText {
    const char* title;
    const char* text;
};

/// The step texts, translated in GuidePanel's context.
StepText stepText(const QString& key) {
    static const std::map<QString, StepText> texts = {
        {QStringLiteral("map"),
         {QT_TRANSLATE_NOOP("GuidePanel", "1 · Map what runs"),
          QT_TRANSLATE_NOOP("GuidePanel",
                            "Import Terraform state, Kubernetes, compose or any inventory (File ▸ Import), "
                            "then read the map: who depends on what, what is shared, what nobody owns.")}},
        {QStringLiteral("symptoms"),
         {QT_TRANSLATE_NOOP("GuidePanel", "2 · Name the symptoms"),
          QT_TRANSLATE_NOOP("GuidePanel",
                            "Tick the signs the team recognises and note the evidence. Three or more say "
                            "the company has outgrown its infrastructure, and point to the areas to fix.")}},
        {QStringLiteral("risks"),
         {QT_TRANSLATE_NOOP("GuidePanel", "3 · Rate the risks"),
          QT_TRANSLATE_NOOP("GuidePanel",
                            "Place each risk by likelihood and impact; drag to re-rate. Exposure colours "
                            "the systems on the map and gives initiatives their risk reduction.")}},
        {QStringLiteral("rank"),
         {QT_TRANSLATE_NOOP("GuidePanel", "4 · Rank the work"),
          QT_TRANSLATE_NOOP("GuidePanel",
                            "Score the initiatives (WSJF or RICE), link their prerequisites and read the "
                            "roadmap: Now, Next and Later, with the reason for every place.")}},
        {QStringLiteral("decide"),
         {QT_TRANSLATE_NOOP("GuidePanel", "5 · Record the decisions"),
          QT_TRANSLATE_NOOP("GuidePanel",
                            "Write down what was decided and why, with the options weighed, linked to the "
                            "systems and initiatives it concerns.")}},
        {QStringLiteral("export"),
         {QT_TRANSLATE_NOOP("GuidePanel", "6 · Share it"),
          QT_TRANSLATE_NOOP("GuidePanel",
                            "Export the roadmap and the workshop report (HTML, PDF, Markdown), the decision "
                            "records for adr-tools, MADR or log4brains, or the map as an image.")}},
    };
    return texts.at(key);
}

} // namespace

const QStringList& GuidePanel::stepKeys() {
    static const QStringList keys = {QStringLiteral("map"),    QStringLiteral("symptoms"),
                                     QStringLiteral("risks"),  QStringLiteral("rank"),
                                     QStringLiteral("decide"), QStringLiteral("export")};
    return keys;
}

QString GuidePanel::fact(const QString& key, const Project& project) {
    const QLocale locale;
    if (key == QLatin1String("map")) {
        const auto systems = project.count(EntityKind::System);
        if (systems == 0)
            return tr("No systems yet: import what runs, or add systems by hand.");
        return tr("%1 systems, %2 dependencies, %3 imports")
            .arg(locale.toString(systems), locale.toString(project.count(EntityKind::Dependency)),
                 locale.toString(project.count(EntityKind::Import)));
    }
    if (key == QLatin1String("symptoms"))
        return QString::fromStdString(symptomVerdict(project).summary);
    if (key == QLatin1String("risks")) {
        const auto risks = project.list<Risk>();
        if (risks.empty())
            return tr("No risks recorded yet.");
        int open = 0, worst = 0;
        for (const Risk& r : risks)
            if (riskCountsForExposure(r)) {
                ++open;
                worst = std::max(worst, riskExposure(r));
            }
        return tr("%1 risks, %2 open; worst exposure %3 (%4)")
            .arg(locale.toString(static_cast<qlonglong>(risks.size())), locale.toString(open))
            .arg(worst)
            .arg(QString::fromStdString(exposureBand(worst)));
    }
    if (key == QLatin1String("rank")) {
        const auto initiatives = project.count(EntityKind::Initiative);
        if (initiatives == 0)
            return tr("No initiatives yet: add them in the Initiatives tab.");
        return tr("%1 initiatives, ranked by %2")
            .arg(locale.toString(initiatives),
                 QString::fromStdString(loadRankSettings(project).preset).toUpper());
    }
    if (key == QLatin1String("decide")) {
        const auto decisions = project.list<Decision>();
        if (decisions.empty())
            return tr("No decisions recorded yet.");
        const auto accepted = std::count_if(decisions.begin(), decisions.end(),
                                            [](const Decision& d) { return d.status == "accepted"; });
        return tr("%1 decision records, %2 accepted")
            .arg(locale.toString(static_cast<qlonglong>(decisions.size())),
                 locale.toString(static_cast<qlonglong>(accepted)));
    }
    return tr("Roadmap, report, decision records, catalog and map images.");
}

GuidePanel::GuidePanel(QWidget* parent)
    : QWidget(parent)
    , m_progress(new QLabel) {
    setObjectName(QStringLiteral("guidePanel"));
    setAccessibleName(tr("Guided path"));
    auto* content = new QWidget;
    auto* column = new QVBoxLayout(content);
    m_progress->setObjectName(QStringLiteral("guideProgress"));
    m_progress->setWordWrap(true);
    column->addWidget(m_progress);
    for (const QString& key : stepKeys()) {
        const StepText t = stepText(key);
        auto* frame = new QFrame;
        frame->setObjectName(QStringLiteral("guideStep_") + key);
        frame->setFrameShape(QFrame::StyledPanel);
        auto* box = new QVBoxLayout(frame);
        Step s;
        s.key = key;
        s.title = new QLabel;
        QFont bold = s.title->font();
        bold.setBold(true);
        s.title->setFont(bold);
        auto* text = new QLabel(tr(t.text));
        text->setWordWrap(true);
        s.fact = new QLabel;
        s.fact->setObjectName(QStringLiteral("guideFact_") + key);
        s.fact->setWordWrap(true);
        s.fact->setTextInteractionFlags(Qt::TextSelectableByMouse);
        s.go = new QPushButton(tr("Show me"));
        s.go->setObjectName(QStringLiteral("guideGo_") + key);
        s.go->setAccessibleName(tr("Show me: %1").arg(tr(t.title)));
        s.go->setEnabled(false);
        connect(s.go, &QPushButton::clicked, this, [this, key] {
            if (Step* st = step(key); st && st->action)
                st->action->trigger();
        });
        box->addWidget(s.title);
        box->addWidget(text);
        box->addWidget(s.fact);
        auto* row = new QHBoxLayout;
        row->addStretch(1);
        row->addWidget(s.go);
        box->addLayout(row);
        column->addWidget(frame);
        m_steps.push_back(s);
    }
    auto* over = new QPushButton(tr("Start over"));
    over->setObjectName(QStringLiteral("guideStartOver"));
    connect(over, &QPushButton::clicked, this, &GuidePanel::startOver);
    auto* bottom = new QHBoxLayout;
    bottom->addStretch(1);
    bottom->addWidget(over);
    column->addLayout(bottom);
    column->addStretch(1);

    auto* scroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
    refresh();
}

GuidePanel::Step* GuidePanel::step(const QString& key) {
    for (Step& s : m_steps)
        if (s.key == key)
            return &s;
    return nullptr;
}

void GuidePanel::setProject(Project* project) {
    disconnect(m_historyConnection);
    m_project = project;
    if (m_project)
        m_historyConnection = connect(m_project, &Project::historyChanged, this, &GuidePanel::refresh);
    refresh();
}

void GuidePanel::setAction(const QString& key, QAction* action) {
    Step* s = step(key);
    if (!s)
        return;
    s->action = action;
    connect(action, &QAction::triggered, this, [this, key] { markVisited(key); });
    connect(action, &QAction::changed, this, &GuidePanel::refresh);
    refresh();
}

QStringList GuidePanel::visitedKeys() {
    return QSettings().value(kVisitedKey).toStringList();
}

bool GuidePanel::visited(const QString& key) const {
    return visitedKeys().contains(key);
}

int GuidePanel::visitedCount() const {
    const QStringList keys = visitedKeys();
    return static_cast<int>(
        std::count_if(m_steps.begin(), m_steps.end(), [&](const Step& s) { return keys.contains(s.key); }));
}

QString GuidePanel::nextStep() const {
    const QStringList keys = visitedKeys();
    for (const Step& s : m_steps)
        if (!keys.contains(s.key))
            return s.key;
    return {};
}

void GuidePanel::markVisited(const QString& key) {
    QStringList keys = QSettings().value(kVisitedKey).toStringList();
    if (!keys.contains(key)) {
        keys << key;
        QSettings().setValue(kVisitedKey, keys);
    }
    refresh();
}

void GuidePanel::startOver() {
    QSettings().remove(kVisitedKey);
    refresh();
}

void GuidePanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void GuidePanel::refresh() {
    // Hidden, it reads nothing on each edit: the facts are read when it is shown.
    m_stale = !isVisible();
    if (m_stale)
        return;
    const QStringList keys = visitedKeys();
    QString next;
    int done = 0;
    for (const Step& s : m_steps) {
        if (keys.contains(s.key))
            ++done;
        else if (next.isEmpty())
            next = s.key;
    }
    for (Step& s : m_steps) {
        const bool ticked = keys.contains(s.key);
        const QString title = tr(stepText(s.key).title);
        s.title->setText(ticked ? QStringLiteral("✓ ") + title : title);
        s.title->setAccessibleName(ticked ? tr("%1, done").arg(title) : title);
        const bool isNext = s.key == next;
        QFont f = s.title->font();
        f.setUnderline(isNext);
        s.title->setFont(f);
        QString shortcut;
        if (s.action && !s.action->shortcut().isEmpty())
            shortcut = s.action->shortcut().toString(QKeySequence::NativeText);
        s.go->setText(shortcut.isEmpty() ? tr("Show me") : tr("Show me (%1)").arg(shortcut));
        s.go->setEnabled(m_project && s.action && s.action->isEnabled());
        s.go->setDefault(isNext);
        s.fact->setText(m_project ? fact(s.key, *m_project) : tr("Open a map to begin."));
    }
    m_progress->setText(done == static_cast<int>(m_steps.size())
                            ? tr("All six steps visited. Start over to walk the path again.")
                            : tr("%1 of %2 steps visited. Next: %3")
                                  .arg(done)
                                  .arg(m_steps.size())
                                  .arg(tr(stepText(next).title)));
}

} // namespace terrain
