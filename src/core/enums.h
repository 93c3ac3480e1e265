// Enums with wire names, from one X-macro list each (like RequestType and ErrorCode): the enum, its
// names and the two conversions come from the list, so a value and its name cannot drift apart.
//
//   #define CORE_ROLES(X) X(patient) X(doctor) X(admin) X(support)
//   CORE_ENUM(Role, CORE_ROLES)          // inside namespace core
//
//   to_string(Role::doctor)              -> "doctor"
//   from_string<Role>("admin")           -> Role::admin;  from_string<Role>("x") -> nullopt
//   enum_names<Role>()                   -> {"patient", "doctor", "admin", "support"}
//
// The names are the protocol's and the databases' spelling (docs/PROTOCOL.md), append-only like them.
#pragma once
#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace core {

// Specialised by CORE_ENUM with the list of names, in declaration order.
template <typename E>
struct EnumNames;

template <typename E>
concept NamedEnum = requires { EnumNames<E>::names; };

template <NamedEnum E>
constexpr std::string_view to_string(E value) {
    const auto i = static_cast<std::size_t>(value);
    return i < EnumNames<E>::names.size() ? EnumNames<E>::names[i] : std::string_view("?");
}

template <NamedEnum E>
constexpr std::optional<E> from_string(std::string_view name) {
    for (std::size_t i = 0; i < EnumNames<E>::names.size(); ++i)
        if (EnumNames<E>::names[i] == name) return static_cast<E>(i);
    return std::nullopt;
}

template <NamedEnum E>
constexpr std::span<const std::string_view> enum_names() {
    return EnumNames<E>::names;
}

// "a, b or c": for error messages that list the accepted names.
template <NamedEnum E>
std::string enum_choices() {
    std::string out;
    const auto names = enum_names<E>();
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
        out += names[i];
    }
    return out;
}

}  // namespace core

#define CORE_ENUM_VALUE_(name) name,
#define CORE_ENUM_NAME_(name) std::string_view(#name),
#define CORE_ENUM(Enum, LIST)                                                                    \
    enum class Enum { LIST(CORE_ENUM_VALUE_) };                                                  \
    template <>                                                                                  \
    struct EnumNames<Enum> {                                                                     \
        static constexpr std::array names{LIST(CORE_ENUM_NAME_)};                                \
    };
