// docker compose files: services, edges, projects, secrets kept out, and bad input.
#include "ComposeParser.h"
#include "DiscoveryDump.h"
#include "Error.h"
#include "WriteFile.h"
#include "YamlJson.h"

#include <QDir>
#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <map>

using namespace terrain;

namespace {

const QString kFixtures = QStringLiteral(TERRAIN_FIXTURES_DIR);

SourceText fixture(const char* name) {
    return readSourceText((kFixtures + QStringLiteral("/compose/") + QLatin1String(name)).toStdString());
}

SourceText inline_(const std::string& name, const std::string& text, const std::string& path = {}) {
    SourceText src;
    src.name = name;
    src.path = path;
    src.text = text;
    src.sha256 = "test";
    return src;
}

Discovery parse(const SourceText& src) {
    return ComposeParser().parse(src, {});
}

std::string dump(const Discovery& d) {
    return test::dumpDiscovery(d);
}

const DiscoveredSystem* systemOf(const Discovery& d, const std::string& key) {
    for (const auto& s : d.systems)
        if (s.key == key)
            return &s;
    return nullptr;
}

const DiscoveredEdge* edgeOf(const Discovery& d, const std::string& from, const std::string& to) {
    for (const auto& e : d.edges)
        if (e.from == from && e.to == to)
            return &e;
    return nullptr;
}

QString errorOf(const SourceText& src) {
    try {
        parse(src);
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

void walk(const json& j, const std::string& path, const std::function<void(const std::string&)>& f) {
    f(path);
    if (j.is_object())
        for (auto it = j.begin(); it != j.end(); ++it) {
            std::string k;
            for (char c : it.key())
                k += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
            walk(it.value(), path + "/" + k, f);
        }
    else if (j.is_array())
        for (size_t i = 0; i < j.size(); ++i)
            walk(j[i], path + "/" + std::to_string(i), f);
}

const char* kShop = "name: My Shop\n"
                    "x-common: &common\n"
                    "  restart: always\n"
                    "  environment:\n"
                    "    SHARED_TOKEN: Sup3rS3cret-Anchor\n"
                    "services:\n"
                    "  web:\n"
                    "    <<: *common\n"
                    "    build:\n"
                    "      context: ./web\n"
                    "      args:\n"
                    "        NPM_TOKEN: Sup3rS3cret-BuildArg\n"
                    "    command: [\"serve\", \"--password\", \"Sup3rS3cret-Command\"]\n"
                    "    ports:\n"
                    "      - 22:22\n"
                    "      - target: 80\n"
                    "        published: \"8080\"\n"
                    "        protocol: tcp\n"
                    "    links:\n"
                    "      - db:database\n"
                    "    environment:\n"
                    "      DATABASE_HOST: database\n"
                    "      DATABASE_URL: postgres://shop:Sup3rS3cret-Url@database:5432/shop\n"
                    "      CACHE_URL: ${CACHE_URL:-redis://cache:6379/0}\n"
                    "      SEARCH_HOST: elastic\n"
                    "      DB_PASSWORD: Sup3rS3cret-EnvMap\n"
                    "      PAYMENT_API_HOST: api.stripe.com\n"
                    "      UNSET:\n"
                    "      PORT: 8080\n"
                    "    labels:\n"
                    "      - traefik.http.middlewares.auth.basicauth.users=admin:Sup3rS3cret-Label\n"
                    "      - com.example.team=checkout\n"
                    "    depends_on:\n"
                    "      db:\n"
                    "        condition: service_healthy\n"
                    "      cache:\n"
                    "    deploy:\n"
                    "      replicas: 2\n"
                    "  db:\n"
                    "    image: postgres:15\n"
                    "    environment:\n"
                    "      - POSTGRES_PASSWORD=Sup3rS3cret-EnvList\n"
                    "      - POSTGRES_USER=shop\n"
                    "    volumes:\n"
                    "      - db-data:/var/lib/postgresql/data\n"
                    "  cache:\n"
                    "    image: redis:7\n"
                    "  search:\n"
                    "    image: docker.elastic.co/elasticsearch/elasticsearch:8.11.0\n"
                    "    networks:\n"
                    "      back:\n"
                    "        aliases: [elastic]\n"
                    "  sidecar:\n"
                    "    image: envoyproxy/envoy:v1.28\n"
                    "    network_mode: service:web\n"
                    "    ipc: service:web\n"
                    "  backup:\n"
                    "    image: alpine\n"
                    "    volumes_from:\n"
                    "      - db:ro\n"
                    "      - container:abc123\n"
                    "    environment:\n"
                    "      - TARGET_HOST=backup.example.com\n"
                    "    profiles: [ops]\n"
                    "networks:\n"
                    "  back: {}\n"
                    "volumes:\n"
                    "  db-data:\n"
                    "secrets:\n"
                    "  token:\n"
                    "    file: ./token.txt\n";

/// The compose file at `path` (written with `text` first), parsed as an import reads it.
Discovery parseFile(const QString& path, const std::string& text) {
    test::writeFile(path, text);
    return parse(readSourceText(path.toStdString()));
}

const char* kConfigJson =
    "{\n"
    "  \"name\": \"golden\",\n"
    "  \"services\": {\n"
    "    \"api\": {\n"
    "      \"command\": null,\n"
    "      \"depends_on\": {\"db\": {\"condition\": \"service_started\", \"required\": true, \"restart\": "
    "true}},\n"
    "      \"entrypoint\": null,\n"
    "      \"environment\": {\"DB_HOST\": \"db\", \"SECRET_KEY\": \"Sup3rS3cret-Json\", \"EMPTY\": null},\n"
    "      \"image\": \"golden/api:1.0\",\n"
    "      \"networks\": {\"default\": null},\n"
    "      \"ports\": [{\"mode\": \"ingress\", \"target\": 8000, \"published\": \"8000\", \"protocol\": "
    "\"tcp\"}]\n"
    "    },\n"
    "    \"db\": {\n"
    "      \"image\": \"mysql:8\",\n"
    "      \"networks\": {\"default\": null},\n"
    "      \"deploy\": {\"replicas\": 1, \"resources\": {\"limits\": {\"memory\": \"268435456\"}}}\n"
    "    }\n"
    "  },\n"
    "  \"networks\": {\"default\": {\"name\": \"golden_default\"}}\n"
    "}\n";

} // namespace

class TestComposeParser : public QObject {
    Q_OBJECT
private slots:
    void nginxGolangPostgres();
    void prometheusGrafana();
    void reactExpressMysql();
    void kitchenSink();
    void secretsLong();
    void hostsInCommands();
    void awsResourcesInSettings();
    void gitlab();
    void featuresInline();
    void composeConfigJson();
    void legacyVersion1();
    void projectNames();
    void secretsNeverLeak();
    void extendsServices();
    void includesFiles();
    void overrideFileBesideIt();
    void variantFileBesideIt();
    void extendsAndIncludeErrors();
    void dotEnvInterpolation();
    void imagesTakeDotEnv();
    void envFiles();
    void wronglyTyped_data();
    void wronglyTyped();
    void truncatedFixtures();
    void everyWrongTypeFailsCleanly();
    void hostileInput();
    void sniffing();
};

void TestComposeParser::nginxGolangPostgres() {
    const auto d = parse(fixture("awesome-compose_nginx-golang-postgres_compose.yaml"));
    QCOMPARE(QString::fromStdString(d.format), QStringLiteral("compose"));
    // The project is the folder's name; the scope the folder, so that another `compose/` is another project.
    QCOMPARE(QString::fromStdString(d.legacyScope), QStringLiteral("compose:compose"));
    QVERIFY2(d.scope.starts_with("compose:/") && d.scope.ends_with("/fixtures/compose"), d.scope.c_str());
    QCOMPARE(d.systems.size(), size_t(3));
    const auto* db = systemOf(d, "compose:compose/db");
    QVERIFY(db);
    QCOMPARE(QString::fromStdString(db->kind), QStringLiteral("database"));
    QCOMPARE(QString::fromStdString(db->group), QStringLiteral("compose"));
    QCOMPARE(QString::fromStdString(db->provider), QStringLiteral("docker"));
    QCOMPARE(QString::fromStdString(systemOf(d, "compose:compose/proxy")->kind),
             QStringLiteral("load-balancer"));
    QCOMPARE(QString::fromStdString(systemOf(d, "compose:compose/backend")->kind), QStringLiteral("service"));
    QCOMPARE(systemOf(d, "compose:compose/proxy")->attributes.value("ports", json()), json::array({"80:80"}));
    QCOMPARE(d.edges.size(), size_t(2));
    const auto* e = edgeOf(d, "compose:compose/backend", "compose:compose/db");
    QVERIFY(e);
    QCOMPARE(QString::fromStdString(e->kind), QStringLiteral("depends-on"));
    QCOMPARE(QString::fromStdString(e->evidence), QStringLiteral("depends_on (service_healthy)"));
    QVERIFY(edgeOf(d, "compose:compose/proxy", "compose:compose/backend"));
    QCOMPARE(d.skipped, 2); // the named volume and the secret
}

void TestComposeParser::prometheusGrafana() {
    const auto d = parse(fixture("awesome-compose_prometheus-grafana_compose.yaml"));
    QCOMPARE(d.systems.size(), size_t(2));
    for (const char* n : {"prometheus", "grafana"}) {
        const auto* s = systemOf(d, std::string("compose:compose/") + n);
        QVERIFY(s);
        QCOMPARE(QString::fromStdString(s->kind), QStringLiteral("monitoring"));
        QCOMPARE(s->identifiers, std::vector<std::string>{n}); // container_name: joins Prometheus targets
    }
    QVERIFY(d.edges.empty());
    const std::string all = dump(d);
    for (const char* s : {"GF_SECURITY", "ADMIN_PASSWORD", "admin"})
        QVERIFY2(all.find(s) == std::string::npos, s);
    // The planted password equals the service's name; no value of any attribute comes from environment.
    for (const auto& s : d.systems)
        for (auto it = s.attributes.begin(); it != s.attributes.end(); ++it)
            QVERIFY2(it.key() == "container_name" || it.value() != json("grafana"), it.key().c_str());
}

void TestComposeParser::reactExpressMysql() {
    const auto d = parse(fixture("awesome-compose_react-express-mysql_compose.yaml"));
    QCOMPARE(d.systems.size(), size_t(3));
    QCOMPARE(QString::fromStdString(systemOf(d, "compose:compose/db")->kind), QStringLiteral("database"));
    const auto* e = edgeOf(d, "compose:compose/backend", "compose:compose/db");
    QVERIFY(e);
    QCOMPARE(QString::fromStdString(e->kind), QStringLiteral("calls"));
    QCOMPARE(QString::fromStdString(e->evidence), QStringLiteral("depends_on; env DATABASE_HOST=db"));
    QCOMPARE(QString::fromStdString(edgeOf(d, "compose:compose/frontend", "compose:compose/backend")->kind),
             QStringLiteral("depends-on"));
    QCOMPARE(d.edges.size(), size_t(2));
    QCOMPARE(systemOf(d, "compose:compose/backend")->attributes.value("ports", json()),
             json::array({"80:80", "9229:9229", "9230:9230"}));
    QCOMPARE(d.skipped, 5); // 2 networks, 2 volumes, 1 secret
    const std::string all = dump(d);
    for (const char* s : {"NODE_ENV", "development", "root", "/run/secrets"})
        QVERIFY2(all.find(s) == std::string::npos, s);
}

void TestComposeParser::kitchenSink() {
    const auto d = parse(fixture("kompose_docker-compose-full-example.yaml"));
    const auto* foo = systemOf(d, "compose:compose/foo");
    QVERIFY(foo);
    QCOMPARE(QString::fromStdString(foo->kind), QStringLiteral("cache")); // image: redis
    QCOMPARE(foo->attributes.value("replicas", 0), 6);
    QCOMPARE(foo->attributes.value("container_name", std::string()), std::string("my_web-container"));
    QCOMPARE(foo->attributes.value("ports", json()).size(), size_t(7));
    QCOMPARE(foo->attributes.value("tags.com.example.description", std::string()),
             std::string("Accounting webapp"));
    QCOMPARE(foo->identifiers, std::vector<std::string>{"my_web-container"});
    // external_links become external systems
    for (const char* c : {"redis_1", "project_db_1"}) {
        const auto* ext = systemOf(d, std::string("compose:external/") + c);
        QVERIFY2(ext && ext->external && ext->kind == "external", c);
        QVERIFY(std::find(ext->tags.begin(), ext->tags.end(), "external") != ext->tags.end());
        QVERIFY(edgeOf(d, "compose:compose/foo", std::string("compose:external/") + c));
    }
    QCOMPARE(d.systems.size(), size_t(3));
    // links and depends_on to services the file does not define stay as edges by key (an override file
    // or the base file imported with it defines them); network_mode container:... is no edge.
    const auto* db = edgeOf(d, "compose:compose/foo", "compose:compose/db");
    QVERIFY(db);
    QCOMPARE(QString::fromStdString(db->kind), QStringLiteral("calls"));
    QCOMPARE(QString::fromStdString(db->evidence), QStringLiteral("depends_on; links db; links db:database"));
    QCOMPARE(d.edges.size(), size_t(4));
    QCOMPARE(d.skipped, 8); // 4 networks, 4 volumes
}

// A service's settings naming resources of AWS by their ARNs or URLs: each an external named as AWS names it,
// which the resource joins where its state is imported.
void TestComposeParser::awsResourcesInSettings() {
    const Discovery d = parse(inline_(
        "compose.yaml", "name: shop\n"
                        "services:\n"
                        "  worker:\n"
                        "    image: worker:1\n"
                        "    environment:\n"
                        "      QUEUE_URL: https://eu-west-1.queue.amazonaws.com/123456789012/jobs\n"
                        "      TABLE_ARN: arn:aws:dynamodb:eu-west-1:123456789012:table/orders/index/by-day\n"
                        "      SECRET_ARN: arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf\n"
                        "      POLICY: arn:aws:iam::aws:policy/ReadOnlyAccess\n"));
    const std::string worker = "compose:shop/worker";
    const auto* queue = edgeOf(d, worker, "compose:external/arn:aws:sqs:eu-west-1:123456789012:jobs");
    QVERIFY(queue);
    QCOMPARE(queue->kind, std::string("calls"));
    QCOMPARE(queue->evidence, std::string("env QUEUE_URL -> jobs"));
    const std::string table = "compose:external/arn:aws:dynamodb:eu-west-1:123456789012:table/orders";
    QVERIFY(edgeOf(d, worker, table));
    QCOMPARE(systemOf(d, table)->kind, std::string("database"));
    QCOMPARE(systemOf(d, table)->name, std::string("orders"));
    QCOMPARE(
        edgeOf(d, worker, "compose:external/arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf")
            ->kind,
        std::string("configured-by"));
    QCOMPARE(d.edges.size(), size_t(3)); // AWS's own managed policy is no system
}

void TestComposeParser::hostsInCommands() {
    // wait-for-it before the app starts, a worker's script with a broker URL, a password on a command line.
    const auto d = parse(inline_(
        "compose.yaml",
        "services:\n  web:\n    build: .\n    command: [./wait-for-it.sh, 'db:5432', --, npm, start]\n"
        "  worker:\n    image: shop/worker\n    entrypoint: /entrypoint.sh\n"
        "    command: bash -c \"until pg_isready; do sleep 1; done; exec celery worker "
        "--broker=redis://:CMD-SECRET-1@queue:6379/0\"\n"
        "  db:\n    image: postgres:16\n  queue:\n    image: redis:7\n"
        "    command: redis-server --requirepass CMD-SECRET-2 --appendonly yes\n",
        "/srv/shop/compose.yaml"));
    QCOMPARE(edgeOf(d, "compose:shop/web", "compose:shop/db")->evidence, std::string("command -> db:5432"));
    QCOMPARE(edgeOf(d, "compose:shop/worker", "compose:shop/queue")->evidence,
             std::string("command broker -> queue:6379"));
    QCOMPARE(d.edges.size(), size_t(2));
    QCOMPARE(d.systems.size(), size_t(4)); // nothing external: `sleep 1` and `yes` name nothing
    QVERIFY(dump(d).find("CMD-SECRET") == std::string::npos);

    // Where the auth and token services are, under names that say so (the audit's compose6): edges; a
    // secret under a name that says where a thing is, and a signed URL, are kept out all the same.
    const auto auth =
        parse(inline_("compose.yaml",
                      "services:\n  web:\n    image: acme/web\n    environment:\n"
                      "      AUTH_SERVICE_ADDR: 'auth:9000'\n      TOKEN_SERVICE_HOST: tokens\n"
                      "      AUTH_URL: 'http://admin:ENV-SECRET-1@auth:9000/login?token=ENV-SECRET-2'\n"
                      "      BLOB_SAS_URL: 'https://acme.blob.core.windows.net/c?sv=2022&sig=ENV-SECRET-3'\n"
                      "  auth:\n    image: acme/auth\n  tokens:\n    image: acme/tokens\n",
                      "/srv/shop/compose.yaml"));
    QVERIFY(edgeOf(auth, "compose:shop/web", "compose:shop/auth"));
    QCOMPARE(edgeOf(auth, "compose:shop/web", "compose:shop/tokens")->evidence,
             std::string("env TOKEN_SERVICE_HOST=tokens"));
    QVERIFY(dump(auth).find("ENV-SECRET") == std::string::npos);
}

void TestComposeParser::secretsLong() {
    const auto d = parse(fixture("kompose_docker-compose-secrets-long.yml"));
    QCOMPARE(d.systems.size(), size_t(1));
    QCOMPARE(QString::fromStdString(d.systems[0].kind), QStringLiteral("cache"));
    QCOMPARE(d.systems[0].attributes.value("replicas", 0), 1);
    QCOMPARE(d.skipped, 2);
    QVERIFY(dump(d).find("my_secret") == std::string::npos);
}

void TestComposeParser::gitlab() {
    const auto d = parse(fixture("kompose_docker-gitlab.yml"));
    QCOMPARE(d.systems.size(), size_t(5)); // 3 services, smtp and imap hosts
    const auto* pg = edgeOf(d, "compose:compose/gitlab", "compose:compose/postgresql");
    QVERIFY(pg);
    QCOMPARE(QString::fromStdString(pg->kind), QStringLiteral("calls"));
    QCOMPARE(QString::fromStdString(pg->evidence), QStringLiteral("depends_on; env DB_HOST=postgresql"));
    QCOMPARE(QString::fromStdString(edgeOf(d, "compose:compose/gitlab", "compose:compose/redis")->evidence),
             QStringLiteral("depends_on; env REDIS_HOST=redis"));
    QVERIFY(edgeOf(d, "compose:compose/gitlab", "compose:external/smtp.gmail.com"));
    QVERIFY(edgeOf(d, "compose:compose/gitlab", "compose:external/imap.gmail.com"));
    QCOMPARE(d.edges.size(), size_t(4));
    QCOMPARE(systemOf(d, "compose:compose/gitlab")->attributes.value("ports", json()),
             json::array({"10080:80", "10022:22"}));
    const std::string all = dump(d);
    for (const char* s : {"password", "long-and-random-alphanumeric-string", "DB_PASS", "mailer@"})
        QVERIFY2(all.find(s) == std::string::npos, s);
}

void TestComposeParser::featuresInline() {
    const auto d = parse(inline_("compose.yaml", kShop, "/srv/shop/compose.yaml"));
    QCOMPARE(QString::fromStdString(d.scope), QStringLiteral("compose:myshop"));
    const auto* web = systemOf(d, "compose:myshop/web");
    QVERIFY(web);
    QCOMPARE(QString::fromStdString(web->group), QStringLiteral("myshop"));
    QCOMPARE(web->attributes.value("build", std::string()), std::string("./web"));
    QCOMPARE(web->attributes.value("replicas", 0), 2);
    QCOMPARE(web->attributes.value("ports", json()), json::array({"22:22", "8080:80"})); // never sexagesimal
    QCOMPARE(web->attributes.value("tags.com.example.team", std::string()), std::string("checkout"));
    QCOMPARE(QString::fromStdString(systemOf(d, "compose:myshop/search")->kind), QStringLiteral("database"));
    QCOMPARE(QString::fromStdString(systemOf(d, "compose:myshop/sidecar")->kind),
             QStringLiteral("load-balancer"));
    QCOMPARE(systemOf(d, "compose:myshop/backup")->attributes.value("profiles", json()),
             json::array({"ops"}));

    auto edge = [&](const char* from, const char* to, const char* kind, const char* evidence) {
        const auto* e = edgeOf(d, from, to);
        if (!e) {
            qWarning("missing edge %s -> %s", from, to);
            return false;
        }
        if (e->kind != kind || (evidence && e->evidence != evidence)) {
            qWarning("edge %s -> %s: %s, %s", from, to, e->kind.c_str(), e->evidence.c_str());
            return false;
        }
        return true;
    };
    // links alias and a URL naming the alias: one edge, the evidence of each
    QVERIFY(edge("compose:myshop/web", "compose:myshop/db", "calls",
                 "depends_on (service_healthy); links db:database; env DATABASE_HOST=database; "
                 "env DATABASE_URL -> database:5432"));
    QVERIFY(edge("compose:myshop/web", "compose:myshop/cache", "calls",
                 "depends_on; env CACHE_URL -> cache:6379"));
    QVERIFY(edge("compose:myshop/web", "compose:myshop/search", "calls",
                 "env SEARCH_HOST=elastic")); // network alias
    QVERIFY(edge("compose:myshop/web", "compose:external/api.stripe.com", "calls",
                 "env PAYMENT_API_HOST=api.stripe.com"));
    QVERIFY(edge("compose:myshop/sidecar", "compose:myshop/web", "runs-on",
                 "network_mode service:web; ipc service:web"));
    QVERIFY(edge("compose:myshop/backup", "compose:myshop/db", "reads", "volumes_from db:ro"));
    QVERIFY(edge("compose:myshop/backup", "compose:external/backup.example.com", "calls", nullptr));
    QCOMPARE(d.edges.size(), size_t(7));
    QCOMPARE(d.systems.size(), size_t(8));
    QCOMPARE(d.skipped, 3);
    for (const auto& s : d.systems)
        QVERIFY2(std::find(systemKinds().begin(), systemKinds().end(), s.kind) != systemKinds().end(),
                 s.key.c_str());
    for (const auto& e : d.edges)
        QVERIFY(std::find(dependencyKinds().begin(), dependencyKinds().end(), e.kind) !=
                dependencyKinds().end());
}

void TestComposeParser::composeConfigJson() {
    const auto d = parse(inline_("config.json", kConfigJson));
    QCOMPARE(QString::fromStdString(d.scope), QStringLiteral("compose:golden"));
    QCOMPARE(d.systems.size(), size_t(2));
    QCOMPARE(systemOf(d, "compose:golden/api")->attributes.value("ports", json()),
             json::array({"8000:8000"}));
    QCOMPARE(QString::fromStdString(systemOf(d, "compose:golden/db")->kind), QStringLiteral("database"));
    const auto* e = edgeOf(d, "compose:golden/api", "compose:golden/db");
    QVERIFY(e);
    QCOMPARE(QString::fromStdString(e->evidence),
             QStringLiteral("depends_on (service_started); env DB_HOST=db"));
    QVERIFY(dump(d).find("Sup3rS3cret") == std::string::npos);
    QCOMPARE(d.skipped, 1);
}

void TestComposeParser::legacyVersion1() {
    const auto d = parse(inline_("docker-compose.yml",
                                 "web:\n  image: myapp\n  links:\n    - redis\nredis:\n  image: redis\n"));
    QCOMPARE(d.systems.size(), size_t(2));
    QVERIFY(edgeOf(d, "compose:docker-compose/web", "compose:docker-compose/redis"));
}

void TestComposeParser::projectNames() {
    // (the project's scope; that of a project named by its folder is its folder's: legacyScope is the name's)
    auto scope = [](const SourceText& s) {
        const Discovery d = parse(s);
        return QString::fromStdString(d.legacyScope.empty() ? d.scope : d.legacyScope);
    };
    const std::string body = "services:\n  a:\n    image: x\n";
    QCOMPARE(scope(inline_("compose.yaml", "name: Shop_App-2\n" + body)),
             QStringLiteral("compose:shop_app-2"));
    QCOMPARE(scope(inline_("compose.yaml", "name: ${PROJECT}\n" + body, "/srv/Billing/compose.yaml")),
             QStringLiteral("compose:billing"));
    QCOMPARE(scope(inline_("docker-compose.prod.yml", body)), QStringLiteral("compose:docker-compose"));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString sub = dir.filePath(QStringLiteral("Payments API"));
    QVERIFY(QDir().mkpath(sub));
    QCOMPARE(scope(inline_("compose.yaml", body, (sub + QStringLiteral("/compose.yaml")).toStdString())),
             QStringLiteral("compose:paymentsapi"));
}

void TestComposeParser::secretsNeverLeak() {
    const std::string all = dump(parse(inline_("compose.yaml", kShop)));
    for (const char* s : {"Sup3rS3cret", "shop:", "NPM_TOKEN", "SHARED_TOKEN", "basicauth", "--password"})
        QVERIFY2(all.find(s) == std::string::npos, s);
    for (const char* f : {"kompose_docker-gitlab.yml", "awesome-compose_prometheus-grafana_compose.yaml"}) {
        const std::string text = dump(parse(fixture(f)));
        QVERIFY2(text.find("PASSWORD") == std::string::npos && text.find("password") == std::string::npos, f);
    }
}

void TestComposeParser::extendsServices() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    test::writeFile(dir.filePath(QStringLiteral("common/templates.yml")),
                    "services:\n"
                    "  base:\n"
                    "    image: nginx\n"
                    "    environment:\n"
                    "      BACKEND_URL: http://api:8080\n"
                    "      LOG_LEVEL: info\n"
                    "    labels: [team=edge]\n"
                    "    depends_on: [cache]\n"
                    "    ports: [\"80:80\"]\n"
                    "  webapp:\n"
                    "    extends: base\n"                    // extended in its own file first
                    "    environment: [LOG_LEVEL=debug]\n"); // a list merged onto a map
    const Discovery d = parseFile(dir.filePath(QStringLiteral("compose.yaml")),
                                  "name: shop\n"
                                  "services:\n"
                                  "  api:\n"
                                  "    image: myapi\n"
                                  "    environment:\n"
                                  "      DATABASE_URL: postgres://app:Sup3rS3cret-Extends@db:5432/shop\n"
                                  "      QUEUE_HOST: queue\n"
                                  "    command: [serve]\n"
                                  "  worker:\n"
                                  "    extends:\n"
                                  "      service: api\n"
                                  "    command: [work]\n"
                                  "    environment:\n"
                                  "      QUEUE_HOST: jobs\n" // replaces the inherited value
                                  "  web:\n"
                                  "    extends:\n"
                                  "      file: common/templates.yml\n"
                                  "      service: webapp\n"
                                  "    ports: [\"443:443\", \"80:80\"]\n"
                                  "    depends_on:\n"
                                  "      api:\n"
                                  "        condition: service_healthy\n" // a map merged onto a list
                                  "  db:\n    image: postgres\n"
                                  "  queue:\n    image: rabbitmq\n"
                                  "  jobs:\n    image: redis\n"
                                  "  cache:\n    image: memcached\n");
    // worker: api's environment, with its own QUEUE_HOST
    QVERIFY(edgeOf(d, "compose:shop/worker", "compose:shop/db"));
    QVERIFY(edgeOf(d, "compose:shop/worker", "compose:shop/jobs"));
    QVERIFY(!edgeOf(d, "compose:shop/worker", "compose:shop/queue"));
    QVERIFY(edgeOf(d, "compose:shop/api", "compose:shop/queue"));
    QCOMPARE(systemOf(d, "compose:shop/worker")->attributes.value("image", std::string()),
             std::string("myapi"));
    // web: the template of another file, extended there from its base, merged as docker compose does
    const DiscoveredSystem* web = systemOf(d, "compose:shop/web");
    QVERIFY(web);
    QCOMPARE(web->attributes.value("image", std::string()), std::string("nginx"));
    QCOMPARE(web->attributes.value("ports", json()), json::array({"80:80", "443:443"}));
    QCOMPARE(web->attributes.value("tags.team", std::string()), std::string("edge"));
    QCOMPARE(QString::fromStdString(edgeOf(d, "compose:shop/web", "compose:shop/api")->evidence),
             QStringLiteral("depends_on (service_healthy); env BACKEND_URL -> api:8080"));
    QCOMPARE(QString::fromStdString(edgeOf(d, "compose:shop/web", "compose:shop/cache")->evidence),
             QStringLiteral("depends_on"));
    // The template file's own services are not this project's.
    QCOMPARE(d.systems.size(), size_t(7));
    QVERIFY(d.included.empty());
    QVERIFY(dump(d).find("Sup3rS3cret") == std::string::npos);
}

void TestComposeParser::overrideFileBesideIt() {
    // docker compose, run beside docker-compose.yml, merges docker-compose.override.yml onto it: a service
    // and an environment the override adds are the project's. Any other file name has no override.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    test::writeFile(dir.filePath(QStringLiteral("shop/docker-compose.override.yml")),
                    "services:\n  web:\n    environment: {CACHE_URL: 'redis://cache:6379'}\n"
                    "    ports: ['8080:80']\n  cache:\n    image: redis:7\n");
    const std::string base =
        "services:\n  web:\n    image: shop/web\n    depends_on: [db]\n"
        "    environment: [DB_HOST=db]\n    ports: ['80:80']\n  db:\n    image: postgres:16\n";
    const Discovery d = parseFile(dir.filePath(QStringLiteral("shop/docker-compose.yml")), base);
    for (const char* key : {"compose:shop/web", "compose:shop/db", "compose:shop/cache"})
        QVERIFY2(systemOf(d, key), key);
    QVERIFY(edgeOf(d, "compose:shop/web", "compose:shop/db"));
    QVERIFY(edgeOf(d, "compose:shop/web", "compose:shop/cache"));
    QCOMPARE(d.included, std::vector<std::string>{
                             QFileInfo(dir.filePath(QStringLiteral("shop/docker-compose.override.yml")))
                                 .canonicalFilePath()
                                 .toStdString()});
    const Discovery other = parseFile(dir.filePath(QStringLiteral("shop/compose.prod.yml")), base);
    QVERIFY(!systemOf(other, "compose:shop/cache"));
    QVERIFY(other.included.empty());
    // The merge tags (the audit's compose7): `!reset` takes an attribute out of the merge, `!override`
    // replaces it whole; in a file with nothing to merge onto, `!override` is its value and `!reset` nothing.
    test::writeFile(dir.filePath(QStringLiteral("tags/compose.override.yaml")),
                    "services:\n  web:\n    depends_on: !override [api]\n    environment: !reset {}\n"
                    "    ports: !override ['8443:443']\n  api:\n    ports: !reset []\n");
    const Discovery tagged = parseFile(
        dir.filePath(QStringLiteral("tags/compose.yaml")),
        "services:\n  web:\n    image: shop/web\n    depends_on: [legacy]\n"
        "    environment: {LEGACY_HOST: legacy}\n    ports: ['80:80']\n"
        "  api:\n    image: shop/api\n    ports: ['9000:9000']\n  legacy:\n    image: shop/legacy\n");
    QVERIFY(edgeOf(tagged, "compose:tags/web", "compose:tags/api"));
    QVERIFY(!edgeOf(tagged, "compose:tags/web", "compose:tags/legacy"));
    QCOMPARE(systemOf(tagged, "compose:tags/web")->attributes["ports"], json::array({"8443:443"}));
    QVERIFY(!systemOf(tagged, "compose:tags/api")->attributes.contains("ports"));
    const Discovery alone =
        parseFile(dir.filePath(QStringLiteral("alone/compose.yaml")),
                  "services:\n  web:\n    image: shop/web\n    ports: !override ['80:80']\n"
                  "    depends_on: !reset [db]\n  db:\n    image: postgres\n");
    QCOMPARE(systemOf(alone, "compose:alone/web")->attributes["ports"], json::array({"80:80"}));
    QVERIFY(!edgeOf(alone, "compose:alone/web", "compose:alone/db"));
    // A broken override is an error naming it.
    test::writeFile(dir.filePath(QStringLiteral("shop/docker-compose.override.yml")), "services: [\n");
    try {
        parseFile(dir.filePath(QStringLiteral("shop/docker-compose.yml")), base);
        QFAIL("a broken override was read");
    } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).find("docker-compose.override.yml") != std::string::npos, e.what());
    }
}

void TestComposeParser::variantFileBesideIt() {
    // The audit's docker-compose.prod.yml: what `docker compose -f docker-compose.yml -f
    // docker-compose.prod.yml` runs, in production. The base file's services merged with the variant (not
    // with the override file), systems of their own in that environment, under a scope of their own; hosts
    // it names are production's. A variant whose word is no environment's (monitoring) adds to the project.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    test::writeFile(dir.filePath(QStringLiteral("shop/docker-compose.yml")),
                    "services:\n  web:\n    image: shop/web\n    depends_on: [api]\n"
                    "    environment: {API_URL: 'http://api:8080'}\n  api:\n    image: shop/api\n"
                    "    depends_on: [db]\n  db:\n    image: postgres:16\n");
    test::writeFile(dir.filePath(QStringLiteral("shop/docker-compose.override.yml")),
                    "services:\n  debug:\n    image: busybox\n");
    const Discovery prod = parseFile(
        dir.filePath(QStringLiteral("shop/docker-compose.prod.yml")),
        "services:\n  web:\n    environment: {API_URL: 'https://api.internal.example.com'}\n"
        "  api:\n    depends_on: !override []\n"
        "    environment: {DATABASE_URL: 'postgres://app:Sup3rS3cret@prod-db.example.com:5432/app'}\n"
        "  worker:\n    image: shop/worker\n    depends_on: [api]\n  db: !reset null\n"
        "  web-debug: !override {image: busybox}\n");
    QCOMPARE(prod.legacyScope, std::string("compose:shop+prod"));
    QCOMPARE(prod.scope,
             sourceScope("compose", dir.filePath(QStringLiteral("shop")).toStdString(), "") + "+prod");
    QVERIFY(!systemOf(prod, "compose:shop/db@production")); // `!reset`: not in production
    QVERIFY(systemOf(prod, "compose:shop/web-debug@production"));
    QCOMPARE(prod.environment, std::string("production"));
    for (const char* key :
         {"compose:shop/web@production", "compose:shop/api@production", "compose:shop/worker@production"}) {
        QVERIFY2(systemOf(prod, key), key);
        QCOMPARE(systemOf(prod, key)->environment, std::string("production"));
    }
    QVERIFY(!systemOf(prod, "compose:shop/debug@production")); // the override is not read
    QVERIFY(prod.included.empty());                            // the base file is still read on its own
    QVERIFY(edgeOf(prod, "compose:shop/web@production", "compose:shop/api@production"));
    QVERIFY(edgeOf(prod, "compose:shop/worker@production", "compose:shop/api@production"));
    QVERIFY(!edgeOf(prod, "compose:shop/api@production", "compose:shop/db@production"));
    QVERIFY(edgeOf(prod, "compose:shop/web@production", "compose:external/api.internal.example.com"));
    QCOMPARE(systemOf(prod, "compose:external/prod-db.example.com")->environment, std::string("production"));
    QVERIFY(dump(prod).find("Sup3rS3cret") == std::string::npos);

    const Discovery monitoring = parseFile(dir.filePath(QStringLiteral("shop/docker-compose.monitoring.yml")),
                                           "services:\n  prometheus:\n    image: prom/prometheus\n"
                                           "    depends_on: [api]\n");
    QCOMPARE(monitoring.legacyScope, std::string("compose:shop+monitoring"));
    QCOMPARE(monitoring.scope,
             sourceScope("compose", dir.filePath(QStringLiteral("shop")).toStdString(), "") + "+monitoring");
    QVERIFY(monitoring.environment.empty());
    QVERIFY(systemOf(monitoring, "compose:shop/web"));
    QVERIFY(edgeOf(monitoring, "compose:shop/prometheus", "compose:shop/api"));

    // Without a base file beside it, a file of such a name is a project of its own; a broken base is an
    // error naming it.
    const Discovery alone = parseFile(dir.filePath(QStringLiteral("solo/docker-compose.prod.yml")),
                                      "services:\n  web:\n    image: shop/web\n");
    QCOMPARE(alone.legacyScope, std::string("compose:solo"));
    QVERIFY(systemOf(alone, "compose:solo/web"));
    test::writeFile(dir.filePath(QStringLiteral("shop/docker-compose.yml")), "services: [\n");
    try {
        parseFile(dir.filePath(QStringLiteral("shop/docker-compose.prod.yml")), "services: {}\n");
        QFAIL("a broken base file was read");
    } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).find("docker-compose.yml") != std::string::npos, e.what());
    }
}

void TestComposeParser::includesFiles() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    test::writeFile(dir.filePath(QStringLiteral("db/compose.yaml")),
                    "services:\n"
                    "  postgres:\n"
                    "    extends: {file: ../shared/base.yml, service: database}\n" // relative to db/
                    "include:\n"
                    "  - ../cache/compose.yaml\n"); // nested
    test::writeFile(dir.filePath(QStringLiteral("shared/base.yml")),
                    "services:\n  database:\n    image: postgres:16\n    environment: "
                    "[PRIMARY_HOST=primary.example.com]\n");
    test::writeFile(dir.filePath(QStringLiteral("cache/compose.yaml")),
                    "services:\n  redis:\n    image: redis\n");
    test::writeFile(dir.filePath(QStringLiteral("search/a.yaml")),
                    "services:\n  search:\n    image: elasticsearch\n");
    test::writeFile(dir.filePath(QStringLiteral("search/b.yaml")),
                    "services:\n  search:\n    environment: {UPSTREAM: postgres}\n");
    const Discovery d = parseFile(dir.filePath(QStringLiteral("compose.yaml")),
                                  "name: app\n"
                                  "include:\n"
                                  "  - db/compose.yaml\n"
                                  "  - path: [search/a.yaml, search/b.yaml]\n" // one model, b onto a
                                  "services:\n"
                                  "  api:\n"
                                  "    image: api\n"
                                  "    environment: {DB_HOST: postgres, CACHE_HOST: redis}\n"
                                  "    depends_on: [search]\n");
    for (const char* key :
         {"compose:app/api", "compose:app/postgres", "compose:app/redis", "compose:app/search"})
        QVERIFY2(systemOf(d, key), key);
    QCOMPARE(QString::fromStdString(systemOf(d, "compose:app/postgres")->kind), QStringLiteral("database"));
    QVERIFY(edgeOf(d, "compose:app/api", "compose:app/postgres"));
    QVERIFY(edgeOf(d, "compose:app/api", "compose:app/redis"));
    QVERIFY(edgeOf(d, "compose:app/api", "compose:app/search"));
    QVERIFY(edgeOf(d, "compose:app/search", "compose:app/postgres"));
    QVERIFY(edgeOf(d, "compose:app/postgres", "compose:external/primary.example.com"));
    // What the import leaves out of a folder: the included files, not the extended one.
    std::vector<std::string> included = d.included;
    std::sort(included.begin(), included.end());
    std::vector<std::string> expected;
    for (const char* f : {"cache/compose.yaml", "db/compose.yaml", "search/a.yaml", "search/b.yaml"})
        expected.push_back(QFileInfo(dir.filePath(QLatin1String(f))).canonicalFilePath().toStdString());
    std::sort(expected.begin(), expected.end());
    QCOMPARE(included, expected);
}

void TestComposeParser::extendsAndIncludeErrors() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString main = dir.filePath(QStringLiteral("compose.yaml"));
    auto errorOfFile = [&](const std::string& text) {
        test::writeFile(main, text);
        return errorOf(readSourceText(main.toStdString()));
    };
    test::writeFile(dir.filePath(QStringLiteral("other.yaml")), "services:\n  a:\n    image: x\n");
    test::writeFile(dir.filePath(QStringLiteral("loop.yaml")), "include: [compose.yaml]\nservices: {}\n");
    test::writeFile(
        dir.filePath(QStringLiteral("back.yml")), // extends a service of the file that extends it
        "services:\n  b:\n    extends: {file: compose.yaml, service: a}\n  d:\n    extends: {file: "
        "compose.yaml, service: c}\n");
    const struct {
        std::string text, error;
    } cases[] = {
        {"services:\n  a:\n    extends: nothere\n", "compose.yaml: /services/a/extends: expected a service "
                                                    "of this file to extend, but it has none named "
                                                    "\"nothere\""},
        {"services:\n  a:\n    extends: b\n  b:\n    extends: {service: a}\n",
         "compose.yaml: /services/a/extends: expected a service to extend that does not lead back to \"a\", "
         "but "
         "it does (a cycle)"},
        {"services:\n  a:\n    extends: [b]\n", "compose.yaml: /services/a/extends: expected extends: a "
                                                "service name, or a map with service and file, "
                                                "found a list"},
        {"services:\n  a:\n    extends: {file: missing.yml, service: b}\n",
         "compose.yaml: /services/a/extends/file: expected a compose file at \"missing.yml\" (relative to "
         "this "
         "file's folder), but there is none"},
        {"services:\n  a:\n    extends: {file: other.yaml, service: b}\n",
         "compose.yaml: /services/a/extends/service: expected a service that other.yaml defines, but it has "
         "none "
         "named \"b\""},
        {"include: [missing/compose.yaml]\nservices: {}\n",
         "compose.yaml: /include/0: expected a compose file at \"missing/compose.yaml\" (relative to this "
         "file's "
         "folder), but there is none"},
        {"include: [other.yaml]\nservices:\n  a:\n    image: y\n",
         "compose.yaml: /services/a: expected a service that no included file defines too, but an included "
         "file "
         "defines \"a\""},
        {"include: [loop.yaml]\nservices: {}\n",
         "loop.yaml: /include/0: expected a compose file that does not include this one again, but "
         "\"compose.yaml\" leads back to a file already being read (a cycle)"},
        {"services:\n  a:\n    extends: {file: back.yml, service: b}\n",
         "compose.yaml: /services/a/extends: expected a service to extend that does not lead back to \"a\", "
         "but "
         "it does (a cycle)"},
        {"services:\n  a:\n    extends: {file: back.yml, service: d}\n  c:\n    image: nginx\n", ""},
        {"include: other.yaml\nservices: {}\n",
         "compose.yaml: /include: expected include: a list of compose files, found a string"},
    };
    for (const auto& c : cases)
        QCOMPARE(errorOfFile(c.text), QString::fromStdString(c.error));
    // Broken YAML in an included file names that file.
    test::writeFile(dir.filePath(QStringLiteral("sub/broken.yaml")), "services:\n  a: [unclosed\n");
    const QString broken = errorOfFile("include: [sub/broken.yaml]\nservices: {}\n");
    QVERIFY2(broken.startsWith(QStringLiteral("sub/broken.yaml: line ")), qPrintable(broken));
    // Without a folder (text given as such), another file cannot be found.
    QCOMPARE(errorOf(inline_("compose.yaml", "include: [other.yaml]\nservices: {}\n")),
             QStringLiteral("compose.yaml: /include/0: expected a compose file read from a folder, to find "
                            "\"other.yaml\" in"));
}

void TestComposeParser::dotEnvInterpolation() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    test::writeFile(dir.filePath(QStringLiteral(".env")), "# the project's variables\n"
                                                          "export DB_HOST=postgres\n"
                                                          "CACHE_HOST = \"memcached\"\n"
                                                          "EMPTY=\n"
                                                          "API_TOKEN='Sup3rS3cret-DotEnv'\n"
                                                          "SEARCH=elastic # a comment\n");
    const Discovery d = parseFile(dir.filePath(QStringLiteral("compose.yaml")),
                                  "name: env\n"
                                  "services:\n"
                                  "  api:\n"
                                  "    image: api\n"
                                  "    environment:\n"
                                  "      DATABASE_URL: postgres://u:p@${DB_HOST}:5432/x\n"
                                  "      CACHE_HOST: $CACHE_HOST\n"
                                  "      QUEUE_HOST: ${EMPTY:-rabbit}\n" // empty: the default
                                  "      MAIL_HOST: ${EMPTY-mailer}\n"   // set: its (empty) value
                                  "      SEARCH_HOST: ${SEARCH:?needed}\n"
                                  "      TOKEN: ${API_TOKEN}\n"
                                  "      ALT_HOST: ${DB_HOST:+replica}\n"
                                  "  postgres: {image: postgres}\n"
                                  "  memcached: {image: memcached}\n"
                                  "  rabbit: {image: rabbitmq}\n"
                                  "  mailer: {image: mailhog}\n"
                                  "  elastic: {image: elasticsearch}\n"
                                  "  replica: {image: postgres}\n");
    for (const char* to : {"postgres", "memcached", "rabbit", "elastic", "replica"})
        QVERIFY2(edgeOf(d, "compose:env/api", std::string("compose:env/") + to), to);
    QVERIFY(!edgeOf(d, "compose:env/api", "compose:env/mailer"));
    QVERIFY(dump(d).find("Sup3rS3cret") == std::string::npos);
}

void TestComposeParser::imagesTakeDotEnv() {
    // The image as `docker compose config` shows it (the audit's shop: APP_TAG=2.0.0 in .env), so that a
    // bumped tag is a change on re-import; never with a secret in it: a variable named like one, or whose
    // value looks like one, leaves the image as written.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string compose = "name: shop\n"
                                "services:\n"
                                "  web: {image: 'ghcr.io/acme/shop-app:${APP_TAG:-1.4.2}'}\n"
                                "  worker: {image: '${MIRROR}/acme/worker:${WORKER_TAG:-3.1}'}\n"
                                "  private: {image: 'ghcr.io/acme/private:${REGISTRY_TOKEN}'}\n"
                                "  pinned: {image: 'acme/pinned:$BUILD_REF'}\n"
                                "  db: {image: postgres:16-alpine}\n";
    std::string all; // every discovery, to search for the secrets
    auto images = [&](const std::string& dotEnv) {
        test::writeFile(dir.filePath(QStringLiteral(".env")), dotEnv);
        const Discovery d = parseFile(dir.filePath(QStringLiteral("compose.yaml")), compose);
        all += dump(d);
        std::map<std::string, std::string> out;
        for (const auto& s : d.systems)
            out[s.name] = s.attributes.value("image", "");
        return out;
    };
    auto first = images("APP_TAG=2.0.0\nMIRROR=registry.example.com\nREGISTRY_TOKEN=Sup3rS3cret-registry\n"
                        "BUILD_REF=AKIAIOSFODNN7EXAMPLE\n");
    QCOMPARE(first["web"], std::string("ghcr.io/acme/shop-app:2.0.0"));
    QCOMPARE(first["worker"], std::string("registry.example.com/acme/worker:3.1"));
    QCOMPARE(first["private"], std::string("ghcr.io/acme/private:${REGISTRY_TOKEN}"));
    QCOMPARE(first["pinned"], std::string("acme/pinned:$BUILD_REF"));
    QCOMPARE(first["db"], std::string("postgres:16-alpine"));
    auto bumped = images("APP_TAG=2.1.0\n");
    QCOMPARE(bumped["web"], std::string("ghcr.io/acme/shop-app:2.1.0"));
    QCOMPARE(bumped["worker"], std::string("/acme/worker:3.1")); // as docker compose reads an unset variable
    QCOMPARE(bumped["private"], std::string("ghcr.io/acme/private:"));
    QVERIFY(all.find("Sup3rS3cret") == std::string::npos);
    QVERIFY(all.find("AKIAIOSFODNN7EXAMPLE") == std::string::npos);

    // Ports, container names and network aliases too (the audit's ports.yaml): a host that names the
    // container as interpolated reaches it.
    test::writeFile(dir.filePath(QStringLiteral("ports/.env")), "PROJECT=acme\nWEB_PORT=8088\n");
    const Discovery ports =
        parseFile(dir.filePath(QStringLiteral("ports/compose.yaml")),
                  "services:\n  web:\n    image: nginx\n    container_name: ${PROJECT:-x}-web\n"
                  "    ports: ['${WEB_PORT:-8080}:80', {target: 9000, published: '${ADMIN_PORT:-9001}'}]\n"
                  "  worker:\n    image: acme/worker\n    environment: {WEB_HOST: acme-web}\n");
    const DiscoveredSystem* web = systemOf(ports, "compose:ports/web");
    QCOMPARE(web->attributes["ports"], json::array({"8088:80", "9001:9000"}));
    QCOMPARE(web->attributes["container_name"], json("acme-web"));
    QVERIFY(edgeOf(ports, "compose:ports/worker", "compose:ports/web"));
}

void TestComposeParser::envFiles() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    test::writeFile(dir.filePath(QStringLiteral("config/api.env")),
                    "QUEUE_HOST=rabbit\nDB_HOST=postgres\nAPI_KEY=Sup3rS3cret-EnvFile\n");
    test::writeFile(dir.filePath(QStringLiteral("worker.env")), "MAIL_HOST=mailer\n");
    const Discovery d = parseFile(dir.filePath(QStringLiteral("compose.yaml")),
                                  "name: ef\n"
                                  "services:\n"
                                  "  api:\n"
                                  "    image: api\n"
                                  "    env_file: config/api.env\n"
                                  "    environment: {DB_HOST: replica}\n" // environment wins
                                  "  worker:\n"
                                  "    image: worker\n"
                                  "    env_file:\n"
                                  "      - worker.env\n"
                                  "      - path: optional.env\n"
                                  "        required: false\n"
                                  "      - missing.env\n"
                                  "  rabbit: {image: rabbitmq}\n"
                                  "  postgres: {image: postgres}\n"
                                  "  replica: {image: postgres}\n"
                                  "  mailer: {image: mailhog}\n");
    const auto* queue = edgeOf(d, "compose:ef/api", "compose:ef/rabbit");
    QVERIFY(queue);
    QCOMPARE(QString::fromStdString(queue->evidence), QStringLiteral("env_file QUEUE_HOST=rabbit"));
    QVERIFY(edgeOf(d, "compose:ef/api", "compose:ef/replica"));
    QVERIFY(!edgeOf(d, "compose:ef/api", "compose:ef/postgres"));
    QVERIFY(edgeOf(d, "compose:ef/worker", "compose:ef/mailer"));
    QCOMPARE(d.warnings,
             std::vector<std::string>{"env_file missing.env is not there; the hosts it names are not known"});
    QVERIFY(dump(d).find("Sup3rS3cret") == std::string::npos);
}

void TestComposeParser::wronglyTyped_data() {
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("replacement");
    auto row = [](const char* p, const char* r) {
        QTest::newRow(p) << QString::fromLatin1(p) << QString::fromLatin1(r);
    };
    row("", "[1, 2]");
    row("/services", "\"web\"");
    row("/services/gitlab", "[\"x\"]");
    row("/services/gitlab/environment", "42");
    row("/services/gitlab/environment/0", "{\"a\": 1}");
    row("/services/gitlab/depends_on", "7");
    row("/services/gitlab/depends_on/redis", "\"x\"");
    row("/services/gitlab/ports", "\"80:80\"");
    row("/services/gitlab/ports/0", "[80]");
    row("/services/gitlab/image", "{}");
    row("/services/gitlab/labels", "5");
    row("/services/gitlab/links", "{\"a\": \"b\"}");
    row("/services/gitlab/networks", "5");
    row("/services/gitlab/deploy", "\"x\"");
    row("/services/redis/volumes_from", "{}");
    row("/volumes", "[\"a\"]");
}

void TestComposeParser::wronglyTyped() {
    QFETCH(QString, pointer);
    QFETCH(QString, replacement);
    json doc = loadYamlDocuments(fixture("kompose_docker-gitlab.yml").text, "gitlab")[0];
    auto& services = doc["services"]["gitlab"];
    services["depends_on"] = {{"redis", {{"condition", "service_started"}}}};
    services["links"] = {"redis"};
    services["networks"] = {"default"};
    services["labels"] = {{"a", "b"}};
    services["deploy"] = {{"replicas", 1}};
    doc["services"]["redis"]["volumes_from"] = {"postgresql"};
    doc["volumes"] = {{"data", nullptr}};
    if (pointer.isEmpty()) {
        doc = json::parse(replacement.toStdString());
    } else {
        const json::json_pointer ptr(pointer.toStdString());
        QVERIFY2(doc.contains(ptr), qPrintable(pointer));
        doc[ptr] = json::parse(replacement.toStdString());
    }
    const QString e = errorOf(inline_("gitlab.json", doc.dump(2)));
    QVERIFY2(!e.isEmpty(), qPrintable(pointer));
    QVERIFY2(e.startsWith(QStringLiteral("gitlab.json: ")), qPrintable(e));
    QVERIFY2(e.contains(pointer.isEmpty() ? QStringLiteral("(top level)") : pointer), qPrintable(e));
    QVERIFY2(e.contains(QStringLiteral("expected")), qPrintable(e));
}

void TestComposeParser::truncatedFixtures() {
    const QDir dir(kFixtures + QStringLiteral("/compose"));
    for (const QString& name : dir.entryList(QDir::Files)) {
        const SourceText full = readSourceText(dir.filePath(name).toStdString());
        for (int cut : {5, 33, 50, 75, 95}) {
            const SourceText part = inline_(full.name, full.text.substr(0, full.text.size() * cut / 100));
            try {
                parse(part);
            } catch (const Error& e) {
                const std::string what = e.what();
                QVERIFY2(what.rfind(full.name + ": ", 0) == 0, what.c_str());
            }
        }
    }
    // JSON cut short never parses.
    const std::string json = kConfigJson;
    for (size_t cut : {size_t(1), json.size() / 2, json.size() - 3}) {
        const QString e = errorOf(inline_("config.json", json.substr(0, cut)));
        QVERIFY2(e.contains(QStringLiteral("line")), qPrintable(e));
    }
}

void TestComposeParser::everyWrongTypeFailsCleanly() {
    const QDir dir(kFixtures + QStringLiteral("/compose"));
    int errors = 0;
    int runs = 0;
    std::vector<json> docs;
    for (const QString& name : dir.entryList(QDir::Files)) {
        const SourceText src = readSourceText(dir.filePath(name).toStdString());
        docs.push_back(loadYamlDocuments(src.text, src.name)[0]);
    }
    docs.push_back(loadYamlDocuments(kShop, "shop")[0]);
    docs.push_back(json::parse(kConfigJson));
    for (const json& doc : docs) {
        std::vector<std::string> pointers;
        walk(doc, "", [&](const std::string& p) { pointers.push_back(p); });
        const size_t step = pointers.size() / 250 + 1;
        for (size_t i = 1; i < pointers.size(); i += step) {
            json copy = doc;
            json& v = copy[json::json_pointer(pointers[i])];
            v = v.is_string() ? json(42) : v.is_number() ? json::array({1}) : json("wrong");
            ++runs;
            try {
                parse(inline_("c.json", copy.dump()));
            } catch (const Error&) {
                ++errors;
            }
        }
    }
    QVERIFY(runs > 300);
    QVERIFY(errors > 30);
}

void TestComposeParser::hostileInput() {
    QVERIFY(!errorOf(inline_("c.yaml", "")).isEmpty());
    QVERIFY(errorOf(inline_("c.yaml", "just text\n")).contains(QStringLiteral("expected a compose file")));
    QVERIFY(errorOf(inline_("c.yaml", "version: '3'\nnetworks: {}\n")).contains(QStringLiteral("/services")));
    QVERIFY(!errorOf(inline_("c.json", std::string(5000, '[') + std::string(5000, ']'))).isEmpty());
    QVERIFY(!errorOf(inline_("c.yaml", "services:\n  a: [\n")).isEmpty());
    // yaml-cpp 0.7 never returns on a stray ',' after a document's value (found by the fuzzer).
    for (const char* endless : {",\n", "[a],\n", "services: {}\n---\n\"x\",\n"}) {
        const QString e = errorOf(inline_("endless.yaml", endless));
        QVERIFY2(e.startsWith(QStringLiteral("endless.yaml: line ")), qPrintable(e));
    }
    // A number too large for a double is a JSON error like any other (found by the fuzzer).
    QVERIFY(errorOf(inline_("n.json", "{\"services\": {\"a\": {\"scale\": 1e400}}}"))
                .startsWith(QStringLiteral("n.json: expected valid JSON")));
    // An empty services section is a file with nothing in it, not an error.
    QVERIFY(parse(inline_("c.yaml", "services:\n")).systems.empty());
    // Several documents: the first is the compose file.
    const auto d = parse(inline_("c.yaml", "services:\n  a:\n    image: x\n---\nfoo: bar\n"));
    QCOMPARE(d.systems.size(), size_t(1));
    QCOMPARE(d.warnings.size(), size_t(1));
    // Self references make no edge.
    const auto self = parse(inline_("c.yaml", "services:\n  a:\n    image: x\n    depends_on: [a]\n"
                                              "    environment: [A_HOST=a]\n"));
    QVERIFY(self.edges.empty());
    // A chain of services, each extending the next and adding to it, describes far more than the file
    // holds (5,000 services: 12.5 million variables): refused as an alias bomb is, in about a second.
    std::string chain = "services:\n";
    for (int i = 0; i < 5000; ++i)
        chain += "  s" + std::to_string(i) + ":\n" +
                 (i + 1 < 5000 ? "    extends: s" + std::to_string(i + 1) + "\n" : "") +
                 "    environment: [V" + std::to_string(i) + "=x]\n";
    const QString bomb = errorOf(inline_("chain.yaml", chain));
    QVERIFY2(bomb.startsWith(QStringLiteral("chain.yaml: /services/s")) &&
                 bomb.endsWith(
                     QStringLiteral("/extends: expected extends that make at most 5000000 values in all, "
                                    "as YAML aliases may, but these make more")),
             qPrintable(bomb));
}

void TestComposeParser::sniffing() {
    const ComposeParser p;
    QDirIterator it(kFixtures, QDir::Files, QDirIterator::Subdirectories);
    int mine = 0;
    int others = 0;
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.endsWith(QStringLiteral("PROVENANCE.md")))
            continue;
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const std::string head = f.read(64 * 1024).toStdString();
        const std::string name = QFileInfo(path).fileName().toStdString();
        const int score = p.sniff(name, head);
        if (path.contains(QStringLiteral("/compose/"))) {
            QVERIFY2(score >= 60, qPrintable(path));
            ++mine;
        } else {
            QVERIFY2(score < 30, qPrintable(path + QStringLiteral(" scored ") + QString::number(score)));
            ++others;
        }
    }
    QCOMPARE(mine, 6);
    QVERIFY(others > 10);
    QVERIFY(p.sniff("config.json", kConfigJson) >= 60);
    QVERIFY(p.sniff("docker-compose.yml", "web:\n  image: x\n") >= 60);
    QCOMPARE(p.sniff("deploy.yaml", "apiVersion: v1\nkind: Service\n"), 0);
}

QTEST_APPLESS_MAIN(TestComposeParser)
#include "tst_composeparser.moc"
