// Item collection through ImGui's test-engine hooks, annotation and publishing (see a11y.h).
// Published JSON, one object per widget, layout order:
//   {"id":u32,"role":"button","name":"Sign in","x":..,"y":..,"w":..,"h":.., optional: "clipped":true,
//    "disabled","checked","selected","invalid","required":true, "level":n, "value","type",
//    "autocomplete","placeholder","error":"...","maxlength":n}
// Rectangles are CSS px, clipped to the item's window (see add() for partly visible items); "clipped" =
// scrolled out of view entirely (the rectangle is then the real, off-view one).
#include "ui/a11y/a11y.h"

#include <cstdarg>
#include <cstdio>
#include <unordered_map>
#include <vector>

#include "platform/a11y_dom.h"

namespace ui::a11y {
namespace {

struct RawItem {
    ImRect rect;
    std::string label;
    ImGuiItemStatusFlags flags = 0;
};

struct Node {
    ImGuiID id;
    Role role;
    ImRect rect;
    bool clipped;
    std::string json;  // the fields after the rectangle, pre-serialized
};

std::unordered_map<ImGuiID, RawItem> raw;  // this frame's items, from the hooks
std::vector<Node> nodes;
std::string published;
platform::a11y_dom::Focus focus_now, focus_before;

const char* role_name(Role r) {
    switch (r) {
        case Role::button: return "button";
        case Role::link: return "link";
        case Role::textbox: return "textbox";
        case Role::checkbox: return "checkbox";
        case Role::radio: return "radio";
        case Role::tab: return "tab";
        case Role::heading: return "heading";
        case Role::text: return "text";
        case Role::status: return "status";
        case Role::alert: return "alert";
        case Role::img: return "img";
    }
    return "text";
}

bool interactive(Role r) {
    return r == Role::button || r == Role::link || r == Role::textbox || r == Role::checkbox ||
           r == Role::radio || r == Role::tab;
}

void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += ch;
                }
        }
    }
    out += '"';
}

void field(std::string& out, const char* name, std::string_view value) {
    if (value.empty()) return;
    out += ",\"";
    out += name;
    out += "\":";
    append_json_string(out, value);
}

void flag(std::string& out, const char* name, bool on) {
    if (!on) return;
    out += ",\"";
    out += name;
    out += "\":true";
}

void number(std::string& out, const char* name, int v) {
    if (v == 0) return;
    out += ",\"";
    out += name;
    out += "\":" + std::to_string(v);
}

// The accessible name: the visible label without icon glyphs (Fork Awesome lives in the Private Use
// Area, U+E000..U+F8FF, UTF-8 "\xEE\x80\x80".."\xEF\xA3\xBF") and without surrounding spaces.
std::string accessible_name(std::string_view label) {
    std::string out;
    out.reserve(label.size());
    for (size_t i = 0; i < label.size();) {
        const auto c = static_cast<unsigned char>(label[i]);
        if ((c == 0xEE || (c == 0xEF && i + 1 < label.size() &&
                           static_cast<unsigned char>(label[i + 1]) < 0xA4)) && i + 2 < label.size()) {
            i += 3;
            continue;
        }
        out += label[i++];
    }
    const auto first = out.find_first_not_of(' ');
    if (first == std::string::npos) return {};
    return out.substr(first, out.find_last_not_of(' ') - first + 1);
}

void add(ImGuiID id, Role role, ImRect rect, std::string_view label, const State& s) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    ImRect clip = window ? window->ClipRect : rect;
    ImRect visible = rect;
    visible.ClipWithFull(clip);
    const bool clipped = visible.GetWidth() <= 0 || visible.GetHeight() <= 0;
    // A fully clipped widget keeps its real (off-view) rectangle: screen readers still list it, and
    // focusing it scrolls it into view (toolkit).
    // DOM focus just moved here (Tab, or a test/AT focusing the element): bring it into view. The item
    // was the last one submitted, which is what SetScrollHereY scrolls to.
    if (window && id == focus_now.id && focus_now.id != focus_before.id &&
        (rect.Min.y < window->InnerClipRect.Min.y || rect.Max.y > window->InnerClipRect.Max.y)) {
        ImGui::SetScrollHereY(0.5f);
    }
    // A partly scrolled-out widget keeps its full height while its centre is visible (tests measure
    // touch targets; clicks at the centre still land on it); otherwise only the visible part is given,
    // so a click at the centre of what is published always hits the widget.
    ImRect published = clipped ? rect : visible;
    if (!clipped && rect.GetCenter().y >= visible.Min.y && rect.GetCenter().y <= visible.Max.y) {
        published.Min.y = rect.Min.y;
        published.Max.y = rect.Max.y;
    }
    Node n{id, role, published, clipped, {}};
    std::string& j = n.json;
    field(j, "name", accessible_name(visible_label(label)));
    flag(j, "disabled", s.disabled);
    flag(j, "checked", s.checked);
    flag(j, "selected", s.selected);
    flag(j, "invalid", s.invalid);
    flag(j, "required", s.required);
    number(j, "level", s.level);
    if (role == Role::textbox) {
        j += ",\"value\":";
        append_json_string(j, s.value);
    }
    field(j, "type", s.input_type);
    field(j, "autocomplete", s.autocomplete);
    field(j, "placeholder", s.placeholder);
    field(j, "error", s.error);
    number(j, "maxlength", s.max_chars);
    nodes.push_back(std::move(n));
}

}  // namespace

std::string_view visible_label(std::string_view label) {
    const auto hash = label.find("##");
    return hash == std::string_view::npos ? label : label.substr(0, hash);
}

void install() { GImGui->TestEngineHookItems = true; }

void begin_frame() {
    raw.clear();
    nodes.clear();
    focus_before = focus_now;
    focus_now = platform::a11y_dom::focus();
}

bool end_frame() {
    std::string out = "[";
    bool any_interactive = false;
    char buf[160];
    for (const Node& n : nodes) {
        if (out.size() > 1) out += ',';
        std::snprintf(buf, sizeof buf, "{\"id\":%u,\"role\":\"%s\",\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f",
                      n.id, role_name(n.role), n.rect.Min.x, n.rect.Min.y, n.rect.GetWidth(),
                      n.rect.GetHeight());
        out += buf;
        if (n.clipped) out += ",\"clipped\":true";
        out += n.json;
        out += '}';
        any_interactive = any_interactive || interactive(n.role);
    }
    out += ']';
    if (out != published) {
        published = std::move(out);
        platform::a11y_dom::publish(published);
    }
    return any_interactive;
}

void annotate(ImGuiID id, Role role, std::string_view label, const State& state) {
    auto it = raw.find(id);
    const ImRect rect = it != raw.end() ? it->second.rect : GImGui->LastItemData.Rect;
    add(id, role, rect, label, state);
}

void annotate_last(Role role, std::string_view label, const State& state) {
    ImGuiContext& g = *GImGui;
    ImGuiID id = g.LastItemData.ID;
    if (id == 0) {
        // Text has no ImGui id: derive a stable one from the window, the text and its occurrence.
        ImGuiWindow* w = g.CurrentWindow;
        id = ImHashData(label.data(), label.size(), w ? w->ID : 0);
        while (raw.count(id)) ++id;
        raw[id] = RawItem{g.LastItemData.Rect, {}, 0};
    }
    add(id, role, g.LastItemData.Rect, label, state);
}

ImGuiID focused_id() { return focus_now.id; }
bool focus_visible() { return focus_now.visible; }
int caret() { return focus_now.caret; }
int caret_end() { return focus_now.caret_end; }
bool focus_changed() { return focus_now.id != focus_before.id; }

}  // namespace ui::a11y

// ImGui's test-engine hooks (IMGUI_ENABLE_TEST_ENGINE), called for every item while TestEngineHookItems.
using ui::a11y::raw;

void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, const ImRect& bb, ImGuiID id) { raw[id].rect = bb; }

void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
    auto& item = raw[id];
    if (label) item.label = label;
    item.flags = flags;
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID id) {
    auto it = raw.find(id);
    return it == raw.end() ? nullptr : it->second.label.c_str();
}
