#include "ExportDialog.h"

#include "Error.h"
#include "Project.h"
#include "ReportExport.h"
#include "RoadmapExport.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QImage>
#include <QLabel>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QSaveFile>
#include <QTextBrowser>
#include <QThread>
#include <QVBoxLayout>

namespace terrain {

/// What the preview shows: rendered Markdown, rich text (with the map picture) or plain text.
struct ExportDialog::Preview {
    QString format;
    std::string kind; ///< "markdown", "html", "text"
    std::string text;
    std::string mapPng;
    QString error;
};

ExportDialog::ExportDialog(Project& project, QWidget* parent)
    : QDialog(parent)
    , m_input(exportInput(project)) {
    setWindowTitle(tr("Export"));
    setObjectName(QStringLiteral("exportDialog"));
    m_format = new QComboBox;
    m_format->setObjectName(QStringLiteral("exportFormat"));
    for (const auto& f : documentFormats())
        m_format->addItem(QString::fromStdString(f.title), QString::fromStdString(f.name));
    m_description = new QLabel;
    m_description->setWordWrap(true);
    m_preview = new QTextBrowser;
    m_preview->setObjectName(QStringLiteral("exportPreview"));
    m_preview->setOpenLinks(false); // a preview never follows or fetches anything
    m_preview->setMinimumSize(640, 420);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("exportStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);

    auto* form = new QFormLayout;
    form->addRow(tr("&Format:"), m_format);
    form->addRow(QString(), m_description);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_exportButton = buttons->addButton(tr("&Export…"), QDialogButtonBox::AcceptRole);
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_exportButton, &QPushButton::clicked, this, &ExportDialog::chooseFile);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Preview:")));
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        const DocumentFormat* f = findDocumentFormat(format().toStdString());
        m_description->setText(f ? QString::fromStdString(f->description) + QStringLiteral(" (") +
                                       QString::fromStdString(f->extension) + QStringLiteral(")")
                                 : QString());
        startPreview();
    });
    m_format->setCurrentIndex(-1);
    m_format->setCurrentIndex(0);
    resize(900, 680);
}

ExportDialog::~ExportDialog() {
    joinWorker();
}

void ExportDialog::run(Project& project, QWidget* parent,
                       const std::function<void(const QString&)>& message) {
    ExportDialog dialog(project, parent);
    connect(&dialog, &ExportDialog::exported, &dialog,
            [message](const QString&, const QString& summary) { message(summary); });
    dialog.exec();
}

void ExportDialog::setFormat(const QString& name) {
    const int i = m_format->findData(name);
    if (i >= 0)
        m_format->setCurrentIndex(i);
}

QString ExportDialog::format() const {
    return m_format->currentData().toString();
}

void ExportDialog::joinWorker() {
    if (m_worker) {
        m_worker->wait();
        m_worker = nullptr;
    }
}

void ExportDialog::updateButtons() {
    m_exportButton->setEnabled(!m_worker && m_format->currentIndex() >= 0);
}

void ExportDialog::startPreview() {
    if (m_format->currentIndex() < 0)
        return;
    if (m_worker) { // one worker at a time: preview again when this one is done
        m_previewPending = true;
        return;
    }
    m_status->setText(tr("Preparing the preview…"));
    const QString name = format();
    const ExportInput* input = &m_input; // not changed while the worker runs (the dialog waits for it)
    QPointer<ExportDialog> self(this);
    m_worker = QThread::create([input, name, self] {
        auto preview = makePreview(*input, name);
        QMetaObject::invokeMethod(
            self.data(),
            [self, preview] {
                if (self)
                    self->showPreview(preview);
            },
            Qt::QueuedConnection);
    });
    connect(m_worker, &QThread::finished, m_worker, &QObject::deleteLater);
    m_worker->start();
    updateButtons();
}

void ExportDialog::showPreview(const std::shared_ptr<Preview>& preview) {
    joinWorker();
    updateButtons();
    if (m_previewPending || preview->format != format()) {
        m_previewPending = false;
        startPreview();
        return;
    }
    m_preview->clear();
    if (!preview->error.isEmpty()) {
        m_preview->setPlainText(preview->error);
        m_status->setText(tr("The preview failed: %1").arg(preview->error));
        emit failed(preview->error);
        return;
    }
    const QString text = QString::fromUtf8(preview->text.data(), qsizetype(preview->text.size()));
    if (preview->kind == "markdown") {
        m_preview->document()->setDefaultFont(QFont());
        m_preview->setMarkdown(text);
    } else if (preview->kind == "html") {
        m_preview->document()->setDefaultFont(QFont());
        if (!preview->mapPng.empty()) {
            QImage picture;
            picture.loadFromData(reinterpret_cast<const uchar*>(preview->mapPng.data()),
                                 int(preview->mapPng.size()), "PNG");
            m_preview->document()->addResource(
                QTextDocument::ImageResource, QUrl(QLatin1String(kReportMapImage)),
                picture.width() > 860 ? picture.scaledToWidth(860, Qt::SmoothTransformation) : picture);
        }
        m_preview->setHtml(text);
    } else {
        m_preview->document()->setDefaultFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        m_preview->setPlainText(text);
    }
    const DocumentFormat* f = findDocumentFormat(format().toStdString());
    if (f && f->binary)
        m_status->setText(tr("The preview shows the pages' content; Export… writes the PDF."));
    else if (f && f->name == "report-html")
        m_status->setText(tr("The preview shows the map as a picture; the file holds it as SVG."));
    else if (preview->kind == "markdown")
        m_status->setText(
            tr("The preview renders the Markdown; GitHub draws the Mermaid diagram from its source."));
    else
        m_status->setText(tr("Export… writes exactly what the preview shows."));
    emit previewReady();
}

void ExportDialog::chooseFile() {
    const DocumentFormat* f = findDocumentFormat(format().toStdString());
    if (!f)
        return;
    const QString extension = QString::fromStdString(f->extension);
    QString suggested = QString::fromStdString(m_input.mapName) + QLatin1Char('-') + format() + extension;
    if (f->name == "backstage")
        suggested = QStringLiteral("catalog-info.yaml");
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export %1").arg(QString::fromStdString(f->title)), QDir::home().filePath(suggested),
        tr("%1 (*%2)").arg(QString::fromStdString(f->title), extension));
    if (!path.isEmpty())
        exportTo(path);
}

void ExportDialog::exportTo(const QString& path) {
    joinWorker();
    const std::string name = format().toStdString();
    m_status->setText(tr("Writing %1…").arg(QDir::toNativeSeparators(path)));
    const ExportInput* input = &m_input;
    QPointer<ExportDialog> self(this);
    m_worker = QThread::create([input, name, path, self] {
        auto bytes = std::make_shared<std::string>();
        QString error;
        try {
            *bytes = exportDocument(*input, name);
        } catch (const Error& e) {
            error = QString::fromUtf8(e.what());
        } catch (const std::exception& e) {
            error = tr("unexpected failure: %1").arg(QString::fromUtf8(e.what()));
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self, path, bytes, error] {
                if (self)
                    self->finishExport(path, bytes, error);
            },
            Qt::QueuedConnection);
    });
    connect(m_worker, &QThread::finished, m_worker, &QObject::deleteLater);
    m_worker->start();
    updateButtons();
}

void ExportDialog::finishExport(const QString& path, const std::shared_ptr<std::string>& bytes,
                                const QString& error) {
    joinWorker();
    updateButtons();
    QString problem = error;
    if (problem.isEmpty()) {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) ||
            file.write(bytes->data(), qint64(bytes->size())) != qint64(bytes->size()) || !file.commit())
            problem = tr("%1: cannot be written: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    }
    if (!problem.isEmpty()) {
        m_status->setText(tr("Nothing was written. %1").arg(problem));
        emit failed(problem);
    } else {
        const QString summary = tr("Exported %1 to %2 (%3)")
                                    .arg(m_format->currentText(), QDir::toNativeSeparators(path),
                                         QLocale().formattedDataSize(qint64(bytes->size())));
        m_status->setText(summary);
        emit exported(path, summary);
    }
    if (m_previewPending) {
        m_previewPending = false;
        startPreview();
    }
}

std::shared_ptr<ExportDialog::Preview> ExportDialog::makePreview(const ExportInput& input,
                                                                 const QString& name) {
    auto p = std::make_shared<ExportDialog::Preview>();
    p->format = name;
    const std::string format = name.toStdString();
    try {
        if (format == "report-html" || format == "report-pdf") {
            PrintableReport report = reportPrintable(input); // the map as a picture rich text can show
            p->kind = "html";
            p->text = std::move(report.html);
            p->mapPng = std::move(report.mapPng);
        } else if (format == "roadmap-pdf" || format == "roadmap-html") {
            p->kind = "html";
            p->text = roadmapHtml(input);
        } else if (format == "roadmap-md") {
            p->kind = "markdown";
            p->text = roadmapMarkdown(input);
        } else {
            p->kind = "text";
            p->text = exportDocument(input, format);
        }
    } catch (const Error& e) {
        p->error = QString::fromUtf8(e.what());
    } catch (const std::exception& e) {
        p->error = QString::fromUtf8(e.what());
    }
    return p;
}

} // namespace terrain
