// Internal to server/store/sqlite: the SQL text of each schema version, exported by the domain file
// that owns the tables (accounts.cpp holds v1, …) and put in order by migrations.cpp.
//
// A version that creates tables for several domains is split into parts, one per domain, run in the
// order listed here: together they are the version's statements exactly as they shipped, so a fresh
// database and an upgraded one get the same schema text (tests/unit/server/sqlite/migrations.test.cpp
// compares it with fixtures/schema.sql).
//
// Invariants: the text never changes once shipped; functions return views of string literals.
#pragma once
#include <string_view>

namespace server::schema {

std::string_view accounts_v1();  // users, sessions, sign-in attempts

std::string_view clinic_v2();  // v2 = clinic_v2 + credits_v2 + notifications_v2
std::string_view credits_v2();
std::string_view notifications_v2();

std::string_view calls_v3();  // call log and in-call chat

std::string_view recordings_v4();  // recordings, chunks, access log

std::string_view invitations_v5();  // v5 = invitations_v5 + calls_v5 (guests in the call log and chat)
std::string_view calls_v5();

std::string_view credits_v6();  // running totals: balance per ledger account, escrow per patient

std::string_view clinic_v7();  // v7 = clinic_v7 (the pair index messaging asks) + messaging_v7
std::string_view messaging_v7();

std::string_view messaging_v8();  // message attachments, their BLOB chunks, access log
std::string_view presence_v9();  // a doctor's "show when I'm online" setting
std::string_view notifications_v10();  // coalescing (conversation, count) and per-category preferences
std::string_view messaging_v11();      // unread counts kept by triggers
std::string_view messaging_v12();      // revisions: what changed since a client's last look
std::string_view accounts_v13();       // country, preferred language, deleted accounts

}  // namespace server::schema
