// The symptom checklist (model/Symptoms.h): the verdict counts the observed signs and says "outgrown" at
// three or more, observed signs become evidence on the areas they point to (and unticking takes it away),
// ticking is one undoable edit, a missing symptom is an error that changes nothing, and the JSON and text
// forms that `terrain check` prints.
#include "Catalog.h"
#include "Error.h"
#include "Project.h"
#include "Symptoms.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace terrain;

class TestSymptoms : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void noSignNoVerdict();
    void threeSignsMeanOutgrown();
    void evidenceFollowsTheTicks();
    void tickIsOneUndoableEdit();
    void missingSymptomIsAnError();
    void jsonAndText();

private:
    Id symptomId(const std::string& key) const {
        for (const auto& s : m_project->list<Symptom>())
            if (s.key == key)
                return s.id;
        return 0;
    }
    Id areaId(const std::string& key) const {
        for (const auto& a : m_project->list<Area>())
            if (a.key == key)
                return a.id;
        return 0;
    }
    QTemporaryDir m_dir;
    std::unique_ptr<Project> m_project;
};

void TestSymptoms::init() {
    QFile::remove(m_dir.filePath(QStringLiteral("s.terrain")));
    m_project = Project::create(m_dir.filePath(QStringLiteral("s.terrain")).toStdString());
    seedCatalog(*m_project);
}

void TestSymptoms::cleanup() {
    m_project.reset();
    for (const char* suffix : {"", "-wal", "-shm"})
        QFile::remove(m_dir.filePath(QStringLiteral("s.terrain")) + QLatin1String(suffix));
}

void TestSymptoms::noSignNoVerdict() {
    const SymptomVerdict v = symptomVerdict(*m_project);
    QCOMPARE(v.total, 12);
    QCOMPARE(v.observed, 0);
    QVERIFY(!v.outgrown);
    QVERIFY(v.areas.empty());
    QCOMPARE(v.summary,
             std::string("0 of 12 signs present: no sign of having outgrown the infrastructure yet."));
    QCOMPARE(symptomVerdictText(v), std::string()); // terrain check says nothing of an empty checklist
    QCOMPARE(symptomVerdictJson(v)["observed"].get<int>(), 0);
}

void TestSymptoms::threeSignsMeanOutgrown() {
    setSymptomObserved(*m_project, symptomId("slow-deploys"), true);
    setSymptomObserved(*m_project, symptomId("single-expert"), true);
    SymptomVerdict v = symptomVerdict(*m_project);
    QCOMPARE(v.observed, 2);
    QVERIFY(!v.outgrown);
    QVERIFY(QString::fromStdString(v.summary).startsWith(
        QStringLiteral("2 of 12 signs present: not yet outgrown")));
    setSymptomObserved(*m_project, symptomId("no-dr"), true);
    v = symptomVerdict(*m_project);
    QCOMPARE(v.observed, 3);
    QVERIFY(v.outgrown);
    QCOMPARE(v.summary, std::string("3 of 12 signs present: the company has outgrown its infrastructure."));
    QCOMPARE(v.present.size(), size_t(3));
    QCOMPARE(v.present[0].key, std::string("slow-deploys")); // checklist order
}

void TestSymptoms::evidenceFollowsTheTicks() {
    // "Configuration changes need SSH" points to ssh-access and iac; "drift and no IaC" to iac.
    const std::string note = "prod config edited by hand on 2024-03-02";
    setSymptomObserved(*m_project, symptomId("ssh-config"), true, &note);
    setSymptomObserved(*m_project, symptomId("drift-no-iac"), true);
    AreaEvidence iac = areaEvidence(*m_project, areaId("iac"));
    QCOMPARE(iac.symptoms.size(), size_t(2));
    QCOMPARE(iac.notes, std::vector<std::string>{note});
    QCOMPARE(areaEvidence(*m_project, areaId("ssh-access")).symptoms.size(), size_t(1));
    QVERIFY(areaEvidence(*m_project, areaId("release")).symptoms.empty());
    const SymptomVerdict v = symptomVerdict(*m_project);
    QCOMPARE(v.areas.front().key, std::string("iac")); // most evidence first
    // Unticking takes the evidence away.
    setSymptomObserved(*m_project, symptomId("ssh-config"), false);
    QCOMPARE(areaEvidence(*m_project, areaId("iac")).symptoms.size(), size_t(1));
    QVERIFY(areaEvidence(*m_project, areaId("ssh-access")).symptoms.empty());
    QCOMPARE(m_project->get<Symptom>(symptomId("ssh-config"))->evidence, note); // the note is kept
}

void TestSymptoms::tickIsOneUndoableEdit() {
    const Id id = symptomId("cloud-cost");
    QVERIFY(setSymptomObserved(*m_project, id, true));
    QVERIFY(!setSymptomObserved(*m_project, id, true)); // no change, no edit
    QVERIFY(m_project->undoText().startsWith(QStringLiteral("Observe sign: ")));
    m_project->undo();
    QVERIFY(!m_project->get<Symptom>(id)->observed);
    QVERIFY(!m_project->canUndo());
    const std::string e = "bill doubled in Q2";
    QVERIFY(setSymptomObserved(*m_project, id, false, &e));
    QVERIFY(m_project->undoText().startsWith(QStringLiteral("Evidence for sign: ")));
}

void TestSymptoms::missingSymptomIsAnError() {
    try {
        setSymptomObserved(*m_project, 424242, true);
        QFAIL("expected an error");
    } catch (const Error& e) {
        const QString what = QString::fromUtf8(e.what());
        QVERIFY2(what.contains(QStringLiteral("symptom #424242")), qPrintable(what));
        QVERIFY2(what.contains(QStringLiteral("expected an existing symptom")), qPrintable(what));
    }
    QVERIFY(!m_project->canUndo());
}

void TestSymptoms::jsonAndText() {
    const std::string note = "deploys take 3 h";
    setSymptomObserved(*m_project, symptomId("slow-deploys"), true, &note);
    setSymptomObserved(*m_project, symptomId("risky-releases"), true);
    setSymptomObserved(*m_project, symptomId("vertical-scaling"), true);
    const SymptomVerdict v = symptomVerdict(*m_project);
    const json j = symptomVerdictJson(v);
    QCOMPARE(j["observed"].get<int>(), 3);
    QCOMPARE(j["total"].get<int>(), 12);
    QCOMPARE(j["outgrown"].get<bool>(), true);
    QCOMPARE(j["threshold"].get<int>(), 3);
    QCOMPARE(j["present"].size(), size_t(3));
    QCOMPARE(j["present"][0]["key"].get<std::string>(), std::string("slow-deploys"));
    QCOMPARE(j["present"][0]["evidence"].get<std::string>(), note);
    QCOMPARE(j["present"][0]["areas"], json::array({"release"}));
    QCOMPARE(j["present"][1]["areas"], json::array({"scaling", "cost"})); // checklist order
    QCOMPARE(j["areas"][0]["key"].get<std::string>(), std::string("release"));
    QCOMPARE(j["areas"][0]["signs"], json::array({"slow-deploys", "risky-releases"}));
    const QString text = QString::fromStdString(symptomVerdictText(v));
    QVERIFY2(text.startsWith(QStringLiteral("symptoms: 3 of 12 signs present: the company has outgrown its "
                                            "infrastructure.\n")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("-> Release process (evidence: deploys take 3 h)")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("-> Scaling, Cloud cost")), qPrintable(text));
}

QTEST_GUILESS_MAIN(TestSymptoms)
#include "tst_symptoms.moc"
