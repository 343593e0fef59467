#pragma once
// Light and dark palettes for the whole application (View ▸ Theme), kept in QSettings by the main window.
// "System" leaves the platform's style and palette alone; Light and Dark use the Fusion style, whose
// every colour comes from the palette, so both are complete and readable on a projector. The map's
// canvas stays paper-white in both: its colourings are chosen on white and exports look the same.

#include <QString>

namespace terrain {

enum class Theme { System, Light, Dark };

/// "system", "light", "dark" (the value stored in the settings).
QString themeKey(Theme theme);
/// The theme of a stored key; System for anything else.
Theme themeFromKey(const QString& key);
/// The name shown in the menu.
QString themeTitle(Theme theme);

/// Applies `theme` to the running QApplication (the first call remembers the platform's style and
/// palette, to go back to them for System).
void applyTheme(Theme theme);
/// The theme applied last (System before any call).
Theme currentTheme();
/// Whether the application palette is dark now (a dark theme, or a dark platform palette under System).
bool paletteIsDark();

} // namespace terrain
