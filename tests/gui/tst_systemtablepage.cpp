// SystemTablePage: the filter bar, the count, add and delete (one undo step), selection by id.

#include "LazyComboBox.h"
#include "SystemTableModel.h"
#include "SystemTablePage.h"
#include "TestMaps.h"

#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace terrain;
using namespace terrain::test;

class TestSystemTablePage : public QObject {
    Q_OBJECT

private:
    static QLabel* countLabel(SystemTablePage& page) {
        return page.findChild<QLabel*>(QStringLiteral("systemCount"));
    }

private slots:
    void filtersAndCounts() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        SystemTablePage page(*map.project);
        QCOMPARE(countLabel(page)->text(), QStringLiteral("5 systems"));
        page.filterEdit()->setText(QStringLiteral("orders"));
        page.applyFilter();
        QCOMPARE(page.model()->rowCount(), 1);
        QCOMPARE(countLabel(page)->text(), QStringLiteral("1 of 5 systems"));
        page.clearFilter();
        QCOMPARE(page.model()->rowCount(), 5);

        auto* kind = page.findChild<LazyComboBox*>(QStringLiteral("kindFilter"));
        kind->refreshItems();           // what opening the popup does
        QCOMPARE(kind->count(), 1 + 4); // "All kinds" + cache, database, queue, service
        kind->setCurrentIndex(kind->findData(QStringLiteral("service")));
        QCOMPARE(page.model()->rowCount(), 2);
        auto* owner = page.findChild<LazyComboBox*>(QStringLiteral("ownerFilter"));
        owner->refreshItems();
        owner->setCurrentIndex(owner->findData(QStringLiteral("frontend")));
        QCOMPARE(page.model()->rowCount(), 1);
        QCOMPARE(page.model()->index(0, 0).data().toString(), QStringLiteral("Web"));
    }

    void selectingAHiddenSystemClearsTheFilter() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        SystemTablePage page(*map.project);
        QSignalSpy current(&page, &SystemTablePage::currentSystemChanged);
        page.filterEdit()->setText(QStringLiteral("web"));
        page.applyFilter();
        QVERIFY(page.selectSystem(map.queue));
        QCOMPARE(page.model()->rowCount(), 5);
        QCOMPARE(page.currentSystemId(), map.queue);
        QCOMPARE(current.last().first().value<Id>(), map.queue);
        QVERIFY(!page.selectSystem(123456));
    }

    void selectionSurvivesResortAndReset() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        map.project->edit(QStringLiteral("more"), [&] {
            for (int i = 0; i < 200; ++i)
                map.project->add(makeSystem("worker " + std::to_string(i), "compute", "production"));
        });
        SystemTablePage page(*map.project);
        QVERIFY(page.selectSystem(map.db));
        page.view()->sortByColumn(SystemTableModel::Kind, Qt::DescendingOrder);
        QCOMPARE(page.model()->idAt(page.view()->currentIndex().row()), map.db);
        // a filter that drops rows, then one that brings 200 back (a model reset): the current system
        // stays current
        page.filterEdit()->setText(QStringLiteral("orders"));
        page.applyFilter();
        QCOMPARE(page.model()->rowCount(), 1);
        QCOMPARE(page.currentSystemId(), map.db);
        QSignalSpy reset(page.model(), &QAbstractItemModel::modelReset);
        page.clearFilter();
        QCOMPARE(reset.count(), 1);
        QCOMPARE(page.model()->rowCount(), 205);
        QCOMPARE(page.currentSystemId(), map.db);
        QCOMPARE(page.model()->idAt(page.view()->currentIndex().row()), map.db);
    }

    void addSelectsTheNewSystem() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        SystemTablePage page(*map.project);
        QSignalSpy edit(&page, &SystemTablePage::editRequested);
        page.filterEdit()->setText(QStringLiteral("web"));
        page.applyFilter();
        page.addSystem();
        QCOMPARE(edit.count(), 1);
        const Id id = edit.first().first().value<Id>();
        QCOMPARE(page.currentSystemId(), id);
        QCOMPARE(map.project->get<System>(id)->name, std::string("New system"));
        QCOMPARE(page.model()->rowCount(), 6);
    }

    void deleteIsOneUndoStepWithTheDependencies() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        SystemTablePage page(*map.project);
        page.show();
        QVERIFY(QTest::qWaitForWindowActive(&page));
        auto* view = page.view();
        auto* sel = view->selectionModel();
        const auto rowsOf = [&](Id id) { return page.model()->index(page.model()->rowOf(id), 0); };
        sel->select(rowsOf(map.api), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        sel->select(rowsOf(map.web), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Delete);
        QCOMPARE(page.model()->rowCount(), 3);
        QCOMPARE(map.project->count(EntityKind::Dependency), 0);
        QCOMPARE(map.project->undoText(), QStringLiteral("Delete 2 systems"));
        map.project->undo();
        QCOMPARE(page.model()->rowCount(), 5);
        QCOMPARE(map.project->count(EntityKind::Dependency), 4);
    }
};

QTEST_MAIN(TestSystemTablePage)
#include "tst_systemtablepage.moc"
