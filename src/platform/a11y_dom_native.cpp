// Native stand-in: keeps the last published JSON; no DOM, so no edits and no focus.
#include "platform/a11y_dom.h"

namespace platform::a11y_dom {

namespace {
std::string last_json;
}

void publish(const std::string& json) { last_json = json; }
std::optional<Edit> take_edit(uint32_t) { return std::nullopt; }
Focus focus() { return {}; }
void focus_element(uint32_t) {}
void set_caret(uint32_t, int) {}

}  // namespace platform::a11y_dom
