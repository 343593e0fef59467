// Terraform working directories: a folder where `terraform init` has been run, whose backend (S3, Terraform
// Cloud...) holds its state, is imported as `terraform state pull` gives the state of each of its
// workspaces; one whose local backend keeps its state outside the folder is read from there. Most of it is
// proven with a stand-in for the command (data/terraform/fake-terraform), which answers as a backend holding
// the states of data/terraform/workspaces would, so that it runs where Terraform is not installed; one test
// runs the real Terraform where there is one.
#include "Error.h"
#include "ImportJob.h"
#include "Project.h"
#include "TerraformWorkdir.h"
#include "WriteFile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <map>

#include <csignal>

using namespace terrain;
using terrain::test::bytesOf;
using terrain::test::linesOf;
using terrain::test::md5Of;
using terrain::test::oneAfterAnother;
using terrain::test::ScopedEnv;
using terrain::test::writeFile;

namespace {

const QString kData = QStringLiteral(TERRAIN_SOURCE_DIR "/tests/importers/data/terraform");

/// The settings `terraform init` writes for an S3 backend, with a key in them that nothing may read.
const char* const kBackendSecret = "SEED-backend-secret-key";

} // namespace

class TestTerraformWorkdir : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void eachWorkspaceIsPulledFromItsBackend();
    void aBackendThatCannotBeReadChangesNothing();
    void cancellingStopsTheCommand();
    void workingDirectoriesAreReadSeveralAtOnce();
    void codeIsNoInputAndSaysHowToReadTheState();
    void terragruntSaysHowToReadItsStates();
    void theCommandIsTheEnvironmentsOrFoundOnPath();
    void aLocalStateOutsideTheFolderIsRead();
    void realTerraformWorkingDirectory();

private:
    /// A repository with the working directory envs/shop (an S3 backend, initialised), a configuration with
    /// an S3 backend that is not initialised (envs/new) and a module (modules/net).
    QString writeRepository(const QString& name);
    std::unique_ptr<Project> newMap() {
        return Project::create(m_dir.filePath(QStringLiteral("w%1.terrain").arg(++m_n)).toStdString());
    }
    static ImportRequest requestFor(const QString& path) {
        ImportRequest request;
        request.paths = {path.toStdString()};
        request.parse.terraform = {"sh", (kData + QStringLiteral("/fake-terraform")).toStdString()};
        return request;
    }
    static json importInto(Project& p, const ImportRequest& request) {
        return commitImport(p, planImport(p, parseImport(request), request.merge));
    }
    /// Why the import is refused: its error ("" where it went through).
    static std::string refusal(Project& p, const ImportRequest& request) {
        try {
            importInto(p, request);
        } catch (const Error& e) {
            return e.what();
        }
        return {};
    }

    QTemporaryDir m_dir;
    QString m_log;
    int m_n = 0;
};

void TestTerraformWorkdir::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_log = m_dir.filePath(QStringLiteral("calls.log"));
    qputenv("FAKE_TERRAFORM_LOG", m_log.toUtf8());
}

QString TestTerraformWorkdir::writeRepository(const QString& name) {
    const QString repo = m_dir.filePath(name);
    const QByteArray backend =
        "terraform {\n  backend \"s3\" {\n    bucket = \"acme-tfstate\"\n    key    = "
        "\"shop.tfstate\"\n  }\n}\nmodule \"net\" {\n  source = \"../../modules/net\"\n}\n";
    writeFile(repo + QStringLiteral("/envs/shop/main.tf"), backend);
    writeFile(
        repo + QStringLiteral("/envs/shop/.terraform/terraform.tfstate"),
        QByteArray(
            "{\"version\": 3, \"terraform_version\": \"1.11.4\", \"backend\": {\"type\": \"s3\", "
            "\"config\": {\"bucket\": \"acme-tfstate\", \"key\": \"shop.tfstate\", \"secret_key\": \"") +
            kBackendSecret + "\"}, \"hash\": 1}}\n");
    writeFile(repo + QStringLiteral("/envs/new/main.tf"), backend);
    writeFile(repo + QStringLiteral("/modules/net/main.tf"), "variable \"cidr\" {}\n");
    return repo;
}

void TestTerraformWorkdir::eachWorkspaceIsPulledFromItsBackend() {
    const QString repo = writeRepository(QStringLiteral("pulled"));
    QFile::remove(m_log);
    auto map = newMap();
    const json report = importInto(*map, requestFor(repo));
    // One source for each workspace the backend has: default and staging (the other workspace has no state
    // yet, and is skipped, saying so), each in its environment, as the local backend's workspaces are.
    std::map<std::string, json> files;
    for (const auto& f : report["files"])
        files[f["path"].get<std::string>() +
              (f.contains("workspace") ? "#" + f["workspace"].get<std::string>() : "")] = f;
    const std::string shop = repo.toStdString() + "/envs/shop/";
    for (const char* key : {"#default", "#staging", "#empty"})
        QVERIFY2(files.count(shop + key), report["files"].dump().c_str());
    QCOMPARE(files.at(shop + "#default")["status"], json("imported"));
    QCOMPARE(files.at(shop + "#default")["format"], json("tfstate"));
    QVERIFY(
        files.at(shop + "#default")["pulled_with"].get<std::string>().ends_with("fake-terraform state pull"));
    QCOMPARE(files.at(shop + "#default")["environment"], json("default"));
    QCOMPARE(files.at(shop + "#staging")["environment"], json("staging"));
    QCOMPARE(files.at(shop + "#empty")["status"], json("skipped"));
    QCOMPARE(files.at(shop + "#empty")["reason"],
             json("workspace empty has no state yet: nothing applied there"));
    // The code is no input; the configuration not initialised says how to read its state.
    QCOMPARE(files.at(repo.toStdString() + "/envs/shop/main.tf")["reason"],
             json("no import format recognises it"));
    QVERIFY(files.at(repo.toStdString() + "/envs/new/main.tf")["reason"].get<std::string>().starts_with(
        "the Terraform configuration " + repo.toStdString() +
        "/envs/new/ keeps its state in its backend (s3), and `terraform init` has not been run there"));
    QCOMPARE(files.at(repo.toStdString() + "/modules/net/main.tf")["reason"],
             json("no import format recognises it"));
    QCOMPARE(report["added"], json(38));
    // The two workspaces' systems: the same addresses, kept apart by their environments.
    const auto systems = map->list<System>();
    std::map<std::string, int> byEnvironment;
    for (const auto& s : systems)
        ++byEnvironment[s.environment];
    QCOMPARE(byEnvironment, (std::map<std::string, int>{{"default", 19}, {"staging", 19}}));
    QVERIFY(std::any_of(systems.begin(), systems.end(), [](const System& s) {
        return s.key == "tf:module.svc[\"orders\"].terraform_data.app@staging";
    }));
    // Terraform was asked only what reads: the workspaces, then each one's state (several at once, so in
    // any order), never for input.
    const QString folder = QFileInfo(repo + QStringLiteral("/envs/shop")).canonicalFilePath();
    QStringList calls = linesOf(m_log);
    QVERIFY(!calls.isEmpty());
    QCOMPARE(calls.takeFirst(), folder + QStringLiteral("||0|workspace list"));
    calls.sort();
    QCOMPARE(calls, QStringList({folder + QStringLiteral("|default|0|state pull"),
                                 folder + QStringLiteral("|empty|0|state pull"),
                                 folder + QStringLiteral("|staging|0|state pull")}));
    // Nothing of the backend's settings, and no planted secret of the states, reaches the map.
    map.reset();
    const QByteArray bytes = bytesOf(m_dir.filePath(QStringLiteral("w%1.terrain").arg(m_n)));
    QVERIFY(!bytes.contains(kBackendSecret));
    QVERIFY(!bytes.contains("SEED-gw-password-123"));

    // Imported again, nothing changes; the working directory named on its own is the same source.
    auto again = newMap();
    importInto(*again, requestFor(repo));
    const json second = importInto(*again, requestFor(repo + QStringLiteral("/envs/shop")));
    QCOMPARE(second["added"], json(0));
    QCOMPARE(second["unchanged"], json(38));
    QCOMPARE(second["gone"], json(0));
    {
        // A workspace deleted from the backend: what the map had of it is gone (the others stay); one whose
        // backend keeps no state for it (an http backend's answer) is skipped as empty.
        const ScopedEnv only("FAKE_TERRAFORM_WORKSPACES", "default http-empty");
        const json third = importInto(*again, requestFor(repo));
        QCOMPARE(third["gone"], json(19));
        QCOMPARE(third["unchanged"], json(19));
        const auto empty = std::find_if(third["files"].begin(), third["files"].end(), [](const json& f) {
            return f.value("workspace", "") == "http-empty";
        });
        QVERIFY(empty != third["files"].end());
        QCOMPARE((*empty)["reason"], json("workspace http-empty has no state yet: nothing applied there"));
        for (const auto& key : third["systems"]["gone"])
            QVERIFY2(key.get<std::string>().ends_with("@staging"), key.dump().c_str());
        QVERIFY2(third["warnings"].dump().find("its workspace is no longer in the backend of ") !=
                     std::string::npos,
                 third["warnings"].dump().c_str());
    }
    QCOMPARE(second["files"][1]["path"], json(repo.toStdString() + "/envs/shop/"));
    // With the import's environment, the default workspace is still "default" beside its others, as a
    // local backend's terraform.tfstate beside terraform.tfstate.d/ is the import's.
    ImportRequest withEnv = requestFor(repo + QStringLiteral("/envs/shop"));
    withEnv.parse.environment = withEnv.merge.environment = "production";
    auto third = newMap();
    const json named = importInto(*third, withEnv);
    QCOMPARE(named["files"][0].value("environment", std::string()), std::string());
    std::map<std::string, int> environments;
    for (const auto& s : third->list<System>())
        ++environments[s.environment];
    QCOMPARE(environments, (std::map<std::string, int>{{"production", 19}, {"staging", 19}}));
}

void TestTerraformWorkdir::aBackendThatCannotBeReadChangesNothing() {
    const QString repo = writeRepository(QStringLiteral("failing"));
    auto map = newMap();
    importInto(*map, requestFor(repo));
    const QString path = m_dir.filePath(QStringLiteral("w%1.terrain").arg(m_n));
    map.reset();
    const QByteArray before = md5Of(path);
    const ScopedEnv failing("FAKE_TERRAFORM_FAIL", "1");
    map = Project::open(path.toStdString());
    QCOMPARE(refusal(*map, requestFor(repo)),
             repo.toStdString() + "/envs/shop/: `sh " + kData.toStdString() +
                 "/fake-terraform workspace list` cannot list its workspaces: No valid credential sources "
                 "found. GET https://state.example.com/shop returned 403 for key …. It sent Authorization: "
                 "Bearer … and {\"password\":\"…\"}, and the server said no.");
    {
        // Terraform crashing, saying nothing, says so rather than only its exit code.
        const ScopedEnv crashing("FAKE_TERRAFORM_CRASH", "1");
        QCOMPARE(refusal(*map, requestFor(repo)),
                 repo.toStdString() + "/envs/shop/: `sh " + kData.toStdString() +
                     "/fake-terraform workspace list` cannot list its workspaces: it crashed (signal 11, "
                     "Segmentation fault)");
    }
    {
        // A backend with one state only (http) has no workspaces but the default one.
        const ScopedEnv single("FAKE_TERRAFORM_SINGLE", "1");
        const ScopedEnv logging("TF_LOG", "TRACE"); // (which Terraform is run without: its log is no message)
        const ScopedEnv working("FAKE_TERRAFORM_FAIL", "0");
        auto other = newMap();
        const json report = importInto(*other, requestFor(repo + QStringLiteral("/envs/shop")));
        QCOMPARE(report["files"][1]["workspace"], json("default"));
        QCOMPARE(report["files"][1].value("environment", std::string()), std::string()); // (no other: none)
        QCOMPARE(report["added"], json(19));
    }
    // Left out, it leaves nothing to import: refused all the same, and nothing is gone.
    ImportRequest skipping = requestFor(repo);
    skipping.parse.skipUnreadable = true;
    QVERIFY_THROWS_EXCEPTION(UnreadableSources, importInto(*map, skipping));
    map.reset();
    QCOMPARE(md5Of(path), before);
}

void TestTerraformWorkdir::cancellingStopsTheCommand() {
    // A backend that does not answer: cancelling the import (the dialog's Cancel) stops `terraform state
    // pull` at once, rather than when it gives up.
    const QString repo = writeRepository(QStringLiteral("slow"));
    const ScopedEnv slow("FAKE_TERRAFORM_SLOW", "1");
    QElapsedTimer clock;
    clock.start();
    int asked = 0;
    try {
        parseImport(requestFor(repo), [&](size_t, size_t) { return ++asked < 5; });
        QFAIL("an import cancelled went through");
    } catch (const Error& e) {
        QCOMPARE(std::string(e.what()), std::string("import cancelled; nothing was changed"));
    }
    QCOMPARE(asked, 5);
    QVERIFY2(clock.elapsed() < 30'000, qPrintable(QString::number(clock.elapsed()))); // (it sleeps a minute)
    // Each pull that ran (several at once) was stopped.
    const QStringList pids = linesOf(m_log + QStringLiteral(".pids"));
    QVERIFY(pids.size() >= 2);
    for (const QString& pid : pids)
        QVERIFY2(::kill(pid.toInt(), 0) != 0, qPrintable(pid));
}

void TestTerraformWorkdir::workingDirectoriesAreReadSeveralAtOnce() {
    // Two working directories, each with three workspaces, on a backend that takes its time to answer.
    const QString repo = writeRepository(QStringLiteral("atonce"));
    for (const char* file : {"/main.tf", "/.terraform/terraform.tfstate"})
        writeFile(repo + QStringLiteral("/envs/shop2") + QLatin1String(file),
                  bytesOf(repo + QStringLiteral("/envs/shop") + QLatin1String(file)));
    const ScopedEnv pause("FAKE_TERRAFORM_PAUSE", "0.3");
    const QString times = m_log + QStringLiteral(".times");
    // What Terraform was asked, as each call began and ended; and what was read of each file.
    auto read = [&](const char* atOnce, QStringList& calls) {
        const ScopedEnv jobs("TERRAIN_TOOL_JOBS", atOnce);
        QFile::remove(times);
        ParsedImport parsed = parseImport(requestFor(repo));
        calls = linesOf(times);
        std::vector<std::string> out;
        for (const Discovery& d : parsed.discoveries)
            out.push_back(d.file + " " + d.environment + " " + std::to_string(d.systems.size()));
        return out;
    };
    QStringList oneByOne, atOnce;
    const auto alone = read("1", oneByOne);
    const auto together = read("4", atOnce);
    // One at a time: each call ends before the next begins (2 lists, 6 pulls).
    QCOMPARE(oneByOne.size(), 16);
    QVERIFY2(oneAfterAnother(oneByOne), qPrintable(oneByOne.join(QLatin1Char(','))));
    // Four at once: both lists begin before either ends, then four pulls before any ends.
    QCOMPARE(atOnce.size(), 16);
    const QString said = atOnce.join(QLatin1Char(','));
    QVERIFY2(atOnce[0] == QLatin1String("begin |workspace list") &&
                 atOnce[1] == QLatin1String("begin |workspace list"),
             qPrintable(said));
    QVERIFY2(atOnce[4].startsWith(QLatin1String("begin ")) && atOnce[5].startsWith(QLatin1String("begin ")) &&
                 atOnce[6].startsWith(QLatin1String("begin ")) &&
                 atOnce[7].startsWith(QLatin1String("begin ")),
             qPrintable(said));
    // The same read either way, in the same order.
    QCOMPARE(alone.size(), std::size_t(4)); // (the empty workspaces have no state)
    QCOMPARE(together, alone);
}

void TestTerraformWorkdir::codeIsNoInputAndSaysHowToReadTheState() {
    const QString repo = writeRepository(QStringLiteral("code"));
    auto map = newMap();
    // A configuration's file named on its own says what to import instead.
    std::string why = refusal(*map, requestFor(repo + QStringLiteral("/envs/new/main.tf")));
    QVERIFY2(
        why.find(
            "main.tf: a Terraform configuration's code, not what it made: import its folder (Terrain reads "
            "the state in its terraform.tfstate, or, where `terraform init` has been run") !=
            std::string::npos,
        why.c_str());
    // A configuration that is not initialised: nothing to import, and why.
    why = refusal(*map, requestFor(repo + QStringLiteral("/envs/new")));
    QVERIFY2(why.find("keeps its state in its backend (s3), and `terraform init` has not been run there") !=
                 std::string::npos,
             why.c_str());
    // A working directory's settings that are no regular file (a link to /dev/zero, which a repository may
    // hold) are not read: the folder is one whose `terraform init` is to be run again.
    QVERIFY(QFile::link(QStringLiteral("/dev/zero"),
                        repo + QStringLiteral("/envs/new/.terraform/terraform.tfstate")) ||
            (QDir().mkpath(repo + QStringLiteral("/envs/new/.terraform")) &&
             QFile::link(QStringLiteral("/dev/zero"),
                         repo + QStringLiteral("/envs/new/.terraform/terraform.tfstate"))));
    why = refusal(*map, requestFor(repo + QStringLiteral("/envs/new")));
    QVERIFY2(why.find("keeps its state in its backend (s3), and its .terraform/terraform.tfstate is not what "
                      "`terraform "
                      "init` writes") != std::string::npos,
             why.c_str());
    // The backend's own declaration, in HCL and JSON; none, or the local one, says nothing.
    QCOMPARE(declaredBackend("terraform {\n  backend \"gcs\" {\n    bucket = \"x\"\n  }\n}\n"),
             std::string("gcs"));
    QCOMPARE(declaredBackend("terraform {\n  cloud {\n    organization = \"acme\"\n  }\n}\n"),
             std::string("cloud"));
    QCOMPARE(declaredBackend("{\"terraform\": {\"backend\": {\"azurerm\": {}}}}"), std::string("azurerm"));
    QCOMPARE(declaredBackend("resource \"aws_s3_bucket\" \"backend\" {\n  bucket = \"b\"\n}\n"),
             std::string());
    QCOMPARE(declaredBackend("# backend \"s3\" {\n"), std::string());
}

void TestTerraformWorkdir::terragruntSaysHowToReadItsStates() {
    // A Terragrunt repository: units (live/<environment>/vpc/terragrunt.hcl) of a module whose backend block
    // is empty, filled in by Terragrunt. What reads the states is Terragrunt, not `terraform init` in the
    // module.
    const QString repo = m_dir.filePath(QStringLiteral("terragrunt"));
    writeFile(repo + QStringLiteral("/live/terragrunt.hcl"),
              "remote_state {\n  backend = \"s3\"\n  config = { bucket = \"acme\" }\n}\n");
    for (const char* environment : {"prod", "staging"})
        writeFile(repo + QStringLiteral("/live/%1/vpc/terragrunt.hcl").arg(QLatin1String(environment)),
                  "include \"root\" {\n  path = find_in_parent_folders()\n}\nterraform {\n  source = "
                  "\"../../../modules/vpc\"\n}\n");
    writeFile(repo + QStringLiteral("/modules/vpc/main.tf"),
              "terraform {\n  backend \"s3\" {}\n}\nresource \"aws_vpc\" \"main\" {}\n");
    const std::string how =
        "save each unit's state in its folder with `terragrunt state pull > NAME.tfstate`, "
        "named with its environment (prod-vpc.tfstate), and import those";
    ImportRequest request = requestFor(repo);
    try {
        parseImport(request);
        QFAIL("a folder with nothing to import was imported");
    } catch (const Error& e) {
        const std::string what = e.what();
        for (const std::string& reason :
             {repo.toStdString() +
                  "/live/prod/vpc/terragrunt.hcl: a Terragrunt configuration, not what it made: " + how,
              repo.toStdString() +
                  "/live/terragrunt.hcl: a Terragrunt configuration, not what it made: " + how,
              repo.toStdString() + "/modules/vpc/main.tf: the Terraform module " + repo.toStdString() +
                  "/modules/vpc/ keeps its state in a backend (s3) that Terragrunt sets for each unit: " +
                  how})
            QVERIFY2(what.find(reason) != std::string::npos, what.c_str());
    }
    // Named on its own, a unit's configuration is refused, saying the same.
    auto map = newMap();
    QCOMPARE(refusal(*map, requestFor(repo + QStringLiteral("/live/prod/vpc/terragrunt.hcl"))),
             repo.toStdString() +
                 "/live/prod/vpc/terragrunt.hcl: a Terragrunt configuration, not what it made: " + how);
}

void TestTerraformWorkdir::theCommandIsTheEnvironmentsOrFoundOnPath() {
    {
        const ScopedEnv none("TERRAIN_TERRAFORM", "none");
        QVERIFY(terraformCommand().empty());
        // Without a command, the working directory is skipped, saying why.
        const QString repo = writeRepository(QStringLiteral("none"));
        ImportRequest request = requestFor(repo);
        request.parse.terraform = terraformCommand();
        auto map = newMap();
        const std::string why = refusal(*map, request);
        QVERIFY2(
            why.find(
                "envs/shop/: a Terraform working directory whose state is in its backend (s3), not read: "
                "TERRAIN_TERRAFORM names no command to read it with (none, or empty)") != std::string::npos,
            why.c_str());
    }
    {
        const ScopedEnv words("TERRAIN_TERRAFORM", "/opt/tofu/bin/tofu -chdir=.");
        QCOMPARE(terraformCommand(), (std::vector<std::string>{"/opt/tofu/bin/tofu", "-chdir=."}));
    }
    {
        // Unset: terraform, else tofu, from PATH; neither: terraform, which then cannot run, and says so.
        const QString bin = m_dir.filePath(QStringLiteral("bin"));
        QVERIFY(QDir().mkpath(bin));
        const ScopedEnv path("PATH", bin.toUtf8());
        const ScopedEnv unset("TERRAIN_TERRAFORM");
        QCOMPARE(terraformCommand(), std::vector<std::string>{"terraform"});
        writeFile(bin + QStringLiteral("/tofu"), "#!/bin/sh\n");
        QFile::setPermissions(bin + QStringLiteral("/tofu"), QFile::ReadOwner | QFile::ExeOwner);
        QCOMPARE(terraformCommand(), std::vector<std::string>{(bin + QStringLiteral("/tofu")).toStdString()});
        QFile::remove(bin + QStringLiteral("/tofu"));
        const QString repo = writeRepository(QStringLiteral("absent"));
        ImportRequest request = requestFor(repo);
        request.parse.terraform = terraformCommand();
        auto map = newMap();
        QCOMPARE(refusal(*map, request),
                 repo.toStdString() +
                     "/envs/shop/: its state cannot be read: `terraform` is not installed here; "
                     "install Terraform (or OpenTofu), save the state with `terraform state pull "
                     "> NAME.tfstate` where it is, and import that, or leave it out "
                     "(--skip-unreadable)");
    }
}

void TestTerraformWorkdir::aLocalStateOutsideTheFolderIsRead() {
    // `backend "local" { path = "../states/shop.tfstate" }`: the default workspace's state is that file, the
    // others' are in terraform.tfstate.d/ of the working directory, as Terraform keeps them.
    const QString root = m_dir.filePath(QStringLiteral("local"));
    writeFile(root + QStringLiteral("/infra/main.tf"), "terraform {\n  backend \"local\" {\n    path = "
                                                       "\"../states/shop.tfstate\"\n  }\n}\n");
    writeFile(root + QStringLiteral("/infra/.terraform/terraform.tfstate"),
              "{\"version\": 3, \"backend\": {\"type\": \"local\", \"config\": {\"path\": "
              "\"../states/shop.tfstate\", "
              "\"workspace_dir\": null}, \"hash\": 1}}\n");
    QVERIFY(QDir().mkpath(root + QStringLiteral("/states")));
    QVERIFY(QDir().mkpath(root + QStringLiteral("/infra/terraform.tfstate.d/staging")));
    QVERIFY(QFile::copy(kData + QStringLiteral("/workspaces/terraform.tfstate"),
                        root + QStringLiteral("/states/shop.tfstate")));
    QVERIFY(QFile::copy(kData + QStringLiteral("/workspaces/terraform.tfstate.d/staging/terraform.tfstate"),
                        root + QStringLiteral("/infra/terraform.tfstate.d/staging/terraform.tfstate")));
    QFile::remove(m_log);
    auto map = newMap();
    const json report = importInto(*map, requestFor(root + QStringLiteral("/infra")));
    QVERIFY(!QFile::exists(m_log)); // (no command is run for it)
    std::map<std::string, std::string> environments;
    for (const auto& f : report["files"])
        if (f["status"] == "imported")
            environments[f["path"].get<std::string>()] = f.value("environment", std::string());
    QCOMPARE(
        environments,
        (std::map<std::string, std::string>{
            {QDir::cleanPath(root + QStringLiteral("/states/shop.tfstate")).toStdString(), "default"},
            {(root + QStringLiteral("/infra/terraform.tfstate.d/staging/terraform.tfstate")).toStdString(),
             "staging"}}));
    QCOMPARE(report["added"], json(38));

    // A `path` in a hidden folder of the working directory, which the folder's walk leaves out, is read too;
    // one that names another kind of file is read as a state, which it is not: refused, saying so.
    writeFile(root + QStringLiteral("/hidden/main.tf"), "terraform {\n  backend \"local\" {}\n}\n");
    writeFile(root + QStringLiteral("/hidden/.terraform/terraform.tfstate"),
              "{\"version\": 3, \"backend\": {\"type\": \"local\", \"config\": {\"path\": "
              "\".state/prod.tfstate\"}}}\n");
    QVERIFY(QDir().mkpath(root + QStringLiteral("/hidden/.state")));
    QVERIFY(QFile::copy(kData + QStringLiteral("/ops.tfstate"),
                        root + QStringLiteral("/hidden/.state/prod.tfstate")));
    auto hidden = newMap();
    const json fromHidden = importInto(*hidden, requestFor(root + QStringLiteral("/hidden")));
    QCOMPARE(fromHidden["files"].back()["path"],
             json((root + QStringLiteral("/hidden/.state/prod.tfstate")).toStdString()));
    QCOMPARE(fromHidden["files"].back()["format"], json("tfstate"));
    writeFile(root + QStringLiteral("/elsewhere/compose.yaml"), "services:\n  web:\n    image: nginx\n");
    writeFile(root + QStringLiteral("/hidden/.terraform/terraform.tfstate"),
              "{\"version\": 3, \"backend\": {\"type\": \"local\", \"config\": {\"path\": "
              "\"../elsewhere/compose.yaml\"}}}\n");
    const std::string why = refusal(*hidden, requestFor(root + QStringLiteral("/hidden")));
    QVERIFY2(why.starts_with(QDir::cleanPath(root + QStringLiteral("/elsewhere/compose.yaml")).toStdString() +
                             ": "),
             why.c_str());
}

void TestTerraformWorkdir::realTerraformWorkingDirectory() {
    const QString terraform = QStandardPaths::findExecutable(QStringLiteral("terraform"));
    if (terraform.isEmpty())
        QSKIP("terraform is not installed (not on PATH): the real working directory is skipped");
    // A working directory whose state Terraform keeps outside it (the local backend, with a path), in two
    // workspaces: what `terraform init` writes in .terraform/ is read as Terraform reads it.
    const QString root = m_dir.filePath(QStringLiteral("real"));
    writeFile(root + QStringLiteral("/infra/main.tf"),
              "terraform {\n  backend \"local\" {\n    path = \"../states/infra.tfstate\"\n  }\n}\n"
              "resource \"terraform_data\" \"db\" {\n  input = { host = \"db.internal\" }\n}\n"
              "resource \"terraform_data\" \"api\" {\n  input = { db = terraform_data.db.output.host }\n}\n");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CHECKPOINT_DISABLE"), QStringLiteral("1"));
    env.insert(QStringLiteral("TF_IN_AUTOMATION"), QStringLiteral("1"));
    auto run = [&](const QStringList& args) {
        QProcess p;
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(root + QStringLiteral("/infra"));
        p.start(terraform, args);
        const bool done = p.waitForFinished(180000);
        if (!done || p.exitCode() != 0)
            qWarning("terraform %s failed: %s", qPrintable(args.join(QLatin1Char(' '))),
                     p.readAllStandardError().constData());
        return done && p.exitCode() == 0;
    };
    QVERIFY(run({QStringLiteral("init"), QStringLiteral("-input=false"), QStringLiteral("-no-color")}));
    QVERIFY(run({QStringLiteral("apply"), QStringLiteral("-auto-approve"), QStringLiteral("-no-color")}));
    QVERIFY(run({QStringLiteral("workspace"), QStringLiteral("new"), QStringLiteral("staging")}));
    QVERIFY(run({QStringLiteral("apply"), QStringLiteral("-auto-approve"), QStringLiteral("-no-color")}));
    const auto w = terraformWorkdir(root + QStringLiteral("/infra"));
    QVERIFY(w);
    QCOMPARE(w->backend, std::string("local"));
    QCOMPARE(w->localState, QDir::cleanPath(root + QStringLiteral("/states/infra.tfstate")));
    // Terraform lists them so too, and pulls each workspace's state.
    const std::vector<std::string> command = {terraform.toStdString()};
    QCOMPARE(terraformWorkspaces(command, *w, "infra/"), (std::vector<std::string>{"default", "staging"}));
    const SourceText staging = pullTerraformState(command, *w, "staging", "infra/");
    QCOMPARE(json::parse(staging.text)["lineage"],
             json::parse(bytesOf(localStateOf(*w, "staging")).toStdString())["lineage"]);
    auto map = newMap();
    const json report = importInto(*map, requestFor(root + QStringLiteral("/infra")));
    QCOMPARE(report["added"], json(4));
    std::map<std::string, std::string> keys;
    for (const auto& s : map->list<System>())
        keys[s.key] = s.environment;
    // (staging's state, in the folder, is read first; the default workspace's, outside it, after)
    QCOMPARE(keys, (std::map<std::string, std::string>{{"tf:terraform_data.api", "staging"},
                                                       {"tf:terraform_data.api@default", "default"},
                                                       {"tf:terraform_data.db", "staging"},
                                                       {"tf:terraform_data.db@default", "default"}}));
}

QTEST_GUILESS_MAIN(TestTerraformWorkdir)
#include "tst_terraformworkdir.moc"
