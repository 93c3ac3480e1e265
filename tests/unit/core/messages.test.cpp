// The typed messages (core/<domain>/messages.h) and their codec (core/protocol/codec.h): every request,
// reply and event survives encode -> decode -> encode unchanged; decoding says which field is wrong and
// where; optional fields keep their defaults; and the JSON of the key objects has exactly the keys
// docs/PROTOCOL.md documents (the wire format did not change with the typed messages).
//
// Adding a message: one line in Requests or Events below (a request brings its Reply along).
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <type_traits>

#include "core/accounts/messages.h"
#include "core/api/hello.h"
#include "core/calls/messages.h"
#include "core/clinic/messages.h"
#include "core/credits/messages.h"
#include "core/invitations/messages.h"
#include "core/messaging/messages.h"
#include "core/notifications/messages.h"
#include "core/presence/messages.h"
#include "core/privacy/messages.h"
#include "core/recordings/messages.h"
#include "confirmed_visit.h"
#include "events.h"

using namespace core;
using namespace core::protocol;
using namespace std::chrono_literals;
using test_scene::at;
using test_scene::Client;

namespace {

// --- the lists ---------------------------------------------------------------------------------------

using Requests = std::tuple<
    // handshake and accounts
    msg::Hello, msg::SignUp, msg::SignIn, msg::ResumeSession, msg::SignOut, msg::Me, msg::ChangePassword,
    msg::CreateStaffAccount, msg::ListAccounts,
    // clinic
    msg::ListSpecialties, msg::FindDoctors, msg::GetDoctor, msg::GetSlots, msg::UpdateDoctorProfile, msg::GetAvailability,
    msg::SetAvailability, msg::VerificationQueue, msg::DecideVerification, msg::Book, msg::ActOnAppointment, msg::Reschedule,
    msg::WriteNotes, msg::GetAppointment, msg::ListAppointments, msg::GetAppointmentIcs,
    // credits and notifications
    msg::ListPackages, msg::BuyCredits, msg::GetWallet, msg::ListNotifications, msg::MarkNotificationRead,
    // calls
    msg::JoinCall, msg::AdmitToCall, msg::LeaveCall, msg::SetCallMedia, msg::SendSignal, msg::SendChat, msg::ReadChat,
    msg::ChangeRecording, msg::EndCall, msg::ReadCallLog, msg::ListWaitingRooms,
    // recordings
    msg::StartRecording, msg::UploadChunk, msg::FinishRecording, msg::ListRecordings, msg::OpenRecording, msg::ReadRecording,
    // invitations
    msg::CreateInvite, msg::ListInvites, msg::RevokeInvite, msg::ReadInvite, msg::JoinAsGuest,
    // messaging
    msg::OpenConversation, msg::ListConversations, msg::SendMessage, msg::EditMessage, msg::DeleteMessage,
    msg::ConversationHistory, msg::MessagesAfter, msg::MessageReceipt, msg::SearchMessages, msg::Typing,
    // notifications (the centre)
    msg::MarkAllNotificationsRead, msg::GetNotificationPrefs, msg::SetNotificationPrefs,
    // presence
    msg::SetAway, msg::PresenceOf, msg::GetPresenceSettings, msg::SetPresenceSettings,
    // attachments
    msg::BeginAttachment, msg::SendAttachmentChunk, msg::OpenAttachment, msg::ReadAttachment,
    // the account and one's data
    msg::UpdateProfile, msg::ChangeEmail, msg::DeleteAccount, msg::ExportMyData>;

using Events = std::tuple<msg::SessionEnded, msg::AppointmentUpdated, msg::DoctorUpdated, msg::WalletUpdated,
                          msg::NotificationCreated, msg::CallStateChanged, msg::SignalRelayed, msg::ChatReceived,
                          msg::WaitingChanged, msg::RecordingUpdated>;
// Messaging's events (docs/PROTOCOL.md, "Messaging"), listed apart so the check of the earlier list
// below stays as it was.
using MessagingEvents = std::tuple<msg::MessageCreated, msg::MessageEdited, msg::MessageDeleted, msg::ReceiptUpdated,
                                   msg::UnreadChanged, msg::TypingRelayed>;
// The notification centre's events besides notification.created (docs/PROTOCOL.md, "Events").
using NotificationEvents = std::tuple<msg::NotificationsRead, msg::NotificationPrefsChanged>;
// Presence's event (docs/PROTOCOL.md, "Presence").
using PresenceEvents = std::tuple<msg::PresenceChanged>;

template <typename Tuple>
struct replies_of;
template <typename... R>
struct replies_of<std::tuple<R...>> {
    using type = std::tuple<typename R::Reply...>;
};
using Replies = replies_of<Requests>::type;

using AllMessages = decltype(std::tuple_cat(std::declval<Requests>(), std::declval<Replies>(), std::declval<Events>(),
                                            std::declval<MessagingEvents>(), std::declval<NotificationEvents>(),
                                            std::declval<PresenceEvents>()));

// --- a message with every field set --------------------------------------------------------------------

// Walks a message's fields() like the codec does and gives every field a value other than its
// default: engaged optionals, lists of two, the last name of every enum, nested messages filled too.
// Encoding the result must therefore write every key.
class Filler {
public:
    template <typename T>
    void operator()(const char* key, T& value, const char* /*hint*/ = nullptr) {
        fill(key, value);
    }
    template <typename T>
    void optional(const char* key, T& value, const char* /*hint*/ = nullptr) {
        fill(key, value);
    }

private:
    template <typename T>
    void fill(const std::string& key, T& value) {
        if constexpr (std::is_same_v<T, json>) value = json{{"sdp", "v=0"}, {"n", 1}};
        else if constexpr (std::is_same_v<T, bool>) value = true;
        else if constexpr (std::is_integral_v<T>) value = T(7 + key.size());
        else if constexpr (std::is_same_v<T, std::string>) value = "the " + key;
        else if constexpr (std::is_same_v<T, Instant>) value = at("2026-11-16T09:30:00.250Z");
        else if constexpr (NamedEnum<T>) value = T(enum_names<T>().size() - 1);
        else if constexpr (detail::is_optional<T>::value) {
            typename T::value_type inner{};
            fill(key, inner);
            value = std::move(inner);
        } else if constexpr (detail::is_vector<T>::value) {
            value.resize(2);
            for (auto& v : value) fill(key, v);
        } else {
            value.fields(*this);
        }
    }
};

// The keys a message declares, required and optional alike.
class KeyLister {
public:
    std::set<std::string> keys;
    template <typename T>
    void operator()(const char* key, T&, const char* = nullptr) {
        keys.insert(key);
    }
    template <typename T>
    void optional(const char* key, T&, const char* = nullptr) {
        keys.insert(key);
    }
};

std::set<std::string> keys_of(const json& object) {
    std::set<std::string> out;
    for (auto it = object.begin(); it != object.end(); ++it) out.insert(it.key());
    return out;
}

template <typename T>
void round_trips(const T& message) {
    const json once = encode(message);
    INFO(once.dump());
    auto back = decode<T>(once);
    REQUIRE(back.ok());
    CHECK(encode(back.value()) == once);
}

}  // namespace

// --- round trips ---------------------------------------------------------------------------------------

TEMPLATE_LIST_TEST_CASE("[core] messages: every request, reply and event round-trips", "[core][messages]", AllMessages) {
    SECTION("with every field set: every declared key is written, and read back the same") {
        TestType message{};
        Filler filler;
        message.fields(filler);
        KeyLister declared;
        message.fields(declared);
        CHECK(keys_of(encode(message)) == declared.keys);
        round_trips(message);
    }
    SECTION("with its defaults") {
        round_trips(TestType{});
    }
}

TEST_CASE("[core] messages: the lists hold every request type once and the documented events", "[core][messages]") {
    std::set<RequestType> types;
    std::apply([&](auto... request) { (types.insert(decltype(request)::type), ...); }, Requests{});
    CHECK(std::tuple_size_v<Requests> == kRequestTypeCount);
    CHECK(types.size() == kRequestTypeCount);  // none twice, so none missing

    std::set<std::string> events;
    std::apply([&](auto... event) { (events.insert(std::string(decltype(event)::name)), ...); }, Events{});
    // docs/PROTOCOL.md, "Events"
    CHECK(events == std::set<std::string>{"session.ended", "appointment.updated", "notification.created", "wallet.updated",
                                          "doctor.updated", "call.state", "call.signal", "call.chat", "recording.updated",
                                          "call.waiting"});

    std::set<std::string> messaging;
    std::apply([&](auto... event) { (messaging.insert(std::string(decltype(event)::name)), ...); }, MessagingEvents{});
    CHECK(messaging == std::set<std::string>{"message.created", "message.edited", "message.deleted",
                                             "conversation.receipt", "conversation.unread", "conversation.typing"});

    std::set<std::string> notifications;
    std::apply([&](auto... event) { (notifications.insert(std::string(decltype(event)::name)), ...); }, NotificationEvents{});
    CHECK(notifications == std::set<std::string>{"notification.read", "notification.prefs"});
    std::set<std::string> presence;
    std::apply([&](auto... event) { (presence.insert(std::string(decltype(event)::name)), ...); }, PresenceEvents{});
    CHECK(presence == std::set<std::string>{"presence.changed"});
}

// --- decoding errors -----------------------------------------------------------------------------------

TEST_CASE("[core] messages: a page and its messages read without revisions (a server older than the client)",
          "[core][messages]") {
    const json message = {{"id", 7}, {"conversation_id", 3}, {"number", 1}, {"sender_id", 2}, {"client_message_id", "c-1"},
                          {"text", "Hallo"}, {"appointment_id", nullptr}, {"created_at", "2026-11-16T09:00:00Z"},
                          {"edited_at", nullptr}, {"deleted", false}};
    auto page = decode<msg::MessagePage>(
        {{"conversation_id", 3}, {"messages", json::array({message})}, {"has_more", false}, {"last_number", 1}});
    REQUIRE(page.ok());
    CHECK(page.value().revision == 0);
    CHECK(page.value().changed.empty());
    REQUIRE(page.value().messages.size() == 1);
    CHECK(page.value().messages[0].revision == 0);
}

TEST_CASE("[core] messages: a decoding error names the top-level field and the whole path", "[core][messages]") {
    const json hours = {{"weekday", 0}, {"start_minute", 540}, {"end_minute", 720}};
    json availability = {{"weekly", {hours, hours, hours}}, {"exceptions", json::array()}, {"slot_minutes", 30},
                         {"buffer_minutes", 0}, {"min_notice_minutes", 120}, {"horizon_days", 60}, {"auto_confirm", false}};
    REQUIRE(decode<msg::SetAvailability>({{"availability", availability}}));

    SECTION("a wrong type deep inside") {
        availability["weekly"][2]["weekday"] = "Monday";
        auto r = decode<msg::SetAvailability>({{"availability", availability}});
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::invalid_field);
        CHECK(r.error().field == "availability");
        CHECK(r.error().message == "Field \"availability.weekly[2].weekday\" must be a whole number.");
    }
    SECTION("a missing field deep inside") {
        availability["weekly"][0].erase("end_minute");
        auto r = decode<msg::SetAvailability>({{"availability", availability}});
        CHECK(r.error().field == "availability");
        CHECK(r.error().message == "Missing field \"availability.weekly[0].end_minute\".");
    }
    SECTION("a missing field at the top, and one that is null") {
        auto r = decode<msg::Book>({{"doctor_id", 3}});
        CHECK(r.error().field == "starts_at");
        CHECK(r.error().message == "Missing field \"starts_at\".");
        CHECK(decode<msg::Book>({{"doctor_id", 3}, {"starts_at", nullptr}}).error().message == "Missing field \"starts_at\".");
    }
    SECTION("the other types") {
        CHECK(decode<msg::GetDoctor>({{"doctor_id", 1.5}}).error().message == "Field \"doctor_id\" must be a whole number.");
        CHECK(decode<msg::SignIn>({{"email", 5}, {"password", "x"}}).error().message == "Field \"email\" must be text.");
        CHECK(decode<msg::SetCallMedia>({{"appointment_id", 1}, {"audio", "yes"}, {"video", true}, {"screen", false}}).error().message ==
              "Field \"audio\" must be true or false.");
        CHECK(decode<msg::GetSlots>({{"doctor_id", 1}, {"from", "2026-11-16 09:00"}, {"to", "2026-11-17T09:00:00Z"}}).error().message ==
              "Field \"from\" must be a UTC time like 2026-11-21T09:30:00Z.");
        CHECK(decode<msg::FindDoctors>({{"text", {"a"}}}).error().message == "Field \"text\" must be text.");
        CHECK(decode<msg::SetAvailability>({{"availability", {{"weekly", 3}}}}).error().message ==
              "Field \"availability.weekly\" must be a list.");
        CHECK(decode<msg::BuyCredits>({{"package_id", "single"}, {"idempotency_key", "k-12345678"}, {"card", "4242"}}).error().message ==
              "Field \"card\" must be an object.");
        CHECK(decode<msg::SendSignal>({{"appointment_id", 1}, {"to_user_id", 2}, {"kind", "offer"}, {"data", "sdp"}}).error().field == "data");
    }
    SECTION("numbers out of range") {
        CHECK(decode<msg::GetAppointment>({{"appointment_id", 18446744073709551615ull}}).error().message ==
              "Field \"appointment_id\" is too large.");
        json profile = {{"specialty", "cardiology"}, {"bio", ""}, {"languages", {"English"}}, {"years_of_practice", 1LL << 40},
                        {"licence_number", "L"}, {"licence_region", "R"}, {"price_credits", 2}};
        CHECK(decode<msg::UpdateDoctorProfile>(profile).error().message == "Field \"years_of_practice\" is out of range.");
    }
    SECTION("data that is not an object") {
        auto r = decode<msg::Me>(json::array());
        CHECK(r.error().field == "data");
        CHECK(r.error().message == "\"data\" must be an object.");
    }
}

TEST_CASE("[core] messages: an unknown enum name, with and without the field's own sentence", "[core][messages]") {
    auto plain = decode<msg::ActOnAppointment>({{"appointment_id", 1}, {"action", "hug"}});
    REQUIRE_FALSE(plain);
    CHECK(plain.error().field == "action");
    CHECK(plain.error().message == "Field \"action\" must be one of " + enum_choices<AppointmentAction>() + ".");
    CHECK_THAT(plain.error().message, Catch::Contains("confirm, decline,") && Catch::EndsWith(" or no_show."));

    auto decision = decode<msg::DecideVerification>({{"doctor_id", 1}, {"decision", "maybe"}});
    CHECK(decision.error().field == "decision");
    CHECK(decision.error().message == "Choose verified, rejected or suspended.");

    auto role = decode<msg::SignUp>({{"email", "a@b.co"}, {"password", "p"}, {"display_name", "A"}, {"role", "nurse"}});
    CHECK(role.error().field == "role");
    CHECK(role.error().message == "Choose whether you are a patient or a doctor.");

    // A name of another enum is as wrong as any other text.
    CHECK(decode<msg::CreateInvite>({{"appointment_id", 1}, {"role", "in_call"}}).error().message ==
          "Choose colleague, interpreter or family.");
}

// --- optional fields -----------------------------------------------------------------------------------

TEST_CASE("[core] messages: optional fields absent or null keep their defaults", "[core][messages]") {
    CHECK(decode<msg::ListNotifications>(json::object())->limit == 50);
    CHECK(decode<msg::ListNotifications>({{"limit", nullptr}})->limit == 50);
    CHECK(decode<msg::ListNotifications>({{"limit", 7}})->limit == 7);

    const json guest = {{"token", "t"}, {"display_name", "Maria"}};
    CHECK(decode<msg::JoinAsGuest>(guest)->time_zone == "UTC");
    json with_null = guest;
    with_null["time_zone"] = nullptr;
    with_null["guest_key"] = nullptr;
    CHECK(decode<msg::JoinAsGuest>(with_null)->time_zone == "UTC");
    CHECK(decode<msg::JoinAsGuest>(with_null)->guest_key.empty());

    const json book = {{"doctor_id", 3}, {"starts_at", "2026-11-16T09:00:00.000Z"}};
    CHECK(decode<msg::Book>(book)->concern.empty());
    CHECK(encode(decode<msg::Book>(book).value()) == book);  // an empty concern is not written

    auto notes = decode<msg::WriteNotes>({{"appointment_id", 4}, {"visit_summary", "Rest"}});
    CHECK_FALSE(notes->clinical_notes);  // absent: "leave the notes as they are"
    CHECK(notes->visit_summary == "Rest");
    CHECK(decode<msg::WriteNotes>({{"appointment_id", 4}, {"clinical_notes", ""}})->clinical_notes == "");  // present: clear them
}

TEST_CASE("[core] messages: std::optional is written as null with f(...), left out with f.optional(...)", "[core][messages]") {
    SECTION("f(...): the key is always there, null when empty") {
        const json n = encode(msg::NotificationInfo{});
        REQUIRE(n.contains("appointment_id"));
        CHECK(n["appointment_id"].is_null());
        CHECK(encode(msg::Stretch{})["left_at"].is_null());
        CHECK(encode(msg::DoctorListingInfo{})["next_slot"].is_null());
        CHECK(encode(msg::HistoryEntry{})["from"].is_null());
        // ... and read back as empty, whether null or absent
        CHECK_FALSE(decode<msg::Stretch>({{"joined_at", "2026-11-16T09:00:00.000Z"}, {"left_at", nullptr}})->left_at);
        CHECK_FALSE(decode<msg::Stretch>({{"joined_at", "2026-11-16T09:00:00.000Z"}})->left_at);
    }
    SECTION("f.optional(...): the key is left out when empty") {
        CHECK_FALSE(encode(msg::LedgerLine{}).contains("appointment_id"));
        CHECK_FALSE(encode(msg::CallLogInfo{}).contains("started_at"));
        CHECK_FALSE(encode(msg::CallLogInfo{}).contains("ended_at"));
        CHECK_FALSE(encode(msg::RecordingConsent{}).contains("requested_by"));
        CHECK_FALSE(encode(msg::AppointmentInfo{}).contains("clinical_notes"));
        CHECK_FALSE(encode(msg::AppointmentInfo{}).contains("history"));
        CHECK_FALSE(encode(msg::DoctorListingInfo{}).contains("signed_up_at"));
        // An engaged optional is written even when what it holds is empty: the doctor's notes "".
        msg::AppointmentInfo doctors_copy;
        doctors_copy.clinical_notes = "";
        doctors_copy.history.emplace();
        CHECK(encode(doctors_copy)["clinical_notes"] == "");
        CHECK(encode(doctors_copy)["history"] == json::array());
    }
}

// --- the wire, as docs/PROTOCOL.md documents it ------------------------------------------------------

namespace {

using Keys = std::set<std::string>;

const Keys kAppointment{"id", "doctor", "patient", "starts_at", "ends_at", "status", "concern", "price_credits",
                        "free_cancel_until", "late_cancel_refund_percent", "visit_summary", "join_opens_at",
                        "join_closes_at", "sequence", "created_at", "updated_at"};

Keys with(Keys keys, std::initializer_list<const char*> more) {
    for (const char* k : more) keys.insert(k);
    return keys;
}

}  // namespace

TEST_CASE("[core] messages: the JSON of the key objects has exactly the documented keys", "[core][messages][wire]") {
    test_scene::ConfirmedVisit f;
    f.clock.set(f.start - 5min);  // the call is open; the sessions below stay fresh from here on
    Client doctor(f.services), patient(f.services);
    doctor.hello().sign_in("dr@example.com");
    patient.hello().sign_in("pat@example.com");
    const json visit = {{"appointment_id", f.visit}};

    SECTION("appointment: the patient's copy, the doctor's with notes, history only about one appointment") {
        const json mine = patient.reply("get_appointment", visit)["data"]["appointment"];
        CHECK(keys_of(mine) == with(kAppointment, {"history"}));
        CHECK(keys_of(mine["doctor"]) == Keys{"id", "display_name", "time_zone", "specialty", "specialty_name"});
        CHECK(keys_of(mine["patient"]) == Keys{"id", "display_name", "time_zone"});
        REQUIRE(mine["history"].size() == 2);
        CHECK(keys_of(mine["history"][0]) == Keys{"from", "to", "actor_id", "message", "at"});
        CHECK(mine["history"][0]["from"].is_null());  // the creation
        CHECK(mine["history"][1]["from"] == "requested");

        CHECK(keys_of(doctor.reply("get_appointment", visit)["data"]["appointment"]) == with(kAppointment, {"clinical_notes", "history"}));
        const json list = {{"from", "2026-11-16T00:00:00.000Z"}, {"to", "2026-11-17T00:00:00.000Z"}};
        CHECK(keys_of(patient.reply("list_appointments", list)["data"]["appointments"][0]) == kAppointment);
        CHECK(keys_of(doctor.reply("list_appointments", list)["data"]["appointments"][0]) == with(kAppointment, {"clinical_notes"}));

        // appointment.updated: each side's own copy, without history
        auto written = doctor.send("write_notes", {{"appointment_id", f.visit}, {"clinical_notes", "Possible angina"}});
        REQUIRE(json::parse(written.reply)["ok"] == true);
        std::map<UserId, json> copies;
        for (const Delivery& d : written.effects.deliveries)
            if (d.event.name == "appointment.updated") copies[d.to.id] = d.event.data;
        REQUIRE(copies.size() == 2);
        CHECK(keys_of(copies[f.patient]["appointment"]) == kAppointment);
        CHECK(keys_of(copies[f.doctor]["appointment"]) == with(kAppointment, {"clinical_notes"}));
        CHECK(copies[f.doctor]["appointment"]["clinical_notes"] == "Possible angina");
    }
    SECTION("call state: participants, and recording with requested_by only while requested or on") {
        REQUIRE(doctor.reply("call_join", visit)["ok"] == true);
        auto joined = patient.send("call_join", visit);
        const json call = json::parse(joined.reply)["data"]["call"];
        CHECK(keys_of(json::parse(joined.reply)["data"]) == Keys{"call", "you", "ice_servers"});
        CHECK(keys_of(call) == Keys{"appointment_id", "status", "participants", "recording"});
        CHECK(keys_of(call["participants"][0]) == Keys{"user_id", "display_name", "role", "state", "audio", "video", "screen"});
        CHECK(call["recording"] == json{{"state", "off"}, {"consents", json::array()}});
        CHECK(test_events::data_of(joined.effects, "call.state").back() == call);  // the event carries the same object
        const json waiting = test_events::data_of(joined.effects, "call.waiting").back();
        CHECK(keys_of(waiting) == Keys{"appointment_id", "waiting"});

        REQUIRE(doctor.reply("call_admit", {{"appointment_id", f.visit}, {"user_id", f.patient}})["ok"] == true);
        auto asked = doctor.send("call_recording", {{"appointment_id", f.visit}, {"action", "request"}});
        CHECK(test_events::data_of(asked.effects, "call.state").back()["recording"] ==
              json{{"state", "requested"}, {"consents", {f.doctor}}, {"requested_by", f.doctor}});
    }
    SECTION("wallet, wallet.updated and notification") {
        const json wallet = patient.reply("get_wallet")["data"]["wallet"];
        CHECK(keys_of(wallet) == Keys{"available", "held", "earnings", "entries"});
        REQUIRE(wallet["entries"].size() == 2);  // newest first: the hold, then the purchase
        CHECK(keys_of(wallet["entries"][0]) == Keys{"id", "kind", "amount", "memo", "at", "account", "appointment_id"});
        CHECK(wallet["entries"][0]["kind"] == "hold");
        CHECK(wallet["entries"][0]["amount"] == -2);
        CHECK(keys_of(wallet["entries"][1]) == Keys{"id", "kind", "amount", "memo", "at", "account"});  // no visit
        CHECK(wallet["entries"][1]["account"] == "wallet");

        auto cancelled = patient.send("appointment_action", {{"appointment_id", f.visit}, {"action", "cancel"}});
        REQUIRE(json::parse(cancelled.reply)["ok"] == true);
        const auto updates = test_events::data_of(cancelled.effects, "wallet.updated");
        REQUIRE_FALSE(updates.empty());
        CHECK(keys_of(updates[0]) == Keys{"available", "held", "earnings"});

        const json notes = doctor.reply("list_notifications")["data"];
        CHECK(keys_of(notes) == Keys{"notifications", "unread"});
        const json newest = notes["notifications"][0];
        CHECK(keys_of(newest) == Keys{"id", "kind", "title", "body", "created_at", "read", "appointment_id", "conversation_id", "count"});
        CHECK(newest["kind"] == "appointment.cancelled");
        const json oldest = notes["notifications"].back();  // the verification: about no visit
        CHECK(oldest["kind"] == "doctor.verification");
        CHECK(oldest["appointment_id"].is_null());
    }
    SECTION("invitation: guest fields once someone entered, revoked_at once revoked; never the token") {
        const json made = doctor.reply("call_invite_create", {{"appointment_id", f.visit}, {"role", "family"}})["data"];
        CHECK(keys_of(made) == Keys{"invite", "token", "path"});
        const Keys invite{"id", "appointment_id", "role", "name", "state", "created_at", "expires_at"};
        CHECK(keys_of(made["invite"]) == invite);

        Client guest(f.services);
        guest.hello();
        const json entered = guest.reply("invite_join", {{"token", made["token"]}, {"display_name", "Tomasz"}})["data"];
        CHECK(keys_of(entered) == Keys{"you", "display_name", "guest_key", "invite", "visit"});
        CHECK(keys_of(entered["invite"]) == Keys{"role", "name"});
        CHECK(keys_of(entered["visit"]) == Keys{"appointment_id", "doctor_name", "starts_at", "ends_at", "join_opens_at", "join_closes_at"});
        const json joined = doctor.reply("call_invites", visit)["data"]["invites"][0];
        CHECK(keys_of(joined) == with(invite, {"guest_name", "guest_user_id"}));
        CHECK(joined["state"] == "joined");

        REQUIRE(doctor.reply("call_invite_revoke", {{"appointment_id", f.visit}, {"invite_id", made["invite"]["id"]}})["ok"] == true);
        const json revoked = doctor.reply("call_invites", visit)["data"]["invites"][0];
        CHECK(keys_of(revoked) == with(invite, {"guest_name", "guest_user_id", "revoked_at"}));
        CHECK(revoked.dump().find(made["token"].get<std::string>()) == std::string::npos);
    }
}
