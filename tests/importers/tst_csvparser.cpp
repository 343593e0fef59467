// CSV inventories: the netcfgbu fixtures, the default column mapping and its synonyms, RFC 4180
// quoting, delimiters, BOM/CRLF/comments/#TYPE, the user's mapping (--csv-map), secrets, broken and
// hostile input, sniffing.
#include "CsvParser.h"
#include "DiscoveryDump.h"
#include "Error.h"
#include "ImportMerge.h"
#include "Project.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

using namespace terrain;

namespace {

const std::string kDir = TERRAIN_FIXTURES_DIR "/csv/";

Discovery parseText(const std::string& text, const std::string& name = "inventory.csv",
                    const CsvMapping& m = {}) {
    SourceText src;
    src.name = name;
    src.path = name;
    src.text = decodeText(text, name);
    return CsvParser(m).parse(src, {});
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

const DiscoveredSystem* findSystem(const Discovery& d, const std::string& key) {
    for (const auto& s : d.systems)
        if (s.key == key)
            return &s;
    return nullptr;
}

const DiscoveredEdge* findEdge(const Discovery& d, const std::string& from, const std::string& to) {
    for (const auto& e : d.edges)
        if (e.from == from && e.to == to)
            return &e;
    return nullptr;
}

bool hasIdentifier(const DiscoveredSystem* s, const std::string& ident) {
    return s && std::find(s->identifiers.begin(), s->identifiers.end(), ident) != s->identifiers.end();
}

std::string readAll(const std::string& path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

const std::string kRich =
    "id,Name,Type,Env,Owner,Provider,Depends On,Tags,IP,Lifecycle,Criticality,Notes,"
    "Resource Group,os_name\n"
    "web-1,Web,vm,production,team-web,AWS,db-1;Cache|payments-api,frontend;public,10.0.0.5,keep,"
    "High,serves the shop,shop,ubuntu\n"
    "db-1,Main DB,PostgreSQL,production,team-data,aws,,,db.internal,modernize,critical,,shop,\n"
    "cache-1,Cache,redis,production,,aws,db-1,,,legacy,,,shop,\n"
    "job-1,Nightly export,cron job,staging,ops,hetzner,web-1,,,,,,,\n";

} // namespace

class TestCsvParser : public QObject {
    Q_OBJECT
private slots:
    void fixtures();
    void defaultMapping();
    void quotingAndDelimiters();
    void userMapping();
    void mappingSpecErrors_data();
    void mappingSpecErrors();
    void joinsOtherSourcesByHost();
    void awsIdsAreIdentifiers();
    void spreadsheetExports();
    void criticalityAndNotesFillEmptyFields();
    void secretsNeverKept();
    void brokenInputs_data();
    void brokenInputs();
    void truncatedInputs();
    void hostileInputs();
    void sniffing();
};

void TestCsvParser::fixtures() {
    const Discovery d = CsvParser().parse(readSourceText(kDir + "netcfgbu_test-small-inventory.csv"), {});
    QCOMPARE(d.format, std::string("csv"));
    QCOMPARE(d.scope, "csv:" + QFileInfo(QString::fromStdString(kDir + "netcfgbu_test-small-inventory.csv"))
                                   .canonicalFilePath()
                                   .toStdString());
    QCOMPARE(d.legacyScope, std::string("csv:netcfgbu_test-small-inventory.csv"));
    QCOMPARE(d.contentHash.size(), size_t(64));
    QVERIFY(d.warnings.empty());
    QCOMPARE(d.systems.size(), size_t(6));
    const auto* s = findSystem(d, "csv:netcfgbu_test-small-inventory/switch4");
    QVERIFY(s);
    QCOMPARE(s->name, std::string("switch4"));
    QCOMPARE(s->address, std::string("switch4"));
    QCOMPARE(s->kind, std::string("other"));
    QCOMPARE(s->attributes, json({{"os_name", "nxos"}}));
    QVERIFY(hasIdentifier(s, "switch4")); // a host column: the host name joins other sources
    QVERIFY(d.edges.empty());

    const Discovery c = CsvParser().parse(readSourceText(kDir + "netcfgbu_test-csv-withcomments.csv"), {});
    QCOMPARE(c.systems.size(), size_t(2)); // the two commented-out rows are skipped
    QCOMPARE(c.systems[1].key, std::string("csv:netcfgbu_test-csv-withcomments/switch2"));
}

void TestCsvParser::defaultMapping() {
    const Discovery d = parseText(kRich, "assets.csv");
    QCOMPARE(d.systems.size(), size_t(4));
    const auto* web = findSystem(d, "csv:assets/web-1");
    QVERIFY(web);
    QCOMPARE(web->name, std::string("Web"));
    QCOMPARE(web->address, std::string("web-1"));
    QCOMPARE(web->kind, std::string("compute"));
    QCOMPARE(web->environment, std::string("production"));
    QCOMPARE(web->owner, std::string("team-web"));
    QCOMPARE(web->provider, std::string("aws"));
    QCOMPARE(web->group, std::string("shop"));
    QCOMPARE(web->lifecycle, std::string("keep"));
    QCOMPARE(web->tags, (std::vector<std::string>{"frontend", "public"}));
    QCOMPARE(web->attributes.value("criticality", ""), std::string("high"));
    QCOMPARE(web->attributes.value("notes", ""), std::string("serves the shop"));
    QCOMPARE(web->attributes.value("address", ""), std::string("10.0.0.5"));
    QCOMPARE(web->attributes.value("os_name", ""), std::string("ubuntu"));
    QCOMPARE(web->attributes.value("type", ""), std::string("vm"));
    QVERIFY(hasIdentifier(web, "10.0.0.5"));
    QVERIFY(!hasIdentifier(web, "web")); // "Name" is not a host column
    const auto* db = findSystem(d, "csv:assets/db-1");
    QCOMPARE(db->kind, std::string("database"));
    QCOMPARE(db->lifecycle, std::string("modernise"));
    QVERIFY(hasIdentifier(db, "db.internal"));
    QCOMPARE(findSystem(d, "csv:assets/cache-1")->kind, std::string("cache"));
    QCOMPARE(findSystem(d, "csv:assets/cache-1")->lifecycle, std::string("replace"));
    QCOMPARE(findSystem(d, "csv:assets/job-1")->kind, std::string("script"));
    QCOMPARE(findSystem(d, "csv:assets/job-1")->provider, std::string("hetzner"));

    // depends_on: by id, by name (any case), and a name no row has (another source's, by identifier).
    const auto* e = findEdge(d, "csv:assets/web-1", "csv:assets/db-1");
    QVERIFY(e);
    QCOMPARE(e->kind, std::string("depends-on"));
    QCOMPARE(e->evidence, std::string("Depends On: db-1"));
    QVERIFY(findEdge(d, "csv:assets/web-1", "csv:assets/cache-1"));
    QVERIFY(findEdge(d, "csv:assets/web-1", "payments-api"));
    QVERIFY(findEdge(d, "csv:assets/cache-1", "csv:assets/db-1"));
    QVERIFY(findEdge(d, "csv:assets/job-1", "csv:assets/web-1"));
    QCOMPARE(d.edges.size(), size_t(5));

    // Rows with neither id nor name are left out; a repeated id keeps the first row.
    const Discovery r = parseText("id,name\na,A\n,\n,\na,Again\nb,\n");
    QCOMPARE(r.systems.size(), size_t(2));
    QCOMPARE(r.systems[0].name, std::string("A"));
    QCOMPARE(r.warnings.size(), size_t(3));
    QCOMPARE(r.skipped, 3);
}

void TestCsvParser::quotingAndDelimiters() {
    // RFC 4180: delimiters, doubled quotes and line breaks inside quotes; CRLF; BOM; #TYPE first line.
    const std::string text = "\xEF\xBB\xBF#TYPE System.Management.Automation.PSCustomObject\r\n"
                             "\"Name\",\"Type\",\"Notes\",\"Upstream\"\r\n"
                             "\"web, the shop\",\"service\",\"says \"\"hi\"\"\r\non two lines\",\"db\"\r\n"
                             "\r\n"
                             "# a comment\r\n"
                             "db,database,,\r\n";
    const Discovery d = parseText(text, "ps.csv");
    QCOMPARE(d.systems.size(), size_t(2));
    const auto* web = findSystem(d, "csv:ps/web, the shop");
    QVERIFY(web);
    QCOMPARE(web->kind, std::string("service"));
    QCOMPARE(web->attributes.value("notes", ""), std::string("says \"hi\"\r\non two lines"));
    QVERIFY(findEdge(d, "csv:ps/web, the shop", "csv:ps/db"));

    // Semicolons (Excel in many locales), with ',' inside cells and '|' lists.
    const Discovery s = parseText("NAME;TYPE;RESOURCE GROUP;LOCATION;depends_on\n"
                                  "vm1;Virtual machine;rg-1;westeurope;sql1|vm2\n"
                                  "sql1;SQL database;rg-1;westeurope;\n"
                                  "vm2;Virtual machine;rg-2;westeurope;\n",
                                  "azure.csv");
    QCOMPARE(s.systems.size(), size_t(3));
    QCOMPARE(findSystem(s, "csv:azure/vm1")->group, std::string("rg-1"));
    QCOMPARE(findSystem(s, "csv:azure/vm1")->kind, std::string("compute"));
    QCOMPARE(findSystem(s, "csv:azure/sql1")->kind, std::string("database"));
    QCOMPARE(findSystem(s, "csv:azure/vm1")->attributes.value("LOCATION", ""), std::string("westeurope"));
    QCOMPARE(s.edges.size(), size_t(2));

    // Tabs and pipes; a trailing delimiter is forgiven; spaces around cells are trimmed.
    const Discovery t = parseText("host\tip\n a \t10.0.0.1\t\nb\t10.0.0.2\n", "hosts.tsv");
    QCOMPARE(t.systems.size(), size_t(2));
    QCOMPARE(t.systems[0].key, std::string("csv:hosts/a"));
    QVERIFY(hasIdentifier(&t.systems[0], "10.0.0.1"));
    const Discovery p = parseText("name|kind|depends_on\napi|service|db,cache\ndb|database|\ncache|redis|\n");
    QCOMPARE(p.systems.size(), size_t(3));
    QCOMPARE(p.edges.size(), size_t(2)); // ',' separates names when it is not the delimiter
    // ... and when it is, in a quoted cell; so does ';' in a ';' file, and a line break in a cell.
    for (const std::string& lists : {std::string("name,depends_on\nweb,\"api, cdn\"\napi,\ncdn,\n"),
                                     std::string("name;depends_on\r\nweb;\"api; cdn\"\r\napi;\r\ncdn;\r\n"),
                                     std::string("name,depends_on\nweb,\"api\r\ncdn\"\napi,\ncdn,\n")}) {
        const Discovery q = parseText(lists);
        QCOMPARE(q.systems.size(), size_t(3));
        QCOMPARE(q.edges.size(), size_t(2));
        QVERIFY(findEdge(q, "csv:inventory/web", "csv:inventory/api"));
        QVERIFY(findEdge(q, "csv:inventory/web", "csv:inventory/cdn"));
    }
}

void TestCsvParser::userMapping() {
    const CsvMapping m = CsvMapping::fromSpec("name=HOST,env=ENVIRONMENT,depends_on=UPSTREAM,delimiter=;");
    QCOMPARE(m.columns.at("name"), std::string("HOST"));
    QCOMPARE(m.columns.at("environment"), std::string("ENVIRONMENT"));
    QCOMPARE(m.columns.at("depends_on"), std::string("UPSTREAM"));
    QCOMPARE(m.delimiter, ';');
    // The delimiter named explicitly wins over sniffing: this file has more commas than semicolons.
    const std::string text = "HOST;ENVIRONMENT;UPSTREAM;comment\napi;prod;db;a, b, c, d\ndb;prod;;x, y, z\n";
    const Discovery d = parseText(text, "m.csv", m);
    QCOMPARE(d.systems.size(), size_t(2));
    QCOMPARE(d.systems[0].environment, std::string("prod"));
    QVERIFY(findEdge(d, "csv:m/api", "csv:m/db"));
    QCOMPARE(d.systems[0].attributes.value("notes", ""), std::string("a, b, c, d")); // "comment" means notes

    // The mapping overrides the synonyms, and other spec words.
    const CsvMapping m2 =
        CsvMapping::fromSpec(" id = Asset Tag , type=Class, ip=Mgmt, separator=/, delimiter=comma ");
    QCOMPARE(m2.columns.at("id"), std::string("Asset Tag"));
    QCOMPARE(m2.columns.at("kind"), std::string("Class"));
    QCOMPARE(m2.columns.at("address"), std::string("Mgmt"));
    QCOMPARE(m2.dependsOnSeparators, std::string("/"));
    QCOMPARE(m2.delimiter, ',');
    QCOMPARE(CsvMapping::fromSpec("delimiter=,,name=n").delimiter, ',');
    QCOMPARE(CsvMapping::fromSpec("delimiter=tab").delimiter, '\t');
    QCOMPARE(CsvMapping::fromSpec("delimiter=|").delimiter, '|');

    CsvParser parser;
    parser.setMapping(CsvMapping::fromSpec("name=server,depends_on=needs,separator=+"));
    SourceText src;
    src.name = "s.csv";
    src.text = "name,server,needs\nignored,a,b+c\nx,b,\ny,c,\n";
    const Discovery s = parser.parse(src, {});
    QCOMPARE(s.systems[0].key, std::string("csv:s/a"));
    QCOMPARE(s.systems[0].attributes.value("name", ""), std::string("ignored")); // the unmapped column
    QCOMPARE(s.edges.size(), size_t(2));

    // A mapped column that the header lacks is an error naming it.
    const auto err = errorOf([&] { parseText("a,b\n1,2\n", "x.csv", CsvMapping::fromSpec("name=HOST")); });
    QVERIFY(err && err->find("x.csv: line 1") == 0 && err->find("\"HOST\"") != std::string::npos);
}

void TestCsvParser::mappingSpecErrors_data() {
    QTest::addColumn<QString>("spec");
    QTest::newRow("unknown field") << QStringLiteral("colour=C");
    QTest::newRow("no equals") << QStringLiteral("name");
    QTest::newRow("no column") << QStringLiteral("name=");
    QTest::newRow("long delimiter") << QStringLiteral("delimiter=;;");
    QTest::newRow("quote delimiter") << QStringLiteral("delimiter=\"");
    QTest::newRow("empty separator") << QStringLiteral("separator=");
}

void TestCsvParser::mappingSpecErrors() {
    QFETCH(QString, spec);
    const auto err = errorOf([&] { CsvMapping::fromSpec(spec.toStdString()); });
    QVERIFY2(err && err->find("--csv-map") == 0, err ? err->c_str() : "no error");
}

void TestCsvParser::joinsOtherSourcesByHost() {
    QTemporaryDir dir;
    auto project = Project::create(dir.filePath(QStringLiteral("m.terrain")).toStdString());
    const Discovery a = parseText("hostname,ip\nWeb01.example.com,10.1.1.1\n", "a.csv");
    const Discovery b = parseText("name,address\nweb server,10.1.1.1\n", "b.csv");
    const MergePlan plan = planMerge(*project, {a, b});
    QCOMPARE(plan.inserts.size(), size_t(1));
    QVERIFY(hasIdentifier(&a.systems[0], "web01.example.com")); // lower-cased

    // A dependency on a host no row is (the audit's names-deps.csv): an external system, flagged, which
    // another source's system of that host joins; a bare name no row has is left to other sources.
    const Discovery deps = parseText("name,depends_on\ncheckout,\"postgres, stripe.com, "
                                     "https://ops:CSV-SECRET-1@api.partner.io/v2?token=CSV-SECRET-2, "
                                     "ledger\"\npostgres,\n",
                                     "deps.csv");
    const DiscoveredSystem* stripe = findSystem(deps, "csv:external/stripe.com");
    QVERIFY(stripe);
    QVERIFY(stripe->external);
    QVERIFY(hasIdentifier(stripe, "stripe.com"));
    QVERIFY(findSystem(deps, "csv:external/api.partner.io"));
    QCOMPARE(deps.systems.size(), size_t(4));
    QCOMPARE(deps.edges.size(), size_t(4));
    QVERIFY(dumpAll(deps).find("CSV-SECRET") == std::string::npos);
    const Discovery web = parseText("hostname,kind\nstripe.com,service\n", "vendors.csv");
    const MergePlan joined = planMerge(*project, {deps, web});
    QCOMPARE(joined.inserts.size(), size_t(4)); // checkout, postgres, api.partner.io, stripe.com once
}

void TestCsvParser::awsIdsAreIdentifiers() {
    // The audit's inventory (Excel, ';'): its instance ids join the instances an AWS CLI output or a state
    // describes, the ones that end in a letter too.
    const Discovery d = parseText("Hostname;IP Address;Environment;Instance ID\n"
                                  "web;10.0.1.10;prod;i-0123456789abcdef0\n"
                                  "worker;10.0.1.11;prod;i-0fedcba9876543abc\n"
                                  "postgres;10.0.2.5;prod;i-0aaaabbbbccccdddd\n"
                                  "nas;10.0.3.1;prod;sg-1a2b3c4d\n"
                                  "redis;10.0.2.6;prod;redis-cache\n",
                                  "inv-excel.csv");
    QCOMPARE(d.systems.size(), size_t(5));
    for (const std::string id :
         {"i-0123456789abcdef0", "i-0fedcba9876543abc", "i-0aaaabbbbccccdddd", "sg-1a2b3c4d"})
        QVERIFY2(hasIdentifier(findSystem(d, "csv:inv-excel/" + id), id), id.c_str());
    QVERIFY(!hasIdentifier(findSystem(d, "csv:inv-excel/redis-cache"), "redis-cache")); // a name, not an id

    Discovery aws;
    aws.format = "awscli";
    aws.file = "ec2-describe-instances.json";
    aws.scope = "awscli:ec2-describe-instances.json";
    for (const std::string id : {"i-0fedcba9876543abc", "i-0aaaabbbbccccdddd"}) {
        DiscoveredSystem s;
        s.key = "aws:" + id;
        s.name = id;
        s.kind = "compute";
        s.identifiers = {id};
        aws.systems.push_back(s);
    }
    QTemporaryDir dir;
    auto project = Project::create(dir.filePath(QStringLiteral("m.terrain")).toStdString());
    const MergePlan plan = planMerge(*project, {d, aws});
    QCOMPARE(plan.inserts.size(), size_t(5));
    for (const auto& s : plan.inserts)
        if (s.key.starts_with("aws:")) {
            QVERIFY2(std::find(s.sources.begin(), s.sources.end(), "csv") != s.sources.end(), s.key.c_str());
            QCOMPARE(s.environment, std::string("prod"));
        }
    // A map made while such ids joined nothing holds each row and its instance apart: imported again, they
    // stay two (neither gone), and nothing is added.
    Discovery before = d;
    for (auto& s : before.systems)
        std::erase_if(s.identifiers, [](const std::string& ident) { return ident.starts_with("i-"); });
    auto old = Project::create(dir.filePath(QStringLiteral("old.terrain")).toStdString());
    applyMerge(*old, planMerge(*old, {before, aws}), QStringLiteral("import"));
    QCOMPARE(old->list<System>().size(), size_t(7));
    const MergePlan again = planMerge(*old, {d, aws});
    QVERIFY(again.inserts.empty());
    QVERIFY(again.gone.empty());
}

void TestCsvParser::spreadsheetExports() {
    // Excel's `sep=;` first line names the delimiter and is no row (the audit's sep-hint.csv), quoted or
    // not, with CRLF, after a BOM; a mapping's delimiter still wins.
    for (const std::string& text :
         {std::string("sep=;\nname;type;owner;depends_on\nweb;vm;a;db\ndb;database;b;\n"),
          std::string(
              "\xEF\xBB\xBF\"sep=;\"\r\nname;type;owner;depends_on\r\nweb;vm;a;db\r\ndb;database;b;\r\n")}) {
        const Discovery d = parseText(text, "sep-hint.csv");
        QCOMPARE(d.systems.size(), size_t(2));
        QCOMPARE(findSystem(d, "csv:sep-hint/web")->owner, std::string("a"));
        QCOMPARE(findSystem(d, "csv:sep-hint/db")->kind, std::string("database"));
        QVERIFY(findEdge(d, "csv:sep-hint/web", "csv:sep-hint/db"));
    }
    const Discovery comma = parseText("sep=,\nname,notes\nweb,\"a; b; c\"\n", "c.csv");
    QCOMPARE(comma.systems.size(), size_t(1));
    QCOMPARE(comma.systems[0].notes, std::string("a; b; c"));
    const Discovery mapped =
        parseText("sep=,\nname;notes\nweb;a, b\n", "m.csv", CsvMapping::fromSpec("delimiter=;"));
    QCOMPARE(mapped.systems[0].notes, std::string("a, b"));
    const CsvParser parser;
    QCOMPARE(parser.sniff("servers.txt", "sep=;\nhost;ip\na;1\nb;2\n"), 70);
    // A line that only starts so is the header.
    QCOMPARE(parseText("sep=;x,name\n1,web\n").systems.size(), size_t(1));

    // Excel's "CSV (Comma delimited)" in Windows-1252 (the audit's latin1.csv): read as that, and said.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("latin1.csv"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("name;type;owner\r\nweb;vm;M\xfcller\r\n");
    f.close();
    QCOMPARE(parser.textFallback(), TextFallback::Windows1252);
    const Discovery latin1 =
        parser.parse(readSourceText(path.toStdString(), kMaxInputBytes, parser.textFallback()), {});
    QCOMPARE(latin1.systems.size(), size_t(1));
    QCOMPARE(latin1.systems[0].owner, std::string("M\xc3\xbcller"));
    QCOMPARE(latin1.warnings.size(), size_t(1));
    QVERIFY2(latin1.warnings[0].find("Windows-1252") != std::string::npos, latin1.warnings[0].c_str());
    QVERIFY(parseText("name,owner\nweb,M\xc3\xbcller\n").warnings.empty()); // UTF-8 says nothing

    // The Azure portal's "All resources" export: every row is kept, with its resource id (a path, not a
    // secret), the AKS cluster, the storage account and the registry too (the audit's azure-export.csv).
    const Discovery azure = parseText(
        "NAME,TYPE,RESOURCE GROUP,LOCATION,SUBSCRIPTION,RESOURCE ID\n"
        "acme-prod-aks,Kubernetes service,rg-prod,West Europe,Acme Prod,/subscriptions/0000-1111/"
        "resourceGroups/rg-prod/providers/Microsoft.ContainerService/managedClusters/acme-prod-aks\n"
        "acmeprodstorage01,Storage account,rg-prod,West Europe,Acme Prod,/subscriptions/0000-1111/"
        "resourceGroups/rg-prod/providers/Microsoft.Storage/storageAccounts/acmeprodstorage01\n"
        "acmeprodacr,Container registry,rg-prod,West Europe,Acme Prod,/subscriptions/0000-1111/"
        "resourceGroups/rg-prod/providers/Microsoft.ContainerRegistry/registries/acmeprodacr\n",
        "azure-resources.csv");
    QCOMPARE(azure.systems.size(), size_t(3));
    QVERIFY2(azure.warnings.empty(), azure.warnings.empty() ? "" : azure.warnings[0].c_str());
    QVERIFY2(azure.systems[0].key.ends_with("/managedClusters/acme-prod-aks"), azure.systems[0].key.c_str());
    QCOMPARE(azure.systems[0].name, std::string("acme-prod-aks"));
}

void TestCsvParser::criticalityAndNotesFillEmptyFields() {
    // --csv-map advertises criticality and notes: they fill the system's fields, as a person would, and
    // stay attributes (what the inventory says).
    const std::string v1 = "name,criticality,notes\nweb,High,serves the shop\ndb,Mission Critical,\n"
                           "job,P1,\"nightly, at 2\"\n";
    const Discovery d = parseText(v1, "assets.csv");
    QCOMPARE(findSystem(d, "csv:assets/web")->criticality, std::string("high"));
    QCOMPARE(findSystem(d, "csv:assets/web")->notes, std::string("serves the shop"));
    QCOMPARE(findSystem(d, "csv:assets/db")->criticality, std::string("critical"));
    QCOMPARE(findSystem(d, "csv:assets/job")->criticality, std::string()); // no criticality of the map's
    QCOMPARE(findSystem(d, "csv:assets/job")->attributes.value("criticality", ""), std::string("p1"));
    QTemporaryDir dir;
    auto project = Project::create(dir.filePath(QStringLiteral("m.terrain")).toStdString());
    applyMerge(*project, planMerge(*project, {d}), QStringLiteral("import"));
    auto web = project->systemByKey("csv:assets/web");
    QVERIFY(web);
    QCOMPARE(web->criticality, std::string("high"));
    QCOMPARE(web->notes, std::string("serves the shop"));
    QCOMPARE(project->systemByKey("csv:assets/job")->notes, std::string("nightly, at 2"));

    // A person's word stands: re-imported with other values, what a person wrote is kept, and so is what
    // an earlier import filled in (the attribute says what the inventory says now); an empty field fills.
    web->criticality = "critical";
    web->notes = "the workshop says: replace";
    project->save(*web);
    auto db = project->systemByKey("csv:assets/db");
    db->criticality.clear();
    project->save(*db);
    const std::string v2 = "name,criticality,notes\nweb,Low,moved to k8s\ndb,Medium,primary\njob,Low,\n";
    const MergePlan again = planMerge(*project, {parseText(v2, "assets.csv")});
    applyMerge(*project, again, QStringLiteral("again"));
    web = project->systemByKey("csv:assets/web");
    QCOMPARE(web->criticality, std::string("critical"));
    QCOMPARE(web->notes, std::string("the workshop says: replace"));
    QCOMPARE(web->attributes.value("criticality", ""), std::string("low"));
    QCOMPARE(project->systemByKey("csv:assets/db")->criticality, std::string("medium"));
    QCOMPARE(project->systemByKey("csv:assets/db")->notes, std::string("primary"));
    QCOMPARE(project->systemByKey("csv:assets/job")->criticality, std::string("low"));
    QCOMPARE(project->systemByKey("csv:assets/job")->notes, std::string("nightly, at 2"));
    // Imported once more, nothing changes.
    QCOMPARE(planMerge(*project, {parseText(v2, "assets.csv")}).changed.size(), size_t(0));
}

void TestCsvParser::secretsNeverKept() {
    const std::vector<std::string> secrets = {"hunter2-csv-password", "AKIAIOSFODNN7EXAMPLE", "url-pw-secret",
                                              "tok-9f8e7d6c5b4a",
                                              "c2VjcmV0LWJhc2U2NC1ibG9iLXRoYXQtaXMtbG9uZw1234"};
    const Discovery d = parseText("name,password,api_token,notes,tags,url\n"
                                  "web,hunter2-csv-password,tok-9f8e7d6c5b4a,"
                                  "\"uses postgres://app:url-pw-secret@db:5432/x\",AKIAIOSFODNN7EXAMPLE;web,"
                                  "https://admin:url-pw-secret@web.example.com/\n"
                                  "c2VjcmV0LWJhc2U2NC1ibG9iLXRoYXQtaXMtbG9uZw1234,,,,,\n",
                                  "s.csv");
    QCOMPARE(d.systems.size(), size_t(1)); // the row named like a secret is left out
    const std::string all = dumpAll(d);
    for (const auto& s : secrets)
        QVERIFY2(all.find(s) == std::string::npos, s.c_str());
    QVERIFY(hasIdentifier(&d.systems[0], "web.example.com"));
    QCOMPARE(d.systems[0].tags, std::vector<std::string>{"web"});
}

void TestCsvParser::brokenInputs_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("place");
    QTest::newRow("too many cells") << QStringLiteral("id,name\na,A\nb,B,x,y\n")
                                    << QStringLiteral("line 3: expected 2 cells");
    QTest::newRow("too few cells") << QStringLiteral("id,name,kind\na,A,vm\n\n# c\nb,B\n")
                                   << QStringLiteral("line 5: expected 3 cells");
    QTest::newRow("unterminated quote")
        << QStringLiteral("id,name\na,\"A\nb,B\n") << QStringLiteral("line 2, column 3");
    QTest::newRow("text after quote")
        << QStringLiteral("id,name\na,\"A\"x\n") << QStringLiteral("line 2, column 6");
    QTest::newRow("no name column") << QStringLiteral("colour,size\nred,1\n") << QStringLiteral("line 1");
    QTest::newRow("empty") << QString() << QStringLiteral("line 1");
    QTest::newRow("only comments") << QStringLiteral("# a\n# b\n") << QStringLiteral("line 1");
    QTest::newRow("multi-line cell then bad row")
        << QStringLiteral("id,notes\na,\"x\ny\nz\"\nb\n") << QStringLiteral("line 5: expected 2 cells");
}

void TestCsvParser::brokenInputs() {
    QFETCH(QString, text);
    QFETCH(QString, place);
    const auto err = errorOf([&] { parseText(text.toStdString(), "bad.csv"); });
    QVERIFY2(err, "no error");
    QVERIFY2(err->find("bad.csv") == 0, err->c_str());
    QVERIFY2(err->find(place.toStdString()) != std::string::npos, err->c_str());
}

void TestCsvParser::truncatedInputs() {
    std::vector<std::string> texts = {readAll(kDir + "netcfgbu_test-small-inventory.csv"),
                                      readAll(kDir + "netcfgbu_test-csv-withcomments.csv"), kRich};
    for (const auto& text : texts) {
        QVERIFY(!text.empty());
        for (size_t n = 0; n <= text.size(); ++n) {
            const std::string cut = text.substr(0, n);
            if (const auto err = errorOf([&] { parseText(cut, "cut.csv"); }))
                QVERIFY2(err->find("cut.csv: line ") == 0, err->c_str());
        }
        // Every byte replaced by a quote, a delimiter or a line break in turn.
        for (size_t i = 0; i < text.size(); ++i)
            for (char c : {'"', ',', '\n', ';'}) {
                std::string variant = text;
                variant[i] = c;
                if (const auto err = errorOf([&] { parseText(variant, "v.csv"); }))
                    QVERIFY2(err->find("v.csv: line ") == 0, err->c_str());
            }
    }
}

void TestCsvParser::hostileInputs() {
    // A very long quoted cell and many quotes: linear work, no crash.
    const std::string longCell = "id,notes\na,\"" + std::string(1 << 20, 'x') + "\"\n";
    QCOMPARE(parseText(longCell).systems.size(), size_t(1));
    std::string quotes = "id,notes\na,\"";
    for (int i = 0; i < 100000; ++i)
        quotes += "\"\"";
    quotes += "\"\n";
    QCOMPARE(parseText(quotes).systems.size(), size_t(1));
    // Many rows depending on each other.
    std::string rows = "id,depends_on\n";
    for (int i = 0; i < 20000; ++i)
        rows += "n" + std::to_string(i) + ",n" + std::to_string((i + 1) % 20000) + ";n" +
                std::to_string((i + 7) % 20000) + "\n";
    const Discovery d = parseText(rows);
    QCOMPARE(d.systems.size(), size_t(20000));
    QCOMPARE(d.edges.size(), size_t(40000));
    // Many columns.
    std::string wide;
    for (int i = 0; i < 5000; ++i)
        wide += (i ? "," : "") + std::string("c") + std::to_string(i);
    wide = "name," + wide + "\nx," + std::string(4999, ',') + "\n";
    QCOMPARE(parseText(wide).systems.size(), size_t(1));
    QVERIFY(errorOf([&] {
        parseText(std::string("\x7f"
                              "ELF\x02\x01\x01\0\0\0",
                              10),
                  "bin");
    }));
}

void TestCsvParser::sniffing() {
    const CsvParser parser;
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
        if (path.contains(QLatin1String("/csv/"))) {
            QVERIFY2(score >= 60, qPrintable(path));
            ++own;
        } else {
            QVERIFY2(score < 30, qPrintable(path));
            ++others;
        }
    }
    QCOMPARE(own, 2);
    QVERIFY(others > 20);
    QCOMPARE(parser.sniff("inventory.txt", "alpha;beta\na;1\nb;2\n"), 25);
    // An inventory's header (a name, another known column) in a file without a .csv name: Excel's
    // "Unicode Text" export, tab separated UTF-16 with a BOM.
    QCOMPARE(parser.sniff("inventory.txt", "host;ip\na;1\nb;2\n"), 70);
    const std::string unicodeText = "Hostname\tRole\tStage\tUpstream\r\nweb01\tweb\tproduction\tapp01\r\n"
                                    "app01\tapp\tproduction\t\r\n";
    std::string utf16 = "\xFF\xFE";
    for (char c : unicodeText)
        utf16 += std::string{c, '\0'};
    const std::string decoded = decodeText(utf16, "servers.txt");
    QCOMPARE(parser.sniff("servers.txt", decoded), 70);
    const Discovery u = parseText(utf16, "servers.txt");
    QCOMPARE(u.systems.size(), size_t(2));
    QVERIFY(findEdge(u, "csv:servers/web01", "csv:servers/app01"));
    QCOMPARE(parser.sniff("x.yaml", "a: 1\nb: 2\n"), 0);
}

QTEST_GUILESS_MAIN(TestCsvParser)
#include "tst_csvparser.moc"
