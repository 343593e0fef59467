#include "Voting.h"

#include "Error.h"
#include "Project.h"

#include <algorithm>

namespace terrain {

namespace {

void checkNumbers(int participants, int votesEach) {
    if (participants < 1 || participants > 200)
        throw Error("dot voting: participants: expected 1 to 200, found " + std::to_string(participants));
    if (votesEach < 1 || votesEach > 50)
        throw Error("dot voting: votes per participant: expected 1 to 50, found " +
                    std::to_string(votesEach));
}

int sum(const std::map<Id, int>& ballot) {
    int n = 0;
    for (const auto& [id, v] : ballot)
        n += v;
    return n;
}

} // namespace

DotVote::DotVote(int participants, int votesEach)
    : m_votesEach(votesEach) {
    checkNumbers(participants, votesEach);
    m_ballots.resize(static_cast<size_t>(participants));
}

void DotVote::resize(int participants, int votesEach) {
    checkNumbers(participants, votesEach);
    m_ballots.resize(static_cast<size_t>(participants));
    m_votesEach = votesEach;
    for (auto& ballot : m_ballots) {
        // Too many dots for the new number: take them off the highest ids first, one at a time.
        while (sum(ballot) > m_votesEach) {
            auto last = std::prev(ballot.end());
            if (--last->second == 0)
                ballot.erase(last);
        }
    }
    m_current = std::min(m_current, participants - 1);
}

void DotVote::setCurrent(int participant) {
    m_current = std::clamp(participant, 0, participants() - 1);
}

int DotVote::next() {
    m_current = (m_current + 1) % participants();
    return m_current;
}

bool DotVote::add(Id initiative) {
    if (left(m_current) <= 0)
        return false;
    ++m_ballots[static_cast<size_t>(m_current)][initiative];
    return true;
}

bool DotVote::remove(Id initiative) {
    auto& ballot = m_ballots[static_cast<size_t>(m_current)];
    auto it = ballot.find(initiative);
    if (it == ballot.end())
        return false;
    if (--it->second == 0)
        ballot.erase(it);
    return true;
}

int DotVote::left(int participant) const {
    if (participant < 0 || participant >= participants())
        return 0;
    return m_votesEach - sum(m_ballots[static_cast<size_t>(participant)]);
}

int DotVote::cast() const {
    int n = 0;
    for (const auto& b : m_ballots)
        n += sum(b);
    return n;
}

int DotVote::budget() const {
    return participants() * m_votesEach;
}

int DotVote::total(Id initiative) const {
    int n = 0;
    for (const auto& b : m_ballots)
        if (auto it = b.find(initiative); it != b.end())
            n += it->second;
    return n;
}

int DotVote::mine(int participant, Id initiative) const {
    if (participant < 0 || participant >= participants())
        return 0;
    const auto& b = m_ballots[static_cast<size_t>(participant)];
    auto it = b.find(initiative);
    return it == b.end() ? 0 : it->second;
}

std::map<Id, int> DotVote::totals() const {
    std::map<Id, int> out;
    for (const auto& b : m_ballots)
        for (const auto& [id, v] : b)
            out[id] += v;
    return out;
}

void DotVote::clear() {
    for (auto& b : m_ballots)
        b.clear();
    m_current = 0;
}

int recordVotes(Project& project, const std::map<Id, int>& totals) {
    std::vector<Initiative> changed;
    int dots = 0;
    for (const auto& [id, n] : totals) {
        if (n <= 0)
            continue;
        auto i = project.get<Initiative>(id);
        if (!i)
            continue;
        i->votes += n;
        dots += n;
        changed.push_back(std::move(*i));
    }
    if (changed.empty())
        return 0;
    const QString text =
        dots == 1 ? QStringLiteral("Record 1 dot vote") : QStringLiteral("Record %1 dot votes").arg(dots);
    project.edit(text, [&] {
        for (const auto& i : changed)
            project.save(i);
    });
    return dots;
}

} // namespace terrain
