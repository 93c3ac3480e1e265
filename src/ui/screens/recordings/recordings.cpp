// The "Recordings" section of the visit detail (both sides): each recording of the visit's calls with
// its date, length and size, Play (a <video controls> placed in the layout) and Download, and who
// played or downloaded it when. Recordings exist only when everyone in the call agreed.
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>

#include "platform/frame.h"
#include "platform/media_view.h"
#include "ui/a11y/a11y.h"
#include "ui/screens/screens.h"
#include "ui/screens/view_helpers.h"
#include "ui/toolkit/layout.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {
namespace {

namespace mv = platform::media_view;

std::string length_text(std::int64_t ms) {
    const std::int64_t s = (ms + 500) / 1000;
    char buf[32];
    if (s >= 3600) std::snprintf(buf, sizeof buf, "%lld h %02lld min", (long long)(s / 3600), (long long)(s / 60 % 60));
    else if (s >= 60) std::snprintf(buf, sizeof buf, "%lld min %02lld s", (long long)(s / 60), (long long)(s % 60));
    else std::snprintf(buf, sizeof buf, "%lld s", (long long)s);
    return buf;
}

std::string size_text(std::int64_t bytes) {
    char buf[32];
    if (bytes >= 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f MB", double(bytes) / (1024.0 * 1024.0));
    else std::snprintf(buf, sizeof buf, "%lld KB", (long long)((bytes + 1023) / 1024));
    return buf;
}

// The one player of the screen, rebuilt when its source changes (a new <video> per recording).
struct PlayerSlot {
    std::unique_ptr<mv::Player> player;
    int source = -1;
};
PlayerSlot& slot() {
    static PlayerSlot s;
    return s;
}

void player(app::AppState& state, Actions& out) {
    app::RecordingsState& r = state.recordings;
    PlayerSlot& s = slot();
    if (!r.playing) {
        s.player.reset();
        return;
    }
    if (!r.player_status.empty()) {
        r.busy ? spinner(r.player_status.c_str()) : error_text(r.player_status.c_str());
    } else {
        if (s.source != r.player_source || !s.player) {
            s.player = std::make_unique<mv::Player>();
            s.source = r.player_source;
            if (!r.player_bytes.empty()) s.player->load_bytes(r.player_bytes, r.player_mime);
            else s.player->load_url(r.player_url);
        }
        const float w = content_width();
        // Recordings are the 32:9 side-by-side composite: that shape, but never too small on a phone.
        const float h = std::clamp(w * 9.f / 32.f, 180.f, 480.f);
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(pos, ImVec2(pos.x + w, pos.y + h), IM_COL32(0, 0, 0, 0xff), 10.f);
        ImGui::Dummy(ImVec2(w, h));
        a11y::annotate_last(a11y::Role::img, "Recording player");
        s.player->show({pos.x, pos.y, w, h});
        if (s.player->state() < 0) error_text("This browser could not play the recording. Download it instead.");
        else if (s.player->state() == 0) platform::request_frame_in(250);  // until the first frame shows
    }
    if (button("Close player", ButtonKind::secondary, false)) out.push_back(app::ClosePlayer{});
}

void recording_row(const app::AppState& state, const core::msg::ListedRecording& item, Actions& out) {
    ImGui::PushID(int(item.id));
    text(when(state, item.started_at).c_str());
    if (item.status == core::RecordingStatus::uploading) {
        muted("Still being saved from the doctor's browser…");
    } else if (item.status == core::RecordingStatus::failed) {
        muted("Nothing usable of this recording arrived.");
    } else {
        muted((length_text(item.duration_ms) + " · " + size_text(item.bytes) + " · recorded by " + item.started_by_name).c_str());
        const bool busy = state.recordings.busy;
        if (button(state.recordings.playing == item.id ? "Playing" : "Play", ButtonKind::secondary, false, !busy))
            out.push_back(app::PlayRecording{item.id});
        ImGui::SameLine();
        if (button("Download", ButtonKind::ghost, false, !busy)) out.push_back(app::DownloadRecording{item.id});
    }
    if (item.accesses.empty()) {
        if (item.status == core::RecordingStatus::complete) muted("Nobody has played or downloaded it yet.");
    } else {
        for (const core::msg::AccessLine& a : item.accesses)
            muted(((a.action == core::RecordingAccessAction::download ? "Downloaded by " : "Played by ") + a.display_name + ", " +
                   when(state, a.at))
                      .c_str());
    }
    ImGui::PopID();
    spacing(8);
}

// The call log: each person's time in the call, with when they joined and left.
void call_log(const app::AppState& state, const app::RecordingsState& r) {
    if (r.call_log.empty()) return;
    heading("Video call", 3);
    muted(r.call_status == core::CallStatus::open ? "The call is open now." : "The call has ended.");
    for (const core::msg::CallLogPerson& p : r.call_log) {
        text((p.display_name + " (" + std::string(core::to_string(p.role)) + "): " + length_text(p.total_seconds * 1000) + " in the call").c_str());
        for (const core::msg::Stretch& s : p.intervals)
            muted(("Joined " + when(state, s.joined_at) + (s.left_at ? ", left " + when(state, *s.left_at) : ", still in the call")).c_str());
    }
    spacing(8);
}

}  // namespace

void draw_recordings(app::AppState& state, Actions& out) {
    app::RecordingsState& r = state.recordings;
    if (!state.visits.detail || r.appointment_id != state.visits.detail->id) return;
    call_log(state, r);
    if (r.items.empty() && !r.loading && r.error.empty()) return slot().player.reset();  // nothing recorded: no section
    heading("Recordings", 3);
    muted("Recorded with everyone's consent. Every play and download is logged and shown here.");
    if (state.demo) muted("In the offline demo, recordings are kept only in this browser tab.");
    if (!r.error.empty()) error_text(r.error.c_str());
    if (r.loading && r.items.empty()) spinner("Loading the recordings…");
    player(state, out);
    for (const core::msg::ListedRecording& item : r.items) recording_row(state, item, out);
}

}  // namespace ui::screens
