#include "ToolCommand.h"

#include "Error.h"
#include "Redaction.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

#include <array>
#include <atomic>
#include <csignal>
#include <cstring>
#include <unistd.h>

namespace terrain {

std::vector<std::string> toolCommand(const char* variable,
                                     const std::vector<std::vector<std::string>>& candidates,
                                     const std::vector<std::string>& otherwise) {
    std::vector<std::string> out;
    if (qEnvironmentVariableIsSet(variable)) {
        const QString set = qEnvironmentVariable(variable).trimmed();
        if (set != QLatin1String("none"))
            for (const QString& word : QProcess::splitCommand(set))
                out.push_back(word.toStdString());
        // A program named by a relative path is the current folder's, not that of each folder it runs in
        // (a repository being imported may hold one of the same name).
        if (!out.empty() && out.front().find('/') != std::string::npos && !out.front().starts_with('/'))
            out.front() = QDir::current().absoluteFilePath(QString::fromStdString(out.front())).toStdString();
        return out;
    }
    for (const auto& candidate : candidates)
        if (const QString found = QStandardPaths::findExecutable(QString::fromStdString(candidate.front()));
            !found.isEmpty()) {
            out = candidate;
            out.front() = found.toStdString();
            return out;
        }
    return otherwise;
}

std::string commandName(const std::vector<std::string>& command) {
    std::string out;
    for (const std::string& word : command) {
        // (no secret it is given: `env AWS_SECRET_ACCESS_KEY=… terraform`)
        std::string shown = word;
        if (const auto eq = word.find('=');
            eq != std::string::npos && (assignsSecret(word) || isSecretKey(word.substr(0, eq))))
            shown = word.substr(0, eq + 1) + "…";
        else if (looksLikeSecret(word))
            shown = "…";
        out += out.empty() ? QFileInfo(QString::fromStdString(shown)).fileName().toStdString() : " " + shown;
    }
    return out;
}

namespace {

/// The process groups of the tools running (runCommand()), 0 for a free place: read in a signal handler, so
/// lock-free atomics in a fixed array.
std::array<std::atomic<pid_t>, 64> g_running;
static_assert(std::atomic<pid_t>::is_always_lock_free);

/// Where the process group `pid` is kept while its tool runs (none where every place is taken).
class Running {
public:
    explicit Running(pid_t pid) {
        for (auto& place : g_running) {
            pid_t free = 0;
            if (place.compare_exchange_strong(free, pid)) {
                m_place = &place;
                return;
            }
        }
    }
    Running(const Running&) = delete;
    Running& operator=(const Running&) = delete;
    ~Running() {
        if (m_place)
            m_place->store(0);
    }

private:
    std::atomic<pid_t>* m_place = nullptr;
};

extern "C" void stopToolsAndEnd(int signal) {
    for (const auto& place : g_running)
        if (const pid_t pid = place.load(); pid > 0)
            ::kill(-pid, SIGKILL);
    ::signal(signal, SIG_DFL);
    ::raise(signal);
}

} // namespace

void stopToolsWhenInterrupted() {
    for (const int signal : {SIGINT, SIGTERM, SIGHUP}) {
        struct sigaction was {};
        if (::sigaction(signal, nullptr, &was) != 0 || was.sa_handler == SIG_IGN) // (nohup, a background job)
            continue;
        struct sigaction stop {};
        stop.sa_handler = stopToolsAndEnd;
        sigemptyset(&stop.sa_mask);
        ::sigaction(signal, &stop, nullptr);
    }
}

CommandRun runCommand(const std::vector<std::string>& command, const QStringList& arguments,
                      const QString& folder, const QProcessEnvironment& environment, const std::string& path,
                      const std::string& cannot, const std::string& advice, const std::string& doing,
                      int minutes, const std::function<bool()>& wanted, std::size_t maxOutput) {
    const std::string name = commandName(command);
    QStringList all;
    for (std::size_t i = 1; i < command.size(); ++i)
        all << QString::fromStdString(command[i]);
    all << arguments;
    QProcess process;
    process.setWorkingDirectory(folder);
    process.setProcessEnvironment(environment);
    // In a process group of its own, so that stopping it stops what it started (a version manager's shim
    // runs the real program as its child).
    process.setChildProcessModifier([] { ::setsid(); });
    process.start(QString::fromStdString(command.front()), all);
    if (!process.waitForStarted(30'000)) {
        const QString program = QString::fromStdString(command.front());
        if (program.contains(QLatin1Char('/')) && QFileInfo(program).isFile() &&
            !QFileInfo(program).isExecutable())
            throw Error(path, "", cannot + ": `" + name + "` (" + command.front() + ") is not executable");
        if (program.contains(QLatin1Char('/')) ? !QFileInfo(program).isExecutable()
                                               : QStandardPaths::findExecutable(program).isEmpty())
            throw Error(
                path, "",
                cannot + ": `" + name + "` is not installed here" +
                    (program.contains(QLatin1Char('/')) ? " (" + command.front() + ")" : std::string()) +
                    "; " + advice);
        throw Error(path, "",
                    "cannot run `" + name + "` (" + command.front() + ") to " + doing + ": " +
                        process.errorString().toStdString());
    }
    const Running running(static_cast<pid_t>(process.processId()));
    process.closeWriteChannel();
    // Waited for a quarter of a second at a time, so that the import can be cancelled meanwhile.
    QElapsedTimer clock;
    clock.start();
    auto stop = [&] {
        if (const qint64 pid = process.processId(); pid > 0)
            ::kill(-static_cast<pid_t>(pid), SIGKILL);
        process.kill();
        process.waitForFinished(5'000);
    };
    while (!process.waitForFinished(250) && process.state() != QProcess::NotRunning) {
        const bool cancelled = wanted && !wanted();
        if (maxOutput > 0 && static_cast<std::size_t>(process.bytesAvailable()) > maxOutput) {
            stop();
            throw Error(path, "",
                        "`" + name + "` gives over " + std::to_string(maxOutput >> 20) + " MiB to " + doing +
                            ", the limit for one input");
        }
        if (cancelled || clock.elapsed() > qint64(minutes) * 60'000) {
            stop();
            if (cancelled)
                throw ImportCancelled();
            throw Error(path, "",
                        "`" + name + "` did not " + doing + " within " +
                            (minutes == 10 ? std::string("ten") : std::to_string(minutes)) + " minutes");
        }
    }
    CommandRun run;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    run.exitCode = process.exitCode();
    run.crashed = process.exitStatus() == QProcess::CrashExit;
    run.ok = !run.crashed && run.exitCode == 0;
    return run;
}

std::string CommandRun::ending() const {
    if (!crashed)
        return "exit code " + std::to_string(exitCode);
    const char* name = ::strsignal(exitCode);
    return "it crashed (signal " + std::to_string(exitCode) +
           (name ? std::string(", ") + name : std::string()) + ")";
}

} // namespace terrain
