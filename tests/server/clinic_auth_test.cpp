// Who may see and touch what in the clinic, over the real server: another patient's appointment does
// not exist for you; another doctor's neither; clinical notes never reach the patient; both sides hear
// appointment.updated live.
#include <catch2/catch.hpp>

#include "clinic_flows.h"

using namespace test;

namespace {

// A doctor, two patients with credits, and one appointment of the first patient.
struct Scene {
    std::uint16_t port;
    Person doctor, other_doctor, patient, other_patient;
    std::int64_t appointment = 0;
    std::string starts_at;

    explicit Scene(std::uint16_t p) : port(p) {
        doctor = verified_doctor(port, all_week(30, 0));
        other_doctor = verified_doctor(port, all_week(30, 0));
        patient = sign_up_person(port, "patient");
        other_patient = sign_up_person(port, "other-patient");
        data_of(buy_credits(patient, "bundle5", "auth-" + patient.email), "buy_credits");
        data_of(buy_credits(other_patient, "bundle5", "auth-" + other_patient.email), "buy_credits");
        const auto slots = get_slots(patient, doctor.id, now_utc() + std::chrono::hours(2), now_utc() + std::chrono::hours(30));
        REQUIRE(slots.size() >= 2);
        starts_at = slots[0]["starts_at"];
        appointment = data_of(book(patient, doctor.id, starts_at), "book")["appointment"]["id"].get<std::int64_t>();
    }
};

}  // namespace

TEST_CASE("[server] clinic authorization", "[server][clinic]") {
    Scene s(shared_server().port());
    const json id = {{"appointment_id", s.appointment}};

    SECTION("another patient cannot read, cancel, annotate or reschedule it") {
        CHECK(error_code(s.other_patient.request("get_appointment", id)) == "not_found");
        CHECK(error_code(s.other_patient.request("appointment_action", {{"appointment_id", s.appointment}, {"action", "cancel"}})) ==
              "not_found");
        CHECK(error_code(s.other_patient.request("write_notes", {{"appointment_id", s.appointment}, {"visit_summary", "x"}})) ==
              "not_found");
        CHECK(error_code(s.other_patient.request("appointment_ics", id)) == "not_found");
        CHECK(error_code(s.other_patient.request("reschedule", {{"appointment_id", s.appointment}, {"starts_at", s.starts_at}})) ==
              "not_found");
        // ... and it is not in their list, nor in their wallet.
        const json list = data_of(s.other_patient.request("list_appointments", {{"from", iso(now_utc())},
                                                                                {"to", iso(now_utc() + std::chrono::hours(48))}}),
                                  "list_appointments");
        CHECK(list["appointments"].empty());
        const json wallet = data_of(s.other_patient.request("get_wallet"), "get_wallet")["wallet"];
        CHECK(wallet["available"] == 10);
        CHECK(wallet["held"] == 0);
        for (const json& e : wallet["entries"]) CHECK_FALSE(e.contains("appointment_id"));
        // The owner still has it, untouched.
        const json mine = data_of(s.patient.request("get_appointment", id), "get_appointment")["appointment"];
        CHECK(mine["status"] == "requested");
        CHECK(data_of(s.patient.request("get_wallet"), "get_wallet")["wallet"]["held"] == 2);
    }
    SECTION("the patient cannot write notes or confirm their own request") {
        CHECK(error_code(s.patient.request("write_notes", {{"appointment_id", s.appointment}, {"clinical_notes", "x"}})) ==
              "forbidden");
        CHECK(error_code(s.patient.request("appointment_action", {{"appointment_id", s.appointment}, {"action", "confirm"}})) !=
              "(ok)");
    }
    SECTION("another doctor cannot act on it") {
        CHECK(error_code(s.other_doctor.request("get_appointment", id)) == "not_found");
        for (const char* action : {"confirm", "decline", "cancel"})
            CHECK(error_code(s.other_doctor.request("appointment_action", {{"appointment_id", s.appointment},
                                                                           {"action", action},
                                                                           {"message", "Not mine"}})) == "not_found");
        CHECK(error_code(s.other_doctor.request("write_notes", {{"appointment_id", s.appointment}, {"clinical_notes", "x"}})) ==
              "not_found");
        CHECK(data_of(s.patient.request("get_appointment", id), "get_appointment")["appointment"]["status"] == "requested");
    }
    SECTION("confirming reaches both sides live; clinical notes never reach the patient") {
        // A second connection of each side, signed in separately, listens for events.
        auto patient_tab = greeted(s.port);
        data_of(sign_in(*patient_tab, s.patient.email), "patient sign_in");
        auto doctor_tab = greeted(s.port);
        data_of(sign_in(*doctor_tab, s.doctor.email), "doctor sign_in");

        const json confirmed = data_of(s.doctor.request("appointment_action", {{"appointment_id", s.appointment}, {"action", "confirm"}}),
                                       "confirm");
        CHECK(confirmed["appointment"]["status"] == "confirmed");
        const json to_patient = patient_tab->await_event("appointment.updated");
        CHECK(to_patient["data"]["appointment"]["id"] == s.appointment);
        CHECK(to_patient["data"]["appointment"]["status"] == "confirmed");
        const json to_doctor = doctor_tab->await_event("appointment.updated");
        CHECK(to_doctor["data"]["appointment"]["status"] == "confirmed");
        CHECK(to_doctor["data"]["appointment"].contains("clinical_notes"));

        const json written = data_of(s.doctor.request("write_notes", {{"appointment_id", s.appointment},
                                                                      {"clinical_notes", "Suspected migraine; private"},
                                                                      {"visit_summary", "Rest, water, come back if worse"}}),
                                     "write_notes");
        CHECK(written["appointment"]["clinical_notes"] == "Suspected migraine; private");
        const json patient_event = patient_tab->await_event("appointment.updated");
        CHECK(patient_event["data"]["appointment"]["visit_summary"] == "Rest, water, come back if worse");
        CHECK_FALSE(patient_event["data"]["appointment"].contains("clinical_notes"));
        CHECK(patient_event.dump().find("Suspected migraine") == std::string::npos);
        const json patient_copy = data_of(s.patient.request("get_appointment", id), "get_appointment");
        CHECK_FALSE(patient_copy["appointment"].contains("clinical_notes"));
        CHECK(patient_copy.dump().find("Suspected migraine") == std::string::npos);
        const json patient_list = data_of(s.patient.request("list_appointments", {{"from", iso(now_utc())},
                                                                                   {"to", iso(now_utc() + std::chrono::hours(48))}}),
                                          "list_appointments");
        CHECK(patient_list.dump().find("Suspected migraine") == std::string::npos);
        const json doctor_event = doctor_tab->await_event("appointment.updated");
        CHECK(doctor_event["data"]["appointment"]["clinical_notes"] == "Suspected migraine; private");
    }
}
