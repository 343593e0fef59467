// No secret from an imported file reaches the map: every shared fixture and a set of inputs seeded
// with known secrets (one per way a format carries them) are imported, then the .terrain file's bytes
// (with its journal) and every export are searched for each secret string.
#include "Catalog.h"
#include "DocumentExport.h"
#include "Error.h"
#include "ImportJob.h"
#include "MapJson.h"
#include "Project.h"
#include "WriteFile.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

using namespace terrain;

namespace {

const QString kSeeded = QStringLiteral(TERRAIN_SOURCE_DIR "/tests/importers/data/secrets");

/// The secrets planted in tests/importers/data/secrets, and those the shared fixtures carry.
const char* const kSecrets[] = {
    // seeded.tfstate
    "SEED-tf-output-pw",
    "SEED-tf-output-url-pw",
    "SEED-tf-sensitive-user",
    "SEED-tf-attr-password",
    "SEED-tf-url-pw",
    "SEED-tf-tag-token",
    "SEED-tf-userdata",
    "SEED-tf-pem",
    // seeded-plan.json
    "SEED-tfjson-var",
    "SEED-tfjson-planned-pw",
    "SEED-tfjson-after-pw",
    // seeded-k8s.yaml (the Secret's data is base64 of SEED-k8s-secret-data)
    "U0VFRC1rOHMtc2VjcmV0LWRhdGE=",
    "SEED-k8s-secret-data",
    "SEED-k8s-string-data",
    "SEED-k8s-cm-key",
    "SEED-k8s-cm-url-pw",
    "SEED-k8s-annotation-token",
    "SEED-k8s-env-pw",
    "SEED-k8s-url-pw",
    // seeded-kustomize/ (rendered: its generators' literals and env file, and the Secret's name suffix, a
    // hash of its data)
    "SEED-kustomize-literal-pw",
    "SEED-kustomize-env-token",
    "SEED-kustomize-cm-url-pw",
    "9945h9dgch",
    // seeded-compose.yaml
    "SEED-compose-pw",
    "SEED-compose-url-pw",
    "SEED-compose-list-key",
    "SEED-compose-aws-key",
    "SEED-compose-build-token",
    "SEED-compose-root-pw",
    // seeded-cfn.yaml
    "SEED-cfn-noecho",
    "SEED-cfn-master-pw",
    "SEED-cfn-userdata",
    "SEED-cfn-tag-token",
    // seeded-backstage.yaml
    "SEED-bs-token",
    "SEED-bs-url-pw",
    // seeded-awscli.json
    "SEED-aws-tag-pw",
    // seeded-awscli-task-definition.json (an ECS container's environment), seeded-awscli-tagging.json
    "SEED-ecs-env-pw",
    "SEED-ecs-url-pw",
    "SEED-ecs-plain-env",
    "SEED-aws-tagging-token",
    // seeded-inventory.csv
    "SEED-csv-pw",
    "SEED-csv-pw2",
    "SEED-csv-url-pw",
    "SEED-csv-notes-pw",
    "SEED-csv-conn-pw",
    // .env beside seeded-compose.yaml (read for its interpolation)
    "SEED-dotenv-token",
    // seeded-prometheus.yml
    "SEED-prom-pw",
    "SEED-prom-bearer",
    "SEED-prom-url-pw",
    // seeded-ansible/ (an inventory, its group_vars/ and host_vars/, one of them vaulted), and
    // seeded-ansible-list.json, `ansible-inventory --list` of it with the vault opened
    "SEED-ansible-conn-pw",
    "SEED-ansible-become-pw",
    "SEED-ansible-ssh-pass",
    "SEED-ansible-host-token",
    "SEED-ansible-url-pw",
    "SEED-ansible-group-pw",
    "SEED-ansible-groupvars-pw",
    "SEED-ansible-groupvars-url-pw",
    "SEED-ansible-hostvars-key",
    "SEED-ansible-hostvars-vaulted-pw",
    "5345454421616e7369626c652d7661756c742d626c6f62",
    // fixtures: kubectl-neat_secret1-raw.json (a docker config in a Secret), the sensitive values of
    // terraform_show-json_sensitive-values_output.json
    "eyJhdXRocyI6eyJteXJlZ2lzdHJ5LnRlc3QiOnsidXNlcm5hbWUiOiJ1c2VyIiwicGFzc3dvcmQiOiJwYXNzIiwiZW1h",
    "\"boop\"",
};

QByteArray readFile(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestSecrets : public QObject {
    Q_OBJECT
private slots:
    void seededFilesCarryTheSecrets();
    void noSecretReachesTheMapOrAnExport();
    void noSecretInTheErrorOfAFileCutShort();
};

void TestSecrets::seededFilesCarryTheSecrets() {
    // The test is only as good as its inputs: every seeded secret is really in a seeded file (or a
    // fixture), so finding none afterwards means the importers dropped them.
    QByteArray all;
    for (const auto& dir : {kSeeded, QStringLiteral(TERRAIN_FIXTURES_DIR)}) {
        QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext())
            all += readFile(it.next());
    }
    for (const char* s : kSecrets)
        QVERIFY2(all.contains(s) || all.contains(QByteArray(s).toBase64()), s);
}

void TestSecrets::noSecretReachesTheMapOrAnExport() {
    QTemporaryDir dir;
    const QString mapPath = dir.filePath(QStringLiteral("secrets.terrain"));
    std::string exported;
    int imported = 0;
    QStringList refused;
    {
        auto project = Project::create(mapPath.toStdString());
        seedCatalog(*project);
        std::vector<QString> files;
        for (const auto& root : {QStringLiteral(TERRAIN_FIXTURES_DIR), kSeeded}) {
            QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString f = it.next();
                if (!f.endsWith(QStringLiteral(".md")))
                    files.push_back(f);
            }
        }
        std::sort(files.begin(), files.end());
        // One import per file, so a file that a format refuses (an OpenTofu envelope, a state from the
        // future) does not keep the others out; each of the others goes through the same path as
        // `terrain import`.
        for (const QString& f : files) {
            ImportRequest request;
            request.paths = {f.toStdString()};
            try {
                commitImport(*project, planImport(*project, parseImport(request), request.merge));
                ++imported;
            } catch (const Error& e) {
                refused << QStringLiteral("%1: %2").arg(QFileInfo(f).fileName(), QString::fromUtf8(e.what()));
            }
        }
        // A Kustomization rendered (by a stand-in for kubectl that prints what it rendered of it, saved
        // beside it), as a folder's import reads one.
        const QString render = dir.filePath(QStringLiteral("render"));
        test::writeKustomizeStandIn(render);
        ImportRequest kustomized;
        kustomized.paths = {(kSeeded + QStringLiteral("/seeded-kustomize")).toStdString()};
        kustomized.parse.kustomize = {render.toStdString()};
        commitImport(*project, planImport(*project, parseImport(kustomized), kustomized.merge));
        QVERIFY(project->systemByKey("k8s:Secret/seed/seed-db"));
        QVERIFY(project->systemByKey("k8s:Deployment/seed/seed-kustomized"));
        exported = exportMapText(*project);
        // The document exports too (roadmap, report, Backstage catalog); the PDFs are laid out from the
        // same HTML as roadmap-html and report-html.
        const ExportInput input = exportInput(*project);
        for (const auto& format : documentFormats())
            if (!format.binary)
                exported += exportDocument(input, format.name);
        QVERIFY(project->count(EntityKind::System) > 100);
    }
    qInfo("imported %d files; refused %lld:\n%s", imported, static_cast<long long>(refused.size()),
          qPrintable(refused.join(QLatin1Char('\n'))));
    QVERIFY2(imported >= 45, qPrintable(refused.join(QLatin1Char('\n'))));
    for (const QString& name :
         {QStringLiteral("seeded.tfstate"), QStringLiteral("seeded-plan.json"),
          QStringLiteral("seeded-k8s.yaml"), QStringLiteral("seeded-compose.yaml"),
          QStringLiteral("seeded-cfn.yaml"), QStringLiteral("seeded-backstage.yaml"),
          QStringLiteral("seeded-awscli.json"), QStringLiteral("seeded-inventory.csv"),
          QStringLiteral("seeded-prometheus.yml"), QStringLiteral("seeded-ansible-list.json"),
          QStringLiteral("hosts")}) // (seeded-ansible/hosts)
        QVERIFY2(!(QLatin1Char('\n') + refused.join(QLatin1Char('\n')))
                      .contains(QLatin1Char('\n') + name + QLatin1String(": ")),
                 qPrintable(name));

    QByteArray bytes = readFile(mapPath);
    for (const char* suffix : {"-wal", "-journal", "-shm"})
        bytes += readFile(mapPath + QLatin1String(suffix));
    QVERIFY(bytes.size() > 4096);
    const QByteArray json = QByteArray::fromStdString(exported);
    QVERIFY(json.contains("seed-web")); // the seeded systems are there, only their secrets are not
    QVERIFY(json.contains("checkout-db"));
    QVERIFY(json.contains("seed-app1.example.org"));
    QVERIFY(json.contains("\"format\": \"terrain-roadmap\"") && json.contains("<h2>Risk matrix</h2>") &&
            json.contains("apiVersion: backstage.io/v1alpha1")); // the document exports were searched too
    for (const char* s : kSecrets) {
        QVERIFY2(!bytes.contains(s),
                 qPrintable(QStringLiteral("in the .terrain file: %1").arg(QLatin1String(s))));
        QVERIFY2(!json.contains(s),
                 qPrintable(QStringLiteral("in the JSON export: %1").arg(QLatin1String(s))));
    }
}

void TestSecrets::noSecretInTheErrorOfAFileCutShort() {
    // A file cut short inside a secret's value (a copy interrupted, a pipe closed) is refused, and the error
    // names the file and the place, never what was read there.
    QTemporaryDir dir;
    int refused = 0;
    QDirIterator it(kSeeded, QDir::Files);
    while (it.hasNext()) {
        const QString path = it.next();
        const QByteArray bytes = readFile(path);
        for (const char* secret : kSecrets) {
            const qsizetype at = bytes.indexOf(secret);
            if (at < 0)
                continue;
            const QString cut = dir.filePath(QFileInfo(path).fileName());
            QFile out(cut);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(bytes.left(at + 10)); // "SEED-tf-ou": the start of the secret, then nothing
            out.close();
            ImportRequest request;
            request.paths = {cut.toStdString()};
            try {
                parseImport(request);
            } catch (const Error& e) {
                ++refused;
                QVERIFY2(std::string(e.what()).find("SEED-") == std::string::npos, e.what());
            }
        }
    }
    QVERIFY2(refused >= 10, qPrintable(QString::number(refused))); // the JSON files' cuts, at least
}

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
