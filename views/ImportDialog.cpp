#include "ImportDialog.h"

#include "CsvParser.h"
#include "DatedExports.h"
#include "Error.h"
#include "FormatParser.h"
#include "Kustomize.h"
#include "LazyComboBox.h"
#include "Project.h"
#include "TerraformWorkdir.h"

#include <QCheckBox>
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
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QTextBrowser>
#include <QThread>
#include <QVBoxLayout>

#include <string_view>

namespace terrain {

namespace {

const QString kFolderKey = QStringLiteral("import/lastFolder");

QString esc(const std::string& s) {
    return QString::fromStdString(s).toHtmlEscaped();
}

/// Systems of the preview as an HTML list, at most `limit` of them, each by its name, kind and key (as the
/// import leaves it), with what the import changes of it below (the report's "changes", by key).
QString systemList(const json& keys, const PlannedSystems& planned, const QColor& muted,
                   const json& changes = json::object(), int limit = 40) {
    QString html = QStringLiteral("<ul>");
    int n = 0;
    for (const auto& k : keys) {
        if (n++ == limit) {
            html += QStringLiteral("<li>… and %1 more</li>").arg(keys.size() - static_cast<size_t>(limit));
            break;
        }
        const std::string key = k.get<std::string>();
        const System* s = planned.byKey(key);
        if (!s) {
            html += QStringLiteral("<li><code>%1</code></li>").arg(esc(key));
            continue;
        }
        html += QStringLiteral("<li><b>%1</b> <span style='color:%2'>%3<code>%4</code></span>")
                    .arg(esc(s->name), muted.name(),
                         s->kind.empty() ? QString() : esc(s->kind) + QStringLiteral(" · "), esc(key));
        if (const auto c = changes.find(key); c != changes.end() && !c->empty()) {
            QStringList words;
            for (const auto& change : *c)
                words << esc(change.get<std::string>());
            html += QStringLiteral("<br>") + words.join(QStringLiteral("; "));
        }
        html += QStringLiteral("</li>");
    }
    return html + QStringLiteral("</ul>");
}

} // namespace

ImportDialog::ImportDialog(Project& project, QWidget* parent)
    : QDialog(parent)
    , m_project(project) {
    setWindowTitle(tr("Import into the Map"));
    setObjectName(QStringLiteral("importDialog"));

    m_sources = new QListWidget;
    m_sources->setObjectName(QStringLiteral("sources"));
    m_sources->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_sources->setAccessibleName(tr("Files and folders to import"));
    auto* addFilesButton = new QPushButton(tr("Add &Files…"));
    auto* addFolderButton = new QPushButton(tr("Add F&older…"));
    m_remove = new QPushButton(tr("&Remove"));
    connect(addFilesButton, &QPushButton::clicked, this, &ImportDialog::addFiles);
    connect(addFolderButton, &QPushButton::clicked, this, &ImportDialog::addFolder);
    connect(m_remove, &QPushButton::clicked, this, &ImportDialog::removeSelected);
    connect(m_sources, &QListWidget::itemSelectionChanged, this,
            [this] { m_remove->setEnabled(!m_sources->selectedItems().isEmpty()); });
    auto* sourceButtons = new QVBoxLayout;
    sourceButtons->addWidget(addFilesButton);
    sourceButtons->addWidget(addFolderButton);
    sourceButtons->addWidget(m_remove);
    sourceButtons->addStretch();
    auto* sourceRow = new QHBoxLayout;
    sourceRow->addWidget(m_sources, 1);
    sourceRow->addLayout(sourceButtons);

    m_format = new QComboBox;
    m_format->setObjectName(QStringLiteral("format"));
    m_format->addItem(tr("Detect each file's format"), QStringLiteral("auto"));
    m_format->addItem(tr("json — a map exported by Terrain"), QStringLiteral("json"));
    for (const auto& p : formatParsers())
        m_format->addItem(QStringLiteral("%1 — %2").arg(QString::fromStdString(p->format()),
                                                        QString::fromStdString(p->description())),
                          QString::fromStdString(p->format()));
    m_environment = new QLineEdit;
    m_environment->setObjectName(QStringLiteral("environment"));
    m_environment->setPlaceholderText(tr("e.g. production (for systems whose source names none)"));
    m_csvMap = new QLineEdit;
    m_csvMap->setObjectName(QStringLiteral("csvMap"));
    m_csvMap->setPlaceholderText(tr("default columns; e.g. name=Host,env=Stage,depends_on=Upstream"));
    QString fields;
    for (const auto& f : CsvMapping::fields())
        fields += (fields.isEmpty() ? QString() : QStringLiteral(", ")) + QString::fromStdString(f);
    m_csvMap->setToolTip(tr("Which CSV column feeds which field: field=Column header, separated by commas.\n"
                            "Fields: %1.\nAlso delimiter=; (or comma, semicolon, tab, pipe) and separator= "
                            "for the depends_on list.")
                             .arg(fields));
    m_csvHelp = new QLabel(tr("Fields: %1").arg(fields));
    m_csvHelp->setWordWrap(true);
    m_csvHelp->setEnabled(false);
    m_replaces = new LazyComboBox;
    m_replaces->setObjectName(QStringLiteral("replaces"));
    m_replaces->setLeadingItems({{tr("Nothing named (dated names are matched by their dates)"), QString()}});
    m_replaces->setToolTip(tr("The file or folder imported before that this one is a newer export of, "
                              "whatever their names: it updates what that source gave, and what it no longer "
                              "has is marked gone. For one file or folder at a time."));
    // The map's sources of the kind of the one listed: its files, or the folders they are in.
    m_replaces->setProvider([this] {
        QStringList out;
        if (m_sources->count() != 1)
            return out;
        const bool folder = QFileInfo(sources().front()).isDir();
        for (const auto& scope : m_project.importScopes())
            if (const std::string_view path = scopePath(scope); !path.empty()) {
                const QString p = QString::fromUtf8(path.data(), static_cast<qsizetype>(path.size()));
                const QString item = folder ? QFileInfo(p).path() : p;
                if (!out.contains(item))
                    out << item;
            }
        out.sort();
        return out;
    });
    m_datedExports = new QCheckBox(tr("Files whose paths differ only by a &date are newer exports of each "
                                      "other (a folder's older ones are skipped)"));
    m_datedExports->setObjectName(QStringLiteral("datedExports"));
    m_datedExports->setChecked(true);
    m_skipUnreadable =
        new QCheckBox(tr("Leave out files that cannot be &read (each is named, with its error, "
                         "and what the map has from it stays as it was)"));
    m_skipUnreadable->setObjectName(QStringLiteral("skipUnreadable"));
    connect(m_skipUnreadable, &QCheckBox::toggled, this, &ImportDialog::sourcesChanged);
    connect(m_replaces, &QComboBox::currentIndexChanged, this, &ImportDialog::sourcesChanged);
    connect(m_datedExports, &QCheckBox::toggled, this, &ImportDialog::sourcesChanged);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ImportDialog::sourcesChanged);
    connect(m_environment, &QLineEdit::textEdited, this, &ImportDialog::sourcesChanged);
    connect(m_csvMap, &QLineEdit::textEdited, this, &ImportDialog::sourcesChanged);

    auto* form = new QFormLayout;
    form->addRow(tr("F&ormat:"), m_format);
    form->addRow(tr("&Environment:"), m_environment);
    form->addRow(tr("&CSV columns:"), m_csvMap);
    form->addRow(QString(), m_csvHelp);
    form->addRow(tr("Rep&laces:"), m_replaces);
    form->addRow(QString(), m_datedExports);
    form->addRow(QString(), m_skipUnreadable);

    m_previewButton = new QPushButton(tr("&Preview"));
    m_previewButton->setObjectName(QStringLiteral("previewButton"));
    m_cancelButton = new QPushButton(tr("&Stop"));
    m_cancelButton->setVisible(false);
    m_progress = new QProgressBar;
    m_progress->setVisible(false);
    m_progress->setTextVisible(true);
    connect(m_previewButton, &QPushButton::clicked, this, &ImportDialog::preview);
    connect(m_cancelButton, &QPushButton::clicked, this, &ImportDialog::cancelPreview);
    auto* previewRow = new QHBoxLayout;
    previewRow->addWidget(m_previewButton);
    previewRow->addWidget(m_progress, 1);
    previewRow->addWidget(m_cancelButton);

    m_result = new QTextBrowser;
    m_result->setObjectName(QStringLiteral("result"));
    m_result->setOpenLinks(false);
    m_result->setPlaceholderText(tr("Add files or folders, then Preview to see what the import will change. "
                                    "Nothing is written until you choose Import."));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_importButton = m_buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    m_importButton->setObjectName(QStringLiteral("importButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] { importNow(); });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(
        new QLabel(tr("Files and folders (every file a format recognises; the rest is listed as "
                      "skipped):")));
    layout->addLayout(sourceRow, 1);
    layout->addLayout(form);
    layout->addLayout(previewRow);
    layout->addWidget(m_result, 2);
    layout->addWidget(m_buttons);
    resize(860, 680);
    sourcesChanged();
}

ImportDialog::~ImportDialog() {
    if (m_worker) {
        m_cancel->store(true);
        m_worker->wait();
    }
}

void ImportDialog::setSources(const QStringList& paths) {
    m_sources->clear();
    for (const auto& p : paths)
        m_sources->addItem(QDir::toNativeSeparators(p));
    sourcesChanged();
}

QStringList ImportDialog::sources() const {
    QStringList out;
    for (int i = 0; i < m_sources->count(); ++i)
        out << QDir::fromNativeSeparators(m_sources->item(i)->text());
    return out;
}

void ImportDialog::setFormat(const QString& format) {
    const int i = m_format->findData(format);
    if (i >= 0)
        m_format->setCurrentIndex(i);
}

void ImportDialog::setEnvironment(const QString& environment) {
    m_environment->setText(environment);
    sourcesChanged();
}

void ImportDialog::setCsvMapping(const QString& spec) {
    m_csvMap->setText(spec);
    sourcesChanged();
}

void ImportDialog::setReplaces(const QString& earlier) {
    m_replaces->setCurrentValue(earlier);
    sourcesChanged();
}

void ImportDialog::setDatedExports(bool on) {
    m_datedExports->setChecked(on);
    sourcesChanged();
}

void ImportDialog::addFiles() {
    QSettings settings;
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Add Files to Import"), settings.value(kFolderKey, QDir::homePath()).toString(),
        tr("Infrastructure files (*.tfstate *.json *.dot *.gv *.yaml *.yml *.csv *.tsv *.txt);;All files "
           "(*)"));
    if (files.isEmpty())
        return;
    settings.setValue(kFolderKey, QFileInfo(files.front()).path());
    for (const auto& f : files)
        m_sources->addItem(QDir::toNativeSeparators(f));
    sourcesChanged();
}

void ImportDialog::addFolder() {
    QSettings settings;
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Add a Folder to Import"), settings.value(kFolderKey, QDir::homePath()).toString());
    if (folder.isEmpty())
        return;
    settings.setValue(kFolderKey, folder);
    m_sources->addItem(QDir::toNativeSeparators(folder));
    sourcesChanged();
}

void ImportDialog::removeSelected() {
    qDeleteAll(m_sources->selectedItems());
    sourcesChanged();
}

void ImportDialog::sourcesChanged() {
    // Any change makes the preview stale: it must be run again before importing; a running one stops.
    if (m_worker)
        cancelPreview();
    m_prepared.reset();
    m_remove->setEnabled(!m_sources->selectedItems().isEmpty());
    m_previewButton->setEnabled(m_sources->count() > 0 && !m_worker);
    m_importButton->setEnabled(false);
    const QString format = m_format->currentData().toString();
    const bool csv = format == QStringLiteral("csv") || format == QStringLiteral("auto");
    m_csvMap->setEnabled(csv);
    m_csvHelp->setVisible(csv);
    m_replaces->setEnabled(m_sources->count() == 1);
    if (const QStringList now = sources(); now != m_replacesFor) { // a choice made for another source
        m_replacesFor = now;
        m_replaces->setCurrentValue(QString());
    }
    if (!m_report.is_null() || !m_error.isEmpty()) {
        m_report = json();
        m_error.clear();
        m_result->clear();
    }
}

ImportRequest ImportDialog::request() const {
    ImportRequest r;
    for (const auto& s : sources())
        r.paths.push_back(s.toStdString());
    r.format = m_format->currentData().toString().toStdString();
    r.parse.environment = m_environment->text().trimmed().toStdString();
    if (m_csvMap->isEnabled())
        r.parse.csvMap = m_csvMap->text().trimmed().toStdString();
    r.merge.environment = r.parse.environment;
    r.merge.datedExports = m_datedExports->isChecked();
    r.parse.skipUnreadable = m_skipUnreadable->isChecked();
    r.parse.kustomize = kustomizeCommand();
    r.parse.terraform = terraformCommand();
    if (const QString earlier = m_replaces->currentValue(); m_replaces->isEnabled() && !earlier.isEmpty())
        r.merge.replaces.push_back({r.paths.front(), earlier.toStdString()});
    return r;
}

void ImportDialog::preview() {
    if (m_worker || m_sources->count() == 0)
        return;
    m_prepared.reset();
    m_report = json();
    m_error.clear();
    m_running = request(); // the settings of this preview, even if the fields change while it runs
    const ImportRequest& req = m_running;
    if (!req.parse.csvMap.empty()) {
        try {
            CsvMapping::fromSpec(req.parse.csvMap);
        } catch (const Error& e) {
            showError(tr("CSV columns: %1").arg(QString::fromUtf8(e.what())));
            return;
        }
    }
    m_cancel = std::make_shared<std::atomic_bool>(false);
    m_progress->setRange(0, 0);
    m_progress->setFormat(tr("Reading…"));
    m_progress->setVisible(true);
    m_cancelButton->setVisible(true);
    m_previewButton->setEnabled(false);
    m_importButton->setEnabled(false);
    m_result->setHtml(tr("<p>Reading the sources…</p>"));

    // Parsing never touches the map, so it runs on a worker; the plan is made here once it is done.
    auto cancel = m_cancel;
    QPointer<ImportDialog> self(this);
    m_worker = QThread::create([req, cancel, self] {
        auto result = std::make_shared<ParsedImport>();
        QString error;
        try {
            *result = parseImport(req, [&](size_t done, size_t total) {
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, done, total] {
                        if (self) {
                            self->m_progress->setRange(0, static_cast<int>(total));
                            self->m_progress->setValue(static_cast<int>(done));
                            self->m_progress->setFormat(tr("%v of %m files"));
                        }
                    },
                    Qt::QueuedConnection);
                return !cancel->load();
            });
        } catch (const UnreadableSources& e) {
            error = QString::fromUtf8(e.what());
            if (req.parse.skipUnreadable && e.readable() == 0)
                error += QLatin1Char('\n') + (e.errors().size() == 1
                                                  ? tr("Left out, it leaves no file to import.")
                                                  : tr("Left out, they leave no file to import."));
            else if (!req.parse.skipUnreadable && e.readable() > 0)
                error += QLatin1Char('\n') +
                         (e.errors().size() == 1
                              ? tr("Tick “Leave out files that cannot be read” to import %1 without it.")
                              : tr("Tick “Leave out files that cannot be read” to import %1 without them."))
                             .arg(e.readable() == 1 ? tr("the other file")
                                                    : tr("the other %1 files").arg(e.readable()));
        } catch (const Error& e) {
            error = QString::fromUtf8(e.what());
        } catch (const std::exception& e) {
            error = tr("unexpected failure: %1").arg(QString::fromUtf8(e.what()));
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self, result, error] {
                if (self)
                    self->parsed(result, error);
            },
            Qt::QueuedConnection);
    });
    connect(m_worker, &QThread::finished, m_worker, &QObject::deleteLater);
    m_worker->start();
}

void ImportDialog::cancelPreview() {
    if (m_cancel)
        m_cancel->store(true);
    m_cancelButton->setEnabled(false);
    m_progress->setFormat(tr("Stopping…"));
}

void ImportDialog::parsed(std::shared_ptr<ParsedImport> result, const QString& error) {
    if (m_worker) {
        m_worker->wait();
        m_worker = nullptr;
    }
    m_progress->setVisible(false);
    m_cancelButton->setVisible(false);
    m_cancelButton->setEnabled(true);
    m_previewButton->setEnabled(m_sources->count() > 0);
    if (m_cancel && m_cancel->load()) {
        m_result->setHtml(tr("<p>Preview stopped; nothing was imported. Preview again to see what the "
                             "import will change.</p>"));
        return;
    }
    if (!error.isEmpty()) {
        showError(error);
        return;
    }
    try {
        m_prepared = planImport(m_project, std::move(*result), m_running.merge);
    } catch (const Error& e) {
        showError(QString::fromUtf8(e.what()));
        return;
    }
    m_report = m_prepared->report();
    showReport();
    m_importButton->setEnabled(true);
    m_importButton->setFocus();
    emit previewReady();
}

void ImportDialog::showReport() {
    const json& r = m_report;
    QString html;
    const bool map = m_prepared && !m_prepared->parsed.maps.empty();
    if (map) {
        html += tr("<p><b>A Terrain map:</b> its rows are merged into this map by key.</p>");
    } else {
        html += tr("<p><b>%1 new</b>, <b>%2 changed</b>, <b>%3 gone</b> (kept, marked gone), %4 unchanged "
                   "systems; %5 new and %6 removed dependencies.</p>")
                    .arg(r["added"].get<long>())
                    .arg(r["updated"].get<long>())
                    .arg(r["gone"].get<long>())
                    .arg(r["unchanged"].get<long>())
                    .arg(r["dependencies"]["added"].get<long>())
                    .arg(r["dependencies"]["removed"].get<long>());
        if (r["left_out"].get<long>() > 0)
            html += tr("<p>%1 provider and plumbing entries are left out or folded into their systems.</p>")
                        .arg(r["left_out"].get<long>());
    }
    // Before the lists, which may be long: what to read before importing.
    QString unreadable;
    int unreadableCount = 0;
    for (const auto& f : r["files"])
        if (f["status"] == "unreadable") {
            ++unreadableCount;
            unreadable += QStringLiteral("<li>%1: %2</li>")
                              .arg(esc(f["path"].get<std::string>()), esc(f["error"].get<std::string>()));
        }
    if (unreadableCount > 0)
        html += (unreadableCount == 1 ? tr("<h4>Left out: it cannot be read</h4><p>What the map has from it "
                                           "stays as it was.</p>")
                                      : tr("<h4>Left out: they cannot be read</h4><p>What the map has from "
                                           "them stays as it was.</p>")) +
                QStringLiteral("<ul>%1</ul>").arg(unreadable);
    if (!r["warnings"].empty()) {
        html += tr("<h4>Warnings</h4><ul>");
        for (const auto& w : r["warnings"])
            html += QStringLiteral("<li>%1</li>").arg(esc(w.get<std::string>()));
        html += QStringLiteral("</ul>");
    }
    html += tr("<h4>Files</h4><table cellspacing='0' cellpadding='2'>");
    // A repository's code, which no format recognises, named for the first few files and counted for the
    // rest, so that the systems below stay in reach.
    int unrecognised = 0;
    for (const auto& f : r["files"]) {
        if (countedNotNamed(f, unrecognised))
            continue;
        if (f["status"] == "unreadable") {
            html += QStringLiteral("<tr><td>%1</td><td><i>%2</i></td></tr>")
                        .arg(esc(f["path"].get<std::string>()), tr("left out: it cannot be read"));
            continue;
        }
        const bool skipped = f["status"] == "skipped";
        QString what; // the file's format and how it is read, or why it is skipped
        if (skipped) {
            what =
                QStringLiteral("<i>%1</i>").arg(tr("skipped: %1").arg(esc(f["reason"].get<std::string>())));
        } else {
            what = QStringLiteral("<b>%1</b>").arg(esc(f["format"].get<std::string>()));
            if (f.contains("rendered_with"))
                what += tr(", as <code>%1</code> renders its folder")
                            .arg(esc(f["rendered_with"].get<std::string>()));
            if (f.contains("pulled_with"))
                what += tr(", the state of workspace %1 as <code>%2</code> reads it")
                            .arg(esc(f["workspace"].get<std::string>()),
                                 esc(f["pulled_with"].get<std::string>()));
            if (f.contains("environment"))
                what += (f.contains("pulled_with") ? tr(", %1 (its workspace)") : tr(", %1 (its path says)"))
                            .arg(esc(f["environment"].get<std::string>()));
            if (f.contains("replaces"))
                what += tr(", replaces %1").arg(esc(f["replaces"].get<std::string>()));
        }
        html +=
            QStringLiteral("<tr><td>%1</td><td>%2</td></tr>").arg(esc(f["path"].get<std::string>()), what);
    }
    if (const int more = unrecognised - kUnrecognisedNamed; more > 0)
        html += QStringLiteral("<tr><td colspan='2'><i>%1</i></td></tr>")
                    .arg(more == 1
                             ? tr("… and 1 more file that no import format recognises, skipped")
                             : tr("… and %1 more files that no import format recognises, skipped").arg(more));
    html += QStringLiteral("</table>");
    if (!map) {
        const MergePlan none;
        const PlannedSystems planned(*(m_prepared ? &m_prepared->plan : &none));
        // Halfway between the text and its background, in light and dark themes alike (the placeholder
        // colour is the text's with an alpha, which HTML colours here drop).
        const QColor text = palette().color(QPalette::Text), base = palette().color(QPalette::Base);
        const QColor muted((text.red() + base.red()) / 2, (text.green() + base.green()) / 2,
                           (text.blue() + base.blue()) / 2);
        if (!r["systems"]["added"].empty())
            html += tr("<h4>New systems</h4>") + systemList(r["systems"]["added"], planned, muted);
        if (!r["systems"]["updated"].empty())
            html += tr("<h4>Changed systems</h4>") +
                    systemList(r["systems"]["updated"], planned, muted, r["systems"]["changes"]);
        if (!r["systems"]["gone"].empty())
            html += tr("<h4>Gone from their source</h4>") + systemList(r["systems"]["gone"], planned, muted);
        if (m_prepared) {
            const auto dependencies = dependencyChanges(m_project, planned);
            if (!dependencies.empty()) {
                html += tr("<h4>Dependencies</h4><ul>");
                constexpr std::size_t kShown = 40;
                for (std::size_t i = 0; i < dependencies.size() && i < kShown; ++i) {
                    const DependencyChange& d = dependencies[i];
                    const QString how = d.mark == '+'   ? tr("new")
                                        : d.mark == '-' ? tr("removed")
                                                        : tr("changed");
                    html += QStringLiteral(
                                "<li>%1: <b>%2</b> → <b>%3</b> <span style='color:%4'>%5%6</span></li>")
                                .arg(how, esc(d.from), esc(d.to), muted.name(), esc(d.kind),
                                     d.evidence.empty() ? QString() : QStringLiteral(", ") + esc(d.evidence));
                }
                if (dependencies.size() > kShown)
                    html += tr("<li>… and %1 more</li>").arg(dependencies.size() - kShown);
                html += QStringLiteral("</ul>");
            }
        }
    }
    m_reportHtml = html;
    m_result->setHtml(html);
}

void ImportDialog::showError(const QString& message) {
    m_error = message;
    m_prepared.reset();
    m_importButton->setEnabled(false);
    // One line a problem (several files that cannot be read: a line each).
    QString lines;
    for (const QString& line : message.split(QLatin1Char('\n')))
        lines += QStringLiteral("<p>%1</p>").arg(line.trimmed().toHtmlEscaped());
    m_result->setHtml(tr("<p style='color:#b00020'><b>Nothing was imported.</b></p>%1").arg(lines));
    emit failed(message);
}

bool ImportDialog::importNow() {
    if (!m_prepared)
        return false; // Import is enabled only once a preview is current
    try {
        m_report = commitImport(m_project, *m_prepared);
    } catch (const Error& e) {
        showError(QString::fromUtf8(e.what()));
        return false;
    }
    m_prepared.reset();
    const QString summary = tr("Imported: %1 added, %2 updated, %3 gone")
                                .arg(m_report["added"].get<long>())
                                .arg(m_report["updated"].get<long>())
                                .arg(m_report["gone"].get<long>());
    // The report stays: what the preview said is what the import did, its warnings first. Closing the
    // dialog is the person's step, after reading it.
    m_result->setHtml(tr("<p style='color:#1b7f3b'><b>Imported</b> into the map, as one edit (Edit ▸ Undo "
                         "takes it back whole).</p>") +
                      m_reportHtml);
    m_importButton->setEnabled(false);
    if (QPushButton* close = m_buttons->button(QDialogButtonBox::Cancel)) {
        close->setText(tr("&Close"));
        close->setFocus();
    }
    emit imported(summary);
    return true;
}

} // namespace terrain
