#pragma once
// A file a test writes, its folders made first (importer tests of files that name other files, and of
// folders).
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtTest>

#include <string>

namespace terrain::test {

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
