// The signed-in session's token in the tab's sessionStorage: it survives a reload (so the session
// resumes) but not closing the tab, and it never appears in a URL.
#pragma once
#include "app/controller.h"
#include "platform/storage.h"

namespace app {

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
