// The accessibility/automation mirror, C++ side. ImGui's test-engine hooks report every item's id,
// rectangle, label and status each frame; toolkit widgets annotate their items with a role and state.
// At the end of the frame the annotated items are published, in layout order, to the DOM layer
// (web/a11y.js) if anything changed. Custom widgets outside the toolkit call annotate() right after
// their ImGui item to appear there too.
#pragma once
#include <imgui.h>
#include <imgui_internal.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace ui::a11y {

enum class Role { button, link, textbox, checkbox, radio, tab, heading, text, status, alert, img };

struct State {
    bool disabled = false;
    bool checked = false;    // checkbox, radio
    bool selected = false;   // tab
    bool invalid = false;
    bool required = false;
    int level = 0;           // heading 1..3
    std::string_view value;  // textbox
    std::string_view input_type;     // textbox: "text" | "email" | "password"
    std::string_view autocomplete;   // textbox: HTML autocomplete token
    std::string_view placeholder;
    std::string_view error;          // invalid: the message (aria-description)
    int max_chars = 0;
};

void install();        // after ImGui::CreateContext(): turns the item hooks on
void begin_frame();    // before ImGui::NewFrame(): pulls DOM focus and caret
// Publishes if changed. True when the published list contains an interactive widget.
bool end_frame();

// Annotates item `id` (already submitted this frame; rectangle from the ItemAdd hook, else the last
// item's rectangle).
void annotate(ImGuiID id, Role role, std::string_view label, const State& state = {});
// Annotates the last submitted item, whether or not it has an id (text, images).
void annotate_last(Role role, std::string_view label, const State& state = {});

// DOM focus, as seen at the start of this frame.
ImGuiID focused_id();
bool focus_visible();          // keyboard focus (:focus-visible): draw a ring on any widget
int caret();                   // focused text field: selection start/end in UTF-8 bytes
int caret_end();
bool focus_changed();          // focus moved to another element since the last frame

// The visible label: the part before "##" (ImGui's id suffix).
std::string_view visible_label(std::string_view label);

}  // namespace ui::a11y
