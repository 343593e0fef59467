#include "FileGlob.h"

#include "Error.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

namespace terrain {

std::vector<std::string> filesMatching(const std::string& folder, const std::string& pattern,
                                       GlobBudget& budget) {
    const QString p = QString::fromStdString(pattern);
    const QDir from(QString::fromStdString(folder));
    if (!p.contains(QLatin1Char('*')) && !p.contains(QLatin1Char('?'))) {
        const QFileInfo info(from.absoluteFilePath(p));
        if (!info.isFile())
            return {};
        return {info.canonicalFilePath().toStdString()};
    }
    // The folder the glob starts from: its path up to the first part with a wildcard.
    const QString full = QDir::cleanPath(from.absoluteFilePath(p));
    const auto firstWild = full.indexOf(QRegularExpression(QStringLiteral("[*?]")));
    const QString base = full.left(std::max<qsizetype>(1, full.lastIndexOf(QLatin1Char('/'), firstWild)));
    QString rx = QRegularExpression::escape(full);
    // QRegularExpression::escape() escapes '/' too.
    rx.replace(QStringLiteral("\\/"), QStringLiteral("/"));
    rx.replace(QStringLiteral("\\*\\*/"), QStringLiteral("(?:.*/)?"));
    rx.replace(QStringLiteral("\\*\\*"), QStringLiteral(".*"));
    rx.replace(QStringLiteral("\\*"), QStringLiteral("[^/]*"));
    rx.replace(QStringLiteral("\\?"), QStringLiteral("[^/]"));
    const QRegularExpression match(QRegularExpression::anchoredPattern(rx));
    std::vector<std::string> out;
    QDirIterator it(base, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        if (budget.left == 0) {
            budget.ranOut = true;
            break;
        }
        --budget.left;
        const QString file = it.next();
        if (match.match(file).hasMatch())
            out.push_back(QFileInfo(file).canonicalFilePath().toStdString());
    }
    std::sort(out.begin(), out.end());
    return out;
}

SourceText readFileNamedFrom(const std::string& path, const std::string& folder) {
    const QFileInfo info(QString::fromStdString(path));
    // Both canonical where they can be, so that a link in either path does not lead the name astray.
    const QString file =
        info.canonicalFilePath().isEmpty() ? info.absoluteFilePath() : info.canonicalFilePath();
    const QString base = QFileInfo(QString::fromStdString(folder)).canonicalFilePath();
    QString shown = base.isEmpty() ? file : QDir(base).relativeFilePath(file);
    if (shown.startsWith(QStringLiteral("../")))
        shown = file;
    SourceText src;
    try {
        src = readSourceText(path);
    } catch (const Error& e) {
        // readSourceText() names the file by the path it was given.
        throw renameFileInError(e, path, shown.toStdString());
    }
    src.name = shown.toStdString();
    src.path = path;
    return src;
}

} // namespace terrain
