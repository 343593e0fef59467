// EntityTableModel: one descriptor-driven model for every kind; edits, references, undo, the file.

#include "EntityTableModel.h"
#include "TestMaps.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace terrain;
using namespace terrain::test;

// QCOMPARE does not know nlohmann::json: compare and print both on failure.
#define COMPARE_JSON(actual, expected)                                                                       \
    do {                                                                                                     \
        const json a_ = (actual);                                                                            \
        const json e_ = (expected);                                                                          \
        QVERIFY2(a_ == e_, qPrintable(QStringLiteral("%1 != %2")                                             \
                                          .arg(QString::fromStdString(a_.dump()),                            \
                                               QString::fromStdString(e_.dump()))));                         \
    } while (false)

class TestEntityTableModel : public QObject {
    Q_OBJECT

private:
    static int columnOf(const EntityTableModel& m, const char* member) {
        for (int c = 0; c < m.columnCount(); ++c)
            if (m.column(c).member == member)
                return c;
        return -1;
    }

    /// A valid new value for column `c` and the JSON the store should then hold.
    static bool sampleValue(Project& p, const EntityColumn& c, const json& current, QVariant& value,
                            json& expected, int& role) {
        role = Qt::EditRole;
        switch (c.type) {
        case FieldType::Text:
            value = QStringLiteral("Edited %1").arg(QString::fromStdString(c.member));
            expected = value.toString().toStdString();
            return true;
        case FieldType::LongText:
            value = QStringLiteral("first line\nsecond line");
            expected = "first line\nsecond line";
            return true;
        case FieldType::Int:
        case FieldType::IntChoice: {
            const int n = current.is_number() && current.get<int>() == c.maximum ? c.minimum : c.maximum;
            value = n;
            expected = n;
            return true;
        }
        case FieldType::Bool: {
            const bool now = current.is_boolean() && current.get<bool>();
            value = now ? Qt::Unchecked : Qt::Checked;
            expected = !now;
            role = Qt::CheckStateRole;
            return true;
        }
        case FieldType::Enum:
            expected = c.choices.back() == current ? c.choices.front() : c.choices.back();
            value = QString::fromStdString(expected.get<std::string>());
            return true;
        case FieldType::EditableEnum:
            value = QStringLiteral("custom value");
            expected = "custom value";
            return true;
        case FieldType::Reference: {
            const auto rows = p.list(c.target);
            for (const auto& r : rows) {
                if (r.at("id") != current) {
                    value = QVariant::fromValue<qlonglong>(r.at("id").get<qlonglong>());
                    expected = r.at("id");
                    return true;
                }
            }
            return false;
        }
        case FieldType::ReferenceList: {
            const auto rows = p.list(c.target);
            if (rows.empty())
                return false;
            value = entityLabel(c.target, rows.back());
            expected = json::array({rows.back().at("id")});
            return true;
        }
        case FieldType::StringList:
            value = QStringLiteral(" alpha, beta ,, ");
            expected = json::array({"alpha", "beta"});
            return true;
        }
        return false;
    }

private slots:
    void everyKindEditsAddsAndDeletes_data() {
        QTest::addColumn<EntityKind>("kind");
        for (EntityKind k : kAllKinds)
            QTest::newRow(kindName(k).c_str()) << k;
    }

    void everyKindEditsAddsAndDeletes() {
        QFETCH(EntityKind, kind);
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        Project& p = *map.project;
        if (kind == EntityKind::Import) {
            ImportRun run;
            run.file = "state.tfstate";
            run.format = "tfstate";
            run.time = "2024-05-01T10:00:00Z";
            run.warnings = {"one", "two"};
            run.path = "/infra/state.tfstate";
            p.add(run);
        }
        EntityTableModel model(p, kind);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), static_cast<int>(p.count(kind)));
        QVERIFY(model.columnCount() > 0);

        // add
        int row = -1;
        if (kind == EntityKind::Dependency) {
            Dependency d;
            d.from = map.queue;
            d.to = map.db;
            row = model.addRow(json(d));
        } else if (kind != EntityKind::Import) {
            row = model.addRow();
        } else {
            row = model.rowCount() - 1;
        }
        QVERIFY(row >= 0);
        QCOMPARE(model.rowCount(), static_cast<int>(p.count(kind)));
        const Id id = model.idAt(row);
        QVERIFY(id > 0);

        // edit every editable column; each edit is one undo step and in the store
        for (int c = 0; c < model.columnCount(); ++c) {
            const EntityColumn& col = model.column(c);
            const QModelIndex index = model.index(model.rowOf(id), c);
            QCOMPARE(bool(model.flags(index) & (Qt::ItemIsEditable | Qt::ItemIsUserCheckable)), col.editable);
            if (!col.editable)
                continue;
            const json current = p.get(kind, id)->at(col.member);
            QVariant value;
            json expected;
            int role = Qt::EditRole;
            if (!sampleValue(p, col, current, value, expected, role))
                continue;
            QVERIFY2(model.setData(index, value, role), qPrintable(col.header));
            COMPARE_JSON(p.get(kind, id)->at(col.member), expected);
            QVERIFY2(p.undoText().contains(col.header.toLower()), qPrintable(p.undoText()));
            if (col.type == FieldType::Bool)
                QCOMPARE(index.data(Qt::CheckStateRole).toInt(),
                         expected.get<bool>() ? int(Qt::Checked) : int(Qt::Unchecked));
            else
                QVERIFY(!index.data(Qt::DisplayRole).toString().isEmpty() || expected.is_null());
        }

        // delete, undo, redo
        if (kind != EntityKind::Import) {
            const int before = model.rowCount();
            QVERIFY(model.removeRows(model.rowOf(id), 1));
            QCOMPARE(model.rowCount(), before - 1);
            QCOMPARE(model.rowOf(id), -1);
            p.undo();
            QCOMPARE(model.rowCount(), before);
            QVERIFY(model.rowOf(id) >= 0);
            p.redo();
            QCOMPARE(model.rowOf(id), -1);
        }
    }

    void dependencyEndsShowSystemNamesAndFollowRenames() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        EntityTableModel model(*map.project, EntityKind::Dependency);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const int from = columnOf(model, "from");
        const int to = columnOf(model, "to");
        const int row = model.rowOf(map.webToApi);
        QCOMPARE(model.index(row, from).data().toString(), QStringLiteral("Web"));
        QCOMPARE(model.index(row, to).data().toString(), QStringLiteral("API"));
        QCOMPARE(model.index(row, to).data(EntityTableModel::RawValueRole).toLongLong(), map.api);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        auto api = map.project->get<System>(map.api);
        api->name = "Public API";
        map.project->save(*api);
        QVERIFY(changed.count() > 0);
        QCOMPARE(model.index(row, to).data().toString(), QStringLiteral("Public API"));
        map.project->undo();
        QCOMPARE(model.index(row, to).data().toString(), QStringLiteral("API"));
    }

    void deletingASystemRemovesItsDependenciesAndUndoBringsThemBack() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        EntityTableModel systems(*map.project, EntityKind::System);
        EntityTableModel deps(*map.project, EntityKind::Dependency);
        EntityTableModel risks(*map.project, EntityKind::Risk);
        QAbstractItemModelTester t1(&systems, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&deps, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(deps.rowCount(), 4);
        QVERIFY(systems.removeIds({map.api}));
        QCOMPARE(deps.rowCount(), 0);
        QCOMPARE(systems.rowCount(), 4);
        QVERIFY(map.project->undoText().contains(QStringLiteral("API")));
        map.project->undo();
        QCOMPARE(deps.rowCount(), 4);
        QCOMPARE(deps.index(deps.rowOf(map.apiToDb), columnOf(deps, "from")).data().toString(),
                 QStringLiteral("API"));

        // a referenced system in a list: the risk's link goes and comes back
        const int sys = columnOf(risks, "systems");
        QCOMPARE(risks.index(risks.rowOf(map.dbRisk), sys).data().toString(), QStringLiteral("Orders DB"));
        QVERIFY(systems.removeIds({map.db}));
        QCOMPARE(risks.index(risks.rowOf(map.dbRisk), sys).data().toString(), QString());
        map.project->undo();
        QCOMPARE(risks.index(risks.rowOf(map.dbRisk), sys).data().toString(), QStringLiteral("Orders DB"));
    }

    void referenceListsTakeNamesAndRefuseUnknownOnes() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        EntityTableModel risks(*map.project, EntityKind::Risk);
        QSignalSpy errors(&risks, &EntityTableModel::errorOccurred);
        const QModelIndex cell = risks.index(risks.rowOf(map.dbRisk), columnOf(risks, "systems"));
        QVERIFY(risks.setData(cell, QStringLiteral("web, Orders DB, Web")));
        QCOMPARE(map.project->get<Risk>(map.dbRisk)->systems, (std::vector<Id>{map.web, map.db}));
        QCOMPARE(cell.data().toString(), QStringLiteral("Web, Orders DB"));
        QVERIFY(!risks.setData(cell, QStringLiteral("Web, Nowhere")));
        QCOMPARE(errors.count(), 1);
        QVERIFY(errors.first().first().toString().contains(QStringLiteral("Nowhere")));
        QCOMPARE(map.project->get<Risk>(map.dbRisk)->systems, (std::vector<Id>{map.web, map.db}));
        // keys work too
        const auto key = map.project->get<System>(map.queue)->key;
        QVERIFY(risks.setData(cell, QString::fromStdString(key)));
        QCOMPARE(map.project->get<Risk>(map.dbRisk)->systems, (std::vector<Id>{map.queue}));
    }

    void repeatedNamesKeepTheLinkTheyHad() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        const Id stagingWeb = map.project->add(makeSystem("Web", "service", "staging"));
        auto risk = *map.project->get<Risk>(map.dbRisk);
        risk.systems = {stagingWeb};
        map.project->save(risk);
        EntityTableModel risks(*map.project, EntityKind::Risk);
        const QModelIndex cell = risks.index(risks.rowOf(map.dbRisk), columnOf(risks, "systems"));
        QCOMPARE(cell.data(Qt::EditRole).toString(), QStringLiteral("Web"));
        QVERIFY(risks.setData(cell, QStringLiteral("Web, API")));
        QCOMPARE(map.project->get<Risk>(map.dbRisk)->systems, (std::vector<Id>{stagingWeb, map.api}));
    }

    void invalidValuesAreRefused_data() {
        QTest::addColumn<EntityKind>("kind");
        QTest::addColumn<QString>("member");
        QTest::addColumn<QVariant>("value");
        QTest::newRow("unknown status")
            << EntityKind::Initiative << "status" << QVariant(QStringLiteral("bogus"));
        QTest::newRow("likelihood too high") << EntityKind::Risk << "likelihood" << QVariant(9);
        QTest::newRow("likelihood not a number")
            << EntityKind::Risk << "likelihood" << QVariant(QStringLiteral("x"));
        QTest::newRow("dependency without an end")
            << EntityKind::Dependency << "to" << QVariant::fromValue<qlonglong>(0);
        QTest::newRow("dependency to nothing")
            << EntityKind::Dependency << "from" << QVariant::fromValue<qlonglong>(987654);
        QTest::newRow("dependency to an unknown name")
            << EntityKind::Dependency << "to" << QVariant(QStringLiteral("Nope"));
        QTest::newRow("unknown area") << EntityKind::Risk << "area" << QVariant(QStringLiteral("Gardening"));
    }

    void invalidValuesAreRefused() {
        QFETCH(EntityKind, kind);
        QFETCH(QString, member);
        QFETCH(QVariant, value);
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        EntityTableModel model(*map.project, kind);
        QSignalSpy errors(&model, &EntityTableModel::errorOccurred);
        const auto before = map.project->list(kind);
        QVERIFY(!model.setData(model.index(0, columnOf(model, member.toStdString().c_str())), value));
        QCOMPARE(errors.count(), 1);
        QVERIFY(!errors.first().first().toString().isEmpty());
        QVERIFY(map.project->list(kind) == before);
        QVERIFY(!map.project->canUndo());
    }

    void referencesTakeNamesAndCanBeCleared() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        EntityTableModel initiatives(*map.project, EntityKind::Initiative);
        const QModelIndex area =
            initiatives.index(initiatives.rowOf(map.ciInitiative), columnOf(initiatives, "area"));
        QVERIFY(initiatives.setData(area, QStringLiteral("release process")));
        const auto areaId = map.project->get<Initiative>(map.ciInitiative)->area;
        QVERIFY(areaId);
        QCOMPARE(area.data().toString(), QStringLiteral("Release process"));
        QVERIFY(initiatives.setData(area, QVariant::fromValue<qlonglong>(0)));
        QVERIFY(!map.project->get<Initiative>(map.ciInitiative)->area);
        QCOMPARE(area.data().toString(), QString());
        // prerequisites refer to the same kind
        const QModelIndex pre =
            initiatives.index(initiatives.rowOf(map.ciInitiative), columnOf(initiatives, "prerequisites"));
        QCOMPARE(pre.data().toString(), QStringLiteral("Restore the DB backup monthly"));
        QSignalSpy changed(&initiatives, &QAbstractItemModel::dataChanged);
        auto backup = *map.project->get<Initiative>(map.backupInitiative);
        backup.title = "Restore backups weekly";
        map.project->save(backup);
        QCOMPARE(pre.data().toString(), QStringLiteral("Restore backups weekly"));
    }

    void editsAreInTheFileWhenSetDataReturns() {
        QTemporaryDir dir;
        const std::string path = pathIn(dir);
        SmallMap map(path);
        EntityTableModel symptoms(*map.project, EntityKind::Symptom);
        const int observed = columnOf(symptoms, "observed");
        QVERIFY(symptoms.flags(symptoms.index(0, observed)) & Qt::ItemIsUserCheckable);
        QVERIFY(symptoms.setData(symptoms.index(0, observed), Qt::Checked, Qt::CheckStateRole));
        const Id id = symptoms.idAt(0);
        auto other = Project::open(path);
        QVERIFY(other->get<Symptom>(id)->observed);
        map.project->undo();
        QVERIFY(!other->get<Symptom>(id)->observed);
        QCOMPARE(symptoms.index(0, observed).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    }

    void decisionsShowTheirNumberAsAdr() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        EntityTableModel decisions(*map.project, EntityKind::Decision);
        const int number = columnOf(decisions, "number");
        QCOMPARE(decisions.index(0, number).data().toString(), QStringLiteral("ADR-1"));
        QVERIFY(!(decisions.flags(decisions.index(0, number)) & Qt::ItemIsEditable));
        const QModelIndex deciders = decisions.index(0, columnOf(decisions, "deciders"));
        QVERIFY(decisions.setData(deciders, QStringLiteral("CTO, Lead engineer")));
        QCOMPARE(map.project->get<Decision>(map.decision)->deciders,
                 (std::vector<std::string>{"CTO", "Lead engineer"}));
    }

    void bulkChangesResetTheModel() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        Project& p = *map.project;
        EntityTableModel deps(p, EntityKind::Dependency);
        QAbstractItemModelTester tester(&deps, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&deps, &QAbstractItemModel::modelReset);
        p.edit(QStringLiteral("many"), [&] {
            for (int i = 0; i < 600; ++i) {
                Dependency d;
                d.from = map.web;
                d.to = p.add(makeSystem("node " + std::to_string(i), "compute", "production"));
                p.add(d);
            }
        });
        QCOMPARE(deps.rowCount(), 604);
        QVERIFY(reset.count() >= 1);
        p.undo();
        QCOMPARE(deps.rowCount(), 4);
    }
};

QTEST_GUILESS_MAIN(TestEntityTableModel)
#include "tst_entitytablemodel.moc"
