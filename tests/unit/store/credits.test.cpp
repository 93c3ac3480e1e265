// The credits repository's contract (core/credits/repository.h), on every store.
#include <stdexcept>

#include "stores.h"

using namespace core;
using namespace store_test;

namespace {

LedgerEntry entry(std::string account, std::int64_t amount, LedgerKind kind = LedgerKind::grant) {
    LedgerEntry e;
    e.account = std::move(account);
    e.kind = kind;
    e.amount = amount;
    e.memo = "memo";
    e.at = at(kT0);
    return e;
}

}  // namespace

STORE_TEST_CASE("[store] credits: ledger and purchases", "[store][credits]") {
    TestType backend;
    Store& store = backend.store;
    const People p = add_people(store);

    SECTION("the ledger: balanced postings, balances, total, newest first") {
        store.transact([&](Transaction& tx) {
            auto& credits = tx.credits();
            CHECK(credits.ledger_total() == 0);
            CHECK(credits.account_balance(wallet_account(p.patient)) == 0);
            const auto appt = tx.clinic().insert_appointment(appointment(p, 0));
            Purchase bought;
            bought.user_id = p.patient;
            bought.idempotency_key = "key-0001";
            bought.package_id = "bundle5";
            const auto purchase = credits.insert_purchase(bought);

            LedgerEntry out_of = entry(kExternalPayments, -10, LedgerKind::purchase);
            LedgerEntry in_to = entry(wallet_account(p.patient), 10, LedgerKind::purchase);
            out_of.purchase_id = in_to.purchase_id = purchase;
            const auto first = credits.post_ledger({out_of, in_to});
            LedgerEntry hold_out = entry(wallet_account(p.patient), -3, LedgerKind::hold);
            LedgerEntry hold_in = entry(escrow_account(appt), 3, LedgerKind::hold);
            hold_out.appointment_id = hold_in.appointment_id = appt;
            const auto second = credits.post_ledger({hold_out, hold_in});
            const auto third = credits.post_ledger({entry(escrow_account(appt), -3, LedgerKind::earning),
                                                    entry(earnings_account(p.doctor), 2, LedgerKind::earning),
                                                    entry(wallet_account(p.patient), 1, LedgerKind::refund)});
            CHECK(first != second);
            CHECK(second != third);

            CHECK(credits.account_balance(wallet_account(p.patient)) == 8);
            CHECK(credits.account_balance(escrow_account(appt)) == 0);
            CHECK(credits.account_balance(earnings_account(p.doctor)) == 2);
            CHECK(credits.account_balance(kExternalPayments) == -10);
            CHECK(credits.ledger_total() == 0);

            auto mine = credits.ledger_entries({wallet_account(p.patient)}, 10);
            REQUIRE(mine.size() == 3);
            CHECK(mine[0].kind == LedgerKind::refund);  // newest first
            CHECK(mine[0].posting_id == third);
            CHECK(mine[1].kind == LedgerKind::hold);
            CHECK(mine[1].amount == -3);
            CHECK(mine[1].appointment_id == appt);
            CHECK_FALSE(mine[1].purchase_id);
            CHECK(mine[1].posting_id == second);
            CHECK(mine[2].kind == LedgerKind::purchase);
            CHECK(mine[2].purchase_id == purchase);
            CHECK_FALSE(mine[2].appointment_id);
            CHECK(mine[2].memo == "memo");
            CHECK(mine[2].at == at(kT0));
            CHECK(mine[0].id > mine[1].id);
            CHECK(mine[1].id > mine[2].id);

            auto both = credits.ledger_entries({wallet_account(p.patient), earnings_account(p.doctor)}, 2);
            REQUIRE(both.size() == 2);
            CHECK(both[0].account == wallet_account(p.patient));
            CHECK(both[1].account == earnings_account(p.doctor));
            CHECK(credits.ledger_entries({wallet_account(p.patient)}, 0).empty());
            CHECK(credits.ledger_entries({"wallet:nobody"}, 10).empty());
            CHECK(credits.ledger_entries({}, 10).empty());
            // Entries of one posting share its id.
            auto escrow = credits.ledger_entries({escrow_account(appt)}, 10);
            REQUIRE(escrow.size() == 2);
            CHECK(escrow[0].posting_id == third);
            CHECK(escrow[1].posting_id == second);
        });
    }
    SECTION("escrow held for a patient: every escrow of their visits, and only theirs") {
        store.transact([&](Transaction& tx) {
            auto& credits = tx.credits();
            CHECK(credits.escrow_held_for(p.patient) == 0);
            const auto mine = tx.clinic().insert_appointment(appointment(p, 0));
            const auto later = tx.clinic().insert_appointment(appointment(p, 60));
            const auto theirs = tx.clinic().insert_appointment(appointment(p, 120, AppointmentStatus::requested, p.other_patient));
            auto hold = [&](UserId patient, AppointmentId appt, std::int64_t credits_held) {
                LedgerEntry out = entry(wallet_account(patient), -credits_held, LedgerKind::hold);
                LedgerEntry in = entry(escrow_account(appt), credits_held, LedgerKind::hold);
                out.appointment_id = in.appointment_id = appt;
                credits.post_ledger({out, in});
            };
            hold(p.patient, mine, 3);
            hold(p.patient, later, 5);
            hold(p.other_patient, theirs, 7);
            CHECK(credits.escrow_held_for(p.patient) == 8);
            CHECK(credits.escrow_held_for(p.other_patient) == 7);
            CHECK(credits.escrow_held_for(p.doctor) == 0);
            // Paid out to the doctor and partly refunded: the escrow empties, the patient holds less.
            credits.post_ledger({entry(escrow_account(mine), -3, LedgerKind::earning),
                                 entry(earnings_account(p.doctor), 2, LedgerKind::earning),
                                 entry(wallet_account(p.patient), 1, LedgerKind::refund)});
            CHECK(credits.escrow_held_for(p.patient) == 5);
            CHECK(credits.escrow_held_for(p.other_patient) == 7);
        });
        // Committed and read again in a new transaction.
        store.transact([&](Transaction& tx) { CHECK(tx.credits().escrow_held_for(p.patient) == 5); });
    }
    SECTION("an unbalanced posting is refused and nothing of the transaction stays") {
        CHECK_THROWS_AS(store.transact([&](Transaction& tx) {
            auto& credits = tx.credits();
            credits.post_ledger({entry(kExternalPayments, -5), entry(wallet_account(p.patient), 5)});
            credits.post_ledger({entry(kExternalPayments, -5), entry(wallet_account(p.patient), 6)});
        }),
                        std::logic_error);
        store.transact([&](Transaction& tx) {
            auto& credits = tx.credits();
            CHECK(credits.account_balance(wallet_account(p.patient)) == 0);
            CHECK(credits.ledger_entries({wallet_account(p.patient)}, 10).empty());
            CHECK(credits.ledger_total() == 0);
        });
    }
    SECTION("purchases: round-trip, update, one per user and key") {
        store.transact([&](Transaction& tx) {
            auto& credits = tx.credits();
            Purchase x;
            x.user_id = p.patient;
            x.idempotency_key = "checkout-123456";
            x.package_id = "family";
            x.credits = 24;
            x.amount_cents = 39900;
            x.currency = "EUR";
            x.created_at = at(kT0 + 7);
            x.id = credits.insert_purchase(x);
            CHECK_FALSE(credits.find_purchase(p.patient, "other-key"));
            CHECK_FALSE(credits.find_purchase(p.other_patient, "checkout-123456"));
            auto found = credits.find_purchase(p.patient, "checkout-123456");
            REQUIRE(found);
            CHECK(found->id == x.id);
            CHECK(found->package_id == "family");
            CHECK(found->credits == 24);
            CHECK(found->amount_cents == 39900);
            CHECK(found->status == PurchaseStatus::pending);
            CHECK(found->created_at == at(kT0 + 7));

            x.status = PurchaseStatus::succeeded;
            x.charge_id = "ch_test_1";
            x.card_brand = "Visa";
            x.card_last4 = "4242";
            credits.update_purchase(x);
            found = credits.find_purchase(p.patient, "checkout-123456");
            CHECK(found->status == PurchaseStatus::succeeded);
            CHECK(found->charge_id == "ch_test_1");
            CHECK(found->card_brand == "Visa");
            CHECK(found->card_last4 == "4242");
            CHECK(found->decline_reason.empty());

            Purchase same_key_other_user = x;
            same_key_other_user.user_id = p.other_patient;
            CHECK(credits.insert_purchase(same_key_other_user) != x.id);
            CHECK_THROWS_AS(credits.insert_purchase(x), UniqueViolation);
        });
    }
    SECTION("a posting is named by its first entry; entry ids increase") {
        store.transact([&](Transaction& tx) {
            auto& credits = tx.credits();
            const auto first =
                credits.post_ledger({entry(kExternalPayments, -4), entry(wallet_account(p.patient), 4)});
            const auto second =
                credits.post_ledger({entry(wallet_account(p.patient), -1), entry(kExternalPayments, 1)});
            CHECK(first > 0);
            CHECK(second > first);
            const auto all = credits.ledger_entries({kExternalPayments, wallet_account(p.patient)}, 10);
            REQUIRE(all.size() == 4);
            CHECK(all[3].id == first);  // oldest: the first entry of the first posting
            CHECK(all[3].posting_id == first);
            CHECK(all[2].posting_id == first);
            CHECK(all[2].id > all[3].id);
            CHECK(all[1].id == second);
            CHECK(all[1].posting_id == second);
            CHECK(all[0].posting_id == second);
            CHECK(credits.ledger_entries({kExternalPayments}, -1).empty());
        });
    }
    SECTION("an empty posting is refused and nothing of the transaction stays") {
        CHECK_THROWS_AS(store.transact([&](Transaction& tx) {
            tx.credits().post_ledger({entry(kExternalPayments, -5), entry(wallet_account(p.patient), 5)});
            tx.credits().post_ledger({});
        }),
                        std::logic_error);
        store.transact(
            [&](Transaction& tx) { CHECK(tx.credits().ledger_entries({kExternalPayments}, 10).empty()); });
    }
    SECTION("purchases: every field is kept; an unknown id changes nothing; a key stays one user's") {
        store.transact([&](Transaction& tx) {
            auto& credits = tx.credits();
            Purchase x;
            x.user_id = p.patient;
            x.idempotency_key = "key-a";
            x.package_id = "single";
            x.credits = 1;
            x.amount_cents = 499;
            x.currency = "CHF";
            x.status = PurchaseStatus::declined;
            x.charge_id = "ch_x";
            x.card_brand = "Mastercard";
            x.card_last4 = "4444";
            x.decline_reason = "Card declined — try another";
            x.created_at = at(kT0 + 1);
            x.id = credits.insert_purchase(x);
            CHECK(x.id > 0);
            const auto found = credits.find_purchase(p.patient, "key-a");
            REQUIRE(found);
            CHECK(found->user_id == p.patient);
            CHECK(found->currency == "CHF");
            CHECK(found->status == PurchaseStatus::declined);
            CHECK(found->charge_id == "ch_x");
            CHECK(found->card_brand == "Mastercard");
            CHECK(found->card_last4 == "4444");
            CHECK(found->decline_reason == "Card declined — try another");

            Purchase ghost = x;
            ghost.id = x.id + 100;
            ghost.idempotency_key = "key-ghost";
            CHECK_NOTHROW(credits.update_purchase(ghost));
            CHECK_FALSE(credits.find_purchase(p.patient, "key-ghost"));

            Purchase y = x;
            y.idempotency_key = "key-b";
            y.id = credits.insert_purchase(y);
            CHECK(y.id > x.id);
            y.idempotency_key = "key-a";  // taking x's key
            CHECK_THROWS_AS(credits.update_purchase(y), UniqueViolation);
            CHECK(credits.find_purchase(p.patient, "key-b"));
            CHECK(credits.find_purchase(p.patient, "key-a")->id == x.id);
        });
    }
}
