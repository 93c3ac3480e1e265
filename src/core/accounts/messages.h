// The accounts messages (docs/PROTOCOL.md, "Accounts"): requests with their replies, and events.
// Written once, read and written by the server and the client alike (core/protocol/codec.h).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/accounts/model.h"
#include "core/protocol/protocol.h"

namespace core::msg {

using protocol::Empty;
using protocol::RequestType;

// An account as others see it (never the password hash).
struct UserInfo {
    UserId id = 0;
    std::string email;
    std::string display_name;
    Role role = Role::patient;
    AccountStatus status = AccountStatus::active;
    std::string time_zone = "UTC";
    Instant created_at{};
    std::string country;          // ISO 3166-1 alpha-2, or empty
    std::string language = "en";  // ISO 639-1
    std::optional<Instant> deleted_at;

    static UserInfo of(const User& u) {
        return {u.id, u.email, u.display_name, u.role, u.status, u.time_zone, u.created_at, u.country, u.language, u.deleted_at};
    }

    template <typename F>
    void fields(F& f) {
        f("id", id);
        f("email", email);
        f("display_name", display_name);
        f("role", role);
        f("status", status);
        f("time_zone", time_zone);
        f("created_at", created_at);
        f.optional("country", country);
        f.optional("language", language);
        f.optional("deleted_at", deleted_at);
    }
};

struct UserReply {
    UserInfo user;
    template <typename F>
    void fields(F& f) {
        f("user", user);
    }
};

// sign_up, sign_in: the bearer token, shown exactly once.
struct SignedInReply {
    std::string token;
    UserInfo user;
    template <typename F>
    void fields(F& f) {
        f("token", token);
        f("user", user);
    }
};

struct SignUp {
    static constexpr RequestType type = RequestType::sign_up;
    using Reply = SignedInReply;
    std::string email, password, display_name;
    Role role = Role::patient;
    std::string time_zone = "UTC";
    template <typename F>
    void fields(F& f) {
        f("email", email);
        f("password", password);
        f("display_name", display_name);
        f("role", role, "Choose whether you are a patient or a doctor.");
        f.optional("time_zone", time_zone);
    }
};

struct SignIn {
    static constexpr RequestType type = RequestType::sign_in;
    using Reply = SignedInReply;
    std::string email, password;
    template <typename F>
    void fields(F& f) {
        f("email", email);
        f("password", password);
    }
};

struct ResumeSession {
    static constexpr RequestType type = RequestType::resume_session;
    using Reply = UserReply;
    std::string token;
    template <typename F>
    void fields(F& f) {
        f("token", token);
    }
};

struct SignOut : Empty {
    static constexpr RequestType type = RequestType::sign_out;
    using Reply = Empty;
};

struct Me : Empty {
    static constexpr RequestType type = RequestType::me;
    using Reply = UserReply;
};

struct PasswordChanged {
    std::int64_t other_sessions_ended = 0;
    template <typename F>
    void fields(F& f) {
        f("other_sessions_ended", other_sessions_ended);
    }
};

struct ChangePassword {
    static constexpr RequestType type = RequestType::change_password;
    using Reply = PasswordChanged;
    std::string current_password, new_password;
    template <typename F>
    void fields(F& f) {
        f("current_password", current_password);
        f("new_password", new_password);
    }
};

struct CreateStaffAccount {
    static constexpr RequestType type = RequestType::create_staff_account;
    using Reply = UserReply;
    std::string email, password, display_name;
    Role role = Role::support;
    std::string time_zone = "UTC";
    template <typename F>
    void fields(F& f) {
        f("email", email);
        f("password", password);
        f("display_name", display_name);
        f("role", role, "Choose administrator or support agent.");
        f.optional("time_zone", time_zone);
    }
};

struct UserList {
    std::vector<UserInfo> users;
    template <typename F>
    void fields(F& f) {
        f("users", users);
    }
};

struct ListAccounts : Empty {
    static constexpr RequestType type = RequestType::list_accounts;
    using Reply = UserList;
};

// Name, time zone, country and language, all four (the form sends what it shows).
struct UpdateProfile {
    static constexpr RequestType type = RequestType::update_profile;
    using Reply = UserReply;
    std::string display_name, time_zone, country, language;
    template <typename F>
    void fields(F& f) {
        f("display_name", display_name);
        f("time_zone", time_zone);
        f("country", country);
        f("language", language);
    }
};

struct ChangeEmail {
    static constexpr RequestType type = RequestType::change_email;
    using Reply = UserReply;
    std::string email, password;
    template <typename F>
    void fields(F& f) {
        f("email", email);
        f("password", password);
    }
};

struct DeleteAccount {
    static constexpr RequestType type = RequestType::delete_account;
    using Reply = Empty;
    std::string password;
    template <typename F>
    void fields(F& f) {
        f("password", password);
    }
};

// --- events

// To every socket of a session that ended; the server closes them after it (except on expiry).
struct SessionEnded {
    static constexpr std::string_view name = "session.ended";
    SessionEndReason reason = SessionEndReason::signed_out;
    template <typename F>
    void fields(F& f) {
        f("reason", reason);
    }
};

}  // namespace core::msg
