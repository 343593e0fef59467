// Files another file names by path or glob: one file, globs within a name and across folders, in name
// order; a budget of files looked at, shared by the globs of one parse; and the names files are given.
#include "Error.h"
#include "FileGlob.h"
#include "WriteFile.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

using namespace terrain;

class TestFileGlob : public QObject {
    Q_OBJECT
private slots:
    void init();
    void pathsAndGlobs_data();
    void pathsAndGlobs();
    void budgetIsShared();
    void namesFromTheFolder();

private:
    std::string canonical(const char* relative) const {
        return QFileInfo(m_dir->filePath(QLatin1String(relative))).canonicalFilePath().toStdString();
    }
    void write(const char* relative, const char* text = "x: 1\n") {
        test::writeFile(m_dir->filePath(QLatin1String(relative)), text);
    }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestFileGlob::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    for (const char* f : {"a.yaml", "b.yml", "teams/x/catalog-info.yaml", "teams/y/z/catalog-info.yaml",
                          "teams/catalog-info.yaml", "teams/x/notes.txt", "t1.json", "t22.json"})
        write(f);
}

void TestFileGlob::pathsAndGlobs_data() {
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QStringList>("files");
    QTest::newRow("one file") << QStringLiteral("./a.yaml") << QStringList{QStringLiteral("a.yaml")};
    QTest::newRow("no such file") << QStringLiteral("c.yaml") << QStringList{};
    QTest::newRow("a folder is no file") << QStringLiteral("teams") << QStringList{};
    QTest::newRow("within a name") << QStringLiteral("*.y*ml")
                                   << QStringList{QStringLiteral("a.yaml"), QStringLiteral("b.yml")};
    QTest::newRow("one character") << QStringLiteral("t?.json") << QStringList{QStringLiteral("t1.json")};
    QTest::newRow("across folders") << QStringLiteral("teams/**/catalog-info.yaml")
                                    << QStringList{QStringLiteral("teams/catalog-info.yaml"),
                                                   QStringLiteral("teams/x/catalog-info.yaml"),
                                                   QStringLiteral("teams/y/z/catalog-info.yaml")};
    QTest::newRow("one level") << QStringLiteral("teams/*/catalog-info.yaml")
                               << QStringList{QStringLiteral("teams/x/catalog-info.yaml")};
    QTest::newRow("up and down") << QStringLiteral("teams/x/../*.yaml")
                                 << QStringList{QStringLiteral("teams/catalog-info.yaml")};
}

void TestFileGlob::pathsAndGlobs() {
    QFETCH(QString, pattern);
    QFETCH(QStringList, files);
    std::vector<std::string> expected;
    for (const QString& f : files)
        expected.push_back(canonical(f.toUtf8().constData()));
    std::sort(expected.begin(), expected.end());
    GlobBudget budget;
    QCOMPARE(filesMatching(m_dir->path().toStdString(), pattern.toStdString(), budget), expected);
    QVERIFY(!budget.ranOut);
}

void TestFileGlob::budgetIsShared() {
    GlobBudget budget;
    budget.left = 5; // eight files in the folder
    const auto first = filesMatching(m_dir->path().toStdString(), "**/*.yaml", budget);
    QVERIFY(budget.ranOut);
    QCOMPARE(budget.left, std::size_t(0));
    QVERIFY(first.size() <= 5);
    // Nothing left for the next glob; a plain path costs nothing.
    budget.ranOut = false;
    QVERIFY(filesMatching(m_dir->path().toStdString(), "*.json", budget).empty());
    QVERIFY(budget.ranOut);
    QCOMPARE(filesMatching(m_dir->path().toStdString(), "a.yaml", budget),
             std::vector<std::string>{canonical("a.yaml")});
}

void TestFileGlob::namesFromTheFolder() {
    const std::string root = m_dir->path().toStdString();
    QCOMPARE(readFileNamedFrom(canonical("teams/x/catalog-info.yaml"), root).name,
             std::string("teams/x/catalog-info.yaml"));
    QCOMPARE(readFileNamedFrom(canonical("a.yaml"), root + "/teams").name, canonical("a.yaml")); // outside
    write("teams/bad.yaml", "ok: \xc3\x28\n");                                                   // not UTF-8
    try {
        readFileNamedFrom(canonical("teams/bad.yaml"), root);
        QFAIL("no error");
    } catch (const Error& e) {
        QVERIFY2(QString::fromUtf8(e.what()).startsWith(QStringLiteral("teams/bad.yaml: ")), e.what());
    }
}

QTEST_GUILESS_MAIN(TestFileGlob)
#include "tst_fileglob.moc"
