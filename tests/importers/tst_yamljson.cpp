// YAML to JSON: documents, scalars, merge keys, tags, and hostile input.
#include "Error.h"
#include "FormatParser.h"
#include "SourceText.h"
#include "YamlJson.h"

#include <QtTest>

using namespace terrain;

class TestYamlJson : public QObject {
    Q_OBJECT
private slots:
    void multiDocumentAndScalars();
    void mergeKeysAndAnchors();
    void keysGivenTwiceAreRefused();
    void customTagsGoToTheCaller();
    void topLevelKeysOfAFirstDocument();
    void errorsNameLineAndColumn();
    void aliasBombIsRefused();
    void deepNestingIsRefused();
    void endlessYamlIsRefused();
    void everyYamlFormatRefusesEndlessYaml();
};

void TestYamlJson::multiDocumentAndScalars() {
    const auto docs =
        loadYamlDocuments("---\na: 1\nb: \"1\"\nc: yes\nd: true\ne: ~\nf: 1.5\ng: 22:22\nh: 0777\n"
                          "---\n---\n- x\n- 'y'\n",
                          "k.yaml");
    QCOMPARE(docs.size(), size_t(2)); // the empty document is skipped
    const json& a = docs[0];
    QCOMPARE(a["a"], json(1));
    QCOMPARE(a["b"], json("1"));
    QCOMPARE(a["c"], json("yes")); // YAML 1.2: only true/false are booleans
    QCOMPARE(a["d"], json(true));
    QVERIFY(a["e"].is_null());
    QCOMPARE(a["f"], json(1.5));
    QCOMPARE(a["g"], json("22:22")); // never sexagesimal
    QCOMPARE(a["h"], json("0777"));  // never octal
    QCOMPARE(docs[1], json({"x", "y"}));
}

void TestYamlJson::mergeKeysAndAnchors() {
    const auto docs = loadYamlDocuments("x-base: &base\n  image: app\n  restart: always\n"
                                        "services:\n  web:\n    <<: *base\n    restart: never\n",
                                        "compose.yaml");
    const json& web = docs[0]["services"]["web"];
    QCOMPARE(web["image"], json("app"));
    QCOMPARE(web["restart"], json("never")); // the map's own value wins over the merged one
    QVERIFY(!web.contains("<<"));
}

void TestYamlJson::keysGivenTwiceAreRefused() {
    // Two services of one name (the audit's dupkey-compose.yaml): YAML gives each key of a map once, and
    // docker compose, kubectl and Prometheus refuse it; so does every YAML format here, with the place. The
    // merge key may come more than once, and a key merged in may be given again.
    for (const char* format : {"cfn", "backstage", "prometheus", "k8s", "compose"}) {
        SourceText src;
        src.name = src.path = "twice.yaml";
        src.text = "services:\n  web: {image: a}\n  db: {image: b}\n  web: {image: c}\n";
        try {
            formatParser(format)->parse(src, {});
            QFAIL(format);
        } catch (const Error& e) {
            QCOMPARE(std::string(e.what()),
                     std::string("twice.yaml: line 4, column 3: a map that gives each key "
                                 "once, but \"web\" is given a second time"));
        }
    }
    const auto docs =
        loadYamlDocuments("a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: *a\n  <<: *b\n  x: 3\n", "m.yaml");
    QCOMPARE(docs[0]["c"], json({{"x", 3}, {"y", 2}}));
}

void TestYamlJson::customTagsGoToTheCaller() {
    YamlOptions opts;
    opts.onTag = [](const std::string& tag, json value) {
        if (tag == "!Ref")
            return json{{"Ref", value}};
        if (tag == "!GetAtt")
            return json{{"Fn::GetAtt", value}};
        return value;
    };
    const auto docs =
        loadYamlDocuments("A: !Ref Vpc\nB: !GetAtt [Lb, DNSName]\nC: !Unknown x\n", "t.yaml", opts);
    QCOMPARE(docs[0]["A"], json({{"Ref", "Vpc"}}));
    QCOMPARE(docs[0]["B"], json({{"Fn::GetAtt", {"Lb", "DNSName"}}}));
    QCOMPARE(docs[0]["C"], json("x"));
}

void TestYamlJson::topLevelKeysOfAFirstDocument() {
    // Read line by line: comments, nesting, quotes and a template's {{ }} do not matter, the first document
    // ends at the next ---, and a text cut short gives what it has.
    const auto keys =
        topLevelKeys("\xEF\xBB\xBF# kind: Comment\n---\napiVersion: 'v1'\nkind: \"Config\" # a kubeconfig\n"
                     "clusters:\n- name: prod\n  kind: Nested\nmetadata: {name: {{ .Release }}}\n"
                     "current-context:\n---\nkind: Second\n");
    QCOMPARE(keys, (std::map<std::string, std::string, std::less<>>{{"apiVersion", "v1"},
                                                                    {"kind", "Config"},
                                                                    {"clusters", ""},
                                                                    {"metadata", "{name: {{ .Release }}}"},
                                                                    {"current-context", ""}}));
    QCOMPARE(topLevelKeys("service: orders\r\nprovider:\r\n  name: aws\r\nresour"),
             (std::map<std::string, std::string, std::less<>>{{"service", "orders"}, {"provider", ""}}));
    QVERIFY(topLevelKeys("{\"kind\": \"Config\"}").empty());
}

void TestYamlJson::errorsNameLineAndColumn() {
    try {
        loadYamlDocuments("a: 1\nb: [1, 2\nc: 3\n", "bad.yaml");
        QFAIL("expected an error");
    } catch (const Error& e) {
        const QString msg = QString::fromUtf8(e.what());
        QVERIFY2(msg.startsWith(QStringLiteral("bad.yaml: line ")) &&
                     msg.contains(QStringLiteral(": expected valid YAML: ")),
                 qPrintable(msg));
    }
}

void TestYamlJson::aliasBombIsRefused() {
    std::string bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    char prev = 'a';
    for (char c = 'b'; c <= 'j'; ++c) {
        bomb += std::string(1, c) + ": &" + c + " [";
        for (int i = 0; i < 9; ++i)
            bomb += std::string(i ? "," : "") + "*" + prev;
        bomb += "]\n";
        prev = c;
    }
    try {
        loadYamlDocuments(bomb, "bomb.yaml");
        QFAIL("expected an error");
    } catch (const Error& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("alias bomb")), e.what());
    }
}

void TestYamlJson::deepNestingIsRefused() {
    QVERIFY_THROWS_EXCEPTION(Error,
                             loadYamlDocuments(std::string(50000, '[') + std::string(50000, ']'), "d.yaml"));
    std::string block;
    for (int i = 0; i < 3000; ++i)
        block += std::string(static_cast<size_t>(i), ' ') + "k:\n";
    // Refused saying why (yaml-cpp alone says "bad file").
    try {
        loadYamlDocuments(block, "block.yaml");
        QFAIL("block nesting of 3,000 levels was read");
    } catch (const Error& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("levels deep (by indentation)")),
                 e.what());
    }
}

void TestYamlJson::endlessYamlIsRefused() {
    auto refused = [](const char* text) {
        try {
            refuseEndlessYaml(text, "x.yaml");
        } catch (const Error& e) {
            return QString::fromUtf8(e.what());
        }
        return QString();
    };
    QCOMPARE(refused(",\n"),
             QStringLiteral("x.yaml: line 1, column 1: expected valid YAML: after a document's value a new "
                            "line, a comment, or --- and the next document, but found a stray ',' or "
                            "bracket"));
    QVERIFY(refused("a: 1\n---\n[a] ,\n").startsWith(QStringLiteral("x.yaml: line 3, column 5")));
    QVERIFY(refused("\"x\",\n").startsWith(QStringLiteral("x.yaml: line 1")));
    // Valid streams, empty documents and other syntax errors pass (the loader reports those).
    QVERIFY(refused("---\n---\na: [1, 2]\n---\n").isEmpty());
    QVERIFY(refused("a: [1,\n").isEmpty());
    QVERIFY(refused("").isEmpty());
    // The loader refuses it itself (yaml-cpp's LoadAll() would never return), with the same message.
    try {
        loadYamlDocuments(", a\n", "x.yaml");
        QFAIL("loaded");
    } catch (const Error& e) {
        QCOMPARE(QString::fromUtf8(e.what()), refused(", a\n"));
    }
}

// Every format read from YAML refuses such a stream instead of hanging: CloudFormation, Backstage and
// Prometheus did not ask for the check before it moved into the loader (a CloudFormation template found by
// the fuzzer, tests/fuzz/regressions/cfn/, ran for eleven minutes until stopped).
void TestYamlJson::everyYamlFormatRefusesEndlessYaml() {
    for (const char* format : {"cfn", "backstage", "prometheus", "k8s", "compose"}) {
        const FormatParser* parser = formatParser(format);
        QVERIFY(parser);
        for (const char* text : {", a\n", "Resources: {}\n---\n[a],\n"}) {
            SourceText src;
            src.name = src.path = "endless.yaml";
            src.text = text;
            try {
                parser->parse(src, {});
                QFAIL(format);
            } catch (const Error& e) {
                QVERIFY2(std::string(e.what()).starts_with("endless.yaml: line "), e.what());
            }
        }
    }
}

QTEST_APPLESS_MAIN(TestYamlJson)
#include "tst_yamljson.moc"
