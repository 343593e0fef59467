#pragma once
// Asks for the two ends, the kind and the evidence of a new dependency.

#include "Entities.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace terrain {

class Project;
class SystemPicker;

class AddDependencyDialog : public QDialog {
    Q_OBJECT
public:
    explicit AddDependencyDialog(Project& project, Id from = 0, QWidget* parent = nullptr);

    /// The dependency as entered (valid once the dialog is accepted).
    std::optional<Dependency> dependency() const;

private:
    void validate();

    SystemPicker* m_from;
    SystemPicker* m_to;
    QComboBox* m_kind;
    QLineEdit* m_evidence;
    QLabel* m_problem;
    QDialogButtonBox* m_buttons;
};

} // namespace terrain
