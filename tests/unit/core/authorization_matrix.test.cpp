// The authorization matrix (issue 12, "The proof suite"): every request type of the protocol
// (CORE_REQUEST_TYPES, core/protocol/protocol.h) sent by every kind of asker — before hello, signed
// out, a guest of another call's invitation, another patient, an unrelated doctor, the victim's other
// doctor, support, admin — at someone else's object: a patient's appointment, conversation, message,
// attachment, recording, notification, invitation, call. Each cell expects the error code the protocol
// documents (docs/PROTOCOL.md), or, where the request is about the asker alone or public by design,
// an answer; and in every cell neither the reply nor any event delivered to the asker carries a trace
// of the victim's private data (the markers below). A denied request also tells nobody anything.
//
// The rows are looked up by iterating the registry, so a request type added to CORE_REQUEST_TYPES
// without a row here fails this test with its name.
//
// Runs through the dispatcher over the in-memory store, one fresh scene per row (rows may change
// state: a suspended doctor, a revoked invitation). Also compiled into the WASM test runner.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "../../support/test_files.h"
#include "core/crypto/base64.h"
#include "fixture_zones.h"
#include "services_fixture.h"

using namespace core;
using namespace std::chrono_literals;
using json = nlohmann::json;
using protocol::RequestType;
using test_scene::at;
using test_scene::Client;
using test_scene::kPassword;

namespace {

// Strings that only the victim patient, the victim's doctor (and whoever they chose) may ever see.
// Each is planted in the scene; a reply or event carrying one of them is a leak.
constexpr const char* kConcern = "SECRET-CONCERN-7f3a";
constexpr const char* kNotes = "SECRET-NOTES-7f3a";
constexpr const char* kMessage = "SECRET-MESSAGE-7f3a";
constexpr const char* kChat = "SECRET-CHAT-7f3a";
constexpr const char* kFileName = "secret-scan-7f3a.png";
constexpr const char* kRecordingBytes = "SECRET-RECORDING-7f3a";
constexpr const char* kDecline = "SECRET-DECLINE-7f3a";  // the victim's other doctor's visit, declined with a reason
// Who the victim is: known to the victim's doctors and to the administrator (accounts), nobody else.
constexpr const char* kVictimEmail = "victim@example.com";
constexpr const char* kVictimName = "Vera Victim-7f3a";

enum class Asker { before_hello, signed_out, guest, patient, doctor, other_doctor, support, admin };
constexpr std::array kAskers = {Asker::before_hello, Asker::signed_out, Asker::guest,        Asker::patient,
                                Asker::doctor,       Asker::other_doctor, Asker::support, Asker::admin};

const char* name_of(Asker a) {
    switch (a) {
        case Asker::before_hello: return "before hello";
        case Asker::signed_out: return "signed out";
        case Asker::guest: return "guest of another call";
        case Asker::patient: return "another patient";
        case Asker::doctor: return "an unrelated doctor";
        case Asker::other_doctor: return "the victim's other doctor";
        case Asker::support: return "support";
        case Asker::admin: return "admin";
    }
    return "?";
}
bool knows_victim(Asker a) { return a == Asker::other_doctor || a == Asker::admin; }

// The victim (a patient), her doctor, and everything they made together, plus the askers.
//   visit:        victim + doctor, Monday 09:00 UTC, confirmed, its call live (both in), recorded,
//                 a call chat line, clinical notes, a booking concern
//   conversation: victim <-> doctor, one message and one photo; link tokens for both files
//   other_visit:  victim + other_doctor, 10:00, declined with a reason (the "another doctor's visit")
//   pending:      a doctor not yet verified (a private profile)
//   askers' own:  the other patient's visit with the unrelated doctor (09:00, its call open, a guest
//                 invited to it: that guest is the "guest" asker), and one with the victim's doctor
struct Scene : test_scene::ServicesFixture {
    UserId admin = 0, support = 0, doctor = 0, other_doctor = 0, stranger_doctor = 0, pending_doctor = 0;
    UserId victim = 0, other_patient = 0;
    AppointmentId visit = 0, other_visit = 0, own_visit = 0;
    std::int64_t conversation = 0, message = 0, attachment = 0, recording = 0, notification = 0, invite = 0;
    std::string victim_token, invite_token, recording_token, attachment_token;
    const Instant start = at("2026-11-16T09:00:00Z");  // a Monday

    Client victim_c{services}, doctor_c{services};
    std::map<Asker, Client> askers;

    static ServicePolicies policies() {
        ServicePolicies p;
        p.recordings.link_key = "matrix key";
        return p;
    }

    Scene() : ServicesFixture(at("2026-11-16T08:40:00Z"), policies()) {  // sessions stay live (30 min idle) until the call at 08:55
        install_fixture_zones();
        admin = accounts.ensure_account({"admin@example.com", kPassword, "Admin", Role::admin, "UTC"}, AccountStatus::active)->id;
        support = accounts.ensure_account({"support@example.com", kPassword, "Sam Support", Role::support, "UTC"}, AccountStatus::active)->id;
        doctor = make_doctor("dr@example.com", "Dr. Amara Okafor", true);
        other_doctor = make_doctor("dr2@example.com", "Dr. Bo Other", true);
        stranger_doctor = make_doctor("dr3@example.com", "Dr. Cy Stranger", true);
        pending_doctor = make_doctor("dr4@example.com", "Dr. Pending", false);
        victim = make_patient(kVictimEmail, kVictimName);
        other_patient = make_patient("pat2@example.com", "Otto Patient");

        victim_token = must(victim_c.hello().reply("sign_in", {{"email", kVictimEmail}, {"password", kPassword}}))["token"];
        doctor_c.hello().sign_in("dr@example.com");
        Client other_doctor_c(services), stranger_doctor_c(services), other_patient_c(services);
        other_doctor_c.hello().sign_in("dr2@example.com");
        stranger_doctor_c.hello().sign_in("dr3@example.com");
        other_patient_c.hello().sign_in("pat2@example.com");

        visit = book(victim_c, doctor_c, doctor, start, kConcern);
        other_visit = book(victim_c, other_doctor_c, other_doctor, start + 1h, "");
        own_visit = book(other_patient_c, stranger_doctor_c, stranger_doctor, start, "");
        book(other_patient_c, doctor_c, doctor, start + 2h, "");
        // The victim's other visit, declined instead of confirmed: its reason is private too.
        const AppointmentId declined = must(victim_c.reply("book", {{"doctor_id", other_doctor}, {"starts_at", "2026-11-16T12:00:00Z"}}))["appointment"]["id"];
        must(other_doctor_c.reply("appointment_action", {{"appointment_id", declined}, {"action", "decline"}, {"message", kDecline}}));

        must(doctor_c.reply("write_notes", {{"appointment_id", visit}, {"clinical_notes", kNotes}}));

        // The call of the visit: both in, a chat line, a recording made with both consenting.
        clock.set(start - 5min);
        must(doctor_c.reply("call_join", {{"appointment_id", visit}}));
        must(victim_c.reply("call_join", {{"appointment_id", visit}}));
        must(doctor_c.reply("call_admit", {{"appointment_id", visit}, {"user_id", victim}}));
        must(victim_c.reply("call_chat", {{"appointment_id", visit}, {"text", kChat}}));
        must(doctor_c.reply("call_recording", {{"appointment_id", visit}, {"action", "request"}}));
        must(victim_c.reply("call_recording", {{"appointment_id", visit}, {"action", "consent"}}));
        recording = must(doctor_c.reply("recording_start", {{"appointment_id", visit}, {"mime_type", "video/webm"}}))["recording"]["id"];
        must(doctor_c.reply("recording_chunk", {{"recording_id", recording}, {"seq", 0}, {"data", base64_encode(kRecordingBytes)}}));
        must(doctor_c.reply("recording_finish", {{"recording_id", recording}, {"duration_ms", 1000}}));
        recording_token = must(victim_c.reply("recording_access", {{"recording_id", recording}, {"action", "play"}}))["token"];
        const json made = must(doctor_c.reply("call_invite_create", {{"appointment_id", visit}, {"role", "family"}, {"name", "Vera's sister"}}));
        invite = made["invite"]["id"];
        invite_token = made["token"];

        // The conversation: a message and a photo.
        conversation = must(victim_c.reply("open_conversation", {{"user_id", doctor}}))["conversation"]["id"];
        message = must(victim_c.reply("send_message", {{"conversation_id", conversation}, {"client_message_id", "m-1"}, {"text", kMessage}}))["message"]["id"];
        const std::string png = test_files::tiny_png();
        attachment = must(victim_c.reply("attachment_begin", {{"conversation_id", conversation}, {"name", kFileName}, {"size", png.size()}}))["attachment_id"];
        must(victim_c.reply("attachment_chunk", {{"attachment_id", attachment}, {"seq", 0}, {"data", base64_encode(png)}}));
        must(victim_c.reply("send_message", {{"conversation_id", conversation}, {"client_message_id", "m-2"}, {"text", ""}, {"attachment_id", attachment}}));
        attachment_token = must(victim_c.reply("attachment_link", {{"attachment_id", attachment}}))["token"];

        const json notes = must(victim_c.reply("list_notifications"))["notifications"];
        REQUIRE_FALSE(notes.empty());
        notification = notes[0]["id"];

        // The askers. The guest came in through an invitation to the other patient's visit.
        must(stranger_doctor_c.reply("call_join", {{"appointment_id", own_visit}}));
        const std::string guest_token = must(stranger_doctor_c.reply("call_invite_create", {{"appointment_id", own_visit}, {"role", "interpreter"}, {"name", "Ivo"}}))["token"];
        for (Asker a : kAskers) askers.emplace(a, Client(services));
        for (Asker a : kAskers)
            if (a != Asker::before_hello) askers.at(a).hello();
        must(askers.at(Asker::guest).reply("invite_join", {{"token", guest_token}, {"display_name", "Ivo"}}));
        askers.at(Asker::patient).sign_in("pat2@example.com");
        askers.at(Asker::doctor).sign_in("dr3@example.com");
        askers.at(Asker::other_doctor).sign_in("dr2@example.com");
        askers.at(Asker::support).sign_in("support@example.com");
        askers.at(Asker::admin).sign_in("admin@example.com");
    }

    // Rows in the access logs of the victim's attachment and recording: a refused request writes none.
    std::size_t access_rows() {
        return store.transact([&](Transaction& tx) {
                        return tx.messaging().attachment_accesses(attachment).size() + tx.recordings().recording_accesses(recording).size();
                    })
            .value;
    }

    static json must(const json& reply) {
        INFO(reply.dump());
        REQUIRE(reply["ok"] == true);
        return reply["data"];
    }

    UserId make_doctor(const std::string& email, const std::string& name, bool verified) {
        Effects fx;
        const UserId id = accounts.sign_up({email, kPassword, name, Role::doctor, "Europe/Berlin"})->user.id;
        REQUIRE(clinic.update_doctor_profile(id, {"cardiology", "Bio", {"English"}, 10, "LIC-" + email, "Berlin Chamber", 2}, fx));
        Availability a;
        for (int d = 0; d < 7; ++d) a.weekly.push_back({d, 8 * 60, 18 * 60});
        a.min_notice_minutes = 0;
        REQUIRE(clinic.set_availability(id, a));
        if (verified) REQUIRE(clinic.decide_verification(admin, id, Verification::verified, "", fx));
        return id;
    }
    UserId make_patient(const std::string& email, const std::string& name) {
        Effects fx;
        const UserId id = accounts.sign_up({email, kPassword, name, Role::patient, "UTC"})->user.id;
        REQUIRE(credits.buy_credits(id, "bundle5", {"4242 4242 4242 4242", 12, 2030, "123", "Z"}, "key-" + email, fx));
        return id;
    }
    AppointmentId book(Client& patient, Client& doctor_client, UserId doc, Instant when, const std::string& concern) {
        const AppointmentId id = must(patient.reply("book", {{"doctor_id", doc}, {"starts_at", format_iso8601(when)}, {"concern", concern}}))["appointment"]["id"];
        must(doctor_client.reply("appointment_action", {{"appointment_id", id}, {"action", "confirm"}}));
        return id;
    }
};

// What a cell expects: a documented error code, or kAllowed (the request is about the asker alone,
// or public by design; the leak check still applies).
constexpr const char* kAllowed = "ok";

struct Row {
    std::function<json(const Scene&)> payload;
    // The answer for every signed-in asker (patient, doctors, support, admin) unless `except` says.
    std::string signed_in;
    std::map<Asker, std::string> except{};
    // Foreign data that no marker string can catch (a presence state): true when the reply is clean.
    std::function<bool(const json& reply, Asker, const Scene&)> clean = nullptr;
    // Before hello every request but hello is refused with hello_required; signed out, a request for
    // signed-in people is refused with unauthenticated, and a guest may only take part in their own
    // call (forbidden). Rows for requests a visitor or a guest may send say otherwise in `except`.
    std::string expected(Asker a) const {
        if (auto it = except.find(a); it != except.end()) return it->second;
        switch (a) {
            case Asker::before_hello: return "hello_required";
            case Asker::signed_out: return "unauthenticated";
            case Asker::guest: return "forbidden";
            default: return signed_in;
        }
    }
};

json none(const Scene&) { return json::object(); }

// One row per request type. `S` is the scene; payloads aim at the victim's objects wherever the request
// names one.
std::map<RequestType, Row> matrix() {
    using A = Asker;
    using R = RequestType;
    const std::string nf = "not_found", fb = "forbidden", ok = kAllowed;
    std::map<RequestType, Row> m;
    // --- handshake and accounts: about the asker, or the victim's account by e-mail
    m[R::hello] = {[](const Scene&) { return json{{"protocol", protocol::kVersion}}; }, ok,
                   {{A::before_hello, ok}, {A::signed_out, ok}, {A::guest, fb}}};  // a guest connection stays in its call
    m[R::sign_up] = {[](const Scene&) { return json{{"email", kVictimEmail}, {"password", kPassword}, {"display_name", "X"}, {"role", "patient"}}; },
                     "email_taken", {{A::signed_out, "email_taken"}}};
    m[R::sign_in] = {[](const Scene&) { return json{{"email", kVictimEmail}, {"password", "not her password at all"}}; },
                     "invalid_credentials", {{A::signed_out, "invalid_credentials"}}};
    m[R::resume_session] = {[](const Scene&) { return json{{"token", "a-guessed-token-that-is-long-enough-000000000000"}}; },
                            "session_expired", {{A::signed_out, "session_expired"}}};
    m[R::sign_out] = {none, ok};
    m[R::change_password] = {[](const Scene&) { return json{{"current_password", "a wrong current password"}, {"new_password", "another long secret"}}; },
                             "invalid_credentials"};
    m[R::me] = {none, ok};
    m[R::create_staff_account] = {[](const Scene&) { return json{{"email", kVictimEmail}, {"password", kPassword}, {"display_name", "X"}, {"role", "admin"}}; },
                                  fb, {{A::admin, "email_taken"}}};
    m[R::list_accounts] = {none, fb, {{A::admin, ok}}};
    // About the asker alone: their own profile, e-mail, account and data.
    m[R::update_profile] = {[](const Scene&) { return json{{"display_name", "Someone Else"}, {"time_zone", "UTC"}, {"country", ""}, {"language", "en"}}; },
                            ok};
    m[R::change_email] = {[](const Scene&) { return json{{"email", kVictimEmail}, {"password", "a wrong current password"}}; },
                          "invalid_credentials"};
    m[R::delete_account] = {[](const Scene&) { return json{{"password", "a wrong current password"}}; }, "invalid_credentials",
                            {{A::support, fb}, {A::admin, fb}}};
    m[R::export_my_data] = {none, ok};
    // --- the clinic
    m[R::list_specialties] = {none, ok};
    m[R::find_doctors] = {[](const Scene&) { return json{{"text", "Pending"}}; }, ok};
    m[R::get_doctor] = {[](const Scene& s) { return json{{"doctor_id", s.pending_doctor}}; }, nf, {{A::admin, ok}}};
    m[R::get_slots] = {[](const Scene& s) { return json{{"doctor_id", s.doctor}, {"from", "2026-11-16T00:00:00Z"}, {"to", "2026-11-17T00:00:00Z"}}; }, ok};
    m[R::update_doctor_profile] = {[](const Scene&) {
                                       return json{{"specialty", "cardiology"}, {"bio", "b"}, {"languages", {"English"}}, {"years_of_practice", 1},
                                                   {"licence_number", "L"}, {"licence_region", "R"}, {"price_credits", 1}};
                                   },
                                   fb, {{A::doctor, ok}, {A::other_doctor, ok}}};
    // Always the asker's own settings (empty for anyone but a doctor): nobody else's to read.
    m[R::get_availability] = {none, ok};
    m[R::set_availability] = {[](const Scene&) {
                                  return json{{"availability", {{"weekly", json::array()}, {"exceptions", json::array()}, {"slot_minutes", 30},
                                                                {"buffer_minutes", 0}, {"min_notice_minutes", 0}, {"horizon_days", 30}, {"auto_confirm", false}}}};
                              },
                              fb, {{A::doctor, ok}, {A::other_doctor, ok}}};
    m[R::verification_queue] = {none, fb, {{A::admin, ok}}};
    m[R::decide_verification] = {[](const Scene& s) { return json{{"doctor_id", s.doctor}, {"decision", "suspended"}, {"reason", "x"}}; },
                                 fb, {{A::admin, ok}}};
    m[R::book] = {[](const Scene& s) { return json{{"doctor_id", s.doctor}, {"starts_at", format_iso8601(s.start)}}; },
                  fb, {{A::patient, "slot_taken"}}};
    m[R::appointment_action] = {[](const Scene& s) { return json{{"appointment_id", s.visit}, {"action", "cancel"}}; }, nf};
    m[R::reschedule] = {[](const Scene& s) { return json{{"appointment_id", s.visit}, {"starts_at", "2026-11-16T15:00:00Z"}}; }, nf};
    m[R::write_notes] = {[](const Scene& s) { return json{{"appointment_id", s.visit}, {"clinical_notes", "overwritten"}}; }, nf};
    m[R::get_appointment] = {[](const Scene& s) { return json{{"appointment_id", s.visit}}; }, nf};
    m[R::list_appointments] = {[](const Scene&) { return json{{"from", "2026-11-01T00:00:00Z"}, {"to", "2026-12-01T00:00:00Z"}}; },
                               ok, {{A::support, fb}, {A::admin, fb}}};
    m[R::appointment_ics] = {[](const Scene& s) { return json{{"appointment_id", s.visit}}; }, nf};
    // --- credits
    m[R::list_packages] = {none, ok};
    m[R::buy_credits] = {[](const Scene&) {
                             return json{{"package_id", "bundle5"}, {"idempotency_key", "matrix-key-1"},
                                         {"card", {{"number", "4242 4242 4242 4242"}, {"exp_month", 12}, {"exp_year", 2030}, {"cvc", "123"}}}};
                         },
                         fb, {{A::patient, ok}}};
    m[R::get_wallet] = {none, ok};
    // --- notifications
    m[R::list_notifications] = {none, ok};
    m[R::mark_notification_read] = {[](const Scene& s) { return json{{"notification_id", s.notification}}; }, nf};
    m[R::mark_all_notifications_read] = {none, ok};
    m[R::get_notification_prefs] = {none, ok};
    m[R::set_notification_prefs] = {[](const Scene&) {
                                        return json{{"prefs", {{{"category", "visits"}, {"in_app", true}, {"browser", false}, {"sound", false}}}}};
                                    },
                                    ok};
    // --- the victim's call
    const auto in_visit = [](const Scene& s) { return json{{"appointment_id", s.visit}}; };
    const std::map<Asker, std::string> guest_nf = {{A::guest, nf}};  // call_member routes: a guest reaches the handler
    m[R::call_join] = {in_visit, nf, guest_nf};
    m[R::call_admit] = {[](const Scene& s) { return json{{"appointment_id", s.visit}, {"user_id", s.victim}}; }, nf};
    m[R::call_leave] = {in_visit, nf, guest_nf};
    m[R::call_media] = {[](const Scene& s) { return json{{"appointment_id", s.visit}, {"audio", true}, {"video", true}, {"screen", false}}; }, nf, guest_nf};
    m[R::call_signal] = {[](const Scene& s) {
                             return json{{"appointment_id", s.visit}, {"to_user_id", s.victim}, {"kind", "offer"}, {"data", {{"sdp", "x"}}}};
                         },
                         nf, guest_nf};
    m[R::call_chat] = {[](const Scene& s) { return json{{"appointment_id", s.visit}, {"text", "hello"}}; }, nf, guest_nf};
    m[R::call_messages] = {in_visit, nf};
    m[R::call_recording] = {[](const Scene& s) { return json{{"appointment_id", s.visit}, {"action", "stop"}}; }, nf, guest_nf};
    m[R::call_end] = {in_visit, nf};
    m[R::call_log] = {in_visit, nf};
    // The asker's own waiting rooms (none for anyone but a doctor): the victim's call is not among them.
    m[R::call_waiting] = {none, ok};
    // --- recordings
    m[R::recording_start] = {[](const Scene& s) { return json{{"appointment_id", s.visit}, {"mime_type", "video/webm"}}; }, nf};
    m[R::recording_chunk] = {[](const Scene& s) { return json{{"recording_id", s.recording}, {"seq", 1}, {"data", base64_encode("x")}}; }, nf};
    m[R::recording_finish] = {[](const Scene& s) { return json{{"recording_id", s.recording}, {"duration_ms", 5}}; }, nf};
    m[R::recordings_list] = {in_visit, nf};
    m[R::recording_access] = {[](const Scene& s) { return json{{"recording_id", s.recording}, {"action", "download"}}; }, nf};
    // With the victim's own link token (bytes by token): a token presented by someone else is refused.
    m[R::recording_data] = {[](const Scene& s) { return json{{"recording_id", s.recording}, {"token", s.recording_token}, {"offset", 0}}; }, fb};
    // --- invitations (tokens are bearer capabilities by design: the asker tries a guessed one)
    m[R::call_invite_create] = {[](const Scene& s) { return json{{"appointment_id", s.visit}, {"role", "colleague"}}; }, nf};
    m[R::call_invites] = {in_visit, nf};
    m[R::call_invite_revoke] = {[](const Scene& s) { return json{{"appointment_id", s.visit}, {"invite_id", s.invite}}; }, nf};
    const auto guessed = [](const Scene&) { return json{{"token", "guessedguessedguessedguessedguessedguessed00"}, {"display_name", "G"}}; };
    m[R::invite_info] = {guessed, "invite_invalid", {{A::signed_out, "invite_invalid"}, {A::guest, "invite_invalid"}}};
    m[R::invite_join] = {guessed, fb, {{A::signed_out, "invite_invalid"}, {A::guest, "invite_invalid"}}};
    // --- messaging
    const auto in_conversation = [](const Scene& s) { return json{{"conversation_id", s.conversation}}; };
    m[R::open_conversation] = {[](const Scene& s) { return json{{"user_id", s.victim}}; }, nf, {{A::other_doctor, ok}}};
    m[R::list_conversations] = {none, ok};
    m[R::send_message] = {[](const Scene& s) { return json{{"conversation_id", s.conversation}, {"client_message_id", "x-1"}, {"text", "hi"}}; }, nf};
    m[R::edit_message] = {[](const Scene& s) { return json{{"message_id", s.message}, {"text", "edited"}}; }, nf};
    m[R::delete_message] = {[](const Scene& s) { return json{{"message_id", s.message}}; }, nf};
    m[R::conversation_history] = {in_conversation, nf};
    m[R::messages_after] = {[](const Scene& s) { return json{{"conversation_id", s.conversation}, {"after", 0}}; }, nf};
    m[R::message_receipt] = {[](const Scene& s) { return json{{"conversation_id", s.conversation}, {"kind", "read"}, {"up_to", 1}}; }, nf};
    m[R::search_messages] = {[](const Scene&) { return json{{"query", "SECRET"}}; }, ok};
    m[R::typing] = {in_conversation, nf};
    m[R::attachment_begin] = {[](const Scene& s) { return json{{"conversation_id", s.conversation}, {"name", "a.png"}, {"size", 10}}; }, nf};
    m[R::attachment_chunk] = {[](const Scene& s) { return json{{"attachment_id", s.attachment}, {"seq", 1}, {"data", base64_encode("x")}}; }, nf};
    m[R::attachment_link] = {[](const Scene& s) { return json{{"attachment_id", s.attachment}}; }, nf};
    m[R::attachment_data] = {[](const Scene& s) { return json{{"attachment_id", s.attachment}, {"token", s.attachment_token}, {"offset", 0}}; }, fb};
    // --- presence
    m[R::set_away] = {[](const Scene&) { return json{{"away", true}}; }, ok};
    // Whether the victim is online is hers to show to her doctors only: others get an empty list.
    m[R::presence_of] = {[](const Scene& s) { return json{{"user_ids", {s.victim}}}; }, ok, {},
                         [](const json& reply, Asker a, const Scene&) { return a == A::other_doctor || reply["data"]["people"].empty(); }};
    m[R::presence_settings] = {none, ok};
    m[R::set_presence_settings] = {[](const Scene&) { return json{{"visible", false}}; }, fb, {{A::doctor, ok}, {A::other_doctor, ok}}};
    return m;
}

// The markers that must not reach this asker (knowing who the victim is is fine for her other doctor
// and the administrator; what she said, wrote, filed and recorded is nobody's business but hers and
// her doctor's; her tokens are hers alone).
std::vector<std::string> secrets_for(Asker a, const Scene& s) {
    std::vector<std::string> out = {kConcern, kNotes, kMessage, kChat, kFileName, kRecordingBytes, base64_encode(kRecordingBytes), kDecline,
                                    s.victim_token, s.recording_token, s.attachment_token, s.invite_token};
    if (a == Asker::other_doctor) out.erase(std::find(out.begin(), out.end(), std::string(kDecline)));  // his own decision
    if (a != Asker::admin) out.push_back("LIC-dr@example.com");  // her doctor's licence number: for administrators
    if (!knows_victim(a)) {
        out.push_back(kVictimEmail);
        out.push_back(kVictimName);
    }
    return out;
}

// Everything the asker's connection receives for this request: the reply and the events addressed to
// the asker (as a user, this session, or this guest).
std::string seen_by(const Client& c, DispatchOutcome& outcome) {
    std::string seen = outcome.reply;
    outcome.effects.encode_deferred();
    for (const Delivery& d : outcome.effects.deliveries) {
        const bool to_me = (d.to.kind == Audience::Kind::user && c.state.user && d.to.id == *c.state.user) ||
                           (d.to.kind == Audience::Kind::user && c.state.guest && d.to.id == c.state.guest->id) ||
                           (d.to.kind == Audience::Kind::session && c.state.session && d.to.id == *c.state.session);
        if (to_me) seen += "\n" + d.event.name + " " + d.event.data.dump();
    }
    return seen;
}

}  // namespace

TEST_CASE("[core] authorization matrix: every request type x every asker x someone else's object", "[core][api][authz]") {
    const auto rows = matrix();
    int cells = 0, missing = 0;
    for (std::size_t i = 0; i < protocol::kRequestTypeCount; ++i) {
        const auto type = static_cast<RequestType>(i);
        const auto row = rows.find(type);
        if (row == rows.end()) {
            ++missing;
            FAIL_CHECK("request type " << protocol::to_string(type) << " has no row in the authorization matrix");
            continue;
        }
        Scene s;  // fresh per row: a row may change the scene (suspend a doctor, sign the asker out)
        for (Asker a : kAskers) {
            Client& c = s.askers.at(a);
            const json payload = row->second.payload(s);
            const std::size_t logged = s.access_rows();
            DispatchOutcome outcome = c.send(std::string(protocol::to_string(type)), payload);
            const std::string seen = seen_by(c, outcome);
            const json reply = json::parse(outcome.reply);
            const std::string expected = row->second.expected(a);
            const std::string got = reply["ok"] == true ? kAllowed : reply["error"]["code"].get<std::string>();
            INFO(protocol::to_string(type) << " by " << name_of(a) << " with " << payload.dump() << "\n -> " << outcome.reply);
            CHECK(got == expected);
            for (const std::string& secret : secrets_for(a, s)) {
                INFO("leaked: " << secret << "\n in: " << seen);
                CHECK(seen.find(secret) == std::string::npos);
            }
            if (row->second.clean && got == kAllowed) CHECK(row->second.clean(reply, a, s));
            // A refusal changes nothing, so it tells nobody anything and logs no access in anyone's name.
            if (got != kAllowed) {
                CHECK(outcome.effects.deliveries.empty());
                CHECK(s.access_rows() == logged);
            }
            ++cells;
        }
    }
    CHECK(missing == 0);
    CHECK(rows.size() == protocol::kRequestTypeCount);  // and no row for a type that is gone
    WARN("authorization matrix: " << cells << " cells (" << protocol::kRequestTypeCount << " request types x " << kAskers.size() << " askers)");
}
