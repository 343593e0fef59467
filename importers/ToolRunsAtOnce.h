#pragma once
// Other tools' runs for one import (ToolCommand.h: workspaces listed and states pulled by Terraform,
// Kustomizations rendered) several at once, ahead of the import reading what each gives. Each mostly waits
// (on a backend across the network, on a program starting), so a repository of twenty working directories
// takes about the time of its slowest few instead of the sum of all.

#include "ToolCommand.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace terrain {

/// How many other tools' runs an import has going at once: TERRAIN_TOOL_JOBS (1 to 16) where it is set to
/// a number, else 4. 1 runs each when the import comes to it, as one after another.
int toolRunsAtOnce();

/// Runs `jobs` (each given a `wanted` to pass to runCommand()) on `atOnce` threads of their own, in their
/// order, at most 2 × `atOnce` ahead of the first one not yet taken, and while what waits to be taken and
/// what runs, each as large as the largest result so far, weigh at most `budget` (by `weigh`: bytes), so that
/// it holds a few files at most; the first one not taken begins whatever waits. take() gives each job's
/// result, in any order; a job that no thread would begin when it is taken runs there and then (with `atOnce`
/// 1, each: no thread is started). What is not taken when this ends (an error stopped the import) is stopped:
/// the runs going are cancelled, the rest never begin.
template <class T> class ToolRunsAtOnce {
public:
    using Job = std::function<T(const std::function<bool()>& wanted)>;

    /// `here`: by job, whether it runs only where it is taken (never beside another such one).
    ToolRunsAtOnce(std::vector<Job> jobs, int atOnce, std::vector<bool> here = {},
                   std::function<std::size_t(const T&)> weigh = {},
                   std::size_t budget = std::size_t(128) << 20)
        : m_jobs(std::move(jobs))
        , m_here(std::move(here))
        , m_weigh(std::move(weigh))
        , m_budget(budget)
        , m_state(m_jobs.size(), State::Waiting)
        , m_results(m_jobs.size())
        , m_errors(m_jobs.size())
        , m_weights(m_jobs.size(), 0)
        , m_window(2 * static_cast<std::size_t>(std::max(atOnce, 1))) {
        const std::size_t threads = atOnce > 1 ? std::min<std::size_t>(atOnce, m_jobs.size()) : 0;
        try {
            for (std::size_t t = 0; t < threads; ++t)
                m_threads.emplace_back([this] { work(); });
        } catch (const std::system_error&) { // (no more threads to be had: those there are do it)
        }
    }
    ToolRunsAtOnce(const ToolRunsAtOnce&) = delete;
    ToolRunsAtOnce& operator=(const ToolRunsAtOnce&) = delete;
    ~ToolRunsAtOnce() { stop(); }

    /// Job `i`'s result, or its error thrown. Waited for, asking `wanted` (if any) four times a second
    /// whether the import still is: where not, every run is stopped and ImportCancelled thrown.
    T take(std::size_t i, const std::function<bool()>& wanted) {
        std::unique_lock lock(m_mutex);
        while (m_state[i] != State::Done) {
            if (m_state[i] == State::Waiting && (m_threads.empty() || !mayBegin(i, firstNotTaken()))) {
                m_state[i] = State::Running;
                ++m_running;
                lock.unlock();
                struct Taken { // (however it ends)
                    ToolRunsAtOnce& runs;
                    std::size_t i;
                    ~Taken() {
                        {
                            const std::lock_guard lock(runs.m_mutex);
                            runs.m_state[i] = State::Taken;
                            --runs.m_running;
                        }
                        runs.m_changed.notify_all();
                    }
                } taken{*this, i};
                return m_jobs[i](wanted ? wanted : [] { return true; });
            }
            m_changed.wait_for(lock, std::chrono::milliseconds(250));
            if (m_state[i] == State::Done || !wanted)
                continue;
            lock.unlock();
            const bool still = wanted();
            lock.lock();
            if (!still) {
                lock.unlock();
                stop();
                throw ImportCancelled();
            }
        }
        m_state[i] = State::Taken;
        m_waiting -= m_weights[i];
        m_changed.notify_all(); // (the window moves on)
        if (m_errors[i])
            std::rethrow_exception(std::exchange(m_errors[i], nullptr));
        return std::move(*std::exchange(m_results[i], std::nullopt));
    }

private:
    enum class State { Waiting, Running, Done, Taken };

    bool runsHere(std::size_t i) const { return i < m_here.size() && m_here[i]; }

    std::size_t firstNotTaken() const {
        std::size_t first = 0;
        while (first < m_state.size() && m_state[first] == State::Taken)
            ++first;
        return first;
    }

    /// Whether a thread may begin job `i` now (`first`: the first one not taken): it waits, runs on a thread,
    /// is within the window, and is the first one not taken or fits in the budget beside what waits and
    /// what runs.
    bool mayBegin(std::size_t i, std::size_t first) const {
        return m_state[i] == State::Waiting && !runsHere(i) && i < first + m_window &&
               (i == first || m_waiting + (m_running + 1) * m_largest <= m_budget);
    }

    /// The first job a thread may begin now, or none.
    std::optional<std::size_t> next() const {
        const std::size_t first = firstNotTaken();
        for (std::size_t i = first; i < m_state.size() && i < first + m_window; ++i)
            if (mayBegin(i, first))
                return i;
        return std::nullopt;
    }

    void work() {
        const std::function<bool()> wanted = [this] { return !m_stopped; };
        std::unique_lock lock(m_mutex);
        while (true) {
            std::optional<std::size_t> i;
            m_changed.wait(lock, [&] {
                if (m_stopped || (i = next()))
                    return true;
                for (std::size_t k = 0; k < m_state.size(); ++k)
                    if (m_state[k] == State::Waiting && !runsHere(k))
                        return false;
                return true; // (nothing left for a thread)
            });
            if (m_stopped || !i)
                return;
            m_state[*i] = State::Running;
            ++m_running;
            lock.unlock();
            std::optional<T> result;
            std::exception_ptr error;
            std::size_t weight = 0;
            try {
                result.emplace(m_jobs[*i](wanted));
                weight = m_weigh ? m_weigh(*result) : 0;
            } catch (...) {
                error = std::current_exception();
            }
            lock.lock();
            m_results[*i] = std::move(result);
            m_errors[*i] = error;
            m_weights[*i] = weight;
            m_waiting += weight;
            m_largest = std::max(m_largest, weight);
            --m_running;
            m_state[*i] = State::Done;
            m_changed.notify_all();
        }
    }

    void stop() {
        {
            const std::lock_guard lock(m_mutex);
            m_stopped = true;
        }
        m_changed.notify_all();
        for (std::thread& t : m_threads)
            if (t.joinable())
                t.join();
    }

    std::vector<Job> m_jobs;
    const std::vector<bool> m_here;
    const std::function<std::size_t(const T&)> m_weigh;
    const std::size_t m_budget;
    std::vector<State> m_state;
    std::vector<std::optional<T>> m_results;
    std::vector<std::exception_ptr> m_errors;
    std::vector<std::size_t> m_weights; ///< of each result done
    std::size_t m_waiting = 0;          ///< the weight of the results done and not taken
    std::size_t m_largest = 0;          ///< the weight of the largest result so far
    std::size_t m_running = 0;          ///< of the jobs
    const std::size_t m_window;
    std::atomic<bool> m_stopped = false; // (set while the mutex is held)
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<std::thread> m_threads;
};

} // namespace terrain
