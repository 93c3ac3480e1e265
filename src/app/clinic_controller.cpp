#include "app/clinic_controller.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "core/clinic/specialties.h"
#include "core/crypto/random.h"

namespace app {

using core::protocol::json;
using core::protocol::RequestType;
using core::protocol::Response;
using namespace std::chrono;

namespace {

constexpr int kBookingDays = 14;

std::string new_purchase_key() {
    std::uint8_t raw[12];
    core::secure_random_bytes(raw, sizeof raw);
    return "buy-" + core::base64url_encode(raw, sizeof raw);
}

bool parse_expiry(const std::string& text, int& month, int& year) {
    char extra = 0;
    if (std::sscanf(text.c_str(), " %d / %d %c", &month, &year, &extra) != 2) return false;
    if (year < 100) year += 2000;
    return month >= 1 && month <= 12;
}

// "2026-12-24 off" | "2026-12-27 10:00-12:00" per line.
std::optional<std::string> parse_exceptions(const std::string& text, json& out) {
    out = json::array();
    std::stringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::stringstream words(line);
        std::string date, rest;
        words >> date;
        std::getline(words, rest);
        if (date.empty()) continue;
        rest.erase(0, rest.find_first_not_of(" \t"));
        if (rest == "off" || rest.empty()) {
            out.push_back({{"date", date}, {"day_off", true}});
            continue;
        }
        std::vector<std::pair<int, int>> ranges;
        if (auto e = parse_ranges(rest, ranges)) return "Exceptions: " + *e;
        for (auto [from, to] : ranges) out.push_back({{"date", date}, {"day_off", false}, {"start_minute", from}, {"end_minute", to}});
    }
    return std::nullopt;
}

}  // namespace

ClinicController::ClinicController(AppState& state, Client& client, Download download)
    : state_(state), client_(client), download_(std::move(download)) {}

std::string ClinicController::role() const { return state_.user ? state_.user->role : ""; }

void ClinicController::notify(Notice::Kind kind, std::string text) { state_.notices.push_back({kind, std::move(text)}); }

void ClinicController::on_signed_in() {
    load_specialties();
    load_notifications();
    const std::string r = role();
    if (r == "patient" || r == "doctor") {
        load_appointments();
        load_wallet();
    }
    if (r == "patient") search_doctors();
    if (r == "doctor") load_profile();
    if (r == "admin") load_queue();
}

void ClinicController::on_signed_out() { state_.clinic = ClinicState{}; }

void ClinicController::on_tab(Tab tab) {
    state_.clinic.detail.reset();
    state_.clinic.doctor.reset();
    switch (tab) {
        case Tab::doctors: return search_doctors();
        case Tab::appointments:
        case Tab::schedule:
        case Tab::overview:
            if (role() == "patient" || role() == "doctor") load_appointments();
            if (role() == "admin") load_queue();
            return;
        case Tab::credits:
        case Tab::earnings:
            load_packages();
            return load_wallet();
        case Tab::notifications: return load_notifications();
        case Tab::profile: return load_profile();
        case Tab::verification: return load_queue();
        default: return;
    }
}

bool ClinicController::on_event(const core::protocol::Event& e) {
    namespace ev = core::protocol::events;
    if (e.name == ev::kAppointmentUpdated) {
        upsert(AppointmentItem::from_json(e.data.value("appointment", json::object())));
    } else if (e.name == ev::kNotificationCreated) {
        const json n = e.data.value("notification", json::object());
        NotificationItem item{n.value("id", std::int64_t{0}), n.value("kind", ""), n.value("title", ""), n.value("body", ""),
                              core::parse_iso8601(n.value("created_at", "")).value_or(core::Instant{}), false, std::nullopt};
        if (n.contains("appointment_id") && n["appointment_id"].is_number_integer()) item.appointment_id = n["appointment_id"].get<std::int64_t>();
        state_.clinic.notifications.insert(state_.clinic.notifications.begin(), item);
        ++state_.clinic.unread;
        notify(Notice::Kind::info, item.title + ": " + item.body);
    } else if (e.name == ev::kWalletUpdated) {
        load_wallet();
    } else if (e.name == ev::kDoctorUpdated) {
        const json p = e.data.value("profile", json::object());
        state_.clinic.verification = p.value("verification", state_.clinic.verification);
        state_.clinic.verification_note = p.value("verification_note", "");
        if (state_.user) state_.user->status = state_.clinic.verification == "verified" ? "active" : "pending_verification";
    } else {
        return false;
    }
    return true;
}

void ClinicController::upsert(const AppointmentItem& a) {
    auto& list = state_.clinic.appointments;
    auto it = std::find_if(list.begin(), list.end(), [&](const AppointmentItem& x) { return x.id == a.id; });
    if (it != list.end()) *it = a;
    else list.push_back(a);
    std::sort(list.begin(), list.end(), [](const AppointmentItem& x, const AppointmentItem& y) { return x.starts_at < y.starts_at; });
    if (state_.clinic.detail && state_.clinic.detail->id == a.id) {
        auto history = std::move(state_.clinic.detail->history);
        state_.clinic.detail = a;
        if (a.history.empty()) state_.clinic.detail->history = std::move(history);
    }
}

bool ClinicController::apply(const Action& action) {
    ClinicState& c = state_.clinic;
    return std::visit(
        [&](const auto& a) -> bool {
            using A = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<A, SearchDoctors>) search_doctors();
            else if constexpr (std::is_same_v<A, OpenDoctor>) open_doctor(a.doctor_id);
            else if constexpr (std::is_same_v<A, CloseDoctor>) c.doctor.reset();
            else if constexpr (std::is_same_v<A, ChooseSlot>) c.booking.slot = a.starts_at;
            else if constexpr (std::is_same_v<A, SubmitBooking>) submit_booking();
            else if constexpr (std::is_same_v<A, LoadAppointments>) load_appointments();
            else if constexpr (std::is_same_v<A, OpenAppointment>) open_appointment(a.appointment_id);
            else if constexpr (std::is_same_v<A, CloseAppointment>) c.detail.reset(), c.rescheduling = false;
            else if constexpr (std::is_same_v<A, AppointmentCommand>) command(a.appointment_id, a.action);
            else if constexpr (std::is_same_v<A, BeginReschedule>) {
                c.rescheduling = true;
                if (c.detail) {
                    c.doctor = DoctorCard{};
                    c.doctor->id = c.detail->doctor_id;
                    c.doctor->name = c.detail->doctor_name;
                    load_slots();
                }
            } else if constexpr (std::is_same_v<A, SubmitReschedule>) reschedule(a.starts_at);
            else if constexpr (std::is_same_v<A, SaveNotes>) save_notes();
            else if constexpr (std::is_same_v<A, DownloadCalendar>) download_calendar(a.appointment_id);
            else if constexpr (std::is_same_v<A, LoadWallet>) load_wallet();
            else if constexpr (std::is_same_v<A, SubmitPurchase>) submit_purchase();
            else if constexpr (std::is_same_v<A, LoadNotifications>) load_notifications();
            else if constexpr (std::is_same_v<A, ReadNotification>) read_notification(a.notification_id);
            else if constexpr (std::is_same_v<A, SaveProfile>) save_profile();
            else if constexpr (std::is_same_v<A, SaveAvailability>) save_availability();
            else if constexpr (std::is_same_v<A, LoadVerificationQueue>) load_queue();
            else if constexpr (std::is_same_v<A, DecideVerification>) decide(a.doctor_id, a.decision);
            else if constexpr (std::is_same_v<A, ShiftAgendaWeek>) c.agenda_week = a.delta == 0 ? 0 : c.agenda_week + a.delta;
            else return false;
            return true;
        },
        action);
}

// ---------------------------------------------------------------------------------------------------
// doctors and booking

void ClinicController::load_specialties() {
    client_.call(RequestType::list_specialties, json::object(), [this](const Response& r) {
        if (!r.ok) return;
        state_.clinic.specialties.clear();
        for (const json& s : r.data.value("specialties", json::array()))
            state_.clinic.specialties.push_back({s.value("code", ""), s.value("name", "")});
    });
}

void ClinicController::search_doctors() {
    ClinicState& c = state_.clinic;
    json query = {{"text", c.search}};
    if (c.specialty_filter > 0 && c.specialty_filter <= int(c.specialties.size()))
        query["specialty"] = c.specialties[size_t(c.specialty_filter - 1)].code;
    c.doctors_loading = true;
    client_.call(RequestType::find_doctors, query, [this](const Response& r) {
        ClinicState& c = state_.clinic;
        c.doctors_loading = false;
        if (!r.ok) return notify(Notice::Kind::error, r.error.message);
        c.doctors.clear();
        for (const json& d : r.data.value("doctors", json::array())) c.doctors.push_back(DoctorCard::from_listing(d));
    });
}

void ClinicController::open_doctor(std::int64_t id) {
    ClinicState& c = state_.clinic;
    auto it = std::find_if(c.doctors.begin(), c.doctors.end(), [&](const DoctorCard& d) { return d.id == id; });
    c.doctor = it != c.doctors.end() ? *it : DoctorCard{};
    c.doctor->id = id;
    c.booking = BookingForm{};
    c.day = 0;
    c.rescheduling = false;
    load_slots();
}

void ClinicController::load_slots() {
    ClinicState& c = state_.clinic;
    if (!c.doctor) return;
    c.slots_loading = true;
    c.slots.clear();
    const core::Instant now = state_.now;
    json query = {{"doctor_id", c.doctor->id}, {"from", core::format_iso8601(now)},
                  {"to", core::format_iso8601(now + days(kBookingDays + 1))}};
    client_.call(RequestType::get_slots, query, [this](const Response& r) {
        ClinicState& c = state_.clinic;
        c.slots_loading = false;
        if (!r.ok) return c.booking.show(r.error);
        for (const json& s : r.data.value("slots", json::array()))
            c.slots.push_back({core::parse_iso8601(s.value("starts_at", "")).value_or(core::Instant{}),
                               core::parse_iso8601(s.value("ends_at", "")).value_or(core::Instant{})});
    });
}

void ClinicController::submit_booking() {
    ClinicState& c = state_.clinic;
    if (!c.doctor || c.booking.busy) return;
    c.booking.clear_errors();
    if (!c.booking.slot) {
        c.booking.error = "Choose a time first.";
        return;
    }
    c.booking.busy = true;
    json data = {{"doctor_id", c.doctor->id}, {"starts_at", core::format_iso8601(*c.booking.slot)}, {"concern", c.booking.concern}};
    client_.call(RequestType::book, data, [this](const Response& r) {
        ClinicState& c = state_.clinic;
        c.booking.busy = false;
        if (!r.ok) {
            c.booking.show(r.error);
            if (r.error.code == core::ErrorCode::slot_taken || r.error.code == core::ErrorCode::slot_unavailable) {
                c.booking.slot.reset();
                load_slots();
            }
            return;
        }
        const AppointmentItem a = AppointmentItem::from_json(r.data.value("appointment", json::object()));
        upsert(a);
        c.doctor.reset();
        c.booking = BookingForm{};
        c.detail = a;
        state_.tab = Tab::appointments;
        notify(Notice::Kind::success, a.status == "confirmed" ? "Your appointment is confirmed." :
                                                               "Request sent. The doctor will confirm it; your credits are held until then.");
        load_wallet();
    });
}

// ---------------------------------------------------------------------------------------------------
// appointments

void ClinicController::load_appointments() {
    ClinicState& c = state_.clinic;
    c.appointments_loading = true;
    const core::Instant now = state_.now;
    json range = {{"from", core::format_iso8601(now - days(365))}, {"to", core::format_iso8601(now + days(400))}};
    client_.call(RequestType::list_appointments, range, [this](const Response& r) {
        ClinicState& c = state_.clinic;
        c.appointments_loading = false;
        if (!r.ok) return notify(Notice::Kind::error, r.error.message);
        c.appointments.clear();
        for (const json& a : r.data.value("appointments", json::array())) c.appointments.push_back(AppointmentItem::from_json(a));
    });
}

void ClinicController::open_appointment(std::int64_t id) {
    ClinicState& c = state_.clinic;
    auto it = std::find_if(c.appointments.begin(), c.appointments.end(), [&](const AppointmentItem& a) { return a.id == id; });
    if (it != c.appointments.end()) c.detail = *it;
    c.action_message.clear();
    c.rescheduling = false;
    c.appointment_form = Form{};
    client_.call(RequestType::get_appointment, {{"appointment_id", id}}, [this](const Response& r) {
        ClinicState& c = state_.clinic;
        if (!r.ok) return notify(Notice::Kind::error, r.error.message);
        const AppointmentItem a = AppointmentItem::from_json(r.data.value("appointment", json::object()));
        c.detail = a;
        c.notes_draft = a.clinical_notes;
        c.summary_draft = a.visit_summary;
        upsert(a);
    });
}

void ClinicController::command(std::int64_t id, const std::string& action) {
    ClinicState& c = state_.clinic;
    if (c.appointment_form.busy) return;
    c.appointment_form.clear_errors();
    c.appointment_form.busy = true;
    client_.call(RequestType::appointment_action, {{"appointment_id", id}, {"action", action}, {"message", c.action_message}},
                 [this, action](const Response& r) {
                     ClinicState& c = state_.clinic;
                     c.appointment_form.busy = false;
                     if (!r.ok) return c.appointment_form.show(r.error);
                     c.action_message.clear();
                     upsert(AppointmentItem::from_json(r.data.value("appointment", json::object())));
                     static const std::map<std::string, std::string> kDone{
                         {"confirm", "Appointment confirmed."}, {"decline", "Request declined; the patient's credits were returned."},
                         {"cancel", "Appointment cancelled."},  {"complete", "Visit marked as completed."},
                         {"no_show", "Marked as missed."},       {"start", "Visit started."}};
                     if (auto it = kDone.find(action); it != kDone.end()) notify(Notice::Kind::success, it->second);
                     load_wallet();
                 });
}

void ClinicController::reschedule(core::Instant starts_at) {
    ClinicState& c = state_.clinic;
    if (!c.detail || c.appointment_form.busy) return;
    c.appointment_form.busy = true;
    client_.call(RequestType::reschedule, {{"appointment_id", c.detail->id}, {"starts_at", core::format_iso8601(starts_at)}},
                 [this](const Response& r) {
                     ClinicState& c = state_.clinic;
                     c.appointment_form.busy = false;
                     if (!r.ok) return c.appointment_form.show(r.error);
                     c.rescheduling = false;
                     c.doctor.reset();
                     upsert(AppointmentItem::from_json(r.data.value("appointment", json::object())));
                     notify(Notice::Kind::success, "Appointment moved.");
                 });
}

void ClinicController::save_notes() {
    ClinicState& c = state_.clinic;
    if (!c.detail || c.appointment_form.busy) return;
    c.appointment_form.busy = true;
    client_.call(RequestType::write_notes,
                 {{"appointment_id", c.detail->id}, {"clinical_notes", c.notes_draft}, {"visit_summary", c.summary_draft}},
                 [this](const Response& r) {
                     ClinicState& c = state_.clinic;
                     c.appointment_form.busy = false;
                     if (!r.ok) return c.appointment_form.show(r.error);
                     upsert(AppointmentItem::from_json(r.data.value("appointment", json::object())));
                     notify(Notice::Kind::success, "Notes saved.");
                 });
}

void ClinicController::download_calendar(std::int64_t id) {
    client_.call(RequestType::appointment_ics, {{"appointment_id", id}}, [this](const Response& r) {
        if (!r.ok) return notify(Notice::Kind::error, r.error.message);
        download_(r.data.value("filename", "appointment.ics"), r.data.value("content_type", "text/calendar"), r.data.value("content", ""));
    });
}

// ---------------------------------------------------------------------------------------------------
// credits

void ClinicController::load_wallet() {
    client_.call(RequestType::get_wallet, json::object(), [this](const Response& r) {
        if (!r.ok) return;
        const json w = r.data.value("wallet", json::object());
        WalletView& v = state_.clinic.wallet;
        v.available = w.value("available", std::int64_t{0});
        v.held = w.value("held", std::int64_t{0});
        v.earnings = w.value("earnings", std::int64_t{0});
        v.entries.clear();
        for (const json& e : w.value("entries", json::array()))
            v.entries.push_back({e.value("kind", ""), e.value("memo", ""), e.value("account", ""), e.value("amount", std::int64_t{0}),
                                 core::parse_iso8601(e.value("at", "")).value_or(core::Instant{})});
        v.loaded = true;
    });
}

void ClinicController::load_packages() {
    client_.call(RequestType::list_packages, json::object(), [this](const Response& r) {
        if (!r.ok) return;
        state_.clinic.packages.clear();
        state_.clinic.test_mode = r.data.value("test_mode", true);
        for (const json& p : r.data.value("packages", json::array()))
            state_.clinic.packages.push_back({p.value("id", ""), p.value("name", ""), p.value("currency", "EUR"),
                                              p.value("credits", 0), p.value("price_cents", 0)});
    });
}

void ClinicController::submit_purchase() {
    PaymentForm& f = state_.clinic.payment;
    if (f.busy) return;
    f.clear_errors();
    if (f.package < 0 || f.package >= int(state_.clinic.packages.size())) return void(f.error = "Choose a package.");
    int month = 0, year = 0;
    if (f.number.empty()) f.field_errors["number"] = "Enter the card number.";
    if (!parse_expiry(f.expiry, month, year)) f.field_errors["expiry"] = "Enter the expiry date like 12/30.";
    if (f.cvc.empty()) f.field_errors["cvc"] = "Enter the 3 or 4 digit security code.";
    if (!f.field_errors.empty()) return;
    if (f.idempotency_key.empty()) f.idempotency_key = new_purchase_key();
    f.busy = true;
    json data = {{"package_id", state_.clinic.packages[size_t(f.package)].id},
                 {"idempotency_key", f.idempotency_key},
                 {"card", {{"number", f.number}, {"exp_month", month}, {"exp_year", year}, {"cvc", f.cvc}, {"holder", f.holder}}}};
    client_.call(RequestType::buy_credits, data, [this](const Response& r) {
        PaymentForm& f = state_.clinic.payment;
        f.busy = false;
        if (!r.ok) {
            // A network failure keeps the key, so trying again cannot charge twice; a real answer
            // (declined, invalid) ends this attempt.
            if (r.error.code != core::ErrorCode::offline) f.idempotency_key.clear();
            if (r.error.field == "card") f.error = r.error.message;
            else f.show(r.error);
            return;
        }
        const json p = r.data.value("purchase", json::object());
        notify(Notice::Kind::success, std::to_string(p.value("credits", 0)) + " credits added. Thank you!");
        f = PaymentForm{};
        load_wallet();
    });
}

// ---------------------------------------------------------------------------------------------------
// notifications

void ClinicController::load_notifications() {
    client_.call(RequestType::list_notifications, {{"limit", 50}}, [this](const Response& r) {
        if (!r.ok) return;
        ClinicState& c = state_.clinic;
        c.notifications.clear();
        c.unread = r.data.value("unread", 0);
        for (const json& n : r.data.value("notifications", json::array())) {
            NotificationItem item{n.value("id", std::int64_t{0}), n.value("kind", ""), n.value("title", ""), n.value("body", ""),
                                  core::parse_iso8601(n.value("created_at", "")).value_or(core::Instant{}), n.value("read", false), std::nullopt};
            if (n.contains("appointment_id") && n["appointment_id"].is_number_integer()) item.appointment_id = n["appointment_id"].get<std::int64_t>();
            c.notifications.push_back(item);
        }
    });
}

void ClinicController::read_notification(std::int64_t id) {
    ClinicState& c = state_.clinic;
    for (NotificationItem& n : c.notifications) {
        if (n.id != id) continue;
        if (!n.read) {
            n.read = true;
            c.unread = std::max(0, c.unread - 1);
            client_.call(RequestType::mark_notification_read, {{"notification_id", id}}, [](const Response&) {});
        }
        if (n.appointment_id) {
            state_.tab = role() == "doctor" ? Tab::schedule : Tab::appointments;
            open_appointment(*n.appointment_id);
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// doctors: own profile, hours; admins: verification

void ClinicController::load_profile() {
    if (!state_.user) return;
    client_.call(RequestType::get_doctor, {{"doctor_id", state_.user->id}}, [this](const Response& r) {
        if (!r.ok) return;
        const DoctorCard d = DoctorCard::from_profile(r.data.value("profile", json::object()));
        ClinicState& c = state_.clinic;
        ProfileForm& f = c.profile;
        const auto& list = core::specialties();
        f.specialty = 0;
        for (size_t i = 0; i < list.size(); ++i)
            if (list[i].code == d.specialty) f.specialty = int(i);
        f.bio = d.bio;
        f.languages.clear();
        for (const std::string& l : d.languages) f.languages += (f.languages.empty() ? "" : ", ") + l;
        f.years = std::to_string(d.years);
        f.licence_number = d.licence_number;
        f.licence_region = d.licence_region;
        f.price = std::to_string(d.price);
        f.loaded = true;
        c.verification = d.verification;
        c.verification_note = d.verification_note;
    });
    client_.call(RequestType::get_availability, json::object(), [this](const Response& r) {
        if (!r.ok) return;
        const json a = r.data.value("availability", json::object());
        AvailabilityForm& f = state_.clinic.availability;
        std::vector<std::pair<int, int>> per_day[7];
        for (const json& h : a.value("weekly", json::array())) {
            const int d = h.value("weekday", 0);
            if (d >= 0 && d < 7) per_day[d].emplace_back(h.value("start_minute", 0), h.value("end_minute", 0));
        }
        for (int d = 0; d < 7; ++d) f.weekly[d] = format_ranges(per_day[d]);
        f.exceptions.clear();
        for (const json& e : a.value("exceptions", json::array())) {
            f.exceptions += e.value("date", "");
            f.exceptions += e.value("day_off", true) ? " off" : " " + format_ranges({{e.value("start_minute", 0), e.value("end_minute", 0)}});
            f.exceptions += "\n";
        }
        const int slot = a.value("slot_minutes", 30);
        f.slot_minutes = 2;
        for (int i = 0; i < 5; ++i)
            if (kSlotLengths[i] == slot) f.slot_minutes = i;
        f.buffer_minutes = std::to_string(a.value("buffer_minutes", 0));
        f.min_notice_hours = std::to_string(a.value("min_notice_minutes", 120) / 60);
        f.horizon_days = std::to_string(a.value("horizon_days", 60));
        f.auto_confirm = a.value("auto_confirm", false);
        f.loaded = true;
    });
}

void ClinicController::save_profile() {
    ProfileForm& f = state_.clinic.profile;
    if (f.busy) return;
    f.clear_errors();
    json languages = json::array();
    std::stringstream parts(f.languages);
    for (std::string part; std::getline(parts, part, ',');) {
        part.erase(0, part.find_first_not_of(' '));
        part.erase(part.find_last_not_of(' ') + 1);
        if (!part.empty()) languages.push_back(part);
    }
    int years = -1, price = -1;
    std::sscanf(f.years.c_str(), "%d", &years);
    std::sscanf(f.price.c_str(), "%d", &price);
    const auto& list = core::specialties();
    json data = {{"specialty", list[size_t(std::clamp(f.specialty, 0, int(list.size()) - 1))].code},
                 {"bio", f.bio}, {"languages", languages}, {"years_of_practice", years},
                 {"licence_number", f.licence_number}, {"licence_region", f.licence_region}, {"price_credits", price}};
    f.busy = true;
    client_.call(RequestType::update_doctor_profile, data, [this](const Response& r) {
        ProfileForm& f = state_.clinic.profile;
        f.busy = false;
        if (!r.ok) return f.show(r.error);
        const DoctorCard d = DoctorCard::from_profile(r.data.value("profile", json::object()));
        state_.clinic.verification = d.verification;
        state_.clinic.verification_note = d.verification_note;
        notify(Notice::Kind::success, d.verification == "pending" ? "Profile saved. It will be checked by our team." : "Profile saved.");
    });
}

void ClinicController::save_availability() {
    AvailabilityForm& f = state_.clinic.availability;
    if (f.busy) return;
    f.clear_errors();
    static const char* kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    json weekly = json::array();
    for (int d = 0; d < 7; ++d) {
        std::vector<std::pair<int, int>> ranges;
        if (auto e = parse_ranges(f.weekly[d], ranges)) f.field_errors["weekly_" + std::to_string(d)] = std::string(kDays[d]) + ": " + *e;
        for (auto [from, to] : ranges) weekly.push_back({{"weekday", d}, {"start_minute", from}, {"end_minute", to}});
    }
    json exceptions;
    if (auto e = parse_exceptions(f.exceptions, exceptions)) f.field_errors["exceptions"] = *e;
    int buffer = -1, notice = -1, horizon = -1;
    if (std::sscanf(f.buffer_minutes.c_str(), "%d", &buffer) != 1) f.field_errors["buffer_minutes"] = "Enter a number of minutes.";
    if (std::sscanf(f.min_notice_hours.c_str(), "%d", &notice) != 1) f.field_errors["min_notice_minutes"] = "Enter a number of hours.";
    if (std::sscanf(f.horizon_days.c_str(), "%d", &horizon) != 1) f.field_errors["horizon_days"] = "Enter a number of days.";
    if (!f.field_errors.empty()) return;
    json availability = {{"weekly", weekly}, {"exceptions", exceptions}, {"slot_minutes", kSlotLengths[std::clamp(f.slot_minutes, 0, 4)]},
                         {"buffer_minutes", buffer}, {"min_notice_minutes", notice * 60}, {"horizon_days", horizon},
                         {"auto_confirm", f.auto_confirm}};
    f.busy = true;
    client_.call(RequestType::set_availability, {{"availability", availability}}, [this](const Response& r) {
        AvailabilityForm& f = state_.clinic.availability;
        f.busy = false;
        if (!r.ok) return f.show(r.error);
        notify(Notice::Kind::success, "Opening hours saved.");
    });
}

void ClinicController::load_queue() {
    state_.clinic.queue_loading = true;
    client_.call(RequestType::verification_queue, json::object(), [this](const Response& r) {
        ClinicState& c = state_.clinic;
        c.queue_loading = false;
        if (!r.ok) return notify(Notice::Kind::error, r.error.message);
        c.queue.clear();
        for (const json& d : r.data.value("doctors", json::array())) c.queue.push_back(DoctorCard::from_listing(d));
    });
}

void ClinicController::decide(std::int64_t doctor, const std::string& decision) {
    const std::string reason = state_.clinic.decision_reasons[doctor];
    client_.call(RequestType::decide_verification, {{"doctor_id", doctor}, {"decision", decision}, {"reason", reason}},
                 [this, doctor, decision](const Response& r) {
                     if (!r.ok) return notify(Notice::Kind::error, r.error.message);
                     state_.clinic.decision_reasons.erase(doctor);
                     notify(Notice::Kind::success, decision == "verified" ? "Doctor verified." : decision == "rejected" ? "Verification rejected; the doctor was told why." : "Doctor suspended.");
                     load_queue();
                 });
}

}  // namespace app
