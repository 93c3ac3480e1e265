// The video call: pre-call check (preview, microphone meter, speaker test), the waiting room, the call
// itself and the call log once it ends (or once this side left: then "Rejoin").
// The call is a dark stage: the other person fills it (letterboxed), your own video is a small overlay
// you can drag to another corner, three or four people share it as a grid with the speaker ringed;
// the timer, connection and recording sit at the top, the controls float at the bottom (fading on a
// desktop when the mouse rests). People, chat, the doctor's notes and invitations are a side panel on
// desktops and a sheet on phones. Videos are <video> elements under the canvas, which is made
// transparent over them (platform/media_view.h): everything drawn after a video lies over it.
#include <algorithm>
#include <cctype>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>

#include "platform/activity.h"
#include "platform/frame.h"
#include "platform/page.h"
#include "platform/media_view.h"
#include "ui/screens/calls/call_roles.h"
#include "ui/screens/screens.h"
#include "ui/screens/view_helpers.h"
#include "ui/a11y/a11y.h"
#include "ui/toolkit/fonts.h"
#include "ui/toolkit/layout.h"
#include "ui/toolkit/theme.h"
#include "ui/toolkit/text_shaping.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {
namespace {

namespace mv = platform::media_view;

// One <video> per tile, kept across frames (creating one per frame would restart playback).
std::map<std::int64_t, mv::MediaView>& views() {
    static std::map<std::int64_t, mv::MediaView> v;
    return v;
}

constexpr ImU32 kStage = IM_COL32(0x0b, 0x10, 0x18, 0xff);   // the call's dark stage (= shell/style.css video background)
constexpr ImU32 kTileBg = IM_COL32(0x1e, 0x29, 0x3b, 0xff);  // a tile without a picture
constexpr ImU32 kScrim = IM_COL32(0x00, 0x00, 0x00, 0xa6);   // behind text and controls over video
constexpr ImU32 kOnStage = IM_COL32(0xf1, 0xf5, 0xf9, 0xff);
constexpr ImU32 kOnStageMuted = IM_COL32(0xb6, 0xc2, 0xcf, 0xff);

// The video is a square element under the canvas: the canvas rounds it by drawing the colour around
// it over each corner (a fan from the corner point over the quarter circle).
void round_corners(ImDrawList* dl, ImVec2 a, ImVec2 b, float r, ImU32 around) {
    const ImVec2 corner[4] = {a, ImVec2(b.x, a.y), b, ImVec2(a.x, b.y)};
    const ImVec2 centre[4] = {ImVec2(a.x + r, a.y + r), ImVec2(b.x - r, a.y + r), ImVec2(b.x - r, b.y - r), ImVec2(a.x + r, b.y - r)};
    for (int i = 0; i < 4; ++i) {
        const float from = IM_PI * (1.f + 0.5f * float(i));
        dl->PathLineTo(corner[i]);
        dl->PathArcTo(centre[i], r, from, from + 0.5f * IM_PI, 8);
        dl->PathFillConvex(around);
    }
}

std::string initials_of(const std::string& name) {
    std::string out;
    bool start = true;
    for (std::size_t i = 0; i < name.size() && out.size() < 8; ++i) {
        const unsigned char ch = static_cast<unsigned char>(name[i]);
        if (ch == ' ') start = true;
        else if (start && ch != '.' && ch < 0x80 && std::isalpha(ch)) {
            out += char(std::toupper(ch));
            start = false;
            if (out.size() == 2) break;
        } else start = false;
    }
    return out.empty() ? "?" : out;
}

const core::msg::Participant* participant(const app::CallState& c, std::int64_t user) {
    for (const core::msg::Participant& p : c.participants)
        if (p.user_id == user) return &p;
    return nullptr;
}

// Whether a tile has a picture to show: the camera is on or a screen is shared (a camera that is off
// still sends black frames, which would look like a broken video).
bool sends_picture(const app::CallState& c, const app::VideoTile& t) {
    if (t.local) return !c.audio_only && (c.camera_on || c.sharing);
    const core::msg::Participant* p = participant(c, t.user_id);
    return !p || p->video || p->screen;
}

bool is_muted(const app::CallState& c, const app::VideoTile& t) {
    if (t.local) return !c.mic_on;
    const core::msg::Participant* p = participant(c, t.user_id);
    return p && !p->audio;
}

struct TileLook {
    bool contain = false;    // letterbox (the stage, a shared screen) instead of filling the tile
    float radius = 10.f;
    ImU32 around = kStage;   // the colour the corners are rounded into
    bool speaking = false;   // the active speaker's ring
    bool name = true;        // the name pill (not on the pre-call preview)
    bool overlay = false;    // over another video: rounded by the element, drawn above the others
    float name_lift = 0;     // the name pill this far above the bottom (clear of the floating controls)
};

// A video (or the person's initials while it has no picture) at [a, b], with their name, a muted
// microphone and their connection drawn over it.
void video_tile(const app::CallState& c, const app::VideoTile& t, ImVec2 a, ImVec2 b, const TileLook& look) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImGui::SetCursorScreenPos(a);
    ImGui::Dummy(ImVec2(b.x - a.x, b.y - a.y));
    a11y::annotate_last(a11y::Role::img, display_text(t.local ? "Your own video" : "Video of " + t.label));
    mv::MediaView& view = views()[t.user_id];
    if (t.stream) {
        const core::msg::Participant* p = participant(c, t.user_id);
        const bool screen = t.local ? c.sharing : p && p->screen;
        view.show(*t.stream, {a.x, a.y, b.x - a.x, b.y - a.y},
                  {.mirrored = t.local && !c.sharing, .muted = t.local, .contain = look.contain || screen, .overlay = look.overlay,
                   .corner_radius = look.overlay ? look.radius : 0.f});
    }
    if (!t.stream || !view.has_frame() || !sends_picture(c, t)) {
        dl->AddRectFilled(a, b, kTileBg, look.overlay ? look.radius : 0.f);
        const float d = std::min(std::min(b.x - a.x, b.y - a.y) * 0.42f, 120.f);
        const ImVec2 centre((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f);
        dl->AddCircleFilled(centre, d * 0.5f, IM_COL32(0x33, 0x41, 0x55, 0xff), 48);
        const std::string ini = display_text(initials_of(t.local ? "You" : t.label));
        const float size = std::max(16.f, d * 0.36f);
        const ImVec2 ts = fonts().h3->CalcTextSizeA(size, FLT_MAX, 0.f, ini.c_str());
        dl->AddText(fonts().h3, size, ImFloor(ImVec2(centre.x - ts.x * 0.5f, centre.y - ts.y * 0.5f)), kOnStage, ini.c_str());
    }
    if (look.radius > 0 && !look.overlay) round_corners(dl, a, b, look.radius, look.around);
    if (look.speaking) dl->AddRect(a, b, palette().accent, look.radius, 0, 3.f);
    if (!look.name) return;
    // The name pill, bottom left: "<name>", a crossed-out microphone when muted, a dot for a weak link.
    std::string label = display_text(one_line(t.local ? "You" : t.label, std::max(40.f, (b.x - a.x) - 90.f)));
    const bool muted_mic = is_muted(c, t);
    const float fs = kSmallSize;
    const ImVec2 ts = fonts().body->CalcTextSizeA(fs, FLT_MAX, 0.f, label.c_str());
    const float icon_w = muted_mic ? fs + 6.f : 0.f;
    const ImVec2 pa(a.x + 8.f, b.y - look.name_lift - 8.f - fs - 10.f);
    const ImVec2 pb(pa.x + ts.x + icon_w + 16.f, b.y - look.name_lift - 8.f);
    dl->AddRectFilled(pa, pb, kScrim, 6.f);
    float x = pa.x + 8.f;
    if (muted_mic) {
        dl->AddText(fonts().body, fs, ImVec2(x, pa.y + 5.f), IM_COL32(0xf8, 0x71, 0x71, 0xff), ICON_MICROPHONE_SLASH);
        x += icon_w;
    }
    dl->AddText(fonts().body, fs, ImVec2(x, pa.y + 5.f), kOnStage, label.c_str());
    if (!t.local && t.quality != core::LinkQuality::unknown && t.quality != core::LinkQuality::good) {
        const ImU32 dot = t.quality == core::LinkQuality::fair ? palette().warning : palette().danger;
        dl->AddCircleFilled(ImVec2(pb.x + 10.f, (pa.y + pb.y) * 0.5f), 5.f, dot);
    }
}

// A tile in the page's flow (the pre-call preview, the waiting room): rounded into the screen's colour.
void flow_tile(const app::CallState& c, const app::VideoTile& t, float width) {
    const ImVec2 a = ImGui::GetCursorScreenPos(), b(a.x + width, a.y + width * 0.5625f);
    video_tile(c, t, a, b, {.radius = kRounding, .around = palette().background, .name = false});
}

std::string clock_text(double ms) {
    const int s = int(ms / 1000);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", (s / 60) % 1000, s % 60);
    return buf;
}

void mic_meter(float level) {
    const float w = std::min(content_width(), 320.f);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(pos, ImVec2(pos.x + w, pos.y + 10), ImGui::GetColorU32(ImGuiCol_FrameBg), 5.f);
    dl->AddRectFilled(pos, ImVec2(pos.x + w * std::min(1.f, level * 4.f), pos.y + 10), IM_COL32(0x1f, 0x7a, 0x4d, 0xff), 5.f);
    ImGui::Dummy(ImVec2(w, 10));
    a11y::annotate_last(a11y::Role::status, level > 0.02f ? "Microphone is picking up sound" : "Microphone is quiet");
    platform::request_frame_in(100.0 - std::fmod(platform::now_ms(), 100.0) + 1.0);  // a live meter, 10 frames a second
}

const app::VideoTile* tile_of(const app::CallState& c, bool local) {
    for (const app::VideoTile& t : c.tiles)
        if (t.local == local) return &t;
    return nullptr;
}

// A list of devices as radio rows (names can be long: one per row, never cut). Choosing the listed
// device again captures it again: the way to recover a camera that froze.
void device_list(const char* label, const std::vector<std::string>& names, int selected, bool camera, bool busy, Actions& out) {
    const Palette& p = palette();
    muted(label);
    const float w = std::min(content_width(), 560.f), h = layout().phone ? kTouchTarget : 36.f;
    for (int i = 0; i < int(names.size()); ++i) {
        ImGui::PushID(camera ? "cam" : "mic");
        ImGui::PushID(i);
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        const bool pressed = ImGui::InvisibleButton("device", ImVec2(w, h));
        const ImGuiID id = ImGui::GetItemID();
        const bool on = i == selected;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(pos, ImVec2(pos.x + w, pos.y + h), on ? p.accent_soft : ImGui::IsItemHovered() ? p.surface_alt : p.surface, kRounding);
        const std::string shown = std::string(on ? ICON_CHECK "  " : "     ") + names[std::size_t(i)];
        dl->PushClipRect(pos, ImVec2(pos.x + w, pos.y + h), true);
        dl->AddText(ImVec2(pos.x + 12, pos.y + (h - ImGui::GetFontSize()) * 0.5f), p.text, shown.c_str());
        dl->PopClipRect();
        a11y::annotate(id, a11y::Role::radio, (camera ? "Camera: " : "Microphone: ") + names[std::size_t(i)], {.checked = on});
        if (pressed && !busy) out.push_back(app::SelectDevice{camera, i});
        ImGui::PopID();
        ImGui::PopID();
    }
}

void devices(const app::CallState& c, Actions& out) {
    if (c.camera_names.size() > 0) device_list("Camera", c.camera_names, c.camera_index, true, c.switching_device, out);
    else if (c.devices_listed) muted("Camera: none found. Connect one, then press \"Try the camera again\".");
    if (c.microphone_names.size() > 0) device_list("Microphone", c.microphone_names, c.microphone_index, false, c.switching_device, out);
    else if (c.devices_listed) muted("Microphone: none found.");
    if (c.switching_device) spinner("Switching…");
}

void precheck(app::AppState& state, Actions& out) {
    app::CallState& c = state.call;
    heading("Before you join");
    text("Check that the others will see and hear you.");
    const float w = std::min(content_width(), 560.f);
    if (const app::VideoTile* me = tile_of(c, true)) flow_tile(c, *me, w);
    else if (c.media_error.empty()) {
        // The preview's place is kept while the camera starts: nothing below jumps when it arrives
        // (a press on "Join the call" at that moment would land elsewhere).
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(pos, ImVec2(pos.x + w, pos.y + w * 0.5625f), palette().surface_alt, kRounding);
        ImGui::SetCursorScreenPos(ImVec2(pos.x + 16, pos.y + 16));
        spinner("Starting your camera…");
        ImGui::SetCursorScreenPos(pos);
        ImGui::Dummy(ImVec2(w, w * 0.5625f));
    }
    if (!c.media_error.empty()) {
        error_text(c.media_error.c_str());
        if (button("Try the camera again", ButtonKind::secondary)) out.push_back(app::RetryMedia{});
    }
    muted("Microphone level");
    mic_meter(c.mic_level);
    spacing(8);
    // The one primary action stays within the first screen; the device choice follows it.
    if (button(ICON_VIDEO_CAMERA " Join the call", ButtonKind::primary)) out.push_back(app::JoinCall{});
    if (link("Not now")) out.push_back(app::CloseCall{});
    spacing(8);
    heading("Camera and microphone", 3);
    devices(c, out);
    if (button("Play a test sound", ButtonKind::secondary)) out.push_back(app::PlayTestTone{});
}

const char* member_state_text(core::CallMemberState state) {
    switch (state) {
        case core::CallMemberState::waiting: return "waiting to be let in";
        case core::CallMemberState::reconnecting: return "reconnecting…";
        default: return "in the call";
    }
}

void participants(const app::CallState& c) {
    using core::CallMemberState;
    heading("In this call", 3);
    for (const core::msg::Participant& p : c.participants) {
        if (p.state == CallMemberState::left) continue;
        std::string line = p.display_name + (p.user_id == c.me ? " (you)" : "") + " — " + member_state_text(p.state);
        if (p.state == CallMemberState::in_call)
            line += std::string(p.audio ? "" : ", muted") + (p.video ? "" : ", camera off") + (p.screen ? ", sharing the screen" : "");
        line += std::string(" · ") + call_role_label(p.role);
        text(line.c_str());  // the doctor lets people in from the card on the stage
    }
}

// What the panel says about recording; the question itself is a card on the stage.
void recording(const app::CallState& c) {
    const core::msg::RecordingConsent& r = c.recording;
    if (r.state == core::RecordingState::on) return error_text(ICON_CIRCLE " Recording: everyone agreed, this call is being recorded.");
    if (r.state == core::RecordingState::requested) {
        const bool agreed = std::find(r.consents.begin(), r.consents.end(), c.me) != r.consents.end();
        return text(agreed ? "Recording asked for; waiting for everyone to agree." : "Recording asked for: answer on the video.");
    }
    muted("Not recording.");
}

void chat(app::CallState& c, Actions& out) {
    heading("Chat", 3);
    if (c.chat.empty()) muted("No messages yet.");
    for (const core::msg::ChatMessage& m : c.chat) text((m.display_name + ": " + m.text).c_str());
    if (text_field("Message", c.chat_draft, {.placeholder = "Write a message", .max_chars = 2000})) out.push_back(app::SendCallChat{});
    if (button("Send", ButtonKind::secondary, false, !c.chat_draft.empty())) out.push_back(app::SendCallChat{});
}

// --- the call itself: a dark stage with the video, overlays and floating controls -------------------

// View state of the call screen only (what is unfolded, where the self view sits), reset per call.
struct StageView {
    std::int64_t call = 0;
    bool panel_open = false;      // desktop: the side panel; phone: the sheet
    bool confirm_end = false;     // "End for everyone?" is asked
    bool show_devices = false;
    int self_corner = 3;          // 0 top left, 1 top right, 2 bottom left, 3 bottom right
    ImVec2 drag_offset{0, 0};     // the self view while dragged
    double last_activity_ms = 0;  // desktop controls hide after a rest of the mouse
    std::size_t chat_seen = 0;    // messages read with the panel open (the rest are "new")
};
StageView& stage_view(const app::CallState& c) {
    static StageView v;
    if (v.call != c.appointment_id) {
        v = StageView{};
        v.call = c.appointment_id;
        const Layout l = layout();
        v.panel_open = !l.phone && l.width >= 1000.f;  // wide screens have room for it beside the video
        v.chat_seen = c.chat.size();
    }
    return v;
}

struct Regions {
    ImVec2 stage_a, stage_b;  // the video's area
    ImVec2 panel_a, panel_b;  // the side panel (desktop) or sheet (phone), when open
    bool panel = false;
};

Regions regions(const StageView& v) {
    const Layout l = layout();
    Regions r{{0, 0}, {l.width, l.height}, {}, {}, v.panel_open};
    if (!v.panel_open) return r;
    if (l.phone || l.width < 640.f) {
        // A sheet over the lower part: the video stays visible above it, not a thumbnail.
        const float sheet = std::round(l.height * 0.58f);
        r.stage_b.y = l.height - sheet;
        r.panel_a = {0, r.stage_b.y};
        r.panel_b = {l.width, l.height};
    } else {
        const float w = std::round(std::clamp(l.width * 0.28f, 320.f, 400.f));
        r.stage_b.x = l.width - w;
        r.panel_a = {r.stage_b.x, 0};
        r.panel_b = {l.width, l.height};
    }
    return r;
}

// Text over the stage: drawn by hand (white on a scrim), announced through the a11y layer.
void stage_text(ImVec2 pos, const std::string& s, ImU32 colour, ImFont* font, float size, a11y::Role role = a11y::Role::text) {
    const std::string shown = display_text(s);
    const ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0.f, shown.c_str());
    ImGui::SetCursorScreenPos(pos);
    ImGui::Dummy(ts);
    ImGui::GetWindowDrawList()->AddText(font, size, pos, colour, shown.c_str());
    a11y::annotate_last(role, s);
}

// Top left: who the call is with, how long it has lasted, this side's connection, and recording.
void top_bar(const app::CallState& c, const Regions& r) {
    const Palette& p = palette();
    const Layout l = layout();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float pad = l.phone ? 10.f : 16.f;
    const ImVec2 a(r.stage_a.x + pad, r.stage_a.y + pad + l.safe_top);
    const bool reconnecting = c.phase == app::CallPhase::reconnecting;
    const std::string title = one_line(c.title, r.stage_b.x - r.stage_a.x - 2 * pad - 24.f);
    std::string line = reconnecting ? "Reconnecting\xE2\x80\xA6 the call continues by itself" : "In the call for " + clock_text(platform::now_ms() - c.started_ms);
    const char* quality = c.link_quality == core::LinkQuality::unknown ? "measuring" : core::to_string(c.link_quality).data();
    const std::string link = std::string("Your connection: ") + quality;
    const float w = std::max({fonts().h3->CalcTextSizeA(17.f, FLT_MAX, 0.f, display_text(title).c_str()).x,
                              fonts().body->CalcTextSizeA(kSmallSize, FLT_MAX, 0.f, (line + link).c_str()).x + 24.f}) + 24.f;
    dl->AddRectFilled(a, ImVec2(a.x + w, a.y + 58.f), kScrim, 10.f);
    stage_text(ImVec2(a.x + 12.f, a.y + 8.f), title, kOnStage, fonts().h3, 17.f, a11y::Role::heading);
    stage_text(ImVec2(a.x + 12.f, a.y + 33.f), line, reconnecting ? IM_COL32(0xfb, 0xbf, 0x24, 0xff) : kOnStageMuted, fonts().body, kSmallSize,
               reconnecting ? a11y::Role::alert : a11y::Role::text);
    const float lx = a.x + 12.f + fonts().body->CalcTextSizeA(kSmallSize, FLT_MAX, 0.f, line.c_str()).x + 24.f;
    const ImU32 dot = c.link_quality == core::LinkQuality::good   ? p.success
                      : c.link_quality == core::LinkQuality::fair ? p.warning
                      : c.link_quality == core::LinkQuality::poor ? p.danger
                                                                   : kOnStageMuted;
    dl->AddCircleFilled(ImVec2(lx - 8.f, a.y + 42.f), 4.f, dot);
    stage_text(ImVec2(lx, a.y + 33.f), link, kOnStageMuted, fonts().body, kSmallSize, a11y::Role::status);
    // The timer's next whole second: the same moment for every frame of this second, so the requests
    // collapse into one (a plain "in 1000 ms" each frame kept ~16 frames a second going for good).
    platform::request_frame_in(1000.0 - std::fmod(std::max(0.0, platform::now_ms() - c.started_ms), 1000.0) + 5.0);
    if (c.recording.state == core::RecordingState::on) {
        const ImVec2 ra(a.x, a.y + 66.f);
        dl->AddRectFilled(ra, ImVec2(ra.x + 116.f, ra.y + 28.f), IM_COL32(0xb9, 0x1c, 0x1c, 0xee), 14.f);
        stage_text(ImVec2(ra.x + 12.f, ra.y + 5.f), ICON_CIRCLE " Recording", kOnStage, fonts().body, kSmallSize, a11y::Role::status);
    }
}

// A card at the top centre of the stage, for what needs an answer now (someone waiting, recording
// consent, the connection too weak for video). Returns the card's bottom, for the next one.
float stage_card(const Regions& r, float top, const std::function<void()>& body) {
    const float stage_w = r.stage_b.x - r.stage_a.x;
    const float w = std::min(stage_w - 24.f, 460.f);
    const ImVec2 a(r.stage_a.x + (stage_w - w) * 0.5f, top);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    ImGui::SetCursorScreenPos(ImVec2(a.x + 16.f, a.y + 12.f));
    begin_column("card", w - 32.f);
    body();
    end_column();
    const float bottom = ImGui::GetItemRectMax().y + 12.f;
    dl->ChannelsSetCurrent(0);
    dl->AddRectFilled(a, ImVec2(a.x + w, bottom), palette().surface, kRounding);
    dl->ChannelsMerge();
    return bottom + 8.f;
}

void stage_cards(app::CallState& c, const Regions& r, Actions& out) {
    using core::CallMemberState;
    float top = r.stage_a.y + (layout().phone ? 84.f : 100.f) + layout().safe_top;
    if (c.host)
        for (const core::msg::Participant& p : c.participants) {
            if (p.state != CallMemberState::waiting) continue;
            top = stage_card(r, top, [&] {
                text((p.display_name + " (" + call_role_label(p.role) + ") is waiting to join.").c_str());
                if (button(("Let " + p.display_name + " in##admit" + std::to_string(p.user_id)).c_str(), ButtonKind::primary, false))
                    out.push_back(app::AdmitToCall{p.user_id});
            });
        }
    const core::msg::RecordingConsent& rec = c.recording;
    if (rec.state == core::RecordingState::requested &&
        std::find(rec.consents.begin(), rec.consents.end(), c.me) == rec.consents.end())
        top = stage_card(r, top, [&] {
            text(c.host ? "You asked to record this call. Do you agree?" : "The doctor asks to record this call. Do you agree?");
            muted("It starts only when everyone agrees, and is kept with the visit.");
            if (button("I agree to recording", ButtonKind::primary, false)) out.push_back(app::SetRecording{core::RecordingAction::consent});
            ImGui::SameLine();
            if (button("Do not record", ButtonKind::secondary, false)) out.push_back(app::SetRecording{core::RecordingAction::decline});
        });
    if (c.audio_only)
        top = stage_card(r, top, [&] {
            if (c.audio_only_auto && c.video_offer) text("Your connection is better now. You can turn your video back on.");
            else if (c.audio_only_auto) text("Switched to audio only \xE2\x80\x94 your connection is weak. The others still hear you.");
            else text("Audio only \xE2\x80\x94 you are not sending video. The others still hear you.");
            if (button(ICON_VIDEO_CAMERA " Turn video back on", ButtonKind::secondary, false)) out.push_back(app::ToggleAudioOnly{});
        });
    if (!c.error.empty() || !c.media_error.empty())
        top = stage_card(r, top, [&] {
            if (!c.media_error.empty()) error_text(c.media_error.c_str());
            if (!c.error.empty()) error_text(c.error.c_str());
        });
}

// The people on the stage: one other person fills it (letterboxed, never cropped), with this side's
// video as a small overlay; three or four share it as a grid, the speaker ringed.
void stage_videos(app::CallState& c, StageView& v, const Regions& r, float controls_h) {
    const Layout l = layout();
    std::vector<const app::VideoTile*> others;
    for (const app::VideoTile& t : c.tiles)
        if (!t.local) others.push_back(&t);
    const app::VideoTile* me = tile_of(c, true);
    const float gap = 6.f;
    const ImVec2 a = r.stage_a, b = r.stage_b;
    if (others.size() >= 2) {
        std::vector<const app::VideoTile*> grid = others;
        if (me) grid.push_back(me);
        const float sw = b.x - a.x, sh = b.y - a.y - controls_h;
        const bool portrait = sh > sw;
        const int cols = grid.size() <= 2 ? (portrait ? 1 : 2) : 2;
        const int rows = int((grid.size() + std::size_t(cols) - 1) / std::size_t(cols));
        const float top = a.y + (l.phone ? 76.f : 84.f) + l.safe_top;
        const float cw = (sw - gap * float(cols + 1)) / float(cols), ch = (b.y - controls_h - top - gap * float(rows)) / float(rows);
        for (std::size_t i = 0; i < grid.size(); ++i) {
            const int col = int(i) % cols, row = int(i) / cols;
            // A last row with fewer tiles is centred.
            const std::size_t in_row = std::min<std::size_t>(std::size_t(cols), grid.size() - std::size_t(row * cols));
            const float row_x = a.x + gap + (sw - gap - float(in_row) * (cw + gap)) * 0.5f;
            const ImVec2 ta(row_x + float(col) * (cw + gap), top + float(row) * (ch + gap));
            video_tile(c, *grid[i], ta, ImVec2(ta.x + cw, ta.y + ch), {.radius = 10.f, .speaking = c.speaker == grid[i]->user_id});
        }
        return;
    }
    // One other person (or nobody yet: then your own video fills the stage until they come).
    const app::VideoTile* main = others.empty() ? me : others.front();
    if (main) video_tile(c, *main, a, b, {.contain = !main->local, .radius = 0.f, .name = !main->local, .name_lift = controls_h});
    else ImGui::GetWindowDrawList()->AddRectFilled(a, b, kStage);
    if (others.empty()) {
        const std::string wait = c.host ? "Waiting for the patient to join\xE2\x80\xA6" : "Connecting to the doctor\xE2\x80\xA6";
        const ImVec2 ts = fonts().body->CalcTextSizeA(16.f, FLT_MAX, 0.f, wait.c_str());
        const ImVec2 pos((a.x + b.x - ts.x) * 0.5f, (a.y + b.y) * 0.5f - 12.f);
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(pos.x - 16, pos.y - 10), ImVec2(pos.x + ts.x + 16, pos.y + ts.y + 10), kScrim, 10.f);
        stage_text(pos, wait, kOnStage, fonts().body, 16.f, a11y::Role::status);
        return;
    }
    if (!me) return;
    // Your own video: a small overlay in a corner, dragged to another one by the person.
    const float sw = b.x - a.x, sh = b.y - a.y;
    const bool portrait_stage = sh > sw;
    const float w = std::round(l.phone ? std::clamp(sw * 0.30f, 96.f, 140.f) : std::clamp(sw * 0.20f, 160.f, 280.f));
    const float h = std::round(portrait_stage ? w * 4.f / 3.f : w * 0.5625f);
    const float m = l.phone ? 10.f : 16.f;
    const float top_clear = (l.phone ? 76.f : 84.f) + l.safe_top, bottom_clear = controls_h + m;
    const ImVec2 spots[4] = {{a.x + m, a.y + top_clear}, {b.x - m - w, a.y + top_clear}, {a.x + m, b.y - bottom_clear - h}, {b.x - m - w, b.y - bottom_clear - h}};
    ImVec2 at = spots[v.self_corner];
    ImGui::SetCursorScreenPos(at);
    ImGui::InvisibleButton("##self_view_drag", ImVec2(w, h));
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 4.f)) {
        v.drag_offset = ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 4.f);
        at = ImVec2(std::clamp(at.x + v.drag_offset.x, a.x, b.x - w), std::clamp(at.y + v.drag_offset.y, a.y, b.y - h));
    }
    if (ImGui::IsItemDeactivated() && (v.drag_offset.x != 0 || v.drag_offset.y != 0)) {
        // Let go: the nearest corner.
        const ImVec2 centre(at.x + v.drag_offset.x + w * 0.5f, at.y + v.drag_offset.y + h * 0.5f);
        v.self_corner = (centre.x > (a.x + b.x) * 0.5f ? 1 : 0) + (centre.y > (a.y + b.y) * 0.5f ? 2 : 0);
        v.drag_offset = ImVec2(0, 0);
    }
    if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);
    video_tile(c, *me, at, ImVec2(at.x + w, at.y + h), {.radius = 10.f, .overlay = true});
    ImGui::GetWindowDrawList()->AddRect(at, ImVec2(at.x + w, at.y + h), IM_COL32(0xff, 0xff, 0xff, 0x55), 10.f, 0, 1.5f);
}

// How visible the floating controls are: always on touch and on phones; on a desktop they fade out
// after 3 s without the mouse moving (the video is what matters) and come back with any movement.
float controls_alpha(const app::CallState& c, StageView& v, bool hovered_last_frame) {
    if (layout().phone || platform::touch_input()) return 1.f;  // never hidden: no frame to ask for
    const double now = platform::now_ms();
    const ImGuiIO& io = ImGui::GetIO();
    const bool moved = io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || ImGui::IsAnyMouseDown() || a11y::focus_changed();
    // Held on screen (no frame asked for: the mouse leaving or the focus moving draws anew by itself).
    const bool held = hovered_last_frame || v.confirm_end || a11y::focused_id() != 0 || c.phase != app::CallPhase::in_call;
    if (moved || held || v.last_activity_ms == 0) v.last_activity_ms = now;
    if (held) return 1.f;
    const double rest = now - v.last_activity_ms;
    constexpr double kShow = 3000, kFade = 250;
    if (rest < kShow) {
        platform::request_frame_in(kShow - rest + 10);  // the same moment each frame while the mouse rests
        return 1.f;
    }
    if (rest < kShow + kFade) platform::request_frame();
    return float(std::max(0.0, 1.0 - (rest - kShow) / kFade));
}

// One floating control: a circle with an icon on phones; an icon and a word on desktops.
struct Control {
    const char* icon;
    std::string label;   // the accessible name and the word shown
    ImU32 fill;
    bool pressed_state = false;  // aria-pressed-like: drawn highlighted (the panel is open)
    int count = 0;               // a number badge (new chat messages)
};

constexpr ImU32 kControl = IM_COL32(0x33, 0x41, 0x55, 0xff);
constexpr ImU32 kControlOff = IM_COL32(0xdc, 0x26, 0x26, 0xff);
constexpr ImU32 kControlOn = IM_COL32(0x25, 0x63, 0xeb, 0xff);

float control_width(const Control& k, bool compact) {
    if (compact) return 48.f;
    return fonts().body->CalcTextSizeA(15.f, FLT_MAX, 0.f, (std::string(k.icon) + "  " + k.label).c_str()).x + 32.f;
}

bool draw_control(const Control& k, ImVec2 at, bool compact, float alpha) {
    const float w = control_width(k, compact), h = 48.f;
    ImGui::SetCursorScreenPos(at);
    ImGui::PushID(k.label.c_str());
    const bool pressed = ImGui::InvisibleButton("##control", ImVec2(w, h));
    const ImGuiID id = ImGui::GetItemID();
    const bool hovered = ImGui::IsItemHovered(), held = ImGui::IsItemActive();
    ImGui::PopID();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImU32 fill = k.pressed_state ? kControlOn : k.fill;
    if (hovered || held) fill = ImGui::GetColorU32(ImLerp(ImGui::ColorConvertU32ToFloat4(fill), ImVec4(1, 1, 1, 1), held ? 0.25f : 0.12f));
    dl->AddRectFilled(at, ImVec2(at.x + w, at.y + h), with_alpha(fill, alpha), h * 0.5f);
    const std::string shown = compact ? std::string(k.icon) : std::string(k.icon) + "  " + k.label;
    const float size = compact ? 18.f : 15.f;
    const ImVec2 ts = fonts().body->CalcTextSizeA(size, FLT_MAX, 0.f, shown.c_str());
    dl->AddText(fonts().body, size, ImFloor(ImVec2(at.x + (w - ts.x) * 0.5f, at.y + (h - ts.y) * 0.5f)), with_alpha(IM_COL32_WHITE, alpha), shown.c_str());
    if (k.count > 0) {
        const std::string n = k.count > 9 ? "9+" : std::to_string(k.count);
        const ImVec2 c(at.x + w - 6.f, at.y + 6.f);
        dl->AddCircleFilled(c, 9.f, with_alpha(kControlOff, alpha), 20);
        const ImVec2 ns = fonts().body->CalcTextSizeA(12.f, FLT_MAX, 0.f, n.c_str());
        dl->AddText(fonts().body, 12.f, ImFloor(ImVec2(c.x - ns.x * 0.5f, c.y - ns.y * 0.5f)), with_alpha(IM_COL32_WHITE, alpha), n.c_str());
    }
    if (hovered && compact) ImGui::SetTooltip("%s", k.label.c_str());
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    a11y::annotate(id, a11y::Role::button, k.count > 0 ? k.label + " (" + std::to_string(k.count) + " new)" : k.label,
                   {.selected = k.pressed_state});
    return pressed;
}

// The floating controls, centred at the bottom of the stage. Returns their height (with margins) so
// the self view keeps clear of them.
enum class ControlId { mic, camera, share, panel, fullscreen, leave, end };

float controls_bar(app::CallState& c, StageView& v, const Regions& r, Actions& out) {
    const Layout l = layout();
    const float stage_w = r.stage_b.x - r.stage_a.x;
    std::vector<std::pair<ControlId, Control>> ks;
    ks.push_back({ControlId::mic, {c.mic_on ? ICON_MICROPHONE : ICON_MICROPHONE_SLASH, c.mic_on ? "Mute" : "Unmute", c.mic_on ? kControl : kControlOff}});
    ks.push_back({ControlId::camera, {ICON_VIDEO_CAMERA, c.camera_on ? "Camera off" : "Camera on", c.camera_on ? kControl : kControlOff}});
    ks.push_back({ControlId::share, {ICON_DESKTOP, c.sharing ? "Stop sharing" : "Share screen", c.sharing ? kControlOn : kControl}});
    const int unread = int(c.chat.size() - std::min(c.chat.size(), v.chat_seen));
    ks.push_back({ControlId::panel, {ICON_COMMENTS, l.phone ? "Chat and people" : v.panel_open ? "Hide panel" : "Chat and people", kControl,
                                     v.panel_open, v.panel_open ? 0 : unread}});
    if (!l.phone && platform::fullscreen_supported())
        ks.push_back({ControlId::fullscreen, {platform::fullscreen() ? ICON_COMPRESS : ICON_EXPAND,
                                              platform::fullscreen() ? "Exit full screen" : "Full screen", kControl}});
    ks.push_back({ControlId::leave, {ICON_SIGN_OUT, "Leave", c.host ? kControl : kControlOff}});
    if (c.host) ks.push_back({ControlId::end, {ICON_PHONE, "End consultation", kControlOff}});

    // Words beside the icons when they fit in one row; icons alone otherwise (phones, narrow stages).
    const float gap = 10.f;
    float full = 0;
    for (const auto& [id, k] : ks) full += control_width(k, false) + gap;
    const bool compact = full + 24.f > stage_w;
    float total = 0;
    for (const auto& [id, k] : ks) total += control_width(k, compact) + gap;
    total -= gap;
    const float h = 48.f, pad = 10.f, margin = l.phone ? 12.f : 20.f;
    const ImVec2 bar_a(r.stage_a.x + std::max(8.f, (stage_w - total) * 0.5f - pad), r.stage_b.y - margin - l.safe_bottom - h - 2 * pad);
    const ImVec2 bar_b(bar_a.x + total + 2 * pad, bar_a.y + h + 2 * pad);

    static bool hovered_bar = false;
    const float alpha = controls_alpha(c, v, hovered_bar);
    hovered_bar = ImGui::IsMouseHoveringRect(bar_a, bar_b, false);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(bar_a, bar_b, with_alpha(kScrim, alpha), (h + 2 * pad) * 0.5f);
    float x = bar_a.x + pad;
    for (const auto& [id, k] : ks) {
        if (draw_control(k, ImVec2(x, bar_a.y + pad), compact, alpha)) switch (id) {
                case ControlId::mic: out.push_back(app::ToggleMicrophone{}); break;
                case ControlId::camera: out.push_back(app::ToggleCamera{}); break;
                case ControlId::share: out.push_back(app::ToggleScreenShare{}); break;
                case ControlId::panel: v.panel_open = !v.panel_open; break;
                case ControlId::fullscreen: platform::set_fullscreen(!platform::fullscreen()); break;
                case ControlId::leave: out.push_back(app::LeaveCall{}); break;
                case ControlId::end: v.confirm_end = true; break;
            }
        x += control_width(k, compact) + gap;
    }
    if (v.confirm_end) {
        // Ending cannot be undone: say what it does, next to the button that asked.
        const float w = std::min(stage_w - 24.f, 420.f);
        const ImVec2 a(r.stage_a.x + (stage_w - w) * 0.5f, bar_a.y - 12.f - 150.f);
        Regions card_r = r;
        stage_card(card_r, a.y, [&] {
            text("End the consultation for everyone?");
            muted("Everyone leaves the call. The visit is marked as completed if it has started.");
            if (button("End for everyone", ButtonKind::danger, false)) {
                v.confirm_end = false;
                out.push_back(app::EndConsultation{});
            }
            ImGui::SameLine();
            if (button("Cancel##end", ButtonKind::secondary, false)) v.confirm_end = false;
        });
    }
    return bar_b.y > bar_a.y ? (r.stage_b.y - bar_a.y) : 0.f;
}

// The side panel (desktop) or sheet (phone): the people, chat, and for the doctor notes, invitations
// and recording; the devices for everyone.
void side_panel(app::AppState& state, StageView& v, const Regions& r, Actions& out) {
    app::CallState& c = state.call;
    const Layout l = layout();
    ImGui::SetNextWindowPos(r.panel_a);
    ImGui::SetNextWindowSize(ImVec2(r.panel_b.x - r.panel_a.x, r.panel_b.y - r.panel_a.y));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(l.phone ? kPadding : 20.f, 16.f));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, l.phone ? 16.f : 0.f);
    ImGui::Begin("##call_panel", nullptr,
                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PopStyleVar(2);
    // A sheet's Close stays at its top; the content below it scrolls.
    if (r.panel_a.x == 0 && button(ICON_CHEVRON_DOWN " Close##panel", ButtonKind::ghost, false)) v.panel_open = false;
    ImGui::BeginChild("##call_panel_body", ImVec2(0, 0), false);
    begin_column("panel", ImGui::GetContentRegionAvail().x);
    participants(c);
    spacing(8);
    chat(c, out);
    v.chat_seen = c.chat.size();
    spacing(8);
    heading("Recording", 3);
    recording(c);
    if (c.host && c.recording.state == core::RecordingState::on && button("Stop recording", ButtonKind::secondary, false))
        out.push_back(app::SetRecording{core::RecordingAction::stop});
    if (c.host && c.recording.state == core::RecordingState::off && button("Ask to record", ButtonKind::ghost, false))
        out.push_back(app::SetRecording{core::RecordingAction::request});
    if (!state.recordings.upload_status.empty())
        state.recordings.upload_error ? error_text(state.recordings.upload_status.c_str()) : muted(state.recordings.upload_status.c_str());
    if (c.host) {
        spacing(8);
        draw_notes_editor(state, false, out);
        spacing(8);
        draw_invite_panel(state, out);
    }
    spacing(8);
    heading("Camera and microphone", 3);
    if (!c.audio_only && button("Audio only", ButtonKind::secondary, false)) out.push_back(app::ToggleAudioOnly{});
    if (link(v.show_devices ? "Hide camera and microphone choice" : "Change camera or microphone")) v.show_devices = !v.show_devices;
    if (v.show_devices) {
        devices(c, out);
        if (button("Play a test sound", ButtonKind::secondary, false)) out.push_back(app::PlayTestTone{});
    }
    spacing(24);
    end_column();
    ImGui::EndChild();
    ImGui::End();
}

void in_call(app::AppState& state, Actions& out) {
    app::CallState& c = state.call;
    StageView& v = stage_view(c);
    platform::set_title("Video call \xC2\xB7 Telemed");
    const Layout l = layout();
    const Regions r = regions(v);
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(l.width, l.height));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.f);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, kStage);
    ImGui::Begin("##call_stage", nullptr,
                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollbar |
                     ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PopStyleColor();
    ImGui::PopStyleVar(2);
    ImGui::PushClipRect(r.stage_a, r.stage_b, false);
    const float controls_h = 48.f + 20.f + (l.phone ? 12.f : 20.f) + l.safe_bottom;
    stage_videos(c, v, r, controls_h);
    top_bar(c, r);
    stage_cards(c, r, out);
    controls_bar(c, v, r, out);
    ImGui::PopClipRect();
    ImGui::End();
    if (v.panel_open) side_panel(state, v, r, out);
}
}  // namespace

void draw_call(app::AppState& state, Actions& out) {
    app::CallState& c = state.call;
    if (c.phase == app::CallPhase::in_call || c.phase == app::CallPhase::reconnecting) return in_call(state, out);
    begin_screen("Video call");
    begin_column("call", 1100.f);
    connection_pill(state);
    switch (c.phase) {
        case app::CallPhase::precheck: precheck(state, out); break;
        case app::CallPhase::joining: spinner("Joining the call…"); break;
        case app::CallPhase::waiting: {
            heading(c.title.c_str());
            std::string doctor = "The doctor";
            for (const core::msg::Participant& p : c.participants)
                if (p.role == core::CallRole::doctor) doctor = p.display_name;
            text((doctor + " will let you in. Please wait here.").c_str());
            if (const app::VideoTile* me = tile_of(c, true)) flow_tile(c, *me, std::min(content_width(), 480.f));
            if (button("Leave the waiting room", ButtonKind::secondary)) out.push_back(app::LeaveCall{});
            break;
        }
        case app::CallPhase::ended: {
            // Leaving is not ending: whoever left may come back while the call is open.
            if (c.left_by_me) {
                heading("You left the call");
                muted(c.host ? "The call stays open until you end the consultation. You can rejoin."
                             : "The call goes on until the doctor ends it. You can rejoin while it is open.");
                if (button(ICON_VIDEO_CAMERA " Rejoin the call", ButtonKind::primary)) out.push_back(app::OpenCall{c.appointment_id});
            } else heading("The call has ended");
            if (!state.recordings.upload_status.empty()) muted(state.recordings.upload_status.c_str());
            for (const core::msg::CallLogPerson& l : c.log)
                text((l.display_name + ": " + clock_text(double(l.total_seconds) * 1000.0) + " in the call").c_str());
            if (button("Back to the visit", c.left_by_me ? ButtonKind::secondary : ButtonKind::primary)) out.push_back(app::CloseCall{});
            break;
        }
        case app::CallPhase::failed:
            heading("Could not join the call");
            error_text(c.error.c_str());
            if (button("Try again", ButtonKind::primary)) out.push_back(app::JoinCall{});
            if (link("Back")) out.push_back(app::CloseCall{});
            break;
        case app::CallPhase::idle:
        case app::CallPhase::in_call:
        case app::CallPhase::reconnecting: break;
    }
    end_column();
    end_screen();
    if (c.phase == app::CallPhase::idle || c.phase == app::CallPhase::ended) views().clear();
}

}  // namespace ui::screens
