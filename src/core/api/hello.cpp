#include "core/api/hello.h"

namespace core {

constexpr const char* kServerName = "telemed/0.1";

void add_hello_route(Routes& routes, const AccountPolicy& policy) {
    routes.add<msg::Hello>(Who::anyone, [&policy](RequestContext& c, msg::Hello& in) -> Result<msg::HelloReply> {
        if (in.protocol != protocol::kVersion)
            return Error::of(ErrorCode::protocol_mismatch,
                             "This app speaks protocol version " + std::to_string(in.protocol) +
                                 " but the server speaks version " + std::to_string(protocol::kVersion) +
                                 ". Reload the page to update the app.");
        c.connection.greeted = true;
        c.connection.client = in.client.substr(0, 100);
        const auto idle = std::chrono::duration_cast<std::chrono::seconds>(policy.session_idle_timeout);
        return msg::HelloReply{protocol::kVersion, kServerName, idle.count()};
    }, Work::memory);
}

}  // namespace core
