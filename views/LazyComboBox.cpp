#include "LazyComboBox.h"

#include <QSignalBlocker>

namespace terrain {

LazyComboBox::LazyComboBox(QWidget* parent)
    : QComboBox(parent) {
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(10);
}

void LazyComboBox::setLeadingItems(const QList<QPair<QString, QString>>& items) {
    m_leading = items;
    refreshItems();
}

void LazyComboBox::setProvider(std::function<QStringList()> provider) {
    m_provider = std::move(provider);
}

QString LazyComboBox::currentValue() const {
    if (isEditable())
        return currentText();
    const int i = currentIndex();
    return i < 0 ? QString() : itemData(i).toString();
}

void LazyComboBox::setCurrentValue(const QString& value) {
    const QSignalBlocker block(this);
    if (isEditable()) {
        if (findText(value) < 0 && !value.isEmpty())
            addItem(value, value);
        setCurrentText(value);
        return;
    }
    int i = findData(value);
    if (i < 0) {
        addItem(value, value);
        i = count() - 1;
    }
    setCurrentIndex(i);
}

void LazyComboBox::refreshItems() {
    const QString current = currentValue();
    const QSignalBlocker block(this);
    clear();
    for (const auto& [label, value] : m_leading)
        addItem(label, value);
    if (m_provider) {
        for (const QString& v : m_provider()) {
            if (findData(v) < 0)
                addItem(v, v);
        }
    }
    setCurrentValue(current);
}

void LazyComboBox::showPopup() {
    refreshItems();
    QComboBox::showPopup();
}

} // namespace terrain
