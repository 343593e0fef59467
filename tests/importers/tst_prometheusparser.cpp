// Prometheus: prometheus.yml, file_sd target lists and /api/v1/targets answers become facts about the
// systems they monitor (keyed by host), merged onto systems from other sources; secrets in scrape
// configs; broken and hostile input; sniffing.
#include "CsvParser.h"
#include "DiscoveryDump.h"
#include "Error.h"
#include "ImportMerge.h"
#include "JsonText.h"
#include "Project.h"
#include "PrometheusParser.h"
#include "WriteFile.h"
#include "YamlJson.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace terrain;

namespace {

const std::string kDir = TERRAIN_FIXTURES_DIR "/prometheus/";
const std::string kConfig = "awesome-compose_prometheus-grafana_prometheus.yml";
const std::string kTargets = "prometheus_discovery_file_fixtures_target_groups.json";

Discovery parseFile(const std::string& name) {
    return PrometheusParser().parse(readSourceText(kDir + name), {});
}

Discovery parseText(const std::string& text, const std::string& name = "prometheus.yml") {
    SourceText src;
    src.name = name;
    src.path = name;
    src.text = decodeText(text, name);
    return PrometheusParser().parse(src, {});
}

template <class F> std::optional<std::string> errorOf(F f) {
    try {
        f();
    } catch (const Error& e) {
        return std::string(e.what());
    }
    return std::nullopt;
}

std::string dumpAll(const Discovery& d) {
    return test::dumpDiscovery(d);
}

std::string readAll(const std::string& path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

} // namespace

class TestPrometheusParser : public QObject {
    Q_OBJECT
private slots:
    void configFixture();
    void targetListFixture();
    void richConfig();
    void fileSdFilesAreRead();
    void yamlTargetListAndApiAnswer();
    void factsLandOnSystems();
    void everyTargetOfASystemIsKept();
    void secretsNeverKept();
    void brokenInputs_data();
    void brokenInputs();
    void truncatedAndMutatedFixtures();
    void hostileInputs();
    void sniffing();
};

void TestPrometheusParser::configFixture() {
    const Discovery d = parseFile(kConfig);
    QCOMPARE(d.format, std::string("prometheus"));
    QVERIFY2(d.scope.starts_with("prometheus:/") && d.scope.ends_with("/" + kConfig), d.scope.c_str());
    QCOMPARE(d.legacyScope, "prometheus:" + kConfig);
    QCOMPARE(d.contentHash.size(), size_t(64));
    QVERIFY(d.edges.empty());
    QVERIFY(d.warnings.empty());
    QCOMPARE(d.systems.size(), size_t(1));
    const auto& p = d.systems[0];
    QCOMPARE(p.key, std::string("prometheus:awesome-compose_prometheus-grafana_prometheus"));
    QCOMPARE(p.kind, std::string("monitoring"));
    QCOMPARE(p.attributes["scrape_jobs"], json::array({"prometheus"}));
    QCOMPARE(p.attributes.value("scrape_interval", ""), std::string("15s"));
    QCOMPARE(p.attributes.value("static_targets", 0), 1);
    // Its one target is itself (localhost:9090).
    QCOMPARE(d.facts.size(), size_t(1));
    QCOMPARE(d.facts.at(p.key), json({{"monitored_by", "prometheus"},
                                      {"scrape_job", "prometheus"},
                                      {"scrape_targets", "localhost:9090"}}));
}

void TestPrometheusParser::targetListFixture() {
    const Discovery d = parseFile(kTargets);
    QVERIFY(d.systems.empty());
    QCOMPARE(d.facts.size(), size_t(2));
    QCOMPARE(d.facts.at("example.org"), json({{"monitored_by", "prometheus"},
                                              {"scrape_targets", "example.org:443"},
                                              {"prometheus_label.foo", "bar"}}));
    QCOMPARE(d.facts.at("my.domain"),
             json({{"monitored_by", "prometheus"}, {"scrape_targets", "my.domain"}}));
    QCOMPARE(d.warnings.size(), size_t(1)); // localhost:9090 left out
    QVERIFY(d.warnings[0].find("localhost") != std::string::npos);
}

void TestPrometheusParser::richConfig() {
    const Discovery d = parseText(R"(global:
  scrape_interval: 30s
  external_labels: {cluster: prod}
rule_files: [alerts.yml]
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ["web01:9100", "Web01.example.com:9100", "10.0.0.5:9100", "[fd00::5]:9100"]
        labels: {env: prod, team: web}
  - job_name: api
    metrics_path: /internal/metrics
    scheme: https
    static_configs:
      - targets: [api:8080, "https://db.internal:9187/metrics", "web01:9101", "${NOT_A_HOST}"]
  - job_name: files
    file_sd_configs:
      - files: [targets/*.json, extra.yml]
  - job_name: k8s
    kubernetes_sd_configs: [{role: pod}]
    ec2_sd_configs: [{region: eu-west-1}]
)");
    QCOMPARE(d.systems.size(), size_t(1));
    const json& a = d.systems[0].attributes;
    QCOMPARE(a["scrape_jobs"], json::array({"node", "api", "files", "k8s"}));
    QCOMPARE(a["file_sd_files"], json::array({"targets/*.json", "extra.yml"}));
    QCOMPARE(a["service_discovery"], json::array({"kubernetes", "ec2"}));
    QCOMPARE(a.value("static_targets", 0), 8);
    QCOMPARE(d.facts.at("web01"), json({{"monitored_by", "prometheus"},
                                        {"scrape_job", "node, api"},
                                        {"scrape_targets", "web01:9100, web01:9101"},
                                        {"prometheus_label.env", "prod"},
                                        {"prometheus_label.team", "web"}}));
    QVERIFY(d.facts.count("web01.example.com"));
    QVERIFY(d.facts.count("10.0.0.5"));
    QCOMPARE(d.facts.at("fd00::5").value("scrape_targets", ""), std::string("[fd00::5]:9100"));
    QCOMPARE(d.facts.at("api").value("scrape_job", ""), std::string("api"));
    QCOMPARE(d.facts.at("db.internal").value("scrape_targets", ""), std::string("db.internal:9187"));
    QCOMPARE(d.facts.size(), size_t(6));
    // The unreadable target, and each file_sd pattern that matches no file, are warnings.
    QCOMPARE(d.warnings.size(), size_t(3));
    QCOMPARE(d.warnings[2], std::string("file_sd extra.yml matches no file; its targets are not known"));
}

void TestPrometheusParser::fileSdFilesAreRead() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto write = [&](const QString& name, const std::string& text) {
        test::writeFile(dir.filePath(name), text);
    };
    write(QStringLiteral("prometheus.yml"),
          "scrape_configs:\n"
          "  - job_name: api\n"
          "    static_configs: [{targets: ['api-1:8080']}]\n"
          "    file_sd_configs: [{files: ['targets/*.json', 'targets/*.yml']}]\n"
          "  - job_name: db\n"
          "    file_sd_configs: [{files: [db.yml, targets/*.json]}]\n");
    write(QStringLiteral("targets/api.json"),
          R"([{"targets": ["api-1:8080", "api-2:8080"], "labels": {"team": "core"}}])");
    write(QStringLiteral("targets/queue.yml"), "- targets: [queue-1:15692]\n  labels: {job: rabbit}\n");
    write(QStringLiteral("targets/notes.txt"), "not a target list\n");
    write(QStringLiteral("db.yml"), "- targets: [db-1:9187]\n");
    const std::string config = dir.filePath(QStringLiteral("prometheus.yml")).toStdString();
    const Discovery d = PrometheusParser().parse(readSourceText(config), {});
    QCOMPARE(d.facts.at("api-1").value("scrape_targets", ""), std::string("api-1:8080"));
    QCOMPARE(d.facts.at("api-1").value("prometheus_label.team", ""), std::string("core"));
    QCOMPARE(d.facts.at("api-2").value("scrape_job", ""), std::string("api"));      // the job of its config
    QCOMPARE(d.facts.at("queue-1").value("scrape_job", ""), std::string("rabbit")); // its own label
    QCOMPARE(d.facts.at("db-1").value("scrape_job", ""), std::string("db"));
    QVERIFY(d.warnings.empty());
    std::vector<std::string> included = d.included;
    std::sort(included.begin(), included.end());
    std::vector<std::string> expected;
    for (const char* f : {"db.yml", "targets/api.json", "targets/queue.yml"}) // api.json read once
        expected.push_back(QFileInfo(dir.filePath(QLatin1String(f))).canonicalFilePath().toStdString());
    std::sort(expected.begin(), expected.end());
    QCOMPARE(included, expected);
    // A broken target list is an error naming it.
    write(QStringLiteral("db.yml"), "- targets: [db-1:9187\n");
    try {
        PrometheusParser().parse(readSourceText(config), {});
        QFAIL("no error");
    } catch (const Error& e) {
        QVERIFY2(QString::fromUtf8(e.what()).startsWith(QStringLiteral("db.yml: line ")), e.what());
    }
}

void TestPrometheusParser::yamlTargetListAndApiAnswer() {
    const Discovery y =
        parseText("# node exporters\n- targets: ['db1:9100', 'db2:9100']\n  labels:\n    job: node\n"
                  "    env: staging\n- labels: {job: blackbox}\n  targets: [db1:9115]\n",
                  "nodes.yml");
    QVERIFY(y.systems.empty());
    QCOMPARE(y.facts.at("db1").value("scrape_job", ""), std::string("node, blackbox"));
    QCOMPARE(y.facts.at("db1").value("prometheus_label.env", ""), std::string("staging"));
    QCOMPARE(y.facts.at("db2").value("scrape_targets", ""), std::string("db2:9100"));

    const Discovery api = parseText(R"({"status": "success", "data": {"activeTargets": [
        {"discoveredLabels": {"__address__": "api:8080", "job": "api"}, "labels": {"instance": "api:8080", "job": "api"},
         "scrapePool": "api", "scrapeUrl": "http://api:8080/metrics", "health": "up"},
        {"discoveredLabels": {"__address__": "worker:9000"}, "labels": {}, "scrapePool": "workers", "health": "down"},
        {"scrapeUrl": "http://cache:9121/metrics", "health": "unknown"}], "droppedTargets": []}})",
                                    "targets.json");
    QCOMPARE(api.facts.size(), size_t(3));
    QCOMPARE(api.facts.at("api").value("scrape_health", ""), std::string("up"));
    QCOMPARE(api.facts.at("worker").value("scrape_job", ""), std::string("workers"));
    QCOMPARE(api.facts.at("worker").value("scrape_health", ""), std::string("down"));
    QCOMPARE(api.facts.at("cache").value("scrape_targets", ""), std::string("cache:9121"));
}

void TestPrometheusParser::factsLandOnSystems() {
    // A CSV inventory names the hosts; the Prometheus target list says which are monitored.
    SourceText csv;
    csv.name = "hosts.csv";
    csv.text = "hostname,ip\nweb01,10.0.0.5\ndb01,10.0.0.6\n";
    const Discovery hosts = CsvParser().parse(csv, {});
    const Discovery prom =
        parseText("[{\"targets\": [\"web01:9100\", \"10.0.0.6:9100\", \"ghost:9100\"]}]", "sd.json");
    QTemporaryDir dir;
    auto project = Project::create(dir.filePath(QStringLiteral("m.terrain")).toStdString());
    const MergePlan plan = planMerge(*project, {hosts, prom});
    QCOMPARE(plan.inserts.size(), size_t(2));
    for (const auto& s : plan.inserts) {
        const json attributes = documentOf(s.attributes); // the plan holds them as text
        QCOMPARE(attributes.value("monitored_by", ""), std::string("prometheus"));
        QVERIFY(attributes.value("scrape_targets", "").find(":9100") != std::string::npos);
    }
    int notOnMap = 0;
    for (const auto& w : plan.warnings)
        notOnMap += w.find("ghost") != std::string::npos;
    QCOMPARE(notOnMap, 1);
}

void TestPrometheusParser::everyTargetOfASystemIsKept() {
    // The audit's targets/db.json: postgres:5432 and its exporter 10.0.2.5:9187 are one system (an
    // inventory names it by both): both targets are kept, and both jobs; on a re-import nothing changes.
    SourceText csv;
    csv.name = "hosts.csv";
    csv.text = "hostname,ip\npostgres,10.0.2.5\nweb01,10.0.0.5\n";
    const Discovery hosts = CsvParser().parse(csv, {});
    const Discovery prom = parseText(R"([{"targets": ["postgres:5432", "10.0.2.5:9187"],
                                          "labels": {"env": "prod", "job": "postgres"}},
                                         {"targets": ["10.0.2.5:9100"], "labels": {"job": "node"}},
                                         {"targets": ["web01:9100"], "labels": {"job": "node"}}])",
                                     "db.json");
    QTemporaryDir dir;
    auto project = Project::create(dir.filePath(QStringLiteral("m.terrain")).toStdString());
    applyMerge(*project, planMerge(*project, {hosts, prom}), QStringLiteral("import"));
    const auto db = project->systemByKey("csv:hosts/postgres");
    QVERIFY(db);
    QCOMPARE(db->attributes.value("scrape_targets", ""),
             std::string("10.0.2.5:9187, 10.0.2.5:9100, postgres:5432"));
    QCOMPARE(db->attributes.value("scrape_job", ""), std::string("postgres, node"));
    QCOMPARE(db->attributes.value("prometheus_label.env", ""), std::string("prod"));
    QCOMPARE(project->systemByKey("csv:hosts/web01")->attributes.value("scrape_targets", ""),
             std::string("web01:9100"));
    QVERIFY(planMerge(*project, {hosts, prom}).changed.empty());

    // Bounded: a system with thousands of targets keeps a kilobyte of them, and says it stopped.
    std::string many = "[{\"targets\": [\"postgres:1\"";
    for (int i = 0; i < 2000; ++i)
        many += ", \"10.0.2.5:" + std::to_string(10000 + i) + "\"";
    many += "]}]";
    auto big = Project::create(dir.filePath(QStringLiteral("big.terrain")).toStdString());
    const MergePlan plan = planMerge(*big, {hosts, parseText(many, "many.json")});
    for (const auto& s : plan.inserts)
        if (s.key == "csv:hosts/postgres") {
            const std::string targets = documentOf(s.attributes).value("scrape_targets", "");
            QVERIFY2(targets.size() < 1100 && targets.ends_with(", ..."), targets.c_str());
        }
}

void TestPrometheusParser::secretsNeverKept() {
    const std::vector<std::string> secrets = {
        "basic-auth-secret-pw", "bearer-token-secret", "authz-credentials-secret", "oauth-client-secret",
        "label-password-value", "target-url-password", "remote-write-password",    "param-token-value"};
    const Discovery d = parseText(R"(scrape_configs:
  - job_name: secured
    basic_auth: {username: prom, password: basic-auth-secret-pw}
    bearer_token: bearer-token-secret
    authorization: {type: Bearer, credentials: authz-credentials-secret}
    oauth2: {client_id: x, client_secret: oauth-client-secret, token_url: "https://auth/token"}
    params: {token: [param-token-value]}
    static_configs:
      - targets: ["https://scraper:target-url-password@api.example.com:443/metrics"]
        labels: {db_password: label-password-value, tier: gold}
remote_write:
  - url: https://metrics.example.com/api/v1/write
    basic_auth: {username: w, password: remote-write-password}
)");
    const std::string all = dumpAll(d);
    for (const auto& s : secrets)
        QVERIFY2(all.find(s) == std::string::npos, s.c_str());
    QCOMPARE(d.facts.at("api.example.com").value("prometheus_label.tier", ""), std::string("gold"));
    QCOMPARE(d.facts.at("api.example.com").value("scrape_targets", ""), std::string("api.example.com:443"));
}

void TestPrometheusParser::brokenInputs_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("place");
    QTest::newRow("scrape_configs a map")
        << QStringLiteral("scrape_configs: {a: 1}\n") << QStringLiteral("/scrape_configs");
    QTest::newRow("job a string") << QStringLiteral("scrape_configs: [x]\n")
                                  << QStringLiteral("/scrape_configs/0");
    QTest::newRow("no job_name") << QStringLiteral("scrape_configs: [{static_configs: []}]\n")
                                 << QStringLiteral("/scrape_configs/0/job_name");
    QTest::newRow("static_configs a string")
        << QStringLiteral("scrape_configs: [{job_name: a, static_configs: x}]\n")
        << QStringLiteral("/scrape_configs/0/static_configs");
    QTest::newRow("targets numbers")
        << QStringLiteral("scrape_configs: [{job_name: a, static_configs: [{targets: [1]}]}]\n")
        << QStringLiteral("/scrape_configs/0/static_configs/0/targets/0");
    QTest::newRow("labels a list")
        << QStringLiteral("scrape_configs: [{job_name: a, static_configs: [{targets: [a], labels: [x]}]}]\n")
        << QStringLiteral("/scrape_configs/0/static_configs/0/labels");
    QTest::newRow("global a list") << QStringLiteral("global: [1]\n") << QStringLiteral("/global");
    QTest::newRow("group a string") << QStringLiteral(R"(["a:1"])") << QStringLiteral(": /0: expected");
    QTest::newRow("group without targets")
        << QStringLiteral(R"([{"labels": {}}])") << QStringLiteral("/0/targets");
    QTest::newRow("api without data")
        << QStringLiteral(R"({"status": "success", "data": 1})") << QStringLiteral("/data");
    QTest::newRow("something else") << QStringLiteral("services: {web: {image: x}}\n")
                                    << QStringLiteral(": /: expected");
    QTest::newRow("two documents") << QStringLiteral("global: {}\n---\nglobal: {}\n")
                                   << QStringLiteral("document 2");
    QTest::newRow("truncated json") << QStringLiteral(R"([{"targets": ["a:1")")
                                    << QStringLiteral("line 1, column");
    QTest::newRow("bad yaml") << QStringLiteral("scrape_configs:\n  - job_name: [a\n")
                              << QStringLiteral("line ");
    QTest::newRow("empty") << QString() << QStringLiteral("line 1");
}

void TestPrometheusParser::brokenInputs() {
    QFETCH(QString, text);
    QFETCH(QString, place);
    const auto err = errorOf([&] { parseText(text.toStdString(), "bad.yml"); });
    QVERIFY2(err, "no error");
    QVERIFY2(err->find("bad.yml") == 0, err->c_str());
    QVERIFY2(err->find(place.toStdString()) != std::string::npos, err->c_str());
}

void TestPrometheusParser::truncatedAndMutatedFixtures() {
    int tried = 0, errors = 0;
    for (const auto& f : {kConfig, kTargets}) {
        const std::string text = readAll(kDir + f);
        QVERIFY(!text.empty());
        for (size_t n = 0; n < text.size(); n += 3)
            if (const auto err = errorOf([&] { parseText(text.substr(0, n), "cut"); }))
                QVERIFY2(err->find("cut: ") == 0, err->c_str());
        const json doc = f == kTargets ? json::parse(text) : loadYamlDocuments(text, f).at(0);
        const json flat = doc.flatten();
        std::set<std::string> pointers;
        for (auto it = flat.begin(); it != flat.end(); ++it)
            for (std::string p = it.key(); !p.empty(); p = p.substr(0, p.rfind('/')))
                pointers.insert(p);
        for (const auto& p : pointers)
            for (const json& replacement :
                 {json("x"), json(7), json::array({1}), json::object(), json(nullptr)}) {
                json variant = doc;
                variant[json::json_pointer(p)] = replacement;
                ++tried;
                if (const auto err = errorOf([&] { parseText(variant.dump(), "typed.json"); })) {
                    ++errors;
                    QVERIFY2(err->find("typed.json: /") == 0, err->c_str());
                }
            }
    }
    QVERIFY(tried > 100);
    QVERIFY(errors > 20);
}

void TestPrometheusParser::hostileInputs() {
    QVERIFY(errorOf([&] { parseText(std::string(100000, '[') + std::string(100000, ']'), "deep.json"); }));
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'j'; ++c) {
        const std::string prev(1, static_cast<char>(c - 1));
        bomb += std::string(1, c) + ": &" + c + " [";
        for (int i = 0; i < 10; ++i)
            bomb += (i ? ", *" : "*") + prev;
        bomb += "]\n";
    }
    bomb += "global: {}\n";
    const auto err = errorOf([&] { parseText(bomb); });
    QVERIFY(err && err->find("alias") != std::string::npos);
    // Many jobs scraping one host: the fact stays bounded.
    std::string many = "scrape_configs:\n";
    for (int i = 0; i < 5000; ++i)
        many += "  - {job_name: j" + std::to_string(i) +
                ", static_configs: [{targets: [\"h:" + std::to_string(1000 + i) + "\"]}]}\n";
    const Discovery d = parseText(many);
    QCOMPARE(d.facts.size(), size_t(1));
    QVERIFY(d.facts.at("h").value("scrape_job", "").size() < 1200);
}

void TestPrometheusParser::sniffing() {
    const PrometheusParser parser;
    QDirIterator it(QStringLiteral(TERRAIN_FIXTURES_DIR), QDir::Files, QDirIterator::Subdirectories);
    int own = 0, others = 0;
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.endsWith(QLatin1String(".md")))
            continue;
        SourceText src;
        try {
            src = readSourceText(path.toStdString());
        } catch (const Error&) {
            continue;
        }
        const int score = parser.sniff(src.name, src.text);
        if (path.contains(QLatin1String("/prometheus/"))) {
            QVERIFY2(score >= 60, qPrintable(path));
            ++own;
        } else {
            QVERIFY2(score < 30, qPrintable(path));
            ++others;
        }
    }
    QCOMPARE(own, 2);
    QVERIFY(others > 20);
    QCOMPARE(parser.sniff("nodes.yml", "# exporters\n- targets: [a:1]\n"), 75);
    QCOMPARE(parser.sniff("cm.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  prometheus.yml: |\n"
                                     "    scrape_configs: []\n"),
             20);
}

QTEST_GUILESS_MAIN(TestPrometheusParser)
#include "tst_prometheusparser.moc"
