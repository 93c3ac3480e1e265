#include "core/clinic/model.h"

#include <array>

namespace core {
namespace {

template <typename E, size_t N>
std::optional<E> parse(std::string_view s, const std::array<std::string_view, N>& names) {
    for (size_t i = 0; i < N; ++i)
        if (names[i] == s) return static_cast<E>(i);
    return std::nullopt;
}

constexpr std::array<std::string_view, 4> kVerification{"pending", "verified", "rejected", "suspended"};
constexpr std::array<std::string_view, 8> kStatus{"requested", "confirmed", "declined",  "expired",
                                                  "cancelled", "in_progress", "completed", "no_show"};
constexpr std::array<std::string_view, 6> kLedger{"purchase", "hold", "release", "refund", "earning", "grant"};
constexpr std::array<std::string_view, 3> kPurchase{"pending", "succeeded", "declined"};

}  // namespace

std::string_view to_string(Verification v) { return kVerification[size_t(v)]; }
std::optional<Verification> verification_from_string(std::string_view s) { return parse<Verification>(s, kVerification); }
std::string_view to_string(AppointmentStatus s) { return kStatus[size_t(s)]; }
std::optional<AppointmentStatus> appointment_status_from_string(std::string_view s) {
    return parse<AppointmentStatus>(s, kStatus);
}
std::string_view to_string(LedgerKind k) { return kLedger[size_t(k)]; }
std::string_view to_string(PurchaseStatus s) { return kPurchase[size_t(s)]; }

bool holds_slot(AppointmentStatus s) {
    return s == AppointmentStatus::requested || s == AppointmentStatus::confirmed || s == AppointmentStatus::in_progress;
}

bool is_final(AppointmentStatus s) { return !holds_slot(s); }

std::string wallet_account(UserId user) { return "wallet:" + std::to_string(user); }
std::string escrow_account(AppointmentId appointment) { return "escrow:" + std::to_string(appointment); }
std::string earnings_account(UserId doctor) { return "earnings:" + std::to_string(doctor); }

}  // namespace core
