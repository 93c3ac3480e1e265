// Buying credits. PaymentProvider is the edge to a card processor; the one built in is an honest,
// clearly labelled test-mode processor that behaves like real processors' test modes: it checks the
// card like a processor would (Luhn, expiry, CVC) and answers to well-known test card numbers.
// A live processor plugs in behind the same interface.
#pragma once
#include <mutex>
#include <string>
#include <vector>

#include "core/time/clock.h"

namespace core {

struct CreditPackage {
    std::string id;
    int credits = 0;
    int price_cents = 0;
    std::string currency = "EUR";
    std::string name;
};
const std::vector<CreditPackage>& credit_packages();
const CreditPackage* find_package(std::string_view id);

struct CardDetails {
    std::string number;  // digits, spaces allowed
    int exp_month = 0;
    int exp_year = 0;    // four digits
    std::string cvc;
    std::string holder;
};

struct ChargeRequest {
    CardDetails card;
    int amount_cents = 0;
    std::string currency;
    std::string idempotency_key;  // the processor must not charge twice for one key
    std::string description;
};

struct ChargeResult {
    bool succeeded = false;
    std::string charge_id;
    std::string decline_code;    // "card_declined", "invalid_number", "expired_card", "invalid_cvc", …
    std::string decline_reason;  // a sentence for the person
    std::string brand;           // "Visa", "Mastercard", …
    std::string last4;
};

class PaymentProvider {
public:
    virtual ~PaymentProvider() = default;
    virtual ChargeResult charge(const ChargeRequest& request) = 0;
    virtual bool test_mode() const = 0;
};

// Test mode: 4242 4242 4242 4242 succeeds; 4000 0000 0000 0002 is declined; 4000 0000 0000 9995 is
// declined for insufficient funds; any other Luhn-valid number succeeds. Nothing is charged, ever.
class TestModePaymentProvider final : public PaymentProvider {
public:
    explicit TestModePaymentProvider(const Clock& clock) : clock_(clock) {}
    ChargeResult charge(const ChargeRequest& request) override;
    bool test_mode() const override { return true; }

private:
    const Clock& clock_;
    std::mutex mutex_;
    std::vector<std::pair<std::string, ChargeResult>> seen_;  // idempotency: key -> first result
};

bool luhn_valid(std::string_view digits);
std::string card_digits(std::string_view number);  // strips spaces and dashes; "" if other characters
std::string card_brand(std::string_view digits);

}  // namespace core
