// Reading input files: encodings, binary and broken input, JSON errors with places.
#include "Error.h"
#include "SourceText.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace terrain;

class TestSourceText : public QObject {
    Q_OBJECT
private slots:
    void decodesEncodings_data();
    void decodesEncodings();
    void refusesBrokenText_data();
    void refusesBrokenText();
    void readsFilesAndHashes();
    void jsonErrorsNamePlace();
    void jsonNestingIsLimited();

private:
    QTemporaryDir m_dir;
};

void TestSourceText::decodesEncodings_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("text");
    QTest::newRow("utf8") << QByteArray("{\"a\": \"\xc3\xa9\"}") << QStringLiteral("{\"a\": \"é\"}");
    QTest::newRow("utf8 bom") << QByteArray("\xef\xbb\xbf{}") << QStringLiteral("{}");
    QTest::newRow("utf16le bom") << QByteArray("\xff\xfe{\0\"\0\xe9\0\"\0}\0", 12)
                                 << QStringLiteral("{\"é\"}");
    QTest::newRow("utf16be bom") << QByteArray("\xfe\xff\0{\0}", 6) << QStringLiteral("{}");
    QTest::newRow("utf16 surrogates") << QByteArray("\xff\xfe\x3d\xd8\x00\xde", 6) << QStringLiteral("😀");
    QTest::newRow("crlf kept") << QByteArray("a\r\nb") << QStringLiteral("a\r\nb");
}

void TestSourceText::decodesEncodings() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, text);
    const std::string out = decodeText(bytes.toStdString(), "f");
    QCOMPARE(QString::fromStdString(out), text);
}

void TestSourceText::refusesBrokenText_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("nul") << QByteArray("ab\0cd", 5)
                         << QStringLiteral("line 1, column 3: text, but found a NUL byte");
    QTest::newRow("latin1") << QByteArray("ok\nna\xefve") << QStringLiteral("line 2, column 3: UTF-8 text");
    QTest::newRow("overlong") << QByteArray("\xc0\xaf") << QStringLiteral("line 1, column 1");
    QTest::newRow("odd utf16") << QByteArray("\xff\xfe{", 3) << QStringLiteral("odd number of bytes");
    QTest::newRow("lone surrogate") << QByteArray("\xff\xfe\x00\xdc", 4) << QStringLiteral("surrogate");
    QTest::newRow("utf32") << QByteArray("\xff\xfe\0\0{\0\0\0", 8) << QStringLiteral("UTF-32");
}

void TestSourceText::refusesBrokenText() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    try {
        decodeText(bytes.toStdString(), "in.json");
        QFAIL("expected an error");
    } catch (const Error& e) {
        const QString msg = QString::fromUtf8(e.what());
        QVERIFY2(msg.startsWith(QStringLiteral("in.json: ")) && msg.contains(expected), qPrintable(msg));
    }
}

void TestSourceText::readsFilesAndHashes() {
    const QString path = m_dir.filePath(QStringLiteral("x.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("\xef\xbb\xbf[1]");
    f.close();
    const auto src = readSourceText(path.toStdString());
    QCOMPARE(src.text, std::string("[1]"));
    QCOMPARE(src.name, std::string("x.json"));
    QCOMPARE(src.sha256.size(), size_t(64));
    QVERIFY_THROWS_EXCEPTION(Error, readSourceText(m_dir.filePath(QStringLiteral("missing")).toStdString()));
    QVERIFY_THROWS_EXCEPTION(Error, readSourceText(m_dir.path().toStdString()));
    QVERIFY_THROWS_EXCEPTION(Error, readSourceText(path.toStdString(), 2)); // over the size limit
}

void TestSourceText::jsonErrorsNamePlace() {
    try {
        parseJsonText("{\n  \"a\": 1,\n  \"b\": tru\n}", "state.json");
        QFAIL("expected an error");
    } catch (const Error& e) {
        const QString msg = QString::fromUtf8(e.what());
        QVERIFY2(msg.startsWith(QStringLiteral("state.json: line 3, column")), qPrintable(msg));
        QVERIFY2(msg.contains(QStringLiteral("expected valid JSON")), qPrintable(msg));
    }
    try {
        parseJsonText("{\"a\": [1, 2", "cut.json");
        QFAIL("expected an error");
    } catch (const Error& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("end of input")), e.what());
    }
}

void TestSourceText::jsonNestingIsLimited() {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    try {
        parseJsonText(deep, "deep.json");
        QFAIL("expected an error");
    } catch (const Error& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("nested at most")), e.what());
    }
    // Brackets inside strings do not count.
    const std::string inString = "[\"" + std::string(1000, '[') + "\"]";
    QCOMPARE(parseJsonText(inString, "s.json").size(), size_t(1));
    // Escaped quotes do not end a string, and an even run of backslashes before a quote is escaped
    // backslashes: the brackets after it count again.
    const std::string escaped = R"(["a\"[[[", "b\\", "c\\\"{{{"])";
    QCOMPARE(tooDeepAt(escaped, 1), std::string::npos);
    const std::string after = R"(["x\\", [[1]]])";
    QCOMPARE(tooDeepAt(after, 2), after.find("[1"));
    QCOMPARE(tooDeepAt(after, 3), std::string::npos);
    QCOMPARE(tooDeepAt(R"(["unterminated \" [[[)", 1), std::string::npos);
}

QTEST_GUILESS_MAIN(TestSourceText)
#include "tst_sourcetext.moc"
