#include "MainWindow.h"

#include "AnalysisPanel.h"
#include "Catalog.h"
#include "DecisionExportDialog.h"
#include "EntityColumns.h"
#include "ExportDialog.h"
#include "GuidePanel.h"
#include "Icons.h"
#include "ImportDialog.h"
#include "MapView.h"
#include "MapWorkspace.h"
#include "ParityDialog.h"
#include "Project.h"
#include "RiskMatrixView.h"
#include "ShortcutsDialog.h"
#include "SystemInspector.h"
#include "SystemTablePage.h"
#include "Theme.h"
#include "WelcomePage.h"
#include "WorkshopMode.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTime>

#include <algorithm>

namespace terrain {

namespace {

constexpr int kMaxRecentFiles = 10;
const QString kRecentKey = QStringLiteral("recentFiles");
const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");
const QString kTextStepsKey = QStringLiteral("view/textSteps");
const QString kLastFolderKey = QStringLiteral("lastFolder");
const QString kThemeKey = QStringLiteral("view/theme");

/// Selects `id` where the user is looking: on the map when the map tab is shown, else in the table.
void selectInWorkspace(MapWorkspace* workspace, SystemInspector* inspector, Id id) {
    if (!workspace || !id)
        return;
    MapView* map = workspace->mapView();
    if (!map || workspace->currentWidget() != map || !map->selectSystem(id))
        workspace->selectSystem(id);
    inspector->setSystem(id);
}

QString withSuffix(QString path) {
    if (!path.endsWith(QStringLiteral(".terrain"), Qt::CaseInsensitive))
        path += QStringLiteral(".terrain");
    return path;
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_stack(new QStackedWidget)
    , m_inspector(new SystemInspector)
    , m_inspectorDock(new QDockWidget(tr("Inspector")))
    , m_savedLabel(new QLabel)
    , m_fileLabel(new QLabel)
    , m_baseFont(QApplication::font()) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/terrain.svg")));
    setCentralWidget(m_stack);
    setAcceptDrops(true);
    applyTheme(themeFromKey(QSettings().value(kThemeKey).toString()));
    createWelcomePage();

    m_inspectorDock->setObjectName(QStringLiteral("inspectorDock"));
    m_inspectorDock->setWidget(m_inspector);
    m_inspectorDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                                 QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::RightDockWidgetArea, m_inspectorDock);
    connect(m_inspector, &SystemInspector::errorOccurred, this,
            [this](const QString& m) { showError(tr("The edit was not made"), m); });
    connect(m_inspector, &SystemInspector::systemActivated, this, [this](Id id) {
        if (m_workspace)
            m_workspace->selectSystem(id);
    });

    // Analysis: the ranked findings in a dock below the workspace, hidden until asked for.
    auto* analysisDock = new QDockWidget(tr("Analysis"), this);
    analysisDock->setObjectName(QStringLiteral("analysisDock"));
    auto* analysis = new AnalysisPanel(nullptr, analysisDock);
    analysisDock->setWidget(analysis);
    addDockWidget(Qt::BottomDockWidgetArea, analysisDock);
    analysisDock->hide();
    connect(analysis, &AnalysisPanel::systemActivated, this,
            [this](Id id) { selectInWorkspace(m_workspace, m_inspector, id); });
    connect(analysis, &AnalysisPanel::highlightRequested, this,
            [this](const std::vector<Id>& ids, const QString& label) {
                if (m_workspace && m_workspace->mapView())
                    m_workspace->mapView()->setHighlight(ids, label);
            });

    // The guided path: on the left, hidden until asked for (Help ▸ Guided Path, or the welcome page).
    m_guideDock = new QDockWidget(tr("Guided Path"), this);
    m_guideDock->setObjectName(QStringLiteral("guideDock"));
    m_guide = new GuidePanel(m_guideDock);
    m_guideDock->setWidget(m_guide);
    addDockWidget(Qt::LeftDockWidgetArea, m_guideDock);
    m_guideDock->hide();
    connect(m_guideDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        // Wide enough for its sentences when it opens narrow (a width the user chose is kept).
        if (visible && !m_guideDock->isFloating() && m_guideDock->width() < 320)
            resizeDocks({m_guideDock}, {360}, Qt::Horizontal);
    });

    m_savedLabel->setObjectName(QStringLiteral("savedLabel"));
    m_fileLabel->setObjectName(QStringLiteral("fileLabel"));
    statusBar()->addPermanentWidget(m_fileLabel);
    statusBar()->addPermanentWidget(m_savedLabel);

    createActions();

    QSettings settings;
    m_textSteps = settings.value(kTextStepsKey, 0).toInt();
    if (m_textSteps != 0)
        applyTextSize();
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) {
        QSize size(1600, 1000);
        if (const QScreen* screen = QApplication::primaryScreen())
            size = size.boundedTo(screen->availableSize() * 0.92);
        resize(size);
    }
    m_sizeDocks = !restoreState(settings.value(kStateKey).toByteArray());
    setProject(nullptr);
}

MainWindow::~MainWindow() {
    // Views refer to the project: take them down before it.
    m_inspector->setProject(nullptr);
    findChild<AnalysisPanel*>()->setProject(nullptr);
    m_guide->setProject(nullptr);
    delete findChild<ParityDialog*>();
    delete m_workspace;
    m_workspace = nullptr;
    m_project.reset();
}

void MainWindow::createActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* newAction = file->addAction(themedIcon(QStringLiteral("document-new")), tr("&New Map…"), this,
                                         &MainWindow::newMap);
    newAction->setShortcut(QKeySequence::New);
    QAction* openAction = file->addAction(themedIcon(QStringLiteral("document-open")), tr("&Open Map…"), this,
                                          &MainWindow::openMap);
    openAction->setShortcut(QKeySequence::Open);
    QAction* demo = file->addAction(themedIcon(QStringLiteral("demo")), tr("Open &Demo Map"), this,
                                    &MainWindow::openDemoMap);
    demo->setToolTip(tr("Creates a fresh copy of the demo map in %1 and opens it")
                         .arg(QDir::toNativeSeparators(demoFolder())));
    demo->setStatusTip(demo->toolTip());
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    file->addSeparator();
    QAction* importAction = file->addAction(tr("&Import…"), this, [this] { importSources(); });
    importAction->setObjectName(QStringLiteral("importAction"));
    importAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    importAction->setStatusTip(
        tr("Import Terraform, Kubernetes, compose, CloudFormation, Backstage, AWS CLI, "
           "CSV, Prometheus and Ansible files into the map"));
    m_mapActions << importAction;
    QAction* exportDecisions = file->addAction(tr("Export &Decision Records…"), this, [this] {
        if (m_project)
            DecisionExportDialog::run(*m_project, this, [this](const QString& m) { showMessage(m); });
    });
    exportDecisions->setObjectName(QStringLiteral("exportDecisionsAction"));
    m_mapActions << exportDecisions;
    QAction* exportAction = file->addAction(tr("&Export…"), this, [this] {
        if (m_project)
            ExportDialog::run(*m_project, this, [this](const QString& m) { showMessage(m); });
    });
    exportAction->setObjectName(QStringLiteral("exportAction"));
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    exportAction->setStatusTip(tr("Write the roadmap (Markdown, HTML, PDF, CSV, JSON), the workshop report "
                                  "(HTML, PDF) or a Backstage catalog"));
    m_mapActions << exportAction;
    file->addSeparator();
    QAction* close = file->addAction(tr("&Close Map"), this, [this] {
        m_inspector->commitPending();
        setProject(nullptr);
    });
    close->setShortcuts({QKeySequence(QKeySequence::Close), QKeySequence(Qt::CTRL | Qt::Key_W)});
    m_mapActions << close;
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    m_undo = edit->addAction(themedIcon(QStringLiteral("edit-undo")), tr("&Undo"), this, &MainWindow::undo);
    m_undo->setObjectName(QStringLiteral("undoAction"));
    m_undo->setShortcut(QKeySequence::Undo);
    m_redo = edit->addAction(themedIcon(QStringLiteral("edit-redo")), tr("&Redo"), this, &MainWindow::redo);
    m_redo->setObjectName(QStringLiteral("redoAction"));
    m_redo->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    edit->addSeparator();
    QAction* addSystem =
        edit->addAction(themedIcon(QStringLiteral("list-add")), tr("Add &System"), this, [this] {
            if (m_workspace) {
                m_workspace->showKind(EntityKind::System);
                m_workspace->systemsPage()->addSystem();
            }
        });
    addSystem->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    QAction* find = edit->addAction(tr("&Find Systems"), this, [this] {
        if (!m_workspace)
            return;
        if (m_workspace->currentWidget() == m_workspace->mapView()) {
            m_workspace->mapView()->focusSearch();
            return;
        }
        m_workspace->showKind(EntityKind::System);
        m_workspace->systemsPage()->filterEdit()->setFocus();
        m_workspace->systemsPage()->filterEdit()->selectAll();
    });
    find->setShortcut(QKeySequence::Find);
    find->setStatusTip(tr("Find systems: on the map when it is shown, otherwise in the systems table"));
    m_mapActions << addSystem << find;

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* showMap = view->addAction(tr("&Map"), this, [this] {
        if (m_workspace)
            m_workspace->setCurrentWidget(m_workspace->mapView());
    });
    showMap->setObjectName(QStringLiteral("showMapAction"));
    showMap->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    QAction* roadmap = view->addAction(tr("&Roadmap"), this, [this] {
        if (m_workspace)
            m_workspace->showRoadmap();
    });
    roadmap->setObjectName(QStringLiteral("showRoadmapAction"));
    roadmap->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    QAction* records = view->addAction(tr("&Decision Records"), this, [this] {
        if (m_workspace)
            m_workspace->showDecisionRecords();
    });
    records->setObjectName(QStringLiteral("showDecisionRecordsAction"));
    records->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    m_mapActions << showMap << roadmap << records;
    view->addSeparator();
    QAction* inspectorToggle = m_inspectorDock->toggleViewAction();
    inspectorToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    view->addAction(inspectorToggle);
    view->addSeparator();
    int number = 1;
    for (EntityKind kind : {EntityKind::System, EntityKind::Dependency, EntityKind::Area,
                            EntityKind::Initiative, EntityKind::Risk, EntityKind::Decision,
                            EntityKind::Symptom, EntityKind::Migration, EntityKind::Import}) {
        QAction* show = view->addAction(entityTitle(kind), this, [this, kind] {
            if (m_workspace)
                m_workspace->showKind(kind);
        });
        show->setShortcut(QKeySequence(QStringLiteral("Ctrl+%1").arg(number++)));
        m_mapActions << show;
    }
    QAction* riskMatrix = view->addAction(tr("Risk &Matrix"), this, [this] {
        if (m_workspace)
            m_workspace->showRiskMatrix();
    });
    riskMatrix->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    riskMatrix->setObjectName(QStringLiteral("showRiskMatrixAction"));
    m_mapActions << riskMatrix;
    QAction* checklist = view->addAction(tr("Symptoms &Checklist"), this, [this] {
        if (m_workspace)
            m_workspace->showSymptomsChecklist();
    });
    checklist->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    checklist->setObjectName(QStringLiteral("showChecklistAction"));
    m_mapActions << checklist;
    QAction* tracks = view->addAction(tr("Strangler &Tracks"), this, [this] {
        if (m_workspace)
            m_workspace->showMigrations();
    });
    tracks->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    m_mapActions << tracks;
    QAction* workshop = view->addAction(tr("&Workshop Mode"), this, [this] {
        if (!m_project)
            return;
        auto* w = new WorkshopMode(*m_project, this); // a window of its own, full screen
        w->setAttribute(Qt::WA_DeleteOnClose);
        connect(w, &WorkshopMode::message, this, &MainWindow::showMessage);
        connect(w, &WorkshopMode::errorOccurred, this,
                [this](const QString& m) { showError(tr("Workshop"), m); });
        w->start();
    });
    workshop->setShortcut(QKeySequence(Qt::Key_F5));
    workshop->setObjectName(QStringLiteral("workshopAction"));
    m_mapActions << workshop;
    view->addSeparator();
    // Text size for the room: Ctrl+Alt, as Ctrl+plus/minus/0 zoom the map when it has the focus.
    QAction* larger = view->addAction(tr("&Larger Text"), this, [this] { changeTextSize(1); });
    larger->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_Plus), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_Equal)});
    QAction* smaller = view->addAction(tr("&Smaller Text"), this, [this] { changeTextSize(-1); });
    smaller->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_Minus));
    QAction* reset = view->addAction(tr("&Reset Text Size"), this, [this] { changeTextSize(0); });
    reset->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_0));
    QMenu* themeMenu = view->addMenu(tr("&Theme"));
    auto* themes = new QActionGroup(this);
    for (Theme t : {Theme::System, Theme::Light, Theme::Dark}) {
        QAction* a = themeMenu->addAction(themeTitle(t), this, [t] {
            applyTheme(t);
            QSettings().setValue(kThemeKey, themeKey(t));
        });
        a->setObjectName(QStringLiteral("theme_") + themeKey(t));
        a->setCheckable(true);
        a->setChecked(currentTheme() == t);
        themes->addAction(a);
    }

    QMenu* analysisMenu = menuBar()->addMenu(tr("&Analysis"));
    auto* analysisDock = findChild<QDockWidget*>(QStringLiteral("analysisDock"));
    auto* analysis = findChild<AnalysisPanel*>();
    QAction* findings = analysisDock->toggleViewAction();
    findings->setText(tr("&Findings"));
    findings->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    analysisMenu->addAction(findings);
    QAction* blast =
        analysisMenu->addAction(tr("&Blast Radius of Selected System"), this, [this, analysisDock, analysis] {
            if (!m_inspector->systemId()) {
                showMessage(tr("Select a system first: the blast radius is everything that depends on it"));
                return;
            }
            analysisDock->show();
            analysis->showBlastRadius(m_inspector->systemId());
        });
    blast->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    QAction* parity = analysisMenu->addAction(tr("Environment &Parity…"), this, [this] {
        if (!m_project)
            return;
        auto* dialog = findChild<ParityDialog*>();
        if (!dialog) {
            dialog = new ParityDialog(*m_project, this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            connect(dialog, &ParityDialog::systemActivated, this,
                    [this](Id id) { selectInWorkspace(m_workspace, m_inspector, id); });
        }
        dialog->show();
        dialog->raise();
        dialog->activateWindow();
    });
    analysisMenu->addSeparator();
    QAction* reanalyse = analysisMenu->addAction(tr("&Analyse Again"), analysis, &AnalysisPanel::refresh);
    m_mapActions << blast << parity << reanalyse;

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* guide = m_guideDock->toggleViewAction();
    guide->setText(tr("&Guided Path"));
    guide->setShortcut(QKeySequence::HelpContents);
    help->addAction(guide);
    QAction* keys = help->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts);
    keys->setObjectName(QStringLiteral("shortcutsAction"));
    keys->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    help->addSeparator();
    help->addAction(tr("&About Terrain"), this, [this] {
        QMessageBox::about(
            this, tr("About Terrain"),
            tr("<h3>Terrain %1</h3><p>Map the infrastructure you actually run, annotate its risks "
               "and improvement areas, rank the work and record the decisions.</p>"
               "<p>Every edit is saved to the map file as you make it.</p>")
                .arg(QStringLiteral(TERRAIN_VERSION)));
    });

    m_guide->setAction(QStringLiteral("map"), showMap);
    m_guide->setAction(QStringLiteral("symptoms"), checklist);
    m_guide->setAction(QStringLiteral("risks"), riskMatrix);
    m_guide->setAction(QStringLiteral("rank"), roadmap);
    m_guide->setAction(QStringLiteral("decide"), records);
    m_guide->setAction(QStringLiteral("export"), exportAction);
}

void MainWindow::showShortcuts() {
    const QList<ShortcutSection> extra = {{tr("Risk Matrix"), RiskMatrixView::keyHelp()},
                                          {tr("Workshop Mode"), WorkshopMode::keyHelp()}};
    auto* dialog = new ShortcutsDialog(shortcutSections(this, extra), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::showGuidedPath() {
    m_guideDock->show();
    m_guideDock->raise();
}

void MainWindow::importIntoNewMap(QStringList sources, QString mapPath) {
    if (sources.isEmpty()) {
        sources = QFileDialog::getOpenFileNames(this, tr("Import Files"), startFolder());
        if (sources.isEmpty())
            return;
    }
    if (mapPath.isEmpty()) {
        // Offer a map named after what is imported: the folder, or the first file's folder.
        const QFileInfo first(sources.first());
        const QString base = first.isDir() ? first.fileName() : first.absoluteDir().dirName();
        QSettings().setValue(kLastFolderKey, first.isDir() ? first.absoluteFilePath() : first.absolutePath());
        mapPath = QFileDialog::getSaveFileName(this, tr("New Map for the Imported Files"),
                                               startFolder() + QLatin1Char('/') +
                                                   (base.isEmpty() ? QStringLiteral("map") : base) +
                                                   QStringLiteral(".terrain"),
                                               tr("Terrain maps (*.terrain)"));
        if (mapPath.isEmpty())
            return;
    }
    if (newFile(withSuffix(mapPath)))
        importSources(sources);
}

void MainWindow::createWelcomePage() {
    m_welcome = new WelcomePage;
    connect(m_welcome, &WelcomePage::newRequested, this, &MainWindow::newMap);
    connect(m_welcome, &WelcomePage::openRequested, this, &MainWindow::openMap);
    connect(m_welcome, &WelcomePage::demoRequested, this, &MainWindow::openDemoMap);
    connect(m_welcome, &WelcomePage::importRequested, this, [this] { importIntoNewMap(); });
    connect(m_welcome, &WelcomePage::guidedTourRequested, this, [this] {
        m_guide->startOver();
        openDemoMap();
        if (m_project)
            showGuidedPath();
    });
    connect(m_welcome, &WelcomePage::recentActivated, this, [this](const QString& path) { openFile(path); });
    m_stack->addWidget(m_welcome);
}

void MainWindow::setProject(std::unique_ptr<Project> project) {
    m_inspector->setProject(nullptr);
    m_guide->setProject(nullptr);
    findChild<AnalysisPanel*>()->setProject(nullptr);
    delete findChild<ParityDialog*>(); // it shows the map that goes
    if (m_workspace) {
        m_stack->removeWidget(m_workspace);
        delete m_workspace; // before the project it shows
        m_workspace = nullptr;
    }
    m_project = std::move(project);
    if (m_project) {
        m_workspace = new MapWorkspace(*m_project);
        // Edit ▸ Find Systems (Ctrl+F) searches the map when it is shown: the map's own Ctrl+F would make
        // the key ambiguous, and Qt triggers neither.
        m_workspace->mapView()->findAction()->setShortcut(QKeySequence());
        m_stack->addWidget(m_workspace);
        m_stack->setCurrentWidget(m_workspace);
        m_workspace->systemsPage()->view()->setFocus();
        m_inspector->setProject(m_project.get());
        connect(m_workspace, &MapWorkspace::currentSystemChanged, m_inspector, &SystemInspector::setSystem);
        m_inspector->setSystem(m_workspace->systemsPage()->currentSystemId());
        connect(m_workspace, &MapWorkspace::editSystemRequested, this, [this](Id id) {
            m_inspector->setSystem(id);
            m_inspectorDock->show();
            if (auto* name = m_inspector->findChild<QLineEdit*>(QStringLiteral("nameEdit"))) {
                name->setFocus();
                name->selectAll();
            }
        });
        connect(m_workspace, &MapWorkspace::errorOccurred, this,
                [this](const QString& m) { showError(tr("The edit was not made"), m); });
        connect(m_workspace, &MapWorkspace::message, this, &MainWindow::showMessage);
        connect(m_project.get(), &Project::historyChanged, this, &MainWindow::updateHistoryActions);
        connect(m_project.get(), &Project::historyChanged, this, &MainWindow::showSaved);
        m_savedLabel->setText(tr("Every edit is saved as you make it"));
    } else {
        fillWelcomeRecent();
        m_stack->setCurrentWidget(m_welcome);
        m_savedLabel->clear();
    }
    m_inspectorDock->setVisible(m_project != nullptr);
    if (m_sizeDocks && m_project && isVisible()) {
        m_sizeDocks = false;
        resizeDocks({m_inspectorDock}, {m_inspector->sizeHint().width()}, Qt::Horizontal);
    }
    findChild<AnalysisPanel*>()->setProject(m_project.get());
    m_guide->setProject(m_project.get());
    for (QAction* a : m_mapActions)
        a->setEnabled(m_project != nullptr);
    updateHistoryActions();
    updateTitle();
}

void MainWindow::updateTitle() {
    if (!m_project) {
        setWindowTitle(tr("Terrain"));
        setWindowFilePath(QString());
        m_fileLabel->clear();
        m_fileLabel->setToolTip(QString());
        return;
    }
    const QString path = QString::fromStdString(m_project->path());
    const QFileInfo info(path);
    setWindowFilePath(info.absoluteFilePath());
    setWindowTitle(tr("%1 — Terrain").arg(info.fileName()));
    m_fileLabel->setText(info.fileName());
    m_fileLabel->setToolTip(QDir::toNativeSeparators(info.absoluteFilePath()));
}

void MainWindow::updateHistoryActions() {
    const bool canUndo = m_project && m_project->canUndo();
    const bool canRedo = m_project && m_project->canRedo();
    m_undo->setEnabled(canUndo);
    m_redo->setEnabled(canRedo);
    m_undo->setText(canUndo ? tr("&Undo %1").arg(m_project->undoText()) : tr("&Undo"));
    m_redo->setText(canRedo ? tr("&Redo %1").arg(m_project->redoText()) : tr("&Redo"));
}

void MainWindow::showSaved() {
    m_savedLabel->setText(tr("All changes saved"));
    m_savedLabel->setToolTip(tr("Last edit saved at %1").arg(QTime::currentTime().toString(Qt::ISODate)));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    // A dropped map opens; dropped sources go to the import dialog.
    QStringList sources;
    for (const QUrl& url : event->mimeData()->urls()) {
        const QString path = url.toLocalFile();
        if (path.isEmpty())
            continue;
        if (path.endsWith(QStringLiteral(".terrain"))) {
            openFile(path);
            event->acceptProposedAction();
            return;
        }
        sources << path;
    }
    if (sources.isEmpty())
        return;
    event->acceptProposedAction();
    if (m_project)
        importSources(sources);
    else
        importIntoNewMap(sources); // from the welcome page: a new map for them
}

ImportDialog* MainWindow::importSources(const QStringList& paths) {
    if (!m_project)
        return nullptr;
    m_inspector->commitPending();
    auto* dialog = new ImportDialog(*m_project, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSources(paths);
    connect(dialog, &ImportDialog::imported, this, &MainWindow::showMessage);
    dialog->open();
    return dialog;
}

void MainWindow::showMessage(const QString& message) {
    statusBar()->showMessage(message, 6000);
}

void MainWindow::showError(const QString& title, const QString& message) {
    emit errorShown(message);
    statusBar()->showMessage(message, 10000);
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    box->open(); // not exec(): no nested event loop in the middle of an edit
}

void MainWindow::undo() {
    if (!m_project)
        return;
    m_inspector->commitPending();
    try {
        m_project->undo();
        showMessage(tr("Undone"));
    } catch (const std::exception& e) {
        showError(tr("Could not undo"), QString::fromStdString(e.what()));
    }
}

void MainWindow::redo() {
    if (!m_project)
        return;
    m_inspector->commitPending();
    try {
        m_project->redo();
        showMessage(tr("Redone"));
    } catch (const std::exception& e) {
        showError(tr("Could not redo"), QString::fromStdString(e.what()));
    }
}

bool MainWindow::openFile(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (m_project && QFileInfo(QString::fromStdString(m_project->path())).absoluteFilePath() == absolute)
        return true;
    m_inspector->commitPending();
    try {
        auto project = Project::open(QFile::encodeName(absolute).toStdString());
        setProject(std::move(project));
    } catch (const std::exception& e) {
        showError(tr("Could not open the map"), QString::fromStdString(e.what()));
        return false;
    }
    addRecentFile(absolute);
    showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(absolute)));
    return true;
}

bool MainWindow::newFile(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (m_project && QFileInfo(QString::fromStdString(m_project->path())).absoluteFilePath() == absolute) {
        showError(
            tr("Could not create the map"),
            tr("%1 is the map that is open; choose another name.").arg(QDir::toNativeSeparators(absolute)));
        return false;
    }
    m_inspector->commitPending();
    if (QFileInfo::exists(absolute)) {
        // The file dialog asked whether to replace it: keep the old file in the trash, not gone.
        if (!QFile::moveToTrash(absolute)) {
            showError(
                tr("Could not create the map"),
                tr("%1 exists and could not be moved to the trash.").arg(QDir::toNativeSeparators(absolute)));
            return false;
        }
    }
    // A write-ahead log left beside an old file of the same name would be replayed into the new one.
    for (const char* suffix : {"-wal", "-shm", "-journal"})
        QFile::remove(absolute + QLatin1String(suffix));
    try {
        auto project = Project::create(QFile::encodeName(absolute).toStdString());
        seedCatalog(*project);
        setProject(std::move(project));
    } catch (const std::exception& e) {
        showError(tr("Could not create the map"), QString::fromStdString(e.what()));
        return false;
    }
    addRecentFile(absolute);
    showMessage(tr("Created %1").arg(QDir::toNativeSeparators(absolute)));
    return true;
}

bool MainWindow::createDemo(const QString& path) {
    m_inspector->commitPending();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    try {
        auto project = Project::create(QFile::encodeName(absolute).toStdString());
        seedCatalog(*project);
        populateDemo(*project);
        setProject(std::move(project));
    } catch (const std::exception& e) {
        showError(tr("Could not create the demo map"), QString::fromStdString(e.what()));
        return false;
    }
    addRecentFile(absolute);
    showMessage(tr("Demo map created in %1").arg(QDir::toNativeSeparators(absolute)));
    return true;
}

QString MainWindow::demoFolder() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo-maps");
}

QString MainWindow::startFolder() const {
    const QString last = QSettings().value(kLastFolderKey).toString();
    if (!last.isEmpty() && QFileInfo(last).isDir())
        return last;
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

void MainWindow::newMap() {
    QString path = QFileDialog::getSaveFileName(
        this, tr("New Map"), startFolder() + QStringLiteral("/map.terrain"), tr("Terrain maps (*.terrain)"));
    if (path.isEmpty())
        return;
    path = withSuffix(path);
    QSettings().setValue(kLastFolderKey, QFileInfo(path).absolutePath());
    newFile(path);
}

void MainWindow::openMap() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Map"), startFolder(),
                                                      tr("Terrain maps (*.terrain);;All files (*)"));
    if (path.isEmpty())
        return;
    QSettings().setValue(kLastFolderKey, QFileInfo(path).absolutePath());
    openFile(path);
}

void MainWindow::openDemoMap() {
    const QString folder = demoFolder();
    if (!QDir().mkpath(folder)) {
        showError(tr("Could not create the demo map"),
                  tr("The folder %1 could not be created.").arg(QDir::toNativeSeparators(folder)));
        return;
    }
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH.mm.ss"));
    QString path = folder + QStringLiteral("/Demo map %1.terrain").arg(stamp);
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = folder + QStringLiteral("/Demo map %1 (%2).terrain").arg(stamp).arg(n);
    createDemo(path);
}

QStringList MainWindow::recentFiles() {
    QStringList files;
    for (const QString& f : QSettings().value(kRecentKey).toStringList())
        if (QFileInfo::exists(f) && !files.contains(f))
            files << f;
    return files.mid(0, kMaxRecentFiles);
}

void MainWindow::addRecentFile(const QString& path) {
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    QSettings().setValue(kRecentKey, files.mid(0, kMaxRecentFiles));
}

void MainWindow::fillRecentMenu() {
    m_recentMenu->clear();
    const QStringList files = recentFiles();
    QSettings().setValue(kRecentKey, files); // drops files that are gone
    for (const QString& f : files) {
        QAction* a = m_recentMenu->addAction(QFileInfo(f).fileName(), this, [this, f] { openFile(f); });
        a->setToolTip(QDir::toNativeSeparators(f));
        a->setStatusTip(QDir::toNativeSeparators(f));
    }
    if (files.isEmpty())
        m_recentMenu->addAction(tr("No recent maps"))->setEnabled(false);
    else {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear List"), this, [] { QSettings().remove(kRecentKey); });
    }
}

void MainWindow::fillWelcomeRecent() {
    m_welcome->setRecentFiles(recentFiles());
}

void MainWindow::changeTextSize(int steps) {
    m_textSteps = steps == 0 ? 0 : std::clamp(m_textSteps + steps, -3, 10);
    QSettings().setValue(kTextStepsKey, m_textSteps);
    applyTextSize();
}

void MainWindow::applyTextSize() {
    QFont f = m_baseFont;
    if (f.pointSizeF() > 0)
        f.setPointSizeF(m_baseFont.pointSizeF() * (1.0 + 0.125 * m_textSteps));
    else
        f.setPixelSize(static_cast<int>(m_baseFont.pixelSize() * (1.0 + 0.125 * m_textSteps)));
    QApplication::setFont(f);
    if (m_textSteps != 0)
        showMessage(tr("Text size %1 %").arg(100 + 12.5 * m_textSteps));
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    // First run: the inspector as wide as its fields need (later runs restore what the user chose).
    if (m_sizeDocks && m_project) {
        m_sizeDocks = false;
        resizeDocks({m_inspectorDock}, {m_inspector->sizeHint().width()}, Qt::Horizontal);
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    m_inspector->commitPending();
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    event->accept();
}

} // namespace terrain
