// The client application without its drawing: the feature modules (modules.cpp) over one protocol
// client, one event router and one AppState. The web entry point (src/web_main.cpp) builds it with the
// browser's transport and page, calls poll() before each frame, lets src/ui draw the state and hands
// the actions the screens emitted to apply(); the unit tests do the same without a browser.
//
// It also keeps the promise that errors are never silent: a failed reply no module handled, and an
// event that does not decode, become error notices (toasts) with the server's message.
#pragma once
#include <memory>
#include <vector>

#include "app/module.h"
#include "app/router.h"

namespace app {

namespace detail {
struct AppParts {  // built before the Context that refers to them
    EventRouter router;
    Environment environment;
};
}  // namespace detail

class App final : private detail::AppParts, private Context {
public:
    App(AppState& state, Client& client, Environment env);
    ~App() override;

    void start();
    bool poll();  // drains messages and timers into the state; true when something changed
    void apply(const Action& action);  // what the person did on a screen

private:
    void dispatch(const Action& action) override;  // a module's own move
    void signed_in() override;
    void signed_out() override;
    void tab_selected(Tab tab) override;
    void report_unreadable_event(const std::string& name, const core::Error& why);

    std::vector<std::unique_ptr<Module>> modules_;
    Router router_;
};

// The one list of feature modules (modules.cpp).
std::vector<std::unique_ptr<Module>> make_modules(Context& ctx);

}  // namespace app
