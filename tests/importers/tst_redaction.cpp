// Secrets never reach the map: keys, values and URL credentials.
#include "Redaction.h"

#include <QtTest>

using namespace terrain;

class TestRedaction : public QObject {
    Q_OBJECT
private slots:
    void secretKeys_data();
    void secretKeys();
    void secretValues_data();
    void secretValues();
    void urlCredentials_data();
    void urlCredentials();
    void safeAttributesKeepFactsOnly();
};

void TestRedaction::secretKeys_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("secret");
    for (const char* k : {"password",
                          "DB_PASSWORD",
                          "master_password",
                          "MYSQL_ROOT_PASSWORD",
                          "DB_PASS",
                          "admin_pwd",
                          "client_secret",
                          "GITHUB_TOKEN",
                          "private_key_pem",
                          "tls.key",
                          "key",
                          "access_key",
                          "AWS_SECRET_ACCESS_KEY",
                          "connection_string",
                          "kube_config",
                          "user_data",
                          "certificate_body",
                          "credentials",
                          "api_key",
                          "ApiKey",
                          "Authorization",
                          "sas_token",
                          "sentry_dsn"})
        QTest::newRow(k) << QString::fromLatin1(k) << true;
    for (const char* k :
         {"name", "instance_type", "engine_version", "id", "arn", "vpc_id", "key_name", "public_key",
          "passenger_count", "author", "region", "tags", "image", "port", "compass_heading"})
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
}

void TestRedaction::secretValues() {
    QFETCH(QString, value);
    QFETCH(bool, secret);
    QCOMPARE(looksLikeSecret(value.toStdString()), secret);
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

QTEST_APPLESS_MAIN(TestRedaction)
#include "tst_redaction.moc"
