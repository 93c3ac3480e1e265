// The signed-in session's token in the tab's sessionStorage: it survives a reload (so the session
// resumes) but not closing the tab, and it never appears in a URL.
#pragma once
#include "app/controller.h"
#include "platform/storage.h"

namespace app {

class SessionTokenStore final : public TokenStore {
public:
    std::optional<std::string> load() override { return platform::session_storage::get(kKey); }
    void save(const std::string& token) override { platform::session_storage::set(kKey, token); }
    void clear() override { platform::session_storage::remove(kKey); }

private:
    static constexpr const char* kKey = "telemed.session";
};

}  // namespace app
