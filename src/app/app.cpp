#include "app/app.h"

#include <cstdio>

#include "platform/frame.h"

namespace app {

App::App(AppState& state, Client& client, Environment env)
    : detail::AppParts{EventRouter{}, std::move(env)},
      Context(state, client, router, environment),
      modules_(make_modules(*this)),
      router_(*this, modules_) {}

App::~App() = default;

void App::start() {
    state.now = env.clock.now();
    state.demo = client.is_local();
    state.accounts.sign_up.time_zone = state.browser_time_zone;
    if (env.load_setting)
        if (auto theme = env.load_setting(kThemeSetting)) state.accounts.theme = theme_from_name(*theme);
    client.on_ready = [this] {
        for (auto& m : modules_) m->on_ready();
    };
    client.on_event = [this](const core::protocol::Event& e) { events.dispatch(e); };
    client.on_fatal = [this](const core::Error& e) { state.fatal = e.message; };
    client.on_unhandled_error = [this](const core::Error& e) { notify(Notice::Kind::error, e.message); };
    events.on_unreadable = [this](const std::string& name, const core::Error& why) { report_unreadable_event(name, why); };
    events.on_unknown = [](const std::string& name) {
        std::fprintf(stderr, "telemed: the server sent an event this app does not know: %s\n", name.c_str());
    };
    client.start();
    state.connection = client.status();
}

bool App::poll() {
    state.now = env.clock.now();
    state.accounts.system_dark = env.system_prefers_dark && env.system_prefers_dark();
    const bool changed = client.poll();
    const double now_ms = platform::now_ms();
    for (auto& m : modules_) m->tick(now_ms);
    router_.poll();
    state.connection = client.status();
    state.retry_at_ms = client.next_retry_ms();
    return changed;
}

void App::apply(const Action& action) {
    router_.person_acted();
    dispatch(action);
    router_.poll();  // the URL of where the person went, at once (tests read it without a poll)
}

void App::dispatch(const Action& action) {
    for (auto& m : modules_)
        if (m->handle(action)) return;
    std::fprintf(stderr, "telemed: an action no module owns (variant index %zu)\n", action.index());
}

void App::signed_in() {
    for (auto& m : modules_) m->on_signed_in();
    router_.signed_in();
}

void App::signed_out() {
    for (auto& m : modules_) m->on_signed_out();
    router_.signed_out();
}

void App::tab_selected(Tab tab) {
    for (auto& m : modules_) m->on_tab(tab);
}

// The person learns that something did not arrive as it should; the console gets the details.
void App::report_unreadable_event(const std::string& name, const core::Error& why) {
    std::fprintf(stderr, "telemed: event %s could not be read: %s\n", name.c_str(), why.message.c_str());
    notify(Notice::Kind::error, "An update from the server could not be read (" + name + "): " + why.message +
                                    " Reload the page to see the latest state.");
}

}  // namespace app
