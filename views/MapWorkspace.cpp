#include "MapWorkspace.h"

#include "DecisionsPage.h"
#include "EntityColumns.h"
#include "EntityTablePage.h"
#include "MapView.h"
#include "MigrationsPage.h"
#include "Project.h"
#include "RiskMatrixView.h"
#include "RoadmapPage.h"
#include "SymptomsPage.h"
#include "SystemTablePage.h"

#include <QLocale>
#include <QTabBar>

namespace terrain {

MapWorkspace::MapWorkspace(Project& project, QWidget* parent)
    : QTabWidget(parent)
    , m_project(project)
    , m_map(new MapView(project))
    , m_systems(new SystemTablePage(project)) {
    setObjectName(QStringLiteral("mapWorkspace"));
    setDocumentMode(true);
    addTab(m_map, tr("Map"));
    connect(m_map, &MapView::currentSystemChanged, this, &MapWorkspace::currentSystemChanged);
    connect(m_map, &MapView::editSystemRequested, this, &MapWorkspace::editSystemRequested);
    connect(m_map, &MapView::errorOccurred, this, &MapWorkspace::errorOccurred);
    connect(m_map, &MapView::message, this, &MapWorkspace::message);
    addTab(m_systems, entityTitle(EntityKind::System));
    connect(m_systems, &SystemTablePage::currentSystemChanged, this, &MapWorkspace::currentSystemChanged);
    connect(m_systems, &SystemTablePage::editRequested, this, &MapWorkspace::editSystemRequested);
    connect(m_systems, &SystemTablePage::errorOccurred, this, &MapWorkspace::errorOccurred);
    connect(m_systems, &SystemTablePage::message, this, &MapWorkspace::message);

    for (EntityKind kind :
         {EntityKind::Dependency, EntityKind::Area, EntityKind::Initiative, EntityKind::Risk,
          EntityKind::Decision, EntityKind::Symptom, EntityKind::Migration, EntityKind::Import}) {
        auto* page = new EntityTablePage(project, kind);
        page->setCurrentSystemProvider([this] { return m_systems->currentSystemId(); });
        connect(page, &EntityTablePage::errorOccurred, this, &MapWorkspace::errorOccurred);
        connect(page, &EntityTablePage::message, this, &MapWorkspace::message);
        m_pages[kind] = page;
        addTab(page, entityTitle(kind));
    }
    // The ranked roadmap, right after the initiatives it ranks.
    m_roadmap = new RoadmapPage(project);
    connect(m_roadmap, &RoadmapPage::errorOccurred, this, &MapWorkspace::errorOccurred);
    connect(m_roadmap, &RoadmapPage::message, this, &MapWorkspace::message);
    insertTab(indexOf(m_pages[EntityKind::Initiative]) + 1, m_roadmap, tr("Roadmap"));
    // The risk matrix, right after the risk register.
    m_riskMatrix = new RiskMatrixPage(project);
    connect(m_riskMatrix, &RiskMatrixPage::errorOccurred, this, &MapWorkspace::errorOccurred);
    connect(m_riskMatrix, &RiskMatrixPage::message, this, &MapWorkspace::message);
    insertTab(indexOf(m_pages[EntityKind::Risk]) + 1, m_riskMatrix, tr("Risk Matrix"));
    // The symptom checklist with its verdict and the areas, after the symptoms table.
    m_symptoms = new SymptomsPage(project);
    connect(m_symptoms, &SymptomsPage::errorOccurred, this, &MapWorkspace::errorOccurred);
    connect(m_symptoms, &SymptomsPage::message, this, &MapWorkspace::message);
    insertTab(indexOf(m_pages[EntityKind::Symptom]) + 1, m_symptoms, tr("Checklist"));
    // The strangler migration editor, after the migrations table.
    m_migrations = new MigrationsPage(project);
    connect(m_migrations, &MigrationsPage::errorOccurred, this, &MapWorkspace::errorOccurred);
    connect(m_migrations, &MigrationsPage::message, this, &MapWorkspace::message);
    insertTab(indexOf(m_pages[EntityKind::Migration]) + 1, m_migrations, tr("Strangler Tracks"));
    // The decision records (list, editor, preview), right after the decisions table.
    m_decisions = new DecisionsPage(project);
    connect(m_decisions, &DecisionsPage::errorOccurred, this, &MapWorkspace::errorOccurred);
    connect(m_decisions, &DecisionsPage::message, this, &MapWorkspace::message);
    insertTab(indexOf(m_pages[EntityKind::Decision]) + 1, m_decisions, tr("Decision Records"));
    connect(&m_project, &Project::historyChanged, this, &MapWorkspace::updateTabTitles);
    connect(&m_project, &Project::kindReset, this, &MapWorkspace::updateTabTitles);
    updateTabTitles();
}

EntityTablePage* MapWorkspace::page(EntityKind kind) const {
    auto it = m_pages.find(kind);
    return it == m_pages.end() ? nullptr : it->second;
}

void MapWorkspace::showKind(EntityKind kind) {
    if (kind == EntityKind::System)
        setCurrentWidget(m_systems);
    else if (auto* p = page(kind))
        setCurrentWidget(p);
}

void MapWorkspace::showRiskMatrix() {
    setCurrentWidget(m_riskMatrix);
}

void MapWorkspace::showSymptomsChecklist() {
    setCurrentWidget(m_symptoms);
}

void MapWorkspace::showMigrations() {
    setCurrentWidget(m_migrations);
}

void MapWorkspace::showRoadmap() {
    setCurrentWidget(m_roadmap);
}

void MapWorkspace::showDecisionRecords() {
    setCurrentWidget(m_decisions);
}

bool MapWorkspace::selectSystem(Id id) {
    setCurrentWidget(m_systems);
    return m_systems->selectSystem(id);
}

void MapWorkspace::updateTabTitles() {
    const QLocale locale;
    for (int i = 0; i < count(); ++i) {
        EntityKind kind = EntityKind::System;
        if (auto* p = qobject_cast<EntityTablePage*>(widget(i)))
            kind = p->kind();
        else if (widget(i) != m_systems)
            continue;
        setTabText(i, tr("%1 (%2)").arg(entityTitle(kind), locale.toString(m_project.count(kind))));
    }
}

} // namespace terrain
