#include "EntityColumns.h"

#include "Project.h"

#include <QCoreApplication>
#include <QDate>

#include <map>

namespace terrain {

namespace {

/// Headers are marked with QT_TRANSLATE_NOOP("EntityColumns", ...) where they are written, for lupdate,
/// and translated here.
QString translated(const char* text) {
    return QCoreApplication::translate("EntityColumns", text);
}

EntityColumn text(const char* header, const char* member, int widthChars = 16) {
    EntityColumn c;
    c.header = translated(header);
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
    c.toolTip = QCoreApplication::translate("EntityColumns", "Names or keys, separated by commas");
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
        auto kindCol = choice(QT_TRANSLATE_NOOP("EntityColumns", "Kind"), "kind", systemKinds(), false, 12);
        auto env = choice(QT_TRANSLATE_NOOP("EntityColumns", "Environment"), "environment", environments(),
                          true, 12);
        env.type = FieldType::EditableEnum;
        auto tags = text(QT_TRANSLATE_NOOP("EntityColumns", "Tags"), "tags", 16);
        tags.type = FieldType::StringList;
        return {text(QT_TRANSLATE_NOOP("EntityColumns", "Name"), "name", 34),
                kindCol,
                text(QT_TRANSLATE_NOOP("EntityColumns", "Provider"), "provider", 11),
                env,
                text(QT_TRANSLATE_NOOP("EntityColumns", "Owner"), "owner", 12),
                choice(QT_TRANSLATE_NOOP("EntityColumns", "Lifecycle"), "lifecycle", lifecycles(), true, 10),
                choice(QT_TRANSLATE_NOOP("EntityColumns", "Criticality"), "criticality", criticalities(),
                       true, 10),
                tags,
                readOnly(text(QT_TRANSLATE_NOOP("EntityColumns", "Key"), "key", 24)),
                longText(QT_TRANSLATE_NOOP("EntityColumns", "Notes"), "notes")};
    }
    case K::Dependency:
        return {reference(QT_TRANSLATE_NOOP("EntityColumns", "From"), "from", K::System, false, 32),
                choice(QT_TRANSLATE_NOOP("EntityColumns", "Kind"), "kind", dependencyKinds(), false),
                reference(QT_TRANSLATE_NOOP("EntityColumns", "To"), "to", K::System, false, 32),
                readOnly(text(QT_TRANSLATE_NOOP("EntityColumns", "Origin"), "origin", 10)),
                text(QT_TRANSLATE_NOOP("EntityColumns", "Evidence"), "evidence", 64)};
    case K::Import: {
        auto warnings = text(QT_TRANSLATE_NOOP("EntityColumns", "Warnings"), "warnings", 30);
        warnings.type = FieldType::StringList;
        warnings.editable = false;
        return {readOnly(text(QT_TRANSLATE_NOOP("EntityColumns", "File"), "file", 30)),
                readOnly(text(QT_TRANSLATE_NOOP("EntityColumns", "Format"), "format", 9)),
                readOnly(text(QT_TRANSLATE_NOOP("EntityColumns", "Time"), "time", 18)),
                readOnly(number(QT_TRANSLATE_NOOP("EntityColumns", "Added"), "added", 0, 1 << 30)),
                readOnly(number(QT_TRANSLATE_NOOP("EntityColumns", "Updated"), "updated", 0, 1 << 30)),
                readOnly(number(QT_TRANSLATE_NOOP("EntityColumns", "Gone"), "gone", 0, 1 << 30)),
                readOnly(number(QT_TRANSLATE_NOOP("EntityColumns", "Skipped"), "skipped", 0, 1 << 30)),
                warnings,
                readOnly(text(QT_TRANSLATE_NOOP("EntityColumns", "Path"), "path", 40))};
    }
    case K::Area:
        return {readOnly(text(QT_TRANSLATE_NOOP("EntityColumns", "Key"), "key", 10)),
                text(QT_TRANSLATE_NOOP("EntityColumns", "Title"), "title", 40),
                maturity(QT_TRANSLATE_NOOP("EntityColumns", "Maturity now"), "maturity_now"),
                maturity(QT_TRANSLATE_NOOP("EntityColumns", "Target"), "maturity_target"),
                choice(QT_TRANSLATE_NOOP("EntityColumns", "Status"), "status", areaStatuses(), false),
                text(QT_TRANSLATE_NOOP("EntityColumns", "Owner"), "owner", 12),
                references(QT_TRANSLATE_NOOP("EntityColumns", "Systems"), "systems", K::System),
                longText(QT_TRANSLATE_NOOP("EntityColumns", "Description"), "description", 48),
                longText(QT_TRANSLATE_NOOP("EntityColumns", "Notes"), "notes", 24)};
    case K::Initiative: {
        auto auto_ = check(QT_TRANSLATE_NOOP("EntityColumns", "Auto"), "risk_reduction_auto", 6);
        auto_.toolTip =
            QCoreApplication::translate("EntityColumns", "Risk reduction derived from the linked risks");
        auto effort = number(QT_TRANSLATE_NOOP("EntityColumns", "Effort"), "effort", 0, 520);
        effort.toolTip = QCoreApplication::translate("EntityColumns", "Person-weeks");
        auto confidence = number(QT_TRANSLATE_NOOP("EntityColumns", "Confidence"), "confidence", 0, 100, 9);
        confidence.toolTip = QCoreApplication::translate("EntityColumns", "Percent");
        return {
            readOnly(text(QT_TRANSLATE_NOOP("EntityColumns", "Key"), "key", 6)),
            text(QT_TRANSLATE_NOOP("EntityColumns", "Title"), "title", 44),
            reference(QT_TRANSLATE_NOOP("EntityColumns", "Area"), "area", K::Area, true, 18),
            number(QT_TRANSLATE_NOOP("EntityColumns", "Value"), "value", 0, 10),
            number(QT_TRANSLATE_NOOP("EntityColumns", "Urgency"), "urgency", 0, 10),
            number(QT_TRANSLATE_NOOP("EntityColumns", "Risk red."), "risk_reduction", 0, 10, 8),
            auto_,
            effort,
            confidence,
            number(QT_TRANSLATE_NOOP("EntityColumns", "Votes"), "votes", 0, 1000, 6),
            choice(QT_TRANSLATE_NOOP("EntityColumns", "Phase"), "phase", phases(), true, 8),
            choice(QT_TRANSLATE_NOOP("EntityColumns", "Status"), "status", initiativeStatuses(), false),
            text(QT_TRANSLATE_NOOP("EntityColumns", "Owner"), "owner", 12),
            references(QT_TRANSLATE_NOOP("EntityColumns", "Prerequisites"), "prerequisites", K::Initiative),
            references(QT_TRANSLATE_NOOP("EntityColumns", "Systems"), "systems", K::System),
            references(QT_TRANSLATE_NOOP("EntityColumns", "Risks"), "risks", K::Risk),
            longText(QT_TRANSLATE_NOOP("EntityColumns", "Description"), "description", 30)};
    }
    case K::Risk:
        return {readOnly(text(QT_TRANSLATE_NOOP("EntityColumns", "Key"), "key", 6)),
                text(QT_TRANSLATE_NOOP("EntityColumns", "Title"), "title", 44),
                number(QT_TRANSLATE_NOOP("EntityColumns", "Likelihood"), "likelihood", 1, 5, 9),
                number(QT_TRANSLATE_NOOP("EntityColumns", "Impact"), "impact", 1, 5),
                reference(QT_TRANSLATE_NOOP("EntityColumns", "Area"), "area", K::Area, true, 18),
                choice(QT_TRANSLATE_NOOP("EntityColumns", "Status"), "status", riskStatuses(), false),
                text(QT_TRANSLATE_NOOP("EntityColumns", "Owner"), "owner", 12),
                text(QT_TRANSLATE_NOOP("EntityColumns", "Mitigation"), "mitigation", 40),
                references(QT_TRANSLATE_NOOP("EntityColumns", "Systems"), "systems", K::System),
                longText(QT_TRANSLATE_NOOP("EntityColumns", "Description"), "description", 30)};
    case K::Decision: {
        auto numberCol =
            readOnly(number(QT_TRANSLATE_NOOP("EntityColumns", "Number"), "number", 0, 1 << 30, 8));
        numberCol.prefix = QStringLiteral("ADR-");
        auto deciders = text(QT_TRANSLATE_NOOP("EntityColumns", "Deciders"), "deciders", 26);
        deciders.type = FieldType::StringList;
        auto date = text(QT_TRANSLATE_NOOP("EntityColumns", "Date"), "date", 10);
        date.toolTip = QCoreApplication::translate("EntityColumns", "YYYY-MM-DD");
        return {
            numberCol,
            text(QT_TRANSLATE_NOOP("EntityColumns", "Title"), "title", 44),
            choice(QT_TRANSLATE_NOOP("EntityColumns", "Status"), "status", decisionStatuses(), false),
            date,
            deciders,
            longText(QT_TRANSLATE_NOOP("EntityColumns", "Context"), "context", 36),
            longText(QT_TRANSLATE_NOOP("EntityColumns", "Outcome"), "outcome", 36),
            longText(QT_TRANSLATE_NOOP("EntityColumns", "Consequences"), "consequences", 30),
            reference(QT_TRANSLATE_NOOP("EntityColumns", "Supersedes"), "supersedes", K::Decision, true, 10),
            references(QT_TRANSLATE_NOOP("EntityColumns", "Initiatives"), "initiatives", K::Initiative),
            references(QT_TRANSLATE_NOOP("EntityColumns", "Risks"), "risks", K::Risk),
            references(QT_TRANSLATE_NOOP("EntityColumns", "Areas"), "areas", K::Area),
            references(QT_TRANSLATE_NOOP("EntityColumns", "Systems"), "systems", K::System)};
    }
    case K::Symptom:
        return {readOnly(text(QT_TRANSLATE_NOOP("EntityColumns", "Key"), "key", 14)),
                check(QT_TRANSLATE_NOOP("EntityColumns", "Observed"), "observed", 9),
                longText(QT_TRANSLATE_NOOP("EntityColumns", "Sign"), "text", 72),
                text(QT_TRANSLATE_NOOP("EntityColumns", "Evidence"), "evidence", 48),
                references(QT_TRANSLATE_NOOP("EntityColumns", "Areas"), "areas", K::Area, 40)};
    case K::Migration: {
        auto decommission = text(QT_TRANSLATE_NOOP("EntityColumns", "Decommission"), "decommission_date", 12);
        decommission.toolTip = QCoreApplication::translate("EntityColumns", "YYYY-MM-DD");
        return {
            readOnly(text(QT_TRANSLATE_NOOP("EntityColumns", "Key"), "key", 6)),
            text(QT_TRANSLATE_NOOP("EntityColumns", "Title"), "title", 44),
            reference(QT_TRANSLATE_NOOP("EntityColumns", "Legacy"), "legacy", K::System, true, 30),
            reference(QT_TRANSLATE_NOOP("EntityColumns", "Replacement"), "replacement", K::System, true, 30),
            check(QT_TRANSLATE_NOOP("EntityColumns", "Fallback ready"), "fallback_ready", 12),
            decommission,
            longText(QT_TRANSLATE_NOOP("EntityColumns", "Notes"), "notes", 30)};
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
        return plural ? QCoreApplication::translate("EntityColumns", "Systems")
                      : QCoreApplication::translate("EntityColumns", "system");
    case K::Dependency:
        return plural ? QCoreApplication::translate("EntityColumns", "Dependencies")
                      : QCoreApplication::translate("EntityColumns", "dependency");
    case K::Import:
        return plural ? QCoreApplication::translate("EntityColumns", "Imports")
                      : QCoreApplication::translate("EntityColumns", "import");
    case K::Area:
        return plural ? QCoreApplication::translate("EntityColumns", "Areas")
                      : QCoreApplication::translate("EntityColumns", "area");
    case K::Initiative:
        return plural ? QCoreApplication::translate("EntityColumns", "Initiatives")
                      : QCoreApplication::translate("EntityColumns", "initiative");
    case K::Risk:
        return plural ? QCoreApplication::translate("EntityColumns", "Risks")
                      : QCoreApplication::translate("EntityColumns", "risk");
    case K::Decision:
        return plural ? QCoreApplication::translate("EntityColumns", "Decisions")
                      : QCoreApplication::translate("EntityColumns", "decision");
    case K::Symptom:
        return plural ? QCoreApplication::translate("EntityColumns", "Symptoms")
                      : QCoreApplication::translate("EntityColumns", "symptom");
    case K::Migration:
        return plural ? QCoreApplication::translate("EntityColumns", "Migrations")
                      : QCoreApplication::translate("EntityColumns", "migration");
    }
    return {};
}

json newEntityRow(EntityKind kind) {
    using K = EntityKind;
    switch (kind) {
    case K::System:
        return {{"name", QCoreApplication::translate("EntityColumns", "New system").toStdString()},
                {"kind", "service"},
                {"origin", "manual"},
                {"sources", json::array({"manual"})}};
    case K::Area:
        return {{"title", QCoreApplication::translate("EntityColumns", "New area").toStdString()}};
    case K::Initiative:
        return {{"title", QCoreApplication::translate("EntityColumns", "New initiative").toStdString()}};
    case K::Risk:
        return {{"title", QCoreApplication::translate("EntityColumns", "New risk").toStdString()}};
    case K::Decision:
        return {{"title", QCoreApplication::translate("EntityColumns", "New decision").toStdString()},
                {"date", QDate::currentDate().toString(Qt::ISODate).toStdString()}};
    case K::Symptom:
        return {{"text", QCoreApplication::translate("EntityColumns", "New symptom").toStdString()}};
    case K::Migration:
        return {{"title", QCoreApplication::translate("EntityColumns", "New migration").toStdString()}};
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
