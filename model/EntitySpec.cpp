#include "EntitySpec.h"

#include <map>
#include <string_view>

namespace terrain {

namespace {

using C = ColumnSpec;
using T = ColumnType;
using K = EntityKind;

std::vector<EntitySpec> makeSpecs() {
    return {
        {K::System,
         "systems",
         "key",
         "manual:",
         {C{"key", T::Text},        C{"name", T::Text},        C{"kind", T::Text},
          C{"provider", T::Text},   C{"environment", T::Text}, C{"owner", T::Text},
          C{"lifecycle", T::Text},  C{"criticality", T::Text}, C{"address", T::Text},
          C{"group", T::Text},      C{"notes", T::Text},       C{"tags", T::Json},
          C{"attributes", T::Json}, C{"sources", T::Json},     C{"origin", T::Text},
          C{"status", T::Text},     C{"first_seen", T::Text},  C{"last_seen", T::Text},
          C{"scopes", T::Json},     C{"identifiers", T::Json}, C{"discovered", T::Json}},
         {}},
        {K::Dependency,
         "dependencies",
         nullptr,
         nullptr,
         {C{"from", T::RefReq, K::System}, C{"to", T::RefReq, K::System}, C{"kind", T::Text},
          C{"origin", T::Text}, C{"evidence", T::Text}, C{"scopes", T::Json}},
         {}},
        {K::Import,
         "imports",
         nullptr,
         nullptr,
         {C{"file", T::Text}, C{"format", T::Text}, C{"content_hash", T::Text}, C{"time", T::Text},
          C{"added", T::Int}, C{"updated", T::Int}, C{"gone", T::Int}, C{"skipped", T::Int},
          C{"warnings", T::Json}, C{"scope", T::Text}, C{"path", T::Text}},
         {}},
        {K::Area,
         "areas",
         "key",
         "area-",
         {C{"key", T::Text}, C{"title", T::Text}, C{"description", T::Text}, C{"maturity_now", T::Int},
          C{"maturity_target", T::Int}, C{"status", T::Text}, C{"owner", T::Text}, C{"notes", T::Text}},
         {{"systems", "area_systems", K::System}}},
        {K::Initiative,
         "initiatives",
         "key",
         "I-",
         {C{"key", T::Text}, C{"title", T::Text}, C{"area", T::Ref, K::Area}, C{"description", T::Text},
          C{"value", T::Int}, C{"urgency", T::Int}, C{"risk_reduction", T::Int},
          C{"risk_reduction_auto", T::Bool}, C{"effort", T::Int}, C{"confidence", T::Int}, C{"votes", T::Int},
          C{"phase", T::Text}, C{"status", T::Text}, C{"owner", T::Text}, C{"manual_rank", T::OptInt},
          C{"manual_rank_reason", T::Text}, C{"criteria", T::Json}},
         {{"prerequisites", "initiative_prerequisites", K::Initiative},
          {"systems", "initiative_systems", K::System},
          {"risks", "initiative_risks", K::Risk}}},
        {K::Risk,
         "risks",
         "key",
         "R-",
         {C{"key", T::Text}, C{"title", T::Text}, C{"description", T::Text}, C{"likelihood", T::Int},
          C{"impact", T::Int}, C{"area", T::Ref, K::Area}, C{"mitigation", T::Text}, C{"status", T::Text},
          C{"owner", T::Text}},
         {{"systems", "risk_systems", K::System}}},
        {K::Decision,
         "decisions",
         "number",
         nullptr,
         {C{"number", T::Int}, C{"title", T::Text}, C{"status", T::Text}, C{"date", T::Text},
          C{"deciders", T::Json}, C{"context", T::Text}, C{"options", T::Json}, C{"outcome", T::Text},
          C{"consequences", T::Text}, C{"supersedes", T::Ref, K::Decision}},
         {{"amends", "decision_amends", K::Decision},
          {"initiatives", "decision_initiatives", K::Initiative},
          {"risks", "decision_risks", K::Risk},
          {"areas", "decision_areas", K::Area},
          {"systems", "decision_systems", K::System}}},
        {K::Symptom,
         "symptoms",
         "key",
         "symptom-",
         {C{"key", T::Text}, C{"text", T::Text}, C{"observed", T::Bool}, C{"evidence", T::Text}},
         {{"areas", "symptom_areas", K::Area}}},
        {K::Migration,
         "migrations",
         "key",
         "M-",
         {C{"key", T::Text}, C{"title", T::Text}, C{"legacy", T::Ref, K::System},
          C{"replacement", T::Ref, K::System}, C{"stages", T::Json}, C{"fallback_ready", T::Bool},
          C{"decommission_date", T::Text}, C{"criteria", T::Json}, C{"notes", T::Text}},
         {}},
    };
}

const std::vector<EntitySpec>& specs() {
    static const std::vector<EntitySpec> s = makeSpecs();
    return s;
}

template <class S> json roundTrip(const json& row) {
    return json(row.get<S>());
}

} // namespace

const EntitySpec& entitySpec(EntityKind kind) {
    return specs()[static_cast<size_t>(kind)];
}

const std::vector<Reference>& referencesTo(EntityKind target) {
    static const std::map<EntityKind, std::vector<Reference>> refs = [] {
        std::map<EntityKind, std::vector<Reference>> m;
        for (const auto& spec : specs()) {
            for (const auto& c : spec.columns)
                if (c.type == T::Ref || c.type == T::RefReq)
                    m[c.target].push_back({spec.kind, &c, nullptr});
            for (const auto& l : spec.links)
                m[l.target].push_back({spec.kind, nullptr, &l});
        }
        return m;
    }();
    static const std::vector<Reference> none;
    auto it = refs.find(target);
    return it == refs.end() ? none : it->second;
}

json normalizeRow(EntityKind kind, const json& row) {
    switch (kind) {
    case K::System:
        return roundTrip<System>(row);
    case K::Dependency:
        return roundTrip<Dependency>(row);
    case K::Import:
        return roundTrip<ImportRun>(row);
    case K::Area:
        return roundTrip<Area>(row);
    case K::Initiative:
        return roundTrip<Initiative>(row);
    case K::Risk:
        return roundTrip<Risk>(row);
    case K::Decision:
        return roundTrip<Decision>(row);
    case K::Symptom:
        return roundTrip<Symptom>(row);
    case K::Migration:
        return roundTrip<Migration>(row);
    }
    return row;
}

std::string schemaSql() {
    std::string sql;
    for (const auto& spec : specs()) {
        sql += "CREATE TABLE " + std::string(spec.table) + " (\n  id INTEGER PRIMARY KEY";
        for (const auto& c : spec.columns) {
            const std::string name = "\"" + std::string(c.name) + "\"";
            const std::string target = entitySpec(c.target).table;
            switch (c.type) {
            case T::Text:
                sql += ",\n  " + name + " TEXT NOT NULL DEFAULT ''";
                break;
            case T::Int:
            case T::Bool:
                sql += ",\n  " + name + " INTEGER NOT NULL DEFAULT 0";
                break;
            case T::Json:
                sql += ",\n  " + name + " TEXT NOT NULL DEFAULT 'null'";
                break;
            case T::OptInt:
                sql += ",\n  " + name + " INTEGER";
                break;
            case T::Ref:
                sql += ",\n  " + name + " INTEGER REFERENCES " + target + "(id) ON DELETE SET NULL";
                break;
            case T::RefReq:
                sql += ",\n  " + name + " INTEGER NOT NULL REFERENCES " + target + "(id) ON DELETE CASCADE";
                break;
            }
        }
        if (spec.keyColumn)
            sql += ",\n  UNIQUE(\"" + std::string(spec.keyColumn) + "\")";
        if (spec.kind == K::Dependency)
            sql += ",\n  UNIQUE(\"from\", \"to\", kind)";
        sql += "\n);\n";
        for (const auto& c : spec.columns)
            // A dependency's "from" needs no index of its own: UNIQUE("from", "to", kind) starts with it, and
            // SQLite uses that index for lookups and cascades by "from" alone. A second one cost each
            // imported dependency a fifth of its insert (4,500 of them: 1.5 of 8 ms).
            if ((c.type == T::Ref || c.type == T::RefReq) &&
                !(spec.kind == K::Dependency && std::string_view(c.name) == "from"))
                sql += "CREATE INDEX " + std::string(spec.table) + "_" + c.name + " ON " + spec.table +
                       "(\"" + c.name + "\");\n";
        for (const auto& l : spec.links) {
            sql += "CREATE TABLE " + std::string(l.table) + " (\n  owner INTEGER NOT NULL REFERENCES " +
                   spec.table + "(id) ON DELETE CASCADE,\n  target INTEGER NOT NULL REFERENCES " +
                   entitySpec(l.target).table +
                   "(id) ON DELETE CASCADE,\n  position INTEGER NOT NULL,\n  PRIMARY KEY(owner, target)\n) "
                   "WITHOUT ROWID;\n";
            sql += "CREATE INDEX " + std::string(l.table) + "_target ON " + l.table + "(target);\n";
        }
    }
    sql += "CREATE INDEX systems_name ON systems(name COLLATE NOCASE);\n";
    return sql;
}

} // namespace terrain
