// File ▸ Export…: every format previews (rendered Markdown, rich text with the map picture, plain text),
// hostile names show as text, Export writes exactly the chosen file (and nothing when it cannot), and
// screenshots of the dialog are saved under the build folder.
#include "ExportDialog.h"
#include "TestMaps.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QTextBrowser>
#include <QtTest>

using namespace terrain;

namespace {

void screenshot(QWidget& w, const QString& name) {
    QDir().mkpath(QStringLiteral(TERRAIN_SCREENSHOT_DIR));
    QVERIFY(w.grab().save(QDir(QStringLiteral(TERRAIN_SCREENSHOT_DIR)).filePath(name)));
}

bool waitPreview(QSignalSpy& ready) {
    return !ready.isEmpty() || ready.wait(60000);
}

} // namespace

class TestExportDialog : public QObject {
    Q_OBJECT
private slots:
    void previewsEveryFormat();
    void hostileNamesShowAsText();
    void exportWritesOnlyTheChosenFile();
    void exportFailureWritesNothing();
};

void TestExportDialog::previewsEveryFormat() {
    QTemporaryDir dir;
    const std::string path = test::pathIn(dir, "demo.terrain");
    {
        auto project = Project::create(path);
        seedCatalog(*project);
        populateDemo(*project);
    }
    auto project = Project::open(path);
    ExportDialog dialog(*project);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const std::map<QString, QString> expected = {
        {QStringLiteral("roadmap-md"), QStringLiteral("Roadmap: demo")},
        {QStringLiteral("roadmap-html"), QStringLiteral("Ranked initiatives")},
        {QStringLiteral("roadmap-pdf"), QStringLiteral("Ranked initiatives")},
        {QStringLiteral("roadmap-csv"), QStringLiteral("rank,key,title,area,phase")},
        {QStringLiteral("roadmap-json"), QStringLiteral("\"format\": \"terrain-roadmap\"")},
        {QStringLiteral("report-html"), QStringLiteral("the company has outgrown its infrastructure")},
        {QStringLiteral("report-pdf"), QStringLiteral("Risk matrix")},
        {QStringLiteral("backstage"), QStringLiteral("apiVersion: backstage.io/v1alpha1")}};
    auto* combo = dialog.findChild<QComboBox*>(QStringLiteral("exportFormat"));
    QVERIFY(combo);
    QCOMPARE(combo->count(), int(documentFormats().size()));
    // The first format's preview was started by the dialog itself.
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.previewBrowser()->toPlainText().contains(QStringLiteral("Roadmap: demo")),
                             60000);
    for (const auto& [format, text] : expected) {
        QSignalSpy ready(&dialog, &ExportDialog::previewReady);
        dialog.setFormat(format);
        QCOMPARE(dialog.format(), format);
        if (format != QStringLiteral("roadmap-md")) // already shown
            QVERIFY2(waitPreview(ready), qPrintable(format));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 60000);
        QVERIFY2(dialog.previewBrowser()->toPlainText().contains(text), qPrintable(format));
        if (format == QStringLiteral("roadmap-md") || format == QStringLiteral("report-pdf") ||
            format == QStringLiteral("backstage"))
            screenshot(dialog, QStringLiteral("exportdialog-%1.png").arg(format));
    }
    // The report's preview shows the map picture.
    dialog.setFormat(QStringLiteral("report-html"));
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.previewBrowser()->toHtml().contains(QStringLiteral("terrain-map.png")),
                             60000);
    screenshot(dialog, QStringLiteral("exportdialog-report-html.png"));
}

void TestExportDialog::hostileNamesShowAsText() {
    QTemporaryDir dir;
    test::SmallMap map(test::pathIn(dir));
    System s = *map.project->get<System>(map.web);
    s.name = "<script>alert(1)</script> & \"=cmd|' /C calc'!A0\"";
    map.project->save(s);
    Initiative i = *map.project->get<Initiative>(map.ciInitiative);
    i.title = "<img src=x onerror=alert(1)>";
    map.project->save(i);
    ExportDialog dialog(*map.project);
    dialog.show();
    for (const char* format : {"report-html", "roadmap-md", "roadmap-html"}) {
        QSignalSpy ready(&dialog, &ExportDialog::previewReady);
        dialog.setFormat(QLatin1String(format));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy() && !ready.isEmpty(), 60000);
        const QString shown = dialog.previewBrowser()->toPlainText();
        screenshot(dialog, QStringLiteral("exportdialog-hostile-%1.png").arg(QLatin1String(format)));
        QVERIFY2(shown.contains(QStringLiteral("<img src=x onerror=alert(1)>")), format); // as text
        if (QLatin1String(format) == QLatin1String("report-html"))
            QVERIFY(dialog.previewBrowser()->toHtml().count(QStringLiteral("<img")) ==
                    1); // only the map picture
        else
            QVERIFY(!dialog.previewBrowser()->toHtml().contains(QStringLiteral("<img")));
    }
}

void TestExportDialog::exportWritesOnlyTheChosenFile() {
    QTemporaryDir dir;
    test::SmallMap map(test::pathIn(dir));
    ExportDialog dialog(*map.project);
    QTemporaryDir out;
    for (const auto& f : documentFormats()) {
        dialog.setFormat(QString::fromStdString(f.name));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 60000);
        const QString target = out.filePath(QStringLiteral("out") + QString::fromStdString(f.extension));
        QFile::remove(target);
        QSignalSpy done(&dialog, &ExportDialog::exported);
        dialog.exportTo(target);
        QVERIFY2(done.wait(60000) || !done.isEmpty(), f.name.c_str());
        QCOMPARE(done.first().at(0).toString(), target);
        QFile file(target);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        if (f.binary)
            QVERIFY(bytes.startsWith("%PDF-"));
        else if (f.name == "report-html") // Graphviz may order the map picture's clusters differently
            QVERIFY(bytes.startsWith("<!DOCTYPE html>") && bytes.contains("<svg") &&
                    bytes.endsWith("</html>\n"));
        else
            QCOMPARE(bytes.toStdString(), exportDocument(exportInput(*map.project), f.name));
    }
    // Nothing else appeared next to the files.
    QCOMPARE(QDir(out.path()).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot).size(), 6);
    QCOMPARE(QDir(out.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size(), 0);
    auto* status = dialog.findChild<QLabel*>(QStringLiteral("exportStatus"));
    QVERIFY(status->text().startsWith(QStringLiteral("Exported Backstage catalog to")));
}

void TestExportDialog::exportFailureWritesNothing() {
    QTemporaryDir dir;
    test::SmallMap map(test::pathIn(dir));
    ExportDialog dialog(*map.project);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 60000);
    const QString target = dir.filePath(QStringLiteral("missing/folder/roadmap.md"));
    QSignalSpy failed(&dialog, &ExportDialog::failed);
    dialog.exportTo(target);
    QVERIFY(failed.wait(60000) || !failed.isEmpty());
    QVERIFY(failed.first().at(0).toString().contains(QStringLiteral("cannot be written")));
    QVERIFY(!QFile::exists(target));
    QVERIFY(!QDir(dir.filePath(QStringLiteral("missing"))).exists());
    auto* status = dialog.findChild<QLabel*>(QStringLiteral("exportStatus"));
    QVERIFY(status->text().startsWith(QStringLiteral("Nothing was written.")));
}

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
