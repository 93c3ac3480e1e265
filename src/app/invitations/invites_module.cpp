#include "app/invitations/invites_module.h"

#include <algorithm>

#include "platform/clipboard.h"
#include "platform/page.h"

namespace app {

namespace msg = core::msg;

void InvitesModule::apply(const InvitesAction& action) {
    follow_call();
    std::visit(overloaded{
                   [this](const CreateInvite& a) { create(a.role); },
                   [this](const CopyInviteLink& a) { copy_link(a.invite_id); },
                   [this](const RevokeInvite& a) { revoke(a.invite_id); },
                   [this](const RefreshInvites&) { load(); },
               },
               action);
}

// The panel belongs to the call that is open: another call (or none), a fresh panel.
void InvitesModule::follow_call() {
    const std::int64_t call = state().call.appointment_id;
    if (state().invites.appointment_id == call) return;
    state().invites = InvitesState{};
    state().invites.appointment_id = call;
}

Client::ErrorHandler InvitesModule::show_in_panel() {
    return [this](const core::Error& e) {
        state().invites.notice = e.message;
        return true;
    };
}

void InvitesModule::create(std::optional<core::CallRole> role) {
    static constexpr core::CallRole kRoles[] = {core::CallRole::colleague, core::CallRole::interpreter, core::CallRole::family};
    InvitesState& inv = state().invites;
    const core::CallRole chosen = role.value_or(kRoles[std::clamp(inv.role, 0, 2)]);
    client().call(
        msg::CreateInvite{state().call.appointment_id, chosen, inv.name},
        [this](msg::InviteCreated& r) {
            InvitesState& inv = state().invites;
            inv.links[r.invite.id] = platform::origin() + r.path;
            inv.name.clear();
            inv.notice = "Invitation link created. Copy it and send it to the person you invite.";
            load();
        },
        show_in_panel());
}

void InvitesModule::copy_link(std::int64_t invite_id) {
    InvitesState& inv = state().invites;
    auto link = inv.links.find(invite_id);
    if (link == inv.links.end()) return;
    platform::copy_to_clipboard(link->second);
    inv.notice = "Link copied. They can open it without an account; you let them in from the waiting room.";
}

void InvitesModule::revoke(std::int64_t invite_id) {
    client().call(
        msg::RevokeInvite{state().call.appointment_id, invite_id},
        [this](core::protocol::Empty&) {
            state().invites.notice = "Invitation withdrawn: the link no longer works.";
            load();
        },
        [this](const core::Error& e) {
            state().invites.notice = e.message;
            load();
            return true;
        });
}

void InvitesModule::load() {
    client().call(msg::ListInvites{state().call.appointment_id}, [this](msg::InviteList& r) { state().invites.invites = std::move(r.invites); });
}

}  // namespace app
