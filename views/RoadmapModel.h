#pragma once
// The ranked roadmap as a table: one row per ranked initiative, in rank order, with its score, phase,
// prerequisites and the reason for its place; during a what-if, how far each one moved.
//
// It shows a RankResult it is given (RoadmapPage ranks); it never reads or writes the map itself.

#include "Ranking.h"

#include <QAbstractTableModel>

#include <map>

namespace terrain {

class RoadmapModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Rank, Move, Key, Title, Score, Phase, Effort, Prerequisites, Reason, ColumnCount };
    static constexpr int IdRole = Qt::UserRole + 1; ///< the initiative's id (qlonglong)

    explicit RoadmapModel(QObject* parent = nullptr);

    /// Shows `result`; `moves` (from compareRankings) marks what a what-if changed.
    void setResult(RankResult result, const std::vector<RankMove>& moves = {});
    const RankResult& result() const { return m_result; }
    /// The row of the initiative, -1 if it is not ranked.
    int rowOf(Id id) const;
    Id idAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// "▲ 2", "▼ 1", "new" or "" for a move.
    static QString moveText(const RankMove& move);

private:
    QString keysOf(std::span<const Id> ids) const;

    RankResult m_result;
    std::map<Id, RankMove> m_moves;
    std::map<Id, std::string> m_keys;
};

} // namespace terrain
