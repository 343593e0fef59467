#pragma once
// The Decision Records tab: the decisions of the map in a list, an editor for the selected one and a
// live Markdown preview of its adr-tools record.
//
// - The list can be narrowed to the backlog (proposed records) or to the decisions that concern one
//   initiative, risk or area: the links are visible from both sides.
// - "Open question" captures a question of the workshop as a proposed record in one step (Enter).
// - Supersede and Amend create the next record of the chain; the editor shows the chain.
// - Every field is saved when it is left (text fields also after a pause in typing), each save one
//   Project edit and one undo step; the preview follows every keystroke.

#include "Entities.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class QTextBrowser;
class QTimer;

namespace terrain {

class Project;
class SystemPicker;

class DecisionsPage : public QWidget {
    Q_OBJECT
public:
    explicit DecisionsPage(Project& project, QWidget* parent = nullptr);

    /// Selects the decision in the list (clearing a filter that hides it); false if it is not in the map.
    bool selectDecision(Id id);
    Id currentDecision() const { return m_id; }

    /// Captures `question` as a proposed record dated today and selects it.
    Id captureQuestion(const QString& question);
    /// A new record that supersedes / amends the current one, selected.
    Id supersedeCurrent();
    Id amendCurrent();
    /// Saves every field whose text differs from the stored decision.
    void commitPending();

    // for tests
    QListWidget* list() const { return m_list; }
    QComboBox* filter() const { return m_filter; }
    QLineEdit* questionEdit() const { return m_question; }
    QLineEdit* titleEdit() const { return m_title; }
    QLineEdit* decidersEdit() const { return m_deciders; }
    QComboBox* statusBox() const { return m_status; }
    QPlainTextEdit* contextEdit() const { return m_context; }
    QPlainTextEdit* outcomeEdit() const { return m_outcome; }
    QTableWidget* optionsTable() const { return m_options; }
    QListWidget* linksList() const { return m_links; }
    QComboBox* linkTargetBox() const { return m_linkTarget; }
    QLabel* chainLabel() const { return m_chain; }
    QTextBrowser* preview() const { return m_preview; }
    /// Links the current decision to the item chosen in the link box (or the system picker).
    void linkChosen();

signals:
    void errorOccurred(const QString& message);
    void message(const QString& message);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void reloadList();
    void reloadFilter();
    void reloadLinkTargets();
    void load();
    void updatePreview();
    void updateButtons();
    Decision edited() const; ///< the stored decision with the editor's fields
    void save(const QString& what, const Decision& d);
    void commitField(const QString& what);
    void addOption();
    void removeOption();
    void unlinkSelected();
    void deleteCurrent();
    QString today() const;

    Project& m_project;
    Id m_id = 0;
    std::optional<Decision> m_shown;
    bool m_loading = false;

    QComboBox* m_filter;
    QListWidget* m_list;
    QLineEdit* m_question;
    QPushButton* m_newButton;
    QPushButton* m_supersede;
    QPushButton* m_amend;
    QPushButton* m_delete;

    QWidget* m_editor;
    QLabel* m_number;
    QLineEdit* m_title;
    QComboBox* m_status;
    QLineEdit* m_date;
    QLineEdit* m_deciders;
    QPlainTextEdit* m_context;
    QTableWidget* m_options;
    QPlainTextEdit* m_outcome;
    QPlainTextEdit* m_consequences;
    QLabel* m_chain;
    QListWidget* m_links;
    QComboBox* m_linkKind;
    QComboBox* m_linkTarget;
    SystemPicker* m_systemPicker;
    QTextBrowser* m_preview;
    QTimer* m_typingTimer;
    QTimer* m_reloadTimer;
};

} // namespace terrain
