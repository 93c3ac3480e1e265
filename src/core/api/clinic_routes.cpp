// Clinic requests: doctors, availability, booking, appointments, credits, notifications.
#include <algorithm>
#include <set>

#include "core/api/route_context.h"
#include "core/api/wire.h"

namespace core::api_detail {
namespace {

using protocol::json;
using protocol::RequestType;

Result<AppointmentAction> action_from(const std::string& s) {
    static const std::pair<const char*, AppointmentAction> kActions[] = {
        {"confirm", AppointmentAction::confirm}, {"decline", AppointmentAction::decline},
        {"cancel", AppointmentAction::cancel},   {"start", AppointmentAction::start},
        {"complete", AppointmentAction::complete}, {"no_show", AppointmentAction::no_show}};
    for (const auto& [name, action] : kActions)
        if (s == name) return action;
    return Error::of(ErrorCode::invalid_field, "Unknown action \"" + s + "\".", "action");
}

// Replies with the appointment as the viewer may see it.
void reply_appointment(Context& c, ClinicService& clinic, UserId viewer, AppointmentId id, bool history) {
    auto view = clinic.appointment(viewer, id);
    if (!view) return reply_error(c, view.error());
    reply_ok(c, {{"appointment", wire::appointment(view.value(), clinic.policy().join, history)}});
}

}  // namespace

void deliver_clinic_effects(ClinicService& clinic, const ClinicEffects& fx, std::vector<Delivery>& out) {
    const auto to_user = [&](UserId u, const char* name, json data) {
        out.push_back({Audience{Audience::Kind::user, u}, {name, std::move(data)}});
    };
    std::set<AppointmentId> seen;
    for (auto it = fx.appointments.rbegin(); it != fx.appointments.rend(); ++it) {  // latest state wins
        if (!seen.insert(it->id).second) continue;
        for (UserId viewer : {it->patient_id, it->doctor_id})  // each side gets its own copy (notes!)
            if (auto view = clinic.appointment(viewer, it->id))
                to_user(viewer, protocol::events::kAppointmentUpdated,
                        {{"appointment", wire::appointment(view.value(), clinic.policy().join, false)}});
    }
    for (const Notification& n : fx.notifications) to_user(n.user_id, protocol::events::kNotificationCreated, {{"notification", wire::notification(n)}});
    std::set<UserId> wallets(fx.wallets.begin(), fx.wallets.end());
    for (UserId u : wallets)
        if (auto w = clinic.wallet(u)) to_user(u, protocol::events::kWalletUpdated, {{"available", w->available}, {"held", w->held}, {"earnings", w->earnings}});
    std::set<UserId> doctors(fx.doctors.begin(), fx.doctors.end());
    for (UserId d : doctors)
        if (auto p = clinic.doctor_profile(d, d)) to_user(d, protocol::events::kDoctorUpdated, {{"profile", wire::doctor_profile(p.value())}});
}

bool handle_clinic(Context& c, ClinicService& clinic, const Authenticated& auth) {
    const json& d = c.request.data;
    const UserId me = auth.user.id;
    ClinicEffects fx;
    switch (c.request.type) {
        case RequestType::list_specialties: reply_ok(c, {{"specialties", wire::specialties()}}); break;
        case RequestType::find_doctors: {
            auto r = clinic.find_doctors({protocol::optional_string(d, "specialty").value_or(""),
                                          protocol::optional_string(d, "text").value_or("").substr(0, 100)});
            if (fail_if(c, r)) break;
            json list = json::array();
            for (const DoctorListing& l : r.value()) list.push_back(wire::doctor_listing(l));
            reply_ok(c, {{"doctors", list}});
            break;
        }
        case RequestType::get_doctor: {
            auto id = protocol::require_int(d, "doctor_id");
            if (fail_if(c, id)) break;
            auto p = clinic.doctor_profile(me, id.value());
            if (fail_if(c, p)) break;
            reply_ok(c, {{"profile", wire::doctor_profile(p.value())}});
            break;
        }
        case RequestType::get_slots: {
            auto id = protocol::require_int(d, "doctor_id");
            if (fail_if(c, id)) break;
            auto from = protocol::require_instant(d, "from");
            if (fail_if(c, from)) break;
            auto to = protocol::require_instant(d, "to");
            if (fail_if(c, to)) break;
            auto slots = clinic.slots(id.value(), from.value(), to.value());
            if (fail_if(c, slots)) break;
            json list = json::array();
            for (const Slot& s : slots.value()) list.push_back(wire::slot(s));
            reply_ok(c, {{"slots", list}});
            break;
        }
        case RequestType::update_doctor_profile: {
            auto in = wire::profile_input_from(d);
            if (fail_if(c, in)) break;
            auto p = clinic.update_doctor_profile(me, in.value(), fx);
            if (fail_if(c, p)) break;
            reply_ok(c, {{"profile", wire::doctor_profile(p.value())}});
            break;
        }
        case RequestType::get_availability: {
            auto a = clinic.availability(me, me);
            if (fail_if(c, a)) break;
            reply_ok(c, {{"availability", wire::availability(a.value())}});
            break;
        }
        case RequestType::set_availability: {
            auto in = wire::availability_from(d.value("availability", json()));
            if (fail_if(c, in)) break;
            auto a = clinic.set_availability(me, in.value());
            if (fail_if(c, a)) break;
            reply_ok(c, {{"availability", wire::availability(a.value())}});
            break;
        }
        case RequestType::verification_queue: {
            auto q = clinic.verification_queue(me);
            if (fail_if(c, q)) break;
            json list = json::array();
            for (const DoctorListing& l : q.value()) {
                json x = wire::doctor_listing(l);
                x["email"] = l.user.email;
                x["signed_up_at"] = format_iso8601(l.user.created_at);
                list.push_back(x);
            }
            reply_ok(c, {{"doctors", list}});
            break;
        }
        case RequestType::decide_verification: {
            auto id = protocol::require_int(d, "doctor_id");
            if (fail_if(c, id)) break;
            auto decision = protocol::require_string(d, "decision");
            if (fail_if(c, decision)) break;
            auto v = verification_from_string(decision.value());
            if (!v) {
                reply_error(c, Error::of(ErrorCode::invalid_field, "Choose verified, rejected or suspended.", "decision"));
                break;
            }
            auto p = clinic.decide_verification(me, id.value(), *v, protocol::optional_string(d, "reason").value_or(""), fx);
            if (fail_if(c, p)) break;
            reply_ok(c, {{"profile", wire::doctor_profile(p.value())}});
            break;
        }
        case RequestType::book: {
            auto doctor = protocol::require_int(d, "doctor_id");
            if (fail_if(c, doctor)) break;
            auto start = protocol::require_instant(d, "starts_at");
            if (fail_if(c, start)) break;
            auto a = clinic.book(me, doctor.value(), start.value(), protocol::optional_string(d, "concern").value_or(""), fx);
            if (fail_if(c, a)) break;
            reply_appointment(c, clinic, me, a->id, true);
            break;
        }
        case RequestType::appointment_action: {
            auto id = protocol::require_int(d, "appointment_id");
            if (fail_if(c, id)) break;
            auto name = protocol::require_string(d, "action");
            if (fail_if(c, name)) break;
            auto action = action_from(name.value());
            if (fail_if(c, action)) break;
            auto a = clinic.act(me, id.value(), action.value(), protocol::optional_string(d, "message").value_or(""), fx);
            if (fail_if(c, a)) break;
            reply_appointment(c, clinic, me, a->id, true);
            break;
        }
        case RequestType::reschedule: {
            auto id = protocol::require_int(d, "appointment_id");
            if (fail_if(c, id)) break;
            auto start = protocol::require_instant(d, "starts_at");
            if (fail_if(c, start)) break;
            auto a = clinic.reschedule(me, id.value(), start.value(), fx);
            if (fail_if(c, a)) break;
            reply_appointment(c, clinic, me, a->id, true);
            break;
        }
        case RequestType::write_notes: {
            auto id = protocol::require_int(d, "appointment_id");
            if (fail_if(c, id)) break;
            auto a = clinic.write_notes(me, id.value(), protocol::optional_string(d, "clinical_notes"),
                                        protocol::optional_string(d, "visit_summary"), fx);
            if (fail_if(c, a)) break;
            reply_appointment(c, clinic, me, a->id, true);
            break;
        }
        case RequestType::get_appointment: {
            auto id = protocol::require_int(d, "appointment_id");
            if (fail_if(c, id)) break;
            reply_appointment(c, clinic, me, id.value(), true);
            break;
        }
        case RequestType::list_appointments: {
            auto from = protocol::require_instant(d, "from");
            if (fail_if(c, from)) break;
            auto to = protocol::require_instant(d, "to");
            if (fail_if(c, to)) break;
            auto list = clinic.appointments(me, from.value(), to.value());
            if (fail_if(c, list)) break;
            json out = json::array();
            for (const AppointmentView& v : list.value()) out.push_back(wire::appointment(v, clinic.policy().join, false));
            reply_ok(c, {{"appointments", out}});
            break;
        }
        case RequestType::appointment_ics: {
            auto id = protocol::require_int(d, "appointment_id");
            if (fail_if(c, id)) break;
            auto ics = clinic.ics(me, id.value(), "telemed.local");
            if (fail_if(c, ics)) break;
            reply_ok(c, {{"filename", "appointment-" + std::to_string(id.value()) + ".ics"},
                         {"content_type", "text/calendar; charset=utf-8"}, {"content", ics.value()}});
            break;
        }
        case RequestType::list_packages: reply_ok(c, wire::packages(true)); break;
        case RequestType::buy_credits: {
            auto package = protocol::require_string(d, "package_id");
            if (fail_if(c, package)) break;
            auto key = protocol::require_string(d, "idempotency_key");
            if (fail_if(c, key)) break;
            auto card = wire::card_from(d.value("card", json()));
            if (fail_if(c, card)) break;
            auto p = clinic.buy_credits(me, package.value(), card.value(), key.value(), fx);
            if (fail_if(c, p)) break;
            auto w = clinic.wallet(me);
            reply_ok(c, {{"purchase", wire::purchase(p.value())}, {"wallet", w ? wire::wallet(w.value()) : json()}});
            break;
        }
        case RequestType::get_wallet: {
            auto w = clinic.wallet(me);
            if (fail_if(c, w)) break;
            reply_ok(c, {{"wallet", wire::wallet(w.value())}});
            break;
        }
        case RequestType::list_notifications: {
            const int limit = d.contains("limit") && d["limit"].is_number_integer() ? d["limit"].get<int>() : 50;
            auto list = clinic.notifications(me, limit);
            if (fail_if(c, list)) break;
            json out = json::array();
            int unread = 0;
            for (const Notification& n : list.value()) {
                out.push_back(wire::notification(n));
                unread += !n.read_at;
            }
            reply_ok(c, {{"notifications", out}, {"unread", unread}});
            break;
        }
        case RequestType::mark_notification_read: {
            auto id = protocol::require_int(d, "notification_id");
            if (fail_if(c, id)) break;
            auto r = clinic.mark_notification_read(me, id.value());
            if (fail_if(c, r)) break;
            reply_ok(c, json::object());
            break;
        }
        default: return false;
    }
    deliver_clinic_effects(clinic, fx, c.outcome.deliveries);
    return true;
}

}  // namespace core::api_detail
