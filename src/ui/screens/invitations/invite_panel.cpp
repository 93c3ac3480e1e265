// The host doctor, in the call: invite a colleague, an interpreter or a family member by a link to
// copy, see who used which link, withdraw one.
#include "ui/a11y/a11y.h"
#include "ui/screens/calls/call_roles.h"
#include "ui/screens/screens.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {

// The host invites a colleague, an interpreter or a family member: a link to copy, a list to withdraw from.
void draw_invite_panel(app::AppState& state, Actions& out) {
    app::InvitesState& c = state.invites;
    heading("Invite someone", 3);
    muted("Up to 4 people can be in the call. The person opens the link without an account and waits until you let them in.");
    static const char* kRoles[] = {"Colleague", "Interpreter", "Family member"};
    if (content_width() >= 440.f) segmented("Invite as", c.role, {kRoles[0], kRoles[1], kRoles[2]});
    else {  // three segments do not fit a phone or the call's side panel: one choice per line
        text("Invite as");
        for (int i = 0; i < 3; ++i) {
            const bool on = c.role == i;
            const std::string label = std::string(on ? ICON_CHECK " " : "") + kRoles[i] + "##role" + std::to_string(i);
            if (button(label.c_str(), on ? ButtonKind::primary : ButtonKind::secondary)) c.role = i;
            a11y::annotate_last(a11y::Role::radio, kRoles[i], {.checked = on});
        }
    }
    text_field("Their name (optional)", c.name, {.placeholder = "So you recognise them in the waiting room", .max_chars = 100});
    if (button(ICON_USER " Create invitation link", ButtonKind::secondary, false)) out.push_back(app::CreateInvite{});
    if (!c.notice.empty()) muted(c.notice.c_str());
    for (const core::msg::Invitation& i : c.invites) {
        using core::InviteState;
        std::string line = call_role_label(i.role) + (i.name.empty() ? "" : " · " + i.name) + " — ";
        switch (i.state) {
            case InviteState::open: line += "not used yet"; break;
            case InviteState::joined: line += "used by " + i.guest_name; break;
            case InviteState::revoked: line += "withdrawn"; break;
            case InviteState::expired: line += "expired"; break;
        }
        text(line.c_str());
        if (i.state != InviteState::open && i.state != InviteState::joined) continue;
        const std::string id = std::to_string(i.id);
        const bool copyable = c.links.count(i.id) > 0;
        if (copyable && i.state == InviteState::open) muted(c.links.at(i.id).c_str());  // visible, selectable, readable aloud
        if (copyable && button((ICON_COPY " Copy link##copy" + id).c_str(), ButtonKind::secondary, false)) out.push_back(app::CopyInviteLink{i.id});
        if (copyable) ImGui::SameLine();
        if (button(("Withdraw##revoke" + id).c_str(), ButtonKind::ghost, false)) out.push_back(app::RevokeInvite{i.id});
    }
}

}  // namespace ui::screens
