#include "EntityColumns.h"

#include "Project.h"

#include <QCoreApplication>
#include <QDate>

#include <map>

namespace terrain {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("EntityColumns", text);
}

EntityColumn text(const char* header, const char* member, int widthChars = 16) {
    EntityColumn c;
    c.header = tr(header);
    c.member = member;
    c.widthChars = widthChars;
    return c;
}

EntityColumn readOnly(EntityColumn c) {
    c.editable = false;
    return c;
}

EntityColumn longText(const char* header, const char* member, int widthChars = 30) {
    EntityColumn c = text(header, member, widthChars);
    c.type = FieldType::LongText;
    return c;
}

EntityColumn number(const char* header, const char* member, int minimum, int maximum, int widthChars = 7) {
    EntityColumn c = text(header, member, widthChars);
    c.type = FieldType::Int;
    c.minimum = minimum;
    c.maximum = maximum;
    return c;
}

EntityColumn check(const char* header, const char* member, int widthChars = 8) {
    EntityColumn c = text(header, member, widthChars);
    c.type = FieldType::Bool;
    return c;
}

EntityColumn choice(const char* header, const char* member, const std::vector<std::string>& choices,
                    bool allowEmpty, int widthChars = 11) {
    EntityColumn c = text(header, member, widthChars);
    c.type = FieldType::Enum;
    c.choices = choices;
    c.allowEmpty = allowEmpty;
    return c;
}

EntityColumn reference(const char* header, const char* member, EntityKind target, bool allowEmpty,
                       int widthChars = 18) {
    EntityColumn c = text(header, member, widthChars);
    c.type = FieldType::Reference;
    c.target = target;
    c.allowEmpty = allowEmpty;
    return c;
}

EntityColumn references(const char* header, const char* member, EntityKind target, int widthChars = 34) {
    EntityColumn c = text(header, member, widthChars);
    c.type = FieldType::ReferenceList;
    c.target = target;
    c.toolTip = tr("Names or keys, separated by commas");
    return c;
}

EntityColumn maturity(const char* header, const char* member) {
    EntityColumn c = text(header, member, 13);
    c.type = FieldType::IntChoice;
    c.minimum = 0;
    c.maximum = static_cast<int>(maturityScale().size());
    c.choices.push_back("—");
    for (const auto& m : maturityScale())
        c.choices.push_back(m);
    return c;
}

std::vector<EntityColumn> makeColumns(EntityKind kind) {
    using K = EntityKind;
    switch (kind) {
    case K::System: {
        auto kindCol = choice("Kind", "kind", systemKinds(), false, 12);
        auto env = choice("Environment", "environment", environments(), true, 12);
        env.type = FieldType::EditableEnum;
        auto tags = text("Tags", "tags", 16);
        tags.type = FieldType::StringList;
        return {text("Name", "name", 34),
                kindCol,
                text("Provider", "provider", 11),
                env,
                text("Owner", "owner", 12),
                choice("Lifecycle", "lifecycle", lifecycles(), true, 10),
                choice("Criticality", "criticality", criticalities(), true, 10),
                tags,
                readOnly(text("Key", "key", 24)),
                longText("Notes", "notes")};
    }
    case K::Dependency:
        return {reference("From", "from", K::System, false, 32),
                choice("Kind", "kind", dependencyKinds(), false), reference("To", "to", K::System, false, 32),
                readOnly(text("Origin", "origin", 10)), text("Evidence", "evidence", 64)};
    case K::Import: {
        auto warnings = text("Warnings", "warnings", 30);
        warnings.type = FieldType::StringList;
        warnings.editable = false;
        return {readOnly(text("File", "file", 30)),
                readOnly(text("Format", "format", 9)),
                readOnly(text("Time", "time", 18)),
                readOnly(number("Added", "added", 0, 1 << 30)),
                readOnly(number("Updated", "updated", 0, 1 << 30)),
                readOnly(number("Gone", "gone", 0, 1 << 30)),
                readOnly(number("Skipped", "skipped", 0, 1 << 30)),
                warnings};
    }
    case K::Area:
        return {readOnly(text("Key", "key", 10)),
                text("Title", "title", 40),
                maturity("Maturity now", "maturity_now"),
                maturity("Target", "maturity_target"),
                choice("Status", "status", areaStatuses(), false),
                text("Owner", "owner", 12),
                references("Systems", "systems", K::System),
                longText("Description", "description", 48),
                longText("Notes", "notes", 24)};
    case K::Initiative: {
        auto auto_ = check("Auto", "risk_reduction_auto", 6);
        auto_.toolTip = tr("Risk reduction derived from the linked risks");
        auto effort = number("Effort", "effort", 0, 520);
        effort.toolTip = tr("Person-weeks");
        auto confidence = number("Confidence", "confidence", 0, 100, 9);
        confidence.toolTip = tr("Percent");
        return {readOnly(text("Key", "key", 6)),
                text("Title", "title", 44),
                reference("Area", "area", K::Area, true, 18),
                number("Value", "value", 0, 10),
                number("Urgency", "urgency", 0, 10),
                number("Risk red.", "risk_reduction", 0, 10, 8),
                auto_,
                effort,
                confidence,
                number("Votes", "votes", 0, 1000, 6),
                choice("Phase", "phase", phases(), true, 8),
                choice("Status", "status", initiativeStatuses(), false),
                text("Owner", "owner", 12),
                references("Prerequisites", "prerequisites", K::Initiative),
                references("Systems", "systems", K::System),
                references("Risks", "risks", K::Risk),
                longText("Description", "description", 30)};
    }
    case K::Risk:
        return {readOnly(text("Key", "key", 6)),
                text("Title", "title", 44),
                number("Likelihood", "likelihood", 1, 5, 9),
                number("Impact", "impact", 1, 5),
                reference("Area", "area", K::Area, true, 18),
                choice("Status", "status", riskStatuses(), false),
                text("Owner", "owner", 12),
                text("Mitigation", "mitigation", 40),
                references("Systems", "systems", K::System),
                longText("Description", "description", 30)};
    case K::Decision: {
        auto numberCol = readOnly(number("Number", "number", 0, 1 << 30, 8));
        numberCol.prefix = QStringLiteral("ADR-");
        auto deciders = text("Deciders", "deciders", 26);
        deciders.type = FieldType::StringList;
        auto date = text("Date", "date", 10);
        date.toolTip = tr("YYYY-MM-DD");
        return {numberCol,
                text("Title", "title", 44),
                choice("Status", "status", decisionStatuses(), false),
                date,
                deciders,
                longText("Context", "context", 36),
                longText("Outcome", "outcome", 36),
                longText("Consequences", "consequences", 30),
                reference("Supersedes", "supersedes", K::Decision, true, 10),
                references("Initiatives", "initiatives", K::Initiative),
                references("Risks", "risks", K::Risk),
                references("Areas", "areas", K::Area),
                references("Systems", "systems", K::System)};
    }
    case K::Symptom:
        return {readOnly(text("Key", "key", 14)), check("Observed", "observed", 9),
                longText("Sign", "text", 72), text("Evidence", "evidence", 48),
                references("Areas", "areas", K::Area, 40)};
    case K::Migration: {
        auto decommission = text("Decommission", "decommission_date", 12);
        decommission.toolTip = tr("YYYY-MM-DD");
        return {readOnly(text("Key", "key", 6)),
                text("Title", "title", 44),
                reference("Legacy", "legacy", K::System, true, 30),
                reference("Replacement", "replacement", K::System, true, 30),
                check("Fallback ready", "fallback_ready", 12),
                decommission,
                longText("Notes", "notes", 30)};
    }
    }
    return {};
}

} // namespace

const std::vector<EntityColumn>& entityColumns(EntityKind kind) {
    static const std::map<EntityKind, std::vector<EntityColumn>> all = [] {
        std::map<EntityKind, std::vector<EntityColumn>> m;
        for (EntityKind k : kAllKinds)
            m[k] = makeColumns(k);
        return m;
    }();
    return all.at(kind);
}

QString entityTitle(EntityKind kind, bool plural) {
    using K = EntityKind;
    switch (kind) {
    case K::System:
        return plural ? tr("Systems") : tr("system");
    case K::Dependency:
        return plural ? tr("Dependencies") : tr("dependency");
    case K::Import:
        return plural ? tr("Imports") : tr("import");
    case K::Area:
        return plural ? tr("Areas") : tr("area");
    case K::Initiative:
        return plural ? tr("Initiatives") : tr("initiative");
    case K::Risk:
        return plural ? tr("Risks") : tr("risk");
    case K::Decision:
        return plural ? tr("Decisions") : tr("decision");
    case K::Symptom:
        return plural ? tr("Symptoms") : tr("symptom");
    case K::Migration:
        return plural ? tr("Migrations") : tr("migration");
    }
    return {};
}

json newEntityRow(EntityKind kind) {
    using K = EntityKind;
    switch (kind) {
    case K::System:
        return {{"name", tr("New system").toStdString()},
                {"kind", "service"},
                {"origin", "manual"},
                {"sources", json::array({"manual"})}};
    case K::Area:
        return {{"title", tr("New area").toStdString()}};
    case K::Initiative:
        return {{"title", tr("New initiative").toStdString()}};
    case K::Risk:
        return {{"title", tr("New risk").toStdString()}};
    case K::Decision:
        return {{"title", tr("New decision").toStdString()},
                {"date", QDate::currentDate().toString(Qt::ISODate).toStdString()}};
    case K::Symptom:
        return {{"text", tr("New symptom").toStdString()}};
    case K::Migration:
        return {{"title", tr("New migration").toStdString()}};
    case K::Dependency:
    case K::Import:
        break;
    }
    return json::object();
}

QString entityLabel(EntityKind kind, const json& row) {
    auto str = [&](const char* member) {
        auto it = row.find(member);
        return it != row.end() && it->is_string() ? QString::fromStdString(it->get<std::string>())
                                                  : QString();
    };
    using K = EntityKind;
    QString label;
    switch (kind) {
    case K::System:
        label = str("name");
        if (label.isEmpty())
            label = str("key");
        break;
    case K::Decision:
        return QStringLiteral("ADR-%1").arg(row.value("number", 0));
    case K::Symptom:
        label = str("text");
        break;
    case K::Import:
        label = str("file");
        break;
    case K::Dependency:
        break;
    case K::Area:
    case K::Initiative:
    case K::Risk:
    case K::Migration:
        label = str("title");
        if (label.isEmpty())
            label = str("key");
        break;
    }
    if (label.isEmpty())
        label = QStringLiteral("#%1").arg(row.value("id", Id{0}));
    return label;
}

QString entityLabel(const Project& project, EntityKind kind, Id id) {
    if (auto row = project.get(kind, id))
        return entityLabel(kind, *row);
    return QStringLiteral("#%1").arg(id);
}

std::optional<Id> resolveEntity(const Project& project, EntityKind kind, const QString& text,
                                const std::vector<Id>& prefer) {
    const QString t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    auto same = [](const QString& a, const QString& b) {
        return QString::compare(a, b, Qt::CaseInsensitive) == 0;
    };
    for (Id id : prefer)
        if (same(entityLabel(project, kind, id), t))
            return id;

    if (kind == EntityKind::System) {
        // "name (key)", as the system picker completes it.
        if (t.endsWith(QLatin1Char(')'))) {
            const auto open = t.lastIndexOf(QStringLiteral(" ("));
            if (open > 0)
                if (auto s = project.systemByKey(t.mid(open + 2, t.size() - open - 3).toStdString()))
                    return s->id;
        }
        if (auto s = project.systemByKey(t.toStdString()))
            return s->id;
        SystemQuery q;
        q.text = t.toStdString();
        q.orderBy = "id";
        const auto ids = project.systemIds(q);
        const size_t limit = std::min<size_t>(ids.size(), 2000);
        for (size_t i = 0; i < limit; ++i)
            if (auto row = project.get(EntityKind::System, ids[i]); row && same(entityLabel(kind, *row), t))
                return ids[i];
        return std::nullopt;
    }

    for (const auto& row : project.list(kind)) {
        if (same(entityLabel(kind, row), t))
            return row.at("id").get<Id>();
        if (auto k = row.find("key"); k != row.end() && k->is_string() && same(QString::fromStdString(*k), t))
            return row.at("id").get<Id>();
        if (kind == EntityKind::Decision && t == QString::number(row.value("number", 0)))
            return row.at("id").get<Id>();
    }
    return std::nullopt;
}

double averageCharWidth(const QFontMetrics& fm) {
    static const QString sample = QStringLiteral("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ 0123456789");
    return fm.horizontalAdvance(sample) / static_cast<double>(sample.size());
}

QStringList splitList(const QString& text) {
    QStringList out;
    for (const auto& part : text.split(QLatin1Char(','))) {
        const QString p = part.trimmed();
        if (!p.isEmpty())
            out << p;
    }
    return out;
}

} // namespace terrain
