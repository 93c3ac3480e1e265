// The invitations repository's contract (core/invitations/repository.h), on every store, and guests
// (named by their invitation) in the call log and chat.
#include <stdexcept>

#include "stores.h"

using namespace core;

namespace {

Instant t(int minute) {
    return from_unix_ms(1'790'000'000'000 + std::int64_t{minute} * 60'000);
}

CallInvite invite(AppointmentId appointment, UserId doctor, std::string token_hash) {
    CallInvite i;
    i.appointment_id = appointment;
    i.created_by = doctor;
    i.role = CallRole::family;
    i.name = "Sam";
    i.token_hash = std::move(token_hash);
    i.created_at = t(1);
    i.expires_at = t(180);
    return i;
}

}  // namespace

STORE_TEST_CASE("[store] invitations, and guests in the call log and chat", "[store][invitations][calls]") {
    TestType s;
    UserId doctor = 0, patient = 0;
    AppointmentId a = 0;
    s.store.transact([&](Transaction& tx) {
        auto& accounts = tx.accounts();
        doctor = accounts.insert_user(
            {"dr@example.test", "Dr", Role::doctor, AccountStatus::active, "UTC", "$x", t(0)});
        patient = accounts.insert_user(
            {"pat@example.test", "Pat", Role::patient, AccountStatus::active, "UTC", "$x", t(0)});
        Appointment x;
        x.doctor_id = doctor;
        x.patient_id = patient;
        x.starts_at = t(60);
        x.ends_at = t(90);
        x.status = AppointmentStatus::confirmed;
        a = tx.clinic().insert_appointment(x);
    });
    InviteId first = 0, second = 0;
    s.store.transact([&](Transaction& tx) {
        auto& invitations = tx.invitations();
        CallInvite i;
        i.appointment_id = a;
        i.created_by = doctor;
        i.role = CallRole::interpreter;
        i.name = "Maria";
        i.token_hash = "hash-1";
        i.created_at = t(1);
        i.expires_at = t(180);
        first = invitations.insert_call_invite(i);
        i.role = CallRole::family;
        i.name = "";
        i.token_hash = "hash-2";
        second = invitations.insert_call_invite(i);
        i.token_hash = "hash-1";
        CHECK_THROWS_AS(invitations.insert_call_invite(i), UniqueViolation);  // a token hash is unique
    });
    s.store.transact([&](Transaction& tx) {
        auto& calls = tx.calls();
        auto& invitations = tx.invitations();
        invitations.claim_call_invite(first, "Maria Silva", "key-hash", "Europe/Lisbon", t(50));
        invitations.revoke_call_invite(second, t(51));
        invitations.revoke_call_invite(second, t(52));  // the first revoke stands
        const UserId guest = guest_user_id(first);
        calls.insert_call_participation({0, a, guest, t(55), t(57)});
        calls.insert_call_message({0, a, guest, "Olá", t(56)});
        calls.insert_call_message({0, a, patient, "Hi", t(56)});
    });
    s.store.transact([&](Transaction& tx) {
        auto& calls = tx.calls();
        auto& invitations = tx.invitations();
        auto one = invitations.find_call_invite(first);
        REQUIRE(one);
        CHECK(one->role == CallRole::interpreter);
        CHECK(one->name == "Maria");
        CHECK(one->guest_name == "Maria Silva");
        CHECK(one->guest_key_hash == "key-hash");
        CHECK(one->guest_time_zone == "Europe/Lisbon");
        CHECK(one->claimed_at == t(50));
        CHECK(one->expires_at == t(180));
        CHECK_FALSE(one->revoked_at);
        CHECK(invitations.find_call_invite_by_token_hash("hash-2")->revoked_at == t(51));
        CHECK_FALSE(invitations.find_call_invite_by_token_hash("nope"));
        CHECK(invitations.call_invites(a).size() == 2);
        CHECK(invitations.call_invites(a)[0].id == first);
        const auto stretches = calls.call_participations(a);
        REQUIRE(stretches.size() == 1);
        CHECK(stretches[0].user_id == -first);
        const auto messages = calls.call_messages(a, 10);
        REQUIRE(messages.size() == 2);
        CHECK(messages[0].user_id == -first);
        CHECK(messages[1].user_id == patient);
    });
}

STORE_TEST_CASE("[store] invitations: first claim, first revoke, unknown ids, roles",
                "[store][invitations]") {
    TestType fixture;
    Store& store = fixture.store;
    const store_test::People p = store_test::add_people(store);
    const AppointmentId a = store
                                .transact([&](Transaction& tx) {
                                    return tx.clinic().insert_appointment(store_test::appointment(p, 0));
                                })
                                .value;

    SECTION("a claimed invitation keeps its first claim") {
        store.transact([&](Transaction& tx) {
            auto& invitations = tx.invitations();
            const InviteId id = invitations.insert_call_invite(invite(a, p.doctor, "hash-1"));
            invitations.claim_call_invite(id, "Sam", "key-1", "Europe/Paris", t(10));
            invitations.claim_call_invite(id, "Someone else", "key-2", "UTC", t(11));
            const auto found = invitations.find_call_invite(id);
            REQUIRE(found);
            CHECK(found->claimed_at == t(10));
            CHECK(found->guest_name == "Sam");
            CHECK(found->guest_key_hash == "key-1");
            CHECK(found->guest_time_zone == "Europe/Paris");
        });
    }
    SECTION("claim and revoke of an unknown invitation change nothing and do not throw") {
        store.transact([&](Transaction& tx) {
            auto& invitations = tx.invitations();
            const InviteId id = invitations.insert_call_invite(invite(a, p.doctor, "hash-1"));
            CHECK_NOTHROW(invitations.claim_call_invite(id + 100, "Sam", "key", "UTC", t(10)));
            CHECK_NOTHROW(invitations.revoke_call_invite(id + 100, t(10)));
            CHECK_FALSE(invitations.find_call_invite(id + 100));
            const auto found = invitations.find_call_invite(id);
            CHECK_FALSE(found->claimed_at);
            CHECK_FALSE(found->revoked_at);
            CHECK(found->guest_name.empty());
        });
    }
    SECTION("ids are positive and increase; a new invitation is unclaimed and unrevoked") {
        store.transact([&](Transaction& tx) {
            auto& invitations = tx.invitations();
            const InviteId first = invitations.insert_call_invite(invite(a, p.doctor, "hash-1"));
            const InviteId second = invitations.insert_call_invite(invite(a, p.doctor, "hash-2"));
            CHECK(first > 0);
            CHECK(second > first);
            const auto found = invitations.find_call_invite(second);
            REQUIRE(found);
            CHECK(found->appointment_id == a);
            CHECK(found->created_by == p.doctor);
            CHECK(found->role == CallRole::family);
            CHECK(found->name == "Sam");
            CHECK(found->token_hash == "hash-2");
            CHECK(found->created_at == t(1));
            CHECK_FALSE(found->claimed_at);
            CHECK(found->guest_key_hash.empty());
            CHECK(invitations.call_invites(a + 100).empty());
        });
    }
    SECTION("a role no guest has is refused and nothing is stored") {
        for (CallRole role : {CallRole::doctor, CallRole::patient}) {
            CHECK_THROWS_AS(store.transact([&](Transaction& tx) {
                CallInvite i = invite(a, p.doctor, "hash-x");
                i.role = role;
                tx.invitations().insert_call_invite(i);
            }),
                            std::logic_error);
        }
        store.transact([&](Transaction& tx) { CHECK(tx.invitations().call_invites(a).empty()); });
    }
}
