#include "core/credits/model.h"

namespace core {

std::string wallet_account(UserId user) { return "wallet:" + std::to_string(user); }
std::string escrow_account(AppointmentId appointment) { return "escrow:" + std::to_string(appointment); }
std::string earnings_account(UserId doctor) { return "earnings:" + std::to_string(doctor); }

LedgerAccountKind account_kind(std::string_view account) {
    return from_string<LedgerAccountKind>(account.substr(0, account.find(':'))).value_or(LedgerAccountKind::external);
}

}  // namespace core
