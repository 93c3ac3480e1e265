// Someone who opened an invitation link: "Join Dr X's video visit", their name, then the same pre-call
// check and waiting room as everybody (draw_call). No account, no navigation: one visit only.
#include "ui/screens/screens.h"
#include "ui/screens/view_helpers.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {
namespace {

std::string invited_as(core::CallRole role) {
    switch (role) {
        case core::CallRole::interpreter: return "You are invited as the interpreter.";
        case core::CallRole::family: return "You are invited as a family member.";
        default: return "You are invited as a colleague.";
    }
}

}  // namespace

void draw_guest(app::AppState& state, Actions& out) {
    app::GuestEntry& g = state.guest;
    if (g.phase == app::GuestEntry::Phase::in_visit && state.call.phase != app::CallPhase::idle) return draw_call(state, out);
    begin_screen("Video visit");
    begin_column("guest", 520.f);
    connection_pill(state);
    spacing(8);
    switch (g.phase) {
        case app::GuestEntry::Phase::none:
        case app::GuestEntry::Phase::loading: spinner("Opening your invitation…"); break;
        case app::GuestEntry::Phase::joining: spinner("Joining…"); break;
        case app::GuestEntry::Phase::invalid:
            heading("This invitation cannot be used");
            error_text(g.error.c_str());
            if (g.error.find("new link") == std::string::npos && g.error.find("new one") == std::string::npos)
                muted("Ask the doctor who invited you to send a new link.");
            spacing(8);
            if (button("Go to the start page", ButtonKind::secondary)) out.push_back(app::OpenStartPage{});
            break;
        case app::GuestEntry::Phase::enter_name: {
            heading(("Join " + g.doctor_name + "'s video visit").c_str());
            text(invited_as(g.role).c_str());
            text(("The visit starts " + when_with_zone(state, g.starts_at) + ".").c_str());
            if (state.now < g.opens_at) muted(("You can join from " + when(state, g.opens_at) + ".").c_str());
            spacing(8);
            const bool enter = text_field("Your name", g.name,
                                          {.placeholder = "How the doctor will see you", .autocomplete = "name",
                                           .error = g.name_error.empty() ? nullptr : g.name_error.c_str(), .max_chars = 100, .required = true});
            if (button("Continue", ButtonKind::primary) || enter) out.push_back(app::SubmitGuestEntry{});
            muted(("You do not need an account. Next you check your camera and microphone, then " + g.doctor_name +
                   " lets you in.").c_str());
            break;
        }
        case app::GuestEntry::Phase::in_visit:
            heading("You have left the visit");
            text(("You can come back while " + g.doctor_name + "'s video call is open.").c_str());
            if (button("Join again", ButtonKind::primary)) out.push_back(app::SubmitGuestEntry{});
            break;
    }
    spacing(16);
    emergency_note();
    end_column();
    end_screen();
}

}  // namespace ui::screens
