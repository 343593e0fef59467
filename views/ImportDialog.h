#pragma once
// File ▸ Import: choose files and folders, a format (or let each file be sniffed), the environment of
// systems whose source names none, for CSV inventories the column mapping, and what a file replaces: a
// file whose path differs from a source of the map only by a later date is a newer export of it (unless
// that is turned off), and one source may be named as a newer export of any file or folder the map was
// given before (DatedExports.h). "Preview" parses every
// file on a worker thread (with progress and cancel; the map is not touched) and plans the merge: the
// dialog then lists each file with its format or why it is skipped, the systems that will be added,
// updated and marked gone, and the warnings. "Import" writes that plan as one undoable edit. Any error
// is shown in the dialog, naming file and place, and changes nothing.

#include "ImportJob.h"

#include <QDialog>

#include <atomic>
#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTextBrowser;
class QThread;

namespace terrain {

class Project;

class ImportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ImportDialog(Project& project, QWidget* parent = nullptr);
    ~ImportDialog() override;

    /// The sources, format, environment and CSV mapping (for tests and for the main window, which
    /// may pass files dropped on it).
    void setSources(const QStringList& paths);
    QStringList sources() const;
    void setFormat(const QString& format);
    void setEnvironment(const QString& environment);
    void setCsvMapping(const QString& spec);
    /// The file or folder of the map that the one source replaces (--replaces); empty for none.
    void setReplaces(const QString& earlier);
    /// Whether files whose paths differ by a date are newer exports of each other (the default).
    void setDatedExports(bool on);

    /// Starts the preview (parse on a worker, then plan). previewReady() or failed() follow.
    void preview();
    /// Writes the previewed plan as one edit and shows the report, marked done, until the dialog is closed.
    /// Returns false (and shows why) when there is no current preview or the commit fails.
    bool importNow();
    /// The report of the last preview, or of the import once done (ImportJob.h's report()).
    const json& report() const { return m_report; }
    /// The message of the last error, empty if none.
    QString errorText() const { return m_error; }
    bool isBusy() const { return m_worker != nullptr; }

signals:
    void previewReady();
    void failed(const QString& message);
    void imported(const QString& summary);

private:
    void addFiles();
    void addFolder();
    void removeSelected();
    void sourcesChanged();
    void cancelPreview();
    void parsed(std::shared_ptr<ParsedImport> result, const QString& error);
    void showReport();
    void showError(const QString& message);
    ImportRequest request() const;

    Project& m_project;
    QListWidget* m_sources;
    QPushButton* m_remove;
    QComboBox* m_format;
    QLineEdit* m_environment;
    QLineEdit* m_csvMap;
    QLabel* m_csvHelp;
    class LazyComboBox* m_replaces;
    QCheckBox* m_datedExports;
    QCheckBox* m_skipUnreadable;
    QStringList m_replacesFor; ///< the sources the choice of m_replaces was made for
    QPushButton* m_previewButton;
    QPushButton* m_cancelButton;
    QProgressBar* m_progress;
    QTextBrowser* m_result;
    QDialogButtonBox* m_buttons;
    QPushButton* m_importButton;

    QThread* m_worker = nullptr;
    std::shared_ptr<std::atomic_bool> m_cancel;
    ImportRequest m_running; ///< what the running (or last) preview was asked
    std::optional<PreparedImport> m_prepared;
    json m_report;
    QString m_reportHtml; ///< the report as the preview shows it
    QString m_error;
};

} // namespace terrain
