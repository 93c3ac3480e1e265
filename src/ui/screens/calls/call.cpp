// The video call: pre-call check (preview, microphone meter, speaker test), the waiting room, the call
// itself (remote video large, own preview small and mirrored, controls, participants, chat, the
// doctor's notes and admission), reconnecting, and the call log once it ends. Videos are <video>
// elements the platform layer places over the rectangles this layout reserves.
#include <algorithm>
#include <cstdio>
#include <map>

#include "platform/frame.h"
#include "platform/media_view.h"
#include "ui/screens/calls/call_roles.h"
#include "ui/screens/screens.h"
#include "ui/screens/view_helpers.h"
#include "ui/a11y/a11y.h"
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

void video_tile(const app::VideoTile& t, float width, float height) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + height), IM_COL32(0x1e, 0x29, 0x3b, 0xff), 10.f);
    const std::string quality(core::to_string(t.quality));  // "" while unknown
    const std::string label = display_text(t.label + (quality.empty() ? "" : " · connection " + quality));
    dl->AddText(ImVec2(pos.x + 12, pos.y + height - 28), IM_COL32_WHITE, label.c_str());
    ImGui::Dummy(ImVec2(width, height));
    if (t.stream) views()[t.user_id].show(*t.stream, {pos.x, pos.y, width, height - 36}, {.mirrored = t.local, .muted = t.local});
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
    platform::request_frame_in(100);  // a live meter
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
    if (const app::VideoTile* me = tile_of(c, true)) video_tile(*me, w, w * 0.5625f);
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

void controls(app::CallState& c, Actions& out) {
    if (button(c.mic_on ? ICON_MICROPHONE " Mute" : ICON_MICROPHONE " Unmute", ButtonKind::secondary, false)) out.push_back(app::ToggleMicrophone{});
    ImGui::SameLine();
    if (button(c.camera_on ? ICON_VIDEO_CAMERA " Camera off" : ICON_VIDEO_CAMERA " Camera on", ButtonKind::secondary, false))
        out.push_back(app::ToggleCamera{});
    // Four buttons do not fit one row on a phone (Leave would sit off-screen): two rows there.
    if (!layout().phone) ImGui::SameLine();
    if (button(c.sharing ? "Stop sharing" : "Share screen", ButtonKind::secondary, false)) out.push_back(app::ToggleScreenShare{});
    ImGui::SameLine();
    // Audio only is switched off from the notice above the controls ("Turn video back on").
    if (!c.audio_only && button("Audio only", ButtonKind::secondary, false)) out.push_back(app::ToggleAudioOnly{});
    if (!c.audio_only && !layout().phone) ImGui::SameLine();
    if (button(ICON_PHONE " Leave", ButtonKind::danger, false)) out.push_back(app::LeaveCall{});
    static bool show_devices = false;  // view state only: whether the device lists are unfolded
    if (link(show_devices ? "Hide camera and microphone choice" : "Change camera or microphone")) show_devices = !show_devices;
    if (show_devices) devices(c, out);
}

// This side's connection in words and colour, and the audio-only notice with its way back.
void link_status(const app::CallState& c, Actions& out) {
    const Palette& p = palette();
    // Always drawn (also before the first measurement), so the controls below never jump under a press.
    if (c.link_quality == core::LinkQuality::unknown) badge("Your connection: measuring…", p.text_muted);
    else {
        const ImU32 colour = c.link_quality == core::LinkQuality::good   ? p.success
                             : c.link_quality == core::LinkQuality::fair ? p.warning
                                                                         : p.danger;
        badge(("Your connection: " + std::string(core::to_string(c.link_quality))).c_str(), colour);
    }
    if (!c.audio_only) return;
    if (c.audio_only_auto && c.video_offer) text("Your connection is better now. You can turn your video back on.");
    else if (c.audio_only_auto) text("Switched to audio only — your connection is weak. The others still hear you.");
    else text("Audio only — you are not sending video. The others still hear you.");
    if (button(ICON_VIDEO_CAMERA " Turn video back on", ButtonKind::secondary, false)) out.push_back(app::ToggleAudioOnly{});
}

const char* member_state_text(core::CallMemberState state) {
    switch (state) {
        case core::CallMemberState::waiting: return "waiting to be let in";
        case core::CallMemberState::reconnecting: return "reconnecting…";
        default: return "in the call";
    }
}

void participants(const app::CallState& c, Actions& out) {
    using core::CallMemberState;
    heading("In this call", 3);
    for (const core::msg::Participant& p : c.participants) {
        if (p.state == CallMemberState::left) continue;
        std::string line = p.display_name + (p.user_id == c.me ? " (you)" : "") + " — " + member_state_text(p.state);
        if (p.state == CallMemberState::in_call)
            line += std::string(p.audio ? "" : ", muted") + (p.video ? "" : ", camera off") + (p.screen ? ", sharing the screen" : "");
        line += std::string(" · ") + call_role_label(p.role);
        text(line.c_str());
        if (c.host && p.state == CallMemberState::waiting && button(("Let " + p.display_name + " in##admit" + std::to_string(p.user_id)).c_str()))
            out.push_back(app::AdmitToCall{p.user_id});
    }
}

// Three or four people: every tile the same size, 2 x 2 on a desktop, one under the other on a phone.
void tile_grid(const app::CallState& c, float w, bool phone) {
    std::vector<const app::VideoTile*> tiles;
    for (const app::VideoTile& t : c.tiles)
        if (!t.local) tiles.push_back(&t);
    if (const app::VideoTile* me = tile_of(c, true)) tiles.push_back(me);
    const float gap = 8.f;
    const float tile_w = phone ? w : (w - gap) / 2.f;
    for (size_t i = 0; i < tiles.size(); ++i) {
        if (!phone && i % 2 == 1) ImGui::SameLine(0.f, gap);
        // On a phone the others are full width and your own preview small, so the controls stay near.
        const float tw = phone && tiles[i]->local ? w * 0.45f : tile_w;
        video_tile(*tiles[i], tw, tw * 0.5625f);
    }
}

void recording(const app::CallState& c, Actions& out) {
    using core::RecordingAction;
    const core::msg::RecordingConsent& r = c.recording;
    if (r.state == core::RecordingState::on) return error_text(ICON_CIRCLE " Recording: everyone agreed, this call is being recorded.");
    if (r.state == core::RecordingState::requested) {
        const bool agreed = std::find(r.consents.begin(), r.consents.end(), c.me) != r.consents.end();
        text(agreed ? "Recording asked for; waiting for everyone to agree." : "The doctor asks to record this call. Do you agree?");
        if (!agreed && button("I agree to recording", ButtonKind::secondary, false)) out.push_back(app::SetRecording{RecordingAction::consent});
        if (!agreed) ImGui::SameLine();
        if (button("Do not record", ButtonKind::secondary, false)) out.push_back(app::SetRecording{RecordingAction::decline});
        return;
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

void in_call(app::AppState& state, Actions& out) {
    app::CallState& c = state.call;
    heading(c.title.c_str(), 2);
    if (c.phase == app::CallPhase::reconnecting) error_text("Reconnecting… the call continues by itself when the network is back.");
    else muted(("In the call for " + clock_text(platform::now_ms() - c.started_ms)).c_str());
    platform::request_frame_in(1000);  // the call timer
    const bool phone = layout().phone;
    // Desktop: the call on the left, notes, invitations and chat beside it; phones: one under the other.
    begin_columns("in_call", std::min(content_width() * 0.62f, 700.f));
    const float w = content_width();
    const float big_w = w;
    const app::VideoTile* remote = nullptr;
    size_t remotes = 0;
    for (const app::VideoTile& t : c.tiles)
        if (!t.local) {
            ++remotes;
            if (t.stream) remote = &t;
        }
    if (remotes >= 2) tile_grid(c, phone ? w : std::min(w, 980.f), phone);
    else if (remote) video_tile(*remote, big_w, big_w * 0.5625f);
    else {
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(pos, ImVec2(pos.x + big_w, pos.y + big_w * 0.5625f), IM_COL32(0x1e, 0x29, 0x3b, 0xff), 10.f);
        ImGui::Dummy(ImVec2(big_w, big_w * 0.5625f));
        muted(c.host ? "Waiting for the patient to join…" : "Connecting to the doctor…");
    }
    if (const app::VideoTile* me = tile_of(c, true); me && remotes < 2)
        video_tile(*me, phone ? w * 0.45f : big_w * 0.3f, (phone ? w * 0.45f : big_w * 0.3f) * 0.5625f);
    link_status(c, out);
    if (!c.media_error.empty()) error_text(c.media_error.c_str());
    controls(c, out);
    if (!c.error.empty()) error_text(c.error.c_str());
    spacing(8);
    participants(c, out);
    recording(c, out);
    if (c.host && c.recording.state == core::RecordingState::on && button("Stop recording", ButtonKind::secondary, false))
        out.push_back(app::SetRecording{core::RecordingAction::stop});
    if (!state.recordings.upload_status.empty())
        state.recordings.upload_error ? error_text(state.recordings.upload_status.c_str()) : muted(state.recordings.upload_status.c_str());
    if (c.host && c.recording.state == core::RecordingState::off && button("Ask to record", ButtonKind::ghost, false))
        out.push_back(app::SetRecording{core::RecordingAction::request});
    next_column();
    if (c.host) {
        heading("Notes (only you see these)", 3);
        text_field("Clinical notes", state.visits.notes_draft, {.placeholder = "Findings, assessment, plan", .max_chars = 20000});
        if (button("Save notes", ButtonKind::secondary, false)) out.push_back(app::SaveNotes{});
        draw_invite_panel(state, out);
        if (button("End consultation", ButtonKind::primary)) out.push_back(app::EndConsultation{});
    }
    chat(c, out);
    end_columns();
}

}  // namespace

void draw_call(app::AppState& state, Actions& out) {
    app::CallState& c = state.call;
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
            if (const app::VideoTile* me = tile_of(c, true)) video_tile(*me, std::min(content_width(), 480.f), std::min(content_width(), 480.f) * 0.5625f);
            if (button("Leave the waiting room", ButtonKind::secondary)) out.push_back(app::LeaveCall{});
            break;
        }
        case app::CallPhase::in_call:
        case app::CallPhase::reconnecting: in_call(state, out); break;
        case app::CallPhase::ended: {
            heading("The call has ended");
            if (!state.recordings.upload_status.empty()) muted(state.recordings.upload_status.c_str());
            for (const core::msg::CallLogPerson& l : c.log)
                text((l.display_name + ": " + clock_text(double(l.total_seconds) * 1000.0) + " in the call").c_str());
            if (button("Back to the visit", ButtonKind::primary)) out.push_back(app::CloseCall{});
            break;
        }
        case app::CallPhase::failed:
            heading("Could not join the call");
            error_text(c.error.c_str());
            if (button("Try again", ButtonKind::primary)) out.push_back(app::JoinCall{});
            if (link("Back")) out.push_back(app::CloseCall{});
            break;
        case app::CallPhase::idle: break;
    }
    end_column();
    end_screen();
    if (c.phase == app::CallPhase::idle || c.phase == app::CallPhase::ended) views().clear();
}

}  // namespace ui::screens
