#pragma once
// File ▸ Export…: the document exports of DocumentExport.h (the ranked roadmap as Markdown, HTML, PDF, CSV
// or JSON; the workshop report as HTML or PDF; the Backstage catalog) with a preview of the chosen format
// and "Export…" to write it to a file.
//
// The map is copied (exportInput) on the GUI thread; the preview and the export are written on a worker,
// since the report's map picture (Graphviz) and PDF layout take their time on a large map. The file is
// written with QSaveFile: all of it or nothing, and only at the path chosen.

#include "DocumentExport.h"

#include <QDialog>

#include <memory>

class QComboBox;
class QLabel;
class QPushButton;
class QTextBrowser;
class QThread;

namespace terrain {

class Project;

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ExportDialog(Project& project, QWidget* parent = nullptr);
    ~ExportDialog() override;

    /// Opens the dialog on `project`; `message` gets the one-line result for the status bar.
    static void run(Project& project, QWidget* parent, const std::function<void(const QString&)>& message);

    /// Chooses a format by name (roadmap-md, ..., backstage); starts its preview.
    void setFormat(const QString& name);
    QString format() const;
    /// Writes the chosen format to `path` (on a worker); exported() or failed() follow.
    void exportTo(const QString& path);
    bool isBusy() const { return m_worker != nullptr; }
    QTextBrowser* previewBrowser() const { return m_preview; }

signals:
    void previewReady();
    void exported(const QString& path, const QString& summary);
    void failed(const QString& message);

private:
    struct Preview;
    static std::shared_ptr<Preview> makePreview(const ExportInput& input, const QString& name);
    void startPreview();
    void showPreview(const std::shared_ptr<Preview>& preview);
    void chooseFile();
    void finishExport(const QString& path, const std::shared_ptr<std::string>& bytes, const QString& error);
    void updateButtons();
    void joinWorker();

    ExportInput m_input;
    QComboBox* m_format = nullptr;
    QLabel* m_description = nullptr;
    QTextBrowser* m_preview = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_exportButton = nullptr;
    QThread* m_worker = nullptr;
    bool m_previewPending = false;
};

} // namespace terrain
