#pragma once
// Help ▸ Keyboard Shortcuts: the cheat sheet. Built from the window's own actions (menus, and the
// actions of the views inside it, such as the map's) plus the keys views handle themselves (KeyHelp),
// so it never lists a shortcut that does not exist. A filter finds an action or a key.

#include "KeyHelp.h"

#include <QDialog>

class QAction;
class QLineEdit;
class QTreeWidget;

namespace terrain {

/// One section of the cheat sheet.
struct ShortcutSection {
    QString title;       ///< "File", "Map", "Workshop Mode"
    QList<KeyHelp> rows; ///< keys → what they do
};

/// The sections of `window`: one per menu of its menu bar (actions with a shortcut, submenus
/// flattened), one per other widget with actions of its own (under the widget's window title or
/// accessible name), then `extra`.
QList<ShortcutSection> shortcutSections(QWidget* window, const QList<ShortcutSection>& extra = {});

/// Pairs of enabled-or-not actions of `window` that one key sequence would trigger at the same time
/// (Qt then triggers neither): "Ctrl+0: Reset Text Size / Fit". Empty when every key is unambiguous.
QStringList shortcutConflicts(QWidget* window);

/// The action's text as a reader sees it: without the mnemonic ampersand and the trailing ellipsis.
QString plainActionText(const QAction* action);

class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    ShortcutsDialog(const QList<ShortcutSection>& sections, QWidget* parent = nullptr);

    /// Shows only rows whose keys or description contain `text` (case-insensitive).
    void setFilter(const QString& text);
    /// The rows shown now (for tests).
    int visibleRows() const;
    QTreeWidget* tree() const { return m_tree; }

private:
    QLineEdit* m_filter;
    QTreeWidget* m_tree;
};

} // namespace terrain
