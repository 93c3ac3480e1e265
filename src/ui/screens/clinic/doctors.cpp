// Patients: find a doctor (filter by specialty, search by name or language), see each doctor's next
// free time, open a profile, pick a day and a time in their own zone, describe the concern, book.
#include <algorithm>

#include "core/time/format.h"
#include "ui/screens/screens.h"
#include "ui/screens/view_helpers.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {
namespace {

using namespace std::chrono;

void doctor_card(const app::AppState& state, const core::msg::DoctorListingInfo& d, Actions& out) {
    const core::msg::ProfileInfo& p = d.profile;
    begin_card(("doctor" + std::to_string(d.doctor_id)).c_str());
    heading(d.display_name.c_str(), 3);
    text((p.specialty_name + " · " + std::to_string(p.years_of_practice) + " years of practice").c_str());
    std::string languages;
    for (const std::string& l : p.languages) languages += (languages.empty() ? "" : ", ") + l;
    muted(("Speaks " + languages).c_str());
    muted(d.next_slot ? ("Next free: " + when(state, d.next_slot->starts_at)).c_str() : "No free times in the next two weeks");
    text((credits_and_money(state, p.price_credits) + " per consultation").c_str());
    const std::string label = "See times for " + d.display_name + "##open" + std::to_string(d.doctor_id);
    if (button(label.c_str(), ButtonKind::secondary)) out.push_back(app::OpenDoctor{d.doctor_id});
    end_card();
}

void doctor_search(app::AppState& state, Actions& out);
void doctor_booking(app::AppState& state, Actions& out);

}  // namespace

void draw_doctors(app::AppState& state, Actions& out) {
    if (state.booking.doctor) doctor_booking(state, out);
    else doctor_search(state, out);
}

namespace {

void doctor_search(app::AppState& state, Actions& out) {
    app::BookingState& c = state.booking;
    heading("Find a doctor");
    std::vector<std::string> filters{"All"};
    for (const auto& s : c.specialties) filters.push_back(s.name);
    // Eighteen specialties fill a phone screen: there they fold behind one button.
    static bool filters_open = false;
    const bool phone = layout().phone;
    if (phone) {
        const std::string label = "Specialty: " + filters[size_t(std::clamp(c.specialty_filter, 0, int(filters.size()) - 1))] +
                                  (filters_open ? " " ICON_CHEVRON_LEFT : " " ICON_CHEVRON_RIGHT);
        if (button(label.c_str(), ButtonKind::secondary)) filters_open = !filters_open;
    }
    if ((!phone || filters_open) && chip_row("specialties", c.specialty_filter, filters)) {
        filters_open = false;
        out.push_back(app::SearchDoctors{});
    }
    spacing(8);
    if (text_field("Search by name or language", c.search, {.placeholder = "e.g. Okafor, Español", .max_chars = 100}))
        out.push_back(app::SearchDoctors{});
    if (button(ICON_SEARCH " Search", ButtonKind::secondary, false)) out.push_back(app::SearchDoctors{});
    spacing();
    if (c.doctors_loading && c.doctors.empty()) return spinner("Looking for doctors…");
    if (c.doctors.empty()) return muted("No doctor matches. Try another specialty or clear the search.");
    for (const core::msg::DoctorListingInfo& d : c.doctors) doctor_card(state, d, out);
}

}  // namespace

// The slot picker, shared by booking and rescheduling: days across, times of the chosen day below.
void draw_slot_picker(app::AppState& state, Actions& out, bool reschedule) {
    app::BookingState& c = state.booking;
    if (c.slots_loading) return spinner("Loading free times…");
    if (c.slots.empty()) return muted("No free times in the next two weeks. Please try another doctor.");
    // Days that have slots, in the viewer's zone.
    std::vector<std::string> days;
    std::vector<std::string> day_keys;
    for (const core::Slot& s : c.slots) {
        const std::string key = day_label(state, s.starts_at);
        if (day_keys.empty() || day_keys.back() != key) {
            day_keys.push_back(key);
            days.push_back(key.substr(0, key.rfind(' ')));  // "Tue 3 Dec"
        }
    }
    if (c.day >= int(days.size())) c.day = 0;
    // Two weeks of day chips fill a phone screen: show the first few, the rest on request.
    static bool all_days = false;
    constexpr size_t kPhoneDays = 5;
    if (layout().phone && !all_days && days.size() > kPhoneDays && c.day < int(kPhoneDays)) {
        std::vector<std::string> first(days.begin(), days.begin() + kPhoneDays);
        chip_row("days", c.day, first);
        if (link("More days")) all_days = true;
    } else {
        chip_row("days", c.day, days);
    }
    spacing(8);
    muted(("Times are in your time zone, " + std::string(viewer_zone(state).name()) + ".").c_str());
    std::vector<std::string> times;
    std::vector<core::Instant> starts;
    for (const core::Slot& s : c.slots)
        if (day_label(state, s.starts_at) == day_keys[size_t(c.day)]) {
            times.push_back(time_of_day(state, s.starts_at));
            starts.push_back(s.starts_at);
        }
    int chosen = -1;
    for (size_t i = 0; i < starts.size(); ++i)
        if (c.form.slot && *c.form.slot == starts[i]) chosen = int(i);
    int picked = chosen;
    chip_row("times", picked, times);
    if (picked != chosen && picked >= 0) {
        if (reschedule) out.push_back(app::SubmitReschedule{starts[size_t(picked)]});
        else out.push_back(app::ChooseSlot{starts[size_t(picked)]});
    }
}

namespace {

void doctor_booking(app::AppState& state, Actions& out) {
    app::BookingState& c = state.booking;
    const core::msg::DoctorListingInfo d = *c.doctor;  // a copy: actions below may close it
    const core::msg::ProfileInfo& p = d.profile;
    if (link(ICON_ARROW_LEFT " All doctors")) out.push_back(app::CloseDoctor{});
    heading(d.display_name.c_str());
    text((p.specialty_name + " · " + std::to_string(p.years_of_practice) + " years of practice · licensed by " + p.licence_region).c_str());
    if (!p.bio.empty()) text(p.bio.c_str());
    // Writing to a doctor needs a visit with them (any but a declined one): the server's rule.
    const auto& visits = state.visits.appointments;
    if (std::any_of(visits.begin(), visits.end(), [&](const core::msg::AppointmentInfo& a) {
            return a.doctor.id == d.doctor_id && a.status != core::AppointmentStatus::declined;
        }))
        message_button(state, out, d.doctor_id, d.display_name);
    spacing(8);
    heading("Choose a time", 2);
    draw_slot_picker(state, out, false);
    spacing();
    heading("Your concern", 2);
    text_field("What would you like to discuss? (optional)", c.form.concern,
               {.placeholder = "Symptoms, since when, medicines you take", .error = c.form.field_error("concern"),
                .max_chars = 2000});
    spacing(8);
    begin_card("policy");
    text(("Price: " + credits_and_money(state, p.price_credits) + ", held when you book and charged only after the visit.").c_str());
    muted("Free cancellation until 24 hours before the start. Later cancellations refund half. If the doctor "
          "declines or cancels, you get everything back.");
    muted(("You have " + credits(state.credits.wallet.available) + ".").c_str());
    end_card();
    if (!c.form.error.empty()) error_text(c.form.error.c_str());
    const bool can_afford = state.credits.wallet.available >= p.price_credits;
    if (!can_afford) {
        text("You need more credits to book this visit.");
        if (button("Buy credits", ButtonKind::secondary)) out.push_back(app::SelectTab{app::Tab::credits});
    }
    const std::string label = c.form.slot ? "Request " + when(state, *c.form.slot) : std::string("Choose a time above");
    if (button(c.form.busy ? "Booking…" : label.c_str(), ButtonKind::primary, true, can_afford && c.form.slot && !c.form.busy))
        out.push_back(app::SubmitBooking{});
}

}  // namespace

}  // namespace ui::screens
