// Benchmark of the importers, run by hand (not a test):
//
//   build/tests/bench/bench_import [MEGABYTES...]      (default: 1 10 100)
//   build/tests/bench/bench_import --write-state MEGABYTES FILE [full]  (the state alone, to profile
//   build/tests/bench/bench_import --alone FILE MAP                   the end-to-end import by itself)
//   build/tests/bench/bench_import --parse FILE     the read and the parse of a state, best of 5 runs each
//
// For each size: writes a Terraform state of about that many megabytes (instances, databases, security
// groups and their rules, which fold, with attributes and `dependencies`; about 2,000 resources per
// MB), a Kubernetes manifest with a Deployment and a Service per 10 resources, and a compose file. It
// imports the state alone into a new map end to end (read, parse, plan, commit, and the map closed) and
// compares that with a plain nlohmann::json::parse (DOM) of the same file in the same run; then imports
// all three together into another map, and again (a re-import that changes nothing). Peak RSS is the
// process's high-water mark so far: run one size per process for a per-size figure.
//
// The end-to-end import runs in a child process (this program with --alone STATE MAP), so that its
// memory is the import's own: the child's peak resident set minus what it held before the import
// (Qt, SQLite, the program), against the size of the file.
#include "BenchClock.h"
#include "Catalog.h"
#include "FreedPages.h"
#include "ImportJob.h"
#include "Project.h"
#include "SourceText.h"
#include "TfStateParser.h"
#include "VectorState.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

using namespace terrain;

namespace {

using namespace terrain::bench;

void write(const QString& path, const std::string& text) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        std::abort();
    f.write(text.data(), static_cast<qint64>(text.size()));
}

std::string readText(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        std::abort();
    return f.readAll().toStdString();
}

/// The attributes the AWS provider writes besides those the importer reads (what `terraform show`
/// lists for these types), for the `full` state: nested blocks, timeouts, defaults, a private blob.
nlohmann::json providerDetail(const std::string& type, int i) {
    const std::string n = std::to_string(i);
    if (type == "aws_security_group")
        return {{"description", "Managed by Terraform"},
                {"egress",
                 {{{"cidr_blocks", {"0.0.0.0/0"}},
                   {"description", ""},
                   {"from_port", 0},
                   {"ipv6_cidr_blocks", nlohmann::json::array()},
                   {"prefix_list_ids", nlohmann::json::array()},
                   {"protocol", "-1"},
                   {"security_groups", nlohmann::json::array()},
                   {"self", false},
                   {"to_port", 0}}}},
                {"ingress", nlohmann::json::array()},
                {"name_prefix", ""},
                {"owner_id", "123456789012"},
                {"revoke_rules_on_delete", false},
                {"timeouts", nullptr},
                {"vpc_id", "vpc-0a1b2c3d"}};
    if (type == "aws_security_group_rule")
        return {{"cidr_blocks", {"10.0.0.0/8"}},
                {"description", "https from the private network"},
                {"ipv6_cidr_blocks", nullptr},
                {"prefix_list_ids", nlohmann::json::array()},
                {"protocol", "tcp"},
                {"security_group_rule_id", "sgr-0" + n},
                {"self", false},
                {"source_security_group_id", nullptr},
                {"timeouts", nullptr},
                {"to_port", 443},
                {"type", "ingress"}};
    if (type == "aws_db_instance")
        return {{"address", "db-" + n + ".c1abcdefgh.eu-west-1.rds.amazonaws.com"},
                {"allocated_storage", 20},
                {"auto_minor_version_upgrade", true},
                {"availability_zone", "eu-west-1a"},
                {"backup_retention_period", 7},
                {"backup_window", "03:00-04:00"},
                {"ca_cert_identifier", "rds-ca-rsa2048-g1"},
                {"db_subnet_group_name", "main"},
                {"deletion_protection", true},
                {"endpoint", "db-" + n + ".c1abcdefgh.eu-west-1.rds.amazonaws.com:5432"},
                {"engine_version", "15.4"},
                {"hosted_zone_id", "Z29XKXDKYMONMX"},
                {"instance_class", "db.t3.micro"},
                {"maintenance_window", "sun:05:00-sun:06:00"},
                {"multi_az", false},
                {"parameter_group_name", "default.postgres15"},
                {"port", 5432},
                {"publicly_accessible", false},
                {"storage_encrypted", true},
                {"storage_type", "gp2"},
                {"timeouts", nullptr},
                {"username", "app"}};
    return {
        {"ami", "ami-0abcdef1234567890"},
        {"associate_public_ip_address", false},
        {"availability_zone", "eu-west-1b"},
        {"cpu_core_count", 1},
        {"credit_specification", {{{"cpu_credits", "unlimited"}}}},
        {"disable_api_termination", false},
        {"ebs_optimized", false},
        {"iam_instance_profile", ""},
        {"instance_state", "running"},
        {"metadata_options",
         {{{"http_endpoint", "enabled"}, {"http_put_response_hop_limit", 1}, {"http_tokens", "required"}}}},
        {"monitoring", false},
        {"private_dns", "ip-10-0-1-" + std::to_string(i % 250) + ".eu-west-1.compute.internal"},
        {"private_ip", "10.0.1." + std::to_string(i % 250)},
        {"root_block_device",
         {{{"delete_on_termination", true},
           {"device_name", "/dev/xvda"},
           {"encrypted", true},
           {"iops", 3000},
           {"throughput", 125},
           {"volume_id", "vol-0" + n},
           {"volume_size", 8},
           {"volume_type", "gp3"}}}},
        {"subnet_id", "subnet-0a1b2c3d"},
        {"tenancy", "default"},
        {"user_data", "not-in-the-map-either"}};
}

/// A state of `n` resources: a quarter instances, a quarter databases, a quarter security groups and a
/// quarter security group rules (which fold into their group). Instances depend on a database and a group.
/// `full`: the resources also carry what the provider writes besides (providerDetail) and the state is
/// indented as Terraform writes it, so a megabyte holds about 600 resources instead of 2,000.
std::string makeState(int n, bool full = false) {
    nlohmann::json resources = nlohmann::json::array();
    const int q = std::max(1, n / 4);
    auto resource = [&](const std::string& type, int i, nlohmann::json attrs, nlohmann::json deps) {
        attrs["tags"] = {{"Name", type + "-" + std::to_string(i)}, {"team", "team-" + std::to_string(i % 7)}};
        nlohmann::json instance = {{"schema_version", 1}, {"attributes", attrs}, {"dependencies", deps}};
        if (full) {
            const nlohmann::json detail = providerDetail(type, i);
            for (auto it = detail.begin(); it != detail.end(); ++it)
                instance["attributes"][it.key()] = it.value();
            instance["attributes"]["tags_all"] = attrs["tags"];
            instance["sensitive_attributes"] = nlohmann::json::array();
            instance["private"] =
                "eyJlMmJmYjczMC1lY2FhLTExZTYtOGY4OC0zNDM2M2JjN2M0YzAiOnsiY3JlYXRlIjo2MDB9fQ==";
        }
        resources.push_back({{"mode", "managed"},
                             {"type", type},
                             {"name", "r" + std::to_string(i)},
                             {"provider", "provider[\"registry.terraform.io/hashicorp/aws\"]"},
                             {"instances", {instance}}});
    };
    for (int i = 0; i < q; ++i) {
        resource("aws_security_group", i,
                 {{"id", "sg-" + std::to_string(i)},
                  {"arn", "arn:aws:ec2:eu-west-1:1:security-group/sg-" + std::to_string(i)},
                  {"name", "sg" + std::to_string(i)}},
                 nlohmann::json::array());
        resource("aws_security_group_rule", i,
                 {{"id", "sgrule-" + std::to_string(i)},
                  {"security_group_id", "sg-" + std::to_string(i)},
                  {"from_port", 443}},
                 {"aws_security_group.r" + std::to_string(i)});
        resource("aws_db_instance", i,
                 {{"id", "db-" + std::to_string(i)},
                  {"arn", "arn:aws:rds:eu-west-1:1:db:db-" + std::to_string(i)},
                  {"engine", "postgres"},
                  {"password", "not-in-the-map"},
                  {"vpc_security_group_ids", {"sg-" + std::to_string(i)}}},
                 {"aws_security_group.r" + std::to_string(i)});
        resource("aws_instance", i,
                 {{"id", "i-" + std::to_string(i)},
                  {"arn", "arn:aws:ec2:eu-west-1:1:instance/i-" + std::to_string(i)},
                  {"instance_type", "t3.small"},
                  {"vpc_security_group_ids", {"sg-" + std::to_string(i)}}},
                 {"aws_db_instance.r" + std::to_string(i), "aws_security_group.r" + std::to_string(i)});
    }
    return nlohmann::json{{"version", 4},
                          {"terraform_version", "1.11.4"},
                          {"serial", 1},
                          {"lineage", "bench-lineage"},
                          {"outputs", nlohmann::json::object()},
                          {"resources", resources}}
        .dump(full ? 2 : 1);
}

std::string makeManifest(int services) {
    std::string y;
    for (int i = 0; i < services; ++i) {
        const std::string n = "svc" + std::to_string(i);
        const std::string next = "svc" + std::to_string((i + 1) % services);
        y += "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + n +
             "\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: " + n +
             "}\n  template:\n    metadata:\n      labels: {app: " + n +
             "}\n    spec:\n      containers:\n        - name: main\n          image: shop/" + n +
             ":1\n          env:\n            - name: UPSTREAM\n              value: http://" + next +
             ":8080\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: " + n +
             "\n  namespace: shop\nspec:\n  selector: {app: " + n + "}\n  ports: [{port: 8080}]\n---\n";
    }
    return y;
}

std::string makeCompose(int services) {
    std::string y = "name: bench\nservices:\n";
    for (int i = 0; i < services; ++i)
        y += "  s" + std::to_string(i) + ":\n    image: bench/s" + std::to_string(i) + ":1\n" +
             (i > 0 ? "    depends_on: [s" + std::to_string(i - 1) + "]\n" : std::string());
    return y;
}

/// The floors under the import: nlohmann's SAX parser over the text with a handler that keeps nothing
/// (no import can read the file faster with this parser), and SQLite inserting the rows that the import
/// wrote, read back from its map, into a new file with the same tables and indexes, 64 rows to a prepared
/// statement as the import writes them, one transaction, on a rollback journal with synchronous=FULL as
/// Terrain's import commits (no import can store them faster in this schema).
struct NullSax : nlohmann::json_sax<nlohmann::json> {
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
        return false;
    }
};

double saxFloor(const std::string& text) {
    NullSax handler;
    clearUpperVectorState(); // as an import starts (VectorState.h): references run alike
    const auto t0 = Clock::now();
    if (!nlohmann::json::sax_parse(text, &handler))
        std::abort();
    return secondsSince(t0);
}

constexpr std::size_t kRowsPerInsert = 64; // as Project::addAll() writes an import's rows

double storageFloor(const QString& map, const QString& copy) {
    sqlite3* src = nullptr;
    sqlite3* dst = nullptr;
    if (sqlite3_open_v2(map.toUtf8().constData(), &src, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK ||
        sqlite3_open(copy.toUtf8().constData(), &dst) != SQLITE_OK)
        std::abort();
    auto exec = [](sqlite3* db, const std::string& sql) {
        if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
            std::abort();
    };
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(src, "PRAGMA page_size", -1, &st, nullptr); // the map's pages, set before anything
    if (sqlite3_step(st) == SQLITE_ROW)                            // is written
        exec(dst, "PRAGMA page_size=" + std::to_string(sqlite3_column_int(st, 0)));
    sqlite3_finalize(st);
    exec(dst, "PRAGMA journal_mode=TRUNCATE; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON");
    // The schema of the two tables an import fills, and their indexes.
    sqlite3_prepare_v2(src,
                       "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND tbl_name IN "
                       "('systems', 'dependencies') ORDER BY type DESC",
                       -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW)
        exec(dst, reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    struct Table {
        int columns = 0;
        std::vector<std::vector<std::string>> rows;
    };
    Table tables[2];
    const char* names[2] = {"systems", "dependencies"};
    for (int t = 0; t < 2; ++t) {
        sqlite3_prepare_v2(src, (std::string("SELECT * FROM ") + names[t] + " ORDER BY id").c_str(), -1, &st,
                           nullptr);
        tables[t].columns = sqlite3_column_count(st);
        while (sqlite3_step(st) == SQLITE_ROW) {
            std::vector<std::string> row;
            for (int c = 0; c < tables[t].columns; ++c)
                row.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, c)));
            tables[t].rows.push_back(std::move(row));
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(src);
    clearUpperVectorState();
    const auto t0 = Clock::now();
    exec(dst, "BEGIN");
    for (int t = 0; t < 2; ++t) {
        const auto& rows = tables[t].rows;
        const int columns = tables[t].columns;
        std::string values = "(?";
        for (int c = 1; c < columns; ++c)
            values += ", ?";
        values += ")";
        // As the import writes them (Project::addAll): kRowsPerInsert rows to a statement, the rest one by
        // one.
        std::string sql = std::string("INSERT INTO ") + names[t] + " VALUES " + values;
        sqlite3_stmt* one = nullptr;
        sqlite3_prepare_v2(dst, sql.c_str(), -1, &one, nullptr);
        for (std::size_t r = 1; r < kRowsPerInsert; ++r)
            sql += ", " + values;
        sqlite3_prepare_v2(dst, sql.c_str(), -1, &st, nullptr);
        std::size_t k = 0;
        auto run = [&](sqlite3_stmt* s, std::size_t count) {
            for (std::size_t r = 0; r < count; ++r)
                for (int c = 0; c < columns; ++c) {
                    const std::string& text = rows[k + r][static_cast<std::size_t>(c)];
                    sqlite3_bind_text(s, static_cast<int>(r) * columns + c + 1, text.data(),
                                      static_cast<int>(text.size()), SQLITE_STATIC);
                }
            if (sqlite3_step(s) != SQLITE_DONE)
                std::abort();
            sqlite3_reset(s);
            k += count;
        };
        while (k + kRowsPerInsert <= rows.size())
            run(st, kRowsPerInsert);
        while (k < rows.size())
            run(one, 1);
        sqlite3_finalize(st);
        sqlite3_finalize(one);
    }
    exec(dst, "COMMIT");
    const double seconds = secondsSince(t0);
    sqlite3_close(dst);
    return seconds;
}

/// A field of /proc/self/status in KiB ("VmRSS", "VmHWM"), 0 when unknown.
long statusKiB(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::size_t n = std::strlen(field);
    while (std::getline(in, line))
        if (line.compare(0, n, field) == 0 && line.size() > n && line[n] == ':')
            return std::atol(line.c_str() + n + 1);
    return 0;
}

/// The child: imports `state` alone into a new map at `map`, end to end, and prints
/// "seconds parse plan commit residentBeforeKiB peakKiB peakAfterParseKiB peakAfterPlanKiB". The commit
/// counts the map's close: what a commit on the WAL leaves to its checkpoint is written then (or at an
/// edit after it), and is the import's work too.
int runAlone(const std::string& state, const std::string& map) {
    ImportRequest request;
    request.paths = {state};
    request.parse.environment = "production";
    request.merge.environment = "production";
    auto project = Project::create(map);
    const long before = statusKiB("VmRSS");
    const auto t0 = Clock::now();
    ParsedImport parsed = parseImport(request);
    const double parse = secondsSince(t0);
    const long peakParse = statusKiB("VmHWM");
    auto t1 = Clock::now();
    const PreparedImport prepared = planImport(*project, std::move(parsed), request.merge);
    const double plan = secondsSince(t1);
    const long peakPlan = statusKiB("VmHWM");
    t1 = Clock::now();
    commitImport(*project, prepared);
    project.reset();
    const double commit = secondsSince(t1);
    const double total = secondsSince(t0);
    std::printf("%.6f %.6f %.6f %.6f %ld %ld %ld %ld\n", total, parse, plan, commit, before,
                statusKiB("VmHWM"), peakParse, peakPlan);
    return 0;
}

/// The child of the reference: reads `state` and parses it into a DOM in a fresh process, as the
/// end-to-end import runs, so that both pay for fresh memory alike; prints the seconds, and the resident
/// set before and at its peak (KiB), measured as the import's.
int runDom(const std::string& state) {
    const long before = statusKiB("VmRSS");
    clearUpperVectorState();
    const auto t0 = Clock::now();
    const auto document = nlohmann::json::parse(readText(QString::fromStdString(state)));
    std::printf("%.6f %ld %ld\n", secondsSince(t0), before, statusKiB("VmHWM"));
    return document.is_object() ? 0 : 1;
}

/// Reading (with its hash and checks) and parsing a state, each the best of five runs, against the DOM
/// parse of the same text: the two steps of the parse phase, each alone, to profile them; and the
/// streamed parse an import makes (read, checked and parsed a piece at a time).
int runParse(const std::string& state) {
    double read = 1e9, parse = 1e9, streamed = 1e9, dom = 1e9, firstParse = 0;
    std::size_t systems = 0;
    for (int run = 0; run < 5; ++run) {
        auto t0 = Clock::now();
        const SourceText src = readSourceText(state);
        read = std::min(read, secondsSince(t0));
        t0 = Clock::now();
        systems = TfStateParser().parse(src, ParseOptions{}).systems.size();
        const double seconds = secondsSince(t0);
        parse = std::min(parse, seconds);
        if (run == 0)
            firstParse = seconds;
        t0 = Clock::now();
        if (!TfStateParser().parseStreamed(state, ParseOptions{}))
            std::abort();
        streamed = std::min(streamed, secondsSince(t0));
        t0 = Clock::now();
        const auto document = nlohmann::json::parse(src.text);
        dom = std::min(dom, secondsSince(t0));
    }
    std::printf("read %.3f s, parse %.3f s (%zu systems; the first run, on fresh memory: %.3f s), DOM parse "
                "%.3f s: read + parse = %.1fx the DOM parse; streamed (read and parse) %.3f s = %.1fx\n",
                read, parse, systems, firstParse, dom, (read + parse) / dom, streamed, streamed / dom);
    return 0;
}

/// The end-to-end import of `state` alone into a new map in a child process (its own memory), against
/// a DOM parse of the same file in another fresh process, with the floors under it. Both run several
/// times, alternately (a single run on a shared machine strays by a quarter); the medians are printed.
void endToEnd(const char* label, const QString& state, const std::string& stateText, const QString& dir) {
    const double stateMiB = static_cast<double>(QFile(state).size()) / (1024.0 * 1024.0);
    const QString name = QFileInfo(state).completeBaseName();
    const int rounds = stateMiB < 50 ? 7 : 3;
    struct Dom {
        double seconds = 0;
        long before = 0, peak = 0;
    };
    struct Alone {
        double total = 0, parse = 0, plan = 0, commit = 0;
        long before = 0, peak = 0, peakParse = 0, peakPlan = 0;
    };
    std::vector<Dom> doms;
    std::vector<Alone> alones;
    const QString aloneMap = QStringLiteral("%1/alone-%2.terrain").arg(dir, name);
    for (int r = 0; r < rounds; ++r) {
        // The reference again in a fresh process: a process's first use of memory costs page faults (on
        // this virtual machine about as much as the parse itself), which the end-to-end import pays in
        // its child and the parse above, after the state was generated, does not.
        Dom dom;
        QProcess domChild;
        domChild.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--dom"), state});
        if (!domChild.waitForFinished(-1) || domChild.exitCode() != 0 ||
            std::sscanf(domChild.readAllStandardOutput().constData(), "%lf %ld %ld", &dom.seconds,
                        &dom.before, &dom.peak) != 3)
            std::abort();
        doms.push_back(dom);
        // End to end, the state alone, into a new map, in a child process (its own memory).
        for (const char* suffix : {"", "-wal", "-shm"})
            QFile::remove(aloneMap + QLatin1String(suffix));
        Alone a;
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--alone"), state, aloneMap});
        if (!child.waitForFinished(-1) || child.exitCode() != 0 ||
            std::sscanf(child.readAllStandardOutput().constData(), "%lf %lf %lf %lf %ld %ld %ld %ld",
                        &a.total, &a.parse, &a.plan, &a.commit, &a.before, &a.peak, &a.peakParse,
                        &a.peakPlan) != 8)
            std::abort();
        alones.push_back(a);
    }
    auto median = [](auto values, auto key) {
        std::sort(values.begin(), values.end(),
                  [&](const auto& x, const auto& y) { return key(x) < key(y); });
        return values[values.size() / 2];
    };
    const Alone a = median(alones, [](const Alone& x) { return x.total; });
    const Alone m = median(alones, [](const Alone& x) { return x.peak - x.before; });
    const Dom dom = median(doms, [](const Dom& x) { return x.seconds; });
    const Dom domMemory = median(doms, [](const Dom& x) { return x.peak - x.before; });
    const double rawJsonFresh = dom.seconds;
    const double importMiB = static_cast<double>(m.peak - m.before) / 1024.0;
    std::printf("  %-44s %8.3f s   %.1fx the raw JSON parse in a fresh process (parse %.3f s, plan %.3f s, "
                "commit and close %.3f s; medians of %d runs each, alternately)\n",
                label, a.total, a.total / rawJsonFresh, a.parse, a.plan, a.commit, rounds);
    std::printf("  %-44s %8.0f MiB  %.1fx the file (peak %ld MiB, %ld MiB before the import; peak %ld MiB "
                "after the parse, %ld MiB after the plan)\n",
                "  memory of that import", importMiB, importMiB / stateMiB, m.peak / 1024, m.before / 1024,
                m.peakParse / 1024, m.peakPlan / 1024);
    const double sax = saxFloor(stateText);
    const double store = storageFloor(aloneMap, QStringLiteral("%1/floor-%2.sqlite").arg(dir, name));
    std::printf("  %-44s %8.3f s   %.1fx the raw JSON parse (SAX, nothing kept: %.3f s; SQLite "
                "inserting the same rows: %.3f s)\n",
                "  floor: read nothing, store only the rows", sax + store, (sax + store) / rawJsonFresh, sax,
                store);
    const double domMiB = static_cast<double>(domMemory.peak - domMemory.before) / 1024.0;
    std::printf("  %-44s %8.3f s   %.0f MiB, %.1fx the file (measured as the import's)\n",
                "  DOM parse in a fresh process (ref)", rawJsonFresh, domMiB, domMiB / stateMiB);
}

void runSize(int megabytes, const QString& dir) {
    const int n = std::max(100, megabytes * 1960);
    const QString state = QStringLiteral("%1/bench-%2.tfstate").arg(dir).arg(n);
    const QString manifest = QStringLiteral("%1/bench-%2-k8s.yaml").arg(dir).arg(n);
    const QString compose = QStringLiteral("%1/bench-%2-compose.yaml").arg(dir).arg(n);
    write(state, makeState(n));
    write(manifest, makeManifest(std::max(1, n / 10)));
    write(compose, makeCompose(std::max(1, n / 50)));
    const double stateMiB = static_cast<double>(QFile(state).size()) / (1024.0 * 1024.0);
    std::printf("\n%d state resources (%.1f MiB), %d Kubernetes services, %d compose services\n", n, stateMiB,
                std::max(1, n / 10), std::max(1, n / 50));

    // References in the same run.
    clearUpperVectorState();
    auto t0 = Clock::now();
    const std::string stateText = readText(state);
    const auto raw = nlohmann::json::parse(stateText);
    const double rawJson = secondsSince(t0);
    clearUpperVectorState();
    t0 = Clock::now();
    const auto docs = YAML::LoadAll(readText(manifest));
    const double rawYaml = secondsSince(t0);

    ImportRequest request;
    request.paths = {state.toStdString(), manifest.toStdString(), compose.toStdString()};
    request.parse.environment = "production";
    request.merge.environment = "production";

    // Parse alone (what the import dialog does on a worker), per format.
    ImportRequest stateOnly = request;
    stateOnly.paths = {state.toStdString()};
    t0 = Clock::now();
    (void)parseImport(stateOnly);
    const double parseState = secondsSince(t0);
    ImportRequest manifestOnly = request;
    manifestOnly.paths = {manifest.toStdString()};
    t0 = Clock::now();
    (void)parseImport(manifestOnly);
    const double parseManifest = secondsSince(t0);

    endToEnd("tfstate import end to end (new map)", state, stateText, dir);
    {
        // The same megabytes as Terraform writes them for resources with all their provider's
        // attributes (the shape the issue names: about 100,000 resources in 100 MB).
        const int m = std::max(40, megabytes * 600);
        const QString full = QStringLiteral("%1/bench-full-%2.tfstate").arg(dir).arg(m);
        write(full, makeState(m, true));
        std::printf("  %d resources with their providers' attributes, %.1f MiB:\n", m,
                    static_cast<double>(QFile(full).size()) / (1024.0 * 1024.0));
        endToEnd("  tfstate import end to end (new map)", full, readText(full), dir);
    }

    auto project = Project::create(QStringLiteral("%1/bench-%2.terrain").arg(dir).arg(n).toStdString());
    seedCatalog(*project);
    t0 = Clock::now();
    ParsedImport parsed = parseImport(request);
    const double parseAll = secondsSince(t0);
    t0 = Clock::now();
    const PreparedImport prepared = planImport(*project, std::move(parsed), request.merge);
    const double plan = secondsSince(t0);
    t0 = Clock::now();
    const json report = commitImport(*project, prepared);
    const double commit = secondsSince(t0);

    t0 = Clock::now();
    const json again = commitImport(*project, planImport(*project, parseImport(request), request.merge));
    const double reimport = secondsSince(t0);

    std::printf("  %-44s %8.3f s\n", "nlohmann::json parse of the state (ref)", rawJson);
    std::printf("  %-44s %8.3f s   %.1fx the raw JSON parse\n", "tfstate parse (Terrain)", parseState,
                parseState / rawJson);
    std::printf("  %-44s %8.3f s\n", "yaml-cpp LoadAll of the manifest (ref)", rawYaml);
    std::printf("  %-44s %8.3f s   %.1fx the raw YAML parse\n", "k8s parse (Terrain)", parseManifest,
                parseManifest / rawYaml);
    std::printf("  %-44s %8.3f s\n", "import: parse all three", parseAll);
    std::printf("  %-44s %8.3f s\n", "import: plan the merge", plan);
    std::printf("  %-44s %8.3f s   %ld systems added, %ld dependencies\n", "import: commit (one edit)",
                commit, report["added"].get<long>(), report["dependencies"]["added"].get<long>());
    std::printf("  %-44s %8.3f s   %ld unchanged, %ld updated\n", "re-import of the same files", reimport,
                again["unchanged"].get<long>(), again["updated"].get<long>());
    std::printf("  %-44s %8ld MiB\n", "peak RSS so far", peakRssMiB());
    (void)raw;
    (void)docs;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    if (argc == 4 && std::strcmp(argv[1], "--alone") == 0)
        return runAlone(argv[2], argv[3]);
    if (argc == 3 && std::strcmp(argv[1], "--parse") == 0)
        return runParse(argv[2]);
    if (argc == 3 && std::strcmp(argv[1], "--dom") == 0)
        return runDom(argv[2]);
    if ((argc == 4 || argc == 5) && std::strcmp(argv[1], "--write-state") == 0) { // to profile the child
        const bool full = argc == 5 && std::strcmp(argv[4], "full") == 0;
        const int n = std::atoi(argv[2]) * (full ? 600 : 1960);
        write(QString::fromLocal8Bit(argv[3]), makeState(std::max(full ? 40 : 100, n), full));
        return 0;
    }
    std::vector<int> sizes;
    for (int i = 1; i < argc; ++i)
        sizes.push_back(std::atoi(argv[i]));
    if (sizes.empty())
        sizes = {1, 10, 100};
    std::printf("allocator (the import's and the DOM parse's): %s\n", allocatorName().c_str());
    QTemporaryDir dir;
    for (int n : sizes)
        runSize(n, dir.path());
    return 0;
}
