#pragma once
// A thin RAII layer over the SQLite C API: one connection, prepared statements cached by their SQL,
// transactions as scope guards. Every failure throws terrain::Error naming the database file.

#include "Error.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace terrain {

class Database;

/// A prepared statement. Bind with 1-based indices; step() returns true while there is a row.
class Statement {
public:
    Statement(Database& db, sqlite3_stmt* stmt);
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    /// Binds text without copying it: `value` must stay alive and unchanged until the statement has
    /// been stepped (run()) or reset. For rows bound and run at once, by the thousand.
    Statement& bindStatic(int index, std::string_view value);
    Statement& bindNull(int index);
    template <class T> Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bindNull(index);
    }

    bool step();  ///< true: a row is ready; false: done
    void run();   ///< step() to completion, then reset()
    void reset(); ///< ready to bind and step again (bindings cleared)

    int columnCount() const;
    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    int columnType(int column) const; ///< SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB, SQLITE_NULL

private:
    Database& m_db;
    sqlite3_stmt* m_stmt;
};

class Database {
public:
    enum class Mode { ReadOnly, ReadWrite, Create };
    Database(const std::string& path, Mode mode);
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    const std::string& path() const { return m_path; }
    sqlite3* handle() const { return m_db; }

    void exec(const std::string& sql);
    /// A statement cached by its SQL text, reset and ready to bind. Do not hold two uses of the same
    /// SQL at once.
    Statement& prepare(const std::string& sql);
    /// A one-off statement, not cached.
    std::unique_ptr<Statement> prepareUncached(const std::string& sql);
    std::int64_t queryInt(const std::string& sql);
    /// Sets the journal mode ("wal", "truncate"...) without waiting for other connections: false, and
    /// the mode unchanged, where one holds the file (leaving the WAL needs it alone) or the mode is
    /// not to be had (a database in memory).
    bool trySetJournalMode(const std::string& mode);
    std::int64_t lastInsertId() const;
    int changes() const;
    bool inTransaction() const;

    [[noreturn]] void fail(const std::string& what) const; ///< throws Error with sqlite's message

private:
    std::string m_path;
    sqlite3* m_db = nullptr;
    std::map<std::string, std::unique_ptr<Statement>, std::less<>> m_cache;
};

/// BEGIN IMMEDIATE on construction, ROLLBACK on destruction unless commit() was called.
class Transaction {
public:
    explicit Transaction(Database& db);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

private:
    Database& m_db;
    bool m_done = false;
};

} // namespace terrain
