// The address bar: every screen has a URL (navigation.h), the browser's Back and Forward move between
// screens, a reload or a link opens the screen it names once the person is signed in.
//
// Each poll the Router compares the page's fragment with the last one it read or wrote. A change came
// from outside (Back/Forward, a link, a reload): the screen follows it — the route's tab is selected and
// every module makes its slice match (Module::follow). Otherwise, when the screen the state shows has a
// different URL, that URL is written: as a new history entry when the person moved, in place of the
// current one when the move was the app's own (following a link that opens something else, a route
// that names nothing).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "app/module.h"

namespace app {

class Router {
public:
    Router(Context& ctx, const std::vector<std::unique_ptr<Module>>& modules) : ctx_(ctx), modules_(modules) {}

    void poll();
    void person_acted() { replace_ = false; }  // an action from the screens: the next URL is a new entry
    void signed_in();
    void signed_out();

    // The URL of what the state shows now ("" when signed out, for home, and for the guest's screens).
    std::string route_of_state() const;

private:
    bool active() const;
    void follow(const std::string& route);

    Context& ctx_;
    const std::vector<std::unique_ptr<Module>>& modules_;
    std::string seen_;     // the fragment as last read or written
    std::string pending_;  // read before sign-in (a reload, a link): followed once signed in
    bool replace_ = true;
};

}  // namespace app
