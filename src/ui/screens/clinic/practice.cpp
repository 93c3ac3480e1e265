// Doctors: their profile (specialty, about, languages, licence, price) with where its verification
// stands, and their weekly hours, visit length, breaks, notice, horizon, days off and auto-confirm.
#include "core/clinic/specialties.h"
#include "ui/screens/screens.h"
#include "ui/screens/view_helpers.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {

namespace {

// Presence first: a setting a doctor changes from day to day, not one to look for under the licence form.
void presence_setting(app::AppState& state, Actions& out) {
    if (const auto visible = state.presence.visible) {
        bool shown = *visible;
        if (checkbox("Show when I'm online", shown) && !state.presence.saving) out.push_back(app::SetPresenceVisible{shown});
        muted(shown ? "Your patients see a dot beside your name: online, away, in a call, or when you were last seen."
                    : "You appear offline to everyone, with no last seen. Your patients can still write to you.");
    } else {
        spinner("Loading your presence setting…");
    }
    spacing();
}

}  // namespace

void draw_doctor_profile(app::AppState& state, Actions& out) {
    app::PracticeState& c = state.practice;
    app::ProfileForm& f = c.profile;
    heading("Your profile");
    if (c.verification == core::Verification::verified) badge("Verified", IM_COL32(0x1f, 0x7a, 0x4d, 0xff));
    else if (c.verification == core::Verification::rejected) error_text(("Verification needs changes: " + c.verification_note).c_str());
    else if (c.verification == core::Verification::suspended) error_text(("Suspended: " + c.verification_note).c_str());
    else muted("Waiting for verification. Patients can book you once our team has checked your licence.");
    if (!f.loaded) return spinner("Loading your profile…");
    presence_setting(state, out);
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

}  // namespace ui::screens
