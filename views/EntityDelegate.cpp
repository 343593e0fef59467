#include "EntityDelegate.h"

#include "EntityTableModel.h"
#include "Project.h"
#include "SystemPicker.h"

#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>

namespace terrain {

namespace {

const EntityColumn* columnOf(const QModelIndex& index) {
    auto* model = qobject_cast<const EntityTableModel*>(index.model());
    if (!model || index.column() < 0 || index.column() >= model->columnCount())
        return nullptr;
    return &model->column(index.column());
}

Project* projectOf(const QModelIndex& index) {
    auto* model = qobject_cast<const EntityTableModel*>(index.model());
    return model ? &model->project() : nullptr;
}

} // namespace

QWidget* EntityDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                                      const QModelIndex& index) const {
    const EntityColumn* c = columnOf(index);
    Project* project = projectOf(index);
    if (!c || !project)
        return QStyledItemDelegate::createEditor(parent, option, index);
    auto* self = const_cast<EntityDelegate*>(this);
    auto commitOnActivate = [self](QComboBox* combo) {
        connect(combo, &QComboBox::activated, self, [self, combo] {
            emit self->commitData(combo);
            emit self->closeEditor(combo);
        });
        return combo;
    };

    switch (c->type) {
    case FieldType::Text:
    case FieldType::StringList:
    case FieldType::ReferenceList: {
        auto* edit = new QLineEdit(parent);
        edit->setFrame(false);
        if (!c->toolTip.isEmpty())
            edit->setToolTip(c->toolTip);
        return edit;
    }
    case FieldType::LongText: {
        auto* edit = new QPlainTextEdit(parent);
        edit->setTabChangesFocus(true);
        edit->setToolTip(tr("Click elsewhere to keep the change"));
        return edit;
    }
    case FieldType::Int: {
        auto* spin = new QSpinBox(parent);
        spin->setFrame(false);
        spin->setRange(c->minimum, c->maximum);
        spin->setAlignment(Qt::AlignRight);
        return spin;
    }
    case FieldType::IntChoice: {
        auto* combo = new QComboBox(parent);
        for (size_t i = 0; i < c->choices.size(); ++i)
            combo->addItem(QString::fromStdString(c->choices[i]), c->minimum + static_cast<int>(i));
        return commitOnActivate(combo);
    }
    case FieldType::Enum:
    case FieldType::EditableEnum: {
        auto* combo = new QComboBox(parent);
        combo->setEditable(c->type == FieldType::EditableEnum);
        if (c->allowEmpty && c->type == FieldType::Enum)
            combo->addItem(QStringLiteral("—"), QString());
        for (const auto& s : c->choices)
            combo->addItem(QString::fromStdString(s), QString::fromStdString(s));
        return c->type == FieldType::Enum ? commitOnActivate(combo) : combo;
    }
    case FieldType::Reference: {
        if (c->target == EntityKind::System && project->count(EntityKind::System) > kComboLimit)
            return new SystemPicker(*project, parent);
        auto* combo = new QComboBox(parent);
        if (c->allowEmpty)
            combo->addItem(tr("(none)"), QVariant::fromValue<qlonglong>(0));
        if (c->target == EntityKind::System) {
            for (Id id : project->systemIds()) {
                if (auto s = project->get<System>(id)) {
                    QString label = QString::fromStdString(s->name);
                    if (!s->environment.empty())
                        label += QStringLiteral(" — ") + QString::fromStdString(s->environment);
                    combo->addItem(label, QVariant::fromValue<qlonglong>(id));
                }
            }
        } else {
            for (const auto& row : project->list(c->target))
                combo->addItem(entityLabel(c->target, row),
                               QVariant::fromValue<qlonglong>(row.at("id").get<Id>()));
        }
        return commitOnActivate(combo);
    }
    case FieldType::Bool:
        return nullptr;
    }
    return QStyledItemDelegate::createEditor(parent, option, index);
}

void EntityDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const {
    const EntityColumn* c = columnOf(index);
    if (!c) {
        QStyledItemDelegate::setEditorData(editor, index);
        return;
    }
    const QVariant v = index.data(Qt::EditRole);
    if (auto* picker = qobject_cast<SystemPicker*>(editor)) {
        picker->setSystemId(v.toLongLong());
    } else if (auto* edit = qobject_cast<QLineEdit*>(editor)) {
        edit->setText(v.toString());
    } else if (auto* text = qobject_cast<QPlainTextEdit*>(editor)) {
        text->setPlainText(v.toString());
    } else if (auto* spin = qobject_cast<QSpinBox*>(editor)) {
        spin->setValue(v.toInt());
    } else if (auto* combo = qobject_cast<QComboBox*>(editor)) {
        int i = -1;
        if (c->type == FieldType::Reference)
            i = combo->findData(QVariant::fromValue<qlonglong>(v.toLongLong()));
        else if (c->type == FieldType::IntChoice)
            i = combo->findData(v.toInt());
        else
            i = combo->findData(v.toString());
        if (i >= 0)
            combo->setCurrentIndex(i);
        else if (combo->isEditable())
            combo->setCurrentText(v.toString());
    } else {
        QStyledItemDelegate::setEditorData(editor, index);
    }
}

void EntityDelegate::setModelData(QWidget* editor, QAbstractItemModel* model,
                                  const QModelIndex& index) const {
    const EntityColumn* c = columnOf(index);
    if (!c) {
        QStyledItemDelegate::setModelData(editor, model, index);
        return;
    }
    if (auto* picker = qobject_cast<SystemPicker*>(editor)) {
        model->setData(index, picker->text(), Qt::EditRole); // the model resolves and reports unknown names
    } else if (auto* edit = qobject_cast<QLineEdit*>(editor)) {
        model->setData(index, edit->text(), Qt::EditRole);
    } else if (auto* text = qobject_cast<QPlainTextEdit*>(editor)) {
        model->setData(index, text->toPlainText(), Qt::EditRole);
    } else if (auto* spin = qobject_cast<QSpinBox*>(editor)) {
        spin->interpretText();
        model->setData(index, spin->value(), Qt::EditRole);
    } else if (auto* combo = qobject_cast<QComboBox*>(editor)) {
        if (combo->isEditable())
            model->setData(index, combo->currentText(), Qt::EditRole);
        else if (combo->currentIndex() >= 0)
            model->setData(index, combo->currentData(), Qt::EditRole);
    } else {
        QStyledItemDelegate::setModelData(editor, model, index);
    }
}

void EntityDelegate::updateEditorGeometry(QWidget* editor, const QStyleOptionViewItem& option,
                                          const QModelIndex& index) const {
    QRect r = option.rect;
    if (qobject_cast<QPlainTextEdit*>(editor)) {
        const int lineHeight = option.fontMetrics.lineSpacing();
        r.setHeight(std::max(r.height(), lineHeight * 7));
        r.setWidth(std::max(r.width(), option.fontMetrics.averageCharWidth() * 50));
        // Keep the editor inside the viewport.
        if (QWidget* parent = editor->parentWidget()) {
            if (r.bottom() > parent->height())
                r.moveBottom(std::max(r.height() - 1, parent->height() - 1));
            if (r.right() > parent->width())
                r.moveRight(std::max(r.width() - 1, parent->width() - 1));
        }
        editor->setGeometry(r);
        return;
    }
    QStyledItemDelegate::updateEditorGeometry(editor, option, index);
}

} // namespace terrain
