// Native stand-in for platform::media_view: records what each view would show (media_view.h [fake]).
#include <iterator>
#include <map>

#include "platform/media_view.h"

namespace platform::media_view {
namespace {

struct Registry {
    std::map<int, fake::ViewRecord> views;  // records outlive their views, so tests can read them
    std::map<int, int> shown_frame;         // handle -> frame it was last shown in
    int next_handle = 1;
    int frame = 0;
};
Registry& reg() {
    static Registry r;
    return r;
}

}  // namespace

void begin_frame() { ++reg().frame; }
void end_frame() {
    for (auto& [h, v] : reg().views) {
        if (reg().shown_frame[h] != reg().frame) v.visible = false;
    }
}

MediaView::MediaView() : handle_(reg().next_handle++) { reg().views[handle_] = {}; }
MediaView::~MediaView() {
    auto& v = reg().views[handle_];
    v.visible = false;
    v.destroyed = true;
}

void MediaView::show(const rtc::MediaStream& stream, Rect rect, const Style& style) {
    auto& v = reg().views[handle_];
    v.stream = stream.handle();
    v.rect = rect;
    v.style = style;  // the web version also makes the canvas see-through here (no canvas natively)
    v.visible = true;
    reg().shown_frame[handle_] = reg().frame;
}

void MediaView::hide() { reg().views[handle_].visible = false; }
bool MediaView::has_frame() const { return reg().views[handle_].has_frame; }

// A player is a view without a stream: its rectangle is recorded like one; it never becomes ready.
Player::Player() : handle_(reg().next_handle++) { reg().views[handle_] = {}; }
Player::~Player() {
    auto& v = reg().views[handle_];
    v.visible = false;
    v.destroyed = true;
}
void Player::load_url(const std::string&) {}
void Player::load_bytes(const std::string&, const std::string&) {}
void Player::show(Rect rect, float) {
    auto& v = reg().views[handle_];
    v.rect = rect;
    v.visible = true;
    reg().shown_frame[handle_] = reg().frame;
}
int Player::state() const { return 0; }

namespace fake {
ViewRecord* view(int handle) {
    auto it = reg().views.find(handle);
    return it == reg().views.end() ? nullptr : &it->second;
}
void reset() {
    // Live views keep their handles; only the records of the past go.
    for (auto it = reg().views.begin(); it != reg().views.end();) {
        it = it->second.destroyed ? reg().views.erase(it) : std::next(it);
    }
}
}  // namespace fake

}  // namespace platform::media_view
