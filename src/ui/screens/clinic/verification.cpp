// Administrators: the doctors waiting for verification (and those decided), each with their licence
// details, and the decision: approve, reject or suspend, with a reason the doctor sees.
#include "ui/screens/screens.h"
#include "ui/screens/view_helpers.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {
namespace {

using core::Verification;

const char* verification_label(Verification v) {
    switch (v) {
        case Verification::pending: return "Pending";
        case Verification::verified: return "Verified";
        case Verification::rejected: return "Rejected";
        case Verification::suspended: break;
    }
    return "Suspended";
}

}  // namespace

void draw_verification_queue(app::AppState& state, Actions& out) {
    app::VerificationState& c = state.verification;
    heading("Doctor verification");
    if (c.loading && c.queue.empty()) return spinner("Loading doctors…");
    bool any_pending = false;
    for (const core::msg::DoctorListingInfo& d : c.queue) {
        const core::msg::ProfileInfo& p = d.profile;
        const bool pending = p.verification == Verification::pending;
        const bool verified = p.verification == Verification::verified;
        any_pending |= pending;
        begin_card(("v" + std::to_string(d.doctor_id)).c_str());
        heading(d.display_name.c_str(), 3);
        badge(verification_label(p.verification),
              pending ? IM_COL32(0xa1, 0x5c, 0x00, 0xff) : verified ? IM_COL32(0x1f, 0x7a, 0x4d, 0xff) : IM_COL32(0xb4, 0x23, 0x18, 0xff));
        text((d.email + " · " + (p.specialty_name.empty() ? "no specialty yet" : p.specialty_name)).c_str());
        text(("Licence: " + (p.licence_number.empty() ? std::string("not entered yet") : p.licence_number + ", " + p.licence_region)).c_str());
        if (!p.verification_note.empty()) muted(("Note: " + p.verification_note).c_str());
        std::string& reason = c.decision_reasons[d.doctor_id];
        const std::string id = std::to_string(d.doctor_id);
        if (!verified && button(("Approve " + d.display_name + "##ok" + id).c_str(), ButtonKind::primary))
            out.push_back(app::DecideVerification{d.doctor_id, Verification::verified});
        text_field(("Reason for the doctor##r" + id).c_str(), reason, {.placeholder = "Required to reject or suspend", .max_chars = 1000});
        if (pending && button(("Reject##no" + id).c_str(), ButtonKind::secondary))
            out.push_back(app::DecideVerification{d.doctor_id, Verification::rejected});
        if (verified && button(("Suspend##sus" + id).c_str(), ButtonKind::danger))
            out.push_back(app::DecideVerification{d.doctor_id, Verification::suspended});
        end_card();
    }
    if (!any_pending) muted("No doctor is waiting for verification.");
}

}  // namespace ui::screens
