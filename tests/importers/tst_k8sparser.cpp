// Kubernetes manifests and kubectl JSON: systems, edges, groups, secrets kept out, and bad input.
#include "DiscoveryDump.h"
#include "Error.h"
#include "K8sParser.h"
#include "YamlJson.h"

#include <QDir>
#include <QDirIterator>
#include <QtTest>

#include <functional>
#include <set>

using namespace terrain;

namespace {

const QString kFixtures = QStringLiteral(TERRAIN_FIXTURES_DIR);

SourceText fixture(const char* name) {
    return readSourceText((kFixtures + QStringLiteral("/kubernetes/") + QLatin1String(name)).toStdString());
}

SourceText inline_(const std::string& name, const std::string& text) {
    SourceText src;
    src.name = name;
    src.text = text;
    src.sha256 = "test";
    return src;
}

Discovery parse(const SourceText& src) {
    return K8sParser().parse(src, {});
}

/// The whole discovery as JSON text: what the secret checks search.
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

bool hasId(const DiscoveredSystem* s, const std::string& id) {
    return s && std::find(s->identifiers.begin(), s->identifiers.end(), id) != s->identifiers.end();
}

QString errorOf(const SourceText& src) {
    try {
        parse(src);
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

const char* kFeatures =
    "apiVersion: v1\n"
    "kind: Namespace\n"
    "metadata:\n"
    "  name: shop\n"
    "---\n"
    "---\n"
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: web\n"
    "  namespace: shop\n"
    "  labels: {app: web}\n"
    "  annotations:\n"
    "    kubectl.kubernetes.io/last-applied-configuration: "
    "'{\"spec\":{\"env\":[{\"name\":\"DB_PASSWORD\",\"value\":\"Sup3rS3cret-LastApplied\"}]}}'\n"
    "spec:\n"
    "  replicas: 3\n"
    "  selector:\n"
    "    matchLabels: {app: web}\n"
    "  template:\n"
    "    metadata:\n"
    "      labels: {app: web, tier: frontend}\n"
    "    spec:\n"
    "      imagePullSecrets:\n"
    "      - name: regcred\n"
    "      containers:\n"
    "      - name: web\n"
    "        image: registry.example.com/shop/web:1.4.2\n"
    "        ports:\n"
    "        - containerPort: 8080\n"
    "        env:\n"
    "        - name: DB_HOST\n"
    "          value: db\n"
    "        - name: DB_PASSWORD\n"
    "          value: Sup3rS3cret-EnvValue\n"
    "        - name: PAYMENTS_URL\n"
    "          value: http://payments.billing:9000/api\n"
    "        - name: CACHE_URL\n"
    "          value: redis://:Sup3rS3cret-RedisPass@cache.shop.svc.cluster.local:6379/0\n"
    "        - name: STRIPE_API_HOST\n"
    "          value: api.stripe.com\n"
    "        - name: RECOMMENDER_ADDR\n"
    "          value: recommender:8080\n"
    "        - name: OWN_NAME\n"
    "          value: web\n"
    "        - name: SESSION_SECRET\n"
    "          valueFrom:\n"
    "            secretKeyRef: {name: web-secrets, key: session}\n"
    "        - name: FEATURE_FLAGS_HOST\n"
    "          valueFrom:\n"
    "            configMapKeyRef: {name: web-config, key: flags_host}\n"
    "        envFrom:\n"
    "        - configMapRef: {name: web-config}\n"
    "        - secretRef: {name: web-secrets}\n"
    "        volumeMounts:\n"
    "        - {name: conf, mountPath: /etc/web}\n"
    "      volumes:\n"
    "      - name: conf\n"
    "        configMap: {name: web-files}\n"
    "      - name: data\n"
    "        persistentVolumeClaim: {claimName: web-data, readOnly: true}\n"
    "      - name: creds\n"
    "        projected:\n"
    "          sources:\n"
    "          - secret: {name: tls-bundle}\n"
    "          - configMap: {name: kube-root-ca.crt}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: ConfigMap\n"
    "metadata: {name: web-config, namespace: shop}\n"
    "data:\n"
    "  flags_host: flags\n"
    "  QUEUE_BROKER: amqp://user:Sup3rS3cret-AmqpPass@mq:5672\n"
    "  LOG_LEVEL: debug\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: ConfigMap\n"
    "metadata: {name: web-files, namespace: shop}\n"
    "data:\n"
    "  nginx.conf: |\n"
    "    server {\n"
    "      location /search { proxy_pass http://search.shop.svc.cluster.local:9200; }\n"
    "      # {{ not a template }}\n"
    "      summary: {{ $labels.instance }} is down\n"
    "    }\n"
    "  app.properties: |\n"
    "    db.password=Sup3rS3cret-Properties\n"
    "    db.host=db\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Secret\n"
    "metadata:\n"
    "  name: web-secrets\n"
    "  namespace: shop\n"
    "  annotations:\n"
    "    kubectl.kubernetes.io/last-applied-configuration: "
    "'{\"data\":{\"session\":\"U3VwM3JTM2NyZXQtU2VjcmV0RGF0YQ==\"}}'\n"
    "type: Opaque\n"
    "data:\n"
    "  session: U3VwM3JTM2NyZXQtU2VjcmV0RGF0YQ==\n"
    "stringData:\n"
    "  api-key: Sup3rS3cret-StringData\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Service\n"
    "metadata: {name: web, namespace: shop}\n"
    "spec:\n"
    "  type: ClusterIP\n"
    "  selector: {app: web}\n"
    "  ports: [{port: 80, targetPort: 8080}]\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Service\n"
    "metadata: {name: db, namespace: shop}\n"
    "spec:\n"
    "  selector: {app: db}\n"
    "  ports: [{port: 5432}]\n"
    "---\n"
    "apiVersion: apps/v1\n"
    "kind: StatefulSet\n"
    "metadata: {name: db, namespace: shop}\n"
    "spec:\n"
    "  serviceName: db\n"
    "  replicas: 1\n"
    "  selector: {matchLabels: {app: db}}\n"
    "  template:\n"
    "    metadata: {labels: {app: db}}\n"
    "    spec:\n"
    "      containers:\n"
    "      - name: postgres\n"
    "        image: postgres:15\n"
    "  volumeClaimTemplates:\n"
    "  - metadata: {name: pgdata}\n"
    "    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 10Gi}}}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Service\n"
    "metadata: {name: cache, namespace: shop}\n"
    "spec:\n"
    "  selector: {app: cache}\n"
    "---\n"
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata: {name: cache, namespace: shop}\n"
    "spec:\n"
    "  selector: {matchLabels: {app: cache}}\n"
    "  template:\n"
    "    metadata: {labels: {app: cache}}\n"
    "    spec:\n"
    "      containers: [{name: redis, image: \"redis:7\"}]\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Service\n"
    "metadata: {name: payments, namespace: billing}\n"
    "spec:\n"
    "  selector: {app: payments}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Service\n"
    "metadata: {name: legacy-erp, namespace: shop}\n"
    "spec:\n"
    "  type: ExternalName\n"
    "  externalName: erp.corp.example.com\n"
    "---\n"
    "apiVersion: networking.k8s.io/v1\n"
    "kind: Ingress\n"
    "metadata: {name: shop, namespace: shop}\n"
    "spec:\n"
    "  ingressClassName: nginx\n"
    "  tls: [{hosts: [shop.example.com], secretName: shop-tls}]\n"
    "  defaultBackend: {service: {name: web, port: {number: 80}}}\n"
    "  rules:\n"
    "  - host: shop.example.com\n"
    "    http:\n"
    "      paths:\n"
    "      - path: /api\n"
    "        pathType: Prefix\n"
    "        backend: {service: {name: api, port: {name: http}}}\n"
    "---\n"
    "apiVersion: extensions/v1beta1\n"
    "kind: Ingress\n"
    "metadata: {name: old, namespace: shop}\n"
    "spec:\n"
    "  backend: {serviceName: web, servicePort: 80}\n"
    "  rules:\n"
    "  - host: old.example.com\n"
    "    http:\n"
    "      paths:\n"
    "      - backend: {serviceName: db, servicePort: 5432}\n"
    "---\n"
    "apiVersion: autoscaling/v2\n"
    "kind: HorizontalPodAutoscaler\n"
    "metadata: {name: web, namespace: shop}\n"
    "spec:\n"
    "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n"
    "  minReplicas: 3\n"
    "  maxReplicas: 10\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: PersistentVolumeClaim\n"
    "metadata: {name: web-data, namespace: shop}\n"
    "spec: {accessModes: [ReadOnlyMany], resources: {requests: {storage: 1Gi}}}\n"
    "---\n"
    "apiVersion: batch/v1\n"
    "kind: CronJob\n"
    "metadata: {name: nightly-report, namespace: shop}\n"
    "spec:\n"
    "  schedule: \"0 3 * * *\"\n"
    "  jobTemplate:\n"
    "    spec:\n"
    "      template:\n"
    "        spec:\n"
    "          containers:\n"
    "          - name: report\n"
    "            image: shop/report:2\n"
    "            env:\n"
    "            - {name: DATABASE_URL, value: \"postgres://report:Sup3rS3cret-CronPass@db:5432/shop\"}\n"
    "---\n"
    "apiVersion: monitoring.coreos.com/v1\n"
    "kind: ServiceMonitor\n"
    "metadata: {name: web, namespace: shop}\n"
    "spec: {}\n"
    "---\n"
    "apiVersion: example.com/v1\n"
    "kind: Widget\n"
    "metadata: {name: w1}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: List\n"
    "items:\n"
    "- apiVersion: v1\n"
    "  kind: ConfigMap\n"
    "  metadata: {name: listed}\n"
    "  data: {}\n";

const char* kOwners =
    "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"\"},\"items\":[\n"
    " {\"apiVersion\":\"apps/"
    "v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"api\",\"namespace\":\"prod\",\"uid\":\"d1\"},\n"
    "  \"spec\":{\"replicas\":2,\"selector\":{\"matchLabels\":{\"app\":\"api\"}},\n"
    "   "
    "\"template\":{\"metadata\":{\"labels\":{\"app\":\"api\"}},\"spec\":{\"containers\":[{\"name\":\"api\","
    "\"image\":\"shop/api:3\"}]}}}},\n"
    " {\"apiVersion\":\"apps/"
    "v1\",\"kind\":\"ReplicaSet\",\"metadata\":{\"name\":\"api-7d9f8\",\"namespace\":\"prod\",\"uid\":\"r1\","
    "\n"
    "   \"labels\":{\"app\":\"api\",\"pod-template-hash\":\"7d9f8\"},\n"
    "   "
    "\"ownerReferences\":[{\"apiVersion\":\"apps/"
    "v1\",\"kind\":\"Deployment\",\"name\":\"api\",\"uid\":\"d1\",\"controller\":true}]},\n"
    "  \"spec\":{\"template\":{\"metadata\":{\"labels\":{\"app\":\"api\",\"pod-template-hash\":\"7d9f8\"}},\n"
    "   \"spec\":{\"containers\":[{\"name\":\"api\",\"image\":\"shop/api:3\"}]}}}},\n"
    " {\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"api-7d9f8-abcde\",\"namespace\":"
    "\"prod\",\n"
    "   \"labels\":{\"app\":\"api\",\"pod-template-hash\":\"7d9f8\"},\n"
    "   "
    "\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"name\":\"api-7d9f8\",\"uid\":\"r1\",\"controller\":true}"
    "]},\n"
    "  \"spec\":{\"containers\":[{\"name\":\"api\",\"image\":\"shop/api:3\"}]}},\n"
    " {\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"api-7d9f8-fghij\",\"namespace\":"
    "\"prod\",\n"
    "   \"labels\":{\"app\":\"api\",\"pod-template-hash\":\"7d9f8\"},\n"
    "   "
    "\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"name\":\"api-7d9f8\",\"uid\":\"r1\",\"controller\":true}"
    "]},\n"
    "  \"spec\":{\"containers\":[{\"name\":\"api\",\"image\":\"shop/api:3\"}]}},\n"
    " {\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"worker-5c6b7-aaaaa\",\"namespace\":"
    "\"prod\",\n"
    "   \"labels\":{\"app\":\"worker\",\"pod-template-hash\":\"5c6b7\"},\n"
    "   "
    "\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"name\":\"worker-5c6b7\",\"uid\":\"r2\",\"controller\":"
    "true}]},\n"
    "  "
    "\"spec\":{\"containers\":[{\"name\":\"w\",\"image\":\"shop/"
    "worker:1\",\"env\":[{\"name\":\"API_HOST\",\"value\":\"api\"}]}]}},\n"
    " {\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"worker-5c6b7-bbbbb\",\"namespace\":"
    "\"prod\",\n"
    "   \"labels\":{\"app\":\"worker\",\"pod-template-hash\":\"5c6b7\"},\n"
    "   "
    "\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"name\":\"worker-5c6b7\",\"uid\":\"r2\",\"controller\":"
    "true}]},\n"
    "  "
    "\"spec\":{\"containers\":[{\"name\":\"w\",\"image\":\"shop/"
    "worker:1\",\"env\":[{\"name\":\"API_HOST\",\"value\":\"api\"}]}]}},\n"
    " {\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"nightly-28000000-xyz\",\"namespace\":"
    "\"prod\",\n"
    "   \"labels\":{\"job-name\":\"nightly-28000000\"},\n"
    "   "
    "\"ownerReferences\":[{\"kind\":\"Job\",\"name\":\"nightly-28000000\",\"uid\":\"j1\",\"controller\":true}"
    "]},\n"
    "  \"spec\":{\"containers\":[{\"name\":\"n\",\"image\":\"shop/nightly:1\"}]}},\n"
    " {\"apiVersion\":\"batch/"
    "v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"nightly-28000000\",\"namespace\":\"prod\",\"uid\":\"j1\","
    "\n"
    "   "
    "\"ownerReferences\":[{\"kind\":\"CronJob\",\"name\":\"nightly\",\"uid\":\"c1\",\"controller\":true}]},\n"
    "  "
    "\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"n\",\"image\":\"shop/nightly:1\"}]}}}},\n"
    " {\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"api\",\"namespace\":\"prod\"},"
    "\"spec\":{\"selector\":{\"app\":\"api\"}}},\n"
    " {\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"kube-apiserver-node1\",\"namespace\":"
    "\"kube-system\",\n"
    "   \"ownerReferences\":[{\"kind\":\"Node\",\"name\":\"node1\",\"uid\":\"n1\"}]},\n"
    "  \"spec\":{\"containers\":[{\"name\":\"k\",\"image\":\"registry.k8s.io/kube-apiserver:v1.29\"}]}}\n"
    "]}";

/// Calls f on every value of j with its JSON pointer.
void walk(const json& j, const std::string& path,
          const std::function<void(const std::string&, const json&)>& f) {
    f(path, j);
    if (j.is_object())
        for (auto it = j.begin(); it != j.end(); ++it)
            walk(it.value(), path + "/" + it.key(), f);
    else if (j.is_array())
        for (size_t i = 0; i < j.size(); ++i)
            walk(j[i], path + "/" + std::to_string(i), f);
}

} // namespace

class TestK8sParser : public QObject {
    Q_OBJECT
private slots:
    void guestbook();
    void wordpressPair();
    void manifestsSplitOverFiles();
    void gatewayApiRoutes();
    void komposeGitlab();
    void komposeVoting();
    void kubectlPods();
    void secretByNameOnly();
    void featuresInline();
    void ownersCollapse();
    void secretsNeverLeak();
    void helmTemplatesAreRefused();
    void helmTestHooksAreLeftOut();
    void kustomizationIsRefused();
    void kustomizeGeneratedNamesKeepTheirKeys();
    void hostsInCommandsAndArguments();
    void awsResourcesInSettings();
    void whatPrometheusScrapes();
    void emptyDocumentsAndLists();
    void wronglyTyped_data();
    void wronglyTyped();
    void truncatedFixtures();
    void everyWrongTypeFailsCleanly();
    void hostileInput();
    void aHugeConfigMapIsReadWhole();
    void hostsInShellScripts();
    void routeHostnamesAreTheGateways();
    void podsOfHeadlessServices();
    void plumbingSecretsAreLeftOut();
    void environmentsFromNamespaces();
    void scaledDownRevisionsAreLeftOut();
    void sniffing();
};

void TestK8sParser::guestbook() {
    const auto d = parse(fixture("kubernetes-examples_guestbook-all-in-one.yaml"));
    QCOMPARE(QString::fromStdString(d.format), QStringLiteral("k8s"));
    QVERIFY2(d.scope.starts_with("k8s:/") &&
                 d.scope.ends_with("/kubernetes-examples_guestbook-all-in-one.yaml"),
             d.scope.c_str());
    QCOMPARE(QString::fromStdString(d.legacyScope),
             QStringLiteral("k8s:kubernetes-examples_guestbook-all-in-one.yaml"));
    QCOMPARE(d.systems.size(), size_t(6));
    QCOMPARE(d.edges.size(), size_t(3));
    for (const char* n : {"redis-master", "redis-replica", "frontend"}) {
        const std::string svc = std::string("k8s:Service/default/") + n;
        const std::string dep = std::string("k8s:Deployment/default/") + n;
        QVERIFY(systemOf(d, svc));
        QVERIFY(systemOf(d, dep));
        QCOMPARE(QString::fromStdString(systemOf(d, dep)->group), QStringLiteral("default"));
        const auto* e = edgeOf(d, svc, dep);
        QVERIFY2(e, n);
        QCOMPARE(QString::fromStdString(e->kind), QStringLiteral("routes-to"));
    }
    QCOMPARE(QString::fromStdString(systemOf(d, "k8s:Deployment/default/redis-master")->kind),
             QStringLiteral("cache"));
    QCOMPARE(QString::fromStdString(systemOf(d, "k8s:Deployment/default/frontend")->kind),
             QStringLiteral("service"));
    const auto* fe = systemOf(d, "k8s:Deployment/default/frontend");
    QCOMPARE(fe->attributes.value("replicas", 0), 3);
    QCOMPARE(fe->attributes.value("image", std::string()),
             std::string("gcr.io/google-samples/gb-frontend:v5"));
    QCOMPARE(QString::fromStdString(fe->address), QStringLiteral("Deployment/default/frontend"));
    QCOMPARE(QString::fromStdString(fe->provider), QStringLiteral("kubernetes"));
    const auto* svc = systemOf(d, "k8s:Service/default/frontend");
    QCOMPARE(svc->attributes.value("type", std::string()), std::string("NodePort"));
    for (const char* id : {"frontend.default", "frontend.default.svc", "frontend.default.svc.cluster.local"})
        QVERIFY2(hasId(svc, id), id);
    QVERIFY(!hasId(svc, "frontend")); // every namespace's and every cluster's frontend
    // GET_HOSTS_FROM=dns names no host.
    for (const auto& s : d.systems)
        QVERIFY(!s.external);
}

void TestK8sParser::wordpressPair() {
    const auto mysql = parse(fixture("kubernetes-examples_mysql-wordpress-pd_mysql-deployment.yaml"));
    QCOMPARE(mysql.systems.size(), size_t(4));
    QCOMPARE(QString::fromStdString(systemOf(mysql, "k8s:Deployment/default/wordpress-mysql")->kind),
             QStringLiteral("database"));
    QCOMPARE(systemOf(mysql, "k8s:Service/default/wordpress-mysql")->attributes.value("headless", false),
             true);
    const auto* secret = systemOf(mysql, "k8s:Secret/default/mysql-pass");
    QVERIFY(secret);
    QVERIFY(secret->reference); // named, defined in another file
    QCOMPARE(QString::fromStdString(secret->kind), QStringLiteral("secret-store"));
    QCOMPARE(mysql.edges.size(), size_t(3));
    QVERIFY(edgeOf(mysql, "k8s:Service/default/wordpress-mysql", "k8s:Deployment/default/wordpress-mysql"));
    QCOMPARE(
        QString::fromStdString(
            edgeOf(mysql, "k8s:Deployment/default/wordpress-mysql", "k8s:Secret/default/mysql-pass")->kind),
        QStringLiteral("configured-by"));
    QCOMPARE(QString::fromStdString(edgeOf(mysql, "k8s:Deployment/default/wordpress-mysql",
                                           "k8s:PersistentVolumeClaim/default/mysql-pv-claim")
                                        ->kind),
             QStringLiteral("reads-writes"));
    // MYSQL_DATABASE=wordpress and MYSQL_USER=wordpress name no host.
    for (const auto& s : mysql.systems)
        QVERIFY(!s.external);

    const auto wp = parse(fixture("kubernetes-examples_mysql-wordpress-pd_wordpress-deployment.yaml"));
    QCOMPARE(wp.systems.size(), size_t(5));
    const auto* ext = systemOf(wp, "k8s:external/wordpress-mysql.default");
    QVERIFY(ext);
    QVERIFY(ext->external);
    QCOMPARE(QString::fromStdString(ext->kind), QStringLiteral("external"));
    QVERIFY(std::find(ext->tags.begin(), ext->tags.end(), "external") != ext->tags.end());
    // Joins the Service of the other file by its cluster DNS name.
    QVERIFY(hasId(ext, "wordpress-mysql.default.svc.cluster.local"));
    QVERIFY(hasId(systemOf(mysql, "k8s:Service/default/wordpress-mysql"),
                  "wordpress-mysql.default.svc.cluster.local"));
    const auto* call = edgeOf(wp, "k8s:Deployment/default/wordpress", "k8s:external/wordpress-mysql.default");
    QVERIFY(call);
    QCOMPARE(QString::fromStdString(call->kind), QStringLiteral("calls"));
    QCOMPARE(QString::fromStdString(call->evidence), QStringLiteral("env WORDPRESS_DB_HOST=wordpress-mysql"));
    // WORDPRESS_DB_USER=wordpress names the workload's own Service: no edge to itself.
    QVERIFY(!edgeOf(wp, "k8s:Deployment/default/wordpress", "k8s:Service/default/wordpress"));
    QCOMPARE(wp.edges.size(), size_t(4));
}

void TestK8sParser::manifestsSplitOverFiles() {
    // The wordpress pair read together: the Deployment calls the other file's Service itself (no external
    // stand-in to be joined later).
    const auto pair =
        K8sParser().parseEach({fixture("kubernetes-examples_mysql-wordpress-pd_mysql-deployment.yaml"),
                               fixture("kubernetes-examples_mysql-wordpress-pd_wordpress-deployment.yaml")},
                              {});
    QCOMPARE(pair.size(), size_t(2));
    QCOMPARE(dump(pair[0]),
             dump(parse(fixture("kubernetes-examples_mysql-wordpress-pd_mysql-deployment.yaml"))));
    QVERIFY(edgeOf(pair[1], "k8s:Deployment/default/wordpress", "k8s:Service/default/wordpress-mysql"));
    QVERIFY(!systemOf(pair[1], "k8s:external/wordpress-mysql.default"));

    // One object kind per file, as many repositories keep them.
    auto src = [](const std::string& name, const std::string& text) {
        SourceText s = inline_(name, text);
        s.path = "k8s/" + name;
        return s;
    };
    const std::vector<SourceText> files = {
        src("deployment.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\n"
            "spec:\n  selector: {matchLabels: {app: api}}\n  template:\n"
            "    metadata: {labels: {app: api, tier: web}}\n    spec:\n      containers:\n"
            "      - name: api\n        image: shop/api\n        envFrom:\n"
            "        - configMapRef: {name: api-config}\n        env:\n"
            "        - name: MAIL_HOST\n          valueFrom: {configMapKeyRef: {name: api-config, "
            "key: MAIL}}\n        - name: ODD\n          valueFrom: {configMapKeyRef: {name: "
            "odd, key: N}}\n"),
        src("service.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\n"
                            "spec:\n  selector: {app: api}\n  ports: [{port: 80}]\n---\n"
                            "apiVersion: v1\nkind: Service\nmetadata: {name: postgres, namespace: data}\n"
                            "spec:\n  selector: {app: postgres}\n"),
        src("configmap.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: api-config, namespace: shop}\n"
            "data:\n  DATABASE_URL: postgres://app:Sup3rS3cret@postgres.data:5432/shop\n"
            "  MAIL: smtp.example.com\n---\n"
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: odd, namespace: shop}\n"
            "data:\n  N: 5\n"), // not text: this file's to report, if a workload here used it
        src("hpa.yaml", "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: api, "
                        "namespace: shop}\nspec:\n  scaleTargetRef: {kind: Deployment, name: api}\n"
                        "  minReplicas: 3\n  maxReplicas: 12\n"),
    };
    const auto d = K8sParser().parseEach(files, {});
    QCOMPARE(d.size(), size_t(4));
    const auto* selects = edgeOf(d[1], "k8s:Service/shop/api", "k8s:Deployment/shop/api");
    QVERIFY(selects);
    QCOMPARE(QString::fromStdString(selects->evidence), QStringLiteral("selector app=api"));
    const auto* db = edgeOf(d[0], "k8s:Deployment/shop/api", "k8s:Service/data/postgres");
    QVERIFY(db);
    QCOMPARE(QString::fromStdString(db->evidence),
             QStringLiteral("envFrom configmap api-config DATABASE_URL -> postgres.data:5432"));
    QVERIFY(edgeOf(d[0], "k8s:Deployment/shop/api", "k8s:external/smtp.example.com"));
    QCOMPARE(d[3].facts.at("k8s:Deployment/shop/api"), (json{{"min_replicas", 3}, {"max_replicas", 12}}));
    for (const auto& one : d)
        QVERIFY(dump(one).find("Sup3rS3cret") == std::string::npos);
    // Each file alone, as before: none of these edges.
    QVERIFY(!edgeOf(parse(files[1]), "k8s:Service/shop/api", "k8s:Deployment/shop/api"));
    QVERIFY(parse(files[3]).facts.empty());

    // An error names the file it is in, by its path.
    try {
        K8sParser().parseEach({files[0], src("bad.yaml", "apiVersion: v1\nkind: Service\nmetadata: [x]\n")},
                              {});
        QFAIL("no error");
    } catch (const Error& e) {
        QVERIFY2(QString::fromUtf8(e.what()).startsWith(
                     QStringLiteral("k8s/bad.yaml: document 1, /metadata: expected metadata")),
                 e.what());
    }
}

void TestK8sParser::gatewayApiRoutes() {
    const std::string gateway =
        "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n"
        "metadata: {name: public, namespace: infra}\nspec:\n  gatewayClassName: cilium\n"
        "  listeners:\n  - {name: https, protocol: HTTPS, port: 443, hostname: shop.example.com}\n"
        "  - {name: any, protocol: HTTP, port: 80, hostname: '*.example.com'}\n";
    const std::string routes =
        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: shop, namespace: shop}\n"
        "spec:\n  parentRefs: [{name: public, namespace: infra}]\n  rules:\n"
        "  - backendRefs: [{name: api, port: 80}]\n"
        "  - backendRefs: [{name: web, port: 8080, weight: 90}, {kind: Bucket, group: x.io, name: assets}]\n"
        "---\napiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata: {name: rpc, namespace: "
        "shop}\n"
        "spec:\n  parentRefs: [{name: public, namespace: infra}]\n  rules: [{backendRefs: [{name: api, port: "
        "9090}]}]\n"
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec: {ports: [{port: "
        "80}]}\n"
        "---\napiVersion: example.com/v1\nkind: HTTPRoute\nmetadata: {name: other, namespace: shop}\nspec: "
        "{}\n";
    // In one file: the Gateway routes to each Service its routes send to, and counts its routes.
    const auto d = parse(inline_("gateway.yaml", gateway + "---\n" + routes));
    const auto* gw = systemOf(d, "k8s:Gateway/infra/public");
    QVERIFY(gw);
    QCOMPARE(QString::fromStdString(gw->kind), QStringLiteral("load-balancer"));
    QVERIFY(hasId(gw, "shop.example.com"));
    QVERIFY(!hasId(gw, "*.example.com"));
    QCOMPARE(gw->folded, 2);
    QCOMPARE(gw->attributes.value("gateway_class", std::string()), std::string("cilium"));
    const auto* api = edgeOf(d, "k8s:Gateway/infra/public", "k8s:Service/shop/api");
    QVERIFY(api);
    QCOMPARE(QString::fromStdString(api->kind), QStringLiteral("routes-to"));
    QCOMPARE(QString::fromStdString(api->evidence), QStringLiteral("HTTPRoute shop -> api:80"));
    QVERIFY(edgeOf(d, "k8s:Gateway/infra/public", "k8s:Service/shop/web")); // defined elsewhere: by key
    QVERIFY(systemOf(d, "k8s:Service/shop/web")->reference);
    QCOMPARE(d.edges.size(), size_t(2)); // the Bucket backend is no Service
    QVERIFY(!systemOf(d, "k8s:HTTPRoute/shop/shop"));
    QCOMPARE(d.warnings,
             std::vector<std::string>{"left out objects of kinds Terrain does not map to systems: "
                                      "HTTPRoute"}); // example.com's, not the Gateway API's
    // The Gateway in a file of its own: the routes' file names it by key.
    const auto split =
        K8sParser().parseEach({inline_("gateway.yaml", gateway), inline_("routes.yaml", routes)}, {});
    QVERIFY(edgeOf(split[1], "k8s:Gateway/infra/public", "k8s:Service/shop/api"));
    QVERIFY(systemOf(split[1], "k8s:Gateway/infra/public")->reference);
    QCOMPARE(systemOf(split[1], "k8s:Gateway/infra/public")->kind, std::string("load-balancer"));
}

void TestK8sParser::komposeGitlab() {
    const auto d = parse(fixture("kompose_output-gitlab-k8s.json"));
    QCOMPARE(d.systems.size(), size_t(11)); // 3 Services, 3 Deployments, 3 PVCs, 2 external mail hosts
    const auto* call = edgeOf(d, "k8s:Deployment/default/gitlab", "k8s:Service/default/postgresql");
    QVERIFY(call);
    QCOMPARE(QString::fromStdString(call->evidence), QStringLiteral("env DB_HOST=postgresql"));
    QVERIFY(edgeOf(d, "k8s:Deployment/default/gitlab", "k8s:Service/default/redis"));
    QVERIFY(edgeOf(d, "k8s:Deployment/default/gitlab", "k8s:external/smtp.gmail.com"));
    QVERIFY(edgeOf(d, "k8s:Deployment/default/gitlab", "k8s:external/imap.gmail.com"));
    QVERIFY(!systemOf(d, "k8s:external/localhost"));
    QVERIFY(!systemOf(d, "k8s:external/example.com"));
    QVERIFY(edgeOf(d, "k8s:Deployment/default/postgresql",
                   "k8s:PersistentVolumeClaim/default/postgresql-claim0"));
    QCOMPARE(QString::fromStdString(systemOf(d, "k8s:Deployment/default/postgresql")->kind),
             QStringLiteral("database"));
    QCOMPARE(QString::fromStdString(systemOf(d, "k8s:Deployment/default/redis")->kind),
             QStringLiteral("cache"));
    QCOMPARE(d.edges.size(), size_t(10));
    const std::string all = dump(d);
    for (const char* secret : {"password", "long-and-random-alphanumeric-string"})
        QVERIFY2(all.find(secret) == std::string::npos, secret);
}

void TestK8sParser::komposeVoting() {
    const auto d = parse(fixture("kompose_output-voting-k8s.json"));
    QCOMPARE(d.systems.size(), size_t(9));
    QCOMPARE(d.edges.size(), size_t(4));
    for (const char* n : {"db", "redis", "result", "vote"})
        QVERIFY(
            edgeOf(d, std::string("k8s:Service/default/") + n, std::string("k8s:Deployment/default/") + n));
    QVERIFY(systemOf(d, "k8s:Deployment/default/worker"));
    QVERIFY(!systemOf(d, "k8s:Service/default/worker"));
}

void TestK8sParser::kubectlPods() {
    const auto list = parse(fixture("kubectl-neat_list1-raw.json"));
    QCOMPARE(list.systems.size(), size_t(2));
    QVERIFY(systemOf(list, "k8s:Pod/default/t1"));
    QVERIFY(systemOf(list, "k8s:Pod/default/t2"));
    const auto pod = parse(fixture("kubectl-neat_pod1-raw.json"));
    QCOMPARE(pod.systems.size(), size_t(1)); // the service account token volume is plumbing
    QCOMPARE(pod.systems[0].attributes.value("image", std::string()), std::string("nginx"));
    QVERIFY(pod.edges.empty());
    // What a cluster gives (uid, creationTimestamp) is not a manifest's; what a file writes down is.
    for (const auto& s : list.systems)
        QVERIFY2(std::find(s.tags.begin(), s.tags.end(), "manifest") == s.tags.end(), s.key.c_str());
    const auto written = parse(fixture("kubernetes-examples_guestbook-all-in-one.yaml"));
    QVERIFY(!written.systems.empty());
    for (const auto& s : written.systems)
        QVERIFY2(std::find(s.tags.begin(), s.tags.end(), "manifest") != s.tags.end(), s.key.c_str());
}

void TestK8sParser::secretByNameOnly() {
    const auto d = parse(fixture("kubectl-neat_secret1-raw.json"));
    QCOMPARE(d.systems.size(), size_t(1));
    QCOMPARE(QString::fromStdString(d.systems[0].key), QStringLiteral("k8s:Secret/default/myreg"));
    QCOMPARE(QString::fromStdString(d.systems[0].kind), QStringLiteral("secret-store"));
    const std::string all = dump(d);
    for (const char* s : {"eyJhdXRocyI6", "dXNlcjpwYXNz", "dockerconfigjson\":", "myregistry", "pass\""})
        QVERIFY2(all.find(s) == std::string::npos, s);
}

void TestK8sParser::featuresInline() {
    const auto d = parse(inline_("shop.yaml", kFeatures));
    auto sys = [&](const char* key) {
        const auto* s = systemOf(d, key);
        if (!s)
            qWarning("missing %s", key);
        return s;
    };
    // Systems and groups
    QVERIFY(sys("k8s:Deployment/shop/web"));
    QCOMPARE(QString::fromStdString(sys("k8s:Deployment/shop/web")->group), QStringLiteral("shop"));
    QCOMPARE(QString::fromStdString(sys("k8s:StatefulSet/shop/db")->kind), QStringLiteral("database"));
    QCOMPARE(QString::fromStdString(sys("k8s:CronJob/shop/nightly-report")->kind), QStringLiteral("script"));
    QCOMPARE(sys("k8s:CronJob/shop/nightly-report")->attributes.value("schedule", std::string()),
             std::string("0 3 * * *"));
    QCOMPARE(QString::fromStdString(sys("k8s:Ingress/shop/shop")->kind), QStringLiteral("load-balancer"));
    QVERIFY(hasId(sys("k8s:Ingress/shop/shop"), "shop.example.com"));
    QCOMPARE(QString::fromStdString(sys("k8s:PersistentVolumeClaim/shop/web-data")->kind),
             QStringLiteral("storage"));
    QCOMPARE(QString::fromStdString(sys("k8s:ConfigMap/default/listed")->group), QStringLiteral("default"));
    QCOMPARE(QString::fromStdString(sys("k8s:Service/shop/legacy-erp")->kind), QStringLiteral("dns"));
    QVERIFY(sys("k8s:Service/billing/payments"));
    // HPA folded into its target
    QCOMPARE(sys("k8s:Deployment/shop/web")->folded, 1);
    QCOMPARE(sys("k8s:Deployment/shop/web")->attributes.value("max_replicas", 0), 10);
    QVERIFY(!systemOf(d, "k8s:HorizontalPodAutoscaler/shop/web"));
    // Namespace, ServiceMonitor and Widget left out; the unknown kind is named in a warning.
    QCOMPARE(d.skipped, 3);
    QVERIFY(!systemOf(d, "k8s:Namespace/shop"));
    bool warned = false;
    for (const auto& w : d.warnings)
        warned = warned || w.find("Widget") != std::string::npos;
    QVERIFY(warned);
    // References to objects defined elsewhere
    for (const char* key : {"k8s:Secret/shop/regcred", "k8s:Secret/shop/tls-bundle", "k8s:Service/shop/api",
                            "k8s:Secret/shop/shop-tls"})
        QVERIFY2(sys(key) && sys(key)->reference, key);
    QVERIFY(!systemOf(d, "k8s:ConfigMap/shop/kube-root-ca.crt"));

    auto edge = [&](const char* from, const char* to, const char* kind) {
        const auto* e = edgeOf(d, from, to);
        if (!e) {
            qWarning("missing edge %s -> %s", from, to);
            return false;
        }
        if (e->kind != kind) {
            qWarning("edge %s -> %s is %s", from, to, e->kind.c_str());
            return false;
        }
        return true;
    };
    const char* web = "k8s:Deployment/shop/web";
    QVERIFY(edge("k8s:Service/shop/web", web, "routes-to"));
    QVERIFY(edge("k8s:Service/shop/db", "k8s:StatefulSet/shop/db", "routes-to"));
    QVERIFY(edge("k8s:Service/shop/cache", "k8s:Deployment/shop/cache", "routes-to"));
    QVERIFY(edge(web, "k8s:Service/shop/db", "calls"));
    QCOMPARE(QString::fromStdString(edgeOf(d, web, "k8s:Service/shop/db")->evidence),
             QStringLiteral("env DB_HOST=db"));
    QVERIFY(edge(web, "k8s:Service/billing/payments", "calls")); // svc.ns across namespaces
    QVERIFY(edge(web, "k8s:Service/shop/cache", "calls"));       // full cluster DNS name in a URL
    QVERIFY(edge(web, "k8s:external/api.stripe.com", "calls"));
    QVERIFY(edge(web, "k8s:external/recommender.shop", "calls"));
    QVERIFY(edge(web, "k8s:external/flags.shop", "calls"));                    // configMapKeyRef value
    QVERIFY(edge(web, "k8s:external/mq.shop", "calls"));                       // envFrom ConfigMap data
    QVERIFY(edge(web, "k8s:external/search.shop.svc.cluster.local", "calls")); // config file in a volume
    QVERIFY(
        hasId(systemOf(d, "k8s:external/search.shop.svc.cluster.local"), "search.shop.svc.cluster.local"));
    QVERIFY(edge(web, "k8s:ConfigMap/shop/web-config", "configured-by"));
    QVERIFY(edge(web, "k8s:ConfigMap/shop/web-files", "configured-by"));
    QVERIFY(edge(web, "k8s:Secret/shop/web-secrets", "configured-by"));
    QVERIFY(edge(web, "k8s:Secret/shop/regcred", "configured-by"));
    QVERIFY(edge(web, "k8s:Secret/shop/tls-bundle", "configured-by"));
    QVERIFY(edge(web, "k8s:PersistentVolumeClaim/shop/web-data", "reads"));
    QVERIFY(!edgeOf(d, web, "k8s:Service/shop/web")); // OWN_NAME=web: not a host key, and its own Service
    QVERIFY(edge("k8s:Service/shop/legacy-erp", "k8s:external/erp.corp.example.com", "routes-to"));
    QVERIFY(edge("k8s:Ingress/shop/shop", "k8s:Service/shop/web", "routes-to"));
    QVERIFY(edge("k8s:Ingress/shop/shop", "k8s:Service/shop/api", "routes-to"));
    QVERIFY(edge("k8s:Ingress/shop/shop", "k8s:Secret/shop/shop-tls", "configured-by"));
    QVERIFY(edge("k8s:Ingress/shop/old", "k8s:Service/shop/web", "routes-to"));
    QVERIFY(edge("k8s:Ingress/shop/old", "k8s:Service/shop/db", "routes-to"));
    QVERIFY(edge("k8s:CronJob/shop/nightly-report", "k8s:Service/shop/db", "calls"));
    QCOMPARE(
        QString::fromStdString(edgeOf(d, "k8s:CronJob/shop/nightly-report", "k8s:Service/shop/db")->evidence),
        QStringLiteral("env DATABASE_URL -> db:5432"));
    // Every kind is from the vocabularies.
    for (const auto& s : d.systems)
        QVERIFY2(std::find(systemKinds().begin(), systemKinds().end(), s.kind) != systemKinds().end(),
                 s.key.c_str());
    for (const auto& e : d.edges)
        QVERIFY2(std::find(dependencyKinds().begin(), dependencyKinds().end(), e.kind) !=
                     dependencyKinds().end(),
                 e.kind.c_str());
    // Every edge names a system of the discovery, or a selector no workload of the file meets (which the
    // merge meets with the map's workloads).
    for (const auto& e : d.edges) {
        QVERIFY2(systemOf(d, e.from), e.from.c_str());
        QVERIFY2(systemOf(d, e.to) || (isSelectorPattern(e.to) && e.kind == "routes-to"), e.to.c_str());
    }
    QVERIFY(edgeOf(d, "k8s:Service/billing/payments", "k8s-selector:billing/app=payments"));
}

void TestK8sParser::ownersCollapse() {
    const auto d = parse(inline_("pods.json", kOwners));
    QCOMPARE(d.systems.size(), size_t(5));
    const auto* api = systemOf(d, "k8s:Deployment/prod/api");
    QVERIFY(api);
    QCOMPARE(api->folded, 3); // its ReplicaSet and two Pods
    QCOMPARE(QString::fromStdString(api->environment), QStringLiteral("production"));
    const auto* worker = systemOf(d, "k8s:Deployment/prod/worker"); // from the pod-template-hash
    QVERIFY(worker);
    QCOMPARE(worker->folded, 2);
    const auto* nightly = systemOf(d, "k8s:CronJob/prod/nightly");
    QVERIFY(nightly);
    QCOMPARE(nightly->folded, 2); // its Job and the Job's Pod
    QVERIFY(systemOf(d, "k8s:Pod/kube-system/kube-apiserver-node1"));
    QVERIFY(!systemOf(d, "k8s:Pod/prod/api-7d9f8-abcde"));
    QVERIFY(!systemOf(d, "k8s:ReplicaSet/prod/api-7d9f8"));
    QVERIFY(edgeOf(d, "k8s:Service/prod/api", "k8s:Deployment/prod/api"));
    QVERIFY(edgeOf(d, "k8s:Deployment/prod/worker", "k8s:Service/prod/api"));
    QCOMPARE(d.edges.size(), size_t(2));
}

void TestK8sParser::secretsNeverLeak() {
    const std::string all = dump(parse(inline_("shop.yaml", kFeatures)));
    for (const char* s : {"Sup3rS3cret", "U3VwM3JTM2NyZXQ", "last-applied", "//report", "user:"})
        QVERIFY2(all.find(s) == std::string::npos, s);
    // The planted secrets of the fixtures
    const std::string gitlab = dump(parse(fixture("kompose_output-gitlab-k8s.json")));
    QVERIFY(gitlab.find("password") == std::string::npos);
    // Registry credentials in an image reference are dropped with the image.
    const auto d = parse(
        inline_("p.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                          "  - {name: a, image: \"bob:Sup3rS3cret-Registry@registry.example.com/a:1\"}\n"));
    QVERIFY(dump(d).find("Sup3rS3cret") == std::string::npos);
}

void TestK8sParser::helmTemplatesAreRefused() {
    const QString e1 = errorOf(inline_("deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
                                                          "  name: {{ include \"chart.fullname\" . }}\n"));
    QVERIFY2(e1.contains(QStringLiteral("helm template")), qPrintable(e1));
    QVERIFY2(e1.contains(QStringLiteral("deployment.yaml: line 4")), qPrintable(e1));
    const QString e2 =
        errorOf(inline_("svc.yaml", "{{- if .Values.enabled }}\napiVersion: v1\nkind: Service\n"
                                    "metadata:\n  name: x\n{{- end }}\n"));
    QVERIFY2(e2.contains(QStringLiteral("line 1")) && e2.contains(QStringLiteral("helm template")),
             qPrintable(e2));
    const QString e3 = errorOf(inline_("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
                                                  "  labels:\n    app: \"{{ .Values.app }}\"\n"));
    QVERIFY2(e3.contains(QStringLiteral("helm template")), qPrintable(e3));
    // Go templates inside a ConfigMap's block scalar (Prometheus rules) are data, not Helm.
    const auto d =
        parse(inline_("rules.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: rules\ndata:\n"
                                    "  rules.yml: |\n    groups:\n    - alert: Down\n      annotations:\n"
                                    "        summary: {{ $labels.instance }} down\n"
                                    "        more: \"{{ .Values.x }}\"\n"));
    QCOMPARE(d.systems.size(), size_t(1));
}

void TestK8sParser::helmTestHooksAreLeftOut() {
    // `helm template` output: each document after a "# Source:" comment, an empty one, the chart's test
    // Pod (a hook `helm test` runs and deletes) and a migration Job run before each upgrade (a hook that
    // runs where the chart is installed), a Helm 2 test among other hooks.
    const auto d = parse(inline_(
        "rendered.yaml",
        "---\n# Source: app/templates/empty.yaml\n\n---\n# Source: app/templates/service.yaml\n"
        "apiVersion: v1\nkind: Service\nmetadata: {name: release-app}\nspec:\n  selector: {app: app}\n"
        "---\n# Source: app/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\n"
        "metadata: {name: release-app}\nspec:\n  selector: {matchLabels: {app: app}}\n  template:\n"
        "    metadata: {labels: {app: app}}\n    spec:\n      containers:\n      - {name: app, image: "
        "shop/app:1}\n"
        "---\n# Source: app/templates/tests/test-connection.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n"
        "  name: release-app-test-connection\n  annotations:\n    \"helm.sh/hook\": test\nspec:\n"
        "  containers:\n  - {name: wget, image: busybox, args: ['release-app:80']}\n"
        "---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: release-app-migrate\n  annotations:\n"
        "    helm.sh/hook: pre-install,pre-upgrade\nspec:\n  template:\n    spec:\n      containers:\n"
        "      - name: m\n        image: shop/app:1\n        env: [{name: DB_HOST, value: db}]\n"
        "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: old-test\n  annotations:\n"
        "    helm.sh/hook: \"post-install, test-success\"\nspec:\n  containers:\n  - {name: t, image: "
        "busybox}\n"));
    std::set<std::string> keys;
    for (const auto& s : d.systems)
        keys.insert(s.key);
    QVERIFY(keys.count("k8s:Deployment/default/release-app"));
    QVERIFY(keys.count("k8s:Job/default/release-app-migrate")); // a hook that runs with the release
    QVERIFY(!keys.count("k8s:Pod/default/release-app-test-connection"));
    QVERIFY(!keys.count("k8s:Pod/default/old-test"));
    QCOMPARE(d.skipped, 2);
    const auto w = std::find_if(d.warnings.begin(), d.warnings.end(), [](const std::string& x) {
        return x.find("Helm test hooks") != std::string::npos;
    });
    QVERIFY(w != d.warnings.end());
    QVERIFY2(w->find("Pod/default/release-app-test-connection, Pod/default/old-test") != std::string::npos,
             w->c_str());
}

void TestK8sParser::kustomizeGeneratedNamesKeepTheirKeys() {
    // `kubectl kustomize` output: a configMapGenerator's and a secretGenerator's objects are named with a
    // hash of their content, which changes with it, and the Deployment names them so. Two builds, the
    // second after a change of the ConfigMap's content: the same keys and edges.
    auto build = [](const std::string& configHash) {
        return parse(inline_(
            "prod.yaml",
            "apiVersion: v1\ndata: {LOG_LEVEL: warn}\nkind: ConfigMap\nmetadata:\n  name: prod-api-config-" +
                configHash +
                "\n  namespace: shop\n---\napiVersion: v1\ndata: {password: U0VFRA==}\nkind: Secret\n"
                "metadata: {name: prod-api-secrets-h5m4gkf2tg, namespace: shop}\ntype: Opaque\n---\n"
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings-abcdefghij, namespace: "
                "shop}\n---\n"
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: prod-api, namespace: shop}\nspec:\n"
                "  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n"
                "    spec:\n      containers:\n      - name: api\n        image: example/api:1.0\n"
                "        envFrom: [{configMapRef: {name: prod-api-config-" +
                configHash +
                "}}]\n        env:\n        - name: DB_PASSWORD\n          valueFrom: {secretKeyRef: {name: "
                "prod-api-secrets-h5m4gkf2tg, key: password}}\n"));
    };
    for (const auto& d : {build("25h67kmf9g"), build("4m52m9tb7c")}) {
        const auto* config = systemOf(d, "k8s:ConfigMap/shop/prod-api-config");
        QVERIFY(config);
        QVERIFY(!config->reference);
        // Named without the suffix too, which changes with the content and, of a Secret, would let its
        // values be guessed and checked against it: nor does any edge's evidence hold it.
        QCOMPARE(config->name, std::string("prod-api-config"));
        QVERIFY(systemOf(d, "k8s:Secret/shop/prod-api-secrets"));
        QCOMPARE(systemOf(d, "k8s:Secret/shop/prod-api-secrets")->name, std::string("prod-api-secrets"));
        for (const auto& e : d.edges)
            QVERIFY2(e.evidence.find("h5m4gkf2tg") == std::string::npos &&
                         e.evidence.find("25h67kmf9g") == std::string::npos,
                     e.evidence.c_str());
        QVERIFY(edgeOf(d, "k8s:Deployment/shop/prod-api", "k8s:ConfigMap/shop/prod-api-config"));
        QVERIFY(edgeOf(d, "k8s:Deployment/shop/prod-api", "k8s:Secret/shop/prod-api-secrets"));
        // Ten characters after a dash, but not in kustomize's alphabet: a name as a person wrote it.
        QVERIFY(systemOf(d, "k8s:ConfigMap/shop/settings-abcdefghij"));
        QCOMPARE(d.systems.size(), size_t(4));
    }
}

// A workload's settings naming resources of AWS: an SQS queue by its URL, a topic and a secret by their
// ARNs, a database by its host. Each is an external named as AWS names it (the queue by its ARN), which the
// resource joins where its state is imported; the regional SQS endpoint is no system.
void TestK8sParser::awsResourcesInSettings() {
    const Discovery d =
        parse(inline_("app.yaml", "apiVersion: apps/v1\n"
                                  "kind: Deployment\n"
                                  "metadata: {name: api, namespace: shop}\n"
                                  "spec:\n"
                                  "  template:\n"
                                  "    spec:\n"
                                  "      containers:\n"
                                  "      - name: api\n"
                                  "        image: api:1\n"
                                  "        env:\n"
                                  "        - {name: QUEUE_URL, value: "
                                  "'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs'}\n"
                                  "        - {name: EVENTS_TOPIC, value: "
                                  "'arn:aws:sns:eu-west-1:123456789012:events'}\n"
                                  "        - {name: API_KEY_SECRET, value: "
                                  "'arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-AbCdEf'}\n"
                                  "        - {name: DB_HOST, value: "
                                  "'shop.c9akciq32.eu-west-1.rds.amazonaws.com'}\n"));
    const std::string api = "k8s:Deployment/shop/api";
    const std::string queue = "k8s:external/arn:aws:sqs:eu-west-1:123456789012:jobs";
    QVERIFY(edgeOf(d, api, queue));
    QCOMPARE(edgeOf(d, api, queue)->kind, std::string("calls"));
    QCOMPARE(edgeOf(d, api, queue)->evidence, std::string("env QUEUE_URL -> jobs"));
    QCOMPARE(systemOf(d, queue)->kind, std::string("queue"));
    QCOMPARE(systemOf(d, queue)->name, std::string("jobs"));
    QVERIFY(systemOf(d, queue)->external);
    QVERIFY(hasId(systemOf(d, queue), "arn:aws:sqs:eu-west-1:123456789012:jobs"));
    QCOMPARE(edgeOf(d, api, "k8s:external/arn:aws:sns:eu-west-1:123456789012:events")->kind,
             std::string("calls"));
    const std::string secret = "k8s:external/arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-AbCdEf";
    QCOMPARE(edgeOf(d, api, secret)->kind, std::string("configured-by"));
    QCOMPARE(systemOf(d, secret)->kind, std::string("secret-store"));
    const std::string db = "k8s:external/shop.c9akciq32.eu-west-1.rds.amazonaws.com";
    QVERIFY(edgeOf(d, api, db));
    QCOMPARE(systemOf(d, db)->kind, std::string("database"));
    QVERIFY(!systemOf(d, "k8s:external/sqs.eu-west-1.amazonaws.com"));
    QCOMPARE(d.edges.size(), size_t(4));

    // The AWS role a workload's service account lets its pods take (IAM roles for service accounts), the
    // ServiceAccount in another file of the import; one without the annotation, and the default account,
    // give none.
    const auto files = K8sParser().parseEach(
        {inline_("accounts.yaml",
                 "apiVersion: v1\n"
                 "kind: ServiceAccount\n"
                 "metadata:\n"
                 "  name: api\n"
                 "  namespace: shop\n"
                 "  annotations: {eks.amazonaws.com/role-arn: 'arn:aws:iam::123456789012:role/shop-api'}\n"
                 "---\n"
                 "apiVersion: v1\n"
                 "kind: ServiceAccount\n"
                 "metadata: {name: plain, namespace: shop}\n"),
         inline_("app.yaml", "apiVersion: apps/v1\n"
                             "kind: Deployment\n"
                             "metadata: {name: api, namespace: shop}\n"
                             "spec:\n"
                             "  template:\n"
                             "    spec:\n"
                             "      serviceAccountName: api\n"
                             "      containers: [{name: api, image: 'api:1'}]\n"
                             "---\n"
                             "apiVersion: apps/v1\n"
                             "kind: Deployment\n"
                             "metadata: {name: web, namespace: shop}\n"
                             "spec:\n"
                             "  template:\n"
                             "    spec:\n"
                             "      containers: [{name: web, image: 'web:1'}]\n")},
        {});
    QCOMPARE(files.size(), size_t(2));
    const Discovery& app = files[1];
    const std::string role = "k8s:external/arn:aws:iam::123456789012:role/shop-api";
    QVERIFY(edgeOf(app, "k8s:Deployment/shop/api", role));
    QCOMPARE(edgeOf(app, "k8s:Deployment/shop/api", role)->kind, std::string("configured-by"));
    QCOMPARE(edgeOf(app, "k8s:Deployment/shop/api", role)->evidence,
             std::string("serviceAccount api (eks.amazonaws.com/role-arn)"));
    QCOMPARE(systemOf(app, role)->name, std::string("shop-api"));
    QVERIFY(hasId(systemOf(app, role), "arn:aws:iam::123456789012:role/shop-api"));
    QCOMPARE(app.edges.size(), size_t(1));
    QCOMPARE(files[0].edges.size(), size_t(0));
}

void TestK8sParser::hostsInCommandsAndArguments() {
    // An init container waiting for the database (`nc -z db 5432` in a shell script), flags naming hosts
    // (`--upstream=URL`, `--database-url URL` with a password in it, `--password` with one), and words
    // that name nothing: `sleep 3600`, a path, `service cache` where no Service is cache.
    const auto d = parse(inline_(
        "app.yaml",
        "apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: shop}\nspec:\n  selector: {app: db}\n"
        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n"
        "  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n"
        "      initContainers:\n      - name: wait\n        image: busybox\n"
        "        command: ['sh', '-c', 'until nc -z db 5432; do echo waiting for db; sleep 2; done']\n"
        "      - {name: wait2, image: groundnuty/k8s-wait-for, args: [service, cache]}\n"
        "      containers:\n      - name: api\n        image: shop/api:2\n"
        "        args: ['--upstream=http://payments.billing:8080', '--listen=:8080', '--log', /var/log/api]\n"
        "---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate, namespace: shop}\nspec:\n  "
        "template:\n"
        "    spec:\n      containers:\n      - name: m\n        image: shop/api:2\n"
        "        command: [/bin/migrate, --database-url, 'postgres://app:ARG-SECRET-1@db.shop:5432/app',\n"
        "                  --password, ARG-SECRET-2, sleep, '3600']\n"));
    const auto* wait = edgeOf(d, "k8s:Deployment/shop/api", "k8s:Service/shop/db");
    QVERIFY(wait);
    QCOMPARE(wait->kind, std::string("calls"));
    QCOMPARE(wait->evidence, std::string("args -> db:5432"));
    QVERIFY(systemOf(d, "k8s:external/payments.billing"));
    QVERIFY(edgeOf(d, "k8s:Deployment/shop/api", "k8s:external/payments.billing"));
    QCOMPARE(edgeOf(d, "k8s:Job/shop/migrate", "k8s:Service/shop/db")->evidence,
             std::string("args database-url -> db.shop:5432"));
    QCOMPARE(d.systems.size(), size_t(4)); // no external for sleep, the log path or cache
    QCOMPARE(d.edges.size(), size_t(4));   // and the db Service's selector, of a workload not here
    QVERIFY(edgeOf(d, "k8s:Service/shop/db", "k8s-selector:shop/app=db"));
    QVERIFY(dump(d).find("ARG-SECRET") == std::string::npos);
}

void TestK8sParser::whatPrometheusScrapes() {
    // A ServiceMonitor in another namespace selecting a Service by label (and so what it routes to), a
    // PodMonitor with matchExpressions, a workload whose pods are annotated prometheus.io/scrape, a
    // ServiceMonitor without a namespaceSelector (its own namespace: nothing there), and a workload
    // nothing scrapes.
    const std::string app =
        "apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop, labels: {team: core}}\n"
        "spec: {selector: {app: api}}\n"
        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n"
        "  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n"
        "    spec: {containers: [{name: api, image: shop/api:1}]}\n"
        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: worker, namespace: shop}\nspec:\n"
        "  selector: {matchLabels: {app: worker}}\n  template:\n    metadata:\n      labels: {app: worker}\n"
        "      annotations: {prometheus.io/scrape: 'true'}\n    spec: {containers: [{name: w, image: "
        "shop/w:1}]}\n"
        "---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: queue, namespace: shop}\nspec:\n"
        "  selector: {matchLabels: {app: queue}}\n  template:\n    metadata: {labels: {app: queue, tier: "
        "data}}\n"
        "    spec: {containers: [{name: q, image: rabbitmq:3}]}\n"
        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: batch, namespace: shop}\nspec:\n"
        "  selector: {matchLabels: {app: batch}}\n  template:\n    metadata: {labels: {app: batch}}\n"
        "    spec: {containers: [{name: b, image: shop/batch:1}]}\n";
    const std::string monitors =
        "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: core, namespace: "
        "monitoring}\n"
        "spec:\n  namespaceSelector: {matchNames: [shop]}\n  selector: {matchLabels: {team: core}}\n"
        "---\napiVersion: monitoring.coreos.com/v1\nkind: PodMonitor\nmetadata: {name: data, namespace: "
        "monitoring}\n"
        "spec:\n  namespaceSelector: {any: true}\n  selector:\n    matchExpressions:\n"
        "    - {key: tier, operator: In, values: [data, cache]}\n    - {key: legacy, operator: "
        "DoesNotExist}\n"
        "---\napiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: local, namespace: "
        "monitoring}\n"
        "spec: {selector: {}}\n";
    auto monitoredBy = [](const std::vector<Discovery>& ds) {
        std::map<std::string, std::string> out;
        for (const auto& d : ds) {
            for (const auto& s : d.systems)
                if (s.attributes.contains("monitored_by"))
                    out[s.key] = s.attributes["monitored_by"].get<std::string>();
            for (const auto& [key, fact] : d.facts)
                out[key] = fact.value("monitored_by", "");
        }
        return out;
    };
    const std::map<std::string, std::string> expected = {
        {"k8s:Service/shop/api", "ServiceMonitor monitoring/core"},
        {"k8s:Deployment/shop/api", "ServiceMonitor monitoring/core"},
        {"k8s:Deployment/shop/worker", "prometheus (prometheus.io/scrape annotation)"},
        {"k8s:StatefulSet/shop/queue", "PodMonitor monitoring/data"}};
    // In one file, and in two read together (the monitors' facts name the other file's systems).
    QCOMPARE(monitoredBy({parse(inline_("all.yaml", app + "---\n" + monitors))}), expected);
    QCOMPARE(monitoredBy(
                 K8sParser().parseEach({inline_("app.yaml", app), inline_("monitoring.yaml", monitors)}, {})),
             expected);
}

void TestK8sParser::kustomizationIsRefused() {
    const QString e =
        errorOf(inline_("kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                                              "kind: Kustomization\nresources:\n- deployment.yaml\n"));
    QVERIFY2(e.contains(QStringLiteral("kubectl kustomize")), qPrintable(e));
}

void TestK8sParser::emptyDocumentsAndLists() {
    const auto d =
        parse(inline_("x.yaml", "---\n# nothing\n---\napiVersion: v1\nkind: List\nitems: []\n---\n"));
    QVERIFY(d.systems.empty());
    QVERIFY(!d.warnings.empty());
    const auto j = parse(inline_(
        "x.json", "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[],\"metadata\":{\"selfLink\":\"\"}}"));
    QVERIFY(j.systems.empty());
    QVERIFY(!errorOf(inline_("empty.yaml", "  \n")).isEmpty());
}

void TestK8sParser::wronglyTyped_data() {
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("replacement");
    auto row = [](const char* p, const char* r) {
        QTest::newRow(p) << QString::fromLatin1(p) << QString::fromLatin1(r);
    };
    row("/items", "\"many\"");
    row("/items/0", "\"a string\"");
    row("/items/0/metadata", "\"x\"");
    row("/items/0/metadata/name", "5");
    row("/items/0/kind", "[1]");
    row("/items/0/apiVersion", "{}");
    row("/items/0/metadata/labels", "[\"a\"]");
    row("/items/0/spec/selector", "[\"a\"]");
    row("/items/0/spec/ports", "\"80\"");
    row("/items/3/spec", "[]");
    row("/items/3/spec/template", "7");
    row("/items/3/spec/template/spec/containers", "\"web\"");
    row("/items/3/spec/template/spec/containers/0", "\"web\"");
    row("/items/3/spec/template/spec/containers/0/env", "{\"A\":\"b\"}");
    row("/items/3/spec/template/spec/containers/0/env/0", "3");
    row("/items/3/spec/template/spec/containers/0/env/0/value", "{}");
    row("/items/3/spec/template/spec/volumes", "{}");
    row("/items/3/spec/template/spec/volumes/0/persistentVolumeClaim/claimName", "[]");
    row("/items/3/spec/template/metadata/labels", "\"app\"");
    row("/items/4/spec/resources/requests", "\"1Gi\"");
}

void TestK8sParser::wronglyTyped() {
    QFETCH(QString, pointer);
    QFETCH(QString, replacement);
    json doc = parseJsonText(fixture("kompose_output-gitlab-k8s.json").text, "gitlab.json");
    const json::json_pointer ptr(pointer.toStdString());
    QVERIFY2(doc.contains(ptr), qPrintable(pointer));
    doc[ptr] = json::parse(replacement.toStdString());
    const QString e = errorOf(inline_("gitlab.json", doc.dump(2)));
    QVERIFY2(!e.isEmpty(), qPrintable(pointer));
    QVERIFY2(e.startsWith(QStringLiteral("gitlab.json: ")), qPrintable(e));
    QVERIFY2(e.contains(pointer), qPrintable(e));
    QVERIFY2(e.contains(QStringLiteral("expected")), qPrintable(e));
}

void TestK8sParser::truncatedFixtures() {
    const QDir dir(kFixtures + QStringLiteral("/kubernetes"));
    for (const QString& name : dir.entryList(QDir::Files)) {
        const SourceText full = readSourceText(dir.filePath(name).toStdString());
        for (int cut : {10, 33, 50, 75, 95}) {
            const SourceText part = inline_(full.name, full.text.substr(0, full.text.size() * cut / 100));
            try {
                parse(part);
                QVERIFY2(!name.endsWith(QStringLiteral(".json")),
                         qPrintable(name)); // JSON cut short never parses
            } catch (const Error& e) {
                const std::string what = e.what();
                QVERIFY2(what.rfind(full.name + ": ", 0) == 0, what.c_str());
                QVERIFY2(what.find("line ") != std::string::npos ||
                             what.find("document ") != std::string::npos ||
                             what.find('/') != std::string::npos,
                         what.c_str());
            }
        }
    }
}

void TestK8sParser::everyWrongTypeFailsCleanly() {
    // Each value of each fixture replaced, one at a time, by a value of another type: the parser
    // returns or throws Error, nothing else.
    const QDir dir(kFixtures + QStringLiteral("/kubernetes"));
    int errors = 0;
    int runs = 0;
    for (const QString& name : dir.entryList(QDir::Files)) {
        const SourceText src = readSourceText(dir.filePath(name).toStdString());
        json doc;
        if (name.endsWith(QStringLiteral(".json"))) {
            doc = parseJsonText(src.text, src.name);
        } else {
            doc = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", json::array()}};
            for (auto& d : loadYamlDocuments(src.text, src.name))
                doc["items"].push_back(d);
        }
        std::vector<std::string> pointers;
        walk(doc, "", [&](const std::string& p, const json&) { pointers.push_back(p); });
        const size_t step = pointers.size() / 250 + 1; // about 250 variants per fixture
        for (size_t i = 1; i < pointers.size(); i += step) {
            const std::string& p = pointers[i];
            json copy = doc;
            json& v = copy[json::json_pointer(p)];
            v = v.is_string() ? json(42) : v.is_number() ? json::array({1}) : json("wrong");
            ++runs;
            try {
                parse(inline_(src.name, copy.dump()));
            } catch (const Error&) {
                ++errors;
            }
        }
    }
    QVERIFY(runs > 500);
    QVERIFY(errors > 50);
}

void TestK8sParser::hostileInput() {
    QVERIFY(errorOf(inline_("s.yaml", "just a string\n"))
                .contains(QStringLiteral("expected a Kubernetes object")));
    QVERIFY(!errorOf(inline_("deep.json", std::string(5000, '[') + std::string(5000, ']'))).isEmpty());
    std::string deepYaml;
    for (int i = 0; i < 700; ++i)
        deepYaml += std::string(static_cast<size_t>(i), ' ') + "a:\n";
    QVERIFY(!errorOf(inline_("deep.yaml", deepYaml)).isEmpty());
    // yaml-cpp 0.7 never returns on a stray ',' after a document's value (found by the fuzzer).
    for (const char* endless : {",\n", "[a],\n", "apiVersion: v1\n---\n\"x\",\n", "{a: 1}\n, c: 1}\n"}) {
        const QString e = errorOf(inline_("endless.yaml", endless));
        QVERIFY2(e.startsWith(QStringLiteral("endless.yaml: line ")), qPrintable(e));
    }
    // A number too large for a double is a JSON error like any other (found by the fuzzer).
    QVERIFY(errorOf(inline_("n.json", "{\"apiVersion\": 1e400}"))
                .startsWith(QStringLiteral("n.json: expected valid JSON")));
    // Owner references that loop back stop.
    const auto d =
        parse(inline_("loop.json", "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[\n"
                                   "      "
                                   "{\"apiVersion\":\"apps/"
                                   "v1\",\"kind\":\"ReplicaSet\",\"metadata\":{\"name\":\"a\",\"uid\":\"1\","
                                   "\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"name\":\"b\",\"uid\":"
                                   "\"2\"}]},\"spec\":{\"template\":{\"spec\":{\"containers\":[]}}}},\n"
                                   "      "
                                   "{\"apiVersion\":\"apps/"
                                   "v1\",\"kind\":\"ReplicaSet\",\"metadata\":{\"name\":\"b\",\"uid\":\"2\","
                                   "\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"name\":\"a\",\"uid\":"
                                   "\"1\"}]},\"spec\":{\"template\":{\"spec\":{\"containers\":[]}}}}]}"));
    QVERIFY(d.systems.size() <= 2);
    // Duplicate objects: the first is kept, with a warning.
    const auto dup = parse(inline_("dup.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n"
                                               "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"));
    QCOMPARE(dup.systems.size(), size_t(1));
    QCOMPARE(dup.warnings.size(), size_t(1));
    // Binary content never reaches the parser as text.
    bool threw = false;
    try {
        decodeText(std::string("\x00\x01\x02", 3), "bin.yaml");
    } catch (const Error&) {
        threw = true;
    }
    QVERIFY(threw);
}

void TestK8sParser::aHugeConfigMapIsReadWhole() {
    // 600,000 keys in one ConfigMap (58 MB), as YAML and as kubectl's JSON: each member of an object was
    // found by comparing its key with every member before it, which took more than five minutes here (and
    // so more than the five minutes Qt Test gives a test function). Every key comes in, in order; in JSON a
    // repeated key's last value in its first place, as before, while YAML, which gives a key once, refuses
    // it with its place.
    constexpr int kKeys = 600'000;
    std::string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge, namespace: shop}\ndata:\n";
    std::string jsonText =
        "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"huge\", "
        "\"namespace\": \"shop\"}, \"data\": {";
    for (int i = 0; i < kKeys; ++i) {
        const std::string value = "value " + std::to_string(i) + " lorem ipsum dolor sit amet consectetur";
        yaml += "  key" + std::to_string(i) + ": \"" + value + "\"\n";
        jsonText += (i == 0 ? "\"key" : ", \"key") + std::to_string(i) + "\": \"" + value + "\"";
    }
    jsonText += ", \"key7\": \"seven again\"}}";
    for (const auto& [name, text] : {std::pair<std::string, const std::string&>{"huge.yaml", yaml},
                                     std::pair<std::string, const std::string&>{"huge.json", jsonText}}) {
        const std::vector<json> docs = name.ends_with(".json") ? std::vector<json>{parseJsonText(text, name)}
                                                               : loadYamlDocuments(text, name);
        QCOMPARE(docs.size(), size_t(1));
        const json& data = docs[0]["data"];
        QCOMPARE(data.size(), size_t(kKeys));
        std::size_t i = 0;
        for (auto it = data.begin(); it != data.end(); ++it, ++i)
            if (it.key() != "key" + std::to_string(i))
                QFAIL(
                    qPrintable(QString::fromStdString(name + ": " + it.key() + " at " + std::to_string(i))));
        QCOMPARE(data["key7"].get<std::string>(),
                 std::string(name.ends_with(".json") ? "seven again"
                                                     : "value 7 lorem ipsum dolor sit amet consectetur"));
        QCOMPARE(data["key599999"].get<std::string>(),
                 std::string("value 599999 lorem ipsum dolor sit amet consectetur"));
    }
    try {
        loadYamlDocuments(yaml + "  key7: \"seven again\"\n", "huge.yaml");
        QFAIL("a key given twice was read");
    } catch (const Error& e) {
        QCOMPARE(
            std::string(e.what()),
            std::string("huge.yaml: line 600005, column 3: a map that gives each key once, but \"key7\" is "
                        "given a second time"));
    }
    const auto d = parse(inline_("huge.json", jsonText)); // the parser reads the YAML document as above
    QCOMPARE(d.systems.size(), size_t(1));
    QCOMPARE(d.systems[0].attributes.value("entries", 0), kKeys);
}

void TestK8sParser::scaledDownRevisionsAreLeftOut() {
    // kubectl get all -o json: a Deployment, its current ReplicaSet and Pods, the ReplicaSet of an earlier
    // revision (scaled to zero, named the database before the move) and a Pod of it that failed.
    auto replicaSet = [](const char* name, int replicas, const char* image, const char* dbHost) {
        return std::string("apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: ") + name +
               "\n  namespace: shop-staging\n  labels: {app: api, pod-template-hash: " + (name + 4) +
               "}\n  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: api, uid: d-1, "
               "controller: true}]\nspec:\n  replicas: " +
               std::to_string(replicas) + "\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n" +
               "      containers: [{name: api, image: '" + image +
               "', env: [{name: DB_HOST, value: " + dbHost + "}]}]\n";
    };
    auto pod = [](const char* name, const char* owner, const char* phase, const char* dbHost) {
        return std::string("apiVersion: v1\nkind: Pod\nmetadata:\n  name: ") + name +
               "\n  namespace: shop-staging\n  labels: {app: api}\n  ownerReferences: [{apiVersion: apps/v1, "
               "kind: ReplicaSet, name: " +
               owner + ", controller: true}]\nspec:\n  containers: [{name: api, image: 'acme/api:3', env: " +
               "[{name: DB_HOST, value: " + dbHost + "}]}]\nstatus: {phase: " + phase + "}\n";
    };
    const std::string deployment =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop-staging, uid: d-1}\n"
        "spec:\n  replicas: 2\n  selector: {matchLabels: {app: api}}\n  template:\n"
        "    metadata: {labels: {app: api}}\n    spec:\n"
        "      containers: [{name: api, image: 'acme/api:3', env: [{name: DB_HOST, value: postgres}]}]\n";
    const std::string service = "apiVersion: v1\nkind: Service\nmetadata: {name: postgres, namespace: "
                                "shop-staging}\nspec: {selector: {app: postgres}}\n";
    const std::string oldRevision = replicaSet("api-5f6d7c8b9a", 0, "acme/api:2", "old-postgres") + "---\n" +
                                    pod("api-5f6d7c8b9a-zz9k1", "api-5f6d7c8b9a", "Failed", "legacy-db");
    const std::string current = replicaSet("api-7d9f8b6c5d", 2, "acme/api:3", "postgres") + "---\n" +
                                pod("api-7d9f8b6c5d-x7k2p", "api-7d9f8b6c5d", "Running", "postgres");
    auto check = [](const Discovery& d) {
        QVERIFY(edgeOf(d, "k8s:Deployment/shop-staging/api", "k8s:Service/shop-staging/postgres"));
        QCOMPARE(systemOf(d, "k8s:Deployment/shop-staging/api")->attributes.value("image", std::string()),
                 std::string("acme/api:3"));
        for (const char* stale :
             {"k8s:external/old-postgres.shop-staging", "k8s:external/legacy-db.shop-staging"})
            QVERIFY2(!systemOf(d, stale), stale);
        QCOMPARE(d.edges.size(), size_t(2)); // and the Service's selector: nothing else
    };
    // With the Deployment, whose own template is what runs; then without it (kubectl get rs,pods), the
    // earlier revision listed first: the Deployment made up from the ReplicaSets takes the current one's.
    const Discovery all =
        parse(inline_("all.yaml", deployment + "---\n" + oldRevision + "---\n" + current + "---\n" + service +
                                      "---\napiVersion: apps/v1\n"
                                      "kind: StatefulSet\nmetadata: {name: postgres, "
                                      "namespace: shop-staging}\nspec:\n  template:\n"
                                      "    metadata: {labels: {app: postgres}}\n"
                                      "    spec: {containers: [{name: pg, image: postgres}]}\n"));
    check(all);
    QCOMPARE(systemOf(all, "k8s:Deployment/shop-staging/api")->folded, 4);
    const Discovery noDeployment = parse(inline_(
        "rs.yaml", oldRevision + "---\n" + current + "---\n" + service +
                       "---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: postgres, namespace: "
                       "shop-staging}\nspec:\n  template:\n    metadata: {labels: {app: postgres}}\n"
                       "    spec: {containers: [{name: pg, image: postgres}]}\n"));
    check(noDeployment);
    // A ReplicaSet scaled to zero that no Deployment owns is a workload of its own: its template counts.
    const Discovery alone = parse(
        inline_("alone.yaml",
                "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: batch, namespace: shop}\nspec:\n"
                "  replicas: 0\n  template:\n    metadata: {labels: {app: batch}}\n    spec:\n"
                "      containers: [{name: b, image: acme/batch, env: [{name: DB_HOST, value: db}]}]\n"));
    QVERIFY(edgeOf(alone, "k8s:ReplicaSet/shop/batch", "k8s:external/db.shop"));
}

void TestK8sParser::environmentsFromNamespaces() {
    // The shared environment words (environmentWords()), production's, staging's and development's
    // synonyms as one; pre-prod its own environment; what follows non or not is what a namespace is not.
    const std::vector<std::pair<std::string, std::string>> expected = {{"pre-prod", "preprod"},
                                                                       {"non-prod", ""},
                                                                       {"not-prod-dev", "development"},
                                                                       {"uat", "uat"},
                                                                       {"shop-preprod", "preprod"},
                                                                       {"nonprod", ""},
                                                                       {"shop-prod", "production"},
                                                                       {"prd", "production"},
                                                                       {"live", "production"},
                                                                       {"staging", "staging"},
                                                                       {"shop-stg", "staging"},
                                                                       {"dev", "development"},
                                                                       {"qa-eu", "qa"},
                                                                       {"shop", ""},
                                                                       {"prod-dev", ""}};
    std::string text;
    for (const auto& [ns, env] : expected)
        text += "---\napiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: " + ns +
                "}\nspec: {selector: {app: api}}\n";
    const auto d = parse(inline_("envns.yaml", text));
    for (const auto& [ns, env] : expected) {
        const auto* s = systemOf(d, "k8s:Service/" + ns + "/api");
        QVERIFY2(s, ns.c_str());
        QVERIFY2(s->environment == env, (ns + " is " + s->environment + ", not " + env).c_str());
    }
}

void TestK8sParser::plumbingSecretsAreLeftOut() {
    // kubectl get secrets -o json: a release record per helm upgrade and a service account's token are
    // plumbing, skipped without a warning; a TLS certificate is configuration.
    std::string items;
    for (int v = 1; v <= 3; ++v)
        items +=
            "{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"type\": \"helm.sh/release.v1\", \"metadata\": "
            "{\"name\": \"sh.helm.release.v1.myapp.v" +
            std::to_string(v) + "\", \"namespace\": \"shop\", \"labels\": {\"owner\": \"helm\"}}},";
    items +=
        "{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"type\": \"kubernetes.io/service-account-token\", "
        "\"metadata\": {\"name\": \"default-token-x7k2p\", \"namespace\": \"shop\"}},"
        "{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"type\": \"kubernetes.io/tls\", \"metadata\": "
        "{\"name\": \"myapp-tls\", \"namespace\": \"shop\"}}";
    const auto d = parse(
        inline_("secrets.json", "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [" + items + "]}"));
    QCOMPARE(d.systems.size(), size_t(1));
    QVERIFY(systemOf(d, "k8s:Secret/shop/myapp-tls"));
    QCOMPARE(d.skipped, 4);
    QVERIFY(d.warnings.empty());
}

void TestK8sParser::podsOfHeadlessServices() {
    // A StatefulSet's pods have names behind its headless Service, relative to the namespace that names them
    // or with theirs: each is that Service. A URL with several hosts names each.
    const std::string text =
        "apiVersion: v1\nkind: Service\nmetadata: {name: kafka-headless, namespace: stream}\n"
        "spec: {clusterIP: None, selector: {app: kafka}}\n"
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: mongo, namespace: stream}\n"
        "spec: {selector: {app: mongo}}\n" // not headless: its StatefulSet's serviceName says it names pods
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: search, namespace: stream}\n"
        "spec: {selector: {app: search}}\n"
        "---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: mongo, namespace: stream}\nspec:\n"
        "  serviceName: mongo\n  template:\n    metadata: {labels: {app: mongo}}\n"
        "    spec: {containers: [{name: m, image: mongo:7}]}\n"
        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: consumer, namespace: stream}\nspec:\n"
        "  template:\n    metadata: {labels: {app: consumer}}\n    spec:\n      containers:\n"
        "      - name: c\n        image: acme/consumer:1\n        env:\n"
        "        - {name: KAFKA_BROKERS, value: "
        "'kafka-0.kafka-headless:9092,kafka-1.kafka-headless.stream:9092'}\n"
        "        - {name: MONGO_URL, value: "
        "'mongodb://app:S3cret-Mongo@mongo-0.mongo,mongo-1.mongo,mongo-2.mongo:27017/app?replicaSet=rs0'}\n"
        "        - {name: SEARCH_HOST, value: search-0.search}\n"; // search is no headless Service
    const auto d = parse(inline_("stream.yaml", text));
    const auto* kafka = edgeOf(d, "k8s:Deployment/stream/consumer", "k8s:Service/stream/kafka-headless");
    QVERIFY(kafka);
    QCOMPARE(kafka->evidence, std::string("env KAFKA_BROKERS -> kafka-0.kafka-headless:9092"));
    const auto* mongo = edgeOf(d, "k8s:Deployment/stream/consumer", "k8s:Service/stream/mongo");
    QVERIFY(mongo);
    QCOMPARE(mongo->evidence, std::string("env MONGO_URL -> mongo-0.mongo"));
    std::vector<std::string> externals;
    for (const auto& s : d.systems)
        if (s.external)
            externals.push_back(s.key);
    QCOMPARE(externals, std::vector<std::string>{"k8s:external/search-0.search.stream"});
    QVERIFY(dump(d).find("S3cret-Mongo") == std::string::npos);

    // Where no file of the import has the headless Service, a pod's name relative to its namespace is that
    // namespace's (staging's and production's kafka-0 are two), as a bare name is; a name outside the
    // cluster, or with its namespace, is one for every namespace.
    auto live = [](const std::string& ns) {
        return "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: " + ns +
               "}\nspec:\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers:\n"
               "      - name: api\n        image: acme/api:3\n        env:\n"
               "        - {name: KAFKA_BROKERS, value: 'kafka-0.kafka-headless:9092'}\n"
               "        - {name: DB_HOST, value: db.example.com}\n"
               "        - {name: PAYMENTS_URL, value: 'http://payments.billing:8080'}\n";
    };
    const auto both = K8sParser().parseEach(
        {inline_("staging.yaml", live("shop-staging")), inline_("prod.yaml", live("shop-prod"))}, {});
    for (const auto& [one, ns] : {std::pair<const Discovery&, std::string>{both[0], "shop-staging"},
                                  std::pair<const Discovery&, std::string>{both[1], "shop-prod"}}) {
        const auto* pod = systemOf(one, "k8s:external/kafka-0.kafka-headless." + ns);
        QVERIFY2(pod, ns.c_str());
        QVERIFY(hasId(pod, "kafka-0.kafka-headless." + ns + ".svc.cluster.local"));
        QVERIFY(!hasId(pod, "kafka-0.kafka-headless"));
        QVERIFY(edgeOf(one, "k8s:Deployment/" + ns + "/api", "k8s:external/db.example.com"));
        QVERIFY(edgeOf(one, "k8s:Deployment/" + ns + "/api", "k8s:external/payments.billing"));
        QCOMPARE(one.systems.size(), size_t(4));
    }
}

void TestK8sParser::routeHostnamesAreTheGateways() {
    // An HTTPRoute's hostnames are served by the Gateway it attaches to: a workload calling one calls that
    // Gateway, as it calls an Ingress of that host, whether the route is in its file or another.
    const std::string gateway = "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: "
                                "public, namespace: infra}\n"
                                "spec:\n  gatewayClassName: cilium\n  listeners:\n"
                                "  - {name: https, hostname: '*.example.com', port: 443, protocol: HTTPS}\n";
    const std::string route =
        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: shop, namespace: shop}\n"
        "spec:\n  parentRefs: [{name: public, namespace: infra, sectionName: https}]\n"
        "  hostnames: [shop.example.com, '*.shop.example.com']\n  rules:\n  - backendRefs: [{name: web, "
        "port: 80}]\n";
    const std::string web =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n"
        "  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n"
        "      - {name: web, image: 'acme/web:4', env: [{name: CHECKOUT_URL, value: "
        "'https://shop.example.com/checkout'}]}\n"
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\n"
        "spec: {selector: {app: web}, ports: [{port: 80}]}\n";
    const auto one = parse(inline_("all.yaml", gateway + "---\n" + route + "---\n" + web));
    const auto* call = edgeOf(one, "k8s:Deployment/shop/web", "k8s:Gateway/infra/public");
    QVERIFY(call);
    QCOMPARE(call->evidence, std::string("env CHECKOUT_URL -> shop.example.com"));
    QVERIFY(!systemOf(one, "k8s:external/shop.example.com"));
    QVERIFY(hasId(systemOf(one, "k8s:Gateway/infra/public"), "shop.example.com"));
    QVERIFY(!hasId(systemOf(one, "k8s:Gateway/infra/public"), "*.shop.example.com"));
    const auto split = K8sParser().parseEach(
        {inline_("gateway.yaml", gateway), inline_("route.yaml", route), inline_("web.yaml", web)}, {});
    QVERIFY(edgeOf(split[2], "k8s:Deployment/shop/web", "k8s:Gateway/infra/public"));
    QVERIFY(!systemOf(split[2], "k8s:external/shop.example.com"));
}

void TestK8sParser::hostsInShellScripts() {
    // A client's host in a script given to sh -c, as command or as argument, as in its own command line.
    const std::string services =
        "apiVersion: v1\nkind: Service\nmetadata: {name: pg, namespace: data}\nspec: {selector: {app: pg}}\n"
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: redis, namespace: data}\n"
        "spec: {selector: {app: redis}}\n";
    auto cronJob = [](const std::string& name, const std::string& container) {
        return "---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: " + name +
               ", namespace: data}\nspec:\n  schedule: '0 3 * * *'\n  jobTemplate:\n    spec:\n      "
               "template:\n"
               "        spec:\n          containers:\n          - " +
               container + "\n";
    };
    const auto d = parse(inline_(
        "backup.yaml",
        services +
            cronJob("backup-shc",
                    "{name: b, image: 'postgres:16', command: ['/bin/sh', '-c', 'pg_dump -h pg -U "
                    "postgres shop | gzip > /backup/shop.sql.gz']}") +
            cronJob("backup-direct",
                    "{name: b, image: 'postgres:16', command: [pg_dump, -h, pg, -U, postgres, shop]}") +
            cronJob("flush-shc",
                    "{name: f, image: 'redis:7', command: [sh, -c], args: ['redis-cli -h redis FLUSHDB']}") +
            cronJob("vacuum-bash",
                    "{name: v, image: 'postgres:16', command: [bash, -ec, 'psql -h pg -c \"VACUUM\"']}")));
    for (const char* job : {"backup-shc", "backup-direct", "vacuum-bash"}) {
        const auto* e = edgeOf(d, std::string("k8s:CronJob/data/") + job, "k8s:Service/data/pg");
        QVERIFY2(e, job);
        QCOMPARE(e->evidence, std::string("args host=pg"));
    }
    QVERIFY(edgeOf(d, "k8s:CronJob/data/flush-shc", "k8s:Service/data/redis"));
    for (const auto& s : d.systems)
        QVERIFY2(!s.external, s.key.c_str());
}

void TestK8sParser::sniffing() {
    const K8sParser p;
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
        if (path.contains(QStringLiteral("/kubernetes/"))) {
            QVERIFY2(score >= 60, qPrintable(path));
            ++mine;
        } else {
            QVERIFY2(score < 30, qPrintable(path + QStringLiteral(" scored ") + QString::number(score)));
            ++others;
        }
    }
    QCOMPARE(mine, 8);
    QVERIFY(others > 10);
    QVERIFY(p.sniff("x.yaml", "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\n") >= 50);
    QCOMPARE(p.sniff("catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\n"), 0);
    QCOMPARE(p.sniff("compose.yaml", "services:\n  web:\n    image: nginx\n"), 0);
}

QTEST_APPLESS_MAIN(TestK8sParser)
#include "tst_k8sparser.moc"
