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

}  // namespace platform::media_view
