// The accessibility/automation DOM layer over the canvas (web/a11y.js). C++ publishes the widget list;
// the DOM layer reports focus, text edits, caret and Enter back. Ids are ImGui ids.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace platform::a11y_dom {

// Replaces the DOM layer's content with this JSON array (see src/ui/a11y/a11y.cpp for the fields).
void publish(const std::string& json);

struct Edit {
    std::string value;    // the input's full value (UTF-8)
    bool submitted = false;  // Enter was pressed
};
// A pending edit the user made in the DOM input mirroring field `id`, consumed by this call.
std::optional<Edit> take_edit(uint32_t id);

struct Focus {
    uint32_t id = 0;         // 0: nothing in the layer has focus
    bool visible = false;    // :focus-visible (keyboard) -> draw a ring on buttons too
    int caret = 0;           // text fields: selection start/end in UTF-8 bytes
    int caret_end = 0;
};
Focus focus();

// Puts the caret of text field `id` at a UTF-8 byte offset (a click inside the drawn field).
void set_caret(uint32_t id, int byte_offset);

// Moves DOM focus to the element mirroring `id` (a fallback; real taps focus it synchronously in JS).
void focus_element(uint32_t id);

}  // namespace platform::a11y_dom
