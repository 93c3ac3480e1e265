#include "platform/a11y_dom.h"

#include "platform/js_string.h"

extern "C" {
void telemed_a11y_publish(const char* json);
int telemed_a11y_take_edit(uint32_t id, char* buf, int cap, int* submitted);
void telemed_a11y_focus(int* out);
void telemed_a11y_focus_element(uint32_t id);
void telemed_a11y_set_caret(uint32_t id, int byte_offset);
}

namespace platform::a11y_dom {

void publish(const std::string& json) { telemed_a11y_publish(json.c_str()); }

std::optional<Edit> take_edit(uint32_t id) {
    int submitted = 0;
    auto value = detail::js_string(
        [&](char* buf, int cap) { return telemed_a11y_take_edit(id, buf, cap, &submitted); });
    if (!value) return std::nullopt;
    return Edit{std::move(*value), submitted != 0};
}

Focus focus() {
    int out[4] = {};
    telemed_a11y_focus(out);
    return Focus{static_cast<uint32_t>(out[0]), out[1] != 0, out[2], out[3]};
}

void focus_element(uint32_t id) { telemed_a11y_focus_element(id); }
void set_caret(uint32_t id, int byte_offset) { telemed_a11y_set_caret(id, byte_offset); }

}  // namespace platform::a11y_dom
