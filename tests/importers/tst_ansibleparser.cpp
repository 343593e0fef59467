// Ansible inventories: INI and YAML inventories with their group_vars/ and host_vars/, and the output of
// `ansible-inventory --list`, become hosts with their groups, environments and the dependencies their
// variables name; what Ansible itself reads of them; secrets; broken and hostile input; sniffing.
#include "AnsibleParser.h"
#include "DiscoveryDump.h"
#include "Error.h"
#include "ImportJob.h"
#include "Project.h"
#include "WriteFile.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace terrain;

namespace {

const QString kData = QStringLiteral(TERRAIN_SOURCE_DIR "/tests/importers/data/ansible");
const QString kShop = kData + QStringLiteral("/shop");
const QString kProduction = kShop + QStringLiteral("/inventories/production/hosts");
const QString kStaging = kShop + QStringLiteral("/inventories/staging/hosts.yml");

Discovery parseFile(const QString& path) {
    const SourceText src = readSourceText(path.toStdString());
    return withPathInErrors(src, [&] { return AnsibleParser().parse(src, {}); });
}

Discovery parseText(const std::string& text, const std::string& name = "hosts") {
    SourceText src;
    src.name = name;
    src.text = decodeText(text, name);
    return AnsibleParser().parse(src, {});
}

template <class F> std::string errorOf(F f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

const DiscoveredSystem* find(const Discovery& d, const std::string& key) {
    for (const auto& s : d.systems)
        if (s.key == key)
            return &s;
    return nullptr;
}

/// "from -> to (kind)" of every dependency.
std::set<std::string> edgesOf(const Discovery& d) {
    std::set<std::string> out;
    for (const auto& e : d.edges)
        out.insert(e.from + " -> " + e.to + " (" + e.kind + ")");
    return out;
}

std::set<std::string> keysOf(const Discovery& d) {
    std::set<std::string> out;
    for (const auto& s : d.systems)
        out.insert(s.key);
    return out;
}

} // namespace

class TestAnsibleParser : public QObject {
    Q_OBJECT
private slots:
    void iniInventoryWithItsVarsFolders();
    void yamlInventory();
    void listOutputReadsAsItsInventory();
    void whatAnsibleItselfReads();
    void hostRangesAndShellWords();
    void brokenInputs_data();
    void brokenInputs();
    void sniffing_data();
    void sniffing();
    void aRepositoryFolder();
};

void TestAnsibleParser::iniInventoryWithItsVarsFolders() {
    const Discovery d = parseFile(kProduction);
    QCOMPARE(d.format, std::string("ansible"));
    // Hosts, ranges expanded; localhost (ansible_connection=local) left out, and said.
    for (const char* key :
         {"ansible:bastion.shop.example", "ansible:web01.shop.example", "ansible:web02.shop.example",
          "ansible:web03.shop.example", "ansible:db01.shop.example", "ansible:db02.shop.example",
          "ansible:redis1.shop.example"})
        QVERIFY2(find(d, key), key);
    QVERIFY(!find(d, "ansible:localhost"));
    const std::string dump = test::dumpDiscovery(d);
    QVERIFY2(dump.find("1 host(s) on the machine that runs Ansible") != std::string::npos, dump.c_str());
    // Kinds from the groups' names, groups and tags (parents too), facts.
    const DiscoveredSystem* db = find(d, "ansible:db01.shop.example");
    QCOMPARE(db->kind, std::string("database"));
    QCOMPARE(db->group, std::string("dbservers"));
    QCOMPARE(db->tags, (std::vector<std::string>{"dbservers", "eu"}));
    QCOMPARE(db->identifiers, (std::vector<std::string>{"db01.shop.example", "10.0.2.5"}));
    QCOMPARE(db->attributes.value("ansible_host", ""), std::string("10.0.2.5"));
    QCOMPARE(db->attributes.value("postgres_role", ""), std::string("primary")); // host_vars/
    QCOMPARE(db->owner, std::string("team-data"));                               // group_vars/dbservers/
    QCOMPARE(find(d, "ansible:redis1.shop.example")->kind, std::string("cache"));
    QCOMPARE(find(d, "ansible:redis1.shop.example")->attributes.value("ansible_port", 0), 2222);
    QCOMPARE(find(d, "ansible:web01.shop.example")->kind, std::string("compute"));
    QCOMPARE(find(d, "ansible:bastion.shop.example")->group, std::string());
    // Dependencies: group_vars/webservers.yml names the database and the cache, all.yml's ProxyCommand the
    // bastion; a queue of AWS by its URL and a bucket by its ARN are externals, as is the NTP server.
    const auto edges = edgesOf(d);
    for (const char* e : {"ansible:web02.shop.example -> ansible:db01.shop.example (calls)",
                          "ansible:web02.shop.example -> ansible:redis1.shop.example (calls)",
                          "ansible:db02.shop.example -> ansible:bastion.shop.example (depends-on)",
                          "ansible:web01.shop.example -> ansible:external/ntp.eu.shop.example (calls)",
                          "ansible:web01.shop.example -> "
                          "ansible:external/arn:aws:sqs:eu-west-1:123456789012:shop-orders (calls)",
                          "ansible:web01.shop.example -> ansible:external/api.payments.example.net (calls)"})
        QVERIFY2(edges.count(e), e);
    QVERIFY(!edges.count("ansible:bastion.shop.example -> ansible:bastion.shop.example (depends-on)"));
    QCOMPARE(find(d, "ansible:external/ntp.eu.shop.example")->external, true);
    // A variable giving the host's own name or address names no other machine.
    const Discovery fabric = parseText("[leaf]\nleaf-1 leaf_hostname=leaf-1.fabric.example mgmt_ip=10.9.9.9 "
                                       "db_host=db.example.org:5432\n");
    QCOMPARE(edgesOf(fabric),
             (std::set<std::string>{"ansible:leaf-1 -> ansible:external/db.example.org (calls)"}));
    // `replica_of: "{{ groups['dbservers'][0] }}"` is a template, not a host.
    for (const auto& e : d.edges)
        QVERIFY2(e.evidence.find("replica_of") == std::string::npos, e.evidence.c_str());
    // The vars files read are its own; the vaulted one is said, never read.
    QCOMPARE(d.included.size(), std::size_t(5));
    QVERIFY(dump.find("group_vars/dbservers/vault.yml is encrypted with ansible-vault") != std::string::npos);
    QVERIFY(dump.find("ANSIBLE_VAULT") == std::string::npos);

    // A host's vars file named without a suffix, the host's name having dots; a backup beside it is not read.
    QTemporaryDir dir;
    test::writeFile(dir.filePath(QStringLiteral("hosts")), "[web]\nweb1.example.org\n");
    test::writeFile(dir.filePath(QStringLiteral("host_vars/web1.example.org")),
                    "db_host: db9.example.org:5432\n");
    test::writeFile(dir.filePath(QStringLiteral("host_vars/web1.example.org.bak")),
                    "cache_host: old.example.org\n");
    const Discovery bare = parseFile(dir.filePath(QStringLiteral("hosts")));
    QCOMPARE(edgesOf(bare),
             (std::set<std::string>{"ansible:web1.example.org -> ansible:external/db9.example.org (calls)"}));
    QCOMPARE(bare.included.size(), std::size_t(1));
}

void TestAnsibleParser::yamlInventory() {
    const Discovery d = parseFile(kStaging);
    QCOMPARE(keysOf(d),
             (std::set<std::string>{"ansible:stg-web1.shop.example", "ansible:stg-web2.shop.example",
                                    "ansible:stg-db1.shop.example"}));
    for (const auto& s : d.systems) {
        QCOMPARE(s.environment, std::string("staging")); // the group `staging` they are in
        QCOMPARE(s.attributes.value("ansible_user", ""), std::string("deploy")); // all's vars
    }
    QCOMPARE(find(d, "ansible:stg-db1.shop.example")->tags,
             (std::vector<std::string>{"dbservers", "staging"}));
    QCOMPARE(edgesOf(d), (std::set<std::string>{
                             "ansible:stg-web1.shop.example -> ansible:stg-db1.shop.example (calls)",
                             "ansible:stg-web2.shop.example -> ansible:stg-db1.shop.example (calls)"}));

    // An environment variable names the environment before a group does; `!vault` values are dropped.
    const Discovery v =
        parseText("all:\n  hosts:\n    a.example.org:\n      env: prod\n      api_token: !vault |\n"
                  "        $ANSIBLE_VAULT;1.1;AES256\n        6162\n"
                  "    b.example.org:\n  children:\n    qa:\n      hosts:\n        b.example.org:\n",
                  "hosts.yml");
    QCOMPARE(find(v, "ansible:a.example.org")->environment, std::string("production"));
    QCOMPARE(find(v, "ansible:b.example.org")->environment, std::string("qa"));
    QVERIFY(test::dumpDiscovery(v).find("6162") == std::string::npos);
}

void TestAnsibleParser::listOutputReadsAsItsInventory() {
    // production-list.json is `ansible-inventory -i shop/inventories/production/hosts --list` (ansible-core
    // 2.14, the vault opened): the same hosts and dependencies as the inventory read with its folders, and
    // none of the secrets Ansible printed (the vaulted password, decrypted).
    const Discovery list = parseFile(kData + QStringLiteral("/production-list.json"));
    const Discovery ini = parseFile(kProduction);
    QCOMPARE(keysOf(list), keysOf(ini));
    QCOMPARE(edgesOf(list), edgesOf(ini));
    QCOMPARE(find(list, "ansible:db01.shop.example")->tags, (std::vector<std::string>{"dbservers", "eu"}));
    const std::string dump = test::dumpDiscovery(list);
    QVERIFY(dump.find("SEED-ansible-vault-pw") == std::string::npos);
    QFile raw(kData + QStringLiteral("/production-list.json"));
    QVERIFY(raw.open(QIODevice::ReadOnly) && raw.readAll().contains("SEED-ansible-vault-pw"));
    // A dynamic inventory script's shorter output: groups as lists of hosts.
    const Discovery script = parseText(
        "{\"web\": [\"w1.example.org\", \"w2.example.org\"],\n"
        "        \"db\": {\"hosts\": [\"d1.example.org\"], \"vars\": {\"ansible_password\": \"x\"}},\n"
        "        \"_meta\": {\"hostvars\": {\"d1.example.org\": {\"ansible_host\": \"10.9.0.1\"}}}}",
        "inventory.json");
    QCOMPARE(keysOf(script), (std::set<std::string>{"ansible:w1.example.org", "ansible:w2.example.org",
                                                    "ansible:d1.example.org"}));
    QCOMPARE(find(script, "ansible:d1.example.org")->kind, std::string("database"));
    // A YAML inventory written in JSON, which Ansible's YAML plugin reads.
    const Discovery yamlInJson =
        parseText("{\"all\": {\"children\": {\"web\": {\"hosts\": {\"w1.example.org\": {\"db_host\": "
                  "\"d1.example.org\"}, \"d1.example.org\": null}}}}}",
                  "inventory.json");
    QCOMPARE(keysOf(yamlInJson), (std::set<std::string>{"ansible:w1.example.org", "ansible:d1.example.org"}));
    QCOMPARE(yamlInJson.edges.size(), std::size_t(1));
}

void TestAnsibleParser::whatAnsibleItselfReads() {
    // Each inventory of the data read by Ansible (where it is installed) and by the parser: the same hosts,
    // each in the same groups.
    const QString ansible = QStandardPaths::findExecutable(QStringLiteral("ansible-inventory"));
    if (ansible.isEmpty())
        QSKIP("ansible-inventory is not on PATH (Debian: apt-get install ansible-core)");
    for (const QString& inventory : {kStaging, kData + QStringLiteral("/ranges.ini")}) {
        QProcess p;
        p.start(ansible, {QStringLiteral("-i"), inventory, QStringLiteral("--list")});
        QVERIFY(p.waitForFinished(120'000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const json listed = json::parse(p.readAllStandardOutput().toStdString());
        // Ansible's groups of each host, their parents too.
        std::map<std::string, std::set<std::string>> parents, groups;
        for (auto it = listed.begin(); it != listed.end(); ++it)
            for (const auto& child : it->value("children", json::array()))
                parents[child.get<std::string>()].insert(it.key());
        for (auto it = listed.begin(); it != listed.end(); ++it)
            for (const auto& host : it->value("hosts", json::array())) {
                std::vector<std::string> toVisit = {it.key()};
                while (!toVisit.empty()) {
                    const std::string g = toVisit.back();
                    toVisit.pop_back();
                    if (g != "all" && g != "ungrouped")
                        groups["ansible:" + host.get<std::string>()].insert(g);
                    else
                        groups["ansible:" + host.get<std::string>()];
                    for (const auto& parent : parents[g])
                        toVisit.push_back(parent);
                }
            }
        const Discovery d = parseFile(inventory);
        std::map<std::string, std::set<std::string>> ours;
        for (const auto& s : d.systems)
            if (!s.external)
                ours[s.key] = std::set<std::string>(s.tags.begin(), s.tags.end());
        QCOMPARE(ours, groups);
    }
}

void TestAnsibleParser::hostRangesAndShellWords() {
    std::size_t budget = 1000;
    QCOMPARE(expandHostRanges("www[01:03].x", budget),
             (std::vector<std::string>{"www01.x", "www02.x", "www03.x"}));
    QCOMPARE(expandHostRanges("db-[a:c]", budget), (std::vector<std::string>{"db-a", "db-b", "db-c"}));
    QCOMPARE(expandHostRanges("n[0:4:2]", budget), (std::vector<std::string>{"n0", "n2", "n4"}));
    QCOMPARE(expandHostRanges("m[:1]", budget), (std::vector<std::string>{"m0", "m1"}));
    QCOMPARE(expandHostRanges("r[1:2]-[a:b]", budget),
             (std::vector<std::string>{"r1-a", "r1-b", "r2-a", "r2-b"}));
    QCOMPARE(budget, std::size_t(1000 - 3 - 3 - 3 - 2 - 4));
    for (const char* bad : {"x[1:]", "x[01:100]", "x[a:9]", "x[1:2:0]", "x[5:1", "x[1]"})
        QVERIFY2(errorOf([&] { expandHostRanges(bad, budget); }) != "(no error)", bad);
    std::size_t small = 10;
    QVERIFY(errorOf([&] { expandHostRanges("h[1:999999999]", small); }).find("more than") !=
            std::string::npos);

    QCOMPARE(*shellWords("a b\x23"
                         "c d"),
             (std::vector<std::string>{"a", "b"}));
    const std::vector<std::string> quoted = *shellWords("x=\"a b\" y='c d'" + std::string("\x23z"));
    QCOMPARE(quoted, (std::vector<std::string>{"x=a b", "y=c d"}));
    QCOMPARE(*shellWords("k=a\\ b"), (std::vector<std::string>{"k=a b"}));
    QCOMPARE(*shellWords("k=\"a\\\"b\\n\""), (std::vector<std::string>{"k=a\"b\\n"}));
    QVERIFY(!shellWords("k='open"));
}

void TestAnsibleParser::brokenInputs_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // in the error, after "<name>: "
    QTest::newRow("quote not closed") << "hosts"
                                      << "[web]\nw1 ansible_ssh_common_args='-o x\n"
                                      << "line 2: a quote that is not closed";
    QTest::newRow("section type") << "hosts"
                                  << "[web:hosts]\nw1\n[web:groups]\nx\n"
                                  << "line 3: expected a section [web], [web:children] or [web:vars]";
    QTest::newRow("section with a space") << "hosts"
                                          << "[web servers]\nw1\n"
                                          << "line 1: expected a section header";
    QTest::newRow("variable without =")
        << "hosts"
        << "[web]\nw1 ansible_port 22\n"
        << "line 2: expected key=value after the host's name, found \"ansible_port\"";
    QTest::newRow("group variable without =") << "hosts"
                                              << "[web]\nw1\n[web:vars]\nntp\n"
                                              << "line 4: expected key=value in [web:vars]";
    QTest::newRow("letters to a digit") << "hosts"
                                        << "[web]\nw[a:9]\n"
                                        << "line 2: a host range of numbers";
    QTest::newRow("range without end") << "hosts"
                                       << "w[1:]\n"
                                       << "line 1: a host range must name its end";
    QTest::newRow("hosts in a range") << "hosts"
                                      << "[web]\nw[1:999999999]\n"
                                      << "line 2: more than 100000 hosts in the inventory";
    QTest::newRow("not a host") << "hosts"
                                << "[web]\nhttps://w1/\n"
                                << "line 2: expected a host's name";
    QTest::newRow("children with variables")
        << "hosts"
        << "[web]\nw1\n[prod:children]\nweb extra=1\n"
        << "line 4: expected the name of a group in [prod:children], found "
           "\"web extra=1\"";
    QTest::newRow("range backwards") << "hosts"
                                     << "[web]\nw[9:1]\n"
                                     << "line 2: a host range must begin at or before its end";
    QTest::newRow("toml") << "inventory.toml"
                          << "[web.hosts]\nw1 = { ansible_host = \"10.0.0.1\" }\n"
                          << "line 1: a TOML inventory ([web.hosts]), which Terrain does not read";
    QTest::newRow("ini after ---") << "inventory.yml"
                                   << "---\nw1 ansible_host=10.0.0.1\nw2 ansible_host=10.0.0.2\n\n[web]\nw1\n"
                                   << "an INI inventory after a `---` line";
    QTest::newRow("name too long") << "hosts"
                                   << QString(QStringLiteral("[web]\n") + QString(2000, QLatin1Char('w')))
                                   << "line 2: expected a host's name";
    QTest::newRow("yaml hosts as a list") << "hosts.yml"
                                          << "all:\n  hosts:\n    - a\n    - b\n"
                                          << "/all/hosts: expected a map of hosts";
    QTest::newRow("yaml host vars as a list") << "hosts.yml"
                                              << "web:\n  hosts:\n    a:\n      - x\n"
                                              << "/web/hosts/a: expected the host's variables";
    QTest::newRow("yaml children as a list") << "hosts.yml"
                                             << "all:\n  children: [a, b]\n"
                                             << "/all/children: expected a map of groups";
    QTest::newRow("yaml not a map") << "hosts.yml"
                                    << "- all\n- web\n"
                                    << "expected an inventory";
    QTest::newRow("no hosts") << "hosts"
                              << "[web]\n[db]\n"
                              << "expected an Ansible inventory with at least one host, found none";
    QTest::newRow("empty yaml") << "hosts.yml"
                                << "---\n# nothing\n"
                                << "found an empty file";
    QTest::newRow("list hostvars") << "inventory.json"
                                   << "{\"_meta\": {\"hostvars\": []}, \"all\": {}}"
                                   << "/_meta/hostvars: expected a map of hosts to their variables";
    QTest::newRow("list hosts") << "inventory.json"
                                << "{\"_meta\": {\"hostvars\": {}}, \"web\": {\"hosts\": \"w1\"}}"
                                << "/web/hosts: expected a list of hosts";
    QTest::newRow("list cut short") << "inventory.json"
                                    << "{\"_meta\": {\"hostvars\": {\"w1\": {\"ansible_host\": "
                                    << "line 1";
    QTest::newRow("vaulted") << "hosts"
                             << "$ANSIBLE_VAULT;1.1;AES256\n6162636465\n"
                             << "line 1: a file encrypted with ansible-vault";
    QTest::newRow("plugin")
        << "aws_ec2.yml"
        << "plugin: amazon.aws.aws_ec2\nregions: [eu-west-1]\n"
        << "/plugin: an Ansible inventory plugin's configuration (plugin: amazon.aws.aws_ec2)";
    QTest::newRow("alias bomb")
        << "hosts.yml"
        << "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
           "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
           "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
           "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
        << "line";
}

void TestAnsibleParser::brokenInputs() {
    QFETCH(QString, name);
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const std::string error = errorOf([&] { parseText(text.toStdString(), name.toStdString()); });
    QVERIFY2(error.starts_with(name.toStdString() + ": ") &&
                 error.find(expected.toStdString()) != std::string::npos,
             error.c_str());
}

void TestAnsibleParser::sniffing_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ansible"); // scored at least 50, the least a folder's scan takes
    QTest::newRow("ini with children") << "production"
                                       << "[web]\nw1.example.org\n[eu:children]\nweb\n"
                                       << true;
    QTest::newRow("ini with ansible_host") << "inventory"
                                           << "w1 ansible_host=10.0.0.1\n"
                                           << true;
    QTest::newRow("ini, plain sections") << "hosts"
                                         << "[web]\nw1.example.org\nw2.example.org\n"
                                         << true;
    QTest::newRow("yaml") << "hosts.yml"
                          << "all:\n  hosts:\n    w1:\n  children:\n    db:\n"
                          << true;
    QTest::newRow("yaml, groups at the top") << "inv.yaml"
                                             << "web:\n  hosts:\n    w1:\ndb:\n  hosts:\n    d1:\n"
                                             << true;
    QTest::newRow("--list") << "inventory.json"
                            << "{\"_meta\": {\"hostvars\": {}}, \"all\": {\"children\": []}}" << true;
    QTest::newRow("plugin") << "aws_ec2.yml"
                            << "plugin: amazon.aws.aws_ec2\n"
                            << true;
    QTest::newRow("yaml in json") << "inventory.json"
                                  << "{\"all\": {\"children\": {\"web\": {\"hosts\": {}}}}}" << true;
    QTest::newRow("ipv6 with a port") << "hosts"
                                      << "[db]\n[2001:db8::20]:2222 ansible_user=x\n"
                                      << true;
    QTest::newRow("a quote not closed") << "hosts"
                                        << "[web]\nw1 ansible_user='x\n[eu:children]\nweb\n"
                                        << true;
    QTest::newRow("vaulted") << "secrets.yml"
                             << "$ANSIBLE_VAULT;1.1;AES256\n6162\n"
                             << true;
    QTest::newRow("playbook") << "site.yml"
                              << "- hosts: web\n  roles:\n    - web\n"
                              << false;
    QTest::newRow("role defaults") << "main.yml"
                                   << "app_port: 8080\nhosts: []\n"
                                   << false;
    QTest::newRow("group vars") << "all.yml"
                                << "ntp_server: ntp.example.org\nusers:\n  - alice\n"
                                << false;
    QTest::newRow("ansible.cfg") << "ansible.cfg"
                                 << "[defaults]\ninventory = hosts\nremote_user = deploy\n"
                                 << false;
    QTest::newRow("setup.cfg") << "setup.cfg"
                               << "[metadata]\nname = shop\n[options]\nzip_safe = False\n"
                               << false;
    QTest::newRow("Cargo.toml") << "Cargo.toml"
                                << "[package]\nname = \"shop\"\n"
                                << false;
    QTest::newRow("systemd unit") << "shop.service"
                                  << "[Unit]\nDescription=Shop\n[Service]\nExecStart=/x\n"
                                  << false;
    QTest::newRow("Pipfile") << "Pipfile"
                             << "[[source]]\nurl = \"https://pypi.org/simple\"\n"
                             << false;
    QTest::newRow("beats") << "filebeat.yml"
                           << "output.elasticsearch:\n  hosts: [\"es:9200\"]\n"
                           << false;
    QTest::newRow("helm values") << "values.yaml"
                                 << "ingress:\n  hosts:\n    - host: shop.local\n"
                                 << false;
    QTest::newRow("a list of words") << "AUTHORS"
                                     << "[Maintainers]\nalice\nbob\n"
                                     << false;
    QTest::newRow("etc hosts") << "hosts"
                               << "127.0.0.1 localhost\n10.0.0.5 db\n"
                               << false;
    QTest::newRow("compose") << "compose.yaml"
                             << "services:\n  web:\n    image: nginx\n"
                             << false;
    QTest::newRow("k8s") << "web.yaml"
                         << "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
                         << false;
    QTest::newRow("prometheus") << "prometheus.yml"
                                << "global:\n  scrape_interval: 15s\n"
                                << false;
    QTest::newRow("json") << "x.json"
                          << "{\"hosts\": [\"a\"]}" << false;
}

void TestAnsibleParser::sniffing() {
    QFETCH(QString, name);
    QFETCH(QString, text);
    QFETCH(bool, ansible);
    const int score = AnsibleParser().sniff(name.toStdString(), text.toStdString());
    QVERIFY2((score >= 50) == ansible, qPrintable(QString::number(score)));
}

void TestAnsibleParser::aRepositoryFolder() {
    // A repository in Ansible's layout, imported as a folder: both inventories, each in the environment its
    // folder names, their vars files read with them, the plugin's configuration skipped with advice, and the
    // playbooks, roles and ansible.cfg not taken for inventories. Imported again, nothing changes; a
    // Prometheus target and an instance of AWS at a host's address are the host's.
    QTemporaryDir dir;
    auto project = Project::create(dir.filePath(QStringLiteral("shop.terrain")).toStdString());
    ImportRequest request;
    request.paths = {kShop.toStdString()};
    const ParsedImport parsed = parseImport(request);
    std::map<std::string, std::string> status;
    for (const auto& f : parsed.files) {
        const std::string rel = f.path.substr(kShop.size() + 1);
        status[rel] = f.format.empty() ? f.skipReason : f.format + " " + f.environment;
    }
    QCOMPARE(status["inventories/production/hosts"], std::string("ansible production"));
    QCOMPARE(status["inventories/staging/hosts.yml"], std::string("ansible staging"));
    for (const char* part : {"inventories/production/group_vars/all.yml",
                             "inventories/production/group_vars/dbservers/vault.yml",
                             "inventories/production/host_vars/db01.shop.example.yml",
                             "inventories/staging/group_vars/webservers.yml"})
        QVERIFY2(status[part].starts_with("imported as part of "),
                 (std::string(part) + ": " + status[part]).c_str());
    QVERIFY2(status["aws_ec2.yml"].starts_with("an Ansible inventory plugin's configuration"),
             status["aws_ec2.yml"].c_str());
    for (const char* other :
         {"ansible.cfg", "playbooks/site.yml", "roles/web/defaults/main.yml", "roles/web/tasks/main.yml"})
        QVERIFY2(status[other].starts_with("no import format recognises"),
                 (std::string(other) + ": " + status[other]).c_str());

    auto run = [&](const std::vector<std::string>& paths) {
        ImportRequest r;
        r.paths = paths;
        return commitImport(*project, planImport(*project, parseImport(r), r.merge));
    };
    const json first = run({kShop.toStdString()});
    QCOMPARE(first["added"].get<int>(), 14);
    QCOMPARE(project->systemByKey("ansible:db01.shop.example")->environment, std::string("production"));
    QCOMPARE(project->systemByKey("ansible:stg-db1.shop.example")->environment, std::string("staging"));
    const json again = run({kShop.toStdString()});
    QCOMPARE(again["added"].get<int>(), 0);
    QCOMPARE(again["updated"].get<int>(), 0);
    QCOMPARE(again["gone"].get<int>(), 0);

    const QString ec2 = dir.filePath(QStringLiteral("ec2.json"));
    test::writeFile(
        ec2,
        "{\"Reservations\": [{\"ReservationId\": \"r-0123456789abcdef0\", \"OwnerId\": \"123456789012\",\n"
        "        \"Instances\": [{\"InstanceId\": \"i-0fedcba9876543abc\", \"InstanceType\": \"m5.large\", "
        "\"PrivateIpAddress\": \"10.0.2.5\",\n"
        "        \"State\": {\"Name\": \"running\"}, \"Tags\": [{\"Key\": \"Name\", \"Value\": "
        "\"shop-db-1\"}]}]}]}");
    // And a Prometheus target at its address says it is monitored.
    const QString targets = dir.filePath(QStringLiteral("targets.json"));
    test::writeFile(targets, "[{\"targets\": [\"10.0.2.5:9187\"], \"labels\": {\"job\": \"postgres\"}}]");
    run({targets.toStdString()});
    QCOMPARE(project->systemByKey("ansible:db01.shop.example")->attributes.value("scrape_job", ""),
             std::string("postgres"));
    const json joined = run({ec2.toStdString()});
    QCOMPARE(joined["added"].get<int>(), 0);
    const auto db = project->systemByKey("ansible:db01.shop.example");
    QVERIFY(std::find(db->identifiers.begin(), db->identifiers.end(), "i-0fedcba9876543abc") !=
            db->identifiers.end());
}

QTEST_GUILESS_MAIN(TestAnsibleParser)
#include "tst_ansibleparser.moc"
