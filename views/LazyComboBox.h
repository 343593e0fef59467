#pragma once
// A combo box that reads its choices when it opens, not before: the values of a column of a map with
// 100,000 systems are asked of SQLite only when someone looks at them.

#include <QComboBox>

#include <functional>

namespace terrain {

class LazyComboBox : public QComboBox {
    Q_OBJECT
public:
    explicit LazyComboBox(QWidget* parent = nullptr);

    /// Fixed first items as (label, value): "All kinds" → "".
    void setLeadingItems(const QList<QPair<QString, QString>>& items);
    /// Where the other values come from; called each time the popup opens.
    void setProvider(std::function<QStringList()> provider);

    /// The value of the current item (its data), or the text when the box is editable.
    QString currentValue() const;
    /// Selects `value`, adding it when the box does not have it yet. Emits no signal.
    void setCurrentValue(const QString& value);
    /// Reads the values again, keeping the current one. Emits no signal.
    void refreshItems();

    void showPopup() override;

private:
    QList<QPair<QString, QString>> m_leading;
    std::function<QStringList()> m_provider;
};

} // namespace terrain
