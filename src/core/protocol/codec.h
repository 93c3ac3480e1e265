// Typed messages and their JSON, written once. A message struct lists its fields in one member
// template, and that list both writes and reads it, on the server and in the client:
//
//   struct Book {
//       static constexpr RequestType type = RequestType::book;   // requests: their type ...
//       using Reply = AppointmentReply;                          // ... and the shape of the answer
//       UserId doctor_id = 0;
//       Instant starts_at{};
//       std::string concern;
//       template <typename F> void fields(F& f) {
//           f("doctor_id", doctor_id);          // required
//           f("starts_at", starts_at);
//           f.optional("concern", concern);     // absent or null: the member keeps its default;
//                                               // written only when it is not T{}
//       }
//   };
//
//   json j = encode(book);                      Result<Book> b = decode<Book>(j);
//   std::string text; encode_text(text, book);  // the same JSON, written straight to text (no json
//                                               // value in between: what the server does per reply)
//
// Field types: bool, integers, std::string, Instant (ISO-8601 UTC text), enums with wire names
// (core/enums.h), std::optional<T> (null when empty; may be absent), std::vector<T>, nested message
// structs, and json (any JSON object, passed through untouched).
//
// Reading never throws. The first problem found becomes an invalid_field error whose `field` is the
// top-level key of the message and whose message names the whole path:
//   Missing field "starts_at".      Field "availability.weekly[2].weekday" must be a whole number.
// A field may carry its own sentence for a value of the right type that is not accepted:
//   f("role", role, "Choose whether you are a patient or a doctor.");
#pragma once
#include <charconv>
#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/enums.h"
#include "core/errors.h"
#include "core/time/clock.h"

namespace core::protocol {

using json = nlohmann::json;

class Writer;
class Reader;
class TextWriter;

template <typename T>
concept Fields = requires(T& t, Writer& w, Reader& r) {
    t.fields(w);
    t.fields(r);
};

// A message with nothing in it (replies that only say "done").
struct Empty {
    template <typename F>
    void fields(F&) {}
};

namespace detail {

template <typename T>
struct is_optional : std::false_type {};
template <typename T>
struct is_optional<std::optional<T>> : std::true_type {};
template <typename T>
struct is_vector : std::false_type {};
template <typename T>
struct is_vector<std::vector<T>> : std::true_type {};

template <typename T>
constexpr bool is_integer = std::integral<T> && !std::same_as<T, bool>;

template <typename T>
json to_json(const T& value);
template <typename T>
void write_text(std::string& out, const T& value);

template <typename T>
bool is_unset(const T& value) {
    if constexpr (is_optional<T>::value) return !value.has_value();
    else if constexpr (requires { value.empty(); }) return value.empty();
    else return value == T{};
}

}  // namespace detail

// Writes fields into a JSON object. Only reads the message (encode() hands it a const message).
class Writer {
public:
    explicit Writer(json& out) : out_(out) {}

    template <typename T>
    void operator()(const char* key, const T& value, const char* /*hint*/ = nullptr) {
        out_[key] = detail::to_json(value);
    }
    // Written only when it holds something: an engaged optional, a non-empty text or list, a value
    // other than T{}.
    template <typename T>
    void optional(const char* key, const T& value, const char* /*hint*/ = nullptr) {
        if (!detail::is_unset(value)) out_[key] = detail::to_json(value);
    }


private:
    json& out_;
};

// Writes fields as the text of a JSON object, in the order fields() names them. Text is written as
// nlohmann::json's dump() with error_handler_t::replace writes it: valid UTF-8 as it is, an invalid
// byte as U+FFFD, control characters escaped.
class TextWriter {
public:
    explicit TextWriter(std::string& out) : out_(out) {}

    template <typename T>
    void operator()(const char* key, const T& value, const char* /*hint*/ = nullptr) {
        out_ += first_ ? "\"" : ",\"";
        first_ = false;
        out_ += key;  // keys are identifiers written in the message structs: nothing to escape
        out_ += "\":";
        detail::write_text(out_, value);
    }
    template <typename T>
    void optional(const char* key, const T& value, const char* hint = nullptr) {
        if (!detail::is_unset(value)) (*this)(key, value, hint);
    }

private:
    std::string& out_;
    bool first_ = true;
};

// Reads fields from a JSON object; stops at the first problem (see error()).
class Reader {
public:
    // `path` names this object inside the message ("" at the top); `top` is the message's top-level
    // key that contains it (what Error::field reports).
    explicit Reader(const json& in, std::string path = {}, std::string top = {})
        : in_(in), path_(std::move(path)), top_(std::move(top)) {}

    template <typename T>
    void operator()(const char* key, T& out, const char* hint = nullptr) {
        field(key, out, hint, /*required=*/!detail::is_optional<T>::value);
    }
    template <typename T>
    void optional(const char* key, T& out, const char* hint = nullptr) {
        field(key, out, hint, /*required=*/false);
    }

    bool ok() const { return !error_; }
    const std::optional<Error>& error() const { return error_; }

    // Reads one value (any supported type) at `path`; false with error set on a problem.
    template <typename T>
    bool read(const json& j, T& out, const std::string& path, const std::string& top, const char* hint);

private:
    template <typename T>
    void field(const char* key, T& out, const char* hint, bool required) {
        if (error_) return;
        const std::string path = path_.empty() ? std::string(key) : path_ + "." + key;
        const std::string top = top_.empty() ? std::string(key) : top_;
        auto it = in_.find(key);
        if (it == in_.end() || it->is_null()) {
            if (required) fail(top, "Missing field \"" + path + "\".");
            return;  // not required: the message's own default stands
        }
        read(*it, out, path, top, hint);
    }

    void fail(const std::string& top, std::string message) {
        if (!error_) error_ = Error::of(ErrorCode::invalid_field, std::move(message), top);
    }
    void wrong(const std::string& path, const std::string& top, const char* hint, const std::string& what) {
        fail(top, hint ? std::string(hint) : "Field \"" + path + "\" " + what);
    }

    const json& in_;
    std::string path_;
    std::string top_;
    std::optional<Error> error_;
};

// --- encode / decode ---------------------------------------------------------------------------------

template <Fields T>
json encode(const T& message) {
    json out = json::object();
    Writer w(out);
    const_cast<T&>(message).fields(w);  // Writer only reads
    return out;
}

// Appends the message's JSON text to `out`.
template <Fields T>
void encode_text(std::string& out, const T& message) {
    out += '{';
    TextWriter w(out);
    const_cast<T&>(message).fields(w);  // TextWriter only reads
    out += '}';
}

template <Fields T>
Result<T> decode(const json& data) {
    if (!data.is_object()) return Error::of(ErrorCode::invalid_field, "\"data\" must be an object.", "data");
    T message{};
    Reader r(data);
    message.fields(r);
    if (!r.ok()) return *r.error();
    return message;
}

// --- implementation --------------------------------------------------------------------------------

namespace detail {

template <typename T>
json to_json(const T& value) {
    if constexpr (std::same_as<T, json>) return value;
    else if constexpr (std::same_as<T, bool>) return json(value);
    else if constexpr (is_integer<T>) return json(static_cast<std::int64_t>(value));
    else if constexpr (std::same_as<T, std::string>) return json(value);
    else if constexpr (std::same_as<T, Instant>) return json(format_iso8601(value));
    else if constexpr (NamedEnum<T>) return json(std::string(to_string(value)));
    else if constexpr (is_optional<T>::value) return value ? to_json(*value) : json(nullptr);
    else if constexpr (is_vector<T>::value) {
        json out = json::array();
        for (const auto& v : value) out.push_back(to_json(v));
        return out;
    } else {
        static_assert(Fields<T>, "no JSON form for this field type");
        return encode(value);
    }
}

void write_string(std::string& out, std::string_view text);  // quoted and escaped (codec.cpp)
void write_instant(std::string& out, Instant t);               // as format_iso8601, quoted

template <typename T>
void write_text(std::string& out, const T& value) {
    if constexpr (std::same_as<T, json>) out += value.dump(-1, ' ', false, json::error_handler_t::replace);
    else if constexpr (std::same_as<T, bool>) out += value ? "true" : "false";
    else if constexpr (is_integer<T>) {
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, static_cast<std::int64_t>(value)).ptr;
        out.append(digits, end);
    } else if constexpr (std::same_as<T, std::string>) write_string(out, value);
    else if constexpr (std::same_as<T, Instant>) write_instant(out, value);
    else if constexpr (NamedEnum<T>) write_string(out, to_string(value));
    else if constexpr (is_optional<T>::value) {
        if (value) write_text(out, *value);
        else out += "null";
    } else if constexpr (is_vector<T>::value) {
        out += '[';
        for (size_t i = 0; i < value.size(); ++i) {
            if (i > 0) out += ',';
            write_text(out, value[i]);
        }
        out += ']';
    } else {
        static_assert(Fields<T>, "no JSON form for this field type");
        encode_text(out, value);
    }
}

}  // namespace detail

template <typename T>
bool Reader::read(const json& j, T& out, const std::string& path, const std::string& top, const char* hint) {
    if constexpr (std::same_as<T, json>) {
        if (!j.is_object()) return wrong(path, top, hint, "must be an object."), false;
        out = j;
    } else if constexpr (std::same_as<T, bool>) {
        if (!j.is_boolean()) return wrong(path, top, hint, "must be true or false."), false;
        out = j.get<bool>();
    } else if constexpr (detail::is_integer<T>) {
        if (!j.is_number_integer()) return wrong(path, top, hint, "must be a whole number."), false;
        if (j.is_number_unsigned() && j.get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
            return wrong(path, top, nullptr, "is too large."), false;
        const std::int64_t v = j.get<std::int64_t>();
        if (v < std::int64_t(std::numeric_limits<T>::min()) || (v > 0 && std::uint64_t(v) > std::uint64_t(std::numeric_limits<T>::max())))
            return wrong(path, top, nullptr, "is out of range."), false;
        out = static_cast<T>(v);
    } else if constexpr (std::same_as<T, std::string>) {
        if (!j.is_string()) return wrong(path, top, hint, "must be text."), false;
        out = j.get<std::string>();
    } else if constexpr (std::same_as<T, Instant>) {
        auto t = j.is_string() ? parse_iso8601(j.get_ref<const std::string&>()) : std::nullopt;
        if (!t) return wrong(path, top, hint, "must be a UTC time like 2026-11-21T09:30:00Z."), false;
        out = *t;
    } else if constexpr (NamedEnum<T>) {
        auto v = j.is_string() ? from_string<T>(j.get_ref<const std::string&>()) : std::nullopt;
        if (!v) return wrong(path, top, hint, "must be one of " + enum_choices<T>() + "."), false;
        out = *v;
    } else if constexpr (detail::is_optional<T>::value) {
        if (j.is_null()) {
            out.reset();
            return true;
        }
        typename T::value_type v{};
        if (!read(j, v, path, top, hint)) return false;
        out = std::move(v);
    } else if constexpr (detail::is_vector<T>::value) {
        if (!j.is_array()) return wrong(path, top, hint, "must be a list."), false;
        out.clear();
        out.reserve(j.size());
        for (std::size_t i = 0; i < j.size(); ++i) {
            typename T::value_type v{};
            if (!read(j[i], v, path + "[" + std::to_string(i) + "]", top, hint)) return false;
            out.push_back(std::move(v));
        }
    } else {
        static_assert(Fields<T>, "no JSON form for this field type");
        if (!j.is_object()) return wrong(path, top, hint, "must be an object."), false;
        Reader nested(j, path, top);
        out.fields(nested);
        if (!nested.ok()) {
            error_ = nested.error();
            return false;
        }
    }
    return true;
}

}  // namespace core::protocol
