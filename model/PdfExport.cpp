#include "PdfExport.h"

#include "Error.h"

#include <QBuffer>
#include <QGuiApplication>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>
#include <QUrl>

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
