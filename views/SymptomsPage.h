#pragma once
// The Symptoms tab (issue 5): the checklist of the classic signs of having outgrown the infrastructure,
// each pointing to improvement areas. Ticking a sign is one undoable edit and makes it evidence on
// those areas; the verdict above the list says how many signs are present and, at three or more, that
// the company has outgrown its infrastructure (model/Symptoms). Beside it, the areas: maturity now and
// target on the named scale, status, owner, notes and systems (the editable areas table), and the
// evidence and systems of the selected area.
//
// It reads and writes through Project only.

#include "Entities.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QTreeWidget;
class QTreeWidgetItem;

namespace terrain {

class EntityTablePage;
class Project;

class SymptomsPage : public QWidget {
    Q_OBJECT
public:
    explicit SymptomsPage(Project& project, QWidget* parent = nullptr);

    QTreeWidget* checklist() const { return m_checklist; }
    QLabel* verdictLabel() const { return m_verdict; }
    QLineEdit* evidenceEdit() const { return m_evidence; }
    EntityTablePage* areasTable() const { return m_areas; }
    QLabel* areaEvidenceLabel() const { return m_areaEvidence; }
    /// The checklist row of a symptom, or nullptr.
    QTreeWidgetItem* itemOf(Id symptom) const;
    /// Shows the evidence of `area` below the areas table (and selects it there).
    void showArea(Id area);

    /// Re-reads the checklist and the verdict.
    void refresh();

signals:
    void errorOccurred(const QString& message);
    void message(const QString& message);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void scheduleRefresh();
    void fillVerdict();
    void itemChanged(QTreeWidgetItem* item, int column);
    void currentSignChanged();
    void saveEvidence();

    Project& m_project;
    QLabel* m_verdict;
    QTreeWidget* m_checklist;
    QLabel* m_evidenceTitle;
    QLineEdit* m_evidence;
    EntityTablePage* m_areas;
    QLabel* m_areaEvidence;
    Id m_shownArea = 0;
    bool m_updating = false;
    bool m_stale = true;
    bool m_refreshQueued = false;
};

} // namespace terrain
