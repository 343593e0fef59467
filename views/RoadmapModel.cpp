#include "RoadmapModel.h"

#include "QtText.h"
#include "Theme.h"

#include <QBrush>
#include <QColor>
#include <QFont>

#include <string_view>

namespace terrain {

namespace {

QString phaseTitle(std::string_view phase) {
    if (phase == "now")
        return RoadmapModel::tr("Now");
    if (phase == "next")
        return RoadmapModel::tr("Next");
    if (phase == "later")
        return RoadmapModel::tr("Later");
    return RoadmapModel::tr("Unscheduled");
}

} // namespace

RoadmapModel::RoadmapModel(QObject* parent)
    : QAbstractTableModel(parent) {}

void RoadmapModel::setResult(RankResult result, const std::vector<RankMove>& moves) {
    beginResetModel();
    m_result = std::move(result);
    m_moves.clear();
    for (const auto& m : moves)
        m_moves[m.id] = m;
    m_keys.clear();
    for (const auto* list : {&m_result.ranked, &m_result.excluded})
        for (const auto& r : *list)
            m_keys[r.id] = r.key;
    endResetModel();
}

int RoadmapModel::rowOf(Id id) const {
    for (size_t i = 0; i < m_result.ranked.size(); ++i)
        if (m_result.ranked[i].id == id)
            return static_cast<int>(i);
    return -1;
}

Id RoadmapModel::idAt(int row) const {
    if (row < 0 || row >= rowCount())
        return 0;
    return m_result.ranked[static_cast<size_t>(row)].id;
}

int RoadmapModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_result.ranked.size());
}

int RoadmapModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString RoadmapModel::moveText(const RankMove& m) {
    if (m.before == 0)
        return tr("new");
    if (m.after == 0)
        return tr("gone");
    if (m.delta() > 0)
        return QStringLiteral("▲ %1").arg(m.delta());
    if (m.delta() < 0)
        return QStringLiteral("▼ %1").arg(-m.delta());
    return tr("phase");
}

QString RoadmapModel::keysOf(std::span<const Id> ids) const {
    QStringList k;
    for (Id id : ids) {
        auto it = m_keys.find(id);
        k << (it == m_keys.end() ? QString::number(id) : qs(it->second));
    }
    return k.join(QStringLiteral(", "));
}

QVariant RoadmapModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const RankedInitiative& r = m_result.ranked[static_cast<size_t>(index.row())];
    const auto move = m_moves.find(r.id);
    if (role == IdRole)
        return QVariant::fromValue<qlonglong>(r.id);
    if (role == Qt::ToolTipRole)
        return qs(explanation(m_result, r)); // put into words for the rows looked at only
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case Rank:
        case Score:
        case Effort:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Move && move != m_moves.end())
        return QBrush(paletteIsDark()
                          ? (move->second.delta() < 0 ? QColor(0xff, 0x8a, 0x7a) : QColor(0x7f, 0xd8, 0x8f))
                          : (move->second.delta() < 0 ? QColor(0xb0, 0x30, 0x20) : QColor(0x20, 0x80, 0x30)));
    if (role == Qt::FontRole && index.column() == Phase && r.phasePlanned) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Rank:
        return r.rank;
    case Move:
        return move == m_moves.end() ? QString() : moveText(move->second);
    case Key:
        return qs(r.key);
    case Title:
        return qs(r.title);
    case Score:
        if (r.effectiveScore > r.score)
            return tr("%1 → %2").arg(QString::number(r.score, 'f', 2),
                                     QString::number(r.effectiveScore, 'f', 2));
        return QString::number(r.score, 'f', 2);
    case Phase:
        return phaseTitle(r.phase) + (r.phasePlanned ? tr(" (planned)") : QString());
    case Effort:
        return r.effort;
    case Prerequisites:
        return keysOf(m_result.prerequisitesOf(r));
    case Reason: {
        // The explanation without the "#n KEY: " the row already shows.
        const QString e = qs(explanation(m_result, r));
        const int colon = e.indexOf(QStringLiteral(": "));
        return colon >= 0 ? e.mid(colon + 2) : e;
    }
    default:
        return {};
    }
}

QVariant RoadmapModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Rank:
        return tr("#");
    case Move:
        return tr("Move");
    case Key:
        return tr("Key");
    case Title:
        return tr("Initiative");
    case Score:
        return tr("Score");
    case Phase:
        return tr("Phase");
    case Effort:
        return tr("Effort (pw)");
    case Prerequisites:
        return tr("Needs");
    case Reason:
        return tr("Why this place");
    default:
        return {};
    }
}

} // namespace terrain
