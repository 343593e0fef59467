// StreamedJson: the reader of a streamed file gives the SAX events nlohmann's json::sax_parse gives for
// the same text read whole (the same values in the same order) whenever it takes the text, takes every
// text nlohmann takes except the few it leaves to nlohmann on purpose, and refuses every text nlohmann
// refuses. Compared on crafted edge cases, on random documents and on those documents broken (cut,
// bytes changed, added or dropped), each read in pieces of many sizes so that every token straddles a
// piece somewhere.
#include "JsonEventLog.h"
#include "StreamedJson.h"

#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace terrain;
using namespace terrain::test;

namespace {

class Compare {
public:
    explicit Compare(const QTemporaryDir& dir)
        : path_(dir.filePath(QStringLiteral("t.json")).toStdString()) {}

    /// Whether the streamed reader agrees with nlohmann on `text` for every piece size (or refuses a text
    /// it leaves to nlohmann). Counts what it saw.
    bool agrees(const std::string& text) {
        FILE* f = std::fopen(path_.c_str(), "wb");
        if (!f || std::fwrite(text.data(), 1, text.size(), f) != text.size() || std::fclose(f) != 0)
            return false;
        const std::string expected = wholeEvents(text); // read whole once, compared with every piece size
        (expected == "refused" ? refused : taken)++;
        for (std::size_t piece : {1, 2, 3, 5, 8, 13, 64, 4096}) {
            if (!streamedJsonAgrees(text, path_, piece, expected)) {
                qWarning("piece %zu, text %s\nnlohmann:\n%s\nstreamed:\n%s", piece,
                         EventLog::bytes(text).c_str(), expected.c_str(),
                         streamedEvents(path_, piece).c_str());
                return false;
            }
        }
        return true;
    }
    int taken = 0, refused = 0;

private:
    std::string path_;
};

/// A random JSON value written as JSON text, with random white space and the escapes, numbers and
/// UTF-8 a state can hold.
class RandomJson {
public:
    explicit RandomJson(unsigned seed)
        : rng_(seed) {}

    std::string document() {
        std::string out;
        value(out, 0);
        space(out);
        return out;
    }
    std::mt19937& rng() { return rng_; }

private:
    std::mt19937 rng_;
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

    void space(std::string& out) {
        static const char* spaces[] = {"", "", "", " ", "\n  ", "\r\n\t", "\n                "};
        out += spaces[pick(7)];
    }
    void string(std::string& out) {
        static const char* parts[] = {"a",
                                      "name",
                                      "\\\"",
                                      "\\\\",
                                      "\\/",
                                      "\\b\\f\\n\\r\\t",
                                      "é",
                                      "€",
                                      "😀",
                                      "\\u00e9",
                                      "\\ud83d\\ude00",
                                      "\\u0000",
                                      " ",
                                      "arn:aws:iam::123456789012:role/x",
                                      "{[,:]}",
                                      "0123456789abcdef0"};
        out += '"';
        for (int n = pick(6); n > 0; --n)
            out += parts[pick(16)];
        out += '"';
    }
    void number(std::string& out) {
        static const char* numbers[] = {"0",
                                        "-0",
                                        "7",
                                        "-12",
                                        "3.25",
                                        "-0.5e-3",
                                        "1E5",
                                        "6.02e+23",
                                        "18446744073709551615",
                                        "18446744073709551616",
                                        "-9223372036854775808",
                                        "-9223372036854775809",
                                        "123456789012345678901234567890",
                                        "0.1",
                                        "2.2250738585072014e-308",
                                        "1.7976931348623157e308"};
        out += numbers[pick(16)];
    }
    void value(std::string& out, int depth) {
        space(out);
        const int kind = depth > 6 ? 2 + pick(4) : pick(6);
        switch (kind) {
        case 0:
        case 1: {
            const bool object = kind == 0;
            out += object ? '{' : '[';
            const int n = pick(5);
            for (int i = 0; i < n; ++i) {
                if (i > 0)
                    out += ',';
                if (object) {
                    space(out);
                    string(out);
                    space(out);
                    out += ':';
                }
                value(out, depth + 1);
                space(out);
            }
            space(out);
            out += object ? '}' : ']';
            break;
        }
        case 2:
            string(out);
            break;
        case 3:
            number(out);
            break;
        case 4:
            out += pick(2) ? "true" : "false";
            break;
        default:
            out += "null";
        }
    }
};

} // namespace

class TestStreamedJson : public QObject {
    Q_OBJECT
private slots:
    void edgeCases_data();
    void edgeCases();
    void leftToNlohmann();
    void randomDocuments();
    void brokenDocuments();
    void readInTwoParts();

private:
    QTemporaryDir m_dir;
};

void TestStreamedJson::edgeCases_data() {
    QTest::addColumn<QByteArray>("text");
    int row = 0;
    for (const char* text : {"",
                             " ",
                             "\n",
                             "1",
                             " -0 ",
                             "-",
                             "01",
                             "1.",
                             ".5",
                             "1e",
                             "1e+",
                             "1E5",
                             "1e-5",
                             "-1.5E+2",
                             "+1",
                             "1 2",
                             "[1,]",
                             "[,1]",
                             "[1 2]",
                             "[]",
                             "[ ]",
                             "{}",
                             "{ }",
                             "{\"a\":1}",
                             "{\"a\":1,}",
                             "{\"a\" 1}",
                             "{\"a\":}",
                             "{1:2}",
                             "{\"a\":1 \"b\":2}",
                             "{\"a\":1]",
                             "[1}",
                             "[[[]]]",
                             "[[[]]",
                             "]",
                             "}",
                             "\"",
                             "\"abc",
                             "\"a\\\"b\"",
                             "\"a\\\\\"",
                             "\"\\/\\b\\f\\n\\r\\t\"",
                             "\"\\x\"",
                             "\"\\u00e9\"",
                             "\"\\u00E9\"",
                             "\"\\u00g9\"",
                             "\"\\u12\"",
                             "\"\\ud83d\\ude00\"",
                             "\"\\ud83d\"",
                             "\"\\ud83dx\"",
                             "\"\\ud83d\\u0041\"",
                             "\"\\ude00\"",
                             "\"\\u0000\"",
                             "\"tab\there\"",
                             "\"new\nline\"",
                             "\"é€😀\"",
                             "\"\xc3\"",
                             "\"\xed\xa0\x80\"",
                             "\"abcdefgh\xf2`\"",
                             "\"abcdefgh\xe2\x82\"",
                             "\"abcdefgh\xf4\x90\x80\x80\"",
                             "\xef\xbb\xbf[1]",
                             "\xef\xbb\xbf\xef\xbb\xbf[1]",
                             "true",
                             "false",
                             "null",
                             "tru",
                             "truex",
                             "nul",
                             "NULL",
                             "[true,false,null]",
                             "18446744073709551615",
                             "18446744073709551616",
                             "-9223372036854775808",
                             "-9223372036854775809",
                             "1e400",
                             "-1e400",
                             "[1e308, 2e308]",
                             "/* no */ 1",
                             "[1] x",
                             "\x7f"})
        QTest::addRow("%d", row++) << QByteArray(text);
    QTest::newRow("nested 512") << (QByteArray(512, '[') + QByteArray(512, ']'));
}

void TestStreamedJson::edgeCases() {
    QFETCH(QByteArray, text);
    Compare compare(m_dir);
    QVERIFY(compare.agrees(text.toStdString()));
}

// What the reader takes nlohmann's word for: a double too small for its exponent (strtod's rounding to
// zero or a subnormal) and nesting deeper than kMaxNesting (refused by the import, read whole).
void TestStreamedJson::leftToNlohmann() {
    Compare compare(m_dir);
    QVERIFY(compare.agrees("1e-400"));
    QVERIFY(compare.agrees("[4.9e-324, 1e-320]"));
    QVERIFY(compare.agrees(std::string(513, '[') + std::string(513, ']')));
    QCOMPARE(streamedEvents(m_dir.filePath(QStringLiteral("t.json")).toStdString(), 64),
             std::string("refused"));
}

void TestStreamedJson::randomDocuments() {
    Compare compare(m_dir);
    RandomJson random(20261205);
    for (int i = 0; i < 1500; ++i)
        QVERIFY(compare.agrees(random.document()));
    QCOMPARE(compare.refused, 0);
}

// Random documents cut short, with a byte changed, added or taken out (a JSON character, a control
// character, a byte of a UTF-8 sequence or NUL): taken or refused as nlohmann does.
void TestStreamedJson::brokenDocuments() {
    Compare compare(m_dir);
    RandomJson random(5);
    auto& rng = random.rng();
    const std::string bytes =
        std::string("{}[],:\"\\ 0123456789.eE+-tfnu\t\n\x01\x1f\xc3\xa9\xed\xbf\x80", 45) +
        std::string(1, '\0');
    for (int i = 0; i < 1500; ++i) {
        std::string text = random.document();
        if (text.empty())
            continue;
        const std::size_t at = std::uniform_int_distribution<std::size_t>(0, text.size() - 1)(rng);
        const char byte = bytes[std::uniform_int_distribution<std::size_t>(0, bytes.size() - 1)(rng)];
        switch (i % 4) {
        case 0:
            text.resize(at);
            break;
        case 1:
            text[at] = byte;
            break;
        case 2:
            text.insert(at, 1, byte);
            break;
        default:
            text.erase(at, 1);
        }
        QVERIFY(compare.agrees(text));
    }
    // Both kinds were seen, many times.
    QVERIFY2(compare.refused > 500 && compare.taken > 100,
             qPrintable(QStringLiteral("%1 refused, %2 taken").arg(compare.refused).arg(compare.taken)));
}

// A document read in two parts, as a large state is on two threads: the first reader up to a comma of an
// array in the root object (splitAt), the second from after it (readInArrayOfRoot). Their events, one
// after the other, are the document's; where the first reader is told not to stop there, or where the
// place is not such a comma, it reads on alone and its events are the document's.
void TestStreamedJson::readInTwoParts() {
    const std::string path = m_dir.filePath(QStringLiteral("parts.json")).toStdString();
    RandomJson random(11);
    int splits = 0, passed = 0;
    for (int i = 0; i < 300; ++i) {
        // {"a": value, "list": [v0, v1, ...], "z": value}: the commas of "list" are where it can split.
        std::string text = "{\"a\":" + random.document() + ", \"list\" : [";
        std::vector<std::size_t> commas;
        const int n = 2 + i % 6;
        for (int k = 0; k < n; ++k) {
            if (k > 0) {
                commas.push_back(text.size());
                text += i % 2 ? ",\n  " : ",";
            }
            text += random.document();
        }
        text += "] ,\"z\":" + random.document() + "}";
        FILE* f = std::fopen(path.c_str(), "wb");
        QVERIFY(f && std::fwrite(text.data(), 1, text.size(), f) == text.size() && std::fclose(f) == 0);
        const std::string whole = wholeEvents(text);
        QVERIFY(whole != "refused");
        const std::size_t at = commas[static_cast<std::size_t>(i) % commas.size()];
        for (std::size_t piece : {1, 7, 4096}) {
            // Split at the comma: the first reader stops there, the second reads the rest.
            auto first = StreamedText::open(path, kMaxInputBytes, piece);
            EventLog firstEvents;
            StreamedJsonReader<EventLog> firstReader(*first, firstEvents);
            int asked = 0;
            firstReader.splitAt(at, [&](bool exact) {
                ++asked;
                return exact;
            });
            QVERIFY(firstReader.read());
            QCOMPARE(asked, 1);
            auto rest = StreamedText::openPart(path, at + 1, piece);
            EventLog restEvents;
            QVERIFY(StreamedJsonReader<EventLog>(*rest, restEvents).readInArrayOfRoot());
            QCOMPARE(firstEvents.log + restEvents.log, whole);
            ++splits;
            // Told not to stop, or asked from a place that is not such a comma (inside a value: it is asked
            // at the next comma of the list, or not at all), the first reader reads on alone.
            for (const std::size_t place : {at, at - 1, at + 1}) {
                auto alone = StreamedText::open(path, kMaxInputBytes, piece);
                EventLog events;
                StreamedJsonReader<EventLog> reader(*alone, events);
                bool exactSeen = false;
                reader.splitAt(place, [&](bool exact) {
                    exactSeen = exact;
                    return false;
                });
                QVERIFY(reader.read());
                QCOMPARE(events.log, whole);
                QCOMPARE(exactSeen, place == at);
                ++passed;
            }
        }
    }
    QCOMPARE(splits, 900);
    QCOMPARE(passed, 2700);
}

QTEST_GUILESS_MAIN(TestStreamedJson)
#include "tst_streamedjson.moc"
