#pragma once
// Workshop mode (issue 5): a full-screen presenter view for a projector. Large type, readable from the
// back of a room; one improvement area at a time (its maturity now and target, the signs observed that
// point to it, its initiatives with their votes and rank), a countdown timer, and dot voting.
//
// Keys (also listed at the bottom of the screen):
//   ← / → or PgUp / PgDn   previous / next area          Space   start or pause the timer
//   R                      reset the timer               [ / ]   one minute less / more
//   1–9                    a dot of the current participant on initiative 1–9 (then the next
//                          participant once theirs are all placed)
//   ↑ / ↓                  select an initiative          + / -   a dot on / off the selected one
//   Enter or Tab           next participant              P / Shift+P, V / Shift+V  more / fewer
//                                                        participants, votes each
//   S                      record the votes (one undoable edit adding them to the initiatives' votes)
//   Esc                    leave (votes not yet recorded are recorded first)
//
// It reads through Project and writes only the votes, through model/Voting recordVotes().

#include "Entities.h"
#include "KeyHelp.h"
#include "Voting.h"

#include <QElapsedTimer>
#include <QWidget>

#include <map>
#include <vector>

class QLabel;
class QTimer;

namespace terrain {

class Project;

class WorkshopMode : public QWidget {
    Q_OBJECT
public:
    explicit WorkshopMode(Project& project, QWidget* parent = nullptr);
    ~WorkshopMode() override;

    /// Shows it full screen (what View ▸ Workshop Mode does).
    void start();
    /// The keys it answers to (its hint line and the cheat sheet show them).
    static QList<KeyHelp> keyHelp();

    int areaIndex() const { return m_areaIndex; }
    int areaCount() const { return static_cast<int>(m_areas.size()); }
    Id currentArea() const;
    void setAreaIndex(int index);
    /// The initiatives shown for the current area, in the order of their numbers 1..n.
    const std::vector<Initiative>& initiatives() const { return m_initiatives; }
    int selected() const { return m_selected; }

    /// The dot vote of the current area (not yet recorded).
    const DotVote& vote() const;
    /// Dots placed in every area and not recorded yet.
    int pendingVotes() const;
    /// Records every area's dots into the initiatives' votes (one edit). Returns the dots recorded.
    int recordVotes();

    /// The countdown: seconds left, whether it runs, and its length.
    int secondsLeft() const;
    bool timerRunning() const { return m_running; }
    int timerMinutes() const { return m_minutes; }
    void setTimerMinutes(int minutes);
    void toggleTimer();
    void resetTimer();

    QLabel* titleLabel() const { return m_title; }
    QLabel* timerLabel() const { return m_timer; }
    QLabel* initiativesLabel() const { return m_list; }
    QLabel* votingLabel() const { return m_voting; }

signals:
    void errorOccurred(const QString& message);
    void message(const QString& message);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    bool focusNextPrevChild(bool) override { return false; } ///< Tab is "next participant"

private:
    void reload();
    void fillArea();
    void fillVoting();
    void fillTimer();
    void applyFonts();
    void voteFor(int index);
    DotVote& voteRef();

    Project& m_project;
    std::vector<Area> m_areas;
    int m_areaIndex = 0;
    std::vector<Initiative> m_initiatives;
    int m_selected = 0;
    std::map<Id, DotVote> m_votes; ///< per area
    int m_participants = 6;
    int m_votesEach = 3;

    int m_minutes = 10;
    bool m_running = false;
    qint64 m_elapsedBefore = 0; ///< ms run before the current start
    QElapsedTimer m_clock;
    QTimer* m_tick;

    QLabel* m_progress;
    QLabel* m_title;
    QLabel* m_timer;
    QLabel* m_description;
    QLabel* m_maturity;
    QLabel* m_signs;
    QLabel* m_list;
    QLabel* m_voting;
    QLabel* m_help;
};

} // namespace terrain
