#include "DecisionExportDialog.h"

#include "Error.h"
#include "Project.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace terrain {

DecisionExportDialog::DecisionExportDialog(const Project& project, QWidget* parent)
    : QDialog(parent)
    , m_project(project)
    , m_folder(new QLineEdit)
    , m_layout(new QComboBox)
    , m_target(new QLabel)
    , m_files(new QListWidget) {
    setWindowTitle(tr("Export Decision Records"));
    setObjectName(QStringLiteral("decisionExportDialog"));
    m_layout->addItem(tr("adr-tools (doc/adr, NNNN-title.md)"), static_cast<int>(AdrLayout::AdrTools));
    m_layout->addItem(tr("MADR 4 (docs/decisions, front matter)"), static_cast<int>(AdrLayout::Madr));
    m_layout->addItem(tr("log4brains (.log4brains.yml, YYYYMMDD-title.md)"),
                      static_cast<int>(AdrLayout::Log4brains));
    m_folder->setPlaceholderText(tr("the repository folder"));
    m_target->setWordWrap(true);
    auto* browse = new QPushButton(tr("&Browse…"));
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);
    auto* form = new QFormLayout;
    auto* folderLabel = new QLabel(tr("&Folder"));
    folderLabel->setBuddy(m_folder);
    form->addRow(folderLabel, folderRow);
    form->addRow(tr("&Layout"), m_layout);
    form->addRow(tr("Writes"), m_target);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Cancel);
    box->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    auto* column = new QVBoxLayout(this);
    column->addLayout(form);
    column->addWidget(m_files, 1);
    column->addWidget(box);
    connect(box, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Export Decision Records To"), folder());
        if (!dir.isEmpty())
            setFolder(dir);
    });
    connect(m_folder, &QLineEdit::textChanged, this, [this] { updatePreview(); });
    connect(m_layout, &QComboBox::currentIndexChanged, this, [this] { updatePreview(); });
    setFolder(QFileInfo(QString::fromStdString(project.path())).absolutePath());
    resize(620, 420);
}

void DecisionExportDialog::setFolder(const QString& folder) {
    m_folder->setText(folder);
    updatePreview();
}

void DecisionExportDialog::setRecordLayout(AdrLayout layout) {
    m_layout->setCurrentIndex(m_layout->findData(static_cast<int>(layout)));
}

AdrLayout DecisionExportDialog::recordLayout() const {
    return static_cast<AdrLayout>(m_layout->currentData().toInt());
}

QString DecisionExportDialog::folder() const {
    return m_folder->text().trimmed();
}

void DecisionExportDialog::updatePreview() {
    m_files->clear();
    const auto records = decisionRecords(m_project);
    std::string sub;
    try {
        sub = decisionFolder(folder().toStdString(), recordLayout());
    } catch (const Error& e) {
        m_target->setText(QString::fromUtf8(e.what()));
        return;
    }
    const QString target = QDir(folder()).filePath(QString::fromStdString(sub));
    m_target->setText(tr("%n record(s) into %1", nullptr, static_cast<int>(records.size())).arg(target));
    const auto names = decisionFileNames(records, recordLayout());
    for (size_t i = 0; i < names.size(); ++i) {
        const QString path = QDir(target).filePath(QString::fromStdString(names[i]));
        m_files->addItem(QStringLiteral("%1%2").arg(
            QString::fromStdString(names[i]),
            QFileInfo::exists(path) ? tr("  (exists: updated in place)") : QString()));
    }
}

QString DecisionExportDialog::exportNow() {
    if (folder().isEmpty())
        throw Error("choose a folder to write the decision records in");
    const AdrExportResult r = exportDecisionRecords(m_project, folder().toStdString(), recordLayout());
    QString text =
        tr("Wrote %1 decision records (%2) to %3: %4 written, %5 unchanged")
            .arg(r.files.size())
            .arg(QString::fromStdString(adrLayoutName(recordLayout())), QString::fromStdString(r.folder))
            .arg(r.written)
            .arg(r.unchanged);
    if (!r.removed.empty())
        text += tr(", %1 renamed").arg(r.removed.size());
    return text;
}

void DecisionExportDialog::run(const Project& project, QWidget* parent,
                               const std::function<void(const QString&)>& done) {
    DecisionExportDialog dialog(project, parent);
    connect(&dialog, &DecisionExportDialog::message, &dialog, [&done](const QString& m) { done(m); });
    dialog.exec();
}

void DecisionExportDialog::accept() {
    try {
        emit message(exportNow());
        QDialog::accept();
    } catch (const std::exception& e) {
        QMessageBox::warning(this, windowTitle(), QString::fromUtf8(e.what()));
    }
}

} // namespace terrain
