#include "app/router.h"

namespace app {

bool Router::active() const { return ctx_.state.user && ctx_.state.screen == Screen::home; }

std::string Router::route_of_state() const {
    if (!active()) return {};
    for (const auto& m : modules_)
        if (m->route_covers_tabs())
            if (std::string r = m->route(); !r.empty()) return r;
    for (const auto& m : modules_)
        if (std::string r = m->route(); !r.empty()) return r;
    return tab_route(ctx_.state.tab);
}

void Router::poll() {
    Environment& env = ctx_.env;
    if (!env.read_route || !env.write_route) return;
    const std::string now = env.read_route();
    if (now != seen_) {  // Back/Forward, a link, or the page just loaded with one
        seen_ = now;
        if (active()) follow(now);
        else pending_ = now;
    }
    if (!active()) return;
    const std::string want = route_of_state();
    if (want == seen_) return;
    env.write_route(want, replace_);
    seen_ = want;
}

void Router::follow(const std::string& route) {
    replace_ = true;  // where it leads (a link's target, home for a route that names nothing) takes its place
    const Tab tab = tab_of_route(ctx_.state.user->role, route);
    if (ctx_.state.tab != tab) ctx_.dispatch(SelectTab{tab});
    for (const auto& m : modules_) m->follow(route);
}

void Router::signed_in() {
    replace_ = true;
    if (pending_.empty()) return;
    seen_ = std::exchange(pending_, {});
    follow(seen_);
}

void Router::signed_out() {
    pending_.clear();
    replace_ = true;
    if (seen_.empty() || !ctx_.env.write_route) return;
    ctx_.env.write_route("", true);
    seen_.clear();
}

}  // namespace app
