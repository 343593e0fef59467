#include "WorkshopMode.h"

#include "Error.h"
#include "FollowKinds.h"
#include "Project.h"
#include "QtText.h"
#include "Ranking.h"
#include "Symptoms.h"

#include <QCloseEvent>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace terrain {

namespace {

QString esc(const std::string& s) {
    return QString::fromStdString(s).toHtmlEscaped();
}

QString maturityName(int level) {
    const auto& scale = maturityScale();
    if (level < 1 || level > static_cast<int>(scale.size()))
        return QObject::tr("not assessed");
    return qs(scale[static_cast<size_t>(level - 1)]);
}

QString dots(int n) {
    return n > 0 ? QString(n, QChar(0x25CF)) : QString();
}

constexpr int kMaxNumbered = 9;

} // namespace

WorkshopMode::WorkshopMode(Project& project, QWidget* parent)
    : QWidget(parent, Qt::Window)
    , m_project(project)
    , m_tick(new QTimer(this)) {
    setObjectName(QStringLiteral("workshopMode"));
    setWindowTitle(tr("Terrain — Workshop"));
    setFocusPolicy(Qt::StrongFocus);
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, QColor(0x14, 0x1b, 0x24));
    pal.setColor(QPalette::WindowText, QColor(0xf2, 0xf2, 0xf2));
    setPalette(pal);

    auto label = [this](const char* name) {
        auto* l = new QLabel;
        l->setObjectName(QLatin1String(name));
        l->setWordWrap(true);
        l->setTextFormat(Qt::RichText);
        l->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        l->setFocusPolicy(Qt::NoFocus);
        return l;
    };
    m_progress = label("workshopProgress");
    m_title = label("workshopTitle");
    m_timer = label("workshopTimer");
    m_timer->setAlignment(Qt::AlignRight | Qt::AlignTop);
    m_timer->setWordWrap(false);
    m_description = label("workshopDescription");
    m_maturity = label("workshopMaturity");
    m_signs = label("workshopSigns");
    m_signs->setWordWrap(false); // one sign a line: the label is as tall as its lines
    m_list = label("workshopInitiatives");
    m_list->setWordWrap(false);
    m_voting = label("workshopVoting");
    m_help = label("workshopHelp");
    QStringList hints;
    for (const KeyHelp& k : keyHelp())
        hints << k.keys + QLatin1Char(' ') + k.what;
    m_help->setText(hints.join(QStringLiteral(" · ")));

    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(48, 32, 48, 24);
    grid->setHorizontalSpacing(32);
    grid->setVerticalSpacing(14);
    grid->addWidget(m_progress, 0, 0);
    grid->addWidget(m_timer, 0, 1, 2, 1);
    grid->addWidget(m_title, 1, 0);
    grid->addWidget(m_description, 2, 0, 1, 2);
    grid->addWidget(m_maturity, 3, 0, 1, 2);
    grid->addWidget(m_signs, 4, 0, 1, 2);
    grid->addWidget(m_list, 5, 0, 1, 2);
    grid->setRowStretch(5, 1);
    grid->addWidget(m_voting, 6, 0, 1, 2);
    grid->addWidget(m_help, 7, 0, 1, 2);
    grid->setColumnStretch(0, 1);

    m_tick->setInterval(250);
    connect(m_tick, &QTimer::timeout, this, [this] {
        if (m_running && secondsLeft() <= 0) {
            m_running = false;
            m_elapsedBefore = qint64(m_minutes) * 60000;
            m_tick->stop();
            emit message(tr("Time is up"));
        }
        fillTimer();
    });
    // The map may change under it (an edit in the main window, an undo): follow it.
    followKinds(m_project, this, {EntityKind::Area, EntityKind::Initiative, EntityKind::Symptom},
                [this] { reload(); });
    // A map closed under it takes the workshop with it.
    connect(&m_project, &QObject::destroyed, this, [this] {
        m_votes.clear();
        close();
        deleteLater();
    });
    reload();
    applyFonts();
}

WorkshopMode::~WorkshopMode() = default;

void WorkshopMode::start() {
    showFullScreen();
    activateWindow();
    setFocus();
}

Id WorkshopMode::currentArea() const {
    return m_areaIndex >= 0 && m_areaIndex < areaCount() ? m_areas[static_cast<size_t>(m_areaIndex)].id : 0;
}

void WorkshopMode::setAreaIndex(int index) {
    if (m_areas.empty())
        return;
    m_areaIndex = std::clamp(index, 0, areaCount() - 1);
    m_selected = 0;
    fillArea();
}

DotVote& WorkshopMode::voteRef() {
    const Id area = currentArea();
    auto it = m_votes.find(area);
    if (it == m_votes.end())
        it = m_votes.emplace(area, DotVote(m_participants, m_votesEach)).first;
    return it->second;
}

const DotVote& WorkshopMode::vote() const {
    return const_cast<WorkshopMode*>(this)->voteRef();
}

int WorkshopMode::pendingVotes() const {
    int n = 0;
    for (const auto& [area, v] : m_votes)
        n += v.cast();
    return n;
}

int WorkshopMode::recordVotes() {
    std::map<Id, int> totals;
    for (const auto& [area, v] : m_votes)
        for (const auto& [id, n] : v.totals())
            totals[id] += n;
    if (totals.empty())
        return 0;
    try {
        const int recorded = terrain::recordVotes(m_project, totals);
        for (auto& [area, v] : m_votes)
            v.clear();
        emit message((recorded == 1 ? tr("1 dot vote recorded on the initiatives")
                                    : tr("%1 dot votes recorded on the initiatives").arg(recorded)));
        reload();
        return recorded;
    } catch (const Error& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
        return 0;
    }
}

int WorkshopMode::secondsLeft() const {
    qint64 ms = m_elapsedBefore + (m_running ? m_clock.elapsed() : 0);
    const qint64 left = qint64(m_minutes) * 60000 - ms;
    return left <= 0 ? 0 : static_cast<int>((left + 999) / 1000);
}

void WorkshopMode::setTimerMinutes(int minutes) {
    m_minutes = std::clamp(minutes, 1, 120);
    fillTimer();
}

void WorkshopMode::toggleTimer() {
    if (m_running) {
        m_elapsedBefore += m_clock.elapsed();
        m_running = false;
        m_tick->stop();
    } else {
        if (secondsLeft() <= 0)
            m_elapsedBefore = 0;
        m_clock.start();
        m_running = true;
        m_tick->start();
    }
    fillTimer();
}

void WorkshopMode::resetTimer() {
    m_running = false;
    m_elapsedBefore = 0;
    m_tick->stop();
    fillTimer();
}

void WorkshopMode::reload() {
    const Id keep = currentArea();
    m_areas = m_project.list<Area>();
    m_areaIndex = 0;
    for (int i = 0; i < areaCount(); ++i)
        if (m_areas[static_cast<size_t>(i)].id == keep)
            m_areaIndex = i;
    fillArea();
}

void WorkshopMode::fillArea() {
    m_initiatives.clear();
    if (m_areas.empty()) {
        m_progress->setText(QString());
        m_title->setText(tr("No improvement areas in this map"));
        m_description->clear();
        m_maturity->clear();
        m_signs->clear();
        m_list->clear();
        fillVoting();
        fillTimer();
        return;
    }
    const Area& a = m_areas[static_cast<size_t>(m_areaIndex)];
    m_progress->setText(tr("Area %1 of %2").arg(m_areaIndex + 1).arg(areaCount()));
    m_title->setText(esc(a.title));
    m_description->setText(esc(a.description));
    QString maturity =
        tr("Maturity: <b>%1</b> → target <b>%2</b>")
            .arg(maturityName(a.maturityNow).toHtmlEscaped(), maturityName(a.maturityTarget).toHtmlEscaped());
    if (!a.owner.empty())
        maturity += tr(" · owner <b>%1</b>").arg(esc(a.owner));
    m_maturity->setText(maturity);

    const AreaEvidence e = areaEvidence(m_project, a.id);
    if (e.symptomTexts.empty()) {
        m_signs->setText(tr("<i>No observed sign points here.</i>"));
    } else {
        QString html = tr("Signs seen:");
        for (const auto& t : e.symptomTexts)
            html += QStringLiteral("<br>&nbsp;&nbsp;• %1").arg(esc(t));
        m_signs->setText(html);
    }

    for (auto& i : m_project.list<Initiative>())
        if (i.area && *i.area == a.id && i.status != "done" && i.status != "dropped")
            m_initiatives.push_back(std::move(i));
    std::sort(m_initiatives.begin(), m_initiatives.end(),
              [](const Initiative& x, const Initiative& y) { return x.id < y.id; });
    m_selected = std::clamp(m_selected, 0, std::max(0, static_cast<int>(m_initiatives.size()) - 1));
    fillVoting();
    fillTimer();
}

void WorkshopMode::fillVoting() {
    const DotVote& v = vote();
    RankResult ranked;
    try {
        ranked = rank(rankInput(m_project));
    } catch (const Error&) {
        // settings that cannot be read: show no ranks (the Roadmap tab reports why)
    }
    if (m_initiatives.empty()) {
        m_list->setText(tr("<i>No open initiatives in this area yet.</i>"));
    } else {
        QString html = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"4\">");
        for (int k = 0; k < static_cast<int>(m_initiatives.size()); ++k) {
            const Initiative& i = m_initiatives[static_cast<size_t>(k)];
            const int session = v.total(i.id);
            const auto* r = ranked.find(i.id);
            const QString number = k < kMaxNumbered ? QString::number(k + 1) : QStringLiteral("·");
            const bool sel = k == m_selected;
            html += QStringLiteral("<tr%1>").arg(sel ? QStringLiteral(" style=\"background-color:#2d4a6b\"")
                                                     : QString());
            html += QStringLiteral("<td><b>%1</b></td><td>%2&nbsp;&nbsp;%3</td>")
                        .arg(number, esc(i.key), esc(i.title));
            html += QStringLiteral("<td style=\"color:#f5c542\">%1</td>").arg(dots(session));
            html += QStringLiteral("<td align=\"right\">%1</td>")
                        .arg((i.votes + session == 1 ? tr("1 vote") : tr("%1 votes").arg(i.votes + session)));
            html += QStringLiteral("<td align=\"right\" style=\"color:#9fb3c8\">%1</td>")
                        .arg(r && r->rank ? tr("#%1").arg(r->rank) : QString());
            html += QStringLiteral("</tr>");
        }
        html += QStringLiteral("</table>");
        m_list->setText(html);
    }
    const int p = v.current();
    QString voting = tr("Dot voting: participant <b>%1 of %2</b> — <b>%3 of %4</b> dots left")
                         .arg(p + 1)
                         .arg(v.participants())
                         .arg(v.left(p))
                         .arg(v.votesEach());
    voting += tr(" · %1 of %2 dots placed in this area").arg(v.cast()).arg(v.budget());
    const int pending = pendingVotes();
    if (pending > 0)
        voting += tr(" · <b>%1 not recorded</b> (S)").arg(pending);
    m_voting->setText(voting);
}

void WorkshopMode::fillTimer() {
    const int s = secondsLeft();
    const QString text =
        QStringLiteral("%1:%2").arg(s / 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
    const QString color = s == 0    ? QStringLiteral("#e74c3c")
                          : s <= 60 ? QStringLiteral("#f5c542")
                                    : QStringLiteral("#f2f2f2");
    m_timer->setText(QStringLiteral("<span style=\"color:%1\">%2</span><br><span style=\"font-size:%3px; "
                                    "font-weight:normal\">%4</span>")
                         .arg(color, text, QString::number(std::max(12, std::max(height(), 480) / 40)),
                              m_running ? tr("running — Space to pause") : tr("paused — Space to start")));
}

void WorkshopMode::applyFonts() {
    // Sized from the screen height: the title about a twelfth of it, body text a thirtieth.
    const int h = std::max(height(), 480);
    auto set = [](QLabel* l, int px, bool bold) {
        QFont f = l->font();
        f.setPixelSize(std::max(px, 10));
        f.setBold(bold);
        l->setFont(f);
    };
    set(m_progress, h / 36, false);
    set(m_title, h / 13, true);
    set(m_timer, h / 10, true);
    set(m_description, h / 34, false);
    set(m_maturity, h / 30, false);
    set(m_signs, h / 34, false);
    set(m_list, h / 28, false);
    set(m_voting, h / 34, false);
    set(m_help, h / 56, false);
    QPalette help = m_help->palette();
    help.setColor(QPalette::WindowText, QColor(0x9f, 0xb3, 0xc8));
    m_help->setPalette(help);
}

void WorkshopMode::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    applyFonts();
    fillTimer();
}

void WorkshopMode::voteFor(int index) {
    if (index < 0 || index >= static_cast<int>(m_initiatives.size()))
        return;
    m_selected = index;
    DotVote& v = voteRef();
    if (!v.add(m_initiatives[static_cast<size_t>(index)].id)) {
        emit message(tr("Participant %1 has no dots left: Enter for the next one").arg(v.current() + 1));
    } else if (v.left(v.current()) == 0) {
        // Their dots are all placed: on to the next participant who still has some.
        for (int k = 1; k < v.participants(); ++k) {
            const int other = (v.current() + k) % v.participants();
            if (v.left(other) > 0) {
                v.setCurrent(other);
                break;
            }
        }
    }
    fillVoting();
}

QList<KeyHelp> WorkshopMode::keyHelp() {
    return {{tr("←/→"), tr("area")},
            {tr("Space"), tr("timer")},
            {tr("R"), tr("reset")},
            {tr("[ ]"), tr("minutes")},
            {tr("1–9"), tr("dot on initiative")},
            {tr("↑/↓"), tr("select")},
            {tr("+/−"), tr("dot")},
            {tr("Enter"), tr("next participant")},
            {tr("P/V"), tr("participants/votes (Shift: fewer)")},
            {tr("S"), tr("record votes")},
            {tr("Esc"), tr("leave")}};
}

void WorkshopMode::keyPressEvent(QKeyEvent* event) {
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    const QString text = event->text();
    if (text.size() == 1 && text[0] >= QLatin1Char('1') && text[0] <= QLatin1Char('9')) {
        voteFor(text[0].digitValue() - 1);
        return;
    }
    if (text == QLatin1String("+") || text == QLatin1String("=")) {
        voteFor(m_selected);
        return;
    }
    if (text == QLatin1String("-")) {
        if (m_selected < static_cast<int>(m_initiatives.size()))
            voteRef().remove(m_initiatives[static_cast<size_t>(m_selected)].id);
        fillVoting();
        return;
    }
    if (text == QLatin1String("[") || text == QLatin1String("]")) {
        setTimerMinutes(m_minutes + (text == QLatin1String("]") ? 1 : -1));
        return;
    }
    switch (event->key()) {
    case Qt::Key_Right:
    case Qt::Key_PageDown:
        setAreaIndex(m_areaIndex + 1);
        return;
    case Qt::Key_Left:
    case Qt::Key_PageUp:
        setAreaIndex(m_areaIndex - 1);
        return;
    case Qt::Key_Home:
        setAreaIndex(0);
        return;
    case Qt::Key_End:
        setAreaIndex(areaCount() - 1);
        return;
    case Qt::Key_Up:
        m_selected = std::max(0, m_selected - 1);
        fillVoting();
        return;
    case Qt::Key_Down:
        m_selected = std::min(std::max(0, static_cast<int>(m_initiatives.size()) - 1), m_selected + 1);
        fillVoting();
        return;
    case Qt::Key_Space:
        toggleTimer();
        return;
    case Qt::Key_R:
        resetTimer();
        return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Tab:
        voteRef().next();
        fillVoting();
        return;
    case Qt::Key_P:
    case Qt::Key_V: {
        const int delta = shift ? -1 : 1;
        int p = m_participants, e = m_votesEach;
        (event->key() == Qt::Key_P ? p : e) += delta;
        try {
            DotVote check(p, e); // refuses numbers out of range
            m_participants = p;
            m_votesEach = e;
            for (auto& [area, v] : m_votes)
                v.resize(p, e);
        } catch (const Error&) {
            // at the limit: stays
        }
        fillVoting();
        return;
    }
    case Qt::Key_S:
        recordVotes();
        fillVoting();
        return;
    case Qt::Key_Escape:
        close();
        return;
    default:
        break;
    }
    QWidget::keyPressEvent(event);
}

void WorkshopMode::closeEvent(QCloseEvent* event) {
    if (pendingVotes() > 0)
        recordVotes(); // one undoable edit: nothing typed in the room is lost
    QWidget::closeEvent(event);
}

} // namespace terrain
