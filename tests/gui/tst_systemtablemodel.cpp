// SystemTableModel: lazy rows, SQLite sorting and filtering, and following the project's signals.

#include "SystemTableModel.h"
#include "TestMaps.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace terrain;
using namespace terrain::test;

class TestSystemTableModel : public QObject {
    Q_OBJECT

private:
    static QStringList strings(std::initializer_list<const char*> items) {
        QStringList out;
        for (const char* i : items)
            out << QString::fromUtf8(i);
        return out;
    }
    static QStringList names(const SystemTableModel& m) {
        QStringList out;
        for (int r = 0; r < m.rowCount(); ++r)
            out << m.index(r, SystemTableModel::Name).data().toString();
        return out;
    }
    static void rename(Project& p, Id id, const std::string& name) {
        auto s = p.get<System>(id);
        QVERIFY(s);
        s->name = name;
        p.save(*s);
    }

private slots:
    void testerFollowsEveryKindOfChange() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        Project& p = *map.project;
        SystemTableModel model(p);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(names(model), strings({"API", "Cache", "Orders DB", "Queue", "Web"}));

        // insert, in sorted position
        const Id id = p.add(makeSystem("Billing", "service", "production"));
        QCOMPARE(names(model), strings({"API", "Billing", "Cache", "Orders DB", "Queue", "Web"}));
        // rename moves the row; a persistent index follows it
        QPersistentModelIndex billing(model.index(1, 0));
        rename(p, id, "Zeta billing");
        QCOMPARE(names(model), strings({"API", "Cache", "Orders DB", "Queue", "Web", "Zeta billing"}));
        QCOMPARE(billing.row(), 5);
        QCOMPARE(billing.data().toString(), QStringLiteral("Zeta billing"));
        // remove, undo, redo
        p.erase<System>(map.cache);
        QCOMPARE(names(model), strings({"API", "Orders DB", "Queue", "Web", "Zeta billing"}));
        p.undo();
        QCOMPARE(names(model), strings({"API", "Cache", "Orders DB", "Queue", "Web", "Zeta billing"}));
        p.redo();
        QCOMPARE(model.rowCount(), 5);
        // sort and filter
        model.sort(SystemTableModel::Kind, Qt::DescendingOrder);
        QCOMPARE(model.index(0, SystemTableModel::Kind).data().toString(), QStringLiteral("service"));
        SystemQuery f;
        f.text = "orders"; // not "db": keys are manual:<uuid>, and hex has d and b
        model.setFilter(f);
        QCOMPARE(names(model), strings({"Orders DB"}));
        model.setFilter({});
        QCOMPARE(model.rowCount(), 5);
    }

    void readsOnlyTheRowsShown() {
        QTemporaryDir dir;
        auto p = Project::create(pathIn(dir));
        p->edit(QStringLiteral("many"), [&] {
            for (int i = 0; i < 3000; ++i)
                p->add(makeSystem("system " + std::to_string(10000 + i), "service", "production"));
        });
        SystemTableModel model(*p);
        QCOMPARE(model.rowCount(), 3000);
        QCOMPARE(model.rowsFetched(), 0);
        for (int r = 100; r < 120; ++r)
            QCOMPARE(model.index(r, SystemTableModel::Name).data().toString(),
                     QStringLiteral("system %1").arg(10000 + r));
        QCOMPARE(model.rowsFetched(), 20);
        // cached: asking again reads nothing
        for (int r = 100; r < 120; ++r)
            model.index(r, SystemTableModel::Kind).data();
        QCOMPARE(model.rowsFetched(), 20);
        // the id role needs no row at all
        QVERIFY(model.index(2999, 0).data(SystemTableModel::IdRole).toLongLong() > 0);
        QCOMPARE(model.rowsFetched(), 20);
    }

    void sortsAndFiltersInSqlite_data() {
        QTest::addColumn<int>("column");
        QTest::addColumn<bool>("descending");
        for (int c = 0; c < SystemTableModel::ColumnCount; ++c) {
            QTest::addRow("%s asc", SystemTableModel::columnName(c)) << c << false;
            QTest::addRow("%s desc", SystemTableModel::columnName(c)) << c << true;
        }
    }

    void sortsAndFiltersInSqlite() {
        QFETCH(int, column);
        QFETCH(bool, descending);
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        SystemTableModel model(*map.project);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.sort(column, descending ? Qt::DescendingOrder : Qt::AscendingOrder);
        SystemQuery q;
        q.orderBy = SystemTableModel::columnName(column);
        q.descending = descending;
        const auto ids = map.project->systemIds(q);
        QCOMPARE(model.rowCount(), static_cast<int>(ids.size()));
        for (int r = 0; r < model.rowCount(); ++r)
            QCOMPARE(model.idAt(r), ids[static_cast<size_t>(r)]);
    }

    void filtersByKindEnvironmentAndOwner() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        SystemTableModel model(*map.project);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy shown(&model, &SystemTableModel::shownCountChanged);
        SystemQuery q;
        q.kind = "service";
        model.setFilter(q);
        QCOMPARE(names(model), strings({"API", "Web"}));
        QVERIFY(shown.count() > 0);
        q = {};
        q.environment = "staging";
        model.setFilter(q);
        QCOMPARE(names(model), strings({"Cache"}));
        q = {};
        q.owner = "-";
        model.setFilter(q);
        QCOMPARE(names(model), strings({"Cache"}));
        q = {};
        q.owner = "backend";
        model.setFilter(q);
        QCOMPARE(names(model), strings({"API", "Orders DB"}));
        // an edit that takes a row out of the filter removes it
        rename(*map.project, map.api, "API gateway");
        auto api = map.project->get<System>(map.api);
        api->owner = "platform";
        map.project->save(*api);
        QCOMPARE(names(model), strings({"Orders DB"}));
        QCOMPARE(model.totalCount(), 5);
    }

    void largeEditsResetTheModel() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        Project& p = *map.project;
        SystemTableModel model(p);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        p.edit(QStringLiteral("import"), [&] {
            for (int i = 0; i < 800; ++i)
                p.add(makeSystem("imported " + std::to_string(i), "compute", "production"));
        });
        QCOMPARE(model.rowCount(), 805);
        QVERIFY(reset.count() >= 1);
        p.undo();
        QCOMPARE(model.rowCount(), 5);
    }

    void showsGoneSystemsGreyedAndItalic() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        auto s = map.project->get<System>(map.queue);
        s->status = "gone";
        map.project->save(*s);
        SystemTableModel model(*map.project);
        const int row = model.rowOf(map.queue);
        QVERIFY(row >= 0);
        QVERIFY(model.index(row, 0).data(Qt::FontRole).value<QFont>().italic());
        QVERIFY(model.index(row, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("Gone")));
        QVERIFY(!model.index(model.rowOf(map.web), 0).data(Qt::FontRole).isValid());
    }
};

QTEST_MAIN(TestSystemTableModel) // fonts and palette roles need a QGuiApplication
#include "tst_systemtablemodel.moc"
