// One conversation: the other person at the top (a back button on phones), the messages as bubbles
// (mine right, theirs left) with a line per day, "edited" and "Message deleted", the delivered/read line
// under my last message, "<name> is typing…", and the composer (Enter sends, Shift+Enter is a new line).
// My own messages open Edit (within 15 minutes) and Delete (asks first) when tapped. Older messages load
// when the list is scrolled to the top; reading happens when their messages are on screen.
#include <algorithm>
#include <cfloat>
#include <map>

#include "core/messaging/links.h"
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
using core::msg::MessageInfo;

constexpr auto kEditWindow = std::chrono::minutes(15);
constexpr float kBubblePad = 12.f;

// What the thread's view remembers between frames (where it was scrolled, which bubble is selected):
// view state only, never sent anywhere.
struct View {
    std::int64_t last_number = 0;   // the newest message drawn last frame
    std::int64_t first_number = 0;  // the oldest
    std::int64_t selected = 0;      // my message whose actions are shown (message id)
    std::int64_t focused = 0;       // the search hit already scrolled to
    float anchor_y = -1;            // the old first message's y before older ones were added
    float end_y = 0;                // where the content ended (a change while at the bottom keeps it there)
    bool at_bottom = true;
};
std::map<std::int64_t, View>& views() {
    static std::map<std::int64_t, View> v;
    return v;
}

struct Bubble {
    std::string text;  // as drawn (display order)
    std::vector<std::pair<size_t, size_t>> lines;
    float width = 0, height = 0;
};

Bubble measure(const std::string& text, const std::string& meta, float max_width) {
    Bubble b;
    b.text = text;
    b.lines = wrap_lines(text, max_width - 2 * kBubblePad);
    float w = 0;
    for (const auto& [s, e] : b.lines) {
        const std::string line = display_text(std::string_view(text).substr(s, e - s));
        w = std::max(w, ImGui::CalcTextSize(line.c_str()).x);
    }
    ImFont* small = fonts().small;
    const float meta_w = small->CalcTextSizeA(kSmallSize, FLT_MAX, 0.f, meta.c_str()).x;
    b.width = std::min(max_width, std::max(w, meta_w) + 2 * kBubblePad);
    const float line_h = ImGui::GetTextLineHeight() + 2.f;
    b.height = static_cast<float>(b.lines.size()) * line_h + kSmallSize + 4.f + 2 * 8.f;
    return b;
}

std::string meta_of(const app::AppState& state, const MessageInfo& m, bool sending) {
    std::string meta = time_of_day(state, m.created_at);
    if (m.edited_at && !m.deleted) meta += " · edited";
    if (sending) meta += " · Sending…";
    return meta;
}

bool is_blank_text(const std::string& t) {
    return std::all_of(t.begin(), t.end(), [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; });
}

// A piece of a link on one drawn line of a bubble: where it is, and which link.
struct LinkPiece {
    size_t line = 0, begin = 0, end = 0;  // bytes of the text
    ImRect rect;
    const core::messaging::LinkSpan* link = nullptr;
};

// Where the links fall on the bubble's lines. A line with right-to-left text is drawn reordered, so its
// bytes are not where they were written: its links stay plain text there.
std::vector<LinkPiece> link_pieces(const std::string& text, const Bubble& b, const std::vector<core::messaging::LinkSpan>& links,
                                   ImVec2 origin) {
    std::vector<LinkPiece> pieces;
    if (links.empty()) return pieces;
    const float line_h = ImGui::GetTextLineHeight() + 2.f;
    const std::string_view all(text);
    for (size_t i = 0; i < b.lines.size(); ++i) {
        const auto [s, e] = b.lines[i];
        if (has_rtl(all.substr(s, e - s))) continue;
        for (const auto& l : links) {
            const size_t a = std::max(s, l.begin), z = std::min(e, l.end);
            if (a >= z) continue;
            const float xa = ImGui::CalcTextSize(display_text(all.substr(s, a - s)).c_str()).x;
            const float xz = ImGui::CalcTextSize(display_text(all.substr(s, z - s)).c_str()).x;
            const float y = origin.y + 8.f + static_cast<float>(i) * line_h;
            pieces.push_back({i, a, z, ImRect(origin.x + kBubblePad + xa, y, origin.x + kBubblePad + xz, y + line_h), &l});
        }
    }
    return pieces;
}

// The links' own hit areas (role link for screen readers), submitted before the bubble so that they,
// not the bubble, take the click.
void link_buttons(const std::vector<LinkPiece>& pieces, Actions& out) {
    for (size_t k = 0; k < pieces.size(); ++k) {
        ImGui::SetCursorScreenPos(pieces[k].rect.Min);
        ImGui::PushID(static_cast<int>(k));
        if (ImGui::InvisibleButton("link", pieces[k].rect.GetSize())) out.push_back(app::OpenLink{pieces[k].link->url});
        if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImGui::PopID();
        a11y::annotate_last(a11y::Role::link, "Link: " + pieces[k].link->url);
    }
}

// One drawn line, its link pieces in the link colour and underlined.
void draw_line(ImDrawList* dl, ImVec2 at, const std::string& text, size_t s, size_t e, ImU32 ink,
               const std::vector<LinkPiece>& pieces, size_t line) {
    const std::string_view all(text);
    size_t from = s;
    float x = at.x;
    auto run = [&](size_t to, ImU32 col, bool underline) {
        if (to <= from) return;
        const std::string piece = display_text(all.substr(from, to - from));
        dl->AddText(ImVec2(x, at.y), col, piece.c_str());
        const float w = ImGui::CalcTextSize(piece.c_str()).x;
        if (underline) {
            const float y = at.y + ImGui::GetTextLineHeight();
            dl->AddLine(ImVec2(x, y), ImVec2(x + w, y), col);
        }
        x += w;
        from = to;
    };
    for (const LinkPiece& p : pieces) {
        if (p.line != line) continue;
        run(p.begin, ink, false);
        run(p.end, palette().accent, true);
    }
    run(e, ink, false);
}

// One message; returns true when it was pressed (not on one of its links).
bool bubble(const app::AppState& state, Actions& out, const MessageInfo& m, bool mine, bool sending, const std::string& who,
            bool focus) {
    const Palette& p = palette();
    const float pane = content_width();
    const float max_w = std::min(pane * (layout().phone ? 0.84f : 0.72f), 560.f);
    std::string text = m.deleted ? "Message deleted" : m.text;
    // A file without words: the file above says what it is; the bubble keeps only its time (and is
    // still the message one selects to delete). The accessibility label names the file.
    const bool file_only = !m.deleted && m.attachment && is_blank_text(text);
    if (file_only) text.clear();
    const std::string meta = meta_of(state, m, sending);
    const Bubble b = measure(text, meta, max_w);
    const float x0 = ImGui::GetCursorScreenPos().x + (mine ? pane - b.width : 0.f);
    const ImVec2 origin(x0, ImGui::GetCursorScreenPos().y);
    const auto links = m.deleted ? std::vector<core::messaging::LinkSpan>{} : core::messaging::find_links(text);
    const std::vector<LinkPiece> pieces = link_pieces(text, b, links, origin);
    ImGui::PushID(static_cast<int>(m.number));
    link_buttons(pieces, out);
    ImGui::SetCursorScreenPos(origin);
    const bool pressed = ImGui::InvisibleButton("b", ImVec2(b.width, b.height));
    ImGui::PopID();
    const ImRect r(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 bg = focus ? p.warning_soft : mine ? p.accent_soft : p.surface;
    dl->AddRectFilled(r.Min, r.Max, bg, 14.f);
    if (!mine) dl->AddRect(r.Min, r.Max, p.border, 14.f);
    if (focus) dl->AddRect(r.Min, r.Max, p.warning, 14.f, 0, 2.f);
    const float line_h = ImGui::GetTextLineHeight() + 2.f;
    const ImU32 ink = m.deleted || sending ? p.text_muted : p.text;
    for (size_t i = 0; i < b.lines.size(); ++i) {
        const auto [s, e] = b.lines[i];
        draw_line(dl, ImVec2(r.Min.x + kBubblePad, r.Min.y + 8.f + static_cast<float>(i) * line_h), text, s, e, ink, pieces, i);
    }
    const float meta_w = fonts().small->CalcTextSizeA(kSmallSize, FLT_MAX, 0.f, meta.c_str()).x;
    dl->AddText(fonts().small, kSmallSize, ImVec2(r.Max.x - kBubblePad - meta_w, r.Max.y - 8.f - kSmallSize), p.text_muted, meta.c_str());
    std::string label = (mine ? std::string("You") : who) + ", " + meta + ": " + (file_only ? m.attachment->name : text);
    if (mine && !m.deleted && !sending) label += " (select for edit and delete)";
    a11y::annotate_last(mine && !m.deleted && !sending ? a11y::Role::button : a11y::Role::text, label);
    return pressed && mine && !m.deleted && !sending;
}

// A thin line across the pane: where the scrolling messages begin and end.
void hairline() {
    const ImVec2 a = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddLine(a, ImVec2(a.x + content_width(), a.y), palette().border);
    ImGui::Dummy(ImVec2(0, 1));
}

void day_separator(const std::string& day) {
    const Palette& p = palette();
    const float w = content_width();
    const ImVec2 a = ImGui::GetCursorScreenPos();
    ImFont* small = fonts().small;
    const ImVec2 ts = small->CalcTextSizeA(kSmallSize, FLT_MAX, 0.f, day.c_str());
    ImGui::Dummy(ImVec2(w, ts.y + 16.f));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float cy = a.y + 8.f + ts.y * 0.5f, cx = a.x + w * 0.5f;
    dl->AddLine(ImVec2(a.x, cy), ImVec2(cx - ts.x * 0.5f - 10.f, cy), p.border);
    dl->AddLine(ImVec2(cx + ts.x * 0.5f + 10.f, cy), ImVec2(a.x + w, cy), p.border);
    dl->AddText(small, kSmallSize, ImVec2(std::round(cx - ts.x * 0.5f), a.y + 8.f), p.text_muted, day.c_str());
    a11y::annotate_last(a11y::Role::text, day);
}

// "Delivered" / "Read 14:02" under my newest message, right-aligned.
void receipt_line(const app::AppState& state, const ConversationInfo& c, const app::Thread& t, std::int64_t my_last) {
    if (my_last == 0) return;
    std::string line = "Sent";
    if (c.theirs.read_upto >= my_last) line = t.their_read_at ? "Read " + time_of_day(state, *t.their_read_at) : "Read";
    else if (c.theirs.delivered_upto >= my_last) line = "Delivered";
    const float w = ImGui::CalcTextSize(line.c_str()).x;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + content_width() - w);
    ImGui::PushStyleColor(ImGuiCol_Text, palette().text_muted);
    ImGui::TextUnformatted(line.c_str());
    ImGui::PopStyleColor();
    a11y::annotate_last(a11y::Role::status, line);
}

void own_actions(const app::AppState& state, std::int64_t conversation, const MessageInfo& m, Actions& out) {
    const float w = content_width();
    const bool editable = state.now - m.created_at < kEditWindow;
    const float buttons_w = editable ? 220.f : 110.f;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.f, w - buttons_w));
    if (editable) {
        if (button(ICON_PENCIL "  Edit##edit", ButtonKind::ghost, false)) out.push_back(app::StartEdit{conversation, m.id});
        ImGui::SameLine();
    }
    if (button(ICON_TRASH "  Delete##delete", ButtonKind::ghost, false)) out.push_back(app::AskDelete{conversation, m.id});
}

// --- attachments ----------------------------------------------------------------------------------

std::string size_text(std::int64_t bytes) {
    char buf[32];
    if (bytes >= 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f MB", double(bytes) / (1024.0 * 1024.0));
    else std::snprintf(buf, sizeof buf, "%lld KB", static_cast<long long>((bytes + 1023) / 1024));
    return buf;
}

// A file name cut to fit `width` with an ellipsis in the middle, so the extension stays visible (the
// whole name is in the accessibility label and the download).
std::string ellipsize(const std::string& name, float width) {
    if (ImGui::CalcTextSize(name.c_str()).x <= width) return name;
    std::string head = name, tail;
    const auto dot = name.rfind('.');
    if (dot != std::string::npos && name.size() - dot <= 6) {
        head = name.substr(0, dot);
        tail = name.substr(dot);
    }
    while (!head.empty()) {
        while (!head.empty() && (static_cast<unsigned char>(head.back()) & 0xC0) == 0x80) head.pop_back();
        if (!head.empty()) head.pop_back();  // one whole code point less
        const std::string candidate = head + "…" + tail;
        if (ImGui::CalcTextSize(candidate.c_str()).x <= width) return candidate;
    }
    return "…" + tail;
}

bool is_image(const core::msg::AttachmentInfo& a) { return a.kind != core::AttachmentKind::pdf; }

// A message's file above its bubble: an image as a thumbnail (tap: full size), a PDF as a file row with
// its name, size and a download button.
void attachment_block(const app::AppState& state, const MessageInfo& m, bool mine, const std::string& who, Actions& out) {
    const core::msg::AttachmentInfo& a = *m.attachment;
    const Palette& p = palette();
    const float pane = content_width();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImGui::PushID(static_cast<int>(m.number));
    const std::string owner = mine ? std::string("your") : who + "'s";
    if (is_image(a)) {
        const float box = layout().phone ? 200.f : 240.f;
        auto img = state.messaging.files.images.find(a.id);
        float w = box, h = box * 0.75f;
        if (img != state.messaging.files.images.end() && img->second.stage == app::ImageStage::ready && img->second.width > 0) {
            const float scale = std::min(box / float(img->second.width), box / float(img->second.height));
            w = std::max(48.f, float(img->second.width) * scale);
            h = std::max(48.f, float(img->second.height) * scale);
        }
        const float x0 = ImGui::GetCursorScreenPos().x + (mine ? pane - w : 0.f);
        ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y));
        const bool pressed = ImGui::InvisibleButton("img", ImVec2(w, h));
        const ImRect r(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
        const bool ready = img != state.messaging.files.images.end() && img->second.stage == app::ImageStage::ready;
        const bool failed = img != state.messaging.files.images.end() && img->second.stage == app::ImageStage::failed;
        if (ready) {
            dl->AddImageRounded(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(img->second.texture)), r.Min, r.Max,
                                ImVec2(0, 0), ImVec2(1, 1), IM_COL32_WHITE, 12.f);
        } else {
            dl->AddRectFilled(r.Min, r.Max, p.surface, 12.f);
            const char* label = failed ? "This photo could not be shown" : "Loading photo…";
            const ImVec2 ts = ImGui::CalcTextSize(label);
            dl->AddText(ImVec2(r.Min.x + (w - ts.x) * 0.5f, r.Min.y + (h - ts.y) * 0.5f), p.text_muted, label);
        }
        dl->AddRect(r.Min, r.Max, p.border, 12.f);
        a11y::annotate_last(a11y::Role::button, "Photo " + a.name + " (" + owner + "), open full size",
                            {.disabled = !ready});
        if (pressed && ready) out.push_back(app::ViewAttachment{a.id});
    } else {
        const float w = std::min(pane * 0.8f, 360.f), h = 64.f;
        const float x0 = ImGui::GetCursorScreenPos().x + (mine ? pane - w : 0.f);
        ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y));
        const ImVec2 a0 = ImGui::GetCursorScreenPos();
        dl->AddRectFilled(a0, ImVec2(a0.x + w, a0.y + h), mine ? p.accent_soft : p.surface, 12.f);
        dl->AddRect(a0, ImVec2(a0.x + w, a0.y + h), p.border, 12.f);
        dl->AddText(ImVec2(a0.x + 14.f, a0.y + (h - ImGui::GetTextLineHeight()) * 0.5f), p.danger, ICON_FILE_PDF);
        const float text_x = a0.x + 44.f;
        const float btn = 44.f;
        const std::string name = ellipsize(a.name, w - 44.f - btn - 16.f);
        dl->AddText(ImVec2(text_x, a0.y + 10.f), p.text, name.c_str());
        const std::string info = "PDF · " + size_text(a.bytes);
        dl->AddText(fonts().small, kSmallSize, ImVec2(text_x, a0.y + 12.f + ImGui::GetTextLineHeight()), p.text_muted, info.c_str());
        a11y::annotate_last(a11y::Role::text, a.name + ", PDF, " + size_text(a.bytes));
        ImGui::SetCursorScreenPos(ImVec2(a0.x + w - btn - 10.f, a0.y + (h - btn) * 0.5f));
        const bool busy = state.messaging.files.downloading == a.id;
        if (icon_button(busy ? ICON_CLOCK : ICON_DOWNLOAD, ("Download " + a.name).c_str()) && !busy)
            out.push_back(app::ViewAttachment{a.id});
        ImGui::SetCursorScreenPos(ImVec2(a0.x, a0.y + h));
        ImGui::Dummy(ImVec2(0, 0));
    }
    ImGui::PopID();
    spacing(4);
}

// The person's files on their way into this conversation: progress, or the server's refusal.
void upload_rows(const app::AppState& state, Actions& out, std::int64_t id) {
    const Palette& p = palette();
    for (const app::Upload& u : state.messaging.files.uploads) {
        if (u.conversation_id != id) continue;
        ImGui::PushID(u.local_id);
        const float w = std::min(content_width(), 420.f);
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + content_width() - w);
        ImGui::BeginGroup();
        if (u.stage == app::UploadStage::refused) {
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
            error_text((u.name + " was not sent. " + u.error).c_str());
            ImGui::PopTextWrapPos();
            if (button("Dismiss##upload", ButtonKind::ghost, false)) out.push_back(app::DismissUpload{u.local_id});
        } else {
            const int percent = static_cast<int>(u.progress() * 100.0 + 0.5);
            const std::string line = u.stage == app::UploadStage::sending
                                         ? "Sending " + u.name + "…"
                                         : "Uploading " + u.name + " — " + std::to_string(percent) + " % of " + size_text(u.size);
            ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
            ImGui::TextUnformatted(line.c_str());
            ImGui::PopStyleColor();
            a11y::annotate_last(a11y::Role::status, line);
            const ImVec2 a = ImGui::GetCursorScreenPos();
            ImDrawList* dl = ImGui::GetWindowDrawList();
            dl->AddRectFilled(a, ImVec2(a.x + w, a.y + 6.f), p.border, 3.f);
            dl->AddRectFilled(a, ImVec2(a.x + w * float(u.progress()), a.y + 6.f), p.accent, 3.f);
            ImGui::Dummy(ImVec2(w, 10.f));
        }
        ImGui::EndGroup();
        ImGui::PopID();
        spacing(6);
    }
}

void messages_list(app::AppState& state, Actions& out, std::int64_t id, const ConversationInfo* c, float height) {
    app::Thread& t = state.messaging.threads[id];
    View& v = views()[id];
    const std::int64_t me = state.user ? state.user->id : 0;
    const std::string who = c ? c->with.display_name : "";
    begin_scroll_area("##messages", height);
    if (t.older_loading) spinner("Loading earlier messages…");
    else if (t.has_older && link("Load earlier messages")) out.push_back(app::LoadOlderMessages{id});
    if (t.loading && t.messages.empty()) spinner("Loading messages…");
    if (t.loaded && t.messages.empty() && !std::any_of(state.messaging.outbox.begin(), state.messaging.outbox.end(),
                                                       [&](const app::OutgoingMessage& o) { return o.conversation_id == id; }))
        muted(("No messages yet — write to " + who + " below.").c_str());

    std::int64_t my_last = 0, seen_up_to = 0;
    for (const auto& [n, m] : t.messages)
        if (m.sender_id == me) my_last = n;
    std::string day;
    float old_first_y = -1;
    for (const auto& [n, m] : t.messages) {
        const std::string d = day_label(state, m.created_at);
        if (d != day) day_separator(d);
        day = d;
        if (n == v.first_number) old_first_y = ImGui::GetCursorPosY();
        const bool mine = m.sender_id == me;
        const bool focus = t.focus_number == n;
        if (m.attachment && !m.deleted) attachment_block(state, m, mine, who, out);
        if (bubble(state, out, m, mine, false, who, focus)) v.selected = v.selected == m.id ? 0 : m.id;
        if (ImGui::IsItemVisible()) seen_up_to = n;
        if (focus && v.focused != n) {
            ImGui::SetScrollHereY(0.3f);
            v.focused = n;
        }
        if (mine && v.selected == m.id && !m.deleted) own_actions(state, id, m, out);
        if (n == my_last && c) receipt_line(state, *c, t, my_last);
        spacing(6);
    }
    // Mine, not acknowledged yet.
    std::int64_t pending = 0;
    for (const app::OutgoingMessage& o : state.messaging.outbox) {
        if (o.conversation_id != id) continue;
        MessageInfo m;
        m.number = --pending;  // an id of its own in the layer
        m.text = o.text;
        m.created_at = o.written_at;
        bubble(state, out, m, true, true, who, false);
        spacing(6);
    }
    upload_rows(state, out, id);
    // Where to scroll: to the bottom when something new came or the content below grew (a receipt line,
    // a wider pane) while the person was there, so the old first message stays put when older ones were
    // added above it. A scroll set now is applied in the next frame: ask for one, the app draws on demand.
    const bool grew = t.last_number() != v.last_number;
    const float end_y = ImGui::GetCursorPosY();
    const bool older_came = t.first_number() < v.first_number && old_first_y >= 0 && v.first_number != 0;
    const bool to_bottom = (v.at_bottom && !t.focus_number && (grew || end_y != v.end_y)) ||
                           (v.last_number == 0 && !t.messages.empty());
    if (older_came) ImGui::SetScrollY(old_first_y - 40.f);
    else if (to_bottom) ImGui::SetScrollHereY(1.f);
    if (older_came || to_bottom) platform::request_frame();
    v.end_y = end_y;
    v.at_bottom = ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 40.f;
    if (!older_came && ImGui::GetScrollY() <= 0.f && ImGui::GetScrollMaxY() > 0.f && t.has_older && !t.older_loading &&
        v.last_number != 0)
        out.push_back(app::LoadOlderMessages{id});
    v.last_number = t.last_number();
    v.first_number = t.first_number();
    end_scroll_area();
    if (c && c->unread > 0 && seen_up_to > c->mine.read_upto) out.push_back(app::MessagesSeen{id, seen_up_to});
}

void typing_line(const app::AppState& state, const app::Thread& t, const std::string& who) {
    const bool typing = app::their_typing(t, platform::now_ms());
    // The line keeps its height, so the composer does not jump.
    if (typing) {
        const std::string line = display_text(who) + " is typing…";
        ImGui::PushStyleColor(ImGuiCol_Text, palette().text_muted);
        ImGui::TextUnformatted(line.c_str());
        ImGui::PopStyleColor();
        a11y::annotate_last(a11y::Role::status, who + " is typing…");
    } else {
        ImGui::Dummy(ImVec2(0, ImGui::GetTextLineHeight()));
    }
    (void)state;
}

void composer(app::AppState& state, Actions& out, std::int64_t id) {
    app::Thread& t = state.messaging.threads[id];
    const float send_w = layout().phone ? 48.f : 40.f;
    // Attach opens the file chooser in this same frame (the browser wants the click's activation).
    if (icon_button(ICON_PAPERCLIP, "Attach a photo or PDF")) out.push_back(app::PickAttachment{id});
    ImGui::SameLine(0, 8.f);
    bool changed = false;
    const bool enter = text_area("Message", t.draft,
                                 {.placeholder = "Write a message…", .max_chars = 4000, .max_lines = 5, .changed = &changed,
                                  .width = ImGui::GetContentRegionAvail().x - send_w - 8.f});
    ImGui::SameLine(0, 8.f);
    const bool send = icon_button(ICON_PAPER_PLANE, "Send");
    if (changed) out.push_back(app::ComposerEdited{id});
    if (enter || send) out.push_back(app::SendDraft{id});
}

void edit_box(app::AppState& state, Actions& out, std::int64_t id) {
    app::Thread& t = state.messaging.threads[id];
    text("Edit your message");
    const bool enter = text_area("Edited message", t.edit_draft, {.max_chars = 4000, .max_lines = 5});
    if (button("Save", ButtonKind::primary, false) || enter) out.push_back(app::SubmitEdit{id});
    ImGui::SameLine();
    if (button("Cancel##edit", ButtonKind::secondary, false)) out.push_back(app::CancelEdit{id});
}

void delete_box(Actions& out, std::int64_t id) {
    text("Delete this message? Both of you will see “Message deleted” in its place. This cannot be undone.");
    if (button("Keep it", ButtonKind::secondary, false)) out.push_back(app::CancelDelete{id});
    ImGui::SameLine();
    if (button("Delete message", ButtonKind::danger, false)) out.push_back(app::ConfirmDelete{id});
}

// An image full size over everything: dimmed page, the picture fitted, Close (and Escape).
void image_overlay(const app::AppState& state, Actions& out) {
    const core::msg::AttachmentInfo& a = *state.messaging.files.viewing;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::SetNextWindowFocus();
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(10, 14, 22, 235));
    ImGui::Begin("##photo", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoScrollWithMouse);
    const float pad = 16.f;
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(235, 240, 248, 255));
    ImGui::SetCursorPos(ImVec2(pad, pad + 10.f));
    ImGui::TextUnformatted(a.name.c_str());
    a11y::annotate_last(a11y::Role::heading, a.name);
    ImGui::PopStyleColor();
    ImGui::SetCursorPos(ImVec2(vp->Size.x - pad - 110.f, pad));
    const bool close = button(ICON_TIMES "  Close##photo", ButtonKind::secondary, false) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape));
    const float top = pad + 64.f;
    auto img = state.messaging.files.images.find(a.id);
    if (img != state.messaging.files.images.end() && img->second.stage == app::ImageStage::ready && img->second.width > 0) {
        const float aw = vp->Size.x - 2 * pad, ah = vp->Size.y - top - pad;
        const float scale = std::min(aw / float(img->second.width), ah / float(img->second.height));
        const float w = float(img->second.width) * scale, h = float(img->second.height) * scale;
        const ImVec2 a0(vp->Pos.x + pad + (aw - w) * 0.5f, vp->Pos.y + top + (ah - h) * 0.5f);
        ImGui::GetWindowDrawList()->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(img->second.texture)), a0,
                                             ImVec2(a0.x + w, a0.y + h));
        ImGui::SetCursorScreenPos(a0);
        ImGui::Dummy(ImVec2(w, h));
        a11y::annotate_last(a11y::Role::img, "Photo " + a.name + ", full size");
    }
    ImGui::End();
    ImGui::PopStyleColor();
    if (close) out.push_back(app::CloseAttachmentView{});
}

}  // namespace

void draw_thread(app::AppState& state, Actions& out, std::int64_t id) {
    const ConversationInfo* c = state.messaging.conversation(id);
    app::Thread& t = state.messaging.threads[id];
    const std::string who = c ? c->with.display_name : "Conversation";
    if (layout().phone) {
        if (icon_button(ICON_ARROW_LEFT, "Back to conversations")) out.push_back(app::CloseConversation{});
        ImGui::SameLine(0, 8.f);
    }
    // On a phone the header stays one line, so the messages get the height.
    ImGui::BeginGroup();
    heading(who.c_str(), layout().phone ? 3 : 2);  // heading() shapes right-to-left text itself
    if (c) presence_line(state.presence.of(c->with.id));
    if (c && !layout().phone) muted(c->with.role == core::Role::doctor ? "Doctor" : "Patient");
    ImGui::EndGroup();
    spacing(4);
    hairline();
    const float line_h = ImGui::GetTextLineHeight();
    const float bottom = t.editing || t.confirm_delete ? 150.f : 80.f + line_h;
    const float height = std::max(200.f, ImGui::GetContentRegionAvail().y - bottom);
    messages_list(state, out, id, c, height);
    hairline();
    typing_line(state, t, who);
    if (t.confirm_delete) delete_box(out, id);
    else if (t.editing) edit_box(state, out, id);
    else composer(state, out, id);
    if (state.messaging.files.viewing) image_overlay(state, out);
}

}  // namespace ui::screens
