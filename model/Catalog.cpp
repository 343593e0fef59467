#include "Catalog.h"

#include "MapJson.h"
#include "Project.h"

#include <QFile>

#include <map>
#include <set>

namespace terrain {

const std::vector<AreaTemplate>& defaultAreas() {
    static const std::vector<AreaTemplate> areas = {
        {"release", "Release process",
         "How code reaches production: build, test, deploy and roll back, and how long and risky that is."},
        {"cost", "Cloud cost",
         "What the infrastructure costs, who sees the bill, and what is paid for but unused."},
        {"dr", "Disaster recovery",
         "Backups that are restored and tested, recovery objectives, and a plan for losing a region or a "
         "provider."},
        {"parity", "Staging/production parity",
         "Whether staging is built like production, so that what passes there works here."},
        {"observability", "Observability",
         "Metrics, logs, traces and alerts that tell the team something is wrong before customers do."},
        {"iac", "Infrastructure as code and drift",
         "How much of what runs is described in code, and how far reality has drifted from it."},
        {"security", "Security and access",
         "Identity and access, secrets, patching, and the security work nobody has picked up."},
        {"ssh-access", "Production access over SSH",
         "Changes made by hand on servers: who can log in, what they change, and how it is recorded."},
        {"scaling", "Scaling",
         "How the system grows with load: horizontally and automatically, or by a bigger server."},
        {"knowledge", "Knowledge and bus factor",
         "What only one person knows, and how knowledge is written down and shared."},
    };
    return areas;
}

const std::vector<SymptomTemplate>& defaultSymptoms() {
    static const std::vector<SymptomTemplate> symptoms = {
        {"slow-deploys", "Deploys take hours, or need a particular person to run them.", {"release"}},
        {"single-expert", "One engineer holds all the knowledge of how production works.", {"knowledge"}},
        {"vertical-scaling", "Scaling means buying a bigger server.", {"scaling", "cost"}},
        {"ssh-config", "Configuration changes need someone to SSH into a server.", {"ssh-access", "iac"}},
        {"unknown-production", "Nobody can say for sure what runs in production.", {"iac", "observability"}},
        {"risky-releases", "Releases are risky: they break things, and rolling back is hard.", {"release"}},
        {"cloud-cost", "The cloud bill grows faster than the business, and nobody knows why.", {"cost"}},
        {"no-dr", "There is no tested disaster recovery: backups have never been restored.", {"dr"}},
        {"staging-drift",
         "Staging is unlike production, so it does not catch what breaks there.",
         {"parity"}},
        {"observability-gaps", "Customers find outages before the team does.", {"observability"}},
        {"drift-no-iac",
         "Infrastructure is clicked together by hand and drifts from any code that exists.",
         {"iac"}},
        {"neglected-security",
         "Security work nobody owns: shared credentials, unpatched hosts, no audit.",
         {"security", "ssh-access"}},
    };
    return symptoms;
}

void seedCatalog(Project& project) {
    std::set<std::string> haveAreas;
    for (const auto& a : project.list<Area>())
        haveAreas.insert(a.key);
    std::set<std::string> haveSymptoms;
    for (const auto& s : project.list<Symptom>())
        haveSymptoms.insert(s.key);

    project.edit(QStringLiteral("Add improvement areas and symptoms"), [&] {
        for (const auto& t : defaultAreas()) {
            if (haveAreas.count(t.key))
                continue;
            Area a;
            a.key = t.key;
            a.title = t.title;
            a.description = t.description;
            project.add(a);
        }
        std::map<std::string, Id> areaIds;
        for (const auto& a : project.list<Area>())
            areaIds[a.key] = a.id;
        for (const auto& t : defaultSymptoms()) {
            if (haveSymptoms.count(t.key))
                continue;
            Symptom s;
            s.key = t.key;
            s.text = t.text;
            for (const auto& k : t.areas)
                if (auto it = areaIds.find(k); it != areaIds.end())
                    s.areas.push_back(it->second);
            project.add(s);
        }
    });
    project.clearHistory();
}

void populateDemo(Project& project) {
    QFile f(QStringLiteral(":/terrain/demo/demo-map.json"));
    if (!f.open(QIODevice::ReadOnly))
        throw Error("the bundled demo map is missing from this build (:/terrain/demo/demo-map.json)");
    const QByteArray bytes = f.readAll();
    const std::string text(bytes.constData(), static_cast<size_t>(bytes.size()));
    importMap(project, parseMapText(text, "demo-map.json"), "demo-map.json");
    project.clearHistory();
}

} // namespace terrain
