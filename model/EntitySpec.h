#pragma once
// How each entity kind is stored: its table, its columns and the link tables that hold its lists of
// references. The store (Project.cpp) reads and writes every kind through these descriptions, so a
// new field is one line here, one in Entities.cpp and one schema migration.

#include "Entities.h"

#include <string>
#include <vector>

namespace terrain {

enum class ColumnType {
    Text,   ///< TEXT, JSON string
    Int,    ///< INTEGER, JSON number
    Bool,   ///< INTEGER 0/1, JSON boolean
    Json,   ///< TEXT holding JSON (arrays, objects)
    OptInt, ///< INTEGER or NULL, JSON number or null
    Ref,    ///< INTEGER or NULL: a row id of `target` (ON DELETE SET NULL), JSON number or null
    RefReq, ///< INTEGER NOT NULL: a row id of `target` (ON DELETE CASCADE), JSON number
};

struct ColumnSpec {
    const char* name;
    ColumnType type;
    EntityKind target = EntityKind::System; ///< for Ref and RefReq
};

/// A JSON array member stored as rows (owner, target, position) of a link table.
struct LinkSpec {
    const char* member; ///< JSON member, e.g. "prerequisites"
    const char* table;  ///< e.g. "initiative_prerequisites"
    EntityKind target;
};

struct EntitySpec {
    EntityKind kind;
    const char* table;
    const char* keyColumn;           ///< "key", "number" for decisions, nullptr when rows have no key
    const char* keyPrefix;           ///< "I-" for generated keys "I-<n>"; "manual:" for systems (uuid)
    std::vector<ColumnSpec> columns; ///< without "id"
    std::vector<LinkSpec> links;
};

const EntitySpec& entitySpec(EntityKind kind);

/// One place where rows of `owner` refer to rows of `target`.
struct Reference {
    EntityKind owner;
    const ColumnSpec* column = nullptr; ///< a Ref/RefReq column of owner, or
    const LinkSpec* link = nullptr;     ///< a link table of owner
};
/// Every place that refers to rows of `target`.
const std::vector<Reference>& referencesTo(EntityKind target);

/// The row as its struct writes it: all members, fixed order, defaults for what was missing.
json normalizeRow(EntityKind kind, const json& row);

/// The DDL of the current schema (version Project::kSchemaVersion).
std::string schemaSql();

} // namespace terrain
