#pragma once
// The Migrations tab (issue 5): strangler-fig tracks. A list of the migrations on the left ("M-1 Queue →
// SQS: 25 %"); on the right the editor of the selected one: the legacy system and its replacement side by
// side, the stages with their traffic share (5 % → 25 % → 100 %), done and date, fallback ready, the
// decommission date, the success criteria (metric, baseline, target, unit) and notes.
//
// Every change is saved when it is made, as one undoable edit through model/Migrations saveMigration(),
// which checks the track first: a change it refuses (a share lower than the stage before, a date that is
// not YYYY-MM-DD) is reported and the editor shows the map's values again.

#include "Entities.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace terrain {

class Project;
class SystemPicker;

/// Fills `list` with one line per migration: "M-1 Queue to SQS — Queue → SQS: 25 % (stage 2 of 3), fallback
/// ready, decommission 2026-06-30" (the roadmap's Migrations list).
void fillMigrationSummary(QListWidget* list, const Project& project);

class MigrationsPage : public QWidget {
    Q_OBJECT
public:
    explicit MigrationsPage(Project& project, QWidget* parent = nullptr);

    QListWidget* list() const { return m_list; }
    QTableWidget* stagesTable() const { return m_stages; }
    QTableWidget* criteriaTable() const { return m_criteria; }
    SystemPicker* legacyPicker() const { return m_legacy; }
    SystemPicker* replacementPicker() const { return m_replacement; }
    QCheckBox* fallbackBox() const { return m_fallback; }
    QLineEdit* decommissionEdit() const { return m_decommission; }
    QLabel* statusLabel() const { return m_status; }

    Id currentMigration() const { return m_current; }
    bool selectMigration(Id id);
    /// Adds a migration (with the usual 5/25/100 % stages; of the given legacy system if not 0) and
    /// selects it. Returns its id, or 0 on failure.
    Id addMigration(Id legacy = 0);
    void deleteCurrent();
    /// Replaces the stages of the current migration with 5 %, 25 % and 100 % (one edit).
    void useDefaultStages();

    void refresh();

signals:
    void errorOccurred(const QString& message);
    void message(const QString& message);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void scheduleRefresh();
    void fillList();
    void fillEditor();
    void saveForm(const QString& editText);
    Migration formToMigration() const;

    Project& m_project;
    Id m_current = 0;
    bool m_updating = false;
    bool m_stale = true;
    bool m_refreshQueued = false;

    QListWidget* m_list;
    QPushButton* m_add;
    QPushButton* m_delete;
    QWidget* m_editor;
    QLineEdit* m_title;
    SystemPicker* m_legacy;
    SystemPicker* m_replacement;
    QProgressBar* m_share;
    QTableWidget* m_stages;
    QCheckBox* m_fallback;
    QLineEdit* m_decommission;
    QTableWidget* m_criteria;
    QLineEdit* m_notes;
    QLabel* m_status;
};

} // namespace terrain
