// The import job: formats sniffed (maps and every parser), folders expanded, named files that nothing
// reads refused, a batch parsed before anything is written and committed as one edit with its runs.
#include "BackstageExport.h"
#include "Catalog.h"
#include "Database.h"
#include "DatedExports.h"
#include "DocumentExport.h"
#include "Error.h"
#include "ImportJob.h"
#include "MapJson.h"
#include "Project.h"
#include "VectorState.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

using namespace terrain;

namespace {

void writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

/// writeFile(), and the path as the importers take it.
std::string writtenFile(const QString& path, const QByteArray& bytes) {
    writeFile(path, bytes);
    return path.toStdString();
}

std::map<std::string, std::string> statuses(const Project& p) {
    std::map<std::string, std::string> out;
    for (const auto& s : p.list<System>())
        out[s.key] = s.status;
    return out;
}

json importInto(Project& p, const std::vector<std::string>& paths, const std::string& format = "auto",
                const std::string& environment = "", const MergeOptions& merge = {},
                bool skipUnreadable = false) {
    ImportRequest request;
    request.paths = paths;
    request.format = format;
    request.parse.environment = environment;
    request.parse.skipUnreadable = skipUnreadable;
    request.merge = merge;
    request.merge.environment = environment;
    return commitImport(p, planImport(p, parseImport(request), request.merge));
}

/// Leaves the upper halves of the vector registers in use, as Qt's hashing does on some processors
/// (VectorState.h); nothing where the processor has no AVX.
void leaveUpperHalvesInUse() {
#if defined(__x86_64__) || defined(__i386__)
    if (__builtin_cpu_supports("avx"))
        __asm__ volatile("vcmpps $15, %%ymm0, %%ymm0, %%ymm0" ::: "xmm0"); // all ones, upper half too
#endif
}

const std::string kWorkspaces =
    std::string(TERRAIN_SOURCE_DIR) + "/tests/importers/data/terraform/workspaces";

} // namespace

class TestImportJob : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void formatsOfThisBuild();
    void sniff_data();
    void sniff();
    void sniffPicksTheMostConfident();
    void resolveExpandsFolders();
    void repositoryFilesThatAreNoInputsAreSkipped();
    void samProjectsOfOneFileNameStayApart();
    void composeProjectsOfOneFolderNameStayApart();
    void resolveNamedFiles();
    void importRecordsRunsAndReports();
    void batchIsOneEditAndAtomic();
    void nothingToImportIsAnError();
    void spreadsheetTextIsRead();
    void reportAsJson();
    void includedFilesAreImportedOnce();
    void manifestsSplitOverFilesJoinUp();
    void manifestsImportedApartJoinUp();
    void namespacesKeepSameNamedServicesApart();
    void catalogEntityContainsItsObjects();
    void workspacesStayApart();
    void environmentsGivenStayApart();
    void configurationsWithTheSameAddressesStayApart();
    void ownBackstageExportImportsBack();
    void prometheusTargetsNameComposeServices();
    void prometheusConfigurationsOfOneNameStayTwo();
    void composeImageFollowsDotEnv();
    void runsWithTheVectorRegistersZeroed();
    void filesGoneFromAFolderAreGone();
    void sourcesOfNoPathAreGoneWithTheirFiles();
    void filesNoLongerInputsAreGone();
    void attributesNoLongerGivenAreDropped();
    void stateBackupsInAFolderAreSkipped();
    void sourceThatNoLongerHasASystemLeavesIt();
    void loadBalancerServiceJoinsItsLoadBalancer();
    void datesInPaths_data();
    void datesInPaths();
    void newerExportReplacesTheEarlierOne();
    void namedSourceIsReplaced();
    void folderReadsItsNewestExports();
    void datedFolderReplacesTheEarlierOne();
    void composeVariantIsItsEnvironment();
    void unreadableFilesAreSaidTogether();
    void unreadableFilesAreLeftOut();
    void unreadableNewerExportLeavesTheEarlierOne();

private:
    std::unique_ptr<Project> newMap() {
        auto p = Project::create(m_dir.filePath(QStringLiteral("r%1.terrain").arg(++m_n)).toStdString());
        seedCatalog(*p);
        return p;
    }
    QTemporaryDir m_dir;
    int m_n = 0;
    QByteArray m_mapText; ///< a small exported map
};

void TestImportJob::initTestCase() {
    auto p = newMap();
    System a;
    a.key = "tf:aws_instance.web";
    a.name = "web";
    a.kind = "compute";
    const Id ia = p->add(a);
    System b;
    b.key = "tf:aws_db_instance.db";
    b.name = "db";
    b.kind = "database";
    const Id ib = p->add(b);
    Dependency d;
    d.from = ia;
    d.to = ib;
    p->add(d);
    m_mapText = QByteArray::fromStdString(exportMapText(*p));
}

void TestImportJob::formatsOfThisBuild() {
    const auto formats = importFormats();
    const std::vector<std::string> expected = {"auto", "json",       "tfstate", "tfjson",    "tfgraph",
                                               "k8s",  "compose",    "cfn",     "backstage", "awscli",
                                               "csv",  "prometheus", "ansible"};
    QCOMPARE(formats, expected);
    for (size_t i = 2; i < formats.size(); ++i) {
        QVERIFY(formatParser(formats[i]));
        QVERIFY(!formatParser(formats[i])->description().empty());
    }
    QVERIFY(!formatParser("json"));
    QVERIFY(!formatParser("auto"));
}

void TestImportJob::sniff_data() {
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QString>("format");
    QTest::newRow("exported map") << m_mapText << QStringLiteral("json");
    QTest::newRow("map with BOM and blank lines")
        << QByteArray("\xEF\xBB\xBF\n\n  {\"format\": \"terrain-map\", \"version\": 1}")
        << QStringLiteral("json");
    QTest::newRow("another JSON object") << QByteArray("{\"version\": 4, \"resources\": []}") << QString();
    QTest::newRow("JSON array") << QByteArray("[\"terrain-map\"]") << QString();
    QTest::newRow("YAML") << QByteArray("services:\n  web:\n    image: nginx\n") << QString();
    QTest::newRow("empty") << QByteArray() << QString();
}

void TestImportJob::sniff() {
    QFETCH(QByteArray, head);
    QFETCH(QString, format);
    const auto [found, score] = sniffFormat("file.json", head.toStdString());
    if (format.isEmpty()) {
        // Parsers of other formats may claim some of these; never the map format.
        QVERIFY(found != "json");
    } else {
        QCOMPARE(QString::fromStdString(found), format);
        QCOMPARE(score, 100);
    }
}

void TestImportJob::sniffPicksTheMostConfident() {
    // Every fixture of the shared set is sniffed as its own format, from its name and first bytes only.
    const QString fixtures = QStringLiteral(TERRAIN_FIXTURES_DIR);
    const std::vector<std::pair<const char*, const char*>> cases = {
        {"generated/tf1.11.4_stack_terraform.tfstate", "tfstate"},
        {"generated/tf1.11.4_stack_plan.json", "tfjson"},
        {"generated/tf1.11.4_stack_graph-default.dot", "tfgraph"},
        {"kubernetes/kubernetes-examples_guestbook-all-in-one.yaml", "k8s"},
        {"kubernetes/kompose_output-voting-k8s.json", "k8s"},
        {"compose/awesome-compose_nginx-golang-postgres_compose.yaml", "compose"},
        {"cloudformation/aws-cfn-templates_ECS_Fargate_clusters_public-vpc.yaml", "cfn"},
        {"backstage/artist-lookup-component.yaml", "backstage"},
        {"aws-cli/cloudmapper-demo_us-east-1_ec2-describe-instances.json", "awscli"},
        {"csv/netcfgbu_test-small-inventory.csv", "csv"},
    };
    for (const auto& [rel, fmt] : cases) {
        QFile f(fixtures + QLatin1Char('/') + QLatin1String(rel));
        QVERIFY2(f.open(QIODevice::ReadOnly), rel);
        const auto [found, score] =
            sniffFormat(QFileInfo(f).fileName().toStdString(), f.read(65536).toStdString());
        QCOMPARE(QString::fromStdString(found), QString::fromLatin1(fmt));
        QVERIFY(score >= 50);
    }
    QVERIFY(sniffFormat("notes.txt", "nothing at all").second < 50);
}

void TestImportJob::resolveExpandsFolders() {
    const QString root = m_dir.filePath(QStringLiteral("sources"));
    writeFile(root + QStringLiteral("/b-map.json"), m_mapText);
    writeFile(root + QStringLiteral("/a-notes.txt"), "just notes\n");
    writeFile(root + QStringLiteral("/sub/c-map.json"), m_mapText);
    writeFile(root + QStringLiteral("/.git/d-map.json"), m_mapText);
    writeFile(root + QStringLiteral("/.hidden.json"), m_mapText);
    writeFile(root + QStringLiteral("/binary.bin"), QByteArray("\x00\x01\x02\xff", 4));

    const auto files = scanSources({root.toStdString()}, "auto");
    QCOMPARE(files.size(), size_t(4));
    QCOMPARE(QString::fromStdString(files[0].path), root + QStringLiteral("/a-notes.txt"));
    QVERIFY(files[0].format.empty());
    QCOMPARE(files[0].skipReason, std::string("no import format recognises it"));
    QCOMPARE(QString::fromStdString(files[1].path), root + QStringLiteral("/b-map.json"));
    QCOMPARE(files[1].format, std::string("json"));

    QCOMPARE(QString::fromStdString(files[2].path), root + QStringLiteral("/binary.bin"));
    QVERIFY(files[2].format.empty());
    QCOMPARE(QString::fromStdString(files[3].path), root + QStringLiteral("/sub/c-map.json"));
    QCOMPARE(files[3].format, std::string("json"));

    // The same folder named by a path that goes up (../sources) or through a hidden folder: what is hidden
    // below it is left out, not the whole folder.
    {
        const QString before = QDir::currentPath();
        QVERIFY(QDir::setCurrent(m_dir.filePath(QStringLiteral("sources/sub"))));
        const auto up = scanSources({"../../sources", ".."}, "auto");
        QVERIFY(QDir::setCurrent(before));
        QCOMPARE(up.size(), size_t(8));
        QCOMPARE(QString::fromStdString(up[1].path), QStringLiteral("../../sources/b-map.json"));
        QCOMPARE(up[1].format, std::string("json"));
        QCOMPARE(QString::fromStdString(up[7].path), QStringLiteral("../sub/c-map.json"));
        const QString hidden = m_dir.filePath(QStringLiteral(".deploy/app"));
        writeFile(hidden + QStringLiteral("/map.json"), m_mapText);
        writeFile(hidden + QStringLiteral("/.cache/map.json"), m_mapText);
        const auto inHidden = scanSources({hidden.toStdString()}, "auto");
        QCOMPARE(inHidden.size(), size_t(1));
        QCOMPARE(inHidden[0].format, std::string("json"));
    }

    // Documentation beside the inputs names what they hold without being one: in a folder it is skipped
    // by its extension, also when a format is given; named on its own, it is sniffed (and refused).
    const QString docs = m_dir.filePath(QStringLiteral("documented"));
    writeFile(docs + QStringLiteral("/compose.yaml"), "services:\n  web:\n    image: nginx\n");
    const QByteArray readme = "# Stack\n\nThe templates start with AWSTemplateFormatVersion: 2010-09-09 and\n"
                              "Resources: with Type: AWS::S3::Bucket; the catalog has\n"
                              "apiVersion: backstage.io/v1alpha1 and prometheus.yml its scrape_configs:\n"
                              "  - | a table row |\n";
    writeFile(docs + QStringLiteral("/README.md"), readme);
    writeFile(docs + QStringLiteral("/notes/Guide.MARKDOWN"), readme);
    QVERIFY(sniffFormat("README.md", readme.toStdString()).second >= 50); // what it would be taken for
    for (const std::string format : {"auto", "compose"}) {
        const auto scanned = scanSources({docs.toStdString()}, format);
        QCOMPARE(scanned.size(), size_t(3));
        QCOMPARE(QString::fromStdString(scanned[0].path), docs + QStringLiteral("/README.md"));
        QCOMPARE(scanned[0].skipReason, std::string("documentation (.md), not an input"));
        QVERIFY(scanned[0].format.empty());
        QCOMPARE(scanned[1].format, std::string("compose"));
        QCOMPARE(scanned[2].skipReason, std::string("documentation (.markdown), not an input"));
    }
    auto p = newMap();
    ImportRequest request;
    request.paths = {docs.toStdString()};
    const PreparedImport prepared = planImport(*p, parseImport(request), request.merge);
    QCOMPARE(prepared.report()["skipped_files"].get<int>(), 2);
    QCOMPARE(prepared.report()["systems"]["added"].size(), size_t(1));
    QVERIFY(!scanSources({(docs + QStringLiteral("/README.md")).toStdString()}, "auto").at(0).format.empty());

    // A repository with a Helm chart beside its rendered manifests (the audit's repo/): the chart's
    // templates are skipped with what to do, the rest imports; named on its own, a template is refused.
    const QString repo = m_dir.filePath(QStringLiteral("repo"));
    writeFile(repo + QStringLiteral("/deploy/k8s/app.yaml"),
              "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}}\n");
    writeFile(repo + QStringLiteral("/charts/api/Chart.yaml"), "apiVersion: v2\nname: api\nversion: 0.1.0\n");
    writeFile(repo + QStringLiteral("/charts/api/values.yaml"), "replicaCount: 1\n");
    const QString chartTemplate = repo + QStringLiteral("/charts/api/templates/deployment.yaml");
    writeFile(chartTemplate, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n"
                             "spec:\n  replicas: {{ .Values.replicaCount }}\n");
    {
        auto repoMap = newMap();
        ImportRequest whole;
        whole.paths = {repo.toStdString()};
        const json report = planImport(*repoMap, parseImport(whole), whole.merge).report();
        QCOMPARE(report["systems"]["added"].size(), size_t(1));
        QVERIFY2(report.dump().find("a Helm chart's template: render it with `helm template") !=
                     std::string::npos,
                 report.dump().c_str());
        ImportRequest named;
        named.paths = {chartTemplate.toStdString()};
        QVERIFY_THROWS_EXCEPTION(Error, parseImport(named));
    }
}

// What a real repository holds beside its infrastructure (the audit's repositories): other tools'
// configurations that look like inputs, a Kustomization and its patches, tables that are no inventories,
// template skeletons, installed packages. In a folder each is skipped with why and the rest imports, where
// before one of them refused the whole folder or added systems that do not run; named on its own, each is
// refused, saying what it is.
void TestImportJob::repositoryFilesThatAreNoInputsAreSkipped() {
    const QString repo = m_dir.filePath(QStringLiteral("real-repo"));
    auto put = [&](const char* path, const QByteArray& text) {
        writeFile(repo + QLatin1Char('/') + QLatin1String(path), text);
        return repo + QLatin1Char('/') + QLatin1String(path);
    };
    put("compose.yaml",
        "services:\n  api:\n    image: acme/api\n    depends_on: [db]\n  db:\n    image: postgres\n");
    put("k8s/base/deployment.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\n"
        "spec:\n  template:\n    metadata: {labels: {app: api}}\n"
        "    spec: {containers: [{name: c, image: acme/api}]}\n");
    const QString kustomization = put("k8s/base/kustomization.yaml",
                                      "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                                      "resources:\n- deployment.yaml\n");
    put("k8s/overlays/prod/kustomization.yml",
        "resources: [../../base]\npatches:\n- path: replicas.yaml\npatchesStrategicMerge:\n- env.yaml\n");
    put("k8s/overlays/prod/replicas.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\n"
                                           "spec: {replicas: 5}\n");
    put("k8s/overlays/prod/env.yaml", "kind: Deployment\nmetadata: {name: api}\nspec: {template: {}}\n");
    const QString kubeconfig =
        put("ops/kubeconfig.yaml", "apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n"
                                   "  cluster: {server: 'https://k8s.example.com'}\ncurrent-context: prod\n");
    put("ops/kind-cluster.yaml",
        "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n");
    put("skaffold.yaml", "apiVersion: skaffold/v4beta6\nkind: Config\nmetadata: {name: app}\n");
    const QString serverless =
        put("functions/serverless.yml",
            "service: orders\nprovider:\n  name: aws\n  runtime: nodejs18.x\n"
            "resources:\n  Resources:\n    Table:\n      Type: AWS::DynamoDB::Table\n");
    const QString sales = put("reports/sales.csv", "date,amount,region\n2024-05-01,100,eu\n");
    put("inventory.csv", "name,kind\nlegacy-ftp,vm\n");
    put("templates/service/skeleton/catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${{ values.name }}\n"
        "spec:\n  type: service\n  owner: ${{ values.owner }}\n  dependsOn: [resource:${{ values.name "
        "}}-db]\n");
    put("templates/{{cookiecutter.slug}}/docker-compose.yml", "services:\n  app:\n    image: x\n");
    put("node_modules/pg/test/docker-compose.yml", "services:\n  postgres:\n    image: postgres\n");
    put("vendor/modules.txt", "# k8s.io/client-go v0.29.0\n");
    put("vendor/k8s.io/client-go/examples/deployment.yaml",
        "apiVersion: v1\nkind: Service\nmetadata: {name: demo}\n");
    put("cdk.out/asset.3f2a1b9c/docker-compose.yml", "services:\n  api:\n    image: x\n");
    put("k8s/empty.yaml", "# nothing here yet\n---\n");

    std::map<std::string, std::string> why; // path relative to the repository -> format, or why skipped
    for (const auto& f : scanSources({repo.toStdString()}, "auto"))
        why[QDir(repo).relativeFilePath(QString::fromStdString(f.path)).toStdString() +
            (f.path.ends_with('/') ? "/" : "")] = f.format.empty() ? f.skipReason : "imported as " + f.format;
    const std::map<std::string, std::string> expected = {
        {"cdk.out/asset.3f2a1b9c/", "a copy of files the CDK bundles"},
        {"compose.yaml", "imported as compose"},
        {"functions/serverless.yml", "a Serverless Framework service"},
        {"inventory.csv", "imported as csv"},
        {"k8s/base/deployment.yaml", "imported as k8s"},
        {"k8s/base/kustomization.yaml", "a Kustomization: render it with `kubectl kustomize <folder>`"},
        {"k8s/empty.yaml", "empty (only comments)"},
        {"k8s/overlays/prod/env.yaml", "a Kustomize patch ("},
        {"k8s/overlays/prod/kustomization.yml", "a Kustomization"},
        {"k8s/overlays/prod/replicas.yaml", "a Kustomize patch ("},
        {"node_modules/", "installed packages (node_modules)"},
        {"ops/kind-cluster.yaml", "a kind cluster's configuration"},
        {"ops/kubeconfig.yaml", "a kubeconfig"},
        {"reports/sales.csv", "a table with no column naming each row (id, name, hostname, host...), not an "
                              "inventory: date, amount, region"},
        {"skaffold.yaml", "a Skaffold configuration"},
        {"templates/service/skeleton/catalog-info.yaml", "a Backstage software template's skeleton"},
        {"templates/{{cookiecutter.slug}}/docker-compose.yml", "a cookiecutter template"},
        {"vendor/", "vendored packages (vendor)"},
    };
    QCOMPARE(why.size(), expected.size());
    for (const auto& [path, start] : expected)
        QVERIFY2(why.count(path) && why.at(path).starts_with(start),
                 (path + ": " + (why.count(path) ? why.at(path) : std::string("not listed"))).c_str());

    auto p = newMap();
    const json report = importInto(*p, {repo.toStdString()});
    std::set<std::string> keys;
    for (const auto& sys : p->list<System>())
        keys.insert(sys.key);
    QCOMPARE(keys, (std::set<std::string>{"compose:real-repo/api", "compose:real-repo/db",
                                          "csv:inventory/legacy-ftp", "k8s:Deployment/shop/api"}));
    QCOMPARE(report["skipped_files"].get<int>(), 15);

    // Named on its own, each says what it is.
    for (const auto& [file, says] : std::vector<std::pair<QString, const char*>>{
             {kustomization, "but this is a Kustomization: render it with `kubectl kustomize"},
             {kubeconfig, "expected Kubernetes objects, but this is a kubeconfig"},
             {serverless, "expected a CloudFormation template, but this is a Serverless Framework service"},
             {sales, "expected a column naming each row"}}) {
        ImportRequest named;
        named.paths = {file.toStdString()};
        try {
            parseImport(named);
            QFAIL(qPrintable(file));
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(says) != std::string::npos, e.what());
        }
    }
    // A table with a mapping that names its rows is an inventory, in a folder too.
    ParseOptions byRegion;
    byRegion.csvMap = "name=region";
    const auto mapped =
        scanSources({(repo + QStringLiteral("/reports")).toStdString()}, "auto", true, byRegion);
    QCOMPARE(mapped.at(0).format, std::string("csv"));
}

// Every SAM project names its template template.yaml (the audit's monorepo): each is a stack of its own, so
// importing one does not mark the other's systems gone, and two with the same logical ids are four systems.
void TestImportJob::samProjectsOfOneFileNameStayApart() {
    const QString repo = m_dir.filePath(QStringLiteral("sam-monorepo"));
    auto sam = [](const char* extra) {
        return QByteArray(
                   "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n"
                   "Resources:\n  Table:\n    Type: AWS::Serverless::SimpleTable\n  Function:\n"
                   "    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n"
                   "      Runtime: python3.12\n      Environment: {Variables: {TABLE: !Ref Table}}\n") +
               extra;
    };
    const QString orders = repo + QStringLiteral("/orders/template.yaml");
    const QString payments = repo + QStringLiteral("/payments/template.yaml");
    writeFile(orders, sam("  Queue:\n    Type: AWS::SQS::Queue\n"));
    writeFile(payments, sam(""));
    auto p = newMap();
    importInto(*p, {orders.toStdString()});
    json report = importInto(*p, {payments.toStdString()});
    QCOMPARE(report["gone"].get<int>(), 0);
    QCOMPARE(report["added"].get<int>(), 2);
    std::map<std::string, std::string> groups;
    for (const auto& sys : p->list<System>()) {
        QCOMPARE(sys.status, std::string("present"));
        groups[sys.key] = sys.group;
    }
    QCOMPARE(groups, (std::map<std::string, std::string>{{"cfn:template/Function", "orders"},
                                                         {"cfn:template/Queue", "orders"},
                                                         {"cfn:template/Table", "orders"},
                                                         {"cfn:payments/template/Function", "payments"},
                                                         {"cfn:payments/template/Table", "payments"}}));
    QCOMPARE(p->list<Dependency>().size(), size_t(2));
    // The folder again, and one of them alone: the same systems; a stack's resource removed is gone, the
    // other stack's are not.
    QCOMPARE(importInto(*p, {repo.toStdString()})["unchanged"].get<int>(), 5);
    writeFile(orders, sam(""));
    report = importInto(*p, {orders.toStdString()});
    QCOMPARE(report["gone"].get<int>(), 1);
    QCOMPARE(statuses(*p).at("cfn:template/Queue"), std::string("gone"));
    QCOMPARE(statuses(*p).at("cfn:payments/template/Table"), std::string("present"));
}

// A monorepo's services each with a deploy/docker-compose.yml (the audit's): projects named by folders of one
// name are two projects, so one's import leaves the other's, and their `db` services are two systems; a
// variant file beside a base file stays the base's project.
void TestImportJob::composeProjectsOfOneFolderNameStayApart() {
    const QString repo = m_dir.filePath(QStringLiteral("compose-monorepo"));
    const QString api = repo + QStringLiteral("/services/api/deploy/docker-compose.yml");
    const QString web = repo + QStringLiteral("/services/web/deploy/docker-compose.yml");
    writeFile(
        api, "services:\n  api:\n    image: acme/api\n    depends_on: [db]\n  db:\n    image: postgres:15\n");
    writeFile(web,
              "services:\n  web:\n    image: acme/web\n    depends_on: [db]\n  db:\n    image: mysql:8\n");
    writeFile(repo + QStringLiteral("/services/web/deploy/docker-compose.prod.yml"),
              "services:\n  web:\n    image: acme/web:stable\n");
    auto p = newMap();
    importInto(*p, {api.toStdString()});
    json report = importInto(*p, {web.toStdString()});
    QCOMPARE(report["gone"].get<int>(), 0);
    std::map<std::string, std::string> images;
    for (const auto& sys : p->list<System>())
        images[sys.key] = sys.attributes.value("image", "");
    QCOMPARE(images, (std::map<std::string, std::string>{{"compose:deploy/api", "acme/api"},
                                                         {"compose:deploy/db", "postgres:15"},
                                                         {"compose:web/deploy/db", "mysql:8"},
                                                         {"compose:deploy/web", "acme/web"}}));
    std::set<std::string> edges;
    for (const auto& d : p->list<Dependency>())
        edges.insert(p->get<System>(d.from)->key + " -> " + p->get<System>(d.to)->key);
    QCOMPARE(edges, (std::set<std::string>{"compose:deploy/api -> compose:deploy/db",
                                           "compose:deploy/web -> compose:web/deploy/db"}));
    // The whole repository: the same four, and production's variant of web's project beside them.
    report = importInto(*p, {repo.toStdString()});
    QCOMPARE(report["unchanged"].get<int>(), 4);
    QCOMPARE(report["gone"].get<int>(), 0);
    // (production's keys are kept apart where another folder's production holds them: none does here)
    QCOMPARE(p->systemByKey("compose:deploy/web@production")->attributes.value("image", ""),
             std::string("acme/web:stable"));
    QCOMPARE(p->systemByKey("compose:deploy/db@production")->attributes.value("image", ""),
             std::string("mysql:8"));
}

void TestImportJob::resolveNamedFiles() {
    const QString notes = m_dir.filePath(QStringLiteral("named/notes.txt"));
    writeFile(notes, "just notes\n");
    // Named explicitly and recognised by nothing: an error, with the formats to choose from.
    try {
        scanSources({notes.toStdString()}, "auto");
        QFAIL("no error");
    } catch (const Error& e) {
        const QString what = QString::fromUtf8(e.what());
        QVERIFY2(what.startsWith(notes + QStringLiteral(": no import format recognises this file")),
                 qPrintable(what));
        QVERIFY(what.contains(QStringLiteral("json")));
    }
    // An empty file (or one of blank lines, after a byte order mark) is said to be empty; in a folder it is
    // skipped as such. A binary file is not empty.
    const QString blank = m_dir.filePath(QStringLiteral("named/blank.yaml"));
    writeFile(blank, "\xEF\xBB\xBF\n  \r\n\t\n");
    writeFile(m_dir.filePath(QStringLiteral("named/empty.yaml")), "");
    writeFile(m_dir.filePath(QStringLiteral("named/nul.bin")), QByteArray("\x00\x00", 2));
    for (const QString& file : {blank, m_dir.filePath(QStringLiteral("named/empty.yaml"))})
        try {
            scanSources({file.toStdString()}, "auto");
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromUtf8(e.what()),
                     file + QStringLiteral(": the file is empty: there is nothing to import"));
        }
    for (const auto& f : scanSources({m_dir.filePath(QStringLiteral("named")).toStdString()}, "auto"))
        QCOMPARE(f.skipReason,
                 std::string(f.path.ends_with(".yaml") ? "empty" : "no import format recognises it"));
    // A map kept beside the inputs, with SQLite's files, is skipped in a folder (whatever the format) and
    // refused when named: another map comes in as its JSON export.
    const QString maps = m_dir.filePath(QStringLiteral("with-map"));
    writeFile(maps + QStringLiteral("/compose.yaml"), "services:\n  web:\n    image: nginx\n");
    for (const char* f : {"/shop.terrain", "/shop.terrain-wal", "/shop.terrain-shm"})
        writeFile(maps + QLatin1String(f), QByteArray("SQLite format 3\0", 16));
    for (const std::string format : {"auto", "compose"}) {
        const auto scanned = scanSources({maps.toStdString()}, format);
        QCOMPARE(scanned.size(), size_t(4));
        QCOMPARE(scanned[0].format, std::string("compose"));
        for (size_t i = 1; i < scanned.size(); ++i)
            QCOMPARE(scanned[i].skipReason, std::string("a Terrain map file, not an input"));
    }
    try {
        scanSources({(maps + QStringLiteral("/shop.terrain")).toStdString()}, "auto");
        QFAIL("no error");
    } catch (const Error& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("a Terrain map file, not an input")),
                 e.what());
    }
    // A format named on the command line is taken at its word.
    const auto files = scanSources({notes.toStdString()}, "json");
    QCOMPARE(files.size(), size_t(1));
    QCOMPARE(files[0].format, std::string("json"));
    QVERIFY_THROWS_EXCEPTION(Error, scanSources({notes.toStdString()}, "xml"));
    QVERIFY_THROWS_EXCEPTION(Error,
                             scanSources({m_dir.filePath(QStringLiteral("missing")).toStdString()}, "auto"));
}

void TestImportJob::importRecordsRunsAndReports() {
    const QString file = m_dir.filePath(QStringLiteral("map.json"));
    writeFile(file, m_mapText);
    auto p = newMap();
    const json report = importInto(*p, {file.toStdString()});
    QCOMPARE(report["files"].size(), size_t(1));
    QCOMPARE(report["files"][0]["format"], "json");
    QCOMPARE(report["added"].get<int>(), 3);
    QCOMPARE(report["updated"].get<int>(), 0);
    QCOMPARE(report["skipped_files"].get<int>(), 0);
    QCOMPARE(report["unchanged"].get<int>(), 22); // the seeded areas and symptoms
    const auto runs = p->list<ImportRun>();
    QCOMPARE(runs.size(), size_t(1));
    QCOMPARE(runs[0].file, std::string("map.json"));
    QCOMPARE(runs[0].format, std::string("json"));
    QCOMPARE(runs[0].added, 3);
    QCOMPARE(QByteArray::fromStdString(runs[0].contentHash),
             QCryptographicHash::hash(m_mapText, QCryptographicHash::Sha256).toHex());
    QCOMPARE(p->undoText(), QStringLiteral("Import map.json"));
    // The run is the file's own history: the canonical map still exports what was imported.
    QCOMPARE(QByteArray::fromStdString(exportMapText(*p)), m_mapText);
    // Again: nothing new.
    QCOMPARE(importInto(*p, {file.toStdString()}, "json")["added"].get<int>(), 0);
}

void TestImportJob::batchIsOneEditAndAtomic() {
    const QString good = m_dir.filePath(QStringLiteral("batch/1-good.json"));
    const QString bad = m_dir.filePath(QStringLiteral("batch/2-bad.json"));
    writeFile(good, m_mapText);
    QByteArray broken = m_mapText;
    broken.replace("\"compute\"", "\"computer\"");
    writeFile(bad, broken);
    auto p = newMap();
    const std::string before = exportMapText(*p);
    try {
        importInto(*p, {good.toStdString(), bad.toStdString()});
        QFAIL("no error");
    } catch (const Error& e) {
        const QString what = QString::fromUtf8(e.what());
        QVERIFY2(what.startsWith(bad + QStringLiteral(": /systems/1/kind: expected one of")),
                 qPrintable(what));
    }
    QCOMPARE(exportMapText(*p), before);
    QCOMPARE(p->count(EntityKind::Import), std::int64_t(0));
    QVERIFY(!p->canUndo());

    // A good compose file and a broken Kubernetes manifest: the parse fails before anything is written.
    const QString compose = m_dir.filePath(QStringLiteral("batch2/a-compose.yaml"));
    const QString k8s = m_dir.filePath(QStringLiteral("batch2/b-k8s.yaml"));
    writeFile(compose,
              "services:\n  web:\n    image: nginx\n    depends_on: [db]\n  db:\n    image: postgres\n");
    writeFile(k8s, "apiVersion: v1\nkind: Service\nmetadata:\n  name: [broken\n");
    try {
        importInto(*p, {compose.toStdString(), k8s.toStdString()});
        QFAIL("no error");
    } catch (const Error& e) {
        QVERIFY2(QString::fromUtf8(e.what()).startsWith(k8s + QStringLiteral(": line ")), e.what());
    }
    QCOMPARE(exportMapText(*p), before);
    QVERIFY(!p->canUndo());

    // Maps and other sources do not mix in one import.
    QVERIFY_THROWS_EXCEPTION(Error, importInto(*p, {good.toStdString(), compose.toStdString()}));

    // The compose file alone: one edit, undone in one step.
    const json r = importInto(*p, {compose.toStdString()});
    QCOMPARE(r["added"].get<int>(), 2);
    QCOMPARE(r["dependencies"]["added"].get<int>(), 1);
    QCOMPARE(p->count(EntityKind::System), std::int64_t(2));
    p->undo();
    QCOMPARE(exportMapText(*p), before);
}

void TestImportJob::nothingToImportIsAnError() {
    const QString root = m_dir.filePath(QStringLiteral("nothing"));
    writeFile(root + QStringLiteral("/readme.txt"), "hello\n");
    ImportRequest request;
    request.paths = {root.toStdString()};
    try {
        parseImport(request);
        QFAIL("no error");
    } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).rfind("nothing to import", 0) == 0, e.what());
    }
}

void TestImportJob::spreadsheetTextIsRead() {
    // Excel's "CSV (Comma delimited)" is Windows-1252 (the audit's latin1.csv), its "Text (Tab delimited)"
    // too: imported, with a warning that says so. Only CSV reads such text: a compose file in Latin-1 is
    // refused as before (read as compose: with the place of its first byte that is not UTF-8).
    const QString root = m_dir.filePath(QStringLiteral("excel"));
    writeFile(root + QStringLiteral("/latin1.csv"), "name;type;owner\r\nweb;vm;M\xfcller\r\n");
    writeFile(root + QStringLiteral("/servers.txt"), "Hostname\tRole\tOwner\r\nweb01\tweb\tJos\xe9\r\n");
    writeFile(root + QStringLiteral("/compose.yaml"), "services:\n  caf\xe9: {image: nginx}\n");
    auto p = newMap();
    const json report = importInto(*p, {(root + QStringLiteral("/latin1.csv")).toStdString(),
                                        (root + QStringLiteral("/servers.txt")).toStdString()});
    QCOMPARE(report["added"].get<int>(), 2);
    QCOMPARE(p->systemByKey("csv:latin1/web")->owner, std::string("M\xc3\xbcller"));
    QCOMPARE(p->systemByKey("csv:servers/web01")->owner, std::string("Jos\xc3\xa9"));
    int said = 0;
    for (const auto& w : report["warnings"])
        said += w.get<std::string>().find("Windows-1252") != std::string::npos;
    QCOMPARE(said, 2);
    try {
        importInto(*p, {(root + QStringLiteral("/compose.yaml")).toStdString()}, "compose");
        QFAIL("no error");
    } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).find("line 2, column 6: UTF-8 text") != std::string::npos, e.what());
    }
    QVERIFY_THROWS_EXCEPTION(Error, importInto(*p, {(root + QStringLiteral("/compose.yaml")).toStdString()}));
    QCOMPARE(p->count(EntityKind::System), std::int64_t(2));
}

void TestImportJob::reportAsJson() {
    // A folder with a skipped file: the report lists it with its reason and counts it.
    const QString root = m_dir.filePath(QStringLiteral("report"));
    writeFile(root + QStringLiteral("/compose.yaml"), "services:\n  web:\n    image: nginx\n");
    writeFile(root + QStringLiteral("/readme.txt"), "hello\n");
    auto p = newMap();
    ImportRequest request;
    request.paths = {root.toStdString()};
    const PreparedImport prepared = planImport(*p, parseImport(request), request.merge);
    const json before = prepared.report();
    QCOMPARE(before["files"].size(), size_t(2));
    QCOMPARE(before["files"][0]["format"], "compose");
    QCOMPARE(before["files"][1]["status"], "skipped");
    QCOMPARE(before["files"][1]["reason"], "no import format recognises it");
    QCOMPARE(before["skipped_files"].get<int>(), 1);
    QCOMPARE(before["systems"]["added"].size(), size_t(1));
    QCOMPARE(p->count(EntityKind::System), std::int64_t(0)); // planning writes nothing
    QCOMPARE(commitImport(*p, prepared), before);
    QCOMPARE(p->count(EntityKind::System), std::int64_t(1));
}

void TestImportJob::includedFilesAreImportedOnce() {
    // A compose file that includes another, both in the folder: the included one's services are the
    // project's, once; it is listed as skipped with the reason. A file only extended from stays a source.
    const QString root = m_dir.filePath(QStringLiteral("included"));
    writeFile(root + QStringLiteral("/compose.yaml"),
              "name: shop\ninclude: [db/compose.yaml]\nservices:\n  web:\n    extends: {file: base.yml, "
              "service: web}\n    depends_on: [postgres]\n");
    writeFile(root + QStringLiteral("/db/compose.yaml"), "services:\n  postgres:\n    image: postgres\n");
    writeFile(root + QStringLiteral("/base.yml"), "services:\n  web:\n    image: nginx\n");
    auto p = newMap();
    ImportRequest request;
    request.paths = {root.toStdString()};
    const json report = commitImport(*p, planImport(*p, parseImport(request), request.merge));
    QCOMPARE(report["files"].size(), size_t(3));
    QCOMPARE(report["files"][0]["format"], "compose"); // base.yml
    QCOMPARE(report["files"][1]["format"], "compose"); // compose.yaml
    QCOMPARE(report["files"][2]["status"], "skipped");
    QCOMPARE(report["files"][2]["reason"].get<std::string>(),
             "imported as part of " + root.toStdString() +
                 "/compose.yaml, which includes it or points to it");
    QCOMPARE(report["skipped_files"].get<int>(), 1);
    std::vector<std::string> keys;
    for (const auto& s : p->list<System>())
        keys.push_back(s.key);
    std::sort(keys.begin(), keys.end());
    QCOMPARE(keys,
             (std::vector<std::string>{"compose:included/web", "compose:shop/postgres", "compose:shop/web"}));
    QCOMPARE(report["dependencies"]["added"].get<int>(), 1);
}

void TestImportJob::manifestsSplitOverFilesJoinUp() {
    // A folder of manifests, one object per file, between other files: read together, the Service
    // selects the Deployment of another file and the autoscaler's bounds reach it.
    const QString root = m_dir.filePath(QStringLiteral("manifests"));
    writeFile(root + QStringLiteral("/a-deployment.yaml"),
              "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n"
              "    metadata: {labels: {app: api}}\n    spec: {containers: [{name: api, image: api}]}\n");
    writeFile(root + QStringLiteral("/b-compose.yaml"), "services:\n  tool:\n    image: busybox\n");
    writeFile(root + QStringLiteral("/c-hpa.yaml"),
              "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: api}\nspec:\n"
              "  scaleTargetRef: {kind: Deployment, name: api}\n  minReplicas: 2\n  maxReplicas: 6\n");
    writeFile(root + QStringLiteral("/d-service.yaml"),
              "apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector: {app: api}\n");
    auto p = newMap();
    ImportRequest request;
    request.paths = {root.toStdString()};
    const json report = commitImport(*p, planImport(*p, parseImport(request), request.merge));
    QCOMPARE(report["files"].size(), size_t(4));
    for (const auto& f : report["files"])
        QCOMPARE(f["status"], "imported");
    QCOMPARE(report["files"][1]["format"], "compose"); // in its place among the manifests
    QCOMPARE(report["dependencies"]["added"].get<int>(), 1);
    const auto deps = p->list<Dependency>();
    QCOMPARE(deps.size(), size_t(1));
    QCOMPARE(p->get<System>(deps[0].from)->key, std::string("k8s:Service/default/api"));
    QCOMPARE(p->get<System>(deps[0].to)->key, std::string("k8s:Deployment/default/api"));
    const auto runs = p->list<ImportRun>();
    QCOMPARE(runs.size(), size_t(4));
    const auto api = p->get<System>(deps[0].to);
    QCOMPARE(api->attributes.value("min_replicas", 0), 2);
    QCOMPARE(api->attributes.value("max_replicas", 0), 6);
}

namespace {

/// "<from address> <kind> <to address>" of every dependency of `p`, sorted.
std::vector<std::string> edgeLines(const Project& p) {
    std::vector<std::string> out;
    for (const auto& d : p.list<Dependency>())
        out.push_back(p.get<System>(d.from)->address + " " + d.kind + " " + p.get<System>(d.to)->address);
    std::sort(out.begin(), out.end());
    return out;
}

/// Manifests of one environment: a web Deployment calling "db" (a Service no file defines) behind a
/// Service named api, in namespace `ns`, each labelled with its catalog entity's Kubernetes id.
QByteArray shopManifests(const char* ns) {
    return QByteArray("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: ") + ns +
           "\n  labels: {app: web, backstage.io/kubernetes-id: shop-web}\nspec:\n  template:\n"
           "    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: web\n"
           "        image: shop/web:1\n        env: [{name: DB_HOST, value: db}]\n---\n"
           "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: " +
           ns + "\n  labels: {backstage.io/kubernetes-id: shop-web}\nspec:\n  selector: {app: web}\n";
}

} // namespace

// A Service and the Deployment it selects, each in a file of its own, imported one at a time, in either
// order, and each imported again alone (as after an edit of that file): the Service routes to the
// Deployment throughout, from the map's labels and selectors, and no longer once either changes so
// that the selector misses. Another environment's Deployment of the same labels is another cluster's.
void TestImportJob::manifestsImportedApartJoinUp() {
    const QString root = m_dir.filePath(QStringLiteral("apart"));
    const QString deployment = root + QStringLiteral("/deployment.yaml");
    const QString service = root + QStringLiteral("/service.yaml");
    auto writeDeployment = [&](const char* app) {
        writeFile(deployment,
                  QByteArray("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: "
                             "shop}\nspec:\n  template:\n    metadata: {labels: {app: ") +
                      app + ", tier: web}}\n    spec: {containers: [{name: api, image: shop/api:1}]}\n");
    };
    auto writeService = [&](const char* app) {
        writeFile(service,
                  QByteArray("apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\n"
                             "spec:\n  selector: {app: ") +
                      app + "}\n  ports: [{port: 80}]\n");
    };
    writeDeployment("api");
    writeService("api");
    const std::vector<std::string> routes{"Service/shop/api routes-to Deployment/shop/api"};
    for (const bool serviceFirst : {true, false}) {
        auto p = newMap();
        const std::string first = (serviceFirst ? service : deployment).toStdString();
        const std::string second = (serviceFirst ? deployment : service).toStdString();
        importInto(*p, {first});
        QVERIFY(edgeLines(*p).empty());
        QCOMPARE(importInto(*p, {second})["dependencies"]["added"].get<int>(), 1);
        QCOMPARE(edgeLines(*p), routes);
        for (const auto& again : {first, second}) {
            const json report = importInto(*p, {again});
            QCOMPARE(report["dependencies"]["removed"].get<int>(), 0);
            QCOMPARE(edgeLines(*p), routes);
        }
        // A file that only names the Service (a client calling it) knows nothing of its selector.
        const QString client = root + QStringLiteral("/client.yaml");
        writeFile(client, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: client, namespace: shop}\n"
                          "spec:\n  template:\n    spec:\n      containers:\n      - name: c\n"
                          "        image: shop/client:1\n        env: [{name: API_HOST, value: api}]\n");
        importInto(*p, {client.toStdString()});
        QCOMPARE(edgeLines(*p),
                 (std::vector<std::string>{"Deployment/shop/client calls Service/shop/api", routes.front()}));
        importInto(*p, {client.toStdString()});
        QCOMPARE(edgeLines(*p).size(), size_t(2));
        QFile::remove(client);
        // The selector misses once either side changes, and meets again once it is put back.
        writeService("web");
        importInto(*p, {service.toStdString()});
        QCOMPARE(edgeLines(*p).size(), size_t(1)); // the client's call alone
        writeService("api");
        importInto(*p, {service.toStdString()});
        QCOMPARE(edgeLines(*p).back(), routes.front());
        writeDeployment("other");
        importInto(*p, {deployment.toStdString()});
        QCOMPARE(edgeLines(*p).size(), size_t(1));
        writeDeployment("api");
        importInto(*p, {deployment.toStdString()});
        QCOMPARE(edgeLines(*p).back(), routes.front());
    }
    auto p = newMap();
    importInto(*p, {deployment.toStdString()}, "auto", "staging");
    importInto(*p, {service.toStdString()}, "auto", "production");
    QVERIFY(edgeLines(*p).empty());
}

void TestImportJob::namespacesKeepSameNamedServicesApart() {
    // Staging's and production's manifests, imported one after the other or together: each namespace's
    // Service api, and each namespace's db that no file defines, is a system of its own. A Service's bare
    // name was an identifier, so both Services were one, routing to both Deployments.
    const QString staging = m_dir.filePath(QStringLiteral("envs/staging.yaml"));
    const QString prod = m_dir.filePath(QStringLiteral("envs/prod.yaml"));
    writeFile(staging, shopManifests("staging"));
    writeFile(prod, shopManifests("prod"));
    const std::vector<std::string> expected = {
        "Deployment/prod/web calls db",
        "Deployment/staging/web calls db",
        "Service/prod/api routes-to Deployment/prod/web",
        "Service/staging/api routes-to Deployment/staging/web",
        "backstage.io/kubernetes-id=shop-web contains Deployment/prod/web",
        "backstage.io/kubernetes-id=shop-web contains Deployment/staging/web",
        "backstage.io/kubernetes-id=shop-web contains Service/prod/api",
        "backstage.io/kubernetes-id=shop-web contains Service/staging/api"};
    for (bool together : {false, true}) {
        auto p = newMap();
        if (together) {
            importInto(*p, {staging.toStdString(), prod.toStdString()});
        } else {
            importInto(*p, {staging.toStdString()});
            importInto(*p, {prod.toStdString()});
        }
        QCOMPARE(p->list<System>().size(), size_t(7)); // 2 x (web, api, db) and the catalog entity
        std::set<std::string> keys;
        for (const auto& s : p->list<System>())
            keys.insert(s.key);
        for (const char* key : {"k8s:Service/staging/api", "k8s:Service/prod/api", "k8s:external/db.staging",
                                "k8s:external/db.prod"})
            QVERIFY2(keys.count(key), key);
        QCOMPARE(edgeLines(*p), expected);
    }
}

void TestImportJob::catalogEntityContainsItsObjects() {
    // A catalog entity annotated backstage.io/kubernetes-id, and the objects labelled so in two
    // namespaces: the entity contains each of them, the catalog imported before the manifests, after
    // them or with them. Its owner and dependencies are the catalog's.
    const QString catalog = m_dir.filePath(QStringLiteral("catalog/catalog-info.yaml"));
    writeFile(catalog, "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\n"
                       "  annotations: {backstage.io/kubernetes-id: shop-web}\nspec:\n  type: service\n"
                       "  lifecycle: production\n  owner: team-shop\n  dependsOn: [resource:orders-db]\n");
    const QString staging = m_dir.filePath(QStringLiteral("catalog-envs/staging.yaml"));
    const QString prod = m_dir.filePath(QStringLiteral("catalog-envs/prod.yaml"));
    writeFile(staging, shopManifests("staging"));
    writeFile(prod, shopManifests("prod"));
    const std::vector<std::string> expected = {"Deployment/prod/web calls db",
                                               "Deployment/staging/web calls db",
                                               "Service/prod/api routes-to Deployment/prod/web",
                                               "Service/staging/api routes-to Deployment/staging/web",
                                               "component:web contains Deployment/prod/web",
                                               "component:web contains Deployment/staging/web",
                                               "component:web contains Service/prod/api",
                                               "component:web contains Service/staging/api",
                                               "component:web depends-on resource:orders-db"};
    const std::vector<std::vector<std::vector<std::string>>> orders = {
        {{catalog.toStdString()}, {staging.toStdString(), prod.toStdString()}},
        {{staging.toStdString(), prod.toStdString()}, {catalog.toStdString()}},
        {{staging.toStdString()}, {catalog.toStdString()}, {prod.toStdString()}},
        {{catalog.toStdString(), staging.toStdString(), prod.toStdString()}}};
    for (const auto& order : orders) {
        auto p = newMap();
        for (const auto& paths : order)
            importInto(*p, paths);
        QCOMPARE(p->list<System>().size(), size_t(8)); // the component, orders-db, 2 x (web, api, db)
        std::vector<std::string> lines = edgeLines(*p);
        // The entity is known by the catalog's address whichever import brought it first.
        const auto systems = p->list<System>();
        const auto entity = std::find_if(systems.begin(), systems.end(), [](const System& s) {
            return s.owner == "team-shop" && s.kind == "service";
        });
        QVERIFY(entity != systems.end());
        QCOMPARE(entity->address, std::string("component:web"));
        QCOMPARE(entity->lifecycle, std::string("keep"));
        QVERIFY(!isPlaceholder(*entity));
        QCOMPARE(lines, expected);
    }
    // The manifests alone: the entity is a placeholder, managed elsewhere, that contains them.
    auto alone = newMap();
    importInto(*alone, {staging.toStdString(), prod.toStdString()});
    const auto systems = alone->list<System>();
    const auto entity = std::find_if(systems.begin(), systems.end(),
                                     [](const System& s) { return s.key == "k8s:backstage/shop-web"; });
    QVERIFY(entity != systems.end());
    QVERIFY(isPlaceholder(*entity));
    QCOMPARE(entity->name, std::string("shop-web"));
}

namespace {

/// How many systems of `p` each environment has.
std::map<std::string, int> systemsPerEnvironment(const Project& p) {
    std::map<std::string, int> out;
    for (const auto& s : p.list<System>())
        ++out[s.environment];
    return out;
}

/// Dependencies of `p` between two systems of different environments.
int acrossEnvironments(const Project& p) {
    int n = 0;
    for (const auto& d : p.list<Dependency>())
        n += p.get<System>(d.from)->environment != p.get<System>(d.to)->environment;
    return n;
}

} // namespace

void TestImportJob::workspacesStayApart() {
    // One configuration applied in two workspaces (Terraform 1.11: the default one and `staging`): the
    // same 19 addresses twice. Its folder imported: each state is its workspace's environment, and each
    // environment its own 19 systems; they were one set of 19, the second state's values over the first's.
    auto p = newMap();
    json report = importInto(*p, {kWorkspaces});
    QCOMPARE(report["added"].get<int>(), 38);
    QCOMPARE(systemsPerEnvironment(*p), (std::map<std::string, int>{{"default", 19}, {"staging", 19}}));
    QCOMPARE(p->list<Dependency>().size(), size_t(64));
    QCOMPARE(acrossEnvironments(*p), 0);
    QVERIFY(p->systemByKey("tf:terraform_data.gateway@staging"));
    // Again, and each state alone: nothing changes.
    report = importInto(*p, {kWorkspaces});
    QCOMPARE(report["unchanged"].get<int>(), 38);
    report = importInto(*p, {kWorkspaces + "/terraform.tfstate.d/staging/terraform.tfstate"});
    QCOMPARE(report["unchanged"].get<int>(), 19);
    QCOMPARE(report["added"].get<int>(), 0);
    QCOMPARE(p->list<System>().size(), size_t(38));
    // With an environment for the import: the default workspace's; the named one keeps its own.
    auto q = newMap();
    importInto(*q, {kWorkspaces}, "auto", "production");
    QCOMPARE(systemsPerEnvironment(*q), (std::map<std::string, int>{{"production", 19}, {"staging", 19}}));
    // Workspaces named dev and qa are two environments (both were "development").
    const QString named = m_dir.filePath(QStringLiteral("named/terraform.tfstate.d"));
    QVERIFY(QDir().mkpath(named + QStringLiteral("/dev")) && QDir().mkpath(named + QStringLiteral("/qa")));
    QVERIFY(QFile::copy(QString::fromStdString(kWorkspaces + "/terraform.tfstate"),
                        named + QStringLiteral("/dev/terraform.tfstate")));
    QVERIFY(
        QFile::copy(QString::fromStdString(kWorkspaces + "/terraform.tfstate.d/staging/terraform.tfstate"),
                    named + QStringLiteral("/qa/terraform.tfstate")));
    auto r = newMap();
    importInto(*r, {named.toStdString()});
    QCOMPARE(systemsPerEnvironment(*r), (std::map<std::string, int>{{"dev", 19}, {"qa", 19}}));

    // With the configuration's `terraform graph` beside the states, which sorts first in the folder and says
    // no environment (the audit's repository): the same two sets, in either order of the files, where the
    // graph held the keys first and both states joined it.
    const QString withGraph = m_dir.filePath(QStringLiteral("with-graph"));
    QVERIFY(QDir().mkpath(withGraph + QStringLiteral("/terraform.tfstate.d/staging")));
    QVERIFY(QFile::copy(QString::fromStdString(kWorkspaces + "/terraform.tfstate"),
                        withGraph + QStringLiteral("/terraform.tfstate")));
    QVERIFY(
        QFile::copy(QString::fromStdString(kWorkspaces + "/terraform.tfstate.d/staging/terraform.tfstate"),
                    withGraph + QStringLiteral("/terraform.tfstate.d/staging/terraform.tfstate")));
    writeFile(withGraph + QStringLiteral("/graph.dot"),
              "digraph G {\n  \"terraform_data.gateway\" [label=\"terraform_data.gateway\"];\n"
              "  \"module.net.terraform_data.vpc\" [label=\"terraform_data.vpc\"];\n"
              "  \"module.net.terraform_data.subnet\" [label=\"terraform_data.subnet\"];\n"
              "  \"terraform_data.gateway\" -> \"module.net.terraform_data.subnet\";\n"
              "  \"module.net.terraform_data.subnet\" -> \"module.net.terraform_data.vpc\";\n}\n");
    std::set<std::pair<std::string, std::string>> keys[2]; // key, environment
    const std::string graph = (withGraph + QStringLiteral("/graph.dot")).toStdString();
    const std::vector<std::vector<std::string>> orders = {{withGraph.toStdString()},
                                                          {withGraph.toStdString() + "/terraform.tfstate",
                                                           withGraph.toStdString() + "/terraform.tfstate.d",
                                                           graph}};
    for (size_t o = 0; o < orders.size(); ++o) {
        auto m = newMap();
        importInto(*m, orders[o]);
        QCOMPARE(systemsPerEnvironment(*m), (std::map<std::string, int>{{"default", 19}, {"staging", 19}}));
        QCOMPARE(acrossEnvironments(*m), 0);
        for (const auto& sys : m->list<System>())
            keys[o].emplace(sys.key, sys.environment);
    }
    QCOMPARE(keys[0], keys[1]);
    QVERIFY(keys[0].count({"tf:terraform_data.gateway", "default"}));
    QVERIFY(keys[0].count({"tf:terraform_data.gateway@staging", "staging"}));
}

void TestImportJob::environmentsGivenStayApart() {
    const std::string prod = kWorkspaces + "/terraform.tfstate";
    const std::string staging = kWorkspaces + "/terraform.tfstate.d/staging/terraform.tfstate";
    const QString copy =
        m_dir.filePath(QStringLiteral("states/second.tfstate")); // no environment in its path
    QVERIFY(QDir().mkpath(QFileInfo(copy).path()));
    QVERIFY(QFile::copy(QString::fromStdString(staging), copy));
    // Each state with its environment (--env): two environments, in either order.
    for (bool stagingFirst : {false, true}) {
        auto p = newMap();
        if (stagingFirst)
            importInto(*p, {copy.toStdString()}, "auto", "staging");
        importInto(*p, {prod}, "auto", "production");
        if (!stagingFirst)
            importInto(*p, {copy.toStdString()}, "auto", "staging");
        QCOMPARE(systemsPerEnvironment(*p),
                 (std::map<std::string, int>{{"production", 19}, {"staging", 19}}));
        QCOMPARE(acrossEnvironments(*p), 0);
        QCOMPARE(importInto(*p, {prod}, "auto", "production")["unchanged"].get<int>(), 19);
        QCOMPARE(importInto(*p, {copy.toStdString()}, "auto", "staging")["unchanged"].get<int>(), 19);
    }
    // Staging's state with the configuration's graph: the graph's edges join staging's instances.
    {
        auto p = newMap();
        importInto(*p, {prod}, "auto", "production");
        importInto(*p, {copy.toStdString(), kWorkspaces + "/../fanout_graph.dot"}, "auto", "staging");
        QCOMPARE(systemsPerEnvironment(*p),
                 (std::map<std::string, int>{{"production", 19}, {"staging", 19}}));
        QCOMPARE(p->list<Dependency>().size(), size_t(64));
        QCOMPARE(acrossEnvironments(*p), 0);
    }
    // The same state again with another environment: the same systems, in that environment now.
    {
        auto p = newMap();
        importInto(*p, {prod}, "auto", "production");
        const json report = importInto(*p, {prod}, "auto", "staging");
        QCOMPARE(report["added"].get<int>(), 0);
        QCOMPARE(systemsPerEnvironment(*p), (std::map<std::string, int>{{"staging", 19}}));
    }
    // No environment for one of them: its resources are others all the same (their ids differ), kept apart
    // as another configuration's, and the import says how to show them as another environment's.
    {
        auto p = newMap();
        importInto(*p, {prod}, "auto", "production");
        ImportRequest request;
        request.paths = {copy.toStdString()};
        const PreparedImport prepared = planImport(*p, parseImport(request), request.merge);
        const json report = commitImport(*p, prepared);
        QCOMPARE(report["added"].get<int>(), 19);
        QCOMPARE(p->list<System>().size(), size_t(38));
        QCOMPARE(acrossEnvironments(*p), 0);
        QCOMPARE(p->list<Dependency>().size(), size_t(64));
        const std::string warnings = report["warnings"].dump();
        QVERIFY2(
            warnings.find("second.tfstate (lineage 6bb8284a-e0f1-79d7-cdf7-52112197c6ac): its addresses are "
                          "those of another state (lineage d09278c2-3772-747c-26d7-d3a30cdc104b), but its "
                          "resources are others") != std::string::npos,
            warnings.c_str());
        // Imported again: the same systems.
        QCOMPARE(importInto(*p, {copy.toStdString()})["unchanged"].get<int>(), 19);
        // A copy of the first state under another lineage (the same resources): one set of systems, and
        // the import says why.
        std::ifstream in(prod);
        json same = json::parse(in);
        same["lineage"] = "11111111-2222-3333-4444-555555555555";
        const QString sameFile = m_dir.filePath(QStringLiteral("same.tfstate"));
        writeFile(sameFile, QByteArray::fromStdString(same.dump()));
        const json again = importInto(*p, {sameFile.toStdString()});
        QCOMPARE(again["added"].get<int>(), 0);
        QVERIFY2(again["warnings"].dump().find("and it is taken as the same systems") != std::string::npos,
                 again["warnings"].dump().c_str());
    }
    // States saved under their environments' names (terraform state pull > prod.tfstate), imported
    // together without an environment: each is the one its name says.
    {
        const QString named = m_dir.filePath(QStringLiteral("saved"));
        QVERIFY(QDir().mkpath(named));
        QVERIFY(QFile::copy(QString::fromStdString(prod), named + QStringLiteral("/shop-prod.tfstate")));
        QVERIFY(QFile::copy(copy, named + QStringLiteral("/shop_staging.tfstate")));
        auto p = newMap();
        importInto(*p, {named.toStdString()});
        QCOMPARE(systemsPerEnvironment(*p),
                 (std::map<std::string, int>{{"production", 19}, {"staging", 19}}));
        QCOMPARE(acrossEnvironments(*p), 0);
        // And staging's graph saved under its name: its edges join staging's instances.
        const QString graph = m_dir.filePath(QStringLiteral("graph-staging.dot"));
        QVERIFY(QFile::copy(QString::fromStdString(kWorkspaces + "/../fanout_graph.dot"), graph));
        importInto(*p, {graph.toStdString()});
        QCOMPARE(p->list<Dependency>().size(), size_t(64));
        QCOMPARE(acrossEnvironments(*p), 0);
    }
    // A manifest without a namespace applied to two clusters, each import with its environment.
    const QString manifest = m_dir.filePath(QStringLiteral("cluster/app.yaml"));
    writeFile(manifest,
              "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n"
              "    metadata: {labels: {app: api}}\n    spec: {containers: [{name: api, image: api}]}\n"
              "---\napiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector: {app: api}\n");
    const QString again = m_dir.filePath(QStringLiteral("cluster/app-prod.yaml"));
    QVERIFY(QFile::copy(manifest, again));
    auto p = newMap();
    importInto(*p, {manifest.toStdString()}, "auto", "staging");
    importInto(*p, {again.toStdString()}, "auto", "production");
    QCOMPARE(systemsPerEnvironment(*p), (std::map<std::string, int>{{"production", 2}, {"staging", 2}}));
    QCOMPARE(acrossEnvironments(*p), 0);
    QVERIFY(p->systemByKey("k8s:Service/default/api@production"));
    // A workload of production's cluster, imported on its own, calls production's api by its DNS name,
    // which staging's api has too.
    const QString caller = m_dir.filePath(QStringLiteral("cluster/web.yaml"));
    writeFile(caller, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n"
                      "    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: web\n"
                      "        image: web\n        env: [{name: API_URL, value: "
                      "'http://api.default.svc.cluster.local'}]\n");
    importInto(*p, {caller.toStdString()}, "auto", "production");
    const auto web = p->systemByKey("k8s:Deployment/default/web");
    QVERIFY(web);
    int calls = 0;
    for (const auto& d : p->list<Dependency>())
        if (d.from == web->id) {
            QCOMPARE(p->get<System>(d.to)->key, std::string("k8s:Service/default/api@production"));
            ++calls;
        }
    QCOMPARE(calls, 1);
}

// Two services' Terraform configurations, each with `terraform_data.db` and `terraform_data.api` (its own
// resources: other ids), in one environment: four systems, whatever the order and however imported, each
// service's api depending on its own database; the `show -json` of one state joins that state's systems.
void TestImportJob::configurationsWithTheSameAddressesStayApart() {
    auto state = [&](const std::string& service, const std::string& lineage, const std::string& idPrefix) {
        const json db = {{"mode", "managed"},
                         {"type", "terraform_data"},
                         {"name", "db"},
                         {"provider", "provider[\"terraform.io/builtin/terraform\"]"},
                         {"instances", json::array({{{"schema_version", 0},
                                                     {"attributes",
                                                      {{"id", idPrefix + "-0000-4000-8000-00000000000d"},
                                                       {"input", service + "-db"}}}}})}};
        json api = db;
        api["name"] = "api";
        api["instances"][0]["attributes"] = {{"id", idPrefix + "-0000-4000-8000-00000000000a"},
                                             {"input", service + "-api"}};
        api["instances"][0]["dependencies"] = json::array({"terraform_data.db"});
        const json st = {
            {"version", 4},       {"terraform_version", "1.11.0"}, {"serial", 1},
            {"lineage", lineage}, {"outputs", json::object()},     {"resources", json::array({db, api})}};
        const QString path =
            m_dir.filePath(QString::fromStdString("configs/" + service + "/terraform.tfstate"));
        writeFile(path, QByteArray::fromStdString(st.dump(2)));
        return path.toStdString();
    };
    const std::string a = state("orders", "aaaaaaaa-0000-4000-8000-000000000001", "aaaaaaaa");
    const std::string b = state("billing", "bbbbbbbb-0000-4000-8000-000000000002", "bbbbbbbb");
    // Each api depends on the database of its own service (their ids begin alike).
    auto ownDatabases = [](const Project& p) {
        std::map<Id, std::string> service;
        for (const auto& s : p.list<System>())
            service[s.id] = s.attributes.value("id", "").substr(0, 8);
        int own = 0;
        for (const auto& d : p.list<Dependency>())
            own += !service[d.from].empty() && service[d.from] == service[d.to];
        return own;
    };
    for (const auto& order : std::vector<std::vector<std::string>>{{a, b}, {b, a}}) {
        auto together = newMap();
        importInto(*together, order, "auto", "production");
        QCOMPARE(together->list<System>().size(), size_t(4));
        QCOMPARE(together->list<Dependency>().size(), size_t(2));
        QCOMPARE(ownDatabases(*together), 2);
        const json again = importInto(*together, {a, b}, "auto", "production");
        QCOMPARE(again["unchanged"].get<int>(), 4);
        QCOMPARE(again["added"].get<int>(), 0);

        auto apart = newMap();
        importInto(*apart, {order[0]});
        const json second = importInto(*apart, {order[1]});
        QCOMPARE(second["added"].get<int>(), 2);
        QCOMPARE(apart->list<System>().size(), size_t(4));
        QCOMPARE(ownDatabases(*apart), 2);
        const std::string mark = order[1] == b ? "@billing" : "@orders";
        QVERIFY(apart->systemByKey("tf:terraform_data.db" + mark));
        QCOMPARE(importInto(*apart, {order[1]})["unchanged"].get<int>(), 2);
        QCOMPARE(importInto(*apart, {order[0]})["unchanged"].get<int>(), 2);
        QCOMPARE(apart->list<System>().size(), size_t(4));
    }
    // The second state's `show -json` (the same resources, by their ids) joins that state's systems.
    std::ifstream in(b);
    const json billing = json::parse(in);
    json values = {{"root_module", {{"resources", json::array()}}}};
    for (const auto& r : billing["resources"])
        values["root_module"]["resources"].push_back(
            {{"address", "terraform_data." + r["name"].get<std::string>()},
             {"mode", "managed"},
             {"type", "terraform_data"},
             {"name", r["name"]},
             {"provider_name", "terraform.io/builtin/terraform"},
             {"schema_version", 0},
             {"values", r["instances"][0]["attributes"]},
             {"sensitive_values", json::object()}});
    const QString show = m_dir.filePath(QStringLiteral("configs/billing/show.json"));
    writeFile(
        show,
        QByteArray::fromStdString(
            json{{"format_version", "1.0"}, {"terraform_version", "1.11.0"}, {"values", values}}.dump()));
    auto p = newMap();
    importInto(*p, {a, b});
    const json shown = importInto(*p, {show.toStdString()});
    QCOMPARE(shown["added"].get<int>(), 0);
    QCOMPARE(p->list<System>().size(), size_t(4));
    QCOMPARE(p->systemByKey("tf:terraform_data.db@billing")->sources,
             (std::vector<std::string>{"tfstate", "tfjson"}));

    // Two services' states built from the same modules (the audit's tf4), with resources whose ids say
    // nothing of what they are (a Helm release's id is its name) beside ones whose ids do, and a data
    // source both read: two states that share no resource are two configurations, as their lineages say,
    // whatever the ids; what both read is one system. A copy of a state under another lineage (it shares
    // the resources whose ids say what they are) is the same systems, those without ids too.
    auto moduleState = [&](const std::string& service, const std::string& lineage, const std::string& sg,
                           bool withGroup) {
        json resources = json::array(
            {{{"module", "module.app"},
              {"mode", "managed"},
              {"type", "helm_release"},
              {"name", "this"},
              {"provider", "provider[\"registry.terraform.io/hashicorp/helm\"]"},
              {"instances",
               json::array({{{"schema_version", 1},
                             {"attributes", {{"id", "app"}, {"name", "app"}, {"namespace", "apps"}}}}})}},
             {{"mode", "data"},
              {"type", "aws_vpc"},
              {"name", "main"},
              {"provider", "provider[\"registry.terraform.io/hashicorp/aws\"]"},
              {"instances",
               json::array({{{"schema_version", 0}, {"attributes", {{"id", "vpc-0a1b2c3d4e5f60001"}}}}})}}});
        if (withGroup)
            resources.push_back(
                {{"module", "module.sg"},
                 {"mode", "managed"},
                 {"type", "aws_security_group"},
                 {"name", "this"},
                 {"provider", "provider[\"registry.terraform.io/hashicorp/aws\"]"},
                 {"instances",
                  json::array({{{"index_key", 0},
                                {"schema_version", 1},
                                {"attributes", {{"id", sg}, {"vpc_id", "vpc-0a1b2c3d4e5f60001"}}},
                                {"dependencies", json::array({"data.aws_vpc.main"})}}})}});
        const json st = {{"version", 4},       {"terraform_version", "1.11.0"}, {"serial", 3},
                         {"lineage", lineage}, {"outputs", json::object()},     {"resources", resources}};
        return writtenFile(
            m_dir.filePath(QString::fromStdString("modules/" + service + "/terraform.tfstate")),
            QByteArray::fromStdString(st.dump(2)));
    };
    const std::string api = moduleState("api", "lin-api", "sg-0aa11aa11aa11aa11", true);
    const std::string worker = moduleState("worker", "lin-worker", "sg-0bb22bb22bb22bb22", true);
    auto marked = [](const Project& map) {
        const auto systems = map.list<System>();
        return std::count_if(systems.begin(), systems.end(),
                             [](const System& s) { return s.key.ends_with("@worker"); });
    };
    {
        auto together = newMap();
        const json report = importInto(*together, {api, worker});
        QCOMPARE(together->list<System>().size(), size_t(5));
        QCOMPARE(marked(*together), 2);
        QVERIFY2(report["warnings"].dump().find("taken as the same") == std::string::npos,
                 report["warnings"].dump().c_str());
        QCOMPARE(importInto(*together, {api, worker})["unchanged"].get<int>(), 5);

        auto oneByOne = newMap();
        importInto(*oneByOne, {api});
        QCOMPARE(importInto(*oneByOne, {worker})["added"].get<int>(), 2);
        QCOMPARE(oneByOne->list<System>().size(), size_t(5));
        QCOMPARE(marked(*oneByOne), 2);
        QCOMPARE(oneByOne->systemByKey("tf:module.app.helm_release.this")->scopes,
                 std::vector<std::string>{"tfstate:lin-api"});
        QCOMPARE(importInto(*oneByOne, {worker})["unchanged"].get<int>(), 3);
        QCOMPARE(importInto(*oneByOne, {api})["unchanged"].get<int>(), 3);

        // A copy of the api's state under another lineage: the same systems.
        const std::string copy = moduleState("api-copy", "lin-api-copy", "sg-0aa11aa11aa11aa11", true);
        const json copied = importInto(*oneByOne, {copy});
        QCOMPARE(copied["added"].get<int>(), 0);
        QVERIFY(copied["warnings"].dump().find("taken as the same") != std::string::npos);

        // A third state with only the release (nothing it shares with the others): another one.
        const std::string third = moduleState("cron", "lin-cron", "", false);
        QCOMPARE(importInto(*oneByOne, {third})["added"].get<int>(), 1);
        QVERIFY(oneByOne->systemByKey("tf:module.app.helm_release.this@cron"));
        QCOMPARE(importInto(*oneByOne, {third})["unchanged"].get<int>(), 2);
    }
}

// The demo map's Backstage catalog, imported back into it: each entity joins the system it was written
// from (its terrain/key), the map's System entity is neither a system nor a group, the export's "unowned"
// is no owner, and each dependsOn joins the dependency it was written from, whatever its kind.
void TestImportJob::ownBackstageExportImportsBack() {
    auto p = newMap();
    populateDemo(*p);
    const auto before = p->list<System>();
    const size_t dependencies = p->list<Dependency>().size();
    const QString catalog = m_dir.filePath(QStringLiteral("exported/catalog-info.yaml"));
    writeFile(catalog, QByteArray::fromStdString(backstageCatalog(exportInput(*p))));
    const json report = importInto(*p, {catalog.toStdString()});
    QCOMPARE(report["added"].get<int>(), 0);
    QCOMPARE(report["dependencies"]["added"].get<int>(), 0);
    const auto after = p->list<System>();
    QCOMPARE(after.size(), before.size());
    QCOMPARE(p->list<Dependency>().size(), dependencies);
    const std::string mapName = exportInput(*p).mapName;
    for (size_t i = 0; i < after.size(); ++i) {
        QCOMPARE(after[i].owner, before[i].owner);
        QCOMPARE(after[i].name, before[i].name);
        QVERIFY2(after[i].group != mapName, after[i].key.c_str());
    }
    QCOMPARE(importInto(*p, {catalog.toStdString()})["updated"].get<int>(), 0);
}

void TestImportJob::prometheusTargetsNameComposeServices() {
    // Prometheus in a compose project scrapes "api:8080", the project's api service by its name in the
    // project's network: imported with the project or after it, the service is monitored. A name two
    // projects have is neither's.
    const QString folder = m_dir.filePath(QStringLiteral("monitored"));
    const std::string compose =
        writtenFile(folder + QStringLiteral("/compose.yaml"),
                    "name: shop\nservices:\n  api: {image: shop/api}\n  db: {image: postgres}\n"
                    "  prometheus: {image: prom/prometheus}\n");
    const std::string prometheus =
        writtenFile(folder + QStringLiteral("/prometheus.yml"),
                    "scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ['api:8080', "
                    "'db:9187']\n");
    const std::string other =
        writtenFile(folder + QStringLiteral("/other/compose.yaml"),
                    "name: billing\nservices:\n  db: {image: postgres}\n"
                    "  worker: {image: billing/worker, environment: {API_URL: 'http://api:8080'}}\n");
    auto monitored = [](const Project& p, const std::string& key) {
        const auto s = p.systemByKey(key);
        return s && s->attributes.value("monitored_by", std::string()) == "prometheus";
    };
    for (int order : {0, 1, 2}) { // together, the project first, the configuration first
        auto p = newMap();
        if (order == 0) {
            importInto(*p, {compose, prometheus});
        } else {
            importInto(*p, {order == 1 ? compose : prometheus});
            importInto(*p, {order == 1 ? prometheus : compose});
        }
        QVERIFY(monitored(*p, "compose:shop/api"));
        QVERIFY(monitored(*p, "compose:shop/db"));
        QVERIFY(!monitored(*p, "compose:shop/prometheus"));
        // Imported again, in either order, nothing changes.
        QCOMPARE(importInto(*p, {compose})["unchanged"].get<int>(), 3);
        QCOMPARE(importInto(*p, {prometheus})["unchanged"].get<int>(), 1);
    }
    auto p = newMap();
    importInto(*p, {compose, other});
    const json report = importInto(*p, {prometheus});
    QVERIFY(monitored(*p, "compose:shop/api"));
    QVERIFY(!monitored(*p, "compose:shop/db"));
    QVERIFY(!monitored(*p, "compose:billing/db"));
    QVERIFY(p->systemByKey("compose:external/api")); // what billing's worker calls: no project's service
    QVERIFY2(report["warnings"].dump().find(
                 "db (scraped at db:9187, job app) names 2 services of the map (of "
                 "different projects), so neither is marked monitored by prometheus") != std::string::npos,
             report["warnings"].dump().c_str());
}

void TestImportJob::prometheusConfigurationsOfOneNameStayTwo() {
    // The audit's prom2: prod/prometheus.yml and staging/prometheus.yml are two Prometheus servers. The
    // first (or only) keeps the key its name makes, so a map that holds it imports it again unchanged; the
    // other takes its folder's; each keeps its key imported again, alone or together, in either order.
    const QString root = m_dir.filePath(QStringLiteral("prom2"));
    const std::string prod = writtenFile(
        root + QStringLiteral("/prod/prometheus.yml"),
        "scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ['web:3000']\n");
    const std::string staging = writtenFile(
        root + QStringLiteral("/staging/prometheus.yml"),
        "scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ['sidekiq:9394', "
        "'localhost:9090']\n");
    auto p = newMap();
    const json both = importInto(*p, {root.toStdString()});
    QCOMPARE(both["systems"]["added"],
             json::array({"prometheus:prometheus", "prometheus:staging/prometheus"}));
    QCOMPARE(p->systemByKey("prometheus:staging/prometheus")->name,
             std::string("Prometheus (staging/prometheus.yml)"));
    // Its own target on localhost marks it, not the other.
    QCOMPARE(p->systemByKey("prometheus:staging/prometheus")->attributes.value("scrape_targets", ""),
             std::string("localhost:9090"));
    QVERIFY(!p->systemByKey("prometheus:prometheus")->attributes.contains("scrape_targets"));
    for (const auto& paths : {std::vector<std::string>{root.toStdString()}, std::vector<std::string>{staging},
                              std::vector<std::string>{prod}, std::vector<std::string>{staging, prod}}) {
        const json again = importInto(*p, paths);
        QCOMPARE(again["added"].get<int>(), 0);
        QCOMPARE(again["gone"].get<int>(), 0);
        QCOMPARE(again["updated"].get<int>(), 0);
    }
    QCOMPARE(p->count(EntityKind::System), std::int64_t(2));

    // One at a time, staging first: it keeps the key its name makes, and production takes its folder's.
    auto q = newMap();
    importInto(*q, {staging});
    QCOMPARE(importInto(*q, {prod})["systems"]["added"], json::array({"prometheus:prod/prometheus"}));
    QCOMPARE(importInto(*q, {root.toStdString()})["unchanged"].get<int>(), 2);
}

void TestImportJob::composeImageFollowsDotEnv() {
    // The audit's envbump: the image is the one .env's APP_TAG makes; bumping it is an update.
    const QString root = m_dir.filePath(QStringLiteral("envbump"));
    writeFile(root + QStringLiteral("/.env"), "APP_TAG=2.0.0\nPOSTGRES_PASSWORD=EnvFilePgPassword777\n");
    writeFile(root + QStringLiteral("/docker-compose.yml"),
              "name: shop\nservices:\n  web:\n    image: ghcr.io/acme/shop-app:${APP_TAG:-1.4.2}\n"
              "    environment: {DATABASE_URL: 'postgres://shop:${POSTGRES_PASSWORD}@postgres:5432/shop'}\n"
              "  postgres: {image: postgres:16-alpine}\n");
    auto p = newMap();
    importInto(*p, {root.toStdString()});
    QCOMPARE(p->systemByKey("compose:shop/web")->attributes.value("image", ""),
             std::string("ghcr.io/acme/shop-app:2.0.0"));
    writeFile(root + QStringLiteral("/.env"), "APP_TAG=2.0.1\nPOSTGRES_PASSWORD=EnvFilePgPassword777\n");
    const json bumped = importInto(*p, {root.toStdString()});
    QCOMPARE(bumped["systems"]["updated"], json::array({"compose:shop/web"}));
    QCOMPARE(p->systemByKey("compose:shop/web")->attributes.value("image", ""),
             std::string("ghcr.io/acme/shop-app:2.0.1"));
    QVERIFY(exportMapText(*p).find("EnvFilePgPassword777") == std::string::npos);
}

// Each step of an import starts with the upper halves of the vector registers zeroed, whatever ran before
// it on its thread (Qt, the caller's progress), and leaves them so: the SSE code of the parsers, the merge
// and SQLite runs a sixth slower otherwise (VectorState.h; the benchmark measures it).
void TestImportJob::runsWithTheVectorRegistersZeroed() {
    bool known = false;
    (void)upperVectorStateInUse(&known);
    if (known) { // else the processor cannot say: the import must still run (below)
        leaveUpperHalvesInUse();
        QVERIFY(upperVectorStateInUse());
        clearUpperVectorState();
        QVERIFY(!upperVectorStateInUse());
    }
    const QString dir = m_dir.filePath(QStringLiteral("registers"));
    ImportRequest request;
    request.paths = {writtenFile(dir + QStringLiteral("/app.yaml"),
                                 "apiVersion: v1\nkind: Service\nmetadata: {name: api}\n"
                                 "spec: {selector: {app: api}}\n"),
                     writtenFile(dir + QStringLiteral("/compose.yaml"),
                                 "services:\n  web:\n    image: web\n    depends_on: [db]\n"
                                 "  db:\n    image: postgres\n")};
    std::vector<bool> inUseAtProgress;
    leaveUpperHalvesInUse();
    ParsedImport parsed = parseImport(request, [&](size_t, size_t) {
        inUseAtProgress.push_back(upperVectorStateInUse());
        leaveUpperHalvesInUse(); // as a progress that signals the GUI may
        return true;
    });
    QCOMPARE(inUseAtProgress, std::vector<bool>(2, false));
    auto p = newMap();
    leaveUpperHalvesInUse();
    const PreparedImport prepared = planImport(*p, std::move(parsed), request.merge);
    QVERIFY(!upperVectorStateInUse());
    leaveUpperHalvesInUse();
    const json report = commitImport(*p, prepared);
    QVERIFY(!upperVectorStateInUse());
    QCOMPARE(report["added"].get<int>(), 3);
}

// A folder imported again after one of its files was deleted (the audit's k8sdir): what the map had of that
// file is gone, and the import says so; the files of other folders, and files named on their own, are not.
void TestImportJob::filesGoneFromAFolderAreGone() {
    const QString folder = m_dir.filePath(QStringLiteral("gone-from/deploy"));
    auto deployment = [](const char* name) {
        return QByteArray("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ") + name +
               ", namespace: prod}\nspec:\n  template:\n    metadata: {labels: {app: " + name +
               "}}\n    spec: {containers: [{name: c, image: acme}]}\n";
    };
    writeFile(folder + QStringLiteral("/api.yaml"), deployment("api"));
    writeFile(folder + QStringLiteral("/old/worker.yaml"), deployment("worker"));
    writeFile(folder + QStringLiteral("/inventory.csv"), "name,kind\nlegacy-ftp,vm\n");
    const std::string alone =
        writtenFile(m_dir.filePath(QStringLiteral("gone-from/cron.yaml")), deployment("cron"));
    auto p = newMap();
    importInto(*p, {folder.toStdString()});
    importInto(*p, {alone});
    QCOMPARE(p->list<System>().size(), size_t(4));
    auto status = [&](const std::string& key) { return p->systemByKey(key)->status; };

    QVERIFY(QFile::remove(folder + QStringLiteral("/old/worker.yaml")));
    QVERIFY(QFile::remove(folder + QStringLiteral("/inventory.csv")));
    QVERIFY(QFile::remove(QString::fromStdString(alone)));
    const json report = importInto(*p, {folder.toStdString()});
    QCOMPARE(report["gone"].get<int>(), 2);
    QCOMPARE(report["unchanged"].get<int>(), 1);
    QCOMPARE(status("k8s:Deployment/prod/worker"), std::string("gone"));
    QCOMPARE(status("csv:inventory/legacy-ftp"), std::string("gone"));
    QCOMPARE(status("k8s:Deployment/prod/api"), std::string("present"));
    QCOMPARE(status("k8s:Deployment/prod/cron"),
             std::string("present")); // named on its own, not in the folder
    const std::string warnings = report["warnings"].dump();
    QVERIFY2(warnings.find("worker.yaml: no longer in the folder") != std::string::npos, warnings.c_str());
    // Back in the folder: present again.
    writeFile(folder + QStringLiteral("/old/worker.yaml"), deployment("worker"));
    importInto(*p, {folder.toStdString()});
    QCOMPARE(status("k8s:Deployment/prod/worker"), std::string("present"));
    QCOMPARE(status("csv:inventory/legacy-ftp"), std::string("gone"));
}

// A source whose scope names no file (a Terraform state's lineage, a compose project's `name:`) is found by
// the path its last import read it from: deleted from the folder, or holding another source now, what the
// map had of it is gone. Before, a workspace deleted with its state stayed present for good.
void TestImportJob::sourcesOfNoPathAreGoneWithTheirFiles() {
    const QString folder = m_dir.filePath(QStringLiteral("ws-deleted"));
    const QString staging = folder + QStringLiteral("/terraform.tfstate.d/staging/terraform.tfstate");
    const QString state = folder + QStringLiteral("/terraform.tfstate");
    QVERIFY(QDir().mkpath(QFileInfo(staging).path()));
    QVERIFY(QFile::copy(QString::fromStdString(kWorkspaces + "/terraform.tfstate"), state));
    QVERIFY(QFile::copy(
        QString::fromStdString(kWorkspaces + "/terraform.tfstate.d/staging/terraform.tfstate"), staging));
    const QString compose = folder + QStringLiteral("/app/compose.yaml");
    writeFile(compose, "name: shop\nservices:\n  web:\n    image: nginx\n    depends_on: [cache]\n"
                       "  cache:\n    image: redis\n");
    auto p = newMap();
    json report = importInto(*p, {folder.toStdString()});
    QCOMPARE(report["added"].get<int>(), 40);
    const std::string stagingPath = QFileInfo(staging).canonicalFilePath().toStdString();
    bool stagingRun = false;
    for (const auto& run : p->list<ImportRun>()) {
        QVERIFY2(run.scope.starts_with(run.format + ":"), run.scope.c_str());
        QVERIFY2(run.path.starts_with('/'), run.path.c_str());
        stagingRun = stagingRun || (run.path == stagingPath && run.scope.starts_with("tfstate:"));
    }
    QVERIFY(stagingRun);
    auto status = [&](const std::string& key) {
        const auto s = p->systemByKey(key);
        return s ? s->status : std::string("(none)");
    };

    // `terraform workspace delete staging`: its state is gone, and its 19 systems with it.
    QVERIFY(QFile::remove(staging));
    report = importInto(*p, {folder.toStdString()});
    QCOMPARE(report["gone"].get<int>(), 19);
    QCOMPARE(report["unchanged"].get<int>(), 21);
    QCOMPARE(status("tf:terraform_data.gateway@staging"), std::string("gone"));
    QCOMPARE(status("tf:terraform_data.gateway"), std::string("present"));
    std::string warnings = report["warnings"].dump();
    QVERIFY2(warnings.find("terraform.tfstate: no longer in the folder: what the map had of it is gone") !=
                 std::string::npos,
             warnings.c_str());
    // Again: nothing more is gone, and nothing is said of it again.
    report = importInto(*p, {folder.toStdString()});
    QCOMPARE(report["gone"].get<int>(), 0);
    QCOMPARE(report["unchanged"].get<int>(), 21);
    warnings = report["warnings"].dump();
    QVERIFY2(warnings.find("no longer") == std::string::npos, warnings.c_str());

    // The state deleted and applied again with the gateway alone (`terraform init` on an emptied backend): a
    // new lineage at the same path, and a new id. It replaces the old state: the gateway is the same system,
    // what a person wrote of it kept, and what the old lineage had besides is gone.
    {
        System gateway = *p->systemByKey("tf:terraform_data.gateway");
        gateway.owner = "platform-team";
        p->save(gateway);
    }
    writeFile(state,
              R"({"version": 4, "terraform_version": "1.11.4", "serial": 1, "lineage": "fresh-start", )"
              R"("outputs": {}, "resources": [{"mode": "managed", "type": "terraform_data", )"
              R"("name": "gateway", "provider": "provider[\"terraform.io/builtin/terraform\"]", )"
              R"("instances": [{"attributes": {"id": "0f4c7d3e-0000-4000-8000-000000000001"}}]}]})");
    report = importInto(*p, {folder.toStdString()});
    QCOMPARE(report["gone"].get<int>(), 18);
    QCOMPARE(report["added"].get<int>(), 0);
    QCOMPARE(status("tf:terraform_data.gateway"), std::string("present"));
    QCOMPARE(p->systemByKey("tf:terraform_data.gateway")->owner, std::string("platform-team"));
    QCOMPARE(status("tf:module.net.terraform_data.vpc"), std::string("gone"));
    warnings = report["warnings"].dump();
    QVERIFY2(
        warnings.find("terraform.tfstate: holds another source than when it was last imported "
                      "(tfstate:d09278c2-3772-747c-26d7-d3a30cdc104b, now tfstate:fresh-start), which it "
                      "replaces") != std::string::npos,
        warnings.c_str());

    // The compose project's file deleted: its services are gone.
    const auto composeKeys = [&] {
        std::map<std::string, std::string> out;
        for (const auto& [key, st] : statuses(*p))
            if (key.starts_with("compose:"))
                out[key] = st;
        return out;
    };
    QCOMPARE(composeKeys().size(), size_t(2));
    QVERIFY(QFile::remove(compose));
    report = importInto(*p, {folder.toStdString()});
    QCOMPARE(report["gone"].get<int>(), 2);
    for (const auto& [key, st] : composeKeys())
        QCOMPARE(st, std::string("gone"));
    QCOMPARE(status("tf:terraform_data.gateway"), std::string("present"));

    // One file that each workspace's state is pulled into in turn (`terraform state pull > pulled.tfstate`),
    // imported with each one's environment, named or in its folder: two sources, both kept.
    const QString pulled = m_dir.filePath(QStringLiteral("pulls/pulled.tfstate"));
    QVERIFY(QDir().mkpath(QFileInfo(pulled).path()));
    for (const bool inFolder : {false, true}) {
        QFile::remove(pulled);
        QVERIFY(QFile::copy(QString::fromStdString(kWorkspaces + "/terraform.tfstate"), pulled));
        const std::string source = inFolder ? QFileInfo(pulled).path().toStdString() : pulled.toStdString();
        auto m = newMap();
        importInto(*m, {source}, "auto", "production");
        QVERIFY(QFile::remove(pulled));
        QVERIFY(QFile::copy(
            QString::fromStdString(kWorkspaces + "/terraform.tfstate.d/staging/terraform.tfstate"), pulled));
        report = importInto(*m, {source}, "auto", "staging");
        QCOMPARE(report["gone"].get<int>(), 0);
        QCOMPARE(systemsPerEnvironment(*m),
                 (std::map<std::string, int>{{"production", 19}, {"staging", 19}}));
    }

    // A state named on its own, deleted, and another file imported: it stays (no folder said it is gone).
    const QString alone = m_dir.filePath(QStringLiteral("ws-alone/terraform.tfstate"));
    QVERIFY(QDir().mkpath(QFileInfo(alone).path()));
    QVERIFY(QFile::copy(
        QString::fromStdString(kWorkspaces + "/terraform.tfstate.d/staging/terraform.tfstate"), alone));
    auto q = newMap();
    importInto(*q, {alone.toStdString()});
    QVERIFY(QFile::remove(alone));
    report = importInto(*q, {folder.toStdString()});
    QCOMPARE(report["gone"].get<int>(), 0);
    for (const auto& [key, st] : statuses(*q))
        QCOMPARE(st, std::string("present"));
}

// Files an earlier Terrain read that a folder's scan now skips as no input of any format (a Kustomize
// patch read as a Deployment of its own, a package's compose file under node_modules/): what the map had
// of them is gone at the folder's next import, as from a file deleted. A file that cannot be read is not.
void TestImportJob::filesNoLongerInputsAreGone() {
    const QString repo = m_dir.filePath(QStringLiteral("no-longer-inputs"));
    writeFile(repo + QStringLiteral("/compose.yaml"), "services:\n  api:\n    image: acme/api\n");
    writeFile(repo + QStringLiteral("/k8s/kustomization.yaml"),
              "resources: [deployment.yaml]\npatches:\n- path: replicas.yaml\n");
    writeFile(repo + QStringLiteral("/k8s/deployment.yaml"),
              "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\n"
              "spec:\n  template:\n    metadata: {labels: {app: api}}\n"
              "    spec: {containers: [{name: c, image: acme/api}]}\n");
    const std::string patch = writtenFile(repo + QStringLiteral("/k8s/replicas.yaml"),
                                          "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\n"
                                          "spec: {replicas: 5}\n");
    const std::string package =
        writtenFile(repo + QStringLiteral("/node_modules/redis-mock/docker-compose.yml"),
                    "services:\n  redis-test:\n    image: redis\n");
    const std::string inventory =
        writtenFile(repo + QStringLiteral("/inventory.csv"), "name,kind\nlegacy-ftp,vm\n");
    writeFile(repo + QStringLiteral("/stock-2024-05.csv"), "name,kind\nrack-1,hardware\n");
    // What an earlier Terrain read of the folder: its files and these two.
    auto p = newMap();
    importInto(*p, {repo.toStdString(), patch, package});
    QCOMPARE(p->list<System>().size(), size_t(6));
    QCOMPARE(p->systemByKey("k8s:Deployment/default/api")->status, std::string("present"));

    // The inventory cannot be read now, nor June's export of the stock list, which the scan reads instead
    // of May's: what the map has of them stays.
    writeFile(QString::fromStdString(inventory), "name,kind\n\"legacy-ftp,vm\n");
    writeFile(repo + QStringLiteral("/stock-2024-06.csv"), "name,kind\n\"rack-1,hardware\n");
    const json report = importInto(*p, {repo.toStdString()}, "auto", "", {}, true);
    QCOMPARE(report["gone"].get<int>(), 2);
    const auto status = statuses(*p);
    QCOMPARE(status.at("k8s:Deployment/default/api"), std::string("gone"));
    QCOMPARE(status.at("k8s:Deployment/shop/api"), std::string("present"));
    QCOMPARE(status.at("csv:inventory/legacy-ftp"), std::string("present"));
    QCOMPARE(status.at("csv:stock-2024-05/rack-1"), std::string("present"));
    QCOMPARE(std::count_if(status.begin(), status.end(),
                           [](const auto& s) { return s.first.find("redis-test") != std::string::npos; }),
             1L);
    for (const auto& [key, st] : status)
        if (key.find("redis-test") != std::string::npos)
            QCOMPARE(st, std::string("gone"));
    const std::string warnings = report["warnings"].dump();
    QVERIFY2(warnings.find("replicas.yaml: no input of this import (a Kustomize patch") != std::string::npos,
             warnings.c_str());
    QVERIFY2(warnings.find("docker-compose.yml: no input of this import (") != std::string::npos,
             warnings.c_str());
}

// A source read again that no longer gives an attribute (a compose service's ports taken out, a
// Deployment's replicas left to its autoscaler) drops it from a system that no other source sees; another
// file's facts (Prometheus: monitored_by) stay, in a map made before this was noted too, and so does what
// another source, not read again, gives.
void TestImportJob::attributesNoLongerGivenAreDropped() {
    const QString folder = m_dir.filePath(QStringLiteral("dropped"));
    const QString compose = folder + QStringLiteral("/compose.yaml");
    writeFile(compose, "name: shop\nservices:\n  api:\n    image: shop/api\n    ports: ['8080:80']\n"
                       "  db: {image: postgres}\n");
    const std::string prometheus = writtenFile(
        folder + QStringLiteral("/prometheus.yml"),
        "scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ['api:8080']\n");
    const QString path = m_dir.filePath(QStringLiteral("dropped.terrain"));
    {
        auto p = Project::create(path.toStdString());
        importInto(*p, {compose.toStdString()});
        importInto(*p, {prometheus});
        const json api = p->systemByKey("compose:shop/api")->attributes;
        QVERIFY2(api.contains("ports") && api.value("monitored_by", "") == "prometheus", api.dump().c_str());
    }
    // As a map made before facts were noted (schema 5) holds it; opened, it is brought up to date.
    {
        Database db(path.toStdString(), Database::Mode::ReadWrite);
        db.exec("UPDATE systems SET discovered = json_remove(discovered, '$.facts');"
                "ALTER TABLE imports DROP COLUMN scope; ALTER TABLE imports DROP COLUMN path;"
                "PRAGMA user_version = 5;");
    }
    auto p = Project::open(path.toStdString());
    const json said = p->systemByKey("compose:shop/api")->discovered;
    QVERIFY2(said.value("facts", json()) == json::array({"monitored_by", "scrape_job", "scrape_targets"}),
             said.dump().c_str());

    writeFile(compose, "name: shop\nservices:\n  api:\n    image: shop/api\n  db: {image: postgres}\n");
    json report = importInto(*p, {compose.toStdString()});
    QCOMPARE(report["updated"].get<int>(), 1);
    const json api = p->systemByKey("compose:shop/api")->attributes;
    QVERIFY2(!api.contains("ports"), api.dump().c_str());
    QCOMPARE(api.value("image", ""), std::string("shop/api"));
    QCOMPARE(api.value("monitored_by", ""), std::string("prometheus"));
    QVERIFY2(report.dump().find("ports") != std::string::npos, report.dump().c_str()); // what changed
    // Again: nothing changes.
    QCOMPARE(importInto(*p, {compose.toStdString()})["unchanged"].get<int>(), 2);

    // A Deployment two files define (a manifest and its copy in another folder): read again without its
    // replicas from one of them, it keeps what the other gives; from both, they are gone.
    auto deployment = [](const char* replicas) {
        return QByteArray("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\n"
                          "spec:\n") +
               replicas +
               "  template:\n    metadata: {labels: {app: api}}\n"
               "    spec: {containers: [{name: c, image: acme/api}]}\n";
    };
    const std::string a =
        writtenFile(m_dir.filePath(QStringLiteral("twice/a/api.yaml")), deployment("  replicas: 3\n"));
    const std::string b =
        writtenFile(m_dir.filePath(QStringLiteral("twice/b/api.yaml")), deployment("  replicas: 3\n"));
    auto q = newMap();
    importInto(*q, {a, b});
    auto replicas = [&] {
        return q->systemByKey("k8s:Deployment/shop/api")->attributes.value("replicas", 0);
    };
    QCOMPARE(replicas(), 3);
    writeFile(QString::fromStdString(a), deployment(""));
    importInto(*q, {a});
    QCOMPARE(replicas(), 3);
    writeFile(QString::fromStdString(b), deployment(""));
    importInto(*q, {a, b});
    QCOMPARE(replicas(), 0);
}

// The AWS CLI's subnets output and its instances output both describe the subnets (the instances name
// them). With the subnets output gone from the folder, the subnets stay, seen by the instances output alone.
void TestImportJob::sourceThatNoLongerHasASystemLeavesIt() {
    const QString folder = m_dir.filePath(QStringLiteral("aws-one-month"));
    QVERIFY(QDir().mkpath(folder));
    const QDir fixtures(QStringLiteral(TERRAIN_SOURCE_DIR "/tests/fixtures/aws-cli"));
    for (const auto& name : fixtures.entryList({QStringLiteral("*.json")}))
        QVERIFY(QFile::copy(fixtures.filePath(name), folder + QStringLiteral("/") + name));
    auto p = newMap();
    importInto(*p, {folder.toStdString()});
    const QString subnets = folder + QStringLiteral("/cloudmapper-demo_us-east-1_ec2-describe-subnets.json");
    const std::string subnetsScope = "awscli:" + QFileInfo(subnets).canonicalFilePath().toStdString();
    auto seenBySubnets = [&] {
        size_t n = 0;
        for (const auto& s : p->list<System>())
            n += std::count(s.scopes.begin(), s.scopes.end(), subnetsScope);
        return n;
    };
    QVERIFY(seenBySubnets() > 0);
    QVERIFY(QFile::remove(subnets));
    importInto(*p, {folder.toStdString()});
    QCOMPARE(seenBySubnets(), size_t(0));
    const auto subnet = p->systemByKey("aws:subnet-00000001");
    QVERIFY(subnet);
    QCOMPARE(subnet->status, std::string("present"));
    QVERIFY(!subnet->scopes.empty());
}

// A Service of type LoadBalancer as the cluster shows it, and the load balancer the cloud made for it as the
// AWS CLI lists it (the audit's join1): one system, by the load balancer's host name.
void TestImportJob::loadBalancerServiceJoinsItsLoadBalancer() {
    const std::string service =
        writtenFile(m_dir.filePath(QStringLiteral("lb/web.yaml")),
                    "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: prod}\n"
                    "spec: {type: LoadBalancer, selector: {app: web}, ports: [{port: 80}]}\n"
                    "status:\n  loadBalancer:\n    ingress:\n"
                    "    - hostname: a1b2c3-1234567890.eu-west-1.elb.amazonaws.com\n");
    const std::string balancers = writtenFile(
        m_dir.filePath(QStringLiteral("lb/elbv2-describe-load-balancers.json")),
        R"({"LoadBalancers": [{"LoadBalancerArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/a1b2c3/0123456789abcdef",
            "DNSName": "a1b2c3-1234567890.eu-west-1.elb.amazonaws.com", "LoadBalancerName": "a1b2c3",
            "Scheme": "internet-facing", "VpcId": "vpc-0a1b2c3d4e5f60001", "Type": "network"}]})");
    auto p = newMap();
    importInto(*p, {service, balancers});
    const auto systems = p->list<System>();
    const auto web = std::find_if(systems.begin(), systems.end(),
                                  [](const System& s) { return s.key == "k8s:Service/prod/web"; });
    QVERIFY(web != systems.end());
    QCOMPARE(web->sources, (std::vector<std::string>{"k8s", "awscli"}));
    QVERIFY(std::none_of(systems.begin(), systems.end(),
                         [](const System& s) { return s.key.find("loadbalancer") != std::string::npos; }));
}

void TestImportJob::datesInPaths_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("undated"); // '#' for each date; empty: none
    QTest::addColumn<QString>("when");
    QTest::newRow("month") << "/d/inventory-2024-05.csv"
                           << "/d/inventory-#.csv"
                           << "20240500000000";
    QTest::newRow("day") << "/d/inventory_2024-05-31.csv"
                         << "/d/inventory_#.csv"
                         << "20240531000000";
    QTest::newRow("no separators") << "/d/inv20240501.csv"
                                   << "/d/inv#.csv"
                                   << "20240501000000";
    QTest::newRow("time") << "/d/state-2024-05-01T10-15-30Z.json"
                          << "/d/state-#.json"
                          << "20240501101530";
    QTest::newRow("compact time") << "/d/s-20240501T101530Z.json"
                                  << "/d/s-#.json"
                                  << "20240501101530";
    QTest::newRow("year") << "/d/budget-2024.csv"
                          << "/d/budget-#.csv"
                          << "20240000000000";
    QTest::newRow("folders") << "/x/2024-05/01/ec2.json"
                             << "/x/#/01/ec2.json"
                             << "20240500000000";
    QTest::newRow("two dates") << "/x/2023/inv-2024-06.csv"
                               << "/x/#/inv-#.csv"
                               << "2023000000000020240600000000";
    QTest::newRow("a number, not a date") << "/d/build-202405011.csv"
                                          << ""
                                          << "";
    QTest::newRow("a version") << "/d/terraform-1.11.csv"
                               << ""
                               << "";
    QTest::newRow("a port") << "/d/svc-8080.yaml"
                            << ""
                            << "";
    QTest::newRow("no month 13") << "/d/inv-2024-13.csv"
                                 << "/d/inv-#-13.csv"
                                 << "20240000000000";
    QTest::newRow("cluster numbers") << "/d/cluster1.yaml"
                                     << ""
                                     << "";
}

void TestImportJob::datesInPaths() {
    QFETCH(QString, path);
    QFETCH(QString, undated);
    QFETCH(QString, when);
    const auto dated = datedPath(path.toStdString());
    if (undated.isEmpty()) {
        QVERIFY(!dated);
        return;
    }
    QVERIFY(dated);
    std::string marked = dated->undated;
    std::replace(marked.begin(), marked.end(), '\x01', '#');
    QCOMPARE(QString::fromStdString(marked), undated);
    QCOMPARE(QString::fromStdString(dated->when), when);
}

namespace {

/// The status of each system of the map, by key.

} // namespace

// A Terraform folder with a local backend holds the state and the backups Terraform keeps of it (at each
// apply, and at each `terraform state` command): only the state is read, so a resource destroyed since the
// backup is gone. Named on its own, a backup is read as the state it is.
void TestImportJob::stateBackupsInAFolderAreSkipped() {
    const QString folder = m_dir.filePath(QStringLiteral("local-backend"));
    auto state = [](std::initializer_list<const char*> names) {
        QByteArray resources;
        for (const char* name : names)
            resources += QByteArray(resources.isEmpty() ? "" : ",") +
                         R"({"mode": "managed", "type": "terraform_data", "name": ")" + name +
                         R"(", "provider": "provider[\"terraform.io/builtin/terraform\"]", "instances": )"
                         R"([{"attributes": {"id": ")" +
                         name + R"("}}]})";
        return R"({"version": 4, "terraform_version": "1.11.4", "serial": 3, "lineage": "l-1", )"
               R"("outputs": {}, "resources": [)" +
               resources + "]}";
    };
    writeFile(folder + QStringLiteral("/terraform.tfstate"), state({"db", "api", "web"}));
    auto p = newMap();
    importInto(*p, {folder.toStdString()});
    QCOMPARE(p->list<System>().size(), size_t(3));

    // `terraform apply` with web removed; `terraform state rm` of api.
    writeFile(folder + QStringLiteral("/terraform.tfstate.backup"), state({"db", "api", "web"}));
    writeFile(folder + QStringLiteral("/terraform.tfstate.1765000000.backup"), state({"db", "api"}));
    writeFile(folder + QStringLiteral("/terraform.tfstate"), state({"db"}));
    const auto scanned = scanSources({folder.toStdString()}, "auto");
    QCOMPARE(scanned.size(), size_t(3));
    QCOMPARE(scanned[0].format, std::string("tfstate"));
    for (const size_t i : {1, 2}) {
        QVERIFY(scanned[i].format.empty());
        QVERIFY2(scanned[i].skipReason.starts_with("a backup Terraform keeps of the state"),
                 scanned[i].skipReason.c_str());
    }
    const json report = importInto(*p, {folder.toStdString()});
    QCOMPARE(report["gone"].get<int>(), 2);
    QCOMPARE(report["skipped_files"].get<int>(), 2);
    const auto status = statuses(*p);
    QCOMPARE(status.at("tf:terraform_data.db"), std::string("present"));
    QCOMPARE(status.at("tf:terraform_data.api"), std::string("gone"));
    QCOMPARE(status.at("tf:terraform_data.web"), std::string("gone"));

    const auto named =
        scanSources({(folder + QStringLiteral("/terraform.tfstate.backup")).toStdString()}, "auto");
    QCOMPARE(named.at(0).format, std::string("tfstate"));
    // Other names that end so are not backups of a state.
    writeFile(m_dir.filePath(QStringLiteral("not-backups/db.backup")), "name,kind\ndb,database\n");
    writeFile(m_dir.filePath(QStringLiteral("not-backups/tfstate.csv")), "name,kind\nweb,service\n");
    for (const auto& f : scanSources({m_dir.filePath(QStringLiteral("not-backups")).toStdString()}, "auto"))
        QVERIFY2(!f.skipReason.starts_with("a backup"), f.path.c_str());
}

// The audit's dated inventories: each month's export is the same inventory seen later. Its rows meet their
// systems again (what a person wrote kept), what vanished is gone, and no second set of systems appears;
// an older export imported after a newer one is a source of its own, with a warning.
void TestImportJob::newerExportReplacesTheEarlierOne() {
    const QString folder = m_dir.filePath(QStringLiteral("dated"));
    const std::string may = writtenFile(folder + QStringLiteral("/inventory-2024-05.csv"),
                                        "id,name,kind,depends_on\nweb-1,Web,server,db-1\ndb-1,DB,database,\n"
                                        "old-1,Old box,server,\n");
    const std::string june = writtenFile(folder + QStringLiteral("/inventory-2024-06.csv"),
                                         "id,name,kind,depends_on\nweb-1,Web,server,db-1;cache-1\n"
                                         "db-1,DB,database,\ncache-1,Cache,cache,\n");
    const std::string july = writtenFile(folder + QStringLiteral("/inventory-2024-07.csv"),
                                         "id,name,kind,depends_on\nweb-1,Web,server,db-1\ndb-1,DB,database,\n"
                                         "old-1,Old box,server,\n");
    auto p = newMap();
    importInto(*p, {may});
    auto web = *p->systemByKey("csv:inventory-2024-05/web-1");
    web.owner = "team-web";
    web.notes = "written in the workshop";
    p->save(web);

    json report = importInto(*p, {june});
    QCOMPARE(report["added"].get<int>(), 1);
    QCOMPARE(report["gone"].get<int>(), 1);
    QCOMPARE(report["files"][0]["replaces"].get<std::string>(),
             QFileInfo(QString::fromStdString(may)).canonicalFilePath().toStdString());
    const std::string warnings = report["warnings"].dump();
    QVERIFY2(warnings.find("a newer export of inventory-2024-05.csv") != std::string::npos, warnings.c_str());
    using Statuses = std::map<std::string, std::string>;
    QCOMPARE(statuses(*p), (Statuses{{"csv:inventory-2024-05/web-1", "present"},
                                     {"csv:inventory-2024-05/db-1", "present"},
                                     {"csv:inventory-2024-05/cache-1", "present"},
                                     {"csv:inventory-2024-05/old-1", "gone"}}));
    web = *p->systemByKey("csv:inventory-2024-05/web-1");
    QCOMPARE(web.owner, std::string("team-web"));
    QCOMPARE(web.notes, std::string("written in the workshop"));
    QCOMPARE(web.scopes,
             std::vector<std::string>{
                 "csv:" + QFileInfo(QString::fromStdString(june)).canonicalFilePath().toStdString()});
    QCOMPARE(p->list<Dependency>().size(), size_t(2));

    // Again: nothing changes; then the next month: old-1 is back, the cache gone.
    report = importInto(*p, {june});
    QCOMPARE(report["unchanged"].get<int>(), 3);
    QCOMPARE(report["added"].get<int>(), 0);
    report = importInto(*p, {july});
    QCOMPARE(report["added"].get<int>(), 0);
    QCOMPARE(statuses(*p).at("csv:inventory-2024-05/old-1"), std::string("present"));
    QCOMPARE(statuses(*p).at("csv:inventory-2024-05/cache-1"), std::string("gone"));
    QCOMPARE(p->list<System>().size(), size_t(4));

    // An older export after a newer one: a source of its own, said so.
    report = importInto(*p, {june});
    QCOMPARE(p->list<System>().size(), size_t(7));
    QVERIFY2(report["warnings"].dump().find("an older export than inventory-2024-07.csv") !=
                 std::string::npos,
             report["warnings"].dump().c_str());

    // Two exports named together: the newer one replaces the map's; the other is a source of its own.
    auto both = newMap();
    importInto(*both, {may});
    report = importInto(*both, {june, july});
    QVERIFY2(
        report["warnings"].dump().find("inventory-2024-06.csv: an older export than inventory-2024-07.csv, "
                                       "which this import reads too") != std::string::npos,
        report["warnings"].dump().c_str());
    QVERIFY(report["files"][1].contains("replaces"));
    QCOMPARE(statuses(*both).at("csv:inventory-2024-05/old-1"), std::string("present")); // July has it
    QCOMPARE(both->list<System>().size(), size_t(6));

    // Turned off, each dated file is a source of its own.
    auto apart = newMap();
    MergeOptions off;
    off.datedExports = false;
    importInto(*apart, {may}, "auto", "", off);
    report = importInto(*apart, {june}, "auto", "", off);
    QCOMPARE(report["added"].get<int>(), 3);
    QCOMPARE(report["gone"].get<int>(), 0);
    QVERIFY(!report["files"][0].contains("replaces"));
}

// --replaces: a file of another name, the earlier one named by its name after it left the disk; a name the
// map has not, and a name two sources have, are refused and change nothing.
void TestImportJob::namedSourceIsReplaced() {
    const QString folder = m_dir.filePath(QStringLiteral("named"));
    const std::string servers = writtenFile(folder + QStringLiteral("/servers.csv"),
                                            "id,name,kind\nweb-1,Web,server\nold-1,Old box,server\n");
    writeFile(folder + QStringLiteral("/eu/hosts.csv"), "id,name,kind\neu-1,EU,server\n");
    writeFile(folder + QStringLiteral("/us/hosts.csv"), "id,name,kind\nus-1,US,server\n");
    auto p = newMap();
    importInto(*p, {servers, (folder + QStringLiteral("/eu")).toStdString(),
                    (folder + QStringLiteral("/us")).toStdString()});
    QVERIFY(QFile::remove(QString::fromStdString(servers)));
    const std::string inventory = writtenFile(folder + QStringLiteral("/inventory.csv"),
                                              "id,name,kind\nweb-1,Web,server\nnew-1,New,server\n");
    auto replacing = [&](const std::string& earlier) {
        MergeOptions o;
        o.replaces.push_back({inventory, earlier});
        return o;
    };
    const std::string before = exportMapText(*p);
    for (const char* unknown : {"nothing.csv", "hosts.csv"}) {
        try {
            importInto(*p, {inventory}, "auto", "", replacing(unknown));
            QFAIL("no error");
        } catch (const Error& e) {
            const std::string what = e.what();
            QVERIFY2(what.find(std::string("--replaces ") + unknown) != std::string::npos, e.what());
        }
        QCOMPARE(exportMapText(*p), before);
    }
    const json report = importInto(*p, {inventory}, "auto", "", replacing("servers.csv"));
    QCOMPARE(report["added"].get<int>(), 1);
    QCOMPARE(report["gone"].get<int>(), 1);
    QCOMPARE(report["unchanged"].get<int>(), 1);
    const auto now = statuses(*p);
    QCOMPARE(now.at("csv:servers/web-1"), std::string("present"));
    QCOMPARE(now.at("csv:servers/new-1"), std::string("present"));
    QCOMPARE(now.at("csv:servers/old-1"), std::string("gone"));
    QCOMPARE(now.at("csv:hosts/eu-1"), std::string("present"));
}

// A folder of monthly exports reads only the newest of each; the others are listed as skipped.
void TestImportJob::folderReadsItsNewestExports() {
    const QString folder = m_dir.filePath(QStringLiteral("monthly"));
    for (const char* month : {"2024-04", "2024-06", "2024-05"})
        writeFile(folder + QStringLiteral("/inventory-%1.csv").arg(QLatin1String(month)),
                  QByteArray("id,name,kind\nweb-") + month + ",Web,server\n");
    writeFile(folder + QStringLiteral("/other-2024-01.csv"), "id,name,kind\nx,X,server\n");
    const auto files = scanSources({folder.toStdString()}, "auto");
    QCOMPARE(files.size(), size_t(4));
    std::map<std::string, std::string> read; // file name -> format or reason
    for (const auto& f : files)
        read[QFileInfo(QString::fromStdString(f.path)).fileName().toStdString()] =
            f.format.empty() ? f.skipReason : f.format;
    QCOMPARE(read.at("inventory-2024-06.csv"), std::string("csv"));
    QCOMPARE(read.at("other-2024-01.csv"), std::string("csv"));
    QCOMPARE(read.at("inventory-2024-04.csv"),
             std::string("an older export than inventory-2024-06.csv, which this import reads"));
    QCOMPARE(read.at("inventory-2024-05.csv"), read.at("inventory-2024-04.csv"));
    const auto all = scanSources({folder.toStdString()}, "auto", false);
    QVERIFY(std::all_of(all.begin(), all.end(), [](const ScannedFile& f) { return f.format == "csv"; }));
}

// The AWS CLI's outputs saved in a folder a month: June's folder replaces May's. What June describes again
// is updated, a file June has no newer export of is gone, and a system that a file of May described and one
// of June names only loses May's file from its sources.
void TestImportJob::datedFolderReplacesTheEarlierOne() {
    const QString aws = m_dir.filePath(QStringLiteral("aws"));
    const QDir fixtures(QStringLiteral(TERRAIN_SOURCE_DIR "/tests/fixtures/aws-cli"));
    const QStringList outputs = fixtures.entryList({QStringLiteral("*.json")});
    QCOMPARE(outputs.size(), 4);
    QVERIFY(QDir().mkpath(aws + QStringLiteral("/2024-05")) &&
            QDir().mkpath(aws + QStringLiteral("/2024-06")));
    for (const auto& name : outputs) {
        QVERIFY(QFile::copy(fixtures.filePath(name), aws + QStringLiteral("/2024-05/") + name));
        if (name.contains(QStringLiteral("instances")) || name.contains(QStringLiteral("security-groups")))
            QVERIFY(QFile::copy(fixtures.filePath(name), aws + QStringLiteral("/2024-06/") + name));
    }
    auto p = newMap();
    importInto(*p, {(aws + QStringLiteral("/2024-05")).toStdString()});
    const size_t systems = p->list<System>().size();
    const json report = importInto(*p, {(aws + QStringLiteral("/2024-06")).toStdString()});
    QCOMPARE(report["added"].get<int>(), 0);
    QCOMPARE(p->list<System>().size(), systems);
    const std::string warnings = report["warnings"].dump();
    QVERIFY2(warnings.find("subnets.json: no newer export of it in the folder that replaces its own") !=
                 std::string::npos,
             warnings.c_str());
    const std::string may = QDir(aws + QStringLiteral("/2024-05")).canonicalPath().toStdString();
    for (const auto& s : p->list<System>())
        for (const auto& scope : s.scopes)
            QVERIFY2(scope.find(may) == std::string::npos, (s.key + " keeps " + scope).c_str());
    // The whole folder of months: June's outputs are read, and May's where June has none.
    const json again = importInto(*p, {aws.toStdString()});
    QCOMPARE(again["skipped_files"].get<int>(), 2);
    QCOMPARE(again["added"].get<int>(), 0);
    for (const auto& f : again["files"])
        QCOMPARE(f["status"] == "skipped",
                 f["path"].get<std::string>().find("2024-05") != std::string::npos &&
                     (f["path"].get<std::string>().find("instances") != std::string::npos ||
                      f["path"].get<std::string>().find("groups") != std::string::npos));
}

// A compose project's folder with docker-compose.prod.yml: production's services are systems of their own,
// which the base file imported again alone leaves as they are.
void TestImportJob::composeVariantIsItsEnvironment() {
    const QString folder = m_dir.filePath(QStringLiteral("variant/shop"));
    writeFile(
        folder + QStringLiteral("/docker-compose.yml"),
        "services:\n  web:\n    image: shop/web\n    depends_on: [db]\n  db:\n    image: postgres:16\n");
    writeFile(folder + QStringLiteral("/docker-compose.prod.yml"),
              "services:\n  web:\n    restart: always\n  worker:\n    image: shop/worker\n");
    auto p = newMap();
    json report = importInto(*p, {folder.toStdString()}, "auto", "development");
    QCOMPARE(report["added"].get<int>(), 5);
    QVERIFY(report["files"][0]["path"].get<std::string>().ends_with("docker-compose.prod.yml"));
    QCOMPARE(report["files"][0]["environment"], "production"); // as its path says
    const auto web = p->systemByKey("compose:shop/web");
    const auto prodWeb = p->systemByKey("compose:shop/web@production");
    QVERIFY(web && prodWeb);
    QCOMPARE(web->environment, std::string("development"));
    QCOMPARE(prodWeb->environment, std::string("production"));
    report = importInto(*p, {(folder + QStringLiteral("/docker-compose.yml")).toStdString()}, "auto",
                        "development");
    QCOMPARE(report["gone"].get<int>(), 0);
    QCOMPARE(p->systemByKey("compose:shop/worker@production")->status, std::string("present"));
    report = importInto(*p, {folder.toStdString()}, "auto", "development");
    QCOMPARE(report["unchanged"].get<int>(), 5);
}

QTEST_GUILESS_MAIN(TestImportJob)
#include "tst_importjob.moc"

namespace {

/// A folder of sources of which two cannot be read: a good compose file, a Terraform state cut short, three
/// Kubernetes manifests (a Service, the Deployment it selects, and one cut short) and a good inventory.
QString folderWithTwoUnreadable(const QString& root, const QByteArray& state) {
    writeFile(root + QStringLiteral("/a-compose.yaml"), "services:\n  web:\n    image: nginx\n");
    writeFile(root + QStringLiteral("/b.tfstate"), state);
    writeFile(root + QStringLiteral("/c-k8s.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: x\n");
    writeFile(root + QStringLiteral("/d-k8s.yaml"),
              "apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec: {selector: {app: api}}\n");
    writeFile(
        root + QStringLiteral("/e-k8s.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  selector: {matchLabels: "
        "{app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: "
        "api, image: api}]}\n");
    writeFile(root + QStringLiteral("/f.csv"), "id,name\nweb-1,Web one\n");
    return root;
}

const QByteArray kState =
    "{\"version\": 4, \"lineage\": \"unreadable\", \"serial\": 1, \"resources\": [{\"mode\": "
    "\"managed\", \"type\": \"aws_instance\", \"name\": \"app\", \"provider\": "
    "\"provider[\\\"registry.terraform.io/hashicorp/aws\\\"]\", \"instances\": "
    "[{\"attributes\": {\"id\": \"i-1\"}}]}]}";

} // namespace

// Every file of an import is read even after one that cannot be, and their errors are said together, in the
// order of the files, each naming its file and place: nothing is written.
void TestImportJob::unreadableFilesAreSaidTogether() {
    const QString root = folderWithTwoUnreadable(m_dir.filePath(QStringLiteral("unreadable-said")),
                                                 kState.left(kState.size() / 2));
    auto p = newMap();
    const std::string before = exportMapText(*p);
    try {
        importInto(*p, {root.toStdString()});
        QFAIL("no error");
    } catch (const UnreadableSources& e) {
        QCOMPARE(e.errors().size(), std::size_t(2));
        QVERIFY2(
            e.errors()[0].starts_with((root + QStringLiteral("/b.tfstate: line 1, column ")).toStdString()),
            e.errors()[0].c_str());
        QVERIFY2(e.errors()[1].starts_with((root + QStringLiteral("/c-k8s.yaml: line ")).toStdString()),
                 e.errors()[1].c_str());
        QCOMPARE(e.readable(), std::size_t(4)); // the compose file, two manifests and the inventory
        QCOMPARE(std::string(e.what()),
                 "2 files cannot be read:\n  " + e.errors()[0] + "\n  " + e.errors()[1]);
    }
    QCOMPARE(exportMapText(*p), before);
    QVERIFY(!p->canUndo());

    // One file alone: its error, as it always was.
    try {
        importInto(*p, {(root + QStringLiteral("/c-k8s.yaml")).toStdString()}, "auto", "", {}, true);
        QFAIL("no error");
    } catch (const UnreadableSources& e) {
        QCOMPARE(e.readable(), std::size_t(0)); // left out, nothing would be left to import: refused alike
        QCOMPARE(std::string(e.what()), e.errors().front());
    }
    QCOMPARE(exportMapText(*p), before);
}

// Left out when asked: the others are imported (the manifests read together without the broken one), the
// report names each one left out with its error, and what the map had from it stays as it was.
void TestImportJob::unreadableFilesAreLeftOut() {
    const QString root =
        folderWithTwoUnreadable(m_dir.filePath(QStringLiteral("unreadable-left-out")), kState);
    auto p = newMap();
    const json first = importInto(*p, {root.toStdString()}, "auto", "", {}, true);
    QCOMPARE(first["unreadable_files"].get<int>(), 1); // the broken manifest
    QCOMPARE(first["added"].get<int>(), 5); // web, the instance, the Service, the Deployment, Web one
    auto keys = [&] {
        std::map<std::string, std::string> out; // key -> status
        for (const auto& s : p->list<System>())
            out[s.key] = s.status;
        return out;
    };
    QVERIFY(keys().count("tf:aws_instance.app"));
    // The Service selects the Deployment of another file: the manifests were read together without the
    // broken one.
    bool selects = false;
    for (const auto& d : p->list<Dependency>())
        selects = selects || d.evidence == "selector app=api";
    QVERIFY(selects);

    // The state, imported before, is cut short: left out, what the map has from it stays.
    writeFile(root + QStringLiteral("/b.tfstate"), kState.left(kState.size() / 2));
    const auto before = keys();
    const json again = importInto(*p, {root.toStdString()}, "auto", "", {}, true);
    QCOMPARE(again["unreadable_files"].get<int>(), 2);
    QCOMPARE(again["gone"].get<int>(), 0);
    QCOMPARE(again["added"].get<int>(), 0);
    QCOMPARE(keys(), before);
    QCOMPARE(before.at("tf:aws_instance.app"), std::string("present"));
    int unreadable = 0;
    for (const auto& f : again["files"]) {
        const std::string path = f["path"].get<std::string>();
        const bool broken = path.ends_with("/b.tfstate") || path.ends_with("/c-k8s.yaml");
        QCOMPARE(f["status"] == "unreadable", broken);
        if (broken) {
            ++unreadable;
            // Its error without its path, which the report gives beside it: the place and what was expected.
            const std::string error = f["error"].get<std::string>();
            QVERIFY2(error.starts_with("line ") && error.find("expected") != std::string::npos,
                     error.c_str());
        }
    }
    QCOMPARE(unreadable, 2);
    QVERIFY(p->canUndo()); // the others were imported: one edit
}

// A newer export that cannot be read leaves the earlier one's systems: none of the folder it replaces is
// marked gone, and the import says why.
void TestImportJob::unreadableNewerExportLeavesTheEarlierOne() {
    const QString root = m_dir.filePath(QStringLiteral("unreadable-dated"));
    writeFile(root + QStringLiteral("/2024-05/a.csv"), "id,name\na-1,A one\n");
    writeFile(root + QStringLiteral("/2024-05/b.csv"), "id,name\nb-1,B one\n");
    writeFile(root + QStringLiteral("/2024-06/a.csv"), "id,name\na-1,A one\n");
    writeFile(root + QStringLiteral("/2024-06/b.csv"), "id,name\nb-1,\"B one\n"); // a quote never closed
    auto p = newMap();
    importInto(*p, {(root + QStringLiteral("/2024-05")).toStdString()});
    QCOMPARE(p->list<System>().size(), std::size_t(2));
    const json r = importInto(*p, {(root + QStringLiteral("/2024-06")).toStdString()}, "auto", "", {}, true);
    QCOMPARE(r["unreadable_files"].get<int>(), 1);
    QCOMPARE(r["gone"].get<int>(), 0);
    for (const auto& s : p->list<System>())
        QCOMPARE(s.status, std::string("present"));
    const std::string warnings = r["warnings"].dump();
    QVERIFY2(warnings.find("2024-05 is marked gone, since a file of this import") != std::string::npos,
             warnings.c_str());
}
