// The Analysis panel and the Environment parity dialog on the demo map: models checked by
// QAbstractItemModelTester, the analysis off the GUI thread, selection and highlight signals, the
// blast radius of a chosen system, re-analysis after an edit; screenshots for a person to look at.
#include "AnalysisPanel.h"
#include "ParityDialog.h"
#include "TestMaps.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDir>
#include <QHeaderView>
#include <QSignalSpy>
#include <QTreeView>
#include <QtTest>

using namespace terrain;
using namespace terrain::test;

Q_DECLARE_METATYPE(std::vector<terrain::Id>)

namespace {

QString screenshot(QWidget& w, const char* name) {
    QCoreApplication::processEvents();
    QDir().mkpath(QStringLiteral(TERRAIN_SCREENSHOT_DIR));
    const QString file = QStringLiteral(TERRAIN_SCREENSHOT_DIR "/%1.png").arg(QString::fromLatin1(name));
    if (!w.grab().save(file))
        qWarning("could not save %s", qPrintable(file));
    return file;
}

QModelIndex child(const QAbstractItemModel& m, int section, const QString& text) {
    const QModelIndex parent = m.index(section, 0);
    for (int r = 0; r < m.rowCount(parent); ++r)
        if (m.index(r, 0, parent).data().toString() == text)
            return m.index(r, 0, parent);
    return {};
}

} // namespace

class TestAnalysisPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void analysisModel();
    void panelAnalysesOffTheGuiThread();
    void selectingAFindingSelectsAndHighlights();
    void blastRadiusOfASystem();
    void reanalysesAfterAnEdit();
    void switchingMaps();
    void parityDialog();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Project> m_project;
    Id m_db = 0;
};

void TestAnalysisPanel::initTestCase() {
    qRegisterMetaType<std::vector<terrain::Id>>();
    m_project = Project::create(pathIn(m_dir, "demo.terrain"));
    seedCatalog(*m_project);
    populateDemo(*m_project);
    m_db = m_project->systemByKey("tf:module.db.aws_db_instance.main")->id;
}

void TestAnalysisPanel::analysisModel() {
    AnalysisModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    auto graph = std::make_shared<MapGraph>(MapGraph::fromProject(*m_project));
    model.setReport(graph, analyseGraph(*graph));
    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(model.sectionRow(QStringLiteral("spof")), 0);
    QCOMPARE(model.sectionRow(QStringLiteral("unmonitored")), 5);
    const QModelIndex spof = model.index(0, 0);
    QVERIFY(spof.data().toString().startsWith(QStringLiteral("Single points of failure (")));
    const QModelIndex top = model.index(0, 0, spof);
    QCOMPARE(top.data().toString(), QStringLiteral("Postgres primary (acme-prod-main)"));
    QCOMPARE(top.data(AnalysisModel::SystemIdRole).value<qint64>(), m_db);
    QVERIFY(model.index(0, AnalysisModel::DetailColumn, spof)
                .data()
                .toString()
                .startsWith(QStringLiteral("blast radius 12")));
    QCOMPARE(model.index(0, AnalysisModel::CriticalityColumn, spof).data().toString(),
             QStringLiteral("critical"));
    // The highlight of a single point of failure is itself and what fails with it.
    QCOMPARE(top.data(AnalysisModel::HighlightRole).value<QList<qint64>>().size(), 13);

    const int db = graph->indexOf(m_db);
    model.setBlastRadius(blastRadius(*graph, db));
    QCOMPARE(model.rowCount(), 7);
    QCOMPARE(model.sectionRow(QStringLiteral("blast")), 0);
    QCOMPARE(model.sectionRow(QStringLiteral("spof")), 1);
    QCOMPARE(model.rowCount(model.index(0, 0)), 12);
    QVERIFY(
        model.index(0, 0).data().toString().startsWith(QStringLiteral("Blast radius of Postgres primary")));
    // A new report keeps the blast radius section, recomputed.
    model.setReport(graph, analyseGraph(*graph));
    QCOMPARE(model.sectionRow(QStringLiteral("blast")), 0);
    QCOMPARE(model.rowCount(model.index(0, 0)), 12);
    model.clearBlastRadius();
    QCOMPARE(model.rowCount(), 6);
    model.setReport(std::make_shared<MapGraph>(), {});
    QCOMPARE(model.rowCount(model.index(0, 0)), 0);

    // A Kubernetes Service whose selector meets no workload: a section of its own, only then.
    System svc;
    svc.id = 1;
    svc.key = "k8s:Service/shop/api";
    svc.name = "api";
    svc.provider = "kubernetes";
    svc.attributes = {{"selector.app", "api"}};
    auto k8s = std::make_shared<MapGraph>(MapGraph::fromLists({svc}, {}));
    model.setReport(k8s, analyseGraph(*k8s));
    const int unrouted = model.sectionRow(QStringLiteral("unrouted"));
    QVERIFY(unrouted >= 0);
    const QModelIndex section = model.index(unrouted, 0);
    QCOMPARE(section.data().toString(), QStringLiteral("Services that route nowhere (1)"));
    QCOMPARE(model.index(0, AnalysisModel::DetailColumn, section).data().toString(),
             QStringLiteral("selector app=api meets no workload of the map"));

    // What the map depends on and no imported source manages: a section of its own, only then.
    QCOMPARE(model.sectionRow(QStringLiteral("elsewhere")), -1);
    System app;
    app.id = 2;
    app.key = "tf:aws_instance.app";
    app.name = "app";
    System subnet;
    subnet.id = 3;
    subnet.key = "tf:subnet-0a1b2c3d";
    subnet.name = "subnet-0a1b2c3d";
    subnet.tags = {"managed-elsewhere"};
    Dependency runsOn;
    runsOn.from = 2;
    runsOn.to = 3;
    runsOn.kind = "runs-on";
    auto placeholders = std::make_shared<MapGraph>(MapGraph::fromLists({app, subnet}, {runsOn}));
    model.setReport(placeholders, analyseGraph(*placeholders));
    const int elsewhere = model.sectionRow(QStringLiteral("elsewhere"));
    QVERIFY(elsewhere >= 0);
    QCOMPARE(model.index(elsewhere, 0).data().toString(), QStringLiteral("Managed elsewhere (1)"));
    QCOMPARE(model.index(0, AnalysisModel::DetailColumn, model.index(elsewhere, 0)).data().toString(),
             QStringLiteral("no imported source manages it; app depends on it"));
}

void TestAnalysisPanel::panelAnalysesOffTheGuiThread() {
    AnalysisPanel panel(m_project.get());
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy updated(&panel, &AnalysisPanel::analysisUpdated);
    panel.resize(760, 560);
    panel.show();
    QVERIFY(panel.isRunning() || updated.count() == 1);
    QVERIFY(updated.count() == 1 || updated.wait(20000));
    QVERIFY(!panel.isRunning());
    QCOMPARE(panel.model()->rowCount(), 6);
    QVERIFY(panel.view()->isExpanded(panel.model()->index(0, 0)));
    QVERIFY(panel.model()->rowCount(
                panel.model()->index(panel.model()->sectionRow(QStringLiteral("hand")), 0)) >= 5);
    screenshot(panel, "analysis-panel");
}

void TestAnalysisPanel::selectingAFindingSelectsAndHighlights() {
    AnalysisPanel panel(m_project.get());
    QSignalSpy updated(&panel, &AnalysisPanel::analysisUpdated);
    QSignalSpy activated(&panel, &AnalysisPanel::systemActivated);
    QSignalSpy highlight(&panel, &AnalysisPanel::highlightRequested);
    panel.refresh();
    QVERIFY(updated.wait(20000));
    const QModelIndex top = panel.model()->index(0, 0, panel.model()->index(0, 0));
    panel.view()->setCurrentIndex(top);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).value<Id>(), m_db);
    QCOMPARE(highlight.count(), 1);
    const auto ids = highlight.at(0).at(0).value<std::vector<Id>>();
    QCOMPARE(ids.size(), size_t(13));
    QCOMPARE(ids.front(), m_db);
    QVERIFY(highlight.at(0).at(1).toString().contains(QStringLiteral("12 systems fail with it")));
    // A section lights up everything in it, and selects nothing.
    const int hand = panel.model()->sectionRow(QStringLiteral("hand"));
    panel.view()->setCurrentIndex(panel.model()->index(hand, 0));
    QCOMPARE(activated.count(), 1);
    QCOMPARE(highlight.count(), 2);
    QCOMPARE(highlight.at(1).at(0).value<std::vector<Id>>().size(),
             static_cast<size_t>(panel.model()->rowCount(panel.model()->index(hand, 0))));
}

void TestAnalysisPanel::blastRadiusOfASystem() {
    AnalysisPanel panel(m_project.get());
    QSignalSpy updated(&panel, &AnalysisPanel::analysisUpdated);
    QSignalSpy highlight(&panel, &AnalysisPanel::highlightRequested);
    // Asked before the first analysis: it runs first, then shows the blast radius.
    const Id lb = m_project->systemByKey("tf:aws_lb.public")->id;
    panel.showBlastRadius(lb);
    QVERIFY(updated.wait(20000));
    QCOMPARE(panel.model()->sectionRow(QStringLiteral("blast")), 0);
    const QString title = panel.model()->index(0, 0).data().toString();
    QVERIFY2(title.startsWith(QStringLiteral("Blast radius of Public ALB (API gateway): ")),
             qPrintable(title));
    QVERIFY2(title.endsWith(QStringLiteral("(2 direct)")), qPrintable(title)); // Route 53 and CloudFront
    QCOMPARE(highlight.count(), 1);
    const auto ids = highlight.at(0).at(0).value<std::vector<Id>>();
    QCOMPARE(ids.front(), lb);
    QCOMPARE(static_cast<int>(ids.size()), panel.model()->rowCount(panel.model()->index(0, 0)) + 1);
    QVERIFY(child(*panel.model(), 0, QStringLiteral("acmelogistics.example (Route 53 zone)")).isValid());
    // Then immediately for another system: the graph is there, no new analysis.
    panel.showBlastRadius(m_db);
    QCOMPARE(highlight.count(), 2);
    QCOMPARE(panel.model()->rowCount(panel.model()->index(0, 0)), 12);
    QCOMPARE(panel.model()->rowCount(), 7);
}

void TestAnalysisPanel::reanalysesAfterAnEdit() {
    QTemporaryDir dir;
    SmallMap map(pathIn(dir));
    AnalysisPanel panel(map.project.get());
    QSignalSpy updated(&panel, &AnalysisPanel::analysisUpdated);
    panel.show();
    QVERIFY(updated.wait(20000));
    const int cycles = panel.model()->sectionRow(QStringLiteral("cycle"));
    QCOMPARE(panel.model()->rowCount(panel.model()->index(cycles, 0)), 0);
    Dependency back;
    back.from = map.db;
    back.to = map.web;
    back.kind = "calls";
    map.project->add(back);
    QVERIFY(updated.wait(20000));
    QCOMPARE(panel.model()->rowCount(panel.model()->index(cycles, 0)), 1);
    QVERIFY(panel.model()
                ->index(0, 0, panel.model()->index(cycles, 0))
                .data()
                .toString()
                .contains(QStringLiteral("⇄")));
}

void TestAnalysisPanel::switchingMaps() {
    QTemporaryDir dir;
    SmallMap small(pathIn(dir));
    AnalysisPanel panel(m_project.get());
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy updated(&panel, &AnalysisPanel::analysisUpdated);
    panel.show();
    // Another map while the first is being analysed: only the second one's result is shown.
    panel.setProject(small.project.get());
    QVERIFY(updated.wait(20000));
    QCOMPARE(panel.model()->graph()->size(), 5);
    panel.setProject(nullptr);
    QCOMPARE(panel.model()->rowCount(), 0);
    panel.refresh();
    panel.showBlastRadius(small.db);
    QVERIFY(!panel.isRunning());
    QCOMPARE(panel.model()->rowCount(), 0);
}

void TestAnalysisPanel::parityDialog() {
    ParityDialog dialog(*m_project);
    QAbstractItemModelTester tester(dialog.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy activated(&dialog, &ParityDialog::systemActivated);
    QCOMPARE(dialog.environmentA()->currentText(), QStringLiteral("production"));
    QCOMPARE(dialog.environmentB()->currentText(), QStringLiteral("staging"));
    const auto* m = dialog.model();
    QCOMPARE(m->rowCount(), 4);
    QVERIFY(m->index(0, 0).data().toString().startsWith(QStringLiteral("Only in production (")));
    QCOMPARE(m->index(1, 0).data().toString(), QStringLiteral("Only in staging (1)"));
    QCOMPARE(m->index(0, 0, m->index(1, 0)).data().toString(), QStringLiteral("RabbitMQ (staging only)"));
    QCOMPARE(m->index(0, ParityModel::BColumn, m->index(1, 0)).data().toString(), QStringLiteral("queue"));
    QCOMPARE(m->headerData(ParityModel::AColumn, Qt::Horizontal).toString(), QStringLiteral("production"));
    // The Postgres pair differs in engine version and instance class.
    const QModelIndex pg = child(*m, 2, QStringLiteral("Postgres primary (acme-prod-main)"));
    QVERIFY(pg.isValid());
    QCOMPARE(pg.siblingAtColumn(ParityModel::BColumn).data().toString(),
             QStringLiteral("Postgres staging (acme-staging)"));
    bool version = false;
    for (int r = 0; r < m->rowCount(pg); ++r)
        if (m->index(r, 0, pg).data().toString() == QLatin1String("engine_version")) {
            version = true;
            QCOMPARE(m->index(r, ParityModel::AColumn, pg).data().toString(), QStringLiteral("14.10"));
            QCOMPARE(m->index(r, ParityModel::BColumn, pg).data().toString(), QStringLiteral("13.7"));
        }
    QVERIFY(version);
    dialog.show();
    dialog.view()->setCurrentIndex(pg);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).value<Id>(), m_db);
    screenshot(dialog, "parity-dialog");

    // The other way round, and the same environment twice.
    dialog.compare(QStringLiteral("staging"), QStringLiteral("production"));
    QCOMPARE(m->index(0, 0).data().toString(), QStringLiteral("Only in staging (1)"));
    dialog.environmentB()->setCurrentIndex(dialog.environmentB()->findText(QStringLiteral("staging")));
    QCOMPARE(m->index(0, 0).data().toString(), QStringLiteral("Only in staging (0)"));
    QCOMPARE(m->rowCount(m->index(2, 0)), 0);
}

QTEST_MAIN(TestAnalysisPanel)
#include "tst_analysispanel.moc"
