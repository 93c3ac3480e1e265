// A thin RAII face of the SQLite C API: one Database (connection), its prepared Statements and a
// StatementCache. Errors throw sqlite::Error carrying SQLite's extended result code; nothing here
// knows the schema (that is migrations.cpp and the domain files beside it).
//
// Threading: a Database and everything made from it belong to one thread at a time (the connection
// is opened with SQLITE_OPEN_NOMUTEX); SqliteStore's mutex sees to that.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace server::sqlite {

struct Error : std::runtime_error {
    Error(int code, const std::string& what) : std::runtime_error(what), code(code) {}
    int code;  // extended result code, e.g. SQLITE_CONSTRAINT_UNIQUE
};

class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Parameters are numbered from 1, as in SQL's "?1".
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::optional<std::int64_t> value);  // nullopt binds NULL
    Statement& bind_null(int index);
    Statement& bind_blob(int index, std::string_view bytes);  // binary, stored as a BLOB

    // True while a row is available; false when done. Throws on error.
    bool step();
    // Runs a statement that returns no rows.
    void run();
    // Ready to run again: back to the start, every parameter NULL. Never throws.
    void reset() noexcept;

    // Columns are numbered from 0.
    std::int64_t int64(int column) const;
    std::string text(int column) const;
    std::optional<std::int64_t> optional_int64(int column) const;
    std::string blob(int column) const;  // the bytes of a BLOB (or TEXT) column

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

class Database {
public:
    // Opens (creating if missing) a database file in read-write mode.
    explicit Database(const std::string& path);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(std::string_view sql);  // one or more statements, no results
    Statement prepare(std::string_view sql) { return Statement(db_, sql); }
    std::int64_t last_insert_rowid() const;
    std::int64_t changes() const;  // rows the last INSERT, UPDATE or DELETE touched
    sqlite3* handle() { return db_; }

private:
    sqlite3* db_ = nullptr;
};

// ROLLBACK that never throws, for catch blocks: SQLite may have rolled back already (after
// SQLITE_FULL, say), and the error that got us here is the one worth reporting.
void rollback_quietly(Database& db) noexcept;

// Prepared statements of one connection, kept by their SQL text: preparing costs more than running
// most queries of this schema. Used by one thread at a time, like its connection. A statement is
// handed out reset; reset_used() ends every statement handed out since the last call, so none keeps
// a read open past COMMIT or ROLLBACK. Must be destroyed before its Database.
class StatementCache {
public:
    explicit StatementCache(Database& db) : db_(db) {}
    Statement& get(std::string_view sql);
    void reset_used() noexcept;
    std::size_t size() const { return statements_.size(); }

private:
    Database& db_;
    std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
    std::vector<Statement*> used_;
};

}  // namespace server::sqlite
