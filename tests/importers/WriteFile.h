#pragma once
// A file a test writes, its folders made first (importer tests of files that name other files, and of
// folders); what it reads back; the environment it sets for the commands an import runs.
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtTest>

#include <string>

namespace terrain::test {

/// Sets (or unsets) an environment variable for the life of the object, and restores it after: the command a
/// test names for an import (TERRAIN_KUSTOMIZE, TERRAIN_TERRAFORM), what a stand-in is to answer.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const QByteArray& value)
        : ScopedEnv(name) {
        qputenv(name, value);
    }
    explicit ScopedEnv(const char* name)
        : m_name(name)
        , m_was(qEnvironmentVariableIsSet(name))
        , m_old(qgetenv(name)) {
        qunsetenv(name);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;
    ~ScopedEnv() {
        if (m_was)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }

private:
    const char* m_name;
    bool m_was;
    QByteArray m_old;
};

inline void writeFile(const QString& path, const std::string& text) {
    QVERIFY(QDir().mkpath(QFileInfo(path).path()));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(text.data(), static_cast<qint64>(text.size())), static_cast<qint64>(text.size()));
}

/// A file's bytes, or none where it cannot be read.
inline QByteArray bytesOf(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// A file's MD5, by which a test tells that an import changed nothing of a map.
inline QByteArray md5Of(const QString& path) {
    return QCryptographicHash::hash(bytesOf(path), QCryptographicHash::Md5);
}

/// The lines of a file (what a stand-in logged), without empty ones; none where there is no file.
inline QStringList linesOf(const QString& path) {
    return QString::fromUtf8(bytesOf(path)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

/// Whether a stand-in's log of its calls ("begin …", "end …") has each call end before the next begins.
inline bool oneAfterAnother(const QStringList& calls) {
    for (qsizetype i = 0; i < calls.size(); i += 2)
        if (!calls[i].startsWith(QLatin1String("begin ")) || i + 1 == calls.size() ||
            calls[i + 1] != QStringLiteral("end ") + calls[i].mid(6))
            return false;
    return true;
}

inline void writeFile(const QString& path, const QByteArray& bytes) {
    writeFile(path, bytes.toStdString());
}

inline void writeFile(const QString& path, const char* text) {
    writeFile(path, std::string(text));
}

/// A stand-in for `kubectl kustomize` at `path`, for tests that run where kubectl is not installed: it prints
/// the rendering saved beside the Kustomization whose folder it is given (.rendered.yaml), or, where the
/// folder has a .fail, says what that holds as kubectl's error and fails.
inline void writeKustomizeStandIn(const QString& path) {
    writeFile(path, "#!/bin/sh\n"
                    "if [ -e \"$1/.fail\" ]; then\n"
                    "  cat \"$1/.fail\" >&2\n"
                    "  exit 1\n"
                    "fi\n"
                    "cat \"$1/.rendered.yaml\"\n");
    QVERIFY(QFile::setPermissions(path, QFile::permissions(path) | QFileDevice::ExeOwner));
}

} // namespace terrain::test
