// The risk matrix rules (model/RiskMatrix.h): exposure and its bands, risks placed in their cells in
// natural key order with closed risks left out, system exposure from the worst risk that still counts,
// and re-rating as one undoable edit that refuses ratings outside 1..5 and changes nothing then.
#include "Catalog.h"
#include "Error.h"
#include "Project.h"
#include "RiskMatrix.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace terrain;

namespace {

Risk risk(Id id, const std::string& key, int likelihood, int impact, std::vector<Id> systems = {},
          const std::string& status = "open") {
    Risk r;
    r.id = id;
    r.key = key;
    r.title = "Risk " + key;
    r.likelihood = likelihood;
    r.impact = impact;
    r.systems = std::move(systems);
    r.status = status;
    return r;
}

} // namespace

class TestRiskMatrix : public QObject {
    Q_OBJECT
private slots:
    void exposureAndBands();
    void cellsHoldTheirRisks();
    void systemExposureTakesTheWorstOpenRisk();
    void rerateIsOneUndoableEdit();
    void rerateRefusesBadRatings();
};

void TestRiskMatrix::exposureAndBands() {
    QCOMPARE(riskExposure(risk(1, "R-1", 3, 5)), 15);
    QCOMPARE(riskExposure(risk(1, "R-1", 9, 0)), 5); // clamped to 5×1
    QCOMPARE(exposureBand(0), std::string("none"));
    QCOMPARE(exposureBand(5), std::string("low"));
    QCOMPARE(exposureBand(6), std::string("medium"));
    QCOMPARE(exposureBand(12), std::string("high"));
    QCOMPARE(exposureBand(20), std::string("critical"));
    QVERIFY(riskCountsForExposure(risk(1, "R-1", 1, 1, {}, "accepted")));
    QVERIFY(!riskCountsForExposure(risk(1, "R-1", 1, 1, {}, "closed")));
}

void TestRiskMatrix::cellsHoldTheirRisks() {
    const std::vector<Risk> risks = {risk(1, "R-10", 4, 2), risk(2, "R-2", 4, 2), risk(3, "R-3", 1, 5),
                                     risk(4, "R-4", 4, 2, {}, "closed")};
    const auto cells = riskMatrix(risks);
    QCOMPARE(cells.size(), size_t(25));
    const RiskCell& c42 = cells[(4 - 1) * 5 + (2 - 1)];
    QCOMPARE(c42.likelihood, 4);
    QCOMPARE(c42.impact, 2);
    QCOMPARE(c42.risks.size(), size_t(2)); // the closed one is left out
    QCOMPARE(c42.risks[0].key, std::string("R-2"));
    QCOMPARE(c42.risks[1].key, std::string("R-10"));
    QCOMPARE(cells[(1 - 1) * 5 + (5 - 1)].risks.size(), size_t(1));
    int total = 0;
    for (const auto& c : cells)
        total += static_cast<int>(c.risks.size());
    QCOMPARE(total, 3);
    QCOMPARE(riskMatrix(risks, true)[(4 - 1) * 5 + (2 - 1)].risks.size(), size_t(3));
}

void TestRiskMatrix::systemExposureTakesTheWorstOpenRisk() {
    const std::vector<Risk> risks = {risk(1, "R-1", 2, 3, {10, 11}), risk(2, "R-2", 4, 4, {11}),
                                     risk(3, "R-3", 5, 5, {10}, "closed"),
                                     risk(4, "R-4", 1, 2, {12}, "mitigating")};
    const auto e = systemExposure(risks);
    QCOMPARE(e.size(), size_t(3));
    QCOMPARE(e.at(10), 6); // the closed 25 does not count
    QCOMPARE(e.at(11), 16);
    QCOMPARE(e.at(12), 2);
}

void TestRiskMatrix::rerateIsOneUndoableEdit() {
    QTemporaryDir dir;
    auto project = Project::create(dir.filePath(QStringLiteral("m.terrain")).toStdString());
    Risk r;
    r.title = "Orders DB has no tested backup";
    r.likelihood = 2;
    r.impact = 3;
    const Id id = project->add(r);
    project->clearHistory();
    const std::string key = project->get<Risk>(id)->key;

    QVERIFY(rerateRisk(*project, id, 4, 5));
    QCOMPARE(project->get<Risk>(id)->likelihood, 4);
    QCOMPARE(project->get<Risk>(id)->impact, 5);
    QCOMPARE(project->undoText(), QString::fromStdString("Re-rate " + key + ": likelihood 2→4, impact 3→5"));
    QVERIFY(!rerateRisk(*project, id, 4, 5)); // same cell: no edit
    project->undo();
    QCOMPARE(project->get<Risk>(id)->likelihood, 2);
    QCOMPARE(project->get<Risk>(id)->impact, 3);
    QVERIFY(!project->canUndo());
    // Survives a reopen: the edit is in the file.
    project->redo();
    const std::string path = project->path();
    project.reset();
    auto reopened = Project::open(path);
    QCOMPARE(reopened->get<Risk>(id)->likelihood, 4);
}

void TestRiskMatrix::rerateRefusesBadRatings() {
    QTemporaryDir dir;
    auto project = Project::create(dir.filePath(QStringLiteral("m.terrain")).toStdString());
    Risk r;
    r.likelihood = 2;
    r.impact = 3;
    const Id id = project->add(r);
    project->clearHistory();
    for (auto [l, i] : {std::pair{0, 3}, std::pair{6, 3}, std::pair{2, 0}, std::pair{2, 6}}) {
        try {
            rerateRisk(*project, id, l, i);
            QFAIL("expected an error");
        } catch (const Error& e) {
            const QString what = QString::fromUtf8(e.what());
            QVERIFY2(what.contains(QStringLiteral("expected 1 to 5")), qPrintable(what));
            QVERIFY2(what.contains(QString::fromStdString(project->path())), qPrintable(what));
        }
    }
    QVERIFY_THROWS_EXCEPTION(Error, rerateRisk(*project, 9999, 1, 1));
    QCOMPARE(project->get<Risk>(id)->likelihood, 2);
    QVERIFY(!project->canUndo());
}

QTEST_GUILESS_MAIN(TestRiskMatrix)
#include "tst_riskmatrix.moc"
