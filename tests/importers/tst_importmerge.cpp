// Merging discoveries into a map: joins by identifier, re-import, gone systems, people's edits kept.
#include "ImportMerge.h"
#include "JsonText.h"
#include "Project.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace terrain;

namespace {

DiscoveredSystem sys(const std::string& key, const std::string& name, const std::string& kind,
                     std::vector<std::string> identifiers = {}) {
    DiscoveredSystem s;
    s.key = key;
    s.name = name;
    s.kind = kind;
    s.address = key.substr(key.find(':') + 1);
    s.identifiers = std::move(identifiers);
    return s;
}

Discovery state(std::vector<DiscoveredSystem> systems, std::vector<DiscoveredEdge> edges) {
    Discovery d;
    d.format = "tfstate";
    d.file = "prod.tfstate";
    d.scope = "tfstate:lineage-1";
    d.systems = std::move(systems);
    d.edges = std::move(edges);
    return d;
}

MergeOptions day(const char* date) {
    MergeOptions o;
    o.today = date;
    o.now = std::string(date) + "T10:00:00Z";
    o.environment = "production";
    return o;
}

std::vector<DiscoveredSystem> threeSystems() {
    return {sys("tf:aws_instance.web", "web", "compute", {"i-0abc"}),
            sys("tf:aws_db_instance.main", "main", "database", {"db-main", "arn:aws:rds:x:1:db:main"}),
            sys("tf:aws_subnet.a", "subnet a", "network", {"subnet-1"})};
}

} // namespace

class TestImportMerge : public QObject {
    Q_OBJECT
private slots:
    void init();
    void firstImportAddsSystemsAndEdges();
    void sourcesJoinByIdentifier();
    void reimportMarksGoneAndKeepsAnnotations();
    void movedResourceAndANewOneAtItsAddress();
    void peoplesEditsAreNeverOverwritten();
    void vanishedEdgesGoManualOnesStay();
    void unresolvedEdgeIsAWarning();
    void graphResourcesJoinTheirInstances();
    void plainDependencyJoinsWhatAnotherSourceKnows();
    void placeholdersNeverOverwriteWhatIsManaged();
    void filesOfOneNameAreTwoSources();
    void importIsOneUndoStep();
    void factsLandOnTheirSystems();
    void factsHeldAsTextMergeAsDocuments();
    void discoveredOfOneSourceIsItsDocumentsText();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Project> m_p;
    int m_n = 0;
};

void TestImportMerge::init() {
    m_p.reset();
    m_p = Project::create(m_dir.filePath(QStringLiteral("m%1.terrain").arg(++m_n)).toStdString());
}

void TestImportMerge::firstImportAddsSystemsAndEdges() {
    auto d = state(threeSystems(),
                   {{"tf:aws_instance.web", "tf:aws_db_instance.main", "reads-writes", "dependencies"},
                    {"tf:aws_instance.web", "subnet-1", "runs-on", "subnet_id"}});
    d.contentHash = "abc";
    const auto plan = planMerge(*m_p, {d}, day("2026-11-01"));
    QCOMPARE(plan.added().size(), size_t(3));
    QCOMPARE(plan.edgeInserts.size(), size_t(2));
    QCOMPARE(m_p->count(EntityKind::System), std::int64_t(0)); // planning writes nothing
    applyMerge(*m_p, plan, QStringLiteral("Import"));
    const auto web = *m_p->systemByKey("tf:aws_instance.web");
    QCOMPARE(web.environment, std::string("production"));
    QCOMPARE(web.origin, std::string("discovered"));
    QCOMPARE(web.sources, std::vector<std::string>{"tfstate"});
    QCOMPARE(web.scopes, std::vector<std::string>{"tfstate:lineage-1"});
    QCOMPARE(web.firstSeen, std::string("2026-11-01"));
    QCOMPARE(web.discovered["tfstate"].value("name", ""), std::string("web"));
    QCOMPARE(m_p->dependenciesOf(web.id).size(), size_t(2));
    const auto runs = m_p->list<ImportRun>();
    QCOMPARE(runs.size(), size_t(1));
    QCOMPARE(runs[0].added, 3);
    QCOMPARE(runs[0].contentHash, std::string("abc"));
    QCOMPARE(plan.added().size(), size_t(3));
}

void TestImportMerge::sourcesJoinByIdentifier() {
    applyMerge(*m_p, planMerge(*m_p, {state(threeSystems(), {})}, day("2026-11-01")),
               QStringLiteral("Import"));
    Discovery aws;
    aws.format = "awscli";
    aws.file = "ec2-describe-instances.json";
    aws.scope = "awscli:123/eu-west-1";
    auto inst = sys("aws:i-0abc", "web-1", "compute", {"i-0abc"});
    inst.attributes = json{{"instance_type", "t3.large"}};
    aws.systems = {inst, sys("aws:i-0new", "worker", "compute", {"i-0new"})};
    aws.edges = {{"i-0new", "subnet-1", "runs-on", "SubnetId"}};
    const auto plan = planMerge(*m_p, {aws}, day("2026-11-02"));
    QCOMPARE(plan.added(), std::vector<std::string_view>{"aws:i-0new"});
    QCOMPARE(plan.changed, std::vector<std::string>{"tf:aws_instance.web"});
    applyMerge(*m_p, plan, QStringLiteral("Import"));
    QCOMPARE(m_p->count(EntityKind::System), std::int64_t(4));
    const auto web = *m_p->systemByKey("tf:aws_instance.web");
    QCOMPARE(web.name, std::string("web")); // IaC names it first
    QCOMPARE(web.sources, (std::vector<std::string>{"tfstate", "awscli"}));
    QCOMPARE(web.attributes.value("instance_type", ""), std::string("t3.large"));
    QVERIFY(std::find(web.identifiers.begin(), web.identifiers.end(), "aws:i-0abc") != web.identifiers.end());
    const auto worker = *m_p->systemByKey("aws:i-0new");
    QCOMPARE(m_p->dependenciesOf(worker.id).size(), size_t(1)); // edge by identifier into the state's subnet
    // Re-importing the AWS output matches by the joined key, adds nothing.
    const auto again = planMerge(*m_p, {aws}, day("2026-11-02"));
    QVERIFY(again.added().empty() && again.changed.empty() && again.gone.empty());
}

void TestImportMerge::reimportMarksGoneAndKeepsAnnotations() {
    applyMerge(*m_p, planMerge(*m_p, {state(threeSystems(), {})}, day("2026-11-01")),
               QStringLiteral("Import"));
    auto db = *m_p->systemByKey("tf:aws_db_instance.main");
    db.notes = "restored by hand in 2025";
    db.criticality = "critical";
    m_p->save(db);
    Risk r;
    r.title = "no restore test";
    r.systems = {db.id};
    m_p->add(r);

    auto fewer = threeSystems();
    fewer.erase(fewer.begin() + 1); // the database vanished from the state
    const auto plan = planMerge(*m_p, {state(fewer, {})}, day("2026-11-05"));
    QCOMPARE(plan.gone, std::vector<std::string>{"tf:aws_db_instance.main"});
    QVERIFY(plan.added().empty());
    applyMerge(*m_p, plan, QStringLiteral("Re-import"));
    const auto gone = *m_p->systemByKey("tf:aws_db_instance.main");
    QCOMPARE(gone.status, std::string("gone"));
    QCOMPARE(gone.notes, std::string("restored by hand in 2025"));
    QCOMPARE(gone.criticality, std::string("critical"));
    QCOMPARE(m_p->list<Risk>().front().systems, std::vector<Id>{gone.id});
    QCOMPARE(m_p->systemByKey("tf:aws_instance.web")->lastSeen, std::string("2026-11-05"));

    // It comes back: present again, same key, same row.
    applyMerge(*m_p, planMerge(*m_p, {state(threeSystems(), {})}, day("2026-11-06")),
               QStringLiteral("Re-import"));
    const auto back = *m_p->systemByKey("tf:aws_db_instance.main");
    QCOMPARE(back.id, gone.id);
    QCOMPARE(back.status, std::string("present"));
}

void TestImportMerge::peoplesEditsAreNeverOverwritten() {
    applyMerge(*m_p, planMerge(*m_p, {state(threeSystems(), {})}, day("2026-11-01")),
               QStringLiteral("Import"));
    auto web = *m_p->systemByKey("tf:aws_instance.web");
    web.name = "Storefront";
    web.tags = {"ssh"};
    m_p->save(web);
    auto changed = threeSystems();
    changed[0].name = "web-v2";
    changed[0].kind = "service";
    changed[0].tags = {"k8s-node"};
    applyMerge(*m_p, planMerge(*m_p, {state(changed, {})}, day("2026-11-02")), QStringLiteral("Re-import"));
    web = *m_p->systemByKey("tf:aws_instance.web");
    QCOMPARE(web.name, std::string("Storefront")); // the person's name stays
    QCOMPARE(web.kind, std::string("service"));    // an untouched field follows the source
    QCOMPARE(web.tags, (std::vector<std::string>{"ssh", "k8s-node"}));
    QCOMPARE(web.discovered["tfstate"].value("name", ""), std::string("web-v2"));
}

void TestImportMerge::vanishedEdgesGoManualOnesStay() {
    auto d = state(threeSystems(), {{"tf:aws_instance.web", "tf:aws_db_instance.main", "reads", "x"}});
    applyMerge(*m_p, planMerge(*m_p, {d}, day("2026-11-01")), QStringLiteral("Import"));
    const auto web = *m_p->systemByKey("tf:aws_instance.web");
    const auto subnet = *m_p->systemByKey("tf:aws_subnet.a");
    Dependency manual;
    manual.from = web.id;
    manual.to = subnet.id;
    manual.kind = "runs-on";
    m_p->add(manual);
    const auto plan = planMerge(*m_p, {state(threeSystems(), {})}, day("2026-11-02"));
    QCOMPARE(plan.edgeRemovals.size(), size_t(1));
    applyMerge(*m_p, plan, QStringLiteral("Re-import"));
    const auto deps = m_p->list<Dependency>();
    QCOMPARE(deps.size(), size_t(1));
    QCOMPARE(deps[0].origin, std::string("manual"));
}

void TestImportMerge::unresolvedEdgeIsAWarning() {
    auto d = state(threeSystems(),
                   {{"tf:aws_instance.web", "sg-unknown", "depends-on", "vpc_security_group_ids"}});
    const auto plan = planMerge(*m_p, {d}, day("2026-11-01"));
    QCOMPARE(plan.warnings.size(), size_t(1));
    QVERIFY2(plan.warnings[0].find("sg-unknown") != std::string::npos, plan.warnings[0].c_str());
    QVERIFY(plan.edgeInserts.empty());
}

void TestImportMerge::graphResourcesJoinTheirInstances() {
    // The state's instances, and `terraform graph`'s resources (it knows no instances).
    const auto instances = state({sys("tf:aws_instance.web[0]", "web 0", "compute"),
                                  sys("tf:aws_instance.web[1]", "web 1", "compute"),
                                  sys("tf:module.svc[\"a\"].aws_lambda_function.f", "f a", "function"),
                                  sys("tf:module.svc[\"b\"].aws_lambda_function.f", "f b", "function"),
                                  sys("tf:aws_db_instance.main", "main", "database")},
                                 {});
    Discovery graph;
    graph.format = "tfgraph";
    graph.file = "graph.dot";
    graph.scope = "tfgraph:graph.dot";
    graph.systems = {sys("tf:aws_instance.web", "web", "compute"),
                     sys("tf:module.svc.aws_lambda_function.f", "f", "function"),
                     sys("tf:aws_db_instance.main", "main", "database"),
                     sys("tf:aws_sqs_queue.jobs", "jobs", "queue")}; // in the configuration only
    graph.edges = {
        {"tf:aws_instance.web", "tf:aws_db_instance.main", "depends-on", "terraform graph"},
        {"tf:module.svc.aws_lambda_function.f", "tf:aws_instance.web", "depends-on", "terraform graph"},
        {"tf:module.svc.aws_lambda_function.f", "tf:aws_sqs_queue.jobs", "depends-on", "terraform graph"}};
    auto keysOf = [](const std::vector<std::string_view>& keys) {
        return std::vector<std::string>(keys.begin(), keys.end());
    };
    const std::vector<std::string> expected = {"tf:aws_db_instance.main",
                                               "tf:aws_instance.web[0]",
                                               "tf:aws_instance.web[1]",
                                               "tf:aws_sqs_queue.jobs",
                                               "tf:module.svc[\"a\"].aws_lambda_function.f",
                                               "tf:module.svc[\"b\"].aws_lambda_function.f"};
    // In one import: each graph edge joins every instance at each end (2 + 2x2 + 2).
    const auto together = planMerge(*m_p, {instances, graph}, day("2026-11-01"));
    QCOMPARE(keysOf(together.added()), expected);
    QCOMPARE(together.edgeInserts.size(), size_t(8));
    // The graph after the state, in another import: the same map.
    applyMerge(*m_p, planMerge(*m_p, {instances}, day("2026-11-01")), QStringLiteral("Import state"));
    const auto later = planMerge(*m_p, {graph}, day("2026-11-02"));
    QCOMPARE(keysOf(later.added()), std::vector<std::string>{"tf:aws_sqs_queue.jobs"});
    QCOMPARE(later.edgeInserts.size(), size_t(8));
    // Without the state, the graph's resources are the systems.
    init();
    QCOMPARE(planMerge(*m_p, {graph}, day("2026-11-01")).added().size(), size_t(4));

    // Instances moved in the configuration (a `moved` block: the plan knows them by their new address, an
    // identifier of the systems the state made), then the graph of that configuration: its resource is
    // those instances, not a system of its own.
    init();
    auto cache = state({sys("tf:terraform_data.cache[\"a\"]", "cache a", "other"),
                        sys("tf:terraform_data.cache[\"b\"]", "cache b", "other")},
                       {});
    cache.systems[0].identifiers = {"tf:terraform_data.kv[\"a\"]"};
    cache.systems[1].identifiers = {"tf:terraform_data.kv[\"b\"]"};
    applyMerge(*m_p, planMerge(*m_p, {cache}, day("2026-11-01")), QStringLiteral("Import state"));
    Discovery moved = graph;
    moved.systems = {sys("tf:terraform_data.kv", "kv", "other"),
                     sys("tf:terraform_data.extra", "extra", "other")};
    moved.edges = {{"tf:terraform_data.extra", "tf:terraform_data.kv", "depends-on", "terraform graph"}};
    const auto afterMove = planMerge(*m_p, {moved}, day("2026-11-02"));
    QCOMPARE(keysOf(afterMove.added()), std::vector<std::string>{"tf:terraform_data.extra"});
    QCOMPARE(afterMove.edgeInserts.size(), size_t(2));
    for (const auto& e : afterMove.edgeInserts)
        QVERIFY(e.to > 0); // a system of the map: cache a and cache b
}

// A resource moved into a module (a `moved` block) keeps its system, found by its id; then a new resource is
// made at its old address: the state has both, and the new one is another system (the moved one keeps its
// key, its owner, its group), again at every import, with its own dependency.
void TestImportMerge::movedResourceAndANewOneAtItsAddress() {
    const std::string moved = "i-0aaaaaaaaaaaaaaa1", fresh = "i-0bbbbbbbbbbbbbbb2";
    applyMerge(*m_p,
               planMerge(*m_p, {state({sys("tf:aws_instance.worker", "worker", "compute", {moved})}, {})},
                         day("2026-11-01")),
               QStringLiteral("Import"));
    auto worker = *m_p->systemByKey("tf:aws_instance.worker");
    worker.owner = "jobs-team";
    m_p->save(worker);
    DiscoveredSystem inModule = sys("tf:module.wk.aws_instance.worker", "worker", "compute", {moved});
    inModule.group = "module.wk";
    applyMerge(*m_p, planMerge(*m_p, {state({inModule}, {})}, day("2026-11-02")), QStringLiteral("Import"));
    QCOMPARE(m_p->list<System>().size(), size_t(1));
    const auto both = state({inModule, sys("tf:aws_instance.worker", "worker", "compute", {fresh}),
                             sys("tf:aws_db_instance.db", "db", "database", {"db-1a2b3c4d"})},
                            {{"tf:aws_instance.worker", "tf:aws_db_instance.db", "depends-on", "db"}});
    for (const char* date : {"2026-11-03", "2026-11-04"}) {
        const MergePlan plan = planMerge(*m_p, {both}, day(date));
        for (const auto& w : plan.warnings)
            QVERIFY2(w.find("kept together") == std::string::npos, w.c_str());
        applyMerge(*m_p, plan, QStringLiteral("Import"));
        QCOMPARE(m_p->list<System>().size(), size_t(3));
        const auto kept = m_p->systemByKey("tf:aws_instance.worker");
        QCOMPARE(kept->owner, std::string("jobs-team"));
        QCOMPARE(kept->group, std::string("module.wk"));
        QVERIFY(std::find(kept->identifiers.begin(), kept->identifiers.end(), fresh) ==
                kept->identifiers.end());
        const auto made = m_p->systemByKey("tf:aws_instance.worker@new-bbbbbbb2");
        QVERIFY(made);
        QCOMPARE(made->owner, std::string());
        const auto deps = m_p->list<Dependency>();
        QCOMPARE(deps.size(), size_t(1));
        QCOMPARE(deps[0].from, made->id);
    }
}

void TestImportMerge::plainDependencyJoinsWhatAnotherSourceKnows() {
    // The state knows web[0] runs in subnet b (its subnet_id); web[1]'s values name no subnet. A plan's
    // configuration and `terraform graph` know only that the resources depend on each other.
    auto instances = state(
        {sys("tf:aws_instance.web[0]", "web 0", "compute"), sys("tf:aws_instance.web[1]", "web 1", "compute"),
         sys("tf:aws_subnet.private[0]", "a", "network"), sys("tf:aws_subnet.private[1]", "b", "network")},
        {{"tf:aws_instance.web[0]", "tf:aws_subnet.private[1]", "runs-on", "subnet_id"}});
    Discovery plan;
    plan.format = "tfjson";
    plan.file = "plan.json";
    plan.scope = "tfjson:plan.json";
    plan.systems = instances.systems;
    plan.edges = {{"tf:aws_instance.web[0]", "tf:aws_subnet.private[1]", "depends-on", "subnet_id"}};
    Discovery graph;
    graph.format = "tfgraph";
    graph.file = "graph.dot";
    graph.scope = "tfgraph:graph.dot";
    graph.systems = {sys("tf:aws_instance.web", "web", "compute"),
                     sys("tf:aws_subnet.private", "p", "network")};
    graph.edges = {{"tf:aws_instance.web", "tf:aws_subnet.private", "depends-on", "terraform graph"}};
    // key of each end, kind, scopes: what the map holds, in order. (A resource the graph gave first is its
    // first instance since: named by that instance's key, one of its identifiers.)
    auto edges = [&] {
        std::map<Id, std::string> keys;
        for (const auto& s : m_p->list<System>()) {
            keys[s.id] = s.key;
            for (const auto& ident : s.identifiers)
                if (ident.starts_with(s.key + "["))
                    keys[s.id] = ident;
        }
        std::vector<std::string> out;
        for (auto d : m_p->list<Dependency>()) {
            std::sort(d.scopes.begin(), d.scopes.end());
            std::string scopes;
            for (const auto& scope : d.scopes)
                scopes += " " + scope.substr(0, scope.find(':'));
            out.push_back(keys[d.from] + " " + d.kind + " " + keys[d.to] + ":" + scopes);
        }
        std::sort(out.begin(), out.end());
        return out;
    };
    const std::vector<std::string> expected = {
        "tf:aws_instance.web[0] runs-on tf:aws_subnet.private[1]: tfgraph tfjson tfstate",
        "tf:aws_instance.web[1] depends-on tf:aws_subnet.private[0]: tfgraph",
        "tf:aws_instance.web[1] depends-on tf:aws_subnet.private[1]: tfgraph"};
    // Together, and one after the other in every order: one dependency per pair, of the kind the state
    // knows, from the graph to the subnet the state names alone.
    std::vector<Discovery> sources = {instances, plan, graph};
    std::vector<int> order = {0, 1, 2};
    applyMerge(*m_p, planMerge(*m_p, sources, day("2026-11-01")), QStringLiteral("Import"));
    QCOMPARE(edges(), expected);
    // The graph first has only its resources to make systems of; the import that brings their instances
    // joins the graph's edges to them, and each resource is its first instance (with what people wrote on
    // it), not a system gone.
    do {
        init();
        for (int i : order)
            applyMerge(*m_p, planMerge(*m_p, {sources[i]}, day("2026-11-01")), QStringLiteral("Import"));
        QVERIFY2(edges() == expected, QByteArray::number(order[0] * 100 + order[1] * 10 + order[2]));
        std::vector<std::string> gone;
        for (const auto& s : m_p->list<System>())
            if (s.status == "gone")
                gone.push_back(s.key);
        QCOMPARE(gone, std::vector<std::string>{});
        QCOMPARE(m_p->list<System>().size(), size_t(4));
        // Importing any of them again changes nothing.
        for (const auto& again : sources) {
            const auto p = planMerge(*m_p, {again}, day("2026-11-02"));
            QVERIFY2(p.edgeInserts.empty() && p.edgeRemovals.empty() && p.edgeUpdates.empty(),
                     (std::to_string(order[0] * 100 + order[1] * 10 + order[2]) + " " + again.format + " " +
                      std::to_string(p.edgeInserts.size()) + "/" + std::to_string(p.edgeRemovals.size()) +
                      "/" + std::to_string(p.edgeUpdates.size()))
                         .c_str());
        }
    } while (std::next_permutation(order.begin(), order.end()));

    // A map an earlier build made (the state's edges to every subnet, the plan's scope named by its file
    // alone, plain and known kinds side by side), imported again: the same dependencies as a new map.
    const std::vector<std::string> fresh = [&] {
        init();
        applyMerge(*m_p, planMerge(*m_p, sources, day("2026-11-01")), QStringLiteral("Import"));
        return edges();
    }();
    init();
    Discovery oldState = instances;
    oldState.edges.push_back(
        {"tf:aws_instance.web[0]", "tf:aws_subnet.private[0]", "depends-on", "dependencies"});
    Discovery oldPlan = plan;
    oldPlan.scope = "tfjson:plan.json";
    applyMerge(*m_p, planMerge(*m_p, {oldState, oldPlan}, day("2026-11-01")), QStringLiteral("Earlier"));
    Dependency plainBefore; // as the earlier build kept it, beside the state's runs-on
    plainBefore.from = m_p->systemByKey("tf:aws_instance.web[0]")->id;
    plainBefore.to = m_p->systemByKey("tf:aws_subnet.private[1]")->id;
    plainBefore.kind = "depends-on";
    plainBefore.origin = "discovered";
    plainBefore.scopes = {"tfjson:plan.json"};
    m_p->add(plainBefore);
    QCOMPARE(m_p->list<Dependency>().size(), size_t(3));
    Discovery newPlan = plan;
    newPlan.legacyScope = "tfjson:plan.json";
    applyMerge(*m_p, planMerge(*m_p, {instances, newPlan, graph}, day("2026-11-02")),
               QStringLiteral("Again"));
    QCOMPARE(edges(), fresh);

    // What a person wrote is theirs: their plain dependency stays beside the state's.
    init();
    applyMerge(*m_p, planMerge(*m_p, {plan}, day("2026-11-01")), QStringLiteral("Import plan"));
    Dependency manual;
    manual.from = m_p->systemByKey("tf:aws_instance.web[1]")->id;
    manual.to = m_p->systemByKey("tf:aws_subnet.private[0]")->id;
    manual.kind = "depends-on";
    m_p->add(manual);
    instances.edges.push_back({"tf:aws_instance.web[1]", "tf:aws_subnet.private[0]", "runs-on", "subnet_id"});
    applyMerge(*m_p, planMerge(*m_p, {instances}, day("2026-11-02")), QStringLiteral("Import state"));
    QCOMPARE(edges(), (std::vector<std::string>{
                          "tf:aws_instance.web[0] runs-on tf:aws_subnet.private[1]: tfjson tfstate",
                          "tf:aws_instance.web[1] depends-on tf:aws_subnet.private[0]:",
                          "tf:aws_instance.web[1] runs-on tf:aws_subnet.private[0]: tfstate"}));
}

void TestImportMerge::placeholdersNeverOverwriteWhatIsManaged() {
    // One state manages the VPC; another reads it (a data source: a reference) and puts a subnet in it.
    // In either order the map ends with the managed VPC as its state describes it, used by both states,
    // not "managed elsewhere"; importing either again changes nothing.
    auto vpcOf = [](const std::string& key, const std::string& name, bool reference) {
        DiscoveredSystem v = sys(key, name, "network", {"vpc-0abc"});
        v.reference = reference;
        v.attributes = reference ? json{{"id", "vpc-0abc"}, {"tf_mode", "data"}}
                                 : json{{"id", "vpc-0abc"}, {"cidr_block", "10.0.0.0/16"}};
        return v;
    };
    Discovery managing = state({vpcOf("tf:aws_vpc.main", "main-vpc", false)}, {});
    Discovery reading = state({vpcOf("tf:data.aws_vpc.shared", "data.aws_vpc.shared", true),
                               sys("tf:aws_subnet.app", "app", "network")},
                              {{"tf:aws_subnet.app", "tf:data.aws_vpc.shared", "runs-on", "vpc_id"}});
    reading.file = "network.tfstate";
    reading.scope = "tfstate:lineage-2";
    auto described = [&] {
        const auto all = m_p->list<System>();
        const auto vpc = std::find_if(all.begin(), all.end(),
                                      [](const System& s) { return s.kind == "network" && s.name != "app"; });
        if (vpc == all.end())
            return std::string("no vpc");
        std::string tags;
        for (const auto& t : vpc->tags)
            tags += t + ",";
        return vpc->name + " | " + tags + " | " +
               nlohmann::json::parse(documentOf(vpc->attributes).dump()).dump() + " | " +
               std::to_string(vpc->scopes.size()) + " scopes";
    };
    const std::string expected =
        "main-vpc |  | {\"cidr_block\":\"10.0.0.0/16\",\"id\":\"vpc-0abc\"} | 2 scopes";
    for (const bool managedFirst : {true, false}) {
        init();
        const Discovery& first = managedFirst ? managing : reading;
        const Discovery& second = managedFirst ? reading : managing;
        applyMerge(*m_p, planMerge(*m_p, {first}, day("2026-11-01")), QStringLiteral("first"));
        applyMerge(*m_p, planMerge(*m_p, {second}, day("2026-11-01")), QStringLiteral("second"));
        QCOMPARE(QString::fromStdString(described()), QString::fromStdString(expected));
        QCOMPARE(m_p->list<Dependency>().size(), size_t(1)); // the subnet runs on the one VPC
        for (const Discovery* again : {&first, &second}) {
            const auto plan = planMerge(*m_p, {*again}, day("2026-11-02"));
            QVERIFY(plan.changed.empty());
            QVERIFY(plan.added().empty());
        }
    }
    // Both in one import, in either order: the same.
    for (const bool managedFirst : {true, false}) {
        init();
        applyMerge(*m_p,
                   planMerge(*m_p,
                             managedFirst ? std::vector{managing, reading} : std::vector{reading, managing},
                             day("2026-11-01")),
                   QStringLiteral("both"));
        QCOMPARE(QString::fromStdString(described()), QString::fromStdString(expected));
    }
    // A host that no file defines (an external) becomes the Service that a later import defines: its
    // "external" mark and guessed kind go.
    init();
    Discovery compose;
    compose.format = "k8s";
    compose.file = "app.yaml";
    compose.scope = "k8s:app.yaml";
    DiscoveredSystem ext = sys("k8s:external/payments", "payments", "external", {"payments"});
    ext.external = true;
    ext.tags = {"external"};
    compose.systems = {ext};
    applyMerge(*m_p, planMerge(*m_p, {compose}, day("2026-11-01")), QStringLiteral("app"));
    Discovery payments = compose;
    payments.file = "payments.yaml";
    payments.scope = "k8s:payments.yaml";
    payments.systems = {sys("k8s:Service/default/payments", "payments", "network", {"payments"})};
    applyMerge(*m_p, planMerge(*m_p, {payments}, day("2026-11-02")), QStringLiteral("payments"));
    const auto all = m_p->list<System>();
    QCOMPARE(all.size(), size_t(1));
    QCOMPARE(all[0].kind, std::string("network"));
    QVERIFY(all[0].tags.empty());
}

void TestImportMerge::filesOfOneNameAreTwoSources() {
    // Two applications' deployment.yaml, imported one after the other: two sources (scopes by path), so
    // the second never marks the first's systems gone.
    auto manifest = [](const std::string& app) {
        Discovery d;
        d.format = "k8s";
        d.file = "deployment.yaml";
        d.scope = "k8s:/repos/" + app + "/deployment.yaml";
        d.legacyScope = "k8s:deployment.yaml";
        d.systems = {sys("k8s:Deployment/default/" + app, app, "service"),
                     sys("k8s:Service/default/" + app, app, "network")};
        d.edges = {{"k8s:Service/default/" + app, "k8s:Deployment/default/" + app, "routes-to", "selector"}};
        return d;
    };
    auto statusOf = [&](const std::string& key) { return m_p->systemByKey(key)->status; };
    applyMerge(*m_p, planMerge(*m_p, {manifest("orders")}, day("2026-11-01")), QStringLiteral("orders"));
    const auto second = planMerge(*m_p, {manifest("payments")}, day("2026-11-02"));
    QVERIFY(second.gone.empty());
    applyMerge(*m_p, second, QStringLiteral("payments"));
    QCOMPARE(statusOf("k8s:Deployment/default/orders"), std::string("present"));
    QCOMPARE(m_p->list<Dependency>().size(), size_t(2));

    // A map written before scopes had paths holds "k8s:deployment.yaml": the one file of that name an
    // import reads, describing what that scope held, takes it over, written back at once (systems and
    // dependencies), so that the other application's file, imported next, is a source of its own there too.
    init();
    Discovery old = manifest("orders");
    old.scope = old.legacyScope;
    old.legacyScope.clear();
    applyMerge(*m_p, planMerge(*m_p, {old}, day("2026-11-01")), QStringLiteral("orders, before"));
    QCOMPARE(m_p->systemByKey("k8s:Deployment/default/orders")->scopes,
             std::vector<std::string>{"k8s:deployment.yaml"});
    const auto upgrade = planMerge(*m_p, {manifest("orders")}, day("2026-11-02"));
    QVERIFY(upgrade.gone.empty());
    QVERIFY(upgrade.added().empty());
    applyMerge(*m_p, upgrade, QStringLiteral("orders, again"));
    QCOMPARE(m_p->systemByKey("k8s:Deployment/default/orders")->scopes,
             std::vector<std::string>{"k8s:/repos/orders/deployment.yaml"});
    for (const auto& dep : m_p->list<Dependency>())
        QCOMPARE(dep.scopes, std::vector<std::string>{"k8s:/repos/orders/deployment.yaml"});
    applyMerge(*m_p, planMerge(*m_p, {manifest("payments")}, day("2026-11-03")), QStringLiteral("payments"));
    QCOMPARE(statusOf("k8s:Deployment/default/orders"), std::string("present"));
    QCOMPARE(statusOf("k8s:Deployment/default/payments"), std::string("present"));
    // Undone, the map is as it was before the upgrade.
    m_p->undo();
    m_p->undo();
    QCOMPARE(m_p->systemByKey("k8s:Deployment/default/orders")->scopes,
             std::vector<std::string>{"k8s:deployment.yaml"});

    // The other application's file first: it describes other things (and only names the orders Service),
    // so it is not the file the map's "k8s:deployment.yaml" came from, and marks nothing gone.
    init();
    applyMerge(*m_p, planMerge(*m_p, {old}, day("2026-11-01")), QStringLiteral("orders, before"));
    Discovery payments = manifest("payments");
    DiscoveredSystem named = sys("k8s:Service/default/orders", "orders", "network");
    named.reference = true;
    payments.systems.push_back(named);
    const auto other = planMerge(*m_p, {payments}, day("2026-11-02"));
    QVERIFY(other.gone.empty());
    applyMerge(*m_p, other, QStringLiteral("payments"));
    QCOMPARE(statusOf("k8s:Deployment/default/orders"), std::string("present"));
    QCOMPARE(m_p->systemByKey("k8s:Deployment/default/orders")->scopes,
             std::vector<std::string>{"k8s:deployment.yaml"});

    // Both files in one import: which held the old scope is unknown, so it is left as it is.
    init();
    applyMerge(*m_p, planMerge(*m_p, {old}, day("2026-11-01")), QStringLiteral("orders, before"));
    const auto both = planMerge(*m_p, {manifest("orders"), manifest("payments")}, day("2026-11-02"));
    applyMerge(*m_p, both, QStringLiteral("both"));
    auto scopes = m_p->systemByKey("k8s:Deployment/default/orders")->scopes;
    std::sort(scopes.begin(), scopes.end());
    QCOMPARE(scopes, (std::vector<std::string>{"k8s:/repos/orders/deployment.yaml", "k8s:deployment.yaml"}));
}

void TestImportMerge::importIsOneUndoStep() {
    applyMerge(*m_p,
               planMerge(*m_p, {state(threeSystems(), {{"tf:aws_instance.web", "subnet-1", "runs-on", ""}})},
                         day("2026-11-01")),
               QStringLiteral("Import prod.tfstate"));
    QCOMPARE(m_p->undoText(), QStringLiteral("Import prod.tfstate"));
    m_p->undo();
    for (EntityKind k : {EntityKind::System, EntityKind::Dependency, EntityKind::Import})
        QCOMPARE(m_p->count(k), std::int64_t(0));
}

void TestImportMerge::factsLandOnTheirSystems() {
    applyMerge(*m_p, planMerge(*m_p, {state(threeSystems(), {})}, day("2026-11-01")),
               QStringLiteral("Import"));
    Discovery prom;
    prom.format = "prometheus";
    prom.file = "prometheus.yml";
    prom.scope = "prometheus:prometheus.yml";
    prom.facts["i-0abc"] = json{{"monitored_by", "prometheus"}, {"scrape_job", "node"}};
    prom.facts["nowhere"] =
        json{{"monitored_by", "prometheus"}, {"scrape_job", "node"}, {"scrape_targets", "nowhere:9100"}};
    auto plan = planMerge(*m_p, {prom}, day("2026-11-02"));
    QCOMPARE(plan.changed, std::vector<std::string>{"tf:aws_instance.web"});
    // A fact about what is on no system is said in words, with what to do: a target list keeps nothing.
    QCOMPARE(plan.warnings,
             std::vector<std::string>{
                 "prometheus.yml: nowhere (scraped at nowhere:9100, job node) is on no system of the "
                 "map, so that prometheus monitors it is not kept: import what runs there, then this "
                 "file again"});
    // A configuration (a system of its own) keeps what it scrapes, for what is imported later.
    DiscoveredSystem configuration;
    configuration.key = "prometheus:prometheus";
    configuration.kind = "monitoring";
    prom.systems.push_back(configuration);
    prom.facts["autoscaled"] = json{{"min_replicas", 2}, {"max_replicas", 5}};
    plan = planMerge(*m_p, {prom}, day("2026-11-02"));
    QCOMPARE(plan.warnings,
             (std::vector<std::string>{
                 "prometheus.yml: autoscaled is on no system of the map, so what this file says "
                 "of it (min_replicas, max_replicas) is not kept",
                 "prometheus.yml: nowhere (scraped at nowhere:9100, job node) is on no system "
                 "of the map yet: the configuration keeps it, and marks the system monitored "
                 "by prometheus when it is imported"}));
    applyMerge(*m_p, plan, QStringLiteral("Import"));
    QCOMPARE(m_p->systemByKey("tf:aws_instance.web")->attributes.value("scrape_job", ""),
             std::string("node"));
}

void TestImportMerge::factsHeldAsTextMergeAsDocuments() {
    // A parser may hold its systems' facts as text (JsonText.h). Every way the plan uses them (moved
    // alone, joined with another source's, the folded count added, merged into a system of the map,
    // Prometheus facts added) gives the same map as documents do.
    bool insertsHeld = true;
    auto mapOf = [&](bool held) -> std::string {
        init();
        auto facts = [&](json v) { return held ? heldAsText(v) : v; };
        auto first = threeSystems();
        first[0].attributes = facts({{"ami", "ami-1"}, {"tags.Name", "web"}});
        first[1].attributes = facts({{"engine", "postgres"}, {"folded_resources", 9}});
        first[1].folded = 2;
        first[2].attributes = facts(json::object());
        first[2].folded = 1;
        Discovery aws;
        aws.format = "awscli";
        aws.file = "ec2.json";
        aws.scope = "awscli:1/eu-west-1";
        auto inst = sys("aws:i-0abc", "web-1", "compute", {"i-0abc"});
        inst.attributes = facts({{"instance_type", "t3.large"}, {"ami", "ami-2"}});
        aws.systems = {inst};
        Discovery prom;
        prom.format = "prometheus";
        prom.file = "prometheus.yml";
        prom.scope = "prometheus:prometheus.yml";
        prom.facts["subnet-1"] = {{"monitored_by", "prometheus"}};
        const auto plan = planMerge(*m_p, {state(first, {}), aws, prom}, day("2026-11-01"));
        for (const auto& s : plan.inserts)
            insertsHeld = insertsHeld && isHeldAsText(s.attributes); // held until the commit
        applyMerge(*m_p, plan, QStringLiteral("Import"));
        // Again, into the systems now on the map, with other facts.
        auto second = threeSystems();
        second[0].attributes = facts({{"ami", "ami-3"}, {"state", "running"}});
        second[1].folded = 2; // (what the state gives again; what it no longer gives is dropped)
        applyMerge(*m_p, planMerge(*m_p, {state(second, {})}, day("2026-11-02")), QStringLiteral("Again"));
        std::string text;
        for (const auto& s : m_p->list<System>())
            text += s.key + " " + jsonText(s.attributes) + " " + jsonText(s.discovered) + "\n";
        return text;
    };
    const std::string asDocuments = mapOf(false);
    QCOMPARE(mapOf(true), asDocuments);
    QVERIFY(insertsHeld);
    QVERIFY2(asDocuments.find("\"folded_resources\":2") != std::string::npos, asDocuments.c_str());
    QVERIFY2(asDocuments.find("\"instance_type\":\"t3.large\"") != std::string::npos, asDocuments.c_str());
    QVERIFY2(asDocuments.find("\"monitored_by\":\"prometheus\"") != std::string::npos, asDocuments.c_str());
    QVERIFY2(asDocuments.find("\"state\":\"running\"") != std::string::npos, asDocuments.c_str());
}

void TestImportMerge::discoveredOfOneSourceIsItsDocumentsText() {
    // What the sources said of a system that one source alone names is written as text directly. It
    // must be the text of the document the plan builds otherwise: the fields in their order, empty ones
    // left out, the import's environment where the source gives none, strings escaped as JSON.
    auto odd = sys("tf:module.a[\"x\"].aws_instance.odd", "na\u00efve \"quoted\" \\ name\t", "compute");
    odd.provider = "aws";
    odd.lifecycle = "\u00e9t\u00e9 \U0001F600";
    odd.group = "module.a[\"x\"]";
    auto staging = sys("tf:aws_instance.env", "env", "compute");
    staging.environment = "staging";
    staging.owner = "team-\x01";
    const auto plan = planMerge(*m_p, {state({odd, staging}, {})}, day("2026-11-01"));
    QCOMPARE(plan.inserts.size(), size_t(2));
    auto inserted = [&](const std::string& key) {
        const auto it = std::find_if(plan.inserts.begin(), plan.inserts.end(),
                                     [&](const System& s) { return s.key == key; });
        return it == plan.inserts.end() ? System() : *it;
    };
    const json oddSaid = {{"tfstate",
                           {{"name", odd.name},
                            {"kind", "compute"},
                            {"provider", "aws"},
                            {"environment", "production"},
                            {"lifecycle", odd.lifecycle},
                            {"address", odd.address},
                            {"group", odd.group}}}};
    const json stagingSaid = {{"tfstate",
                               {{"name", "env"},
                                {"kind", "compute"},
                                {"environment", "staging"},
                                {"owner", "team-\x01"},
                                {"address", "aws_instance.env"}}}};
    const System a = inserted(odd.key), b = inserted(staging.key);
    QVERIFY(isHeldAsText(a.discovered));
    QCOMPARE(jsonText(a.discovered), oddSaid.dump());
    QCOMPARE(documentOf(a.discovered), oddSaid);
    QCOMPARE(jsonText(b.discovered), stagingSaid.dump());
    QCOMPARE(a.name, odd.name);
    QCOMPARE(a.environment, std::string("production"));
    QCOMPARE(b.environment, std::string("staging"));
    QCOMPARE(b.owner, std::string("team-\x01"));
    // Stored and read back, the map holds the same document.
    applyMerge(*m_p, plan, QStringLiteral("Import"));
    QCOMPARE(m_p->systemByKey(odd.key)->discovered, oddSaid);
}

QTEST_GUILESS_MAIN(TestImportMerge)
#include "tst_importmerge.moc"
