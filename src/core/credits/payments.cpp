#include "core/credits/payments.h"

#include <cctype>

#include "core/crypto/random.h"

namespace core {

const std::vector<CreditPackage>& credit_packages() {
    static const std::vector<CreditPackage> kPackages{
        {"single", 2, 3900, "EUR", "One consultation"},
        {"bundle5", 10, 17900, "EUR", "Five consultations"},
        {"family", 24, 39900, "EUR", "Family pack (twelve consultations)"},
    };
    return kPackages;
}

const CreditPackage* find_package(std::string_view id) {
    for (const CreditPackage& p : credit_packages())
        if (p.id == id) return &p;
    return nullptr;
}

std::string card_digits(std::string_view number) {
    std::string out;
    for (char c : number) {
        if (std::isdigit(static_cast<unsigned char>(c))) out.push_back(c);
        else if (c != ' ' && c != '-') return {};
    }
    return out;
}

bool luhn_valid(std::string_view digits) {
    if (digits.size() < 12 || digits.size() > 19) return false;
    int sum = 0;
    bool twice = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        int d = *it - '0';
        if (twice && (d *= 2) > 9) d -= 9;
        sum += d;
        twice = !twice;
    }
    return sum % 10 == 0;
}

std::string card_brand(std::string_view d) {
    if (d.starts_with("4")) return "Visa";
    if (d.size() >= 2 && d[0] == '5' && d[1] >= '1' && d[1] <= '5') return "Mastercard";
    if (d.starts_with("34") || d.starts_with("37")) return "American Express";
    return "Card";
}

ChargeResult TestModePaymentProvider::charge(const ChargeRequest& request) {
    std::lock_guard lock(mutex_);
    for (const auto& [key, result] : seen_)
        if (key == request.idempotency_key) return result;

    ChargeResult r;
    const std::string digits = card_digits(request.card.number);
    r.brand = card_brand(digits);
    r.last4 = digits.size() >= 4 ? digits.substr(digits.size() - 4) : digits;
    const auto decline = [&](const char* code, const char* reason) {
        r.decline_code = code;
        r.decline_reason = reason;
    };
    using namespace std::chrono;
    const year_month_day today{floor<days>(clock_.now())};
    const int this_year = int(today.year()), this_month = int(unsigned(today.month()));
    if (digits.empty() || !luhn_valid(digits)) {
        decline("invalid_number", "The card number is not valid. Check it for typos.");
    } else if (request.card.exp_month < 1 || request.card.exp_month > 12 || request.card.exp_year < 2000 ||
               request.card.exp_year < this_year || (request.card.exp_year == this_year && request.card.exp_month < this_month)) {
        decline("expired_card", "The card has expired or the expiry date is not valid.");
    } else if (const std::string cvc = card_digits(request.card.cvc);
               cvc.size() != request.card.cvc.size() || cvc.size() < 3 || cvc.size() > 4) {
        decline("invalid_cvc", "The security code (CVC) should be the 3 or 4 digits on the card.");
    } else if (digits == "4000000000000002") {
        decline("card_declined", "Your card was declined by the bank. Try another card.");
    } else if (digits == "4000000000009995") {
        decline("insufficient_funds", "Your card has insufficient funds. Try another card.");
    } else {
        std::uint8_t raw[12];
        secure_random_bytes(raw, sizeof raw);
        r.succeeded = true;
        r.charge_id = "test_ch_" + base64url_encode(raw, sizeof raw);
    }
    seen_.emplace_back(request.idempotency_key, r);
    return r;
}

}  // namespace core
