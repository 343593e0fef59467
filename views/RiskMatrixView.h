#pragma once
// The risk matrix tab (issue 5): a 5×5 grid of likelihood (rows, 5 at the top) by impact (columns, 5 at
// the right) where every risk that is not closed sits in its cell as a chip. Drag a chip to another cell
// to re-rate the risk: one undoable edit (model/RiskMatrix rerateRisk). A crowded cell shows the chips
// that fit and a "+N more" chip; clicking a cell lists all of its risks beside the grid, and
// Shift+arrow keys move the selected risk one step, so hidden risks can be re-rated too.
//
// It reads risks through Project and follows its signals; it never touches SQL.

#include "Entities.h"
#include "KeyHelp.h"

#include <QWidget>

#include <optional>
#include <vector>

class QLabel;
class QListWidget;

namespace terrain {

class Project;

/// The grid itself (custom painted, with mouse drag and keyboard re-rating).
class RiskMatrixView : public QWidget {
    Q_OBJECT
public:
    explicit RiskMatrixView(Project& project, QWidget* parent = nullptr);

    /// Re-reads the risks (called on map changes).
    void refresh();
    /// The keys it answers to (the cheat sheet shows them).
    static QList<KeyHelp> keyHelp();

    /// The rectangle of cell (likelihood, impact), both 1..5, in widget coordinates.
    QRectF cellRect(int likelihood, int impact) const;
    /// The rectangle of a risk's chip, if the risk is drawn as a chip (not hidden in "+N more").
    std::optional<QRectF> chipRect(Id risk) const;
    /// The cell under `pos`, as (likelihood, impact).
    std::optional<std::pair<int, int>> cellAt(const QPointF& pos) const;
    /// The risk whose chip is under `pos`, or 0.
    Id riskAt(const QPointF& pos) const;
    /// The risks drawn as chips in a cell, and how many more are hidden behind "+N more".
    std::vector<Id> visibleRisks(int likelihood, int impact) const;
    int hiddenCount(int likelihood, int impact) const;

    Id selectedRisk() const { return m_selected; }
    void setSelectedRisk(Id risk);
    std::optional<std::pair<int, int>> selectedCell() const { return m_selectedCell; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void cellSelected(int likelihood, int impact);
    void riskSelected(terrain::Id risk);
    void errorOccurred(const QString& message);
    void message(const QString& message);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Chip {
        Id risk = 0; ///< 0 for the "+N more" chip
        int likelihood = 0;
        int impact = 0;
        QRectF rect;
        QString text;
    };
    void layoutChips();
    QRectF gridRect() const;
    double chipHeight() const;
    void moveRisk(Id risk, int likelihood, int impact);
    const Risk* riskById(Id id) const;

    Project& m_project;
    std::vector<Risk> m_risks; ///< not closed
    std::vector<Chip> m_chips;
    int m_hidden[5][5] = {};
    Id m_selected = 0;
    std::optional<std::pair<int, int>> m_selectedCell;
    // drag
    Id m_pressRisk = 0;
    QPointF m_pressPos;
    QPointF m_dragPos;
    bool m_dragging = false;
};

/// The tab: the grid, the risks of the selected cell, and a legend of the exposure bands.
class RiskMatrixPage : public QWidget {
    Q_OBJECT
public:
    explicit RiskMatrixPage(Project& project, QWidget* parent = nullptr);

    RiskMatrixView* matrix() const { return m_matrix; }
    QListWidget* cellList() const { return m_cellList; }

signals:
    void errorOccurred(const QString& message);
    void message(const QString& message);

private:
    void fillCellList();

    Project& m_project;
    RiskMatrixView* m_matrix;
    QLabel* m_cellTitle;
    QListWidget* m_cellList;
    QLabel* m_summary;
};

} // namespace terrain
