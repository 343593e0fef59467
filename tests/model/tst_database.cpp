// The SQLite layer: statements, cached statements, transactions and error messages.
#include "Database.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace terrain;

class TestDatabase : public QObject {
    Q_OBJECT
private slots:
    void statementsBindAndRead();
    void transactionRollsBackUnlessCommitted();
    void errorsNameTheFile();

private:
    QTemporaryDir m_dir;
};

void TestDatabase::statementsBindAndRead() {
    Database db(m_dir.filePath(QStringLiteral("a.db")).toStdString(), Database::Mode::Create);
    db.exec("CREATE TABLE t(i INTEGER, r REAL, s TEXT, n INTEGER)");
    auto& ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
    ins.bind(1, std::int64_t(1) << 40).bind(2, 2.5).bind(3, std::string("ünï\0code", 9)).bindNull(4);
    ins.run();
    QCOMPARE(&db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)"), &ins); // cached by SQL
    auto& sel = db.prepare("SELECT i, r, s, n FROM t");
    QVERIFY(sel.step());
    QCOMPARE(sel.int64(0), std::int64_t(1) << 40);
    QCOMPARE(sel.real(1), 2.5);
    QCOMPARE(sel.text(2), std::string("ünï\0code", 9)); // embedded NUL survives
    QVERIFY(sel.isNull(3));
    QVERIFY(!sel.step());
    sel.reset();
}

void TestDatabase::transactionRollsBackUnlessCommitted() {
    Database db(m_dir.filePath(QStringLiteral("b.db")).toStdString(), Database::Mode::Create);
    db.exec("CREATE TABLE t(x)");
    {
        Transaction tx(db);
        db.exec("INSERT INTO t VALUES (1)");
        QVERIFY(db.inTransaction());
    }
    QVERIFY(!db.inTransaction());
    QCOMPARE(db.queryInt("SELECT count(*) FROM t"), std::int64_t(0));
    {
        Transaction tx(db);
        db.exec("INSERT INTO t VALUES (1)");
        tx.commit();
    }
    QCOMPARE(db.queryInt("SELECT count(*) FROM t"), std::int64_t(1));
}

void TestDatabase::errorsNameTheFile() {
    const std::string path = m_dir.filePath(QStringLiteral("c.db")).toStdString();
    Database db(path, Database::Mode::Create);
    try {
        db.exec("SELECT * FROM no_such_table");
        QFAIL("expected an error");
    } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).find(path) != std::string::npos, e.what());
        QVERIFY2(std::string(e.what()).find("no_such_table") != std::string::npos, e.what());
    }
    QVERIFY_THROWS_EXCEPTION(Error, Database(m_dir.filePath(QStringLiteral("missing/x.db")).toStdString(),
                                             Database::Mode::ReadWrite));
}

QTEST_APPLESS_MAIN(TestDatabase)
#include "tst_database.moc"
