// The toolkit's widgets (widgets.h) and frame hooks (toolkit.h).
// Sections: [state + helpers] [frame hooks] [text] [actions] [input] [navigation] [status] [theme]
#include "ui/toolkit/widgets.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <deque>
#include <string_view>

#include "platform/a11y_dom.h"
#include "platform/frame.h"
#include "ui/a11y/a11y.h"
#include "ui/toolkit/fonts.h"
#include "ui/toolkit/internal.h"
#include "ui/toolkit/text_shaping.h"
#include "ui/toolkit/theme.h"
#include "ui/toolkit/toolkit.h"

namespace ui {

// [state + helpers] ---------------------------------------------------------------------------------
namespace detail {

State& state() {
    static State s;
    return s;
}

float target_height() { return layout().phone ? 48.f : kDesktopTarget; }

void draw_focus_ring(const ImRect& r, ImGuiID id, bool always, float rounding) {
    if (a11y::focused_id() != id || (!always && !a11y::focus_visible())) return;
    ImGui::GetWindowDrawList()->AddRect(r.Min - ImVec2(3, 3), r.Max + ImVec2(3, 3), palette().focus_ring,
                                        (rounding < 0 ? kRounding : rounding) + 3.f, 0, 2.f);
}

}  // namespace detail

using detail::state;
using detail::target_height;

namespace {

struct Toast {
    ToastKind kind;
    std::string message;
    double expires_ms;
};
std::deque<Toast> toasts;

std::string_view label_of(const char* label) { return a11y::visible_label(label ? label : ""); }

// Wrapped text at the current cursor, inside the column/pane width.
void wrapped(std::string_view s, ImU32 color, ImFont* font) {
    ImGui::PushFont(font);
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + content_width());
    const std::string shown = display_text(s);
    ImGui::TextUnformatted(shown.data(), shown.data() + shown.size());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

// Index of the UTF-8 byte offset clamped to a code point boundary.
size_t utf8_clamp(const std::string& s, size_t off) {
    off = std::min(off, s.size());
    while (off > 0 && off < s.size() && (static_cast<unsigned char>(s[off]) & 0xC0) == 0x80) --off;
    return off;
}

size_t utf8_count(std::string_view s) {
    size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

// Truncates to max_chars code points.
void utf8_limit(std::string& s, int max_chars) {
    if (max_chars <= 0) return;
    size_t n = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && n++ == static_cast<size_t>(max_chars)) {
            s.resize(i);
            return;
        }
    }
}

std::string bullets(size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += "\xE2\x80\xA2";  // •
    return out;
}

struct ButtonColors {
    ImU32 bg, hover, active, text, border;
};

ButtonColors colors_for(ButtonKind kind) {
    const Palette& p = palette();
    switch (kind) {
        case ButtonKind::primary: return {p.accent, p.accent_hover, p.accent_active, p.on_accent, 0};
        case ButtonKind::secondary: return {p.surface, p.surface_alt, p.accent_soft, p.text, p.border};
        case ButtonKind::danger: return {p.danger, p.danger_hover, p.danger_hover, IM_COL32_WHITE, 0};
        case ButtonKind::ghost: return {0, p.surface_alt, p.accent_soft, p.accent, 0};
    }
    return {};
}

// The shared body of button-like widgets: an invisible ImGui button plus our own drawing.
bool pressable(const char* id_label, ImVec2 size, bool enabled, bool* hovered, bool* held) {
    if (!enabled) ImGui::BeginDisabled();
    const bool pressed = ImGui::InvisibleButton(id_label, size);
    *hovered = enabled && ImGui::IsItemHovered();
    *held = enabled && ImGui::IsItemActive();
    if (!enabled) ImGui::EndDisabled();
    if (*hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    return pressed && enabled;
}

}  // namespace

// [frame hooks] -------------------------------------------------------------------------------------
void init(float dpr) {
    set_theme(Theme::light);
    a11y::install();
    load_fonts(dpr);
}

void begin_frame() {
    auto& s = state();
    s.nav_left = s.nav_left_next;
    s.nav_bottom = s.nav_bottom_next;
    s.nav_left_next = s.nav_bottom_next = 0;
    s.animating = false;
    s.settle = false;
    s.widths.clear();
    s.splits.clear();
    a11y::begin_frame();
}

bool end_frame() {
    auto& s = state();
    // The navigation appeared, went or changed size: the screen makes room on the next frame.
    if (s.nav_left != s.nav_left_next || s.nav_bottom != s.nav_bottom_next) s.settle = true;
    return a11y::end_frame();
}

void set_safe_area(float top, float bottom) {
    state().safe_top = top;
    state().safe_bottom = bottom;
}

bool needs_another_frame() { return state().settle; }

bool wants_animation() { return state().animating; }

// [text] --------------------------------------------------------------------------------------------
void heading(const char* t, int level) {
    level = std::clamp(level, 1, 3);
    const Fonts& f = fonts();
    wrapped(t, palette().text, level == 1 ? f.h1 : level == 2 ? f.h2 : f.h3);
    a11y::annotate_last(a11y::Role::heading, t, {.level = level});
}

void text(const char* t) {
    wrapped(t, palette().text, fonts().body);
    a11y::annotate_last(a11y::Role::text, t);
}

void muted(const char* t) {
    wrapped(t, palette().text_muted, fonts().body);
    a11y::annotate_last(a11y::Role::text, t);
}

void error_text(const char* t) {
    const Palette& p = palette();
    ImGui::PushFont(fonts().body);
    ImGui::PushStyleColor(ImGuiCol_Text, p.danger);
    ImGui::TextUnformatted(ICON_EXCLAMATION_CIRCLE);
    ImGui::SameLine(0, 6.f);
    ImGui::PopStyleColor();
    ImGui::PopFont();
    const float icon_w = ImGui::GetItemRectSize().x + 6.f;
    ImGui::PushFont(fonts().body);
    ImGui::PushStyleColor(ImGuiCol_Text, p.danger);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(40.f, content_width() - icon_w));
    const std::string shown = display_text(t);
    ImGui::TextUnformatted(shown.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::PopFont();
    a11y::annotate_last(a11y::Role::alert, t);
}

// [actions] -----------------------------------------------------------------------------------------
bool button(const char* label, ButtonKind kind, bool full_width_on_phone, bool enabled) {
    const Layout l = layout();
    const std::string shown_text = display_text(label_of(label));
    const std::string_view shown = shown_text;
    ImGui::PushFont(fonts().body);
    const ImVec2 ts = ImGui::CalcTextSize(shown.data(), shown.data() + shown.size());
    const float h = target_height();
    const float w = (l.phone && full_width_on_phone) ? content_width() : std::max(ts.x + 40.f, 96.f);
    bool hovered = false, held = false;
    const bool pressed = pressable(label, ImVec2(w, h), enabled, &hovered, &held);
    const ImGuiID id = ImGui::GetItemID();
    const ImRect r(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    const ButtonColors c = colors_for(kind);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 bg = held ? c.active : hovered ? c.hover : c.bg;
    const float alpha = enabled ? 1.f : 0.45f;
    if (bg) dl->AddRectFilled(r.Min, r.Max, with_alpha(bg, alpha), kRounding);
    if (c.border) dl->AddRect(r.Min, r.Max, with_alpha(c.border, alpha), kRounding, 0, 1.f);
    dl->AddText(ImVec2(std::round(r.Min.x + (w - ts.x) * 0.5f), std::round(r.Min.y + (h - ts.y) * 0.5f)),
                with_alpha(c.text, enabled ? 1.f : 0.6f), shown.data(), shown.data() + shown.size());
    ImGui::PopFont();
    detail::draw_focus_ring(r, id);
    a11y::annotate(id, a11y::Role::button, label_of(label), {.disabled = !enabled});
    return pressed;
}

bool icon_button(const char* icon, const char* accessible_label) {
    const float h = target_height();
    ImGui::PushID(accessible_label);
    bool hovered = false, held = false;
    const bool pressed = pressable("##icon", ImVec2(h, h), true, &hovered, &held);
    const ImGuiID id = ImGui::GetItemID();
    ImGui::PopID();
    const ImRect r(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    const Palette& p = palette();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (hovered || held) dl->AddRectFilled(r.Min, r.Max, held ? p.accent_soft : p.surface_alt, kRounding);
    const ImVec2 ts = ImGui::CalcTextSize(icon);
    dl->AddText(ImVec2(std::round(r.Min.x + (h - ts.x) * 0.5f), std::round(r.Min.y + (h - ts.y) * 0.5f)),
                p.text, icon);
    detail::draw_focus_ring(r, id);
    a11y::annotate(id, a11y::Role::button, accessible_label);
    return pressed;
}

bool link(const char* label) {
    const std::string_view shown = label_of(label);
    const ImVec2 ts = ImGui::CalcTextSize(shown.data(), shown.data() + shown.size());
    // Phones: a 44 px tall hit area around the text.
    const float h = layout().phone ? std::max(ts.y, kTouchTarget) : ts.y + 4.f;
    bool hovered = false, held = false;
    const bool pressed = pressable(label, ImVec2(ts.x, h), true, &hovered, &held);
    const ImGuiID id = ImGui::GetItemID();
    const ImRect r(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    const Palette& p = palette();
    const ImU32 col = held ? p.accent_active : hovered ? p.accent_hover : p.accent;
    const ImVec2 tp(r.Min.x, std::round(r.Min.y + (h - ts.y) * 0.5f));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddText(tp, col, shown.data(), shown.data() + shown.size());
    dl->AddLine(ImVec2(tp.x, tp.y + ts.y), ImVec2(tp.x + ts.x, tp.y + ts.y), col, hovered ? 2.f : 1.f);
    detail::draw_focus_ring(r, id, false, 4.f);
    a11y::annotate(id, a11y::Role::link, shown);
    return pressed;
}

// [input] -------------------------------------------------------------------------------------------
bool text_field(const char* label, std::string& value, const TextFieldOptions& o) {
    const Palette& p = palette();
    const std::string_view shown = label_of(label);
    const ImGuiID id = ImGui::GetID(label);

    // Edits made in the DOM <input> since the last frame.
    bool submitted = false;
    if (auto edit = platform::a11y_dom::take_edit(id)) {
        value = std::move(edit->value);
        utf8_limit(value, o.max_chars);
        submitted = edit->submitted;
    }

    // Label above (with a required marker that is not colour alone).
    ImGui::PushFont(fonts().body);
    ImGui::TextUnformatted(shown.data(), shown.data() + shown.size());
    if (o.required) {
        ImGui::SameLine(0, 4.f);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(p.text_muted), "(required)");
    }

    const float w = content_width(), h = target_height() + 4.f;
    bool hovered = false, held = false;
    if (pressable(label, ImVec2(w, h), true, &hovered, &held) && a11y::focused_id() != id) {
        // Normally JS already focused the <input> on pointerdown; this covers activations from elsewhere.
        platform::a11y_dom::focus_element(id);
    }
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_TextInput);
    const ImRect r(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    const bool focused = a11y::focused_id() == id;
    const bool invalid = o.error && *o.error;

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(r.Min, r.Max, p.surface, kRounding);
    const ImU32 border = invalid ? p.danger : focused ? p.accent : hovered ? p.text_muted : p.border;
    dl->AddRect(r.Min, r.Max, border, kRounding, 0, focused || invalid ? 2.f : 1.f);

    // Value (bullets for passwords), scrolled horizontally to keep the caret visible.
    const std::string shown_value = o.password ? bullets(utf8_count(value)) : display_text(value);
    const float pad = 12.f;
    const ImRect inner(r.Min.x + pad, r.Min.y, r.Max.x - pad, r.Max.y);
    const float ty = std::round(r.Min.y + (h - ImGui::GetFontSize()) * 0.5f);
    ImGuiStorage* st = ImGui::GetStateStorage();
    float scroll = st->GetFloat(id, 0.f);
    auto x_at = [&](int byte_off) {
        // Caret offsets are bytes of the real value; for passwords count code points instead.
        const size_t off = utf8_clamp(value, static_cast<size_t>(std::max(0, byte_off)));
        const std::string_view before = std::string_view(value).substr(0, off);
        if (o.password) {
            const std::string b = bullets(utf8_count(before));
            return ImGui::CalcTextSize(b.c_str()).x;
        }
        const std::string shaped = display_text(before);  // approximate inside right-to-left runs
        return ImGui::CalcTextSize(shaped.data(), shaped.data() + shaped.size()).x;
    };
    if (ImGui::IsItemActivated() && !value.empty()) {
        // A click in the field puts the caret under the pointer: nearest code point boundary.
        const float mx = ImGui::GetIO().MousePos.x - inner.Min.x + scroll;
        int best = 0;
        float best_d = FLT_MAX;
        for (size_t off = 0;; ++off) {
            off = std::min(off, value.size());
            while (off < value.size() && (static_cast<unsigned char>(value[off]) & 0xC0) == 0x80) ++off;
            const float d = std::fabs(x_at(static_cast<int>(off)) - mx);
            if (d < best_d) {
                best_d = d;
                best = static_cast<int>(off);
            }
            if (off >= value.size()) break;
        }
        platform::a11y_dom::set_caret(id, best);
    }
    float caret_x = 0, caret_end_x = 0;
    if (focused) {
        caret_x = x_at(a11y::caret());
        caret_end_x = x_at(a11y::caret_end());
        if (caret_x - scroll > inner.GetWidth() - 2.f) scroll = caret_x - inner.GetWidth() + 2.f;
        if (caret_x - scroll < 0) scroll = caret_x;
    } else {
        scroll = 0;
    }
    st->SetFloat(id, scroll);
    dl->PushClipRect(inner.Min, inner.Max, true);
    if (value.empty() && o.placeholder && *o.placeholder) {
        dl->AddText(ImVec2(inner.Min.x, ty), p.text_muted, o.placeholder);
    } else {
        if (focused && caret_end_x != caret_x) {
            dl->AddRectFilled(ImVec2(inner.Min.x + std::min(caret_x, caret_end_x) - scroll, ty),
                              ImVec2(inner.Min.x + std::max(caret_x, caret_end_x) - scroll, ty + ImGui::GetFontSize()),
                              p.accent_soft);
        }
        dl->AddText(ImVec2(inner.Min.x - scroll, ty), p.text, shown_value.c_str());
    }
    if (focused) {
        // A steady caret (no blinking: a blinking caret would cost a frame every half second).
        const float cx = std::round(inner.Min.x + caret_x - scroll);
        dl->AddLine(ImVec2(cx, ty - 1), ImVec2(cx, ty + ImGui::GetFontSize() + 1), p.text, 1.5f);
    }
    dl->PopClipRect();
    // The 2 px accent border already shows focus; a red (invalid) border needs the ring as well.
    if (invalid) detail::draw_focus_ring(r, id, true);
    ImGui::PopFont();

    a11y::annotate(id, a11y::Role::textbox, shown,
                   {.invalid = invalid,
                    .required = o.required,
                    .value = value,
                    .input_type = o.password ? "password" : o.email ? "email" : "text",
                    .autocomplete = o.autocomplete ? o.autocomplete : "off",
                    .placeholder = o.placeholder ? o.placeholder : "",
                    .error = invalid ? o.error : "",
                    .max_chars = o.max_chars});
    if (invalid) error_text(o.error);
    return submitted;
}

bool checkbox(const char* label, bool& value) { return checkbox(label, value, {}); }

bool checkbox(const char* label, bool& value, std::string_view accessible_name) {
    const Palette& p = palette();
    const std::string shown_text = display_text(label_of(label));
    const std::string_view shown = shown_text;
    const float h = target_height(), box = 22.f;
    const ImVec2 ts = ImGui::CalcTextSize(shown.data(), shown.data() + shown.size(), false,
                                          std::max(60.f, content_width() - box - 12.f));
    const float row_h = std::max(h, ts.y + 8.f);
    bool hovered = false, held = false;
    const bool pressed = pressable(label, ImVec2(std::min(content_width(), box + 12.f + ts.x + 4.f), row_h),
                                   true, &hovered, &held);
    if (pressed) value = !value;
    const ImGuiID id = ImGui::GetItemID();
    const ImRect r(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 b0(r.Min.x, std::round(r.Min.y + (row_h - box) * 0.5f)), b1 = b0 + ImVec2(box, box);
    if (value) {
        dl->AddRectFilled(b0, b1, hovered ? p.accent_hover : p.accent, 6.f);
        const ImVec2 cs = ImGui::CalcTextSize(ICON_CHECK);
        dl->AddText(ImFloor(b0 + (ImVec2(box, box) - cs) * 0.5f), p.on_accent, ICON_CHECK);
    } else {
        dl->AddRectFilled(b0, b1, p.surface, 6.f);
        dl->AddRect(b0, b1, hovered ? p.accent : p.text_muted, 6.f, 0, 1.5f);
    }
    dl->AddText(nullptr, 0.f, ImVec2(b1.x + 12.f, std::round(r.Min.y + (row_h - ts.y) * 0.5f)), p.text,
                shown.data(), shown.data() + shown.size(), std::max(60.f, content_width() - box - 12.f));
    detail::draw_focus_ring(ImRect(b0, b1), id, false, 6.f);
    a11y::annotate(id, a11y::Role::checkbox, accessible_name.empty() ? label_of(label) : accessible_name, {.checked = value});
    return pressed;
}

std::vector<std::pair<size_t, size_t>> wrap_lines(std::string_view text, float width) {
    std::vector<std::pair<size_t, size_t>> lines;
    ImFont* font = ImGui::GetFont();
    const float scale = ImGui::GetFontSize() / font->FontSize;
    size_t start = 0;
    for (;;) {
        const size_t nl = std::min(text.find('\n', start), text.size());
        size_t s = start;
        do {
            const char* end = font->CalcWordWrapPositionA(scale, text.data() + s, text.data() + nl, std::max(20.f, width));
            size_t e = static_cast<size_t>(end - text.data());
            if (e <= s) e = std::min(nl, s + 1);  // one glyph wider than the line: still progress
            while (e < nl && (static_cast<unsigned char>(text[e]) & 0xC0) == 0x80) ++e;
            lines.emplace_back(s, e);
            s = e;
            while (s < nl && text[s] == ' ') ++s;  // the space a line broke at is not drawn
        } while (s < nl);
        if (nl >= text.size()) break;
        start = nl + 1;
    }
    return lines;
}

bool text_area(const char* label, std::string& value, const TextAreaOptions& o) {
    const Palette& p = palette();
    const std::string_view shown = label_of(label);
    const ImGuiID id = ImGui::GetID(label);
    bool submitted = false;
    if (auto edit = platform::a11y_dom::take_edit(id)) {
        if (o.changed && edit->value != value) *o.changed = true;
        value = std::move(edit->value);
        utf8_limit(value, o.max_chars);
        submitted = edit->submitted;
    }
    ImGui::PushFont(fonts().body);
    if (o.show_label) ImGui::TextUnformatted(shown.data(), shown.data() + shown.size());
    const float pad = 12.f, line_h = ImGui::GetTextLineHeight() + 2.f;
    const float w = o.width > 0 ? o.width : content_width();
    const auto lines = wrap_lines(value, w - 2 * pad);
    const int shown_lines = std::clamp(static_cast<int>(lines.size()), 1, std::max(1, o.max_lines));
    const float h = std::max(target_height() + 4.f, shown_lines * line_h + 2 * 10.f);
    bool hovered = false, held = false;
    if (pressable(label, ImVec2(w, h), true, &hovered, &held) && a11y::focused_id() != id) platform::a11y_dom::focus_element(id);
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_TextInput);
    const ImRect r(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    const bool focused = a11y::focused_id() == id;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(r.Min, r.Max, p.surface, kRounding);
    dl->AddRect(r.Min, r.Max, focused ? p.accent : hovered ? p.text_muted : p.border, kRounding, 0, focused ? 2.f : 1.f);
    // The caret's line, and the first line shown so that it is visible.
    const size_t caret = utf8_clamp(value, static_cast<size_t>(std::max(0, a11y::caret())));
    size_t caret_line = lines.size() - 1;
    for (size_t i = 0; i < lines.size(); ++i)
        if (caret <= lines[i].second) {
            caret_line = i;
            break;
        }
    const size_t first = caret_line >= static_cast<size_t>(shown_lines) ? caret_line - static_cast<size_t>(shown_lines) + 1 : 0;
    const ImRect inner(r.Min.x + pad, r.Min.y + 10.f, r.Max.x - pad, r.Max.y - 10.f);
    dl->PushClipRect(inner.Min, inner.Max, true);
    if (value.empty() && o.placeholder && *o.placeholder) {
        dl->AddText(inner.Min, p.text_muted, o.placeholder);
    } else {
        for (size_t i = first; i < lines.size() && i < first + static_cast<size_t>(shown_lines); ++i) {
            const std::string line = display_text(std::string_view(value).substr(lines[i].first, lines[i].second - lines[i].first));
            dl->AddText(ImVec2(inner.Min.x, inner.Min.y + static_cast<float>(i - first) * line_h), p.text, line.c_str());
        }
    }
    if (focused) {
        const auto& [ls, le] = lines[caret_line];
        const std::string before = display_text(std::string_view(value).substr(ls, std::min(caret, le) - ls));
        const float cx = std::round(inner.Min.x + ImGui::CalcTextSize(before.c_str()).x);
        const float cy = inner.Min.y + static_cast<float>(caret_line - first) * line_h;
        dl->AddLine(ImVec2(cx, cy - 1), ImVec2(cx, cy + ImGui::GetFontSize() + 1), p.text, 1.5f);
    }
    dl->PopClipRect();
    ImGui::PopFont();
    a11y::annotate(id, a11y::Role::textbox, shown,
                   {.value = value, .input_type = o.enter_sends ? "multiline" : "document", .autocomplete = "off",
                    .placeholder = o.placeholder ? o.placeholder : "", .max_chars = o.max_chars});
    return submitted;
}

bool segmented(const char* label, int& selected, const std::vector<std::string>& options) {
    const Palette& p = palette();
    const std::string_view shown = label_of(label);
    ImGui::PushID(label);
    ImGui::TextUnformatted(shown.data(), shown.data() + shown.size());
    a11y::annotate_last(a11y::Role::text, shown);
    const int n = static_cast<int>(options.size());
    const float w = content_width(), h = target_height();
    const float seg_w = n > 0 ? std::floor(w / n) : w;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(origin, origin + ImVec2(seg_w * n, h), p.surface_alt, kRounding);
    bool changed = false;
    for (int i = 0; i < n; ++i) {
        if (i > 0) ImGui::SameLine(0, 0);
        ImGui::PushID(i);
        bool hovered = false, held = false;
        if (pressable(options[i].c_str(), ImVec2(seg_w, h), true, &hovered, &held) && selected != i) {
            selected = i;
            changed = true;
        }
        const ImGuiID id = ImGui::GetItemID();
        ImGui::PopID();
        const ImRect r(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
        const bool on = selected == i;
        if (on) {
            dl->AddRectFilled(r.Min + ImVec2(3, 3), r.Max - ImVec2(3, 3), p.accent, kRounding - 2.f);
        } else if (hovered) {
            dl->AddRectFilled(r.Min + ImVec2(3, 3), r.Max - ImVec2(3, 3), p.surface, kRounding - 2.f);
        }
        // Selection is not colour alone: the selected segment carries a check mark.
        std::string text = on ? std::string(ICON_CHECK " ") + display_text(options[i]) : display_text(options[i]);
        const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
        dl->PushClipRect(r.Min, r.Max, true);
        dl->AddText(ImVec2(std::round(r.Min.x + std::max(6.f, (seg_w - ts.x) * 0.5f)),
                           std::round(r.Min.y + (h - ts.y) * 0.5f)),
                    on ? p.on_accent : p.text, text.c_str());
        dl->PopClipRect();
        detail::draw_focus_ring(r, id);
            a11y::annotate(id, a11y::Role::radio, options[i], {.checked = on});
    }
    ImGui::PopID();
    return changed;
}

void table_headers_row() {
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    const int n = ImGui::TableGetColumnCount();
    for (int i = 0; i < n; ++i) {
        if (!ImGui::TableSetColumnIndex(i)) continue;
        const char* name = ImGui::TableGetColumnName(i);
        ImGui::PushID(i);
        ImGui::TableHeader(name);
        ImGui::PopID();
        a11y::annotate_last(a11y::Role::text, name ? name : "");
    }
}

// [navigation] --------------------------------------------------------------------------------------
namespace {
// A small count pill (white on the danger red, so it is not colour alone: it carries a number) centred at `at`.
void count_pill(ImDrawList* dl, ImVec2 at, int count) {
    const std::string n = count > 99 ? "99+" : std::to_string(count);
    ImFont* font = fonts().small;
    const float size = 12.f;
    const ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0.f, n.c_str());
    const float h = 18.f, w = std::max(h, ts.x + 10.f);
    const ImVec2 a(std::round(at.x - w * 0.5f), std::round(at.y - h * 0.5f));
    dl->AddRectFilled(a, ImVec2(a.x + w, a.y + h), palette().danger, h * 0.5f);
    dl->AddText(font, size, ImVec2(std::round(a.x + (w - ts.x) * 0.5f), std::round(a.y + (h - ts.y) * 0.5f)), IM_COL32_WHITE, n.c_str());
}
}  // namespace

bool nav_item(const char* icon, const char* label, bool selected, int count) {
    auto& s = state();
    const Palette& p = palette();
    const std::string_view shown = label_of(label);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    bool hovered = false, held = false, pressed = false;
    ImGuiID id = 0;
    ImRect r;
    if (s.nav_phone) {
        // Bottom tabs share the width; the count comes from the last frame (settles in one frame).
        const float w = std::floor(layout().width / static_cast<float>(std::max(1, s.nav_count_last)));
        if (s.nav_index > 0) ImGui::SameLine(0, 0);
        pressed = pressable(label, ImVec2(w, ImGui::GetContentRegionAvail().y), true, &hovered, &held);
        id = ImGui::GetItemID();
        r = ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
        const ImU32 col = selected ? p.accent : p.text_muted;
        const ImVec2 is = ImGui::CalcTextSize(icon);
        const float cx = r.GetCenter().x;
        if (selected) {
            dl->AddRectFilled(ImVec2(cx - 28, r.Min.y + 6), ImVec2(cx + 28, r.Min.y + 6 + 30), p.accent_soft, 15.f);
        }
        dl->AddText(ImVec2(std::round(cx - is.x * 0.5f), r.Min.y + 6 + std::round((30 - is.y) * 0.5f)), col, icon);
        // The label shrinks (down to 11 px) rather than being cut when the tab is narrow.
        ImFont* font = fonts().small;
        float size = kSmallSize;
        ImVec2 ls = font->CalcTextSizeA(size, FLT_MAX, 0.f, shown.data(), shown.data() + shown.size());
        if (ls.x > w - 6.f) {
            size = std::max(11.f, size * (w - 6.f) / ls.x);
            ls = font->CalcTextSizeA(size, FLT_MAX, 0.f, shown.data(), shown.data() + shown.size());
        }
        dl->AddText(font, size, ImVec2(std::round(cx - ls.x * 0.5f), r.Min.y + 38), col, shown.data(),
                    shown.data() + shown.size());
        if (count > 0) count_pill(dl, ImVec2(cx + 16.f, r.Min.y + 10.f), count);
        s.settle = s.settle || (s.nav_count_last != 0 && s.nav_index >= s.nav_count_last);
    } else {
        const float h = 44.f;
        pressed = pressable(label, ImVec2(ImGui::GetContentRegionAvail().x, h), true, &hovered, &held);
        id = ImGui::GetItemID();
        r = ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
        if (selected || hovered) dl->AddRectFilled(r.Min, r.Max, selected ? p.accent_soft : p.surface_alt, kRounding);
        if (selected) dl->AddRectFilled(r.Min + ImVec2(0, 10), ImVec2(r.Min.x + 3, r.Max.y - 10), p.accent, 2.f);
        const ImU32 col = selected ? p.accent : p.text;
        const float ty = std::round(r.Min.y + (h - ImGui::GetFontSize()) * 0.5f);
        dl->AddText(ImVec2(r.Min.x + 14, ty), col, icon);
        dl->AddText(ImVec2(r.Min.x + 46, ty), col, shown.data(), shown.data() + shown.size());
        if (count > 0) count_pill(dl, ImVec2(r.Max.x - 24.f, r.GetCenter().y), count);
    }
    ++s.nav_index;
    ++s.nav_count;
    detail::draw_focus_ring(r, id);
    const std::string name = count > 0 ? std::string(shown) + ", " + std::to_string(count) + " unread" : std::string(shown);
    a11y::annotate(id, a11y::Role::tab, name, {.selected = selected});
    return pressed;
}

// [status] ------------------------------------------------------------------------------------------
void spinner(const char* label) {
    const Palette& p = palette();
    const float size = 22.f;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(size, size));
    const ImVec2 c = pos + ImVec2(size * 0.5f, size * 0.5f);
    const float t = static_cast<float>(ImGui::GetTime());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddCircle(c, size * 0.5f - 2.f, p.accent_soft, 32, 3.f);
    const float a0 = t * 5.f;
    dl->PathArcTo(c, size * 0.5f - 2.f, a0, a0 + 1.8f, 24);
    dl->PathStroke(p.accent, 0, 3.f);
    state().animating = true;
    ImGui::SameLine(0, 10.f);
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (size - ImGui::GetFontSize()) * 0.5f);
    wrapped(label, p.text_muted, fonts().body);
    a11y::annotate_last(a11y::Role::status, label);
}

namespace {
// A rounded pill: optional icon + text on a soft background.
void pill(const char* icon, std::string_view text, ImU32 fg, ImU32 bg) {
    const std::string s = icon ? std::string(icon) + " " + display_text(text) : display_text(text);
    ImFont* font = fonts().small;
    const ImVec2 ts = font->CalcTextSizeA(kSmallSize, FLT_MAX, 0.f, s.c_str());
    const ImVec2 pad(10.f, 4.f);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ts + pad * 2);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(pos, pos + ts + pad * 2, bg, (ts.y + pad.y * 2) * 0.5f);
    dl->AddText(font, kSmallSize, ImFloor(pos + pad), fg, s.c_str());
}
}  // namespace

void badge(const char* t, ImU32 color) {
    ImVec4 c = ImGui::ColorConvertU32ToFloat4(color);
    c.w *= 0.16f;
    pill(nullptr, t, color, ImGui::ColorConvertFloat4ToU32(c));
    a11y::annotate_last(a11y::Role::text, t);
}

void connection_indicator(Connection c) {
    const Palette& p = palette();
    const char* icon = ICON_WIFI;
    const char* words = "Online";
    ImU32 fg = p.success, bg = p.success_soft;
    switch (c) {
        case Connection::connecting: icon = ICON_REFRESH; words = "Connecting\xE2\x80\xA6"; fg = p.warning; bg = p.warning_soft; break;
        case Connection::online: break;
        case Connection::reconnecting: icon = ICON_REFRESH; words = "Reconnecting\xE2\x80\xA6"; fg = p.warning; bg = p.warning_soft; break;
        case Connection::offline: icon = ICON_EXCLAMATION_TRIANGLE; words = "Offline"; fg = p.danger; bg = p.danger_soft; break;
        case Connection::demo: icon = ICON_INFO_CIRCLE; words = "Offline demo"; fg = p.accent; bg = p.accent_soft; break;
    }
    pill(icon, words, fg, bg);
    a11y::annotate_last(a11y::Role::status, words);
}

void toast(ToastKind kind, std::string message) {
    const double life = kind == ToastKind::error ? 6000.0 : 4000.0;
    toasts.push_back(Toast{kind, std::move(message), platform::now_ms() + life});
    while (toasts.size() > 3) toasts.pop_front();
    platform::request_frame();
}

void draw_toasts() {
    const double now = platform::now_ms();
    while (!toasts.empty() && toasts.front().expires_ms <= now) toasts.pop_front();
    std::erase_if(toasts, [&](const Toast& t) { return t.expires_ms <= now; });
    if (toasts.empty()) return;
    double next = toasts.front().expires_ms;
    for (const Toast& t : toasts) next = std::min(next, t.expires_ms);
    platform::request_frame_in(next - now + 16.0);  // redraw when the next one expires: no animation

    const Layout l = layout();
    const Palette& p = palette();
    const float w = std::min(l.width - 32.f, 420.f);
    const auto& s = state();
    const float x = l.phone ? 16.f : s.nav_left + (l.width - s.nav_left - w) * 0.5f;
    ImGui::SetNextWindowPos(l.phone ? ImVec2(x, l.height - s.nav_bottom - 12.f) : ImVec2(x, 16.f), 0,
                            l.phone ? ImVec2(0, 1) : ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(w, 0));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(0, 0, 0, 0));
    ImGui::Begin("##toasts", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoInputs | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing |
                     ImGuiWindowFlags_NoNav);
    ImGui::PopStyleColor();
    for (const Toast& t : toasts) {
        const ImU32 accent = t.kind == ToastKind::error ? p.danger : t.kind == ToastKind::success ? p.success : p.accent;
        const char* icon = t.kind == ToastKind::error ? ICON_EXCLAMATION_TRIANGLE
                           : t.kind == ToastKind::success ? ICON_CHECK_CIRCLE : ICON_INFO_CIRCLE;
        const float card_w = w - 32.f;
        const float inner_w = card_w - 46.f - 16.f;  // text starts 46 px in and keeps 16 px from the edge
        const std::string msg = display_text(t.message);
        const ImVec2 ts = ImGui::CalcTextSize(msg.c_str(), nullptr, false, inner_w);
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        const ImVec2 size(card_w, ts.y + 28.f);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(pos - ImVec2(1, 0), pos + size + ImVec2(1, 3), IM_COL32(0, 0, 0, 22), kRounding + 1.f);
        dl->AddRectFilled(pos, pos + size, p.surface, kRounding);
        dl->AddRect(pos, pos + size, p.border, kRounding);
        dl->AddRectFilled(pos, ImVec2(pos.x + 5, pos.y + size.y), accent, kRounding, ImDrawFlags_RoundCornersLeft);
        dl->AddText(pos + ImVec2(16, 14), accent, icon);
        dl->AddText(nullptr, 0.f, pos + ImVec2(46, 14), p.text, msg.c_str(), nullptr, inner_w);
        ImGui::Dummy(size);
        a11y::annotate_last(t.kind == ToastKind::error ? a11y::Role::alert : a11y::Role::status, t.message);
    }
    ImGui::End();
}

void spacing(float px) { ImGui::Dummy(ImVec2(0, px)); }

// [theme] -------------------------------------------------------------------------------------------
void set_theme_dark(bool dark) { set_theme(dark ? Theme::dark : Theme::light); }

}  // namespace ui
