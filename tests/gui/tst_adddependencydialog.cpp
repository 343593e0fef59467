// AddDependencyDialog: both ends must name systems before Add is enabled; the result is a manual edge.

#include "AddDependencyDialog.h"
#include "SystemPicker.h"
#include "TestMaps.h"

#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QDir>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

using namespace terrain;
using namespace terrain::test;

class TestAddDependencyDialog : public QObject {
    Q_OBJECT

private slots:
    void addIsEnabledOnlyForTwoKnownSystems() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        AddDependencyDialog dialog(*map.project, map.web);
        auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        auto* from = dialog.findChild<SystemPicker*>(QStringLiteral("fromPicker"));
        auto* to = dialog.findChild<SystemPicker*>(QStringLiteral("toPicker"));
        QVERIFY(from->text().startsWith(QStringLiteral("Web (")));
        QVERIFY(!ok->isEnabled());
        to->setText(QStringLiteral("Nowhere"));
        QVERIFY(!ok->isEnabled());
        to->setText(QStringLiteral("orders db"));
        QVERIFY(ok->isEnabled());
        dialog.findChild<QComboBox*>()->setCurrentText(QStringLiteral("reads"));
        const auto d = dialog.dependency();
        QVERIFY(d);
        QCOMPARE(d->from, map.web);
        QCOMPARE(d->to, map.db);
        QCOMPARE(d->kind, std::string("reads"));
        QCOMPARE(d->origin, std::string("manual"));

        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QDir().mkpath(QStringLiteral(TERRAIN_SCREENSHOT_DIR));
        dialog.grab().save(QStringLiteral(TERRAIN_SCREENSHOT_DIR "/add-dependency-dialog.png"));
    }

    void completesFromSqlite() {
        QTemporaryDir dir;
        SmallMap map(pathIn(dir));
        AddDependencyDialog dialog(*map.project);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowActive(&dialog, 20000)); // generous: CI machines are busy
        auto* from = dialog.findChild<SystemPicker*>(QStringLiteral("fromPicker"));
        from->setFocus();
        // "cach" arrives as one edit (as pasted): typed key by key on a busy machine, the popup of the
        // completions for "c" can open between the keys and take the rest. Not "ca": systems added by
        // hand have random keys ("manual:<uuid>"), which contain "ca" one time in ten and then match too;
        // an "h" is in no such key.
        from->setText(QStringLiteral("cach"));
        emit from->textEdited(from->text());
        QTRY_VERIFY_WITH_TIMEOUT(from->completer()->completionCount() > 0, 20000);
        QCOMPARE(from->completer()->completionModel()->index(0, 0).data().toString().left(7),
                 QStringLiteral("Cache ("));
    }
};

QTEST_MAIN(TestAddDependencyDialog)
#include "tst_adddependencydialog.moc"
