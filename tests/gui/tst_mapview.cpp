// The map view on the demo map, offscreen: first layout, reopening without layout, select, search,
// filter, focus, groups that collapse, moving by mouse (stored, pinned, undoable), add/connect/delete,
// the highlight overlay. Screenshots go to the build folder.
#include "MapItems.h"
#include "MapView.h"
#include "MapWorkspace.h"
#include "TestMaps.h"

#include <QComboBox>
#include <QDir>
#include <QGraphicsView>
#include <QLineEdit>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace terrain;

namespace {

int drawnCount(const MapScene& scene) {
    int n = 0;
    for (const auto& [id, node] : scene.nodes())
        n += node.item->isVisible();
    return n;
}

Id idOf(const Project& p, const char* key) {
    auto s = p.systemByKey(key);
    return s ? s->id : 0;
}

void sendMouse(QWidget* w, QEvent::Type type, const QPoint& at, Qt::MouseButtons buttons,
               Qt::MouseButton button) {
    QMouseEvent e(type, QPointF(at), w->mapToGlobal(QPointF(at)), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

void save(QWidget& w, const char* name) {
    QDir().mkpath(QStringLiteral(TERRAIN_SCREENSHOT_DIR));
    const QString path = QStringLiteral(TERRAIN_SCREENSHOT_DIR "/") + QLatin1String(name);
    QVERIFY(w.grab().save(path));
    qInfo("screenshot: %s", qPrintable(path));
}

} // namespace

class TestMapView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        qputenv("TERRAIN_LAYOUT_PROGRAM", TERRAIN_LAYOUT_BIN);
        QVERIFY(m_dir.isValid());
        m_path = test::pathIn(m_dir, "demo.terrain");
        auto p = Project::create(m_path);
        seedCatalog(*p);
        populateDemo(*p);
        p->clearHistory();
    }

    void firstOpenLaysTheMapOut() {
        auto p = Project::open(m_path);
        MapView view(*p);
        QSignalSpy ended(&view, &MapView::layoutEnded);
        view.resize(1500, 950);
        view.show();
        QVERIFY(view.isLayoutRunning());
        QVERIFY(ended.wait(60000));
        QCOMPARE(ended.at(0).at(0).toBool(), true);
        QCOMPARE(p->positions().size(), size_t(43));
        QVERIFY(!p->canUndo()); // the first layout is part of opening, not an edit to undo
        QVERIFY(view.scene()->unplacedSystems().empty());
        // no two systems overlap
        std::vector<QRectF> boxes;
        for (const auto& [id, n] : view.scene()->nodes())
            boxes.push_back(n.item->mapRectToScene(n.item->shape().boundingRect()));
        for (size_t i = 0; i < boxes.size(); ++i)
            for (size_t j = i + 1; j < boxes.size(); ++j)
                QVERIFY(!boxes[i].intersects(boxes[j]));
        QTest::qWait(50);
        save(view, "mapview-demo.png");
    }

    void reopenedMapShowsAtOnce() {
        auto p = Project::open(m_path);
        const auto stored = p->positions();
        MapView view(*p);
        QVERIFY(!view.isLayoutRunning());
        for (const auto& [id, pos] : stored)
            QCOMPARE(view.scene()->item(id)->pos(), QPointF(pos.x, pos.y));
        QCOMPARE(drawnCount(*view.scene()), 43);
    }

    void selectSearchFilterFocus() {
        auto p = Project::open(m_path);
        MapView view(*p);
        view.resize(1500, 950);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        if (view.isLayoutRunning()) // when run alone
            QVERIFY(QSignalSpy(&view, &MapView::layoutEnded).wait(60000));
        view.fitAll();
        QSignalSpy current(&view, &MapView::currentSystemChanged);

        // a click selects and tells the inspector
        const Id api = idOf(*p, "k8s:Deployment/prod/public-api");
        auto* item = view.scene()->item(api);
        const QPoint at = view.canvas()->mapFromScene(item->pos());
        QTest::mouseClick(view.canvas()->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(view.selectedSystems(), std::vector<Id>{api});
        QVERIFY(current.count() >= 1);
        QCOMPARE(current.last().at(0).value<Id>(), api);

        // search selects the match and centres on it
        QVERIFY(view.findNext(QStringLiteral("replica")));
        const Id replica = idOf(*p, "tf:module.db.aws_db_instance.replica");
        QCOMPARE(view.currentSystem(), replica);
        const QPointF centre = view.canvas()->mapToScene(view.canvas()->viewport()->rect().center());
        QVERIFY2(QLineF(centre, view.scene()->item(replica)->pos()).length() < 60,
                 qPrintable(QStringLiteral("centre %1,%2 item %3,%4 scene rect %5,%6 %7x%8 zoom %9")
                                .arg(centre.x())
                                .arg(centre.y())
                                .arg(view.scene()->item(replica)->pos().x())
                                .arg(view.scene()->item(replica)->pos().y())
                                .arg(view.scene()->sceneRect().x())
                                .arg(view.scene()->sceneRect().y())
                                .arg(view.scene()->sceneRect().width())
                                .arg(view.scene()->sceneRect().height())
                                .arg(view.canvas()->zoom())));
        QVERIFY(!view.findNext(QStringLiteral("no such system")));
        // Ctrl+F goes to the search box
        view.activateWindow();
        view.canvas()->setFocus();
        QTest::keyClick(view.canvas(), Qt::Key_F, Qt::ControlModifier);
        QVERIFY(view.findChild<QLineEdit*>(QStringLiteral("mapSearch"))->hasFocus());

        // filters
        MapFilter f;
        f.environment = QStringLiteral("staging");
        view.setFilter(f);
        QCOMPARE(drawnCount(*view.scene()), 9);
        QVERIFY(!view.scene()->isDrawn(api));
        QVERIFY(!view.findNext(QStringLiteral("Public API (production)"))); // filtered out
        f = {};
        f.kind = QStringLiteral("database");
        view.setFilter(f);
        QCOMPARE(drawnCount(*view.scene()), 4);
        f = {};
        f.source = QStringLiteral("k8s");
        f.owner = QStringLiteral("platform");
        view.setFilter(f);
        QVERIFY(drawnCount(*view.scene()) < 16);
        view.setFilter({});
        QCOMPARE(drawnCount(*view.scene()), 43);

        // focus on a neighbourhood
        QVERIFY(view.selectSystem(api));
        QVERIFY(view.focusOnCurrent(1));
        const int one = drawnCount(*view.scene());
        std::set<Id> direct{api};
        for (const auto& d : p->dependenciesOf(api))
            direct.insert(d.from == api ? d.to : d.from);
        QCOMPARE(one, static_cast<int>(direct.size()));
        QVERIFY(view.focusOnCurrent(3));
        QVERIFY(drawnCount(*view.scene()) >= one);
        view.showAll();
        QCOMPARE(drawnCount(*view.scene()), 43);
    }

    void groupsCollapse() {
        auto p = Project::open(m_path);
        MapView view(*p);
        view.resize(1500, 950);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto* groupBy = view.findChild<QComboBox*>(QStringLiteral("mapGroupBy"));
        groupBy->setCurrentIndex(groupBy->findData(static_cast<int>(MapScene::GroupBy::Environment)));
        QCOMPARE(view.scene()->groupBy(), MapScene::GroupBy::Environment);
        auto groups = view.scene()->groups();
        QCOMPARE(groups.size(), size_t(3));
        // the layout was made without these groups: they overlap, and a re-layout keeps each together
        QVERIFY(view.scene()->groupsOverlap());
        QVERIFY(view.findChild<QWidget*>(QStringLiteral("mapGroupHint"))->isVisible());
        QSignalSpy ended(&view, &MapView::layoutEnded);
        view.relayout(false);
        QVERIFY(ended.wait(60000));
        QTest::qWait(10);
        view.fitAll();
        QTest::qWait(50);
        save(view, "mapview-groups.png");
        QVERIFY(!view.scene()->groupsOverlap());
        QVERIFY(!view.findChild<QWidget*>(QStringLiteral("mapGroupHint"))->isVisible());

        view.scene()->setGroupCollapsed(QStringLiteral("production"), true);
        QCOMPARE(drawnCount(*view.scene()), 43 - 26);
        auto* box = view.scene()->cluster(QStringLiteral("production"));
        QVERIFY(box && box->isVisible() && box->isCollapsed());
        QCOMPARE(box->count(), 26);
        // a collapsed group is one box: edges to its members end on it
        bool ok = false;
        QRectF where;
        const QPointF end = view.scene()->endpointFor(idOf(*p, "k8s:Deployment/prod/web"), &ok, &where);
        QVERIFY(ok);
        QCOMPARE(end, box->center());
        // searching for a member opens its group
        QVERIFY(view.findNext(QStringLiteral("Billing service")));
        QVERIFY(!view.scene()->isGroupCollapsed(QStringLiteral("production")));
        view.scene()->collapseAllGroups(true);
        QCOMPARE(drawnCount(*view.scene()), 0);
        view.fitAll();
        QTest::qWait(50);
        save(view, "mapview-collapsed.png");
        view.scene()->collapseAllGroups(false);
        QCOMPARE(drawnCount(*view.scene()), 43);
    }

    // File-level export of what the view shows: the filter and the closed group are in the picture,
    // filtered systems are not; SVG, PNG and PDF; a bad name writes nothing.
    void exportsTheViewAsShown() {
        auto p = Project::open(m_path);
        MapView view(*p);
        view.resize(1500, 950);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTemporaryDir out;
        // a production system whose name no staging system shares
        QString apiName;
        std::set<std::string> stagingNames;
        for (const auto& s : p->list<System>())
            if (s.environment == "staging")
                stagingNames.insert(s.name);
        for (const auto& s : p->list<System>())
            if (s.environment == "production" && !stagingNames.count(s.name) && apiName.isEmpty())
                apiName = QString::fromStdString(s.name);
        QVERIFY(!apiName.isEmpty());

        // everything: every system's name is in the SVG's text
        const QString all = out.filePath(QStringLiteral("all.svg"));
        QVERIFY(view.exportView(all));
        QSvgRenderer whole(all);
        QVERIFY(whole.isValid());
        QFile allFile(all);
        QVERIFY(allFile.open(QIODevice::ReadOnly));
        const QString allText = QString::fromUtf8(allFile.readAll());
        QVERIFY(allText.contains(apiName.toHtmlEscaped()));
        QVERIFY(allText.contains(QStringLiteral("Colour: Kind")));

        // staging only, grouped by environment: the production API is not drawn, the filter is named
        auto* groupBy = view.findChild<QComboBox*>(QStringLiteral("mapGroupBy"));
        groupBy->setCurrentIndex(groupBy->findData(static_cast<int>(MapScene::GroupBy::Environment)));
        MapFilter f;
        f.environment = QStringLiteral("staging");
        view.setFilter(f);
        QCOMPARE(view.viewDescription(), QStringLiteral("environment: staging"));
        const QString staging = out.filePath(QStringLiteral("staging.svg"));
        QVERIFY(view.exportView(staging));
        QFile stagingFile(staging);
        QVERIFY(stagingFile.open(QIODevice::ReadOnly));
        const QString stagingText = QString::fromUtf8(stagingFile.readAll());
        QVERIFY2(!stagingText.contains(apiName.toHtmlEscaped()), qPrintable(apiName));
        QVERIFY(stagingText.contains(QStringLiteral("environment: staging")));
        QVERIFY(QSvgRenderer(staging).defaultSize().width() < whole.defaultSize().width());

        // the staging group closed: one box with its count instead of its systems
        view.scene()->setGroupCollapsed(QStringLiteral("staging"), true);
        const QString png = out.filePath(QStringLiteral("staging-closed.png"));
        QVERIFY(view.exportView(png));
        QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 400 && image.height() > 200);
        QVERIFY(image.save(QStringLiteral(TERRAIN_SCREENSHOT_DIR "/mapview-export-staging-closed.png")));
        view.setFilter({});
        view.scene()->setGroupCollapsed(QStringLiteral("staging"), false);
        const QString everything = out.filePath(QStringLiteral("all.png"));
        QVERIFY(view.exportView(everything));
        QVERIFY(QImage(everything).save(QStringLiteral(TERRAIN_SCREENSHOT_DIR "/mapview-export-all.png")));

        const QString pdf = out.filePath(QStringLiteral("map.pdf"));
        QVERIFY(view.exportView(pdf));
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        QVERIFY(pdfFile.read(5) == "%PDF-");
        QVERIFY(pdfFile.size() > 5000);

        // an unknown extension or a folder that does not exist: a clear error, nothing written
        QSignalSpy errors(&view, &MapView::errorOccurred);
        QVERIFY(!view.exportView(out.filePath(QStringLiteral("map.jpg"))));
        QVERIFY(!view.exportView(out.filePath(QStringLiteral("missing/map.svg"))));
        QCOMPARE(errors.count(), 2);
        QVERIFY(errors.at(0).at(0).toString().contains(QStringLiteral(".svg, .png or .pdf")));
        QVERIFY(errors.at(1).at(0).toString().contains(QStringLiteral("missing/map.svg")));
        QVERIFY(!QFile::exists(out.filePath(QStringLiteral("map.jpg"))));
    }

    void movingByMouseIsStoredAndUndoable() {
        auto p = Project::open(m_path);
        MapView view(*p);
        view.resize(1500, 950);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.fitAll();
        const Id db = idOf(*p, "tf:module.db.aws_db_instance.main");
        auto* item = view.scene()->item(db);
        const QPointF before = item->pos();
        QVERIFY(!p->position(db)->pinned);
        QWidget* vp = view.canvas()->viewport();
        const QPoint from = view.canvas()->mapFromScene(before);
        const QPoint to = from + QPoint(60, 45);
        sendMouse(vp, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
        for (int i = 1; i <= 6; ++i)
            sendMouse(vp, QEvent::MouseMove, from + (to - from) * i / 6, Qt::LeftButton, Qt::NoButton);
        sendMouse(vp, QEvent::MouseButtonRelease, to, Qt::NoButton, Qt::LeftButton);
        const QPointF after = item->pos();
        QVERIFY(QLineF(before, after).length() > 20);
        const auto stored = p->position(db);
        QVERIFY(stored);
        QCOMPARE(QPointF(stored->x, stored->y), after);
        QVERIFY(stored->pinned);
        QVERIFY(p->undoText().startsWith(QStringLiteral("Move")));
        p->undo();
        QCOMPARE(item->pos(), before);
        QVERIFY(!p->position(db)->pinned);
        p->redo();
        QCOMPARE(item->pos(), after);

        // a re-layout keeps what was placed by hand
        QSignalSpy ended(&view, &MapView::layoutEnded);
        view.relayout(false);
        QVERIFY(ended.wait(60000));
        QCOMPARE(item->pos(), after);
        QVERIFY(p->position(db)->pinned);
        // and cancel leaves everything as it was
        const auto all = p->positions();
        view.relayout(true);
        view.cancelLayout();
        QVERIFY(!view.isLayoutRunning());
        QCOMPARE(p->positions(), all);
    }

    void editsByHand() {
        auto p = Project::open(m_path);
        MapView view(*p);
        view.resize(1500, 950);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const auto systems = p->count(EntityKind::System);
        // add: stored at the spot, pinned, selected
        const Id added = view.addSystem(QPointF(-400, -300));
        QVERIFY(added);
        QCOMPARE(p->count(EntityKind::System), systems + 1);
        QCOMPARE(p->position(added)->x, -400.0);
        QVERIFY(view.scene()->item(added));
        QTest::qWait(10);
        QCOMPARE(view.currentSystem(), added);
        // connect: the first selected depends on the second
        const Id api = idOf(*p, "k8s:Deployment/prod/public-api");
        view.scene()->item(api)->setSelected(true);
        QCOMPARE(view.selectedSystems(), (std::vector<Id>{added, api}));
        const auto deps = p->count(EntityKind::Dependency);
        QVERIFY(view.connectSelected());
        QCOMPARE(p->count(EntityKind::Dependency), deps + 1);
        QTest::qWait(10);
        bool found = false;
        for (const auto& e : view.scene()->edges())
            found |= e.from == added && e.to == api;
        QVERIFY(found);
        // delete both edits' system: the edge goes too; undo brings all back where they were
        view.scene()->clearSelection();
        view.scene()->item(added)->setSelected(true);
        view.deleteSelected();
        QTest::qWait(10);
        QVERIFY(!view.scene()->item(added));
        QCOMPARE(p->count(EntityKind::Dependency), deps);
        p->undo();
        QTest::qWait(10);
        QVERIFY(view.scene()->item(added));
        QCOMPARE(view.scene()->item(added)->pos(), QPointF(-400, -300));
        QCOMPARE(p->count(EntityKind::Dependency), deps + 1);
        // a system added elsewhere (an import) is placed near its neighbours, without moving the rest
        const auto before = p->positions();
        Id fresh = 0;
        p->edit(QStringLiteral("import"), [&] {
            System s = test::makeSystem("New worker", "service", "production");
            fresh = p->add(s);
            Dependency d;
            d.from = fresh;
            d.to = idOf(*p, "tf:aws_sqs_queue.jobs");
            p->add(d);
        });
        QTest::qWait(10);
        QCOMPARE(p->positions(), before); // nothing stored, nothing moved
        const QPointF spot = view.scene()->item(fresh)->pos();
        const QPointF queue = view.scene()->item(idOf(*p, "tf:aws_sqs_queue.jobs"))->pos();
        QVERIFY(QLineF(spot, queue).length() < 700);
        for (const auto& [id, n] : view.scene()->nodes())
            if (id != fresh)
                QVERIFY(
                    !n.item->sceneBoundingRect()
                         .adjusted(5, 5, -5, -5)
                         .intersects(view.scene()->item(fresh)->sceneBoundingRect().adjusted(5, 5, -5, -5)));
        // group by hand
        view.scene()->clearSelection();
        view.scene()->item(fresh)->setSelected(true);
        view.scene()->item(added)->setSelected(true);
        view.groupSelected(QStringLiteral("by hand"));
        QCOMPARE(p->get<System>(fresh)->group, std::string("by hand"));
        QCOMPARE(p->undoText(), QStringLiteral("Group 2 systems"));
    }

    void highlightAndColours() {
        auto p = Project::open(m_path);
        MapWorkspace workspace(*p);
        QCOMPARE(workspace.widget(0), workspace.mapView());
        QCOMPARE(workspace.tabText(0), QStringLiteral("Map"));
        MapView& view = *workspace.mapView();
        workspace.resize(1500, 950);
        workspace.show();
        QVERIFY(QTest::qWaitForWindowExposed(&workspace));
        QSignalSpy current(&workspace, &MapWorkspace::currentSystemChanged);
        const Id db = idOf(*p, "tf:module.db.aws_db_instance.main");
        view.selectSystem(db);
        QCOMPARE(current.count(), 1);
        std::vector<Id> blast{db};
        for (const auto& d : p->dependenciesOf(db))
            blast.push_back(d.from);
        view.setHighlight(blast,
                          QStringLiteral("Blast radius of Postgres primary: %1 systems").arg(blast.size()));
        QVERIFY(view.scene()->hasHighlight());
        QVERIFY(view.findChild<QWidget*>(QStringLiteral("mapHighlightBanner"))->isVisible());
        auto* colorBy = view.findChild<QComboBox*>(QStringLiteral("mapColorBy"));
        colorBy->setCurrentIndex(colorBy->findData(static_cast<int>(MapScene::ColorBy::Risk)));
        QCOMPARE(view.scene()->colorBy(), MapScene::ColorBy::Risk);
        QVERIFY(!view.scene()->legend().empty());
        view.scene()->clearSelection();
        view.fitAll();
        QTest::qWait(50);
        save(workspace, "mapview-highlight.png");
        view.clearHighlight();
        QVERIFY(!view.scene()->hasHighlight());
        // every colouring has a legend that counts every system
        for (int i = 0; i < colorBy->count(); ++i) {
            colorBy->setCurrentIndex(i);
            int total = 0;
            for (const auto& e : view.scene()->legend())
                total += e.count;
            QCOMPARE(total, static_cast<int>(p->count(EntityKind::System)));
        }
        colorBy->setCurrentIndex(colorBy->findData(static_cast<int>(MapScene::ColorBy::Iac)));
        // zoomed in: labels and details
        view.selectSystem(db);
        view.canvas()->setTransform(QTransform::fromScale(1.6, 1.6));
        view.canvas()->centerOn(view.scene()->item(db));
        QTest::qWait(50);
        save(view, "mapview-zoomed.png");
    }

    void placeholdersAndGoneSystemsAreBordered() {
        // What the sources manage: a solid border; what stands for something defined elsewhere (a data
        // source, another catalog's entity, a host no file defines): dotted; what vanished: dashed.
        System s;
        QCOMPARE(nodeBorderStyle(s), Qt::SolidLine);
        s.tags = {"pci", "managed-elsewhere"};
        QCOMPARE(nodeBorderStyle(s), Qt::DotLine);
        s.tags = {"external"};
        QCOMPARE(nodeBorderStyle(s), Qt::DotLine);
        s.status = "gone";
        QCOMPARE(nodeBorderStyle(s), Qt::DashLine);
    }

    void longNamesKeepWhatTellsThemApart() {
        // Two Terraform addresses that differ at their ends, too long for a box: each keeps its end.
        QFont font;
        font.setPixelSize(13);
        font.setBold(true);
        const QFontMetricsF fm(font);
        const double width = 110;
        const QString queue = QStringLiteral("module.svc[\"billing\"].terraform_data.queue[\"dlq\"]");
        const QString app = QStringLiteral("module.svc[\"billing\"].terraform_data.app");
        const auto [q1, q2] = nodeLabelLines(queue, fm, width, true);
        const auto [a1, a2] = nodeLabelLines(app, fm, width, true);
        for (const QString& line : {q1, q2, a1, a2})
            QVERIFY2(fm.horizontalAdvance(line) <= width, qPrintable(line));
        QVERIFY2(queue.startsWith(q1) && q1.size() >= 10, qPrintable(q1)); // as much as fits
        // Two instances of one module: what follows the module's name tells them apart.
        const auto [w0, w0b] =
            nodeLabelLines(QStringLiteral("module.worker[0].terraform_data.queue[\"dlq\"]"), fm, width, true);
        const auto [w1, w1b] =
            nodeLabelLines(QStringLiteral("module.worker[1].terraform_data.queue[\"dlq\"]"), fm, width, true);
        QVERIFY2(w0 + w0b != w1 + w1b, qPrintable(w0 + QLatin1Char('|') + w0b));
        QVERIFY2(q2.endsWith(QStringLiteral("[\"dlq\"]")) && q2.contains(QChar(0x2026)), qPrintable(q2));
        QVERIFY2(a2.endsWith(QStringLiteral(".app")), qPrintable(a2));
        QVERIFY(q2 != a2);
        // Words break at a space; what fits stays one line; no room for two: one line elided.
        const auto [c1, c2] =
            nodeLabelLines(QStringLiteral("Checkout service for the web shop"), fm, width, true);
        QCOMPARE(c1.endsWith(QLatin1Char(' ')), false);
        QVERIFY(!c2.isEmpty() && QStringLiteral("Checkout service for the web shop").startsWith(c1));
        QCOMPARE(nodeLabelLines(QStringLiteral("db"), fm, width, true),
                 std::make_pair(QStringLiteral("db"), QString()));
        QVERIFY(nodeLabelLines(queue, fm, width, false).second.isEmpty());
    }

private:
    QTemporaryDir m_dir;
    std::string m_path;
};

QTEST_MAIN(TestMapView)
#include "tst_mapview.moc"
