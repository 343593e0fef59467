#include "ShortcutsDialog.h"

#include <QAbstractItemView>
#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <set>

namespace terrain {

namespace {

QString keysOf(const QAction* a) {
    QStringList keys;
    for (const QKeySequence& k : a->shortcuts())
        if (!k.isEmpty())
            keys << k.toString(QKeySequence::NativeText);
    return keys.join(QStringLiteral("  or  "));
}

void collectMenu(const QMenu* menu, QList<KeyHelp>& rows, std::set<const QAction*>& seen) {
    for (QAction* a : menu->actions()) {
        if (a->menu()) {
            collectMenu(a->menu(), rows, seen);
            continue;
        }
        if (a->isSeparator() || a->shortcuts().isEmpty() || !seen.insert(a).second)
            continue;
        rows << KeyHelp{keysOf(a), plainActionText(a)};
    }
}

/// The widgets an action's shortcut is live in, by its context: the whole window, or a widget
/// (with or without its children).
bool overlaps(const QAction* a, const QAction* b) {
    const auto widgetsOf = [](const QAction* x) {
        QList<QWidget*> ws;
        for (QObject* o : x->associatedObjects())
            if (auto* w = qobject_cast<QWidget*>(o);
                w && !qobject_cast<QMenu*>(w) && !qobject_cast<QMenuBar*>(w))
                ws << w;
        return ws;
    };
    const bool aWindow =
        a->shortcutContext() == Qt::WindowShortcut || a->shortcutContext() == Qt::ApplicationShortcut;
    const bool bWindow =
        b->shortcutContext() == Qt::WindowShortcut || b->shortcutContext() == Qt::ApplicationShortcut;
    if (a->associatedObjects().isEmpty() || b->associatedObjects().isEmpty())
        return false; // in no widget and no menu: its shortcut is not live anywhere
    const QList<QWidget*> wa = widgetsOf(a), wb = widgetsOf(b);
    if (wa.isEmpty() && !aWindow)
        return false; // only in a menu: no shortcut of its own
    if (wb.isEmpty() && !bWindow)
        return false;
    if (aWindow || bWindow)
        return true; // a window shortcut is live wherever the other one is
    for (QWidget* x : wa)
        for (QWidget* y : wb)
            if (x == y || x->isAncestorOf(y) || y->isAncestorOf(x))
                return true;
    return false;
}

} // namespace

QString plainActionText(const QAction* action) {
    QString t = action->text();
    t.remove(QRegularExpression(QStringLiteral("&(?!&)")));
    t.replace(QStringLiteral("&&"), QStringLiteral("&"));
    if (t.endsWith(QChar(0x2026)))
        t.chop(1);
    if (t.endsWith(QStringLiteral("...")))
        t.chop(3);
    return t.trimmed();
}

QList<ShortcutSection> shortcutSections(QWidget* window, const QList<ShortcutSection>& extra) {
    QList<ShortcutSection> sections;
    std::set<const QAction*> seen;
    if (auto* bar = window->findChild<QMenuBar*>()) {
        for (QAction* top : bar->actions()) {
            if (!top->menu())
                continue;
            ShortcutSection s{plainActionText(top), {}};
            collectMenu(top->menu(), s.rows, seen);
            if (!s.rows.isEmpty())
                sections << s;
        }
    }
    // Actions of the views inside the window (the map's zoom, find, export ...), by the view.
    for (QWidget* w : window->findChildren<QWidget*>()) {
        if (qobject_cast<QMenu*>(w) || qobject_cast<QMenuBar*>(w))
            continue;
        ShortcutSection s;
        // Titled by the view: tables share one section; others by their own or an ancestor's name.
        if (qobject_cast<QAbstractItemView*>(w))
            s.title = ShortcutsDialog::tr("Tables and lists");
        for (const QWidget* p = w; p && s.title.isEmpty() && p != window; p = p->parentWidget())
            s.title = p->accessibleName();
        if (s.title.isEmpty())
            s.title = ShortcutsDialog::tr("In the current view");
        for (QAction* a : w->actions())
            if (!a->shortcuts().isEmpty() && seen.insert(a).second)
                s.rows << KeyHelp{keysOf(a), plainActionText(a)};
        if (s.rows.isEmpty())
            continue;
        auto existing = std::find_if(sections.begin(), sections.end(),
                                     [&](const ShortcutSection& x) { return x.title == s.title; });
        if (existing == sections.end()) {
            sections << ShortcutSection{s.title, {}};
            existing = sections.end() - 1;
        }
        for (const KeyHelp& k : s.rows) // the same key for the same thing in several tables: once
            if (std::none_of(existing->rows.begin(), existing->rows.end(),
                             [&](const KeyHelp& x) { return x.keys == k.keys && x.what == k.what; }))
                existing->rows << k;
    }
    sections << extra;
    return sections;
}

QStringList shortcutConflicts(QWidget* window) {
    QList<QAction*> actions;
    for (QAction* a : window->findChildren<QAction*>())
        if (!a->shortcuts().isEmpty())
            actions << a;
    QStringList conflicts;
    for (qsizetype i = 0; i < actions.size(); ++i)
        for (qsizetype j = i + 1; j < actions.size(); ++j)
            for (const QKeySequence& k : actions[i]->shortcuts())
                if (actions[j]->shortcuts().contains(k) && overlaps(actions[i], actions[j]))
                    conflicts << QStringLiteral("%1: %2 / %3")
                                     .arg(k.toString(QKeySequence::NativeText), plainActionText(actions[i]),
                                          plainActionText(actions[j]));
    return conflicts;
}

ShortcutsDialog::ShortcutsDialog(const QList<ShortcutSection>& sections, QWidget* parent)
    : QDialog(parent)
    , m_filter(new QLineEdit)
    , m_tree(new QTreeWidget) {
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard Shortcuts"));
    m_filter->setObjectName(QStringLiteral("shortcutsFilter"));
    m_filter->setPlaceholderText(tr("Find a shortcut or an action"));
    m_filter->setAccessibleName(tr("Find a shortcut"));
    m_filter->setClearButtonEnabled(true);
    m_tree->setObjectName(QStringLiteral("shortcutsTree"));
    m_tree->setAccessibleName(tr("Keyboard shortcuts"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Keys"), tr("What they do")});
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionMode(QAbstractItemView::NoSelection);
    m_tree->setFocusPolicy(Qt::NoFocus);
    for (const ShortcutSection& s : sections) {
        auto* head = new QTreeWidgetItem(m_tree, {s.title});
        head->setFirstColumnSpanned(true);
        QFont bold = head->font(0);
        bold.setBold(true);
        head->setFont(0, bold);
        head->setFlags(Qt::ItemIsEnabled);
        for (const KeyHelp& k : s.rows)
            new QTreeWidgetItem(head, {k.keys, k.what});
        head->setExpanded(true);
    }
    m_tree->setItemsExpandable(false);
    m_tree->resizeColumnToContents(0);
    m_tree->header()->setStretchLastSection(true);

    auto* hint = new QLabel(tr("Shortcuts are also shown beside every menu command. Standard keys "
                               "(Ctrl+N, Ctrl+O, Ctrl+Z, Ctrl+F …) work as everywhere else."));
    hint->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_filter, &QLineEdit::textChanged, this, &ShortcutsDialog::setFilter);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_tree, 1);
    layout->addWidget(hint);
    layout->addWidget(buttons);
    resize(640, 720);
}

void ShortcutsDialog::setFilter(const QString& text) {
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem* head = m_tree->topLevelItem(i);
        const bool headMatches = head->text(0).contains(text, Qt::CaseInsensitive);
        int shown = 0;
        for (int c = 0; c < head->childCount(); ++c) {
            QTreeWidgetItem* row = head->child(c);
            const bool match = text.isEmpty() || headMatches ||
                               row->text(0).contains(text, Qt::CaseInsensitive) ||
                               row->text(1).contains(text, Qt::CaseInsensitive);
            row->setHidden(!match);
            shown += match ? 1 : 0;
        }
        head->setHidden(shown == 0);
    }
}

int ShortcutsDialog::visibleRows() const {
    int n = 0;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* head = m_tree->topLevelItem(i);
        if (head->isHidden())
            continue;
        for (int c = 0; c < head->childCount(); ++c)
            n += head->child(c)->isHidden() ? 0 : 1;
    }
    return n;
}

} // namespace terrain
