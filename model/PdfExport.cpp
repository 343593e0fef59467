#include "PdfExport.h"

#include "Error.h"

#include <QBuffer>
#include <QGuiApplication>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QUrl>

#include <vector>

namespace terrain {

std::string htmlToPdf(const std::string& html, const std::string& title,
                      const std::vector<PdfImage>& images) {
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        throw Error("PDF export needs the fonts of a GUI application (QGuiApplication); none is running");
    // About the width of the text on an A4 page with 2 cm margins, in the document's 96 dpi pixels.
    constexpr int kTextWidth = 620;
    QString text = QString::fromStdString(html);
    QTextDocument doc;
    for (const auto& image : images) {
        QImage picture;
        if (!picture.loadFromData(reinterpret_cast<const uchar*>(image.png.data()),
                                  static_cast<int>(image.png.size()), "PNG"))
            throw Error(image.name, "", "is not a PNG picture the PDF can show");
        const QString name = QString::fromStdString(image.name);
        if (picture.width() > kTextWidth) {
            const int height = picture.height() * kTextWidth / picture.width();
            text.replace(QStringLiteral("src=\"%1\"").arg(name),
                         QStringLiteral("src=\"%1\" width=\"%2\" height=\"%3\"")
                             .arg(name)
                             .arg(kTextWidth)
                             .arg(height));
        }
        doc.addResource(QTextDocument::ImageResource, QUrl(name), picture);
    }
    doc.setHtml(text);
    // Print sizes: the HTML's 10 pt body reads large on A4 once Qt scales the page to the paper; every
    // fragment is set at 80 % of its size (headings keep their proportions), so tables get room.
    struct Run {
        int position, length;
        double size;
    };
    std::vector<Run> runs; // collected first: changing formats may merge fragments
    for (QTextBlock block = doc.begin(); block.isValid(); block = block.next())
        for (auto it = block.begin(); !it.atEnd(); ++it)
            if (const QTextFragment fragment = it.fragment(); fragment.isValid()) {
                const QFont font = fragment.charFormat().font();
                runs.push_back({fragment.position(), fragment.length(),
                                font.pointSizeF() > 0 ? font.pointSizeF() : QFont().pointSizeF()});
            }
    for (const Run& run : runs) {
        QTextCursor cursor(&doc);
        cursor.setPosition(run.position);
        cursor.setPosition(run.position + run.length, QTextCursor::KeepAnchor);
        QTextCharFormat format;
        format.setFontPointSize(run.size * 0.8);
        cursor.mergeCharFormat(format);
    }
    doc.setMetaInformation(QTextDocument::DocumentTitle, QString::fromStdString(title));

    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setTitle(QString::fromStdString(title));
        writer.setCreator(QStringLiteral("Terrain"));
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter);
        writer.setResolution(300);
        doc.print(&writer);
    }
    buffer.close();
    if (bytes.isEmpty())
        throw Error("the PDF could not be written");
    return bytes.toStdString();
}

} // namespace terrain
