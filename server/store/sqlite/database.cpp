#include "store/sqlite/database.h"

#include <sqlite3.h>

namespace server::sqlite {

[[noreturn]] static void fail(sqlite3* db, int code, std::string_view doing) {
    std::string what = std::string(doing) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(code));
    throw Error(db ? sqlite3_extended_errcode(db) : code, what);
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) fail(db_, rc, "prepare");
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::int64_t value) {
    if (int rc = sqlite3_bind_int64(stmt_, index, value); rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    // SQLITE_TRANSIENT: SQLite copies the text, so the caller's buffer may go away before step().
    const int rc = sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, std::optional<std::int64_t> value) {
    return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
    if (int rc = sqlite3_bind_null(stmt_, index); rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, rc, "step");
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() noexcept {
    sqlite3_reset(stmt_);  // returns the last step's error again; that was reported by step() already
    sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

std::string Statement::text(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
    const int rc = sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

std::string Statement::blob(int column) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
    if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
    return int64(column);
}

Database::Database(const std::string& path) {
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string what = "open " + path + ": " + (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
        sqlite3_close(db_);
        throw Error(rc, what);
    }
    sqlite3_extended_result_codes(db_, 1);
}

Database::~Database() {
    sqlite3_close_v2(db_);
}

void Database::exec(std::string_view sql) {
    const std::string text(sql);  // sqlite3_exec wants a NUL-terminated string
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string what = std::string("exec: ") + (message ? message : sqlite3_errstr(rc));
        sqlite3_free(message);
        throw Error(sqlite3_extended_errcode(db_), what);
    }
}

std::int64_t Database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_);
}

std::int64_t Database::changes() const {
    return sqlite3_changes64(db_);
}

void rollback_quietly(Database& db) noexcept {
    try {
        db.exec("ROLLBACK");
    } catch (...) {
    }
}

Statement& StatementCache::get(std::string_view sql) {
    auto it = statements_.find(std::string(sql));
    if (it == statements_.end())
        it = statements_.emplace(std::string(sql), std::make_unique<Statement>(db_.handle(), sql)).first;
    Statement& s = *it->second;
    s.reset();
    used_.push_back(&s);
    return s;
}

void StatementCache::reset_used() noexcept {
    for (Statement* s : used_) s->reset();
    used_.clear();
}

}  // namespace server::sqlite
