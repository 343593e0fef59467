// Decision records (model/DecisionRecords): slugs, numbering, the three Markdown layouts written and
// read back, supersede and amend chains, exporting again in place, hostile titles that must not leave
// the folder, bad files refused without touching the map, and the schema 5 migration (amends).
#include "Database.h"
#include "DecisionRecords.h"
#include "Error.h"
#include "MapJson.h"
#include "Project.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace terrain;

namespace {

std::string readAll(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

void writeAll(const QString& path, const std::string& text) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text.data(), static_cast<qint64>(text.size()));
}

/// Every file under `dir` (relative path -> bytes).
std::map<QString, std::string> tree(const QString& dir) {
    std::map<QString, std::string> out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString p = it.next();
        out[QDir(dir).relativeFilePath(p)] = readAll(p);
    }
    return out;
}

struct Map {
    std::unique_ptr<Project> p;
    Id init = 0, risk = 0, area = 0, sys = 0;
    Id d1 = 0, d2 = 0, d3 = 0, d4 = 0;
};

/// A map with four decisions: 2 supersedes 1, 3 amends 2, 4 is a hostile one; links to each kind.
Map makeMap(const std::string& path) {
    Map m;
    m.p = Project::create(path);
    Area a;
    a.key = "release";
    a.title = "Release process";
    m.area = m.p->add(a);
    Initiative i;
    i.title = "Deploys from CI";
    m.init = m.p->add(i);
    Risk r;
    r.title = "Laptop deploys";
    m.risk = m.p->add(r);
    System s;
    s.key = "tf:aws_db_instance.main";
    s.name = "main-db";
    m.sys = m.p->add(s);

    Decision d1;
    d1.title = "Use MySQL";
    d1.status = "accepted";
    d1.date = "2024-01-10";
    d1.deciders = {"Alice", "Bob"};
    d1.context = "We need a database.\n\nIt must be managed.";
    d1.outcome = "MySQL on RDS.";
    d1.consequences = "* Backups by AWS\n* One more bill";
    m.d1 = m.p->add(d1);
    Decision d2;
    d2.title = "Use PostgreSQL";
    d2.status = "accepted";
    d2.date = "2024-05-02";
    d2.deciders = {"Alice"};
    d2.context = "MySQL lacks what we need:\n# not a heading\n\\# nor this";
    d2.options = {{"PostgreSQL",
                   "Mature.\n### not an option\n* Good, because this is text",
                   {"JSONB", "PostGIS"},
                   {"Migration work"}},
                  {"Stay on MySQL", "", {"No work"}, {}},
                  {"CockroachDB", "", {}, {}}};
    d2.outcome = "Chosen: PostgreSQL, because JSONB.";
    d2.consequences = "Data migration in Q3.";
    d2.supersedes = m.d1;
    d2.initiatives = {m.init};
    d2.risks = {m.risk};
    d2.areas = {m.area};
    d2.systems = {m.sys};
    m.d2 = m.p->add(d2);
    auto first = *m.p->get<Decision>(m.d1);
    first.status = "superseded";
    m.p->save(first);
    Decision d3;
    d3.title = "Read replicas for PostgreSQL";
    d3.status = "proposed";
    d3.date = "2024-06-01";
    d3.amends = {m.d2};
    m.d3 = m.p->add(d3);
    Decision d4;
    d4.title = "../../etc/passwd";
    d4.status = "rejected";
    d4.date = "2024-06-01";
    d4.context = "status: accepted\n---\n## Status\nSupercedes [1. x](0001-x.md)";
    m.d4 = m.p->add(d4);
    return m;
}

} // namespace

class TestDecisionRecords : public QObject {
    Q_OBJECT
private slots:
    void init() { QVERIFY(m_dir.isValid()); }

    void slugs() {
        QCOMPARE(adrSlug("Use PostgreSQL for Orders!"), std::string("use-postgresql-for-orders"));
        QCOMPARE(adrSlug("../../etc/passwd"), std::string("etc-passwd"));
        QCOMPARE(adrSlug(std::string("\x01\x02\x7f", 3)), std::string("decision"));
        QCOMPARE(adrSlug(""), std::string("decision"));
        QCOMPARE(adrSlug("Élan vital — café"), std::string("lan-vital-caf"));
        const std::string longSlug = adrSlug(std::string(500, 'a') + " b");
        QVERIFY(longSlug.size() <= 60);
        QVERIFY(!longSlug.empty());
        const std::string words = adrSlug("one two three four five six seven eight nine ten eleven twelve");
        QVERIFY(words.size() <= 60);
        QVERIFY(words.back() != '-');
        QCOMPARE(words, std::string("one-two-three-four-five-six-seven-eight-nine-ten-eleven"));
    }

    void numberingWithoutCollisions() {
        auto p = Project::create(m_dir.filePath(QStringLiteral("num.terrain")).toStdString());
        const Id a = captureDecisionQuestion(*p, "Who owns the VPN?", "2024-01-01");
        const Id b = captureDecisionQuestion(*p, "  Kubernetes\nor Nomad? ", "2024-01-01");
        QCOMPARE(p->get<Decision>(a)->number, 1);
        QCOMPARE(p->get<Decision>(b)->number, 2);
        QCOMPARE(p->get<Decision>(b)->title, std::string("Kubernetes or Nomad?"));
        QCOMPARE(p->get<Decision>(b)->status, std::string("proposed"));
        QCOMPARE(p->undoText(), QStringLiteral("Capture open question"));
        p->erase<Decision>(a);
        const Id c = captureDecisionQuestion(*p, "Third", "");
        QCOMPARE(p->get<Decision>(c)->number, 3); // never reuses a number in use
        Decision clash;
        clash.number = 3;
        clash.title = "clash";
        QVERIFY_THROWS_EXCEPTION(std::exception, p->add(clash));
        QCOMPARE(p->count(EntityKind::Decision), std::int64_t(2));
        QVERIFY_THROWS_EXCEPTION(Error, captureDecisionQuestion(*p, " \n ", ""));
    }

    void supersedeAndAmendChains() {
        auto p = Project::create(m_dir.filePath(QStringLiteral("chain.terrain")).toStdString());
        Decision d;
        d.title = "Deploy with Ansible";
        d.status = "accepted";
        const Id a = p->add(d);
        const Id b = supersedeDecision(*p, a, "Deploy from CI", "2024-02-02");
        QCOMPARE(p->get<Decision>(a)->status, std::string("superseded"));
        QCOMPARE(p->get<Decision>(b)->supersedes, std::optional<Id>(a));
        QCOMPARE(p->get<Decision>(b)->status, std::string("proposed"));
        const Id c = supersedeDecision(*p, b, "Deploy with Argo CD", "2024-03-03");
        const Id e = amendDecision(*p, c, "", "2024-04-04");
        QCOMPARE(p->get<Decision>(e)->amends, std::vector<Id>{c});
        QCOMPARE(p->get<Decision>(e)->title, std::string("Amend: Deploy with Argo CD"));
        QCOMPARE(supersedeChain(*p, b), (std::vector<Id>{a, b, c}));
        QCOMPARE(supersedeChain(*p, a), (std::vector<Id>{a, b, c}));
        QCOMPARE(supersedeChain(*p, e), (std::vector<Id>{e}));
        // one undo takes back the whole supersede: the new record and the old one's status
        p->undo(); // the amend
        p->undo(); // the second supersede
        QVERIFY(!p->get<Decision>(c));
        QCOMPARE(p->get<Decision>(b)->status, std::string("proposed"));
        p->redo();
        QCOMPARE(p->get<Decision>(b)->status, std::string("superseded"));
        // deleting an amended decision removes the link, undo brings it back
        p->redo();
        p->erase<Decision>(c);
        QVERIFY(p->get<Decision>(e)->amends.empty());
        p->undo();
        QCOMPARE(p->get<Decision>(e)->amends, std::vector<Id>{c});
        // a cycle (made by hand) does not hang the chain
        auto first = *p->get<Decision>(a);
        first.supersedes = c;
        p->save(first);
        QCOMPARE(supersedeChain(*p, a).size(), size_t(3));
    }

    void adrToolsText() {
        auto m = makeMap(m_dir.filePath(QStringLiteral("text.terrain")).toStdString());
        const auto records = decisionRecords(*m.p);
        QCOMPARE(decisionFileNames(records, AdrLayout::AdrTools),
                 (std::vector<std::string>{"0001-use-mysql.md", "0002-use-postgresql.md",
                                           "0003-read-replicas-for-postgresql.md", "0004-etc-passwd.md"}));
        QCOMPARE(renderDecision(records, 0, AdrLayout::AdrTools),
                 std::string("# 1. Use MySQL\n\nDate: 2024-01-10\n\nDeciders: Alice, Bob\n\n## Status\n\n"
                             "Superseded by [2. Use PostgreSQL](0002-use-postgresql.md)\n\n## Context\n\n"
                             "We need a database.\n\nIt must be managed.\n\n## Decision\n\nMySQL on RDS.\n\n"
                             "## Consequences\n\n* Backups by AWS\n* One more bill\n"));
        const std::string second = renderDecision(records, 1, AdrLayout::AdrTools);
        QVERIFY(
            second.find(
                "## Status\n\nAccepted\n\nSupersedes [1. Use MySQL](0001-use-mysql.md)\n\n"
                "Amended by [3. Read replicas for PostgreSQL](0003-read-replicas-for-postgresql.md)\n\n") !=
            std::string::npos);
        QVERIFY(second.find("\\# not a heading\n\\\\# nor this") != std::string::npos);
        QVERIFY(
            second.find("* Good, because JSONB\n* Good, because PostGIS\n* Bad, because Migration work\n") !=
            std::string::npos);
        QVERIFY(second.find(
                    "## Related\n\n* Initiative `I-1` — Deploys from CI\n* Risk `R-1` — Laptop deploys\n"
                    "* Area `release` — Release process\n* System `tf:aws_db_instance.main` — main-db\n") !=
                std::string::npos);
        const std::string third = renderDecision(records, 2, AdrLayout::AdrTools);
        QVERIFY(third.find("Proposed\n\nAmends [2. Use PostgreSQL](0002-use-postgresql.md)\n") !=
                std::string::npos);
        // MADR: front matter, superseded by in the status
        const std::string madr = renderDecision(records, 0, AdrLayout::Madr);
        QVERIFY(madr.rfind(
                    "---\nstatus: \"superseded by [ADR-0002](0002-use-postgresql.md)\"\ndate: 2024-01-10\n"
                    "decision-makers: Alice, Bob\n---\n\n# Use MySQL\n\n## Context and Problem Statement\n",
                    0) == 0);
        // log4brains: header list, slug links, the number marker
        const auto l4bNames = decisionFileNames(records, AdrLayout::Log4brains);
        QCOMPARE(l4bNames[0], std::string("20240110-use-mysql.md"));
        const std::string l4b = renderDecision(records, 0, AdrLayout::Log4brains);
        QVERIFY(l4b.rfind("# Use MySQL\n\n- Status: superseded by "
                          "[20240502-use-postgresql](20240502-use-postgresql.md)\n"
                          "- Deciders: Alice, Bob\n- Date: 2024-01-10\n",
                          0) == 0);
        QVERIFY(l4b.size() > 30 && l4b.substr(l4b.size() - 29) == "<!-- terrain-decision: 1 -->\n");
    }

    void exportReadImportExportIsIdentical_data() {
        QTest::addColumn<QString>("layout");
        QTest::addColumn<QString>("folder");
        QTest::newRow("adr-tools") << "adr-tools"
                                   << "doc/adr";
        QTest::newRow("madr") << "madr"
                              << "docs/decisions";
        QTest::newRow("log4brains") << "log4brains"
                                    << "docs/adr";
    }
    void exportReadImportExportIsIdentical() {
        QFETCH(QString, layout);
        QFETCH(QString, folder);
        const AdrLayout l = *adrLayoutFromName(layout.toStdString());
        const QString base = m_dir.filePath(layout);
        auto m = makeMap((base + QStringLiteral(".terrain")).toStdString());
        const QString out = base + QStringLiteral("-out");
        const auto first = exportDecisionRecords(*m.p, out.toStdString(), l);
        QCOMPARE(first.written, 4);
        QCOMPARE(first.files.size(), size_t(4));
        QCOMPARE(QDir(QString::fromStdString(first.folder)), QDir(QDir(out).filePath(folder)));
        const auto bytes = tree(out);
        QCOMPARE(bytes.size(), size_t(l == AdrLayout::Log4brains ? 5 : 4)); // nothing else, nowhere else
        for (const auto& [name, text] : bytes)
            QVERIFY2(name.startsWith(folder + QLatin1Char('/')) || name == QStringLiteral(".log4brains.yml"),
                     qPrintable(name));

        // read back: the layout is detected, the records are the map's
        const DecisionFolder read = readDecisionFolder(out.toStdString());
        QCOMPARE(adrLayoutName(read.layout), layout.toStdString());
        QVERIFY2(read.warnings.empty(), read.warnings.empty() ? "" : read.warnings.front().c_str());
        const auto expected = decisionRecords(*m.p);
        QCOMPARE(read.records.size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(read.records[i].title, expected[i].title);
            QCOMPARE(read.records[i].context, expected[i].context);
            QCOMPARE(read.records[i].options, expected[i].options);
            QVERIFY(read.records[i] == expected[i]);
        }

        // into a map without decisions (same initiatives, risks, areas, systems): the same records
        for (const auto& d : m.p->list<Decision>())
            m.p->erase<Decision>(d.id);
        const AdrImportResult imported = importDecisionRecords(*m.p, read);
        QCOMPARE(imported.added, 4);
        QVERIFY(imported.warnings.empty());
        QCOMPARE(m.p->undoText(), QStringLiteral("Import 4 decision records"));
        const QString again = base + QStringLiteral("-again");
        exportDecisionRecords(*m.p, again.toStdString(), l);
        QCOMPARE(tree(again), bytes);

        // importing again changes nothing
        const AdrImportResult twice = importDecisionRecords(*m.p, readDecisionFolder(again.toStdString()));
        QCOMPARE(twice.unchanged, 4);
        QCOMPARE(twice.added + twice.updated, 0);

        // into an empty map: the same records, links to what the map lacks are reported
        auto fresh = Project::create((base + QStringLiteral("-fresh.terrain")).toStdString());
        const AdrImportResult intoFresh = importDecisionRecords(*fresh, read);
        QCOMPARE(intoFresh.added, 4);
        QCOMPARE(intoFresh.warnings.size(), size_t(4)); // initiative, risk, area, system of ADR 2
        auto freshRecords = decisionRecords(*fresh);
        for (size_t i = 0; i < expected.size(); ++i) {
            auto e = expected[i];
            e.links.clear();
            QVERIFY(freshRecords[i] == e);
        }
    }

    void exportAgainUpdatesInPlace() {
        auto m = makeMap(m_dir.filePath(QStringLiteral("again.terrain")).toStdString());
        const QString out = m_dir.filePath(QStringLiteral("again-out"));
        for (AdrLayout l : {AdrLayout::AdrTools, AdrLayout::Madr, AdrLayout::Log4brains})
            exportDecisionRecords(*m.p, out.toStdString(), l);
        const auto before = tree(out);
        for (AdrLayout l : {AdrLayout::AdrTools, AdrLayout::Madr, AdrLayout::Log4brains}) {
            const auto r = exportDecisionRecords(*m.p, out.toStdString(), l);
            QCOMPARE(r.written, 0);
            QCOMPARE(r.unchanged, 4);
        }
        QCOMPARE(tree(out), before);
        // a foreign record the map does not know is left alone
        writeAll(QDir(out).filePath(QStringLiteral("doc/adr/0009-someone-elses.md")),
                 "# 9. Someone else's\n");
        // renamed: the old file goes, no duplicate
        auto d = *m.p->get<Decision>(m.d3);
        d.title = "Read replicas and PgBouncer";
        m.p->save(d);
        for (AdrLayout l : {AdrLayout::AdrTools, AdrLayout::Madr, AdrLayout::Log4brains}) {
            const auto r = exportDecisionRecords(*m.p, out.toStdString(), l);
            QCOMPARE(r.written, 2); // the record and the one that names it (Amended by)
            QCOMPARE(r.removed.size(), size_t(1));
        }
        const auto after = tree(out);
        QCOMPARE(after.size(), before.size() + 1);
        QVERIFY(after.count(QStringLiteral("doc/adr/0003-read-replicas-and-pgbouncer.md")));
        QVERIFY(!after.count(QStringLiteral("doc/adr/0003-read-replicas-for-postgresql.md")));
        QVERIFY(after.count(QStringLiteral("docs/decisions/0003-read-replicas-and-pgbouncer.md")));
        QVERIFY(after.count(QStringLiteral("docs/adr/20240601-read-replicas-and-pgbouncer.md")));
        QVERIFY(!after.count(QStringLiteral("docs/adr/20240601-read-replicas-for-postgresql.md")));
        QVERIFY(after.count(QStringLiteral("doc/adr/0009-someone-elses.md")));
    }

    void hostileTitlesStayInTheFolder() {
        auto p = Project::create(m_dir.filePath(QStringLiteral("hostile.terrain")).toStdString());
        const std::vector<std::string> titles = {
            "../../etc/passwd", "/etc/shadow",          std::string("nul\0byte", 8), "\x01\x02\x03", "..",
            "a/b\\c",           std::string(5000, 'x'), "C:\\Windows\\system32",     "$(rm -rf ~)",  "   "};
        for (const auto& t : titles) {
            Decision d;
            d.title = t;
            d.date = "../../2024";
            p->add(d);
        }
        for (AdrLayout l : {AdrLayout::AdrTools, AdrLayout::Madr, AdrLayout::Log4brains}) {
            QTemporaryDir outer;
            const QString out = QDir(outer.path()).filePath(QStringLiteral("target"));
            const auto r = exportDecisionRecords(*p, out.toStdString(), l);
            QCOMPARE(r.files.size(), titles.size());
            // nothing was written beside the target folder
            QCOMPARE(QDir(outer.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                     QStringList{QStringLiteral("target")});
            std::set<std::string> names(r.files.begin(), r.files.end());
            QCOMPARE(names.size(), titles.size()); // no two records share a file
            for (const auto& f : r.files) {
                QVERIFY(f.size() <= 80);
                QVERIFY(f.find('/') == std::string::npos && f.find("..") == std::string::npos);
                QVERIFY(QFileInfo::exists(
                    QDir(QString::fromStdString(r.folder)).filePath(QString::fromStdString(f))));
            }
            // and it reads back
            QCOMPARE(readDecisionFolder(out.toStdString()).records.size(), titles.size());
        }
    }

    void configuredFoldersCannotLeave() {
        auto m = makeMap(m_dir.filePath(QStringLiteral("conf.terrain")).toStdString());
        const QString out = m_dir.filePath(QStringLiteral("conf-out"));
        writeAll(QDir(out).filePath(QStringLiteral(".adr-dir")), "../../outside\n");
        QVERIFY_THROWS_EXCEPTION(Error, exportDecisionRecords(*m.p, out.toStdString(), AdrLayout::AdrTools));
        writeAll(QDir(out).filePath(QStringLiteral(".adr-dir")), "architecture/decisions\n");
        const auto r = exportDecisionRecords(*m.p, out.toStdString(), AdrLayout::AdrTools);
        QVERIFY(QString::fromStdString(r.folder).endsWith(QStringLiteral("conf-out/architecture/decisions")));
        QCOMPARE(readDecisionFolder(out.toStdString()).records.size(), size_t(4));
        writeAll(QDir(out).filePath(QStringLiteral(".log4brains.yml")),
                 "project:\n  name: x\n  adrFolder: /etc\n");
        QVERIFY_THROWS_EXCEPTION(Error,
                                 exportDecisionRecords(*m.p, out.toStdString(), AdrLayout::Log4brains));
        // a symbolic link as the records folder, pointing outside
        const QString linked = m_dir.filePath(QStringLiteral("linked"));
        QDir().mkpath(QDir(linked).filePath(QStringLiteral("doc")));
        QVERIFY(QFile::link(m_dir.path(), QDir(linked).filePath(QStringLiteral("doc/adr"))));
        QVERIFY_THROWS_EXCEPTION(Error,
                                 exportDecisionRecords(*m.p, linked.toStdString(), AdrLayout::AdrTools));
    }

    void foreignFolders() {
        // MADR 4 as its template writes it
        const QString madr = m_dir.filePath(QStringLiteral("madr4"));
        writeAll(QDir(madr).filePath(
                     QStringLiteral("docs/decisions/0001-use-markdown-architectural-decision-records.md")),
                 "---\n# These are optional metadata elements.\nstatus: accepted\ndate: 2024-03-01\n"
                 "decision-makers:\n  - Ann\n  - \"Bo, Jr\"\nconsulted: nobody\n---\n\n"
                 "# Use Markdown Architectural Decision Records\n\n## Context and Problem Statement\n\n"
                 "We want to record decisions.\n\n## Decision Drivers\n\n* easy to write\n\n## Considered "
                 "Options\n\n"
                 "* MADR 4.0.0\n* Michael Nygard's template\n\n## Decision Outcome\n\nChosen option: \"MADR "
                 "4.0.0\".\n\n"
                 "### Consequences\n\n* Good, because tools read it\n\n### Confirmation\n\nReviews.\n\n"
                 "## Pros and Cons of the Options\n\n### MADR 4.0.0\n\n* Good, because lean\n* Neutral, "
                 "because new\n"
                 "* Bad, because long\n\n### Michael Nygard's template\n\n* Good, because simple\n");
        const DecisionFolder f = readDecisionFolder(madr.toStdString());
        QCOMPARE(f.layout, AdrLayout::Madr);
        QCOMPARE(f.records.size(), size_t(1));
        const DecisionRecord& r = f.records[0];
        QCOMPARE(r.number, 1);
        QCOMPARE(r.status, std::string("accepted"));
        QCOMPARE(r.deciders, (std::vector<std::string>{"Ann", "Bo", "Jr"}));
        QCOMPARE(r.context,
                 std::string("We want to record decisions.\n\nDecision drivers:\n\n* easy to write"));
        QCOMPARE(r.outcome, std::string("Chosen option: \"MADR 4.0.0\"."));
        QCOMPARE(r.consequences, std::string("* Good, because tools read it\n\nConfirmation:\n\nReviews."));
        QCOMPARE(r.options.size(), size_t(2));
        QCOMPARE(r.options[0].pros, std::vector<std::string>{"lean"});
        QCOMPARE(r.options[0].cons, std::vector<std::string>{"long"});
        QCOMPARE(r.options[0].description, std::string("* Neutral, because new"));
        QCOMPARE(r.options[1].pros, std::vector<std::string>{"simple"});

        // log4brains files without numbers: numbered in date order, links by slug resolved
        const QString l4b = m_dir.filePath(QStringLiteral("l4b"));
        writeAll(QDir(l4b).filePath(QStringLiteral(".log4brains.yml")),
                 "---\nproject:\n  name: shop\n  tz: Europe/Paris\n  adrFolder: ./docs/adr\n");
        writeAll(QDir(l4b).filePath(QStringLiteral("docs/adr/20200101-use-log4brains.md")),
                 "# Use Log4brains to manage the ADRs\n\n- Status: superseded by "
                 "[20210101-use-madr](20210101-use-madr.md)\n"
                 "- Date: 2020-01-01\n- Tags: doc\n\n## Context and Problem Statement\n\nWe want ADRs.\n");
        writeAll(QDir(l4b).filePath(QStringLiteral("docs/adr/20210101-use-madr.md")),
                 "# Use MADR\n\n- Status: draft\n- Deciders: Cy\n- Date: 2021-01-01\n\n## Decision "
                 "Outcome\n\nMADR.\n\n"
                 "## Links\n\n- Supersedes [20200101-use-log4brains](20200101-use-log4brains.md)\n");
        writeAll(QDir(l4b).filePath(QStringLiteral("docs/adr/README.md")), "# ADRs\n");
        const DecisionFolder g = readDecisionFolder(l4b.toStdString());
        QCOMPARE(g.layout, AdrLayout::Log4brains);
        QCOMPARE(g.records.size(), size_t(2));
        QCOMPARE(g.records[0].status, std::string("superseded"));
        QCOMPARE(g.records[1].number, 2);
        QCOMPARE(g.records[1].status, std::string("proposed")); // draft, with a warning
        QCOMPARE(g.records[1].supersedes, std::optional<int>(1));
        QCOMPARE(g.warnings.size(), size_t(2)); // Tags, draft

        // the records folder itself, adr-tools files
        const QString plain = m_dir.filePath(QStringLiteral("plain"));
        writeAll(QDir(plain).filePath(QStringLiteral("0001-record-architecture-decisions.md")),
                 "# 1. Record architecture decisions\r\n\r\nDate: 2024-01-01\r\n\r\n## "
                 "Status\r\n\r\nAccepted\r\n\r\n"
                 "## Context\r\n\r\nWe need to record the architectural decisions made on this project.\r\n");
        const DecisionFolder h = readDecisionFolder(plain.toStdString());
        QCOMPARE(h.layout, AdrLayout::AdrTools);
        QCOMPARE(h.records.at(0).context,
                 std::string("We need to record the architectural decisions made on this project."));
    }

    void badFilesChangeNothing_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no title") << "doc/adr/0001-x.md"
                                  << QByteArray("Date: 2024\n\n## Status\n\nAccepted\n")
                                  << "0001-x.md: line 1: expected the title line";
        QTest::newRow("not utf-8") << "doc/adr/0001-x.md" << QByteArray("# 1. X\n\n## Context\n\n\xff\xfe\n")
                                   << "0001-x.md: line 5: expected UTF-8 text";
        QTest::newRow("nul") << "doc/adr/0001-x.md" << QByteArray("# 1. X\n\0\n", 9)
                             << "0001-x.md: line 2: expected UTF-8 text";
        QTest::newRow("open front matter")
            << "docs/decisions/0001-x.md" << QByteArray("---\nstatus: accepted\n# X\n")
            << "0001-x.md: line 1: the front matter that starts here has no closing";
        QTest::newRow("bad front matter")
            << "docs/decisions/0001-x.md" << QByteArray("---\nstatus accepted\n---\n# X\n")
            << "0001-x.md: line 2: expected \"key: value\"";
        QTest::newRow("duplicate number")
            << "doc/adr/0002-y.md" << QByteArray("# 2. Y\n") << "0002-y.md: has number 2, like ";
    }
    void badFilesChangeNothing() {
        QFETCH(QString, file);
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        const QString dir =
            m_dir.filePath(QStringLiteral("bad-") + QString::fromLatin1(QTest::currentDataTag()));
        if (file.endsWith(QStringLiteral("0002-y.md")))
            writeAll(QDir(dir).filePath(QStringLiteral("doc/adr/0002-x.md")), "# 2. X\n");
        writeAll(QDir(dir).filePath(file), text.toStdString());
        auto m = makeMap((dir + QStringLiteral(".terrain")).toStdString());
        const auto before = m.p->list(EntityKind::Decision);
        try {
            importDecisionRecords(*m.p, readDecisionFolder(dir.toStdString()));
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(expected), e.what());
        }
        QCOMPARE(m.p->list(EntityKind::Decision), before);
        QVERIFY_THROWS_EXCEPTION(Error,
                                 readDecisionFolder(m_dir.filePath(QStringLiteral("missing")).toStdString()));
    }

    void amendsInTheCanonicalMap() {
        auto m = makeMap(m_dir.filePath(QStringLiteral("json.terrain")).toStdString());
        const std::string text = exportMapText(*m.p);
        const json doc = json::parse(text);
        QVERIFY(doc["decisions"][2]["amends"] == json::array({2}));
        QVERIFY(doc["decisions"][0]["amends"] == json::array());
        auto fresh = Project::create(m_dir.filePath(QStringLiteral("json-back.terrain")).toStdString());
        importMap(*fresh, parseMapText(text, "map.json"), "map.json");
        QCOMPARE(exportMapText(*fresh), text);
        Id amended = 0, amending = 0;
        for (const auto& d : fresh->list<Decision>()) {
            if (d.number == 2)
                amended = d.id;
            if (d.number == 3)
                amending = d.id;
        }
        QCOMPARE(fresh->get<Decision>(amending)->amends, std::vector<Id>{amended});
    }

    void schemaFiveMigration() {
        // a schema 2 map: opening it adds decision_amends exactly as a new map has it
        const QString path = m_dir.filePath(QStringLiteral("v2.terrain"));
        QVERIFY(
            QFile::copy(QStringLiteral(TERRAIN_SOURCE_DIR "/tests/model/data/schema-v2-demo.terrain"), path));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        Id a = 0, b = 0;
        {
            auto p = Project::open(path.toStdString());
            Decision d;
            d.title = "Base";
            a = p->add(d);
            const Id e = amendDecision(*p, a, "Amendment", "2024-01-01");
            b = e;
        }
        Database raw(path.toStdString(), Database::Mode::ReadOnly);
        QCOMPARE(raw.queryInt("PRAGMA user_version"), std::int64_t(Project::kSchemaVersion));
        QVERIFY(Project::kSchemaVersion >= 5);
        const std::string fresh = m_dir.filePath(QStringLiteral("fresh5.terrain")).toStdString();
        Project::create(fresh);
        Database created(fresh, Database::Mode::ReadOnly);
        auto sqlOf = [](Database& db, const char* name) {
            auto st =
                db.prepareUncached(std::string("SELECT sql FROM sqlite_schema WHERE name = '") + name + "'");
            return st->step() ? st->text(0) : std::string();
        };
        for (const char* name : {"decision_amends", "decision_amends_target"}) {
            QVERIFY(!sqlOf(created, name).empty());
            QCOMPARE(sqlOf(raw, name), sqlOf(created, name));
        }
        auto p = Project::open(path.toStdString());
        QCOMPARE(p->get<Decision>(b)->amends, std::vector<Id>{a});
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestDecisionRecords)
#include "tst_decisionrecords.moc"
