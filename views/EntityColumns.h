#pragma once
// Column descriptors: how the generic EntityTableModel shows and edits one JSON member of a row.
// One list per entity kind; a new column is one line in EntityColumns.cpp.

#include "Entities.h"

#include <QFontMetrics>
#include <QString>
#include <QStringList>

#include <optional>
#include <string>
#include <vector>

namespace terrain {

class Project;

enum class FieldType {
    Text,          ///< one line of text
    LongText,      ///< several lines; the table shows the first one
    Int,           ///< a number in [minimum, maximum]
    IntChoice,     ///< a number in [minimum, maximum] shown as choices[value - minimum]
    Bool,          ///< a check box
    Enum,          ///< one of choices ("" too when allowEmpty)
    EditableEnum,  ///< one of choices or any other text
    Reference,     ///< a row id of `target` (null when allowEmpty), shown as that row's label
    ReferenceList, ///< a list of row ids of `target`, shown as labels separated by commas
    StringList,    ///< a list of strings, shown and edited separated by commas
};

struct EntityColumn {
    QString header;
    std::string member; ///< the JSON member (column name) of the row
    FieldType type = FieldType::Text;
    bool editable = true;
    std::vector<std::string> choices; ///< Enum, EditableEnum, IntChoice
    bool allowEmpty = false;          ///< Enum: "" allowed; Reference: null allowed
    EntityKind target = EntityKind::System;
    int minimum = 0;
    int maximum = 0;
    QString prefix;      ///< shown before the value ("ADR-")
    int widthChars = 14; ///< the widest the column starts out, in average character widths
    QString toolTip;
};

/// The columns of the table of `kind` (every kind but Import).
const std::vector<EntityColumn>& entityColumns(EntityKind kind);

/// "Systems", "Dependencies", ... (plural) or "system", "dependency", ... (singular, lower case).
QString entityTitle(EntityKind kind, bool plural = true);

/// A new row of `kind` as the Add button inserts it (not for dependencies, which need two ends).
json newEntityRow(EntityKind kind);

/// How a person names a row: a system's name, an area's title, "ADR-3", ...
QString entityLabel(EntityKind kind, const json& row);
/// The label of (kind, id), read from the project; "#id" when the row does not exist.
QString entityLabel(const Project& project, EntityKind kind, Id id);

/// Finds the row of `kind` that `text` names: its key, its label, or for systems "label (key)".
/// Case-insensitive. `prefer` are ids tried first (the current links, so that an unchanged name keeps
/// pointing at the same row when names repeat).
std::optional<Id> resolveEntity(const Project& project, EntityKind kind, const QString& text,
                                const std::vector<Id>& prefer = {});

/// The width of an average character of `fm`, for column widths given in characters.
double averageCharWidth(const QFontMetrics& fm);

/// Splits "a, b ,c" into {"a", "b", "c"}, dropping empty items.
QStringList splitList(const QString& text);

} // namespace terrain
