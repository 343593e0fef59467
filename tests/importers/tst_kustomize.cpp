// Kustomizations rendered: a folder's overlays are imported as the objects `kubectl kustomize` gives for them
// (namespace, patches and generated objects applied), the files they read are skipped as part of them, an
// overlay's folder names its environment, and a render that fails changes nothing. Most of it is proven with
// a stand-in for the command, which prints the rendering saved beside each Kustomization, so that it runs
// where neither kustomize nor kubectl is installed; one test renders with the real command where there is
// one.
#include "Error.h"
#include "ImportJob.h"
#include "Kustomize.h"
#include "Project.h"
#include "WriteFile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <set>

using namespace terrain;
using terrain::test::bytesOf;
using terrain::test::linesOf;
using terrain::test::md5Of;
using terrain::test::oneAfterAnother;
using terrain::test::ScopedEnv;
using terrain::test::writeFile;

namespace {

const char* const kSecret = "s3cr3t-kustomize-literal";

/// What `kubectl kustomize` gives for an overlay that puts the base in namespace `shop` with `replicas` and a
/// generated ConfigMap holding a password.
QByteArray rendering(int replicas) {
    return QByteArray("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config-bbk7c4h9kt\n"
                      "  namespace: shop\ndata:\n  DB_PASSWORD: ") +
           kSecret +
           "\n  MODE: live\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n"
           "spec:\n  ports:\n  - port: 80\n  selector:\n    app: web\n---\napiVersion: apps/v1\n"
           "kind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: " +
           QByteArray::number(replicas) +
           "\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n"
           "        app: web\n    spec:\n      containers:\n      - image: shop/web:1.0\n        name: web\n"
           "        envFrom:\n        - configMapRef:\n            name: web-config-bbk7c4h9kt\n";
}

} // namespace

class TestKustomize : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void overlaysAreImportedAsRendered();
    void overlaysOfRegionsStayApartByTheirFolders();
    void overlaysOfOneEnvironmentStayApart();
    void fluxKustomizationsAreObjects();
    void nestedOverlaysAndCyclesAreRendered();
    void aRenderThatFailsChangesNothing();
    void withoutACommandTheManifestsAreReadAsTheyAre();
    void whatWouldBeFetchedIsNotRendered();
    void overlaysRenderAtOnceButWithHelmOneByOne();
    void theCommandIsTheEnvironmentsOrFoundOnPath();
    void kubectlRendersForReal();

private:
    /// A repository with a base and two overlays (prod, staging) whose renderings the stand-in prints.
    QString writeRepository(const QString& name);
    std::unique_ptr<Project> newMap() {
        return Project::create(m_dir.filePath(QStringLiteral("k%1.terrain").arg(++m_n)).toStdString());
    }
    json importInto(Project& p, const QString& path, const std::vector<std::string>& command) {
        ImportRequest request;
        request.paths = {path.toStdString()};
        request.parse.kustomize = command;
        return commitImport(p, planImport(p, parseImport(request), request.merge));
    }
    QTemporaryDir m_dir;
    int m_n = 0;
    std::vector<std::string> m_standIn; ///< the stand-in's command
};

void TestKustomize::initTestCase() {
    QVERIFY(m_dir.isValid());
    const QString script = m_dir.filePath(QStringLiteral("render-kustomization"));
    terrain::test::writeKustomizeStandIn(script);
    m_standIn = {script.toStdString()};
}

QString TestKustomize::writeRepository(const QString& name) {
    const QString repo = m_dir.filePath(name);
    writeFile(repo + QStringLiteral("/base/deployment.yaml"),
              "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1\n"
              "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
              "    spec: {containers: [{name: web, image: shop/web:1.0}]}\n");
    writeFile(repo + QStringLiteral("/base/service.yaml"),
              "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: "
              "[{port: 80}]}\n");
    writeFile(repo + QStringLiteral("/base/kustomization.yaml"),
              "resources:\n- deployment.yaml\n- service.yaml\n");
    writeFile(repo + QStringLiteral("/overlays/prod/kustomization.yaml"),
              QByteArray("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\n"
                         "resources:\n- ../../base\npatches:\n- path: replicas.yaml\nconfigMapGenerator:\n"
                         "- name: web-config\n  envs: [config.env]\n"));
    writeFile(repo + QStringLiteral("/overlays/prod/replicas.yaml"),
              "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n");
    writeFile(repo + QStringLiteral("/overlays/prod/config.env"),
              QByteArray("DB_PASSWORD=") + kSecret + "\n");
    writeFile(repo + QStringLiteral("/overlays/prod/.rendered.yaml"), rendering(3));
    writeFile(repo + QStringLiteral("/overlays/staging/kustomization.yml"),
              "namespace: shop\nresources: [../../base]\npatchesStrategicMerge: [replicas.yaml]\n");
    writeFile(repo + QStringLiteral("/overlays/staging/replicas.yaml"),
              "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 1}\n");
    writeFile(repo + QStringLiteral("/overlays/staging/.rendered.yaml"), rendering(1));
    return repo;
}

// The two overlays are read as rendered, each in the environment its folder names (both put the base in
// namespace `shop`: the same keys, kept apart by environment); the base, the patches and the generator's file
// are read as part of them, named with the overlays that read them. No value of the generated ConfigMap is
// kept. Imported again, nothing changes; an overlay deleted, its systems are gone.
void TestKustomize::overlaysAreImportedAsRendered() {
    const QString repo = writeRepository(QStringLiteral("shop"));
    ParseOptions options;
    options.kustomize = m_standIn;
    const auto scanned = scanSources({repo.toStdString()}, "auto", true, options);
    std::map<std::string, const ScannedFile*> byPath;
    for (const auto& f : scanned)
        byPath[QDir(repo).relativeFilePath(QString::fromStdString(f.path)).toStdString()] = &f;
    for (const char* rendered : {"overlays/prod/kustomization.yaml", "overlays/staging/kustomization.yml"}) {
        QVERIFY2(byPath.count(rendered), rendered);
        QCOMPARE(byPath[rendered]->format, std::string("k8s"));
        QCOMPARE(byPath[rendered]->renderedWith, std::string("render-kustomization"));
    }
    const std::string prod = (repo + QStringLiteral("/overlays/prod/kustomization.yaml")).toStdString();
    const std::string staging = (repo + QStringLiteral("/overlays/staging/kustomization.yml")).toStdString();
    const std::map<std::string, std::string> reasons = {
        {"base/deployment.yaml",
         "read by " + prod +
             " and 1 other Kustomization, which are imported as `render-kustomization` "
             "renders them"},
        {"base/service.yaml", "read by " + prod + " and 1 other Kustomization"},
        {"base/kustomization.yaml", "read by " + prod + " and 1 other Kustomization"},
        {"overlays/prod/replicas.yaml",
         "read by " + prod + ", which is imported as `render-kustomization` renders it"},
        {"overlays/prod/config.env", "read by " + prod + ", which"},
        {"overlays/staging/replicas.yaml", "read by " + staging + ", which"},
    };
    for (const auto& [path, reason] : reasons) {
        QVERIFY2(byPath.count(path), path.c_str());
        QVERIFY2(byPath[path]->format.empty() && byPath[path]->skipReason.starts_with(reason),
                 (path + ": " + byPath[path]->skipReason).c_str());
    }
    QCOMPARE(scanned.size(), reasons.size() + 2);

    auto p = newMap();
    const json report = importInto(*p, repo, m_standIn);
    std::map<std::string, std::string> environments;
    std::map<std::string, json> attributes;
    for (const auto& s : p->list<System>()) {
        environments[s.key] = s.environment;
        attributes[s.key] = s.attributes;
    }
    const std::map<std::string, std::string> expected = {
        {"k8s:ConfigMap/shop/web-config", "production"}, {"k8s:Deployment/shop/web", "production"},
        {"k8s:Service/shop/web", "production"},          {"k8s:ConfigMap/shop/web-config@staging", "staging"},
        {"k8s:Deployment/shop/web@staging", "staging"},  {"k8s:Service/shop/web@staging", "staging"},
    };
    QCOMPARE(environments, expected);
    QCOMPARE(attributes["k8s:Deployment/shop/web"].value("replicas", 0), 3);
    QCOMPARE(attributes["k8s:Deployment/shop/web@staging"].value("replicas", 0), 1);
    int rendered = 0;
    for (const auto& f : report["files"])
        if (f.value("rendered_with", "") == "render-kustomization") {
            ++rendered;
            QCOMPARE(f["format"].get<std::string>(), std::string("k8s"));
            QVERIFY(f["environment"] == "production" || f["environment"] == "staging");
        }
    QCOMPARE(rendered, 2);
    QCOMPARE(report["skipped_files"].get<int>(), 6);
    // The Deployment reads the generated ConfigMap; the Service routes to the Deployment, in each overlay.
    QCOMPARE(p->list<Dependency>().size(), std::size_t(4));
    const QString mapPath = QString::fromStdString(p->path());
    QVERIFY(!bytesOf(mapPath).contains(kSecret));
    // The runs say which Kustomization they read, by its folder, and keep no digest of what it renders (with
    // the password the generator reads).
    std::set<std::string> runs;
    for (const auto& run : p->list<ImportRun>()) {
        runs.insert(run.file);
        QVERIFY(run.contentHash.empty());
    }
    QCOMPARE(runs, (std::set<std::string>{"overlays/prod/kustomization.yaml",
                                          "overlays/staging/kustomization.yml"}));

    const json again = importInto(*p, repo, m_standIn);
    QCOMPARE(again["added"].get<int>(), 0);
    QCOMPARE(again["updated"].get<int>(), 0);
    QCOMPARE(again["unchanged"].get<int>(), 6);

    QVERIFY(QDir(repo + QStringLiteral("/overlays/staging")).removeRecursively());
    const json deleted = importInto(*p, repo, m_standIn);
    QCOMPARE(deleted["gone"].get<int>(), 3);
    for (const auto& s : p->list<System>())
        QCOMPARE(s.status, std::string(s.environment == "staging" ? "gone" : "present"));
    QVERIFY(!bytesOf(mapPath).contains(kSecret));
}

// Two overlays of one base in one namespace, applied to two clusters (overlays/eu, overlays/us): each is in
// the environment its folder names, so the same objects stay two systems each, with each one's image. A lone
// Kustomization (no base of its own) in a folder that names no environment gives none.
void TestKustomize::overlaysOfRegionsStayApartByTheirFolders() {
    const QString repo = m_dir.filePath(QStringLiteral("regions"));
    writeFile(repo + QStringLiteral("/base/kustomization.yaml"), "resources: [web.yaml]\n");
    writeFile(repo + QStringLiteral("/base/web.yaml"),
              "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n"
              "    spec: {containers: [{name: web, image: shop/web:1.0}]}\n");
    for (const char* region : {"eu", "us"}) {
        const QString overlay = repo + QStringLiteral("/overlays/") + QLatin1String(region);
        writeFile(overlay + QStringLiteral("/kustomization.yaml"),
                  "namespace: shop\nresources: [../../base]\nimages: [{name: shop/web, newTag: '2.0'}]\n");
        writeFile(overlay + QStringLiteral("/.rendered.yaml"),
                  QByteArray("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n"
                             "spec:\n  template:\n    spec: {containers: [{name: web, image: shop/web:") +
                      (region == std::string("eu") ? "1.0" : "2.0") + "}]}\n");
    }
    // (jobs applies a base of its own folder's: no overlay)
    writeFile(repo + QStringLiteral("/jobs/kustomization.yaml"), "resources: [./cron]\n");
    writeFile(repo + QStringLiteral("/jobs/cron/kustomization.yaml"), "resources: [cron.yaml]\n");
    writeFile(repo + QStringLiteral("/jobs/cron/cron.yaml"), "apiVersion: batch/v1\nkind: CronJob\n"
                                                             "metadata: {name: report}\n");
    writeFile(repo + QStringLiteral("/jobs/.rendered.yaml"), "apiVersion: batch/v1\nkind: CronJob\n"
                                                             "metadata: {name: report}\n");
    auto p = newMap();
    importInto(*p, repo, m_standIn);
    std::map<std::string, std::pair<std::string, std::string>> systems; // key: environment, image
    for (const auto& s : p->list<System>())
        systems[s.key] = {s.environment, s.attributes.value("image", "")};
    const std::map<std::string, std::pair<std::string, std::string>> expected = {
        {"k8s:Deployment/shop/web", {"eu", "shop/web:1.0"}},
        {"k8s:Deployment/shop/web@us", {"us", "shop/web:2.0"}},
        {"k8s:CronJob/default/report", {"", ""}},
    };
    QCOMPARE(systems, expected);
    // An overlay's folder names where it is applied even where the import names an environment, which the
    // others take; a rendered Kustomization is named with its folder.
    ImportRequest request;
    request.paths = {repo.toStdString()};
    request.parse.kustomize = m_standIn;
    request.parse.environment = "qa";
    std::map<std::string, std::string> environments; // file -> its systems' environment
    for (const auto& d : parseImport(request).discoveries)
        for (const auto& s : d.systems)
            environments[d.file] = s.environment;
    QCOMPARE(environments, (std::map<std::string, std::string>{{"overlays/eu/kustomization.yaml", "eu"},
                                                               {"overlays/us/kustomization.yaml", "us"},
                                                               {"regions/jobs/kustomization.yaml", ""}}));
}

// Two overlays whose namespace names one environment (prod, production), applied to two clusters: the same
// objects are still two each, the later overlay's keys marked with its folder, found again at the next
// import; no Service of one selects the other's workload, nor does one join the other by its DNS names.
void TestKustomize::overlaysOfOneEnvironmentStayApart() {
    const QString repo = m_dir.filePath(QStringLiteral("one-environment"));
    writeFile(repo + QStringLiteral("/base/kustomization.yaml"), "resources: [web.yaml]\n");
    writeFile(repo + QStringLiteral("/base/web.yaml"),
              "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n");
    for (const char* region : {"eu", "us"}) {
        const QString overlay = repo + QStringLiteral("/overlays/") + QLatin1String(region);
        writeFile(overlay + QStringLiteral("/kustomization.yaml"),
                  "namespace: prod\nresources: [../../base]\n");
        writeFile(overlay + QStringLiteral("/.rendered.yaml"),
                  QByteArray("apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: prod}\n"
                             "spec: {selector: {app: web}}\n---\napiVersion: apps/v1\nkind: Deployment\n"
                             "metadata: {name: web, namespace: prod}\nspec:\n  template:\n"
                             "    metadata: {labels: {app: web}}\n"
                             "    spec: {containers: [{name: web, image: 'shop/web:") +
                      region + "'}]}\n");
    }
    auto p = newMap();
    importInto(*p, repo, m_standIn);
    std::map<std::string, std::string> images; // key -> image, of every system
    for (const auto& s : p->list<System>()) {
        images[s.key] = s.attributes.value("image", "");
        QCOMPARE(s.environment, std::string("production"));
    }
    QCOMPARE(images, (std::map<std::string, std::string>{{"k8s:Deployment/prod/web", "shop/web:eu"},
                                                         {"k8s:Deployment/prod/web@us", "shop/web:us"},
                                                         {"k8s:Service/prod/web", ""},
                                                         {"k8s:Service/prod/web@us", ""}}));
    std::set<std::pair<std::string, std::string>> edges;
    for (const auto& d : p->list<Dependency>())
        edges.emplace(p->get<System>(d.from)->key, p->get<System>(d.to)->key);
    QCOMPARE(edges, (std::set<std::pair<std::string, std::string>>{
                        {"k8s:Service/prod/web", "k8s:Deployment/prod/web"},
                        {"k8s:Service/prod/web@us", "k8s:Deployment/prod/web@us"}}));
    const json again = importInto(*p, repo, m_standIn);
    QCOMPARE(again["added"].get<int>(), 0);
    QCOMPARE(again["updated"].get<int>(), 0);
    QCOMPARE(again["unchanged"].get<int>(), 4);
}

// A Flux Kustomization (kustomize.toolkit.fluxcd.io) is an object Flux reconciles, not a file of kustomize:
// in a manifest, or saved as kustomization.yaml, it is read as objects are (a kind Terrain does not map,
// said), never refused as a Kustomization nor given to kustomize.
void TestKustomize::fluxKustomizationsAreObjects() {
    const QString repo = m_dir.filePath(QStringLiteral("flux"));
    const QByteArray flux = "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n"
                            "metadata: {name: apps, namespace: flux-system}\n"
                            "spec: {interval: 10m, path: ./apps/staging, prune: true,\n"
                            "  sourceRef: {kind: GitRepository, name: flux-system}}\n";
    writeFile(repo + QStringLiteral("/clusters/staging/apps.yaml"), flux);
    writeFile(repo + QStringLiteral("/clusters/production/kustomization.yaml"), flux);
    writeFile(repo + QStringLiteral("/clusters/production/web.yaml"),
              "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {}\n");
    ImportRequest request;
    request.paths = {repo.toStdString()};
    request.parse.kustomize = m_standIn;
    const ParsedImport parsed = parseImport(request);
    for (const auto& f : parsed.files) {
        QVERIFY2(f.format == "k8s" && f.renderedWith.empty(), f.path.c_str());
        QVERIFY(f.skipReason.empty());
    }
    QCOMPARE(parsed.files.size(), std::size_t(3));
    std::set<std::string> keys;
    std::string warnings;
    for (const auto& d : parsed.discoveries) {
        for (const auto& s : d.systems)
            keys.insert(s.key);
        for (const auto& w : d.warnings)
            warnings += d.file + ": " + w + "\n";
    }
    QCOMPARE(keys, (std::set<std::string>{"k8s:Service/shop/web"}));
    for (const char* file : {"apps.yaml", "kustomization.yaml"})
        QVERIFY2(warnings.find(std::string(file) +
                               ": left out objects of kinds Terrain does not map to systems: "
                               "Kustomization") != std::string::npos,
                 warnings.c_str());
}

// An overlay another overlay adds to (overlays/production, which production-eu reads) is applied where it is
// too: both are rendered, each in its own environment. Kustomizations that read each other in a cycle are
// rendered all the same, for kustomize to say what is wrong, rather than have their manifests read raw, and
// so is one that is no YAML, whose files beside it are taken for its own.
void TestKustomize::nestedOverlaysAndCyclesAreRendered() {
    const QString repo = m_dir.filePath(QStringLiteral("nested"));
    writeFile(repo + QStringLiteral("/base/kustomization.yaml"), "resources: [web.yaml]\n");
    writeFile(repo + QStringLiteral("/base/web.yaml"),
              "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n");
    writeFile(repo + QStringLiteral("/overlays/production/kustomization.yaml"), "resources: [../../base]\n");
    writeFile(repo + QStringLiteral("/overlays/production-eu/kustomization.yaml"),
              "resources: [../production]\n");
    writeFile(repo + QStringLiteral("/cycle/a/kustomization.yaml"), "resources: [../b, a.yaml]\n");
    writeFile(repo + QStringLiteral("/cycle/a/a.yaml"),
              "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n");
    writeFile(repo + QStringLiteral("/cycle/b/kustomization.yaml"), "resources: [../a]\n");
    // One that is no YAML cannot say what it reads: the files beside it are taken for its own.
    writeFile(repo + QStringLiteral("/broken/kustomization.yaml"), "resources: [web.yaml\n");
    writeFile(repo + QStringLiteral("/broken/web.yaml"),
              "apiVersion: v1\nkind: Service\nmetadata: {name: b}\n");
    ParseOptions options;
    options.kustomize = m_standIn;
    std::map<std::string, std::string> how;
    for (const auto& f : scanSources({repo.toStdString()}, "auto", true, options))
        how[QDir(repo).relativeFilePath(QString::fromStdString(f.path)).toStdString()] =
            !f.renderedWith.empty() ? (f.overlay ? "overlay" : "rendered") : f.skipReason.substr(0, 7);
    QCOMPARE(how,
             (std::map<std::string, std::string>{{"base/kustomization.yaml", "read by"},
                                                 {"base/web.yaml", "read by"},
                                                 {"broken/kustomization.yaml", "rendered"},
                                                 {"broken/web.yaml", "read by"},
                                                 {"cycle/a/a.yaml", "read by"},
                                                 {"cycle/a/kustomization.yaml", "overlay"},
                                                 {"cycle/b/kustomization.yaml", "overlay"},
                                                 {"overlays/production-eu/kustomization.yaml", "overlay"},
                                                 {"overlays/production/kustomization.yaml", "overlay"}}));
}

// A Kustomization its command cannot render (a resource missing) is an input that cannot be read: the error
// names it and says what the command said, without kubectl's log header, and the map is unchanged.
void TestKustomize::aRenderThatFailsChangesNothing() {
    const QString repo = writeRepository(QStringLiteral("broken"));
    writeFile(repo + QStringLiteral("/overlays/prod/.fail"),
              "# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead.\n"
              "E1207 14:34:10.636012   27660 run.go:72] \"command failed\" err=\"accumulating resources: "
              "missing.yaml: no such file or directory\"\n");
    auto p = newMap();
    importInto(*p, repo + QStringLiteral("/overlays/staging"), m_standIn);
    const QString mapPath = QString::fromStdString(p->path());
    const QByteArray before = md5Of(mapPath);
    // What an import refused for files that cannot be read says of each, and how many others could be read.
    auto refused = [](const ImportRequest& r) -> std::pair<std::vector<std::string>, std::size_t> {
        try {
            parseImport(r);
        } catch (const UnreadableSources& e) {
            return {e.errors(), e.readable()};
        }
        return {};
    };
    ImportRequest request;
    request.paths = {repo.toStdString()};
    request.parse.kustomize = m_standIn;
    {
        const auto [errors, readable] = refused(request);
        QVERIFY(!errors.empty());
        QCOMPARE(errors.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(errors.front()),
                 repo +
                     QStringLiteral("/overlays/prod/kustomization.yaml: `render-kustomization` cannot render "
                                    "it: accumulating resources: missing.yaml: no such file or directory"));
        QCOMPARE(readable, std::size_t(1));
    }
    QCOMPARE(md5Of(mapPath), before);
    // kubectl's log gives an error of several lines so, indented between err=< and >.
    writeFile(repo + QStringLiteral("/overlays/prod/.fail"),
              "E1207 14:52:51.568060   32678 run.go:72] \"command failed\" err=<\n"
              "\ttrouble configuring builtin PatchTransformer with config: `\n\tpath: replicas.yaml\n"
              "\t`: no matches for Id Deployment.v1.apps/api.[noNs]\n >\n");
    {
        const auto [errors, readable] = refused(request);
        QVERIFY(!errors.empty());
        QCOMPARE(QString::fromStdString(errors.front()),
                 repo +
                     QStringLiteral("/overlays/prod/kustomization.yaml: `render-kustomization` cannot render "
                                    "it: trouble configuring builtin PatchTransformer with config: (its "
                                    "configuration): no matches for Id Deployment.v1.apps/api.[noNs]"));
    }
    // Nor does an error say a generator's literal kustomize quotes, escaped as kubectl's log has it.
    writeFile(repo + QStringLiteral("/overlays/prod/kustomization.yaml"),
              "namespace: shop\nresources:\n- ../../base\npatches:\n- path: replicas.yaml\n"
              "configMapGenerator:\n- name: web-config\n  envs: [config.env]\nsecretGenerator:\n- name: db\n"
              "  literals: [SUPERSECRETVALUE123]\n");
    writeFile(repo + QStringLiteral("/overlays/prod/.fail"),
              "E1207 14:52:51.568060   32678 run.go:72] \"command failed\" err=\"invalid literal source "
              "SUPERSECRETVALUE123, expected key=value; unknown field \\\"foo\\\"\"\n");
    {
        const auto [errors, readable] = refused(request);
        QVERIFY(!errors.empty());
        QCOMPARE(QString::fromStdString(errors.front()),
                 repo +
                     QStringLiteral("/overlays/prod/kustomization.yaml: `render-kustomization` cannot render "
                                    "it: invalid literal source …, expected key=value; unknown field "
                                    "\"foo\""));
    }
    // A command that is not installed says so, and what to do instead.
    request.parse.kustomize = {"/nonexistent/kustomize", "build"};
    {
        const auto [errors, readable] = refused(request);
        QVERIFY(!errors.empty());
        QCOMPARE(errors.size(), std::size_t(2));
        QVERIFY2(
            errors.front().starts_with(
                (repo + QStringLiteral("/overlays/prod/kustomization.yaml: cannot be rendered: `kustomize "
                                       "build` is not installed here (/nonexistent/kustomize); install "
                                       "kubectl or kustomize, leave the Kustomization out "
                                       "(--skip-unreadable), or read the manifests it lists as they are "
                                       "(TERRAIN_KUSTOMIZE=none)"))
                    .toStdString()),
            errors.front().c_str());
    }
    QCOMPARE(md5Of(mapPath), before);
    request.parse.kustomize = m_standIn;
    // Left out (--skip-unreadable), the other overlay imports and what the map has stays; the patch and the
    // generator's file only the overlay left out reads are left out with it, the base the other one reads
    // is not.
    request.parse.skipUnreadable = true;
    const json report = commitImport(*p, planImport(*p, parseImport(request), request.merge));
    QCOMPARE(report["unreadable_files"].get<int>(), 3);
    std::set<std::string> leftOut;
    for (const auto& f : report["files"])
        if (f["status"] == "unreadable")
            leftOut.insert(QDir(repo).relativeFilePath(QString::fromStdString(f["path"])).toStdString());
    QCOMPARE(leftOut, (std::set<std::string>{"overlays/prod/kustomization.yaml",
                                             "overlays/prod/replicas.yaml", "overlays/prod/config.env"}));
    QCOMPARE(report["gone"].get<int>(), 0);
    QCOMPARE(report["unchanged"].get<int>(), 3);
}

// With no command to render with, a Kustomization and its patches are skipped, saying what to do, and the
// manifests it lists are read as they are, as before Terrain rendered any.
void TestKustomize::withoutACommandTheManifestsAreReadAsTheyAre() {
    const QString repo = writeRepository(QStringLiteral("unrendered"));
    std::map<std::string, std::string> why;
    for (const auto& f : scanSources({repo.toStdString()}, "auto"))
        why[QDir(repo).relativeFilePath(QString::fromStdString(f.path)).toStdString()] =
            f.format.empty() ? f.skipReason : "imported as " + f.format;
    QCOMPARE(why["base/deployment.yaml"], std::string("imported as k8s"));
    QCOMPARE(why["base/service.yaml"], std::string("imported as k8s"));
    QVERIFY2(why["overlays/prod/kustomization.yaml"].starts_with("a Kustomization: render it with `kubectl "
                                                                 "kustomize <folder>`"),
             why["overlays/prod/kustomization.yaml"].c_str());
    QVERIFY(why["overlays/prod/replicas.yaml"].starts_with("a Kustomize patch ("));
    QVERIFY(why["overlays/staging/replicas.yaml"].starts_with("a Kustomize patch ("));
    auto p = newMap();
    importInto(*p, repo, {});
    std::set<std::string> keys;
    for (const auto& s : p->list<System>())
        keys.insert(s.key);
    QCOMPARE(keys, (std::set<std::string>{"k8s:Deployment/default/web", "k8s:Service/default/web"}));
}

// A Kustomization that names a remote base, or inflates a Helm chart, is not rendered (that would fetch them
// from the network), nor a Component, which is only part of the Kustomizations that name it: each is skipped,
// saying why, and named on its own it is refused, saying the same. A command with --enable-helm renders
// charts.
void TestKustomize::whatWouldBeFetchedIsNotRendered() {
    const QString repo = m_dir.filePath(QStringLiteral("remote"));
    const QString kustomization = repo + QStringLiteral("/overlays/prod/kustomization.yaml");
    writeFile(kustomization, "namespace: shop\nresources:\n- ../../base\n- extra.yaml\n"
                             "- github.com/kubernetes-sigs/kustomize/examples/multibases?ref=v1.0.6\n");
    writeFile(repo + QStringLiteral("/overlays/prod/extra.yaml"),
              "apiVersion: v1\nkind: Service\nmetadata: {name: extra}\nspec: {selector: {app: extra}}\n");
    writeFile(repo + QStringLiteral("/base/kustomization.yaml"), "resources: [web.yaml]\n");
    writeFile(repo + QStringLiteral("/base/web.yaml"),
              "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}}\n");
    const QString chart = repo + QStringLiteral("/redis/kustomization.yaml");
    writeFile(chart, "helmCharts:\n- name: redis\n  repo: https://charts.bitnami.com/bitnami\n"
                     "  version: 17.0.0\n");
    const QString component = repo + QStringLiteral("/components/monitoring/kustomization.yaml");
    writeFile(component, "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"
                         "resources: [hpa.yaml]\n");
    writeFile(repo + QStringLiteral("/components/monitoring/hpa.yaml"),
              "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\n"
              "spec: {scaleTargetRef: {kind: Deployment, name: web}, minReplicas: 3, maxReplicas: 20}\n");
    ParseOptions options;
    options.kustomize = m_standIn;
    std::map<std::string, const ScannedFile*> byPath;
    const auto scanned = scanSources({repo.toStdString()}, "auto", true, options);
    for (const auto& f : scanned)
        byPath[QDir(repo).relativeFilePath(QString::fromStdString(f.path)).toStdString()] = &f;
    QCOMPARE(byPath.size(), std::size_t(7));
    // The base only the remote overlay reads is rendered on its own, and what it reads is part of it.
    QCOMPARE(byPath["base/kustomization.yaml"]->renderedWith, std::string("render-kustomization"));
    QVERIFY2(byPath["base/web.yaml"]->skipReason.starts_with("read by " + repo.toStdString() +
                                                             "/base/kustomization.yaml, which is imported"),
             byPath["base/web.yaml"]->skipReason.c_str());
    // What only a Kustomization not rendered reads is part of it: the overlay's own manifest, the unused
    // Component's autoscaler (which would reach the Deployment of the same name).
    for (const auto& [path, by] : std::map<std::string, std::string>{
             {"overlays/prod/extra.yaml",
              "overlays/prod/kustomization.yaml, which is not rendered: it names a "
              "remote base"},
             {"components/monitoring/hpa.yaml", "components/monitoring/kustomization.yaml, which is not "
                                                "rendered: it is a Component"}}) {
        QVERIFY2(byPath[path]->format.empty() &&
                     byPath[path]->skipReason.starts_with("read by " + repo.toStdString() + "/" + by),
                 byPath[path]->skipReason.c_str());
    }
    const std::map<std::string, std::pair<QString, std::string>> notRendered = {
        {"overlays/prod/kustomization.yaml",
         {kustomization,
          "a Kustomization not rendered: it names a remote base "
          "(github.com/kubernetes-sigs/kustomize/examples/multibases?ref=v1.0.6), which Terrain "
          "does not fetch"}},
        {"redis/kustomization.yaml",
         {chart,
          "a Kustomization not rendered: it inflates a Helm chart (redis), which takes `--enable-helm`"}},
        {"components/monitoring/kustomization.yaml",
         {component, "a Kustomization not rendered: it is a Component, rendered only as part of a "
                     "Kustomization that names it"}},
    };
    for (const auto& [path, why] : notRendered) {
        QVERIFY2(byPath.count(path), path.c_str());
        const ScannedFile& f = *byPath[path];
        QVERIFY2(f.format.empty() && f.skipReason.starts_with(why.second), f.skipReason.c_str());
        try {
            scanSources({why.first.toStdString()}, "auto", true, options);
            QFAIL(path.c_str());
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).starts_with(why.first.toStdString() + ": " + why.second),
                     e.what());
        }
    }
    // A folder with nothing else says why there is nothing to import.
    ImportRequest request;
    request.paths = {QFileInfo(chart).path().toStdString()};
    request.parse = options;
    try {
        parseImport(request);
        QFAIL("a folder with nothing to import was imported");
    } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).starts_with(
                     "nothing to import: no file in 1 source(s) is in a format Terrain reads:\n  " +
                     chart.toStdString() + ": " + notRendered.at("redis/kustomization.yaml").second),
                 e.what());
    }
    options.kustomize = {m_standIn.front(), "--enable-helm"};
    QCOMPARE(scanSources({chart.toStdString()}, "auto", true, options).at(0).renderedWith,
             std::string("render-kustomization --enable-helm"));
}

// Overlays are rendered several at once (TERRAIN_TOOL_JOBS), the result the same as one by one; with
// --enable-helm, one at a time, since the charts it inflates are written into a base that overlays may share.
void TestKustomize::overlaysRenderAtOnceButWithHelmOneByOne() {
    const QString repo = writeRepository(QStringLiteral("atonce"));
    const QString log = m_dir.filePath(QStringLiteral("renders.log"));
    const QString script = m_dir.filePath(QStringLiteral("render-slowly"));
    // (the folder is the last word it is given)
    writeFile(script, "#!/bin/sh\nfor word; do dir=$word; done\necho \"begin $dir\" >> \"$RENDER_LOG\"\n"
                      "sleep 0.3\necho \"end $dir\" >> \"$RENDER_LOG\"\ncat \"$dir/.rendered.yaml\"\n");
    QVERIFY(QFile::setPermissions(script, QFile::permissions(script) | QFileDevice::ExeOwner));
    const ScopedEnv logTo("RENDER_LOG", log.toUtf8());
    auto render = [&](const char* atOnce, std::vector<std::string> command, QStringList& calls) {
        const ScopedEnv jobs("TERRAIN_TOOL_JOBS", atOnce);
        QFile::remove(log);
        ImportRequest request;
        request.paths = {repo.toStdString()};
        request.parse.kustomize = std::move(command);
        const ParsedImport parsed = parseImport(request);
        calls = linesOf(log);
        std::vector<std::string> read;
        for (const Discovery& d : parsed.discoveries)
            for (const auto& sys : d.systems)
                read.push_back(d.file + " " + d.environment + " " + sys.key);
        return read;
    };
    QStringList oneByOne, atOnce, helm;
    const auto alone = render("1", {script.toStdString()}, oneByOne);
    const auto together = render("4", {script.toStdString()}, atOnce);
    const auto withHelm = render("4", {script.toStdString(), "--enable-helm=true"}, helm);
    QCOMPARE(alone.size(), std::size_t(6)); // (a ConfigMap, a Service and a Deployment in each overlay)
    QCOMPARE(together, alone);
    QCOMPARE(withHelm, alone);
    QCOMPARE(atOnce.size(), 4);
    QVERIFY2(atOnce[0].startsWith(QLatin1String("begin ")) && atOnce[1].startsWith(QLatin1String("begin ")),
             qPrintable(atOnce.join(QLatin1Char(','))));
    for (const QStringList& calls : {oneByOne, helm}) {
        QCOMPARE(calls.size(), 4);
        QVERIFY2(oneAfterAnother(calls), qPrintable(calls.join(QLatin1Char(','))));
    }
}

// TERRAIN_KUSTOMIZE names the command ("none": none); unset, kustomize or kubectl where one is on PATH.
void TestKustomize::theCommandIsTheEnvironmentsOrFoundOnPath() {
    const ScopedEnv restored("TERRAIN_KUSTOMIZE", "none");
    QVERIFY(kustomizeCommand().empty());
    qputenv("TERRAIN_KUSTOMIZE", "");
    QVERIFY(kustomizeCommand().empty());
    qputenv("TERRAIN_KUSTOMIZE", "\"/opt/my tools/kustomize\" build --enable-helm");
    QCOMPARE(kustomizeCommand(),
             (std::vector<std::string>{"/opt/my tools/kustomize", "build", "--enable-helm"}));
    QCOMPARE(commandName(kustomizeCommand()), std::string("kustomize build --enable-helm"));
    qunsetenv("TERRAIN_KUSTOMIZE");
    const auto found = kustomizeCommand();
    const QString kustomize = QStandardPaths::findExecutable(QStringLiteral("kustomize"));
    const QString kubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
    if (!kustomize.isEmpty())
        QCOMPARE(found, (std::vector<std::string>{kustomize.toStdString(), "build"}));
    else if (!kubectl.isEmpty())
        QCOMPARE(found, (std::vector<std::string>{kubectl.toStdString(), "kustomize"}));
    else // (which then cannot be run: a Kustomization cannot be read)
        QCOMPARE(found, (std::vector<std::string>{"kubectl", "kustomize"}));
}

// With kubectl (or kustomize) on the machine: the overlay's namespace, its patch and its generated ConfigMap
// are what the map holds, and the password the generator reads is not.
void TestKustomize::kubectlRendersForReal() {
    const auto command = [] {
        const ScopedEnv unset("TERRAIN_KUSTOMIZE");
        return kustomizeCommand();
    }();
    if (command.empty() || !QFileInfo(QString::fromStdString(command.front())).isAbsolute())
        QSKIP("neither kustomize nor kubectl is on PATH");
    const QString repo = writeRepository(QStringLiteral("real"));
    writeFile(repo + QStringLiteral("/overlays/prod/kustomization.yaml"),
              "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop-live\n"
              "resources:\n- ../../base\npatches:\n- path: replicas.yaml\nconfigMapGenerator:\n"
              "- name: web-config\n  envs: [config.env]\n");
    QVERIFY(QDir(repo + QStringLiteral("/overlays/staging")).removeRecursively());
    auto p = newMap();
    const json report = importInto(*p, repo, command);
    std::map<std::string, json> attributes;
    std::map<std::string, std::string> environments;
    for (const auto& s : p->list<System>()) {
        attributes[s.key] = s.attributes;
        environments[s.key] = s.environment;
    }
    QVERIFY2(attributes.count("k8s:Deployment/shop-live/web"), report.dump().c_str());
    QCOMPARE(attributes["k8s:Deployment/shop-live/web"].value("replicas", 0), 3);
    QVERIFY(attributes.count("k8s:Service/shop-live/web"));
    QVERIFY(attributes.count("k8s:ConfigMap/shop-live/web-config"));
    QCOMPARE(environments["k8s:Deployment/shop-live/web"], std::string("production"));
    QCOMPARE(attributes.size(), std::size_t(3));
    QVERIFY(!bytesOf(QString::fromStdString(p->path())).contains(kSecret));
}

QTEST_GUILESS_MAIN(TestKustomize)
#include "tst_kustomize.moc"
