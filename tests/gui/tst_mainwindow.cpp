// MainWindow, offscreen: the demo map opened, a system renamed through the inspector, undone; files,
// errors and recent maps; screenshots of every tab for a person to look at.

#include "EntityTableModel.h"
#include "EntityTablePage.h"
#include "MainWindow.h"
#include "MapWorkspace.h"
#include "SystemInspector.h"
#include "SystemTableModel.h"
#include "SystemTablePage.h"
#include "TestMaps.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace terrain;
using namespace terrain::test;

class TestMainWindow : public QObject {
    Q_OBJECT

private:
    static QString screenshot(QWidget& w, const char* name) {
        QCoreApplication::processEvents();
        const QString file = QStringLiteral(TERRAIN_SCREENSHOT_DIR "/%1.png").arg(QString::fromLatin1(name));
        if (!w.grab().save(file))
            qWarning("could not save %s", qPrintable(file));
        return file;
    }
    static QString createDemo(const QTemporaryDir& dir) {
        const QString path = dir.filePath(QStringLiteral("demo.terrain"));
        auto p = Project::create(path.toStdString());
        seedCatalog(*p);
        populateDemo(*p);
        return path;
    }
    static void closeMessageBoxes(QWidget& w) {
        for (auto* box : w.findChildren<QMessageBox*>())
            box->close();
        QCoreApplication::processEvents();
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("TerrainTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings().clear();
        QVERIFY(QDir().mkpath(QStringLiteral(TERRAIN_SCREENSHOT_DIR)));
    }

    void renameThroughTheInspectorAndUndo() {
        QTemporaryDir dir;
        const QString path = createDemo(dir);
        MainWindow w;
        QVERIFY(w.openFile(path));
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QCOMPARE(w.windowTitle(), QStringLiteral("demo.terrain — Terrain"));
        QCOMPARE(w.windowFilePath(), QFileInfo(path).absoluteFilePath());

        SystemTablePage* page = w.workspace()->systemsPage();
        SystemTableModel* model = page->model();
        QVERIFY2(model->rowCount() >= 10, "the demo map has systems");
        // the table reads only the rows it shows
        QVERIFY(model->rowsFetched() <= model->rowCount());

        // select a system by clicking its row
        const QModelIndex third = model->index(2, SystemTableModel::Name);
        QTest::mouseClick(page->view()->viewport(), Qt::LeftButton, {},
                          page->view()->visualRect(third).center());
        const Id id = page->currentSystemId();
        QVERIFY(id > 0);
        QCOMPARE(w.inspector()->systemId(), id);
        const QString oldName = third.data().toString();
        auto* name = w.inspector()->findChild<QLineEdit*>(QStringLiteral("nameEdit"));
        QCOMPARE(name->text(), oldName);

        // rename through the inspector
        const QString newName = QStringLiteral("Renamed in the workshop");
        name->setFocus();
        name->selectAll();
        QTest::keyClicks(name, newName);
        QTest::keyClick(name, Qt::Key_Return);
        QCOMPARE(model->index(model->rowOf(id), SystemTableModel::Name).data().toString(), newName);
        QCOMPARE(QString::fromStdString(Project::open(path.toStdString())->get<System>(id)->name), newName);
        QCOMPARE(w.findChild<QLabel*>(QStringLiteral("savedLabel"))->text(),
                 QStringLiteral("All changes saved"));
        QVERIFY(w.undoAction()->isEnabled());
        QVERIFY2(w.undoAction()->text().contains(QStringLiteral("name")), qPrintable(w.undoAction()->text()));
        QVERIFY(!w.redoAction()->isEnabled());
        screenshot(w, "main-window-renamed");

        // undo with Ctrl+Z from the table
        page->view()->setFocus();
        QTest::keyClick(page->view(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(model->index(model->rowOf(id), SystemTableModel::Name).data().toString(), oldName);
        QCOMPARE(QString::fromStdString(Project::open(path.toStdString())->get<System>(id)->name), oldName);
        QCOMPARE(name->text(), oldName);
        QVERIFY(!w.undoAction()->isEnabled());
        QVERIFY(w.redoAction()->isEnabled());
        QCOMPARE(page->currentSystemId(), id);
        screenshot(w, "main-window");

        // redo through the menu action, then undo again
        w.redoAction()->trigger();
        QCOMPARE(model->index(model->rowOf(id), SystemTableModel::Name).data().toString(), newName);
        w.undoAction()->trigger();
        QCOMPARE(model->index(model->rowOf(id), SystemTableModel::Name).data().toString(), oldName);

        // every tab shows rows and can be looked at
        for (EntityKind kind :
             {EntityKind::Dependency, EntityKind::Area, EntityKind::Initiative, EntityKind::Risk,
              EntityKind::Decision, EntityKind::Symptom, EntityKind::Migration}) {
            w.workspace()->showKind(kind);
            EntityTablePage* p = w.workspace()->page(kind);
            QVERIFY(p->hasModel());
            QVERIFY2(p->model()->rowCount() > 0, qPrintable(entityTitle(kind)));
            screenshot(w, ("main-window-" + kindName(kind)).c_str());
        }
    }

    void deleteASystemFromTheTableAndUndo() {
        QTemporaryDir dir;
        const QString path = createDemo(dir);
        MainWindow w;
        QVERIFY(w.openFile(path));
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        Project& p = *w.project();
        // the system with the most dependencies
        Id busiest = 0;
        size_t most = 0;
        for (Id id : p.systemIds())
            if (const auto n = p.dependenciesOf(id).size(); n > most) {
                most = n;
                busiest = id;
            }
        QVERIFY(most > 0);
        const auto deps = p.count(EntityKind::Dependency);
        QVERIFY(w.workspace()->selectSystem(busiest));
        auto* view = w.workspace()->systemsPage()->view();
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Delete);
        QVERIFY(!p.get(EntityKind::System, busiest));
        QCOMPARE(p.count(EntityKind::Dependency), deps - static_cast<std::int64_t>(most));
        QVERIFY(w.inspector()->systemId() != busiest);
        w.undoAction()->trigger();
        QVERIFY(p.get(EntityKind::System, busiest));
        QCOMPARE(p.count(EntityKind::Dependency), deps);
    }

    void newMapHasTheCatalogAndOpensEmpty() {
        QTemporaryDir dir;
        MainWindow w;
        const QString path = dir.filePath(QStringLiteral("fresh.terrain"));
        QVERIFY(w.newFile(path));
        QCOMPARE(w.project()->count(EntityKind::Area), 10);
        QVERIFY(w.project()->count(EntityKind::Symptom) >= 10);
        QCOMPARE(w.project()->count(EntityKind::System), 0);
        QVERIFY(!w.undoAction()->isEnabled());
        QCOMPARE(w.windowTitle(), QStringLiteral("fresh.terrain — Terrain"));
        // replacing it: the old file goes away, a new empty map takes its place
        w.workspace()->systemsPage()->addSystem();
        QCOMPARE(w.project()->count(EntityKind::System), 1);
        MainWindow other;
        QVERIFY(other.newFile(path));
        QCOMPARE(other.project()->count(EntityKind::System), 0);
    }

    void openErrorsAreShownAndKeepTheOpenMap() {
        QTemporaryDir dir;
        MainWindow w;
        QVERIFY(w.newFile(dir.filePath(QStringLiteral("good.terrain"))));
        const QString bad = dir.filePath(QStringLiteral("bad.terrain"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a database, it is a text file\n");
        f.close();
        QSignalSpy errors(&w, &MainWindow::errorShown);
        QVERIFY(!w.openFile(bad));
        QCOMPARE(errors.count(), 1);
        QVERIFY2(errors.first().first().toString().contains(QStringLiteral("bad.terrain")),
                 qPrintable(errors.first().first().toString()));
        QCOMPARE(w.windowTitle(), QStringLiteral("good.terrain — Terrain"));
        closeMessageBoxes(w);
        QVERIFY(!w.openFile(dir.filePath(QStringLiteral("missing.terrain"))));
        QCOMPARE(errors.count(), 2);
        closeMessageBoxes(w);
    }

    void recentFilesDropMissingOnes() {
        QSettings().clear();
        QTemporaryDir dir;
        MainWindow w;
        QStringList made;
        for (int i = 0; i < 12; ++i) {
            made << dir.filePath(QStringLiteral("map%1.terrain").arg(i));
            QVERIFY(w.newFile(made.last()));
        }
        QStringList recent = MainWindow::recentFiles();
        QCOMPARE(recent.size(), 10);
        QCOMPARE(recent.first(), made.last());
        w.setProject(nullptr);
        QVERIFY(QFile::remove(made.last()));
        recent = MainWindow::recentFiles();
        QCOMPARE(recent.size(), 9);
        QVERIFY(!recent.contains(made.last()));
    }

    void welcomePageAndGeometryAreRemembered() {
        QSettings().clear();
        QTemporaryDir dir;
        QVERIFY(MainWindow().newFile(dir.filePath(QStringLiteral("recent.terrain"))));
        {
            MainWindow w;
            w.resize(1600, 1000);
            w.show();
            QVERIFY(QTest::qWaitForWindowActive(&w));
            QVERIFY(!w.project());
            screenshot(w, "welcome");
            w.resize(1300, 800);
            w.close();
        }
        QVERIFY(QSettings().contains(QStringLiteral("window/geometry")));
        MainWindow again;
        QCOMPARE(again.size(), QSize(1300, 800));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
