// The conversations list (the other person, the last message, its time, the unread count) and the
// search over one's own messages, whose hits show their matched words highlighted and open the message
// in its thread.
#include <algorithm>

#include "platform/frame.h"
#include "ui/a11y/a11y.h"
#include "ui/screens/screens.h"
#include "ui/screens/view_helpers.h"
#include "ui/toolkit/fonts.h"
#include "ui/toolkit/text_shaping.h"
#include "ui/toolkit/theme.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {
namespace {

using core::msg::ConversationInfo;
using core::msg::SearchHit;

// "14:02" today, "Mon 12 Nov" otherwise.
std::string short_when(const app::AppState& state, core::Instant t) {
    if (day_label(state, t) == day_label(state, state.now)) return time_of_day(state, t);
    const std::string day = day_label(state, t);  // "Tue 3 Dec 2026"
    return day.substr(0, day.rfind(' '));
}


// app::list_preview: "typing…" while they type, otherwise the last message.
app::ListPreview preview(const app::AppState& state, const ConversationInfo& c) {
    return app::list_preview(state.messaging, c, state.user ? state.user->id : 0, platform::now_ms());
}

void conversation_row(app::AppState& state, const ConversationInfo& c, Actions& out) {
    const Palette& p = palette();
    const bool open = state.messaging.open == c.id;
    const float width = content_width(), pad = 12.f;
    const float h = layout().phone ? 72.f : 68.f;
    ImGui::PushID(static_cast<int>(c.id));
    const ImVec2 a = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::InvisibleButton("row", ImVec2(width, h));
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (open || hovered) dl->AddRectFilled(a, ImVec2(a.x + width, a.y + h), open ? p.accent_soft : p.surface_alt, kRounding);
    const std::string when = c.last_message ? short_when(state, c.last_message->created_at) : "";
    const float when_w = ImGui::CalcTextSize(when.c_str()).x;
    // The presence dot before the name, its words after it (never the colour alone).
    const core::msg::PresenceInfo* presence = state.presence.of(c.with.id);
    const std::string seen = presence_words_short(presence);
    const float seen_w = ImGui::CalcTextSize(seen.c_str()).x;
    const float dot_w = 18.f;
    ImGui::PushFont(fonts().h3);
    const float name_h = ImGui::GetTextLineHeight();
    const std::string name = one_line(display_text(c.with.display_name),
                                      std::max(60.f, width - 2 * pad - when_w - 12.f - dot_w - seen_w - 10.f));
    const float name_w = ImGui::CalcTextSize(name.c_str()).x;
    dl->AddText(ImVec2(a.x + pad + dot_w, a.y + 10.f), p.text, name.c_str());
    ImGui::PopFont();
    presence_dot(dl, ImVec2(a.x + pad + 6.f, a.y + 10.f + name_h * 0.5f), 5.f, presence);
    const float seen_x = a.x + pad + dot_w + name_w + 10.f;
    if (seen_x + seen_w <= a.x + width - pad - when_w - 8.f)
        dl->AddText(ImVec2(seen_x, a.y + 10.f + (name_h - ImGui::GetTextLineHeight()) * 0.5f), p.text_muted, seen.c_str());
    dl->AddText(ImVec2(a.x + width - pad - when_w, a.y + 12.f), c.unread > 0 ? p.accent : p.text_muted, when.c_str());
    const std::string unread = c.unread > 0 ? std::to_string(c.unread) : "";
    const float pill_w = unread.empty() ? 0.f : std::max(22.f, ImGui::CalcTextSize(unread.c_str()).x + 12.f);
    const app::ListPreview shown = preview(state, c);
    const std::string text = display_text(one_line(shown.text, width - 2 * pad - pill_w - 8.f));
    // "typing…" in the accent colour, as the thread's line is; the words say it too.
    const ImU32 ink = shown.typing ? p.accent : c.unread > 0 ? p.text : p.text_muted;
    dl->AddText(ImVec2(a.x + pad, a.y + 38.f), ink, text.c_str());
    if (!unread.empty()) {
        const ImVec2 pa(a.x + width - pad - pill_w, a.y + 38.f);
        dl->AddRectFilled(pa, ImVec2(pa.x + pill_w, pa.y + 22.f), p.accent, 11.f);
        const ImVec2 ts = ImGui::CalcTextSize(unread.c_str());
        dl->AddText(ImVec2(std::round(pa.x + (pill_w - ts.x) * 0.5f), std::round(pa.y + (22.f - ts.y) * 0.5f)), p.on_accent, unread.c_str());
    }
    dl->AddLine(ImVec2(a.x + pad, a.y + h - 0.5f), ImVec2(a.x + width - pad, a.y + h - 0.5f), p.border);
    std::string label = c.with.display_name + ", " + presence_words(presence);
    if (c.unread > 0) label += ", " + std::to_string(c.unread) + " unread";
    if (shown.typing) label += ", " + c.with.display_name + " is typing…";
    else if (c.last_message) label += ", " + when + ": " + shown.text;
    a11y::annotate_last(a11y::Role::button, label, {.selected = open});
    if (pressed) out.push_back(app::OpenConversation{c.id});
    ImGui::PopID();
}

// The snippet with each highlight drawn on a soft accent ground (byte ranges into the snippet's text).
void highlighted(const core::msg::SnippetInfo& s, float width) {
    const Palette& p = palette();
    const bool rtl = has_rtl(s.text);  // reordered for display: offsets no longer match, show it plain
    const auto lines = wrap_lines(s.text, width);
    const float line_h = ImGui::GetTextLineHeight() + 2.f;
    const ImVec2 a = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (size_t i = 0; i < lines.size(); ++i) {
        const auto [b, e] = lines[i];
        const float y = a.y + static_cast<float>(i) * line_h;
        if (!rtl)
            for (const auto& h : s.highlights) {
                const size_t hs = std::max(b, size_t(h.start)), he = std::min(e, size_t(h.start + h.length));
                if (hs >= he) continue;
                const float x0 = ImGui::CalcTextSize(s.text.data() + b, s.text.data() + hs).x;
                const float x1 = ImGui::CalcTextSize(s.text.data() + b, s.text.data() + he).x;
                dl->AddRectFilled(ImVec2(a.x + x0 - 1, y), ImVec2(a.x + x1 + 1, y + line_h - 1), p.warning_soft, 3.f);
                dl->AddLine(ImVec2(a.x + x0, y + line_h - 2), ImVec2(a.x + x1, y + line_h - 2), p.warning, 2.f);
            }
        const std::string shown = display_text(std::string_view(s.text).substr(b, e - b));
        dl->AddText(ImVec2(a.x, y), p.text, shown.c_str());
    }
    ImGui::Dummy(ImVec2(width, static_cast<float>(lines.size()) * line_h));
}

void hit_row(app::AppState& state, const SearchHit& hit, Actions& out) {
    const ConversationInfo* c = state.messaging.conversation(hit.message.conversation_id);
    const std::string who = c ? c->with.display_name : "Conversation";
    const float width = content_width();
    ImGui::PushID(static_cast<int>(hit.message.id));
    const ImVec2 a = ImGui::GetCursorScreenPos();
    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(width, 4));
    ImGui::Indent(12);
    muted((who + " · " + when(state, hit.message.created_at)).c_str());
    highlighted(hit.snippet, width - 24.f);
    ImGui::Unindent(12);
    ImGui::Dummy(ImVec2(width, 4));
    ImGui::EndGroup();
    const ImVec2 size(width, ImGui::GetItemRectMax().y - a.y);
    ImGui::SetCursorScreenPos(a);
    if (ImGui::InvisibleButton("hit", size)) out.push_back(app::OpenSearchHit{hit.message.conversation_id, hit.message.number});
    a11y::annotate_last(a11y::Role::button, "Open message from " + when(state, hit.message.created_at) + " with " + who + ": " + hit.snippet.text);
    ImGui::GetWindowDrawList()->AddRect(a, ImVec2(a.x + size.x, a.y + size.y), palette().border, kRounding);
    ImGui::PopID();
    spacing(6);
}

void search_results(app::AppState& state, Actions& out) {
    app::MessagingState& m = state.messaging;
    if (m.searching) return spinner("Searching your messages…");
    if (m.searched.empty()) return;
    const std::string title = m.hits.empty() ? "No messages contain “" + m.searched + "”."
                                             : std::to_string(m.hits.size()) + (m.hits.size() == 1 ? " message" : " messages") +
                                                   " with “" + m.searched + "”";
    text(title.c_str());
    if (link("Clear search")) out.push_back(app::ClearSearch{});
    spacing(6);
    for (const SearchHit& hit : m.hits) hit_row(state, hit, out);
    spacing(8);
}

}  // namespace

void draw_conversation_list(app::AppState& state, Actions& out) {
    app::MessagingState& m = state.messaging;
    heading("Messages");
    if (text_field("Search messages", m.search, {.placeholder = "Search your messages", .max_chars = 200}))
        out.push_back(app::SubmitSearch{});
    search_results(state, out);
    if (m.loading && !m.loaded) return spinner("Loading your conversations…");
    if (m.conversations.empty()) {
        spacing(8);
        const bool doctor = state.has_role(core::Role::doctor);
        return muted(doctor ? "No messages yet — your patients' messages appear here. To write first, open a visit and press Message."
                            : "No messages yet — open one of your visits, or a doctor's profile, and press Message.");
    }
    for (const ConversationInfo& c : m.conversations) conversation_row(state, c, out);
}

}  // namespace ui::screens
