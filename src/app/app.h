// The client application: owns the Backend (remote or local demo), the client state and the screens.
// The web entry point (src/app/main.cpp) calls poll() and draw() once per rendered frame; nothing in
// here blocks or does I/O directly.
#pragma once
#include <memory>
#include <string>

namespace app {

struct StartOptions {
    bool demo = false;          // "/?demo": LocalBackend over src/core, no network at all
    std::string server_url;     // "ws://host:port/ws" derived from the page's origin
    std::string time_zone;      // the browser's IANA zone (Intl)
    std::string invite_token;   // "/?invite=<token>": enter a visit as an invited guest, no account
};

class App {
public:
    explicit App(StartOptions options);
    ~App();
    // Drains backend messages and timers into state. True when something changed (draw a frame).
    bool poll();
    // Draws the current screen with ImGui. Call between ImGui::NewFrame() and ImGui::Render().
    void draw();
    // True while something animates (spinner, toast fading): keep rendering frames.
    bool animating() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace app
