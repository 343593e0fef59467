#pragma once
// HTML to PDF through Qt's rich text (QTextDocument) and QPdfWriter: A4, paginated, page numbers, the
// fonts of the system. Needs a QGuiApplication (fonts); the command line starts one on the offscreen
// platform for PDF exports. Safe on a worker thread.

#include <string>
#include <vector>

namespace terrain {

/// A picture the HTML refers to by `name` (`<img src="name">`): PNG bytes. Scaled down to the text width.
struct PdfImage {
    std::string name;
    std::string png;
};

/// The PDF bytes of `html`. Throws Error when there is no QGuiApplication or an image cannot be read.
std::string htmlToPdf(const std::string& html, const std::string& title,
                      const std::vector<PdfImage>& images = {});

} // namespace terrain
