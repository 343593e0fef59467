#pragma once
// File ▸ Export Decision Records…: a folder, a layout (adr-tools, MADR, log4brains) and the list of
// files the export will write there, then the export itself (exportDecisionRecords), which rewrites
// only the files whose text changed.

#include "DecisionRecords.h"

#include <QDialog>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;

namespace terrain {

class Project;

class DecisionExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit DecisionExportDialog(const Project& project, QWidget* parent = nullptr);

    void setFolder(const QString& folder);
    void setRecordLayout(AdrLayout layout);
    AdrLayout recordLayout() const;
    QString folder() const;
    /// Writes the records; on success returns the summary shown to the user, on failure throws Error.
    QString exportNow();

    QListWidget* fileList() const { return m_files; }
    QLabel* targetLabel() const { return m_target; }

    void accept() override;
    /// Shows the dialog for `project`; `done` receives the summary of an export.
    static void run(const Project& project, QWidget* parent, const std::function<void(const QString&)>& done);

signals:
    void message(const QString& text);

private:
    void updatePreview();

    const Project& m_project;
    QLineEdit* m_folder;
    QComboBox* m_layout;
    QLabel* m_target;
    QListWidget* m_files;
};

} // namespace terrain
