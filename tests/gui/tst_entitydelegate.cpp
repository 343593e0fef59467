// EntityDelegate: the editor each FieldType gets, and the round trip editor -> model -> store.

#include "EntityDelegate.h"
#include "EntityTableModel.h"
#include "SystemPicker.h"
#include "TestMaps.h"

#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QStyleOptionViewItem>
#include <QTest>

using namespace terrain;
using namespace terrain::test;

class TestEntityDelegate : public QObject {
    Q_OBJECT

private:
    static int columnOf(const EntityTableModel& m, const char* member) {
        for (int c = 0; c < m.columnCount(); ++c)
            if (m.column(c).member == member)
                return c;
        qFatal("no column %s", member);
    }
    struct Fixture {
        QTemporaryDir dir;
        SmallMap map{pathIn(dir)};
        QWidget host;
        EntityDelegate delegate;
    };
    template <class W> static W* editorFor(Fixture& f, EntityTableModel& m, int row, const char* member) {
        const QModelIndex index = m.index(row, columnOf(m, member));
        QWidget* editor = f.delegate.createEditor(&f.host, QStyleOptionViewItem(), index);
        auto* w = qobject_cast<W*>(editor);
        if (!w)
            qFatal("editor of %s is a %s", member, editor ? editor->metaObject()->className() : "nullptr");
        f.delegate.setEditorData(w, index);
        return w;
    }

private slots:
    void textIntEnumAndLongTextEditors() {
        Fixture f;
        Project& p = *f.map.project;
        EntityTableModel m(p, EntityKind::Initiative);
        const int row = m.rowOf(f.map.ciInitiative);

        auto* title = editorFor<QLineEdit>(f, m, row, "title");
        QCOMPARE(title->text(), QStringLiteral("CI pipeline for the API"));
        title->setText(QStringLiteral("CI pipeline for every service"));
        f.delegate.setModelData(title, &m, m.index(row, columnOf(m, "title")));
        QCOMPARE(p.get<Initiative>(f.map.ciInitiative)->title, std::string("CI pipeline for every service"));

        auto* value = editorFor<QSpinBox>(f, m, row, "value");
        QCOMPARE(value->maximum(), 10);
        value->setValue(9);
        f.delegate.setModelData(value, &m, m.index(row, columnOf(m, "value")));
        QCOMPARE(p.get<Initiative>(f.map.ciInitiative)->value, 9);

        auto* phase = editorFor<QComboBox>(f, m, row, "phase");
        QCOMPARE(phase->itemText(0), QStringLiteral("—")); // phase may be empty
        phase->setCurrentIndex(phase->findData(QStringLiteral("next")));
        f.delegate.setModelData(phase, &m, m.index(row, columnOf(m, "phase")));
        QCOMPARE(p.get<Initiative>(f.map.ciInitiative)->phase, std::string("next"));

        auto* description = editorFor<QPlainTextEdit>(f, m, row, "description");
        description->setPlainText(QStringLiteral("Build, test\nand deploy"));
        f.delegate.setModelData(description, &m, m.index(row, columnOf(m, "description")));
        QCOMPARE(p.get<Initiative>(f.map.ciInitiative)->description, std::string("Build, test\nand deploy"));
        QCOMPARE(m.index(row, columnOf(m, "description")).data().toString(), QStringLiteral("Build, test …"));

        QVERIFY(!f.delegate.createEditor(&f.host, QStyleOptionViewItem(),
                                         m.index(row, columnOf(m, "risk_reduction_auto"))));
    }

    void referenceEditors() {
        Fixture f;
        Project& p = *f.map.project;
        EntityTableModel m(p, EntityKind::Initiative);
        const int row = m.rowOf(f.map.ciInitiative);

        auto* area = editorFor<QComboBox>(f, m, row, "area");
        QCOMPARE(area->count(), 1 + 10); // "(none)" and the ten areas
        area->setCurrentIndex(area->findText(QStringLiteral("Observability")));
        f.delegate.setModelData(area, &m, m.index(row, columnOf(m, "area")));
        QVERIFY(p.get<Initiative>(f.map.ciInitiative)->area);
        QCOMPARE(m.index(row, columnOf(m, "area")).data().toString(), QStringLiteral("Observability"));

        auto* prerequisites = editorFor<QLineEdit>(f, m, row, "prerequisites");
        QCOMPARE(prerequisites->text(), QStringLiteral("Restore the DB backup monthly"));
        prerequisites->setText(QString());
        f.delegate.setModelData(prerequisites, &m, m.index(row, columnOf(m, "prerequisites")));
        QVERIFY(p.get<Initiative>(f.map.ciInitiative)->prerequisites.empty());

        EntityTableModel areas(p, EntityKind::Area);
        auto* maturity = editorFor<QComboBox>(f, areas, 0, "maturity_now");
        QCOMPARE(maturity->count(), 6);
        maturity->setCurrentIndex(3);
        f.delegate.setModelData(maturity, &areas, areas.index(0, columnOf(areas, "maturity_now")));
        QCOMPARE(p.get<Area>(areas.idAt(0))->maturityNow, 3);
        QCOMPARE(areas.index(0, columnOf(areas, "maturity_now")).data().toString(),
                 QStringLiteral("3 Defined"));
    }

    void largeMapsPickSystemsByTyping() {
        Fixture f;
        Project& p = *f.map.project;
        p.edit(QStringLiteral("many"), [&] {
            for (int i = 0; i < 520; ++i)
                p.add(makeSystem("host " + std::to_string(i), "compute", "production"));
        });
        EntityTableModel deps(p, EntityKind::Dependency);
        const int row = deps.rowOf(f.map.webToApi);
        auto* to = editorFor<SystemPicker>(f, deps, row, "to");
        QVERIFY(to->text().startsWith(QStringLiteral("API (manual:")));
        to->setText(QStringLiteral("host 17"));
        f.delegate.setModelData(to, &deps, deps.index(row, columnOf(deps, "to")));
        QCOMPARE(deps.index(row, columnOf(deps, "to")).data().toString(), QStringLiteral("host 17"));

        // small maps get a combo box of every system
        QTemporaryDir dir;
        SmallMap small(pathIn(dir));
        EntityTableModel smallDeps(*small.project, EntityKind::Dependency);
        auto* combo = editorFor<QComboBox>(f, smallDeps, 0, "to");
        QCOMPARE(combo->count(), 5);
    }
};

QTEST_MAIN(TestEntityDelegate)
#include "tst_entitydelegate.moc"
