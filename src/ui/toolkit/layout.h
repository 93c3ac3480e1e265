// Screen structure: one full-viewport screen per frame, centred columns, list/detail splits and the
// navigation (left sidebar on desktop, bottom tab bar on phones). Sizes are CSS px.
//
//   ui::begin_screen("Appointments");
//   ui::begin_nav(ui::layout().phone); ui::nav_item(ICON_CALENDAR, "Appointments", true); ui::end_nav();
//   if (ui::begin_split("appts", 360)) { ...list...; ui::next_split_pane(); ...detail...; ui::end_split(); }
//   ui::end_screen();
#pragma once

namespace ui {

struct Layout {
    float width;   // viewport, CSS px
    float height;
    bool phone;    // width < 720: one column, bottom tabs, full-width buttons, 48 px targets
    float safe_top = 0, safe_bottom = 0;  // notch / home indicator insets (the toolkit keeps clear)
};
Layout layout();

// Full-viewport window without decorations (minus the navigation, if the screen draws one); sets
// document.title to "<title> · Telemed"; scrolls vertically when the content is taller.
void begin_screen(const char* title);
void end_screen();

// A centred column of at most max_width (the full width minus padding on phones). Text wraps inside
// it and full-width widgets take its width. Always returns true (for the if-block idiom).
bool begin_column(const char* id, float max_width = 480.f);
void end_column();

// Desktop: two panes side by side, each scrolling on its own (left_width for the list/nav pane, the
// rest for the detail). Phone: the panes are stacked and the screen scrolls. Always returns true.
bool begin_split(const char* id, float left_width);
void next_split_pane();
void end_split();

// Desktop: two columns side by side that scroll with the screen (for two parts of one page that belong
// together, like a video call and the doctor's notes): left_width, then the rest after a gap. Phone: one
// under the other. Always returns true.
bool begin_columns(const char* id, float left_width);
void next_column();
void end_columns();

// Navigation: desktop left sidebar / phone bottom tab bar, drawn over the screen's edge. Call from
// anywhere between begin_screen and end_screen; the screen makes room for it (from the next frame on).
void begin_nav(bool phone);
void end_nav();

// A region of the given height that scrolls on its own (a chat's messages above its composer); widgets
// inside take its width. Always returns true.
bool begin_scroll_area(const char* id, float height);
void end_scroll_area();

// The width full-width widgets use at the cursor (column, pane or window).
float content_width();

}  // namespace ui
