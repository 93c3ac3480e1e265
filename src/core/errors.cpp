#include "core/errors.h"

#include <array>

namespace core {
namespace {
struct Entry {
    std::string_view name;
    std::string_view text;
};
constexpr std::array kEntries{
#define CORE_X(name, text) Entry{#name, text},
    CORE_ERROR_CODES(CORE_X)
#undef CORE_X
};
}  // namespace

std::string_view to_string(ErrorCode code) { return kEntries[static_cast<size_t>(code)].name; }
std::string_view default_message(ErrorCode code) { return kEntries[static_cast<size_t>(code)].text; }

std::optional<ErrorCode> error_code_from_string(std::string_view name) {
    for (size_t i = 0; i < kEntries.size(); ++i)
        if (kEntries[i].name == name) return static_cast<ErrorCode>(i);
    return std::nullopt;
}

Error Error::of(ErrorCode code, std::string message, std::string field) {
    if (message.empty()) message = std::string(default_message(code));
    return Error{code, std::move(message), std::move(field), 0};
}

}  // namespace core
