#include "EntityTableModel.h"

#include "Project.h"

#include <algorithm>

namespace terrain {

namespace {

QVariant toVariant(const json& v) {
    switch (v.type()) {
    case json::value_t::string:
        return QString::fromStdString(v.get<std::string>());
    case json::value_t::boolean:
        return v.get<bool>();
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
        return QVariant::fromValue<qlonglong>(v.get<qlonglong>());
    case json::value_t::number_float:
        return v.get<double>();
    case json::value_t::array: {
        QVariantList list;
        for (const auto& e : v)
            list << toVariant(e);
        return list;
    }
    case json::value_t::object:
        return QString::fromStdString(v.dump());
    default:
        return {};
    }
}

std::vector<Id> idList(const json& v) {
    std::vector<Id> out;
    if (v.is_array())
        for (const auto& e : v)
            if (e.is_number_integer())
                out.push_back(e.get<Id>());
    return out;
}

QString quoted(const QString& s) {
    return QStringLiteral("“%1”").arg(s);
}

} // namespace

EntityTableModel::EntityTableModel(Project& project, EntityKind kind, QObject* parent)
    : QAbstractTableModel(parent)
    , m_project(project)
    , m_kind(kind)
    , m_columns(entityColumns(kind)) {
    m_rows = m_project.list(m_kind);
    connect(&m_project, &Project::rowInserted, this, &EntityTableModel::onInserted);
    connect(&m_project, &Project::rowUpdated, this, &EntityTableModel::onUpdated);
    connect(&m_project, &Project::rowRemoved, this, &EntityTableModel::onRemoved);
    connect(&m_project, &Project::kindReset, this, &EntityTableModel::onReset);
}

int EntityTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int EntityTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

Id EntityTableModel::idAt(int row) const {
    const json* r = rowJson(row);
    return r ? r->value("id", Id{0}) : 0;
}

const json* EntityTableModel::rowJson(int row) const {
    if (row < 0 || row >= static_cast<int>(m_rows.size()))
        return nullptr;
    return &m_rows[static_cast<size_t>(row)];
}

int EntityTableModel::rowOf(Id id) const {
    auto it = std::lower_bound(m_rows.begin(), m_rows.end(), id,
                               [](const json& r, Id value) { return r.value("id", Id{0}) < value; });
    if (it == m_rows.end() || it->value("id", Id{0}) != id)
        return -1;
    return static_cast<int>(it - m_rows.begin());
}

QString EntityTableModel::label(EntityKind kind, Id id) const {
    const QPair<int, Id> key(static_cast<int>(kind), id);
    auto it = m_labels.constFind(key);
    if (it != m_labels.constEnd())
        return *it;
    if (m_labels.size() > 20000)
        m_labels.clear();
    const QString l = entityLabel(m_project, kind, id);
    m_labels.insert(key, l);
    return l;
}

QString EntityTableModel::displayText(const EntityColumn& c, const json& v) const {
    switch (c.type) {
    case FieldType::Text:
    case FieldType::Enum:
    case FieldType::EditableEnum:
        return v.is_string() ? QString::fromStdString(v.get<std::string>()) : QString();
    case FieldType::LongText: {
        if (!v.is_string())
            return {};
        const QString s = QString::fromStdString(v.get<std::string>()).trimmed();
        const auto nl = s.indexOf(QLatin1Char('\n'));
        return nl < 0 ? s : s.left(nl).trimmed() + QStringLiteral(" …");
    }
    case FieldType::Int:
        return v.is_number() ? c.prefix + QString::number(v.get<qlonglong>()) : QString();
    case FieldType::IntChoice: {
        if (!v.is_number())
            return {};
        const auto n = v.get<int>();
        const auto i = static_cast<size_t>(n - c.minimum);
        if (n >= c.minimum && i < c.choices.size())
            return QString::fromStdString(c.choices[i]);
        return QString::number(n);
    }
    case FieldType::Bool:
        return {};
    case FieldType::Reference:
        return v.is_number_integer() ? label(c.target, v.get<Id>()) : QString();
    case FieldType::ReferenceList: {
        QStringList parts;
        for (Id id : idList(v))
            parts << label(c.target, id);
        return parts.join(QStringLiteral(", "));
    }
    case FieldType::StringList: {
        QStringList parts;
        if (v.is_array())
            for (const auto& e : v)
                if (e.is_string())
                    parts << QString::fromStdString(e.get<std::string>());
        return parts.join(QStringLiteral(", "));
    }
    }
    return {};
}

QVariant EntityTableModel::editValue(const EntityColumn& c, const json& v) const {
    switch (c.type) {
    case FieldType::Text:
    case FieldType::LongText:
    case FieldType::Enum:
    case FieldType::EditableEnum:
        return v.is_string() ? QString::fromStdString(v.get<std::string>()) : QString();
    case FieldType::Int:
    case FieldType::IntChoice:
        return v.is_number() ? v.get<int>() : 0;
    case FieldType::Bool:
        return v.is_boolean() && v.get<bool>();
    case FieldType::Reference:
        return QVariant::fromValue<qlonglong>(v.is_number_integer() ? v.get<qlonglong>() : 0);
    case FieldType::ReferenceList:
    case FieldType::StringList:
        return displayText(c, v);
    }
    return {};
}

QVariant EntityTableModel::data(const QModelIndex& index, int role) const {
    const json* r = index.isValid() ? rowJson(index.row()) : nullptr;
    if (!r || index.column() >= columnCount())
        return {};
    const EntityColumn& c = column(index.column());
    static const json null;
    auto it = r->find(c.member);
    const json& v = it != r->end() ? *it : null;
    switch (role) {
    case Qt::DisplayRole:
        return displayText(c, v);
    case Qt::EditRole:
        return editValue(c, v);
    case Qt::CheckStateRole:
        if (c.type == FieldType::Bool)
            return v.is_boolean() && v.get<bool>() ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ToolTipRole: {
        QString text;
        if (c.type == FieldType::LongText && v.is_string())
            text = QString::fromStdString(v.get<std::string>()).trimmed();
        else if (c.type != FieldType::Bool)
            text = displayText(c, v);
        if (text.size() > 2000)
            text = text.left(2000) + QStringLiteral(" …");
        return text.isEmpty() ? QVariant() : QVariant(text);
    }
    case Qt::TextAlignmentRole:
        if (c.type == FieldType::Int)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        if (c.type == FieldType::Bool)
            return QVariant::fromValue(Qt::AlignCenter);
        return {};
    case RawValueRole:
        return toVariant(v);
    case IdRole:
        return QVariant::fromValue<qlonglong>(r->value("id", Id{0}));
    default:
        return {};
    }
}

QVariant EntityTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal && section >= 0 && section < columnCount()) {
        if (role == Qt::DisplayRole)
            return column(section).header;
        if (role == Qt::ToolTipRole && !column(section).toolTip.isEmpty())
            return column(section).toolTip;
    }
    return QAbstractTableModel::headerData(section, orientation, role);
}

Qt::ItemFlags EntityTableModel::flags(const QModelIndex& index) const {
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    const EntityColumn& c = column(index.column());
    if (c.editable)
        f |= c.type == FieldType::Bool ? Qt::ItemIsUserCheckable : Qt::ItemIsEditable;
    return f;
}

bool EntityTableModel::toJson(const EntityColumn& c, const json& row, const QVariant& value, json& out,
                              QString& error) const {
    const json& current = row.contains(c.member) ? row.at(c.member) : json();
    switch (c.type) {
    case FieldType::Text:
        out = value.toString().trimmed().toStdString();
        return true;
    case FieldType::LongText:
    case FieldType::EditableEnum:
        out = value.toString().toStdString();
        return true;
    case FieldType::Enum: {
        const std::string s = value.toString().trimmed().toStdString();
        if ((s.empty() && c.allowEmpty) ||
            std::find(c.choices.begin(), c.choices.end(), s) != c.choices.end()) {
            out = s;
            return true;
        }
        error = tr("“%1” is not a %2 here").arg(value.toString(), c.header.toLower());
        return false;
    }
    case FieldType::Int:
    case FieldType::IntChoice: {
        bool ok = false;
        const int n = value.toInt(&ok);
        if (!ok || n < c.minimum || n > c.maximum) {
            error = tr("%1 must be a whole number from %2 to %3").arg(c.header).arg(c.minimum).arg(c.maximum);
            return false;
        }
        out = n;
        return true;
    }
    case FieldType::Bool:
        out = value.typeId() == QMetaType::Bool ? value.toBool() : value.toInt() == Qt::Checked;
        return true;
    case FieldType::Reference: {
        Id id = 0;
        if (value.typeId() == QMetaType::QString) {
            const QString text = value.toString().trimmed();
            if (!text.isEmpty()) {
                std::vector<Id> prefer;
                if (current.is_number_integer())
                    prefer.push_back(current.get<Id>());
                auto found = resolveEntity(m_project, c.target, text, prefer);
                if (!found) {
                    error = tr("No %1 named %2").arg(entityTitle(c.target, false), quoted(text));
                    return false;
                }
                id = *found;
            }
        } else {
            id = value.toLongLong();
            if (id != 0 && !m_project.get(c.target, id)) {
                error = tr("No %1 with id %2").arg(entityTitle(c.target, false)).arg(id);
                return false;
            }
        }
        if (id == 0) {
            if (!c.allowEmpty) {
                error = tr("%1 needs a %2").arg(c.header, entityTitle(c.target, false));
                return false;
            }
            out = nullptr;
        } else {
            out = id;
        }
        return true;
    }
    case FieldType::ReferenceList: {
        std::vector<Id> ids;
        if (value.typeId() == QMetaType::QString) {
            const std::vector<Id> prefer = idList(current);
            QStringList unknown;
            for (const QString& token : splitList(value.toString())) {
                if (auto found = resolveEntity(m_project, c.target, token, prefer))
                    ids.push_back(*found);
                else
                    unknown << quoted(token);
            }
            if (!unknown.isEmpty()) {
                error = tr("No %1 named %2")
                            .arg(entityTitle(c.target, false), unknown.join(QStringLiteral(", ")));
                return false;
            }
        } else {
            for (const QVariant& v : value.toList())
                ids.push_back(v.toLongLong());
        }
        json arr = json::array();
        std::vector<Id> seen;
        for (Id id : ids) {
            if (std::find(seen.begin(), seen.end(), id) != seen.end())
                continue;
            seen.push_back(id);
            arr.push_back(id);
        }
        out = std::move(arr);
        return true;
    }
    case FieldType::StringList: {
        json arr = json::array();
        for (const QString& s : splitList(value.toString()))
            arr.push_back(s.toStdString());
        out = std::move(arr);
        return true;
    }
    }
    return false;
}

bool EntityTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    const json* r = index.isValid() ? rowJson(index.row()) : nullptr;
    if (!r || index.column() >= columnCount())
        return false;
    const EntityColumn& c = column(index.column());
    if (!c.editable)
        return false;
    if (c.type == FieldType::Bool ? (role != Qt::CheckStateRole && role != Qt::EditRole)
                                  : role != Qt::EditRole)
        return false;
    json v;
    QString error;
    if (!toJson(c, *r, value, v, error)) {
        emit errorOccurred(error);
        return false;
    }
    if (r->contains(c.member) && r->at(c.member) == v)
        return true;
    const Id id = r->value("id", Id{0});
    const QString text = tr("Edit %1 of %2").arg(c.header.toLower(), quoted(entityLabel(m_kind, *r)));
    try {
        m_project.update(m_kind, json{{"id", id}, {c.member, v}}, text);
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromStdString(e.what()));
        return false;
    }
    return true;
}

bool EntityTableModel::removeRows(int row, int count, const QModelIndex& parent) {
    if (parent.isValid() || row < 0 || count <= 0 || row + count > rowCount())
        return false;
    std::vector<Id> ids;
    for (int i = row; i < row + count; ++i)
        ids.push_back(idAt(i));
    return removeIds(ids);
}

bool EntityTableModel::removeIds(const std::vector<Id>& ids) {
    if (ids.empty())
        return true;
    QString text;
    if (ids.size() == 1) {
        const int r = rowOf(ids.front());
        const QString what = r >= 0 ? entityLabel(m_kind, m_rows[static_cast<size_t>(r)])
                                    : QStringLiteral("#%1").arg(ids.front());
        text = tr("Delete %1 %2").arg(entityTitle(m_kind, false), quoted(what));
    } else {
        text = tr("Delete %1 %2").arg(ids.size()).arg(entityTitle(m_kind, true).toLower());
    }
    try {
        m_project.edit(text, [&] {
            for (Id id : ids)
                m_project.remove(m_kind, id);
        });
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromStdString(e.what()));
        return false;
    }
    return true;
}

int EntityTableModel::addRow(const json& row) {
    try {
        const Id id = m_project.insert(m_kind, row.is_null() ? newEntityRow(m_kind) : row,
                                       tr("Add %1").arg(entityTitle(m_kind, false)));
        return rowOf(id);
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromStdString(e.what()));
        return -1;
    }
}

void EntityTableModel::reload() {
    beginResetModel();
    m_rows = m_project.list(m_kind);
    m_labels.clear();
    endResetModel();
}

bool EntityTableModel::refersTo(EntityKind kind) const {
    return std::any_of(m_columns.begin(), m_columns.end(), [&](const EntityColumn& c) {
        return (c.type == FieldType::Reference || c.type == FieldType::ReferenceList) && c.target == kind;
    });
}

void EntityTableModel::referencedChanged(EntityKind kind, Id id) {
    if (!refersTo(kind))
        return;
    if (id == 0)
        m_labels.clear();
    else
        m_labels.remove(QPair<int, Id>(static_cast<int>(kind), id));
    if (m_rows.empty())
        return;
    for (int col = 0; col < columnCount(); ++col) {
        const EntityColumn& c = column(col);
        if ((c.type == FieldType::Reference || c.type == FieldType::ReferenceList) && c.target == kind)
            emit dataChanged(index(0, col), index(rowCount() - 1, col), {Qt::DisplayRole, Qt::ToolTipRole});
    }
}

void EntityTableModel::onInserted(EntityKind kind, Id id) {
    if (kind == m_kind) {
        if (rowOf(id) >= 0) {
            onUpdated(kind, id);
            return;
        }
        auto row = m_project.get(m_kind, id);
        if (row) {
            auto it = std::lower_bound(m_rows.begin(), m_rows.end(), id,
                                       [](const json& r, Id value) { return r.value("id", Id{0}) < value; });
            const int pos = static_cast<int>(it - m_rows.begin());
            beginInsertRows({}, pos, pos);
            m_rows.insert(it, std::move(*row));
            endInsertRows();
        }
    }
    referencedChanged(kind, id);
}

void EntityTableModel::onUpdated(EntityKind kind, Id id) {
    if (kind == m_kind) {
        const int r = rowOf(id);
        auto row = m_project.get(m_kind, id);
        if (r < 0 && row) {
            onInserted(kind, id);
            return;
        }
        if (r >= 0 && row) {
            m_rows[static_cast<size_t>(r)] = std::move(*row);
            emit dataChanged(index(r, 0), index(r, columnCount() - 1));
        } else if (r >= 0) {
            onRemoved(kind, id);
            return;
        }
    }
    referencedChanged(kind, id);
}

void EntityTableModel::onRemoved(EntityKind kind, Id id) {
    if (kind == m_kind) {
        const int r = rowOf(id);
        if (r >= 0) {
            beginRemoveRows({}, r, r);
            m_rows.erase(m_rows.begin() + r);
            endRemoveRows();
        }
    }
    referencedChanged(kind, id);
}

void EntityTableModel::onReset(EntityKind kind) {
    if (kind == m_kind)
        reload();
    referencedChanged(kind, 0);
}

} // namespace terrain
