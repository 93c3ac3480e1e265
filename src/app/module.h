// A client feature module: one domain's controller. It owns a slice of AppState, carries out its own
// actions, listens to the server events of its domain (EventRouter, in its constructor), and hears
// the session's life through the hooks below. All modules are listed once, in modules.cpp.
//
//   class CreditsModule final : public FeatureModule<CreditsAction> {
//       void apply(const CreditsAction& a) override;   // only its own actions reach it
//       void on_signed_in() override;                    // load what the home shows
//   };
//
// Modules never call each other: they read any slice of the state and ask other modules for things
// with ctx.dispatch(action) (the booking module opens the booked visit with ShowBookedVisit). Nothing
// here draws or does I/O directly: requests go through the Client, page effects (navigation,
// downloads) through the Environment, so every module runs in native unit tests.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <variant>

#include "app/actions.h"
#include "app/net/client.h"
#include "app/net/events.h"
#include "app/state.h"
#include "app/token_store.h"
#include "core/time/clock.h"

namespace app {

// What the page provides to the app (the web entry point wires the browser's; tests their own).
struct Environment {
    const core::Clock& clock;
    TokenStore& tokens;               // the session token
    TokenStore* guest_keys = nullptr; // a guest's invitation key; without it a reload cannot come back
    std::function<void(const std::string& url)> navigate;  // "" reloads
    std::function<void(const std::string& filename, const std::string& mime, const std::string& content)> download;
    std::function<void(const std::string& url, const std::string& filename)> download_url;
    TokenStore* outbox = nullptr;  // messages not yet acknowledged (the tab's storage); none: kept in memory only
    // The screen's URL fragment ("#/messages/12"): read each poll (Back/Forward change it), written when
    // the person moves (app/router.h). Absent (tests that do not care): no URLs.
    std::function<std::string()> read_route;
    std::function<void(const std::string& route, bool replace)> write_route;
    // Getting the person's attention (the notification centre). Each absent: that channel does nothing.
    std::function<bool()> page_hidden;                  // the tab is in the background
    std::function<std::string()> notification_permission;  // Notification.permission, "unsupported" without the API
    std::function<void()> request_notification_permission; // only after the person pressed the opt-in button
    std::function<void(const BrowserNotice&)> show_browser_notification;
    std::function<bool(Sound)> play_sound;  // false: not played (no click or key press on the page yet)
    // This device's settings (the browser's local storage; absent: nothing kept) and its dark mode.
    std::function<std::optional<std::string>(const std::string& key)> load_setting;
    std::function<void(const std::string& key, const std::string& value)> save_setting;
    std::function<bool()> system_prefers_dark;
};

// What every module gets: the state, the protocol client, the event router, the page, and the way to
// reach the other modules (implemented by App).
class Context {
public:
    Context(AppState& state, Client& client, EventRouter& events, Environment& env)
        : state(state), client(client), events(events), env(env) {}
    virtual ~Context() = default;

    AppState& state;
    Client& client;
    EventRouter& events;
    Environment& env;

    void notify(Notice::Kind kind, std::string text) { state.notices.push_back({kind, std::move(text)}); }

    virtual void dispatch(const Action& action) = 0;  // carried out at once by its module
    virtual void signed_in() = 0;                     // the home is entered (also after a reconnect)
    virtual void signed_out() = 0;                    // forget everything of the session
    virtual void tab_selected(Tab tab) = 0;
};

class Module {
public:
    virtual ~Module() = default;
    virtual bool handle(const Action& action) = 0;  // true: it was this module's
    virtual void on_ready() {}                      // after each accepted hello
    virtual void on_signed_in() {}
    virtual void on_signed_out() {}
    virtual void on_tab(Tab) {}
    virtual void tick(double /*now_ms*/) {}         // every poll: timers, meters

    // The URL (navigation.h) of the screen this module shows now, "" when the screen on show is not its
    // own. The Router writes the first module's, or else the tab's.
    virtual std::string route() const { return {}; }
    // True for a screen drawn over every tab (the call): its route comes before any other.
    virtual bool route_covers_tabs() const { return false; }
    // The address changed (Back/Forward, a link, a reload): make this module's slice match `route`
    // (open the visit it names, close one it does not). The Router has selected the route's tab already.
    virtual void follow(const std::string& /*route*/) {}
};

// A module that owns one action variant.
template <typename OwnAction>
class FeatureModule : public Module {
public:
    explicit FeatureModule(Context& ctx) : ctx_(ctx) {}
    bool handle(const Action& action) final {
        const auto* own = std::get_if<OwnAction>(&action);
        if (own) apply(*own);
        return own != nullptr;
    }

protected:
    virtual void apply(const OwnAction& action) = 0;
    AppState& state() { return ctx_.state; }
    Client& client() { return ctx_.client; }
    Context& ctx_;
};

// std::visit with one lambda per alternative.
template <typename... F>
struct overloaded : F... {
    using F::operator()...;
};
template <typename... F>
overloaded(F...) -> overloaded<F...>;

}  // namespace app
