// AttributeTape: an instance's attributes recorded as SAX events and compacted off the tape give the
// same instance as the attributes read into a document (repeated keys resolved, dynamic value wrappers
// unwrapped) and compacted from there, for crafted cases (repeated keys, wrappers, unsorted keys, deep
// nesting, long strings) and for a few thousand random attribute documents.
#include "AttributeTape.h"
#include "TerraformCommon.h"

#include <QtTest>

#include <limits>
#include <random>

using namespace terrain;
using namespace terrain::tf;

namespace {

/// Records a JSON text on a tape through nlohmann's SAX parser, as the state reader does.
struct TapeRecorder {
    AttributeTape& tape;
    bool null() { return tape.null(), true; }
    bool boolean(bool v) { return tape.boolean(v), true; }
    bool number_integer(json::number_integer_t v) { return tape.integer(v), true; }
    bool number_unsigned(json::number_unsigned_t v) { return tape.unsignedInteger(v), true; }
    bool number_float(json::number_float_t v, const std::string&) { return tape.floating(v), true; }
    bool string(std::string& v) { return tape.string(v), true; }
    bool binary(json::binary_t&) { return false; }
    bool start_object(std::size_t) { return tape.startObject(), true; }
    bool start_array(std::size_t) { return tape.startArray(), true; }
    bool end_object() { return tape.end(), true; }
    bool end_array() { return tape.end(), true; }
    bool key(std::string& k) { return tape.key(k), true; }
    bool parse_error(std::size_t, const std::string&, const json::exception&) { return false; }
};

/// The compacted instance, as text: its kept attributes and its walked values with their places.
std::string described(const Instance& in) {
    json walked = json::array();
    in.walked.forEach([&](const Path& path, const std::string& value, std::size_t ordinal) {
        walked.push_back({path, value, ordinal});
        return true;
    });
    json storage;
    return json{{"attributes", topAttributes(in, storage)}, {"walked", walked}, {"count", in.walkCount}}
        .dump();
}

/// The instance compacted from a document (the reference) and from a tape, as text; `plain` tells
/// whether the tape could be read without a document.
std::pair<std::string, std::string> bothWays(const std::string& attributes, bool* plain = nullptr) {
    Instance fromDocument;
    fromDocument.attributes = unwrapDynamic(json::parse(attributes));
    compactInstance(fromDocument);
    AttributeTape tape;
    TapeRecorder recorder{tape};
    if (!json::sax_parse(attributes, &recorder))
        return {"(no JSON)", "(no JSON)"};
    if (plain)
        *plain = tape.plain();
    Instance fromTape;
    compactInstance(fromTape, tape);
    return {described(fromDocument), described(fromTape)};
}

// ---- random attribute documents ----

const char* const kKeys[] = {"id",
                             "arn",
                             "self_link",
                             "tags",
                             "labels",
                             "tags_all",
                             "outputs",
                             "value",
                             "type",
                             "vpc_id",
                             "subnet_ids",
                             "name",
                             "security_groups",
                             "bucket",
                             "description",
                             "root_block",
                             "timeouts",
                             "target_group_arn",
                             "instance",
                             "cluster_name"};

struct Generator {
    std::mt19937 rng;
    int below(int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); }

    std::string text() {
        switch (below(9)) {
        case 0:
            return "sg-0" + std::to_string(rng() % 100000000);
        case 1:
            return "arn:aws:ec2:eu-west-1:123456789012:instance/i-" + std::to_string(rng());
        case 2:
            return std::string(static_cast<std::size_t>(2048 + below(2) + 2048 * below(2)),
                               'x'); // the limits
        case 3:
            return below(2) ? "string" : "number";
        case 4:
            return "ab";
        default: {
            std::string s;
            for (int i = below(24); i > 0; --i)
                s += "abcdefgh-_.0123"[below(15)];
            return s;
        }
        }
    }

    std::string scalar() {
        switch (below(6)) {
        case 0:
            return std::to_string(static_cast<long long>(rng()) - 2000000000LL);
        case 1:
            return below(2) ? "18446744073709551615" : "3.25";
        case 2:
            return below(2) ? "true" : "false";
        case 3:
            return "null";
        default:
            return json(text()).dump();
        }
    }

    std::string value(int depth) {
        const int c = below(10);
        if (depth > 6 || c < 4)
            return scalar();
        if (c < 7) {
            std::string a = "[";
            for (int i = below(depth < 2 ? 18 : 4); i > 0; --i)
                a += value(depth + 1) + (i > 1 ? "," : "");
            return a + "]";
        }
        std::vector<std::string> keys;
        if (below(10) == 0) {
            keys = {"value", "type"}; // a dynamic value wrapper, or something like it
        } else {
            for (int i = below(6); i > 0; --i)
                keys.push_back(kKeys[below(20)]);
            if (below(3) > 0)
                std::sort(keys.begin(), keys.end()); // as Terraform writes them (repeats still possible)
        }
        std::string o = "{";
        for (std::size_t i = 0; i < keys.size(); ++i)
            o += json(keys[i]).dump() + ":" +
                 (keys[i] == "type" && below(2)
                      ? std::string(below(2) ? "\"string\"" : "[\"list\",\"string\"]")
                      : value(depth + 1)) +
                 (i + 1 < keys.size() ? "," : "");
        return o + "}";
    }

    std::string attributes() {
        std::string v = value(0);
        return v.front() == '{' ? v : "{\"id\":\"i-1\",\"x\":" + v + "}";
    }
};

} // namespace

class TestAttributeTape : public QObject {
    Q_OBJECT
private slots:
    void craftedCases_data() {
        QTest::addColumn<QString>("attributes");
        QTest::addColumn<bool>("plain");
        QTest::newRow("scalars, lists, tags, nested")
            << R"({"ami":"ami-1","arn":"arn:aws:ec2:x:1:instance/i-1","id":"i-1","ports":[80,443,{"a":1}],
                  "root_block_device":[{"volume_id":"vol-0abc","size":8}],"tags":{"Name":"web","n":{"x":1},"z":null},
                  "vpc_security_group_ids":["sg-0123abcd"],"z_unsigned":18446744073709551615,"z_float":-0.5})"
            << true;
        QTest::newRow("unsorted keys")
            << R"({"zeta":"sg-0123abcd","alpha":{"b":"subnet-1","a":"x"}})" << true;
        QTest::newRow("repeated top-level key: first place, last value")
            << R"({"a":"first","subnet_id":"subnet-0aaa","a":["second"]})" << false;
        QTest::newRow("repeated nested key")
            << R"({"block":{"vpc_id":"vpc-1","x":1,"vpc_id":"vpc-2"}})" << false;
        QTest::newRow("dynamic value wrapper")
            << R"({"output":{"value":{"id":"sg-0123abcd"},"type":"dynamic"}})" << false;
        QTest::newRow("wrapper-like, not a cty type")
            << R"({"output":{"type":"x","value":"sg-0123abcd"}})" << false;
        QTest::newRow("outputs: strings and short lists")
            << R"({"outputs":{"a":"sg-0123abcd","b":["x",1,{"y":2}],"c":{"d":"e"},"long":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17]}})"
            << true;
        QTest::newRow("long strings")
            << QString::fromStdString("{\"policy\":\"" + std::string(5000, 'p') + "\",\"list\":[\"" +
                                      std::string(5000, 'q') + "\"],\"tags\":{\"t\":\"" +
                                      std::string(4097, 't') + "\"}}")
            << true;
        {
            // A text's size takes one byte on the tape up to 127, two up to 16,383, three beyond.
            std::string sized = "{";
            for (std::size_t n : {0, 1, 127, 128, 129, 16383, 16384, 20000})
                sized += "\"k" + std::string(n, 'k') + "\":[\"" + std::string(n, 'v') + "\"],";
            sized += "\"" + std::string(128, 'x') + "\":\"" + std::string(127, 'y') + "\"}";
            QTest::newRow("text sizes at the tape's byte boundaries")
                << QString::fromStdString(sized) << true;
        }
        std::string deep = "{\"d\":";
        for (int i = 0; i < 40; ++i)
            deep += "{\"subnet_id\":\"subnet-" + std::to_string(i) + "\",\"n\":";
        deep += "1";
        for (int i = 0; i < 40; ++i)
            deep += "}";
        QTest::newRow("deeper than the walk goes") << QString::fromStdString(deep + "}") << true;
        QTest::newRow("empty") << "{}" << true;
    }
    void craftedCases() {
        QFETCH(QString, attributes);
        QFETCH(bool, plain);
        bool wasPlain = true;
        const auto [document, tape] = bothWays(attributes.toStdString(), &wasPlain);
        QCOMPARE(wasPlain, plain);
        QCOMPARE(QString::fromStdString(tape), QString::fromStdString(document));
    }

    void sizesRoundTrip() {
        // appendSize(): one byte up to 127, two up to 16,383, and so on; read back whole, in sequence.
        const std::vector<std::size_t> sizes = {
            0,     1,       127,     128,           16383,
            16384, 2097151, 2097152, 4294967301ULL, std::numeric_limits<std::size_t>::max()};
        std::string bytes;
        std::vector<std::size_t> ends;
        for (std::size_t n : sizes) {
            appendSize(bytes, n);
            ends.push_back(bytes.size());
        }
        QCOMPARE(ends[0], std::size_t(1));
        QCOMPARE(ends[2], std::size_t(3));  // 0, 1 and 127: a byte each
        QCOMPARE(ends[4], std::size_t(7));  // 128 and 16,383: two each
        QCOMPARE(ends[5], std::size_t(10)); // 16,384: three
        std::size_t at = 0;
        for (std::size_t i = 0; i < sizes.size(); ++i) {
            QCOMPARE(readSize(bytes, at), sizes[i]);
            QCOMPARE(at, ends[i]);
        }
    }

    void randomDocuments() {
        Generator g{std::mt19937(20261204)};
        int plain = 0;
        for (int i = 0; i < 3000; ++i) {
            const std::string attributes = g.attributes();
            bool wasPlain = true;
            const auto [document, tape] = bothWays(attributes, &wasPlain);
            plain += wasPlain ? 1 : 0;
            if (document != tape)
                QFAIL(qPrintable(QString::fromStdString("differs for " + attributes.substr(0, 2000))));
        }
        // Both readings were compared: off the tape and through a document.
        QVERIFY(plain > 300);
        QVERIFY(plain < 2900);
    }
};

QTEST_GUILESS_MAIN(TestAttributeTape)
#include "tst_attributetape.moc"
