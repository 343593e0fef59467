#include "AddDependencyDialog.h"

#include "SystemPicker.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace terrain {

AddDependencyDialog::AddDependencyDialog(Project& project, Id from, QWidget* parent)
    : QDialog(parent)
    , m_from(new SystemPicker(project))
    , m_to(new SystemPicker(project))
    , m_kind(new QComboBox)
    , m_evidence(new QLineEdit)
    , m_problem(new QLabel)
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel)) {
    setWindowTitle(tr("Add Dependency"));
    m_from->setObjectName(QStringLiteral("fromPicker"));
    m_to->setObjectName(QStringLiteral("toPicker"));
    for (const auto& k : dependencyKinds())
        m_kind->addItem(QString::fromStdString(k));
    m_evidence->setPlaceholderText(tr("Why you believe it: a config line, a conversation, …"));
    m_problem->setWordWrap(true);
    if (from)
        m_from->setSystemId(from);

    auto* form = new QFormLayout(this);
    form->addRow(tr("&From (depends)"), m_from);
    form->addRow(tr("&Kind"), m_kind);
    form->addRow(tr("&To (is needed)"), m_to);
    form->addRow(tr("&Evidence"), m_evidence);
    form->addRow(m_problem);
    form->addRow(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add"));

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_from, &QLineEdit::textChanged, this, &AddDependencyDialog::validate);
    connect(m_to, &QLineEdit::textChanged, this, &AddDependencyDialog::validate);
    resize(fontMetrics().averageCharWidth() * 70, sizeHint().height());
    validate();
    (from ? m_to : m_from)->setFocus();
}

void AddDependencyDialog::validate() {
    QString problem;
    if (!m_from->systemId())
        problem = m_from->text().trimmed().isEmpty()
                      ? tr("Choose the system that depends.")
                      : tr("No system named “%1”.").arg(m_from->text().trimmed());
    else if (!m_to->systemId())
        problem = m_to->text().trimmed().isEmpty() ? tr("Choose the system it depends on.")
                                                   : tr("No system named “%1”.").arg(m_to->text().trimmed());
    m_problem->setText(problem);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

std::optional<Dependency> AddDependencyDialog::dependency() const {
    const auto from = m_from->systemId();
    const auto to = m_to->systemId();
    if (!from || !to)
        return std::nullopt;
    Dependency d;
    d.from = *from;
    d.to = *to;
    d.kind = m_kind->currentText().toStdString();
    d.origin = "manual";
    d.evidence = m_evidence->text().trimmed().toStdString();
    return d;
}

} // namespace terrain
