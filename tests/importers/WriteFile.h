#pragma once
// A file a test writes, its folders made first (importer tests of files that name other files, and of
// folders).
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

inline void writeFile(const QString& path, const QByteArray& bytes) {
    writeFile(path, bytes.toStdString());
}

inline void writeFile(const QString& path, const char* text) {
    writeFile(path, std::string(text));
}

} // namespace terrain::test
