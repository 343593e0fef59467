// The first run and daily use, offscreen at 1920×1080 (issue 7): the welcome page's ways in (import
// right away, the guided tour), the guided path walked step by step, the keyboard cheat sheet and
// shortcuts that never collide, light and dark themes kept in the settings, and accessible names on
// every control of every view. Saves a screenshot of each main view (packaging/screenshots.sh copies
// them to docs/).

#include "DecisionsPage.h"
#include "ExportDialog.h"
#include "GuidePanel.h"
#include "ImportDialog.h"
#include "MainWindow.h"
#include "MapScene.h"
#include "MapView.h"
#include "MapWorkspace.h"
#include "RiskMatrixView.h"
#include "RoadmapPage.h"
#include "ShortcutsDialog.h"
#include "SymptomsPage.h"
#include "TestMaps.h"
#include "Theme.h"
#include "WelcomePage.h"
#include "WorkshopMode.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTest>
#include <QTextEdit>
#include <QTimer>
#include <QTreeWidget>

#include <cstdlib>

using namespace terrain;
using namespace terrain::test;

namespace {

const QSize kScreen(1920, 1080);

/// Saves what `w` shows as NAME.png (NAME@2x.png on a high-DPI run) in the screenshot folder.
QString screenshot(QWidget& w, const QString& name) {
    QCoreApplication::processEvents();
    const qreal dpr = w.devicePixelRatioF();
    const QString suffix = dpr > 1 ? QStringLiteral("@%1x").arg(dpr) : QString();
    const QString file = QStringLiteral(TERRAIN_SCREENSHOT_DIR "/%1%2.png").arg(name, suffix);
    if (!w.grab().save(file))
        qWarning("could not save %s", qPrintable(file));
    return file;
}

void closeDialogs() {
    for (QWidget* w : QApplication::topLevelWidgets())
        if (auto* d = qobject_cast<QDialog*>(w); d && d->isVisible())
            d->reject();
    QCoreApplication::processEvents();
}

/// A label that names `w`: a buddy label, or the label of its row in a form layout.
bool hasLabel(const QWidget* w) {
    const QWidget* window = w->window();
    for (const QLabel* l : window->findChildren<QLabel*>())
        if (l->buddy() == w)
            return true;
    for (const QWidget* p = w->parentWidget(); p; p = p->parentWidget())
        if (auto* form = qobject_cast<QFormLayout*>(p->layout()))
            if (form->labelForField(const_cast<QWidget*>(w)))
                return true;
    return false;
}

/// The path of a widget for a failure message: "MainWindow/mapWorkspace/QComboBox".
QString describe(const QWidget* w) {
    QStringList parts;
    for (const QWidget* p = w; p; p = p->parentWidget())
        parts.prepend(p->objectName().isEmpty() ? QString::fromLatin1(p->metaObject()->className())
                                                : p->objectName());
    return parts.join(QLatin1Char('/'));
}

/// Visible controls a screen reader could not name: no accessible name, no text of their own, no label.
QStringList unnamedControls(QWidget* root) {
    QStringList unnamed;
    for (QWidget* w : root->findChildren<QWidget*>()) {
        if (!w->isVisibleTo(root) || !w->isEnabled())
            continue;
        const bool control = qobject_cast<QAbstractButton*>(w) || qobject_cast<QLineEdit*>(w) ||
                             qobject_cast<QComboBox*>(w) || qobject_cast<QAbstractSpinBox*>(w) ||
                             qobject_cast<QAbstractItemView*>(w) || qobject_cast<QSlider*>(w) ||
                             qobject_cast<QTextEdit*>(w) || qobject_cast<QPlainTextEdit*>(w);
        if (!control)
            continue;
        // Parts of a composite control are named by it (the line edit of an editable combo box, the
        // scroll buttons of a tab bar, the view of a combo box's popup).
        if (qobject_cast<QLineEdit*>(w) && (qobject_cast<QComboBox*>(w->parentWidget()) ||
                                            qobject_cast<QAbstractSpinBox*>(w->parentWidget())))
            continue;
        if (qobject_cast<QHeaderView*>(w) || qobject_cast<QLineEdit*>(w->parentWidget()))
            continue; // a view's header, a line edit's clear button
        if (QString::fromLatin1(w->metaObject()->className())
                .startsWith(QLatin1String("QToolBarExtension")) ||
            qobject_cast<QTabBar*>(w->parentWidget()))
            continue;
        if (!w->accessibleName().isEmpty() || hasLabel(w))
            continue;
        if (auto* b = qobject_cast<QAbstractButton*>(w); b && !b->text().remove(QLatin1Char('&')).isEmpty())
            continue;
        unnamed << describe(w);
    }
    return unnamed;
}

} // namespace

class TestFirstRun : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    std::unique_ptr<MainWindow> shownWindow() {
        auto w = std::make_unique<MainWindow>();
        w->resize(kScreen);
        w->show();
        if (!QTest::qWaitForWindowExposed(w.get()))
            qWarning("window not exposed");
        return w;
    }

    /// A fresh copy of the demo map in the test's folder.
    QString demoMap(const char* name) {
        const QString path = m_dir.filePath(QLatin1String(name) + QStringLiteral(".terrain"));
        auto p = Project::create(path.toStdString());
        seedCatalog(*p);
        populateDemo(*p);
        return path;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("TerrainTests"));
        // The high-DPI run (tst_firstrun_hidpi) may run beside this one: settings of its own.
        QCoreApplication::setApplicationName(qEnvironmentVariableIsSet("QT_SCALE_FACTOR")
                                                 ? QStringLiteral("tst_firstrun_hidpi")
                                                 : QStringLiteral("tst_firstrun"));
        QSettings().clear();
        QVERIFY(QDir().mkpath(QStringLiteral(TERRAIN_SCREENSHOT_DIR)));
        QVERIFY(m_dir.isValid());
    }

    void init() { QSettings().clear(); }

    void welcomeOffersEveryWayIn() {
        auto w = shownWindow();
        WelcomePage* welcome = w->welcomePage();
        QVERIFY(welcome->isVisible());
        for (const char* name :
             {"welcomeImport", "welcomeTour", "welcomeDemo", "welcomeNew", "welcomeOpen"}) {
            auto* b = welcome->findChild<QPushButton*>(QLatin1String(name));
            QVERIFY2(b && b->isVisible() && b->isEnabled(), name);
            QVERIFY2(!b->accessibleDescription().isEmpty(), name);
        }
        QVERIFY(welcome->recentList()->item(0)->text().contains(QStringLiteral("No recent maps")));
        screenshot(*w, QStringLiteral("docs-welcome"));
    }

    void sharpAtTheScreensPixelRatio() {
        // Run again by CTest with QT_SCALE_FACTOR=2 (tst_firstrun_hidpi): drawn at the device's pixels.
        auto w = shownWindow();
        const qreal dpr = w->devicePixelRatioF();
        if (qEnvironmentVariableIsSet("QT_SCALE_FACTOR"))
            QCOMPARE(dpr, std::strtod(qgetenv("QT_SCALE_FACTOR").constData(), nullptr));
        const QPixmap shot = w->grab();
        QCOMPARE(shot.devicePixelRatio(), dpr);
        QCOMPARE(shot.width(), qRound(w->width() * dpr));
        QLabel* logo = nullptr;
        for (QLabel* l : w->welcomePage()->findChildren<QLabel*>())
            if (l->accessibleName() == QStringLiteral("Terrain logo"))
                logo = l;
        QVERIFY(logo);
        QCOMPARE(logo->pixmap().devicePixelRatio(), dpr); // the SVG drawn at the screen's ratio
        QCOMPARE(logo->pixmap().width(), qRound(96 * dpr));
        screenshot(*w, QStringLiteral("docs-welcome"));
    }

    void importRightAwayMakesAMapAndListsTheSources() {
        auto w = shownWindow();
        const QString compose = QStringLiteral(TERRAIN_FIXTURES_DIR "/compose");
        const QString map = m_dir.filePath(QStringLiteral("imported"));
        w->importIntoNewMap({compose}, map);
        QVERIFY(w->project());
        QCOMPARE(QString::fromStdString(w->project()->path()), map + QStringLiteral(".terrain"));
        auto* dialog = w->findChild<ImportDialog*>();
        QVERIFY(dialog);
        QCOMPARE(dialog->sources(), QStringList{compose});
        screenshot(*dialog, QStringLiteral("docs-import"));
        closeDialogs();
    }

    void guidedTourWalksTheSixSteps() {
        auto w = shownWindow();
        auto* tour = w->welcomePage()->findChild<QPushButton*>(QStringLiteral("welcomeTour"));
        QTest::mouseClick(tour, Qt::LeftButton);
        QVERIFY(w->project());
        GuidePanel* guide = w->guide();
        QVERIFY(guide->isVisible());
        QCOMPARE(guide->visitedCount(), 0);
        QCOMPARE(guide->nextStep(), QStringLiteral("map"));
        // The facts describe the demo map.
        QVERIFY(guide->findChild<QLabel*>(QStringLiteral("guideFact_map"))
                    ->text()
                    .contains(QStringLiteral("systems")));
        QVERIFY(guide->findChild<QLabel*>(QStringLiteral("guideFact_symptoms"))
                    ->text()
                    .contains(QStringLiteral("signs present")));
        MapWorkspace* ws = w->workspace();
        const std::vector<std::pair<QString, QWidget*>> steps = {
            {QStringLiteral("map"), ws->mapView()},
            {QStringLiteral("symptoms"), static_cast<QWidget*>(ws->symptomsPage())},
            {QStringLiteral("risks"), static_cast<QWidget*>(ws->riskMatrixPage())},
            {QStringLiteral("rank"), static_cast<QWidget*>(ws->roadmapPage())},
            {QStringLiteral("decide"), static_cast<QWidget*>(ws->decisionsPage())}};
        int visited = 0;
        for (const auto& [key, page] : steps) {
            auto* go = guide->findChild<QPushButton*>(QStringLiteral("guideGo_") + key);
            QVERIFY2(go && go->isEnabled(), qPrintable(key));
            QVERIFY2(go->text().contains(QStringLiteral("Ctrl+")), qPrintable(go->text())); // names its key
            QTest::mouseClick(go, Qt::LeftButton);
            QCOMPARE(ws->currentWidget(), page);
            QCOMPARE(guide->visitedCount(), ++visited);
            QVERIFY(guide->visited(key));
            screenshot(*w, QStringLiteral("docs-guide-") + key);
        }
        // The last step opens the export dialog (modal: looked at and closed from inside its loop).
        bool exportShown = false;
        QTimer::singleShot(300, this, [&] {
            if (auto* d = w->findChild<ExportDialog*>(); d && d->isVisible()) {
                exportShown = true;
                screenshot(*d, QStringLiteral("docs-export"));
                d->reject();
            }
        });
        QTest::mouseClick(guide->findChild<QPushButton*>(QStringLiteral("guideGo_export")), Qt::LeftButton);
        QVERIFY(exportShown);
        QCOMPARE(guide->visitedCount(), 6);
        QVERIFY(guide->nextStep().isEmpty());
        // The ticks are settings: a new window still has them; Start over forgets them.
        MainWindow again;
        QCOMPARE(again.guide()->visitedCount(), 6);
        again.guide()->startOver();
        QCOMPARE(guide->visitedCount(), 0);
        // The menus tick steps too: the risk matrix opened from View ▸ Risk Matrix.
        w->findChild<QAction*>(QStringLiteral("showRiskMatrixAction"))->trigger();
        QVERIFY(guide->visited(QStringLiteral("risks")));
        QCOMPARE(guide->visitedCount(), 1);
    }

    void mainViewsAtFullHd() {
        // One screenshot per main view, the guide closed, as the README shows them.
        const QString path = demoMap("views");
        auto w = shownWindow();
        QVERIFY(w->openFile(path));
        MapWorkspace* ws = w->workspace();
        QTRY_VERIFY_WITH_TIMEOUT(!ws->mapView()->isLayoutRunning(), 30000);
        ws->setCurrentWidget(ws->mapView());
        // Grouped by environment and laid out again for those groups, as a CTO would show it.
        MapView* map = ws->mapView();
        auto* groupBy = map->findChild<QComboBox*>(QStringLiteral("mapGroupBy"));
        groupBy->setCurrentIndex(groupBy->findData(static_cast<int>(MapScene::GroupBy::Environment)));
        QSignalSpy ended(map, &MapView::layoutEnded);
        map->relayout(false);
        QVERIFY(ended.wait(60000));
        map->fitAll();
        screenshot(*w, QStringLiteral("docs-map"));
        const std::vector<std::pair<const char*, QWidget*>> views = {
            {"docs-checklist", static_cast<QWidget*>(ws->symptomsPage())},
            {"docs-risk-matrix", static_cast<QWidget*>(ws->riskMatrixPage())},
            {"docs-roadmap", static_cast<QWidget*>(ws->roadmapPage())},
            {"docs-decisions", static_cast<QWidget*>(ws->decisionsPage())}};
        for (const auto& [name, page] : views) {
            ws->setCurrentWidget(page);
            screenshot(*w, QString::fromLatin1(name));
        }
        auto* workshop = new WorkshopMode(*w->project());
        workshop->setAttribute(Qt::WA_DeleteOnClose);
        workshop->resize(kScreen);
        workshop->show();
        QVERIFY(QTest::qWaitForWindowExposed(workshop));
        workshop->setAreaIndex(1);
        screenshot(*workshop, QStringLiteral("docs-workshop"));
        workshop->close();
    }

    void cheatSheetListsTheShortcutsAndNoneCollide() {
        const QString path = demoMap("keys");
        auto w = shownWindow();
        QVERIFY(w->openFile(path));
        // With a map open, every view's actions are in the window: still no key does two things.
        const QStringList conflicts = shortcutConflicts(w.get());
        QVERIFY2(conflicts.isEmpty(), qPrintable(conflicts.join(QStringLiteral("; "))));

        w->findChild<QAction*>(QStringLiteral("shortcutsAction"))->trigger();
        auto* sheet = w->findChild<ShortcutsDialog*>();
        QVERIFY(sheet && sheet->isVisible());
        QStringList titles, rows;
        for (int i = 0; i < sheet->tree()->topLevelItemCount(); ++i) {
            QTreeWidgetItem* head = sheet->tree()->topLevelItem(i);
            titles << head->text(0);
            for (int c = 0; c < head->childCount(); ++c)
                rows << head->child(c)->text(0) + QStringLiteral(" = ") + head->child(c)->text(1);
        }
        for (const char* t : {"File", "Edit", "View", "Analysis", "Help", "Risk Matrix", "Workshop Mode"})
            QVERIFY2(titles.contains(QLatin1String(t)), t);
        for (const char* r : {"Ctrl+Shift+M = Risk Matrix", "F5 = Workshop Mode", "Ctrl+Z = Undo",
                              "Ctrl+/ = Keyboard Shortcuts", "Ctrl+0 = Fit", "Space = timer",
                              "Ctrl+Shift+G = Map", "Ctrl+Alt+0 = Reset Text Size"})
            QVERIFY2(
                rows.contains(QLatin1String(r)),
                qPrintable(
                    QStringLiteral("%1 not in %2").arg(QLatin1String(r), rows.join(QStringLiteral(", ")))));
        // Every shortcut of a menu is on the sheet.
        const int all = sheet->visibleRows();
        QVERIFY(all >= 30);
        sheet->setFilter(QStringLiteral("matrix"));
        QVERIFY(sheet->visibleRows() >= 1 && sheet->visibleRows() < all);
        sheet->setFilter(QString());
        QCOMPARE(sheet->visibleRows(), all);
        sheet->resize(720, 1000);
        screenshot(*sheet, QStringLiteral("docs-shortcuts"));
        closeDialogs();
    }

    void themesApplyAndAreRemembered() {
        const QString path = demoMap("dark");
        {
            auto w = shownWindow();
            QVERIFY(w->openFile(path));
            w->findChild<QAction*>(QStringLiteral("theme_dark"))->trigger();
            QVERIFY(paletteIsDark());
            QCOMPARE(QSettings().value(QStringLiteral("view/theme")).toString(), QStringLiteral("dark"));
            w->workspace()->showRoadmap();
            screenshot(*w, QStringLiteral("docs-dark-roadmap"));
            w->workspace()->setCurrentWidget(w->workspace()->mapView());
            screenshot(*w, QStringLiteral("docs-dark-map"));
            w->findChild<QAction*>(QStringLiteral("theme_light"))->trigger();
            QVERIFY(!paletteIsDark());
            w->findChild<QAction*>(QStringLiteral("theme_dark"))->trigger();
        }
        // A new window starts in the stored theme, with its menu item checked.
        applyTheme(Theme::System);
        MainWindow again;
        QCOMPARE(currentTheme(), Theme::Dark);
        QVERIFY(again.findChild<QAction*>(QStringLiteral("theme_dark"))->isChecked());
        again.findChild<QAction*>(QStringLiteral("theme_system"))->trigger();
        QCOMPARE(currentTheme(), Theme::System);
        QCOMPARE(QSettings().value(QStringLiteral("view/theme")).toString(), QStringLiteral("system"));
    }

    void everyControlHasAnAccessibleName() {
        const QString path = demoMap("a11y");
        auto w = shownWindow();
        QStringList unnamed = unnamedControls(w.get());
        QVERIFY(w->openFile(path));
        w->showGuidedPath();
        w->findChild<QDockWidget*>(QStringLiteral("analysisDock"))->show();
        MapWorkspace* ws = w->workspace();
        for (int i = 0; i < ws->count(); ++i) {
            ws->setCurrentIndex(i);
            QCoreApplication::processEvents();
            unnamed << unnamedControls(w.get());
        }
        unnamed.removeDuplicates();
        for (const QString& u : unnamed)
            qWarning("unnamed: %s", qPrintable(u));
        QVERIFY2(unnamed.isEmpty(),
                 qPrintable(QStringLiteral("%1 controls without a name:\n  ").arg(unnamed.size()) +
                            unnamed.join(QStringLiteral("\n  "))));
    }
};

QTEST_MAIN(TestFirstRun)
#include "tst_firstrun.moc"
