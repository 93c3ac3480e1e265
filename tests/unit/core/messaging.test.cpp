// Messaging: the rules beside it (text, client ids, pairs, edit window, search terms and snippets) and
// the service over the composition root: who may open and write (a care relationship; strangers and
// staff get not_found), numbering, idempotent sends, edit and delete with the audit, receipts that never
// move back, unread counts, history pages and "after N", search, typing from memory.
#include <catch2/catch.hpp>

#include "core/messaging/messages.h"
#include "core/messaging/rules.h"
#include "core/messaging/search.h"
#include "confirmed_visit.h"
#include "events.h"

using namespace core;
using namespace std::chrono_literals;
using test_events::events_of;
using test_events::events_to;
using test_scene::at;
using json = nlohmann::json;

namespace {

std::string repeat(std::string_view piece, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) out += piece;
    return out;
}

// The confirmed visit's doctor and patient with their conversation opened.
struct Chat : test_scene::ConfirmedVisit {
    ConversationId conversation = 0;
    int sent = 0;

    Chat() : ConfirmedVisit("UTC") {
        auto v = messaging().open(user(patient), doctor);
        REQUIRE(v);
        conversation = v->conversation.id;
    }
    MessagingService& messaging() { return services.messaging; }
    User user(UserId id) {
        return *store.transact([&](Transaction& tx) { return tx.accounts().find_user(id); }).value;
    }
    Message send(UserId from, const std::string& text) {
        auto r = messaging().send(from, conversation, "c-" + std::to_string(++sent), text, std::nullopt, fx);
        REQUIRE(r);
        return r->message;
    }
    std::vector<MessageAudit> audit(MessageId id) {
        return store.transact([&](Transaction& tx) { return tx.messaging().message_audit(id); }).value;
    }
};

std::vector<std::int64_t> numbers(const std::vector<Message>& list) {
    std::vector<std::int64_t> out;
    for (const auto& m : list) out.push_back(m.number);
    return out;
}

std::vector<std::int64_t> range(std::int64_t first, std::int64_t last) {
    std::vector<std::int64_t> out;
    for (auto n = first; n <= last; ++n) out.push_back(n);
    return out;
}

}  // namespace

// --- rules -------------------------------------------------------------------------------------------

TEST_CASE("[core] messaging rules: the text of a message", "[core][messaging]") {
    const MessagingPolicy policy;
    CHECK_FALSE(check_message_text("Hello", policy));
    CHECK_FALSE(check_message_text("שלום\nمرحبا 👋🏽", policy));
    CHECK_FALSE(check_message_text(repeat("👋", 4000), policy));  // 4,000 code points, 16,000 bytes
    CHECK_FALSE(check_message_text(repeat("é", 4000), policy));

    const auto refused = [&](std::string_view text) {
        auto e = check_message_text(text, policy);
        REQUIRE(e);
        CHECK(e->code == ErrorCode::invalid_field);
        CHECK(e->field == "text");
        return e->message;
    };
    CHECK_THAT(refused(repeat("a", 4001)), Catch::Contains("at most 4000 characters"));
    CHECK_THAT(refused(repeat("👋", 4001)), Catch::Contains("too long"));
    CHECK_THAT(refused(""), Catch::Contains("empty"));
    CHECK_THAT(refused(" \n\t "), Catch::Contains("empty"));
    CHECK_THAT(refused("\u00A0\u3000\u2003\u200B"), Catch::Contains("empty"));  // Unicode spaces only
    CHECK_THAT(refused("bad \xC3\x28 byte"), Catch::Contains("not UTF-8"));
    CHECK_THAT(refused("\xED\xA0\x80"), Catch::Contains("not UTF-8"));  // a surrogate
}

TEST_CASE("[core] messaging rules: client ids, pairs, edit and delete", "[core][messaging]") {
    CHECK_FALSE(check_client_message_id("3f2b9c1e-8d4a-4b6f-9e2d-0a1b2c3d4e5f"));
    CHECK_FALSE(check_client_message_id("tab-1:42"));
    CHECK(check_client_message_id("")->field == "client_message_id");
    CHECK(check_client_message_id(repeat("a", 65)));
    CHECK(check_client_message_id("has space"));
    CHECK(check_client_message_id("ümlaut"));

    User patient{.id = 1, .role = Role::patient}, doctor{.id = 2, .role = Role::doctor};
    User other_patient{.id = 3, .role = Role::patient}, admin{.id = 4, .role = Role::admin},
        support{.id = 5, .role = Role::support};
    REQUIRE(pair_of(patient, doctor));
    CHECK(pair_of(patient, doctor)->patient == 1);
    CHECK(pair_of(doctor, patient)->doctor == 2);
    CHECK_FALSE(pair_of(patient, other_patient));
    CHECK_FALSE(pair_of(doctor, doctor));
    CHECK_FALSE(pair_of(admin, patient));
    CHECK_FALSE(pair_of(doctor, support));

    const MessagingPolicy policy;
    Message m;
    m.sender_id = 1;
    m.created_at = at("2026-11-16T09:00:00Z");
    CHECK_FALSE(may_edit(m, 1, at("2026-11-16T09:15:00Z"), policy));  // 15 minutes: still
    CHECK(may_edit(m, 1, at("2026-11-16T09:15:00.001Z"), policy)->code == ErrorCode::invalid_transition);
    CHECK(may_edit(m, 2, at("2026-11-16T09:01:00Z"), policy)->code == ErrorCode::forbidden);
    CHECK_FALSE(may_delete(m, 1));
    CHECK(may_delete(m, 2)->code == ErrorCode::forbidden);
    m.deleted_at = at("2026-11-16T09:01:00Z");
    CHECK(may_edit(m, 1, at("2026-11-16T09:02:00Z"), policy));
    CHECK(may_delete(m, 1));
}

TEST_CASE("[core] messaging rules: search terms and snippets", "[core][messaging]") {
    CHECK(search_terms("  Rash, itch! rash ") == std::vector<std::string>{"rash", "itch"});
    CHECK(search_terms("E-Mail") == std::vector<std::string>{"e", "mail"});
    CHECK(search_terms("ÄRZTIN Врач") == std::vector<std::string>{"ärztin", "врач"});
    CHECK(search_terms("?! 👋 …").empty());
    CHECK(search_terms("a b c d e f g h i j").size() == kMaxSearchTerms);

    CHECK(matches_every_term("I have a Rash", {"rash"}));
    CHECK(matches_every_term("rashes everywhere", {"rash", "every"}));
    CHECK_FALSE(matches_every_term("a crash", {"rash"}));
    CHECK_FALSE(matches_every_term("rash", {"rash", "itch"}));
    CHECK(matches_every_term("👋rash", {"rash"}));

    SECTION("a short text whole, every match marked in bytes") {
        const Snippet s = make_snippet("Der Ausschlag juckt — Ärztin fragt nach dem Ausschlag", {"ausschlag", "ärzt"});
        CHECK(s.text == "Der Ausschlag juckt — Ärztin fragt nach dem Ausschlag");
        REQUIRE(s.highlights.size() == 3);
        CHECK(s.text.substr(s.highlights[0].start, s.highlights[0].length) == "Ausschlag");
        CHECK(s.text.substr(s.highlights[1].start, s.highlights[1].length) == "Ärzt");
        CHECK(s.text.substr(s.highlights[2].start, s.highlights[2].length) == "Ausschlag");
    }
    SECTION("a long text cut around the first match, with … where it was cut") {
        const std::string text = repeat("word ", 100) + "the RASH is here " + repeat("more ", 100);
        const Snippet s = make_snippet(text, {"rash"}, 60);
        CHECK(s.text.rfind("…", 0) == 0);
        CHECK(s.text.size() >= 6);
        CHECK(s.text.substr(s.text.size() - 3) == "…");
        REQUIRE(s.highlights.size() == 1);
        CHECK(s.text.substr(s.highlights[0].start, s.highlights[0].length) == "RASH");
    }
    SECTION("no match: the start, nothing marked") {
        const Snippet s = make_snippet(repeat("ü", 200), {"x"}, 10);
        CHECK(s.text == repeat("ü", 10) + "…");
        CHECK(s.highlights.empty());
    }
}

// --- who may talk to whom --------------------------------------------------------------------------------

TEST_CASE("[core] messaging: a conversation needs a care relationship", "[core][messaging]") {
    test_scene::ConfirmedVisit f("UTC");
    MessagingService& messaging = f.services.messaging;
    const auto user = [&](UserId id) {
        return *f.store.transact([&](Transaction& tx) { return tx.accounts().find_user(id); }).value;
    };
    const auto from_patient = messaging.open(user(f.patient), f.doctor);
    REQUIRE(from_patient);
    CHECK(from_patient->other.id == f.doctor);
    CHECK(from_patient->other.display_name == "Dr. Amara Okafor");
    const auto from_doctor = messaging.open(user(f.doctor), f.patient);
    REQUIRE(from_doctor);
    CHECK(from_doctor->conversation.id == from_patient->conversation.id);  // one per pair

    const auto not_found = [](const auto& r) { return !r && r.error().code == ErrorCode::not_found; };
    CHECK(not_found(messaging.open(user(f.stranger), f.doctor)));  // no visit
    CHECK(not_found(messaging.open(user(f.doctor), f.stranger)));
    CHECK(not_found(messaging.open(user(f.admin), f.doctor)));     // staff
    CHECK(not_found(messaging.open(user(f.doctor), f.admin)));
    CHECK(not_found(messaging.open(user(f.patient), f.stranger)));  // two patients
    CHECK(not_found(messaging.open(user(f.patient), 999'999)));     // nobody
    // The same answer for all of them: nothing to learn from it.
    CHECK(messaging.open(user(f.stranger), f.doctor).error().message ==
          messaging.open(user(f.patient), 999'999).error().message);

    SECTION("a request the doctor declined is no relationship; a cancelled visit is") {
        REQUIRE(f.credits.buy_credits(f.stranger, "bundle5", {"4242 4242 4242 4242", 12, 2030, "123", "X"}, "key-stranger-1",
                                      f.cfx));
        const AppointmentId requested = f.clinic.book(f.stranger, f.doctor, f.start + 2h, "Hello", f.cfx)->appointment.id;
        REQUIRE(f.clinic.act(f.doctor, requested, AppointmentAction::decline, "Full", f.cfx));
        CHECK(not_found(messaging.open(user(f.stranger), f.doctor)));
        const AppointmentId again = f.clinic.book(f.stranger, f.doctor, f.start + 3h, "Hello", f.cfx)->appointment.id;
        REQUIRE(f.clinic.act(f.stranger, again, AppointmentAction::cancel, "", f.cfx));
        CHECK(messaging.open(user(f.stranger), f.doctor));
    }
}

TEST_CASE("[core] messaging: strangers and staff learn nothing", "[core][messaging]") {
    Chat f;
    const Message m = f.send(f.patient, "Private question");
    for (UserId outsider : {f.stranger, f.admin}) {
        CAPTURE(outsider);
        Effects fx;
        const auto code = [](const auto& r) { return r ? std::string("ok") : std::string(to_string(r.error().code)); };
        CHECK(code(f.messaging().send(outsider, f.conversation, "x-1", "hi", std::nullopt, fx)) == "not_found");
        CHECK(code(f.messaging().history(outsider, f.conversation, std::nullopt, 50)) == "not_found");
        CHECK(code(f.messaging().after(outsider, f.conversation, 0, 50)) == "not_found");
        CHECK(code(f.messaging().mark(outsider, f.conversation, ReceiptKind::read, 1, fx)) == "not_found");
        CHECK(code(f.messaging().edit(outsider, m.id, "changed", fx)) == "not_found");
        CHECK(code(f.messaging().remove(outsider, m.id, fx)) == "not_found");
        CHECK(f.messaging().list(outsider, 100)->conversations.empty());
        CHECK(f.messaging().search(outsider, "private", 20)->empty());
        CHECK(fx.empty());
        // An id that exists and one that does not read the same.
        CHECK(f.messaging().history(outsider, f.conversation, std::nullopt, 50).error().message ==
              f.messaging().history(outsider, f.conversation + 1000, std::nullopt, 50).error().message);
        CHECK(f.messaging().edit(outsider, m.id, "x", fx).error().message ==
              f.messaging().edit(outsider, m.id + 1000, "x", fx).error().message);
    }
}

// --- sending -------------------------------------------------------------------------------------------

TEST_CASE("[core] messaging: sending numbers messages and tells both members", "[core][messaging]") {
    Chat f;
    auto r = f.messaging().send(f.patient, f.conversation, "uuid-1", "Is the rash normal?", f.visit, f.fx);
    REQUIRE(r);
    const Message first = r->message;
    CHECK(first.number == 1);
    CHECK(first.sender_id == f.patient);
    CHECK(first.appointment_id == f.visit);
    CHECK(first.created_at == f.clock.now());

    const auto created_patient = events_to<msg::MessageCreated>(f.fx, f.patient);
    const auto created_doctor = events_to<msg::MessageCreated>(f.fx, f.doctor);
    REQUIRE(created_patient.size() == 1);  // every tab of the sender too
    REQUIRE(created_doctor.size() == 1);
    CHECK(created_doctor[0].message.text == "Is the rash normal?");
    CHECK(created_doctor[0].message.number == 1);
    const auto unread = events_to<msg::UnreadChanged>(f.fx, f.doctor);
    REQUIRE(unread.size() == 1);
    CHECK(unread[0].conversation_id == f.conversation);
    CHECK(unread[0].unread == 1);
    CHECK(unread[0].total_unread == 1);
    CHECK(events_to<msg::UnreadChanged>(f.fx, f.patient).empty());

    CHECK(f.send(f.doctor, "Send a photo").number == 2);
    CHECK(f.send(f.patient, "OK").number == 3);

    SECTION("a repeated client id returns the first message and announces nothing") {
        Effects again;
        auto repeat_send = f.messaging().send(f.patient, f.conversation, "uuid-1", "different text", std::nullopt, again);
        REQUIRE(repeat_send);
        CHECK(repeat_send->message.id == first.id);
        CHECK(repeat_send->message.number == 1);
        CHECK(repeat_send->message.text == "Is the rash normal?");
        CHECK(again.empty());
        f.clock.advance(25h);  // kept at least 24 hours
        CHECK(f.messaging().send(f.patient, f.conversation, "uuid-1", "x", std::nullopt, again)->message.id == first.id);
        CHECK(f.messaging().after(f.patient, f.conversation, 0, 200)->messages.size() == 3);
        // The other member's same id is their own message.
        CHECK(f.messaging().send(f.doctor, f.conversation, "uuid-1", "mine", std::nullopt, again)->message.number == 4);
    }
    SECTION("bad input is refused with the field named, and stores nothing") {
        Effects fx;
        const auto field = [](const auto& r) { return r ? std::string("(ok)") : r.error().field; };
        CHECK(field(f.messaging().send(f.patient, f.conversation, "u-9", "   ", std::nullopt, fx)) == "text");
        CHECK(field(f.messaging().send(f.patient, f.conversation, "u-9", repeat("x", 4001), std::nullopt, fx)) == "text");
        CHECK(field(f.messaging().send(f.patient, f.conversation, "u 9", "hi", std::nullopt, fx)) == "client_message_id");
        CHECK(field(f.messaging().send(f.patient, f.conversation, "u-9", "hi", f.visit + 1000, fx)) == "appointment_id");
        CHECK(fx.empty());
        CHECK(f.messaging().after(f.patient, f.conversation, 0, 200)->messages.size() == 3);
    }
    SECTION("another pair's appointment cannot be referred to") {
        REQUIRE(f.credits.buy_credits(f.stranger, "bundle5", {"4242 4242 4242 4242", 12, 2030, "123", "X"}, "key-stranger-1",
                                      f.cfx));
        const AppointmentId theirs = f.clinic.book(f.stranger, f.doctor, f.start + 2h, "x", f.cfx)->appointment.id;
        Effects fx;
        auto refused = f.messaging().send(f.patient, f.conversation, "u-10", "hi", theirs, fx);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code == ErrorCode::not_found);
    }
}

TEST_CASE("[core] messaging: edit within 15 minutes, delete leaves a tombstone", "[core][messaging]") {
    Chat f;
    const Message m = f.send(f.patient, "I take 50 mg");
    f.fx = {};

    f.clock.advance(10min);
    auto edited = f.messaging().edit(f.patient, m.id, "I take 500 mg", f.fx);
    REQUIRE(edited);
    CHECK(edited->text == "I take 500 mg");
    CHECK(edited->edited_at == f.clock.now());
    REQUIRE(events_to<msg::MessageEdited>(f.fx, f.doctor).size() == 1);
    CHECK(events_to<msg::MessageEdited>(f.fx, f.doctor)[0].message.edited_at == f.clock.now());
    CHECK(events_to<msg::MessageEdited>(f.fx, f.patient).size() == 1);

    Effects fx;
    CHECK(f.messaging().edit(f.doctor, m.id, "not mine", fx).error().code == ErrorCode::forbidden);
    CHECK(f.messaging().edit(f.patient, m.id, "", fx).error().field == "text");
    f.clock.advance(5min + 1ms);
    CHECK(f.messaging().edit(f.patient, m.id, "too late", fx).error().code == ErrorCode::invalid_transition);
    CHECK(f.messaging().remove(f.doctor, m.id, fx).error().code == ErrorCode::forbidden);
    CHECK(fx.empty());

    f.fx = {};
    auto tombstone = f.messaging().remove(f.patient, m.id, f.fx);
    REQUIRE(tombstone);
    CHECK(tombstone->deleted());
    CHECK(tombstone->text.empty());
    const auto deleted = events_to<msg::MessageDeleted>(f.fx, f.doctor);
    REQUIRE(deleted.size() == 1);
    CHECK(deleted[0].message.deleted);
    CHECK(deleted[0].message.text.empty());
    CHECK(deleted[0].message.number == 1);
    // The doctor had not read it: their unread count drops, in every tab.
    const auto unread = events_to<msg::UnreadChanged>(f.fx, f.doctor);
    REQUIRE(unread.size() == 1);
    CHECK(unread[0].unread == 0);

    // In the thread it stays, without its text; the clinic's audit keeps both texts.
    const auto page = f.messaging().after(f.doctor, f.conversation, 0, 200);
    REQUIRE(page->messages.size() == 1);
    CHECK(page->messages[0].deleted());
    CHECK(msg::MessageInfo::of(page->messages[0]).text.empty());
    const auto audit = f.audit(m.id);
    REQUIRE(audit.size() == 2);
    CHECK(audit[0].text == "I take 50 mg");
    CHECK(audit[1].action == MessageAuditAction::deleted);
    CHECK(audit[1].text == "I take 500 mg");
    CHECK(f.messaging().search(f.doctor, "500", 20)->empty());
    CHECK(f.messaging().remove(f.patient, m.id, fx).error().code == ErrorCode::invalid_transition);
}

// --- receipts, unread, pages ------------------------------------------------------------------------------

TEST_CASE("[core] messaging: receipts move forward only; unread counts follow", "[core][messaging]") {
    Chat f;
    for (int i = 0; i < 3; ++i) f.send(f.patient, "question " + std::to_string(i));
    f.fx = {};

    auto delivered = f.messaging().mark(f.doctor, f.conversation, ReceiptKind::delivered, 3, f.fx);
    REQUIRE(delivered);
    CHECK(delivered->receipt.delivered_upto == 3);
    CHECK(delivered->receipt.read_upto == 0);
    CHECK(delivered->unread == 3);
    auto receipts = events_to<msg::ReceiptUpdated>(f.fx, f.patient);  // the sender sees "Delivered"
    REQUIRE(receipts.size() == 1);
    CHECK(receipts[0].receipt.user_id == f.doctor);
    CHECK(receipts[0].receipt.delivered_upto == 3);
    CHECK(events_of<msg::UnreadChanged>(f.fx).empty());  // delivery is not reading

    f.fx = {};
    auto read = f.messaging().mark(f.doctor, f.conversation, ReceiptKind::read, 2, f.fx);
    REQUIRE(read);
    CHECK(read->receipt.read_upto == 2);
    CHECK(read->unread == 1);
    CHECK(read->total_unread == 1);
    CHECK(events_to<msg::ReceiptUpdated>(f.fx, f.patient).size() == 1);
    CHECK(events_to<msg::ReceiptUpdated>(f.fx, f.doctor).size() == 1);
    const auto unread = events_to<msg::UnreadChanged>(f.fx, f.doctor);  // every tab of the reader
    REQUIRE(unread.size() == 1);
    CHECK(unread[0].unread == 1);
    CHECK(unread[0].total_unread == 1);

    f.fx = {};
    auto back = f.messaging().mark(f.doctor, f.conversation, ReceiptKind::read, 1, f.fx);
    REQUIRE(back);
    CHECK(back->receipt.read_upto == 2);  // never back
    CHECK(f.fx.empty());

    const auto field = [&](std::int64_t up_to) {
        Effects fx;
        auto r = f.messaging().mark(f.doctor, f.conversation, ReceiptKind::read, up_to, fx);
        return r ? std::string("(ok)") : r.error().field;
    };
    CHECK(field(4) == "up_to");
    CHECK(field(0) == "up_to");

    const auto list = f.messaging().list(f.doctor, 100);
    REQUIRE(list->conversations.size() == 1);
    CHECK(list->conversations[0].unread == 1);
    CHECK(list->conversations[0].mine.read_upto == 2);
    CHECK(list->conversations[0].theirs.read_upto == 0);
    CHECK(list->conversations[0].last_message->text == "question 2");
    CHECK(list->conversations[0].other.id == f.patient);
    CHECK(list->total_unread == 1);
}

TEST_CASE("[core] messaging: history in pages of 50, and everything after N", "[core][messaging]") {
    Chat f;
    for (int i = 1; i <= 120; ++i) f.send(i % 3 ? f.patient : f.doctor, "message " + std::to_string(i));

    auto newest = f.messaging().history(f.doctor, f.conversation, std::nullopt, 1000);  // at most 50
    REQUIRE(newest);
    CHECK(numbers(newest->messages) == range(71, 120));
    CHECK(newest->has_more);
    auto older = f.messaging().history(f.doctor, f.conversation, 71, 50);
    CHECK(numbers(older->messages) == range(21, 70));
    auto oldest = f.messaging().history(f.doctor, f.conversation, 21, 50);
    CHECK(numbers(oldest->messages) == range(1, 20));
    CHECK_FALSE(oldest->has_more);
    CHECK(f.messaging().history(f.doctor, f.conversation, 0, 50).error().field == "before");

    auto missing = f.messaging().after(f.patient, f.conversation, 100, 200);
    CHECK(numbers(missing->messages) == range(101, 120));
    CHECK_FALSE(missing->has_more);
    auto first_part = f.messaging().after(f.patient, f.conversation, 0, 30);
    CHECK(numbers(first_part->messages) == range(1, 30));
    CHECK(first_part->has_more);
    CHECK(f.messaging().after(f.patient, f.conversation, 120, 200)->messages.empty());
    CHECK(f.messaging().after(f.patient, f.conversation, -1, 200).error().field == "after");
}

TEST_CASE("[core] messaging rules: changes since a revision, cut to a page", "[core][messaging]") {
    const auto changed = [](std::initializer_list<std::int64_t> revisions) {
        std::vector<Message> out;
        for (std::int64_t r : revisions) out.push_back(Message{.number = r * 10, .revision = r});
        return out;
    };
    const auto revisions = [](const ChangesSince& c) {
        std::vector<std::int64_t> out;
        for (const auto& m : c.changed) out.push_back(m.revision);
        return out;
    };
    SECTION("all of them fit: the reader is up to date with the conversation") {
        const auto c = changes_since(changed({4, 7}), 2, 9);
        CHECK(revisions(c) == std::vector<std::int64_t>{4, 7});
        CHECK(c.revision == 9);
        CHECK_FALSE(c.more);
    }
    SECTION("none: up to date as well") {
        const auto c = changes_since({}, 200, 9);
        CHECK(c.changed.empty());
        CHECK(c.revision == 9);
        CHECK_FALSE(c.more);
    }
    SECTION("more than a page: up to the last one kept, and ask again") {
        const auto c = changes_since(changed({4, 7, 8}), 2, 9);
        CHECK(revisions(c) == std::vector<std::int64_t>{4, 7});
        CHECK(c.revision == 7);
        CHECK(c.more);
    }
}

TEST_CASE("[core] messaging: after N, with what changed since a revision", "[core][messaging]") {
    Chat f;
    for (int i = 1; i <= 5; ++i) f.send(f.patient, "message " + std::to_string(i));
    // A tab reads the thread: its revision is the conversation's newest change (5 messages sent).
    const auto read = f.messaging().history(f.doctor, f.conversation, std::nullopt, 50);
    REQUIRE(read);
    CHECK(read->revision == 5);
    CHECK(read->messages.back().revision == 5);

    // While that tab is away: message 2 is edited, 3 deleted, 6 sent.
    Effects fx;
    const auto m2 = f.messaging().history(f.doctor, f.conversation, 3, 1)->messages.at(0);
    const auto m3 = f.messaging().history(f.doctor, f.conversation, 4, 1)->messages.at(0);
    REQUIRE(f.messaging().edit(f.patient, m2.id, "message 2, corrected", fx));
    REQUIRE(f.messaging().remove(f.patient, m3.id, fx));
    f.send(f.patient, "message 6");

    SECTION("it comes back: the new message by number, the edit and the tombstone by revision") {
        const auto back = f.messaging().after(f.doctor, f.conversation, 5, 200, read->revision);
        REQUIRE(back);
        CHECK(numbers(back->messages) == std::vector<std::int64_t>{6});
        REQUIRE(back->changed.size() == 2);
        CHECK(back->changed[0].number == 2);
        CHECK(back->changed[0].text == "message 2, corrected");
        CHECK(back->changed[0].revision == 6);
        CHECK(back->changed[1].number == 3);
        CHECK(back->changed[1].deleted());
        CHECK(back->changed[1].revision == 7);
        CHECK(back->messages[0].revision == 8);
        CHECK(back->revision == 8);
        CHECK_FALSE(back->has_more);
        // Asking again from there: nothing new.
        const auto again = f.messaging().after(f.doctor, f.conversation, 6, 200, back->revision);
        CHECK(again->messages.empty());
        CHECK(again->changed.empty());
        CHECK(again->revision == 8);
    }
    SECTION("one change per page: has_more until the reader caught up") {
        auto page = f.messaging().after(f.doctor, f.conversation, 5, 1, read->revision);
        REQUIRE(page->changed.size() == 1);
        CHECK(page->changed[0].number == 2);
        CHECK(page->revision == 6);
        CHECK(page->has_more);
        page = f.messaging().after(f.doctor, f.conversation, 6, 1, page->revision);
        REQUIRE(page->changed.size() == 1);
        CHECK(page->changed[0].number == 3);
        CHECK(page->revision == 7);
        CHECK(page->has_more);
        // Message 6 came whole on the first page, but its send (revision 8) is a change the server cannot
        // know this reader has: it comes once more, and then the reader has caught up.
        page = f.messaging().after(f.doctor, f.conversation, 6, 1, page->revision);
        REQUIRE(page->changed.size() == 1);
        CHECK(page->changed[0].number == 6);
        CHECK(page->revision == 8);
        CHECK_FALSE(page->has_more);
    }
    SECTION("without changed_since nothing changed is sent; a negative one is refused") {
        CHECK(f.messaging().after(f.doctor, f.conversation, 5, 200)->changed.empty());
        CHECK(f.messaging().after(f.doctor, f.conversation, 5, 200, -1).error().field == "changed_since");
    }
}

TEST_CASE("[core] messaging: search one's own conversations with highlights", "[core][messaging]") {
    Chat f;
    f.send(f.patient, "The rash on my arm itches since Tuesday");
    f.send(f.doctor, "Any rashes elsewhere?");
    auto found = f.messaging().search(f.patient, "RASH", 20);
    REQUIRE(found);
    REQUIRE(found->size() == 2);
    CHECK((*found)[0].message.text == "Any rashes elsewhere?");  // the newest first
    const Snippet& s = (*found)[1].snippet;
    REQUIRE(s.highlights.size() == 1);
    CHECK(s.text.substr(s.highlights[0].start, s.highlights[0].length) == "rash");

    CHECK(f.messaging().search(f.patient, "?!", 20).error().field == "query");
    CHECK(f.messaging().search(f.patient, repeat("a", 201), 20).error().field == "query");
    CHECK(f.messaging().search(f.patient, "\xC3", 20).error().field == "query");
}

// --- through the dispatcher --------------------------------------------------------------------------------

TEST_CASE("[core] messaging: typing is relayed from memory to the other member only", "[core][messaging]") {
    test_scene::ConfirmedVisit f("UTC");
    const auto* route = f.services.routes.find(protocol::RequestType::typing);
    REQUIRE(route);
    CHECK(route->work == Work::memory);

    test_scene::Client patient(f.services), doctor(f.services);
    patient.hello().sign_in("pat@example.com");
    doctor.hello().sign_in("dr@example.com");
    const json opened = patient.reply("open_conversation", {{"user_id", f.doctor}});
    REQUIRE(opened["ok"] == true);
    const std::int64_t conversation = opened["data"]["conversation"]["id"];

    // The doctor's connection has not opened it: from memory, it is unknown there.
    CHECK(doctor.reply("typing", {{"conversation_id", conversation}})["error"]["code"] == "not_found");

    DecodedRequest decoded = protocol::decode_request(
        json{{"id", 99}, {"type", "typing"}, {"data", {{"conversation_id", conversation}}}}.dump());
    auto answered = f.dispatcher.handle_in_memory(patient.state, decoded);
    REQUIRE(answered);  // no store needed
    CHECK(json::parse(answered->reply)["data"]["relayed"] == true);
    const auto relayed = events_to<msg::TypingRelayed>(answered->effects, f.doctor);
    REQUIRE(relayed.size() == 1);
    CHECK(relayed[0].user_id == f.patient);
    CHECK(relayed[0].conversation_id == conversation);
    CHECK(events_to<msg::TypingRelayed>(answered->effects, f.patient).empty());

    auto again = patient.send("typing", {{"conversation_id", conversation}});
    CHECK(json::parse(again.reply)["data"]["relayed"] == false);  // within 3 s
    CHECK(again.effects.empty());
    f.clock.advance(3s);
    CHECK(patient.reply("typing", {{"conversation_id", conversation}})["data"]["relayed"] == true);

    // A stranger's connection cannot reach it with the id.
    test_scene::Client stranger(f.services);
    stranger.hello().sign_in("x@example.com");
    CHECK(stranger.reply("typing", {{"conversation_id", conversation}})["error"]["code"] == "not_found");
    CHECK(stranger.reply("conversation_history", {{"conversation_id", conversation}})["error"]["code"] == "not_found");
}

TEST_CASE("[core] messaging: over the dispatcher, the wire form of a send", "[core][messaging]") {
    test_scene::ConfirmedVisit f("UTC");
    test_scene::Client patient(f.services);
    patient.hello().sign_in("pat@example.com");
    const std::int64_t conversation = patient.reply("open_conversation", {{"user_id", f.doctor}})["data"]["conversation"]["id"];
    const auto out = patient.send("send_message", {{"conversation_id", conversation},
                                                   {"client_message_id", "tab1-1"},
                                                   {"text", "Guten Tag 👋"},
                                                   {"appointment_id", f.visit}});
    const json reply = json::parse(out.reply);
    REQUIRE(reply["ok"] == true);
    const json& m = reply["data"]["message"];
    CHECK(m["number"] == 1);
    CHECK(m["text"] == "Guten Tag 👋");
    CHECK(m["client_message_id"] == "tab1-1");
    CHECK(m["appointment_id"] == f.visit);
    CHECK(m["deleted"] == false);
    CHECK(m["edited_at"].is_null());
    CHECK(m["revision"] == 1);  // the conversation's first change
    const auto created = test_events::data_of(out.effects, "message.created");
    REQUIRE(created.size() == 2);
    CHECK(created[0]["message"] == m);
    CHECK(test_events::data_of(out.effects, "conversation.unread").size() == 1);
}
