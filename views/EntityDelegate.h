#pragma once
// Editors for the cells of an EntityTableModel, chosen by the column's FieldType: spin boxes for
// numbers, combo boxes for choices and small reference lists, a completing system picker for
// references to systems in large maps, a multi-line editor for long text.

#include <QStyledItemDelegate>

namespace terrain {

class EntityDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                          const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override;
    void updateEditorGeometry(QWidget* editor, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const override;

    /// References to kinds with at most this many rows are picked from a combo box.
    static constexpr qint64 kComboLimit = 500;
};

} // namespace terrain
