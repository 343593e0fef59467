// Every input the fuzzers kept (tests/fuzz/corpus/<format>/) and every crash they found
// (tests/fuzz/regressions/<format>/) runs through its parser on every build: it must parse or throw
// terrain::Error, nothing else. The inputs of the streamed JSON reader's fuzzer (streamedjson/) are
// compared with nlohmann's parser as that fuzzer compares them, and those of the two-thread state read's
// (tfstatesplit/) read on one thread and on two.
#include "Error.h"
#include "FormatParser.h"
#include "JsonEventLog.h"
#include "SourceText.h"
#include "StateReadOnTwoThreads.h"

#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace terrain;

class TestFuzzCorpus : public QObject {
    Q_OBJECT
private slots:
    void inputsParseOrFailCleanly_data();
    void inputsParseOrFailCleanly();
};

void TestFuzzCorpus::inputsParseOrFailCleanly_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("path");
    int rows = 0;
    for (const char* kind : {"corpus", "regressions"}) {
        const QString root = QStringLiteral(TERRAIN_SOURCE_DIR "/tests/fuzz/") + QLatin1String(kind);
        QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            const QString format = QFileInfo(path).dir().dirName();
            QTest::newRow(qPrintable(QLatin1String(kind) + QLatin1Char('/') + format + QLatin1Char('/') +
                                     QFileInfo(path).fileName()))
                << format << path;
            ++rows;
        }
    }
    if (rows == 0)
        QTest::newRow("no corpus yet") << QString() << QString();
}

void TestFuzzCorpus::inputsParseOrFailCleanly() {
    QFETCH(QString, format);
    QFETCH(QString, path);
    if (format.isEmpty())
        QSKIP("tests/fuzz holds no corpus files");
    if (format ==
        QLatin1String("streamedjson")) { // as fuzz_streamedjson: the first byte picks the piece size
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        if (bytes.isEmpty())
            return;
        QTemporaryDir dir;
        QFile text(dir.filePath(QStringLiteral("text.json")));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write(bytes.mid(1));
        text.close();
        const std::size_t piece = static_cast<unsigned char>(bytes[0]) % 64 + 1;
        QVERIFY(test::streamedJsonAgrees(bytes.mid(1).toStdString(), text.fileName().toStdString(), piece));
        return;
    }
    if (format == QLatin1String("tfstatesplit")) { // as fuzz_tfstatesplit
        QVERIFY(test::readsTheSameOnTwoThreads(path.toStdString()));
        return;
    }
    const FormatParser* parser = formatParser(format.toStdString());
    QVERIFY2(parser, qPrintable(QStringLiteral("the corpus folder %1 names no format").arg(format)));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    try {
        SourceText src;
        src.name = QFileInfo(path).fileName().toStdString();
        src.path = path.toStdString();
        src.text = decodeText(bytes.toStdString(), src.name);
        parser->notAnInput(src.name, src.text, {}); // as a folder's scan asks, and the fuzzers
        parser->parse(src, {});
    } catch (const Error& e) {
        QVERIFY(std::string(e.what()).size() > 0);
    }
}

QTEST_GUILESS_MAIN(TestFuzzCorpus)
#include "tst_fuzzcorpus.moc"
