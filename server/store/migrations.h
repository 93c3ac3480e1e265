// Versioned schema migrations. Each migration runs once, in order, inside its own transaction, and is
// recorded in `schema_migrations`. The list is append-only: never edit a migration that has shipped;
// add the next version instead.
#pragma once
#include <span>

#include "store/sqlite.h"

namespace server {

struct Migration {
    int version;
    const char* name;
    const char* sql;
};

std::span<const Migration> schema_migrations();

// Applies the migrations newer than the database's version; returns how many ran. Throws when the
// database is newer than this binary knows (a downgrade must not touch it).
int apply_migrations(sqlite::Database& db, std::span<const Migration> migrations = schema_migrations());

// The highest applied version (0 for an empty database).
int schema_version(sqlite::Database& db);

// ROLLBACK that never throws, for catch blocks.
void rollback_quietly(sqlite::Database& db) noexcept;

}  // namespace server
