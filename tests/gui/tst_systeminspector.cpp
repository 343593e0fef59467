// SystemInspector: shows the selected system, commits each field on leaving it as one undo step.

#include "LazyComboBox.h"
#include "SystemInspector.h"
#include "TestMaps.h"

#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTest>

using namespace terrain;
using namespace terrain::test;

class TestSystemInspector : public QObject {
    Q_OBJECT

private:
    template <class W> static W* child(SystemInspector& i, const char* name) {
        auto* w = i.findChild<W*>(QString::fromLatin1(name));
        if (!w)
            qFatal("no child %s", name);
        return w;
    }
    /// Types `text` into `edit` replacing what was there, then leaves the field with Return.
    static void typeAndFinish(QLineEdit* edit, const QString& text) {
        edit->setFocus();
        edit->selectAll();
        QTest::keyClicks(edit, text);
        QTest::keyClick(edit, Qt::Key_Return);
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void showsTheSelectedSystem() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        SystemInspector inspector;
        inspector.setProject(map.project.get());
        auto* stack = inspector.findChild<QStackedWidget*>();
        QCOMPARE(stack->currentIndex(), 0);
        inspector.setSystem(map.api);
        QCOMPARE(stack->currentIndex(), 1);
        QCOMPARE(child<QLineEdit>(inspector, "nameEdit")->text(), QStringLiteral("API"));
        QCOMPARE(child<QComboBox>(inspector, "kindCombo")->currentText(), QStringLiteral("service"));
        QCOMPARE(child<LazyComboBox>(inspector, "ownerCombo")->currentText(), QStringLiteral("backend"));
        QCOMPARE(child<LazyComboBox>(inspector, "environmentCombo")->currentText(),
                 QStringLiteral("production"));
        auto* key = child<QLineEdit>(inspector, "keyField");
        QVERIFY(key->isReadOnly());
        QVERIFY(key->text().startsWith(QStringLiteral("manual:")));
        QVERIFY(child<QLineEdit>(inspector, "sourcesField")->isReadOnly());
        QCOMPARE(child<QLineEdit>(inspector, "sourcesField")->text(), QStringLiteral("manual"));
        // API: called by Web, uses Orders DB, Cache and Queue
        QCOMPARE(child<QListWidget>(inspector, "dependencyList")->count(), 4);
        QCOMPARE(child<QLineEdit>(inspector, "originField")->text(), QStringLiteral("manual"));
        // A placeholder says so: a subnet another configuration made, which no imported source manages.
        System subnet;
        subnet.key = "tf:subnet-0a1b2c3d";
        subnet.name = "subnet-0a1b2c3d";
        subnet.origin = "discovered";
        subnet.tags = {"managed-elsewhere"};
        inspector.setSystem(map.project->add(subnet));
        QCOMPARE(child<QLineEdit>(inspector, "originField")->text(),
                 QStringLiteral(
                     "discovered · managed elsewhere (named by its id; no imported source manages it)"));
        inspector.setSystem(0);
        QCOMPARE(stack->currentIndex(), 0);
    }

    void showsTheOwnerOfWhatContainsIt() {
        // Cache has no owner; once API (backend's) contains it, the owner field shows backend, greyed,
        // and where it came from; an owner of its own hides it.
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        Dependency d;
        d.from = map.api;
        d.to = map.cache;
        d.kind = "contains";
        map.project->add(d);
        SystemInspector inspector;
        inspector.setProject(map.project.get());
        inspector.setSystem(map.cache);
        auto* owner = child<LazyComboBox>(inspector, "ownerCombo");
        QVERIFY(owner->lineEdit());
        QCOMPARE(owner->currentText(), QString());
        QCOMPARE(owner->lineEdit()->placeholderText(), QStringLiteral("backend (through API)"));
        inspector.setSystem(map.web);
        QCOMPARE(owner->lineEdit()->placeholderText(), QString());
        System cache = *map.project->get<System>(map.cache);
        cache.owner = "platform";
        map.project->save(cache);
        inspector.setSystem(map.cache);
        QCOMPARE(owner->currentText(), QStringLiteral("platform"));
        QCOMPARE(owner->lineEdit()->placeholderText(), QString());
    }
    void nameEditIsOneUndoStepAndInTheFile() {
        QTemporaryDir dir;
        const std::string path = pathIn(dir);
        SmallMap map(path);
        SystemInspector inspector;
        inspector.setProject(map.project.get());
        inspector.setSystem(map.db);
        inspector.show();
        QVERIFY(QTest::qWaitForWindowActive(&inspector));
        auto* name = child<QLineEdit>(inspector, "nameEdit");
        QSignalSpy history(map.project.get(), &Project::historyChanged);
        typeAndFinish(name, QStringLiteral("Orders Postgres"));
        QCOMPARE(history.count(), 1);
        QCOMPARE(Project::open(path)->get<System>(map.db)->name, std::string("Orders Postgres"));
        QVERIFY(map.project->undoText().contains(QStringLiteral("name")));
        // leaving again without a change makes no edit
        QTest::keyClick(name, Qt::Key_Return);
        QCOMPARE(history.count(), 1);
        map.project->undo();
        QCOMPARE(name->text(), QStringLiteral("Orders DB"));
        QVERIFY(!map.project->canUndo());
    }

    void emptyNameIsRefused() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        SystemInspector inspector;
        inspector.setProject(map.project.get());
        inspector.setSystem(map.web);
        inspector.show();
        QVERIFY(QTest::qWaitForWindowActive(&inspector));
        QSignalSpy errors(&inspector, &SystemInspector::errorOccurred);
        auto* name = child<QLineEdit>(inspector, "nameEdit");
        name->setFocus();
        name->selectAll();
        QTest::keyClick(name, Qt::Key_Delete);
        QTest::keyClick(name, Qt::Key_Return);
        QCOMPARE(errors.count(), 1);
        QCOMPARE(name->text(), QStringLiteral("Web"));
        QVERIFY(!map.project->canUndo());
    }

    void choicesTagsAndNotesCommit() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        Project& p = *map.project;
        SystemInspector inspector;
        inspector.setProject(&p);
        inspector.setSystem(map.cache);
        inspector.show();
        QVERIFY(QTest::qWaitForWindowActive(&inspector));

        auto* kind = child<QComboBox>(inspector, "kindCombo");
        const int db = kind->findData(QStringLiteral("database"));
        QVERIFY(db >= 0);
        kind->setCurrentIndex(db);
        emit kind->activated(db);
        QCOMPARE(p.get<System>(map.cache)->kind, std::string("database"));

        auto* criticality = child<QComboBox>(inspector, "criticalityCombo");
        const int high = criticality->findData(QStringLiteral("high"));
        criticality->setCurrentIndex(high);
        emit criticality->activated(high);
        QCOMPARE(p.get<System>(map.cache)->criticality, std::string("high"));

        auto* owner = child<LazyComboBox>(inspector, "ownerCombo");
        typeAndFinish(owner->lineEdit(), QStringLiteral("platform"));
        QCOMPARE(p.get<System>(map.cache)->owner, std::string("platform"));

        typeAndFinish(child<QLineEdit>(inspector, "tagsEdit"), QStringLiteral("pci, ,legacy,pci"));
        QCOMPARE(p.get<System>(map.cache)->tags, (std::vector<std::string>{"pci", "legacy"}));
        QCOMPARE(child<QLineEdit>(inspector, "tagsEdit")->text(), QStringLiteral("pci, legacy"));

        auto* notes = child<QPlainTextEdit>(inspector, "notesEdit");
        notes->setFocus();
        QTest::keyClicks(notes, QStringLiteral("Runs on the old box"));
        QVERIFY(p.get<System>(map.cache)->notes.empty());    // not yet: still editing
        child<QLineEdit>(inspector, "nameEdit")->setFocus(); // focus-out commits
        QCOMPARE(p.get<System>(map.cache)->notes, std::string("Runs on the old box"));

        // five edits, five undo steps, in reverse order
        for (const char* what : {"notes", "tags", "owner", "criticality", "kind"}) {
            QVERIFY2(p.undoText().contains(QString::fromLatin1(what)), qPrintable(p.undoText()));
            p.undo();
        }
        const auto back = p.get<System>(map.cache);
        QCOMPARE(back->kind, std::string("cache"));
        QVERIFY(back->owner.empty() && back->tags.empty() && back->notes.empty() &&
                back->criticality.empty());
        QCOMPARE(kind->currentData().toString(), QStringLiteral("cache"));
    }

    void commitPendingSavesWhatIsBeingTyped() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        SystemInspector inspector;
        inspector.setProject(map.project.get());
        inspector.setSystem(map.queue);
        inspector.show();
        QVERIFY(QTest::qWaitForWindowActive(&inspector));
        auto* notes = child<QPlainTextEdit>(inspector, "notesEdit");
        notes->setFocus();
        QTest::keyClicks(notes, QStringLiteral("RabbitMQ 3.6"));
        inspector.commitPending();
        QCOMPARE(map.project->get<System>(map.queue)->notes, std::string("RabbitMQ 3.6"));
    }

    void followsEditsMadeElsewhere() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        SystemInspector inspector;
        inspector.setProject(map.project.get());
        inspector.setSystem(map.web);
        auto s = *map.project->get<System>(map.web);
        s.name = "Storefront";
        map.project->save(s);
        QCOMPARE(child<QLineEdit>(inspector, "nameEdit")->text(), QStringLiteral("Storefront"));
        Dependency d;
        d.from = map.web;
        d.to = map.db;
        map.project->add(d);
        QCOMPARE(child<QListWidget>(inspector, "dependencyList")->count(), 2);
        map.project->erase<System>(map.web);
        QCOMPARE(inspector.systemId(), Id{0});
        QCOMPARE(inspector.findChild<QStackedWidget*>()->currentIndex(), 0);
    }
};

QTEST_MAIN(TestSystemInspector)
#include "tst_systeminspector.moc"
