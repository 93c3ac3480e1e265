// Temporary until the real screens land: lets the platform layer build and render.
#include "app/app.h"

#include <imgui.h>

namespace app {
struct App::Impl {
    StartOptions options;
};
App::App(StartOptions options) : impl_(std::make_unique<Impl>(Impl{std::move(options)})) {}
App::~App() = default;
bool App::poll() { return false; }
void App::draw() { ImGui::ShowDemoWindow(); }
bool App::animating() const { return false; }
}  // namespace app
