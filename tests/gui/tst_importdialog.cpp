// The import dialog: preview on a worker (nothing written), the report lists files, skipped files and
// new systems, Import writes one undoable edit, a broken file is reported by name and changes nothing,
// a bad CSV mapping is refused before anything is read.
#include "EntityTablePage.h"
#include "ImportDialog.h"
#include "ImportJob.h"
#include "MapJson.h"
#include "Project.h"
#include "TestMaps.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTextBrowser>
#include <QtTest>

#include <map>
#include <set>
#include <vector>

using namespace terrain;

namespace {

void writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

/// The dialog on `folder`, shown at a size to look at, once its preview is ready.
bool previewed(ImportDialog& dialog, const QString& folder) {
    dialog.setSources({folder});
    dialog.resize(900, 700);
    dialog.show();
    QSignalSpy ready(&dialog, &ImportDialog::previewReady);
    dialog.preview();
    return ready.wait(20000);
}

/// The format the report saw each file as, in its order.
std::vector<std::string> formatsOf(const json& report) {
    std::vector<std::string> out;
    for (const auto& f : report["files"])
        out.push_back(f["format"].get<std::string>());
    return out;
}

QString screenshot(QWidget& w, const char* name) {
    QDir().mkpath(QStringLiteral(TERRAIN_SCREENSHOT_DIR));
    const QString file = QStringLiteral(TERRAIN_SCREENSHOT_DIR "/%1.png").arg(QLatin1String(name));
    if (!w.grab().save(file))
        qWarning("could not save %s", qPrintable(file));
    return file;
}

} // namespace

class TestImportDialog : public QObject {
    Q_OBJECT
private slots:
    void previewThenImport();
    void brokenFileChangesNothing();
    void unreadableFilesCanBeLeftOut();
    void aRepositoryFolderShowsItsSystemsNotItsCode();
    void aKustomizeOverlayIsShownAsRendered();
    void anAnsibleRepositoryShowsItsInventories();
    void aTerraformWorkingDirectoryShowsEachWorkspace();
    void badCsvMappingIsRefused();
    void changingASettingStopsThePreview();
    void includedComposeFileShownAsPartOfItsProject();
    void environmentKeepsAWorkspaceApart();
    void aDeletedWorkspaceIsGone();
    void newerExportShowsWhatItReplaces();
    void changedSystemsSayWhatChanges();
    void awsCliOutputsOfEveryShapeAreRecognised();
    void cloudMapperLoadBalancerReachesItsTargets();

private:
    QTemporaryDir m_dir;
};

void TestImportDialog::previewThenImport() {
    test::SmallMap map(test::pathIn(m_dir, "import.terrain"));
    Project& p = *map.project;
    const auto systemsBefore = p.count(EntityKind::System);
    const std::string before = exportMapText(p);

    const QString folder = m_dir.filePath(QStringLiteral("sources"));
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(QFile::copy(
        QStringLiteral(TERRAIN_FIXTURES_DIR "/compose/awesome-compose_react-express-mysql_compose.yaml"),
        folder + QStringLiteral("/compose.yaml")));
    QVERIFY(QFile::copy(QStringLiteral(TERRAIN_FIXTURES_DIR "/csv/netcfgbu_test-small-inventory.csv"),
                        folder + QStringLiteral("/inventory.csv")));
    writeFile(folder + QStringLiteral("/README.txt"), "notes about these files\n");
    // What Prometheus scrapes on a host no file defines: a warning, before and after the import.
    writeFile(folder + QStringLiteral("/targets.json"), R"([{"targets": ["billing.internal:9100"]}])");

    ImportDialog dialog(p);
    dialog.setSources({folder});
    dialog.setEnvironment(QStringLiteral("production"));
    dialog.show();
    auto* importButton = dialog.findChild<QPushButton*>(QStringLiteral("importButton"));
    QVERIFY(importButton);
    QVERIFY(!importButton->isEnabled()); // no preview yet

    QSignalSpy ready(&dialog, &ImportDialog::previewReady);
    dialog.preview();
    QVERIFY(ready.wait(20000));
    QVERIFY(!dialog.isBusy());
    QVERIFY(importButton->isEnabled());
    QCOMPARE(exportMapText(p), before); // the preview writes nothing

    const json& r = dialog.report();
    QCOMPARE(r["files"].size(), size_t(4));
    QCOMPARE(r["files"][0]["path"].get<std::string>(),
             (folder + QStringLiteral("/README.txt")).toStdString());
    QCOMPARE(r["files"][0]["status"], "skipped");
    QCOMPARE(r["files"][1]["format"], "compose");
    QCOMPARE(r["files"][2]["format"], "csv");
    const long added = r["added"].get<long>();
    QVERIFY(added >= 5);
    const QString html = dialog.findChild<QTextBrowser*>(QStringLiteral("result"))->toPlainText();
    QVERIFY2(html.contains(QStringLiteral("skipped: no import format recognises it")), qPrintable(html));
    QVERIFY(html.contains(QStringLiteral("New systems")));
    screenshot(dialog, "import-dialog-preview");

    QSignalSpy done(&dialog, &ImportDialog::imported);
    QVERIFY(dialog.importNow());
    QCOMPARE(done.size(), 1);
    // The report stays, saying the import is done, its warnings and lists as the preview had them, until
    // the person closes it.
    QVERIFY(dialog.isVisible());
    const QString report = dialog.findChild<QTextBrowser*>(QStringLiteral("result"))->toPlainText();
    QVERIFY2(report.startsWith(QStringLiteral("Imported into the map, as one edit")), qPrintable(report));
    QVERIFY2(report.contains(
                 QStringLiteral("billing.internal (scraped at billing.internal:9100) is on no system")),
             qPrintable(report));
    QVERIFY(report.contains(QStringLiteral("New systems")));
    QVERIFY(!importButton->isEnabled());
    QCOMPARE(dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Cancel)->text(),
             QStringLiteral("&Close"));
    screenshot(dialog, "import-dialog-done");
    QCOMPARE(p.count(EntityKind::System), systemsBefore + added);
    QCOMPARE(p.list<ImportRun>().size(), size_t(3)); // one run per imported file
    for (const auto& s : p.list<System>())
        if (s.key.rfind("compose:", 0) == 0)
            QCOMPARE(s.environment, std::string("production"));
    QVERIFY(p.canUndo());
    p.undo(); // the whole import is one edit
    QCOMPARE(exportMapText(p), before);
}

void TestImportDialog::brokenFileChangesNothing() {
    test::SmallMap map(test::pathIn(m_dir, "broken.terrain"));
    Project& p = *map.project;
    const std::string before = exportMapText(p);
    const QString good = m_dir.filePath(QStringLiteral("b/good.yaml"));
    const QString bad = m_dir.filePath(QStringLiteral("b/bad.tfstate"));
    writeFile(good, "services:\n  web:\n    image: nginx\n");
    writeFile(bad, "{\"version\": 4, \"resources\": [ {\"mode\": \"managed\", ]}");
    ImportDialog dialog(p);
    dialog.setSources({good, bad});
    QSignalSpy failed(&dialog, &ImportDialog::failed);
    dialog.preview();
    QVERIFY(failed.wait(20000));
    QVERIFY2(dialog.errorText().startsWith(bad + QStringLiteral(": line 1, column ")),
             qPrintable(dialog.errorText()));
    QVERIFY(dialog.errorText().contains(QStringLiteral("line 1")));
    QVERIFY(!dialog.findChild<QPushButton*>(QStringLiteral("importButton"))->isEnabled());
    QVERIFY(!dialog.importNow());
    dialog.show();
    screenshot(dialog, "import-dialog-error");
    QCOMPARE(exportMapText(p), before);
    QVERIFY(!p.canUndo());
}

// A folder with two files that cannot be read: both are named at once, with how to import the others; left
// out when asked, the report names them first and the others are imported.
void TestImportDialog::unreadableFilesCanBeLeftOut() {
    test::SmallMap map(test::pathIn(m_dir, "unreadable.terrain"));
    Project& p = *map.project;
    const std::string before = exportMapText(p);
    const QString folder = m_dir.filePath(QStringLiteral("unreadable"));
    writeFile(folder + QStringLiteral("/compose.yaml"), "services:\n  web:\n    image: nginx\n");
    writeFile(folder + QStringLiteral("/prod.tfstate"), "{\"version\": 4, \"resources\": [ {\"mode\": ");
    writeFile(folder + QStringLiteral("/hosts.csv"), "id,name\nweb-1,\"Web one\n");
    ImportDialog dialog(p);
    dialog.setSources({folder});
    dialog.show();
    QSignalSpy failed(&dialog, &ImportDialog::failed);
    dialog.preview();
    QVERIFY(failed.wait(20000));
    const QStringList lines = dialog.errorText().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines[0], QStringLiteral("2 files cannot be read:"));
    QVERIFY2(lines[1].startsWith(QStringLiteral("  ") + folder + QStringLiteral("/hosts.csv: line 2")),
             qPrintable(lines[1]));
    QVERIFY2(lines[2].startsWith(QStringLiteral("  ") + folder + QStringLiteral("/prod.tfstate: line 1")),
             qPrintable(lines[2]));
    QCOMPARE(lines[3], QStringLiteral("Tick “Leave out files that cannot be read” to import the other file "
                                      "without them."));
    screenshot(dialog, "import-dialog-unreadable");
    QCOMPARE(exportMapText(p), before);

    auto* skip = dialog.findChild<QCheckBox*>(QStringLiteral("skipUnreadable"));
    QVERIFY(skip && !skip->isChecked());
    skip->setChecked(true);
    QSignalSpy ready(&dialog, &ImportDialog::previewReady);
    dialog.preview();
    QVERIFY(ready.wait(20000));
    const QString report = dialog.findChild<QTextBrowser*>(QStringLiteral("result"))->toPlainText();
    QVERIFY2(report.contains(QStringLiteral("Left out: they cannot be read")) &&
                 report.contains(folder + QStringLiteral("/prod.tfstate: line 1, column ")) &&
                 report.contains(QStringLiteral("left out: it cannot be read")),
             qPrintable(report));
    // Before the lists of what changes, which may be long.
    QVERIFY(report.indexOf(QStringLiteral("Left out")) < report.indexOf(QStringLiteral("New systems")));
    screenshot(dialog, "import-dialog-left-out");
    QVERIFY(dialog.importNow());
    QCOMPARE(p.list<ImportRun>().size(), size_t(1)); // the compose file's

    // Where leaving them out leaves nothing, the preview fails, saying so.
    QVERIFY(QFile::remove(folder + QStringLiteral("/compose.yaml")));
    ImportDialog again(p);
    again.setSources({folder});
    again.findChild<QCheckBox*>(QStringLiteral("skipUnreadable"))->setChecked(true);
    QSignalSpy refused(&again, &ImportDialog::failed);
    again.preview();
    QVERIFY(refused.wait(20000));
    QVERIFY2(again.errorText().endsWith(QStringLiteral("\nLeft out, they leave no file to import.")),
             qPrintable(again.errorText()));
}

void TestImportDialog::aRepositoryFolderShowsItsSystemsNotItsCode() {
    // A repository picked whole: its kubeconfig and Kustomization say what they are (on a machine with
    // nothing to render Kustomizations with), its installed packages are one row, and of its code the first
    // ten files are named and the rest counted.
    qputenv("TERRAIN_KUSTOMIZE", "none");
    test::SmallMap map(test::pathIn(m_dir, "repository.terrain"));
    const QString repo = m_dir.filePath(QStringLiteral("repository"));
    writeFile(repo + QStringLiteral("/compose.yaml"), "services:\n  web:\n    image: nginx\n");
    writeFile(repo + QStringLiteral("/deploy/kustomization.yaml"), "resources: [web.yaml]\n");
    writeFile(repo + QStringLiteral("/deploy/kubeconfig"),
              "apiVersion: v1\nkind: Config\nclusters: []\ncurrent-context: prod\n");
    writeFile(repo + QStringLiteral("/node_modules/pg/test/docker-compose.yml"),
              "services:\n  postgres:\n    image: postgres\n");
    for (int i = 0; i < 30; ++i)
        writeFile(repo + QStringLiteral("/src/module%1.ts").arg(i, 2, 10, QLatin1Char('0')), "export {}\n");
    ImportDialog dialog(*map.project);
    dialog.setSources({repo});
    dialog.show();
    QSignalSpy ready(&dialog, &ImportDialog::previewReady);
    dialog.preview();
    QVERIFY(ready.wait(20000));
    const QString report = dialog.findChild<QTextBrowser*>(QStringLiteral("result"))->toPlainText();
    QCOMPARE(report.count(QStringLiteral("skipped: no import format recognises it")), 10);
    for (const QString& says :
         {QStringLiteral("… and 20 more files that no import format recognises, skipped"),
          QStringLiteral("skipped: a Kustomization: render it with `kubectl kustomize <folder>`"),
          QStringLiteral("skipped: a kubeconfig (how kubectl reaches clusters)"),
          QStringLiteral("node_modules/\nskipped: installed packages (node_modules)")})
        QVERIFY2(report.contains(says), qPrintable(report));
    QVERIFY(!report.contains(QStringLiteral("postgres")));
    screenshot(dialog, "import-dialog-repository");
    qunsetenv("TERRAIN_KUSTOMIZE");
}

void TestImportDialog::aKustomizeOverlayIsShownAsRendered() {
    // A Kustomize repository picked whole, with a command to render it (here a stand-in that prints what
    // `kubectl kustomize` would): the overlay is read as rendered, in the environment its folder names, and
    // the base and the patch are shown as read by it.
    const QString repo = m_dir.filePath(QStringLiteral("kustomize-repo"));
    writeFile(repo + QStringLiteral("/base/kustomization.yaml"), "resources: [web.yaml]\n");
    writeFile(repo + QStringLiteral("/base/web.yaml"),
              "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}}\n");
    writeFile(repo + QStringLiteral("/overlays/prod/kustomization.yaml"),
              "namespace: shop\nresources: [../../base]\npatches: [{path: port.yaml}]\n");
    writeFile(repo + QStringLiteral("/overlays/prod/port.yaml"),
              "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 8080}]}\n");
    writeFile(repo + QStringLiteral("/overlays/prod/.rendered.yaml"),
              "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\n"
              "spec: {selector: {app: web}, ports: [{port: 8080}]}\n");
    const QString script = m_dir.filePath(QStringLiteral("kustomize-stand-in"));
    writeFile(script, "#!/bin/sh\ncat \"$1/.rendered.yaml\"\n");
    QVERIFY(QFile::setPermissions(script, QFile::permissions(script) | QFileDevice::ExeOwner));
    qputenv("TERRAIN_KUSTOMIZE", script.toUtf8());
    test::SmallMap map(test::pathIn(m_dir, "kustomize.terrain"));
    ImportDialog dialog(*map.project);
    QVERIFY(previewed(dialog, repo));
    qunsetenv("TERRAIN_KUSTOMIZE");
    const QString report = dialog.findChild<QTextBrowser*>(QStringLiteral("result"))->toPlainText();
    for (const QString& says :
         {QStringLiteral("overlays/prod/kustomization.yaml\nk8s, as kustomize-stand-in renders its folder, "
                         "production (its path says)"),
          QStringLiteral("base/web.yaml\nskipped: read by ") + repo +
              QStringLiteral("/overlays/prod/kustomization.yaml, which is imported as `kustomize-stand-in` "
                             "renders it"),
          QStringLiteral("overlays/prod/port.yaml\nskipped: read by ")})
        QVERIFY2(report.contains(says), qPrintable(report));
    screenshot(dialog, "import-dialog-kustomize");
    QVERIFY(dialog.importNow());
    const auto web = map.project->systemByKey("k8s:Service/shop/web");
    QVERIFY(web);
    QCOMPARE(web->environment, std::string("production"));
    QCOMPARE(web->attributes["ports"], json::array({8080}));
}

void TestImportDialog::anAnsibleRepositoryShowsItsInventories() {
    // A repository in Ansible's layout picked whole: each inventory in the environment its folder names, its
    // group_vars/ and host_vars/ shown as part of it, the inventory plugin's configuration skipped with how
    // to list its hosts; the hosts and the dependencies their variables name imported.
    const QString repo = QStringLiteral(TERRAIN_SOURCE_DIR "/tests/importers/data/ansible/shop");
    test::SmallMap map(test::pathIn(m_dir, "ansible.terrain"));
    ImportDialog dialog(*map.project);
    QVERIFY(previewed(dialog, repo));
    const QString report = dialog.findChild<QTextBrowser*>(QStringLiteral("result"))->toPlainText();
    for (const QString& says :
         {QStringLiteral("inventories/production/hosts\nansible, production (its path says)"),
          QStringLiteral("inventories/staging/hosts.yml\nansible, staging (its path says)"),
          QStringLiteral("inventories/production/group_vars/webservers.yml\nskipped: imported as part of ") +
              repo + QStringLiteral("/inventories/production/hosts, which reads it"),
          QStringLiteral("aws_ec2.yml\nskipped: an Ansible inventory plugin's configuration"),
          QStringLiteral("is encrypted with ansible-vault; its variables are not read"),
          QStringLiteral("web01.shop.example")})
        QVERIFY2(report.contains(says), qPrintable(report));
    screenshot(dialog, "import-dialog-ansible");
    QVERIFY(dialog.importNow());
    const auto db = map.project->systemByKey("ansible:db01.shop.example");
    QVERIFY(db);
    QCOMPARE(db->kind, std::string("database"));
    QCOMPARE(db->environment, std::string("production"));
}

void TestImportDialog::aTerraformWorkingDirectoryShowsEachWorkspace() {
    // An infrastructure repository whose configuration keeps its state in S3, initialised here: the state of
    // each workspace is read as `terraform state pull` gives it (a stand-in that answers as the backend
    // would), each in its environment; a configuration not initialised says how to read its state.
    const QString repo = m_dir.filePath(QStringLiteral("terraform-repo"));
    const QByteArray backend = "terraform {\n  backend \"s3\" {\n    bucket = \"acme-tfstate\"\n  }\n}\n";
    writeFile(repo + QStringLiteral("/shop/main.tf"), backend);
    writeFile(
        repo + QStringLiteral("/shop/.terraform/terraform.tfstate"),
        "{\"version\": 3, \"backend\": {\"type\": \"s3\", \"config\": {\"bucket\": \"acme-tfstate\"}}}\n");
    writeFile(repo + QStringLiteral("/billing/main.tf"), backend);
    qputenv("TERRAIN_TERRAFORM", "sh " TERRAIN_SOURCE_DIR "/tests/importers/data/terraform/fake-terraform");
    test::SmallMap map(test::pathIn(m_dir, "workdir.terrain"));
    ImportDialog dialog(*map.project);
    QVERIFY(previewed(dialog, repo));
    qunsetenv("TERRAIN_TERRAFORM");
    const QString report = dialog.findChild<QTextBrowser*>(QStringLiteral("result"))->toPlainText();
    for (const QString& says :
         {QStringLiteral("shop/\ntfstate, the state of workspace default as sh ") +
              QStringLiteral(TERRAIN_SOURCE_DIR
                             "/tests/importers/data/terraform/fake-terraform state pull reads it, "
                             "default (its workspace)"),
          QStringLiteral("fake-terraform state pull reads it, staging (its workspace)"),
          QStringLiteral("shop/\nskipped: workspace empty has no state yet: nothing applied there"),
          QStringLiteral("billing/main.tf\nskipped: the Terraform configuration ") + repo +
              QStringLiteral(
                  "/billing/ keeps its state in its backend (s3), and `terraform init` has not been run "
                  "there")})
        QVERIFY2(report.contains(says), qPrintable(report));
    screenshot(dialog, "import-dialog-terraform-workdir");
    QVERIFY(dialog.importNow());
    const auto app = map.project->systemByKey("tf:module.svc[\"orders\"].terraform_data.app@staging");
    QVERIFY(app);
    QCOMPARE(app->environment, std::string("staging"));
}

void TestImportDialog::badCsvMappingIsRefused() {
    test::SmallMap map(test::pathIn(m_dir, "csv.terrain"));
    const QString csv = m_dir.filePath(QStringLiteral("c/inventory.csv"));
    writeFile(csv, "Host,Stage\nweb-1,prod\n");
    ImportDialog dialog(*map.project);
    dialog.setSources({csv});
    dialog.setCsvMapping(QStringLiteral("colour=Host"));
    QSignalSpy failed(&dialog, &ImportDialog::failed);
    dialog.preview();
    QCOMPARE(failed.size(), 1);
    QVERIFY2(dialog.errorText().contains(QStringLiteral("colour")), qPrintable(dialog.errorText()));

    // With a good mapping the columns land in the right fields.
    dialog.setCsvMapping(QStringLiteral("name=Host,env=Stage"));
    QSignalSpy ready(&dialog, &ImportDialog::previewReady);
    dialog.preview();
    QVERIFY(ready.wait(20000));
    QVERIFY(dialog.importNow());
    bool found = false;
    for (const auto& s : map.project->list<System>())
        if (s.name == "web-1") {
            found = true;
            QCOMPARE(s.environment, std::string("prod"));
        }
    QVERIFY(found);
}

void TestImportDialog::changingASettingStopsThePreview() {
    test::SmallMap map(test::pathIn(m_dir, "stop.terrain"));
    const QString compose = m_dir.filePath(QStringLiteral("s/compose.yaml"));
    writeFile(compose, "services:\n  web:\n    image: nginx\n");
    ImportDialog dialog(*map.project);
    dialog.setSources({compose});
    QSignalSpy ready(&dialog, &ImportDialog::previewReady);
    dialog.preview();
    QVERIFY(dialog.isBusy());
    dialog.setEnvironment(QStringLiteral("staging")); // the running preview no longer matches the fields
    QTRY_VERIFY(!dialog.isBusy());
    QCOMPARE(ready.size(), 0);
    QVERIFY(!dialog.findChild<QPushButton*>(QStringLiteral("importButton"))->isEnabled());
    QVERIFY(!dialog.importNow());
    // Preview again: the new environment is the one planned.
    dialog.preview();
    QVERIFY(ready.wait(20000));
    QVERIFY(dialog.importNow());
    QCOMPARE(map.project->systemByKey("compose:s/web")->environment, std::string("staging"));
}

void TestImportDialog::includedComposeFileShownAsPartOfItsProject() {
    test::SmallMap map(test::pathIn(m_dir, "include.terrain"));
    const QString folder = m_dir.filePath(QStringLiteral("included"));
    writeFile(folder + QStringLiteral("/compose.yaml"),
              "name: shop\ninclude: [db/compose.yaml]\nservices:\n  web:\n    image: nginx\n"
              "    environment: {DATABASE_URL: \"postgres://shop:Sup3rS3cret@postgres:5432/shop\"}\n");
    writeFile(folder + QStringLiteral("/db/compose.yaml"),
              "services:\n  postgres:\n    image: postgres:16\n");
    ImportDialog dialog(*map.project);
    dialog.setSources({folder});
    dialog.show();
    QSignalSpy ready(&dialog, &ImportDialog::previewReady);
    dialog.preview();
    QVERIFY(ready.wait(20000));
    const QString text = dialog.findChild<QTextBrowser*>(QStringLiteral("result"))->toPlainText();
    QVERIFY2(
        text.contains(
            QStringLiteral("skipped: imported as part of %1/compose.yaml, which includes it or points to it")
                .arg(folder)),
        qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("compose:shop/postgres")), qPrintable(text));
    QVERIFY(!text.contains(QStringLiteral("Sup3rS3cret")));
    QCOMPARE(dialog.report()["dependencies"]["added"].get<long>(), 1L);
    screenshot(dialog, "import-dialog-compose-include");
}

void TestImportDialog::aDeletedWorkspaceIsGone() {
    // A Terraform folder imported, then its staging workspace deleted (`terraform workspace delete`
    // removes its state): the folder's preview shows staging's systems gone, and says from which file.
    const std::string data = TERRAIN_SOURCE_DIR "/tests/importers/data/terraform/workspaces";
    const QString folder = m_dir.filePath(QStringLiteral("infra"));
    const QString staging = folder + QStringLiteral("/terraform.tfstate.d/staging/terraform.tfstate");
    QVERIFY(QDir().mkpath(QFileInfo(staging).path()));
    QVERIFY(QFile::copy(QString::fromStdString(data + "/terraform.tfstate"),
                        folder + QStringLiteral("/terraform.tfstate")));
    QVERIFY(QFile::copy(QString::fromStdString(data + "/terraform.tfstate.d/staging/terraform.tfstate"),
                        staging));
    auto p = Project::create(test::pathIn(m_dir, "deleted-workspace.terrain"));
    ImportRequest first;
    first.paths = {folder.toStdString()};
    commitImport(*p, planImport(*p, parseImport(first), first.merge));
    QCOMPARE(p->list<System>().size(), size_t(38));
    QVERIFY(QFile::remove(staging));

    ImportDialog dialog(*p);
    dialog.setSources({folder});
    dialog.resize(900, 700);
    dialog.show();
    QSignalSpy ready(&dialog, &ImportDialog::previewReady);
    dialog.preview();
    QVERIFY(ready.wait(20000));
    QCOMPARE(dialog.report()["gone"].get<long>(), 19);
    QCOMPARE(dialog.report()["unchanged"].get<long>(), 19);
    const QString html = dialog.findChild<QTextBrowser*>(QStringLiteral("result"))->toPlainText();
    for (const QString& says :
         {QStringLiteral("Gone from their source"),
          QStringLiteral("terraform.tfstate: no longer in the folder: what the map had of it is gone")})
        QVERIFY2(html.contains(says), qPrintable(html));
    screenshot(dialog, "import-dialog-workspace-deleted");
    QVERIFY(dialog.importNow());
    QCOMPARE(p->systemByKey("tf:terraform_data.gateway@staging")->status, std::string("gone"));
    QCOMPARE(p->systemByKey("tf:terraform_data.gateway")->status, std::string("present"));

    // The Imports page says which file each run read: the two states of one name by their paths.
    EntityTablePage imports(*p, EntityKind::Import);
    imports.resize(1400, 300);
    imports.show();
    auto* table = imports.findChild<QTableView*>();
    QVERIFY(table);
    QAbstractItemModel* model = table->model();
    int pathColumn = -1;
    for (int c = 0; c < model->columnCount(); ++c)
        if (model->headerData(c, Qt::Horizontal).toString() == QStringLiteral("Path"))
            pathColumn = c;
    QVERIFY(pathColumn >= 0);
    QSet<QString> paths;
    for (int r = 0; r < model->rowCount(); ++r)
        paths.insert(model->index(r, pathColumn).data().toString());
    QVERIFY2(paths.contains(QFileInfo(staging).absoluteFilePath()),
             qPrintable(QStringList(paths.values()).join(QLatin1Char('\n'))));
    QVERIFY(paths.contains(QFileInfo(folder + QStringLiteral("/terraform.tfstate")).canonicalFilePath()));
    screenshot(imports, "imports-page-paths");
}

void TestImportDialog::environmentKeepsAWorkspaceApart() {
    // Production's state is on the map; staging's state of the same configuration, previewed without an
    // environment, is kept apart as another configuration's (its resources' ids differ), which the
    // preview's warning says, with how to show it as another environment; with its environment typed in,
    // the preview shows its 19 systems as new, in staging.
    const std::string data = TERRAIN_SOURCE_DIR "/tests/importers/data/terraform/workspaces";
    auto p = Project::create(test::pathIn(m_dir, "workspaces.terrain"));
    ImportRequest first;
    first.paths = {data + "/terraform.tfstate"};
    first.parse.environment = first.merge.environment = "production";
    commitImport(*p, planImport(*p, parseImport(first), first.merge));
    const QString staging =
        m_dir.filePath(QStringLiteral("states/shop.tfstate")); // no environment in its name
    QVERIFY(QDir().mkpath(QFileInfo(staging).path()));
    QVERIFY(QFile::copy(QString::fromStdString(data + "/terraform.tfstate.d/staging/terraform.tfstate"),
                        staging));

    ImportDialog dialog(*p);
    dialog.setSources({staging});
    dialog.resize(900, 700);
    dialog.show();
    QSignalSpy ready(&dialog, &ImportDialog::previewReady);
    dialog.preview();
    QVERIFY(ready.wait(20000));
    QCOMPARE(dialog.report()["added"].get<long>(), 19);
    QVERIFY(!dialog.report()["files"][0].contains("environment")); // its path says none
    const QString html = dialog.findChild<QTextBrowser*>(QStringLiteral("result"))->toPlainText();
    QVERIFY2(html.contains(QStringLiteral("import each state with its environment")), qPrintable(html));
    screenshot(dialog, "import-dialog-same-addresses");

    dialog.setEnvironment(QStringLiteral("staging"));
    dialog.preview();
    QVERIFY(ready.wait(20000));
    QCOMPARE(dialog.report()["added"].get<long>(), 19);
    QCOMPARE(dialog.report()["updated"].get<long>(), 0);
    QVERIFY(dialog.report()["warnings"].empty());
    screenshot(dialog, "import-dialog-staging");
    QVERIFY(dialog.importNow());
    QCOMPARE(p->list<System>().size(), size_t(38));

    // A workspace's state: the preview says which environment its path gives it.
    ImportDialog again(*p);
    again.setSources({QString::fromStdString(data + "/terraform.tfstate.d/staging/terraform.tfstate")});
    QSignalSpy readyAgain(&again, &ImportDialog::previewReady);
    again.preview();
    QVERIFY(readyAgain.wait(20000));
    QCOMPARE(again.report()["files"][0]["environment"], "staging");
    const QString files = again.findChild<QTextBrowser*>(QStringLiteral("result"))->toPlainText();
    QVERIFY2(files.contains(QStringLiteral("tfstate, staging (its path says)")), qPrintable(files));
}

// A dated export of an inventory the map has: the preview names the file it replaces, and shows its row
// that vanished as gone; with the dates turned off it is a new source; a file of another name replaces the
// inventory chosen from the map's files.
void TestImportDialog::changedSystemsSayWhatChanges() {
    // An inventory imported, then edited: one host renamed and handed to another team, one with a new
    // operating system and a tag, one taken out, one added, and the first one depending on another. The
    // preview names each system and says what changes of it, not only its key.
    const QString folder = m_dir.filePath(QStringLiteral("edited"));
    const QString csv = folder + QStringLiteral("/hosts.csv");
    writeFile(csv, "id,name,kind,owner,os,tags,depends_on\n"
                   "web-1,Web,server,team-a,debian 11,,old-1\n"
                   "db-1,Database,database,team-a,debian 11,,\n"
                   "old-1,Old box,server,team-a,centos 7,,\n");
    auto p = Project::create(test::pathIn(m_dir, "edited.terrain"));
    ImportRequest first;
    first.paths = {csv.toStdString()};
    commitImport(*p, planImport(*p, parseImport(first), first.merge));
    writeFile(csv, "id,name,kind,owner,os,tags,depends_on\n"
                   "web-1,Web front end,server,team-b,debian 11,,db-1\n"
                   "db-1,Database,database,team-a,debian 12,pci,\n"
                   "cache-1,Cache,cache,team-a,debian 12,,\n");

    ImportDialog dialog(*p);
    QVERIFY(previewed(dialog, csv));
    QCOMPARE(dialog.report()["updated"].get<long>(), 2L);
    const QString text = dialog.findChild<QTextBrowser*>(QStringLiteral("result"))->toPlainText();
    for (const char* said :
         {"Cache cache · csv:hosts/cache-1", // new: name, kind and key
          "Web front end compute · csv:hosts/web-1", "name Web → Web front end; owner team-a → team-b",
          "Database database · csv:hosts/db-1", "tags: +pci; os debian 11 → debian 12",
          "Old box compute · csv:hosts/old-1",
          // and each dependency, by the names its ends will have
          "new: Web front end → Database depends-on, depends_on: db-1",
          "removed: Web front end → Old box depends-on, depends_on: old-1"})
        QVERIFY2(text.contains(QString::fromUtf8(said)),
                 qPrintable(QString::fromUtf8(said) + QStringLiteral(": ") + text));
    QVERIFY2(!text.contains(QStringLiteral("gone from its sources")),
             qPrintable(text)); // its heading says so
    screenshot(dialog, "import-dialog-changes");
}

void TestImportDialog::newerExportShowsWhatItReplaces() {
    const QString folder = m_dir.filePath(QStringLiteral("monthly"));
    writeFile(folder + QStringLiteral("/inventory-2024-05.csv"),
              "id,name,kind\nweb-1,Web,server\nold-1,Old box,server\n");
    writeFile(folder + QStringLiteral("/inventory-2024-06.csv"), "id,name,kind\nweb-1,Web,server\n");
    writeFile(folder + QStringLiteral("/servers.csv"), "id,name,kind\nweb-1,Web,server\nnew-1,New,server\n");
    auto p = Project::create(test::pathIn(m_dir, "monthly.terrain"));
    ImportRequest first;
    first.paths = {(folder + QStringLiteral("/inventory-2024-05.csv")).toStdString()};
    commitImport(*p, planImport(*p, parseImport(first), first.merge));

    ImportDialog dialog(*p);
    dialog.setSources({folder + QStringLiteral("/inventory-2024-06.csv")});
    dialog.resize(900, 700);
    dialog.show();
    QSignalSpy ready(&dialog, &ImportDialog::previewReady);
    dialog.preview();
    QVERIFY(ready.wait(20000));
    const QString earlier = QFileInfo(folder + QStringLiteral("/inventory-2024-05.csv")).canonicalFilePath();
    QCOMPARE(QString::fromStdString(dialog.report()["files"][0]["replaces"].get<std::string>()), earlier);
    QCOMPARE(dialog.report()["gone"].get<long>(), 1L);
    QCOMPARE(dialog.report()["added"].get<long>(), 0L);
    const QString text = dialog.findChild<QTextBrowser*>(QStringLiteral("result"))->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("csv, replaces ") + earlier), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("csv:inventory-2024-05/old-1")), qPrintable(text));
    screenshot(dialog, "import-dialog-newer-export");

    dialog.findChild<QCheckBox*>(QStringLiteral("datedExports"))->setChecked(false);
    dialog.preview();
    QVERIFY(ready.wait(20000));
    QCOMPARE(dialog.report()["added"].get<long>(), 1L);
    QCOMPARE(dialog.report()["gone"].get<long>(), 0L);

    // Another name: the map's files are offered; the one chosen is replaced.
    dialog.setDatedExports(true);
    dialog.setSources({folder + QStringLiteral("/servers.csv")});
    auto* replaces = dialog.findChild<QComboBox*>(QStringLiteral("replaces"));
    QVERIFY(replaces && replaces->isEnabled());
    replaces->showPopup();
    QVERIFY(replaces->findData(earlier) > 0);
    replaces->hidePopup();
    dialog.setReplaces(earlier);
    dialog.preview();
    QVERIFY(ready.wait(20000));
    QCOMPARE(dialog.report()["added"].get<long>(), 1L);
    QCOMPARE(dialog.report()["gone"].get<long>(), 1L);
    QVERIFY(dialog.importNow());
    QCOMPARE(p->systemByKey("csv:inventory-2024-05/new-1")->status, std::string("present"));
    QCOMPARE(p->systemByKey("csv:inventory-2024-05/old-1")->status, std::string("gone"));

    // Two sources listed: nothing to name.
    ImportDialog two(*p);
    two.setSources(
        {folder + QStringLiteral("/servers.csv"), folder + QStringLiteral("/inventory-2024-06.csv")});
    QVERIFY(!two.findChild<QComboBox*>(QStringLiteral("replaces"))->isEnabled());
}

QTEST_MAIN(TestImportDialog)
void TestImportDialog::awsCliOutputsOfEveryShapeAreRecognised() {
    // The same AWS account as --output yaml, yaml-stream and a --query's list: each file is seen as the
    // AWS CLI's, and together they make the map the JSON outputs make.
    const QString folder = m_dir.filePath(QStringLiteral("aws-shapes"));
    QVERIFY(QDir().mkpath(folder));
    const QString data = QStringLiteral(TERRAIN_SOURCE_DIR "/tests/importers/data/awscli/");
    for (const char* name :
         {"ec2-describe-instances-query.yaml", "ec2-describe-security-groups.yaml-stream.yaml"})
        QVERIFY(QFile::copy(data + QLatin1String(name), folder + QLatin1Char('/') + QLatin1String(name)));
    QFile subnetsFile(
        QStringLiteral(TERRAIN_FIXTURES_DIR "/aws-cli/cloudmapper-demo_us-east-1_ec2-describe-subnets.json"));
    QVERIFY(subnetsFile.open(QIODevice::ReadOnly));
    const json subnets = json::parse(subnetsFile.readAll().toStdString());
    writeFile(folder + QStringLiteral("/subnets.json"),
              QByteArray::fromStdString(subnets["Subnets"].dump(2))); // --query 'Subnets[]'
    auto p = Project::create(test::pathIn(m_dir, "aws-shapes.terrain"));

    ImportDialog dialog(*p);
    QVERIFY(previewed(dialog, folder));
    const json& r = dialog.report();
    QCOMPARE(formatsOf(r), std::vector<std::string>(3, "awscli"));
    // As the JSON outputs of the same calls: 3 instances, 8 security groups, 4 subnets and the VPC they name.
    QCOMPARE(r["added"].get<long>(), 16L);
    QCOMPARE(r["dependencies"]["added"].get<long>(), 24L);
    const QString text = dialog.findChild<QTextBrowser*>(QStringLiteral("result"))->toPlainText();
    QVERIFY2(!text.contains(QStringLiteral("error")), qPrintable(text));
    screenshot(dialog, "import-dialog-aws-cli-shapes");
}

void TestImportDialog::cloudMapperLoadBalancerReachesItsTargets() {
    // CloudMapper's collection of an account: the instances, a load balancer and its listeners, its target
    // groups, and the health of each group's targets in a file without an extension, named by the group's
    // URL-encoded ARN.
    const QString folder = m_dir.filePath(QStringLiteral("account-data"));
    const QString region = folder + QStringLiteral("/demo/us-east-1");
    const QString data =
        QStringLiteral(TERRAIN_SOURCE_DIR "/tests/importers/data/awscli/account-data/demo/us-east-1");
    QVERIFY(QDir().mkpath(region + QStringLiteral("/elbv2-describe-target-health")));
    QVERIFY(QDir().mkpath(region + QStringLiteral("/elbv2-describe-listeners")));
    QDirIterator it(data, QDir::Files, QDirIterator::Subdirectories);
    int copied = 0;
    while (it.hasNext()) {
        const QString from = it.next();
        QVERIFY(QFile::copy(from, region + from.mid(data.size())));
        ++copied;
    }
    QCOMPARE(copied, 5);
    QVERIFY(QFile::copy(QStringLiteral(TERRAIN_FIXTURES_DIR
                                       "/aws-cli/cloudmapper-demo_us-east-1_ec2-describe-instances.json"),
                        region + QStringLiteral("/ec2-describe-instances.json")));
    auto p = Project::create(test::pathIn(m_dir, "account-data.terrain"));

    ImportDialog dialog(*p);
    QVERIFY(previewed(dialog, folder));
    const json& r = dialog.report();
    QCOMPARE(formatsOf(r), std::vector<std::string>(6, "awscli"));
    // The instances, the load balancer, its two groups, and the subnets, security groups and VPC they name.
    QCOMPARE(r["added"].get<long>(), 13L);
    QVERIFY(r["warnings"].empty()); // (the addresses of the api group's targets are facts of the group)
    screenshot(dialog, "import-dialog-cloudmapper-load-balancer");
    QVERIFY(dialog.importNow());
    std::map<Id, std::string> names;
    for (const auto& s : p->list<System>())
        names[s.id] = s.name;
    std::set<std::string> routes;
    for (const auto& d : p->list<Dependency>())
        if (d.kind == "routes-to")
            routes.insert(names[d.from] + " -> " + names[d.to]);
    const std::set<std::string> expected = {"web -> web", "web -> api", "web -> Web1", "web -> Web2"};
    QCOMPARE(routes, expected);
}

#include "tst_importdialog.moc"
