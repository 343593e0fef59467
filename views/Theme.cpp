#include "Theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

#include <vector>

namespace terrain {

namespace {

struct Platform {
    bool saved = false;
    QString style;
    QPalette palette;
};

Platform& platform() {
    static Platform p;
    return p;
}

Theme& current() {
    static Theme t = Theme::System;
    return t;
}

/// The colour of each palette role in the light and in the dark theme, side by side.
struct RoleColours {
    QPalette::ColorRole role;
    QColor light, dark;
};

const std::vector<RoleColours>& roleColours() {
    static const std::vector<RoleColours> roles = {
        {QPalette::Window, QColor(0xf3, 0xf4, 0xf6), QColor(0x23, 0x26, 0x2b)},
        {QPalette::WindowText, QColor(0x1a, 0x1d, 0x23), QColor(0xe8, 0xea, 0xed)},
        {QPalette::Base, QColor(0xff, 0xff, 0xff), QColor(0x1b, 0x1d, 0x21)},
        {QPalette::AlternateBase, QColor(0xf6, 0xf8, 0xfa), QColor(0x26, 0x29, 0x2e)},
        {QPalette::ToolTipBase, QColor(0xff, 0xfb, 0xe6), QColor(0x32, 0x36, 0x3c)},
        {QPalette::ToolTipText, QColor(0x1a, 0x1d, 0x23), QColor(0xe8, 0xea, 0xed)},
        {QPalette::PlaceholderText, QColor(0x6b, 0x72, 0x80), QColor(0x9a, 0xa1, 0xab)},
        {QPalette::Text, QColor(0x1a, 0x1d, 0x23), QColor(0xe8, 0xea, 0xed)},
        {QPalette::Button, QColor(0xe9, 0xeb, 0xef), QColor(0x30, 0x34, 0x3a)},
        {QPalette::ButtonText, QColor(0x1a, 0x1d, 0x23), QColor(0xe8, 0xea, 0xed)},
        {QPalette::BrightText, QColor(Qt::white), QColor(0xff, 0x6b, 0x6b)},
        {QPalette::Light, QColor(Qt::white), QColor(0x45, 0x4a, 0x52)},
        {QPalette::Midlight, QColor(0xe2, 0xe5, 0xea), QColor(0x3a, 0x3e, 0x45)},
        {QPalette::Mid, QColor(0xb8, 0xbe, 0xc7), QColor(0x2c, 0x2f, 0x35)},
        {QPalette::Dark, QColor(0x8a, 0x91, 0x9c), QColor(0x15, 0x17, 0x1a)},
        {QPalette::Shadow, QColor(0x4a, 0x4f, 0x57), QColor(0x0a, 0x0b, 0x0c)},
        // Light: the icon's teal.
        {QPalette::Highlight, QColor(0x1f, 0x5f, 0x5b), QColor(0x3f, 0x8f, 0x7f)},
        {QPalette::HighlightedText, QColor(Qt::white), QColor(Qt::white)},
        {QPalette::Link, QColor(0x0b, 0x5c, 0xad), QColor(0x7c, 0xb7, 0xff)},
        {QPalette::LinkVisited, QColor(0x6a, 0x3d, 0x9a), QColor(0xc3, 0x9b, 0xff)},
    };
    return roles;
}

/// A full Fusion palette for the light or the dark theme.
QPalette themePalette(bool dark) {
    QPalette p;
    for (const auto& r : roleColours())
        p.setColor(r.role, dark ? r.dark : r.light);
    const QColor disabledText = dark ? QColor(0x7a, 0x80, 0x89) : QColor(0x8a, 0x91, 0x9c);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabledText);
    if (dark) // read-only fields drawn on the window colour, not a white base
        p.setColor(QPalette::Disabled, QPalette::Base, p.color(QPalette::Active, QPalette::Window));
    return p;
}

} // namespace

QString themeKey(Theme theme) {
    switch (theme) {
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    case Theme::System:
        break;
    }
    return QStringLiteral("system");
}

Theme themeFromKey(const QString& key) {
    if (key == QLatin1String("light"))
        return Theme::Light;
    if (key == QLatin1String("dark"))
        return Theme::Dark;
    return Theme::System;
}

QString themeTitle(Theme theme) {
    switch (theme) {
    case Theme::Light:
        return QApplication::translate("Theme", "&Light");
    case Theme::Dark:
        return QApplication::translate("Theme", "&Dark");
    case Theme::System:
        break;
    }
    return QApplication::translate("Theme", "&System");
}

void applyTheme(Theme theme) {
    Platform& p = platform();
    const bool first = !p.saved;
    if (first) {
        p.saved = true;
        p.style = QApplication::style() ? QApplication::style()->name() : QString();
        p.palette = QApplication::palette();
    }
    if (theme == current() && (!first || theme == Theme::System))
        return; // already so: no re-polishing of every widget
    current() = theme;
    if (theme == Theme::System) {
        if (!p.style.isEmpty())
            QApplication::setStyle(QStyleFactory::create(p.style));
        QApplication::setPalette(p.palette);
        return;
    }
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(themePalette(theme == Theme::Dark));
}

Theme currentTheme() {
    return current();
}

bool paletteIsDark() {
    const QPalette p = QApplication::palette();
    return p.color(QPalette::Window).lightness() < p.color(QPalette::WindowText).lightness();
}

} // namespace terrain
