#pragma once
// Everything shown of one open map: tabs with the map (the graph), the systems table and the tables of
// dependencies, areas, initiatives, risks, decisions, symptoms, migrations and imports. One workspace per
// open map; the main window replaces it when another map is opened.

#include "Entities.h"

#include <QTabWidget>

#include <map>

namespace terrain {

class DecisionsPage;
class EntityTablePage;
class MapView;
class MigrationsPage;
class Project;
class RiskMatrixPage;
class SymptomsPage;
class RoadmapPage;
class SystemTablePage;

class MapWorkspace : public QTabWidget {
    Q_OBJECT
public:
    explicit MapWorkspace(Project& project, QWidget* parent = nullptr);

    Project& project() const { return m_project; }
    MapView* mapView() const { return m_map; }
    SystemTablePage* systemsPage() const { return m_systems; }
    RoadmapPage* roadmapPage() const { return m_roadmap; }
    DecisionsPage* decisionsPage() const { return m_decisions; }
    void showDecisionRecords();
    void showRoadmap();
    RiskMatrixPage* riskMatrixPage() const { return m_riskMatrix; }
    SymptomsPage* symptomsPage() const { return m_symptoms; }
    MigrationsPage* migrationsPage() const { return m_migrations; }
    /// The table page of `kind` (not System), nullptr if none.
    EntityTablePage* page(EntityKind kind) const;
    /// Shows the tab of `kind`.
    void showKind(EntityKind kind);
    void showRiskMatrix();
    void showSymptomsChecklist();
    void showMigrations();
    /// Shows the systems tab with `id` selected.
    bool selectSystem(Id id);

signals:
    void currentSystemChanged(terrain::Id id);
    void editSystemRequested(terrain::Id id);
    void errorOccurred(const QString& message);
    void message(const QString& message);

private:
    void updateTabTitles();

    Project& m_project;
    MapView* m_map;
    SystemTablePage* m_systems;
    RoadmapPage* m_roadmap = nullptr;
    DecisionsPage* m_decisions = nullptr;
    RiskMatrixPage* m_riskMatrix = nullptr;
    SymptomsPage* m_symptoms = nullptr;
    MigrationsPage* m_migrations = nullptr;
    std::map<EntityKind, EntityTablePage*> m_pages;
};

} // namespace terrain
