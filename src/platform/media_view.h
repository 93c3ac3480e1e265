// Video in the ImGui layout: a <video> element under the canvas (web/rtc.js [views]) showing a
// MediaStream at the rectangle the layout gives it; the canvas is made transparent over that rectangle
// so the picture shows through, and whatever the window draws there afterwards (names, controls, a
// mute icon) lies over the video, as a call's overlays should.
//
// Each frame the app draws, call begin_frame() before drawing, show() for every view on screen with
// this frame's rectangle, and end_frame() after: views not shown in a frame are hidden, so a view
// follows resizes, scrolling and screen changes by itself. When no frame is drawn (render on demand)
// the elements stay where they are, which is right because nothing moved.
//
// The elements sit below the canvas (and so below the accessibility layer, #a11y-root) and take no
// pointer events. They are aria-hidden: describe the video in the a11y layer (e.g. an img node "Dr.
// Lee's video"). The elements are square: the canvas rounds the corners (it knows the colour around).
#pragma once

#include <string>

#include "platform/rtc.h"

namespace platform::media_view {

// CSS px in viewport coordinates, the canvas' own (it fills the viewport): ImGui screen positions.
struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
};

struct Style {
    bool mirrored = false;      // local camera preview: people expect a mirror
    bool muted = false;         // local preview: never play your own microphone back
    bool contain = false;       // letterbox rather than crop: the stage, a shared screen
    bool overlay = false;       // lies over another video (your own, small): drawn above the others
    float corner_radius = 0;    // rounded by the element itself: for an overlay, whose corners must show
                                // the video under it (elsewhere the canvas rounds, in the colour around)
    bool clip = false;          // cut the video to clip_rect (e.g. the scrolled panel it sits in)
    Rect clip_rect;
};

void begin_frame();
void end_frame();  // hides the views not shown since begin_frame()

class MediaView {
public:
    MediaView();
    ~MediaView();  // removes the element (and stops its sound)
    MediaView(const MediaView&) = delete;
    MediaView& operator=(const MediaView&) = delete;

    // Shows `stream` at `rect` this frame (object-fit: cover, or contain) and makes the current ImGui
    // window's canvas transparent there (within its clip rectangle): draw a placeholder before, overlays
    // after. A remote stream's audio plays through this element: keep the view alive for the whole
    // call, even while it is not shown.
    void show(const rtc::MediaStream& stream, Rect rect, const Style& style = {});
    void hide();
    // True once a video frame is decoded: draw a placeholder ("Connecting…", initials) until then.
    bool has_frame() const;

    int handle() const { return handle_; }

private:
    int handle_ = 0;
};

// A recording played back: a <video controls> at the layout's rectangle (object-fit: contain), above
// the canvas (#player-layer). It takes the pointer events over its rectangle, for its own controls;
// everything else stays on the canvas.
// Shown each frame like a MediaView (begin_frame/end_frame hide it when not drawn).
class Player {
public:
    Player();
    ~Player();  // removes the element (a blob: URL made for it is revoked)
    Player(const Player&) = delete;
    Player& operator=(const Player&) = delete;

    void load_url(const std::string& url);  // e.g. the server's signed link; Range requests let it seek
    void load_bytes(const std::string& bytes, const std::string& mime);  // a blob: URL in the page
    void show(Rect rect, float corner_radius = 10);
    // 1 ready (a frame can show), 0 loading, -1 the browser could not play it.
    int state() const;
    int handle() const { return handle_; }

private:
    int handle_ = 0;
};

// Native only (media_view_native.cpp): what the views would show, for unit tests.
namespace fake {
struct ViewRecord {
    int stream = 0;       // stream handle last shown
    Rect rect;
    Style style;
    bool visible = false;
    bool has_frame = false;  // what has_frame() returns; a test sets it
    bool destroyed = false;
};
ViewRecord* view(int handle);  // nullptr for unknown handles
void reset();
}  // namespace fake

}  // namespace platform::media_view
