#pragma once
// Runs a program for the command-line tests: the built `terrain` (TERRAIN_BINARY) or another tool
// (adr-tools, log4brains) on what it wrote, offscreen, and keeps its exit code and output.

#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QtTest>

namespace terrain::test {

struct Result {
    int code = -1; ///< -1: did not finish in time; -2: crashed
    QByteArray out;
    QByteArray err;
};

inline Result runIn(const QString& program, const QStringList& args, const QString& cwd = {},
                    int timeoutMs = 120000) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    p.setProcessEnvironment(env);
    if (!cwd.isEmpty())
        p.setWorkingDirectory(cwd);
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    Result r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

/// The built `terrain` with `args`.
inline Result run(const QStringList& args) {
    return runIn(QStringLiteral(TERRAIN_BINARY), args);
}

inline QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace terrain::test

/// Fails the test unless the run `r` exited with `expectedCode`, showing its output.
#define EXPECT_RUN(r, expectedCode)                                                                          \
    QVERIFY2((r).code == (expectedCode), qPrintable(QStringLiteral("exit %1, stdout: %2\nstderr: %3")        \
                                                        .arg((r).code)                                       \
                                                        .arg(QString::fromUtf8((r).out.left(2000)),          \
                                                             QString::fromUtf8((r).err.left(4000)))))
