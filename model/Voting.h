#pragma once
// Dot voting in a workshop (issue 5): every participant has the same number of dots to put on the
// initiatives in front of them, several on one if they like. The facilitator types them in as the
// participants call them out; the totals go into the initiatives' `votes`, which the ranking can weigh
// (RankWeights::votes; the "weighted" preset gives them 0.1).

#include "Entities.h"

#include <map>
#include <vector>

namespace terrain {

class Project;

class DotVote {
public:
    /// Throws Error unless 1 ≤ participants ≤ 200 and 1 ≤ votesEach ≤ 50.
    DotVote(int participants = 6, int votesEach = 3);

    int participants() const { return static_cast<int>(m_ballots.size()); }
    int votesEach() const { return m_votesEach; }
    /// Changes the numbers, keeping the dots cast by the participants that remain (as many as still fit).
    void resize(int participants, int votesEach);

    /// The participant whose dots are being entered (0-based).
    int current() const { return m_current; }
    void setCurrent(int participant);
    /// Moves to the next participant (after the last: the first). Returns the new one.
    int next();

    /// Puts one dot of the current participant on `initiative`. False when they have none left.
    bool add(Id initiative);
    /// Takes one of the current participant's dots off `initiative`. False when they put none there.
    bool remove(Id initiative);

    int left(int participant) const; ///< dots the participant has not placed yet
    int cast() const;                ///< dots placed by everyone
    int budget() const;              ///< participants × votesEach
    int total(Id initiative) const;  ///< dots on it from everyone
    int mine(int participant, Id initiative) const;
    std::map<Id, int> totals() const; ///< initiatives with at least one dot
    bool empty() const { return cast() == 0; }
    void clear();

private:
    int m_votesEach;
    int m_current = 0;
    std::vector<std::map<Id, int>> m_ballots;
};

/// Adds `totals` to the initiatives' `votes` as one undoable edit ("Record 12 dot votes"). Initiatives
/// that no longer exist are skipped. Returns the number of dots recorded (0: no edit).
int recordVotes(Project& project, const std::map<Id, int>& totals);

} // namespace terrain
