#include "WelcomePage.h"

#include "Icons.h"

#include <QDir>
#include <QFileInfo>
#include <QGridLayout>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace terrain {

WelcomePage::WelcomePage(QWidget* parent)
    : QWidget(parent)
    , m_recent(new QListWidget) {
    setObjectName(QStringLiteral("welcomePage"));
    auto* column = new QVBoxLayout;
    auto* icon = new QLabel;
    icon->setPixmap(QIcon(QStringLiteral(":/icons/terrain.svg")).pixmap(96, 96));
    icon->setAlignment(Qt::AlignCenter);
    icon->setAccessibleName(tr("Terrain logo"));
    auto* title = new QLabel(tr("Terrain"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2.4);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);
    auto* tagline =
        new QLabel(tr("Map what actually runs, annotate its risks, rank the work, record the decisions."));
    tagline->setAlignment(Qt::AlignCenter);
    tagline->setWordWrap(true);

    // Each way in: a large button and one line on what it does.
    auto* ways = new QGridLayout;
    ways->setHorizontalSpacing(16);
    ways->setVerticalSpacing(10);
    int row = 0;
    auto way = [&](const QString& name, const QString& text, const QString& iconName, const QString& what,
                   void (WelcomePage::*signal)()) {
        auto* b = new QPushButton(iconName.isEmpty() ? QIcon() : themedIcon(iconName), text);
        b->setObjectName(name);
        b->setMinimumHeight(b->sizeHint().height() * 3 / 2);
        b->setAccessibleDescription(what);
        connect(b, &QPushButton::clicked, this, signal);
        auto* label = new QLabel(what);
        label->setWordWrap(true);
        label->setBuddy(b);
        ways->addWidget(b, row, 0);
        ways->addWidget(label, row, 1);
        ++row;
        return b;
    };
    way(QStringLiteral("welcomeImport"), tr("Import Files…"), QString(),
        tr("Start a map from what runs: Terraform state or plans, Kubernetes, compose, CloudFormation, "
           "Backstage, AWS CLI, CSV, Prometheus or Ansible files, or a whole folder."),
        &WelcomePage::importRequested);
    way(QStringLiteral("welcomeTour"), tr("Guided Tour"), QStringLiteral("demo"),
        tr("Open the demo map with the guided path beside it: map → symptoms → risks → rank → decide → "
           "export, in a few minutes."),
        &WelcomePage::guidedTourRequested);
    way(QStringLiteral("welcomeDemo"), tr("Open Demo Map"), QStringLiteral("demo"),
        tr("A fresh copy of a small company's map to explore freely."), &WelcomePage::demoRequested);
    way(QStringLiteral("welcomeNew"), tr("New Map…"), QStringLiteral("document-new"),
        tr("An empty map with the ten improvement areas and the symptom checklist."),
        &WelcomePage::newRequested);
    way(QStringLiteral("welcomeOpen"), tr("Open Map…"), QStringLiteral("document-open"),
        tr("A .terrain file. Maps can also be dropped here."), &WelcomePage::openRequested);
    ways->setColumnStretch(1, 1);

    auto* recentTitle = new QLabel(tr("Recent maps"));
    QFont bold = recentTitle->font();
    bold.setBold(true);
    recentTitle->setFont(bold);
    recentTitle->setBuddy(m_recent);
    m_recent->setObjectName(QStringLiteral("welcomeRecent"));
    m_recent->setAccessibleName(tr("Recent maps"));
    auto openItem = [this](QListWidgetItem* item) {
        if (const QString path = item->data(Qt::UserRole).toString(); !path.isEmpty())
            emit recentActivated(path);
    };
    connect(m_recent, &QListWidget::itemActivated, this, openItem);
    connect(m_recent, &QListWidget::itemClicked, this, openItem);
    auto* keys = new QLabel(tr("Keyboard shortcuts: Help ▸ Keyboard Shortcuts (Ctrl+/)."));
    keys->setAlignment(Qt::AlignCenter);

    column->addStretch(1);
    column->addWidget(icon);
    column->addWidget(title);
    column->addWidget(tagline);
    column->addSpacing(24);
    column->addLayout(ways);
    column->addSpacing(24);
    column->addWidget(recentTitle);
    column->addWidget(m_recent, 2);
    column->addWidget(keys);
    column->addStretch(1);

    auto* outer = new QHBoxLayout(this);
    outer->addStretch(1);
    outer->addLayout(column, 3);
    outer->addStretch(1);
}

void WelcomePage::setRecentFiles(const QStringList& paths) {
    m_recent->clear();
    for (const QString& f : paths) {
        auto* item = new QListWidgetItem(QStringLiteral("%1 — %2").arg(
            QFileInfo(f).fileName(), QDir::toNativeSeparators(QFileInfo(f).path())));
        item->setData(Qt::UserRole, f);
        item->setToolTip(QDir::toNativeSeparators(f));
        m_recent->addItem(item);
    }
    if (m_recent->count() == 0) {
        auto* item = new QListWidgetItem(tr("No recent maps yet: import files, take the guided tour, or "
                                            "open the demo map."));
        item->setFlags(Qt::NoItemFlags);
        m_recent->addItem(item);
    }
}

} // namespace terrain
