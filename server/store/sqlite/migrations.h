// The SQLite schema's versions: one ordered, append-only list (migrations.cpp). Each version runs
// once, in order, inside its own transaction, and is recorded in `schema_migrations`. Never edit a
// version that has shipped (databases in the field have run it; tests/unit/server/sqlite/fixtures
// holds what each one left behind); add the next version instead.
//
// The SQL text of a version lives in the domain file that owns its tables (schema.h); this list only
// names and orders the versions.
//
// Threading: call with the Database's owner thread (SqliteStore's constructor does).
#pragma once
#include <span>
#include <string_view>

#include "store/sqlite/database.h"

namespace server {

struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;  // one or more statements
};

std::span<const Migration> schema_migrations();

// Applies the migrations newer than the database's version; returns how many ran. Throws when the
// database is newer than this binary knows (a downgrade must not touch it).
int apply_migrations(sqlite::Database& db, std::span<const Migration> migrations = schema_migrations());

// The highest applied version (0 for an empty database).
int schema_version(sqlite::Database& db);

}  // namespace server
