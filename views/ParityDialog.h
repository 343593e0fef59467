#pragma once
// Environment parity: pick two environments and see what exists in one and not the other, and how
// the systems both have differ (kind, provider, size and version attributes). Non-modal: selecting a
// system selects it in the workspace.

#include "Entities.h"
#include "GraphAnalysis.h"

#include <QAbstractItemModel>
#include <QDialog>

#include <memory>

class QComboBox;
class QLabel;
class QTreeView;

namespace terrain {

class Project;

/// Sections "Only in A", "Only in B", "Different", "The same"; a system per row below them, and below
/// each differing pair one row per difference. Columns: what, in A, in B.
class ParityModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Role { SystemIdRole = Qt::UserRole + 1 }; ///< the system in A (or in B when only there)
    enum Column { WhatColumn, AColumn, BColumn, ColumnCount };

    explicit ParityModel(QObject* parent = nullptr);
    void setReport(std::shared_ptr<const MapGraph> graph, ParityReport report);
    const ParityReport& report() const { return m_report; }

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node {
        QString text[ColumnCount];
        QString tooltip;
        Id system = 0;
        int parent = -1; ///< index into m_nodes, -1 for a section
        int row = 0;     ///< among its siblings
        std::vector<int> children;
        bool bold = false;
    };
    int add(int parent, QStringList texts, Id system = 0, QString tooltip = {});
    const Node* node(const QModelIndex& index) const;

    std::shared_ptr<const MapGraph> m_graph;
    ParityReport m_report;
    std::vector<Node> m_nodes;
    std::vector<int> m_roots;
};

class ParityDialog : public QDialog {
    Q_OBJECT
public:
    explicit ParityDialog(Project& project, QWidget* parent = nullptr);

    ParityModel* model() const { return m_model; }
    QTreeView* view() const { return m_view; }
    QComboBox* environmentA() const { return m_a; }
    QComboBox* environmentB() const { return m_b; }

public slots:
    /// Reads the map again (environments and systems) and compares.
    void reload();
    /// Compares `a` with `b` (names of environments of the map).
    void compare(const QString& a, const QString& b);

signals:
    void systemActivated(terrain::Id id);

private:
    void compareSelected();

    Project& m_project;
    std::shared_ptr<const MapGraph> m_graph;
    QComboBox* m_a;
    QComboBox* m_b;
    QLabel* m_summary;
    ParityModel* m_model;
    QTreeView* m_view;
};

} // namespace terrain
