// platform::media_view over web/rtc.js [views] (telemed_media_view_* functions).
#include "platform/media_view.h"

#include <GLES3/gl3.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "imgui.h"

extern "C" {
int telemed_media_view_create();
void telemed_media_view_destroy(int h);
void telemed_media_view_begin_frame();
void telemed_media_view_end_frame();
void telemed_media_view_show(int h, int stream, float x, float y, float w, float hgt, int flags, float radius,
                             float cx, float cy, float cw, float ch);
void telemed_media_view_hide(int h);
int telemed_media_view_has_frame(int h);
int telemed_media_player_create();
void telemed_media_player_source(int h, const char* url, const char* data, int size, const char* mime);
int telemed_media_player_state(int h);
}

namespace platform::media_view {
namespace {

// This frame's see-through rectangles, read by the draw callbacks when the frame is rendered (after
// end_frame, before the next begin_frame).
std::vector<Rect>& holes() {
    static std::vector<Rect> h;
    return h;
}

// Runs inside ImGui_ImplOpenGL3_RenderDrawData, in draw order: clears the framebuffer to transparent over
// the hole (within the command's clip rectangle; the backend keeps GL_SCISSOR_TEST on and sets its own
// scissor again for the next command). The canvas is premultiplied-alpha, so (0,0,0,0) is "see through".
void clear_hole(const ImDrawList*, const ImDrawCmd* cmd) {
    const std::size_t index = static_cast<std::size_t>(reinterpret_cast<std::uintptr_t>(cmd->UserCallbackData));
    if (index >= holes().size()) return;
    const Rect& r = holes()[index];
    const ImDrawData* d = ImGui::GetDrawData();
    const float x0 = std::max(r.x, cmd->ClipRect.x) - d->DisplayPos.x, y0 = std::max(r.y, cmd->ClipRect.y) - d->DisplayPos.y;
    const float x1 = std::min(r.x + r.w, cmd->ClipRect.z) - d->DisplayPos.x, y1 = std::min(r.y + r.h, cmd->ClipRect.w) - d->DisplayPos.y;
    if (x1 <= x0 || y1 <= y0) return;
    const ImVec2 s = d->FramebufferScale;
    const float fb_h = d->DisplaySize.y * s.y;
    glScissor(int(x0 * s.x + 0.5f), int(fb_h - y1 * s.y + 0.5f), int((x1 - x0) * s.x + 0.5f), int((y1 - y0) * s.y + 0.5f));
    glClearColor(0.f, 0.f, 0.f, 0.f);
    glClear(GL_COLOR_BUFFER_BIT);
}

void see_through(Rect r, const Style& s) {
    if (s.clip) {
        const float x0 = std::max(r.x, s.clip_rect.x), y0 = std::max(r.y, s.clip_rect.y);
        const float x1 = std::min(r.x + r.w, s.clip_rect.x + s.clip_rect.w), y1 = std::min(r.y + r.h, s.clip_rect.y + s.clip_rect.h);
        if (x1 <= x0 || y1 <= y0) return;
        r = {x0, y0, x1 - x0, y1 - y0};
    }
    if (!ImGui::GetCurrentContext()) return;
    holes().push_back(r);
    ImGui::GetWindowDrawList()->AddCallback(clear_hole, reinterpret_cast<void*>(std::uintptr_t(holes().size() - 1)));
}

}  // namespace

void begin_frame() {
    holes().clear();
    telemed_media_view_begin_frame();
}
void end_frame() { telemed_media_view_end_frame(); }

MediaView::MediaView() : handle_(telemed_media_view_create()) {}
MediaView::~MediaView() { telemed_media_view_destroy(handle_); }

void MediaView::show(const rtc::MediaStream& stream, Rect r, const Style& s) {
    // Flags as web/rtc.js reads them: 1 mirrored, 2 muted, 4 clip rectangle given, 8 contain, 16 overlay.
    const int flags = (s.mirrored ? 1 : 0) | (s.muted ? 2 : 0) | (s.clip ? 4 : 0) | (s.contain ? 8 : 0) | (s.overlay ? 16 : 0);
    const Rect& c = s.clip_rect;
    telemed_media_view_show(handle_, stream.handle(), r.x, r.y, r.w, r.h, flags, s.corner_radius, c.x, c.y, c.w, c.h);
    see_through(r, s);
}

void MediaView::hide() { telemed_media_view_hide(handle_); }
bool MediaView::has_frame() const { return telemed_media_view_has_frame(handle_) != 0; }

Player::Player() : handle_(telemed_media_player_create()) {}
Player::~Player() { telemed_media_view_destroy(handle_); }
void Player::load_url(const std::string& url) { telemed_media_player_source(handle_, url.c_str(), nullptr, 0, ""); }
void Player::load_bytes(const std::string& bytes, const std::string& mime) {
    telemed_media_player_source(handle_, "", bytes.data(), int(bytes.size()), mime.c_str());
}
void Player::show(Rect r, float corner_radius) {
    telemed_media_view_show(handle_, 0, r.x, r.y, r.w, r.h, 0, corner_radius, 0, 0, 0, 0);
}
int Player::state() const { return telemed_media_player_state(handle_); }

}  // namespace platform::media_view
