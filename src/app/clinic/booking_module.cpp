#include "app/clinic/booking_module.h"

#include <algorithm>

namespace app {

namespace msg = core::msg;
using namespace std::chrono;

namespace {
constexpr int kBookingDays = 14;
}  // namespace

void BookingModule::apply(const BookingAction& action) {
    BookingState& b = state().booking;
    std::visit(overloaded{
                   [this](const SearchDoctors&) { search_doctors(); },
                   [this](const OpenDoctor& a) { open_doctor(a.doctor_id); },
                   [&b](const CloseDoctor&) { b.doctor.reset(); },
                   [&b](const ChooseSlot& a) { b.form.slot = a.starts_at; },
                   [this](const SubmitBooking&) { submit_booking(); },
                   [this](const ShowSlotsOf& a) { show_slots_of(a.doctor_id, a.doctor_name); },
               },
               action);
}

void BookingModule::on_signed_in() {
    load_specialties();
    if (state().has_role(core::Role::patient)) search_doctors();
}

void BookingModule::on_tab(Tab tab) {
    state().booking.doctor.reset();
    if (tab == Tab::doctors) search_doctors();
}

void BookingModule::load_specialties() {
    client().call(msg::ListSpecialties{}, [this](msg::SpecialtyList& r) { state().booking.specialties = std::move(r.specialties); });
}

void BookingModule::search_doctors() {
    BookingState& b = state().booking;
    msg::FindDoctors query;
    query.text = b.search;
    if (b.specialty_filter > 0 && b.specialty_filter <= int(b.specialties.size()))
        query.specialty = b.specialties[size_t(b.specialty_filter - 1)].code;
    b.doctors_loading = true;
    client().call(
        query,
        [this, whole_list = query.text.empty() && query.specialty.empty()](msg::DoctorList& r) {
            state().booking.doctors_loading = false;
            state().booking.doctors = std::move(r.doctors);
            complete_opened_doctor(whole_list);
        },
        [this](const core::Error&) {
            state().booking.doctors_loading = false;
            return false;  // shown as a toast
        });
}

void BookingModule::open_doctor(std::int64_t id) {
    BookingState& b = state().booking;
    auto it = std::find_if(b.doctors.begin(), b.doctors.end(), [&](const msg::DoctorListingInfo& d) { return d.doctor_id == id; });
    b.doctor = it != b.doctors.end() ? *it : msg::DoctorListingInfo{};
    b.doctor->doctor_id = id;
    b.form = BookingForm{};
    b.day = 0;
    load_slots();
}

// A doctor's page opened from its URL before the list had them: their card comes with the list. Not
// in the whole list: nobody a patient can book (not verified, suspended, no such doctor).
void BookingModule::complete_opened_doctor(bool whole_list) {
    BookingState& b = state().booking;
    if (!b.doctor || !b.doctor->display_name.empty() || state().tab != Tab::doctors) return;
    auto it = std::find_if(b.doctors.begin(), b.doctors.end(), [&](const msg::DoctorListingInfo& d) { return d.doctor_id == b.doctor->doctor_id; });
    if (it != b.doctors.end()) {
        b.doctor = *it;
    } else if (whole_list) {
        b.doctor.reset();
        ctx_.notify(Notice::Kind::error, "That doctor's page is not available: they are not taking bookings here.");
    }
}

std::string BookingModule::route() const {
    const AppState& s = ctx_.state;
    if (s.tab != Tab::doctors || !s.booking.doctor) return {};
    return "#/doctors/" + std::to_string(s.booking.doctor->doctor_id);
}

void BookingModule::follow(const std::string& route) {
    if (!state().has_role(core::Role::patient)) return;
    BookingState& b = state().booking;
    if (auto id = route_number(route, "#/doctors")) {
        if (!b.doctor || b.doctor->doctor_id != *id) open_doctor(*id);
        if (!b.doctors_loading) complete_opened_doctor(b.search.empty() && b.specialty_filter == 0);
    } else if (route == "#/doctors") {
        b.doctor.reset();
    }
}

void BookingModule::show_slots_of(std::int64_t doctor_id, const std::string& name) {
    BookingState& b = state().booking;
    b.doctor = msg::DoctorListingInfo{};
    b.doctor->doctor_id = doctor_id;
    b.doctor->display_name = name;
    load_slots();
}

void BookingModule::load_slots() {
    BookingState& b = state().booking;
    if (!b.doctor) return;
    b.slots_loading = true;
    b.slots.clear();
    const core::Instant now = state().now;
    client().call(
        msg::GetSlots{b.doctor->doctor_id, now, now + days(kBookingDays + 1)},
        [this](msg::SlotList& r) {
            state().booking.slots_loading = false;
            state().booking.slots = std::move(r.slots);
        },
        [this](const core::Error& e) {
            state().booking.slots_loading = false;
            state().booking.form.show(e);
            return true;
        });
}

void BookingModule::submit_booking() {
    BookingState& b = state().booking;
    if (!b.doctor || b.form.busy) return;
    b.form.clear_errors();
    if (!b.form.slot) {
        b.form.error = "Choose a time first.";
        return;
    }
    b.form.busy = true;
    client().call(
        msg::Book{b.doctor->doctor_id, *b.form.slot, b.form.concern},
        [this](msg::AppointmentReply& r) {
            BookingState& b = state().booking;
            b.doctor.reset();
            b.form = BookingForm{};
            state().tab = Tab::appointments;
            ctx_.notify(Notice::Kind::success, r.appointment.status == core::AppointmentStatus::confirmed
                                                   ? "Your appointment is confirmed."
                                                   : "Request sent. The doctor will confirm it; your credits are held until then.");
            ctx_.dispatch(ShowBookedVisit{std::move(r.appointment)});
            ctx_.dispatch(LoadWallet{});
        },
        [this](const core::Error& e) {
            BookingState& b = state().booking;
            b.form.busy = false;
            b.form.show(e);
            if (e.code == core::ErrorCode::slot_taken || e.code == core::ErrorCode::slot_unavailable) {
                b.form.slot.reset();
                load_slots();
            }
            return true;
        });
}

}  // namespace app
