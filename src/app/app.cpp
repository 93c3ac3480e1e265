#include "app/app.h"

#include "app/controller.h"
#include "app/local_transport.h"
#include "app/remote_transport.h"
#include "app/session_token_store.h"
#include "core/time/zone_db.h"
#include "platform/download.h"
#include "platform/frame.h"
#include "platform/navigation.h"
#include "ui/screens/screens.h"
#include "ui/toolkit/widgets.h"

namespace app {

struct App::Impl {
    core::SystemClock clock;
    AppState state;
    std::unique_ptr<TokenStore> tokens;
    SessionTokenStore guest_key{"telemed.guest"};
    std::unique_ptr<Client> client;
    std::unique_ptr<Controller> controller;
    ui::screens::Actions actions;

    explicit Impl(const StartOptions& options) {
        // Time-zone data ships in app.data (packed from Debian's tzdata at build time).
        if (!core::install_zones_from_file("/tz/zones.bin"))
            state.notices.push_back({Notice::Kind::error, "Time-zone data is missing: times are shown in UTC."});
        state.browser_time_zone = options.time_zone.empty() ? "UTC" : options.time_zone;
        std::unique_ptr<Transport> transport;
        if (options.demo) {
            transport = std::make_unique<LocalTransport>(clock);
            tokens = std::make_unique<MemoryTokenStore>();  // demo data dies with the page anyway
        } else {
            transport = std::make_unique<RemoteTransport>(options.server_url);
            tokens = std::make_unique<SessionTokenStore>();
        }
        client = std::make_unique<Client>(std::move(transport), [] { return platform::now_ms(); });
        controller = std::make_unique<Controller>(
            state, *client, *tokens, clock, [](const std::string& url) { platform::navigate(url); },
            [](const std::string& name, const std::string& mime, const std::string& content) {
                platform::download(name, mime, content);
            });
        if (!options.invite_token.empty() && !options.demo) {
            state.guest.token = options.invite_token;
            state.guest.phase = GuestEntry::Phase::loading;
            controller->set_guest_store(&guest_key);
        }
        controller->start();
    }
};

App::App(StartOptions options) : impl_(std::make_unique<Impl>(options)) {}
App::~App() = default;

bool App::poll() { return impl_->controller->poll(); }

void App::draw() {
    AppState& state = impl_->state;
    for (const Notice& n : std::exchange(state.notices, {})) {
        const auto kind = n.kind == Notice::Kind::error     ? ui::ToastKind::error
                          : n.kind == Notice::Kind::success ? ui::ToastKind::success
                                                            : ui::ToastKind::info;
        ui::toast(kind, n.text);
    }
    ui::screens::draw(state, impl_->actions);
    ui::draw_toasts();
    for (const Action& a : std::exchange(impl_->actions, {})) impl_->controller->apply(a);
}

bool App::animating() const { return ui::wants_animation(); }

}  // namespace app
