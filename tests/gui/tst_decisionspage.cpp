// The Decision Records tab on the offscreen platform: the demo map's records in the list, the editor
// saving each field as one undoable edit, the live preview, capturing an open question in one step,
// supersede and amend from the page, links visible from both sides (the page's filter and the system
// inspector), the export dialog writing a folder, and screenshots of the page and the dialog.
#include "Catalog.h"
#include "DecisionExportDialog.h"
#include "DecisionRecords.h"
#include "DecisionRefsLabel.h"
#include "DecisionsPage.h"
#include "EntityTableModel.h"
#include "EntityTablePage.h"
#include "Project.h"
#include "SystemInspector.h"

#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

#include <algorithm>

using namespace terrain;

namespace {

void shoot(QWidget& w, const QString& name) {
    const QString dir = QStringLiteral(TERRAIN_SCREENSHOT_DIR);
    QDir().mkpath(dir);
    QVERIFY(w.grab().save(QDir(dir).filePath(name)));
}

} // namespace

class TestDecisionsPage : public QObject {
    Q_OBJECT
private slots:
    void init() {
        QFile::remove(m_dir.filePath(QStringLiteral("demo.terrain")));
        m_project = Project::create(m_dir.filePath(QStringLiteral("demo.terrain")).toStdString());
        seedCatalog(*m_project);
        populateDemo(*m_project);
        m_project->clearHistory();
    }
    void cleanup() {
        m_project.reset();
        for (const char* suffix : {"", "-wal", "-shm"})
            QFile::remove(m_dir.filePath(QStringLiteral("demo.terrain")) + QLatin1String(suffix));
    }

    void listsAndEditsTheDemoRecords() {
        DecisionsPage page(*m_project);
        page.resize(1500, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCOMPARE(page.list()->count(), 5);
        QVERIFY(page.list()->item(0)->text().startsWith(QStringLiteral("ADR-0001  Strangle the monolith")));
        // the superseded record shows its chain
        const auto decisions = m_project->list<Decision>();
        Id grafana = 0, loki = 0;
        for (const auto& d : decisions) {
            if (d.number == 4)
                grafana = d.id;
            if (d.number == 2)
                loki = d.id;
        }
        QVERIFY(page.selectDecision(loki));
        QVERIFY2(page.chainLabel()->text().contains(QStringLiteral("Superseded by")),
                 qPrintable(page.chainLabel()->text()));
        QVERIFY(page.selectDecision(grafana));
        QVERIFY(page.chainLabel()->text().contains(QStringLiteral("Supersedes")));
        QVERIFY(
            page.preview()->toPlainText().contains(QStringLiteral("Use Grafana Cloud for logs and metrics")));
        shoot(page, QStringLiteral("decisions-page.png"));

        // typing updates the preview at once; leaving the field saves one undoable edit
        page.titleEdit()->setFocus();
        page.titleEdit()->selectAll();
        QTest::keyClicks(page.titleEdit(), QStringLiteral("Use Grafana Cloud for <b>all</b> telemetry"));
        // the preview renders the record's Markdown (inline HTML as Markdown does)
        QVERIFY2(
            page.preview()->toPlainText().contains(QStringLiteral("Use Grafana Cloud for all telemetry")),
            qPrintable(page.preview()->toPlainText().left(300)));
        QCOMPARE(m_project->get<Decision>(grafana)->title,
                 std::string("Use Grafana Cloud for logs and metrics"));
        QTest::keyClick(page.titleEdit(), Qt::Key_Return);
        QCOMPARE(m_project->get<Decision>(grafana)->title,
                 std::string("Use Grafana Cloud for <b>all</b> telemetry"));
        QCOMPARE(m_project->undoText(), QStringLiteral("Edit title of ADR-0004"));
        page.contextEdit()->setFocus();
        page.contextEdit()->moveCursor(QTextCursor::End);
        QTest::keyClicks(page.contextEdit(), QStringLiteral(" Loki needs a person we do not have."));
        QTRY_VERIFY(m_project->get<Decision>(grafana)->context.find("a person we do not have") !=
                    std::string::npos);
        m_project->undo();
        QTRY_VERIFY(page.contextEdit()->toPlainText().indexOf(QStringLiteral("a person we do not have")) < 0);
        m_project->undo();
        QTRY_COMPARE(page.titleEdit()->text(), QStringLiteral("Use Grafana Cloud for logs and metrics"));

        // an option description with line breaks survives an edit of another field
        {
            Decision d = *m_project->get<Decision>(grafana);
            d.options.front().description = "Managed Loki.\n\nAgents everywhere.";
            m_project->save(d, QStringLiteral("Describe"));
            QTRY_COMPARE(page.optionsTable()->item(0, 1)->text(),
                         QStringLiteral("Managed Loki.  Agents everywhere."));
        }
        // deciders typed loosely are saved as a list and shown as saved
        page.decidersEdit()->setFocus();
        page.decidersEdit()->selectAll();
        QTest::keyClicks(page.decidersEdit(), QStringLiteral("Priya Nair,Dana Whitfield ,  Sam Okafor"));
        QTest::keyClick(page.decidersEdit(), Qt::Key_Return);
        QCOMPARE(m_project->get<Decision>(grafana)->deciders,
                 (std::vector<std::string>{"Priya Nair", "Dana Whitfield", "Sam Okafor"}));
        QCOMPARE(page.decidersEdit()->text(), QStringLiteral("Priya Nair, Dana Whitfield, Sam Okafor"));
        QCOMPARE(m_project->get<Decision>(grafana)->options.front().description,
                 std::string("Managed Loki.\n\nAgents everywhere."));
        m_project->undo();
        QTRY_COMPARE(page.decidersEdit()->text(), QStringLiteral("Priya Nair, Dana Whitfield"));
        // an option with pros and cons, edited in the table
        const int before = page.optionsTable()->rowCount();
        page.optionsTable()->insertRow(before);
        for (int c = 0; c < 4; ++c)
            page.optionsTable()->setItem(before, c, new QTableWidgetItem);
        page.optionsTable()->item(before, 1)->setText(QStringLiteral("Run it ourselves"));
        page.optionsTable()->item(before, 2)->setText(QStringLiteral("cheap; private"));
        page.optionsTable()->item(before, 3)->setText(QStringLiteral("on-call"));
        page.optionsTable()->item(before, 0)->setText(QStringLiteral("Self-hosted Mimir"));
        const auto options = m_project->get<Decision>(grafana)->options;
        QCOMPARE(options.size(), size_t(before + 1));
        QCOMPARE(options.back().title, std::string("Self-hosted Mimir"));
        QCOMPARE(options.back().pros, (std::vector<std::string>{"cheap", "private"}));
        QCOMPARE(options.back().cons, std::vector<std::string>{"on-call"});
        QVERIFY(page.preview()->toPlainText().contains(QStringLiteral("Good, because private")));
    }

    void backlogSupersedeAndAmend() {
        DecisionsPage page(*m_project);
        page.resize(1500, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        // an open question in one step: type, Enter
        page.questionEdit()->setFocus();
        QTest::keyClicks(page.questionEdit(), QStringLiteral("Who gets paged at night?"));
        QTest::keyClick(page.questionEdit(), Qt::Key_Return);
        QVERIFY(page.questionEdit()->text().isEmpty());
        const Id question = page.currentDecision();
        QVERIFY(question);
        QCOMPARE(m_project->get<Decision>(question)->number, 6);
        QCOMPARE(m_project->get<Decision>(question)->status, std::string("proposed"));
        QCOMPARE(m_project->undoText(), QStringLiteral("Capture open question"));
        QTRY_COMPARE(page.list()->count(), 6);
        // the backlog filter: the proposed records only
        page.filter()->setCurrentIndex(page.filter()->findData(QStringLiteral("backlog")));
        emit page.filter()->activated(page.filter()->currentIndex());
        for (int i = 0; i < page.list()->count(); ++i)
            QVERIFY(page.list()->item(i)->text().endsWith(QStringLiteral("[proposed]")));
        QCOMPARE(page.list()->count(), 3);
        // supersede: a new record, the old one superseded, one undo step
        const Id next = page.supersedeCurrent();
        QVERIFY(next && next != question);
        QCOMPARE(m_project->get<Decision>(question)->status, std::string("superseded"));
        QCOMPARE(m_project->get<Decision>(next)->supersedes, std::optional<Id>(question));
        QCOMPARE(page.currentDecision(), next);
        QCOMPARE(m_project->undoText(), QStringLiteral("Supersede ADR-0006"));
        const Id amendment = page.amendCurrent();
        QCOMPARE(m_project->get<Decision>(amendment)->amends, std::vector<Id>{next});
        QTRY_VERIFY(page.chainLabel()->text().contains(QStringLiteral("Amends")));
        QVERIFY(page.selectDecision(next));
        QTRY_VERIFY(page.chainLabel()->text().contains(QStringLiteral("Amended by")));
        QVERIFY(page.chainLabel()->text().contains(QStringLiteral("Supersedes")));
        shoot(page, QStringLiteral("decisions-chain.png"));
        m_project->undo();
        m_project->undo();
        QCOMPARE(m_project->get<Decision>(question)->status, std::string("proposed"));
        QVERIFY(!m_project->get<Decision>(next));
        // an empty question is refused with a message and adds nothing
        QSignalSpy errors(&page, &DecisionsPage::errorOccurred);
        QCOMPARE(page.captureQuestion(QStringLiteral("   ")), Id(0));
        QCOMPARE(errors.count(), 1);
        QCOMPARE(m_project->count(EntityKind::Decision), std::int64_t(6));
    }

    void linksFromBothSides() {
        DecisionsPage page(*m_project);
        page.resize(1500, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        const auto systems = m_project->list<System>();
        QVERIFY(!systems.empty());
        const System& target = systems.front();
        const Id first = page.currentDecision();
        QVERIFY(first);
        SystemInspector inspector;
        inspector.setProject(m_project.get());
        inspector.setSystem(target.id);
        auto* refs = inspector.findChild<DecisionRefsLabel*>(QStringLiteral("decisionRefs"));
        QVERIFY(refs);
        const QString before = refs->text();
        // the system linked (as the inspector's other side shows at once)
        Decision d = *m_project->get<Decision>(first);
        QVERIFY(std::find(d.systems.begin(), d.systems.end(), target.id) == d.systems.end());
        d.systems.push_back(target.id);
        m_project->save(d, QStringLiteral("Link"));
        QTRY_VERIFY(refs->text().contains(QStringLiteral("ADR-%1").arg(d.number, 4, 10, QLatin1Char('0'))));
        QVERIFY(refs->text() != before);
        auto listed = [&] {
            for (int i = 0; i < page.linksList()->count(); ++i)
                if (page.linksList()->item(i)->text().contains(QString::fromStdString(target.key)))
                    return true;
            return false;
        };
        QTRY_VERIFY(listed());
        // an initiative linked through the page's Link button
        const auto initiatives = m_project->list<Initiative>();
        QVERIFY(page.linkTargetBox()->count() == static_cast<int>(initiatives.size()));
        page.linkTargetBox()->setCurrentIndex(0);
        page.linkChosen();
        QCOMPARE(m_project->get<Decision>(first)->initiatives.back(), initiatives.front().id);
        QCOMPARE(m_project->undoText(),
                 QStringLiteral("Edit links of ADR-%1").arg(d.number, 4, 10, QLatin1Char('0')));
        // the page's filter by initiative shows the decisions that concern it
        QTRY_VERIFY(page.filter()->count() > 2);
        const int at = page.filter()->findText(
            QStringLiteral("Concerning initiative %1").arg(QString::fromStdString(initiatives.front().key)),
            Qt::MatchStartsWith);
        QVERIFY(at > 0);
        page.filter()->setCurrentIndex(at);
        emit page.filter()->activated(at);
        QVERIFY(page.list()->count() >= 1);
        for (int i = 0; i < page.list()->count(); ++i) {
            const auto dd = m_project->get<Decision>(page.list()->item(i)->data(Qt::UserRole).toLongLong());
            QVERIFY(std::find(dd->initiatives.begin(), dd->initiatives.end(), initiatives.front().id) !=
                    dd->initiatives.end());
        }
        // and the initiatives' table says which decisions concern its current row
        EntityTablePage table(*m_project, EntityKind::Initiative);
        table.resize(1200, 600);
        table.show();
        QVERIFY(QTest::qWaitForWindowExposed(&table));
        QVERIFY(table.decisionRefs());
        const int row = table.model()->rowOf(initiatives.front().id);
        QVERIFY(row >= 0);
        table.view()->setCurrentIndex(table.model()->index(row, 0));
        QVERIFY(table.decisionRefs()->text().contains(
            QStringLiteral("ADR-%1").arg(d.number, 4, 10, QLatin1Char('0'))));
        QVERIFY(table.decisionRefs()->text().contains(QString::fromStdString(d.title)));
        shoot(table, QStringLiteral("decisions-initiatives-table.png"));
        QVERIFY(EntityTablePage(*m_project, EntityKind::System).decisionRefs() == nullptr);
        inspector.resize(420, 1300);
        inspector.show();
        QVERIFY(QTest::qWaitForWindowExposed(&inspector));
        shoot(inspector, QStringLiteral("decisions-inspector.png"));
    }

    void exportDialogWritesTheFolder() {
        QTemporaryDir out;
        DecisionExportDialog dialog(*m_project);
        dialog.setFolder(out.path());
        dialog.setRecordLayout(AdrLayout::Madr);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCOMPARE(dialog.fileList()->count(), 5);
        QVERIFY(dialog.targetLabel()->text().contains(QStringLiteral("docs/decisions")));
        shoot(dialog, QStringLiteral("decisions-export-dialog.png"));
        const QString summary = dialog.exportNow();
        QVERIFY2(summary.contains(QStringLiteral("5 written")), qPrintable(summary));
        QCOMPARE(
            QDir(QDir(out.path()).filePath(QStringLiteral("docs/decisions"))).entryList(QDir::Files).size(),
            5);
        dialog.setRecordLayout(AdrLayout::AdrTools);
        dialog.setRecordLayout(AdrLayout::Madr);
        QVERIFY(dialog.fileList()->item(0)->text().contains(QStringLiteral("updated in place")));
        QVERIFY(dialog.exportNow().contains(QStringLiteral("0 written, 5 unchanged")));
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Project> m_project;
};

QTEST_MAIN(TestDecisionsPage)
#include "tst_decisionspage.moc"
