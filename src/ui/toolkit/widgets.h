// The toolkit's widgets: every one is drawn on the canvas and mirrored in the accessibility layer with
// its role, name and state (src/ui/a11y), so screen readers and end-to-end tests find it by role and
// name. Labels may carry an ImGui id suffix ("Delete##slot42"): only the part before "##" is shown
// and announced.
//
// Sections: text, actions, input, navigation, status, theme.
#pragma once
#include <imgui.h>

#include <string>
#include <vector>

#include "ui/toolkit/icons.h"
#include "ui/toolkit/layout.h"

namespace ui {

// --- text ------------------------------------------------------------------------------------------
void heading(const char* text, int level = 1);  // 28/22/18 px bold, role heading (h1..h3)
void text(const char* text);                    // wrapped body text, never truncated
void muted(const char* text);                   // secondary colour, wrapped
void error_text(const char* text);              // danger colour + warning icon, role alert

// --- actions ---------------------------------------------------------------------------------------
enum class ButtonKind { primary, secondary, danger, ghost };
// True on the frame it is clicked (or activated from the accessibility layer). Disabled buttons are
// drawn dimmed, stay in the accessibility layer with aria-disabled, and never return true.
bool button(const char* label, ButtonKind kind = ButtonKind::primary, bool full_width_on_phone = true,
            bool enabled = true);
bool icon_button(const char* icon, const char* accessible_label);
bool link(const char* label);

// --- input -----------------------------------------------------------------------------------------
struct TextFieldOptions {
    const char* placeholder = "";
    bool password = false;
    bool email = false;
    const char* autocomplete = "off";  // HTML token: "email", "current-password", "new-password", "name"…
    const char* error = nullptr;       // shown under the field (red + icon), field marked invalid
    int max_chars = 200;               // code points
    bool required = false;
};
// Label above, value edited through the mirroring DOM <input> (on-screen keyboards, paste, IME,
// autofill). Returns true on the frame Enter was pressed in it.
bool text_field(const char* label, std::string& value, const TextFieldOptions& opts = {});
// A multi-line field (a <textarea> in the accessibility layer): the text wraps at the field's width,
// the field grows up to max_lines and then scrolls to the caret. Enter submits (returns true), Shift+Enter
// is a new line; with enter_sends false (a document such as clinical notes) Enter is a new line. `changed` (optional) is set when the text was edited this frame. Without a label
// shown (show_label false) the label still names the field for screen readers.
struct TextAreaOptions {
    const char* placeholder = "";
    int max_chars = 4000;  // code points
    int max_lines = 6;
    bool show_label = false;
    bool* changed = nullptr;
    float width = 0;  // 0: the column's width
    bool enter_sends = true;
};
bool text_area(const char* label, std::string& value, const TextAreaOptions& opts = {});
// The lines `text` wraps into at `width` with the current font: [begin, end) byte ranges, a line per
// '\n' at least. Shared by the text area and message bubbles.
std::vector<std::pair<size_t, size_t>> wrap_lines(std::string_view text, float width);
bool checkbox(const char* label, bool& value);  // true when toggled
// A box alone ("##tick-12"), named for screen readers by `accessible_name` (a table row's tick).
bool checkbox(const char* label, bool& value, std::string_view accessible_name);
// A row of mutually exclusive options (role radio each). True when the selection changed.
bool segmented(const char* label, int& selected, const std::vector<std::string>& options);

// Inside ImGui::BeginTable after TableSetupColumn(...): ImGui::TableHeadersRow() whose column names also
// reach the accessibility layer (ImGui's own header row reports no labels).
void table_headers_row();

// --- navigation ------------------------------------------------------------------------------------
// Inside begin_nav/end_nav: a sidebar row (desktop) or a bottom tab (phone), role tab. True when clicked.
// `count` > 0 draws a count badge on the item (unread messages) and adds ", N unread" to its name.
bool nav_item(const char* icon, const char* label, bool selected, int count = 0);

// --- status ----------------------------------------------------------------------------------------
void spinner(const char* label);  // animated while visible (wants_animation() turns true)
void badge(const char* text, ImU32 color);
enum class Connection { connecting, online, reconnecting, offline, demo };
void connection_indicator(Connection c);  // pill: colour + icon + words, role status
enum class ToastKind { info, success, error };
void toast(ToastKind kind, std::string message);  // queued; shown ~4 s (errors 6 s)
void draw_toasts();                               // call last each frame
void spacing(float px = 16.f);

// True when something drawn this frame animates: the frame loop keeps rendering.
bool wants_animation();

// --- theme -----------------------------------------------------------------------------------------
void set_theme_dark(bool dark);

}  // namespace ui
