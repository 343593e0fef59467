// Host names inside configuration values: what is a host, what is not, and no secret on the way out.
#include "Error.h"
#include "HostRefs.h"

#include <QtTest>

using namespace terrain;

namespace {

/// "host:port/form/definite" for each reference, joined by " ".
QString describe(const std::vector<HostRef>& refs) {
    QStringList out;
    for (const auto& r : refs) {
        const char* form = r.form == HostRef::Form::Bare       ? "bare"
                           : r.form == HostRef::Form::HostPort ? "hostport"
                           : r.form == HostRef::Form::Dotted   ? "dotted"
                                                               : "url";
        out << QString::fromStdString(r.host + (r.port.empty() ? "" : ":" + r.port)) + QLatin1Char('/') +
                   QLatin1String(form) +
                   (r.definite ? QStringLiteral("/definite") : QStringLiteral("/candidate"));
    }
    return out.join(QLatin1Char(' '));
}

} // namespace

class TestHostRefs : public QObject {
    Q_OBJECT
private slots:
    void hosts_data();
    void hosts();
    void configFiles_data();
    void configFiles();
    void hostKeys_data();
    void hostKeys();
    void evidenceNeverQuotesSecrets();
    void clusterNames();
    void commandLines();
    void imageKinds_data();
    void imageKinds();
    void safeImages();
};

void TestHostRefs::hosts_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");
    auto row = [](const char* name, const char* k, const char* v, const char* e) {
        QTest::newRow(name) << QString::fromUtf8(k) << QString::fromUtf8(v) << QString::fromUtf8(e);
    };
    // Hosts
    row("bare under DB_HOST", "DB_HOST", "db", "db/bare/definite");
    row("wordpress", "WORDPRESS_DB_HOST", "wordpress-mysql", "wordpress-mysql/bare/definite");
    row("host:port", "CART_SERVICE_ADDR", "cartservice:7070", "cartservice:7070/hostport/definite");
    row("postgres url with credentials", "DATABASE_URL", "postgres://user:pass@db:5432/x",
        "db:5432/url/definite");
    row("amqp url", "AMQP_URL", "amqp://mq", "mq/url/definite");
    row("redis url", "REDIS_URL", "redis://cache:6379/0", "cache:6379/url/definite");
    row("http url", "API_ENDPOINT", "http://api:8080/v1", "api:8080/url/definite");
    row("jdbc url", "SPRING_DATASOURCE_URL", "jdbc:postgresql://pg:5432/app", "pg:5432/url/definite");
    row("mongo hosts", "MONGO_URI", "mongodb://u:p@a:27017,b:27017/db",
        "a:27017/url/definite b:27017/url/definite");
    row("replica set", "MONGO_URL",
        "mongodb://mongo-0.mongo,mongo-1.mongo,mongo-2.mongo:27017/app?replicaSet=rs0",
        "mongo-0.mongo/url/definite mongo-1.mongo/url/definite mongo-2.mongo:27017/url/definite");
    row("url list", "UPSTREAM_URLS", "http://a:8080,http://b:8080/x",
        "a:8080/url/definite b:8080/url/definite");
    row("url under a plain key", "DATABASE", "postgres://db/x", "db/url/candidate");
    row("svc.ns candidate", "API", "api.shop", "api.shop/dotted/candidate");
    row("cluster dns", "UPSTREAM", "api.shop.svc.cluster.local",
        "api.shop.svc.cluster.local/dotted/definite");
    row("cluster dns, plain key", "CONFIG", "api.shop.svc.cluster.local",
        "api.shop.svc.cluster.local/dotted/definite");
    row("cluster dns url, plain key", "API", "http://one.default.svc.cluster.local:8080/v1",
        "one.default.svc.cluster.local:8080/url/definite");
    row("cluster dns host:port, plain key", "QUEUE", "mq.shop.svc:5672",
        "mq.shop.svc:5672/hostport/definite");
    row("host:port, plain key", "QUEUE", "mq:5672", "mq:5672/hostport/candidate");
    row("fqdn", "SMTP_HOST", "smtp.gmail.com", "smtp.gmail.com/dotted/definite");
    row("trailing dot", "DB_HOST", "db.example.com.", "db.example.com/dotted/definite");
    row("broker list", "KAFKA_BROKERS", "kafka-0:9092,kafka-1:9092",
        "kafka-0:9092/hostport/definite kafka-1:9092/hostport/definite");
    row("space separated", "REDIS_NODES", "redis-0:6379 redis-1:6379",
        "redis-0:6379/hostport/definite redis-1:6379/hostport/definite");
    row("camelCase key", "redisHost", "cache", "cache/bare/definite");
    row("ip address", "DB_HOST", "10.0.0.5", "10.0.0.5/dotted/definite");
    row("user:pass@host", "MEMCACHED_SERVERS", "user:pw@mc:11211", "mc:11211/hostport/definite");
    row("hint not last", "DB_HOST_NAMESPACE", "db", "db/bare/candidate");
    row("secret key, url", "DB_PASSWORD", "postgres://u:p@db/x", "db/url/candidate");
    row("connection string", "DATABASE_CONNECTION_STRING", "postgres://u:p@db/x", "db/url/definite");
    row("quoted", "DB_HOST", "\"db\"", "db/bare/definite");
    // Not hosts
    row("port", "DB_PORT", "5432", "");
    row("user", "MYSQL_USER", "wordpress", "");
    row("database name", "MYSQL_DATABASE", "wordpress", "");
    row("boolean", "DEBUG", "false", "");
    row("boolean under host key", "DB_HOST", "true", "");
    row("localhost", "GITLAB_HOST", "localhost", "");
    row("loopback", "DB_HOST", "127.0.0.1", "");
    row("unspecified", "DB_HOST", "0.0.0.0", "");
    row("path", "CONFIG_PATH", "/etc/app/config.yaml", "");
    row("file name", "UPSTREAM_HOST", "config.yaml", "");
    row("sentence", "DESCRIPTION", "The main database for the shop", "");
    row("sentence under host key", "SERVICE_HOST", "the main database", "");
    row("e-mail", "GITLAB_EMAIL", "notifications@example.com", "");
    row("e-mail under address key", "ALERT_EMAIL_ADDRESS", "ops@example.com", "");
    row("time", "BACKUP_TIME", "01:00", "");
    row("port mapping", "PORTS", "22:22", "");
    row("service name", "SERVICE_NAME", "cartservice", "");
    row("listen address", "LISTEN_ADDR", ":8080", "");
    row("bind address", "BIND_ADDRESS", "0.0.0.0", "");
    row("own public url", "EXTERNAL_URL", "https://gitlab.example.com", "");
    row("version", "VERSION", "1.2.3", "");
    row("dns word", "GET_HOSTS_FROM", "dns", "");
    row("password that looks like a name", "DB_PASSWORD", "db", "");
    row("jvm options", "JAVA_OPTS", "-Xmx512m -Dfoo=bar", "");
    row("urn", "OAUTH_SAML_NAME_IDENTIFIER_FORMAT", "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
        "");
    row("mac address", "MAC_ADDRESS", "02:42:ac:11:65:43", "");
    row("unresolved variable", "DB_HOST", "${DB_HOST}", "");
    row("time zone", "TZ", "Asia/Kolkata", "");
    row("access key id", "DB_HOST", "AKIAIOSFODNN7EXAMPLE", "");
    row("log level", "LOG_LEVEL", "info", "");
    row("class name", "DRIVER", "org.postgresql.Driver", "");
    row("empty", "DB_HOST", "", "");
    row("file url", "DATA_URL", "file:///var/data", "");
}

void TestHostRefs::hosts() {
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    QCOMPARE(describe(hostRefs(key.toStdString(), value.toStdString())), expected);
}

void TestHostRefs::configFiles_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("properties") << QStringLiteral("spring.redis.host=redis\n"
                                                  "spring.datasource.url=jdbc:postgresql://pg:5432/app\n"
                                                  "server.port=8080\nspring.datasource.password=hunter2\n")
                                << QStringLiteral("redis/bare/definite pg:5432/url/definite");
    QTest::newRow("nginx") << QStringLiteral("server {\n  listen 80;\n  location / {\n    proxy_pass "
                                             "http://api:8080;\n  }\n  # upstream old:81\n}\n")
                           << QStringLiteral("api:8080/url/definite");
    QTest::newRow("yaml") << QStringLiteral(
                                 "database:\n  host: db\n  port: 5432\n  name: shop\ncache:\n  url: "
                                 "\"redis://cache:6379\"\n")
                          << QStringLiteral("db/bare/definite cache:6379/url/definite");
    QTest::newRow("json") << QStringLiteral("{\n  \"apiHost\": \"api.shop\",\n  \"timeout\": 30\n}\n")
                          << QStringLiteral("api.shop/dotted/definite");
    QTest::newRow("host:port in prose")
        << QStringLiteral("# comment\nupstream backend {\n  server web:8080;\n}\n")
        << QStringLiteral("web:8080/hostport/candidate");
    QTest::newRow("no hosts") << QStringLiteral("log_level: info\nworkers: 4\npath: /var/lib/app\n")
                              << QString();
}

void TestHostRefs::configFiles() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(describe(hostRefs("app.conf", text.toStdString())), expected);
}

void TestHostRefs::hostKeys_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("host");
    for (const char* k :
         {"DB_HOST", "REDIS_ADDR", "DATABASE_URL", "KAFKA_BROKERS", "spring.redis.host", "dbHost",
          "CART_SERVICE_ADDR", "UPSTREAM", "API_ENDPOINT", "DBHOST", "ELASTICSEARCH_HOSTS"})
        QTest::newRow(k) << QString::fromLatin1(k) << true;
    for (const char* k : {"DB_PORT", "SERVICE_NAME", "LISTEN_ADDR", "EXTERNAL_URL", "DB_USER",
                          "MYSQL_DATABASE", "GET_HOSTS_FROM", "NODE_ENV", "HOSTNAME_PATH", ""})
        QTest::newRow(*k ? k : "(empty)") << QString::fromLatin1(k) << false;
}

void TestHostRefs::hostKeys() {
    QFETCH(QString, key);
    QFETCH(bool, host);
    QCOMPARE(isHostKey(key.toStdString()), host);
}

void TestHostRefs::evidenceNeverQuotesSecrets() {
    const std::string url = "postgres://admin:s3cr3t-Pa55@db:5432/shop?password=other-s3cr3t";
    const auto refs = hostRefs("DATABASE_URL", url);
    QCOMPARE(refs.size(), size_t(1));
    const std::string ev = hostEvidence("env", "DATABASE_URL", url, refs[0]);
    QCOMPARE(QString::fromStdString(ev), QStringLiteral("env DATABASE_URL -> db:5432"));
    QVERIFY(ev.find("s3cr3t") == std::string::npos);

    const auto plain = hostRefs("DB_HOST", "wordpress-mysql");
    QCOMPARE(QString::fromStdString(hostEvidence("env", "DB_HOST", "wordpress-mysql", plain.at(0))),
             QStringLiteral("env DB_HOST=wordpress-mysql"));
    const auto hp = hostRefs("CART_ADDR", "cart:7070");
    QCOMPARE(QString::fromStdString(hostEvidence("env", "CART_ADDR", "cart:7070", hp.at(0))),
             QStringLiteral("env CART_ADDR=cart:7070"));
    // A secret key's value is never quoted, even when it is only a host.
    const std::string dsn = "mysql://root:hunter2@db/x";
    const auto s = hostRefs("DB_DSN", dsn);
    QCOMPARE(s.size(), size_t(1));
    const std::string sev = hostEvidence("configmap app", "DB_DSN", dsn, s[0]);
    QCOMPARE(QString::fromStdString(sev), QStringLiteral("configmap app DB_DSN -> db"));
    // Config file lines with a password next to a host: only the host comes out.
    const auto cfg = hostRefs("", "db.password=hunter2\ndb.host=pg\n");
    QCOMPARE(describe(cfg), QStringLiteral("pg/bare/definite"));
}

void TestHostRefs::commandLines() {
    using Values = std::vector<std::pair<std::string, std::string>>;
    // Flags with their values, a name and its port, words; a script given to sh -c split like the rest.
    QCOMPARE(
        commandLineValues({"--db-host=postgres", "--upstream", "http://api:8080", "-v", "--x=", "serve"}),
        (Values{{"db-host", "postgres"}, {"upstream", "http://api:8080"}, {"x", ""}, {"", "serve"}}));
    // A script given to a shell's -c is a command line of its own, split like the rest (its words are
    // not told apart from the flags'); a number after a word is a port, whatever the word (`sleep 2`: only
    // a Service called sleep would match).
    QCOMPARE(commandLineValues({"sh", "-c", "until nc -z db 5432; do sleep 2; done && exec 'app' \"--q\""}),
             (Values{{"", "sh"},
                     {"", "until"},
                     {"", "nc"},
                     {"", "db:5432"},
                     {"", "do"},
                     {"", "sleep:2"},
                     {"", "done"},
                     {"", "exec"},
                     {"", "app"}}));
    // Only a shell's: anyone else's -c takes its value.
    QCOMPARE(commandLineValues({"app", "-c", "/etc/app.conf"}),
             (Values{{"", "app"}, {"c", "/etc/app.conf"}}));
    QCOMPARE(commandLineValues({"3000", "80", ""}), (Values{{"", "3000"}, {"", "80"}}));
    // A database or cache client's -h is its host; anyone else's is not.
    QCOMPARE(commandLineValues({"until /usr/bin/pg_isready -h db -U app; do sleep 1; done"}),
             (Values{{"", "until"},
                     {"", "/usr/bin/pg_isready"},
                     {"host", "db"},
                     {"U", "app"},
                     {"", "do"},
                     {"", "sleep:1"},
                     {"", "done"}}));
    QCOMPARE(commandLineValues({"du", "-h", "/data"}), (Values{{"", "du"}, {"h", "/data"}}));
    // What the words give: a URL anywhere, a host under a flag that names one, a bare word nothing.
    auto hosts = [](const std::vector<std::string_view>& line) {
        std::vector<std::string> out;
        for (const auto& [key, value] : commandLineValues(line))
            for (const auto& ref : hostRefs(key, value))
                out.push_back(ref.host + (ref.definite ? "!" : "?"));
        return out;
    };
    QCOMPARE(hosts({"--db-host=postgres", "serve", "http://api.shop:8080/x", "nc db 5432", "sleep", "3600"}),
             (std::vector<std::string>{"postgres!", "api.shop!", "db?", "sleep?"}));
    QCOMPARE(hosts({"redis-cli", "-h", "cache", "ping"}), (std::vector<std::string>{"cache!"}));
    QCOMPARE(hosts({"/bin/sh", "-c", "pg_dump -h pg -U postgres shop | gzip > /backup/shop.sql.gz"}),
             (std::vector<std::string>{"pg!"}));
    QCOMPARE(hosts({"sh", "-c", "redis-cli -h redis FLUSHDB"}), (std::vector<std::string>{"redis!"}));
    QCOMPARE(hosts({"bash", "-o", "pipefail", "-ec", "psql -h pg -c 'VACUUM'"}),
             (std::vector<std::string>{"pg!"}));
    QCOMPARE(hosts({"du", "-h", "/data", "ls", "-h", "logs"}), (std::vector<std::string>{}));
}

void TestHostRefs::clusterNames() {
    // Each reading as service/namespace/pod, the likelier first.
    auto readings = [](const char* host) {
        std::vector<std::string> out;
        for (const auto& c : terrain::clusterNames(host))
            out.push_back(c.service + "/" + c.ns + "/" + c.pod);
        return out;
    };
    using Readings = std::vector<std::string>;
    QCOMPARE(readings("db"), Readings{"db//"});
    QCOMPARE(readings("db.shop.svc"), Readings{"db/shop/"});
    QCOMPARE(readings("db.shop.svc.cluster.local"), Readings{"db/shop/"});
    QCOMPARE(readings("redis-0.redis.shop.svc.cluster.local"), Readings{"redis/shop/"});
    // Two labels: a Service with its namespace, or a pod behind a headless Service of the caller's
    // namespace; three: a pod behind a headless Service with its namespace.
    QCOMPARE(readings("db.shop"), (Readings{"db/shop/", "shop//db"}));
    QCOMPARE(readings("kafka-0.kafka-headless"),
             (Readings{"kafka-0/kafka-headless/", "kafka-headless//kafka-0"}));
    QCOMPARE(readings("kafka-1.kafka-headless.stream"), Readings{"kafka-headless/stream/kafka-1"});
    QCOMPARE(readings("a.b.c.d"), Readings{});
    QCOMPARE(readings(""), Readings{});
}

void TestHostRefs::imageKinds_data() {
    QTest::addColumn<QString>("image");
    QTest::addColumn<QString>("kind");
    auto row = [](const char* i, const char* k) {
        QTest::newRow(i) << QString::fromLatin1(i) << QString::fromLatin1(k);
    };
    row("postgres", "database");
    row("sameersbn/postgresql:9.5-3", "database");
    row("mysql:8.0", "database");
    row("mariadb:10.6.4-focal", "database");
    row("mongo:6", "database");
    row("registry.k8s.io/redis:e2e", "cache");
    row("gcr.io/google_samples/gb-redisslave:v1", "cache");
    row("memcached:1.6", "cache");
    row("rabbitmq:3-management", "queue");
    row("confluentinc/cp-kafka:7.4.0", "queue");
    row("nats:2", "queue");
    row("nginx", "load-balancer");
    row("traefik:v2.10", "load-balancer");
    row("haproxy:2.8", "load-balancer");
    row("prom/prometheus", "monitoring");
    row("grafana/grafana", "monitoring");
    row("prometheuscommunity/postgres-exporter", "monitoring");
    row("minio/minio", "storage");
    row("mongo-express", "");
    row("wordpress:6.2.1-apache", "");
    row("busybox@sha256:38a203e1986cf79639cfb9b2e1d6e773de84002feea2d4eb006b52004ee8502d", "");
}

void TestHostRefs::imageKinds() {
    QFETCH(QString, image);
    QFETCH(QString, kind);
    QCOMPARE(QString::fromStdString(imageKind(image.toStdString())), kind);
}

void TestHostRefs::safeImages() {
    QCOMPARE(QString::fromStdString(safeImage("nginx:1.25").value_or("?")), QStringLiteral("nginx:1.25"));
    QCOMPARE(QString::fromStdString(
                 safeImage("busybox@sha256:38a203e1986cf79639cfb9b2e1d6e773de84002feea2d4eb006b52004ee8502d")
                     .value_or("?")),
             QStringLiteral("busybox"));
    QVERIFY(!safeImage("user:hunter2@registry.example.com/app:1").has_value());
    QVERIFY(!safeImage("").has_value());
}

QTEST_APPLESS_MAIN(TestHostRefs)
#include "tst_hostrefs.moc"
