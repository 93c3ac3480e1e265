// Where a token lives between reloads: the session's (sessionStorage on the web: per tab, gone when
// the tab closes; never in a URL), and a guest's invitation key. MemoryTokenStore for the demo and tests.
#pragma once
#include <optional>
#include <string>

#include "platform/storage.h"

namespace app {

class TokenStore {
public:
    virtual ~TokenStore() = default;
    virtual std::optional<std::string> load() = 0;
    virtual void save(const std::string& token) = 0;
    virtual void clear() = 0;
};

class MemoryTokenStore final : public TokenStore {
public:
    std::optional<std::string> load() override { return token_; }
    void save(const std::string& token) override { token_ = token; }
    void clear() override { token_.reset(); }

private:
    std::optional<std::string> token_;
};

// The tab's sessionStorage: survives a reload (so the session resumes) but not closing the tab.
class SessionTokenStore final : public TokenStore {
public:
    SessionTokenStore() = default;
    explicit SessionTokenStore(const char* key) : key_(key) {}
    std::optional<std::string> load() override { return platform::session_storage::get(key_); }
    void save(const std::string& token) override { platform::session_storage::set(key_, token); }
    void clear() override { platform::session_storage::remove(key_); }

private:
    const char* key_ = "telemed.session";
};

}  // namespace app
