// Secrets never reach the map: keys, values and URL credentials.
#include "Redaction.h"

#include <QtTest>

#include <algorithm>
#include <random>

using namespace terrain;

class TestRedaction : public QObject {
    Q_OBJECT
private slots:
    void secretKeys_data();
    void secretKeys();
    void secretValues_data();
    void secretValues();
    void assignedSecrets_data();
    void assignedSecrets();
    void urlCredentials_data();
    void urlCredentials();
    void safeAttributesKeepFactsOnly();
    void secretValuesOnePass();
};

void TestRedaction::secretKeys_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("secret");
    for (const char* k :
         {"password", "DB_PASSWORD", "master_password", "MYSQL_ROOT_PASSWORD", "DB_PASS", "admin_pwd",
          "client_secret", "GITHUB_TOKEN", "private_key_pem", "tls.key", "key", "access_key",
          "AWS_SECRET_ACCESS_KEY", "connection_string", "kube_config", "user_data", "certificate_body",
          "credentials", "api_key", "ApiKey", "Authorization", "sas_token", "sentry_dsn",
          // signed URLs carry their credentials
          "blob_sas_url", "presigned_url", "SLACK_WEBHOOK_URL", "webhook", "SENTRY_DSN_URL", "AUTH",
          "LOGIN_PASSWORD"})
        QTest::newRow(k) << QString::fromLatin1(k) << true;
    for (const char* k :
         {"name", "instance_type", "engine_version", "id", "arn", "vpc_id", "key_name", "public_key",
          "passenger_count", "author", "region", "tags", "image", "port", "compass_heading",
          // where a service is, whatever its name says it serves
          "AUTH_SERVICE_ADDR", "TOKEN_SERVICE_HOST", "auth_url", "CREDENTIALS_ENDPOINT", "OAUTH_TOKEN_URL",
          "secrets-manager-server"})
        QTest::newRow(k) << QString::fromLatin1(k) << false;
}

void TestRedaction::secretKeys() {
    QFETCH(QString, key);
    QFETCH(bool, secret);
    QCOMPARE(isSecretKey(key.toStdString()), secret);
}

void TestRedaction::secretValues_data() {
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("secret");
    QTest::newRow("pem") << QStringLiteral("-----BEGIN RSA PRIVATE KEY-----\nMIIE...") << true;
    QTest::newRow("aws key id") << QStringLiteral("AKIAIOSFODNN7EXAMPLE") << true;
    QTest::newRow("jwt") << QStringLiteral("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc") << true;
    QTest::newRow("vault") << QStringLiteral("$ANSIBLE_VAULT;1.1;AES256\n6162") << true;
    QTest::newRow("blob") << QStringLiteral("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY") << true;
    QTest::newRow("arn") << QStringLiteral(
                                "arn:aws:rds:eu-west-1:123456789012:db:main-postgres-production-01")
                         << false;
    QTest::newRow("instance id") << QStringLiteral("i-0123456789abcdef0") << false;
    QTest::newRow("k8s name") << QStringLiteral("payments-api-canary-rollout-blue-green-v2") << false;
    QTest::newRow("sentence") << QStringLiteral("Main database for the shop") << false;
    // Azure resource ids: paths, whose segments are judged each on its own; a blob is one all the same.
    for (const char* id :
         {"/subscriptions/0000-1111/resourceGroups/rg-prod/providers/Microsoft.ContainerService/"
          "managedClusters/acme-prod-aks",
          "/subscriptions/0000-1111/resourceGroups/rg-prod/providers/Microsoft.Storage/storageAccounts/"
          "acmeprodstorage01",
          "/subscriptions/0000-1111/resourceGroups/rg-prod/providers/Microsoft.ContainerRegistry/registries/"
          "acmeprodregistry"})
        QTest::newRow(id) << QString::fromLatin1(id) << false;
    QTest::newRow("path to a blob") << QStringLiteral("/keys/wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY") << true;
    QTest::newRow("blob after a slash")
        << QStringLiteral("x/wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY") << true;
}

void TestRedaction::secretValues() {
    QFETCH(QString, value);
    QFETCH(bool, secret);
    QCOMPARE(looksLikeSecret(value.toStdString()), secret);
}

void TestRedaction::assignedSecrets_data() {
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("secret");
    QTest::newRow("notes") << QStringLiteral("password=hunter2") << true;
    QTest::newRow("sentence") << QStringLiteral("rotated; new Password: Winter2026 (ask ops)") << true;
    QTest::newRow("ado.net") << QStringLiteral("Server=db;User Id=sa;Password=P@ss;") << true;
    QTest::newRow("query") << QStringLiteral("https://hooks.example.com/x?api_key=abc123&v=2") << true;
    QTest::newRow("shell") << QStringLiteral("export PGPASSWORD='s3cret'") << true;
    QTest::newRow("yaml") << QStringLiteral("token: abc") << true;
    QTest::newRow("arn") << QStringLiteral("arn:aws:secretsmanager:eu-west-1:1:secret:db-pass") << false;
    QTest::newRow("host:port") << QStringLiteral("token-service:8443") << false;
    QTest::newRow("url") << QStringLiteral("https://example.com:8443/a?page=2&sort=name") << false;
    QTest::newRow("settings") << QStringLiteral("sslmode=require retries=3") << false;
    QTest::newRow("empty value") << QStringLiteral("password=;user=app") << false;
    QTest::newRow("label") << QStringLiteral("Owner: payments team") << false;
}

void TestRedaction::assignedSecrets() {
    QFETCH(QString, value);
    QFETCH(bool, secret);
    QCOMPARE(assignsSecret(value.toStdString()), secret);
    QCOMPARE(safeValue("notes", value.toStdString()).has_value(), !secret);
}

void TestRedaction::urlCredentials_data() {
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("postgres") << QStringLiteral("postgres://app:s3cr3t@db:5432/shop")
                              << QStringLiteral("postgres://db:5432/shop");
    QTest::newRow("user only") << QStringLiteral("https://bot@git.example.com/x")
                               << QStringLiteral("https://git.example.com/x");
    QTest::newRow("at in pass") << QStringLiteral("redis://:p@ss@cache:6379")
                                << QStringLiteral("redis://cache:6379");
    QTest::newRow("two urls") << QStringLiteral("a=http://u:p@h1/ b=amqp://u:p@h2")
                              << QStringLiteral("a=http://h1/ b=amqp://h2");
    QTest::newRow("plain") << QStringLiteral("http://example.com/a@b")
                           << QStringLiteral("http://example.com/a@b");
}

void TestRedaction::urlCredentials() {
    QFETCH(QString, in);
    QFETCH(QString, out);
    QCOMPARE(QString::fromStdString(stripUrlCredentials(in.toStdString())), out);
}

void TestRedaction::safeAttributesKeepFactsOnly() {
    const json in = {{"id", "db-1"},
                     {"instance_class", "db.t3.medium"},
                     {"password", "hunter2-secret"},
                     {"endpoint", "postgres://admin:hunter2@db.internal:5432/app"},
                     {"allocated_storage", 100},
                     {"multi_az", false},
                     {"tags", {{"Name", "main"}, {"token", "tok-123"}}},
                     {"nested", {{"a", 1}}},
                     {"zones", {"a", "b"}},
                     {"user_data", "#!/bin/bash\nexport X=1"},
                     {"note", std::string(300, 'x')},
                     {"custom_field", "hidden-by-format"}};
    const json out = safeAttributes(in, [](const std::string& k) { return k == "custom_field"; });
    QCOMPARE(out.value("id", ""), std::string("db-1"));
    QCOMPARE(out.value("instance_class", ""), std::string("db.t3.medium"));
    QCOMPARE(out.value("endpoint", ""), std::string("postgres://db.internal:5432/app"));
    QCOMPARE(out.value("allocated_storage", 0), 100);
    QCOMPARE(out.value("tags.Name", ""), std::string("main"));
    QCOMPARE(out["zones"], json({"a", "b"}));
    for (const char* gone : {"password", "tags.token", "nested", "user_data", "note", "custom_field"})
        QVERIFY2(!out.contains(gone), gone);
    const std::string dump = out.dump();
    QVERIFY(dump.find("hunter2") == std::string::npos);
    QVERIFY(dump.find("tok-123") == std::string::npos);
}

namespace {

// looksLikeSecret() as it was written before it became one pass, with ASCII classes: the markers, the
// AWS key ids, JWTs, then each run of base64 or hex characters looked at again.
bool secretAsWritten(std::string_view s) {
    auto has = [&](std::string_view part) { return s.find(part) != std::string_view::npos; };
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
    if (has("-----BEGIN") || has("PRIVATE KEY") || has("$ANSIBLE_VAULT") || has("ssh-rsa AAAA") ||
        has("ssh-ed25519 AAAA"))
        return true;
    for (std::string_view prefix : {"AKIA", "ASIA"})
        if (s.size() == 20 && s.substr(0, 4) == prefix &&
            std::all_of(s.begin(), s.end(), [&](char c) { return upper(c) || digit(c); }))
            return true;
    if (s.substr(0, 3) == "eyJ" && std::count(s.begin(), s.end(), '.') == 2)
        return true;
    size_t runStart = 0;
    const bool path = !s.empty() && s[0] == '/'; // a path's segments are runs each
    for (size_t i = 0; i <= s.size(); ++i) {
        const bool inRun = i < s.size() && (digit(s[i]) || upper(s[i]) || lower(s[i]) || s[i] == '+' ||
                                            (s[i] == '/' && !path) || s[i] == '=' || s[i] == '_');
        if (inRun)
            continue;
        if (i - runStart >= 32) {
            const std::string_view run(s.data() + runStart, i - runStart);
            if (std::any_of(run.begin(), run.end(), digit) + std::any_of(run.begin(), run.end(), upper) +
                    std::any_of(run.begin(), run.end(), lower) >=
                2)
                return true;
        }
        runStart = i + 1;
    }
    return false;
}

} // namespace

// The one pass says what the checks written one after the other say, on random values made of the
// markers' pieces, runs of one class or mixed, separators and bytes of UTF-8 sequences.
void TestRedaction::secretValuesOnePass() {
    const std::vector<std::string> pieces = {"-----BEGIN",
                                             "PRIVATE KEY",
                                             "$ANSIBLE_VAULT",
                                             "ssh-rsa AAAA",
                                             "ssh-ed25519 AAAA",
                                             "AKIA",
                                             "ASIA",
                                             "eyJ",
                                             ".",
                                             "-",
                                             " ",
                                             "$",
                                             "_",
                                             "+",
                                             "/",
                                             "=",
                                             ":",
                                             "@",
                                             "\xc3\xa9",
                                             "\xe2\x82\xac",
                                             "abcdefghij",
                                             "ABCDEFGHIJ",
                                             "0123456789",
                                             "aB3",
                                             "zZ9",
                                             "Q",
                                             "7",
                                             "x"};
    std::mt19937 rng(20261205);
    int secret = 0;
    for (int i = 0; i < 200000; ++i) {
        std::string v;
        const int n = std::uniform_int_distribution<int>(0, 14)(rng);
        for (int k = 0; k < n; ++k)
            v += pieces[std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(rng)];
        const bool expected = secretAsWritten(v);
        if (looksLikeSecret(v) != expected)
            QFAIL(qPrintable(QStringLiteral("%1: %2").arg(QString::fromStdString(v)).arg(expected)));
        secret += expected;
    }
    QVERIFY2(secret > 20000 && secret < 180000, qPrintable(QString::number(secret))); // both answers, often
}

QTEST_APPLESS_MAIN(TestRedaction)
#include "tst_redaction.moc"
