// JsonText: the compact JSON text the project file stores (jsonText()) is byte for byte what nlohmann's
// dump() writes, with the same error for a string that is not UTF-8, on crafted values and on a few
// thousand random ones; a value held as its text is written as its document and read back as it; a
// member set on it is what the document's would be; and JSON pointers name keys as RFC 6901 escapes them.
#include "JsonText.h"

#include <QtTest>

#include <limits>
#include <random>
#include <tuple>

using namespace terrain;
using json = nlohmann::ordered_json;

namespace {

/// jsonText(v), or the message of what it threw; the same for dump().
std::pair<std::string, std::string> bothWays(const json& v) {
    std::string ours, theirs;
    try {
        ours = jsonText(v);
    } catch (const json::exception& e) {
        ours = std::string("threw ") + e.what();
    }
    try {
        theirs = v.dump();
    } catch (const json::exception& e) {
        theirs = std::string("threw ") + e.what();
    }
    return {ours, theirs};
}

json randomValue(std::mt19937& rng, int depth) {
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    static const char* strings[] = {
        "",         "plain",   "with \"quotes\"",       "back\\slash", "tab\there",
        "\x01\x1f", "é€😀",     "arn:aws:iam::1:role/x", "\x7f",        "new\nline",
        "\xc3",     "a\xff b", "0123456789abcdefghij"};
    switch (depth > 4 ? 2 + pick(6) : pick(8)) {
    case 0: {
        json o = json::object();
        for (int n = pick(5); n > 0; --n)
            o[strings[pick(13)]] = randomValue(rng, depth + 1);
        return o;
    }
    case 1: {
        json a = json::array();
        for (int n = pick(5); n > 0; --n)
            a.push_back(randomValue(rng, depth + 1));
        return a;
    }
    case 2:
        return strings[pick(13)];
    case 3:
        return std::int64_t(
            std::uniform_int_distribution<std::int64_t>(std::numeric_limits<std::int64_t>::min(),
                                                        std::numeric_limits<std::int64_t>::max())(rng) >>
            pick(64));
    case 4:
        return std::uint64_t(rng()) << pick(33);
    case 5:
        return std::uniform_real_distribution<double>(-1e6, 1e6)(rng);
    case 6:
        return pick(2) == 0;
    default:
        return nullptr;
    }
}

} // namespace

class TestJsonText : public QObject {
    Q_OBJECT
private slots:
    void textIsDumps_data();
    void textIsDumps();
    void randomTextIsDumps();
    void stringsWithOneSpecialAnywhere();
    void heldAsTextIsItsDocument();
    void setMemberOnTextIsSetOnTheDocument();
    void pointersEscapeKeys();
    void parseErrorsSayNothingOfWhatWasRead();
};

void TestJsonText::textIsDumps_data() {
    QTest::addColumn<QString>("source"); // the value as JSON text
    for (const char* text : {"null",
                             "true",
                             "false",
                             "0",
                             "-0",
                             "-1",
                             "9223372036854775807",
                             "-9223372036854775808",
                             "18446744073709551615",
                             "0.5",
                             "-0.0",
                             "1e300",
                             "3.141592653589793",
                             "1.0",
                             "\"\"",
                             "\"plain\"",
                             "\"quo\\\"te\"",
                             "\"\\u0001\\u001f\\u007f\"",
                             "\"\\/\"",
                             "\"é€😀\"",
                             "[]",
                             "{}",
                             "[[],{}]",
                             "{\"b\":1,\"a\":[1,\"x\",{\"c\":null}]}",
                             "{\"é\":\"\\n\"}"})
        QTest::newRow(text) << QString::fromUtf8(text);
}

void TestJsonText::textIsDumps() {
    QFETCH(QString, source);
    const auto [ours, theirs] = bothWays(json::parse(source.toStdString()));
    QCOMPARE(ours, theirs);
}

// Random values, among them strings that are not UTF-8 (both throw the same error) and floats.
void TestJsonText::randomTextIsDumps() {
    std::mt19937 rng(20261205);
    int threw = 0;
    for (int i = 0; i < 3000; ++i) {
        const json v = randomValue(rng, 0);
        const auto [ours, theirs] = bothWays(v);
        QCOMPARE(ours, theirs);
        threw += ours.rfind("threw ", 0) == 0;
    }
    QVERIFY2(threw > 50, qPrintable(QString::number(threw)));
    QCOMPARE(bothWays(json::parse("\"\\u0000\"")).first, std::string("\"\\u0000\""));
}

// One character to escape or check (or one that needs neither), at every place of strings up to 40
// bytes long: written as nlohmann writes it.
void TestJsonText::stringsWithOneSpecialAnywhere() {
    int serialised = 0;
    for (const std::string special : {"\"", "\\", "\x01", "\x1f", "\n", "\xc3\xa9", "\xff", "\x7f", " ", "~"})
        for (std::size_t size = 0; size <= 40; ++size)
            for (std::size_t at = 0; at <= size; ++at) {
                std::string s(size, 'a');
                s.insert(at, special);
                const auto [ours, theirs] = bothWays(json(s));
                QCOMPARE(ours, theirs);
                serialised += ours != "\"" + s + "\"";
            }
    QVERIFY(serialised > 4000); // the specials that need it (six of the ten) were written by nlohmann
}

void TestJsonText::heldAsTextIsItsDocument() {
    std::mt19937 rng(7);
    int held = 0;
    for (int i = 0; i < 2000; ++i) {
        const json v = randomValue(rng, 0);
        json h;
        try {
            h = heldAsText(v);
        } catch (const json::exception&) {
            QCOMPARE(bothWays(v).first.rfind("threw ", 0), std::size_t(0)); // only what has no text
            continue;
        }
        ++held;
        QVERIFY(isHeldAsText(h));
        QCOMPARE(jsonText(h), v.dump());
        QCOMPARE(documentOf(h), v);
        QCOMPARE(jsonText(json{{"a", h}, {"b", json::array({h, 1})}}),
                 json({{"a", v}, {"b", json::array({v, 1})}}).dump());
        QCOMPARE(heldAsText(h), h); // not held twice
    }
    QVERIFY2(held > 1000, qPrintable(QString::number(held)));
    // Other binary values are not text: the undo history's packed rows, or another subtype.
    QVERIFY(!isHeldAsText(json::binary({1, 2, 3})));
    QVERIFY(!isHeldAsText(json::binary({'{', '}'}, 1)));
    QVERIFY(!isHeldAsText(json("{}")));
    QCOMPARE(documentOf(json("{}")), json("{}"));
}

void TestJsonText::setMemberOnTextIsSetOnTheDocument() {
    auto bothSet = [](const json& object, const std::string& key, const json& value) {
        json document = object;
        document[key] = value;
        json text = heldAsText(object);
        setMember(text, key, value);
        QVERIFY(isHeldAsText(text));
        QVERIFY2(jsonText(text) == document.dump(), (jsonText(text) + " vs " + document.dump()).c_str());
        json plain = object; // on a document it is operator[]
        setMember(plain, key, value);
        QCOMPARE(plain, document);
    };
    bothSet(json::object(), "folded_resources", 3);
    bothSet(json{{"id", "sg-1"}}, "folded_resources", 3);
    bothSet(json{{"id", "sg-1"}, {"folded_resources", 1}, {"z", true}}, "folded_resources", 3); // in place
    bothSet(json{{"tags", {{"folded_resources", 1}}}}, "folded_resources", 2);                  // nested only
    bothSet(json{{"note", "\"folded_resources\":1"}}, "folded_resources", 2); // inside a string
    bothSet(json{{"a", 1}}, "with \"quotes\"", json{{"x", json::array({1, "é"})}});
    std::mt19937 rng(11);
    static const char* keys[] = {"", "plain", "with \"quotes\"", "tab\there", "é€😀", "folded_resources"};
    for (int i = 0; i < 1000; ++i) {
        json object = json::object();
        for (int n = std::uniform_int_distribution<int>(0, 4)(rng); n > 0; --n)
            object[keys[rng() % 6]] = randomValue(rng, 3);
        const json value = randomValue(rng, 3);
        if (bothWays(object).first.rfind("threw ", 0) == 0 || bothWays(value).first.rfind("threw ", 0) == 0)
            continue; // no text
        bothSet(object, keys[rng() % 6], value);
    }
}

void TestJsonText::pointersEscapeKeys() {
    QCOMPARE(jsonPointer("/resources/3", "a/b~c"), std::string("/resources/3/a~1b~0c"));
    QCOMPARE(jsonPointer("", std::size_t(7)), std::string("/7"));
}

void TestJsonText::parseErrorsSayNothingOfWhatWasRead() {
    // nlohmann's own words, for a file cut short in a password and for one cut after an array's item: what
    // it read last goes, what it expected stays.
    for (const auto& [text, kept, gone] :
         {std::tuple{R"({"db_password": {"value": "s3cr3t)", "invalid string: missing closing quote",
                     "s3cr3t"},
          std::tuple{R"({"tokens": ["abc123tok", 2)", "unexpected end of input; expected ']'",
                     "last read"}}) {
        std::string message;
        try {
            const auto parsed = nlohmann::json::parse(text);
            QFAIL(qPrintable(QString::fromStdString(parsed.dump()))); // it is cut short
        } catch (const nlohmann::json::parse_error& e) {
            message = withoutLastRead(e.what());
        }
        QVERIFY2(message.find(kept) != std::string::npos, message.c_str());
        QVERIFY2(message.find(gone) == std::string::npos, message.c_str());
        QVERIFY2(message.find("last read") == std::string::npos, message.c_str());
    }
    QCOMPARE(withoutLastRead("no such part"), std::string("no such part"));
}

QTEST_GUILESS_MAIN(TestJsonText)
#include "tst_jsontext.moc"
