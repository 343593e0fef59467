// The ranking settings in the canonical JSON map: exported under "settings"/"ranking" when the map has
// them (and not at all when it has none, so older documents stay byte-identical), imported back into a
// new map so that export → import → export gives the same bytes and the same ranking, and a bad value
// fails the whole import with the JSON pointer and changes nothing.
#include "Catalog.h"
#include "Error.h"
#include "MapJson.h"
#include "Project.h"
#include "Ranking.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace terrain;

class TestMapJsonSettings : public QObject {
    Q_OBJECT
private slots:
    void noSettingsNoMember();
    void settingsRoundTrip();
    void badSettingsChangeNothing();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Project> create(const char* name) {
        return Project::create(m_dir.filePath(QLatin1String(name)).toStdString());
    }
};

void TestMapJsonSettings::noSettingsNoMember() {
    auto p = create("none.terrain");
    seedCatalog(*p);
    QVERIFY(!exportMap(*p).contains("settings"));
}

void TestMapJsonSettings::settingsRoundTrip() {
    auto p = create("demo.terrain");
    seedCatalog(*p);
    populateDemo(*p);
    RankSettings s = RankSettings::fromPreset("rice");
    s.weights.votes = 0.5;
    s.capacityNow = 12;
    s.capacityNext = 20;
    s.capacityLater = 40;
    s.respectPlannedPhases = false;
    saveRankSettings(*p, s);
    const std::string text = exportMapText(*p);
    const json doc = parseMapText(text, "map.json");
    QVERIFY(doc.contains("settings"));
    const json& r = doc["settings"]["ranking"];
    QCOMPARE(r["preset"].get<std::string>(), std::string("custom"));
    QCOMPARE(r["weights"]["votes"].get<double>(), 0.5);
    QCOMPARE(r["capacity"]["now"].get<double>(), 12.0);
    QCOMPARE(r["respect_planned_phases"].get<bool>(), false);

    auto q = create("copy.terrain");
    const MapImportReport report = importMap(*q, doc, "map.json");
    QVERIFY(report.warnings.empty());
    QCOMPARE(loadRankSettings(*q), loadRankSettings(*p));
    QCOMPARE(exportMapText(*q), text); // byte-identical
    const RankResult a = rank(rankInput(*p)), b = rank(rankInput(*q));
    QCOMPARE(a.ranked.size(), b.ranked.size());
    for (size_t i = 0; i < a.ranked.size(); ++i)
        QCOMPARE(a.ranked[i].key, b.ranked[i].key);
    q->undo(); // the import is one edit, settings included
    QVERIFY(!q->setting(kRankSettingsKey));
}

void TestMapJsonSettings::badSettingsChangeNothing() {
    auto p = create("bad.terrain");
    const std::string text = R"({"format": "terrain-map", "version": 1,
        "systems": [{"key": "manual:a", "name": "A", "kind": "service"}],
        "settings": {"ranking": {"weights": {"value": -2}}}})";
    try {
        importMap(*p, parseMapText(text, "bad.json"), "bad.json");
        QFAIL("expected an error");
    } catch (const Error& e) {
        const QString what = QString::fromUtf8(e.what());
        QVERIFY2(what.startsWith(QStringLiteral("bad.json: /settings/ranking: ")), qPrintable(what));
    }
    QCOMPARE(p->count(EntityKind::System), 0);
    QVERIFY(!p->setting(kRankSettingsKey));

    const std::string notObject = R"({"format": "terrain-map", "version": 1, "settings": []})";
    QVERIFY_THROWS_EXCEPTION(Error, importMap(*p, parseMapText(notObject, "b.json"), "b.json"));
    const std::string unknown = R"({"format": "terrain-map", "version": 1, "settings": {"colour": 1}})";
    const MapImportReport r = importMap(*p, parseMapText(unknown, "u.json"), "u.json");
    QCOMPARE(r.warnings.size(), size_t(1));
    QCOMPARE(r.warnings[0], std::string("/settings/colour: unknown setting, ignored"));
}

QTEST_GUILESS_MAIN(TestMapJsonSettings)
#include "tst_mapjsonsettings.moc"
