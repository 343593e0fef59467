#include "SystemTableModel.h"

#include <QFont>
#include <QGuiApplication>
#include <QPalette>
#include <QTimer>

#include <unordered_map>
#include <unordered_set>

namespace terrain {

namespace {

// More removal ranges or insertions than this in one refresh: a model reset is cheaper for the view.
constexpr size_t kIncrementalLimit = 64;

QString joined(const std::vector<std::string>& v) {
    QStringList parts;
    for (const auto& s : v)
        parts << QString::fromStdString(s);
    return parts.join(QStringLiteral(", "));
}

} // namespace

SystemTableModel::SystemTableModel(Project& project, QObject* parent)
    : QAbstractTableModel(parent)
    , m_project(project) {
    m_ids = m_project.systemIds(m_query);
    connect(&m_project, &Project::rowInserted, this, &SystemTableModel::onRowChanged);
    connect(&m_project, &Project::rowUpdated, this, &SystemTableModel::onRowChanged);
    connect(&m_project, &Project::rowRemoved, this, &SystemTableModel::onRowChanged);
    connect(&m_project, &Project::kindReset, this, &SystemTableModel::onReset);
    // Every edit, undo and redo ends with historyChanged: apply what it changed right away.
    connect(&m_project, &Project::historyChanged, this, [this] {
        if (m_refreshPending)
            refresh();
    });
}

const char* SystemTableModel::columnName(int column) {
    switch (column) {
    case Name:
        return "name";
    case Kind:
        return "kind";
    case Environment:
        return "environment";
    case Provider:
        return "provider";
    case Owner:
        return "owner";
    case Lifecycle:
        return "lifecycle";
    case Criticality:
        return "criticality";
    case Address:
        return "address";
    default:
        return "name";
    }
}

int SystemTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_ids.size());
}

int SystemTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

Id SystemTableModel::idAt(int row) const {
    return row >= 0 && row < rowCount() ? m_ids[static_cast<size_t>(row)] : 0;
}

int SystemTableModel::rowOf(Id id) const {
    auto it = std::find(m_ids.begin(), m_ids.end(), id);
    return it == m_ids.end() ? -1 : static_cast<int>(it - m_ids.begin());
}

qint64 SystemTableModel::totalCount() const {
    return m_project.count(EntityKind::System);
}

const System* SystemTableModel::fetch(int row) const {
    const Id id = idAt(row);
    if (id == 0)
        return nullptr;
    if (const System* s = m_cache.object(id))
        return s;
    try {
        auto sys = m_project.get<System>(id);
        if (!sys)
            return nullptr; // removed; the pending refresh drops the row
        ++m_fetched;
        auto* p = new System(std::move(*sys));
        m_cache.insert(id, p);
        return p;
    } catch (const std::exception&) {
        return nullptr;
    }
}

QVariant SystemTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    if (role == IdRole)
        return QVariant::fromValue<qlonglong>(idAt(index.row()));
    const System* s = nullptr;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
    case Qt::ToolTipRole:
    case Qt::ForegroundRole:
    case Qt::FontRole:
    case RawValueRole:
        s = fetch(index.row());
        break;
    default:
        return {};
    }
    if (!s)
        return {};
    const bool gone = s->status == "gone";
    if (role == Qt::ForegroundRole)
        return gone ? QVariant(QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text))
                    : QVariant();
    if (role == Qt::FontRole) {
        if (!gone)
            return {};
        QFont f;
        f.setItalic(true);
        return f;
    }
    const std::string* value = nullptr;
    switch (index.column()) {
    case Name:
        value = &s->name;
        break;
    case Kind:
        value = &s->kind;
        break;
    case Environment:
        value = &s->environment;
        break;
    case Provider:
        value = &s->provider;
        break;
    case Owner:
        value = &s->owner;
        break;
    case Lifecycle:
        value = &s->lifecycle;
        break;
    case Criticality:
        value = &s->criticality;
        break;
    case Address:
        value = &s->address;
        break;
    default:
        return {};
    }
    const QString text = QString::fromStdString(*value);
    if (role == Qt::ToolTipRole) {
        if (index.column() != Name)
            return text.isEmpty() ? QVariant() : QVariant(text);
        QString tip = QStringLiteral("%1\n%2").arg(text, QString::fromStdString(s->key));
        if (!s->tags.empty())
            tip += tr("\nTags: %1").arg(joined(s->tags));
        if (gone)
            tip += tr("\nGone: no longer seen by its source");
        return tip;
    }
    return text;
}

QVariant SystemTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Name");
    case Kind:
        return tr("Kind");
    case Environment:
        return tr("Environment");
    case Provider:
        return tr("Provider");
    case Owner:
        return tr("Owner");
    case Lifecycle:
        return tr("Lifecycle");
    case Criticality:
        return tr("Criticality");
    case Address:
        return tr("Address");
    default:
        return {};
    }
}

Qt::ItemFlags SystemTableModel::flags(const QModelIndex& index) const {
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

void SystemTableModel::sort(int column, Qt::SortOrder order) {
    const std::string by = column < 0 ? "id" : columnName(column);
    const bool descending = order == Qt::DescendingOrder;
    if (by == m_query.orderBy && descending == m_query.descending)
        return;
    m_query.orderBy = by;
    m_query.descending = descending;
    applyIds(m_project.systemIds(m_query));
}

void SystemTableModel::setFilter(const SystemQuery& filter) {
    SystemQuery q = filter;
    q.orderBy = m_query.orderBy;
    q.descending = m_query.descending;
    m_query = q;
    applyIds(m_project.systemIds(m_query));
}

void SystemTableModel::onRowChanged(EntityKind kind, Id id) {
    if (kind != EntityKind::System)
        return;
    m_cache.remove(id);
    scheduleRefresh();
}

void SystemTableModel::onReset(EntityKind kind) {
    if (kind != EntityKind::System)
        return;
    beginResetModel();
    m_cache.clear();
    m_ids = m_project.systemIds(m_query);
    m_refreshPending = false;
    endResetModel();
    emit shownCountChanged();
}

void SystemTableModel::scheduleRefresh() {
    if (m_refreshPending)
        return;
    m_refreshPending = true;
    QTimer::singleShot(0, this, [this] {
        if (m_refreshPending)
            refresh();
    });
}

void SystemTableModel::refresh() {
    m_refreshPending = false;
    applyIds(m_project.systemIds(m_query));
    // Rows whose content changed without moving: the cache was dropped for them, repaint them all
    // (cheap: the view only re-reads what it shows).
    if (!m_ids.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void SystemTableModel::applyIds(std::vector<Id> ids) {
    if (ids == m_ids)
        return;
    const std::unordered_set<Id> newSet(ids.begin(), ids.end());
    const std::unordered_set<Id> oldSet(m_ids.begin(), m_ids.end());

    // Removed rows as [first, last] ranges.
    std::vector<std::pair<int, int>> ranges;
    for (int r = 0; r < rowCount(); ++r) {
        if (newSet.count(m_ids[static_cast<size_t>(r)]))
            continue;
        if (!ranges.empty() && ranges.back().second == r - 1)
            ranges.back().second = r;
        else
            ranges.emplace_back(r, r);
    }
    size_t added = 0;
    for (Id id : ids)
        added += oldSet.count(id) ? 0 : 1;

    if (ranges.size() > kIncrementalLimit || added > kIncrementalLimit) {
        beginResetModel();
        m_ids = std::move(ids);
        endResetModel();
        emit shownCountChanged();
        return;
    }

    for (auto it = ranges.rbegin(); it != ranges.rend(); ++it) {
        beginRemoveRows({}, it->first, it->second);
        m_ids.erase(m_ids.begin() + it->first, m_ids.begin() + it->second + 1);
        endRemoveRows();
    }

    // Insertions in place when the kept rows are already in the new order, else appended and then
    // moved by a layout change.
    std::vector<Id> kept;
    kept.reserve(ids.size());
    for (Id id : ids)
        if (oldSet.count(id))
            kept.push_back(id);
    if (kept == m_ids) {
        for (size_t i = 0; i < ids.size(); ++i) {
            if (oldSet.count(ids[i]))
                continue;
            const int row = static_cast<int>(i);
            beginInsertRows({}, row, row);
            m_ids.insert(m_ids.begin() + row, ids[i]);
            endInsertRows();
        }
    } else {
        if (added > 0) {
            const int first = rowCount();
            beginInsertRows({}, first, first + static_cast<int>(added) - 1);
            for (Id id : ids)
                if (!oldSet.count(id))
                    m_ids.push_back(id);
            endInsertRows();
        }
        emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        std::unordered_map<Id, int> newRow;
        newRow.reserve(ids.size());
        for (size_t i = 0; i < ids.size(); ++i)
            newRow.emplace(ids[i], static_cast<int>(i));
        const auto persistent = persistentIndexList();
        QModelIndexList to;
        to.reserve(persistent.size());
        for (const QModelIndex& from : persistent) {
            auto it = newRow.find(m_ids[static_cast<size_t>(from.row())]);
            to << (it == newRow.end() ? QModelIndex() : index(it->second, from.column()));
        }
        m_ids = std::move(ids);
        changePersistentIndexList(persistent, to);
        emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    }
    emit shownCountChanged();
}

} // namespace terrain
