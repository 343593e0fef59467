// Reading input files: encodings, binary and broken input, JSON errors with places.
#include "Error.h"
#include "SourceText.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cerrno>

#include <sys/stat.h>

using namespace terrain;

class TestSourceText : public QObject {
    Q_OBJECT
private slots:
    void decodesEncodings_data();
    void decodesEncodings();
    void refusesBrokenText_data();
    void refusesBrokenText();
    void readsWindows1252WhereAsked();
    void readsFilesAndHashes();
    void scopeIsTheCanonicalPath();
    void jsonErrorsNamePlace();
    void jsonAsJsonParseGivesIt();
    void jsonNestingIsLimited();
    void streamsCheckedText();
    void streamsAPartAndHashesTheRest();
    void streamRefusesWhatWholeReadingRefuses_data();
    void streamRefusesWhatWholeReadingRefuses();

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

void TestSourceText::readsWindows1252WhereAsked() {
    // Excel's "CSV (Comma delimited)": Windows-1252, its own 0x80-0x9F (euro, quotes, dashes) included.
    const std::string bytes = "name;owner\nweb;M\xfcller \x80 \x93x\x94\x96y\n";
    bool fellBack = false;
    QCOMPARE(QString::fromStdString(decodeText(bytes, "inv.csv", TextFallback::Windows1252, &fellBack)),
             QStringLiteral("name;owner\nweb;Müller € “x”–y\n"));
    QVERIFY(fellBack);
    // UTF-8 and UTF-16 are read as before; a NUL byte, or a UTF-8 byte order mark, is refused still.
    fellBack = false;
    QCOMPARE(decodeText("na\xc3\xafve", "a.csv", TextFallback::Windows1252, &fellBack),
             std::string("na\xc3\xafve"));
    QCOMPARE(decodeText(std::string("\xff\xfe"
                                    "a\0",
                                    4),
                        "a.csv", TextFallback::Windows1252, &fellBack),
             std::string("a"));
    QVERIFY(!fellBack);
    QVERIFY_THROWS_EXCEPTION(Error,
                             decodeText(std::string("M\xfc\0", 3), "a.csv", TextFallback::Windows1252));
    QVERIFY_THROWS_EXCEPTION(Error, decodeText("\xef\xbb\xbfM\xfc", "a.csv", TextFallback::Windows1252));
    // Only where asked: a file read without a fallback is refused as before, and says nothing of one.
    const QString path = m_dir.filePath(QStringLiteral("latin1.csv"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes.data(), static_cast<qint64>(bytes.size()));
    f.close();
    QVERIFY_THROWS_EXCEPTION(Error, readSourceText(path.toStdString()));
    const SourceText src = readSourceText(path.toStdString(), kMaxInputBytes, TextFallback::Windows1252);
    QCOMPARE(src.fallbackEncoding, std::string("Windows-1252"));
    QVERIFY(src.text.find("M\xc3\xbcller") != std::string::npos);
    QCOMPARE(
        QString::fromStdString(src.sha256),
        QString::fromLatin1(
            QCryptographicHash::hash(QByteArray::fromStdString(bytes), QCryptographicHash::Sha256).toHex()));
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
    // The hash of the bytes as read (BOM included), as Qt's own implementation computes it.
    QCOMPARE(
        QString::fromStdString(src.sha256),
        QString::fromLatin1(QCryptographicHash::hash("\xef\xbb\xbf[1]", QCryptographicHash::Sha256).toHex()));
    QVERIFY_THROWS_EXCEPTION(Error, readSourceText(m_dir.filePath(QStringLiteral("missing")).toStdString()));
    QVERIFY_THROWS_EXCEPTION(Error, readSourceText(m_dir.path().toStdString()));
    QVERIFY_THROWS_EXCEPTION(Error, readSourceText(path.toStdString(), 2)); // over the size limit
}

void TestSourceText::jsonAsJsonParseGivesIt() {
    // parseJsonText() sets an object's members through an index past a few (JsonObjectBuilder): the
    // document is json::parse()'s, members in order, a repeated key's last value in its first place.
    std::string wide = "{";
    for (int i = 0; i < 100; ++i)
        wide += "\"k" + std::to_string(i % 60) + "\": [" + std::to_string(i) + ", {\"x\": null}],";
    wide += "\"last\": -1.5e3}";
    for (const std::string& text :
         {std::string("{\"b\": 1, \"a\": {\"z\": true, \"y\": \"\\u00e9\"}, \"b\": [18446744073709551615, "
                      "-3, 0.25]}"),
          std::string("[[], {}, \"x\", false, null]"), std::string("  42 "), wide}) {
        const json ours = parseJsonText(text, "x.json");
        const json theirs = json::parse(text);
        QCOMPARE(ours, theirs);
        QCOMPARE(ours.dump(), theirs.dump());
    }
    QCOMPARE(parseJsonText(wide, "x.json").size(), size_t(61));
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

namespace {

/// The text of a streamed file read in pieces of `piece` bytes, its hash, or "refused" / "not streamed".
std::pair<std::string, std::string> streamed(const std::string& path, std::size_t piece) {
    const auto text = StreamedText::open(path, kMaxInputBytes, piece);
    if (!text)
        return {"not streamed", ""};
    try {
        std::string out;
        while (!text->ended()) {
            const std::string_view window = text->more(0);
            if (window.data()[window.size()] != '\0')
                return {"no NUL byte after the window", ""};
            out += window;
        }
        return {out, text->sha256()};
    } catch (const StreamedText::Unreadable&) {
        return {"refused", ""};
    }
}

} // namespace

// Read a piece at a time, with pieces of every small size (so that UTF-8 sequences and the BOM straddle
// them): the same text and hash as read whole.
void TestSourceText::streamsCheckedText() {
    const QString path = m_dir.filePath(QStringLiteral("streamed.json"));
    std::string bytes = "\xef\xbb\xbf{\"a\": \"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"";
    for (int i = 0; i < 50; ++i)
        bytes += ", \"k" + std::to_string(i) + "\": \"\xe2\x82\xac\xc3\xa9x\xf0\x9f\x98\x80\"";
    bytes += "}";
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes.data(), static_cast<qint64>(bytes.size()));
    f.close();
    const SourceText whole = readSourceText(path.toStdString());
    QCOMPARE(
        QString::fromStdString(whole.sha256),
        QString::fromLatin1(
            QCryptographicHash::hash(QByteArray::fromStdString(bytes), QCryptographicHash::Sha256).toHex()));
    for (std::size_t piece : {1, 2, 3, 4, 5, 7, 64, 1 << 20}) {
        const auto [text, hash] = streamed(path.toStdString(), piece);
        QCOMPARE(text, whole.text);
        QCOMPARE(hash, whole.sha256);
    }
    const auto text = StreamedText::open(path.toStdString());
    QVERIFY(text);
    QCOMPARE(text->name(), std::string("streamed.json"));
    // An empty file is an empty text.
    QFile empty(m_dir.filePath(QStringLiteral("empty.json")));
    QVERIFY(empty.open(QIODevice::WriteOnly));
    empty.close();
    QCOMPARE(streamed(empty.fileName().toStdString(), 4).first, std::string());
}

// A text read on two threads: the second reader streams the file from a place on (openPart, checked, not
// hashed); the first reads up to it and hashes the rest on a thread of its own (hashRest): its hash then
// refuses a file that changed meanwhile or a part that ended elsewhere.
void TestSourceText::streamsAPartAndHashesTheRest() {
    const QString path = m_dir.filePath(QStringLiteral("parts.json"));
    std::string bytes = "\xef\xbb\xbf[\"\xc3\xa9\xe2\x82\xac\"";
    for (int i = 0; i < 300; ++i)
        bytes += ", \"\xe2\x82\xac" + std::to_string(i) + "\xf0\x9f\x98\x80\"";
    bytes += "]";
    auto write = [&](const std::string& b) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(b.data(), static_cast<qint64>(b.size()));
    };
    write(bytes);
    const std::string sha = readSourceText(path.toStdString()).sha256;
    const std::size_t from = bytes.find(", \"\xe2\x82\xac"
                                        "150"); // an ASCII byte
    for (std::size_t piece : {1, 3, 64, 1 << 16}) {
        const auto part = StreamedText::openPart(path.toStdString(), from, piece);
        QVERIFY(part);
        std::string read;
        while (!part->ended()) {
            const std::string_view w = part->more(0);
            QCOMPARE(part->offsetOf(w.data()), from + read.size());
            read += w;
        }
        QCOMPARE(read, bytes.substr(from));
        QCOMPARE(part->readEnd(), bytes.size());

        // The first reader, from the start, up to the place; then the rest hashed only.
        const auto text = StreamedText::open(path.toStdString(), kMaxInputBytes, piece);
        std::size_t at = 0;
        while (at < from) {
            const std::string_view w = text->more(0);
            QCOMPARE(text->offsetOf(w.data()), at + (at == 0 ? 3 : 0)); // the BOM is left out
            at = text->offsetOf(w.data() + w.size());
        }
        text->hashRest(part->readEnd());
        QVERIFY(text->ended());
        QCOMPARE(text->sha256(), sha); // once the rest is hashed
    }
    // A part that ended elsewhere, or a file written since it was opened, is refused.
    auto hashAfterOnePiece = [&](std::size_t partEnd, const std::string* rewrite) {
        const auto text = StreamedText::open(path.toStdString(), kMaxInputBytes, 64);
        text->more(0);
        if (rewrite) {
            write(*rewrite);
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(
                f.setFileTime(QDateTime::currentDateTime().addSecs(60), QFileDevice::FileModificationTime));
        }
        text->hashRest(partEnd);
        QVERIFY_THROWS_EXCEPTION(StreamedText::Unreadable, text->sha256());
    };
    hashAfterOnePiece(bytes.size() - 1, nullptr);
    std::string same = bytes; // the same size, another text
    same[from + 3] = 'x';
    hashAfterOnePiece(bytes.size(), &same);
    const std::string longer = bytes + " ";
    hashAfterOnePiece(bytes.size(), &longer);
    // A part that starts inside a UTF-8 sequence is refused as a continuation byte without its start.
    write(bytes);
    const auto inside = StreamedText::openPart(path.toStdString(), bytes.find("\xe2\x82\xac") + 1);
    QVERIFY(inside);
    QVERIFY_THROWS_EXCEPTION(StreamedText::Unreadable, inside->more(0));
}

// What readSourceText() refuses, or decodes in full (UTF-16), is not streamed: the caller reads it whole.
void TestSourceText::streamRefusesWhatWholeReadingRefuses_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("nul") << QByteArray("[\"ab\0cd\"]", 9) << QStringLiteral("refused");
    QTest::newRow("latin1") << QByteArray("[\"na\xefve\"]") << QStringLiteral("refused");
    QTest::newRow("ends inside a sequence") << QByteArray("[\"ab\xe2\x82") << QStringLiteral("refused");
    QTest::newRow("overlong") << QByteArray("[\"\xc0\xaf\"]") << QStringLiteral("refused");
    QTest::newRow("surrogate in utf8") << QByteArray("[\"\xed\xa0\x80\"]") << QStringLiteral("refused");
    QTest::newRow("continuation without a start") << QByteArray("[\"a\x80\"]") << QStringLiteral("refused");
    QTest::newRow("utf16le") << QByteArray("\xff\xfe[\0]\0", 6) << QStringLiteral("not streamed");
    QTest::newRow("utf16be") << QByteArray("\xfe\xff\0[\0]", 6) << QStringLiteral("not streamed");
    QTest::newRow("utf32") << QByteArray("\xff\xfe\0\0[\0\0\0", 8) << QStringLiteral("not streamed");
}

void TestSourceText::streamRefusesWhatWholeReadingRefuses() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    const QString path = m_dir.filePath(QStringLiteral("refused.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
    f.close();
    for (std::size_t piece : {1, 2, 3, 5, 1 << 20})
        QCOMPARE(QString::fromStdString(streamed(path.toStdString(), piece).first), expected);
    if (expected == QStringLiteral("refused")) // read whole, it is refused with its place
        QVERIFY_THROWS_EXCEPTION(Error, readSourceText(path.toStdString()));
    QCOMPARE(QString::fromStdString(streamed(m_dir.path().toStdString(), 4).first),
             QStringLiteral("not streamed")); // a folder
    // A named pipe without a writer: not opened (which would wait for one), not streamed.
    const std::string fifo = m_dir.filePath(QStringLiteral("pipe.json")).toStdString();
    QVERIFY(::mkfifo(fifo.c_str(), 0600) == 0 || errno == EEXIST);
    QCOMPARE(QString::fromStdString(streamed(fifo, 4).first), QStringLiteral("not streamed"));
    QCOMPARE(
        QString::fromStdString(streamed(m_dir.filePath(QStringLiteral("missing")).toStdString(), 4).first),
        QStringLiteral("not streamed"));
}

QTEST_GUILESS_MAIN(TestSourceText)
void TestSourceText::scopeIsTheCanonicalPath() {
    // Two repositories' catalog-info.yaml are two sources; one file named three ways (relative, absolute,
    // through "..") is one.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("shop/orders")) &&
            QDir(dir.path()).mkpath(QStringLiteral("payments")));
    for (const char* f : {"shop/orders/catalog-info.yaml", "payments/catalog-info.yaml"}) {
        QFile file(dir.filePath(QString::fromUtf8(f)));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("kind: Component\n");
    }
    const std::string root = QDir(dir.path()).canonicalPath().toStdString();
    const std::string orders = root + "/shop/orders/catalog-info.yaml";
    const std::string scope = sourceScope("backstage", orders, "catalog-info.yaml");
    QCOMPARE(scope, "backstage:" + orders);
    QCOMPARE(sourceScope("backstage", root + "/shop/../shop/orders/./catalog-info.yaml", "catalog-info.yaml"),
             scope);
    const QString cwd = QDir::currentPath();
    QVERIFY(QDir::setCurrent(QString::fromStdString(root + "/shop")));
    const std::string relative = sourceScope("backstage", "orders/catalog-info.yaml", "catalog-info.yaml");
    QVERIFY(QDir::setCurrent(cwd));
    QCOMPARE(relative, scope);
    QVERIFY(sourceScope("backstage", root + "/payments/catalog-info.yaml", "catalog-info.yaml") != scope);
    // No file: the name (a text without a path), or the path as given.
    QCOMPARE(sourceScope("k8s", "", "app.yaml"), std::string("k8s:app.yaml"));
    QCOMPARE(sourceScope("k8s", "inline.yaml", "inline.yaml"), std::string("k8s:inline.yaml"));
}

#include "tst_sourcetext.moc"
