#include "RiskMatrixView.h"

#include "Error.h"
#include "Project.h"
#include "QtText.h"
#include "RiskMatrix.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace terrain {

namespace {

const char* const kLikelihoodNames[5] = {
    QT_TRANSLATE_NOOP("RiskMatrixView", "Rare"), QT_TRANSLATE_NOOP("RiskMatrixView", "Unlikely"),
    QT_TRANSLATE_NOOP("RiskMatrixView", "Possible"), QT_TRANSLATE_NOOP("RiskMatrixView", "Likely"),
    QT_TRANSLATE_NOOP("RiskMatrixView", "Almost certain")};
const char* const kImpactNames[5] = {
    QT_TRANSLATE_NOOP("RiskMatrixView", "Negligible"), QT_TRANSLATE_NOOP("RiskMatrixView", "Minor"),
    QT_TRANSLATE_NOOP("RiskMatrixView", "Moderate"), QT_TRANSLATE_NOOP("RiskMatrixView", "Major"),
    QT_TRANSLATE_NOOP("RiskMatrixView", "Severe")};

/// The colour of an exposure band, the same as the map's "Risk" colouring.
QColor bandColor(int exposure) {
    const std::string band = exposureBand(exposure);
    if (band == "low")
        return QColor(0x8c, 0xb8, 0x4f);
    if (band == "medium")
        return QColor(0xed, 0xc9, 0x48);
    if (band == "high")
        return QColor(0xf2, 0x8e, 0x2b);
    if (band == "critical")
        return QColor(0xc0, 0x39, 0x2b);
    return QColor(0xd0, 0xd0, 0xd0);
}

QColor tint(const QColor& c, double amount) {
    return QColor::fromRgbF(static_cast<float>(1 - (1 - c.redF()) * amount),
                            static_cast<float>(1 - (1 - c.greenF()) * amount),
                            static_cast<float>(1 - (1 - c.blueF()) * amount));
}

constexpr double kPad = 4;

} // namespace

RiskMatrixView::RiskMatrixView(Project& project, QWidget* parent)
    : QWidget(parent)
    , m_project(project) {
    setObjectName(QStringLiteral("riskMatrix"));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(false);
    setAccessibleName(tr("Risk matrix"));
    setToolTip(QString()); // tool tips per chip, see event()
    auto follow = [this](EntityKind k) {
        if (k == EntityKind::Risk)
            refresh();
    };
    connect(&m_project, &Project::rowInserted, this, [follow](EntityKind k, Id) { follow(k); });
    connect(&m_project, &Project::rowUpdated, this, [follow](EntityKind k, Id) { follow(k); });
    connect(&m_project, &Project::rowRemoved, this, [follow](EntityKind k, Id) { follow(k); });
    connect(&m_project, &Project::kindReset, this, follow);
    refresh();
}

void RiskMatrixView::refresh() {
    m_risks.clear();
    for (auto& r : m_project.list<Risk>())
        if (riskCountsForExposure(r))
            m_risks.push_back(std::move(r));
    if (m_selected && !riskById(m_selected))
        m_selected = 0;
    if (m_pressRisk && !riskById(m_pressRisk)) {
        m_pressRisk = 0;
        m_dragging = false;
    }
    layoutChips();
    update();
}

const Risk* RiskMatrixView::riskById(Id id) const {
    for (const auto& r : m_risks)
        if (r.id == id)
            return &r;
    return nullptr;
}

QSize RiskMatrixView::sizeHint() const {
    return {760, 560};
}

QSize RiskMatrixView::minimumSizeHint() const {
    return {360, 260};
}

QRectF RiskMatrixView::gridRect() const {
    const QFontMetricsF fm(font());
    double labelWidth = 0;
    for (const char* n : kLikelihoodNames)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(QStringLiteral("5 ") + tr(n)));
    const double left = fm.height() * 1.6 + labelWidth + 8;
    const double bottom = fm.height() * 2.6 + 8;
    return QRectF(left, 6, std::max(50.0, width() - left - 8), std::max(50.0, height() - bottom - 6));
}

double RiskMatrixView::chipHeight() const {
    return QFontMetricsF(font()).height() + 6;
}

QRectF RiskMatrixView::cellRect(int likelihood, int impact) const {
    const QRectF g = gridRect();
    const double w = g.width() / 5, h = g.height() / 5;
    return QRectF(g.left() + (impact - 1) * w, g.top() + (5 - likelihood) * h, w, h);
}

std::optional<std::pair<int, int>> RiskMatrixView::cellAt(const QPointF& pos) const {
    const QRectF g = gridRect();
    if (!g.contains(pos))
        return std::nullopt;
    const int impact = std::clamp(static_cast<int>((pos.x() - g.left()) / (g.width() / 5)) + 1, 1, 5);
    const int likelihood = std::clamp(5 - static_cast<int>((pos.y() - g.top()) / (g.height() / 5)), 1, 5);
    return std::make_pair(likelihood, impact);
}

void RiskMatrixView::layoutChips() {
    m_chips.clear();
    for (auto& row : m_hidden)
        std::fill(std::begin(row), std::end(row), 0);
    const QFontMetricsF fm(font());
    const double ch = chipHeight();
    for (const auto& cell : riskMatrix(m_risks)) {
        if (cell.risks.empty())
            continue;
        const QRectF r = cellRect(cell.likelihood, cell.impact);
        const int fit = std::max(0, static_cast<int>((r.height() - kPad - fm.height()) / (ch + 2)));
        const int n = static_cast<int>(cell.risks.size());
        int shown = n <= fit ? n : fit >= 2 ? fit - 1 : 0;
        double y = r.top() + kPad;
        for (int k = 0; k < shown; ++k) {
            const Risk& risk = cell.risks[static_cast<size_t>(k)];
            Chip c;
            c.risk = risk.id;
            c.likelihood = cell.likelihood;
            c.impact = cell.impact;
            c.rect = QRectF(r.left() + kPad, y, r.width() - 2 * kPad, ch);
            c.text = fm.elidedText(qs(risk.key) + QStringLiteral("  ") + qs(risk.title), Qt::ElideRight,
                                   c.rect.width() - 8);
            m_chips.push_back(c);
            y += ch + 2;
        }
        const int hidden = n - shown;
        m_hidden[cell.likelihood - 1][cell.impact - 1] = hidden;
        if (hidden > 0) {
            Chip more;
            more.likelihood = cell.likelihood;
            more.impact = cell.impact;
            more.text = shown > 0 ? tr("+%1 more").arg(hidden)
                                  : (hidden == 1 ? tr("1 risk") : tr("%1 risks").arg(hidden));
            if (shown > 0)
                more.rect = QRectF(r.left() + kPad, y, r.width() - 2 * kPad, ch);
            else
                more.rect = QRectF(r.left() + kPad, r.center().y() - ch / 2, r.width() - 2 * kPad, ch);
            m_chips.push_back(more);
        }
    }
}

std::optional<QRectF> RiskMatrixView::chipRect(Id risk) const {
    for (const auto& c : m_chips)
        if (c.risk == risk)
            return c.rect;
    return std::nullopt;
}

Id RiskMatrixView::riskAt(const QPointF& pos) const {
    for (const auto& c : m_chips)
        if (c.risk && c.rect.contains(pos))
            return c.risk;
    return 0;
}

std::vector<Id> RiskMatrixView::visibleRisks(int likelihood, int impact) const {
    std::vector<Id> out;
    for (const auto& c : m_chips)
        if (c.risk && c.likelihood == likelihood && c.impact == impact)
            out.push_back(c.risk);
    return out;
}

int RiskMatrixView::hiddenCount(int likelihood, int impact) const {
    if (likelihood < 1 || likelihood > 5 || impact < 1 || impact > 5)
        return 0;
    return m_hidden[likelihood - 1][impact - 1];
}

void RiskMatrixView::setSelectedRisk(Id risk) {
    const Risk* r = riskById(risk);
    m_selected = r ? risk : 0;
    if (r)
        m_selectedCell = std::make_pair(r->likelihood, r->impact);
    update();
}

void RiskMatrixView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    layoutChips();
}

void RiskMatrixView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    const QFontMetricsF fm(font());
    const QRectF g = gridRect();
    std::optional<std::pair<int, int>> target;
    if (m_dragging)
        target = cellAt(m_dragPos);

    // cells
    for (int l = 1; l <= 5; ++l) {
        for (int i = 1; i <= 5; ++i) {
            const QRectF r = cellRect(l, i);
            const QColor c = bandColor(l * i);
            p.fillRect(r, tint(c, 0.35));
            const bool isTarget = target && target->first == l && target->second == i;
            const bool isSelected =
                m_selectedCell && m_selectedCell->first == l && m_selectedCell->second == i;
            p.setPen(QPen(isTarget ? palette().highlight().color() : QColor(255, 255, 255), isTarget ? 4
                                                                                            : isSelected
                                                                                                ? 2.5
                                                                                                : 1.5));
            if (isSelected && !isTarget)
                p.setPen(QPen(palette().text().color(), 2, Qt::DashLine));
            p.drawRect(r.adjusted(1, 1, -1, -1));
            // the exposure, faint in the corner
            QFont small = font();
            small.setPointSizeF(font().pointSizeF() * 0.85);
            p.setFont(small);
            p.setPen(tint(c, 1.0).darker(150));
            p.drawText(r.adjusted(0, 0, -5, -3), Qt::AlignRight | Qt::AlignBottom, QString::number(l * i));
            p.setFont(font());
        }
    }

    // chips
    for (const auto& c : m_chips) {
        const bool lifted = m_dragging && c.risk == m_pressRisk;
        const bool selected = c.risk && c.risk == m_selected;
        QColor fill = c.risk ? palette().base().color() : tint(palette().mid().color(), 0.4);
        if (lifted)
            fill.setAlpha(90);
        p.setPen(QPen(selected ? palette().highlight().color() : QColor(0x55, 0x55, 0x55), selected ? 2 : 1));
        p.setBrush(fill);
        p.drawRoundedRect(c.rect, 4, 4);
        p.setPen(lifted ? palette().mid().color() : palette().text().color());
        p.drawText(c.rect.adjusted(4, 0, -4, 0), Qt::AlignVCenter | Qt::AlignLeft, c.text);
    }

    // axes
    p.setPen(palette().text().color());
    for (int l = 1; l <= 5; ++l) {
        const QRectF r = cellRect(l, 1);
        p.drawText(QRectF(fm.height() * 1.4, r.top(), g.left() - fm.height() * 1.4 - 6, r.height()),
                   Qt::AlignRight | Qt::AlignVCenter,
                   QStringLiteral("%1 %2").arg(l).arg(tr(kLikelihoodNames[l - 1])));
    }
    for (int i = 1; i <= 5; ++i) {
        const QRectF r = cellRect(1, i);
        p.drawText(QRectF(r.left(), g.bottom() + 4, r.width(), fm.height()), Qt::AlignHCenter | Qt::AlignTop,
                   QStringLiteral("%1 %2").arg(i).arg(tr(kImpactNames[i - 1])));
    }
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.drawText(QRectF(g.left(), g.bottom() + 4 + fm.height() * 1.2, g.width(), fm.height() * 1.3),
               Qt::AlignHCenter | Qt::AlignTop, tr("Impact →"));
    p.save();
    p.translate(fm.height() * 0.2, g.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-g.height() / 2, 0, g.height(), fm.height() * 1.3), Qt::AlignHCenter | Qt::AlignTop,
               tr("Likelihood →"));
    p.restore();
    p.setFont(font());

    // the chip being dragged
    if (m_dragging) {
        if (const Risk* r = riskById(m_pressRisk)) {
            const double w = std::min(g.width() / 5 - 2 * kPad, 260.0);
            QRectF ghost(m_dragPos.x() - w / 2, m_dragPos.y() - chipHeight() / 2, w, chipHeight());
            p.setPen(QPen(palette().highlight().color(), 2));
            p.setBrush(palette().base());
            p.drawRoundedRect(ghost, 4, 4);
            p.setPen(palette().text().color());
            p.drawText(ghost.adjusted(4, 0, -4, 0), Qt::AlignVCenter | Qt::AlignLeft,
                       fm.elidedText(qs(r->key) + QStringLiteral("  ") + qs(r->title), Qt::ElideRight,
                                     ghost.width() - 8));
        }
    }
}

bool RiskMatrixView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QPointF pos = help->pos();
        if (const Risk* r = riskById(riskAt(pos))) {
            QString tip = QStringLiteral("<b>%1</b> %2<br>")
                              .arg(qs(r->key).toHtmlEscaped(), qs(r->title).toHtmlEscaped());
            tip += tr("likelihood %1 × impact %2 = exposure %3 (%4), %5")
                       .arg(r->likelihood)
                       .arg(r->impact)
                       .arg(riskExposure(*r))
                       .arg(qs(exposureBand(riskExposure(*r))), qs(r->status).toHtmlEscaped());
            if (!r->mitigation.empty())
                tip += QStringLiteral("<br>") + tr("Mitigation: %1").arg(qs(r->mitigation).toHtmlEscaped());
            tip += QStringLiteral("<br><i>") + tr("Drag to another cell to re-rate") + QStringLiteral("</i>");
            QToolTip::showText(help->globalPos(), tip, this);
        } else if (auto cell = cellAt(pos)) {
            QToolTip::showText(help->globalPos(),
                               tr("Likelihood %1 (%2) × impact %3 (%4) = %5")
                                   .arg(cell->first)
                                   .arg(tr(kLikelihoodNames[cell->first - 1]))
                                   .arg(cell->second)
                                   .arg(tr(kImpactNames[cell->second - 1]))
                                   .arg(cell->first * cell->second),
                               this);
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QWidget::event(event);
}

void RiskMatrixView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    setFocus(Qt::MouseFocusReason);
    m_pressPos = event->position();
    m_pressRisk = riskAt(m_pressPos);
    m_dragging = false;
    if (auto cell = cellAt(m_pressPos)) {
        m_selectedCell = cell;
        emit cellSelected(cell->first, cell->second);
    }
    m_selected = m_pressRisk;
    if (m_pressRisk)
        emit riskSelected(m_pressRisk);
    update();
}

void RiskMatrixView::mouseMoveEvent(QMouseEvent* event) {
    if (!m_pressRisk || !(event->buttons() & Qt::LeftButton))
        return QWidget::mouseMoveEvent(event);
    m_dragPos = event->position();
    if (!m_dragging && (m_dragPos - m_pressPos).manhattanLength() >= QApplication::startDragDistance()) {
        m_dragging = true;
        setCursor(Qt::ClosedHandCursor);
    }
    if (m_dragging)
        update();
}

void RiskMatrixView::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton)
        return QWidget::mouseReleaseEvent(event);
    const Id risk = m_pressRisk;
    const bool dragged = m_dragging;
    m_pressRisk = 0;
    m_dragging = false;
    unsetCursor();
    if (dragged && risk) {
        if (auto cell = cellAt(event->position())) {
            m_selectedCell = cell;
            moveRisk(risk, cell->first, cell->second);
            emit cellSelected(cell->first, cell->second);
        }
    }
    update();
}

QList<KeyHelp> RiskMatrixView::keyHelp() {
    return {{tr("Shift+↑/↓"), tr("selected risk more or less likely")},
            {tr("Shift+←/→"), tr("selected risk less or more impact")},
            {tr("Esc"), tr("cancel a drag")}};
}

void RiskMatrixView::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Escape && m_dragging) {
        m_dragging = false;
        m_pressRisk = 0;
        unsetCursor();
        update();
        return;
    }
    const Risk* r = riskById(m_selected);
    if (!r || !(event->modifiers() & Qt::ShiftModifier))
        return QWidget::keyPressEvent(event);
    int l = r->likelihood, i = r->impact;
    switch (event->key()) {
    case Qt::Key_Up:
        ++l;
        break;
    case Qt::Key_Down:
        --l;
        break;
    case Qt::Key_Right:
        ++i;
        break;
    case Qt::Key_Left:
        --i;
        break;
    default:
        return QWidget::keyPressEvent(event);
    }
    if (l < 1 || l > 5 || i < 1 || i > 5)
        return;
    m_selectedCell = std::make_pair(l, i);
    moveRisk(r->id, l, i);
    emit cellSelected(l, i);
}

void RiskMatrixView::moveRisk(Id risk, int likelihood, int impact) {
    try {
        const Risk* r = riskById(risk);
        const QString key = r ? qs(r->key) : QString();
        if (rerateRisk(m_project, risk, likelihood, impact)) // rowUpdated refreshes
            emit message(tr("%1 re-rated: likelihood %2, impact %3 (exposure %4)")
                             .arg(key)
                             .arg(likelihood)
                             .arg(impact)
                             .arg(likelihood * impact));
    } catch (const Error& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
    }
    m_selected = risk;
    update();
}

// ---- the page ----

RiskMatrixPage::RiskMatrixPage(Project& project, QWidget* parent)
    : QWidget(parent)
    , m_project(project)
    , m_matrix(new RiskMatrixView(project)) {
    setObjectName(QStringLiteral("riskMatrixPage"));
    m_cellTitle = new QLabel;
    m_cellTitle->setWordWrap(true);
    QFont bold = m_cellTitle->font();
    bold.setBold(true);
    m_cellTitle->setFont(bold);
    m_cellList = new QListWidget;
    m_cellList->setObjectName(QStringLiteral("riskCellList"));
    m_cellList->setAccessibleName(tr("Risks in the selected cell"));
    m_cellList->setWordWrap(true);
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("riskSummary"));
    m_summary->setWordWrap(true);
    auto* hint = new QLabel(tr("Drag a risk to another cell to re-rate it (one step to undo). "
                               "Select a risk and press Shift+arrows to move it one step."));
    hint->setWordWrap(true);

    auto* side = new QVBoxLayout;
    side->addWidget(m_summary);
    side->addWidget(m_cellTitle);
    side->addWidget(m_cellList, 1);
    side->addWidget(hint);
    auto* sideWidget = new QWidget;
    sideWidget->setLayout(side);
    sideWidget->setMaximumWidth(340);

    auto* layout = new QHBoxLayout(this);
    layout->addWidget(m_matrix, 1);
    layout->addWidget(sideWidget);

    connect(m_matrix, &RiskMatrixView::cellSelected, this, [this] { fillCellList(); });
    connect(m_matrix, &RiskMatrixView::errorOccurred, this, &RiskMatrixPage::errorOccurred);
    connect(m_matrix, &RiskMatrixView::message, this, &RiskMatrixPage::message);
    connect(m_cellList, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        if (item)
            m_matrix->setSelectedRisk(item->data(Qt::UserRole).toLongLong());
    });
    auto follow = [this](EntityKind k) {
        if (k == EntityKind::Risk)
            fillCellList();
    };
    connect(&m_project, &Project::rowInserted, this, [follow](EntityKind k, Id) { follow(k); });
    connect(&m_project, &Project::rowUpdated, this, [follow](EntityKind k, Id) { follow(k); });
    connect(&m_project, &Project::rowRemoved, this, [follow](EntityKind k, Id) { follow(k); });
    connect(&m_project, &Project::kindReset, this, follow);
    fillCellList();
}

void RiskMatrixPage::fillCellList() {
    const auto risks = m_project.list<Risk>();
    int open = 0, closed = 0, worst = 0;
    for (const auto& r : risks) {
        if (riskCountsForExposure(r)) {
            ++open;
            worst = std::max(worst, riskExposure(r));
        } else {
            ++closed;
        }
    }
    m_summary->setText(
        (open == 1 ? tr("1 risk on the matrix") : tr("%1 risks on the matrix").arg(open)) +
        (closed ? tr(", %1 closed not shown").arg(closed) : QString()) +
        (worst ? tr("; highest exposure %1 (%2)").arg(worst).arg(qs(exposureBand(worst))) : QString()));

    const Id keep = m_matrix->selectedRisk();
    m_cellList->blockSignals(true);
    m_cellList->clear();
    const auto cell = m_matrix->selectedCell();
    if (!cell) {
        m_cellTitle->setText(tr("Click a cell to list its risks."));
        m_cellList->blockSignals(false);
        return;
    }
    const auto cells = riskMatrix(risks);
    const RiskCell& c = cells[static_cast<size_t>((cell->first - 1) * 5 + (cell->second - 1))];
    m_cellTitle->setText(tr("Likelihood %1 × impact %2 = %3: %4")
                             .arg(cell->first)
                             .arg(cell->second)
                             .arg(cell->first * cell->second)
                             .arg(c.risks.size() == 1 ? tr("1 risk") : tr("%1 risks").arg(c.risks.size())));
    for (const auto& r : c.risks) {
        QString text = qs(r.key) + QStringLiteral("  ") + qs(r.title);
        if (!r.status.empty() && r.status != "open")
            text += QStringLiteral("  (%1)").arg(qs(r.status));
        auto* item = new QListWidgetItem(text, m_cellList);
        item->setData(Qt::UserRole, QVariant::fromValue<qlonglong>(r.id));
        item->setToolTip(qs(r.mitigation));
        if (r.id == keep)
            m_cellList->setCurrentItem(item);
    }
    m_cellList->blockSignals(false);
}

} // namespace terrain
