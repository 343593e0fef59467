// `terraform graph` DOT in its three styles: normalised node ids, dropped meta/provider/variable
// nodes with paths re-linked across them, warning boxes skipped, clear errors, thread safety.
#include "Error.h"
#include "TfGraphParser.h"
#include "TfStateParser.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

using namespace terrain;

namespace {

const std::string kFixtures = TERRAIN_FIXTURES_DIR;
const std::string kData = std::string(TERRAIN_SOURCE_DIR) + "/tests/importers/data/terraform";
const std::string kGenerated = kFixtures + "/generated/";

SourceText fromText(const std::string& name, const std::string& text) {
    SourceText src;
    src.path = name;
    src.name = name;
    src.text = decodeText(text, name);
    return src;
}

Discovery parseFile(const std::string& path) {
    return TfGraphParser().parse(readSourceText(path), {});
}

Discovery parseText(const std::string& text, const std::string& name = "inline.dot") {
    return TfGraphParser().parse(fromText(name, text), {});
}

const DiscoveredSystem* findSystem(const Discovery& d, const std::string& key) {
    for (const auto& s : d.systems)
        if (s.key == key)
            return &s;
    return nullptr;
}

std::set<std::string> keysOf(const Discovery& d) {
    std::set<std::string> out;
    for (const auto& s : d.systems)
        out.insert(s.key);
    return out;
}

using EdgeSet = std::set<std::pair<std::string, std::string>>;

EdgeSet edgesOf(const Discovery& d) {
    EdgeSet out;
    for (const auto& e : d.edges)
        out.insert({e.from, e.to});
    return out;
}

void checkWellFormed(const Discovery& d) {
    std::set<std::string> keys;
    for (const auto& s : d.systems) {
        QVERIFY2(keys.insert(s.key).second, s.key.c_str());
        QVERIFY2(std::count(systemKinds().begin(), systemKinds().end(), s.kind) == 1, s.kind.c_str());
        QVERIFY2(s.key.find('[') == std::string::npos, s.key.c_str()); // config addresses only
    }
    for (const auto& e : d.edges) {
        QVERIFY2(keys.count(e.from) && keys.count(e.to), (e.from + " -> " + e.to).c_str());
        QCOMPARE(e.kind, std::string("depends-on"));
        QVERIFY(e.evidence.find("terraform graph") != std::string::npos);
    }
}

std::vector<std::string> dotFiles() {
    std::vector<std::string> out;
    QDirIterator it(QString::fromStdString(kFixtures + "/tf-graph-dot"), QDir::Files);
    while (it.hasNext())
        out.push_back(it.next().toStdString());
    std::sort(out.begin(), out.end());
    out.push_back(kGenerated + "tf1.11.4_stack_graph-default.dot");
    out.push_back(kGenerated + "tf1.11.4_stack_graph-type-plan.dot");
    out.push_back(kData + "/ops_graph-with-warnings.dot");
    out.push_back(kData + "/ops_graph-type-plan.dot");
    out.push_back(kData + "/fanout_graph.dot");
    out.push_back(kData + "/fanout_graph-type-plan-destroy.dot");
    return out;
}

const EdgeSet kStackEdges = {
    {"tf:terraform_data.lb", "tf:module.app.terraform_data.service"},
    {"tf:terraform_data.subnet", "tf:data.terraform_remote_state.shared"},
    {"tf:module.app.terraform_data.service", "tf:module.db.terraform_data.instance"},
    {"tf:module.db.terraform_data.instance", "tf:terraform_data.subnet"},
};

} // namespace

class TestTfGraphParser : public QObject {
    Q_OBJECT
private slots:
    void everyFileParses_data();
    void everyFileParses();
    void resourceOnlyStyle();
    void detailedStyleIsRelinked();
    void legacyStyle();
    void keysAreTheStateKeysWithoutInstances();
    void warningBoxesAreSkipped();
    void metaAndDestroyNodes();
    void destroyGraphIsReadInReverse();
    void plumbingAndFoldingFollowTheSharedRules();
    void errorsNameTheLine_data();
    void errorsNameTheLine();
    void parserRecoversAfterAnError();
    void concurrentParsesAreSafe();
    void sniffRecognisesGraphs_data();
    void sniffRecognisesGraphs();
    void sniffRejectsOtherFormats_data();
    void sniffRejectsOtherFormats();
};

void TestTfGraphParser::everyFileParses_data() {
    QTest::addColumn<QString>("path");
    for (const auto& p : dotFiles())
        QTest::newRow(QFileInfo(QString::fromStdString(p)).fileName().toUtf8().constData())
            << QString::fromStdString(p);
}

void TestTfGraphParser::everyFileParses() {
    QFETCH(QString, path);
    const Discovery d = parseFile(path.toStdString());
    QCOMPARE(d.format, std::string("tfgraph"));
    QCOMPARE(d.scope, "tfgraph:" + QFileInfo(path).canonicalFilePath().toStdString());
    QCOMPARE(d.legacyScope, "tfgraph:" + QFileInfo(path).fileName().toStdString());
    QCOMPARE(d.contentHash.size(), size_t(64));
    QVERIFY(!d.systems.empty());
    QVERIFY(!d.edges.empty());
    checkWellFormed(d);
}

void TestTfGraphParser::resourceOnlyStyle() {
    const Discovery d = parseFile(kGenerated + "tf1.11.4_stack_graph-default.dot");
    QCOMPARE(keysOf(d),
             (std::set<std::string>{"tf:data.terraform_remote_state.shared", "tf:terraform_data.lb",
                                    "tf:terraform_data.subnet", "tf:module.app.terraform_data.service",
                                    "tf:module.db.terraform_data.instance"}));
    QCOMPARE(edgesOf(d), kStackEdges);
    QCOMPARE(findSystem(d, "tf:module.app.terraform_data.service")->group, std::string("module.app"));
    QCOMPARE(findSystem(d, "tf:module.app.terraform_data.service")->address,
             std::string("module.app.terraform_data.service"));
    QVERIFY(findSystem(d, "tf:data.terraform_remote_state.shared")->reference);
    QCOMPARE(findSystem(d, "tf:terraform_data.lb")->kind, std::string("other"));
    QCOMPARE(findSystem(d, "tf:terraform_data.lb")->provider, std::string("terraform"));
    QCOMPARE(d.skipped, 0);
}

void TestTfGraphParser::detailedStyleIsRelinked() {
    // Style (b): resources sit behind module variables, outputs, "(close)" nodes and the provider;
    // re-linked (and transitively reduced) they give exactly the resource-only graph of style (c).
    const Discovery d = parseFile(kGenerated + "tf1.11.4_stack_graph-type-plan.dot");
    QCOMPARE(keysOf(d), keysOf(parseFile(kGenerated + "tf1.11.4_stack_graph-default.dot")));
    QCOMPARE(edgesOf(d), kStackEdges);
    QCOMPARE(d.skipped, 1); // the provider node
    const Discovery ops = parseFile(kData + "/ops_graph-type-plan.dot");
    QCOMPARE(edgesOf(ops), edgesOf(parseFile(kData + "/ops_graph-with-warnings.dot")));
    QVERIFY(edgesOf(ops).count({"tf:module.worker.terraform_data.proc", "tf:terraform_data.queue"}));
}

void TestTfGraphParser::legacyStyle() {
    const Discovery asg = parseFile(kFixtures + "/tf-graph-dot/terraform-aws-icons_aws-asg.dot");
    QCOMPARE(keysOf(asg),
             (std::set<std::string>{"tf:aws_autoscaling_group.web-asg", "tf:aws_elb.web-elb",
                                    "tf:aws_launch_configuration.web-lc", "tf:aws_security_group.default"}));
    QCOMPARE(edgesOf(asg),
             (EdgeSet{{"tf:aws_autoscaling_group.web-asg", "tf:aws_elb.web-elb"},
                      {"tf:aws_autoscaling_group.web-asg", "tf:aws_launch_configuration.web-lc"},
                      {"tf:aws_launch_configuration.web-lc", "tf:aws_security_group.default"}}));
    QCOMPARE(asg.skipped, 1); // provider.aws
    QCOMPARE(findSystem(asg, "tf:aws_elb.web-elb")->kind, std::string("load-balancer"));
    QCOMPARE(findSystem(asg, "tf:aws_autoscaling_group.web-asg")->kind, std::string("compute"));
    QCOMPARE(findSystem(asg, "tf:aws_elb.web-elb")->provider, std::string("aws"));
    const Discovery rds = parseFile(kFixtures + "/tf-graph-dot/terraform-aws-icons_aws-rds.dot");
    QCOMPARE(rds.systems.size(), size_t(5));
    QVERIFY(edgesOf(rds).count({"tf:aws_db_instance.default", "tf:aws_db_subnet_group.default"}));
    QVERIFY(edgesOf(rds).count({"tf:aws_db_subnet_group.default", "tf:aws_subnet.subnet_2"}));
    QCOMPARE(findSystem(rds, "tf:aws_db_instance.default")->kind, std::string("database"));
}

void TestTfGraphParser::keysAreTheStateKeysWithoutInstances() {
    const Discovery graph = parseFile(kGenerated + "tf1.11.4_stack_graph-default.dot");
    const Discovery state =
        TfStateParser().parse(readSourceText(kGenerated + "tf1.11.4_stack_terraform.tfstate"), {});
    std::set<std::string> configs;
    for (const auto& s : state.systems)
        if (s.key.find(".outputs.") == std::string::npos) {
            std::string k;
            int depth = 0;
            for (char c : s.key) {
                if (c == '[')
                    ++depth;
                else if (c == ']')
                    --depth;
                else if (depth == 0)
                    k += c;
            }
            configs.insert(k);
        }
    QCOMPARE(keysOf(graph), configs);
    // Resources without count/for_each have the very same key in both.
    QVERIFY(findSystem(state, "tf:terraform_data.lb") && findSystem(graph, "tf:terraform_data.lb"));
    QVERIFY(findSystem(state, "tf:module.db.terraform_data.instance") &&
            findSystem(graph, "tf:module.db.terraform_data.instance"));
}

void TestTfGraphParser::warningBoxesAreSkipped() {
    const Discovery d = parseFile(kData + "/ops_graph-with-warnings.dot");
    QCOMPARE(d.systems.size(), size_t(7));
    // A syntax error after the box is reported at its line in the file (cgraph's line numbers can
    // be one line late after a quoted id, as its lexer looks for "a" + "b" concatenations).
    const std::string text = "╷\n│ Warning: something\n╵\n\ndigraph G {\n  a_b -> ;\n}\n";
    try {
        parseText(text);
        QFAIL("no error");
    } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).find("inline.dot: line 6") == 0, e.what());
    }
}

// `terraform graph -type=plan-destroy` of the fan-out stack (Terraform 1.11): every resource a destroy
// node, each edge the order of destruction. Read in reverse, the same dependencies as the default graph of
// the same configuration, and a warning that says how it was read.
void TestTfGraphParser::destroyGraphIsReadInReverse() {
    const Discovery destroy = parseFile(kData + "/fanout_graph-type-plan-destroy.dot");
    const Discovery plain = parseFile(kData + "/fanout_graph.dot");
    checkWellFormed(destroy);
    QCOMPARE(keysOf(destroy), keysOf(plain));
    QCOMPARE(keysOf(destroy).size(), size_t(7));
    QCOMPARE(edgesOf(destroy), edgesOf(plain));
    QVERIFY(
        edgesOf(destroy).count({"tf:module.svc.terraform_data.app", "tf:module.net.terraform_data.subnet"}));
    QCOMPARE(destroy.warnings.size(), size_t(1));
    QVERIFY(destroy.warnings[0].find("destroy graph") != std::string::npos);
    QVERIFY(plain.warnings.empty());
}

void TestTfGraphParser::metaAndDestroyNodes() {
    const std::string dot = R"DOT(digraph {
	compound = "true"
	newrank = "true"
	subgraph "root" {
		"[root] aws_instance.web (expand)" [label = "aws_instance.web", shape = "box"]
		"[root] aws_instance.web[0]" [label = "aws_instance.web[0]", shape = "box"]
		"[root] aws_security_group.web (expand)" [label = "aws_security_group.web", shape = "box"]
		"[root] aws_vpc.main (destroy)" [label = "aws_vpc.main (destroy)", shape = "box"]
		"[root] module.net.aws_vpc.main (expand)" [label = "module.net.aws_vpc.main", shape = "box"]
		"[root] meta.count-boundary (EachMode fixup)" -> "[root] aws_instance.web (expand)"
		"[root] aws_instance.web (expand)" -> "[root] local.sg_id (expand)"
		"[root] local.sg_id (expand)" -> "[root] aws_security_group.web (expand)"
		"[root] aws_instance.web (expand)" -> "[root] provider.aws"
		"[root] aws_instance.web (expand)" -> "[root] module.net.output.vpc_id (expand)"
		"[root] module.net.output.vpc_id (expand)" -> "[root] module.net.aws_vpc.main (expand)"
		"[root] module.net.aws_vpc.main (expand)" -> "[root] module.net.provider.aws"
		"[root] aws_vpc.main (destroy)" -> "[root] aws_instance.web (expand)"
		"[root] provider.aws (close)" -> "[root] aws_instance.web (expand)"
		"[root] root" -> "[root] provider.aws (close)"
		"[root] root" -> "[root] meta.count-boundary (EachMode fixup)"
	}
}
)DOT";
    const Discovery d = parseText(dot);
    checkWellFormed(d);
    QCOMPARE(keysOf(d), (std::set<std::string>{"tf:aws_instance.web", "tf:aws_security_group.web",
                                               "tf:module.net.aws_vpc.main"}));
    QCOMPARE(edgesOf(d), (EdgeSet{{"tf:aws_instance.web", "tf:aws_security_group.web"},
                                  {"tf:aws_instance.web", "tf:module.net.aws_vpc.main"}}));
    QCOMPARE(d.skipped, 2); // provider.aws and module.net.provider.aws
}

void TestTfGraphParser::plumbingAndFoldingFollowTheSharedRules() {
    const std::string dot = R"(digraph G {
  rankdir = "RL";
  "aws_instance.app" -> "null_resource.migrate";
  "null_resource.migrate" -> "aws_db_instance.main";
  "aws_db_instance.main" -> "random_password.db";
  "aws_security_group_rule.in" -> "aws_security_group.app";
  "aws_security_group_rule.in" -> "aws_security_group.lb";
  "aws_security_group_rule.in2" -> "aws_security_group.app";
  "aws_instance.app" -> "aws_security_group.app";
}
)";
    const Discovery d = parseText(dot);
    checkWellFormed(d);
    QCOMPARE(keysOf(d), (std::set<std::string>{"tf:aws_instance.app", "tf:aws_db_instance.main",
                                               "tf:aws_security_group.app", "tf:aws_security_group.lb",
                                               "tf:aws_security_group_rule.in"}));
    QCOMPARE(d.skipped, 2); // null_resource, random_password
    QVERIFY(edgesOf(d).count({"tf:aws_instance.app", "tf:aws_db_instance.main"}));
    // in2 names one security group: it folds there; "in" names two and stays.
    QCOMPARE(findSystem(d, "tf:aws_security_group.app")->folded, 1);
}

void TestTfGraphParser::errorsNameTheLine_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no digraph") << QStringLiteral("hello\nworld\n")
                                << QStringLiteral("line 1: expected `terraform graph` DOT");
    QTest::newRow("undirected") << QStringLiteral("graph { a -- b }")
                                << QStringLiteral("no line starts with \"digraph\"");
    QTest::newRow("mermaid") << QStringLiteral("flowchart LR\n  a --> b\n") << QStringLiteral("Mermaid");
    QTest::newRow("truncated") << QStringLiteral("digraph G {\n  \"a_b.c\" -> \"a_b.d\";\n  x -> ")
                               << QStringLiteral("line 3");
    QTest::newRow("garbage") << QStringLiteral("digraph {\n\n;;; -> -> {{ }\n") << QStringLiteral("line 3");
    QTest::newRow("deep") << QString::fromStdString("digraph {" + std::string(2000, '{') +
                                                    std::string(2000, '}') + "}")
                          << QStringLiteral("levels deep");
    QTest::newRow("empty") << QString() << QStringLiteral("line 1");
}

void TestTfGraphParser::errorsNameTheLine() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    try {
        parseText(text.toStdString());
        QFAIL("no error");
    } catch (const Error& e) {
        const std::string what = e.what();
        QVERIFY2(what.rfind("inline.dot: ", 0) == 0, e.what());
        QVERIFY2(what.find(expected.toStdString()) != std::string::npos, e.what());
    }
}

void TestTfGraphParser::parserRecoversAfterAnError() {
    // cgraph keeps lexer state between calls: neither a failed read nor text after the graph may
    // spoil the next one.
    const Discovery two =
        parseText("digraph A { \"a_b.c\" -> \"a_b.d\" }\ndigraph B { \"x_y.z\" }\ntrailing garbage\n");
    QCOMPARE(keysOf(two), (std::set<std::string>{"tf:a_b.c", "tf:a_b.d"}));
    QCOMPARE(parseText("digraph C {\n \"e_f.g\" -> \"e_f.h\"\n}").systems.size(), size_t(2));
    for (int i = 0; i < 3; ++i) {
        QVERIFY_THROWS_EXCEPTION(Error, parseText("digraph { \"a_b.c\" -> "));
        QVERIFY_THROWS_EXCEPTION(Error, parseText("digraph { \"unterminated }"));
        QCOMPARE(parseFile(kGenerated + "tf1.11.4_stack_graph-default.dot").systems.size(), size_t(5));
    }
}

void TestTfGraphParser::concurrentParsesAreSafe() {
    const SourceText a = readSourceText(kGenerated + "tf1.11.4_stack_graph-type-plan.dot");
    const SourceText b = readSourceText(kFixtures + "/tf-graph-dot/terraform-aws-icons_aws-rds.dot");
    std::atomic<int> ok{0}, failed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 25; ++i) {
                try {
                    const Discovery d = TfGraphParser().parse(t % 2 ? a : b, {});
                    if (d.systems.size() == 5)
                        ++ok;
                    TfGraphParser().parse(fromText("bad.dot", "digraph { \"x_y.z\" -> "), {});
                } catch (const Error&) {
                    ++failed;
                }
            }
        });
    for (auto& t : threads)
        t.join();
    QCOMPARE(ok.load(), 100);
    QCOMPARE(failed.load(), 100);
}

void TestTfGraphParser::sniffRecognisesGraphs_data() {
    everyFileParses_data();
}

void TestTfGraphParser::sniffRecognisesGraphs() {
    QFETCH(QString, path);
    const SourceText src = readSourceText(path.toStdString());
    QVERIFY(TfGraphParser().sniff(src.name, src.text) >= 60);
    QVERIFY(TfGraphParser().sniff("graph.txt", src.text) >= 60);
}

void TestTfGraphParser::sniffRejectsOtherFormats_data() {
    QTest::addColumn<QString>("path");
    QDirIterator it(QString::fromStdString(kFixtures), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString p = it.next();
        if (p.endsWith(QStringLiteral(".dot")) || p.endsWith(QStringLiteral(".md")))
            continue;
        QTest::newRow(QFileInfo(p).fileName().toUtf8().constData()) << p;
    }
    for (const char* f : {"ops.tfstate", "ops_plan.json"})
        QTest::newRow(f) << QString::fromStdString(kData + "/" + f);
}

void TestTfGraphParser::sniffRejectsOtherFormats() {
    QFETCH(QString, path);
    const SourceText src = readSourceText(path.toStdString());
    QVERIFY(TfGraphParser().sniff(src.name, src.text) < 30);
}

QTEST_GUILESS_MAIN(TestTfGraphParser)
#include "tst_tfgraphparser.moc"
