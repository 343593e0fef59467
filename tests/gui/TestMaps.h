#pragma once
// Small maps for the GUI tests, built through the Project API in a temporary folder.

#include "Catalog.h"
#include "Project.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace terrain::test {

inline System makeSystem(const std::string& name, const std::string& kind, const std::string& env,
                         const std::string& owner = {}) {
    System s;
    s.name = name;
    s.kind = kind;
    s.environment = env;
    s.owner = owner;
    s.provider = "aws";
    s.sources = {"manual"};
    return s;
}

inline std::string pathIn(const QTemporaryDir& dir, const char* name = "map.terrain") {
    return dir.filePath(QString::fromLatin1(name)).toStdString();
}

/// A map with the catalog, five systems, four dependencies, two initiatives, two risks, a decision and
/// a migration; no undo history.
struct SmallMap {
    std::unique_ptr<Project> project;
    Id web = 0, api = 0, db = 0, cache = 0, queue = 0;
    Id webToApi = 0, apiToDb = 0, apiToCache = 0, apiToQueue = 0;
    Id ciInitiative = 0, backupInitiative = 0, dbRisk = 0, busRisk = 0, decision = 0, migration = 0;

    explicit SmallMap(const std::string& path)
        : project(Project::create(path)) {
        seedCatalog(*project);
        Project& p = *project;
        p.edit(QStringLiteral("setup"), [&] {
            web = p.add(makeSystem("Web", "service", "production", "frontend"));
            api = p.add(makeSystem("API", "service", "production", "backend"));
            db = p.add(makeSystem("Orders DB", "database", "production", "backend"));
            cache = p.add(makeSystem("Cache", "cache", "staging"));
            queue = p.add(makeSystem("Queue", "queue", "production", "platform"));
            auto dep = [&](Id from, Id to, const char* kind) {
                Dependency d;
                d.from = from;
                d.to = to;
                d.kind = kind;
                return p.add(d);
            };
            webToApi = dep(web, api, "calls");
            apiToDb = dep(api, db, "reads-writes");
            apiToCache = dep(api, cache, "reads");
            apiToQueue = dep(api, queue, "writes");
            Risk r;
            r.title = "Orders DB has no tested backup";
            r.likelihood = 3;
            r.impact = 5;
            r.systems = {db};
            dbRisk = p.add(r);
            Risk bus;
            bus.title = "Only one person can deploy";
            busRisk = p.add(bus);
            Initiative i;
            i.title = "Restore the DB backup monthly";
            i.value = 8;
            i.risks = {dbRisk};
            i.systems = {db};
            backupInitiative = p.add(i);
            Initiative ci;
            ci.title = "CI pipeline for the API";
            ci.prerequisites = {backupInitiative};
            ciInitiative = p.add(ci);
            Decision d;
            d.title = "Use managed Postgres";
            d.date = "2024-05-01";
            d.systems = {db};
            decision = p.add(d);
            Migration m;
            m.title = "Queue to managed queue";
            m.legacy = queue;
            migration = p.add(m);
        });
        p.clearHistory();
    }
};

} // namespace terrain::test
