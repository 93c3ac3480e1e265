// platform::media_view over web/rtc.js [views] (telemed_media_view_* functions).
#include "platform/media_view.h"

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

void begin_frame() { telemed_media_view_begin_frame(); }
void end_frame() { telemed_media_view_end_frame(); }

MediaView::MediaView() : handle_(telemed_media_view_create()) {}
MediaView::~MediaView() { telemed_media_view_destroy(handle_); }

void MediaView::show(const rtc::MediaStream& stream, Rect r, const Style& s) {
    // Flags as web/rtc.js reads them: 1 mirrored, 2 muted, 4 clip rectangle given.
    const int flags = (s.mirrored ? 1 : 0) | (s.muted ? 2 : 0) | (s.clip ? 4 : 0);
    const Rect& c = s.clip_rect;
    telemed_media_view_show(handle_, stream.handle(), r.x, r.y, r.w, r.h, flags, s.corner_radius, c.x, c.y, c.w, c.h);
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
