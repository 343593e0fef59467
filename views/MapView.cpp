#include "MapView.h"

#include "AddDependencyDialog.h"
#include "GraphLayout.h"
#include "Icons.h"
#include "MapImageExport.h"
#include "MapItems.h"
#include "Project.h"

#include <QAction>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMouseEvent>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace terrain {

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

} // namespace

// ---- the canvas ----

MapCanvas::MapCanvas(QGraphicsScene* scene, QWidget* parent)
    : QGraphicsView(scene, parent) {
    setObjectName(QStringLiteral("mapCanvas"));
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(QGraphicsView::RubberBandDrag);
    setRubberBandSelectionMode(Qt::IntersectsItemShape);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setOptimizationFlags(QGraphicsView::DontAdjustForAntialiasing);
    setBackgroundBrush(QColor(0xfb, 0xfb, 0xfc));
    setFrameShape(QFrame::NoFrame);
}

void MapCanvas::zoomBy(double factor, const QPoint& anchor) {
    const double z = zoom();
    factor = std::clamp(z * factor, 0.01, 4.0) / z;
    if (anchor.x() < 0) {
        const auto old = transformationAnchor();
        setTransformationAnchor(QGraphicsView::AnchorViewCenter);
        scale(factor, factor);
        setTransformationAnchor(old);
    } else {
        scale(factor, factor);
    }
}

void MapCanvas::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    zoomBy(std::pow(1.2, steps), event->position().toPoint());
    event->accept();
}

void MapCanvas::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::MiddleButton) {
        m_panning = true;
        m_panFrom = event->pos();
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void MapCanvas::mouseMoveEvent(QMouseEvent* event) {
    if (m_panning) {
        const QPoint d = event->pos() - m_panFrom;
        m_panFrom = event->pos();
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - d.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - d.y());
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void MapCanvas::mouseReleaseEvent(QMouseEvent* event) {
    if (m_panning && event->button() == Qt::MiddleButton) {
        m_panning = false;
        viewport()->unsetCursor();
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void MapCanvas::mouseDoubleClickEvent(QMouseEvent* event) {
    for (QGraphicsItem* i : items(event->pos()))
        if (i->type() == MapNodeItem::Type) {
            emit systemDoubleClicked(static_cast<MapNodeItem*>(i)->id());
            event->accept();
            return;
        }
    QGraphicsView::mouseDoubleClickEvent(event);
}

void MapCanvas::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    emit resized();
}

// ---- the view ----

MapView::MapView(Project& project, QWidget* parent)
    : QWidget(parent)
    , m_project(project)
    , m_scene(new MapScene(project, this))
    , m_canvas(new MapCanvas(m_scene))
    , m_job(new layout::LayoutJob(this)) {
    setObjectName(QStringLiteral("mapView"));
    setAccessibleName(tr("Map"));
    auto* box = new QVBoxLayout(this);
    box->setContentsMargins(0, 0, 0, 0);
    box->setSpacing(0);
    buildToolBar();
    buildFilterBar();
    box->addWidget(m_toolBar);
    box->addWidget(m_filterBar);
    buildOverlays();
    // the legend beside the map, so that it never hides a system
    auto* middle = new QHBoxLayout;
    middle->setContentsMargins(0, 0, 0, 0);
    middle->setSpacing(0);
    middle->addWidget(m_canvas, 1);
    middle->addWidget(m_legend);
    box->addLayout(middle, 1);

    connect(m_scene, &QGraphicsScene::selectionChanged, this, &MapView::onSelectionChanged);
    connect(m_scene, &MapScene::contentChanged, this, [this] {
        refreshLegend();
        refreshFilterBoxes();
        refreshStatus();
    });
    connect(m_scene, &MapScene::errorOccurred, this, &MapView::errorOccurred);
    connect(m_scene, &MapScene::needsLayout, this, [this] {
        if (!isLayoutRunning())
            relayout(false, false);
    });
    connect(m_canvas, &MapCanvas::systemDoubleClicked, this, &MapView::editSystemRequested);
    connect(m_canvas, &MapCanvas::resized, this, &MapView::placeOverlays);
    m_canvas->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_canvas, &QWidget::customContextMenuRequested, this, &MapView::contextMenu);

    connect(m_job, &layout::LayoutJob::progress, this, [this](const QString& phase) {
        m_progressPhase = phase;
        m_progressTimer->start();
        updateProgressLabel();
    });
    connect(m_job, &layout::LayoutJob::finished, this, &MapView::onLayoutFinished);
    connect(m_job, &layout::LayoutJob::failed, this, [this](const QString& error) {
        m_progress->hide();
        m_progressTimer->stop();
        m_relayout->setEnabled(true);
        emit errorOccurred(tr("The layout failed: %1").arg(error));
        emit layoutEnded(false);
    });
    connect(m_job, &layout::LayoutJob::canceled, this, [this] {
        m_progress->hide();
        m_progressTimer->stop();
        m_relayout->setEnabled(true);
        emit message(tr("Layout cancelled; the map keeps its positions"));
        emit layoutEnded(false);
    });

    refreshLegend();
    refreshFilterBoxes();
    refreshStatus();
    // A map that was never laid out is laid out once; one with positions shows at once.
    if (!m_scene->nodes().empty() && m_scene->unplacedSystems().size() == m_scene->nodes().size())
        relayout(false, false);
    QTimer::singleShot(0, this, &MapView::fitAll);
}

MapView::~MapView() {
    // the scene's items refer to the scene; the job's child is killed by the job
    m_scene->disconnect(this);
}

void MapView::focusSearch() {
    m_search->setFocus();
    m_search->selectAll();
}

void MapView::buildToolBar() {
    m_toolBar = new QToolBar(tr("Map"));
    m_toolBar->setObjectName(QStringLiteral("mapToolBar"));
    m_toolBar->setIconSize(QSize(18, 18));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);

    QAction* fit = m_toolBar->addAction(tr("Fit"), this, &MapView::fitAll);
    fit->setToolTip(tr("Show the whole map (Ctrl+0)"));
    fit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    fit->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(fit);
    auto* zoomIn = new QAction(tr("Zoom in"), this);
    zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    zoomIn->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(zoomIn, &QAction::triggered, this, [this] { m_canvas->zoomBy(1.25); });
    addAction(zoomIn);
    auto* zoomOut = new QAction(tr("Zoom out"), this);
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    zoomOut->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(zoomOut, &QAction::triggered, this, [this] { m_canvas->zoomBy(0.8); });
    addAction(zoomOut);
    m_toolBar->addSeparator();

    m_toolBar->addWidget(new QLabel(tr(" Colour ")));
    m_colorBy = new QComboBox;
    m_colorBy->setObjectName(QStringLiteral("mapColorBy"));
    m_colorBy->setAccessibleName(tr("Colour systems by"));
    for (auto c : {MapScene::ColorBy::Kind, MapScene::ColorBy::Risk, MapScene::ColorBy::Lifecycle,
                   MapScene::ColorBy::Criticality, MapScene::ColorBy::Environment, MapScene::ColorBy::Owner,
                   MapScene::ColorBy::Area, MapScene::ColorBy::Iac})
        m_colorBy->addItem(MapScene::colorByName(c), static_cast<int>(c));
    connect(m_colorBy, &QComboBox::currentIndexChanged, this, [this] {
        m_scene->setColorBy(static_cast<MapScene::ColorBy>(m_colorBy->currentData().toInt()));
    });
    m_toolBar->addWidget(m_colorBy);

    m_toolBar->addWidget(new QLabel(tr("  Groups ")));
    m_groupBy = new QComboBox;
    m_groupBy->setObjectName(QStringLiteral("mapGroupBy"));
    m_groupBy->setAccessibleName(tr("Group systems by"));
    for (auto g : {MapScene::GroupBy::None, MapScene::GroupBy::Environment, MapScene::GroupBy::Group,
                   MapScene::GroupBy::Provider, MapScene::GroupBy::Owner, MapScene::GroupBy::Area})
        m_groupBy->addItem(MapScene::groupByName(g), static_cast<int>(g));
    connect(m_groupBy, &QComboBox::currentIndexChanged, this, [this] {
        m_scene->setGroupBy(static_cast<MapScene::GroupBy>(m_groupBy->currentData().toInt()));
    });
    m_toolBar->addWidget(m_groupBy);
    auto* groupsButton = new QToolButton;
    groupsButton->setText(tr("Open/close"));
    groupsButton->setPopupMode(QToolButton::InstantPopup);
    auto* groupsMenu = new QMenu(groupsButton);
    groupsButton->setMenu(groupsMenu);
    connect(groupsMenu, &QMenu::aboutToShow, this, [this, groupsMenu] {
        groupsMenu->clear();
        groupsMenu->addAction(tr("Close all groups"), this, [this] { m_scene->collapseAllGroups(true); });
        groupsMenu->addAction(tr("Open all groups"), this, [this] { m_scene->collapseAllGroups(false); });
        groupsMenu->addSeparator();
        for (const auto& [key, count] : m_scene->groups()) {
            QAction* a = groupsMenu->addAction(QStringLiteral("%1 (%2)").arg(key).arg(count));
            a->setCheckable(true);
            a->setChecked(m_scene->isGroupCollapsed(key));
            connect(a, &QAction::toggled, this,
                    [this, group = key](bool on) { m_scene->setGroupCollapsed(group, on); });
        }
    });
    m_toolBar->addWidget(groupsButton);
    m_toolBar->addSeparator();

    m_filterToggle = m_toolBar->addAction(tr("Filter"));
    m_filterToggle->setCheckable(true);
    m_filterToggle->setToolTip(tr("Show only some kinds, environments, owners, sources, tags or areas"));
    connect(m_filterToggle, &QAction::toggled, this, [this](bool on) {
        m_filterBar->setVisible(on);
        if (!on)
            setFilter({});
    });

    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("mapSearch"));
    m_search->setAccessibleName(tr("Find a system on the map"));
    m_search->setPlaceholderText(tr("Find a system (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(240);
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        if (!m_search->text().trimmed().isEmpty() && !findNext(m_search->text().trimmed()))
            emit message(tr("No shown system matches \"%1\"").arg(m_search->text().trimmed()));
    });
    m_toolBar->addWidget(m_search);
    m_findAction = new QAction(tr("Find"), this);
    m_findAction->setShortcut(QKeySequence::Find);
    m_findAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_findAction, &QAction::triggered, this, &MapView::focusSearch);
    addAction(m_findAction);
    m_toolBar->addSeparator();

    QAction* focus = m_toolBar->addAction(tr("Focus"));
    focus->setToolTip(tr("Show only the selected system and what is within this many steps of it"));
    connect(focus, &QAction::triggered, this, [this] {
        if (!focusOnCurrent(m_focusSteps->value()))
            emit message(tr("Select a system to focus on"));
    });
    m_focusSteps = new QSpinBox;
    m_focusSteps->setAccessibleName(tr("Focus depth: steps from the selected system"));
    m_focusSteps->setRange(1, 9);
    m_focusSteps->setValue(2);
    m_focusSteps->setSuffix(tr(" steps"));
    m_toolBar->addWidget(m_focusSteps);
    m_showAll = m_toolBar->addAction(tr("Show all"), this, &MapView::showAll);
    m_showAll->setEnabled(false);
    m_toolBar->addSeparator();

    QAction* exportAction = m_toolBar->addAction(tr("Export…"), this, [this] {
        QString chosenFilter;
        const QString base = QFileInfo(QString::fromStdString(m_project.path())).completeBaseName();
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export the map view"), base + QStringLiteral("-map.svg"),
            tr("SVG picture (*.svg);;PNG image (*.png);;PDF document (*.pdf)"), &chosenFilter);
        if (path.isEmpty())
            return;
        MapImageFormat format;
        QString target = path;
        if (!mapImageFormatFor(target, &format)) // no or another extension: the chosen type's
            target += chosenFilter.contains(QLatin1String("png"))   ? QStringLiteral(".png")
                      : chosenFilter.contains(QLatin1String("pdf")) ? QStringLiteral(".pdf")
                                                                    : QStringLiteral(".svg");
        exportView(target);
    });
    exportAction->setObjectName(QStringLiteral("mapExportAction"));
    exportAction->setToolTip(
        tr("Export what the map shows, with its filters, focus and closed groups, as SVG, "
           "PNG or PDF (Ctrl+Shift+E)"));
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    exportAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(exportAction);

    QAction* add = m_toolBar->addAction(themedIcon(QStringLiteral("list-add")), tr("Add"), this, [this] {
        const Id id = addSystem(m_canvas->mapToScene(m_canvas->viewport()->rect().center()));
        if (id)
            emit editSystemRequested(id);
    });
    add->setToolTip(tr("Add a system by hand in the middle of the view"));
    m_connect = m_toolBar->addAction(tr("Connect"), this, [this] { connectSelected(); });
    m_connect->setToolTip(tr("The first selected system depends on the second"));
    m_delete = m_toolBar->addAction(tr("Delete"), this, &MapView::deleteSelected);
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_delete);
    m_group = m_toolBar->addAction(tr("Group…"), this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(
            this, tr("Group systems"), tr("Group (module, namespace, project) of the selected systems:"),
            QLineEdit::Normal, QString(), &ok);
        if (ok)
            groupSelected(name.trimmed());
    });
    m_toolBar->addSeparator();

    auto* layoutButton = new QToolButton;
    layoutButton->setObjectName(QStringLiteral("mapRelayout"));
    m_relayout = new QAction(tr("Re-layout"), this);
    m_relayout->setToolTip(tr("Lay the map out again; systems you placed by hand stay"));
    connect(m_relayout, &QAction::triggered, this, [this] { relayout(false); });
    layoutButton->setDefaultAction(m_relayout);
    layoutButton->setPopupMode(QToolButton::MenuButtonPopup);
    auto* layoutMenu = new QMenu(layoutButton);
    layoutMenu->addAction(tr("Re-layout, keeping systems placed by hand"), this, [this] { relayout(false); });
    layoutMenu->addAction(tr("Re-layout everything"), this, [this] { relayout(true); });
    layoutButton->setMenu(layoutMenu);
    m_toolBar->addWidget(layoutButton);

    auto* spacer = new QWidget;
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_toolBar->addWidget(spacer);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("mapStatus"));
    m_toolBar->addWidget(m_status);
}

void MapView::buildFilterBar() {
    m_filterBar = new QWidget;
    m_filterBar->setObjectName(QStringLiteral("mapFilterBar"));
    auto* row = new QHBoxLayout(m_filterBar);
    row->setContentsMargins(6, 2, 6, 2);
    auto combo = [&](const QString& label, const char* name) {
        row->addWidget(new QLabel(label));
        auto* c = new QComboBox;
        c->setObjectName(QLatin1String(name));
        c->setMinimumContentsLength(10);
        c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        connect(c, &QComboBox::activated, this, &MapView::applyFilterBoxes);
        row->addWidget(c);
        return c;
    };
    m_filterKind = combo(tr("Kind"), "filterKind");
    m_filterEnv = combo(tr("Environment"), "filterEnvironment");
    m_filterOwner = combo(tr("Owner"), "filterOwner");
    m_filterSource = combo(tr("Source"), "filterSource");
    m_filterTag = combo(tr("Tag"), "filterTag");
    m_filterArea = combo(tr("Area"), "filterArea");
    auto* clear = new QPushButton(tr("Clear"));
    connect(clear, &QPushButton::clicked, this, [this] { setFilter({}); });
    row->addWidget(clear);
    row->addStretch(1);
    m_filterBar->hide();
}

void MapView::buildOverlays() {
    auto frame = [this](const char* name) {
        auto* f = new QFrame(m_canvas);
        f->setObjectName(QLatin1String(name));
        f->setFrameShape(QFrame::StyledPanel);
        f->setAutoFillBackground(true);
        // On the map's paper-white canvas in every theme: dark text on white, also under a dark palette.
        QPalette pal = f->palette();
        pal.setColor(QPalette::Window, QColor(255, 255, 255, 235));
        pal.setColor(QPalette::WindowText, QColor(0x1c, 0x1c, 0x1c));
        f->setPalette(pal);
        return f;
    };
    m_legend = new QFrame;
    m_legend->setObjectName(QStringLiteral("mapLegend"));
    m_legend->setFrameShape(QFrame::NoFrame);
    m_legend->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
    m_legend->setMaximumWidth(260);
    m_legendLayout = new QVBoxLayout(m_legend);
    m_legendLayout->setContentsMargins(10, 8, 10, 8);
    m_legendLayout->setSpacing(2);
    m_legendLayout->setAlignment(Qt::AlignTop);

    m_progress = frame("mapLayoutProgress");
    auto* pl = new QHBoxLayout(m_progress);
    m_progressLabel = new QLabel;
    auto* bar = new QProgressBar;
    bar->setRange(0, 0); // Graphviz does not tell how far it is
    bar->setMaximumWidth(120);
    auto* cancel = new QPushButton(tr("Cancel"));
    cancel->setObjectName(QStringLiteral("mapLayoutCancel"));
    connect(cancel, &QPushButton::clicked, this, &MapView::cancelLayout);
    pl->addWidget(m_progressLabel);
    pl->addWidget(bar);
    pl->addWidget(cancel);
    m_progress->hide();
    m_progressTimer = new QTimer(this);
    m_progressTimer->setInterval(200);
    connect(m_progressTimer, &QTimer::timeout, this, &MapView::updateProgressLabel);

    m_groupHint = frame("mapGroupHint");
    auto* hl = new QHBoxLayout(m_groupHint);
    hl->addWidget(new QLabel(tr("The groups overlap in this layout.")));
    auto* byGroups = new QPushButton(tr("Re-layout by groups"));
    connect(byGroups, &QPushButton::clicked, this, [this] { relayout(false); });
    hl->addWidget(byGroups);
    m_groupHint->hide();

    m_banner = frame("mapHighlightBanner");
    auto* bl = new QHBoxLayout(m_banner);
    m_bannerLabel = new QLabel;
    QFont bf = m_bannerLabel->font();
    bf.setBold(true);
    m_bannerLabel->setFont(bf);
    auto* clear = new QPushButton(tr("Clear"));
    connect(clear, &QPushButton::clicked, this, &MapView::clearHighlight);
    bl->addWidget(m_bannerLabel);
    bl->addWidget(clear);
    m_banner->hide();
}

void MapView::updateProgressLabel() {
    m_progressLabel->setText(tr("%1… %2 s")
                                 .arg(m_progressPhase)
                                 .arg(QLocale().toString(m_layoutClock.elapsed() / 1000.0, 'f', 1)));
    m_progress->adjustSize();
    placeOverlays();
}

void MapView::placeOverlays() {
    const QRect vp = m_canvas->viewport()->geometry();
    m_progress->adjustSize();
    m_progress->move(vp.left() + (vp.width() - m_progress->width()) / 2, vp.top() + 10);
    m_progress->raise();
    m_banner->adjustSize();
    m_banner->move(vp.left() + 10, vp.top() + 10);
    m_banner->raise();
    m_groupHint->adjustSize();
    m_groupHint->move(vp.right() - m_groupHint->width() - 10, vp.top() + 10);
    m_groupHint->raise();
}

void MapView::refreshLegend() {
    while (QLayoutItem* item = m_legendLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    auto* title = new QLabel(m_scene->legendTitle());
    QFont f = title->font();
    f.setBold(true);
    title->setFont(f);
    m_legendLayout->addWidget(title);
    const auto entries = m_scene->legend();
    const QLocale locale;
    for (const auto& e : entries) {
        auto* row = new QLabel(QStringLiteral("<span style=\"color:%1\">■</span>&nbsp;%2 <span "
                                              "style=\"color:#777\">%3</span>")
                                   .arg(e.color.name(), e.label.toHtmlEscaped(), locale.toString(e.count)));
        row->setTextFormat(Qt::RichText);
        row->setWordWrap(true);
        QFont rf = row->font();
        rf.setPointSizeF(rf.pointSizeF() * 0.95);
        row->setFont(rf);
        m_legendLayout->addWidget(row);
    }
    for (int i = 0; i < m_legendLayout->count(); ++i)
        m_legendLayout->itemAt(i)->widget()->show();
    m_legend->setVisible(!m_scene->nodes().empty());
    m_groupHint->setVisible(m_scene->groupBy() != MapScene::GroupBy::None && m_scene->groupsOverlap() &&
                            !isLayoutRunning());
    placeOverlays();
}

void MapView::refreshFilterBoxes() {
    auto fill = [this](QComboBox* c, const QString& field, const QString& all, const QString& current) {
        QStringList values = m_scene->values(field);
        if (field == QLatin1String("owner"))
            values.prepend(QStringLiteral("-"));
        QStringList existing;
        for (int i = 1; i < c->count(); ++i)
            existing << c->itemData(i).toString();
        if (existing == values && c->count() > 0)
            return;
        const QSignalBlocker block(c);
        c->clear();
        c->addItem(all, QString());
        for (const QString& v : values)
            c->addItem(v == QLatin1String("-") ? tr("(no owner)") : v, v);
        c->setCurrentIndex(std::max(0, c->findData(current)));
    };
    const MapFilter& f = m_scene->filter();
    fill(m_filterKind, QStringLiteral("kind"), tr("all kinds"), f.kind);
    fill(m_filterEnv, QStringLiteral("environment"), tr("all environments"), f.environment);
    fill(m_filterOwner, QStringLiteral("owner"), tr("all owners"), f.owner);
    fill(m_filterSource, QStringLiteral("source"), tr("all sources"), f.source);
    fill(m_filterTag, QStringLiteral("tag"), tr("all tags"), f.tag);
    fill(m_filterArea, QStringLiteral("area"), tr("all areas"), f.area);
}

void MapView::refreshStatus() {
    int drawn = 0;
    for (const auto& [id, n] : m_scene->nodes())
        drawn += n.item->isVisible();
    const QLocale locale;
    QString text =
        tr("%1 of %2 systems shown")
            .arg(locale.toString(drawn), locale.toString(static_cast<qlonglong>(m_scene->nodes().size())));
    if (m_scene->focusCenter())
        if (const auto* n = m_scene->node(m_scene->focusCenter()))
            text += tr(" · focus: %1, %n step(s)", nullptr, m_scene->focusSteps()).arg(n->name);
    m_status->setText(text + QStringLiteral("  "));
    m_showAll->setEnabled(m_scene->focusCenter() != 0);
}

QString MapView::viewDescription() const {
    const MapFilter& f = m_scene->filter();
    QStringList parts;
    auto add = [&](const QString& label, const QString& value) {
        if (!value.isEmpty())
            parts << QStringLiteral("%1: %2").arg(label, value == QLatin1String("-") ? tr("none") : value);
    };
    add(tr("kind"), f.kind);
    add(tr("environment"), f.environment);
    add(tr("owner"), f.owner);
    add(tr("source"), f.source);
    add(tr("tag"), f.tag);
    add(tr("area"), f.area);
    if (m_scene->focusCenter())
        if (const auto* n = m_scene->node(m_scene->focusCenter()))
            parts << tr("focus: %1, %n step(s)", nullptr, m_scene->focusSteps()).arg(n->name);
    return parts.join(QStringLiteral(" · "));
}

bool MapView::exportView(const QString& path) {
    MapImageFormat format;
    if (!mapImageFormatFor(path, &format)) {
        emit errorOccurred(tr("%1: the map view is exported as .svg, .png or .pdf").arg(path));
        return false;
    }
    const QString title = tr("%1 — map, coloured by %2")
                              .arg(QFileInfo(QString::fromStdString(m_project.path())).completeBaseName(),
                                   MapScene::colorByName(m_scene->colorBy()).toLower());
    const MapImageResult r = exportMapImage(*m_scene, path, format, title, viewDescription());
    if (!r.ok) {
        emit errorOccurred(r.error);
        return false;
    }
    emit message(tr("Exported the map view (%n system(s)) to %1", nullptr, r.systems).arg(path));
    return true;
}

void MapView::applyFilterBoxes() {
    MapFilter f;
    f.kind = m_filterKind->currentData().toString();
    f.environment = m_filterEnv->currentData().toString();
    f.owner = m_filterOwner->currentData().toString();
    f.source = m_filterSource->currentData().toString();
    f.tag = m_filterTag->currentData().toString();
    f.area = m_filterArea->currentData().toString();
    setFilter(f);
}

void MapView::setFilter(const MapFilter& filter) {
    m_scene->setFilter(filter);
    refreshFilterBoxes();
    if (!filter.isEmpty() && !m_filterToggle->isChecked()) {
        const QSignalBlocker block(m_filterToggle);
        m_filterToggle->setChecked(true);
        m_filterBar->show();
    }
    refreshStatus();
}

// ---- selection ----

void MapView::onSelectionChanged() {
    std::vector<Id> now;
    for (QGraphicsItem* i : m_scene->selectedItems())
        if (i->type() == MapNodeItem::Type)
            now.push_back(static_cast<MapNodeItem*>(i)->id());
    std::erase_if(m_selectionOrder,
                  [&](Id id) { return std::find(now.begin(), now.end(), id) == now.end(); });
    std::sort(now.begin(), now.end());
    for (Id id : now)
        if (std::find(m_selectionOrder.begin(), m_selectionOrder.end(), id) == m_selectionOrder.end())
            m_selectionOrder.push_back(id);
    const Id current = m_selectionOrder.empty() ? 0 : m_selectionOrder.back();
    m_connect->setEnabled(m_selectionOrder.size() <= 2);
    if (current != m_current) {
        m_current = current;
        if (current)
            emit currentSystemChanged(current);
    }
}

std::vector<Id> MapView::selectedSystems() const {
    return m_selectionOrder;
}

Id MapView::currentSystem() const {
    return m_current;
}

bool MapView::selectSystem(Id id) {
    const auto* n = m_scene->node(id);
    if (!n || !m_scene->isShown(id))
        return false;
    if (!n->groupKey.isEmpty() && m_scene->isGroupCollapsed(n->groupKey))
        m_scene->setGroupCollapsed(n->groupKey, false);
    m_scene->clearSelection();
    n->item->setSelected(true);
    if (m_canvas->zoom() < 0.7)
        m_canvas->setTransform(QTransform::fromScale(0.9, 0.9));
    m_canvas->centerOn(n->item);
    return true;
}

bool MapView::findNext(const QString& text) {
    if (text.isEmpty())
        return false;
    std::vector<const MapScene::Node*> matches;
    for (const auto& [id, n] : m_scene->nodes())
        if (m_scene->isShown(id) && (n.name.contains(text, Qt::CaseInsensitive) ||
                                     q(n.system.key).contains(text, Qt::CaseInsensitive)))
            matches.push_back(&n);
    if (matches.empty())
        return false;
    std::sort(matches.begin(), matches.end(), [](const auto* a, const auto* b) {
        const int c = a->name.compare(b->name, Qt::CaseInsensitive);
        return c != 0 ? c < 0 : a->id < b->id;
    });
    size_t next = 0;
    if (text == m_lastSearch)
        for (size_t i = 0; i < matches.size(); ++i)
            if (matches[i]->id == m_lastMatch)
                next = (i + 1) % matches.size();
    m_lastSearch = text;
    m_lastMatch = matches[next]->id;
    selectSystem(m_lastMatch);
    emit message(tr("%1 (%2 of %3)").arg(matches[next]->name).arg(next + 1).arg(matches.size()));
    return true;
}

QRectF MapView::drawnRect() const {
    QRectF r;
    for (const auto& [id, n] : m_scene->nodes())
        if (n.item->isVisible())
            r = r.isNull() ? n.item->sceneBoundingRect() : r.united(n.item->sceneBoundingRect());
    for (const auto& [key, count] : m_scene->groups())
        if (auto* c = m_scene->cluster(key); c && c->isVisible())
            r = r.isNull() ? c->sceneBoundingRect() : r.united(c->sceneBoundingRect());
    return r;
}

void MapView::fitAll() {
    const QRectF r = drawnRect();
    if (r.isNull())
        return;
    // twice: the first fit may show or hide the scroll bars, which changes the room the second fits in
    m_canvas->fitInView(r.adjusted(-30, -30, 30, 30), Qt::KeepAspectRatio);
    m_canvas->fitInView(r.adjusted(-30, -30, 30, 30), Qt::KeepAspectRatio);
    if (m_canvas->zoom() > 1.2)
        m_canvas->setTransform(QTransform::fromScale(1.2, 1.2));
    m_canvas->centerOn(r.center());
}

bool MapView::focusOnCurrent(int steps) {
    if (!m_current)
        return false;
    m_scene->setFocus(m_current, steps);
    refreshStatus();
    fitAll();
    return true;
}

void MapView::showAll() {
    m_scene->clearFocus();
    refreshStatus();
    fitAll();
}

// ---- edits ----

Id MapView::addSystem(const QPointF& at) {
    Id id = 0;
    try {
        m_project.edit(tr("Add system"), [&] {
            System s;
            s.name = tr("New system").toStdString();
            s.kind = "service";
            s.sources = {"manual"};
            id = m_project.add(s);
            m_project.setPositions({{id, MapPosition{at.x(), at.y(), true}}});
        });
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
        return 0;
    }
    QTimer::singleShot(0, this, [this, id] { selectSystem(id); });
    return id;
}

bool MapView::connectSelected() {
    const auto sel = selectedSystems();
    if (sel.size() == 2) {
        Dependency d;
        d.from = sel[0];
        d.to = sel[1];
        d.kind = "calls";
        d.origin = "manual";
        for (const auto& existing : m_project.dependenciesOf(d.from))
            if (existing.from == d.from && existing.to == d.to) {
                emit message(tr("These systems are already connected"));
                return false;
            }
        const auto* a = m_scene->node(d.from);
        const auto* b = m_scene->node(d.to);
        try {
            m_project.add(d, tr("Connect %1 → %2").arg(a ? a->name : QString(), b ? b->name : QString()));
        } catch (const std::exception& e) {
            emit errorOccurred(QString::fromUtf8(e.what()));
            return false;
        }
        return true;
    }
    AddDependencyDialog dialog(m_project, sel.size() == 1 ? sel[0] : 0, this);
    if (dialog.exec() != QDialog::Accepted || !dialog.dependency())
        return false;
    try {
        m_project.add(*dialog.dependency());
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
        return false;
    }
    return true;
}

void MapView::deleteSelected() {
    const auto sel = selectedSystems();
    if (sel.empty())
        return;
    const auto* first = m_scene->node(sel.front());
    const QString text = sel.size() == 1 && first
                             ? tr("Delete %1").arg(first->name)
                             : tr("Delete %n systems", nullptr, static_cast<int>(sel.size()));
    try {
        m_project.edit(text, [&] {
            for (Id id : sel)
                m_project.erase<System>(id);
        });
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
    }
}

void MapView::groupSelected(const QString& group) {
    const auto sel = selectedSystems();
    if (sel.empty())
        return;
    try {
        m_project.edit(tr("Group %n systems", nullptr, static_cast<int>(sel.size())), [&] {
            for (Id id : sel)
                if (auto s = m_project.get<System>(id)) {
                    s->group = group.toStdString();
                    m_project.save(*s);
                }
        });
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
    }
}

void MapView::contextMenu(const QPoint& pos) {
    QMenu menu(this);
    Id hit = 0;
    QString cluster;
    for (QGraphicsItem* i : m_canvas->items(pos)) {
        if (i->type() == MapNodeItem::Type) {
            hit = static_cast<MapNodeItem*>(i)->id();
            break;
        }
        if (i->type() == MapClusterItem::Type) {
            cluster = static_cast<MapClusterItem*>(i)->key();
            break;
        }
    }
    if (hit) {
        if (!m_scene->item(hit)->isSelected()) {
            m_scene->clearSelection();
            m_scene->item(hit)->setSelected(true);
        }
        menu.addAction(tr("Edit…"), this, [this, hit] { emit editSystemRequested(hit); });
        for (int steps : {1, 2, 3})
            menu.addAction(tr("Focus on its neighbourhood, %n step(s)", nullptr, steps), this,
                           [this, steps] { focusOnCurrent(steps); });
        menu.addAction(tr("Connect…"), this, [this] { connectSelected(); });
        menu.addAction(tr("Group…"), m_group, &QAction::trigger);
        if (const auto* n = m_scene->node(hit); n && !n->groupKey.isEmpty())
            menu.addAction(tr("Close group %1").arg(n->groupKey), this,
                           [this, key = n->groupKey] { m_scene->setGroupCollapsed(key, true); });
        menu.addSeparator();
        menu.addAction(tr("Delete"), this, &MapView::deleteSelected);
    } else if (!cluster.isEmpty()) {
        const bool collapsed = m_scene->isGroupCollapsed(cluster);
        menu.addAction(collapsed ? tr("Open group") : tr("Close group"), this,
                       [this, cluster, collapsed] { m_scene->setGroupCollapsed(cluster, !collapsed); });
    } else {
        const QPointF at = m_canvas->mapToScene(pos);
        menu.addAction(tr("Add a system here"), this, [this, at] {
            if (const Id id = addSystem(at))
                emit editSystemRequested(id);
        });
        menu.addAction(tr("Fit"), this, &MapView::fitAll);
        if (m_scene->focusCenter())
            menu.addAction(tr("Show all"), this, &MapView::showAll);
    }
    menu.exec(m_canvas->mapToGlobal(pos));
}

// ---- layout ----

void MapView::relayout(bool unpin, bool undoable) {
    m_layoutUnpin = unpin;
    m_layoutUndoable = undoable;
    m_fitAfterLayout = true;
    const layout::Request request = m_scene->layoutRequest(&m_layoutOrder);
    m_layoutClock.start();
    m_progressPhase = tr("Starting the layout");
    m_progress->show();
    m_groupHint->hide();
    m_relayout->setEnabled(false);
    m_job->start(request);
    updateProgressLabel();
    m_progressTimer->start();
}

void MapView::cancelLayout() {
    m_job->cancel();
}

bool MapView::isLayoutRunning() const {
    return m_job->isRunning();
}

void MapView::onLayoutFinished(const layout::Result& result) {
    m_progress->hide();
    m_progressTimer->stop();
    m_relayout->setEnabled(true);
    m_scene->applyLayout(result, m_layoutOrder, m_layoutUnpin, m_layoutUndoable);
    emit message(tr("Laid out %1 systems with %2 in %3 s")
                     .arg(QLocale().toString(static_cast<qlonglong>(m_layoutOrder.size())),
                          QString::fromStdString(layout::engineName(result.engine)),
                          QLocale().toString(m_layoutClock.elapsed() / 1000.0, 'f', 1)));
    if (m_fitAfterLayout)
        fitAll();
    emit layoutEnded(true);
}

// ---- overlay ----

void MapView::setHighlight(const std::vector<Id>& ids, const QString& label) {
    m_scene->setHighlight(ids);
    m_bannerLabel->setText(label);
    m_banner->setVisible(!label.isEmpty());
    placeOverlays();
}

void MapView::clearHighlight() {
    m_scene->clearHighlight();
    m_banner->hide();
}

} // namespace terrain
