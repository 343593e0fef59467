#pragma once
// The Roadmap tab: the ranked initiatives with the reason for each place, a board by phase (Now, Next,
// Later), the prerequisites of the selected initiative as a checklist (one click per link, no dialog),
// and the ranking settings as a what-if: changing a weight, a preset or a capacity ranks a copy and
// shows how the ranks move; Apply saves the settings (one undoable edit), Revert drops the draft.
//
// It reads the map through rankInput() and writes only through Project (saveRankSettings, save).

#include "Ranking.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QTableView;

namespace terrain {

class Project;
class RoadmapModel;

class RoadmapPage : public QWidget {
    Q_OBJECT
public:
    explicit RoadmapPage(Project& project, QWidget* parent = nullptr);

    RoadmapModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    /// The settings being tried (equal to the saved ones when no what-if is open).
    const RankSettings& draft() const { return m_draft; }
    void setDraft(const RankSettings& settings);
    bool whatIfOpen() const { return !(m_draft == m_saved); }
    /// What the open what-if changes, against the saved settings.
    const std::vector<RankMove>& moves() const { return m_moves; }
    void applyDraft();
    void revertDraft();
    /// Selects the initiative's row; false if it is not ranked.
    bool selectInitiative(Id id);
    Id currentInitiative() const;
    /// The board lists: Now, Next, Later, unscheduled.
    QListWidget* board(int phase) const { return m_board[phase]; }
    QListWidget* prerequisiteList() const { return m_prereqs; }

    /// Re-reads the map and ranks again (called on map changes, coalesced).
    void refresh();

signals:
    void errorOccurred(const QString& message);
    void message(const QString& message);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void scheduleRefresh();
    void rerank();
    void settingsToEditors();
    void editorsToDraft();
    void fillBoard();
    void fillPrerequisites();
    void prerequisiteToggled(QListWidgetItem* item);
    void showReason();

    Project& m_project;
    RankInput m_input;
    RankSettings m_saved;
    RankSettings m_draft;
    RankResult m_shown;
    std::vector<RankMove> m_moves;
    bool m_stale = true;
    bool m_refreshQueued = false;
    bool m_updating = false;

    RoadmapModel* m_model;
    QTableView* m_view;
    QComboBox* m_preset;
    QDoubleSpinBox* m_weight[4];
    QCheckBox* m_byEffort;
    QCheckBox* m_byConfidence;
    QCheckBox* m_byReach;
    QDoubleSpinBox* m_capacity[3];
    QCheckBox* m_planned;
    QLabel* m_whatIf;
    QPushButton* m_apply;
    QPushButton* m_revert;
    QListWidget* m_board[4];
    QLabel* m_boardTitle[4];
    QListWidget* m_prereqs;
    QListWidget* m_migrations; ///< the strangler migrations and where they stand
    QLabel* m_prereqTitle;
    QLabel* m_reason;
    QLabel* m_findings;
};

} // namespace terrain
