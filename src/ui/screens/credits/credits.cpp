// Credits: the patient's balance, packages, the (test-mode) card form and the history; the doctor's
// earnings. Balances come from the ledger; this screen only shows them.
#include "core/clinic/specialties.h"
#include "ui/screens/screens.h"
#include "ui/screens/view_helpers.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {
namespace {

const char* entry_label(const app::LedgerItem& e) {
    if (e.kind == "purchase") return "Bought";
    if (e.kind == "grant") return "Welcome credits";
    if (e.kind == "hold") return "Held for a visit";
    if (e.kind == "release") return "Returned (request not accepted)";
    if (e.kind == "refund") return "Refunded";
    if (e.kind == "earning") return "Earned";
    return "Change";
}

void history(const app::AppState& state, const app::WalletView& w) {
    heading("History", 2);
    if (w.entries.empty()) return muted("No movements yet.");
    for (const app::LedgerItem& e : w.entries) {
        const std::string sign = e.amount > 0 ? "+" : "";
        text((when(state, e.at) + " · " + entry_label(e) + " · " + sign + credits(e.amount)).c_str());
        if (!e.memo.empty()) muted(e.memo.c_str());
    }
}

}  // namespace

void draw_credits(app::AppState& state, Actions& out) {
    app::ClinicState& c = state.clinic;
    app::PaymentForm& f = c.payment;
    heading("Credits");
    begin_card("balance");
    heading((credits(c.wallet.available) + " available").c_str(), 2);
    if (c.wallet.held > 0) muted((credits(c.wallet.held) + " held for upcoming visits").c_str());
    muted("One consultation usually costs 2 credits.");
    end_card();

    heading("Buy credits", 2);
    if (c.test_mode)
        text(ICON_INFO_CIRCLE " Test mode: no card is charged. Use 4242 4242 4242 4242 (any future date, any CVC); "
                   "4000 0000 0000 0002 shows a declined card.");
    std::vector<std::string> options;
    for (const app::PackageView& p : c.packages) options.push_back(p.name + ": " + credits(p.credits) + " for " + money(p.price_cents, p.currency));
    if (options.empty()) return spinner("Loading packages…");
    chip_row("packages", f.package, options);
    spacing(8);
    bool submit = text_field("Card number", f.number,
                             {.placeholder = "1234 1234 1234 1234", .autocomplete = "cc-number", .error = f.field_error("number"), .max_chars = 23});
    submit |= text_field("Expiry (MM/YY)", f.expiry, {.placeholder = "12/30", .autocomplete = "cc-exp", .error = f.field_error("expiry"), .max_chars = 7});
    submit |= text_field("Security code (CVC)", f.cvc, {.placeholder = "123", .autocomplete = "cc-csc", .error = f.field_error("cvc"), .max_chars = 4});
    submit |= text_field("Name on card (optional)", f.holder, {.autocomplete = "cc-name", .max_chars = 100});
    if (!f.error.empty()) error_text(f.error.c_str());
    const app::PackageView& p = c.packages[size_t(std::clamp(f.package, 0, int(c.packages.size()) - 1))];
    const std::string label = f.busy ? std::string("Paying…") : "Pay " + money(p.price_cents, p.currency);
    if (button(label.c_str(), ButtonKind::primary, true, !f.busy) || (submit && !f.busy)) out.push_back(app::SubmitPurchase{});
    spacing();
    history(state, c.wallet);
}

void draw_earnings(app::AppState& state, Actions&) {
    const app::ClinicState& c = state.clinic;
    heading("Earnings");
    begin_card("earned");
    heading((credits(c.wallet.earnings) + " earned").c_str(), 2);
    muted("Credits move to you when a visit is completed, when a patient does not attend, or as the fee of a late cancellation.");
    end_card();
    history(state, c.wallet);
}

void draw_doctor_profile(app::AppState& state, Actions& out) {
    app::ClinicState& c = state.clinic;
    app::ProfileForm& f = c.profile;
    heading("Your profile");
    if (c.verification == "verified") badge("Verified", IM_COL32(0x1f, 0x7a, 0x4d, 0xff));
    else if (c.verification == "rejected") error_text(("Verification needs changes: " + c.verification_note).c_str());
    else if (c.verification == "suspended") error_text(("Suspended: " + c.verification_note).c_str());
    else muted("Waiting for verification. Patients can book you once our team has checked your licence.");
    if (!f.loaded) return spinner("Loading your profile…");
    std::vector<std::string> names;
    for (const auto& s : core::specialties()) names.push_back(s.name);
    heading("Specialty", 3);
    chip_row("specialty", f.specialty, names);
    text_field("About you", f.bio, {.placeholder = "What you help patients with", .error = f.field_error("bio"), .max_chars = 2000});
    text_field("Languages (comma-separated)", f.languages, {.placeholder = "English, Deutsch", .error = f.field_error("languages"), .max_chars = 500});
    text_field("Years of practice", f.years, {.error = f.field_error("years_of_practice"), .max_chars = 3});
    text_field("Licence number", f.licence_number, {.error = f.field_error("licence_number"), .max_chars = 64});
    text_field("Issuing region or authority", f.licence_region, {.placeholder = "e.g. Berlin Medical Chamber", .error = f.field_error("licence_region"), .max_chars = 100});
    text_field("Price per consultation (credits)", f.price, {.error = f.field_error("price_credits"), .max_chars = 2});
    muted("Changing the licence details sends your profile back for verification.");
    if (!f.error.empty()) error_text(f.error.c_str());
    if (button(f.busy ? "Saving…" : "Save profile", ButtonKind::primary, true, !f.busy)) out.push_back(app::SaveProfile{});

    spacing();
    app::AvailabilityForm& a = c.availability;
    heading("Weekly hours", 2);
    muted(("In your time zone, " + std::string(viewer_zone(state).name()) +
           ". Write ranges like 09:00-12:30, 14:00-18:00; leave a day empty when you do not consult.").c_str());
    static const char* kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    for (int d = 0; d < 7; ++d)
        text_field(kDays[d], a.weekly[d], {.placeholder = "closed", .error = a.field_error("weekly_" + std::to_string(d)), .max_chars = 200});
    heading("Visit length", 3);
    segmented("Visit length", a.slot_minutes, {"15 min", "20 min", "30 min", "45 min", "60 min"});
    text_field("Break after each visit (minutes)", a.buffer_minutes, {.error = a.field_error("buffer_minutes"), .max_chars = 3});
    text_field("Minimum notice (hours)", a.min_notice_hours, {.error = a.field_error("min_notice_minutes"), .max_chars = 4});
    text_field("Bookable ahead (days)", a.horizon_days, {.error = a.field_error("horizon_days"), .max_chars = 3});
    text_field("Days off and extra hours", a.exceptions,
               {.placeholder = "2026-12-24 off; 2026-12-27 10:00-12:00 (one per line)", .error = a.field_error("exceptions"), .max_chars = 4000});
    checkbox("Confirm requests automatically", a.auto_confirm);
    if (!a.error.empty()) error_text(a.error.c_str());
    if (button(a.busy ? "Saving…" : "Save hours", ButtonKind::primary, true, !a.busy)) out.push_back(app::SaveAvailability{});
}

void draw_verification_queue(app::AppState& state, Actions& out) {
    app::ClinicState& c = state.clinic;
    heading("Doctor verification");
    if (c.queue_loading && c.queue.empty()) return spinner("Loading doctors…");
    bool any_pending = false;
    for (const app::DoctorCard& d : c.queue) {
        const bool pending = d.verification == "pending";
        any_pending |= pending;
        begin_card(("v" + std::to_string(d.id)).c_str());
        heading(d.name.c_str(), 3);
        badge(pending ? "Pending" : d.verification == "verified" ? "Verified" : d.verification == "rejected" ? "Rejected" : "Suspended",
              pending ? IM_COL32(0xa1, 0x5c, 0x00, 0xff) : d.verification == "verified" ? IM_COL32(0x1f, 0x7a, 0x4d, 0xff) : IM_COL32(0xb4, 0x23, 0x18, 0xff));
        text((d.email + " · " + (d.specialty_name.empty() ? "no specialty yet" : d.specialty_name)).c_str());
        text(("Licence: " + (d.licence_number.empty() ? std::string("not entered yet") : d.licence_number + ", " + d.licence_region)).c_str());
        if (!d.verification_note.empty()) muted(("Note: " + d.verification_note).c_str());
        std::string& reason = c.decision_reasons[d.id];
        const std::string id = std::to_string(d.id);
        if (d.verification != "verified" && button(("Approve " + d.name + "##ok" + id).c_str(), ButtonKind::primary))
            out.push_back(app::DecideVerification{d.id, "verified"});
        text_field(("Reason for the doctor##r" + id).c_str(), reason, {.placeholder = "Required to reject or suspend", .max_chars = 1000});
        if (pending && button(("Reject##no" + id).c_str(), ButtonKind::secondary)) out.push_back(app::DecideVerification{d.id, "rejected"});
        if (d.verification == "verified" && button(("Suspend##sus" + id).c_str(), ButtonKind::danger))
            out.push_back(app::DecideVerification{d.id, "suspended"});
        end_card();
    }
    if (!any_pending) muted("No doctor is waiting for verification.");
}

void draw_notifications(app::AppState& state, Actions& out) {
    app::ClinicState& c = state.clinic;
    heading("Notifications");
    if (c.notifications.empty()) return muted("No notifications yet.");
    for (const app::NotificationItem& n : c.notifications) {
        const std::string label = std::string(n.read ? "" : "● ") + n.title + " — " + n.body + " · " + when(state, n.created_at) +
                                  "##n" + std::to_string(n.id);
        if (button(label.c_str(), ButtonKind::ghost)) out.push_back(app::ReadNotification{n.id});
    }
}

}  // namespace ui::screens
